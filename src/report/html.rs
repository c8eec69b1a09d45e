//! The HTML report (`--format html`): one self-contained page for a coach.
//!
//! The page opens with the figures of the batch ([`BatchStats`]: totals, a
//! score histogram, each rule's pass rate, and the groups' means and fail
//! rates, drawn as inline SVG), then a table of every document (sorted by
//! a click on a column, with a few lines of plain JavaScript), then the
//! text of the lowest-scoring documents with each finding marked where it
//! is and its suggestion or coaching tip beside the paragraph.
//!
//! Nothing is loaded from elsewhere: no scripts, fonts, images or styles
//! but those in the page, and a content security policy that forbids
//! the rest. Every piece of text from a document, a path or a message is
//! escaped. The page stays a size a browser opens: a document's text is
//! shown up to [`MAX_TEXT_CHARS`] characters, and only the
//! [`MAX_SECTIONS`] lowest-scoring documents get their text shown (every
//! document is in the table).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use super::output::{Assemble, Brief, DocContext, End, Render};
use super::summary::{BatchStats, Gather, GroupBy, GroupStats, RuleStats, percent};
use super::{DocumentReport, FindingReport, json};
use crate::analyze::format_number;
use crate::outcome::{Severity, Status};

/// The most characters of a document's text shown; the rest is cut, with
/// a note.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// The most documents whose text is shown: the lowest-scoring ones (ties
/// by path). Every document has a row in the table.
pub const MAX_SECTIONS: usize = 200;

/// The most findings listed past the cut of a document's text.
pub const MAX_NOTES_BEYOND: usize = 100;

/// The most groups drawn and listed (by name); the summary's JSON form has
/// them all.
pub const MAX_GROUPS: usize = 50;

/// Appends `s` to `out` with `&`, `<`, `>`, `"` and `'` escaped, and
/// control characters other than line breaks and tabs replaced by U+FFFD:
/// safe in element content and in quoted attribute values.
pub fn escape_into(out: &mut String, s: &str) {
    let mut from = 0;
    for (i, c) in s.char_indices() {
        let rep = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\n' | '\t' | '\r' => continue,
            c if c.is_control() => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(rep);
        from = i + c.len_utf8();
    }
    out.push_str(&s[from..]);
}

/// `s` escaped as [`escape_into`] does.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    escape_into(&mut out, s);
    out
}

/// At most `max` characters of `s`: its end, after `…`, when it is longer
/// (the end of a path tells it apart from its neighbours).
fn tail(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let skip = n - (max - 1);
    format!("…{}", s.chars().skip(skip).collect::<String>())
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The byte offsets in `text` of 1-based (line, column) positions, columns
/// counted in characters as the report counts them; `None` for a position
/// past the end of `text`. A column past the end of its line is the end of
/// the line. One pass over the text, whatever the number of positions.
pub fn byte_offsets(text: &str, positions: &[(usize, usize)]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..positions.len()).collect();
    order.sort_by_key(|&i| positions[i]);
    let mut out = vec![None; positions.len()];
    let mut next = order.into_iter().peekable();
    let (mut line, mut col) = (1usize, 1usize);
    let mut chars = text.char_indices();
    loop {
        let here = chars.clone().next();
        let at = here.map_or(text.len(), |(i, _)| i);
        let eol = matches!(here, None | Some((_, '\n')));
        // Positions at this character, or (at the end of a line) anywhere
        // further along it.
        while let Some(&i) = next.peek() {
            let (l, c) = positions[i];
            if l < line || (l == line && (c <= col || eol)) {
                out[i] = Some(at);
                next.next();
            } else {
                break;
            }
        }
        match chars.next() {
            None => break,
            Some((_, '\n')) => {
                line += 1;
                col = 1;
            }
            Some(_) => col += 1,
        }
    }
    out
}

/// A finding placed in the shown text.
#[derive(Debug, Clone, Copy)]
struct Placed<'a> {
    /// Its number in the document, from 1.
    n: usize,
    start: usize,
    end: usize,
    f: &'a FindingReport,
}

