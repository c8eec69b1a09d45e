//! Readability: an English syllable counter and the Flesch-Kincaid grade.
//!
//! The grade is `0.39 * words / sentences + 11.8 * syllables / words -
//! 15.59` (Kincaid et al., 1975): the US school grade a reader needs.
//! Words are Unicode words (UAX #29, as [`crate::document::Document`]
//! counts them), so `don't` is one word and `follow-up` two.
//!
//! Syllables are counted by rule, without a dictionary: vowel groups, with
//! `y` a vowel except before a vowel or at the start, minus a silent final
//! `e` (`make`), `-es` (`makes`) and `-ed` (`helped`, but `wanted`,
//! `handled`); vowel pairs said apart are split (`create`, `idea`, `ratio`,
//! `actual`, `quiet`), `qu` and `gu` before a vowel are consonants, and
//! suffixes (`-ing`, `-ly`, `-ful`, `-less`, `-ness`, `-ment`, `-ship`) and
//! compounds (`some-`, `any-`, `every-`, `no-`) are counted part by part. A
//! short table holds common words the rules get wrong (`business`,
//! `people`, `maybe`).
//!
//! Policies for what is not an English word:
//! - **Numbers** count one syllable per group of digits (`2024` 1, `3.5`
//!   2, `1,000,000` 3): figures are read at a glance. Letters stuck to a
//!   figure (`10am`, `Q4`) add nothing unless they make a word of three or
//!   more letters.
//! - **Acronyms** written in capitals are spelled out, one syllable a
//!   letter (`W` three): `CRM` 3, `API` 3, `HTML` 4. That applies to words
//!   of two to five capitals without a vowel, and to two- and three-letter
//!   ones that are not common words shouted (`THE`, `YOU`, `FREE` are read
//!   as words).
//! - Accented Latin letters count as their base letter (`café`); a word in
//!   another script counts one syllable.
//!
//! Everything works on the bytes of one word in a fixed buffer: counting
//! allocates nothing.

/// Longest word, in letters, that the rules look at as a whole; longer
/// tokens (chemical names, run-together junk) are counted by vowel groups.
const MAX_WORD: usize = 40;

/// Common words whose syllables the rules miscount, sorted by spelling.
/// Counts follow the CMU Pronouncing Dictionary (its first or most common
/// pronunciation).
const EXCEPTIONS: &[(&str, u8)] = &[
    ("acne", 2),
    ("apostrophe", 4),
    ("argue", 2),
    ("argued", 2),
    ("argues", 2),
    ("behaviour", 3),
    ("behaviours", 3),
    ("business", 2),
    ("businesses", 3),
    ("cafe", 2),
    ("catastrophe", 4),
    ("colonel", 2),
    ("coyote", 3),
    ("element", 3),
    ("elements", 3),
    ("embed", 2),
    ("epitome", 4),
    ("etc", 4),
    ("every", 2),
    ("finale", 3),
    ("forever", 3),
    ("giant", 2),
    ("giants", 2),
    ("hm", 1),
    ("hmm", 1),
    ("hyperbole", 4),
    ("initiative", 4),
    ("initiatives", 4),
    ("karate", 3),
    ("maybe", 2),
    ("mm", 1),
    ("mmm", 1),
    ("mrs", 2),
    ("ms", 1),
    ("naive", 2),
    ("nevertheless", 4),
    ("ok", 2),
    ("people", 2),
    ("peoples", 2),
    ("poem", 2),
    ("poems", 2),
    ("poet", 2),
    ("poetry", 3),
    ("recipe", 3),
    ("recipes", 3),
    ("resume", 3),
    ("sesame", 3),
    ("sh", 1),
    ("shh", 1),
    ("simile", 3),
    ("st", 1),
    ("th", 1),
    ("wednesday", 2),
];

/// First parts of compounds counted on their own (`some|thing`), with
/// their syllables.
const COMPOUND_HEADS: &[(&str, usize)] = &[("any", 2), ("every", 2), ("no", 1), ("some", 1)];

/// Second parts of those compounds, with their syllables.
const COMPOUND_TAILS: &[(&str, usize)] = &[
    ("body", 2),
    ("day", 1),
    ("days", 1),
    ("how", 1),
    ("more", 1),
    ("one", 1),
    ("ones", 1),
    ("place", 1),
    ("thing", 1),
    ("things", 1),
    ("time", 1),
    ("times", 1),
    ("way", 1),
    ("ways", 1),
    ("what", 1),
    ("where", 1),
];

/// First words of compounds that end in a silent `e` (`frame|work`,
/// `life|time`); the rest is counted as a word of its own.
const SILENT_E_HEADS: &[&str] = &[
    "awe", "base", "bridge", "care", "case", "code", "else", "face", "file", "fire", "fore",
    "frame", "gate", "guide", "home", "hope", "house", "life", "like", "line", "lone", "make",
    "mile", "more", "name", "nine", "note", "pipe", "place", "price", "safe", "sale", "share",
    "side", "space", "spoke", "state", "stone", "store", "take", "there", "time", "trade", "type",
    "use", "ware", "where", "white", "whole", "wide", "wise",
];

