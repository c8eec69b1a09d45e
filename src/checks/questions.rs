//! `questions`: counts the questions the author asks, direct ("...?") and
//! indirect ("Tell me about..."), and classifies each as open or closed.

use std::collections::HashSet;

use unicode_segmentation::UnicodeSegmentation;

use super::{Check, Ctx, Measure, need};
use crate::document::Sentence;
use crate::lexicon::{Hit, Lexicon, ListId};
use crate::outcome::{Evidence, Value};
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
    pub fn kind(self) -> &'static str {
        match (self.open, self.form) {
            (true, Form::Direct) => "open-direct",
            (true, Form::Indirect) => "open-indirect",
            (true, Form::Recorded) => "open-recorded",
            (false, Form::Direct) => "closed-direct",
            (false, Form::Indirect) => "closed-indirect",
            (false, Form::Recorded) => "closed-recorded",
        }
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

#[derive(Debug)]
struct WordSets {
    wh: WordSet,
    wh_next: WordSet,
    relatives: WordSet,
    aux: WordSet,
    subjects: WordSet,
    pronouns: WordSet,
    no_inversion: WordSet,
    hesitations: WordSet,
    reactions: WordSet,
    fillers: Phrases,
    open_after: WordSet,
    open_starts: Phrases,
    backchannels: Phrases,
    tags: Phrases,
    trailers: Phrases,
    weak_tags: Phrases,
    reporting: WordSet,
    modals: WordSet,
    conditionals: WordSet,
}

fn list<'s>(spec: &'s RuleSpec, name: &str) -> Result<&'s Vec<String>, String> {
    spec.lists
        .get(name)
        .ok_or_else(|| format!("check needs a list named `{name}` in [lists]"))
}

fn set(spec: &RuleSpec, name: &str) -> Result<WordSet, String> {
    let words: HashSet<String> = list(spec, name)?
        .iter()
        .map(|w| normalize_word(w))
        .collect();
    let mut first = [false; 256];
    for w in &words {
        if let Some(&b) = w.as_bytes().first() {
            first[b as usize] = true;
        }
    }
    let longest = words.iter().map(String::len).max().unwrap_or(0);
    Ok(WordSet {
        words,
        first,
        longest,
    })
}

/// A set of words that answers most lookups without hashing: a word whose
/// first byte starts no word of the set, or that is longer than all of
/// them, is not in it (most words of a sentence are in none of the sets).
#[derive(Debug)]
struct WordSet {
    words: HashSet<String>,
    /// The first bytes of the words.
    first: [bool; 256],
    /// The length of the longest word, in bytes.
    longest: usize,
}

impl Default for WordSet {
    fn default() -> WordSet {
        WordSet {
            words: HashSet::new(),
            first: [false; 256],
            longest: 0,
        }
    }
}

impl WordSet {
    fn contains(&self, w: &str) -> bool {
        match w.as_bytes().first() {
            Some(&b) => self.first[b as usize] && w.len() <= self.longest && self.words.contains(w),
            None => self.words.contains(w),
        }
    }
}

/// A list of phrases, each split into words; longest first.
fn phrases(spec: &RuleSpec, name: &str) -> Result<Phrases, String> {
    let mut all: Vec<Vec<String>> = list(spec, name)?
        .iter()
        .map(|p| words(p))
        .filter(|w| !w.is_empty())
        .collect();
    all.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let edge = |pick: fn(&Vec<String>) -> Option<&String>| {
        let mut bytes = [false; 256];
        for w in all.iter().filter_map(pick) {
            bytes[w.as_bytes()[0] as usize] = true;
        }
        bytes
    };
    Ok(Phrases {
        firsts: edge(|p| p.first()),
        lasts: edge(|p| p.last()),
        all,
    })
}

/// Phrases of a few words, and the first bytes of the words they start and
/// end with: most sentences start and end with words that could begin or
/// end none of them, and are not compared with each. (Bytes rather than a
/// set of words: a draft compiles the check, and a set costs more to make
/// than it saves there.)
#[derive(Debug)]
struct Phrases {
    all: Vec<Vec<String>>,
    firsts: [bool; 256],
    lasts: [bool; 256],
}

