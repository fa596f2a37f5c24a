//! Fixed-point ball arithmetic with rigorous error bounds.
//!
//! A [`Ball`] at precision `P` is an integer midpoint `m` and a radius `r`
//! (in units of `2^-P`): the real value `x` it stands for satisfies
//! `|x − m·2^-P| ≤ r·2^-P`. Every operation returns a ball that contains
//! the exact result of the operation on every pair of points of its inputs.
//!
//! # Why fixed point, and why hand-written
//! Information measures are sums of many terms `x·ln(y)` whose size is
//! bounded, so an absolute error target is the natural one, and fixed point
//! makes every rounding error an integer count of units in the last place.
//! A per-element call to a general multiprecision `ln` costs ~33 µs at
//! 128 bits in astro-float; the logarithm here reduces its argument with two
//! small tables of exact dyadic reciprocals and finishes with a short
//! `atanh` series, about 1 µs per call. Its error analysis is inline below;
//! the tests compare it against astro-float's correctly rounded `ln`.
//!
//! # Logarithm error analysis
//! For `x = a/b > 0` write `x = 2^k · s`, `s ∈ [1, 2)`, and let the working
//! precision be `W = P + GUARD`. In units of `2^-W`:
//! 1. `S = ⌊s·2^W⌋` has error < 1, so `ln S` is within 1 of `ln s` (`s ≥ 1`).
//! 2. `y = S·R1[i]/2^8` and `z = y·R2[j]/2^15` are products of integers,
//!    exact; truncating `z` to `W` bits costs < 1 unit, hence < 1.01 in ln.
//! 3. `u = (z−1)/(z+1)` is computed with a truncating division (< 1 unit);
//!    `ln z = 2·atanh u` amplifies that by `2/(1−u²) < 2.01`.
//! 4. The series `2·Σ u^(2k+1)/(2k+1)`: each of its `K` terms costs at most
//!    3 units (a product, a shift, a division), doubled: `6K`; the tail after
//!    the last term below one unit is < 1.
//! 5. The table values `ln(R1[i]/2^8)`, `ln(R2[j]/2^15)` and `ln 2` carry 1
//!    unit each, `ln 2` multiplied by `|k|`.
//!
//! Total: `6K + 8 + |k|` units of `2^-W`, then rounded to `P` bits.

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::limbs::{self, Limbs};
use crate::num::Q;

/// Guard bits between a ball's precision and the logarithm's working
/// precision (at least; rounded up to a multiple of 64). The error bounds
/// are rounded up honestly whatever the guard: it only decides how tight
/// the balls are (16 bits keep the radius at 2 units for `|k| < 2^15`
/// on the fast path), and fewer limbs make the logarithm faster.
const GUARD: u32 = 16;
/// Bits of the first-stage table index (128 entries).
const T1_BITS: u32 = 7;
/// Second-stage table: `j ∈ [-T2_HALF, T2_HALF]`, step `2^-14`.
const T2_HALF: i64 = 160;
/// Third-stage table of the limb fast path: `j ∈ [-T3_HALF, T3_HALF]`,
/// step `2^-21` (the second stage leaves `|t| < 2^-14`, i.e. `|j| ≤ 128`).
const T3_HALF: i64 = 130;

/// Largest binary exponent of an exponential the engine computes: `exp(x)`
/// is enclosed for `x ≤ EXP_MAX_BITS·ln 2` (values up to `2^(2^24)`, i.e. a
/// 16-Mbit midpoint); above it the result is an unbounded ball, which every
/// consumer reports as "not certified" (never a number).
pub const EXP_MAX_BITS: u32 = 1 << 24;

/// Saturating radius arithmetic: a radius that overflows means "unbounded".
type Rad = BigUint;

/// A real number enclosed as `mid·2^-prec ± rad·2^-prec`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ball {
    /// Midpoint, in units of `2^-prec`.
    pub(crate) mid: BigInt,
    /// Radius, in units of `2^-prec` (`0` means exact).
    pub(crate) rad: Rad,
    /// Nothing is known about the value (an overflow or an undefined operation).
    pub(crate) unbounded: bool,
    /// Precision in bits after the binary point.
    pub(crate) prec: u32,
}

fn sat_add(a: &Rad, b: &Rad) -> Rad {
    a + b
}

/// Ceil of `n / 2^s` for a non-negative integer.
fn shr_ceil(n: &BigUint, s: u32) -> BigUint {
    let q = n >> s as usize;
    if (&q << s as usize) == *n {
        q
    } else {
        q + 1u32
    }
}

fn to_rad(n: &BigUint) -> Rad {
    n.clone()
}

/// `⌊n/d⌋` for `d > 0` and whether it was exact; a shift when `d` is a
/// power of two (the denominators of doubles).
pub(crate) fn div_floor_exact(n: &BigInt, d: &BigInt) -> (BigInt, bool) {
    let tz = d.trailing_zeros().unwrap_or(0);
    if d.bits() == tz + 1 {
        let q = n >> tz as usize; // floor for negative values too
        let exact = n.trailing_zeros().is_none_or(|t| t >= tz);
        (q, exact)
    } else {
        let (q, r) = n.div_mod_floor(d);
        (q, r.is_zero())
    }
}

/// `v/2^prec` in lowest terms: the only common factors of a numerator and
/// a power of two are twos, so dropping the common trailing zeros reduces
/// it (no gcd).
fn dyadic_q(v: BigInt, prec: u32) -> Q {
    let tz = v
        .trailing_zeros()
        .map_or(prec, |t| t.min(prec as u64) as u32);
    Q::new_raw(v >> tz as usize, BigInt::one() << (prec - tz) as usize)
}

/// Floor division of signed integers (rounds toward −∞).
fn div_floor(a: &BigInt, b: &BigInt) -> BigInt {
    a.div_floor(b)
}

impl Ball {
    /// The ball `mid·2^-prec ± rad·2^-prec`.
    pub fn new(mid: BigInt, rad: BigUint, prec: u32) -> Ball {
        Ball {
            mid,
            rad,
            unbounded: false,
            prec,
        }
    }

    /// The ball about which nothing is known (every consumer reports it as
    /// "not certified").
    pub fn unknown(prec: u32) -> Ball {
        Ball {
            mid: BigInt::zero(),
            rad: BigUint::zero(),
            unbounded: true,
            prec,
        }
    }

    /// Midpoint, in units of `2^-prec`.
    pub fn mid(&self) -> &BigInt {
        &self.mid
    }

    /// Radius, in units of `2^-prec`.
    pub fn rad(&self) -> &BigUint {
        &self.rad
    }

    /// Precision in bits after the binary point.
    pub fn prec(&self) -> u32 {
        self.prec
    }

    /// The exact value `0`.
    pub fn zero(prec: u32) -> Ball {
        Ball {
            mid: BigInt::zero(),
            rad: BigUint::zero(),
            unbounded: false,
            prec,
        }
    }

    /// Whether the radius is zero (the value is exactly `mid·2^-prec`).
    pub fn is_exact(&self) -> bool {
        self.rad.is_zero() && !self.unbounded
    }

    /// Whether the radius overflowed (nothing is known).
    pub fn is_unbounded(&self) -> bool {
        self.unbounded
    }

