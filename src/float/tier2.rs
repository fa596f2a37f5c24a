//! The double-double tier for the measures that are not sums of the
//! deferred logarithmic terms of [`super::dd`]: MI, conditional entropy,
//! TV, Hellinger, χ², Rényi (finite α, 0, ∞), the JS distance, and the
//! division by `ln 2` / `ln 10` for the bases 2 and 10.
//!
//! Everything here is [`Approx`] arithmetic (`plus`, `minus`, `times`,
//! each with a rigorous bound, derived in [`super::approx`]) on top of four
//! new primitives whose bounds are derived below. None of them assumes
//! anything of libm: logarithms are [`ln_dd`] (the table-driven
//! double-double logarithm), square roots use only the correctly rounded
//! IEEE `sqrt` and an FMA, and `exp` is a Taylor polynomial evaluated in
//! [`Approx`] arithmetic.
//!
//! # `ln` of a ball ([`ln_approx`])
//!
//! `w = h + l + ε`, `(h, l) = TwoSum(hi, lo)`, `|ε| ≤ err`, `z = (w −
//! h)/h`, so `ln w = ln h + ln(1 + z)` with `ln h` from [`ln_dd`] (`h + l ±
//! e`, `e ≈ 2^-100·|ln h|`, no libm). `ζ = fl(l/h)` with the exact
//! remainder `ρ = fma(−ζ, h, l)`: `|z − ζ| ≤ dz = (|ρ| + err)/den`, `den ≤
//! h − |l| − err` as in [`Approx::ln`]; `|z| ≤ zr = (|l| + err)/den < ¼`.
//! `ln(1 + z) = z − z²/2 + R3`, `|R3| ≤ |z|³/(3(1 − |z|)) ≤ 0.45·zr³`, and
//! `|(z − z²/2) − (ζ − ζ²/2)| ≤ dz(1 + |ζ| + dz)`; `ζ²/2` is one rounding
//! (`u·ζ²/2 + η`). The two double-doubles are added by [`Approx::plus`].
//! Keeping `ζ − ζ²/2` (rather than bounding `ln(1 + z) − ζ` by `zr²`)
//! keeps the result *relatively* accurate when `w ≈ 1` (`ln w ≈ 2^-52`:
//! Rényi α = 0, MI of a single row), where `ln h = 0` or `ln h ≈ ±2^-52`.
//!
//! # `√` of a ball ([`sqrt_approx`])
//!
//! `w = h + l + ε ≥ 0` as above, `h ≥ 2^-900` (else [`Approx::sqrt`], the
//! double-precision enclosure). `s = √h` (correctly rounded),
//! `r = fma(−s, s, h)` (within `u|r|`; exact in fact, but not assumed),
//! `d = fl(r + l)` (`u|d|`), `δ = w − s² = d ± (u|r| + u|d| + err)`. Then
//! `√(s² + δ) = s + δ/(2s) − θ`, `θ = δ²/(2s(s + √(s²+δ))²) ∈ [0,
//! δ²/(2s³)]`. The low part `sl = fl(d/(2s))` (`u|sl| + η`); the error is
//! `(u|r| + u|d| + err)/(2s) + u|sl| + η + Δ²/(2s³)`, `Δ = |d| + u|r| +
//! u|d| + err ≥ |δ|` (required `≤ s²/2`, so `s² + δ > 0`).
//!
//! # `1/b` ([`recip`])
//!
//! `y0 = fl(1/h)`; `E = 1 − b·y0` in [`Approx`] arithmetic encloses
//! `e = 1 − B·y0` for every `B` in the ball, `|e| ≤ ē` (required `ē ≤ ½`).
//! `1/B = y0/(1 − e) = y0(1 + e) + y0·e²/(1 − e)`: the result is
//! `y0 + y0·E` (Approx) plus `2y0·ē²` in the bound.
//!
//! # `exp` ([`exp_small`]) and Rényi
//!
//! For `|r| ≤ R < ½`: `e^r = (e^s)^64`, `s = r/64` (`|s| ≤ 2^-7`), with
//! `Σ_{k≤11} s^k/k!` by Horner in [`Approx`] arithmetic with the
//! double-double constants `1/k` (enclosures of the exact rationals),
//! which encloses the polynomial at every `s` in the ball; the tail is `≤
//! S^12/12!·2 < 2^-100`; six squarings in [`Approx`] arithmetic (each
//! encloses the square; the relative bound about doubles each time). A Rényi term follows
//! [`super::renyi`] exactly: `x^α y^(1−α) = mx·e^r·2^(kx + n)` with the
//! exact integer exponent `kx + n`, `z = (1 − α)(ln y − ln x)` in
//! double-double (`1 − α` the enclosure of the exact rational), `n =
//! round(z/ln 2)`, `r = z − n·ln 2` with `ln 2` as a triple-double
//! (`n·L1`, `n·L2` TwoProds, exact; `n·L3` one rounding; residual
//! `|n|·2^-150`) so that the reduction costs nothing at the scale of `z`'s
//! own double-double error. The terms are shifted by one common `2^-K` as
//! in the first tier (exact, or `η` once subnormal), summed by
//! [`sum::sum`], and `ln S = K ln 2 + ln W`. α = ∞: the maximum of the
//! double-double `ln p − ln q` (the lower end of the maximum is that of the
//! largest centre, the upper end is at most the largest centre plus the
//! largest bound). α = 0: `−ln` of the exact sum.
//!
//! # The terms
//!
//! TV: `x − y = s + e` exactly (TwoSum). χ²: `(x − y)²·(1/y)`. Hellinger:
//! `((x − y)/(√x + √y))²`. Conditional entropy: `x·(ln p_y − ln x)`. MI:
//! `x·(ln x − ln p_x − ln p_y) − x + p_x·p_y` (no `p_x·p_y` inside a
//! logarithm, so nothing underflows there), with the marginals' own
//! enclosures. Each is a handful of [`Approx`] operations; the relative
//! bound is `O(u²)` per term, and the measure's sum and correction are the
//! same as the first tier's.

