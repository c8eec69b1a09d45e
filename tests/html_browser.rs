//! The HTML report of samples/ in a real browser: Chromium, headless,
//! loads the page, runs its script and draws it. Without Chromium on this
//! machine the test says so and passes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::rapport;

/// Chromium's binary: `chromium`, `chromium-browser` or `google-chrome` on
/// PATH, or /usr/bin/chromium.
fn find_chromium() -> Option<PathBuf> {
    let names = ["chromium", "chromium-browser", "google-chrome"];
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    let fixed = Path::new("/usr/bin/chromium");
    fixed.is_file().then(|| fixed.to_path_buf())
}

/// Runs the browser headless with `args` after the common ones, its
/// profile in `profile`; kills it after two minutes.
fn headless(chromium: &Path, profile: &Path, args: &[String]) -> Output {
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-extensions",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Chromium starts");
    // Read the output on other threads so that a full pipe cannot stall it.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout, &mut buf);
        buf
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut buf);
        buf
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("Chromium runs") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("Chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    Output {
        status,
        stdout: out.join().expect("stdout read"),
        stderr: err.join().expect("stderr read"),
    }
}

#[test]
fn chromium_draws_the_report_of_samples() {
    let Some(chromium) = find_chromium() else {
        println!("skipped: Chromium not found; install the Debian package chromium");
        return;
    };
    // target/test-artifacts, beside the tests' own temporary folder.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .to_path_buf();
    let artifacts = target.join("test-artifacts");
    std::fs::create_dir_all(&artifacts).expect("the artifacts folder");
    let html = artifacts.join("html-report.html");
    let png = artifacts.join("html-report.png");
    let _ = std::fs::remove_file(&png);
    rapport()
        .args(["check", "samples", "--format", "html", "-q", "-o"])
        .arg(&html)
        .assert()
        .success();
    let url = format!(
        "file://{}",
        html.canonicalize().expect("the page exists").display()
    );
    let profile = tempfile::tempdir().unwrap();

    let dom = headless(
        &chromium,
        profile.path(),
        &["--dump-dom".into(), url.clone()],
    );
    assert!(
        dom.status.success(),
        "chromium --dump-dom failed: {}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8(dom.stdout).expect("the DOM is UTF-8");
    // The page's script ran: it marks the tables it sorts.
    assert!(
        dom.contains("id=\"doc-table\" data-sortable=\"ready\""),
        "the sort script did not run:\n{}",
        &dom[..dom.len().min(2000)]
    );
    assert!(dom.contains("<th class=\"n\" tabindex=\"0\""));
    // The charts are in the DOM as SVG, with their bars.
    for chart in ["chart-histogram", "chart-rules"] {
        let at = dom.find(&format!("id=\"{chart}\"")).expect(chart);
        let fig = &dom[at..at + dom[at..].find("</figure>").expect("closed")];
        assert!(fig.contains("<svg"), "{chart}");
        assert!(fig.contains("<rect"), "{chart}");
    }
    // A row a sample.
    let table = &dom[dom.find("id=\"doc-table\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let samples = std::fs::read_dir("samples").unwrap().count();
    assert_eq!(
        table.matches("<tr>").count(),
        samples + 1,
        "rows and the head"
    );

    let shot = headless(
        &chromium,
        profile.path(),
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,2000".into(),
            url,
        ],
    );
    assert!(
        shot.status.success(),
        "chromium --screenshot failed: {}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let bytes = std::fs::read(&png).expect("the screenshot is written");
    assert!(bytes.starts_with(b"\x89PNG"), "the screenshot is a PNG");
    // A blank page of this size compresses to a few kilobytes; the report's
    // charts and table to well over a hundred.
    assert!(bytes.len() > 50_000, "the screenshot looks blank");
    println!("screenshot: {}", png.display());
}
