//! Fixed-width limb arithmetic for the fast path of the ball logarithm.
//!
//! Numbers are little-endian arrays of `u64` limbs on the stack (at most
//! [`L`] limbs, no allocation). Unsigned values use the first `n` limbs;
//! signed values are two's complement over `n` limbs. Every operation here
//! is exact or truncates (rounds toward zero / −∞), as its doc says: the
//! error analysis of the caller counts those truncations.

use num_bigint::{BigInt, BigUint, Sign};

/// Capacity in limbs (working precisions up to 512 bits use at most 10).
pub(crate) const L: usize = 10;

/// A fixed-capacity limb array.
pub(crate) type Limbs = [u64; L];

/// `a + b` over `n` limbs (wrapping: two's complement for signed values).
#[inline(always)]
pub(crate) fn add(a: &Limbs, b: &Limbs, n: usize) -> Limbs {
    let mut out = [0u64; L];
    let mut carry = false;
    for i in 0..n {
        let (s1, c1) = a[i].overflowing_add(b[i]);
        let (s2, c2) = s1.overflowing_add(carry as u64);
        out[i] = s2;
        carry = c1 || c2;
    }
    out
}

/// `a − b` over `n` limbs (wrapping: two's complement for signed values).
#[inline(always)]
pub(crate) fn sub(a: &Limbs, b: &Limbs, n: usize) -> Limbs {
    let mut out = [0u64; L];
    let mut borrow = false;
    for i in 0..n {
        let (s1, b1) = a[i].overflowing_sub(b[i]);
        let (s2, b2) = s1.overflowing_sub(borrow as u64);
        out[i] = s2;
        borrow = b1 || b2;
    }
    out
}

/// `−a` over `n` limbs (two's complement).
#[inline(always)]
pub(crate) fn neg(a: &Limbs, n: usize) -> Limbs {
    sub(&[0u64; L], a, n)
}

/// `a·m` over `n` limbs for unsigned `a` (exact when the product fits).
#[inline(always)]
pub(crate) fn mul_small(a: &Limbs, m: u64, n: usize) -> Limbs {
    let mut out = [0u64; L];
    let mut carry = 0u64;
    for i in 0..n {
        let p = a[i] as u128 * m as u128 + carry as u128;
        out[i] = p as u64;
        carry = (p >> 64) as u64;
    }
    out
}

/// `⌊a·b / 2^(64n)⌋` for unsigned `a`, `b` of `n` limbs each: the high half
/// of the full product, exact floor.
#[cfg(test)]
pub(crate) fn mul_hi(a: &Limbs, b: &Limbs, n: usize) -> Limbs {
    let mut full = [0u64; 2 * L];
    for i in 0..n {
        let mut carry = 0u64;
        let ai = a[i] as u128;
        for j in 0..n {
            let t = ai * b[j] as u128 + full[i + j] as u128 + carry as u128;
            full[i + j] = t as u64;
            carry = (t >> 64) as u64;
        }
        full[i + n] = carry;
    }
    let mut out = [0u64; L];
    out[..n].copy_from_slice(&full[n..2 * n]);
    out
}

/// The high half of `a·b` (unsigned, `n` limbs each) from the partial
/// products of the columns `i + j ≥ n − 1` only (about half of them): low
/// by less than `n + 1` units of the result. The dropped columns
/// `s ≤ n − 2` hold `s + 1` products below `2^(64s+128)` each, in all
/// below `Σ_s (s+1)·2^(64(s−n+2))` < `n` units of `2^(64n)`; the floor
/// adds below one more.
#[inline(always)]
pub(crate) fn mul_hi_trunc(a: &Limbs, b: &Limbs, n: usize) -> Limbs {
    let mut full = [0u64; 2 * L];
    for i in 0..n {
        let mut carry = 0u64;
        let ai = a[i] as u128;
        for j in (n - 1).saturating_sub(i)..n {
            let t = ai * b[j] as u128 + full[i + j] as u128 + carry as u128;
            full[i + j] = t as u64;
            carry = (t >> 64) as u64;
        }
        full[i + n] = carry;
    }
    let mut out = [0u64; L];
    out[..n].copy_from_slice(&full[n..2 * n]);
    out
}

/// `⌊a / 2^s⌋` over `n` limbs, logical (unsigned) shift.
#[inline(always)]
pub(crate) fn shr(a: &Limbs, s: u32, n: usize) -> Limbs {
    let mut out = [0u64; L];
    let (w, b) = ((s / 64) as usize, s % 64);
    for i in 0..n {
        let lo = if i + w < n { a[i + w] } else { 0 };
        let hi = if i + w + 1 < n { a[i + w + 1] } else { 0 };
        out[i] = if b == 0 {
            lo
        } else {
            (lo >> b) | (hi << (64 - b))
        };
    }
    out
}

/// `⌊a / 2^s⌋` over `n` limbs for a two's complement value (arithmetic
/// shift: rounds toward −∞).
#[inline(always)]
pub(crate) fn sar(a: &Limbs, s: u32, n: usize) -> Limbs {
    let negative = (a[n - 1] >> 63) == 1;
    let mut out = shr(a, s, n);
    if negative {
        // fill the vacated top bits with ones
        let total = 64 * n as u32;
        for bit in total.saturating_sub(s)..total {
            out[(bit / 64) as usize] |= 1u64 << (bit % 64);
        }
    }
    out
}

