//! How a pattern's matches start, read from the pattern alone: the
//! literals every match starts with, or its first bytes, and whether it
//! starts a word. A [`crate::lexicon::Scanner`] tries a pattern list only
//! where one of these occurs.
//!
//! This module depends on nothing else in the crate: the build script
//! (`build.rs`) also compiles it, to read the default pack's patterns once
//! when rapport is built instead of each time it starts.

/// True when every match of `pattern` starts at the start of the text: `^`
/// outside multi-line mode, as in `^\s*todo:` (a scanner reads a document
/// as one line, so that is the document's start). Such a pattern needs no
/// literal to gate on: a scanner tries it there, once.
pub(crate) fn starts_text(pattern: &str) -> bool {
    let ascii = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern);
    let hir = match ascii {
        Ok(hir) => hir,
        Err(_) => match regex_syntax::Parser::new().parse(pattern) {
            Ok(hir) => hir,
            Err(_) => return false,
        },
    };
    hir.properties()
        .look_set_prefix()
        .contains(regex_syntax::hir::Look::Start)
}

/// The literals (lower-cased) that every match of `pattern` starts with,
/// or `None` when there is no short finite set of them (a pattern that
/// can match the empty string, or starts with a wide class); and whether
/// every match starts at an (ASCII) word boundary: then a match that starts
/// with one of the literals that begin with a letter or digit starts a word
/// (see `starts_word` in the lexicon), whatever the other literals begin
/// with (`\b(?:will|'ll)`: `will` only at word starts, `'ll` anywhere).
pub(crate) fn prefix_literals(pattern: &str) -> Option<(Vec<String>, bool)> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    // Parsed without case folding: the gate matches ASCII case-insensitively.
    // `\d` is read as an ASCII digit: a match that starts with another
    // script's digit is not looked for (the rules are written for English).
    // `\s` is read as a space: the text a scanner reads has every other
    // white-space character made a space (see `Document::flat`), and one
    // literal instead of six keeps the gate small. (An escaped backslash
    // before a `d` or `s` is left alone.)
    let pattern = rewrite_escapes(pattern, |c, in_class| match c {
        'd' if in_class => Some("0-9"),
        'd' => Some("[0-9]"),
        's' => Some(" "),
        _ => None,
    });
    // In ASCII mode, as the pattern is compiled (see `compile`): cheaper,
    // and a class of non-ASCII characters is no literal to gate on anyway.
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(&pattern)
        .ok()?;
    let mut ex = Extractor::new();
    ex.kind(ExtractKind::Prefix)
        .limit_class(10)
        .limit_repeat(4)
        .limit_literal_len(8)
        .limit_total(1000);
    let seq = ex.extract(&hir);
    let lits = seq.literals()?;
    let word = after_word_boundary(&hir);
    let mut out = Vec::with_capacity(lits.len());
    for l in lits {
        let text = std::str::from_utf8(l.as_bytes()).ok()?.to_ascii_lowercase();
        if text.trim().is_empty() && !text.is_empty() {
            // A match may start with a space: too common to gate on.
            return None;
        }
        if text.is_empty() {
            return None;
        }
        out.push(text);
    }
    (!out.is_empty()).then_some((out, word))
}

/// The bytes every match of `pattern` (with its flags) starts with, for a
/// pattern with no short set of literals to gate on but a narrow first
/// character, such as a capital letter (`(?-i:[A-Z])`): one-byte literals
/// (lower-cased, as the gate reads them), whether every match also starts a
/// word, and the exact set of first bytes. `None` when a match may start
/// with white space, with many kinds of byte, or may be empty.
pub(crate) fn first_bytes(pattern: &str) -> Option<(Vec<String>, bool, Box<[bool; 256]>)> {
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()?;
    let mut set = Box::new([false; 256]);
    if can_start_empty(&hir, &mut set) {
        return None;
    }
    let count = set.iter().filter(|&&b| b).count();
    if count > 40 || (0..=255u8).any(|b| set[b as usize] && (b.is_ascii_whitespace() || b == 0x0b))
    {
        return None;
    }
    let mut literals: Vec<String> = (0..=255u8)
        .filter(|&b| set[b as usize] && b.is_ascii())
        .map(|b| (b.to_ascii_lowercase() as char).to_string())
        .collect();
    if (0x80..=255).any(|b| set[b]) {
        // A first byte outside ASCII starts no one-byte literal.
        return None;
    }
    literals.dedup();
    // Only at word starts: a class tried at every byte it matches inside
    // words costs more than a search of the whole text.
    let word = after_word_boundary(&hir)
        && (0..=255u8).all(|b| !set[b as usize] || b.is_ascii_alphanumeric());
    word.then_some((literals, word, set))
}

