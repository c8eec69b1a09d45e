//! The generic check kinds: rules built from phrase lists alone, with no
//! code of their own.
//!
//! | kind           | lists                       | value                         | verdict          |
//! |----------------|-----------------------------|-------------------------------|------------------|
//! | `existence`    | any list with a finding     | hits (softened ones excluded) | bands            |
//! | `substitution` | `[substitutions]`           | hits                          | bands            |
//! | `count`        | `match`                     | hits, or hits per 100 words   | bands or min/max |
//! | `ratio`        | `numerator`, `denominator`  | n / (n + d)                   | bands            |
//! | `presence`     | `match`                     | `present` / `absent`          | levels           |
//! | `unless`       | `condition`, `unless`       | conditions left unanswered    | bands            |
//!
//! Each reads the author's sentences in the rule's `scope`. In every counted
//! kind, a finding whose severity is `error` fails the rule whatever the
//! bands say.

use std::collections::{BTreeMap, HashMap};

use super::{Check, Ctx, Measure, need};
use crate::document::{Block, Sentence};
use crate::lexicon::{Hit, Lexicon, ListId, Policy};
use crate::outcome::{Evidence, Finding, Severity, Status, Value};
use crate::rule::{Per, RuleSpec, Scope, Within};

/// The names of the generic kinds.
pub const KINDS: &[&str] = &[
    "count",
    "existence",
    "presence",
    "ratio",
    "substitution",
    "unless",
];

/// The list a `substitution` rule's phrases are compiled into.
const SUBSTITUTE: &str = "substitute";

/// What a generic check does with its lists.
#[derive(Debug)]
enum Mode {
    Existence {
        /// Lists searched, each with the finding kind of the same name.
        searched: Vec<(ListId, String)>,
        soften: Option<ListId>,
    },
    Substitution {
        list: ListId,
        /// Lower-cased phrase (straight apostrophes) -> replacement.
        replacements: HashMap<String, String>,
    },
    Count {
        list: ListId,
        per: Per,
    },
    Ratio {
        numerator: ListId,
        denominator: ListId,
    },
    /// `match`, and the names from the run (`prospect_names`,
    /// `self_names`) when the rule lists them.
    Presence {
        lists: Vec<ListId>,
    },
    Unless {
        condition: ListId,
        unless: ListId,
        /// Answers that count only in the condition's own sentence.
        same_sentence: Option<ListId>,
    },
}

/// A compiled generic check.
#[derive(Debug)]
pub struct Phrases {
    lex: Lexicon,
    mode: Mode,
    scope: Scope,
    within: Within,
    nearby: usize,
    nearby_before: usize,
    match_case: bool,
    when_absent: Option<Status>,
    /// Phrases that show an email follows earlier contact (`only_when =
    /// "reply"` then applies without a Re: subject or a quoted thread).
    earlier_contact: Option<ListId>,
}

/// Folds a phrase the way the lexicon compares it.
fn fold(s: &str, match_case: bool) -> String {
    let s = s.trim().replace('\u{2019}', "'");
    if match_case {
        s
    } else {
        s.to_ascii_lowercase()
    }
}

