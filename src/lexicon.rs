//! Named phrase lists and patterns from a rule file, compiled once and run
//! over a document in one pass each.
//!
//! A *phrase* matches case-insensitively (ASCII case folding) on word
//! boundaries, and a straight apostrophe in a phrase also matches a curly one.
//! A *pattern* is a regular expression, matched case-insensitively. A name
//! used in both tables is one list that matches both ways.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use regex::Regex;
use regex_automata::dfa::Automaton;
use regex_automata::meta::Regex as MetaRegex;
use regex_automata::{Anchored, Input};

use crate::dense::{Dense, GaveUp};

use crate::gate::{ascii_word_boundaries, first_bytes, prefix_literals, starts_text};
use crate::spans::Joined;
use crate::trie::{Trie, head};

/// One match of a named list in a text.
///
/// Offsets are kept in 32 bits: a scan of a large document holds millions
/// of hits at once, and documents are limited to 4 GiB (see
/// [`crate::input::MAX_DOCUMENT`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the list in the lexicon (see [`Lexicon::id`]).
    pub list: u16,
    from: u32,
    to: u32,
}

impl Hit {
    /// A hit of `list` at `start..end` (offsets below 4 GiB).
    pub fn new(list: ListId, start: usize, end: usize) -> Hit {
        Hit {
            list,
            from: start as u32,
            to: end as u32,
        }
    }

    /// Byte offset where the match starts.
    pub fn start(&self) -> usize {
        self.from as usize
    }

    /// Byte offset just past the match.
    pub fn end(&self) -> usize {
        self.to as usize
    }
}

/// Identifies one named list inside a [`Lexicon`].
pub type ListId = u16;

/// How phrases match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Match letter case exactly (default: ASCII case-insensitive).
    pub match_case: bool,
    /// Match whole words only (default: true).
    pub word_boundary: bool,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            match_case: false,
            word_boundary: true,
        }
    }
}

/// A sequence: hits of several lists in order, each within `gap` bytes of
/// the one before and with no sentence end (`.`, `!`, `?`) between them
/// ("sales fell" ... "because of" ... "the weather"). A sequence is matched
/// from the hits of its parts, so a rule can say "A, then B, then C nearby"
/// without one large regular expression, which the regex engine can only
/// run slowly.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sequence {
    /// The lists whose hits must follow one another.
    pub parts: Vec<String>,
    /// The most bytes between the end of one part and the start of the next.
    pub gap: usize,
}

/// A regular expression checked when its rule is loaded and compiled when
/// it is first run.
#[derive(Debug)]
struct LazyRegex {
    source: String,
    compiled: std::sync::OnceLock<Option<Pattern>>,
    /// A number no other pattern list of the process has: the index of
    /// this list's search cache in each thread's [`CACHES`].
    id: usize,
    /// Only ever searched anchored (a [`Scanner`]'s pattern group, tried
    /// where one of its literals occurs): a prefilter would never be used,
    /// so none is built (building prefilters is about half of compiling a
    /// list).
    anchored_only: bool,
    /// For an anchored-only group of the default pack, the build's DFA of
    /// it or of some of its patterns (see [`precompiled`]), read on first
    /// use. Such a group is never compiled: each thread searches the build's
    /// DFA through a [`Dense`] table of the transitions it has taken.
    prebuilt: std::sync::OnceLock<Option<Prebuilt>>,
}

/// A group of the default pack as the build compiled it.
#[derive(Debug)]
enum Prebuilt {
    /// The whole group.
    Whole(Box<SparseDfa>),
    /// Too large as one DFA, pattern by pattern in the group's order: the
    /// build's DFA of each pattern small enough, the others compiled alone
    /// (each is smaller than the group). The first pattern that matches
    /// where the group is tried is what the group matches there.
    Split(Box<[Part]>),
}

/// One pattern of a [`Prebuilt::Split`] group.
#[derive(Debug)]
enum Part {
    Built(Box<SparseDfa>),
    Late(LazyRegex),
}

/// A thread's state for one [`LazyRegex`] (see [`CACHES`]).
#[derive(Debug, Default)]
struct Slot {
    /// The search cache of the compiled pattern, once it has run.
    cache: Option<Box<PatternCache>>,
    /// For a group from the build, how this thread tries each of its DFAs
    /// (one, or one a pattern of a split group).
    tables: Vec<Table>,
}

/// How a thread tries one of the build's DFAs.
#[derive(Debug)]
enum Table {
    /// On the DFA itself, so far this many times.
    Direct(u32),
    /// Through a table of the transitions taken, after [`DIRECT_TRIES`].
    Dense(Box<Dense>),
}

/// The tries a thread makes of a build's DFA directly before it keeps a
/// [`Dense`] table of its transitions: filling a table costs more than a
/// step of the DFA, so a draft, which tries most groups a few times, keeps
/// no tables (a table from the first try cost a draft 0.56 M instructions,
/// 2.8%). The number is a judgement.
const DIRECT_TRIES: u32 = 32;

/// The next [`LazyRegex::id`].
static NEXT_REGEX: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

thread_local! {
    /// This thread's search cache of each pattern list it has run, by
    /// [`LazyRegex::id`]. The regex engine keeps caches in a pool that every
    /// thread but the first reaches through a lock, once per search; a
    /// scan makes millions of short anchored searches, so each thread keeps
    /// its own. (A cache outlives its list until the thread ends: a few
    /// kilobytes each, for the lists a thread ran.)
    static CACHES: std::cell::RefCell<Vec<Slot>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl LazyRegex {
    fn new(source: String, anchored_only: bool) -> LazyRegex {
        LazyRegex {
            source,
            compiled: std::sync::OnceLock::new(),
            id: NEXT_REGEX.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            anchored_only,
            prebuilt: std::sync::OnceLock::new(),
        }
    }

    /// Runs `f` with this thread's slot for the list.
    fn slot<R>(&self, f: impl FnOnce(&mut Slot) -> R) -> R {
        CACHES.with(|caches| {
            let mut caches = caches.borrow_mut();
            if caches.len() <= self.id {
                caches.resize_with(self.id + 1, Slot::default);
            }
            f(&mut caches[self.id])
        })
    }

    /// Runs `f` with the compiled list and this thread's cache for it;
    /// `None` when the list cannot be compiled (see [`LazyRegex::get`]).
    fn with<R>(&self, f: impl FnOnce(&Pattern, &mut PatternCache) -> R) -> Option<R> {
        let re = self.get()?;
        self.slot(|slot| {
            let cache = slot
                .cache
                .get_or_insert_with(|| Box::new(re.create_cache()));
            Some(f(re, cache))
        })
    }

    /// The end of the match that starts exactly at `at`, if any: with the
    /// build's DFA when there is one, else compiled.
    fn match_at(&self, text: &str, at: usize) -> Option<usize> {
        let prebuilt = self.prebuilt.get_or_init(|| {
            if !self.anchored_only {
                return None;
            }
            precompiled(&self.source)
        });
        match prebuilt {
            Some(Prebuilt::Whole(dfa)) => self.dense_match_at(0, dfa, text, at),
            // A late part is searched outside this thread's slot for the
            // group, since it has a slot of its own.
            Some(Prebuilt::Split(parts)) => {
                parts.iter().enumerate().find_map(|(i, part)| match part {
                    Part::Built(dfa) => self.dense_match_at(i, dfa, text, at),
                    Part::Late(re) => re.match_at(text, at),
                })
            }
            None => self
                .with(|re, cache| re.match_at(cache, text, at))
                .flatten(),
        }
    }

    /// The end of the match of the build's DFA `dfa`, the group's `part`th,
    /// that starts at `at`: on the DFA itself for this thread's first
    /// [`DIRECT_TRIES`] tries of it and where its table gives up, through
    /// the table after.
    fn dense_match_at(&self, part: usize, dfa: &SparseDfa, text: &str, at: usize) -> Option<usize> {
        let tabled = self.slot(|slot| {
            if slot.tables.len() <= part {
                slot.tables.resize_with(part + 1, || Table::Direct(0));
            }
            let table = &mut slot.tables[part];
            if let Table::Direct(tries) = table {
                if *tries < DIRECT_TRIES {
                    *tries += 1;
                    return Err(GaveUp);
                }
                *table = Table::Dense(Box::new(Dense::new(dfa.byte_classes())));
            }
            match table {
                Table::Dense(dense) => dense.match_at(dfa, text.as_bytes(), at),
                Table::Direct(_) => Err(GaveUp),
            }
        });
        match tabled {
            Ok(end) => end,
            Err(GaveUp) => built_match_at(dfa, text, at),
        }
    }

    /// The compiled list; `None` if it is invalid or exceeds the engine's
    /// size limits, which [`Lexicon::compile_now`] reports at load time.
    fn get(&self) -> Option<&Pattern> {
        self.compiled
            .get_or_init(|| {
                if self.anchored_only {
                    // The engine with all its strategies where a forward
                    // lazy DFA cannot be built (a Unicode word boundary).
                    forward(&self.source)
                        .or_else(|_| compile(&self.source, false).map(Pattern::Any))
                        .ok()
                } else {
                    compile(&self.source, true).ok().map(Pattern::Any)
                }
            })
            .as_ref()
    }
}

// The default pack's pattern groups as DFAs, from the build script:
// `GROUP_DFAS`, and their bytes.
include!(concat!(env!("OUT_DIR"), "/group_dfas.rs"));
static GROUP_DFA_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/group_dfas.bin"));

/// The build's DFA of a pattern group of the default pack (`source` as the
/// scanner joins it), or of its patterns one by one, if it made them: read
/// in place, without compiling. `None` for any other source, or bytes this
/// build cannot read (a big-endian target): the group is then compiled as
/// any other.
fn precompiled(source: &str) -> Option<Prebuilt> {
    let read = |at: usize, len: usize| {
        let bytes = GROUP_DFA_BYTES.get(at..at + len)?;
        // SAFETY: the bytes are a DFA that the build script serialised with
        // `to_bytes_little_endian` of this same regex-automata (one version
        // in Cargo.lock serves the build and the crate), embedded as they
        // were written; a test reads every one of them with the full check
        // (`from_bytes`). What the unchecked read still checks (its header:
        // format version, endianness) refuses them on a big-endian target.
        // The full check reads every state, about 6 instructions a byte of
        // DFA: a tenth of the time a draft takes.
        let read = unsafe { SparseDfa::from_bytes_unchecked(bytes) };
        read.ok().map(|(dfa, _)| Box::new(dfa))
    };
    if let Ok(i) = GROUP_DFAS.binary_search_by(|e| e.0.cmp(source)) {
        let (_, at, len) = GROUP_DFAS[i];
        return read(at, len).map(Prebuilt::Whole);
    }
    let i = GROUP_SPLITS.binary_search_by(|e| e.0.cmp(source)).ok()?;
    let parts = GROUP_SPLITS[i]
        .1
        .iter()
        .map(|&(pattern, built)| match built {
            Some((at, len)) => read(at, len).map(Part::Built),
            None => Some(Part::Late(LazyRegex::new(pattern.to_string(), true))),
        });
    parts.collect::<Option<Box<[Part]>>>().map(Prebuilt::Split)
}

/// A group too large for one DFA, in the build's table: its source, and
/// each of its patterns with where its DFA is, if it has one.
type GroupSplit = (
    &'static str,
    &'static [(&'static str, Option<(usize, usize)>)],
);

