//! The exact engine: evaluates the measure primitives on exact rationals,
//! as closed forms ([`LogForm`]) where they exist and as certified balls
//! otherwise.

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rayon::prelude::*;

use super::ball::{ln_ratio, Ball};
use super::LogForm;
use crate::measures::Engine;
use crate::num::{sum_q, Q};

/// A value produced by the exact engine.
#[derive(Debug, Clone)]
pub enum Real {
    /// An exact closed form `r + Σ c·ln a` (rational when it has no logs).
    Form(LogForm),
    /// The square root of a non-negative closed form.
    Sqrt(LogForm),
    /// A certified enclosure only (no closed form kept).
    Ball(Ball),
    /// `+∞`.
    PosInf,
    /// `−∞`.
    NegInf,
}

impl Real {
    /// An exact rational.
    pub fn q(q: Q) -> Real {
        Real::Form(LogForm::rational(q))
    }

    /// The exact rational value, if the value is rational.
    pub fn as_rational(&self) -> Option<&Q> {
        match self {
            Real::Form(f) if f.is_rational() => Some(f.rational_part()),
            _ => None,
        }
    }

    /// An enclosure at `prec` bits (`None` for infinities).
    pub fn enclose(&self, prec: u32) -> Option<Ball> {
        match self {
            Real::Form(f) => Some(f.enclose(prec)),
            Real::Sqrt(f) => f.enclose(prec).sqrt(),
            Real::Ball(b) => Some(if b.prec == prec {
                b.clone()
            } else {
                rescale(b, prec)
            }),
            Real::PosInf | Real::NegInf => None,
        }
    }
}

/// Re-express a ball at another precision (never tighter than it was).
pub(crate) fn rescale(b: &Ball, prec: u32) -> Ball {
    if b.unbounded {
        return unbounded(prec);
    }
    if prec >= b.prec {
        let s = (prec - b.prec) as usize;
        Ball {
            mid: &b.mid << s,
            rad: &b.rad << s,
            unbounded: b.unbounded,
            prec,
        }
    } else {
        let s = b.prec - prec;
        Ball::from_bounds(b.lo() >> s as usize, (b.hi() >> s as usize) + 1, prec)
    }
}

/// The exact engine at a given precision.
///
/// With `closed_form` on, logarithmic terms are kept as [`LogForm`]s (one
/// factorization per input value; exact equality, exact zeros). With it
/// off, every logarithm is enclosed directly at `prec` bits (fast on large
/// inputs, where a closed form would be unreadable anyway).
#[derive(Debug, Clone, Copy)]
pub struct ExactEngine {
    /// Bits after the binary point for balls.
    pub prec: u32,
    /// Keep closed forms.
    pub closed_form: bool,
}

fn qn(q: &Q) -> (&BigInt, &BigInt) {
    (q.numer(), q.denom())
}

/// A perfect-square rational's square root.
fn exact_sqrt(q: &Q) -> Option<Q> {
    if q.is_negative() {
        return None;
    }
    let (n, d) = (q.numer().magnitude(), q.denom().magnitude());
    let (sn, sd) = (n.sqrt(), d.sqrt());
    if &(&sn * &sn) == n && &(&sd * &sd) == d {
        Some(Q::new(BigInt::from(sn), BigInt::from(sd)))
    } else {
        None
    }
}

/// The exact `k`-th root of a non-negative rational, if it is rational.
fn exact_root(q: &Q, k: u32) -> Option<Q> {
    let (n, d) = (q.numer().magnitude(), q.denom().magnitude());
    let (rn, rd) = (n.nth_root(k), d.nth_root(k));
    (num_traits::pow(rn.clone(), k as usize) == *n && num_traits::pow(rd.clone(), k as usize) == *d)
        .then(|| Q::new(BigInt::from(rn), BigInt::from(rd)))
}

/// An integer power of a rational.
fn qpow(q: &Q, e: u64) -> Q {
    Q::new(
        num_traits::pow(q.numer().clone(), e as usize),
        num_traits::pow(q.denom().clone(), e as usize),
    )
}

