//! rapport coaches salespeople from their own writing.
//!
//! Data flows one way: an input file is read ([`input`]) into a
//! [`document::Document`] (its profile, sentences, words and speakers), the
//! rules of a [`rule::Pack`] measure it ([`checks`]), their outcomes are
//! scored ([`score`]) and gathered into a [`report::DocumentReport`], which
//! the renderers in [`report`] print (text, JSON, NDJSON, SARIF, GitHub
//! annotations, JUnit, Markdown, CSV, HTML) or sum up over a batch
//! ([`report::summary`]).
//!
//! ```
//! use rapport::{analyze, document::{Document, ReadOptions}, profile::Profile, rule::{Pack, PackOptions}};
//!
//! let pack = Pack::default_pack(&PackOptions::default()).unwrap();
//! let text = "Subject: Your rollout\n\nHi Ann,\n\nHow is the rollout going for your team? \
//!             I'll send the plan by Friday.\n".to_string();
//! let doc = Document::new("draft.txt", text, Profile::Email, &ReadOptions::default());
//! let report = analyze(&doc, &pack);
//! assert_eq!(report.metrics["questions"], rapport::outcome::Value::Number(1.0));
//! ```

pub mod analyze;
pub mod app;
pub mod checks;
pub mod cli_docs;
pub mod config;
mod dense;
pub mod document;
pub mod error;
pub mod examples;
mod gate;
pub mod input;
pub mod lexicon;
pub mod outcome;
pub mod profile;
pub mod read;
pub mod readability;
pub mod report;
pub mod rule;
pub mod score;
pub mod segment;
mod spans;
pub mod suppress;
pub mod trie;
pub mod words;

pub use analyze::analyze;
