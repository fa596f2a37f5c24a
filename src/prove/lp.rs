//! The linear programs behind `infocert prove`. Nothing here decides: every
//! answer is a *proposal* that the caller re-solves and checks in exact
//! rationals.
//!
//! * [`phase1`] on the LP reduced by the constraints (`decide_reduced` in
//!   `prove/mod.rs`) is the first proposer.
//! * [`sparse_multipliers`] / [`sparse_point`]: the fallback from n = 7 on, the
//!   sparse revised simplex of the `microlp` crate (pure Rust, LU-factored
//!   basis) on the two LPs of Yeung's framework (find multipliers; find a
//!   polymatroid point below the claim). n = 8 chain: ~0.1 s.
//! * [`phase1`]: a small dense phase-1 simplex, generic over the number
//!   type: `f64` (also the unreduced fallback, when `microlp` fails or its proposal
//!   does not survive the exact check) and exact rationals (Bland's rule,
//!   terminates; the last resort), plus exact Gaussian elimination
//!   ([`solve_exact`]).
//!
//! Problem: find `x ≥ 0` with `Σ_j x_j·col_j = b`. Phase 1 minimises the sum
//! of one artificial per row. At the optimum the tableau gives either a
//! feasible `x` (objective 0) or the dual `u` (objective > 0) with
//! `u·col_j ≤ 0` for every column and `u·b > 0` — a Farkas certificate of
//! infeasibility. Neither is trusted: callers re-check exactly.

use crate::num::Q;
use num_traits::{One, Signed, Zero};
use std::time::Duration;

/// A sparse vector: `(index, coefficient)` pairs.
pub type SparseVec = Vec<(usize, f64)>;

/// Run `microlp` without letting a panic inside it escape (it is a proposer:
/// a panic, an error or a time-out just means "no proposal").
fn microlp_solve(p: &microlp::Problem) -> Option<microlp::Solution> {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| p.solve()));
    match r {
        Ok(Ok(microlp::SolveOutcome::Solution(s))) => Some(s),
        _ => None,
    }
}

/// Outcome of the multiplier LP.
#[derive(Debug, Clone)]
pub enum SparseOutcome {
    /// A (float) solution `x` of `Σ x_j·col_j = b`, `x_j ≥ 0` unless free.
    Feasible(Vec<f64>),
    /// `microlp` reports the system infeasible.
    Infeasible,
    /// No answer (error, panic or time limit).
    Failed,
}

/// Find `x` with `Σ_j x_j·cols[j].0 = b` over `m` rows, `x_j ≥ 0` unless
/// `cols[j].1` (free). A pure feasibility problem (objective 0: at n = 8
/// 2.4× faster than minimising `Σx`); the simplex still ends at a vertex, so
/// at most `m` nonzeros.
pub fn sparse_multipliers(
    m: usize,
    cols: &[(SparseVec, bool)],
    b: &[f64],
    limit: Duration,
) -> SparseOutcome {
    use microlp::{ComparisonOp, OptimizationDirection, Problem};
    let mut p = Problem::new(OptimizationDirection::Minimize);
    p.set_time_limit(limit);
    let mut rows: Vec<Vec<(microlp::Variable, f64)>> = vec![Vec::new(); m];
    let vars: Vec<microlp::Variable> = cols
        .iter()
        .map(|(col, free)| {
            let v = if *free {
                p.add_var(0.0, (f64::NEG_INFINITY, f64::INFINITY))
            } else {
                p.add_var(0.0, (0.0, f64::INFINITY))
            };
            for &(r, c) in col {
                rows[r].push((v, c));
            }
            v
        })
        .collect();
    for (r, row) in rows.iter().enumerate() {
        p.add_constraint(row.as_slice(), ComparisonOp::Eq, b[r]);
    }
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| p.solve()));
    match r {
        Ok(Ok(microlp::SolveOutcome::Solution(s))) => {
            SparseOutcome::Feasible(vars.iter().map(|v| s.var_value(*v)).collect())
        }
        Ok(Err(microlp::Error::Infeasible)) => SparseOutcome::Infeasible,
        _ => SparseOutcome::Failed,
    }
}

/// Find `h ≥ 0` over `m` coordinates with `row·h ≥ 0` (`= 0` where the
/// row's flag is set) for every row and `b·h` as small as possible but
/// `≥ −1`: a polymatroid point below the claim, when the multiplier LP is
/// infeasible. `None` when `microlp` gives no answer or the minimum is not
/// clearly negative.
pub fn sparse_point(
    m: usize,
    rows: &[(SparseVec, bool)],
    b: &[f64],
    limit: Duration,
) -> Option<Vec<f64>> {
    use microlp::{ComparisonOp, OptimizationDirection, Problem};
    let mut p = Problem::new(OptimizationDirection::Minimize);
    p.set_time_limit(limit);
    let h: Vec<microlp::Variable> = (0..m)
        .map(|i| p.add_var(b[i], (0.0, f64::INFINITY)))
        .collect();
    for (row, eq) in rows {
        let r: Vec<(microlp::Variable, f64)> = row.iter().map(|&(i, c)| (h[i], c)).collect();
        let op = if *eq {
            ComparisonOp::Eq
        } else {
            ComparisonOp::Ge
        };
        p.add_constraint(r.as_slice(), op, 0.0);
    }
    let norm: Vec<(microlp::Variable, f64)> = (0..m)
        .filter(|&i| b[i] != 0.0)
        .map(|i| (h[i], b[i]))
        .collect();
    p.add_constraint(norm.as_slice(), ComparisonOp::Ge, -1.0);
    let s = microlp_solve(&p)?;
    (s.objective() < -1e-6).then(|| h.iter().map(|v| s.var_value(*v)).collect())
}

