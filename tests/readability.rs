//! The clarity rules on whole documents: what counts as the body, when an
//! email is cold, what the subject rule counts, what each rule skips, and
//! where their findings point. (The syllable counter and the grade formula
//! are tested in `src/readability.rs`.)

mod common;

use common::pack;
use rapport::analyze::run_rule;
use rapport::document::{Document, ReadOptions};
use rapport::outcome::{RuleOutcome, Severity, Status, Value};
use rapport::profile::Profile;

fn doc(text: &str, profile: Profile) -> Document {
    Document::new(
        "draft.txt",
        text.to_string(),
        profile,
        &ReadOptions::default(),
    )
}

fn email(text: &str) -> Document {
    doc(text, Profile::Email)
}

fn run(id: &str, d: &Document) -> RuleOutcome {
    let rule = pack().get(id).unwrap_or_else(|| panic!("no rule {id}"));
    run_rule(rule, d).0
}

fn number(o: &RuleOutcome) -> f64 {
    match o.value {
        Value::Number(n) => n,
        ref v => panic!("{}: value {v:?}", o.id),
    }
}

/// `n` words of filler prose in sentences of ten words.
fn words(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        out.push_str(if i % 10 == 9 { "word. " } else { "word " });
    }
    out.trim_end().to_string()
}

#[test]
fn length_counts_the_body_only() {
    let d = email(
        "From: dana@example.com\nSubject: Your warehouse rollout plan\n\n\
         Hi Ann,\n\nCould we meet on Tuesday at 10 to go through the plan?\n\n\
         > On Monday you wrote that the plan is late and the team is stretched.\n\n\
         Best,\nDana Smith\nAccount Executive\n",
    );
    let o = run("clarity/length", &d);
    // "Hi Ann," and the 13-word question: not the subject, the quote or the
    // signature.
    assert_eq!(number(&o), 15.0);
}

#[test]
fn a_cold_email_is_judged_by_the_cold_bands() {
    let body = words(80);
    let cold = email(&format!("Subject: Your rollout\n\n{body}"));
    let o = run("clarity/length", &cold);
    assert_eq!(o.status, Status::Warn);
    assert!(o.message.contains("cold email"), "{}", o.message);
    assert_eq!(o.evidence[0].kind, "cold");

    let short_cold = email(&format!("Subject: Your rollout\n\n{}", words(40)));
    assert_eq!(run("clarity/length", &short_cold).status, Status::Pass);
}

#[test]
fn a_reply_or_follow_up_is_judged_by_the_reply_bands() {
    let body = words(80);
    for text in [
        format!("Subject: Re: Your rollout\n\n{body}"),
        format!("Subject: Fwd: Your rollout\n\n{body}"),
        format!("Subject: Your rollout\n\n{body}\n\n> What does the plan cost?"),
        format!("Subject: Your rollout\n\nFollowing up on our call. {body}"),
        format!("Subject: Recap of our call\n\n{body}"),
    ] {
        let o = run("clarity/length", &email(&text));
        assert_eq!(o.status, Status::Pass, "{text}");
        assert!(o.message.contains("follow-up"), "{}", o.message);
        assert_eq!(o.evidence[0].kind, "follow-up");
    }
    // A short reply is below the reply band.
    let o = run(
        "clarity/length",
        &email(&format!("Subject: Re: x\n\n{}", words(30))),
    );
    assert_eq!(o.status, Status::Warn);
}

#[test]
fn the_evidence_shows_what_made_an_email_a_follow_up() {
    let d = email(&format!(
        "Subject: Your rollout\n\nGreat to meet you on Monday. {}",
        words(30)
    ));
    let o = run("clarity/length", &d);
    assert_eq!(o.evidence[0].kind, "follow-up");
    assert_eq!(&d.text[o.evidence[0].span.clone()], "Great to meet");

    let d = email(&format!("Subject: Re: Your rollout\n\n{}", words(30)));
    let o = run("clarity/length", &d);
    assert_eq!(&d.text[o.evidence[0].span.clone()], "Your rollout");
}

#[test]
fn length_bands_at_their_edges() {
    let cases = [
        (24, Status::Warn),
        (25, Status::Pass),
        (50, Status::Pass),
        (51, Status::Warn),
        (200, Status::Warn),
        (201, Status::Fail),
    ];
    for (n, status) in cases {
        let o = run(
            "clarity/length",
            &email(&format!("Subject: x y z\n\n{}", words(n))),
        );
        assert_eq!(
            (number(&o), o.status),
            (n as f64, status),
            "{n} words, cold"
        );
    }
    let cases = [
        (49, Status::Warn),
        (50, Status::Pass),
        (125, Status::Pass),
        (126, Status::Warn),
        (201, Status::Fail),
    ];
    for (n, status) in cases {
        let o = run(
            "clarity/length",
            &email(&format!("Subject: Re: x\n\n{}", words(n))),
        );
        assert_eq!(
            (number(&o), o.status),
            (n as f64, status),
            "{n} words, reply"
        );
    }
}

