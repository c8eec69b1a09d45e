//! Suppressions as a team uses them: `rapport: ignore` directives in a
//! document (next line, trailing, in comments, by principle), `ignore-file`,
//! config ignores, and what the report says about them.

use std::collections::BTreeMap;

mod common;

use common::{json_of, pack, rapport, rule};
use serde_json::Value;

const FIXTURES: &str = "tests/fixtures/suppress";

/// A pitch: self-focus fails (two sentences about us, one about the
/// reader), and "leading" on line 3 is a self-focus boast finding.
const PITCH: &str = "\
Hi Ann,

We are the leading provider of payroll software.
Our platform is trusted by 4,000 companies.
How is your team handling the month-end close today?

Could we talk Thursday at 10?
";

/// Inserts `line` before the 1-based line `at` of `text`.
fn insert_line(text: &str, at: usize, line: &str) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    lines.insert(at - 1, line);
    lines.join("\n")
}

/// Appends `tail` to the 1-based line `at` of `text`.
fn append_to_line(text: &str, at: usize, tail: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    lines[at - 1].push_str(tail);
    lines.join("\n")
}

/// The JSON report of `text` read as an email draft from stdin.
fn check(text: &str) -> Value {
    let out = rapport()
        .args([
            "check",
            "-",
            "--stdin-name",
            "draft.txt",
            "--profile",
            "email",
            "--format",
            "json",
        ])
        .write_stdin(text)
        .output()
        .expect("rapport runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    v["documents"][0].clone()
}

/// The findings of rule `id`, as (line, excerpt).
fn findings_of(doc: &Value, id: &str) -> Vec<(u64, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == id)
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["excerpt"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn warnings(doc: &Value) -> Vec<String> {
    doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

/// The entry of rule `id` in the document's `suppressed.rules`.
fn suppressed<'a>(doc: &'a Value, id: &str) -> Option<&'a Value> {
    doc["suppressed"]["rules"]
        .as_array()
        .expect("suppressed.rules is an array")
        .iter()
        .find(|r| r["id"] == id)
}

/// The weight of each rule of the default pack.
fn weights() -> BTreeMap<String, f64> {
    json_of(&["rules", "--format", "json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["weight"].as_f64().unwrap(),
            )
        })
        .collect()
}

/// `round(100 * weighted mean)` of the scored rules of a document, with
/// rule `id` scored `as_if` instead (`None`: left out).
fn score_with(doc: &Value, id: &str, as_if: Option<f64>) -> u64 {
    let w = weights();
    let (mut sum, mut total) = (0.0, 0.0);
    for r in doc["rules"].as_array().unwrap() {
        let score = if r["id"] == id {
            as_if
        } else {
            r["score"].as_f64()
        };
        if let Some(s) = score {
            let weight = w[r["id"].as_str().unwrap()];
            sum += weight * s;
            total += weight;
        }
    }
    (100.0 * sum / total).round() as u64
}

