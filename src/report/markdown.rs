//! The Markdown summary (`--format markdown`), for a CI job's summary page
//! (`$GITHUB_STEP_SUMMARY`) or a pull-request comment: a heading, a line of
//! totals, a table with a row per document, then the inputs that could
//! not be read.
//!
//! ```markdown
//! ## rapport check
//!
//! **2** documents · mean score **47.5** · lowest **6** · **1** below 70
//!
//! | Document | Score | Grade | Failing rules |
//! |---|---:|---|---|
//! | samples/excuse-notes.md | 6 (below 70) | poor | `ownership/blame` `relevance/agenda` |
//! | samples/qbr-notes.txt | 89 | excellent | |
//! ```
//!
//! Text from the documents (paths, messages) is escaped so that it shows
//! as written: it can neither end a cell, start a code span, emphasis or
//! a link, nor bring in HTML.

use std::io::{self, Write};

use super::DocumentReport;
use super::output::{Assemble, Brief, DocContext, End, Render};
use crate::outcome::Status;

/// Renders a document as a row of the table.
pub struct MarkdownRender;

impl Render for MarkdownRender {
    fn document(
        &self,
        buf: &mut Vec<u8>,
        d: &DocumentReport,
        cx: &DocContext<'_>,
    ) -> io::Result<()> {
        let mut row = String::from("| ");
        escape_into(&mut row, &d.path);
        row.push_str(&format!(" | {}", d.score));
        if let Some(t) = cx.fail_under.filter(|&t| d.score < t) {
            row.push_str(&format!(" (below {t})"));
        }
        row.push_str(&format!(" | {} |", d.grade));
        for r in d.rules_at(Status::Fail) {
            row.push(' ');
            code(&mut row, &r.id);
        }
        row.push_str(" |\n");
        buf.extend_from_slice(row.as_bytes());
        Ok(())
    }
}

/// Keeps the rows until the end, where the totals above them are known.
#[derive(Default)]
pub struct MarkdownAssemble {
    rows: Vec<u8>,
}

impl Assemble for MarkdownAssemble {
    fn document(&mut self, _: &mut dyn Write, rendered: &[u8], _: Option<Brief>) -> io::Result<()> {
        self.rows.extend_from_slice(rendered);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, end: &End<'_>) -> io::Result<()> {
        writeln!(out, "## rapport check\n")?;
        writeln!(out, "{}\n", totals(end))?;
        if !self.rows.is_empty() {
            writeln!(out, "| Document | Score | Grade | Failing rules |")?;
            writeln!(out, "|---|---:|---|---|")?;
            out.write_all(&self.rows)?;
        }
        if !end.errors.is_empty() {
            let mut list = String::from("\n### Inputs that could not be read\n\n");
            for e in end.errors {
                list.push_str("- ");
                let at = list.len();
                escape_into(&mut list, &e.location());
                guard_line_start(&mut list, at);
                list.push_str(": ");
                escape_into(&mut list, &e.message);
                list.push('\n');
            }
            out.write_all(list.as_bytes())?;
        }
        Ok(())
    }
}

/// The line of totals: documents, mean and lowest score, and how many are
/// below the threshold.
fn totals(end: &End<'_>) -> String {
    let s = end.summary;
    let mut line = format!(
        "**{}** document{}",
        s.documents,
        if s.documents == 1 { "" } else { "s" }
    );
    if s.errors > 0 {
        line.push_str(&format!(" (**{}** could not be read)", s.errors));
    }
    match (s.mean_score, s.min_score) {
        (Some(mean), Some(min)) => {
            line.push_str(&format!(" · mean score **{mean:.1}** · lowest **{min}**"));
        }
        _ => line.push_str(" · none analysed"),
    }
    match end.fail_under {
        _ if end.mixed_thresholds => line.push_str(&format!(
            " · **{}** below the fail_under of their configuration",
            s.below_threshold
        )),
        Some(t) => line.push_str(&format!(" · **{}** below {t}", s.below_threshold)),
        None => line.push_str(" · no threshold"),
    }
    line
}

/// Appends a rule id as a code span (ids are lowercase letters, digits,
/// `-` and `/`); anything else is escaped as text instead.
fn code(out: &mut String, id: &str) {
    if id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'/')
    {
        out.push('`');
        out.push_str(id);
        out.push('`');
    } else {
        escape_into(out, id);
    }
}

/// Appends `s` escaped for a table cell or a line of text: `|` and the
/// characters that open code spans, emphasis or links are escaped with a
/// backslash; `<`, `>` and `&` are entities, so no HTML gets in; line
/// breaks become spaces (a cell is one line), and other control characters
/// are written as `\u{..}`.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\\' | '`' | '|' | '*' | '_' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
}

/// Makes the escaped text that starts at `at` (the start of a list item's
/// text) unable to open a block: a heading, a list or a code block (the
/// other markers are escaped already). Its first character, when `#`,
/// `-`, `+`, `=`, a digit or a space, is written as a character reference.
fn guard_line_start(out: &mut String, at: usize) {
    let Some(c) = out[at..].chars().next() else {
        return;
    };
    if matches!(c, '#' | '-' | '+' | '=' | ' ') || c.is_ascii_digit() {
        out.replace_range(at..at + 1, &format!("&#{};", u32::from(c)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, s);
        out
    }

    #[test]
    fn cells_cannot_be_broken_or_inject_html() {
        assert_eq!(escaped("a|b"), "a\\|b");
        assert_eq!(
            escaped("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(escaped("`x` *y* [z](u)"), "\\`x\\` \\*y\\* \\[z\\](u)");
        assert_eq!(escaped("a\nb\r\nc"), "a b  c");
        assert_eq!(escaped("a\u{1b}b &amp;"), "a\\u{1b}b &amp;amp;");
    }

    #[test]
    fn a_list_item_cannot_open_a_block() {
        for (text, shown) in [
            ("# x", "&#35; x"),
            ("1. x", "&#49;. x"),
            ("  x", "&#32; x"),
            ("- x", "&#45; x"),
            ("plain", "plain"),
            ("/tmp/x", "/tmp/x"),
            ("\\*x", "\\*x"),
            ("&lt;", "&lt;"),
        ] {
            let mut out = String::from("- ");
            out.push_str(text);
            guard_line_start(&mut out, 2);
            assert_eq!(out, format!("- {shown}"), "{text}");
        }
    }
}
