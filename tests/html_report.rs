//! `check --format html`: one self-contained page with the figures of the
//! batch, a table of every document, and the texts with findings marked.

use std::fs;
use std::path::Path;

use rapport::document::{Document, ReadOptions};
use rapport::profile::Profile;
use rapport::report::html::{self, MAX_SECTIONS, MAX_TEXT_CHARS};
use serde_json::json;

mod common;

use common::{json_of, pack, rapport};

/// `rapport check ARGS --format html -q`: the page and the exit code.
fn page(args: &[&str]) -> (String, i32) {
    let out = rapport()
        .arg("check")
        .args(args)
        .args(["--format", "html", "-q"])
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).expect("the page is UTF-8"),
        out.status.code().unwrap(),
    )
}

/// The part of `page` from the element with `id` to the end of its first
/// `close` tag.
fn element<'a>(page: &'a str, id: &str, close: &str) -> &'a str {
    let from = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let to = page[from..].find(close).expect("closed") + from + close.len();
    &page[from..to]
}

/// The rows of the document table's body.
fn table_rows(page: &str) -> usize {
    let table = element(page, "doc-table", "</table>");
    let body = &table[table.find("<tbody>").unwrap()..];
    body.matches("<tr>").count()
}

/// Nothing in the page is fetched from elsewhere.
fn assert_self_contained(page: &str) {
    for bad in [
        "src=\"http",
        "href=\"http",
        "src=\"//",
        "href=\"//",
        "@import",
        "url(",
        "<link",
        "<iframe",
        "<img",
        "<script src",
    ] {
        assert!(!page.contains(bad), "the page contains {bad}");
    }
}

#[test]
fn samples_render_to_one_self_contained_page() {
    let (page, code) = page(&["samples"]);
    assert_eq!(code, 0);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
    assert_self_contained(&page);
    // A chart is an inline SVG: the histogram and the rules (one folder:
    // no group chart).
    for chart in ["chart-histogram", "chart-rules"] {
        let fig = element(&page, chart, "</figure>");
        assert_eq!(fig.matches("<svg").count(), 1, "{chart}");
        assert!(fig.contains("</svg>"));
    }
    assert!(!page.contains("id=\"chart-groups\""));
    // The histogram has a bar a bucket.
    let hist = element(&page, "chart-histogram", "</figure>");
    assert_eq!(hist.matches("<rect").count(), 10);
    // A row a document, each with its path, and a sortable table.
    let check = json_of(&["check", "samples", "--format", "json", "-q"]);
    let docs = check["documents"].as_array().unwrap();
    assert_eq!(table_rows(&page), docs.len());
    let table = element(&page, "doc-table", "</table>");
    for d in docs {
        let path = d["path"].as_str().unwrap();
        assert!(table.contains(path), "{path}");
        // The score in the row.
        assert!(
            table.contains(&format!("data-v=\"{0}\">{0}</td>", d["score"])),
            "{path}"
        );
    }
    assert!(page.contains("<table class=\"sortable\" id=\"doc-table\">"));
    assert_eq!(page.matches("<script>").count(), 1);
    // Every document has its text (10 is under the cap), with each finding
    // marked or listed.
    assert_eq!(page.matches("<article class=\"doc\"").count(), docs.len());
    let findings: usize = docs
        .iter()
        .map(|d| d["findings"].as_array().unwrap().len())
        .sum();
    assert!(findings > 0);
    assert!(page.matches("<mark").count() > 0);
    assert_eq!(page.matches("<li value=").count(), findings);
    // The summary's figures.
    assert!(page.contains("<dt>mean score</dt><dd>74.8</dd>"));
}

#[test]
fn marks_cover_the_text_of_their_findings() {
    // The excuse notes: every finding quotes its words, which must be
    // what the page marks.
    let check = json_of(&["check", "samples/excuse-notes.md", "--format", "json", "-q"]);
    let (page, _) = page(&["samples/excuse-notes.md"]);
    let marked: Vec<&str> = page
        .split("<mark ")
        .skip(1)
        .map(|m| {
            let text = &m[m.find('>').unwrap() + 1..];
            &text[..text.find("</mark>").unwrap()]
        })
        .collect();
    for f in check["documents"][0]["findings"].as_array().unwrap() {
        let excerpt = f["excerpt"].as_str().unwrap();
        if excerpt.is_empty() {
            continue;
        }
        let shown = html::escape(excerpt);
        assert!(marked.contains(&shown.as_str()), "{excerpt}: {marked:?}");
    }
}

