//! The commands behind the CLI: `check`, `config`, `rules` and `explain`.
//! `main.rs` parses arguments into these options and calls them.

use std::collections::VecDeque;
use std::io::{self, IsTerminal, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::analyze::analyze_with;
use crate::config::{ConfigMode, Flags, Placed, Resolver, Settings};
use crate::document::Document;
use crate::input::batch::{self, Entry, Fields, InputFormat, Record};
use crate::input::{self, Loaded, Source, SourceList};
use crate::outcome::Severity;
use crate::profile::Profile;
use crate::read;
use crate::report::output::{self, DocContext};
use crate::report::summary::GroupBy;
use crate::report::text::wrap;
use crate::report::{DocumentReport, Format, InputError, RecordRef, Tally};
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
    /// Exit 1 when any finding is at least this serious.
    pub fail_on: Option<Severity>,
    /// Exit 0 even when a threshold fails (errors still exit 2).
    pub exit_zero: bool,
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
    /// How the summary and the HTML report group documents.
    pub group_by: Option<GroupBy>,
    /// Where the project configuration comes from (found per document by
    /// default, a fixed file, or none).
    pub config: ConfigMode,
    /// The process ends when the check returns: its compiled rules are left
    /// for the exit to release instead of being freed one by one (a sixteenth
    /// of the instructions of checking one draft).
    pub exit_after: bool,
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

/// [`project_pack`], or `None` after saying why on `err`.
fn project_pack_or_say(
    rule_dirs: &[PathBuf],
    config: &ConfigMode,
    err: &mut dyn Write,
) -> Option<Pack> {
    project_pack(rule_dirs, config)
        .map_err(|e| writeln!(err, "rapport: {e}"))
        .ok()
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

/// The outcome of one input, as the report needs it: a document's report
/// is rendered where it is analysed, and only its bytes, score and
/// threshold wait to be written.
enum Item {
    /// A document's rendered report, its score, and the threshold that
    /// applies to it.
    Doc {
        score: u32,
        fail_under: Option<u32>,
        /// The most serious severity among its findings.
        worst: Option<Severity>,
        rendered: io::Result<Vec<u8>>,
        /// For formats with figures over the batch.
        brief: Option<output::Brief>,
    },
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

/// A value dropped as usual, or, `at_exit`, left for the process's exit to
/// release (see [`CheckOptions::exit_after`]).
struct Released<T: Default> {
    value: T,
    at_exit: bool,
}

impl<T: Default> Drop for Released<T> {
    fn drop(&mut self) {
        let value = std::mem::take(&mut self.value);
        if self.at_exit {
            std::mem::forget(value);
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
    let format = opts.format.unwrap_or(Format::Text);
    if opts.group_by.is_some() && !format.groups() {
        let _ = writeln!(
            err,
            "rapport: --group-by applies to `rapport summary` and --format html"
        );
        return EXIT_ERROR;
    }
    let stdin_name = opts.stdin_name.clone().unwrap_or_else(|| "<stdin>".into());
    // Each document's configuration is found (and each distinct one read
    // and compiled once) on this thread, before anything is analysed.
    let mut resolver = Resolver::new(opts.config.clone(), opts.flags());
    // What to analyse, in report order. Documents are sorted by path; the
    // records of exports keep the order of the files and of the paths given.
    // A document is a path and the index of its settings until it is read;
    // an export's records are read when the analysis reaches the export.
    // The files: their packed list, and each one's settings and path
    // relative to its configuration's folder.
    let mut files = SourceList::default();
    let mut placed: Vec<(u32, Option<Box<Path>>)> = Vec::new();
    let mut exports: Vec<(Source, Placed)> = Vec::new();
    let mut errors: Vec<InputError> = Vec::new();
    let mut stdin_bytes = None;
    if opts.input_format == InputFormat::Files {
        let inputs = input::collect(&opts.paths, &stdin_name);
        errors.extend(inputs.errors.into_iter().map(|(path, message)| InputError {
            path,
            line: None,
            message,
        }));
        files = inputs.sources;
        placed.reserve_exact(files.len());
        for source in files.iter() {
            let place = match &source {
                Source::Stdin(name) => resolver.place_file(Path::new(name)),
                Source::Named(p) | Source::Walked(p) => resolver.place_file(p),
            };
            // A file that cannot be placed leaves an error in the resolver,
            // and the run stops below.
            let place = place.map_or((0, None), |p| {
                (p.settings as u32, p.rel.map(PathBuf::into_boxed_path))
            });
            placed.push(place);
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
            exports.push((source, placed));
        }
    }
    resolver.ensure_any();
    if !resolver.errors().is_empty() {
        for e in resolver.errors() {
            let _ = writeln!(err, "rapport: {e}");
        }
        return EXIT_ERROR;
    }
    let kept = Released {
        value: resolver.into_settings(),
        at_exit: opts.exit_after,
    };
    let settings = &kept.value;
    // Standard input is read once, up front, on this thread.
    if files.iter().any(|s| matches!(s, Source::Stdin(_))) {
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

    let rules = output::RuleMeta::of_packs(settings.iter().map(|s| &s.pack));
    let (renderer, mut assembler) = format.output(
        format == Format::Text && use_color(opts.color),
        &rules,
        opts.group_by.as_ref(),
    );
    let renderer = &*renderer;
    let briefs = renderer.needs_brief();
    // Each document's report is rendered where it was analysed; only its
    // bytes wait (briefly) for the documents before it to be written.
    let render = |d: &DocumentReport, text: &str, fail_under: Option<u32>| -> io::Result<Vec<u8>> {
        let mut buf = Vec::with_capacity(16 * 1024);
        renderer.document(&mut buf, d, &DocContext { text, fail_under })?;
        Ok(buf)
    };
    let analyse_one = |w: Work| -> Item {
        let doc = |(report, text): (DocumentReport, String), fail_under| Item::Doc {
            score: report.score,
            fail_under,
            worst: output::worst_severity(&report),
            rendered: render(&report, &text, fail_under),
            brief: briefs.then(|| output::Brief::of(&report, fail_under)),
        };
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
                        doc(report, s.fail_under)
                    }
                }
            }
            Work::Record(r, placed) => {
                let name = r.name();
                if r.text.len() > input::MAX_DOCUMENT {
                    return Item::Error(InputError {
                        path: name,
                        line: Some(r.line),
                        message: input::too_large(r.text.len()),
                    });
                }
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
                let (mut report, text) = analyse_text(
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
                doc((report, text), s.fail_under)
            }
        }
    };

    let pool = match opts.jobs {
        Some(n) => match rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
        {
            Ok(pool) => Some(pool),
            Err(e) => {
                let _ = writeln!(err, "rapport: could not start {n} worker threads: {e}");
                return EXIT_ERROR;
            }
        },
        None => None,
    };

    // The progress bar counts documents as they are written. The records
    // of an export are counted when it is read: the bar shows once there
    // are two documents or more, as it does for files.
    let progress = (!opts.quiet && io::stderr().is_terminal()).then(|| {
        let pb = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed}")
        {
            pb.set_style(style);
        }
        pb
    });
    let counted = |n: usize| {
        if let Some(pb) = &progress {
            let before = pb.length().unwrap_or(0);
            pb.inc_length(n as u64);
            if before <= 1 && before + n as u64 > 1 {
                pb.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    };
    let work: Box<dyn Iterator<Item = Work> + '_> = if opts.input_format == InputFormat::Files {
        counted(files.len());
        let (files, placed) = (&files, &placed);
        Box::new((0..files.len()).map(move |i| {
            let (settings, rel) = &placed[i];
            let place = Placed {
                settings: *settings as usize,
                rel: rel.as_deref().map(Path::to_path_buf),
            };
            Work::File(files.get(i), place)
        }))
    } else {
        let format = opts.input_format;
        let fields = &fields;
        let counted = &counted;
        Box::new(exports.into_iter().flat_map(move |(source, placed)| {
            // One export's records at a time.
            let entries = batch::read_export(&source, format, fields);
            counted(entries.len());
            entries.into_iter().map(move |e| match e {
                Entry::Record(r) => Work::Record(r, placed.clone()),
                Entry::Error(e) => Work::Error(e),
            })
        }))
    };

    // Each document is written as soon as it and those before it are
    // analysed; the report keeps only the totals, the distinct thresholds
    // and the errors (written last, as they are small).
    let mut tally = Tally::default();
    // Each document is held to its own configuration's `fail_under`
    // (`--fail-under` replaces them all).
    let mut thresholds = std::collections::BTreeSet::new();
    // The most serious finding of the batch, for `--fail-on`.
    let mut worst_found: Option<Severity> = None;
    let mut written: io::Result<()> = assembler.begin(out);
    let quiet = opts.quiet;
    let write_item = |item: Item| {
        match item {
            Item::Doc {
                score,
                fail_under,
                worst,
                rendered,
                brief,
            } => {
                tally.add(score, fail_under);
                thresholds.extend(fail_under);
                worst_found = match (worst_found, worst) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                // After a failed write, the rest is analysed (for the
                // summary and the exit code) but not written.
                if written.is_ok() {
                    written = rendered.and_then(|bytes| assembler.document(out, &bytes, brief));
                }
            }
            Item::Error(e) => errors.push(e),
            Item::Skipped(path, note) => {
                if !quiet {
                    let mut print = || writeln!(err, "rapport: note: {path}: {note}");
                    let _ = match &progress {
                        Some(pb) => pb.suspend(print),
                        None => print(),
                    };
                }
            }
        }
        if let Some(pb) = &progress {
            pb.inc(1);
        }
    };
    in_order(pool.as_ref(), work, analyse_one, write_item);
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }

    if opts.input_format == InputFormat::Files {
        errors.sort_by(|a, b| a.path.cmp(&b.path));
    }
    for e in &errors {
        let _ = writeln!(err, "rapport: {}: {}", e.location(), e.message);
    }
    let summary = tally.summary(errors.len());
    let shown_threshold = match thresholds.len() {
        0 => opts.fail_under,
        1 => thresholds.first().copied(),
        _ => None,
    };
    let end = output::End {
        errors: &errors,
        summary: &summary,
        fail_under: shown_threshold,
        mixed_thresholds: thresholds.len() > 1,
        rules: &rules,
    };
    let written = written.and_then(|_| assembler.finish(out, &end));
    if let Err(e) = written.and_then(|_| out.flush())
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        let _ = writeln!(err, "rapport: could not write the report: {e}");
        return EXIT_ERROR;
    }
    let failed_on = opts
        .fail_on
        .is_some_and(|level| worst_found.is_some_and(|w| w <= level));
    if !errors.is_empty() {
        EXIT_ERROR
    } else if (summary.below_threshold > 0 || failed_on) && !opts.exit_zero {
        EXIT_THRESHOLD
    } else {
        EXIT_OK
    }
}

/// A writer that remembers whether a write failed.
struct Tracked<W: Write> {
    inner: W,
    failed: bool,
}

impl<W: Write> Write for Tracked<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.inner.write(buf);
        self.failed |= r.is_err();
        r
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.failed |= r.is_err();
        r
    }
}

