//! Reports are written a document at a time, as the documents are analysed:
//! the output is the same for any number of worker threads, in input order,
//! with the summary last.

mod common;

use std::fs;
use std::path::Path;

use common::rapport;
use serde_json::Value;

/// How many documents the batches hold: several windows of work per thread.
const N: usize = 300;

/// A small document; the texts differ so that the scores do.
fn document(i: usize) -> String {
    let openers = [
        "Hi Ann,\n\nHow is the rollout going for your team?",
        "Hello,\n\nWe are the leading provider of synergy. Our platform is the best. We won awards.",
        "Hi Bo,\n\nThanks for the call on Monday. You mentioned onboarding takes three weeks.",
        "Dear sir,\n\nACT NOW!!! This offer ends today, guaranteed results or your money back!!!",
        "Hi Cy,\n\nQuick question: what would a good first month look like for you?",
    ];
    let closers = [
        "I'll send the plan by Friday.",
        "Let me know.",
        "Could we talk for 20 minutes on Tuesday at 10?",
        "",
    ];
    format!(
        "Subject: Note {i}\n\n{}\n\n{}\n\nBest,\nDee\n",
        openers[i % openers.len()],
        closers[(i / 3) % closers.len()]
    )
}

/// A folder of `N` documents, named so that path order is number order.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..N {
        fs::write(dir.path().join(format!("doc-{i:03}.txt")), document(i)).unwrap();
    }
    dir
}

/// `rapport check ARGS -q --jobs JOBS`: standard output and the exit code.
fn check(args: &[&str], jobs: usize) -> (String, i32) {
    let out = rapport()
        .arg("check")
        .args(args)
        .args(["-q", "--jobs", &jobs.to_string()])
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).expect("the report is UTF-8"),
        out.status.code().unwrap(),
    )
}

/// Runs `check` with one and with three threads, asserts that the reports
/// are the same bytes, and returns one of them.
fn same_for_any_jobs(args: &[&str]) -> (String, i32) {
    let one = check(args, 1);
    let three = check(args, 3);
    assert_eq!(one.1, three.1, "exit codes differ");
    assert!(
        one.0 == three.0,
        "the report with --jobs 3 differs from --jobs 1 ({} and {} bytes)",
        three.0.len(),
        one.0.len()
    );
    one
}

fn expected_paths(dir: &Path) -> Vec<String> {
    (0..N)
        .map(|i| dir.join(format!("doc-{i:03}.txt")).display().to_string())
        .collect()
}

/// The mean as the summary rounds it: to one decimal.
fn mean(scores: &[u64]) -> f64 {
    let m = scores.iter().sum::<u64>() as f64 / scores.len() as f64;
    (m * 10.0).round() / 10.0
}

fn scores(docs: &[Value]) -> Vec<u64> {
    docs.iter().map(|d| d["score"].as_u64().unwrap()).collect()
}

fn paths(docs: &[Value]) -> Vec<String> {
    docs.iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect()
}

/// The summary agrees with the documents reported.
fn assert_summary(summary: &Value, docs: &[Value], errors: usize, fail_under: Option<u64>) {
    let scores = scores(docs);
    assert_eq!(summary["documents"], docs.len() + errors);
    assert_eq!(summary["analyzed"], docs.len());
    assert_eq!(summary["errors"], errors);
    assert_eq!(summary["mean_score"].as_f64(), Some(mean(&scores)));
    assert_eq!(summary["min_score"].as_u64(), scores.iter().min().copied());
    let below = fail_under.map_or(0, |t| scores.iter().filter(|&&s| s < t).count());
    assert_eq!(summary["below_threshold"], below);
}

#[test]
fn ndjson_is_the_same_for_any_jobs_in_input_order_with_the_summary_last() {
    let dir = folder();
    let root = dir.path().to_str().unwrap();
    let (out, code) = same_for_any_jobs(&[root, "--format", "ndjson"]);
    assert_eq!(code, 0);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), N + 1, "a line per document, then the summary");
    let (docs, tail) = lines.split_at(N);
    assert_eq!(paths(docs), expected_paths(dir.path()));
    let tail = &tail[0];
    assert!(tail.get("path").is_none(), "the last line is the summary");
    assert_eq!(tail["errors"], Value::Array(vec![]));
    assert_summary(&tail["summary"], docs, 0, None);
    let distinct: std::collections::BTreeSet<u64> = scores(docs).into_iter().collect();
    assert!(distinct.len() > 1, "the documents score differently");
}