impl ExactEngine {
    /// Closed forms on, balls at `prec` bits for non-closed parts.
    pub fn closed(prec: u32) -> ExactEngine {
        ExactEngine {
            prec,
            closed_form: true,
        }
    }

    /// Numeric only, at `prec` bits.
    pub fn numeric(prec: u32) -> ExactEngine {
        ExactEngine {
            prec,
            closed_form: false,
        }
    }

    fn ball(&self, v: &Real) -> Option<Ball> {
        v.enclose(self.prec)
    }

    /// `c · ln(a/b)` where `c`, `a/b` are rationals given by parts.
    /// `a`, `b`, `c` positive or `c` any sign.
    fn c_ln(&self, c: &Q, ratio_num: &BigInt, ratio_den: &BigInt) -> Real {
        if c.is_zero() || ratio_num == ratio_den {
            return Real::q(Q::zero());
        }
        if self.closed_form {
            Real::Form(LogForm::c_ln(
                c,
                &Q::new(ratio_num.clone(), ratio_den.clone()),
            ))
        } else {
            let l = ln_ratio(ratio_num.magnitude(), ratio_den.magnitude(), self.prec);
            Real::Ball(l.mul_q(c.numer(), c.denom()))
        }
    }

    /// `x^α y^(1−α)` (`x, y > 0`) when it is rational or the square root of
    /// a rational (small integer α, α = k/2, exact `b`-th roots).
    fn renyi_closed(&self, x: &Q, y: &Q, alpha: &Q) -> Option<Real> {
        if x == y {
            return Some(Real::q(x.clone()));
        }
        // integer α ≥ 2: x^α / y^(α−1) is rational
        if alpha.is_integer() {
            if let Some(a) = alpha.to_integer().to_u64() {
                if a <= 64 {
                    return Some(Real::q(qpow(x, a) / qpow(y, a - 1)));
                }
            }
        }
        // α = k/2: x^α y^(1−α) = √(x^(2α) y^(2−2α)) with integer exponents
        let two_a = alpha * Q::from_integer(2.into());
        if two_a.is_integer() {
            if let Some(k) = two_a.to_integer().to_i64() {
                if (1..=64).contains(&k) {
                    let base = if k <= 2 {
                        qpow(x, k as u64) * qpow(y, (2 - k) as u64)
                    } else {
                        qpow(x, k as u64) / qpow(y, (k - 2) as u64)
                    };
                    return Some(self.sqrt(Real::q(base)));
                }
            }
        }
        // α = a/b: x^α y^(1−α) = (x^a · y^(b−a))^(1/b), rational when the
        // b-th root is exact (e.g. cubes for α = 1/3)
        if let (Some(a), Some(b)) = (alpha.numer().to_u64(), alpha.denom().to_u64()) {
            if a <= 64 && (3..=64).contains(&b) {
                let base = if a <= b {
                    qpow(x, a) * qpow(y, b - a)
                } else {
                    qpow(x, a) / qpow(y, a - b)
                };
                if let Some(r) = exact_root(&base, b as u32) {
                    return Some(Real::q(r));
                }
            }
        }
        None
    }

