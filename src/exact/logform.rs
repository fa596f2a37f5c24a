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
use crate::num::{q_text, Q};

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

const BIG: u128 = 1u128 << 64;

/// Factor `n ≥ 1` into pairwise coprime atoms with exponents: primes by
/// trial division and `factorize64`; a cofactor above 2^64 stays whole.
fn factor(n: &BigUint) -> Vec<(BigUint, u64)> {
    let mut out: Vec<(BigUint, u64)> = Vec::new();
    let mut r = n.clone();
    for &p in small_primes() {
        if r.is_one() {
            break;
        }
        let pb = BigUint::from(p);
        let mut e = 0u64;
        loop {
            let (q, rem) = r.div_rem(&pb);
            if !rem.is_zero() {
                break;
            }
            r = q;
            e += 1;
        }
        if e > 0 {
            out.push((pb, e));
        }
    }
    if r.is_one() {
        return out;
    }
    if let Some(small) = r.to_u64() {
        for (p, e) in num_prime::nt_funcs::factorize64(small) {
            out.push((BigUint::from(p), e as u64));
        }
    } else {
        out.push((r, 1));
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

/// Restore pairwise coprimality after a union of atom sets. Only atoms
/// above 2^64 can share factors with others (smaller ones are primes).
fn refine(map: &mut BTreeMap<BigUint, Q>) {
    loop {
        let big: Vec<BigUint> = map
            .keys()
            .filter(|a| a.to_u128().is_none_or(|v| v >= BIG))
            .cloned()
            .collect();
        if big.is_empty() {
            return;
        }
        let mut split = None;
        'outer: for a in &big {
            for b in map.keys() {
                if a != b {
                    let g = a.gcd(b);
                    if !g.is_one() {
                        split = Some((a.clone(), b.clone(), g));
                        break 'outer;
                    }
                }
            }
        }
        let Some((a, b, g)) = split else { return };
        let ca = map.remove(&a).expect("present");
        let cb = map.remove(&b).expect("present");
        for (x, c) in [(a, ca), (b, cb)] {
            let rest = &x / &g;
            for part in [g.clone(), rest] {
                for (atom, e) in factor_if_small(&part) {
                    add_coef(map, atom, &(&c * Q::from_integer(BigInt::from(e))));
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
        refine(&mut logs);
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
        let mut needs_refine = false;
        for (a, c) in &o.logs {
            if !logs.contains_key(a) && a.to_u128().is_none_or(|v| v >= BIG) {
                needs_refine = true;
            }
            add_coef(&mut logs, a.clone(), c);
        }
        if needs_refine
            || self
                .logs
                .keys()
                .any(|a| a.to_u128().is_none_or(|v| v >= BIG))
        {
            refine(&mut logs);
        }
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
        self.scale(&-Q::one())
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
        // group atoms by coefficient
        let mut groups: Vec<(Q, BigUint)> = Vec::new();
        for (a, c) in &logs {
            if let Some(g) = groups.iter_mut().find(|(gc, _)| gc == c) {
                g.1 *= a;
            } else {
                groups.push((c.clone(), a.clone()));
            }
        }
        groups.sort_by(|x, y| y.0.abs().cmp(&x.0.abs()).then(x.1.cmp(&y.1)));
        let mut parts: Vec<(bool, String)> = Vec::new();
        if !rat_plain.is_zero() {
            parts.push((rat_plain.is_negative(), q_text(&rat_plain.abs())));
        }
        if !self.rat.is_zero() {
            let r = self.rat.abs();
            let s = match base {
                Base::E => q_text(&r),
                Base::Two => format!("{}/ln 2", paren(&r)),
                Base::Ten => format!("{}/ln 10", paren(&r)),
            };
            parts.push((self.rat.is_negative(), s));
        }
        for (c, a) in groups {
            let m = c.abs();
            let s = if m.is_one() {
                format!("{lname} {a}")
            } else {
                format!("{}·{lname} {a}", paren(&m))
            };
            parts.push((c.is_negative(), s));
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

fn paren(q: &Q) -> String {
    if q.denom().is_one() {
        q.numer().to_string()
    } else {
        format!("({})", q_text(q))
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
