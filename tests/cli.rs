//! The command line as a user drives it: reports, exit codes, batches and
//! bad input.

use std::fs;
use std::path::Path;

mod common;

use common::{json_of, rapport, rule};
use predicates::prelude::*;
use serde_json::Value;

const SELF_CENTRED: &str = "samples/cold-email-self-centred.txt";
const GOOD: &str = "samples/prospect-centred-followup.eml";

#[test]
fn text_report_points_at_lines_and_gives_tips() {
    rapport()
        .args(["check", SELF_CENTRED, "--color", "never"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "samples/cold-email-self-centred.txt  email",
        ))
        .stdout(predicate::str::contains("fail  relevance/self-focus"))
        .stdout(predicate::str::contains(
            "samples/cold-email-self-centred.txt:11:1: warning[follow-up/next-step]",
        ))
        .stdout(predicate::str::contains("^^^^^^^^^^^"))
        .stdout(predicate::str::contains(
            "suggestion: Propose a specific step",
        ))
        .stdout(predicate::str::contains("coaching tips"));
}

#[test]
fn json_report_has_the_documented_shape() {
    let v = json_of(&["check", "samples", "--format", "json"]);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["tool"]["name"], "rapport");
    let docs = v["documents"].as_array().unwrap();
    assert!(docs.len() >= 8);
    let paths: Vec<&str> = docs.iter().map(|d| d["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "documents are sorted by path");
    for d in docs {
        for key in [
            "path",
            "profile",
            "score",
            "grade",
            "principles",
            "metrics",
            "rules",
            "findings",
            "warnings",
        ] {
            assert!(d.get(key).is_some(), "{} lacks {key}", d["path"]);
        }
        for m in [
            "words",
            "sentences",
            "questions",
            "self_refs",
            "reader_refs",
            "self_share",
        ] {
            assert!(
                d["metrics"].get(m).is_some(),
                "{} lacks metric {m}",
                d["path"]
            );
        }
        let score = d["score"].as_u64().unwrap();
        assert!(score <= 100);
        for f in d["findings"].as_array().unwrap() {
            assert!(f["line"].as_u64().unwrap() >= 1 && f["column"].as_u64().unwrap() >= 1);
            assert!(f["byte_end"].as_u64() >= f["byte_start"].as_u64());
        }
    }
    let s = &v["summary"];
    assert_eq!(s["documents"], docs.len());
    assert_eq!(s["analyzed"], docs.len());
    assert_eq!(s["errors"], 0);
    assert!(v["errors"].as_array().unwrap().is_empty());
}

#[test]
fn self_centred_email_scores_below_prospect_centred_one() {
    let bad = json_of(&["check", SELF_CENTRED, "--format", "json"]);
    let good = json_of(&["check", GOOD, "--format", "json"]);
    let (b, g) = (&bad["documents"][0], &good["documents"][0]);
    assert!(b["score"].as_u64() < g["score"].as_u64());
    assert_eq!(rule(b, "relevance/self-focus")["status"], "fail");
    assert_eq!(rule(g, "relevance/self-focus")["status"], "pass");
    assert_eq!(rule(g, "follow-up/next-step")["value"], "concrete");
    assert_eq!(rule(b, "follow-up/next-step")["value"], "vague");
    // The pitch monologue is a finding with its span.
    let monologue = b["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("in a row"))
        .expect("a monologue finding");
    assert!(monologue["end_line"].as_u64() >= monologue["line"].as_u64());
}

#[test]
fn evidence_lists_each_question_with_its_kind() {
    let v = json_of(&[
        "check",
        "samples/meeting-request-agenda.txt",
        "--format",
        "json",
    ]);
    let q = rule(&v["documents"][0], "relevance/questions");
    let ev = q["evidence"].as_array().unwrap();
    assert_eq!(ev.len() as f64, q["value"].as_f64().unwrap());
    assert!(ev.iter().all(|e| e["kind"].as_str().unwrap().contains("-")));
    assert!(
        ev.iter()
            .any(|e| e["text"].as_str().unwrap().ends_with('?'))
    );
}

#[test]
fn output_is_identical_for_any_job_count() {
    for format in ["json", "text", "ndjson"] {
        let one = rapport()
            .args([
                "check", "samples", "--format", format, "--jobs", "1", "--color", "never",
            ])
            .output()
            .unwrap();
        let two = rapport()
            .args([
                "check", "samples", "--format", format, "--jobs", "2", "--color", "never",
            ])
            .output()
            .unwrap();
        assert!(!one.stdout.is_empty());
        assert_eq!(one.stdout, two.stdout, "format {format}");
    }
}

#[test]
fn ndjson_streams_one_document_a_line_then_the_summary() {
    let out = rapport()
        .args(["check", "samples", "--format", "ndjson"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (last, docs) = lines.split_last().unwrap();
    assert!(
        docs.iter()
            .all(|d| d.get("path").is_some() && d.get("score").is_some())
    );
    assert_eq!(last["summary"]["analyzed"], docs.len());
}

#[test]
fn stdin_is_read_with_a_name_and_profile() {
    let draft = fs::read_to_string(GOOD).unwrap();
    let v: Value = serde_json::from_slice(
        &rapport()
            .args([
                "check",
                "-",
                "--profile",
                "email",
                "--format",
                "json",
                "--stdin-name",
                "draft.eml",
            ])
            .write_stdin(draft)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(v["documents"][0]["path"], "draft.eml");
    assert_eq!(v["documents"][0]["profile"], "email");
}

#[test]
fn fail_under_sets_exit_code_one() {
    rapport()
        .args(["check", "samples", "--fail-under", "70", "--format", "json"])
        .assert()
        .code(1);
    rapport()
        .args(["check", GOOD, "--fail-under", "70", "--format", "json"])
        .assert()
        .code(0);
    let v = json_of(&["check", "samples", "--fail-under", "70", "--format", "json"]);
    assert!(v["summary"]["below_threshold"].as_u64().unwrap() >= 1);
}

#[test]
fn missing_path_is_an_error_but_the_rest_is_analysed() {
    let out = rapport()
        .args([
            "check",
            "no/such/file.txt",
            GOOD,
            "--format",
            "json",
            "--fail-under",
            "100",
        ])
        .output()
        .unwrap();
    // 2 wins over 1.
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("rapport: no/such/file.txt: no such file or folder"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one line per error: {stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 1);
    assert_eq!(v["errors"][0]["path"], "no/such/file.txt");
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn binary_file_is_skipped_in_a_walk_and_an_error_when_named() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("blob.txt"), b"abc\0def").unwrap();
    fs::write(
        dir.path().join("note.txt"),
        "Hi Ann, can we talk Tuesday at 10?",
    )
    .unwrap();
    rapport()
        .args(["check", dir.path().to_str().unwrap(), "--format", "json"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("blob.txt: binary file"));
    let named = dir.path().join("blob.txt");
    rapport()
        .args(["check", named.to_str().unwrap(), "--format", "json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "binary file (NUL byte at offset 3)",
        ));
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("latin1.txt");
    fs::write(&p, b"Hi Ren\xe9, could we meet Tuesday at 10?").unwrap();
    let v = json_of(&["check", p.to_str().unwrap(), "--format", "json"]);
    let warnings = v["documents"][0]["warnings"].as_array().unwrap();
    assert!(
        warnings[0]
            .as_str()
            .unwrap()
            .contains("not valid UTF-8 at byte 6")
    );
    assert_eq!(v["documents"][0]["metrics"]["questions"], 1.0);
}

#[test]
fn empty_document_skips_every_rule_with_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.txt");
    fs::write(&p, " \n\t\n").unwrap();
    let v = json_of(&["check", p.to_str().unwrap(), "--format", "json"]);
    let d = &v["documents"][0];
    assert!(
        d["rules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "skip")
    );
    assert_eq!(d["findings"][0]["rule"], "input/empty");
    assert_eq!(d["score"], 0);
}

#[test]
fn large_document_is_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.txt");
    let para =
        "We met your team on Tuesday. How is the rollout going? I'll send the plan by Friday.\n\n";
    fs::write(&p, para.repeat(40_000)).unwrap(); // about 3.4 MB
    let v = json_of(&[
        "check",
        p.to_str().unwrap(),
        "--format",
        "json",
        "--profile",
        "email",
    ]);
    assert_eq!(v["documents"][0]["metrics"]["questions"], 40_000.0);
}

#[test]
fn hidden_and_ignored_files_are_skipped_in_a_walk() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join(".hidden.txt"), "Hidden draft.").unwrap();
    fs::write(d.join(".ignore"), "skip-me.txt\n").unwrap();
    fs::write(d.join("skip-me.txt"), "Ignored draft.").unwrap();
    fs::write(
        d.join("keep.md"),
        "# Notes\n- Ann to send the deck by Friday\n",
    )
    .unwrap();
    fs::write(d.join("data.csv"), "a,b").unwrap();
    let v = json_of(&["check", d.to_str().unwrap(), "--format", "json"]);
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    assert!(docs[0]["path"].as_str().unwrap().ends_with("keep.md"));
}

#[test]
fn control_characters_in_documents_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("evil.txt");
    fs::write(&p, "Hi \x1b[31mAnn\x1b[0m, let me know.").unwrap();
    let out = rapport()
        .args(["check", p.to_str().unwrap(), "--color", "never"])
        .output()
        .unwrap();
    assert!(!out.stdout.contains(&0x1b), "raw escape in output");
    assert!(String::from_utf8_lossy(&out.stdout).contains("\\u{1b}[31mAnn"));
}

#[test]
fn colour_follows_the_flag() {
    let with = rapport()
        .args(["check", GOOD, "--color", "always"])
        .output()
        .unwrap();
    assert!(with.stdout.contains(&0x1b));
    let without = rapport()
        .args(["check", GOOD, "--color", "auto"])
        .output()
        .unwrap();
    assert!(!without.stdout.contains(&0x1b), "not a terminal: no colour");
}

fn write_rule(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

#[test]
fn broken_user_rule_reports_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write_rule(
        dir.path(),
        "bad.toml",
        "id = \"relevance/questions\"\nweight = [\n",
    );
    let out = rapport()
        .args(["check", GOOD, "--rules", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!("{}:2:11: ", dir.path().join("bad.toml").display());
    assert!(
        stderr.starts_with(&format!("rapport: {expected}")),
        "{stderr}"
    );
}

#[test]
fn user_rule_with_an_invalid_pattern_names_the_file_list_and_pattern() {
    let dir = tempfile::tempdir().unwrap();
    let rule = fs::read_to_string("rules/trust-hedging.toml").unwrap();
    let rule = rule
        .split("[[examples]]")
        .next()
        .unwrap()
        .replace("id = \"trust/hedging\"", "id = \"team/hedging\"");
    let rule = format!("{rule}\n[patterns]\nhedge = ['\\bsorry\\b', '\\bto (bother']\n");
    write_rule(dir.path(), "hedge.toml", &rule);
    for args in [
        vec!["check", GOOD, "--rules", dir.path().to_str().unwrap()],
        vec!["rules", "test", dir.path().to_str().unwrap()],
    ] {
        let out = rapport().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&dir.path().join("hedge.toml").display().to_string())
                && stderr.contains("team/hedging")
                && stderr.contains("`hedge`")
                && stderr.contains("`\\bto (bother`"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn user_rule_with_the_same_id_replaces_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let default = fs::read_to_string("rules/relevance-questions.toml").unwrap();
    // Demand at least five questions in an email.
    let strict = default.replace(
        "bands = [{ upto = 0, status = \"fail\" }, { upto = 3, status = \"pass\" }, { status = \"warn\" }]",
        "bands = [{ upto = 4, status = \"fail\" }, { status = \"pass\" }]",
    );
    assert_ne!(strict, default);
    let strict = strict.replace("[[examples]]", "[[unused_examples]]");
    let strict = strict
        .split("[[unused_examples]]")
        .next()
        .unwrap()
        .to_string();
    write_rule(dir.path(), "questions.toml", &strict);
    let v = json_of(&[
        "check",
        GOOD,
        "--format",
        "json",
        "--rules",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(
        rule(&v["documents"][0], "relevance/questions")["status"],
        "fail"
    );
    rapport()
        .args([
            "rules",
            "--rules",
            dir.path().to_str().unwrap(),
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            dir.path().join("questions.toml").display().to_string(),
        ));
}

#[test]
fn rules_and_explain_describe_the_pack() {
    rapport()
        .arg("rules")
        .assert()
        .success()
        .stdout(predicate::str::contains("follow-up/next-step"))
        .stdout(predicate::str::contains("relevance/self-focus"))
        .stdout(predicate::str::contains("relevance/questions"))
        .stdout(predicate::str::contains("relevance/agenda"));
    rapport()
        .args(["explain", "follow-up/next-step"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Why"))
        .stdout(predicate::str::contains("Sources"))
        .stdout(predicate::str::contains("email      concrete"));
    rapport()
        .args(["explain", "nope/none"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no rule `nope/none`"));
}

#[test]
fn usage_errors_exit_two() {
    rapport()
        .args(["check", GOOD, "--format", "xml"])
        .assert()
        .code(2);
    rapport()
        .args(["check", GOOD, "--fail-under", "101"])
        .assert()
        .code(2);
}

#[test]
fn transcript_rep_rules_use_the_named_rep() {
    let v = json_of(&[
        "check",
        "samples/intro-call-transcript.txt",
        "--format",
        "json",
        "--rep",
        "dana",
    ]);
    let d = &v["documents"][0];
    assert_eq!(d["profile"], "transcript");
    assert_eq!(d["reps"][0], "Dana");
    assert_ne!(rule(d, "relevance/questions")["status"], "skip");
    // The sample names its host; without that line and without --rep the
    // rep is unknown and the rep's rules are skipped, never guessed.
    let sample = fs::read_to_string("samples/intro-call-transcript.txt").unwrap();
    assert!(sample.starts_with("Host: Dana\n"));
    let no_host = sample.trim_start_matches("Host: Dana\n");
    let out = rapport()
        .args(["check", "-", "--profile", "transcript", "--format", "json"])
        .write_stdin(no_host)
        .output()
        .unwrap();
    let unknown: Value = serde_json::from_slice(&out.stdout).unwrap();
    let u = &unknown["documents"][0];
    assert_eq!(rule(u, "relevance/questions")["status"], "skip");
    assert!(u["warnings"][0].as_str().unwrap().contains("rep unknown"));
    // With the host line, the host is the rep.
    let hosted = json_of(&[
        "check",
        "samples/intro-call-transcript.txt",
        "--format",
        "json",
    ]);
    let h = &hosted["documents"][0];
    assert_eq!(h["reps"][0], "Dana");
    assert_eq!(rule(h, "relevance/questions")["status"], "pass");
}

#[test]
fn golden_json_of_the_samples() {
    let out = rapport()
        .args(["check", "samples", "--format", "json"])
        .output()
        .unwrap();
    insta::assert_snapshot!("samples_json", String::from_utf8(out.stdout).unwrap());
}