    /// Enclose a rational: `⌊q·2^P⌋` with radius 1, or exact if dyadic.
    pub fn from_q(q: &Q, prec: u32) -> Ball {
        let num = q.numer() << prec as usize;
        let (m, r) = num.div_mod_floor(q.denom());
        Ball {
            mid: m,
            rad: if r.is_zero() {
                BigUint::zero()
            } else {
                BigUint::one()
            },
            unbounded: false,
            prec,
        }
    }

    /// Lower end `mid − rad` (units of `2^-prec`).
    pub fn lo(&self) -> BigInt {
        debug_assert!(!self.unbounded, "lower end of an unbounded ball");
        &self.mid - BigInt::from(self.rad.clone())
    }

    /// Upper end `mid + rad` (units of `2^-prec`).
    pub fn hi(&self) -> BigInt {
        debug_assert!(!self.unbounded, "upper end of an unbounded ball");
        &self.mid + BigInt::from(self.rad.clone())
    }

    /// Lower and upper ends as exact rationals.
    pub fn bounds_q(&self) -> (Q, Q) {
        (
            dyadic_q(self.lo(), self.prec),
            dyadic_q(self.hi(), self.prec),
        )
    }

    /// The smallest ball containing `[lo, hi]` (units of `2^-prec`).
    pub fn from_bounds(lo: BigInt, hi: BigInt, prec: u32) -> Ball {
        let sum = &lo + &hi;
        let mid = div_floor(&sum, &BigInt::from(2));
        let r1 = (&hi - &mid).magnitude().clone();
        let r2 = (&mid - &lo).magnitude().clone();
        Ball {
            mid,
            rad: to_rad(&r1.max(r2)),
            unbounded: false,
            prec,
        }
    }

    /// Sum.
    pub fn add(&self, o: &Ball) -> Ball {
        debug_assert_eq!(self.prec, o.prec);
        Ball {
            mid: &self.mid + &o.mid,
            rad: sat_add(&self.rad, &o.rad),
            unbounded: self.unbounded || o.unbounded,
            prec: self.prec,
        }
    }

    /// In-place sum.
    pub fn add_assign(&mut self, o: &Ball) {
        debug_assert_eq!(self.prec, o.prec);
        self.mid += &o.mid;
        self.rad += &o.rad;
        self.unbounded |= o.unbounded;
    }

    /// Difference.
    pub fn sub(&self, o: &Ball) -> Ball {
        Ball {
            mid: &self.mid - &o.mid,
            rad: sat_add(&self.rad, &o.rad),
            unbounded: self.unbounded || o.unbounded,
            prec: self.prec,
        }
    }

    /// Negation (exact).
    pub fn neg(&self) -> Ball {
        Ball {
            mid: -&self.mid,
            rad: self.rad.clone(),
            unbounded: self.unbounded,
            prec: self.prec,
        }
    }

    /// Product with the exact rational `num/den` (`den > 0`).
    pub fn mul_q(&self, num: &BigInt, den: &BigInt) -> Ball {
        let p = &self.mid * num;
        let (m, exact) = div_floor_exact(&p, den);
        // radius: rad·|num|/den rounded up, plus 1 for the midpoint rounding
        if self.is_unbounded() {
            return self.clone();
        }
        let rr = &self.rad * num.magnitude();
        let (rq, rexact) = div_floor_exact(&BigInt::from(rr), den);
        let mut rad = to_rad(rq.magnitude());
        if !rexact {
            rad += 1u32;
        }
        if !exact {
            rad += 1u32;
        }
        Ball {
            mid: m,
            rad,
            unbounded: false,
            prec: self.prec,
        }
    }

    /// Product of two balls.
    pub fn mul(&self, o: &Ball) -> Ball {
        let p = self.prec;
        let prod = &self.mid * &o.mid;
        let mid = prod.clone() >> p as usize; // floor
        let rem_nonzero = (&mid << p as usize) != prod;
        // |xy − m1 m2| ≤ |m1| r2 + |m2| r1 + r1 r2 (units 2^-2P)
        if self.is_unbounded() || o.is_unbounded() {
            return Ball {
                mid,
                rad: BigUint::zero(),
                unbounded: true,
                prec: p,
            };
        }
        let (r1, r2) = (&self.rad, &o.rad);
        let e = self.mid.magnitude() * r2 + o.mid.magnitude() * r1 + r1 * r2;
        let mut rad = to_rad(&shr_ceil(&e, p));
        if rem_nonzero {
            rad += 1u32;
        }
        Ball {
            mid,
            rad,
            unbounded: false,
            prec: p,
        }
    }

    /// Square root; `None` if the ball lies entirely below zero. A lower end
    /// below zero is clipped to zero (the argument is known to be ≥ 0).
    pub fn sqrt(&self) -> Option<Ball> {
        if self.unbounded {
            return None;
        }
        let p = self.prec as usize;
        let hi = self.hi();
        if hi.is_negative() {
            return None;
        }
        let lo = self.lo().max(BigInt::zero());
        // sqrt(L·2^-P) = sqrt(L·2^P)·2^-P
        let slo = (lo.magnitude() << p).sqrt();
        let hi_sh = hi.magnitude() << p;
        let mut shi = hi_sh.sqrt();
        if &shi * &shi != hi_sh {
            shi += 1u32;
        }
        Some(Ball::from_bounds(
            BigInt::from(slo),
            BigInt::from(shi),
            self.prec,
        ))
    }

    /// Natural logarithm; `None` unless the whole ball is > 0.
    pub fn ln(&self) -> Option<Ball> {
        if self.unbounded {
            return None;
        }
        let lo = self.lo();
        if !lo.is_positive() {
            return None;
        }
        if self.rad.is_zero() {
            return Some(ln_ratio(
                self.mid.magnitude(),
                &(BigUint::one() << self.prec as usize),
                self.prec,
            ));
        }
        let den = BigUint::one() << self.prec as usize;
        let a = ln_ratio(lo.magnitude(), &den, self.prec);
        let b = ln_ratio(self.hi().magnitude(), &den, self.prec);
        Some(Ball::from_bounds(a.lo(), b.hi(), self.prec))
    }

    /// Exponential. Unbounded (nothing known) when the upper end exceeds
    /// `2^EXP_MAX_BITS` ([`EXP_MAX_BITS`]); an argument far below zero
    /// gives the honest enclosure `[0, 1 unit]`.
    pub fn exp(&self) -> Ball {
        if self.unbounded {
            return self.clone();
        }
        let b = exp_fixed(&self.hi(), self.prec);
        if b.unbounded {
            return b;
        }
        let a = exp_fixed(&self.lo(), self.prec);
        // exp is increasing: a's lower end is ≤ b's (both enclosures are valid)
        Ball::from_bounds(a.lo().max(BigInt::zero()), b.hi(), self.prec)
    }
}

/// Precomputed logarithms at one working precision.
struct LnTable {
    w: u32,
    ln2: BigInt,
    /// `ln(R1[i]/2^8)` in units of `2^-w` (see [`r1`]), on first use.
    t1: Vec<OnceLock<BigInt>>,
    /// `ln(R2[j]/2^15)` (index `j + T2_HALF`, see [`r2`]), computed on
    /// first use: a call touches a few of the 321 entries.
    t2: Vec<OnceLock<BigInt>>,
    /// Extra bits of the table computations (`we = w + extra`).
    extra: u32,
    /// The same values as fixed limb arrays, for [`ln_fast`] (`w ≤ 512`).
    fast: Option<FastTable>,
}

