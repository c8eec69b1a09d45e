//! Project configuration: `rapport.toml`.
//!
//! A configuration file sets, for the documents in its folder and below:
//! the profile per path glob, the names that count as the sender and as the
//! prospect, the rep of transcripts, which rules run and how they judge
//! (severity, weight, thresholds), extra rule folders, rules accepted for
//! some paths, and `fail_under`.
//!
//! It is found by walking up from each document's folder to the root (the
//! first `rapport.toml` wins), or named with `--config FILE`, or turned off
//! with `--no-config`. Flags on the command line win over it ([`Flags`]).
//! Unknown keys, wrong types, bad globs, unknown rules and bad thresholds
//! are errors naming the file, line and column.
//!
//! A [`Resolver`] finds the configuration of each document, reads each
//! file once and builds one [`Settings`] (with its compiled rule
//! [`Pack`]) per distinct configuration, so a batch of thousands of files
//! reads and compiles each configuration once.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::document::ReadOptions;
use crate::error::{RuleError, io_message};
use crate::outcome::{Severity, Status};
use crate::profile::Profile;
use crate::rule::{Band, PRINCIPLES, Pack, PackOptions, RuleSpec};

/// The name of a configuration file.
pub const FILE_NAME: &str = "rapport.toml";

/// Where a value is written in a configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The configuration file, as shown in messages.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Location {
    /// An error at this place: `file:line:column: message`.
    pub fn error(&self, message: impl Into<String>) -> RuleError {
        RuleError::Invalid {
            file: self.file.clone(),
            line: self.line,
            column: self.column,
            message: message.into(),
        }
    }
}

/// A value and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub at: Location,
}

/// A rule id (`relevance/self-focus`) or a principle (`relevance`) named by
/// a configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRef {
    /// The id or principle.
    pub name: String,
    /// Where it is written.
    pub at: Location,
}

impl RuleRef {
    /// True when this names the rule, by its id or its principle.
    pub fn names(&self, spec: &RuleSpec) -> bool {
        names_rule(&self.name, spec)
    }
}

/// True when `name` is the rule's id or its principle.
pub fn names_rule(name: &str, spec: &RuleSpec) -> bool {
    name == spec.id || name == spec.principle
}

/// Changes a configuration makes to one rule's thresholds for one profile.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileOverride {
    /// Where the profile's table is written.
    pub at: Location,
    /// Replaces the target shown beside the value.
    pub target: Option<String>,
    /// Replaces the numeric bands.
    pub bands: Option<Located<Vec<Band>>>,
    /// Replaces the status of the levels it names; other levels keep theirs.
    pub levels: Option<Located<BTreeMap<String, Status>>>,
    /// Replaces the share of the text the check looks at.
    pub window: Option<Located<f64>>,
}

/// Changes a configuration makes to one rule (`[rules."ID"]`).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleOverride {
    /// The rule id.
    pub id: String,
    /// Where the rule's table is written.
    pub at: Location,
    /// Replaces the severity of its findings.
    pub severity: Option<Severity>,
    /// Replaces its weight in the document score.
    pub weight: Option<Located<f64>>,
    /// Threshold changes per profile.
    pub profiles: BTreeMap<Profile, ProfileOverride>,
}

impl RuleOverride {
    /// Applies the override to a rule as written, checking the new values
    /// as a rule file's are checked; errors point into the configuration.
    pub fn apply(&self, spec: &mut RuleSpec) -> Result<(), RuleError> {
        if let Some(s) = self.severity {
            spec.severity = s;
        }
        if let Some(w) = &self.weight {
            if !(w.value.is_finite() && w.value >= 0.0) {
                return Err(w.at.error("weight must be a number >= 0"));
            }
            spec.weight = w.value;
        }
        for (profile, o) in &self.profiles {
            let Some(p) = spec.profiles.get_mut(profile) else {
                let checked: Vec<&str> = spec.profiles.keys().map(|p| p.name()).collect();
                return Err(o.at.error(format!(
                    "rule `{}` does not check {profile} documents, so it has no {profile} \
                     thresholds to override (it checks: {})",
                    spec.id,
                    if checked.is_empty() {
                        "none".to_string()
                    } else {
                        checked.join(", ")
                    }
                )));
            };
            if let Some(t) = &o.target {
                p.target = t.clone();
            }
            if let Some(b) = &o.bands {
                if !p.levels.is_empty() {
                    return Err(b.at.error(format!(
                        "rule `{}` judges levels, not numbers: set `levels`, not `bands`",
                        spec.id
                    )));
                }
                crate::rule::check_bands(&b.value)
                    .map_err(|m| b.at.error(format!("profile {profile}: {m}")))?;
                p.bands = b.value.clone();
            }
            if let Some(l) = &o.levels {
                if p.levels.is_empty() {
                    return Err(l.at.error(format!(
                        "rule `{}` judges numbers, not levels: set `bands`, not `levels`",
                        spec.id
                    )));
                }
                if let Some(unknown) = l.value.keys().find(|k| !p.levels.contains_key(*k)) {
                    let known: Vec<&str> = p.levels.keys().map(String::as_str).collect();
                    return Err(l.at.error(format!(
                        "profile {profile}: unknown level `{unknown}` (levels: {})",
                        known.join(", ")
                    )));
                }
                for (k, s) in &l.value {
                    p.levels.insert(k.clone(), *s);
                }
            }
            if let Some(w) = &o.window {
                if p.window.is_none() {
                    return Err(w.at.error(format!(
                        "rule `{}` has no `window` for {profile} documents",
                        spec.id
                    )));
                }
                if !(w.value > 0.0 && w.value <= 1.0) {
                    return Err(w
                        .at
                        .error(format!("profile {profile}: window must be in (0, 1]")));
                }
                p.window = Some(w.value);
            }
        }
        Ok(())
    }
}

