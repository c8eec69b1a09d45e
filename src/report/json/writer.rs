//! A document's JSON, written field by field: the bytes `serde_json` gives
//! for the report model (pretty-printed in a report, or compact on an NDJSON
//! line), at a fraction of the cost. A report holds every rule's verdict for
//! every document, so its rendering is paid once a document; `serde_json`
//! escapes each key and writes each piece of indentation in its own call.
//! The model's `Serialize` derives stay the reference: tests compare the two.

use serde::Serialize;

use super::Nested;
use crate::outcome::{Suppression, Value};
use crate::report::{DocumentReport, EvidenceReport, FindingReport, RuleReport};
use crate::suppress::Suppressed;

/// A value's separator, line break and indentation in one piece: `,` (left
/// out before the first value), a line break, then spaces enough for the
/// indentation of any line of a document (deeper lines are written in
/// several pieces).
const BREAK: &[u8; 2 + 96] = &{
    let mut b = [b' '; 2 + 96];
    b[0] = b',';
    b[1] = b'\n';
    b
};

/// A field name as [`Writer::key`] takes it: `"name": `.
macro_rules! key {
    ($name:literal) => {
        concat!("\"", $name, "\": ")
    };
}

/// Writes JSON values into a buffer, pretty-printed or compact.
pub(super) struct Writer<'a> {
    out: &'a mut Vec<u8>,
    /// Pretty-printed: the spaces that pad every line after the first.
    pad: Option<usize>,
    /// Open objects and arrays.
    depth: usize,
    /// True until the innermost open object or array has a value.
    first: bool,
}