/// `R2[j] = round(2^29/(2^14 + j))`: `R2/2^15 ≈ 1/(1 + j·2^-14)`.
fn r2(j: i64) -> u64 {
    let den = (1i64 << 14) + j;
    (((1i64 << 29) + den / 2) / den) as u64
}

/// `ln(R/2^b) = 2·atanh((R − 2^b)/(R + 2^b))` at `w` bits (computed at
/// `w + extra` bits, error below a quarter unit there, then rounded: within
/// 1 unit), for the second and third table stages.
fn ln_table_entry(r: u64, b: u32, w: u32, extra: u32) -> BigInt {
    let (r, one) = (r as i64, 1i64 << b);
    let (v, e) = atanh2_small(r - one, (r + one) as u64, w + extra);
    assert!(
        (e as u128) < 1u128 << (extra - 2),
        "table error bound too large"
    );
    round_down_bits(v, extra)
}

/// `R1[i] = round(2^16/(256 + 2i + 1)) ≈ 2^8/(1 + (i + 1/2)/128)`, in `[128, 256]`.
fn r1(i: usize) -> u64 {
    let d = 256 + 2 * i as u64 + 1;
    (65536 + d / 2) / d
}

impl LnTable {
    /// `ln(R1[i]/2^8)` in units of `2^-w`.
    fn l1(&self, i: usize) -> &BigInt {
        self.t1[i].get_or_init(|| ln_table_entry(r1(i), 8, self.w, self.extra))
    }

    /// `ln(R2[j]/2^15)` in units of `2^-w`.
    fn l2(&self, j: i64) -> &BigInt {
        self.t2[(j + T2_HALF) as usize]
            .get_or_init(|| ln_table_entry(r2(j), 15, self.w, self.extra))
    }
}

impl FastTable {
    /// [`LnTable::l1`] as limbs.
    fn l1(&self, tab: &LnTable, i: usize) -> &Limbs {
        self.t1[i].get_or_init(|| {
            limbs::from_bigint(tab.l1(i), self.n + 1).expect("a table entry below 1 fits")
        })
    }

    /// [`LnTable::l2`] as limbs.
    fn l2(&self, tab: &LnTable, j: i64) -> &Limbs {
        self.t2[(j + T2_HALF) as usize].get_or_init(|| {
            limbs::from_bigint(tab.l2(j), self.n + 1).expect("a table entry below 1 fits")
        })
    }

    /// `ln(R3[j]/2^22)` as limbs.
    fn l3(&self, tab: &LnTable, j: i64) -> &Limbs {
        self.t3[(j + T3_HALF) as usize].get_or_init(|| {
            let v = ln_table_entry(r3(j), 22, tab.w, tab.extra);
            limbs::from_bigint(&v, self.n + 1).expect("a table entry below 1 fits")
        })
    }
}

/// `R3[j] = round(2^43/(2^21 + j))`: `R3/2^22 ≈ 1/(1 + j·2^-21)`.
fn r3(j: i64) -> u64 {
    let den = (1i64 << 21) + j;
    (((1i64 << 43) + den / 2) / den) as u64
}

/// The tables of [`LnTable`] as two's complement limb arrays over `n + 1`
/// limbs (`w = 64n`), and the Taylor coefficients `⌊2^w/k⌋` of the series
/// of [`ln_fast`].
struct FastTable {
    n: usize,
    ln2: Limbs,
    t1: Vec<OnceLock<Limbs>>,
    t2: Vec<OnceLock<Limbs>>,
    /// `ln(R3[j]/2^22)`, index `j + T3_HALF` (see [`r3`]), on first use.
    t3: Vec<OnceLock<Limbs>>,
    /// `inv[k] = ⌊2^w/k⌋` over `n` limbs, `k = 0..=terms` (entries 0 and 1 unused).
    inv: Vec<Limbs>,
    /// Number of Taylor terms `K = ⌈w/21⌉` (at least 2).
    terms: usize,
}

impl FastTable {
    /// The limb tables at `w` bits (the second and third stages are
    /// filled on first use, [`ln_table_entry`]).
    fn new(w: u32, ln2: &BigInt) -> Option<FastTable> {
        if w % 64 != 0 || w > 512 {
            return None;
        }
        let n = (w / 64) as usize;
        let conv = |v: &BigInt| limbs::from_bigint(v, n + 1);
        let terms = (w as usize).div_ceil(21).max(2);

        let mut one = [0u64; limbs::L];
        one[n] = 1;
        let inv = (0..=terms)
            .map(|k| limbs::div_small(&one, k.max(1) as u64, n + 1).0)
            .collect();
        Some(FastTable {
            n,
            ln2: conv(ln2)?,
            t1: (0..1usize << T1_BITS).map(|_| OnceLock::new()).collect(),
            t2: (-T2_HALF..=T2_HALF).map(|_| OnceLock::new()).collect(),
            t3: (-T3_HALF..=T3_HALF).map(|_| OnceLock::new()).collect(),
            inv,
            terms,
        })
    }
}

/// `2·atanh(a/b)` for small integers `0 ≤ |a| < b ≤ 2^31`, in units of
/// `2^-w`, with the bound on its error in units. Each term is the previous
/// one times `a²/b²` (a product and a quotient by machine integers), so a
/// term costs O(w) and the series converges by `log2(b²/a²)` bits a term.
/// Truncation: each term is low by < 2 units and its quotient by `2j+1`
/// by < 1 more, so the sum is low by < 3K units plus a tail < 1 unit.
fn atanh2_small(a: i64, b: u64, w: u32) -> (BigInt, u64) {
    let neg = a < 0;
    let a = a.unsigned_abs();
    if a == 0 {
        return (BigInt::zero(), 0);
    }
    let (a2, b2) = (a * a, b * b);
    let mut term = (BigUint::one() << w as usize) * a / b;
    let mut sum = term.clone();
    let mut k: u64 = 1;
    loop {
        term = term * a2 / b2;
        if term.is_zero() {
            break;
        }
        sum += &term / (2 * k + 1);
        k += 1;
    }
    let v = BigInt::from(sum << 1usize);
    (if neg { -v } else { v }, 2 * (3 * k + 1))
}

/// `Σ_{k≥0} u^(2k+1)/(2k+1)` for `0 ≤ u < 1/2` in units of `2^-w`, with
/// truncating operations (each term is low by at most 2 units, its quotient
/// by 1 more), stopping at the first term that truncates to zero. Returns
/// the sum and the number of terms `K`: the true value exceeds the sum by
/// less than `3K + 1` units.
fn odd_series(u: &BigUint, w: u32) -> (BigUint, u64) {
    let u2 = (u * u) >> w as usize;
    let mut term = u.clone();
    let mut sum = u.clone();
    let mut k: u64 = 1;
    loop {
        term = (&term * &u2) >> w as usize;
        if term.is_zero() {
            break;
        }
        sum += &term / BigUint::from(2 * k + 1);
        k += 1;
    }
    (sum, k)
}

