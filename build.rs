//! Reads the default pack's patterns (`rules/*.toml`) once, when rapport is
//! built, the way a scanner's gate reads them (see `src/gate.rs`), and
//! writes what it found to `$OUT_DIR/gate_table.rs`: parsing every pattern
//! again at each start cost about a fifth of checking one draft. Patterns
//! not in the table (a team's rules) are read when they are loaded.

#[allow(dead_code)]
#[path = "src/gate.rs"]
mod gate;

use std::fmt::Write as _;

fn main() {
    println!("cargo::rerun-if-changed=rules");
    println!("cargo::rerun-if-changed=src/gate.rs");
    let mut files: Vec<_> = std::fs::read_dir("rules")
        .expect("rules/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut parts: Vec<String> = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a rule file is readable");
        // A rule file the build cannot read is reported by the tests; the
        // table only speeds up what it can read.
        let Ok(table) = text.parse::<toml::Table>() else {
            continue;
        };
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
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{dir}/gate_table.rs"), out).expect("OUT_DIR is writable");
    std::fs::write(format!("{dir}/rules_json.rs"), rules_json(&files))
        .expect("OUT_DIR is writable");
}

/// Each default rule file as JSON, by its path: the pack reads JSON
/// several times faster than TOML, and one draft reads every rule file.
fn rules_json(files: &[std::path::PathBuf]) -> String {
    let mut out = String::new();
    out.push_str("/// Each default rule file (by its path) as JSON, written by build.rs.\n");
    out.push_str("static RULES_JSON: &[(&str, &str)] = &[\n");
    for file in files {
        let text = std::fs::read_to_string(file).expect("a rule file is readable");
        // A file the build cannot read is read as TOML at run time, which
        // reports what is wrong with it.
        let Ok(table) = text.parse::<toml::Table>() else {
            continue;
        };
        let Ok(json) = serde_json::to_string(&table) else {
            continue;
        };
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let _ = writeln!(out, "    ({:?}, {json:?}),", format!("rules/{name}"));
    }
    out.push_str("];\n");
    out
}
