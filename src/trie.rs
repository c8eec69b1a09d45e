//! A byte trie of literal strings, for finding every literal that starts
//! at a given offset of a text.
//!
//! The scanner asks, at each place a phrase may start (a word start, or a
//! character that is not part of a word), which phrases start there. Walking
//! a trie from that place answers it in a few steps, since most walks end
//! after a byte or two; it finds exactly what an overlapping Aho-Corasick
//! search filtered to those places finds, and it is built in a fraction of
//! the time (building the automata was a sixth of checking one draft).

/// Literal strings compiled into a trie, optionally with ASCII case folding.
#[derive(Debug, Clone)]
pub struct Trie {
    /// The node each first byte leads to from the root (0: none). With case
    /// folding, an upper-case ASCII letter leads where its lower case does.
    root: Box<[u32; 256]>,
    /// For each first byte, its row of `second` (the same for both cases
    /// with folding).
    root_row: Box<[u32; 256]>,
    /// The node each first byte and second byte lead to, 256 entries a row
    /// (0: none): the second step of a walk, where nodes have the most
    /// edges, is one lookup.
    second: Vec<u32>,
    /// Every node but the root (index 0 is the root itself, unused).
    nodes: Vec<Node>,
    /// The edges of all nodes, each node's sorted by byte.
    edges: Vec<(u8, u32)>,
    /// The literals ending at each node, by index.
    ends: Vec<u32>,
    /// Fold ASCII letters to lower case.
    fold: bool,
}

/// One trie node: its edges and the literals that end there.
#[derive(Debug, Clone, Copy, Default)]
struct Node {
    edges: u32,
    edge_count: u32,
    ends: u32,
    end_count: u32,
}

