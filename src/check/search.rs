//! The margin search: counterexamples where the lattice and the random
//! campaign do not look.
//!
//! A false inequality whose violation set is a thin region near `P = Q`
//! (`KL ≥ 2.01·TV²`: the ratio `KL/TV²` tends to 2 only as `P → Q`) or near
//! a face of the simplex is missed by a coarse lattice and by random points.
//! This search *follows the violation margin*:
//!
//! 1. the claim is evaluated in `f64` (the measures by the float engine,
//!    [`crate::float::FloatEngine`]) at points of the open simplex written
//!    as softmax logits, one block per distribution / joint;
//! 2. a small hand-written Nelder–Mead minimizes the margin (`lhs − rhs` for
//!    `≥`, `rhs − lhs` for `≤`, `−|lhs − rhs|` for `=`; the smallest over a
//!    chain), half of the starts on the absolute margin and half on the
//!    relative one `margin / (|lhs| + |rhs|)` (which sees violations that
//!    shrink with `P − Q`). Nelder–Mead needs no gradients (claims have
//!    `abs`, `min`, `max` and kinks at the faces), is ~60 lines, and the
//!    dimensions are small (≤ 9 per block); no crate was worth a dependency;
//! 3. starts: uniform random logits, near `P = Q` (a copy plus a small
//!    perturbation), near the faces (some entries `≈ e⁻⁶…e⁻¹²`), and small
//!    perturbations of small-denominator lattice points;
//! 4. the best points whose float margin is negative beyond the rounding
//!    noise are rounded to rationals with a common denominator
//!    (largest-remainder rounding, denominators 2, 3, …, 60 then growing
//!    by 25% up to 10¹²), and each rounded point is decided **exactly** by
//!    the checker's own machinery ([`Target::decide`]). Nothing is claimed
//!    from floats: a float violation that the exact decision does not confirm
//!    is dropped.
//!
//! The campaign then shrinks the exact counterexample through the lattice.

use std::sync::atomic::{AtomicU64, Ordering as AtOrd};

use num_bigint::BigInt;
use rayon::prelude::*;

use super::arith::Arith;
use super::expr::{Eval, FloatCalc, Inputs};
use super::instance::{Instance, Slot, SlotKind};
use super::target::{Outcome, Target};
use crate::claims::{Claim, Rel};
use crate::exact::engine::Real;
use crate::num::Q;

/// What the search found.
#[derive(Debug, Clone)]
pub struct Found {
    /// The exact counterexample.
    pub instance: Instance,
    /// The violated relation.
    pub relation: usize,
    /// Its common denominator (before shrinking).
    pub denominator: u64,
}

/// Statistics of one search.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// Optimizer starts.
    pub starts: u64,
    /// Float evaluations of the claim.
    pub evaluations: u64,
    /// Rounded points decided exactly.
    pub exact_tries: u64,
}

/// Search options.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Starts per support size.
    pub starts: usize,
    /// Float evaluations per start.
    pub evals: usize,
    /// Support sizes (inclusive).
    pub support: (usize, usize),
    /// Seed.
    pub seed: u64,
    /// Precision cap of the exact decisions.
    pub max_prec: u32,
    /// Only instances with every entry positive.
    pub positive: bool,
    /// Only counterexamples whose two sides are finite.
    pub finite: bool,
}

/// A candidate of the margin search: an optimizer end point whose float
/// margin is negative beyond the rounding noise.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The start it came from.
    pub start: usize,
    /// Its position among that start's candidates (0 or 1).
    pub sub: usize,
    /// Softmax logits of the point.
    pub z: Vec<f64>,
    /// The float margin there (negative).
    pub margin: f64,
}

/// How many of the best candidates per support size are decided exactly.
pub const VERIFIED: usize = 12;

/// The support sizes the search visits (at least 2), in order; empty when
/// the target cannot be searched (a custom relation: no float evaluation;
/// inputs other than distributions and joints; no inputs).
pub fn supports(t: &Target, o: &Options) -> std::ops::RangeInclusive<usize> {
    let searchable = t.chain().is_some()
        && !t.shape.is_empty()
        && t.shape
            .iter()
            .all(|s| matches!(s.kind, SlotKind::Dist | SlotKind::Joint));
    if searchable {
        o.support.0.max(2)..=o.support.1
    } else {
        #[allow(clippy::reversed_empty_ranges)]
        let empty = 1..=0;
        empty
    }
}

