//! Exact closed forms: `r + Σ c_j·ln a_j` with rational `r`, `c_j`.
//!
//! The atoms `a_j > 1` are kept **pairwise coprime** (primes where the
//! factorization is cheap, otherwise coprime cofactors refined by gcds).
//! Logarithms of pairwise coprime integers are linearly independent over
//! the rationals, so two forms are equal iff their rational parts and
//! coefficient vectors are equal: equality needs no tolerance.

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use super::ball::{ln_ratio, Ball};
use super::Base;
use crate::num::Q;

/// An exact real number of the form `rational + Σ coef·ln(atom)`.
#[derive(Debug, Clone)]
pub struct LogForm {
    rat: Q,
    logs: BTreeMap<BigUint, Q>,
}

fn small_primes() -> &'static [u32] {
    static P: OnceLock<Vec<u32>> = OnceLock::new();
    P.get_or_init(|| {
        let n = 1000usize;
        let mut sieve = vec![true; n + 1];
        let mut out = Vec::new();
        for i in 2..=n {
            if sieve[i] {
                out.push(i as u32);
                let mut j = i * i;
                while j <= n {
                    sieve[j] = false;
                    j += i;
                }
            }
        }
        out
    })
}

/// Cofactors at or above this bound are kept whole (they may be composite;
/// [`refine`] keeps them coprime to every other atom). Factoring a 53-bit
/// double mantissa costs ~50 µs; a gcd costs well under 1 µs.
const BIG: u128 = 1u128 << 32;

/// Factor `n ≥ 1` into pairwise coprime atoms with exponents: primes by
/// trial division and `factorize64`; a cofactor above 2^32 stays whole.
fn factor(n: &BigUint) -> Vec<(BigUint, u64)> {
    if let Some(v) = n.to_u64() {
        return factor_u64(v);
    }
    let mut out: Vec<(BigUint, u64)> = Vec::new();
    let mut r = n.clone();
    for &p in small_primes() {
        if r.is_one() {
            break;
        }
        if let Some(v) = r.to_u64() {
            out.extend(factor_u64(v));
            return out;
        }
        let mut e = 0u64;
        loop {
            let (q, rem) = r.div_rem(&BigUint::from(p));
            if !rem.is_zero() {
                break;
            }
            r = q;
            e += 1;
        }
        if e > 0 {
            out.push((BigUint::from(p), e));
        }
    }
    if let Some(v) = r.to_u64() {
        out.extend(factor_u64(v));
    } else if !r.is_one() {
        out.push((r, 1));
    }
    out
}

/// [`factor`] for machine integers: trial division by the primes below
/// 1000 in `u64` arithmetic, then `factorize64` below 2^32; a larger
/// cofactor stays whole.
fn factor_u64(mut v: u64) -> Vec<(BigUint, u64)> {
    let mut out = Vec::new();
    for &p in small_primes() {
        let p = p as u64;
        if v == 1 || p * p > v {
            break;
        }
        let mut e = 0;
        while v % p == 0 {
            v /= p;
            e += 1;
        }
        if e > 0 {
            out.push((BigUint::from(p), e));
        }
    }
    if v == 1 {
        return out;
    }
    if (v as u128) < BIG {
        for (p, e) in num_prime::nt_funcs::factorize64(v) {
            out.push((BigUint::from(p), e as u64));
        }
    } else {
        out.push((BigUint::from(v), 1));
    }
    out
}

fn add_coef(map: &mut BTreeMap<BigUint, Q>, atom: BigUint, c: &Q) {
    if c.is_zero() || atom.is_one() {
        return;
    }
    let e = map.entry(atom.clone()).or_insert_with(Q::zero);
    *e += c;
    if e.is_zero() {
        map.remove(&atom);
    }
}

fn is_big(a: &BigUint) -> bool {
    a.to_u128().is_none_or(|v| v >= BIG)
}

