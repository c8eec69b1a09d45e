//! MIME messages as a user hands them in: multipart, base64,
//! quoted-printable with a legacy charset, HTML-only, unknown charsets and
//! truncated boundaries are decoded, the decoded words are analysed, and
//! positions point at the right line.

mod common;

use common::{pack, sentences};

use std::fs;

use assert_cmd::Command;
use rapport::analyze;
use rapport::document::{Block, Document, ReadOptions};
use rapport::outcome::Value;
use rapport::profile::Profile;
use rapport::read::{Reader, TextOrigin};
use serde_json::Value as Json;

const DIR: &str = "tests/fixtures/email";

fn read(name: &str) -> Document {
    let path = format!("{DIR}/{name}");
    let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Document::new(&path, text, Profile::Email, &ReadOptions::default())
}

/// The 1-based line of the sentence that contains `needle`.
fn line_of(doc: &Document, needle: &str) -> usize {
    let s = doc
        .sentences
        .iter()
        .find(|s| doc.text[s.span.clone()].contains(needle))
        .unwrap_or_else(|| panic!("no sentence with {needle:?} in {:?}", sentences(doc)));
    doc.position(s.span.start).0
}

fn analysed(doc: &Document, needle: &str) -> bool {
    sentences(doc).iter().any(|s| s.contains(needle))
}

#[test]
fn multipart_alternative_prefers_the_plain_part_and_keeps_file_positions() {
    let doc = read("multipart-alternative.eml");
    assert_eq!(doc.reader, Reader::Mime);
    assert_eq!(doc.origin, TextOrigin::File);
    assert!(analysed(&doc, "How many implementations"));
    assert!(!analysed(&doc, "Only the HTML alternative"));
    assert!(!analysed(&doc, "multi-part message"));
    // Positions are the file's: the question is on line 16 of the file.
    let line = line_of(&doc, "How many implementations");
    assert_eq!(line, 16);
    assert!(doc.line_text(line).starts_with("How many implementations"));
    // The subject is analysed, without its `Re:`.
    assert_eq!(doc.sentences[0].block, Block::Subject);
    assert_eq!(sentences(&doc)[0], "Your onboarding backlog");
}

#[test]
fn base64_body_and_encoded_subject_are_decoded() {
    let doc = read("base64-utf8.eml");
    assert_eq!(doc.origin, TextOrigin::Decoded);
    assert!(
        doc.text
            .starts_with("Subject: R\u{e9}sum\u{e9} of our call\n\n")
    );
    assert_eq!(sentences(&doc)[0], "R\u{e9}sum\u{e9} of our call");
    assert!(analysed(&doc, "Hi Zo\u{eb},"));
    let line = line_of(&doc, "Could we meet on Thursday");
    assert_eq!(line, 5);
    assert!(
        doc.line_text(line)
            .contains("Could we meet on Thursday at 3pm")
    );
    // The sign-off's name, title and phone are a signature.
    assert!(analysed(&doc, "Best,"));
    assert!(!analysed(&doc, "Account Executive"));
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.starts_with("signature (lines 8-10)"))
    );
    let report = analyze(&doc, pack());
    assert_eq!(report.metrics["questions"], Value::Number(1.0));
}

#[test]
fn quoted_printable_latin1_is_decoded() {
    let doc = read("qp-latin1.eml");
    assert_eq!(doc.origin, TextOrigin::Decoded);
    assert_eq!(sentences(&doc)[0], "Caf\u{e9} on Monday");
    // Soft line breaks are joined; `=E9` is é in ISO-8859-1.
    assert!(analysed(
        &doc,
        "Would a caf\u{e9} near your office suit you on Monday at 9am?"
    ));
    assert!(analysed(&doc, "the r\u{e9}sum\u{e9} of last quarter."));
    assert!(!doc.text.contains('\r'));
    assert!(!doc.text.contains("=E9"));
}

#[test]
fn html_only_mail_becomes_text() {
    let doc = read("html-only.eml");
    assert_eq!(doc.origin, TextOrigin::Decoded);
    let all = sentences(&doc).join("\n");
    for hidden in [
        "color: red",
        "tracking",
        "internal note",
        "Newsletter template",
        "<p>",
    ] {
        assert!(!all.contains(hidden), "{hidden:?} in {all:?}");
    }
    assert!(analysed(&doc, "Hi Ann,"));
    assert!(analysed(
        &doc,
        "for your team's onboarding\u{2019}s backlog & support queue?"
    ));
    assert!(analysed(&doc, "I\u{2019}ll send two options by Friday."));
    // List items stay items; a cited blockquote is a quote.
    let items = doc
        .sentences
        .iter()
        .filter(|s| s.block == Block::Item)
        .count();
    assert_eq!(items, 2);
    assert!(!analysed(&doc, "Quoted question from Ann"));
    assert!(doc.warnings.iter().any(|w| w.contains("quoted line(s)")));
    let report = analyze(&doc, pack());
    assert_eq!(report.metrics["questions"], Value::Number(1.0));
}

