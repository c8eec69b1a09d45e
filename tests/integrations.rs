//! The GitHub Action (action.yml) and the pre-commit hooks
//! (.pre-commit-hooks.yaml): what they declare, that inputs reach the
//! scripts only as quoted environment variables, and that the scripts and
//! hook entries run rapport as a user expects.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};

use yaml_rust2::{Yaml, YamlLoader};

mod common;

use common::rapport;

/// A file at the root of the repository, parsed as one YAML document.
fn load(name: &str) -> Yaml {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(docs.len(), 1, "{name} holds one YAML document");
    docs.remove(0)
}

/// A string value, or a panic naming what was looked for.
fn text<'a>(node: &'a Yaml, what: &str) -> &'a str {
    node.as_str()
        .unwrap_or_else(|| panic!("{what} is not a string: {node:?}"))
}

// ---- action.yml: what it declares ----

#[test]
fn action_declares_its_inputs_with_their_defaults() {
    let action = load("action.yml");
    assert_eq!(text(&action["name"], "name"), "rapport");
    assert!(!text(&action["description"], "description").is_empty());
    let inputs = &action["inputs"];
    assert_eq!(inputs["paths"]["required"].as_bool(), Some(true));
    assert!(
        inputs["paths"]["default"].is_badvalue(),
        "paths has no default"
    );
    for (name, default) in [("fail-under", ""), ("format", "github"), ("args", "")] {
        let input = &inputs[name];
        assert_eq!(input["required"].as_bool(), Some(false), "{name}");
        assert_eq!(input["default"].as_str(), Some(default), "{name}");
    }
    for (name, input) in inputs.as_hash().unwrap() {
        assert!(
            !text(&input["description"], "description").is_empty(),
            "input {name:?} has no description"
        );
    }
    assert!(
        text(&action["outputs"]["exit-code"]["value"], "exit-code")
            .contains("steps.check.outputs.exit-code")
    );
}

#[test]
fn action_is_composite_and_installs_rapport_from_its_own_repository() {
    let action = load("action.yml");
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let steps = action["runs"]["steps"]
        .as_vec()
        .expect("runs.steps is a list");
    // A composite step that runs a script must name its shell.
    for step in steps.iter().filter(|s| !s["run"].is_badvalue()) {
        assert_eq!(step["shell"].as_str(), Some("bash"), "{step:?}");
    }
    let installs: Vec<&str> = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .filter(|r| r.contains("cargo install"))
        .collect();
    assert_eq!(installs.len(), 1);
    assert!(
        installs[0].contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\""),
        "{}",
        installs[0]
    );
    assert!(check_script().contains("--format markdown"));
}

/// Every `${{ ... }}` expression under `node`, with the keys leading to it.
fn expressions(node: &Yaml, keys: &mut Vec<String>, found: &mut Vec<(Vec<String>, String)>) {
    match node {
        Yaml::String(s) => {
            let mut rest = s.as_str();
            while let Some(start) = rest.find("${{") {
                let end = rest[start..]
                    .find("}}")
                    .map_or(rest.len(), |e| start + e + 2);
                found.push((keys.clone(), rest[start..end].to_string()));
                rest = &rest[end..];
            }
        }
        Yaml::Hash(map) => {
            for (key, value) in map {
                let key = key
                    .as_str()
                    .map_or_else(|| format!("{key:?}"), str::to_string);
                keys.push(key);
                expressions(value, keys, found);
                keys.pop();
            }
        }
        Yaml::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                keys.push(i.to_string());
                expressions(item, keys, found);
                keys.pop();
            }
        }
        _ => {}
    }
}

#[test]
fn action_inputs_reach_scripts_only_through_env() {
    let action = load("action.yml");
    let mut found = Vec::new();
    expressions(&action, &mut Vec::new(), &mut found);
    let input_uses: Vec<_> = found
        .iter()
        .filter(|(_, e)| e.contains("inputs."))
        .collect();
    // Each input is used, and each use is a value of an `env:` mapping.
    for name in ["paths", "fail-under", "format", "args"] {
        assert!(
            input_uses
                .iter()
                .any(|(_, e)| e.contains(&format!("inputs.{name} "))),
            "input {name} is never used"
        );
    }
    for (keys, expr) in &input_uses {
        assert!(
            keys.len() >= 2 && keys[keys.len() - 2] == "env",
            "{expr} is used at {} outside an env: mapping",
            keys.join(".")
        );
    }
    // No script has an expression pasted into it at all.
    for (keys, expr) in &found {
        assert_ne!(
            keys.last().map(String::as_str),
            Some("run"),
            "{expr} in a run: script"
        );
    }
}

