//! Running a rule pack over a document: document -> rules -> outcomes ->
//! score -> report.

use crate::checks::{Ctx, Shared};
use crate::document::Document;
use crate::outcome::{Finding, RuleOutcome, Severity, Status, Value};
use crate::report::DocumentReport;
use crate::rule::{Pack, Rule};
use crate::score;

/// Runs one rule on a document.
pub fn run_rule(rule: &Rule, doc: &Document) -> (RuleOutcome, Vec<(&'static str, Value)>) {
    run_rule_shared(rule, doc, &Shared::default())
}

/// Runs one rule on a document, with views of it shared across rules.
fn run_rule_shared(
    rule: &Rule,
    doc: &Document,
    shared: &Shared,
) -> (RuleOutcome, Vec<(&'static str, Value)>) {
    let spec = &rule.spec;
    let mut outcome = RuleOutcome {
        id: spec.id.clone(),
        principle: spec.principle.clone(),
        weight: spec.weight,
        status: Status::Skip,
        score: None,
        value: Value::None,
        target: String::new(),
        message: String::new(),
        evidence: Vec::new(),
        findings: Vec::new(),
        tip: spec.tip.clone(),
    };
    let Some(profile) = spec.profiles.get(&doc.profile) else {
        outcome.message = format!("Does not apply to {} documents.", doc.profile);
        return (outcome, Vec::new());
    };
    outcome.target = profile.target.clone();
    if doc.is_empty() {
        outcome.message = "The document is empty.".into();
        return (outcome, Vec::new());
    }
    let hits = rule.check.lexicon().find_all(&doc.flat);
    let ctx = Ctx {
        doc,
        spec,
        profile,
        hits: &hits,
        shared,
    };
    let m = rule.check.measure(&ctx);
    outcome.status = m.status;
    outcome.score = m.score.or(m.status.default_score());
    if m.status == Status::Skip {
        outcome.score = None;
    }
    let shown = match &m.value {
        Value::Number(n) => format_number(*n),
        Value::Level(l) => l.clone(),
        Value::None => "-".into(),
    };
    outcome.message = m
        .message
        .unwrap_or_else(|| rule.message(m.status, &shown, &profile.target));
    outcome.value = m.value;
    outcome.evidence = m.evidence;
    outcome.findings = m.findings;
    (outcome, m.metrics)
}

/// Formats a number without a trailing `.0` for whole values.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Analyses a document with every rule of a pack.
pub fn analyze(doc: &Document, pack: &Pack) -> DocumentReport {
    let mut outcomes = Vec::with_capacity(pack.rules.len());
    let mut metrics = Vec::new();
    let shared = Shared::default();
    for rule in &pack.rules {
        let (o, m) = run_rule_shared(rule, doc, &shared);
        outcomes.push(o);
        metrics.extend(m);
    }
    let mut extra = Vec::new();
    if doc.is_empty() {
        extra.push(Finding {
            rule: "input/empty".into(),
            severity: Severity::Warning,
            message: "The document is empty: there is nothing to coach.".into(),
            span: 0..doc.text.len(),
            suggestion: None,
        });
    }
    let total = score::weighted(&outcomes).unwrap_or(0);
    DocumentReport::build(doc, outcomes, metrics, extra, total)
}