/// Run the optimizer from the starts `starts` (indices into
/// `0..o.starts`) at support size `n`: the candidates in start order and
/// the number of float evaluations. Each start depends only on
/// `(o.seed, n, start)`, so any partition of the starts gives the same
/// candidates.
pub fn candidates(
    t: &Target,
    o: &Options,
    n: usize,
    starts: std::ops::Range<usize>,
) -> (Vec<Candidate>, u64) {
    let Some(c) = t.chain() else {
        return (Vec::new(), 0);
    };
    let slots: Vec<Slot> = t.shape.clone();
    let evals = AtomicU64::new(0);
    let lens: Vec<usize> = slots.iter().map(|s| s.kind.len(n)).collect();
    let f = |z: &[f64]| -> Margin {
        evals.fetch_add(1, AtOrd::Relaxed);
        let fi = FInst::from_logits(n, &slots, &lens, z);
        margin(t, c, &fi)
    };
    let cands: Vec<Candidate> = starts
        .into_par_iter()
        .flat_map_iter(|s| {
            let mut rng = Rng(mix(o.seed ^ mix(((n as u64) << 32) | s as u64)));
            let (z0, step) = start_point(&mut rng, s, n, &slots, &lens);
            let relative = (s / 4) % 2 == 1;
            let obj = |z: &[f64]| f(z).objective(relative);
            let (z1, _) = nelder_mead(&obj, z0, step, o.evals / 2);
            let (z2, _) = nelder_mead(&obj, z1, step / 8.0, o.evals / 2);
            let m = f(&z2);
            let mut out = Vec::new();
            if m.abs < -m.tol {
                // the relative margin finds violations that vanish with
                // P − Q or at a face; the absolute one then moves the
                // point to where the violation is largest (smaller
                // denominators round into it)
                if relative {
                    let abs = |z: &[f64]| f(z).objective(false);
                    let (z3, _) = nelder_mead(&abs, z2.clone(), 1.0, o.evals / 2);
                    let m3 = f(&z3);
                    if m3.abs < -m3.tol {
                        out.push((z3, m3.abs));
                    }
                }
                out.push((z2, m.abs));
            }
            out.into_iter()
                .enumerate()
                .map(move |(sub, (z, margin))| Candidate {
                    start: s,
                    sub,
                    z,
                    margin,
                })
        })
        .collect();
    (cands, evals.load(AtOrd::Relaxed))
}

/// The [`VERIFIED`] best candidates: smallest margin first, ties in start
/// order. The best of a union of candidate sets is the best of the union of
/// their bests, so shards keep only these.
pub fn best(mut cands: Vec<Candidate>) -> Vec<Candidate> {
    cands.sort_by(|a, b| {
        a.margin
            .total_cmp(&b.margin)
            .then(a.start.cmp(&b.start))
            .then(a.sub.cmp(&b.sub))
    });
    cands.truncate(VERIFIED);
    cands
}

/// Decide the best candidates at support size `n` exactly, in order (see
/// [`best`]); the first exact counterexample.
pub fn verify_best(
    t: &Target,
    o: &Options,
    n: usize,
    cands: Vec<Candidate>,
    stats: &mut Stats,
) -> Option<Found> {
    let c = t.chain()?;
    let lens: Vec<usize> = t.shape.iter().map(|s| s.kind.len(n)).collect();
    let dim: usize = lens.iter().sum();
    best(cands).iter().find_map(|cand| {
        let fi = FInst::from_logits(n, &t.shape, &lens, &cand.z);
        verify(t, c, &fi, dim, o, stats)
    })
}

/// Run the margin search on a claim target (custom relations are not
/// searched: they have no float evaluation): every start at each support
/// size of [`supports`], then the best candidates decided exactly.
pub fn search(t: &Target, o: &Options) -> (Option<Found>, Stats) {
    let mut stats = Stats::default();
    for n in supports(t, o) {
        let (cands, evals) = candidates(t, o, n, 0..o.starts);
        stats.starts += o.starts as u64;
        stats.evaluations += evals;
        if let Some(found) = verify_best(t, o, n, cands, &mut stats) {
            return (Some(found), stats);
        }
    }
    (None, stats)
}

