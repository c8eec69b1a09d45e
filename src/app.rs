//! The commands behind the CLI: `check`, `config`, `rules` and `explain`.
//! `main.rs` parses arguments into these options and calls them.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::analyze::analyze_with;
use crate::config::{ConfigMode, Flags, Placed, Resolver, Settings};
use crate::document::Document;
use crate::input::batch::{self, Entry, Fields, InputFormat, Record};
use crate::input::{self, Loaded, Source};
use crate::profile::Profile;
use crate::read;
use crate::report::text::wrap;
use crate::report::{DocumentReport, Format, InputError, RecordRef, Summary, json, text};
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
    /// How the paths are read: documents (the default), or exports of many
    /// records (NDJSON, CSV).
    pub input_format: InputFormat,
    /// The field of an export record with the text (default `text`).
    pub text_field: Option<String>,
    /// The field of an export record with its id (default `id`).
    pub id_field: Option<String>,
    /// The field of an export record with its profile, if any.
    pub profile_field: Option<String>,
    /// Where the project configuration comes from (found per document by
    /// default, a fixed file, or none).
    pub config: ConfigMode,
}

impl CheckOptions {
    /// The settings given on the command line, which win over (or add to)
    /// a project configuration.
    pub fn flags(&self) -> Flags {
        Flags {
            profile: self.profile,
            reps: self.reps.clone(),
            self_names: self.self_names.clone(),
            prospect_names: self.prospect_names.clone(),
            rule_dirs: self.rule_dirs.clone(),
            fail_under: self.fail_under,
        }
    }
}

/// Builds the rule pack of a run.
/// The rule pack of the current folder's project: its `rapport.toml` (found
/// as `check` finds it, or as `config` says) with `rule_dirs` added. Used by
/// `rapport rules`, `rapport rules test` and `rapport explain`, so they show
/// the rules `check` runs here.
pub fn project_pack(rule_dirs: &[PathBuf], config: &ConfigMode) -> Result<Pack, String> {
    let flags = Flags {
        rule_dirs: rule_dirs.to_vec(),
        ..Flags::default()
    };
    let mut resolver = Resolver::new(config.clone(), flags);
    let placed = resolver.place_folder(Path::new("."));
    let errors = resolver.errors().join("; ");
    match placed {
        Some(p) => Ok(resolver.into_settings().swap_remove(p.settings).pack),
        None => Err(errors),
    }
}

/// Compiles the default rules plus the rule files in `rule_dirs`.
pub fn load_pack(rule_dirs: &[PathBuf], opts: &PackOptions) -> Result<Pack, String> {
    let pack = if rule_dirs.is_empty() {
        Pack::default_pack(opts)
    } else {
        Pack::with_user_rules(rule_dirs, opts)
    };
    pack.map_err(|e| e.to_string())
}

/// One unit of work: a document to read and analyse, with the settings
/// that apply to it, or an error found while collecting them.
enum Work {
    File(Source, Placed),
    Record(Box<Record>, Placed),
    Error(InputError),
}

/// The outcome of one input.
enum Item {
    /// A report, and the threshold that applies to it.
    Doc(Box<DocumentReport>, Option<u32>),
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
    let fields = match Fields::new(
        opts.text_field.as_deref(),
        opts.id_field.as_deref(),
        opts.profile_field.as_deref(),
    ) {
        Ok(f) => f,
        Err(e) => {
            let _ = writeln!(err, "rapport: {e}");
            return EXIT_ERROR;
        }
    };
    if opts.input_format == InputFormat::Files
        && let Some(opt) = [
            ("--text-field", &opts.text_field),
            ("--id-field", &opts.id_field),
            ("--profile-field", &opts.profile_field),
        ]
        .iter()
        .find_map(|(opt, v)| v.is_some().then_some(opt))
    {
        let _ = writeln!(
            err,
            "rapport: {opt} needs --input-format ndjson or csv (records of an export)"
        );
        return EXIT_ERROR;
    }
    let stdin_name = opts.stdin_name.clone().unwrap_or_else(|| "<stdin>".into());
    // Each document's configuration is found (and each distinct one read
    // and compiled once) on this thread, before anything is analysed.
    let mut resolver = Resolver::new(opts.config.clone(), opts.flags());
    // What to analyse, in report order. Documents are sorted by path; the
    // records of exports keep the order of the files and of the paths given.
    let mut work: Vec<Work> = Vec::new();
    let mut errors: Vec<InputError> = Vec::new();
    let mut stdin_bytes = None;
    if opts.input_format == InputFormat::Files {
        let inputs = input::collect(&opts.paths, &stdin_name);
        errors.extend(inputs.errors.into_iter().map(|(path, message)| InputError {
            path,
            line: None,
            message,
        }));
        for source in inputs.sources {
            let placed = match &source {
                Source::Stdin(name) => resolver.place_file(Path::new(name)),
                Source::Named(p) | Source::Walked(p) => resolver.place_file(p),
            };
            if let Some(placed) = placed {
                work.push(Work::File(source, placed));
            }
        }
    } else {
        // Records take the configuration of their export's folder (the
        // current folder for standard input), and its globs match the
        // export's path.
        for source in batch::sources(&opts.paths, &stdin_name) {
            let path = match &source {
                Source::Stdin(name) => PathBuf::from(name),
                Source::Named(p) | Source::Walked(p) => p.clone(),
            };
            let Some(placed) = resolver.place_file(&path) else {
                continue;
            };
            if !resolver.errors().is_empty() {
                continue;
            }
            // Exports are read one after the other on this thread; their
            // records are analysed in parallel below.
            work.extend(
                batch::read_export(&source, opts.input_format, &fields)
                    .into_iter()
                    .map(|e| match e {
                        Entry::Record(r) => Work::Record(r, placed.clone()),
                        Entry::Error(e) => Work::Error(e),
                    }),
            );
        }
    }
    resolver.ensure_any();
    if !resolver.errors().is_empty() {
        for e in resolver.errors() {
            let _ = writeln!(err, "rapport: {e}");
        }
        return EXIT_ERROR;
    }
    let settings = resolver.into_settings();
    // Standard input is read once, up front, on this thread.
    if work
        .iter()
        .any(|w| matches!(w, Work::File(Source::Stdin(_), _)))
    {
        let mut buf = Vec::new();
        if let Err(e) = io::Read::read_to_end(&mut io::stdin().lock(), &mut buf) {
            let _ = writeln!(
                err,
                "rapport: {stdin_name}: could not read standard input: {e}"
            );
            return EXIT_ERROR;
        }
        stdin_bytes = Some(buf);
    }

