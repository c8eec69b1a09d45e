//! The `rapport` command line: parses arguments and calls the library.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use rapport::app::{self, CheckOptions, ColorChoice, ConfigFormat, ConfigOptions, RulesFormat};
use rapport::cli_docs;
use rapport::config::{ConfigMode, Flags};
use rapport::input::batch::InputFormat;
use rapport::outcome::Severity;
use rapport::profile::Profile;
use rapport::report::Format;
use rapport::report::summary::GroupBy;

/// Coaching for salespeople from their own emails, notes and call transcripts.
#[derive(Parser)]
#[command(name = "rapport", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score documents (files, folders, or - for stdin) and print a report.
    Check(CheckArgs),
    /// Score documents as check does and print figures over the batch: the spread of scores,
    /// each rule's pass and fail rates, the most frequent findings, the lowest scores, and the
    /// same by group.
    Summary(SummaryArgs),
    /// List the rules: what is checked, and why.
    Rules {
        #[command(subcommand)]
        action: Option<RulesAction>,
        /// Add the rule files (*.toml) in this folder; same id replaces a default rule.
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFmt::Text)]
        format: RulesFmt,
        #[command(flatten)]
        source: ConfigSource,
    },
    /// Print the effective configuration (rapport.toml and flags) for a path.
    Config(ConfigArgs),
    /// Show one rule in full: rationale, sources, targets, examples.
    Explain {
        /// The rule id, e.g. follow-up/next-step.
        id: String,
        /// Add the rule files (*.toml) in this folder.
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
        #[command(flatten)]
        source: ConfigSource,
    },
    /// Print the shell completion script for bash, zsh, fish, elvish or PowerShell.
    Completions {
        /// The shell the script is for.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page (roff): of the whole command, or of one subcommand.
    Man {
        /// The subcommand whose page is printed (`check`, `rules test`); without one, the page of
        /// the whole command.
        #[arg(value_name = "SUBCOMMAND")]
        subcommand: Vec<String>,
    },
}

#[derive(Subcommand)]
enum RulesAction {
    /// Run every rule's examples and report the ones that fail (exit 1).
    Test {
        /// Test the rule files (*.toml) in these folders; without one, the default rules.
        #[arg(value_name = "DIR")]
        dirs: Vec<PathBuf>,
    },
}

#[derive(Parser)]
struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Fmt::Text)]
    format: Fmt,
    #[command(flatten)]
    batch: BatchArgs,
    /// Colour the text report.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Group the HTML report's figures by FIELD, a field of the records of an export (e.g.
    /// author), or by `folder` [default: folder, when the documents are in more than one].
    #[arg(long, value_name = "FIELD", value_parser = GroupBy::parse)]
    group_by: Option<GroupBy>,
}

#[derive(Parser)]
struct SummaryArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = SummaryFmt::Text)]
    format: SummaryFmt,
    #[command(flatten)]
    batch: BatchArgs,
    /// Group the documents by FIELD, a field of the records of an export (e.g. author), or by
    /// `folder` (the folder that holds each document).
    #[arg(long, value_name = "FIELD", value_parser = GroupBy::parse)]
    group_by: Option<GroupBy>,
}

/// The inputs of a batch and how it runs: shared by `check` and `summary`.
#[derive(clap::Args)]
struct BatchArgs {
    /// Files or folders to check; - reads standard input.
    #[arg(value_name = "PATH")]
    paths: Vec<String>,
    /// Write the report to FILE (replaced only once the whole report is written) instead of
    /// standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit with 1 when any finding is at least this serious.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<FailOn>,
    /// Exit with 0 even when --fail-under or --fail-on fails (input and usage errors still
    /// exit with 2).
    #[arg(long)]
    exit_zero: bool,
    #[command(flatten)]
    run: RunFlags,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    jobs: Option<u32>,
    /// No progress bar or notes on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// The name shown for standard input (its extension helps choose a profile).
    #[arg(long, value_name = "NAME")]
    stdin_name: Option<String>,
    /// How PATHs are read: documents, or exports with one document a record.
    #[arg(long, value_enum, default_value_t = InputFmt::Files)]
    input_format: InputFmt,
    /// The field (NDJSON key, CSV column) of a record with its text [default: text].
    #[arg(long, value_name = "FIELD")]
    text_field: Option<String>,
    /// The field of a record with its id, shown as FILE#ID [default: id].
    #[arg(long, value_name = "FIELD")]
    id_field: Option<String>,
    /// The field of a record with its profile (email, notes, transcript).
    #[arg(long, value_name = "FIELD")]
    profile_field: Option<String>,
    #[command(flatten)]
    source: ConfigSource,
}

