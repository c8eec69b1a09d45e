//! Finding the documents to analyse and reading them.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::io_message;

pub mod batch;

/// File extensions analysed when walking a folder.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "eml", "vtt", "srt"];

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// Standard input, shown under a name.
    Stdin(String),
    /// A file named on the command line.
    Named(PathBuf),
    /// A file found by walking a folder.
    Walked(PathBuf),
}

impl Source {
    /// The path shown in reports.
    pub fn display(&self) -> String {
        match self {
            Source::Stdin(name) => name.clone(),
            Source::Named(p) | Source::Walked(p) => p.display().to_string(),
        }
    }
}

/// The result of collecting inputs: sources to read, and paths that failed.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Documents to read, in report order.
    pub sources: Vec<Source>,
    /// Paths that could not be used, with a message.
    pub errors: Vec<(String, String)>,
}

/// Expands the command-line paths into documents: files as named, folders
/// walked recursively (hidden and ignored files skipped, as ripgrep does;
/// only the default extensions), `-` for stdin. Sorted by path.
pub fn collect(paths: &[String], stdin_name: &str) -> Inputs {
    let mut inputs = Inputs::default();
    let mut stdin_seen = false;
    for p in paths {
        if p == "-" {
            if !stdin_seen {
                inputs.sources.push(Source::Stdin(stdin_name.to_string()));
                stdin_seen = true;
            }
            continue;
        }
        let path = Path::new(p);
        match std::fs::metadata(path) {
            Err(e) => inputs.errors.push((p.clone(), io_message(&e))),
            Ok(m) if m.is_dir() => walk(path, &mut inputs),
            Ok(_) => inputs.sources.push(Source::Named(path.to_path_buf())),
        }
    }
    inputs.sources.sort_by_key(|a| a.display());
    inputs.sources.dedup_by(|a, b| a.display() == b.display());
    inputs.errors.sort();
    inputs
}

fn walk(root: &Path, inputs: &mut Inputs) {
    let walker = ignore::WalkBuilder::new(root)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                if !e.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let path = e.into_path();
                let wanted = path
                    .extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| DEFAULT_EXTENSIONS.iter().any(|d| d.eq_ignore_ascii_case(x)));
                if wanted {
                    inputs.sources.push(Source::Walked(path));
                }
            }
            Err(err) => {
                let path = match &err {
                    ignore::Error::WithPath { path, .. } => path.display().to_string(),
                    _ => root.display().to_string(),
                };
                let msg = match err.io_error() {
                    Some(io) => io_message(io),
                    None => err.to_string(),
                };
                inputs.errors.push((path, msg));
            }
        }
    }
}

/// What reading a source gave.
#[derive(Debug)]
pub enum Loaded {
    /// Text, with notes about its decoding, and the raw bytes when they
    /// were not valid UTF-8 (so a MIME reader can decode them by charset).
    Text(String, Vec<String>, Option<Vec<u8>>),
    /// A binary file found by a folder walk: skipped with a note.
    SkippedBinary(String),
    /// An error for the report.
    Error(String),
}

/// Reads a source and decodes it as UTF-8 (lossily, with a warning).
pub fn read(source: &Source, stdin: Option<&[u8]>) -> Loaded {
    let bytes = match source {
        Source::Stdin(_) => match stdin {
            Some(b) => b.to_vec(),
            None => {
                let mut buf = Vec::new();
                if let Err(e) = std::io::stdin().lock().read_to_end(&mut buf) {
                    return Loaded::Error(format!(
                        "could not read standard input: {}",
                        io_message(&e)
                    ));
                }
                buf
            }
        },
        Source::Named(p) | Source::Walked(p) => match std::fs::read(p) {
            Ok(b) => b,
            Err(e) => return Loaded::Error(io_message(&e)),
        },
    };
    decode(bytes, matches!(source, Source::Walked(_)))
}

/// Decodes file bytes: NUL bytes mark a binary file; invalid UTF-8 is
/// replaced and noted; a UTF-8 byte order mark is dropped.
pub fn decode(bytes: Vec<u8>, walked: bool) -> Loaded {
    if let Some(at) = memchr_nul(&bytes) {
        return if walked {
            Loaded::SkippedBinary(format!("binary file (NUL byte at offset {at}), skipped"))
        } else {
            Loaded::Error(format!(
                "binary file (NUL byte at offset {at}), not analysed"
            ))
        };
    }
    let mut warnings = Vec::new();
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    let (text, raw) = match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            warnings.push(format!(
                "not valid UTF-8 at byte {at} (decoded lossily; invalid bytes shown as U+FFFD)"
            ));
            let raw = e.into_bytes();
            (String::from_utf8_lossy(&raw).into_owned(), Some(raw))
        }
    };
    Loaded::Text(text, warnings, raw)
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}
