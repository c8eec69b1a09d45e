//! A small, forgiving HTML-to-text converter for mail bodies.
//!
//! It keeps the words a reader sees and the line structure that matters for
//! sentences: `<script>`, `<style>`, `<title>` and comments are dropped;
//! paragraphs, headings, tables and lists become blank lines; `<br>`, `<div>`,
//! `<tr>` and `<li>` become line breaks (list items get a `- ` marker); text
//! inside a `<blockquote>` that cites a message (`type="cite"`, a quote
//! class, an Outlook left border) is prefixed with `> ` so that it is treated
//! as quoted; character references (`&nbsp;`, `&amp;`, `&#39;`, `&#x2019;`)
//! are decoded. Whitespace is collapsed as a browser would, except inside
//! `<pre>`. Broken markup never fails: an unclosed comment, script or style
//! runs to the end of the input, a lone `<` or `&` stays as text.

/// Converts an HTML document or fragment to plain text.
pub fn to_text(html: &str) -> String {
    convert(html, false)
}

/// Converts plain text with HTML markup in it (a `text/plain` body full of
/// `<br>` and `<font>` tags) to text, keeping its own line breaks too.
pub fn fragment_to_text(html: &str) -> String {
    convert(html, true)
}

/// True when the text is a whole HTML document rather than text with some
/// markup in it.
pub fn is_document(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(16)
        .flat_map(char::to_lowercase)
        .collect();
    ["<!doctype", "<html", "<head", "<body", "<?xml"]
        .iter()
        .any(|p| head.starts_with(p))
}

/// Converts `html`; with `keep_lines`, source line breaks are kept.
fn convert(html: &str, keep_lines: bool) -> String {
    let mut w = Writer {
        keep_lines,
        ..Writer::default()
    };
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        if !matches!(bytes[i], b'<' | b'&') {
            i += 1;
            continue;
        }
        w.text(&html[text_start..i]);
        text_start = i;
        let next = if bytes[i] == b'<' {
            markup(html, i, &mut w)
        } else {
            entity(html, i).map(|(decoded, next)| {
                w.entity(decoded);
                next
            })
        };
        match next {
            Some(n) => {
                i = n;
                text_start = n;
            }
            None => i += 1,
        }
    }
    w.text(&html[text_start..]);
    w.finish()
}

/// True when a text body is really HTML: it starts with a document or
/// `<html>`/`<body>` tag, or is full of tags such as `<br>` and `<p>`.
pub fn looks_like_html(text: &str) -> bool {
    // The first 512 characters, compared without regard to ASCII case: no
    // other character lowercases to the ASCII letters of these tags.
    let trimmed = text.trim_start();
    let bytes = trimmed.as_bytes();
    // 512 ASCII bytes are 512 characters (most texts); else count them.
    let end = if bytes.len() <= 512 {
        bytes.len()
    } else if bytes[..512].is_ascii() {
        512
    } else {
        trimmed
            .char_indices()
            .nth(512)
            .map_or(trimmed.len(), |(i, _)| i)
    };
    let head = &bytes[..end];
    let starts = |tag: &str| {
        head.get(..tag.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(tag.as_bytes()))
    };
    let body = memchr::memchr_iter(b'<', head).any(|i| {
        head.get(i + 1..i + 5)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"body"))
    });
    if starts("<!doctype html") || starts("<html") || body {
        return true;
    }
    if starts("<head") || starts("<table") || starts("<font") {
        return true;
    }
    // At least three of these tags, and a closing tag: most plain text has
    // no `</` at all, which one fast search tells.
    if memchr::memmem::find(text.as_bytes(), b"</").is_none() {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    let mut tags = 0;
    for tag in [
        "<br>", "<br/>", "<br />", "<p>", "</p>", "</div>", "</font>", "</a>",
    ] {
        tags += lower.matches(tag).count();
        if tags >= 3 {
            return true;
        }
    }
    false
}

/// What a tag does to the text around it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Effect {
    /// No effect (inline tags, unknown tags).
    Inline,
    /// A line break.
    Line,
    /// A paragraph break (a blank line).
    Paragraph,
    /// A line break and a list-item marker.
    Item,
    /// A space between table cells.
    Cell,
}

