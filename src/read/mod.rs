//! Readers: each input format is turned into the text that positions refer
//! to and the units (subject, paragraphs, items, headings, turns) that
//! sentences are cut from.

use std::path::Path;

use serde::Serialize;

use crate::profile::{self, Profile};
use crate::segment::{self, Unit};

pub mod email;
pub mod transcript;

/// Which reader turned a file into units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reader {
    /// A plain-text email or draft, with an optional header block.
    PlainEmail,
    /// Prose notes, Markdown or plain text.
    Notes,
    /// `Name: text` lines.
    PlainTranscript,
}

impl Reader {
    /// The name written in reports.
    pub fn name(self) -> &'static str {
        match self {
            Reader::PlainEmail => "plain-email",
            Reader::Notes => "notes",
            Reader::PlainTranscript => "plain-transcript",
        }
    }
}

/// What the positions of a document refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextOrigin {
    /// The file as given: lines and columns are the file's.
    File,
    /// A body decoded from the file (MIME): lines and columns are the
    /// decoded text's.
    Decoded,
}

/// A file read into units.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The text positions refer to.
    pub text: String,
    /// What that text is.
    pub origin: TextOrigin,
    /// The reader used.
    pub reader: Reader,
    /// The units, in order.
    pub units: Vec<Unit>,
    /// Speaker labels, in order of first appearance (transcripts).
    pub speakers: Vec<String>,
    /// A speaker the file names as host or organiser, if any.
    pub host: Option<String>,
    /// Notes about what was left out or could not be read.
    pub warnings: Vec<String>,
}

/// Chooses the reader for a profile, from the path and content.
pub fn choose(_path: Option<&Path>, _text: &str, profile: Profile) -> Reader {
    match profile {
        Profile::Email => Reader::PlainEmail,
        Profile::Notes => Reader::Notes,
        Profile::Transcript => Reader::PlainTranscript,
    }
}

/// Reads `text` with `reader`.
pub fn parse(reader: Reader, text: String) -> Parsed {
    let mut warnings = Vec::new();
    let mut speakers = Vec::new();
    let units = match reader {
        Reader::PlainEmail => email::email_units(&text, &mut warnings),
        Reader::Notes => segment::prose_units(&text, 0),
        Reader::PlainTranscript => transcript::transcript_units(&text, &mut speakers),
    };
    Parsed {
        text,
        origin: TextOrigin::File,
        reader,
        units,
        speakers,
        host: None,
        warnings,
    }
}

/// Chooses a profile (unless given) and a reader, and reads the text.
pub fn read(path: Option<&Path>, text: String, profile: Option<Profile>) -> (Profile, Parsed) {
    let profile = profile.unwrap_or_else(|| profile::detect(path, &text));
    let reader = choose(path, &text, profile);
    (profile, parse(reader, text))
}