/// Checks a configuration's rule names and overrides against the rules
/// read, and applies the overrides. Called by [`Pack`] before it compiles
/// the rules.
pub(crate) fn apply_to_rules(
    by_id: &mut BTreeMap<String, (String, RuleSpec)>,
    opts: &PackOptions,
) -> Result<(), RuleError> {
    for o in &opts.overrides {
        let Some((_, spec)) = by_id.get_mut(&o.id) else {
            return Err(o.at.error(format!(
                "unknown rule `{}`; `rapport rules` lists the rules",
                o.id
            )));
        };
        o.apply(spec)?;
    }
    for r in opts
        .select
        .iter()
        .chain(&opts.ignore)
        .chain(&opts.referenced)
    {
        let known = PRINCIPLES.contains(&r.name.as_str())
            || by_id.values().any(|(_, s)| names_rule(&r.name, s));
        if !known {
            let message = if r.name.contains('/') {
                format!("unknown rule `{}`; `rapport rules` lists the rules", r.name)
            } else {
                format!(
                    "unknown rule or principle `{}` (principles: {})",
                    r.name,
                    PRINCIPLES.join(", ")
                )
            };
            return Err(r.at.error(message));
        }
    }
    Ok(())
}

/// True when the options let the rule run: `select` is empty or names it,
/// and `ignore` does not.
pub(crate) fn selected(opts: &PackOptions, spec: &RuleSpec) -> bool {
    (opts.select.is_empty() || opts.select.iter().any(|r| r.names(spec)))
        && !opts.ignore.iter().any(|r| r.names(spec))
}

/// The profile that a `[[profile]]` entry gives to the paths matching its globs.
#[derive(Debug, Clone)]
pub struct PathProfile {
    /// The globs, as written (relative to the configuration's folder).
    pub paths: Vec<String>,
    /// The profile.
    pub profile: Profile,
    globs: GlobSet,
}

/// Rules that a `[[suppress]]` entry accepts for the paths matching its globs.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// The globs, as written (relative to the configuration's folder).
    pub paths: Vec<String>,
    /// Rule ids or principles.
    pub rules: Vec<RuleRef>,
    globs: GlobSet,
}

