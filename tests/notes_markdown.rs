//! Markdown notes: sections feed the rules; front matter, code and link
//! targets are not prose; positions stay in file coordinates.

mod common;

use common::rule;
use serde_json::Value;

const NOTES: &str = "tests/fixtures/notes/pipeline-review.md";

fn report() -> Value {
    common::json_of(&["check", NOTES, "--format", "json"])["documents"][0].clone()
}

#[test]
fn markdown_notes_are_read_as_markdown() {
    let d = report();
    assert_eq!(d["profile"], "notes");
    assert_eq!(d["reader"], "markdown");
    assert_eq!(d["text_origin"], "file");
}

#[test]
fn goals_heading_is_an_agenda_and_action_items_are_next_steps() {
    let d = report();
    let agenda = rule(&d, "relevance/agenda");
    assert_eq!(agenda["status"], "pass");
    assert_eq!(agenda["evidence"][0]["kind"], "agenda-heading");
    assert_eq!(agenda["evidence"][0]["line"], 8, "file line of '## Goals'");
    let next = rule(&d, "follow-up/next-step");
    assert_eq!(next["value"], "concrete");
    let lines: Vec<u64> = next["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert!(lines == vec![24, 25], "{lines:?}");
}

#[test]
fn front_matter_code_and_link_targets_are_not_analysed() {
    let d = report();
    // "let me know" appears only in a code block and a URL: no vague finding.
    let findings = d["findings"].as_array().unwrap();
    assert!(
        findings.iter().all(|f| f["rule"] != "follow-up/next-step"),
        "{findings:?}"
    );
    // "best-in-class" appears only in a URL: no boast.
    assert!(
        findings
            .iter()
            .all(|f| !f["excerpt"].as_str().unwrap().contains("best"))
    );
    // The recorded question is counted.
    assert_eq!(d["metrics"]["questions"], 1);
    // No evidence comes from the front matter (lines 1-5).
    for r in d["rules"].as_array().unwrap() {
        for e in r["evidence"].as_array().unwrap() {
            assert!(e["line"].as_u64().unwrap() > 5, "{e}");
        }
    }
}
