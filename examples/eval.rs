//! Measures rapport's detectors against hand labels.
//!
//! ```text
//! cargo run --release --example eval -- ../shared/corpus/labeled/dev [--verbose]
//! cargo run --release --example eval -- ../shared/corpus/labeled/blame-dev [--verbose]
//! cargo run --release --example eval -- ../shared/corpus/swda/dev
//! cargo run --release --example eval -- --spam-ham ../shared/corpus/email/spamassassin
//! ```
//!
//! A labelled folder holds documents and a `labels.tsv` (columns `id`, `file`,
//! `kind`, `agenda`, `next_step`, `questions`, `self_focus`, and optionally
//! `hype` and `pressure`). The report gives agenda accuracy and F1 of "yes",
//! next-step level accuracy, the share of documents whose question count is
//! within 1 of the label, the Spearman correlation of `self_share` with the
//! `self_focus` label, and accuracy, precision and recall of `trust/hype` and
//! `trust/pressure`: a document counts as flagged when the rule warns or
//! fails. A superlative softened by a figure in its sentence is an info note,
//! not counted by the rule, so it does not flag a document on its own.
//!
//! A blame folder (`labels.tsv` with `file` and `blame` columns, no `agenda`)
//! holds one or two sentences a file; the label is about the first sentence,
//! the second is context. Each file is read as notes and flagged when
//! `ownership/blame` leaves an outside cause unanswered in the first sentence
//! (an owned action in either sentence answers it). The report gives
//! precision, recall and F1 of "yes".
//!
//! `--spam-ham PATH` scores every message in the sub-folders of PATH whose
//! names start with `spam` or contain `ham` (the SpamAssassin layout) with the
//! email profile, and compares the two groups: mean, median and quartiles of
//! the score, the chance that a ham message outscores a spam one (AUC), the
//! same over the other rules only (without the nine phrase-list rules of
//! [`PHRASE_RULES`]), and each rule's mean score, share flagged and number
//! of messages per group.
//!
//! A Switchboard folder holds `*.txt` files of `SPEAKER|utterance|tag` lines;
//! the report gives question-detection precision, recall and F1 per
//! utterance, with the question marks kept and with them removed.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rapport::analyze;
use rapport::checks::questions::Questions;
use rapport::document::{Document, ReadOptions};
use rapport::outcome::{Severity, Status, Value};
use rapport::profile::Profile;
use rapport::report::DocumentReport;
use rapport::rule::{Pack, PackOptions};
use rayon::prelude::*;