/// True when `w`'s first byte is one of `bytes`.
fn leads_with(bytes: &[bool; 256], w: &str) -> bool {
    w.as_bytes().first().is_some_and(|&b| bytes[b as usize])
}

impl Phrases {
    /// The phrases that may start `toks` (all of them when its first word
    /// starts one; none otherwise).
    fn starting(&self, toks: &[Tok]) -> &[Vec<String>] {
        match toks.first() {
            Some(t) if leads_with(&self.firsts, t.w) => &self.all,
            _ => &[],
        }
    }

    /// The phrases that may end `toks`, in the same way.
    fn ending(&self, toks: &[Tok]) -> &[Vec<String>] {
        match toks.last() {
            Some(t) if leads_with(&self.lasts, t.w) => &self.all,
            _ => &[],
        }
    }
}

fn normalize_word(w: &str) -> String {
    w.trim().to_lowercase().replace('\u{2019}', "'")
}

/// Lowercased words of a text, curly apostrophes made straight.
fn words(text: &str) -> Vec<String> {
    let low = normalize_word(text);
    split(&low).iter().map(|t| t.w.to_string()).collect()
}

/// How far after a wh-word its auxiliary may come ("what kind of car do...").
const WH_REACH: usize = 6;

/// One word of a sentence, and whether punctuation (a comma, a dash...)
/// separates it from the word before.
#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    w: &'a str,
    brk: bool,
    /// The punctuation before the word includes a colon ("Ann: do you...").
    colon: bool,
}

/// True when `toks` starts with the words of `phrase`.
fn starts_with(toks: &[Tok], phrase: &[String]) -> bool {
    toks.len() >= phrase.len() && toks.iter().zip(phrase).all(|(t, p)| t.w == p)
}

/// True when `toks` are exactly the words of `phrase`.
fn is_phrase(toks: &[Tok], phrase: &[String]) -> bool {
    toks.len() == phrase.len() && starts_with(toks, phrase)
}

/// The part of a sentence before a note: an unpaired `*` after a space and
/// some text starts a footnote or a transcriber's comment, which is not part
/// of it.
fn before_note(text: &str) -> &str {
    let mut stars = memchr::memchr_iter(b'*', text.as_bytes());
    match (stars.next(), stars.next()) {
        (Some(i), None) if text[..i].ends_with(' ') && !text[..i].trim().is_empty() => &text[..i],
        _ => text,
    }
}

/// True when the text asks with a question mark: one at the end or before a
/// space, maybe after closing quotes or markdown (not a `?` inside a link).
fn has_question_mark(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'?', b).any(|i| {
        b[i + 1..]
            .iter()
            .find(|&&n| !matches!(n, b'?' | b'!' | b'"' | b'\'' | b')' | b']' | b'*' | b'_'))
            .is_none_or(|n| n.is_ascii_whitespace() || *n >= 0x80)
    })
}

/// The words of a lowercased text, hyphenated words kept whole, each marked
/// with whether punctuation separates it from the word before.
fn split(low: &str) -> Vec<Tok<'_>> {
    if low.is_ascii() {
        split_ascii(low)
    } else {
        split_pieces(low)
    }
}

/// [`split`] for ASCII text (most sentences), in one loop over its bytes:
/// the same words as [`split_pieces`] finds among the word-boundary pieces
/// (a property test compares them), without handling each piece between
/// two words on its own.
fn split_ascii(low: &str) -> Vec<Tok<'_>> {
    let b = low.as_bytes();
    let mut out: Vec<Tok<'_>> = Vec::with_capacity(low.len() / 6 + 1);
    // Where the bytes since the last word start, and the end of that word
    // (the two differ only before the first word).
    let mut gap = 0;
    let mut last_end = usize::MAX;
    let mut i = 0;
    while i < b.len() {
        if !crate::words::starts_word(b[i]) {
            i += 1;
            continue;
        }
        let end = crate::words::word_end(b, i);
        // A piece of `_` alone is no word: it stays in the gap.
        if !b[i..end].iter().any(u8::is_ascii_alphanumeric) {
            i = end;
            continue;
        }
        let between = &b[gap..i];
        let joined = gap == last_end && between == b"-";
        match out.last_mut() {
            // A hyphen alone between two words joins them.
            Some(t) if joined => t.w = &low[i - t.w.len() - 1..end],
            _ => {
                // A hyphen right after a word, then more, marks no break.
                let skip = usize::from(gap == last_end && between.first() == Some(&b'-'));
                let (mut brk, mut colon) = (false, false);
                for &c in &between[skip..] {
                    colon |= c == b':';
                    brk |= matches!(c, b',' | b';' | b':' | b'(' | b')' | b'-' | b'.');
                }
                out.push(Tok {
                    w: &low[i..end],
                    brk,
                    colon,
                });
            }
        }
        gap = end;
        last_end = end;
        i = end;
    }
    out
}

