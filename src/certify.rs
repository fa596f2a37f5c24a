//! Certified decisions on exact-engine values: correctly rounded decimals,
//! the nearest double, and signs.
//!
//! Every function here refines the precision until the answer is fixed by
//! the enclosure, and says so honestly when a cap is reached
//! ([`Decision::Undecided`], or fewer certified digits) — it never guesses.
//!
//! Values with a closed form ([`Real::Form`]) that is not rational are
//! transcendental (Baker's theorem: a non-zero linear form in logarithms of
//! rationals with rational coefficients is transcendental), so they never
//! lie on a decimal rounding boundary or at zero, and refinement always
//! terminates for them. Only algebraic values (square roots, rational
//! powers) can hit the cap.

use num_bigint::BigInt;
use num_traits::{Signed, Zero};
use std::cmp::Ordering;

use crate::exact::ball::{ln2, ln_ratio, Ball};
use crate::exact::engine::Real;
use crate::exact::Base;
use crate::measures::BaseScaling;
use crate::num::{format_sig, q_to_f64, round_sig, round_sig_mode, Rounding, Q};

/// Precision of the first attempt beyond what the digits need.
const EXTRA_BITS: u32 = 32;
/// Largest precision tried before giving up (bits).
pub const MAX_PREC: u32 = 1 << 15;

/// An enclosure (no closed form) that still straddles a rounding boundary
/// when it is narrower than `2^-TIE_BITS` units of the last requested
/// digit stops refining: the value is within that distance of the
/// boundary, most likely on it (an algebraic value such as `1/4 ± ε` at
/// one digit), and more precision would only repeat the question. The
/// digits that are certain are reported, never more.
pub const TIE_BITS: u32 = 96;

/// An enclosure (no closed form) of a value that may be zero stops
/// refining at this precision while it still contains zero (an exact zero
/// reached by cancellation, which no precision separates from 0); a
/// non-zero value above `2^-ZERO_STOP_PREC` is certified before.
pub const ZERO_STOP_PREC: u32 = 1 << 13;

/// The precision cap for one value: [`MAX_PREC`] for enclosures; for a
/// closed form, large enough for its size. A non-zero closed form is
/// transcendental or a non-zero rational, so refinement ends; how far it
/// must go grows with the size of its coefficients (an entropy term
/// `10⁻²⁰⁰⁰⁰·ln 10⁻²⁰⁰⁰⁰` needs 66,000 bits), so the cap for a form is
/// 64 bits per bit of its coefficients and atoms, and at least [`MAX_PREC`].
pub fn prec_cap(v: &Real) -> u32 {
    let f = match v {
        Real::Form(f) | Real::Sqrt(f) => f,
        _ => return MAX_PREC,
    };
    let q_bits = |q: &Q| q.numer().bits() + q.denom().bits();
    let bits: u64 = q_bits(f.rational_part())
        + f.log_terms()
            .iter()
            .map(|(a, c)| a.bits() + q_bits(c))
            .sum::<u64>();
    bits.saturating_mul(64)
        .clamp(MAX_PREC as u64, FORM_MAX_PREC as u64) as u32
}

/// The absolute ceiling of [`prec_cap`] for closed forms (bits): far beyond
/// any input the readers accept.
pub const FORM_MAX_PREC: u32 = 1 << 24;

/// A decided or undecided question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision<T> {
    /// Decided with certainty.
    Decided(T),
    /// Not decided within the precision cap.
    Undecided,
}

/// What one attempt of the refinement driver concluded at its precision.
#[derive(Debug)]
pub enum Attempt<T> {
    /// The answer is fixed by the enclosure at this precision.
    Done(T),
    /// Not yet: try again at (at least) this precision.
    Refine(u32),
}

/// The outcome of [`refine`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refined<T> {
    /// Decided at some precision.
    Done(T),
    /// The cap was reached at `prec` bits without a decision.
    Unable {
        /// The last precision tried (the cap).
        prec: u32,
    },
}