// ---- action.yml: its script, run as GitHub runs it ----

/// The script of the step that checks the documents.
fn check_script() -> String {
    let action = load("action.yml");
    let steps = action["runs"]["steps"].as_vec().unwrap();
    let step = steps
        .iter()
        .find(|s| s["id"].as_str() == Some("check"))
        .expect("a step with id check");
    text(&step["run"], "the check step's run").to_string()
}

/// The action's scripts, run with bash as GitHub runs them (on Unix: the
/// stand-in for rapport is a shell script).
#[cfg(unix)]
mod action_script {
    use super::*;

    /// Whether bash and xargs can be run here.
    fn have_shell_tools() -> bool {
        let ok = |p: &str| {
            Process::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        };
        let have = ok("bash") && ok("xargs");
        if !have {
            println!("note: bash or xargs is missing; the action's script was not run");
        }
        have
    }

    /// The hash the fingerprint step computes for the source in `dir`.
    fn fingerprint(dir: &Path) -> String {
        let action = load("action.yml");
        let steps = action["runs"]["steps"].as_vec().unwrap();
        let step = steps
            .iter()
            .find(|s| s["id"].as_str() == Some("source"))
            .expect("a step with id source");
        let out_file = dir.join("..").join("fingerprint-output");
        let out = Process::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(text(&step["run"], "the source step's run"))
            .env("GITHUB_ACTION_PATH", dir)
            .env("GITHUB_OUTPUT", &out_file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let written = fs::read_to_string(&out_file).unwrap();
        fs::remove_file(&out_file).unwrap();
        let hash = written.strip_prefix("hash=").expect("hash=...").trim_end();
        assert!(
            hash.len() >= 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{hash}"
        );
        hash.to_string()
    }

    #[test]
    fn the_cache_key_changes_with_the_source_and_not_with_the_build() {
        if !have_shell_tools() {
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("action");
        fs::create_dir_all(src.join("src")).unwrap();
        fs::write(src.join("Cargo.toml"), "[package]\n").unwrap();
        fs::write(src.join("src").join("main.rs"), "fn main() {}\n").unwrap();
        let first = fingerprint(&src);
        assert_eq!(fingerprint(&src), first);
        // Build output and git's files are not the source.
        fs::create_dir_all(src.join("target").join("release")).unwrap();
        fs::write(src.join("target").join("release").join("rapport"), "binary").unwrap();
        fs::write(src.join(".git"), "gitdir: elsewhere\n").unwrap();
        assert_eq!(fingerprint(&src), first);
        fs::write(src.join("src").join("main.rs"), "fn main() { }\n").unwrap();
        let edited = fingerprint(&src);
        assert_ne!(edited, first);
        fs::write(src.join("src").join("lib.rs"), "").unwrap();
        assert_ne!(fingerprint(&src), edited);
    }

    /// A runner's temporary folder and files for one run of the check step.
    struct Runner {
        dir: tempfile::TempDir,
    }

    impl Runner {
        /// A runner whose `rapport` (under RUNNER_TEMP/rapport/bin) is `binary`.
        fn with(binary: &Path) -> Runner {
            let dir = tempfile::tempdir().unwrap();
            let bin = dir.path().join("rapport").join("bin");
            fs::create_dir_all(&bin).unwrap();
            std::os::unix::fs::symlink(binary, bin.join("rapport")).unwrap();
            fs::create_dir(dir.path().join("work")).unwrap();
            Runner { dir }
        }

        fn file(&self, name: &str) -> PathBuf {
            self.dir.path().join(name)
        }

        fn read(&self, name: &str) -> String {
            fs::read_to_string(self.file(name)).unwrap_or_default()
        }

        /// Runs the check step as GitHub does (`bash --noprofile --norc -eo
        /// pipefail`), in `cwd` (default: an empty folder), with the inputs
        /// given as (input, value) pairs.
        fn run(&self, cwd: Option<&Path>, inputs: &[(&str, &str)]) -> Output {
            let script = self.file("check.sh");
            fs::write(&script, check_script()).unwrap();
            let mut cmd = Process::new("bash");
            cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
                .arg(&script)
                .current_dir(cwd.map_or_else(|| self.file("work"), Path::to_path_buf))
                .env("RUNNER_TEMP", self.dir.path())
                .env("GITHUB_OUTPUT", self.file("output"))
                .env("GITHUB_PATH", self.file("path"))
                .env("GITHUB_STEP_SUMMARY", self.file("summary"))
                .env("STUB_LOG", self.file("log"));
            // The defaults of action.yml, as the runner sets them.
            for (input, default) in [("fail-under", ""), ("format", "github"), ("args", "")] {
                cmd.env(env_name(input), default);
            }
            for (input, value) in inputs {
                // The stub's own settings go as they are.
                if input.starts_with("STUB_") {
                    cmd.env(input, value);
                } else {
                    cmd.env(env_name(input), value);
                }
            }
            cmd.output().unwrap()
        }
    }

    /// The environment variable the check step reads an input from.
    fn env_name(input: &str) -> String {
        format!("RAPPORT_{}", input.replace('-', "_").to_uppercase())
    }

    /// A stand-in for rapport that logs its arguments, one `[arg]` a line and
    /// `---` after each call, and exits with STUB_MAIN_EXIT, or
    /// STUB_SUMMARY_EXIT for the Markdown run.
    fn stub(dir: &Path) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join("stub-rapport");
        fs::write(
            &path,
            "#!/bin/sh\n\
             { for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done; echo ---; } >> \"$STUB_LOG\"\n\
             if [ \"$3\" = markdown ]; then echo '# summary'; exit \"${STUB_SUMMARY_EXIT:-0}\"; fi\n\
             echo 'main report'\n\
             exit \"${STUB_MAIN_EXIT:-0}\"\n",
        )
        .unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    /// The calls a stub logged, each as its list of arguments.
    fn calls(log: &str) -> Vec<Vec<String>> {
        log.split_terminator("---\n")
            .map(|call| {
                call.lines()
                    .map(|l| l.trim_start_matches('[').trim_end_matches(']').to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn action_script_passes_inputs_as_arguments_without_running_them() {
        if !have_shell_tools() {
            return;
        }
        let stubs = tempfile::tempdir().unwrap();
        let runner = Runner::with(&stub(stubs.path()));
        let paths = "notes/a b.md\n  mail/draft.eml  \n\n$(touch pwned-path)\n-rf\n";
        let args = "--rep \"Dana Lee\" $(touch pwned-args) ;touch pwned-semi '*' $HOME `id`";
        let out = runner.run(
            None,
            &[
                ("paths", paths),
                ("fail-under", "70"),
                ("args", args),
                ("STUB_MAIN_EXIT", "1"),
                ("STUB_SUMMARY_EXIT", "2"),
            ],
        );
        // The main run's exit code is the step's, whatever the summary run did.
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert!(runner.read("output").contains("exit-code=1\n"));
        let logged = calls(&runner.read("log"));
        let tail: Vec<&str> = vec![
            "--fail-under",
            "70",
            "--rep",
            "Dana Lee",
            "$(touch",
            "pwned-args)",
            ";touch",
            "pwned-semi",
            "*",
            "$HOME",
            "`id`",
            "--",
            "notes/a b.md",
            "mail/draft.eml",
            "$(touch pwned-path)",
            "-rf",
        ];
        let expect = |format: &'static str| {
            let mut v = vec!["check", "--format", format];
            v.extend(&tail);
            v
        };
        assert_eq!(logged, [expect("github"), expect("markdown")]);
        // Nothing in an input ran: no file was made.
        let made: Vec<_> = fs::read_dir(runner.file("work")).unwrap().collect();
        assert!(made.is_empty(), "{made:?}");
        // The Markdown run went to the step summary; its failure is a warning.
        assert_eq!(runner.read("summary"), "# summary\n");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("main report"), "{stdout}");
        assert!(stdout.contains("::warning title=rapport::"), "{stdout}");
        assert!(runner.read("path").contains("rapport/bin"));
    }

    #[test]
    fn action_script_without_optional_inputs_passes_only_format_and_paths() {
        if !have_shell_tools() {
            return;
        }
        let stubs = tempfile::tempdir().unwrap();
        let runner = Runner::with(&stub(stubs.path()));
        let out = runner.run(
            None,
            &[("paths", "samples"), ("format", ""), ("args", "  \n ")],
        );
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert!(runner.read("output").contains("exit-code=0\n"));
        let logged = calls(&runner.read("log"));
        assert_eq!(logged[0], ["check", "--format", "github", "--", "samples"]);
        assert_eq!(
            logged[1],
            ["check", "--format", "markdown", "--", "samples"]
        );
        assert!(!String::from_utf8_lossy(&out.stdout).contains("::warning"));
    }

    #[test]
    fn action_script_rejects_empty_paths_and_unclosed_quotes() {
        if !have_shell_tools() {
            return;
        }
        let stubs = tempfile::tempdir().unwrap();
        let runner = Runner::with(&stub(stubs.path()));
        let out = runner.run(None, &[("paths", " \n\n")]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("::error title=rapport::the input paths")
        );
        let out = runner.run(None, &[("paths", "samples"), ("args", "--rep \"Dana")]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("::error title=rapport::the input args")
        );
        assert!(runner.read("output").contains("exit-code=2\n"));
        // rapport was never run.
        assert_eq!(runner.read("log"), "");
    }

    #[test]
    fn action_script_runs_rapport_and_fails_with_its_threshold() {
        if !have_shell_tools() {
            return;
        }
        let binary = assert_cmd::cargo::cargo_bin("rapport");
        let runner = Runner::with(&binary);
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths = "samples/qbr-notes.txt\nsamples/renewal-email.txt";
        let run = |fail_under: &str| {
            runner.run(
                Some(root),
                &[
                    ("paths", paths),
                    ("format", "json"),
                    ("fail-under", fail_under),
                    ("args", "--jobs 1"),
                ],
            )
        };
        let out = run("100");
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // The report comes first (a note on the summary may follow it).
        let report: serde_json::Value = serde_json::Deserializer::from_slice(&out.stdout)
            .into_iter()
            .next()
            .expect("a report")
            .expect("a JSON report");
        assert_eq!(report["documents"].as_array().unwrap().len(), 2);
        assert_eq!(report["summary"]["below_threshold"], 2);
        assert!(runner.read("output").ends_with("exit-code=1\n"));
        let out = run("0");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(runner.read("output").ends_with("exit-code=0\n"));
    }
}

// ---- .pre-commit-hooks.yaml ----

/// The hook with `id`.
fn hook(hooks: &Yaml, id: &str) -> Yaml {
    hooks
        .as_vec()
        .expect("a list of hooks")
        .iter()
        .find(|h| h["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no hook {id}"))
        .clone()
}

#[test]
fn pre_commit_hooks_run_rapport_check_on_documents_only() {
    let hooks = load(".pre-commit-hooks.yaml");
    for id in ["rapport", "rapport-strict"] {
        let h = hook(&hooks, id);
        assert!(
            text(&h["entry"], "entry").starts_with("rapport check"),
            "{id}"
        );
        assert_eq!(h["language"].as_str(), Some("rust"), "{id}");
        assert_eq!(h["pass_filenames"].as_bool(), Some(true), "{id}");
        assert!(!text(&h["name"], "name").is_empty(), "{id}");
        let files = regex::Regex::new(text(&h["files"], "files")).expect("files is a regex");
        for path in [
            "notes/call.md",
            "mail/draft.eml",
            "calls/intro.vtt",
            "a.srt",
            "draft.txt",
        ] {
            assert!(files.is_match(path), "{id} skips {path}");
        }
        for path in ["src/main.rs", "Cargo.toml", "notes.md.bak", "mail.emlx"] {
            assert!(!files.is_match(path), "{id} checks {path}");
        }
    }
    assert!(text(&hook(&hooks, "rapport-strict")["entry"], "entry").contains("--fail-under 70"));
}

/// Runs a hook's entry as pre-commit does: its words, then the file names.
fn run_hook(id: &str, files: &[&str]) -> Output {
    let hooks = load(".pre-commit-hooks.yaml");
    let entry = text(&hook(&hooks, id)["entry"], "entry").to_string();
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("rapport"));
    rapport().args(words).args(files).output().unwrap()
}

#[test]
fn pre_commit_hooks_fail_a_commit_as_their_descriptions_say() {
    let dir = tempfile::tempdir().unwrap();
    let leftover = dir.path().join("draft.txt");
    fs::write(
        &leftover,
        "Subject: Thursday\n\nHi {{first_name}},\n\nHow is the rollout going for your team? \
         Could we talk Thursday at 10?\n",
    )
    .unwrap();
    let leftover = leftover.to_str().unwrap();
    // The default hook passes documents with only warnings and fails on an
    // error-severity finding (a merge field left in).
    assert_eq!(
        run_hook("rapport", &["samples/cold-email-self-centred.txt"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(run_hook("rapport", &[leftover]).status.code(), Some(1));
    // The strict hook also fails a document that scores below 70.
    assert_eq!(
        run_hook("rapport-strict", &["samples/qbr-notes.txt"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run_hook("rapport-strict", &["samples/cold-email-self-centred.txt"])
            .status
            .code(),
        Some(1)
    );
}