/// [`split`] by the word-boundary pieces of any text.
fn split_pieces(low: &str) -> Vec<Tok<'_>> {
    // About a word every six bytes: one allocation for most sentences.
    let mut out: Vec<Tok<'_>> = Vec::with_capacity(low.len() / 6 + 1);
    let mut brk = false;
    let mut colon = false;
    // Byte range of the last word, and whether a hyphen directly follows it.
    let mut last_end = usize::MAX;
    let mut hyphen = false;
    for (i, piece) in crate::words::bound_indices(low) {
        // Bytes, not characters, for the ASCII pieces (most of them).
        let ascii = piece.is_ascii();
        let word = if ascii {
            piece.bytes().any(|b| b.is_ascii_alphanumeric())
        } else {
            piece.chars().any(char::is_alphanumeric)
        };
        if !word {
            hyphen = piece == "-" && i == last_end;
            if !hyphen {
                colon |= piece.as_bytes().contains(&b':');
                brk |= if ascii {
                    piece
                        .bytes()
                        .any(|b| matches!(b, b',' | b';' | b':' | b'(' | b')' | b'-' | b'.'))
                } else {
                    piece.chars().any(|c| {
                        matches!(
                            c,
                            ',' | ';' | ':' | '(' | ')' | '-' | '.' | '\u{2013}' | '\u{2014}'
                        )
                    })
                };
            }
            last_end = usize::MAX;
            continue;
        }
        let end = i + piece.len();
        if hyphen && let Some(t) = out.last_mut() {
            let start = end - piece.len() - (t.w.len() + 1);
            t.w = &low[start..end];
        } else {
            out.push(Tok {
                w: piece,
                brk,
                colon,
            });
        }
        hyphen = false;
        brk = false;
        colon = false;
        last_end = end;
    }
    out
}

/// "is" or "was", the verbs of a cleft ("what I need is...").
fn is_copula(w: &str) -> bool {
    matches!(w, "is" | "was")
}

/// A word with a contracted verb split off: `what's` gives `what`.
fn stem(w: &str) -> &str {
    match w.rfind('\'') {
        Some(i) if i > 0 && matches!(&w[i..], "'s" | "'re" | "'d" | "'ll" | "'ve") => &w[..i],
        _ => w,
    }
}

/// The lists whose hits the check reads: the others are word sets, looked
/// up per token, so their phrases stay out of the lexicon (a pronoun list
/// in the pack's scan reports nearly every word of a text).
const HIT_LISTS: [&str; 2] = ["indirect", "recorded"];

impl Questions {
    /// The check's lexicon: the lists of `spec` it reads hits of.
    pub fn lexicon(spec: &RuleSpec) -> Result<Lexicon, String> {
        let keep = |m: &std::collections::BTreeMap<String, Vec<String>>| {
            m.iter()
                .filter(|(name, _)| HIT_LISTS.contains(&name.as_str()))
                .map(|(name, v)| (name.clone(), v.clone()))
                .collect()
        };
        Lexicon::compile(&keep(&spec.lists), &keep(&spec.patterns)).map_err(|e| e.to_string())
    }