use std::sync::OnceLock;

use super::approx::{q_to_approx, two_prod, two_sum, up, Approx, ETA, U};
use super::dd::{ln_dd, table, LnDd};
use super::fast::frexp1;
use super::renyi::scale2;
use super::sum;
use crate::exact::ball::Ball;
use crate::num::{f64_to_q, q_to_f64, Q};
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};

const SLACK: f64 = 1.0 + 16.0 * U;
/// Largest `|z|` of the scaled Rényi path (`2^49`), as in the first tier.
const Z_MAX: f64 = 562_949_953_421_312.0;
/// Taylor degree of [`exp_small`] (at `|r|/2^EXP_SHIFT ≤ 2^-7`).
const EXP_K: usize = 11;
/// [`exp_small`] evaluates `e^(r/2^EXP_SHIFT)` and squares it this many times.
const EXP_SHIFT: i32 = 6;

/// A double-double enclosure of a ball's value (`prec` ≥ 200 bits).
fn ball_approx(b: &Ball) -> Approx {
    let (lo, hi) = b.bounds_q();
    let mid = (&lo + &hi) / Q::from_integer(2.into());
    let h = q_to_f64(&mid);
    let rest = &mid - f64_to_q(h).expect("finite");
    let l = q_to_f64(&rest);
    let width = q_to_f64(&(&hi - &lo)).abs();
    Approx {
        hi: h,
        lo: l,
        err: (width + U * l.abs() + ETA) * 2.0,
    }
}

/// The triple-double `ln 2 = L1 + L2 + L3 ± res`.
struct Ln2x3 {
    l1: f64,
    l2: f64,
    l3: f64,
    res: f64,
}

fn ln2x3() -> &'static Ln2x3 {
    static T: OnceLock<Ln2x3> = OnceLock::new();
    T.get_or_init(|| {
        let b = crate::exact::ball::ln2(300);
        let (lo, hi) = b.bounds_q();
        let mid = (&lo + &hi) / Q::from_integer(2.into());
        let l1 = q_to_f64(&mid);
        let r1 = &mid - f64_to_q(l1).expect("finite");
        let l2 = q_to_f64(&r1);
        let r2 = &r1 - f64_to_q(l2).expect("finite");
        let l3 = q_to_f64(&r2);
        let width = q_to_f64(&(&hi - &lo)).abs();
        Ln2x3 {
            l1,
            l2,
            l3,
            res: (width + U * l3.abs() + ETA) * 2.0,
        }
    })
}

/// `ln 2` as a double-double enclosure.
pub fn ln2_approx() -> Approx {
    static T: OnceLock<Approx> = OnceLock::new();
    *T.get_or_init(|| ball_approx(&crate::exact::ball::ln2(300)))
}

