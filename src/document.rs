//! A document ready for the rules: its text, the part that is analysed, and
//! its sentences, words and speakers, computed once and shared by every rule.

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem;

use crate::profile::Profile;
use crate::read::{self, Parsed, Reader, TextOrigin};
use crate::segment;
use crate::spans::Joined;

/// What kind of block a sentence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// The email `Subject` header.
    Subject,
    /// A heading: a Markdown `#` line or a short line ending in `:`.
    Heading,
    /// A bulleted or numbered list item.
    Item,
    /// Ordinary prose.
    Prose,
}

/// One sentence (or heading, or list item) of the analysed text.
///
/// Kept small (64 bytes): a large document has millions of them.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Byte range in [`Document::text`].
    pub span: Range<usize>,
    /// The block the sentence comes from.
    pub block: Block,
    /// Index into [`Document::speakers`] for transcript turns.
    pub speaker: Option<u32>,
    /// Start and end of its turn in seconds; NaN when the transcript gives
    /// no times (see [`Sentence::time`]).
    times: [f64; 2],
    /// Index of the turn (transcripts) or block (other profiles) it belongs to.
    pub block_index: u32,
    /// Index of the nearest heading sentence before it, if any.
    pub section: Option<u32>,
    /// Number of words in the sentence.
    pub words: usize,
    /// True when the sentence carries on the same speaker's unfinished
    /// sentence from the previous cue ("so how are you" / "planning it?").
    pub continues: bool,
}

impl Sentence {
    /// A sentence of `span`, with the times of its turn if any; the other
    /// fields are filled in by the segmenter.
    pub(crate) fn new(span: Range<usize>, block: Block, time: Option<(f64, f64)>) -> Sentence {
        Sentence {
            span,
            block,
            speaker: None,
            times: time.map_or([f64::NAN; 2], |(a, b)| [a, b]),
            block_index: 0,
            section: None,
            words: 0,
            continues: false,
        }
    }

    /// Start and end of its turn in seconds, when the transcript gives times.
    pub fn time(&self) -> Option<(f64, f64)> {
        (!self.times[0].is_nan()).then_some((self.times[0], self.times[1]))
    }

    /// The index of its speaker in [`Document::speakers`].
    pub fn speaker(&self) -> Option<usize> {
        self.speaker.map(|i| i as usize)
    }
}

/// A document analysed by the rules.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as given (or the stdin name).
    pub path: String,
    /// The profile chosen for it.
    pub profile: Profile,
    /// The reader that turned the file into units.
    pub reader: Reader,
    /// What positions refer to: the file, or a decoded body.
    pub origin: TextOrigin,
    /// The whole text, as decoded.
    pub text: String,
    /// The text as the rules read it, with the same byte offsets as `text`:
    /// line breaks, tabs, vertical tabs and form feeds are spaces, so
    /// phrases match across wrapped lines, and what is not prose (URLs, link
    /// targets, e-mail addresses, HTML comments, markup tags, `rapport:
    /// ignore` directives) is blanked out.
    pub flat: String,
    /// Byte offset of the start of each line.
    line_starts: Vec<u32>,
    /// Characters before each [`CHAR_BLOCK`]-byte block of `text`, built
    /// the first time a column is asked for far into a long line.
    char_marks: std::sync::OnceLock<Vec<usize>>,
    /// The sentences of the analysed part, in order.
    pub sentences: Vec<Sentence>,
    /// Number of words in all sentences.
    word_count: usize,
    /// Speaker labels in order of first appearance (transcripts).
    pub speakers: Vec<String>,
    /// Indices into `speakers` of the rep, when known.
    pub reps: Vec<usize>,
    /// True when the transcript names no rep (rep-only rules skip).
    pub rep_unknown: bool,
    /// Notes about the input (lossy decoding, stripped parts).
    pub warnings: Vec<String>,
}

/// Options that shape how a document is read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Speaker labels of the rep in transcripts (case-insensitive).
    pub reps: Vec<String>,
}

impl Document {
    /// Builds a document from its text, with a profile already chosen; the
    /// reader is chosen from the path and content.
    pub fn new(path: &str, text: String, profile: Profile, opts: &ReadOptions) -> Document {
        let reader = read::choose(Some(std::path::Path::new(path)), &text, profile);
        Document::from_parsed(path, profile, read::parse(reader, text), opts)
    }