/// Round a value at `w + extra` bits to `w` bits (nearest).
fn round_down_bits(v: BigInt, extra: u32) -> BigInt {
    (v + (BigInt::one() << (extra - 1) as usize)) >> extra as usize
}

impl LnTable {
    /// Tables at working precision `w`, every entry within 1 unit of
    /// `2^-w`: `ln 2 = 2·atanh(1/3)` now, every other entry on first use
    /// ([`ln_table_entry`]: `2·atanh` of a small fraction at `w + extra`
    /// bits, `extra = 24 + 2·log2(w)` covering the series' error count).
    /// A call touches a few entries, so a one-shot call pays for those
    /// only.
    fn new(w: u32) -> LnTable {
        let extra: u32 = 24 + 2 * (32 - w.leading_zeros());
        let (v, e) = atanh2_small(1, 3, w + extra);
        assert!(
            (e as u128) < 1u128 << (extra - 2),
            "table error bound too large"
        );
        let ln2 = round_down_bits(v, extra);
        let fast = FastTable::new(w, &ln2);
        LnTable {
            w,
            ln2,
            t1: (0..1usize << T1_BITS).map(|_| OnceLock::new()).collect(),
            t2: (-T2_HALF..=T2_HALF).map(|_| OnceLock::new()).collect(),
            extra,
            fast,
        }
    }
}

fn table(w: u32) -> Arc<LnTable> {
    // the last table of this thread: one lookup without the lock per
    // logarithm of a sum
    thread_local! {
        static LAST: std::cell::RefCell<Option<Arc<LnTable>>> = const { std::cell::RefCell::new(None) };
    }
    if let Some(t) = LAST.with(|l| l.borrow().as_ref().filter(|t| t.w == w).cloned()) {
        return t;
    }
    let t = table_shared(w);
    LAST.with(|l| *l.borrow_mut() = Some(t.clone()));
    t
}

fn table_shared(w: u32) -> Arc<LnTable> {
    static TABLES: OnceLock<Mutex<HashMap<u32, Arc<LnTable>>>> = OnceLock::new();
    let m = TABLES.get_or_init(|| Mutex::new(HashMap::new()));
    {
        let g = m.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(t) = g.get(&w) {
            return t.clone();
        }
    }
    let t = Arc::new(LnTable::new(w));
    let mut g = m.lock().unwrap_or_else(|e| e.into_inner());
    g.entry(w).or_insert(t).clone()
}

/// Working precision for a ball precision (a multiple of 64, so tables are shared).
fn working(prec: u32) -> u32 {
    (prec + GUARD).div_ceil(64) * 64
}

/// Natural logarithm of the positive rational `a/b`, as a ball at `prec` bits.
/// Exact zero when `a == b`.
pub fn ln_ratio(a: &BigUint, b: &BigUint, prec: u32) -> Ball {
    assert!(!a.is_zero() && !b.is_zero(), "ln_ratio of zero");
    if a == b {
        return Ball::zero(prec);
    }
    let w = working(prec);
    let tab = table(w);
    if let (Some((oa, ta)), Some((ob, tb))) = (odd_u64(a), odd_u64(b)) {
        if let Some(ball) = ln_fast(oa, ob, ta as i64 - tb as i64, &tab, prec) {
            return ball;
        }
    }
    ln_ratio_big(a, b, prec, &tab)
}

/// `x = o·2^t` with `o` odd, if `o` fits in 64 bits (`x > 0`).
fn odd_u64(x: &BigUint) -> Option<(u64, u64)> {
    let t = x.trailing_zeros()?;
    if x.bits() - t > 64 {
        return None;
    }
    let (wi, bi) = ((t / 64) as usize, (t % 64) as u32);
    let mut it = x.iter_u64_digits().skip(wi);
    let lo = it.next().unwrap_or(0);
    let hi = it.next().unwrap_or(0);
    Some((
        if bi == 0 {
            lo
        } else {
            (lo >> bi) | (hi << (64 - bi))
        },
        t,
    ))
}

/// Largest `|k|` (binary exponent) the fast path takes; beyond, the
/// general path (which has no such limit) is used.
const FAST_MAX_EXP: i64 = 1 << 40;

/// `ln(a/b·2^e)` for odd machine integers `a`, `b` at `prec` bits, in
/// fixed limb arithmetic without allocation (the working precision `w` of
/// `tab` is at most 512 bits). `None` when the fast path does not apply
/// (no limb tables at this precision, a huge exponent, or a reduced
/// argument outside the series' range, which the table reduction never
/// produces but is checked rather than assumed); the caller then uses the
/// general path.
///
/// # Error analysis (units of `2^-w`)
/// With `k` such that `s = a/(b·2^k') ∈ [1, 2)` (`k = k' + e`):
/// 1. `S = ⌊s·2^w⌋` (a shift, or one long division by `b`): low by < 1
///    unit, so `ln S` is within 1 unit of `ln s` (`s ≥ 1`).
/// 2. `y = S·R1[i]`, `z = y·R2[j]` are exact; `z` truncated to `w` bits
///    is low by < 1 unit, < 1.01 in ln (`z ≥ 1 − 2^-7`). A third stage
///    multiplies by `R3[j3]` ([`r3`], `j3 = round((z−1)·2^21)`) and
///    truncates again: < 1.01 more.
/// 3. `t = z − 1` with `|t| < 2^-21`, checked (the reduction gives
///    `|t| ≤ 1.5·2^-22`). `ln(1+t) = t − t²·V(t)`,
///    `V(t) = Σ_{m≥2} (−t)^(m−2)/m`, truncated after `K = ⌈w/21⌉` terms:
///    the tail is below `|t|^(K+1) < 2^-w`, one unit. Horner's scheme
///    `V_m = ⌊2^w/m⌋ ∓ hi(|t|·V_{m+1})` with the truncated high product
///    ([`limbs::mul_hi_trunc`], low by < `n + 1` units): each step adds
///    < `n + 2` units to the previous error times `|t|`, so `V_2` is
///    within `n + 2.01` units; the two products `t·(t·V_2)` leave < `n +
///    1.01`; with the tail the series is within `n + 2.02` units.
/// 4. Table entries `ln(R1/2^8)`, `ln(R2/2^15)`, `ln(R3/2^22)` are within
///    1 unit each, `ln 2` within 1 unit, multiplied by `|k|`.
///
/// Total < `1 + 3·1.01 + n + 2.02 + 3 + |k|` < `10 + n + |k|` units; the
/// ball uses `12 + n + |k|`, then rounds to `prec` bits like the general
/// path.
fn ln_fast(a: u64, b: u64, e: i64, tab: &LnTable, prec: u32) -> Option<Ball> {
    let fx = tab.fast.as_ref()?;
    // one copy per limb count, so that every loop has a constant bound
    match fx.n {
        1 => ln_fast_n::<1>(a, b, e, tab, fx, prec),
        2 => ln_fast_n::<2>(a, b, e, tab, fx, prec),
        3 => ln_fast_n::<3>(a, b, e, tab, fx, prec),
        4 => ln_fast_n::<4>(a, b, e, tab, fx, prec),
        5 => ln_fast_n::<5>(a, b, e, tab, fx, prec),
        6 => ln_fast_n::<6>(a, b, e, tab, fx, prec),
        7 => ln_fast_n::<7>(a, b, e, tab, fx, prec),
        8 => ln_fast_n::<8>(a, b, e, tab, fx, prec),
        _ => None,
    }
}

