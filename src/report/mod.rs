//! The report model: every document's outcome with positions resolved, and
//! the batch summary. Every output format (see [`Format`] and
//! [`output`]) reads only this model.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::document::Document;
use crate::outcome::{Finding, RuleOutcome, Severity, Status, Suppression, Value};
use crate::profile::Profile;
use crate::read::{Reader, TextOrigin};
use crate::score;
use crate::suppress::Suppressed;

pub mod annotate;
pub mod csv;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod output;
pub mod sarif;
pub mod summary;
pub mod text;

/// The version of the JSON report format.
pub const SCHEMA_VERSION: u32 = 1;

/// The most evidence spans listed per rule; a very large document reports
/// how many more there were instead of repeating itself in full.
pub const MAX_EVIDENCE: usize = 10_000;

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A span a rule counted, with its position.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceReport {
    /// What was found.
    pub kind: &'static str,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column (characters) of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column just past the end.
    pub end_column: usize,
    /// The text of the span.
    pub text: String,
}

/// One rule's verdict on a document.
#[derive(Debug, Clone, Serialize)]
pub struct RuleReport {
    /// Rule id.
    pub id: String,
    /// Its principle.
    pub principle: String,
    /// The verdict.
    pub status: Status,
    /// 0 to 1; `null` when skipped.
    pub score: Option<f64>,
    /// What was measured.
    pub value: Value,
    /// What was aimed for.
    pub target: String,
    /// One sentence on the verdict.
    pub message: String,
    /// What the rule counted (the first [`MAX_EVIDENCE`] spans).
    pub evidence: Vec<EvidenceReport>,
    /// Spans counted beyond [`MAX_EVIDENCE`], left out of `evidence`.
    #[serde(skip_serializing_if = "is_zero")]
    pub evidence_omitted: usize,
    /// Set when the rule is suppressed for the whole document
    /// (`ignore-file` or `config`): its status is shown, but it is not
    /// scored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppression>,
    /// The coaching tip (text report only).
    #[serde(skip)]
    pub tip: String,
}

/// A finding with its position and excerpt.
#[derive(Debug, Clone, Serialize)]
pub struct FindingReport {
    /// Rule id.
    pub rule: String,
    /// How serious.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column (characters) of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column just past the end.
    pub end_column: usize,
    /// Byte offset of the start in the file as decoded.
    pub byte_start: usize,
    /// Byte offset just past the end.
    pub byte_end: usize,
    /// The text found.
    pub excerpt: String,
    /// What to do instead.
    pub suggestion: Option<String>,
    /// The first line of the span as the text report shows it.
    #[serde(skip)]
    pub view: LineView,
}

/// The line of a finding cut for display: at most [`LineView::WIDTH`]
/// characters around the start of the span (`...` marks a cut), with the
/// span's columns within the cut text. Built in time proportional to the
/// width, however long the line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineView {
    /// The shown text.
    pub text: String,
    /// 1-based column (in characters of `text`) where the span starts.
    pub column: usize,
    /// 1-based column just past the span on this line (the end of `text`
    /// when the span goes on to later lines).
    pub end_column: usize,
}

impl LineView {
    /// The most characters of a line shown.
    pub const WIDTH: usize = 100;
    /// Characters shown before the span when a line is cut.
    const LEAD: usize = 20;

    /// The view of the line that holds the start of `span` in `doc`.
    pub fn new(doc: &Document, line: usize, span: &std::ops::Range<usize>) -> LineView {
        let range = doc.line_range(line);
        let text = &doc.text[range.clone()];
        let start = span.start.clamp(range.start, range.end) - range.start;
        let end = span.end.clamp(range.start, range.end) - range.start;
        let end = end.max(start);
        // Short lines are shown whole.
        let short = text.len() <= Self::WIDTH || text.chars().nth(Self::WIDTH).is_none();
        let (from, to) = if short {
            (0, text.len())
        } else {
            let from = text[..start]
                .char_indices()
                .rev()
                .take(Self::LEAD)
                .last()
                .map_or(start, |(i, _)| i);
            let to = text[from..]
                .char_indices()
                .nth(Self::WIDTH)
                .map_or(text.len(), |(i, _)| from + i);
            (from, to)
        };
        let lead = if from > 0 { "..." } else { "" };
        let trail = if to < text.len() { "..." } else { "" };
        let shift = lead.len();
        let column = text[from..start].chars().count() + 1 + shift;
        let end_column = text[from..end.min(to)].chars().count() + 1 + shift;
        LineView {
            text: format!("{lead}{}{trail}", &text[from..to]),
            column,
            end_column,
        }
    }
}

