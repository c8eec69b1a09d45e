//! The commands behind the CLI: `check`, `rules` and `explain`. `main.rs`
//! parses arguments into these options and calls them.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::analyze::analyze;
use crate::document::{Document, ReadOptions};
use crate::input::{self, Loaded, Source};
use crate::profile::{self, Profile};
use crate::report::text::wrap;
use crate::report::{DocumentReport, Format, InputError, Summary, json, text};
use crate::rule::{Pack, PackOptions};

/// Exit code: everything analysed, nothing below the threshold.
pub const EXIT_OK: u8 = 0;
/// Exit code: a document scored below `--fail-under`.
pub const EXIT_THRESHOLD: u8 = 1;
/// Exit code: usage, rule or input errors.
pub const EXIT_ERROR: u8 = 2;

/// When to colour the text report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// When stdout is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Options of `rapport check`.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Files, folders, or `-` for stdin.
    pub paths: Vec<String>,
    /// A fixed profile, or `None` to detect one per document.
    pub profile: Option<Profile>,
    /// The output format.
    pub format: Option<Format>,
    /// Speaker labels of the rep.
    pub reps: Vec<String>,
    /// Own company and product names.
    pub self_names: Vec<String>,
    /// The prospect's names.
    pub prospect_names: Vec<String>,
    /// Folders of user rule files.
    pub rule_dirs: Vec<PathBuf>,
    /// Exit 1 when a document scores below this.
    pub fail_under: Option<u32>,
    /// Worker threads (default: all cores).
    pub jobs: Option<usize>,
    /// No progress bar.
    pub quiet: bool,
    /// Colour choice for text output.
    pub color: ColorChoice,
    /// The name shown for stdin.
    pub stdin_name: Option<String>,
}

/// Builds the rule pack of a run.
pub fn load_pack(rule_dirs: &[PathBuf], opts: &PackOptions) -> Result<Pack, String> {
    let pack = if rule_dirs.is_empty() {
        Pack::default_pack(opts)
    } else {
        Pack::with_user_rules(rule_dirs, opts)
    };
    pack.map_err(|e| e.to_string())
}

/// The outcome of one input.
enum Item {
    Doc(Box<DocumentReport>),
    Error(InputError),
    Skipped(String, String),
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}

/// Runs `rapport check`; returns the exit code.
pub fn check(opts: &CheckOptions, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let pack_opts = PackOptions {
        self_names: opts.self_names.clone(),
        prospect_names: opts.prospect_names.clone(),
    };
    let pack = match load_pack(&opts.rule_dirs, &pack_opts) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "rapport: {e}");
            return EXIT_ERROR;
        }
    };
    let stdin_name = opts.stdin_name.clone().unwrap_or_else(|| "<stdin>".into());
    let inputs = input::collect(&opts.paths, &stdin_name);
    let read_opts = ReadOptions {
        reps: opts.reps.clone(),
    };
    // Standard input is read once, up front, on this thread.
    let stdin_bytes = if inputs.sources.iter().any(|s| matches!(s, Source::Stdin(_))) {
        let mut buf = Vec::new();
        match io::Read::read_to_end(&mut io::stdin().lock(), &mut buf) {
            Ok(_) => Some(buf),
            Err(e) => {
                let _ = writeln!(
                    err,
                    "rapport: {stdin_name}: could not read standard input: {e}"
                );
                return EXIT_ERROR;
            }
        }
    } else {
        None
    };

    let analyse_one = |source: &Source| -> Item {
        let name = source.display();
        match input::read(source, stdin_bytes.as_deref()) {
            Loaded::Error(message) => Item::Error(InputError {
                path: name,
                message,
            }),
            Loaded::SkippedBinary(note) => Item::Skipped(name, note),
            Loaded::Text(text, warnings) => {
                let profile = opts
                    .profile
                    .unwrap_or_else(|| profile::detect(Some(std::path::Path::new(&name)), &text));
                let mut doc = Document::new(&name, text, profile, &read_opts);
                doc.warnings.splice(0..0, warnings);
                Item::Doc(Box::new(analyze(&doc, &pack)))
            }
        }
    };

    let show_progress = !opts.quiet && inputs.sources.len() > 1 && io::stderr().is_terminal();
    let run = || -> Vec<Item> {
        if show_progress {
            use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
            let pb = ProgressBar::new(inputs.sources.len() as u64);
            if let Ok(style) =
                ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed}")
            {
                pb.set_style(style);
            }
            let items = inputs
                .sources
                .par_iter()
                .progress_with(pb.clone())
                .map(analyse_one)
                .collect();
            pb.finish_and_clear();
            items
        } else {
            inputs.sources.par_iter().map(analyse_one).collect()
        }
    };
    let items = match opts.jobs {
        Some(n) => match rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
        {
            Ok(pool) => pool.install(run),
            Err(e) => {
                let _ = writeln!(err, "rapport: could not start {n} worker threads: {e}");
                return EXIT_ERROR;
            }
        },
        None => run(),
    };

    let mut docs = Vec::new();
    let mut errors: Vec<InputError> = inputs
        .errors
        .iter()
        .map(|(path, message)| InputError {
            path: path.clone(),
            message: message.clone(),
        })
        .collect();
    for item in items {
        match item {
            Item::Doc(d) => docs.push(*d),
            Item::Error(e) => errors.push(e),
            Item::Skipped(path, note) => {
                if !opts.quiet {
                    let _ = writeln!(err, "rapport: note: {path}: {note}");
                }
            }
        }
    }
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    for e in &errors {
        let _ = writeln!(err, "rapport: {}: {}", e.path, e.message);
    }
    let summary = Summary::of(&docs, errors.len(), opts.fail_under);
    let written = match opts.format.unwrap_or(Format::Text) {
        Format::Json => json::write_json(out, &docs, &errors, &summary),
        Format::Ndjson => docs
            .iter()
            .try_for_each(|d| json::write_ndjson_document(out, d))
            .and_then(|_| json::write_ndjson_tail(out, &errors, &summary)),
        Format::Text => {
            let st = text::Style::new(use_color(opts.color));
            docs.iter()
                .try_for_each(|d| text::write_document(out, d, &st))
                .and_then(|_| text::write_summary(out, &summary, &[], opts.fail_under, &st))
        }
    };
    if let Err(e) = written.and_then(|_| out.flush())
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        let _ = writeln!(err, "rapport: could not write the report: {e}");
        return EXIT_ERROR;
    }
    if !errors.is_empty() {
        EXIT_ERROR
    } else if summary.below_threshold > 0 {
        EXIT_THRESHOLD
    } else {
        EXIT_OK
    }
}

