//! Finding the author's own text in an email body: quoted replies, quoted
//! and forwarded threads, mailing-list and legal footers and signatures are
//! left out, each kind with one warning that says from which line.

use std::ops::Range;

/// Why a line of the body is not analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// A line quoted with `>`, or the attribution above such lines.
    Quoted,
    /// An earlier message quoted below a reply marker, to the end.
    Thread,
    /// A forwarded message, to the end.
    Forward,
    /// A mailing-list, unsubscribe or legal footer.
    Footer,
    /// A signature.
    Signature,
}

/// One line of the body.
struct Line<'a> {
    /// Byte offset of the line in the text.
    start: usize,
    /// Byte offset of its end, without the line break.
    end: usize,
    /// The line, trimmed.
    t: &'a str,
    /// The trimmed line in lowercase (see [`lowercase_in_place`]).
    lower: &'a str,
    /// 1-based line number in the text.
    no: usize,
    /// True when the line starts with white space.
    indented: bool,
    /// Why it is left out, if it is.
    cut: Option<Cut>,
}

impl Line<'_> {
    fn blank(&self) -> bool {
        self.t.is_empty()
    }

    fn quoted(&self) -> bool {
        self.t.starts_with('>')
    }

    fn kept(&self) -> bool {
        self.cut.is_none()
    }
}

/// The author's text of an email body.
#[derive(Debug, Default)]
pub(crate) struct Stripped {
    /// Byte ranges of the runs of lines that are analysed, in order.
    pub kept: Vec<Range<usize>>,
    /// One note for each kind of text left out.
    pub warnings: Vec<String>,
}

/// Splits `text[body]` into the author's text and what is left out.
pub(crate) fn strip(text: &str, body: Range<usize>) -> Stripped {
    let lowered = lowercase_in_place(&text[body.clone()]);
    let mut lines = body_lines(text, &lowered, body);
    let mut warnings = Vec::new();
    mark_pgp(&mut lines, &mut warnings);
    mark_threads(&mut lines, &mut warnings);
    mark_quotes(&mut lines, &mut warnings);
    if has_words(&lines) {
        // Footers and signatures are dropped only when some text is left.
        let saved: Vec<Option<Cut>> = lines.iter().map(|l| l.cut).collect();
        let mut late = Vec::new();
        mark_footers(&mut lines, &mut late);
        mark_leading_notice(&mut lines, &mut late);
        mark_signature(&mut lines, &mut late);
        if has_words(&lines) {
            warnings.extend(late);
        } else {
            for (l, c) in lines.iter_mut().zip(saved) {
                l.cut = c;
            }
        }
    }
    Stripped {
        kept: kept_runs(&lines),
        warnings,
    }
}

fn body_lines<'a>(text: &'a str, lowered: &'a str, body: Range<usize>) -> Vec<Line<'a>> {
    let first = text
        .get(..body.start)
        .map_or(0, |h| memchr::memchr_iter(b'\n', h.as_bytes()).count())
        + 1;
    // Counted first, so the vector is allocated once at its size: a large
    // body has millions of lines.
    let count = memchr::memchr_iter(b'\n', &text.as_bytes()[body.clone()]).count() + 1;
    let mut lines = Vec::with_capacity(count);
    let all = crate::segment::lines_from(text, body.start, body.end)
        .zip(first..)
        .map(|((start, line), no)| {
            let t = line.trim();
            // `t` is a slice of `line`; `lowered` has the body's offsets.
            let from = start + (t.as_ptr() as usize - line.as_ptr() as usize) - body.start;
            Line {
                start,
                end: start + line.len(),
                t,
                lower: &lowered[from..from + t.len()],
                no,
                indented: line.starts_with([' ', '\t']),
                cut: None,
            }
        });
    lines.extend(all);
    lines
}

/// `text` in lowercase with the same byte offsets: a character whose
/// lowercase takes a different number of bytes (a rare few, such as `İ`) is
/// left as it is. One copy of the body instead of one string per line.
fn lowercase_in_place(text: &str) -> String {
    // ASCII letters in one pass, then each other character in place.
    let mut out = text.as_bytes().to_ascii_lowercase();
    if !text.is_ascii() {
        for (i, c) in text.char_indices().filter(|(_, c)| !c.is_ascii()) {
            let mut lower = c.to_lowercase();
            if let (Some(l), None) = (lower.next(), lower.next())
                && l.len_utf8() == c.len_utf8()
            {
                l.encode_utf8(&mut out[i..i + c.len_utf8()]);
            }
        }
    }
    // Each character was replaced by one of the same length: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn has_words(lines: &[Line]) -> bool {
    lines
        .iter()
        .any(|l| l.kept() && l.t.chars().any(char::is_alphanumeric))
}