/// `ln 10` as a double-double enclosure.
pub fn ln10_approx() -> Approx {
    static T: OnceLock<Approx> = OnceLock::new();
    *T.get_or_init(|| {
        ball_approx(&crate::exact::ball::ln_ratio(
            &10u32.into(),
            &1u32.into(),
            300,
        ))
    })
}

/// `n·ln 2` for an integer-valued `|n| < 2^53` (see the module docs).
pub fn ln2_times(n: f64) -> Approx {
    if n == 0.0 {
        return Approx::ZERO;
    }
    let c = ln2x3();
    let (p1, e1) = two_prod(n, c.l1); // exact: no underflow (|n| ≥ 1)
    let (p2, e2) = two_prod(n, c.l2);
    let p3 = n * c.l3;
    let a = Approx {
        hi: p1,
        lo: e1,
        err: 0.0,
    };
    let b = Approx {
        hi: p2,
        lo: e2,
        err: 0.0,
    };
    let t = Approx::new(p3, up(U * p3.abs() + n.abs() * c.res) + ETA);
    a.plus(b).plus(t)
}

fn from_ln(l: LnDd) -> Approx {
    Approx {
        hi: l.h,
        lo: l.l,
        err: l.e,
    }
}

/// `ln x` of a positive finite double, as an [`Approx`].
#[inline]
pub fn ln_exact(x: f64) -> Approx {
    from_ln(ln_dd(table(), x))
}

/// `ln` of a ball in double-double (module docs).
pub fn ln_approx(a: Approx) -> Approx {
    if a.is_exact_inf() || !a.is_finite() || (a.hi == 0.0 && a.lo == 0.0 && a.err == 0.0) {
        return a.ln();
    }
    let (h, l) = two_sum(a.hi, a.lo);
    if !(h > 0.0) {
        return Approx::UNKNOWN;
    }
    if l == 0.0 && a.err == 0.0 {
        return ln_exact(h);
    }
    if h < 1e-270 {
        // scale by 2^200 (exact for every part, subnormal or not), so that
        // the remainder of l/h below is exact: ln w = ln(2^200·w) − 200 ln 2
        const S: f64 = 1.606_938_044_258_990_3e60; // 2^200
        let b = Approx {
            hi: a.hi * S,
            lo: a.lo * S,
            err: a.err * S,
        };
        return ln_approx(b).minus(ln2_times(200.0));
    }
    let dev = up(l.abs() + a.err);
    let d = h - dev;
    let den = if d < f64::MIN_POSITIVE {
        d
    } else {
        d * (1.0 - 2.0 * U)
    };
    if !(den > 0.0) {
        return Approx::UNKNOWN;
    }
    let ld = ln_dd(table(), h);
    // ζ = fl(l/h); the division's remainder is exact (no underflow: h ≥ 2^-1022
    // and |l| ≤ u·h, else both are tiny and the bound is η-dominated)
    let zeta = l / h;
    let rem = (-zeta).mul_add(h, l);
    // |z − ζ| ≤ dz, z = (w − h)/h
    let dz = up(up(rem.abs() + a.err + ETA) / den) + ETA;
    let zr = up(dev / den);
    if !(zr < 0.25) {
        return Approx::UNKNOWN;
    }
    // ln(1 + z) = z − z²/2 + R3, |R3| ≤ |z|³/(3(1 − |z|)) ≤ 0.45·zr³
    let q2 = 0.5 * zeta * zeta;
    let poly_err = dz * (1.0 + zeta.abs() + dz) + 0.45 * zr * zr * zr + U * q2 + 2.0 * ETA;
    let small = Approx {
        hi: zeta,
        lo: -q2,
        err: up(poly_err * SLACK),
    };
    from_ln(ld).plus(small)
}

/// `√` of a ball that is `≥ 0` by construction (module docs).
pub fn sqrt_approx(a: Approx) -> Approx {
    if a.is_exact_inf() || !a.is_finite() || (a.hi == 0.0 && a.lo == 0.0 && a.err == 0.0) {
        return a.sqrt();
    }
    let (h, l) = two_sum(a.hi, a.lo);
    // 2^-900 ≤ h < 2^1000: no underflow of s², s³, and 2s is exact
    if !(1.2e-271..1e300).contains(&h) {
        return a.sqrt();
    }
    let s = h.sqrt();
    let r = (-s).mul_add(s, h);
    let d = r + l;
    let known = U * (r.abs() + d.abs()) + a.err;
    let big = up(d.abs() + known);
    if !(big <= 0.5 * s * s * (1.0 - 4.0 * U)) {
        return a.sqrt();
    }
    let sl = d / (2.0 * s);
    let q = big / s; // Δ/s
    let theta = up(q * q / (2.0 * s)) + ETA;
    let err = up((known / (2.0 * s) + U * sl.abs() + theta) * SLACK) + 2.0 * ETA;
    Approx { hi: s, lo: sl, err }
}