/// The one refinement (Ziv) loop every certified answer goes through
/// (digits, nearest double, signs, the float engine's correctly rounded
/// fallback): call `attempt` at `start` bits, then at the precision it asks
/// for (at least one bit more, at most `cap`), until it is done or the cap
/// has been tried. Never a best effort: the cap gives [`Refined::Unable`].
pub fn refine<T>(start: u32, cap: u32, mut attempt: impl FnMut(u32) -> Attempt<T>) -> Refined<T> {
    let mut prec = start.min(cap);
    loop {
        match attempt(prec) {
            Attempt::Done(t) => return Refined::Done(t),
            Attempt::Refine(next) => {
                if prec >= cap {
                    return Refined::Unable { prec };
                }
                prec = next.max(prec + 1).min(cap);
            }
        }
    }
}

impl<T> From<Refined<T>> for Decision<T> {
    fn from(r: Refined<T>) -> Decision<T> {
        match r {
            Refined::Done(t) => Decision::Decided(t),
            Refined::Unable { .. } => Decision::Undecided,
        }
    }
}

/// A value with a certified decimal rendering.
#[derive(Debug, Clone)]
pub struct Certified {
    /// The certified digits (`"inf"`, `"-inf"` for infinities, `"0"` for an exact zero).
    pub decimal: String,
    /// How many significant digits of `decimal` are certified.
    pub digits: u32,
    /// How many were asked for.
    pub requested: u32,
    /// An enclosure `[lo, hi]` of the value (exact rationals; equal for exact values).
    pub enclosure: Option<(Q, Q)>,
    /// Whether `decimal` is the exact value (no rounding happened).
    pub exact: bool,
    /// The precision (bits) of the final enclosure.
    pub prec: u32,
}

impl Certified {
    /// Whether every requested digit is certified.
    pub fn complete(&self) -> bool {
        self.digits == self.requested
    }
}

/// Enclose `ln b` (or `√ln b`) for the base scaling, at `prec` bits.
pub(crate) fn base_divisor(base: Base, scaling: BaseScaling, prec: u32) -> Option<Ball> {
    let l = match base {
        Base::E => return None,
        Base::Two => ln2(prec),
        Base::Ten => ln_ratio(&10u32.into(), &1u32.into(), prec),
    };
    match scaling {
        BaseScaling::None => None,
        BaseScaling::Log => Some(l),
        BaseScaling::SqrtLog => l.sqrt(),
    }
}

/// Divide the interval `[lo, hi]` by a positive ball.
pub(crate) fn div_interval(lo: Q, hi: Q, d: &Ball) -> (Q, Q) {
    let (dlo, dhi) = d.bounds_q();
    let l = if lo.is_negative() {
        &lo / &dlo
    } else {
        &lo / &dhi
    };
    let h = if hi.is_negative() {
        &hi / &dhi
    } else {
        &hi / &dlo
    };
    (l, h)
}

/// The square root of a rational, if rational.
pub(crate) fn rational_sqrt(q: &Q) -> Option<Q> {
    if q.is_negative() {
        return None;
    }
    let (n, d) = (q.numer().magnitude(), q.denom().magnitude());
    let (sn, sd) = (n.sqrt(), d.sqrt());
    (&sn * &sn == *n && &sd * &sd == *d).then(|| Q::new(BigInt::from(sn), BigInt::from(sd)))
}

/// What a value looks like at one precision, in the requested base.
enum Shape {
    Inf(bool),
    Exact(Q),
    Interval(Q, Q),
    /// Nothing is known at this precision (an unbounded ball).
    Unknown,
}

fn shape(v: &Real, base: Base, scaling: BaseScaling, prec: u32) -> Shape {
    match v {
        Real::PosInf => return Shape::Inf(true),
        Real::NegInf => return Shape::Inf(false),
        _ => {}
    }
    let div = base_divisor(base, scaling, prec);
    if let Some(q) = v.as_rational() {
        if q.is_zero() || div.is_none() {
            return Shape::Exact(q.clone());
        }
    }
    match (v, scaling) {
        (Real::Form(f), BaseScaling::Log) => {
            if let Some(q) = f.rational_in_base(base) {
                return Shape::Exact(q);
            }
        }
        // √(f / ln b) with f/ln b a rational square: exact
        (Real::Sqrt(f), BaseScaling::SqrtLog) => {
            if let Some(s) = f.rational_in_base(base).as_ref().and_then(rational_sqrt) {
                return Shape::Exact(s);
            }
        }
        _ => {}
    }
    let b = match v.enclose(prec) {
        Some(b) if !b.is_unbounded() => b,
        _ => return Shape::Unknown,
    };
    if b.is_exact() && (div.is_none() || b.mid.is_zero()) {
        return Shape::Exact(b.bounds_q().0);
    }
    let (lo, hi) = b.bounds_q();
    match div {
        None => Shape::Interval(lo, hi),
        Some(d) => {
            let (l, h) = div_interval(lo, hi, &d);
            Shape::Interval(l, h)
        }
    }
}

