//! `questions`: counts the questions the author asks, direct ("...?") and
//! indirect ("Tell me about..."), and classifies each as open or closed.

use std::collections::HashSet;

use unicode_segmentation::UnicodeSegmentation;

use super::{Check, Ctx, Measure, need};
use crate::lexicon::{Hit, Lexicon, ListId};
use crate::outcome::{Evidence, Status, Value};
use crate::profile::Profile;
use crate::rule::RuleSpec;

/// How a question is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Ends with a question mark, or is a question by its word order.
    Direct,
    /// A request for information without a question mark.
    Indirect,
    /// A question the notes record as asked ("asked how they...").
    Recorded,
}

/// A detected question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    /// How it is asked.
    pub form: Form,
    /// True for an open question (what, how, why, tell me about...).
    pub open: bool,
}

impl Question {
    /// The evidence kind: `open-direct`, `closed-indirect`...
    pub fn kind(self) -> String {
        let o = if self.open { "open" } else { "closed" };
        let f = match self.form {
            Form::Direct => "direct",
            Form::Indirect => "indirect",
            Form::Recorded => "recorded",
        };
        format!("{o}-{f}")
    }
}

/// The compiled `questions` check.
#[derive(Debug)]
pub struct Questions {
    lex: Lexicon,
    indirect: ListId,
    recorded: ListId,
    words: WordSets,
}

#[derive(Debug, Default)]
struct WordSets {
    wh: HashSet<String>,
    wh_next: HashSet<String>,
    aux: HashSet<String>,
    subjects: HashSet<String>,
    fillers: HashSet<String>,
    open_after: HashSet<String>,
    open_starts: HashSet<String>,
    backchannels: HashSet<String>,
    tags: Vec<Vec<String>>,
}

fn set(spec: &RuleSpec, name: &str) -> Result<HashSet<String>, String> {
    spec.lists
        .get(name)
        .map(|l| l.iter().map(|w| normalize_word(w)).collect())
        .ok_or_else(|| format!("check needs a list named `{name}` in [lists]"))
}

fn normalize_word(w: &str) -> String {
    w.trim().to_lowercase().replace('\u{2019}', "'")
}

/// Lowercased words of a text, curly apostrophes made straight.
fn words(text: &str) -> Vec<String> {
    text.unicode_words().map(normalize_word).collect()
}

impl Questions {
    /// Compiles the check from its rule.
    pub fn new(lex: Lexicon, spec: &RuleSpec) -> Result<Questions, String> {
        let words = WordSets {
            wh: set(spec, "wh")?,
            wh_next: set(spec, "wh_next")?,
            aux: set(spec, "aux")?,
            subjects: set(spec, "subjects")?,
            fillers: set(spec, "fillers")?,
            open_after: set(spec, "open_after")?,
            open_starts: set(spec, "open_starts")?,
            backchannels: set(spec, "backchannels")?
                .into_iter()
                .map(|b| words(&b).join(" "))
                .collect(),
            tags: spec
                .lists
                .get("tags")
                .ok_or("check needs a list named `tags` in [lists]")?
                .iter()
                .map(|t| words(t))
                .collect(),
        };
        Ok(Questions {
            indirect: need(&lex, "indirect")?,
            recorded: need(&lex, "recorded")?,
            lex,
            words,
        })
    }

    /// Classifies a piece of text on its own (one utterance or sentence).
    pub fn classify_text(&self, text: &str, profile: Profile) -> Option<Question> {
        let flat: String = text
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        let hits = self.lex.find_all(&flat);
        self.classify(&flat, 0, &hits, profile)
    }

    /// Classifies one sentence; `hits` are the lexicon's hits inside it with
    /// offsets relative to `base`.
    fn classify(
        &self,
        text: &str,
        base: usize,
        hits: &[Hit],
        profile: Profile,
    ) -> Option<Question> {
        let w = words(text);
        if w.is_empty() {
            return None;
        }
        let ws = &self.words;
        let lead = w.iter().take_while(|x| ws.fillers.contains(*x)).count();
        let core = &w[lead..];
        let first = core.first().map(String::as_str).unwrap_or("");
        let second = core.get(1).map(String::as_str).unwrap_or("");
        let open_start = ws.wh.contains(first) && first != "which"
            || ws.open_starts.contains(first)
            || ws.open_starts.contains(&format!("{first} {second}"));

        let trimmed = text.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}' | '*')
        });
        if trimmed.ends_with('?') {
            let joined = w.join(" ");
            if ws.backchannels.contains(&joined) {
                return None;
            }
            return Some(Question {
                form: Form::Direct,
                open: open_start,
            });
        }
        // A question by word order, without a question mark.
        let by_order = (ws.wh.contains(first)
            && (ws.aux.contains(second) || ws.wh_next.contains(second)))
            || (ws.aux.contains(first) && ws.subjects.contains(second));
        let tagged = ws
            .tags
            .iter()
            .any(|t| !t.is_empty() && w.len() > t.len() && w.ends_with(t));
        if by_order || tagged {
            return Some(Question {
                form: Form::Direct,
                open: open_start,
            });
        }
        for (list, form) in [
            (self.indirect, Form::Indirect),
            (self.recorded, Form::Recorded),
        ] {
            if form == Form::Recorded && profile != Profile::Notes {
                continue;
            }
            if let Some(h) = hits.iter().find(|h| h.list == list) {
                let after = &text[h.end - base..];
                let next = words(after).into_iter().next().unwrap_or_default();
                return Some(Question {
                    form,
                    open: open_start || ws.open_after.contains(&next),
                });
            }
        }
        None
    }
}

impl Check for Questions {
    fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    fn measure(&self, ctx: &Ctx) -> Measure {
        let doc = ctx.doc;
        if doc.needs_rep() {
            let mut m = Measure::new(Status::Skip, Value::None);
            m.message =
                Some("rep unknown: name the rep with --rep to count their questions".into());
            return m;
        }
        let mut evidence = Vec::new();
        let mut open = 0usize;
        for (_, s) in doc.author_sentences() {
            let text = &doc.flat[s.span.clone()];
            let hits = crate::lexicon::hits_in(ctx.hits, s.span.start, s.span.end);
            if let Some(q) = self.classify(text, s.span.start, hits, doc.profile) {
                open += usize::from(q.open);
                evidence.push(Evidence {
                    kind: q.kind(),
                    span: s.span.clone(),
                });
            }
        }
        let count = evidence.len();
        let mut m = Measure::new(ctx.profile.band(count as f64), Value::Number(count as f64));
        m.evidence = evidence;
        m.metrics = vec![
            ("questions", Value::Number(count as f64)),
            ("open_questions", Value::Number(open as f64)),
        ];
        m
    }
}
