//! `infocert vectors` and `infocert conform` from the command line.

use assert_cmd::Command;
use infocert::conformance::{self as conf, Case};
use predicates::prelude::*;
use std::path::PathBuf;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/vectors.jsonl");

fn tmp(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("conformance_cli");
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

fn cases() -> Vec<Case> {
    conf::parse_vectors(&std::fs::read_to_string(COMMITTED).unwrap()).unwrap()
}

fn infocert() -> Command {
    Command::cargo_bin("infocert").unwrap()
}

/// Results for the `kl` cases: the certified values, with `tweak` applied.
fn kl_results(tweak: impl Fn(&Case, f64) -> Option<String>) -> String {
    cases()
        .iter()
        .filter(|c| c.measure == infocert::measures::Measure::Kl)
        .filter_map(|c| {
            tweak(c, c.expected.value)
                .map(|v| format!("{{\"id\": \"{}\", \"value\": {v}}}\n", c.id))
        })
        .collect()
}

/// A JSON value for `v`: a number when finite, else a string.
fn json(v: f64) -> String {
    if v.is_finite() {
        conf::shortest_f64(v)
    } else {
        format!("\"{}\"", conf::shortest_f64(v))
    }
}

fn exact_value(c: &Case, v: f64) -> Option<String> {
    let _ = c;
    Some(format!("\"{}\"", conf::hex_f64(v)))
}

fn conform(results: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let k = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let path = tmp(&format!("r{}-{k}.jsonl", std::process::id()));
    std::fs::write(&path, results).unwrap();
    let mut cmd = infocert();
    cmd.arg("conform")
        .arg(COMMITTED)
        .arg(&path)
        .args(["--measure", "kl"]);
    cmd.args(extra);
    cmd.assert()
}

#[test]
fn vectors_writes_the_committed_file() {
    let out = tmp("vectors.jsonl");
    infocert()
        .args(["vectors", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(COMMITTED).unwrap()
    );
}

#[test]
fn exact_results_pass_with_exit_0() {
    conform(&kl_results(exact_value), &["--max-ulps", "0"])
        .success()
        .stdout(predicate::str::contains("PASS:"));
}

#[test]
fn json_numbers_csv_and_special_strings_are_read() {
    // JSON numbers (shortest decimals), "inf" and "nan" strings
    let text = kl_results(|_, v| {
        Some(if v.is_nan() {
            "\"nan\"".into()
        } else if v.is_infinite() {
            "\"inf\"".into()
        } else {
            conf::shortest_f64(v)
        })
    });
    conform(&text, &[]).success();
    // CSV with a header
    let mut csv = String::from("id,value\n");
    for c in cases()
        .iter()
        .filter(|c| c.measure == infocert::measures::Measure::Kl)
    {
        csv.push_str(&format!(
            "{},{}\n",
            c.id,
            conf::shortest_f64(c.expected.value)
        ));
    }
    let path = tmp("r.csv");
    std::fs::write(&path, csv).unwrap();
    infocert()
        .arg("conform")
        .arg(COMMITTED)
        .arg(&path)
        .args(["--measure", "kl", "--failures-only"])
        .assert()
        .success();
}

#[test]
fn a_value_off_by_more_than_the_budget_exits_1() {
    let id = "textbook/asymmetry-pq/kl/e/as_given";
    let text = kl_results(|c, v| {
        Some(format!(
            "\"{}\"",
            conf::hex_f64(if c.id == id {
                f64::from_bits(v.to_bits() + 5)
            } else {
                v
            })
        ))
    });
    conform(&text, &["--max-ulps", "4"])
        .code(1)
        .stdout(predicate::str::contains("FAIL(ulps)").and(predicate::str::contains(id)));
    conform(&text, &["--max-ulps", "5"]).success();
}

#[test]
fn a_missing_case_counts_as_a_violation() {
    let text = kl_results(|c, v| (!c.id.starts_with("textbook/")).then(|| json(v)));
    conform(&text, &[])
        .code(1)
        .stdout(predicate::str::contains("MISSING"));
}

#[test]
fn nan_sign_and_infinity_are_reported_in_that_order() {
    let text = kl_results(|c, v| {
        Some(match c.id.as_str() {
            "textbook/asymmetry-pq/kl/e/as_given" => "\"nan\"".into(),
            "peer/gibbs-negative/kl/e/as_given" => "9.0e-17".into(),
            "peer/jax-21192/kl/e/as_given" => "1e308".into(),
            _ if v.is_nan() => "\"nan\"".into(),
            _ => format!("\"{}\"", conf::hex_f64(v)),
        })
    });
    let out = conform(&text, &["--json"]).code(1);
    let report: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("--json prints JSON");
    let why = |id: &str| {
        report["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["why"].as_str().unwrap_or("").to_string())
            .unwrap()
    };
    assert_eq!(why("textbook/asymmetry-pq/kl/e/as_given"), "nan");
    assert_eq!(why("peer/gibbs-negative/kl/e/as_given"), "sign");
    assert_eq!(why("peer/jax-21192/kl/e/as_given"), "infinity");
    assert_eq!(report["violations"], 3);
    let kl = &report["summary"][0];
    assert_eq!(
        (
            kl["nan"].as_u64(),
            kl["sign"].as_u64(),
            kl["infinity"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
}

#[test]
fn an_expected_failure_that_passes_is_reported() {
    let id = "textbook/asymmetry-pq/kl/e/as_given";
    conform(&kl_results(exact_value), &["--xfail", id])
        .code(1)
        .stdout(predicate::str::contains("XPASS").and(predicate::str::contains("now pass")));
    // and one that still fails is not a violation
    let text = kl_results(|c, v| Some(json(if c.id == id { v * 2.0 } else { v })));
    conform(&text, &["--xfail", id])
        .success()
        .stdout(predicate::str::contains("xfail"));
}

#[test]
fn unreadable_input_exits_2() {
    conform("{\"id\": \"x\", \"value\": \"twelve\"}\n", &[])
        .code(2)
        .stderr(predicate::str::contains("line 1"));
    conform("{not json\n", &[]).code(2);
    infocert()
        .args(["conform", "/nonexistent/vectors.jsonl", COMMITTED])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
    let dup = "a,1\na,2\n";
    conform(dup, &[])
        .code(2)
        .stderr(predicate::str::contains("duplicate"));
}
