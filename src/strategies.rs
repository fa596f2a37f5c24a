//! Generators of exact inputs for property tests: proptest strategies and
//! quickcheck `Arbitrary` newtypes (feature `quickcheck`) over the same
//! families.
//!
//! Every value is exact (rational entries), validated by
//! [`Dist::new`](crate::dist::Dist::new) or
//! [`Joint::new`](crate::dist::Joint::new), and sums to exactly 1 where a
//! distribution is meant. The families: distributions of a given support
//! size ([`dist`]), pairs on a common support ([`pair`]), joints
//! ([`joint`]), Markov kernels ([`kernel`]), lattice points with a bounded
//! denominator ([`lattice`]), near-identical pairs ([`near_pair`]) and
//! vectors with many zeros ([`zero_laden`]).
//!
//! ```
//! use proptest::prelude::*;
//! use infocert::exact::engine::{ExactEngine, Real};
//! use infocert::measures::{cross_entropy, entropy, kl, Engine};
//!
//! proptest! {
//!     #![proptest_config(ProptestConfig::with_cases(16))]
//!     fn cross_entropy_splits((p, q) in infocert::strategies::pair(2..6)) {
//!         let e = ExactEngine::closed(64);
//!         let (p, q) = (p.values(), q.values());
//!         let lhs = cross_entropy(&e, p, q);
//!         let rhs = e.add(entropy(&e, p), kl(&e, p, q));
//!         match (lhs, rhs) {
//!             (Real::Form(a), Real::Form(b)) => prop_assert!(a == b),
//!             (a, b) => prop_assert!(matches!((a, b), (Real::PosInf, Real::PosInf))),
//!         }
//!     }
//! }
//! # cross_entropy_splits();
//! ```

use num_bigint::BigInt;
use proptest::collection::{vec, SizeRange};
use proptest::prelude::*;

use crate::dist::{Dist, Joint, Semantics};
use crate::num::Q;

fn normalize(w: Vec<u64>) -> Vec<Q> {
    let mut w = w;
    if w.iter().all(|x| *x == 0) {
        let k = w.len() / 2;
        w[k] = 1;
    }
    let s: u64 = w.iter().sum();
    w.into_iter()
        .map(|x| Q::new(BigInt::from(x), BigInt::from(s)))
        .collect()
}

fn make(values: Vec<Q>) -> Dist {
    Dist::new("p", values, Semantics::AsGiven).expect("generated distributions are valid")
}

/// Weights of one entry: small integers, wide ranges and zeros, mixed.
fn weight() -> BoxedStrategy<u64> {
    prop_oneof![
        3 => 0u64..=10,
        3 => 1u64..=1000,
        1 => Just(0u64),
        1 => 1u64..=1_000_000_007,
    ]
    .boxed()
}

/// Distributions with a support size in `len` (e.g. `2..8`), exact
/// rational entries summing to 1 (some may be zero).
///
/// ```
/// use proptest::prelude::*;
/// proptest! {
///     #![proptest_config(ProptestConfig::with_cases(8))]
///     fn sums_to_one(p in infocert::strategies::dist(2..8)) {
///         prop_assert!(p.sums_to_one());
///         prop_assert!((2..8).contains(&p.len()));
///     }
/// }
/// # sums_to_one();
/// ```
pub fn dist(len: impl Into<SizeRange>) -> impl Strategy<Value = Dist> {
    vec(weight(), len).prop_map(|w| make(normalize(w)))
}

/// Exact values of a distribution on exactly `n` outcomes.
pub fn dist_values(n: usize) -> BoxedStrategy<Vec<Q>> {
    vec(weight(), n).prop_map(normalize).boxed()
}

/// Two distributions on a common support whose size is in `len`.
pub fn pair(len: impl Into<SizeRange>) -> impl Strategy<Value = (Dist, Dist)> {
    let len: SizeRange = len.into();
    (len.start()..len.end_excl())
        .prop_flat_map(|n| (dist_values(n), dist_values(n)))
        .prop_map(|(p, q)| (make(p), make(q)))
}