/// `1/b` for a ball of positive values (module docs); [`Approx::UNKNOWN`]
/// if `b` is not known to be positive or `1/b` overflows.
pub fn recip(b: Approx) -> Approx {
    if !b.is_finite() {
        return Approx::UNKNOWN;
    }
    let (h, _) = two_sum(b.hi, b.lo);
    if !(f64::MIN_POSITIVE..1e300).contains(&h) {
        return Approx::UNKNOWN;
    }
    let y0 = 1.0 / h;
    let y = Approx::exact(y0);
    let e = Approx::exact(1.0).minus(b.times(y));
    if !e.is_finite() {
        return Approx::UNKNOWN;
    }
    let eb = up(up(e.hi.abs() + e.lo.abs()) + e.err);
    if !(eb <= 0.5) {
        return Approx::UNKNOWN;
    }
    let mut r = y.plus(y.times(e));
    r.err = up(r.err + up(2.0 * y0 * eb * eb)) + ETA;
    r
}

/// `a / b` for a ball `b` of positive values.
pub fn div(a: Approx, b: Approx) -> Approx {
    a.times(recip(b))
}

/// The enclosures of `1/k`, `k = 0..=EXP_K` (index 0 unused).
fn inv_k() -> &'static [Approx; EXP_K + 1] {
    static T: OnceLock<[Approx; EXP_K + 1]> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = [Approx::ZERO; EXP_K + 1];
        for (k, v) in t.iter_mut().enumerate().skip(1) {
            *v = q_to_approx(&Q::new(1.into(), (k as i64).into()));
        }
        t
    })
}

/// `e^r` for a ball with `|r| ≤ ½` (module docs).
pub fn exp_small(r: Approx) -> Approx {
    let rb = up(up(r.hi.abs() + r.lo.abs()) + r.err);
    if !(rb <= 0.5) {
        return Approx::UNKNOWN;
    }
    // e^r = (e^s)^(2^EXP_SHIFT), s = r·2^-EXP_SHIFT (the product's own
    // bound covers an underflow of a tiny r)
    let scale = 2f64.powi(-EXP_SHIFT);
    let s = r.times(Approx::exact(scale));
    let sb = up(rb * scale + ETA);
    let inv = inv_k();
    let one = Approx::exact(1.0);
    let mut acc = one;
    for k in (1..=EXP_K).rev() {
        acc = one.plus(s.times(inv[k]).times(acc));
    }
    // tail ≤ S^12/12!·(1 + S/13 + …) ≤ 2·S^12/12!, S = |s| ≤ 2^-7
    let mut tail = 2.0;
    for k in 1..=(EXP_K + 1) {
        tail = tail * sb / k as f64;
    }
    acc.err = up(acc.err + up(tail * SLACK)) + ETA;
    for _ in 0..EXP_SHIFT {
        acc = acc.times(acc);
    }
    acc
}

/// `v·2^k` for an integer-valued `k ≤ 1000` and a ball of values in
/// `(0, 8)`: exact when `k ≥ −1000` (no underflow of the parts that
/// matter; each part off by at most `η` otherwise).
fn scale_pow2(v: Approx, k: f64) -> Approx {
    if k >= -960.0 {
        let f = scale2(1.0, k);
        let r = Approx {
            hi: v.hi * f,
            lo: v.lo * f,
            err: v.err * f,
        };
        // lo and err may be subnormal after the scaling: η each
        Approx {
            err: up(r.err) + 2.0 * ETA,
            ..r
        }
    } else {
        let b = up(up(v.hi.abs() + v.lo.abs()) + v.err);
        let b = if b < 8.0 { b } else { return Approx::UNKNOWN };
        Approx::new(0.0, up(scale2(b, k)) + 2.0 * ETA)
    }
}

