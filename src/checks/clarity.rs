//! The clarity checks of an email: `word-count` (how long its body is),
//! `reading-grade` (the body's Flesch-Kincaid grade) and `subject` (how
//! long its subject line is).
//!
//! The body is the author's text without the subject: the readers have
//! already left out headers, quoted replies, forwarded threads, signatures
//! and footers. Besides their profile bands, these kinds read a few
//! settings from `[lists]`, one value a list: `cold_bands`, `cold_target`
//! and `reply_target` (`word-count`, with the phrase list
//! `earlier_contact`), `min_words` (`reading-grade`), `best` and
//! `acceptable_score` (`subject`).

use std::collections::BTreeMap;
use std::ops::Range;

use super::{Check, Ctx, Measure, need};
use crate::document::{Block, Document, Sentence};
use crate::lexicon::{Lexicon, ListId};
use crate::outcome::{Evidence, Severity, Status, Value};
use crate::read::Reader;
use crate::readability::Counts;
use crate::rule::{Band, RuleSpec};

/// The single value of list `name`.
fn setting<'s>(spec: &'s RuleSpec, name: &str) -> Result<&'s str, String> {
    match spec.lists.get(name).map(Vec::as_slice) {
        Some([one]) => Ok(one.trim()),
        Some(_) => Err(format!("list `{name}` must hold exactly one value")),
        None => Err(format!("check needs a list named `{name}` in [lists]")),
    }
}

/// The number in list `name`.
fn number(spec: &RuleSpec, name: &str) -> Result<f64, String> {
    let v = setting(spec, name)?;
    v.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or_else(|| format!("list `{name}`: `{v}` is not a number"))
}

fn status(word: &str) -> Option<Status> {
    match word {
        "pass" => Some(Status::Pass),
        "warn" => Some(Status::Warn),
        "fail" => Some(Status::Fail),
        "skip" => Some(Status::Skip),
        _ => None,
    }
}

/// Bands written in list `name` as `"UPTO STATUS"`, the last maybe a bare
/// `"STATUS"`, checked as a profile's bands are.
fn bands(spec: &RuleSpec, name: &str) -> Result<Vec<Band>, String> {
    let list = spec
        .lists
        .get(name)
        .ok_or_else(|| format!("check needs a list named `{name}` in [lists]"))?;
    let mut out: Vec<Band> = Vec::with_capacity(list.len());
    for (i, entry) in list.iter().enumerate() {
        let bad = || format!("list `{name}`: `{entry}` is not `UPTO STATUS` or `STATUS`");
        let mut parts = entry.split_whitespace();
        let (upto, st) = match (parts.next(), parts.next(), parts.next()) {
            (Some(s), None, None) => (None, s),
            (Some(u), Some(s), None) => {
                let u = u
                    .parse::<f64>()
                    .ok()
                    .filter(|u| u.is_finite())
                    .ok_or_else(bad)?;
                (Some(u), s)
            }
            _ => return Err(bad()),
        };
        let status = status(st).ok_or_else(bad)?;
        match (upto, out.last().and_then(|b| b.upto)) {
            (None, _) if i + 1 != list.len() => {
                return Err(format!(
                    "list `{name}`: only the last band may omit its bound"
                ));
            }
            (Some(u), Some(last)) if u <= last => {
                return Err(format!("list `{name}`: band bounds must increase"));
            }
            _ => {}
        }
        out.push(Band { upto, status });
    }
    if out.is_empty() {
        return Err(format!("list `{name}` needs at least one band"));
    }
    Ok(out)
}

/// The status of `value` under `bands`, as [`crate::rule::ProfileSpec::band`].
fn band(bands: &[Band], value: f64) -> Status {
    for b in bands {
        match b.upto {
            Some(u) if value <= u => return b.status,
            Some(_) => continue,
            None => return b.status,
        }
    }
    Status::Fail
}