/// A configuration file, read and checked (rule names are checked when its
/// rule pack is built, see [`Settings::new`]).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file, as shown in messages.
    pub shown: String,
    /// The folder that globs and `rule_dirs` are relative to.
    pub dir: PathBuf,
    /// Names that count as the sender.
    pub self_names: Vec<String>,
    /// Names that count as the prospect.
    pub prospect_names: Vec<String>,
    /// Speaker labels of the rep in transcripts.
    pub reps: Vec<String>,
    /// The rules to run (ids or principles); empty runs them all.
    pub select: Vec<RuleRef>,
    /// The rules not to run (ids or principles).
    pub ignore: Vec<RuleRef>,
    /// Extra rule folders, resolved against [`Config::dir`].
    pub rule_dirs: Vec<PathBuf>,
    /// Exit 1 when a document scores below this.
    pub fail_under: Option<u32>,
    /// Profiles per path glob; the first match wins.
    pub profiles: Vec<PathProfile>,
    /// Rules accepted per path glob.
    pub suppress: Vec<Suppression>,
    /// Per-rule overrides, in id order.
    pub overrides: Vec<RuleOverride>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    self_names: Vec<Spanned<String>>,
    #[serde(default)]
    prospect_names: Vec<Spanned<String>>,
    #[serde(default)]
    reps: Vec<Spanned<String>>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    rule_dirs: Vec<Spanned<String>>,
    #[serde(default)]
    fail_under: Option<Spanned<i64>>,
    #[serde(default)]
    profile: Vec<RawPathProfile>,
    #[serde(default)]
    suppress: Vec<RawSuppression>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, RawOverride>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPathProfile {
    paths: Spanned<Vec<Spanned<String>>>,
    profile: Profile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuppression {
    paths: Spanned<Vec<Spanned<String>>>,
    rules: Spanned<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    #[serde(default)]
    severity: Option<Severity>,
    #[serde(default)]
    weight: Option<Spanned<f64>>,
    #[serde(default)]
    profiles: BTreeMap<Spanned<Profile>, RawProfileOverride>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfileOverride {
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    bands: Option<Spanned<Vec<Band>>>,
    #[serde(default)]
    levels: Option<Spanned<BTreeMap<String, Status>>>,
    #[serde(default)]
    window: Option<Spanned<f64>>,
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Turns spans of one configuration text into [`Location`]s.
struct Spans<'a> {
    file: &'a str,
    text: &'a str,
}

impl Spans<'_> {
    fn at(&self, span: std::ops::Range<usize>) -> Location {
        let (line, column) = line_col(self.text, span.start);
        Location {
            file: self.file.to_string(),
            line,
            column,
        }
    }

    fn names(&self, list: Vec<Spanned<String>>, key: &str) -> Result<Vec<String>, RuleError> {
        let mut out: Vec<String> = Vec::with_capacity(list.len());
        for s in list {
            let name = s.get_ref().trim();
            if name.is_empty() {
                return Err(self
                    .at(s.span())
                    .error(format!("`{key}` has an empty name")));
            }
            if !out.iter().any(|n| n == name) {
                out.push(name.to_string());
            }
        }
        Ok(out)
    }

    fn rule_refs(&self, list: Vec<Spanned<String>>) -> Vec<RuleRef> {
        list.into_iter()
            .map(|s| RuleRef {
                at: self.at(s.span()),
                name: s.into_inner().trim().to_string(),
            })
            .collect()
    }

    fn globs(
        &self,
        list: Spanned<Vec<Spanned<String>>>,
    ) -> Result<(Vec<String>, GlobSet), RuleError> {
        let at = self.at(list.span());
        let list = list.into_inner();
        if list.is_empty() {
            return Err(at.error("`paths` needs at least one glob"));
        }
        let mut builder = GlobSetBuilder::new();
        let mut written = Vec::with_capacity(list.len());
        for g in list {
            let at = self.at(g.span());
            let raw = g.into_inner();
            let pattern = raw.strip_prefix("./").unwrap_or(&raw);
            if pattern.starts_with('/') || pattern.is_empty() {
                return Err(at.error(format!(
                    "bad glob `{raw}`: globs are relative to the configuration's folder"
                )));
            }
            let glob = GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| at.error(format!("bad glob `{raw}`: {}", e.kind())))?;
            builder.add(glob);
            written.push(raw);
        }
        let set = builder
            .build()
            .map_err(|e| at.error(format!("bad glob: {}", e.kind())))?;
        Ok((written, set))
    }
}

impl Config {
    /// Reads and checks a configuration file; `shown` names it in messages.
    pub fn load(file: &Path, shown: &str) -> Result<Config, RuleError> {
        let text = std::fs::read_to_string(file).map_err(|e| RuleError::Io {
            path: shown.to_string(),
            message: match e.kind() {
                std::io::ErrorKind::InvalidData => "not valid UTF-8 text".into(),
                _ => io_message(&e),
            },
        })?;
        let parent = file.parent().filter(|p| !p.as_os_str().is_empty());
        let dir = canonical_dir(parent.unwrap_or(Path::new(".")));
        Config::parse(shown, &dir, &text)
    }

