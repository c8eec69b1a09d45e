//! The `rapport` command line: parses arguments and calls the library.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use rapport::app::{self, CheckOptions, ColorChoice, RulesFormat};
use rapport::input::batch::InputFormat;
use rapport::profile::Profile;
use rapport::report::Format;

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
    /// List the rules: what is checked, and why.
    Rules {
        /// Add the rule files (*.toml) in this folder; same id replaces a default rule.
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFmt::Text)]
        format: RulesFmt,
    },
    /// Show one rule in full: rationale, sources, targets, examples.
    Explain {
        /// The rule id, e.g. follow-up/next-step.
        id: String,
        /// Add the rule files (*.toml) in this folder.
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
}

#[derive(Parser)]
struct CheckArgs {
    /// Files or folders to check; - reads standard input.
    #[arg(value_name = "PATH")]
    paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Fmt::Text)]
    format: Fmt,
    /// Document profile; auto chooses from the extension and content.
    #[arg(long, value_enum, default_value_t = ProfileArg::Auto)]
    profile: ProfileArg,
    /// The rep's speaker label in transcripts (repeatable, case-insensitive).
    #[arg(long = "rep", value_name = "NAME")]
    reps: Vec<String>,
    /// Your own company or product name; counts as talking about yourself (repeatable).
    #[arg(long = "self-name", value_name = "NAME")]
    self_names: Vec<String>,
    /// The prospect's name or company; counts as talking about the reader (repeatable).
    #[arg(long = "prospect", value_name = "NAME")]
    prospects: Vec<String>,
    /// Add the rule files (*.toml) in this folder; same id replaces a default rule.
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Exit with 1 when any document scores below this (0-100).
    #[arg(long, value_name = "SCORE", value_parser = clap::value_parser!(u32).range(0..=100))]
    fail_under: Option<u32>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    jobs: Option<u32>,
    /// No progress bar or notes on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Colour the text report.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
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
    Text,
    Json,
    Ndjson,
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

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut err = io::stderr();
    let code = match cli.command {
        Command::Check(a) => {
            let mut paths = a.paths;
            if paths.is_empty() {
                if io::stdin().is_terminal() {
                    eprintln!(
                        "rapport: no paths given; name files or folders, or - for standard input"
                    );
                    return ExitCode::from(app::EXIT_ERROR);
                }
                paths.push("-".into());
            }
            let opts = CheckOptions {
                paths,
                profile: match a.profile {
                    ProfileArg::Auto => None,
                    ProfileArg::Email => Some(Profile::Email),
                    ProfileArg::Notes => Some(Profile::Notes),
                    ProfileArg::Transcript => Some(Profile::Transcript),
                },
                format: Some(match a.format {
                    Fmt::Text => Format::Text,
                    Fmt::Json => Format::Json,
                    Fmt::Ndjson => Format::Ndjson,
                }),
                reps: a.reps,
                self_names: a.self_names,
                prospect_names: a.prospects,
                rule_dirs: a.rules,
                fail_under: a.fail_under,
                jobs: a.jobs.map(|j| j as usize),
                quiet: a.quiet,
                color: match a.color {
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
            };
            app::check(&opts, &mut out, &mut err)
        }
        Command::Rules { rules, format } => {
            let f = match format {
                RulesFmt::Text => RulesFormat::Text,
                RulesFmt::Json => RulesFormat::Json,
            };
            app::rules(&rules, f, &mut out, &mut err)
        }
        Command::Explain { id, rules } => app::explain(&rules, &id, &mut out, &mut err),
    };
    ExitCode::from(code)
}
