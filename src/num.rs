//! Exact numbers: parsing text into rationals, and exact conversions between
//! rationals, doubles and decimal strings.
//!
//! A double is the dyadic rational it stores; `0.1` typed as text is exactly
//! `1/10`. Rounding a rational to the nearest double, or to `N` significant
//! decimal digits, is done with integer arithmetic and is exact (round half
//! to even).

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// Exact rational number used throughout the crate.
pub type Q = BigRational;

/// Why a token failed to parse as an exact number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumError {
    /// Not a number in any accepted syntax.
    Syntax,
    /// `nan`, `inf` and friends.
    NotFinite,
    /// `a/0`.
    ZeroDenominator,
    /// A literal beyond the input limits ([`MAX_DIGITS`],
    /// [`MAX_DECIMAL_EXPONENT`], [`MAX_BINARY_EXPONENT`]); the text says which.
    TooLarge(String),
}

/// Most digits (decimal, or hex for hex floats) in the mantissa of one
/// literal, counting the integer and the fractional part. Every double is
/// written exactly in far fewer (at most 767 significant decimal digits).
pub const MAX_DIGITS: usize = 25_000;

/// Largest decimal exponent magnitude accepted (`1e50000`, `1e-50000`).
pub const MAX_DECIMAL_EXPONENT: i64 = 50_000;

/// Largest binary exponent magnitude accepted in a hex float (`0x1p200000`).
pub const MAX_BINARY_EXPONENT: i64 = 200_000;

/// Parse the exponent field of a literal: a too large one (even one that
/// does not fit in an `i64`) is [`NumError::TooLarge`], not a syntax error.
fn parse_exponent(text: &str, limit: i64, marker: char) -> Result<i64, NumError> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumError::Syntax);
    }
    let too_large = || {
        NumError::TooLarge(format!(
            "the exponent after '{marker}' must be at most {limit} in magnitude"
        ))
    };
    let e: i64 = text.parse().map_err(|_| too_large())?;
    if e.unsigned_abs() > limit.unsigned_abs() {
        return Err(too_large());
    }
    Ok(e)
}

fn check_digits(n: usize, kind: &str) -> Result<(), NumError> {
    if n > MAX_DIGITS {
        return Err(NumError::TooLarge(format!(
            "{n} {kind} digits, the limit is {MAX_DIGITS}"
        )));
    }
    Ok(())
}

/// `10^k`, from a per-thread cache for `k ≤ 640` (decimal rounding asks
/// for the same few powers on every call), computed otherwise.
fn pow10_cached(k: usize) -> BigUint {
    const CACHED: usize = 640;
    if k > CACHED {
        return num_traits::pow(BigUint::from(10u32), k);
    }
    thread_local! {
        static P10: std::cell::RefCell<Vec<BigUint>> = std::cell::RefCell::new(vec![BigUint::one()]);
    }
    P10.with(|c| {
        let mut v = c.borrow_mut();
        while v.len() <= k {
            let next = v.last().expect("starts with 1") * 10u32;
            v.push(next);
        }
        v[k].clone()
    })
}

fn pow10(e: u32) -> BigInt {
    num_traits::pow(BigInt::from(10u32), e as usize)
}

/// `2^e` as a rational, for any sign of `e`.
pub fn pow2(e: i64) -> Q {
    let m = BigInt::one() << e.unsigned_abs();
    if e >= 0 {
        Q::from_integer(m)
    } else {
        Q::new(BigInt::one(), m)
    }
}

/// Parse a decimal or scientific literal (`-1.25e-3`) exactly.
fn parse_decimal(s: &str) -> Result<Q, NumError> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (mant, exp_text) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int_part, frac_part) = match mant.find('.') {
        Some(i) => (&mant[..i], &mant[i + 1..]),
        None => (mant, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(NumError::Syntax);
    }
    if !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(NumError::Syntax);
    }
    let exp = match exp_text {
        Some(t) => parse_exponent(t, MAX_DECIMAL_EXPONENT, 'e')?,
        None => 0,
    };
    check_digits(int_part.len() + frac_part.len(), "decimal")?;
    let digits = format!("{int_part}{frac_part}");
    let m: BigInt = digits.parse().map_err(|_| NumError::Syntax)?;
    let e10 = exp - frac_part.len() as i64;
    let mut v = if e10 >= 0 {
        Q::from_integer(m * pow10(e10 as u32))
    } else {
        Q::new(m, pow10((-e10) as u32))
    };
    if neg {
        v = -v;
    }
    Ok(v)
}

