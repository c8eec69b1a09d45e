//! Figures over a batch, for a coach rather than for one writer: how the
//! scores are spread, how often each rule passes and fails, which findings
//! come up most, which documents score lowest, and the same by group (a
//! rep's folder, or a field of an export such as `author`).
//!
//! [`Gather`] takes each document's [`Brief`] as it is written and keeps
//! what the figures need (a score a document, and counts); [`BatchStats`]
//! holds the figures, sorted, so the same batch gives the same bytes for
//! any number of worker threads. `rapport summary` writes them as text or
//! JSON ([`write_text`], [`write_json`]); the HTML report draws them.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use serde::Serialize;

use super::output::{Brief, End};
use super::{InputError, json};
use crate::analyze::format_number;
use crate::outcome::Status;

/// The version of the summary's JSON form; it changes when a field changes
/// meaning or goes away.
pub const SUMMARY_SCHEMA_VERSION: u32 = 1;

/// Score buckets of the histogram: 0-9, 10-19, ... 80-89, then 90-100.
pub const BUCKETS: usize = 10;

/// The most frequent findings listed.
pub const TOP_FINDINGS: usize = 10;

/// The lowest-scoring documents listed.
pub const LOWEST: usize = 10;

/// The group of documents that lack the grouping field.
pub const NO_GROUP: &str = "(none)";

/// How the quartiles are computed, as the JSON form names it.
pub const QUANTILE_METHOD: &str = "linear interpolation between closest ranks (type 7)";

/// How a batch's documents are grouped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupBy {
    /// By the folder that holds the document (for a record of an export,
    /// the export's folder).
    Folder,
    /// By a field of the records of an export (their `metadata`).
    Field(String),
}

impl GroupBy {
    /// Reads `--group-by`: `folder`, or the name of a field.
    pub fn parse(s: &str) -> Result<GroupBy, String> {
        match s {
            "" => Err("--group-by needs `folder` or a field name".into()),
            "folder" => Ok(GroupBy::Folder),
            f => Ok(GroupBy::Field(f.to_string())),
        }
    }

    /// The name shown in reports: `folder`, or the field's name.
    pub fn name(&self) -> &str {
        match self {
            GroupBy::Folder => "folder",
            GroupBy::Field(f) => f,
        }
    }

    /// The group of a document: its folder, or the field's value (a string
    /// as it is, another value as JSON); [`NO_GROUP`] when the field is
    /// missing, null or an empty string.
    pub fn key(&self, b: &Brief) -> String {
        match self {
            GroupBy::Folder => b.folder.clone(),
            GroupBy::Field(f) => match b.metadata.get(f) {
                None | Some(serde_json::Value::Null) => NO_GROUP.to_string(),
                Some(serde_json::Value::String(s)) if s.is_empty() => NO_GROUP.to_string(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
            },
        }
    }
}

/// How many documents got each verdict from a rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Verdicts {
    /// Passed.
    pub pass: usize,
    /// Warned.
    pub warn: usize,
    /// Failed.
    pub fail: usize,
    /// Skipped: the rule did not apply.
    pub skip: usize,
}

impl Verdicts {
    fn add(&mut self, s: Status) {
        match s {
            Status::Pass => self.pass += 1,
            Status::Warn => self.warn += 1,
            Status::Fail => self.fail += 1,
            Status::Skip => self.skip += 1,
        }
    }

    /// The documents the rule applied to: every verdict but `skip`.
    pub fn applied(&self) -> usize {
        self.pass + self.warn + self.fail
    }

    /// The share of the documents it applied to that passed (skipped ones
    /// are not counted), or `None` when it applied to none.
    pub fn pass_rate(&self) -> Option<f64> {
        rate(self.pass, self.applied())
    }

    /// The share that warned, as [`Verdicts::pass_rate`].
    pub fn warn_rate(&self) -> Option<f64> {
        rate(self.warn, self.applied())
    }

