//! `--format junit`: the JUnit XML that CI test dashboards read.

use std::fs;

mod common;

use common::{json_of, run};
use serde_json::Value;

/// An attribute of `node`, which must have it.
fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    node.attribute(name)
        .unwrap_or_else(|| panic!("<{}> has no {name}", node.tag_name().name()))
}

/// The `<testcase>` elements of a report.
fn cases<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> Vec<roxmltree::Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect()
}

/// The child element `name` of `node`, if any.
fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name(name))
}

/// The ids of the rules that fail (and are not suppressed) in a document of
/// a JSON report.
fn failing(doc: &Value) -> Vec<String> {
    doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "fail" && r.get("suppressed").is_none())
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_batch_is_a_suite_with_a_case_per_document_failed_below_the_threshold() {
    let args = ["check", "samples", "--fail-under", "70", "-q"];
    let json = json_of(&[&args[..], &["--format", "json"]].concat());
    let (xml, code) = run(&[&args[..], &["--format", "junit"]].concat(), "");
    assert_eq!(code, 1, "documents below 70 fail the run, as in JSON");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    let doc = roxmltree::Document::parse(&xml).expect("the report is XML");

    let docs = json["documents"].as_array().unwrap();
    let below: Vec<&Value> = docs
        .iter()
        .filter(|d| d["score"].as_u64().unwrap() < 70)
        .collect();
    assert!(!below.is_empty() && below.len() < docs.len());
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suite = child(root, "testsuite").expect("a testsuite");
    for node in [root, suite] {
        assert_eq!(attr(node, "name"), "rapport");
        assert_eq!(attr(node, "tests"), docs.len().to_string());
        assert_eq!(attr(node, "failures"), below.len().to_string());
        assert_eq!(attr(node, "errors"), "0");
    }

    let cases = cases(&doc);
    assert_eq!(cases.len(), docs.len());
    for (case, d) in cases.iter().zip(docs) {
        let path = d["path"].as_str().unwrap();
        assert_eq!(attr(*case, "name"), path, "cases follow the report's order");
        assert_eq!(attr(*case, "classname"), "samples");
        let score = d["score"].as_u64().unwrap();
        match child(*case, "failure") {
            Some(f) => {
                assert!(score < 70, "{path} fails with {score}");
                assert_eq!(attr(f, "type"), "fail-under");
                assert_eq!(attr(f, "message"), format!("score {score} below 70"));
                let text = f.text().unwrap_or("");
                let rules = failing(d);
                assert!(!rules.is_empty(), "{path} fails some rule");
                for id in rules {
                    assert!(text.contains(&format!("fail {id}: ")), "{path}: {id}");
                }
                assert!(child(*case, "system-out").is_none());
            }
            None => {
                assert!(score >= 70, "{path} passes with {score}");
                let out = child(*case, "system-out").expect("a passing case's output");
                let grade = d["grade"].as_str().unwrap();
                assert!(
                    out.text()
                        .unwrap()
                        .starts_with(&format!("score {score}/100 ({grade})"))
                );
            }
        }
    }
}

#[test]
fn without_a_threshold_no_document_fails() {
    let (xml, code) = run(&["check", "samples", "--format", "junit", "-q"], "");
    assert_eq!(code, 0);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(attr(doc.root_element(), "failures"), "0");
    assert!(cases(&doc).iter().all(|c| child(*c, "failure").is_none()));
}

#[test]
fn markup_and_control_characters_in_a_path_are_escaped() {
    let name = "deals/Q&A <draft> \"v2\" 'final'\u{1}.txt";
    let (xml, code) = run(
        &[
            "check",
            "-",
            "--stdin-name",
            name,
            "--profile",
            "email",
            "--fail-under",
            "100",
            "--format",
            "junit",
            "-q",
        ],
        "Subject: hi\n\nJust checking in. Let me know.\n",
    );
    assert_eq!(code, 1);
    assert!(!xml.contains('\u{1}'), "XML 1.0 has no U+0001");
    let doc = roxmltree::Document::parse(&xml).expect("the report is XML");
    let case = cases(&doc)[0];
    let shown = "deals/Q&A <draft> \"v2\" 'final'\\u{1}.txt";
    assert_eq!(attr(case, "name"), shown);
    assert_eq!(attr(case, "classname"), "deals");
    let failure = child(case, "failure").expect("below 100");
    let text = failure.text().unwrap();
    // Finding lines name the path, and quote the document's text.
    assert!(text.contains(&format!("{shown}:3:1: ")), "{text}");
    assert!(text.contains("\"Just checking in\""), "{text}");
}

