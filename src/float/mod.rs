//! The `f64` engine: every measure of [`crate::measures`] evaluated in
//! double precision **with a rigorous error bound**, and a correctly
//! rounded mode built on it.
//!
//! ```
//! use infocert::float;
//! use infocert::measures::{Args, Measure};
//! let (p, q) = ([0.5, 0.5], [0.5 + 1e-9, 0.5 - 1e-9]);
//! let args = Args { p: Some(&p[..]), q: Some(&q[..]), joint: None, alpha: None };
//! let r = float::evaluate(Measure::Kl, &args).unwrap();
//! // exact: 5.7511151229152405e-17 (the naive Σ p ln(p/q) gives 1.09e-16)
//! assert!((r.value - 5.7511151229152405e-17).abs() <= r.err);
//! assert!(r.err < 1e-31);
//! assert_eq!(float::evaluate_correctly_rounded(Measure::Kl, &args).unwrap(), 5.7511151229152405e-17);
//! ```
//!
//! # Semantics
//!
//! The inputs are the exact dyadic rationals stored in the doubles, **as
//! given**: they are not assumed to sum to 1 and are not normalized. A
//! [`FloatValue`] `{value, err}` guarantees that the real value of the
//! measure's formula on those inputs lies in `[value − err, value + err]`;
//! `value = +∞, err = 0` means the exact value is `+∞` (e.g. KL with
//! `q_i = 0 < p_i`); `err = +∞` means no bound could be given (an
//! intermediate overflowed the double range; only inputs near `f64::MAX`
//! do that) — [`evaluate_correctly_rounded`] then falls back to the exact
//! engine.
//!
//! # Error model (the assumptions everything rests on)
//!
//! * IEEE 754 binary64, round to nearest even, `u = 2^-53`, `η = 2^-1074`.
//!   For `∘ ∈ {+, −, ×, ÷}` and `√`: `fl(a ∘ b) = (a ∘ b)(1 + δ) + ε`,
//!   `|δ| ≤ u`, `|ε| ≤ η/2`, and `ε = 0` for `+`, `−` (subnormal sums are
//!   exact). `fma` rounds once. TwoSum is error-free always; the FMA TwoProd
//!   is error-free unless the product underflows.
//! * `f64::ln` (the platform libm, glibc on Linux) is **not** assumed
//!   correctly rounded: we assume `|ln̂ x − ln x| ≤ 2 ulp(ln̂ x) ≤ 4u|ln̂ x|`
//!   ([`approx::LN_REL`]); glibc documents ≤ 1 ulp for `log`, so the
//!   assumption has a factor-2 margin. `ln 1 = 0` exactly. `f64::exp` (only
//!   in Rényi terms): `≤ 4u` relative plus `2η` absolute in the subnormal
//!   range ([`approx::EXP_REL`]). The accuracy campaign
//!   (`tests/float_accuracy.rs`) checks every bound against the certified
//!   exact engine, so a libm that broke the assumption would be caught.
//! * Bounds are themselves computed in round-to-nearest; every bound
//!   expression is multiplied by `1 + 16u` (or passed through
//!   [`approx::up`]) and gets a few `η` added, which dominates the at most
//!   `k·u` relative underestimate of a `k`-operation bound formula.
//!
//! # Primitives (running error analysis, in the same pass)
//!
//! Each primitive returns `t` and a bound `e` computed from the computed
//! intermediate quantities ("running error analysis"):
//!
//! * `−x ln x`, `−x ln y`: `|x·ln̂ y − x ln y| ≤ 4u|x ln̂ y|`; one product:
//!   `e = (4u + u)(1+16u)|t| + 2η`.
//! * `ln(a/b)` ([`engine`]): `r = fl(a/b)`, if `r` is normal and finite
//!   `|ln r − ln(a/b)| = |ln(1+δ)| ≤ 1.0001u`, plus `4u|ln̂ r|`; if the
//!   ratio over/underflows, `ln a − ln b` with both libm errors.
//! * `bd0(x, M) = x ln(x/M) + M − x ≥ 0` (Loader). For `M/2 ≤ x ≤ 2M`,
//!   `d = x − M` is exact (Sterbenz) and with `v = d/(x+M)`, `w = v²`:
//!   `x ln(x/M) = x ln((1+v)/(1−v)) = 2x Σ_{j≥0} v^{2j+1}/(2j+1)` and
//!   `2xv − d = d·v`, hence `bd0 = d·v + 2x·v·S(w)`,
//!   `S(w) = Σ_{j≥1} w^j/(2j+1)`. `|v̂ − v| ≤ 2.0001u|v|`; Horner on the
//!   positive series has relative error ≤ 2.1u, the product ≤ u, and `S`
//!   depends on `w` with elasticity ≤ 1.1; the truncated tail after `J`
//!   terms is `≤ 2x|v|·w^{J+1}/((2J+3)(1−w))` and is added to the bound (`J`
//!   ≤ 16 chosen from `|v|` so that it is below `u/16` relative). Outside
//!   that range, `x·ln(x/M) − (x − M)` with the `ln(a/b)` bound and three
//!   roundings. The cancellation there is at most a factor ~4 (at `x = 2M`),
//!   so the term bound stays ≤ ~25u relative; inside, ≤ ~6u.
//! * JSD term `½[x ln(2x/(x+y)) + y ln(2y/(x+y))]`: for `y/2 ≤ x ≤ 2y`,
//!   `(x−y)·v/4 · G(w)` with `G(w) = Σ_{k≥1} w^{k−1}/(k(2k−1))`
//!   (from `(1+v)ln(1+v) + (1−v)ln(1−v) = Σ v^{2k}/(k(2k−1))`), all terms
//!   positive, `≤ ~7u` relative. Otherwise `½[bd0(x, m̂) + bd0(y, m̂)]` at
//!   the rounded midpoint `m̂ = fl(x+y)/2`: `f(m) = bd0(x,m) + bd0(y,m)`
//!   has `f′((x+y)/2) = 0`, so the midpoint's rounding costs only
//!   `Δ²/m`, `Δ ≤ 1.01u·m + η`.
//! * `|x − y|`, `(x−y)²/y`, `((x−y)/(√x+√y))²` (Hellinger without
//!   cancellation), `x·exp((1−α) ln(y/x))` (Rényi; the exponent's absolute
//!   error becomes a relative error of the exponential).
//!
//! # Sums, measures, results
//!
//! Sums ([`sum`]) are accumulated as double-doubles (TwoSum, exact
//! rounding errors kept), in fixed chunks of 4096 terms combined in index
//! order, with rayon across chunks above 65536 terms — the result does not
//! depend on the thread count. The summation itself adds only
//! `O(k²u²)·Σ|t_i|`; the bound of a sum is essentially the sum of the
//! terms' bounds. Values between operations are [`Approx`] double-doubles
//! with a bound, so the KL correction `Σp − Σq` is computed to ~`u²`
//! (it is the cancelling quantity when the inputs are not normalized),
//! MI's marginals and `p_x·p_y` are double-doubles (the bound of `p_x p_y`
//! enters `bd0` through `|∂bd0/∂M| = |1 − x/M|`, which vanishes near
//! independence), and a final rounding to `f64` adds its exact residual.
//!
//! # Correctly rounded mode
//!
//! [`evaluate_correctly_rounded`]: if every real in `[value − err,
//! value + err]` rounds to the same double, that double is returned (no
//! extra cost). For KL, entropy, cross-entropy, JSD and the JS distance,
//! whose first-tier bound (a few ulps) almost never decides a rounding, the
//! second tier runs first and the first tier only if it did not decide.
//! Otherwise the second tier ([`dd`], [`tier2`], [`DdEngine`];
//! every measure, [`has_second_tier`]) re-evaluates the same formulas in
//! double-double: logarithms per element within ≈ `2^-100` relative
//! (`2^-75` at worst), and `ln`, `√`, `1/x`, `exp` of balls for MI,
//! conditional entropy, TV, Hellinger, χ², Rényi, the JS distance and the
//! division by `ln 2` / `ln 10` ([`evaluate_in`]); and
//! [`Approx::rounds_to`] decides on its unrounded `hi + lo ± err`; on
//! random inputs that settles essentially every case. Otherwise (Ziv) the inputs are converted to exact
//! rationals and the exact engine ([`crate::exact::engine::ExactEngine`])
//! is run at increasing precision until both ends of its certified
//! enclosure round to the same double. [`cr_stats`] counts calls and
//! fallbacks.