/// The rests after `there` and `where` that make a compound (`therefore`;
/// not `wherever`).
const THERE_TAILS: &[&[u8]] = &[
    b"fore", b"by", b"in", b"as", b"of", b"upon", b"after", b"abouts",
];

/// Rests that start with a vowel and make a compound (`line|up`,
/// `home|owner`; not `linear`).
const VOWEL_TAILS: &[&[u8]] = &[
    b"up", b"ups", b"out", b"outs", b"over", b"owner", b"owners", b"in", b"on", b"away", b"off",
    b"offs",
];

/// Suffixes counted apart from their stem, with their syllables, longest
/// first where one ends another.
const SUFFIXES: &[(&str, usize)] = &[
    ("ings", 1),
    ("ing", 1),
    ("ments", 1),
    ("ment", 1),
    ("ness", 1),
    ("less", 1),
    ("ships", 1),
    ("ship", 1),
    ("ful", 1),
    ("ly", 1),
];

/// Two- and three-letter words that are read as words, not spelled out,
/// when written in capitals; sorted.
const SHORT_WORDS: &[&str] = &[
    "act", "add", "ads", "age", "ago", "aid", "aim", "air", "all", "am", "an", "and", "any", "are",
    "art", "as", "ask", "at", "bad", "be", "bed", "big", "bit", "box", "boy", "but", "buy", "by",
    "can", "car", "cut", "day", "did", "do", "due", "eat", "end", "far", "fee", "few", "fix",
    "for", "fun", "get", "go", "got", "had", "has", "he", "her", "hi", "him", "his", "hot", "how",
    "if", "in", "is", "it", "its", "job", "key", "kid", "law", "let", "lot", "low", "man", "may",
    "me", "men", "mix", "my", "net", "new", "no", "nor", "not", "now", "of", "off", "oh", "oil",
    "old", "on", "one", "or", "our", "out", "own", "pay", "per", "put", "red", "run", "sad", "saw",
    "say", "see", "set", "she", "sir", "so", "tax", "ten", "the", "tip", "to", "too", "top", "try",
    "two", "up", "us", "use", "via", "was", "way", "we", "who", "why", "win", "won", "yes", "yet",
    "you",
];

