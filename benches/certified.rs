//! Certified digits of KL: n = 10, 10³, 10⁴, on random rationals
//! (denominators ≤ 10⁶, exactly normalized) and on random doubles (dyadic,
//! large distinct prime factors), at 30 and 100 significant digits.
//!
//! `scripts/bench_certified.sh` compares the same computation with
//! mpmath and python-flint's arb on identical inputs and prints ratios.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use infocert::certify::certify_digits;
use infocert::exact::engine::ExactEngine;
use infocert::exact::Base;
use infocert::measures::{kl, Measure};
use infocert::num::{f64_to_q, Q};
use num_bigint::BigInt;

/// xorshift64*: a tiny deterministic generator (no dependency needed).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn rational_dist(rng: &mut Rng, n: usize) -> Vec<Q> {
    // integer weights summing to a highly divisible total, divided exactly
    let w: Vec<u64> = (0..n).map(|_| 1 + rng.next() % 1000).collect();
    let total: u64 = w.iter().sum();
    w.iter()
        .map(|&x| Q::new(BigInt::from(x), BigInt::from(total)))
        .collect()
}

fn f64_dist(rng: &mut Rng, n: usize) -> Vec<Q> {
    let w: Vec<f64> = (0..n).map(|_| (rng.next() >> 11) as f64 + 1.0).collect();
    let s: f64 = w.iter().sum();
    w.iter().map(|x| f64_to_q(x / s).expect("finite")).collect()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("certified_kl");
    g.sample_size(10);
    for (kind, gen) in [
        ("rational", rational_dist as fn(&mut Rng, usize) -> Vec<Q>),
        ("f64", f64_dist),
    ] {
        for n in [10usize, 1000, 10_000] {
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
            let (p, q) = (gen(&mut rng, n), gen(&mut rng, n));
            for digits in [30u32, 100] {
                g.throughput(Throughput::Elements(n as u64));
                g.bench_with_input(
                    BenchmarkId::new(format!("{kind}_{digits}d"), n),
                    &(&p, &q),
                    |b, (p, q)| {
                        b.iter(|| {
                            let c = certify_digits(
                                |prec| kl(&ExactEngine::numeric(prec), p, q),
                                Base::E,
                                Measure::Kl.base_scaling(),
                                digits,
                            );
                            assert_eq!(c.digits, digits);
                            c
                        })
                    },
                );
            }
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