/// Restore pairwise coprimality after new atoms (`pending`) joined `map`,
/// whose other atoms were already pairwise coprime. Only atoms above 2^32
/// can share factors with others (smaller ones are primes). A split of
/// `a`, `b` with `g = gcd(a, b) > 1` replaces them by `g`, `a/g`, `b/g`
/// (the product of the atoms shrinks, so this terminates); the new parts
/// are checked in turn.
fn refine(map: &mut BTreeMap<BigUint, Q>, mut pending: Vec<BigUint>) {
    while let Some(x) = pending.pop() {
        if !map.contains_key(&x) {
            continue;
        }
        let partner = map
            .keys()
            .filter(|y| **y != x && (is_big(&x) || is_big(y)))
            .find_map(|y| {
                let g = x.gcd(y);
                (!g.is_one()).then(|| (y.clone(), g))
            });
        let Some((y, g)) = partner else { continue };
        let cx = map.remove(&x).expect("present");
        let cy = map.remove(&y).expect("present");
        for (v, c) in [(x, cx), (y, cy)] {
            let rest = &v / &g;
            for part in [g.clone(), rest] {
                for (atom, e) in factor_if_small(&part) {
                    add_coef(map, atom.clone(), &(&c * Q::from_integer(BigInt::from(e))));
                    pending.push(atom);
                }
            }
        }
    }
}

fn factor_if_small(n: &BigUint) -> Vec<(BigUint, u64)> {
    if n.is_one() {
        Vec::new()
    } else if n.to_u128().is_some_and(|v| v < BIG) {
        factor(n)
    } else {
        vec![(n.clone(), 1)]
    }
}

impl LogForm {
    /// The exact rational `q`.
    pub fn rational(q: Q) -> LogForm {
        LogForm {
            rat: q,
            logs: BTreeMap::new(),
        }
    }

    /// Zero.
    pub fn zero() -> LogForm {
        LogForm::rational(Q::zero())
    }

    /// `ln q` for a positive rational `q`.
    ///
    /// **Panics if `q <= 0`.**
    pub fn ln(q: &Q) -> LogForm {
        assert!(q.is_positive(), "ln of a non-positive rational");
        let mut logs = BTreeMap::new();
        for (a, e) in factor(q.numer().magnitude()) {
            add_coef(&mut logs, a, &Q::from_integer(BigInt::from(e)));
        }
        for (a, e) in factor(q.denom().magnitude()) {
            add_coef(&mut logs, a, &-Q::from_integer(BigInt::from(e)));
        }
        let atoms: Vec<BigUint> = logs.keys().filter(|a| is_big(a)).cloned().collect();
        refine(&mut logs, atoms);
        LogForm {
            rat: Q::zero(),
            logs,
        }
    }

    /// `c·ln q` for rationals `c`, `q > 0`.
    pub fn c_ln(c: &Q, q: &Q) -> LogForm {
        if c.is_zero() {
            return LogForm::zero();
        }
        LogForm::ln(q).scale(c)
    }

    /// The rational part.
    pub fn rational_part(&self) -> &Q {
        &self.rat
    }

    /// The logarithmic part: atom → coefficient.
    pub fn log_terms(&self) -> &BTreeMap<BigUint, Q> {
        &self.logs
    }

    /// Whether the value is rational (no logarithms).
    pub fn is_rational(&self) -> bool {
        self.logs.is_empty()
    }

    /// Whether the value is exactly zero.
    pub fn is_zero(&self) -> bool {
        self.rat.is_zero() && self.logs.is_empty()
    }

    /// Sum.
    pub fn add(&self, o: &LogForm) -> LogForm {
        let mut logs = self.logs.clone();
        let mut pending = Vec::new();
        let self_has_big = self.logs.keys().any(is_big);
        for (a, c) in &o.logs {
            if !logs.contains_key(a) && (self_has_big || is_big(a)) {
                pending.push(a.clone());
            }
            add_coef(&mut logs, a.clone(), c);
        }
        refine(&mut logs, pending);
        LogForm {
            rat: &self.rat + &o.rat,
            logs,
        }
    }

    /// Difference.
    pub fn sub(&self, o: &LogForm) -> LogForm {
        self.add(&o.neg())
    }

    /// Negation.
    pub fn neg(&self) -> LogForm {
        LogForm {
            rat: -self.rat.clone(),
            logs: self
                .logs
                .iter()
                .map(|(a, c)| (a.clone(), -c.clone()))
                .collect(),
        }
    }