/// The effect of the tag `name` (lowercase).
fn effect(name: &str) -> Effect {
    match name {
        "br" | "div" | "tr" | "dt" | "dd" | "caption" | "option" | "label" | "fieldset"
        | "legend" => Effect::Line,
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" | "ul" | "ol" | "dl" | "hr"
        | "pre" | "blockquote" | "center" | "form" | "section" | "article" | "header"
        | "footer" | "address" | "nav" | "aside" | "main" | "figure" | "body" | "html" => {
            Effect::Paragraph
        }
        "li" => Effect::Item,
        "td" | "th" => Effect::Cell,
        _ => Effect::Inline,
    }
}

/// Elements whose content is never shown.
fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "title" | "template" | "noscript" | "xml" | "object" | "applet"
    )
}

/// Handles markup starting at `html[i] == '<'`: a comment, a declaration or
/// a tag. Returns the index just past it, or `None` when the `<` is text.
fn markup(html: &str, i: usize, w: &mut Writer) -> Option<usize> {
    let rest = &html[i..];
    let b = rest.as_bytes();
    if rest.starts_with("<!--") {
        return Some(find_from(html, i + 4, "-->").map_or(html.len(), |e| e + 3));
    }
    if b.len() > 1 && (b[1] == b'!' || b[1] == b'?') {
        return Some(find_from(html, i, ">").map_or(html.len(), |e| e + 1));
    }
    let closing = b.get(1) == Some(&b'/');
    let name_start = i + 1 + usize::from(closing);
    if !html
        .as_bytes()
        .get(name_start)
        .is_some_and(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let name_len = html[name_start..]
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b':' | b'-' | b'_'))
        .count();
    let name = html[name_start..name_start + name_len].to_ascii_lowercase();
    let end = tag_end(html, name_start + name_len);
    if !closing && is_hidden(&name) {
        let close = format!("</{name}");
        // Without a closing tag, only the tag itself is dropped (a stray
        // `<title>` must not swallow the message).
        // A closer not found once is not searched for again (many stray
        // tags must not make the conversion quadratic).
        let found = if w.unclosed.contains(&name) {
            None
        } else {
            find_ci(html, end, &close)
        };
        return Some(match found {
            Some(c) => tag_end(html, c + close.len()),
            None if name == "script" || name == "style" => html.len(),
            None => {
                w.unclosed.push(name);
                end
            }
        });
    }
    // Only a blockquote that cites a message is a quote; a bare one is
    // layout (indentation), common in newsletters.
    let cites = name == "blockquote" && {
        let attrs = html[name_start + name_len..end].to_ascii_lowercase();
        closing
            || ["cite", "quote", "border-left"]
                .iter()
                .any(|k| attrs.contains(k))
    };
    w.tag(&name, closing, cites);
    Some(end)
}

/// The index just past the `>` that ends a tag whose attributes start at
/// `from`, honouring quoted attribute values; the end of the input when
/// there is none.
fn tag_end(html: &str, from: usize) -> usize {
    let b = html.as_bytes();
    let mut quote = None;
    let mut j = from;
    while j < b.len() {
        match (quote, b[j]) {
            (None, b'>') => return j + 1,
            (None, q @ (b'"' | b'\'')) if j > 0 && b[j - 1] == b'=' => quote = Some(q),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        j += 1;
    }
    // An unbalanced quote: end at the first `>` after all.
    find_from(html, from, ">").map_or(html.len(), |e| e + 1)
}

fn find_from(s: &str, from: usize, pat: &str) -> Option<usize> {
    s.get(from..)?.find(pat).map(|p| p + from)
}

/// Case-insensitive search for an ASCII pattern.
fn find_ci(s: &str, from: usize, pat: &str) -> Option<usize> {
    let hay = s.as_bytes().get(from..)?;
    let pat = pat.as_bytes();
    if pat.is_empty() || hay.len() < pat.len() {
        return None;
    }
    hay.windows(pat.len())
        .position(|w| w.eq_ignore_ascii_case(pat))
        .map(|p| p + from)
}

/// Decodes a character reference at `html[i] == '&'`; returns the text and
/// the index just past it.
fn entity(html: &str, i: usize) -> Option<(Entity, usize)> {
    let rest = html.get(i + 1..)?;
    if let Some(num) = rest.strip_prefix('#') {
        let (hex, digits) = match num.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, num),
        };
        let n = digits
            .bytes()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if n == 0 {
            return None;
        }
        let value = u32::from_str_radix(&digits[..n.min(8)], if hex { 16 } else { 10 }).ok();
        let mut end = i + 2 + usize::from(hex) + n;
        if html.as_bytes().get(end) == Some(&b';') {
            end += 1;
        }
        return Some((Entity::Char(numeric_char(value)), end));
    }
    let n = rest
        .bytes()
        .take(12)
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    let name = &rest[..n];
    let semicolon = rest.as_bytes().get(n) == Some(&b';');
    let decoded = named_entity(name)?;
    // Without `;`, only the entities browsers accept that way.
    if !semicolon && !matches!(name, "nbsp" | "amp" | "lt" | "gt" | "quot" | "copy" | "reg") {
        return None;
    }
    Some((decoded, i + 1 + n + usize::from(semicolon)))
}