/// Joint distributions of `(X, Y)` with `rows` and `cols` in the given ranges.
pub fn joint(
    rows: impl Into<SizeRange>,
    cols: impl Into<SizeRange>,
) -> impl Strategy<Value = Joint> {
    let (r, c): (SizeRange, SizeRange) = (rows.into(), cols.into());
    (r.start()..r.end_excl(), c.start()..c.end_excl())
        .prop_flat_map(|(r, c)| (Just(c), dist_values(r * c)))
        .prop_map(|(c, flat)| {
            let rows: Vec<Vec<Q>> = flat.chunks(c).map(|x| x.to_vec()).collect();
            Joint::new(rows, Semantics::AsGiven).expect("valid joint")
        })
}

/// Markov kernels: `n` rows (inputs), each a distribution on `m` outputs.
pub fn kernel(n: usize, m: usize) -> impl Strategy<Value = Vec<Dist>> {
    vec(dist_values(m).prop_map(make), n)
}

/// Lattice points: distributions on a support size in `len` whose entries
/// are multiples of `1/d` for some `d ≤ max_denom`.
///
/// **Panics** if `max_denom` is zero.
pub fn lattice(len: impl Into<SizeRange>, max_denom: u32) -> impl Strategy<Value = Dist> {
    assert!(max_denom > 0, "max_denom must be positive");
    let len: SizeRange = len.into();
    (len.start()..len.end_excl(), 1..=max_denom)
        .prop_flat_map(|(n, d)| (Just(d), vec(0..=d as u64, n)))
        .prop_map(|(d, raw)| {
            // spread d units over the entries proportionally, then fix the sum
            let n = raw.len();
            let s: u64 = raw.iter().sum::<u64>().max(1);
            let mut units: Vec<u64> = raw.iter().map(|x| x * d as u64 / s).collect();
            let short = d as u64 - units.iter().sum::<u64>();
            units[n - 1] += short;
            make(
                units
                    .into_iter()
                    .map(|u| Q::new(BigInt::from(u), BigInt::from(d)))
                    .collect(),
            )
        })
}

/// Near-identical pairs: `Q = (1 − ε)·P + ε·U` for a tiny rational `ε`
/// (down to `2^-60`) and a distribution `U`; KL, JSD and friends are then
/// tiny and certified signs need high precision.
pub fn near_pair(len: impl Into<SizeRange>) -> impl Strategy<Value = (Dist, Dist)> {
    let len: SizeRange = len.into();
    (len.start()..len.end_excl(), 1u32..=60)
        .prop_flat_map(|(n, k)| (dist_values(n), dist_values(n), Just(k)))
        .prop_map(|(p, u, k)| {
            let eps = Q::new(BigInt::from(1), BigInt::from(1u64) << k as usize);
            let q = p
                .iter()
                .zip(&u)
                .map(|(a, b)| a * (Q::from_integer(1.into()) - &eps) + b * &eps)
                .collect();
            (make(p), make(q))
        })
}

/// Distributions with many zero entries (at least one non-zero).
pub fn zero_laden(len: impl Into<SizeRange>) -> impl Strategy<Value = Dist> {
    vec(prop_oneof![4 => Just(0u64), 1 => 1u64..=20], len).prop_map(|w| make(normalize(w)))
}

// ---------------------------------------------------------------------------
// quickcheck (behind the `quickcheck` feature, as num-bigint does)
// ---------------------------------------------------------------------------

#[cfg(feature = "quickcheck")]
pub use self::qc::*;

#[cfg(feature = "quickcheck")]
mod qc {
    use super::{make, normalize, BigInt, Dist, Joint, Semantics, Q};
    use quickcheck::{Arbitrary, Gen};

