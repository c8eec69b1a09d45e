//! Any input, however malformed, is analysed and rendered without a panic.

mod common;

use common::pack;

use proptest::prelude::*;
use rapport::analyze;
use rapport::document::{Document, ReadOptions};
use rapport::profile::{self, Profile};
use rapport::report::output::{Brief, DocContext, End, RuleMeta};
use rapport::report::{Format, Summary, json, text};

/// Text built from pieces that stress the readers: headers, turns, bullets,
/// quotes, reply markers, terminals, wide and control characters.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Subject: ".to_string()),
        Just("From: a@b.c\n".to_string()),
        Just("Ann: ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("- ".to_string()),
        Just("# ".to_string()),
        Just("> ".to_string()),
        Just("On Mon, Bob wrote:".to_string()),
        Just("?".to_string()),
        Just("...".to_string()),
        Just("Dr. ".to_string()),
        Just("I'll call you Tuesday at 10am".to_string()),
        Just("let me know".to_string()),
        Just("\u{2019}".to_string()),
        Just("\u{1b}[31m".to_string()),
        Just("\t".to_string()),
        Just("日本語".to_string()),
        Just("```".to_string()),
        "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn analysis_and_reports_never_panic(text in tricky_text(), which in 0usize..4) {
        let profile = match which {
            0 => Profile::Email,
            1 => Profile::Notes,
            2 => Profile::Transcript,
            _ => profile::detect(None, &text),
        };
        let opts = ReadOptions { reps: vec!["Ann".into()] };
        let doc = Document::new("x.txt", text, profile, &opts);
        let report = analyze(&doc, pack());
        prop_assert!(report.score <= 100);
        for f in &report.findings {
            prop_assert!(f.byte_start <= f.byte_end && f.byte_end <= doc.text.len());
            prop_assert!(f.line >= 1 && f.column >= 1);
        }
        let mut out = Vec::new();
        text::write_document(&mut out, &report, &text::Style::new(true)).unwrap();
        // Every output format, the document's text included (the HTML
        // report marks findings in it by line and column).
        let rules = RuleMeta::of_packs([pack()]);
        let summary = Summary::of(std::slice::from_ref(&report), 1, Some(50));
        for format in Format::ALL {
            let (render, mut assemble) = format.output(false, &rules, None);
            let cx = DocContext { text: &doc.text, fail_under: Some(50) };
            let mut part = Vec::new();
            render.document(&mut part, &report, &cx).unwrap();
            let brief = render.needs_brief().then(|| Brief::of(&report, Some(50)));
            let mut whole = Vec::new();
            assemble.begin(&mut whole).unwrap();
            assemble.document(&mut whole, &part, brief).unwrap();
            let end = End {
                errors: &[],
                summary: &summary,
                fail_under: Some(50),
                mixed_thresholds: false,
                rules: &rules,
            };
            assemble.finish(&mut whole, &end).unwrap();
            prop_assert!(!whole.is_empty(), "{format:?}");
        }
        let docs = [report];
        json::write_json(&mut out, &docs, &[], &Summary::of(&docs, 0, Some(50))).unwrap();
    }
}