#[test]
fn next_line_directive_drops_the_finding_and_changes_the_verdict() {
    let plain = check(PITCH);
    assert_eq!(rule(&plain, "relevance/self-focus")["status"], "fail");
    assert_eq!(
        findings_of(&plain, "relevance/self-focus"),
        vec![(3, "leading".to_string())]
    );

    // The directive on line 3 applies to the next line with text (line 5,
    // after a blank line): the boast there is accepted.
    let text = insert_line(PITCH, 3, "rapport: ignore relevance/self-focus\n");
    let doc = check(&text);
    let sf = rule(&doc, "relevance/self-focus");
    assert!(findings_of(&doc, "relevance/self-focus").is_empty());
    // One sentence about us, one about the reader: the verdict is measured
    // again without the suppressed line.
    assert_eq!(sf["status"], "pass");
    assert_eq!(sf["value"], 0.5);
    assert!(
        sf["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["line"] != 5),
        "no evidence on the suppressed line: {sf}"
    );
    let entry = suppressed(&doc, "relevance/self-focus").expect("listed");
    assert_eq!(entry["lines"], serde_json::json!([5]));
    assert_eq!(entry["file"], Value::Null);
    assert_eq!(entry["findings"], 1);
    // Other rules still read the line.
    assert_eq!(
        findings_of(&doc, "trust/hype")
            .iter()
            .filter(|(l, _)| *l == 5)
            .count(),
        findings_of(&plain, "trust/hype")
            .iter()
            .filter(|(l, _)| *l == 3)
            .count()
    );
    assert!(warnings(&doc).is_empty(), "{:?}", warnings(&doc));
}

#[test]
fn trailing_directive_applies_to_its_own_line() {
    let text = append_to_line(PITCH, 3, "  # rapport: ignore relevance/self-focus");
    let doc = check(&text);
    assert!(findings_of(&doc, "relevance/self-focus").is_empty());
    assert_eq!(rule(&doc, "relevance/self-focus")["status"], "pass");
    assert_eq!(
        suppressed(&doc, "relevance/self-focus").unwrap()["lines"],
        serde_json::json!([3])
    );
    // The same directive at the end of line 4 accepts line 4, not line 3.
    let text = append_to_line(PITCH, 4, " // rapport: ignore relevance/self-focus");
    let doc = check(&text);
    assert_eq!(
        findings_of(&doc, "relevance/self-focus"),
        vec![(3, "leading".to_string())]
    );
    assert_eq!(
        suppressed(&doc, "relevance/self-focus").unwrap()["lines"],
        serde_json::json!([4])
    );
}

#[test]
fn html_comment_directive_on_its_own_line() {
    let text = insert_line(
        PITCH,
        3,
        "<!-- rapport: ignore relevance/self-focus -- quoted from their site -->",
    );
    let doc = check(&text);
    assert!(findings_of(&doc, "relevance/self-focus").is_empty());
    assert_eq!(rule(&doc, "relevance/self-focus")["status"], "pass");
    assert_eq!(doc["suppressed"]["findings"], 1);
    assert!(warnings(&doc).is_empty(), "{:?}", warnings(&doc));
}

#[test]
fn principle_prefix_suppresses_every_rule_of_the_principle() {
    // Line 5 holds the only question: `relevance` covers both the
    // self-focus boast on line 3 and the question rule.
    let text = append_to_line(PITCH, 3, " <!-- rapport: ignore relevance -->");
    let text = append_to_line(&text, 5, " <!-- rapport: ignore relevance -->");
    let plain = check(PITCH);
    let doc = check(&text);
    assert!(findings_of(&doc, "relevance/self-focus").is_empty());
    assert_eq!(rule(&plain, "relevance/questions")["value"], 2);
    assert_eq!(rule(&doc, "relevance/questions")["value"], 1);
    assert_eq!(
        suppressed(&doc, "relevance/questions").unwrap()["lines"],
        serde_json::json!([5])
    );
    assert_eq!(
        suppressed(&doc, "relevance/self-focus").unwrap()["lines"],
        serde_json::json!([3, 5])
    );
    assert!(suppressed(&doc, "follow-up/next-step").is_none());
    assert!(warnings(&doc).is_empty(), "{:?}", warnings(&doc));
}

#[test]
fn ignore_file_leaves_the_rule_out_of_the_score() {
    // No question at all: the question rule fails.
    let text = "Hi Ann,\n\nWe are the leading provider of payroll software.\n\
                I will send the revised plan by Friday.\n";
    let plain = check(text);
    assert_eq!(rule(&plain, "relevance/questions")["status"], "fail");

    let doc = check(&format!(
        "{text}<!-- RAPPORT: Ignore-File relevance/questions -->\n"
    ));
    let q = rule(&doc, "relevance/questions");
    // The measured status is kept for the reader; it carries no score.
    assert_eq!(q["status"], "fail");
    assert_eq!(q["value"], 0);
    assert_eq!(q["score"], Value::Null);
    assert_eq!(q["suppressed"], "ignore-file");
    assert!(
        rule(&plain, "relevance/questions")
            .get("suppressed")
            .is_none()
    );

    let score = doc["score"].as_u64().unwrap();
    assert_ne!(score, plain["score"].as_u64().unwrap());
    // Left out, not counted as passed.
    assert_eq!(score, score_with(&doc, "relevance/questions", None));
    assert_ne!(score, score_with(&doc, "relevance/questions", Some(1.0)));
    assert_eq!(
        score_with(&plain, "", None),
        plain["score"].as_u64().unwrap()
    );

    let entry = suppressed(&doc, "relevance/questions").unwrap();
    assert_eq!(entry["file"], "ignore-file");
    assert_eq!(entry["lines"], serde_json::json!([]));
    assert!(warnings(&doc).is_empty(), "{:?}", warnings(&doc));
}

#[test]
fn json_counts_suppressed_rules_and_findings() {
    let plain = check(PITCH);
    let text = insert_line(PITCH, 3, "rapport: ignore relevance/self-focus, trust");
    let text = format!("{text}rapport: ignore-file homework\n");
    let doc = check(&text);
    let s = &doc["suppressed"];
    let ids: Vec<&str> = s["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "sorted by id");
    assert!(ids.contains(&"relevance/self-focus"));
    // Each count is the findings an unsuppressed run reports and this one
    // does not; the total is their sum.
    let mut total = 0;
    for r in s["rules"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        let before = findings_of(&plain, id).len() as u64;
        let after = findings_of(&doc, id).len() as u64;
        assert_eq!(r["findings"].as_u64().unwrap(), before - after, "{id}");
        total += r["findings"].as_u64().unwrap();
        if id.starts_with("homework/") {
            assert_eq!(r["file"], "ignore-file");
            assert_eq!(rule(&doc, id)["score"], Value::Null);
        }
    }
    assert_eq!(s["findings"].as_u64().unwrap(), total);
    assert!(total >= 1);
    // A document without directives reports an empty suppression.
    assert_eq!(
        plain["suppressed"],
        serde_json::json!({ "rules": [], "findings": 0 })
    );
}

#[test]
fn unused_directive_is_a_warning_naming_its_line() {
    // Line 5 (the target of line 4) asks nothing; the next step passes;
    // the last directive has no line after it.
    let text = insert_line(PITCH, 4, "rapport: ignore relevance/questions");
    let text = format!(
        "{text}<!-- rapport: ignore-file follow-up/next-step -->\n# rapport: ignore relevance/self-focus\n"
    );
    let doc = check(&text);
    let w = warnings(&doc);
    assert!(
        w.contains(&"line 4: 'rapport: ignore relevance/questions' suppresses nothing".to_string()),
        "{w:?}"
    );
    // The next step passed: ignoring it for the file suppresses nothing
    // (but it is still left out of the score).
    assert!(
        w.contains(
            &"line 9: 'rapport: ignore-file follow-up/next-step' suppresses nothing".to_string()
        ),
        "{w:?}"
    );
    assert!(
        w.contains(
            &"line 10: 'rapport: ignore relevance/self-focus' suppresses nothing".to_string()
        ),
        "{w:?}"
    );
    assert_eq!(
        rule(&doc, "follow-up/next-step")["suppressed"],
        "ignore-file"
    );
    assert!(suppressed(&doc, "relevance/questions").is_none());
    assert_eq!(rule(&doc, "relevance/questions")["value"], 2);
}

#[test]
fn unknown_rule_is_a_warning_naming_its_line() {
    let text = insert_line(
        PITCH,
        3,
        "<!-- rapport: ignore relevance/self-focus, relevanse -->",
    );
    let doc = check(&text);
    let w = warnings(&doc);
    assert_eq!(
        w,
        vec!["line 3: 'rapport: ignore relevanse' names no rule or principle of the pack"]
    );
    // The known entry still applies.
    assert!(findings_of(&doc, "relevance/self-focus").is_empty());
}

#[test]
fn unreadable_directive_in_a_comment_is_a_warning() {
    let text = insert_line(PITCH, 3, "<!-- rapport: ignore relevance self-focus -->");
    let doc = check(&text);
    let w = warnings(&doc);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with("line 3: 'rapport: ignore relevance self-focus' is not a directive"),
        "{w:?}"
    );
    // Nothing is suppressed, and the comment is no sentence.
    assert_eq!(
        findings_of(&doc, "relevance/self-focus"),
        vec![(4, "leading".to_string())]
    );
    assert_eq!(
        doc["metrics"]["sentences"],
        check(PITCH)["metrics"]["sentences"]
    );
}

#[test]
fn directive_text_is_not_a_sentence() {
    let plain = check(PITCH);
    for text in [
        insert_line(PITCH, 3, "rapport: ignore relevance/questions"),
        insert_line(PITCH, 3, "<!-- rapport: ignore relevance/questions -->"),
        insert_line(PITCH, 3, "> rapport: ignore-file relevance/questions."),
        append_to_line(PITCH, 3, " rapport: ignore relevance/questions"),
    ] {
        let doc = check(&text);
        assert_eq!(
            doc["metrics"]["sentences"], plain["metrics"]["sentences"],
            "{text}"
        );
        assert_eq!(doc["metrics"]["words"], plain["metrics"]["words"], "{text}");
        // No sentence or phrase is cut from the directive (evidence about
        // the whole text may span it).
        for r in doc["rules"].as_array().unwrap() {
            for e in r["evidence"].as_array().unwrap() {
                let t = e["text"].as_str().unwrap().trim();
                assert!(
                    !t.starts_with("rapport")
                        && !t.starts_with("<!--")
                        && !t.starts_with('>')
                        && !t.ends_with("relevance/questions")
                        && !t.ends_with("relevance/questions.")
                        && !t.ends_with("-->"),
                    "evidence cut from the directive: {e}"
                );
            }
        }
    }
    // Prose that only mentions rapport stays prose.
    let text = insert_line(
        PITCH,
        3,
        "Building rapport: ignore the small talk and listen.",
    );
    let doc = check(&text);
    assert_eq!(
        doc["metrics"]["sentences"].as_u64().unwrap(),
        plain["metrics"]["sentences"].as_u64().unwrap() + 1
    );
    assert!(warnings(&doc).is_empty());
}

#[test]
fn directive_lines_are_not_speakers_in_a_transcript() {
    let doc =
        &json_of(&["check", &format!("{FIXTURES}/call.txt"), "--format", "json"])["documents"][0];
    assert_eq!(doc["profile"], "transcript");
    assert_eq!(doc["metrics"]["speakers"], 2);
    assert_eq!(doc["reps"], serde_json::json!(["Dana"]));
    // Line 5, the rep's pitch, is accepted for self-focus.
    assert_eq!(
        suppressed(doc, "relevance/self-focus").unwrap()["lines"],
        serde_json::json!([5])
    );
    assert!(findings_of(doc, "relevance/self-focus").is_empty());
}

#[test]
fn text_report_shows_suppressions_in_one_line() {
    let text = format!("{PITCH}rapport: ignore-file relevance/self-focus\n");
    let out = rapport()
        .args([
            "check",
            "-",
            "--stdin-name",
            "draft.txt",
            "--profile",
            "email",
            "--color",
            "never",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("  suppressed: relevance/self-focus (file), 1 finding\n"),
        "{stdout}"
    );
    let line = stdout
        .lines()
        .find(|l| l.contains(" relevance/self-focus "))
        .unwrap();
    assert!(line.trim_start().starts_with("fail"), "{line}");
    assert!(
        line.ends_with("[suppressed by ignore-file: not scored]"),
        "{line}"
    );
    assert!(
        !stdout.contains("- relevance/self-focus:"),
        "no coaching tip: {stdout}"
    );
    assert!(
        !stdout.contains("warning[relevance/self-focus]")
            && !stdout.contains("info[relevance/self-focus]")
    );
}

#[test]
fn output_is_byte_identical_for_any_jobs() {
    for format in ["text", "json", "ndjson"] {
        let run = |jobs: &str| {
            rapport()
                .args([
                    "check", FIXTURES, "--format", format, "--jobs", jobs, "--color", "never",
                ])
                .output()
                .unwrap()
                .stdout
        };
        let one = run("1");
        assert!(!one.is_empty());
        assert_eq!(one, run("2"), "{format}");
        assert_eq!(one, run("4"), "{format}");
    }
    let v = json_of(&["check", FIXTURES, "--format", "json", "--jobs", "2"]);
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 3);
    assert!(
        docs.iter()
            .all(|d| !d["suppressed"]["rules"].as_array().unwrap().is_empty())
    );
}

#[test]
fn config_ignores_suppress_the_whole_file_without_warnings() {
    use rapport::analyze::analyze_with;
    use rapport::document::{Document, ReadOptions};
    use rapport::outcome::{Status, Suppression};
    use rapport::profile::Profile;

    let doc = Document::new(
        "draft.txt",
        PITCH.to_string(),
        Profile::Email,
        &ReadOptions::default(),
    );
    let plain = analyze_with(&doc, pack(), &[]);
    let ignores = [
        "relevance/self-focus".to_string(),
        "no-such-rule".to_string(),
    ];
    let report = analyze_with(&doc, pack(), &ignores);
    let sf = report
        .rules
        .iter()
        .find(|r| r.id == "relevance/self-focus")
        .unwrap();
    assert_eq!(sf.status, Status::Fail);
    assert_eq!(sf.score, None);
    assert_eq!(sf.suppressed, Some(Suppression::Config));
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.rule != "relevance/self-focus")
    );
    assert_eq!(report.suppressed.rules.len(), 1);
    assert_eq!(report.suppressed.rules[0].file, Some(Suppression::Config));
    assert_eq!(report.suppressed.findings, 1);
    // Unused or unknown config entries are not warnings.
    assert_eq!(report.warnings, plain.warnings);
    assert!(report.score > plain.score);
    assert!(rapport::suppress::is_known("relevance", pack()));
    assert!(!rapport::suppress::is_known("no-such-rule", pack()));
    // `analyze` is `analyze_with` without config ignores.
    assert_eq!(rapport::analyze(&doc, pack()).score, plain.score);
}

