//! [`Approx`]: a double-double value with a rigorous absolute error bound,
//! and the error-free transformations it is built on.

use crate::num::{q_to_f64, Q};

/// Unit roundoff of binary64, `u = 2^-53`.
pub const U: f64 = 1.0 / 9_007_199_254_740_992.0;
/// Smallest positive subnormal, `2^-1074`. One product or quotient that
/// underflows is off by at most half of it.
pub const ETA: f64 = f64::from_bits(1);

/// Assumed accuracy of `f64::ln` (the platform libm; glibc documents at most
/// 1 ulp for `log` on x86-64). We assume **2 ulps** (a factor 2 of margin),
/// i.e. `|ln̂(x) − ln x| ≤ 2·ulp(ln̂ x) ≤ 4u·|ln̂ x|`. This constant is that
/// relative factor `4u`.
pub const LN_REL: f64 = 4.0 * U;
/// Assumed accuracy of `f64::exp`: 2 ulps, plus 2·2^-1074 absolute in the
/// subnormal range (see [`crate::float`]).
pub const EXP_REL: f64 = 4.0 * U;

/// `a + b = s + e` exactly (Knuth's TwoSum; exact also for subnormals).
#[inline(always)]
pub fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    let e = (a - (s - bb)) + (b - bb);
    (s, e)
}

/// `a·b = p + e` exactly when `p` does not underflow (FMA-based TwoProd);
/// otherwise `|a·b − p − e| ≤ 2^-1074`.
#[inline(always)]
pub fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    (p, a.mul_add(b, -p))
}

/// A rigorous upper bound of a non-negative real that was computed as `x`
/// by at most a few round-to-nearest operations on non-negative numbers:
/// inflates by `4u` relative and one subnormal absolute.
#[inline(always)]
pub fn up(x: f64) -> f64 {
    x * (1.0 + 4.0 * U) + ETA
}

/// A real number known as `hi + lo ± err` (the sum `hi + lo` taken exactly).
///
/// States:
/// * `err` finite, `hi`, `lo` finite: the true value lies in
///   `[hi + lo − err, hi + lo + err]`;
/// * `hi = ±∞`, `lo = 0`, `err = 0`: the true value is exactly `±∞`;
/// * `err = +∞` (or NaN): nothing is known (an intermediate overflowed or
///   the value is undefined); `hi` is a guess only.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Approx {
    /// Leading part.
    pub hi: f64,
    /// Trailing part (`|lo|` is small compared with `|hi|` but need not be
    /// normalized).
    pub lo: f64,
    /// Absolute error bound.
    pub err: f64,
}

impl Approx {
    /// Exact zero.
    pub const ZERO: Approx = Approx {
        hi: 0.0,
        lo: 0.0,
        err: 0.0,
    };
    /// Exactly `+∞`.
    pub const INF: Approx = Approx {
        hi: f64::INFINITY,
        lo: 0.0,
        err: 0.0,
    };
    /// Nothing known.
    pub const UNKNOWN: Approx = Approx {
        hi: f64::NAN,
        lo: 0.0,
        err: f64::INFINITY,
    };

    /// No bound, only a guess of the value (`err = +∞`): what an
    /// operation on an unbounded operand, or one that overflowed, returns,
    /// so that the reported value is the natural one (e.g. `+∞` for a
    /// non-negative sum that overflowed) rather than NaN.
    #[inline]
    pub fn guess(v: f64) -> Approx {
        Approx {
            hi: v,
            lo: 0.0,
            err: f64::INFINITY,
        }
    }

    /// A double with an error bound.
    #[inline(always)]
    pub fn new(v: f64, err: f64) -> Approx {
        Approx {
            hi: v,
            lo: 0.0,
            err,
        }
    }

    /// An exact double.
    #[inline(always)]
    pub fn exact(v: f64) -> Approx {
        Approx::new(v, 0.0)
    }

    /// Whether nothing is known.
    pub fn is_unknown(&self) -> bool {
        self.err.is_nan() || self.err == f64::INFINITY
    }