/// [`ln_fast`] with `N = w/64` limbs.
fn ln_fast_n<const N: usize>(
    a: u64,
    b: u64,
    e: i64,
    tab: &LnTable,
    fx: &FastTable,
    prec: u32,
) -> Option<Ball> {
    let (total, rad_w) = ln_core_n::<N>(a, b, e, tab, fx)?;
    Some(round_limbs(&total, rad_w, tab.w, prec, N + 1))
}

/// Round a two's complement value over `m` limbs at `w` bits, with a
/// radius of `rad_w` units, to a ball at `prec` bits (nearest; the radius
/// grows by the rounding, one unit, like [`round_to`]).
fn round_limbs(total: &Limbs, rad_w: u128, w: u32, prec: u32, m: usize) -> Ball {
    let rsh = w - prec;
    let half = limbs::shl_u64(1, rsh - 1, m);
    let mid = limbs::sar(&limbs::add(total, &half, m), rsh, m);
    let rad = if rsh >= 128 {
        1
    } else {
        rad_w.div_ceil(1u128 << rsh)
    } + 1;
    Ball {
        mid: limbs::to_bigint(&mid, m),
        rad: BigUint::from(rad),
        unbounded: false,
        prec,
    }
}

/// The generalized KL term `bd0(x, y) = x·ln(x/y) + y − x` for rationals
/// `x, y > 0` whose numerators and the odd parts of whose denominators
/// fit in 64 bits, and whose ratio `x/y` has odd parts of at most 64 bits
/// (every double, small fractions), as a ball at `prec` bits, in limb
/// arithmetic: one
/// allocation (the result), against a dozen big-integer operations on
/// the general path. `None` when it does not apply, and for `x = y`
/// (where the caller returns an exact zero).
///
/// # Error analysis (units of `2^-w`, `w` the working precision)
/// `L` encloses `ln(x/y)` within `R` units ([`ln_fast`]). `x·L` is
/// computed as `⌊|L|·a_x / (b_x·2^s_x)⌋` with the sign of `L`: within `R·x`
/// (rounded up) plus 1 for the truncation (0 when the division is exact).
/// `y` and `x` are `⌊a·2^w/b⌋`: below 1 unit each (0 when exact, e.g. a
/// binary denominator). The sum is rounded to `prec` bits once.
pub(crate) fn bd0_fast(x: &Q, y: &Q, prec: u32) -> Option<Ball> {
    let (xa, xb, sx) = split_q(x)?;
    let (ya, yb, sy) = split_q(y)?;
    // x/y = (xa·yb)/(xb·ya)·2^(sy−sx), exactly 1 iff the cross products
    // and the exponents agree: the caller's exact zero then
    let (num, den) = (xa as u128 * yb as u128, xb as u128 * ya as u128);
    if num == den && sx == sy {
        return None;
    }
    let (tn, td) = (num.trailing_zeros(), den.trailing_zeros());
    let oa = u64::try_from(num >> tn).ok()?;
    let ob = u64::try_from(den >> td).ok()?;
    let e = tn as i64 - td as i64 + sy as i64 - sx as i64;
    let tab = table(working(prec));
    let fx = tab.fast.as_ref()?;
    let args = [(xa, xb, sx), (ya, yb, sy)];
    match fx.n {
        1 => bd0_fast_n::<1>(args, (oa, ob, e), &tab, fx, prec),
        2 => bd0_fast_n::<2>(args, (oa, ob, e), &tab, fx, prec),
        3 => bd0_fast_n::<3>(args, (oa, ob, e), &tab, fx, prec),
        4 => bd0_fast_n::<4>(args, (oa, ob, e), &tab, fx, prec),
        5 => bd0_fast_n::<5>(args, (oa, ob, e), &tab, fx, prec),
        6 => bd0_fast_n::<6>(args, (oa, ob, e), &tab, fx, prec),
        7 => bd0_fast_n::<7>(args, (oa, ob, e), &tab, fx, prec),
        8 => bd0_fast_n::<8>(args, (oa, ob, e), &tab, fx, prec),
        _ => None,
    }
}

/// `q = a/(b·2^s)` with `0 < a < 2^64` and odd `b < 2^64` (`None` otherwise).
fn split_q(q: &Q) -> Option<(u64, u64, u64)> {
    if !q.numer().is_positive() {
        return None;
    }
    let a = q.numer().to_u64()?;
    let (b, s) = odd_u64(q.denom().magnitude())?;
    Some((a, b, s))
}

/// `⌊v/2^s⌋` over `m` limbs (unsigned) and whether it is exact.
#[inline(always)]
fn shr_exact(v: &Limbs, s: u64, m: usize) -> (Limbs, bool) {
    let bits = 64 * m as u64;
    let exact = (0..m).all(|i| {
        let lo = 64 * i as u64;
        if lo >= s {
            return true;
        }
        let keep = s - lo; // low bits of limb i that are shifted out
        let mask = if keep >= 64 {
            u64::MAX
        } else {
            (1u64 << keep) - 1
        };
        v[i] & mask == 0
    });
    if s >= bits {
        return ([0u64; limbs::L], exact);
    }
    (limbs::shr(v, s as u32, m), exact)
}

/// `⌊|v|/(b·2^s)⌋` over `m` limbs for unsigned `v`, and whether it is exact.
#[inline(always)]
fn div_scaled(v: &Limbs, b: u64, s: u64, m: usize) -> (Limbs, bool) {
    let (q, e1) = shr_exact(v, s, m);
    if b == 1 {
        return (q, e1);
    }
    let (q, e2) = limbs::div_small(&q, b, m);
    (q, e1 && e2)
}

/// [`bd0_fast`] with `N = w/64` limbs; the term is formed over `N + 2`
/// limbs (`|x·L| < 2^(w+106)`, `x, y < 2^64`). `xs = [(a, b, s)]` for
/// `x = a/(b·2^s)` and `y`; `(oa, ob, e)` the ratio `x/y = oa/ob·2^e`.
fn bd0_fast_n<const N: usize>(
    xs: [(u64, u64, u64); 2],
    (oa, ob, e): (u64, u64, i64),
    tab: &LnTable,
    fx: &FastTable,
    prec: u32,
) -> Option<Ball> {
    let (n, m, w) = (N, N + 2, tab.w);
    let [(xa, xb, sx), (ya, yb, sy)] = xs;
    let (l, rad_l) = ln_core_n::<N>(oa, ob, e, tab, fx)?;
    let l_neg = limbs::is_neg(&l, n + 1);
    let mag = if l_neg { limbs::neg(&l, n + 1) } else { l };
    // x·L: |L|·xa (exact), then ⌊·/(xb·2^sx)⌋, with the sign of L
    let (q, q_exact) = div_scaled(&limbs::mul_small(&mag, xa, m), xb, sx, m);
    let xl = if l_neg { limbs::neg(&q, m) } else { q };
    // y and x as ⌊v·2^w⌋
    let (yf, y_exact) = div_scaled(&limbs::shl_u64(ya, w, m), yb, sy, m);
    let (xf, x_exact) = div_scaled(&limbs::shl_u64(xa, w, m), xb, sx, m);
    let total = limbs::sub(&limbs::add(&xl, &yf, m), &xf, m);
    // R·x rounded up, plus one unit per inexact step
    let rx = (rad_l * xa as u128).div_ceil(xb as u128);
    let rx = if sx >= 128 {
        1
    } else {
        rx.div_ceil(1u128 << sx)
    };
    let rad_w = rx + u128::from(!q_exact) + u128::from(!y_exact) + u128::from(!x_exact);
    Some(round_limbs(&total, rad_w, w, prec, m))
}

