//! Every example in every default rule file gives the verdict it states.

use rapport::analyze::run_rule;
use rapport::document::{Document, ReadOptions};
use rapport::outcome::Value;
use rapport::rule::{Pack, PackOptions};

#[test]
fn default_rule_examples_hold() {
    let pack = Pack::default_pack(&PackOptions::default()).expect("default pack compiles");
    let mut failures = Vec::new();
    let mut count = 0;
    for rule in &pack.rules {
        assert!(
            rule.spec.examples.len() >= 2,
            "{} needs examples that must and must not trigger it",
            rule.spec.id
        );
        for (i, ex) in rule.spec.examples.iter().enumerate() {
            count += 1;
            let opts = ReadOptions {
                reps: ex.rep.iter().cloned().collect(),
            };
            let doc = Document::new("example", ex.text.clone(), ex.profile, &opts);
            let (outcome, _) = run_rule(rule, &doc);
            let mut wrong = Vec::new();
            if outcome.status != ex.status {
                wrong.push(format!(
                    "status {:?}, expected {:?}",
                    outcome.status, ex.status
                ));
            }
            if let Some(v) = &ex.value {
                let ok = match (&outcome.value, v) {
                    (Value::Number(n), toml::Value::Integer(i)) => *n == *i as f64,
                    (Value::Number(n), toml::Value::Float(f)) => (*n - *f).abs() < 1e-9,
                    (Value::Level(l), toml::Value::String(s)) => l == s,
                    _ => false,
                };
                if !ok {
                    wrong.push(format!("value {:?}, expected {v}", outcome.value));
                }
            }
            if !wrong.is_empty() {
                failures.push(format!(
                    "{} example {} ({}): {} [{}]",
                    rule.spec.id,
                    i + 1,
                    ex.profile,
                    wrong.join("; "),
                    outcome.message
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
