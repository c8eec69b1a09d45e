//! SARIF 2.1.0 (`--format sarif`), the log format code-scanning views read.
//!
//! One log with one run. Results come first, a document at a time as the
//! documents are written (one result a line), so the log of a large batch
//! is never held whole; the rules, the input errors and each document's
//! score follow at the end of the run (the order of an object's members
//! means nothing to SARIF readers). Columns count characters, as the other
//! reports do (`columnKind` `unicodeCodePoints`).

use std::io::{self, Write};

use serde::Serialize;

use super::annotate::{self, Place};
use super::output::{Assemble, Brief, DocContext, End, Render, RuleMeta};
use super::{DocumentReport, FindingReport, InputError, Summary};
use crate::outcome::Severity;
use crate::read::TextOrigin;

/// The schema the log names: SARIF 2.1.0 as OASIS publishes it, with its
/// approved errata.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The rule of the finding the engine itself adds to an empty document.
pub const EMPTY_RULE: &str = "input/empty";

/// The rules a log describes: the rules of the run and the engine's own
/// [`EMPTY_RULE`], each id once, sorted by id. A result's `ruleIndex` is
/// its rule's index here.
pub fn descriptors(rules: &[RuleMeta]) -> Vec<RuleMeta> {
    let mut all = rules.to_vec();
    if !all.iter().any(|r| r.id == EMPTY_RULE) {
        all.push(RuleMeta {
            id: EMPTY_RULE.into(),
            principle: "input".into(),
            severity: Severity::Warning,
            title: "The document has text to coach".into(),
            rationale: "An empty file scores nothing on every rule: it is more likely an export \
                        or a copy that went wrong than a message that was sent."
                .into(),
            tip: "Check that the file holds the text of the email, notes or transcript.".into(),
            sources: Vec::new(),
        });
    }
    all.sort_by(|a, b| a.id.cmp(&b.id));
    all.dedup_by(|a, b| a.id == b.id);
    all
}

/// The SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as the URI of an artifact: a relative reference with forward
/// slashes (a leading `./` dropped), or a `file:` URI for an absolute path,
/// with every byte other than letters, digits, `-._~` and `/` percent-encoded
/// (so `<stdin>` is `%3Cstdin%3E`, and a `:` or `#` in a name cannot be read
/// as a scheme or a fragment).
pub fn uri(path: &str) -> String {
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    let bytes = path.as_bytes();
    let (mut out, rest) = if let Some(rest) = path.strip_prefix('/') {
        (String::from("file:///"), rest)
    } else if cfg!(windows)
        && bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && bytes[2] == b'/'
    {
        (format!("file:///{}:/", bytes[0] as char), &path[3..])
    } else {
        let mut rest = path.as_str();
        while let Some(r) = rest.strip_prefix("./") {
            rest = r.trim_start_matches('/');
        }
        (String::new(), rest)
    };
    for &b in rest.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region<'a> {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text<'a>>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

/// Where a finding is in the text of a record, when its location is the
/// record's line of the export.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TextRegion<'a> {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    excerpt: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    /// `decoded` when the region is in a decoded MIME body.
    #[serde(skip_serializing_if = "Option::is_none")]
    text_origin: Option<&'static str>,
    /// The record's name (`FILE#ID`), for a record of an export.
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<&'a str>,
    /// The finding's place in the record's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    record_region: Option<TextRegion<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
}

/// Renders each finding of a document as a SARIF result.
pub struct SarifRender {
    /// The ids of [`descriptors`], in order.
    ids: Vec<String>,
}

impl SarifRender {
    /// A renderer for a run of `rules` (the rules of every pack, as
    /// [`End::rules`] will hold them).
    pub fn new(rules: &[RuleMeta]) -> SarifRender {
        SarifRender {
            ids: descriptors(rules).into_iter().map(|r| r.id).collect(),
        }
    }

