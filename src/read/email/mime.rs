//! Decoding an RFC 5322 / MIME message (with mail-parser) into its subject
//! and the body text to analyse: the text/plain parts when there are any,
//! otherwise the HTML parts turned into text.

use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};

use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::{
    Encoding, HeaderName, Message, MessageParser, MessagePart, MimeHeaders, PartType,
};

use super::html;

/// Where the body to analyse is.
#[derive(Debug)]
pub(crate) enum Body {
    /// A byte range of the file as given: the body needed no decoding.
    InFile(Range<usize>),
    /// Text decoded from the message.
    Decoded(String),
}

/// A MIME message read for analysis.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The decoded `Subject`, if any.
    pub subject: Option<String>,
    /// The body.
    pub body: Body,
    /// Notes about parts left out or decoded lossily.
    pub warnings: Vec<String>,
}

/// The parser: MIME headers and the subject, nothing else. The other
/// headers (`Received`, addresses, dates) are left unparsed; parsing them
/// all took as long as the rest of reading a message.
fn parser() -> MessageParser {
    MessageParser::new()
        .with_mime_headers()
        .header_text(HeaderName::Subject)
}

/// Decodes a message; `None` when it cannot be read as MIME at all.
pub(crate) fn decode(text: &str) -> Option<Decoded> {
    // An mbox `From sender date` line is not a header.
    let offset = if text.starts_with("From ") {
        text.find('\n').map_or(text.len(), |i| i + 1)
    } else {
        0
    };
    let raw = text.get(offset..)?;
    // mail-parser promises not to panic; a bug in it must not stop a batch.
    catch_unwind(AssertUnwindSafe(|| {
        let msg = parser().parse(raw.as_bytes())?;
        Some(extract(&msg, text, offset))
    }))
    .ok()
    .flatten()
}

/// The body of a message that needs no decoding, found without parsing
/// it: one text/plain part (no `Content-Type`, or `text/plain` with an
/// ASCII-compatible charset if any), sent 7bit or 8bit, inline, with no
/// encoded `Subject`, an ASCII header block and
/// an ASCII body with text in it that does not look like HTML, in a file
/// with no `\r`. Such a message is what [`decode`] reads as one part in the
/// file, with no notes: the body from the blank line after the headers to
/// the end. `None` for any other message, which [`decode`] then reads. Most
/// messages with a `MIME-Version` are this simple, and parsing them cost as
/// much as the rest of reading them.
pub(crate) fn plain_body(text: &str) -> Option<Range<usize>> {
    let offset = if text.starts_with("From ") {
        text.find('\n').map_or(text.len(), |i| i + 1)
    } else {
        0
    };
    let raw = text.get(offset..)?;
    if memchr::memchr(b'\r', raw.as_bytes()).is_some() {
        return None;
    }
    let blank = memchr::memmem::find(raw.as_bytes(), b"\n\n")?;
    let (head, body) = (&raw[..blank], &raw[blank + 2..]);
    if !head.is_ascii() || !body.is_ascii() || body.trim().is_empty() {
        return None;
    }
    // Each header: its name and where its value is in `head`, through its
    // continuation lines.
    let mut headers: Vec<(&str, Range<usize>)> = Vec::new();
    for (start, line) in crate::segment::lines_from(head, 0, head.len()) {
        if line.starts_with([' ', '\t']) {
            let (_, value) = headers.last_mut()?;
            value.end = start + line.len();
            continue;
        }
        let (name, _) = crate::profile::split_colon(line)?;
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
            return None;
        }
        headers.push((name, start + name.len() + 1..start + line.len()));
    }
    let mut content_type = None;
    let mut encoding = None;
    for (name, value) in headers {
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        if !(is("content-type")
            || is("content-transfer-encoding")
            || is("content-disposition")
            || is("subject"))
        {
            continue;
        }
        // Unfolded: its lines joined without their breaks.
        let value = head[value].replace('\n', "").trim().to_ascii_lowercase();
        if is("content-type") {
            if content_type.replace(value).is_some() {
                return None;
            }
        } else if is("content-transfer-encoding") {
            if encoding.replace(value).is_some() {
                return None;
            }
        } else if (is("content-disposition") && value != "inline")
            || (is("subject") && value.contains("=?"))
        {
            return None;
        }
    }
    if !encoding.is_none_or(|e| e == "7bit" || e == "8bit") {
        return None;
    }
    if let Some(ct) = content_type {
        let mut params = ct.split(';').map(str::trim);
        if params.next() != Some("text/plain") {
            return None;
        }
        // Other parameters (`format=flowed`) change nothing that is read.
        for param in params.filter(|p| !p.is_empty()) {
            let (key, value) = param.split_once('=')?;
            let value = value.trim().trim_matches('"');
            let ascii_based = matches!(value, "us-ascii" | "ascii" | "utf-8" | "utf8")
                || value.starts_with("iso-8859-")
                || value.starts_with("windows-125");
            if key.trim() == "charset" && !ascii_based {
                return None;
            }
        }
    }
    if html::looks_like_html(body) {
        return None;
    }
    Some(offset + blank + 2..text.len())
}