/// The rules built on the phrase-list kinds; `--spam-ham` also scores
/// documents without them, to show what they add.
const PHRASE_RULES: &[&str] = &[
    "trust/hype",
    "trust/pressure",
    "trust/hedging",
    "follow-up/empty-check-in",
    "follow-up/recap",
    "homework/personalization",
    "homework/template-leftovers",
    "relevance/collaboration",
    "ownership/blame",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose" || a == "-v");
    let spam_ham = args.iter().any(|a| a == "--spam-ham");
    let Some(dir) = args.iter().find(|a| !a.starts_with('-')).map(PathBuf::from) else {
        eprintln!(
            "usage: eval PATH [--verbose]   (a labelled folder with labels.tsv, or swda/dev)\n       \
             eval --spam-ham PATH [--verbose]   (folders spam-* and *ham*)"
        );
        return ExitCode::from(2);
    };
    // The persuasion chats' "product" is the charity the Persuader asks for.
    let names = PackOptions {
        self_names: vec!["Save the Children".into()],
        ..PackOptions::default()
    };
    let pack = match Pack::default_pack(&names) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("eval: {e}");
            return ExitCode::from(2);
        }
    };
    let result = if spam_ham {
        spam_vs_ham(&dir, &pack, verbose)
    } else if dir.join("labels.tsv").is_file() {
        if has_column(&dir, "agenda") {
            labelled(&dir, &pack, verbose)
        } else {
            blame(&dir, &pack, verbose)
        }
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

/// True when the folder's `labels.tsv` header has the column `name`.
fn has_column(dir: &Path, name: &str) -> bool {
    std::fs::read_to_string(dir.join("labels.tsv")).is_ok_and(|t| {
        t.lines()
            .next()
            .is_some_and(|h| h.split('\t').any(|c| c == name))
    })
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
    // Optional binary labels of the phrase-list rules: (rule, column).
    let binary: Vec<(&str, usize)> = [("trust/hype", "hype"), ("trust/pressure", "pressure")]
        .into_iter()
        .filter_map(|(id, c)| header.iter().position(|h| *h == c).map(|i| (id, i)))
        .collect();
    let mut binary_conf = vec![Confusion::default(); binary.len()];
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
        for ((id, c), conf) in binary.iter().zip(&mut binary_conf) {
            let got = rule(id).is_some_and(|r| matches!(r.status, Status::Warn | Status::Fail));
            let want = f.get(*c).is_some_and(|v| *v == "yes");
            conf.add(got, want);
            if verbose && got != want {
                println!(
                    "{file:<10} {id} {} (label {}): {}",
                    if got { "flagged" } else { "not flagged" },
                    if want { "yes" } else { "no" },
                    finding_texts(&report, id)
                );
            }
        }
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
    for ((id, _), conf) in binary.iter().zip(&binary_conf) {
        println!("{id}: {}", conf.summary());
    }
    Ok(())
}

/// Counts of a binary detector against binary labels.
#[derive(Debug, Clone, Copy, Default)]
struct Confusion {
    tp: usize,
    fp: usize,
    fneg: usize,
    tn: usize,
}

impl Confusion {
    fn add(&mut self, got: bool, want: bool) {
        match (got, want) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fneg += 1,
            (false, false) => self.tn += 1,
        }
    }

    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }

    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fneg).max(1) as f64
    }

    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }

    fn summary(&self) -> String {
        let n = self.tp + self.fp + self.fneg + self.tn;
        format!(
            "accuracy {:.1}%, precision {:.3}, recall {:.3}, F1 {:.3} (tp {}, fp {}, fn {}, tn {})",
            100.0 * (self.tp + self.tn) as f64 / n.max(1) as f64,
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.fp,
            self.fneg,
            self.tn
        )
    }
}

/// The excerpts of a rule's findings in a report, for verbose output.
fn finding_texts(report: &DocumentReport, id: &str) -> String {
    let texts: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.rule == id)
        .map(|f| {
            let tag = if f.severity == Severity::Info {
                " (info)"
            } else {
                ""
            };
            format!("\"{}\"{tag}", f.excerpt)
        })
        .collect();
    if texts.is_empty() {
        "no findings".into()
    } else {
        texts.join(", ")
    }
}

/// Reads a `labels.tsv` into a header and rows.
fn read_tsv(dir: &Path) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    let path = dir.join("labels.tsv");
    let tsv = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut lines = tsv.lines().filter(|l| !l.trim().is_empty());
    let header = lines
        .next()
        .ok_or("labels.tsv is empty")?
        .split('\t')
        .map(str::to_string)
        .collect();
    let rows = lines
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    Ok((header, rows))
}

/// Blame labels: is the first sentence an outside cause with no owned
/// action? Each file is read as notes; it is flagged when `ownership/blame`
/// has an unanswered finding that starts in the first sentence.
fn blame(dir: &Path, pack: &Pack, verbose: bool) -> Result<(), String> {
    let id = "ownership/blame";
    let rule = pack.get(id).ok_or(format!("the pack has no {id} rule"))?;
    let (header, rows) = read_tsv(dir)?;
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or(format!("labels.tsv has no `{name}` column"))
    };
    let (c_file, c_blame) = (col("file")?, col("blame")?);
    let mut conf = Confusion::default();
    for f in &rows {
        let file = &f[c_file];
        let bytes = std::fs::read(dir.join(file)).map_err(|e| format!("{file}: {e}"))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let doc = Document::new(file, text, Profile::Notes, &ReadOptions::default());
        let (outcome, _) = analyze::run_rule(rule, &doc);
        let first_end = doc.sentences.first().map_or(0, |s| s.span.end);
        let open: Vec<&str> = outcome
            .findings
            .iter()
            .filter(|x| x.severity != Severity::Info && x.span.start < first_end)
            .map(|x| doc.text[x.span.clone()].trim())
            .collect();
        let got = !open.is_empty();
        let want = f[c_blame] == "yes";
        conf.add(got, want);
        if verbose && got != want {
            let answered: Vec<&str> = outcome
                .evidence
                .iter()
                .filter(|e| e.kind == "answered")
                .map(|e| doc.text[e.span.clone()].trim())
                .collect();
            println!(
                "{file:<10} {} (label {}): open {open:?}, answered {answered:?}",
                if got { "flagged" } else { "not flagged" },
                f[c_blame]
            );
        }
    }
    println!("items: {}", rows.len());
    println!("{id} (first sentence, notes): {}", conf.summary());
    Ok(())
}