/// Round `fi` to rationals with growing common denominators and decide
/// each rounded point exactly.
fn verify(
    t: &Target,
    c: &Claim,
    fi: &FInst,
    dim: usize,
    o: &Options,
    stats: &mut Stats,
) -> Option<Found> {
    let mut dens: Vec<u64> = (2..=60).collect();
    let mut d = 60f64;
    while d < 1e12 {
        d *= 1.25;
        dens.push(d.round() as u64);
    }
    let mut exact_left = 10;
    let min_den = if o.positive || o.finite {
        dim as u64
    } else {
        1
    };
    for &den in dens.iter().filter(|&&d| d >= min_den) {
        let counts: Vec<Vec<u64>> = fi
            .vals
            .iter()
            .map(|x| round_to(x, den, o.positive || o.finite))
            .collect();
        let rounded = FInst {
            n: fi.n,
            slots: fi.slots.clone(),
            vals: counts
                .iter()
                .map(|c| c.iter().map(|&k| k as f64 / den as f64).collect())
                .collect(),
        };
        let m = margin(t, c, &rounded);
        if m.abs >= -m.tol {
            continue;
        }
        let inst = Instance {
            n: fi.n,
            values: fi
                .slots
                .iter()
                .zip(&counts)
                .map(|(s, c)| {
                    let d = BigInt::from(den);
                    (
                        *s,
                        c.iter()
                            .map(|&k| Q::new(BigInt::from(k), d.clone()))
                            .collect(),
                    )
                })
                .collect(),
        };
        stats.exact_tries += 1;
        if let Outcome::Violated { relation, .. } = t.decide(&inst, o.max_prec) {
            if !o.finite || finite_sides(t, &inst, relation) {
                let denominator = inst.denominator().try_into().unwrap_or(u64::MAX);
                return Some(Found {
                    instance: inst,
                    relation,
                    denominator,
                });
            }
        }
        exact_left -= 1;
        if exact_left == 0 {
            return None;
        }
    }
    None
}

/// Whether both sides of relation `k` are finite on `inst`.
pub fn finite_sides(t: &Target, inst: &Instance, k: usize) -> bool {
    t.relations(inst, &Arith::new(64))
        .ok()
        .and_then(|v| v.into_iter().nth(k))
        .is_some_and(|r| {
            let fin = |x: &Real| !matches!(x, Real::PosInf | Real::NegInf);
            fin(&r.l) && fin(&r.r)
        })
}

/// Largest-remainder rounding of `x` (a distribution) to counts summing to
/// `den`; with `positive`, every count is at least 1.
fn round_to(x: &[f64], den: u64, positive: bool) -> Vec<u64> {
    let total: f64 = x.iter().sum();
    let scaled: Vec<f64> = x.iter().map(|v| v / total * den as f64).collect();
    let mut c: Vec<u64> = scaled.iter().map(|v| v.floor().max(0.0) as u64).collect();
    let mut rest = den.saturating_sub(c.iter().sum());
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| {
        (scaled[b] - scaled[b].floor()).total_cmp(&(scaled[a] - scaled[a].floor()))
    });
    for &i in order.iter().cycle() {
        if rest == 0 {
            break;
        }
        c[i] += 1;
        rest -= 1;
    }
    if positive {
        for i in 0..c.len() {
            if c[i] == 0 {
                let j = (0..c.len()).max_by_key(|&j| c[j]).expect("non-empty");
                if c[j] > 1 {
                    c[j] -= 1;
                    c[i] = 1;
                }
            }
        }
    }
    c
}

/// The float margin of a claim at a point.
#[derive(Debug, Clone, Copy)]
struct Margin {
    /// Smallest margin over the relations (negative: violated).
    abs: f64,
    /// `|lhs| + |rhs|` of that relation.
    size: f64,
    /// Rounding-noise threshold.
    tol: f64,
}

