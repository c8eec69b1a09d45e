//! `--input-format ndjson|csv`: many documents in one export file, one a
//! record, as a CRM or another tool writes them.

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{Value, json};

const FIXTURES: &str = "tests/fixtures/batch";

fn rapport() -> Command {
    let mut c = Command::cargo_bin("rapport").unwrap();
    c.env_remove("NO_COLOR");
    c
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// Runs `rapport check ARGS --format json -q`: the report and the exit code.
fn run(args: &[&str]) -> (Value, i32, String) {
    let out = rapport()
        .arg("check")
        .args(args)
        .args(["--format", "json", "-q"])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let code = out.status.code().unwrap();
    (
        report,
        code,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn paths(report: &Value) -> Vec<String> {
    report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn ndjson_records_are_documents_with_their_other_fields() {
    let file = fixture("crm.ndjson");
    let (v, code, stderr) = run(&["--input-format", "ndjson", &file]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        paths(&v),
        [
            format!("{file}#z-301"),
            format!("{file}#a-102"),
            format!("{file}#7")
        ],
        "records keep the file's order, not sorted by path"
    );
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(
        docs[0]["record"],
        json!({ "file": file, "line": 1, "id": "z-301" })
    );
    assert_eq!(
        docs[1]["metadata"],
        json!({ "account": "Globex", "author": "Sam Ortiz", "date": "2024-05-03",
                "stage": 3, "tags": ["cold", "q2"] }),
        "other fields are carried through unchanged"
    );
    let keys: Vec<&String> = docs[1]["metadata"].as_object().unwrap().keys().collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "metadata is sorted by name");
    assert_eq!(
        docs[2]["record"]["id"], "7",
        "a numeric id is shown as written"
    );
    // Profiles are detected from each record's text.
    let profiles: Vec<&str> = docs
        .iter()
        .map(|d| d["profile"].as_str().unwrap())
        .collect();
    assert_eq!(profiles, ["email", "email", "notes"]);
    // The tailored note scores full marks; the generic pitch is graded
    // "fair" at best, far below it.
    assert_eq!(docs[0]["score"], 100);
    let pitch = docs[1]["score"].as_u64().unwrap();
    assert!(
        pitch < 70 && docs[1]["grade"] != "good",
        "pitch scores {pitch}"
    );
    // Positions refer to the record's text.
    let vague = docs[1]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "follow-up/next-step")
        .unwrap();
    assert_eq!((&vague["line"], &vague["column"]), (&json!(5), &json!(1)));
    assert_eq!(vague["excerpt"], "Let me know");
    assert_eq!(v["summary"]["documents"], 3);
    assert_eq!(v["summary"]["analyzed"], 3);
}

#[test]
fn ordinary_files_have_no_record_or_metadata() {
    let (v, code, _) = run(&["samples/cold-email-self-centred.txt"]);
    assert_eq!(code, 0);
    let doc = &v["documents"][0];
    assert!(doc.get("record").is_none());
    assert!(doc.get("metadata").is_none());
    assert!(v["errors"].as_array().unwrap().is_empty());
}

#[test]
fn a_bad_line_is_an_error_naming_it_and_the_rest_is_analysed() {
    let file = fixture("broken.ndjson");
    let (v, code, stderr) = run(&["--input-format", "ndjson", &file]);
    assert_eq!(code, 2);
    assert_eq!(paths(&v), [format!("{file}#b1"), format!("{file}#b4")]);
    assert_eq!(v["documents"][1]["record"]["line"], 5);
    assert_eq!(
        v["errors"],
        json!([
            { "path": file, "line": 3,
              "message": "not valid JSON: end of line while parsing a string at column 34" },
            { "path": file, "line": 4, "message": "no `text` field" }
        ])
    );
    assert_eq!(
        stderr,
        format!(
            "rapport: {file}:3: not valid JSON: end of line while parsing a string at column 34\n\
             rapport: {file}:4: no `text` field\n"
        )
    );
    assert_eq!(v["summary"]["documents"], 4);
    assert_eq!(v["summary"]["errors"], 2);
}

#[test]
fn exit_code_2_wins_over_fail_under() {
    rapport()
        .args(["check", "--input-format", "ndjson", "--fail-under", "99"])
        .arg(fixture("broken.ndjson"))
        .args(["--color", "never"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("broken.ndjson#b1  email"))
        .stderr(predicate::str::contains("broken.ndjson:4: no `text` field"));
}

#[test]
fn custom_text_id_and_profile_fields() {
    let file = fixture("custom.ndjson");
    let (v, code, stderr) = run(&[
        "--input-format",
        "ndjson",
        "--text-field",
        "body",
        "--id-field",
        "ticket",
        "--profile-field",
        "kind",
        "--profile",
        "notes",
        "--rep",
        "Dana",
        &file,
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        paths(&v),
        [
            format!("{file}#T-1"),
            format!("{file}#T-2"),
            format!("{file}#T-4")
        ]
    );
    let docs = v["documents"].as_array().unwrap();
    // The record's profile wins; without one, --profile applies.
    let profiles: Vec<&str> = docs
        .iter()
        .map(|d| d["profile"].as_str().unwrap())
        .collect();
    assert_eq!(profiles, ["transcript", "notes", "notes"]);
    assert_eq!(docs[0]["reps"], json!(["Dana"]));
    for d in docs {
        let meta = d["metadata"].as_object().unwrap();
        assert_eq!(
            meta.keys().collect::<Vec<_>>(),
            ["owner"],
            "fields used are not metadata"
        );
    }
    assert_eq!(
        v["errors"],
        json!([{ "path": file, "line": 3,
                 "message": "the `kind` field is \"memo\"; expected email, notes or transcript" }])
    );
    assert!(stderr.contains("custom.ndjson:3: the `kind` field"));
}

#[test]
fn standard_input_is_an_export_too() {
    let data = fs::read(fixture("crm.ndjson")).unwrap();
    let out = rapport()
        .args([
            "check",
            "--input-format",
            "ndjson",
            "-",
            "--stdin-name",
            "crm-export",
            "--format",
            "ndjson",
        ])
        .write_stdin(data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "three documents and the tail");
    assert_eq!(lines[0]["path"], "crm-export#z-301");
    assert_eq!(lines[0]["record"]["file"], "crm-export");
    assert_eq!(lines[2]["metadata"]["account"], "Initech");
    assert_eq!(lines[3]["summary"]["analyzed"], 3);
}

#[test]
fn records_without_an_id_are_named_by_line() {
    let out = rapport()
        .args(["check", "--input-format", "ndjson", "--format", "json"])
        .write_stdin("\n{\"text\": \"Hi Ann, could we talk Friday at 10?\", \"id\": null}\n")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(paths(&v), ["<stdin>#L2"]);
    assert_eq!(
        v["documents"][0]["record"],
        json!({ "file": "<stdin>", "line": 2, "id": null })
    );
}

#[test]
fn csv_with_quoted_multi_line_text_and_a_ragged_row() {
    let file = fixture("crm.csv");
    let (v, code, stderr) = run(&["--input-format", "csv", &file]);
    assert_eq!(code, 2);
    assert_eq!(paths(&v), [format!("{file}#c-1"), format!("{file}#c-3")]);
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(
        docs[0]["record"],
        json!({ "file": file, "line": 2, "id": "c-1" })
    );
    assert_eq!(docs[1]["record"]["line"], 9);
    assert_eq!(
        docs[0]["metadata"],
        json!({ "account": "Acme, Inc.", "author": "Dana Lee" })
    );
    // The quoted text keeps its line breaks and quotes: positions are the text's.
    let question = docs[0]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "relevance/questions")
        .unwrap();
    let first = &question["evidence"][0];
    assert_eq!(first["line"], 3);
    assert!(first["text"].as_str().unwrap().contains("\"new\""));
    assert_eq!(
        v["errors"],
        json!([{ "path": file, "line": 8, "message": "3 fields where the header has 4" }])
    );
    assert_eq!(
        stderr,
        format!("rapport: {file}:8: 3 fields where the header has 4\n")
    );
}

#[test]
fn csv_without_the_text_column_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deals.csv");
    fs::write(&path, "id,body\n1,hello\n2,there\n").unwrap();
    let p = path.to_str().unwrap();
    let (v, code, _) = run(&["--input-format", "csv", p]);
    assert_eq!(code, 2);
    assert_eq!(
        v["errors"],
        json!([{ "path": p, "line": 1, "message": "no `text` column (columns: `id`, `body`)" }])
    );
    // Named with --text-field, the column is found.
    let (v, code, _) = run(&["--input-format", "csv", "--text-field", "body", p]);
    assert_eq!(code, 0);
    assert_eq!(paths(&v), [format!("{p}#1"), format!("{p}#2")]);
}

#[test]
fn output_follows_the_order_of_the_paths_given() {
    let crm = fixture("crm.ndjson");
    let broken = fixture("broken.ndjson");
    let csv = fixture("crm.csv");
    let (v, _, stderr) = run(&[
        "--input-format",
        "ndjson",
        &crm,
        &broken,
        "tests/fixtures/batch/no-such.ndjson",
    ]);
    assert_eq!(
        paths(&v),
        [
            format!("{crm}#z-301"),
            format!("{crm}#a-102"),
            format!("{crm}#7"),
            format!("{broken}#b1"),
            format!("{broken}#b4"),
        ]
    );
    let errors: Vec<String> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}:{}", e["path"].as_str().unwrap(), e["line"]))
        .collect();
    assert_eq!(
        errors,
        [
            format!("{broken}:3"),
            format!("{broken}:4"),
            "tests/fixtures/batch/no-such.ndjson:null".to_string()
        ]
    );
    assert!(
        stderr.contains("rapport: tests/fixtures/batch/no-such.ndjson: no such file or folder")
    );
    // The other way round.
    let (v, _, _) = run(&["--input-format", "ndjson", &broken, &crm]);
    assert_eq!(paths(&v)[0], format!("{broken}#b1"));
    assert_eq!(paths(&v)[2], format!("{crm}#z-301"));
    // A folder is not an export.
    let (v, code, _) = run(&["--input-format", "csv", FIXTURES, &csv]);
    assert_eq!(code, 2);
    assert_eq!(
        v["errors"][0]["message"],
        "is a folder; --input-format csv reads export files"
    );
    assert_eq!(paths(&v).len(), 2);
}

#[test]
fn the_same_output_for_any_number_of_jobs() {
    // Enough records that work is spread over the threads.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.ndjson");
    let base = fs::read_to_string(fixture("crm.ndjson")).unwrap();
    let mut data = String::new();
    for i in 0..40 {
        for (j, line) in base.lines().enumerate() {
            let mut rec: Value = serde_json::from_str(line).unwrap();
            rec["id"] = json!(format!("r{i}-{j}"));
            data.push_str(&rec.to_string());
            data.push('\n');
        }
        data.push_str("not json\n");
    }
    fs::write(&big, data).unwrap();
    let big = big.to_str().unwrap();
    let output = |jobs: &str, format: &str| {
        let out = rapport()
            .args([
                "check",
                "--input-format",
                "ndjson",
                "--format",
                format,
                "-j",
                jobs,
            ])
            .args([big, &fixture("broken.ndjson")])
            .output()
            .unwrap();
        (out.status.code(), out.stdout, out.stderr)
    };
    for format in ["json", "ndjson", "text"] {
        let one = output("1", format);
        assert_eq!(one.0, Some(2));
        for jobs in ["2", "7"] {
            assert!(
                one == output(jobs, format),
                "--jobs {jobs} differs ({format})"
            );
        }
    }
    let (_, stdout, _) = output("3", "json");
    let v: Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(v["summary"]["analyzed"], 122);
    assert_eq!(v["summary"]["errors"], 42);
    assert_eq!(v["documents"][3]["path"], format!("{big}#r1-0"));
}

#[test]
fn record_fields_need_an_export_format() {
    rapport()
        .args(["check", "samples", "--text-field", "body"])
        .assert()
        .code(2)
        .stderr(
            "rapport: --text-field needs --input-format ndjson or csv (records of an export)\n",
        );
    rapport()
        .args(["check", "--input-format", "csv", "--id-field", "text", "-"])
        .write_stdin("text\nhi\n")
        .assert()
        .code(2)
        .stderr("rapport: --text-field and --id-field both name the field `text`\n");
}

#[test]
fn an_empty_export_has_no_records_and_a_binary_one_is_an_error() {
    for format in ["ndjson", "csv"] {
        let (v, code, _) = run(&["--input-format", format, "-"]);
        assert_eq!(code, 0, "{format}");
        assert_eq!(v["summary"]["documents"], 0);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("utf16.csv");
    fs::write(&path, b"\xFF\xFEt\0e\0x\0t\0\n\0").unwrap();
    let p = path.to_str().unwrap();
    let (v, code, _) = run(&["--input-format", "csv", p]);
    assert_eq!(code, 2);
    assert_eq!(
        v["errors"],
        json!([{ "path": p, "message": "binary file (NUL byte at offset 3), not analysed" }])
    );
}