impl<'a> Writer<'a> {
    /// A pretty-printing writer (two spaces a level) whose lines after the
    /// first are padded by `pad` (spaces).
    pub(super) fn pretty(out: &'a mut Vec<u8>, pad: &'static [u8]) -> Writer<'a> {
        debug_assert!(pad.iter().all(|&b| b == b' '));
        Writer {
            out,
            pad: Some(pad.len()),
            depth: 0,
            first: true,
        }
    }

    /// A compact writer: no spaces, no line breaks.
    pub(super) fn compact(out: &'a mut Vec<u8>) -> Writer<'a> {
        Writer {
            out,
            pad: None,
            depth: 0,
            first: true,
        }
    }

    /// A comma unless `first`, then (pretty) a line break and the current
    /// indentation.
    fn separate(&mut self, first: bool) {
        let from = usize::from(first);
        match self.pad {
            Some(pad) => {
                let mut n = pad + 2 * self.depth;
                let k = n.min(BREAK.len() - 2);
                self.out.extend_from_slice(&BREAK[from..2 + k]);
                n -= k;
                while n > 0 {
                    let k = n.min(BREAK.len() - 2);
                    self.out.extend_from_slice(&BREAK[2..2 + k]);
                    n -= k;
                }
            }
            None => self.out.extend_from_slice(&BREAK[from..1]),
        }
    }

    /// Starts a value of the innermost object or array.
    fn item(&mut self) {
        self.separate(self.first);
        self.first = false;
    }

    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
        self.first = true;
    }

    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if !self.first && self.pad.is_some() {
            self.separate(true);
        }
        self.out.push(bracket);
        // The enclosing object or array now holds this value.
        self.first = false;
    }

    fn begin_object(&mut self) {
        self.open(b'{');
    }

    fn end_object(&mut self) {
        self.close(b'}');
    }

    fn begin_array(&mut self) {
        self.open(b'[');
    }

    fn end_array(&mut self) {
        self.close(b']');
    }

    /// Starts a field: `quoted` is its name quoted, with `: ` after it (the
    /// space is left out when compact), as the [`key!`] macro writes it.
    fn key(&mut self, quoted: &str) {
        self.item();
        let quoted = quoted.as_bytes();
        let compact = usize::from(self.pad.is_none());
        self.out
            .extend_from_slice(&quoted[..quoted.len() - compact]);
    }

    fn string(&mut self, s: &str) {
        escaped(self.out, s);
    }

    fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    fn unsigned(&mut self, n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut n = n;
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.out.extend_from_slice(&digits[i..]);
    }

    fn signed(&mut self, n: i64) {
        if n < 0 {
            self.out.push(b'-');
        }
        self.unsigned(n.unsigned_abs());
    }

    /// A float as `serde_json` writes it (`null` when not finite).
    fn float(&mut self, x: f64) {
        // Writing into a `Vec` cannot fail.
        let _ = serde_json::to_writer(&mut *self.out, &x);
    }

    fn string_field(&mut self, name: &str, s: &str) {
        self.key(name);
        self.string(s);
    }

    fn unsigned_field(&mut self, name: &str, n: usize) {
        self.key(name);
        self.unsigned(n as u64);
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => self.signed(*n as i64),
            Value::Number(n) => self.float(*n),
            Value::Level(l) => self.string(l),
            Value::None => self.null(),
        }
    }

    /// Any other serialisable value, through `serde_json` at this depth.
    fn serde(&mut self, value: &impl Serialize) {
        // Writing into a `Vec` cannot fail, nor can the values of a report
        // (string keys only).
        let _ = match self.pad {
            Some(pad) => {
                let mut nested = Nested::new(&super::SPACES[..pad]);
                nested.depth = self.depth;
                value.serialize(&mut serde_json::Serializer::with_formatter(
                    &mut *self.out,
                    nested,
                ))
            }
            None => serde_json::to_writer(&mut *self.out, value),
        };
    }

    /// Writes a document's report.
    pub(super) fn document(&mut self, d: &DocumentReport) {
        self.begin_object();
        self.string_field(key!("path"), &d.path);
        if let Some(r) = &d.record {
            self.key(key!("record"));
            self.begin_object();
            self.string_field(key!("file"), &r.file);
            self.unsigned_field(key!("line"), r.line);
            self.key(key!("id"));
            match &r.id {
                Some(id) => self.string(id),
                None => self.null(),
            }
            self.end_object();
        }
        if !d.metadata.is_empty() {
            self.key(key!("metadata"));
            self.serde(&d.metadata);
        }
        self.string_field(key!("profile"), d.profile.name());
        self.string_field(key!("reader"), d.reader.name());
        self.string_field(key!("text_origin"), d.text_origin.name());
        if let Some(reps) = &d.reps {
            self.key(key!("reps"));
            self.begin_array();
            for r in reps {
                self.item();
                self.string(r);
            }
            self.end_array();
        }
        self.key(key!("score"));
        self.unsigned(u64::from(d.score));
        self.string_field(key!("grade"), d.grade);
        self.key(key!("principles"));
        self.begin_object();
        for (name, score) in &d.principles {
            self.key_escaped(name);
            self.unsigned(u64::from(*score));
        }
        self.end_object();
        self.key(key!("metrics"));
        self.begin_object();
        for (name, v) in &d.metrics {
            self.key_escaped(name);
            self.value(v);
        }
        self.end_object();
        self.key(key!("rules"));
        self.begin_array();
        for r in &d.rules {
            self.item();
            self.rule(r);
        }
        self.end_array();
        self.key(key!("findings"));
        self.begin_array();
        for f in &d.findings {
            self.item();
            self.finding(f);
        }
        self.end_array();
        self.key(key!("warnings"));
        self.begin_array();
        for w in &d.warnings {
            self.item();
            self.string(w);
        }
        self.end_array();
        self.key(key!("suppressed"));
        self.suppressed(&d.suppressed);
        self.end_object();
    }

    /// Starts a field whose name may need escaping.
    fn key_escaped(&mut self, name: &str) {
        self.item();
        escaped(self.out, name);
        let pretty = self.pad.is_some();
        self.out
            .extend_from_slice(&b": "[..1 + usize::from(pretty)]);
    }

    fn rule(&mut self, r: &RuleReport) {
        self.begin_object();
        self.string_field(key!("id"), &r.id);
        self.string_field(key!("principle"), &r.principle);
        self.string_field(key!("status"), r.status.name());
        self.key(key!("score"));
        match r.score {
            Some(s) => self.float(s),
            None => self.null(),
        }
        self.key(key!("value"));
        self.value(&r.value);
        self.string_field(key!("target"), &r.target);
        self.string_field(key!("message"), &r.message);
        self.key(key!("evidence"));
        self.begin_array();
        for e in &r.evidence {
            self.item();
            self.evidence(e);
        }
        self.end_array();
        if r.evidence_omitted != 0 {
            self.unsigned_field(key!("evidence_omitted"), r.evidence_omitted);
        }
        if let Some(s) = r.suppressed {
            self.string_field(key!("suppressed"), s.name());
        }
        self.end_object();
    }

    fn evidence(&mut self, e: &EvidenceReport) {
        self.begin_object();
        self.string_field(key!("kind"), e.kind);
        self.unsigned_field(key!("line"), e.line);
        self.unsigned_field(key!("column"), e.column);
        self.unsigned_field(key!("end_line"), e.end_line);
        self.unsigned_field(key!("end_column"), e.end_column);
        self.string_field(key!("text"), &e.text);
        self.end_object();
    }

    fn finding(&mut self, f: &FindingReport) {
        self.begin_object();
        self.string_field(key!("rule"), &f.rule);
        self.string_field(key!("severity"), f.severity.name());
        self.string_field(key!("message"), &f.message);
        self.unsigned_field(key!("line"), f.line);
        self.unsigned_field(key!("column"), f.column);
        self.unsigned_field(key!("end_line"), f.end_line);
        self.unsigned_field(key!("end_column"), f.end_column);
        self.unsigned_field(key!("byte_start"), f.byte_start);
        self.unsigned_field(key!("byte_end"), f.byte_end);
        self.string_field(key!("excerpt"), &f.excerpt);
        self.key(key!("suggestion"));
        match &f.suggestion {
            Some(s) => self.string(s),
            None => self.null(),
        }
        self.end_object();
    }

    fn suppressed(&mut self, s: &Suppressed) {
        self.begin_object();
        self.key(key!("rules"));
        self.begin_array();
        for r in &s.rules {
            self.item();
            self.begin_object();
            self.string_field(key!("id"), &r.id);
            self.key(key!("file"));
            match r.file {
                Some(f) => self.string(Suppression::name(f)),
                None => self.null(),
            }
            self.key(key!("lines"));
            self.begin_array();
            for &l in &r.lines {
                self.item();
                self.unsigned(l as u64);
            }
            self.end_array();
            self.unsigned_field(key!("findings"), r.findings);
            self.end_object();
        }
        self.end_array();
        self.unsigned_field(key!("findings"), s.findings);
        self.end_object();
    }
}