#[test]
fn json_is_the_same_for_any_jobs_in_input_order_with_the_summary_last() {
    let dir = folder();
    let root = dir.path().to_str().unwrap();
    let (out, code) = same_for_any_jobs(&[root, "--format", "json", "--fail-under", "70"]);
    let report: Value = serde_json::from_str(&out).expect("the report is JSON");
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(paths(docs), expected_paths(dir.path()));
    assert_summary(&report["summary"], docs, 0, Some(70));
    let below = report["summary"]["below_threshold"].as_u64().unwrap();
    assert_eq!(code, if below > 0 { 1 } else { 0 });
    // The fields in their order, pretty-printed with two spaces, the
    // documents one level deeper; the summary closes the report.
    assert!(out.starts_with("{\n  \"schema_version\": 1,\n  \"tool\": {\n"));
    assert!(out.contains("\n  \"documents\": [\n    {\n      \"path\": "));
    assert!(out.contains("\n    },\n    {\n      \"path\": "));
    assert!(out.contains("\n    }\n  ],\n  \"errors\": [],\n  \"summary\": {\n"));
    assert!(out.ends_with("\n  }\n}\n"));
}

#[test]
fn text_is_the_same_for_any_jobs_in_input_order_with_the_summary_last() {
    let dir = folder();
    let root = dir.path().to_str().unwrap();
    let (out, _) = same_for_any_jobs(&[root, "--format", "text", "--color", "always"]);
    let (json, _) = check(&[root, "--format", "ndjson"], 2);
    let docs: Vec<Value> = json
        .lines()
        .take(N)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Each document's heading, in input order.
    let mut at = 0;
    for path in expected_paths(dir.path()) {
        let heading = format!("\x1b[1m{path}\x1b[0m  ");
        let found = out[at..]
            .find(&heading)
            .unwrap_or_else(|| panic!("{path} is not after the document before it"));
        at += found + heading.len();
    }
    let scores = scores(&docs);
    let last = out.lines().last().unwrap();
    assert_eq!(
        last,
        format!(
            "\x1b[1m{N} documents analysed, mean score {}, lowest {}\x1b[0m",
            mean(&scores),
            scores.iter().min().unwrap()
        )
    );
}

#[test]
fn errors_and_skipped_files_keep_their_place_for_any_jobs() {
    let dir = folder();
    // A binary file found in the folder is skipped with a note; a missing
    // path named is an error, reported after the documents.
    fs::write(dir.path().join("doc-150b.txt"), b"bin\0ary").unwrap();
    let root = dir.path().to_str().unwrap();
    let missing = dir.path().join("missing.txt");
    let missing = missing.to_str().unwrap();
    for format in ["ndjson", "json", "text"] {
        let (out, code) = same_for_any_jobs(&[root, missing, "--format", format]);
        assert_eq!(code, 2, "{format}");
        if format == "ndjson" {
            let lines: Vec<Value> = out
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            let (docs, tail) = lines.split_at(N);
            assert_eq!(paths(docs), expected_paths(dir.path()));
            assert_eq!(tail[0]["errors"][0]["path"], missing);
            assert_summary(&tail[0]["summary"], docs, 1, None);
        }
    }
}

#[test]
fn records_of_exports_are_the_same_for_any_jobs_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut exports = Vec::new();
    let mut expected = Vec::new();
    // Two exports, read one after the other; ids out of sorted order, and
    // a broken line in the second.
    for (f, range) in [(0, 0..N / 2), (1, N / 2..N)] {
        let path = dir.path().join(format!("export-{f}.ndjson"));
        let file = path.display().to_string();
        let mut text = String::new();
        for i in range {
            let id = format!("r{}", (i * 7919) % 1000);
            text.push_str(&serde_json::json!({"id": id, "text": document(i)}).to_string());
            text.push('\n');
            expected.push(format!("{file}#{id}"));
            if i == N - 10 {
                text.push_str("{not json\n");
            }
        }
        fs::write(&path, text).unwrap();
        exports.push(file);
    }
    let mut args = vec!["--input-format", "ndjson", "--format", "ndjson"];
    args.extend(exports.iter().map(String::as_str));
    let (out, code) = same_for_any_jobs(&args);
    assert_eq!(code, 2, "the broken line is an error");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (docs, tail) = lines.split_at(N);
    assert_eq!(paths(docs), expected);
    assert_eq!(tail.len(), 1);
    assert_eq!(tail[0]["errors"][0]["path"], exports[1].as_str());
    assert_summary(&tail[0]["summary"], docs, 1, None);
}
