//! `--format csv`: a row per document for spreadsheets, with the same
//! figures as the JSON report.

use std::fs;

mod common;

use common::{json_of, rapport};
use serde_json::Value;

/// The columns, in order: the contract spreadsheets are built on.
const HEADER: &[&str] = &[
    "path",
    "profile",
    "score",
    "grade",
    "trust",
    "homework",
    "relevance",
    "follow-up",
    "ownership",
    "clarity",
    "words",
    "sentences",
    "questions",
    "open_questions",
    "self_refs",
    "reader_refs",
    "self_share",
    "reading_grade",
    "talk_share",
    "interactivity",
    "longest_monologue",
    "findings_error",
    "findings_warning",
    "findings_info",
    "failing_rules",
    "warn_rules",
    "metadata",
];

/// Runs `rapport` with `args` and parses its standard output as CSV: the
/// header, the rows, and the exit code.
fn csv_of(args: &[&str], stdin: &str) -> (Vec<String>, Vec<Vec<String>>, i32) {
    let out = rapport().args(args).write_stdin(stdin).output().unwrap();
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("a CSV row").iter().map(str::to_string).collect())
        .collect();
    (header, rows, out.status.code().expect("an exit code"))
}

/// A JSON value as its CSV cell: numbers as JSON writes them, nothing for
/// null or absent.
fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// The ids of a document's unsuppressed rules with `status`, space
/// separated.
fn rule_ids(doc: &Value, status: &str) -> String {
    let ids: Vec<&str> = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == status && r.get("suppressed").is_none())
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    ids.join(" ")
}

#[test]
fn a_row_per_document_with_the_figures_of_the_json_report() {
    let json = json_of(&["check", "samples", "--format", "json", "-q"]);
    let (header, rows, code) = csv_of(&["check", "samples", "--format", "csv", "-q"], "");
    assert_eq!(code, 0);
    assert_eq!(header, HEADER);
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(rows.len(), docs.len());
    let col = |name: &str| HEADER.iter().position(|h| *h == name).unwrap();
    let mut fractions = 0;
    for (row, d) in rows.iter().zip(docs) {
        assert_eq!(row.len(), HEADER.len());
        let path = d["path"].as_str().unwrap();
        assert_eq!(row[col("path")], path, "rows follow the report");
        for key in ["profile", "score", "grade"] {
            assert_eq!(row[col(key)], cell(d.get(key)), "{path} {key}");
        }
        for p in [
            "trust",
            "homework",
            "relevance",
            "follow-up",
            "ownership",
            "clarity",
        ] {
            assert_eq!(row[col(p)], cell(d["principles"].get(p)), "{path} {p}");
        }
        for m in &HEADER[col("words")..=col("longest_monologue")] {
            let shown = &row[col(m)];
            assert_eq!(*shown, cell(d["metrics"].get(*m)), "{path} {m}");
            fractions += usize::from(shown.contains('.'));
        }
        for (severity, column) in [
            ("error", "findings_error"),
            ("warning", "findings_warning"),
            ("info", "findings_info"),
        ] {
            let n = d["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["severity"] == severity)
                .count();
            assert_eq!(row[col(column)], n.to_string(), "{path} {severity}");
        }
        assert_eq!(row[col("failing_rules")], rule_ids(d, "fail"), "{path}");
        assert_eq!(row[col("warn_rules")], rule_ids(d, "warn"), "{path}");
        assert_eq!(row[col("metadata")], "");
    }
    assert!(fractions > 0, "some metric has a fraction");
    // A principle with no rule that applies is an empty cell, not 0.
    assert!(rows.iter().any(|r| r[col("clarity")].is_empty()));
}

#[test]
fn a_path_with_a_comma_and_quotes_round_trips() {
    let name = "deals/Acme, Inc \"Q3\"\nrenewal.txt";
    let (_, rows, code) = csv_of(
        &[
            "check",
            "-",
            "--stdin-name",
            name,
            "--profile",
            "email",
            "--format",
            "csv",
            "-q",
        ],
        "Subject: hi\n\nCould we talk Friday at 10 about your rollout?\n",
    );
    assert_eq!(code, 0);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], name);
    assert_eq!(rows[0][1], "email");
}

#[test]
fn a_record_of_an_export_carries_its_metadata_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("calls.ndjson");
    fs::write(
        &export,
        "{\"id\": 7, \"text\": \"Could we talk Friday at 10?\", \"rep\": \"Dana, \\\"D\\\"\", \"won\": true}\n\
         {\"id\": 8, \"text\": \"Could we talk Monday?\"}\n",
    )
    .unwrap();
    let export = export.to_str().unwrap();
    let args = ["check", "--input-format", "ndjson", export, "-q"];
    let json = json_of(&[&args[..], &["--format", "json"]].concat());
    let (header, rows, code) = csv_of(&[&args[..], &["--format", "csv"]].concat(), "");
    assert_eq!(code, 0);
    assert_eq!(header, HEADER);
    assert_eq!(rows.len(), 2);
    let metadata: Value = serde_json::from_str(rows[0].last().unwrap()).unwrap();
    assert_eq!(metadata, json["documents"][0]["metadata"]);
    assert_eq!(metadata["rep"], "Dana, \"D\"");
    assert_eq!(rows[0][0], format!("{export}#7"));
    assert_eq!(rows[1].last().unwrap(), "", "no metadata, no JSON");
}

#[test]
fn inputs_that_cannot_be_read_have_no_row_and_exit_with_2() {
    let (header, rows, code) = csv_of(
        &[
            "check",
            "samples/qbr-notes.txt",
            "missing.txt",
            "--format",
            "csv",
            "-q",
        ],
        "",
    );
    assert_eq!(code, 2);
    assert_eq!(header, HEADER);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "samples/qbr-notes.txt");
}
