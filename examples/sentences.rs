//! Prints how rapport reads a file: its profile, reader, and each sentence
//! with its line, block kind and speaker. A tool for working on the readers
//! and rules.
//!
//! ```text
//! cargo run --example sentences -- PATH [--rep NAME]
//! ```

use std::process::ExitCode;

use rapport::document::{Document, ReadOptions};
use rapport::read;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: sentences PATH [--rep NAME]");
        return ExitCode::from(2);
    };
    let reps = args
        .windows(2)
        .filter(|w| w[0] == "--rep")
        .map(|w| w[1].clone())
        .collect();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("sentences: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let raw = std::str::from_utf8(&bytes)
        .is_err()
        .then_some(bytes.as_slice());
    let (profile, parsed) = read::read_raw(Some(std::path::Path::new(path)), text, raw, None);
    let doc = Document::from_parsed(path, profile, parsed, &ReadOptions { reps });
    println!("{path}: {} ({})", doc.profile, doc.reader.name());
    for w in &doc.warnings {
        println!("  note: {w}");
    }
    for s in &doc.sentences {
        let (line, _) = doc.position(s.span.start);
        let who = s
            .speaker()
            .map_or(String::new(), |i| format!(" {}", doc.speakers[i]));
        let text: String = doc.text[s.span.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        println!("{line:>5} {:?}{who}: {text}", s.block);
    }
    ExitCode::SUCCESS
}