/// The range of values the first passing band covers: above the band
/// before it, up to its bound.
fn pass_range(bands: &[Band]) -> Option<(f64, f64)> {
    let i = bands.iter().position(|b| b.status == Status::Pass)?;
    let low = if i == 0 {
        f64::NEG_INFINITY
    } else {
        bands[i - 1].upto.unwrap_or(f64::NEG_INFINITY)
    };
    Some((low, bands[i].upto.unwrap_or(f64::INFINITY)))
}

/// The author's sentences of the body: all but the subject.
fn body(doc: &Document) -> impl Iterator<Item = &Sentence> {
    doc.author_sentences()
        .map(|(_, s)| s)
        .filter(|s| s.block != Block::Subject)
}

/// True when an earlier message was set aside when the email was read, or
/// its subject starts with `Re:` or `Fwd:`: it answers or forwards one.
fn answers_earlier_mail(doc: &Document) -> bool {
    // `is_reply` covers the subject prefix, quoted lines and threads and
    // forwarded messages; a quoted Outlook header block is one too.
    doc.is_reply()
        || doc
            .warnings
            .iter()
            .any(|w| w.starts_with("header block in the body"))
}

/// `{value}` and `{target}` filled into the rule's message for `status`.
fn message(spec: &RuleSpec, status: Status, value: &str, target: &str) -> String {
    let m = &spec.messages;
    let t = match status {
        Status::Pass => &m.pass,
        Status::Warn => &m.warn,
        Status::Fail => &m.fail,
        Status::Skip => &m.skip,
    };
    t.replace("{value}", value).replace("{target}", target)
}

/// The compiled `word-count` check: the words of an email's body, judged
/// by the profile's bands, or by `cold_bands` for a cold (first-touch)
/// email.
#[derive(Debug)]
pub struct WordCount {
    /// Only the `earlier_contact` list: the other lists hold settings.
    lex: Lexicon,
    earlier_contact: ListId,
    cold: Vec<Band>,
    cold_target: String,
    reply_target: String,
}

impl WordCount {
    /// Compiles the check from its rule.
    pub fn new(spec: &RuleSpec) -> Result<WordCount, String> {
        let name = "earlier_contact";
        let phrases = spec
            .lists
            .get(name)
            .ok_or_else(|| format!("check needs a list named `{name}` in [lists]"))?;
        let lists = BTreeMap::from([(name.to_string(), phrases.clone())]);
        let lex = Lexicon::compile(&lists, &BTreeMap::new()).map_err(|e| e.to_string())?;
        Ok(WordCount {
            earlier_contact: need(&lex, name)?,
            lex,
            cold: bands(spec, "cold_bands")?,
            cold_target: setting(spec, "cold_target")?.to_string(),
            reply_target: setting(spec, "reply_target")?.to_string(),
        })
    }

    /// Where an email shows it follows earlier contact, or `None` for a
    /// cold email (a first touch). It follows earlier contact when it
    /// answers or forwards an earlier message (see [`answers_earlier_mail`];
    /// the place is its subject, or else its first sentence), or when one
    /// of the author's sentences, subject included, refers to it
    /// ("following up", "as discussed", "great to meet you": the place is
    /// the phrase).
    pub fn follow_up(&self, ctx: &Ctx) -> Option<Range<usize>> {
        let doc = ctx.doc;
        if answers_earlier_mail(doc) {
            let at = doc.subject().or_else(|| body(doc).next());
            return Some(at.map_or(0..0, |s| s.span.clone()));
        }
        doc.author_sentences()
            .find_map(|(_, s)| ctx.first(s, self.earlier_contact))
            .map(|h| h.start..h.end)
    }
}