/// `v·2^s` as `n` limbs for `v < 2^64` (the caller makes sure it fits).
#[inline(always)]
pub(crate) fn shl_u64(v: u64, s: u32, n: usize) -> Limbs {
    let mut out = [0u64; L];
    let (w, b) = ((s / 64) as usize, s % 64);
    if w < n {
        out[w] = v << b;
    }
    if b > 0 && w + 1 < n {
        out[w + 1] = v >> (64 - b);
    }
    out
}

/// `⌊a / d⌋` over `n` limbs for unsigned `a` and `d > 0` (schoolbook long
/// division by one limb; exact floor), and whether the remainder was zero.
#[inline(always)]
pub(crate) fn div_small(a: &Limbs, d: u64, n: usize) -> (Limbs, bool) {
    let mut out = [0u64; L];
    let mut rem = 0u64;
    for i in (0..n).rev() {
        let cur = ((rem as u128) << 64) | a[i] as u128;
        out[i] = (cur / d as u128) as u64;
        rem = (cur % d as u128) as u64;
    }
    (out, rem == 0)
}

/// Whether the two's complement value over `n` limbs is negative.
#[inline(always)]
pub(crate) fn is_neg(a: &Limbs, n: usize) -> bool {
    (a[n - 1] >> 63) == 1
}

/// The two's complement value of `v` over `n` limbs; `None` if it does not fit.
pub(crate) fn from_bigint(v: &BigInt, n: usize) -> Option<Limbs> {
    let mag = v.magnitude();
    if mag.bits() >= 64 * n as u64 {
        return None;
    }
    let mut out = [0u64; L];
    for (i, d) in mag.iter_u64_digits().enumerate() {
        out[i] = d;
    }
    Some(if v.sign() == Sign::Minus {
        neg(&out, n)
    } else {
        out
    })
}

/// The integer of a two's complement value over `n` limbs.
pub(crate) fn to_bigint(a: &Limbs, n: usize) -> BigInt {
    let (sign, mag) = if is_neg(a, n) {
        (Sign::Minus, neg(a, n))
    } else {
        (Sign::Plus, *a)
    };
    let mut digits: Vec<u32> = Vec::with_capacity(2 * n);
    for &d in &mag[..n] {
        digits.push(d as u32);
        digits.push((d >> 32) as u32);
    }
    BigInt::from_biguint(sign, BigUint::new(digits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::{One, Zero};

    fn big(a: &Limbs, n: usize) -> BigUint {
        let mut v = BigUint::zero();
        for i in (0..n).rev() {
            v = (v << 64usize) + a[i];
        }
        v
    }

    fn pseudo(seed: &mut u64) -> u64 {
        // splitmix64
        *seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Each primitive against num-bigint on random operands.
    #[test]
    fn primitives_match_bigint() {
        let mut seed = 7u64;
        for n in 2..=8usize {
            for _ in 0..200 {
                let mut a = [0u64; L];
                let mut b = [0u64; L];
                for i in 0..n {
                    a[i] = pseudo(&mut seed);
                    b[i] = pseudo(&mut seed);
                }
                let (ba, bb) = (big(&a, n), big(&b, n));
                let m = BigUint::one() << (64 * n);
                let exact_hi = (&ba * &bb) >> (64 * n);
                assert_eq!(big(&mul_hi(&a, &b, n), n), exact_hi);
                // truncated product: low by at most n units, never high
                let tr = big(&mul_hi_trunc(&a, &b, n), n);
                assert!(
                    tr <= exact_hi && &exact_hi - &tr <= BigUint::from(n),
                    "n = {n}"
                );
                assert_eq!(big(&add(&a, &b, n), n), (&ba + &bb) % &m);
                assert_eq!(big(&sub(&a, &b, n), n), (&ba + &m - &bb) % &m);
                let d = pseudo(&mut seed) | 1;
                let (q, ex) = div_small(&a, d, n);
                assert_eq!(big(&q, n), &ba / d);
                assert_eq!(ex, (&ba % d).is_zero());
                let s = (pseudo(&mut seed) % (64 * n as u64)) as u32;
                assert_eq!(big(&shr(&a, s, n), n), &ba >> s as usize);
                let sm = pseudo(&mut seed) >> 40;
                let mut small = a;
                small[n - 1] >>= 30;
                assert_eq!(big(&mul_small(&small, sm, n), n), big(&small, n) * sm);
                // signed round trip and arithmetic shift (floor)
                let v = to_bigint(&a, n);
                assert_eq!(
                    from_bigint(&v, n + 1).map(|x| to_bigint(&x, n + 1)),
                    Some(v.clone())
                );
                let fl = num_integer::Integer::div_floor(&v, &(BigInt::one() << s as usize));
                assert_eq!(to_bigint(&sar(&a, s, n), n), fl);
                let sh = (pseudo(&mut seed) % (64 * n as u64 - 64)) as u32;
                let x = pseudo(&mut seed);
                assert_eq!(big(&shl_u64(x, sh, n), n), BigUint::from(x) << sh as usize);
            }
        }
    }
}
