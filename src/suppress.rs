//! Suppressions: a team accepts a finding.
//!
//! A document may carry directives, anywhere in its text:
//!
//! ```text
//! <!-- rapport: ignore relevance/self-focus -->   the next line with text
//! We are the leading payroll provider.  # rapport: ignore relevance/self-focus
//! rapport: ignore-file follow-up                   the whole document
//! ```
//!
//! `rapport: ignore RULE[, RULE ...]` on a line of its own (bare, or after
//! `<!--`, `#`, `//`, `>` or a list marker) applies to the next line with
//! text; at the end of (or inside) a line of text it applies to that line.
//! `rapport: ignore-file RULE[, RULE ...]` applies to the whole document.
//! RULE is a rule id (`relevance/self-focus`) or a principle (`relevance`);
//! the words `rapport` and `ignore` are matched in any case. A reason may
//! follow after `--`: `rapport: ignore relevance/questions -- a quote`.
//!
//! A line suppression of rule R makes R read the document as if the
//! suppressed lines were blank: its phrase hits and sentences' text there
//! are gone, its verdict is measured again, and its findings starting on
//! those lines are dropped. A file suppression keeps R's measured status
//! for the reader but leaves it out of the score and drops its findings.
//!
//! Directive text is not prose: [`keep_out_of_prose`] cuts it out of the
//! units that sentences are made from, and [`blank`] blanks it in
//! [`crate::document::Document::flat`].

use std::collections::BTreeSet;
use std::ops::Range;

use serde::Serialize;

use crate::document::Document;
use crate::outcome::{Finding, RuleOutcome, Status, Suppression};
use crate::read::Parsed;
use crate::rule::{Pack, RuleSpec};
use crate::segment::{Unit, trim_range};

/// How far a directive reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `ignore`: one line.
    Line,
    /// `ignore-file`: the whole document.
    File,
}

impl Scope {
    /// The directive keyword: `ignore` or `ignore-file`.
    pub fn keyword(self) -> &'static str {
        match self {
            Scope::Line => "ignore",
            Scope::File => "ignore-file",
        }
    }
}

/// One `rapport: ignore...` directive found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// 1-based line the directive is written on.
    pub line: usize,
    /// `ignore` or `ignore-file`.
    pub scope: Scope,
    /// The rule ids and principles it names, in order, without repeats.
    pub rules: Vec<String>,
    /// For `ignore`: the 1-based line it applies to, or `None` when a
    /// directive on a line of its own has no line with text after it.
    pub target: Option<usize>,
    /// Byte range of the directive text, with its comment markers: not
    /// prose.
    pub span: Range<usize>,
}

/// A directive inside a comment (`<!--`, `#`, `//`) that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// 1-based line.
    pub line: usize,
    /// The directive as written, from `rapport:` on.
    pub text: String,
    /// Byte range of the comment: not prose.
    pub span: Range<usize>,
}

/// Every directive of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directives {
    /// The directives that were read, in order of their lines.
    pub directives: Vec<Directive>,
    /// Directives in comments that could not be read, in order.
    pub malformed: Vec<Malformed>,
}

impl Directives {
    /// Byte ranges of all directive text, sorted: not prose.
    pub fn spans(&self) -> Vec<Range<usize>> {
        let mut v: Vec<Range<usize>> = self
            .directives
            .iter()
            .map(|d| d.span.clone())
            .chain(self.malformed.iter().map(|m| m.span.clone()))
            .collect();
        v.sort_by_key(|r| (r.start, r.end));
        v
    }
}

/// Byte offsets of the lines of a text.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    starts: std::borrow::Cow<'a, [u32]>,
    len: usize,
}

