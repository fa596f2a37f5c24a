//! Arithmetic on exact-engine values for claims, with explicit `±∞`
//! rules and undefined results.
//!
//! Conventions (documented in `docs/check.md`): `x ± ∞` is `±∞` for finite
//! `x`; `∞ − ∞`, `∞/∞`, division by an exact zero, `ln` of a
//! negative number, `√` of a negative number and `0^(−k)` are
//! [`Undefined`]: an instance where a claim needs one of them lies outside
//! the claim's domain and is skipped (and counted), never decided. A product
//! with an exact zero factor is zero (`0·ln 0 = 0`): the evaluator
//! (`check::expr`) applies that before it reaches [`Arith::mul`], whose `0·∞`
//! stays undefined for a zero it cannot see exactly.
//! `ln 0 = −∞`, `exp(−∞) = 0`, `exp(+∞) = +∞`, `√∞ = ∞`.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::certify::{decide_sign_capped, Decision, MAX_PREC};
use crate::exact::ball::{ln2, Ball};
use crate::exact::engine::{ExactEngine, Real};
use crate::exact::LogForm;
use crate::measures::Engine;
use crate::num::Q;

/// Why a value is undefined on an instance (the instance is skipped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undefined(pub String);

/// A value or the reason it is undefined.
pub type Val = Result<Real, Undefined>;

fn undef<T>(why: &str) -> Result<T, Undefined> {
    Err(Undefined(why.to_string()))
}

/// The exact engine at one precision, with the claim conventions above.
#[derive(Debug, Clone, Copy)]
pub struct Arith {
    /// The engine (closed forms on).
    pub eng: ExactEngine,
}

fn unbounded(prec: u32) -> Real {
    Real::Ball(Ball::unknown(prec))
}

/// `⌊q·2^p⌋` and `⌈q·2^p⌉`.
fn scaled_floor_ceil(q: &Q, p: u32) -> (BigInt, BigInt) {
    let num = q.numer() << p as usize;
    let (f, r) = num.div_mod_floor(q.denom());
    let c = if r.is_zero() { f.clone() } else { &f + 1 };
    (f, c)
}

/// The smallest ball at `prec` bits containing `[lo, hi]`.
pub fn ball_from_interval(lo: &Q, hi: &Q, prec: u32) -> Ball {
    let (l, _) = scaled_floor_ceil(lo, prec);
    let (_, h) = scaled_floor_ceil(hi, prec);
    Ball::from_bounds(l, h, prec)
}

/// Whether the value is exactly zero.
pub fn is_exact_zero(v: &Real) -> bool {
    match v {
        Real::Form(f) | Real::Sqrt(f) => f.is_zero(),
        Real::Ball(b) => b.is_exact() && b.mid.is_zero(),
        _ => false,
    }
}

impl Arith {
    /// Closed forms at `prec` bits.
    pub fn new(prec: u32) -> Arith {
        Arith {
            eng: ExactEngine::closed(prec),
        }
    }

    /// Precision in bits.
    pub fn prec(&self) -> u32 {
        self.eng.prec
    }

    /// An exact rational.
    pub fn q(&self, q: Q) -> Real {
        Real::q(q)
    }

    /// `a + b`.
    pub fn add(&self, a: Real, b: Real) -> Val {
        match (&a, &b) {
            (Real::PosInf, Real::NegInf) | (Real::NegInf, Real::PosInf) => undef("∞ − ∞"),
            _ => Ok(self.eng.add(a, b)),
        }
    }

    /// `a − b`.
    pub fn sub(&self, a: Real, b: Real) -> Val {
        match (&a, &b) {
            (Real::PosInf, Real::PosInf) | (Real::NegInf, Real::NegInf) => undef("∞ − ∞"),
            _ => Ok(self.eng.sub(a, b)),
        }
    }

    /// `−a`.
    pub fn neg(&self, a: Real) -> Real {
        self.eng.scale(a, &-Q::one())
    }