/// The logarithm of [`ln_fast`] at the working precision `w` of `tab`:
/// the value in units of `2^-w` as two's complement over `N + 1` limbs,
/// and its error bound in units.
#[inline(always)]
fn ln_core_n<const N: usize>(
    a: u64,
    b: u64,
    e: i64,
    tab: &LnTable,
    fx: &FastTable,
) -> Option<(Limbs, u128)> {
    let (n, w) = (N, tab.w);
    // k' with a/(b·2^k') ∈ [1, 2)
    let mut k0 = (64 - a.leading_zeros()) as i64 - (64 - b.leading_zeros()) as i64;
    let ge = if k0 >= 0 {
        (a as u128) >= ((b as u128) << k0)
    } else {
        ((a as u128) << (-k0)) >= b as u128
    };
    if !ge {
        k0 -= 1;
    }
    let k = k0.checked_add(e)?;
    if k.unsigned_abs() > FAST_MAX_EXP as u64 {
        return None;
    }
    // S = ⌊a·2^(w−k')/b⌋ ∈ [2^w, 2^(w+1)); w − k' ≤ w + 64, so a·2^(w−k')
    // has at most w + 128 bits: n + 2 limbs
    let sh = (w as i64 - k0) as u32;
    let num = limbs::shl_u64(a, sh, n + 2);
    let s = if b == 1 {
        num
    } else {
        limbs::div_small(&num, b, n + 2).0
    };
    if s[n] != 1 || s[n + 1] != 0 {
        return None; // not in [1, 2): never happens, checked
    }
    // stage 1: the top 7 fractional bits of s
    let i = (s[n - 1] >> 57) as usize;
    let r1 = r1(i);
    let y = limbs::mul_small(&s, r1, n + 1); // units 2^-(w+8), < 2^(w+9)
                                             // stage 2: j = round((y − 1)·2^14)
    let top = ((y[n] << 7) | (y[n - 1] >> 57)) as i64; // ⌊y / 2^(w−7)⌋ < 2^16
    let j = ((top - (1 << 15) + 1) >> 1).clamp(-T2_HALF, T2_HALF);
    let r2 = r2(j);
    let z = limbs::mul_small(&y, r2, n + 1); // < 2^(w+25): fits in n + 1 limbs
    let z = limbs::shr(&z, 23, n + 1); // units 2^-w, floor
                                       // stage 3: j3 = round((z − 1)·2^21), from the top bits of z − 1
    let mut t = z;
    t[n] = t[n].wrapping_sub(1); // z − 1, two's complement
    let top3 = ((t[n] as i64) << 22) | (t[n - 1] >> 42) as i64; // ⌊(z−1)·2^22⌋
    let j3 = ((top3 + 1) >> 1).clamp(-T3_HALF, T3_HALF);
    let z = limbs::shr(&limbs::mul_small(&z, r3(j3), n + 1), 22, n + 1); // floor
    let mut t = z;
    t[n] = t[n].wrapping_sub(1); // t = z − 1, two's complement
    let t_neg = limbs::is_neg(&t, n + 1);
    let tm = if t_neg { limbs::neg(&t, n + 1) } else { t };
    if tm[n] != 0 || tm[n - 1] >= 1u64 << 43 {
        return None; // |t| ≥ 2^-21: outside the series' range, checked
    }
    // Horner: V_m = ⌊2^w/m⌋ ∓ ⌊|t|·V_{m+1}⌋, m = K−1 … 2
    let mut v = fx.inv[fx.terms];
    for m in (2..fx.terms).rev() {
        let p = limbs::mul_hi_trunc(&tm, &v, n);
        v = if t_neg {
            limbs::add(&fx.inv[m], &p, n)
        } else {
            limbs::sub(&fx.inv[m], &p, n)
        };
    }
    let p = limbs::mul_hi_trunc(&tm, &v, n);
    let q = limbs::mul_hi_trunc(&tm, &p, n);
    // ln(1+t) = t − t²V: |t| − q for t ≥ 0, −(|t| + q) for t < 0 (n + 1 limbs)
    let series = if t_neg {
        limbs::neg(&limbs::add(&tm, &q, n + 1), n + 1)
    } else {
        limbs::sub(&tm, &q, n + 1)
    };
    let l1 = fx.l1(tab, i);
    let l2 = fx.l2(tab, j);
    let l3 = fx.l3(tab, j3);
    let kl2 = limbs::mul_small(&fx.ln2, k.unsigned_abs(), n + 1);
    let mut total = limbs::sub(&limbs::sub(&series, l1, n + 1), l2, n + 1);
    total = limbs::sub(&total, l3, n + 1);
    total = if k < 0 {
        limbs::sub(&total, &kl2, n + 1)
    } else {
        limbs::add(&total, &kl2, n + 1)
    };
    let rad_w: u128 = 12 + n as u128 + k.unsigned_abs() as u128;
    Some((total, rad_w))
}

/// The general (allocating) path of [`ln_ratio`], for any sizes.
fn ln_ratio_big(a: &BigUint, b: &BigUint, prec: u32, tab: &LnTable) -> Ball {
    let w = tab.w;
    // k with s = a/(b·2^k) ∈ [1, 2)
    let mut k = a.bits() as i64 - b.bits() as i64;
    let b_pow2 = b.trailing_zeros().is_some_and(|t| t + 1 == b.bits());
    let sfix = |k: i64| -> BigUint {
        let sh = w as i64 - k;
        if b_pow2 {
            let sh = sh - (b.bits() as i64 - 1);
            if sh >= 0 {
                a << sh as usize
            } else {
                a >> (-sh) as usize
            }
        } else if sh >= 0 {
            (a << sh as usize) / b
        } else {
            a / (b << (-sh) as usize)
        }
    };
    let mut s = sfix(k);
    if s.bits() <= w as u64 {
        k -= 1;
        s = sfix(k);
    }
    debug_assert_eq!(s.bits(), w as u64 + 1);
    // stage 1
    let i = ((&s >> (w - T1_BITS) as usize).to_u64().expect("small") - (1 << T1_BITS)) as usize;
    let (r1, l1) = (r1(i), tab.l1(i));
    let y = &s * r1; // units 2^-(w+8)
                     // stage 2: j = round((y − 1)·2^14)
    let one_y = BigInt::one() << (w + 8) as usize;
    let dy = BigInt::from(y) - &one_y;
    let j = ((&dy >> (w + 8 - 15) as usize) + 1i32) >> 1usize; // round
    let j = j.to_i64().expect("small").clamp(-T2_HALF, T2_HALF);
    let (r2, l2) = (r2(j), tab.l2(j));
    let z = (BigInt::from(s) * r1) * r2; // units 2^-(w+23)
    let z = z >> 23usize; // floor to w bits
    let one = BigInt::one() << w as usize;
    let t = &z - &one;
    let u = (t.magnitude() << w as usize) / (&z + &one).magnitude();
    let (sum, kterms) = odd_series(&u, w);
    let sum = if t.is_negative() {
        -BigInt::from(sum)
    } else {
        BigInt::from(sum)
    };
    let series = sum << 1usize;
    let total = series - l1 - l2 + &tab.ln2 * BigInt::from(k);
    let rad_w: u128 = 6 * kterms as u128 + 8 + k.unsigned_abs() as u128;
    debug_assert_eq!(tab.w, w);
    round_to(total, rad_w, w, prec)
}

