//! Measures rapport's detectors against hand labels.
//!
//! ```text
//! cargo run --release --example eval -- ../shared/corpus/labeled/dev [--verbose]
//! cargo run --release --example eval -- ../shared/corpus/swda/dev
//! ```
//!
//! A labelled folder holds documents and a `labels.tsv` (columns `id`, `file`,
//! `kind`, `agenda`, `next_step`, `questions`, `self_focus`...). The report
//! gives agenda accuracy and F1 of "yes", next-step level accuracy, the share
//! of documents whose question count is within 1 of the label, and the
//! Spearman correlation of `self_share` with the `self_focus` label.
//!
//! A Switchboard folder holds `*.txt` files of `SPEAKER|utterance|tag` lines;
//! the report gives question-detection precision, recall and F1 per
//! utterance, with the question marks kept and with them removed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rapport::analyze;
use rapport::checks::questions::Questions;
use rapport::document::{Document, ReadOptions};
use rapport::outcome::Value;
use rapport::profile::Profile;
use rapport::rule::{Pack, PackOptions};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose" || a == "-v");
    let Some(dir) = args.iter().find(|a| !a.starts_with('-')).map(PathBuf::from) else {
        eprintln!(
            "usage: eval PATH [--verbose]   (a labelled folder with labels.tsv, or swda/dev)"
        );
        return ExitCode::from(2);
    };
    // The persuasion chats' "product" is the charity the Persuader asks for.
    let names = PackOptions {
        self_names: vec!["Save the Children".into()],
        prospect_names: Vec::new(),
        ..PackOptions::default()
    };
    let pack = match Pack::default_pack(&names) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("eval: {e}");
            return ExitCode::from(2);
        }
    };
    let result = if dir.join("labels.tsv").is_file() {
        labelled(&dir, &pack, verbose)
    } else {
        swda(&dir, &pack, verbose)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eval: {e}");
            ExitCode::from(2)
        }
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => Some(*n),
        _ => None,
    }
}

fn level(v: &Value) -> String {
    match v {
        Value::Level(l) => l.clone(),
        Value::Number(n) => n.to_string(),
        Value::None => "-".into(),
    }
}

fn labelled(dir: &Path, pack: &Pack, verbose: bool) -> Result<(), String> {
    let tsv = std::fs::read_to_string(dir.join("labels.tsv"))
        .map_err(|e| format!("{}: {e}", dir.join("labels.tsv").display()))?;
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines
        .next()
        .ok_or("labels.tsv is empty")?
        .split('\t')
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or(format!("labels.tsv has no `{name}` column"))
    };
    let (c_file, c_kind, c_agenda, c_next, c_q, c_self) = (
        col("file")?,
        col("kind")?,
        col("agenda")?,
        col("next_step")?,
        col("questions")?,
        col("self_focus")?,
    );
    let (mut tp, mut fp, mut fneg, mut agenda_ok) = (0, 0, 0, 0);
    let (mut next_ok, mut q_ok, mut n) = (0, 0, 0);
    let mut confusion: HashMap<(String, String), usize> = HashMap::new();
    let mut shares = Vec::new();
    let mut labels = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let file = f[c_file];
        let profile = Profile::parse(f[c_kind]).ok_or(format!("{file}: unknown kind"))?;
        let bytes = std::fs::read(dir.join(file)).map_err(|e| format!("{file}: {e}"))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let opts = ReadOptions {
            reps: vec!["Persuader".into()],
        };
        let doc = Document::new(file, text, profile, &opts);
        let report = analyze(&doc, pack);
        let rule = |id: &str| report.rules.iter().find(|r| r.id == id);
        let agenda = rule("relevance/agenda").is_some_and(|r| level(&r.value) == "found");
        let next = rule("follow-up/next-step").map_or("-".into(), |r| level(&r.value));
        let questions = number(&report.metrics["questions"]).unwrap_or(0.0);
        let share = number(&report.metrics["self_share"]).unwrap_or(0.5);
        let want_agenda = f[c_agenda] == "yes";
        let want_q: f64 = f[c_q]
            .parse()
            .map_err(|_| format!("{file}: bad questions"))?;
        let want_self: f64 = f[c_self]
            .parse()
            .map_err(|_| format!("{file}: bad self_focus"))?;
        n += 1;
        match (agenda, want_agenda) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fneg += 1,
            _ => {}
        }
        agenda_ok += usize::from(agenda == want_agenda);
        next_ok += usize::from(next == f[c_next]);
        *confusion
            .entry((f[c_next].to_string(), next.clone()))
            .or_default() += 1;
        let q_close = (questions - want_q).abs() <= 1.0;
        q_ok += usize::from(q_close);
        shares.push(share);
        labels.push(want_self);
        if verbose {
            let mut notes = Vec::new();
            if agenda != want_agenda {
                notes.push(format!("agenda {agenda} (label {want_agenda})"));
            }
            if next != f[c_next] {
                notes.push(format!("next {next} (label {})", f[c_next]));
            }
            if !q_close {
                notes.push(format!("questions {questions} (label {want_q})"));
            }
            notes.push(format!("self_share {share:.2} (label {want_self})"));
            println!("{file:<10} {}", notes.join("; "));
        }
    }
    let f1 = if tp == 0 {
        0.0
    } else {
        let p = tp as f64 / (tp + fp) as f64;
        let r = tp as f64 / (tp + fneg) as f64;
        2.0 * p * r / (p + r)
    };
    let pct = |k: usize| 100.0 * k as f64 / n as f64;
    println!("documents: {n}");
    println!(
        "agenda: accuracy {:.1}%, F1(yes) {f1:.3} (tp {tp}, fp {fp}, fn {fneg})",
        pct(agenda_ok)
    );
    println!("next step: level accuracy {:.1}%", pct(next_ok));
    let mut conf: Vec<_> = confusion.into_iter().collect();
    conf.sort();
    for ((want, got), k) in conf {
        println!("  label {want:<8} predicted {got:<8} {k}");
    }
    println!("questions: within +-1 for {:.1}% of documents", pct(q_ok));
    println!(
        "self_share vs self_focus: Spearman {:.3}",
        spearman(&shares, &labels)
    );
    Ok(())
}

