//! Rule files: the TOML format, loading and validation, and the rule pack.
//!
//! A rule file holds one rule: its id, principle, check kind, severity,
//! weight, messages, rationale and sources, thresholds per profile, the
//! phrase lists and patterns its check uses, and examples that the tests run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::checks::{self, Check};
use crate::error::RuleError;
use crate::lexicon::{Hit, Lexicon, Scanner};
use crate::outcome::{Severity, Status};
use crate::profile::Profile;

/// One threshold band: values up to `upto` (inclusive) get `status`; a band
/// without `upto` catches everything above the previous band.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Upper bound, inclusive.
    pub upto: Option<f64>,
    /// The status for values in the band.
    pub status: Status,
    /// The score (0-1) of values in the band, when it differs from the
    /// status's own (pass 1, warn 0.5, fail 0): "acceptable" lengths can
    /// pass with 0.8.
    #[serde(default)]
    pub score: Option<f64>,
}

/// The band a value falls in: the first whose bound is not below it.
pub fn band_of(bands: &[Band], value: f64) -> Option<&Band> {
    bands.iter().find(|b| b.upto.is_none_or(|u| value <= u))
}

/// Other thresholds for some documents of a profile, which a kind picks by
/// document (`word-count` judges a cold email by its `cold` case).
#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The target in words.
    pub target: String,
    /// The bands.
    pub bands: Vec<Band>,
}

/// How a rule judges one profile.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ProfileSpec {
    /// The target in words, shown beside the measured value.
    pub target: String,
    /// Numeric bands, for count and ratio checks.
    #[serde(default)]
    pub bands: Vec<Band>,
    /// Status per level, for level checks (`concrete = "pass"`).
    #[serde(default)]
    pub levels: BTreeMap<String, Status>,
    /// A condition the document must meet for the rule to apply
    /// (`"meeting"`: only when the text proposes a meeting or call).
    #[serde(default)]
    pub only_when: Option<String>,
    /// A share of the text the check looks at (its meaning is the kind's).
    #[serde(default)]
    pub window: Option<f64>,
    /// For counting kinds without `bands`: values below fail.
    #[serde(default)]
    pub min: Option<f64>,
    /// For counting kinds without `bands`: values above fail.
    #[serde(default)]
    pub max: Option<f64>,
    /// Documents whose text in the rule's scope has fewer words are skipped.
    #[serde(default)]
    pub min_words: Option<usize>,
    /// Thresholds for kinds of documents the check tells apart.
    #[serde(default)]
    pub cases: BTreeMap<String, Case>,
}

impl ProfileSpec {
    /// The status of a numeric value under this profile's bands, or, without
    /// bands, under its `min` and `max` (inside passes, outside fails).
    pub fn band(&self, value: f64) -> Status {
        if self.bands.is_empty() && (self.min.is_some() || self.max.is_some()) {
            let low = self.min.is_some_and(|m| value < m);
            let high = self.max.is_some_and(|m| value > m);
            return if low || high {
                Status::Fail
            } else {
                Status::Pass
            };
        }
        band_of(&self.bands, value).map_or(Status::Fail, |b| b.status)
    }

    /// The score a band gives a value, when the band sets one.
    pub fn band_score(&self, value: f64) -> Option<f64> {
        band_of(&self.bands, value).and_then(|b| b.score)
    }

    /// The status for a level, failing when the level is not listed.
    pub fn level(&self, level: &str) -> Status {
        self.levels.get(level).copied().unwrap_or(Status::Fail)
    }
}

/// Messages for each status; `{value}` and `{target}` are filled in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    /// When the rule passes.
    pub pass: String,
    /// When it warns.
    pub warn: String,
    /// When it fails.
    pub fail: String,
    /// When it does not apply.
    pub skip: String,
}

impl Messages {
    /// The message for a status, with `{value}` and `{target}` filled in.
    pub fn fill(&self, status: Status, value: &str, target: &str) -> String {
        let t = match status {
            Status::Pass => &self.pass,
            Status::Warn => &self.warn,
            Status::Fail => &self.fail,
            Status::Skip => &self.skip,
        };
        fill_template(t, value, target)
    }
}

/// `template` with each `{value}` and `{target}` replaced, in one pass: a
/// report fills a message for every rule of every document.
fn fill_template(template: &str, value: &str, target: &str) -> String {
    fill(template, &[("{value}", value), ("{target}", target)])
}