/// A plain decimal token (`[+-]digits[.digits][(e|E)[+-]digits]`, as
/// [`parse_exact`] reads it) as the nearest double (ties to even, by the
/// standard library's correctly rounded parser), with whether the decimal
/// *is* that double — without building a rational: the float engine's
/// text inputs at the speed of the text. `None` for any other token
/// (fractions, hex, words) and for a decimal whose nearest double is `±∞`,
/// or `0` while it is not: the caller then takes [`parse_exact`], which
/// gives the exact value or the precise error.
///
/// Exactness: with the significant digits `m` (trailing zeros moved into
/// the exponent), `m·10^e` is an integer for `e ≥ 0` (exact iff it
/// survives a round trip through the double, in `u128`); for `e = −k < 0`
/// it is `m/(2^k·5^k)`, dyadic iff `5^k | m`, and then a double iff the
/// odd part of `m/5^k` has at most 53 bits (the exponent, `≥ −k − 0 ≥
/// −55`, is then in range). Digits beyond `u128` are decided exactly by
/// [`parse_exact`] (rare: more than 38 significant digits).
pub fn parse_decimal_f64(token: &str) -> Option<(f64, bool)> {
    let b = token.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    // significant digits: the first 19 in `lo` (u64 arithmetic, the
    // common case), then in `m` (u128, up to 38)
    let mut lo: u64 = 0;
    let mut m: u128 = 0;
    let mut sig = 0usize; // significant digits read (after leading zeros)
    let mut overflow = false;
    let mut e10: i64 = 0;
    let mut any = false;
    let mut digit = |d: u8, frac: bool, e10: &mut i64| {
        any = true;
        if frac {
            *e10 -= 1;
        }
        if sig == 0 && d == 0 {
            return;
        }
        if sig < 19 {
            lo = lo * 10 + u64::from(d);
        } else if sig == 19 {
            m = u128::from(lo) * 10 + u128::from(d);
        } else if sig < 38 {
            m = m * 10 + u128::from(d);
        } else {
            overflow = true;
            return;
        }
        sig += 1;
    };
    while i < b.len() && b[i].is_ascii_digit() {
        digit(b[i] - b'0', false, &mut e10);
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            digit(b[i] - b'0', true, &mut e10);
            i += 1;
        }
    }
    if !any {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        let neg = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        let mut x: i64 = 0;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 6 {
            x = x * 10 + i64::from(b[i] - b'0');
            i += 1;
        }
        if i == start || (i < b.len() && b[i].is_ascii_digit()) {
            return None; // no exponent digits, or more than 6: the exact reader
        }
        e10 += if neg { -x } else { x };
    }
    if i != b.len() {
        return None;
    }
    let mut m = if sig <= 19 { u128::from(lo) } else { m };
    let f: f64 = token.parse().ok()?;
    if f.is_infinite() || (f == 0.0 && m != 0) {
        return None;
    }
    if overflow {
        let exact = parse_exact(token).ok()?;
        return Some((f, f64_to_q(f).as_ref() == Some(&exact)));
    }
    if m == 0 {
        return Some((f, true));
    }
    if e10 < 0 && sig <= 19 {
        // the common case in u64 arithmetic (u128 division is a library
        // call): m < 10^19 < 5^28, so no 5^k with k ≥ 28 divides it
        let mut m64 = lo;
        while m64 % 10 == 0 && e10 < 0 {
            m64 /= 10;
            e10 += 1;
        }
        if e10 < 0 {
            let k = e10.unsigned_abs();
            let exact = k < 28 && {
                let p5 = 5u64.pow(k as u32);
                m64 % p5 == 0 && {
                    let o = m64 / p5;
                    o >> o.trailing_zeros() < (1u64 << 53)
                }
            };
            return Some((f, exact));
        }
        m = u128::from(m64); // an integer now (`e10 = 0`): below
    }
    while m % 10 == 0 {
        m /= 10;
        e10 += 1;
    }
    let exact = if e10 >= 0 {
        match u32::try_from(e10)
            .ok()
            .and_then(|e| 10u128.checked_pow(e))
            .and_then(|p| m.checked_mul(p))
        {
            Some(v) => (v as f64) as u128 == v,
            // beyond 2^128: decide exactly
            None => f64_to_q(f).as_ref() == parse_exact(token).ok().as_ref(),
        }
    } else {
        let k = e10.unsigned_abs();
        // m < 10^38 < 5^55: no 5^k with k ≥ 55 divides it
        k < 55 && {
            let p5 = 5u128.pow(k as u32);
            m % p5 == 0 && {
                let o = m / p5;
                let odd = o >> o.trailing_zeros();
                odd < (1u128 << 53)
            }
        }
    };
    Some((f, exact))
}