/// Byte ranges of the runs of kept lines, from the first to the last
/// non-blank line of each run.
fn kept_runs(lines: &[Line]) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut open = false;
    for l in lines {
        if !l.kept() {
            open = false;
        } else if !l.blank() {
            match runs.last_mut() {
                Some(r) if open => r.end = l.end,
                _ => runs.push(l.start..l.end),
            }
            open = true;
        }
    }
    runs
}

/// Marks lines `from..` with `cut`, and notes it.
fn cut_to_end(lines: &mut [Line], from: usize, cut: Cut, warnings: &mut Vec<String>) {
    let Some(first) = lines.get(from) else {
        return;
    };
    let what = if cut == Cut::Forward {
        "forwarded message"
    } else {
        "quoted thread"
    };
    warnings.push(format!("{what} from line {} on is not analysed", first.no));
    for l in &mut lines[from..] {
        l.cut = Some(cut);
    }
}

/// Marks OpenPGP armour: the `-----BEGIN PGP SIGNED MESSAGE-----` line
/// with its `Hash:` line, and the signature block.
fn mark_pgp(lines: &mut [Line], warnings: &mut Vec<String>) {
    let mut marked = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].t;
        let end = if t == "-----BEGIN PGP SIGNED MESSAGE-----" {
            (i + 1..lines.len().min(i + 3))
                .take_while(|&j| lines[j].lower.starts_with("hash:"))
                .last()
                .unwrap_or(i)
        } else if t == "-----BEGIN PGP SIGNATURE-----" {
            (i + 1..lines.len())
                .find(|&j| lines[j].t == "-----END PGP SIGNATURE-----")
                .unwrap_or(lines.len() - 1)
        } else {
            i += 1;
            continue;
        };
        marked.push(i..end + 1);
        i = end + 1;
    }
    let Some(first) = marked.first().map(|r| lines[r.start].no) else {
        return;
    };
    for r in marked {
        for l in &mut lines[r] {
            l.cut = Some(Cut::Signature);
        }
    }
    warnings.push(format!("PGP armour (from line {first}) is not analysed"));
}

/// What opens an earlier message in the body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opener {
    /// `-----Original Message-----` and its header lines.
    Original,
    /// A forwarded-message marker and its header lines.
    Forward,
    /// `On <date>, <name> wrote:`.
    Reply,
    /// `<name> wrote:`: only an opener when quoted lines follow.
    Attribution,
    /// A `From:`/`Sent:`/`To:`/`Subject:` block.
    Headers,
}

/// Finds the first reply or forward marker outside quotes and cuts the
/// body there. A marker followed by quoted lines only introduces them: it
/// is marked as quoted and the text below it (inline or bottom-posted
/// replies) is kept.
fn mark_threads(lines: &mut [Line], warnings: &mut Vec<String>) {
    let mut i = 0;
    while i < lines.len() {
        if lines[i].blank() || !lines[i].kept() || lines[i].quoted() {
            i += 1;
            continue;
        }
        let Some((opener, from, end)) = opener_at(lines, i) else {
            i += 1;
            continue;
        };
        if quote_follows(lines, end) {
            for l in &mut lines[from..=end] {
                l.cut = Some(Cut::Quoted);
            }
            i = end + 1;
            continue;
        }
        let text_before = lines[..from].iter().any(|l| l.kept() && !l.blank());
        match opener {
            Opener::Attribution => i += 1,
            Opener::Headers if !text_before => {
                // A header block opening the body heads the text below it
                // (a forward without comment, or junk): only it goes.
                i = mark_header_lines(lines, from, end, warnings);
            }
            Opener::Forward => return cut_to_end(lines, from, Cut::Forward, warnings),
            _ => return cut_to_end(lines, from, Cut::Thread, warnings),
        }
    }
}

/// The opener at line `i`, with its first and last lines.
fn opener_at(lines: &[Line], i: usize) -> Option<(Opener, usize, usize)> {
    let lower = &lines[i].lower;
    if is_original_message(lower) {
        return Some((Opener::Original, i, header_run_end(lines, i + 1, i)));
    }
    if is_forward(lower) {
        return Some((Opener::Forward, i, header_run_end(lines, i + 1, i)));
    }
    if let Some(end) = attribution(lines, i) {
        let kind = if lower.starts_with("on ") {
            Opener::Reply
        } else {
            Opener::Attribution
        };
        return Some((kind, i, end));
    }
    if header_block_at(lines, i) {
        let from = header_block_start(lines, i);
        return Some((Opener::Headers, from, header_run_end(lines, i, i)));
    }
    None
}