/// Adds to `set` each byte a match of `hir` can start with; true when the
/// match can also be empty (then the bytes after it can start one too).
fn can_start_empty(hir: &regex_syntax::hir::Hir, set: &mut [bool; 256]) -> bool {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(l) => {
            set[l.0[0] as usize] = true;
            false
        }
        HirKind::Class(Class::Bytes(c)) => {
            for r in c.ranges() {
                for b in r.start()..=r.end() {
                    set[b as usize] = true;
                }
            }
            false
        }
        HirKind::Class(Class::Unicode(c)) => {
            for r in c.ranges() {
                let (lo, hi) = (r.start() as u32, r.end() as u32);
                for b in lo.min(0x80)..hi.min(0x7f) + 1 {
                    set[b as usize] = true;
                }
                if hi >= 0x80 {
                    // Any lead byte of a longer character.
                    set[0xc2..=0xf4].fill(true);
                }
            }
            false
        }
        HirKind::Repetition(rep) => can_start_empty(&rep.sub, set) || rep.min == 0,
        HirKind::Capture(c) => can_start_empty(&c.sub, set),
        HirKind::Concat(items) => items.iter().all(|h| can_start_empty(h, set)),
        HirKind::Alternation(alts) => {
            let mut empty = false;
            for h in alts {
                empty |= can_start_empty(h, set);
            }
            empty
        }
    }
}

/// True when every match of `hir` starts with an (ASCII) word boundary.
fn after_word_boundary(hir: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::{HirKind, Look};
    match hir.kind() {
        HirKind::Look(Look::WordAscii) => true,
        HirKind::Concat(items) => items.first().is_some_and(after_word_boundary),
        HirKind::Capture(c) => after_word_boundary(&c.sub),
        _ => false,
    }
}

/// `pattern` with its word boundaries (`\b`, `\B`) made ASCII ones:
/// `(?-u:\b)`. A Unicode word boundary stops the regex engine's fast DFA on
/// any non-ASCII text, which made every pattern list scan mail with accents
/// or typographic quotes in the slow engine; the phrases and patterns of a
/// rule are English, and a letter outside ASCII counts as a non-word
/// character at the boundary.
pub(crate) fn ascii_word_boundaries(pattern: &str) -> String {
    rewrite_escapes(pattern, |c, in_class| match c {
        'b' if !in_class => Some("(?-u:\\b)"),
        'B' if !in_class => Some("(?-u:\\B)"),
        _ => None,
    })
}

/// `pattern` with each escape `\c` that `rewrite` has a replacement for
/// (given `c` and whether the escape is inside a class) replaced; other
/// escapes, escaped backslashes among them, are kept as written.
fn rewrite_escapes(pattern: &str, rewrite: impl Fn(char, bool) -> Option<&'static str>) -> String {
    // Byte by byte (every byte that matters is ASCII), copying the runs
    // between replaced escapes whole.
    let bytes = pattern.as_bytes();
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut copied = 0;
    let mut in_class = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => match bytes.get(i + 1) {
                Some(&n) if n.is_ascii() => {
                    if let Some(with) = rewrite(char::from(n), in_class > 0) {
                        out.push_str(&pattern[copied..i]);
                        out.push_str(with);
                        copied = i + 2;
                    }
                    i += 2;
                }
                // A backslash at the end, or before a character outside
                // ASCII (which no rewrite replaces): kept as written.
                _ => i += 1,
            },
            b'[' => {
                in_class += 1;
                i += 1;
            }
            b']' if in_class > 0 => {
                in_class -= 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.push_str(&pattern[copied..]);
    out
}

/// True when a literal of a pattern whose matches start at a word boundary
/// (`boundary`, as [`prefix_literals`] and [`first_bytes`] tell) is found
/// only where a word starts: it begins with a letter or digit.
pub(crate) fn at_word_start(boundary: bool, literal: &str) -> bool {
    boundary
        && literal
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_alphanumeric)
}
