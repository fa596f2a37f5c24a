//! The conformance suite: reproducible, well-formed, certified, and the
//! oracle passes a correct implementation and reports failures usefully.

use infocert::conformance::{self as conf, Case, CaseSemantics};
use infocert::dist::Semantics;
use infocert::exact::Base;
use infocert::num::{parse_exact, q_to_f64};
use std::sync::OnceLock;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/vectors.jsonl");

fn suite() -> &'static (String, Vec<Case>) {
    static S: OnceLock<(String, Vec<Case>)> = OnceLock::new();
    S.get_or_init(|| {
        let text = conf::vectors_jsonl(conf::DEFAULT_SEED);
        let cases = conf::parse_vectors(&text).expect("generated vectors parse");
        (text, cases)
    })
}

fn case(id: &str) -> &'static Case {
    suite()
        .1
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no case {id}"))
}

#[test]
fn committed_file_is_what_infocert_vectors_writes() {
    let committed = std::fs::read_to_string(COMMITTED).expect("tests/data/vectors.jsonl");
    let generated = &suite().0;
    if &committed != generated {
        let first = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(committed.lines().count().min(generated.lines().count()));
        panic!(
            "tests/data/vectors.jsonl differs from `infocert vectors` at line {} \
             (regenerate: cargo run --release -- vectors --out tests/data/vectors.jsonl)",
            first + 1
        );
    }
    assert!(
        committed.len() < 1_000_000,
        "vector file must stay under 1 MB"
    );
}

#[test]
fn cases_round_trip_and_ids_are_unique() {
    let cases = &suite().1;
    assert!(cases.len() > 400, "{}", cases.len());
    let mut ids = std::collections::HashSet::new();
    for c in cases {
        assert!(ids.insert(c.id.clone()), "duplicate id {}", c.id);
        let back = Case::from_json_line(&c.to_json_line()).unwrap();
        // NaN != NaN: compare the rest through the JSON text
        assert_eq!(back.to_json_line(), c.to_json_line());
    }
}

#[test]
fn expected_double_is_the_certified_decimal_rounded() {
    for c in &suite().1 {
        let e = &c.expected;
        match e.decimal.as_str() {
            "nan" => assert!(e.value.is_nan() && e.invalid.is_some(), "{}", c.id),
            "inf" => assert_eq!(e.value, f64::INFINITY, "{}", c.id),
            d => {
                assert!(e.exact || e.digits >= 40, "{}: {} digits", c.id, e.digits);
                // equal, or one ulp apart when the exact value sits within
                // 10^-40 (relative) of a tie between two doubles
                let q = parse_exact(d).expect("decimal parses");
                let u = conf::ulp_distance(q_to_f64(&q), e.value).unwrap();
                assert!(u == 0 || (u == 1 && !e.exact), "{}", c.id);
            }
        }
    }
}

#[test]
fn suite_is_deterministic_and_seeded() {
    let text = |seed: u64, random: bool| -> Vec<String> {
        conf::specs(seed)
            .iter()
            .filter(|s| (s.generator == "random") == random)
            .map(|s| format!("{s:?}"))
            .collect()
    };
    assert_eq!(text(7, true), text(7, true));
    assert_ne!(
        text(7, true),
        text(conf::DEFAULT_SEED, true),
        "the seed changes the random cases"
    );
    assert_eq!(
        text(7, false),
        text(conf::DEFAULT_SEED, false),
        "and only them"
    );
}

#[test]
fn every_generator_and_edge_kind_is_present() {
    let cases = &suite().1;
    for g in conf::GENERATORS {
        assert!(cases.iter().any(|c| c.generator == g.name), "{}", g.name);
    }
    for tag in [
        "zeros",
        "inf",
        "subnormal",
        "near-identical",
        "tiny-support",
        "large",
        "unnormalized",
        "invalid",
        "textbook",
        "peer",
        "random",
    ] {
        assert!(cases.iter().any(|c| c.has_tag(tag)), "no case tagged {tag}");
    }
    for m in infocert::measures::Measure::ALL {
        assert!(
            cases.iter().filter(|c| c.measure == m).count() >= 10,
            "{m:?}"
        );
    }
    assert!(cases.iter().any(|c| c.expected.value == f64::INFINITY));
    assert!(
        cases.iter().any(|c| c.expected.value < 0.0),
        "as-given negative KL"
    );
    assert!(cases
        .iter()
        .any(|c| matches!(c.p, Some(conf::Input::Recipe(_)))));
}