/// `template` with each of the `fields` (`("{name}", value)`) replaced by
/// its value, in one pass: a value is not searched for other fields, and
/// any other brace is kept.
pub(crate) fn fill(template: &str, fields: &[(&str, &str)]) -> String {
    let extra: usize = fields.iter().map(|(_, v)| v.len()).sum();
    let mut out = String::with_capacity(template.len() + extra);
    let mut rest = template;
    'next: while let Some(at) = memchr::memchr(b'{', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        for (name, value) in fields {
            if let Some(after) = tail.strip_prefix(name) {
                out.push_str(value);
                rest = after;
                continue 'next;
            }
        }
        out.push('{');
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
}

/// The text of a kind of finding a rule can emit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingSpec {
    /// What is wrong; `{count}` and `{text}` are filled in by some checks.
    pub message: String,
    /// What to do instead.
    #[serde(default)]
    pub suggestion: Option<String>,
    /// Overrides the rule's severity for this finding.
    #[serde(default)]
    pub severity: Option<Severity>,
}

/// An example document and the verdict the rule must give on it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The profile to read the text with.
    pub profile: Profile,
    /// The document text.
    pub text: String,
    /// The status the rule must give.
    pub status: Status,
    /// The value the rule must measure, when given.
    #[serde(default)]
    pub value: Option<toml::Value>,
    /// The rep's speaker label, for transcripts.
    #[serde(default)]
    pub rep: Option<String>,
}

/// Which of the author's sentences a generic check reads.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Every sentence of the author, the email subject included.
    #[default]
    Author,
    /// The author's sentences without the email subject.
    Body,
    /// The first third of the author's sentences.
    Opening,
    /// The last third of the author's sentences.
    Closing,
}

/// How far an `unless` check looks for its rescuing phrase.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Within {
    /// The condition's sentence and `nearby` / `nearby_before` sentences.
    #[default]
    Sentence,
    /// Anywhere in the scope.
    Document,
}

/// How a `count` check reports its value.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
pub enum Per {
    /// The number of hits.
    #[default]
    #[serde(rename = "document")]
    Document,
    /// Hits per 100 words of the scope.
    #[serde(rename = "100-words")]
    HundredWords,
}

/// Options of the generic check kinds (`[options]` in a rule file).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RuleOptions {
    /// Phrases match case-sensitively (default: ASCII case-insensitive).
    pub match_case: bool,
    /// Phrases match whole words only (default: true).
    pub word_boundary: bool,
    /// The sentences a generic check reads.
    pub scope: Scope,
    /// `unless`: sentences after the condition's sentence that are searched.
    pub nearby: usize,
    /// `unless`: sentences before the condition's sentence that are searched.
    pub nearby_before: usize,
    /// `unless`: search the condition's neighbourhood or the whole scope.
    pub within: Within,
    /// `count`: hits, or hits per 100 words.
    pub per: Per,
    /// The status when nothing the rule looks for occurs (default: what the
    /// bands say of 0). `"skip"` leaves such documents out of the score.
    pub when_absent: Option<Status>,
}

impl Default for RuleOptions {
    fn default() -> RuleOptions {
        RuleOptions {
            match_case: false,
            word_boundary: true,
            scope: Scope::Author,
            nearby: 1,
            nearby_before: 0,
            within: Within::Sentence,
            per: Per::Document,
            when_absent: None,
        }
    }
}

/// A rule as written in a rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Stable id, `principle/name`.
    pub id: String,
    /// The coaching principle (`trust`, `homework`, `relevance`,
    /// `follow-up`, `ownership`).
    pub principle: String,
    /// The check that implements it.
    pub kind: String,
    /// The severity of its findings.
    pub severity: Severity,
    /// Weight in the document score.
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// A one-line summary.
    pub title: String,
    /// Why the rule matters.
    pub rationale: String,
    /// Where its thresholds come from, or `judgement`.
    pub sources: Vec<String>,
    /// A coaching tip shown when it does not pass.
    pub tip: String,
    /// Messages per status.
    pub messages: Messages,
    /// Thresholds per profile; a profile not listed is skipped.
    #[serde(default)]
    pub profiles: BTreeMap<Profile, ProfileSpec>,
    /// Named phrase lists.
    #[serde(default)]
    pub lists: BTreeMap<String, Vec<String>>,
    /// Named lists of regular expressions.
    #[serde(default)]
    pub patterns: BTreeMap<String, Vec<String>>,
    /// Sequences: lists whose hits follow one another nearby, as one list.
    #[serde(default)]
    pub sequences: BTreeMap<String, Vec<crate::lexicon::Sequence>>,
    /// `substitution`: phrase -> suggested replacement.
    #[serde(default)]
    pub substitutions: BTreeMap<String, String>,
    /// Options of the generic check kinds.
    #[serde(default)]
    pub options: RuleOptions,
    /// Kinds of finding the rule emits.
    #[serde(default)]
    pub findings: BTreeMap<String, FindingSpec>,
    /// Examples that must give the stated verdicts.
    #[serde(default)]
    pub examples: Vec<Example>,
}