impl Prebuilt {
    /// The end of the match that starts exactly at `at`, if any, searched
    /// in the build's DFAs themselves.
    #[cfg(test)]
    fn match_at(&self, text: &str, at: usize) -> Option<usize> {
        match self {
            Prebuilt::Whole(dfa) => built_match_at(dfa, text, at),
            Prebuilt::Split(parts) => parts.iter().find_map(|part| match part {
                Part::Built(dfa) => built_match_at(dfa, text, at),
                Part::Late(re) => re.match_at(text, at),
            }),
        }
    }
}

/// The end of the match of a build's DFA that starts exactly at `at`.
fn built_match_at(dfa: &SparseDfa, text: &str, at: usize) -> Option<usize> {
    let input = Input::new(text).range(at..).anchored(Anchored::Yes);
    // Built without quit bytes (no Unicode word boundary), a DFA never
    // gives up.
    dfa.try_search_fwd(&input).ok()?.map(|h| h.offset())
}

/// A DFA from the build, in the binary's own bytes.
type SparseDfa = regex_automata::dfa::sparse::DFA<&'static [u8]>;

/// A compiled pattern list.
#[derive(Debug)]
enum Pattern {
    /// Searched anywhere: the regex engine with all its strategies.
    Any(MetaRegex),
    /// Searched only anchored at a given start (a gated list): a forward
    /// lazy DFA, and a PikeVM on the same automaton for the rare text that
    /// makes the DFA give up. No reverse automaton and no prefilter are
    /// built: compiling such a list costs about half as much.
    Anchored {
        dfa: Box<regex_automata::hybrid::dfa::DFA>,
        vm: regex_automata::nfa::thompson::pikevm::PikeVM,
    },
}

/// A thread's scratch space for searching one [`Pattern`] (kept boxed in
/// [`CACHES`], so the variants' sizes do not matter).
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
enum PatternCache {
    Any(regex_automata::meta::Cache),
    Anchored(
        regex_automata::hybrid::dfa::Cache,
        regex_automata::nfa::thompson::pikevm::Cache,
    ),
}

impl Pattern {
    fn create_cache(&self) -> PatternCache {
        match self {
            Pattern::Any(re) => PatternCache::Any(re.create_cache()),
            Pattern::Anchored { dfa, vm } => {
                PatternCache::Anchored(dfa.create_cache(), vm.create_cache())
            }
        }
    }

    /// The end of the match that starts exactly at `at`, if any.
    fn match_at(&self, cache: &mut PatternCache, text: &str, at: usize) -> Option<usize> {
        let input = Input::new(text).range(at..).anchored(Anchored::Yes);
        match (self, cache) {
            (Pattern::Any(re), PatternCache::Any(c)) => re.search_with(c, &input).map(|m| m.end()),
            (Pattern::Anchored { dfa, vm }, PatternCache::Anchored(dc, vc)) => {
                match dfa.try_search_fwd(dc, &input) {
                    Ok(found) => found.map(|h| h.offset()),
                    Err(_) => vm.find(vc, input.clone()).map(|m| m.end()),
                }
            }
            // A cache always comes from its own pattern.
            _ => None,
        }
    }

    /// Calls `f` with each match in `text`, leftmost first, none
    /// overlapping (an anchored-only pattern is never searched this way).
    fn for_each(&self, cache: &mut PatternCache, text: &str, mut f: impl FnMut(usize, usize)) {
        let mut matches = regex_automata::util::iter::Searcher::new(Input::new(text));
        if let (Pattern::Any(re), PatternCache::Any(c)) = (self, cache) {
            while let Some(m) = matches.advance(|input| Ok(re.search_with(c, input))) {
                f(m.start(), m.end());
            }
        }
    }
}

/// Compiles a pattern list for anchored searches only (see
/// [`Pattern::Anchored`]), with the syntax of [`compile`].
fn forward(source: &str) -> Result<Pattern, String> {
    use regex_automata::nfa::thompson::{self, WhichCaptures};
    use regex_automata::util::syntax;
    let build = |ascii: bool| {
        let syntax = if ascii {
            syntax::Config::new().unicode(false).utf8(false)
        } else {
            syntax::Config::new()
        };
        thompson::Compiler::new()
            .syntax(syntax)
            .configure(thompson::Config::new().which_captures(WhichCaptures::Implicit))
            .build(source)
            .map_err(|e| e.to_string())
    };
    let nfa = build(true).or_else(|_| build(false))?;
    let dfa = regex_automata::hybrid::dfa::DFA::builder()
        .build_from_nfa(nfa.clone())
        .map_err(|e| e.to_string())?;
    let vm = thompson::pikevm::PikeVM::new_from_nfa(nfa).map_err(|e| e.to_string())?;
    Ok(Pattern::Anchored {
        dfa: Box::new(dfa),
        vm,
    })
}

/// Compiles a pattern list, in ASCII mode when it can be: `\w`, `\d`, `\s`,
/// classes such as `[^.!?]` and case folding cover ASCII, and a non-ASCII
/// character outside a class matches itself. The rules are English, and an
/// ASCII automaton is a fraction of the size of a Unicode one: the default
/// pack's pattern lists compile about four times faster, which is most of
/// the time a single draft takes. A pattern that needs Unicode (a non-ASCII
/// character inside a class, such as `['’]`) is compiled in Unicode mode.
///
/// In ASCII mode a class can match one byte of a multi-byte character, so a
/// match may start or end inside one: [`char_span`] widens it to whole
/// characters.
///
/// Without `prefilter`, the engine builds no literal prefilter (nor the
/// reverse-suffix and reverse-inner searches that rest on one): the list is
/// only searched anchored.
fn compile(source: &str, prefilter: bool) -> Result<MetaRegex, String> {
    use regex_automata::util::syntax;
    let config = MetaRegex::config().auto_prefilter(prefilter);
    let ascii = MetaRegex::builder()
        .configure(config.clone())
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .build(source);
    match ascii {
        Ok(re) => Ok(re),
        Err(_) => MetaRegex::builder()
            .configure(config)
            .build(source)
            .map_err(|e| e.to_string()),
    }
}

/// The span `start..end` of `text` widened to character boundaries.
fn char_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    (
        text.floor_char_boundary(start),
        text.ceil_char_boundary(end),
    )
}

/// A compiled set of named phrase lists and patterns.
#[derive(Debug, Default)]
pub struct Lexicon {
    policy: Policy,
    names: Vec<String>,
    /// Sequences: the list they add hits to, their parts and gap.
    sequences: Vec<(ListId, Vec<ListId>, usize)>,
    /// The trie of this lexicon's own phrases, built on first use: a pack
    /// scans with its [`Scanner`], so only a rule run on its own (examples,
    /// tests) needs it.
    phrases: std::sync::OnceLock<Option<Trie>>,
    /// For each phrase in the trie, the list it belongs to.
    phrase_list: Vec<ListId>,
    /// The phrases of the trie, in its order (for a [`Scanner`]).
    phrase_texts: Vec<String>,
    /// Each pattern list's patterns as written, to name the one at fault.
    pattern_parts: Vec<Vec<String>>,
    /// Each pattern list's regex, compiled on first use: compiling every
    /// pattern of the pack up front costs more than checking a draft.
    patterns: Vec<(ListId, LazyRegex)>,
    /// Each pattern list's flags and patterns one by one (as its regex
    /// holds them), for a [`Scanner`] that tries a list where one of its
    /// patterns' literals occurs: only the patterns whose literals are there
    /// run, and only they are compiled.
    alternatives: Vec<(&'static str, Box<[String]>)>,
}

/// An error while compiling a list.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A pattern is not a valid regular expression.
    #[error("pattern list `{list}`: invalid regular expression `{pattern}`: {message}")]
    BadPattern {
        /// The list name.
        list: String,
        /// The offending pattern.
        pattern: String,
        /// What the regex compiler said.
        message: String,
    },
    /// A list contains an empty phrase.
    #[error("list `{0}` contains an empty phrase")]
    EmptyPhrase(String),
    /// A sequence names a list that does not exist, or is too short.
    #[error("sequence list `{list}`: {message}")]
    BadSequence {
        /// The list the sequence adds hits to.
        list: String,
        /// What is wrong.
        message: String,
    },
}

