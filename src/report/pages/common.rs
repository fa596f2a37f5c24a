//! Exact helpers shared by the pages: rational vectors as CLI and claim
//! text, binomial probabilities, KL sums written out in the claims language.

use crate::Q;
use num_bigint::BigInt;
use num_traits::{One, ToPrimitive, Zero};

/// `a/b` as an exact rational.
pub(crate) fn q(a: i64, b: i64) -> Q {
    Q::new(BigInt::from(a), BigInt::from(b))
}

/// A vector of rationals as CLI text (`1/2,1/4,1/4`).
pub(crate) fn text(xs: &[Q]) -> String {
    super::super::qs_text(xs)
}

/// Nearest doubles (for plots only).
pub(crate) fn f64s(xs: &[Q]) -> Vec<f64> {
    xs.iter().map(|x| x.to_f64().unwrap_or(f64::NAN)).collect()
}

/// One rational in claim syntax (`3/8`, `0`), parenthesised when a fraction.
pub(crate) fn term(x: &Q) -> String {
    let t = crate::num::q_text(x);
    if t.contains('/') {
        format!("({t})")
    } else {
        t
    }
}

/// `Bin(n, θ)` probabilities, exact.
pub(crate) fn binomial(n: u32, theta: &Q) -> Vec<Q> {
    let one_minus = Q::one() - theta;
    let mut c = BigInt::one();
    (0..=n)
        .map(|k| {
            if k > 0 {
                c = c.clone() * BigInt::from(n - k + 1) / BigInt::from(k);
            }
            Q::from(c.clone()) * pow(theta, k) * pow(&one_minus, n - k)
        })
        .collect()
}

fn pow(x: &Q, k: u32) -> Q {
    (0..k).fold(Q::one(), |acc, _| acc * x)
}

/// `Σ a·ln(a/b)` over the entries with `a > 0`, written in the claims
/// language, so a claim can state a KL between vectors it cannot name.
pub(crate) fn kl_sum(a: &[Q], b: &[Q]) -> String {
    let terms: Vec<String> = a
        .iter()
        .zip(b)
        .filter(|(x, _)| !x.is_zero())
        .map(|(x, y)| format!("{}*ln({}/{})", term(x), term(x), term(y)))
        .collect();
    format!("({})", terms.join(" + "))
}

/// `Σ w·v` written out (`(1/4)*ln(1/5) + …`), for expectations of
/// expressions `v`.
pub(crate) fn weighted(w: &[Q], v: &[String]) -> String {
    let terms: Vec<String> = w
        .iter()
        .zip(v)
        .filter(|(x, _)| !x.is_zero())
        .map(|(x, y)| format!("{}*{}", term(x), y))
        .collect();
    format!("({})", terms.join(" + "))
}

/// `−Σ p ln p` written out.
pub(crate) fn entropy_sum(p: &[Q]) -> String {
    let terms: Vec<String> = p
        .iter()
        .filter(|x| !x.is_zero())
        .map(|x| format!("{}*ln({})", term(x), crate::num::q_text(x)))
        .collect();
    format!("(-({}))", terms.join(" + "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomial_sums_to_one_and_matches_hand_values() {
        // Bin(2, 1/3) = (4/9, 4/9, 1/9), worked by hand
        assert_eq!(binomial(2, &q(1, 3)), vec![q(4, 9), q(4, 9), q(1, 9)]);
        let s: Q = binomial(10, &q(1, 5)).iter().sum();
        assert_eq!(s, Q::one());
    }

    #[test]
    fn claim_text_helpers() {
        assert_eq!(
            kl_sum(&[q(1, 2), q(1, 2), Q::zero()], &[q(1, 4), q(3, 4), q(0, 1)]),
            "((1/2)*ln((1/2)/(1/4)) + (1/2)*ln((1/2)/(3/4)))"
        );
        assert_eq!(
            entropy_sum(&[q(1, 2), q(1, 2)]),
            "(-((1/2)*ln(1/2) + (1/2)*ln(1/2)))"
        );
    }
}
