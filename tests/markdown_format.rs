//! `--format markdown`: the summary for a CI job's page or a pull-request
//! comment.

mod common;

use common::{json_of, run};

/// The cells of a table row, split at the pipes that are not escaped,
/// without the empty text outside the first and last pipes.
fn cells(row: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = row.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let cell = cells.last_mut().unwrap();
                cell.push(c);
                cell.extend(chars.next());
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    assert!(cells.first().unwrap().is_empty() && cells.last().unwrap().is_empty());
    cells[1..cells.len() - 1]
        .iter()
        .map(|c| c.trim().to_string())
        .collect()
}

/// The rows of the report's table (after its head and delimiter lines).
fn rows(md: &str) -> Vec<Vec<String>> {
    let head = md
        .lines()
        .position(|l| l == "| Document | Score | Grade | Failing rules |")
        .expect("a table");
    assert_eq!(md.lines().nth(head + 1), Some("|---|---:|---|---|"));
    md.lines()
        .skip(head + 2)
        .take_while(|l| l.starts_with('|'))
        .map(cells)
        .collect()
}

#[test]
fn a_batch_is_a_line_of_totals_and_a_row_per_document() {
    let args = ["check", "samples", "--fail-under", "70", "-q"];
    let json = json_of(&[&args[..], &["--format", "json"]].concat());
    let (md, code) = run(&[&args[..], &["--format", "markdown"]].concat(), "");
    assert_eq!(code, 1, "documents below 70 fail the run, as in JSON");
    assert!(md.starts_with("## "), "a heading first");

    let s = &json["summary"];
    let totals = md.lines().nth(2).expect("a line of totals");
    assert_eq!(
        totals,
        format!(
            "**{}** documents · mean score **{:.1}** · lowest **{}** · **{}** below 70",
            s["documents"],
            s["mean_score"].as_f64().unwrap(),
            s["min_score"],
            s["below_threshold"]
        )
    );
    assert!(s["below_threshold"].as_u64().unwrap() > 0);

    let docs = json["documents"].as_array().unwrap();
    let rows = rows(&md);
    assert_eq!(rows.len(), docs.len());
    for (row, d) in rows.iter().zip(docs) {
        assert_eq!(row.len(), 4, "{row:?}");
        let path = d["path"].as_str().unwrap();
        assert_eq!(row[0], path.replace('_', "\\_"), "rows follow the report");
        let score = d["score"].as_u64().unwrap();
        let shown = if score < 70 {
            format!("{score} (below 70)")
        } else {
            score.to_string()
        };
        assert_eq!(row[1], shown);
        assert_eq!(row[2], d["grade"].as_str().unwrap());
        let failing: Vec<String> = d["rules"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] == "fail" && r.get("suppressed").is_none())
            .map(|r| format!("`{}`", r["id"].as_str().unwrap()))
            .collect();
        assert_eq!(row[3], failing.join(" "), "{path}");
    }
}

#[test]
fn a_path_cannot_break_the_table_or_bring_in_html() {
    let name = "deal|<script>alert(1)</script>`x`\n| a | b |.txt";
    let (md, code) = run(
        &[
            "check",
            "-",
            "--stdin-name",
            name,
            "--profile",
            "email",
            "--format",
            "markdown",
            "-q",
        ],
        "Subject: hi\n\nCould we talk Friday at 10 about your rollout?\n",
    );
    assert_eq!(code, 0);
    assert!(!md.contains("<script>"), "{md}");
    let rows = rows(&md);
    assert_eq!(rows.len(), 1, "{md}");
    assert_eq!(rows[0].len(), 4, "{:?}", rows[0]);
    assert_eq!(
        rows[0][0],
        "deal\\|&lt;script&gt;alert(1)&lt;/script&gt;\\`x\\` \\| a \\| b \\|.txt"
    );
}

#[test]
fn inputs_that_cannot_be_read_are_listed_after_the_table() {
    let (md, code) = run(
        &[
            "check",
            "samples/qbr-notes.txt",
            "no-such-folder/missing_1.txt",
            "--format",
            "markdown",
            "-q",
        ],
        "",
    );
    assert_eq!(code, 2);
    let totals = md.lines().nth(2).unwrap();
    assert!(
        totals.starts_with("**2** documents (**1** could not be read) · mean score **89.0**"),
        "{totals}"
    );
    assert!(totals.ends_with("· no threshold"), "{totals}");
    assert_eq!(rows(&md).len(), 1);
    let list: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("### "))
        .filter(|l| l.starts_with("- "))
        .collect();
    assert_eq!(
        list,
        ["- no-such-folder/missing\\_1.txt: no such file or folder"]
    );
}

#[test]
fn the_exit_code_is_the_same_as_for_the_other_formats() {
    for args in [
        &["check", "samples/qbr-notes.txt"][..],
        &["check", "samples", "--fail-under", "70"],
        &["check", "samples/qbr-notes.txt", "missing.txt"],
    ] {
        let code = |format: &str| run(&[args, &["--format", format, "-q"]].concat(), "").1;
        assert_eq!(code("markdown"), code("json"), "{args:?}");
    }
}

#[test]
fn a_batch_with_nothing_analysed_has_no_table() {
    let (md, code) = run(&["check", "missing.txt", "--format", "markdown", "-q"], "");
    assert_eq!(code, 2);
    assert!(!md.contains("| Document |"));
    assert!(md.contains("· none analysed"));
}
