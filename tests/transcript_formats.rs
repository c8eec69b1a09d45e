//! Transcript formats (WebVTT from Zoom and Teams, SubRip, stamped plain
//! lines, broken files) read into speakers, turns and times, and the talk
//! metrics and rules measured on them.

mod common;

use common::pack;

use rapport::analyze;
use rapport::checks::talk::{Basis, Talk};
use rapport::document::{Document, ReadOptions};
use rapport::outcome::{Status, Value};
use rapport::profile::Profile;
use rapport::report::DocumentReport;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/transcripts/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str, text: String, reps: &[&str]) -> Document {
    let opts = ReadOptions {
        reps: reps.iter().map(|r| r.to_string()).collect(),
    };
    Document::new(name, text, Profile::Transcript, &opts)
}

fn doc(name: &str, reps: &[&str]) -> Document {
    read(name, fixture(name), reps)
}

fn number(r: &DocumentReport, key: &str) -> f64 {
    match r.metrics.get(key) {
        Some(Value::Number(n)) => *n,
        other => panic!("metric {key}: {other:?}"),
    }
}

fn level(r: &DocumentReport, key: &str) -> String {
    match r.metrics.get(key) {
        Some(Value::Level(l)) => l.clone(),
        other => panic!("metric {key}: {other:?}"),
    }
}

fn status(r: &DocumentReport, id: &str) -> Status {
    r.rules
        .iter()
        .find(|x| x.id == id)
        .unwrap_or_else(|| panic!("no rule {id}"))
        .status
}

/// The text of each sentence with its speaker label.
fn said(d: &Document) -> Vec<(Option<&str>, &str)> {
    d.sentences
        .iter()
        .map(|s| {
            (
                s.speaker().map(|i| d.speakers[i].as_str()),
                &d.text[s.span.clone()],
            )
        })
        .collect()
}

#[test]
fn zoom_cues_give_speakers_turns_and_times() {
    let d = doc("zoom.vtt", &["dana lee"]);
    assert_eq!(d.speakers, ["Dana Lee", "Luis Ortega"]);
    assert_eq!(d.reps, [0]);
    // No cue number, timing line or label is prose.
    for (_, text) in said(&d) {
        assert!(
            !text.contains("-->") && !text.contains("Dana Lee:"),
            "{text}"
        );
    }
    assert_eq!(said(&d)[0], (Some("Dana Lee"), "Thanks for joining, Luis."));
    let talk = Talk::of(&d);
    assert_eq!(talk.segments.len(), 7, "one segment per cue");
    assert_eq!(
        talk.turns.len(),
        6,
        "Luis's two consecutive cues are one turn"
    );
    assert_eq!(talk.turns[1].segments, 1..3);
    assert_eq!(talk.basis, Basis::Time);
    assert_eq!(talk.span_seconds, Some((1.0, 112.0)));
    let first = &d.sentences[0];
    assert_eq!(first.time(), Some((1.0, 4.0)));
    assert_eq!(d.position(first.span.start), (5, 11));
}

#[test]
fn talk_share_is_by_time_with_timestamps_and_by_words_without() {
    let r = analyze(&doc("zoom.vtt", &["Dana Lee"]), pack());
    assert_eq!(level(&r, "talk_basis"), "time");
    // Dana speaks 3 + 5 + 10 of 110.5 seconds.
    assert_eq!(number(&r, "talk_share"), 0.163);
    assert_eq!(status(&r, "relevance/talk-ratio"), Status::Pass);
    assert_eq!(number(&r, "turns"), 6.0);
    assert_eq!(number(&r, "call_seconds"), 111.0);
    // The same turns as plain lines: Dana says 27 of the 62 words.
    let plain: String = fixture("zoom.vtt")
        .lines()
        .filter(|l| l.contains(": "))
        .map(|l| format!("{l}\n"))
        .collect();
    let r = analyze(&read("zoom.txt", plain, &["Dana Lee"]), pack());
    assert_eq!(level(&r, "talk_basis"), "words");
    assert_eq!(number(&r, "talk_share"), 0.435);
    assert_eq!(status(&r, "relevance/talk-ratio"), Status::Pass);
    assert_eq!(number(&r, "turns"), 6.0);
    assert_eq!(r.metrics["call_seconds"], Value::None);
}