/// A numeric reference: C1 controls are read as Windows-1252, as browsers
/// do; invalid code points become U+FFFD.
fn numeric_char(value: Option<u32>) -> char {
    const CP1252: [char; 32] = [
        '\u{20ac}', '\u{fffd}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{fffd}', '\u{17d}',
        '\u{fffd}', '\u{fffd}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}',
        '\u{2013}', '\u{2014}', '\u{2dc}', '\u{2122}', '\u{161}', '\u{203a}', '\u{153}',
        '\u{fffd}', '\u{17e}', '\u{178}',
    ];
    match value {
        Some(v @ 0x80..=0x9f) => CP1252[(v - 0x80) as usize],
        Some(0) | None => '\u{fffd}',
        Some(v) => char::from_u32(v).unwrap_or('\u{fffd}'),
    }
}

/// What a character reference stands for.
#[derive(Clone, Copy)]
enum Entity {
    /// A character.
    Char(char),
    /// Collapsible white space (`&nbsp;` and the like).
    Space,
    /// Nothing (`&shy;`, zero-width joiners).
    Nothing,
}

fn named_entity(name: &str) -> Option<Entity> {
    let c = match name {
        "nbsp" | "ensp" | "emsp" | "thinsp" => return Some(Entity::Space),
        "shy" | "zwnj" | "zwj" | "lrm" | "rlm" => return Some(Entity::Nothing),
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "copy" => '\u{a9}',
        "reg" => '\u{ae}',
        "trade" => '\u{2122}',
        "hellip" => '\u{2026}',
        "mdash" => '\u{2014}',
        "ndash" => '\u{2013}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "sbquo" => '\u{201a}',
        "ldquo" => '\u{201c}',
        "rdquo" => '\u{201d}',
        "bdquo" => '\u{201e}',
        "laquo" => '\u{ab}',
        "raquo" => '\u{bb}',
        "bull" => '\u{2022}',
        "middot" => '\u{b7}',
        "deg" => '\u{b0}',
        "plusmn" => '\u{b1}',
        "times" => '\u{d7}',
        "divide" => '\u{f7}',
        "cent" => '\u{a2}',
        "pound" => '\u{a3}',
        "euro" => '\u{20ac}',
        "yen" => '\u{a5}',
        "sect" => '\u{a7}',
        "para" => '\u{b6}',
        "frac12" => '\u{bd}',
        "frac14" => '\u{bc}',
        "frac34" => '\u{be}',
        "iexcl" => '\u{a1}',
        "iquest" => '\u{bf}',
        "szlig" => '\u{df}',
        _ => return latin_letter(name).map(Entity::Char),
    };
    Some(Entity::Char(c))
}