    /// `c·a` for a rational `c`.
    pub fn scale(&self, a: Real, c: &Q) -> Val {
        if c.is_zero() && matches!(a, Real::PosInf | Real::NegInf) {
            return undef("0·∞");
        }
        Ok(self.eng.scale(a, c))
    }

    /// The sign of a value known at this precision, if any (`Equal` only
    /// for exact zeros; closed forms are decided completely).
    pub fn sign_now(&self, v: &Real) -> Option<Ordering> {
        match v {
            Real::PosInf => Some(Ordering::Greater),
            Real::NegInf => Some(Ordering::Less),
            Real::Form(f) => match decide_sign_capped(|_| Real::Form(f.clone()), MAX_PREC) {
                Decision::Decided(o) => Some(o),
                Decision::Undecided => None,
            },
            Real::Sqrt(f) if f.is_zero() => Some(Ordering::Equal),
            Real::Sqrt(_) => Some(Ordering::Greater),
            Real::Ball(b) => crate::exact::ball::sign(b),
        }
    }

    /// `a·b`.
    pub fn mul(&self, a: Real, b: Real) -> Val {
        let inf = |v: &Real| matches!(v, Real::PosInf | Real::NegInf);
        if inf(&a) || inf(&b) {
            let (sa, sb) = (self.sign_now(&a), self.sign_now(&b));
            return match (sa, sb) {
                (Some(Ordering::Equal), _) | (_, Some(Ordering::Equal)) => undef("0·∞"),
                (Some(x), Some(y)) => Ok(if (x == Ordering::Greater) == (y == Ordering::Greater) {
                    Real::PosInf
                } else {
                    Real::NegInf
                }),
                _ => Ok(unbounded(self.prec())),
            };
        }
        if let (Real::Sqrt(x), Real::Sqrt(y)) = (&a, &b) {
            if x.is_rational() && y.is_rational() {
                return Ok(self
                    .eng
                    .sqrt(Real::q(x.rational_part() * y.rational_part())));
            }
        }
        if let (Real::Sqrt(x), Real::Form(c)) | (Real::Form(c), Real::Sqrt(x)) = (&a, &b) {
            if c.is_rational() {
                return self.scale(Real::Sqrt(x.clone()), c.rational_part());
            }
        }
        Ok(self.eng.mul(a, b))
    }

    /// `a / b`.
    pub fn div(&self, a: Real, b: Real) -> Val {
        if is_exact_zero(&b) {
            return undef("division by zero");
        }
        match (&a, &b) {
            (Real::PosInf | Real::NegInf, Real::PosInf | Real::NegInf) => return undef("∞/∞"),
            (_, Real::PosInf | Real::NegInf) => return Ok(Real::q(Q::zero())),
            (Real::PosInf | Real::NegInf, _) => {
                return match self.sign_now(&b) {
                    Some(Ordering::Greater) => Ok(a),
                    Some(Ordering::Less) => Ok(self.neg(a)),
                    _ => Ok(unbounded(self.prec())),
                }
            }
            _ => {}
        }
        if let Some(r) = b.as_rational() {
            return self.scale(a, &(Q::one() / r));
        }
        if let (Real::Sqrt(x), Real::Sqrt(y)) = (&a, &b) {
            if x.is_rational() && y.is_rational() {
                return Ok(self
                    .eng
                    .sqrt(Real::q(x.rational_part() / y.rational_part())));
            }
        }
        let p = self.prec();
        let (Some(ba), Some(bb)) = (a.enclose(p), b.enclose(p)) else {
            return Ok(unbounded(p));
        };
        if ba.is_unbounded() || bb.is_unbounded() {
            return Ok(unbounded(p));
        }
        let (alo, ahi) = ba.bounds_q();
        let (blo, bhi) = bb.bounds_q();
        if !blo.is_positive() && !bhi.is_negative() {
            return Ok(unbounded(p));
        }
        let cands = [&alo / &blo, &alo / &bhi, &ahi / &blo, &ahi / &bhi];
        // by cross-multiplication: `Ratio::cmp` recurses once per
        // continued-fraction term the two share, and the four quotients
        // of a tight enclosure share thousands (a stack overflow on a
        // 2 MB thread for `exp(-(1e300*JS(P,R)))`, found by fuzzing)
        let cmp = |x: &&Q, y: &&Q| (x.numer() * y.denom()).cmp(&(y.numer() * x.denom()));
        let lo = cands.iter().min_by(cmp).expect("four").clone();
        let hi = cands.iter().max_by(cmp).expect("four").clone();
        Ok(Real::Ball(ball_from_interval(&lo, &hi, p)))
    }

