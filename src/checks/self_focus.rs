//! `self-focus`: the self-promotion ratio. Each sentence of the author is
//! sender-centred (about us, our company or our offer), reader-centred
//! (about the reader's situation, goals, people or problems, or asking about
//! them) or neither; `self_share` is the sender-centred share.

use super::{Check, Ctx, Measure, need};
use crate::document::{Block, Sentence};
use crate::lexicon::{Lexicon, ListId};
use crate::outcome::{Evidence, Value};
use crate::profile::Profile;

/// Which way a sentence faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// About the sender and their offer.
    Sender,
    /// About the reader's world.
    Reader,
    /// Neither, or balanced.
    Neutral,
}

/// The compiled `self-focus` check.
#[derive(Debug)]
pub struct SelfFocus {
    lex: Lexicon,
    self_refs: ListId,
    reader_refs: ListId,
    self_names: ListId,
    prospect_names: ListId,
    offer: ListId,
    commerce: ListId,
    boast: ListId,
    reader_world: ListId,
}

/// Counts for one sentence.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    self_refs: usize,
    reader_refs: usize,
    offer: usize,
    commerce: usize,
    boast: usize,
    world: usize,
    /// The sentence ends with "!": commercial words shout rather than inform.
    exclaims: bool,
}

impl SelfFocus {
    /// Compiles the check from its lexicon.
    pub fn new(lex: Lexicon) -> Result<SelfFocus, String> {
        Ok(SelfFocus {
            self_refs: need(&lex, "self_refs")?,
            reader_refs: need(&lex, "reader_refs")?,
            self_names: need(&lex, "self_names")?,
            prospect_names: need(&lex, "prospect_names")?,
            offer: need(&lex, "offer")?,
            commerce: need(&lex, "commerce")?,
            boast: need(&lex, "boast")?,
            reader_world: need(&lex, "reader_world")?,
            lex,
        })
    }

    fn tally(&self, ctx: &Ctx, s: &Sentence) -> Tally {
        let mut t = Tally {
            exclaims: ctx.doc.text[s.span.clone()].trim_end().ends_with('!'),
            ..Tally::default()
        };
        for h in crate::lexicon::hits_in(ctx.hits, s.span.start, s.span.end) {
            match h.list {
                l if l == self.self_refs => t.self_refs += 1,
                l if l == self.self_names => {
                    t.self_refs += 1;
                    t.offer += 1;
                }
                l if l == self.reader_refs || l == self.prospect_names => t.reader_refs += 1,
                l if l == self.offer => t.offer += 1,
                l if l == self.commerce => t.commerce += 1,
                l if l == self.boast => t.boast += 1,
                l if l == self.reader_world => t.world += 1,
                _ => {}
            }
        }
        t
    }

    /// Which way a sentence faces.
    ///
    /// A sentence that sells (offer words, claims, own names) is
    /// sender-centred even when it says "you" ("you will earn..."); one about
    /// the reader's world, or a question to them, is reader-centred. Plain
    /// address ("I think", "you can") is neither: it is not yet promotion,
    /// nor engagement with the reader's world. Commercial words ("price",
    /// "free") sell only in a sentence spoken to someone, by us or with an
    /// exclamation; `we_is_team` (notes) means "we" is the team at work, so
    /// only the reader or an exclamation makes them a pitch.
    fn focus(t: &Tally, question: bool, we_is_team: bool) -> Focus {
        let addressed = t.reader_refs > 0 || (t.self_refs > 0 && !we_is_team) || t.exclaims;
        let promo = t.offer + t.boast + if addressed { t.commerce } else { 0 };
        if promo > t.world {
            Focus::Sender
        } else if t.world > 0 || (question && t.reader_refs > 0) {
            Focus::Reader
        } else {
            Focus::Neutral
        }
    }
}

impl Check for SelfFocus {
    fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    fn measure(&self, ctx: &Ctx) -> Measure {
        let doc = ctx.doc;
        if doc.needs_rep() {
            return Measure::rep_unknown("weigh what they say");
        }
        let mut sender = 0usize;
        let mut reader = 0usize;
        let mut self_refs = 0usize;
        let mut reader_refs = 0usize;
        let mut evidence = Vec::new();
        let mut findings = Vec::new();
        let mut run: Vec<&Sentence> = Vec::new();
        let flush = |run: &mut Vec<&Sentence>, findings: &mut Vec<_>| {
            if run.len() >= 3 {
                let span = run[0].span.start..run[run.len() - 1].span.end;
                findings.extend(ctx.finding("monologue", span, run.len()));
            }
            run.clear();
        };
        for (_, s) in doc.author_sentences() {
            if s.block == Block::Heading {
                continue;
            }
            let t = self.tally(ctx, s);
            self_refs += t.self_refs;
            reader_refs += t.reader_refs;
            let question = doc.flat[s.span.clone()].trim_end().ends_with('?');
            let focus = Self::focus(&t, question, doc.profile == Profile::Notes);
            match focus {
                Focus::Sender => {
                    sender += 1;
                    evidence.push(Evidence {
                        kind: "sender-centred",
                        span: s.span.clone(),
                    });
                    run.push(s);
                }
                Focus::Reader => {
                    reader += 1;
                    evidence.push(Evidence {
                        kind: "reader-centred",
                        span: s.span.clone(),
                    });
                    flush(&mut run, &mut findings);
                }
                Focus::Neutral => flush(&mut run, &mut findings),
            }
            for h in ctx.hits_of(s, self.boast) {
                findings.extend(ctx.finding("boast", h.start()..h.end(), 1));
            }
        }
        flush(&mut run, &mut findings);
        let metrics_refs = vec![
            ("self_refs", Value::Number(self_refs as f64)),
            ("reader_refs", Value::Number(reader_refs as f64)),
            ("sender_sentences", Value::Number(sender as f64)),
            ("reader_sentences", Value::Number(reader as f64)),
        ];
        if sender + reader == 0 {
            let mut m =
                Measure::skip("No sentence is about us or about the reader; nothing to weigh.");
            m.metrics = metrics_refs;
            m.metrics.push(("self_share", Value::None));
            m.findings = findings;
            return m;
        }
        let share = sender as f64 / (sender + reader) as f64;
        let share = (share * 1000.0).round() / 1000.0;
        let mut m = Measure::new(ctx.profile.band(share), Value::Number(share));
        m.evidence = evidence;
        m.findings = findings;
        m.metrics = metrics_refs;
        m.metrics.push(("self_share", Value::Number(share)));
        m
    }
}