    let analyse_one = |w: Work| -> Item {
        match w {
            Work::Error(e) => Item::Error(e),
            Work::File(source, placed) => {
                let name = source.display();
                let s = &settings[placed.settings];
                match input::read(&source, stdin_bytes.as_deref()) {
                    Loaded::Error(message) => Item::Error(InputError {
                        path: name,
                        line: None,
                        message,
                    }),
                    Loaded::SkippedBinary(note) => Item::Skipped(name, note),
                    Loaded::Text(text, warnings, raw) => {
                        let path = Path::new(&name);
                        let rel = placed.rel.as_deref();
                        let report = analyse_text(
                            &name,
                            Some(path),
                            (text, raw),
                            warnings,
                            s.profile_for(rel),
                            s,
                            &s.suppressed_for(rel),
                        );
                        Item::Doc(Box::new(report), s.fail_under)
                    }
                }
            }
            Work::Record(r, placed) => {
                let name = r.name();
                let s = &settings[placed.settings];
                let rel = placed.rel.as_deref();
                let Record {
                    file,
                    line,
                    id,
                    text,
                    profile,
                    metadata,
                    warnings,
                } = *r;
                // A record has no file extension: its profile is the one
                // it names, or --profile, or its export's per-glob profile,
                // or detected from its text.
                let mut report = analyse_text(
                    &name,
                    None,
                    (text, None),
                    warnings,
                    profile.or(s.profile_for(rel)),
                    s,
                    &s.suppressed_for(rel),
                );
                report.record = Some(RecordRef { file, line, id });
                report.metadata = metadata;
                Item::Doc(Box::new(report), s.fail_under)
            }
        }
    };