/// A Rényi term `(E, v)`: `x^α y^(1−α) ∈ v·2^E` (module docs), for finite
/// `x, y > 0`; `None` if `|z| > 2^49` or `e^r` has no bound.
fn renyi_parts(x: f64, y: f64, c: Approx) -> Option<(f64, Approx)> {
    let (kx, mx) = frexp1(x);
    if x == y {
        return Some((kx, Approx::exact(mx)));
    }
    let l = ln_exact(y).minus(ln_exact(x));
    let z = c.times(l);
    let zh = z.hi + z.lo;
    if !(zh.abs() <= Z_MAX) || !z.is_finite() {
        return None;
    }
    let n = (zh * std::f64::consts::LOG2_E).round();
    let r = z.minus(ln2_times(n));
    let g = exp_small(r);
    if !g.is_finite() {
        return None;
    }
    Some((kx + n, g.times(Approx::exact(mx))))
}

/// `D_α`, finite `α > 0`, `α ≠ 1`, in double-double.
pub fn renyi_finite(p: &[f64], q: &[f64], alpha: &Q) -> Approx {
    let c = q_to_approx(&(Q::one() - alpha));
    let neg = c.hi < 0.0; // α > 1
    if neg && p.iter().zip(q).any(|(&x, &y)| x > 0.0 && y == 0.0) {
        return Approx::INF; // a term q = 0 < p is +∞ for α > 1
    }
    // the terms (in order; in parallel above sum::PAR_MIN): `None` for a
    // zero term, `Some(None)` where a term has no bound
    let term = |(&x, &y): (&f64, &f64)| {
        if x == 0.0 || y == 0.0 {
            None
        } else {
            Some(renyi_parts(x, y, c))
        }
    };
    let all: Vec<Option<Option<(f64, Approx)>>> = if p.len() >= sum::PAR_MIN {
        use rayon::prelude::*;
        p.par_iter().zip(q).map(term).collect()
    } else {
        p.iter().zip(q).map(term).collect()
    };
    let mut parts = Vec::with_capacity(all.len());
    let mut emax = f64::NEG_INFINITY;
    for t in all.into_iter().flatten() {
        match t {
            Some((e, v)) => {
                emax = emax.max(e);
                parts.push((e, v));
            }
            None => return Approx::UNKNOWN,
        }
    }
    let inv = Q::one() / (alpha - Q::one());
    if parts.is_empty() {
        return Approx::INF.negated().scale(&inv);
    }
    let k = if (-1000.0..=960.0).contains(&emax) {
        0.0
    } else {
        emax
    };
    let w = sum::sum(parts.len(), |i| scale_pow2(parts[i].1, parts[i].0 - k));
    ln2_times(k).plus(ln_approx(w)).scale(&inv)
}

/// `D_∞ = max ln(p/q)` in double-double.
pub fn renyi_inf(p: &[f64], q: &[f64]) -> Approx {
    let mut best: Option<(f64, f64, Approx)> = None;
    let mut emax = 0.0f64;
    for (&x, &y) in p.iter().zip(q) {
        if x == 0.0 {
            continue;
        }
        if y == 0.0 {
            return Approx::INF;
        }
        let v = if x == y {
            Approx::ZERO
        } else {
            ln_exact(x).minus(ln_exact(y))
        };
        if !v.is_finite() {
            return Approx::UNKNOWN;
        }
        emax = emax.max(v.err);
        let (h, l) = two_sum(v.hi, v.lo);
        // normalized pairs compare exactly lexicographically
        if best.is_none_or(|(bh, bl, _)| (h, l) > (bh, bl)) {
            best = Some((h, l, v));
        }
    }
    match best {
        None => Approx::INF.negated(),
        Some((_, _, v)) => Approx { err: emax, ..v },
    }
}

/// `D_0 = −ln Σ_{p>0} q` in double-double.
pub fn renyi_zero(p: &[f64], q: &[f64]) -> Approx {
    let s = sum::exact_sum(p.len(), |i| if p[i] > 0.0 { q[i] } else { 0.0 });
    if !s.is_finite() {
        return Approx::UNKNOWN;
    }
    // Σq within its bound of 1: the exact sum decides whether D_0 = 0
    if (s.hi - 1.0 + s.lo).abs() <= 2.0 * s.err + 4.0 * U {
        let t = exact_q_sum(
            p.iter()
                .zip(q)
                .map(|(&x, &y)| if x > 0.0 { y } else { 0.0 }),
        );
        if t.is_one() {
            return Approx::ZERO;
        }
        return ln_approx(q_to_approx_exact(&t)).negated();
    }
    ln_approx(s).negated()
}

