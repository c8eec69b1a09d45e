//! Helpers shared by the command-line tests.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;

/// The `rapport` binary, with `NO_COLOR` cleared so tests see the defaults.
pub fn rapport() -> Command {
    let mut c = Command::cargo_bin("rapport").expect("the rapport binary is built");
    c.env_remove("NO_COLOR");
    c
}

/// Runs `rapport` with `args` and parses its standard output as JSON.
pub fn json_of(args: &[&str]) -> Value {
    let out = rapport().args(args).output().expect("rapport runs");
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// Runs `rapport` with `args` and `stdin`, and gives its standard output
/// (UTF-8) and exit code.
pub fn run(args: &[&str], stdin: &str) -> (String, i32) {
    let out = rapport()
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("rapport runs");
    (
        String::from_utf8(out.stdout).expect("the report is UTF-8"),
        out.status.code().expect("an exit code"),
    )
}

/// A temporary folder with a sub-folder per rep (`alice`, `bob`), two
/// samples in each: a batch grouped by folder.
pub fn rep_folders() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (rep, files) in [
        (
            "alice",
            ["cold-email-self-centred.txt", "breakup-email.txt"],
        ),
        ("bob", ["renewal-email.txt", "meeting-request-agenda.txt"]),
    ] {
        let sub = dir.path().join(rep);
        std::fs::create_dir(&sub).expect("a sub-folder");
        for f in files {
            std::fs::copy(format!("samples/{f}"), sub.join(f)).expect("a sample copied");
        }
    }
    dir
}

/// The verdict of rule `id` in a document of a JSON report.
pub fn rule<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["rules"]
        .as_array()
        .expect("rules is an array")
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no rule {id}"))
}

/// The default rule pack, compiled once per test binary.
pub fn pack() -> &'static rapport::rule::Pack {
    use rapport::rule::{Pack, PackOptions};
    static PACK: std::sync::OnceLock<Pack> = std::sync::OnceLock::new();
    PACK.get_or_init(|| Pack::default_pack(&PackOptions::default()).expect("default pack"))
}

/// The text of each sentence of a document, in order.
pub fn sentences(doc: &rapport::document::Document) -> Vec<&str> {
    doc.sentences
        .iter()
        .map(|s| &doc.text[s.span.clone()])
        .collect()
}
