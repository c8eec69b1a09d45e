//! The email readers. The plain-text reader takes a header block whose
//! `Subject` is analysed, then the body; the MIME reader decodes multipart
//! messages, transfer encodings, charsets and HTML first. Either way only the
//! author's text of the body is analysed: quoted replies, quoted and
//! forwarded threads, mailing-list and legal footers and signatures are left
//! out, each with a warning.

pub mod html;
mod mime;
mod strip;

use std::ops::Range;

use super::{Parsed, Reader, TextOrigin};
use crate::document::Block;
use crate::profile;
use crate::segment::{Unit, lines_from, prose_units_until, trim_range};

/// The `Subject` header's value (without `Re:`/`Fwd:` prefixes) and where
/// the body starts, when the text opens with a header block.
fn header_block(text: &str) -> Option<(Option<Range<usize>>, usize)> {
    let first = lines_from(text, 0, text.len()).next();
    // An mbox file starts with a `From sender date` line before the headers.
    let has_headers = first.is_some_and(|(_, l)| {
        l.starts_with("From ") || profile::is_known_header(l) || is_header_line(l)
    }) && lines_from(text, 0, text.len())
        .take_while(|(_, l)| !is_blank(l))
        .any(|(_, l)| profile::is_known_header(l));
    if !has_headers {
        return None;
    }
    let mut subject: Option<Range<usize>> = None;
    let mut in_subject = false;
    let mut body_start = text.len();
    for (start, line) in lines_from(text, 0, text.len()) {
        if is_blank(line) {
            body_start = (start + line.len() + 1).min(text.len());
            break;
        }
        if line.starts_with([' ', '\t']) {
            if in_subject && let Some(s) = subject.as_mut() {
                s.end = start + line.len();
            }
            continue;
        }
        in_subject = false;
        if let Some((name, value)) = profile::split_colon(line)
            && name.trim().eq_ignore_ascii_case("subject")
            && subject.is_none()
        {
            let vstart = start + name.len() + 1;
            subject = Some(vstart..vstart + value.len());
            in_subject = true;
        }
    }
    let subject = subject.map(|r| subject_range(text, r));
    Some((subject, body_start))
}

/// True for a line of white space only, as `line.trim().is_empty()`: a
/// header line is read as ASCII first (each line of every message's
/// header block is asked).
fn is_blank(line: &str) -> bool {
    match line
        .bytes()
        .find(|b| !b.is_ascii_whitespace() && *b != 0x0b)
    {
        None => true,
        Some(b) if b.is_ascii() => false,
        Some(_) => line.trim().is_empty(),
    }
}

/// Trims a subject's range and drops its reply and forward prefixes.
fn subject_range(text: &str, r: Range<usize>) -> Range<usize> {
    let mut r = trim_range(text, r);
    loop {
        let lower = text[r.clone()].to_ascii_lowercase();
        let prefix = ["re:", "fw:", "fwd:", "aw:", "re :", "fw :", "fwd :"]
            .iter()
            .find(|p| lower.starts_with(**p));
        match prefix {
            Some(p) => r = trim_range(text, r.start + p.len()..r.end),
            None => return r,
        }
    }
}

/// The unit of the `Subject`, unless it is empty.
fn subject_unit(r: Range<usize>) -> Option<Unit> {
    (!r.is_empty()).then_some(Unit {
        range: r,
        block: Block::Subject,
        speaker: None,
        time: None,
    })
}

/// Units of the author's text in `text[body]`: quoted replies, quoted and
/// forwarded threads, footers and signatures are left out, with warnings.
fn body_units(text: &str, body: Range<usize>, warnings: &mut Vec<String>) -> Vec<Unit> {
    let stripped = strip::strip(text, body);
    warnings.extend(stripped.warnings);
    stripped
        .kept
        .into_iter()
        .flat_map(|r| prose_units_until(text, r.start, r.end))
        .collect()
}

/// Splits an email into units: the `Subject` header, then the author's
/// text of the body (without the header block, quoted replies, quoted and
/// forwarded threads, footers and signatures, each noted in `warnings`).
pub fn email_units(text: &str, warnings: &mut Vec<String>) -> Vec<Unit> {
    let (subject, body_start) = header_block(text).unwrap_or((None, 0));
    let mut units: Vec<Unit> = subject.and_then(subject_unit).into_iter().collect();
    units.extend(body_units(text, body_start..text.len(), warnings));
    units
}

/// True for any `Name: value` header line (name without spaces).
fn is_header_line(line: &str) -> bool {
    match profile::split_colon(line) {
        Some((name, _)) => {
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        }
        None => false,
    }
}

/// True when the text is a MIME message that needs the MIME reader: its
/// header block has a `MIME-Version`, a multipart or HTML `Content-Type`, a
/// `Content-Transfer-Encoding` other than 7bit/8bit/binary or an RFC 2047
/// encoded `Subject`, or its body is HTML.
pub fn is_mime(text: &str) -> bool {
    let Some((_, body_start)) = header_block(text) else {
        return false;
    };
    let mime_header = lines_from(text, 0, body_start).any(|(_, l)| {
        let named = |name: &str| {
            l.get(..name.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(name))
        };
        // Only the few lines with one of these names are lowercased.
        let lower = || l.to_ascii_lowercase();
        named("mime-version:")
            || (named("content-type:") && {
                let lower = lower();
                lower.contains("multipart/") || lower.contains("text/html")
            })
            || (named("content-transfer-encoding:") && {
                let lower = lower();
                !["7bit", "8bit", "binary"].iter().any(|e| lower.contains(e))
            })
            || (named("subject:") && l.contains("=?"))
    });
    mime_header || text.get(body_start..).is_some_and(html::looks_like_html)
}

