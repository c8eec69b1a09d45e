//! Splitting text into blocks (paragraphs, list items, headings, turns) and
//! blocks into sentences.

use std::ops::Range;

use crate::document::{Block, Sentence};
use crate::read::{Parsed, Reader, TextOrigin};

/// A contiguous run of text that sentences never cross.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Byte range in the document text.
    pub range: Range<usize>,
    /// The kind of block.
    pub block: Block,
    /// Speaker index (transcripts).
    pub speaker: Option<usize>,
    /// Start and end in seconds, when the transcript gives times.
    pub time: Option<(f64, f64)>,
}

/// Lines of `text[from..to]` with their byte offsets, without line breaks.
pub(crate) fn lines_from(
    text: &str,
    from: usize,
    to: usize,
) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= to {
            return None;
        }
        let rest = &text[pos..to];
        let (line, next) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => (&rest[..i], pos + i + 1),
            None => (rest, to),
        };
        let start = pos;
        pos = next;
        Some((start, line.strip_suffix('\r').unwrap_or(line)))
    })
}

/// Length in bytes of a list marker at the start of `t` (`- `, `* `, `1. `,
/// `- [ ] `), or 0.
fn list_marker(t: &str) -> usize {
    let b = t.as_bytes();
    let mut n = 0;
    if b.len() >= 2 && matches!(b[0], b'-' | b'*' | b'+') && b[1] == b' ' {
        n = 2;
    } else if t.starts_with("\u{2022} ") {
        n = "\u{2022} ".len();
    } else {
        let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if (1..=3).contains(&digits)
            && b.len() > digits + 1
            && matches!(b[digits], b'.' | b')')
            && b[digits + 1] == b' '
        {
            n = digits + 2;
        }
    }
    if n > 0 {
        let rest = &t[n..];
        for box_ in ["[ ] ", "[x] ", "[X] "] {
            if rest.starts_with(box_) {
                return n + box_.len();
            }
        }
    }
    n
}

/// Trims a byte range of `text` to exclude surrounding whitespace.
pub(crate) fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return r.start..r.start;
    }
    r.start + lead..r.end - trail
}

/// True when the text has Markdown structure: `#` headings, bullets, fenced
/// code or front matter.
pub fn looks_like_markdown(text: &str) -> bool {
    text.starts_with("---\n")
        || text.lines().take(2000).any(|l| {
            let t = l.trim_start();
            (t.starts_with('#') && t.trim_start_matches('#').starts_with(' '))
                || t.starts_with("```")
                || t.starts_with("- ")
                || t.starts_with("* ")
        })
}

/// Reads notes (Markdown or plain): positions are the file's. Markdown
/// front matter (a `---` block at the top) is not prose.
pub fn parse_notes(text: String, reader: Reader) -> Parsed {
    let from = if reader == Reader::Markdown {
        front_matter_end(&text)
    } else {
        0
    };
    let units = prose_units(&text, from);
    Parsed {
        text,
        origin: TextOrigin::File,
        reader,
        units,
        speakers: Vec::new(),
        host: None,
        warnings: Vec::new(),
    }
}

/// The byte offset just past a front matter block (`---` ... `---` or
/// `...`, or `+++` ... `+++`) at the top of the text, or 0.
pub fn front_matter_end(text: &str) -> usize {
    let mut lines = lines_from(text, 0, text.len());
    let Some((_, first)) = lines.next() else {
        return 0;
    };
    let fence = first.trim_end();
    if fence != "---" && fence != "+++" {
        return 0;
    }
    for (start, line) in lines.take(200) {
        let l = line.trim_end();
        if l == fence || (fence == "---" && l == "...") {
            return (start + line.len() + 1).min(text.len());
        }
    }
    0
}

/// Splits prose (notes, or an email body) into units.
pub fn prose_units(text: &str, from: usize) -> Vec<Unit> {
    prose_units_until(text, from, text.len())
}