/// Where a document read from an export (`--input-format ndjson|csv`)
/// comes from.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RecordRef {
    /// The export file, as given (or the `--stdin-name`).
    pub file: String,
    /// The 1-based line of the file where the record starts.
    pub line: usize,
    /// The record's id, or `null` when it has none.
    pub id: Option<String>,
}

/// Everything reported about one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentReport {
    /// The path as given; for a record of an export, `FILE#ID` or `FILE#L<line>`.
    pub path: String,
    /// For a record of an export: its file, line and id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<RecordRef>,
    /// For a record of an export: its other fields, unchanged, sorted by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// The profile used.
    pub profile: Profile,
    /// The reader that turned the file into text.
    pub reader: Reader,
    /// What positions refer to: `file`, or a `decoded` body.
    pub text_origin: TextOrigin,
    /// The rep's speaker labels (transcripts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reps: Option<Vec<String>>,
    /// 0 to 100.
    pub score: u32,
    /// excellent, good, fair, poor.
    pub grade: &'static str,
    /// Score per principle.
    pub principles: BTreeMap<String, u32>,
    /// Measurements.
    pub metrics: BTreeMap<&'static str, Value>,
    /// Rule verdicts, sorted by id.
    pub rules: Vec<RuleReport>,
    /// Findings, sorted by position.
    pub findings: Vec<FindingReport>,
    /// Notes about the input, and directives that suppress nothing.
    pub warnings: Vec<String>,
    /// What `rapport: ignore` directives and the config suppressed.
    pub suppressed: Suppressed,
}

/// Resolves a byte span of a document to (line, column, end line, end column).
fn resolve(doc: &Document, span: &std::ops::Range<usize>) -> (usize, usize, usize, usize) {
    let (l, c) = doc.position(span.start);
    let (el, ec) = doc.position(span.end);
    (l, c, el, ec)
}

impl DocumentReport {
    /// Builds the report of a document from its rule outcomes.
    pub fn build(
        doc: &Document,
        outcomes: Vec<RuleOutcome>,
        metrics: Vec<(&'static str, Value)>,
        extra: Vec<Finding>,
        total: u32,
    ) -> DocumentReport {
        let principles = score::by_principle(&outcomes);
        let mut m: BTreeMap<&'static str, Value> = BTreeMap::new();
        m.insert("words", Value::Number(doc.word_count() as f64));
        m.insert("sentences", Value::Number(doc.sentences.len() as f64));
        for key in ["questions", "self_refs", "reader_refs", "self_share"] {
            m.insert(key, Value::None);
        }
        for (k, v) in metrics {
            m.insert(k, v);
        }
        let mut findings: Vec<FindingReport> = Vec::new();
        let mut rules = Vec::with_capacity(outcomes.len());
        for o in outcomes {
            for f in &o.findings {
                findings.push(finding_report(doc, f));
            }
            rules.push(RuleReport {
                evidence_omitted: o.evidence.len().saturating_sub(MAX_EVIDENCE),
                evidence: o
                    .evidence
                    .iter()
                    .take(MAX_EVIDENCE)
                    .map(|e| {
                        let (line, column, end_line, end_column) = resolve(doc, &e.span);
                        EvidenceReport {
                            kind: e.kind,
                            line,
                            column,
                            end_line,
                            end_column,
                            text: doc.text[e.span.clone()].to_string(),
                        }
                    })
                    .collect(),
                id: o.id,
                principle: o.principle,
                status: o.status,
                score: o.score.map(|s| (s * 1000.0).round() / 1000.0),
                value: o.value,
                target: o.target,
                message: o.message,
                suppressed: o.suppressed,
                tip: o.tip,
            });
        }
        findings.extend(extra.iter().map(|f| finding_report(doc, f)));
        findings.sort_by(|a, b| {
            (a.line, a.column, &a.rule, a.byte_end).cmp(&(b.line, b.column, &b.rule, b.byte_end))
        });
        let reps = (doc.profile == Profile::Transcript)
            .then(|| doc.reps.iter().map(|&i| doc.speakers[i].clone()).collect());
        DocumentReport {
            path: doc.path.clone(),
            record: None,
            metadata: BTreeMap::new(),
            profile: doc.profile,
            reader: doc.reader,
            text_origin: doc.origin,
            reps,
            score: total,
            grade: score::grade(total),
            principles,
            metrics: m,
            rules,
            findings,
            warnings: doc.warnings.clone(),
            suppressed: Suppressed::default(),
        }
    }

    /// The scored rules (not suppressed) with verdict `status`, by id.
    pub fn rules_at(&self, status: Status) -> impl Iterator<Item = &RuleReport> {
        self.rules
            .iter()
            .filter(move |r| r.status == status && r.suppressed.is_none())
    }
}

fn finding_report(doc: &Document, f: &Finding) -> FindingReport {
    let (line, column, end_line, end_column) = resolve(doc, &f.span);
    FindingReport {
        rule: f.rule.clone(),
        severity: f.severity,
        message: f.message.clone(),
        line,
        column,
        end_line,
        end_column,
        byte_start: f.span.start,
        byte_end: f.span.end,
        excerpt: doc.text[f.span.clone()].to_string(),
        suggestion: f.suggestion.clone(),
        view: LineView::new(doc, line, &f.span),
    }
}

/// A file, or a record of an export, that could not be analysed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InputError {
    /// The path.
    pub path: String,
    /// The 1-based line of the file the error is on (records of an export).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl InputError {
    /// Where the error is, for a one-line message: `PATH` or `PATH:LINE`.
    pub fn location(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.path),
            None => self.path.clone(),
        }
    }
}

