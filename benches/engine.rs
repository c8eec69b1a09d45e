//! Per-stage and whole-document benchmarks of the engine, with criterion.
//!
//! ```text
//! cargo bench --bench engine                 # everything, about 2 minutes on 2 cores
//! cargo bench --bench engine -- rule/        # one group (a substring of the ids)
//! cargo bench --bench engine -- --list       # the benchmark ids
//! ```
//!
//! Every benchmark reports throughput in bytes of the input document (the
//! file as read), so the stages can be compared with each other and with the
//! whole analysis: a stage at 400 MiB/s costs a quarter of a pipeline at
//! 100 MiB/s. The inputs are the samples (`samples/`) and text generated
//! here, deterministically:
//!
//! - `email`: `samples/breakup-email.txt` (117 words);
//! - `email-qp`, `email-base64`: a MIME message with the same text (and a
//!   few non-ASCII letters), quoted-printable, and base64 in a
//!   multipart/alternative with an HTML part;
//! - `note-5k`: Markdown meeting notes of about 5 KB;
//! - `transcript-5k`, `transcript-200k`: `Name: text` call transcripts of
//!   about 5 KB and 200 KB, the rep named with `--rep`;
//! - `vtt-200k`: the 200 KB call as a WebVTT file with cue times.
//!
//! Groups: `pack` (compiling the default pack, alone and with the first
//! document, which compiles what the pack leaves for first use), `read`
//! (reading and decoding: profile detection, MIME, VTT), `segment`
//! (building the [`Document`]: flattening, sentences, words), `rule` (each
//! rule of the default pack alone, on the note when it checks notes, else
//! the email, else the 5 KB transcript), `score` (document and principle
//! scores from the outcomes), `report` (the report model: positions
//! resolved), `json` (rendering a report as JSON), `analyze` (every rule,
//! suppression, scoring and the report, from a document) and `whole` (text
//! to report: read, segment, analyze).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{
    BatchSize, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group,
    criterion_main, measurement::WallTime,
};

use rapport::analyze::{analyze, run_rule};
use rapport::document::{Document, ReadOptions};
use rapport::outcome::{RuleOutcome, Value};
use rapport::profile::Profile;
use rapport::read::{self, Parsed, Reader};
use rapport::report::json::write_json;
use rapport::report::{DocumentReport, Summary};
use rapport::rule::{Pack, PackOptions};
use rapport::score;

/// The rep of the generated transcripts.
const REP: &str = "Dana";

/// One input: its file name (the extension helps choose the reader) and text.
struct Input {
    name: &'static str,
    path: &'static str,
    text: String,
}

impl Input {
    /// An input that must read as `reader`, so that a change in detection
    /// does not silently change what is measured.
    fn new(name: &'static str, path: &'static str, text: String, reader: Reader) -> Input {
        let input = Input { name, path, text };
        let (_, parsed) = input.read();
        assert_eq!(
            parsed.reader, reader,
            "{name} is read as {:?}",
            parsed.reader
        );
        input
    }

    fn bytes(&self) -> u64 {
        self.text.len() as u64
    }

    /// Reads the text as `rapport check` does with `--profile auto`.
    fn read(&self) -> (Profile, Parsed) {
        read::read_raw(Some(Path::new(self.path)), self.text.clone(), None, None)
    }

    fn document(&self) -> Document {
        let (profile, parsed) = self.read();
        Document::from_parsed(self.path, profile, parsed, &opts())
    }
}

fn opts() -> ReadOptions {
    ReadOptions {
        reps: vec![REP.to_string()],
    }
}

/// Clones of a large input are made one at a time.
fn batch_size(bytes: u64) -> BatchSize {
    if bytes > 64 * 1024 {
        BatchSize::LargeInput
    } else {
        BatchSize::SmallInput
    }
}

// ---------------------------------------------------------------------------
// Inputs

/// The short email: a sample of about 120 words.
fn email() -> String {
    include_str!("../samples/breakup-email.txt").to_string()
}

/// The body of the MIME messages: the sample's body with some non-ASCII
/// letters, so the decoders have something to decode.
fn mime_body() -> String {
    let sample = email();
    let body = sample
        .split_once("\n\n")
        .map_or(sample.as_str(), |(_, b)| b);
    format!(
        "{body}\nP.S. Our Zürich office (Ms Müller) can meet you in Malmö — \
         at the café by the station, whichever suits you.\n"
    )
}