// `!(x < y)` is deliberate throughout: it is true for NaN as well.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

pub mod approx;
pub mod dd;
pub mod engine;
pub mod fast;
pub mod input;
pub mod renyi;
pub mod report;
pub mod sum;
pub mod tier2;

/// Seeded pseudo-random numbers for the unit tests of the float modules.
#[cfg(test)]
pub(crate) mod test_rng {
    /// Marsaglia's xorshift64 from `seed` (non-zero).
    pub fn xorshift(mut st: u64) -> impl FnMut() -> u64 {
        move || {
            st ^= st << 13;
            st ^= st >> 7;
            st ^= st << 17;
            st
        }
    }

    /// The top 53 bits of `r` as a double in `[0, 1)`.
    pub fn unit(r: u64) -> f64 {
        (r >> 11) as f64 / (1u64 << 53) as f64
    }
}

pub use approx::{Approx, FloatValue};
pub use engine::{DdEngine, FloatEngine};

use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};
use crate::exact::engine::{ExactEngine, Real};
use crate::exact::Base;
use crate::measures::{Alpha, Args, Joint, Measure};
use crate::num::{f64_to_q, q_to_f64, Q};

/// Check the float inputs a measure will read: finite, non-negative,
/// non-empty, matching lengths.
pub fn validate(measure: Measure, args: &Args<'_, f64>) -> Result<()> {
    validate_with(measure, args, true)
}