    fn result<'a>(
        &self,
        d: &'a DocumentReport,
        f: &'a FindingReport,
        message: &'a str,
    ) -> SarifResult<'a> {
        let place = Place::of(d);
        let (region, properties) = match place {
            Place::File { .. } => (
                Region {
                    start_line: f.line,
                    start_column: Some(f.column),
                    end_line: Some(f.end_line),
                    end_column: Some(f.end_column),
                    snippet: Some(Text { text: &f.excerpt }),
                },
                (d.text_origin == TextOrigin::Decoded).then_some(ResultProperties {
                    text_origin: Some(TextOrigin::Decoded.name()),
                    record: None,
                    record_region: None,
                }),
            ),
            Place::Record { line, .. } => (
                Region {
                    start_line: line,
                    start_column: None,
                    end_line: None,
                    end_column: None,
                    snippet: None,
                },
                Some(ResultProperties {
                    text_origin: None,
                    record: Some(&d.path),
                    record_region: Some(TextRegion {
                        start_line: f.line,
                        start_column: f.column,
                        end_line: f.end_line,
                        end_column: f.end_column,
                        excerpt: &f.excerpt,
                    }),
                }),
            ),
        };
        SarifResult {
            rule_id: &f.rule,
            rule_index: self
                .ids
                .binary_search_by(|id| id.as_str().cmp(&f.rule))
                .ok(),
            level: level(f.severity),
            message: Text { text: message },
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation {
                        uri: uri(place.file()),
                    },
                    region: Some(region),
                },
            }],
            properties,
        }
    }
}

impl Render for SarifRender {
    /// Appends `,\n` and a result for each finding (the assembler drops
    /// the comma before the first result of the log).
    fn document(
        &self,
        buf: &mut Vec<u8>,
        d: &DocumentReport,
        _: &DocContext<'_>,
    ) -> io::Result<()> {
        for f in &d.findings {
            let message = annotate::finding_message(d, f);
            buf.extend_from_slice(b",\n");
            serde_json::to_writer(&mut *buf, &self.result(d, f, &message))?;
        }
        Ok(())
    }

    fn needs_brief(&self) -> bool {
        true
    }
}

/// A document's score as the run's properties list it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DocumentScore<'a> {
    path: &'a str,
    score: u32,
    grade: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fail_under: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    below_threshold: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    principle: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    sources: &'a [String],
    tags: [&'a str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: Text<'a>,
    default_configuration: ReportingConfiguration,
    properties: RuleProperties<'a>,
}