/// Decodes a message from its raw bytes, for files that are not valid
/// UTF-8 (8-bit bodies in Latin-1, KOI8-R...): mail-parser then sees the
/// bytes the charset names, not replacement characters. Positions are always
/// in the decoded text, since the file's bytes are not text.
pub(crate) fn decode_bytes(bytes: &[u8]) -> Option<Decoded> {
    let offset = if bytes.starts_with(b"From ") {
        bytes
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| i + 1)
    } else {
        0
    };
    let raw = bytes.get(offset..)?;
    // A stand-in for the file with the same byte offsets: non-ASCII bytes
    // become SUB, so no part compares equal to its decoded text where it
    // had 8-bit bytes, and every range stays on a character boundary.
    let stand_in: String = bytes
        .iter()
        .map(|&b| if b.is_ascii() { b as char } else { '\u{1a}' })
        .collect();
    catch_unwind(AssertUnwindSafe(|| {
        let msg = parser().parse(raw)?;
        let mut decoded = extract(&msg, &stand_in, offset);
        if let Body::InFile(r) = &decoded.body {
            let text = bytes.get(r.clone()).map(String::from_utf8_lossy);
            decoded.body = Body::Decoded(text.unwrap_or_default().into_owned());
        }
        Some(decoded)
    }))
    .ok()
    .flatten()
}

/// One body part chosen for analysis, as text.
struct Chosen {
    text: String,
    /// The part's range in the file when the text is exactly that range.
    in_file: Option<Range<usize>>,
}

fn extract(msg: &Message, text: &str, offset: usize) -> Decoded {
    let subject = msg.subject().map(|s| {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
    });
    let subject_encoded = msg
        .header_raw(HeaderName::Subject)
        .is_some_and(|r| r.contains("=?"));
    let mut warnings = Vec::new();
    let converted = Converted::default();
    let chosen: Vec<Chosen> = body_parts(msg, &converted)
        .into_iter()
        .map(|(id, part)| choose(part, id, text, offset, &converted, &mut warnings))
        .collect();
    if chosen.is_empty() {
        warnings.push("the message has no text part; there is nothing to analyse".into());
    }
    let attached = msg
        .parts
        .iter()
        .filter(|p| matches!(p.body, PartType::Message(_)))
        .count();
    if attached > 0 {
        warnings.push(format!(
            "{attached} attached message(s) (message/rfc822) are not analysed"
        ));
    }
    let body = match chosen.as_slice() {
        [
            Chosen {
                in_file: Some(range),
                ..
            },
        ] if !subject_encoded => Body::InFile(range.clone()),
        _ => Body::Decoded(
            chosen
                .into_iter()
                .map(|c| c.text)
                .filter(|t| !t.trim().is_empty())
                .collect::<Vec<_>>()
                .join("\n\n"),
        ),
    };
    Decoded {
        subject,
        body,
        warnings,
    }
}

