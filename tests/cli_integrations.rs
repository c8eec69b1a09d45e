//! Shell completions and the man page: generated from the command-line
//! definition, so they name what rapport really accepts, and usable by the
//! shells and `man` that read them.

use std::path::Path;
use std::process::Command as Process;

mod common;

use common::rapport;
use predicates::prelude::*;

/// Standard output of `rapport ARGS`, which must succeed.
fn stdout_of(args: &[&str]) -> String {
    let out = rapport().args(args).output().expect("rapport runs");
    assert!(
        out.status.success(),
        "rapport {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the output is UTF-8")
}

/// Whether `program` can be run (it is installed and on the PATH).
fn installed(program: &str) -> bool {
    Process::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn bash_completion_names_the_subcommands_options_and_format_values() {
    let script = stdout_of(&["completions", "bash"]);
    for word in ["check", "explain", "--format", "--fail-under", "--output"] {
        assert!(script.contains(word), "the bash script lacks {word}");
    }
    // The values of check's --format are offered after the option.
    assert!(
        script.lines().any(|l| {
            let words: Vec<&str> = l.split(['"', ' ']).collect();
            l.contains("compgen -W") && ["text", "json", "ndjson"].iter().all(|f| words.contains(f))
        }),
        "the bash script does not list the values of --format"
    );
}

#[test]
fn bash_accepts_the_completion_script_and_completes_with_it() {
    if !installed("bash") {
        println!("note: bash is not installed; the bash completion script was not run");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("rapport.bash");
    std::fs::write(&script, stdout_of(&["completions", "bash"])).unwrap();
    let syntax = Process::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "bash -n rejects the script: {}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    // Ask the completion function what it offers, as bash does on Tab.
    let complete = |words: &[&str]| -> Vec<String> {
        let cword = words.len() - 1;
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let body = format!(
            "source \"$1\"\nCOMP_WORDS=({})\nCOMP_CWORD={cword}\n\
             _rapport rapport '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
            quoted.join(" "),
            words[cword],
            words[cword.saturating_sub(1)],
        );
        let out = Process::new("bash")
            .args(["-c", &body, "bash"])
            .arg(&script)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        text.lines().map(str::to_string).collect()
    };
    assert_eq!(complete(&["rapport", "ch"]), ["check"]);
    // Every value of --format is offered (more formats may follow these).
    let formats = complete(&["rapport", "check", "--format", ""]);
    for format in ["text", "json", "ndjson"] {
        assert!(formats.iter().any(|f| f == format), "{formats:?}");
    }
    assert!(formats.iter().all(|f| !f.starts_with('-')), "{formats:?}");
    assert_eq!(complete(&["rapport", "check", "--fail-o"]), ["--fail-on"]);
}

#[test]
fn zsh_fish_elvish_and_powershell_scripts_name_rapport() {
    let zsh = stdout_of(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef rapport"), "zsh: {zsh:.80}");
    assert!(zsh.contains("--fail-under"));
    let fish = stdout_of(&["completions", "fish"]);
    assert!(fish.contains("complete -c rapport"), "fish: {fish:.200}");
    assert!(fish.contains("-l fail-under"));
    for shell in ["elvish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains("rapport"), "{shell}: {script:.200}");
        assert!(script.contains("--fail-under"), "{shell}");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    rapport()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("possible values"));
}

/// The lines of roff text between `.SH "HEADING"` and the next `.SH`.
fn section<'a>(page: &'a str, heading: &str) -> &'a str {
    let start = page
        .find(&format!(".SH {heading}\n"))
        .unwrap_or_else(|| panic!("no section {heading}"));
    let rest = &page[start + 1..];
    let end = rest.find("\n.SH ").map_or(rest.len(), |i| i + 1);
    &rest[..end]
}

#[test]
fn man_page_of_the_whole_command_documents_every_subcommand_and_its_options() {
    let page = stdout_of(&["man"]);
    // String definitions may come first; the first other line is the title.
    let first = page
        .lines()
        .find(|l| !l.starts_with(".ie ") && !l.starts_with(".el "))
        .unwrap();
    assert!(first.starts_with(".TH rapport 1 "), "{first}");
    assert!(section(&page, "SUBCOMMANDS").contains("rapport\\-check(1)"));
    let check = section(&page, "\"RAPPORT CHECK\"");
    assert!(check.contains("Score documents"), "{check}");
    for option in [
        "\\-\\-fail\\-under",
        "\\-\\-fail\\-on",
        "\\-\\-output",
        "\\-\\-format",
    ] {
        assert!(check.contains(&format!("\\fB{option}\\fR")), "{option}");
    }
    let test = section(&page, "\"RAPPORT RULES TEST\"");
    assert!(test.contains("rapport rules test"), "{test}");
    // One page: a single title.
    assert_eq!(page.matches("\n.TH ").count(), 1);
}

#[test]
fn man_page_of_a_subcommand_is_its_own_page() {
    let page = stdout_of(&["man", "rules", "test"]);
    assert!(page.contains("\n.TH rapport-rules-test 1 "), "{page:.200}");
    assert!(page.contains("rapport\\-rules\\-test \\- Run every rule"));
    rapport()
        .args(["man", "chek"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("`rapport` has no subcommand `chek`")
                .and(predicate::str::contains("check, summary, rules"))
                .and(predicate::str::contains("\n").count(1)),
        );
}

#[test]
fn man_renders_the_pages_without_error() {
    if !installed("man") {
        println!("note: man is not installed; the man pages were not rendered");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let render = |args: &[&str]| -> String {
        let file = dir.path().join(format!("{}.1", args.join("-")));
        std::fs::write(&file, stdout_of(args)).unwrap();
        let out = man_l(&file);
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "man -l rapport {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let whole = render(&["man"]);
    assert!(whole.contains("RAPPORT CHECK"), "{whole:.400}");
    assert!(whole.contains("--fail-under"), "{whole:.400}");
    let check = render(&["man", "check"]);
    assert!(check.contains("--exit-zero"), "{check:.400}");
}

/// `man -l FILE`, formatted as plain ASCII text.
fn man_l(file: &Path) -> std::process::Output {
    Process::new("man")
        .arg("-l")
        .arg(file)
        .env("LC_ALL", "C")
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .unwrap()
}
