//! `next-step`: does the text end with a concrete next step (an action with a
//! time or owner), a vague call to action, or none?

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
            lex,
        })
    }

    fn under_next_steps_heading(&self, ctx: &Ctx, s: &Sentence) -> bool {
        s.section
            .and_then(|h| ctx.doc.sentences.get(h))
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
        // unknown), and in a transcript only the closing share.
        let candidates: Vec<&Sentence> = if doc.needs_rep() {
            doc.sentences.iter().collect()
        } else {
            doc.author_sentences().map(|(_, s)| s).collect()
        };
        let skip = match (doc.profile, ctx.profile.window) {
            (Profile::Transcript, Some(w)) => {
                ((candidates.len() as f64) * (1.0 - w)).floor() as usize
            }
            _ => 0,
        };
        for s in candidates.into_iter().skip(skip) {
            if s.block == Block::Heading || s.block == Block::Subject {
                continue;
            }
            let has_time = ctx.has(s, self.time);
            let has_action = ctx.has(s, self.action) || ctx.has(s, self.meeting);
            let owned = ctx.has(s, self.owner);
            let in_section = doc.profile == Profile::Notes && self.under_next_steps_heading(ctx, s);
            if (has_time && has_action) || owned || in_section {
                concrete.push(Evidence {
                    kind: "concrete".into(),
                    span: s.span.clone(),
                });
            } else if let Some(h) = ctx.first(s, self.vague) {
                vague.push(Evidence {
                    kind: "vague".into(),
                    span: s.span.clone(),
                });
                findings.extend(ctx.finding("vague", h.start..h.end, 1));
            }
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
