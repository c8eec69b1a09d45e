//! Talk metrics of a transcript, and the check kinds built on them:
//! `talk-ratio` (the rep's share of the talk), `monologue` (the rep's
//! longest stretch without the customer getting a word in) and
//! `question-spread` (where in the call the rep's questions fall).
//!
//! A *segment* is one unit of the transcript (a line, or a cue) with a
//! speaker; consecutive segments of one speaker make a *turn*. Metrics are
//! measured by time when the transcript gives times for (nearly) all its
//! words, and by words otherwise; `talk_basis` says which.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::questions::Questions;
use super::{Check, Ctx, Measure};
use crate::document::Document;
use crate::lexicon::Lexicon;
use crate::outcome::{Evidence, Status, Value};
use crate::rule::RuleSpec;

/// Seconds a word takes at about 150 words a minute (the usual speaking
/// rate): converts word counts to time where a transcript has no times.
pub const SECONDS_PER_WORD: f64 = 0.4;

/// The share of words that must carry times for metrics to be by time.
const TIMED_SHARE: f64 = 0.9;

/// What talk is measured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Seconds, from the transcript's times.
    Time,
    /// Words, when the transcript gives no times.
    Words,
}

impl Basis {
    /// `time` or `words`, as written in reports.
    pub fn name(self) -> &'static str {
        match self {
            Basis::Time => "time",
            Basis::Words => "words",
        }
    }

    /// The unit of amounts measured on this basis.
    pub fn unit(self) -> &'static str {
        match self {
            Basis::Time => "seconds",
            Basis::Words => "words",
        }
    }
}

/// One unit of a transcript with a speaker.
#[derive(Debug, Clone)]
pub struct Segment {
    /// Index into the document's speakers.
    pub speaker: usize,
    /// True when the speaker is the rep.
    pub rep: bool,
    /// Byte range from its first sentence's start to its last one's end.
    pub span: Range<usize>,
    /// Index range of its sentences in the document.
    pub sentences: Range<usize>,
    /// Number of words.
    pub words: usize,
    /// Start and end in seconds, when the transcript gives them.
    pub time: Option<(f64, f64)>,
}

impl Segment {
    /// How long it lasts: from its times, or estimated from its words.
    pub fn seconds(&self) -> f64 {
        match self.time {
            Some((a, b)) => (b - a).max(0.0),
            None => self.words as f64 * SECONDS_PER_WORD,
        }
    }
}

/// Consecutive segments of one speaker.
#[derive(Debug, Clone)]
pub struct Turn {
    /// Index into the document's speakers.
    pub speaker: usize,
    /// True when the speaker is the rep.
    pub rep: bool,
    /// Index range of its segments in [`Talk::segments`].
    pub segments: Range<usize>,
}

/// The longest stretch one side of the call holds the floor.
#[derive(Debug, Clone, PartialEq)]
pub struct Stretch {
    /// Seconds or words, on the talk's basis.
    pub amount: f64,
    /// Byte range from its first word to its last.
    pub span: Range<usize>,
}

/// Who talks how much, and when, in a transcript.
#[derive(Debug, Clone)]
pub struct Talk {
    /// What amounts are measured by.
    pub basis: Basis,
    /// The units with a speaker, in order.
    pub segments: Vec<Segment>,
    /// The turns, in order.
    pub turns: Vec<Turn>,
    /// Start and end of the call in seconds (time basis only).
    pub span_seconds: Option<(f64, f64)>,
    /// Words said by speakers, in all.
    pub words: usize,
    /// Words said before each segment.
    words_before: Vec<usize>,
}