impl Lexicon {
    /// Compiles phrase lists and pattern lists into one lexicon, with the
    /// default policy (case-insensitive, whole words).
    pub fn compile(
        lists: &BTreeMap<String, Vec<String>>,
        patterns: &BTreeMap<String, Vec<String>>,
    ) -> Result<Lexicon, LexiconError> {
        Lexicon::compile_with(lists, patterns, Policy::default())
    }

    /// Compiles phrase lists and pattern lists into one lexicon; `policy`
    /// says how phrases and patterns treat case and how phrases treat word
    /// boundaries.
    pub fn compile_with(
        lists: &BTreeMap<String, Vec<String>>,
        patterns: &BTreeMap<String, Vec<String>>,
        policy: Policy,
    ) -> Result<Lexicon, LexiconError> {
        Lexicon::compile_full(lists, patterns, &BTreeMap::new(), policy)
    }

    /// Compiles phrase lists, pattern lists and sequences (see [`Sequence`])
    /// into one lexicon.
    pub fn compile_full(
        lists: &BTreeMap<String, Vec<String>>,
        patterns: &BTreeMap<String, Vec<String>>,
        sequences: &BTreeMap<String, Vec<Sequence>>,
        policy: Policy,
    ) -> Result<Lexicon, LexiconError> {
        let mut lex = Lexicon {
            policy,
            ..Lexicon::default()
        };
        let mut all_phrases: Vec<String> = Vec::new();
        for (name, phrases) in lists {
            let id = lex.names.len() as ListId;
            lex.names.push(name.clone());
            for phrase in phrases {
                let phrase = phrase.trim();
                if phrase.is_empty() {
                    return Err(LexiconError::EmptyPhrase(name.clone()));
                }
                all_phrases.push(phrase.to_string());
                lex.phrase_list.push(id);
                if phrase.contains('\'') {
                    all_phrases.push(phrase.replace('\'', "\u{2019}"));
                    lex.phrase_list.push(id);
                }
            }
        }
        for (name, pats) in patterns {
            // A name in both tables is one list matched both ways.
            let id = lex.id_or_add(name);
            if pats.is_empty() {
                continue;
            }
            let parts: Vec<String> = pats
                .iter()
                .map(|p| format!("(?:{})", ascii_word_boundaries(p)))
                .collect();
            let flags = if policy.match_case { "" } else { "(?i)" };
            let source = format!("{flags}{}", parts.join("|"));
            lex.alternatives.push((flags, parts.into_boxed_slice()));
            // Compiled on first use, and checked then: the default pack's
            // patterns by the tests, a team's by `compile_now` when its rule
            // file is loaded. (Parsing them all up front costs a tenth of
            // checking a draft.)
            lex.patterns.push((id, LazyRegex::new(source, false)));
            lex.pattern_parts.push(pats.clone());
        }
        for (name, seqs) in sequences {
            let id = lex.id_or_add(name);
            for seq in seqs {
                if seq.parts.len() < 2 {
                    return Err(LexiconError::BadSequence {
                        list: name.clone(),
                        message: "a sequence needs at least two parts".into(),
                    });
                }
                let mut parts = Vec::with_capacity(seq.parts.len());
                for part in &seq.parts {
                    match lex.id(part) {
                        Some(p) if p != id => parts.push(p),
                        Some(_) => {
                            return Err(LexiconError::BadSequence {
                                list: name.clone(),
                                message: format!("`{part}` cannot be a part of its own sequence"),
                            });
                        }
                        None => {
                            return Err(LexiconError::BadSequence {
                                list: name.clone(),
                                message: format!(
                                    "part `{part}` is not a list in [lists] or [patterns]"
                                ),
                            });
                        }
                    }
                }
                lex.sequences.push((id, parts, seq.gap));
            }
        }
        lex.phrase_texts = all_phrases;
        Ok(lex)
    }

    /// Compiles every pattern now, so that an invalid pattern, or one too
    /// large for the regex engine, is an error when its rule is loaded.
    /// Patterns are otherwise compiled on first use, and a pattern list
    /// that cannot be compiled finds nothing.
    pub fn compile_now(&self) -> Result<(), LexiconError> {
        for ((id, re), parts) in self.patterns.iter().zip(&self.pattern_parts) {
            if re.get().is_some() {
                continue;
            }
            // The single pattern at fault, in the `regex` crate's words.
            let (pattern, message) = parts
                .iter()
                .find_map(|p| Regex::new(p).err().map(|e| (p.clone(), e.to_string())))
                .unwrap_or_else(|| {
                    let e = compile(&re.source, true).err();
                    (
                        re.source.clone(),
                        e.unwrap_or_else(|| "could not be compiled".into()),
                    )
                });
            return Err(LexiconError::BadPattern {
                list: self.names[*id as usize].clone(),
                pattern,
                message: message.lines().last().unwrap_or("").to_string(),
            });
        }
        Ok(())
    }

    /// The id of a named list, added if the lexicon does not have it yet.
    fn id_or_add(&mut self, name: &str) -> ListId {
        match self.id(name) {
            Some(id) => id,
            None => {
                self.names.push(name.to_string());
                (self.names.len() - 1) as ListId
            }
        }
    }

    /// The id of a named list, if the lexicon has it.
    pub fn id(&self, name: &str) -> Option<ListId> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| i as ListId)
    }

    /// Finds every match of every list in `text`, sorted by start offset.
    ///
    /// `text` should have its line breaks and tabs replaced by spaces (see
    /// [`crate::document::Document::flat`]) so that phrases match across
    /// wrapped lines.
    pub fn find_all(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let phrases = self.phrases.get_or_init(|| {
            (!self.phrase_texts.is_empty())
                .then(|| Trie::new(&self.phrase_texts, !self.policy.match_case))
        });
        if let Some(trie) = phrases {
            find_phrases(
                trie,
                text.as_bytes(),
                self.policy.word_boundary,
                |p, start, end| {
                    hits.push(Hit::new(self.phrase_list[p as usize], start, end));
                },
            );
        }
        for (id, re) in &self.patterns {
            re.with(|re, cache| {
                re.for_each(cache, text, |start, end| {
                    if start < end {
                        let (start, end) = char_span(text, start, end);
                        hits.push(Hit::new(*id, start, end));
                    }
                });
            });
        }
        self.finish(text, &mut hits);
        hits
    }

    /// Sorts and deduplicates the raw hits of this lexicon's phrases and
    /// patterns in `text`, and adds the hits of its sequences.
    fn finish(&self, text: &str, hits: &mut Vec<Hit>) {
        hits.sort_unstable_by_key(|h| (h.start(), h.list, h.end()));
        hits.dedup_by_key(|h| (h.start(), h.list));
        if !self.sequences.is_empty() {
            let found = self.find_sequences(text, hits);
            if !found.is_empty() {
                hits.extend(found);
                hits.sort_unstable_by_key(|h| (h.start(), h.list, h.end()));
                hits.dedup_by_key(|h| (h.start(), h.list));
            }
        }
    }

    /// The hits of the sequences, from the hits of their parts (sorted by
    /// start): for each hit of a first part, the nearest chain of the next
    /// parts, each starting after the one before ends, within the gap, with
    /// no sentence end between.
    fn find_sequences(&self, text: &str, hits: &[Hit]) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let by_list = |l: ListId| -> Vec<&Hit> { hits.iter().filter(|h| h.list == l).collect() };
        let mut out = Vec::new();
        for (id, parts, gap) in &self.sequences {
            let lists: Vec<Vec<&Hit>> = parts.iter().map(|p| by_list(*p)).collect();
            if lists.iter().any(Vec::is_empty) {
                continue;
            }
            'first: for h in &lists[0] {
                let mut end = h.end();
                for next in &lists[1..] {
                    let from = next.partition_point(|n| n.start() < end);
                    let Some(n) = next[from..].first() else {
                        continue 'first;
                    };
                    let between = &bytes[end..n.start()];
                    if n.start() - end > *gap
                        || between.iter().any(|b| matches!(b, b'.' | b'!' | b'?'))
                    {
                        continue 'first;
                    }
                    end = n.end();
                }
                out.push(Hit::new(*id, h.start(), end));
            }
        }
        out
    }
}

/// The literals a [`Scanner`] tries its gated pattern lists at.
#[derive(Debug)]
struct Gate {
    /// The phrase trie that also holds the literals (in `Scanner::automata`,
    /// a case-insensitive one), so that one walk finds phrases and literals:
    /// literal `i` is the trie's entry `i` plus its number of phrases
    /// (`None` when there are no literals).
    host: Option<usize>,
    /// For each literal, the pattern groups to try where it occurs (by
    /// index in `opens`).
    groups: Vec<u32>,
    /// Each distinct set of groups a literal opens: many literals open the
    /// same (those of one pattern, such as `\d` read as ten digits).
    opens: Vec<Opens>,
    /// The bytes that start a literal with groups to try elsewhere than
    /// at a word start (in both cases).
    anywhere: [bool; 256],
    /// True when a letter or digit is one of the `anywhere` bytes.
    anywhere_in_words: bool,
    /// The groups tried at the text's start: for each list with a pattern
    /// that matches only there, all its patterns.
    at_start: Vec<u32>,
}

/// Some patterns of a gated list, compiled together (see `Scanner::groups`).
#[derive(Debug)]
struct PatternGroup {
    /// The list, by index in `Scanner::regexes`.
    list: usize,
    /// The patterns, in the list's order.
    regex: LazyRegex,
    /// When every pattern is gated on its first bytes, those bytes: the
    /// group is tried only where one of them is.
    first: Option<Box<[bool; 256]>>,
}

/// The pattern groups (see `Scanner::groups`) to try where a gate literal
/// occurs.
#[derive(Debug)]
struct Opens {
    /// Where it starts a word (see [`starts_word`]).
    at_word: Box<[u32]>,
    /// Elsewhere: the groups of the patterns that do not start with `\b`.
    elsewhere: Box<[u32]>,
}