/// Ranks with ties given their mean rank.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = mean;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation (Pearson on tie-averaged ranks).
fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    if va == 0.0 || vb == 0.0 {
        0.0
    } else {
        cov / (va.sqrt() * vb.sqrt())
    }
}

/// Switchboard dialogue-act tags that mark a question.
fn is_question_tag(tag: &str) -> bool {
    let t = tag.trim();
    matches!(t, "qy" | "qw" | "qo" | "qrr" | "qy^d" | "qw^d" | "^g")
}

fn swda(dir: &Path, pack: &Pack, verbose: bool) -> Result<(), String> {
    let rule = pack
        .get("relevance/questions")
        .ok_or("the pack has no relevance/questions rule")?;
    let questions = Questions::new(
        rapport::lexicon::Lexicon::compile(&rule.spec.lists, &rule.spec.patterns)
            .map_err(|e| e.to_string())?,
        &rule.spec,
    )?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!(
            "{}: no labels.tsv and no *.txt files",
            dir.display()
        ));
    }
    for strip in [false, true] {
        let (mut tp, mut fp, mut fneg, mut n) = (0usize, 0usize, 0usize, 0usize);
        for path in &files {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            for line in text.lines() {
                let mut parts = line.rsplitn(2, '|');
                let (Some(tag), Some(rest)) = (parts.next(), parts.next()) else {
                    continue;
                };
                let utterance = rest.split_once('|').map_or(rest, |(_, u)| u);
                let utterance = if strip {
                    utterance.replace('?', "")
                } else {
                    utterance.to_string()
                };
                let got = questions
                    .classify_text(&utterance, Profile::Transcript)
                    .is_some();
                let want = is_question_tag(tag);
                n += 1;
                match (got, want) {
                    (true, true) => tp += 1,
                    (true, false) => {
                        fp += 1;
                        if verbose && !strip {
                            println!("FP {tag:<6} {utterance}");
                        }
                    }
                    (false, true) => {
                        fneg += 1;
                        if verbose && !strip {
                            println!("FN {tag:<6} {utterance}");
                        }
                    }
                    _ => {}
                }
            }
        }
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fneg).max(1) as f64;
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        println!(
            "questions {}: {n} utterances, precision {p:.3}, recall {r:.3}, F1 {f1:.3}",
            if strip {
                "without \"?\""
            } else {
                "with \"?\"   "
            }
        );
    }
    Ok(())
}
