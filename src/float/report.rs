//! `infocert eval --engine float`: exact CLI inputs rounded to doubles,
//! evaluated by the float engine, reported with the bound.

use serde::Serialize;

use super::{evaluate_correctly_rounded_in, evaluate_in, FloatValue};
use std::borrow::Cow;

use crate::dist::{FloatMatrix, FloatVec};
use crate::error::{Error, Result};
use crate::exact::Base;
use crate::measures::{Alpha, Args, Joint, Measure};
use crate::num::{q_to_f64, Q};

/// C99 hexadecimal form of a double (`%a`); the one implementation is
/// [`crate::num::hex_f64`].
pub use crate::num::hex_f64 as f64_hex;

/// Shortest round-trip decimal (Rust's `{}` / `{:e}`, positional for
/// `1e-5 ≤ |x| < 1e16`), `inf`, `-inf`, `nan`.
pub fn shortest(x: f64) -> String {
    let a = x.abs();
    if a == 0.0 || (1e-5..1e16).contains(&a) || !x.is_finite() {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// The JSON object of `infocert eval --engine float --json`.
#[derive(Debug, Clone, Serialize)]
pub struct FloatReport {
    /// Measure name.
    pub measure: String,
    /// Always `"float"`.
    pub engine: &'static str,
    /// `"as_given"` or `"normalized"` (exactly, before rounding to doubles).
    pub semantics: &'static str,
    /// Shortest round-trip decimal of the double result (`inf` for +∞).
    pub f64: String,
    /// C99 hex float of the result.
    pub f64_hex: String,
    /// Rigorous absolute error bound (shortest round-trip decimal; `0` when
    /// the result is exact, `inf` when no bound is available).
    pub err_bound: String,
    /// Whether `f64` is the correctly rounded value (then `err_bound` is the
    /// float engine's bound before rounding).
    pub correctly_rounded: bool,
    /// Correctly rounded mode only: whether the exact fallback was needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact_fallback: Option<bool>,
    /// Inputs that were not doubles and were rounded to the nearest one.
    pub inputs_rounded: usize,
    /// Logarithm base of the value: `"e"`, `"2"`, `"10"`.
    pub base: &'static str,
}

/// Inputs of [`eval_report`].
#[derive(Debug, Clone, Copy)]
pub struct FloatRequest<'a> {
    /// The measure.
    pub measure: Measure,
    /// First distribution (doubles from `.npy`, or exact values as parsed).
    pub p: Option<&'a FloatVec>,
    /// Second distribution.
    pub q: Option<&'a FloatVec>,
    /// Joint matrix.
    pub joint: Option<&'a FloatMatrix>,
    /// Rényi order.
    pub alpha: Option<&'a Alpha>,
    /// Divide each vector by its exact sum before rounding to doubles.
    pub normalize: bool,
    /// Return the correctly rounded double.
    pub correctly_rounded: bool,
    /// Logarithm base (the bound covers the division by `ln b`).
    pub base: Base,
}

/// The doubles the engine reads: doubles as given are used in place (no
/// rational is built); normalized doubles are divided by their exact sum
/// (one rational) and rounded, as [`to_f64_exact`] would.
fn to_f64<'a>(
    which: &str,
    xs: &'a FloatVec,
    normalize: bool,
    rounded: &mut usize,
) -> Result<Cow<'a, [f64]>> {
    doubles_to_f64(which, xs, normalize, rounded, |v| match v {
        FloatVec::Doubles(d) => Ok((d, 0)),
        FloatVec::Rounded { values, rounded } => Ok((values, *rounded)),
        FloatVec::Exact(e) => Err(e),
    })
}

/// `split` gives the doubles and how many inputs were rounded to them, or
/// the exact values.
fn doubles_to_f64<'a, T>(
    which: &str,
    xs: &'a T,
    normalize: bool,
    rounded: &mut usize,
    split: impl Fn(&'a T) -> std::result::Result<(&'a [f64], usize), &'a [Q]>,
) -> Result<Cow<'a, [f64]>> {
    match split(xs) {
        Err(exact) => Ok(Cow::Owned(to_f64_exact(which, exact, normalize, rounded)?)),
        Ok((d, r)) if !normalize => {
            *rounded += r;
            Ok(Cow::Borrowed(d))
        }
        Ok((_, r)) if r > 0 => Err(Error::Invalid(format!(
            "{which}: values already rounded to doubles cannot be normalized exactly \
             (the readers keep exact values when normalizing)"
        ))),
        Ok((d, _)) => {
            let sum = super::input::exact_sum_q(d);
            if sum == Q::from_integer(0.into()) {
                return Err(Error::ZeroSum {
                    which: which.into(),
                });
            }
            Ok(Cow::Owned(super::input::divide_rounded(d, &sum, rounded)))
        }
    }
}