impl Check for WordCount {
    fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    fn measure(&self, ctx: &Ctx) -> Measure {
        let doc = ctx.doc;
        let words: usize = body(doc).map(|s| s.words).sum();
        if words == 0 {
            return Measure::skip(message(ctx.spec, Status::Skip, "0", &ctx.profile.target));
        }
        let follow_up = self.follow_up(ctx);
        let cold = follow_up.is_none();
        let (bands, target) = if cold {
            (self.cold.as_slice(), self.cold_target.as_str())
        } else {
            (ctx.profile.bands.as_slice(), self.reply_target.as_str())
        };
        let value = words as f64;
        let status = band(bands, value);
        let mut m = Measure::new(status, Value::Number(value));
        m.message = Some(message(ctx.spec, status, &words.to_string(), target));
        m.metrics = vec![("body_words", Value::Number(value))];
        let (first, last) = match (body(doc).next(), body(doc).last()) {
            (Some(f), Some(l)) => (f, l),
            _ => return m,
        };
        let whole = first.span.start..last.span.end;
        m.evidence.push(match follow_up {
            Some(span) => Evidence {
                kind: "follow-up",
                span,
            },
            None => Evidence {
                kind: "cold",
                span: first.span.clone(),
            },
        });
        if matches!(status, Status::Pass | Status::Skip) {
            return m;
        }
        let Some((low, high)) = pass_range(bands) else {
            return m;
        };
        if value > high {
            // Point at the sentence where the body runs past the range.
            let mut seen = 0usize;
            let at = body(doc).find(|s| {
                seen += s.words;
                seen as f64 > high
            });
            if let Some(s) = at {
                m.findings
                    .extend(ctx.finding("long", s.span.clone(), high as usize));
            }
        } else if value <= low {
            m.findings.extend(ctx.finding("short", whole, words));
        }
        m
    }
}

/// The compiled `reading-grade` check: the Flesch-Kincaid grade of an
/// email's body, skipped below `min_words` words.
#[derive(Debug)]
pub struct ReadingGrade {
    lex: Lexicon,
    min_words: usize,
}

impl ReadingGrade {
    /// Compiles the check from its rule.
    pub fn new(spec: &RuleSpec) -> Result<ReadingGrade, String> {
        let min = number(spec, "min_words")?;
        if min < 0.0 {
            return Err("list `min_words`: must be 0 or more".into());
        }
        Ok(ReadingGrade {
            lex: Lexicon::default(),
            min_words: min as usize,
        })
    }
}

/// A grade rounded to one decimal, never below 0.
fn round_grade(g: f64) -> f64 {
    (g.max(0.0) * 10.0).round() / 10.0
}

impl Check for ReadingGrade {
    fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    fn measure(&self, ctx: &Ctx) -> Measure {
        let doc = ctx.doc;
        let mut total = Counts::default();
        // The hardest sentence: the highest grade of its own.
        let mut hardest: Option<(f64, Counts, Range<usize>)> = None;
        for s in body(doc) {
            let c = Counts::sentence(&doc.flat[s.span.clone()]);
            total.add(c);
            let Some(g) = c.grade() else { continue };
            if c.words >= 3 && hardest.as_ref().is_none_or(|(best, _, _)| g > *best) {
                hardest = Some((g, c, s.span.clone()));
            }
        }
        if total.words < self.min_words {
            let skip = ctx
                .spec
                .messages
                .skip
                .replace("{words}", &total.words.to_string())
                .replace("{min}", &self.min_words.to_string());
            return Measure::skip(skip);
        }
        let Some(grade) = total.grade() else {
            return Measure::skip(message(ctx.spec, Status::Skip, "-", &ctx.profile.target));
        };
        let value = round_grade(grade);
        let status = ctx.profile.band(value);
        let mut m = Measure::new(status, Value::Number(value));
        m.metrics = vec![("reading_grade", Value::Number(value))];
        if let Some((g, c, span)) = hardest
            && !matches!(status, Status::Pass | Status::Skip)
        {
            m.evidence.push(Evidence {
                kind: "hardest-sentence",
                span: span.clone(),
            });
            if let Some(mut f) = ctx.finding("hard-sentence", span, c.words) {
                let shown = crate::analyze::format_number(round_grade(g));
                f.message = f.message.replace("{grade}", &shown);
                f.suggestion = f.suggestion.map(|s| s.replace("{grade}", &shown));
                m.findings.push(f);
            }
        }
        m
    }
}

