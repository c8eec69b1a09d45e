//! The JUnit XML report (`--format junit`), for the test dashboards of CI
//! systems: each document is a test case, failed when it scores below its
//! threshold; each input that could not be read is a test case in error.
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites name="rapport" tests="2" failures="1" errors="0">
//!   <testsuite name="rapport" tests="2" failures="1" errors="0">
//!     <testcase classname="samples" name="samples/excuse-notes.md">
//!       <failure message="score 6 below 70" type="fail-under">...</failure>
//!     </testcase>
//!     <testcase classname="samples" name="samples/qbr-notes.txt">
//!       <system-out>...</system-out>
//!     </testcase>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! A test case's `classname` is the folder of the document's file (of its
//! export, for a record), or `rapport` when the path names no folder. The
//! body of a `failure` or `system-out` is the score and grade, the rules
//! that fail or warn with their messages, and the findings with their
//! positions. No `time` is written: the report is the same bytes for every
//! run of the same inputs.

use std::io::{self, Write};
use std::path::Path;

use super::output::{Assemble, Brief, DocContext, End, Render};
use super::{DocumentReport, InputError};
use crate::outcome::Status;

/// The name of the suite, and the class of documents outside any folder.
const SUITE: &str = "rapport";

/// Renders a document as a `<testcase>` element.
pub struct JunitRender;

impl Render for JunitRender {
    fn document(
        &self,
        buf: &mut Vec<u8>,
        d: &DocumentReport,
        cx: &DocContext<'_>,
    ) -> io::Result<()> {
        let folder = match &d.record {
            Some(r) => &r.file,
            None => &d.path,
        };
        open_case(buf, folder, &d.path);
        let below = cx.fail_under.filter(|&t| d.score < t);
        let body = body(d, below);
        match below {
            Some(t) => {
                buf.extend_from_slice(b"      <failure message=\"");
                escape(buf, &format!("score {} below {t}", d.score), true);
                buf.extend_from_slice(b"\" type=\"fail-under\">");
                escape(buf, &body, false);
                buf.extend_from_slice(b"</failure>\n");
            }
            None => {
                buf.extend_from_slice(b"      <system-out>");
                escape(buf, &body, false);
                buf.extend_from_slice(b"</system-out>\n");
            }
        }
        buf.extend_from_slice(b"    </testcase>\n");
        Ok(())
    }

    /// The suite's counts need each document's verdict.
    fn needs_brief(&self) -> bool {
        true
    }
}

/// What a test case says of a document: its score, the rules that fail
/// or warn, and the findings.
fn body(d: &DocumentReport, below: Option<u32>) -> String {
    let mut s = format!("score {}/100 ({})", d.score, d.grade);
    if let Some(t) = below {
        s.push_str(&format!(", below {t}"));
    }
    s.push('\n');
    for status in [Status::Fail, Status::Warn] {
        for r in d.rules_at(status) {
            s.push_str(&format!("{} {}: {}\n", status.name(), r.id, r.message));
        }
    }
    for f in &d.findings {
        s.push_str(&format!(
            "{}:{}:{}: {}[{}] {}\n",
            d.path,
            f.line,
            f.column,
            f.severity.name(),
            f.rule,
            f.message
        ));
    }
    s
}

/// Opens a `<testcase>` for the document at `path`, of the class of
/// `folder_of`'s folder.
fn open_case(buf: &mut Vec<u8>, folder_of: &str, path: &str) {
    buf.extend_from_slice(b"    <testcase classname=\"");
    escape(buf, class_name(folder_of), true);
    buf.extend_from_slice(b"\" name=\"");
    escape(buf, path, true);
    buf.extend_from_slice(b"\">\n");
}

/// The folder of `path` as given, or the suite's name when it has none.
fn class_name(path: &str) -> &str {
    Path::new(path)
        .parent()
        .and_then(Path::to_str)
        .filter(|p| !p.is_empty())
        .unwrap_or(SUITE)
}