    /// Compiles the check from its rule.
    pub fn new(spec: &RuleSpec) -> Result<Questions, String> {
        let lex = Questions::lexicon(spec)?;
        let words = WordSets {
            wh: set(spec, "wh")?,
            wh_next: set(spec, "wh_next")?,
            relatives: set(spec, "relatives")?,
            aux: set(spec, "aux")?,
            subjects: set(spec, "subjects")?,
            pronouns: set(spec, "pronouns")?,
            no_inversion: set(spec, "no_inversion")?,
            hesitations: set(spec, "hesitations")?,
            reactions: set(spec, "reactions")?,
            fillers: phrases(spec, "fillers")?,
            open_after: set(spec, "open_after")?,
            open_starts: phrases(spec, "open_starts")?,
            backchannels: phrases(spec, "backchannels")?,
            tags: phrases(spec, "tags")?,
            trailers: phrases(spec, "trailers")?,
            weak_tags: phrases(spec, "weak_tags")?,
            reporting: set(spec, "reporting")?,
            modals: set(spec, "modals")?,
            conditionals: set(spec, "conditionals")?,
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

    /// The words of a sentence without hesitations ("uh") and stutters
    /// ("do, do you").
    fn tokens<'a>(&self, low: &'a str) -> Vec<Tok<'a>> {
        let mut out = split(low);
        out.retain(|t| !self.words.hesitations.contains(t.w));
        // Drop the repeat of a word or of up to three words ("you all both,
        // you all both").
        let mut n = 0;
        for r in 0..out.len() {
            out[n] = out[r];
            n += 1;
            for k in 1..=3 {
                // The last word first: it rarely repeats the word k back.
                if n >= 2 * k
                    && out[n - 1].w == out[n - 1 - k].w
                    && (0..k - 1).all(|i| out[n - 2 * k + i].w == out[n - k + i].w)
                {
                    n -= k;
                    break;
                }
            }
        }
        out.truncate(n);
        out
    }

    /// How many words at the start of `toks` are fillers ("so", "well",
    /// "you know").
    fn lead(&self, toks: &[Tok]) -> usize {
        let mut i = 0;
        while let Some(f) = self
            .words
            .fillers
            .starting(&toks[i..])
            .iter()
            .find(|f| starts_with(&toks[i..], f))
        {
            i += f.len();
        }
        i
    }

    fn is_aux(&self, w: &str) -> bool {
        self.words.aux.contains(w)
    }

    /// Auxiliary verb then subject: "do you", "is the", "can anyone".
    fn inverted(&self, toks: &[Tok]) -> bool {
        match toks {
            // "do it" is a command, not "does it".
            [a, s, ..] => {
                let ws = &self.words;
                self.is_aux(a.w)
                    && (ws.subjects.contains(s.w)
                        || ws.modals.contains(a.w) && matches!(s.w, "a" | "an"))
                    && (a.w, s.w) != ("do", "it")
            }
            _ => false,
        }
    }

    /// An inverted condition before a main clause: "Should you have any
    /// questions, call me" ("if you have...").
    fn conditional(&self, toks: &[Tok]) -> bool {
        // The clause after the comma must not be a restart ("Should they,
        // should we...") nor an alternative ("..., or wait").
        self.words.conditionals.contains(toks[0].w)
            && toks
                .iter()
                .enumerate()
                .skip(2)
                .any(|(i, t)| t.brk && t.w != "or" && !self.is_aux(t.w) && i + 1 < toks.len())
    }

