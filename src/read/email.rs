//! The plain-text email reader: a header block whose `Subject` is analysed,
//! then the body without quoted lines and the quoted thread below a reply
//! marker.

use std::ops::Range;

use super::{Parsed, Reader, TextOrigin};
use crate::document::Block;
use crate::profile;
use crate::segment::{Unit, lines_from, prose_units_until, trim_range};

/// True when a line opens a quoted earlier message that runs to the end
/// (`-----Original Message-----`, `On ... wrote:`, a forwarded block).
fn opens_quoted_thread(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    (lower.starts_with("-----") && lower.contains("original message"))
        || (lower.starts_with("on ") && lower.ends_with("wrote:"))
        || (lower.contains("forwarded message") && lower.starts_with("--"))
        || lower.starts_with("----- forwarded by")
}

/// Splits an email into units: the `Subject` header, then the body without
/// the header block, quoted lines and the quoted thread below a reply marker.
pub fn email_units(text: &str, warnings: &mut Vec<String>) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut body_start = 0;
    let first = lines_from(text, 0, text.len()).next();
    // An mbox file starts with a `From sender date` line before the headers.
    let has_headers = first.is_some_and(|(_, l)| {
        l.starts_with("From ") || profile::is_known_header(l) || is_header_line(l)
    }) && lines_from(text, 0, text.len())
        .take_while(|(_, l)| !l.trim().is_empty())
        .any(|(_, l)| profile::is_known_header(l));
    if has_headers {
        let mut subject: Option<Range<usize>> = None;
        let mut in_subject = false;
        body_start = text.len();
        for (start, line) in lines_from(text, 0, text.len()) {
            if line.trim().is_empty() {
                body_start = (start + line.len() + 1).min(text.len());
                break;
            }
            let continuation = line.starts_with([' ', '\t']);
            if continuation {
                if in_subject && let Some(s) = subject.as_mut() {
                    s.end = start + line.len();
                }
                continue;
            }
            in_subject = false;
            if let Some((name, value)) = line.split_once(':')
                && name.trim().eq_ignore_ascii_case("subject")
                && subject.is_none()
            {
                let vstart = start + name.len() + 1;
                let mut r = trim_range(text, vstart..vstart + value.len());
                // Drop reply and forward prefixes.
                loop {
                    let v = &text[r.clone()];
                    let lower = v.to_ascii_lowercase();
                    let prefix = ["re:", "fw:", "fwd:", "aw:"]
                        .iter()
                        .find(|p| lower.starts_with(**p));
                    match prefix {
                        Some(p) => r = trim_range(text, r.start + p.len()..r.end),
                        None => break,
                    }
                }
                subject = Some(r);
                in_subject = true;
            }
        }
        if let Some(r) = subject
            && !r.is_empty()
        {
            units.push(Unit {
                range: r,
                block: Block::Subject,
                speaker: None,
                time: None,
            });
        }
    }
    // Body: stop at a quoted thread; drop `>` lines.
    let mut segment_start = body_start;
    let mut body_units = Vec::new();
    let mut end = text.len();
    let mut quoted_lines = 0usize;
    for (start, line) in lines_from(text, body_start, text.len()) {
        let t = line.trim_start();
        if opens_quoted_thread(t.trim_end()) {
            end = start;
            let (line_no, _) = (text[..start].matches('\n').count() + 1, 0);
            warnings.push(format!(
                "quoted thread from line {line_no} on is not analysed"
            ));
            break;
        }
        if t.starts_with('>') {
            body_units.extend(prose_units_until(text, segment_start, start));
            segment_start = (start + line.len() + 1).min(text.len());
            quoted_lines += 1;
        }
    }
    body_units.extend(prose_units_until(text, segment_start.min(end), end));
    if quoted_lines > 0 {
        warnings.push(format!(
            "{quoted_lines} quoted line(s) starting with '>' are not analysed"
        ));
    }
    units.extend(body_units);
    units
}

/// True for any `Name: value` header line (name without spaces).
fn is_header_line(line: &str) -> bool {
    match line.split_once(':') {
        Some((name, _)) => {
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        }
        None => false,
    }
}

/// True when the text is a MIME message (a `MIME-Version` or multipart
/// `Content-Type` header in its header block).
pub fn is_mime(text: &str) -> bool {
    lines_from(text, 0, text.len())
        .take_while(|(_, l)| !l.trim().is_empty())
        .any(|(_, l)| {
            let lower = l.to_ascii_lowercase();
            lower.starts_with("mime-version:")
                || (lower.starts_with("content-transfer-encoding:")
                    && !lower.contains("7bit")
                    && !lower.contains("8bit"))
        })
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

/// Reads a MIME message. (For now the plain reader; MIME decoding comes
/// next.)
pub fn parse_mime(text: String) -> Parsed {
    let mut p = parse_plain(text);
    p.reader = Reader::Mime;
    p
}

#[cfg(test)]
mod tests {
    use super::*;

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
