//! Instances a claim is checked on, and the exhaustive lattice of them.
//!
//! An [`Instance`] is a support size `n` and one exact vector per
//! [`Slot`] of the claim's shape (`P`, `Q`, `R`, a joint, a Markov kernel,
//! …). The lattice at level `(n, d)` holds every instance whose entries are
//! multiples of `1/d` with common denominator exactly `d`; levels are
//! visited by support size, then denominator, so the first violation met
//! is a minimal counterexample in that order.

use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Zero};
use serde::Serialize;

use crate::num::{q_text, Q};

/// What a slot of an instance holds: the kind of a statement's input
/// ([`crate::claims::Kind`], one definition).
pub use crate::claims::Kind as SlotKind;

/// A named input of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Slot {
    /// The name printed in counterexamples (`P`, `Q`, `XY`, `K`, …).
    pub name: &'static str,
    /// What it holds.
    pub kind: SlotKind,
}

impl Slot {
    /// A slot.
    pub const fn new(name: &'static str, kind: SlotKind) -> Slot {
        Slot { name, kind }
    }
}

/// One input of a claim: a support size and an exact vector per slot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Instance {
    /// Support size.
    pub n: usize,
    /// The slots with their values (row-major for joints and kernels).
    #[serde(serialize_with = "ser_slots")]
    pub values: Vec<(Slot, Vec<Q>)>,
}

fn ser_slots<S: serde::Serializer>(v: &[(Slot, Vec<Q>)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(v.len()))?;
    for (slot, xs) in v {
        let t: Vec<String> = xs.iter().map(q_text).collect();
        m.serialize_entry(slot.name, &t)?;
    }
    m.end()
}

impl Instance {
    /// The values of the slot called `name`.
    ///
    /// **Panics** if the instance has no such slot (a bug in the claim's shape).
    pub fn get(&self, name: &str) -> &[Q] {
        self.try_get(name)
            .unwrap_or_else(|| panic!("instance has no slot {name}"))
    }

    /// The values of the slot called `name`, if any.
    pub fn try_get(&self, name: &str) -> Option<&[Q]> {
        self.values
            .iter()
            .find(|(s, _)| s.name == name)
            .map(|(_, v)| v.as_slice())
    }

    /// The common denominator of every entry.
    pub fn denominator(&self) -> BigInt {
        let mut d = BigInt::one();
        for (_, xs) in &self.values {
            for x in xs {
                d = d.lcm(x.denom());
            }
        }
        d
    }
}

fn fmt_row(f: &mut fmt::Formatter<'_>, xs: &[Q]) -> fmt::Result {
    f.write_str("[")?;
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        f.write_str(&q_text(x))?;
    }
    f.write_str("]")
}

impl fmt::Display for Instance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (slot, xs)) in self.values.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{} = ", slot.name)?;
            match slot.kind {
                SlotKind::Joint | SlotKind::Kernel => {
                    f.write_str("[")?;
                    for (r, row) in xs.chunks(self.n.max(1)).enumerate() {
                        if r > 0 {
                            f.write_str(", ")?;
                        }
                        fmt_row(f, row)?;
                    }
                    f.write_str("]")?;
                }
                SlotKind::Unit | SlotKind::Real => f.write_str(&q_text(&xs[0]))?,
                _ => fmt_row(f, xs)?,
            }
        }
        Ok(())
    }
}

/// All compositions of `d` into `parts` non-negative parts, in
/// lexicographic order (cached).
fn compositions(parts: usize, d: u32) -> Arc<Vec<Vec<u32>>> {
    type Cache = Mutex<std::collections::HashMap<(usize, u32), Arc<Vec<Vec<u32>>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(v) = cache.lock().expect("cache").get(&(parts, d)) {
        return v.clone();
    }
    let mut out = Vec::new();
    let mut cur = vec![0u32; parts];
    fn rec(i: usize, left: u32, cur: &mut Vec<u32>, out: &mut Vec<Vec<u32>>) {
        if i + 1 == cur.len() {
            cur[i] = left;
            out.push(cur.clone());
            return;
        }
        for v in 0..=left {
            cur[i] = v;
            rec(i + 1, left - v, cur, out);
        }
    }
    if parts > 0 {
        rec(0, d, &mut cur, &mut out);
    }
    let v = Arc::new(out);
    cache.lock().expect("cache").insert((parts, d), v.clone());
    v
}

/// One level `(n, d)` of the lattice for a shape.
#[derive(Debug, Clone)]
pub struct Level {
    /// Support size.
    pub n: usize,
    /// Common denominator.
    pub d: u32,
    shape: Vec<Slot>,
    radices: Vec<u128>,
    /// Number of index tuples (before the exact-denominator filter).
    pub size: u128,
}

