//! [`FloatEngine`]: the measure primitives in `f64` with running error bounds.
//!
//! Every primitive returns an [`Approx`] whose bound is derived next to the
//! code; the notation is that of the module docs of [`crate::float`].

use std::cell::RefCell;

use super::approx::{two_sum, up, Approx, ETA, EXP_REL, LN_REL, U};
use super::{fast, sum, tier2};
use crate::measures::Engine;
use crate::num::{q_to_f64, Q};
use num_traits::One;

/// The float engine (stateless). See [`crate::float`].
#[derive(Debug, Clone, Copy, Default)]
pub struct FloatEngine;

/// Slack factor for bounds computed in round-to-nearest from a handful of
/// non-negative products and sums (each underestimates by at most `u`).
const SLACK: f64 = 1.0 + 16.0 * U;
/// Largest magnitude for which the near-identity series are used (so that
/// `x + y` cannot overflow).
const BIG: f64 = 8.98846567431158e307; // 2^1023

/// `ln(a/b)` for positive finite `a`, `b`, with a bound.
///
/// If `r = fl(a/b)` is a normal finite double: `|ln r − ln(a/b)| =
/// |ln(1+δ)| ≤ 1.0001u`, plus the libm error `LN_REL·|ln r|`. Otherwise
/// (the ratio over- or underflows) `ln a − ln b`, with the libm errors of
/// both logs and one rounding.
#[inline(always)]
fn ln_ratio(a: f64, b: f64) -> (f64, f64) {
    let r = a / b;
    if (f64::MIN_POSITIVE..f64::INFINITY).contains(&r) {
        let l = r.ln();
        (l, LN_REL * l.abs() + 1.0001 * U)
    } else {
        ln_ratio_wide(a, b)
    }
}

#[cold]
fn ln_ratio_wide(a: f64, b: f64) -> (f64, f64) {
    let (la, lb) = (a.ln(), b.ln());
    let l = la - lb;
    (l, (LN_REL * (la.abs() + lb.abs()) + U * l.abs()) * SLACK)
}

/// `1/(2j+1)`, `j = 0..=17`.
const BD0_C: [f64; 18] = {
    let mut c = [0.0; 18];
    let mut j = 0;
    while j < 18 {
        c[j] = 1.0 / (2 * j + 1) as f64;
        j += 1;
    }
    c
};

/// `1/(k(2k−1))`, index `k = 1..=16` (index 0 unused).
const JSD_C: [f64; 17] = {
    let mut c = [0.0; 17];
    let mut k = 1;
    while k < 17 {
        c[k] = 1.0 / (k * (2 * k - 1)) as f64;
        k += 1;
    }
    c
};

/// Number of series terms needed for `|v| ≤ 1/3` so that the truncation is
/// below `u/16` relative (see module docs); the bound itself is computed at
/// run time, so this table only affects speed and tightness.
#[inline(always)]
fn terms_for(av: f64, tab: &[(f64, usize); 7]) -> usize {
    for &(lim, n) in tab {
        if av <= lim {
            return n;
        }
    }
    16
}

const BD0_TERMS: [(f64, usize); 7] = [
    (1.0e-6, 1),
    (2.0e-4, 2),
    (3.5e-3, 3),
    (1.4e-2, 4),
    (4.0e-2, 6),
    (0.13, 9),
    (0.22, 12),
];
const JSD_TERMS: [(f64, usize); 7] = [
    (3.5e-9, 1),
    (6.0e-5, 2),
    (2.0e-3, 3),
    (1.1e-2, 4),
    (4.0e-2, 6),
    (0.13, 9),
    (0.22, 12),
];

/// `w^k` for small `k` (the bound of a truncated tail).
#[inline(always)]
fn powi(w: f64, k: usize) -> f64 {
    w.powi(k as i32)
}