/// Parse a C99 hex float (`0x1.999999999999ap-4`) exactly.
fn parse_hex(s: &str) -> Result<Q, NumError> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let body = body
        .strip_prefix("0x")
        .or_else(|| body.strip_prefix("0X"))
        .ok_or(NumError::Syntax)?;
    let (mant, exp_text) = match body.find(['p', 'P']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int_part, frac_part) = match mant.find('.') {
        Some(i) => (&mant[..i], &mant[i + 1..]),
        None => (mant, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(NumError::Syntax);
    }
    let digits = format!("{int_part}{frac_part}");
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(NumError::Syntax);
    }
    let exp = match exp_text {
        Some(t) => parse_exponent(t, MAX_BINARY_EXPONENT, 'p')?,
        None => 0,
    };
    check_digits(digits.len(), "hex")?;
    let m = BigInt::parse_bytes(digits.as_bytes(), 16).ok_or(NumError::Syntax)?;
    let e2 = exp - 4 * frac_part.len() as i64;
    let mut v = Q::from_integer(m) * pow2(e2);
    if neg {
        v = -v;
    }
    Ok(v)
}

/// Parse one number exactly: decimal (`0.1` is 1/10), fraction (`1/3`),
/// scientific (`1e-300` is 10^-300) or hex float (`0x1.8p-3`).
///
/// # Examples
/// ```
/// use infocert::num::{parse_exact, Q};
/// use num_bigint::BigInt;
/// assert_eq!(parse_exact("0.1").unwrap(), Q::new(BigInt::from(1), BigInt::from(10)));
/// assert_eq!(parse_exact("2/4").unwrap(), Q::new(BigInt::from(1), BigInt::from(2)));
/// assert_eq!(parse_exact("0x1.8p-1").unwrap(), Q::new(BigInt::from(3), BigInt::from(4)));
/// ```
pub fn parse_exact(token: &str) -> Result<Q, NumError> {
    let t = token.trim();
    let lower = t.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if matches!(unsigned, "nan" | "inf" | "infinity") {
        return Err(NumError::NotFinite);
    }
    if t.matches('/').count() > 1 {
        return Err(NumError::Syntax); // `1/2/3` is ambiguous: refuse it
    }
    if let Some(i) = t.find('/') {
        let a = parse_exact(&t[..i])?;
        let b = parse_exact(&t[i + 1..])?;
        if b.is_zero() {
            return Err(NumError::ZeroDenominator);
        }
        return Ok(a / b);
    }
    if unsigned.starts_with("0x") {
        parse_hex(t)
    } else {
        parse_decimal(t)
    }
}

/// The exact rational value of a finite double (`None` for NaN or ±∞).
pub fn f64_to_q(x: f64) -> Option<Q> {
    if !x.is_finite() {
        return None;
    }
    if x == 0.0 {
        return Some(Q::zero());
    }
    let bits = x.to_bits();
    let neg = bits >> 63 == 1;
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    let v = Q::from_integer(BigInt::from(m)) * pow2(e);
    Some(if neg { -v } else { v })
}

/// Bit length of a positive integer (floor(log2 n) + 1).
pub fn bits(n: &BigUint) -> i64 {
    n.bits() as i64
}

/// The double nearest to `q` (ties to even), with overflow to ±∞ and
/// gradual underflow, exactly as IEEE 754 rounds the real number `q`.
pub fn q_to_f64(q: &Q) -> f64 {
    if q.is_zero() {
        return 0.0;
    }
    let neg = q.is_negative();
    let a = q.numer().magnitude().clone();
    let b = q.denom().magnitude().clone();
    // value = a/b; find e with 2^e <= a/b < 2^(e+1)
    let mut e = bits(&a) - bits(&b);
    if (&a << (-e).max(0) as usize) < (&b << e.max(0) as usize) {
        e -= 1;
    }
    // quantum: 2^(e-52) for normal, 2^-1074 minimum
    let q_exp = (e - 52).max(-1074);
    // n = a / (b * 2^q_exp), rounded half even
    let (num, den) = if q_exp >= 0 {
        (a, b << q_exp as usize)
    } else {
        (a << (-q_exp) as usize, b)
    };
    let (mut n, r) = num.div_rem(&den);
    let twice = r << 1usize;
    if twice > den || (twice == den && n.is_odd()) {
        n += 1u32;
    }
    // n <= 2^53 (possibly exactly 2^53 after rounding up)
    let n = n.to_u64().expect("mantissa fits in u64");
    let mag = if q_exp > 971 {
        f64::INFINITY
    } else {
        let v = (n as f64) * 2f64.powi(((q_exp).max(-1022)) as i32);
        if q_exp < -1022 {
            // subnormal range: scale in two steps to stay exact
            (n as f64) * 2f64.powi(-1022) * 2f64.powi((q_exp + 1022) as i32)
        } else {
            v
        }
    };
    if neg {
        -mag
    } else {
        mag
    }
}