impl Phrases {
    /// Compiles a rule of one of the generic [`KINDS`].
    pub fn new(spec: &RuleSpec) -> Result<Phrases, String> {
        let o = &spec.options;
        let policy = Policy {
            match_case: o.match_case,
            word_boundary: o.word_boundary,
        };
        let mut lists = spec.lists.clone();
        if spec.kind == "substitution" {
            if spec.substitutions.is_empty() {
                return Err("kind `substitution` needs a `[substitutions]` table".into());
            }
            if spec.lists.contains_key(SUBSTITUTE) || spec.patterns.contains_key(SUBSTITUTE) {
                return Err(format!(
                    "kind `substitution` builds the list `{SUBSTITUTE}` from [substitutions]; \
                     rename the list of that name"
                ));
            }
            lists.insert(
                SUBSTITUTE.to_string(),
                spec.substitutions.keys().cloned().collect(),
            );
        } else if !spec.substitutions.is_empty() {
            return Err(format!(
                "`[substitutions]` is only read by kind `substitution`, not `{}`",
                spec.kind
            ));
        }
        let lex = Lexicon::compile_full(&lists, &spec.patterns, &spec.sequences, policy)
            .map_err(|e| e.to_string())?;
        let finding = |kind: &str| -> Result<(), String> {
            if spec.findings.contains_key(kind) {
                Ok(())
            } else {
                Err(format!(
                    "kind `{}` needs a `[findings.{kind}]` message",
                    spec.kind
                ))
            }
        };
        let mode = match spec.kind.as_str() {
            "existence" => {
                let searched: Vec<(ListId, String)> = spec
                    .findings
                    .keys()
                    .filter(|k| k.as_str() != "softened")
                    .filter_map(|k| lex.id(k).map(|id| (id, k.clone())))
                    .collect();
                if searched.is_empty() {
                    return Err("kind `existence` searches the lists that have a \
                                `[findings.<list>]` entry of the same name; none has one"
                        .into());
                }
                Mode::Existence {
                    searched,
                    soften: lex.id("soften"),
                }
            }
            "substitution" => {
                finding(SUBSTITUTE)?;
                Mode::Substitution {
                    list: need(&lex, SUBSTITUTE)?,
                    replacements: spec
                        .substitutions
                        .iter()
                        .map(|(k, v)| (fold(k, o.match_case), v.clone()))
                        .collect(),
                }
            }
            "count" => Mode::Count {
                list: need(&lex, "match")?,
                per: o.per,
            },
            "ratio" => Mode::Ratio {
                numerator: need(&lex, "numerator")?,
                denominator: need(&lex, "denominator")?,
            },
            "presence" => Mode::Presence {
                lists: std::iter::once(need(&lex, "match")?)
                    .chain(
                        ["prospect_names", "self_names"]
                            .iter()
                            .filter_map(|n| lex.id(n)),
                    )
                    .collect(),
            },
            "unless" => {
                finding("condition")?;
                Mode::Unless {
                    condition: need(&lex, "condition")?,
                    unless: need(&lex, "unless")?,
                    same_sentence: lex.id("unless_same_sentence"),
                }
            }
            other => return Err(format!("`{other}` is not a generic kind")),
        };
        let earlier_contact = lex.id("earlier_contact");
        Ok(Phrases {
            lex,
            mode,
            scope: o.scope,
            within: o.within,
            nearby: o.nearby,
            nearby_before: o.nearby_before,
            match_case: o.match_case,
            when_absent: o.when_absent,
            earlier_contact,
        })
    }

    /// The author's sentences in the rule's scope, in order.
    fn sentences<'d>(&self, ctx: &Ctx<'d>) -> Vec<&'d Sentence> {
        let all: Vec<&Sentence> = ctx.doc.author_sentences().map(|(_, s)| s).collect();
        let third = all.len().div_ceil(3);
        match self.scope {
            Scope::Author => all,
            Scope::Body => all
                .into_iter()
                .filter(|s| s.block != Block::Subject)
                .collect(),
            Scope::Opening => all[..third].to_vec(),
            Scope::Closing => all[all.len() - third..].to_vec(),
        }
    }
}

/// The hits of `list` among a sentence's `hits`, leaving out a hit that
/// overlaps the one before it ("following up on my last email" inside "just
/// following up on my last email" is one hit, not two).
fn distinct(hits: &[Hit], list: ListId) -> impl Iterator<Item = &Hit> {
    let mut end = 0;
    hits.iter()
        .filter(move |h| h.list == list)
        .filter(move |h| {
            let keep = h.start() >= end;
            if keep {
                end = h.end();
            }
            keep
        })
}

/// For each sentence, how many of `sentences` before it have a hit of
/// `list` (one more entry than sentences): whether any sentence in `i..j`
/// has one is `marks[j] > marks[i]`. Four bytes a sentence, however many
/// hits: a large document has millions of sentences.
fn marks(ctx: &Ctx, sentences: &[&Sentence], list: ListId) -> Vec<u32> {
    let mut out = Vec::with_capacity(sentences.len() + 1);
    let mut n = 0u32;
    out.push(n);
    for s in sentences {
        n += u32::from(ctx.has(s, list));
        out.push(n);
    }
    out
}

