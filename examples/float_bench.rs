//! Times the float engine on the peer benchmark's inputs and prints JSON
//! `{"<measure>_n<N>": ns_per_element, ...}` for `scripts/bench_float_peers.py
//! --rust-json`.
//!
//! Usage: `cargo run --release --example float_bench -- [--dir target/bench-inputs]
//! [--sizes 1000,1000000,10000000] [--repeats 5] [--cr] [--only <measure>]`
//!
//! `--cr` also times the correctly rounded mode (keys `<measure>-cr_n<N>`)
//! and reports how often it needed the exact fallback; sizes above 10^4 are
//! skipped there when the fallback would run the exact engine on them.
use infocert::dist::read_npy_f64;
use infocert::float;
use infocert::measures::{Args, Measure};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut dir = PathBuf::from("target/bench-inputs");
    let mut sizes = vec![1000usize, 1_000_000, 10_000_000];
    let mut repeats = 5;
    let mut cr = false;
    let mut only: Option<String> = None;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--dir" => {
                dir = PathBuf::from(&args[i + 1]);
                i += 1;
            }
            "--sizes" => {
                sizes = args[i + 1].split(',').map(|s| s.parse().unwrap()).collect();
                i += 1;
            }
            "--repeats" => {
                repeats = args[i + 1].parse().unwrap();
                i += 1;
            }
            "--cr" => cr = true,
            "--only" => {
                only = Some(args[i + 1].clone());
                i += 1;
            }
            other => panic!("unknown argument {other}"),
        }
        i += 1;
    }
    let mut out = serde_json::Map::new();
    for &n in &sizes {
        let (p, _) = read_npy_f64(&dir.join(format!("float_p_n{n}.npy")))
            .expect("run scripts/bench_float_peers.py first");
        let (q, _) = read_npy_f64(&dir.join(format!("float_q_n{n}.npy"))).unwrap();
        let a = Args {
            p: Some(&p[..]),
            q: Some(&q[..]),
            joint: None,
            alpha: None,
        };
        let reps = match n {
            0..=1000 => repeats * 200,
            1001..=100_000 => repeats * 10,
            _ => repeats,
        };
        for (key, m) in [
            ("kl", Measure::Kl),
            ("entropy", Measure::Entropy),
            ("cross-entropy", Measure::CrossEntropy),
            ("jsd", Measure::Jsd),
            ("js-distance", Measure::JsDistance),
        ] {
            if only.as_deref().is_some_and(|o| o != key) {
                continue;
            }
            let mut best = f64::INFINITY;
            let mut last = None;
            for _ in 0..reps {
                let t = Instant::now();
                let r = float::evaluate(m, &a).unwrap();
                best = best.min(t.elapsed().as_nanos() as f64);
                last = Some(r);
            }
            let r = last.unwrap();
            eprintln!(
                "{key:<14} n={n:<9} {:>8.3} ns/elt   value {:e} ± {:e} ({:.2} ulp)",
                best / n as f64,
                r.value,
                r.err,
                r.err / (r.value.abs().next_up() - r.value.abs())
            );
            out.insert(format!("{key}_n{n}"), (best / n as f64).into());
            if cr && (n <= 10_000 || r.rounds_to().is_some() || float::has_second_tier(m)) {
                let mut best = f64::INFINITY;
                let mut fb = 0;
                let reps = if n <= 1000 { reps.min(1000) } else { reps };
                for _ in 0..reps {
                    let t = Instant::now();
                    let r = float::evaluate_correctly_rounded_detailed(m, &a).unwrap();
                    best = best.min(t.elapsed().as_nanos() as f64);
                    fb += r.fallback_prec.is_some() as u32;
                }
                eprintln!(
                    "{key:<14} n={n:<9} {:>8.3} ns/elt   correctly rounded ({fb}/{reps} fallbacks)",
                    best / n as f64
                );
                out.insert(format!("{key}-cr_n{n}"), (best / n as f64).into());
            }
        }
        // the input check alone (both arrays), part of every call above
        let mut best = f64::INFINITY;
        for _ in 0..reps {
            let t = Instant::now();
            std::hint::black_box(float::validate(Measure::Kl, &a).is_ok());
            best = best.min(t.elapsed().as_nanos() as f64);
        }
        out.insert(format!("validate_n{n}"), (best / n as f64).into());
        // memory pass: the exact sums alone
        let mut best = f64::INFINITY;
        for _ in 0..reps {
            let t = Instant::now();
            let a = float::sum::exact_sum(n, |i| p[i]);
            let b = float::sum::exact_sum(n, |i| q[i]);
            std::hint::black_box((a, b));
            best = best.min(t.elapsed().as_nanos() as f64);
        }
        out.insert(format!("memory_n{n}"), (best / n as f64).into());
    }
    println!("{}", serde_json::Value::Object(out));
}