/// Appends `s` as XML character data, or as an attribute value (in double
/// quotes) when `attribute` is true: markup characters as entities, and
/// characters that XML 1.0 does not allow (control characters other than
/// tab, line feed and carriage return; U+FFFE and U+FFFF) written as
/// `\u{..}`, so that a document's text cannot break the report. Control
/// characters that XML allows but terminals obey (DEL and U+0080 to
/// U+009F) are written that way too. In attributes, tab, line feed and
/// carriage return are character references, which parsers keep as they
/// are; in character data a carriage return is one too.
pub fn escape(buf: &mut Vec<u8>, s: &str, attribute: bool) {
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let with: Option<&str> = match c {
            '&' => Some("&amp;"),
            '<' => Some("&lt;"),
            '>' => Some("&gt;"),
            '"' if attribute => Some("&quot;"),
            '\'' if attribute => Some("&apos;"),
            '\t' if attribute => Some("&#9;"),
            '\n' if attribute => Some("&#10;"),
            '\r' => Some("&#13;"),
            '\t' | '\n' => None,
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {
                buf.extend_from_slice(&s.as_bytes()[plain..i]);
                buf.extend_from_slice(c.escape_unicode().to_string().as_bytes());
                plain = i + c.len_utf8();
                continue;
            }
            _ => None,
        };
        if let Some(with) = with {
            buf.extend_from_slice(&s.as_bytes()[plain..i]);
            buf.extend_from_slice(with.as_bytes());
            plain = i + c.len_utf8();
        }
    }
    buf.extend_from_slice(&s.as_bytes()[plain..]);
}

/// Keeps the test cases until the end, where the suite's counts are
/// known, and writes the whole report there.
#[derive(Default)]
pub struct JunitAssemble {
    cases: Vec<u8>,
    tests: usize,
    failures: usize,
}

impl Assemble for JunitAssemble {
    fn document(
        &mut self,
        _: &mut dyn Write,
        rendered: &[u8],
        brief: Option<Brief>,
    ) -> io::Result<()> {
        self.cases.extend_from_slice(rendered);
        self.tests += 1;
        self.failures += usize::from(brief.is_some_and(|b| b.below()));
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, end: &End<'_>) -> io::Result<()> {
        let errors = end.errors.len();
        let counts = format!(
            "tests=\"{}\" failures=\"{}\" errors=\"{errors}\"",
            self.tests + errors,
            self.failures
        );
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(out, "<testsuites name=\"{SUITE}\" {counts}>")?;
        writeln!(out, "  <testsuite name=\"{SUITE}\" {counts}>")?;
        out.write_all(&self.cases)?;
        let mut buf = Vec::new();
        for e in end.errors {
            error_case(&mut buf, e);
        }
        out.write_all(&buf)?;
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")
    }
}

/// Writes an input that could not be read as a test case in error.
fn error_case(buf: &mut Vec<u8>, e: &InputError) {
    open_case(buf, &e.path, &e.location());
    buf.extend_from_slice(b"      <error message=\"");
    escape(buf, &e.message, true);
    buf.extend_from_slice(b"\" type=\"input\">");
    escape(buf, &format!("{}: {}", e.location(), e.message), false);
    buf.extend_from_slice(b"</error>\n    </testcase>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str, attribute: bool) -> String {
        let mut buf = Vec::new();
        escape(&mut buf, s, attribute);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn markup_is_escaped_and_forbidden_characters_are_spelled_out() {
        assert_eq!(
            escaped("a & b <c> \"d\" 'e'", true),
            "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;"
        );
        assert_eq!(escaped("\"d\" 'e'", false), "\"d\" 'e'");
        assert_eq!(escaped("x\u{1b}[31my\u{0}", false), "x\\u{1b}[31my\\u{0}");
        assert_eq!(escaped("a\tb\nc\rd", true), "a&#9;b&#10;c&#13;d");
        assert_eq!(escaped("a\tb\nc\rd", false), "a\tb\nc&#13;d");
        assert_eq!(escaped("\u{fffe}é", false), "\\u{fffe}é");
    }

    #[test]
    fn the_class_is_the_folder_or_the_suite() {
        assert_eq!(class_name("samples/a.txt"), "samples");
        assert_eq!(class_name("a/b/c.eml"), "a/b");
        assert_eq!(class_name("a.txt"), SUITE);
        assert_eq!(class_name("-"), SUITE);
        assert_eq!(class_name("/a.txt"), "/");
    }
}
