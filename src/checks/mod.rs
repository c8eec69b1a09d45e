//! The check kinds that rules are built on. A check measures a document and
//! returns a verdict; its phrase lists, thresholds and messages come from the
//! rule file.

use std::fmt::Debug;

use crate::document::{Document, Sentence};
use crate::lexicon::{self, Hit, Lexicon, ListId};
use crate::outcome::{Evidence, Finding, Status, Value};
use crate::rule::{ProfileSpec, RuleSpec};

pub mod agenda;
pub mod clarity;
pub mod next_step;
pub mod phrases;
pub mod questions;
pub mod self_focus;
pub mod talk;

/// What a check measured on a document.
#[derive(Debug, Clone)]
pub struct Measure {
    /// The verdict.
    pub status: Status,
    /// A continuous score in 0..=1, when the check defines one.
    pub score: Option<f64>,
    /// The measured value.
    pub value: Value,
    /// What the check counted.
    pub evidence: Vec<Evidence>,
    /// What the check points at.
    pub findings: Vec<Finding>,
    /// Replaces the status message (for skips with a specific reason).
    pub message: Option<String>,
    /// Named metrics for the document (`questions`, `self_share`...).
    pub metrics: Vec<(&'static str, Value)>,
    /// Replaces the profile's target, for a check that judged the document
    /// by other thresholds (a case of the profile).
    pub target: Option<String>,
}

impl Measure {
    /// A measure with a status and value and nothing else.
    pub fn new(status: Status, value: Value) -> Measure {
        Measure {
            status,
            score: None,
            value,
            evidence: Vec::new(),
            findings: Vec::new(),
            message: None,
            metrics: Vec::new(),
            target: None,
        }
    }
}

impl Measure {
    /// A skip with a reason of its own.
    pub fn skip(message: impl Into<String>) -> Measure {
        let mut m = Measure::new(Status::Skip, Value::None);
        m.message = Some(message.into());
        m
    }

    /// The skip of a rule about the rep when a transcript names no rep;
    /// `what` says what the rule would have done ("count their questions").
    pub fn rep_unknown(what: &str) -> Measure {
        Measure::skip(format!("rep unknown: name the rep with --rep to {what}"))
    }
}

/// Everything a check sees of one document.
pub struct Ctx<'a> {
    /// The document.
    pub doc: &'a Document,
    /// The rule.
    pub spec: &'a RuleSpec,
    /// The rule's thresholds for the document's profile.
    pub profile: &'a ProfileSpec,
    /// Every hit of the rule's lists in the document, sorted by start.
    pub hits: &'a [Hit],
    /// What several rules derive from the same document, computed once.
    pub shared: &'a Shared,
}

/// Derived views of one document that several rules use, computed on first
/// use and shared by the rules of one analysis.
#[derive(Debug, Default)]
pub struct Shared {
    talk: std::sync::OnceLock<talk::Talk>,
}

impl<'a> Ctx<'a> {
    /// Who talked when: turns, shares and stretches of the conversation.
    pub fn talk(&self) -> &talk::Talk {
        self.shared.talk.get_or_init(|| talk::Talk::of(self.doc))
    }

    /// The hits of every list within a sentence: found once (two binary
    /// searches) when a check asks about several lists of one sentence.
    pub fn sentence_hits(&self, s: &Sentence) -> &'a [Hit] {
        lexicon::hits_in(self.hits, s.span.start, s.span.end)
    }

    /// The hits of list `list` within a sentence.
    pub fn hits_of<'s>(&'s self, s: &Sentence, list: ListId) -> impl Iterator<Item = &'s Hit> {
        self.sentence_hits(s).iter().filter(move |h| h.list == list)
    }

    /// The first hit of list `list` within a sentence.
    pub fn first(&self, s: &Sentence, list: ListId) -> Option<Hit> {
        self.hits_of(s, list).next().copied()
    }

    /// True when list `list` matches within a sentence.
    pub fn has(&self, s: &Sentence, list: ListId) -> bool {
        self.first(s, list).is_some()
    }

    /// A finding of the named kind from the rule file, with `{text}` and
    /// `{count}` filled in (in one pass: a text that holds `{count}` keeps
    /// it).
    pub fn finding(
        &self,
        kind: &str,
        span: std::ops::Range<usize>,
        count: usize,
    ) -> Option<Finding> {
        let f = self.spec.findings.get(kind)?;
        let text = self.doc.text[span.clone()].trim();
        let count = count.to_string();
        let fill = |s: &str| crate::rule::fill(s, &[("{text}", text), ("{count}", &count)]);
        Some(Finding {
            rule: self.spec.id.clone(),
            severity: f.severity.unwrap_or(self.spec.severity),
            message: fill(&f.message),
            span,
            suggestion: f.suggestion.as_deref().map(fill),
        })
    }
}

