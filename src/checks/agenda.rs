//! `agenda`: a stated goal or agenda for the time together.

use super::{Check, Ctx, Measure, need};
use crate::document::Block;
use crate::lexicon::{Lexicon, ListId};
use crate::outcome::{Evidence, Status, Value};
use crate::profile::Profile;

/// The compiled `agenda` check.
#[derive(Debug)]
pub struct Agenda {
    lex: Lexicon,
    markers: ListId,
    headings: ListId,
    framing: ListId,
    meeting: ListId,
}

impl Agenda {
    /// Compiles the check from its lexicon.
    pub fn new(lex: Lexicon) -> Result<Agenda, String> {
        Ok(Agenda {
            markers: need(&lex, "markers")?,
            headings: need(&lex, "headings")?,
            framing: need(&lex, "framing")?,
            meeting: need(&lex, "meeting")?,
            lex,
        })
    }
}

impl Check for Agenda {
    fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    fn measure(&self, ctx: &Ctx) -> Measure {
        let doc = ctx.doc;
        if doc.needs_rep() {
            return Measure::rep_unknown("check how they frame the call");
        }
        let mut evidence = Vec::new();
        let mut meeting = Vec::new();
        // In a transcript only the opening share of the rep's words counts.
        let limit = match (doc.profile, ctx.profile.window) {
            (Profile::Transcript, Some(w)) => {
                let rep_words: usize = doc.author_sentences().map(|(_, s)| s.words).sum();
                Some(((rep_words as f64) * w).ceil() as usize)
            }
            _ => None,
        };
        let mut seen_words = 0usize;
        for (_, s) in doc.author_sentences() {
            if limit.is_some_and(|l| seen_words >= l) {
                break;
            }
            seen_words += s.words;
            if s.block == Block::Heading && ctx.has(s, self.headings) {
                evidence.push(Evidence {
                    kind: "agenda-heading",
                    span: s.span.clone(),
                });
                continue;
            }
            let lists: &[(ListId, &str)] = if doc.profile == Profile::Transcript {
                &[(self.markers, "agenda-marker"), (self.framing, "purpose")]
            } else {
                &[(self.markers, "agenda-marker")]
            };
            for &(list, kind) in lists {
                if let Some(h) = ctx.first(s, list) {
                    evidence.push(Evidence {
                        kind,
                        span: h.start()..h.end(),
                    });
                    break;
                }
            }
        }
        for (_, s) in doc.author_sentences() {
            if let Some(h) = ctx.first(s, self.meeting) {
                meeting.push(Evidence {
                    kind: "meeting-proposed",
                    span: h.start()..h.end(),
                });
            }
        }
        let found = !evidence.is_empty();
        let level = if found { "found" } else { "missing" };
        let applies = match ctx.profile.only_when.as_deref() {
            Some("meeting") => !meeting.is_empty(),
            _ => true,
        };
        let status = if applies {
            ctx.profile.level(level)
        } else {
            Status::Skip
        };
        let mut m = Measure::new(status, Value::Level(level.into()));
        if !applies {
            m.message = Some(if found {
                "Agenda found, but the text proposes no meeting, so it is not scored.".into()
            } else {
                "No meeting or call is proposed, so no agenda is needed.".into()
            });
        }
        evidence.extend(meeting.into_iter().take(1));
        m.evidence = evidence;
        m
    }
}
