//! The README's examples run as written.
//!
//! A fenced block with the info string `sh` on the line right after a line
//! `<!-- tested -->` holds commands that are run here, one a line (blank
//! lines and `#` comments are skipped). Each starts with `rapport` and runs
//! with `sh -c`, as a reader would paste it: in a fresh folder holding a
//! copy of `samples/`, with the built binary first on the PATH as
//! `rapport`. Each must exit with 0 or 1 (2 is a usage or input error), and
//! must write something: the file it names with `-o`, `--output` or `>`,
//! non-empty, or else its standard output.
//!
//! Mark a block only when every command in it works on this version; the
//! rest of the README is left alone. Every `yaml` block must parse.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

/// The marker line before a tested block.
const MARKER: &str = "<!-- tested -->";

/// A fenced block: the line its first command is on, and its lines.
struct Block {
    line: usize,
    lines: Vec<String>,
}

/// The README's text.
fn readme() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    fs::read_to_string(path).expect("README.md is readable")
}

/// The fenced blocks whose info string is `info`, and whether each follows
/// the marker. A marker that is not followed by a ```sh block is an error.
fn blocks(text: &str, info: &str) -> Vec<(bool, Block)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end();
        if line == MARKER {
            assert_eq!(
                lines.get(i + 1).map(|l| l.trim_end()),
                Some("```sh"),
                "README.md:{}: {MARKER} is not followed by a ```sh block",
                i + 1
            );
        }
        if let Some(rest) = line.strip_prefix("```") {
            let start = i + 1;
            let end = lines[start..]
                .iter()
                .position(|l| l.trim_end() == "```")
                .map(|n| start + n)
                .unwrap_or_else(|| panic!("README.md:{}: the block is not closed", i + 1));
            if rest == info {
                let tested = i > 0 && lines[i - 1].trim_end() == MARKER;
                let block = Block {
                    line: start + 1,
                    lines: lines[start..end].iter().map(|l| l.to_string()).collect(),
                };
                found.push((tested, block));
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    found
}

/// The command lines of a block, each with its line number in the README.
fn commands(block: &Block) -> Vec<(usize, &str)> {
    block
        .lines
        .iter()
        .enumerate()
        .map(|(n, l)| (block.line + n, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// The words of a command before any `#` comment (no quoting is used in
/// tested examples).
fn words(command: &str) -> Vec<&str> {
    command
        .split_whitespace()
        .take_while(|w| !w.starts_with('#'))
        .collect()
}

/// The files a command writes: after `-o`, `--output`, `--output=`, `>` or
/// `>>`.
fn written_files<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let mut files = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if let Some(f) = w.strip_prefix("--output=") {
            files.push(f);
        } else if matches!(*w, "-o" | "--output" | ">" | ">>")
            && let Some(f) = words.get(i + 1)
        {
            files.push(*f);
        }
    }
    files
}

/// Copies the files of `from` into `to`, folders included.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A folder where a block's commands run, and the PATH that finds the
/// built binary as `rapport`.
struct Sandbox {
    dir: tempfile::TempDir,
    path: std::ffi::OsString,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(
            &root.join("samples"),
            &dir.path().join("work").join("samples"),
        );
        let bin = dir.path().join("bin");
        fs::create_dir(&bin).unwrap();
        let binary: PathBuf = assert_cmd::cargo::cargo_bin("rapport");
        let name = bin.join(format!("rapport{}", std::env::consts::EXE_SUFFIX));
        #[cfg(unix)]
        std::os::unix::fs::symlink(&binary, name).unwrap();
        #[cfg(not(unix))]
        fs::copy(&binary, name).unwrap();
        let mut dirs = vec![bin];
        dirs.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let path = std::env::join_paths(dirs).unwrap();
        Sandbox { dir, path }
    }

    fn work(&self) -> PathBuf {
        self.dir.path().join("work")
    }
}

/// Runs one README command in `sandbox` and checks what it did.
fn run(sandbox: &Sandbox, line: usize, command: &str) {
    let where_ = format!("README.md:{line}: {command}");
    let words = words(command);
    assert_eq!(
        words.first(),
        Some(&"rapport"),
        "{where_}: a tested command starts with rapport"
    );
    // Examples stay in the folder they are run in.
    for w in &words {
        assert!(
            !w.starts_with('/') && !w.starts_with('~') && !w.contains("..") && !w.contains('$'),
            "{where_}: {w} reaches outside the working folder"
        );
    }
    let files = written_files(&words);
    for f in &files {
        let _ = fs::remove_file(sandbox.work().join(f));
    }
    let out = Process::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(sandbox.work())
        .env("PATH", &sandbox.path)
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{where_}: sh cannot be run: {e}"));
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "{where_}: exit {code:?}, stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    if files.is_empty() {
        assert!(!out.stdout.is_empty(), "{where_}: printed nothing");
    }
    for f in &files {
        let len = fs::metadata(sandbox.work().join(f)).map_or(0, |m| m.len());
        assert!(len > 0, "{where_}: {f} was not written");
    }
}

#[test]
fn tested_readme_examples_run() {
    let text = readme();
    let tested: Vec<Block> = blocks(&text, "sh")
        .into_iter()
        .filter_map(|(tested, b)| tested.then_some(b))
        .collect();
    let mut ran = Vec::new();
    for block in &tested {
        let sandbox = Sandbox::new();
        for (line, command) in commands(block) {
            run(&sandbox, line, command);
            ran.push(command.to_string());
        }
    }
    // The features a user copies from the README are among the tested
    // examples, so a marker lost in an edit fails here.
    for feature in [
        "rapport check",
        "--format json",
        "--format ndjson",
        "-o ",
        "--fail-on",
        "--fail-under",
        "--exit-zero",
        "rapport completions",
        "rapport man",
    ] {
        assert!(
            ran.iter().any(|c| c.contains(feature)),
            "no tested README example uses {feature:?}"
        );
    }
}

#[test]
fn readme_yaml_examples_parse() {
    let text = readme();
    let yaml = blocks(&text, "yaml");
    assert!(yaml.len() >= 3, "the CI examples are YAML blocks");
    for (_, block) in yaml {
        let source = block.lines.join("\n");
        // A snippet of steps is indented as in its workflow; unindent it.
        let indent = block
            .lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        let source: String = source
            .lines()
            .map(|l| l.get(indent..).unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        yaml_rust2::YamlLoader::load_from_str(&source)
            .unwrap_or_else(|e| panic!("README.md:{}: {e}", block.line));
    }
}

#[test]
fn the_harness_reads_markers_blocks_and_written_files() {
    let text = "intro\n<!-- tested -->\n```sh\nrapport check a # note\n\n# comment\n\
                rapport man > page.1\n```\n```sh\nrapport untested\n```\n";
    let found = blocks(text, "sh");
    assert_eq!(found.len(), 2);
    assert!(found[0].0 && !found[1].0);
    let cmds = commands(&found[0].1);
    assert_eq!(
        cmds,
        [(4, "rapport check a # note"), (7, "rapport man > page.1")]
    );
    assert_eq!(words(cmds[0].1), ["rapport", "check", "a"]);
    assert_eq!(written_files(&words(cmds[1].1)), ["page.1"]);
    assert_eq!(
        written_files(&[
            "rapport",
            "check",
            "-o",
            "a.json",
            "--output=b.csv",
            "--output",
            "c"
        ]),
        ["a.json", "b.csv", "c"]
    );
    let dangling = std::panic::catch_unwind(|| blocks("<!-- tested -->\n```\nx\n```\n", "sh"));
    assert!(
        dangling.is_err(),
        "a marker without a ```sh block is an error"
    );
}
