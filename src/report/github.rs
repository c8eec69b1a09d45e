//! GitHub Actions workflow commands (`--format github`): a line a finding
//! that the runner turns into an annotation on the file, a line with each
//! document's score, then the input errors and a summary.
//!
//! A finding of severity error is an `::error`, warning a `::warning`, info
//! a `::notice`. Values are escaped as the runner reads them back: in the
//! message `%`, CR and LF; in a property (`file=`, `title=`) also `:` and
//! `,`.

use std::io::{self, Write};

use super::annotate::{self, Place};
use super::output::{Assemble, DocContext, End, Render};
use super::{DocumentReport, InputError, Summary};
use crate::outcome::Severity;

/// Escapes the message of a workflow command.
pub fn escape_data(s: &str) -> String {
    escape(s, false)
}

/// Escapes a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape(s, true)
}

/// The runner's escapes: `%`, CR and LF always; in a property value also
/// `:` and `,`, which separate properties.
fn escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

/// The command that annotates a finding of `severity`.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Renders a document's findings and score as workflow commands.
pub struct GithubRender;

impl Render for GithubRender {
    fn document(
        &self,
        buf: &mut Vec<u8>,
        d: &DocumentReport,
        cx: &DocContext<'_>,
    ) -> io::Result<()> {
        let place = Place::of(d);
        let file = escape_property(place.file());
        for f in &d.findings {
            write!(buf, "::{} file={file},", command(f.severity))?;
            match place {
                Place::File { .. } => write!(
                    buf,
                    "line={},col={},endLine={},endColumn={}",
                    f.line, f.column, f.end_line, f.end_column
                )?,
                Place::Record { line, .. } => write!(buf, "line={line}")?,
            }
            writeln!(
                buf,
                ",title={}::{}",
                escape_property(&f.rule),
                escape_data(&annotate::finding_message(d, f))
            )?;
        }
        let at = match place {
            Place::File { .. } => String::new(),
            Place::Record { line, .. } => format!(",line={line}"),
        };
        let mut score = format!("{} scored {}/100 ({})", d.path, d.score, d.grade);
        if let Some(t) = cx.fail_under.filter(|&t| d.score < t) {
            score.push_str(&format!(", below its fail_under of {t}"));
            let failing = annotate::failing_rules(d);
            if !failing.is_empty() {
                score.push_str(&format!("; failing rules: {}", failing.join(", ")));
            }
        }
        writeln!(
            buf,
            "::notice file={file}{at},title=rapport score::{}",
            escape_data(&score)
        )
    }
}

/// Writes each document's commands as they come, then the input errors and
/// a summary line.
pub struct GithubAssemble;

impl Assemble for GithubAssemble {
    fn finish(&mut self, out: &mut dyn Write, end: &End<'_>) -> io::Result<()> {
        for e in end.errors {
            write_error(out, e)?;
        }
        writeln!(
            out,
            "::notice title=rapport summary::{}",
            escape_data(&summary(end))
        )
    }
}

/// An input error as an `::error` command on its file.
fn write_error(out: &mut dyn Write, e: &InputError) -> io::Result<()> {
    let line = e.line.map(|l| format!(",line={l}")).unwrap_or_default();
    writeln!(
        out,
        "::error file={}{line}::{}",
        escape_property(&e.path),
        escape_data(&format!("{}: {}", e.location(), e.message))
    )
}

/// The summary line's message.
fn summary(end: &End<'_>) -> String {
    let s: &Summary = end.summary;
    let mut text = format!(
        "rapport checked {} document(s): {} analysed, {} could not be read",
        s.documents, s.analyzed, s.errors
    );
    if let (Some(mean), Some(min)) = (s.mean_score, s.min_score) {
        text.push_str(&format!("; mean score {mean}, lowest {min}"));
    }
    if let Some(t) = end.fail_under {
        text.push_str(&format!("; {} below {t}", s.below_threshold));
    } else if end.mixed_thresholds {
        text.push_str(&format!(
            "; {} below the fail_under of their configuration",
            s.below_threshold
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks_only() {
        assert_eq!(
            escape_data("100% sure\r\nnext: a, b"),
            "100%25 sure%0D%0Anext: a, b"
        );
        // An escape sequence already in the text is escaped again, so it
        // reads back as written.
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_data("Zoë"), "Zoë");
    }

    #[test]
    fn properties_also_escape_colons_and_commas() {
        assert_eq!(
            escape_property("C:\\notes\\a,b%c\nd.txt"),
            "C%3A\\notes\\a%2Cb%25c%0Ad.txt"
        );
        assert_eq!(escape_property("trust/hype"), "trust/hype");
    }

    #[test]
    fn severities_map_to_commands() {
        assert_eq!(command(Severity::Error), "error");
        assert_eq!(command(Severity::Warning), "warning");
        assert_eq!(command(Severity::Info), "notice");
    }
}
