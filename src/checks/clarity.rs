//! The clarity checks of an email: `word-count` (how long its body is),
//! `reading-grade` (the body's Flesch-Kincaid grade) and `subject` (how
//! long its subject line is).
//!
//! The body is the author's text without the subject: the readers have
//! already left out headers, quoted replies, forwarded threads, signatures
//! and footers. Their thresholds are the profile's: `bands` (with a band
//! `score` for lengths that are acceptable rather than best), `cases.cold`
//! (`word-count`: the bands of a first-touch email), `min_words`
//! (`reading-grade`: shorter bodies are not graded) and `levels.missing`
//! (`subject`: an email with headers and no subject).

use std::ops::Range;

use super::{Check, Ctx, Measure, need};
use crate::document::{Block, Document, Sentence};
use crate::lexicon::{Lexicon, ListId};
use crate::outcome::{Evidence, Severity, Status, Value};
use crate::read::Reader;
use crate::readability::Counts;
use crate::rule::{Band, RuleSpec, band_of};

/// The values the first band that `pick` accepts covers: above the band
/// before it, up to its bound.
fn first_range(bands: &[Band], pick: impl Fn(&Band) -> bool) -> Option<(f64, f64)> {
    let i = bands.iter().position(pick)?;
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

/// The compiled `word-count` check: the words of an email's body, judged
/// by the profile's bands, or by its `cold` case for a cold (first-touch)
/// email.
#[derive(Debug)]
pub struct WordCount {
    lex: Lexicon,
    earlier_contact: ListId,
}

impl WordCount {
    /// Compiles the check from its rule.
    pub fn new(lex: Lexicon, spec: &RuleSpec) -> Result<WordCount, String> {
        if let Some((profile, _)) = spec
            .profiles
            .iter()
            .find(|(_, p)| !p.cases.contains_key("cold"))
        {
            return Err(format!(
                "profile {profile}: kind `word-count` needs `cases.cold` (the bands of a cold email)"
            ));
        }
        Ok(WordCount {
            earlier_contact: need(&lex, "earlier_contact")?,
            lex,
        })
    }

    /// Where an email shows it follows earlier contact, or `None` for a
    /// cold email (a first touch). It follows earlier contact when it
    /// answers or forwards an earlier message (see `answers_earlier_mail`;
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
            .map(|h| h.start()..h.end())
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
            return Measure::skip(
                ctx.spec
                    .messages
                    .fill(Status::Skip, "0", &ctx.profile.target),
            );
        }
        let follow_up = self.follow_up(ctx);
        let cold = follow_up.is_none();
        let (bands, target) = match ctx.profile.cases.get("cold") {
            Some(c) if cold => (c.bands.as_slice(), c.target.as_str()),
            _ => (ctx.profile.bands.as_slice(), ctx.profile.target.as_str()),
        };
        let value = words as f64;
        let status = band_of(bands, value).map_or(Status::Fail, |b| b.status);
        let mut m = Measure::new(status, Value::Number(value));
        m.message = Some(ctx.spec.messages.fill(status, &words.to_string(), target));
        m.target = Some(target.to_string());
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
        let Some((low, high)) = first_range(bands, |b| b.status == Status::Pass) else {
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
/// email's body, skipped below the profile's `min_words` words.
#[derive(Debug, Default)]
pub struct ReadingGrade {
    lex: Lexicon,
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
        let min_words = ctx.profile.min_words.unwrap_or(0);
        if total.words < min_words {
            let skip = crate::rule::fill(
                &ctx.spec.messages.skip,
                &[
                    ("{words}", &total.words.to_string()),
                    ("{min}", &min_words.to_string()),
                ],
            );
            return Measure::skip(skip);
        }
        let Some(grade) = total.grade() else {
            return Measure::skip(
                ctx.spec
                    .messages
                    .fill(Status::Skip, "-", &ctx.profile.target),
            );
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
/// a passing band with a `score` of its own holds acceptable lengths, one
/// without holds the best. A message with headers but no subject gets the
/// profile's `missing` level; a body-only draft is skipped.
#[derive(Debug, Default)]
pub struct Subject {
    lex: Lexicon,
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
                return Measure::skip(ctx.spec.messages.fill(
                    Status::Skip,
                    "-",
                    &ctx.profile.target,
                ));
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
        m.score = ctx.profile.band_score(value);
        m.metrics = vec![("subject_words", Value::Number(value))];
        // The best lengths: the first passing band without a score of its own.
        let (low, high) = first_range(&ctx.profile.bands, |b| {
            b.status == Status::Pass && b.score.is_none()
        })
        .unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
        let best = value > low && value <= high;
        if !best {
            let kind = match (value <= low, status) {
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
