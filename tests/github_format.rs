//! `--format github`: GitHub Actions workflow commands, one a line, that the
//! runner turns into annotations on the files, with values escaped so that
//! they read back as written.

use std::collections::BTreeMap;

mod common;

use common::{json_of, rapport};
use serde_json::Value;

/// Runs `rapport check ARGS --format github` and returns its lines and exit
/// code.
fn github(args: &[&str], stdin: Option<&str>) -> (Vec<String>, i32) {
    let all: Vec<&str> = ["check"]
        .into_iter()
        .chain(args.iter().copied())
        .chain(["--format", "github", "-q"])
        .collect();
    let (text, code) = common::run(&all, stdin.unwrap_or(""));
    assert!(text.ends_with('\n'));
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    for l in &lines {
        assert!(l.starts_with("::"), "every line is a command: {l:?}");
    }
    (lines, code)
}

/// What the runner reads back from an escaped value (the runner's own
/// unescaping, in its order).
fn unescape(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// A command line split as the runner splits it: the command, its
/// properties (unescaped) and its message (unescaped).
struct Command {
    name: String,
    props: BTreeMap<String, String>,
    message: String,
}

fn parse(line: &str) -> Command {
    let rest = line.strip_prefix("::").expect("starts with ::");
    let (head, message) = rest.split_once("::").expect("a message after ::");
    let (name, props) = head.split_once(' ').unwrap_or((head, ""));
    let props = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), unescape(v))
        })
        .collect();
    Command {
        name: name.to_string(),
        props,
        message: unescape(message),
    }
}

/// The command of a finding of the JSON report's severity.
fn command_of(severity: &Value) -> &'static str {
    match severity.as_str() {
        Some("error") => "error",
        Some("warning") => "warning",
        Some("info") => "notice",
        other => panic!("unknown severity {other:?}"),
    }
}

/// The lines of the findings: the ones titled with a rule id (not the
/// score notices, the input errors or the summary).
fn finding_lines(lines: &[String]) -> Vec<&String> {
    lines
        .iter()
        .filter(|l| l.contains(",title=") && !l.contains(",title=rapport score::"))
        .collect()
}