    /// The share that failed, as [`Verdicts::pass_rate`].
    pub fn fail_rate(&self) -> Option<f64> {
        rate(self.fail, self.applied())
    }
}

/// `n / of`, rounded to four decimals; `None` when `of` is 0.
fn rate(n: usize, of: usize) -> Option<f64> {
    (of > 0).then(|| (n as f64 / of as f64 * 10_000.0).round() / 10_000.0)
}

/// The mean of whole scores, rounded to one decimal as the batch summary
/// of `check` rounds it (the sum is exact, so the order does not matter).
fn mean(sum: u64, n: usize) -> Option<f64> {
    (n > 0).then(|| (sum as f64 / n as f64 * 10.0).round() / 10.0)
}

/// The `p`-quantile (0 to 1) of sorted scores, by linear interpolation
/// between closest ranks: with the scores `x[0] <= ... <= x[n-1]` and
/// `h = (n - 1) * p`, it is `x[j] + (h - j) * (x[j+1] - x[j])` where
/// `j = floor(h)` (Hyndman and Fan's type 7, the default of R and NumPy,
/// and Excel's `QUARTILE.INC`). The median is the 0.5-quantile: the middle
/// score, or the mean of the middle two. `None` for no scores.
///
/// Scores are whole numbers and quartiles fall on quarters of a step, so
/// the quartiles are exact in binary (`72.25`, never `72.2499...`).
pub fn quantile(sorted: &[u32], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * p.clamp(0.0, 1.0);
    let j = (h.floor() as usize).min(last);
    let lo = f64::from(sorted[j]);
    let hi = f64::from(sorted[(j + 1).min(last)]);
    Some(lo + (h - j as f64) * (hi - lo))
}

/// The histogram bucket of a score: `score / 10`, with 100 in the last
/// bucket (90-100).
pub fn bucket(score: u32) -> usize {
    (score as usize / 10).min(BUCKETS - 1)
}

/// How a batch's scores are spread.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreStats {
    /// The mean, rounded to one decimal (as `check`'s summary gives it).
    pub mean: f64,
    /// The median.
    pub median: f64,
    /// The first quartile (see [`quantile`]).
    pub q1: f64,
    /// The third quartile.
    pub q3: f64,
    /// The lowest score.
    pub min: u32,
    /// The highest score.
    pub max: u32,
    /// How the quartiles are computed ([`QUANTILE_METHOD`]).
    pub quantile_method: &'static str,
}

/// One bar of the histogram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// The lowest score in it.
    pub from: u32,
    /// The highest score in it.
    pub to: u32,
    /// Documents with a score from `from` to `to`.
    pub count: usize,
}

/// A rule's verdicts over the batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleStats {
    /// The rule's id.
    pub id: String,
    /// Documents by verdict.
    #[serde(flatten)]
    pub verdicts: Verdicts,
    /// Passed / (pass + warn + fail): skipped documents are left out.
    pub pass_rate: Option<f64>,
    /// Warned / (pass + warn + fail).
    pub warn_rate: Option<f64>,
    /// Failed / (pass + warn + fail).
    pub fail_rate: Option<f64>,
}

/// How often a rule's findings come up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingStats {
    /// The rule's id.
    pub rule: String,
    /// Its findings over the batch.
    pub findings: usize,
    /// The documents with at least one of them.
    pub documents: usize,
}

/// A document among the lowest scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lowest {
    /// The path as reported.
    pub path: String,
    /// Its score.
    pub score: u32,
    /// Its grade.
    pub grade: &'static str,
}

/// A rule's failures within a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRule {
    /// The rule's id.
    pub id: String,
    /// Documents of the group it failed.
    pub fail: usize,
    /// Documents of the group it applied to (not skipped).
    pub applied: usize,
    /// `fail / applied`.
    pub fail_rate: Option<f64>,
}