/// A pattern a gate literal opens: its list (in `Scanner::regexes`), its
/// index in the list, and whether it matches only at a word start.
type Opening = (u32, u32, bool);

/// Who owns a phrase or a pattern in a [`Scanner`]: a lexicon (by index)
/// and its list.
type Owners = Vec<(usize, ListId)>;

/// The owners of each phrase of a trie, in one vector: the owners of
/// phrase `i` are `all[starts[i]..starts[i + 1]]` (one allocation for the
/// pack's thousands of phrases, not one each).
#[derive(Debug, Default)]
struct PhraseOwners {
    starts: Vec<u32>,
    all: Vec<(usize, ListId)>,
}

impl PhraseOwners {
    /// The number of phrases.
    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The owners of phrase `i`.
    fn of(&self, i: usize) -> &[(usize, ListId)] {
        &self.all[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

/// The lexicons of many rules compiled together, so that a document is
/// scanned once for every phrase of every rule (one trie per matching
/// policy) and once for each distinct pattern list, however many rules
/// share it. [`Scanner::scan`] gives each lexicon exactly the hits its own
/// [`Lexicon::find_all`] would.
#[derive(Debug, Default)]
pub struct Scanner {
    /// One phrase trie per policy, and the owners of each of its phrases
    /// (one case-insensitive trie also holds the gate's literals).
    automata: Vec<(Policy, Trie, PhraseOwners)>,
    /// Each distinct pattern list once (as the lexicon and the index of
    /// its first owner's copy), and its owners.
    regexes: Vec<((usize, usize), Owners)>,
    /// The literals every match of a pattern list starts with, for the lists
    /// that have a short finite set of them: such a list is tried only where
    /// one of its literals occurs (found ASCII case-insensitively), with a
    /// search anchored there, instead of a scan of the whole text.
    gate: Option<Gate>,
    /// The patterns of one gated list that can match where a given literal
    /// occurs (those with the literal or one of its prefixes), as a regex
    /// of their own compiled on first use: the list there, and the list's
    /// index in `regexes`.
    groups: Vec<PatternGroup>,
    /// Which pattern lists the gate covers.
    gated: Vec<bool>,
}

/// A phrase policy, and each phrase of the scanner's lexicons under it,
/// with its lexicon and list.
type PolicyPhrases<'l> = (Policy, Vec<(&'l str, usize, ListId)>);

/// The number of trie entries (phrases and gate literals) from which a
/// scanner builds its tries on a second thread, while the first works out
/// the gate: below it, starting a thread costs more than it saves. The
/// default pack's scanners have about 3,600 (a draft: the tries 0.6 ms and
/// the gate 0.5 ms on one thread). A judgement.
const PARALLEL_TRIES: usize = 1024;

/// One trie per phrase policy, each with the owners of its phrases, and
/// which trie holds the gate's literals after its phrases: the first
/// case-insensitive one, or a trie of their own added last (`None` when
/// there are no gate literals).
fn tries_of(
    policies: &[PolicyPhrases],
    gate_literals: &[Literal],
) -> (Vec<(Policy, Trie, PhraseOwners)>, Option<usize>) {
    let gate_literals: Vec<&str> = gate_literals.iter().map(|l| &**l).collect();
    let mut automata = Vec::new();
    let mut host = None;
    for (policy, all) in policies {
        let hosts = !gate_literals.is_empty() && host.is_none() && !policy.match_case;
        if all.is_empty() && !hosts {
            continue;
        }
        // By the first eight bytes as one number, then the rest.
        let mut keyed: Vec<(u64, &str, usize, ListId)> = all
            .iter()
            .map(|&(p, lx, list)| (head(p.as_bytes()), p, lx, list))
            .collect();
        keyed.sort_unstable();
        let mut entries: Vec<&str> = Vec::with_capacity(keyed.len());
        let mut owners = PhraseOwners {
            starts: Vec::with_capacity(keyed.len() + 1),
            all: Vec::with_capacity(keyed.len()),
        };
        owners.starts.push(0);
        for same in keyed.chunk_by(|x, y| x.1 == y.1) {
            entries.push(same[0].1);
            owners.all.extend(same.iter().map(|x| (x.2, x.3)));
            owners.starts.push(owners.all.len() as u32);
        }
        if hosts {
            entries.extend_from_slice(&gate_literals);
            host = Some(automata.len());
        }
        let trie = Trie::new(&entries, !policy.match_case);
        automata.push((*policy, trie, owners));
    }
    if !gate_literals.is_empty() && host.is_none() {
        host = Some(automata.len());
        let trie = Trie::new(&gate_literals, true);
        automata.push((Policy::default(), trie, PhraseOwners::default()));
    }
    (automata, host)
}

/// A scanner's gate: for each of its literals (sorted), the groups of
/// patterns to try where it occurs, from the patterns it and its prefixes
/// open (`gate_sets`, each sorted); and the groups to try at the text's
/// start for the lists in `start_lists`. The groups are made into `groups`.
fn gate_of(
    lexicons: &[&Lexicon],
    regexes: &[(String, (usize, usize), Owners)],
    first_sets: &HashMap<(u32, u32), Box<[bool; 256]>>,
    gate_literals: &[Literal],
    mut gate_sets: Vec<Vec<Opening>>,
    start_lists: &[u32],
    groups: &mut Vec<PatternGroup>,
) -> Gate {
    let mut group_ids: BTreeMap<(u32, Vec<u32>), u32> = BTreeMap::new();
    let mut make_group = |r: u32, alts: &[u32]| -> u32 {
        if let Some(&id) = group_ids.get(&(r, alts.to_vec())) {
            return id;
        }
        let (lx, k) = regexes[r as usize].1;
        let (flags, parts) = &lexicons[lx].alternatives[k];
        let joined: Vec<&str> = alts.iter().map(|&a| parts[a as usize].as_str()).collect();
        let re = LazyRegex::new(format!("{flags}{}", joined.join("|")), true);
        // Tried only on one of its first bytes when all its
        // patterns are gated on them.
        let mut first: Option<Box<[bool; 256]>> = None;
        for &a in alts {
            let Some(set) = first_sets.get(&(r, a)) else {
                first = None;
                break;
            };
            let union = first.get_or_insert_with(|| Box::new([false; 256]));
            for (u, s) in union.iter_mut().zip(set.iter()) {
                *u |= s;
            }
        }
        let id = groups.len() as u32;
        groups.push(PatternGroup {
            list: r as usize,
            regex: re,
            first,
        });
        group_ids.insert((r, alts.to_vec()), id);
        id
    };
    // The groups to try for one set of (list, pattern, at a word
    // start only): at a word start, and elsewhere.
    let mut groups_of = |here: &[Opening], word_start: bool| -> Box<[u32]> {
        let mut ids = Vec::new();
        let mut alts: Vec<u32> = Vec::new();
        for run in here.chunk_by(|x, y| x.0 == y.0) {
            alts.clear();
            alts.extend(run.iter().filter(|x| word_start || !x.2).map(|x| x.1));
            if !alts.is_empty() {
                ids.push(make_group(run[0].0, &alts));
            }
        }
        ids.into_boxed_slice()
    };
    let mut literal_groups: Vec<u32> = Vec::with_capacity(gate_literals.len());
    let mut anywhere = [false; 256];
    // Literals with the same patterns to try share their groups.
    let mut known: BTreeMap<Vec<Opening>, u32> = BTreeMap::new();
    // The literals that are prefixes of the current one (sorted
    // order puts a literal's prefixes before it, and every literal
    // between them shares the prefix), with what each opens
    // together with its own prefixes.
    let mut chain: Vec<(usize, Vec<Opening>)> = Vec::new();
    let mut distinct: Vec<Opens> = Vec::new();
    for i in 0..gate_literals.len() {
        let literal = &gate_literals[i];
        while chain
            .last()
            .is_some_and(|(j, _)| !literal.starts_with(&*gate_literals[*j]))
        {
            chain.pop();
        }
        // Where a literal occurs, so do its prefixes: the patterns
        // any of them opens may match there.
        let own = std::mem::take(&mut gate_sets[i]);
        // (`own` is sorted: the openings were sorted by literal, then
        // opening.)
        let mut here = match chain.last() {
            Some((_, prefixes)) => {
                let mut here = prefixes.clone();
                here.extend_from_slice(&own);
                here.sort_unstable();
                here
            }
            None => own,
        };
        here.dedup();
        let at = match known.get(&here) {
            Some(&same) => same,
            None => {
                let at = distinct.len() as u32;
                distinct.push(Opens {
                    at_word: groups_of(&here, true),
                    elsewhere: groups_of(&here, false),
                });
                known.insert(here.clone(), at);
                at
            }
        };
        if !distinct[at as usize].elsewhere.is_empty() {
            let first = literal.as_bytes()[0];
            anywhere[first as usize] = true;
            anywhere[first.to_ascii_uppercase() as usize] = true;
        }
        literal_groups.push(at);
        chain.push((i, here));
    }
    // A list with a pattern that matches only at the text's
    // start: there, all its patterns (the others' literals may
    // be there too), in the list's order.
    let at_start = start_lists
        .iter()
        .map(|&r| {
            let (lx, k) = regexes[r as usize].1;
            let all: Vec<u32> = (0..lexicons[lx].alternatives[k].1.len() as u32).collect();
            make_group(r, &all)
        })
        .collect();
    Gate {
        host: None,
        groups: literal_groups,
        opens: distinct,
        anywhere_in_words: (0..=255u8).any(|b| anywhere[b as usize] && b.is_ascii_alphanumeric()),
        anywhere,
        at_start,
    }
}

/// A pattern and its [`prefix_literals`], in the build's table.
type PrefixEntry = (&'static str, Option<(&'static [&'static str], bool)>);

/// A pattern with its flags and its [`first_bytes`] (the set as a list of
/// bytes), in the build's table.
type FirstEntry = (
    &'static str,
    Option<(&'static [&'static str], bool, &'static [u8])>,
);

// The default pack's patterns as the gate reads them, from the build
// script: `PREFIX_TABLE` and `FIRST_TABLE`.
include!(concat!(env!("OUT_DIR"), "/gate_table.rs"));

/// [`prefix_literals`] of a pattern, from the build's table when the
/// pattern is the default pack's.
fn gate_prefix(part: &str) -> Option<(Vec<Literal>, bool)> {
    match PREFIX_TABLE.binary_search_by(|e| e.0.cmp(part)) {
        Ok(i) => PREFIX_TABLE[i].1.map(|(literals, word)| {
            (
                literals.iter().map(|&l| Literal::Borrowed(l)).collect(),
                word,
            )
        }),
        Err(_) => prefix_literals(part)
            .map(|(literals, word)| (literals.into_iter().map(Literal::Owned).collect(), word)),
    }
}

/// A gate literal: the build's, or read from a team's pattern.
type Literal = std::borrow::Cow<'static, str>;

/// [`first_bytes`] of a pattern with its flags, from the build's table when
/// the pattern is the default pack's.
fn gate_first(pattern: &str) -> Option<(Vec<Literal>, bool, Box<[bool; 256]>)> {
    match FIRST_TABLE.binary_search_by(|e| e.0.cmp(pattern)) {
        Ok(i) => FIRST_TABLE[i].1.map(|(literals, word, bytes)| {
            let mut set = Box::new([false; 256]);
            for &b in bytes {
                set[b as usize] = true;
            }
            let literals = literals.iter().map(|&l| Literal::Borrowed(l)).collect();
            (literals, word, set)
        }),
        Err(_) => first_bytes(pattern).map(|(literals, word, set)| {
            (
                literals.into_iter().map(Literal::Owned).collect(),
                word,
                set,
            )
        }),
    }
}

/// True when a word starts at `at` as an ASCII word boundary sees it: an
/// ASCII letter or digit there, and none (nor `_`) just before. A pattern
/// that starts with `\b` and then a letter or digit can match only there.
fn starts_word(bytes: &[u8], at: usize) -> bool {
    let ascii_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    bytes[at].is_ascii_alphanumeric() && (at == 0 || !ascii_word(bytes[at - 1]))
}

impl Scanner {
    /// Compiles the phrases and patterns of `lexicons` together.
    /// Only the lexicons `include` marks are compiled in; [`Scanner::scan`]
    /// finds no hits for the others.
    pub fn new(lexicons: &[&Lexicon], include: &[bool]) -> Scanner {
        let mut scanner = Scanner::default();
        // Per policy: each phrase with its lexicon and list, in one vector
        // (sorted and grouped by `tries_of`: the same phrase in several lists or
        // rules is one trie entry).
        let mut policies: Vec<PolicyPhrases> = Vec::new();
        let mut regexes: Vec<(String, (usize, usize), Owners)> = Vec::new();
        for (i, lex) in lexicons.iter().enumerate() {
            if !include.get(i).copied().unwrap_or(true) {
                continue;
            }
            let group = match policies.iter().position(|g| g.0 == lex.policy) {
                Some(g) => g,
                None => {
                    policies.push((lex.policy, Vec::new()));
                    policies.len() - 1
                }
            };
            let (_, phrases) = &mut policies[group];
            for (text, list) in lex.phrase_texts.iter().zip(&lex.phrase_list) {
                phrases.push((text.as_str(), i, *list));
            }
            for (k, (list, re)) in lex.patterns.iter().enumerate() {
                match regexes.iter_mut().find(|(s, _, _)| *s == re.source) {
                    Some((_, _, owners)) => owners.push((i, *list)),
                    None => regexes.push((re.source.clone(), (i, k), vec![(i, *list)])),
                }
            }
        }
        // The gate: the prefix literals of each pattern of the lists whose
        // every pattern has them, and which patterns each literal opens.
        let mut opening: Vec<(Literal, Opening)> = Vec::new();
        // Each gate literal once, in order, and the patterns it opens.
        let mut gate_literals: Vec<Literal> = Vec::new();
        let mut gate_sets: Vec<Vec<Opening>> = Vec::new();
        // The first bytes of the patterns gated on them (see `first_bytes`).
        let mut first_sets: HashMap<(u32, u32), Box<[bool; 256]>> = HashMap::new();
        let mut gated = vec![false; regexes.len()];
        // The gated lists with a pattern that can only match at the text's
        // start.
        let mut start_lists: Vec<u32> = Vec::new();
        'list: for (r, (_, (lx, k), _)) in regexes.iter().enumerate() {
            let (flags, parts) = &lexicons[*lx].alternatives[*k];
            let mut found = Vec::with_capacity(parts.len());
            for part in parts.iter() {
                match gate_prefix(part) {
                    Some((lits, word)) => found.push((lits, word, None)),
                    // The first bytes, read with the list's flags: a class
                    // is narrower where letter case matters.
                    None => match gate_first(&format!("{flags}{part}")) {
                        Some((lits, word, set)) => found.push((lits, word, Some(set))),
                        // Tried at the text's start only (no literals).
                        None if starts_text(part) => found.push((Vec::new(), false, None)),
                        None => continue 'list,
                    },
                }
            }
            gated[r] = true;
            if found.iter().any(|(lits, _, _)| lits.is_empty()) {
                start_lists.push(r as u32);
            }
            for (a, (lits, word, set)) in found.into_iter().enumerate() {
                for l in lits {
                    let word = crate::gate::at_word_start(word, &l);
                    opening.push((l, (r as u32, a as u32, word)));
                }
                if let Some(set) = set {
                    first_sets.insert((r as u32, a as u32), set);
                }
            }
        }
        if !opening.is_empty() {
            // Each literal once, with the patterns it opens, in order
            // (compared by their first eight bytes first, one number each:
            // most comparisons end there).
            let mut keyed: Vec<(u64, Literal, Opening)> = opening
                .into_iter()
                .map(|(l, o)| (head(l.as_bytes()), l, o))
                .collect();
            keyed.sort_unstable();
            for (_, literal, o) in keyed {
                match gate_literals.last() {
                    Some(last) if *last == literal => {
                        if let Some(os) = gate_sets.last_mut() {
                            os.push(o);
                        }
                    }
                    _ => {
                        gate_literals.push(literal);
                        gate_sets.push(vec![o]);
                    }
                }
            }
        }
        // The tries need the gate's literals only: they are built on a
        // second thread while this one works out what each literal opens.
        let gate_literals = &gate_literals;
        let phrase_count: usize = policies.iter().map(|p| p.1.len()).sum();
        let policies = &policies;
        let build_tries = move || tries_of(policies, gate_literals);
        let tries = std::thread::scope(|s| {
            let worker = (gate_literals.len() + phrase_count >= PARALLEL_TRIES)
                .then(|| {
                    std::thread::Builder::new()
                        .spawn_scoped(s, build_tries)
                        .ok()
                })
                .flatten();
            if !gate_sets.is_empty() || !start_lists.is_empty() {
                scanner.gate = Some(gate_of(
                    lexicons,
                    &regexes,
                    &first_sets,
                    gate_literals,
                    gate_sets,
                    &start_lists,
                    &mut scanner.groups,
                ));
            }
            match worker {
                Some(worker) => worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                None => build_tries(),
            }
        });
        let (automata, host) = tries;
        scanner.automata = automata;
        if let Some(gate) = &mut scanner.gate {
            gate.host = host;
        }
        scanner.gated = gated;
        scanner.regexes = regexes.into_iter().map(|(_, at, o)| (at, o)).collect();
        scanner
    }

    /// The hits of each lexicon in `text`, for the lexicons `wanted` says
    /// (the others get none): one pass per automaton and per distinct
    /// pattern list.
    pub fn scan(&self, text: &str, lexicons: &[&Lexicon], wanted: &[bool]) -> Vec<Vec<Hit>> {
        self.scan_in(text, std::iter::once(0..text.len()), lexicons, wanted)
    }

    /// The hits that start inside one of `spans`, which are byte ranges of
    /// `text` in order of start (such as a document's sentences: what the
    /// rules read); bytes outside them are not searched. A hit may end past
    /// its span, and the text around a span still decides word boundaries,
    /// so a hit is found exactly as in the whole text. Spans that overlap
    /// are read as one; spans out of order are read as the range from the
    /// first start to the last end.
    ///
    /// For a gated pattern list, as in a whole-text search, a match hides
    /// any later one that starts inside it, and only matches that start in
    /// a span count.
    pub fn scan_in<I>(
        &self,
        text: &str,
        spans: I,
        lexicons: &[&Lexicon],
        wanted: &[bool],
    ) -> Vec<Vec<Hit>>
    where
        I: Iterator<Item = Range<usize>> + Clone,
    {
        let spans = Spans::new(spans, text.len());
        let mut out: Vec<Vec<Hit>> = vec![Vec::new(); lexicons.len()];
        let bytes = text.as_bytes();
        let needed: Vec<bool> = self
            .regexes
            .iter()
            .map(|(_, owners)| owners.iter().any(|(lx, _)| wanted[*lx]))
            .collect();
        let push = |out: &mut Vec<Vec<Hit>>, owners: &Owners, start: usize, end: usize| {
            let (start, end) = char_span(text, start, end);
            for (lx, list) in owners {
                if wanted[*lx] {
                    out[*lx].push(Hit::new(*list, start, end));
                }
            }
        };
        // Where each gated list's last match ends.
        let mut done = vec![0usize; self.regexes.len()];
        // First, at the text's start, the lists with a pattern that can
        // only match there.
        let from_start = spans.clone().next().is_some_and(|span| span.start == 0);
        for &g in self.gate.iter().flat_map(|gate| &gate.at_start) {
            let group = &self.groups[g as usize];
            let r = group.list;
            if needed[r]
                && from_start
                && let Some(end) = group.regex.match_at(text, 0).filter(|&end| end > 0)
            {
                push(&mut out, &self.regexes[r].1, 0, end);
                done[r] = end;
            }
        }
        for (t, (policy, trie, owners)) in self.automata.iter().enumerate() {
            let gate = self.gate.as_ref().filter(|g| g.host == Some(t));
            let phrases = owners.len() as u32;
            // Inside an ASCII word (a letter or digit after one) nothing can
            // start: no phrase, when phrases match whole words, and no gate
            // literal, unless one may start anywhere with a letter or digit.
            // The scan then reads the rest of each word in a tight loop.
            let skip_inside = policy.word_boundary && gate.is_none_or(|g| !g.anywhere_in_words);
            for span in spans.clone() {
                let mut after_word = span.start > 0 && is_word_byte(bytes[span.start - 1]);
                let mut next = span.start;
                while next < span.end {
                    let at = next;
                    let b = bytes[at];
                    next = at + 1;
                    if skip_inside && b.is_ascii_alphanumeric() {
                        while next < span.end && bytes[next].is_ascii_alphanumeric() {
                            next += 1;
                        }
                    }
                    // A phrase that starts with a letter or digit starts a word.
                    let in_word = is_word_byte(b);
                    let phrase_here = !policy.word_boundary || !in_word || !after_word;
                    after_word = in_word;
                    if !trie.may_start_at(bytes, at) {
                        continue;
                    }
                    let word = gate.is_some() && starts_word(bytes, at);
                    let gate_here = gate.is_some_and(|g| word || g.anywhere[b as usize]);
                    if !phrase_here && !gate_here {
                        continue;
                    }
                    // The longest gate literal found here: its groups cover
                    // those of its prefixes.
                    let mut longest = None;
                    trie.starting_at(bytes, at, |id, end| {
                        if id >= phrases {
                            if gate_here {
                                longest = Some(id - phrases);
                            }
                        } else if phrase_here
                            && (!policy.word_boundary || on_word_boundary(bytes, at, end))
                        {
                            for (lx, list) in owners.of(id as usize) {
                                if wanted[*lx] {
                                    out[*lx].push(Hit::new(*list, at, end));
                                }
                            }
                        }
                    });
                    let (Some(gate), Some(literal)) = (gate, longest) else {
                        continue;
                    };
                    // The gated lists: every match starts where one of the
                    // literals of one of the list's patterns does, so each list
                    // is tried there only, anchored, in order of position and
                    // skipping positions inside its last match, as `find_iter`
                    // would (leftmost first, no overlaps). Only the list's
                    // patterns that can match there are tried, in the list's
                    // order: the others cannot match there, so the first of
                    // them that matches is what the whole list would match.
                    let opens = &gate.opens[gate.groups[literal as usize] as usize];
                    let groups = if word {
                        &opens.at_word
                    } else {
                        &opens.elsewhere
                    };
                    for &g in groups.iter() {
                        let group = &self.groups[g as usize];
                        let r = group.list;
                        if !needed[r]
                            || at < done[r]
                            || group.first.as_ref().is_some_and(|f| !f[b as usize])
                        {
                            continue;
                        }
                        let end = group.regex.match_at(text, at).filter(|&end| at < end);
                        if let Some(end) = end {
                            push(&mut out, &self.regexes[r].1, at, end);
                            done[r] = end;
                        }
                    }
                }
            }
        }
        // The lists without literals scan the whole text, and keep the
        // matches that start in a span.
        for (r, ((lx, k), owners)) in self.regexes.iter().enumerate() {
            if !needed[r] || self.gated[r] {
                continue;
            }
            let mut inside = spans.clone().peekable();
            lexicons[*lx].patterns[*k].1.with(|re, cache| {
                re.for_each(cache, text, |start, end| {
                    while inside.next_if(|span| span.end <= start).is_some() {}
                    let in_span = inside.peek().is_some_and(|span| span.start <= start);
                    if start < end && in_span {
                        push(&mut out, owners, start, end);
                    }
                });
            });
        }
        for (i, hits) in out.iter_mut().enumerate() {
            if wanted[i] {
                lexicons[i].finish(text, hits);
                // The hits live while the rules run: no spare capacity.
                hits.shrink_to_fit();
            }
        }
        out
    }
}

/// The spans a [`Scanner::scan_in`] searches: in order, those it was given
/// joined where they meet; out of order, the one range from the first start
/// to the last end. Made again for each pass, so that no list of them is
/// kept.
#[derive(Clone)]
struct Spans<I> {
    joined: Joined<I>,
    /// Out of order, the range read instead (`Some(None)` once read).
    hull: Option<Option<Range<usize>>>,
}

impl<I: Iterator<Item = Range<usize>> + Clone> Spans<I> {
    fn new(spans: I, len: usize) -> Spans<I> {
        let mut last = 0;
        let mut sorted = true;
        let mut hull: Option<Range<usize>> = None;
        for span in spans.clone() {
            sorted &= span.start >= last;
            last = span.start;
            hull = Some(match hull {
                Some(h) => h.start.min(span.start)..h.end.max(span.end),
                None => span,
            });
        }
        Spans {
            joined: Joined::new(spans, len),
            hull: (!sorted).then(|| hull.map(|h| h.start.min(len)..h.end.min(len))),
        }
    }
}

impl<I: Iterator<Item = Range<usize>>> Iterator for Spans<I> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        match &mut self.hull {
            None => self.joined.next(),
            Some(hull) => hull.take(),
        }
    }
}