/// The last line of a run of header lines (and their indented
/// continuations) starting at `at` (one blank line may come first), or
/// `none` when there is no header there.
fn header_run_end(lines: &[Line], at: usize, none: usize) -> usize {
    let is_header = |l: &Line| header_name(l.t).is_some() || is_inline_header_block(l.lower);
    let mut j = at;
    if lines.get(j).is_some_and(Line::blank) && lines.get(j + 1).is_some_and(is_header) {
        j += 1;
    }
    let mut end = None;
    while let Some(l) = lines.get(j) {
        // A value wrapped onto a line of its own, before the next header.
        let wrapped =
            end.is_some() && !l.blank() && (l.indented || lines.get(j + 1).is_some_and(is_header));
        if !(is_header(l) || wrapped) {
            break;
        }
        end = Some(j);
        j += 1;
    }
    let Some(end) = end else {
        return none;
    };
    // The last value wrapped onto one more line before a blank line.
    let last_wrapped = lines
        .get(end + 1)
        .is_some_and(|l| !l.blank() && l.t.len() <= 80)
        && lines.get(end + 2).is_none_or(Line::blank);
    if last_wrapped { end + 1 } else { end }
}

/// True when quoted lines follow line `end` (after blank lines and snip
/// marks): lines starting with `>`, or with another quote prefix such as
/// `|`, `#` or `--]`, whose block is then marked as quoted. An attribution
/// (`Bob wrote:`) between them is marked as quoted too.
fn quote_follows(lines: &mut [Line], end: usize) -> bool {
    let mut rest =
        (end + 1..lines.len()).filter(|&j| !lines[j].blank() && !is_snip(lines[j].lower));
    let Some(mut n) = rest.next() else {
        return false;
    };
    // A greeting may come between the attribution and the quote.
    if is_greeting(lines[n].t)
        && let Some(after) = rest.next()
    {
        n = after;
    }
    if lines[n].quoted() {
        return true;
    }
    if let Some(e) = attribution(lines, n)
        && e + 1 < lines.len()
        && next_nonblank(lines, e + 1).is_some_and(|q| lines[q].quoted())
    {
        for l in &mut lines[n..=e] {
            l.cut = Some(Cut::Quoted);
        }
        return true;
    }
    let Some(prefix) = quote_prefix(lines[n].t) else {
        return false;
    };
    let prefix = prefix.to_string();
    for l in lines[n..].iter_mut() {
        if l.blank() {
            continue;
        }
        if !l.t.starts_with(&prefix) {
            break;
        }
        l.cut = Some(Cut::Quoted);
    }
    true
}

/// `<snip>`, `[...]`, `8<`: marks of text cut from a quote.
fn is_snip(lower: &str) -> bool {
    matches!(
        lower,
        "<snip>" | "[snip]" | "[...]" | "..." | "<...>" | "[ snip ]" | "<snipped>" | "[snipped]"
    ) || (lower.contains("8<") && lower.len() <= 40)
}

/// A short greeting line: `Richard,`, `Hi all,`.
fn is_greeting(t: &str) -> bool {
    t.ends_with(',') && t.split_whitespace().count() <= 3
}

/// A quote prefix other than `>`: up to four marks among `|:]})=>-#`,
/// including one other than `-` and `=` (which open list items,
/// signatures and separators).
fn quote_prefix(t: &str) -> Option<&str> {
    let len = t
        .bytes()
        .take_while(|b| {
            matches!(
                b,
                b'|' | b':' | b']' | b'}' | b')' | b'=' | b'>' | b'-' | b'#'
            )
        })
        .count();
    let p = &t[..len];
    ((1..=4).contains(&len) && p.contains(['|', ']', '}', ')', ':', '#', '>'])).then_some(p)
}

fn next_nonblank(lines: &[Line], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&j| !lines[j].blank())
}

/// True when the line only repeats one of `-_=*~#` (with spaces).
fn is_separator(t: &str) -> bool {
    t.len() >= 5
        && t.chars()
            .all(|c| matches!(c, '-' | '_' | '=' | '*' | '~' | '#' | ' '))
        && t.chars().filter(|c| *c != ' ').count() >= 5
}