    /// Parses and checks a configuration's text; `dir` is the folder its
    /// globs and rule folders are relative to.
    pub fn parse(shown: &str, dir: &Path, text: &str) -> Result<Config, RuleError> {
        let sp = Spans { file: shown, text };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            RuleError::Parse {
                file: shown.to_string(),
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })?;
        let fail_under = match raw.fail_under {
            None => None,
            Some(f) => match u32::try_from(*f.get_ref()) {
                Ok(v) if v <= 100 => Some(v),
                _ => {
                    return Err(sp
                        .at(f.span())
                        .error("fail_under must be a whole number from 0 to 100"));
                }
            },
        };
        let mut rule_dirs = Vec::with_capacity(raw.rule_dirs.len());
        for d in raw.rule_dirs {
            let at = sp.at(d.span());
            let written = d.into_inner();
            let path = dir.join(&written);
            if !path.is_dir() {
                return Err(at.error(format!(
                    "rule folder `{written}` not found (looked for {})",
                    shown_path(&path)
                )));
            }
            if !rule_dirs.contains(&path) {
                rule_dirs.push(path);
            }
        }
        let mut profiles = Vec::with_capacity(raw.profile.len());
        for p in raw.profile {
            let (paths, globs) = sp.globs(p.paths)?;
            profiles.push(PathProfile {
                paths,
                profile: p.profile,
                globs,
            });
        }
        let mut suppress = Vec::with_capacity(raw.suppress.len());
        for s in raw.suppress {
            let (paths, globs) = sp.globs(s.paths)?;
            let at = sp.at(s.rules.span());
            let rules = sp.rule_refs(s.rules.into_inner());
            if rules.is_empty() {
                return Err(at.error("`rules` needs at least one rule id or principle"));
            }
            suppress.push(Suppression {
                paths,
                rules,
                globs,
            });
        }
        let mut overrides = Vec::with_capacity(raw.rules.len());
        for (id, o) in raw.rules {
            let at = sp.at(id.span());
            let mut profiles = BTreeMap::new();
            for (profile, p) in o.profiles {
                let located = |s: Spanned<f64>| Located {
                    at: sp.at(s.span()),
                    value: s.into_inner(),
                };
                profiles.insert(
                    *profile.get_ref(),
                    ProfileOverride {
                        at: sp.at(profile.span()),
                        target: p.target,
                        bands: p.bands.map(|b| Located {
                            at: sp.at(b.span()),
                            value: b.into_inner(),
                        }),
                        levels: p.levels.map(|l| Located {
                            at: sp.at(l.span()),
                            value: l.into_inner(),
                        }),
                        window: p.window.map(located),
                    },
                );
            }
            overrides.push(RuleOverride {
                id: id.into_inner(),
                at,
                severity: o.severity,
                weight: o.weight.map(|w| Located {
                    at: sp.at(w.span()),
                    value: w.into_inner(),
                }),
                profiles,
            });
        }
        Ok(Config {
            shown: shown.to_string(),
            dir: dir.to_path_buf(),
            self_names: sp.names(raw.self_names, "self_names")?,
            prospect_names: sp.names(raw.prospect_names, "prospect_names")?,
            reps: sp.names(raw.reps, "reps")?,
            select: sp.rule_refs(raw.select),
            ignore: sp.rule_refs(raw.ignore),
            rule_dirs,
            fail_under,
            profiles,
            suppress,
            overrides,
        })
    }

    /// The profile of the first `[[profile]]` entry whose globs match `rel`
    /// (a path relative to [`Config::dir`]).
    pub fn profile_for(&self, rel: &Path) -> Option<Profile> {
        self.profiles
            .iter()
            .find(|p| p.globs.is_match(rel))
            .map(|p| p.profile)
    }

    /// The rules (ids or principles) that `[[suppress]]` entries accept for
    /// `rel`, in the order written, without repeats.
    pub fn suppressed_for(&self, rel: &Path) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in self.suppress.iter().filter(|s| s.globs.is_match(rel)) {
            for r in &s.rules {
                if !out.contains(&r.name) {
                    out.push(r.name.clone());
                }
            }
        }
        out
    }
}

/// Where a run's configuration comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ConfigMode {
    /// The first `rapport.toml` found walking up from each document's folder.
    #[default]
    Discover,
    /// This file, for every document (`--config FILE`).
    File(PathBuf),
    /// None (`--no-config`).
    Off,
}

/// What the command line sets. It wins over a configuration: `reps`,
/// `fail_under` and `profile` replace the configuration's; names and rule
/// folders are added to it.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// A fixed profile (`--profile`, not `auto`); beats the per-glob profile.
    pub profile: Option<Profile>,
    /// `--rep`: replaces the configuration's `reps` when given.
    pub reps: Vec<String>,
    /// `--self-name`: added to `self_names`.
    pub self_names: Vec<String>,
    /// `--prospect`: added to `prospect_names`.
    pub prospect_names: Vec<String>,
    /// `--rules`: added to `rule_dirs`.
    pub rule_dirs: Vec<PathBuf>,
    /// `--fail-under`: replaces `fail_under`.
    pub fail_under: Option<u32>,
}

/// A configuration (or none) merged with the command line, and the rule
/// pack it compiles to: what applies to the documents under it.
#[derive(Debug)]
pub struct Settings {
    /// The configuration, if one applies.
    pub config: Option<Arc<Config>>,
    /// The rules that run, with names, selection and overrides applied.
    pub pack: Pack,
    /// How transcripts are read (the rep).
    pub read: ReadOptions,
    /// Exit 1 when a document scores below this.
    pub fail_under: Option<u32>,
    /// The profile fixed on the command line.
    pub profile: Option<Profile>,
    /// Sender names, the configuration's then the command line's.
    pub self_names: Vec<String>,
    /// Prospect names, the configuration's then the command line's.
    pub prospect_names: Vec<String>,
    /// Rule folders, the configuration's then the command line's.
    pub rule_dirs: Vec<PathBuf>,
}