const MIME_HEADERS: &str = "From: Greg Thornton <greg@harborview.example>\r\n\
    To: Natalie Park <natalie@northwind.example>\r\n\
    Subject: Just checking in (again)\r\n\
    Date: Tue, 08 Oct 2024 16:42:00 +0200\r\n\
    Message-ID: <bench-1@harborview.example>\r\n\
    MIME-Version: 1.0\r\n";

/// A single-part quoted-printable message.
fn email_qp() -> String {
    format!(
        "{MIME_HEADERS}Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: quoted-printable\r\n\r\n{}",
        quoted_printable(&mime_body())
    )
}

/// A multipart/alternative message: the text and an HTML version, both
/// base64.
fn email_base64() -> String {
    let body = mime_body();
    let html: String = body
        .split("\n\n")
        .map(|p| format!("<p>{}</p>\n", p.replace('&', "&amp;")))
        .collect();
    let html = format!("<html><body>\n{html}</body></html>\n");
    let b = "=_bench_boundary_42";
    format!(
        "{MIME_HEADERS}Content-Type: multipart/alternative; boundary=\"{b}\"\r\n\r\n\
         --{b}\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n\
         --{b}\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--{b}--\r\n",
        base64(body.as_bytes()),
        base64(html.as_bytes())
    )
}

/// Quoted-printable encoding (RFC 2045), lines of at most 76 characters.
fn quoted_printable(text: &str) -> String {
    let mut out = String::new();
    for line in text.split('\n') {
        let mut col = 0;
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let last = i + 1 == bytes.len();
            let plain = (b == b' ' && !last) || (b.is_ascii_graphic() && b != b'=');
            let piece = if plain {
                (b as char).to_string()
            } else {
                format!("={b:02X}")
            };
            if col + piece.len() > 75 {
                out.push_str("=\r\n");
                col = 0;
            }
            out.push_str(&piece);
            col += piece.len();
        }
        out.push_str("\r\n");
    }
    out
}

/// Base64 encoding (RFC 2045), lines of 76 characters.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in bytes.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (j, &b)| n | (u32::from(b) << (16 - 8 * j)));
        for j in 0..4 {
            if j <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * j)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// What gets written in the generated notes and calls: ordinary sales prose
/// that touches most rules (questions, next steps, self-focus, hedging,
/// hype, blame, recap).
const NOTE_SENTENCES: &[&str] = &[
    "Hannah walked us through how the AP team handles carrier invoices today.",
    "About 9,000 invoices arrive each month, most of them as PDF attachments.",
    "Asked how disputed invoices are tracked; Diego said a shared spreadsheet and email.",
    "They said the month-end close takes eleven working days and the board wants six.",
    "Asked whether the target is a firm commitment, and it is in the FY25 plan.",
    "The deal slipped last quarter because of the holidays and a budget freeze.",
    "Their goal is to stop paying duplicate invoices, which cost them about $120k last year.",
    "We showed our world-class matching engine and our industry-leading accuracy.",
    "Omar from IT security needs to review anything that touches supplier bank details.",
    "Laura Kim, the CFO, signs off on anything above 50k.",
    "Diego mentioned that an OCR tool was dropped in 2022 after poor results on handwritten notes.",
    "Asked who else is involved in the decision and what they would need to see.",
    "They want to see a pilot on one entity before committing to a rollout.",
    "I think we probably could maybe help with the exception queue, sorry if that was unclear.",
    "Maya to send the security questionnaire to Omar by Friday.",
    "Pricing came up briefly; they expect a per-invoice model rather than seats.",
];

/// The rep's lines in the generated call.
const REP_SENTENCES: &[&str] = &[
    "Thanks for making time today, the goal is to understand how your team works.",
    "How are invoices reaching you today, and who touches them first?",
    "What happens when a carrier disputes an amount?",
    "Could you share roughly how many invoices need manual checks each week?",
    "That makes sense.",
    "Our platform is the leading solution and we have helped hundreds of companies like yours.",
    "Tell me about the last time a duplicate payment slipped through.",
    "If we fast-forward six months and this is solved, what is different for you?",
    "Who else would be part of that decision?",
    "I'll send a summary tonight and we could meet Thursday at 11 to go through the numbers.",
    "Just to check I understood, the close takes eleven days and you want six?",
    "We can integrate with your ERP in a couple of weeks, our team does this all the time.",
    "Does that work for you, or is there anything you'd add to the agenda?",
];

