//! Every example in every default rule file gives the verdict it states.

use rapport::examples::{covers_both_sides, run_examples};
use rapport::rule::{Pack, PackOptions};

#[test]
fn default_rule_examples_hold() {
    let pack = Pack::default_pack(&PackOptions::default()).expect("default pack compiles");
    let mut failures = Vec::new();
    let mut count = 0;
    for rule in &pack.rules {
        assert!(
            covers_both_sides(rule),
            "{} needs examples that must and must not trigger it",
            rule.spec.id
        );
        for r in run_examples(rule) {
            count += 1;
            if !r.holds() {
                failures.push(format!(
                    "{} example {} ({}): {} [{}]",
                    r.rule,
                    r.index,
                    r.profile,
                    r.problems.join("; "),
                    r.message
                ));
            }
        }
    }
    assert!(count >= 16, "only {count} examples");
    assert!(
        failures.is_empty(),
        "failing examples:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_default_pattern_compiles() {
    // The default pack compiles its patterns on first use; each must compile.
    let pack = Pack::default_pack(&PackOptions::default()).expect("default pack compiles");
    for rule in &pack.rules {
        if let Err(e) = rule.check.lexicon().compile_now() {
            panic!("{}: {e}", rule.spec.id);
        }
    }
}
