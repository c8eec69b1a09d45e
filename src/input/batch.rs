//! Exports of many documents in one file: NDJSON or CSV from a CRM or
//! another tool, one record a document (`--input-format ndjson|csv`).
//!
//! Each record gives a document's text (the text field), an id (the id
//! field), optionally a profile (the profile field), and other fields that
//! are carried through to the report unchanged as `metadata`. A record that
//! cannot be used is an error naming its file and line; the other records
//! are still read. Records keep the order of the file.

use std::collections::{BTreeMap, VecDeque};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

use serde_json::{Map, Value};

use super::Source;
use crate::error::io_message;
use crate::profile::Profile;
use crate::report::InputError;

/// How the paths of `rapport check` are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// Each path is a document, or a folder of documents.
    #[default]
    Files,
    /// Each path is a file of JSON objects, one a line; each object is a document.
    Ndjson,
    /// Each path is a CSV file with a header row; each row is a document.
    Csv,
}

impl InputFormat {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Files => "files",
            InputFormat::Ndjson => "ndjson",
            InputFormat::Csv => "csv",
        }
    }
}

/// The fields of a record that hold its text, id and profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    /// The field with the document's text (default `text`).
    pub text: String,
    /// The field with the record's id (default `id`).
    pub id: String,
    /// True when the id field was named by the user: a CSV header without
    /// it is then an error rather than a reason to name records by line.
    pub id_named: bool,
    /// The field with the record's profile, if any.
    pub profile: Option<String>,
}

impl Default for Fields {
    fn default() -> Fields {
        Fields {
            text: "text".into(),
            id: "id".into(),
            id_named: false,
            profile: None,
        }
    }
}

impl Fields {
    /// Fields from the command line: `None` takes the default name.
    ///
    /// Fails when a name is empty or two of them are the same field.
    pub fn new(
        text: Option<&str>,
        id: Option<&str>,
        profile: Option<&str>,
    ) -> Result<Fields, String> {
        let d = Fields::default();
        let f = Fields {
            text: text.map_or(d.text, str::to_string),
            id: id.map_or(d.id, str::to_string),
            id_named: id.is_some(),
            profile: profile.map(str::to_string),
        };
        let named = [
            ("--text-field", Some(&f.text)),
            ("--id-field", Some(&f.id)),
            ("--profile-field", f.profile.as_ref()),
        ];
        for (i, (opt, name)) in named.iter().enumerate() {
            let Some(name) = name else { continue };
            if name.is_empty() {
                return Err(format!("{opt} needs a field name"));
            }
            if let Some((other, _)) = named[..i].iter().find(|(_, n)| *n == Some(*name)) {
                return Err(format!(
                    "{other} and {opt} both name the field `{}`",
                    shown(name)
                ));
            }
        }
        Ok(f)
    }
}

/// One record of an export, ready to be analysed.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The export's name, as shown in reports (the path, or the stdin name).
    pub file: String,
    /// The 1-based line of the export where the record starts.
    pub line: usize,
    /// The record's id; `None` when the id field is missing, null or empty.
    pub id: Option<String>,
    /// The document's text.
    pub text: String,
    /// The profile the record names, if any.
    pub profile: Option<Profile>,
    /// The other fields, sorted by name (CSV values are strings).
    pub metadata: BTreeMap<String, Value>,
    /// Notes about the record (lossy decoding).
    pub warnings: Vec<String>,
}

impl Record {
    /// The name of the record's document in reports: `FILE#ID`, or
    /// `FILE#L<line>` when the record has no id.
    pub fn name(&self) -> String {
        match &self.id {
            Some(id) => format!("{}#{id}", self.file),
            None => format!("{}#L{}", self.file, self.line),
        }
    }
}

/// What reading an export gives, in the order of the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// A record to analyse.
    Record(Box<Record>),
    /// A record, or the whole file, that could not be read.
    Error(InputError),
}