    let show_progress = !opts.quiet && work.len() > 1 && io::stderr().is_terminal();
    let run = || -> Vec<Item> {
        if show_progress {
            use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
            let pb = ProgressBar::new(work.len() as u64);
            if let Ok(style) =
                ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed}")
            {
                pb.set_style(style);
            }
            let items = work
                .into_par_iter()
                .progress_with(pb.clone())
                .map(analyse_one)
                .collect();
            pb.finish_and_clear();
            items
        } else {
            work.into_par_iter().map(analyse_one).collect()
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
    let mut thresholds = Vec::new();
    for item in items {
        match item {
            Item::Doc(d, threshold) => {
                docs.push(*d);
                thresholds.push(threshold);
            }
            Item::Error(e) => errors.push(e),
            Item::Skipped(path, note) => {
                if !opts.quiet {
                    let _ = writeln!(err, "rapport: note: {path}: {note}");
                }
            }
        }
    }
    if opts.input_format == InputFormat::Files {
        errors.sort_by(|a, b| a.path.cmp(&b.path));
    }
    for e in &errors {
        let _ = writeln!(err, "rapport: {}: {}", e.location(), e.message);
    }
    // Each document is held to its own configuration's `fail_under`
    // (`--fail-under` replaces them all).
    let mut summary = Summary::of(&docs, errors.len(), None);
    summary.below_threshold = docs
        .iter()
        .zip(&thresholds)
        .filter(|(d, t)| t.is_some_and(|t| d.score < t))
        .count();
    let distinct: std::collections::BTreeSet<u32> = thresholds.iter().flatten().copied().collect();
    let shown_threshold = match distinct.len() {
        0 => opts.fail_under,
        1 => distinct.first().copied(),
        _ => None,
    };
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
                .and_then(|_| text::write_summary(out, &summary, &[], shown_threshold, &st))
                .and_then(|_| {
                    if distinct.len() > 1 {
                        writeln!(
                            out,
                            "{} below the fail_under of their configuration",
                            summary.below_threshold
                        )
                    } else {
                        Ok(())
                    }
                })
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

/// Reads a document's text (choosing its profile, unless given, from the
/// path and text) and analyses it: the one way files and records of
/// exports become reports. The raw bytes come along when the file was not
/// valid UTF-8.
fn analyse_text(
    name: &str,
    path: Option<&Path>,
    (text, raw): (String, Option<Vec<u8>>),
    warnings: Vec<String>,
    profile: Option<Profile>,
    settings: &Settings,
    config_ignores: &[String],
) -> DocumentReport {
    let (profile, parsed) = read::read_raw(path, text, raw.as_deref(), profile);
    let mut warnings = warnings;
    if raw.is_some() && parsed.reader == read::Reader::Mime {
        // The MIME reader decoded the bytes by their charset: nothing was lost.
        warnings.retain(|w| !w.starts_with("not valid UTF-8"));
        warnings.push("8-bit text decoded with the charset the message names".into());
    }
    let mut doc = Document::from_parsed(name, profile, parsed, &settings.read);
    doc.warnings.splice(0..0, warnings);
    // The one place documents are analysed: the configuration's
    // `[[suppress]]` rules for this path are file-level ignores.
    analyze_with(&doc, &settings.pack, config_ignores)
}

/// Output format of `rapport config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConfigFormat {
    /// TOML, in the configuration file's own terms.
    #[default]
    Toml,
    /// A JSON object.
    Json,
}

/// Options of `rapport config`.
#[derive(Debug, Clone, Default)]
pub struct ConfigOptions {
    /// The file or folder whose configuration is shown.
    pub path: String,
    /// Where the configuration comes from.
    pub config: ConfigMode,
    /// The command-line settings merged into it.
    pub flags: Flags,
    /// The output format.
    pub format: ConfigFormat,
}

/// Runs `rapport config`: prints the effective configuration of a path
/// (the file found, the values after command-line flags, the rules that
/// run) after checking it as `check` would.
pub fn config(opts: &ConfigOptions, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let path = Path::new(&opts.path);
    let is_file = match std::fs::metadata(path) {
        Ok(m) => !m.is_dir(),
        Err(e) => {
            let _ = writeln!(
                err,
                "rapport: {}: {}",
                opts.path,
                crate::error::io_message(&e)
            );
            return EXIT_ERROR;
        }
    };
    let mut resolver = Resolver::new(opts.config.clone(), opts.flags.clone());
    let placed = if is_file {
        resolver.place_file(path)
    } else {
        resolver.place_folder(path)
    };
    let Some(placed) = placed else {
        for e in resolver.errors() {
            let _ = writeln!(err, "rapport: {e}");
        }
        return EXIT_ERROR;
    };
    let settings = &resolver.settings()[placed.settings];
    let effective = settings.describe(&opts.path, placed.rel.as_deref(), is_file);
    let res = match opts.format {
        ConfigFormat::Json => serde_json::to_writer_pretty(&mut *out, &effective)
            .map_err(io::Error::from)
            .and_then(|_| writeln!(out)),
        ConfigFormat::Toml => {
            let note = match (&opts.config, &effective.file) {
                (ConfigMode::Off, _) => "--no-config: no configuration file is read".to_string(),
                (_, Some(f)) => format!("configuration file: {f}"),
                (_, None) => format!(
                    "no {} found in {} or the folders above it",
                    crate::config::FILE_NAME,
                    if is_file { "its folder" } else { "it" }
                ),
            };
            toml::to_string(&effective)
                .map_err(io::Error::other)
                .and_then(|body| {
                    writeln!(out, "# the effective configuration of {}", opts.path)?;
                    writeln!(out, "# {note}")?;
                    out.write_all(body.as_bytes())
                })
        }
    };
    match res.and_then(|_| out.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "rapport: could not write the configuration: {e}");
            EXIT_ERROR
        }
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

/// `rapport rules test`: runs the examples of the rules in `rule_dirs` (of
/// the default rules when there is none) and returns 1 when one fails.
pub fn rules_test(
    rule_dirs: &[PathBuf],
    config: &ConfigMode,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let pack = match project_pack(rule_dirs, config) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "rapport: {e}");
            return EXIT_ERROR;
        }
    };
    let own = !rule_dirs.is_empty();
    let tested = pack.rules.iter().filter(|r| !own || r.origin != "default");
    match crate::examples::report(tested, out) {
        Ok(0) => EXIT_OK,
        Ok(_) => EXIT_THRESHOLD,
        Err(e) => {
            let _ = writeln!(err, "rapport: cannot write the report: {e}");
            EXIT_ERROR
        }
    }
}

/// Runs `rapport rules`: lists what is checked and why.
pub fn rules(
    rule_dirs: &[PathBuf],
    config: &ConfigMode,
    format: RulesFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let pack = match project_pack(rule_dirs, config) {
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
pub fn explain(
    rule_dirs: &[PathBuf],
    config: &ConfigMode,
    id: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let pack = match project_pack(rule_dirs, config) {
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
