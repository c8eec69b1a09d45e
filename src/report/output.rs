//! How each output format writes a batch: one interface that `check` drives
//! the same way for every format.
//!
//! A document's part of the report is rendered by a [`Render`] on the
//! worker thread that analysed it (with the document's text, for formats
//! that show it); the bytes then reach an [`Assemble`] on the writing
//! thread, in the order of the documents, which writes them (streaming
//! formats) or keeps them for the end (formats whose head needs the whole
//! batch: a JUnit suite's counts, a summary above a table). Formats that
//! show figures over the batch also receive each document's [`Brief`].

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{DocumentReport, InputError, Summary, json, text};
use crate::outcome::{Severity, Status};
use crate::profile::Profile;
use crate::rule::Pack;

/// What a renderer knows of a document besides its report.
#[derive(Debug, Clone, Copy)]
pub struct DocContext<'a> {
    /// The document's text as analysed (the decoded body for MIME mail):
    /// what the report's lines and columns refer to.
    pub text: &'a str,
    /// The score below which the document fails, from `--fail-under` or
    /// its configuration.
    pub fail_under: Option<u32>,
}

/// Renders one document's part of a report. Called on worker threads, in
/// any order; the bytes are written in the order of the documents.
pub trait Render: Sync {
    /// Appends the document's part of the report to `buf`.
    fn document(
        &self,
        buf: &mut Vec<u8>,
        d: &DocumentReport,
        cx: &DocContext<'_>,
    ) -> io::Result<()>;

    /// True when the assembler needs each document's [`Brief`] (formats
    /// with figures over the batch); the others do not pay for it.
    fn needs_brief(&self) -> bool {
        false
    }

    /// True when the renderer reads [`DocContext::text`].
    fn needs_text(&self) -> bool {
        false
    }
}

/// Writes a batch on the writing thread: the head, each document's
/// rendered bytes in order, and the end.
pub trait Assemble {
    /// Writes what comes before the first document.
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let _ = out;
        Ok(())
    }

    /// Takes the next document's rendered bytes, and its brief when the
    /// renderer asked for one; by default writes the bytes as they come.
    fn document(
        &mut self,
        out: &mut dyn Write,
        rendered: &[u8],
        brief: Option<Brief>,
    ) -> io::Result<()> {
        let _ = brief;
        out.write_all(rendered)
    }

    /// Writes what comes after the last document (by default nothing).
    fn finish(&mut self, out: &mut dyn Write, end: &End<'_>) -> io::Result<()> {
        let _ = (out, end);
        Ok(())
    }
}

/// What a batch's end knows: the inputs that failed, the totals, the
/// thresholds and the rules that ran.
#[derive(Debug, Clone, Copy)]
pub struct End<'a> {
    /// Inputs that could not be analysed, in report order.
    pub errors: &'a [InputError],
    /// Totals over the batch.
    pub summary: &'a Summary,
    /// The threshold to show: the one every document was held to, if they
    /// were all held to the same one.
    pub fail_under: Option<u32>,
    /// True when documents were held to different thresholds (per-folder
    /// configurations).
    pub mixed_thresholds: bool,
    /// The rules of the run (every pack's, by id).
    pub rules: &'a [RuleMeta],
}

/// A rule as reports describe it.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleMeta {
    /// Stable id, `principle/name`.
    pub id: String,
    /// Its principle.
    pub principle: String,
    /// The severity of its findings.
    pub severity: Severity,
    /// A one-line summary.
    pub title: String,
    /// Why the rule matters.
    pub rationale: String,
    /// What to do when it does not pass.
    pub tip: String,
    /// Where its thresholds come from.
    pub sources: Vec<String>,
}

impl RuleMeta {
    /// The rules of `packs`, each id once (the first pack's version), sorted
    /// by id.
    pub fn of_packs<'p>(packs: impl IntoIterator<Item = &'p Pack>) -> Vec<RuleMeta> {
        let mut by_id: BTreeMap<&str, RuleMeta> = BTreeMap::new();
        for pack in packs {
            for rule in &pack.rules {
                let s = &rule.spec;
                by_id.entry(s.id.as_str()).or_insert_with(|| RuleMeta {
                    id: s.id.clone(),
                    principle: s.principle.clone(),
                    severity: s.severity,
                    title: s.title.clone(),
                    rationale: s.rationale.clone(),
                    tip: s.tip.clone(),
                    sources: s.sources.clone(),
                });
            }
        }
        by_id.into_values().collect()
    }
}