/// Flags that set what the configuration also sets; they win over it.
#[derive(clap::Args)]
struct RunFlags {
    /// Document profile; auto chooses from the extension, the content and the
    /// configuration's per-path profiles.
    #[arg(long, value_enum, default_value_t = ProfileArg::Auto)]
    profile: ProfileArg,
    /// The rep's speaker label in transcripts (repeatable, case-insensitive; replaces the
    /// configuration's reps).
    #[arg(long = "rep", value_name = "NAME")]
    reps: Vec<String>,
    /// Your own company or product name; counts as talking about yourself (repeatable; added
    /// to self_names).
    #[arg(long = "self-name", value_name = "NAME")]
    self_names: Vec<String>,
    /// The prospect's name or company; counts as talking about the reader (repeatable; added
    /// to prospect_names).
    #[arg(long = "prospect", value_name = "NAME")]
    prospects: Vec<String>,
    /// Add the rule files (*.toml) in this folder; same id replaces a default rule (added to
    /// rule_dirs).
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Exit with 1 when any document scores below this, 0-100 (replaces fail_under).
    #[arg(long, value_name = "SCORE", value_parser = clap::value_parser!(u32).range(0..=100))]
    fail_under: Option<u32>,
}

impl RunFlags {
    fn flags(self) -> Flags {
        Flags {
            profile: self.profile.profile(),
            reps: self.reps,
            self_names: self.self_names,
            prospect_names: self.prospects,
            rule_dirs: self.rules,
            fail_under: self.fail_under,
        }
    }
}

/// Where the project configuration comes from.
#[derive(clap::Args)]
struct ConfigSource {
    /// Use this configuration file for every document instead of finding rapport.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Read no configuration file.
    #[arg(long)]
    no_config: bool,
}

impl ConfigSource {
    fn mode(&self) -> ConfigMode {
        match (&self.config, self.no_config) {
            (_, true) => ConfigMode::Off,
            (Some(f), false) => ConfigMode::File(f.clone()),
            (None, false) => ConfigMode::Discover,
        }
    }
}

#[derive(Parser)]
struct ConfigArgs {
    /// The file or folder whose configuration is shown.
    #[arg(value_name = "PATH", default_value = ".")]
    path: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ConfigFmt::Toml)]
    format: ConfigFmt,
    #[command(flatten)]
    run: RunFlags,
    #[command(flatten)]
    source: ConfigSource,
}