fn default_weight() -> f64 {
    1.0
}

/// Principles a rule may belong to.
pub const PRINCIPLES: &[&str] = &[
    "trust",
    "homework",
    "relevance",
    "follow-up",
    "ownership",
    "clarity",
];

/// A compiled rule: its spec and its check.
#[derive(Debug)]
pub struct Rule {
    /// The rule as written.
    pub spec: RuleSpec,
    /// Where it came from (`default` or a file path).
    pub origin: String,
    /// The compiled check.
    pub check: Box<dyn Check>,
}

impl Rule {
    /// The message for a status, with `{value}` and `{target}` filled in.
    pub fn message(&self, status: Status, value: &str, target: &str) -> String {
        self.spec.messages.fill(status, value, target)
    }
}

/// What a run changes in the rules: names added to their lists, and, from
/// a project configuration, which rules run and per-rule overrides.
#[derive(Debug, Clone, Default)]
pub struct PackOptions {
    /// The sender's own company and product names.
    pub self_names: Vec<String>,
    /// The prospect's names (people, company).
    pub prospect_names: Vec<String>,
    /// Rule ids or principles to run; empty runs every rule.
    pub select: Vec<crate::config::RuleRef>,
    /// Rule ids or principles not to run.
    pub ignore: Vec<crate::config::RuleRef>,
    /// Changes to rules' severity, weight and thresholds, applied (and
    /// checked) before the rules are compiled.
    pub overrides: Vec<crate::config::RuleOverride>,
    /// Other rule ids or principles the configuration names (suppressions):
    /// each must name a rule or principle.
    pub referenced: Vec<crate::config::RuleRef>,
}

/// The rules of a run, sorted by id.
#[derive(Debug)]
pub struct Pack {
    /// The rules, sorted by id.
    pub rules: Vec<Rule>,
    /// For each profile, the phrases and patterns of the rules that apply
    /// to it, compiled to scan a document once; built the first time a
    /// document of the profile is scanned, so a draft compiles only what
    /// e-mail rules need.
    scanners: [std::sync::OnceLock<Scanner>; Profile::ALL.len()],
}

/// The default rule files, compiled into the binary.
pub const DEFAULT_RULES: &[(&str, &str)] = &[
    (
        "rules/follow-up-next-step.toml",
        include_str!("../rules/follow-up-next-step.toml"),
    ),
    (
        "rules/relevance-agenda.toml",
        include_str!("../rules/relevance-agenda.toml"),
    ),
    (
        "rules/relevance-questions.toml",
        include_str!("../rules/relevance-questions.toml"),
    ),
    (
        "rules/relevance-self-focus.toml",
        include_str!("../rules/relevance-self-focus.toml"),
    ),
    (
        "rules/relevance-talk-ratio.toml",
        include_str!("../rules/relevance-talk-ratio.toml"),
    ),
    (
        "rules/relevance-monologue.toml",
        include_str!("../rules/relevance-monologue.toml"),
    ),
    (
        "rules/relevance-question-spread.toml",
        include_str!("../rules/relevance-question-spread.toml"),
    ),
    (
        "rules/trust-hype.toml",
        include_str!("../rules/trust-hype.toml"),
    ),
    (
        "rules/trust-pressure.toml",
        include_str!("../rules/trust-pressure.toml"),
    ),
    (
        "rules/trust-hedging.toml",
        include_str!("../rules/trust-hedging.toml"),
    ),
    (
        "rules/follow-up-empty-check-in.toml",
        include_str!("../rules/follow-up-empty-check-in.toml"),
    ),
    (
        "rules/follow-up-recap.toml",
        include_str!("../rules/follow-up-recap.toml"),
    ),
    (
        "rules/homework-personalization.toml",
        include_str!("../rules/homework-personalization.toml"),
    ),
    (
        "rules/homework-template-leftovers.toml",
        include_str!("../rules/homework-template-leftovers.toml"),
    ),
    (
        "rules/relevance-collaboration.toml",
        include_str!("../rules/relevance-collaboration.toml"),
    ),
    (
        "rules/ownership-blame.toml",
        include_str!("../rules/ownership-blame.toml"),
    ),
    (
        "rules/clarity-length.toml",
        include_str!("../rules/clarity-length.toml"),
    ),
    (
        "rules/clarity-reading-grade.toml",
        include_str!("../rules/clarity-reading-grade.toml"),
    ),
    (
        "rules/clarity-subject.toml",
        include_str!("../rules/clarity-subject.toml"),
    ),
];