/// A good next precision given the current interval.
fn next_prec(prec: u32, lo: &Q, hi: &Q, digits: u32, cap: u32) -> u32 {
    // bits needed: digits·log2(10) + the magnitude below 1, + slack
    let mag = if lo.is_positive() {
        Some(lo.clone())
    } else if hi.is_negative() {
        Some(-hi.clone())
    } else {
        None
    };
    let want = match mag {
        Some(m) => {
            let e = m.numer().bits() as i64 - m.denom().bits() as i64; // ≈ log2 m
            let need = (digits as f64 * std::f64::consts::LOG2_10).ceil() as i64 + (-e).max(0) + 48;
            need.max(prec as i64 * 2) as u32
        }
        None => prec * 2,
    };
    want.min(cap)
}

/// The precision of the first attempt for `digits` digits.
pub fn initial_prec(digits: u32) -> u32 {
    (digits.max(1) as f64 * std::f64::consts::LOG2_10).ceil() as u32 + EXTRA_BITS
}

/// Certify `digits` significant digits (round half to even) of the value
/// computed by `eval(prec)`, in `base` with the measure's base scaling.
///
/// `eval` is called again at a higher precision only when the value has no
/// closed form (a [`Real::Ball`]); closed forms are re-enclosed directly.
pub fn certify_digits<F>(eval: F, base: Base, scaling: BaseScaling, digits: u32) -> Certified
where
    F: Fn(u32) -> Real,
{
    let digits = digits.max(1);
    let start = initial_prec(digits);
    let mut v = eval(start);
    let cap = prec_cap(&v);
    let mut at = start; // the precision `v` was computed at
    let mut last: Option<(Q, Q)> = None;
    let mut last_width: Option<Q> = None;
    let r = refine(start, cap, |prec| {
        if prec != at && matches!(v, Real::Ball(_)) {
            v = eval(prec);
        }
        at = prec;
        match shape(&v, base, scaling, prec) {
            Shape::Unknown => {
                last = None;
                Attempt::Refine(prec * 2)
            }
            Shape::Inf(pos) => Attempt::Done(Certified {
                decimal: if pos { "inf".into() } else { "-inf".into() },
                digits,
                requested: digits,
                enclosure: None,
                exact: true,
                prec,
            }),
            Shape::Exact(q) => {
                let r = round_sig(&q, digits);
                let decimal = match &r {
                    None => "0".to_string(),
                    Some((neg, d, e)) => format_sig(*neg, d, *e),
                };
                let exact = match &r {
                    None => true,
                    Some((neg, d, e)) => decimal_value(*neg, d, *e) == q,
                };
                Attempt::Done(Certified {
                    decimal,
                    digits,
                    requested: digits,
                    enclosure: Some((q.clone(), q)),
                    exact,
                    prec,
                })
            }
            Shape::Interval(lo, hi) => {
                let (a, b) = (round_sig(&lo, digits), round_sig(&hi, digits));
                if a == b && !lo.is_zero() && !hi.is_zero() && lo.is_negative() == hi.is_negative()
                {
                    let (neg, d, e) = a.expect("non-zero");
                    return Attempt::Done(Certified {
                        decimal: format_sig(neg, &d, e),
                        digits,
                        requested: digits,
                        enclosure: Some((lo, hi)),
                        exact: false,
                        prec,
                    });
                }
                if !matches!(v, Real::Form(_)) {
                    // an enclosure that refinement cannot settle: stop now
                    // with the digits that are certain (see TIE_BITS)
                    let width = &hi - &lo;
                    if hopeless(&lo, &hi, &width, last_width.as_ref(), digits, prec) {
                        return Attempt::Done(partial(lo, hi, digits, prec));
                    }
                    last_width = Some(width);
                }
                let next = next_prec(prec, &lo, &hi, digits, cap);
                last = Some((lo, hi));
                Attempt::Refine(next)
            }
        }
    });
    match r {
        Refined::Done(c) => c,
        Refined::Unable { prec } => match last {
            Some((lo, hi)) => partial(lo, hi, digits, prec),
            // nothing is known (an unbounded enclosure): no digit, no enclosure
            None => Certified {
                decimal: "?".into(),
                digits: 0,
                requested: digits,
                enclosure: None,
                exact: false,
                prec,
            },
        },
    }
}