/// The exports named on the command line, in the order given; `-` is
/// standard input (read once), and a path named twice is read once.
pub fn sources(paths: &[String], stdin_name: &str) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::with_capacity(paths.len());
    for p in paths {
        let s = if p == "-" {
            Source::Stdin(stdin_name.to_string())
        } else {
            Source::Named(p.into())
        };
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Reads the records of one export (a file, or standard input).
///
/// `format` must be [`InputFormat::Ndjson`] or [`InputFormat::Csv`]; with
/// [`InputFormat::Files`] the source is an error.
pub fn read_export(source: &Source, format: InputFormat, fields: &Fields) -> Vec<Entry> {
    let file = source.display();
    let mut out = Vec::new();
    let reader: Box<dyn Read> = match source {
        Source::Stdin(_) => Box::new(io::stdin().lock()),
        Source::Named(p) | Source::Walked(p) => {
            if p.is_dir() {
                out.push(file_error(
                    &file,
                    None,
                    format!(
                        "is a folder; --input-format {} reads export files",
                        format.name()
                    ),
                ));
                return out;
            }
            match File::open(p) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    out.push(file_error(&file, None, io_message(&e)));
                    return out;
                }
            }
        }
    };
    let mut reader = match skip_bom(BufReader::with_capacity(1 << 16, reader)) {
        Ok(r) => r,
        Err(e) => {
            out.push(file_error(
                &file,
                None,
                format!("could not read: {}", io_message(&e)),
            ));
            return out;
        }
    };
    // Text exports have no NUL bytes: a file that starts with one (a binary
    // file, or UTF-16 text) would only give an error a line.
    match reader.fill_buf() {
        Ok(start) => {
            if let Some(at) = memchr::memchr(0, start) {
                out.push(file_error(
                    &file,
                    None,
                    format!("binary file (NUL byte at offset {at}), not analysed"),
                ));
                return out;
            }
        }
        Err(e) => {
            out.push(file_error(
                &file,
                None,
                format!("could not read: {}", io_message(&e)),
            ));
            return out;
        }
    }
    match format {
        InputFormat::Ndjson => read_ndjson(&file, reader, fields, &mut out),
        InputFormat::Csv => read_csv(&file, reader, fields, &mut out),
        InputFormat::Files => out.push(file_error(
            &file,
            None,
            "not an export format: use --input-format ndjson or csv".into(),
        )),
    }
    out
}

/// Drops a UTF-8 byte order mark at the start of a stream.
fn skip_bom<'a, R: BufRead + 'a>(mut r: R) -> io::Result<Box<dyn BufRead + 'a>> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let mut seen = Vec::with_capacity(3);
    // A short read may deliver the mark in pieces: look until it is ruled out.
    while seen.len() < BOM.len() {
        let Some(&b) = r.fill_buf()?.first() else {
            break;
        };
        if b != BOM[seen.len()] {
            break;
        }
        seen.push(b);
        r.consume(1);
    }
    Ok(if seen.len() == BOM.len() || seen.is_empty() {
        Box::new(r)
    } else {
        // Not a byte order mark after all: give the bytes back.
        Box::new(BufReader::new(io::Cursor::new(seen).chain(r)))
    })
}

/// Reads NDJSON: one JSON object a line; blank lines are skipped.
pub fn read_ndjson(file: &str, mut r: impl BufRead, fields: &Fields, out: &mut Vec<Entry>) {
    let mut buf = Vec::new();
    let mut line = 0usize;
    loop {
        buf.clear();
        match r.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => line += 1,
            Err(e) => {
                out.push(file_error(
                    file,
                    Some(line + 1),
                    format!("could not read: {}", io_message(&e)),
                ));
                break;
            }
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let content = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        let mut warnings = Vec::new();
        let text = decode(content, &mut warnings, || format!("line {line}"));
        let entry = match serde_json::from_str::<Value>(&text) {
            Err(e) => Err(json_message(&e)),
            Ok(Value::Object(map)) => record_from_json(file, line, map, fields, warnings),
            Ok(other) => Err(format!("not a JSON object (found {})", kind(&other))),
        };
        out.push(match entry {
            Ok(rec) => Entry::Record(Box::new(rec)),
            Err(message) => file_error(file, Some(line), message),
        });
    }
}