/// Accented Latin letters: `eacute`, `Uuml`, `ntilde`...
fn latin_letter(name: &str) -> Option<char> {
    const MARKS: &[(&str, &str, &str)] = &[
        ("grave", "aeiou", "\u{e0}\u{e8}\u{ec}\u{f2}\u{f9}"),
        ("acute", "aeiouy", "\u{e1}\u{e9}\u{ed}\u{f3}\u{fa}\u{fd}"),
        ("circ", "aeiou", "\u{e2}\u{ea}\u{ee}\u{f4}\u{fb}"),
        ("tilde", "ano", "\u{e3}\u{f1}\u{f5}"),
        ("uml", "aeiouy", "\u{e4}\u{eb}\u{ef}\u{f6}\u{fc}\u{ff}"),
        ("ring", "a", "\u{e5}"),
        ("cedil", "c", "\u{e7}"),
        ("slash", "o", "\u{f8}"),
    ];
    let mut chars = name.chars();
    let first = chars.next()?;
    let mark = chars.as_str();
    if name == "aelig" || name == "AElig" {
        return Some(if first == 'a' { '\u{e6}' } else { '\u{c6}' });
    }
    let (_, letters, accented) = MARKS.iter().find(|(m, _, _)| *m == mark)?;
    let pos = letters.find(first.to_ascii_lowercase())?;
    let lower = accented.chars().nth(pos)?;
    if first.is_ascii_uppercase() {
        // `yuml` has no single-char uppercase form in Latin-1.
        lower.to_uppercase().next().filter(|_| lower != '\u{ff}')
    } else {
        Some(lower)
    }
}

/// Builds the text: collapses white space, places line breaks and quote
/// prefixes.
#[derive(Default)]
struct Writer {
    out: String,
    /// Source line breaks are kept as line breaks.
    keep_lines: bool,
    pending_space: bool,
    pre: usize,
    /// Open `<blockquote>`s: true for those that quote a message.
    quotes: Vec<bool>,
    /// Hidden elements (`title`...) with no closing tag after some point.
    unclosed: Vec<String>,
}