/// True for the five vowel letters.
fn vowel_letter(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// True when the letter at `i` is sounded as a vowel.
fn is_vowel(w: &[u8], i: usize) -> bool {
    let next = w.get(i + 1).copied();
    match w[i] {
        b'a' | b'e' | b'i' | b'o' => true,
        // `qu` and `gu` before a vowel: the u is a consonant (quick, guess,
        // language), but not in "ambiguous".
        b'u' => {
            let prev = i.checked_sub(1).map(|p| w[p]);
            !(prev == Some(b'q')
                || prev == Some(b'g') && matches!(next, Some(b'a' | b'e' | b'i' | b'y')))
        }
        // `y` opens a word or a syllable as a consonant (yes, beyond,
        // lawyer), except a final "ye" after a consonant (bye).
        b'y' => {
            if i == 0 {
                return false;
            }
            match next {
                Some(n) if vowel_letter(n) => {
                    n == b'e' && i + 2 == w.len() && !vowel_letter(w[i - 1])
                }
                _ => true,
            }
        }
        _ => false,
    }
}

/// True when two vowels side by side, at `i - 1` and `i`, are said in two
/// syllables; `whole` is false for a stem before a suffix.
fn split_pair(w: &[u8], i: usize, whole: bool) -> bool {
    let (a, b) = (w[i - 1], w[i]);
    let before = if i >= 2 { w[i - 2] } else { 0 };
    let before2 = if i >= 3 { w[i - 3] } else { 0 };
    let next = w.get(i + 1).copied().unwrap_or(0);
    let next2 = w.get(i + 2).copied().unwrap_or(0);
    let tail = &w[i + 1..];
    // A vowel letter before the pair's consonant: the pair is not in the
    // word's first syllable.
    let vowel_before = w[..i.saturating_sub(1)].iter().any(|&c| vowel_letter(c));
    match (a, b) {
        // media, trial, appreciate, confidentiality; but social, Asian,
        // Georgia, marriage, William, California, Australian, familiar.
        (b'i', b'a') => {
            if matches!(tail, b"ge" | b"ges") {
                return false;
            }
            if matches!(before, b'c' | b't' | b's' | b'g') {
                return matches!(next, b't' | b's') || tail.starts_with(b"lit");
            }
            let name_end = match before {
                b'n' => matches!(tail, b"" | b"s" | b"n" | b"ns"),
                _ => matches!(tail, b"" | b"n" | b"ns"),
            };
            !(before == b'l' && before2 == b'l' && !tail.starts_with(b"nc")
                || matches!(before, b'l' | b'n') && name_end && vowel_before
                || before == b'l' && tail == b"r" && vowel_before)
        }
        // nation, vision, question, fashion, million, union, senior,
        // behaviour; but ratio, period, radio.
        (b'i', b'o') => {
            let soft = matches!(before, b't' | b's' | b'c' | b'x' | b'g')
                || before == b'h' && matches!(before2, b's' | b'c');
            let one = soft && matches!(next, b'n' | b'u')
                || before == b'l' && before2 == b'l' && next == b'n'
                || before == b'n' && matches!(next, b'n' | b'r')
                || before == b'v' && next == b'r';
            !one
        }
        // quiet, diet, society; client, experience, science; easier,
        // easiest; but field, friend, patient, ancient, convenient,
        // studied, soldier.
        (b'i', b'e') => {
            if next == b't' {
                return true;
            }
            if next == b'n' && matches!(next2, b't' | b'c') {
                return !(matches!(before, b't' | b'n') || before == b'c' && before2 != b's');
            }
            vowel_before
                && !vowel_letter(before)
                && !matches!(before, b'c' | b't' | b'g' | b'd')
                && matches!(tail, b"r" | b"rs" | b"st")
        }
        // create, react, reality, agreeable; idea, areas, linear,
        // European; but increase, ocean, clean, real, overseas.
        (b'e', b'a') => {
            let start = i - 1;
            let after_vc = start >= 2 && !vowel_letter(before) && vowel_letter(before2);
            (start >= 2 && &w[start - 2..start] == b"cr" && next == b't' && next2 != b'u')
                || (start == 1
                    && w[0] == b'r'
                    && (tail.starts_with(b"ct") || next == b'l' && vowel_letter(next2)))
                || before == b'e'
                || (whole && matches!(tail, b"" | b"s" | b"r") && after_vc)
                || (whole
                    && matches!(tail, b"n" | b"ns")
                    && vowel_before
                    && !matches!(before, b'c' | b'g' | b's' | b'h'))
        }
        // video, theory, spontaneous; but people, surgeon, gorgeous.
        (b'e', b'o') => {
            let soft_g = before == b'g' && matches!(next, b'n' | b'u' | b'r');
            let one = [&b"peo"[..], b"jeo", b"leo"]
                .iter()
                .any(|p| w.starts_with(p));
            !(soft_g || one)
        }
        // museum; reuse, reunion.
        (b'e', b'u') => next == b'm' && i + 2 == w.len() || i == 2 && w[0] == b'r',
        // doer, whoever.
        (b'o', b'e') => matches!(tail, b"r" | b"rs") || next == b'v',
        // reinvent, reinforce; not rein, reign.
        (b'e', b'i') => i == 2 && w[0] == b'r' && w.len() > 5 && matches!(next, b'n' | b'm' | b't'),
        // cooperate, coordinate.
        (b'o', b'o') => {
            i == 2 && w[0] == b'c' && w.len() >= 7 && matches!(next, b'p' | b'r') && next2 != b'k'
        }
        // actual, usual, situation.
        (b'u', b'a') => true,
        // fuel, cruel, fluent, influence, duet; not value, issued.
        (b'u', b'e') => {
            next == b'l' || next == b't' || next == b'n' && matches!(next2, b't' | b'c')
        }
        // fluid, ruin, genuine, continuity, intuition.
        (b'u', b'i') => matches!(next, b'd' | b'n') || next == b't' && matches!(next2, b'y' | b'i'),
        // continuous, duo; medium, premium; skiing.
        (b'u', b'o') | (b'i', b'u') | (b'i', b'i') => true,
        _ => false,
    }
}

/// Syllables of a lowercase ASCII word by its vowel groups and endings,
/// without the exception table, suffixes or compounds. `whole` is true when
/// `w` is the whole word, not a stem before a suffix.
fn by_rule(w: &[u8], whole: bool) -> usize {
    let len = w.len();
    if len == 0 {
        return 0;
    }
    let mut n = 0usize;
    let mut prev_vowel = false;
    for i in 0..len {
        let v = is_vowel(w, i);
        if v && (!prev_vowel || split_pair(w, i, whole)) {
            n += 1;
        }
        prev_vowel = v;
    }
    if len >= 3 && n > 1 {
        let last = w[len - 1];
        let pen = w[len - 2];
        let cons = |i: usize| !is_vowel(w, i);
        // A consonant that makes `l` or `r` a syllable: table, acre; not
        // ville, called, curled, crawled.
        let syllabic_before = |i: usize| cons(i) && !matches!(w[i], b'l' | b'r' | b'w');
        if last == b'e' && cons(len - 2) {
            // simple, table; acre, centre: the e is sounded.
            let syllabic = matches!(pen, b'l' | b'r') && syllabic_before(len - 3);
            if !syllabic {
                n -= 1;
            }
        } else if len >= 4 && pen == b'e' && matches!(last, b's' | b'd') && cons(len - 3) {
            let x = w[len - 3];
            let y = w[len - 4];
            let kept = matches!(x, b'l' | b'r') && syllabic_before(len - 4)
                || if last == b's' {
                    // pages, places, boxes, matches.
                    matches!(x, b's' | b'z' | b'x' | b'c' | b'g')
                        || x == b'h' && matches!(y, b'c' | b's')
                } else {
                    // wanted, needed.
                    matches!(x, b't' | b'd')
                };
            if !kept {
                n -= 1;
            }
        }
    }
    // criticism, sarcasm, rhythm: the m is a syllable of its own.
    let core = w.strip_suffix(b"s").unwrap_or(w);
    if core.ends_with(b"ism") || core.ends_with(b"asm") || core.ends_with(b"thm") {
        n += 1;
    }
    // fire, tired, entire, desires: "ire" is said in two.
    let ire = [&b"ire"[..], b"ires", b"ired"]
        .iter()
        .find(|e| w.ends_with(e))
        .map(|e| len - e.len());
    if whole && ire.is_some_and(|at| at > 0 && !is_vowel(w, at - 1)) {
        n += 1;
    }
    n.max(1)
}

/// True when the word has a vowel letter (or a `y` after its first letter).
fn has_vowel(w: &[u8]) -> bool {
    w.iter()
        .enumerate()
        .any(|(i, &c)| vowel_letter(c) || c == b'y' && i > 0)
}

/// Syllables of a lowercase ASCII word; `whole` is false for a stem
/// before a suffix.
fn count_letters(w: &[u8], whole: bool) -> usize {
    if w.len() > MAX_WORD {
        return by_rule(w, whole);
    }
    if let Ok(i) = EXCEPTIONS.binary_search_by(|(k, _)| cmp(k.as_bytes(), w)) {
        return usize::from(EXCEPTIONS[i].1);
    }
    // http, rpm, cc: a word without a vowel is spelled out.
    if (2..=5).contains(&w.len()) && !has_vowel(w) {
        return spell(w);
    }
    // Each table is tried only when the word's first or last letter fits,
    // so most words skip it after one comparison a row.
    let (Some(&first), Some(&last)) = (w.first(), w.last()) else {
        return 0;
    };
    for (head, hn) in COMPOUND_HEADS {
        if let Some(rest) = prefix(w, first, head)
            && let Some((_, tn)) = COMPOUND_TAILS.iter().find(|(t, _)| t.as_bytes() == rest)
        {
            return hn + tn;
        }
    }
    // framework, lifetime, therefore: a first word with a silent e.
    let from = SILENT_E_HEADS.partition_point(|h| h.as_bytes()[0] < first);
    for head in SILENT_E_HEADS[from..]
        .iter()
        .take_while(|h| h.as_bytes()[0] == first)
    {
        if let Some(rest) = prefix(w, first, head)
            && rest.len() >= 2
            && has_vowel(rest)
        {
            let fits = match rest[0] {
                // user-name, make-rs: the e starts "-er".
                b'r' => false,
                _ if matches!(*head, "there" | "where") => THERE_TAILS.contains(&rest),
                b'a' | b'e' | b'i' | b'o' | b'u' => VOWEL_TAILS.contains(&rest),
                _ => true,
            };
            if fits {
                return 1 + count_letters(rest, whole);
            }
        }
    }
    // supposedly, allegedly: the e of "-edly" is sounded.
    if let Some(stem) = w.strip_suffix(b"edly")
        && has_vowel(stem)
    {
        return count_letters(stem, false) + 2;
    }
    // basically, automatically: "-ically" is said "-ic-ly".
    if let Some(stem) = w.strip_suffix(b"ally")
        && stem.ends_with(b"ic")
    {
        return count_letters(stem, false) + 1;
    }
    for (suffix, sn) in SUFFIXES {
        let sb = suffix.as_bytes();
        if sb[sb.len() - 1] != last {
            continue;
        }
        let fits = w.len() >= sb.len() && w[w.len() - sb.len()..].iter().eq(sb);
        if let Some(stem) = fits.then(|| &w[..w.len() - sb.len()])
            && stem.len() >= 2
            && has_vowel(stem)
        {
            return count_letters(stem, false) + sn;
        }
    }
    by_rule(w, whole)
}

/// `w` without `head`, when it starts with it; `first` is `w[0]`.
fn prefix<'w>(w: &'w [u8], first: u8, head: &str) -> Option<&'w [u8]> {
    let h = head.as_bytes();
    let fits = h[0] == first && w.len() >= h.len() && w.iter().zip(h).all(|(a, b)| a == b);
    fits.then(|| &w[h.len()..])
}

