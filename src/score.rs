//! Turning rule outcomes into document and principle scores.

use std::collections::BTreeMap;

use crate::outcome::RuleOutcome;

/// A grade word for a score: excellent >= 85, good >= 70, fair >= 50, poor.
pub fn grade(score: u32) -> &'static str {
    match score {
        85.. => "excellent",
        70.. => "good",
        50.. => "fair",
        _ => "poor",
    }
}

/// `round(100 * weighted mean)` of the scores of the outcomes that apply,
/// or `None` when none applies.
pub fn weighted<'a>(outcomes: impl IntoIterator<Item = &'a RuleOutcome>) -> Option<u32> {
    let mut sum = 0.0;
    let mut weights = 0.0;
    for o in outcomes {
        if let Some(s) = o.score
            && o.weight > 0.0
        {
            sum += o.weight * s.clamp(0.0, 1.0);
            weights += o.weight;
        }
    }
    (weights > 0.0).then(|| (100.0 * sum / weights).round() as u32)
}

/// The score of each principle that has at least one applicable rule.
pub fn by_principle(outcomes: &[RuleOutcome]) -> BTreeMap<String, u32> {
    let mut groups: BTreeMap<&str, Vec<&RuleOutcome>> = BTreeMap::new();
    for o in outcomes {
        groups.entry(o.principle.as_str()).or_default().push(o);
    }
    groups
        .into_iter()
        .filter_map(|(p, os)| weighted(os).map(|s| (p.to_string(), s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{Status, Value};

    fn o(principle: &str, weight: f64, status: Status) -> RuleOutcome {
        RuleOutcome {
            id: format!("{principle}/x"),
            principle: principle.into(),
            weight,
            status,
            score: status.default_score(),
            value: Value::None,
            target: String::new(),
            message: String::new(),
            evidence: vec![],
            findings: vec![],
            tip: String::new(),
        }
    }

    #[test]
    fn weighted_mean_skips_skipped_rules() {
        let os = [
            o("relevance", 1.0, Status::Pass),
            o("relevance", 1.0, Status::Warn),
            o("follow-up", 2.0, Status::Fail),
            o("relevance", 5.0, Status::Skip),
        ];
        // (1 + 0.5 + 0) / 4 = 0.375
        assert_eq!(weighted(&os), Some(38));
        let p = by_principle(&os);
        assert_eq!(p["relevance"], 75);
        assert_eq!(p["follow-up"], 0);
    }

    #[test]
    fn grades_have_the_documented_cut_offs() {
        assert_eq!(grade(85), "excellent");
        assert_eq!(grade(84), "good");
        assert_eq!(grade(70), "good");
        assert_eq!(grade(69), "fair");
        assert_eq!(grade(50), "fair");
        assert_eq!(grade(49), "poor");
    }
}