/// [`validate`]; the scan of the values only if `values` (else the caller
/// scans them itself: [`slice_measure`]).
fn validate_with(measure: Measure, args: &Args<'_, f64>, values: bool) -> Result<()> {
    let check = |which: &str, xs: &[f64]| -> Result<()> {
        if xs.is_empty() {
            return Err(Error::Empty {
                which: which.into(),
            });
        }
        if !values || sum::all_finite_nonneg(xs) {
            return Ok(());
        }
        for (i, &x) in xs.iter().enumerate() {
            if !x.is_finite() {
                return Err(Error::NotFinite {
                    which: which.into(),
                    index: i,
                    token: format!("{x}"),
                });
            }
            if x < 0.0 {
                return Err(Error::Negative {
                    which: which.into(),
                    index: i,
                    value: format!("{x}"),
                });
            }
        }
        Ok(())
    };
    use crate::measures::Arity;
    let missing = |what: &str| Error::MissingArgument {
        measure: measure.name().into(),
        what: what.into(),
    };
    match measure.arity() {
        Arity::One => check("p", args.p.ok_or_else(|| missing("--p"))?),
        Arity::Two => {
            let p = args.p.ok_or_else(|| missing("--p"))?;
            let q = args.q.ok_or_else(|| missing("--q"))?;
            check("p", p)?;
            check("q", q)?;
            if p.len() != q.len() {
                return Err(Error::LengthMismatch {
                    a: "p".into(),
                    len_a: p.len(),
                    b: "q".into(),
                    len_b: q.len(),
                });
            }
            Ok(())
        }
        Arity::Joint => {
            let j = args.joint.ok_or_else(|| missing("--joint"))?;
            check("joint", j.flat)?;
            if j.rows * j.cols != j.flat.len() || j.rows == 0 {
                return Err(Error::Invalid(format!(
                    "joint has {} entries, not rows × cols = {} × {}",
                    j.flat.len(),
                    j.rows,
                    j.cols
                )));
            }
            Ok(())
        }
    }
}

/// Evaluate `measure` on `f64` inputs (as given) with a rigorous bound.
pub fn evaluate(measure: Measure, args: &Args<'_, f64>) -> Result<FloatValue> {
    Ok(evaluate_approx(measure, args)?.into())
}

/// Like [`evaluate`], keeping the internal double-double [`Approx`].
///
/// KL is evaluated by [`sum::kl_fused`] (one pass; the generic formula `Σ
/// bd0 + Σp − Σq` regrouped term by term).
pub fn evaluate_approx(measure: Measure, args: &Args<'_, f64>) -> Result<Approx> {
    in_pool(args, || evaluate_in_pool(measure, args))
}

/// Run `f` on a worker of the thread pool when the inputs are large enough
/// for the sums to go parallel: one hand-over to the pool for a whole
/// evaluation instead of one per parallel pass (each hand-over from outside
/// wakes the sleeping workers, tens of µs on a VM — a third of a call on
/// 10^5 values). Results do not depend on the thread ([`sum`]).
fn in_pool<R: Send>(args: &Args<'_, f64>, f: impl FnOnce() -> R + Send) -> R {
    let len = args.p.map_or(0, <[f64]>::len) + args.joint.map_or(0, |j| j.flat.len());
    if len >= sum::PAR_MIN && rayon::current_thread_index().is_none() {
        rayon::scope(|_| f())
    } else {
        f()
    }
}

/// [`evaluate_approx`] on the current thread.
fn evaluate_in_pool(measure: Measure, args: &Args<'_, f64>) -> Result<Approx> {
    let fuse = fuse_check(measure, args, false);
    validate_shape_first(measure, args, fuse)?;
    if let (Measure::Kl, Some(p), Some(q)) = (measure, args.p, args.q) {
        let r = sum::kl_fused(p, q, false);
        // D(P, P) = 0 exactly: when the bound straddles 0, the (rare)
        // comparison of the inputs turns 0 ± ε into the exact zero
        if r.hi.abs() <= r.err && p == q {
            return Ok(Approx::ZERO);
        }
        return Ok(r);
    }
    if let Some(r) = slice_measure(&FloatEngine, measure, args, false, fuse) {
        return r;
    }
    if let (Measure::Renyi, Some(p), Some(q), Some(a)) = (measure, args.p, args.q, args.alpha) {
        return Ok(match a {
            Alpha::Finite(a) => renyi::renyi_finite(p, q, a),
            Alpha::Inf => renyi::renyi_inf(p, q),
            Alpha::Zero => renyi::renyi_zero(p, q),
        });
    }
    let r = measure.evaluate(&FloatEngine, args)?;
    if let (Measure::Mi, Some(j), true) = (measure, args.joint, r.is_unknown()) {
        // Σ bd0 + Σp − Σp_x·Σp_y overflowed (entries near 1e300: p_x·p_y
        // beyond the double range) or was not bounded: the direct form
        return Ok(mi_direct(j));
    }
    Ok(r)
}

/// Whether [`slice_measure`] will scan the values itself, in its parallel
/// pass (a slice measure above [`sum::PAR_MIN`] values): one pass over the
/// data and one hand-over to the workers instead of two.
fn fuse_check(measure: Measure, args: &Args<'_, f64>, dd: bool) -> bool {
    slice_kind(measure, args, dd).is_some_and(|(_, p, _)| p.len() >= sum::PAR_MIN)
}