#[test]
fn positions_agree_with_the_byte_offsets_of_findings() {
    for name in [
        "cold-email-self-centred.txt",
        "breakup-email.txt",
        "excuse-notes.md",
        "meeting-request-no-agenda.txt",
    ] {
        let path = format!("samples/{name}");
        let text = fs::read_to_string(&path).unwrap();
        let profile = if name.ends_with(".md") {
            Profile::Notes
        } else {
            Profile::Email
        };
        let doc = Document::new(&path, text, profile, &ReadOptions::default());
        let report = rapport::analyze(&doc, pack());
        assert!(!report.findings.is_empty(), "{name}");
        for f in &report.findings {
            let got =
                html::byte_offsets(&doc.text, &[(f.line, f.column), (f.end_line, f.end_column)]);
            assert_eq!(got, vec![Some(f.byte_start), Some(f.byte_end)], "{name}");
        }
    }
}

#[test]
fn document_text_paths_and_messages_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a&b <i>.txt";
    fs::write(
        dir.path().join(name),
        "Subject: <script>alert(1)</script> & more\n\nHi Sam,\n\n\
         <script>alert(1)</script> Tom & Jerry are the leading, world-class team. \
         Just checking in. Let me know.\n\nThanks",
    )
    .unwrap();
    let (page, _) = page(&[dir.path().to_str().unwrap()]);
    assert_self_contained(&page);
    assert!(!page.contains("<script>alert(1)"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("Tom &amp; Jerry"));
    assert!(!page.contains("Tom & Jerry"));
    assert!(page.contains("a&amp;b &lt;i&gt;.txt"));
    assert!(!page.contains("<i>"));
    // Only the page's own script.
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("<mark"));
}

#[test]
fn a_long_text_is_cut_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let para = "Stalled again. Everyone is on vacation over there, so nothing is moving.\n\n";
    let text = para.repeat(MAX_TEXT_CHARS / para.len() + 50);
    fs::write(dir.path().join("long.md"), &text).unwrap();
    let (page, _) = page(&[dir.path().to_str().unwrap()]);
    assert!(page.contains("The text is cut here"), "no cut note");
    assert!(page.contains("Findings in the part of the text not shown"));
    // About the cap of text is shown: the repeated sentence appears about
    // as often as fits in it.
    let shown = page.matches("Stalled again.").count();
    let fits = MAX_TEXT_CHARS / para.len() + 1;
    assert!(shown <= fits, "{shown} > {fits}");
    assert!(shown + 2 >= fits, "{shown} < {fits}");
}

#[test]
fn only_the_lowest_scores_get_their_text_but_all_are_in_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let good = "Subject: Your rollout plan\n\nHi Sam,\n\nYou mentioned the rollout slipped. \
                How is the backlog looking? I'll send the plan by Thursday; could we review \
                it Friday at 10am?\n\nThanks";
    let bad = "Subject: Quick question\n\nHi,\n\nWe are the leading platform. Let me know.";
    let n = MAX_SECTIONS + 5;
    for i in 0..n {
        // Five bad drafts among good ones: all five must be among the texts.
        let text = if i % 41 == 0 { bad } else { good };
        fs::write(dir.path().join(format!("d{i:03}.txt")), text).unwrap();
    }
    let (page, _) = page(&[dir.path().to_str().unwrap()]);
    assert_eq!(table_rows(&page), n);
    assert_eq!(page.matches("<article class=\"doc\"").count(), MAX_SECTIONS);
    // The sections come lowest first: the bad drafts open the texts.
    let texts = &page[page.find("id=\"texts\"").unwrap()..];
    let first = &texts[texts.find("<h3>").unwrap()..];
    assert!(first.starts_with("<h3>"), "{first}");
    let h3 = &first[4..first.find("</h3>").unwrap()];
    assert!(h3.ends_with("d000.txt"), "{h3}");
    for i in (0..n).step_by(41) {
        assert!(
            page.contains(&format!("d{i:03}.txt</h3>")),
            "d{i:03} has its text"
        );
    }
    assert!(page.contains(&format!("at most {MAX_SECTIONS}")));
}