    /// Whether the value is exactly `±∞`.
    pub fn is_exact_inf(&self) -> bool {
        self.hi.is_infinite() && self.err == 0.0
    }

    /// Whether `hi`, `lo`, `err` are all finite.
    pub fn is_finite(&self) -> bool {
        self.hi.is_finite() && self.lo.is_finite() && self.err < f64::INFINITY
    }

    /// `−self` (exact).
    pub fn negated(self) -> Approx {
        Approx {
            hi: -self.hi,
            lo: -self.lo,
            err: self.err,
        }
    }

    /// Normalized copy: `hi = fl(hi + lo)`, exactly the same real.
    fn norm(self) -> Approx {
        let (h, l) = two_sum(self.hi, self.lo);
        Approx {
            hi: h,
            lo: l,
            err: self.err,
        }
    }

    /// Sum with a bound.
    pub fn plus(self, o: Approx) -> Approx {
        let (ai, bi) = (self.is_exact_inf(), o.is_exact_inf());
        if ai || bi {
            if self.is_unknown() || o.is_unknown() || (ai && bi && self.hi != o.hi) {
                return Approx::guess(self.hi + o.hi);
            }
            return if ai { self } else { o };
        }
        if !self.is_finite() || !o.is_finite() {
            return Approx::guess(self.hi + o.hi);
        }
        let (s, e) = two_sum(self.hi, o.hi);
        // t = lo_a + lo_b + e with the two roundings kept exactly (e1, e2)
        let (t1, e1) = two_sum(self.lo, o.lo);
        let (t, e2) = two_sum(t1, e);
        let rnd = e1.abs() + e2.abs();
        let (h, l) = two_sum(s, t);
        let r = Approx {
            hi: h,
            lo: l,
            err: if self.err == 0.0 && o.err == 0.0 && rnd == 0.0 {
                0.0
            } else {
                up(self.err + o.err + rnd)
            },
        };
        if r.is_finite() {
            r
        } else {
            Approx::guess(self.hi + o.hi)
        }
    }

    /// Difference with a bound.
    pub fn minus(self, o: Approx) -> Approx {
        self.plus(o.negated())
    }

    /// Product with a bound.
    pub fn times(self, o: Approx) -> Approx {
        let (ai, bi) = (self.is_exact_inf(), o.is_exact_inf());
        if ai || bi {
            // ∞·y is ±∞ only if y's sign is certain
            let other = if ai { o } else { self };
            let sign_known = other.is_exact_inf()
                || (other.is_finite() && (other.hi + other.lo).abs() > other.err);
            if !sign_known {
                return Approx::guess(self.hi * o.hi);
            }
            let neg = (self.hi < 0.0) != (o.hi < 0.0);
            return if neg {
                Approx::INF.negated()
            } else {
                Approx::INF
            };
        }
        if !self.is_finite() || !o.is_finite() {
            return Approx::guess(self.hi * o.hi);
        }
        let (a, b) = (self.norm(), o.norm());
        let (p, pe) = two_prod(a.hi, b.hi);
        let c1 = a.hi * b.lo;
        let c2 = a.lo * b.hi;
        let t = (c1 + c2) + pe;
        // roundings: c1, c2 (≤ u|c| + η each), c1+c2, +pe; dropped lo·lo;
        // two_prod inexact only on underflow (≤ η)
        let rnd = 3.0 * U * (c1.abs() + c2.abs() + pe.abs()) + (a.lo * b.lo).abs() + 4.0 * ETA;
        let (h, l) = two_sum(p, t);
        // propagated: |A|·eb + |B|·ea + ea·eb
        let ma = a.hi.abs() + a.lo.abs();
        let mb = b.hi.abs() + b.lo.abs();
        let prop = ma * b.err + mb * a.err + a.err * b.err;
        let r = Approx {
            hi: h,
            lo: l,
            err: up(up(prop) + up(rnd)),
        };
        if r.is_finite() {
            r
        } else {
            Approx::guess(self.hi * o.hi)
        }
    }