/// [`validate`], without the scan of the values if `fused` (done later by
/// [`slice_measure`]); an error is the one [`validate`] reports first.
fn validate_shape_first(measure: Measure, args: &Args<'_, f64>, fused: bool) -> Result<()> {
    if let Err(e) = validate_with(measure, args, !fused) {
        validate(measure, args)?; // the first error in the usual order
        return Err(e);
    }
    Ok(())
}

/// The [`sum::SliceKind`] and slices of a one-sum measure ([`slice_measure`]).
fn slice_kind<'a>(
    measure: Measure,
    args: &Args<'a, f64>,
    dd: bool,
) -> Option<(sum::SliceKind, &'a [f64], &'a [f64])> {
    use sum::SliceKind as K;
    Some(match (measure, args.p, args.q, dd) {
        (Measure::Entropy, Some(p), _, false) => (K::XlnX, p, p),
        (Measure::Entropy, Some(p), _, true) => (K::XlnXDd, p, p),
        (Measure::CrossEntropy, Some(p), Some(q), false) => (K::XlnY, p, q),
        (Measure::CrossEntropy, Some(p), Some(q), true) => (K::XlnYDd, p, q),
        (Measure::Gkl, Some(p), Some(q), false) => (K::Bd0, p, q),
        (Measure::Gkl, Some(p), Some(q), true) => (K::Bd0Dd, p, q),
        (Measure::Jsd | Measure::JsDistance, Some(p), Some(q), false) => (K::Jsd, p, q),
        (Measure::Jsd | Measure::JsDistance, Some(p), Some(q), true) => (K::JsdDd, p, q),
        _ => return None,
    })
}

/// The one-sum measures on plain slices, read straight from them by
/// [`sum::fused_slices`] — the same sums, bit for bit, as the definitions
/// in [`crate::measures`] evaluated by `e` (tested below) — for the first
/// tier or (`dd`) the double-double tier; `None` for any other measure.
/// With `scan` (see [`fuse_check`]) the values are checked in the same
/// pass, and a bad one is reported as [`validate`] reports it.
fn slice_measure<E: crate::measures::Engine<Value = Approx>>(
    e: &E,
    measure: Measure,
    args: &Args<'_, f64>,
    dd: bool,
    scan: bool,
) -> Option<Result<Approx>> {
    let (kind, p, q) = slice_kind(measure, args, dd)?;
    let one = matches!(kind, sum::SliceKind::XlnX | sum::SliceKind::XlnXDd);
    let Some(r) = sum::fused_slices_checked(kind, p, q, [scan, scan && !one]) else {
        return Some(validate(measure, args).and(Err(Error::Invalid(
            "a value check disagreed with the input check".into(),
        ))));
    };
    Some(Ok(if measure == Measure::JsDistance {
        e.sqrt(r)
    } else {
        r
    }))
}

/// `I(X;Y) = Σ_{p>0} p·(ln p − ln p_x − ln p_y)` in [`Approx`] arithmetic
/// (the same value as the `bd0` form as given, since `Σ p_x p_y = Σp_x·Σp_y`);
/// the fallback of MI when the `bd0` form has no bound. Never forms
/// `p_x·p_y`, so nothing over- or underflows unless a marginal does.
fn mi_direct(j: Joint<'_, f64>) -> Approx {
    use crate::measures::Engine;
    let (px, py) = FloatEngine.marginals(j.flat, j.rows, j.cols);
    let lx: Vec<Approx> = px.iter().map(|a| a.ln()).collect();
    let ly: Vec<Approx> = py.iter().map(|a| a.ln()).collect();
    sum::sum(j.flat.len(), |k| {
        let x = j.flat[k];
        if x == 0.0 {
            return Approx::ZERO;
        }
        let l = fast::ln_pos(x);
        let d = Approx::new(l.l, l.err)
            .minus(lx[k / j.cols])
            .minus(ly[k % j.cols]);
        Approx::exact(x).times(d)
    })
}

static CR_CALLS: AtomicU64 = AtomicU64::new(0);
static CR_FALLBACKS: AtomicU64 = AtomicU64::new(0);
static CR_SECOND: AtomicU64 = AtomicU64::new(0);

/// `(calls, fallbacks)` of the correctly rounded mode in this process.
pub fn cr_stats() -> (u64, u64) {
    (
        CR_CALLS.load(Ordering::Relaxed),
        CR_FALLBACKS.load(Ordering::Relaxed),
    )
}

/// `(calls, decided by the double-double tier, exact-engine fallbacks)` of
/// the correctly rounded mode in this process.
pub fn cr_stats_tiers() -> (u64, u64, u64) {
    (
        CR_CALLS.load(Ordering::Relaxed),
        CR_SECOND.load(Ordering::Relaxed),
        CR_FALLBACKS.load(Ordering::Relaxed),
    )
}

/// Whether `measure` has a double-double tier ([`DdEngine`], [`tier2`]):
/// every measure does.
pub fn has_second_tier(measure: Measure) -> bool {
    let _ = measure;
    true
}