/// "expected value at line 1 column 5" -> "not valid JSON: expected value at column 5".
fn json_message(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let what = match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => &msg,
    };
    // The parser reads one line: its end is the end of the line.
    let what = what.replace("EOF while", "end of line while");
    if e.column() > 0 {
        format!("not valid JSON: {what} at column {}", e.column())
    } else {
        format!("not valid JSON: {what}")
    }
}

fn record_from_json(
    file: &str,
    line: usize,
    mut map: Map<String, Value>,
    fields: &Fields,
    warnings: Vec<String>,
) -> Result<Record, String> {
    let text = match map.remove(&fields.text) {
        Some(Value::String(s)) => s,
        None => return Err(format!("no `{}` field", shown(&fields.text))),
        Some(other) => {
            return Err(format!(
                "the `{}` field is not a string (found {})",
                shown(&fields.text),
                kind(&other)
            ));
        }
    };
    let id = match map.remove(&fields.id) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s).filter(|s| !s.is_empty()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            return Err(format!(
                "the `{}` field is not a string or number (found {})",
                shown(&fields.id),
                kind(&other)
            ));
        }
    };
    let profile = match &fields.profile {
        None => None,
        Some(name) => match map.remove(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => profile_of(name, &s)?,
            Some(other) => {
                return Err(format!(
                    "the `{}` field is not a string (found {})",
                    shown(name),
                    kind(&other)
                ));
            }
        },
    };
    Ok(Record {
        file: file.to_string(),
        line,
        id,
        text,
        profile,
        metadata: map.into_iter().collect(),
        warnings,
    })
}

/// Reads CSV: a header row names the fields; each further row is a record.
/// Quoted fields may hold commas, quotes and line breaks.
pub fn read_csv(file: &str, r: impl Read, fields: &Fields, out: &mut Vec<Entry>) {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .trim(csv::Trim::Headers)
        .from_reader(LineBreaks::new(r));
    let (header, header_pos): (Vec<String>, Option<csv::Position>) = match rdr.byte_headers() {
        Ok(h) => {
            let mut warnings = Vec::new();
            let names = h
                .iter()
                .map(|b| decode(b, &mut warnings, || "the header".into()).into_owned())
                .collect();
            (names, h.position().cloned())
        }
        Err(e) => {
            out.push(csv_error(file, &e, rdr.get_mut()));
            return;
        }
    };
    let header_line = header_pos.map_or(1, |p| rdr.get_mut().start_line(&p));
    if header.is_empty() {
        // An empty export: no records.
        return;
    }
    let column = |name: &str| header.iter().position(|h| h == name);
    let missing = |name: &str| {
        let list: Vec<String> = header.iter().map(|h| format!("`{}`", shown(h))).collect();
        format!("no `{}` column (columns: {})", shown(name), list.join(", "))
    };
    let Some(text_col) = column(&fields.text) else {
        out.push(file_error(file, Some(header_line), missing(&fields.text)));
        return;
    };
    let id_col = column(&fields.id);
    if id_col.is_none() && fields.id_named {
        out.push(file_error(file, Some(header_line), missing(&fields.id)));
        return;
    }
    let profile_col = match &fields.profile {
        None => None,
        Some(name) => match column(name) {
            Some(c) => Some((c, name.as_str())),
            None => {
                out.push(file_error(file, Some(header_line), missing(name)));
                return;
            }
        },
    };
    let mut record = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let stop = matches!(e.kind(), csv::ErrorKind::Io(_));
                out.push(csv_error(file, &e, rdr.get_mut()));
                if stop {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(0, |p| rdr.get_mut().start_line(p));
        let mut warnings = Vec::new();
        let mut values: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let name = header.get(i).map_or("", String::as_str);
                decode(b, &mut warnings, || format!("column `{}`", shown(name))).into_owned()
            })
            .collect();
        let mut take = |i: usize| values.get_mut(i).map(std::mem::take).unwrap_or_default();
        let text = take(text_col);
        let id = id_col.map(&mut take).filter(|s| !s.is_empty());
        let profile = match profile_col {
            None => None,
            Some((c, name)) => match profile_of(name, &take(c)) {
                Ok(p) => p,
                Err(message) => {
                    out.push(file_error(file, Some(line), message));
                    continue;
                }
            },
        };
        let mut metadata = BTreeMap::new();
        for (i, (name, value)) in header.iter().zip(values).enumerate() {
            let used =
                i == text_col || Some(i) == id_col || profile_col.is_some_and(|(c, _)| c == i);
            if !used {
                // A repeated column name: the first column wins.
                metadata.entry(name.clone()).or_insert(Value::String(value));
            }
        }
        out.push(Entry::Record(Box::new(Record {
            file: file.to_string(),
            line,
            id,
            text,
            profile,
            metadata,
            warnings,
        })));
    }
}