    /// Combine two finite values.
    fn combine(&self, a: Real, b: Real, sub: bool) -> Real {
        match (a, b) {
            (Real::PosInf, Real::NegInf) if !sub => Real::Ball(unbounded(self.prec)),
            (Real::NegInf, Real::PosInf) if !sub => Real::Ball(unbounded(self.prec)),
            (Real::PosInf, Real::PosInf) if sub => Real::Ball(unbounded(self.prec)),
            (Real::NegInf, Real::NegInf) if sub => Real::Ball(unbounded(self.prec)),
            (Real::PosInf, _) => Real::PosInf,
            (Real::NegInf, _) => Real::NegInf,
            (_, Real::PosInf) => {
                if sub {
                    Real::NegInf
                } else {
                    Real::PosInf
                }
            }
            (_, Real::NegInf) => {
                if sub {
                    Real::PosInf
                } else {
                    Real::NegInf
                }
            }
            (Real::Form(x), Real::Form(y)) => Real::Form(if sub { x.sub(&y) } else { x.add(&y) }),
            // x ± 0 = x and 0 + y = y (keeps a square root closed).
            (x, Real::Form(y)) if y.is_zero() => x,
            (Real::Form(x), y) if x.is_zero() && !sub => y,
            // √a + √b = √(a + b + 2√(ab)) when a·b is a rational square.
            (Real::Sqrt(x), Real::Sqrt(y)) if !sub && x.is_rational() && y.is_rational() => {
                let (a, b) = (x.rational_part(), y.rational_part());
                match exact_sqrt(&(a * b)) {
                    Some(s) => Real::Sqrt(LogForm::rational(a + b + Q::from_integer(2.into()) * s)),
                    None => self.ball_combine(&Real::Sqrt(x), &Real::Sqrt(y), sub),
                }
            }
            (Real::Ball(mut x), Real::Ball(y)) if x.prec == y.prec => {
                if sub {
                    x = x.sub(&y);
                } else {
                    x.add_assign(&y);
                }
                Real::Ball(x)
            }
            (x, y) => self.ball_combine(&x, &y, sub),
        }
    }

    /// `x ± y` on enclosures.
    fn ball_combine(&self, x: &Real, y: &Real, sub: bool) -> Real {
        match (self.ball(x), self.ball(y)) {
            (Some(bx), Some(by)) => Real::Ball(if sub { bx.sub(&by) } else { bx.add(&by) }),
            _ => Real::Ball(unbounded(self.prec)),
        }
    }
}

fn unbounded(prec: u32) -> Ball {
    Ball::unknown(prec)
}

impl Engine for ExactEngine {
    type Scalar = Q;
    type Value = Real;
    type Marg = Q;

    fn zero(&self) -> Real {
        Real::q(Q::zero())
    }

    fn add(&self, a: Real, b: Real) -> Real {
        self.combine(a, b, false)
    }

    fn sub(&self, a: Real, b: Real) -> Real {
        self.combine(a, b, true)
    }

    fn mul(&self, a: Real, b: Real) -> Real {
        match (&a, &b) {
            (Real::Form(x), Real::Form(y)) if x.is_rational() || y.is_rational() => {
                if x.is_rational() {
                    Real::Form(y.scale(x.rational_part()))
                } else {
                    Real::Form(x.scale(y.rational_part()))
                }
            }
            _ => match (self.ball(&a), self.ball(&b)) {
                (Some(x), Some(y)) => Real::Ball(x.mul(&y)),
                _ => Real::Ball(unbounded(self.prec)),
            },
        }
    }

    fn scale(&self, v: Real, c: &Q) -> Real {
        match v {
            _ if c.is_zero() => Real::q(Q::zero()),
            Real::Form(f) => Real::Form(f.scale(c)),
            Real::Sqrt(f) => {
                if c.is_positive() {
                    // c·√f = √(c²·f)
                    Real::Sqrt(f.scale(&(c * c)))
                } else {
                    match f.enclose(self.prec).sqrt() {
                        Some(b) => Real::Ball(b.mul_q(c.numer(), c.denom())),
                        None => Real::Ball(unbounded(self.prec)),
                    }
                }
            }
            Real::Ball(b) => Real::Ball(b.mul_q(c.numer(), c.denom())),
            Real::PosInf => {
                if c.is_positive() {
                    Real::PosInf
                } else {
                    Real::NegInf
                }
            }
            Real::NegInf => {
                if c.is_positive() {
                    Real::NegInf
                } else {
                    Real::PosInf
                }
            }
        }
    }

    fn sqrt(&self, v: Real) -> Real {
        match v {
            Real::Form(f) if f.is_rational() => match exact_sqrt(f.rational_part()) {
                Some(s) => Real::q(s),
                None if self.closed_form => Real::Sqrt(f),
                None => match f.enclose(self.prec).sqrt() {
                    Some(b) => Real::Ball(b),
                    None => Real::Ball(unbounded(self.prec)),
                },
            },
            Real::Form(f) if self.closed_form => Real::Sqrt(f),
            Real::PosInf => Real::PosInf,
            other => match self.ball(&other).and_then(|b| b.sqrt()) {
                Some(b) => Real::Ball(b),
                None => Real::Ball(unbounded(self.prec)),
            },
        }
    }