/// The double-double tier ([`DdEngine`], [`dd`]) on its own: the same
/// formulas with the logarithmic terms in double-double.
pub fn evaluate_dd(measure: Measure, args: &Args<'_, f64>) -> Result<Approx> {
    let fuse = fuse_check(measure, args, true);
    validate_shape_first(measure, args, fuse)?;
    if let (Measure::Kl | Measure::Gkl | Measure::Jsd | Measure::JsDistance, Some(p), Some(q)) =
        (measure, args.p, args.q)
    {
        // D(P, P) = 0 exactly (every term is 0); the sums' bounds would
        // leave 0 ± (a few u³) undecided and send the rounding to the exact
        // engine. A mismatch is found at the first differing entry.
        if p == q {
            if fuse {
                validate(measure, args)?; // the values were not checked yet
            }
            return Ok(Approx::ZERO);
        }
    }
    if let (Measure::Kl, Some(p), Some(q)) = (measure, args.p, args.q) {
        return Ok(sum::kl_fused(p, q, true));
    }
    if let (Measure::Renyi, Some(p), Some(q), Some(a)) = (measure, args.p, args.q, args.alpha) {
        return Ok(match a {
            Alpha::Finite(a) => tier2::renyi_finite(p, q, a),
            Alpha::Inf => tier2::renyi_inf(p, q),
            Alpha::Zero => tier2::renyi_zero(p, q),
        });
    }
    let flat = match measure {
        Measure::Entropy => args.p,
        Measure::JointEntropy => args.joint.map(|j| j.flat),
        _ => None,
    };
    if flat.is_some_and(|f| f.iter().all(|&x| x == 0.0 || x == 1.0)) {
        // −x ln x = 0 exactly for x ∈ {0, 1} (the sum would carry η)
        return Ok(Approx::ZERO);
    }
    if let Some(j) = args.joint {
        // one row or one column: MI = −T ln T, H(X|Y) = 0 with one row
        // (exactly; the general form would leave 0 ± bound undecided)
        if measure == Measure::Mi && (j.rows == 1 || j.cols == 1) {
            return Ok(tier2::mi_degenerate(j.flat));
        }
        if measure == Measure::CondEntropy && j.rows == 1 {
            return Ok(Approx::ZERO);
        }
    }
    let a = match slice_measure(&DdEngine, measure, args, true, fuse) {
        Some(r) => r?,
        None => measure.evaluate(&DdEngine, args)?,
    };
    if let (Measure::Tv, Some(p), Some(q), None) = (measure, args.p, args.q, a.rounds_to()) {
        // a tie (½Σ|p − q| needs 54 bits) is decided only by the exact value
        return Ok(tier2::tv_exact(p, q));
    }
    Ok(a)
}

/// [`evaluate`] in base `b`: the value in nats divided by `ln b` (or
/// `√(ln b)` for the JS distance; base-free measures unchanged) with
/// [`tier2::to_base`], whose bound covers the division.
pub fn evaluate_in(measure: Measure, args: &Args<'_, f64>, base: Base) -> Result<FloatValue> {
    Ok(evaluate_approx_in(measure, args, base)?.into())
}

/// [`evaluate_approx`] in base `b` (see [`evaluate_in`]).
pub fn evaluate_approx_in(measure: Measure, args: &Args<'_, f64>, base: Base) -> Result<Approx> {
    let a = evaluate_approx(measure, args)?;
    Ok(tier2::to_base(a, base, measure.base_scaling()))
}

/// A correctly rounded result and how it was obtained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rounded {
    /// The double nearest to the exact value (ties to even), `±∞` for
    /// exact infinities and for values beyond the double range.
    pub value: f64,
    /// The enclosure of the float tier that decided the rounding: the
    /// first tier's ([`evaluate`]), or for KL, entropy, cross-entropy, JSD
    /// and the JS distance (whose double-double tier runs first) the
    /// double-double tier's rounded to a [`FloatValue`] (tighter); the
    /// first tier's when the exact engine was needed.
    pub float: FloatValue,
    /// `Some(bits)` if the exact engine was needed (its final precision,
    /// bits after the binary point); `None` if a float tier sufficed.
    pub fallback_prec: Option<u32>,
    /// Whether the double-double tier ([`evaluate_dd`]) was run (it then
    /// decided the rounding unless `fallback_prec` is `Some`, or, for the
    /// measures whose second tier runs first, the first tier decided after it).
    pub second_tier: bool,
}

/// Measures whose correctly rounded mode runs the double-double tier
/// first: their first-tier bound is a few ulps on any non-trivial input
/// (so it almost never decides a rounding), and their second tier is a
/// vectorized kernel costing ≈ 1.2× the first tier — running both would
/// cost ≈ 2.2×.
fn dd_first(measure: Measure) -> bool {
    matches!(
        measure,
        Measure::Kl | Measure::Entropy | Measure::CrossEntropy | Measure::Jsd | Measure::JsDistance
    )
}