/// Number type of the tableau.
pub trait Num: Clone {
    /// Exact arithmetic.
    const EXACT: bool;
    /// 0.
    fn zero_v() -> Self;
    /// 1.
    fn one_v() -> Self;
    /// From a rational entry of the problem.
    fn from_q(q: &Q) -> Self;
    /// `> 0` (beyond the tolerance for floats).
    fn pos(&self) -> bool;
    /// `< 0` (beyond the tolerance for floats).
    fn neg(&self) -> bool;
    /// `self − k·o`.
    fn sub_mul(&self, k: &Self, o: &Self) -> Self;
    /// `self / o`.
    fn div(&self, o: &Self) -> Self;
    /// `self − o`.
    fn sub(&self, o: &Self) -> Self;
    /// `self + o`.
    fn add(&self, o: &Self) -> Self;
    /// Negation.
    fn negate(&self) -> Self;
    /// Comparison (`self < o`).
    fn lt(&self, o: &Self) -> bool;
    /// Exactly zero (skipped in pivots).
    fn is_exact_zero(&self) -> bool;
}

const TOL: f64 = 1e-9;

impl Num for f64 {
    const EXACT: bool = false;
    fn zero_v() -> f64 {
        0.0
    }
    fn one_v() -> f64 {
        1.0
    }
    fn from_q(q: &Q) -> f64 {
        crate::num::q_to_f64(q)
    }
    fn pos(&self) -> bool {
        *self > TOL
    }
    fn neg(&self) -> bool {
        *self < -TOL
    }
    fn sub_mul(&self, k: &f64, o: &f64) -> f64 {
        self - k * o
    }
    fn div(&self, o: &f64) -> f64 {
        self / o
    }
    fn sub(&self, o: &f64) -> f64 {
        self - o
    }
    fn add(&self, o: &f64) -> f64 {
        self + o
    }
    fn negate(&self) -> f64 {
        -self
    }
    fn lt(&self, o: &f64) -> bool {
        self < o
    }
    fn is_exact_zero(&self) -> bool {
        self.abs() < 1e-14
    }
}

impl Num for Q {
    const EXACT: bool = true;
    fn zero_v() -> Q {
        <Q as Zero>::zero()
    }
    fn one_v() -> Q {
        <Q as One>::one()
    }
    fn from_q(q: &Q) -> Q {
        q.clone()
    }
    fn pos(&self) -> bool {
        self.is_positive()
    }
    fn neg(&self) -> bool {
        self.is_negative()
    }
    fn sub_mul(&self, k: &Q, o: &Q) -> Q {
        self - k * o
    }
    fn div(&self, o: &Q) -> Q {
        self / o
    }
    fn sub(&self, o: &Q) -> Q {
        self - o
    }
    fn add(&self, o: &Q) -> Q {
        self + o
    }
    fn negate(&self) -> Q {
        -self
    }
    fn lt(&self, o: &Q) -> bool {
        self < o
    }
    fn is_exact_zero(&self) -> bool {
        self.is_zero()
    }
}

/// The final phase-1 tableau, reduced to what callers need.
#[derive(Debug, Clone)]
pub struct Phase1<T> {
    /// Basic column per row (`≥ ncols` = artificial of row `c − ncols`).
    pub basis: Vec<usize>,
    /// Value of the basic variable per row.
    pub x: Vec<T>,
    /// Phase-1 objective (sum of artificials).
    pub w: T,
    /// Dual `u` in the ORIGINAL row signs: `u·col_j ≤ 0` for all `j`, `u·b = w`.
    pub u: Vec<T>,
    /// Number of pivots.
    pub pivots: usize,
}

