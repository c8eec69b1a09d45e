//! Transcript readers: plain `Name: text` lines (optionally stamped with a
//! time), WebVTT (Zoom, Teams and Meet exports) and SubRip.
//!
//! Every cue or line becomes a unit that keeps its place in the file, with
//! its speaker and, when the file gives them, its start and end in seconds.
//! Consecutive units of one speaker make one turn (see
//! [`crate::checks::talk`]). Cue numbers and identifiers, timing lines,
//! `NOTE`, `STYLE` and `REGION` blocks, the `WEBVTT` header and the tags
//! around a cue's text (`<v Name>`, `</v>`, `<i>`...) are not prose and make
//! no unit.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use super::{Parsed, Reader, TextOrigin};
use crate::document::Block;
use crate::profile;
use crate::segment::{Unit, lines_from, trim_range};

/// Seconds a word takes at about 150 words a minute, the usual speaking
/// rate: estimates a line's length when the file gives only its start.
const SECONDS_PER_WORD: f64 = 0.4;

/// Header labels that name the host or organiser of the call.
const HOST_LABELS: &[&str] = &[
    "host",
    "organizer",
    "organiser",
    "meeting host",
    "meeting organizer",
    "meeting organiser",
    "call host",
    "call owner",
    "hosted by",
    "organized by",
    "organised by",
];

/// Header labels of a plain transcript that describe the call, not a turn.
const HEADER_LABELS: &[&str] = &[
    "title",
    "meeting",
    "meeting title",
    "meeting id",
    "call",
    "topic",
    "subject",
    "date",
    "time",
    "start time",
    "end time",
    "duration",
    "location",
    "attendees",
    "participants",
    "present",
    "recording",
    "passcode",
    "language",
    "kind",
    "transcript",
];

/// A timestamp: `h:mm:ss`, `mm:ss`, with an optional `.ttt` or `,ttt`.
const TS: &str = r"\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?";

/// `[00:01:02] Name: text` (brackets or parentheses optional).
static TIME_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*(?:\[({TS})\]|\(({TS})\)|({TS}))\s+([^:\s][^:]{{0,59}}?)\s*:[ \t]"
    ))
    .expect("valid regex")
});

/// `Name (00:01:02): text` or `Name [00:01:02]: text`.
static NAME_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*([^:\s\[(][^:\[(]{{0,59}}?)\s*(?:\[({TS})\]|\(({TS})\))\s*:[ \t]"
    ))
    .expect("valid regex")
});

/// A transcript line with a speaker, as [`turn_line`] reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TurnLine<'a> {
    /// The speaker label.
    pub label: &'a str,
    /// The time the line gives, in seconds from the start.
    pub time: Option<f64>,
    /// Byte offset in the line where the spoken text starts.
    pub content: usize,
}

/// Reads one plain transcript line: `Name: text`, `Name (00:01:02): text`
/// or `[00:01:02] Name: text`. `None` for a line that is not a turn.
pub fn turn_line(line: &str) -> Option<TurnLine<'_>> {
    // Only lines with a bracket or a leading digit can carry a stamp.
    let stamped =
        line.contains(['(', '[']) || line.trim_start().starts_with(|c: char| c.is_ascii_digit());
    // The patterns are compiled only when a line could carry a stamp
    // (compiling them is more than checking a short draft).
    let patterns: [(&LazyLock<Regex>, usize); 2] = [(&TIME_FIRST, 4), (&NAME_FIRST, 1)];
    for (re, label_group) in patterns.into_iter().filter(|_| stamped) {
        let Some(c) = re.captures(line) else {
            continue;
        };
        let (Some(whole), Some(label)) = (c.get(0), c.get(label_group)) else {
            continue;
        };
        let time = (1..c.len())
            .filter(|&g| g != label_group)
            .find_map(|g| c.get(g))
            .and_then(|m| parse_timestamp(m.as_str()));
        let label = label.as_str().trim();
        if time.is_some() && label_ok(label) && !line[whole.end()..].trim().is_empty() {
            return Some(TurnLine {
                label,
                time,
                content: whole.end(),
            });
        }
    }
    let label = profile::speaker_label(line)?;
    let lead = line.len() - line.trim_start().len();
    Some(TurnLine {
        label,
        time: None,
        content: lead + label.len() + 1,
    })
}