    /// `√a`.
    pub fn sqrt(&self, a: Real) -> Val {
        match self.sign_now(&a) {
            Some(Ordering::Less) => undef("square root of a negative number"),
            Some(_) => Ok(self.eng.sqrt(a)),
            // the sign is not known at this precision: the argument may be a
            // tiny negative number (then the instance is outside the domain),
            // so nothing is known yet; a higher precision decides
            None => Ok(unbounded(self.eng.prec)),
        }
    }

    /// `ln a` (`ln 0 = −∞`).
    pub fn ln(&self, a: Real) -> Val {
        match a {
            Real::NegInf => undef("logarithm of −∞"),
            ref v if is_exact_zero(v) => Ok(Real::NegInf),
            ref v if self.sign_now(v) == Some(Ordering::Less) => {
                undef("logarithm of a negative number")
            }
            v => Ok(self.eng.ln(v)),
        }
    }

    /// `log2 a`.
    pub fn log2(&self, a: Real) -> Val {
        let l = self.ln(a)?;
        match &l {
            Real::PosInf | Real::NegInf => Ok(l),
            Real::Form(f) => match f.rational_in_base(crate::exact::Base::Two) {
                Some(q) => Ok(Real::q(q)),
                None => self.div_ln2(&l),
            },
            _ => self.div_ln2(&l),
        }
    }

    fn div_ln2(&self, l: &Real) -> Val {
        let p = self.prec();
        let two = ln2(p + 8);
        let ball = Real::Ball(ball_from_interval(&two.bounds_q().0, &two.bounds_q().1, p));
        self.div(l.clone(), ball)
    }

    /// `exp a`.
    pub fn exp(&self, a: Real) -> Val {
        match &a {
            Real::PosInf => return Ok(Real::PosInf),
            Real::NegInf => return Ok(Real::q(Q::zero())),
            v if is_exact_zero(v) => return Ok(Real::q(Q::one())),
            _ => {}
        }
        // exp(c·ln r) = r^c for an integer c: exact
        if let Real::Form(f) = &a {
            if f.rational_part().is_zero() {
                if let Some(q) = exp_of_log_form(f) {
                    return Ok(Real::q(q));
                }
            }
        }
        let p = self.prec();
        match a.enclose(p + 16) {
            Some(b) if !b.is_unbounded() => {
                let e = b.exp();
                if e.is_unbounded() {
                    // beyond 2^EXP_MAX_BITS: unknown at this precision, never a number
                    return Ok(unbounded(p));
                }
                Ok(Real::Ball(crate::exact::engine::rescale(&e, p)))
            }
            _ => Ok(unbounded(p)),
        }
    }