    fn ln(&self, v: Real) -> Real {
        match v {
            Real::PosInf => Real::PosInf,
            // ln √a = ½ ln a for a rational a > 0.
            Real::Sqrt(f)
                if self.closed_form && f.is_rational() && f.rational_part().is_positive() =>
            {
                let q = f.rational_part();
                self.c_ln(&Q::new(1.into(), 2.into()), q.numer(), q.denom())
            }
            Real::Form(f) if f.is_rational() => {
                let q = f.rational_part();
                if q.is_zero() {
                    Real::NegInf
                } else if q.is_negative() {
                    Real::Ball(unbounded(self.prec))
                } else {
                    self.c_ln(&Q::one(), q.numer(), q.denom())
                }
            }
            other => match self.ball(&other).and_then(|b| b.ln()) {
                Some(b) => Real::Ball(b),
                None => Real::Ball(unbounded(self.prec)),
            },
        }
    }

    fn sum<F>(&self, n: usize, term: F) -> Real
    where
        F: Fn(usize) -> Real + Sync + Send,
    {
        let fold = |acc: Real, v: Real| self.add(acc, v);
        if n >= 256 {
            (0..n)
                .into_par_iter()
                .with_min_len(64)
                .map(&term)
                .reduce(|| self.zero(), fold)
        } else {
            (0..n).map(term).fold(self.zero(), fold)
        }
    }

    fn total(&self, xs: &[Q]) -> Real {
        Real::q(sum_q(xs))
    }

    fn neg_xlnx(&self, x: &Q) -> Real {
        if x.is_zero() {
            return self.zero();
        }
        let (n, d) = qn(x);
        self.c_ln(&-x, n, d)
    }

    fn neg_xlny(&self, x: &Q, y: &Q) -> Real {
        if x.is_zero() {
            return self.zero();
        }
        if y.is_zero() {
            return Real::PosInf;
        }
        let (n, d) = qn(y);
        self.c_ln(&-x, n, d)
    }

    fn bd0(&self, x: &Q, y: &Q) -> Real {
        if x.is_zero() {
            return Real::q(y.clone());
        }
        if y.is_zero() {
            return Real::PosInf;
        }
        if !self.closed_form {
            // machine-size inputs: the whole term in limb arithmetic
            // (x = y gives an exact zero there too)
            if let Some(b) = super::ball::bd0_fast(x, y, self.prec) {
                return Real::Ball(b);
            }
        }
        if x == y {
            return self.zero();
        }
        let (xn, xd) = qn(x);
        let (yn, yd) = qn(y);
        let l = self.c_ln(x, &(xn * yd), &(xd * yn));
        if self.closed_form {
            self.add(l, Real::q(y - x))
        } else {
            // y − x without normalizing the fraction
            let num = yn * xd - xn * yd;
            let den = xd * yd;
            let mut b = match l {
                Real::Ball(b) => b,
                _ => Ball::zero(self.prec),
            };
            let (m, exact) = super::ball::div_floor_exact(&(num << self.prec as usize), &den);
            b.mid += m;
            if !exact {
                b.rad += 1u32;
            }
            Real::Ball(b)
        }
    }

    fn jsd_term(&self, x: &Q, y: &Q) -> Real {
        if x == y {
            return self.zero();
        }
        let s = x + y;
        let half = Q::new(1.into(), 2.into());
        let mut acc = self.zero();
        for v in [x, y] {
            if !v.is_zero() {
                // ½ v ln(2v/(x+y))
                let r = Q::from_integer(2.into()) * v / &s;
                acc = self.add(acc, self.c_ln(&(v * &half), r.numer(), r.denom()));
            }
        }
        acc
    }

    fn abs_diff(&self, x: &Q, y: &Q) -> Real {
        Real::q((x - y).abs())
    }