/// `-----Original Message-----` and its variants.
fn is_original_message(lower: &str) -> bool {
    // The ends first: most lines have no mark there, and need no search.
    (lower.starts_with(['-', '_', '=', '*']) || lower.ends_with(['-', '_', '=', '*']))
        && lower.contains("original message")
}

/// `---------- Forwarded message ----------`, `----- Forwarded by ...`,
/// `Begin forwarded message:`.
fn is_forward(lower: &str) -> bool {
    let dashed = lower.starts_with(['-', '=', '*']);
    (dashed && (lower.contains("forwarded message") || lower.contains("forwarded by")))
        || lower.starts_with("begin forwarded message")
        || lower
            .trim_start_matches(['-', ' '])
            .starts_with("begin forwarded text")
        || lower.starts_with("forwarded message")
}

/// The last line of an attribution starting at line `i` (`On Mon, Bob
/// wrote:`, possibly wrapped onto the next two lines; `Bob <b@c.d> wrote:`),
/// if it is one.
fn attribution(lines: &[Line], i: usize) -> Option<usize> {
    let first = &lines[i];
    // (A line of at most 200 bytes has at most 200 characters, uncounted.)
    if first.t.len() > 200 && first.t.chars().count() > 200 {
        return None;
    }
    let ends = |l: &str| {
        let l = l.trim_end();
        [
            "wrote:",
            "writes:",
            "wrote :",
            "said:",
            "a écrit :",
            "schrieb:",
        ]
        .iter()
        .any(|e| l.ends_with(e))
    };
    if ends(first.lower) || (first.lower.starts_with("quoting ") && first.lower.ends_with(':')) {
        return Some(i);
    }
    if !first.lower.starts_with("on ") {
        return None;
    }
    // `On <date>, <name>` wrapped before `wrote:`.
    (i + 1..lines.len().min(i + 3))
        .take_while(|&j| !lines[j].blank() && !lines[j].quoted() && lines[j].t.len() <= 200)
        .find(|&j| ends(lines[j].lower))
}

/// A Lotus Notes line holding a whole header block: `To:`, `cc:` and
/// `Subject:` at once.
fn is_inline_header_block(lower: &str) -> bool {
    // `subject:` first: most lines have none, and need no other search.
    lower.contains("subject:")
        && ["to:", "cc:", "from:", "sent:"]
            .iter()
            .filter(|h| lower.contains(*h))
            .count()
            >= 2
}

/// The header name a line starts with, among those that open a quoted
/// message (`From:`, `Sent:`, `To:`, `Cc:`, `Date:`, `Subject:`).
fn header_name(t: &str) -> Option<&'static str> {
    let t = t.trim_start_matches(['*', '<', '>', ' ']);
    let (name, _) = crate::profile::split_colon(t)?;
    let name = name.trim_end_matches('*').trim();
    ["from", "sent", "to", "cc", "date", "subject"]
        .into_iter()
        .find(|h| h.eq_ignore_ascii_case(name))
}

/// True when a quoted message's header block starts at line `i`: an
/// Outlook-style `From:`/`Sent:`/`To:`/`Subject:` block, or a Lotus Notes
/// line holding `To:`, `cc:` and `Subject:` at once.
fn header_block_at(lines: &[Line], i: usize) -> bool {
    if is_inline_header_block(lines[i].lower) {
        return true;
    }
    if header_name(lines[i].t).is_none() {
        return false;
    }
    let mut names: Vec<&str> = Vec::new();
    for l in lines.iter().skip(i).take(8) {
        if let Some(n) = header_name(l.t)
            && !names.contains(&n)
        {
            names.push(n);
        }
    }
    names.len() >= 3
        || (names.len() == 2 && (names.contains(&"subject") || names.contains(&"sent")))
}

/// Marks the header block `from..=end`, notes it and returns the index of
/// the next line.
fn mark_header_lines(
    lines: &mut [Line],
    from: usize,
    end: usize,
    warnings: &mut Vec<String>,
) -> usize {
    for l in &mut lines[from..=end] {
        l.cut = Some(Cut::Thread);
    }
    warnings.push(format!(
        "header block in the body (lines {}-{}) is not analysed",
        lines[from].no, lines[end].no
    ));
    end + 1
}