/// Parses one rule file's text; errors name the file, line and column.
pub fn parse_spec(origin: &str, text: &str) -> Result<RuleSpec, RuleError> {
    let spec: RuleSpec = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
        RuleError::Parse {
            file: origin.to_string(),
            line,
            column,
            message: e.message().trim().to_string(),
        }
    })?;
    validate(origin, text, &spec)?;
    Ok(spec)
}

// `RULES_JSON`: the default rule files as JSON, from the build script.
include!(concat!(env!("OUT_DIR"), "/rules_json.rs"));

/// A default rule file's rule: read from the JSON the build wrote for it
/// (several times faster to read than TOML, and one draft reads them all),
/// or from its TOML when the build had none.
fn default_spec(origin: &str, text: &str) -> Result<RuleSpec, RuleError> {
    let json = RULES_JSON.iter().find(|(path, _)| *path == origin);
    match json.and_then(|(_, json)| serde_json::from_str::<RuleSpec>(json).ok()) {
        Some(spec) => {
            validate(origin, text, &spec)?;
            Ok(spec)
        }
        None => parse_spec(origin, text),
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The line and column where `key` is first written in a rule file, for
/// errors found after parsing.
fn locate(text: &str, key: &str) -> (usize, usize) {
    text.find(key).map_or((1, 1), |o| line_col(text, o))
}

fn validate(origin: &str, text: &str, spec: &RuleSpec) -> Result<(), RuleError> {
    let invalid = |key: &str, message: String| {
        let (line, column) = locate(text, key);
        RuleError::Invalid {
            file: origin.to_string(),
            line,
            column,
            message,
        }
    };
    let well_formed = spec.id.split_once('/').is_some_and(|(p, n)| {
        !p.is_empty()
            && !n.is_empty()
            && spec
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'/')
    });
    if !well_formed {
        return Err(invalid(
            "id",
            format!(
                "rule id `{}` must look like `principle/name` (lowercase, digits, '-')",
                spec.id
            ),
        ));
    }
    if !PRINCIPLES.contains(&spec.principle.as_str()) {
        return Err(invalid(
            "principle",
            format!(
                "unknown principle `{}` (expected one of: {})",
                spec.principle,
                PRINCIPLES.join(", ")
            ),
        ));
    }
    if !(spec.weight.is_finite() && spec.weight >= 0.0) {
        return Err(invalid("weight", "weight must be a number >= 0".into()));
    }
    for (name, items) in spec.lists.iter().chain(spec.patterns.iter()) {
        // A control character is an ASCII control byte or, encoded, starts
        // with 0xC2 (U+0080 to U+009F): most items have neither byte.
        let maybe = |i: &&String| i.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2);
        if let Some(bad) = items
            .iter()
            .filter(maybe)
            .find_map(|i| i.chars().find(|c| c.is_control() && *c != '\t'))
        {
            return Err(invalid(
                name,
                format!(
                    "list `{name}` holds the control character U+{:04X}; in a double-quoted \
                     TOML string `\\b` is a backspace: write regexes in single quotes ('\\bword')",
                    bad as u32
                ),
            ));
        }
    }
    for (profile, p) in &spec.profiles {
        if let Some(w) = p.window
            && !(w > 0.0 && w <= 1.0)
        {
            return Err(invalid(
                "window",
                format!("profile {profile}: window must be in (0, 1]"),
            ));
        }
        if !p.bands.is_empty() {
            check_bands(&p.bands)
                .map_err(|m| invalid("bands", format!("profile {profile}: {m}")))?;
        }
        for (name, case) in &p.cases {
            check_bands(&case.bands)
                .map_err(|m| invalid("cases", format!("profile {profile}, case {name}: {m}")))?;
        }
    }
    Ok(())
}