impl Trie {
    /// A trie of `literals`; with `fold`, ASCII letters match either case.
    /// A literal's index in `literals` is the id [`Trie::starting_at`]
    /// reports. Empty literals are never found.
    pub fn new<S: AsRef<[u8]>>(literals: &[S], fold: bool) -> Trie {
        // Every literal folded, in one buffer.
        let mut folded: Vec<u8> = Vec::new();
        let mut spans: Vec<(u32, u32)> = Vec::with_capacity(literals.len());
        for literal in literals {
            let start = folded.len() as u32;
            folded.extend_from_slice(literal.as_ref());
            if fold {
                folded[start as usize..].make_ascii_lowercase();
            }
            spans.push((start, folded.len() as u32));
        }
        let keyed = |i: u32| {
            let (start, end) = spans[i as usize];
            &folded[start as usize..end as usize]
        };
        // Literals in order, so that the literals sharing a path are
        // together: each node is a run of them (see below), with no search
        // for an existing edge.
        let mut order: Vec<u32> = (0..literals.len() as u32)
            .filter(|&i| !keyed(i).is_empty())
            .collect();
        // Compared by their first eight bytes first (one number each).
        let heads: Vec<u64> = (0..literals.len() as u32).map(|i| head(keyed(i))).collect();
        // A stable sort: it merges runs already in order (a scanner's
        // phrases, then its gate literals, each sorted) instead of sorting
        // them again; ties go by index either way.
        order.sort_by(|&a, &b| {
            heads[a as usize]
                .cmp(&heads[b as usize])
                .then_with(|| keyed(a).cmp(keyed(b)))
                .then(a.cmp(&b))
        });
        // Nodes breadth first: a node stands for the run of `order` that
        // shares its path (sorted order keeps it together), and its children
        // are the sub-runs by the next byte, numbered when the node is
        // visited. Nodes are visited in the order they are numbered, so each
        // node's edges (in byte order) and the literals ending at it (in
        // index order) are appended to `edges` and `ends` in place, with no
        // list of edges to sort by node. Until it is visited, a node holds
        // its run in `ends` and `end_count`.
        // Each literal's folded bytes, in `order`.
        let keys: Vec<&[u8]> = order.iter().map(|&i| keyed(i)).collect();
        // At most one node a byte of the literals, and one edge a node.
        let bytes: usize = keys.iter().map(|k| k.len()).sum();
        let mut trie = Trie {
            root: Box::new([0; 256]),
            root_row: Box::new([0; 256]),
            second: Vec::new(),
            nodes: Vec::with_capacity(bytes + 1),
            edges: Vec::with_capacity(bytes),
            ends: Vec::with_capacity(order.len()),
            fold,
        };
        trie.nodes.push(Node {
            ends: 0,
            end_count: order.len() as u32,
            ..Node::default()
        });
        // The depth of the nodes being visited: each level's nodes are
        // numbered together, after the level before.
        let mut depth = 0;
        let mut level_end = 1;
        let mut at = 0;
        while at < trie.nodes.len() {
            if at == level_end {
                depth += 1;
                level_end = trie.nodes.len();
            }
            let (lo, hi) = (
                trie.nodes[at].ends as usize,
                trie.nodes[at].end_count as usize,
            );
            // Literals no longer than the path end here (they sort first).
            let ending = keys[lo..hi].iter().take_while(|k| k.len() == depth).count();
            let (ends_at, edges_at) = (trie.ends.len() as u32, trie.edges.len() as u32);
            trie.ends.extend_from_slice(&order[lo..lo + ending]);
            let mut from = lo + ending;
            while from < hi {
                let byte = keys[from][depth];
                let len = keys[from..hi]
                    .iter()
                    .take_while(|k| k[depth] == byte)
                    .count();
                trie.edges.push((byte, trie.nodes.len() as u32));
                trie.nodes.push(Node {
                    ends: from as u32,
                    end_count: (from + len) as u32,
                    ..Node::default()
                });
                from += len;
            }
            trie.nodes[at] = Node {
                edges: edges_at,
                edge_count: trie.edges.len() as u32 - edges_at,
                ends: ends_at,
                end_count: ending as u32,
            };
            at += 1;
        }
        let first_edges = trie.nodes[0].edge_count as usize;
        trie.second = vec![0; first_edges * 256];
        for (row, &(b, next)) in trie.edges[..first_edges].iter().enumerate() {
            for byte in [b, b.to_ascii_uppercase()] {
                if byte == b || fold {
                    trie.root[byte as usize] = next;
                    trie.root_row[byte as usize] = row as u32;
                }
            }
            let n = trie.nodes[next as usize];
            for &(b2, next2) in &trie.edges[n.edges as usize..(n.edges + n.edge_count) as usize] {
                trie.second[row * 256 + b2 as usize] = next2;
                if fold {
                    trie.second[row * 256 + b2.to_ascii_uppercase() as usize] = next2;
                }
            }
        }
        trie
    }

    /// True when no literal can be found.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Calls `found(literal, end)` for each literal that starts at `at` in
    /// `text`, shortest first (literals of equal text in the order given).
    #[inline]
    pub fn starting_at(&self, text: &[u8], at: usize, mut found: impl FnMut(u32, usize)) {
        let Some(&first) = text.get(at) else {
            return;
        };
        let node = self.root[first as usize] as usize;
        if node == 0 {
            return;
        }
        let n = self.nodes[node];
        for &id in &self.ends[n.ends as usize..(n.ends + n.end_count) as usize] {
            found(id, at + 1);
        }
        let Some(&b) = text.get(at + 1) else {
            return;
        };
        let row = self.root_row[first as usize] as usize;
        let mut node = self.second[row * 256 + b as usize] as usize;
        let mut end = at + 2;
        while node != 0 {
            let n = self.nodes[node];
            for &id in &self.ends[n.ends as usize..(n.ends + n.end_count) as usize] {
                found(id, end);
            }
            let Some(&b) = text.get(end) else {
                return;
            };
            let b = if self.fold { b.to_ascii_lowercase() } else { b };
            let edges = &self.edges[n.edges as usize..(n.edges + n.edge_count) as usize];
            node = if edges.len() <= 8 {
                edges.iter().find(|e| e.0 == b).map_or(0, |e| e.1 as usize)
            } else {
                edges
                    .binary_search_by_key(&b, |e| e.0)
                    .map_or(0, |i| edges[i].1 as usize)
            };
            end += 1;
        }
    }

    /// True when some literal starts with `byte` (case folded as the trie
    /// is): a cheap test before [`Trie::starting_at`].
    #[inline]
    pub fn may_start(&self, byte: u8) -> bool {
        self.root[byte as usize] != 0
    }

