//! The plain transcript reader: one `Name: text` turn a line.

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