/// The exact sum of rationals, fast when few distinct denominators occur
/// (decimals, doubles): numerators are added per denominator without any
/// gcd, and only the distinct denominators are combined as fractions.
///
/// Fractions whose numerators and denominators fit in 64 bits (the common
/// case: decimals, counts, small fractions) are first summed in 128-bit
/// machine integers, reduced after every step; on any overflow the general
/// path below runs instead. Both give the same (canonical) rational.
pub fn sum_q<'a, I: IntoIterator<Item = &'a Q>>(xs: I) -> Q {
    let xs: Vec<&Q> = xs.into_iter().collect();
    if let Some(s) = sum_q_small(&xs) {
        return s;
    }
    if let Some(s) = sum_q_dyadic(&xs) {
        return s;
    }
    sum_q_big(xs)
}

/// [`sum_q`] of binary fractions (every denominator a power of two, e.g.
/// doubles of any exponent): numerators summed per exponent in place,
/// then aligned once; `None` if some denominator is not a power of two.
fn sum_q_dyadic(xs: &[&Q]) -> Option<Q> {
    let mut groups: Vec<(u64, BigInt)> = Vec::new();
    for x in xs {
        let d = x.denom();
        let k = d.trailing_zeros().unwrap_or(0);
        if d.bits() != k + 1 {
            return None;
        }
        match groups.iter_mut().find(|(e, _)| *e == k) {
            Some((_, n)) => *n += x.numer(),
            None => groups.push((k, x.numer().clone())),
        }
    }
    let top = groups.iter().map(|(k, _)| *k).max().unwrap_or(0);
    let mut n = BigInt::zero();
    for (k, s) in groups {
        n += s << (top - k) as usize;
    }
    // lowest terms: drop the common factors of two
    let tz = n.trailing_zeros().map_or(top, |t| t.min(top));
    Some(Q::new_raw(
        n >> tz as usize,
        BigInt::one() << (top - tz) as usize,
    ))
}

/// `gcd(a, b)` of non-negative integers (binary), in 64-bit arithmetic
/// when both fit.
fn gcd_u128(mut a: u128, mut b: u128) -> u128 {
    if let (Ok(x), Ok(y)) = (u64::try_from(a), u64::try_from(b)) {
        return gcd_u64(x, y) as u128;
    }
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    let sh = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << sh;
        }
    }
}

/// `gcd(a, b)` of non-negative 64-bit integers (binary).
fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    let sh = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << sh;
        }
    }
}

/// [`sum_q`] in machine integers: `None` if an input does not fit in 64
/// bits or an intermediate would overflow 128 bits.
///
/// The partial sum `n/d` keeps `d` the lcm of the denominators seen (not
/// reduced against `n` until the end: one gcd per distinct denominator,
/// none for powers of two, whose gcd is the smaller one).
fn sum_q_small(xs: &[&Q]) -> Option<Q> {
    let (mut n, mut d): (i128, i128) = (0, 1);
    for x in xs {
        let a = i128::from(x.numer().to_i64()?);
        let b = i128::from(x.denom().to_u64()?); // > 0 (canonical Q)
        if b == d {
            n = n.checked_add(a)?;
        } else {
            let g = if (b & (b - 1)) == 0 && (d & (d - 1)) == 0 {
                b.min(d)
            } else {
                gcd_u128(d as u128, b as u128) as i128
            };
            let (db, bd) = (d / g, b / g);
            // n/d + a/b = (n·(b/g) + a·(d/g)) / (d·(b/g))
            n = n.checked_mul(bd)?.checked_add(a.checked_mul(db)?)?;
            d = d.checked_mul(bd)?;
        }
    }
    let g = gcd_u128(n.unsigned_abs(), d as u128) as i128;
    if g > 1 {
        n /= g;
        d /= g;
    }
    Some(Q::new_raw(BigInt::from(n), BigInt::from(d)))
}

fn sum_q_big(xs: Vec<&Q>) -> Q {
    let mut groups: Vec<(BigInt, BigInt)> = Vec::new();
    for x in xs {
        match groups.iter_mut().find(|(d, _)| d == x.denom()) {
            Some((_, n)) => *n += x.numer(),
            None => {
                if groups.len() >= 64 {
                    // many distinct denominators: fold the groups so far
                    let s: Q = groups.drain(..).map(|(d, n)| Q::new(n, d)).sum();
                    groups.push((s.denom().clone(), s.numer().clone()));
                }
                groups.push((x.denom().clone(), x.numer().clone()))
            }
        }
    }
    groups.into_iter().map(|(d, n)| Q::new(n, d)).sum()
}