/// The parts that make up the body: the text/plain view when there is
/// one, otherwise the HTML view, otherwise the first text part anywhere.
fn body_parts<'a, 'x>(
    msg: &'a Message<'x>,
    converted: &Converted<'a>,
) -> Vec<(u32, &'a MessagePart<'x>)> {
    let pick = |ids: &[u32]| -> Vec<(u32, &'a MessagePart<'x>)> {
        ids.iter()
            .filter_map(|&id| msg.parts.get(id as usize).map(|p| (id, p)))
            .filter(|(_, p)| is_body_text(p))
            .collect()
    };
    let text = pick(&msg.text_body);
    let mut html = pick(&msg.html_body);
    if html.is_empty() {
        // An HTML part mail-parser could not place (a broken boundary).
        html = numbered(msg)
            .filter(|(_, p)| is_html(p) && is_body_text(p))
            .filter(|(i, _)| !text.iter().any(|(t, _)| t == i))
            .collect();
    }
    let use_html = text_is_placeholder(&text, converted) && richer_html(&text, &html, converted);
    if !text.is_empty() && !use_html {
        return with_cut_short(msg, text);
    }
    if !html.is_empty() {
        return html;
    }
    numbered(msg)
        .find(|(_, p)| is_body_text(p))
        .into_iter()
        .collect()
}

/// The parts of a message with their ids.
fn numbered<'a, 'x>(msg: &'a Message<'x>) -> impl Iterator<Item = (u32, &'a MessagePart<'x>)> {
    (0u32..).zip(msg.parts.iter())
}

/// Adds the plain-text parts mail-parser set aside as broken (a part cut
/// short by a missing boundary): what is there is analysed.
fn with_cut_short<'a, 'x>(
    msg: &'a Message<'x>,
    mut parts: Vec<(u32, &'a MessagePart<'x>)>,
) -> Vec<(u32, &'a MessagePart<'x>)> {
    let broken = numbered(msg).filter(|(i, p)| {
        p.is_encoding_problem
            && matches!(p.body, PartType::Text(_))
            && !is_html(p)
            && is_body_text(p)
            && !parts.iter().any(|(c, _)| c == i)
    });
    let broken: Vec<_> = broken.collect();
    parts.extend(broken);
    parts.sort_by_key(|(i, _)| *i);
    parts
}

/// The number of words in parts, HTML converted, counted up to `limit`
/// (the comparisons below need no more, and a long part is not read to
/// its end).
fn words<'a>(parts: &[(u32, &'a MessagePart)], converted: &Converted<'a>, limit: usize) -> usize {
    let mut n = 0;
    for (_, p) in parts {
        if n >= limit {
            break;
        }
        n += match &p.body {
            PartType::Text(t) | PartType::Html(t) if is_html(p) => converted.words(t, limit - n),
            PartType::Text(t) => t.split_whitespace().take(limit - n).count(),
            _ => 0,
        };
    }
    n.min(limit)
}

/// True for an HTML part, by its type or its `Content-Type`.
fn is_html(part: &MessagePart) -> bool {
    matches!(part.body, PartType::Html(_))
        || part.content_type().is_some_and(|ct| {
            ct.ctype().eq_ignore_ascii_case("text")
                && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("html"))
        })
}

/// True when the plain view is only a few words ("This is an HTML
/// message"), so the HTML alternative may hold the real text.
fn text_is_placeholder<'a>(text: &[(u32, &'a MessagePart)], converted: &Converted<'a>) -> bool {
    words(text, converted, PLACEHOLDER_WORDS) < PLACEHOLDER_WORDS
}

/// A plain view with fewer words than this may be a placeholder.
const PLACEHOLDER_WORDS: usize = 20;

