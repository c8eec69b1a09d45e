//! Running a rule pack over a document: document -> rules -> outcomes ->
//! score -> report.

use std::collections::BTreeSet;

use crate::checks::{Ctx, Shared};
use crate::document::Document;
use crate::lexicon::Hit;
use crate::outcome::{Finding, RuleOutcome, Severity, Status, Value};
use crate::report::DocumentReport;
use crate::rule::{Pack, Rule};
use crate::score;
use crate::suppress;

/// Runs one rule on a document.
pub fn run_rule(rule: &Rule, doc: &Document) -> (RuleOutcome, Vec<(&'static str, Value)>) {
    run_rule_shared(rule, doc, &Shared::default(), None)
}

/// Runs one rule on a document, with views of it shared across rules.
/// `hits` are the rule's hits in the document when the pack's scanner has
/// found them already; without them the rule scans the text itself.
fn run_rule_shared(
    rule: &Rule,
    doc: &Document,
    shared: &Shared,
    hits: Option<&[Hit]>,
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
        suppressed: None,
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
    let own;
    let hits = match hits {
        Some(h) => h,
        None => {
            own = rule.check.lexicon().find_all(&doc.flat);
            &own
        }
    };
    let ctx = Ctx {
        doc,
        spec,
        profile,
        hits,
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
    if let Some(t) = m.target {
        outcome.target = t;
    }
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
    analyze_with(doc, pack, &[])
}

/// Analyses a document with every rule of a pack, ignoring for the whole
/// document the rules that `config_ignores` names: each entry is a rule id
/// (`relevance/self-focus`) or a principle prefix (`relevance`), treated as
/// a `rapport: ignore-file` directive from the configuration (reported with
/// the source `config`). An entry that suppresses nothing, or names no rule,
/// is not reported; [`crate::suppress::is_known`] tells whether it names one.
///
/// The document's own `rapport: ignore` and `rapport: ignore-file`
/// directives apply too (see [`crate::suppress`]); a directive that names no
/// rule or suppresses nothing becomes a warning naming its line.
pub fn analyze_with(doc: &Document, pack: &Pack, config_ignores: &[String]) -> DocumentReport {
    let mut plan = suppress::Plan::new(suppress::parse(&doc.text), pack, config_ignores);
    let lines = suppress::Lines::of_document(doc);
    let mut outcomes = Vec::with_capacity(pack.rules.len());
    let mut metrics = Vec::new();
    let shared = Shared::default();
    // Copies of the document without some lines, one per set of lines.
    let mut blanked: Vec<(BTreeSet<usize>, Document, Shared)> = Vec::new();
    let mut hits = pack.scan(doc);
    for (i, rule) in pack.rules.iter().enumerate() {
        // Each rule's hits are freed once it has run: a large document has
        // millions, and the report is built after the last rule.
        let rule_hits = std::mem::take(&mut hits[i]);
        let (mut o, mut m) = run_rule_shared(rule, doc, &shared, Some(&rule_hits));
        drop(rule_hits);
        let suppressed_lines = plan.lines(i).clone();
        if suppressed_lines.is_empty() {
            plan.apply(i, &lines, None, &mut o);
        } else {
            // The rule measures again without the suppressed lines; the
            // unsuppressed run tells what the suppression took away.
            let at = match blanked.iter().position(|(l, _, _)| *l == suppressed_lines) {
                Some(at) => at,
                None => {
                    let without = suppress::without_lines(doc, &suppressed_lines);
                    blanked.push((suppressed_lines, without, Shared::default()));
                    blanked.len() - 1
                }
            };
            let (_, without, without_shared) = &blanked[at];
            let (mut s, sm) = run_rule_shared(rule, without, without_shared, None);
            plan.apply(i, &lines, Some(&o), &mut s);
            (o, m) = (s, sm);
        }
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
    let mut report = DocumentReport::build(doc, outcomes, metrics, extra, total);
    let (suppressed, warnings) = plan.finish();
    report.suppressed = suppressed;
    report.warnings.extend(warnings);
    report
}