/// The figures of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupStats {
    /// The group: a folder, a field's value, or [`NO_GROUP`].
    pub name: String,
    /// Its documents.
    pub documents: usize,
    /// Their mean score, rounded to one decimal.
    pub mean_score: f64,
    /// Their lowest score.
    pub min_score: u32,
    /// Each rule that ran on them, by id.
    pub rules: Vec<GroupRule>,
}

/// The groups of a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Groups {
    /// What they are grouped by: `folder` or a field's name.
    pub by: String,
    /// The groups, by name.
    pub groups: Vec<GroupStats>,
}

/// The figures of a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchStats {
    /// Documents analysed.
    pub analyzed: usize,
    /// How the scores are spread; `None` when no document was analysed.
    pub scores: Option<ScoreStats>,
    /// Documents by score, in [`BUCKETS`] buckets of ten points (the last
    /// one 90-100).
    pub histogram: Vec<Bucket>,
    /// Each rule's verdicts, by id (suppressed verdicts are not counted).
    pub rules: Vec<RuleStats>,
    /// The [`TOP_FINDINGS`] rules with the most findings: most first, ties
    /// by id.
    pub top_findings: Vec<FindingStats>,
    /// The [`LOWEST`] lowest-scoring documents: lowest first, ties by path.
    pub lowest: Vec<Lowest>,
    /// The groups, when grouped.
    pub grouping: Option<Groups>,
}

impl BatchStats {
    /// The figures of `briefs`, grouped by `group_by` when given.
    pub fn of<'b>(
        briefs: impl IntoIterator<Item = &'b Brief>,
        group_by: Option<GroupBy>,
    ) -> BatchStats {
        let mut g = Gather::new(group_by);
        for b in briefs {
            g.add(b);
        }
        g.stats()
    }

    /// The documents in each bucket, in order.
    pub fn counts(&self) -> impl Iterator<Item = usize> + '_ {
        self.histogram.iter().map(|b| b.count)
    }
}

/// A group's counts while the batch is read.
#[derive(Debug, Clone, Default)]
struct GroupTally {
    documents: usize,
    sum: u64,
    min: u32,
    rules: BTreeMap<String, Verdicts>,
}

/// Gathers a batch's figures a document at a time; memory grows by one
/// score a document, the rest are counts.
#[derive(Debug, Clone, Default)]
pub struct Gather {
    group_by: Option<GroupBy>,
    scores: Vec<u32>,
    sum: u64,
    histogram: [usize; BUCKETS],
    rules: BTreeMap<String, Verdicts>,
    /// Findings and documents by rule.
    findings: BTreeMap<String, (usize, usize)>,
    /// The lowest so far, sorted by (score, path), at most [`LOWEST`].
    lowest: Vec<Lowest>,
    groups: BTreeMap<String, GroupTally>,
}

/// Adds a verdict to the counts of `id`, allocating its name only the
/// first time.
fn count(map: &mut BTreeMap<String, Verdicts>, id: &str, s: Status) {
    match map.get_mut(id) {
        Some(v) => v.add(s),
        None => {
            let mut v = Verdicts::default();
            v.add(s);
            map.insert(id.to_string(), v);
        }
    }
}

impl Gather {
    /// An empty gathering, grouped by `group_by` when given.
    pub fn new(group_by: Option<GroupBy>) -> Gather {
        Gather {
            group_by,
            ..Gather::default()
        }
    }