/// Loader's `bd0(x, M) = x ln(x/M) + M − x ≥ 0` where the true `M` is
/// `mh + ml ± em` (`ml = em = 0` for a plain double).
///
/// Near (`M/2 ≤ x ≤ 2M`, so `|v| ≤ 1/3` and `x − mh` is exact by
/// Sterbenz): with `d = x − M`, `v = d/(x + M)`, `w = v²`,
/// `bd0 = d·v + 2x·v·S(w)`, `S(w) = Σ_{j≥1} w^j/(2j+1)`, derived from
/// `ln(x/M) = ln((1+v)/(1−v)) = 2 Σ_{j≥0} v^{2j+1}/(2j+1)` and
/// `2xv − d = d·v`. Far: `x·ln(x/M) − (x − M)`.
/// The uncertainty `em` of `M` enters through `|∂bd0/∂M| = |1 − x/M|`.
#[inline(always)]
pub fn bd0_core(x: f64, mh: f64, ml: f64, em: f64) -> Approx {
    if x == 0.0 {
        return Approx {
            hi: mh,
            lo: ml,
            err: em,
        };
    }
    if mh == 0.0 && ml == 0.0 && em == 0.0 {
        return Approx::INF;
    }
    if x == mh && ml == 0.0 && em == 0.0 {
        return Approx::ZERO;
    }
    if !(mh > 0.0) {
        return Approx::UNKNOWN;
    }
    if x + x >= mh && mh + mh >= x && x < BIG && mh < BIG {
        bd0_near(x, mh, ml, em)
    } else {
        bd0_far(x, mh, ml, em)
    }
}

/// `|bd0(x, μ) − bd0(x, mh + ml)| ≤ e·max|1 − x/μ|` over `|μ − mh − ml| ≤ e`.
#[inline(always)]
fn lipschitz(x: f64, mh: f64, ml: f64, e: f64) -> f64 {
    if e == 0.0 {
        return 0.0;
    }
    let den = (mh - ml.abs() - e) * (1.0 - 4.0 * U);
    if !(den > 0.0) {
        return f64::INFINITY;
    }
    // e·(r/den), not (e·r)/den: the product e·r can underflow (e ≈ η,
    // subnormal products M = p_x·p_y) and the division would then amplify
    // its absolute error. A quotient or product that is subnormal is off by
    // at most η/2 absolute: hence `+ ETA` on the ratio and `2η` at the end.
    let ratio = ((x - mh).abs() + ml.abs() + e) * SLACK / den;
    up(e * (ratio + ETA) * SLACK) + 2.0 * ETA
}

#[inline(always)]
fn bd0_near(x: f64, mh: f64, ml: f64, em: f64) -> Approx {
    let d1 = x - mh; // exact (Sterbenz)
    let d = d1 - ml; // exact when ml = 0, else ≤ u|d|
    let d_rel = if ml == 0.0 { 0.0 } else { U };
    let s = x + mh; // true x + M = s(1+δ) + ml
    let v = d / s;
    // |v̂ − v| ≤ ev·|v|: division, rounding of s, the dropped ml, rounding of d
    let ev = 2.0001 * U + ml.abs() / s * 1.01 + d_rel;
    let w = v * v;
    let ew = 2.0 * ev + U; // relative, first order (ev ≤ 1e-15)
    let av = v.abs();
    let nt = terms_for(av, &BD0_TERMS);
    let mut acc = BD0_C[nt];
    let mut j = nt - 1;
    while j >= 1 {
        acc = acc.mul_add(w, BD0_C[j]);
        j -= 1;
    }
    let sw = acc * w; // S(w) truncated
                      // Horner with positive terms: ≤ 2.1u; final product u; sensitivity to w ≤ 1.1
    let es = 3.1 * U + 1.1 * ew;
    let a = d * v; // (x−M)·v
    let b = (2.0 * x * v) * sw;
    let t = a + b;
    // truncation: |2xv|·w^{nt+1}/((2nt+3)(1−w))
    let trunc = (2.0 * x * av) * powi(w, nt + 1) * BD0_C[nt + 1] / (1.0 - w);
    let err = (a.abs() * (d_rel + ev + U) + b.abs() * (ev + es + 2.0 * U) + U * t.abs() + trunc)
        * SLACK
        + 4.0 * ETA;
    Approx::new(t, err + lipschitz(x, mh, ml, em))
}