/// Where a quoted header block really starts: up to three lines above it
/// that name the sender or the date (`Bob Smith <b@c.d> on 05/23/2001`), or
/// an Outlook separator line.
fn header_block_start(lines: &[Line], i: usize) -> usize {
    let mut from = i;
    while from > 0 && i - from < 3 {
        let above = &lines[from - 1];
        let attribution_like = above.t.len() <= 120
            && !above.blank()
            && (above.t.contains('@')
                || is_separator(above.t)
                || above.t.bytes().filter(u8::is_ascii_digit).count() >= 4);
        if !attribution_like {
            break;
        }
        from -= 1;
    }
    from
}

/// Marks `>` lines before the cut as quoted.
fn mark_quotes(lines: &mut [Line], warnings: &mut Vec<String>) {
    let mut count = 0;
    let mut first = None;
    for l in lines.iter_mut() {
        if l.cut.is_none() && l.quoted() {
            l.cut = Some(Cut::Quoted);
        }
        if l.cut == Some(Cut::Quoted) {
            count += 1;
            first.get_or_insert(l.no);
        }
    }
    if let Some(first) = first {
        warnings.push(format!(
            "{count} quoted line(s) (first at line {first}) are not analysed"
        ));
    }
}

/// Phrases that mark a mailing-list, unsubscribe or legal footer line.
const FOOTER_MARKERS: &[&str] = &[
    "mailing list",
    "listinfo",
    "unsubscribe",
    "you are receiving this",
    "you received this",
    "you're receiving this",
    "sponsored by",
    "http://lists.",
    "https://lists.",
    "mailman/",
    "yahoo! groups",
    "opt-out",
    "opt out",
    "to be removed",
    "remove yourself",
    "removed from our",
    "removal instructions",
    "no longer wish to receive",
    "no longer want to receive",
    "do not wish to receive",
    "intended recipient",
    "intended only for",
    "intended solely for",
    "and any attachments",
    "confidentiality notice",
    "privileged and confidential",
    "disclaimer:",
    "this message was sent to",
    "this email was sent to",
    "this e-mail was sent to",
    "email preferences",
    "manage your subscription",
    "all rights reserved",
    "bill 1618",
    "s. 1618",
    "s.1618",
    "section 301",
    "in compliance with",
    "cannot be considered spam",
    "not be considered spam",
    "taken off our list",
    "to be taken off",
    "click here to remove",
    "reply with remove",
    "privacy policy",
    "be excluded from",
    "future mailings",
    "future e-mails",
    "future emails",
    "future notices",
    "prefer not to receive",
    "not want to be contacted",
    "reached you in error",
    "received this in error",
    "received this email in error",
];

/// Phrases looked for in many lines: each line is read phrase by phrase
/// until a process has read [`Phrases::SEARCH_AFTER`] lines, then once for
/// all the phrases with a search built for them.
struct Phrases {
    phrases: &'static [&'static str],
    /// The lines read phrase by phrase so far.
    read: std::sync::atomic::AtomicU32,
    /// The search, once built; `None` if it could not be.
    search: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
}

impl Phrases {
    /// A judgement: building a search for the footer phrases costs about
    /// 0.9 M instructions, a twentieth of a draft; reading a line phrase by
    /// phrase, a few thousand. A draft reads a few dozen lines.
    const SEARCH_AFTER: u32 = 256;

    const fn new(phrases: &'static [&'static str]) -> Phrases {
        Phrases {
            phrases,
            read: std::sync::atomic::AtomicU32::new(0),
            search: std::sync::OnceLock::new(),
        }
    }

    /// True when `text` holds one of the phrases.
    fn in_text(&self, text: &str) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let early = self.read.load(Relaxed) < Self::SEARCH_AFTER
            && self.read.fetch_add(1, Relaxed) < Self::SEARCH_AFTER;
        let search = (!early).then(|| {
            self.search.get_or_init(|| {
                aho_corasick::AhoCorasick::builder()
                    // No prefilter, and no DFA: cheaper to build, and
                    // lines are short.
                    .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                    .prefilter(false)
                    .build(self.phrases)
                    .ok()
            })
        });
        match search.and_then(Option::as_ref) {
            Some(search) => search.is_match(text),
            None => self.phrases.iter().any(|p| text.contains(p)),
        }
    }
}

static FOOTER_PHRASES: Phrases = Phrases::new(FOOTER_MARKERS);

fn is_footer_line(lower: &str) -> bool {
    FOOTER_PHRASES.in_text(lower)
        || (lower.contains("confidential")
            && (lower.contains("intended")
                || lower.contains("notify")
                || lower.contains("disclos")))
}