/// The other side's lines in the generated call.
const PROSPECT_SENTENCES: &[&str] = &[
    "Yes, that works.",
    "Most of them come in as PDF attachments to a shared mailbox.",
    "Honestly it has been a rough few months since volume doubled in the spring.",
    "I'd guess forty percent are the same twenty questions over and over.",
    "We renew our contract in February and the budget conversation happens in December.",
    "Right.",
    "My boss owns the budget and IT will want to look at anything touching customer data.",
    "We tried a vendor before who promised everything and delivered nothing.",
    "Thursday at 11 works for me, I'll ask IT about the export tomorrow.",
    "Mm-hmm.",
    "The auditors flagged the duplicates last year, so it is on everyone's radar.",
];

/// A small deterministic sequence (an LCG), so the text varies without a
/// random number generator.
struct Cycle(u64);

impl Cycle {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Markdown meeting notes of about `size` bytes.
fn note(size: usize) -> String {
    let mut c = Cycle(7);
    let mut out = String::from(
        "# Discovery call — Marlow Freight\n\n\
         Oct 7, 2024. Hannah Cole (Finance Ops), Diego Ferreira (AP), Maya Singh.\n\n\
         ## Agenda\n\n\
         - Understand how Marlow processes carrier invoices and where it breaks.\n\
         - Find out who owns the budget.\n\n\
         ## What we learned\n\n",
    );
    let tail = "\n## Next steps\n\n\
         - [ ] Maya to send the security questionnaire to Omar by Oct 14\n\
         - [ ] Diego to share 50 anonymised sample invoices by Oct 11\n\
         - [ ] Maya to book a technical deep dive for the week of Oct 21\n";
    let mut section = 0;
    while out.len() + tail.len() < size {
        // A paragraph of prose or a short list, in turn.
        if section % 3 == 2 {
            for _ in 0..4 {
                out.push_str("- ");
                out.push_str(NOTE_SENTENCES[c.next(NOTE_SENTENCES.len())]);
                out.push('\n');
            }
        } else {
            for i in 0..4 {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(NOTE_SENTENCES[c.next(NOTE_SENTENCES.len())]);
            }
            out.push('\n');
        }
        out.push('\n');
        section += 1;
        if section % 6 == 0 {
            out.push_str(&format!("## Topic {}\n\n", section / 6));
        }
    }
    out.push_str(tail);
    out
}

/// The turns of a generated call of about `size` bytes: the speaker and the
/// text of each turn.
fn call_turns(size: usize) -> Vec<(&'static str, String)> {
    let mut c = Cycle(42);
    let mut turns = Vec::new();
    let mut total = 0;
    let mut rep = true;
    while total < size {
        let (who, bank) = if rep {
            (REP, REP_SENTENCES)
        } else {
            ("Luis", PROSPECT_SENTENCES)
        };
        let n = 1 + c.next(3);
        let text: Vec<&str> = (0..n).map(|_| bank[c.next(bank.len())]).collect();
        let text = text.join(" ");
        total += who.len() + text.len() + 3;
        turns.push((who, text));
        rep = !rep;
    }
    turns
}

/// A `Name: text` transcript of about `size` bytes.
fn transcript(size: usize) -> String {
    let mut out = String::new();
    for (who, text) in call_turns(size) {
        out.push_str(who);
        out.push_str(": ");
        out.push_str(&text);
        out.push('\n');
    }
    out
}

/// The same call as a WebVTT file, a cue a turn, about 4 seconds a turn.
fn vtt(size: usize) -> String {
    fn time(ms: u64) -> String {
        format!(
            "{:02}:{:02}:{:02}.{:03}",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        )
    }
    let mut out = String::from("WEBVTT\n\n");
    let mut at = 0;
    // The cue lines add about 40 bytes a turn.
    for (i, (who, text)) in call_turns(size * 4 / 5).into_iter().enumerate() {
        let len = 1000 + 60 * text.len() as u64;
        out.push_str(&format!(
            "{}\n{} --> {}\n{who}: {text}\n\n",
            i + 1,
            time(at),
            time(at + len)
        ));
        at += len + 200;
    }
    out
}

// ---------------------------------------------------------------------------
// Benchmarks

fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    // Short runs keep `cargo bench` to a couple of minutes; pass
    // `--measurement-time 5` after `--` for steadier figures.
    g.warm_up_time(Duration::from_millis(300));
    g.measurement_time(Duration::from_millis(1200));
    g.sample_size(20);
    g.sampling_mode(SamplingMode::Flat);
    g
}

struct Inputs {
    email: Input,
    email_qp: Input,
    email_base64: Input,
    note: Input,
    transcript_small: Input,
    transcript: Input,
    vtt: Input,
}