/// Round a ball at working precision `w` down to `prec` bits.
fn round_to(mid_w: BigInt, rad_w: u128, w: u32, prec: u32) -> Ball {
    let sh = (w - prec) as usize;
    let mid = (&mid_w + (BigInt::one() << (sh - 1))) >> sh; // nearest
                                                            // |mid·2^sh − mid_w| ≤ 2^(sh−1); rad ≤ ceil(rad_w / 2^sh) + 1
    let rad = shr_ceil(&BigUint::from(rad_w), sh as u32) + 1u32;
    Ball {
        mid,
        rad,
        unbounded: false,
        prec,
    }
}

/// `ln 2` as a ball at `prec` bits.
pub fn ln2(prec: u32) -> Ball {
    let w = working(prec);
    round_to(table(w).ln2.clone(), 1, w, prec)
}

/// `exp(x·2^-prec)` for an exact fixed-point argument, as a ball.
///
/// Writes `x = k·ln 2 + r` with `r ∈ [0, ln 2)` (using a 1-unit ball of
/// `ln 2`), sums the Taylor series of `exp(r/2^8)` and squares 8 times.
/// Error: Taylor terms ≤ 2 units each at working precision `w'`, relative
/// error doubled by each squaring: `(2K + 4)·2^9` units, `w' = w + 16`
/// leaves it below one unit of `2^-w`; the error of `k·ln 2` adds `|k|`
/// units in the argument, i.e. a relative error `|k|·2^-w`.
fn exp_fixed(x: &BigInt, prec: u32) -> Ball {
    // |k|·(error of ln 2) is a relative error |k|·2^-w: widen w by the bits of
    // the integer part of x so that it stays below 2^-(prec+guard)
    let int_bits = (x.magnitude() >> prec as usize).bits().min(64) as u32;
    let w = working(prec + int_bits) + 16;
    let xw = x << (w - prec) as usize;
    let l2 = table(w).ln2.clone();
    let k = xw.div_floor(&l2);
    // k beyond i64 is far outside either limit below: keep its sign
    let kk = k
        .to_i64()
        .unwrap_or(if k.is_negative() { i64::MIN } else { i64::MAX });
    if kk < -((prec as i64) + 64) {
        // exp(x) < 2^-(prec+63): enclose in [0, 1 unit]
        return Ball::from_bounds(BigInt::zero(), BigInt::one(), prec);
    }
    if kk > EXP_MAX_BITS as i64 {
        // the value would need more than 2^EXP_MAX_BITS: say "unknown", never 0
        return Ball::unknown(prec);
    }
    let r = &xw - &l2 * &k; // in [0, ln2) up to the error of l2·k
    let sq = 8u32;
    let rs = r >> sq as usize;
    let one = BigInt::one() << w as usize;
    let mut term = one.clone();
    let mut sum = one.clone();
    let mut n: u64 = 1;
    let mut kt = 0u128;
    loop {
        term = ((&term * &rs) >> w as usize).div_floor(&BigInt::from(n));
        if term.is_zero() {
            break;
        }
        sum += &term;
        n += 1;
        kt += 1;
    }
    for _ in 0..sq {
        sum = (&sum * &sum) >> w as usize;
    }
    // relative error of the reduced value: (2K+4)·2^(sq+1) units, plus |k| from ln 2
    let rel_units: u128 = (2 * kt + 4) * (1 << (sq + 1)) + kk.unsigned_abs() as u128 * 2 + 2;
    // scale by 2^k
    let (mid_w, rad_w) = if kk >= 0 {
        let m = sum << kk as usize;
        // relative error × value (≤ 2·2^k) in units
        let rad = BigUint::from(rel_units) << (kk as usize + 1);
        (m, rad)
    } else {
        let s = (-kk) as usize;
        let m = sum >> s;
        let rad = shr_ceil(&(BigUint::from(rel_units) << 1usize), s as u32) + 1u32;
        (m, rad)
    };
    let sh = (w - prec) as usize;
    let mid = (&mid_w + (BigInt::one() << (sh - 1))) >> sh;
    let rad = shr_ceil(&rad_w, sh as u32) + 1u32;
    Ball {
        mid,
        rad,
        unbounded: false,
        prec,
    }
}

/// The sign of a ball, if decided: `Some(Less|Equal|Greater)`; `Equal` only
/// for an exact zero.
pub fn sign(b: &Ball) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering::*;
    if b.is_unbounded() {
        return None;
    }
    if b.lo().is_positive() {
        Some(Greater)
    } else if b.hi().is_negative() {
        Some(Less)
    } else if b.is_exact() && b.mid.is_zero() {
        Some(Equal)
    } else {
        None
    }
}