/// Parses a timestamp (`01:02:03.456`, `1:02:03,456`, `02:03`) into seconds.
pub fn parse_timestamp(s: &str) -> Option<f64> {
    let s = s.trim();
    let (main, frac) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |p: &str, max: usize| {
        (!p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let mut parts = main.split(':');
    let first = digits(parts.next()?, 3)?;
    let second = digits(parts.next()?, 2)?;
    let third = match parts.next() {
        Some(p) => Some(digits(p, 2)?),
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    let (h, m, sec) = match third {
        Some(t) => (first, second, t),
        None => (0, first, second),
    };
    if sec >= 60 || (third.is_some() && m >= 60) {
        return None;
    }
    let frac = match frac {
        Some(f) => f64::from(digits(f, 3)?) / 10f64.powi(f.len() as i32),
        None => 0.0,
    };
    Some(f64::from(h) * 3600.0 + f64::from(m) * 60.0 + f64::from(sec) + frac)
}

/// A speaker label of a cue or a stamped line: a display name as a meeting
/// tool writes it (`stokes`, `Dana Lee (Acme)`, `Ahmad | Nethermind`), up to
/// 60 characters and 8 words, without sentence punctuation or tags.
fn label_ok(label: &str) -> bool {
    let Some(first) = label.chars().next() else {
        return false;
    };
    (first.is_alphanumeric() || !first.is_ascii())
        && label.chars().count() <= 60
        && label.split_whitespace().count() <= 8
        && !label.contains(['?', '!', ';', '"', '<', '>', '{', '}', '='])
        && !label.contains("-->")
}

fn speaker_index(speakers: &mut Vec<String>, label: &str) -> usize {
    match speakers.iter().position(|s| s == label) {
        Some(i) => i,
        None => {
            speakers.push(label.to_string());
            speakers.len() - 1
        }
    }
}

/// The value of a header line that names the host (`Host: Dana Lee`,
/// `NOTE Organizer: Dana`).
fn host_value(line: &str) -> Option<&str> {
    let t = line.trim();
    let t = t
        .strip_prefix("NOTE")
        .filter(|r| r.is_empty() || r.starts_with([' ', '\t']))
        .unwrap_or(t)
        .trim();
    let (label, value) = t.split_once(':')?;
    let value = value.trim();
    (HOST_LABELS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(label.trim()))
        && looks_like_name(value))
    .then_some(value)
}

/// True for a display name: a speaker label whose words start with a
/// capital, a digit or punctuation ("Dana Lee (Acme)"), allowing short
/// particles ("Maria de Souza"). "Welcome to the show" is not a name.
fn looks_like_name(value: &str) -> bool {
    label_ok(value)
        && value.split_whitespace().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| !c.is_lowercase() || w.chars().count() <= 3)
        })
}

/// True for a `Label: value` line that describes the call (title, date,
/// attendees, host...) rather than a turn.
fn is_header_line(line: &str) -> bool {
    host_value(line).is_some()
        || line.split_once(':').is_some_and(|(label, _)| {
            HEADER_LABELS
                .iter()
                .any(|h| h.eq_ignore_ascii_case(label.trim()))
        })
}

/// The speaker label a host value names: the same label ignoring case, or
/// the only speaker whose name starts with it or that it starts with
/// ("Dana" names "Dana Lee"; "Dana Lee (Acme)" names "Dana Lee").
fn resolve_host(value: &str, speakers: &[String]) -> Option<String> {
    let v = value.to_lowercase();
    if let Some(s) = speakers.iter().find(|s| s.to_lowercase() == v) {
        return Some(s.clone());
    }
    let extends = |long: &str, short: &str| {
        long.strip_prefix(short)
            .is_some_and(|rest| rest.starts_with([' ', '(', ',', '|', '-']))
    };
    let mut found = speakers.iter().filter(|s| {
        let s = s.to_lowercase();
        extends(&s, &v) || extends(&v, &s)
    });
    match (found.next(), found.next()) {
        (Some(s), None) => Some(s.clone()),
        _ => None,
    }
}

