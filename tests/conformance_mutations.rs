//! An oracle that cannot fail is worthless: deliberately buggy
//! implementations go through the Rust oracle and through `conform`, and
//! each bug must be caught by both.

use infocert::conformance::{self as conf, Case, CaseSemantics, Filter, Options};
use infocert::measures::Measure;
use std::collections::HashMap;

type Two = fn(&[f64], &[f64]) -> f64;
type One = fn(&[f64]) -> f64;

/// The textbook formula Σ p ln(p/q) over p > 0, in f64.
fn kl_naive(p: &[f64], q: &[f64]) -> f64 {
    p.iter()
        .zip(q)
        .filter(|(a, _)| **a > 0.0)
        .map(|(&a, &b)| a * (a / b).ln())
        .sum()
}

fn kl_swapped(p: &[f64], q: &[f64]) -> f64 {
    kl_naive(q, p)
}

fn kl_log2(p: &[f64], q: &[f64]) -> f64 {
    p.iter()
        .zip(q)
        .filter(|(a, _)| **a > 0.0)
        .map(|(&a, &b)| a * (a / b).log2())
        .sum()
}

fn kl_f32_accumulation(p: &[f64], q: &[f64]) -> f64 {
    let mut s = 0f32;
    for (&a, &b) in p.iter().zip(q) {
        if a > 0.0 {
            s += (a * (a / b).ln()) as f32;
        }
    }
    s as f64
}

/// 0·ln 0 evaluated literally: 0 · (−∞) = NaN.
fn kl_zero_nan(p: &[f64], q: &[f64]) -> f64 {
    p.iter().zip(q).map(|(&a, &b)| a * (a / b).ln()).sum()
}

/// "Avoid division by zero" by clipping: max(q, 1e-10).
fn kl_clipped(p: &[f64], q: &[f64]) -> f64 {
    p.iter()
        .zip(q)
        .filter(|(a, _)| **a > 0.0)
        .map(|(&a, &b)| a * (a / b.max(1e-10)).ln())
        .sum()
}

fn entropy_naive(p: &[f64]) -> f64 {
    -p.iter()
        .filter(|x| **x > 0.0)
        .map(|&x| x * x.ln())
        .sum::<f64>()
}

fn entropy_log2(p: &[f64]) -> f64 {
    -p.iter()
        .filter(|x| **x > 0.0)
        .map(|&x| x * x.log2())
        .sum::<f64>()
}

fn entropy_zero_nan(p: &[f64]) -> f64 {
    -p.iter().map(|&x| x * x.ln()).sum::<f64>()
}

fn entropy_f32(p: &[f64]) -> f64 {
    -p.iter()
        .filter(|x| **x > 0.0)
        .map(|&x| (x * x.ln()) as f32)
        .sum::<f32>() as f64
}

/// JSD as H(M) − ½H(P) − ½H(Q): cancels catastrophically near P = Q.
fn jsd_by_entropies(p: &[f64], q: &[f64]) -> f64 {
    let m: Vec<f64> = p.iter().zip(q).map(|(a, b)| 0.5 * (a + b)).collect();
    entropy_naive(&m) - 0.5 * entropy_naive(p) - 0.5 * entropy_naive(q)
}

fn vectors() -> Vec<Case> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/vectors.jsonl"
    ))
    .unwrap();
    conf::parse_vectors(&text).unwrap()
}

/// Run an implementation over the vector file as a peer would, and grade
/// the results with `conform` (as_given semantics, valid inputs).
fn conform_violations(
    measure: Measure,
    f: &dyn Fn(&Case) -> f64,
    max_ulps: u64,
    tag: Option<&str>,
) -> usize {
    let cases = vectors();
    let filter = Filter {
        measures: vec![measure],
        semantics: Some(CaseSemantics::AsGiven),
        bases: vec![infocert::exact::Base::E],
        tags: tag.map(|t| vec![t.to_string()]).unwrap_or_default(),
        skip_tags: vec!["invalid".into()],
    };
    let results: HashMap<String, f64> = cases
        .iter()
        .filter(|c| filter.accepts(c))
        .map(|c| (c.id.clone(), f(c)))
        .collect();
    assert!(!results.is_empty());
    let opts = Options {
        max_ulps,
        filter,
        ..Options::default()
    };
    let r = conf::conform(&cases, &results, &opts);
    assert_eq!(
        r.cases.len(),
        results.len(),
        "every graded case has a result"
    );
    r.violations
}

