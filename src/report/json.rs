//! JSON and NDJSON renderers.

use std::io::{self, Write};

use serde::Serialize;

use super::{DocumentReport, InputError, SCHEMA_VERSION, Summary};

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
    pretty(out, doc, ELEMENT)
}

/// Pretty-prints `value` nested in the report with its lines indented by
/// `pad`: rendered into memory, then `pad` put after every line break
/// (pretty JSON indented this way is the same JSON nested deeper: a
/// string's line breaks are escaped, so every `\n` is one between tokens)
/// and written at once. Rendering into a vector rather than through `out`
/// saves a call through the writer for every token.
fn pretty(out: &mut dyn Write, value: &impl Serialize, pad: &'static [u8]) -> io::Result<()> {
    let json = serde_json::to_vec_pretty(value)?;
    let breaks = json.iter().filter(|&&b| b == b'\n').count();
    let mut padded = Vec::with_capacity(json.len() + breaks * pad.len());
    for (i, line) in json.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            padded.push(b'\n');
            padded.extend_from_slice(pad);
        }
        padded.extend_from_slice(line);
    }
    out.write_all(&padded)
}

/// Writes one document as a single JSON line.
pub fn write_ndjson_document(out: &mut dyn Write, doc: &DocumentReport) -> io::Result<()> {
    // Rendered into memory first: one call through `out`, not one a token.
    let mut line = serde_json::to_vec(doc)?;
    line.push(b'\n');
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
