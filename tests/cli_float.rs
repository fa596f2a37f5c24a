//! `infocert eval --engine float [--correctly-rounded] [--json]`.
// reference values are quoted verbatim (17 digits, as published)
#![allow(clippy::excessive_precision, clippy::approx_constant)]
use assert_cmd::Command;
use predicates::prelude::*;

fn eval(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("infocert")
        .unwrap()
        .arg("eval")
        .args(args)
        .assert()
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = eval(args).success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn float_json_has_f64_hex_and_bound() {
    let v = json(&[
        "kl",
        "--p",
        "0.5,0.5",
        "--q",
        "0.500000001,0.499999999",
        "--engine",
        "float",
        "--json",
    ]);
    assert_eq!(v["engine"], "float");
    assert_eq!(v["semantics"], "as_given");
    let x: f64 = v["f64"].as_str().unwrap().parse().unwrap();
    let e: f64 = v["err_bound"].as_str().unwrap().parse().unwrap();
    assert!((x - 5.7511151229152405e-17).abs() <= e);
    assert!(e < 1e-31);
    assert!(v["f64_hex"].as_str().unwrap().starts_with("0x1."));
    assert_eq!(v["correctly_rounded"], false);
}

#[test]
fn correctly_rounded_matches_reference() {
    let v = json(&[
        "kl",
        "--p",
        "0.5,0.5",
        "--q",
        "0.500000001,0.499999999",
        "--engine",
        "float",
        "--correctly-rounded",
        "--json",
    ]);
    let x: f64 = v["f64"].as_str().unwrap().parse().unwrap();
    assert_eq!(x, 5.7511151229152405e-17);
    assert_eq!(v["f64"], "5.75111512291524e-17"); // shortest round-trip
    assert_eq!(v["correctly_rounded"], true);
    let v = json(&[
        "kl",
        "--p",
        "1",
        "--q",
        "0.01",
        "--engine",
        "float",
        "--correctly-rounded",
        "--json",
    ]);
    // the double nearest 0.01 is 0.01000000000000000020816…, so the value is
    // ln(1/fl(0.01)) = 4.60517018598809134721…, not ln 100 = 4.60517018598809136804…
    // (which rounds to …092, what math.log(100) prints)
    assert_eq!(v["f64"], "4.605170185988091");
    assert_eq!(v["f64_hex"], "0x1.26bb1bbb55515p+2");
    assert_eq!(v["inputs_rounded"], 1);
}

#[test]
fn infinite_kl_is_exact() {
    let v = json(&[
        "kl",
        "--p",
        "0.3,0.3,0.4",
        "--q",
        "0.5,0.5,0",
        "--engine",
        "float",
        "--json",
    ]);
    assert_eq!(v["f64"], "inf");
    assert_eq!(v["f64_hex"], "inf");
    assert_eq!(v["err_bound"], "0");
}

#[test]
fn human_output_and_errors() {
    eval(&["entropy", "--p", "0.5,0.5", "--engine", "float"])
        .success()
        .stdout(predicate::str::contains("entropy ≈ 0.6931471805599453 ±"));
    eval(&["entropy", "--p", "0.5,-0.5", "--engine", "float"])
        .failure()
        .stderr(predicate::str::contains("negative"));
    // base 2: ln 2 / ln 2 = 1 exactly, correctly rounded and within the bound
    eval(&[
        "entropy", "--p", "0.5,0.5", "--engine", "float", "--base", "2",
    ])
    .success()
    .stdout(predicate::str::contains("entropy ≈ 1 ±").and(predicate::str::contains("bits")));
    eval(&[
        "entropy",
        "--p",
        "0.5,0.5",
        "--engine",
        "float",
        "--base",
        "2",
        "--correctly-rounded",
    ])
    .success()
    .stdout(predicate::str::contains(
        "entropy = 1 bits (correctly rounded f64)",
    ));
    let v = json(&[
        "entropy",
        "--p",
        "0.25,0.25,0.5",
        "--engine",
        "float",
        "--base",
        "10",
        "--json",
        "--correctly-rounded",
    ]);
    // 1.5·ln 2/ln 10 = 0.45154499349597179…
    assert_eq!(v["f64"], "0.45154499349597177");
    assert_eq!(v["base"], "10");
    assert_eq!(v["exact_fallback"], false);
    eval(&["entropy", "--p", "0.5,0.5", "--correctly-rounded"])
        .failure()
        .stderr(predicate::str::contains("--engine float"));
    eval(&[
        "mi",
        "--joint",
        "0.25,0.25;0.25,0.25",
        "--engine",
        "float",
        "--correctly-rounded",
    ])
    .success()
    .stdout(predicate::str::contains("mi = 0 nats"));
}