/// `Σ xs` exactly, as a rational (a superaccumulator in units of
/// `2^-1074`: every finite double is an integer multiple of it).
pub fn exact_q_sum(xs: impl Iterator<Item = f64>) -> Q {
    let mut acc = BigInt::zero();
    for x in xs {
        if x == 0.0 {
            continue;
        }
        let b = x.to_bits();
        let ex = ((b >> 52) & 0x7ff) as i64;
        let fr = (b & ((1u64 << 52) - 1)) as i64;
        let (m, e) = if ex == 0 {
            (fr, -1074)
        } else {
            (fr | (1i64 << 52), ex - 1075)
        };
        let m = if x < 0.0 { -m } else { m };
        acc += BigInt::from(m) << ((e + 1074) as usize);
    }
    Q::new(acc, BigInt::one() << 1074usize)
}

/// An exact rational as `hi + lo ± err` with `err = 0` when `hi + lo` is
/// the rational exactly (otherwise [`q_to_approx`]'s bound).
pub fn q_to_approx_exact(c: &Q) -> Approx {
    let a = q_to_approx(c);
    if !a.is_finite() {
        return a;
    }
    let rest = c - f64_to_q(a.hi).expect("finite") - f64_to_q(a.lo).expect("finite");
    if rest.is_zero() {
        Approx { err: 0.0, ..a }
    } else {
        a
    }
}

/// TV exactly (`½ Σ |p − q|` as a rational, rounded to a double-double):
/// where the double-double sum cannot decide (a tie needs the exact
/// value).
pub fn tv_exact(p: &[f64], q: &[f64]) -> Approx {
    let s = exact_q_sum(p.iter().zip(q).flat_map(|(&x, &y)| {
        let a = abs_diff(x, y);
        [a.hi, a.lo]
    }));
    q_to_approx_exact(&(s / Q::from_integer(2.into())))
}

/// MI of a joint with one row or one column: `Σ x ln(x/(T·x)) = −T ln T`,
/// `T` the exact total (`0` when `T ∈ {0, 1}`).
pub fn mi_degenerate(flat: &[f64]) -> Approx {
    let t = exact_q_sum(flat.iter().copied());
    if t.is_zero() || t.is_one() {
        return Approx::ZERO;
    }
    let a = q_to_approx_exact(&t);
    a.times(ln_approx(a)).negated()
}

/// `ln(1 + δ)` for an exact rational `|δ| ≤ 2^-20`, enclosed in `[lo, hi]`:
/// `Σ_{k≤12} (−1)^{k+1} δ^k/k` exactly, remainder `≤ |δ|^13/(13(1 − |δ|))
/// ≤ |δ|^13/12`.
fn ln1p_q(d: &Q) -> (Q, Q) {
    let mut s = Q::zero();
    let mut pw = Q::one();
    for k in 1..=12i64 {
        pw = &pw * d;
        let t = &pw / Q::from_integer(k.into());
        if k % 2 == 1 {
            s += t;
        } else {
            s -= t;
        }
    }
    let r = (&pw * d).abs() / Q::from_integer(12.into());
    (&s - &r, &s + &r)
}