#[test]
fn teams_voice_tags_and_the_organiser_as_rep() {
    let d = doc("teams.vtt", &[]);
    assert_eq!(d.speakers, ["Dana Lee", "Luis Ortega"]);
    // The NOTE block names the organiser: she is the rep without --rep.
    assert_eq!(d.reps, [0]);
    assert!(!d.rep_unknown);
    assert!(d.warnings.iter().any(|w| w.contains("named as host")));
    let s = said(&d);
    assert_eq!(
        s[0],
        (Some("Dana Lee"), "Hi Luis, thanks for making time today.")
    );
    // A cue of two lines is one unit; the closing tag is not prose.
    assert!(s.iter().any(|(who, t)| *who == Some("Luis Ortega")
        && t.starts_with("Mainly whether")
        && t.ends_with("we lose the most time.")));
    assert!(
        s.iter()
            .all(|(_, t)| !t.contains("</v>") && !t.contains("<v "))
    );
    assert!(
        s.iter()
            .all(|(_, t)| !t.contains("Organizer") && !t.contains("cue {"))
    );
    let r = analyze(&d, pack());
    assert_eq!(r.reps.as_deref(), Some(&["Dana Lee".to_string()][..]));
    assert_ne!(status(&r, "relevance/talk-ratio"), Status::Skip);
    // --rep overrides the organiser.
    let d = doc("teams.vtt", &["Luis Ortega"]);
    assert_eq!(d.reps, [1]);
}

#[test]
fn a_vtt_without_speakers_has_times_but_no_rep() {
    let d = doc("no-speakers.vtt", &["Dana"]);
    assert!(d.speakers.is_empty());
    assert!(d.rep_unknown);
    assert!(d.sentences.iter().all(|s| s.time().is_some()));
    assert_eq!(
        said(&d).last().map(|s| s.1),
        Some("Let us start."),
        "cue tags are not prose"
    );
    let r = analyze(&d, pack());
    assert_eq!(status(&r, "relevance/talk-ratio"), Status::Skip);
    assert_eq!(status(&r, "relevance/monologue"), Status::Skip);
    assert_eq!(number(&r, "turns"), 0.0);
    assert_eq!(r.metrics["talk_share"], Value::None);
}

#[test]
fn srt_cues_with_labels() {
    let d = doc("call.srt", &["Dana"]);
    assert_eq!(d.speakers, ["Dana", "Luis"]);
    let s = said(&d);
    assert!(s.contains(&(
        Some("Luis"),
        "Our ticket volume doubled since spring\nand the team is still eleven people."
    )));
    assert!(s.iter().all(|(_, t)| !t.contains("-->")));
    let r = analyze(&d, pack());
    assert_eq!(level(&r, "talk_basis"), "time");
    // Dana: 5 + 5 of 60 seconds.
    assert_eq!(number(&r, "talk_share"), 0.167);
    assert_eq!(number(&r, "turns"), 4.0);
    // 3 switches in one minute.
    assert_eq!(number(&r, "interactivity"), 3.0);
}