    /// Product with a rational.
    pub fn scale(&self, c: &Q) -> LogForm {
        if c.is_zero() {
            return LogForm::zero();
        }
        LogForm {
            rat: &self.rat * c,
            logs: self.logs.iter().map(|(a, x)| (a.clone(), x * c)).collect(),
        }
    }

    /// The value divided by `ln b`, if that quotient is rational
    /// (e.g. `ln 8 / ln 2 = 3`, `(ln 2 + ln 5)/ln 10 = 1`).
    pub fn rational_in_base(&self, base: Base) -> Option<Q> {
        if self.is_zero() {
            return Some(Q::zero());
        }
        match base {
            Base::E => self.is_rational().then(|| self.rat.clone()),
            Base::Two => {
                let two = BigUint::from(2u32);
                (self.rat.is_zero() && self.logs.len() == 1)
                    .then(|| self.logs.get(&two).cloned())
                    .flatten()
            }
            Base::Ten => {
                let c2 = self.logs.get(&BigUint::from(2u32))?;
                let c5 = self.logs.get(&BigUint::from(5u32))?;
                (self.rat.is_zero() && self.logs.len() == 2 && c2 == c5).then(|| c2.clone())
            }
        }
    }

    /// An enclosure at `prec` bits.
    pub fn enclose(&self, prec: u32) -> Ball {
        let mut acc = Ball::from_q(&self.rat, prec);
        let one = BigUint::one();
        for (a, c) in &self.logs {
            let l = ln_ratio(a, &one, prec);
            acc.add_assign(&l.mul_q(c.numer(), c.denom()));
        }
        acc
    }

    /// The closed form written in `base` (e.g. `ln 10 − (9/10)·ln 11`, or
    /// `1 + log2 5` in base 2). Atoms with equal coefficients are grouped
    /// into one logarithm of their product.
    pub fn display(&self, base: Base) -> String {
        let mut logs = self.logs.clone();
        let mut rat_plain = Q::zero(); // rational in the target base
        let two = BigUint::from(2u32);
        let five = BigUint::from(5u32);
        match base {
            Base::E => {}
            Base::Two => {
                if let Some(c) = logs.remove(&two) {
                    rat_plain += c;
                }
            }
            Base::Ten => {
                if let (Some(c2), Some(c5)) = (logs.get(&two).cloned(), logs.get(&five).cloned()) {
                    if c2.is_positive() == c5.is_positive() {
                        let t = if c2.abs() <= c5.abs() {
                            c2.clone()
                        } else {
                            c5.clone()
                        };
                        rat_plain += &t;
                        add_coef(&mut logs, two.clone(), &-t.clone());
                        add_coef(&mut logs, five.clone(), &-t);
                    }
                }
            }
        }
        let lname = match base {
            Base::E => "ln",
            Base::Two => "log2",
            Base::Ten => "log10",
        };
        // group atoms by |coefficient|: c·ln(A/B) with A the atoms of
        // coefficient +c and B those of −c
        let mut groups: Vec<(Q, BigUint, BigUint)> = Vec::new();
        for (a, c) in &logs {
            let m = c.abs();
            let g = match groups.iter_mut().position(|(gc, _, _)| *gc == m) {
                Some(i) => &mut groups[i],
                None => {
                    groups.push((m, BigUint::one(), BigUint::one()));
                    groups.last_mut().expect("pushed")
                }
            };
            if c.is_positive() {
                g.1 *= a;
            } else {
                g.2 *= a;
            }
        }
        groups.sort_by(|x, y| y.0.cmp(&x.0).then((&x.1 * &x.2).cmp(&(&y.1 * &y.2))));
        let mut parts: Vec<(bool, String)> = Vec::new();
        if !rat_plain.is_zero() {
            parts.push((rat_plain.is_negative(), q_pretty(&rat_plain.abs())));
        }
        if !self.rat.is_zero() {
            let r = self.rat.abs();
            let s = match base {
                Base::E => q_pretty(&r),
                Base::Two => format!("{}/ln 2", paren(&r)),
                Base::Ten => format!("{}/ln 10", paren(&r)),
            };
            parts.push((self.rat.is_negative(), s));
        }
        for (m, num, den) in groups {
            let (neg, arg) = match (num.is_one(), den.is_one()) {
                (false, true) => (false, format!("{lname} {num}")),
                (true, false) => (true, format!("{lname} {den}")),
                _ => (false, format!("{lname}({num}/{den})")),
            };
            let s = if m.is_one() {
                arg
            } else {
                format!("{}·{arg}", paren(&m))
            };
            parts.push((neg, s));
        }
        if parts.is_empty() {
            return "0".to_string();
        }
        let mut out = String::new();
        for (i, (neg, s)) in parts.iter().enumerate() {
            match (i, neg) {
                (0, true) => {
                    let _ = write!(out, "−{s}");
                }
                (0, false) => out.push_str(s),
                (_, true) => {
                    let _ = write!(out, " − {s}");
                }
                (_, false) => {
                    let _ = write!(out, " + {s}");
                }
            }
        }
        out
    }
}