/// The status for a counted value: the profile's bands, failed outright by
/// an error-severity finding.
fn judged(ctx: &Ctx, value: f64, findings: &[Finding]) -> Status {
    if findings.iter().any(|f| f.severity == Severity::Error) {
        Status::Fail
    } else {
        ctx.profile.band(value)
    }
}

impl Check for Phrases {
    fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    fn measure(&self, ctx: &Ctx) -> Measure {
        let mut m = self.measure_mode(ctx);
        let counted = !matches!(self.mode, Mode::Presence { .. } | Mode::Ratio { .. });
        if let Some(status) = self.when_absent
            && counted
            && m.status != Status::Skip
            && m.evidence.is_empty()
        {
            m.status = status;
        }
        m
    }
}

impl Phrases {
    /// Measures a document by the rule's kind.
    fn measure_mode(&self, ctx: &Ctx) -> Measure {
        let doc = ctx.doc;
        if doc.needs_rep() {
            return Measure::rep_unknown("read what they say");
        }
        if ctx.profile.only_when.as_deref() == Some("reply")
            && !doc.is_reply()
            && !self
                .earlier_contact
                .is_some_and(|l| doc.author_sentences().any(|(_, s)| ctx.has(s, l)))
        {
            return Measure::skip(
                "Not a reply or follow-up (no Re:/Fwd: subject, no quoted thread, no mention of \
                 earlier contact), so not scored.",
            );
        }
        let sentences = self.sentences(ctx);
        let mut evidence = Vec::new();
        let mut findings = Vec::new();
        let ev = |kind: &'static str, h: &Hit| Evidence {
            kind,
            span: h.start()..h.end(),
        };
        match &self.mode {
            Mode::Existence { searched, soften } => {
                let mut counted = 0usize;
                for s in &sentences {
                    let hits = ctx.sentence_hits(s);
                    let softened = soften.is_some_and(|l| hits.iter().any(|h| h.list == l));
                    for (list, kind) in searched {
                        for h in distinct(hits, *list) {
                            if softened {
                                evidence.push(ev("softened", h));
                                let f =
                                    ctx.finding("softened", h.start()..h.end(), 1).or_else(|| {
                                        ctx.finding(kind, h.start()..h.end(), 1).map(|mut f| {
                                            f.severity = Severity::Info;
                                            f
                                        })
                                    });
                                findings.extend(f);
                            } else {
                                counted += 1;
                                evidence.push(ev("match", h));
                                findings.extend(ctx.finding(kind, h.start()..h.end(), 1));
                            }
                        }
                    }
                }
                let value = counted as f64;
                let counted_findings: Vec<Finding> = findings
                    .iter()
                    .filter(|f| f.severity != Severity::Info)
                    .cloned()
                    .collect();
                let mut m =
                    Measure::new(judged(ctx, value, &counted_findings), Value::Number(value));
                m.evidence = evidence;
                m.findings = findings;
                m
            }
            Mode::Substitution { list, replacements } => {
                for s in &sentences {
                    for h in distinct(ctx.sentence_hits(s), *list) {
                        evidence.push(ev("match", h));
                        let key = fold(&doc.flat[h.start()..h.end()], self.match_case);
                        let replacement = replacements.get(&key).map_or("", String::as_str);
                        findings.extend(ctx.finding(SUBSTITUTE, h.start()..h.end(), 1).map(
                            |mut f| {
                                f.message = f.message.replace("{replacement}", replacement);
                                f.suggestion = f
                                    .suggestion
                                    .map(|t| t.replace("{replacement}", replacement));
                                f
                            },
                        ));
                    }
                }
                let value = evidence.len() as f64;
                let mut m = Measure::new(judged(ctx, value, &findings), Value::Number(value));
                m.evidence = evidence;
                m.findings = findings;
                m
            }
            Mode::Count { list, per } => {
                let mut hits = 0usize;
                let mut words = 0usize;
                for s in &sentences {
                    words += s.words;
                    for h in distinct(ctx.sentence_hits(s), *list) {
                        hits += 1;
                        evidence.push(ev("match", h));
                        findings.extend(ctx.finding("match", h.start()..h.end(), 1));
                    }
                }
                let value = match per {
                    Per::Document => hits as f64,
                    Per::HundredWords if words == 0 => {
                        return Measure::skip("No words to count in.");
                    }
                    Per::HundredWords => {
                        ((hits as f64 * 100.0 / words as f64) * 1000.0).round() / 1000.0
                    }
                };
                let mut m = Measure::new(judged(ctx, value, &findings), Value::Number(value));
                m.evidence = evidence;
                m.findings = findings;
                m
            }
            Mode::Ratio {
                numerator,
                denominator,
            } => {
                let (mut n, mut d) = (0usize, 0usize);
                for s in &sentences {
                    for h in ctx.hits_of(s, *numerator) {
                        n += 1;
                        evidence.push(ev("numerator", h));
                    }
                    for h in ctx.hits_of(s, *denominator) {
                        d += 1;
                        evidence.push(ev("denominator", h));
                    }
                }
                if n + d == 0 {
                    return Measure::skip("Neither list occurs; there is no ratio to weigh.");
                }
                let value = ((n as f64 / (n + d) as f64) * 1000.0).round() / 1000.0;
                let mut m = Measure::new(ctx.profile.band(value), Value::Number(value));
                m.evidence = evidence;
                m
            }
            Mode::Presence { lists } => {
                for s in &sentences {
                    let hits = crate::lexicon::hits_in(ctx.hits, s.span.start, s.span.end);
                    evidence.extend(
                        hits.iter()
                            .filter(|h| lists.contains(&h.list))
                            .map(|h| ev("match", h)),
                    );
                }
                let level = if evidence.is_empty() {
                    "absent"
                } else {
                    "present"
                };
                let status = ctx.profile.level(level);
                let mut m = Measure::new(status, Value::Level(level.into()));
                if level == "absent"
                    && status != Status::Pass
                    && let Some(first) = sentences.first()
                {
                    m.findings
                        .extend(ctx.finding("absent", first.span.start..first.span.start, 1));
                }
                m.evidence = evidence;
                m
            }
            Mode::Unless {
                condition,
                unless,
                same_sentence,
            } => {
                let rescues = marks(ctx, &sentences, *unless);
                let here = |i: usize| same_sentence.is_some_and(|l| ctx.has(sentences[i], l));
                let anywhere = rescues[sentences.len()] > 0;
                let mut open = 0usize;
                for (i, s) in sentences.iter().enumerate() {
                    let mut hits = ctx.hits_of(s, *condition).peekable();
                    if hits.peek().is_none() {
                        continue;
                    }
                    let answered = here(i)
                        || match self.within {
                            Within::Document => anywhere,
                            Within::Sentence => {
                                let lo = i.saturating_sub(self.nearby_before);
                                let hi = (i + self.nearby).min(sentences.len() - 1);
                                rescues[hi + 1] > rescues[lo]
                            }
                        };
                    for h in hits {
                        if answered {
                            evidence.push(ev("answered", h));
                        } else {
                            open += 1;
                            evidence.push(ev("condition", h));
                            findings.extend(ctx.finding("condition", h.start()..h.end(), 1));
                        }
                    }
                }
                let value = open as f64;
                let mut m = Measure::new(judged(ctx, value, &findings), Value::Number(value));
                m.evidence = evidence;
                m.findings = findings;
                m
            }
        }
    }
}

/// Checks the lists a generic rule names exist, for a clear error at load.
pub fn validate(spec: &RuleSpec) -> Result<(), String> {
    let known: BTreeMap<&str, ()> = spec
        .lists
        .keys()
        .chain(spec.patterns.keys())
        .map(|k| (k.as_str(), ()))
        .collect();
    if spec.kind == "existence" {
        for k in spec.findings.keys() {
            if k != "softened" && !known.contains_key(k.as_str()) {
                return Err(format!(
                    "`[findings.{k}]` has no list `{k}` to search (kind `existence` pairs \
                     each finding with the list of the same name)"
                ));
            }
        }
    }
    Ok(())
}
