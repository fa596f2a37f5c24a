//! Float-engine inputs that stay doubles: the exact sum of an array of
//! doubles (one rational at the end, none per element) and division by it
//! rounded to the nearest double, exactly as rounding the exact quotient
//! of rationals would.

use num_bigint::BigInt;
use num_traits::Zero;

use crate::num::{f64_to_q, pow2, q_to_f64, Q};

/// Base-2³² digits covering bit positions `-1074 ..= 1024 + 64`.
const DIGITS: usize = 72;
/// Additions between carry propagations (each adds below 2³² per digit).
const FLUSH: usize = 1 << 20;

/// A fixed-point accumulator of doubles: the sum is `Σ d[i]·2^(32i − 1074)`
/// exactly (Neal's "small superaccumulator" idea).
struct Superacc {
    d: [i64; DIGITS],
    pending: usize,
}

/// `|x| = m·2^e` with an integer `m < 2⁵³` (x finite, nonzero).
fn decompose(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    }
}

impl Superacc {
    fn new() -> Self {
        Superacc {
            d: [0; DIGITS],
            pending: 0,
        }
    }

    fn add(&mut self, x: f64) {
        if x == 0.0 {
            return;
        }
        let (m, e) = decompose(x);
        let o = (e + 1074) as usize;
        let (i, sh) = (o / 32, o % 32);
        let v = u128::from(m) << sh;
        let parts = [
            (v & 0xffff_ffff) as i64,
            ((v >> 32) & 0xffff_ffff) as i64,
            (v >> 64) as i64,
        ];
        if x < 0.0 {
            for (k, p) in parts.iter().enumerate() {
                self.d[i + k] -= p;
            }
        } else {
            for (k, p) in parts.iter().enumerate() {
                self.d[i + k] += p;
            }
        }
        self.pending += 1;
        if self.pending == FLUSH {
            self.carry();
        }
    }

    /// Propagate carries so that every digit but the last is in `[0, 2³²)`.
    fn carry(&mut self) {
        for i in 0..DIGITS - 1 {
            let c = self.d[i] >> 32;
            self.d[i] -= c << 32;
            self.d[i + 1] += c;
        }
        self.pending = 0;
    }

    fn value(mut self) -> Q {
        self.carry();
        let mut n = BigInt::zero();
        for &x in self.d.iter().rev() {
            n = (n << 32) + BigInt::from(x);
        }
        Q::from_integer(n) * pow2(-1074)
    }
}

/// The exact sum of finite doubles, as one rational.
pub fn exact_sum_q(xs: &[f64]) -> Q {
    let mut a = Superacc::new();
    for &x in xs {
        a.add(x);
    }
    a.value()
}

/// Whether `a·b == c` exactly (finite, nonzero doubles; magnitudes).
fn product_is(a: f64, b: f64, c: f64) -> bool {
    let ((ma, ea), (mb, eb), (mc, ec)) = (decompose(a), decompose(b), decompose(c));
    let p = u128::from(ma) * u128::from(mb);
    let (tp, tc) = (p.trailing_zeros(), mc.trailing_zeros());
    p >> tp == u128::from(mc >> tc) && ea + eb + tp as i32 == ec + tc as i32
}