/// Helper for tests and callers: the midpoint as an `f64` (approximate).
pub fn approx_f64(b: &Ball) -> f64 {
    let (s, mag) = (b.mid.sign(), b.mid.magnitude());
    let bits = mag.bits() as i64;
    let sh = (bits - 60).max(0);
    let top = (mag >> sh as usize).to_u64().unwrap_or(0) as f64;
    let v = top * 2f64.powi((sh - b.prec as i64) as i32);
    if s == Sign::Minus {
        -v
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contains(b: &Ball, x: f64, tol: f64) -> bool {
        let v = approx_f64(b);
        (v - x).abs() <= tol
    }

    #[test]
    fn ln_small_values() {
        for (a, b, x) in [
            (2u32, 1u32, std::f64::consts::LN_2),
            (1, 3, -(3f64.ln())),
            (10, 1, 10f64.ln()),
            (1, 1000, -(1000f64.ln())),
        ] {
            let l = ln_ratio(&BigUint::from(a), &BigUint::from(b), 100);
            assert!(contains(&l, x, 1e-15), "ln({a}/{b})");
            assert!(l.rad <= BigUint::from(4u32), "rad {}", l.rad);
        }
        assert_eq!(
            ln_ratio(&BigUint::from(7u32), &BigUint::from(7u32), 64),
            Ball::zero(64)
        );
    }

    fn splitmix(seed: &mut u64) -> u64 {
        *seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Whether ball `outer` contains ball `inner` (as rational intervals).
    fn contains_ball(outer: &Ball, inner: &Ball) -> bool {
        let ((olo, ohi), (ilo, ihi)) = (outer.bounds_q(), inner.bounds_q());
        olo <= ilo && ihi <= ohi
    }

    /// Random odd operands of every size up to 64 bits, binary exponents
    /// up to ±1100 (f64 range): the limb fast path is taken, and its ball
    /// contains the enclosure of the general path (BigInt atanh series, a
    /// different reduction and series) at 128 more bits, and is at most
    /// 2 units wide. Precisions cover 1 to 8 limbs of working precision.
    fn fast_cases(mut check: impl FnMut(&Ball, &Ball, u32)) {
        let mut seed = 12u64;
        for prec in [40u32, 64, 100, 132, 200, 365, 448, 470] {
            let tab = table(working(prec));
            for _ in 0..150 {
                let (ba, bb) = (1 + splitmix(&mut seed) % 64, 1 + splitmix(&mut seed) % 64);
                let a = (splitmix(&mut seed) >> (64 - ba)) | 1;
                let b = (splitmix(&mut seed) >> (64 - bb)) | 1;
                let e = (splitmix(&mut seed) % 2201) as i64 - 1100;
                let fast = ln_fast(a, b, e, &tab, prec).expect("the fast path applies");
                let (ai, bi) = (
                    BigUint::from(a) << e.max(0) as usize,
                    BigUint::from(b) << (-e).max(0) as usize,
                );
                let p2 = prec + 128;
                let reference = ln_ratio_big(&ai, &bi, p2, &table(working(p2)));
                check(&fast, &reference, prec);
            }
        }
    }

    #[test]
    fn fast_path_contains_the_general_path() {
        fast_cases(|fast, reference, prec| {
            assert!(
                contains_ball(fast, reference),
                "fast ln at {prec} bits: {fast:?} misses {reference:?}"
            );
            assert!(fast.rad <= BigUint::from(2u32), "too wide: {}", fast.rad);
        });
    }

    /// The wrong variant: the same check refutes a ball that is too narrow
    /// (the fast midpoint with a zero radius, moved by one unit), so the
    /// containment test above has teeth.
    #[test]
    fn too_narrow_fast_ball_is_refuted() {
        let mut refuted = 0;
        let mut total = 0;
        fast_cases(|fast, reference, _| {
            let narrow = Ball::new(&fast.mid + 1, BigUint::zero(), fast.prec);
            total += 1;
            if !contains_ball(&narrow, reference) {
                refuted += 1;
            }
        });
        assert_eq!(refuted, total);
    }

    /// Exact powers of two and values at the edges of the reduction
    /// intervals go through the fast path too (s = 1, s just below 2).
    #[test]
    fn fast_path_edges() {
        for prec in [64u32, 200, 470] {
            let tab = table(working(prec));
            for (a, b, e) in [
                (1u64, 1u64, 1i64),
                (1, 1, -1074),
                (u64::MAX, 1, 0),
                (1, u64::MAX, 0),
                (u64::MAX, u64::MAX - 2, 0),
                ((1 << 63) + 1, 1, -63),
                (3, 1, 1023),
            ] {
                let fast = ln_fast(a, b, e, &tab, prec).expect("applies");
                let (ai, bi) = (
                    BigUint::from(a) << e.max(0) as usize,
                    BigUint::from(b) << (-e).max(0) as usize,
                );
                let reference = ln_ratio_big(&ai, &bi, prec + 128, &table(working(prec + 128)));
                assert!(
                    contains_ball(&fast, &reference),
                    "ln({a}/{b}·2^{e}) at {prec}"
                );
            }
        }
    }

    /// `bd0(x, y) = x·ln(x/y) + y − x` on the general path (BigInt
    /// logarithm, `mul_q`, exact rational difference) at `prec` bits.
    fn bd0_reference(x: &Q, y: &Q, prec: u32) -> Ball {
        let (a, b) = (x.numer() * y.denom(), x.denom() * y.numer());
        let l = ln_ratio_big(a.magnitude(), b.magnitude(), prec, &table(working(prec)));
        l.mul_q(x.numer(), x.denom())
            .add(&Ball::from_q(&(y - x), prec))
    }

    /// Doubles (binary denominators, exponents down to 2^-1074), small
    /// fractions with shared and odd denominators, and values above 1:
    /// `check(fast, reference at prec + 128, prec)` for each.
    fn bd0_cases(mut check: impl FnMut(&Ball, &Ball, u32)) {
        let mut seed = 99u64;
        let mut qs: Vec<Q> = Vec::new();
        for i in 0..120 {
            let r = splitmix(&mut seed);
            let q = match i % 4 {
                0 => {
                    // a double in (2^-40, 1)
                    let v = f64::from_bits(0x3FF0_0000_0000_0000 | (r >> 12)) - 1.0;
                    Q::from_float(v * 2f64.powi(-((r % 40) as i32))).expect("finite")
                }
                1 => Q::new(BigInt::from(1 + r % 720720), BigInt::from(720720)),
                2 => Q::new(
                    BigInt::from(1 + r % 1_000_003),
                    BigInt::from(1 + (r >> 32) % 999_983),
                ),
                _ => Q::from_float(f64::from_bits(1 + r % (1 << 52)) * 7.0).expect("finite"),
            };
            qs.push(q);
        }
        for prec in [40u32, 132, 365, 470] {
            for i in 0..qs.len() {
                let (x, y) = (&qs[i], &qs[(i * 7 + 3) % qs.len()]);
                if x == y {
                    continue;
                }
                let fast = bd0_fast(x, y, prec).expect("the fast path applies");
                check(&fast, &bd0_reference(x, y, prec + 128), prec);
            }
        }
    }

    #[test]
    fn bd0_fast_contains_the_general_path() {
        bd0_cases(|fast, reference, prec| {
            assert!(
                contains_ball(fast, reference),
                "bd0 at {prec} bits: {fast:?} misses {reference:?}"
            );
            assert!(fast.rad <= BigUint::from(4u32), "too wide: {}", fast.rad);
        });
        // x = y: left to the caller's exact zero
        let h = Q::new(BigInt::from(1), BigInt::from(2));
        assert!(bd0_fast(&h, &h, 100).is_none());
    }

    /// The wrong variant of the test above: a zero-radius ball one unit
    /// off the fast midpoint is refuted by the same check on every case.
    #[test]
    fn too_narrow_bd0_ball_is_refuted() {
        let (mut refuted, mut total) = (0, 0);
        bd0_cases(|fast, reference, _| {
            total += 1;
            let narrow = Ball::new(&fast.mid - 1, BigUint::zero(), fast.prec);
            if !contains_ball(&narrow, reference) {
                refuted += 1;
            }
        });
        assert!(total > 400);
        assert_eq!(refuted, total);
    }

    #[test]
    fn tables_at_the_precision_cap() {
        // the table error budget must hold up to the certification cap
        let l = ln2(crate::certify::MAX_PREC);
        let lo = ln2(200);
        assert!(contains(&l, std::f64::consts::LN_2, 1e-15));
        // consistent with a low-precision enclosure
        let (a, b) = (l.bounds_q(), lo.bounds_q());
        assert!(a.0 <= b.1 && b.0 <= a.1);
    }

    #[test]
    fn exp_and_sqrt() {
        let x = Ball::from_q(&Q::new(BigInt::from(-3), BigInt::from(2)), 120);
        let e = x.exp();
        assert!(contains(&e, (-1.5f64).exp(), 1e-15));
        let two = Ball::from_q(&Q::from_integer(BigInt::from(2)), 120);
        let s = two.sqrt().unwrap();
        assert!(contains(&s, 2f64.sqrt(), 1e-15));
        assert!(s.rad <= BigUint::from(2u32));
    }
}