#[derive(Clone, Copy, ValueEnum)]
enum ConfigFmt {
    Toml,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum InputFmt {
    /// Files and folders, one document a file.
    Files,
    /// JSON objects, one a line: one document each.
    Ndjson,
    /// CSV with a header row: one document a row.
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum Fmt {
    /// A report for people at a terminal.
    Text,
    /// One JSON object (docs/report-format.md).
    Json,
    /// One JSON object a line: a document each, then the totals.
    Ndjson,
    /// A SARIF 2.1.0 log, for code-scanning views.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// One self-contained HTML page (figures, a sortable table, marked texts).
    Html,
    /// JUnit XML: a test case per document, failed below --fail-under.
    Junit,
    /// A Markdown summary: totals and a table of the documents.
    Markdown,
    /// A CSV row per document.
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum SummaryFmt {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    /// Findings of severity error.
    Error,
    /// Findings of severity warning or error.
    Warning,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFmt {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ProfileArg {
    Auto,
    Email,
    Notes,
    Transcript,
}

impl ProfileArg {
    fn profile(self) -> Option<Profile> {
        match self {
            ProfileArg::Auto => None,
            ProfileArg::Email => Some(Profile::Email),
            ProfileArg::Notes => Some(Profile::Notes),
            ProfileArg::Transcript => Some(Profile::Transcript),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

/// The bytes of output gathered before a write (about 25 JSON reports).
const OUT_BUFFER: usize = 256 * 1024;

/// Runs a batch (`check`, `summary`) in `format`; returns the exit code.
fn run_batch(
    a: BatchArgs,
    format: Format,
    color: ColorArg,
    group_by: Option<GroupBy>,
    out: &mut dyn io::Write,
    err: &mut dyn io::Write,
) -> u8 {
    let mut paths = a.paths;
    if paths.is_empty() {
        if io::stdin().is_terminal() {
            let _ = writeln!(
                err,
                "rapport: no paths given; name files or folders, or - for standard input"
            );
            return app::EXIT_ERROR;
        }
        paths.push("-".into());
    }
    let run = a.run.flags();
    let opts = CheckOptions {
        paths,
        profile: run.profile,
        format: Some(format),
        reps: run.reps,
        self_names: run.self_names,
        prospect_names: run.prospect_names,
        rule_dirs: run.rule_dirs,
        fail_under: run.fail_under,
        fail_on: a.fail_on.map(|f| match f {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
        }),
        exit_zero: a.exit_zero,
        jobs: a.jobs.map(|j| j as usize),
        quiet: a.quiet,
        color: match color {
            // A report written to a file is not coloured for the terminal.
            ColorArg::Auto if a.output.is_some() => ColorChoice::Never,
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        },
        stdin_name: a.stdin_name,
        input_format: match a.input_format {
            InputFmt::Files => InputFormat::Files,
            InputFmt::Ndjson => InputFormat::Ndjson,
            InputFmt::Csv => InputFormat::Csv,
        },
        text_field: a.text_field,
        id_field: a.id_field,
        profile_field: a.profile_field,
        group_by,
        config: a.source.mode(),
        exit_after: true,
    };
    match a.output {
        Some(path) => app::write_to_file(&path, err, |out, err| app::check(&opts, out, err)),
        None => app::check(&opts, out, err),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Reports reach standard output in large writes: a batch writes tens
    // of megabytes, and the default 8 KB buffer (under the line buffering
    // of standard output) made several system calls a report.
    let mut out = io::BufWriter::with_capacity(OUT_BUFFER, io::stdout().lock());
    let mut err = io::stderr();
    let code = match cli.command {
        Command::Check(a) => {
            let format = match a.format {
                Fmt::Text => Format::Text,
                Fmt::Json => Format::Json,
                Fmt::Ndjson => Format::Ndjson,
                Fmt::Sarif => Format::Sarif,
                Fmt::Github => Format::Github,
                Fmt::Html => Format::Html,
                Fmt::Junit => Format::Junit,
                Fmt::Markdown => Format::Markdown,
                Fmt::Csv => Format::Csv,
            };
            run_batch(a.batch, format, a.color, a.group_by, &mut out, &mut err)
        }
        Command::Summary(a) => {
            let format = match a.format {
                SummaryFmt::Text => Format::Summary,
                SummaryFmt::Json => Format::SummaryJson,
            };
            run_batch(
                a.batch,
                format,
                ColorArg::Never,
                a.group_by,
                &mut out,
                &mut err,
            )
        }
        Command::Config(a) => {
            let opts = ConfigOptions {
                path: a.path,
                config: a.source.mode(),
                flags: a.run.flags(),
                format: match a.format {
                    ConfigFmt::Toml => ConfigFormat::Toml,
                    ConfigFmt::Json => ConfigFormat::Json,
                },
            };
            app::config(&opts, &mut out, &mut err)
        }
        Command::Rules {
            action: Some(RulesAction::Test { dirs }),
            rules,
            source,
            ..
        } => {
            let mut all = rules;
            all.extend(dirs);
            app::rules_test(&all, &source.mode(), &mut out, &mut err)
        }
        Command::Rules {
            action: None,
            rules,
            format,
            source,
        } => {
            let f = match format {
                RulesFmt::Text => RulesFormat::Text,
                RulesFmt::Json => RulesFormat::Json,
            };
            app::rules(&rules, &source.mode(), f, &mut out, &mut err)
        }
        Command::Explain { id, rules, source } => {
            app::explain(&rules, &source.mode(), &id, &mut out, &mut err)
        }
        Command::Completions { shell } => {
            cli_docs::completions(Cli::command(), shell, &mut out, &mut err)
        }
        Command::Man { subcommand } => {
            cli_docs::man_page(Cli::command(), &subcommand, &mut out, &mut err)
        }
    };
    ExitCode::from(code)
}