    /// Builds a document from what a reader made of its file.
    pub fn from_parsed(
        path: &str,
        profile: Profile,
        parsed: Parsed,
        opts: &ReadOptions,
    ) -> Document {
        // `rapport: ignore` directives are not prose (see `suppress`).
        let mut parsed = parsed;
        let directives = crate::suppress::keep_out_of_prose(&mut parsed);
        let text = parsed.text;
        let mut flat = flatten_in(&text, parsed.units.iter().map(|u| u.range.clone()));
        crate::suppress::blank(&mut flat, &directives);
        // Counted first: one allocation of the exact size.
        let newlines = || memchr::memchr_iter(b'\n', text.as_bytes());
        let mut line_starts = Vec::with_capacity(newlines().count() + 1);
        line_starts.push(0);
        line_starts.extend(newlines().map(|i| i as u32 + 1));
        let mut doc = Document {
            path: path.to_string(),
            profile,
            reader: parsed.reader,
            origin: parsed.origin,
            text,
            flat,
            line_starts,
            char_marks: std::sync::OnceLock::new(),
            sentences: Vec::new(),
            word_count: 0,
            speakers: parsed.speakers,
            reps: Vec::new(),
            rep_unknown: false,
            warnings: parsed.warnings,
        };
        let units = parsed.units;
        let host = parsed.host;
        let cues = matches!(doc.reader, Reader::Vtt | Reader::Srt);
        doc.sentences = segment::sentences(&doc.text, &units, cues);
        doc.count_words();
        if profile == Profile::Transcript {
            doc.reps = doc
                .speakers
                .iter()
                .enumerate()
                .filter(|(_, s)| opts.reps.iter().any(|r| r.trim().eq_ignore_ascii_case(s)))
                .map(|(i, _)| i)
                .collect();
            // Without --rep, a host or organiser named by the file is the rep.
            if doc.reps.is_empty()
                && opts.reps.is_empty()
                && let Some(h) = host
                    .as_deref()
                    .and_then(|h| doc.speakers.iter().position(|s| s == h))
            {
                doc.reps.push(h);
                doc.warnings.push(format!(
                    "rep: {}, named as host in the file (--rep or reps in rapport.toml override)",
                    doc.speakers[h]
                ));
            }
            doc.rep_unknown = doc.reps.is_empty();
            if doc.rep_unknown {
                let named = if opts.reps.is_empty() {
                    "no rep was named".to_string()
                } else {
                    format!(
                        "no speaker matches the rep (--rep or reps in rapport.toml): {}",
                        opts.reps.join(", ")
                    )
                };
                let speakers = if doc.speakers.is_empty() {
                    "the file has no speaker labels".to_string()
                } else {
                    format!("speakers: {}", doc.speakers.join(", "))
                };
                doc.warnings.push(format!(
                    "rep unknown: {named}; pass --rep NAME ({speakers}) to score the rep's turns"
                ));
            }
        }
        doc
    }

    fn count_words(&mut self) {
        for s in &mut self.sentences {
            s.words = crate::words::count(&self.flat[s.span.clone()]);
            self.word_count += s.words;
        }
    }

    /// True when the sentence was said by the rep (always true outside
    /// transcripts).
    pub fn by_rep(&self, s: &Sentence) -> bool {
        match s.speaker() {
            Some(sp) => self.reps.contains(&sp),
            None => self.profile != Profile::Transcript,
        }
    }

    /// The sentences written by the author: all of them, or the rep's turns
    /// in a transcript with a known rep.
    pub fn author_sentences(&self) -> impl Iterator<Item = (usize, &Sentence)> {
        self.sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| self.by_rep(s))
    }

    /// Number of words in the analysed text.
    pub fn word_count(&self) -> usize {
        self.word_count
    }

    /// True when nothing but whitespace would be analysed.
    pub fn is_empty(&self) -> bool {
        self.word_count == 0
    }

    /// The email subject, when the document has one.
    pub fn subject(&self) -> Option<&Sentence> {
        self.sentences.iter().find(|s| s.block == Block::Subject)
    }

    /// True for an email that answers or forwards an earlier one: its
    /// subject starts with `Re:` / `Fwd:` (or a common translation), or a
    /// quoted thread or forwarded message was set aside when it was read.
    pub fn is_reply(&self) -> bool {
        // The reader leaves `Re:` and `Fwd:` out of the subject's span; they
        // sit between the start of its line and the span.
        let prefixed = self.subject().is_some_and(|s| {
            let line_start = self.text[..s.span.start].rfind('\n').map_or(0, |i| i + 1);
            let before = self.text[line_start..s.span.start].to_ascii_lowercase();
            ["re:", "re :", "fw:", "fwd:", "fw :", "fwd :", "aw:"]
                .iter()
                .any(|p| before.contains(p))
        });
        prefixed
            || self.warnings.iter().any(|w| {
                w.starts_with("quoted thread")
                    || w.starts_with("forwarded message")
                    || w.contains("quoted line(s)")
            })
    }

    /// 1-based line and column (in characters) of a byte offset.
    ///
    /// Constant time in the length of the line: a column far into a long
    /// line (a document without line breaks) is counted from the nearest
    /// block mark, not from the start of the line.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s as usize <= offset) - 1;
        let start = self.line_starts[line] as usize;
        let col = if offset - start <= CHAR_BLOCK {
            count_chars(&self.text.as_bytes()[start..offset])
        } else {
            self.chars_before(offset) - self.chars_before(start)
        };
        (line + 1, col + 1)
    }

    /// Characters in `text[..offset]`.
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = Vec::with_capacity(bytes.len() / CHAR_BLOCK + 1);
            let mut total = 0;
            for block in bytes.chunks(CHAR_BLOCK) {
                marks.push(total);
                total += count_chars(block);
            }
            marks.push(total);
            marks
        });
        let block = offset / CHAR_BLOCK;
        marks[block] + count_chars(&bytes[block * CHAR_BLOCK..offset])
    }

    /// The byte offset where each line of `text` starts.
    pub fn line_starts(&self) -> &[u32] {
        &self.line_starts
    }

    /// The 1-based line `line`: its byte range in `text`, without its line
    /// break.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts[line - 1] as usize;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e as usize - 1);
        start..start + self.text[start..end].trim_end_matches('\r').len()
    }

    /// The full text of the 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        &self.text[self.line_range(line)]
    }

    /// True when the document came with a speaker label list that does not
    /// include the rep, i.e. rep-only rules must skip.
    pub fn needs_rep(&self) -> bool {
        self.profile == Profile::Transcript && self.rep_unknown
    }
}