/// Totals over a batch.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Summary {
    /// Inputs named or found.
    pub documents: usize,
    /// Documents analysed.
    pub analyzed: usize,
    /// Inputs that could not be analysed.
    pub errors: usize,
    /// Mean score of the analysed documents.
    pub mean_score: Option<f64>,
    /// Lowest score.
    pub min_score: Option<u32>,
    /// Documents below `--fail-under` (0 without a threshold).
    pub below_threshold: usize,
}

impl Summary {
    /// Totals for a batch; `fail_under` counts documents scoring below it.
    pub fn of(docs: &[DocumentReport], errors: usize, fail_under: Option<u32>) -> Summary {
        let mut tally = Tally::default();
        for d in docs {
            tally.add(d.score, fail_under);
        }
        tally.summary(errors)
    }
}

/// The totals of a batch gathered one document at a time, so that a batch
/// too large to hold gets the same [`Summary`] as [`Summary::of`] gives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    analyzed: usize,
    /// Scores are whole numbers: their sum is exact (as an `f64` sum of
    /// them is, up to 2^53), so the mean does not depend on the order.
    sum: u64,
    min: Option<u32>,
    below: usize,
}

impl Tally {
    /// Counts an analysed document, held to its own `fail_under`.
    pub fn add(&mut self, score: u32, fail_under: Option<u32>) {
        self.analyzed += 1;
        self.sum += u64::from(score);
        self.min = Some(self.min.map_or(score, |m| m.min(score)));
        self.below += usize::from(fail_under.is_some_and(|t| score < t));
    }

    /// Documents counted so far.
    pub fn analyzed(&self) -> usize {
        self.analyzed
    }

    /// The summary of the documents counted and `errors` inputs that could
    /// not be analysed.
    pub fn summary(&self, errors: usize) -> Summary {
        let n = self.analyzed;
        let mean = (n > 0).then(|| {
            let s = self.sum as f64 / n as f64;
            (s * 10.0).round() / 10.0
        });
        Summary {
            documents: n + errors,
            analyzed: n,
            errors,
            mean_score: mean,
            min_score: self.min,
            below_threshold: self.below,
        }
    }
}

/// The output format of `rapport check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people at a terminal.
    Text,
    /// One JSON object.
    Json,
    /// One JSON object a line.
    Ndjson,
    /// A SARIF 2.1.0 log, for code-scanning views.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the files.
    Github,
    /// One self-contained HTML page: figures, a table, and the texts with
    /// their findings marked.
    Html,
    /// Figures over the batch, as text (`rapport summary`).
    Summary,
    /// Figures over the batch, as one JSON object (`rapport summary
    /// --format json`).
    SummaryJson,
    /// JUnit XML, for CI test dashboards.
    Junit,
    /// A Markdown summary, for a CI job's summary or a pull-request comment.
    Markdown,
    /// A CSV row per document, for spreadsheets.
    Csv,
}

impl Format {
    /// Every format, in the order of the enum.
    pub const ALL: [Format; 11] = [
        Format::Text,
        Format::Json,
        Format::Ndjson,
        Format::Sarif,
        Format::Github,
        Format::Html,
        Format::Summary,
        Format::SummaryJson,
        Format::Junit,
        Format::Markdown,
        Format::Csv,
    ];

    /// True for the formats that group documents (`--group-by`).
    pub fn groups(self) -> bool {
        matches!(self, Format::Summary | Format::SummaryJson | Format::Html)
    }

