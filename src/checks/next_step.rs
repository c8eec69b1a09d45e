//! `next-step`: does the text end with a concrete next step (an action with a
//! time or owner), a vague call to action, or none?

use super::talk::Talk;
use super::{Check, Ctx, Measure, need};
use crate::document::{Block, Sentence};
use crate::lexicon::{Lexicon, ListId};
use crate::outcome::{Evidence, Value};
use crate::profile::Profile;

/// The compiled `next-step` check.
#[derive(Debug)]
pub struct NextStep {
    lex: Lexicon,
    time: ListId,
    action: ListId,
    meeting: ListId,
    vague: ListId,
    headings: ListId,
    owner: ListId,
    assignee: ListId,
    commitment: ListId,
    promise: ListId,
    metadata: ListId,
    quantity: ListId,
    agreement: ListId,
    negation: ListId,
}

impl NextStep {
    /// Compiles the check from its lexicon.
    pub fn new(lex: Lexicon) -> Result<NextStep, String> {
        Ok(NextStep {
            time: need(&lex, "time")?,
            action: need(&lex, "action")?,
            meeting: need(&lex, "meeting")?,
            vague: need(&lex, "vague")?,
            headings: need(&lex, "headings")?,
            owner: need(&lex, "owner")?,
            assignee: need(&lex, "assignee")?,
            commitment: need(&lex, "commitment")?,
            promise: need(&lex, "promise")?,
            metadata: need(&lex, "metadata")?,
            quantity: need(&lex, "quantity")?,
            agreement: need(&lex, "agreement")?,
            negation: need(&lex, "negation")?,
            lex,
        })
    }

    /// Proposals with a time or an amount ("Can we meet Thursday at 10?",
    /// "Could you put in $5?") that the next speaker agrees to ("Sure.").
    /// A proposal with only a time is read where `keep` accepts it.
    fn agreed_proposals(&self, ctx: &Ctx, keep: impl Fn(&Sentence) -> bool) -> Vec<Evidence> {
        let doc = ctx.doc;
        let mut found = Vec::new();
        for (i, s) in doc.sentences.iter().enumerate() {
            // A proposal with an amount counts anywhere; one with only a time
            // counts where `keep` says.
            let amount = ctx.has(s, self.quantity);
            let specific = amount || ctx.has(s, self.time) && keep(s);
            if s.speaker.is_none() || !specific {
                continue;
            }
            let proposes =
                doc.text[s.span.clone()].trim_end().ends_with('?') || ctx.has(s, self.action);
            // The reply: the first sentence of the next turn, by someone
            // else (a turn may run over several lines or cues).
            let reply = doc.sentences[i + 1..]
                .iter()
                .find(|r| r.block_index != s.block_index && r.speaker != s.speaker);
            if let Some(r) = reply
                && proposes
                && r.speaker.is_some()
                && ctx
                    .hits_of(r, self.agreement)
                    .any(|h| h.start() == r.span.start)
            {
                found.push(Evidence {
                    kind: "agreed",
                    span: s.span.start.min(r.span.start)..r.span.end,
                });
            }
        }
        found
    }

    fn under_next_steps_heading(&self, ctx: &Ctx, s: &Sentence) -> bool {
        s.section
            .and_then(|h| ctx.doc.sentences.get(h as usize))
            .is_some_and(|h| ctx.has(h, self.headings))
    }
}