#[test]
fn a_sample_gives_a_line_a_finding_then_its_score_and_a_summary() {
    let path = "samples/renewal-email.txt";
    let (lines, code) = github(&[path], None);
    assert_eq!(code, 0);
    let report = json_of(&["check", path, "--format", "json"]);
    let doc = &report["documents"][0];
    let mut expected: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let mut message = f["message"].as_str().unwrap().to_string();
            if let Some(s) = f["suggestion"].as_str() {
                message = format!("{message}%0ASuggestion: {s}");
            }
            format!(
                "::{} file={path},line={},col={},endLine={},endColumn={},title={}::{message}",
                command_of(&f["severity"]),
                f["line"],
                f["column"],
                f["end_line"],
                f["end_column"],
                f["rule"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(!expected.is_empty());
    expected.push(format!(
        "::notice file={path},title=rapport score::{path} scored {}/100 ({})",
        doc["score"],
        doc["grade"].as_str().unwrap()
    ));
    expected.push(format!(
        "::notice title=rapport summary::rapport checked 1 document(s): 1 analysed, \
         0 could not be read; mean score {0}, lowest {0}",
        doc["score"]
    ));
    assert_eq!(lines, expected);
    // One of them in full, as the runner sees it.
    assert_eq!(
        lines[0],
        "::warning file=samples/renewal-email.txt,line=1,col=10,endLine=1,endColumn=70,\
         title=clarity/subject::A 11-word subject is cut off on a phone.%0ASuggestion: Cut it \
         to 3-4 words about the reader's topic; leave out your company name."
    );
}

#[test]
fn lines_per_severity_are_the_json_reports_findings() {
    // The samples, and a draft with a template placeholder left in (a
    // finding of severity error).
    let leftover = "Subject: Thursday\n\nHi {{first_name}},\n\nHow is the rollout going for \
                    your team? Could we talk Thursday at 10?\n";
    for (args, stdin) in [
        (vec!["samples"], None),
        (vec!["-", "--stdin-name", "draft.txt"], Some(leftover)),
    ] {
        let (lines, _) = github(&args, stdin);
        let mut json_args = vec!["check"];
        json_args.extend(&args);
        json_args.extend(["--format", "json"]);
        let report = match stdin {
            Some(text) => {
                let out = rapport()
                    .args(&json_args)
                    .write_stdin(text)
                    .output()
                    .unwrap();
                serde_json::from_slice::<Value>(&out.stdout).unwrap()
            }
            None => json_of(&json_args),
        };
        let mut want: BTreeMap<&str, usize> = BTreeMap::new();
        let docs = report["documents"].as_array().unwrap();
        for d in docs {
            for f in d["findings"].as_array().unwrap() {
                *want.entry(command_of(&f["severity"])).or_default() += 1;
            }
        }
        let mut got: BTreeMap<&str, usize> = BTreeMap::new();
        for l in finding_lines(&lines) {
            let c = parse(l);
            let name = ["error", "warning", "notice"]
                .into_iter()
                .find(|n| *n == c.name)
                .unwrap_or_else(|| panic!("unknown command {l}"));
            *got.entry(name).or_default() += 1;
        }
        assert_eq!(got, want, "{args:?}");
        if stdin.is_some() {
            assert!(want.get("error").is_some_and(|&n| n > 0));
        }
        let scores = lines
            .iter()
            .filter(|l| l.contains(",title=rapport score::"));
        assert_eq!(scores.count(), docs.len());
    }
}

#[test]
fn commas_colons_percents_and_line_breaks_are_escaped() {
    let name = "deals/Acme, Inc: 100%.txt";
    let text = "Hi Ann,\n\nWe are the best, 100% guaranteed. Act now!\n";
    let (lines, _) = github(&["-", "--stdin-name", name], Some(text));
    let file = "deals/Acme%2C Inc%3A 100%25.txt";
    for l in &lines[..lines.len() - 1] {
        assert!(l.contains(&format!(" file={file},")), "{l}");
    }
    // A finding whose excerpt holds a percent sign, and whose suggestion
    // follows a line break.
    let hundred = lines
        .iter()
        .find(|l| l.contains("\"100%25 guaranteed\""))
        .expect("a finding quotes 100%");
    assert!(hundred.contains("%0ASuggestion: "));
    // Read back as the runner reads it, every value is as written.
    let c = parse(hundred);
    assert_eq!(c.props["file"], name);
    assert!(c.message.contains("\"100% guaranteed\""));
    assert!(c.message.contains("\nSuggestion: "));
    let score = lines
        .iter()
        .find(|l| l.contains("title=rapport score::"))
        .expect("a score line");
    // In the message, only `%` and line breaks are escaped.
    assert!(
        score.contains("::deals/Acme, Inc: 100%25.txt scored "),
        "{score}"
    );
    assert_eq!(parse(score).props["file"], name);
}

#[test]
fn a_document_below_its_threshold_names_its_failing_rules() {
    let path = "samples/excuse-notes.md";
    let (lines, code) = github(&[path, "--fail-under", "70"], None);
    assert_eq!(code, 1);
    let report = json_of(&["check", path, "--format", "json"]);
    let doc = &report["documents"][0];
    let failing: Vec<&str> = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "fail" && r.get("suppressed").is_none())
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(!failing.is_empty());
    let score = lines
        .iter()
        .find(|l| l.contains("title=rapport score::"))
        .unwrap();
    assert_eq!(
        parse(score).message,
        format!(
            "{path} scored {}/100 ({}), below its fail_under of 70; failing rules: {}",
            doc["score"],
            doc["grade"].as_str().unwrap(),
            failing.join(", ")
        )
    );
    assert!(lines.last().unwrap().ends_with("; 1 below 70"));
    // Above the threshold, the score is all the line says.
    let (lines, _) = github(&["samples/qbr-notes.txt", "--fail-under", "70"], None);
    let score = lines
        .iter()
        .find(|l| l.contains("title=rapport score::"))
        .unwrap();
    assert!(
        parse(score).message.ends_with("/100 (excellent)"),
        "{score}"
    );
}

#[test]
fn input_errors_are_error_commands_on_their_file_before_the_summary() {
    let (lines, code) = github(&["samples/qbr-notes.txt", "no-such-file.txt"], None);
    assert_eq!(code, 2);
    let n = lines.len();
    let error = parse(&lines[n - 2]);
    assert_eq!(error.name, "error");
    assert_eq!(error.props["file"], "no-such-file.txt");
    assert!(
        error.message.starts_with("no-such-file.txt: "),
        "{}",
        error.message
    );
    let summary = parse(&lines[n - 1]);
    assert_eq!(summary.name, "notice");
    assert!(
        summary
            .message
            .contains("2 document(s): 1 analysed, 1 could not be read")
    );
}

#[test]
fn a_record_of_an_export_is_annotated_at_its_line_of_the_export() {
    let path = "tests/fixtures/batch/crm.ndjson";
    let (lines, _) = github(&["--input-format", "ndjson", path], None);
    let report = json_of(&[
        "check",
        "--input-format",
        "ndjson",
        path,
        "--format",
        "json",
    ]);
    let mut found = finding_lines(&lines).into_iter();
    for d in report["documents"].as_array().unwrap() {
        for f in d["findings"].as_array().unwrap() {
            let c = parse(found.next().expect("a line a finding"));
            assert_eq!(c.props["file"], path);
            assert_eq!(c.props["line"], d["record"]["line"].to_string());
            assert!(!c.props.contains_key("col"));
            let place = format!(
                "In record {}, at line {}, column {} of its text.",
                d["path"].as_str().unwrap(),
                f["line"],
                f["column"]
            );
            assert!(c.message.ends_with(&place), "{}", c.message);
        }
    }
    assert!(found.next().is_none());
}