    /// A wh-word that opens a question: "what do", "how many", "what's",
    /// "what kind of plan do you". When `strict`, a wh-word and an
    /// auxiliary need a subject after them ("who was born..." may be a
    /// relative clause after a name; "who is it" asks).
    fn wh_question(&self, toks: &[Tok], strict: bool) -> bool {
        let ws = &self.words;
        let Some(first) = toks.first() else {
            return false;
        };
        let first = first.w;
        let root = stem(first);
        if !ws.wh.contains(root) || ws.relatives.contains(root) && root != first {
            return false;
        }
        // "what's so funny is...", "what is amazing is...": a cleft, whose
        // verb comes again later.
        let copula = root != first || toks.get(1).is_some_and(|t| is_copula(t.w));
        if copula && toks.iter().skip(2).any(|t| is_copula(t.w)) {
            return false;
        }
        if root != first {
            // "what's", "how'd": the verb is in the word.
            return toks.len() > 1;
        }
        let Some(second) = toks.get(1) else {
            return false;
        };
        if ws.wh_next.contains(second.w) {
            return true;
        }
        if ws.aux.contains(second.w) {
            // "which is why..." is a relative clause; "which do you..." asks.
            let plain = !strict && !ws.relatives.contains(first);
            return plain
                || self.inverted(&toks[1..])
                    && toks.get(2).is_some_and(|t| ws.pronouns.contains(t.w));
        }
        // wh-word, a short noun phrase, then aux + subject: "what benefits
        // do they offer".
        for i in 2..toks.len().min(WH_REACH) {
            let w = toks[i - 1].w;
            if ws.pronouns.contains(w) || w == "to" || ws.wh.contains(w) || toks[i].brk {
                return false;
            }
            if self.inverted(&toks[i..]) {
                // "what happens is you...": a cleft, not a question, unless
                // the sentence ends soon after ("what size is it").
                return !is_copula(toks[i].w) || toks.len() <= i + 3;
            }
        }
        false
    }

    /// A tag question at the end without a question mark: "..., right",
    /// "..., don't you", "it was fun, wasn't it".
    fn tagged(&self, toks: &[Tok]) -> bool {
        let ws = &self.words;
        let toks = self.untrailed(toks);
        let n = toks.len();
        for t in ws.tags.ending(toks) {
            let k = t.len();
            if n > k && is_phrase(&toks[n - k..], t) && toks[n - k].brk {
                let body = &toks[..n - k];
                if self.lead(body) < body.len() {
                    return true;
                }
            }
        }
        // aux + pronoun closing a statement: "they did that, didn't they".
        if n < 4 {
            return false;
        }
        let (a, p) = (toks[n - 2], toks[n - 1].w);
        let before = toks[n - 3].w;
        if !self.is_aux(a.w)
            || !ws.pronouns.contains(p)
            || ws.no_inversion.contains(before)
            || ws.wh.contains(stem(before))
            || ws.aux.contains(before)
            || before == "to"
        {
            return false;
        }
        if a.w.ends_with("n't") {
            return true;
        }
        // A positive tag follows a comma or a negative statement; without
        // either, "he did it", "they were there" are statements.
        a.brk
            || !ws.subjects.contains(before)
                && !matches!(p, "it" | "there")
                && (p != "you" || !matches!(a.w, "have" | "has" | "had" | "did"))
    }

    /// True when the sentence quotes what someone said: a reporting verb,
    /// maybe its object, then a comma or colon ("she said, what?", "he told
    /// him: ...").
    fn quoted(&self, toks: &[Tok]) -> bool {
        let ws = &self.words;
        (1..toks.len()).any(|j| {
            ws.reporting.contains(toks[j].w)
                && !toks[j.saturating_sub(2)..j]
                    .iter()
                    .any(|t| ws.no_inversion.contains(t.w))
                && match toks.get(j + 1..) {
                    Some([next, ..]) if next.brk => true,
                    Some([object, next, ..]) => {
                        next.brk
                            && (ws.pronouns.contains(object.w)
                                || matches!(object.w, "me" | "him" | "her" | "us" | "them"))
                    }
                    _ => false,
                }
        })
    }

    /// True when a sentence ends with a tag that asks nothing ("..., you
    /// know?"): its question mark does not make it a question.
    fn weak_tag(&self, toks: &[Tok]) -> bool {
        self.words.weak_tags.ending(toks).iter().any(|t| {
            toks.len() > t.len() && {
                let tail = &toks[toks.len() - t.len()..];
                tail[0].brk && is_phrase(tail, t)
            }
        })
    }