#[test]
fn unknown_charset_is_read_lossily_with_a_warning() {
    let doc = read("unknown-charset.eml");
    assert!(analysed(
        &doc,
        "Gr\u{fc}\u{df}e Ben, can your team review the proposal by Friday?"
    ));
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.contains("unknown charset \"x-martian\"")),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn truncated_boundary_analyses_what_is_there() {
    let doc = read("truncated-boundary.eml");
    assert!(analysed(
        &doc,
        "can we talk on Monday at 9am about the renewal?"
    ));
    assert!(analysed(&doc, "stops in the middle of a sente"));
    assert!(doc.warnings.iter().any(|w| w.contains("cut short")));
}

#[test]
fn outlook_thread_is_cut_in_file_positions() {
    let doc = read("outlook-thread.eml");
    assert_eq!(doc.origin, TextOrigin::File);
    assert!(analysed(
        &doc,
        "I'll send the revised proposal by Friday 8 November."
    ));
    assert!(!analysed(&doc, "two seat options"));
    assert!(!analysed(&doc, "Priya Shah"));
    assert_eq!(
        doc.warnings,
        vec!["quoted thread from line 12 on is not analysed"]
    );
    assert_eq!(line_of(&doc, "revised proposal"), 10);
}

#[test]
fn crlf_messages_keep_file_positions() {
    let path = format!("{DIR}/multipart-alternative.eml");
    let text = fs::read_to_string(&path).unwrap().replace('\n', "\r\n");
    let doc = Document::new(&path, text, Profile::Email, &ReadOptions::default());
    assert_eq!(doc.origin, TextOrigin::File);
    assert_eq!(line_of(&doc, "How many implementations"), 16);
    assert!(!sentences(&doc).iter().any(|s| s.contains('\r')));
}

#[test]
fn the_mime_reader_is_chosen_only_when_needed() {
    let cases = [
        ("Subject: Hi\n\nPlain draft.", Reader::PlainEmail),
        (
            "From: a@b.c\nSubject: Hi\nContent-Type: text/plain\n\nPlain.",
            Reader::PlainEmail,
        ),
        (
            "Subject: Hi\nContent-Type: text/html\n\n<p>Hi</p>",
            Reader::Mime,
        ),
        ("Subject: =?utf-8?Q?Caf=C3=A9?=\n\nPlain.", Reader::Mime),
        (
            "From: a@b.c\nSubject: Hi\n\n<html><body>Hi</body></html>",
            Reader::Mime,
        ),
        (
            "Hi Ann,\n\nMIME-Version: 1.0 is not a header here.",
            Reader::PlainEmail,
        ),
    ];
    for (text, reader) in cases {
        let doc = Document::new(
            "x.txt",
            text.to_string(),
            Profile::Email,
            &ReadOptions::default(),
        );
        assert_eq!(doc.reader, reader, "{text:?}");
    }
    let doc = Document::new(
        "x.txt",
        "Subject: =?utf-8?Q?Caf=C3=A9?=\n\nPlain.".to_string(),
        Profile::Email,
        &ReadOptions::default(),
    );
    assert_eq!(sentences(&doc), vec!["Caf\u{e9}", "Plain."]);
}

#[test]
fn mime_messages_never_panic_on_broken_structure() {
    let cases = [
        "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"x\"\n\n--x\n",
        "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"\"\n\n--\n--\n",
        "MIME-Version: 1.0\nContent-Type: multipart/alternative\n\nno boundary given",
        "MIME-Version: 1.0\nContent-Transfer-Encoding: base64\n\n!!!not base64***",
        "MIME-Version: 1.0\nContent-Transfer-Encoding: quoted-printable\n\n=\n=Z=\n=4",
        "MIME-Version: 1.0\nContent-Type: message/rfc822\n\nSubject: inner\n\n",
        "Subject: =?bogus?Q?=ZZ?=\nMIME-Version: 1.0\n\n<html><body><p>Hi",
        "MIME-Version: 1.0\nContent-Type: text/html\n\n<script>never closed",
        "From x\nMIME-Version: 1.0\n",
        "MIME-Version: 1.0",
    ];
    for text in cases {
        let doc = Document::new(
            "x.eml",
            text.to_string(),
            Profile::Email,
            &ReadOptions::default(),
        );
        let report = analyze(&doc, pack());
        assert!(report.score <= 100);
        for s in &doc.sentences {
            assert!(s.span.end <= doc.text.len());
        }
    }
}

fn rapport() -> Command {
    let mut c = Command::cargo_bin("rapport").unwrap();
    c.env_remove("NO_COLOR");
    c
}