/// The rules of bands: at least one, finite bounds that increase, only the
/// last without `upto`, scores between 0 and 1.
pub(crate) fn check_bands(bands: &[Band]) -> Result<(), String> {
    if bands.is_empty() {
        return Err("`bands` needs at least one band".into());
    }
    let mut last = f64::NEG_INFINITY;
    for (i, b) in bands.iter().enumerate() {
        match b.upto {
            Some(u) if !u.is_finite() => return Err("band bounds must be finite numbers".into()),
            Some(u) if u > last => last = u,
            Some(_) => return Err("band bounds must increase".into()),
            None if i + 1 != bands.len() => {
                return Err("only the last band may omit `upto`".into());
            }
            None => {}
        }
        if b.score.is_some_and(|s| !(0.0..=1.0).contains(&s)) {
            return Err("a band's score must be between 0 and 1".into());
        }
    }
    Ok(())
}

/// The default rule files as `(origin, text, is_default)`.
fn default_files() -> Vec<(String, String, bool)> {
    DEFAULT_RULES
        .iter()
        .map(|(f, t)| ((*f).to_string(), (*t).to_string(), true))
        .collect()
}

impl Pack {
    /// The default pack, with names from `opts` added.
    pub fn default_pack(opts: &PackOptions) -> Result<Pack, RuleError> {
        Pack::build(default_files(), opts)
    }

    /// The default pack plus the rule files (`*.toml`) found in `dirs`; a
    /// user rule replaces a default rule with the same id.
    pub fn with_user_rules(dirs: &[PathBuf], opts: &PackOptions) -> Result<Pack, RuleError> {
        let mut files = default_files();
        for dir in dirs {
            files.extend(read_rule_dir(dir)?.into_iter().map(|(f, t)| (f, t, false)));
        }
        Pack::build(files, opts)
    }