    fn qc_weights(g: &mut Gen, n: usize) -> Vec<Q> {
        let w: Vec<u64> = (0..n)
            .map(|_| match u8::arbitrary(g) % 4 {
                0 => 0,
                1 => u64::from(u8::arbitrary(g) % 11),
                _ => u64::from(u16::arbitrary(g)),
            })
            .collect();
        normalize(w)
    }

    fn qc_len(g: &mut Gen) -> usize {
        1 + usize::arbitrary(g) % g.size().clamp(1, 16)
    }

    /// Shrink a distribution by merging its last two entries (smaller support,
    /// still summing to 1).
    fn merge_last(p: &Dist) -> Option<Dist> {
        let v = p.values();
        if v.len() < 2 {
            return None;
        }
        let mut w = v[..v.len() - 2].to_vec();
        w.push(&v[v.len() - 2] + &v[v.len() - 1]);
        Some(make(w))
    }

    /// A quickcheck distribution (support size up to the generator's size,
    /// at most 16).
    ///
    /// ```
    /// use infocert::strategies::ArbDist;
    /// fn prop(p: ArbDist) -> bool { p.0.sums_to_one() }
    /// quickcheck::QuickCheck::new().tests(20).quickcheck(prop as fn(ArbDist) -> bool);
    /// ```
    #[derive(Debug, Clone)]
    pub struct ArbDist(pub Dist);

