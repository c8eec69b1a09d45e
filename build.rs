//! Reads the default rule files (`rules/*.toml`) once, when rapport is
//! built, and writes to `$OUT_DIR`:
//! - `gate_table.rs`: each pattern as a scanner's gate reads it (see
//!   `src/gate.rs`); reading every pattern again at each start cost about a
//!   fifth of checking one draft. Patterns not in the table (a team's
//!   rules) are read when they are loaded.
//! - `rules_json.rs`: each rule file as JSON, which the pack reads several
//!   times faster than TOML (one draft reads every rule file).
//! - `group_dfas.rs` and `group_dfas.bin`: each pattern group a scanner can
//!   make from the default pack's gated lists, compiled to an anchored DFA
//!   and serialised (see `precompiled` in `src/lexicon.rs`) when the DFA is
//!   at most 4 MB, else pattern by pattern; compiling the groups a draft
//!   wakes was about two fifths of checking it.
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
    let (table, blob) = group_dfas(&files);
    write("group_dfas.rs", table);
    std::fs::write(format!("{dir}/group_dfas.bin"), blob).expect("OUT_DIR is writable");
}

/// The pattern lists of the rule files as a scanner holds them: the flags
/// (a rule's `match_case`) and each pattern wrapped as `Lexicon` wraps it.
fn pattern_lists(files: &[(String, toml::Table)]) -> Vec<(&'static str, Vec<String>)> {
    let mut out = Vec::new();
    for (_, table) in files {
        let match_case = table
            .get("options")
            .and_then(|o| o.get("match_case"))
            .and_then(toml::Value::as_bool)
            .unwrap_or(false);
        let flags = if match_case { "" } else { "(?i)" };
        let Some(toml::Value::Table(lists)) = table.get("patterns") else {
            continue;
        };
        for patterns in lists.values() {
            let toml::Value::Array(patterns) = patterns else {
                continue;
            };
            let parts: Vec<String> = patterns
                .iter()
                .filter_map(toml::Value::as_str)
                .map(|p| format!("(?:{})", gate::ascii_word_boundaries(p)))
                .collect();
            if !parts.is_empty() {
                out.push((flags, parts));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The largest serialised DFA of one group (or one pattern of a group) that
/// the binary carries: larger ones (a bounded gap such as `[^.?!]{2,80}`
/// multiplies states) are compiled at run time, lazily. The binary reads a
/// DFA in place without checking its states, so a large one costs only the
/// pages a search touches, and a few megabytes of binary. Over the ten
/// samples (callgrind): a 32 KB limit 360 M instructions, 512 KB 288 M,
/// 4 MB 273 M (the binary 9.2, 12.2 and 16.6 MB).
const GROUP_DFA_LIMIT: usize = 4096 * 1024;

/// Every group a scanner can make of the default pack's gated lists, each
/// compiled to a sparse anchored DFA when that is at most
/// [`GROUP_DFA_LIMIT`] bytes, else (in ASCII mode, with several patterns)
/// pattern by pattern: Rust tables (group source, offset, length; group
/// source and its patterns) sorted by source, and the DFAs one after
/// another.
///
/// A scanner opens, where a gate literal occurs, the patterns of a list
/// with that literal or a prefix of it (at a word start all of them,
/// elsewhere those that need none), and joins them in the list's order; the
/// literals of other lists open the same sets, so each list's own literals
/// give all its groups; a list with a pattern that matches only at the
/// text's start (`^`) has one more, all its patterns. A test checks that
/// every group of the default pack is here or too large.
fn group_dfas(files: &[(String, toml::Table)]) -> (String, Vec<u8>) {
    // Each group's source, with its flags and patterns.
    let mut sources = std::collections::BTreeMap::new();
    'list: for (flags, parts) in pattern_lists(files) {
        // (literal, pattern, only at a word start)
        let mut opening: Vec<(String, usize, bool)> = Vec::new();
        let mut at_start = false;
        for (a, part) in parts.iter().enumerate() {
            let read = match gate::prefix_literals(part) {
                Some(found) => found,
                None => match gate::first_bytes(&format!("{flags}{part}")) {
                    Some((literals, word, _)) => (literals, word),
                    None if gate::starts_text(part) => {
                        at_start = true;
                        continue;
                    }
                    None => continue 'list,
                },
            };
            for literal in read.0 {
                let word = gate::at_word_start(read.1, &literal);
                opening.push((literal, a, word));
            }
        }
        // A list with a pattern that matches only at the text's start: all
        // its patterns, tried there.
        if at_start {
            let source = format!("{flags}{}", parts.join("|"));
            let alone: Vec<String> = parts.iter().map(|p| format!("{flags}{p}")).collect();
            sources.insert(source, alone);
        }
        for (literal, _, _) in &opening {
            let mut here: Vec<(usize, bool)> = opening
                .iter()
                .filter(|(l, _, _)| literal.starts_with(l.as_str()))
                .map(|&(_, a, word)| (a, word))
                .collect();
            here.sort();
            here.dedup();
            for word_start in [true, false] {
                let joined: Vec<&str> = here
                    .iter()
                    .filter(|&&(_, word)| word_start || !word)
                    .map(|&(a, _)| parts[a].as_str())
                    .collect();
                if !joined.is_empty() {
                    let source = format!("{flags}{}", joined.join("|"));
                    let alone: Vec<String> = joined.iter().map(|p| format!("{flags}{p}")).collect();
                    sources.insert(source, alone);
                }
            }
        }
    }
    let mut table = String::new();
    table.push_str("/// Each precompiled pattern group of the default pack (written by\n");
    table.push_str("/// build.rs): its source, and where its DFA is in `GROUP_DFA_BYTES`.\n");
    table.push_str("static GROUP_DFAS: &[(&str, usize, usize)] = &[\n");
    let mut blob = Vec::new();
    let mut larger = String::new();
    let mut split = String::new();
    for (source, alone) in &sources {
        let syntax = syntax_of(source);
        match group_dfa(source, syntax) {
            Some(bytes) => {
                let _ = writeln!(table, "    ({source:?}, {}, {}),", blob.len(), bytes.len());
                blob.extend_from_slice(&bytes);
            }
            None => {
                let _ = writeln!(larger, "    {source:?},");
                // Its patterns one by one, where the group is read in ASCII
                // mode (so is each pattern then, as the scanner reads it).
                if alone.len() < 2 || syntax.get_unicode() {
                    continue;
                }
                let _ = write!(split, "    ({source:?}, &[");
                for pattern in alone {
                    match group_dfa(pattern, syntax) {
                        Some(bytes) => {
                            let _ = write!(
                                split,
                                "({pattern:?}, Some(({}, {}))), ",
                                blob.len(),
                                bytes.len()
                            );
                            blob.extend_from_slice(&bytes);
                        }
                        None => {
                            let _ = write!(split, "({pattern:?}, None), ");
                        }
                    }
                }
                split.push_str("]),\n");
            }
        }
    }
    table.push_str("];\n\n");
    table.push_str("/// The groups of several patterns too large as one DFA, pattern by\n");
    table.push_str("/// pattern: each with its DFA when it is small enough.\n");
    table.push_str("static GROUP_SPLITS: &[GroupSplit] = &[\n");
    table.push_str(&split);
    table.push_str("];\n\n");
    table.push_str("/// The groups whose DFA would be too large, compiled at run time.\n");
    table.push_str("#[cfg(test)]\nstatic GROUPS_COMPILED_LATE: &[&str] = &[\n");
    table.push_str(&larger);
    table.push_str("];\n");
    (table, blob)
}

/// The syntax a pattern is compiled with at run time (see `forward` in
/// `src/lexicon.rs`): ASCII mode when it can be, else Unicode.
fn syntax_of(source: &str) -> regex_automata::util::syntax::Config {
    use regex_automata::nfa::thompson;
    use regex_automata::util::syntax;
    let ascii = syntax::Config::new().unicode(false).utf8(false);
    match thompson::Compiler::new().syntax(ascii).build(source) {
        Ok(_) => ascii,
        Err(_) => syntax::Config::new(),
    }
}

/// A pattern group compiled as the scanner compiles it (see `forward` in
/// `src/lexicon.rs`: in ASCII mode when it can be, leftmost-first, searched
/// anchored only), as a serialised sparse DFA; `None` when it is larger
/// than [`GROUP_DFA_LIMIT`] or no DFA can run it (a Unicode word boundary).
/// `syntax` is the group's (see [`syntax_of`]): a pattern of a split group
/// is read as its group is.
fn group_dfa(source: &str, syntax: regex_automata::util::syntax::Config) -> Option<Vec<u8>> {
    use regex_automata::dfa::{StartKind, dense};
    use regex_automata::nfa::thompson;
    let dfa = dense::Builder::new()
        .syntax(syntax)
        .thompson(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
        .configure(
            dense::Config::new()
                .start_kind(StartKind::Anchored)
                .dfa_size_limit(Some(16 * GROUP_DFA_LIMIT))
                .determinize_size_limit(Some(64 * GROUP_DFA_LIMIT)),
        )
        .build(source)
        .ok()?;
    let bytes = dfa.to_sparse().ok()?.to_bytes_little_endian();
    (bytes.len() <= GROUP_DFA_LIMIT).then_some(bytes)
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
