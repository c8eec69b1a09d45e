//! Transcripts through the command line: a folder of WebVTT, SubRip and
//! plain transcripts is read without errors, the host named in a file is the
//! rep unless `--rep` says otherwise, and the talk metrics are in the JSON.

mod common;

use assert_cmd::Command;
use common::rule;
use serde_json::Value;

const DIR: &str = "tests/fixtures/transcripts";

fn json_of(args: &[&str]) -> Value {
    let out = Command::cargo_bin("rapport")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn a_folder_of_transcripts_is_read_without_errors() {
    let v = json_of(&["check", DIR, "--format", "json", "-q"]);
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
    let docs = v["documents"].as_array().unwrap();
    assert!(docs.len() >= 8);
    for d in docs {
        let path = d["path"].as_str().unwrap();
        if path.ends_with(".vtt") || path.ends_with(".srt") {
            assert_eq!(d["profile"], "transcript", "{path}");
            assert_eq!(d["reader"], &path[path.len() - 3..], "{path}");
            for key in ["talk_basis", "turns", "speakers", "interactivity"] {
                assert!(d["metrics"].get(key).is_some(), "{path} lacks {key}");
            }
        }
    }
}

#[test]
fn the_organiser_is_the_rep_unless_rep_is_given() {
    let path = format!("{DIR}/teams.vtt");
    let v = json_of(&["check", &path, "--format", "json"]);
    let d = &v["documents"][0];
    assert_eq!(d["reps"], serde_json::json!(["Dana Lee"]));
    assert_eq!(rule(d, "relevance/talk-ratio")["status"], "pass");
    assert_eq!(d["metrics"]["talk_basis"], "time");
    // Dana speaks 6 + 4 + 5 of 65 seconds.
    assert_eq!(d["metrics"]["talk_share"], 0.231);
    assert_eq!(d["metrics"]["longest_customer_stretch"], 30);
    let v = json_of(&["check", &path, "--format", "json", "--rep", "luis ortega"]);
    let d = &v["documents"][0];
    assert_eq!(d["reps"], serde_json::json!(["Luis Ortega"]));
    assert_eq!(rule(d, "relevance/talk-ratio")["status"], "fail");
}

#[test]
fn stamped_lines_with_the_transcript_profile() {
    let path = format!("{DIR}/stamped.txt");
    let v = json_of(&[
        "check",
        &path,
        "--profile",
        "transcript",
        "--format",
        "json",
    ]);
    let d = &v["documents"][0];
    assert_eq!(d["reader"], "plain-transcript");
    assert_eq!(d["reps"], serde_json::json!(["Dana Lee"]));
    assert_eq!(d["metrics"]["talk_basis"], "time");
    assert_eq!(d["metrics"]["turns"], 6);
    let q = &rule(d, "relevance/questions")["evidence"][0];
    assert_eq!(
        (q["line"].as_u64(), q["column"].as_u64()),
        (Some(4), Some(42))
    );
    assert_eq!(q["text"], "What prompted the call?");
}

#[test]
fn the_monologue_finding_points_at_its_lines() {
    let path = format!("{DIR}/monologue.vtt");
    let out = Command::cargo_bin("rapport")
        .unwrap()
        .args(["check", &path, "--rep", "Dana", "--color", "never"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!("{path}:9:7: warning[relevance/monologue]")),
        "{text}"
    );
    assert!(text.contains("150 seconds"), "{text}");
}

#[test]
fn a_user_override_of_the_question_lists_reaches_question_spread() {
    let dir = tempfile::tempdir().unwrap();
    let default = std::fs::read_to_string("rules/relevance-questions.toml").unwrap();
    // A team phrase that asks without a question mark.
    let custom = default.replacen("indirect = [", "indirect = [\n    \"curious to learn\",", 1);
    assert_ne!(custom, default);
    let custom = custom.split("[[examples]]").next().unwrap().to_string();
    std::fs::write(dir.path().join("questions.toml"), custom).unwrap();
    let call = dir.path().join("call.txt");
    std::fs::write(
        &call,
        "Dana: Curious to learn how you plan shifts.\nLuis: Spreadsheets.\n\
         Dana: Curious to learn who approves overtime.\nLuis: My boss.\n\
         Dana: Curious to learn what breaks first.\nLuis: Sick days.\n",
    )
    .unwrap();
    let out = Command::cargo_bin("rapport")
        .unwrap()
        .args([
            "check",
            call.to_str().unwrap(),
            "--rep",
            "Dana",
            "--format",
            "json",
        ])
        .args(["--rules", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = &v["documents"][0]["metrics"];
    assert_eq!(m["questions"], 3);
    let spread: u64 = [
        "questions_first_third",
        "questions_middle_third",
        "questions_last_third",
    ]
    .iter()
    .map(|k| m[*k].as_u64().unwrap())
    .sum();
    assert_eq!(spread, 3, "{m}");
}