    /// `self · c` for an exact rational `c`.
    pub fn scale(self, c: &Q) -> Approx {
        self.times(q_to_approx(c))
    }

    /// If every real in `[hi + lo − err, hi + lo + err]` rounds (to nearest)
    /// to the same double, that double.
    ///
    /// `hi + lo = v + r` exactly (TwoSum, `v` the double nearest to
    /// `hi + lo`). The upper end rounds to `v` iff `r + err < g↑/2` (`g↑` the
    /// gap above `v`; strict because of ties). With `c = up(err) ≥ err`:
    /// if `r + c > 0`, `fl(r + c) ≥ (r + c)(1 − u)` (an addition never
    /// underflows), so `fl(r + c) < (g↑/2)(1 − 4u)` implies `r + c < g↑/2`;
    /// if `r + c ≤ 0` it holds trivially. Likewise below with `c − r`.
    pub fn rounds_to(&self) -> Option<f64> {
        if self.is_exact_inf() {
            return Some(self.hi);
        }
        if !self.is_finite() {
            return None;
        }
        let (v, r) = two_sum(self.hi, self.lo);
        if self.err == 0.0 {
            return Some(v);
        }
        if v == 0.0 || !v.is_finite() || v.abs() == f64::MAX {
            return None;
        }
        let c = up(self.err);
        let g_up = (v.next_up() - v) * 0.5 * (1.0 - 4.0 * U);
        let g_dn = (v - v.next_down()) * 0.5 * (1.0 - 4.0 * U);
        if r + c < g_up && c - r < g_dn {
            Some(v)
        } else {
            None
        }
    }

    /// The lower and upper ends `hi + lo ∓ err`, rounded outward.
    pub fn bounds(&self) -> (f64, f64) {
        let one = |e: f64| {
            // x1 = fl(hi + e), x2 = fl(x1 + lo): two roundings
            let x1 = self.hi + e;
            let x2 = x1 + self.lo;
            (x2, up(U * (x1.abs() + x2.abs())))
        };
        let (a, da) = one(-self.err);
        let (b, db) = one(self.err);
        ((a - da).next_down(), (b + db).next_up())
    }

    /// `√self`, for a value that is `≥ 0` by construction (a negative
    /// lower end is clipped to 0).
    pub fn sqrt(self) -> Approx {
        if self.is_exact_inf() {
            return if self.hi > 0.0 { self } else { Approx::UNKNOWN };
        }
        if !self.is_finite() {
            return Approx::guess(self.hi.sqrt());
        }
        if self.hi == 0.0 && self.lo == 0.0 && self.err == 0.0 {
            return Approx::ZERO;
        }
        let (lo, hi) = self.bounds();
        let slo = lo.max(0.0).sqrt().next_down().max(0.0);
        let shi = hi.max(0.0).sqrt().next_up();
        let (h, l) = two_sum(self.hi, self.lo);
        if h <= 0.0 {
            // value within the error of 0
            let mid = 0.5 * shi;
            return Approx::new(mid, up(mid));
        }
        let s = h.sqrt();
        // s_lo ≈ (h + l − s²)/(2s); only an approximation, the bound below
        // is taken against the certified ends
        let r = (-s).mul_add(s, h) + l;
        let sl = r / (2.0 * s);
        let (vh, vl) = two_sum(s, sl);
        let d1 = (vh - slo) + vl;
        let d2 = (shi - vh) - vl;
        let err = up(d1.abs().max(d2.abs()) * (1.0 + 4.0 * U));
        Approx {
            hi: vh,
            lo: vl,
            err,
        }
    }

