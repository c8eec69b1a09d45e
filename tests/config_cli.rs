//! Project configuration (`rapport.toml`) as a user drives it: discovery,
//! `--config` and `--no-config`, what a configuration changes in a report,
//! precedence of flags, errors with file, line and column, and
//! `rapport config`.

use std::fs;
use std::path::Path;
use std::process::Output;

mod common;

use common::{rapport, rule};
use serde_json::Value;
use tempfile::TempDir;

/// An email whose first paragraph is about "Zentrix": neutral unless
/// Zentrix is named as our own company.
const ZENTRIX_MAIL: &str = "Subject: Your support backlog

Hi Ann,

Zentrix handles ticket triage in minutes. Zentrix cuts support costs for teams like yours. Zentrix runs in every region.

How is your team coping with the backlog this quarter?

I'll send the rollout plan on Thursday; could we talk Friday at 10?
";

/// A call transcript whose file names no host, so its rep is unknown
/// unless someone says who it is.
const CALL: &str = "Dana: Thanks for joining. What prompted the call today?
Luis: Our support backlog doubled since the spring, and the team cannot keep up with it at all.
Dana: How are you handling it today?
Luis: Overtime, mostly. It is burning people out and two agents left last month.
Dana: What would a good quarter look like for you?
Luis: Half the backlog, and nobody working weekends.
Dana: Could we test our triage on a week of your tickets, starting Monday at 9?
Luis: Yes, let's do that.
";

/// Rules that judge [`ZENTRIX_MAIL`]: next-step and questions pass;
/// self-focus passes, or fails when Zentrix is our name. Tests that check a
/// score select these, so rules added later do not change it.
const THREE: &str =
    "select = [\"follow-up/next-step\", \"relevance/questions\", \"relevance/self-focus\"]\n";

/// A folder with these files (parents created).
fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().expect("a parent")).expect("folders");
        fs::write(p, text).expect("a file");
    }
    dir
}

/// Runs `rapport` in `dir`.
fn run(dir: &Path, args: &[&str]) -> Output {
    rapport()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("rapport runs")
}

/// Runs `rapport check ARGS --format json` in `dir` and returns the report.
fn report(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "--quiet"]);
    let out = run(dir, &all);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The one document of a report, by path.
fn doc<'a>(report: &'a Value, path: &str) -> &'a Value {
    report["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|d| d["path"] == path)
        .unwrap_or_else(|| panic!("no document {path} in {report}"))
}