/// Which group a SpamAssassin folder belongs to, by its name.
fn group_of(name: &str) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    if name.starts_with("spam") {
        Some("spam")
    } else if name.contains("ham") {
        Some("ham")
    } else {
        None
    }
}

/// One message's scores: with every rule, and without [`PHRASE_RULES`].
struct Scored {
    group: &'static str,
    folder: String,
    path: String,
    score: f64,
    without: Option<f64>,
    /// (rule id, status, score) of every rule that applied.
    rules: Vec<(String, Status, f64)>,
}

/// The score of a report over the rules `keep` accepts (the same weighted
/// mean as the document score), or `None` when no such rule applies.
fn score_over(report: &DocumentReport, pack: &Pack, keep: impl Fn(&str) -> bool) -> Option<f64> {
    let (mut sum, mut weights) = (0.0, 0.0);
    for r in &report.rules {
        let (Some(s), Some(rule)) = (r.score, pack.get(&r.id)) else {
            continue;
        };
        if r.suppressed.is_some() || !keep(&r.id) || rule.spec.weight <= 0.0 {
            continue;
        }
        sum += rule.spec.weight * s.clamp(0.0, 1.0);
        weights += rule.spec.weight;
    }
    (weights > 0.0).then(|| (100.0 * sum / weights).round())
}

/// Mean, median, first and third quartiles of a sample.
fn describe(v: &[f64]) -> String {
    if v.is_empty() {
        return "no documents".into();
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let x = p * (s.len() - 1) as f64;
        let (lo, hi) = (x.floor() as usize, x.ceil() as usize);
        s[lo] + (s[hi] - s[lo]) * (x - lo as f64)
    };
    let mean = s.iter().sum::<f64>() / s.len() as f64;
    format!(
        "n {:>4}  mean {mean:>5.1}  median {:>5.1}  quartiles {:.0}-{:.0}",
        s.len(),
        q(0.5),
        q(0.25),
        q(0.75)
    )
}

/// The chance that a ham score beats a spam score (ties count half): the
/// area under the ROC curve of the score as a ham detector.
fn auc(ham: &[f64], spam: &[f64]) -> f64 {
    if ham.is_empty() || spam.is_empty() {
        return f64::NAN;
    }
    let all: Vec<f64> = ham.iter().chain(spam).copied().collect();
    let rank_sum: f64 = ranks(&all)[..ham.len()].iter().sum();
    let (nh, ns) = (ham.len() as f64, spam.len() as f64);
    (rank_sum - nh * (nh + 1.0) / 2.0) / (nh * ns)
}