    /// True when some literal may start at `at` of `text`, by its first two
    /// bytes: false where [`Trie::starting_at`] would find nothing after
    /// one or two steps (a space, where only ` @` and ` #1` start, is
    /// followed by a letter), in fewer steps than the walk.
    #[inline]
    pub fn may_start_at(&self, text: &[u8], at: usize) -> bool {
        let first = text[at] as usize;
        let node = self.root[first] as usize;
        if node == 0 {
            return false;
        }
        match text.get(at + 1) {
            Some(&b) => {
                self.second[self.root_row[first] as usize * 256 + b as usize] != 0
                    || self.nodes[node].end_count > 0
            }
            None => true,
        }
    }
}

/// The first eight bytes of `bytes` as one number, in their order (shorter
/// ones padded with zeros): sorting by it first settles most comparisons of
/// strings without comparing them byte by byte.
pub(crate) fn head(bytes: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    let n = bytes.len().min(8);
    b[..n].copy_from_slice(&bytes[..n]);
    u64::from_be_bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(trie: &Trie, text: &str) -> Vec<(u32, usize, usize)> {
        let mut out = Vec::new();
        for at in 0..text.len() {
            trie.starting_at(text.as_bytes(), at, |id, end| out.push((id, at, end)));
        }
        out
    }

    #[test]
    fn a_start_is_possible_where_a_walk_finds_something() {
        let literals = ["we", "will", "$", " @", "ab"];
        for fold in [false, true] {
            let trie = Trie::new(&literals, fold);
            let text = b"We will pay $5 to @ann, wE  @b a";
            for at in 0..text.len() {
                let mut any = false;
                trie.starting_at(text, at, |_, _| any = true);
                // Never false where a literal starts.
                assert!(!any || trie.may_start_at(text, at), "{at}");
            }
            // A space before a letter starts nothing; before `@` it may.
            assert!(!trie.may_start_at(b" a", 0));
            assert!(trie.may_start_at(b" @", 0));
            assert!(trie.may_start_at(b"$", 0));
            assert_eq!(trie.may_start_at(b"WI", 0), fold);
        }
    }

    #[test]
    fn finds_every_literal_at_every_start_including_nested_ones() {
        let trie = Trie::new(&["we", "we will", "will", "ill"], false);
        assert_eq!(
            all(&trie, "we will"),
            vec![(0, 0, 2), (1, 0, 7), (2, 3, 7), (3, 4, 7)]
        );
    }

    #[test]
    fn folds_ascii_case_only_when_asked() {
        let folded = Trie::new(&["Next Step"], true);
        assert_eq!(all(&folded, "NEXT step"), vec![(0, 0, 9)]);
        let exact = Trie::new(&["Next Step"], false);
        assert!(all(&exact, "NEXT step").is_empty());
        assert_eq!(all(&exact, "Next Step"), vec![(0, 0, 9)]);
    }

    #[test]
    fn matches_multi_byte_literals_and_stops_at_the_text_end() {
        let trie = Trie::new(&["don’t", "don"], true);
        assert_eq!(all(&trie, "Don’t"), vec![(1, 0, 3), (0, 0, 7)]);
        assert_eq!(all(&trie, "don’"), vec![(1, 0, 3)]);
    }

    #[test]
    fn equal_literals_are_all_reported_and_empty_ones_never() {
        let trie = Trie::new(&["ok", "", "OK"], true);
        assert_eq!(all(&trie, "ok"), vec![(0, 0, 2), (2, 0, 2)]);
        assert!(!Trie::new(&[""], true).may_start(b'o'));
        assert!(Trie::new(&[""], true).is_empty());
    }

    #[test]
    fn wide_nodes_are_searched_as_well_as_narrow_ones() {
        let words: Vec<String> = (b'a'..=b'z').map(|c| format!("x{}", c as char)).collect();
        let trie = Trie::new(&words, true);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(all(&trie, &w.to_uppercase()), vec![(i as u32, 0, 2)]);
        }
        assert!(all(&trie, "x1").is_empty());
    }
}