#[test]
fn documents_in_two_folders_are_grouped_by_folder() {
    let dir = common::rep_folders();
    let (page, _) = page(&[dir.path().to_str().unwrap()]);
    let fig = element(&page, "chart-groups", "</figure>");
    assert_eq!(fig.matches("<svg").count(), 1);
    let groups = element(&page, "group-table", "</table>");
    for rep in ["alice", "bob"] {
        let folder = dir.path().join(rep);
        assert!(groups.contains(folder.to_str().unwrap()), "{rep}");
    }
    assert_eq!(groups.matches("<tr>").count(), 3);
    assert!(page.contains("<th>group</th>"));
}

#[test]
fn group_by_a_field_of_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.ndjson");
    let lines: String = [
        json!({"id": "1", "author": "ann", "text": "Subject: Hi\n\nWe are the best. Let me know."}),
        json!({"id": "2", "author": "bo", "text": "Subject: Your plan\n\nHow is it going? Could we talk Friday at 10am?"}),
    ]
    .iter()
    .map(|l| format!("{l}\n"))
    .collect();
    fs::write(&file, lines).unwrap();
    let (page, code) = page(&[
        "--input-format",
        "ndjson",
        file.to_str().unwrap(),
        "--group-by",
        "author",
    ]);
    assert_eq!(code, 0);
    let groups = element(&page, "group-table", "</table>");
    assert!(groups.contains("<td>ann</td>") && groups.contains("<td>bo</td>"));
    assert!(page.contains("<figcaption>Mean score by author</figcaption>"));
}

#[test]
fn the_page_is_the_same_bytes_for_any_jobs() {
    let run = |jobs: &str| {
        rapport()
            .args(["check", "samples", "--format", "html", "-q", "--jobs", jobs])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("3"));
}

#[test]
fn group_by_is_refused_for_formats_that_do_not_group() {
    let out = rapport()
        .args([
            "check",
            "samples",
            "--format",
            "json",
            "--group-by",
            "folder",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--group-by"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn thresholds_and_output_files_work_as_for_other_formats() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    rapport()
        .args([
            "check",
            "samples",
            "--format",
            "html",
            "--fail-under",
            "50",
            "-q",
            "-o",
        ])
        .arg(&file)
        .assert()
        .code(1);
    let page = fs::read_to_string(&file).unwrap();
    assert!(page.contains("<dt>below 50</dt><dd>2</dd>"));
    assert!(Path::new(&file).exists());
}

#[test]
fn past_the_cap_the_texts_shown_are_the_same_for_any_jobs() {
    // Three kinds of draft in an order where low scores keep coming after
    // the first MAX_SECTIONS documents: the texts kept must not depend on
    // which documents a thread rendered first.
    let dir = tempfile::tempdir().unwrap();
    let kinds = [
        "Subject: Your rollout plan\n\nHi Sam,\n\nYou mentioned the rollout slipped. How is \
         the backlog looking? I'll send the plan by Thursday; could we review it Friday at 10am?",
        "Subject: Checking in\n\nHi Sam,\n\nJust checking in to see if you had any thoughts.",
        "Subject: Quick question\n\nHi,\n\nWe are the leading platform. Let me know.",
    ];
    let n = MAX_SECTIONS + 40;
    for i in 0..n {
        let kind = if i < MAX_SECTIONS { i % 2 } else { 1 + i % 2 };
        fs::write(dir.path().join(format!("d{i:03}.txt")), kinds[kind]).unwrap();
    }
    let run = |jobs: &str| {
        rapport()
            .args(["check", "--format", "html", "-q", "--jobs", jobs])
            .arg(dir.path())
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("4"));
    let page = String::from_utf8(one).unwrap();
    assert_eq!(page.matches("<article class=\"doc\"").count(), MAX_SECTIONS);
    // Every draft of the lowest kind has its text, including the late ones.
    for i in (MAX_SECTIONS..n).filter(|i| 1 + i % 2 == 2) {
        assert!(page.contains(&format!("d{i:03}.txt</h3>")), "d{i:03}");
    }
}