impl Lines<'_> {
    /// The lines of `text`.
    pub fn of(text: &str) -> Lines<'static> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i as u32 + 1));
        Lines {
            starts: starts.into(),
            len: text.len(),
        }
    }

    /// The lines of a document, from the line starts it already has.
    pub fn of_document(doc: &Document) -> Lines<'_> {
        Lines {
            starts: doc.line_starts().into(),
            len: doc.text.len(),
        }
    }

    /// Number of lines (a text ending with a line break has an empty last
    /// line).
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// The 1-based line of a byte offset (offsets past the end are on the
    /// last line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s as usize <= offset.min(self.len))
    }

    /// Byte range of 1-based line `line`, without its line break (a `\r`
    /// before it is kept); empty for a line that does not exist.
    pub fn range(&self, line: usize) -> Range<usize> {
        let Some(start) = line.checked_sub(1).and_then(|i| self.starts.get(i)) else {
            return self.len..self.len;
        };
        let start = *start as usize;
        let end = self.starts.get(line).map_or(self.len, |&e| e as usize - 1);
        start..end
    }

    /// The 1-based lines a byte span touches: those of its first and last
    /// byte (an empty span touches the line it is on).
    pub fn span_lines(&self, span: &Range<usize>) -> (usize, usize) {
        let first = self.line_of(span.start);
        let last = self.line_of(span.end.saturating_sub(1).max(span.start));
        (first, last)
    }
}

/// Where `rapport:` starts, in any case, at the start of a word (the byte
/// before it, if any, is not an ASCII letter, digit or `_`): found from
/// each colon, as a draft with a colon and no directive is the common case
/// and a compiled pattern would cost more than the search.
fn marks(text: &str) -> impl Iterator<Item = usize> + '_ {
    const WORD: &[u8] = b"rapport";
    let bytes = text.as_bytes();
    // An e-mail's headers hold a colon a line: memchr finds them several
    // times faster than `str::match_indices`.
    memchr::memchr_iter(b':', bytes).filter_map(move |colon| {
        let start = colon.checked_sub(WORD.len())?;
        let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let at_word_start = start == 0 || !is_word(bytes[start - 1]);
        (at_word_start && bytes[start..colon].eq_ignore_ascii_case(WORD)).then_some(start)
    })
}