/// The compiled `subject` check: the words of an email's subject line (a
/// `Re:` or `Fwd:` prefix is not counted), judged by the profile's bands;
/// lengths in the `best` range score full marks, other passing lengths
/// `acceptable_score`. A message with headers but no subject gets the
/// profile's `missing` level; a body-only draft is skipped.
#[derive(Debug)]
pub struct Subject {
    lex: Lexicon,
    best: (f64, f64),
    acceptable: f64,
}

impl Subject {
    /// Compiles the check from its rule.
    pub fn new(spec: &RuleSpec) -> Result<Subject, String> {
        let best = setting(spec, "best")?;
        let bad = || format!("list `best`: `{best}` is not a range such as `3-4`");
        let (lo, hi) = best.split_once('-').ok_or_else(bad)?;
        let lo: f64 = lo.trim().parse().map_err(|_| bad())?;
        let hi: f64 = hi.trim().parse().map_err(|_| bad())?;
        if !(lo.is_finite() && hi.is_finite() && lo <= hi) {
            return Err(bad());
        }
        let acceptable = number(spec, "acceptable_score")?;
        if !(0.0..=1.0).contains(&acceptable) {
            return Err("list `acceptable_score`: must be between 0 and 1".into());
        }
        Ok(Subject {
            lex: Lexicon::default(),
            best: (lo, hi),
            acceptable,
        })
    }
}

/// True when the text opens with a mail header block (`From:`, `To:`,
/// `Subject:`...), as the email reader finds one; a MIME message always
/// has one.
fn has_headers(doc: &Document) -> bool {
    if doc.reader == Reader::Mime {
        return true;
    }
    let mut lines = doc.text.lines().take_while(|l| !l.trim().is_empty());
    let Some(first) = lines.next() else {
        return false;
    };
    let header_like = |l: &str| {
        l.split_once(':').is_some_and(|(name, _)| {
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
    };
    (first.starts_with("From ") || header_like(first))
        && (crate::profile::is_known_header(first) || lines.any(crate::profile::is_known_header))
}

impl Check for Subject {
    fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    fn measure(&self, ctx: &Ctx) -> Measure {
        let doc = ctx.doc;
        let Some(subject) = doc.subject() else {
            if !has_headers(doc) {
                return Measure::skip(message(ctx.spec, Status::Skip, "-", &ctx.profile.target));
            }
            let mut m = Measure::new(ctx.profile.level("missing"), Value::Number(0.0));
            m.metrics = vec![("subject_words", Value::Number(0.0))];
            // Point at the first line: the header block, or the body.
            let end = doc.text.find('\n').unwrap_or(doc.text.len());
            let first_line = 0..doc.text[..end].trim_end().len();
            m.findings.extend(ctx.finding("missing", first_line, 0));
            return m;
        };
        let words = subject.words;
        let value = words as f64;
        let status = ctx.profile.band(value);
        let mut m = Measure::new(status, Value::Number(value));
        m.metrics = vec![("subject_words", Value::Number(value))];
        let (lo, hi) = self.best;
        let best = (lo..=hi).contains(&value);
        if status == Status::Pass && !best {
            m.score = Some(self.acceptable);
        }
        if !best {
            let kind = match (value < lo, status) {
                (true, _) => "short",
                (false, Status::Pass) => "wordy",
                (false, _) => "long",
            };
            if let Some(mut f) = ctx.finding(kind, subject.span.clone(), words) {
                if status == Status::Pass {
                    // Acceptable: a hint, not a warning.
                    f.severity = Severity::Info;
                }
                m.findings.push(f);
            }
        }
        m
    }
}
