//! Deciding one relation `lhs rel rhs` between two exact-engine values.
//!
//! * Both sides closed forms ([`Real::Form`], or square roots of closed
//!   forms compared by squaring): the difference is an exact closed form,
//!   zero iff its coefficient vector is zero; a non-zero difference is
//!   transcendental or a non-zero rational, so its sign is always found by
//!   refining the enclosure. Such decisions are **exact**.
//! * Otherwise the sign of `lhs − rhs` is decided on certified enclosures,
//!   re-evaluating both sides at higher precision up to a cap
//!   ([`decide_sign_capped`]). Such decisions are **certified**. An
//!   equality between values with no closed form can only be refuted: if
//!   the enclosures never exclude zero the answer is *undecided*.
//! * `±∞` compare as extended reals (`+∞ = +∞`, finite `< +∞`).

use std::cmp::Ordering;

use serde::Serialize;

use super::arith::{Arith, Undefined};
use crate::certify::{decide_sign_capped, Decision, MAX_PREC};
use crate::claims::Rel;
use crate::exact::engine::Real;
use crate::exact::LogForm;
use crate::num::Q;

/// How a decision was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum How {
    /// By exact closed forms (or infinities).
    Exact,
    /// By certified enclosures.
    Certified,
}

/// The certified order of two values, and how it was found.
pub fn compare<F>(lhs: &Real, rhs: &Real, refine: F, max_prec: u32) -> Option<(Ordering, How)>
where
    F: Fn(u32) -> Option<(Real, Real)>,
{
    use Real::*;
    let rank = |v: &Real| match v {
        NegInf => 0,
        PosInf => 2,
        _ => 1,
    };
    if rank(lhs) != 1 || rank(rhs) != 1 {
        return Some((rank(lhs).cmp(&rank(rhs)), How::Exact));
    }
    let exact = |d: LogForm| -> Option<(Ordering, How)> {
        if d.is_zero() {
            return Some((Ordering::Equal, How::Exact));
        }
        match decide_sign_capped(|_| Real::Form(d.clone()), MAX_PREC) {
            Decision::Decided(o) => Some((o, How::Exact)),
            Decision::Undecided => None,
        }
    };
    match (lhs, rhs) {
        (Form(a), Form(b)) => return exact(a.sub(b)),
        (Sqrt(a), Sqrt(b)) => return exact(a.sub(b)),
        (Sqrt(a), Form(b)) if b.is_rational() => {
            let r = b.rational_part();
            if r < &Q::from_integer(0.into()) {
                return Some((Ordering::Greater, How::Exact));
            }
            return exact(a.sub(&LogForm::rational(r * r)));
        }
        (Form(b), Sqrt(a)) if b.is_rational() => {
            let r = b.rational_part();
            if r < &Q::from_integer(0.into()) {
                return Some((Ordering::Less, How::Exact));
            }
            return exact(LogForm::rational(r * r).sub(a));
        }
        _ => {}
    }
    let d = decide_sign_capped(
        |p| match refine(p) {
            Some((l, r)) => Arith::new(p)
                .sub(l, r)
                .unwrap_or_else(|Undefined(_)| Real::Ball(unbounded(p))),
            None => Real::Ball(unbounded(p)),
        },
        max_prec,
    );
    match d {
        Decision::Decided(o) => Some((o, How::Certified)),
        Decision::Undecided => None,
    }
}

fn unbounded(prec: u32) -> crate::exact::Ball {
    crate::exact::Ball::unknown(prec)
}

/// Whether `ord` (of `lhs` against `rhs`) satisfies `rel`.
pub fn satisfies(rel: Rel, ord: Ordering) -> bool {
    match rel {
        Rel::Eq => ord == Ordering::Equal,
        Rel::Ne => ord != Ordering::Equal,
        Rel::Lt => ord == Ordering::Less,
        Rel::Le => ord != Ordering::Greater,
        Rel::Gt => ord == Ordering::Greater,
        Rel::Ge => ord != Ordering::Less,
    }
}