    /// `a^b`.
    pub fn pow(&self, a: Real, b: Real) -> Val {
        if let Some(e) = b.as_rational().cloned() {
            if e.is_integer() {
                let k = e.to_integer();
                let small = k.to_i64().filter(|k| k.abs() <= 4096);
                let Some(k) = small else {
                    return self.pow_large_integer(a, &k);
                };
                if let Real::Sqrt(f) = &a {
                    if k % 2 == 0 && k >= 0 {
                        return self.pow(
                            Real::Form(f.clone()),
                            Real::q(Q::from_integer((k / 2).into())),
                        );
                    }
                }
                if let Some(r) = a.as_rational() {
                    if r.is_zero() && k < 0 {
                        return undef("0 to a negative power");
                    }
                    if !exact_power_fits(r, k.unsigned_abs()) {
                        return self.pow_large_integer(a, &BigInt::from(k));
                    }
                    let m = num_traits::pow(r.clone(), k.unsigned_abs() as usize);
                    return Ok(Real::q(if k < 0 { Q::one() / m } else { m }));
                }
                let mut acc = Real::q(Q::one());
                for _ in 0..k.unsigned_abs() {
                    acc = self.mul(acc, a.clone())?;
                }
                return if k < 0 {
                    self.div(Real::q(Q::one()), acc)
                } else {
                    Ok(acc)
                };
            }
            if e.denom() == &BigInt::from(2) && e.is_positive() {
                let sq = self.pow(a, Real::q(Q::from_integer(e.numer().clone())))?;
                return self.sqrt(sq);
            }
        }
        match self.sign_now(&a) {
            Some(Ordering::Less) => undef("negative base to a non-integer power"),
            Some(Ordering::Equal) => match self.sign_now(&b) {
                Some(Ordering::Greater) => Ok(Real::q(Q::zero())),
                Some(_) => undef("0 to a non-positive power"),
                None => Ok(unbounded(self.prec())),
            },
            _ => {
                let l = self.ln(a)?;
                let m = self.mul(b, l)?;
                self.exp(m)
            }
        }
    }

    /// `a^k` for an integer `k` too large for repeated products (or an
    /// exact power too large to write): `0^k`, `(±1)^k` exactly; otherwise
    /// `±exp(k·ln|a|)` with the sign from the parity of `k`, which the
    /// exponential encloses up to `2^EXP_MAX_BITS` and reports as unknown
    /// beyond (never as a wrong number).
    fn pow_large_integer(&self, a: Real, k: &BigInt) -> Val {
        let odd = k.is_odd();
        match self.sign_now(&a) {
            Some(Ordering::Equal) => {
                if k.is_negative() {
                    undef("0 to a negative power")
                } else {
                    Ok(Real::q(Q::zero()))
                }
            }
            Some(s) => {
                if let Some(r) = a.as_rational() {
                    if r.abs().is_one() {
                        return Ok(Real::q(if s == Ordering::Less && odd {
                            -Q::one()
                        } else {
                            Q::one()
                        }));
                    }
                }
                let m = if s == Ordering::Less { self.neg(a) } else { a };
                let l = self.ln(m)?;
                let e = self.exp(self.scale(l, &Q::from_integer(k.clone()))?)?;
                Ok(if s == Ordering::Less && odd {
                    self.neg(e)
                } else {
                    e
                })
            }
            None => Ok(unbounded(self.prec())),
        }
    }

    /// `|a|`.
    pub fn abs(&self, a: Real) -> Val {
        match self.sign_now(&a) {
            Some(Ordering::Less) => Ok(self.neg(a)),
            Some(_) => Ok(a),
            None => {
                let p = self.prec();
                match a.enclose(p) {
                    Some(b) if !b.is_unbounded() => {
                        let (lo, hi) = b.bounds_q();
                        let m = lo.abs().max(hi.abs());
                        Ok(Real::Ball(ball_from_interval(&Q::zero(), &m, p)))
                    }
                    _ => Ok(unbounded(p)),
                }
            }
        }
    }