/// The figures quoted in research/peers.md §2, to the digits quoted there.
#[test]
fn peer_bug_values_match_research_notes() {
    let expect = [
        (
            "peer/scipy-20083/js-distance/e/normalized",
            "1.7883362019890852e-4",
        ),
        ("peer/scipy-20779/js-distance/e/both", ""),
        (
            "peer/scipy-19436/js-distance/e/as_given",
            "1.3085492146388467e-162",
        ),
        (
            "peer/scipy-logp-cancellation/kl/e/as_given",
            "5.7511151229152405e-17",
        ),
        ("peer/scipy-20710/kl/e/as_given", "2839.13085157"),
        ("peer/dit-kl-1e-9/kl/2/as_given", "8.297e-17"),
        ("peer/dit-kl-1e-8/kl/2/both", "6.011e-16"),
        ("peer/dit-jsd-28x/jsd/2/normalized", "4.6993e-20"),
        ("peer/dit-mi-product/mi/2/normalized", "2.7e-34"),
        (
            "peer/ndarray-stats-kl-subnormal/kl/e/as_given",
            "0.6931471805599453",
        ),
        // peers.md quotes the crate's float result -2.1972245773362196; the
        // exact value is -2 ln 3 = -2.19722457733621938…
        (
            "peer/ndarray-stats-kl-unnormalized/kl/e/as_given",
            "-2.1972245773362194",
        ),
        (
            "peer/logp-kl-subnormal-q/kl/e/as_given",
            "371.52688878013069",
        ),
        ("peer/logp-jsd-half/jsd/e/both", ""),
        ("peer/logp-jsd-3/jsd/e/normalized", "7.49e-21"),
        (
            "peer/gibbs-negative/kl/e/as_given",
            "-9.0160456076378745e-17",
        ),
        ("peer/philentropy-4/jsd/2/both", "0.3112781"),
        ("peer/statsbase-769/entropy/2/as_given", "0.75"),
        ("peer/statsbase-769/entropy/2/normalized", "1"),
        ("peer/sklearn-10778/mi/e/normalized", "0.17442"),
        ("peer/sklearn-10778/mi/2/normalized", "0.25163"),
        ("peer/scipy-4080/entropy/2/normalized", "9.965784284662087"),
        // peers.md quotes "exact 1.80480710e-10" here; that figure is
        // scipy's own (wrong) value: the exact value is 1.8048072298…e-10
        (
            "peer/scipy-js-cdist-28x/js-distance/e/normalized",
            "1.80480723e-10",
        ),
    ];
    for (id, fig) in expect {
        let c = suite()
            .1
            .iter()
            .find(|c| c.id == id || c.id == id.replace("/both", "/as_given"));
        let c = c.unwrap_or_else(|| panic!("no case {id}"));
        if fig.is_empty() {
            continue;
        }
        let digits = fig
            .split('e')
            .next()
            .unwrap()
            .trim_start_matches(['-', '0', '.'])
            .replace('.', "")
            .len() as u32;
        let want = parse_exact(fig).unwrap();
        let got = parse_exact(&c.expected.decimal).unwrap();
        let round = |q| infocert::num::q_to_sig(q, digits.max(1));
        assert_eq!(
            round(&got),
            round(&want),
            "{id}: {} vs {fig}",
            c.expected.decimal
        );
    }
    // the two x = nextafter(0.5, 0) cases
    assert_eq!(
        case("peer/scipy-20779/js-distance/e/as_given")
            .expected
            .value,
        3.925231146709438e-17
    );
    assert!((case("peer/logp-jsd-half/jsd/e/as_given").expected.value - 1.54e-33).abs() < 1e-35);
}