/// Whether refining an enclosure `[lo, hi]` (no closed form) that did
/// not fix `digits` digits is pointless:
/// * it did not get narrower: its width is at least half the previous
///   attempt's (the error does not depend on the precision);
/// * it straddles a rounding boundary while narrower than `2^-TIE_BITS`
///   units of the last digit ([`TIE_BITS`]);
/// * it contains zero at [`ZERO_STOP_PREC`] bits or more.
fn hopeless(lo: &Q, hi: &Q, width: &Q, prev: Option<&Q>, digits: u32, prec: u32) -> bool {
    if prev.is_some_and(|p| width * Q::from_integer(2.into()) > *p) {
        return true;
    }
    if !lo.is_positive() && !hi.is_negative() {
        return prec >= ZERO_STOP_PREC;
    }
    // the unit of the last digit at the smaller end's magnitude
    let small = if lo.is_positive() { lo } else { hi };
    match round_sig(small, digits) {
        Some((_, _, e10)) => {
            let unit = decimal_value(
                false,
                &num_bigint::BigUint::from(1u32),
                e10 - digits as i64 + 1,
            );
            width * crate::num::pow2(TIE_BITS as i64) < unit
        }
        None => false,
    }
}

fn decimal_value(neg: bool, d: &num_bigint::BigUint, e10: i64) -> Q {
    let n = d.to_string().len() as i64;
    let shift = e10 - n;
    let ten = BigInt::from(10);
    let m = BigInt::from(d.clone());
    let v = if shift >= 0 {
        Q::from_integer(m * num_traits::pow(ten, shift as usize))
    } else {
        Q::new(m, num_traits::pow(ten, (-shift) as usize))
    };
    if neg {
        -v
    } else {
        v
    }
}

/// At the cap: the longest prefix on which both ends agree.
fn partial(lo: Q, hi: Q, digits: u32, prec: u32) -> Certified {
    let mut k = digits;
    while k > 0 {
        k -= 1;
        if k == 0 {
            break;
        }
        if lo.is_negative() == hi.is_negative() && round_sig(&lo, k) == round_sig(&hi, k) {
            let (neg, d, e) = round_sig(&lo, k).expect("non-zero");
            return Certified {
                decimal: format_sig(neg, &d, e),
                digits: k,
                requested: digits,
                enclosure: Some((lo, hi)),
                exact: false,
                prec,
            };
        }
    }
    Certified {
        decimal: "?".into(),
        digits: 0,
        requested: digits,
        enclosure: Some((lo, hi)),
        exact: false,
        prec,
    }
}

/// The enclosure as two decimal strings, rounded outward to `n` digits.
pub fn enclosure_strings(lo: &Q, hi: &Q, n: u32) -> (String, String) {
    let f = |q: &Q, m: Rounding| match round_sig_mode(q, n, m) {
        None => "0".to_string(),
        Some((neg, d, e)) => format_sig(neg, &d, e),
    };
    (f(lo, Rounding::Floor), f(hi, Rounding::Ceil))
}

/// The double nearest to the value (ties to even), certified; `Undecided`
/// only at the precision cap.
pub fn nearest_f64<F>(eval: F, base: Base, scaling: BaseScaling) -> Decision<f64>
where
    F: Fn(u32) -> Real,
{
    let start = 96;
    let mut v = eval(start);
    let cap = prec_cap(&v);
    let mut at = start;
    refine(start, cap, |prec| {
        if prec != at && matches!(v, Real::Ball(_)) {
            v = eval(prec);
        }
        at = prec;
        match shape(&v, base, scaling, prec) {
            Shape::Unknown => Attempt::Refine(prec * 2),
            Shape::Inf(pos) => Attempt::Done(if pos {
                f64::INFINITY
            } else {
                f64::NEG_INFINITY
            }),
            Shape::Exact(q) => Attempt::Done(q_to_f64(&q)),
            Shape::Interval(lo, hi) => {
                let (a, b) = (q_to_f64(&lo), q_to_f64(&hi));
                if a.to_bits() == b.to_bits() {
                    Attempt::Done(a)
                } else {
                    Attempt::Refine(next_prec(prec, &lo, &hi, 18, cap))
                }
            }
        }
    })
    .into()
}

