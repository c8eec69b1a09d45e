//! The phrase lists of the default rule pack, for `scripts/bench`.
//!
//! ```text
//! cargo run --release --example phrases > phrases.txt
//! cargo run --release --example phrases -- --doubled-rules DIR
//! ```
//!
//! Without arguments it prints every phrase of every list in the default
//! pack, one a line, without duplicates: the patterns given to ripgrep
//! (`rg -F -f phrases.txt`) to compare rapport with a plain phrase search on
//! the same lists. The name lists (`self_names`, `prospect_names`) are empty
//! by default and filled per run, so they are left out; regular expressions
//! (`[patterns]`) are not phrases and are left out too.
//!
//! With `--doubled-rules DIR` it writes every default rule into DIR (which
//! must exist) with each phrase list doubled: every phrase is kept and a
//! variant with a suffix word (`PHRASE zq`) is added, which no ordinary text
//! contains. `rapport check --rules DIR` then runs a pack whose lists are
//! twice as long but whose verdicts are the same, so only the cost of the
//! longer lists shows.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use rapport::rule::{DEFAULT_RULES, parse_spec};

/// Lists that hold names given per run, not phrases.
const SKIPPED: &[&str] = &["self_names", "prospect_names"];

/// The word added to each phrase to make its variant.
const SUFFIX: &str = "zq";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [] => print_phrases(),
        [flag, dir] if flag == "--doubled-rules" => write_doubled(Path::new(dir)),
        _ => Err("usage: phrases [--doubled-rules DIR]".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("phrases: {e}");
            ExitCode::from(2)
        }
    }
}

fn print_phrases() -> Result<(), String> {
    let mut seen = BTreeSet::new();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for (origin, text) in DEFAULT_RULES {
        let spec = parse_spec(origin, text).map_err(|e| e.to_string())?;
        for (name, phrases) in &spec.lists {
            if SKIPPED.contains(&name.as_str()) {
                continue;
            }
            for phrase in phrases {
                let phrase = phrase.trim();
                if phrase.is_empty() || !seen.insert(phrase.to_string()) {
                    continue;
                }
                if writeln!(out, "{phrase}").is_err() {
                    // A closed pipe (`| head`) is not an error here.
                    return Ok(());
                }
            }
        }
    }
    let _ = out.flush();
    Ok(())
}

fn write_doubled(dir: &Path) -> Result<(), String> {
    let mut phrases = 0;
    for (origin, text) in DEFAULT_RULES {
        let mut table: toml::Table = text.parse().map_err(|e| format!("{origin}: {e}"))?;
        if let Some(toml::Value::Table(lists)) = table.get_mut("lists") {
            for (name, list) in lists.iter_mut() {
                let toml::Value::Array(items) = list else {
                    continue;
                };
                if SKIPPED.contains(&name.as_str()) {
                    continue;
                }
                let variants: Vec<toml::Value> = items
                    .iter()
                    .filter_map(|v| v.as_str())
                    .map(|p| toml::Value::String(format!("{p} {SUFFIX}")))
                    .collect();
                phrases += variants.len();
                items.extend(variants);
            }
        }
        let doubled = toml::to_string(&table).map_err(|e| format!("{origin}: {e}"))?;
        // The doubled file must still be a valid rule.
        parse_spec(origin, &doubled).map_err(|e| format!("doubled {origin}: {e}"))?;
        let name = Path::new(origin)
            .file_name()
            .ok_or_else(|| format!("{origin}: no file name"))?;
        let path = dir.join(name);
        std::fs::write(&path, doubled).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    eprintln!(
        "phrases: wrote {} rules with {phrases} phrase variants added to {}",
        DEFAULT_RULES.len(),
        dir.display()
    );
    Ok(())
}
