//! JSON and NDJSON renderers.

use std::io::{self, Write};

use serde::Serialize;

use super::{DocumentReport, InputError, SCHEMA_VERSION, Summary};

mod writer;

/// The name and version of the tool, as written in reports.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// `rapport`.
    pub name: &'static str,
    /// The crate version.
    pub version: &'static str,
}

/// This build's tool identity.
pub const TOOL: Tool = Tool {
    name: "rapport",
    version: env!("CARGO_PKG_VERSION"),
};

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    tool: Tool,
    documents: &'a [DocumentReport],
    errors: &'a [InputError],
    summary: &'a Summary,
}

#[derive(Serialize)]
struct Tail<'a> {
    schema_version: u32,
    tool: Tool,
    errors: &'a [InputError],
    summary: &'a Summary,
}

/// Writes the whole batch as one pretty-printed JSON object.
pub fn write_json(
    out: &mut dyn Write,
    docs: &[DocumentReport],
    errors: &[InputError],
    summary: &Summary,
) -> io::Result<()> {
    let report = Report {
        schema_version: SCHEMA_VERSION,
        tool: TOOL,
        documents: docs,
        errors,
        summary,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// Writes the JSON report of a batch a document at a time, as the documents
/// are analysed, so that the batch need not be held: the same bytes as
/// [`write_json`] gives for the whole batch.
///
/// [`JsonStream::begin`] writes the opening, up to the `documents` array;
/// [`JsonStream::document`] each document (or [`JsonStream::rendered`],
/// with one rendered beforehand by [`write_json_document`], on another
/// thread); [`JsonStream::finish`] the errors, the summary and the close.
#[derive(Debug)]
pub struct JsonStream {
    documents: usize,
}

impl JsonStream {
    /// Writes the opening of the report: everything before the first
    /// document.
    pub fn begin(out: &mut dyn Write) -> io::Result<JsonStream> {
        out.write_all(b"{\n  \"schema_version\": ")?;
        serde_json::to_writer(&mut *out, &SCHEMA_VERSION)?;
        out.write_all(b",\n  \"tool\": ")?;
        pretty(out, &TOOL, TOP)?;
        out.write_all(b",\n  \"documents\": [")?;
        Ok(JsonStream { documents: 0 })
    }

    /// Writes the next document.
    pub fn document(&mut self, out: &mut dyn Write, doc: &DocumentReport) -> io::Result<()> {
        self.separate(out)?;
        write_json_document(out, doc)
    }

    /// Writes the next document, as [`write_json_document`] rendered it.
    pub fn rendered(&mut self, out: &mut dyn Write, document: &[u8]) -> io::Result<()> {
        self.separate(out)?;
        out.write_all(document)
    }

    fn separate(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let sep: &[u8] = if self.documents == 0 { b"\n" } else { b",\n" };
        self.documents += 1;
        out.write_all(sep)?;
        out.write_all(ELEMENT)
    }

    /// Writes the end of the report: the errors and the summary.
    pub fn finish(
        self,
        out: &mut dyn Write,
        errors: &[InputError],
        summary: &Summary,
    ) -> io::Result<()> {
        if self.documents > 0 {
            out.write_all(b"\n")?;
            out.write_all(TOP)?;
        }
        out.write_all(b"],\n  \"errors\": ")?;
        pretty(out, &errors, TOP)?;
        out.write_all(b",\n  \"summary\": ")?;
        pretty(out, summary, TOP)?;
        out.write_all(b"\n}\n")
    }
}

/// The indentation of the report's fields, and of the elements of its
/// `documents` array.
const TOP: &[u8] = b"  ";
const ELEMENT: &[u8] = b"    ";

/// Writes one document of the JSON report's `documents` array, indented as
/// [`write_json`] indents it there (the first line is not indented: it
/// follows the array's separator).
pub fn write_json_document(out: &mut dyn Write, doc: &DocumentReport) -> io::Result<()> {
    let mut json = Vec::with_capacity(16 * 1024);
    render_json_document(&mut json, doc);
    out.write_all(&json)
}

/// Appends to `buf` what [`write_json_document`] writes.
pub fn render_json_document(buf: &mut Vec<u8>, doc: &DocumentReport) {
    writer::Writer::pretty(buf, ELEMENT).document(doc);
}

/// Appends to `buf` what [`write_ndjson_document`] writes.
pub fn render_ndjson_document(buf: &mut Vec<u8>, doc: &DocumentReport) {
    writer::Writer::compact(buf).document(doc);
    buf.push(b'\n');
}

/// Pretty-prints `value` nested in the report with its lines indented by
/// `pad`: the JSON `serde_json::to_vec_pretty` gives, with `pad` after
/// every line break, rendered into memory and written at once (one call
/// through `out`, not one a token).
fn pretty(out: &mut dyn Write, value: &impl Serialize, pad: &'static [u8]) -> io::Result<()> {
    let mut json = Vec::with_capacity(16 * 1024);
    let mut ser = serde_json::Serializer::with_formatter(&mut json, Nested::new(pad));
    value.serialize(&mut ser)?;
    out.write_all(&json)
}

/// Spaces enough for the indentation of any line of a report (deeper lines
/// are written in several pieces).
const SPACES: &[u8; 128] = &[b' '; 128];

/// `serde_json`'s pretty formatter (two spaces a level) with every line
/// after the first indented by `pad` too, and each indentation written in
/// one piece rather than a level at a time.
struct Nested {
    pad: &'static [u8],
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn new(pad: &'static [u8]) -> Nested {
        Nested {
            pad,
            depth: 0,
            has_value: false,
        }
    }

    /// A line break (after `sep`) and the indentation of the current depth.
    fn line<W: ?Sized + Write>(&self, writer: &mut W, sep: &'static [u8]) -> io::Result<()> {
        writer.write_all(sep)?;
        writer.write_all(self.pad)?;
        let mut n = 2 * self.depth;
        while n > 0 {
            let k = n.min(SPACES.len());
            writer.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }

    /// Opens an array or object one level deeper.
    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// Closes an array or object, on a line of its own when it holds values.
    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(writer, b"\n")?;
        }
        writer.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(writer, if first { b"\n" } else { b",\n" })
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(writer, if first { b"\n" } else { b",\n" })
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes one document as a single JSON line.
pub fn write_ndjson_document(out: &mut dyn Write, doc: &DocumentReport) -> io::Result<()> {
    // Rendered into memory first: one call through `out`, not one a token.
    let mut line = Vec::with_capacity(8 * 1024);
    render_ndjson_document(&mut line, doc);
    out.write_all(&line)
}

/// Writes the closing NDJSON line: errors and summary.
pub fn write_ndjson_tail(
    out: &mut dyn Write,
    errors: &[InputError],
    summary: &Summary,
) -> io::Result<()> {
    let tail = Tail {
        schema_version: SCHEMA_VERSION,
        tool: TOOL,
        errors,
        summary,
    };
    serde_json::to_writer(&mut *out, &tail)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_json_is_serde_json_pretty_with_each_line_padded() {
        // Empty and full arrays and objects, strings with line breaks, and
        // nesting deeper than the spaces written in one piece.
        let mut deep = serde_json::json!({"leaf": [1, {"a": []}]});
        for i in 0..80 {
            deep = serde_json::json!({ format!("k{i}"): [deep, {}], "s": "two\nlines" });
        }
        for value in [
            serde_json::json!({}),
            serde_json::json!([]),
            serde_json::json!({"a": [], "b": {}, "c": [1.5, "x", null], "d": {"e": true}}),
            deep,
        ] {
            for pad in [ELEMENT, b"" as &[u8]] {
                let mut ours = Vec::new();
                pretty(&mut ours, &value, pad).unwrap();
                let mut padded = Vec::new();
                for (i, line) in serde_json::to_vec_pretty(&value)
                    .unwrap()
                    .split(|&b| b == b'\n')
                    .enumerate()
                {
                    if i > 0 {
                        padded.push(b'\n');
                        padded.extend_from_slice(pad);
                    }
                    padded.extend_from_slice(line);
                }
                assert_eq!(
                    String::from_utf8(ours).unwrap(),
                    String::from_utf8(padded).unwrap()
                );
            }
        }
    }
    use crate::document::{Document, ReadOptions};
    use crate::profile::Profile;
    use crate::report::RecordRef;
    use crate::rule::{Pack, PackOptions};

    fn docs() -> Vec<DocumentReport> {
        let pack = Pack::default_pack(&PackOptions::default()).expect("default pack");
        let texts = [
            (
                "a.eml",
                "Subject: Rollout\n\nHi Ann,\n\nHow is the rollout going? I'll send the plan by Friday.\n",
                Profile::Email,
            ),
            (
                "b \"quoted\"\n.md",
                "Call with Bo\n\n- wants \"pricing\" by\tMonday\n- we're the best, act now!!!\n",
                Profile::Notes,
            ),
            ("c.txt", "", Profile::Email),
        ];
        let mut docs: Vec<DocumentReport> = texts
            .iter()
            .map(|(path, text, profile)| {
                let doc = Document::new(path, text.to_string(), *profile, &ReadOptions::default());
                crate::analyze::analyze(&doc, &pack)
            })
            .collect();
        docs[1].record = Some(RecordRef {
            file: "crm.ndjson".into(),
            line: 2,
            id: None,
        });
        docs[1].metadata.insert(
            "owner".into(),
            serde_json::json!({"name": "Zoë\nRep", "tags": ["a", {"b": []}], "n": 1.5}),
        );
        docs
    }

    fn streamed(docs: &[DocumentReport], errors: &[InputError], summary: &Summary) -> Vec<u8> {
        let mut out = Vec::new();
        let mut s = JsonStream::begin(&mut out).unwrap();
        for (i, d) in docs.iter().enumerate() {
            if i % 2 == 0 {
                s.document(&mut out, d).unwrap();
            } else {
                let mut one = Vec::new();
                write_json_document(&mut one, d).unwrap();
                s.rendered(&mut out, &one).unwrap();
            }
        }
        s.finish(&mut out, errors, summary).unwrap();
        out
    }

    /// Documents of every shape the writer handles: the fixtures above, a
    /// transcript (reps), suppressions of a whole rule and of lines, control
    /// characters and quotes in the text, an evidence list cut short.
    fn every_shape() -> Vec<DocumentReport> {
        let pack = Pack::default_pack(&PackOptions::default()).expect("default pack");
        let more = [
            (
                "t.txt",
                "Ann: Hi Bo, how is the rollout?\nBo: Slow \"because\" of the \\holidays\u{1}\u{7f}.\nAnn: We're the best, act now!!!\n",
                Profile::Transcript,
            ),
            (
                "s.md",
                "Hi Ann,\n\nrapport: ignore-file trust\nWe are the leading provider of payroll software. Act now!\nrapport: ignore relevance/self-focus\nOur platform is trusted by 4,000 companies.\nHow is your team handling the \u{c}month-end close today?\r\n\nCould we talk Thursday at 10?\n",
                Profile::Email,
            ),
        ];
        let mut all = docs();
        for (path, text, profile) in more {
            let doc = Document::new(path, text.to_string(), profile, &ReadOptions::default());
            all.push(crate::analyze::analyze(&doc, &pack));
        }
        let mut cut = all[0].clone();
        cut.rules[0].evidence_omitted = 3;
        cut.rules[1].suppressed = Some(crate::outcome::Suppression::Config);
        cut.rules[2].score = Some(f64::NAN);
        cut.rules[3].value = crate::outcome::Value::Number(-2.25);
        cut.metrics
            .insert("odd \"key\"\n", crate::outcome::Value::Number(1e16));
        all.push(cut);
        all
    }

    #[test]
    fn documents_are_written_as_serde_json_writes_them() {
        let docs = every_shape();
        assert!(docs.iter().any(|d| d.reps.is_some()));
        assert!(
            docs.iter()
                .any(|d| d.suppressed.rules.iter().any(|r| r.file.is_some()))
        );
        assert!(
            docs.iter()
                .any(|d| d.suppressed.rules.iter().any(|r| !r.lines.is_empty()))
        );
        for d in &docs {
            let mut ours = Vec::new();
            render_ndjson_document(&mut ours, d);
            let mut theirs = serde_json::to_vec(d).unwrap();
            theirs.push(b'\n');
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
            let mut ours = Vec::new();
            render_json_document(&mut ours, d);
            let mut theirs = Vec::new();
            pretty(&mut theirs, d, ELEMENT).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(s in "(?s).{0,40}", c in 0u8..0x80) {
            let s = format!("{s}{}", c as char);
            let mut ours = Vec::new();
            writer::escaped(&mut ours, &s);
            proptest::prop_assert_eq!(ours, serde_json::to_vec(&s).unwrap());
        }

        #[test]
        fn strings_full_of_escapes_are_escaped_as_serde_json_escapes_them(
            s in "[a-z \"\\\\\u{0}-\u{1f}\u{7f}é€]{0,40}"
        ) {
            let mut ours = Vec::new();
            writer::escaped(&mut ours, &s);
            proptest::prop_assert_eq!(ours, serde_json::to_vec(&s).unwrap());
        }
    }

    #[test]
    fn the_streamed_report_is_the_pretty_printed_one_byte_for_byte() {
        let docs = docs();
        let errors = [
            InputError {
                path: "x.txt".into(),
                line: None,
                message: "not found".into(),
            },
            InputError {
                path: "crm.csv".into(),
                line: Some(3),
                message: "2 fields where the header has 3".into(),
            },
        ];
        for n in 0..=docs.len() {
            for errors in [&errors[..0], &errors[..]] {
                let summary = Summary::of(&docs[..n], errors.len(), Some(80));
                let mut whole = Vec::new();
                write_json(&mut whole, &docs[..n], errors, &summary).unwrap();
                let streamed = streamed(&docs[..n], errors, &summary);
                assert_eq!(
                    String::from_utf8(streamed).unwrap(),
                    String::from_utf8(whole).unwrap(),
                    "{n} documents, {} errors",
                    errors.len()
                );
            }
        }
    }
}