/// Exact values rounded to doubles (after dividing by their exact sum when
/// `normalize`), counting the values that were not doubles.
fn to_f64_exact(which: &str, xs: &[Q], normalize: bool, rounded: &mut usize) -> Result<Vec<f64>> {
    use num_traits::{Signed, Zero};
    // the sum only when normalizing ([`crate::num::sum_q`]: no gcd per
    // element); each quotient `a/b ÷ c/d = ad/bc` is left unreduced (a gcd
    // per element cost more than the rest): rounding and comparison only
    // read its value
    // (|sum|, sum < 0): the quotient's denominator stays positive
    let sum = if normalize {
        let s = crate::num::sum_q(xs);
        if s.is_zero() {
            return Err(Error::ZeroSum {
                which: which.into(),
            });
        }
        let neg = s.is_negative();
        Some((if neg { -s } else { s }, neg))
    } else {
        None
    };
    Ok(xs
        .iter()
        .map(|x| {
            let x = match &sum {
                Some((s, neg)) => {
                    let n = x.numer() * s.denom();
                    Q::new_raw(if *neg { -n } else { n }, x.denom() * s.numer())
                }
                None => x.clone(),
            };
            let f = q_to_f64(&x);
            if crate::num::f64_to_q(f).as_ref() != Some(&x) {
                *rounded += 1;
            }
            f
        })
        .collect())
}

/// Evaluate a CLI request with the float engine (in base `r.base`).
pub fn eval_report(r: &FloatRequest<'_>) -> Result<FloatReport> {
    let mut rounded = 0;
    let p =
        r.p.map(|v| to_f64("p", v, r.normalize, &mut rounded))
            .transpose()?;
    let q =
        r.q.map(|v| to_f64("q", v, r.normalize, &mut rounded))
            .transpose()?;
    let (flat, rows, cols) = match r.joint {
        Some(FloatMatrix::Exact(rows)) => {
            let cols = rows.first().map_or(0, |x| x.len());
            if rows.iter().any(|x| x.len() != cols) {
                return Err(Error::Invalid("joint rows differ in length".into()));
            }
            let all: Vec<Q> = rows.iter().flatten().cloned().collect();
            (
                Some(Cow::Owned(to_f64_exact(
                    "joint",
                    &all,
                    r.normalize,
                    &mut rounded,
                )?)),
                rows.len(),
                cols,
            )
        }
        Some(j @ FloatMatrix::Doubles { rows, cols, .. }) => (
            Some(doubles_to_f64(
                "joint",
                j,
                r.normalize,
                &mut rounded,
                |m| match m {
                    FloatMatrix::Doubles { flat, rounded, .. } => Ok((flat, *rounded)),
                    FloatMatrix::Exact(_) => Err(&[]), // not reached: matched Doubles
                },
            )?),
            *rows,
            *cols,
        ),
        None => (None, 0, 0),
    };
    let args = Args {
        p: p.as_deref(),
        q: q.as_deref(),
        joint: flat.as_deref().map(|f| Joint {
            flat: f,
            rows,
            cols,
        }),
        alpha: r.alpha,
    };
    let (v, fv, fb): (f64, FloatValue, Option<bool>) = if r.correctly_rounded {
        let d = evaluate_correctly_rounded_in(r.measure, &args, r.base)?;
        (d.value, d.float, Some(d.fallback_prec.is_some()))
    } else {
        let fv = evaluate_in(r.measure, &args, r.base)?;
        (fv.value, fv, None)
    };
    Ok(FloatReport {
        measure: r.measure.name().into(),
        engine: "float",
        semantics: if r.normalize {
            "normalized"
        } else {
            "as_given"
        },
        f64: shortest(v),
        f64_hex: f64_hex(v),
        err_bound: shortest(fv.err),
        correctly_rounded: r.correctly_rounded,
        exact_fallback: fb,
        inputs_rounded: rounded,
        base: r.base.name(),
    })
}

#[cfg(test)]
mod tests {
    use super::f64_hex;

    #[test]
    fn hex_forms() {
        assert_eq!(f64_hex(1.0), "0x1p+0");
        assert_eq!(f64_hex(0.1), "0x1.999999999999ap-4");
        assert_eq!(f64_hex(-0.1875), "-0x1.8p-3");
        assert_eq!(f64_hex(5e-324), "0x0.0000000000001p-1022");
        assert_eq!(f64_hex(0.0), "0x0p+0");
        assert_eq!(f64_hex(f64::INFINITY), "inf");
        assert_eq!(f64_hex(f64::MAX), "0x1.fffffffffffffp+1023");
    }
}
