//! Only the author's own text of an email is analysed: quoted replies,
//! quoted and forwarded threads, signatures and mailing-list footers are
//! left out, each with a warning that says from which line.

mod common;

use common::sentences;

use std::fs;

use proptest::prelude::*;
use rapport::document::{Document, ReadOptions};
use rapport::profile::Profile;
use rapport::read::TextOrigin;

const DIR: &str = "tests/fixtures/email";

fn doc_of(path: &str, text: String) -> Document {
    Document::new(path, text, Profile::Email, &ReadOptions::default())
}

fn read(name: &str) -> Document {
    let path = format!("{DIR}/{name}");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    doc_of(&path, text)
}

fn analysed(doc: &Document, needle: &str) -> bool {
    sentences(doc).iter().any(|s| s.contains(needle))
}

fn line_of(doc: &Document, needle: &str) -> usize {
    let s = doc
        .sentences
        .iter()
        .find(|s| doc.text[s.span.clone()].contains(needle))
        .unwrap_or_else(|| panic!("no sentence with {needle:?}"));
    doc.position(s.span.start).0
}

#[test]
fn inline_reply_keeps_the_answers_and_drops_the_quotes() {
    let doc = read("reply-inline.txt");
    assert_eq!(doc.origin, TextOrigin::File);
    assert!(analysed(&doc, "Yes, Tuesday at 2pm works for us."));
    assert!(analysed(&doc, "Your CFO, if she is free."));
    assert!(!analysed(&doc, "present the pilot results"));
    assert!(!analysed(&doc, "who else should we invite"));
    assert!(!analysed(&doc, "wrote:"));
    assert_eq!(line_of(&doc, "Yes, Tuesday"), 8);
    assert_eq!(line_of(&doc, "Your CFO"), 12);
    assert_eq!(
        doc.warnings,
        vec!["3 quoted line(s) (first at line 5) are not analysed"]
    );
}

#[test]
fn reply_marker_without_quote_marks_cuts_the_rest() {
    let text = "Subject: Re: Pilot\n\nTuesday works.\n\nOn Mon, 7 Oct 2024, Ben Ortiz <ben@example.org> wrote:\nCould your team present the pilot results?\n";
    let doc = doc_of("reply.txt", text.to_string());
    assert!(analysed(&doc, "Tuesday works."));
    assert!(!analysed(&doc, "present the pilot results"));
    assert_eq!(
        doc.warnings,
        vec!["quoted thread from line 5 on is not analysed"]
    );
}

#[test]
fn signature_after_dash_dash_is_left_out() {
    let doc = read("signature.txt");
    assert!(analysed(
        &doc,
        "Could we walk your team through it on Tuesday at 2pm?"
    ));
    assert!(!analysed(&doc, "Ravi Okafor"));
    assert!(!analysed(&doc, "leading onboarding platform"));
    assert_eq!(doc.warnings, vec!["signature (lines 7-10) is not analysed"]);
}

#[test]
fn mailing_list_footer_and_sign_off_are_left_out() {
    let doc = read("mailing-list-footer.eml");
    assert!(analysed(&doc, "Who can draft it by Wednesday?"));
    assert!(analysed(&doc, "Thanks,"));
    for gone in ["Sam Patel", "mailing list", "listinfo", "unsubscribe"] {
        assert!(!analysed(&doc, gone), "{gone:?} analysed");
    }
    assert_eq!(
        doc.warnings,
        vec![
            "mailing-list or legal footer (lines 12-16) is not analysed",
            "signature (lines 9-10) is not analysed"
        ]
    );
}

#[test]
fn forwarded_message_is_left_out() {
    let doc = read("forwarded.txt");
    assert!(analysed(&doc, "could you answer this for Kim by Thursday?"));
    assert!(!analysed(&doc, "enterprise plan"));
    assert_eq!(
        doc.warnings,
        vec!["forwarded message from line 5 on is not analysed"]
    );
    // The subject is analysed without its `Fwd:`.
    assert_eq!(sentences(&doc)[0], "Pricing question");
}

#[test]
fn a_body_that_is_all_footer_is_still_analysed() {
    let text = "Subject: Update\n\nTo unsubscribe from these updates, reply STOP.\n";
    let doc = doc_of("update.txt", text.to_string());
    assert!(analysed(&doc, "To unsubscribe"));
    assert!(doc.warnings.is_empty());
}

/// Ordinary words that no stripping rule treats specially.
fn word() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "team",
        "pilot",
        "rollout",
        "plan",
        "warehouse",
        "budget",
        "review",
        "Tuesday",
        "numbers",
        "your",
        "our",
        "the",
        "a",
        "we",
        "you",
        "could",
        "send",
        "share",
        "goal",
        "quarter",
        "onboarding",
        "support",
        "tickets",
        "shift",
        "price",
        "seats",
        "call",
        "thanks",
        "best",
        "regards",
        "from",
        "to",
        "subject",
        "sent",
        "wrote",
        "on",
    ])
    .prop_map(str::to_string)
}

/// A sentence of ordinary words, capitalised, ending in `.` or `?`.
fn sentence() -> impl Strategy<Value = String> {
    (prop::collection::vec(word(), 3..12), any::<bool>()).prop_map(|(words, q)| {
        let mut s = words.join(" ");
        if let Some(first) = s.get(..1) {
            s = first.to_uppercase() + &s[1..];
        }
        s.push(if q { '?' } else { '.' });
        s
    })
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(sentence(), 1..4).prop_map(|s| s.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Stripping never removes the author's first paragraph from a message
    /// without a quoted part, whatever follows it.
    #[test]
    fn the_first_paragraph_is_always_analysed(
        subject in sentence(),
        greeting in prop::option::of(prop::sample::select(vec!["Hi Ann,", "Hello team,", "Dear Ben,", "Thanks!", "Hi Ann,\n\nThanks,"])),
        first in paragraph(),
        rest in prop::collection::vec(paragraph(), 0..4),
        closing in prop::option::of(prop::sample::select(vec!["Thanks,\nDana", "Best regards,\nDana Lee\nAcme", "-- \nDana"])),
        headers in any::<bool>(),
    ) {
        let mut text = String::new();
        if headers {
            text.push_str("From: Dana <dana@example.com>\nTo: Ann <ann@example.org>\n");
        }
        text.push_str(&format!("Subject: {subject}\n\n"));
        if let Some(g) = greeting {
            text.push_str(g);
            text.push_str("\n\n");
        }
        text.push_str(&first);
        text.push('\n');
        for p in &rest {
            text.push('\n');
            text.push_str(p);
            text.push('\n');
        }
        if let Some(c) = closing {
            text.push('\n');
            text.push_str(c);
            text.push('\n');
        }
        let doc = doc_of("draft.eml", text.clone());
        let start = text.find(&first).unwrap();
        let end = start + first.len();
        // Every word of the first paragraph is inside an analysed sentence.
        for (i, w) in first.match_indices(|c: char| c.is_alphanumeric()) {
            let at = start + i;
            prop_assert!(
                doc.sentences.iter().any(|s| s.span.start <= at && at < s.span.end),
                "{w:?} at {at} not analysed in {text:?}; warnings {:?}", doc.warnings
            );
        }
        prop_assert!(end <= doc.text.len());
    }
}