impl Writer {
    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }

    /// Starts a line: the quote prefix when inside `<blockquote>`.
    fn begin_line(&mut self) {
        if self.at_line_start() {
            for _ in self.quotes.iter().filter(|q| **q) {
                self.out.push_str("> ");
            }
        }
    }

    fn push_char(&mut self, c: char) {
        if self.pending_space && !self.at_line_start() && !self.out.ends_with(' ') {
            self.out.push(' ');
        }
        self.pending_space = false;
        self.begin_line();
        self.out.push(c);
    }

    fn text(&mut self, s: &str) {
        if self.pre > 0 {
            self.pre_text(s);
            return;
        }
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\n' && self.keep_lines {
                // A source line break ends the line; a blank line (or a
                // break right after a tag's) makes a paragraph.
                let n = if self.out.ends_with('\n') { 2 } else { 1 };
                self.breaks(n);
                i += 1;
            } else if b[i].is_ascii_whitespace() {
                self.pending_space = true;
                i += 1;
            } else {
                // A run of characters without white space: the first one
                // starts the line or follows the pending space; the others
                // follow it as they are.
                let end = b[i..]
                    .iter()
                    .position(u8::is_ascii_whitespace)
                    .map_or(b.len(), |n| i + n);
                let run = &s[i..end];
                let mut chars = run.chars();
                if let Some(c) = chars.next() {
                    self.push_char(c);
                    self.out.push_str(chars.as_str());
                }
                i = end;
            }
        }
    }

    /// [`Writer::text`] inside `<pre>`: line breaks kept as they are.
    fn pre_text(&mut self, s: &str) {
        for c in s.chars() {
            match c {
                '\r' => {}
                '\n' => self.out.push('\n'),
                _ => self.push_char(c),
            }
        }
    }

    fn entity(&mut self, e: Entity) {
        match e {
            Entity::Char(c) => self.push_char(c),
            Entity::Space => self.pending_space = true,
            Entity::Nothing => {}
        }
    }

    /// Ends the current line with `n` line breaks in all (1 or 2), unless
    /// the text already ends so.
    fn breaks(&mut self, n: usize) {
        let line_start = self.out.rfind('\n').map_or(0, |p| p + 1);
        if self.quotes.contains(&true)
            && self.out[line_start..]
                .bytes()
                .all(|b| b == b'>' || b == b' ')
        {
            // A quote prefix with nothing after it.
            self.out.truncate(line_start);
        }
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        self.pending_space = false;
        if self.out.is_empty() {
            return;
        }
        let have = self.out.len() - self.out.trim_end_matches('\n').len();
        for _ in have..n {
            self.out.push('\n');
        }
    }

    /// Applies a tag; `cites` is true for a `<blockquote>` that quotes a
    /// message.
    fn tag(&mut self, name: &str, closing: bool, cites: bool) {
        match (name, closing) {
            ("pre", false) => self.pre += 1,
            ("pre", true) => self.pre = self.pre.saturating_sub(1),
            ("blockquote", false) => {
                self.breaks(2);
                self.quotes.push(cites);
            }
            ("blockquote", true) => {
                self.breaks(2);
                self.quotes.pop();
            }
            _ => {}
        }
        match effect(name) {
            Effect::Inline => {}
            Effect::Line => self.breaks(1),
            Effect::Paragraph => self.breaks(2),
            Effect::Item if !closing => {
                self.breaks(1);
                self.begin_line();
                self.out.push_str("- ");
            }
            Effect::Item => self.breaks(1),
            Effect::Cell => self.pending_space = true,
        }
    }

    fn finish(mut self) -> String {
        self.breaks(0);
        while self.out.ends_with('\n') {
            self.out.pop();
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_breaks_and_entities() {
        let html = "<html><head><title>T</title><style>p{color:red}</style></head>\
            <body><p>Hi&nbsp;Ann,</p><p>It&#39;s &amp; it&#x2019;s<br>fine.</p>\
            <!-- hidden --><script>alert(1)</script><ul><li>one</li><li>two</li></ul></body></html>";
        assert_eq!(
            to_text(html),
            "Hi Ann,\n\nIt's & it\u{2019}s\nfine.\n\n- one\n- two"
        );
    }

    #[test]
    fn collapses_whitespace_but_keeps_pre() {
        assert_eq!(to_text("a \n\t b<pre>x\n  y</pre>c"), "a b\n\nx\n  y\n\nc");
    }

    #[test]
    fn fragments_keep_their_lines() {
        assert_eq!(
            fragment_to_text("Hi,\nsee <b>this</b>\n\n<a href=x>link</a>\n---\nfooter"),
            "Hi,\nsee this\n\nlink\n---\nfooter"
        );
        assert!(is_document("  <!DOCTYPE html><html>"));
        assert!(!is_document("Hi <b>Ann</b>"));
    }

    #[test]
    fn inline_comments_split_nothing() {
        assert_eq!(to_text("ra<!--hi-->tes we can"), "rates we can");
    }

    #[test]
    fn blockquotes_are_quoted() {
        assert_eq!(
            to_text("Yes.<blockquote type=cite>Can we meet?<br>Soon</blockquote>Bye"),
            "Yes.\n\n> Can we meet?\n> Soon\n\nBye"
        );
        assert_eq!(to_text("<blockquote>Indented</blockquote>"), "Indented");
    }

    #[test]
    fn broken_markup_is_text_or_dropped() {
        assert_eq!(to_text("a < b & c"), "a < b & c");
        assert_eq!(to_text("x <b unclosed"), "x");
        assert_eq!(to_text("x <!-- never closed"), "x");
        assert_eq!(to_text("<a href=\"x>y\">link</a>"), "link");
        assert_eq!(
            to_text("&#0; &#99999999; &#150;"),
            "\u{fffd} \u{fffd} \u{2013}"
        );
        assert_eq!(to_text("&eacute;&Uuml;&bogus;"), "\u{e9}\u{dc}&bogus;");
        assert_eq!(to_text("<title>no end"), "no end");
    }

    #[test]
    fn detects_html_bodies() {
        assert!(looks_like_html("<HTML><body>x</body></HTML>"));
        assert!(looks_like_html("a<br>b<br>c<br>d</p>"));
        assert!(!looks_like_html("I think a < b and c > d."));
        assert!(looks_like_html("  <!DocType HTML><p>x"));
        // `<body` is looked for in the first 512 characters, not bytes.
        assert!(looks_like_html(&format!("{}<BoDy>", "é".repeat(507))));
        assert!(!looks_like_html(&format!("{}<BoDy>", "é".repeat(508))));
        assert!(looks_like_html(&format!("{}<BoDy>", "e".repeat(507))));
        assert!(!looks_like_html(&format!("{}<BoDy>", "e".repeat(508))));
        assert!(looks_like_html(&format!("{}<BoDy>", "e<".repeat(253))));
    }
}