#[inline(always)]
fn bd0_far(x: f64, mh: f64, ml: f64, em: f64) -> Approx {
    let (l, el) = ln_ratio(x, mh);
    let a = x * l;
    let b = x - mh;
    let t = a - b;
    let err = (x * el + U * (a.abs() + b.abs() + t.abs())) * SLACK + 2.0 * ETA;
    let lip = lipschitz(x, mh, 0.0, em + ml.abs());
    Approx::new(t, err + lip)
}

/// Below this `p_x·p_y`, MI's `bd0` uses [`bd0_log`].
const TINY_M: f64 = 9.332636185032189e-302; // 2^-1000

/// `bd0(x, M) = x·(ln x − ln a − ln b) − x + M` for `M = a·b` given as the
/// ball `m`, `x > 0`, `a, b ≥ x` (marginals): every step in [`Approx`]
/// arithmetic, so the bound is rigorous; used when `M` is near or below the
/// subnormal range, where `x/M` is not representable (the terms are then
/// tiny, so an absolute bound of a few ulps of `x·ln(x/M)` suffices).
fn bd0_log(x: f64, a: &Approx, b: &Approx, m: Approx) -> Approx {
    let lx = fast::ln_pos(x);
    let l = Approx::new(lx.l, lx.err).minus(a.ln()).minus(b.ln());
    Approx::exact(x).times(l).minus(Approx::exact(x)).plus(m)
}

/// `½ ln 2` rounded to nearest (relative error ≤ u/2).
const HALF_LN2: f64 = std::f64::consts::LN_2 / 2.0;

/// `½[x ln(2x/(x+y)) + y ln(2y/(x+y))]`.
///
/// Near (`y/2 ≤ x ≤ 2y`): with `v = (x−y)/(x+y)`, `w = v²`, the term is
/// `(x−y)·v/4 · G(w)`, `G(w) = Σ_{k≥1} w^{k−1}/(k(2k−1))`, from
/// `(1+v)ln(1+v) + (1−v)ln(1−v) = Σ_{k≥1} v^{2k}/(k(2k−1))` and
/// `x = m(1+v)`, `y = m(1−v)`, `m = (x+y)/2`.
/// Far: `½[bd0(x, m̂) + bd0(y, m̂)]` at the rounded midpoint `m̂`; since
/// `f(m) = bd0(x,m) + bd0(y,m)` has `f′((x+y)/2) = 0` and
/// `f″(μ) = (x+y)/μ²`, using `m̂` costs at most `Δ²/m·(1+3u)`, `Δ = |m̂ − m|`.
#[inline(always)]
pub fn jsd_term(x: f64, y: f64) -> Approx {
    if x == y {
        return Approx::ZERO;
    }
    if x == 0.0 || y == 0.0 {
        let z = x + y;
        let t = z * HALF_LN2;
        return Approx::new(t, 1.5001 * U * t + ETA);
    }
    if x + x >= y && y + y >= x && x < BIG && y < BIG {
        let d = x - y; // exact
        let s = x + y;
        let v = d / s;
        let ev = 2.0001 * U;
        let w = v * v;
        let nt = terms_for(v.abs(), &JSD_TERMS);
        let mut acc = JSD_C[nt];
        let mut k = nt - 1;
        while k >= 1 {
            acc = acc.mul_add(w, JSD_C[k]);
            k -= 1;
        }
        // G ≥ 1: Horner rounding ≤ 2.1u, sensitivity to w ≤ 0.02·(2ev+u)
        let trunc = powi(w, nt) / ((nt + 1) * (2 * nt + 1)) as f64 / (1.0 - w);
        let rel = ev + U + 2.1 * U + 0.02 * (2.0 * ev + U) + U + trunc;
        let t = (d * v) * acc * 0.25;
        Approx::new(t, t * rel * SLACK + 3.0 * ETA)
    } else {
        jsd_far(x, y)
    }
}

