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

/// The verdict of rule `id` in a document of a JSON report.
pub fn rule<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["rules"]
        .as_array()
        .expect("rules is an array")
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no rule {id}"))
}