/// Byte-wise order of two short words (a loop: cheaper than a library call
/// for a few bytes).
fn cmp(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// Syllables of letters said one by one (`W` is three).
fn spell(letters: &[u8]) -> usize {
    letters.iter().map(|&c| if c == b'w' { 3 } else { 1 }).sum()
}

/// Syllables of a word written in capitals that is spelled out, or `None`
/// when it is read as a word.
fn spelled(word: &str, letters: &[u8]) -> Option<usize> {
    let n = letters.len();
    let capitals = word.bytes().all(|b| b.is_ascii_uppercase());
    if !capitals || !(2..=5).contains(&n) {
        return None;
    }
    let no_vowel = !letters.iter().any(|&c| vowel_letter(c) || c == b'y');
    let short = n <= 3
        && SHORT_WORDS
            .binary_search_by(|s| s.as_bytes().cmp(letters))
            .is_err();
    (no_vowel || short).then(|| spell(letters))
}

/// The ASCII letter an accented Latin letter is read as.
fn fold(c: char) -> Option<u8> {
    let b = match c {
        'à'..='å' | 'À'..='Å' => b'a',
        'ç' | 'Ç' => b'c',
        'è'..='ë' | 'È'..='Ë' => b'e',
        'ì'..='ï' | 'Ì'..='Ï' => b'i',
        'ñ' | 'Ñ' => b'n',
        'ò'..='ö' | 'ø' | 'Ò'..='Ö' | 'Ø' => b'o',
        'ù'..='ü' | 'Ù'..='Ü' => b'u',
        'ý' | 'ÿ' | 'Ý' => b'y',
        _ => return None,
    };
    Some(b)
}

/// Syllables in one word (a Unicode word: letters, digits, apostrophes).
///
/// ```
/// use rapport::readability::syllables;
/// assert_eq!(syllables("simple"), 2);
/// assert_eq!(syllables("wanted"), 2);
/// assert_eq!(syllables("helped"), 1);
/// assert_eq!(syllables("CRM"), 3);
/// assert_eq!(syllables("2024"), 1);
/// ```
pub fn syllables(word: &str) -> usize {
    let mut buf = [0u8; MAX_WORD];
    let mut n = 0usize;
    let mut overflow = false;
    let mut digit_groups = 0usize;
    let mut in_digits = false;
    let mut other_script = false;
    let mut apostrophe_at = None;
    for c in word.chars() {
        let letter = if c.is_ascii_alphabetic() {
            Some(c.to_ascii_lowercase() as u8)
        } else {
            fold(c)
        };
        in_digits = if c.is_ascii_digit() {
            digit_groups += usize::from(!in_digits);
            true
        } else {
            false
        };
        match letter {
            Some(b) if n < MAX_WORD => {
                buf[n] = b;
                n += 1;
            }
            Some(_) => overflow = true,
            None if c == '\'' || c == '\u{2019}' => apostrophe_at = Some(n),
            None if c.is_alphabetic() => other_script = true,
            None => {}
        }
    }
    if overflow {
        // A token too long to be a word: vowel groups, without allocating.
        let mut groups = 0;
        let mut prev = false;
        for c in word.chars() {
            let v = matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
            groups += usize::from(v && !prev);
            prev = v;
        }
        return groups.max(1);
    }
    let letters = &buf[..n];
    if digit_groups > 0 {
        let words = if n >= 3 {
            count_letters(letters, true)
        } else {
            0
        };
        return digit_groups + words;
    }
    if n == 0 {
        return 1;
    }
    if other_script && !has_vowel(letters) {
        return 1;
    }
    if let Some(s) = spelled(word, letters) {
        return s;
    }
    // didn't, couldn't, haven't: "n't" after a consonant (or "have") is a
    // syllable; don't, can't, won't, aren't: it is not.
    if apostrophe_at == Some(n.saturating_sub(1)) && letters.ends_with(b"nt") && n > 2 {
        let stem = &letters[..n - 2];
        let extra = stem.last().is_some_and(|&c| !vowel_letter(c)) || stem == b"have";
        return count_letters(stem, true) + usize::from(extra);
    }
    count_letters(letters, true)
}

/// Slots of a thread's syllable memory ([`Memo`]), a power of two: up to
/// 512 KB a thread. A judgement on measurements over every 5th spamassassin
/// message: 16,384 slots 1,838 M instructions, 65,536 slots 1,828 M; the
/// corpus's wall time was the same with 4,096, 16,384 and 65,536 slots
/// (medians of 20 interleaved runs within 1%), and every slot touched adds
/// to the 1 GB batch's peak memory, twice with two jobs.
const MEMO_SLOTS: usize = 16384;

/// Words longer than this are counted each time (rarely repeated).
const REMEMBERED_LEN: usize = 24;

/// The slots a thread's syllable memory starts with (4 pages): a draft
/// counts a few hundred words, and each slot its words land in is a page
/// the process touches (a page fault: a 16,384-slot table cost a draft 150
/// faults, a tenth of its time).
const FIRST_SLOTS: usize = 512;

/// A thread's syllable counts of the words it met last: one slot a hash,
/// a new word taking the place of the one there. Most words of a text are
/// common ones, and counting a word's syllables (exceptions, compounds,
/// suffixes) costs several times a lookup, which here is a hash of three
/// machine words and one comparison. The table starts small and grows
/// (forgetting what it held) eightfold each time it has counted half as
/// many words as it has slots, up to [`MEMO_SLOTS`].
struct Memo {
    /// A word of at most [`REMEMBERED_LEN`] bytes, zero-padded, in the
    /// first three; its length and, shifted by 8 bits, its syllables in the
    /// last. All zeros is an empty slot (no word is empty), so the memory
    /// is allocated zeroed: only the pages of slots used are ever touched.
    slots: Vec<[u64; 4]>,
    /// Words counted (not found) since the table was made.
    counted: usize,
}

impl Memo {
    fn new() -> Memo {
        Memo::with_slots(FIRST_SLOTS)
    }

    fn with_slots(n: usize) -> Memo {
        debug_assert!(n.is_power_of_two());
        Memo {
            slots: vec![[0; 4]; n],
            counted: 0,
        }
    }

    /// [`syllables`] of `word`, remembered.
    fn syllables(&mut self, word: &str) -> usize {
        let b = word.as_bytes();
        if b.len() > REMEMBERED_LEN || b.is_empty() {
            return syllables(word);
        }
        let mut padded = [0u8; REMEMBERED_LEN];
        padded[..b.len()].copy_from_slice(b);
        let part = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&padded[8 * i..8 * i + 8]);
            u64::from_le_bytes(w)
        };
        let key = [part(0), part(1), part(2)];
        let len = b.len() as u64;
        let h = (key[0] ^ key[1].rotate_left(21) ^ key[2].rotate_left(42) ^ len)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let bits = self.slots.len().trailing_zeros();
        let at = (h >> (64 - bits)) as usize;
        let slot = self.slots[at];
        if slot[3] & 0xff == len && slot[..3] == key {
            return (slot[3] >> 8) as usize;
        }
        let n = syllables(word);
        self.counted += 1;
        if self.counted > self.slots.len() / 2 && self.slots.len() < MEMO_SLOTS {
            *self = Memo::with_slots((self.slots.len() * 8).min(MEMO_SLOTS));
            return n;
        }
        // A word of at most 24 bytes has fewer than 256 syllables.
        self.slots[at] = [key[0], key[1], key[2], len | (n.min(255) as u64) << 8];
        n
    }
}