    /// `ln self` (`ln 0 = −∞` when `self` is exactly 0).
    pub fn ln(self) -> Approx {
        if self.is_exact_inf() {
            return if self.hi > 0.0 { self } else { Approx::UNKNOWN };
        }
        if !self.is_finite() {
            return Approx::guess(self.hi.ln());
        }
        if self.hi == 0.0 && self.lo == 0.0 && self.err == 0.0 {
            return Approx::INF.negated();
        }
        let (h, l) = two_sum(self.hi, self.lo);
        if h <= 0.0 {
            return Approx::UNKNOWN;
        }
        // |ln(w) − ln(h)| ≤ (|l| + err)/(h − |l| − err) for every w in the ball
        let dev = if l == 0.0 && self.err == 0.0 {
            0.0
        } else {
            up(l.abs() + self.err)
        };
        // den ≤ h − dev: a subnormal difference is exact; otherwise one
        // rounding (≤ u relative), undone by the factor (no underflow below
        // 2^-1022·(1 − 2u), which rounds down)
        let d = h - dev;
        let den = if d < f64::MIN_POSITIVE {
            d
        } else {
            d * (1.0 - 2.0 * U)
        };
        if !(den > 0.0) {
            return Approx::UNKNOWN;
        }
        let lh = h.ln();
        // ln w = ln h + ln(1+z), z = (w − h)/h, |z| ≤ dev/h;
        // |ln(1+z) − l/h| ≤ err/h + z²/(1−|z|)
        let corr = l / h;
        let zr = up(dev / h);
        // zr·(zr·(h/den)): h/den ≥ 1, so only the last product can be
        // subnormal (off by ≤ η/2)
        let second = up(zr * (zr * (h / den))) + ETA;
        let err = up(up(LN_REL * lh.abs()) + up(self.err / den) + second + up(U * corr.abs()));
        Approx {
            hi: lh,
            lo: corr,
            err,
        }
    }
}

/// An exact rational as a double-double with a bound.
pub fn q_to_approx(c: &Q) -> Approx {
    let h = q_to_f64(c);
    if !h.is_finite() {
        return Approx::UNKNOWN;
    }
    let rest = c - crate::num::f64_to_q(h).expect("finite");
    let l = q_to_f64(&rest);
    // |rest − l| ≤ u·|l| + η (correct rounding, possibly subnormal)
    Approx {
        hi: h,
        lo: l,
        err: up(U * l.abs() + ETA),
    }
}

/// The result of the float engine: the true value lies in
/// `[value − err, value + err]`.
///
/// `value = ±∞` with `err = 0` means the true value is exactly `±∞`;
/// `err = +∞` means no bound is available (an intermediate overflowed the
/// double range, e.g. entries near `f64::MAX`); `value` is then a guess.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FloatValue {
    /// The computed value (round-to-nearest of the internal double-double).
    pub value: f64,
    /// Rigorous absolute error bound.
    pub err: f64,
}

impl FloatValue {
    /// Whether a bound is available.
    pub fn is_bounded(&self) -> bool {
        self.err < f64::INFINITY
    }

    /// If `[value − err, value + err]` rounds (to nearest) to one double,
    /// that double.
    pub fn rounds_to(&self) -> Option<f64> {
        if self.err == 0.0 {
            return Some(self.value);
        }
        if !self.is_bounded() || !self.value.is_finite() || self.value.abs() == f64::MAX {
            return None;
        }
        let v = self.value;
        let gap_up = v.next_up() - v;
        let gap_dn = v - v.next_down();
        // every real within err of v rounds to v iff err < half of each gap
        // (strict: a tie could go either way)
        if 2.0 * self.err < gap_up && 2.0 * self.err < gap_dn && v != 0.0 {
            Some(v)
        } else {
            None
        }
    }
}

impl From<Approx> for FloatValue {
    fn from(a: Approx) -> FloatValue {
        if a.is_exact_inf() {
            return FloatValue {
                value: a.hi,
                err: 0.0,
            };
        }
        if !a.is_finite() {
            return FloatValue {
                value: a.hi + a.lo,
                err: f64::INFINITY,
            };
        }
        let (v, r) = two_sum(a.hi, a.lo);
        // v − (hi + lo) = −r exactly
        let err = if a.err == 0.0 {
            r.abs()
        } else {
            up(a.err + r.abs())
        };
        FloatValue { value: v, err }
    }
}