/// `x / sum` rounded to the nearest double, for each `x`, with `rounded`
/// increased by the number of quotients that are not doubles: the same
/// doubles and count as dividing the exact rationals and rounding each
/// (`q_to_f64(x / sum)`), but per element in double arithmetic. Elements
/// near an underflow, an overflow, or (when `sum` is not a double) a
/// rounding boundary take the rational route, one at a time.
///
/// `xs`: finite doubles; `sum`: nonzero (any rational, normally their sum).
pub fn divide_rounded(xs: &[f64], sum: &Q, rounded: &mut usize) -> Vec<f64> {
    let slow = |x: f64, rounded: &mut usize| {
        let exact = f64_to_q(x).expect("finite") / sum;
        let f = q_to_f64(&exact);
        if f64_to_q(f).as_ref() != Some(&exact) {
            *rounded += 1;
        }
        f
    };
    let in_range = |v: f64| (2f64.powi(-1000)..2f64.powi(1000)).contains(&v.abs());
    let s_hi = q_to_f64(sum);
    let s_is_double = f64_to_q(s_hi).as_ref() == Some(sum);
    if s_is_double && s_hi.is_finite() && s_hi != 0.0 {
        // one IEEE division is the correctly rounded quotient
        return xs
            .iter()
            .map(|&x| {
                if x == 0.0 {
                    return 0.0;
                }
                let r = x / s_hi;
                if !(r.is_finite() && r.abs() >= f64::MIN_POSITIVE) {
                    return slow(x, rounded);
                }
                if !product_is(r, s_hi, x) {
                    *rounded += 1;
                }
                r
            })
            .collect();
    }
    // `sum` is not a double; with an odd part wider than 53 bits, no
    // nonzero x / sum is a double (the odd part would divide x's mantissa)
    let odd_bits = {
        let n = sum.numer().magnitude();
        n.bits() - n.trailing_zeros().unwrap_or(0)
    };
    let s_lo = q_to_f64(&(sum - f64_to_q(s_hi).unwrap_or_default()));
    if odd_bits <= 53 || !in_range(s_hi) || !s_lo.is_finite() {
        return xs.iter().map(|&x| slow(x, rounded)).collect();
    }
    // |sum − s_hi − s_lo| ≤ 2⁻¹⁰⁶|sum|; q1 + q2 is x/sum to ~2⁻¹⁰³ relative
    xs.iter()
        .map(|&x| {
            if x == 0.0 {
                return 0.0;
            }
            let q1 = x / s_hi;
            if !in_range(x) || !in_range(q1) {
                return slow(x, rounded);
            }
            let e1 = (-q1).mul_add(s_hi, x); // x − q1·s_hi exactly
            let q2 = (e1 - q1 * s_lo) / s_hi;
            let r = q1 + q2;
            let d = ((q1 - r) + q2).abs();
            let (m, e) = decompose(r);
            let half_ulp = 2f64.powi(e - 1);
            // a power of two has a closer midpoint below; near a midpoint
            // the double-double cannot decide
            if m == 1 << 52 || (half_ulp - d).abs() <= 2f64.powi(-97) * r.abs() {
                return slow(x, rounded);
            }
            *rounded += 1;
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(xs: &[f64], sum: &Q) -> (Vec<f64>, usize) {
        let mut n = 0;
        let v = xs
            .iter()
            .map(|&x| {
                let e = f64_to_q(x).unwrap() / sum;
                let f = q_to_f64(&e);
                if f64_to_q(f).as_ref() != Some(&e) {
                    n += 1;
                }
                f
            })
            .collect();
        (v, n)
    }

    fn check(xs: &[f64]) {
        let exact: Q = xs.iter().map(|&x| f64_to_q(x).unwrap()).sum();
        assert_eq!(exact_sum_q(xs), exact, "{xs:?}");
        if exact.is_zero() {
            return;
        }
        let mut n = 0;
        let got = divide_rounded(xs, &exact, &mut n);
        let (want, wn) = reference(xs, &exact);
        assert_eq!(
            got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            want.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            "{xs:?}"
        );
        assert_eq!(n, wn, "{xs:?}");
    }

    #[test]
    fn matches_the_rational_route() {
        let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        check(&[1.0, 2.0, 3.0]);
        check(&[0.5, 0.25, 0.25, 0.0]);
        check(&[0.1, 0.2, 0.3]);
        check(&[f64::MAX, f64::MAX]);
        check(&[5e-324, 5e-324, 1e-310]);
        check(&[1e300, 1e-300, 3.0]);
        check(&[-1.0, -3.0]);
        check(&[2.0, -1.0, 1e-20]);
        check(&[1.0, -1.0]);
        for round in 0..300 {
            let n = 1 + (next() % 40) as usize;
            let xs: Vec<f64> = (0..n)
                .map(|_| {
                    let u = (next() >> 11) as f64 / (1u64 << 53) as f64;
                    match round % 4 {
                        0 => u,
                        1 => (next() % 1000) as f64,
                        2 => u * 2f64.powi((next() % 2000) as i32 - 1000),
                        _ => f64::from_bits(next() >> 2),
                    }
                })
                .collect();
            check(&xs);
        }
    }
}