thread_local! {
    /// This thread's syllable memory, made when it first counts a sentence.
    static SYLLABLES: std::cell::RefCell<Option<Memo>> = const { std::cell::RefCell::new(None) };
}

/// Words, syllables and sentences of a stretch of text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Number of words.
    pub words: usize,
    /// Number of syllables in those words.
    pub syllables: usize,
    /// Number of sentences.
    pub sentences: usize,
}

impl Counts {
    /// The counts of one sentence: its words and their syllables; a
    /// sentence without words counts as none.
    pub fn sentence(text: &str) -> Counts {
        let mut c = Counts::default();
        SYLLABLES.with(|memo| {
            let mut memo = memo.borrow_mut();
            let memo = memo.get_or_insert_with(Memo::new);
            crate::words::each(text, |w| {
                c.words += 1;
                c.syllables += memo.syllables(w);
            });
        });
        c.sentences = usize::from(c.words > 0);
        c
    }

    /// The counts of a text, cut into sentences at `.`, `!` and `?` as the
    /// documents are.
    pub fn text(text: &str) -> Counts {
        let mut ranges = Vec::new();
        crate::segment::split_sentences(text, 0..text.len(), &mut ranges);
        let mut c = Counts::default();
        for r in ranges {
            c.add(Counts::sentence(&text[r]));
        }
        c
    }