#[test]
fn stamped_plain_lines_and_a_host_header() {
    let d = doc("stamped.txt", &[]);
    assert_eq!(d.speakers, ["Dana Lee", "Luis"]);
    assert_eq!(d.reps, [0], "the Host: header names the rep");
    let s = said(&d);
    assert_eq!(s[0], (Some("Dana Lee"), "Thanks for joining."));
    assert!(
        s.iter()
            .all(|(_, t)| !t.contains("Host") && !t.contains("March"))
    );
    assert!(s.contains(&(Some("Dana Lee"), "How are you handling it today?")));
    // `Name (00:00:05):` lasts until the next stamp.
    assert_eq!(d.sentences[0].time(), Some((5.0, 9.0)));
    // `[00:00:40] Dana Lee:` starts its text after the label.
    let how = d
        .sentences
        .iter()
        .find(|x| d.text[x.span.clone()].starts_with("How are"))
        .expect("stamped turn");
    assert_eq!(d.position(how.span.start), (7, 22));
    assert_eq!(how.time(), Some((40.0, 44.0)));
    let r = analyze(&d, pack());
    assert_eq!(level(&r, "talk_basis"), "time");
    assert_eq!(status(&r, "relevance/talk-ratio"), Status::Pass);
    assert_eq!(status(&r, "follow-up/next-step"), Status::Pass);
}

#[test]
fn a_broken_vtt_is_read_with_warnings() {
    let d = doc("broken.vtt", &["Dana"]);
    assert_eq!(d.speakers, ["Dana", "Luis"]);
    assert!(
        d.warnings
            .iter()
            .any(|w| w.contains("2 cue timing line(s)") && w.contains("line 8")),
        "{:?}",
        d.warnings
    );
    assert!(d.warnings.iter().any(|w| w.contains("outside any cue")));
    let s = said(&d);
    assert!(s.contains(&(Some("Luis"), "Yes, loud and clear.")));
    assert!(s.contains(&(None, "this line is outside any cue")));
    let loud = d
        .sentences
        .iter()
        .find(|x| d.text[x.span.clone()].starts_with("Yes, loud"))
        .expect("cue after a broken timing line");
    assert_eq!(loud.time(), None);
    assert_eq!(d.position(loud.span.start), (9, 7));
    // Too few words carry times: the talk is measured by words.
    let r = analyze(&d, pack());
    assert_eq!(level(&r, "talk_basis"), "words");
    assert_ne!(status(&r, "relevance/talk-ratio"), Status::Skip);
}

#[test]
fn the_longest_monologue_is_bridged_by_backchannels_and_pointed_at() {
    let d = doc("monologue.vtt", &["Dana"]);
    let r = analyze(&d, pack());
    // Dana talks from 0:10 to 2:40; "Mm-hmm." does not take the floor.
    assert_eq!(number(&r, "longest_monologue"), 150.0);
    assert_eq!(number(&r, "longest_customer_stretch"), 10.0);
    assert_eq!(status(&r, "relevance/monologue"), Status::Warn);
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "relevance/monologue")
        .expect("monologue finding");
    assert_eq!((f.line, f.column), (9, 7));
    assert_eq!(f.end_line, 21);
    assert!(f.excerpt.starts_with("Let me walk you"));
    assert!(f.excerpt.ends_with("the mobile app."));
    assert!(f.message.contains("150 seconds"), "{}", f.message);
    // The talk-ratio finding points at the rep's words in the third of the
    // call where she talks most.
    assert_eq!(status(&r, "relevance/talk-ratio"), Status::Fail);
    let heavy = r
        .findings
        .iter()
        .find(|f| f.rule == "relevance/talk-ratio")
        .expect("talk-ratio finding");
    assert_eq!((heavy.line, heavy.column), (17, 7));
    // Without times, the same turns are measured in words.
    let plain: String = fixture("monologue.vtt")
        .lines()
        .filter(|l| l.contains(": "))
        .map(|l| format!("{l}\n"))
        .collect();
    let r = analyze(&read("monologue.txt", plain, &["Dana"]), pack());
    assert_eq!(level(&r, "talk_basis"), "words");
    assert_eq!(number(&r, "longest_monologue"), 25.0);
    assert_eq!(status(&r, "relevance/monologue"), Status::Pass);
}