/// Paragraphs (runs of kept, non-blank lines) as index ranges.
fn paragraphs(lines: &[Line]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open = false;
    for (i, l) in lines.iter().enumerate() {
        if !l.kept() || l.blank() {
            open = false;
            continue;
        }
        match out.last_mut() {
            Some(p) if open => p.end = i + 1,
            _ => out.push(i..i + 1),
        }
        open = true;
    }
    out
}

/// Marks footers at the end of the kept text: paragraphs that hold a footer
/// phrase in their last lines (from a separator line above the phrase, if
/// any) and everything below them. Up to four short paragraphs without a
/// phrase (links, list addresses) may sit between footers and the end; a
/// long one ends the search.
fn mark_footers(lines: &mut [Line], warnings: &mut Vec<String>) {
    let mut cut_from = None;
    let mut misses = 0;
    for p in paragraphs(lines).into_iter().rev() {
        if lines[p.clone()].iter().all(|l| is_separator(l.t)) {
            if cut_from.is_some() && misses == 0 {
                cut_from = Some(p.start);
            }
            continue;
        }
        let tail_from = p.end.saturating_sub(8).max(p.start);
        let Some(marker) = (tail_from..p.end).find(|&j| is_footer_line(lines[j].lower)) else {
            if p.len() <= 3 && misses < 4 {
                misses += 1;
                continue;
            }
            break;
        };
        let from = (p.start..marker)
            .rev()
            .find(|&j| is_separator(lines[j].t))
            .unwrap_or(if p.len() <= 8 { p.start } else { marker });
        cut_from = Some(from);
        misses = 0;
        if from > p.start {
            break;
        }
    }
    let Some(from) = cut_from else {
        return;
    };
    let last = mark_kept(lines, from, Cut::Footer);
    warnings.push(format!(
        "mailing-list or legal footer (lines {}-{last}) is not analysed",
        lines[from].no
    ));
}

/// Phrases of an opt-out notice that opens a bulk message.
const NOTICE_MARKERS: &[&str] = &[
    "unsubscribe",
    "to be removed",
    "opt-out",
    "opt out",
    "reached you in error",
    "received this in error",
    "prefer not to receive",
    "no longer wish to receive",
    "not want to be contacted",
    "you are receiving this",
    "in compliance with",
    "bill 1618",
];

static NOTICE_PHRASES: Phrases = Phrases::new(NOTICE_MARKERS);

/// Marks an unsubscribe or legal notice opening the body (a paragraph of
/// at most four lines with a footer phrase) when text follows it.
fn mark_leading_notice(lines: &mut [Line], warnings: &mut Vec<String>) {
    let paras = paragraphs(lines);
    let (Some(first), true) = (paras.first(), paras.len() > 1) else {
        return;
    };
    let notice = first.len() <= 4
        && lines[first.clone()]
            .iter()
            .any(|l| NOTICE_PHRASES.in_text(l.lower));
    if !notice {
        return;
    }
    for l in &mut lines[first.clone()] {
        l.cut = Some(Cut::Footer);
    }
    warnings.push(format!(
        "mailing-list or legal notice (lines {}-{}) is not analysed",
        lines[first.start].no,
        lines[first.end - 1].no
    ));
}

/// Marks every kept line from `from` on with `cut`; returns the number of
/// the last non-blank line marked.
fn mark_kept(lines: &mut [Line], from: usize, cut: Cut) -> usize {
    let mut last = lines.get(from).map_or(0, |l| l.no);
    for l in lines.iter_mut().skip(from).filter(|l| l.kept()) {
        l.cut = Some(cut);
        if !l.blank() {
            last = l.no;
        }
    }
    last
}

/// Closing lines that open a sign-off block.
const CLOSINGS: &[&str] = &[
    "thanks",
    "thank you",
    "thanks again",
    "thanks so much",
    "thanks in advance",
    "many thanks",
    "with thanks",
    "thx",
    "best",
    "all the best",
    "best regards",
    "best wishes",
    "kind regards",
    "kindest regards",
    "warm regards",
    "warmest regards",
    "warm wishes",
    "regards",
    "with regards",
    "with best regards",
    "rgds",
    "cheers",
    "sincerely",
    "sincerely yours",
    "yours sincerely",
    "yours truly",
    "yours",
    "respectfully",
    "cordially",
    "talk soon",
    "speak soon",
    "take care",
    "br",
    "saludos",
    "un saludo",
    "atentamente",
    "cordialement",
    "bien cordialement",
    "gruesse",
    "grüße",
    "viele grüße",
    "mit freundlichen grüßen",
    "met vriendelijke groet",
];