/// Rounding direction for decimal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// To nearest, ties to even.
    HalfEven,
    /// Toward −∞.
    Floor,
    /// Toward +∞.
    Ceil,
}

/// A decimal rendering of a rational rounded to `n` significant digits
/// (half to even), as (`neg`, `digits`, `exp10`) meaning
/// `0.d1d2…dn × 10^exp10` with `d1 != 0`; `None` for zero.
pub fn round_sig(q: &Q, n: u32) -> Option<(bool, BigUint, i64)> {
    round_sig_mode(q, n, Rounding::HalfEven)
}

/// [`round_sig`] with an explicit rounding direction.
pub fn round_sig_mode(q: &Q, n: u32, mode: Rounding) -> Option<(bool, BigUint, i64)> {
    if q.is_zero() {
        return None;
    }
    let neg = q.is_negative();
    let a = q.numer().magnitude().clone();
    let b = q.denom().magnitude().clone();
    // estimate e10 with 10^(e10-1) <= a/b < 10^e10
    let est = ((bits(&a) - bits(&b)) as f64 * std::f64::consts::LOG10_2).floor() as i64;
    let p10 = |k: i64| -> BigUint { pow10_cached(k as usize) };
    let ge = |k: i64| -> bool {
        // a/b >= 10^k ?
        if k >= 0 {
            a >= &b * p10(k)
        } else {
            &a * p10(-k) >= b
        }
    };
    let mut e10 = est;
    while ge(e10) {
        e10 += 1;
    }
    while !ge(e10 - 1) {
        e10 -= 1;
    }
    // digits = round(a/b * 10^(n - e10))
    let shift = n as i64 - e10;
    let (num, den) = if shift >= 0 {
        (a * p10(shift), b)
    } else {
        (a, b * p10(-shift))
    };
    let (mut d, r) = num.div_rem(&den);
    let up = match mode {
        Rounding::HalfEven => {
            let twice = &r << 1usize;
            twice > den || (twice == den && d.is_odd())
        }
        // magnitude rounding: floor of a negative number rounds the magnitude up
        Rounding::Floor => neg && !r.is_zero(),
        Rounding::Ceil => !neg && !r.is_zero(),
    };
    if up {
        d += 1u32;
    }
    if d == p10(n as i64) {
        d = p10(n as i64 - 1);
        e10 += 1;
    }
    Some((neg, d, e10))
}

/// `q` rounded to `n` significant digits in direction `mode`, as text.
pub fn q_to_sig_mode(q: &Q, n: u32, mode: Rounding) -> String {
    match round_sig_mode(q, n, mode) {
        None => "0".to_string(),
        Some((neg, d, e)) => format_sig(neg, &d, e),
    }
}

/// Format the rounded decimal `(neg, digits, e10)` from [`round_sig`] as
/// plain text: positional for moderate exponents, scientific otherwise.
pub fn format_sig(neg: bool, digits: &BigUint, e10: i64) -> String {
    let s = digits.to_string();
    let n = s.len() as i64;
    let sign = if neg { "-" } else { "" };
    if (-5..=21).contains(&e10) {
        if e10 <= 0 {
            format!("{sign}0.{}{}", "0".repeat((-e10) as usize), s)
        } else if e10 >= n {
            format!("{sign}{}{}", s, "0".repeat((e10 - n) as usize))
        } else {
            format!("{sign}{}.{}", &s[..e10 as usize], &s[e10 as usize..])
        }
    } else {
        let rest = &s[1..];
        if rest.is_empty() {
            format!("{sign}{}e{}", &s[..1], e10 - 1)
        } else {
            format!("{sign}{}.{}e{}", &s[..1], rest, e10 - 1)
        }
    }
}

/// `q` rounded to `n` significant digits, as text ("0" for zero).
pub fn q_to_sig(q: &Q, n: u32) -> String {
    match round_sig(q, n) {
        None => "0".to_string(),
        Some((neg, d, e)) => format_sig(neg, &d, e),
    }
}

/// `q` to 17 significant digits with trailing zeros dropped (for messages).
pub fn q_short(q: &Q) -> String {
    match round_sig(q, 17) {
        None => "0".to_string(),
        Some((neg, mut d, mut e)) => {
            let ten = BigUint::from(10u32);
            while d > BigUint::zero() && (&d % &ten).is_zero() && d.to_string().len() > 1 {
                d /= &ten;
            }
            // keep e (exponent of the leading digit) unchanged
            let _ = &mut e;
            format_sig(neg, &d, e)
        }
    }
}

