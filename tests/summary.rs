//! `rapport summary`: figures over a batch for a coach, which must agree
//! with the per-document report of `check`.

use std::collections::BTreeMap;
use std::fs;

use serde_json::{Value, json};

mod common;

use common::{json_of, rapport};

/// `rapport summary ARGS --format json -q`, parsed.
fn summary_json(args: &[&str]) -> Value {
    let mut all = vec!["summary"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "-q"]);
    json_of(&all)
}

/// Each non-suppressed rule's verdict counts over a `check --format json`
/// report: `[pass, warn, fail, skip]` by id.
fn verdicts(report: &Value) -> BTreeMap<String, [u64; 4]> {
    let mut by_id: BTreeMap<String, [u64; 4]> = BTreeMap::new();
    for d in report["documents"].as_array().unwrap() {
        for r in d["rules"].as_array().unwrap() {
            if r.get("suppressed").is_some() {
                continue;
            }
            let i = match r["status"].as_str().unwrap() {
                "pass" => 0,
                "warn" => 1,
                "fail" => 2,
                _ => 3,
            };
            by_id.entry(r["id"].as_str().unwrap().into()).or_default()[i] += 1;
        }
    }
    by_id
}

fn scores(report: &Value) -> Vec<u64> {
    report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["score"].as_u64().unwrap())
        .collect()
}

