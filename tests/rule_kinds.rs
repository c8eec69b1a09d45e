//! The generic check kinds a team can build rules from without code:
//! existence, substitution, count, ratio, presence and unless. Each fixture
//! rule in tests/fixtures/kinds states its own examples; the tests here run
//! them and check what a user reads in the report.

mod common;

use std::path::PathBuf;

use rapport::examples::run_examples;
use rapport::outcome::Severity;
use rapport::rule::{Pack, PackOptions};

fn kinds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kinds")
}

fn kinds_pack() -> Pack {
    Pack::with_user_rules(&[kinds_dir()], &PackOptions::default()).expect("fixture rules load")
}

#[test]
fn every_generic_kind_gives_the_verdicts_its_examples_state() {
    let pack = kinds_pack();
    let mut kinds = Vec::new();
    let mut failures = Vec::new();
    for rule in pack.rules.iter().filter(|r| r.origin != "default") {
        kinds.push(rule.spec.kind.clone());
        for r in run_examples(rule) {
            if !r.holds() {
                failures.push(format!(
                    "{} #{}: {}",
                    r.rule,
                    r.index,
                    r.problems.join("; ")
                ));
            }
        }
    }
    kinds.sort();
    assert_eq!(
        kinds,
        [
            "count",
            "existence",
            "presence",
            "ratio",
            "substitution",
            "unless"
        ]
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Compiles a rule from the text of a rule file.
fn rule_from(name: &str, text: &str) -> rapport::rule::Rule {
    let spec = rapport::rule::parse_spec(name, text).expect("rule parses");
    let check = rapport::checks::compile(&spec).expect("rule compiles");
    rapport::rule::Rule {
        spec,
        origin: name.into(),
        check,
    }
}

fn check_json(path: &str, text: &str, extra: &[&str]) -> serde_json::Value {
    let dir = kinds_dir();
    let mut args = vec![
        "check",
        "-",
        "--stdin-name",
        path,
        "--format",
        "json",
        "--rules",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = common::rapport()
        .args(&args)
        .write_stdin(text)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn findings_of<'a>(doc: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

#[test]
fn substitution_findings_name_the_replacement() {
    let v = check_json("draft.txt", "We utilize it in order to close.\n", &[]);
    let doc = &v["documents"][0];
    let f = findings_of(doc, "clarity/team-plain-words");
    let messages: Vec<&str> = f.iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert_eq!(
        messages,
        ["\"utilize\": say \"use\".", "\"in order to\": say \"to\"."]
    );
    assert_eq!(f[0]["suggestion"], "Write \"use\".");
}

#[test]
fn a_softened_hit_is_info_and_does_not_count() {
    let pack = kinds_pack();
    let rule = pack.get("trust/team-jargon").unwrap();
    let doc = rapport::document::Document::new(
        "d.txt",
        "We leverage, for example, your ledger. Synergy matters.".into(),
        rapport::profile::Profile::Email,
        &Default::default(),
    );
    let (o, _) = rapport::analyze::run_rule(rule, &doc);
    let sev: Vec<Severity> = o.findings.iter().map(|f| f.severity).collect();
    assert_eq!(sev, [Severity::Info, Severity::Warning]);
    assert_eq!(o.value, rapport::outcome::Value::Number(1.0));
}

#[test]
fn an_error_finding_fails_the_rule_and_points_at_the_text() {
    let v = check_json("draft.txt", "Hi {{first_name}},\nthanks.\n", &[]);
    let doc = &v["documents"][0];
    assert_eq!(common::rule(doc, "trust/team-jargon")["status"], "fail");
    let f = findings_of(doc, "trust/team-jargon");
    assert_eq!(f[0]["severity"], "error");
    assert_eq!(
        (f[0]["line"].as_u64(), f[0]["column"].as_u64()),
        (Some(1), Some(4))
    );
}

#[test]
fn unless_looks_only_as_far_as_nearby_says() {
    let pack = kinds_pack();
    let rule = pack.get("ownership/team-excuses").unwrap();
    let mut spec = rule.spec.clone();
    spec.options.nearby = 2;
    let wide = rapport::checks::compile(&spec).unwrap();
    let text = "No reply; they are on vacation. The deck is ready. I'll call Anna on Monday.";
    let doc = rapport::document::Document::new(
        "n.md",
        text.into(),
        rapport::profile::Profile::Notes,
        &Default::default(),
    );
    let (narrow, _) = rapport::analyze::run_rule(rule, &doc);
    assert_eq!(narrow.status, rapport::outcome::Status::Warn);
    let widened = rapport::rule::Rule {
        spec,
        origin: "test".into(),
        check: wide,
    };
    let (o, _) = rapport::analyze::run_rule(&widened, &doc);
    assert_eq!(o.status, rapport::outcome::Status::Pass);
}

#[test]
fn case_and_word_boundaries_follow_the_options() {
    let base = std::fs::read_to_string(kinds_dir().join("existence.toml")).unwrap();
    let exact = base.replace(
        "[lists]",
        "[options]\nmatch_case = true\nword_boundary = false\n\n[lists]",
    );
    let rule = rule_from("exact.toml", &exact);
    let doc = rapport::document::Document::new(
        "d.txt",
        "Synergy is not synergyish; leverage.".into(),
        rapport::profile::Profile::Email,
        &Default::default(),
    );
    let (o, _) = rapport::analyze::run_rule(&rule, &doc);
    // Case-sensitive: "Synergy" misses; no word boundary: "synergyish" hits.
    assert_eq!(o.value, rapport::outcome::Value::Number(2.0));
}

#[test]
fn broken_generic_rules_are_refused_with_the_reason() {
    let base = std::fs::read_to_string(kinds_dir().join("unless.toml")).unwrap();
    let cases = [
        (
            base.replace("[findings.condition]", "[findings.other]"),
            "needs a `[findings.condition]` message",
        ),
        (
            base.replace("unless = [", "rescue = ["),
            "needs a list named `unless`",
        ),
        (
            base.replace("target = \"0\"", "target = \"0\"\nonly_when = \"meeting\""),
            "does not know `only_when = \"meeting\"`",
        ),
        (
            base.replace("[lists]", "[substitutions]\n\"a\" = \"b\"\n\n[lists]"),
            "only read by kind `substitution`",
        ),
        (
            base.replace(
                "bands = [{ upto = 0, status = \"pass\" }, { status = \"warn\" }]",
                "",
            ),
            "needs `bands` (or `min` / `max`)",
        ),
    ];
    for (text, want) in cases {
        let spec = rapport::rule::parse_spec("r.toml", &text).unwrap();
        let err = rapport::checks::compile(&spec).unwrap_err();
        assert!(err.contains(want), "{err:?} should contain {want:?}");
    }
}

#[test]
fn reply_only_rules_skip_first_messages() {
    let base = std::fs::read_to_string(kinds_dir().join("presence.toml")).unwrap();
    let text = base.replace(
        "target = \"a weekday in the closing third\"",
        "target = \"a weekday\"\nonly_when = \"reply\"",
    );
    let rule = rule_from("r.toml", &text);
    let read = |t: &str| {
        rapport::document::Document::new(
            "d.txt",
            t.into(),
            rapport::profile::Profile::Email,
            &Default::default(),
        )
    };
    let first = read("Subject: Intro\n\nHere is the deck. Talk soon.\n");
    let reply = read("Subject: Re: Intro\n\nHere is the deck. Talk soon.\n");
    use rapport::outcome::Status;
    assert_eq!(
        rapport::analyze::run_rule(&rule, &first).0.status,
        Status::Skip
    );
    assert_eq!(
        rapport::analyze::run_rule(&rule, &reply).0.status,
        Status::Warn
    );
    // A list named `earlier_contact` marks follow-ups sent as new threads;
    // its hits do not count as the rule's own evidence.
    let text = text.replace(
        "[lists]\n",
        "[lists]\nearlier_contact = [\"thanks for your time\"]\n",
    );
    let rule = rule_from("r.toml", &text);
    let follow_up = read("Subject: Intro\n\nThanks for your time. Here is the deck. Talk soon.\n");
    assert_eq!(
        rapport::analyze::run_rule(&rule, &follow_up).0.status,
        Status::Warn
    );
}

#[test]
fn rules_test_reports_a_failing_example_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(kinds_dir().join("ratio.toml")).unwrap();
    // The second example is flagged by the rule; claim it passes.
    let broken = text.replace(
        "status = \"warn\"\nvalue = 0.75",
        "status = \"pass\"\nvalue = 0.75",
    );
    assert_ne!(broken, text);
    std::fs::write(dir.path().join("ratio.toml"), broken).unwrap();
    let out = common::rapport()
        .args(["rules", "test", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("FAIL  relevance/team-you-we")
            && stdout.contains("example 2 (email): status warn, expected pass"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("1 rule, 3 examples: 2 hold, 1 fails\n"),
        "{stdout}"
    );
    // Only the folder's rules are tested, not the default pack.
    assert!(!stdout.contains("relevance/questions"), "{stdout}");
}

#[test]
fn rules_test_of_the_kinds_fixtures_passes_and_a_broken_file_is_exit_2() {
    let out = common::rapport()
        .args(["rules", "test", kinds_dir().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.toml"), "id = \"trust/x\"\nkind = 3\n").unwrap();
    let out = common::rapport()
        .args(["rules", "test", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.toml:2:"), "{stderr}");
}

fn notes(text: &str) -> rapport::document::Document {
    rapport::document::Document::new(
        "n.md",
        text.into(),
        rapport::profile::Profile::Notes,
        &Default::default(),
    )
}

fn email(text: &str) -> rapport::document::Document {
    rapport::document::Document::new(
        "d.txt",
        text.into(),
        rapport::profile::Profile::Email,
        &Default::default(),
    )
}

#[test]
fn presence_counts_every_list_so_names_from_the_run_count() {
    let base = std::fs::read_to_string(kinds_dir().join("presence.toml")).unwrap();
    let text = base.replace("[lists]\n", "[lists]\nprospect_names = [\"Globex\"]\n");
    let rule = rule_from("r.toml", &text);
    let doc = email("Here is the deck. Talk soon. Globex is ready.");
    let (o, _) = rapport::analyze::run_rule(&rule, &doc);
    assert_eq!(o.status, rapport::outcome::Status::Pass);
}

#[test]
fn when_absent_skip_leaves_documents_without_the_condition_unscored() {
    let base = std::fs::read_to_string(kinds_dir().join("unless.toml")).unwrap();
    let text = base.replace("[lists]", "[options]\nwhen_absent = \"skip\"\n\n[lists]");
    let rule = rule_from("r.toml", &text);
    let (o, _) = rapport::analyze::run_rule(&rule, &notes("Call went well. Pricing agreed."));
    assert_eq!(o.status, rapport::outcome::Status::Skip);
    assert_eq!(o.score, None);
    let (o, _) = rapport::analyze::run_rule(&rule, &notes("They are on vacation. I'll call."));
    assert_eq!(o.status, rapport::outcome::Status::Pass);
}

#[test]
fn same_sentence_answers_count_only_in_their_own_sentence() {
    let base = std::fs::read_to_string(kinds_dir().join("unless.toml")).unwrap();
    let text = base.replace(
        "[lists]\n",
        "[lists]\nunless_same_sentence = [\"despite\"]\n",
    );
    let rule = rule_from("r.toml", &text);
    let run = |t: &str| rapport::analyze::run_rule(&rule, &notes(t)).0.status;
    use rapport::outcome::Status;
    assert_eq!(run("Despite the economy, the pilot grew."), Status::Pass);
    assert_eq!(
        run("Sales slipped with the economy. Despite that, hiring went on."),
        Status::Warn
    );
}

#[test]
fn overlapping_phrases_of_one_list_count_once() {
    let base = std::fs::read_to_string(kinds_dir().join("existence.toml")).unwrap();
    let text = base.replace(
        "jargon = [\"synergy\", \"leverage\"]",
        "jargon = [\"just following up\", \"following up on my last email\"]",
    );
    let rule = rule_from("r.toml", &text);
    let (o, _) = rapport::analyze::run_rule(
        &rule,
        &email("Just following up on my last email about the pilot."),
    );
    assert_eq!(o.value, rapport::outcome::Value::Number(1.0));
    assert_eq!(o.findings.len(), 1);
}

#[test]
fn a_backspace_from_a_double_quoted_regex_is_refused() {
    let base = std::fs::read_to_string(kinds_dir().join("existence.toml")).unwrap();
    let text = base.replace(
        "placeholder = ['\\{\\{[^}]*\\}\\}']",
        "placeholder = [\"\\bfoo\"]",
    );
    assert_ne!(text, base);
    let err = rapport::rule::parse_spec("r.toml", &text)
        .unwrap_err()
        .to_string();
    assert!(err.contains("control character U+0008"), "{err}");
    assert!(err.starts_with("r.toml:"), "{err}");
}

#[test]
fn a_sequence_matches_its_parts_in_order_nearby_and_within_a_sentence() {
    let base = std::fs::read_to_string(kinds_dir().join("unless.toml")).unwrap();
    let text = base.replace(
        "condition = [\"on vacation\", \"the economy\"]",
        "shortfall = [\"fell\", \"slipped\"]\ncause = [\"the economy\", \"the holidays\"]",
    ) + "\n[sequences]\ncondition = [{ parts = [\"shortfall\", \"cause\"], gap = 20 }]\n";
    let rule = rule_from("r.toml", &text);
    let value = |t: &str| rapport::analyze::run_rule(&rule, &notes(t)).0.value;
    use rapport::outcome::Value::Number;
    assert_eq!(value("Sales fell with the economy."), Number(1.0));
    // Out of order, too far apart, or across a sentence end: no hit.
    assert_eq!(value("The economy is why sales fell."), Number(0.0));
    assert_eq!(
        value("Sales fell over the long and quiet weeks before the holidays."),
        Number(0.0)
    );
    assert_eq!(value("Sales fell. The economy is fine."), Number(0.0));
    let bad = text.replace("\"shortfall\", \"cause\"", "\"shortfall\", \"nothing\"");
    let spec = rapport::rule::parse_spec("r.toml", &bad).unwrap();
    let err = rapport::checks::compile(&spec).unwrap_err();
    assert!(err.contains("part `nothing` is not a list"), "{err}");
}