/// The size of the blocks [`Document::position`] counts characters in.
const CHAR_BLOCK: usize = 4096;

/// The characters in `bytes`, a slice of UTF-8 text that may start or end
/// inside a character: the bytes that are not continuation bytes.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Matches what is never prose: URLs, Markdown link targets, e-mail
/// addresses, HTML comments, and common markup tags (HTML, WebVTT `<i>`,
/// `<c.red>`, `<v Name>` and `<00:01.000>` timestamps); a placeholder such as
/// `<first name>` is left for the rules to see. Compiled in ASCII mode, as
/// the rules' patterns are (a fifth of the compile time; a Unicode `\b`
/// also sent the engine to its slow path on any non-ASCII text): `\w` and
/// `\s` are ASCII, and a negated class such as `[^\s<>]` takes every
/// non-ASCII byte, so a match still starts and ends on a character
/// boundary.
static NOT_PROSE: std::sync::LazyLock<regex_automata::meta::Regex> = std::sync::LazyLock::new(
    || {
        regex_automata::meta::Regex::builder()
        .syntax(
            regex_automata::util::syntax::Config::new()
                .unicode(false)
                .utf8(false),
        )
        .build(
        r"(?xs)
        <!--.*?-->
        | \]\([^)\s]*\)
        | (?:https?|ftp)://[^\s<>\[\]()\x22']+
        | \bwww\.[^\s<>\[\]()\x22']+
        | \bmailto:[^\s<>\x22']+
        | [\w.+-]+@[\w-]+(?:\.[\w-]+)+
        | </?(?i:i|b|u|c|v|lang|ruby|rt|br|p|div|span|font|a|em|strong|html|body|head|table|tr|td|th|li|ul|ol|img|center|blockquote|h[1-6])(?:[.\s/][^<>\n]*)?>
        | <\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?>
        ",
        )
        .expect("a valid pattern")
    },
);

/// False when `text` cannot hold a match of [`NOT_PROSE`]: every match
/// holds a `<` or an `@`, or one of `](`, `://`, `www.` and `mailto:`.
fn may_hold_non_prose(text: &str) -> bool {
    // Built once: a document asks for each of its units.
    static FINDERS: LazyLock<[memmem::Finder<'static>; 4]> =
        LazyLock::new(|| [&b"]("[..], b"://", b"www.", b"mailto:"].map(memmem::Finder::new));
    let bytes = text.as_bytes();
    memchr::memchr2(b'<', b'@', bytes).is_some() || FINDERS.iter().any(|f| f.find(bytes).is_some())
}

/// The HTML comments (`<!--` to the next `-->`) of `text`, as `NOT_PROSE`
/// finds them, by byte range.
fn html_comments(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let bytes = text.as_bytes();
        let start = at + memmem::find(bytes.get(at..)?, b"<!--")?;
        let end = start + 4 + memmem::find(&bytes[start + 4..], b"-->")? + 3;
        at = end;
        Some((start, end))
    })
}

/// The text the rules read: same byte offsets as `text`, line breaks,
/// tabs, vertical tabs and form feeds made spaces, non-prose spans blanked.
#[cfg(test)]
fn flatten(text: &str) -> String {
    flatten_in(text, std::iter::once(0..text.len()))
}