/// Reads a plain-text email: positions are the file's.
pub fn parse_plain(text: String) -> Parsed {
    let mut warnings = Vec::new();
    let units = email_units(&text, &mut warnings);
    Parsed {
        text,
        origin: TextOrigin::File,
        reader: Reader::PlainEmail,
        units,
        speakers: Vec::new(),
        host: None,
        warnings,
    }
}

/// Reads a MIME message: headers, multipart bodies, quoted-printable and
/// base64, charsets and HTML are decoded. When the body is one text/plain
/// part that needed no decoding, positions are the file's; otherwise the
/// text is `Subject: <subject>` and the decoded body, and positions are in
/// it. A message that cannot be read as MIME is read as plain text.
pub fn parse_mime(text: String) -> Parsed {
    parse_mime_from(text, None)
}

/// Reads a MIME message whose file is not valid UTF-8: `raw` are the file's
/// bytes, `text` their lossy decoding. The body is decoded from the bytes
/// with the charsets the message names, so positions are in the decoded
/// text.
pub fn parse_mime_raw(text: String, raw: &[u8]) -> Parsed {
    parse_mime_from(text, Some(raw))
}

fn parse_mime_from(text: String, raw: Option<&[u8]>) -> Parsed {
    if raw.is_none()
        && let Some(body) = mime::plain_body(&text)
    {
        let mut warnings = Vec::new();
        let units = in_file_units(&text, body, &mut warnings);
        return Parsed {
            text,
            origin: TextOrigin::File,
            reader: Reader::Mime,
            units,
            speakers: Vec::new(),
            host: None,
            warnings,
        };
    }
    let decoded = match raw {
        Some(bytes) => mime::decode_bytes(bytes),
        None => mime::decode(&text),
    };
    let Some(decoded) = decoded else {
        let mut p = parse_plain(text);
        p.warnings.insert(
            0,
            "could not be read as a MIME message; read as plain text".into(),
        );
        return p;
    };
    let mut warnings = decoded.warnings;
    let (text, origin, units) = match decoded.body {
        mime::Body::InFile(body) => {
            let units = in_file_units(&text, body, &mut warnings);
            (text, TextOrigin::File, units)
        }
        mime::Body::Decoded(body) => {
            let (text, units) = decoded_units(decoded.subject.as_deref(), &body, &mut warnings);
            (text, TextOrigin::Decoded, units)
        }
    };
    Parsed {
        text,
        origin,
        reader: Reader::Mime,
        units,
        speakers: Vec::new(),
        host: None,
        warnings,
    }
}

/// The units of a MIME message whose body is `text[body]` as in the file:
/// the header block's `Subject`, then the author's text of the body.
fn in_file_units(text: &str, body: Range<usize>, warnings: &mut Vec<String>) -> Vec<Unit> {
    let subject = header_block(text).and_then(|(s, _)| s);
    let mut units: Vec<Unit> = subject.and_then(subject_unit).into_iter().collect();
    units.extend(body_units(text, body, warnings));
    units
}

/// Builds the decoded text (`Subject: <subject>`, a blank line, the body)
/// and its units.
fn decoded_units(
    subject: Option<&str>,
    body: &str,
    warnings: &mut Vec<String>,
) -> (String, Vec<Unit>) {
    let subject = subject.map(str::trim).filter(|s| !s.is_empty());
    let mut text = String::with_capacity(body.len() + 64);
    let mut units = Vec::new();
    if let Some(s) = subject {
        text.push_str("Subject: ");
        let start = text.len();
        text.push_str(s);
        units.extend(subject_unit(subject_range(&text, start..text.len())));
        text.push_str("\n\n");
    }
    let body_start = text.len();
    text.push_str(body);
    units.extend(body_units(&text, body_start..text.len(), warnings));
    (text, units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_line_is_white_space_as_trim_reads_it() {
        for line in [
            "",
            " ",
            "\t \r",
            "\x0b\x0c",
            "\u{a0}",
            " \u{2003} ",
            "\u{85}",
            " x",
            "x ",
            "\x1c",
            "\u{a0}x",
            "\u{200b}",
            "é",
        ] {
            assert_eq!(is_blank(line), line.trim().is_empty(), "{line:?}");
        }
    }

    #[test]
    fn email_units_skip_headers_and_quotes() {
        let t = "From: a@b.c\nSubject: Re: Quick question\n\nHi Ann,\n\nCan we talk?\n> old text\nOn Mon, Bob wrote:\nquoted";
        let mut w = Vec::new();
        let units = email_units(t, &mut w);
        let texts: Vec<_> = units.iter().map(|u| &t[u.range.clone()]).collect();
        assert_eq!(texts, vec!["Quick question", "Hi Ann,", "Can we talk?"]);
        assert_eq!(w.len(), 2);
    }
}
