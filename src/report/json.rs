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

/// Writes one document as a single JSON line.
pub fn write_ndjson_document(out: &mut dyn Write, doc: &DocumentReport) -> io::Result<()> {
    serde_json::to_writer(&mut *out, doc)?;
    writeln!(out)
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