    /// Counts a document.
    pub fn add(&mut self, b: &Brief) {
        self.scores.push(b.score);
        self.sum += u64::from(b.score);
        self.histogram[bucket(b.score)] += 1;
        for (id, s) in &b.rules {
            count(&mut self.rules, id, *s);
        }
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for (rule, _) in &b.findings {
            let first = seen.insert(rule.as_str());
            match self.findings.get_mut(rule.as_str()) {
                Some((n, docs)) => {
                    *n += 1;
                    *docs += usize::from(first);
                }
                None => {
                    self.findings.insert(rule.clone(), (1, 1));
                }
            }
        }
        let key = (b.score, b.path.as_str());
        let at = self
            .lowest
            .partition_point(|l| (l.score, l.path.as_str()) <= key);
        if at < LOWEST {
            self.lowest.insert(
                at,
                Lowest {
                    path: b.path.clone(),
                    score: b.score,
                    grade: b.grade,
                },
            );
            self.lowest.truncate(LOWEST);
        }
        if let Some(by) = &self.group_by {
            let key = by.key(b);
            let g = self.groups.entry(key).or_insert_with(|| GroupTally {
                min: u32::MAX,
                ..GroupTally::default()
            });
            g.documents += 1;
            g.sum += u64::from(b.score);
            g.min = g.min.min(b.score);
            for (id, s) in &b.rules {
                count(&mut g.rules, id, *s);
            }
        }
    }

    /// Documents counted so far.
    pub fn analyzed(&self) -> usize {
        self.scores.len()
    }

    /// The figures of the documents counted.
    pub fn stats(mut self) -> BatchStats {
        self.scores.sort_unstable();
        let s = &self.scores;
        let scores = match (s.first(), s.last(), mean(self.sum, s.len())) {
            (Some(&min), Some(&max), Some(mean)) => Some(ScoreStats {
                mean,
                median: quantile(s, 0.5).unwrap_or_default(),
                q1: quantile(s, 0.25).unwrap_or_default(),
                q3: quantile(s, 0.75).unwrap_or_default(),
                min,
                max,
                quantile_method: QUANTILE_METHOD,
            }),
            _ => None,
        };
        let histogram = (0..BUCKETS)
            .map(|i| Bucket {
                from: i as u32 * 10,
                to: if i + 1 == BUCKETS {
                    100
                } else {
                    i as u32 * 10 + 9
                },
                count: self.histogram[i],
            })
            .collect();
        let rules = self
            .rules
            .into_iter()
            .map(|(id, v)| RuleStats {
                id,
                verdicts: v,
                pass_rate: v.pass_rate(),
                warn_rate: v.warn_rate(),
                fail_rate: v.fail_rate(),
            })
            .collect();
        let mut top_findings: Vec<FindingStats> = self
            .findings
            .into_iter()
            .map(|(rule, (findings, documents))| FindingStats {
                rule,
                findings,
                documents,
            })
            .collect();
        // Stable: ties stay in id order.
        top_findings.sort_by_key(|f| std::cmp::Reverse(f.findings));
        top_findings.truncate(TOP_FINDINGS);
        let grouping = self.group_by.map(|by| Groups {
            by: by.name().to_string(),
            groups: self
                .groups
                .into_iter()
                .map(|(name, g)| GroupStats {
                    name,
                    documents: g.documents,
                    mean_score: mean(g.sum, g.documents).unwrap_or_default(),
                    min_score: g.min,
                    rules: g
                        .rules
                        .into_iter()
                        .map(|(id, v)| GroupRule {
                            id,
                            fail: v.fail,
                            applied: v.applied(),
                            fail_rate: v.fail_rate(),
                        })
                        .collect(),
                })
                .collect(),
        });
        BatchStats {
            analyzed: self.scores.len(),
            scores,
            histogram,
            rules,
            top_findings,
            lowest: self.lowest,
            grouping,
        }
    }
}

/// A rate as a whole percentage, or `-` when there is none.
pub fn percent(r: Option<f64>) -> String {
    r.map_or_else(|| "-".to_string(), |r| format!("{:.0}%", r * 100.0))
}

/// The width of the histogram's longest bar, in characters.
pub const BAR_WIDTH: usize = 40;

/// The length of a bar of `count` when the largest bucket holds `max`:
/// scaled to [`BAR_WIDTH`], rounded, and at least one `#` for a bucket
/// that is not empty.
pub fn bar(count: usize, max: usize) -> usize {
    if count == 0 || max == 0 {
        return 0;
    }
    ((count * BAR_WIDTH + max / 2) / max).clamp(1, BAR_WIDTH)
}