/// A compiled check kind.
pub trait Check: Debug + Send + Sync {
    /// The lexicon of the rule's lists.
    fn lexicon(&self) -> &Lexicon;
    /// Measures a document.
    fn measure(&self, ctx: &Ctx) -> Measure;
}

/// Looks up a list the check needs, with an error naming it.
pub(crate) fn need(lex: &Lexicon, name: &str) -> Result<ListId, String> {
    lex.id(name)
        .ok_or_else(|| format!("check needs a list named `{name}` in [lists] or [patterns]"))
}

/// Builds the check a rule's `kind` names.
pub fn compile(spec: &RuleSpec) -> Result<Box<dyn Check>, String> {
    let generic = phrases::KINDS.contains(&spec.kind.as_str());
    if !generic && !spec.sequences.is_empty() {
        return Err(format!(
            "`[sequences]` are read by the generic kinds ({}), not `{}`",
            phrases::KINDS.join(", "),
            spec.kind
        ));
    }
    for (profile, p) in &spec.profiles {
        let allowed: &[&str] = match spec.kind.as_str() {
            "agenda" => &["meeting"],
            k if phrases::KINDS.contains(&k) => &["reply"],
            _ => &[],
        };
        if let Some(w) = &p.only_when
            && !allowed.contains(&w.as_str())
        {
            return Err(format!(
                "profile {profile}: kind `{}` does not know `only_when = \"{w}\"` \
                 (it knows: {})",
                spec.kind,
                if allowed.is_empty() {
                    "nothing".to_string()
                } else {
                    allowed.join(", ")
                }
            ));
        }
        if generic && spec.kind != "presence" {
            if p.bands.is_empty() && p.min.is_none() && p.max.is_none() {
                return Err(format!(
                    "profile {profile}: kind `{}` needs `bands` (or `min` / `max`)",
                    spec.kind
                ));
            }
            continue;
        }
        if (p.min.is_some() || p.max.is_some()) && !generic {
            return Err(format!(
                "profile {profile}: `min` / `max` are read by the generic counting kinds \
                 only; kind `{}` uses `bands`",
                spec.kind
            ));
        }
        let needs_bands = matches!(
            spec.kind.as_str(),
            "questions"
                | "self-focus"
                | "talk-ratio"
                | "monologue"
                | "question-spread"
                | "word-count"
                | "reading-grade"
                | "subject"
        );
        if needs_bands && p.bands.is_empty() {
            return Err(format!(
                "profile {profile}: kind `{}` needs `bands`",
                spec.kind
            ));
        }
        if !needs_bands && p.levels.is_empty() {
            return Err(format!(
                "profile {profile}: kind `{}` needs `levels`",
                spec.kind
            ));
        }
    }
    if generic {
        phrases::validate(spec)?;
        return Ok(Box::new(phrases::Phrases::new(spec)?));
    }
    if spec.kind == "questions" {
        return Ok(Box::new(questions::Questions::new(spec)?));
    }
    let lex = Lexicon::compile(&spec.lists, &spec.patterns).map_err(|e| e.to_string())?;
    match spec.kind.as_str() {
        "agenda" => Ok(Box::new(agenda::Agenda::new(lex)?)),
        "next-step" => Ok(Box::new(next_step::NextStep::new(lex)?)),
        "self-focus" => Ok(Box::new(self_focus::SelfFocus::new(lex)?)),
        "talk-ratio" => Ok(Box::new(talk::TalkRatio::new())),
        "monologue" => Ok(Box::new(talk::Monologue::new(spec)?)),
        "question-spread" => Ok(Box::new(talk::QuestionSpread::new(spec)?)),
        "word-count" => Ok(Box::new(clarity::WordCount::new(lex, spec)?)),
        "reading-grade" => Ok(Box::new(clarity::ReadingGrade::default())),
        "subject" => Ok(Box::new(clarity::Subject::default())),
        other => Err(format!(
            "unknown kind `{other}` (expected one of: agenda, monologue, next-step, \
             question-spread, questions, reading-grade, self-focus, subject, talk-ratio, \
             word-count; generic: {})",
            phrases::KINDS.join(", ")
        )),
    }
}