/// A reader that notes where the line breaks of a CSV stream are, to give
/// each record the line it starts on: the position the csv crate gives is
/// where the previous record ended, before any line break that ends it (the
/// `\n` of `\r\n`) and any blank lines.
struct LineBreaks<R> {
    inner: R,
    /// Bytes read so far.
    offset: u64,
    /// Offsets of the `\r` and `\n` bytes read but not yet passed.
    breaks: VecDeque<(u64, u8)>,
}

impl<R: Read> LineBreaks<R> {
    fn new(inner: R) -> LineBreaks<R> {
        LineBreaks {
            inner,
            offset: 0,
            breaks: VecDeque::new(),
        }
    }

    /// The 1-based line where the record at `pos` starts: csv's line,
    /// plus the line breaks between `pos` and the record's first byte.
    fn start_line(&mut self, pos: &csv::Position) -> usize {
        while self.breaks.front().is_some_and(|&(at, _)| at < pos.byte()) {
            self.breaks.pop_front();
        }
        let mut line = pos.line();
        let mut next = pos.byte();
        while let Some(&(at, b)) = self.breaks.front() {
            if at != next {
                break;
            }
            line += u64::from(b == b'\n');
            next += 1;
            self.breaks.pop_front();
        }
        usize::try_from(line).unwrap_or(usize::MAX)
    }
}

impl<R: Read> Read for LineBreaks<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = buf.get(..n).unwrap_or_default();
        for (i, &b) in read.iter().enumerate() {
            if b == b'\n' || b == b'\r' {
                self.breaks.push_back((self.offset + i as u64, b));
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

fn csv_error<R: Read>(file: &str, e: &csv::Error, breaks: &mut LineBreaks<R>) -> Entry {
    let mut line = |p: Option<&csv::Position>| p.map(|p| breaks.start_line(p));
    let (at, message) = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => (
            line(pos.as_ref()),
            format!(
                "{len} field{} where the header has {expected_len}",
                if *len == 1 { "" } else { "s" }
            ),
        ),
        csv::ErrorKind::Io(io) => (None, format!("could not read: {}", io_message(io))),
        csv::ErrorKind::Utf8 { pos, err } => {
            (line(pos.as_ref()), format!("not valid UTF-8: {err}"))
        }
        _ => (line(e.position()), e.to_string()),
    };
    file_error(file, at, message)
}

/// The profile a record names: empty means none.
fn profile_of(field: &str, value: &str) -> Result<Option<Profile>, String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    match Profile::parse(v) {
        Some(p) => Ok(Some(p)),
        None => Err(format!(
            "the `{}` field is \"{}\"; expected email, notes or transcript",
            shown(field),
            shown(v)
        )),
    }
}

