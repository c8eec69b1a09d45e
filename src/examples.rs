//! Running the examples written in rule files: each example is a small
//! document and the verdict its rule must give on it. The test suite runs
//! them for the default pack; `rapport rules test` runs them for a team's
//! own rules.

use crate::analyze::run_rule;
use crate::document::{Document, ReadOptions};
use crate::outcome::{Status, Value};
use crate::rule::{Example, Rule};

/// The result of one example.
#[derive(Debug, Clone)]
pub struct ExampleResult {
    /// The rule's id.
    pub rule: String,
    /// Where the rule came from (`default` or its file).
    pub origin: String,
    /// 1-based position of the example in its rule file.
    pub index: usize,
    /// The profile the example is read with.
    pub profile: String,
    /// What went wrong, empty when the example holds.
    pub problems: Vec<String>,
    /// The rule's message on the example.
    pub message: String,
}

impl ExampleResult {
    /// True when the rule gave the verdict (and value) the example states.
    pub fn holds(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Runs one example of a rule.
pub fn run_example(rule: &Rule, index: usize, ex: &Example) -> ExampleResult {
    let opts = ReadOptions {
        reps: ex.rep.iter().cloned().collect(),
    };
    let doc = Document::new("example", ex.text.clone(), ex.profile, &opts);
    let (outcome, _) = run_rule(rule, &doc);
    let mut problems = Vec::new();
    if outcome.status != ex.status {
        problems.push(format!(
            "status {}, expected {}",
            status_word(outcome.status),
            status_word(ex.status)
        ));
    }
    if let Some(v) = &ex.value {
        let ok = match (&outcome.value, v) {
            (Value::Number(n), toml::Value::Integer(i)) => *n == *i as f64,
            (Value::Number(n), toml::Value::Float(f)) => (*n - *f).abs() < 1e-9,
            (Value::Level(l), toml::Value::String(s)) => l == s,
            _ => false,
        };
        if !ok {
            let got = match &outcome.value {
                Value::Number(n) => crate::analyze::format_number(*n),
                Value::Level(l) => format!("\"{l}\""),
                Value::None => "none".into(),
            };
            problems.push(format!("value {got}, expected {v}"));
        }
    }
    ExampleResult {
        rule: rule.spec.id.clone(),
        origin: rule.origin.clone(),
        index: index + 1,
        profile: ex.profile.to_string(),
        problems,
        message: outcome.message,
    }
}

/// Runs every example of a rule, in file order.
pub fn run_examples(rule: &Rule) -> Vec<ExampleResult> {
    rule.spec
        .examples
        .iter()
        .enumerate()
        .map(|(i, ex)| run_example(rule, i, ex))
        .collect()
}

/// Whether a rule's examples show both sides of it: at least one example it
/// passes (or skips) and one it flags. A rule with only one side is not
/// tested by its examples.
pub fn covers_both_sides(rule: &Rule) -> bool {
    let ex = &rule.spec.examples;
    let flags = ex
        .iter()
        .any(|e| matches!(e.status, Status::Warn | Status::Fail));
    let clears = ex
        .iter()
        .any(|e| matches!(e.status, Status::Pass | Status::Skip));
    flags && clears
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Warn => "warn",
        Status::Fail => "fail",
        Status::Skip => "skip",
    }
}

/// Runs the examples of `rules` and writes one line per rule (or per failing
/// example) and a summary to `out`; returns how many examples failed.
pub fn report<'r>(
    rules: impl IntoIterator<Item = &'r Rule>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<usize> {
    let (mut n_rules, mut n_examples, mut failed) = (0usize, 0usize, 0usize);
    for rule in rules {
        n_rules += 1;
        let results = run_examples(rule);
        n_examples += results.len();
        let bad: Vec<&ExampleResult> = results.iter().filter(|r| !r.holds()).collect();
        failed += bad.len();
        let from = if rule.origin == "default" {
            String::new()
        } else {
            format!(" ({})", rule.origin)
        };
        if bad.is_empty() {
            writeln!(
                out,
                "ok    {}{from}: {} example{}",
                rule.spec.id,
                results.len(),
                if results.len() == 1 { "" } else { "s" }
            )?;
        }
        for r in bad {
            writeln!(
                out,
                "FAIL  {}{from}: example {} ({}): {}; the rule said: {}",
                r.rule,
                r.index,
                r.profile,
                r.problems.join("; "),
                r.message
            )?;
        }
        if !covers_both_sides(rule) {
            writeln!(
                out,
                "note  {}: add examples on both sides (one it flags, one it passes or skips)",
                rule.spec.id
            )?;
        }
    }
    writeln!(
        out,
        "{n_rules} rule{}, {n_examples} example{}: {} hold, {failed} fail{}",
        if n_rules == 1 { "" } else { "s" },
        if n_examples == 1 { "" } else { "s" },
        n_examples - failed,
        if failed == 1 { "s" } else { "" }
    )?;
    Ok(failed)
}
