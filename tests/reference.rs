//! Every certified digit must match independent reference values.
//!
//! `tests/data/reference.json` was written by `scripts/reference.py` with
//! mpmath (see its `how` field): 60 significant digits per case, computed
//! on the exact rational inputs, two independent ways that agree to 1e-62.

use infocert::dist::{parse_exact_list_for_tests, Semantics};
use infocert::eval::{evaluate, Request};
use infocert::exact::Base;
use infocert::measures::{Alpha, Measure};
use infocert::num::{format_sig, parse_exact, round_sig};
use serde_json::Value;

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|x| x.as_str().expect("string").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn load() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/reference.json"
    ))
    .expect("reference.json");
    let v: Value = serde_json::from_str(&text).expect("json");
    v["cases"].as_array().expect("cases").clone()
}

/// The reference rounded to `n` digits, unless the dropped digits are an exact tie.
fn expected(reference: &str, n: u32) -> Option<String> {
    if reference == "inf" {
        return Some("inf".into());
    }
    let q = parse_exact(reference).expect("reference parses");
    let (neg, d, e) = match round_sig(&q, n) {
        None => return Some("0".into()),
        Some(x) => x,
    };
    let mant = reference.split('e').next().unwrap().replace(['.', '-'], "");
    let tail = &mant[n as usize..];
    if tail.starts_with('5') && tail[1..].chars().all(|c| c == '0') {
        return None; // a tie at 60 digits: cannot tell from the reference alone
    }
    Some(format_sig(neg, &d, e))
}

fn run_case(c: &Value, digits: u32) -> (String, String) {
    let measure = Measure::parse(c["measure"].as_str().unwrap()).unwrap();
    let p = strs(&c["p"]);
    let q = strs(&c["q"]);
    let joint: Option<Vec<Vec<_>>> = c["joint"].as_array().map(|rows| {
        rows.iter()
            .map(|r| parse_exact_list_for_tests(&strs(r)))
            .collect()
    });
    let req = Request {
        measure,
        p: (!p.is_empty()).then(|| parse_exact_list_for_tests(&p)),
        q: (!q.is_empty()).then(|| parse_exact_list_for_tests(&q)),
        joint,
        alpha: c["alpha"].as_str().map(|a| Alpha::parse(a).unwrap()),
        base: Base::parse(c["base"].as_str().unwrap()).unwrap(),
        digits,
        semantics: Semantics::AsGivenUnchecked,
        round_inputs_to_f64: false,
    };
    let ev = evaluate(&req).unwrap_or_else(|e| panic!("{}: {e}", c["id"]));
    assert_eq!(ev.digits, digits, "{}: not all digits certified", c["id"]);
    (ev.decimal, c["value"].as_str().unwrap().to_string())
}

#[test]
fn every_reference_value_matches_to_40_digits() {
    let cases = load();
    assert!(cases.len() >= 100);
    let mut checked = 0;
    for c in &cases {
        let (got, reference) = run_case(c, 40);
        if let Some(want) = expected(&reference, 40) {
            assert_eq!(got, want, "case {}", c["id"]);
            checked += 1;
        }
    }
    assert!(checked >= 100, "only {checked} cases checked");
}

#[test]
fn short_digit_counts_round_correctly() {
    for c in load().iter().step_by(3) {
        for n in [1, 6, 15] {
            let (got, reference) = run_case(c, n);
            if let Some(want) = expected(&reference, n) {
                assert_eq!(got, want, "case {} at {n} digits", c["id"]);
            }
        }
    }
}

#[test]
fn a_wrong_reference_is_caught() {
    // the check above can fail: perturb one reference in the last kept digit
    let c = &load()[0];
    let (got, reference) = run_case(c, 40);
    let q = parse_exact(&reference).unwrap()
        * parse_exact("1.0000000000000000000000000000000000000001").unwrap();
    let (neg, d, e) = round_sig(&q, 40).unwrap();
    assert_ne!(got, format_sig(neg, &d, e));
}