/// Writes `s` as a JSON string, escaped as `serde_json` escapes it.
pub(super) fn escaped(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Bytes before `start` are written.
    let mut start = 0;
    while let Some(i) = next_special(bytes, start) {
        out.extend_from_slice(&bytes[start..i]);
        let b = bytes[i];
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            _ => b"",
        };
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// The first byte at or after `from` that must be escaped: a control
/// character, `"` or `\`. Eight bytes at a time; the last few padded with
/// spaces to eight (most strings of a report are short).
#[inline]
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    // The first byte of `w` to escape, by its position.
    let first = |w: [u8; 8]| {
        let flags = special(u64::from_le_bytes(w));
        (flags != 0).then_some((flags.trailing_zeros() / 8) as usize)
    };
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        if let Some(i) = first(w) {
            return Some(at + i);
        }
        at += 8;
    }
    let rest = &bytes[at..];
    let mut w = [b' '; 8];
    w[..rest.len()].copy_from_slice(rest);
    first(w).map(|i| at + i)
}

/// The high bit of each byte of `w` (read little-endian) that must be
/// escaped: a control character, `"` or `\`. Bit tricks tell whether a
/// byte is zero, or below a bound of at most 0x80; a borrow can flag a
/// byte above a flagged one, never below, so the lowest flag is exact.
fn special(w: u64) -> u64 {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let below = |w: u64, bound: u8| w.wrapping_sub(ONES * u64::from(bound)) & !w & HIGH;
    below(w, 0x20)
        | below(w ^ (ONES * u64::from(b'"')), 1)
        | below(w ^ (ONES * u64::from(b'\\')), 1)
}