/// Output format of `rapport rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulesFormat {
    /// A table for people.
    Text,
    /// A JSON array.
    Json,
}

/// Runs `rapport rules`: lists what is checked and why.
pub fn rules(
    rule_dirs: &[PathBuf],
    format: RulesFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let pack = match load_pack(rule_dirs, &PackOptions::default()) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "rapport: {e}");
            return EXIT_ERROR;
        }
    };
    let res = match format {
        RulesFormat::Json => {
            let list: Vec<_> = pack
                .rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.spec.id,
                        "principle": r.spec.principle,
                        "kind": r.spec.kind,
                        "severity": r.spec.severity,
                        "weight": r.spec.weight,
                        "title": r.spec.title,
                        "rationale": r.spec.rationale.trim(),
                        "sources": r.spec.sources,
                        "profiles": r.spec.profiles.iter().map(|(p, s)| (p.name(), s.target.clone())).collect::<std::collections::BTreeMap<_, _>>(),
                        "origin": r.origin,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &list)
                .map_err(io::Error::from)
                .and_then(|_| writeln!(out))
        }
        RulesFormat::Text => (|| {
            let w = pack
                .rules
                .iter()
                .map(|r| r.spec.id.len())
                .max()
                .unwrap_or(0);
            for r in &pack.rules {
                writeln!(out, "{:<w$}  {}", r.spec.id, r.spec.title)?;
            }
            writeln!(out)?;
            writeln!(out, "`rapport explain ID` shows a rule in full.")
        })(),
    };
    match res {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "rapport: {e}");
            EXIT_ERROR
        }
    }
}

/// Runs `rapport explain ID`: one rule in full.
pub fn explain(rule_dirs: &[PathBuf], id: &str, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let pack = match load_pack(rule_dirs, &PackOptions::default()) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "rapport: {e}");
            return EXIT_ERROR;
        }
    };
    let Some(rule) = pack.get(id) else {
        let ids: Vec<_> = pack.rules.iter().map(|r| r.spec.id.as_str()).collect();
        let _ = writeln!(err, "rapport: no rule `{id}` (rules: {})", ids.join(", "));
        return EXIT_ERROR;
    };
    let s = &rule.spec;
    let res = (|| {
        writeln!(out, "{}: {}", s.id, s.title)?;
        writeln!(
            out,
            "principle: {}   severity: {}   weight: {}   from: {}",
            s.principle,
            s.severity.name(),
            crate::analyze::format_number(s.weight),
            rule.origin
        )?;
        writeln!(out)?;
        writeln!(out, "Why")?;
        for para in s.rationale.trim().lines() {
            for line in wrap(para, 88) {
                writeln!(out, "  {line}")?;
            }
        }
        writeln!(out)?;
        writeln!(out, "Sources")?;
        for src in &s.sources {
            writeln!(out, "  - {src}")?;
        }
        writeln!(out)?;
        writeln!(out, "Targets")?;
        for p in Profile::ALL {
            match s.profiles.get(&p) {
                Some(spec) => writeln!(out, "  {:<10} {}", p.name(), spec.target)?,
                None => writeln!(out, "  {:<10} (not checked)", p.name())?,
            }
        }
        writeln!(out)?;
        writeln!(out, "Tip")?;
        for line in wrap(s.tip.trim(), 88) {
            writeln!(out, "  {line}")?;
        }
        if !s.examples.is_empty() {
            writeln!(out)?;
            writeln!(out, "Examples")?;
            for ex in &s.examples {
                writeln!(out, "  [{} -> {}]", ex.profile, ex.status.name())?;
                for line in ex.text.trim().lines() {
                    writeln!(out, "    {line}")?;
                }
            }
        }
        Ok::<(), io::Error>(())
    })();
    match res {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "rapport: {e}");
            EXIT_ERROR
        }
    }
}