/// The correctly rounded value of `measure` on the inputs as given.
pub fn evaluate_correctly_rounded(measure: Measure, args: &Args<'_, f64>) -> Result<f64> {
    Ok(evaluate_correctly_rounded_detailed(measure, args)?.value)
}

/// [`evaluate_correctly_rounded`], reporting whether the fallback fired.
pub fn evaluate_correctly_rounded_detailed(
    measure: Measure,
    args: &Args<'_, f64>,
) -> Result<Rounded> {
    evaluate_correctly_rounded_in(measure, args, Base::E)
}

/// [`evaluate_correctly_rounded_detailed`] in base `b`: each tier's
/// enclosure is divided by `ln b` ([`tier2::to_base`]) before the rounding
/// test; the exact fallback divides its enclosure by a ball of `ln b`.
pub fn evaluate_correctly_rounded_in(
    measure: Measure,
    args: &Args<'_, f64>,
    base: Base,
) -> Result<Rounded> {
    in_pool(args, || correctly_rounded_in_pool(measure, args, base))
}

/// [`evaluate_correctly_rounded_in`] on the current thread.
fn correctly_rounded_in_pool(
    measure: Measure,
    args: &Args<'_, f64>,
    base: Base,
) -> Result<Rounded> {
    if dd_first(measure) {
        // the first tier's bound (≥ ~1.5 ulp on any input with more than a
        // few terms) essentially never decides the rounding for these
        // measures, and their double-double tier is a kernel of the same
        // shape: run it alone, and the first tier only if it does not decide
        // evaluate_dd validates the inputs (one pass over them, not two)
        let a = tier2::to_base(evaluate_dd(measure, args)?, base, measure.base_scaling());
        CR_CALLS.fetch_add(1, Ordering::Relaxed);
        let near_one = || tier2::decide_near_one(measure, args, base);
        if let Some(v) = a.rounds_to().or_else(near_one) {
            CR_SECOND.fetch_add(1, Ordering::Relaxed);
            return Ok(Rounded {
                value: v,
                float: a.into(),
                fallback_prec: None,
                second_tier: true,
            });
        }
        let fv = evaluate_in(measure, args, base)?;
        if let Some(v) = fv.rounds_to() {
            return Ok(Rounded {
                value: v,
                float: fv,
                fallback_prec: None,
                second_tier: true,
            });
        }
        CR_FALLBACKS.fetch_add(1, Ordering::Relaxed);
        let (value, prec) = exact_rounded(measure, args, fv, base)?;
        return Ok(Rounded {
            value,
            float: fv,
            fallback_prec: Some(prec),
            second_tier: true,
        });
    }
    let fv = evaluate_in(measure, args, base)?;
    CR_CALLS.fetch_add(1, Ordering::Relaxed);
    if let Some(v) = fv.rounds_to() {
        return Ok(Rounded {
            value: v,
            float: fv,
            fallback_prec: None,
            second_tier: false,
        });
    }
    let second_tier = has_second_tier(measure);
    if second_tier {
        let a = tier2::to_base(evaluate_dd(measure, args)?, base, measure.base_scaling());
        let near_one = || tier2::decide_near_one(measure, args, base);
        if let Some(v) = a.rounds_to().or_else(near_one) {
            CR_SECOND.fetch_add(1, Ordering::Relaxed);
            return Ok(Rounded {
                value: v,
                float: fv,
                fallback_prec: None,
                second_tier,
            });
        }
    }
    CR_FALLBACKS.fetch_add(1, Ordering::Relaxed);
    let (value, prec) = exact_rounded(measure, args, fv, base)?;
    Ok(Rounded {
        value,
        float: fv,
        fallback_prec: Some(prec),
        second_tier,
    })
}

fn to_q(xs: &[f64]) -> Vec<Q> {
    xs.iter()
        .map(|&x| f64_to_q(x).expect("validated finite"))
        .collect()
}