impl Margin {
    fn objective(&self, relative: bool) -> f64 {
        let v = if relative {
            self.abs / (self.size + 1e-300)
        } else {
            self.abs
        };
        if v.is_nan() {
            f64::INFINITY
        } else {
            v
        }
    }
}

fn margin(t: &Target, c: &Claim, fi: &FInst) -> Margin {
    let inputs = Inputs {
        n: fi.n,
        slots: fi
            .slots
            .iter()
            .zip(&fi.vals)
            .map(|(s, v)| (s.name, v.as_slice()))
            .collect(),
    };
    let ev = Eval::new(&FloatCalc, t.scope(), &inputs);
    let f = |e| ev.number(e).unwrap_or(f64::NAN);
    let mut scale = 0f64;
    let mut best = Margin {
        abs: f64::INFINITY,
        size: 0.0,
        tol: 0.0,
    };
    let mut prev = f(&c.first);
    for (rel, e) in &c.rest {
        let v = f(e);
        let (l, r) = (prev, v);
        for x in [l, r] {
            if x.is_finite() {
                scale = scale.max(x.abs());
            }
        }
        let m = match rel {
            Rel::Ge | Rel::Gt => l - r,
            Rel::Le | Rel::Lt => r - l,
            Rel::Eq => -(l - r).abs(),
            Rel::Ne => (l - r).abs(),
        };
        let m = if m.is_nan() { f64::INFINITY } else { m };
        if m < best.abs {
            best = Margin {
                abs: m,
                size: l.abs() + r.abs(),
                tol: 0.0,
            };
        }
        prev = v;
    }
    best.tol = 1e-11 * scale.max(best.size) + 1e-300;
    best
}

/// A float instance.
struct FInst {
    n: usize,
    slots: Vec<Slot>,
    vals: Vec<Vec<f64>>,
}

impl FInst {
    fn from_logits(n: usize, slots: &[Slot], lens: &[usize], z: &[f64]) -> FInst {
        let mut vals = Vec::with_capacity(slots.len());
        let mut at = 0;
        for &len in lens {
            let block = &z[at..at + len];
            at += len;
            let mx = block.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            let e: Vec<f64> = block
                .iter()
                .map(|v| (v.clamp(mx - 60.0, mx) - mx).exp())
                .collect();
            let s: f64 = e.iter().sum();
            vals.push(e.into_iter().map(|v| v / s).collect());
        }
        FInst {
            n,
            slots: slots.to_vec(),
            vals,
        }
    }
}

/// SplitMix64.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = mix(self.0);
        self.0
    }
    /// Uniform in `[0, 1)`.
    fn unif(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = self.unif().max(1e-300);
        let v = self.unif();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
    fn below(&mut self, k: u64) -> u64 {
        self.next() % k.max(1)
    }
}

/// Start number `s`: its logits and the initial simplex size.
fn start_point(
    rng: &mut Rng,
    s: usize,
    n: usize,
    slots: &[Slot],
    lens: &[usize],
) -> (Vec<f64>, f64) {
    let dim: usize = lens.iter().sum();
    let mut z: Vec<f64> = (0..dim).map(|_| 1.5 * rng.normal()).collect();
    let dist_blocks: Vec<usize> = {
        let mut at = 0;
        let mut v = Vec::new();
        for (i, &l) in lens.iter().enumerate() {
            if slots[i].kind == SlotKind::Dist {
                v.push(at);
            }
            at += l;
        }
        v
    };
    let copy_first = |z: &mut Vec<f64>, rng: &mut Rng, noise: f64| {
        if let Some(&a) = dist_blocks.first() {
            for &b in &dist_blocks[1..] {
                for k in 0..n {
                    z[b + k] = z[a + k] + noise * rng.normal();
                }
            }
        }
    };
    match s % 4 {
        0 => (z, 1.0),
        1 => {
            // near P = Q
            let noise = [0.3, 0.1, 0.03][(s / 8) % 3];
            copy_first(&mut z, rng, noise);
            (z, noise)
        }
        2 => {
            // near a face: one or two tiny entries per block
            let mut at = 0;
            for &l in lens {
                let k = rng.below(l as u64) as usize;
                z[at + k] -= 6.0 + 6.0 * rng.unif();
                at += l;
            }
            if (s / 4) % 3 == 0 {
                copy_first(&mut z, rng, 0.05);
            }
            (z, 0.5)
        }
        _ => {
            // a small-denominator lattice point, perturbed
            let d = 2 + rng.below(5);
            let mut at = 0;
            for &l in lens {
                let mut left = d;
                for k in 0..l {
                    let c = if k + 1 == l {
                        left
                    } else {
                        rng.below(left + 1)
                    };
                    left -= c;
                    z[at + k] = (c as f64 + 0.2).ln() + 0.05 * rng.normal();
                }
                at += l;
            }
            if (s / 4) % 2 == 0 {
                copy_first(&mut z, rng, 0.05);
            }
            (z, 0.2)
        }
    }
}