#[test]
fn front_loaded_questions_warn_and_thirds_are_reported() {
    let r = analyze(&doc("front-loaded.txt", &["Dana"]), pack());
    assert_eq!(number(&r, "questions_first_third"), 3.0);
    assert_eq!(number(&r, "questions_middle_third"), 0.0);
    assert_eq!(number(&r, "questions_last_third"), 0.0);
    assert_eq!(status(&r, "relevance/question-spread"), Status::Warn);
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "relevance/question-spread")
        .expect("front-loaded finding");
    assert_eq!(f.excerpt, "What breaks most often?");
    assert_eq!(f.line, 1);
    // The question rule counts the same questions from the rep's turns.
    assert_eq!(number(&r, "questions"), 3.0);
    // By time: at 0:02, 0:50 and 1:40 of a call from 0:01 to 1:52.
    let r = analyze(&doc("zoom.vtt", &["Dana Lee"]), pack());
    assert_eq!(number(&r, "questions_first_third"), 1.0);
    assert_eq!(number(&r, "questions_middle_third"), 1.0);
    assert_eq!(number(&r, "questions_last_third"), 1.0);
}

#[test]
fn rep_rules_skip_when_the_rep_is_unknown() {
    let r = analyze(&doc("zoom.vtt", &[]), pack());
    for id in [
        "relevance/talk-ratio",
        "relevance/monologue",
        "relevance/question-spread",
    ] {
        assert_eq!(status(&r, id), Status::Skip, "{id}");
    }
    // What needs no rep is still measured.
    assert_eq!(number(&r, "turns"), 6.0);
    assert_eq!(number(&r, "speakers"), 2.0);
    assert_eq!(level(&r, "talk_basis"), "time");
}

#[test]
fn talk_rules_do_not_apply_to_emails_and_notes() {
    let opts = ReadOptions::default();
    for profile in [Profile::Email, Profile::Notes] {
        let d = Document::new("x.txt", "Dana: How are you?".into(), profile, &opts);
        let r = analyze(&d, pack());
        assert_eq!(status(&r, "relevance/talk-ratio"), Status::Skip);
        assert!(!r.metrics.contains_key("talk_share"));
    }
}

#[test]
fn each_customer_holds_the_floor_on_their_own() {
    let text = "Dana: What do you both need?\n\
                Ann: We need faster scheduling for the two warehouses we run.\n\
                Dana: Mm-hmm.\n\
                Ann: And fewer sick-call scrambles.\n\
                Bob: Payroll must stay as it is.\n\
                Dana: Understood.\n";
    let r = analyze(&read("call.txt", text.to_string(), &["Dana"]), pack());
    // Ann's two turns, bridged by Dana's "Mm-hmm.": 10 + 5 words; Bob's
    // turn right after is his own stretch.
    assert_eq!(number(&r, "longest_customer_stretch"), 15.0);
    assert_eq!(number(&r, "longest_monologue"), 5.0);
    assert_eq!(number(&r, "turns"), 6.0);
}

#[test]
fn a_question_cut_across_cues_counts_once() {
    let vtt = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nDana: so how are you\n\n2\n00:00:03.000 --> 00:00:05.000\nDana: planning the rollout today?\n\n3\n00:00:05.000 --> 00:00:09.000\nLuis: With a spreadsheet, mostly.\n\n4\n00:00:09.000 --> 00:00:11.000\nDana: Got it. Who owns it?\n";
    let d = read("cut.vtt", vtt.to_string(), &["Dana"]);
    let continued: Vec<bool> = d.sentences.iter().map(|s| s.continues).collect();
    assert_eq!(continued, vec![false, true, false, false, false]);
    let r = analyze(&d, pack());
    assert_eq!(number(&r, "questions"), 2.0);
    let q = r
        .rules
        .iter()
        .find(|r| r.id == "relevance/questions")
        .unwrap();
    // The question is reported where it ends, on the cue with its mark.
    assert_eq!(q.evidence[0].line, 9);
    assert_eq!(q.evidence[0].text, "planning the rollout today?");
}
