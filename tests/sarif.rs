//! `--format sarif`: the log is valid against the SARIF 2.1.0 schema OASIS
//! publishes (tests/fixtures/sarif), and says what a code-scanning view
//! relies on: rules that results point at, levels, and regions that match
//! the JSON report.

use std::sync::OnceLock;

mod common;

use common::{json_of, rapport};
use jsonschema::Validator;
use serde_json::Value;

/// The validator of the vendored schema, built once. The schema is JSON
/// Schema draft 04, whose validators do not know the `uri-reference` and
/// `uri` formats the schema uses: they are checked here with the URI
/// parser the validator itself uses for references.
fn validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| {
        let text = std::fs::read_to_string("tests/fixtures/sarif/sarif-schema-2.1.0.json")
            .expect("the schema is in tests/fixtures/sarif");
        let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .with_format("uri", |s: &str| jsonschema::uri::from_str(s).is_ok())
            .with_format("uri-reference", |s: &str| {
                let base = jsonschema::uri::from_str("file:///repo/").expect("a base URI");
                jsonschema::uri::resolve_against(&base.borrow(), s).is_ok()
            })
            .build(&schema)
            .expect("the schema compiles")
    })
}

/// Panics with every schema error of `log`.
fn assert_valid(log: &Value) {
    let errors: Vec<String> = validator()
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid SARIF 2.1.0:\n{}",
        errors.join("\n")
    );
}

/// Runs `rapport check ARGS --format sarif` and returns the log (and the
/// exit code).
fn sarif(args: &[&str], stdin: Option<&str>) -> (Value, i32) {
    let all: Vec<&str> = ["check"]
        .into_iter()
        .chain(args.iter().copied())
        .chain(["--format", "sarif", "-q"])
        .collect();
    let (text, code) = common::run(&all, stdin.unwrap_or(""));
    (serde_json::from_str(&text).expect("stdout is JSON"), code)
}

fn run(log: &Value) -> &Value {
    let runs = log["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    &runs[0]
}

fn results(log: &Value) -> &Vec<Value> {
    run(log)["results"].as_array().expect("results is an array")
}

/// The SARIF level of a severity of the JSON report.
fn level_of(severity: &Value) -> &'static str {
    match severity.as_str() {
        Some("error") => "error",
        Some("warning") => "warning",
        Some("info") => "note",
        other => panic!("unknown severity {other:?}"),
    }
}

/// Checks that each result is the finding of the JSON report at the same
/// place (documents and findings in report order): rule, level, region,
/// snippet and message.
fn assert_results_match_json(log: &Value, report: &Value) {
    let findings: Vec<(&Value, &Value)> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| {
            d["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |f| (d, f))
        })
        .collect();
    let results = results(log);
    assert_eq!(results.len(), findings.len());
    for (r, (d, f)) in results.iter().zip(findings) {
        assert_eq!(r["ruleId"], f["rule"]);
        assert_eq!(r["level"], level_of(&f["severity"]));
        let loc = &r["locations"][0]["physicalLocation"];
        let path = d["path"].as_str().unwrap();
        assert_eq!(
            loc["artifactLocation"]["uri"], path,
            "{path} has a plain URI"
        );
        let region = &loc["region"];
        assert_eq!(region["startLine"], f["line"]);
        assert_eq!(region["startColumn"], f["column"]);
        assert_eq!(region["endLine"], f["end_line"]);
        assert_eq!(region["endColumn"], f["end_column"]);
        assert_eq!(region["snippet"]["text"], f["excerpt"]);
        let text = r["message"]["text"].as_str().unwrap();
        assert!(text.starts_with(f["message"].as_str().unwrap()), "{text}");
        if let Some(s) = f["suggestion"].as_str() {
            assert!(text.contains(s), "{text} has the suggestion");
        }
    }
}

#[test]
fn the_samples_log_is_valid_and_points_at_its_rules() {
    let (log, code) = sarif(&["samples"], None);
    assert_eq!(code, 0);
    assert_valid(&log);
    assert_eq!(log["version"], "2.1.0");
    let run = run(&log);
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "rapport");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));

    // Every rule of `rapport rules`, and the engine's own input/empty, by id.
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "rules are sorted by id, each once");
    let listed = json_of(&["rules", "--format", "json"]);
    for rule in listed.as_array().unwrap() {
        let id = rule["id"].as_str().unwrap();
        let d = rules
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} is described"));
        assert_eq!(
            d["defaultConfiguration"]["level"],
            level_of(&rule["severity"])
        );
        assert_eq!(d["shortDescription"]["text"], rule["title"]);
        assert_eq!(d["fullDescription"]["text"], rule["rationale"]);
        assert!(
            !d["help"]["text"].as_str().unwrap().is_empty(),
            "{id} has a tip"
        );
        assert_eq!(d["properties"]["sources"], rule["sources"]);
        assert_eq!(d["properties"]["principle"], rule["principle"]);
    }
    assert!(ids.contains(&"input/empty"));

    // Each result names a described rule, and its index is that rule's.
    let results = results(&log);
    assert!(results.len() > 20);
    for r in results {
        let i = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    let report = json_of(&["check", "samples", "--format", "json"]);
    assert_results_match_json(&log, &report);

    // Every document's score, and a run that succeeded.
    let scores = run["properties"]["documents"].as_array().unwrap();
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(scores.len(), docs.len());
    for (s, d) in scores.iter().zip(docs) {
        assert_eq!(s["path"], d["path"]);
        assert_eq!(s["score"], d["score"]);
        assert_eq!(s["grade"], d["grade"]);
    }
    assert_eq!(run["properties"]["summary"], report["summary"]);
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    assert_eq!(
        invocation["toolExecutionNotifications"],
        serde_json::json!([])
    );
}

