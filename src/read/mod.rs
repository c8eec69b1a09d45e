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
    /// An RFC 5322 message with MIME parts, decoded.
    Mime,
    /// Markdown notes.
    Markdown,
    /// Plain-text notes.
    Notes,
    /// `Name: text` lines.
    PlainTranscript,
    /// A WebVTT file (Zoom, Teams, Meet exports).
    Vtt,
    /// A SubRip (.srt) file.
    Srt,
}

impl Reader {
    /// The name written in reports.
    pub fn name(self) -> &'static str {
        match self {
            Reader::PlainEmail => "plain-email",
            Reader::Mime => "mime",
            Reader::Markdown => "markdown",
            Reader::Notes => "notes",
            Reader::PlainTranscript => "plain-transcript",
            Reader::Vtt => "vtt",
            Reader::Srt => "srt",
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

impl TextOrigin {
    /// The name written in reports.
    pub fn name(self) -> &'static str {
        match self {
            TextOrigin::File => "file",
            TextOrigin::Decoded => "decoded",
        }
    }
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
pub fn choose(path: Option<&Path>, text: &str, profile: Profile) -> Reader {
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match profile {
        Profile::Email if email::is_mime(text) => Reader::Mime,
        Profile::Email => Reader::PlainEmail,
        Profile::Notes if ext.as_deref() == Some("md") || segment::looks_like_markdown(text) => {
            Reader::Markdown
        }
        Profile::Notes => Reader::Notes,
        Profile::Transcript if ext.as_deref() == Some("vtt") || transcript::is_vtt(text) => {
            Reader::Vtt
        }
        Profile::Transcript if ext.as_deref() == Some("srt") || transcript::is_srt(text) => {
            Reader::Srt
        }
        Profile::Transcript => Reader::PlainTranscript,
    }
}

/// Reads `text` with `reader`.
pub fn parse(reader: Reader, text: String) -> Parsed {
    match reader {
        Reader::PlainEmail => email::parse_plain(text),
        Reader::Mime => email::parse_mime(text),
        Reader::Markdown => segment::parse_notes(text, Reader::Markdown),
        Reader::Notes => segment::parse_notes(text, Reader::Notes),
        Reader::PlainTranscript => transcript::parse_plain(text),
        Reader::Vtt => transcript::parse_vtt(text),
        Reader::Srt => transcript::parse_srt(text),
    }
}

/// Chooses a profile (unless given) and a reader, and reads the text.
pub fn read(path: Option<&Path>, text: String, profile: Option<Profile>) -> (Profile, Parsed) {
    read_raw(path, text, None, profile)
}

/// Like [`read`], for a file that was not valid UTF-8: `raw` are its bytes
/// and `text` their lossy decoding. A MIME message is then decoded from the
/// bytes, so 8-bit bodies in the charset they name keep their letters.
pub fn read_raw(
    path: Option<&Path>,
    text: String,
    raw: Option<&[u8]>,
    profile: Option<Profile>,
) -> (Profile, Parsed) {
    let profile = profile.unwrap_or_else(|| profile::detect(path, &text));
    let reader = choose(path, &text, profile);
    let parsed = match (reader, raw) {
        (Reader::Mime, Some(bytes)) => email::parse_mime_raw(text, bytes),
        _ => parse(reader, text),
    };
    (profile, parsed)
}