impl Level {
    /// The level `(n, d)` of the lattice of `shape`.
    pub fn new(shape: &[Slot], n: usize, d: u32) -> Level {
        let radices: Vec<u128> = shape.iter().map(|s| slot_count(s.kind, n, d)).collect();
        let size = radices
            .iter()
            .try_fold(1u128, |a, &r| a.checked_mul(r))
            .unwrap_or(u128::MAX);
        Level {
            n,
            d,
            shape: shape.to_vec(),
            radices,
            size,
        }
    }

    /// The instance at `index` (`< size`), or `None` when its common
    /// denominator is a proper divisor of `d` (it belongs to a lower level).
    pub fn instance(&self, mut index: u128) -> Option<Instance> {
        let mut nums: Vec<Vec<u32>> = Vec::with_capacity(self.shape.len());
        // last slot varies fastest
        let mut digits = vec![0u128; self.shape.len()];
        for i in (0..self.shape.len()).rev() {
            digits[i] = index % self.radices[i];
            index /= self.radices[i];
        }
        let mut g = self.d;
        for (slot, &k) in self.shape.iter().zip(&digits) {
            let v = slot_decode(slot.kind, self.n, self.d, k);
            for &x in &v {
                g = g.gcd(&x);
            }
            nums.push(v);
        }
        if g != 1 {
            return None;
        }
        let den = BigInt::from(self.d);
        Some(Instance {
            n: self.n,
            values: self
                .shape
                .iter()
                .zip(nums)
                .map(|(s, v)| {
                    (
                        *s,
                        v.into_iter()
                            .map(|x| Q::new(BigInt::from(x), den.clone()))
                            .collect(),
                    )
                })
                .collect(),
        })
    }
}

fn slot_count(kind: SlotKind, n: usize, d: u32) -> u128 {
    let c = |parts| compositions(parts, d).len() as u128;
    match kind {
        SlotKind::Dist => c(n),
        SlotKind::Joint => c(n * n),
        SlotKind::Kernel => c(n).checked_pow(n as u32).unwrap_or(u128::MAX),
        SlotKind::Vector => (d as u128 + 1).checked_pow(n as u32).unwrap_or(u128::MAX),
        SlotKind::Positive => (d as u128).checked_pow(n as u32).unwrap_or(u128::MAX),
        SlotKind::Unit => d.saturating_sub(1) as u128,
        SlotKind::Real => 0,
    }
}

fn slot_decode(kind: SlotKind, n: usize, d: u32, mut k: u128) -> Vec<u32> {
    match kind {
        SlotKind::Dist => compositions(n, d)[k as usize].clone(),
        SlotKind::Joint => compositions(n * n, d)[k as usize].clone(),
        SlotKind::Kernel => {
            let comps = compositions(n, d);
            let r = comps.len() as u128;
            let mut rows = vec![Vec::new(); n];
            for i in (0..n).rev() {
                rows[i] = comps[(k % r) as usize].clone();
                k /= r;
            }
            rows.concat()
        }
        SlotKind::Vector | SlotKind::Positive => {
            let (base, off) = if kind == SlotKind::Vector {
                (d as u128 + 1, 0)
            } else {
                (d as u128, 1)
            };
            let mut v = vec![0u32; n];
            for i in (0..n).rev() {
                v[i] = (k % base) as u32 + off;
                k /= base;
            }
            v
        }
        SlotKind::Unit => vec![k as u32 + 1],
        SlotKind::Real => Vec::new(),
    }
}

/// Whether every entry of `xs` is positive.
pub fn positive(xs: &[Q]) -> bool {
    xs.iter().all(|x| x > &Q::zero())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lattice_levels_partition() {
        let shape = [
            Slot::new("P", SlotKind::Dist),
            Slot::new("Q", SlotKind::Dist),
        ];
        // every pair on 2 outcomes with denominator ≤ 4 appears exactly once
        let mut seen = std::collections::HashSet::new();
        for d in 1..=4 {
            let l = Level::new(&shape, 2, d);
            for i in 0..l.size {
                if let Some(inst) = l.instance(i) {
                    assert_eq!(inst.denominator(), BigInt::from(d));
                    assert!(seen.insert(inst.to_string()));
                }
            }
        }
        // first entries with denominator 1, 2 or 4: 5 values (25 pairs);
        // with 1 or 3: 4 values (16 pairs), 4 of them already counted
        assert_eq!(seen.len(), 25 + 12);
    }
}