/// [`flatten`], with non-prose spans looked for only in `ranges` (in order,
/// such as a document's units: the rules read nothing else, and an e-mail's
/// headers, full of addresses, are not searched), except HTML comments,
/// which are found in the whole text (a comment may hide lines that are
/// units of their own). Another span found in a range ends there at the
/// latest (none spans lines: each ends at a space or a line break).
fn flatten_in(text: &str, ranges: impl Iterator<Item = Range<usize>>) -> String {
    let mut flat: Vec<u8> = text
        .bytes()
        .map(|b| {
            if matches!(b, b'\n' | b'\r' | b'\t' | b'\x0b' | b'\x0c') {
                b' '
            } else {
                b
            }
        })
        .collect();
    for (start, end) in html_comments(text) {
        flat[start..end].fill(b' ');
    }
    // Ranges that touch or overlap are searched as one; a range with nothing
    // a match needs (most notes and drafts) is not searched, and the pattern
    // is not even compiled.
    for r in Joined::new(ranges, text.len()) {
        if !text.get(r.clone()).is_some_and(may_hold_non_prose) {
            continue;
        }
        for m in NOT_PROSE.find_iter(regex_automata::Input::new(text).range(r)) {
            // Keep the closing bracket of a link text: `](url)` -> `]     `.
            let start = if text[m.start()..].starts_with(']') {
                m.start() + 1
            } else {
                m.start()
            };
            flat[start..m.end()].fill(b' ');
        }
    }
    // Only ASCII bytes were replaced, and whole matches (which start and end
    // on character boundaries) were blanked, so the bytes stay UTF-8.
    String::from_utf8(flat).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_non_prose_match_holds_what_the_quick_check_looks_for() {
        // Each kind of match, and the samples: a match the quick check
        // would not see would be left in the text the rules read.
        let mut texts = vec![
            "<!-- note --> [deck](x.io/a) http://a.b ftp://c.d HTTPS://E.F www.g.h mailto:i@j.k"
                .to_string(),
            "ann.lee+x@mail.example.com </div> <b> <BR/> <v Ann> <c.red> <00:01.000> <1:02>"
                .to_string(),
        ];
        for entry in std::fs::read_dir("samples").unwrap() {
            texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default());
        }
        let mut seen = 0;
        for text in &texts {
            for m in NOT_PROSE.find_iter(text) {
                let found = &text[m.start()..m.end()];
                assert!(may_hold_non_prose(found), "{found:?}");
                seen += 1;
            }
        }
        assert!(seen >= 14, "{seen} matches");
        assert!(!may_hold_non_prose(
            "Thanks, Ann: see the deck at 10.30 - or call."
        ));
    }

    #[test]
    fn flat_keeps_offsets_and_blanks_what_is_not_prose() {
        let t = "See [the deck](https://x.io/a?b=1) or mail ann@x.io.\n<!-- hidden -->Done";
        let f = flatten(t);
        assert_eq!(f.len(), t.len());
        assert!(f.starts_with("See [the deck]"));
        assert!(!f.contains("x.io") && !f.contains("hidden"));
        assert!(f.ends_with("Done"));
        assert!(!f.contains('\n'));
    }

    #[test]
    fn flat_searches_only_the_units_but_comments_everywhere() {
        // Headers (no unit) keep their addresses; a comment that opens
        // outside the units still hides the units inside it.
        let t = "From: ann@x.io\n\nHi, see www.x.io or bo@y.io.\n<!--\nold line\n-->\nDone <!-- unclosed";
        let body = t.find("Hi").unwrap();
        let old = t.find("old line").unwrap();
        let done = t.find("Done").unwrap();
        let units = [
            body..t.find(".\n<!--").unwrap() + 1,
            old..old + 8,
            done..t.len(),
        ];
        let f = flatten_in(t, units.iter().cloned());
        assert_eq!(f.len(), t.len());
        assert!(f.starts_with("From: ann@x.io"), "{f:?}");
        assert_eq!(
            f[body..].split_whitespace().collect::<Vec<_>>(),
            ["Hi,", "see", "or", ".", "Done", "<!--", "unclosed"]
        );
        // Over the whole text, the same as `flatten`.
        assert_eq!(flatten_in(t, std::iter::once(0..t.len())), flatten(t));
    }

    #[test]
    fn flat_blanks_markup_tags_but_not_comparisons() {
        let t =
            "Dana: <i>so</i> how <c.yellow>is</c> it<00:01:02.500> going? a < b > c <first name>";
        let f = flatten(t);
        assert_eq!(f.len(), t.len());
        let words: Vec<&str> = f.split_whitespace().collect();
        assert_eq!(
            words,
            vec![
                "Dana:", "so", "how", "is", "it", "going?", "a", "<", "b", ">", "c", "<first",
                "name>"
            ]
        );
    }

    #[test]
    fn flat_survives_non_ascii_around_urls() {
        let t = "Voilà: https://é.example/ü — café";
        let f = flatten(t);
        assert_eq!(f.len(), t.len());
        assert!(f.ends_with("— café"));
    }
}