/// Nelder–Mead minimization of `f` from `x0` (initial simplex: `x0` and
/// `x0 + step·e_i`), at most `max_evals` evaluations.
fn nelder_mead(
    f: &dyn Fn(&[f64]) -> f64,
    x0: Vec<f64>,
    step: f64,
    max_evals: usize,
) -> (Vec<f64>, f64) {
    let dim = x0.len();
    let mut pts: Vec<(Vec<f64>, f64)> = Vec::with_capacity(dim + 1);
    let f0 = f(&x0);
    pts.push((x0.clone(), f0));
    for i in 0..dim {
        let mut x = x0.clone();
        x[i] += step;
        let v = f(&x);
        pts.push((x, v));
    }
    let mut evals = dim + 1;
    let lerp = |a: &[f64], b: &[f64], t: f64| -> Vec<f64> {
        a.iter().zip(b).map(|(x, y)| x + t * (y - x)).collect()
    };
    while evals < max_evals {
        pts.sort_by(|a, b| a.1.total_cmp(&b.1));
        if pts[0].1 == f64::NEG_INFINITY {
            break;
        }
        let mut c = vec![0.0; dim];
        for (x, _) in &pts[..dim] {
            for (ci, xi) in c.iter_mut().zip(x) {
                *ci += xi / dim as f64;
            }
        }
        let worst = pts[dim].clone();
        // reflection: c + (c − w)
        let xr = lerp(&worst.0, &c, 2.0);
        let fr = f(&xr);
        evals += 1;
        if fr < pts[0].1 {
            let xe = lerp(&worst.0, &c, 3.0);
            let fe = f(&xe);
            evals += 1;
            pts[dim] = if fe < fr { (xe, fe) } else { (xr, fr) };
        } else if fr < pts[dim - 1].1 {
            pts[dim] = (xr, fr);
        } else {
            let (xc, fc) = if fr < worst.1 {
                let x = lerp(&worst.0, &c, 1.5);
                let v = f(&x);
                (x, v)
            } else {
                let x = lerp(&worst.0, &c, 0.5);
                let v = f(&x);
                (x, v)
            };
            evals += 1;
            if fc < worst.1.min(fr) {
                pts[dim] = (xc, fc);
            } else {
                let best = pts[0].0.clone();
                for p in pts.iter_mut().skip(1) {
                    p.0 = lerp(&best, &p.0, 0.5);
                    p.1 = f(&p.0);
                }
                evals += dim;
            }
        }
    }
    pts.sort_by(|a, b| a.1.total_cmp(&b.1));
    pts.swap_remove(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_keeps_the_sum_and_positivity() {
        let c = round_to(&[0.5, 0.3, 0.2], 7, false);
        assert_eq!(c.iter().sum::<u64>(), 7);
        let c = round_to(&[1.0 - 2e-9, 1e-9, 1e-9], 5, true);
        assert_eq!(c, vec![3, 1, 1]);
    }

    #[test]
    fn nelder_mead_finds_a_quadratic_minimum() {
        let f = |x: &[f64]| (x[0] - 1.0).powi(2) + (x[1] + 2.0).powi(2);
        let (x, v) = nelder_mead(&f, vec![0.0, 0.0], 1.0, 400);
        assert!(v < 1e-8 && (x[0] - 1.0).abs() < 1e-3, "{x:?} {v}");
    }
}