/// True for a rule id or principle as a directive may name it: letters,
/// digits, `-`, `_` and `.`, in parts joined by `/`.
fn is_rule_name(s: &str) -> bool {
    !s.is_empty()
        && s.split('/').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

/// What the text at one `rapport:` of a line is.
enum Found {
    Directive {
        scope: Scope,
        rules: Vec<String>,
        span: Range<usize>,
        own_line: bool,
    },
    Malformed {
        text: String,
        span: Range<usize>,
        own_line: bool,
    },
}

/// Reads the directive at byte `at` (where `rapport:` starts) of `line`;
/// spans are relative to the line.
fn read_at(line: &str, at: usize) -> Option<Found> {
    let after_mark = at + "rapport:".len();
    let rest = &line[after_mark..];
    let kw_start = after_mark + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let lower: String = line[kw_start..]
        .chars()
        .take("ignore-file".len())
        .collect::<String>()
        .to_ascii_lowercase();
    let (scope, kw_len) = if lower.starts_with("ignore-file") {
        (Scope::File, "ignore-file".len())
    } else if lower.starts_with("ignore") {
        (Scope::Line, "ignore".len())
    } else {
        return None;
    };
    let kw_end = kw_start + kw_len;
    let tail = &line[kw_end..];
    if !(tail.is_empty() || tail.starts_with([' ', '\t']) || tail.starts_with("-->")) {
        // `rapport: ignored`, `rapport: ignore-line`: not a directive.
        return None;
    }
    // The comment marker before `rapport:`, if any.
    let before = line[..at].trim_end_matches([' ', '\t']);
    let (open_at, commented) = if let Some(b) = before.strip_suffix("<!--") {
        (b.len(), true)
    } else if let Some(b) = before.strip_suffix("//") {
        (b.len(), true)
    } else if before.ends_with('#') {
        (before.trim_end_matches('#').len(), true)
    } else {
        (at, false)
    };
    // The body runs to the end of an HTML comment, or of the line.
    let (body, end) = match tail.find("-->") {
        Some(i) => (&tail[..i], kw_end + i + 3),
        None => (tail, kw_end + tail.trim_end().len()),
    };
    let body = match body.find("--") {
        Some(i) => &body[..i],
        None => body,
    };
    let list = body.trim();
    let list = list.strip_suffix('.').unwrap_or(list).trim_end();
    let mut rules: Vec<String> = Vec::new();
    let mut valid = !list.is_empty();
    for entry in list.split(',') {
        let entry = entry.trim();
        if !is_rule_name(entry) {
            valid = false;
            break;
        }
        if !rules.iter().any(|r| r == entry) {
            rules.push(entry.to_string());
        }
    }
    let alnum = |s: &str| s.chars().any(char::is_alphanumeric);
    let own_line = !alnum(&line[..open_at]) && !alnum(&line[end..]);
    if valid {
        Some(Found::Directive {
            scope,
            rules,
            span: open_at..end,
            own_line,
        })
    } else if commented {
        let text = line[at..end]
            .trim_end()
            .trim_end_matches("-->")
            .trim_end()
            .to_string();
        Some(Found::Malformed {
            text,
            span: open_at..end,
            own_line,
        })
    } else {
        // Prose that happens to say "rapport: ignore ...".
        None
    }
}

/// True when a line has text outside HTML comments.
fn has_text(line: &str) -> bool {
    let mut rest = line;
    loop {
        let (head, tail) = match rest.find("<!--") {
            Some(i) => (&rest[..i], Some(&rest[i + 4..])),
            None => (rest, None),
        };
        if head.chars().any(char::is_alphanumeric) {
            return true;
        }
        match tail.and_then(|t| t.find("-->").map(|j| &t[j + 3..])) {
            Some(after) => rest = after,
            None => return false,
        }
    }
}

/// Finds the directives of a text.
pub fn parse(text: &str) -> Directives {
    let mut out = Directives::default();
    let mut marks = marks(text).peekable();
    if marks.peek().is_none() {
        return out;
    }
    let lines = Lines::of(text);
    // Lines made only of a directive: never the target of another one.
    let mut own_lines: BTreeSet<usize> = BTreeSet::new();
    // Own-line `ignore` directives wait for their target: (index, line).
    let mut pending: Vec<(usize, usize)> = Vec::new();
    let mut last_line = 0;
    for start in marks {
        let line_no = lines.line_of(start);
        if line_no == last_line {
            continue; // one directive a line
        }
        let range = lines.range(line_no);
        let line = text[range.clone()].trim_end_matches('\r');
        let at = start - range.start;
        let Some(found) = read_at(line, at) else {
            continue;
        };
        last_line = line_no;
        let shift = |r: Range<usize>| range.start + r.start..range.start + r.end;
        match found {
            Found::Directive {
                scope,
                rules,
                span,
                own_line,
            } => {
                if own_line {
                    own_lines.insert(line_no);
                }
                if scope == Scope::Line && own_line {
                    pending.push((out.directives.len(), line_no));
                }
                out.directives.push(Directive {
                    line: line_no,
                    scope,
                    rules,
                    target: (scope == Scope::Line && !own_line).then_some(line_no),
                    span: shift(span),
                });
            }
            Found::Malformed {
                text,
                span,
                own_line,
            } => {
                if own_line {
                    own_lines.insert(line_no);
                }
                out.malformed.push(Malformed {
                    line: line_no,
                    text,
                    span: shift(span),
                });
            }
        }
    }
    // The target of an own-line `ignore`: the next line with text that is
    // not itself a directive. One forward scan serves a run of directives.
    let mut scanned: Option<(usize, Option<usize>)> = None; // (from, found)
    for (i, from) in pending {
        let reuse =
            scanned.and_then(|(f, t)| (f <= from && t.is_none_or(|t| t > from)).then_some(t));
        let target = match reuse {
            Some(t) => t,
            None => {
                let t = (from + 1..=lines.count())
                    .find(|&l| !own_lines.contains(&l) && has_text(&text[lines.range(l)]));
                scanned = Some((from, t));
                t
            }
        };
        out.directives[i].target = target;
    }
    out
}

/// Cuts directive text out of the units a reader made, so that it is never
/// a sentence, and returns its byte ranges for [`blank`]. A speaker label
/// seen only on directive lines (`Rapport: ignore ...` in a transcript) is
/// dropped from the speakers.
pub fn keep_out_of_prose(parsed: &mut Parsed) -> Vec<Range<usize>> {
    let spans = parse(&parsed.text).spans();
    if spans.is_empty() {
        return spans;
    }
    let text = &parsed.text;
    let spoke_before = speakers_with_units(&parsed.units, parsed.speakers.len());
    let mut units: Vec<Unit> = Vec::with_capacity(parsed.units.len());
    for u in parsed.units.drain(..) {
        let first = spans.partition_point(|s| s.end <= u.range.start);
        let cuts: Vec<&Range<usize>> = spans[first..]
            .iter()
            .take_while(|s| s.start < u.range.end)
            .filter(|s| s.end > u.range.start)
            .collect();
        if cuts.is_empty() {
            units.push(u);
            continue;
        }
        let mut from = u.range.start;
        let mut pieces = Vec::new();
        for c in cuts {
            if c.start > from {
                pieces.push(from..c.start);
            }
            from = from.max(c.end);
        }
        if from < u.range.end {
            pieces.push(from..u.range.end);
        }
        for p in pieces {
            let r = trim_range(text, p);
            if !r.is_empty() {
                units.push(Unit {
                    range: r,
                    block: u.block,
                    speaker: u.speaker,
                    time: u.time,
                });
            }
        }
    }
    parsed.units = units;
    let speaks_now = speakers_with_units(&parsed.units, parsed.speakers.len());
    let gone: Vec<usize> = (0..parsed.speakers.len())
        .filter(|&i| spoke_before[i] && !speaks_now[i])
        .collect();
    if !gone.is_empty() {
        let mut map = Vec::with_capacity(parsed.speakers.len());
        let mut next = 0;
        for i in 0..parsed.speakers.len() {
            map.push(next);
            if !gone.contains(&i) {
                next += 1;
            }
        }
        for u in &mut parsed.units {
            u.speaker = u.speaker.map(|s| map[s]);
        }
        let names: Vec<String> = gone.iter().map(|&i| parsed.speakers[i].clone()).collect();
        let mut i = 0;
        parsed.speakers.retain(|_| {
            i += 1;
            !gone.contains(&(i - 1))
        });
        if parsed.host.as_ref().is_some_and(|h| names.contains(h)) {
            parsed.host = None;
        }
    }
    spans
}

/// For each speaker index, whether some unit is theirs.
fn speakers_with_units(units: &[Unit], n: usize) -> Vec<bool> {
    let mut v = vec![false; n];
    for u in units {
        if let Some(s) = u.speaker.and_then(|s| v.get_mut(s)) {
            *s = true;
        }
    }
    v
}

/// Blanks byte ranges of a text with spaces, keeping its length.
pub fn blank(text: &mut String, spans: &[Range<usize>]) {
    for r in spans {
        let r = r.start.min(text.len())..r.end.min(text.len());
        if text.is_char_boundary(r.start) && text.is_char_boundary(r.end) {
            text.replace_range(r.clone(), &" ".repeat(r.len()));
        }
    }
}

/// True when a directive or config entry names the rule: its id, or its
/// principle (`relevance` names `relevance/questions`).
pub fn names(entry: &str, rule: &RuleSpec) -> bool {
    rule.id == entry
        || rule.principle == entry
        || rule
            .id
            .strip_prefix(entry)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// True when an entry names at least one rule of the pack: what a config
/// loader may check to report an ignore entry that matches nothing.
pub fn is_known(entry: &str, pack: &Pack) -> bool {
    pack.rules.iter().any(|r| names(entry, &r.spec))
}

/// A document copy in which the given 1-based lines are blank (in `text`
/// and `flat`), for a rule to measure without them. Offsets, sentences and
/// word counts stay as they were.
pub fn without_lines(doc: &Document, lines: &BTreeSet<usize>) -> Document {
    let index = Lines::of_document(doc);
    let spans: Vec<Range<usize>> = lines.iter().map(|&l| index.range(l)).collect();
    let mut d = doc.clone();
    blank(&mut d.text, &spans);
    blank(&mut d.flat, &spans);
    d
}

/// What was suppressed of one rule in one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleSuppressed {
    /// The rule id.
    pub id: String,
    /// Why the whole rule is left out of the score (`ignore-file` or
    /// `config`), or `None` when only lines are suppressed.
    pub file: Option<Suppression>,
    /// The 1-based lines the rule did not read (targets of `ignore`) where
    /// an unsuppressed run counted or found something.
    pub lines: Vec<usize>,
    /// Findings of the rule that an unsuppressed run reports and this run
    /// does not.
    pub findings: usize,
}

/// What was suppressed in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Suppressed {
    /// Each rule suppressed for the whole document, or with lines
    /// suppressed where it counted or found something, sorted by id.
    pub rules: Vec<RuleSuppressed>,
    /// Findings suppressed in all, the sum over `rules`.
    pub findings: usize,
}

