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
/// or `None` when none applies. Skipped outcomes and outcomes suppressed for
/// the whole document are left out: they count neither as passed nor as
/// failed.
pub fn weighted<'a>(outcomes: impl IntoIterator<Item = &'a RuleOutcome>) -> Option<u32> {
    let mut sum = 0.0;
    let mut weights = 0.0;
    for o in outcomes {
        if let Some(s) = o.score
            && o.suppressed.is_none()
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
    // By principle, each in the outcomes' order (a stable sort): one
    // vector, not one a principle.
    let mut sorted: Vec<&RuleOutcome> = outcomes.iter().collect();
    sorted.sort_by(|a, b| a.principle.cmp(&b.principle));
    sorted
        .chunk_by(|a, b| a.principle == b.principle)
        .filter_map(|os| weighted(os.iter().copied()).map(|s| (os[0].principle.clone(), s)))
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
            suppressed: None,
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
    fn suppressed_rules_are_left_out_not_counted_as_passed() {
        let mut fail = o("relevance", 1.0, Status::Fail);
        // A suppressed outcome keeps its measured status; even with a score
        // left on it, it does not count.
        fail.suppressed = Some(crate::outcome::Suppression::IgnoreFile);
        let os = [
            o("relevance", 1.0, Status::Warn),
            fail,
            o("follow-up", 1.0, Status::Fail),
        ];
        assert_eq!(weighted(&os), Some(25));
        assert_eq!(by_principle(&os)["relevance"], 50);
        assert_eq!(weighted(&os[1..2]), None);
        assert!(!by_principle(&os[1..2]).contains_key("relevance"));
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