#[inline(always)]
fn jsd_far(x: f64, y: f64) -> Approx {
    let s = x + y;
    if s == f64::INFINITY {
        // both huge: halve first (exact for such magnitudes)
        return jsd_far(x * 0.5, y * 0.5).scale_exact(2.0);
    }
    let m = 0.5 * s;
    let f = bd0_core(x, m, 0.0, 0.0).plus(bd0_core(y, m, 0.0, 0.0));
    let delta = U * m * 1.01 + ETA;
    // (Δ/m)·Δ: Δ·Δ/m would divide an underflowed (η-accurate) square by m
    let second = up(delta / m * delta * 1.01) + ETA;
    let t = f.hi * 0.5;
    Approx::new(t, up(0.5 * (f.err + second) + 0.5 * f.lo.abs()) + ETA)
}

impl Approx {
    /// Multiply by a power of two (exact barring overflow/underflow).
    fn scale_exact(self, k: f64) -> Approx {
        Approx {
            hi: self.hi * k,
            lo: self.lo * k,
            err: self.err * k,
        }
    }
}

/// `−x ln x`. `|x·ln̂x − x·ln x| ≤ LN_REL·|x·ln̂x|`, one product rounding.
#[inline(always)]
fn neg_xlnx(x: f64) -> Approx {
    if x == 0.0 {
        return Approx::ZERO;
    }
    let t = -(x * x.ln());
    Approx::new(t, t.abs() * ((LN_REL + U) * SLACK) + 2.0 * ETA)
}

/// Cached `1 − α` as a double, per thread (converting a rational per
/// element would dominate the cost).
fn one_minus_alpha(alpha: &Q) -> f64 {
    thread_local! {
        static CACHE: RefCell<Option<(Q, f64)>> = const { RefCell::new(None) };
    }
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if let Some((a, v)) = c.as_ref() {
            if a == alpha {
                return *v;
            }
        }
        let v = q_to_f64(&(Q::one() - alpha));
        *c = Some((alpha.clone(), v));
        v
    })
}

/// `x^α y^(1−α) = x·exp((1−α)·ln(y/x))`.
fn renyi_term(x: f64, y: f64, alpha: &Q) -> Approx {
    if x == 0.0 {
        return Approx::ZERO;
    }
    let c = one_minus_alpha(alpha);
    if y == 0.0 {
        return if c < 0.0 { Approx::INF } else { Approx::ZERO };
    }
    if x == y {
        return Approx::exact(x);
    }
    let (l, el) = ln_ratio(y, x);
    let z = c * l;
    // c = (1−α)(1+δ), |δ| ≤ u/2; one product rounding
    let ez = (c.abs() * el + 1.51 * U * z.abs()) * SLACK;
    if !(ez < 0.5) {
        return Approx::UNKNOWN;
    }
    let g = z.exp();
    if !g.is_finite() {
        return Approx::UNKNOWN;
    }
    // |ĝ − e^z| ≤ EXP_REL·ĝ + 2η; |e^{z_true} − e^z| ≤ e^z (e^{ez} − 1)
    let eg = (EXP_REL * g + 2.0 * ETA + (g * (1.0 + EXP_REL) + 2.0 * ETA) * (ez + ez * ez)) * SLACK;
    let t = x * g;
    Approx::new(t, up(x * eg + U * t) + ETA)
}

impl Engine for FloatEngine {
    type Scalar = f64;
    type Value = Approx;
    type Marg = Approx;