/// True when the HTML view has clearly more words than the plain one.
fn richer_html<'a>(
    text: &[(u32, &'a MessagePart)],
    html: &[(u32, &'a MessagePart)],
    converted: &Converted<'a>,
) -> bool {
    let same = html.iter().all(|(id, _)| text.iter().any(|(t, _)| t == id));
    if same {
        return false;
    }
    let needed = 2 * words(text, converted, usize::MAX) + 10;
    words(html, converted, needed) >= needed
}

/// The HTML parts converted to text while the body is chosen (their words
/// are counted), kept for the part that is then read: an HTML message is
/// converted once, not twice. Keyed by the part's decoded text itself (its
/// address and length), since that is what is converted.
#[derive(Default)]
struct Converted<'a> {
    done: std::cell::RefCell<Vec<(&'a str, String)>>,
}

impl<'a> Converted<'a> {
    /// Where `html`'s conversion is in `done`, if it was made.
    fn find(done: &[(&str, String)], html: &str) -> Option<usize> {
        done.iter().position(|(h, _)| std::ptr::eq(*h, html))
    }

    /// The index of `html`'s conversion, made now if it was not yet.
    fn index(&self, html: &'a str) -> usize {
        let mut done = self.done.borrow_mut();
        Converted::find(&done, html).unwrap_or_else(|| {
            done.push((html, html::to_text(html)));
            done.len() - 1
        })
    }

    /// The number of words of `html` as text, counted up to `limit`.
    fn words(&self, html: &'a str, limit: usize) -> usize {
        let i = self.index(html);
        self.done.borrow()[i]
            .1
            .split_whitespace()
            .take(limit)
            .count()
    }

    /// `html` as text ([`html::to_text`]), converted before or now.
    fn to_text(&self, html: &str) -> String {
        let mut done = self.done.borrow_mut();
        match Converted::find(&done, html) {
            Some(i) => done.swap_remove(i).1,
            None => html::to_text(html),
        }
    }
}

/// True for a text part a person wrote: plain, HTML or enriched text, not
/// a calendar, a vCard or a stylesheet.
fn is_body_text(part: &MessagePart) -> bool {
    if !matches!(part.body, PartType::Text(_) | PartType::Html(_)) {
        return false;
    }
    match part.content_type() {
        Some(ct) if ct.ctype().eq_ignore_ascii_case("text") => ct.subtype().is_none_or(|s| {
            ["plain", "html", "enriched", "richtext"]
                .iter()
                .any(|k| k.eq_ignore_ascii_case(s))
        }),
        _ => true,
    }
}

/// Turns a chosen part into text: HTML is converted; an undecoded part
/// with non-ASCII text is taken from the file as is (the file was already
/// decoded as UTF-8, so decoding it again with its charset would garble it).
fn choose(
    part: &MessagePart,
    id: u32,
    text: &str,
    offset: usize,
    converted: &Converted,
    warnings: &mut Vec<String>,
) -> Chosen {
    let range = part_range(part, text, offset);
    let raw = range.clone().and_then(|r| text.get(r));
    let decoded = match &part.body {
        PartType::Text(t) | PartType::Html(t) => t.as_ref(),
        _ => "",
    };
    let content = match raw {
        Some(r) if part.encoding == Encoding::None && !r.is_ascii() => r,
        _ => decoded,
    };
    if !content.is_ascii() {
        note_charset(part, id, warnings);
    }
    if part.is_encoding_problem {
        warnings.push(format!(
            "MIME part {id} is cut short or malformed; the text that is there is analysed"
        ));
    }
    if is_html(part) || html::looks_like_html(content) {
        // A text/plain body with markup in it keeps its own line breaks.
        let declared_html = is_html(part);
        let text = if declared_html || html::is_document(content) {
            converted.to_text(content)
        } else {
            html::fragment_to_text(content)
        };
        return Chosen {
            text,
            in_file: None,
        };
    }
    let in_file = match raw {
        Some(r) if part.encoding == Encoding::None && r == content => range,
        _ => None,
    };
    Chosen {
        text: content.replace("\r\n", "\n").replace('\r', "\n"),
        in_file,
    }
}

/// The byte range of a part's body in the file, as mail-parser found it.
fn part_range(part: &MessagePart, text: &str, offset: usize) -> Option<Range<usize>> {
    let start = offset + part.offset_body as usize;
    let end = offset + part.offset_end as usize;
    if start > end || end > text.len() {
        return None;
    }
    Some(start..end)
}

/// Notes a charset that cannot be decoded (the part's non-ASCII text is
/// read as UTF-8, lossily).
fn note_charset(part: &MessagePart, id: u32, warnings: &mut Vec<String>) {
    let Some(cs) = part.content_type().and_then(|ct| ct.attribute("charset")) else {
        return;
    };
    let lower = cs.trim().to_ascii_lowercase();
    let utf8 = matches!(
        lower.as_str(),
        "utf8"
            | "utf-8"
            | "unicode-1-1-utf-8"
            | "unicode11utf8"
            | "unicode20utf8"
            | "x-unicode20utf8"
    );
    if !utf8 && charset_decoder(lower.as_bytes()).is_none() {
        warnings.push(format!(
            "unknown charset \"{}\" in MIME part {id} (decoded lossily as UTF-8)",
            cs.escape_debug()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "Hi Ann,\n\nCan we talk on Tuesday at 10?\n\nBo\n";

    #[test]
    fn a_simple_message_is_found_where_the_parser_finds_it() {
        let simple = [
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\nSubject: Rollout\n\n",
            "From bo@example.com Mon Jan  1 00:00:00 2024\nFrom: bo@example.com\nMIME-Version: 1.0\nSubject: Rollout\n\n",
            "MIME-Version: 1.0\nContent-Type: text/plain;\n\tcharset=\"ISO-8859-1\"; format=flowed\nContent-Disposition: inline\nContent-Transfer-Encoding: 8BIT\n\n",
            "Subject: Re: plan\nMIME-Version: 1.0\nContent-Type: text/plain; encoding=utf-8\n\n",
        ];
        for head in simple {
            let text = format!("{head}{BODY}");
            let range = plain_body(&text).unwrap_or_else(|| panic!("{head}"));
            assert_eq!(&text[range.clone()], BODY);
            let parsed = decode(&text).unwrap();
            assert!(parsed.warnings.is_empty(), "{head}");
            assert!(
                matches!(&parsed.body, Body::InFile(r) if *r == range),
                "{head}: {:?}",
                parsed.body
            );
        }
    }

    #[test]
    fn other_messages_are_left_to_the_parser() {
        let other = [
            ("Content-Transfer-Encoding: quoted-printable\n\n", BODY),
            ("Content-Type: text/html\n\n", BODY),
            (
                "Content-Type: text/plain\n\n",
                "<html><body>Hi</body></html>\n",
            ),
            ("Content-Type: text/plain\r\n\r\n", BODY),
            ("Content-Type: multipart/mixed; boundary=x\n\n", BODY),
            ("Content-Type: text/plain; charset=utf-7\n\n", BODY),
            ("Content-Type: text/plain\n\n", "Zo\u{eb} here\n"),
            ("Content-Disposition: attachment; filename=a.txt\n\n", BODY),
            ("Subject: =?utf-8?q?Hi?=\n\n", BODY),
            (
                "Content-Type: text/plain\nContent-Type: text/html\n\n",
                BODY,
            ),
            ("Not a header line\n\n", BODY),
            ("Content-Type: text/plain\n\n", " \n"),
        ];
        for (head, body) in other {
            assert_eq!(plain_body(&format!("{head}{body}")), None, "{head}{body}");
        }
    }
}