#[test]
fn markup_in_an_error_message_is_escaped() {
    // The message names the export's columns, as its header spells them.
    let (xml, code) = run(
        &[
            "check",
            "-",
            "--stdin-name",
            "a&b.csv",
            "--input-format",
            "csv",
            "--format",
            "junit",
            "-q",
        ],
        "id,\"<b>&'q' \"\"x\"\"\"\n1,could we talk Friday?\n",
    );
    assert_eq!(code, 2);
    let doc = roxmltree::Document::parse(&xml).expect("the report is XML");
    let case = cases(&doc)[0];
    assert_eq!(attr(case, "name"), "a&b.csv:1");
    let error = child(case, "error").expect("an error");
    let message = attr(error, "message");
    assert!(message.contains("`<b>&'q' \"x\"`"), "{message}");
    assert_eq!(error.text().unwrap(), format!("a&b.csv:1: {message}"));
}

#[test]
fn inputs_that_cannot_be_read_are_cases_in_error() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("calls.ndjson");
    fs::write(
        &export,
        "{\"id\": \"7\", \"text\": \"Could we talk Friday at 10?\"}\nnot json <&>\n",
    )
    .unwrap();
    let export = export.to_str().unwrap();
    let missing = "no-such-folder/missing.txt";
    let (xml, code) = run(
        &[
            "check",
            "samples/qbr-notes.txt",
            missing,
            "--format",
            "junit",
            "-q",
        ],
        "",
    );
    assert_eq!(code, 2, "input errors exit with 2, as in every format");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(attr(doc.root_element(), "tests"), "2");
    assert_eq!(attr(doc.root_element(), "errors"), "1");
    let cases = cases(&doc);
    assert_eq!(attr(cases[1], "name"), missing);
    assert_eq!(attr(cases[1], "classname"), "no-such-folder");
    let error = child(cases[1], "error").expect("an error");
    assert_eq!(attr(error, "type"), "input");
    assert!(!attr(error, "message").is_empty());

    // A record of an export that cannot be read names its line.
    let (xml, code) = run(
        &[
            "check",
            "--input-format",
            "ndjson",
            export,
            "--format",
            "junit",
            "-q",
        ],
        "",
    );
    assert_eq!(code, 2);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let cases = self::cases(&doc);
    assert_eq!(cases.len(), 2);
    assert_eq!(attr(cases[0], "name"), format!("{export}#7"));
    assert!(child(cases[0], "system-out").is_some());
    assert_eq!(attr(cases[1], "name"), format!("{export}:2"));
    let folder = dir.path().to_str().unwrap();
    assert!(cases.iter().all(|c| attr(*c, "classname") == folder));
    assert!(child(cases[1], "error").is_some());
    assert_eq!(attr(doc.root_element(), "errors"), "1");
}

#[test]
fn the_exit_code_is_the_same_as_for_the_other_formats() {
    for args in [
        &["check", "samples/qbr-notes.txt"][..],
        &["check", "samples", "--fail-under", "70"],
        &["check", "samples", "--fail-under", "70", "--exit-zero"],
        &["check", "samples/renewal-email.txt", "--fail-on", "warning"],
        &["check", "samples/qbr-notes.txt", "missing.txt"],
    ] {
        let code = |format: &str| run(&[args, &["--format", format, "-q"]].concat(), "").1;
        assert_eq!(code("junit"), code("json"), "{args:?}");
    }
}

#[test]
fn the_report_is_the_same_for_any_number_of_jobs() {
    let report = |jobs: &str| {
        run(
            &[
                "check",
                "samples",
                "--fail-under",
                "90",
                "--format",
                "junit",
                "-q",
                "-j",
                jobs,
            ],
            "",
        )
        .0
    };
    assert_eq!(report("1"), report("3"));
}