/// The rule ids of a document's report.
fn rule_ids(doc: &Value) -> Vec<&str> {
    doc["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("an id"))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_nearest_rapport_toml_above_a_document_applies() {
    let dir = project(&[
        ("rapport.toml", "select = [\"follow-up/next-step\"]\n"),
        ("team/a/b/mail.txt", ZENTRIX_MAIL),
        (
            "team/special/rapport.toml",
            "select = [\"relevance/questions\"]\n",
        ),
        ("team/special/deep/mail.txt", ZENTRIX_MAIL),
    ]);
    let r = report(dir.path(), &["."]);
    assert_eq!(
        rule_ids(doc(&r, "./team/a/b/mail.txt")),
        ["follow-up/next-step"],
        "found three folders up"
    );
    assert_eq!(
        rule_ids(doc(&r, "./team/special/deep/mail.txt")),
        ["relevance/questions"],
        "the nearer file wins"
    );
    // Run from inside a nested folder, on a file named directly.
    let r = report(&dir.path().join("team/a/b"), &["mail.txt"]);
    assert_eq!(rule_ids(doc(&r, "mail.txt")), ["follow-up/next-step"]);
}

#[test]
fn config_flag_uses_one_file_for_everything_and_no_config_reads_none() {
    let dir = project(&[
        ("rapport.toml", "select = [\"follow-up\"]\n"),
        ("team/rapport.toml", "select = [\"relevance/questions\"]\n"),
        ("team/mail.txt", ZENTRIX_MAIL),
        ("other.toml", "select = [\"relevance/self-focus\"]\n"),
    ]);
    let r = report(dir.path(), &["team/mail.txt", "--config", "other.toml"]);
    assert_eq!(rule_ids(doc(&r, "team/mail.txt")), ["relevance/self-focus"]);
    let r = report(dir.path(), &["team/mail.txt", "--no-config"]);
    assert!(
        rule_ids(doc(&r, "team/mail.txt")).len() >= 7,
        "every rule runs"
    );
    // --no-config does not even read a broken file.
    fs::write(dir.path().join("team/rapport.toml"), "bogus = 1\n").unwrap();
    assert_eq!(
        run(dir.path(), &["check", "team/mail.txt"]).status.code(),
        Some(2)
    );
    let out = run(dir.path(), &["check", "team/mail.txt", "--no-config"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A missing --config file is an error naming it.
    let out = run(
        dir.path(),
        &["check", "team/mail.txt", "--config", "nope.toml"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "rapport: nope.toml: no such file or folder\n");
}

#[test]
fn per_glob_profile_applies_and_profile_flag_beats_it() {
    let dir = project(&[
        (
            "rapport.toml",
            "[[profile]]\npaths = [\"calls/**\"]\nprofile = \"transcript\"\n\
             [[profile]]\npaths = [\"*.txt\"]\nprofile = \"notes\"\n",
        ),
        ("calls/q3/mail.txt", ZENTRIX_MAIL),
        ("mail.txt", ZENTRIX_MAIL),
        ("drafts/mail.txt", ZENTRIX_MAIL),
    ]);
    let r = report(dir.path(), &["calls", "mail.txt", "drafts"]);
    assert_eq!(doc(&r, "calls/q3/mail.txt")["profile"], "transcript");
    assert_eq!(doc(&r, "mail.txt")["profile"], "notes");
    // `*` does not cross folders: detected from the content.
    assert_eq!(doc(&r, "drafts/mail.txt")["profile"], "email");
    let r = report(dir.path(), &["calls", "--profile", "email"]);
    assert_eq!(doc(&r, "calls/q3/mail.txt")["profile"], "email");
}

#[test]
fn self_names_from_the_config_change_the_self_focus_verdict() {
    let dir = project(&[("mail.txt", ZENTRIX_MAIL)]);
    let r = report(dir.path(), &["mail.txt"]);
    assert_eq!(
        rule(doc(&r, "mail.txt"), "relevance/self-focus")["status"],
        "pass"
    );
    fs::write(
        dir.path().join("rapport.toml"),
        "self_names = [\"Zentrix\"]\n",
    )
    .unwrap();
    let r = report(dir.path(), &["mail.txt"]);
    let d = doc(&r, "mail.txt");
    assert_eq!(rule(d, "relevance/self-focus")["status"], "fail");
    assert_eq!(d["metrics"]["self_share"], 0.75);
}

#[test]
fn config_reps_name_the_rep_of_a_transcript_without_a_host_and_rep_flag_replaces_them() {
    let dir = project(&[("call.txt", CALL)]);
    let r = report(dir.path(), &["call.txt"]);
    assert_eq!(
        rule(doc(&r, "call.txt"), "relevance/talk-ratio")["status"],
        "skip"
    );
    fs::write(dir.path().join("rapport.toml"), "reps = [\"dana\"]\n").unwrap();
    let r = report(dir.path(), &["call.txt"]);
    let d = doc(&r, "call.txt");
    assert_eq!(rule(d, "relevance/talk-ratio")["status"], "warn");
    assert_eq!(d["metrics"]["talk_share"], 0.481, "Dana's share");
    let r = report(dir.path(), &["call.txt", "--rep", "Luis"]);
    assert_eq!(
        doc(&r, "call.txt")["metrics"]["talk_share"],
        0.519,
        "--rep replaces the configuration's reps"
    );
}

#[test]
fn select_and_ignore_leave_rules_out_of_the_report() {
    let dir = project(&[
        (
            "rapport.toml",
            "select = [\"relevance\", \"follow-up/next-step\"]\n\
             ignore = [\"relevance/agenda\", \"relevance/self-focus\"]\n",
        ),
        ("mail.txt", ZENTRIX_MAIL),
    ]);
    let r = report(dir.path(), &["mail.txt", "--self-name", "Zentrix"]);
    let ids = rule_ids(doc(&r, "mail.txt"));
    assert!(ids.contains(&"follow-up/next-step"));
    assert!(ids.contains(&"relevance/questions"));
    assert!(!ids.contains(&"relevance/agenda"));
    assert!(!ids.contains(&"relevance/self-focus"));
    assert!(
        ids.iter()
            .all(|i| i.starts_with("relevance/") || *i == "follow-up/next-step"),
        "{ids:?}"
    );
    let all = rule_ids(doc(
        &report(dir.path(), &["mail.txt", "--no-config"]),
        "mail.txt",
    ))
    .len();
    assert!(ids.len() < all, "fewer rules run ({} of {all})", ids.len());
    // Only the three scoring rules: without the failing self-focus rule the
    // score is perfect.
    fs::write(
        dir.path().join("rapport.toml"),
        format!("{THREE}ignore = [\"relevance/self-focus\"]\n"),
    )
    .unwrap();
    let r = report(dir.path(), &["mail.txt", "--self-name", "Zentrix"]);
    let d = doc(&r, "mail.txt");
    assert_eq!(rule_ids(d), ["follow-up/next-step", "relevance/questions"]);
    assert_eq!(d["score"], 100);
}

#[test]
fn weight_and_threshold_overrides_change_the_score_and_status() {
    let base = format!("{THREE}self_names = [\"Zentrix\"]\n");
    let dir = project(&[("rapport.toml", &base), ("mail.txt", ZENTRIX_MAIL)]);
    // next-step and questions pass, self-focus (weight 2) fails: 2 of 4.
    let r = report(dir.path(), &["mail.txt"]);
    assert_eq!(doc(&r, "mail.txt")["score"], 50);
    fs::write(
        dir.path().join("rapport.toml"),
        format!("{base}[rules.\"relevance/self-focus\"]\nweight = 3\nseverity = \"error\"\n"),
    )
    .unwrap();
    let r = report(dir.path(), &["mail.txt"]);
    assert_eq!(doc(&r, "mail.txt")["score"], 40, "2 of 5 with weight 3");
    fs::write(
        dir.path().join("rapport.toml"),
        format!(
            "{base}[rules.\"relevance/self-focus\".profiles.email]\n\
             target = \"self_share <= 0.80\"\n\
             bands = [{{ upto = 0.80, status = \"pass\" }}, {{ status = \"fail\" }}]\n"
        ),
    )
    .unwrap();
    let r = report(dir.path(), &["mail.txt"]);
    let d = doc(&r, "mail.txt");
    let sf = rule(d, "relevance/self-focus");
    assert_eq!(sf["status"], "pass");
    assert_eq!(sf["target"], "self_share <= 0.80");
    assert_eq!(d["score"], 100);
}

#[test]
fn fail_under_from_the_config_exits_1_and_the_flag_replaces_it() {
    let config = format!("{THREE}self_names = [\"Zentrix\"]\nfail_under = 70\n");
    let dir = project(&[("rapport.toml", &config), ("mail.txt", ZENTRIX_MAIL)]);
    let out = run(dir.path(), &["check", "mail.txt", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "50 is below 70");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["below_threshold"], 1);
    let out = run(dir.path(), &["check", "mail.txt", "--fail-under", "45"]);
    assert_eq!(out.status.code(), Some(0));
    // Without the configuration, Zentrix is not our name: self-focus passes.
    let out = run(
        dir.path(),
        &["check", "mail.txt", "--self-name", "Zentrix", "--no-config"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "no threshold without the config"
    );
}

#[test]
fn an_unknown_key_is_exit_2_with_file_line_and_column_before_any_report() {
    let dir = project(&[
        (
            "rapport.toml",
            "self_names = [\"Acme\"]\n\n[[profile]]\npaths = [\"*.txt\"]\nprofiel = \"notes\"\n",
        ),
        ("mail.txt", ZENTRIX_MAIL),
    ]);
    let out = run(dir.path(), &["check", "mail.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing is analysed");
    let err = stderr(&out);
    assert!(
        err.starts_with("rapport: rapport.toml:5:1: unknown field `profiel`"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");
}

#[test]
fn unknown_rules_and_bad_overrides_are_exit_2_at_their_place() {
    let cases = [
        (
            "select = [\"relevance/self-focuss\"]\n",
            "rapport.toml:1:11: unknown rule `relevance/self-focuss`",
        ),
        (
            "ignore = [\"trsut\"]\n",
            "rapport.toml:1:11: unknown rule or principle `trsut`",
        ),
        (
            "[[suppress]]\npaths = [\"**\"]\nrules = [\"follow-up/nextstep\"]\n",
            "rapport.toml:3:10: unknown rule `follow-up/nextstep`",
        ),
        (
            "[rules.\"relevance/nope\"]\nweight = 2\n",
            "rapport.toml:1:8: unknown rule `relevance/nope`",
        ),
        (
            "[rules.\"relevance/questions\".profiles.email]\n\
             bands = [{ upto = 3, status = \"pass\" }, { upto = 1, status = \"fail\" }]\n",
            "rapport.toml:2:9: profile email: band bounds must increase",
        ),
        (
            "[rules.\"relevance/questions\"]\nweight = -1\n",
            "rapport.toml:2:10: weight must be a number >= 0",
        ),
        (
            "[[profile]]\npaths = [\"notes/{a\"]\nprofile = \"notes\"\n",
            "rapport.toml:2:10: bad glob `notes/{a`",
        ),
        (
            "fail_under = 101\n",
            "rapport.toml:1:14: fail_under must be a whole number from 0 to 100",
        ),
    ];
    for (config, expected) in cases {
        let dir = project(&[("rapport.toml", config), ("mail.txt", ZENTRIX_MAIL)]);
        let out = run(dir.path(), &["check", "mail.txt"]);
        assert_eq!(out.status.code(), Some(2), "{config}");
        assert!(out.stdout.is_empty(), "{config}");
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!("rapport: {expected}")),
            "{config}\n{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        // `rapport config` checks the configuration the same way.
        let out = run(dir.path(), &["config", "mail.txt"]);
        assert_eq!(out.status.code(), Some(2), "{config}");
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
    }
}

#[test]
fn rule_dirs_are_relative_to_the_config_and_rules_flag_adds_to_them() {
    let own_rule = fs::read_to_string("rules/relevance-questions.toml")
        .unwrap()
        .replace(
            "id = \"relevance/questions\"",
            "id = \"relevance/team-questions\"",
        );
    let dir = project(&[
        ("proj/rapport.toml", "rule_dirs = [\"team-rules\"]\n"),
        ("proj/team-rules/q.toml", &own_rule),
        ("proj/mail.txt", ZENTRIX_MAIL),
    ]);
    let r = report(dir.path(), &["proj/mail.txt"]);
    assert!(rule_ids(doc(&r, "proj/mail.txt")).contains(&"relevance/team-questions"));
    let extra = own_rule.replace("relevance/team-questions", "relevance/my-questions");
    fs::create_dir_all(dir.path().join("mine")).unwrap();
    fs::write(dir.path().join("mine/q.toml"), extra).unwrap();
    let r = report(dir.path(), &["proj/mail.txt", "--rules", "mine"]);
    let ids = rule_ids(doc(&r, "proj/mail.txt"));
    assert!(ids.contains(&"relevance/team-questions") && ids.contains(&"relevance/my-questions"));
    let out = run(
        dir.path(),
        &["config", "proj", "--format", "json", "--rules", "mine"],
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["rule_dirs"],
        serde_json::json!(["proj/team-rules", "mine"])
    );
    // A missing folder is the configuration's error.
    fs::write(
        dir.path().join("proj/rapport.toml"),
        "rule_dirs = [\"gone\"]\n",
    )
    .unwrap();
    let out = run(dir.path(), &["check", "proj/mail.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("rapport: proj/rapport.toml:1:14: rule folder `gone` not found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn records_of_an_export_use_the_config_of_its_folder() {
    let line = serde_json::json!({ "id": "t1", "text": ZENTRIX_MAIL }).to_string();
    let dir = project(&[
        ("crm/rapport.toml", "self_names = [\"Zentrix\"]\n"),
        ("crm/export.ndjson", &format!("{line}\n")),
    ]);
    let r = report(
        dir.path(),
        &["--input-format", "ndjson", "crm/export.ndjson"],
    );
    let d = doc(&r, "crm/export.ndjson#t1");
    assert_eq!(rule(d, "relevance/self-focus")["status"], "fail");
}

#[test]
fn output_is_the_same_for_any_jobs_with_several_configs() {
    let mut files: Vec<(String, String)> = vec![
        (
            "a/rapport.toml".into(),
            "self_names = [\"Zentrix\"]\n".into(),
        ),
        (
            "b/rapport.toml".into(),
            "ignore = [\"follow-up\"]\nreps = [\"Dana\"]\n".into(),
        ),
    ];
    for i in 0..12 {
        files.push((format!("a/m{i}.txt"), ZENTRIX_MAIL.into()));
        files.push((format!("b/m{i}.txt"), ZENTRIX_MAIL.into()));
        files.push((format!("b/c{i}.txt"), CALL.into()));
        files.push((format!("c/m{i}.txt"), ZENTRIX_MAIL.into()));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = project(&refs);
    let one = run(
        dir.path(),
        &["check", ".", "--format", "json", "--jobs", "1"],
    );
    let many = run(
        dir.path(),
        &["check", ".", "--format", "json", "--jobs", "8"],
    );
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(one.stdout, many.stdout);
    let v: Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 48);
    assert_eq!(
        rule(doc(&v, "./a/m3.txt"), "relevance/self-focus")["status"],
        "fail"
    );
    assert_eq!(
        rule(doc(&v, "./c/m3.txt"), "relevance/self-focus")["status"],
        "pass"
    );
    assert!(!rule_ids(doc(&v, "./b/m3.txt")).contains(&"follow-up/next-step"));
    assert_eq!(
        rule(doc(&v, "./b/c3.txt"), "relevance/talk-ratio")["status"],
        "warn"
    );
}

#[test]
fn config_command_prints_the_effective_configuration_after_flags() {
    let dir = project(&[
        (
            "rapport.toml",
            "self_names = [\"Acme\"]\nreps = [\"Dana\"]\nfail_under = 70\n\
             ignore = [\"relevance/agenda\"]\n\
             [[profile]]\npaths = [\"notes/**\"]\nprofile = \"notes\"\n\
             [[suppress]]\npaths = [\"notes/legacy/**\"]\nrules = [\"follow-up\"]\n\
             [rules.\"relevance/self-focus\"]\nweight = 2.0\n",
        ),
        ("notes/legacy/old.txt", ZENTRIX_MAIL),
    ]);
    let out = run(
        dir.path(),
        &[
            "config",
            "notes/legacy/old.txt",
            "--self-name",
            "Acme Cloud",
            "--fail-under",
            "50",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("# configuration file: rapport.toml"),
        "{text}"
    );
    // The body is TOML, in the configuration's own terms.
    let v: toml::Value = toml::from_str(&text).expect("TOML");
    assert_eq!(v["file"].as_str(), Some("rapport.toml"));
    assert_eq!(v["path_profile"].as_str(), Some("notes"));
    assert_eq!(
        v["suppressed"],
        toml::Value::Array(vec!["follow-up".into()])
    );
    assert_eq!(
        v["self_names"],
        toml::Value::Array(vec!["Acme".into(), "Acme Cloud".into()]),
        "--self-name adds"
    );
    assert_eq!(
        v["fail_under"].as_integer(),
        Some(50),
        "--fail-under replaces"
    );
    assert_eq!(v["reps"], toml::Value::Array(vec!["Dana".into()]));
    assert_eq!(
        v["rules"]["relevance/self-focus"]["weight"].as_float(),
        Some(2.0)
    );
    let active: Vec<&str> = v["active_rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(active.contains(&"relevance/questions"));
    assert!(!active.contains(&"relevance/agenda"));

    // The same as JSON; the output does not change between runs.
    let a = run(dir.path(), &["config", "--format", "json", "--rep", "Ann"]);
    let b = run(dir.path(), &["config", "--format", "json", "--rep", "Ann"]);
    assert_eq!(a.stdout, b.stdout);
    let v: Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["path"], ".");
    assert_eq!(v["reps"], serde_json::json!(["Ann"]), "--rep replaces");
    assert!(
        v.get("path_profile").is_none(),
        "a folder has no single profile"
    );

    // Without a configuration.
    let v: Value = serde_json::from_slice(
        &run(dir.path(), &["config", "--no-config", "--format", "json"]).stdout,
    )
    .unwrap();
    assert_eq!(v["file"], Value::Null);
    assert_eq!(v["self_names"], serde_json::json!([]));
}

#[test]
fn suppress_entries_accept_rules_for_the_paths_they_match() {
    let dir = project(&[
        (
            "rapport.toml",
            "self_names = [\"Zentrix\"]\n\
             [[suppress]]\npaths = [\"legacy/**\"]\nrules = [\"relevance/self-focus\"]\n",
        ),
        ("legacy/old/mail.txt", ZENTRIX_MAIL),
        ("mail.txt", ZENTRIX_MAIL),
    ]);
    let r = report(dir.path(), &["legacy", "mail.txt"]);
    let ids = |d: &Value| -> Vec<String> {
        d["suppressed"]["rules"]
            .as_array()
            .expect("suppressed rules")
            .iter()
            .map(|s| format!("{} from {}", s["id"].as_str().unwrap(), s["file"]))
            .collect()
    };
    assert_eq!(
        ids(doc(&r, "legacy/old/mail.txt")),
        ["relevance/self-focus from \"config\""]
    );
    assert!(ids(doc(&r, "mail.txt")).is_empty());
}

#[test]
fn rules_explain_and_rules_test_show_the_rules_check_runs_in_the_project() {
    let own_rule = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kinds/ratio.toml"),
    )
    .unwrap();
    let dir = project(&[
        (
            "rapport.toml",
            "ignore = [\"trust\"]\nrule_dirs = [\"team-rules\"]\n",
        ),
        ("team-rules/you-we.toml", &own_rule),
    ]);
    let out = run(dir.path(), &["rules", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"relevance/team-you-we"), "{ids:?}");
    assert!(!ids.iter().any(|i| i.starts_with("trust/")), "{ids:?}");
    // explain knows the team's rule; --no-config shows the default pack.
    let out = run(dir.path(), &["explain", "relevance/team-you-we"]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(dir.path(), &["explain", "trust/hype", "--no-config"]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(dir.path(), &["explain", "trust/hype"]);
    assert_eq!(out.status.code(), Some(2), "ignored by the configuration");
    // rules test runs the team's examples along with the defaults.
    let out = run(dir.path(), &["rules", "test"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("ok    relevance/team-you-we"), "{stdout}");
}