impl Talk {
    /// Measures the talk of a transcript.
    pub fn of(doc: &Document) -> Talk {
        let mut segments: Vec<Segment> = Vec::new();
        let mut last_block = None;
        for (i, s) in doc.sentences.iter().enumerate() {
            let Some(speaker) = s.speaker() else {
                last_block = None;
                continue;
            };
            match segments.last_mut() {
                Some(seg) if last_block == Some(s.block_index) => {
                    seg.span.end = s.span.end;
                    seg.sentences.end = i + 1;
                    seg.words += s.words;
                }
                _ => segments.push(Segment {
                    speaker,
                    rep: doc.reps.contains(&speaker),
                    span: s.span.clone(),
                    sentences: i..i + 1,
                    words: s.words,
                    time: s.time(),
                }),
            }
            last_block = Some(s.block_index);
        }
        let mut turns: Vec<Turn> = Vec::new();
        for (i, seg) in segments.iter().enumerate() {
            match turns.last_mut() {
                Some(t) if t.speaker == seg.speaker => t.segments.end = i + 1,
                _ => turns.push(Turn {
                    speaker: seg.speaker,
                    rep: seg.rep,
                    segments: i..i + 1,
                }),
            }
        }
        let words_before: Vec<usize> = segments
            .iter()
            .scan(0, |acc, s| {
                let before = *acc;
                *acc += s.words;
                Some(before)
            })
            .collect();
        let words: usize = segments.iter().map(|s| s.words).sum();
        let timed: usize = segments
            .iter()
            .filter(|s| s.time.is_some())
            .map(|s| s.words)
            .sum();
        let bounds =
            segments
                .iter()
                .filter_map(|s| s.time)
                .fold(None, |acc: Option<(f64, f64)>, (a, b)| match acc {
                    None => Some((a, b)),
                    Some((x, y)) => Some((x.min(a), y.max(b))),
                });
        let timed_enough = words > 0 && timed as f64 >= TIMED_SHARE * words as f64;
        let span_seconds = bounds.filter(|(a, b)| timed_enough && b > a);
        Talk {
            basis: if span_seconds.is_some() {
                Basis::Time
            } else {
                Basis::Words
            },
            segments,
            turns,
            span_seconds,
            words,
            words_before,
        }
    }

    /// A segment's amount of talk: seconds or words.
    pub fn amount(&self, seg: &Segment) -> f64 {
        match self.basis {
            Basis::Time => seg.seconds(),
            Basis::Words => seg.words as f64,
        }
    }

    /// All talk, in seconds or words.
    pub fn total(&self) -> f64 {
        self.segments.iter().map(|s| self.amount(s)).sum()
    }

    /// The rep's talk, in seconds or words.
    pub fn rep_total(&self) -> f64 {
        self.segments
            .iter()
            .filter(|s| s.rep)
            .map(|s| self.amount(s))
            .sum()
    }

    /// The number of speakers who say something.
    pub fn speakers(&self) -> usize {
        let mut seen: Vec<usize> = self.segments.iter().map(|s| s.speaker).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }

    /// Speaker switches per minute (time basis) or per 100 words.
    pub fn interactivity(&self) -> Option<f64> {
        let switches = self.turns.len().saturating_sub(1) as f64;
        match (self.basis, self.span_seconds) {
            (Basis::Time, Some((a, b))) if b > a => Some(switches * 60.0 / (b - a)),
            (Basis::Words, _) if self.words > 0 => Some(switches * 100.0 / self.words as f64),
            _ => None,
        }
    }

    /// Where a byte offset of the document falls in the call, from 0 (the
    /// start) to 1 (the end), by time or by words.
    pub fn position(&self, doc: &Document, offset: usize) -> f64 {
        let i = self
            .segments
            .partition_point(|s| s.span.start <= offset)
            .saturating_sub(1);
        let Some(seg) = self.segments.get(i) else {
            return 0.0;
        };
        let within = if seg.span.is_empty() {
            0.0
        } else {
            (offset.saturating_sub(seg.span.start) as f64 / seg.span.len() as f64).min(1.0)
        };
        let at = match (self.basis, self.span_seconds, seg.time) {
            (Basis::Time, Some((a, b)), Some((s, e))) => (s + (e - s) * within - a) / (b - a),
            _ => {
                let before = self.words_before.get(i).copied().unwrap_or(0);
                let inside: usize = doc.sentences[seg.sentences.clone()]
                    .iter()
                    .take_while(|s| s.span.end <= offset)
                    .map(|s| s.words)
                    .sum();
                if self.words == 0 {
                    0.0
                } else {
                    (before + inside) as f64 / self.words as f64
                }
            }
        };
        at.clamp(0.0, 1.0)
    }