/// Decodes bytes as UTF-8, lossily with a warning naming `what`.
fn decode<'a>(
    bytes: &'a [u8],
    warnings: &mut Vec<String>,
    what: impl FnOnce() -> String,
) -> std::borrow::Cow<'a, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.into(),
        Err(e) => {
            warnings.push(format!(
                "{} is not valid UTF-8 at byte {} (decoded lossily; invalid bytes shown as U+FFFD)",
                what(),
                e.valid_up_to()
            ));
            String::from_utf8_lossy(bytes)
        }
    }
}

/// A field name or value for a one-line message: control characters
/// escaped, at most 60 characters.
fn shown(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == 60 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn file_error(file: &str, line: Option<usize>, message: String) -> Entry {
    Entry::Error(InputError {
        path: file.to_string(),
        line,
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ndjson(text: &str, fields: &Fields) -> Vec<Entry> {
        let mut out = Vec::new();
        read_ndjson("x.ndjson", text.as_bytes(), fields, &mut out);
        out
    }

    fn csv(text: &str, fields: &Fields) -> Vec<Entry> {
        let mut out = Vec::new();
        read_csv("x.csv", text.as_bytes(), fields, &mut out);
        out
    }

    fn record(e: &Entry) -> &Record {
        match e {
            Entry::Record(r) => r,
            Entry::Error(e) => panic!("an error: {e:?}"),
        }
    }

    fn error(e: &Entry) -> &InputError {
        match e {
            Entry::Error(e) => e,
            Entry::Record(r) => panic!("a record: {r:?}"),
        }
    }

    #[test]
    fn ndjson_records_keep_their_order_lines_and_other_fields() {
        let out = ndjson(
            "{\"id\":7,\"text\":\"Hi\",\"b\":1,\"a\":[true]}\n\n  \r\n{\"text\":\"Yo\"}\r\n",
            &Fields::default(),
        );
        assert_eq!(out.len(), 2);
        let r = record(&out[0]);
        assert_eq!(
            (r.line, r.id.as_deref(), r.text.as_str()),
            (1, Some("7"), "Hi")
        );
        assert_eq!(r.name(), "x.ndjson#7");
        let keys: Vec<_> = r.metadata.keys().map(String::as_str).collect();
        assert_eq!(keys, ["a", "b"]);
        let r = record(&out[1]);
        assert_eq!((r.line, r.id.as_deref()), (4, None));
        assert_eq!(r.name(), "x.ndjson#L4");
    }

    #[test]
    fn ndjson_bad_lines_are_errors_naming_the_line() {
        let out = ndjson(
            "{\"text\":\"a\"}\n{oops\n[1]\n{\"body\":\"b\"}\n{\"text\":3}\n{\"text\":\"c\",\"id\":{}}\n",
            &Fields::default(),
        );
        let lines: Vec<_> = out[1..].iter().map(|e| error(e).line).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4), Some(5), Some(6)]);
        assert!(error(&out[1]).message.starts_with("not valid JSON: "));
        assert!(error(&out[1]).message.ends_with("at column 2"));
        assert_eq!(error(&out[2]).message, "not a JSON object (found an array)");
        assert_eq!(error(&out[3]).message, "no `text` field");
        assert_eq!(
            error(&out[4]).message,
            "the `text` field is not a string (found a number)"
        );
    }

    #[test]
    fn profile_field_sets_or_rejects_a_profile() {
        let f = Fields::new(None, None, Some("kind")).unwrap();
        let out = ndjson(
            "{\"text\":\"a\",\"kind\":\"Notes\"}\n{\"text\":\"b\",\"kind\":\"\"}\n{\"text\":\"c\",\"kind\":\"memo\"}\n",
            &f,
        );
        assert_eq!(record(&out[0]).profile, Some(Profile::Notes));
        assert!(record(&out[0]).metadata.is_empty());
        assert_eq!(record(&out[1]).profile, None);
        assert_eq!(
            error(&out[2]).message,
            "the `kind` field is \"memo\"; expected email, notes or transcript"
        );
    }

    #[test]
    fn invalid_utf8_in_a_line_is_decoded_with_a_warning() {
        let mut out = Vec::new();
        read_ndjson(
            "x",
            &b"{\"text\":\"caf\xE9\"}\n"[..],
            &Fields::default(),
            &mut out,
        );
        let r = record(&out[0]);
        assert_eq!(r.text, "caf\u{FFFD}");
        assert!(r.warnings[0].starts_with("line 1 is not valid UTF-8"));
    }

    #[test]
    fn csv_rows_with_quoted_line_breaks_and_a_ragged_row() {
        let out = csv(
            "id,text,owner\n1,\"Hi Ann,\nhow are you?\",dana\n2,short\n3,\"ok\",\"x\"\n",
            &Fields::default(),
        );
        assert_eq!(out.len(), 3);
        let r = record(&out[0]);
        assert_eq!((r.line, r.text.as_str()), (2, "Hi Ann,\nhow are you?"));
        assert_eq!(r.metadata["owner"], Value::String("dana".into()));
        assert_eq!(
            error(&out[1]),
            &InputError {
                path: "x.csv".into(),
                line: Some(4),
                message: "2 fields where the header has 3".into()
            }
        );
        assert_eq!(record(&out[2]).line, 5);
    }

    #[test]
    fn csv_records_are_given_the_line_they_start_on() {
        for (data, lines) in [
            ("id,text\r\n1,a\r\n2,b\r\n", vec![2, 3]),
            ("id,text\n1,a\n\n\n2,b\n", vec![2, 5]),
            ("id,text\r\n\r\n1,\"a\r\nb\"\r\n\r\n2,b", vec![3, 6]),
            ("id,text\n1,\"a\n\nb\"\n2\n3,c\n", vec![2, 5, 6]),
        ] {
            let got: Vec<_> = csv(data, &Fields::default())
                .iter()
                .map(|e| match e {
                    Entry::Record(r) => r.line,
                    Entry::Error(e) => e.line.unwrap_or(0),
                })
                .collect();
            assert_eq!(got, lines, "{data:?}");
        }
    }

    #[test]
    fn csv_header_must_name_the_fields_asked_for() {
        let out = csv("id,body\n1,hi\n", &Fields::default());
        assert_eq!(
            error(&out[0]).message,
            "no `text` column (columns: `id`, `body`)"
        );
        let out = csv("text\nhi\n", &Fields::default());
        assert_eq!(record(&out[0]).name(), "x.csv#L2");
        let f = Fields::new(None, Some("Ticket"), None).unwrap();
        assert_eq!(error(&csv("text\nhi\n", &f)[0]).line, Some(1));
        assert!(csv("", &f).is_empty());
        assert_eq!(error(&csv("\r\n\nid\n1\n", &f)[0]).line, Some(3));
    }

    #[test]
    fn fields_must_be_named_and_distinct() {
        assert!(Fields::new(Some(""), None, None).is_err());
        assert_eq!(
            Fields::new(Some("body"), Some("body"), None).unwrap_err(),
            "--text-field and --id-field both name the field `body`"
        );
        assert!(Fields::new(None, None, Some("text")).is_err());
    }

    #[test]
    fn a_byte_order_mark_is_dropped_and_nothing_else() {
        for (input, left) in [
            (&b"\xEF\xBB\xBFid,text\n"[..], &b"id,text\n"[..]),
            (b"id", b"id"),
            (b"\xEF\xBBx", b"\xEF\xBBx"),
            (b"", b""),
        ] {
            let mut rest = Vec::new();
            skip_bom(input).unwrap().read_to_end(&mut rest).unwrap();
            assert_eq!(rest, left);
        }
    }
}