pub(crate) fn prose_units_until(text: &str, from: usize, to: usize) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut open = false; // whether the last unit can take a continuation line
    let mut last_short = false;
    let mut in_fence = false;
    for (start, line) in lines_from(text, from, to) {
        let t = line.trim();
        let lead = line.len() - line.trim_start().len();
        let end = start + line.len();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            open = false;
            continue;
        }
        if in_fence {
            continue;
        }
        if t.is_empty() {
            open = false;
            continue;
        }
        let content_start = start + lead;
        if t.starts_with('#') {
            let hashes = t.bytes().take_while(|&b| b == b'#').count();
            if t.len() == hashes || t.as_bytes()[hashes] == b' ' {
                let r = trim_range(text, content_start + hashes..end);
                units.push(Unit {
                    range: r,
                    block: Block::Heading,
                    speaker: None,
                    time: None,
                });
                open = false;
                continue;
            }
        }
        let marker = list_marker(t);
        if marker > 0 {
            units.push(Unit {
                range: trim_range(text, content_start + marker..end),
                block: Block::Item,
                speaker: None,
                time: None,
            });
            open = true;
            last_short = false;
            continue;
        }
        if t.ends_with(':') && t.chars().count() <= 50 && !t.contains(". ") {
            units.push(Unit {
                range: trim_range(text, content_start..end),
                block: Block::Heading,
                speaker: None,
                time: None,
            });
            open = false;
            continue;
        }
        if t.starts_with('|') {
            let r = trim_range(text, content_start + 1..end);
            units.push(Unit {
                range: r,
                block: Block::Prose,
                speaker: None,
                time: None,
            });
            open = false;
            continue;
        }
        let continues = open
            && !last_short
            && units.last().is_some_and(|u| {
                // list items continue only on indented lines
                u.block != Block::Item || lead > 0
            });
        if continues {
            if let Some(u) = units.last_mut() {
                u.range.end = end;
            }
        } else {
            units.push(Unit {
                range: trim_range(text, content_start..end),
                block: Block::Prose,
                speaker: None,
                time: None,
            });
        }
        open = true;
        last_short = t.chars().count() < 40;
    }
    units.retain(|u| !u.range.is_empty());
    units
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "eg", "ie",
    "inc", "ltd", "co", "corp", "approx", "no", "fig", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "a.m", "p.m", "u.s", "cf", "ca", "dept", "est",
];

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\u{2026}')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}' | '*' | '_'
    ) || is_terminal(c)
}

/// The word just before byte `i` in `s` (letters, digits and inner dots).
fn word_before(s: &str, i: usize) -> &str {
    let head = &s[..i];
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '.')
        .last()
        .map_or(i, |(j, _)| j);
    &head[start..]
}

/// Splits `text[range]` into sentence ranges.
pub fn split_sentences(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[range.clone()];
    let b = s.as_bytes();
    let base = range.start;
    let mut start = 0;
    let mut at = 0;
    // The terminals are found byte by byte: `.`, `!`, `?`, and the first
    // byte of `…` (0xE2, which starts other characters too); the same
    // sentences as a walk over every character (a property test compares).
    while let Some(off) = b[at..]
        .iter()
        .position(|&x| matches!(x, b'.' | b'!' | b'?' | 0xE2))
    {
        let i = at + off;
        let c = match b[i] {
            0xE2 if s[i..].starts_with('\u{2026}') => '\u{2026}',
            0xE2 => {
                at = i + 1;
                continue;
            }
            x => char::from(x),
        };
        // Closing quotes, brackets and more terminals belong to it.
        let mut end = i + c.len_utf8();
        for d in s[end..].chars() {
            if !is_closer(d) {
                break;
            }
            end += d.len_utf8();
        }
        at = end;
        if ends_sentence_at(s, i, c, end) {
            push_trimmed(text, base + start..base + end, out);
            start = end;
        }
    }
    push_trimmed(text, base + start..range.end, out);
}

/// True when the terminal `c` at byte `i` of `s`, with the closers after it
/// up to `end`, ends a sentence: white space or the end follows, and a `.`
/// closes no abbreviation or initial and comes before no lowercase word.
fn ends_sentence_at(s: &str, i: usize, c: char, end: usize) -> bool {
    if s[end..].chars().next().is_some_and(|n| !n.is_whitespace()) {
        return false;
    }
    if c == '.' {
        let w = word_before(s, i);
        let lw = w.to_ascii_lowercase();
        let single_initial = w.chars().count() == 1 && w.chars().all(|c| c.is_uppercase());
        if single_initial || ABBREVIATIONS.contains(&lw.as_str()) {
            return false;
        }
        let after = s[end..].trim_start().chars().next();
        if after.is_some_and(|a| a.is_lowercase()) {
            return false;
        }
    }
    true
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let r = trim_range(text, r);
    if text[r.clone()].chars().any(|c| c.is_alphanumeric()) {
        out.push(r);
    }
}

/// True when a sentence ends with sentence punctuation (possibly followed
/// by closing quotes or brackets).
fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .trim_end_matches(|c: char| is_closer(c) && !is_terminal(c))
        .ends_with(is_terminal)
}

