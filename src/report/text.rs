//! The text renderer: a readable report for a person at a terminal.

use std::io::{self, Write};

use super::{DocumentReport, FindingReport, InputError, Summary};
use crate::analyze::format_number;
use crate::outcome::{Severity, Status, Suppression, Value};
use crate::read::TextOrigin;
use crate::suppress::Suppressed;

/// Colours for the text report; all empty when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    bold: &'static str,
    dim: &'static str,
    red: &'static str,
    yellow: &'static str,
    green: &'static str,
    cyan: &'static str,
    reset: &'static str,
}

impl Style {
    /// ANSI colours when `color` is true, none otherwise.
    pub fn new(color: bool) -> Style {
        if color {
            Style {
                bold: "\x1b[1m",
                dim: "\x1b[2m",
                red: "\x1b[31m",
                yellow: "\x1b[33m",
                green: "\x1b[32m",
                cyan: "\x1b[36m",
                reset: "\x1b[0m",
            }
        } else {
            Style {
                bold: "",
                dim: "",
                red: "",
                yellow: "",
                green: "",
                cyan: "",
                reset: "",
            }
        }
    }

    fn status(&self, s: Status) -> &'static str {
        match s {
            Status::Pass => self.green,
            Status::Warn => self.yellow,
            Status::Fail => self.red,
            Status::Skip => self.dim,
        }
    }

    fn severity(&self, s: Severity) -> &'static str {
        match s {
            Severity::Error => self.red,
            Severity::Warning => self.yellow,
            Severity::Info => self.cyan,
        }
    }
}

/// Escapes control characters so that document text cannot drive the
/// terminal; tabs become one space so underlines stay aligned.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push(' '),
            c if c.is_control() => {
                out.extend(c.escape_unicode());
            }
            c => out.push(c),
        }
    }
    out
}

/// Display width in characters of `s` once escaped.
fn escaped_len(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if c != '\t' && c.is_control() {
                c.escape_unicode().count()
            } else {
                1
            }
        })
        .sum()
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Number(n) => format_number(*n),
        Value::Level(l) => l.clone(),
        Value::None => "-".into(),
    }
}

/// Writes one document's report.
pub fn write_document(out: &mut dyn Write, d: &DocumentReport, st: &Style) -> io::Result<()> {
    let score_colour = match d.score {
        70.. => st.green,
        50.. => st.yellow,
        _ => st.red,
    };
    write!(
        out,
        "{}{}{}  {} ({})  {}{}/100 {}{}",
        st.bold,
        escape(&d.path),
        st.reset,
        d.profile,
        match d.text_origin {
            TextOrigin::File => d.reader.name().to_string(),
            TextOrigin::Decoded => format!("{}, lines of the decoded text", d.reader.name()),
        },
        score_colour,
        d.score,
        d.grade,
        st.reset
    )?;
    if let Some(reps) = &d.reps {
        if reps.is_empty() {
            write!(out, "  rep unknown")?;
        } else {
            write!(out, "  rep {}", escape(&reps.join(", ")))?;
        }
    }
    writeln!(out)?;
    let id_width = d
        .rules
        .iter()
        .filter(|r| !r.target.is_empty())
        .map(|r| r.id.len())
        .max()
        .unwrap_or(0);
    // A rule with no target for this profile does not apply to it: the JSON
    // report lists it as skipped; a person need not read it.
    let rules: Vec<_> = d
        .rules
        .iter()
        .filter(|r| !(r.status == Status::Skip && r.target.is_empty()))
        .collect();
    for r in rules {
        let value = if r.status == Status::Skip {
            String::new()
        } else if r.target.is_empty() {
            value_text(&r.value)
        } else {
            format!("{} (target {})", value_text(&r.value), r.target)
        };
        let colour = match r.suppressed {
            Some(_) => st.dim,
            None => st.status(r.status),
        };
        let marker = match r.suppressed {
            Some(by) => format!("  [suppressed by {}: not scored]", by.name()),
            None => String::new(),
        };
        writeln!(
            out,
            "  {}{:<4}{}  {:<id_width$}  {}{}{}{}",
            colour,
            r.status.name(),
            st.reset,
            r.id,
            if value.is_empty() {
                String::new()
            } else {
                format!("{value}  ")
            },
            st.dim,
            r.message,
            marker,
        )?;
        if !st.dim.is_empty() {
            write!(out, "{}", st.reset)?;
        }
    }
    if let Some(line) = suppressed_line(&d.suppressed) {
        writeln!(out, "  {}suppressed{}: {line}", st.cyan, st.reset)?;
    }
    for w in &d.warnings {
        writeln!(out, "  {}note{}: {}", st.cyan, st.reset, escape(w))?;
    }
    for f in &d.findings {
        write_finding(out, d, f, st)?;
    }
    let tips: Vec<_> = d
        .rules
        .iter()
        .filter(|r| {
            matches!(r.status, Status::Fail | Status::Warn)
                && r.suppressed.is_none()
                && !r.tip.is_empty()
        })
        .collect();
    if !tips.is_empty() {
        writeln!(out)?;
        writeln!(out, "  {}coaching tips{}", st.bold, st.reset)?;
        for r in tips {
            let lines = wrap(&format!("{}: {}", r.id, r.tip.trim()), 92);
            for (i, line) in lines.iter().enumerate() {
                writeln!(out, "  {} {line}", if i == 0 { "-" } else { " " })?;
            }
        }
    }
    writeln!(out)
}

