//! What the formats that annotate files (SARIF, GitHub workflow commands)
//! say about a finding: which file and line it belongs to, and its message.
//!
//! Both put a finding where a code-scanning view or a pull request can show
//! it. A document read from a file is shown at the finding's own position. A
//! record of an export has no file of its own: its findings are shown at the
//! record's line of the export, and their message says where in the
//! record's text they are. A MIME message keeps the finding's position,
//! which is in the decoded body, and its message says so.

use super::{DocumentReport, FindingReport};
use crate::outcome::Status;
use crate::read::TextOrigin;

/// Where a document's findings are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    /// In the document's own file, at each finding's position.
    File {
        /// The path as reported.
        path: &'a str,
    },
    /// At the line of an export where the document's record starts.
    Record {
        /// The export file.
        file: &'a str,
        /// The 1-based line of the file where the record starts.
        line: usize,
    },
}

impl<'a> Place<'a> {
    /// Where the findings of `d` are shown.
    pub fn of(d: &'a DocumentReport) -> Place<'a> {
        match &d.record {
            Some(r) => Place::Record {
                file: &r.file,
                line: r.line,
            },
            None => Place::File { path: &d.path },
        }
    }

    /// The file the findings are shown in.
    pub fn file(&self) -> &'a str {
        match *self {
            Place::File { path } => path,
            Place::Record { file, .. } => file,
        }
    }
}

/// The message of a finding as an annotation shows it: the finding's
/// message, its suggestion on a line of its own, and, when the position is
/// not the file's, a line that says what it refers to.
pub fn finding_message(d: &DocumentReport, f: &FindingReport) -> String {
    let mut text = f.message.clone();
    if let Some(s) = &f.suggestion {
        text.push_str("\nSuggestion: ");
        text.push_str(s);
    }
    if d.record.is_some() {
        text.push_str(&format!(
            "\nIn record {}, at line {}, column {} of its text.",
            d.path, f.line, f.column
        ));
    } else if d.text_origin == TextOrigin::Decoded {
        text.push_str(
            "\nThe line and column are those of the decoded message body, not of the file.",
        );
    }
    text
}

/// The ids of the rules that failed on `d` (not counting the ones
/// suppressed for the whole document), in id order.
pub fn failing_rules(d: &DocumentReport) -> Vec<&str> {
    d.rules
        .iter()
        .filter(|r| r.status == Status::Fail && r.suppressed.is_none())
        .map(|r| r.id.as_str())
        .collect()
}
