//! Documents generated from the command-line definition: shell completion
//! scripts and man pages.
//!
//! Both are made from the same `clap::Command` that parses the arguments,
//! so they list exactly the subcommands, options and values that rapport
//! accepts. They are built in memory and then written, so a closed pipe
//! ends the output quietly instead of failing half-way.

use std::io::{self, Write};

use clap::Command;
use clap_complete::Shell;
use clap_mangen::Man;

use crate::app::{EXIT_ERROR, EXIT_OK};

/// Writes the completion script of `cmd` for `shell` to `out`.
pub fn completions(mut cmd: Command, shell: Shell, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let name = cmd.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, name, &mut script);
    finish(out.write_all(&script), out, err, "completion script")
}

/// Writes a man page (roff) to `out`: for the whole command when `path` is
/// empty, otherwise the page of the subcommand `path` names (`["rules",
/// "test"]` is `rapport rules test`).
///
/// The page of the whole command describes every subcommand in a section of
/// its own, with its synopsis and options, so one page documents all of
/// rapport; a subcommand's page is the usual page for it alone, named
/// `rapport-SUBCOMMAND`, as the whole page's list of subcommands refers to.
pub fn man_page(cmd: Command, path: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut root = cmd.disable_help_subcommand(true);
    root.build();
    let page = if path.is_empty() {
        whole_page(&root)
    } else {
        let mut sub = &root;
        let mut names = vec![root.get_name().to_string()];
        for word in path {
            let Some(next) = sub.find_subcommand(word).filter(|c| !c.is_hide_set()) else {
                let known: Vec<&str> = sub
                    .get_subcommands()
                    .filter(|c| !c.is_hide_set())
                    .map(Command::get_name)
                    .collect();
                let _ = writeln!(
                    err,
                    "rapport: man: `{}` has no subcommand `{word}`; it has {}",
                    names.join(" "),
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                );
                return EXIT_ERROR;
            };
            names.push(next.get_name().to_string());
            sub = next;
        }
        let page_cmd = sub.clone().display_name(names.join("-"));
        let source = format!("{} {}", names[0], root.get_version().unwrap_or_default());
        let mut page = Vec::new();
        Man::new(page_cmd)
            .source(source)
            .render(&mut page)
            .map(|_| page)
    };
    let written = page.and_then(|p| out.write_all(&p));
    finish(written, out, err, "man page")
}

/// The page of the whole command: the usual sections of the top command,
/// then a section for each subcommand (depth first, in definition order),
/// then the version.
fn whole_page(root: &Command) -> io::Result<Vec<u8>> {
    let man = Man::new(root.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    if root.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut page)?;
    }
    man.render_subcommands_section(&mut page)?;
    let mut subs = Vec::new();
    visible_subcommands(root, &mut vec![root.get_name()], &mut subs);
    for (words, sub) in subs {
        subcommand_section(&words, sub, &mut page)?;
    }
    man.render_version_section(&mut page)?;
    Ok(once_defined(&page))
}

/// Collects the visible subcommands below `cmd`, depth first, each with the
/// words that run it (`["rapport", "rules", "test"]`).
fn visible_subcommands<'a>(
    cmd: &'a Command,
    words: &mut Vec<&'a str>,
    found: &mut Vec<(Vec<&'a str>, &'a Command)>,
) {
    for sub in cmd.get_subcommands().filter(|c| !c.is_hide_set()) {
        words.push(sub.get_name());
        found.push((words.clone(), sub));
        visible_subcommands(sub, words, found);
        words.pop();
    }
}

/// One subcommand as a section of the whole page, headed by the words that
/// run it: its description, synopsis and options, their own headings
/// demoted to subsections.
fn subcommand_section(words: &[&str], sub: &Command, page: &mut Vec<u8>) -> io::Result<()> {
    let man = Man::new(sub.clone());
    let mut body = Vec::new();
    man.render_description_section(&mut body)?;
    man.render_synopsis_section(&mut body)?;
    if sub.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut body)?;
    }
    writeln!(page, ".SH \"{}\"", words.join(" ").to_uppercase())?;
    for line in String::from_utf8_lossy(&body).lines() {
        match line.strip_prefix(".SH ") {
            Some(rest) => writeln!(page, ".SS {rest}")?,
            None => writeln!(page, "{line}")?,
        }
    }
    Ok(())
}

/// The page with the string definitions (`.ie`/`.el` lines) that start
/// every rendered piece kept only where they first appear, before the title.
fn once_defined(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut out = String::with_capacity(text.len());
    let mut seen = std::collections::HashSet::new();
    for line in text.lines() {
        let definition = line.starts_with(".ie ") || line.starts_with(".el ");
        if !definition || seen.insert(line) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.into_bytes()
}

/// Flushes `out` after a write and turns the result into an exit code; a
/// closed pipe (`rapport man | head`) is not an error.
fn finish(written: io::Result<()>, out: &mut dyn Write, err: &mut dyn Write, what: &str) -> u8 {
    match written.and_then(|_| out.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "rapport: could not write the {what}: {e}");
            EXIT_ERROR
        }
    }
}
