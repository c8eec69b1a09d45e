//! The plain transcript reader: one `Name: text` turn a line.

use super::{Parsed, Reader, TextOrigin};
use crate::document::Block;
use crate::profile;
use crate::segment::{Unit, lines_from, trim_range};

/// Splits a transcript into turns, one unit per `Name: text` line; lines
/// without a label continue the previous turn. Speakers are collected in
/// order of first appearance.
pub fn transcript_units(text: &str, speakers: &mut Vec<String>) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    for (start, line) in lines_from(text, 0, text.len()) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        if let Some(label) = profile::speaker_label(line) {
            let idx = match speakers.iter().position(|s| s == label) {
                Some(i) => i,
                None => {
                    speakers.push(label.to_string());
                    speakers.len() - 1
                }
            };
            let content = start + lead + label.len() + 1;
            units.push(Unit {
                range: trim_range(text, content..start + line.len()),
                block: Block::Prose,
                speaker: Some(idx),
                time: None,
            });
        } else if let Some(u) = units.last_mut() {
            u.range.end = start + line.len();
        } else {
            units.push(Unit {
                range: trim_range(text, start..start + line.len()),
                block: Block::Prose,
                speaker: None,
                time: None,
            });
        }
    }
    units
}

fn plain(text: String, reader: Reader) -> Parsed {
    let mut speakers = Vec::new();
    let units = transcript_units(&text, &mut speakers);
    Parsed {
        text,
        origin: TextOrigin::File,
        reader,
        units,
        speakers,
        host: None,
        warnings: Vec::new(),
    }
}

/// Reads `Name: text` lines.
pub fn parse_plain(text: String) -> Parsed {
    plain(text, Reader::PlainTranscript)
}

/// True when the text is a WebVTT file.
pub fn is_vtt(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').starts_with("WEBVTT")
}

/// True when the text looks like a SubRip file (a cue number, then a
/// `00:00:01,000 --> 00:00:02,000` line).
pub fn is_srt(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().map(str::trim);
    let second = lines.next();
    first.is_some_and(|f| f.chars().all(|c| c.is_ascii_digit()))
        && second.is_some_and(|s| s.contains("-->") && s.contains(','))
}

/// Reads a WebVTT file. (For now the plain reader; cue parsing comes next.)
pub fn parse_vtt(text: String) -> Parsed {
    plain(text, Reader::Vtt)
}

/// Reads a SubRip file. (For now the plain reader; cue parsing comes next.)
pub fn parse_srt(text: String) -> Parsed {
    plain(text, Reader::Srt)
}