#[test]
fn a_long_email_is_flagged_where_it_passes_the_limit() {
    let text = format!(
        "Subject: Re: Your rollout\n\n{}\n\nThis sentence is where it runs past the limit.\n\n{}",
        words(120),
        words(40)
    );
    let d = email(&text);
    let o = run("clarity/length", &d);
    assert_eq!(o.status, Status::Warn);
    let f = &o.findings[0];
    assert_eq!(
        &d.text[f.span.clone()],
        "This sentence is where it runs past the limit."
    );
    assert!(f.message.contains("125 words"), "{}", f.message);
    assert!(f.suggestion.is_some());
}

#[test]
fn length_skips_notes_transcripts_and_an_empty_body() {
    let notes = doc("# Call\n- Ann to send the plan by Friday.", Profile::Notes);
    assert_eq!(run("clarity/length", &notes).status, Status::Skip);
    let call = doc("Dana: Hi there.\nLuis: Hello.", Profile::Transcript);
    assert_eq!(run("clarity/length", &call).status, Status::Skip);
    let subject_only = email("Subject: Your rollout plan\n\n");
    assert_eq!(run("clarity/length", &subject_only).status, Status::Skip);
}

#[test]
fn reading_grade_of_plain_and_dense_prose() {
    let plain = email(
        "Subject: Your new site\n\nCongrats on the new site. I know the first weeks are busy. \
         How are you planning the carrier setup? We help teams like yours get it done in a week. \
         Could we talk on Tuesday at 10?",
    );
    let o = run("clarity/reading-grade", &plain);
    assert_eq!(o.status, Status::Pass);
    assert!(number(&o) < 5.0, "{}", number(&o));

    let dense = email(
        "Subject: Partnership\n\nOur comprehensive implementation methodology facilitates \
         organizational transformation across multiple departments, leveraging proprietary \
         analytics to optimize operational efficiency. Consequently, organizations utilizing our \
         integrated platform consistently demonstrate substantial improvements in productivity \
         and profitability.",
    );
    let o = run("clarity/reading-grade", &dense);
    assert_eq!(o.status, Status::Fail);
    // The value is the grade to one decimal.
    let g = number(&o);
    assert_eq!((g * 10.0).round() / 10.0, g);
    assert!(g > 10.0);
}

#[test]
fn reading_grade_points_at_the_hardest_sentence() {
    let hard = "Consequently, organizations utilizing our integrated platform consistently \
                demonstrate substantial improvements in productivity and profitability.";
    let d = email(&format!(
        "Subject: Your plan\n\nThanks for the call. {hard} We can help. \
         Could we talk on Tuesday about the plan for your team and the budget?"
    ));
    let o = run("clarity/reading-grade", &d);
    assert_ne!(o.status, Status::Pass);
    let f = &o.findings[0];
    assert_eq!(&d.text[f.span.clone()], hard);
    assert!(f.message.contains("14 words"), "{}", f.message);
    assert!(f.message.contains("grade"), "{}", f.message);
    assert!(
        f.suggestion.as_deref().is_some_and(|s| s.contains("Split")),
        "{:?}",
        f.suggestion
    );
}

#[test]
fn reading_grade_is_never_negative() {
    let d = email(&format!("Subject: Hi\n\n{}", "Go now. ".repeat(20)));
    let o = run("clarity/reading-grade", &d);
    assert_eq!((o.status, number(&o)), (Status::Pass, 0.0));
}

#[test]
fn reading_grade_skips_short_bodies_and_other_profiles() {
    let d = email("Subject: Re: Tuesday\n\nTuesday at 10 works. I'll send the invite tonight.");
    let o = run("clarity/reading-grade", &d);
    assert_eq!(o.status, Status::Skip);
    assert!(o.message.contains("9 words"), "{}", o.message);
    assert!(o.message.contains("30"), "{}", o.message);
    assert_eq!(o.score, None);

    let notes = doc(&format!("# Call notes\n\n{}", words(60)), Profile::Notes);
    assert_eq!(run("clarity/reading-grade", &notes).status, Status::Skip);
}

#[test]
fn the_subject_prefix_is_not_counted() {
    for text in [
        "Subject: Your Q3 hiring plan\n\nHi Ann.",
        "Subject: Re: Your Q3 hiring plan\n\nHi Ann.",
        "Subject: RE: Fwd: Your Q3 hiring plan\n\nHi Ann.",
    ] {
        let o = run("clarity/subject", &email(text));
        assert_eq!(
            (o.status, number(&o), o.score),
            (Status::Pass, 4.0, Some(1.0)),
            "{text}"
        );
        assert!(o.findings.is_empty());
    }
}