    /// Builds a pack from `(origin, text, is_default)` rule files, in order:
    /// a later file replaces an earlier default with the same id.
    fn build(files: Vec<(String, String, bool)>, opts: &PackOptions) -> Result<Pack, RuleError> {
        let mut by_id: BTreeMap<String, (String, RuleSpec)> = BTreeMap::new();
        let mut user_ids: BTreeMap<String, String> = BTreeMap::new();
        let mut default_ids = std::collections::BTreeSet::new();
        for (origin, text, is_default) in files {
            let spec = if is_default {
                default_spec(&origin, &text)?
            } else {
                parse_spec(&origin, &text)?
            };
            if is_default {
                default_ids.insert(spec.id.clone());
            } else {
                default_ids.remove(&spec.id);
            }
            if !is_default && let Some(prev) = user_ids.insert(spec.id.clone(), origin.clone()) {
                return Err(RuleError::Duplicate {
                    id: spec.id.clone(),
                    first: prev,
                    second: origin,
                });
            }
            by_id.insert(spec.id.clone(), (origin, spec));
        }
        // A configuration's overrides are applied and checked, and its rule
        // names checked, before anything is compiled.
        crate::config::apply_to_rules(&mut by_id, opts)?;
        // Rules that find questions share the questions rule's lists, so a
        // user's override of that rule reaches them too.
        let question_lists = by_id
            .get("relevance/questions")
            .map(|(_, q)| (q.lists.clone(), q.patterns.clone()));
        // Rules not selected, or ignored, are not compiled or run.
        by_id.retain(|_, (_, spec)| crate::config::selected(opts, spec));
        if by_id.is_empty()
            && let Some(r) = opts.select.first().or(opts.ignore.first())
        {
            return Err(r.at.error("`select` and `ignore` leave no rule to run"));
        }
        let mut rules = Vec::with_capacity(by_id.len());
        for (_, (origin, mut spec)) in by_id {
            if spec.kind == "question-spread"
                && !spec.lists.contains_key("wh")
                && let Some((lists, patterns)) = &question_lists
            {
                for (k, v) in lists {
                    spec.lists.entry(k.clone()).or_insert_with(|| v.clone());
                }
                for (k, v) in patterns {
                    spec.patterns.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            extend_list(&mut spec, "self_names", &opts.self_names);
            extend_list(&mut spec, "prospect_names", &opts.prospect_names);
            let check = checks::compile(&spec).map_err(|message| {
                match opts.overrides.iter().find(|o| o.id == spec.id) {
                    // An overridden rule that no longer compiles is the
                    // configuration's fault.
                    Some(o) => o.at.error(format!("rule {}: {message}", spec.id)),
                    None => RuleError::Check {
                        file: origin.clone(),
                        id: spec.id.clone(),
                        message,
                    },
                }
            })?;
            // A team's patterns are compiled now, so one too large for the
            // regex engine is an error naming its file; the default pack's
            // are compiled on first use (the tests compile them all).
            if !default_ids.contains(&spec.id) {
                check
                    .lexicon()
                    .compile_now()
                    .map_err(|e| RuleError::Check {
                        file: origin.clone(),
                        id: spec.id.clone(),
                        message: e.to_string(),
                    })?;
            }
            let origin = if default_ids.contains(&spec.id) {
                "default".to_string()
            } else {
                origin
            };
            rules.push(Rule {
                spec,
                origin,
                check,
            });
        }
        Ok(Pack {
            rules,
            scanners: Default::default(),
        })
    }

    /// The hits of each rule's lists in a document, by rule index, for the
    /// rules that apply to its profile (the others get none): one pass over
    /// the text for all the phrases of the pack. Only the sentences are
    /// searched (rules read hits by sentence): the headers of an e-mail, its
    /// quoted replies and what else no sentence covers are not.
    pub fn scan(&self, doc: &crate::document::Document) -> Vec<Vec<Hit>> {
        let lexicons: Vec<&Lexicon> = self.rules.iter().map(|r| r.check.lexicon()).collect();
        let applies: Vec<bool> = self
            .rules
            .iter()
            .map(|r| r.spec.profiles.contains_key(&doc.profile))
            .collect();
        let wanted: Vec<bool> = applies.iter().map(|&a| a && !doc.is_empty()).collect();
        let slot = Profile::ALL
            .iter()
            .position(|&p| p == doc.profile)
            .unwrap_or(0);
        let scanner = self.scanners[slot].get_or_init(|| Scanner::new(&lexicons, &applies));
        let spans = doc.sentences.iter().map(|s| s.span.clone());
        scanner.scan_in(&doc.flat, spans, &lexicons, &wanted)
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.spec.id == id)
    }
}

fn extend_list(spec: &mut RuleSpec, name: &str, extra: &[String]) {
    if let Some(list) = spec.lists.get_mut(name) {
        list.extend(extra.iter().filter(|s| !s.trim().is_empty()).cloned());
    }
}

/// Reads every `*.toml` file in a rule folder, sorted by name.
fn read_rule_dir(dir: &Path) -> Result<Vec<(String, String)>, RuleError> {
    let io = |e: std::io::Error| RuleError::Io {
        path: dir.display().to_string(),
        message: crate::error::io_message(&e),
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(RuleError::Io {
            path: dir.display().to_string(),
            message: "no rule files (*.toml) in this folder".into(),
        });
    }
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).map_err(|e| RuleError::Io {
                path: p.display().to_string(),
                message: crate::error::io_message(&e),
            })?;
            Ok((p.display().to_string(), text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builds_json_of_each_default_rule_reads_as_its_toml() {
        for (origin, text) in DEFAULT_RULES {
            assert!(
                RULES_JSON.iter().any(|(path, _)| path == origin),
                "{origin} has no JSON from the build"
            );
            let from_json = default_spec(origin, text).unwrap();
            let from_toml = parse_spec(origin, text).unwrap();
            assert_eq!(
                format!("{from_json:?}"),
                format!("{from_toml:?}"),
                "{origin}"
            );
        }
        assert_eq!(RULES_JSON.len(), DEFAULT_RULES.len());
    }

    #[test]
    fn a_message_fills_every_value_and_target_and_keeps_other_braces() {
        assert_eq!(
            fill_template("{value} of {target}; {value}!", "3", "5-9"),
            "3 of 5-9; 3!"
        );
        assert_eq!(
            fill_template("{ {values} {target {}", "x", "y"),
            "{ {values} {target {}"
        );
        assert_eq!(fill_template("Zoë {value}{", "é", "t"), "Zoë é{");
        assert_eq!(fill_template("", "1", "2"), "");
        // A value is not searched for fields.
        assert_eq!(
            fill(
                "{text} x{count}",
                &[("{text}", "{count}"), ("{count}", "2")]
            ),
            "{count} x2"
        );
    }
}