fn merged(a: &[String], b: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(a.len() + b.len());
    for n in a.iter().chain(b) {
        if !n.trim().is_empty() && !out.contains(n) {
            out.push(n.clone());
        }
    }
    out
}

impl Settings {
    /// Merges a configuration with the command line and compiles its rule
    /// pack. Errors name the configuration file, line and column, or the
    /// rule file.
    pub fn new(config: Option<Arc<Config>>, flags: &Flags) -> Result<Settings, RuleError> {
        let empty = Config::default();
        let c = config.as_deref().unwrap_or(&empty);
        let self_names = merged(&c.self_names, &flags.self_names);
        let prospect_names = merged(&c.prospect_names, &flags.prospect_names);
        let reps = if flags.reps.is_empty() {
            c.reps.clone()
        } else {
            flags.reps.clone()
        };
        let mut rule_dirs = c.rule_dirs.clone();
        for d in &flags.rule_dirs {
            let same = |r: &PathBuf| {
                r == d || matches!((r.canonicalize(), d.canonicalize()), (Ok(a), Ok(b)) if a == b)
            };
            if !rule_dirs.iter().any(same) {
                rule_dirs.push(d.clone());
            }
        }
        let opts = PackOptions {
            self_names: self_names.clone(),
            prospect_names: prospect_names.clone(),
            select: c.select.clone(),
            ignore: c.ignore.clone(),
            overrides: c.overrides.clone(),
            referenced: c
                .suppress
                .iter()
                .flat_map(|s| s.rules.iter().cloned())
                .collect(),
        };
        let pack = if rule_dirs.is_empty() {
            Pack::default_pack(&opts)?
        } else {
            Pack::with_user_rules(&rule_dirs, &opts)?
        };
        Ok(Settings {
            pack,
            read: ReadOptions { reps },
            fail_under: flags.fail_under.or(c.fail_under),
            profile: flags.profile,
            self_names,
            prospect_names,
            rule_dirs,
            config,
        })
    }

    /// The profile of a document at `rel` (relative to the configuration's
    /// folder, `None` outside it): the command line's, else the first
    /// matching `[[profile]]` glob's, else `None` (detect it).
    pub fn profile_for(&self, rel: Option<&Path>) -> Option<Profile> {
        self.profile.or_else(|| {
            let (c, rel) = self.config.as_ref().zip(rel)?;
            c.profile_for(rel)
        })
    }

    /// The rules the configuration accepts for a document at `rel`.
    pub fn suppressed_for(&self, rel: Option<&Path>) -> Vec<String> {
        match self.config.as_ref().zip(rel) {
            Some((c, rel)) => c.suppressed_for(rel),
            None => Vec::new(),
        }
    }