/// Sets `host` from a host value named in the header, with a note when it
/// names no speaker.
fn set_host(parsed: &mut Parsed, value: Option<&str>) {
    let Some(value) = value else {
        return;
    };
    parsed.host = resolve_host(value, &parsed.speakers);
    if parsed.host.is_none() {
        parsed.warnings.push(format!(
            "the file names {value} as host, but no speaker matches that name"
        ));
    }
}

fn word_count(text: &str) -> usize {
    text.unicode_words().count()
}

/// Splits a plain transcript into turns, one unit per line with a speaker
/// (`Name: text`, `Name (00:01:02): text`, `[00:01:02] Name: text`); lines
/// without one continue the previous unit. Header lines before the first
/// turn (`Host: Dana`, `Date: ...`) make no unit. Speakers are collected in
/// order of first appearance; the host value named in the header, if any, is
/// returned.
fn plain_units<'t>(text: &'t str, speakers: &mut Vec<String>) -> (Vec<Unit>, Option<&'t str>) {
    let mut units: Vec<Unit> = Vec::new();
    let mut host = None;
    for (start, line) in lines_from(text, 0, text.len()) {
        if line.trim().is_empty() {
            continue;
        }
        if units.is_empty() && is_header_line(line) {
            host = host.or(host_value(line));
            continue;
        }
        if let Some(tl) = turn_line(line) {
            let idx = speaker_index(speakers, tl.label);
            units.push(Unit {
                range: trim_range(text, start + tl.content..start + line.len()),
                block: Block::Prose,
                speaker: Some(idx),
                time: tl.time.map(|t| (t, t)),
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
    // A stamped line lasts until the next stamp, but no longer than a slow
    // speaker would take to say it (a second a word, plus five); the last one
    // lasts as long as its words take at the usual rate.
    let mut next_start: Option<f64> = None;
    for u in units.iter_mut().rev() {
        if let Some((start, _)) = u.time {
            let words = word_count(&text[u.range.clone()]) as f64;
            let end = match next_start {
                Some(n) if n >= start => n.min(start + words + 5.0),
                _ => start + words * SECONDS_PER_WORD,
            };
            u.time = Some((start, end));
            next_start = Some(start);
        }
    }
    (units, host)
}

/// Splits a transcript into turns, one unit per `Name: text` line (also
/// `Name (00:01:02): text` and `[00:01:02] Name: text`); lines without a
/// label continue the previous turn. Speakers are collected in order of
/// first appearance.
pub fn transcript_units(text: &str, speakers: &mut Vec<String>) -> Vec<Unit> {
    plain_units(text, speakers).0
}

/// Reads `Name: text` lines.
pub fn parse_plain(text: String) -> Parsed {
    let mut speakers = Vec::new();
    let (units, host) = plain_units(&text, &mut speakers);
    let host = host.map(str::to_string);
    let mut parsed = Parsed {
        text,
        origin: TextOrigin::File,
        reader: Reader::PlainTranscript,
        units,
        speakers,
        host: None,
        warnings: Vec::new(),
    };
    set_host(&mut parsed, host.as_deref());
    parsed
}

/// True when the text is a WebVTT file.
pub fn is_vtt(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').starts_with("WEBVTT")
}

/// True when the text looks like a SubRip file (a cue number, then a
/// `00:00:01,000 --> 00:00:02,000` line).
pub fn is_srt(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines
        .next()
        .map(|l| l.trim().trim_start_matches('\u{feff}'));
    let second = lines.next();
    first.is_some_and(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
        && second.is_some_and(|s| s.contains("-->") && s.contains(','))
}

/// Reads a cue timing line (`00:00:01.000 --> 00:00:04.000 align:start`):
/// `None` without `-->`, `Some(None)` when its times cannot be read.
fn timing(line: &str) -> Option<Option<(f64, f64)>> {
    let (a, b) = line.split_once("-->")?;
    let start = parse_timestamp(a);
    let end = b.split_whitespace().next().and_then(parse_timestamp);
    Some(match (start, end) {
        (Some(s), Some(e)) => Some((s, e.max(s))),
        _ => None,
    })
}

/// True for a broken timing line without `-->`: a timestamp, then an arrow
/// of another shape, a dash or another timestamp (`00:01.000 -> 00:02.000`).
fn looks_like_timing(line: &str) -> bool {
    let t = line.trim();
    let stamp_len = t
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | ',')))
        .unwrap_or(t.len());
    let (stamp, rest) = t.split_at(stamp_len);
    if !stamp.contains(':') || parse_timestamp(stamp).is_none() {
        return false;
    }
    let rest = rest.trim_start();
    rest.is_empty()
        || rest.starts_with(['-', '\u{2013}', '\u{2014}', '>', '='])
        || rest
            .split_whitespace()
            .next()
            .is_some_and(|w| parse_timestamp(w).is_some())
}

/// One cue of a WebVTT or SubRip file: its times and its payload lines.
#[derive(Debug)]
struct Cue {
    time: Option<(f64, f64)>,
    lines: Vec<Range<usize>>,
}

/// What the block scanner found besides cues.
#[derive(Debug, Default)]
struct Scan {
    cues: Vec<Cue>,
    /// Header and `NOTE` lines before the first cue.
    header: Vec<Range<usize>>,
    broken_timings: Vec<usize>,
    stray_text: Vec<usize>,
}

/// What a block outside a cue is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Skip {
    Note,
    Other,
}

/// Splits a WebVTT (`vtt`) or SubRip file into cues.
fn scan(text: &str, vtt: bool) -> Scan {
    let lines: Vec<(usize, &str)> = lines_from(text, 0, text.len()).collect();
    let mut out = Scan::default();
    let mut cue: Option<Cue> = None;
    let mut skip: Option<Skip> = None;
    let mut i = 0;
    if vtt && lines.first().is_some_and(|(_, l)| is_vtt(l)) {
        while i < lines.len() && !lines[i].1.trim().is_empty() {
            let (s, l) = lines[i];
            out.header.push(s..s + l.len());
            i += 1;
        }
    }
    let close = |cue: &mut Option<Cue>, out: &mut Scan| {
        if let Some(c) = cue.take() {
            out.cues.push(c);
        }
    };
    while i < lines.len() {
        let (start, line) = lines[i];
        let range = start..start + line.len();
        let t = line.trim();
        i += 1;
        if t.is_empty() {
            close(&mut cue, &mut out);
            skip = None;
            continue;
        }
        if let Some(c) = cue.as_mut() {
            match timing(line) {
                // A timing line inside a cue: the blank line before it is
                // missing, and the payload's last line may be a cue number.
                Some(time) => {
                    if c.lines
                        .last()
                        .is_some_and(|r| text[r.clone()].trim().bytes().all(|b| b.is_ascii_digit()))
                    {
                        c.lines.pop();
                    }
                    close(&mut cue, &mut out);
                    if time.is_none() {
                        out.broken_timings.push(i);
                    }
                    cue = Some(Cue {
                        time,
                        lines: Vec::new(),
                    });
                }
                None => c.lines.push(range),
            }
            continue;
        }
        if let Some(kind) = skip {
            if kind == Skip::Note && out.cues.is_empty() {
                out.header.push(range);
            }
            continue;
        }
        let keyword = |k: &str| {
            t.strip_prefix(k)
                .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
        };
        if vtt && keyword("NOTE") {
            skip = Some(Skip::Note);
            if out.cues.is_empty() {
                out.header.push(range);
            }
        } else if vtt && (keyword("STYLE") || keyword("REGION")) {
            skip = Some(Skip::Other);
        } else if let Some(time) = timing(line) {
            if time.is_none() {
                out.broken_timings.push(i);
            }
            cue = Some(Cue {
                time,
                lines: Vec::new(),
            });
        } else if lines.get(i).is_some_and(|(_, next)| {
            !next.trim().is_empty() && (timing(next).is_some() || looks_like_timing(next))
        }) {
            // A cue identifier or number.
        } else if looks_like_timing(line) {
            out.broken_timings.push(i);
            cue = Some(Cue {
                time: None,
                lines: Vec::new(),
            });
        } else {
            out.stray_text.push(i);
            cue = Some(Cue {
                time: None,
                lines: vec![range],
            });
        }
    }
    close(&mut cue, &mut out);
    out
}

/// A speaker label opening a cue line (`Dana Lee: text`): the label and
/// the byte offset in the line where the text starts.
fn cue_label(line: &str) -> Option<(&str, usize)> {
    let colon = line.find(':')?;
    let label = line[..colon].trim();
    let rest = &line[colon + 1..];
    (rest.starts_with([' ', '\t']) && !rest.trim().is_empty() && label_ok(label))
        .then_some((label, colon + 1))
}

/// A WebVTT voice tag opening a line, maybe after other tags (`<v Dana
/// Lee>`, `<v.loud Dana>`): the name and the byte offset just past the tag.
fn voice(line: &str) -> Option<(&str, usize)> {
    let mut p = line.len() - line.trim_start().len();
    while line[p..].starts_with('<') {
        let close = p + line[p..].find('>')?;
        let inner = &line[p + 1..close];
        if let Some(rest) = inner.strip_prefix('v')
            && rest.starts_with([' ', '\t', '.'])
        {
            let name = rest.find([' ', '\t']).map_or("", |i| rest[i..].trim());
            return (!name.is_empty()).then_some((name, close + 1));
        }
        p = close + 1;
    }
    None
}

/// True for the inside of a cue tag: `i`, `/v`, `c.red`, `00:00:01.000`.
fn is_tag(inner: &str) -> bool {
    inner.len() <= 200
        && !inner.contains('<')
        && inner
            .chars()
            .next()
            .is_some_and(|c| c == '/' || c.is_ascii_alphanumeric())
}

/// Narrows `r` to leave out whitespace and tags (`<i>`, `</v>`) at its ends.
fn trim_tags(text: &str, r: Range<usize>) -> Range<usize> {
    let mut r = trim_range(text, r);
    loop {
        let s = &text[r.clone()];
        if s.starts_with('<')
            && let Some(q) = s.find('>')
            && is_tag(&s[1..q])
        {
            r = trim_range(text, r.start + q + 1..r.end);
            continue;
        }
        if s.ends_with('>')
            && let Some(p) = s.rfind('<')
            && is_tag(&s[p + 1..s.len() - 1])
        {
            r = trim_range(text, r.start..r.start + p);
            continue;
        }
        return r;
    }
}

/// Turns the cues of a WebVTT or SubRip file into units: one per cue, or
/// one per voice when a cue holds several. The speaker comes from a `<v
/// Name>` tag or a `Name: text` label; labels are trusted when most cues
/// open with one (a Zoom export), or when a label that looks like a name
/// opens at least two cues.
fn cue_units(text: &str, vtt: bool) -> Parsed {
    let scan = scan(text, vtt);
    let first_lines = || {
        scan.cues
            .iter()
            .filter_map(|c| c.lines.first().map(|r| &text[r.clone()]))
    };
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut labelled = 0usize;
    for line in first_lines() {
        if voice(line).is_none()
            && let Some((label, _)) = cue_label(line)
        {
            labelled += 1;
            *counts.entry(label).or_default() += 1;
        }
    }
    let most = labelled > 0 && labelled * 2 >= scan.cues.len();
    let trusted: HashSet<&str> = counts
        .into_iter()
        .filter(|&(label, n)| {
            most || n >= 2 && profile::speaker_label(&format!("{label}: x")) == Some(label)
        })
        .map(|(label, _)| label)
        .collect();
    let mut speakers = Vec::new();
    let mut units: Vec<Unit> = Vec::new();
    for cue in &scan.cues {
        let first_unit = units.len();
        let mut speaker: Option<usize> = None;
        let mut open = false;
        for r in &cue.lines {
            let line = &text[r.clone()];
            let label =
                voice(line).or_else(|| cue_label(line).filter(|(l, _)| trusted.contains(l)));
            let content = match label {
                Some((name, off)) => {
                    speaker = Some(speaker_index(&mut speakers, name));
                    open = false;
                    r.start + off..r.end
                }
                None => r.clone(),
            };
            let range = trim_tags(text, content);
            if range.is_empty() {
                continue;
            }
            match units.last_mut() {
                Some(u) if open => u.range.end = range.end,
                _ => units.push(Unit {
                    range,
                    block: Block::Prose,
                    speaker,
                    time: None,
                }),
            }
            open = true;
        }
        // Share the cue's time among its voices by the length of their text.
        if let Some((start, end)) = cue.time {
            let parts = &mut units[first_unit..];
            let total: usize = parts.iter().map(|u| u.range.len()).sum();
            let mut at = start;
            for u in parts.iter_mut() {
                let share = if total == 0 {
                    0.0
                } else {
                    (end - start) * u.range.len() as f64 / total as f64
                };
                u.time = Some((at, at + share));
                at += share;
            }
        }
    }
    let mut warnings = Vec::new();
    if let Some(&first) = scan.broken_timings.first() {
        warnings.push(format!(
            "{} cue timing line(s) could not be read (first at line {}); their text is kept without times",
            scan.broken_timings.len(),
            first
        ));
    }
    if let Some(&first) = scan.stray_text.first() {
        warnings.push(format!(
            "{} block(s) of text outside any cue (first at line {}); read as untimed turns",
            scan.stray_text.len(),
            first
        ));
    }
    let host = scan
        .header
        .iter()
        .find_map(|r| host_value(&text[r.clone()]))
        .map(str::to_string);
    let mut parsed = Parsed {
        text: String::new(),
        origin: TextOrigin::File,
        reader: if vtt { Reader::Vtt } else { Reader::Srt },
        units,
        speakers,
        host: None,
        warnings,
    };
    set_host(&mut parsed, host.as_deref());
    parsed
}

/// Reads a WebVTT file: cues with `Name: text` labels (Zoom, Meet) or `<v
/// Name>` voice tags (Teams), or no speakers at all.
pub fn parse_vtt(text: String) -> Parsed {
    let mut parsed = cue_units(&text, true);
    parsed.text = text;
    parsed
}

/// Reads a SubRip file: numbered cues, with `Name: text` labels when the
/// export names speakers.
pub fn parse_srt(text: String) -> Parsed {
    let mut parsed = cue_units(&text, false);
    parsed.text = text;
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A unit's text, speaker and time.
    type Said<'a> = (&'a str, Option<&'a str>, Option<(f64, f64)>);

    fn texts(p: &Parsed) -> Vec<Said<'_>> {
        p.units
            .iter()
            .map(|u| {
                (
                    &p.text[u.range.clone()],
                    u.speaker.map(|i| p.speakers[i].as_str()),
                    u.time,
                )
            })
            .collect()
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("00:01:02.500"), Some(62.5));
        assert_eq!(parse_timestamp("1:02:03,25"), Some(3723.25));
        assert_eq!(parse_timestamp("02:03"), Some(123.0));
        assert_eq!(parse_timestamp("02:73"), None);
        assert_eq!(parse_timestamp("a:03"), None);
        assert_eq!(parse_timestamp("1:2:3:4"), None);
        assert_eq!(parse_timestamp(""), None);
        assert_eq!(parse_timestamp("00:00:01."), None);
    }

    #[test]
    fn stamped_plain_lines() {
        let l = turn_line("Dana Lee (00:01:02): Hello there").unwrap();
        assert_eq!((l.label, l.time), ("Dana Lee", Some(62.0)));
        let l = turn_line("[00:01:02] Dana: Hello").unwrap();
        assert_eq!((l.label, l.time), ("Dana", Some(62.0)));
        assert_eq!(&"[00:01:02] Dana: Hello"[l.content..], "Hello");
        let l = turn_line("Dana: at 10:30 then").unwrap();
        assert_eq!((l.label, l.time), ("Dana", None));
        assert!(turn_line("[00:01:02] Dana:").is_none());
        assert!(turn_line("We meet at 10:30: fine").is_none());
    }

    #[test]
    fn zoom_cues_with_labels() {
        let t = "WEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:03.000\r\nstokes: Hello there.\r\n\r\n2\r\n00:00:03.000 --> 00:00:05.000\r\nAhmad | Nethermind: Hi: all good.\r\n";
        let p = parse_vtt(t.to_string());
        assert_eq!(
            texts(&p),
            vec![
                ("Hello there.", Some("stokes"), Some((1.0, 3.0))),
                (
                    "Hi: all good.",
                    Some("Ahmad | Nethermind"),
                    Some((3.0, 5.0))
                )
            ]
        );
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn voice_tags_and_notes() {
        let t = "WEBVTT\n\nNOTE\nOrganizer: Dana\n\nSTYLE\n::cue { color: red }\n\nab-12/0\n00:00:01.000 --> 00:00:02.000\n<v Dana Lee>Hi <i>all</i>.</v>\n<v.loud Sam>Hey</v>\n";
        let p = parse_vtt(t.to_string());
        let got = texts(&p);
        assert_eq!(got[0].0, "Hi <i>all</i>.");
        assert_eq!(got[0].1, Some("Dana Lee"));
        assert_eq!(got[1].0, "Hey");
        assert_eq!(got[1].1, Some("Sam"));
        assert_eq!(p.host.as_deref(), Some("Dana Lee"));
    }

    #[test]
    fn unlabelled_cues_and_broken_timing() {
        let t = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nThe thing is: it works.\n\n00:00:02.000 -> 00:00:03.000\nSecond cue\n\nstray text\n";
        let p = parse_vtt(t.to_string());
        let got = texts(&p);
        assert_eq!(got.len(), 3);
        assert!(got.iter().all(|g| g.1.is_none()));
        assert_eq!(got[1], ("Second cue", None, None));
        assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
    }

    #[test]
    fn srt_without_blank_lines() {
        let t = "1\n00:00:01,000 --> 00:00:02,000\nAnn: Hello\n2\n00:00:02,000 --> 00:00:04,000\nBob: Hi\n";
        let p = parse_srt(t.to_string());
        assert_eq!(
            texts(&p),
            vec![
                ("Hello", Some("Ann"), Some((1.0, 2.0))),
                ("Hi", Some("Bob"), Some((2.0, 4.0)))
            ]
        );
    }

    #[test]
    fn host_names_a_speaker() {
        let speakers = vec!["Dana Lee".to_string(), "Sam".to_string()];
        assert_eq!(resolve_host("dana", &speakers).as_deref(), Some("Dana Lee"));
        assert_eq!(
            resolve_host("Dana Lee (Acme)", &speakers).as_deref(),
            Some("Dana Lee")
        );
        assert_eq!(resolve_host("Kim", &speakers), None);
        assert_eq!(
            host_value("NOTE Host: Dana Lee (Acme)"),
            Some("Dana Lee (Acme)")
        );
        assert_eq!(
            host_value("Organiser: Maria de Souza"),
            Some("Maria de Souza")
        );
        assert_eq!(host_value("Host: Welcome everyone to the show"), None);
        assert_eq!(host_value("Hosting: Dana"), None);
    }
}