    /// The rep's longest stretch of talk (all reps count as one speaker).
    pub fn longest_monologue(&self, backchannel: impl Fn(usize) -> bool) -> Option<Stretch> {
        self.longest_stretch(|_, rep| rep.then_some(usize::MAX), backchannel)
    }

    /// The longest stretch one customer (a speaker who is not the rep)
    /// holds the floor.
    pub fn longest_customer_stretch(&self, backchannel: impl Fn(usize) -> bool) -> Option<Stretch> {
        self.longest_stretch(|speaker, rep| (!rep).then_some(speaker), backchannel)
    }

    /// The longest stretch where one party holds the floor: consecutive
    /// turns with the same `party` (from a speaker and whether they are the
    /// rep; `None` for speakers who are not counted), bridged by other
    /// speakers' short acknowledgements (`backchannel`, given a turn's
    /// index). On the time basis it lasts from its first word to its last;
    /// on the words basis it counts the party's words.
    pub fn longest_stretch(
        &self,
        party: impl Fn(usize, bool) -> Option<usize>,
        backchannel: impl Fn(usize) -> bool,
    ) -> Option<Stretch> {
        let mut best: Option<Stretch> = None;
        // The party holding the floor, and its first and last turn.
        let mut run: Option<(usize, usize, usize)> = None;
        let consider = |run: Option<(usize, usize, usize)>, best: &mut Option<Stretch>| {
            if let Some((p, a, b)) = run {
                let s = self.stretch(&party, p, a, b);
                if best.as_ref().is_none_or(|x| s.amount > x.amount) {
                    *best = Some(s);
                }
            }
        };
        for (i, t) in self.turns.iter().enumerate() {
            let p = party(t.speaker, t.rep);
            match run {
                Some((q, a, _)) if p == Some(q) => run = Some((q, a, i)),
                Some(_) if backchannel(i) => {}
                _ => {
                    consider(run.take(), &mut best);
                    run = p.map(|p| (p, i, i));
                }
            }
        }
        consider(run, &mut best);
        best
    }

    /// The stretch of party `p` from turn `a` to turn `b`.
    fn stretch(
        &self,
        party: impl Fn(usize, bool) -> Option<usize>,
        p: usize,
        a: usize,
        b: usize,
    ) -> Stretch {
        let segs = &self.segments[self.turns[a].segments.start..self.turns[b].segments.end];
        let side = || segs.iter().filter(|s| party(s.speaker, s.rep) == Some(p));
        let first = side().next();
        let last = side().next_back();
        let span = match (first, last) {
            (Some(f), Some(l)) => f.span.start..l.span.end,
            _ => 0..0,
        };
        let amount = match self.basis {
            Basis::Words => side().map(|s| s.words as f64).sum(),
            Basis::Time => match (first.and_then(|f| f.time), last.and_then(|l| l.time)) {
                (Some((s, _)), Some((_, e))) if e >= s => e - s,
                _ => side().map(Segment::seconds).sum(),
            },
        };
        Stretch { amount, span }
    }

    /// The text of a turn, its segments joined by spaces.
    pub fn turn_text(&self, doc: &Document, t: &Turn) -> String {
        let mut out = String::new();
        for s in &self.segments[t.segments.clone()] {
            out.push_str(&doc.text[s.span.clone()]);
            out.push(' ');
        }
        out
    }

    /// The metrics every talk check reports: basis, turns, speakers, call
    /// length and interactivity.
    fn base_metrics(&self) -> Vec<(&'static str, Value)> {
        let number = |n: Option<f64>, places: i32| {
            n.filter(|n| n.is_finite()).map_or(Value::None, |n| {
                let k = 10f64.powi(places);
                Value::Number((n * k).round() / k)
            })
        };
        vec![
            ("talk_basis", Value::Level(self.basis.name().into())),
            ("turns", Value::Number(self.turns.len() as f64)),
            ("speakers", Value::Number(self.speakers() as f64)),
            (
                "call_seconds",
                number(self.span_seconds.map(|(a, b)| b - a), 0),
            ),
            ("interactivity", number(self.interactivity(), 2)),
        ]
    }
}

/// Rounds to `places` decimals.
fn round(n: f64, places: i32) -> f64 {
    let k = 10f64.powi(places);
    (n * k).round() / k
}