    /// The effective configuration, for `rapport config`. `rel` is the
    /// path's place under the configuration's folder; `file` is true when
    /// the path is a file, which adds the profile and suppressions it gets.
    pub fn describe(&self, path: &str, rel: Option<&Path>, file: bool) -> Effective {
        let c = self.config.as_deref();
        let refs = |v: Option<&Vec<RuleRef>>| -> Vec<String> {
            v.map(|v| v.iter().map(|r| r.name.clone()).collect())
                .unwrap_or_default()
        };
        Effective {
            path: path.to_string(),
            file: c.map(|c| c.shown.clone()),
            path_profile: file.then(|| {
                self.profile_for(rel)
                    .map_or("auto", Profile::name)
                    .to_string()
            }),
            suppressed: file.then(|| self.suppressed_for(rel)),
            active_rules: self.pack.rules.iter().map(|r| r.spec.id.clone()).collect(),
            self_names: self.self_names.clone(),
            prospect_names: self.prospect_names.clone(),
            reps: self.read.reps.clone(),
            select: refs(c.map(|c| &c.select)),
            ignore: refs(c.map(|c| &c.ignore)),
            rule_dirs: self.rule_dirs.iter().map(|d| shown_path(d)).collect(),
            fail_under: self.fail_under,
            profile: c
                .map(|c| {
                    c.profiles
                        .iter()
                        .map(|p| ShownProfile {
                            paths: p.paths.clone(),
                            profile: p.profile.name().to_string(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            suppress: c
                .map(|c| {
                    c.suppress
                        .iter()
                        .map(|s| ShownSuppression {
                            paths: s.paths.clone(),
                            rules: s.rules.iter().map(|r| r.name.clone()).collect(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            rules: c
                .map(|c| {
                    c.overrides
                        .iter()
                        .map(|o| (o.id.clone(), ShownOverride::of(o)))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// The effective configuration of a path, as `rapport config` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Effective {
    /// The path asked about.
    pub path: String,
    /// The configuration file that applies, if any.
    pub file: Option<String>,
    /// For a file: the profile it gets (`auto`: detected from its content).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_profile: Option<String>,
    /// For a file: the rules `[[suppress]]` accepts for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Vec<String>>,
    /// The rules that run, after `select` and `ignore`.
    pub active_rules: Vec<String>,
    /// Sender names, the configuration's and `--self-name`.
    pub self_names: Vec<String>,
    /// Prospect names, the configuration's and `--prospect`.
    pub prospect_names: Vec<String>,
    /// The rep's speaker labels (`--rep` replaces the configuration's).
    pub reps: Vec<String>,
    /// `select` as written.
    pub select: Vec<String>,
    /// `ignore` as written.
    pub ignore: Vec<String>,
    /// Rule folders, the configuration's (resolved) and `--rules`.
    pub rule_dirs: Vec<String>,
    /// The threshold (`--fail-under` replaces the configuration's).
    pub fail_under: Option<u32>,
    /// `[[profile]]` entries.
    pub profile: Vec<ShownProfile>,
    /// `[[suppress]]` entries.
    pub suppress: Vec<ShownSuppression>,
    /// `[rules."ID"]` overrides, by id.
    pub rules: BTreeMap<String, ShownOverride>,
}

/// A `[[profile]]` entry as shown by `rapport config`.
#[derive(Debug, Clone, Serialize)]
pub struct ShownProfile {
    /// The globs.
    pub paths: Vec<String>,
    /// The profile.
    pub profile: String,
}

/// A `[[suppress]]` entry as shown by `rapport config`.
#[derive(Debug, Clone, Serialize)]
pub struct ShownSuppression {
    /// The globs.
    pub paths: Vec<String>,
    /// The rules accepted.
    pub rules: Vec<String>,
}

/// A rule override as shown by `rapport config`.
#[derive(Debug, Clone, Serialize)]
pub struct ShownOverride {
    /// The new severity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// The new weight.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// Threshold changes per profile.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub profiles: BTreeMap<String, ShownProfileOverride>,
}

/// A profile's threshold changes as shown by `rapport config`.
#[derive(Debug, Clone, Serialize)]
pub struct ShownProfileOverride {
    /// The new target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The new bands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bands: Option<Vec<ShownBand>>,
    /// The new level statuses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub levels: Option<BTreeMap<String, Status>>,
    /// The new window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<f64>,
}

/// A band as shown by `rapport config`.
#[derive(Debug, Clone, Serialize)]
pub struct ShownBand {
    /// Upper bound, inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upto: Option<f64>,
    /// The status.
    pub status: Status,
}

impl ShownOverride {
    fn of(o: &RuleOverride) -> ShownOverride {
        ShownOverride {
            severity: o.severity,
            weight: o.weight.as_ref().map(|w| w.value),
            profiles: o
                .profiles
                .iter()
                .map(|(p, po)| {
                    let shown = ShownProfileOverride {
                        target: po.target.clone(),
                        bands: po.bands.as_ref().map(|b| {
                            b.value
                                .iter()
                                .map(|b| ShownBand {
                                    upto: b.upto,
                                    status: b.status,
                                })
                                .collect()
                        }),
                        levels: po.levels.as_ref().map(|l| l.value.clone()),
                        window: po.window.as_ref().map(|w| w.value),
                    };
                    (p.name().to_string(), shown)
                })
                .collect(),
        }
    }
}

/// A path without `.` and `..` components, made absolute against the
/// current folder (symbolic links are not resolved).
fn lexical_absolute(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The real path of a folder, or its absolute path when it does not exist.
fn canonical_dir(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| lexical_absolute(p))
}

/// A path as shown in messages: relative to the current folder when it is
/// under it, else absolute.
fn shown_path(p: &Path) -> String {
    let cwd = std::env::current_dir()
        .ok()
        .map(|c| std::fs::canonicalize(&c).unwrap_or(c));
    match cwd.as_deref().and_then(|c| p.strip_prefix(c).ok()) {
        Some(rel) if rel.as_os_str().is_empty() => ".".into(),
        Some(rel) => rel.display().to_string(),
        None => p.display().to_string(),
    }
}

/// Where a document falls: the [`Settings`] that apply to it (an index
/// into [`Resolver::settings`]) and its path relative to the
/// configuration's folder (`None` without a configuration, or outside its
/// folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// Index into [`Resolver::settings`].
    pub settings: usize,
    /// The path relative to the configuration's folder.
    pub rel: Option<PathBuf>,
}

/// Finds the configuration of each document. Each folder is looked up
/// once, each configuration file read once, and each distinct
/// configuration compiled into one [`Settings`].
#[derive(Debug)]
pub struct Resolver {
    mode: ConfigMode,
    flags: Flags,
    /// Folder as given -> its real path.
    folders: HashMap<PathBuf, PathBuf>,
    /// Real folder -> the configuration file found from it.
    found: HashMap<PathBuf, Option<PathBuf>>,
    /// Configuration file (`None`: no configuration) -> its settings, or
    /// `None` when it failed.
    slots: HashMap<Option<PathBuf>, Option<usize>>,
    settings: Vec<Settings>,
    errors: Vec<String>,
}

impl Resolver {
    /// A resolver for a run.
    pub fn new(mode: ConfigMode, flags: Flags) -> Resolver {
        Resolver {
            mode,
            flags,
            folders: HashMap::new(),
            found: HashMap::new(),
            slots: HashMap::new(),
            settings: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// Places a document file (or standard input, given as its shown name,
    /// relative to the current folder). `None` when its configuration
    /// could not be used; the error is in [`Resolver::errors`].
    pub fn place_file(&mut self, path: &Path) -> Option<Placed> {
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path.file_name().map(Path::new);
        self.place_in(folder, name)
    }

    /// Places a folder: its configuration is found from the folder itself.
    pub fn place_folder(&mut self, folder: &Path) -> Option<Placed> {
        self.place_in(folder, None)
    }

    fn place_in(&mut self, folder: &Path, name: Option<&Path>) -> Option<Placed> {
        if self.mode == ConfigMode::Off {
            return Some(Placed {
                settings: self.slot(None)?,
                rel: None,
            });
        }
        let real = match self.folders.get(folder) {
            Some(r) => r.clone(),
            None => {
                let r = canonical_dir(folder);
                self.folders.insert(folder.to_path_buf(), r.clone());
                r
            }
        };
        let file = match &self.mode {
            ConfigMode::File(f) => Some(f.clone()),
            _ => self.find(&real),
        };
        let settings = self.slot(file)?;
        let rel = self.settings[settings].config.as_ref().and_then(|c| {
            let full = match name {
                Some(n) => real.join(n),
                None => real.clone(),
            };
            full.strip_prefix(&c.dir).ok().map(Path::to_path_buf)
        });
        Some(Placed { settings, rel })
    }

    /// The first configuration file in `dir` or a folder above it.
    fn find(&mut self, dir: &Path) -> Option<PathBuf> {
        let mut visited = Vec::new();
        let mut found = None;
        for a in dir.ancestors() {
            if let Some(hit) = self.found.get(a) {
                found = hit.clone();
                break;
            }
            visited.push(a.to_path_buf());
            let candidate = a.join(FILE_NAME);
            if candidate.is_file() {
                found = Some(candidate);
                break;
            }
        }
        for v in visited {
            self.found.insert(v, found.clone());
        }
        found
    }

    /// The settings for a configuration file (or none), built once.
    fn slot(&mut self, file: Option<PathBuf>) -> Option<usize> {
        if let Some(s) = self.slots.get(&file) {
            return *s;
        }
        let built = match &file {
            None => Settings::new(None, &self.flags),
            Some(f) => {
                // A file named with --config is shown as given; a found one
                // relative to the current folder when it is under it.
                let shown = match &self.mode {
                    ConfigMode::File(given) => given.display().to_string(),
                    _ => shown_path(f),
                };
                Config::load(f, &shown).and_then(|c| Settings::new(Some(Arc::new(c)), &self.flags))
            }
        };
        let slot = match built {
            Ok(s) => {
                self.settings.push(s);
                Some(self.settings.len() - 1)
            }
            Err(e) => {
                let e = e.to_string();
                if !self.errors.contains(&e) {
                    self.errors.push(e);
                }
                None
            }
        };
        self.slots.insert(file, slot);
        slot
    }

    /// Builds the settings of the command line alone when no document
    /// needed any, so that bad flags (a broken `--rules` folder, a missing
    /// `--config` file) are still reported.
    pub fn ensure_any(&mut self) {
        if self.slots.is_empty() {
            let file = match &self.mode {
                ConfigMode::File(f) => Some(f.clone()),
                _ => None,
            };
            self.slot(file);
        }
    }

    /// The errors met, one line each, in the order met.
    pub fn errors(&self) -> &[String] {
        &self.errors
    }

    /// The settings built so far; [`Placed::settings`] indexes them.
    pub fn settings(&self) -> &[Settings] {
        &self.settings
    }

    /// The settings built, to share across threads.
    pub fn into_settings(self) -> Vec<Settings> {
        self.settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse("rapport.toml", Path::new("/nowhere"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn an_unknown_key_is_an_error_at_its_line_and_column() {
        let e = parse("self_names = [\"Acme\"]\n\nself_nmes = [\"x\"]\n").unwrap_err();
        assert!(
            e.starts_with("rapport.toml:3:1: unknown field `self_nmes`"),
            "{e}"
        );
        let e = parse("[rules.\"relevance/questions\"]\nweigth = 2\n").unwrap_err();
        assert!(
            e.starts_with("rapport.toml:2:1: unknown field `weigth`"),
            "{e}"
        );
    }

    #[test]
    fn wrong_types_and_values_are_errors_with_their_place() {
        let e = parse("fail_under = \"70\"\n").unwrap_err();
        assert!(e.starts_with("rapport.toml:1:14:"), "{e}");
        let e = parse("fail_under = 170\n").unwrap_err();
        assert_eq!(
            e,
            "rapport.toml:1:14: fail_under must be a whole number from 0 to 100"
        );
        let e = parse("[[profile]]\npaths = [\"notes/[a\"]\nprofile = \"notes\"\n").unwrap_err();
        assert!(
            e.starts_with("rapport.toml:2:10: bad glob `notes/[a`"),
            "{e}"
        );
        let e = parse("[[profile]]\npaths = [\"*.md\"]\nprofile = \"memo\"\n").unwrap_err();
        assert!(
            e.starts_with("rapport.toml:3:11: unknown variant `memo`"),
            "{e}"
        );
        let e = parse("reps = [\" \"]\n").unwrap_err();
        assert_eq!(e, "rapport.toml:1:9: `reps` has an empty name");
    }

    #[test]
    fn globs_are_relative_and_the_first_profile_match_wins() {
        let c = parse(
            "[[profile]]\npaths = [\"notes/**\"]\nprofile = \"notes\"\n\
             [[profile]]\npaths = [\"*.txt\", \"notes/**\"]\nprofile = \"transcript\"\n\
             [[suppress]]\npaths = [\"legacy/**\"]\nrules = [\"relevance\", \"follow-up/next-step\"]\n",
        )
        .unwrap();
        assert_eq!(
            c.profile_for(Path::new("notes/a/b.txt")),
            Some(Profile::Notes)
        );
        assert_eq!(
            c.profile_for(Path::new("call.txt")),
            Some(Profile::Transcript)
        );
        // `*` does not cross folders.
        assert_eq!(c.profile_for(Path::new("calls/call.txt")), None);
        assert_eq!(
            c.suppressed_for(Path::new("legacy/x.txt")),
            ["relevance", "follow-up/next-step"]
        );
        assert!(c.suppressed_for(Path::new("x.txt")).is_empty());
    }

    #[test]
    fn overrides_are_checked_like_rule_files() {
        let c = parse(
            "[rules.\"relevance/self-focus\".profiles.email]\n\
             bands = [{ upto = 0.5, status = \"pass\" }, { upto = 0.4, status = \"warn\" }]\n",
        )
        .unwrap();
        let opts = PackOptions {
            overrides: c.overrides,
            ..PackOptions::default()
        };
        let e = Pack::default_pack(&opts).unwrap_err().to_string();
        assert_eq!(
            e,
            "rapport.toml:2:9: profile email: band bounds must increase"
        );
        let c = parse("[rules.\"relevance/nope\"]\nweight = 2\n").unwrap();
        let opts = PackOptions {
            overrides: c.overrides,
            ..PackOptions::default()
        };
        let e = Pack::default_pack(&opts).unwrap_err().to_string();
        assert!(
            e.starts_with("rapport.toml:1:8: unknown rule `relevance/nope`"),
            "{e}"
        );
    }

    #[test]
    fn select_and_ignore_choose_the_rules_that_run() {
        let c = parse("select = [\"relevance\"]\nignore = [\"relevance/questions\"]\n").unwrap();
        let opts = PackOptions {
            select: c.select,
            ignore: c.ignore,
            ..PackOptions::default()
        };
        let pack = Pack::default_pack(&opts).unwrap();
        assert!(pack.get("relevance/self-focus").is_some());
        assert!(pack.get("relevance/questions").is_none());
        assert!(pack.get("follow-up/next-step").is_none());
        let c = parse("ignore = [\"relevence\"]\n").unwrap();
        let opts = PackOptions {
            ignore: c.ignore,
            ..PackOptions::default()
        };
        let e = Pack::default_pack(&opts).unwrap_err().to_string();
        assert!(
            e.starts_with("rapport.toml:1:11: unknown rule or principle `relevence`"),
            "{e}"
        );
    }
}