/// Ziv's fallback: the exact engine at increasing precision.
fn exact_rounded(
    measure: Measure,
    args: &Args<'_, f64>,
    guess: FloatValue,
    base: Base,
) -> Result<(f64, u32)> {
    let p = args.p.map(to_q);
    let q = args.q.map(to_q);
    let flat = args.joint.map(|j| to_q(j.flat));
    let qargs = Args {
        p: p.as_deref(),
        q: q.as_deref(),
        joint: args.joint.map(|j| Joint {
            flat: flat.as_deref().expect("joint present"),
            rows: j.rows,
            cols: j.cols,
        }),
        alpha: args.alpha,
    };
    // bits after the binary point: ~80 significant bits at the guessed scale
    let prec: u32 = if guess.value.is_finite() && guess.value != 0.0 {
        let e = guess.value.abs().log2().floor() as i64;
        (96 - e).clamp(64, crate::certify::MAX_PREC as i64) as u32
    } else {
        128
    };
    // the float engine's own rigorous interval, if any: a certified exact
    // enclosure must meet it (both contain the value), else one engine is
    // wrong and no value is returned
    let float_iv = (guess.is_bounded() && guess.value.is_finite()).then(|| {
        let v = f64_to_q(guess.value).expect("finite");
        let e = f64_to_q(guess.err).expect("finite");
        (&v - &e, &v + &e)
    });
    let disagree = |what: String| -> Result<()> {
        Err(Error::Invalid(format!(
            "{}: the exact engine's {what} contradicts the float engine's bound {:e} ± {:e}; no correctly rounded value is returned",
            measure.name(),
            guess.value,
            guess.err
        )))
    };
    let mut failure: Option<Error> = None;
    let r = crate::certify::refine(prec, crate::certify::MAX_PREC, |prec| {
        let r = match measure.evaluate(&ExactEngine::numeric(prec), &qargs) {
            Ok(r) => r,
            Err(e) => {
                failure = Some(e);
                return crate::certify::Attempt::Done(None);
            }
        };
        match &r {
            Real::PosInf | Real::NegInf if float_iv.is_some() => {
                failure = disagree("infinite value".into()).err();
                return crate::certify::Attempt::Done(None);
            }
            Real::PosInf => return crate::certify::Attempt::Done(Some((f64::INFINITY, prec))),
            Real::NegInf => return crate::certify::Attempt::Done(Some((f64::NEG_INFINITY, prec))),
            _ => {}
        }
        let encl = match r.as_rational() {
            Some(x) => Some((x.clone(), x.clone())),
            None => r
                .enclose(prec)
                .filter(|b| !b.is_unbounded())
                .map(|b| b.bounds_q()),
        };
        let encl = match (
            encl,
            crate::certify::base_divisor(base, measure.base_scaling(), prec + 8),
        ) {
            (Some((lo, hi)), Some(d)) => Some(crate::certify::div_interval(lo, hi, &d)),
            (e, _) => e,
        };
        if let Some((lo, hi)) = encl {
            if let Some((flo, fhi)) = &float_iv {
                if &hi < flo || &lo > fhi {
                    failure = disagree(format!(
                        "enclosure [{:e}, {:e}]",
                        q_to_f64(&lo),
                        q_to_f64(&hi)
                    ))
                    .err();
                    return crate::certify::Attempt::Done(None);
                }
            }
            let (a, c) = (q_to_f64(&lo), q_to_f64(&hi));
            if a == c {
                return crate::certify::Attempt::Done(Some((a, prec)));
            }
        }
        crate::certify::Attempt::Refine(prec * 2)
    });
    match r {
        crate::certify::Refined::Done(Some(v)) => Ok(v),
        crate::certify::Refined::Done(None) => Err(failure.expect("a failure was recorded")),
        crate::certify::Refined::Unable { prec } => Err(Error::Invalid(format!(
            "{}: the exact engine did not separate the value from a rounding boundary at {} bits",
            measure.name(),
            prec
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Above the parallel threshold the slice measures check the values in
    /// their own pass: a bad value (NaN, ±∞, negative; in `p` or `q`, at
    /// the start, in the middle, at the end) gives exactly the error of
    /// [`validate`] in both tiers and the correctly rounded mode, also
    /// when another argument is bad too (the usual order), and good
    /// inputs still evaluate.
    #[test]
    fn fused_value_check_reports_as_validate() {
        let n = 70_001;
        let good: Vec<f64> = (0..n).map(|i| (i % 97 + 1) as f64 / 1e6).collect();
        for m in [
            Measure::Entropy,
            Measure::CrossEntropy,
            Measure::Gkl,
            Measure::Jsd,
            Measure::JsDistance,
        ] {
            for (bad, at) in [(f64::NAN, 0), (-1e-9, n / 2), (f64::INFINITY, n - 1)] {
                for which in 0..2 {
                    let mut p = good.clone();
                    let mut q = good.clone();
                    q[3] *= 2.0;
                    let target = if which == 0 { &mut p } else { &mut q };
                    target[at] = bad;
                    let a = Args {
                        p: Some(&p),
                        q: Some(&q),
                        joint: None,
                        alpha: None,
                    };
                    if m == Measure::Entropy && which == 1 {
                        // entropy reads p only
                        assert!(validate(m, &a).is_ok() && evaluate_approx(m, &a).is_ok());
                        continue;
                    }
                    let want = validate(m, &a).unwrap_err().to_string();
                    for got in [
                        evaluate_approx(m, &a).map(|_| ()),
                        evaluate_dd(m, &a).map(|_| ()),
                        evaluate_correctly_rounded(m, &a).map(|_| ()),
                    ] {
                        assert_eq!(got.unwrap_err().to_string(), want, "{m:?} {bad} at {at}");
                    }
                }
            }
            // p bad and q empty: p's error first, as `validate` reports
            let mut p = good.clone();
            p[5] = f64::NAN;
            let a = Args {
                p: Some(&p),
                q: Some(&[]),
                joint: None,
                alpha: None,
            };
            let want = validate(m, &a).unwrap_err().to_string();
            assert!(want.contains("p[5]"), "{want}");
            assert_eq!(evaluate_approx(m, &a).unwrap_err().to_string(), want);
            assert_eq!(evaluate_dd(m, &a).unwrap_err().to_string(), want);
            // p = q with a bad value: an error, not the exact zero
            let a = Args {
                p: Some(&p),
                q: Some(&p),
                joint: None,
                alpha: None,
            };
            assert!(evaluate_dd(m, &a).is_err(), "{m:?}");
            assert!(evaluate_approx(m, &a).is_err(), "{m:?}");
        }
    }

    /// The slice path of [`evaluate_approx`] returns the generic
    /// definition's value bit for bit (the definitions in
    /// [`crate::measures`] stay the one source of truth): all sizes around
    /// the lane, block and chunk boundaries, zeros (`0·ln 0`, `q = 0 < p`:
    /// `+∞`, the slow path), subnormals, values near `f64::MAX`, and both
    /// below and above the parallel threshold.
    #[test]
    fn slice_path_is_the_generic_definition() {
        let bits = |x: &Approx| (x.hi.to_bits(), x.lo.to_bits(), x.err.to_bits());
        let mut st = 0x2545_f491_4f6c_dd1du64;
        let mut rnd = move || {
            st ^= st << 13;
            st ^= st >> 7;
            st ^= st << 17;
            st
        };
        let sizes = [
            1usize, 2, 7, 8, 9, 63, 64, 65, 100, 4095, 4096, 4097, 9000, 70_001,
        ];
        let mut cases = 0;
        for (ci, &n) in sizes.iter().cycle().take(3 * sizes.len()).enumerate() {
            let gen = |r: u64| -> f64 {
                let u = (r >> 11) as f64 / (1u64 << 53) as f64;
                match (r & 0xff, ci % 3) {
                    (0..=2, 1) => 0.0,
                    (3, 1) => f64::from_bits(r >> 13), // subnormal
                    (4, 2) => f64::MAX * u,
                    _ => u,
                }
            };
            let p: Vec<f64> = (0..n).map(|_| gen(rnd())).collect();
            let q: Vec<f64> = (0..n).map(|_| gen(rnd())).collect();
            for m in [
                Measure::Entropy,
                Measure::CrossEntropy,
                Measure::Gkl,
                Measure::Jsd,
                Measure::JsDistance,
            ] {
                let a = Args {
                    p: Some(&p),
                    q: Some(&q),
                    joint: None,
                    alpha: None,
                };
                if p == q && m != Measure::Entropy {
                    continue;
                }
                let fast = evaluate_approx(m, &a).unwrap();
                let generic = m.evaluate(&FloatEngine, &a).unwrap();
                assert_eq!(
                    bits(&fast),
                    bits(&generic),
                    "{m:?}, n = {n}, case {ci}: {fast:?} vs {generic:?}"
                );
                cases += 1;
            }
        }
        assert_eq!(cases, 5 * 3 * sizes.len());
        // the double-double tier's slice kinds against its generic engine
        for &n in &sizes[..10] {
            // 0, 1 (exactly 0 in `−x ln x`) and values between
            let p: Vec<f64> = (0..n)
                .map(|i| ((i * 7919) % 1001) as f64 / 1000.0)
                .collect();
            let q: Vec<f64> = (0..n)
                .map(|i| ((i * 104_729) % 997 + 1) as f64 * 1e-3)
                .collect();
            let a = Args {
                p: Some(&p),
                q: Some(&q),
                joint: None,
                alpha: None,
            };
            for (m, kind) in [
                (Measure::Entropy, sum::SliceKind::XlnXDd),
                (Measure::CrossEntropy, sum::SliceKind::XlnYDd),
                (Measure::Gkl, sum::SliceKind::Bd0Dd),
                (Measure::Jsd, sum::SliceKind::JsdDd),
            ] {
                let fast = sum::fused_slices(kind, &p, &q);
                let generic = m.evaluate(&DdEngine, &a).unwrap();
                assert_eq!(
                    bits(&fast),
                    bits(&generic),
                    "{m:?} (double-double), n = {n}"
                );
            }
            // and the dispatch itself, with the square root of the JS distance
            for m in [
                Measure::Entropy,
                Measure::CrossEntropy,
                Measure::Gkl,
                Measure::Jsd,
                Measure::JsDistance,
            ] {
                let fast = slice_measure(&DdEngine, m, &a, true, false)
                    .unwrap()
                    .unwrap();
                let generic = m.evaluate(&DdEngine, &a).unwrap();
                assert_eq!(
                    bits(&fast),
                    bits(&generic),
                    "{m:?} (double-double dispatch), n = {n}"
                );
            }
        }
        // the test can fail: a different lane assignment changes the bits
        let p: Vec<f64> = (0..4097).map(|i| 1.0 / (i as f64 + 1.5)).collect();
        let a = Args {
            p: Some(&p),
            q: None,
            joint: None,
            alpha: None,
        };
        let rev: Vec<f64> = p.iter().rev().copied().collect();
        let b = Args {
            p: Some(&rev),
            q: None,
            joint: None,
            alpha: None,
        };
        let x = evaluate_approx(Measure::Entropy, &a).unwrap();
        let y = Measure::Entropy.evaluate(&FloatEngine, &b).unwrap();
        assert_ne!((x.hi, x.lo, x.err), (y.hi, y.lo, y.err));
    }
}