    impl Arbitrary for ArbDist {
        fn arbitrary(g: &mut Gen) -> Self {
            let n = qc_len(g);
            ArbDist(make(qc_weights(g, n)))
        }
        fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
            Box::new(merge_last(&self.0).map(ArbDist).into_iter())
        }
    }

    /// A quickcheck pair of distributions on a common support.
    ///
    /// ```
    /// use infocert::strategies::ArbPair;
    /// use infocert::exact::engine::{ExactEngine, Real};
    /// use infocert::measures::kl;
    /// fn gibbs(pq: ArbPair) -> bool {
    ///     let v = kl(&ExactEngine::closed(64), pq.0.values(), pq.1.values());
    ///     !matches!(infocert::certify::decide_sign(|_| v.clone()),
    ///               infocert::certify::Decision::Decided(std::cmp::Ordering::Less))
    /// }
    /// quickcheck::QuickCheck::new().tests(20).quickcheck(gibbs as fn(ArbPair) -> bool);
    /// ```
    #[derive(Debug, Clone)]
    pub struct ArbPair(pub Dist, pub Dist);

    impl Arbitrary for ArbPair {
        fn arbitrary(g: &mut Gen) -> Self {
            let n = qc_len(g);
            ArbPair(make(qc_weights(g, n)), make(qc_weights(g, n)))
        }
        fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
            let s = merge_last(&self.0).zip(merge_last(&self.1));
            Box::new(s.map(|(p, q)| ArbPair(p, q)).into_iter())
        }
    }

    /// A quickcheck joint distribution (rows `X`, columns `Y`).
    ///
    /// ```
    /// use infocert::strategies::ArbJoint;
    /// fn prop(j: ArbJoint) -> bool { j.0.flat().sums_to_one() }
    /// quickcheck::QuickCheck::new().tests(20).quickcheck(prop as fn(ArbJoint) -> bool);
    /// ```
    #[derive(Debug, Clone)]
    pub struct ArbJoint(pub Joint);

    impl Arbitrary for ArbJoint {
        fn arbitrary(g: &mut Gen) -> Self {
            let (r, c) = (1 + usize::arbitrary(g) % 4, 1 + usize::arbitrary(g) % 4);
            let flat = qc_weights(g, r * c);
            let rows = flat.chunks(c).map(|x| x.to_vec()).collect();
            ArbJoint(Joint::new(rows, Semantics::AsGiven).expect("valid joint"))
        }
    }

    /// A quickcheck Markov kernel: square, each row a distribution.
    ///
    /// ```
    /// use infocert::strategies::ArbKernel;
    /// fn prop(k: ArbKernel) -> bool { k.0.iter().all(|r| r.sums_to_one() && r.len() == k.0.len()) }
    /// quickcheck::QuickCheck::new().tests(20).quickcheck(prop as fn(ArbKernel) -> bool);
    /// ```
    #[derive(Debug, Clone)]
    pub struct ArbKernel(pub Vec<Dist>);

    impl Arbitrary for ArbKernel {
        fn arbitrary(g: &mut Gen) -> Self {
            let n = 1 + usize::arbitrary(g) % 4;
            ArbKernel((0..n).map(|_| make(qc_weights(g, n))).collect())
        }
    }

    /// A quickcheck lattice distribution: entries are multiples of `1/d`,
    /// `d ≤ 12`.
    ///
    /// ```
    /// use infocert::strategies::ArbLattice;
    /// fn prop(p: ArbLattice) -> bool { p.0.values().iter().all(|x| 27720 % x.denom() == num_bigint::BigInt::from(0)) }
    /// quickcheck::QuickCheck::new().tests(20).quickcheck(prop as fn(ArbLattice) -> bool);
    /// ```
    #[derive(Debug, Clone)]
    pub struct ArbLattice(pub Dist);

    impl Arbitrary for ArbLattice {
        fn arbitrary(g: &mut Gen) -> Self {
            let n = 1 + usize::arbitrary(g) % 4;
            let d = 1 + u64::from(u8::arbitrary(g) % 12);
            let mut units = vec![0u64; n];
            for _ in 0..d {
                units[usize::arbitrary(g) % n] += 1;
            }
            ArbLattice(make(
                units
                    .into_iter()
                    .map(|u| Q::new(BigInt::from(u), BigInt::from(d)))
                    .collect(),
            ))
        }
    }

    /// A quickcheck near-identical pair: `Q = (1 − ε)P + εU`, `ε = 2^-k`.
    ///
    /// ```
    /// use infocert::strategies::ArbNearPair;
    /// fn prop(pq: ArbNearPair) -> bool { pq.0.len() == pq.1.len() && pq.1.sums_to_one() }
    /// quickcheck::QuickCheck::new().tests(20).quickcheck(prop as fn(ArbNearPair) -> bool);
    /// ```
    #[derive(Debug, Clone)]
    pub struct ArbNearPair(pub Dist, pub Dist);

    impl Arbitrary for ArbNearPair {
        fn arbitrary(g: &mut Gen) -> Self {
            let n = qc_len(g);
            let (p, u) = (qc_weights(g, n), qc_weights(g, n));
            let k = 1 + usize::arbitrary(g) % 60;
            let eps = Q::new(BigInt::from(1), BigInt::from(1u64) << k);
            let one = Q::from_integer(1.into());
            let q = p
                .iter()
                .zip(&u)
                .map(|(a, b)| a * (&one - &eps) + b * &eps)
                .collect();
            ArbNearPair(make(p), make(q))
        }
    }

    /// A quickcheck distribution with many zeros.
    ///
    /// ```
    /// use infocert::strategies::ArbZeroLaden;
    /// fn prop(p: ArbZeroLaden) -> bool { p.0.values().iter().any(|x| *x > num_rational::BigRational::from_integer(0.into())) }
    /// quickcheck::QuickCheck::new().tests(20).quickcheck(prop as fn(ArbZeroLaden) -> bool);
    /// ```
    #[derive(Debug, Clone)]
    pub struct ArbZeroLaden(pub Dist);

    impl Arbitrary for ArbZeroLaden {
        fn arbitrary(g: &mut Gen) -> Self {
            let n = qc_len(g);
            let w: Vec<u64> = (0..n)
                .map(|_| {
                    if u8::arbitrary(g) % 5 == 0 {
                        1 + u64::from(u8::arbitrary(g) % 20)
                    } else {
                        0
                    }
                })
                .collect();
            ArbZeroLaden(make(normalize(w)))
        }
        fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
            Box::new(merge_last(&self.0).map(ArbZeroLaden).into_iter())
        }
    }
}