/// The sign of a closed form, certified by refinement.
fn form_sign(f: &crate::exact::LogForm) -> Decision<Ordering> {
    if let Some(q) = f.is_rational().then(|| f.rational_part()) {
        return Decision::Decided(q.cmp(&Q::zero()));
    }
    let cap = prec_cap(&Real::Form(f.clone()));
    refine(64, cap, |prec| {
        match crate::exact::ball::sign(&f.enclose(prec)) {
            Some(s) => Attempt::Done(s),
            None => Attempt::Refine(prec * 2),
        }
    })
    .into()
}

/// The sign of the value, certified (`Equal` only for an exact zero).
pub fn decide_sign<F>(eval: F) -> Decision<Ordering>
where
    F: Fn(u32) -> Real,
{
    decide_sign_capped(eval, MAX_PREC)
}

/// [`decide_sign`] with a caller-chosen precision cap (bits, at most
/// [`MAX_PREC`]): campaigns over many instances use a lower cap so that an
/// undecidable instance (an algebraic value equal to zero) costs little.
pub fn decide_sign_capped<F>(eval: F, max_prec: u32) -> Decision<Ordering>
where
    F: Fn(u32) -> Real,
{
    let max_prec = max_prec.clamp(64, MAX_PREC);
    let start = 64;
    let mut v = eval(start);
    match &v {
        Real::PosInf => return Decision::Decided(Ordering::Greater),
        Real::NegInf => return Decision::Decided(Ordering::Less),
        // a closed form's sign is always found (its own cap, [`prec_cap`])
        Real::Form(f) => return form_sign(f),
        Real::Sqrt(f) if f.is_zero() => return Decision::Decided(Ordering::Equal),
        Real::Sqrt(f) => {
            return match form_sign(f) {
                Decision::Decided(Ordering::Less) | Decision::Undecided => Decision::Undecided,
                d => d,
            };
        }
        _ => {}
    }
    let mut at = start;
    refine(start, max_prec, |prec| {
        if prec != at {
            v = eval(prec);
            at = prec;
        }
        match &v {
            Real::PosInf => return Attempt::Done(Ordering::Greater),
            Real::NegInf => return Attempt::Done(Ordering::Less),
            Real::Form(f) if f.is_rational() => {
                return Attempt::Done(f.rational_part().cmp(&Q::zero()))
            }
            _ => {}
        }
        match v.enclose(prec).and_then(|b| crate::exact::ball::sign(&b)) {
            Some(s) => Attempt::Done(s),
            None => Attempt::Refine(prec * 2),
        }
    })
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint;

    /// An algebraic value exactly on a rounding boundary, that the engine
    /// can only enclose: 1/4 ± 2^-prec at every precision.
    fn boundary(prec: u32) -> Real {
        let mut b = Ball::from_q(&Q::new(1.into(), 4.into()), prec);
        b.rad = BigUint::from(1u32);
        Real::Ball(b)
    }

    #[test]
    fn the_cap_prints_only_certified_digits() {
        let c = certify_digits(boundary, Base::E, BaseScaling::None, 1);
        // 0.25 to 1 digit is 0.2 (ties to even), but ±ε could round to 0.3: not decided
        assert_eq!(c.digits, 0);
        assert!(!c.complete());
        // away from the tie every digit is certified
        let c = certify_digits(boundary, Base::E, BaseScaling::None, 5);
        assert_eq!((c.decimal.as_str(), c.digits), ("0.25000", 5));
        // 0.125 ± ε at 2 digits: a tie at the second digit, only "0.1" is certain
        let eighth = |prec: u32| {
            let mut b = Ball::from_q(&Q::new(1.into(), 8.into()), prec);
            b.rad = BigUint::from(1u32);
            Real::Ball(b)
        };
        let c = certify_digits(eighth, Base::E, BaseScaling::None, 2);
        assert_eq!((c.decimal.as_str(), c.digits), ("0.1", 1));
        assert_eq!(decide_sign(boundary), Decision::Decided(Ordering::Greater));
    }

    /// `x ± 2^-prec` re-evaluated at every precision.
    fn around(x: Q) -> impl Fn(u32) -> Real {
        move |prec| {
            let mut b = Ball::from_q(&x, prec + 8);
            b.rad = BigUint::from(1u32) << 8usize;
            Real::Ball(b)
        }
    }

    /// A value on a rounding boundary stops refining once the enclosure is
    /// far narrower than the last digit (TIE_BITS), not at MAX_PREC, with
    /// only the certain digits; the wrong variant, a value 2^-60 off the
    /// boundary, is still certified in full (the stop must not fire).
    #[test]
    fn a_tie_stops_early_and_a_near_tie_is_certified() {
        let c = certify_digits(boundary, Base::E, BaseScaling::None, 1);
        assert_eq!(c.digits, 0);
        assert!(c.prec <= 512, "climbed to {} bits", c.prec);
        let eighth = Q::new(1.into(), 8.into());
        let c = certify_digits(around(eighth.clone()), Base::E, BaseScaling::None, 2);
        assert_eq!((c.decimal.as_str(), c.digits), ("0.1", 1));
        assert!(c.prec <= 512, "climbed to {} bits", c.prec);
        // wrong variant: 1/4 + 2^-60 and 1/8 − 2^-80 are not ties (2^-80 is
        // 2^-73 units of the second digit, above 2^-TIE_BITS)
        let near = Q::new(1.into(), 4.into()) + crate::num::pow2(-60);
        let c = certify_digits(around(near), Base::E, BaseScaling::None, 1);
        assert_eq!((c.decimal.as_str(), c.digits), ("0.3", 1));
        let near = eighth - crate::num::pow2(-80);
        let c = certify_digits(around(near), Base::E, BaseScaling::None, 2);
        assert_eq!((c.decimal.as_str(), c.digits), ("0.12", 2));
    }

    /// An enclosure of zero stops at ZERO_STOP_PREC, and one whose width
    /// does not shrink stops at the second attempt; the wrong variant, a
    /// tiny non-zero value (2^-3000), is certified in full.
    #[test]
    fn zero_and_stalled_enclosures_stop_tiny_values_do_not() {
        let c = certify_digits(around(Q::zero()), Base::E, BaseScaling::None, 5);
        assert_eq!((c.decimal.as_str(), c.digits), ("?", 0));
        assert!(c.prec >= ZERO_STOP_PREC && c.prec < MAX_PREC, "{}", c.prec);
        let stalled = |prec: u32| {
            let mut b = Ball::from_q(&Q::new(1.into(), 3.into()), prec);
            b.rad = BigUint::from(1u32) << (prec - 20) as usize; // ± 2^-20 always
            Real::Ball(b)
        };
        let c = certify_digits(stalled, Base::E, BaseScaling::None, 10);
        assert!(c.digits < 10 && c.digits >= 5, "{c:?}");
        assert!(c.prec < 1024, "climbed to {} bits", c.prec);
        let tiny = crate::num::pow2(-3000) * Q::new(1.into(), 3.into());
        let c = certify_digits(around(tiny), Base::E, BaseScaling::None, 30);
        assert_eq!(c.digits, 30);
        // 2^-3000/3 = 2.709516208519245146823959352489503…e-904 (Python's
        // decimal module at 40 digits)
        assert!(
            c.decimal
                .replace('.', "")
                .starts_with("270951620851924514682395935249"),
            "{}",
            c.decimal
        );
    }

    #[test]
    fn exact_rationals_round_half_even() {
        let c = certify_digits(
            |_| Real::q(Q::new(1.into(), 4.into())),
            Base::E,
            BaseScaling::None,
            1,
        );
        assert_eq!((c.decimal.as_str(), c.exact), ("0.2", false));
        let c = certify_digits(
            |_| Real::q(Q::new(1.into(), 4.into())),
            Base::E,
            BaseScaling::None,
            2,
        );
        assert_eq!((c.decimal.as_str(), c.exact), ("0.25", true));
    }
}