impl Suppressed {
    /// True when nothing was suppressed.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// One rule named by one entry of one directive.
#[derive(Debug, Clone)]
struct Use {
    directive: usize,
    entry: usize,
}

/// Which suppressions apply to which rule of a pack in one document, and
/// which directives turned out to suppress something.
#[derive(Debug)]
pub struct Plan {
    directives: Directives,
    /// Per rule of the pack: its file suppression.
    file: Vec<Option<Suppression>>,
    /// Per rule: lines suppressed by `ignore`.
    lines: Vec<BTreeSet<usize>>,
    /// Per rule: the directive entries that name it.
    uses: Vec<Vec<Use>>,
    /// Per directive, per entry: (names a rule of the pack, suppressed
    /// something).
    status: Vec<Vec<(bool, bool)>>,
    summary: Vec<RuleSuppressed>,
}

impl Plan {
    /// The plan for a document's directives and the config's ignores (rule
    /// ids or principles ignored for the whole document).
    pub fn new(directives: Directives, pack: &Pack, config_ignores: &[String]) -> Plan {
        let n = pack.rules.len();
        let mut file = vec![None; n];
        let mut lines = vec![BTreeSet::new(); n];
        let mut uses: Vec<Vec<Use>> = vec![Vec::new(); n];
        let mut status = Vec::with_capacity(directives.directives.len());
        for (di, d) in directives.directives.iter().enumerate() {
            let mut st = Vec::with_capacity(d.rules.len());
            for (ei, entry) in d.rules.iter().enumerate() {
                let mut known = false;
                for (ri, rule) in pack.rules.iter().enumerate() {
                    if !names(entry, &rule.spec) {
                        continue;
                    }
                    known = true;
                    match d.scope {
                        Scope::File => file[ri] = Some(Suppression::IgnoreFile),
                        Scope::Line => match d.target {
                            Some(t) => {
                                lines[ri].insert(t);
                            }
                            None => continue,
                        },
                    }
                    uses[ri].push(Use {
                        directive: di,
                        entry: ei,
                    });
                }
                st.push((known, false));
            }
            status.push(st);
        }
        for entry in config_ignores {
            let entry = entry.trim();
            for (ri, rule) in pack.rules.iter().enumerate() {
                if names(entry, &rule.spec) && file[ri].is_none() {
                    file[ri] = Some(Suppression::Config);
                }
            }
        }
        Plan {
            directives,
            file,
            lines,
            uses,
            status,
            summary: Vec::new(),
        }
    }