/// Calls `found(phrase, start, end)` for every occurrence of a phrase of
/// `trie` in `bytes`; with `word_boundary`, only those that neither start
/// nor end inside a word (see [`on_word_boundary`]). Phrases overlap freely:
/// "we" and "we will" are both found in "we will".
fn find_phrases(
    trie: &Trie,
    bytes: &[u8],
    word_boundary: bool,
    mut found: impl FnMut(u32, usize, usize),
) {
    let mut after_word = false;
    for (at, &b) in bytes.iter().enumerate() {
        let in_word = is_word_byte(b);
        // A phrase that starts with a letter or digit starts a word.
        let may_start = !word_boundary || !in_word || !after_word;
        after_word = in_word;
        if may_start && trie.may_start(b) {
            trie.starting_at(bytes, at, |p, end| {
                if !word_boundary || on_word_boundary(bytes, at, end) {
                    found(p, at, end);
                }
            });
        }
    }
}

/// A byte of a word, for phrase boundaries: an ASCII letter or digit, or
/// any byte of a non-ASCII character.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// True when a match does not start or end inside a word.
fn on_word_boundary(bytes: &[u8], start: usize, end: usize) -> bool {
    let word = is_word_byte;
    let first_is_word = bytes.get(start).is_some_and(|&b| word(b));
    let last_is_word = end > 0 && bytes.get(end - 1).is_some_and(|&b| word(b));
    let before_ok = !first_is_word || start == 0 || !word(bytes[start - 1]);
    let after_ok = !last_is_word || end >= bytes.len() || !word(bytes[end]);
    before_ok && after_ok
}