/// Scores the spam and ham folders of a SpamAssassin-style corpus.
fn spam_vs_ham(dir: &Path, pack: &Pack, verbose: bool) -> Result<(), String> {
    let mut files: Vec<(&'static str, String, PathBuf)> = Vec::new();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in &folders {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(group) = group_of(&name) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
            .map_err(|e| format!("{}: {e}", folder.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        files.extend(paths.into_iter().map(|p| (group, name.clone(), p)));
    }
    if files.is_empty() {
        return Err(format!(
            "{}: no sub-folders named spam* or *ham* with files",
            dir.display()
        ));
    }
    let phrase_rules: BTreeMap<&str, ()> = PHRASE_RULES.iter().map(|r| (*r, ())).collect();
    let scored: Vec<Scored> = files
        .par_iter()
        .map(|(group, folder, path)| {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let name = path.display().to_string();
            let doc = Document::new(&name, text, Profile::Email, &ReadOptions::default());
            let report = analyze(&doc, pack);
            let rules = report
                .rules
                .iter()
                .filter_map(|r| r.score.map(|s| (r.id.clone(), r.status, s)))
                .collect();
            Ok(Scored {
                group,
                folder: folder.clone(),
                path: name,
                score: f64::from(report.score),
                without: score_over(&report, pack, |id| !phrase_rules.contains_key(id)),
                rules,
            })
        })
        .collect::<Result<_, String>>()?;
    let of = |pick: &dyn Fn(&Scored) -> bool, value: &dyn Fn(&Scored) -> Option<f64>| {
        scored
            .iter()
            .filter(|d| pick(d))
            .filter_map(value)
            .collect::<Vec<f64>>()
    };
    let all = |d: &Scored| Some(d.score);
    let without = |d: &Scored| d.without;
    println!("score with every rule:");
    for folder in folders.iter().filter_map(|f| f.file_name()) {
        let folder = folder.to_string_lossy();
        let v = of(&|d| d.folder == folder, &all);
        if !v.is_empty() {
            println!("  {folder:<12} {}", describe(&v));
        }
    }
    let (ham, spam) = (
        of(&|d| d.group == "ham", &all),
        of(&|d| d.group == "spam", &all),
    );
    println!("  {:<12} {}", "ham", describe(&ham));
    println!("  {:<12} {}", "spam", describe(&spam));
    println!(
        "  AUC (chance a ham message outscores a spam one): {:.3}",
        auc(&ham, &spam)
    );
    let (ham_w, spam_w) = (
        of(&|d| d.group == "ham", &without),
        of(&|d| d.group == "spam", &without),
    );
    println!(
        "score without the phrase-list rules ({}):",
        PHRASE_RULES.len()
    );
    println!("  {:<12} {}", "ham", describe(&ham_w));
    println!("  {:<12} {}", "spam", describe(&spam_w));
    println!("  AUC: {:.3}", auc(&ham_w, &spam_w));
    println!(
        "per rule: mean score, share flagged (warn/fail) and number of messages it applies to"
    );
    println!("  {:<30} {:>17} {:>17}", "rule", "ham", "spam");
    for rule in &pack.rules {
        let id = rule.spec.id.as_str();
        let cell = |group: &str| {
            let hits: Vec<(Status, f64)> = scored
                .iter()
                .filter(|d| d.group == group)
                .flat_map(|d| d.rules.iter().filter(|r| r.0 == id).map(|r| (r.1, r.2)))
                .collect();
            if hits.is_empty() {
                return "-".to_string();
            }
            let n = hits.len() as f64;
            let mean = hits.iter().map(|h| h.1).sum::<f64>() / n;
            let flagged = hits
                .iter()
                .filter(|h| matches!(h.0, Status::Warn | Status::Fail))
                .count() as f64;
            format!("{mean:.2} {:>3.0}% n{:<5}", 100.0 * flagged / n, hits.len())
        };
        let (h, s) = (cell("ham"), cell("spam"));
        if h != "-" || s != "-" {
            println!("  {id:<30} {h:>17} {s:>17}");
        }
    }
    if verbose {
        let mut low_ham: Vec<&Scored> = scored.iter().filter(|d| d.group == "ham").collect();
        low_ham.sort_by(|a, b| a.score.total_cmp(&b.score));
        println!("lowest-scoring ham:");
        for d in low_ham.iter().take(10) {
            let flagged: Vec<&str> = d
                .rules
                .iter()
                .filter(|r| matches!(r.1, Status::Warn | Status::Fail))
                .map(|r| r.0.as_str())
                .collect();
            println!("  {:>3} {} {}", d.score, d.path, flagged.join(" "));
        }
    }
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
    let questions = Questions::new(&rule.spec)?;
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