/// Writes the summary as text for a person.
pub fn write_text(out: &mut dyn Write, stats: &BatchStats, end: &End<'_>) -> io::Result<()> {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut head = format!("{} analysed", plural(stats.analyzed, "document"));
    if !end.errors.is_empty() {
        head.push_str(&format!(
            ", {} (listed on standard error)",
            plural(end.errors.len(), "error")
        ));
    }
    writeln!(out, "{head}")?;
    if let Some(t) = end.fail_under {
        writeln!(
            out,
            "{} below the fail-under score of {t}",
            end.summary.below_threshold
        )?;
    } else if end.mixed_thresholds {
        writeln!(
            out,
            "{} below the fail_under of their configuration",
            end.summary.below_threshold
        )?;
    }
    let Some(sc) = &stats.scores else {
        return Ok(());
    };
    writeln!(out)?;
    writeln!(out, "Scores")?;
    writeln!(
        out,
        "  mean {}  median {}  lowest {}  highest {}",
        format_number(sc.mean),
        format_number(sc.median),
        sc.min,
        sc.max
    )?;
    writeln!(
        out,
        "  quartiles: Q1 {}  Q3 {}  (linear interpolation between closest ranks)",
        format_number(sc.q1),
        format_number(sc.q3)
    )?;
    writeln!(out)?;
    writeln!(out, "Score histogram (# scaled to the largest bucket)")?;
    let max = stats.counts().max().unwrap_or(0);
    for b in &stats.histogram {
        writeln!(
            out,
            "  {:>6}  {:<w$}  {}",
            format!("{}-{}", b.from, b.to),
            "#".repeat(bar(b.count, max)),
            b.count,
            w = BAR_WIDTH
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Rules (rates over the documents a rule applied to; skipped ones are not counted)"
    )?;
    let w = stats
        .rules
        .iter()
        .map(|r| r.id.len())
        .max()
        .unwrap_or(0)
        .max(4);
    writeln!(
        out,
        "  {:<w$}  {:>5}  {:>5}  {:>5}  {:>5}  {:>5}  {:>5}",
        "rule", "pass", "warn", "fail", "skip", "pass%", "fail%"
    )?;
    for r in &stats.rules {
        let v = r.verdicts;
        writeln!(
            out,
            "  {:<w$}  {:>5}  {:>5}  {:>5}  {:>5}  {:>5}  {:>5}",
            r.id,
            v.pass,
            v.warn,
            v.fail,
            v.skip,
            percent(r.pass_rate),
            percent(r.fail_rate)
        )?;
    }
    if !stats.top_findings.is_empty() {
        writeln!(out)?;
        writeln!(out, "Most frequent findings")?;
        let w = stats
            .top_findings
            .iter()
            .map(|f| f.rule.len())
            .max()
            .unwrap_or(0)
            .max(4);
        writeln!(
            out,
            "  {:<w$}  {:>8}  {:>9}",
            "rule", "findings", "documents"
        )?;
        for f in &stats.top_findings {
            writeln!(
                out,
                "  {:<w$}  {:>8}  {:>9}",
                f.rule, f.findings, f.documents
            )?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Lowest scores")?;
    for l in &stats.lowest {
        writeln!(
            out,
            "  {:>3}  {:<9}  {}",
            l.score,
            l.grade,
            super::text::escape(&l.path)
        )?;
    }
    if let Some(g) = &stats.grouping {
        writeln!(out)?;
        writeln!(
            out,
            "By {} ({}; rules failed, by fail rate)",
            super::text::escape(&g.by),
            plural(g.groups.len(), "group")
        )?;
        for group in &g.groups {
            writeln!(
                out,
                "  {}  {}, mean {}, lowest {}",
                super::text::escape(&group.name),
                plural(group.documents, "document"),
                format_number(group.mean_score),
                group.min_score
            )?;
            let mut failed: Vec<&GroupRule> = group.rules.iter().filter(|r| r.fail > 0).collect();
            // Stable: equal rates stay in id order.
            failed.sort_by(|a, b| {
                b.fail_rate
                    .unwrap_or(0.0)
                    .total_cmp(&a.fail_rate.unwrap_or(0.0))
            });
            for r in failed {
                writeln!(
                    out,
                    "    {:>4} fail  {} ({}/{})",
                    percent(r.fail_rate),
                    r.id,
                    r.fail,
                    r.applied
                )?;
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    schema_version: u32,
    tool: json::Tool,
    /// Inputs named or found.
    documents: usize,
    analyzed: usize,
    errors: &'a [InputError],
    fail_under: Option<u32>,
    below_threshold: usize,
    scores: &'a Option<ScoreStats>,
    histogram: &'a [Bucket],
    rules: &'a [RuleStats],
    top_findings: &'a [FindingStats],
    lowest: &'a [Lowest],
    group_by: Option<&'a str>,
    groups: &'a [GroupStats],
}

/// Writes the summary as one JSON object, with a `schema_version`
/// ([`SUMMARY_SCHEMA_VERSION`]).
pub fn write_json(out: &mut dyn Write, stats: &BatchStats, end: &End<'_>) -> io::Result<()> {
    let report = SummaryJson {
        schema_version: SUMMARY_SCHEMA_VERSION,
        tool: json::TOOL,
        documents: end.summary.documents,
        analyzed: stats.analyzed,
        errors: end.errors,
        fail_under: end.fail_under,
        below_threshold: end.summary.below_threshold,
        scores: &stats.scores,
        histogram: &stats.histogram,
        rules: &stats.rules,
        top_findings: &stats.top_findings,
        lowest: &stats.lowest,
        group_by: stats.grouping.as_ref().map(|g| g.by.as_str()),
        groups: stats.grouping.as_ref().map_or(&[], |g| &g.groups),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// The summary renders nothing a document: it needs only the brief.
pub struct SummaryRender;

impl super::output::Render for SummaryRender {
    fn document(
        &self,
        _: &mut Vec<u8>,
        _: &super::DocumentReport,
        _: &super::output::DocContext<'_>,
    ) -> io::Result<()> {
        Ok(())
    }

    fn needs_brief(&self) -> bool {
        true
    }
}

/// Gathers the briefs and writes the summary at the end.
pub struct SummaryAssemble {
    gather: Gather,
    json: bool,
}

impl SummaryAssemble {
    /// Writes the text form, or with `json` the JSON form, grouped by
    /// `group_by` when given.
    pub fn new(json: bool, group_by: Option<GroupBy>) -> SummaryAssemble {
        SummaryAssemble {
            gather: Gather::new(group_by),
            json,
        }
    }
}

impl super::output::Assemble for SummaryAssemble {
    fn document(&mut self, _: &mut dyn Write, _: &[u8], brief: Option<Brief>) -> io::Result<()> {
        match brief {
            Some(b) => {
                self.gather.add(&b);
                Ok(())
            }
            None => Err(io::Error::other("the summary needs each document's brief")),
        }
    }

    fn finish(&mut self, out: &mut dyn Write, end: &End<'_>) -> io::Result<()> {
        let stats = std::mem::take(&mut self.gather).stats();
        if self.json {
            write_json(out, &stats, end)
        } else {
            write_text(out, &stats, end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Severity;
    use crate::profile::Profile;

    fn brief(path: &str, score: u32, rules: &[(&str, Status)], findings: &[&str]) -> Brief {
        Brief {
            path: path.to_string(),
            folder: std::path::Path::new(path)
                .parent()
                .map_or(".".into(), |p| p.display().to_string()),
            profile: Profile::Email,
            score,
            grade: crate::score::grade(score),
            fail_under: None,
            principles: BTreeMap::new(),
            metadata: BTreeMap::new(),
            rules: rules.iter().map(|(id, s)| (id.to_string(), *s)).collect(),
            findings: findings
                .iter()
                .map(|r| (r.to_string(), Severity::Warning))
                .collect(),
        }
    }

    #[test]
    fn quartiles_interpolate_between_closest_ranks() {
        // Sorted: 10 20 30 40 -> h(0.25) = 0.75: 10 + 0.75 * 10.
        let s = [10, 20, 30, 40];
        assert_eq!(quantile(&s, 0.25), Some(17.5));
        assert_eq!(quantile(&s, 0.5), Some(25.0));
        assert_eq!(quantile(&s, 0.75), Some(32.5));
        assert_eq!(quantile(&s, 0.0), Some(10.0));
        assert_eq!(quantile(&s, 1.0), Some(40.0));
        // An odd count: the median is the middle score.
        let s = [3, 7, 8, 9, 15];
        assert_eq!(quantile(&s, 0.5), Some(8.0));
        assert_eq!(quantile(&s, 0.25), Some(7.0));
        assert_eq!(quantile(&s, 0.75), Some(9.0));
        // Quarter steps: 1 2 -> Q1 = 1.25.
        assert_eq!(quantile(&[1, 2], 0.25), Some(1.25));
        assert_eq!(quantile(&[42], 0.75), Some(42.0));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn stats_of_a_known_set() {
        let briefs: Vec<Brief> = [64, 12, 90, 47, 100, 47]
            .iter()
            .enumerate()
            .map(|(i, &s)| brief(&format!("d{i}.txt"), s, &[], &[]))
            .collect();
        let st = BatchStats::of(&briefs, None);
        let sc = st.scores.expect("scores");
        // Sorted: 12 47 47 64 90 100; h(0.25) = 1.25, h(0.5) = 2.5, h(0.75) = 3.75.
        assert_eq!(sc.q1, 47.0);
        assert_eq!(sc.median, 55.5);
        assert_eq!(sc.q3, 83.5);
        assert_eq!((sc.min, sc.max), (12, 100));
        // 360 / 6
        assert_eq!(sc.mean, 60.0);
        assert_eq!(st.analyzed, 6);
        assert!(st.grouping.is_none());
    }

    #[test]
    fn histogram_buckets_take_their_edges() {
        assert_eq!(
            [0, 9, 10, 99, 100].map(bucket),
            [0, 0, 1, BUCKETS - 1, BUCKETS - 1]
        );
        let briefs: Vec<Brief> = [0, 9, 10, 89, 90, 99, 100]
            .iter()
            .map(|&s| brief(&format!("{s}.txt"), s, &[], &[]))
            .collect();
        let st = BatchStats::of(&briefs, None);
        let counts: Vec<usize> = st.counts().collect();
        assert_eq!(counts, vec![2, 1, 0, 0, 0, 0, 0, 0, 1, 3]);
        assert_eq!((st.histogram[9].from, st.histogram[9].to), (90, 100));
        assert_eq!((st.histogram[1].from, st.histogram[1].to), (10, 19));
    }

    #[test]
    fn bars_scale_to_the_largest_bucket() {
        assert_eq!(bar(0, 10), 0);
        assert_eq!(bar(10, 10), BAR_WIDTH);
        assert_eq!(bar(5, 10), BAR_WIDTH / 2);
        // A bucket that is not empty shows, however small.
        assert_eq!(bar(1, 1000), 1);
    }

    #[test]
    fn rule_rates_leave_skipped_documents_out() {
        use Status::*;
        let briefs = vec![
            brief("a", 50, &[("x/one", Pass), ("x/two", Skip)], &["x/one"]),
            brief("b", 50, &[("x/one", Fail), ("x/two", Skip)], &[]),
            brief("c", 50, &[("x/one", Warn), ("x/two", Skip)], &[]),
            brief("d", 50, &[("x/one", Skip), ("x/two", Skip)], &[]),
        ];
        let st = BatchStats::of(&briefs, None);
        let one = &st.rules[0];
        assert_eq!(one.id, "x/one");
        assert_eq!(
            one.verdicts,
            Verdicts {
                pass: 1,
                warn: 1,
                fail: 1,
                skip: 1
            }
        );
        assert_eq!(one.pass_rate, Some(0.3333));
        assert_eq!(one.fail_rate, Some(0.3333));
        let two = &st.rules[1];
        assert_eq!((two.verdicts.skip, two.pass_rate), (4, None));
    }

    #[test]
    fn top_findings_count_findings_and_documents() {
        let briefs = vec![
            brief("a", 50, &[], &["r/b", "r/b", "r/a"]),
            brief("b", 50, &[], &["r/b", "r/c"]),
            brief("c", 50, &[], &["r/a", "r/c"]),
        ];
        let st = BatchStats::of(&briefs, None);
        let got: Vec<(&str, usize, usize)> = st
            .top_findings
            .iter()
            .map(|f| (f.rule.as_str(), f.findings, f.documents))
            .collect();
        // r/b: 3 findings in 2 documents; r/a and r/c tie on 2, by id.
        assert_eq!(got, vec![("r/b", 3, 2), ("r/a", 2, 2), ("r/c", 2, 2)]);
    }

    #[test]
    fn the_lowest_are_kept_by_score_then_path() {
        let briefs: Vec<Brief> = (0..30u32)
            .rev()
            .map(|i| brief(&format!("d{:02}", i), 50 + i % 3, &[], &[]))
            .collect();
        let st = BatchStats::of(&briefs, None);
        let paths: Vec<&str> = st.lowest.iter().map(|l| l.path.as_str()).collect();
        // Score 50: d00, d03, ... d27 (ten of them), in path order.
        let want: Vec<String> = (0..10).map(|k| format!("d{:02}", k * 3)).collect();
        assert_eq!(paths, want);
    }

    #[test]
    fn groups_by_field_and_by_folder() {
        use Status::*;
        let mut a = brief("x/a", 40, &[("f/next", Fail)], &[]);
        a.metadata.insert("author".into(), "ann".into());
        let mut b = brief("y/b", 80, &[("f/next", Pass)], &[]);
        b.metadata.insert("author".into(), "bo".into());
        let mut c = brief("y/c", 60, &[("f/next", Fail)], &[]);
        c.metadata.insert("author".into(), "".into());
        let d = brief("y/d", 70, &[("f/next", Skip)], &[]);
        let all = [a, b, c, d];
        let st = BatchStats::of(&all, Some(GroupBy::Field("author".into())));
        let g = st.grouping.expect("grouped");
        assert_eq!(g.by, "author");
        let names: Vec<&str> = g.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, vec![NO_GROUP, "ann", "bo"]);
        let none = &g.groups[0];
        assert_eq!(
            (none.documents, none.mean_score, none.min_score),
            (2, 65.0, 60)
        );
        assert_eq!(none.rules[0].fail_rate, Some(1.0));
        assert_eq!(none.rules[0].applied, 1);

        let st = BatchStats::of(&all, Some(GroupBy::Folder));
        let g = st.grouping.expect("grouped");
        let got: Vec<(&str, usize)> = g
            .groups
            .iter()
            .map(|g| (g.name.as_str(), g.documents))
            .collect();
        assert_eq!(got, vec![("x", 1), ("y", 3)]);
    }

    #[test]
    fn an_empty_batch_has_no_scores() {
        let st = BatchStats::of(&[], Some(GroupBy::Folder));
        assert_eq!(st.scores, None);
        assert_eq!(st.counts().sum::<usize>(), 0);
        assert!(st.grouping.expect("grouped").groups.is_empty());
    }
}