#[test]
fn the_figures_of_samples_agree_with_check() {
    let check = json_of(&["check", "samples", "--format", "json", "-q"]);
    let s = summary_json(&["samples"]);
    assert_eq!(s["schema_version"], 1);
    assert_eq!(s["analyzed"], check["summary"]["analyzed"]);
    assert_eq!(s["documents"], check["summary"]["documents"]);
    assert_eq!(s["scores"]["mean"], check["summary"]["mean_score"]);
    assert_eq!(s["scores"]["min"], check["summary"]["min_score"]);
    let all = scores(&check);
    assert_eq!(s["analyzed"], all.len());
    assert_eq!(s["scores"]["max"], *all.iter().max().unwrap());

    // Each document is in the bucket of its score.
    let mut want = [0u64; 10];
    for sc in &all {
        want[(*sc as usize / 10).min(9)] += 1;
    }
    let got: Vec<u64> = s["histogram"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .collect();
    assert_eq!(got, want);
    assert_eq!(s["histogram"][9]["from"], 90);
    assert_eq!(s["histogram"][9]["to"], 100);

    // The lowest scores, lowest first and ties by path.
    let mut docs: Vec<(u64, String)> = check["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["score"].as_u64().unwrap(),
                d["path"].as_str().unwrap().into(),
            )
        })
        .collect();
    docs.sort();
    let lowest: Vec<(u64, String)> = s["lowest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["score"].as_u64().unwrap(),
                d["path"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(lowest, docs[..docs.len().min(10)].to_vec());
}

#[test]
fn rule_rates_count_each_verdict_and_leave_skips_out_of_the_rate() {
    let check = json_of(&["check", "samples", "--format", "json", "-q"]);
    let want = verdicts(&check);
    let s = summary_json(&["samples"]);
    let rules = s["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "rules are sorted by id");
    assert_eq!(ids.len(), want.len());
    let mut some_skipped = false;
    for r in rules {
        let c = want[r["id"].as_str().unwrap()];
        let got = ["pass", "warn", "fail", "skip"].map(|k| r[k].as_u64().unwrap());
        assert_eq!(got, c, "{}", r["id"]);
        let applied = c[0] + c[1] + c[2];
        some_skipped |= c[3] > 0;
        if applied == 0 {
            assert_eq!(r["pass_rate"], Value::Null);
        } else {
            let rate = r["pass_rate"].as_f64().unwrap();
            assert!((rate - c[0] as f64 / applied as f64).abs() < 1e-4, "{r}");
            let fail = r["fail_rate"].as_f64().unwrap();
            assert!((fail - c[2] as f64 / applied as f64).abs() < 1e-4, "{r}");
        }
    }
    assert!(some_skipped, "samples skip some rules");
}

#[test]
fn top_findings_agree_with_the_findings_of_check() {
    let check = json_of(&["check", "samples", "--format", "json", "-q"]);
    let mut count: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for d in check["documents"].as_array().unwrap() {
        let mut seen = std::collections::BTreeSet::new();
        for f in d["findings"].as_array().unwrap() {
            let rule = f["rule"].as_str().unwrap().to_string();
            let e = count.entry(rule.clone()).or_default();
            e.0 += 1;
            if seen.insert(rule) {
                e.1 += 1;
            }
        }
    }
    let mut want: Vec<(String, u64, u64)> =
        count.into_iter().map(|(r, (n, d))| (r, n, d)).collect();
    want.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    want.truncate(10);
    let s = summary_json(&["samples"]);
    let got: Vec<(String, u64, u64)> = s["top_findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().into(),
                f["findings"].as_u64().unwrap(),
                f["documents"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(!got.is_empty());
    assert_eq!(got, want);
}

#[test]
fn the_text_form_shows_the_figures() {
    let out = rapport()
        .args(["summary", "samples", "-q"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("10 documents analysed\n"), "{text}");
    assert!(text.contains("mean 74.8"), "{text}");
    for section in [
        "Score histogram",
        "Rules (rates over the documents a rule applied to; skipped ones are not counted)",
        "Most frequent findings",
        "Lowest scores",
    ] {
        assert!(text.contains(section), "{section}: {text}");
    }
    // The largest bucket has the full bar; an empty one none.
    let bars: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("90-100") || l.trim_start().starts_with("20-29"))
        .collect();
    assert_eq!(bars.len(), 2, "{text}");
    assert!(!bars[0].contains('#'), "{}", bars[0]);
    assert!(bars[1].contains(&"#".repeat(40)), "{}", bars[1]);
}

#[test]
fn the_summary_is_the_same_bytes_for_any_jobs() {
    for format in ["text", "json"] {
        let run = |jobs: &str| {
            rapport()
                .args(["summary", "samples", "samples/qbr-notes.txt", "-q"])
                .args(["--group-by", "folder", "--format", format, "--jobs", jobs])
                .output()
                .unwrap()
                .stdout
        };
        let one = run("1");
        assert!(!one.is_empty());
        assert_eq!(one, run("4"), "{format}");
    }
}

#[test]
fn thresholds_decide_the_exit_code_as_for_check() {
    // Two samples score below 50 (6 and 47), none below 5.
    let out = rapport()
        .args(["summary", "samples", "--fail-under", "50", "-q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("2 below the fail-under score of 50"),
        "{text}"
    );
    rapport()
        .args([
            "summary",
            "samples",
            "--fail-under",
            "50",
            "--exit-zero",
            "-q",
        ])
        .assert()
        .code(0);
    rapport()
        .args(["summary", "samples", "--fail-under", "5", "-q"])
        .assert()
        .code(0);
    // An input that cannot be read is an error (exit 2), counted in the summary.
    let out = rapport()
        .args([
            "summary",
            "samples",
            "no-such-file.txt",
            "--format",
            "json",
            "-q",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"][0]["path"], "no-such-file.txt");
    assert_eq!(v["documents"], 11);
    assert_eq!(v["analyzed"], 10);
}

/// An export of four emails: two pitches by ann, two prospect-centred
/// follow-ups by bo, and one record without an author.
fn export() -> String {
    let pitch = "Subject: Quick question\n\nHi Sam,\n\nWe are the leading platform and our \
                 award-winning team built the best product on the market. We help companies \
                 like yours. Our customers love us.\n\nLet me know if you're interested.\n\nThanks";
    let followup = "Subject: Your rollout plan\n\nHi Sam,\n\nYou mentioned the rollout slipped \
                    because your team is short of analysts. How is the backlog looking this \
                    week? I'll send the revised plan by Thursday; could we review it together \
                    Friday at 10am?\n\nThanks";
    let lines = [
        json!({"id": "a1", "author": "ann", "text": pitch}),
        json!({"id": "b1", "author": "bo", "text": followup}),
        json!({"id": "a2", "author": "ann", "text": pitch}),
        json!({"id": "b2", "author": "bo", "text": followup}),
        json!({"id": "n1", "text": followup}),
    ];
    lines.iter().map(|l| format!("{l}\n")).collect()
}

fn group<'a>(s: &'a Value, name: &str) -> &'a Value {
    s["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == name)
        .unwrap_or_else(|| panic!("no group {name}: {s}"))
}

#[test]
fn group_by_a_field_of_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.ndjson");
    fs::write(&file, export()).unwrap();
    let file = file.to_str().unwrap();
    let s = summary_json(&["--input-format", "ndjson", file, "--group-by", "author"]);
    assert_eq!(s["group_by"], "author");
    let names: Vec<&str> = s["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["(none)", "ann", "bo"]);
    let (ann, bo) = (group(&s, "ann"), group(&s, "bo"));
    assert_eq!(
        (ann["documents"].as_u64(), bo["documents"].as_u64()),
        (Some(2), Some(2))
    );
    // The pitches score lower than the follow-ups.
    assert!(
        ann["mean_score"].as_f64() < bo["mean_score"].as_f64(),
        "{ann} {bo}"
    );
    // ann fails the self-focus rule in every document, bo in none.
    let fail_rate = |g: &Value, id: &str| {
        g["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["fail_rate"].clone())
    };
    assert_eq!(fail_rate(ann, "relevance/self-focus"), Some(json!(1.0)));
    assert_eq!(fail_rate(bo, "relevance/self-focus"), Some(json!(0.0)));
    // The group means agree with the scores of check.
    let check = json_of(&[
        "check",
        "--input-format",
        "ndjson",
        file,
        "--format",
        "json",
        "-q",
    ]);
    let mean_of = |author: &str| {
        let s: Vec<u64> = check["documents"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["metadata"]["author"] == author)
            .map(|d| d["score"].as_u64().unwrap())
            .collect();
        (s.iter().sum::<u64>() as f64 / s.len() as f64 * 10.0).round() / 10.0
    };
    assert_eq!(ann["mean_score"].as_f64(), Some(mean_of("ann")));
    assert_eq!(bo["mean_score"].as_f64(), Some(mean_of("bo")));

    let text = rapport()
        .args([
            "summary",
            "--input-format",
            "ndjson",
            file,
            "--group-by",
            "author",
            "-q",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("By author (3 groups"), "{text}");
    assert!(
        text.contains("100% fail  relevance/self-focus (2/2)"),
        "{text}"
    );
}

#[test]
fn group_by_folder_gives_a_group_a_sub_folder() {
    let dir = common::rep_folders();
    let root = dir.path().to_str().unwrap();
    let s = summary_json(&[root, "--group-by", "folder"]);
    assert_eq!(s["group_by"], "folder");
    let groups = s["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{s}");
    let alice = dir.path().join("alice");
    let bob = dir.path().join("bob");
    let (a, b) = (
        group(&s, alice.to_str().unwrap()),
        group(&s, bob.to_str().unwrap()),
    );
    assert_eq!(
        (a["documents"].as_u64(), b["documents"].as_u64()),
        (Some(2), Some(2))
    );
    let check = json_of(&["check", root, "--format", "json", "-q"]);
    let mean_in = |folder: &std::path::Path| {
        let s: Vec<u64> = check["documents"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| std::path::Path::new(d["path"].as_str().unwrap()).parent() == Some(folder))
            .map(|d| d["score"].as_u64().unwrap())
            .collect();
        (s.iter().sum::<u64>() as f64 / s.len() as f64 * 10.0).round() / 10.0
    };
    assert_eq!(a["mean_score"].as_f64(), Some(mean_in(&alice)));
    assert_eq!(b["mean_score"].as_f64(), Some(mean_in(&bob)));
    assert!(a["mean_score"].as_f64() < b["mean_score"].as_f64());
    // Without --group-by there are no groups.
    let s = summary_json(&[root]);
    assert_eq!(s["group_by"], Value::Null);
    assert_eq!(s["groups"], json!([]));
}

#[test]
fn group_by_needs_a_name() {
    rapport()
        .args(["summary", "samples", "--group-by", ""])
        .assert()
        .code(2);
}