fn inputs() -> Inputs {
    let inputs = Inputs {
        email: Input::new("email", "breakup-email.txt", email(), Reader::PlainEmail),
        email_qp: Input::new("email-qp", "message-qp.eml", email_qp(), Reader::Mime),
        email_base64: Input::new(
            "email-base64",
            "message-base64.eml",
            email_base64(),
            Reader::Mime,
        ),
        note: Input::new(
            "note-5k",
            "discovery-notes.md",
            note(5 * 1024),
            Reader::Markdown,
        ),
        transcript_small: Input::new(
            "transcript-5k",
            "call-small.txt",
            transcript(5 * 1024),
            Reader::PlainTranscript,
        ),
        transcript: Input::new(
            "transcript-200k",
            "call.txt",
            transcript(200 * 1024),
            Reader::PlainTranscript,
        ),
        vtt: Input::new("vtt-200k", "call.vtt", vtt(200 * 1024), Reader::Vtt),
    };
    // `RAPPORT_BENCH_DUMP=DIR` writes the inputs into DIR, to look at them
    // or run `rapport check --rep Dana` on them.
    if let Some(dir) = std::env::var_os("RAPPORT_BENCH_DUMP") {
        for input in [
            &inputs.email,
            &inputs.email_qp,
            &inputs.email_base64,
            &inputs.note,
            &inputs.transcript_small,
            &inputs.transcript,
            &inputs.vtt,
        ] {
            let path = Path::new(&dir).join(input.path);
            std::fs::write(&path, &input.text)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
    inputs
}

fn pack() -> Pack {
    Pack::default_pack(&PackOptions::default()).expect("the default pack compiles")
}

/// Compiling the default pack (parsing the rule files, building the phrase
/// automata and patterns): once per run of `rapport check`, before any
/// document. `pack/default` is the pack alone (time only); what the pack
/// compiles on first use is in `pack/default+email`, the pack and the
/// analysis of the short email: the in-process part of checking one draft.
fn bench_pack(c: &mut Criterion) {
    let inp = inputs();
    let mut g = group(c, "pack");
    g.sample_size(10);
    g.bench_function("default", |b| b.iter(pack));
    let input = &inp.email;
    g.throughput(Throughput::Bytes(input.bytes()));
    g.bench_function("default+email", |b| {
        b.iter_batched(
            || input.text.clone(),
            |text| {
                let pack = pack();
                let (profile, parsed) =
                    read::read_raw(Some(Path::new(input.path)), black_box(text), None, None);
                let doc = Document::from_parsed(input.path, profile, parsed, &opts());
                analyze(&doc, &pack)
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

/// Reading and decoding: profile detection and the reader (plain email,
/// MIME quoted-printable and base64, Markdown, plain transcript, WebVTT).
fn bench_read(c: &mut Criterion) {
    let inp = inputs();
    let mut g = group(c, "read");
    for input in [
        &inp.email,
        &inp.email_qp,
        &inp.email_base64,
        &inp.note,
        &inp.transcript,
        &inp.vtt,
    ] {
        g.throughput(Throughput::Bytes(input.bytes()));
        g.bench_function(input.name, |b| {
            b.iter_batched(
                || input.text.clone(),
                |text| read::read_raw(Some(Path::new(input.path)), black_box(text), None, None),
                batch_size(input.bytes()),
            )
        });
    }
    g.finish();
}

/// Segmentation: a [`Document`] from what the reader made of the file.
fn bench_segment(c: &mut Criterion) {
    let inp = inputs();
    let mut g = group(c, "segment");
    let opts = opts();
    for input in [&inp.email, &inp.note, &inp.transcript, &inp.vtt] {
        let (profile, parsed) = input.read();
        g.throughput(Throughput::Bytes(input.bytes()));
        g.bench_function(input.name, |b| {
            b.iter_batched(
                || parsed.clone(),
                |parsed| Document::from_parsed(input.path, profile, black_box(parsed), &opts),
                batch_size(input.bytes()),
            )
        });
    }
    g.finish();
}

/// Each rule of the default pack alone, on the note when it checks notes,
/// else on the email, else on the 5 KB transcript.
fn bench_rules(c: &mut Criterion) {
    let inp = inputs();
    let pack = pack();
    let docs = [
        (&inp.note, inp.note.document()),
        (&inp.email, inp.email.document()),
        (&inp.transcript_small, inp.transcript_small.document()),
    ];
    let mut g = group(c, "rule");
    for rule in &pack.rules {
        let Some((input, doc)) = docs
            .iter()
            .find(|(_, d)| rule.spec.profiles.contains_key(&d.profile))
        else {
            continue;
        };
        g.throughput(Throughput::Bytes(input.bytes()));
        g.bench_with_input(
            BenchmarkId::new(&rule.spec.id, input.name),
            doc,
            |b, doc| b.iter(|| run_rule(rule, black_box(doc))),
        );
    }
    g.finish();
}

/// The outcomes and metrics of every rule of the pack on a document.
fn outcomes(doc: &Document, pack: &Pack) -> (Vec<RuleOutcome>, Vec<(&'static str, Value)>) {
    let mut outcomes = Vec::new();
    let mut metrics = Vec::new();
    for rule in &pack.rules {
        let (o, m) = run_rule(rule, doc);
        outcomes.push(o);
        metrics.extend(m);
    }
    (outcomes, metrics)
}

/// The whole documents: the email, the note and the long call.
fn whole_inputs(inp: &Inputs) -> [&Input; 3] {
    [&inp.email, &inp.note, &inp.transcript]
}

/// Scoring: the document and principle scores from the rules' outcomes.
fn bench_score(c: &mut Criterion) {
    let inp = inputs();
    let pack = pack();
    let mut g = group(c, "score");
    for input in whole_inputs(&inp) {
        let doc = input.document();
        let (outcomes, _) = outcomes(&doc, &pack);
        g.throughput(Throughput::Bytes(input.bytes()));
        g.bench_function(input.name, |b| {
            b.iter(|| {
                let o = black_box(&outcomes);
                (score::weighted(o), score::by_principle(o))
            })
        });
    }
    g.finish();
}

/// The report model: evidence and findings resolved to lines and columns.
fn bench_report(c: &mut Criterion) {
    let inp = inputs();
    let pack = pack();
    let mut g = group(c, "report");
    for input in whole_inputs(&inp) {
        let doc = input.document();
        let (outcomes, metrics) = outcomes(&doc, &pack);
        let total = score::weighted(&outcomes).unwrap_or(0);
        g.throughput(Throughput::Bytes(input.bytes()));
        g.bench_function(input.name, |b| {
            b.iter_batched(
                || (outcomes.clone(), metrics.clone()),
                |(o, m)| DocumentReport::build(&doc, o, m, Vec::new(), total),
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

/// JSON rendering of one document's report (`--format json`).
fn bench_json(c: &mut Criterion) {
    let inp = inputs();
    let pack = pack();
    let mut g = group(c, "json");
    for input in whole_inputs(&inp) {
        let report = analyze(&input.document(), &pack);
        let docs = std::slice::from_ref(&report);
        let summary = Summary::of(docs, 0, None);
        let mut out = Vec::new();
        g.throughput(Throughput::Bytes(input.bytes()));
        g.bench_function(input.name, |b| {
            b.iter(|| {
                out.clear();
                write_json(&mut out, black_box(docs), &[], &summary).expect("writes to memory");
                out.len()
            })
        });
    }
    g.finish();
}

/// Analysis of a document with every rule of the pack: rules, suppression,
/// scoring and the report model.
fn bench_analyze(c: &mut Criterion) {
    let inp = inputs();
    let pack = pack();
    let mut g = group(c, "analyze");
    for input in whole_inputs(&inp) {
        let doc = input.document();
        g.throughput(Throughput::Bytes(input.bytes()));
        g.bench_function(input.name, |b| b.iter(|| analyze(black_box(&doc), &pack)));
    }
    g.finish();
}

/// Whole-document analysis, from the text to the report: read, segment,
/// analyze.
fn bench_whole(c: &mut Criterion) {
    let inp = inputs();
    let pack = pack();
    let opts = opts();
    let mut g = group(c, "whole");
    for input in whole_inputs(&inp) {
        g.throughput(Throughput::Bytes(input.bytes()));
        g.bench_function(input.name, |b| {
            b.iter_batched(
                || input.text.clone(),
                |text| {
                    let (profile, parsed) =
                        read::read_raw(Some(Path::new(input.path)), black_box(text), None, None);
                    let doc = Document::from_parsed(input.path, profile, parsed, &opts);
                    analyze(&doc, &pack)
                },
                batch_size(input.bytes()),
            )
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_pack,
    bench_read,
    bench_segment,
    bench_rules,
    bench_score,
    bench_report,
    bench_json,
    bench_analyze,
    bench_whole
);
criterion_main!(benches);