/// A document as figures over a batch need it: its score, grade,
/// principles, each rule's verdict and its findings' rules, without its
/// text or evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    /// The path as reported.
    pub path: String,
    /// The folder that holds the document, as given (`.` for a bare file
    /// name); for a record of an export, the export's folder.
    pub folder: String,
    /// The profile used.
    pub profile: Profile,
    /// 0 to 100.
    pub score: u32,
    /// excellent, good, fair, poor.
    pub grade: &'static str,
    /// The threshold it is held to.
    pub fail_under: Option<u32>,
    /// Score per principle.
    pub principles: BTreeMap<String, u32>,
    /// A record's other fields (exports).
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// Each rule's verdict, by id, for the rules that are not suppressed.
    pub rules: Vec<(String, Status)>,
    /// Each finding's rule and severity, in report order.
    pub findings: Vec<(String, Severity)>,
}

impl Brief {
    /// The brief of a document's report.
    pub fn of(d: &DocumentReport, fail_under: Option<u32>) -> Brief {
        let file = d
            .record
            .as_ref()
            .map_or(d.path.as_str(), |r| r.file.as_str());
        Brief {
            path: d.path.clone(),
            folder: folder_of(file),
            profile: d.profile,
            score: d.score,
            grade: d.grade,
            fail_under,
            principles: d.principles.clone(),
            metadata: d.metadata.clone(),
            rules: d
                .rules
                .iter()
                .filter(|r| r.suppressed.is_none())
                .map(|r| (r.id.clone(), r.status))
                .collect(),
            findings: d
                .findings
                .iter()
                .map(|f| (f.rule.clone(), f.severity))
                .collect(),
        }
    }

    /// True when the document scores below its threshold.
    pub fn below(&self) -> bool {
        self.fail_under.is_some_and(|t| self.score < t)
    }
}

/// The folder part of a path as given: `a/b` for `a/b/c.txt`, `.` for
/// `c.txt` (and for standard input's name).
pub fn folder_of(path: &str) -> String {
    match std::path::Path::new(path).parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_string_lossy().into_owned(),
        _ => ".".to_string(),
    }
}

/// The most serious severity among a report's findings.
pub fn worst_severity(d: &DocumentReport) -> Option<Severity> {
    // `Severity` orders Error < Warning < Info.
    d.findings.iter().map(|f| f.severity).min()
}

/// The text report: a block per document, then the errors and a line of
/// totals.
pub struct TextRender {
    /// Colours (or none).
    pub style: text::Style,
}

impl Render for TextRender {
    fn document(
        &self,
        buf: &mut Vec<u8>,
        d: &DocumentReport,
        _: &DocContext<'_>,
    ) -> io::Result<()> {
        text::write_document(buf, d, &self.style)
    }
}

/// Writes the text report's blocks as they come, then its end.
pub struct TextAssemble {
    /// Colours (or none).
    pub style: text::Style,
}

impl Assemble for TextAssemble {
    fn finish(&mut self, out: &mut dyn Write, end: &End<'_>) -> io::Result<()> {
        text::write_summary(out, end.summary, &[], end.fail_under, &self.style)?;
        if end.mixed_thresholds {
            writeln!(
                out,
                "{} below the fail_under of their configuration",
                end.summary.below_threshold
            )?;
        }
        Ok(())
    }
}

/// One JSON object for the batch (`--format json`).
pub struct JsonRender;

impl Render for JsonRender {
    fn document(
        &self,
        buf: &mut Vec<u8>,
        d: &DocumentReport,
        _: &DocContext<'_>,
    ) -> io::Result<()> {
        json::render_json_document(buf, d);
        Ok(())
    }
}

/// Writes the JSON report a document at a time.
#[derive(Default)]
pub struct JsonAssemble {
    stream: Option<json::JsonStream>,
}

impl Assemble for JsonAssemble {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.stream = Some(json::JsonStream::begin(out)?);
        Ok(())
    }

    fn document(
        &mut self,
        out: &mut dyn Write,
        rendered: &[u8],
        _: Option<Brief>,
    ) -> io::Result<()> {
        match &mut self.stream {
            Some(s) => s.rendered(out, rendered),
            None => Err(io::Error::other("the JSON report was not begun")),
        }
    }

    fn finish(&mut self, out: &mut dyn Write, end: &End<'_>) -> io::Result<()> {
        match self.stream.take() {
            Some(s) => s.finish(out, end.errors, end.summary),
            None => Ok(()),
        }
    }
}

/// One JSON object a line (`--format ndjson`).
pub struct NdjsonRender;

impl Render for NdjsonRender {
    fn document(
        &self,
        buf: &mut Vec<u8>,
        d: &DocumentReport,
        _: &DocContext<'_>,
    ) -> io::Result<()> {
        json::render_ndjson_document(buf, d);
        Ok(())
    }
}

/// Writes each line as it comes, then the closing line.
pub struct NdjsonAssemble;

impl Assemble for NdjsonAssemble {
    fn finish(&mut self, out: &mut dyn Write, end: &End<'_>) -> io::Result<()> {
        json::write_ndjson_tail(out, end.errors, end.summary)
    }
}