/// Writes the text of `range` with each finding that covers part of it in
/// a `<mark>` (overlaps split so that tags nest) and each finding's number
/// after the last of its marks within `sup_end`.
fn marked(
    out: &mut String,
    text: &str,
    range: (usize, usize),
    spans: &[Placed<'_>],
    sup_end: usize,
) {
    let (from, to) = range;
    // Boundaries: where a mark opens or closes, or a number goes.
    let mut points: Vec<usize> = vec![from, to];
    let mut sups: Vec<(usize, usize)> = Vec::new();
    for s in spans {
        let (a, b) = (s.start.clamp(from, to), s.end.clamp(from, to));
        points.push(a);
        points.push(b);
        if s.start >= from && s.start < sup_end {
            let at = s.end.min(sup_end).clamp(from, to);
            sups.push((at, s.n));
            points.push(at);
        }
    }
    points.sort_unstable();
    points.dedup();
    sups.sort_unstable();
    let mut sup = sups.iter().peekable();
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        while let Some(&&(_, n)) = sup.peek().filter(|(at, _)| *at <= a) {
            let _ = write!(out, "<sup class=\"ref\">{n}</sup>");
            sup.next();
        }
        let covering: Vec<&Placed<'_>> = spans
            .iter()
            .filter(|s| s.start <= a && s.end >= b && s.start < s.end)
            .collect();
        let segment = &text[a..b];
        match covering.iter().map(|s| s.f.severity).min() {
            None => escape_into(out, segment),
            Some(worst) => {
                let mut title = String::new();
                for (i, s) in covering.iter().take(4).enumerate() {
                    if i > 0 {
                        title.push_str("; ");
                    }
                    let _ = write!(title, "{}: {}", s.f.rule, s.f.message);
                }
                let _ = write!(out, "<mark class=\"{}\" title=\"", severity_class(worst));
                escape_into(out, &title);
                out.push_str("\">");
                escape_into(out, segment);
                out.push_str("</mark>");
            }
        }
    }
    for &(_, n) in sup {
        let _ = write!(out, "<sup class=\"ref\">{n}</sup>");
    }
}

/// Renders a document's section: its heading, the rules that warned or
/// failed with their tips, and its text with the findings marked.
#[derive(Debug, Default)]
pub struct HtmlRender {
    /// Shared with the assembler: see [`HtmlAssemble::cutoff`].
    cutoff: Arc<AtomicU32>,
}

impl Render for HtmlRender {
    fn document(
        &self,
        buf: &mut Vec<u8>,
        d: &DocumentReport,
        cx: &DocContext<'_>,
    ) -> io::Result<()> {
        // A document scoring above the cut-off cannot be among the lowest
        // in the end (the cut-off only falls): its section is not made.
        if d.score > self.cutoff.load(Ordering::Relaxed) {
            return Ok(());
        }
        let mut out = String::with_capacity(cx.text.len().min(MAX_TEXT_CHARS * 4) * 2 + 4096);
        section(&mut out, d, cx.text);
        buf.extend_from_slice(out.as_bytes());
        Ok(())
    }

    fn needs_brief(&self) -> bool {
        true
    }

    fn needs_text(&self) -> bool {
        true
    }
}