/// An integer, with large powers of 2 and 10 written as powers.
fn int_text(n: &BigInt) -> String {
    let m = n.magnitude();
    let sign = if n.is_negative() { "-" } else { "" };
    if m.bits() > 40 {
        let tz = m.trailing_zeros().unwrap_or(0);
        if m.bits() == tz + 1 {
            return format!("{sign}2^{tz}");
        }
        let s = m.to_string();
        if s.starts_with('1') && s[1..].bytes().all(|b| b == b'0') {
            return format!("{sign}10^{}", s.len() - 1);
        }
    }
    n.to_string()
}

/// A rational as text, with large powers of 2 and 10 as powers.
fn q_pretty(q: &Q) -> String {
    if q.denom().is_one() {
        int_text(q.numer())
    } else {
        format!("{}/{}", int_text(q.numer()), int_text(q.denom()))
    }
}

fn paren(q: &Q) -> String {
    if q.denom().is_one() {
        int_text(q.numer())
    } else {
        format!("({})", q_pretty(q))
    }
}

impl PartialEq for LogForm {
    fn eq(&self, o: &LogForm) -> bool {
        self.sub(o).is_zero()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::parse_exact;

    fn q(s: &str) -> Q {
        parse_exact(s).unwrap()
    }

    #[test]
    fn kl_worked_example_closed_form() {
        // KL((0.1,0.9)||(0.01,0.99)) = 0.1 ln 10 + 0.9 ln(10/11) = ln 10 − 0.9 ln 11
        let v = LogForm::c_ln(&q("0.1"), &q("10")).add(&LogForm::c_ln(&q("0.9"), &q("10/11")));
        assert_eq!(v.display(Base::E), "ln 10 − (9/10)·ln 11");
        let expected = LogForm::ln(&q("10")).sub(&LogForm::c_ln(&q("9/10"), &q("11")));
        assert_eq!(v, expected);
        assert_ne!(v, LogForm::ln(&q("10")));
    }

    #[test]
    fn bases() {
        let black_swan = LogForm::ln(&q("100"));
        assert_eq!(black_swan.display(Base::Two), "2 + 2·log2 5");
        assert_eq!(black_swan.display(Base::Ten), "2");
        assert_eq!(LogForm::ln(&q("2")).display(Base::Two), "1");
        assert_eq!(
            LogForm::c_ln(&q("0x1p-1075"), &q("2")).display(Base::E),
            "(1/2^1075)·ln 2"
        );
        assert_eq!(
            LogForm::ln(&q("8")).rational_in_base(Base::Two),
            Some(q("3"))
        );
        assert_eq!(
            LogForm::ln(&q("1/100")).rational_in_base(Base::Ten),
            Some(q("-2"))
        );
        assert_eq!(LogForm::ln(&q("6")).rational_in_base(Base::Two), None);
    }

    #[test]
    fn big_composite_atoms_refine_to_coprime() {
        // 2^70·3 and (2^70·3)·7 ... cofactors above 2^64 that share a factor
        let p1 = q("18446744073709551629"); // prime > 2^64
        let p2 = q("18446744073709551653"); // prime > 2^64
        let a = LogForm::ln(&(&p1 * &p2)); // one big atom (unfactored)
        let b = LogForm::ln(&p1).add(&LogForm::ln(&p2));
        assert_eq!(a, b);
        let c = LogForm::ln(&(&p1 * &p1));
        assert_eq!(c, LogForm::ln(&p1).scale(&q("2")));
        assert_ne!(a, c);
    }
}