/// Turns units into sentences, recording block, speaker and section. A
/// transcript cue that carries on its speaker's unfinished sentence from
/// the cue before starts with a sentence marked `continues`, when `cues`
/// says the units are time-sliced subtitle cues (WebVTT, SubRip) rather
/// than one line a turn.
pub fn sentences(text: &str, units: &[Unit], cues: bool) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut section = None;
    let mut ranges = Vec::new();
    // Whether the previous unit was a turn whose last sentence is unfinished.
    let mut open_turn: Option<usize> = None;
    for (ui, u) in units.iter().enumerate() {
        ranges.clear();
        let continues =
            cues && u.speaker.is_some() && u.block == Block::Prose && open_turn == u.speaker;
        if u.block == Block::Heading || u.block == Block::Subject {
            push_trimmed(text, u.range.clone(), &mut ranges);
        } else {
            split_sentences(text, u.range.clone(), &mut ranges);
        }
        open_turn = match (u.speaker, ranges.last()) {
            (Some(sp), Some(last)) if !ends_sentence(&text[last.clone()]) => Some(sp),
            _ => None,
        };
        for (i, r) in ranges.drain(..).enumerate() {
            if u.block == Block::Heading {
                section = Some(out.len());
            }
            let mut sentence = Sentence::new(r, u.block, u.time);
            sentence.continues = continues && i == 0;
            sentence.speaker = u.speaker.map(|sp| sp as u32);
            sentence.block_index = ui as u32;
            sentence.section = if u.block == Block::Heading {
                None
            } else {
                section.map(|h| h as u32)
            };
            out.push(sentence);
        }
    }
    // A large document has hundreds of thousands of sentences: no spare
    // capacity is kept.
    out.shrink_to_fit();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentence split as a walk over every character, for comparison:
    /// the terminals and their closers found character by character.
    fn split_sentences_by_char(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
        let s = &text[range.clone()];
        let base = range.start;
        let mut start = 0;
        let mut chars = s.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !is_terminal(c) {
                continue;
            }
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if is_closer(d) {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            if ends_sentence_at(s, i, c, end) {
                push_trimmed(text, base + start..base + end, out);
                start = end;
            }
        }
        push_trimmed(text, base + start..range.end, out);
    }

    proptest::proptest! {
        #[test]
        fn sentences_are_those_of_a_walk_over_every_character(
            text in "([a-zA-Z0-9 .!?\"')\\]*_\n]|Mr|e\\.g|\u{2026}|\u{201d}|\u{2019}|\u{2013}|é){0,40}"
        ) {
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            split_sentences(&text, 0..text.len(), &mut ours);
            split_sentences_by_char(&text, 0..text.len(), &mut theirs);
            proptest::prop_assert_eq!(ours, theirs);
        }
    }

    fn split(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split_sentences(s, 0..s.len(), &mut out);
        out.into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn splits_on_terminals_but_not_abbreviations() {
        assert_eq!(
            split("Hi Dr. Smith. How is it going? Great! See e.g. the deck."),
            vec![
                "Hi Dr. Smith.",
                "How is it going?",
                "Great!",
                "See e.g. the deck."
            ]
        );
    }

    #[test]
    fn keeps_decimals_and_closing_quotes() {
        assert_eq!(
            split("It grew 3.5 times. He said \"yes.\" Then left"),
            vec!["It grew 3.5 times.", "He said \"yes.\"", "Then left"]
        );
    }

    #[test]
    fn front_matter_is_skipped_only_when_closed() {
        let t = "---\ntitle: Call\ntags: [a]\n---\n# Notes\n";
        assert_eq!(&t[front_matter_end(t)..], "# Notes\n");
        assert_eq!(front_matter_end("---\nno end\n"), 0);
        assert_eq!(front_matter_end("# Title\n"), 0);
        let p = parse_notes(t.to_string(), Reader::Markdown);
        let texts: Vec<_> = p.units.iter().map(|u| &t[u.range.clone()]).collect();
        assert_eq!(texts, vec!["Notes"]);
    }

    #[test]
    fn notes_units_headings_and_items() {
        let t = "# Call\n\n## Next steps\n- Ann to send deck\n  by Friday\n- Bob to call\nPlain text.\n";
        let units = prose_units(t, 0);
        let texts: Vec<_> = units.iter().map(|u| &t[u.range.clone()]).collect();
        assert_eq!(
            texts,
            vec![
                "Call",
                "Next steps",
                "Ann to send deck\n  by Friday",
                "Bob to call",
                "Plain text."
            ]
        );
    }
}