/// True for a closing line: `Thanks,`, `Best regards`, `Cheers - Bob`.
fn is_closing(lower: &str) -> bool {
    let l =
        lower.trim_end_matches(|c: char| matches!(c, ',' | '.' | '!' | '-') || c.is_whitespace());
    CLOSINGS.iter().any(|c| match l.strip_prefix(c) {
        Some("") => true,
        // A name after the closing: `Thanks, Bob`, `Cheers -- Ann Lee`.
        Some(rest) => {
            let rest = rest.trim_start();
            let name = rest.trim_start_matches([',', '-', '\u{2013}', '\u{2014}']);
            name.len() < rest.len() && name.split_whitespace().count() <= 3
        }
        None => false,
    })
}

/// True for a line that can be part of a signature block: short, not a
/// question, not a postscript.
fn is_signature_line(l: &Line) -> bool {
    l.blank()
        || (l.t.chars().count() <= 72
            && l.t.split_whitespace().count() <= 10
            && !is_sentence(l.t)
            && !l.lower.starts_with("p.s")
            && !l.lower.starts_with("ps ")
            && !l.lower.starts_with("ps:"))
}

/// True for a line that reads as a sentence: a question, or a line ending
/// in `.` or `!` with a lowercase word in it (`See you Tuesday.`, unlike
/// `Acme Inc.`).
fn is_sentence(t: &str) -> bool {
    t.ends_with('?')
        || (t.ends_with(['.', '!'])
            && t.split_whitespace()
                .any(|w| w.starts_with(|c: char| c.is_lowercase())))
}

/// Marks the signature: below a `-- ` line (at most 15 lines), or the name
/// and title lines below a closing line at the end, or a `Sent from my`
/// line at the end.
fn mark_signature(lines: &mut [Line], warnings: &mut Vec<String>) {
    let kept: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].kept() && !lines[i].blank())
        .collect();
    // A `-- ` line with at most 15 lines after it.
    let dashes = kept
        .iter()
        .enumerate()
        .find(|&(p, &i)| p > 0 && lines[i].t == "--" && kept.len() - p <= 16)
        .map(|(_, &i)| i);
    // `Sent from my iPhone`, or a one-line `--Name` signature, at the end.
    let last_line = kept.last().copied().filter(|&i| {
        let l = &lines[i].lower;
        let after_dashes = l.trim_start_matches('-');
        l.starts_with("sent from my")
            || l.starts_with("get outlook for")
            || (l.starts_with("--")
                && l.chars().count() <= 80
                && after_dashes.trim_start().starts_with(char::is_alphabetic))
    });
    let from = dashes
        .or_else(|| sign_off(lines, &kept))
        .or_else(|| separated_block(lines, &kept))
        .or(last_line);
    let Some(from) = from else {
        return;
    };
    let last = mark_kept(lines, from, Cut::Signature);
    warnings.push(format!(
        "signature (lines {}-{last}) is not analysed",
        lines[from].no
    ));
}

/// The first line of a sign-off block's name and title lines: the line
/// after a closing line among the last lines (not the first line of the
/// body), when at most six short lines that are not sentences follow it.
fn sign_off(lines: &[Line], kept: &[usize]) -> Option<usize> {
    // The closing line is never the first line: some text comes before it.
    let tail = kept.len().saturating_sub(7).max(1);
    let c = (tail..kept.len())
        .rev()
        .find(|&p| is_closing(lines[kept[p]].lower))?;
    let after = &kept[c + 1..];
    if after.is_empty() || !after.iter().all(|&i| is_signature_line(&lines[i])) {
        return None;
    }
    Some(after[0])
}

/// A block of at most eleven short lines at the end below a separator line
/// (`-----`), after some text.
fn separated_block(lines: &[Line], kept: &[usize]) -> Option<usize> {
    let tail = kept.len().saturating_sub(12).max(1);
    let p = (tail..kept.len()).find(|&p| {
        let after = &kept[p + 1..];
        is_separator(lines[kept[p]].t)
            && !after.is_empty()
            && after
                .iter()
                .all(|&i| is_separator(lines[i].t) || is_plain_signature_line(&lines[i]))
    })?;
    Some(kept[p])
}

/// A signature line that is not an exclamation.
fn is_plain_signature_line(l: &Line) -> bool {
    is_signature_line(l) && !l.t.ends_with('!')
}

#[cfg(test)]
mod tests {