/// The correctly rounded value where the result is `f(1 + δ)` for an exact
/// tiny `δ` and lies too close to a rounding boundary for a double-double
/// (Rényi α = 0: `−ln(1 + δ)`; MI of one row or column: `−(1 + δ) ln(1 +
/// δ)`, whose leading terms `δ`, `δ²/2` are dyadic, so the value is within
/// `~δ³` of a midpoint): the series of `ln1p_q` in exact rationals, both
/// ends of the enclosure rounded to nearest. `None` if not applicable or
/// the ends round differently. In base 2 or 10 the enclosure is divided
/// by a 300-bit ball of `ln b` first. (In base 2 and 10 the value is not
/// near a midpoint, but `1 + δ` may need more than 106 bits, so a
/// double-double of it is only `2^-53`-accurate relative to `δ`.)
pub fn decide_near_one(
    measure: crate::measures::Measure,
    args: &crate::measures::Args<'_, f64>,
    base: crate::exact::Base,
) -> Option<f64> {
    use crate::measures::{Alpha, Measure};
    let (total, times_t) = match (measure, args.alpha, args.joint) {
        (Measure::Renyi, Some(Alpha::Zero), _) => {
            let (p, q) = (args.p?, args.q?);
            (
                exact_q_sum(
                    p.iter()
                        .zip(q)
                        .map(|(&x, &y)| if x > 0.0 { y } else { 0.0 }),
                ),
                false,
            )
        }
        (Measure::Mi, _, Some(j)) if j.rows == 1 || j.cols == 1 => {
            (exact_q_sum(j.flat.iter().copied()), true)
        }
        _ => return None,
    };
    let d = &total - Q::one();
    if d.is_zero() || d.abs() > Q::new(1.into(), (1i64 << 20).into()) {
        return None;
    }
    let (lo, hi) = ln1p_q(&d);
    let (lo, hi) = if times_t {
        // −T·ln T, T > 0
        (-(&total * &hi), -(&total * &lo))
    } else {
        (-hi, -lo)
    };
    // base b: divide by a 300-bit ball of ln b (an enclosure of rationals)
    let (lo, hi) = match crate::certify::base_divisor(base, measure.base_scaling(), 300) {
        Some(d) => crate::certify::div_interval(lo, hi, &d),
        None => (lo, hi),
    };
    let (a, b) = (q_to_f64(&lo), q_to_f64(&hi));
    (a == b).then_some(a)
}

/// `|x − y|` exactly.
#[inline]
pub fn abs_diff(x: f64, y: f64) -> Approx {
    let (s, e) = two_sum(x, -y);
    if s < 0.0 {
        Approx {
            hi: -s,
            lo: -e,
            err: 0.0,
        }
    } else {
        Approx {
            hi: s,
            lo: e,
            err: 0.0,
        }
    }
}

/// `(x − y)²/y`; `None` where the first tier's term is to be used
/// (zeros, and ranges where `1/y` or the square is not representable).
pub fn chi2_term(x: f64, y: f64) -> Option<Approx> {
    if y == 0.0 || x == y {
        return None;
    }
    let d = abs_diff(x, y);
    let t = d.times(d).times(recip(Approx::exact(y)));
    t.is_finite().then_some(t)
}

/// `(√x − √y)² = ((x − y)/(√x + √y))²`; `None` as for [`chi2_term`].
pub fn hellinger_term(x: f64, y: f64) -> Option<Approx> {
    if x == y {
        return None;
    }
    if x == 0.0 || y == 0.0 {
        return Some(Approx::exact(x + y));
    }
    let s = sqrt_approx(Approx::exact(x)).plus(sqrt_approx(Approx::exact(y)));
    let q = div(abs_diff(x, y), s);
    let t = q.times(q);
    t.is_finite().then_some(t)
}

/// `x·(ln a − ln x)` for a marginal ball `a` (`0` for `x = 0`).
pub fn cond_term(x: f64, a: Approx) -> Approx {
    if x == 0.0 {
        return Approx::ZERO;
    }
    Approx::exact(x).times(ln_approx(a).minus(ln_exact(x)))
}

/// `bd0(x, a·b) = x·(ln x − ln a − ln b) − x + a·b` for marginal balls.
pub fn bd0_prod(x: f64, a: Approx, b: Approx) -> Approx {
    let m = a.times(b);
    if x == 0.0 {
        return m;
    }
    let l = ln_exact(x).minus(ln_approx(a)).minus(ln_approx(b));
    Approx::exact(x).times(l).minus(Approx::exact(x)).plus(m)
}