/// The body of a document's `<article>` (the assembler writes the tag,
/// with the document's anchor).
fn section(out: &mut String, d: &DocumentReport, text: &str) {
    out.push_str("<h3>");
    escape_into(out, &d.path);
    let _ = write!(
        out,
        "</h3>\n<p class=\"meta\">{} &middot; <span class=\"grade {}\">{}/100 {}</span> &middot; {} finding{}</p>\n",
        d.profile,
        d.grade,
        d.score,
        d.grade,
        d.findings.len(),
        if d.findings.len() == 1 { "" } else { "s" }
    );
    let open: Vec<_> = d
        .rules
        .iter()
        .filter(|r| matches!(r.status, Status::Fail | Status::Warn) && r.suppressed.is_none())
        .collect();
    if !open.is_empty() {
        out.push_str("<ul class=\"verdicts\">\n");
        for r in &open {
            let _ = write!(
                out,
                "<li><span class=\"st {0}\">{0}</span> <code>",
                r.status.name()
            );
            escape_into(out, &r.id);
            out.push_str("</code> ");
            escape_into(out, &r.message);
            if !r.tip.trim().is_empty() {
                out.push_str("<details><summary>coaching tip</summary>");
                escape_into(out, r.tip.trim());
                out.push_str("</details>");
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    for w in &d.warnings {
        out.push_str("<p class=\"note\">note: ");
        escape_into(out, w);
        out.push_str("</p>\n");
    }

    // The shown text: at most MAX_TEXT_CHARS characters.
    let shown_len = text
        .char_indices()
        .nth(MAX_TEXT_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let shown = &text[..shown_len];
    let cut = shown_len < text.len();

    // Each finding's span in bytes, from its line and column.
    let mut positions = Vec::with_capacity(d.findings.len() * 2);
    for f in &d.findings {
        positions.push((f.line, f.column));
        positions.push((f.end_line, f.end_column));
    }
    let offsets = byte_offsets(shown, &positions);
    let mut placed: Vec<Placed<'_>> = Vec::new();
    let mut beyond: Vec<(usize, &FindingReport)> = Vec::new();
    for (i, f) in d.findings.iter().enumerate() {
        let n = i + 1;
        match (offsets[2 * i], offsets[2 * i + 1]) {
            (Some(start), end) => placed.push(Placed {
                n,
                start,
                end: end.unwrap_or(shown.len()).max(start),
                f,
            }),
            (None, _) => beyond.push((n, f)),
        }
    }

    // The tip of a rule goes with its first note in the document.
    let tips: BTreeMap<&str, &str> = d
        .rules
        .iter()
        .map(|r| (r.id.as_str(), r.tip.trim()))
        .collect();
    let mut seen: BTreeMap<&str, (usize, Option<&str>)> = BTreeMap::new();
    out.push_str("<div class=\"text\">\n");
    if shown.trim().is_empty() {
        out.push_str("<p class=\"note\">(no text)</p>\n");
    }
    // Paragraphs: runs of lines that are not blank. Each region runs from
    // the start of its paragraph to the start of the next, so every
    // finding in the shown text belongs to one.
    let mut starts: Vec<usize> = Vec::new();
    let mut blank_before = true;
    let mut at = 0;
    for line in shown.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if !blank && blank_before {
            starts.push(at);
        }
        blank_before = blank;
        at += line.len();
    }
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    let mut next = 0;
    for (k, &from) in starts.iter().enumerate() {
        let region_end = starts.get(k + 1).copied().unwrap_or(shown.len());
        let to = from + shown[from..region_end].trim_end().len();
        if to == from
            && !placed
                .iter()
                .any(|p| p.start >= from && p.start < region_end)
        {
            continue;
        }
        // The findings that start in this region, and those that cover part of it.
        let first = next;
        while next < placed.len() && placed[next].start < region_end {
            next += 1;
        }
        let covering: Vec<Placed<'_>> = placed
            .iter()
            .filter(|p| (p.start < to && p.end > from) || (p.start >= from && p.start < region_end))
            .copied()
            .collect();
        out.push_str("<div class=\"para\"><div class=\"prose\">");
        marked(out, shown, (from, to), &covering, region_end);
        out.push_str("</div>");
        if next > first {
            out.push_str("<ol class=\"notes\">\n");
            for p in &placed[first..next] {
                write_note(out, p.n, p.f, &tips, &mut seen);
            }
            out.push_str("</ol>");
        }
        out.push_str("</div>\n");
    }
    if cut {
        let _ = writeln!(
            out,
            "<p class=\"cut\">The text is cut here: the report shows the first {} characters of {}.</p>",
            fmt_count(MAX_TEXT_CHARS),
            fmt_count(text.chars().count())
        );
    }
    if !beyond.is_empty() {
        out.push_str("<p class=\"note\">Findings in the part of the text not shown:</p>\n<ol class=\"notes beyond\">\n");
        for &(n, f) in beyond.iter().take(MAX_NOTES_BEYOND) {
            write_note(out, n, f, &tips, &mut seen);
        }
        out.push_str("</ol>\n");
        if beyond.len() > MAX_NOTES_BEYOND {
            let _ = writeln!(
                out,
                "<p class=\"cut\">and {} more (the JSON report lists them all).</p>",
                fmt_count(beyond.len() - MAX_NOTES_BEYOND)
            );
        }
    }
    out.push_str("</div>\n");
}

/// Writes a finding's note: its severity, rule, message and suggestion,
/// and its rule's tip the first time the rule comes up in the document. A
/// suggestion already given for the rule in the document points to the
/// note that gave it (`seen` holds, by rule, the last note's number and
/// suggestion).
fn write_note<'a>(
    out: &mut String,
    n: usize,
    f: &'a FindingReport,
    tips: &BTreeMap<&str, &str>,
    seen: &mut BTreeMap<&'a str, (usize, Option<&'a str>)>,
) {
    let _ = write!(
        out,
        "<li value=\"{n}\"><span class=\"sev {0}\">{0}</span> <code>",
        severity_class(f.severity)
    );
    escape_into(out, &f.rule);
    out.push_str("</code> ");
    escape_into(out, &f.message);
    let suggestion = f.suggestion.as_deref();
    let before = seen.get(f.rule.as_str()).copied();
    match (suggestion, before) {
        (Some(s), Some((m, Some(earlier)))) if s == earlier => {
            let _ = write!(out, "<div class=\"sugg\">Suggestion: as in note {m}.</div>");
        }
        (Some(s), _) => {
            out.push_str("<div class=\"sugg\">Suggestion: ");
            escape_into(out, s);
            out.push_str("</div>");
            seen.insert(f.rule.as_str(), (n, Some(s)));
        }
        (None, _) => {}
    }
    if before.is_none() {
        seen.entry(f.rule.as_str()).or_insert((n, None));
    }
    if before.is_none()
        && let Some(tip) = tips.get(f.rule.as_str()).filter(|t| !t.is_empty())
    {
        out.push_str("<div class=\"tip\">Tip: ");
        escape_into(out, tip);
        out.push_str("</div>");
    }
    out.push_str("</li>\n");
}

/// A whole number with thousands separated by commas.
fn fmt_count(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A document's row in the table.
#[derive(Debug, Clone)]
struct Row {
    path: String,
    profile: &'static str,
    score: u32,
    grade: &'static str,
    below: bool,
    findings: usize,
    fails: usize,
    warns: usize,
    group: String,
}

/// Keeps the figures, a row a document and the sections of the lowest
/// scores, and writes the page at the end.
pub struct HtmlAssemble {
    /// `--group-by`, or `None` to group by folder when the documents are
    /// in more than one.
    group_by: Option<GroupBy>,
    gather: Gather,
    rows: Vec<Row>,
    /// The rendered sections of the lowest scores so far, by (score, path,
    /// index), at most [`MAX_SECTIONS`].
    sections: BTreeMap<(u32, String, usize), Vec<u8>>,
    /// Once [`MAX_SECTIONS`] are kept, the highest score among them (else
    /// `u32::MAX`): the renderer skips the sections of documents above it,
    /// which could only be dropped here.
    cutoff: Arc<AtomicU32>,
}

impl HtmlAssemble {
    /// An assembler grouping by `group_by`, or by folder when given none
    /// and the documents are in more than one.
    pub fn new(group_by: Option<GroupBy>) -> HtmlAssemble {
        HtmlAssemble {
            gather: Gather::new(Some(group_by.clone().unwrap_or(GroupBy::Folder))),
            group_by,
            rows: Vec::new(),
            sections: BTreeMap::new(),
            cutoff: Arc::new(AtomicU32::new(u32::MAX)),
        }
    }

    /// The renderer that goes with this assembler.
    pub fn render(&self) -> HtmlRender {
        HtmlRender {
            cutoff: Arc::clone(&self.cutoff),
        }
    }
}

impl Assemble for HtmlAssemble {
    fn document(
        &mut self,
        _: &mut dyn Write,
        rendered: &[u8],
        brief: Option<Brief>,
    ) -> io::Result<()> {
        let Some(b) = brief else {
            return Err(io::Error::other(
                "the HTML report needs each document's brief",
            ));
        };
        self.gather.add(&b);
        let count = |s: Status| b.rules.iter().filter(|(_, r)| *r == s).count();
        let index = self.rows.len();
        self.rows.push(Row {
            path: b.path.clone(),
            profile: b.profile.name(),
            score: b.score,
            grade: b.grade,
            below: b.below(),
            findings: b.findings.len(),
            fails: count(Status::Fail),
            warns: count(Status::Warn),
            group: self.group_by.as_ref().unwrap_or(&GroupBy::Folder).key(&b),
        });
        let key = (b.score, b.path, index);
        let keep = self.sections.len() < MAX_SECTIONS
            || self
                .sections
                .last_key_value()
                .is_some_and(|(k, _)| key < *k);
        if keep {
            self.sections.insert(key, rendered.to_vec());
            if self.sections.len() > MAX_SECTIONS {
                self.sections.pop_last();
            }
            if self.sections.len() == MAX_SECTIONS
                && let Some(((highest, _, _), _)) = self.sections.last_key_value()
            {
                self.cutoff.store(*highest, Ordering::Relaxed);
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, end: &End<'_>) -> io::Result<()> {
        let stats = std::mem::take(&mut self.gather).stats();
        let grouped = match (&self.group_by, &stats.grouping) {
            (Some(_), Some(g)) => Some(g),
            (None, Some(g)) if g.groups.len() > 1 => Some(g),
            _ => None,
        };
        let mut page = String::with_capacity(64 * 1024 + self.rows.len() * 400);
        head(&mut page);
        summary(
            &mut page,
            &stats,
            grouped.map(|g| (g.by.as_str(), &g.groups[..])),
            end,
        );
        table(&mut page, &self.rows, grouped.is_some(), &self.sections);
        out.write_all(page.as_bytes())?;
        // The sections, lowest score first.
        let mut part = String::new();
        let _ = write!(
            part,
            "<section id=\"texts\">\n<h2>Document texts</h2>\n<p class=\"cap\">The {} lowest-scoring documents (at most {}, ties by path), lowest first; each text up to {} characters. Every document is in the table above.</p>\n",
            self.sections.len(),
            MAX_SECTIONS,
            fmt_count(MAX_TEXT_CHARS)
        );
        out.write_all(part.as_bytes())?;
        for ((_, _, index), body) in std::mem::take(&mut self.sections) {
            writeln!(out, "<article class=\"doc\" id=\"d{index}\">")?;
            out.write_all(&body)?;
            out.write_all(
                b"<p class=\"top\"><a href=\"#documents\">back to the table</a></p>\n</article>\n",
            )?;
        }
        out.write_all(b"</section>\n")?;
        write!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n")
    }
}

/// Sorts a table by a click (or Enter) on a column's heading: numbers by
/// their `data-v`, text otherwise; a second click reverses. It marks each
/// table it manages with `data-sortable="ready"`.
const SCRIPT: &str = r#"
(function () {
  "use strict";
  function key(cell) {
    var v = cell.getAttribute("data-v");
    return v === null ? cell.textContent.toLowerCase() : parseFloat(v);
  }
  function sortBy(table, col, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var asc = th.getAttribute("aria-sort") !== "ascending";
    rows.sort(function (a, b) {
      var x = key(a.cells[col]), y = key(b.cells[col]);
      var c = x < y ? -1 : x > y ? 1 : 0;
      return asc ? c : -c;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
      h.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var frag = document.createDocumentFragment();
    rows.forEach(function (r) { frag.appendChild(r); });
    body.appendChild(frag);
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.tabIndex = 0;
      th.title = "sort by this column";
      th.addEventListener("click", function () { sortBy(table, col, th); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, col, th); }
      });
    });
    table.setAttribute("data-sortable", "ready");
  });
})();
"#;

const STYLE: &str = r#"
:root { --pass: #2e7d32; --warn: #c77700; --fail: #c62828; --info: #1565c0; --muted: #666; --line: #ddd; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 0 auto; padding: 1rem 2rem 4rem; max-width: 1200px; color: #222; line-height: 1.45; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2.5rem; }
.lead, .meta, .cap, .note, .cut { color: var(--muted); }
.cap, .cut { font-style: italic; }
dl.totals { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .5rem 1rem; }
dl.totals div { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .7rem; }
dl.totals dt { font-size: .8rem; color: var(--muted); } dl.totals dd { margin: 0; font-size: 1.3rem; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: .3rem; }
svg text { font-family: inherit; font-size: 12px; fill: #333; }
svg .pass { fill: var(--pass); } svg .warn { fill: var(--warn); } svg .fail { fill: var(--fail); } svg .none { fill: #bbb; }
svg .axis { stroke: #999; stroke-width: 1; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
table.sortable th { cursor: pointer; user-select: none; background: #f6f6f6; position: sticky; top: 0; }
th[aria-sort="ascending"]::after { content: " \25B2"; } th[aria-sort="descending"]::after { content: " \25BC"; }
td.below { color: var(--fail); font-weight: 600; }
.grade.poor { color: var(--fail); } .grade.fair { color: var(--warn); } .grade.good, .grade.excellent { color: var(--pass); }
.scroll { overflow-x: auto; max-height: 70vh; overflow-y: auto; }
table.matrix td.n { min-width: 3.5rem; }
article.doc { border-top: 2px solid var(--line); margin-top: 2rem; }
ul.verdicts { padding-left: 1.2rem; } ul.verdicts details { color: var(--muted); margin: .2rem 0 .4rem; }
.st, .sev { font-size: .75rem; font-weight: 700; text-transform: uppercase; padding: 0 .3rem; border-radius: 3px; color: #fff; }
.st.fail, .sev.error { background: var(--fail); } .st.warn, .sev.warning { background: var(--warn); } .sev.info { background: var(--info); }
.para { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.2rem; margin: .6rem 0; align-items: start; }
.prose { white-space: pre-wrap; overflow-wrap: anywhere; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem; background: #fafafa; padding: .4rem .6rem; border-radius: 4px; }
ol.notes { margin: 0; padding-left: 1.6rem; font-size: .85rem; }
ol.notes li { margin-bottom: .5rem; }
ol.beyond { margin-top: .4rem; }
.sugg { color: var(--pass); } .tip { color: var(--muted); }
mark { background: #fff3b0; border-bottom: 2px solid var(--warn); padding: 0; }
mark.error { background: #ffd6d6; border-bottom-color: var(--fail); }
mark.info { background: #dceeff; border-bottom-color: var(--info); }
sup.ref { font-size: .7rem; font-weight: 700; color: var(--fail); margin-left: 1px; }
@media (max-width: 800px) { .para { grid-template-columns: 1fr; } }
"#;

fn head(out: &mut String) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"{} {}\">\n<title>rapport report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        json::TOOL.name,
        json::TOOL.version
    );
}

fn summary(
    out: &mut String,
    stats: &BatchStats,
    groups: Option<(&str, &[GroupStats])>,
    end: &End<'_>,
) {
    let _ = write!(
        out,
        "<header>\n<h1>rapport report</h1>\n<p class=\"lead\">Coaching figures over {} document{}, then every document in a table, then the texts of the lowest scores with each finding marked.</p>\n</header>\n<section id=\"summary\">\n<h2>Summary</h2>\n<dl class=\"totals\">\n",
        stats.analyzed,
        if stats.analyzed == 1 { "" } else { "s" }
    );
    let mut total = |name: &str, value: String| {
        let _ = writeln!(out, "<div><dt>{name}</dt><dd>{value}</dd></div>");
    };
    total("documents analysed", stats.analyzed.to_string());
    total("errors", end.errors.len().to_string());
    if let Some(s) = &stats.scores {
        total("mean score", format_number(s.mean));
        total("median", format_number(s.median));
        total(
            "quartiles (Q1 - Q3)",
            format!("{} - {}", format_number(s.q1), format_number(s.q3)),
        );
        total("lowest - highest", format!("{} - {}", s.min, s.max));
    }
    if let Some(t) = end.fail_under {
        total(
            &format!("below {t}"),
            end.summary.below_threshold.to_string(),
        );
    } else if end.mixed_thresholds {
        total(
            "below their fail_under",
            end.summary.below_threshold.to_string(),
        );
    }
    out.push_str("</dl>\n<div class=\"charts\">\n");
    histogram(out, stats);
    rules_chart(out, &stats.rules);
    if let Some((by, groups)) = groups {
        groups_chart(out, by, groups);
    }
    out.push_str("</div>\n");
    if let Some((by, groups)) = groups {
        matrix(out, by, groups, &stats.rules);
    }
    if !stats.top_findings.is_empty() {
        out.push_str("<h3>Most frequent findings</h3>\n<table>\n<thead><tr><th>rule</th><th class=\"n\">findings</th><th class=\"n\">documents</th></tr></thead>\n<tbody>\n");
        for f in &stats.top_findings {
            out.push_str("<tr><td><code>");
            escape_into(out, &f.rule);
            let _ = writeln!(
                out,
                "</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                f.findings, f.documents
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if !end.errors.is_empty() {
        out.push_str("<h3>Inputs that could not be read</h3>\n<ul class=\"errors\">\n");
        for e in end.errors {
            out.push_str("<li><code>");
            escape_into(out, &e.location());
            out.push_str("</code>: ");
            escape_into(out, &e.message);
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// The class of a score's colour: fail below 50, warn below 70.
fn score_class(score: u32) -> &'static str {
    match score {
        70.. => "pass",
        50.. => "warn",
        _ => "fail",
    }
}

fn histogram(out: &mut String, stats: &BatchStats) {
    const W: usize = 560;
    const H: usize = 240;
    const LEFT: usize = 40;
    const TOP: usize = 20;
    const PLOT: usize = 180;
    let slot = (W - LEFT - 10) / stats.histogram.len().max(1);
    let max = stats.counts().max().unwrap_or(0).max(1);
    let _ = write!(
        out,
        "<figure id=\"chart-histogram\"><figcaption>Scores</figcaption>\n<svg class=\"chart\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Documents by score, in buckets of ten points\"><title>Documents by score, in buckets of ten points</title>\n"
    );
    let base = TOP + PLOT;
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\"/>\n<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{max}</text><text x=\"{}\" y=\"{base}\" text-anchor=\"end\">0</text>\n",
        W - 10,
        LEFT - 6,
        TOP + 10,
        LEFT - 6
    );
    for (i, b) in stats.histogram.iter().enumerate() {
        let h = b.count * PLOT / max;
        let x = LEFT + i * slot + 4;
        let w = slot - 8;
        let _ = write!(
            out,
            "<g><title>{}-{}: {} document{}</title><rect class=\"{}\" x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"{h}\"/>",
            b.from,
            b.to,
            b.count,
            if b.count == 1 { "" } else { "s" },
            score_class(b.from),
            base - h
        );
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}-{}</text></g>",
            x + w / 2,
            base - h - 4,
            b.count,
            x + w / 2,
            base + 16,
            b.from,
            b.to
        );
    }
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">score</text>\n</svg></figure>\n",
        LEFT + (W - LEFT) / 2,
        base + 34
    );
}

fn rules_chart(out: &mut String, rules: &[RuleStats]) {
    const LABEL: usize = 220;
    const BAR: usize = 260;
    const ROW: usize = 22;
    const TOP: usize = 26;
    let w = LABEL + BAR + 60;
    let h = TOP + rules.len() * ROW + 6;
    let _ = write!(
        out,
        "<figure id=\"chart-rules\"><figcaption>Rules: pass, warn and fail over the documents each applied to</figcaption>\n<svg class=\"chart\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Each rule's verdicts\"><title>Each rule's pass, warn and fail shares (skipped documents left out)</title>\n"
    );
    // Legend.
    for (i, (class, name)) in [("pass", "pass"), ("warn", "warn"), ("fail", "fail")]
        .iter()
        .enumerate()
    {
        let x = LABEL + i * 70;
        let _ = writeln!(
            out,
            "<rect class=\"{class}\" x=\"{x}\" y=\"4\" width=\"12\" height=\"12\"/><text x=\"{}\" y=\"14\">{name}</text>",
            x + 16
        );
    }
    for (i, r) in rules.iter().enumerate() {
        let y = TOP + i * ROW;
        let v = r.verdicts;
        out.push_str("<g><title>");
        escape_into(out, &r.id);
        let _ = write!(
            out,
            ": {} pass, {} warn, {} fail, {} skipped</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\">",
            v.pass,
            v.warn,
            v.fail,
            v.skip,
            LABEL - 8,
            y + 14
        );
        escape_into(out, &tail(&r.id, 32));
        out.push_str("</text>");
        let applied = v.applied();
        if applied == 0 {
            let _ = write!(
                out,
                "<rect class=\"none\" x=\"{LABEL}\" y=\"{}\" width=\"{BAR}\" height=\"14\"/><text x=\"{}\" y=\"{}\">-</text>",
                y + 3,
                LABEL + BAR + 6,
                y + 14
            );
        } else {
            let mut x = LABEL;
            let mut done = 0;
            for (class, n) in [("pass", v.pass), ("warn", v.warn), ("fail", v.fail)] {
                // Widths from cumulative counts: the three always fill the bar.
                let next = ((done + n) * BAR).checked_div(applied).unwrap_or(0);
                let width = LABEL + next - x;
                if width > 0 {
                    let _ = write!(
                        out,
                        "<rect class=\"{class}\" x=\"{x}\" y=\"{}\" width=\"{width}\" height=\"14\"/>",
                        y + 3
                    );
                }
                x += width;
                done += n;
            }
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                LABEL + BAR + 6,
                y + 14,
                percent(r.pass_rate)
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg></figure>\n");
}

fn groups_chart(out: &mut String, by: &str, groups: &[GroupStats]) {
    const LABEL: usize = 220;
    const BAR: usize = 260;
    const ROW: usize = 22;
    const TOP: usize = 8;
    let shown = &groups[..groups.len().min(MAX_GROUPS)];
    let w = LABEL + BAR + 110;
    let h = TOP + shown.len() * ROW + 6;
    out.push_str("<figure id=\"chart-groups\"><figcaption>Mean score by ");
    escape_into(out, by);
    let _ = write!(
        out,
        "</figcaption>\n<svg class=\"chart\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Mean score of each group\"><title>Mean score of each group</title>\n"
    );
    for (i, g) in shown.iter().enumerate() {
        let y = TOP + i * ROW;
        out.push_str("<g><title>");
        escape_into(out, &g.name);
        let _ = write!(
            out,
            ": mean {} over {} document{}</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\">",
            format_number(g.mean_score),
            g.documents,
            if g.documents == 1 { "" } else { "s" },
            LABEL - 8,
            y + 14
        );
        escape_into(out, &tail(&g.name, 32));
        let width = (g.mean_score.clamp(0.0, 100.0) * BAR as f64 / 100.0).round() as usize;
        let _ = writeln!(
            out,
            "</text><rect class=\"{}\" x=\"{LABEL}\" y=\"{}\" width=\"{width}\" height=\"14\"/><text x=\"{}\" y=\"{}\">{} ({})</text></g>",
            score_class(g.mean_score.round() as u32),
            y + 3,
            LABEL + width + 6,
            y + 14,
            format_number(g.mean_score),
            g.documents
        );
    }
    out.push_str("</svg>");
    if groups.len() > shown.len() {
        let _ = write!(
            out,
            "<p class=\"cap\">The first {MAX_GROUPS} of {} groups, by name; `rapport summary --format json` lists them all.</p>",
            groups.len()
        );
    }
    out.push_str("</figure>\n");
}

/// The groups against the rules: each cell a rule's fail rate in a group,
/// shaded by it.
fn matrix(out: &mut String, by: &str, groups: &[GroupStats], rules: &[RuleStats]) {
    let ids: Vec<&str> = rules
        .iter()
        .filter(|r| r.verdicts.applied() > 0)
        .map(|r| r.id.as_str())
        .collect();
    out.push_str("<h3>Fail rate of each rule by ");
    escape_into(out, by);
    out.push_str("</h3>\n<p class=\"cap\">Documents the rule failed over the documents it applied to; click a heading to sort.</p>\n<div class=\"scroll\"><table class=\"sortable matrix\" id=\"group-table\">\n<thead><tr><th>");
    escape_into(out, by);
    out.push_str("</th><th class=\"n\">documents</th><th class=\"n\">mean</th>");
    for id in &ids {
        out.push_str("<th class=\"n\" title=\"");
        escape_into(out, id);
        out.push_str("\">");
        escape_into(out, id.rsplit('/').next().unwrap_or(id));
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for g in &groups[..groups.len().min(MAX_GROUPS)] {
        out.push_str("<tr><td>");
        escape_into(out, &g.name);
        let _ = write!(
            out,
            "</td><td class=\"n\" data-v=\"{0}\">{0}</td><td class=\"n\" data-v=\"{1}\">{1}</td>",
            g.documents,
            format_number(g.mean_score)
        );
        let by_id: BTreeMap<&str, _> = g.rules.iter().map(|r| (r.id.as_str(), r)).collect();
        for id in &ids {
            match by_id.get(id).and_then(|r| r.fail_rate.map(|f| (f, r))) {
                Some((rate, r)) => {
                    let _ = write!(
                        out,
                        "<td class=\"n\" data-v=\"{rate}\" title=\"{}/{} failed\" style=\"background: rgba(198, 40, 40, {:.2})\">{}</td>",
                        r.fail,
                        r.applied,
                        rate * 0.6,
                        percent(Some(rate))
                    );
                }
                None => out.push_str("<td class=\"n\" data-v=\"-1\">-</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
}

fn table(
    out: &mut String,
    rows: &[Row],
    grouped: bool,
    sections: &BTreeMap<(u32, String, usize), Vec<u8>>,
) {
    let with_text: std::collections::BTreeSet<usize> = sections.keys().map(|k| k.2).collect();
    let _ = write!(
        out,
        "<section id=\"documents\">\n<h2>Documents</h2>\n<p class=\"cap\">{} document{}; click a heading to sort. A linked path has its text below (the {} lowest scores at most).</p>\n<div class=\"scroll\"><table class=\"sortable\" id=\"doc-table\">\n<thead><tr><th class=\"n\">#</th><th>document</th><th>profile</th><th class=\"n\">score</th><th>grade</th><th class=\"n\">findings</th><th class=\"n\">fail</th><th class=\"n\">warn</th>{}</tr></thead>\n<tbody>\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
        MAX_SECTIONS,
        if grouped { "<th>group</th>" } else { "" }
    );
    for (i, r) in rows.iter().enumerate() {
        let _ = write!(out, "<tr><td class=\"n\" data-v=\"{i}\">{}</td><td>", i + 1);
        if with_text.contains(&i) {
            let _ = write!(out, "<a href=\"#d{i}\">");
            escape_into(out, &r.path);
            out.push_str("</a>");
        } else {
            escape_into(out, &r.path);
        }
        let _ = write!(
            out,
            "</td><td>{}</td><td class=\"n{}\" data-v=\"{}\">{}</td><td class=\"grade {}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td>",
            r.profile,
            if r.below { " below" } else { "" },
            r.score,
            r.score,
            r.grade,
            r.grade,
            r.findings,
            r.findings,
            r.fails,
            r.fails,
            r.warns,
            r.warns
        );
        if grouped {
            out.push_str("<td>");
            escape_into(out, &r.group);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_quotes_and_controls() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\"\u{0}\n"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\u{FFFD}\n"
        );
        assert_eq!(escape("plain é"), "plain é");
    }

    #[test]
    fn positions_map_to_bytes_in_one_pass() {
        let text = "ab\néçd\n\nlast";
        // (line, column) -> byte
        let pos = [
            (1, 1),
            (2, 3),
            (1, 3),
            (2, 9),
            (4, 5),
            (4, 6),
            (3, 1),
            (2, 1),
        ];
        let got = byte_offsets(text, &pos);
        assert_eq!(
            got,
            vec![
                Some(0),
                Some(7),
                Some(2),
                Some(8),
                Some(text.len()),
                Some(text.len()),
                Some(9),
                Some(3)
            ]
        );
        // Past the last line: not in the text.
        assert_eq!(byte_offsets("one", &[(2, 1)]), vec![None]);
    }

    #[test]
    fn tail_keeps_the_end() {
        assert_eq!(tail("short", 10), "short");
        assert_eq!(tail("a/very/long/path", 6), "…/path");
    }

    #[test]
    fn counts_get_separators() {
        assert_eq!(fmt_count(20_000), "20,000");
        assert_eq!(fmt_count(999), "999");
        assert_eq!(fmt_count(1_234_567), "1,234,567");
    }
}