    /// `min(a, b)` (`max` when `max` is set).
    pub fn min_max(&self, a: Real, b: Real, max: bool) -> Val {
        let d = self.sub(a.clone(), b.clone());
        let s = match &d {
            Ok(d) => self.sign_now(d),
            Err(_) => Some(Ordering::Equal), // equal infinities
        };
        match s {
            Some(o) => {
                let a_first = (o != Ordering::Greater) != max;
                Ok(if a_first || o == Ordering::Equal {
                    a
                } else {
                    b
                })
            }
            None => {
                let p = self.prec();
                match (a.enclose(p), b.enclose(p)) {
                    (Some(x), Some(y)) if !x.is_unbounded() && !y.is_unbounded() => {
                        let (xl, xh) = x.bounds_q();
                        let (yl, yh) = y.bounds_q();
                        let (lo, hi) = if max {
                            (xl.max(yl), xh.max(yh))
                        } else {
                            (xl.min(yl), xh.min(yh))
                        };
                        Ok(Real::Ball(ball_from_interval(&lo, &hi, p)))
                    }
                    _ => Ok(unbounded(p)),
                }
            }
        }
    }
}

impl Arith {
    /// `⌈a⌉` (`up`) or `⌊a⌋`: exact for rationals and for closed forms
    /// (their comparison with an integer is decided exactly); an enclosure
    /// that straddles an integer gives the enclosure `[k, k+1]` (refined at
    /// higher precision by the caller's Ziv loop).
    pub fn round(&self, a: Real, up: bool) -> Val {
        let int = |q: &Q| -> Q {
            Q::from_integer(if up {
                q.ceil().to_integer()
            } else {
                q.floor().to_integer()
            })
        };
        match &a {
            Real::PosInf | Real::NegInf => return Ok(a),
            _ => {}
        }
        if let Some(q) = a.as_rational() {
            return Ok(Real::q(int(q)));
        }
        let p = self.prec();
        let Some(b) = a.enclose(p) else {
            return Ok(unbounded(p));
        };
        if b.is_unbounded() {
            return Ok(unbounded(p));
        }
        let (lo, hi) = b.bounds_q();
        let (klo, khi) = (int(&lo), int(&hi));
        if klo == khi {
            // rounding is monotone: every value in the enclosure rounds alike
            return Ok(Real::q(klo));
        }
        // one integer k splits the enclosure; a closed form is compared with
        // it exactly
        if matches!(&a, Real::Form(_)) && &khi - &klo == Q::one() {
            let k = if up { klo.clone() } else { khi.clone() };
            if let Ok(d) = self.sub(a.clone(), Real::q(k.clone())) {
                if let Some(o) = self.sign_now(&d) {
                    let r = match (up, o) {
                        (true, Ordering::Greater) => khi.clone(),
                        (false, Ordering::Less) => klo.clone(),
                        _ => k,
                    };
                    return Ok(Real::q(r));
                }
            }
        }
        Ok(Real::Ball(ball_from_interval(&klo, &khi, p)))
    }
}

/// Largest exact power the claim arithmetic writes out (bits of numerator
/// plus denominator); larger powers go through `exp(k·ln a)`.
const EXACT_POWER_BITS: u64 = 1 << 14;

/// Whether `r^k` has at most [`EXACT_POWER_BITS`] bits.
fn exact_power_fits(r: &Q, k: u64) -> bool {
    (r.numer().bits() + r.denom().bits()).saturating_mul(k) <= EXACT_POWER_BITS
}

/// `exp(Σ c_j ln a_j)` when every `c_j` is an integer: the rational
/// `Π a_j^c_j`.
fn exp_of_log_form(f: &LogForm) -> Option<Q> {
    let mut num = BigInt::one();
    let mut den = BigInt::one();
    let mut bits = 0u64;
    for (a, c) in f.log_terms() {
        if !c.is_integer() {
            return None;
        }
        let k = c.to_integer().to_i64()?;
        bits = bits.saturating_add(a.bits().saturating_mul(k.unsigned_abs()));
        if bits > EXACT_POWER_BITS {
            return None;
        }
        let pw = num_traits::pow(BigInt::from(a.clone()), k.unsigned_abs() as usize);
        if k >= 0 {
            num *= pw;
        } else {
            den *= pw;
        }
    }
    Some(Q::new(num, den))
}