    fn chi2_term(&self, x: &Q, y: &Q) -> Real {
        if y.is_zero() {
            return if x.is_zero() {
                self.zero()
            } else {
                Real::PosInf
            };
        }
        let d = x - y;
        Real::q(&d * &d / y)
    }

    fn hellinger_term(&self, x: &Q, y: &Q) -> Real {
        // x + y − 2√(xy)
        let xy = x * y;
        let lin = x + y;
        match exact_sqrt(&xy) {
            Some(s) => Real::q(lin - Q::from_integer(2.into()) * s),
            None => {
                let b = Ball::from_q(&xy, self.prec).sqrt().expect("xy >= 0");
                let two = BigInt::from(2);
                let t = Ball::from_q(&lin, self.prec).sub(&b.mul_q(&two, &BigInt::one()));
                Real::Ball(t)
            }
        }
    }

    fn renyi_term(&self, x: &Q, y: &Q, alpha: &Q) -> Real {
        if x.is_zero() {
            return self.zero();
        }
        if y.is_zero() {
            return if alpha > &Q::one() {
                Real::PosInf
            } else {
                self.zero()
            };
        }
        if let Some(t) = self.renyi_closed(x, y, alpha) {
            return t;
        }
        // general: exp(α ln x + (1 − α) ln y); unbounded (never a wrong
        // number) beyond the exponential's range
        let p = self.prec + 16;
        Real::Ball(rescale(&renyi_log_term(x, y, alpha, p).exp(), self.prec))
    }

    fn renyi_finite(&self, xs: &[Q], ys: &[Q], alpha: &Q) -> Real {
        let one = Q::one();
        let pairs = || xs.iter().zip(ys).filter(|(x, _)| !x.is_zero());
        if alpha > &one && pairs().any(|(_, y)| y.is_zero()) {
            return Real::PosInf;
        }
        let support: Vec<(&Q, &Q)> = pairs().filter(|(_, y)| !y.is_zero()).collect();
        let c = Q::one() / (alpha - &one);
        // every term rational or a square root (stops at the first that is
        // not): sum exactly, keep the closed form
        let closed: Option<Vec<Real>> = support
            .iter()
            .map(|(x, y)| self.renyi_closed(x, y, alpha))
            .collect();
        if let Some(terms) = closed {
            let s = terms.into_iter().fold(self.zero(), |a, b| self.add(a, b));
            return self.scale(self.ln(s), &c);
        }
        if self.closed_form {
            // a constant ratio r = x_i/y_i on the common support (one
            // support point, or P ∝ Q there): Σ x^α y^(1−α) = r^α·Σ y, so
            // D_α = (α ln r + ln Σ y)/(α − 1) exactly
            let r = support[0].0 / support[0].1;
            if support.iter().all(|(x, y)| *x / *y == r) {
                let ysum: Q = support.iter().map(|(_, y)| *y).sum();
                let f = LogForm::c_ln(&(alpha * &c), &r).add(&LogForm::c_ln(&c, &ysum));
                return Real::Form(f);
            }
        }
        renyi_log_sum_exp(xs, ys, alpha, self.prec)
    }

    fn mass_on_support(&self, xs: &[Q], ys: &[Q]) -> Real {
        Real::q(sum_q(
            xs.iter()
                .zip(ys)
                .filter(|(x, _)| !x.is_zero())
                .map(|(_, y)| y),
        ))
    }

    fn max_ratio(&self, xs: &[Q], ys: &[Q]) -> Real {
        let mut best: Option<Q> = None;
        for (x, y) in xs.iter().zip(ys) {
            if x.is_zero() {
                continue;
            }
            if y.is_zero() {
                return Real::PosInf;
            }
            let r = x / y;
            if best.as_ref().is_none_or(|b| &r > b) {
                best = Some(r);
            }
        }
        Real::q(best.unwrap_or_else(Q::zero))
    }

