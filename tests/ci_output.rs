//! What CI jobs rely on: the report written to a file atomically, and the
//! thresholds that decide the exit code.

use std::fs;

mod common;

use common::rapport;
use predicates::prelude::*;

const WARNS: &str = "samples/renewal-email.txt";
const CLEAN: &str = "samples/qbr-notes.txt";

/// A draft with a template placeholder left in (an error-severity finding).
const LEFTOVER: &str = "Subject: Thursday\n\nHi {{first_name}},\n\nHow is the rollout going \
                        for your team? Could we talk Thursday at 10?\n";

#[test]
fn output_writes_the_report_to_a_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    rapport()
        .args(["check", WARNS, "--format", "json", "--output"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let text = fs::read_to_string(&file).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["documents"][0]["path"], WARNS);
    // Nothing else is left in the folder: the temporary file was renamed.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("report.json")]);
}

#[test]
fn output_is_the_same_bytes_as_stdout_and_has_no_colour() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.txt");
    let stdout = rapport()
        .args(["check", "samples", "--color", "never", "-q"])
        .output()
        .unwrap()
        .stdout;
    rapport()
        .args(["check", "samples", "-q", "-o"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(fs::read(&file).unwrap(), stdout);
}

#[test]
fn output_replaces_an_old_report_only_when_the_new_one_is_whole() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    fs::write(&file, "old").unwrap();
    rapport()
        .args(["check", WARNS, "--format", "ndjson", "-o"])
        .arg(&file)
        .assert()
        .success();
    let new = fs::read_to_string(&file).unwrap();
    assert!(new.starts_with("{\"path\":\"samples/renewal-email.txt\""));
    // A folder that cannot be written to: the error names the file, and
    // no report is left anywhere.
    let missing = dir.path().join("no-such-folder").join("r.json");
    rapport()
        .args(["check", WARNS, "-o"])
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("r.json: cannot write the report"));
    assert!(!missing.exists());
}

#[test]
fn fail_on_warning_fails_a_run_with_a_warning_and_passes_a_clean_one() {
    rapport()
        .args(["check", WARNS, "--fail-on", "warning", "-q"])
        .assert()
        .code(1);
    rapport()
        .args(["check", CLEAN, "--fail-on", "warning", "-q"])
        .assert()
        .success();
}

#[test]
fn fail_on_error_ignores_warnings_and_fails_on_an_error() {
    rapport()
        .args(["check", WARNS, "--fail-on", "error", "-q"])
        .assert()
        .success();
    rapport()
        .args([
            "check",
            "-",
            "--profile",
            "email",
            "--fail-on",
            "error",
            "-q",
        ])
        .write_stdin(LEFTOVER)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[homework/template-leftovers]",
        ));
}

#[test]
fn exit_zero_keeps_the_report_but_not_the_failure() {
    rapport()
        .args(["check", WARNS, "--fail-under", "99", "-q"])
        .assert()
        .code(1);
    rapport()
        .args(["check", WARNS, "--fail-under", "99", "--exit-zero", "-q"])
        .assert()
        .success()
        .stdout(predicate::str::contains("renewal-email.txt"));
    rapport()
        .args(["check", WARNS, "--fail-on", "warning", "--exit-zero", "-q"])
        .assert()
        .success();
    // Input errors are not thresholds: they still exit with 2.
    rapport()
        .args(["check", "no-such-file.txt", "--exit-zero", "-q"])
        .assert()
        .code(2);
}

#[cfg(unix)]
#[test]
fn output_gets_the_permissions_of_a_new_file_or_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.html");
    rapport()
        .args(["check", WARNS, "--format", "html", "-o"])
        .arg(&new)
        .assert()
        .success();
    // As any file the user creates: readable by others unless the umask
    // says otherwise (the tests run under the usual 022 or 002).
    let mode = fs::metadata(&new).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode & 0o644, 0o644, "mode {mode:o}");
    let old = dir.path().join("old.json");
    fs::write(&old, "old").unwrap();
    fs::set_permissions(&old, fs::Permissions::from_mode(0o640)).unwrap();
    rapport()
        .args(["check", WARNS, "--format", "json", "-o"])
        .arg(&old)
        .assert()
        .success();
    assert_eq!(
        fs::metadata(&old).unwrap().permissions().mode() & 0o777,
        0o640
    );
}