    /// The renderer and the assembler of the format; `color` applies to the
    /// text report, `rules` (the rules of the run, as [`output::End::rules`]
    /// will hold them) to SARIF, whose results point into its rule list,
    /// `group_by` to the formats that group documents.
    pub fn output(
        self,
        color: bool,
        rules: &[output::RuleMeta],
        group_by: Option<&summary::GroupBy>,
    ) -> (Box<dyn output::Render>, Box<dyn output::Assemble>) {
        use output::*;
        match self {
            Format::Text => (
                Box::new(TextRender {
                    style: text::Style::new(color),
                }),
                Box::new(TextAssemble {
                    style: text::Style::new(color),
                }),
            ),
            Format::Json => (Box::new(JsonRender), Box::<JsonAssemble>::default()),
            Format::Ndjson => (Box::new(NdjsonRender), Box::new(NdjsonAssemble)),
            Format::Sarif => (
                Box::new(sarif::SarifRender::new(rules)),
                Box::<sarif::SarifAssemble>::default(),
            ),
            Format::Github => (
                Box::new(github::GithubRender),
                Box::new(github::GithubAssemble),
            ),
            Format::Html => {
                let assemble = html::HtmlAssemble::new(group_by.cloned());
                (Box::new(assemble.render()), Box::new(assemble))
            }
            Format::Summary | Format::SummaryJson => (
                Box::new(summary::SummaryRender),
                Box::new(summary::SummaryAssemble::new(
                    self == Format::SummaryJson,
                    group_by.cloned(),
                )),
            ),
            Format::Junit => (
                Box::new(junit::JunitRender),
                Box::<junit::JunitAssemble>::default(),
            ),
            Format::Markdown => (
                Box::new(markdown::MarkdownRender),
                Box::<markdown::MarkdownAssemble>::default(),
            ),
            Format::Csv => (Box::new(csv::CsvRender), Box::new(csv::CsvAssemble)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ReadOptions;

    fn doc(text: &str) -> Document {
        Document::new(
            "t.txt",
            text.to_string(),
            Profile::Notes,
            &ReadOptions::default(),
        )
    }

    #[test]
    fn every_format_is_listed_once_in_all() {
        // The match has no wildcard: a new format must be added here, and
        // the assertion then asks for it in `Format::ALL`.
        let position = |f: Format| match f {
            Format::Text => 0,
            Format::Json => 1,
            Format::Ndjson => 2,
            Format::Sarif => 3,
            Format::Github => 4,
            Format::Html => 5,
            Format::Summary => 6,
            Format::SummaryJson => 7,
            Format::Junit => 8,
            Format::Markdown => 9,
            Format::Csv => 10,
        };
        for (i, f) in Format::ALL.iter().enumerate() {
            assert_eq!(position(*f), i, "{f:?}");
        }
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let d = doc("first\r\nsome words here\n");
        let v = LineView::new(&d, 2, &(12..17));
        assert_eq!(v.text, "some words here");
        assert_eq!(&v.text[v.column - 1..v.end_column - 1], "words");
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let text = format!("{}é{}tail", "ab ".repeat(2000), "x".repeat(5));
        let d = doc(&text);
        let at = text.find('é').unwrap();
        let v = LineView::new(&d, 1, &(at..at + 2 + 5));
        assert!(v.text.starts_with("...") && v.text.ends_with("tail"));
        let chars: Vec<char> = v.text.chars().collect();
        let shown: String = chars[v.column - 1..v.end_column - 1].iter().collect();
        assert_eq!(shown, "éxxxxx");
        assert!(v.text.chars().count() <= LineView::WIDTH + 6);
        // The column in the report counts characters from the start of the line.
        assert_eq!(d.position(at), (1, 6001));
        assert_eq!(d.position(at + 2), (1, 6002));
    }

    #[test]
    fn a_tally_sums_scores_as_whole_numbers() {
        let mut t = Tally::default();
        assert_eq!(t.summary(2).mean_score, None);
        assert_eq!(t.summary(2).documents, 2);
        for (score, threshold) in [(71, Some(70)), (64, Some(70)), (90, None), (65, Some(60))] {
            t.add(score, threshold);
        }
        let s = t.summary(1);
        assert_eq!((s.documents, s.analyzed, s.errors), (5, 4, 1));
        // (71 + 64 + 90 + 65) / 4 = 72.5
        assert_eq!(s.mean_score, Some(72.5));
        assert_eq!(s.min_score, Some(64));
        assert_eq!(s.below_threshold, 1);
    }

    #[test]
    fn a_tally_rounds_the_mean_as_a_float_sum_does() {
        let scores = [100u32, 33, 33, 47, 12, 99, 0, 58];
        let mut t = Tally::default();
        for s in scores {
            t.add(s, None);
        }
        let float: f64 = scores.iter().map(|&s| f64::from(s)).sum::<f64>() / scores.len() as f64;
        assert_eq!(t.summary(0).mean_score, Some((float * 10.0).round() / 10.0));
    }
}
