//! A dense transition table over a DFA, filled in as searches take its
//! transitions.
//!
//! The build compiles the default pack's pattern groups into sparse DFAs
//! that are read in place: nothing to compile at start-up, but each step
//! searches a state's list of transitions (about 160 instructions). A
//! scanner tries a group at every place one of its literals occurs, and the
//! tries of a batch walk the same few states again and again. A [`Dense`]
//! remembers each transition taken in a table indexed by state and byte
//! class, so a step taken before costs a lookup; the states a thread meets
//! are numbered as it meets them, up to [`Dense::MAX_STATES`].

use fnv::FnvHashMap;

use regex_automata::Anchored;
use regex_automata::dfa::Automaton;
use regex_automata::util::alphabet::ByteClasses;
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;

/// A transition not taken yet.
const UNKNOWN: u16 = u16::MAX;
/// A state's kind, in the two low bits of each transition to it: entering
/// it ends a match one byte earlier (DFAs delay matches by a byte)...
const MATCH: u32 = 1;
/// ... no match can follow ...
const DEAD: u32 = 2;
/// ... or the DFA gives up (a byte it cannot handle). Otherwise 0.
const QUIT: u32 = 3;

/// The transitions of one DFA that searches have taken, densely.
#[derive(Debug)]
pub(crate) struct Dense {
    /// The DFA's byte classes.
    classes: [u8; 256],
    /// The class of the end of the text.
    eoi: usize,
    /// `log2` of the entries a state: its classes and the end of the text,
    /// padded to a power of two so that a row is found by a shift.
    shift: u32,
    /// Each state's row: its next state by class, [`UNKNOWN`] until taken.
    /// A state is written as its row's number, shifted left by two, with
    /// its kind ([`MATCH`], [`DEAD`], [`QUIT`] or 0) in the low bits: two
    /// bytes an entry (at most [`Dense::MAX_STATES`] rows), so that the
    /// rows a search reads take half the cache they would as offsets.
    table: Vec<u16>,
    /// Each state's id in the DFA, by row.
    ids: Vec<StateID>,
    /// Each state met, as written in the table, by its id in the DFA.
    numbers: FnvHashMap<StateID, u32>,
    /// The anchored start state after each byte (index 256: at the start of
    /// the text), as written in the table; [`UNKNOWN`] until used.
    starts: Box<[u16; 257]>,
    /// The most states numbered.
    max_states: usize,
}

/// Why a [`Dense`] search stopped without an answer: the caller searches the
/// DFA itself instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GaveUp;

impl Dense {
    /// The most states numbered. A group with bounded gaps (`[^.!?]{0,30}`)
    /// can meet new states in every text; beyond this, a try that needs a
    /// new state is left to the DFA itself, and the table stays as it is.
    pub(crate) const MAX_STATES: usize = 2048;

    /// The offset of a state's row in the table.
    #[inline]
    fn row(&self, state: u32) -> usize {
        ((state >> 2) as usize) << self.shift
    }

    /// An empty table for a DFA with these byte classes, of at most
    /// [`Dense::MAX_STATES`] states.
    pub(crate) fn new(classes: &ByteClasses) -> Dense {
        Dense::with_max_states(classes, Self::MAX_STATES)
    }

    /// An empty table for a DFA with these byte classes, of at most
    /// `max_states` states.
    fn with_max_states(classes: &ByteClasses, max_states: usize) -> Dense {
        let mut by_byte = [0u8; 256];
        for (b, class) in by_byte.iter_mut().enumerate() {
            *class = classes.get(b as u8);
        }
        let eoi = classes.alphabet_len() - 1;
        Dense {
            classes: by_byte,
            eoi,
            shift: classes.alphabet_len().next_power_of_two().trailing_zeros(),
            table: Vec::new(),
            ids: Vec::new(),
            numbers: FnvHashMap::default(),
            starts: Box::new([UNKNOWN; 257]),
            max_states,
        }
    }

    /// `id` as written in the table, with a row made now if it is new;
    /// `None` when the table is full.
    fn number<A: Automaton>(&mut self, dfa: &A, id: StateID) -> Option<u32> {
        if let Some(&n) = self.numbers.get(&id) {
            return Some(n);
        }
        if self.ids.len() >= self.max_states {
            return None;
        }
        let kind = if dfa.is_match_state(id) {
            MATCH
        } else if dfa.is_dead_state(id) {
            DEAD
        } else if dfa.is_quit_state(id) {
            QUIT
        } else {
            0
        };
        let n = ((self.ids.len() as u32) << 2) | kind;
        self.ids.push(id);
        self.table
            .resize(self.table.len() + (1 << self.shift), UNKNOWN);
        self.numbers.insert(id, n);
        Some(n)
    }