    /// `toks` without words that trail a sentence ("..., you know").
    fn untrailed<'t, 'a>(&self, toks: &'t [Tok<'a>]) -> &'t [Tok<'a>] {
        let mut toks = toks;
        while let Some(t) = self
            .words
            .trailers
            .ending(toks)
            .iter()
            .find(|t| toks.len() > t.len() && is_phrase(&toks[toks.len() - t.len()..], t))
        {
            toks = &toks[..toks.len() - t.len()];
        }
        toks
    }

    /// A short echo of the other speaker that is not a real question: "You
    /// do?", "Oh, did you?".
    fn echo(&self, all: &[Tok], lead: usize) -> bool {
        let ws = &self.words;
        if ws
            .backchannels
            .starting(all)
            .iter()
            .any(|b| is_phrase(all, b))
        {
            return true;
        }
        let core = &all[lead..];
        let reacting = all[..lead].iter().any(|t| ws.reactions.contains(t.w));
        let short = |s: &[Tok]| match s {
            [a, b, rest @ ..] => {
                rest.len() <= 1
                    && ((ws.pronouns.contains(a.w) && ws.aux.contains(b.w))
                        || (reacting && ws.aux.contains(a.w) && ws.subjects.contains(b.w)))
            }
            _ => false,
        };
        short(core)
            || (reacting
                && ws
                    .backchannels
                    .starting(core)
                    .iter()
                    .any(|b| is_phrase(core, b)))
    }

    /// `toks` past false starts: "Is, are we...", "What, how many...".
    fn past_false_starts<'t, 'a>(&self, toks: &'t [Tok<'a>]) -> &'t [Tok<'a>] {
        let mut toks = toks;
        while toks.len() > 2
            && toks[1].brk
            && (self.is_aux(toks[0].w) || self.words.wh.contains(toks[0].w))
        {
            toks = &toks[1..];
            toks = &toks[self.lead(toks).min(toks.len() - 1)..];
        }
        toks
    }

    /// The sentence after a name or a topic set off by a comma: "Jack, what
    /// music do you like" gives "what music do you like"; and whether a colon
    /// sets it off ("Ann: who owns this").
    fn after_name<'t, 'a>(&self, toks: &'t [Tok<'a>]) -> Option<(&'t [Tok<'a>], bool)> {
        let ws = &self.words;
        (1..=2).find_map(|k| {
            let name = toks.get(..k)?;
            let rest = toks.get(k..).filter(|r| r.len() > 1 && r[0].brk)?;
            if name
                .iter()
                .any(|t| self.is_aux(t.w) || ws.wh.contains(t.w) || ws.pronouns.contains(stem(t.w)))
            {
                return None;
            }
            Some((&rest[self.lead(rest).min(rest.len() - 1)..], rest[0].colon))
        })
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
        let text = before_note(text);
        // ASCII text (most sentences) lowercases byte by byte, the same.
        let low = if text.is_ascii() {
            text.to_ascii_lowercase()
        } else {
            text.to_lowercase().replace('\u{2019}', "'")
        };
        let all = self.tokens(&low);
        if all.is_empty() {
            return None;
        }
        let ws = &self.words;
        let mut lead = self.lead(&all);
        if lead == all.len() {
            // Only fillers ("Right?"): read them as the question.
            lead = 0;
        }
        let core = self.past_false_starts(&all[lead..]);
        let after_name = self.after_name(core);
        let open_start = |c: &[Tok]| {
            let first = stem(c[0].w);
            ws.wh.contains(first) && !ws.relatives.contains(first)
                || ws.open_starts.starting(c).iter().any(|p| starts_with(c, p))
        };
        let open_start = open_start(core) || after_name.is_some_and(|(c, _)| open_start(c));
        let direct = Some(Question {
            form: Form::Direct,
            open: open_start,
        });

        // A question someone else asked, quoted: "I said, do you...?"
        let quoted = self.quoted(&all);
        // Backchannels ("Really?") are replies in a conversation; an email
        // that asks "Is that right?" asks.
        let echo = profile != Profile::Email && self.echo(&all, lead);
        if quoted || echo {
            return self.recorded(text, base, hits, profile, open_start, quoted);
        }
        if has_question_mark(text) && !self.weak_tag(&all) {
            return direct;
        }
        // A question by word order, without a question mark.
        let after_so = all[..lead]
            .last()
            .is_some_and(|t| ws.no_inversion.contains(t.w));
        // A sentence cut off after its start ("Do you, uh,") still asks.
        let cut_off = text
            .trim_end()
            .ends_with([',', '-', '\u{2014}', '\u{2026}']);
        let by_order = |c: &[Tok], strict: bool| {
            (self.inverted(c)
                && !(after_so && c.len() <= 2)
                && (c.len() > 2 || cut_off)
                && !self.conditional(c))
                || self.wh_question(c, strict)
        };
        if by_order(core, false)
            || after_name.is_some_and(|(c, colon)| by_order(c, !colon))
            || self.tagged(&all)
        {
            return direct;
        }
        self.recorded(text, base, hits, profile, open_start, false)
    }

    /// A request for information ("tell me about...") or, in notes, a
    /// question recorded as asked ("asked whether..."); with `quoted`, only
    /// the latter.
    fn recorded(
        &self,
        text: &str,
        base: usize,
        hits: &[Hit],
        profile: Profile,
        open_start: bool,
        quoted: bool,
    ) -> Option<Question> {
        let ws = &self.words;
        for (list, form) in [
            (self.indirect, Form::Indirect),
            (self.recorded, Form::Recorded),
        ] {
            if form == Form::Recorded && profile != Profile::Notes
                || form == Form::Indirect && quoted
            {
                continue;
            }
            if let Some(h) = hits
                .iter()
                .find(|h| h.list == list && h.end() - base <= text.len())
            {
                // Open when the phrase ends with or is followed by an open
                // word: "asked how...", "tell me about...", "let me know what...".
                let (upto, after) = text.split_at(h.end() - base);
                let last = upto[h.start().saturating_sub(base).min(upto.len())..]
                    .unicode_words()
                    .next_back();
                let next = after.unicode_words().next();
                let open_word =
                    |w: Option<&str>| w.is_some_and(|w| ws.open_after.contains(&normalize_word(w)));
                return Some(Question {
                    form,
                    open: open_start || open_word(last) || open_word(next),
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
            return Measure::rep_unknown("count their questions");
        }
        let mut evidence = Vec::new();
        let mut open = 0usize;
        let author: Vec<&Sentence> = doc.author_sentences().map(|(_, s)| s).collect();
        // A sentence cut across transcript cues is one question, not two.
        for group in author.chunk_by(|_, next| next.continues) {
            let (first, last) = (group[0], group[group.len() - 1]);
            let question = if group.len() == 1 {
                let hits = crate::lexicon::hits_in(ctx.hits, first.span.start, first.span.end);
                self.classify(
                    &doc.flat[first.span.clone()],
                    first.span.start,
                    hits,
                    doc.profile,
                )
            } else {
                let joined: Vec<&str> = group
                    .iter()
                    .map(|s| doc.flat[s.span.clone()].trim())
                    .collect();
                self.classify_text(&joined.join(" "), doc.profile)
            };
            if let Some(q) = question {
                open += usize::from(q.open);
                evidence.push(Evidence {
                    kind: q.kind(),
                    // Where the question ends: its mark, if any, is there.
                    span: last.span.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(v: &[Tok]) -> Vec<(String, bool, bool)> {
        v.iter()
            .map(|t| (t.w.to_string(), t.brk, t.colon))
            .collect()
    }

    #[test]
    fn ascii_split_marks_breaks_and_keeps_hyphenated_words() {
        let got = toks(&split_ascii("well- so, ann: re-do it - now--then _ x"));
        let want = [
            ("well", false, false),
            ("so", false, false),
            ("ann", true, false),
            ("re-do", true, true),
            ("it", false, false),
            ("now", true, false),
            ("then", true, false),
            ("x", false, false),
        ];
        let want: Vec<(String, bool, bool)> = want
            .iter()
            .map(|&(w, b, c)| (w.to_string(), b, c))
            .collect();
        assert_eq!(got, want);
    }

    proptest::proptest! {
        #[test]
        fn ascii_split_is_the_split_by_pieces(
            text in "([a-z0-9_:.',;()?! \t\r\n-]|re|do){0,40}"
        ) {
            proptest::prop_assert_eq!(toks(&split_ascii(&text)), toks(&split_pieces(&text)));
        }
    }
}