    fn marginals(&self, flat: &[Q], rows: usize, cols: usize) -> (Vec<Q>, Vec<Q>) {
        let px = flat.chunks(cols).map(sum_q).collect();
        let py = (0..cols)
            .map(|j| sum_q((0..rows).map(|i| &flat[i * cols + j])))
            .collect();
        (px, py)
    }

    fn bd0_prod(&self, x: &Q, a: &Q, b: &Q) -> Real {
        self.bd0(x, &(a * b))
    }

    fn cond_term(&self, x: &Q, a: &Q) -> Real {
        if x.is_zero() {
            return self.zero();
        }
        let r = a / x;
        self.c_ln(x, r.numer(), r.denom())
    }

    fn marg_neg_xlnx(&self, a: &Q) -> Real {
        self.neg_xlnx(a)
    }

    fn marg_total(&self, a: &[Q]) -> Real {
        Real::q(sum_q(a))
    }
}

/// `α ln x + (1 − α) ln y` for `x, y > 0`, as a ball at `prec` bits.
fn renyi_log_term(x: &Q, y: &Q, alpha: &Q, prec: u32) -> Ball {
    let lx = ln_ratio(x.numer().magnitude(), x.denom().magnitude(), prec);
    let ly = ln_ratio(y.numer().magnitude(), y.denom().magnitude(), prec);
    let one_m = Q::one() - alpha;
    lx.mul_q(alpha.numer(), alpha.denom())
        .add(&ly.mul_q(one_m.numer(), one_m.denom()))
}

/// `⌊log2 |q|⌋` within one (for sizing working precisions).
fn lg(q: &Q) -> i64 {
    q.numer().bits() as i64 - q.denom().bits() as i64
}

/// The Rényi divergence of finite order `α ≠ 1` in the log domain, as a
/// ball at `prec` bits: with `ℓ_i = α ln x_i + (1 − α) ln y_i` and `j` the
/// index of the largest `ℓ` (by midpoint),
/// `D_α = (ℓ_j + ln Σ_i exp(ℓ_i − ℓ_j)) / (α − 1)`.
///
/// Every exponential has an argument at most a few units above 0, so no
/// term leaves the range of [`Ball::exp`] whatever α and the inputs are
/// (α = 10⁹ with `y = 2^-1074` gives `ℓ ≈ 7·10¹¹`, a 40-bit integer part),
/// and the sum is ≥ 1 (the `j` term is exactly 1), so its logarithm is
/// always enclosed. Working precision: `prec` plus the bits that the
/// multiplications by α, the division by `α − 1` and the `n` rounded
/// terms can cost. `y_i = 0 < x_i` is handled by the caller (`+∞` or a
/// zero term).
fn renyi_log_sum_exp(xs: &[Q], ys: &[Q], alpha: &Q, prec: u32) -> Real {
    let am1 = alpha - Q::one();
    let n = xs.len().max(2) as u64;
    let extra =
        lg(alpha).max(0) + 2 + (-lg(&am1)).max(0) + 2 + (64 - n.leading_zeros()) as i64 + 16;
    let pw = prec + extra as u32;
    let logs: Vec<Ball> = xs
        .par_iter()
        .zip(ys)
        .filter(|(x, y)| !x.is_zero() && !y.is_zero())
        .map(|(x, y)| renyi_log_term(x, y, alpha, pw))
        .collect();
    let Some(j) = (0..logs.len()).max_by(|&a, &b| logs[a].mid.cmp(&logs[b].mid)) else {
        // no common support: ln 0 = −∞, divided by α − 1
        return if am1.is_positive() {
            Real::NegInf
        } else {
            Real::PosInf
        };
    };
    let top = &logs[j];
    let mut s = Ball::from_q(&Q::one(), pw);
    for (i, l) in logs.iter().enumerate() {
        if i != j {
            s.add_assign(&l.sub(top).exp());
        }
    }
    let Some(ls) = s.ln() else {
        return Real::Ball(unbounded(prec));
    };
    let c = Q::one() / &am1; // normalized: positive denominator
    Real::Ball(rescale(&top.add(&ls).mul_q(c.numer(), c.denom()), prec))
}
