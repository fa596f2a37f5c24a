//! Float engine throughput: KL, entropy, cross-entropy, JSD at n = 10^3, 10^5, 10^7,
//! default path (value + bound) and correctly rounded (`-cr`).
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use infocert::float;
use infocert::measures::{Args, Measure};
use std::hint::black_box;
use std::time::Duration;

fn inputs(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut s = 0x9E3779B97F4A7C15u64 ^ n as u64;
    let mut rnd = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64 + 1e-3
    };
    let mut p: Vec<f64> = (0..n).map(|_| rnd()).collect();
    let mut q: Vec<f64> = (0..n).map(|_| rnd()).collect();
    let (sp, sq): (f64, f64) = (p.iter().sum(), q.iter().sum());
    p.iter_mut().for_each(|x| *x /= sp);
    q.iter_mut().for_each(|x| *x /= sq);
    (p, q)
}

fn bench(c: &mut Criterion) {
    for n in [1_000usize, 100_000, 10_000_000] {
        let (p, q) = inputs(n);
        let args = Args {
            p: Some(&p[..]),
            q: Some(&q[..]),
            joint: None,
            alpha: None,
        };
        let mut g = c.benchmark_group(format!("float_n{n}"));
        g.throughput(Throughput::Elements(n as u64));
        if n >= 100_000 {
            g.sample_size(10);
            g.measurement_time(Duration::from_secs(if n >= 10_000_000 { 3 } else { 2 }));
            g.warm_up_time(Duration::from_millis(500));
        }
        for m in [
            Measure::Kl,
            Measure::Entropy,
            Measure::CrossEntropy,
            Measure::Jsd,
        ] {
            g.bench_with_input(BenchmarkId::new(m.name(), n), &args, |b, a| {
                b.iter(|| black_box(float::evaluate(m, a).unwrap()))
            });
            g.bench_with_input(
                BenchmarkId::new(format!("{}-cr", m.name()), n),
                &args,
                |b, a| b.iter(|| black_box(float::evaluate_correctly_rounded(m, a).unwrap())),
            );
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