impl Check for NextStep {
    fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    fn measure(&self, ctx: &Ctx) -> Measure {
        let doc = ctx.doc;
        let mut concrete = Vec::new();
        let mut vague = Vec::new();
        let mut findings = Vec::new();
        // Which sentences count: the author's (all turns when the rep is
        // unknown).
        let candidates: Vec<&Sentence> = if doc.needs_rep() {
            doc.sentences.iter().collect()
        } else {
            doc.author_sentences().map(|(_, s)| s).collect()
        };
        // In a transcript, the window is the closing share of the call, by
        // time when the transcript gives times and by words otherwise: the
        // opening ("today we'll cover...", "let's give people two minutes")
        // sets the agenda, not the next step.
        let talk = match (doc.profile, ctx.profile.window) {
            (Profile::Transcript, Some(w)) if w < 1.0 => Some((Talk::of(doc), 1.0 - w)),
            _ => None,
        };
        let in_window = |s: &Sentence| {
            talk.as_ref()
                .is_none_or(|(t, from)| t.position(doc, s.span.end) >= *from)
        };
        // Sentences since the last one that gave a time.
        let mut since_time = usize::MAX;
        for s in candidates {
            // The sentence's hits, found once for the lists asked about.
            let hits = ctx.sentence_hits(s);
            let of = |list| hits.iter().filter(move |h| h.list == list);
            let has = |list| of(list).next().is_some();
            // A line that records when this meeting happens (`Date: ...`,
            // `Meeting time: ...`): not a next step.
            let metadata = of(self.metadata).any(|h| h.start() == s.span.start);
            if s.block == Block::Subject || metadata {
                continue;
            }
            let has_time = has(self.time);
            let has_action = has(self.action) || has(self.meeting);
            let owned = has(self.owner) || has(self.commitment);
            // "Ann - send the deck", "Ann: review" at the start of a list item.
            // In notes a minutes line may open with its owner's handle too
            // ("@ann: please review").
            let assigned = of(self.assignee).any(|h| {
                h.start() == s.span.start
                    && (s.block == Block::Item
                        || (doc.profile == Profile::Notes
                            && doc.text[h.start()..].starts_with('@')))
            }) && (has_time || has_action);
            // "I will attend." opening a sentence shortly after the one that
            // gives the date.
            let promised = since_time <= 2 && of(self.promise).any(|h| h.start() == s.span.start);
            since_time = if has_time && s.block != Block::Heading {
                1
            } else {
                since_time.saturating_add(1)
            };
            let in_section = doc.profile == Profile::Notes
                && s.block != Block::Heading
                && self.under_next_steps_heading(ctx, s);
            // A heading with a date is a title ("Review, 14 March"), not a plan.
            let scheduled = has_time && has_action && s.block != Block::Heading;
            // Before the window, only a step with an owner counts: the opening
            // of a call is full of times that are about the call itself
            // ("today we'll start with...", "give people two minutes").
            let timed = (scheduled || promised) && in_window(s);
            if timed || owned || assigned || in_section {
                concrete.push(Evidence {
                    kind: "concrete",
                    span: s.span.clone(),
                });
            } else if let Some(h) = of(self.vague).next() {
                vague.push(Evidence {
                    kind: "vague",
                    span: s.span.clone(),
                });
                findings.extend(ctx.finding("vague", h.start()..h.end(), 1));
            }
        }
        // In a conversation, a commitment the prospect makes counts too, and
        // so does a specific proposal the other side agrees to.
        if concrete.is_empty() && doc.profile == Profile::Transcript {
            concrete.extend(
                doc.sentences
                    .iter()
                    .filter(|s| !doc.by_rep(s) && s.speaker.is_some())
                    .filter(|s| {
                        // "I'll take a look at the link." "I will do that."
                        ctx.has(s, self.commitment)
                            || (ctx
                                .hits_of(s, self.promise)
                                .any(|h| doc.text[s.span.start..h.start()].trim().len() <= 12)
                                && !ctx.has(s, self.negation))
                    })
                    .map(|s| Evidence {
                        kind: "commitment",
                        span: s.span.clone(),
                    }),
            );
            concrete.extend(self.agreed_proposals(ctx, in_window));
        }
        let level = if !concrete.is_empty() {
            "concrete"
        } else if !vague.is_empty() {
            "vague"
        } else {
            "none"
        };
        let mut m = Measure::new(ctx.profile.level(level), Value::Level(level.into()));
        // A vague phrase beside a concrete next step is fine.
        if level != "concrete" {
            m.findings = findings;
        }
        concrete.extend(vague);
        concrete.sort_by_key(|e| e.span.start);
        m.evidence = concrete;
        m
    }
}