    fn zero(&self) -> Approx {
        Approx::ZERO
    }
    fn add(&self, a: Approx, b: Approx) -> Approx {
        a.plus(b)
    }
    fn sub(&self, a: Approx, b: Approx) -> Approx {
        a.minus(b)
    }
    fn mul(&self, a: Approx, b: Approx) -> Approx {
        a.times(b)
    }
    fn scale(&self, v: Approx, c: &Q) -> Approx {
        v.scale(c)
    }
    fn sqrt(&self, v: Approx) -> Approx {
        v.sqrt()
    }
    fn ln(&self, v: Approx) -> Approx {
        v.ln()
    }
    fn sum<F>(&self, n: usize, term: F) -> Approx
    where
        F: Fn(usize) -> Approx + Sync + Send,
    {
        sum::sum(n, term)
    }
    fn total(&self, xs: &[f64]) -> Approx {
        sum::exact_sum(xs.len(), |i| xs[i])
    }
    fn total_diff(&self, xs: &[f64], ys: &[f64]) -> Approx {
        sum::exact_sum_diff(xs, ys)
    }

    #[inline(always)]
    fn neg_xlnx(&self, x: &f64) -> Approx {
        fast::lazy::defer(fast::lazy::XLNX, *x, 0.0)
    }
    #[inline(always)]
    fn neg_xlny(&self, x: &f64, y: &f64) -> Approx {
        fast::lazy::defer(fast::lazy::XLNY, *x, *y)
    }
    #[inline(always)]
    fn bd0(&self, x: &f64, y: &f64) -> Approx {
        fast::lazy::defer(fast::lazy::BD0, *x, *y)
    }
    #[inline(always)]
    fn jsd_term(&self, x: &f64, y: &f64) -> Approx {
        fast::lazy::defer(fast::lazy::JSD, *x, *y)
    }
    fn abs_diff(&self, x: &f64, y: &f64) -> Approx {
        let t = (x - y).abs();
        Approx::new(t, U * t)
    }
    fn chi2_term(&self, x: &f64, y: &f64) -> Approx {
        let (x, y) = (*x, *y);
        if y == 0.0 {
            return if x == 0.0 { Approx::ZERO } else { Approx::INF };
        }
        let d = (x - y).abs(); // ≤ u|d|, exact if subnormal
        if d == 0.0 {
            return Approx::ZERO;
        }
        // d²/y = (md²/my)·2^(2kd − ky) with md, my ∈ [1, 2) exact: the
        // quotient is in (½, 4) and only the final scaling can over- or
        // underflow (d·d or d/y alone could, for a representable result)
        let (kd, md) = fast::frexp1(d);
        let (ky, my) = fast::frexp1(y);
        let m = md * md / my;
        let e = 2.0 * kd - ky;
        let t = if e > 1030.0 {
            f64::INFINITY
        } else if e > 1000.0 {
            super::renyi::scale2(m, e - 30.0) * 1_073_741_824.0 // 2^30
        } else {
            super::renyi::scale2(m, e)
        };
        if t == f64::INFINITY {
            // the term exceeds the double range (≥ 2^1023·(1 − 5u)): no
            // bound, the guess +∞
            return Approx::guess(f64::INFINITY);
        }
        // (1+u)²(1+u)(1+u) − 1 ≤ 4.01u, plus one underflow (≤ η)
        Approx::new(t, t * (4.01 * U * SLACK) + 2.0 * ETA)
    }
    fn hellinger_term(&self, x: &f64, y: &f64) -> Approx {
        let (x, y) = (*x, *y);
        if x == y {
            return Approx::ZERO;
        }
        // (√x − √y)² = ((x − y)/(√x + √y))²: no cancellation
        let d = x - y; // u
        let r = x.sqrt() + y.sqrt(); // each sqrt u/2 (correctly rounded), sum u
        let q = d / r; // u (+ underflow)
        let t = q * q; // 2·(u + 2u + u) + u = 9u
        Approx::new(t, t * (9.01 * U * SLACK) + 4.0 * ETA)
    }
    fn renyi_term(&self, x: &f64, y: &f64, alpha: &Q) -> Approx {
        renyi_term(*x, *y, alpha)
    }
    fn mass_on_support(&self, xs: &[f64], ys: &[f64]) -> Approx {
        sum::exact_sum(xs.len(), |i| if xs[i] > 0.0 { ys[i] } else { 0.0 })
    }
    fn max_ratio(&self, xs: &[f64], ys: &[f64]) -> Approx {
        let mut best = 0.0f64;
        for (&x, &y) in xs.iter().zip(ys) {
            if x > 0.0 {
                if y == 0.0 {
                    return Approx::INF;
                }
                best = best.max(x / y);
            }
        }
        if !best.is_finite() {
            return Approx::UNKNOWN;
        }
        Approx::new(best, up(U * best) + ETA)
    }