/// Text made of directive pieces, comment markers, prose, line breaks and
/// wide characters, in any order.
fn directive_soup() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("rapport: ignore ".to_string()),
        Just("RAPPORT:IGNORE-FILE ".to_string()),
        Just("relevance/self-focus".to_string()),
        Just("relevance".to_string()),
        Just(", ".to_string()),
        Just(" -- ".to_string()),
        Just("<!-- ".to_string()),
        Just(" -->".to_string()),
        Just("# ".to_string()),
        Just("// ".to_string()),
        Just("> ".to_string()),
        Just("Dana: ".to_string()),
        Just("Rapport: ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("We are the leading provider. ".to_string()),
        Just("How is your team? ".to_string()),
        Just("日本語é".to_string()),
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Directives anywhere, however malformed, never panic, keep positions
    /// inside the text, and warnings name a line.
    #[test]
    fn directives_in_any_text_never_panic(text in directive_soup(), which in 0usize..3) {
        use rapport::document::{Document, ReadOptions};
        use rapport::profile::Profile;
        use rapport::report::{Summary, json, text as text_report};

        let profile = [Profile::Email, Profile::Notes, Profile::Transcript][which];
        let opts = ReadOptions { reps: vec!["Dana".into()] };
        let doc = Document::new("x.txt", text, profile, &opts);
        proptest::prop_assert_eq!(doc.flat.len(), doc.text.len());
        let ignores = ["relevance".to_string()];
        let report = rapport::analyze::analyze_with(&doc, pack(), &ignores);
        proptest::prop_assert!(report.score <= 100);
        for f in &report.findings {
            proptest::prop_assert!(f.byte_start <= f.byte_end && f.byte_end <= doc.text.len());
        }
        let total: usize = report.suppressed.rules.iter().map(|r| r.findings).sum();
        proptest::prop_assert_eq!(total, report.suppressed.findings);
        for w in report.warnings.iter().filter(|w| w.contains("'rapport:")) {
            proptest::prop_assert!(w.starts_with("line "), "{}", w);
        }
        let mut out = Vec::new();
        text_report::write_document(&mut out, &report, &text_report::Style::new(false)).unwrap();
        let docs = [report];
        json::write_json(&mut out, &docs, &[], &Summary::of(&docs, 0, None)).unwrap();
    }
}