    /// The state after `state` (as written in the table) on `byte`, or at
    /// the end of the text (`None`), taken now if it was not yet.
    fn next<A: Automaton>(&mut self, dfa: &A, state: u32, byte: Option<u8>) -> Option<u32> {
        let class = byte.map_or(self.eoi, |b| usize::from(self.classes[usize::from(b)]));
        let row = self.row(state);
        let known = self.table[row + class];
        if known != UNKNOWN {
            return Some(u32::from(known));
        }
        let id = self.ids[(state >> 2) as usize];
        let next = match byte {
            Some(b) => dfa.next_state(id, b),
            None => dfa.next_eoi_state(id),
        };
        let n = self.number(dfa, next)?;
        // At most MAX_STATES rows: fits in 13 bits.
        self.table[row + class] = n as u16;
        Some(n)
    }

    /// The start state of an anchored search at `at`.
    fn start<A: Automaton>(&mut self, dfa: &A, text: &[u8], at: usize) -> Option<u32> {
        let before = at.checked_sub(1).map(|i| text[i]);
        let slot = before.map_or(256, usize::from);
        if self.starts[slot] != UNKNOWN {
            return Some(u32::from(self.starts[slot]));
        }
        let config = start::Config::new()
            .anchored(Anchored::Yes)
            .look_behind(before);
        let id = dfa.start_state(&config).ok()?;
        let n = self.number(dfa, id)?;
        self.starts[slot] = n as u16;
        Some(n)
    }

    /// The end of the leftmost-first match of `dfa` that starts exactly at
    /// `at` and may run to the end of `text`, as `dfa.try_search_fwd` finds
    /// it for `Input::new(text).range(at..).anchored(Anchored::Yes)`.
    /// [`GaveUp`] when the DFA quits or the table is full.
    pub(crate) fn match_at<A: Automaton>(
        &mut self,
        dfa: &A,
        text: &[u8],
        at: usize,
    ) -> Result<Option<usize>, GaveUp> {
        let mut state = self.start(dfa, text, at).ok_or(GaveUp)?;
        let mut found = None;
        for (i, &b) in text.iter().enumerate().skip(at) {
            let class = usize::from(self.classes[usize::from(b)]);
            let known = self.table[self.row(state) + class];
            // One test on the common step, to a state of no special kind
            // taken before ([`UNKNOWN`] has both low bits set).
            if known & 3 == 0 {
                state = u32::from(known);
                continue;
            }
            state = if known == UNKNOWN {
                self.next(dfa, state, Some(b)).ok_or(GaveUp)?
            } else {
                u32::from(known)
            };
            match state & 3 {
                0 => {}
                MATCH => found = Some(i),
                DEAD => return Ok(found),
                _ => return Err(GaveUp),
            }
        }
        state = self.next(dfa, state, None).ok_or(GaveUp)?;
        if state & 3 == MATCH {
            found = Some(text.len());
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::Input;
    use regex_automata::dfa::dense;

    #[test]
    fn a_table_finds_what_the_dfa_finds_however_full() {
        let text = "The plan: Ann Lee - we'll send it. Bo's team said no. \
                    the best tools in the world, é at 10am, ok? the end";
        let patterns = [
            r"(?i)the\s+best(?-u:\b)[^.!?]{0,30}(?-u:\b)world(?-u:\b)",
            r"[A-Z][a-z]+(?: [A-Z][a-z]+)? ?(?:-|:) ",
            r"(?-u:\b)[A-Z][a-z]+'s\s+(?:team|plan)(?-u:\b)",
            r"\d{1,2}(?::\d{2})?\s?(?:am|pm)",
            r"(?i)ok\?|the end$|é",
            // A Unicode word boundary: the DFA quits on non-ASCII bytes.
            r"\bat\b",
        ];
        for pattern in patterns {
            let dfa = dense::DFA::builder()
                .configure(dense::DFA::config().unicode_word_boundary(true))
                .build(pattern)
                .unwrap()
                .to_sparse()
                .unwrap();
            for max_states in [1, 2, 3, 8, Dense::MAX_STATES] {
                let mut dense = Dense::with_max_states(dfa.byte_classes(), max_states);
                let mut found = 0;
                for _ in 0..2 {
                    for at in 0..=text.len() {
                        let input = Input::new(text).range(at..).anchored(Anchored::Yes);
                        let expected = dfa.try_search_fwd(&input).map(|m| m.map(|h| h.offset()));
                        match dense.match_at(&dfa, text.as_bytes(), at) {
                            Ok(end) => {
                                assert_eq!(Ok(end), expected, "{pattern} at {at}");
                                found += usize::from(end.is_some());
                            }
                            // Only a full table or a DFA that quits gives up.
                            Err(GaveUp) => assert!(
                                max_states < Dense::MAX_STATES || expected.is_err(),
                                "{pattern} at {at}"
                            ),
                        }
                    }
                }
                assert!(dense.ids.len() <= max_states);
                if max_states == Dense::MAX_STATES {
                    assert!(found > 0, "{pattern} never matched");
                }
            }
        }
    }
}
