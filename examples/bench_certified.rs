//! Times certified KL (30 and 100 digits, input validation included,
//! closed form excluded) on the benchmark input files
//! written by `scripts/gen_bench_inputs.py`, and prints one JSON object:
//! `{"<file stem>": {"digits30_us_per_elem": …, "digits100_us_per_elem": …, "value30": …}}`.
//!
//! Run through `scripts/bench_certified.sh`, which also times the peers
//! (mpmath, python-flint's arb) on the same files and prints the ratios.

use infocert::certify::certify_digits;
use infocert::dist::{parse_exact_list_for_tests, Semantics};
use infocert::eval::{prepare, Request};
use infocert::exact::Base;
use infocert::measures::Measure;
use std::time::Instant;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/bench-inputs".into());
    let mut out = serde_json::Map::new();
    // ONLY=f6410 (kind and n) runs one file; REPS_MULT=k repeats k times
    // more (for profiling)
    let only = std::env::var("ONLY").ok();
    let mult: usize = std::env::var("REPS_MULT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    for kind in ["rational", "f64"] {
        for n in [10, 1000, 10000] {
            if only.as_deref().is_some_and(|o| o != format!("{kind}{n}")) {
                continue;
            }
            let stem = format!("kl_{kind}_n{n}");
            let path = format!("{dir}/{stem}.json");
            let Ok(text) = std::fs::read_to_string(&path) else {
                eprintln!("missing {path}");
                continue;
            };
            let v: serde_json::Value = serde_json::from_str(&text).expect("json");
            let strs = |k: &str| -> Vec<String> {
                v[k].as_array()
                    .expect("array")
                    .iter()
                    .map(|x| x.as_str().expect("string").to_string())
                    .collect()
            };
            let (p, q) = (
                parse_exact_list_for_tests(&strs("p")),
                parse_exact_list_for_tests(&strs("q")),
            );
            let mut row = serde_json::Map::new();
            for digits in [30u32, 100] {
                let req = Request {
                    measure: Measure::Kl,
                    p: Some(p.clone()),
                    q: Some(q.clone()),
                    joint: None,
                    alpha: None,
                    base: Base::E,
                    digits,
                    semantics: Semantics::AsGivenUnchecked,
                    round_inputs_to_f64: false,
                };
                let reps = if n <= 10 {
                    200
                } else if n <= 1000 {
                    5
                } else {
                    2
                };
                let mut best = f64::INFINITY;
                let mut first = None;
                let mut value = String::new();
                for _ in 0..reps * mult {
                    let t = Instant::now();
                    // the certified digits, without the closed form (which
                    // `infocert eval` adds for inputs of up to 64 entries)
                    let prep = prepare(&req).expect("valid");
                    let c = certify_digits(
                        |prec| prep.exact(false, prec),
                        Base::E,
                        Measure::Kl.base_scaling(),
                        digits,
                    );
                    let el = t.elapsed().as_secs_f64();
                    first.get_or_insert(el);
                    best = best.min(el);
                    assert_eq!(c.digits, digits);
                    value = c.decimal;
                }
                let us = best * 1e6 / n as f64;
                // the first call of the process builds the logarithm tables
                // at its working precision (what a one-shot CLI call pays)
                let first_us = first.unwrap_or(best) * 1e6;
                eprintln!(
                    "{stem:<20} {digits:>3} digits: {us:>8.3} µs/element  ({value:.32})  first call {first_us:.0} µs"
                );
                row.insert(format!("digits{digits}_us_per_elem"), us.into());
                row.insert(format!("digits{digits}_first_call_us"), first_us.into());
                row.insert(format!("value{digits}"), value.into());
            }
            out.insert(stem, row.into());
        }
    }
    println!("{}", serde_json::Value::Object(out));
}