/// The rule's message for a status with `{value}`, `{target}` and the extra
/// placeholders filled in.
fn message(ctx: &Ctx, status: Status, value: &str, extra: &[(&str, String)]) -> String {
    let m = &ctx.spec.messages;
    let mut s = match status {
        Status::Pass => m.pass.clone(),
        Status::Warn => m.warn.clone(),
        Status::Fail => m.fail.clone(),
        Status::Skip => m.skip.clone(),
    };
    s = s
        .replace("{value}", value)
        .replace("{target}", &ctx.profile.target);
    for (k, v) in extra {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// A skip with the metrics measured so far.
fn skip_with(message: impl Into<String>, metrics: Vec<(&'static str, Value)>) -> Measure {
    let mut m = Measure::skip(message);
    m.metrics = metrics;
    m
}

/// The compiled `talk-ratio` check: the rep's share of the talk, by time or
/// by words. Also reports the call's basis, turns, speakers, length and
/// interactivity.
#[derive(Debug)]
pub struct TalkRatio {
    lex: Lexicon,
}

impl TalkRatio {
    /// Compiles the check; it uses no lists.
    pub fn new() -> TalkRatio {
        TalkRatio {
            lex: Lexicon::default(),
        }
    }
}

impl Default for TalkRatio {
    fn default() -> TalkRatio {
        TalkRatio::new()
    }
}

impl Check for TalkRatio {
    fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    fn measure(&self, ctx: &Ctx) -> Measure {
        let doc = ctx.doc;
        let talk = ctx.talk();
        let mut metrics = talk.base_metrics();
        if doc.needs_rep() {
            metrics.push(("talk_share", Value::None));
            let mut m = Measure::rep_unknown("measure their share of the talk");
            m.metrics = metrics;
            return m;
        }
        let total = talk.total();
        if talk.speakers() < 2 || total <= 0.0 {
            metrics.push(("talk_share", Value::None));
            return skip_with(
                "Fewer than two speakers talk: there is no share to measure.",
                metrics,
            );
        }
        let share = round(talk.rep_total() / total, 3);
        metrics.push(("talk_share", Value::Number(share)));
        let status = ctx.profile.band(share);
        let mut m = Measure::new(status, Value::Number(share));
        m.metrics = metrics;
        let percent = format!("{:.0}", share * 100.0);
        m.message = Some(message(
            ctx,
            status,
            &format!("{share}"),
            &[
                ("percent", percent),
                ("basis", talk.basis.name().to_string()),
            ],
        ));
        if status != Status::Pass {
            m.findings.extend(heaviest_third(ctx, talk));
        }
        m
    }
}

/// A finding on the third of the call where the rep's share of the talk is
/// highest, from the rep's first words in it to their last.
fn heaviest_third(ctx: &Ctx, talk: &Talk) -> Option<crate::outcome::Finding> {
    let doc = ctx.doc;
    let mut rep = [0.0f64; 3];
    let mut all = [0.0f64; 3];
    let mut spans: [Option<Range<usize>>; 3] = [None, None, None];
    for seg in &talk.segments {
        let mid = (seg.span.start + seg.span.end) / 2;
        let third = ((talk.position(doc, mid) * 3.0) as usize).min(2);
        let amount = talk.amount(seg);
        all[third] += amount;
        if seg.rep {
            rep[third] += amount;
            let span = spans[third].get_or_insert(seg.span.clone());
            span.end = seg.span.end;
        }
    }
    let share = |i: usize| if all[i] > 0.0 { rep[i] / all[i] } else { 0.0 };
    let best = (0..3).max_by(|&a, &b| share(a).total_cmp(&share(b)))?;
    let span = spans[best].clone()?;
    ctx.finding("heavy", span, (share(best) * 100.0).round() as usize)
}

/// Backchannel phrases ("mm-hmm", "yeah", "right"), each as its words.
fn phrase_words(spec: &RuleSpec, name: &str) -> Result<Vec<Vec<String>>, String> {
    let list = spec
        .lists
        .get(name)
        .ok_or_else(|| format!("check needs a list named `{name}` in [lists]"))?;
    let mut out: Vec<Vec<String>> = list
        .iter()
        .map(|p| {
            p.to_lowercase()
                .replace('\u{2019}', "'")
                .unicode_words()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    out.sort_by_key(|w| std::cmp::Reverse(w.len()));
    Ok(out)
}

/// The most words a backchannel turn has.
const BACKCHANNEL_WORDS: usize = 6;

/// True when `text` is nothing but backchannel phrases ("Mm-hmm.", "Yeah,
/// right."), once annotations in brackets or braces (`{vocalsound}`,
/// `[laughs]`) are left out.
fn is_backchannel(text: &str, phrases: &[Vec<String>]) -> bool {
    let mut clean = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '[' | '{' | '(' => depth += 1,
            ']' | '}' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => clean.extend(c.to_lowercase()),
            _ => {}
        }
    }
    let clean = clean.replace('\u{2019}', "'");
    let words: Vec<&str> = crate::words::words(&clean).collect();
    if words.is_empty() || words.len() > BACKCHANNEL_WORDS {
        return false;
    }
    let mut i = 0;
    while i < words.len() {
        let rest = &words[i..];
        match phrases
            .iter()
            .find(|p| p.len() <= rest.len() && p.iter().zip(rest).all(|(a, b)| a == b))
        {
            Some(p) => i += p.len(),
            None => return false,
        }
    }
    true
}

/// The compiled `monologue` check: the rep's longest stretch of talk, the
/// customer's short acknowledgements ("mm-hmm") not breaking it. Also
/// reports the customer's longest stretch.
#[derive(Debug)]
pub struct Monologue {
    lex: Lexicon,
    backchannels: Vec<Vec<String>>,
}

impl Monologue {
    /// Compiles the check from its rule (`backchannels` list).
    pub fn new(spec: &RuleSpec) -> Result<Monologue, String> {
        Ok(Monologue {
            lex: Lexicon::default(),
            backchannels: phrase_words(spec, "backchannels")?,
        })
    }
}

impl Check for Monologue {
    fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    fn measure(&self, ctx: &Ctx) -> Measure {
        let doc = ctx.doc;
        let talk = ctx.talk();
        let mut metrics = talk.base_metrics();
        // A short acknowledgement does not take the floor, unless it answers
        // a question ("Is that a problem?" "No.").
        let backchannel = |i: usize| {
            let asked = i
                .checked_sub(1)
                .and_then(|p| talk.turns.get(p))
                .and_then(|p| talk.segments.get(p.segments.end.saturating_sub(1)))
                .is_some_and(|seg| doc.text[seg.span.clone()].trim_end().ends_with('?'));
            !asked
                && talk
                    .turns
                    .get(i)
                    .is_some_and(|t| is_backchannel(&talk.turn_text(doc, t), &self.backchannels))
        };
        let places = if talk.basis == Basis::Time { 1 } else { 0 };
        let as_value = |s: &Option<Stretch>| {
            s.as_ref()
                .map_or(Value::None, |s| Value::Number(round(s.amount, places)))
        };
        if doc.needs_rep() {
            metrics.push(("longest_monologue", Value::None));
            metrics.push(("longest_customer_stretch", Value::None));
            let mut m = Measure::rep_unknown("measure their longest monologue");
            m.metrics = metrics;
            return m;
        }
        let rep = talk.longest_monologue(backchannel);
        let customer = talk.longest_customer_stretch(backchannel);
        metrics.push(("longest_monologue", as_value(&rep)));
        metrics.push(("longest_customer_stretch", as_value(&customer)));
        let Some(rep) = rep else {
            return skip_with("The rep says nothing in this transcript.", metrics);
        };
        let amount = round(rep.amount, places);
        let seconds = match talk.basis {
            Basis::Time => amount,
            Basis::Words => amount * SECONDS_PER_WORD,
        };
        let status = ctx.profile.band(seconds);
        let mut m = Measure::new(status, Value::Number(amount));
        m.metrics = metrics;
        let shown = crate::analyze::format_number(amount);
        let minutes = format!("{:.1}", seconds / 60.0);
        m.message = Some(message(
            ctx,
            status,
            &shown,
            &[
                ("unit", talk.basis.unit().to_string()),
                ("minutes", minutes),
            ],
        ));
        let kind = match talk.basis {
            Basis::Time => "long-time",
            Basis::Words => "long-words",
        };
        if status != Status::Pass {
            m.findings
                .extend(ctx.finding(kind, rep.span.clone(), amount.round() as usize));
        }
        m.evidence.push(Evidence {
            kind: "monologue",
            span: rep.span,
        });
        m
    }
}

/// The compiled `question-spread` check: where the rep's questions fall,
/// by thirds of the call, and the share asked in the first third. Questions
/// are found by the `questions` detector, with the rule's own lists when it
/// has them and the default `relevance/questions` rule's lists otherwise.
#[derive(Debug)]
pub struct QuestionSpread {
    questions: Questions,
}

/// The fewest questions whose spread is judged.
const MIN_QUESTIONS: usize = 3;

impl QuestionSpread {
    /// Compiles the check from its rule, whose lists are the question
    /// detector's: the pack lends it those of `relevance/questions` (a user's
    /// override included) when the rule file has none of its own.
    pub fn new(spec: &RuleSpec) -> Result<QuestionSpread, String> {
        if !spec.lists.contains_key("wh") {
            return Err(
                "needs the question detector's lists: keep relevance/questions in the pack or give this rule its own lists"
                    .into(),
            );
        }

        Ok(QuestionSpread {
            questions: Questions::new(spec)?,
        })
    }
}

impl Check for QuestionSpread {
    fn lexicon(&self) -> &Lexicon {
        self.questions.lexicon()
    }

    fn measure(&self, ctx: &Ctx) -> Measure {
        let doc = ctx.doc;
        if doc.needs_rep() {
            let mut m = Measure::rep_unknown("see where their questions fall");
            m.metrics = vec![
                ("questions_first_third", Value::None),
                ("questions_middle_third", Value::None),
                ("questions_last_third", Value::None),
            ];
            return m;
        }
        let talk = ctx.talk();
        let asked = self.questions.measure(ctx).evidence;
        let mut thirds = [0usize; 3];
        let mut evidence = Vec::with_capacity(asked.len());
        let mut last_early = None;
        for e in asked {
            let third = ((talk.position(doc, e.span.start) * 3.0) as usize).min(2);
            thirds[third] += 1;
            if third == 0 {
                last_early = Some(e.span.clone());
            }
            evidence.push(Evidence {
                kind: ["first-third", "middle-third", "last-third"][third],
                span: e.span,
            });
        }
        let mut metrics = vec![("talk_basis", Value::Level(talk.basis.name().into()))];
        for (name, n) in [
            "questions_first_third",
            "questions_middle_third",
            "questions_last_third",
        ]
        .into_iter()
        .zip(thirds)
        {
            metrics.push((name, Value::Number(n as f64)));
        }
        let count: usize = thirds.iter().sum();
        if count < MIN_QUESTIONS {
            let mut m = skip_with(
                format!(
                    "{count} question(s) from the rep: too few to judge their spread (needs {MIN_QUESTIONS})."
                ),
                metrics,
            );
            m.evidence = evidence;
            return m;
        }
        let share = round(thirds[0] as f64 / count as f64, 3);
        let status = ctx.profile.band(share);
        let mut m = Measure::new(status, Value::Number(share));
        m.metrics = metrics;
        m.evidence = evidence;
        m.message = Some(message(
            ctx,
            status,
            &format!("{share}"),
            &[
                ("first", thirds[0].to_string()),
                ("middle", thirds[1].to_string()),
                ("last", thirds[2].to_string()),
                ("count", count.to_string()),
                ("basis", talk.basis.name().to_string()),
            ],
        ));
        if status != Status::Pass
            && let Some(span) = last_early
        {
            m.findings
                .extend(ctx.finding("front-loaded", span, thirds[0]));
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backchannels() {
        let p = vec![
            vec!["mm".to_string(), "hmm".to_string()],
            vec!["yeah".to_string()],
            vec!["right".to_string()],
        ];
        assert!(is_backchannel("Mm-hmm . {vocalsound}", &p));
        assert!(is_backchannel("Yeah, right.", &p));
        assert!(!is_backchannel("Yeah, but what about price?", &p));
        assert!(!is_backchannel("{vocalsound}", &p));
    }
}
