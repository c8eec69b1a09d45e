//! What rules produce: statuses, evidence and findings, before positions are
//! resolved for a report.

use std::ops::Range;

use serde::{Deserialize, Serialize, Serializer};

/// The verdict of one rule on one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Meets the target.
    Pass,
    /// Near the target; worth a look.
    Warn,
    /// Misses the target.
    Fail,
    /// Does not apply to this document; not scored.
    Skip,
}

impl Status {
    /// The score a status gives when the rule has no continuous score.
    pub fn default_score(self) -> Option<f64> {
        match self {
            Status::Pass => Some(1.0),
            Status::Warn => Some(0.5),
            Status::Fail => Some(0.0),
            Status::Skip => None,
        }
    }

    /// The lowercase name used in reports and rule files.
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Skip => "skip",
        }
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed.
    Error,
    /// Should be looked at.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// The lowercase name used in reports and rule files.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A span a rule counted, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// What was found (`open-direct`, `sender-centred`, `agenda-marker`...).
    pub kind: &'static str,
    /// Byte range in the document text.
    pub span: Range<usize>,
}

/// Something in the document a rule points at, with advice.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule id.
    pub rule: String,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Byte range in the document text.
    pub span: Range<usize>,
    /// What to do instead.
    pub suggestion: Option<String>,
}

/// A rule's measured value. Whole numbers are written as JSON integers.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A count or ratio.
    Number(f64),
    /// A level such as `concrete`, `vague`, `none`, `found`.
    Level(String),
    /// Nothing measured.
    None,
}

/// Why a rule's outcome is left out of the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Suppression {
    /// A `rapport: ignore-file` directive in the document.
    IgnoreFile,
    /// An ignore entry of the configuration.
    Config,
}

impl Suppression {
    /// The name used in reports: `ignore-file` or `config`.
    pub fn name(self) -> &'static str {
        match self {
            Suppression::IgnoreFile => "ignore-file",
            Suppression::Config => "config",
        }
    }
}

/// The result of one rule on one document.
#[derive(Debug, Clone)]
pub struct RuleOutcome {
    /// The rule id.
    pub id: String,
    /// The principle it belongs to.
    pub principle: String,
    /// Its weight in the score.
    pub weight: f64,
    /// The verdict.
    pub status: Status,
    /// 0 to 1, or `None` when skipped.
    pub score: Option<f64>,
    /// What was measured.
    pub value: Value,
    /// What was aimed for, in words.
    pub target: String,
    /// One sentence on the verdict.
    pub message: String,
    /// What the rule counted.
    pub evidence: Vec<Evidence>,
    /// What the rule points at.
    pub findings: Vec<Finding>,
    /// A coaching tip, shown when the rule does not pass.
    pub tip: String,
    /// Set when the rule is suppressed for the whole document: its status
    /// is kept for the reader, but it carries no score and no findings.
    pub suppressed: Option<Suppression>,
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => s.serialize_i64(*n as i64),
            Value::Number(n) => s.serialize_f64(*n),
            Value::Level(l) => s.serialize_str(l),
            Value::None => s.serialize_none(),
        }
    }
}
