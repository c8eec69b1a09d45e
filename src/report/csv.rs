//! The CSV report (`--format csv`): a header row, then a row per document,
//! for spreadsheets and BI tools. The columns are fixed, whatever the
//! documents: [`columns`] names them.
//!
//! A cell is empty when the document has no value for it: a principle
//! with no rule that applies, a metric not measured (`null` in the JSON
//! report) or that its profile does not have. Numbers are written as the
//! JSON report writes them. Inputs that could not be read have no row
//! (they are named on stderr, and exit with 2).

use std::io::{self, Write};

use super::DocumentReport;
use super::output::{Assemble, DocContext, Render};
use crate::outcome::{Severity, Status, Value};
use crate::rule::PRINCIPLES;

/// The metrics given a column, in order: the counts every profile has,
/// the emails' reading grade, and the transcripts' talk figures.
pub const METRICS: &[&str] = &[
    "words",
    "sentences",
    "questions",
    "open_questions",
    "self_refs",
    "reader_refs",
    "self_share",
    "reading_grade",
    "talk_share",
    "interactivity",
    "longest_monologue",
];

/// The columns after the principles' and the metrics'.
const TAIL: &[&str] = &[
    "findings_error",
    "findings_warning",
    "findings_info",
    "failing_rules",
    "warn_rules",
    "metadata",
];

/// The header: `path`, `profile`, `score`, `grade`, a column per principle
/// ([`PRINCIPLES`]), one per metric ([`METRICS`]), the count of findings of
/// each severity, the ids of the rules that fail and of those that warn
/// (separated by spaces; suppressed rules left out), and for a record of
/// an export its other fields as one compact JSON object (empty for
/// files).
pub fn columns() -> Vec<&'static str> {
    let mut c = vec!["path", "profile", "score", "grade"];
    c.extend_from_slice(PRINCIPLES);
    c.extend_from_slice(METRICS);
    c.extend_from_slice(TAIL);
    c
}

/// The number of columns.
pub const COLUMNS: usize = 4 + PRINCIPLES.len() + METRICS.len() + TAIL.len();

/// Renders a document as a row.
pub struct CsvRender;

impl Render for CsvRender {
    fn document(
        &self,
        buf: &mut Vec<u8>,
        d: &DocumentReport,
        _: &DocContext<'_>,
    ) -> io::Result<()> {
        let mut row: Vec<String> = Vec::with_capacity(COLUMNS);
        row.push(d.path.clone());
        row.push(d.profile.to_string());
        row.push(d.score.to_string());
        row.push(d.grade.to_string());
        for p in PRINCIPLES {
            row.push(d.principles.get(*p).map_or(String::new(), u32::to_string));
        }
        for m in METRICS {
            row.push(d.metrics.get(m).map_or(String::new(), cell));
        }
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            let n = d.findings.iter().filter(|f| f.severity == severity).count();
            row.push(n.to_string());
        }
        for status in [Status::Fail, Status::Warn] {
            let ids: Vec<&str> = d.rules_at(status).map(|r| r.id.as_str()).collect();
            row.push(ids.join(" "));
        }
        row.push(if d.metadata.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&d.metadata).map_err(io::Error::other)?
        });
        write_row(buf, &row)
    }
}

/// A metric's cell: a number as the JSON report writes it (whole numbers
/// without a fraction, others in the shortest form that reads back the
/// same), a level as it is, nothing when not measured.
fn cell(v: &Value) -> String {
    match v {
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => (*n as i64).to_string(),
        Value::Number(n) if n.is_finite() => serde_json::to_string(n).unwrap_or_default(),
        Value::Number(_) | Value::None => String::new(),
        Value::Level(l) => l.clone(),
    }
}

/// Writes one row, quoted where a field needs it.
fn write_row<W: Write>(out: W, row: &[impl AsRef<[u8]>]) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(row)?;
    w.flush()
}

/// Writes the header, then each row as it comes.
pub struct CsvAssemble;

impl Assemble for CsvAssemble {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write_row(out, &columns())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_has_every_column_once() {
        let c = columns();
        assert_eq!(c.len(), COLUMNS);
        let mut unique = c.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), COLUMNS);
    }

    #[test]
    fn numbers_are_written_as_the_json_report_writes_them() {
        assert_eq!(cell(&Value::Number(12.0)), "12");
        assert_eq!(cell(&Value::Number(0.167)), "0.167");
        assert_eq!(cell(&Value::Number(4.78)), "4.78");
        assert_eq!(cell(&Value::Number(2.5)), "2.5");
        assert_eq!(cell(&Value::Number(-3.0)), "-3");
        assert_eq!(cell(&Value::Number(f64::NAN)), "");
        assert_eq!(cell(&Value::None), "");
        assert_eq!(cell(&Value::Level("words".into())), "words");
    }
}