impl<'a> Descriptor<'a> {
    fn of(r: &'a RuleMeta) -> Descriptor<'a> {
        Descriptor {
            id: &r.id,
            // The rule's name within its principle.
            name: r.id.rsplit('/').next().unwrap_or(&r.id),
            short_description: Text { text: &r.title },
            full_description: Text { text: &r.rationale },
            help: Text { text: &r.tip },
            default_configuration: ReportingConfiguration {
                level: level(r.severity),
            },
            properties: RuleProperties {
                principle: &r.principle,
                sources: &r.sources,
                tags: [&r.principle],
            },
        }
    }
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties<'a> {
    summary: &'a Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    fail_under: Option<u32>,
}

/// Writes the log: the head, the results as they come, then the rules,
/// the input errors and the documents' scores.
#[derive(Default)]
pub struct SarifAssemble {
    /// True once a result is written.
    any_result: bool,
    /// Each document's entry of the run's `documents` property, a line each
    /// (a few dozen bytes a document).
    scores: Vec<u8>,
}

impl Assemble for SarifAssemble {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"{\"$schema\":")?;
        serde_json::to_writer(&mut *out, SCHEMA_URI)?;
        out.write_all(
            b",\"version\":\"2.1.0\",\"runs\":[{\"columnKind\":\"unicodeCodePoints\",\"results\":[",
        )
    }

    fn document(
        &mut self,
        out: &mut dyn Write,
        rendered: &[u8],
        brief: Option<Brief>,
    ) -> io::Result<()> {
        if !rendered.is_empty() {
            // The first result of the log has no comma before it.
            let skip = usize::from(!self.any_result);
            out.write_all(&rendered[skip..])?;
            self.any_result = true;
        }
        if let Some(b) = brief {
            self.scores.extend_from_slice(b",\n");
            serde_json::to_writer(
                &mut self.scores,
                &DocumentScore {
                    path: &b.path,
                    score: b.score,
                    grade: b.grade,
                    fail_under: b.fail_under,
                    below_threshold: b.fail_under.map(|_| b.below()),
                },
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, end: &End<'_>) -> io::Result<()> {
        out.write_all(if self.any_result { b"\n]" } else { b"]" })?;
        out.write_all(b",\"tool\":{\"driver\":{\"name\":\"rapport\",\"version\":")?;
        serde_json::to_writer(&mut *out, env!("CARGO_PKG_VERSION"))?;
        out.write_all(b",\"rules\":[")?;
        let rules = descriptors(end.rules);
        for (i, r) in rules.iter().enumerate() {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, &Descriptor::of(r))?;
        }
        out.write_all(if rules.is_empty() { b"]}}" } else { b"\n]}}" })?;
        out.write_all(b",\"invocations\":[")?;
        let messages: Vec<String> = end
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.location(), e.message))
            .collect();
        let invocation = Invocation {
            execution_successful: end.errors.is_empty(),
            tool_execution_notifications: end
                .errors
                .iter()
                .zip(&messages)
                .map(|(e, m)| notification(e, m))
                .collect(),
        };
        serde_json::to_writer(&mut *out, &invocation)?;
        out.write_all(b"],\"properties\":")?;
        // The run's properties: the totals and the documents' scores.
        let props = serde_json::to_vec(&RunProperties {
            summary: end.summary,
            fail_under: end.fail_under,
        })?;
        // `props` is an object: its closing brace makes room for the list.
        out.write_all(&props[..props.len() - 1])?;
        out.write_all(b",\"documents\":[")?;
        if !self.scores.is_empty() {
            out.write_all(&self.scores[1..])?;
            out.write_all(b"\n")?;
        }
        out.write_all(b"]}}]}\n")
    }
}

/// An input error as a notification of the run's invocation.
fn notification<'a>(e: &'a InputError, message: &'a str) -> Notification<'a> {
    Notification {
        level: "error",
        message: Text { text: message },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri: uri(&e.path) },
                region: e.line.map(|line| Region {
                    start_line: line,
                    start_column: None,
                    end_line: None,
                    end_column: None,
                    snippet: None,
                }),
            },
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_relative_uris_with_unsafe_bytes_encoded() {
        assert_eq!(uri("samples/qbr-notes.txt"), "samples/qbr-notes.txt");
        assert_eq!(uri("./samples/a b.txt"), "samples/a%20b.txt");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("a:b,c#d?e%f"), "a%3Ab%2Cc%23d%3Fe%25f");
        assert_eq!(uri("notes/Zoë.md"), "notes/Zo%C3%AB.md");
        assert_eq!(uri("../up/x.txt"), "../up/x.txt");
        if !cfg!(windows) {
            assert_eq!(uri("/home/ann/x.txt"), "file:///home/ann/x.txt");
        }
    }

    #[test]
    fn descriptors_add_the_engines_own_rule_once_in_id_order() {
        let rule = |id: &str| RuleMeta {
            id: id.into(),
            principle: id.split('/').next().unwrap().into(),
            severity: Severity::Info,
            title: String::new(),
            rationale: String::new(),
            tip: String::new(),
            sources: Vec::new(),
        };
        let ids = |rules: &[RuleMeta]| -> Vec<String> {
            descriptors(rules).into_iter().map(|r| r.id).collect()
        };
        assert_eq!(
            ids(&[rule("trust/hype"), rule("clarity/length")]),
            ["clarity/length", "input/empty", "trust/hype"]
        );
        assert_eq!(ids(&[rule(EMPTY_RULE)]), [EMPTY_RULE]);
        assert_eq!(descriptors(&[rule(EMPTY_RULE)])[0].severity, Severity::Info);
    }

    #[test]
    fn levels_follow_severities() {
        assert_eq!(level(Severity::Error), "error");
        assert_eq!(level(Severity::Warning), "warning");
        assert_eq!(level(Severity::Info), "note");
    }
}
