//! Reads the default rule files (`rules/*.toml`) once, when rapport is
//! built, and writes to `$OUT_DIR`:
//! - `gate_table.rs`: each pattern as a scanner's gate reads it (see
//!   `src/gate.rs`); reading every pattern again at each start cost about a
//!   fifth of checking one draft. Patterns not in the table (a team's
//!   rules) are read when they are loaded.
//! - `rules_json.rs`: each rule file as JSON, which the pack reads several
//!   times faster than TOML (one draft reads every rule file).
//!
//! A rule file the build cannot parse is left out of both: rapport then
//! reads it as TOML at run time, which reports what is wrong with it.

#[allow(dead_code)]
#[path = "src/gate.rs"]
mod gate;

use std::fmt::Write as _;

fn main() {
    println!("cargo::rerun-if-changed=rules");
    println!("cargo::rerun-if-changed=src/gate.rs");
    let mut paths: Vec<_> = std::fs::read_dir("rules")
        .expect("rules/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    // (the path as the pack names it, the parsed file)
    let files: Vec<(String, toml::Table)> = paths
        .iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).expect("a rule file is readable");
            let name = path.file_name()?.to_str()?;
            Some((format!("rules/{name}"), text.parse::<toml::Table>().ok()?))
        })
        .collect();
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let write = |name: &str, text: String| {
        std::fs::write(format!("{dir}/{name}"), text).expect("OUT_DIR is writable");
    };
    write("gate_table.rs", gate_table(&files));
    write("rules_json.rs", rules_json(&files));
}

/// The gate's reading of every pattern of the rule files, as Rust tables
/// sorted by pattern.
fn gate_table(files: &[(String, toml::Table)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (_, table) in files {
        let Some(toml::Value::Table(lists)) = table.get("patterns") else {
            continue;
        };
        for patterns in lists.values() {
            let toml::Value::Array(patterns) = patterns else {
                continue;
            };
            for p in patterns.iter().filter_map(toml::Value::as_str) {
                parts.push(format!("(?:{})", gate::ascii_word_boundaries(p)));
            }
        }
    }
    parts.sort();
    parts.dedup();
    let mut prefix = String::new();
    let mut first: Vec<(String, String)> = Vec::new();
    for part in &parts {
        let _ = match gate::prefix_literals(part) {
            Some((literals, word)) => {
                writeln!(prefix, "    ({part:?}, Some((&{literals:?}, {word}))),")
            }
            None => {
                // Read with and without case folding (a rule's policy).
                for key in [format!("(?i){part}"), part.clone()] {
                    let value = match gate::first_bytes(&key) {
                        Some((literals, word, set)) => {
                            let bytes: Vec<u8> = (0..=255u8).filter(|&b| set[b as usize]).collect();
                            format!("Some((&{literals:?}, {word}, &{bytes:?}))")
                        }
                        None => "None".to_string(),
                    };
                    first.push((key, value));
                }
                writeln!(prefix, "    ({part:?}, None),")
            }
        };
    }
    first.sort();
    let mut out = String::new();
    out.push_str("/// `prefix_literals` of each pattern of the default pack, by pattern.\n");
    out.push_str("static PREFIX_TABLE: &[PrefixEntry] = &[\n");
    out.push_str(&prefix);
    out.push_str("];\n\n/// `first_bytes` of those with no prefix literals, by pattern with\n");
    out.push_str("/// its flags: the literals, whether at a word start, the first bytes.\n");
    out.push_str("static FIRST_TABLE: &[FirstEntry] = &[\n");
    for (key, value) in &first {
        let _ = writeln!(out, "    ({key:?}, {value}),");
    }
    out.push_str("];\n");
    out
}

/// Each rule file as JSON, by its path, as a Rust table.
fn rules_json(files: &[(String, toml::Table)]) -> String {
    let mut out = String::new();
    out.push_str("/// Each default rule file (by its path) as JSON, written by build.rs.\n");
    out.push_str("static RULES_JSON: &[(&str, &str)] = &[\n");
    for (path, table) in files {
        if let Ok(json) = serde_json::to_string(table) {
            let _ = writeln!(out, "    ({path:?}, {json:?}),");
        }
    }
    out.push_str("];\n");
    out
}
