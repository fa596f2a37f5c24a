//! Search for a concrete joint distribution refuting a claim: every variable
//! is a GF(2)-linear function (a tuple of XORs) of `k ≤ 3` independent
//! uniform bits `B1..Bk`. Then `H(S)` in bits is exactly the rank of the
//! span of the forms of the variables in `S` — an integer — so the values
//! are exact (`H(S) = rank·ln 2` nats). Such entropy vectors satisfy the
//! Ingleton inequality, hence they can never refute a true non-Shannon
//! inequality (Zhang–Yeung): "no distribution found" is the honest answer.

use crate::num::Q;
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};
use std::collections::HashMap;

/// A found distribution: `bits` independent uniform bits, each variable a
/// list of linear forms (bitmask over the bits), and its entropy vector in bits.
#[derive(Debug, Clone)]
pub struct Dist {
    /// Number of independent uniform bits.
    pub bits: usize,
    /// Per variable: a basis of its linear forms (bit `t` of a form = uses `B(t+1)`).
    pub forms: Vec<Vec<u8>>,
    /// `h[mask − 1]` in bits (integers).
    pub h: Vec<u32>,
}

impl Dist {
    /// `X = B1⊕B2`-style description of variable `i`.
    pub fn describe_var(&self, i: usize) -> String {
        let f = &self.forms[i];
        let one = |v: u8| {
            (0..8)
                .filter(|t| v >> t & 1 == 1)
                .map(|t| format!("B{}", t + 1))
                .collect::<Vec<_>>()
                .join("⊕")
        };
        match f.len() {
            0 => "0 (constant)".into(),
            1 => one(f[0]),
            _ => format!(
                "({})",
                f.iter().map(|v| one(*v)).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

struct Space {
    elems: u32, // set of vectors (bit v set ⇔ v ∈ subspace)
    basis: Vec<u8>,
    dim: u32,
}

/// The subspaces of GF(2)^k and their sums, built once per `k` (per process).
struct Tables {
    /// Every subspace, by (dimension, basis).
    all: Vec<Space>,
    /// `sum[a][b]`: index of the subspace `all[a] + all[b]`.
    sum: Vec<Vec<usize>>,
}

fn subspaces(k: usize) -> Vec<Space> {
    let nv = 1usize << k;
    let mut seen: HashMap<u32, usize> = HashMap::new();
    let mut out: Vec<Space> = Vec::new();
    for gens in 0u32..(1 << nv) {
        let mut elems: u32 = 1; // {0}
        let mut basis = Vec::new();
        for v in 1..nv {
            if gens >> v & 1 == 1 && elems >> v & 1 == 0 {
                basis.push(v as u8);
                let mut e = elems;
                for x in 0..nv {
                    if elems >> x & 1 == 1 {
                        e |= 1 << (x ^ v);
                    }
                }
                elems = e;
            }
        }
        if let std::collections::hash_map::Entry::Vacant(e) = seen.entry(elems) {
            e.insert(out.len());
            let dim = basis.len() as u32;
            out.push(Space { elems, basis, dim });
        }
    }
    out.sort_by_key(|s| (s.dim, s.basis.clone()));
    out
}

fn build_tables(k: usize) -> Tables {
    let all = subspaces(k);
    let index: HashMap<u32, usize> = all.iter().enumerate().map(|(i, s)| (s.elems, i)).collect();
    let nv = 1usize << k;
    let add = |a: u32, b: u32| -> u32 {
        let mut e = 0u32;
        for x in 0..nv {
            if a >> x & 1 == 1 {
                for y in 0..nv {
                    if b >> y & 1 == 1 {
                        e |= 1 << (x ^ y);
                    }
                }
            }
        }
        e
    };
    let sum = all
        .iter()
        .map(|a| all.iter().map(|b| index[&add(a.elems, b.elems)]).collect())
        .collect();
    Tables { all, sum }
}

/// The tables for `k = 1, 2, 3` bits (built on first use: the search runs on
/// every claim, and rebuilding them was a fixed cost of each call).
fn tables(k: usize) -> &'static Tables {
    static T: [std::sync::OnceLock<Tables>; 3] = [
        std::sync::OnceLock::new(),
        std::sync::OnceLock::new(),
        std::sync::OnceLock::new(),
    ];
    T[k - 1].get_or_init(|| build_tables(k))
}

fn to_int(v: &[Q]) -> Option<Vec<i128>> {
    let l = v
        .iter()
        .fold(num_bigint::BigInt::from(1), |a, q| a.lcm(q.denom()));
    v.iter()
        .map(|q| (q.numer() * (&l / q.denom())).to_i128())
        .collect()
}

/// `(index + 1, coefficient)` of the nonzero entries (index + 1 = the mask of `h`).
fn sparse_int(v: &[Q]) -> Option<Vec<(usize, i128)>> {
    Some(
        to_int(v)?
            .into_iter()
            .enumerate()
            .filter(|(_, c)| *c != 0)
            .map(|(i, c)| (i + 1, c))
            .collect(),
    )
}

/// Find a distribution with `goal·h < 0`, `c·h = 0` for equality constraints
/// and `c·h ≥ 0` for inequality constraints. `budget` caps the assignments tried.
pub fn find(n: usize, goal: &[Q], cons: &[(Vec<Q>, bool)], budget: u64) -> Option<Dist> {
    let g = sparse_int(goal)?;
    let cs: Vec<(Vec<(usize, i128)>, bool)> = cons
        .iter()
        .map(|(v, eq)| sparse_int(v).map(|w| (w, *eq)))
        .collect::<Option<_>>()?;
    let m = (1usize << n) - 1;
    for k in 1..=3usize {
        let Tables { all, sum: table } = tables(k);
        let mut choices: Vec<usize> = (0..all.len()).collect();
        if (choices.len() as u64).saturating_pow(n as u32) > budget {
            choices.retain(|&i| all[i].dim <= 1);
            if (choices.len() as u64).saturating_pow(n as u32) > budget {
                continue;
            }
        }
        let nc = choices.len();
        let mut digit = vec![0usize; n];
        let mut span = vec![0usize; m + 1];
        // variables from `changed` on got a new form: only the subsets whose highest
        // variable is ≥ `changed` need their span again (span(S) = span(S − top) + form(top))
        let mut changed = 0usize;
        loop {
            for s in (1usize << changed)..=m {
                let top = usize::BITS as usize - 1 - s.leading_zeros() as usize;
                let rest = s & !(1 << top);
                let c = choices[digit[top]];
                span[s] = if rest == 0 { c } else { table[span[rest]][c] };
            }
            let dot = |v: &[(usize, i128)]| {
                v.iter()
                    .map(|&(s, c)| c * i128::from(all[span[s]].dim))
                    .sum::<i128>()
            };
            if dot(&g) < 0
                && cs
                    .iter()
                    .all(|(v, eq)| if *eq { dot(v) == 0 } else { dot(v) >= 0 })
            {
                return Some(Dist {
                    bits: k,
                    forms: digit
                        .iter()
                        .map(|&d| all[choices[d]].basis.clone())
                        .collect(),
                    h: span[1..].iter().map(|&x| all[x].dim).collect(),
                });
            }
            // next assignment
            // the last variable changes fastest: earlier variables keep the simplest forms
            let mut i = n;
            while i > 0 {
                digit[i - 1] += 1;
                if digit[i - 1] < nc {
                    break;
                }
                digit[i - 1] = 0;
                i -= 1;
            }
            if i == 0 {
                break;
            }
            changed = i - 1;
        }
    }
    None
}

/// `Σ goal·h` for a distribution (in bits).
pub fn value(v: &[Q], d: &Dist) -> Q {
    v.iter()
        .zip(&d.h)
        .filter(|(c, _)| !c.is_zero())
        .map(|(c, x)| c * Q::from_integer((*x).into()))
        .fold(Q::zero(), |a, b| a + b)
}