    fn marginals(&self, flat: &[f64], rows: usize, cols: usize) -> (Vec<Approx>, Vec<Approx>) {
        let px = (0..rows)
            .map(|i| sum::exact_sum(cols, |j| flat[i * cols + j]))
            .collect();
        let py = (0..cols)
            .map(|j| sum::exact_sum(rows, |i| flat[i * cols + j]))
            .collect();
        (px, py)
    }
    fn bd0_prod(&self, x: &f64, a: &Approx, b: &Approx) -> Approx {
        let m = a.times(*b);
        if m.is_exact_inf() || !m.is_finite() {
            return if *x == 0.0 && m.is_exact_inf() {
                m
            } else {
                Approx::UNKNOWN
            };
        }
        let (mh, ml) = two_sum(m.hi, m.lo);
        // p_x·p_y near or below the subnormal range: bd0 in the log form
        if *x > 0.0 && !(mh >= TINY_M) {
            return bd0_log(*x, a, b, m);
        }
        let r = bd0_core(*x, mh, ml, m.err);
        if *x > 0.0 && r.is_unknown() {
            return bd0_log(*x, a, b, m);
        }
        r
    }
    fn cond_term(&self, x: &f64, a: &Approx) -> Approx {
        let x = *x;
        if x == 0.0 {
            return Approx::ZERO;
        }
        if !a.is_finite() {
            return Approx::UNKNOWN;
        }
        let (ah, al) = two_sum(a.hi, a.lo);
        let dev = if al == 0.0 && a.err == 0.0 {
            0.0
        } else {
            up(al.abs() + a.err)
        };
        let den = (ah - dev) * (1.0 - 4.0 * U);
        if !(den > 0.0) {
            return Approx::UNKNOWN;
        }
        let (l, el) = ln_ratio(ah, x);
        let t = x * l;
        let err = up(x * (el + dev / den) + U * t.abs()) + ETA;
        Approx::new(t, err)
    }
    fn marg_neg_xlnx(&self, a: &Approx) -> Approx {
        if !a.is_finite() {
            return Approx::UNKNOWN;
        }
        let (ah, al) = two_sum(a.hi, a.lo);
        let dev = if al == 0.0 && a.err == 0.0 {
            0.0
        } else {
            up(al.abs() + a.err)
        };
        if ah == 0.0 && dev == 0.0 {
            return Approx::ZERO;
        }
        let den = (ah - dev) * (1.0 - 4.0 * U);
        if !(den > 0.0) {
            return Approx::UNKNOWN;
        }
        let t = neg_xlnx(ah);
        // |f(A) − f(ah)| ≤ dev·max|ln μ + 1| over the ball
        let slope = ah.ln().abs() * (1.0 + LN_REL) + 1.0 + dev / den;
        Approx::new(t.hi, up(t.err + up(dev * slope)))
    }
    fn marg_total(&self, a: &[Approx]) -> Approx {
        a.iter().fold(Approx::ZERO, |acc, x| acc.plus(*x))
    }
}

/// The second tier of the correctly rounded mode: [`FloatEngine`] with the
/// deferred terms `−x ln x`, `−x ln y`, `bd0`, JSD evaluated in
/// double-double ([`super::dd`]), and every other term, `ln` and `√` in
/// double-double too ([`super::tier2`]); the marginals, exact sums and
/// `max_ratio` are [`FloatEngine`]'s (already exact or unused: Rényi has
/// its own path, [`super::tier2::renyi_finite`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct DdEngine;

