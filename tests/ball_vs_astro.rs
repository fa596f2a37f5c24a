//! The hand-written fixed-point ln / exp / sqrt against astro-float, an
//! independent arbitrary-precision library with documented correct
//! rounding in the directed modes (it matched MPFR bit for bit on ~60,000
//! directed cases, see the research notes). Every ball must contain the
//! astro-float enclosure of the same real number.

use astro_float::{BigFloat, Consts, RoundingMode, Sign};
use infocert::exact::ball::{ln_ratio, Ball};
use infocert::num::Q;
use num_bigint::{BigInt, BigUint};
use proptest::prelude::*;

fn to_bf(n: &BigUint) -> BigFloat {
    let d = n.to_u64_digits();
    BigFloat::from_words(&d, Sign::Pos, 64 * d.len() as i32)
}

fn bf_to_q(x: &BigFloat) -> Q {
    let (w, _, s, e, _) = x.as_raw_parts().expect("finite");
    let mut m = BigUint::from(0u32);
    for (i, word) in w.iter().enumerate() {
        m += BigUint::from(*word) << (64 * i);
    }
    let sh = e as i64 - 64 * w.len() as i64;
    let mut v = Q::from_integer(BigInt::from(m)) * infocert::num::pow2(sh);
    if s == Sign::Neg {
        v = -v;
    }
    v
}

/// astro-float enclosure of ln(a/b) at `p` bits.
fn astro_ln(a: &BigUint, b: &BigUint, p: usize, cc: &mut Consts) -> (Q, Q) {
    let (fa, fb) = (to_bf(a), to_bf(b));
    let lo = fa
        .div(&fb, p, RoundingMode::Down)
        .ln(p, RoundingMode::Down, cc);
    let hi = fa.div(&fb, p, RoundingMode::Up).ln(p, RoundingMode::Up, cc);
    (bf_to_q(&lo), bf_to_q(&hi))
}

fn check_ln(a: &BigUint, b: &BigUint, prec: u32, cc: &mut Consts) {
    let ball = ln_ratio(a, b, prec);
    let (lo, hi) = ball.bounds_q();
    let (alo, ahi) = astro_ln(a, b, prec as usize + 128, cc);
    assert!(
        lo <= alo && ahi <= hi,
        "ln({a}/{b}) at {prec} bits: ball does not contain astro's enclosure"
    );
    assert!(
        ball.rad <= BigUint::from(4u32),
        "ln({a}/{b}) too wide: rad {}",
        ball.rad
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn ln_of_machine_ratios(a in 1u64.., b in 1u64.., prec in prop::sample::select(vec![64u32, 128, 200, 333, 700])) {
        let mut cc = Consts::new().expect("consts");
        check_ln(&BigUint::from(a), &BigUint::from(b), prec, &mut cc);
    }

    #[test]
    fn ln_near_one_and_of_big_ratios(a in 1u64.., d in -1000i64..1000, shift in 0usize..600, prec in prop::sample::select(vec![100u32, 256, 1000])) {
        let mut cc = Consts::new().expect("consts");
        let big = BigUint::from(a) << shift;
        let other = BigInt::from(big.clone()) + d;
        if other > BigInt::from(0) {
            check_ln(&big, other.magnitude(), prec, &mut cc);
            check_ln(other.magnitude(), &BigUint::from(3u32), prec, &mut cc);
        }
    }

    #[test]
    fn exp_and_sqrt(m in -(1i64 << 40)..(1i64 << 40), prec in prop::sample::select(vec![64u32, 128, 300])) {
        let mut cc = Consts::new().expect("consts");
        // x = m·2^-34 ∈ (−64, 64)
        let x = Q::new(BigInt::from(m), BigInt::from(1u64 << 34));
        let ball = Ball::from_q(&x, prec);
        prop_assert!(ball.is_exact());
        let (lo, hi) = ball.exp().bounds_q();
        let p = prec as usize + 128;
        let xf = to_bf(&BigUint::from(m.unsigned_abs())).div(&to_bf(&BigUint::from(1u64 << 34)), p, RoundingMode::Down);
        let xf = if m < 0 { xf.neg() } else { xf };
        let elo = bf_to_q(&xf.exp(p, RoundingMode::Down, &mut cc));
        let ehi = bf_to_q(&xf.exp(p, RoundingMode::Up, &mut cc));
        prop_assert!(lo <= elo && ehi <= hi, "exp({x})");
        if m > 0 {
            let (slo, shi) = ball.sqrt().expect("non-negative").bounds_q();
            let alo = bf_to_q(&xf.sqrt(p, RoundingMode::Down));
            let ahi = bf_to_q(&xf.sqrt(p, RoundingMode::Up));
            prop_assert!(slo <= alo && ahi <= shi, "sqrt({x})");
        }
    }
}

#[test]
fn a_wrong_ln_is_caught() {
    // the containment check must be able to fail: shift a correct ball by 3 units
    let mut cc = Consts::new().expect("consts");
    let (a, b) = (BigUint::from(10u32), BigUint::from(11u32));
    let mut ball = ln_ratio(&a, &b, 128);
    ball.mid += BigInt::from((&ball.rad + 1u32) * 3u32);
    let (lo, hi) = ball.bounds_q();
    let (alo, ahi) = astro_ln(&a, &b, 256, &mut cc);
    assert!(!(lo <= alo && ahi <= hi));
}