/// Most suppressed lines listed per rule in the text report.
const MAX_LINES_SHOWN: usize = 10;

/// The suppressions of a document in one line: `follow-up/next-step
/// (file), relevance/questions (line 4), 2 findings`, or `None` when there
/// are none.
fn suppressed_line(s: &Suppressed) -> Option<String> {
    if s.is_empty() {
        return None;
    }
    let mut parts: Vec<String> = s
        .rules
        .iter()
        .map(|r| {
            let mut how = Vec::new();
            match r.file {
                Some(Suppression::IgnoreFile) => how.push("file".to_string()),
                Some(Suppression::Config) => how.push("config".to_string()),
                None => {}
            }
            if !r.lines.is_empty() {
                let mut lines: Vec<String> = r
                    .lines
                    .iter()
                    .take(MAX_LINES_SHOWN)
                    .map(|l| l.to_string())
                    .collect();
                if r.lines.len() > MAX_LINES_SHOWN {
                    lines.push(format!("... ({} in all)", r.lines.len()));
                }
                how.push(format!(
                    "line{} {}",
                    if r.lines.len() == 1 { "" } else { "s" },
                    lines.join(", ")
                ));
            }
            if how.is_empty() {
                escape(&r.id)
            } else {
                format!("{} ({})", escape(&r.id), how.join("; "))
            }
        })
        .collect();
    parts.push(format!(
        "{} finding{}",
        s.findings,
        if s.findings == 1 { "" } else { "s" }
    ));
    Some(parts.join(", "))
}

fn write_finding(
    out: &mut dyn Write,
    d: &DocumentReport,
    f: &FindingReport,
    st: &Style,
) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "  {}:{}:{}: {}{}{}[{}] {}",
        escape(&d.path),
        f.line,
        f.column,
        st.severity(f.severity),
        f.severity.name(),
        st.reset,
        f.rule,
        f.message
    )?;
    let gutter = f.line.to_string().len();
    // Long lines are cut to a window around the start of the span.
    let (line, column, cut_end) = (&f.view.text, f.view.column, f.view.end_column);
    // Underline from the start column to the end of the span on this line.
    let start_chars: String = line.chars().take(column - 1).collect();
    let pad = escaped_len(&start_chars);
    let span_on_line: String = line
        .chars()
        .skip(column - 1)
        .take(cut_end.saturating_sub(column))
        .collect();
    let marks = escaped_len(&span_on_line).max(1);
    writeln!(out, "  {:>gutter$} |", "")?;
    writeln!(out, "  {} | {}", f.line, escape(line))?;
    writeln!(
        out,
        "  {:>gutter$} | {}{}{}{}",
        "",
        " ".repeat(pad),
        st.severity(f.severity),
        "^".repeat(marks),
        st.reset
    )?;
    if let Some(s) = &f.suggestion {
        writeln!(
            out,
            "  {:>gutter$} = {}suggestion{}: {}",
            "", st.green, st.reset, s
        )?;
    }
    Ok(())
}

/// Writes the closing lines: errors and, for batches, a summary.
pub fn write_summary(
    out: &mut dyn Write,
    summary: &Summary,
    errors: &[InputError],
    fail_under: Option<u32>,
    st: &Style,
) -> io::Result<()> {
    for e in errors {
        writeln!(
            out,
            "{}error{}: {}: {}",
            st.red,
            st.reset,
            escape(&e.location()),
            e.message
        )?;
    }
    if summary.documents > 1 || !errors.is_empty() {
        let mut line = format!(
            "{} document{} analysed",
            summary.analyzed,
            if summary.analyzed == 1 { "" } else { "s" }
        );
        if let Some(mean) = summary.mean_score {
            line.push_str(&format!(", mean score {}", format_number(mean)));
        }
        if let Some(min) = summary.min_score {
            line.push_str(&format!(", lowest {min}"));
        }
        if let Some(t) = fail_under {
            line.push_str(&format!(", {} below {t}", summary.below_threshold));
        }
        if summary.errors > 0 {
            line.push_str(&format!(
                ", {} error{}",
                summary.errors,
                if summary.errors == 1 { "" } else { "s" }
            ));
        }
        writeln!(out, "{}{}{}", st.bold, line, st.reset)?;
    }
    Ok(())
}

/// Breaks a paragraph into lines of at most `width` characters at spaces; a
/// word longer than `width` stands on a line of its own.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_within_the_width() {
        assert_eq!(wrap("aa bb cc dd", 5), vec!["aa bb", "cc dd"]);
        assert_eq!(wrap("averylongword x", 4), vec!["averylongword", "x"]);
        assert!(wrap("   ", 10).is_empty());
    }

    #[test]
    fn escape_shows_control_characters() {
        assert_eq!(escape("a\u{1b}[0m\tb"), "a\\u{1b}[0m b");
    }
}