fn two(f: Two) -> impl Fn(&Case) -> f64 {
    move |c| f(&c.p_values().unwrap(), &c.q_values().unwrap())
}

fn one(f: One) -> impl Fn(&Case) -> f64 {
    move |c| f(&c.p_values().unwrap())
}

#[test]
fn every_injected_kl_bug_is_caught() {
    let bugs: [(&str, Two); 5] = [
        ("arguments swapped", kl_swapped),
        ("log2 instead of ln", kl_log2),
        ("float32 accumulation", kl_f32_accumulation),
        ("0·ln 0 as NaN", kl_zero_nan),
        ("epsilon clipping max(q, 1e-10)", kl_clipped),
    ];
    for (name, bug) in bugs {
        let err = conf::kl().max_ulps(4).try_check(bug);
        assert!(err.is_err(), "the oracle missed: {name}");
        let v = conform_violations(Measure::Kl, &two(bug), 4, None);
        assert!(v > 0, "conform missed: {name}");
    }
}

#[test]
fn naive_kl_is_caught_on_near_identical_pairs_only_where_it_loses_digits() {
    // on the textbook cases the naive formula is within 8 ulps (7 on the
    // reversed asymmetry pair, where its terms partly cancel): the oracle
    // can pass a float implementation…
    let ok = conf::kl().max_ulps(8).tag("textbook").try_check(kl_naive);
    assert!(ok.is_ok(), "{}", ok.unwrap_err());
    // …and catches it where Σ p ln(p/q) cancels
    let err = conf::kl()
        .max_ulps(4)
        .tag("near-identical")
        .try_check(kl_naive)
        .unwrap_err();
    assert!(err.worst().case.has_tag("near-identical"));
    assert!(conform_violations(Measure::Kl, &two(kl_naive), 4, Some("near-identical")) > 0);
    assert_eq!(
        conform_violations(Measure::Kl, &two(kl_naive), 8, Some("textbook")),
        0
    );
    assert!(conform_violations(Measure::Kl, &two(kl_naive), 4, Some("textbook")) > 0);
}

#[test]
fn every_injected_entropy_bug_is_caught() {
    let bugs: [(&str, One); 3] = [
        ("log2 instead of ln", entropy_log2),
        ("0·ln 0 as NaN", entropy_zero_nan),
        ("float32 accumulation", entropy_f32),
    ];
    for (name, bug) in bugs {
        assert!(
            conf::entropy().max_ulps(4).try_check(bug).is_err(),
            "oracle missed: {name}"
        );
        assert!(
            conform_violations(Measure::Entropy, &one(bug), 4, None) > 0,
            "conform missed: {name}"
        );
    }
}

#[test]
fn jsd_by_entropy_differences_is_caught() {
    let err = conf::jsd()
        .max_ulps(4)
        .tag("near-identical")
        .try_check(jsd_by_entropies)
        .unwrap_err();
    assert!(err.to_string().contains("near-identical"));
    assert!(conform_violations(Measure::Jsd, &two(jsd_by_entropies), 4, None) > 0);
}

#[test]
fn a_negative_result_is_flagged_as_a_sign_error() {
    let cases = vectors();
    let c = cases
        .iter()
        .find(|c| c.id == "peer/dit-jsd-28x/jsd/2/normalized")
        .unwrap();
    let bad = -2.220446049250313e-16; // dit's result
    let cmp = conf::compare(c.expected.value, bad, u64::MAX);
    assert_eq!(cmp.mismatch, Some(conf::Mismatch::Sign));
}