fn certified(c: &Case) -> f64 {
    c.expected.value
}

#[test]
fn oracle_passes_the_certified_reference_at_zero_ulps() {
    // a correct implementation: infocert's own certified values
    let two = |m: &str| {
        let m = m.to_string();
        move |p: &[f64], q: &[f64]| conf::reference_value(&m, p, Some(q))
    };
    let s = conf::kl().max_ulps(0).check(two("kl"));
    assert!(s.cases >= 40, "{s:?}");
    assert_eq!(s.worst_ulps, Some(0));
    conf::entropy()
        .check_invalid(true)
        .check(|p| conf::reference_value("entropy", p, None));
    conf::jsd().check(two("jsd"));
    conf::js_distance().check(two("js-distance"));
    conf::hellinger().check(two("hellinger"));
    conf::chi2().check(two("chi2"));
    conf::gkl().check(two("gkl"));
}

#[test]
fn oracle_honours_base_semantics_and_user_cases() {
    // normalized, base 2: a user's own cases are certified like the rest
    let cases = conf::kl()
        .semantics(Semantics::Normalized)
        .base(Base::Two)
        .add_case(&[1.0, 1.0], &[3.0, 1.0])
        .resolved_cases();
    let user = cases.iter().find(|c| c.generator == "user").unwrap();
    // KL((1/2,1/2) ‖ (3/4,1/4)) = 1 − ½ log2 3 = 0.20751874963942190927313052802609… (mpmath)
    assert_eq!(
        user.expected.decimal,
        "0.2075187496394219092731305280260917456201"
    );
    assert!(cases
        .iter()
        .all(|c| c.semantics != CaseSemantics::AsGiven && c.base == Base::Two));
    // cases loaded from the vectors file keep their own settings
    let file = conf::parse_vectors(&std::fs::read_to_string(COMMITTED).unwrap()).unwrap();
    let o = conf::mi().cases(file.clone());
    assert!(o
        .resolved_cases()
        .iter()
        .all(|c| c.measure == infocert::measures::Measure::Mi));
    let by_id: std::collections::HashMap<String, f64> =
        file.iter().map(|c| (c.id.clone(), certified(c))).collect();
    let lookup = |c: &Case| by_id[&c.id];
    for c in o.resolved_cases() {
        assert_eq!(lookup(&c).to_bits(), c.expected.value.to_bits());
    }
}

#[test]
fn failure_message_shows_worst_and_smallest_case_with_bits() {
    let err = conf::kl()
        .max_ulps(4)
        .try_check(|p, q| {
            // KL computed in single precision
            p.iter()
                .zip(q)
                .filter(|(a, _)| **a > 0.0)
                .map(|(&a, &b)| (a as f32) * ((a as f32) / (b as f32)).ln())
                .sum::<f32>() as f64
        })
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("infocert conformance: kl (nats, as_given), budget 4 ulps:"),
        "{msg}"
    );
    for needle in [
        "worst failing case:",
        "smallest failing case:",
        "expected ",
        "actual ",
        "ulps ",
        "(0x",
        "(certified)",
    ] {
        assert!(msg.contains(needle), "missing {needle:?} in\n{msg}");
    }
    assert!(err.smallest().case.entries() <= err.worst().case.entries() || err.failures.len() == 1);
}

#[test]
fn xfail_that_passes_is_an_error() {
    let id = "textbook/black-swan-0.5/kl/2/both";
    let o = conf::kl()
        .base(Base::Two)
        .tag("textbook")
        .xfail("textbook/black-swan-0.5/kl/2/both");
    let err = o
        .try_check(|p, q| conf::reference_value("kl", p, Some(q)) / std::f64::consts::LN_2)
        .unwrap_err();
    assert!(
        err.failures.iter().any(|f| f.xpass && f.case.id == id),
        "{err}"
    );
    assert!(err.to_string().contains("declared xfail but passes"));
}

#[test]
#[should_panic(expected = "smallest failing case")]
fn check_panics_on_a_wrong_implementation() {
    conf::entropy().check(|p| p.iter().map(|&x| -x * x.log2()).sum());
}