    /// The lines rule `rule` (an index into the pack) must not read.
    pub fn lines(&self, rule: usize) -> &BTreeSet<usize> {
        &self.lines[rule]
    }

    /// Applies the suppressions of rule `rule` (an index into the pack) to
    /// its outcome, given the outcome of an unsuppressed run (`baseline`)
    /// when it had lines suppressed: drops its findings on suppressed lines,
    /// marks a file suppression, records which directives were of use and
    /// counts the suppressed findings.
    pub fn apply(
        &mut self,
        rule: usize,
        lines: &Lines,
        baseline: Option<&RuleOutcome>,
        outcome: &mut RuleOutcome,
    ) {
        let before: Vec<Finding> = baseline.unwrap_or(outcome).findings.clone();
        let suppressed_lines = &self.lines[rule];
        if !suppressed_lines.is_empty() {
            outcome
                .findings
                .retain(|f| !suppressed_lines.contains(&lines.line_of(f.span.start)));
        }
        // The suppressed lines where the unsuppressed rule counted or found
        // something.
        let mut used_lines: BTreeSet<usize> = BTreeSet::new();
        if let Some(b) = baseline {
            let spans = b.findings.iter().map(|f| &f.span);
            for span in spans.chain(b.evidence.iter().map(|e| &e.span)) {
                let (first, last) = lines.span_lines(span);
                used_lines.extend(suppressed_lines.range(first..=last));
            }
        }
        for u in &self.uses[rule] {
            let d = &self.directives.directives[u.directive];
            let used = match (d.scope, d.target) {
                (Scope::Line, Some(t)) => used_lines.contains(&t),
                (Scope::Line, None) => false,
                (Scope::File, _) => {
                    matches!(outcome.status, Status::Warn | Status::Fail)
                        || !outcome.findings.is_empty()
                }
            };
            self.status[u.directive][u.entry].1 |= used;
        }
        let file = self.file[rule];
        if let Some(source) = file {
            outcome.suppressed = Some(source);
            outcome.score = None;
            outcome.findings.clear();
        }
        if file.is_none() && suppressed_lines.is_empty() {
            return;
        }
        let mut kept: Vec<(usize, usize, &str)> = outcome
            .findings
            .iter()
            .map(|f| (f.span.start, f.span.end, f.message.as_str()))
            .collect();
        kept.sort_unstable();
        let gone = before
            .iter()
            .filter(|f| {
                kept.binary_search(&(f.span.start, f.span.end, f.message.as_str()))
                    .is_err()
            })
            .count();
        if file.is_some() || !used_lines.is_empty() || gone > 0 {
            self.summary.push(RuleSuppressed {
                id: outcome.id.clone(),
                file,
                lines: used_lines.into_iter().collect(),
                findings: gone,
            });
        }
    }

