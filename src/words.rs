//! Words by the Unicode word-boundary rules (UAX #29), with a fast path for
//! ASCII text.
//!
//! Most sentences rapport reads are plain ASCII, and the general segmenter
//! looks up each character's class in Unicode tables: 5-9% of a corpus
//! run went there. For ASCII text the rules reduce to a few kinds of
//! bytes, applied here; anything else goes to `unicode-segmentation`.
//! Both give the same pieces (a property test checks it).

use unicode_segmentation::UnicodeSegmentation;

/// The pieces between word boundaries of `text`, with their byte offsets:
/// words, runs of spaces, and single other characters, as
/// [`UnicodeSegmentation::split_word_bound_indices`] gives them.
pub fn bound_indices(text: &str) -> impl Iterator<Item = (usize, &str)> {
    if text.is_ascii() {
        Bounds::Ascii(AsciiBounds { text, at: 0 })
    } else {
        Bounds::Unicode(text.split_word_bound_indices())
    }
}

/// The pieces of [`bound_indices`]: one of the two segmenters, chosen once
/// for the text (not an adapter that asks both at every piece).
enum Bounds<'a> {
    Ascii(AsciiBounds<'a>),
    Unicode(unicode_segmentation::UWordBoundIndices<'a>),
}

impl<'a> Iterator for Bounds<'a> {
    type Item = (usize, &'a str);

    #[inline]
    fn next(&mut self) -> Option<(usize, &'a str)> {
        match self {
            Bounds::Ascii(b) => b.next(),
            Bounds::Unicode(b) => b.next(),
        }
    }
}

/// The words of `text` (the pieces with a letter or digit), as
/// [`UnicodeSegmentation::unicode_words`] gives them.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    bound_indices(text)
        .map(|(_, piece)| piece)
        .filter(|piece| piece.chars().any(char::is_alphanumeric))
}

/// How many words `text` has: `words(text).count()`.
pub fn count(text: &str) -> usize {
    let mut n = 0;
    each(text, |_| n += 1);
    n
}

/// Calls `f` with each word of `text`, as [`words`] gives them; ASCII text
/// is read in one loop, without an iterator of pieces.
pub fn each<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    if !text.is_ascii() {
        words(text).for_each(f);
        return;
    }
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if KINDS[usize::from(b[i])] & WORDLIKE == 0 {
            i += 1;
            continue;
        }
        let end = word_end(b, i);
        // A piece of `_` alone is not a word.
        if b[i..end].iter().any(u8::is_ascii_alphanumeric) {
            f(&text[i..end]);
        }
        i = end;
    }
}

/// True for a byte that starts a piece of [`word_end`]: an ASCII letter,
/// digit or `_`.
#[inline]
pub(crate) fn starts_word(b: u8) -> bool {
    KINDS[usize::from(b)] & WORDLIKE != 0
}

/// A byte's kinds under the word-boundary rules (ASCII only), as bits.
const LETTER: u8 = 1;
const NUMERIC: u8 = 2;
/// A letter, a digit or `_`: the bytes that join each other.
const WORDLIKE: u8 = 4;
/// `:`, `.` and `'`: join two letters.
const MID_LETTER: u8 = 8;
/// `,`, `;`, `.` and `'`: join two digits.
const MID_NUM: u8 = 16;

/// Each byte's kinds.
const KINDS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => LETTER | WORDLIKE,
            b'0'..=b'9' => NUMERIC | WORDLIKE,
            b'_' => WORDLIKE,
            b':' => MID_LETTER,
            b'.' | b'\'' => MID_LETTER | MID_NUM,
            b',' | b';' => MID_NUM,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// The end of the piece that starts at `start` with a letter, digit or `_`
/// (ASCII text): letters, digits and `_` join, and so does a middle
/// character between two letters (`e.g`, `don't`) or two digits (`3,000.5`).
/// In ASCII text no other character joins a word (a piece of spaces, `\r\n`
/// and single characters are the other pieces), so this is UAX #29 in one
/// tight loop over the bytes of a word.
#[inline]
pub(crate) fn word_end(b: &[u8], start: usize) -> usize {
    let kind = |i: usize| KINDS[usize::from(b[i])];
    let mut i = start + 1;
    loop {
        while i < b.len() && kind(i) & WORDLIKE != 0 {
            i += 1;
        }
        if i + 1 < b.len() {
            let (prev, mid, next) = (kind(i - 1), kind(i), kind(i + 1));
            let letters = prev & next & LETTER != 0 && mid & MID_LETTER != 0;
            let digits = prev & next & NUMERIC != 0 && mid & MID_NUM != 0;
            if letters || digits {
                i += 2;
                continue;
            }
        }
        return i;
    }
}

/// The word-boundary pieces of an ASCII text.
struct AsciiBounds<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for AsciiBounds<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let b = self.text.as_bytes();
        let start = self.at;
        if start >= b.len() {
            return None;
        }
        let end = match b[start] {
            _ if KINDS[usize::from(b[start])] & WORDLIKE != 0 => word_end(b, start),
            // Spaces join each other, and `\r\n` is one piece.
            b' ' => start + b[start..].iter().take_while(|&&x| x == b' ').count(),
            b'\r' if b.get(start + 1) == Some(&b'\n') => start + 2,
            // Any other character is a piece of its own: a middle character
            // that starts a piece joins nothing (see `word_end`).
            _ => start + 1,
        };
        self.at = end;
        Some((start, &self.text[start..end]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_pieces_follow_the_word_rules() {
        let pieces: Vec<&str> = bound_indices("Q3's e.g. 3,000.5 a_b  x:y -- \r\nok")
            .map(|(_, p)| p)
            .collect();
        assert_eq!(
            pieces,
            [
                "Q3", "'", "s", " ", "e.g", ".", " ", "3,000.5", " ", "a_b", "  ", "x:y", " ", "-",
                "-", " ", "\r\n", "ok"
            ]
        );
        assert_eq!(
            words("Don't stop, 2 go!").collect::<Vec<_>>(),
            ["Don't", "stop", "2", "go"]
        );
        // A text with any other character goes to the general segmenter.
        assert_eq!(words("Zoë’s café").collect::<Vec<_>>(), ["Zoë’s", "café"]);
    }

    proptest::proptest! {
        #[test]
        fn pieces_are_those_of_the_unicode_segmenter(
            text in "([a-zA-Z0-9_:.',;\" \\t\\r\\n\\x0b\\x0c?!()-]|é|’){0,40}"
        ) {
            let ours: Vec<(usize, &str)> = bound_indices(&text).collect();
            let theirs: Vec<(usize, &str)> = text.split_word_bound_indices().collect();
            proptest::prop_assert_eq!(ours, theirs);
            proptest::prop_assert_eq!(count(&text), words(&text).count());
            let mut each_word = Vec::new();
            each(&text, |w| each_word.push(w));
            proptest::prop_assert_eq!(each_word, words(&text).collect::<Vec<_>>());
            let ascii: String = text.chars().filter(char::is_ascii).collect();
            proptest::prop_assert_eq!(count(&ascii), ascii.split_word_bounds().filter(|p| p.chars().any(char::is_alphanumeric)).count());
            let ours: Vec<(usize, &str)> = bound_indices(&ascii).collect();
            let theirs: Vec<(usize, &str)> = ascii.split_word_bound_indices().collect();
            proptest::prop_assert_eq!(ours, theirs);
        }
    }
}