/// Runs a command that writes a report (`run(out, err)`, giving an exit
/// code) with its report going to `path`, atomically: it is written to a
/// temporary file in the same folder, which replaces `path` only once the
/// whole report is written. A run that fails to write, or is killed, never
/// leaves half a report at `path`; messages still go to `err`.
pub fn write_to_file(
    path: &Path,
    err: &mut dyn Write,
    run: impl FnOnce(&mut dyn Write, &mut dyn Write) -> u8,
) -> u8 {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let shown = path.display();
    let mut builder = tempfile::Builder::new();
    builder.prefix(".rapport-").suffix(".tmp");
    // A report replaces a file with that file's permissions; a new one gets
    // what any new file gets (read-write for all, less the umask), not the
    // owner-only mode of temporary files.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let tmp = match builder.tempfile_in(dir) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(
                err,
                "rapport: {shown}: cannot write the report in {}: {e}",
                dir.display()
            );
            return EXIT_ERROR;
        }
    };
    let mut out = Tracked {
        inner: io::BufWriter::with_capacity(256 * 1024, tmp),
        failed: false,
    };
    let code = run(&mut out, err);
    let flushed = out.flush();
    if out.failed || flushed.is_err() {
        // `run` said what failed; the temporary file is removed on drop.
        return EXIT_ERROR;
    }
    let tmp = match out.inner.into_inner() {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "rapport: {shown}: could not write the report: {e}");
            return EXIT_ERROR;
        }
    };
    if let Err(e) = tmp
        .as_file()
        .sync_all()
        .and_then(|_| tmp.persist(path).map(|_| ()).map_err(|e| e.error))
    {
        let _ = writeln!(err, "rapport: {shown}: could not write the report: {e}");
        return EXIT_ERROR;
    }
    code
}