fn json_doc(path: &str) -> Json {
    let out = rapport()
        .args(["check", path, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success() || out.status.code() == Some(1),
        "{out:?}"
    );
    let v: Json = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    v["documents"][0].clone()
}

#[test]
fn cli_reports_decoded_text_origin_and_evidence_lines() {
    let d = json_doc(&format!("{DIR}/base64-utf8.eml"));
    assert_eq!(d["reader"], "mime");
    assert_eq!(d["text_origin"], "decoded");
    let rules = d["rules"].as_array().unwrap();
    let next = rules
        .iter()
        .find(|r| r["id"] == "follow-up/next-step")
        .unwrap();
    let evidence = next["evidence"].as_array().unwrap();
    assert!(
        evidence
            .iter()
            .any(|e| e["line"] == 5 && e["text"].as_str().unwrap().contains("Thursday at 3pm")),
        "{evidence:?}"
    );
    let warnings = d["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().starts_with("signature"))
    );
}

#[test]
fn cli_keeps_file_positions_for_plain_mime_bodies() {
    let d = json_doc(&format!("{DIR}/multipart-alternative.eml"));
    assert_eq!(d["reader"], "mime");
    assert_eq!(d["text_origin"], "file");
    let rules = d["rules"].as_array().unwrap();
    let questions = rules
        .iter()
        .find(|r| r["id"] == "relevance/questions")
        .unwrap();
    let lines: Vec<_> = questions["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert!(lines.contains(&16), "{lines:?}");
}

/// MIME text built from pieces that stress the decoders: headers,
/// boundaries, encodings, charsets, HTML, entities and quotes.
fn mime_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("MIME-Version: 1.0\n".to_string()),
        Just("Content-Type: multipart/mixed; boundary=\"b\"\n".to_string()),
        Just("Content-Type: multipart/alternative; boundary=b\n".to_string()),
        Just("Content-Type: text/html; charset=iso-8859-1\n".to_string()),
        Just("Content-Type: text/plain; charset=\"x-unknown\"\n".to_string()),
        Just("Content-Type: message/rfc822\n".to_string()),
        Just("Content-Transfer-Encoding: base64\n".to_string()),
        Just("Content-Transfer-Encoding: quoted-printable\n".to_string()),
        Just("Subject: =?utf-8?B?w6k=?= =?iso-8859-1?Q?caf=E9?=\n".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("--b\n".to_string()),
        Just("--b--\n".to_string()),
        Just("=E9=\n".to_string()),
        Just("SGVsbG8gQW5uLCBjYW4gd2UgdGFsaz8=\n".to_string()),
        Just("<p>".to_string()),
        Just("<blockquote type=cite>".to_string()),
        Just("<!--".to_string()),
        Just("<script>".to_string()),
        Just("&#x2019;&nbsp;&amp".to_string()),
        Just("> ".to_string()),
        Just("-- \n".to_string()),
        Just("-----Original Message-----\n".to_string()),
        Just("On Mon, Bob wrote:\n".to_string()),
        Just("From: a\nSent: b\nTo: c\nSubject: d\n".to_string()),
        Just("To unsubscribe, click\n".to_string()),
        Just("Thanks,\n".to_string()),
        Just("Could we talk Tuesday at 10am?".to_string()),
        "\\PC{0,10}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    #[test]
    fn any_mime_message_is_read_without_a_panic(body in mime_text(), eml in proptest::prelude::any::<bool>()) {
        let text = format!("From: a@b.c\nMIME-Version: 1.0\n{body}");
        let path = if eml { "x.eml" } else { "x.txt" };
        let doc = Document::new(path, text, Profile::Email, &ReadOptions::default());
        let report = analyze(&doc, pack());
        proptest::prop_assert!(report.score <= 100);
        for s in &doc.sentences {
            proptest::prop_assert!(s.span.start <= s.span.end && s.span.end <= doc.text.len());
            proptest::prop_assert!(doc.text.is_char_boundary(s.span.start));
        }
    }
}

#[test]
fn eight_bit_latin1_body_is_decoded_by_its_charset() {
    let out = assert_cmd::Command::cargo_bin("rapport")
        .unwrap()
        .args([
            "check",
            "tests/fixtures/email/latin1-8bit.eml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["documents"][0];
    assert_eq!(d["reader"], "mime");
    assert_eq!(d["text_origin"], "decoded");
    let warnings = d["warnings"].to_string();
    assert!(!warnings.contains("not valid UTF-8"), "{warnings}");
    let evidence = d["rules"].to_string();
    assert!(
        evidence.contains("Bonjour René, could we meet Tuesday at 10?"),
        "{evidence}"
    );
}

#[test]
fn text_report_says_when_lines_are_those_of_the_decoded_text() {
    let out = assert_cmd::Command::cargo_bin("rapport")
        .unwrap()
        .args([
            "check",
            "tests/fixtures/email/latin1-8bit.eml",
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "tests/fixtures/email/latin1-8bit.eml  email (mime, lines of the decoded text)"
        ),
        "{text}"
    );
}