    #[test]
    fn lowercasing_keeps_every_offset() {
        let text = "Hello ÉCOLE İstanbul ẞ ΣΑΣ \u{212a}elvin ÀB\r\nOK";
        let lower = lowercase_in_place(text);
        assert_eq!(lower.len(), text.len());
        // Each character as its lowercase when that has the same length.
        let expected: String = text
            .chars()
            .map(|c| {
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                    _ => c,
                }
            })
            .collect();
        assert_eq!(lower, expected);
        assert!(lower.starts_with("hello école İstanbul ẞ σασ"));
    }
    use super::*;

    #[test]
    fn phrases_are_found_alike_before_and_after_the_search_is_built() {
        let phrases = Phrases::new(FOOTER_MARKERS);
        let lines = [
            "to unsubscribe from this mailing list, write to us",
            "see https://lists.example.org/mailman/listinfo/x",
            "we will send the quote on friday",
            "opt out",
            "opt-ou",
            "",
            "all rights reserved. (c) 2024",
        ];
        // Lines past `SEARCH_AFTER` are read by the built search.
        for round in 0..2 * Phrases::SEARCH_AFTER as usize / lines.len() {
            for line in lines {
                let expected = FOOTER_MARKERS.iter().any(|m| line.contains(m));
                assert_eq!(phrases.in_text(line), expected, "{line:?} in round {round}");
            }
        }
        assert!(phrases.search.get().is_some_and(Option::is_some));
    }

    fn kept(text: &str) -> (Vec<&str>, Vec<String>) {
        let s = strip(text, 0..text.len());
        (
            s.kept.iter().map(|r| &text[r.clone()]).collect(),
            s.warnings,
        )
    }

    #[test]
    fn inline_replies_keep_the_author_between_quotes() {
        let t =
            "On Mon, Bob wrote:\n> Can we meet?\n\nYes, Tuesday.\n\n> And the deck?\nAttached.\n";
        let (k, w) = kept(t);
        assert_eq!(k, vec!["Yes, Tuesday.", "Attached."]);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("first at line 1"), "{w:?}");
    }

    #[test]
    fn reply_marker_without_quotes_cuts_the_thread() {
        let t = "Sounds good.\n\nOn Mon, 2 Sep 2002, Bob Smith\n<bob@x.org> wrote:\nCan we meet?\n";
        let (k, w) = kept(t);
        assert_eq!(k, vec!["Sounds good."]);
        assert_eq!(w, vec!["quoted thread from line 3 on is not analysed"]);
    }

    #[test]
    fn outlook_header_blocks_cut_the_thread() {
        let t = "Fine by me.\n\n________________________________\nFrom: Ann\nSent: Monday\nTo: Bob\nSubject: Plan\n\nOld text\n";
        let (k, w) = kept(t);
        assert_eq!(k, vec!["Fine by me."]);
        assert_eq!(w, vec!["quoted thread from line 3 on is not analysed"]);
        let notes = "See below.\n\n\tAnn Lee/HOU 08/02/2001 10:18 AM \t To: Bob  cc:  Subject: FW: x\n\nOld\n";
        assert_eq!(kept(notes).0, vec!["See below."]);
    }

    #[test]
    fn signatures_and_footers() {
        let t = "Can we talk Friday?\n\nThanks,\nAnn Lee\nVP Sales, Acme\n555-0100\n\n_______________\nFoo mailing list\nhttps://lists.example.org/listinfo/foo\n";
        let (k, w) = kept(t);
        assert_eq!(k, vec!["Can we talk Friday?\n\nThanks,"]);
        assert_eq!(
            w,
            vec![
                "mailing-list or legal footer (lines 8-10) is not analysed",
                "signature (lines 4-6) is not analysed"
            ]
        );
        let dashes = "Call me.\n-- \nAnn\nhttp://ann.example\n";
        assert_eq!(kept(dashes).0, vec!["Call me."]);
    }

    #[test]
    fn closing_lines() {
        assert!(is_closing("thanks,"));
        assert!(is_closing("best regards, ann lee"));
        assert!(is_closing("cheers -- bob"));
        assert!(!is_closing("thanks for the call yesterday."));
        assert!(!is_closing("best of luck with the launch"));
    }

    #[test]
    fn nothing_left_keeps_footer_and_signature() {
        let t = "To unsubscribe, click here.\n";
        let (k, w) = kept(t);
        assert_eq!(k, vec!["To unsubscribe, click here."]);
        assert!(w.is_empty());
    }
}
