//! Document profiles (email, notes, transcript) and automatic detection.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The kind of writing a document is; rules pick their thresholds by profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// An email draft or a sent message.
    Email,
    /// Meeting or call notes written by the rep.
    Notes,
    /// A conversation, one `Name: text` turn a line.
    Transcript,
}

impl Profile {
    /// Every profile, in a fixed order.
    pub const ALL: [Profile; 3] = [Profile::Email, Profile::Notes, Profile::Transcript];

    /// The lowercase name used on the command line, in rule files and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Email => "email",
            Profile::Notes => "notes",
            Profile::Transcript => "transcript",
        }
    }

    /// Parses a profile name (`email`, `notes`, `transcript`).
    pub fn parse(s: &str) -> Option<Profile> {
        Profile::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Mail header names that mark a file as an email when they open it.
const MAIL_HEADERS: &[&str] = &[
    "subject",
    "from",
    "to",
    "cc",
    "date",
    "message-id",
    "received",
    "return-path",
    "mime-version",
    "content-type",
    "reply-to",
    "delivered-to",
];

/// `line` split at its first colon, as `line.split_once(':')`: memchr
/// finds it with a fraction of the fixed cost of `str`'s searcher, which
/// counts when every header line of every message is split.
pub(crate) fn split_colon(line: &str) -> Option<(&str, &str)> {
    let at = memchr::memchr(b':', line.as_bytes())?;
    Some((&line[..at], &line[at + 1..]))
}

/// Returns true when `line` looks like a mail header naming one of the
/// well-known fields (`Subject: ...`, `From: ...`).
pub(crate) fn is_known_header(line: &str) -> bool {
    match split_colon(line) {
        Some((name, _)) => {
            let name = name.trim_end();
            MAIL_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name))
        }
        None => false,
    }
}

/// Labels that open lines of notes and mail, never a speaker.
const NOT_SPEAKERS: &[&str] = &[
    "agenda",
    "action",
    "actions",
    "action item",
    "action items",
    "attendees",
    "date",
    "time",
    "location",
    "where",
    "when",
    "notes",
    "note",
    "next steps",
    "next step",
    "goal",
    "goals",
    "objective",
    "objectives",
    "decision",
    "decisions",
    "summary",
    "topic",
    "topics",
    "owner",
    "status",
    "subject",
    "from",
    "to",
    "cc",
    "re",
    "fyi",
    "ps",
    "p.s",
    "todo",
    "to do",
    "q",
    "question",
    "questions",
    "answer",
    "update",
    "updates",
    "outcome",
    "outcomes",
    "purpose",
    "present",
    "absent",
    "customer",
    "account",
    "contact",
    "contacts",
    "risk",
    "risks",
    "http",
    "https",
    "mailto",
    "tel",
    "phone",
    "email",
    "web",
    "dial-in",
    "meeting id",
    "passcode",
    "host",
    "duration",
    "recording",
    "participants",
];

/// Line labels that mark meeting notes (`Agenda: ...`, `Action: ...`).
const NOTE_LABELS: &[&str] = &[
    "agenda",
    "attendees",
    "present",
    "action",
    "actions",
    "action item",
    "action items",
    "next steps",
    "next step",
    "decisions",
    "decision",
    "minutes",
    "discussion",
];

/// Returns the speaker label when `line` is a transcript turn (`Name: text`).
///
/// A label is one to four words of letters, digits, dots, apostrophes or
/// hyphens, starting with a letter, followed by a colon and some text.
pub fn speaker_label(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let colon = trimmed.find(':')?;
    let (label, rest) = trimmed.split_at(colon);
    let rest = &rest[1..];
    if label.is_empty() || label.len() > 40 || rest.trim().is_empty() {
        return None;
    }
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let first = label.chars().next()?;
    if !first.is_alphabetic() {
        return None;
    }
    let mut words = 0;
    for word in label.split(' ') {
        let initial = word.chars().next()?;
        if !(initial.is_uppercase() || initial.is_ascii_digit()) {
            return None;
        }
        words += 1;
        if !word
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '\'' | '-' | '_'))
        {
            return None;
        }
    }
    if words > 4 || NOT_SPEAKERS.iter().any(|k| k.eq_ignore_ascii_case(label)) {
        return None;
    }
    Some(label)
}

/// Chooses a profile for a document from its file extension and content.
///
/// `.eml` is email, `.vtt` and `.srt` are transcripts. Otherwise the content
/// decides: mail headers at the top mean email; most non-blank lines in
/// `Name: text` form mean transcript; Markdown headings or bullet lists mean
/// notes; anything else is treated as an email draft.
pub fn detect(path: Option<&Path>, text: &str) -> Profile {
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("eml") => return Profile::Email,
        Some("vtt") | Some("srt") => return Profile::Transcript,
        _ => {}
    }
    let first = text.lines().find(|l| !l.trim().is_empty());
    if first.is_some_and(|l| is_known_header(l) || l.starts_with("From ")) {
        return Profile::Email;
    }
    let mut nonblank = 0usize;
    let mut turns = 0usize;
    let mut markdown = 0usize;
    let mut note_labels = 0usize;
    for line in text.lines().take(2000) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        nonblank += 1;
        if crate::read::transcript::turn_line(t).is_some() {
            turns += 1;
        } else if let Some((label, _)) = t.split_once(':')
            && NOTE_LABELS
                .iter()
                .any(|k| k.eq_ignore_ascii_case(label.trim()))
        {
            note_labels += 1;
        }
        if t.starts_with('#') || t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") {
            markdown += 1;
        }
    }
    if nonblank >= 2 && turns * 10 >= nonblank * 6 {
        Profile::Transcript
    } else if markdown >= 2 || note_labels >= 1 || ext.as_deref() == Some("md") {
        Profile::Notes
    } else {
        Profile::Email
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_email_by_headers() {
        assert_eq!(detect(None, "Subject: hi\n\nHello"), Profile::Email);
    }

    #[test]
    fn detects_transcript_by_turns() {
        let t = "Ann: hello there\nBob: hi\nAnn: how are you?\n";
        assert_eq!(detect(None, t), Profile::Transcript);
    }

    #[test]
    fn detects_notes_by_markdown() {
        let t = "# Call\n\n- one\n- two\n";
        assert_eq!(detect(None, t), Profile::Notes);
    }

    #[test]
    fn plain_text_defaults_to_email() {
        assert_eq!(
            detect(None, "Hi Ann,\n\nThanks for the call."),
            Profile::Email
        );
    }

    #[test]
    fn speaker_labels() {
        assert_eq!(speaker_label("Dana Lee: hi"), Some("Dana Lee"));
        assert_eq!(speaker_label("http://x.y"), None);
        assert_eq!(
            speaker_label("Note that this: is long prose text here"),
            None
        );
    }
}
