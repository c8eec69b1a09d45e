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
    pub sources: SourceList,
    /// Paths that could not be used, with a message.
    pub errors: Vec<(String, String)>,
}

/// The documents of a run, in report order, packed: a file found by a
/// folder walk costs its name's bytes and a few integers, not a path of its
/// own, so the list of a batch of a hundred thousand files takes a few
/// megabytes. Standard input and files named on the command line are kept
/// as given.
#[derive(Debug, Default)]
pub struct SourceList {
    /// Each walked file's folder, once, with the text its paths start with
    /// when shown (`folder/`).
    dirs: Vec<(PathBuf, String)>,
    /// Where each folder is in `dirs`.
    dir_index: std::collections::HashMap<PathBuf, u32>,
    /// The names of walked files, one after another.
    names: String,
    /// Sources kept whole: standard input, named files, and walked files
    /// whose names are not UTF-8.
    given: Vec<(Source, String)>,
    /// The documents, in order.
    slots: Vec<Slot>,
}

/// One document of a [`SourceList`].
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// `given[i]`.
    Given(u32),
    /// A walked file: `dirs[dir]` and `names[start..start + len]`.
    Walked { dir: u32, start: u32, len: u32 },
}

impl SourceList {
    /// The number of documents.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when there is no document.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The `i`-th document.
    pub fn get(&self, i: usize) -> Source {
        match self.slots[i] {
            Slot::Given(g) => self.given[g as usize].0.clone(),
            Slot::Walked { dir, start, len } => {
                let name = &self.names[start as usize..(start + len) as usize];
                Source::Walked(self.dirs[dir as usize].0.join(name))
            }
        }
    }

    /// The documents, in order.
    pub fn iter(&self) -> impl Iterator<Item = Source> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Adds a source as given.
    fn push_given(&mut self, source: Source) {
        let shown = source.display();
        self.slots.push(Slot::Given(self.given.len() as u32));
        self.given.push((source, shown));
    }

    /// Adds a file found by walking a folder.
    fn push_walked(&mut self, path: PathBuf) {
        let packed = match (path.parent(), path.file_name().and_then(|n| n.to_str())) {
            (Some(dir), Some(name)) if self.names.len() + name.len() <= u32::MAX as usize => {
                Some((dir, name))
            }
            _ => None,
        };
        let Some((dir, name)) = packed else {
            self.push_given(Source::Walked(path));
            return;
        };
        let dir = match self.dir_index.get(dir) {
            Some(&d) => d,
            None => {
                let shown = dir.join("x").display().to_string();
                let prefix = shown[..shown.len() - 1].to_string();
                let d = self.dirs.len() as u32;
                self.dirs.push((dir.to_path_buf(), prefix));
                self.dir_index.insert(dir.to_path_buf(), d);
                d
            }
        };
        let start = self.names.len() as u32;
        self.names.push_str(name);
        self.slots.push(Slot::Walked {
            dir,
            start,
            len: name.len() as u32,
        });
    }

    /// How a slot is shown: two parts that make the path shown in reports.
    fn shown(&self, slot: Slot) -> (&str, &str) {
        match slot {
            Slot::Given(g) => ("", &self.given[g as usize].1),
            Slot::Walked { dir, start, len } => (
                &self.dirs[dir as usize].1,
                &self.names[start as usize..(start + len) as usize],
            ),
        }
    }

    /// Sorts by the path shown and drops repeats.
    fn sort(&mut self) {
        let mut slots = std::mem::take(&mut self.slots);
        let key = |s: &Slot| {
            let (a, b) = self.shown(*s);
            a.bytes().chain(b.bytes())
        };
        slots.sort_by(|x, y| key(x).cmp(key(y)));
        slots.dedup_by(|x, y| key(x).eq(key(y)));
        slots.shrink_to_fit();
        self.slots = slots;
        self.dir_index = Default::default();
    }
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
                inputs
                    .sources
                    .push_given(Source::Stdin(stdin_name.to_string()));
                stdin_seen = true;
            }
            continue;
        }
        let path = Path::new(p);
        match std::fs::metadata(path) {
            Err(e) => inputs.errors.push((p.clone(), io_message(&e))),
            Ok(m) if m.is_dir() => walk(path, &mut inputs),
            Ok(_) => inputs.sources.push_given(Source::Named(path.to_path_buf())),
        }
    }
    inputs.sources.sort();
    inputs.errors.sort();
    inputs
}

fn walk(root: &Path, inputs: &mut Inputs) {
    // In the order the folder lists its entries: `collect` sorts the
    // sources by the path shown afterwards (sorting here too compared each
    // pair's file names, parsed out of their paths, at every step).
    let walker = ignore::WalkBuilder::new(root).build();
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
                    inputs.sources.push_walked(path);
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

/// The largest document analysed, in bytes (4 GiB - 1): offsets inside a
/// document are kept in 32 bits.
pub const MAX_DOCUMENT: usize = u32::MAX as usize;

/// The error for a document larger than [`MAX_DOCUMENT`].
pub fn too_large(len: usize) -> String {
    format!(
        "{len} bytes is larger than the 4 GiB rapport analyses as one document; split it into smaller files"
    )
}

/// Decodes file bytes: NUL bytes mark a binary file; invalid UTF-8 is
/// replaced and noted; a UTF-8 byte order mark is dropped.
pub fn decode(bytes: Vec<u8>, walked: bool) -> Loaded {
    if bytes.len() > MAX_DOCUMENT {
        return Loaded::Error(too_large(bytes.len()));
    }
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
    let mut bytes = bytes;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
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
    memchr::memchr(0, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_list_sorts_by_the_path_shown_and_drops_repeats() {
        let mut list = SourceList::default();
        list.push_walked(PathBuf::from("root/a/z.txt"));
        list.push_walked(PathBuf::from("root/a/b.txt"));
        list.push_walked(PathBuf::from("root/a-b/c.txt"));
        list.push_given(Source::Named(PathBuf::from("root/a/b.txt")));
        list.push_given(Source::Stdin("<stdin>".into()));
        list.sort();
        let shown: Vec<String> = list.iter().map(|s| s.display()).collect();
        // As strings: '-' sorts before '/'; the file named and walked is
        // listed once.
        assert_eq!(
            shown,
            ["<stdin>", "root/a-b/c.txt", "root/a/b.txt", "root/a/z.txt"]
        );
        assert!(matches!(list.get(2), Source::Walked(p) if p == Path::new("root/a/b.txt")));
    }
}
