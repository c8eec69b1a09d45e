//! The transcript readers and talk checks never panic, whatever the text:
//! broken cues, stray arrows, unclosed tags, odd timestamps.

mod common;

use common::pack;

use proptest::prelude::*;
use rapport::analyze;
use rapport::document::{Document, ReadOptions};
use rapport::profile::Profile;
use rapport::report::{Summary, json};

/// Text built from the pieces of WebVTT, SubRip and stamped transcripts.
fn cue_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("WEBVTT".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("NOTE ".to_string()),
        Just("STYLE".to_string()),
        Just("Host: Ann".to_string()),
        Just("1".to_string()),
        Just("00:00:01.000".to_string()),
        Just("00:01,5".to_string()),
        Just("99:99".to_string()),
        Just(" --> ".to_string()),
        Just(" -> ".to_string()),
        Just("<v Ann>".to_string()),
        Just("<v.loud Bob Lee>".to_string()),
        Just("</v>".to_string()),
        Just("<i>".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("Ann: ".to_string()),
        Just("Bob (00:00:05): ".to_string()),
        Just("[00:00:07] ".to_string()),
        Just("How are you?".to_string()),
        Just("Mm-hmm.".to_string()),
        Just("I'll call you Tuesday at 10am".to_string()),
        Just("{vocalsound}".to_string()),
        Just("\u{feff}".to_string()),
        Just("日本語".to_string()),
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..50).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn transcripts_never_panic(text in cue_text(), which in 0usize..3, rep in 0usize..2) {
        let path = ["call.vtt", "call.srt", "call.txt"][which];
        let opts = ReadOptions { reps: if rep == 0 { vec!["Ann".into()] } else { Vec::new() } };
        let doc = Document::new(path, text, Profile::Transcript, &opts);
        for s in &doc.sentences {
            prop_assert!(s.span.start <= s.span.end && s.span.end <= doc.text.len());
            if let Some((a, b)) = s.time() {
                prop_assert!(a.is_finite() && b.is_finite() && a <= b);
            }
        }
        let report = analyze(&doc, pack());
        prop_assert!(report.score <= 100);
        for f in &report.findings {
            prop_assert!(f.byte_start <= f.byte_end && f.byte_end <= doc.text.len());
        }
        let docs = [report];
        let mut out = Vec::new();
        json::write_json(&mut out, &docs, &[], &Summary::of(&docs, 0, None)).unwrap();
    }
}