/// Divide a value in nats by `ln b` (`BaseScaling::Log`) or `√(ln b)`
/// (`BaseScaling::SqrtLog`): a double-double enclosure of `ln 2` /
/// `ln 10` (from the certified ball logarithm, 300 bits, rounded to
/// `hi + lo`, bound = the ball's width + the rounding of `lo`), its square
/// root and reciprocal by [`sqrt_approx`] and [`recip`], and one
/// [`Approx::times`]: every step rigorous, the relative bound added is
/// `O(u²)` (module docs).
pub fn to_base(
    v: Approx,
    base: crate::exact::Base,
    scaling: crate::measures::BaseScaling,
) -> Approx {
    use crate::exact::Base;
    use crate::measures::BaseScaling;
    let l = match base {
        Base::E => return v,
        Base::Two => ln2_approx(),
        Base::Ten => ln10_approx(),
    };
    let d = match scaling {
        BaseScaling::None => return v,
        BaseScaling::Log => l,
        BaseScaling::SqrtLog => sqrt_approx(l),
    };
    if v.is_exact_inf() || (v.hi == 0.0 && v.lo == 0.0 && v.err == 0.0) {
        return v;
    }
    v.times(recip(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::ball::ln_ratio;
    use num_bigint::BigUint;
    use num_traits::ToPrimitive;

    fn q(x: f64) -> Q {
        f64_to_q(x).unwrap()
    }
    fn contains(a: Approx, lo: &Q, hi: &Q) -> bool {
        let v = q(a.hi) + q(a.lo);
        let e = q(a.err);
        &(&v - &e) <= lo && hi <= &(&v + &e)
    }

    #[test]
    fn constants_and_primitives_enclose() {
        let l2 = crate::exact::ball::ln2(400).bounds_q();
        assert!(contains(ln2_approx(), &l2.0, &l2.1));
        assert!(ln2_approx().err < 2e-32);
        let l10 = ln_ratio(&BigUint::from(10u32), &BigUint::from(1u32), 400).bounds_q();
        assert!(contains(ln10_approx(), &l10.0, &l10.1));
        for n in [1.0, -3.0, 1077.0, 2f64.powi(40) + 3.0, -(2f64.powi(49))] {
            let a = ln2_times(n);
            let (lo, hi) = (&l2.0 * q(n), &l2.1 * q(n));
            let (lo, hi) = if n < 0.0 { (hi, lo) } else { (lo, hi) };
            assert!(contains(a, &lo, &hi), "n = {n}");
            assert!(a.err <= 1e-30 * n.abs(), "n = {n}: {:e}", a.err);
        }
        let mut st = 0x2545_f491_4f6c_dd1du64;
        for i in 0..400 {
            st ^= st << 13;
            st ^= st >> 7;
            st ^= st << 17;
            let x = f64::from_bits((st >> 2) % (2046u64 << 52) + (1u64 << 52));
            let a = Approx {
                hi: x,
                lo: x * 1e-17 * ((i % 3) as f64 - 1.0),
                err: x * 1e-33 * (i % 2) as f64,
            };
            // the ball's ends
            let (c, e) = (q(a.hi) + q(a.lo), q(a.err));
            let (blo, bhi) = (&c - &e, &c + &e);
            // sqrt: the square of each end of the result vs the ball
            let s = sqrt_approx(a);
            if s.err < x.sqrt() * 1e-25 {
                let (sv, se) = (q(s.hi) + q(s.lo), q(s.err));
                let (slo, shi) = (&sv - &se, &sv + &se);
                assert!(&slo * &slo <= blo && &shi * &shi >= bhi, "sqrt {x:e}");
            } else {
                assert!(!(1e-271..1e300).contains(&x), "sqrt too loose at {x:e}");
            }
            // recip: (1/ends) within
            let r = recip(a);
            if r.is_finite() {
                let (rv, re) = (q(r.hi) + q(r.lo), q(r.err));
                let one = Q::one();
                assert!(
                    &rv - &re <= &one / &bhi && &one / &blo <= &rv + &re,
                    "recip {x:e}"
                );
                assert!(r.err <= (1.0 / x) * 1e-28);
            }
            // ln: against the ball logarithm of each end
            let l = ln_approx(a);
            let (lv, le) = (q(l.hi) + q(l.lo), q(l.err));
            for end in [&blo, &bhi] {
                let b = ln_ratio(
                    &end.numer().to_biguint().unwrap(),
                    &end.denom().to_biguint().unwrap(),
                    300,
                );
                let (elo, ehi) = b.bounds_q();
                assert!(&lv - &le <= elo && ehi <= &lv + &le, "ln {x:e}");
            }
            assert!(
                l.err <= 2f64.powi(-73) * l.hi.abs().max(1.0),
                "ln bound {:e} {a:?} {l:?}",
                l.err
            );
        }
        // exp against the exact ball exp at a few points
        for r in [-0.49, -0.3466, -1e-9, 0.0, 1e-300, 0.125, 0.34, 0.49] {
            let a = exp_small(Approx::exact(r));
            let want = r.exp();
            assert!((a.hi + a.lo - want).abs() <= 4.0 * U * want);
            assert!(a.err <= 1e-29, "exp err {:e}", a.err);
            let lb = ln_approx(a);
            let d = (q(lb.hi) + q(lb.lo) - q(r)).abs().to_f64().unwrap();
            assert!(d <= lb.err, "exp({r}) inconsistent with ln");
        }
    }
}