/// Phase-1 simplex on dense columns (`cols[j]` has length `b.len()`).
/// Returns `None` if the iteration limit is hit.
pub fn phase1<T: Num>(cols: &[Vec<T>], b: &[T], max_pivots: usize) -> Option<Phase1<T>> {
    let m = b.len();
    let nreal = cols.len();
    let ncols = nreal + m;
    let flip: Vec<bool> = b.iter().map(|v| v.neg()).collect();
    let mut t: Vec<Vec<T>> = (0..m)
        .map(|r| {
            let mut row: Vec<T> = (0..nreal)
                .map(|c| {
                    if flip[r] {
                        cols[c][r].negate()
                    } else {
                        cols[c][r].clone()
                    }
                })
                .collect();
            row.extend((0..m).map(|k| if k == r { T::one_v() } else { T::zero_v() }));
            row
        })
        .collect();
    let mut rhs: Vec<T> = (0..m)
        .map(|r| if flip[r] { b[r].negate() } else { b[r].clone() })
        .collect();
    let mut basis: Vec<usize> = (nreal..ncols).collect();
    // reduced costs: d_c = cost_c − Σ_r t[r][c]
    let mut d: Vec<T> = (0..ncols)
        .map(|c| {
            if c >= nreal {
                T::zero_v()
            } else {
                t.iter().fold(T::zero_v(), |a, row| a.sub(&row[c]))
            }
        })
        .collect();
    let mut w = rhs.iter().fold(T::zero_v(), |a, v| a.add(v));
    let mut pivots = 0;
    loop {
        // entering column: Bland's rule (lowest index), also in f64: on these highly
        // degenerate LPs it was faster than Dantzig's rule (sparser pivots; n = 8 chain: 16 s → 3 s)
        let enter = d.iter().position(|v| v.neg());
        let Some(c) = enter else { break };
        // ratio test (ties: smallest basic index — Bland)
        let mut leave: Option<(usize, T)> = None;
        for r in 0..m {
            if t[r][c].pos() {
                let ratio = rhs[r].div(&t[r][c]);
                let better = match &leave {
                    None => true,
                    Some((lr, lv)) => ratio.lt(lv) || (!lv.lt(&ratio) && basis[r] < basis[*lr]),
                };
                if better {
                    leave = Some((r, ratio));
                }
            }
        }
        let (r, _) = leave?; // unbounded cannot happen in phase 1
        pivots += 1;
        if pivots > max_pivots {
            return None;
        }
        let piv = t[r][c].clone();
        let prow: Vec<T> = t[r].iter().map(|v| v.div(&piv)).collect();
        let prhs = rhs[r].div(&piv);
        let nz: Vec<usize> = (0..ncols).filter(|&k| !prow[k].is_exact_zero()).collect();
        for i in 0..m {
            if i == r || t[i][c].is_exact_zero() {
                continue;
            }
            let f = t[i][c].clone();
            for &k in &nz {
                t[i][k] = t[i][k].sub_mul(&f, &prow[k]);
            }
            t[i][c] = T::zero_v();
            rhs[i] = rhs[i].sub_mul(&f, &prhs);
        }
        let f = d[c].clone();
        for &k in &nz {
            d[k] = d[k].sub_mul(&f, &prow[k]);
        }
        d[c] = T::zero_v();
        w = w.sub_mul(&f.negate(), &prhs); // w ← w + d_c·θ
        t[r] = prow;
        rhs[r] = prhs;
        basis[r] = c;
    }
    // u'_r = cost − d of artificial r = 1 − d[nreal + r]; original signs
    let u = (0..m)
        .map(|r| {
            let v = T::one_v().sub(&d[nreal + r]);
            if flip[r] {
                v.negate()
            } else {
                v
            }
        })
        .collect();
    Some(Phase1 {
        basis,
        x: rhs,
        w,
        u,
        pivots,
    })
}

/// Solve `M·x = rhs` exactly (`M` given by rows, any shape). Free variables
/// are set to 0. `None` if inconsistent.
pub fn solve_exact(mut rows: Vec<Vec<Q>>, mut rhs: Vec<Q>) -> Option<Vec<Q>> {
    let m = rows.len();
    let n = rows.first().map_or(0, |r| r.len());
    let mut pivcol = Vec::new();
    let mut r = 0;
    for c in 0..n {
        if r == m {
            break;
        }
        let Some(p) = (r..m).find(|&i| !rows[i][c].is_zero()) else {
            continue;
        };
        rows.swap(r, p);
        rhs.swap(r, p);
        let piv = rows[r][c].clone();
        let prow: Vec<Q> = rows[r].iter().map(|v| v / &piv).collect();
        let prhs = &rhs[r] / &piv;
        let nz: Vec<usize> = (c..n).filter(|&k| !prow[k].is_zero()).collect();
        for i in 0..m {
            if i == r || rows[i][c].is_zero() {
                continue;
            }
            let f = rows[i][c].clone();
            for &k in &nz {
                let v = &f * &prow[k];
                rows[i][k] -= v;
            }
            let v = &f * &prhs;
            rhs[i] -= v;
        }
        rows[r] = prow;
        rhs[r] = prhs;
        pivcol.push(c);
        r += 1;
    }
    if rhs[r..].iter().any(|v| !v.is_zero()) {
        return None;
    }
    let mut x = vec![<Q as Zero>::zero(); n];
    for (i, &c) in pivcol.iter().enumerate() {
        x[c] = rhs[i].clone();
    }
    Some(x)
}