/// How many inputs may be in flight per worker thread: queued, being
/// analysed, or done and waiting for one before them to be written. A
/// document that takes long holds back the writing, not the other threads,
/// until this many after it are done.
const WINDOW_PER_THREAD: usize = 16;

/// The least window, however few the threads.
const MIN_WINDOW: usize = 64;

/// The most inputs a worker takes at once. Each task a thread takes, and
/// each result it hands back, can wake a sleeping thread (a system call and
/// a switch, on two cores with three threads); a batch of thousands of
/// short emails spent several percent of its time there. A judgement.
const MAX_CHUNK: usize = 8;

/// Runs `f` over `work` on the threads of `pool` (rayon's global pool when
/// `None`) and hands each result to `sink`, on the calling thread, in the
/// order of `work`: each as soon as it and all those before it are done.
///
/// `work` is drawn as the results are written: at most a window of inputs
/// (a small multiple of the threads) are queued, being analysed, or done
/// and waiting for an earlier one, so memory does not grow with the
/// number of inputs. A thread takes a few consecutive inputs at once when
/// there are many (see [`MAX_CHUNK`]: at most one in 32 a thread of those
/// known at the start, so a short batch still spreads over all threads).
/// The window slides one chunk at a time: no thread waits for the slowest
/// of a window. The calling thread does not analyse; it writes while the
/// pool's threads work.
///
/// A panic in `f` is raised again on the calling thread (where a single
/// input runs).
fn in_order<W: Send, T: Send>(
    pool: Option<&rayon::ThreadPool>,
    work: impl Iterator<Item = W>,
    f: impl Fn(W) -> T + Sync,
    mut sink: impl FnMut(T),
) {
    // A single input (one draft) is analysed on this thread: starting the
    // worker threads would cost more than the analysis.
    let mut work = work.peekable();
    let first = work.next();
    if work.peek().is_none() {
        if let Some(w) = first {
            sink(f(w));
        }
        return;
    }
    let known = work.size_hint().0 + 1;
    let work = first.into_iter().chain(work);
    let threads = pool.map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
    let window = threads.saturating_mul(WINDOW_PER_THREAD).max(MIN_WINDOW);
    let chunk = (known / threads.saturating_mul(32).max(1)).clamp(1, MAX_CHUNK);
    let f = &f;
    match pool {
        Some(p) => p.in_place_scope(|scope| run_window(scope, window, chunk, work, f, sink)),
        None => rayon::in_place_scope(|scope| run_window(scope, window, chunk, work, f, sink)),
    }
}

