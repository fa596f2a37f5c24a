//! Comparing a double against a certified expected double: NaN, sign,
//! infinities, then the distance in units in the last place.

use serde::Serialize;

/// The position of a double on the integer line that preserves order:
/// adjacent doubles differ by 1, `+0` and `−0` both map to 0.
fn ordinal(x: f64) -> i64 {
    let b = x.to_bits();
    let mag = (b & 0x7fff_ffff_ffff_ffff) as i64;
    if b >> 63 == 1 {
        -mag
    } else {
        mag
    }
}

/// The number of doubles between `a` and `b` (0 when equal, `+0 == −0`);
/// `None` if either is NaN. Infinities sit one step beyond `f64::MAX`.
///
/// # Examples
/// ```
/// use infocert::conformance::ulp_distance;
/// assert_eq!(ulp_distance(1.0, 1.0 + f64::EPSILON), Some(1));
/// assert_eq!(ulp_distance(0.0, -0.0), Some(0));
/// assert_eq!(ulp_distance(5e-324, -5e-324), Some(2));
/// assert_eq!(ulp_distance(f64::NAN, 1.0), None);
/// ```
pub fn ulp_distance(a: f64, b: f64) -> Option<u64> {
    if a.is_nan() || b.is_nan() {
        return None;
    }
    Some((ordinal(a) as i128 - ordinal(b) as i128).unsigned_abs() as u64)
}

/// Why an actual value is not within budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mismatch {
    /// The actual value is NaN but a number was expected.
    Nan,
    /// A number was returned where the input is invalid (NaN expected).
    ExpectedNan,
    /// Both non-zero, with opposite signs (a negative divergence, …).
    Sign,
    /// An infinity on one side only, or infinities of opposite sign.
    Infinity,
    /// Finite, same sign, but more ulps away than the budget.
    Ulps,
}

impl Mismatch {
    /// Short label for tables.
    pub fn label(self) -> &'static str {
        match self {
            Mismatch::Nan => "NaN",
            Mismatch::ExpectedNan => "not NaN",
            Mismatch::Sign => "sign",
            Mismatch::Infinity => "inf",
            Mismatch::Ulps => "ulps",
        }
    }
}

/// The comparison of one actual value with the expected one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparison {
    /// Ulp distance (`None` when one side is NaN or an infinity mismatch).
    pub ulps: Option<u64>,
    /// `None` when within budget.
    pub mismatch: Option<Mismatch>,
}

impl Comparison {
    /// Whether the value is within budget.
    pub fn passed(&self) -> bool {
        self.mismatch.is_none()
    }
}

/// Compare in order NaN, sign, infinities, then ulp distance against
/// `max_ulps`. An expected NaN marks an invalid input: only NaN passes.
/// Zeros carry no sign (`+0 == −0`, and a zero never mismatches in sign).
///
/// # Examples
/// ```
/// use infocert::conformance::{compare, Mismatch};
/// assert!(compare(0.5, 0.5, 0).passed());
/// assert_eq!(compare(1e-17, -1e-17, 1000).mismatch, Some(Mismatch::Sign));
/// assert_eq!(compare(f64::INFINITY, f64::MAX, 4).mismatch, Some(Mismatch::Infinity));
/// assert_eq!(compare(1.0, 1.0 + 4.0 * f64::EPSILON, 3).mismatch, Some(Mismatch::Ulps));
/// ```
pub fn compare(expected: f64, actual: f64, max_ulps: u64) -> Comparison {
    let fail = |m, ulps| Comparison {
        ulps,
        mismatch: Some(m),
    };
    match (expected.is_nan(), actual.is_nan()) {
        (true, true) => {
            return Comparison {
                ulps: Some(0),
                mismatch: None,
            }
        }
        (false, true) => return fail(Mismatch::Nan, None),
        (true, false) => return fail(Mismatch::ExpectedNan, None),
        (false, false) => {}
    }
    let ulps = ulp_distance(expected, actual);
    if expected != 0.0 && actual != 0.0 && (expected < 0.0) != (actual < 0.0) {
        return fail(Mismatch::Sign, ulps);
    }
    if expected.is_infinite() || actual.is_infinite() {
        return if expected == actual {
            Comparison {
                ulps: Some(0),
                mismatch: None,
            }
        } else {
            fail(Mismatch::Infinity, None)
        };
    }
    let u = ulps.expect("finite, not NaN");
    if u > max_ulps {
        fail(Mismatch::Ulps, Some(u))
    } else {
        Comparison {
            ulps: Some(u),
            mismatch: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_is_symmetric_and_crosses_zero() {
        let tiny = f64::from_bits(1);
        assert_eq!(ulp_distance(tiny, 0.0), Some(1));
        assert_eq!(ulp_distance(-tiny, tiny), Some(2));
        assert_eq!(ulp_distance(f64::MAX, f64::INFINITY), Some(1));
        assert_eq!(
            ulp_distance(f64::NEG_INFINITY, f64::INFINITY),
            Some(0xffe0_0000_0000_0000)
        );
        assert_eq!(ulp_distance(2.0, 1.0), Some(1 << 52));
    }

    #[test]
    fn order_nan_sign_inf_ulps() {
        assert_eq!(compare(1.0, f64::NAN, 99).mismatch, Some(Mismatch::Nan));
        assert_eq!(
            compare(f64::NAN, 0.0, 99).mismatch,
            Some(Mismatch::ExpectedNan)
        );
        assert!(compare(f64::NAN, f64::NAN, 0).passed());
        assert_eq!(compare(2.0, -2.0, u64::MAX).mismatch, Some(Mismatch::Sign));
        assert!(compare(0.0, -0.0, 0).passed());
        assert!(compare(0.0, -f64::from_bits(1), 1).passed());
        assert!(compare(f64::INFINITY, f64::INFINITY, 0).passed());
        assert_eq!(
            compare(f64::INFINITY, f64::NEG_INFINITY, 9).mismatch,
            Some(Mismatch::Sign)
        );
        assert_eq!(
            compare(1.0, f64::INFINITY, u64::MAX).mismatch,
            Some(Mismatch::Infinity)
        );
        assert_eq!(compare(1.0, 1.0 + f64::EPSILON, 1).ulps, Some(1));
    }
}