impl Engine for DdEngine {
    type Scalar = f64;
    type Value = Approx;
    type Marg = Approx;

    fn zero(&self) -> Approx {
        Approx::ZERO
    }
    fn add(&self, a: Approx, b: Approx) -> Approx {
        a.plus(b)
    }
    fn sub(&self, a: Approx, b: Approx) -> Approx {
        a.minus(b)
    }
    fn mul(&self, a: Approx, b: Approx) -> Approx {
        a.times(b)
    }
    fn scale(&self, v: Approx, c: &Q) -> Approx {
        v.scale(c)
    }
    fn sqrt(&self, v: Approx) -> Approx {
        tier2::sqrt_approx(v)
    }
    fn ln(&self, v: Approx) -> Approx {
        tier2::ln_approx(v)
    }
    fn sum<F>(&self, n: usize, term: F) -> Approx
    where
        F: Fn(usize) -> Approx + Sync + Send,
    {
        sum::sum(n, term)
    }
    fn total(&self, xs: &[f64]) -> Approx {
        FloatEngine.total(xs)
    }
    fn total_diff(&self, xs: &[f64], ys: &[f64]) -> Approx {
        FloatEngine.total_diff(xs, ys)
    }
    #[inline(always)]
    fn neg_xlnx(&self, x: &f64) -> Approx {
        fast::lazy::defer(fast::lazy::XLNX_DD, *x, 0.0)
    }
    #[inline(always)]
    fn neg_xlny(&self, x: &f64, y: &f64) -> Approx {
        fast::lazy::defer(fast::lazy::XLNY_DD, *x, *y)
    }
    #[inline(always)]
    fn bd0(&self, x: &f64, y: &f64) -> Approx {
        fast::lazy::defer(fast::lazy::BD0_DD, *x, *y)
    }
    #[inline(always)]
    fn jsd_term(&self, x: &f64, y: &f64) -> Approx {
        fast::lazy::defer(fast::lazy::JSD_DD, *x, *y)
    }
    fn abs_diff(&self, x: &f64, y: &f64) -> Approx {
        tier2::abs_diff(*x, *y)
    }
    fn chi2_term(&self, x: &f64, y: &f64) -> Approx {
        tier2::chi2_term(*x, *y).unwrap_or_else(|| FloatEngine.chi2_term(x, y))
    }
    fn hellinger_term(&self, x: &f64, y: &f64) -> Approx {
        tier2::hellinger_term(*x, *y).unwrap_or_else(|| FloatEngine.hellinger_term(x, y))
    }
    fn renyi_term(&self, x: &f64, y: &f64, alpha: &Q) -> Approx {
        FloatEngine.renyi_term(x, y, alpha)
    }
    fn mass_on_support(&self, xs: &[f64], ys: &[f64]) -> Approx {
        FloatEngine.mass_on_support(xs, ys)
    }
    fn max_ratio(&self, xs: &[f64], ys: &[f64]) -> Approx {
        FloatEngine.max_ratio(xs, ys)
    }
    fn marginals(&self, flat: &[f64], rows: usize, cols: usize) -> (Vec<Approx>, Vec<Approx>) {
        FloatEngine.marginals(flat, rows, cols)
    }
    fn bd0_prod(&self, x: &f64, a: &Approx, b: &Approx) -> Approx {
        let r = tier2::bd0_prod(*x, *a, *b);
        if r.is_finite() {
            r
        } else {
            FloatEngine.bd0_prod(x, a, b)
        }
    }
    fn cond_term(&self, x: &f64, a: &Approx) -> Approx {
        let r = tier2::cond_term(*x, *a);
        if r.is_finite() {
            r
        } else {
            FloatEngine.cond_term(x, a)
        }
    }
    fn marg_neg_xlnx(&self, a: &Approx) -> Approx {
        FloatEngine.marg_neg_xlnx(a)
    }
    fn marg_total(&self, a: &[Approx]) -> Approx {
        FloatEngine.marg_total(a)
    }
}