#[test]
fn acceptable_subjects_pass_with_a_lower_score_and_a_hint() {
    for (subject, n) in [
        ("Hello", 1.0),
        ("Quick question", 2.0),
        ("Your plan for the Leeds site", 6.0),
        ("A plan for the new Leeds site", 7.0),
    ] {
        let d = email(&format!("Subject: {subject}\n\nHi Ann."));
        let o = run("clarity/subject", &d);
        assert_eq!((o.status, number(&o)), (Status::Pass, n), "{subject}");
        let score = o.score.expect("a score");
        assert!(score > 0.5 && score < 1.0, "{subject}: {score}");
        let f = &o.findings[0];
        assert_eq!(f.severity, Severity::Info);
        assert_eq!(&d.text[f.span.clone()], subject);
    }
}

#[test]
fn a_long_subject_warns_and_points_at_it() {
    let subject = "Brightline Analytics, the leading revenue intelligence platform for you";
    let d = email(&format!("Subject: {subject}\n\nHi Ann."));
    let o = run("clarity/subject", &d);
    assert_eq!((o.status, number(&o)), (Status::Warn, 9.0));
    let f = &o.findings[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(&d.text[f.span.clone()], subject);
}

#[test]
fn a_missing_subject_fails_only_when_the_email_has_headers() {
    for text in [
        "From: dana@example.com\nTo: ann@example.com\n\nHi Ann, how is the plan?",
        "Subject: \nFrom: dana@example.com\n\nHi Ann, how is the plan?",
        "Subject: Re:\n\nHi Ann, how is the plan?",
    ] {
        let o = run("clarity/subject", &email(text));
        assert_eq!((o.status, number(&o)), (Status::Fail, 0.0), "{text}");
        assert_eq!(o.findings.len(), 1);
    }
    // A body-only draft: the subject is typed in the mail client.
    let o = run(
        "clarity/subject",
        &email("Hi Ann,\n\nHow is the plan? I'll call on Tuesday."),
    );
    assert_eq!(o.status, Status::Skip);
    assert!(
        o.message.contains("No subject line in this draft"),
        "{}",
        o.message
    );
}

#[test]
fn a_mime_subject_is_decoded_before_it_is_counted() {
    let text = "From: a@example.com\nTo: b@example.com\nSubject: =?UTF-8?B?WW91ciBwbGFuIGZvciBaw7xyaWNo?=\n\
                MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nHi Ann, how is the plan?\n";
    let o = run("clarity/subject", &email(text));
    // "Your plan for Zürich"
    assert_eq!((o.status, number(&o)), (Status::Pass, 4.0));
}

#[test]
fn the_clarity_rules_apply_to_emails_only() {
    let notes = doc(
        "Subject: Pilot review\n- Ann to send the plan by Friday.",
        Profile::Notes,
    );
    let call = doc(
        "Dana: Thanks for joining.\nLuis: Sure.",
        Profile::Transcript,
    );
    for id in ["clarity/length", "clarity/reading-grade", "clarity/subject"] {
        assert_eq!(run(id, &notes).status, Status::Skip, "{id} notes");
        assert_eq!(run(id, &call).status, Status::Skip, "{id} transcript");
    }
}

#[test]
fn odd_emails_do_not_panic() {
    let long_word = "a".repeat(10_000);
    let texts = [
        String::new(),
        "Subject:".to_string(),
        "Subject: \u{1F600}\u{1F600}\n\n\u{1F600}".to_string(),
        "Subject: 日本語のメール\n\n日本語の本文です。よろしくお願いします。".to_string(),
        format!("Subject: {long_word}\n\n{long_word}. {long_word}?"),
        "Subject: Re: Re: Re:\n\n> quoted only\n> more".to_string(),
        "\u{feff}Subject: café crème\r\n\r\nÇa va? Très bien, merci.\r\n".to_string(),
        words(20_000),
        "1,000,000 2024 3.5 10am Q4 CRM API HTML WWW".repeat(50),
    ];
    for text in &texts {
        for profile in [Profile::Email, Profile::Notes, Profile::Transcript] {
            let d = doc(text, profile);
            for id in ["clarity/length", "clarity/reading-grade", "clarity/subject"] {
                let o = run(id, &d);
                for f in &o.findings {
                    assert!(f.span.end <= d.text.len());
                    assert!(d.text.is_char_boundary(f.span.start));
                    assert!(d.text.is_char_boundary(f.span.end));
                }
                if let Value::Number(n) = o.value {
                    assert!(n.is_finite(), "{id}: {n}");
                }
            }
        }
    }
}