/// A double as a C99 hex float (`0x1.999999999999ap-4`; subnormals as
/// `0x0.0000000000001p-1022`; `0x0p+0`, `inf`, `-inf`, `nan`).
///
/// # Examples
/// ```
/// use infocert::num::hex_f64;
/// assert_eq!(hex_f64(0.1), "0x1.999999999999ap-4");
/// assert_eq!(hex_f64(1.0), "0x1p+0");
/// assert_eq!(hex_f64(5e-324), "0x0.0000000000001p-1022");
/// ```
pub fn hex_f64(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}inf");
    }
    let b = x.to_bits();
    let exp = ((b >> 52) & 0x7ff) as i64;
    let frac = b & ((1u64 << 52) - 1);
    if exp == 0 && frac == 0 {
        return format!("{sign}0x0p+0");
    }
    let (lead, e) = if exp == 0 {
        (0, -1022)
    } else {
        (1, exp - 1023)
    };
    let mut digits = format!("{frac:013x}");
    while digits.ends_with('0') {
        digits.pop();
    }
    let es = if e >= 0 {
        format!("+{e}")
    } else {
        e.to_string()
    };
    if digits.is_empty() {
        format!("{sign}0x{lead}p{es}")
    } else {
        format!("{sign}0x{lead}.{digits}p{es}")
    }
}