    /// Adds another stretch's counts to these.
    pub fn add(&mut self, other: Counts) {
        self.words += other.words;
        self.syllables += other.syllables;
        self.sentences += other.sentences;
    }

    /// The Flesch-Kincaid grade, or `None` without words or sentences.
    pub fn grade(&self) -> Option<f64> {
        (self.words > 0 && self.sentences > 0)
            .then(|| flesch_kincaid(self.words, self.sentences, self.syllables))
    }
}

/// The Flesch-Kincaid grade level: `0.39 * words / sentences + 11.8 *
/// syllables / words - 15.59`. Zero words or sentences count as one, so the
/// result is always a number.
pub fn flesch_kincaid(words: usize, sentences: usize, syllables: usize) -> f64 {
    let w = words.max(1) as f64;
    let s = sentences.max(1) as f64;
    0.39 * w / s + 11.8 * syllables as f64 / w - 15.59
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_count_is_the_count() {
        let words = [
            "the",
            "framework",
            "didn't",
            "CRM",
            "2024",
            "Zürich",
            "simple",
            "abcdefghijklmnopqrstuvwx",
            "abcdefghijklmnopqrstuvwxy",
        ];
        let mut memo = Memo::new();
        for _ in 0..2 {
            for w in words {
                assert_eq!(memo.syllables(w), syllables(w), "{w}");
            }
        }
        // Words that take each other's slots are counted again, right.
        for i in 0..MEMO_SLOTS * 2 {
            let w = format!("word{i}");
            assert_eq!(memo.syllables(&w), syllables(&w));
        }
        for w in words {
            assert_eq!(memo.syllables(w), syllables(w), "{w}");
        }
        assert_eq!(memo.syllables(""), syllables(""));
    }

    /// Common words and their syllables, as every dictionary gives them
    /// (words whose count is disputed, such as "every", "family" or
    /// "fire", are left out).
    const WORDS: &[(&str, usize)] = &[
        // One syllable: plain, silent e, vowel teams.
        ("the", 1),
        ("and", 1),
        ("you", 1),
        ("through", 1),
        ("thought", 1),
        ("great", 1),
        ("each", 1),
        ("said", 1),
        ("point", 1),
        ("voice", 1),
        ("view", 1),
        ("true", 1),
        ("build", 1),
        ("fruit", 1),
        ("school", 1),
        ("strength", 1),
        ("world", 1),
        ("make", 1),
        ("time", 1),
        ("come", 1),
        ("done", 1),
        ("there", 1),
        ("where", 1),
        ("were", 1),
        ("are", 1),
        ("one", 1),
        ("have", 1),
        ("give", 1),
        ("whole", 1),
        ("smile", 1),
        ("change", 1),
        ("please", 1),
        ("guess", 1),
        ("guide", 1),
        ("league", 1),
        ("quick", 1),
        ("field", 1),
        ("friend", 1),
        ("piece", 1),
        // y as a vowel or a consonant.
        ("my", 1),
        ("they", 1),
        ("day", 1),
        ("key", 1),
        ("eye", 1),
        ("bye", 1),
        ("yes", 1),
        ("type", 1),
        ("style", 1),
        ("gym", 1),
        ("happy", 2),
        ("system", 2),
        ("money", 2),
        ("journey", 2),
        ("beyond", 2),
        ("player", 2),
        ("buyer", 2),
        ("lawyer", 2),
        ("royal", 2),
        ("goodbye", 2),
        ("rhythm", 2),
        ("yellow", 2),
        ("employee", 3),
        // -es and -ed.
        ("makes", 1),
        ("times", 1),
        ("notes", 1),
        ("sales", 1),
        ("goes", 1),
        ("does", 1),
        ("lives", 1),
        ("pages", 2),
        ("places", 2),
        ("boxes", 2),
        ("matches", 2),
        ("changes", 2),
        ("houses", 2),
        ("tables", 2),
        ("values", 2),
        ("issues", 2),
        ("companies", 3),
        ("series", 2),
        ("helped", 1),
        ("called", 1),
        ("asked", 1),
        ("used", 1),
        ("based", 1),
        ("tried", 1),
        ("played", 1),
        ("wanted", 2),
        ("needed", 2),
        ("added", 2),
        ("started", 2),
        ("handled", 2),
        ("studied", 2),
        ("agreed", 2),
        ("offered", 2),
        ("enjoyed", 2),
        ("hundred", 2),
        ("created", 3),
        // -le and other sounded endings.
        ("simple", 2),
        ("table", 2),
        ("little", 2),
        ("able", 2),
        ("example", 3),
        ("possible", 3),
        ("available", 4),
        ("acre", 2),
        ("centre", 2),
        // Vowels said apart.
        ("create", 2),
        ("creative", 3),
        ("react", 2),
        ("idea", 3),
        ("ideas", 3),
        ("area", 3),
        ("video", 3),
        ("radio", 3),
        ("ratio", 3),
        ("period", 3),
        ("media", 3),
        ("serious", 3),
        ("various", 3),
        ("previous", 3),
        ("obvious", 3),
        ("actual", 3),
        ("usual", 3),
        ("situation", 4),
        ("individual", 5),
        ("quiet", 2),
        ("diet", 2),
        ("society", 4),
        ("variety", 4),
        ("client", 2),
        ("science", 2),
        ("experience", 4),
        ("audience", 3),
        ("easier", 3),
        ("influence", 3),
        ("fluent", 2),
        ("fluid", 2),
        ("ruin", 2),
        ("genuine", 3),
        ("museum", 3),
        ("continuous", 4),
        ("reuse", 2),
        ("cooperate", 4),
        ("coordinate", 4),
        ("agreement", 3),
        // Vowels said together.
        ("nation", 2),
        ("question", 2),
        ("vision", 2),
        ("fashion", 2),
        ("religion", 3),
        ("social", 2),
        ("special", 2),
        ("official", 3),
        ("financial", 3),
        ("potential", 3),
        ("patient", 2),
        ("ancient", 2),
        ("efficient", 3),
        ("delicious", 3),
        ("anxious", 2),
        ("gorgeous", 2),
        ("surgeon", 2),
        ("language", 2),
        ("guarantee", 3),
        ("value", 2),
        ("issue", 2),
        ("continue", 3),
        ("revenue", 3),
        ("beautiful", 3),
        ("because", 2),
        ("again", 2),
        ("believe", 2),
        ("receive", 2),
        ("review", 2),
        ("interview", 3),
        ("appreciate", 4),
        ("negotiate", 4),
        ("unique", 2),
        ("technique", 2),
        // Suffixes and compounds.
        ("meeting", 2),
        ("being", 2),
        ("going", 2),
        ("doing", 2),
        ("trying", 2),
        ("lately", 2),
        ("likely", 2),
        ("completely", 3),
        ("useful", 2),
        ("careful", 2),
        ("hopeless", 2),
        ("statement", 2),
        ("management", 3),
        ("development", 4),
        ("relationship", 4),
        ("happiness", 3),
        ("supposedly", 4),
        ("someone", 2),
        ("something", 2),
        ("sometimes", 2),
        ("anyone", 3),
        ("anything", 3),
        ("everyone", 3),
        ("nothing", 2),
        ("nobody", 3),
        ("framework", 2),
        ("lifetime", 2),
        ("safety", 2),
        ("therefore", 2),
        ("guidelines", 2),
        ("whatever", 3),
        ("however", 3),
        // -ism, -asm, -thm.
        ("criticism", 4),
        ("enthusiasm", 5),
        ("algorithm", 4),
        // Longer words.
        ("important", 3),
        ("tomorrow", 3),
        ("another", 3),
        ("company", 3),
        ("customer", 3),
        ("remember", 3),
        ("already", 3),
        ("together", 3),
        ("quality", 3),
        ("opportunity", 5),
        ("unfortunately", 5),
        ("communication", 5),
        ("organization", 5),
        ("information", 4),
        ("necessary", 4),
        ("immediately", 5),
        ("implementation", 5),
        ("methodology", 5),
        // The exception table.
        ("business", 2),
        ("people", 2),
        ("maybe", 2),
        ("recipe", 3),
    ];

    #[test]
    fn counts_common_words() {
        assert!(WORDS.len() >= 60);
        let wrong: Vec<String> = WORDS
            .iter()
            .filter(|(w, n)| syllables(w) != *n)
            .map(|(w, n)| format!("{w}: {} (expected {n})", syllables(w)))
            .collect();
        assert!(wrong.is_empty(), "miscounted: {}", wrong.join(", "));
    }

    #[test]
    fn contractions_count_the_syllables_said() {
        for (w, n) in [
            ("don't", 1),
            ("can't", 1),
            ("won't", 1),
            ("didn't", 2),
            ("couldn't", 2),
            ("haven't", 2),
            ("isn't", 2),
            ("I'll", 1),
            ("we're", 1),
            ("you're", 1),
            ("it's", 1),
            ("don\u{2019}t", 1),
            ("doesn\u{2019}t", 2),
        ] {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    #[test]
    fn case_does_not_change_a_word() {
        assert_eq!(syllables("Meeting"), 2);
        assert_eq!(syllables("Wednesday"), 2);
        assert_eq!(syllables("Simple"), 2);
    }

    #[test]
    fn acronyms_are_spelled_and_shouted_words_are_read() {
        for (w, n) in [
            ("CRM", 3),
            ("API", 3),
            ("CEO", 3),
            ("ROI", 3),
            ("HTML", 4),
            ("WWW", 9),
            ("OK", 2),
            ("http", 4),
            ("THE", 1),
            ("YOU", 1),
            ("FREE", 1),
            ("NOW", 1),
            ("NASA", 2),
            ("I", 1),
            ("A", 1),
        ] {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    #[test]
    fn numbers_count_one_syllable_a_group_of_digits() {
        for (w, n) in [
            ("2024", 1),
            ("7", 1),
            ("3.5", 2),
            ("1,000,000", 3),
            ("10am", 1),
            ("Q4", 1),
            ("5minutes", 3),
        ] {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    #[test]
    fn accents_fold_and_other_scripts_count_one() {
        assert_eq!(syllables("café"), 2);
        assert_eq!(syllables("naïve"), 2);
        assert_eq!(syllables("résumé"), 3);
        assert_eq!(syllables("Zürich"), 2);
        assert_eq!(syllables("日本"), 1);
        assert_eq!(syllables("Москва"), 1);
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(EXCEPTIONS.windows(2).all(|p| p[0].0 < p[1].0));
        assert!(SHORT_WORDS.windows(2).all(|p| p[0] < p[1]));
        assert!(SILENT_E_HEADS.windows(2).all(|p| p[0] < p[1]));
    }

    #[test]
    fn odd_tokens_do_not_panic() {
        for w in [
            "",
            "'",
            "\u{2019}",
            "y",
            "Y",
            "e",
            "ee",
            "es",
            "ed",
            "nt",
            "n't",
            "'nt",
            "qu",
            "gu",
            "ye",
            "ie",
            "ia",
            "ea",
            "eo",
            "ua",
            "ue",
            "ui",
            "uo",
            "iu",
            "ii",
            "oo",
            "oe",
            "ei",
            "eu",
            "ire",
            "ires",
            "ired",
            "edly",
            "ally",
            "ically",
            "ings",
            "ly",
            "ment",
            "some",
            "anybody",
            "日本語",
            "ü",
            "ÿÿ",
            "x9",
            "9",
            "___",
            "\u{0301}e",
        ] {
            let n = syllables(w);
            assert!(n <= 4, "{w}: {n}");
        }
        assert_eq!(syllables(&"ab".repeat(500)), 500);
        assert_eq!(syllables(&"9".repeat(10_000)), 1);
    }

    #[test]
    fn flesch_kincaid_matches_the_formula() {
        // Kincaid et al. (1975): 0.39 * words/sentence + 11.8 * syllables/word - 15.59.
        let g = flesch_kincaid(100, 5, 150);
        assert!((g - (0.39 * 20.0 + 11.8 * 1.5 - 15.59)).abs() < 1e-9);
        // One-syllable one-word sentences give the lowest possible grade.
        assert!((flesch_kincaid(3, 3, 3) - -3.40).abs() < 1e-9);
        // Nothing to divide by is not a panic.
        assert!(flesch_kincaid(0, 0, 0).is_finite());
        assert_eq!(Counts::default().grade(), None);
    }

    /// Reference passages, counted by hand: words, syllables, sentences and
    /// the grade those give.
    #[test]
    fn grades_reference_passages() {
        let passages: &[(&str, usize, usize, usize, f64)] = &[
            ("The cat sat on the mat.", 6, 6, 1, -1.45),
            ("Go. Run. Stop.", 3, 3, 3, -3.40),
            (
                "We will send the report on Friday. Could we meet next week to talk about it?",
                16,
                19,
                2,
                1.5425,
            ),
            (
                "This comprehensive implementation methodology facilitates organizational \
                 transformation across multiple departments.",
                10,
                37,
                1,
                31.97,
            ),
        ];
        for &(text, words, syl, sentences, grade) in passages {
            let c = Counts::text(text);
            assert_eq!(
                (c.words, c.syllables, c.sentences),
                (words, syl, sentences),
                "{text}"
            );
            let g = c.grade().expect("a grade");
            assert!((g - grade).abs() < 1e-6, "{text}: {g} (expected {grade})");
        }
    }
}