#[test]
fn the_validator_rejects_a_log_that_breaks_the_schema() {
    // The checks above mean something only if a wrong log fails them.
    let (log, _) = sarif(&["samples/renewal-email.txt"], None);
    assert_valid(&log);
    for (pointer, wrong) in [
        ("/runs/0/results/0/level", serde_json::json!("warn")),
        (
            "/runs/0/results/0/locations/0/physicalLocation/region/startLine",
            serde_json::json!(0),
        ),
        (
            "/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri",
            serde_json::json!("<stdin>"),
        ),
        ("/version", serde_json::json!("2.0.0")),
    ] {
        let mut bad = log.clone();
        *bad.pointer_mut(pointer).expect(pointer) = wrong;
        assert!(
            !validator().is_valid(&bad),
            "{pointer} made wrong is caught"
        );
    }
}

#[test]
fn an_input_error_is_a_failed_execution_with_a_notification() {
    let (log, code) = sarif(&["samples/qbr-notes.txt", "no-such-file.txt"], None);
    assert_eq!(code, 2);
    assert_valid(&log);
    let invocation = &run(&log)["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    let text = notes[0]["message"]["text"].as_str().unwrap();
    assert!(text.starts_with("no-such-file.txt: "), "{text}");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "no-such-file.txt"
    );
    assert_eq!(
        run(&log)["properties"]["documents"][0]["path"],
        "samples/qbr-notes.txt"
    );
}

#[test]
fn a_mime_message_keeps_its_positions_and_says_they_are_decoded() {
    let path = "tests/fixtures/email/qp-latin1.eml";
    let (log, _) = sarif(&[path], None);
    assert_valid(&log);
    let report = json_of(&["check", path, "--format", "json"]);
    assert_eq!(report["documents"][0]["text_origin"], "decoded");
    assert_results_match_json(&log, &report);
    let results = results(&log);
    assert!(!results.is_empty());
    for r in results {
        assert_eq!(r["properties"]["textOrigin"], "decoded");
        assert!(
            r["message"]["text"]
                .as_str()
                .unwrap()
                .contains("decoded message body")
        );
    }
    // A message read from the file as it is says nothing of the kind.
    let (plain, _) = sarif(&["samples/prospect-centred-followup.eml"], None);
    for r in crate::results(&plain) {
        assert!(r.get("properties").is_none());
    }
}

#[test]
fn zero_documents_give_a_valid_log_with_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let (log, code) = sarif(&[dir.path().to_str().unwrap()], None);
    assert_eq!(code, 0);
    assert_valid(&log);
    assert!(results(&log).is_empty());
    assert!(
        !run(&log)["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(run(&log)["properties"]["documents"], serde_json::json!([]));
}

#[test]
fn standard_input_gets_an_encoded_uri_and_an_empty_document_its_rule() {
    let (log, _) = sarif(&["-"], Some(""));
    assert_valid(&log);
    let r = &results(&log)[0];
    assert_eq!(r["ruleId"], "input/empty");
    let rules = &run(&log)["tool"]["driver"]["rules"];
    assert_eq!(
        rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "input/empty"
    );
    let uri = &r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "%3Cstdin%3E");

    let text = "Hi Ann,\n\nWe are the best. Act now!\n";
    let (log, _) = sarif(&["-", "--stdin-name", "deals/Zoë a,b:c#1.txt"], Some(text));
    assert_valid(&log);
    let uri = &results(&log)[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "deals/Zo%C3%AB%20a%2Cb%3Ac%231.txt");
}

#[test]
fn a_record_of_an_export_points_at_its_line_of_the_export() {
    let path = "tests/fixtures/batch/crm.ndjson";
    let (log, _) = sarif(&["--input-format", "ndjson", path], None);
    assert_valid(&log);
    let report = json_of(&[
        "check",
        "--input-format",
        "ndjson",
        path,
        "--format",
        "json",
    ]);
    let mut n = 0;
    let results = results(&log);
    for d in report["documents"].as_array().unwrap() {
        for f in d["findings"].as_array().unwrap() {
            let r = &results[n];
            n += 1;
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uri"], path);
            assert_eq!(loc["region"]["startLine"], d["record"]["line"]);
            let props = &r["properties"];
            assert_eq!(props["record"], d["path"]);
            assert_eq!(props["recordRegion"]["startLine"], f["line"]);
            assert_eq!(props["recordRegion"]["startColumn"], f["column"]);
            assert_eq!(props["recordRegion"]["excerpt"], f["excerpt"]);
        }
    }
    assert!(n > 0);
    assert_eq!(n, results.len());
}

#[test]
fn the_log_is_the_same_bytes_for_any_number_of_jobs() {
    let bytes = |jobs: &str| {
        rapport()
            .args([
                "check",
                "samples",
                "tests/fixtures/email",
                "--format",
                "sarif",
                "-q",
                "-j",
                jobs,
            ])
            .output()
            .unwrap()
            .stdout
    };
    let one = bytes("1");
    assert!(!one.is_empty());
    assert_eq!(one, bytes("2"));
    assert_eq!(one, bytes("4"));
}