    /// What was suppressed, and a warning naming its line for each
    /// directive entry that names no rule or suppressed nothing, and each
    /// directive that could not be read.
    pub fn finish(mut self) -> (Suppressed, Vec<String>) {
        self.summary.sort_by(|a, b| a.id.cmp(&b.id));
        let findings = self.summary.iter().map(|r| r.findings).sum();
        let mut warnings: Vec<(usize, String)> = Vec::new();
        for (d, st) in self.directives.directives.iter().zip(&self.status) {
            for (entry, &(known, used)) in d.rules.iter().zip(st) {
                let what = format!("'rapport: {} {entry}'", d.scope.keyword());
                if !known {
                    warnings.push((
                        d.line,
                        format!(
                            "line {}: {what} names no rule or principle of the pack",
                            d.line
                        ),
                    ));
                } else if !used {
                    warnings.push((
                        d.line,
                        format!("line {}: {what} suppresses nothing", d.line),
                    ));
                }
            }
        }
        for m in &self.directives.malformed {
            warnings.push((
                m.line,
                format!(
                    "line {}: '{}' is not a directive rapport can read; write \
                     'rapport: ignore RULE[, RULE ...]' or 'rapport: ignore-file RULE[, RULE ...]'",
                    m.line, m.text
                ),
            ));
        }
        warnings.sort_by_key(|(line, _)| *line);
        (
            Suppressed {
                rules: self.summary,
                findings,
            },
            warnings.into_iter().map(|(_, w)| w).collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Directive {
        let d = parse(text);
        assert_eq!(d.directives.len(), 1, "{text:?}: {d:?}");
        d.directives[0].clone()
    }

    /// The marks are where the pattern `(?i)(?-u:\b)rapport:` matches.
    fn marks_by_pattern(text: &str) -> Vec<usize> {
        let re = regex::Regex::new(r"(?i)(?-u:\b)rapport:").unwrap();
        re.find_iter(text).map(|m| m.start()).collect()
    }

    #[test]
    fn a_mark_is_rapport_and_a_colon_at_a_word_start_in_any_case() {
        let texts = [
            "rapport: ignore x",
            "RaPpOrT: x",
            "xrapport: not a mark",
            "_rapport: not a mark",
            "9rapport: not a mark",
            "-rapport: a mark",
            "é rapport: and érapport: after a letter outside ASCII",
            "rapport :  rapport:rapport: rapport::",
            "rapport",
            ":",
            "apport:",
            "<!-- rapport: ignore -->\n// Rapport: ignore-file",
        ];
        for text in texts {
            assert_eq!(
                marks(text).collect::<Vec<_>>(),
                marks_by_pattern(text),
                "{text:?}"
            );
        }
        assert_eq!(marks("-rapport: x").collect::<Vec<_>>(), [1]);
    }

    proptest::proptest! {
        #[test]
        fn marks_match_the_pattern_on_any_text(text in "([rRaApPoOtT:_x9é -]|rapport:){0,40}") {
            proptest::prop_assert_eq!(marks(&text).collect::<Vec<_>>(), marks_by_pattern(&text));
        }
    }

    #[test]
    fn own_line_directive_applies_to_the_next_line_with_text() {
        let t = "Hi Ann,\n\nrapport: ignore relevance/questions\n\n  \nHow are you?\n";
        let d = one(t);
        assert_eq!(d.line, 3);
        assert_eq!(d.scope, Scope::Line);
        assert_eq!(d.rules, vec!["relevance/questions"]);
        assert_eq!(d.target, Some(6));
        assert_eq!(&t[d.span.clone()], "rapport: ignore relevance/questions");
    }

    #[test]
    fn comment_forms_are_on_a_line_of_their_own() {
        for (line, span) in [
            (
                "<!-- rapport: ignore relevance -->",
                "<!-- rapport: ignore relevance -->",
            ),
            (
                "  # rapport: ignore relevance",
                "# rapport: ignore relevance",
            ),
            (
                "// rapport: ignore relevance",
                "// rapport: ignore relevance",
            ),
            ("> rapport: ignore relevance", "rapport: ignore relevance"),
            (
                "- <!-- RAPPORT: IGNORE relevance -->",
                "<!-- RAPPORT: IGNORE relevance -->",
            ),
        ] {
            let t = format!("{line}\nText here.\n");
            let d = one(&t);
            assert_eq!(d.target, Some(2), "{line}");
            assert_eq!(&t[d.span.clone()], span, "{line}");
        }
    }

    #[test]
    fn trailing_directive_applies_to_its_own_line() {
        let t = "We are the best. <!-- rapport: ignore relevance/self-focus -->\nNext.";
        let d = one(t);
        assert_eq!(d.target, Some(1));
        assert!(t[d.span.clone()].starts_with("<!--"));
        let t = "We are the best.  # rapport: ignore a/b, c -- the client's words\r\nNext.";
        let d = one(t);
        assert_eq!(
            (d.target, d.rules.clone()),
            (Some(1), vec!["a/b".into(), "c".into()])
        );
        assert_eq!(
            &t[d.span.clone()],
            "# rapport: ignore a/b, c -- the client's words"
        );
        let d = one("Text <!-- rapport: ignore a --> more text\n");
        assert_eq!(d.target, Some(1));
    }

    #[test]
    fn ignore_file_and_lists() {
        let d = one(
            "intro\nRapport: Ignore-File relevance/questions,follow-up, relevance/questions.\n",
        );
        assert_eq!(d.scope, Scope::File);
        assert_eq!(d.rules, vec!["relevance/questions", "follow-up"]);
        assert_eq!(d.target, None);
    }

    #[test]
    fn stacked_directives_share_the_next_line_and_a_last_one_has_none() {
        let t = "<!-- rapport: ignore a -->\n# rapport: ignore b\n<!-- rapport: ignore -->\nText\nrapport: ignore c\n\n";
        let p = parse(t);
        let targets: Vec<_> = p.directives.iter().map(|d| (d.line, d.target)).collect();
        assert_eq!(targets, vec![(1, Some(4)), (2, Some(4)), (5, None)]);
        assert_eq!(p.malformed.len(), 1);
        assert_eq!(p.malformed[0].line, 3);
        assert_eq!(p.malformed[0].text, "rapport: ignore");
    }

    #[test]
    fn prose_that_mentions_rapport_is_not_a_directive() {
        for t in [
            "Building rapport: ignore the small talk and listen.",
            "Our rapport: ignored at first.",
            "rapport: ignore-line a",
            "We have good rapport:",
            "a rapport:ignore",
            "arapport: ignore a",
        ] {
            let p = parse(t);
            assert!(
                p.directives.is_empty() && p.malformed.is_empty(),
                "{t}: {p:?}"
            );
        }
    }

    #[test]
    fn a_broken_list_in_a_comment_is_reported() {
        let p = parse("<!-- rapport: ignore relevance questions -->\nText");
        assert!(p.directives.is_empty());
        assert_eq!(p.malformed[0].text, "rapport: ignore relevance questions");
    }

    #[test]
    fn multi_line_html_comment() {
        let t = "<!--\nrapport: ignore a\n-->\nText\n";
        assert_eq!(one(t).target, Some(4));
    }

    #[test]
    fn parsing_odd_text_does_not_panic() {
        for t in [
            "rapport:",
            "rapport: ignore",
            "rapport: ignore-file",
            "é rapport: ignore é/ü -->",
            "<!--rapport:ignore a-->",
            "#rapport: ignore a\n",
            "\r\nrapport: ignore a\r\n\r\n",
            "日本語 rapport: ignore 日本",
        ] {
            let _ = parse(t);
        }
        let d = one("<!--rapport:ignore a-->");
        assert_eq!(d.rules, vec!["a"]);
    }

    #[test]
    fn blank_keeps_length_and_lines_map_offsets() {
        let mut s = "ab\ncé\nd".to_string();
        let spans = vec![3..6, 0..0];
        blank(&mut s, &spans);
        assert_eq!(s, "ab\n   \nd");
        let l = Lines::of("ab\ncd\n");
        assert_eq!(l.count(), 3);
        assert_eq!((l.line_of(0), l.line_of(2), l.line_of(3)), (1, 1, 2));
        assert_eq!(l.range(2), 3..5);
        assert_eq!(l.range(9), 6..6);
        assert_eq!(l.span_lines(&(1..4)), (1, 2));
        assert_eq!(l.span_lines(&(3..3)), (2, 2));
    }
}