/// The hits whose start lies in `start..end`, from a slice sorted by start.
pub fn hits_in(hits: &[Hit], start: usize, end: usize) -> &[Hit] {
    let lo = hits.partition_point(|h| h.start() < start);
    let hi = hits.partition_point(|h| h.start() < end);
    &hits[lo..hi]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(lists: &[(&str, &[&str])], pats: &[(&str, &[&str])]) -> Lexicon {
        let conv = |v: &[(&str, &[&str])]| {
            v.iter()
                .map(|(n, l)| (n.to_string(), l.iter().map(|s| s.to_string()).collect()))
                .collect::<BTreeMap<_, _>>()
        };
        Lexicon::compile(&conv(lists), &conv(pats)).unwrap()
    }

    /// What an overlapping Aho-Corasick search finds, filtered to word
    /// boundaries: the phrase search must find exactly this.
    fn reference_phrases(
        phrases: &[String],
        text: &str,
        fold: bool,
        words: bool,
    ) -> Vec<(u32, usize, usize)> {
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(fold)
            .build(phrases)
            .unwrap();
        let mut out: Vec<(u32, usize, usize)> = ac
            .find_overlapping_iter(text)
            .filter(|m| !words || on_word_boundary(text.as_bytes(), m.start(), m.end()))
            .map(|m| (m.pattern().as_u32(), m.start(), m.end()))
            .collect();
        out.sort_unstable();
        out
    }

    proptest::proptest! {
        #[test]
        fn the_phrase_trie_finds_what_an_overlapping_automaton_finds(
            phrases in proptest::collection::vec("(we|We|will|ill|l|’|'|a|-|\\$|é| ){1,4}", 1..12),
            text in "(we|WE|will|ill|l|’|'|a|-|\\$|é| |x|\\.){0,40}",
            fold: bool,
            words: bool,
        ) {
            let trie = Trie::new(&phrases, fold);
            let mut found = Vec::new();
            find_phrases(&trie, text.as_bytes(), words, |p, s, e| found.push((p, s, e)));
            found.sort_unstable();
            proptest::prop_assert_eq!(found, reference_phrases(&phrases, &text, fold, words));
        }
    }

    #[test]
    fn phrases_respect_word_boundaries_and_case() {
        let l = lex(&[("v", &["let me know", "we"])], &[]);
        let hits = l.find_all("Please LET ME KNOW what weather we get");
        let texts: Vec<_> = hits
            .iter()
            .map(|h| &"Please LET ME KNOW what weather we get"[h.start()..h.end()])
            .collect();
        assert_eq!(texts, vec!["LET ME KNOW", "we"]);
    }

    #[test]
    fn patterns_match_in_ascii_mode_on_whole_characters() {
        // ASCII mode: `[^.]{0,4}` counts bytes, and a match that would end
        // inside "é" is widened to the whole character.
        let text = "ab caf\u{e9} x";
        let l = lex(&[], &[("p", &[r"\bcaf[^.]{0,1}"])]);
        let hits = l.find_all(text);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].start()..hits[0].end()], "caf\u{e9}");
        // A non-ASCII character in a class needs Unicode mode: the list is
        // compiled that way and still matches.
        let l = lex(&[], &[("q", &[r"\bit['\u{2019}]s\b"])]);
        l.compile_now().unwrap();
        assert_eq!(l.find_all("so it\u{2019}s done, it's fine").len(), 2);
    }

    #[test]
    fn a_scanner_finds_what_each_lexicon_finds_alone() {
        // `gated` opens with literals (searched anchored where they occur,
        // forward automaton only); `open` has none (searched everywhere).
        let a = lex(
            &[("p", &["let me know"])],
            &[("gated", &[r"\bbest\s+(?:price|deal)s?\b", r"\d+\s?%"])],
        );
        let b = lex(&[], &[("open", &[r"[A-Z][a-z]+ said"])]);
        let text =
            "Let me know: best prices, 20 % off, best deal. Ana said so; 5% more, best deals.";
        let scanner = Scanner::new(&[&a, &b], &[true, true]);
        let hits = scanner.scan(text, &[&a, &b], &[true, true]);
        assert_eq!(hits[0], a.find_all(text));
        assert_eq!(hits[1], b.find_all(text));
        let found: Vec<&str> = hits[0].iter().map(|h| &text[h.start()..h.end()]).collect();
        assert_eq!(
            found,
            [
                "Let me know",
                "best prices",
                "20 %",
                "best deal",
                "5%",
                "best deals"
            ]
        );
        assert_eq!(hits[1].len(), 1);
    }

    #[test]
    fn a_scan_reads_inside_words_only_for_literals_that_start_there() {
        // Phrases and patterns at word starts: the scan skips the inside of
        // each ASCII word. A pattern without `\b` (`date:` in `Update:`)
        // makes it read inside words again, and finds what the list finds
        // alone.
        let text = "Update: the café2 plan, candidate: Ann; we'll re-date: \
                    x_best deal, Ébest deal, 2best deals.";
        let at_words = lex(
            &[("p", &["best deal", "plan"])],
            &[("gated", &[r"\bbest\s+deals?\b", r"\b\d"])],
        );
        let inside = lex(&[], &[("labels", &[r"(?:date|time)\s*:"])]);
        for lexicons in [vec![&at_words], vec![&at_words, &inside]] {
            let all = vec![true; lexicons.len()];
            let scanner = Scanner::new(&lexicons, &all);
            let hits = scanner.scan(text, &lexicons, &all);
            for (lx, hits) in lexicons.iter().zip(&hits) {
                assert_eq!(*hits, lx.find_all(text));
            }
        }
        let labels: Vec<&str> = inside
            .find_all(text)
            .iter()
            .map(|h| &text[h.start()..h.end()])
            .collect();
        assert_eq!(labels, ["date:", "date:", "date:"]);
    }

    #[test]
    // Lists of spans with one span in them.
    #[allow(clippy::single_range_in_vec_init)]
    fn a_scan_in_spans_finds_the_hits_that_start_in_them() {
        // Phrases, a gated list and an ungated one: inside the spans, the
        // hits of a whole-text scan that start there (one may end past its
        // span: "let me know" from 0..4); outside, none; a word boundary is
        // read across a span's edge ("xbest deal" has no hit at 1).
        let a = lex(
            &[("p", &["let me know", "deal", "best"])],
            &[("gated", &[r"\bbest\s+(?:price|deal)s?\b", r"\d+\s?%"])],
        );
        let b = lex(&[], &[("open", &[r"[A-Z][a-z]+ said"])]);
        let text = "Let me know: best prices, 20 % off. Ana said xbest deal; 5% more, best deals.";
        let mid_word = text.find("best deal;").unwrap();
        let scanner = Scanner::new(&[&a, &b], &[true, true]);
        let all = scanner.scan(text, &[&a, &b], &[true, true]);
        let cases: [&[Range<usize>]; 7] = [
            &[0..4],
            &[mid_word..mid_word + 9],
            &[0..text.len()],
            &[10..30, 36..50],
            &[36..50, 40..60, 60..text.len()],
            &[],
            &[30..40, 0..4],
        ];
        for spans in cases {
            let hits = scanner.scan_in(text, spans.iter().cloned(), &[&a, &b], &[true, true]);
            // Out of order, the spans are read as their hull.
            let hull = [spans.iter().map(|r| r.start).min().unwrap_or(0)
                ..spans.iter().map(|r| r.end).max().unwrap_or(0)];
            let read = if spans.is_sorted_by_key(|r| r.start) {
                spans
            } else {
                &hull[..]
            };
            for (found, whole) in hits.iter().zip(&all) {
                let expected: Vec<Hit> = whole
                    .iter()
                    .copied()
                    .filter(|h| read.iter().any(|r| r.contains(&h.start())))
                    .collect();
                assert_eq!(found, &expected, "{spans:?}");
            }
        }
        let words = |hits: &[Hit]| -> Vec<&str> {
            hits.iter().map(|h| &text[h.start()..h.end()]).collect()
        };
        let hits = scanner.scan_in(text, [0..4].into_iter(), &[&a, &b], &[true, true]);
        assert_eq!(words(&hits[0]), ["Let me know"]);
        let hits = scanner.scan_in(text, [40..58].into_iter(), &[&a, &b], &[true, true]);
        assert_eq!(words(&hits[0]), ["deal", "5%"]);
        assert!(hits[1].is_empty(), "\"Ana said\" starts before the span");
    }

    #[test]
    // Lists of spans with one span in them.
    #[allow(clippy::single_range_in_vec_init)]
    fn a_pattern_that_matches_only_at_the_text_start_is_tried_there_with_its_list() {
        // `^\s*todo:` has no literal: the list is still gated, its
        // patterns all tried at the start (where `@ann` would also match,
        // later in the list's order) and the others where their literals
        // occur.
        let a = lex(
            &[],
            &[(
                "owner",
                &[
                    r"^\s*(?:todo|to do)\s*:",
                    r"(?:^|\s)@[a-z]+ to\b",
                    r"\baction:",
                ],
            )],
        );
        for text in [
            "  todo: send it. @ann to call; action: book",
            "@bo to call. todo: no, only at the start",
            "to do : x",
            "nothing here",
            "",
        ] {
            let scanner = Scanner::new(&[&a], &[true]);
            assert!(scanner.gated.iter().all(|&g| g), "the list is gated");
            let hits = scanner.scan(text, &[&a], &[true]);
            assert_eq!(hits[0], a.find_all(text), "{text:?}");
        }
        let text = "  todo: send it. @ann to call";
        let scanner = Scanner::new(&[&a], &[true]);
        let hits = scanner.scan(text, &[&a], &[true]);
        let found: Vec<&str> = hits[0].iter().map(|h| &text[h.start()..h.end()]).collect();
        assert_eq!(found, ["  todo:", " @ann to"]);
        // Searched from a span after the start, the start's list is not.
        let hits = scanner.scan_in(text, [4..text.len()].into_iter(), &[&a], &[true]);
        let found: Vec<&str> = hits[0].iter().map(|h| &text[h.start()..h.end()]).collect();
        assert_eq!(found, [" @ann to"]);
        assert!(crate::gate::starts_text(r"(?:(?-i:^\s*todo:))"));
        assert!(!crate::gate::starts_text(r"(?:^|\s)@x"));
        assert!(!crate::gate::starts_text(r"(?m)^todo"));
    }

    #[test]
    fn a_gated_list_keeps_the_order_of_its_patterns_and_their_boundaries() {
        // At one place, the list's first pattern that matches wins, even
        // when a later one is longer or has a longer literal; patterns that
        // start with `\b` are tried only at word starts (an ASCII `\b`:
        // `_` is a word character, `é` is not), the others anywhere.
        let a = lex(
            &[],
            &[(
                "l",
                &[r"\bab", r"\babc\w*", r"cd\b", r"\bx[0-9]", r"\bxy", r"q+"],
            )],
        );
        let text = "abcd zabc abcde _ab éab x1y xy qq aqq Abcd";
        let scanner = Scanner::new(&[&a], &[true]);
        let hits = scanner.scan(text, &[&a], &[true]);
        assert_eq!(hits[0], a.find_all(text));
        let found: Vec<(usize, &str)> = hits[0]
            .iter()
            .map(|h| (h.start(), &text[h.start()..h.end()]))
            .collect();
        assert_eq!(
            found,
            [
                (0, "ab"),
                (2, "cd"),
                (10, "ab"),
                (22, "ab"),
                (25, "x1"),
                (29, "xy"),
                (32, "qq"),
                (36, "qq"),
                (39, "Ab"),
                (41, "cd")
            ]
        );
    }

    #[test]
    fn a_word_literal_of_a_bounded_pattern_is_tried_at_word_starts_only() {
        // `\b(?:will|'ll)`: a match may start after a word character (at
        // `'ll`), but one that starts with `will` starts a word.
        let a = lex(&[], &[("l", &[r"\b(?:will|'ll) (?:go|send)\b"])]);
        let text = "We'll send it; swill go; I will go, _will go and we'll go.";
        let scanner = Scanner::new(&[&a], &[true]);
        let hits = scanner.scan(text, &[&a], &[true]);
        assert_eq!(hits[0], a.find_all(text));
        let found: Vec<&str> = hits[0].iter().map(|h| &text[h.start()..h.end()]).collect();
        assert_eq!(found, ["'ll send", "will go", "'ll go"]);
        assert!(crate::gate::at_word_start(true, "will"));
        assert!(!crate::gate::at_word_start(true, "'ll"));
        assert!(!crate::gate::at_word_start(false, "will"));
    }

    #[test]
    fn a_list_led_by_a_wide_class_is_gated_on_its_first_bytes_with_its_flags() {
        // `[a-m]` is too wide for literals: the list is tried at word starts
        // whose first byte the class takes, read case-insensitively as the
        // list is; `(?-i:[A-Z])` takes capitals only.
        let a = lex(
            &[],
            &[
                ("l", &[r"\b[a-m]x\b"]),
                ("m", &[r"\b(?-i:[A-Z])[a-z]+ said", r"\bzz"]),
            ],
        );
        assert!(first_bytes(r"(?i)(?:\b[a-m]x\b)").is_some());
        let text = "Ax bx Nx ax_ Ana said, ana said. Zz zz";
        let scanner = Scanner::new(&[&a], &[true]);
        let hits = scanner.scan(text, &[&a], &[true]);
        assert_eq!(hits[0], a.find_all(text));
        let found: Vec<&str> = hits[0].iter().map(|h| &text[h.start()..h.end()]).collect();
        assert_eq!(found, ["Ax", "bx", "Ana said", "Zz", "zz"]);
    }

    #[test]
    fn the_build_reads_the_default_packs_patterns_as_a_start_would() {
        // Every pattern of the default pack is in the build's table, and
        // the table holds what reading the pattern now gives.
        let pack = crate::rule::Pack::default_pack(&Default::default()).unwrap();
        let mut checked = 0;
        for rule in &pack.rules {
            for (flags, parts) in &rule.check.lexicon().alternatives {
                for part in parts.iter() {
                    let at = PREFIX_TABLE.binary_search_by(|e| e.0.cmp(part));
                    assert!(at.is_ok(), "{part} is not in the build's table");
                    let owned = |(lits, word): (Vec<Literal>, bool)| {
                        (lits.into_iter().map(Literal::into_owned).collect(), word)
                    };
                    assert_eq!(
                        gate_prefix(part).map(owned),
                        prefix_literals(part),
                        "{part}"
                    );
                    if prefix_literals(part).is_none() {
                        let key = format!("{flags}{part}");
                        assert!(FIRST_TABLE.binary_search_by(|e| e.0.cmp(&key)).is_ok());
                        let from_table = gate_first(&key).map(|(lits, word, set)| {
                            (
                                lits.into_iter().map(Literal::into_owned).collect(),
                                word,
                                set,
                            )
                        });
                        assert_eq!(from_table, first_bytes(&key), "{key}");
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked} patterns");
    }

    #[test]
    fn the_build_compiled_each_group_of_the_default_pack_as_a_start_would() {
        // Every group a scanner of the default pack makes is one the build
        // enumerated: in its table, or set aside as too large.
        let pack = crate::rule::Pack::default_pack(&Default::default()).unwrap();
        let lexicons: Vec<&Lexicon> = pack.rules.iter().map(|r| r.check.lexicon()).collect();
        let scanner = Scanner::new(&lexicons, &vec![true; lexicons.len()]);
        let mut built = Vec::new();
        let mut split = 0;
        for group in &scanner.groups {
            let source = group.regex.source.as_str();
            match precompiled(source) {
                Some(prebuilt) => {
                    split += usize::from(matches!(prebuilt, Prebuilt::Split(_)));
                    built.push((source, prebuilt));
                }
                None => assert!(
                    GROUPS_COMPILED_LATE.contains(&source),
                    "the build did not enumerate the group {source}"
                ),
            }
        }
        assert!(built.len() > 50, "{} groups from the build", built.len());
        // At least one group is too large as a whole, so the split path is
        // checked below too.
        assert!(split > 0, "{split} groups split by pattern");
        // Each built group (whole, or pattern by pattern) finds, at every
        // place of the rules' examples and the samples, what the group
        // compiled now finds there.
        let mut texts: Vec<String> = pack
            .rules
            .iter()
            .flat_map(|r| r.spec.examples.iter().map(|e| e.text.clone()))
            .collect();
        for entry in std::fs::read_dir("samples").unwrap() {
            texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default());
        }
        let text = texts.join("\n");
        let mut found = 0;
        for (source, prebuilt) in &built {
            let compiled = LazyRegex::new(source.to_string(), true);
            let now = compiled.get().unwrap();
            let mut cache = now.create_cache();
            // As a scanner runs it: through this thread's tables of the
            // build's DFAs.
            let tabled = LazyRegex::new(source.to_string(), true);
            for at in (0..text.len()).filter(|&at| text.is_char_boundary(at)) {
                let early = prebuilt.match_at(&text, at);
                assert_eq!(
                    early,
                    now.match_at(&mut cache, &text, at),
                    "{source} at {at}"
                );
                assert_eq!(early, tabled.match_at(&text, at), "{source} at {at}");
                found += usize::from(early.is_some());
            }
        }
        assert!(found > 100, "{found} matches");
    }

    #[test]
    fn every_dfa_the_build_embedded_passes_the_full_check() {
        // `precompiled` reads the build's DFAs without checking their
        // states; this is the check it leaves out, on every one of them.
        let mut places: Vec<(usize, usize)> = GROUP_DFAS.iter().map(|e| (e.1, e.2)).collect();
        for (_, patterns) in GROUP_SPLITS {
            places.extend(patterns.iter().filter_map(|p| p.1));
        }
        assert!(places.len() > 50, "{} DFAs", places.len());
        let mut covered = 0;
        for (at, len) in places {
            let bytes = &GROUP_DFA_BYTES[at..at + len];
            let (_, read) = SparseDfa::from_bytes(bytes).unwrap_or_else(|e| panic!("at {at}: {e}"));
            assert_eq!(read, len, "the DFA at {at} is all its bytes");
            covered += len;
        }
        assert_eq!(covered, GROUP_DFA_BYTES.len(), "no bytes outside a DFA");
    }

    /// Word boundaries made ASCII character by character, as a reference.
    fn ascii_word_boundaries_by_char(pattern: &str) -> String {
        let mut out = String::new();
        let mut chars = pattern.chars();
        let mut in_class = 0usize;
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('b') if in_class == 0 => out.push_str("(?-u:\\b)"),
                    Some('B') if in_class == 0 => out.push_str("(?-u:\\B)"),
                    Some(n) => {
                        out.push('\\');
                        out.push(n);
                    }
                    None => out.push('\\'),
                },
                '[' => {
                    in_class += 1;
                    out.push(c);
                }
                ']' if in_class > 0 => {
                    in_class -= 1;
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn word_boundaries_are_rewritten_as_character_by_character(
            pattern in "(\\\\|b|B|\\[|\\]|x|é|’|d){0,24}",
        ) {
            proptest::prop_assert_eq!(
                ascii_word_boundaries(&pattern),
                ascii_word_boundaries_by_char(&pattern)
            );
        }
    }

    #[test]
    fn gate_literals_read_escapes_as_written() {
        // `\d` is an ASCII digit, `\s` a space, inside a class or not; an
        // escaped backslash before `s` or `d` stays a backslash.
        assert_eq!(
            prefix_literals(r"n[\d]\sx").unwrap().0,
            (0..10).map(|d| format!("n{d} x")).collect::<Vec<_>>()
        );
        assert_eq!(
            prefix_literals(r"c:\\sd").unwrap().0,
            vec![r"c:\sd".to_string()]
        );
        assert_eq!(ascii_word_boundaries(r"\bx\\b[\b]"), r"(?-u:\b)x\\b[\b]");
    }

    #[test]
    fn straight_apostrophe_matches_curly() {
        let l = lex(&[("a", &["I'd love to hear"])], &[]);
        assert_eq!(l.find_all("I\u{2019}d love to hear more").len(), 1);
    }

    #[test]
    fn patterns_are_case_insensitive() {
        let l = lex(&[], &[("t", &[r"\bnext week\b"])]);
        assert_eq!(l.find_all("See you Next Week.").len(), 1);
    }

    #[test]
    fn policy_controls_case_and_word_boundaries() {
        let lists = BTreeMap::from([("a".to_string(), vec!["ASAP".to_string()])]);
        let exact = Policy {
            match_case: true,
            word_boundary: true,
        };
        let l = Lexicon::compile_with(&lists, &BTreeMap::new(), exact).unwrap();
        assert_eq!(l.find_all("asap, ASAP").len(), 1);
        let loose = Policy {
            match_case: false,
            word_boundary: false,
        };
        let l = Lexicon::compile_with(&lists, &BTreeMap::new(), loose).unwrap();
        assert_eq!(l.find_all("asaply").len(), 1);
        assert_eq!(lex(&[("a", &["asap"])], &[]).find_all("asaply").len(), 0);
    }

    #[test]
    fn word_boundaries_in_patterns_become_ascii_ones() {
        assert_eq!(ascii_word_boundaries(r"\bnext\b"), r"(?-u:\b)next(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"\Bx"), r"(?-u:\B)x");
        // An escaped backslash, a class and other escapes are left alone.
        assert_eq!(ascii_word_boundaries(r"\\b[\b-]\d"), r"\\b[\b-]\d");
        let l = lex(&[], &[("t", &[r"\bnext week\b"])]);
        assert_eq!(l.find_all("“Next week” works, café next week.").len(), 2);
        assert_eq!(l.find_all("nextweek").len(), 0);
    }

    #[test]
    fn bad_pattern_names_the_list() {
        let pats = BTreeMap::from([("t".to_string(), vec!["ok".to_string(), "(".to_string()])]);
        // Checked when compiled: `compile_now` names the list and the pattern.
        let lex = Lexicon::compile(&BTreeMap::new(), &pats).unwrap();
        let err = lex.compile_now().unwrap_err().to_string();
        assert!(
            err.contains("pattern list `t`") && err.contains("`(`"),
            "{err}"
        );
        // Until then it finds nothing rather than failing.
        assert!(lex.find_all("ok").is_empty());
    }
}