/// The results of a chunk of inputs, from the `i`th on.
type Done<T> = (usize, Vec<std::thread::Result<T>>);

fn run_window<'scope, W: Send + 'scope, T: Send + 'scope, F: Fn(W) -> T + Sync>(
    scope: &rayon::Scope<'scope>,
    window: usize,
    chunk: usize,
    mut work: impl Iterator<Item = W>,
    f: &'scope F,
    mut sink: impl FnMut(T),
) {
    let (tx, rx) = mpsc::channel::<Done<T>>();
    // The inputs started and not yet written, oldest first: `None` until
    // done. `written` inputs came before the first of them.
    let mut waiting: VecDeque<Option<T>> = VecDeque::with_capacity(window + chunk);
    let mut written = 0usize;
    let mut more = true;
    loop {
        while more && waiting.len() < window {
            let inputs: Vec<W> = work.by_ref().take(chunk).collect();
            if inputs.len() < chunk {
                more = false;
            }
            if inputs.is_empty() {
                break;
            }
            let i = written + waiting.len();
            waiting.extend(inputs.iter().map(|_| None));
            let tx = tx.clone();
            scope.spawn(move |_| {
                let results = inputs
                    .into_iter()
                    .map(|w| panic::catch_unwind(AssertUnwindSafe(|| f(w))))
                    .collect();
                // The receiver lives until every input is written.
                let _ = tx.send((i, results));
            });
        }
        if waiting.is_empty() {
            break;
        }
        // This thread holds a sender: the channel stays open.
        let Ok((i, results)) = rx.recv() else { break };
        for (k, result) in results.into_iter().enumerate() {
            match result {
                Ok(t) => waiting[i + k - written] = Some(t),
                Err(payload) => panic::resume_unwind(payload),
            }
        }
        while let Some(slot) = waiting.front_mut()
            && let Some(t) = slot.take()
        {
            waiting.pop_front();
            written += 1;
            sink(t);
        }
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
) -> (DocumentReport, String) {
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
    let report = analyze_with(&doc, &settings.pack, config_ignores);
    (report, doc.text)
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
    let Some(pack) = project_pack_or_say(rule_dirs, config, err) else {
        return EXIT_ERROR;
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
    let Some(pack) = project_pack_or_say(rule_dirs, config, err) else {
        return EXIT_ERROR;
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
    let Some(pack) = project_pack_or_say(rule_dirs, config, err) else {
        return EXIT_ERROR;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_in_order_in_chunks_with_a_bounded_window() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let n = 2000;
        let started = AtomicUsize::new(0);
        let written = AtomicUsize::new(0);
        let most_in_flight = AtomicUsize::new(0);
        let mut out = Vec::new();
        in_order(
            Some(&pool),
            0..n,
            |i: usize| {
                let s = started.fetch_add(1, Ordering::SeqCst) + 1;
                let in_flight = s - written.load(Ordering::SeqCst);
                most_in_flight.fetch_max(in_flight, Ordering::SeqCst);
                // Uneven work: some inputs take much longer than others.
                let spin = if i.is_multiple_of(97) { 20_000 } else { 100 };
                (0..spin).fold(i, |a, b| std::hint::black_box(a ^ b));
                i * 3
            },
            |r| {
                out.push(r);
                written.fetch_add(1, Ordering::SeqCst);
            },
        );
        assert_eq!(out, (0..n).map(|i| i * 3).collect::<Vec<_>>());
        // 2000 inputs on 2 threads: chunks of MAX_CHUNK, and never more
        // than the window and one chunk started and not written.
        let window = (2 * WINDOW_PER_THREAD).max(MIN_WINDOW);
        assert!(most_in_flight.load(Ordering::SeqCst) <= window + MAX_CHUNK);
    }

    #[test]
    fn a_panic_in_a_chunk_reaches_the_caller() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let caught = panic::catch_unwind(AssertUnwindSafe(|| {
            in_order(
                Some(&pool),
                0..1000usize,
                |i| {
                    assert!(i != 500, "input 500");
                    i
                },
                |_| {},
            )
        }));
        let payload = caught.expect_err("the panic is raised again");
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        assert!(message.contains("input 500"), "{message}");
    }
}