/// A rational as `a/b` or `a` text (exact).
pub fn q_text(q: &Q) -> String {
    if q.denom().is_one() {
        q.numer().to_string()
    } else {
        format!("{}/{}", q.numer(), q.denom())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(a: i64, b: i64) -> Q {
        Q::new(BigInt::from(a), BigInt::from(b))
    }

    /// The machine-integer sum equals the general one (and the plain fold
    /// of `Ratio` additions) on small fractions, and declines (falls back)
    /// where 128 bits would overflow.
    #[test]
    fn sum_q_small_path_agrees() {
        let mut st = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            st ^= st << 13;
            st ^= st >> 7;
            st ^= st << 17;
            st
        };
        let mut used = 0;
        for case in 0..3000 {
            let len = 1 + case % 40;
            let xs: Vec<Q> = (0..len)
                .map(|_| {
                    let r = next();
                    let den = match case % 4 {
                        0 => 720720 / (1 + (r % 16) as i64), // shared divisors
                        1 => 1 + (r % 1_000_000) as i64,
                        2 => 1i64 << (r % 60), // binary (doubles)
                        _ => 1 + (r >> 1) as i64 % i64::MAX, // huge: may overflow
                    };
                    let num = (next() % 2_000_001) as i64 - 1_000_000;
                    q(num, den)
                })
                .collect();
            let refs: Vec<&Q> = xs.iter().collect();
            let big = sum_q_big(refs.clone());
            let fold = xs.iter().fold(Q::zero(), |a, b| a + b);
            assert_eq!(big, fold);
            if let Some(s) = sum_q_dyadic(&refs) {
                assert_eq!((s.numer(), s.denom()), (big.numer(), big.denom()), "{xs:?}");
            }
            if let Some(s) = sum_q_small(&refs) {
                used += 1;
                assert_eq!(s, big, "{xs:?}");
                assert_eq!((s.numer(), s.denom()), (big.numer(), big.denom()));
            }
            assert_eq!(sum_q(&xs), big);
        }
        assert!(used >= 1500, "small path used {used} times"); // cases 0 and 2 always fit
                                                               // beyond 64 bits: declined, the general path answers
        let huge = [q(i64::MAX, 3), q(1, i64::MAX - 1), q(5, 7)];
        assert_eq!(sum_q(&huge), huge.iter().fold(Q::zero(), |a, b| a + b));
        let w = Q::new(BigInt::from(1) << 70, BigInt::from(3));
        assert!(sum_q_small(&[&w]).is_none());
        assert!(sum_q_dyadic(&[&w]).is_none());
        // binary fractions beyond 64 bits: the dyadic path, in lowest terms
        // (3/2^80 + 5/2^80 = 1/2^77; −2^-1074 + 2^-1074 + 1/2 = 1/2)
        let t = |n: i64, e: usize| Q::new(BigInt::from(n), BigInt::from(1) << e);
        let (a, b) = (t(3, 80), t(5, 80));
        assert_eq!(sum_q(&[a, b]), t(1, 77));
        let xs = [t(-1, 1074), t(1, 1074), t(1, 1)];
        assert_eq!(sum_q_dyadic(&xs.iter().collect::<Vec<_>>()), Some(t(1, 1)));
        let ys: Vec<Q> = (0..300)
            .map(|i| t(2 * i + 1, 60 + (i as usize % 50)))
            .collect();
        let refs: Vec<&Q> = ys.iter().collect();
        let s = sum_q_dyadic(&refs).expect("binary");
        let fold = ys.iter().fold(Q::zero(), |a, b| a + b);
        assert_eq!((s.numer(), s.denom()), (fold.numer(), fold.denom()));
        assert_eq!(sum_q(std::iter::empty::<&Q>()), Q::zero());
    }

    #[test]
    fn cached_powers_of_ten() {
        for k in [0usize, 1, 2, 33, 639, 640, 641, 1000, 5] {
            let expect = num_traits::pow(BigUint::from(10u32), k);
            assert_eq!(pow10_cached(k), expect, "10^{k}");
        }
        assert_ne!(pow10_cached(7), BigUint::from(1_000_000u32)); // wrong variant
    }

    #[test]
    fn parses_every_syntax_exactly() {
        assert_eq!(parse_exact("0.1").unwrap(), q(1, 10));
        assert_eq!(parse_exact("-.5").unwrap(), q(-1, 2));
        assert_eq!(parse_exact("1e-3").unwrap(), q(1, 1000));
        assert_eq!(parse_exact("2.5E2").unwrap(), q(250, 1));
        assert_eq!(parse_exact(" 3/9 ").unwrap(), q(1, 3));
        assert_eq!(parse_exact("0x1p-2").unwrap(), q(1, 4));
        assert_eq!(
            parse_exact("0x1.999999999999ap-4").unwrap(),
            f64_to_q(0.1).unwrap()
        );
        assert_eq!(parse_exact("nan"), Err(NumError::NotFinite));
        assert_eq!(parse_exact("-inf"), Err(NumError::NotFinite));
        assert_eq!(parse_exact("1/0"), Err(NumError::ZeroDenominator));
        assert_eq!(parse_exact("abc"), Err(NumError::Syntax));
        assert_eq!(parse_exact(""), Err(NumError::Syntax));
        assert_eq!(parse_exact("."), Err(NumError::Syntax));
        assert_eq!(parse_exact("1e"), Err(NumError::Syntax));
        assert_eq!(parse_exact("1/2/3"), Err(NumError::Syntax));
    }

    #[test]
    fn size_limits_are_exact_and_named() {
        let big = |r: Result<Q, NumError>| matches!(r, Err(NumError::TooLarge(_)));
        assert!(parse_exact(&format!("1e{MAX_DECIMAL_EXPONENT}")).is_ok());
        assert!(parse_exact(&format!("1e-{MAX_DECIMAL_EXPONENT}")).is_ok());
        assert!(big(parse_exact(&format!("1e{}", MAX_DECIMAL_EXPONENT + 1))));
        assert!(big(parse_exact("1e-99999999999999999999999")));
        assert!(parse_exact(&format!("0x1p-{MAX_BINARY_EXPONENT}")).is_ok());
        assert!(big(parse_exact(&format!(
            "0x1p{}",
            MAX_BINARY_EXPONENT + 1
        ))));
        assert!(parse_exact(&"9".repeat(MAX_DIGITS)).is_ok());
        assert!(big(parse_exact(&format!("0.{}", "9".repeat(MAX_DIGITS)))));
        assert!(big(parse_exact(&format!(
            "0x{}",
            "f".repeat(MAX_DIGITS + 1)
        ))));
        // syntax errors stay syntax errors, whatever the exponent
        assert_eq!(parse_exact("x1e99999999"), Err(NumError::Syntax));
        assert_eq!(parse_exact("1e9x"), Err(NumError::Syntax));
        assert_eq!(parse_exact("1e+5").unwrap(), q(100_000, 1));
    }

    #[test]
    fn double_round_trip_is_exact() {
        for x in [
            0.1,
            1.0,
            5e-324,
            2.2250738585072014e-308,
            f64::MAX,
            0.3,
            1e300,
            123.456,
        ] {
            assert_eq!(q_to_f64(&f64_to_q(x).unwrap()).to_bits(), x.to_bits());
        }
    }

    #[test]
    fn rounds_rationals_to_nearest_double() {
        assert_eq!(q_to_f64(&q(1, 10)), 0.1);
        assert_eq!(q_to_f64(&q(1, 3)), 1.0 / 3.0);
        assert_eq!(q_to_f64(&q(-2, 3)), -2.0 / 3.0);
        // 10^-400 underflows to 0, 10^400 overflows
        assert_eq!(q_to_f64(&parse_exact("1e-400").unwrap()), 0.0);
        assert_eq!(q_to_f64(&parse_exact("1e400").unwrap()), f64::INFINITY);
        // halfway between 1 and next double: ties to even (1.0)
        let half = Q::from_integer(BigInt::one()) + pow2(-53);
        assert_eq!(q_to_f64(&half), 1.0);
        let above = half + pow2(-100);
        assert_eq!(q_to_f64(&above), 1.0 + f64::EPSILON);
        // smallest subnormal, and half of it (ties to even: 0)
        assert_eq!(q_to_f64(&pow2(-1074)), 5e-324);
        assert_eq!(q_to_f64(&pow2(-1075)), 0.0);
        assert_eq!(q_to_f64(&(pow2(-1075) * q(3, 1))), 1e-323);
    }

    #[test]
    fn significant_digits_round_half_even() {
        assert_eq!(q_to_sig(&q(1, 4), 1), "0.2");
        assert_eq!(q_to_sig(&q(3, 4), 1), "0.8");
        assert_eq!(q_to_sig(&q(1, 3), 5), "0.33333");
        assert_eq!(q_to_sig(&q(2, 3), 3), "0.667");
        assert_eq!(q_to_sig(&q(999, 1), 2), "1000");
        assert_eq!(q_to_sig(&q(-1, 8), 2), "-0.12");
        assert_eq!(q_to_sig(&parse_exact("1.5e-30").unwrap(), 2), "1.5e-30");
        assert_eq!(q_to_sig(&Q::zero(), 3), "0");
    }

    /// The fast decimal reader agrees with the exact one (value rounded to
    /// the nearest double, and whether the decimal is that double) on
    /// shortest forms, full expansions, dyadic decimals, integers around
    /// 2^53 and 2^128, long digit strings and subnormals; other tokens are
    /// left to the exact reader. Both answers occur often, so a reader
    /// answering either one always would be refuted.
    #[test]
    fn parse_decimal_f64_is_the_exact_reader_rounded() {
        let mut st = 0x5eed_1234_abcd_0001u64;
        let mut next = move || {
            st ^= st << 13;
            st ^= st >> 7;
            st ^= st << 17;
            st
        };
        let (mut exact, mut inexact) = (0, 0);
        for i in 0..40_000u64 {
            let r = next();
            let x = f64::from_bits(r >> 2);
            let u = (r >> 11) as f64 / (1u64 << 53) as f64;
            let tok = match i % 10 {
                0 => format!("{x}"),
                1 => format!("{u:e}"),
                2 => format!("{u:.70}"), // exact expansion or beyond
                3 => format!("{}", (r >> 20) as f64 / 1024.0), // dyadic
                4 => format!("{}", (r >> 8) | 1), // integers near 2^56
                5 => format!("{}e{}", r % 100_000, (r >> 40) % 60), // up to 2^128 and past
                6 => format!("-{}.{:019}", r % 1000, next() % 10_000_000_000_000_000_000),
                7 if r & 1 == 0 => format!("{}{}", next(), next()), // > 38 digits
                7 => format!(
                    "{}.{}e{}",
                    r % 100_000,
                    "0".repeat((r >> 20) as usize % 6),
                    (r >> 30) % 5
                ), // trailing zeros
                8 => format!("{:e}", f64::from_bits(r % (1u64 << 52) + 1)), // subnormal
                _ => format!("{}e-{}", r % 1_000_000, (r >> 32) % 30),
            };
            let want = parse_exact(&tok).unwrap();
            let wf = q_to_f64(&want);
            match parse_decimal_f64(&tok) {
                Some((f, ex)) => {
                    assert_eq!(f.to_bits(), wf.to_bits(), "{tok}: value");
                    let wex = f64_to_q(wf).as_ref() == Some(&want);
                    assert_eq!(ex, wex, "{tok}: exactness");
                    if ex {
                        exact += 1;
                    } else {
                        inexact += 1;
                    }
                }
                None => assert!(wf == 0.0 || wf.is_infinite(), "{tok}: declined"),
            }
        }
        assert!(
            exact > 5000 && inexact > 5000,
            "{exact} exact, {inexact} not"
        );
        for tok in [
            "1/2",
            "0x1p3",
            "abc",
            "1e",
            ".",
            "+",
            "-",
            "1e1234567",
            "1.2.3",
            "nan",
            "inf",
        ] {
            assert_eq!(parse_decimal_f64(tok), None, "{tok}");
        }
        for (tok, v, ex) in [
            ("0.5", 0.5f64, true),
            ("100.0", 100.0, true),
            ("2500.00e-2", 25.0, true),
            ("1.50", 1.5, true),
            ("10.10", 10.1, false),
            ("4503599627370497.0", 4503599627370497.0, true), // 2^52 + 1
            (".5", 0.5, true),
            ("5.", 5.0, true),
            ("+0.1", 0.1, false),
            ("-0", -0.0, true),
            ("9007199254740993", 9007199254740992.0, false),
            ("9007199254740992", 9007199254740992.0, true),
            ("1e400", 0.0, false),
        ] {
            match parse_decimal_f64(tok) {
                Some((f, e)) => assert_eq!((f.to_bits(), e), (v.to_bits(), ex), "{tok}"),
                None => assert_eq!(tok, "1e400"),
            }
        }
    }
}
