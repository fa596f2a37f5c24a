//! `infocert prove`: Shannon-type linear information inequalities over named
//! random variables, decided with exact certificates (Yeung 1997, "A
//! framework for linear information inequalities").
//!
//! Everything is a vector over the `2^n − 1` joint entropies `h(S)`. The
//! elemental inequalities `H(X_i | X_{N−i}) ≥ 0` and `I(X_i;X_j|X_K) ≥ 0`
//! (`K ⊆ N − {i,j}`) generate every Shannon-type inequality. A claim
//! `b·h ≥ 0` under constraints (`c·h = 0`, `c·h ≥ 0`) is
//!
//! * **proved** by rational multipliers `λ ≥ 0` (elemental), `μ` (free on
//!   equalities, `≥ 0` on inequalities) with `b = Σλ·g + Σμ·c` — checked
//!   coefficient by coefficient in `BigRational`;
//! * otherwise there is a polymatroid `h` (all elemental inequalities and
//!   constraints hold exactly, `b·h < 0`), also checked exactly. A search
//!   over small distributions (variables = XOR-tuples of ≤ 3 independent
//!   uniform bits, exact integer entropies in bits) turns it into a
//!   **refutation**; if none is found the answer is "not provable from
//!   Shannon-type inequalities" — never "false" (Zhang–Yeung is such a case).
//!   For `n ≤ 3` without constraints the closure of the entropic region is
//!   the polymatroid cone, so a polymatroid point alone refutes.
//!
//! **What is hand-written and why.** The LP is a small dense phase-1 simplex
//! ([`lp::phase1`]) written here, generic over `f64` and `BigRational`:
//! no new dependency (the pure-Rust float LP crates are known to give wrong
//! answers on these degenerate problems, and nothing they say would be
//! trusted anyway). The `f64` run *proposes*: its basis gives multipliers
//! (re-solved exactly on the basic columns by rational Gaussian
//! elimination) or a dual point (rationalised, else re-solved exactly from
//! the basis). If the exact check of that proposal fails, the same simplex
//! runs in exact rationals with Bland's rule, whose result is checked again.
//! Every verdict comes from [`verify_proof`] / [`verify_point`], never from
//! a float. Equality claims are two inequalities.
//!
//! The first proposer runs that simplex on a smaller LP: elementals forced
//! to 0 by constraints `I(S;T|U) = 0` ([`forced_zero`]) are factored out
//! (the quotient by their span), and its support is re-solved on the full
//! LP (`decide_reduced`; n = 8 chain: ~6 ms instead of
//! ~0.1 s with `microlp`). The distribution search is skipped where the
//! Ingleton inequality, which every searched (GF(2)-linear) distribution
//! obeys, already implies the claim ([`ingleton_implies`]).

pub mod certfile;
pub mod lp;
pub mod normal;
pub mod parse;
pub mod proofs;
pub mod search;

use crate::num::Q;
use num_traits::{One, Signed, Zero};
use parse::{parse_statement, render, Lin, Rel, Relation, Vars};
use serde_json::{json, Value};
use std::time::Instant;

/// An input error (exit 2): one message (may carry a caret line).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct InputError(pub String);

/// An elemental inequality: `H(X_i | X_{N−i}) ≥ 0` (`j = None`) or
/// `I(X_i;X_j|X_K) ≥ 0`.
#[derive(Debug, Clone)]
pub struct Elemental {
    /// First variable.
    pub i: usize,
    /// Second variable of a conditional mutual information.
    pub j: Option<usize>,
    /// Conditioning set (mask).
    pub k: u32,
    /// Sparse vector `(mask, coefficient)`.
    pub terms: Vec<(u32, i8)>,
}

impl Elemental {
    /// Human-readable form, e.g. `I(X;Y|Z)`.
    pub fn text(&self, vars: &Vars) -> String {
        let cond = if self.k == 0 {
            String::new()
        } else {
            format!("|{}", vars.set_name(self.k))
        };
        match self.j {
            None => format!("H({}{cond})", vars.names[self.i]),
            Some(j) => format!("I({};{}{cond})", vars.names[self.i], vars.names[j]),
        }
    }
}

/// All elemental inequalities for `n` variables (`n + C(n,2)·2^(n−2)`).
pub fn elementals(n: usize) -> Vec<Elemental> {
    let full: u32 = (1 << n) - 1;
    let mut out = Vec::new();
    for i in 0..n {
        let rest = full & !(1 << i);
        let mut terms = vec![(full, 1)];
        if rest != 0 {
            terms.push((rest, -1));
        }
        out.push(Elemental {
            i,
            j: None,
            k: rest,
            terms,
        });
    }
    for i in 0..n {
        for j in i + 1..n {
            let others = full & !(1 << i) & !(1 << j);
            let mut k = 0u32;
            loop {
                let mut terms: Vec<(u32, i8)> = vec![
                    ((1 << i) | k, 1),
                    ((1 << j) | k, 1),
                    ((1 << i) | (1 << j) | k, -1),
                ];
                if k != 0 {
                    terms.push((k, -1));
                }
                out.push(Elemental {
                    i,
                    j: Some(j),
                    k,
                    terms,
                });
                if k == others {
                    break;
                }
                k = (k.wrapping_sub(others)) & others; // next subset of `others`
            }
        }
    }
    out
}

/// A constraint `vec ≥ 0` (or `vec = 0` when `eq`).
#[derive(Debug, Clone)]
pub struct Constraint {
    /// Text (the `--given` or the expansion of a chain link).
    pub text: String,
    /// Dense vector over `h(S)`, index `mask − 1`.
    pub vec: Vec<Q>,
    /// Equality (free multiplier) or inequality (`≥ 0` multiplier).
    pub eq: bool,
}

/// A parsed problem.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Variables (order of first appearance).
    pub vars: Vars,
    /// The claim.
    pub claim: Relation,
    /// Constraints from `--given`.
    pub constraints: Vec<Constraint>,
    /// The `--given` texts as typed.
    pub given: Vec<String>,
}

fn dense(l: &Lin, m: usize) -> Vec<Q> {
    let mut v = vec![Q::zero(); m];
    for (mask, c) in &l.t {
        v[*mask as usize - 1] = c.clone();
    }
    v
}

impl Problem {
    /// Parse a claim and its constraints (variables in order of appearance).
    pub fn parse(claim: &str, given: &[String]) -> Result<Problem, InputError> {
        Problem::parse_declared(claim, given, None)
    }

    /// Parse a claim and its constraints; with `Some(names)` the variables are
    /// exactly these, in this order, and any other name is an input error
    /// ("unknown variable", with a caret).
    ///
    /// ```
    /// use infocert::prove::Problem;
    /// let vars = ["X".to_string(), "Y".to_string()];
    /// let e = Problem::parse_declared("I(X;Z) >= 0", &[], Some(&vars)).unwrap_err();
    /// assert!(e.0.contains("unknown variable `Z`"));
    /// ```
    pub fn parse_declared(
        claim: &str,
        given: &[String],
        declared: Option<&[String]>,
    ) -> Result<Problem, InputError> {
        let mut vars = match declared {
            Some(names) => Vars::declared(names).map_err(InputError)?,
            None => Vars::default(),
        };
        let mut rels = parse_statement(claim, &mut vars)
            .map_err(|e| InputError(render(claim, "claim", &e)))?;
        if rels.len() != 1 {
            return Err(InputError(
                "claim: a Markov chain of more than three groups is several claims: prove its links one by one".into(),
            ));
        }
        let claim_rel = rels.remove(0);
        let mut raw = Vec::new();
        for g in given {
            let rs =
                parse_statement(g, &mut vars).map_err(|e| InputError(render(g, "--given", &e)))?;
            raw.extend(rs);
        }
        if vars.names.is_empty() {
            return Err(InputError(
                "claim: empty variable set (the claim mentions no random variable)".into(),
            ));
        }
        let m = (1usize << vars.names.len()) - 1;
        let constraints = raw
            .into_iter()
            .map(|r| {
                let (v, eq) = match r.rel {
                    Rel::Ge => (Lin::diff(&r.lhs, &r.rhs), false),
                    Rel::Le => (Lin::diff(&r.rhs, &r.lhs), false),
                    Rel::Eq => (Lin::diff(&r.lhs, &r.rhs), true),
                };
                Constraint {
                    text: r.text,
                    vec: dense(&v, m),
                    eq,
                }
            })
            .collect();
        Ok(Problem {
            vars,
            claim: claim_rel,
            constraints,
            given: given.to_vec(),
        })
    }

    /// Number of variables.
    pub fn n(&self) -> usize {
        self.vars.names.len()
    }

    /// The goals `b ≥ 0` the claim amounts to (two for an equality).
    pub fn goals(&self) -> Vec<Vec<Q>> {
        let m = (1usize << self.n()) - 1;
        let (l, r) = (&self.claim.lhs, &self.claim.rhs);
        match self.claim.rel {
            Rel::Le => vec![dense(&Lin::diff(r, l), m)],
            Rel::Ge => vec![dense(&Lin::diff(l, r), m)],
            Rel::Eq => vec![dense(&Lin::diff(l, r), m), dense(&Lin::diff(r, l), m)],
        }
    }
}

/// A Shannon-type proof of `goal ≥ 0`.
#[derive(Debug, Clone)]
pub struct Proof {
    /// `goal`.
    pub goal: Vec<Q>,
    /// Multiplier per elemental inequality (index into [`elementals`]).
    pub lambda: Vec<Q>,
    /// Multiplier per constraint.
    pub mu: Vec<Q>,
    /// How the certificate was found.
    pub method: &'static str,
}

/// A polymatroid point with `goal·h < 0`.
#[derive(Debug, Clone)]
pub struct Point {
    /// `h[mask − 1]`.
    pub h: Vec<Q>,
    /// How it was found.
    pub method: &'static str,
}

/// Outcome of deciding one goal.
#[derive(Debug, Clone)]
pub enum Decision {
    /// Certified proof.
    Proof(Proof),
    /// Certified polymatroid counterexample.
    Point(Point),
}

fn dot(v: &[Q], h: &[Q]) -> Q {
    v.iter()
        .zip(h)
        .filter(|(a, b)| !a.is_zero() && !b.is_zero())
        .map(|(a, b)| a * b)
        .fold(Q::zero(), |s, x| s + x)
}

fn elem_dot(e: &Elemental, h: &[Q]) -> Q {
    e.terms.iter().fold(Q::zero(), |s, (m, c)| {
        s + &h[*m as usize - 1] * Q::from_integer((*c).into())
    })
}

/// Exact check: `λ ≥ 0`, `μ_i ≥ 0` on inequalities, `goal = Σλ·g + Σμ·c`.
pub fn verify_proof(n: usize, elems: &[Elemental], cons: &[Constraint], p: &Proof) -> bool {
    let m = (1usize << n) - 1;
    if p.lambda.len() != elems.len() || p.mu.len() != cons.len() || p.goal.len() != m {
        return false;
    }
    if p.lambda.iter().any(|l| l.is_negative())
        || cons
            .iter()
            .zip(&p.mu)
            .any(|(c, u)| !c.eq && u.is_negative())
    {
        return false;
    }
    let mut acc = vec![Q::zero(); m];
    for (e, l) in elems.iter().zip(&p.lambda) {
        if l.is_zero() {
            continue;
        }
        for (mask, c) in &e.terms {
            acc[*mask as usize - 1] += l * Q::from_integer((*c).into());
        }
    }
    for (c, u) in cons.iter().zip(&p.mu) {
        if u.is_zero() {
            continue;
        }
        for (a, v) in acc.iter_mut().zip(&c.vec) {
            *a += u * v;
        }
    }
    acc == p.goal
}

/// Exact check: `h` satisfies every elemental inequality and constraint and `goal·h < 0`.
pub fn verify_point(elems: &[Elemental], cons: &[Constraint], goal: &[Q], h: &[Q]) -> bool {
    h.len() == goal.len()
        && elems.iter().all(|e| !elem_dot(e, h).is_negative())
        && cons.iter().all(|c| {
            let v = dot(&c.vec, h);
            if c.eq {
                v.is_zero()
            } else {
                !v.is_negative()
            }
        })
        && dot(goal, h).is_negative()
}

/// Column `j` of the LP: which inequality it is and with which sign.
#[derive(Clone, Copy)]
enum Col {
    Elem(usize),
    Cons(usize, bool), // (index, negated)
}

fn rationalize(h: &[f64]) -> Vec<Vec<Q>> {
    let s = h.iter().fold(0.0f64, |a, v| a.max(v.abs()));
    if s == 0.0 {
        return vec![];
    }
    let mut out = Vec::new();
    // scale so that the smallest clearly-nonzero entry is 1, then try small denominators
    let minnz = h
        .iter()
        .map(|v| v.abs())
        .filter(|v| *v > s * 1e-7)
        .fold(f64::INFINITY, f64::min);
    for base in [minnz, s] {
        for den in [1i64, 2, 3, 4, 6, 12, 60] {
            out.push(
                h.iter()
                    .map(|v| {
                        let x = (v / base * den as f64).round() as i64;
                        Q::new(x.into(), den.into())
                    })
                    .collect(),
            );
        }
    }
    out
}

/// LP column `l` as a dense rational vector over the `m` coordinates.
fn dense_col(m: usize, elems: &[Elemental], cons: &[Constraint], l: Col) -> Vec<Q> {
    match l {
        Col::Elem(i) => {
            let mut v = vec![Q::zero(); m];
            for (mask, c) in &elems[i].terms {
                v[*mask as usize - 1] = Q::from_integer((*c).into());
            }
            v
        }
        Col::Cons(i, false) => cons[i].vec.clone(),
        Col::Cons(i, true) => cons[i].vec.iter().map(|x| -x).collect(),
    }
}

/// Multipliers per LP column (`x`: column index and value) as a [`Proof`].
fn to_proof(
    elems: &[Elemental],
    cons: &[Constraint],
    goal: &[Q],
    layout: &[Col],
    x: &[(usize, Q)],
    method: &'static str,
) -> Proof {
    let mut lambda = vec![Q::zero(); elems.len()];
    let mut mu = vec![Q::zero(); cons.len()];
    for (j, v) in x {
        match layout[*j] {
            Col::Elem(i) => lambda[i] += v,
            Col::Cons(i, false) => mu[i] += v,
            Col::Cons(i, true) => mu[i] -= v,
        }
    }
    Proof {
        goal: goal.to_vec(),
        lambda,
        mu,
        method,
    }
}

/// From this many variables on, `microlp` is the first fallback after the
/// reduced proposer (and the first proposer for constrained LPs the reduction
/// does not shrink): on the unreduced n = 7 chain it took 7 ms vs the dense
/// simplex's 110 ms (n = 8: ~0.1 s vs 3.1 s); below, the dense simplex comes
/// first (n ≤ 6: ≤ 2 ms, less overhead on tiny LPs).
const SPARSE_FIRST_FROM_N: usize = 7;

/// Time limit for one `microlp` solve (then the next proposer takes over).
const SPARSE_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The sparse proposer: `microlp` on the multiplier LP; its support is
/// re-solved exactly and checked ([`verify_proof`]). If it reports the LP
/// infeasible, `microlp` on the point LP proposes a polymatroid point, which
/// is rationalised or re-solved exactly from its tight rows and checked
/// ([`verify_point`]). `None`: no certified answer, the caller goes on.
#[allow(clippy::too_many_arguments)]
fn decide_sparse(
    n: usize,
    elems: &[Elemental],
    cons: &[Constraint],
    goal: &[Q],
    layout: &[Col],
    dbg: bool,
    stop_if_infeasible: bool,
) -> Sparse {
    match decide_sparse_opt(n, elems, cons, goal, layout, dbg, stop_if_infeasible) {
        Ok(Some(d)) => Sparse::Decided(d),
        Ok(None) => Sparse::Undecided,
        Err(()) => Sparse::Infeasible,
    }
}

/// The sparse proposer alone (`microlp`, then the exact re-solve and check),
/// without the dense and exact fallbacks: `None` when it gives no certified
/// answer. For tests and benchmarks; [`decide`] is the decision procedure.
///
/// ```
/// use infocert::prove::{decide_sparse_only, elementals, Decision, Problem};
/// let p = Problem::parse("H(X,Y) <= H(X) + H(Y)", &[]).unwrap();
/// let elems = elementals(p.n());
/// let d = decide_sparse_only(p.n(), &elems, &p.constraints, &p.goals()[0]);
/// assert!(matches!(d, Some(Decision::Proof(_))));
/// ```
pub fn decide_sparse_only(
    n: usize,
    elems: &[Elemental],
    cons: &[Constraint],
    goal: &[Q],
) -> Option<Decision> {
    let mut layout: Vec<Col> = (0..elems.len()).map(Col::Elem).collect();
    for (i, c) in cons.iter().enumerate() {
        layout.push(Col::Cons(i, false));
        if c.eq {
            layout.push(Col::Cons(i, true));
        }
    }
    match decide_sparse(n, elems, cons, goal, &layout, false, false) {
        Sparse::Decided(d) => Some(d),
        Sparse::Infeasible | Sparse::Undecided => None,
    }
}

/// Elementals forced to 0 by the equality constraints, and which constraints
/// that accounts for. A constraint `c·(I(S;T|U)) = 0` (`c ≠ 0`; what Markov
/// chains and independences expand to) is the sum of the elementals
/// `I(s;t|K)`, `s ∈ S`, `t ∈ T`, `U ⊆ K ⊆ U ∪ S ∪ T − {s,t}` of one chain-rule
/// order; every one of them appears in some order, and each is `≥ 0`, so each
/// is `0` wherever the constraint holds.
pub fn forced_zero(elems: &[Elemental], cons: &[Constraint]) -> (Vec<bool>, Vec<bool>) {
    let mut e0 = vec![false; elems.len()];
    let mut recognized = vec![false; cons.len()];
    for (k, c) in cons.iter().enumerate() {
        let Some((s, t, u)) = c.eq.then(|| cmi_form(&c.vec)).flatten() else {
            continue;
        };
        recognized[k] = true;
        let top = s | t | u;
        for (x, e) in elems.iter().enumerate() {
            let Some(j) = e.j else { continue };
            let (a, b) = (1u32 << e.i, 1u32 << j);
            if ((s & a != 0 && t & b != 0) || (s & b != 0 && t & a != 0))
                && e.k & u == u
                && e.k & !top == 0
            {
                e0[x] = true;
            }
        }
    }
    (e0, recognized)
}

/// `(S, T, U)` (masks) when `v` is a nonzero multiple of `I(S;T|U)` with `S`,
/// `T`, `U` disjoint and `S`, `T` nonempty: `c·(h(SU) + h(TU) − h(STU) − h(U))`.
fn cmi_form(v: &[Q]) -> Option<(u32, u32, u32)> {
    let nz: Vec<(u32, &Q)> = v
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_zero())
        .map(|(i, c)| (i as u32 + 1, c))
        .collect();
    let c = nz.first()?.1.abs();
    if nz.iter().any(|(_, x)| x.abs() != c) {
        return None;
    }
    let pos: Vec<u32> = nz
        .iter()
        .filter(|(_, x)| x.is_positive())
        .map(|p| p.0)
        .collect();
    let neg: Vec<u32> = nz
        .iter()
        .filter(|(_, x)| x.is_negative())
        .map(|p| p.0)
        .collect();
    let sign_ok = |p: &[u32], q: &[u32]| -> Option<(u32, u32, u32)> {
        let [a, b] = p else { return None };
        let (a, b) = (*a, *b);
        let u = a & b;
        let want: Vec<u32> = if u == 0 { vec![a | b] } else { vec![a | b, u] };
        let mut q = q.to_vec();
        q.sort_unstable();
        let mut w = want;
        w.sort_unstable();
        (q == w && a & !u != 0 && b & !u != 0).then_some((a & !u, b & !u, u))
    };
    // a negative multiple: −c·I(S;T|U) = 0 is the same constraint
    sign_ok(&pos, &neg).or_else(|| sign_ok(&neg, &pos))
}

/// What the reduced proposer ends with.
enum Reduced {
    Decided(Decision),
    /// Its float LP finds no multipliers.
    Infeasible,
    /// Its float LP finds multipliers, but none survives the exact check.
    Inexact,
    /// No certified answer.
    Undecided,
}

/// The first proposer (every n): the multiplier LP in `f64`, reduced by the
/// equality constraints, on the dense simplex ([`lp::phase1`]).
///
/// 1. Elementals forced to 0 by a constraint `I(S;T|U) = 0` ([`forced_zero`])
///    span a subspace `Z`; a multiplier may be any sign on them, so the LP
///    lives in the quotient by `Z`: `b ≡ Σ λ_e g_e (mod Z)`, `λ ≥ 0` over the
///    other elementals and constraints (8-variable chain: 255 rows → 135, 25
///    columns used of 1 479). Its support `S` is all this step keeps. When
///    `Z`'s rank is under 1/8 of the rows there is no reduction (few rows go,
///    the projection fills the columns in), and from `SPARSE_FIRST_FROM_N`
///    variables on a constrained LP is then left to `microlp` (`Undecided`).
/// 2. With constraints: the ordinary LP on `S`, the forced elementals and the
///    constraints only (a few hundred columns; feasible whenever step 1 is:
///    a forced elemental's negative is a sum of others minus its constraint).
/// 3. Exact: the float multipliers on the support, rounded to small
///    denominators, else re-solved in rationals on the support, then the basis;
///    [`verify_proof`] decides. A float "feasible" that fails there: `Inexact`.
fn decide_reduced(
    n: usize,
    elems: &[Elemental],
    cons: &[Constraint],
    goal: &[Q],
    layout: &[Col],
    dbg: bool,
) -> Reduced {
    let m = (1usize << n) - 1;
    let t0 = Instant::now();
    let f = crate::num::q_to_f64;
    let col_f = |l: Col| -> Vec<f64> {
        let mut v = vec![0.0; m];
        match l {
            Col::Elem(i) => {
                for (mask, c) in &elems[i].terms {
                    v[*mask as usize - 1] = f64::from(*c);
                }
            }
            Col::Cons(i, neg) => {
                for (x, c) in v.iter_mut().zip(&cons[i].vec) {
                    if !c.is_zero() {
                        *x = if neg { -f(c) } else { f(c) };
                    }
                }
            }
        }
        v
    };
    let bf: Vec<f64> = goal.iter().map(f).collect();
    let (mut e0, mut recognized) = forced_zero(elems, cons);
    // echelon basis of Z (pivot coordinate, vector with 1 there and 0 at the other pivots)
    let mut zb: Vec<(usize, Vec<f64>)> = Vec::new();
    let reduce = |v: &mut [f64], zb: &[(usize, Vec<f64>)]| {
        for (p, z) in zb {
            let x = v[*p];
            if x != 0.0 {
                for (a, b) in v.iter_mut().zip(z) {
                    *a -= x * b;
                }
            }
        }
    };
    for (i, _) in elems.iter().enumerate().filter(|(i, _)| e0[*i]) {
        let mut v = col_f(Col::Elem(i));
        reduce(&mut v, &zb);
        let Some(p) = (0..m).find(|&q| v[q].abs() > 1e-9) else {
            continue;
        };
        let x = v[p];
        v.iter_mut().for_each(|a| *a /= x);
        v[p] = 1.0;
        for (_, z) in zb.iter_mut() {
            let y = z[p];
            if y != 0.0 {
                for (a, b) in z.iter_mut().zip(&v) {
                    *a -= y * b;
                }
                z[p] = 0.0;
            }
        }
        zb.push((p, v));
    }
    // a small Z removes few rows but its projection fills the columns in (n = 7, a 4-link
    // chain: rank 4 of 127 rows, the LP 3–7× slower than unreduced): then no reduction; and
    // from n = SPARSE_FIRST_FROM_N on, constraints the reduction does not absorb are left to
    // `microlp` (n = 7, `I(A;F) <= I(A;F|G) + H(D,A)` given C → A → B → E: the unreduced
    // dense simplex needs 1 156 pivots, ~6× `microlp`'s time)
    if zb.len() * 8 < m {
        if n >= SPARSE_FIRST_FROM_N && !cons.is_empty() {
            return Reduced::Undecided;
        }
        zb.clear();
        e0.iter_mut().for_each(|x| *x = false);
        recognized.iter_mut().for_each(|x| *x = false);
    }
    let forced = |l: &Col| match *l {
        Col::Elem(i) => e0[i],
        Col::Cons(i, _) => recognized[i],
    };
    let mut pivot = vec![false; m];
    for (p, _) in &zb {
        pivot[*p] = true;
    }
    let keep: Vec<usize> = (0..m).filter(|&q| !pivot[q]).collect();
    let project = |mut v: Vec<f64>| -> Vec<f64> {
        reduce(&mut v, &zb);
        keep.iter().map(|&q| v[q]).collect()
    };
    let mut rcols: Vec<Vec<f64>> = Vec::new();
    let mut rlay: Vec<usize> = Vec::new(); // index into `layout`
    for (j, l) in layout.iter().enumerate() {
        if forced(l) {
            continue;
        }
        let w = project(col_f(*l));
        if w.iter().all(|x| x.abs() < 1e-12) {
            continue;
        }
        rcols.push(w);
        rlay.push(j);
    }
    let rb = project(bf.clone());
    let Some(r) = lp::phase1::<f64>(&rcols, &rb, 20_000) else {
        return Reduced::Undecided;
    };
    if dbg {
        eprintln!(
            "reduced float LP: {} forced elementals, {} rows, {} columns, {} pivots, {}, {:.2} ms",
            e0.iter().filter(|x| **x).count(),
            keep.len(),
            rcols.len(),
            r.pivots,
            if r.w < 1e-7 { "feasible" } else { "infeasible" },
            t0.elapsed().as_secs_f64() * 1e3
        );
    }
    if r.w >= 1e-7 {
        return Reduced::Infeasible;
    }
    let mut support: Vec<usize> = r
        .basis
        .iter()
        .zip(&r.x)
        .filter(|(c, v)| **c < rcols.len() && **v > 1e-9)
        .map(|(c, _)| rlay[*c])
        .collect();
    let mut xs: Vec<f64> = r
        .basis
        .iter()
        .zip(&r.x)
        .filter(|(c, v)| **c < rcols.len() && **v > 1e-9)
        .map(|(_, v)| *v)
        .collect();
    let mut basic: Vec<usize> = Vec::new();
    if !zb.is_empty() || layout.iter().any(|l| matches!(l, Col::Cons(..))) {
        // 2. the unreduced LP on the support, the forced elementals and the constraints
        let sub: Vec<usize> = (0..layout.len())
            .filter(|&j| {
                support.contains(&j) || forced(&layout[j]) || matches!(layout[j], Col::Cons(..))
            })
            .collect();
        let cols: Vec<Vec<f64>> = sub.iter().map(|&j| col_f(layout[j])).collect();
        let Some(r2) = lp::phase1::<f64>(&cols, &bf, 20_000) else {
            return Reduced::Undecided;
        };
        if dbg {
            eprintln!(
                "restricted float LP: {} columns, {} pivots, {:.2} ms",
                cols.len(),
                r2.pivots,
                t0.elapsed().as_secs_f64() * 1e3
            );
        }
        if r2.w >= 1e-7 {
            return Reduced::Undecided;
        }
        let pos = |(c, v): (&usize, &f64)| *c < cols.len() && *v > 1e-9;
        support = r2
            .basis
            .iter()
            .zip(&r2.x)
            .filter(|p| pos(*p))
            .map(|(c, _)| sub[*c])
            .collect();
        xs = r2
            .basis
            .iter()
            .zip(&r2.x)
            .filter(|p| pos(*p))
            .map(|(_, v)| *v)
            .collect();
        basic = r2
            .basis
            .iter()
            .filter(|c| **c < cols.len())
            .map(|c| sub[*c])
            .collect();
    }
    let method = "float simplex (reduced by the constraints), exact check";
    // 3. exact: the float multipliers rounded to small denominators …
    for den in [1i64, 2, 3, 4, 6, 12, 60, 840] {
        let x: Vec<(usize, Q)> = support
            .iter()
            .zip(&xs)
            .map(|(&j, v)| {
                (
                    j,
                    Q::new(((v * den as f64).round() as i64).into(), den.into()),
                )
            })
            .collect();
        let p = to_proof(elems, cons, goal, layout, &x, method);
        if verify_proof(n, elems, cons, &p) {
            if dbg {
                eprintln!(
                    "rounded multipliers (1/{den}) check: {:.2} ms",
                    t0.elapsed().as_secs_f64() * 1e3
                );
            }
            return Reduced::Decided(Decision::Proof(p));
        }
    }
    // … else re-solved exactly on the support, then on the whole basis
    for cols in [support, basic] {
        if cols.is_empty() {
            continue;
        }
        let dense: Vec<Vec<Q>> = cols
            .iter()
            .map(|&j| dense_col(m, elems, cons, layout[j]))
            .collect();
        let rows: Vec<Vec<Q>> = (0..m)
            .map(|i| dense.iter().map(|c| c[i].clone()).collect())
            .collect();
        if let Some(x) = lp::solve_exact(rows, goal.to_vec()) {
            let x: Vec<(usize, Q)> = cols.iter().copied().zip(x).collect();
            let p = to_proof(elems, cons, goal, layout, &x, method);
            if verify_proof(n, elems, cons, &p) {
                if dbg {
                    eprintln!(
                        "exact re-solve ({} columns): {:.2} ms",
                        cols.len(),
                        t0.elapsed().as_secs_f64() * 1e3
                    );
                }
                return Reduced::Decided(Decision::Proof(p));
            }
        }
    }
    Reduced::Inexact
}

/// What the sparse proposer ends with.
enum Sparse {
    Decided(Decision),
    /// The float LP finds no multipliers (asked to stop there).
    Infeasible,
    /// No certified answer: the dense simplex goes on.
    Undecided,
}

#[allow(clippy::too_many_arguments)]
fn decide_sparse_opt(
    n: usize,
    elems: &[Elemental],
    cons: &[Constraint],
    goal: &[Q],
    layout: &[Col],
    dbg: bool,
    stop_if_infeasible: bool,
) -> Result<Option<Decision>, ()> {
    let m = (1usize << n) - 1;
    let t0 = Instant::now();
    let f = crate::num::q_to_f64;
    let sparse = |v: &[Q]| -> lp::SparseVec {
        v.iter()
            .enumerate()
            .filter(|(_, c)| !c.is_zero())
            .map(|(i, c)| (i, f(c)))
            .collect()
    };
    let elem_rows: Vec<lp::SparseVec> = elems
        .iter()
        .map(|e| {
            e.terms
                .iter()
                .map(|(mask, c)| (*mask as usize - 1, f64::from(*c)))
                .collect()
        })
        .collect();
    // columns: every elemental (≥ 0), every constraint once (free if an equality)
    let mut cols: Vec<(lp::SparseVec, bool)> = Vec::new();
    let mut col_of: Vec<usize> = Vec::new(); // index into `layout`
    for (j, l) in layout.iter().enumerate() {
        match *l {
            Col::Elem(i) => cols.push((elem_rows[i].clone(), false)),
            Col::Cons(i, false) => cols.push((sparse(&cons[i].vec), cons[i].eq)),
            Col::Cons(_, true) => continue,
        }
        col_of.push(j);
    }
    let bf: Vec<f64> = goal.iter().map(f).collect();
    let out = lp::sparse_multipliers(m, &cols, &bf, SPARSE_LIMIT);
    if dbg {
        eprintln!(
            "microlp multipliers: {}, {:.1} ms",
            match &out {
                lp::SparseOutcome::Feasible(_) => "feasible",
                lp::SparseOutcome::Infeasible => "infeasible",
                lp::SparseOutcome::Failed => "failed",
            },
            t0.elapsed().as_secs_f64() * 1e3
        );
    }
    match out {
        lp::SparseOutcome::Feasible(x) => {
            let support: Vec<usize> = (0..cols.len()).filter(|&j| x[j].abs() > 1e-9).collect();
            let scols: Vec<Vec<Q>> = support
                .iter()
                .map(|&j| dense_col(m, elems, cons, layout[col_of[j]]))
                .collect();
            let rows: Vec<Vec<Q>> = (0..m)
                .map(|i| scols.iter().map(|c| c[i].clone()).collect())
                .collect();
            let Some(sol) = lp::solve_exact(rows, goal.to_vec()) else {
                return Ok(None);
            };
            let xs: Vec<(usize, Q)> = support.iter().map(|&j| col_of[j]).zip(sol).collect();
            let p = to_proof(
                elems,
                cons,
                goal,
                layout,
                &xs,
                "sparse float simplex (microlp), exact rational re-solve on its support",
            );
            if dbg {
                eprintln!(
                    "exact re-solve ({} columns): {:.1} ms",
                    support.len(),
                    t0.elapsed().as_secs_f64() * 1e3
                );
            }
            Ok(verify_proof(n, elems, cons, &p).then_some(Decision::Proof(p)))
        }
        lp::SparseOutcome::Infeasible if stop_if_infeasible => Err(()),
        lp::SparseOutcome::Infeasible => {
            let mut rows: Vec<(lp::SparseVec, bool)> =
                elem_rows.iter().map(|r| (r.clone(), false)).collect();
            rows.extend(cons.iter().map(|c| (sparse(&c.vec), c.eq)));
            let Some(h) = lp::sparse_point(m, &rows, &bf, SPARSE_LIMIT) else {
                return Ok(None);
            };
            if dbg {
                eprintln!("microlp point: {:.1} ms", t0.elapsed().as_secs_f64() * 1e3);
            }
            for hq in rationalize(&h) {
                if verify_point(elems, cons, goal, &hq) {
                    return Ok(Some(Decision::Point(Point {
                        h: hq,
                        method: "sparse float simplex (microlp) point, rationalised, exact check",
                    })));
                }
            }
            // exact re-solve on the rows tight at the float point, with goal·h = −1
            let scale = h.iter().fold(1e-300f64, |a, v| a.max(v.abs()));
            let tight = |r: &lp::SparseVec| {
                r.iter().map(|&(i, c)| c * h[i]).sum::<f64>().abs() <= 1e-7 * scale
            };
            let mut mrows: Vec<Vec<Q>> = Vec::new();
            let mut rhs: Vec<Q> = Vec::new();
            for (e, r) in elems.iter().zip(&elem_rows) {
                if tight(r) {
                    let mut v = vec![Q::zero(); m];
                    for (mask, c) in &e.terms {
                        v[*mask as usize - 1] = Q::from_integer((*c).into());
                    }
                    mrows.push(v);
                    rhs.push(Q::zero());
                }
            }
            for c in cons {
                if c.eq || tight(&sparse(&c.vec)) {
                    mrows.push(c.vec.clone());
                    rhs.push(Q::zero());
                }
            }
            for (i, v) in h.iter().enumerate() {
                if v.abs() <= 1e-7 * scale {
                    let mut row = vec![Q::zero(); m];
                    row[i] = Q::one();
                    mrows.push(row);
                    rhs.push(Q::zero());
                }
            }
            mrows.push(goal.to_vec());
            rhs.push(-Q::one());
            let Some(hq) = lp::solve_exact(mrows, rhs) else {
                return Ok(None);
            };
            Ok(
                verify_point(elems, cons, goal, &hq).then_some(Decision::Point(Point {
                    h: hq,
                    method:
                        "sparse float simplex (microlp) point, exact re-solve on its tight rows",
                })),
            )
        }
        lp::SparseOutcome::Failed => Ok(None),
    }
}

/// Decide `goal ≥ 0` over the polymatroids satisfying `cons`.
pub fn decide(n: usize, elems: &[Elemental], cons: &[Constraint], goal: &[Q]) -> Decision {
    decide_searching(n, elems, cons, goal, None).0
}

/// [`decide`], and with `Some(budget)`: a short search for a refuting
/// distribution first (at most 2 000 assignments), and once the float LP finds no
/// multipliers, look for a refuting distribution ([`search::find`]) *before*
/// computing a polymatroid point; a distribution found gives the point (its
/// entropy vector in bits, checked exactly like any other point). Returns
/// the decision, the distribution, and whether the search ran.
pub fn decide_searching(
    n: usize,
    elems: &[Elemental],
    cons: &[Constraint],
    goal: &[Q],
    search_budget: Option<u64>,
) -> (Decision, Option<search::Dist>, bool) {
    let search = |budget: u64| -> Option<(Decision, search::Dist)> {
        let cv: Vec<(Vec<Q>, bool)> = cons.iter().map(|c| (c.vec.clone(), c.eq)).collect();
        let d = search::find(n, goal, &cv, budget)?;
        let h: Vec<Q> = d.h.iter().map(|x| Q::from_integer((*x).into())).collect();
        if !verify_point(elems, cons, goal, &h) {
            return None;
        }
        let point = Point {
            h,
            method: "entropy vector (bits) of the counterexample distribution, exact check",
        };
        Some((Decision::Point(point), d))
    };
    // a short search first: most false claims fall to a one- or two-bit distribution,
    // found faster than the LP can say "no multipliers"
    // (up to SMALL_N variables the LP costs a few µs, less than the short search: no search
    // before it there)
    if let Some(budget) = search_budget.filter(|_| n > SMALL_N) {
        if let Some((d, dist)) = search(budget.min(PRE_SEARCH_BUDGET)) {
            return (d, Some(dist), true);
        }
    }
    match decide_inner(n, elems, cons, goal, search_budget.is_some()) {
        Inner::Done(d) => (d, None, false),
        Inner::NoMultipliers => {
            // the searched distributions are GF(2)-linear, so their entropy vectors obey
            // Ingleton: when Shannon + Ingleton (+ constraints) prove the claim, no
            // searched distribution can refute it, and the search is skipped
            let hopeless = search_budget.is_some() && ingleton_implies(n, elems, cons, goal);
            if !hopeless {
                if let Some((d, dist)) = search(search_budget.unwrap_or(0)) {
                    return (d, Some(dist), true);
                }
            }
            match decide_inner(n, elems, cons, goal, false) {
                Inner::Done(d) => (d, None, true),
                Inner::NoMultipliers => unreachable!("decide_inner without a stop always decides"),
            }
        }
    }
}

/// Assignments the distribution search tries before the LP (see [`decide_searching`]).
const PRE_SEARCH_BUDGET: u64 = 2_000;

/// Up to this many variables (≤ 28 elementals) the LP takes a few µs, less
/// than the short search over a true claim's ≤ 641 assignments (and, in a
/// fresh process, the first touch of the search's code and tables): the LP
/// goes first, the search only runs once it finds no certified multipliers.
const SMALL_N: usize = 4;

/// Whether the elemental inequalities, the Ingleton inequalities
/// `I(i;j) ≤ I(i;j|k) + I(i;j|l) + I(k;l)` over single variables, and the
/// constraints prove `goal ≥ 0` — exactly ([`verify_proof`] on the combined
/// system; floats only propose). Every distribution [`search::find`] tries is
/// GF(2)-linear, and the entropy vector of linear variables obeys every
/// Ingleton inequality, so when this holds the search cannot find a refutation
/// and is skipped. `false` when not shown (then the search runs as before).
pub fn ingleton_implies(n: usize, elems: &[Elemental], cons: &[Constraint], goal: &[Q]) -> bool {
    if !(4..=6).contains(&n) {
        return false;
    }
    let m = (1usize << n) - 1;
    // I(A;B|C) as a dense vector, masks A, B, C disjoint
    let cmi = |a: u32, b: u32, c: u32, k: i64, v: &mut [Q]| {
        for (mask, sgn) in [(a | c, 1), (b | c, 1), (a | b | c, -1), (c, -1)] {
            if mask != 0 {
                v[mask as usize - 1] += Q::from_integer((sgn * k).into());
            }
        }
    };
    let mut extra: Vec<Constraint> = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            for k in 0..n {
                for l in k + 1..n {
                    if [i, j].contains(&k) || [i, j].contains(&l) {
                        continue;
                    }
                    let (bi, bj, bk, bl) = (1u32 << i, 1u32 << j, 1u32 << k, 1u32 << l);
                    let mut v = vec![Q::zero(); m];
                    cmi(bi, bj, bk, 1, &mut v);
                    cmi(bi, bj, bl, 1, &mut v);
                    cmi(bk, bl, 0, 1, &mut v);
                    cmi(bi, bj, 0, -1, &mut v);
                    extra.push(Constraint {
                        text: "Ingleton".into(),
                        vec: v,
                        eq: false,
                    });
                }
            }
        }
    }
    let all: Vec<Constraint> = cons.iter().cloned().chain(extra).collect();
    matches!(
        decide_inner(n, elems, &all, goal, true),
        Inner::Done(Decision::Proof(_))
    )
}

/// What [`decide_inner`] ends with.
enum Inner {
    Done(Decision),
    /// `stop_if_infeasible` was set and the sparse float LP found no multipliers.
    NoMultipliers,
}

fn decide_inner(
    n: usize,
    elems: &[Elemental],
    cons: &[Constraint],
    goal: &[Q],
    stop_if_infeasible: bool,
) -> Inner {
    let m = (1usize << n) - 1;
    let mut layout: Vec<Col> = (0..elems.len()).map(Col::Elem).collect();
    for (i, c) in cons.iter().enumerate() {
        layout.push(Col::Cons(i, false));
        if c.eq {
            layout.push(Col::Cons(i, true));
        }
    }
    let dbg = std::env::var_os("INFOCERT_PROVE_DEBUG").is_some();
    // 0. the reduced dense float LP, its proposal checked exactly
    // (a float "feasible" whose multipliers fail the exact check counts as "none found" for
    // small n: e.g. a claim missing a true one by 1e-12, which a one-bit distribution refutes
    // faster than the exact fallbacks below decide it)
    let reduced_infeasible = match decide_reduced(n, elems, cons, goal, &layout, dbg) {
        Reduced::Decided(d) => return Inner::Done(d),
        Reduced::Infeasible => true,
        Reduced::Inexact => n <= SMALL_N,
        Reduced::Undecided => false,
    };
    if reduced_infeasible && stop_if_infeasible {
        return Inner::NoMultipliers;
    }
    // 0b. sparse float proposal (microlp), re-solved and checked exactly: first from
    // n = SPARSE_FIRST_FROM_N on; below, the dense simplex is faster (≤ 2 ms) and goes first
    let sparse_first = n >= SPARSE_FIRST_FROM_N;
    if sparse_first {
        match decide_sparse(n, elems, cons, goal, &layout, dbg, stop_if_infeasible) {
            Sparse::Decided(d) => return Inner::Done(d),
            Sparse::Infeasible => return Inner::NoMultipliers,
            Sparse::Undecided => {}
        }
    }
    // the dense columns (built only now: 1 800 × 255 rationals at n = 8)
    let colsq: Vec<Vec<Q>> = layout
        .iter()
        .map(|l| dense_col(m, elems, cons, *l))
        .collect();
    let to_proof = |x: &[(usize, Q)], method| to_proof(elems, cons, goal, &layout, x, method);
    // 1. dense float proposal
    let colsf: Vec<Vec<f64>> = colsq
        .iter()
        .map(|c| c.iter().map(crate::num::q_to_f64).collect())
        .collect();
    let bf: Vec<f64> = goal.iter().map(crate::num::q_to_f64).collect();
    let t0 = Instant::now();
    let fl = lp::phase1::<f64>(&colsf, &bf, 20_000);
    if dbg {
        eprintln!(
            "float phase 1: {:?} pivots, {:.1} ms",
            fl.as_ref().map(|r| r.pivots),
            t0.elapsed().as_secs_f64() * 1e3
        );
    }
    if let Some(r) = fl {
        let ncols = colsq.len();
        if r.w < 1e-7 {
            // the support of the float solution first (small), then the whole basis
            let support: Vec<usize> = r
                .basis
                .iter()
                .zip(&r.x)
                .filter(|(c, v)| **c < ncols && **v > 1e-9)
                .map(|(c, _)| *c)
                .collect();
            let basic: Vec<usize> = r.basis.iter().copied().filter(|&c| c < ncols).collect();
            for cols in [support, basic] {
                let rows: Vec<Vec<Q>> = (0..m)
                    .map(|i| cols.iter().map(|&c| colsq[c][i].clone()).collect())
                    .collect();
                let x = lp::solve_exact(rows, goal.to_vec());
                if dbg {
                    eprintln!(
                        "exact re-solve ({} columns): {:.1} ms",
                        cols.len(),
                        t0.elapsed().as_secs_f64() * 1e3
                    );
                }
                if let Some(x) = x {
                    let p = to_proof(
                        &cols.iter().copied().zip(x).collect::<Vec<_>>(),
                        "float simplex basis, exact rational re-solve",
                    );
                    if verify_proof(n, elems, cons, &p) {
                        return Inner::Done(Decision::Proof(p));
                    }
                }
            }
        } else {
            let hf: Vec<f64> = r.u.iter().map(|v| -v).collect();
            for h in rationalize(&hf) {
                if verify_point(elems, cons, goal, &h) {
                    return Inner::Done(Decision::Point(Point {
                        h,
                        method: "float simplex dual, rationalised, exact check",
                    }));
                }
            }
            // exact dual from the basis: B^T u' = c_B in flipped signs ⇔ col_j·u = cost_j (original signs)
            let mut rows = Vec::new();
            let mut rhs = Vec::new();
            for &c in &r.basis {
                if c < ncols {
                    rows.push(colsq[c].clone());
                    rhs.push(Q::zero());
                } else {
                    let i = c - ncols;
                    let mut row = vec![Q::zero(); m];
                    // artificial of row i, in flipped sign s_i: s_i·u_i = 1
                    let s = if goal[i].is_negative() {
                        -Q::one()
                    } else {
                        Q::one()
                    };
                    row[i] = s;
                    rows.push(row);
                    rhs.push(Q::one());
                }
            }
            if let Some(u) = lp::solve_exact(rows, rhs) {
                let h: Vec<Q> = u.iter().map(|v| -v).collect();
                if verify_point(elems, cons, goal, &h) {
                    return Inner::Done(Decision::Point(Point {
                        h,
                        method: "float simplex basis, exact dual re-solve",
                    }));
                }
            }
        }
    }
    // 1b. below SPARSE_FIRST_FROM_N the sparse proposer comes second
    if !sparse_first {
        match decide_sparse(n, elems, cons, goal, &layout, dbg, false) {
            Sparse::Decided(d) => return Inner::Done(d),
            Sparse::Infeasible | Sparse::Undecided => {}
        }
    }
    // 2. exact rational simplex (Bland's rule)
    let r = lp::phase1::<Q>(&colsq, goal, usize::MAX).expect("Bland's rule terminates");
    let ncols = colsq.len();
    if r.w.is_zero() {
        let x: Vec<(usize, Q)> = r
            .basis
            .iter()
            .zip(&r.x)
            .filter(|(c, _)| **c < ncols)
            .map(|(c, v)| (*c, v.clone()))
            .collect();
        let p = to_proof(&x, "exact rational simplex (Bland's rule)");
        assert!(
            verify_proof(n, elems, cons, &p),
            "exact simplex proof failed its check"
        );
        Inner::Done(Decision::Proof(p))
    } else {
        let h: Vec<Q> = r.u.iter().map(|v| -v).collect();
        assert!(
            verify_point(elems, cons, goal, &h),
            "exact simplex point failed its check"
        );
        Inner::Done(Decision::Point(Point {
            h,
            method: "exact rational simplex (Bland's rule)",
        }))
    }
}

/// The verdict on a claim.
#[derive(Debug, Clone)]
pub enum Verdict {
    /// Every goal proved.
    Proved(Vec<Proof>),
    /// A goal refuted: by a distribution, or (n ≤ 3, no constraints) by a polymatroid point.
    Refuted {
        /// Which goal.
        goal: usize,
        /// The certified polymatroid point.
        point: Point,
        /// The distribution, if found.
        dist: Option<search::Dist>,
    },
    /// A polymatroid violates it, no distribution found.
    NotShannon {
        /// Which goal.
        goal: usize,
        /// The certified polymatroid point.
        point: Point,
    },
}

/// The full result.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The problem.
    pub problem: Problem,
    /// Elemental inequalities used as the basis.
    pub elems: Vec<Elemental>,
    /// The verdict.
    pub verdict: Verdict,
    /// Wall time in seconds.
    pub seconds: f64,
}

impl Outcome {
    /// Exit code: 0 proved, 1 refuted, 5 not provable from Shannon-type inequalities.
    pub fn exit_code(&self) -> u8 {
        match self.verdict {
            Verdict::Proved(_) => 0,
            Verdict::Refuted { .. } => 1,
            Verdict::NotShannon { .. } => 5,
        }
    }
}

/// Assignments the distribution search tries before "not Shannon-provable".
const SEARCH_BUDGET: u64 = 300_000;

/// Parse and decide a claim under `given` constraints.
///
/// ```
/// use infocert::prove::{prove, Verdict};
/// let o = prove("I(X;Z) <= I(X;Y)", &["X -> Y -> Z".to_string()]).unwrap();
/// assert!(matches!(o.verdict, Verdict::Proved(_)));
/// assert_eq!(o.exit_code(), 0);
/// ```
pub fn prove(claim: &str, given: &[String]) -> Result<Outcome, InputError> {
    prove_declared(claim, given, None)
}

/// [`prove`] with the variables declared up front (`--vars`): exactly these,
/// in this order; any other name is an input error.
pub fn prove_declared(
    claim: &str,
    given: &[String],
    declared: Option<&[String]>,
) -> Result<Outcome, InputError> {
    let t0 = Instant::now();
    let problem = Problem::parse_declared(claim, given, declared)?;
    let n = problem.n();
    let elems = elementals(n);
    let cons = &problem.constraints;
    if !cons.is_empty() {
        // constraints forcing h(N) ≤ 0 leave only constant variables
        let m = (1usize << n) - 1;
        let mut g = vec![Q::zero(); m];
        g[m - 1] = -Q::one();
        // a small distribution with h(N) > 0 satisfying them settles it quickly; else the LP
        let cv: Vec<(Vec<Q>, bool)> = cons.iter().map(|c| (c.vec.clone(), c.eq)).collect();
        if search::find(n, &g, &cv, 5_000).is_none()
            && matches!(decide(n, &elems, cons, &g), Decision::Proof(_))
        {
            return Err(InputError(
                "--given: the constraints contradict each other: they force every entropy to 0 (all variables constant)"
                    .into(),
            ));
        }
    }
    let mut proofs = Vec::new();
    let mut verdict = None;
    for (gi, goal) in problem.goals().iter().enumerate() {
        match decide_searching(n, &elems, cons, goal, Some(SEARCH_BUDGET)) {
            (Decision::Proof(p), _, _) => proofs.push(p),
            (Decision::Point(point), dist, searched) => {
                let dist = if searched {
                    dist
                } else {
                    let cv: Vec<(Vec<Q>, bool)> =
                        cons.iter().map(|c| (c.vec.clone(), c.eq)).collect();
                    search::find(n, goal, &cv, SEARCH_BUDGET)
                };
                verdict = Some(if dist.is_some() || (n <= 3 && cons.is_empty()) {
                    Verdict::Refuted {
                        goal: gi,
                        point,
                        dist,
                    }
                } else {
                    Verdict::NotShannon { goal: gi, point }
                });
                break;
            }
        }
    }
    let verdict = verdict.unwrap_or(Verdict::Proved(proofs));
    Ok(Outcome {
        problem,
        elems,
        verdict,
        seconds: t0.elapsed().as_secs_f64(),
    })
}

fn qs(q: &Q) -> String {
    q.to_string()
}

fn vec_json(v: &[Q], vars: &Vars) -> Value {
    let mut o = serde_json::Map::new();
    for (i, c) in v.iter().enumerate() {
        if !c.is_zero() {
            o.insert(vars.set_name(i as u32 + 1), json!(qs(c)));
        }
    }
    Value::Object(o)
}

fn lin_value(l: &Lin, h: &[u32]) -> Q {
    l.t.iter().fold(Q::zero(), |a, (m, c)| {
        a + c * Q::from_integer(h[*m as usize - 1].into())
    })
}

fn bits_and_nats(v: &Q) -> String {
    let lf = crate::exact::LogForm::c_ln(v, &Q::from_integer(2.into()));
    let nats = if lf.is_zero() {
        "0".to_string()
    } else {
        lf.display(crate::exact::Base::E)
    };
    format!("{v} bit{} = {nats} nats", if v.is_one() { "" } else { "s" })
}

fn point_text(h: &[Q], vars: &Vars) -> String {
    h.iter()
        .enumerate()
        .map(|(i, v)| format!("h({})={}", vars.set_name(i as u32 + 1), v))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Outcome {
    fn sides(&self) -> (String, String) {
        let t = &self.problem.claim.text;
        for op in ["<=", ">=", "≤", "≥", "="] {
            if let Some(p) = t.find(op) {
                return (
                    t[..p].trim().to_string(),
                    t[p + op.len()..].trim().to_string(),
                );
            }
        }
        (t.clone(), "0".into())
    }

    /// The human-readable report.
    pub fn text(&self) -> String {
        let p = &self.problem;
        let vars = &p.vars;
        let mut s = String::new();
        let given = if p.given.is_empty() {
            String::new()
        } else {
            format!("  given: {}\n", p.given.join("; "))
        };
        match &self.verdict {
            Verdict::Proved(proofs) => {
                s += &format!(
                    "proved (Shannon-type, exact certificate): {}\n{given}",
                    p.claim.text
                );
                for (gi, pr) in proofs.iter().enumerate() {
                    let dir = if proofs.len() == 2 {
                        if gi == 0 {
                            "  lhs − rhs"
                        } else {
                            "  rhs − lhs"
                        }
                    } else {
                        "  slack"
                    };
                    if pr.goal.iter().all(|c| c.is_zero()) {
                        s += &format!("{dir} = 0 identically (equal coefficient vectors over the joint entropies)\n");
                        continue;
                    }
                    s += &format!("{dir} =");
                    let mut first = true;
                    for (e, l) in self.elems.iter().zip(&pr.lambda) {
                        if !l.is_zero() {
                            s += &format!(
                                "{}{}·{}",
                                if first { " " } else { " + " },
                                l,
                                e.text(vars)
                            );
                            first = false;
                        }
                    }
                    for (c, u) in p.constraints.iter().zip(&pr.mu) {
                        if !u.is_zero() {
                            let sign = match (first, u.is_negative()) {
                                (true, false) => " ",
                                (true, true) => " −",
                                (false, false) => " + ",
                                (false, true) => " − ",
                            };
                            s += &format!("{sign}{}·[{}]", u.abs(), c.text);
                            first = false;
                        }
                    }
                    s += &format!(
                        "\n      (each term ≥ 0 or = 0; checked exactly; {})\n",
                        pr.method
                    );
                }
            }
            Verdict::Refuted { point, dist, .. } => {
                let (ls, rs) = self.sides();
                match dist {
                    Some(d) => {
                        let vdesc: Vec<String> = (0..p.n())
                            .map(|i| format!("{} = {}", vars.names[i], d.describe_var(i)))
                            .collect();
                        let bits: Vec<String> = (1..=d.bits).map(|t| format!("B{t}")).collect();
                        s += &format!(
                            "refuted (counterexample distribution: {} independent uniform bit{}; {}): {}\n{given}",
                            bits.join(", "),
                            if d.bits == 1 { "" } else { "s" },
                            vdesc.join(", "),
                            p.claim.text
                        );
                        s += &format!(
                            "  {ls} = {}\n",
                            bits_and_nats(&lin_value(&p.claim.lhs, &d.h))
                        );
                        s += &format!(
                            "  {rs} = {}\n",
                            bits_and_nats(&lin_value(&p.claim.rhs, &d.h))
                        );
                        s += "  (exact: every H(S) is an integer number of bits, the rank of the XOR forms)\n";
                    }
                    None => {
                        s += &format!(
                            "refuted (polymatroid point {}; for n ≤ 3 every polymatroid is a limit of entropic vectors): {}\n",
                            point_text(&point.h, vars),
                            p.claim.text
                        );
                    }
                }
            }
            Verdict::NotShannon { point, .. } => {
                s += &format!(
                    "not provable from Shannon-type inequalities (polymatroid point {}, no distribution found): {}\n{given}",
                    point_text(&point.h, vars),
                    p.claim.text
                );
                s += "  (not a refutation: the claim may still hold for every distribution, e.g. a non-Shannon inequality)\n";
            }
        }
        s += &format!(
            "  n = {}, {} elemental inequalities, decided in {:.2} ms\n",
            p.n(),
            self.elems.len(),
            self.seconds * 1e3
        );
        s
    }

    /// The certificate (also the `--json` output).
    pub fn certificate(&self) -> Value {
        let p = &self.problem;
        let vars = &p.vars;
        let m = (1usize << p.n()) - 1;
        let goals = p.goals();
        let cons: Vec<Value> = p
            .constraints
            .iter()
            .map(|c| json!({"text": c.text, "kind": if c.eq {"eq"} else {"ge"}, "vector": vec_json(&c.vec, vars)}))
            .collect();
        let elem_json = |e: &Elemental| {
            let cond: Vec<&str> = (0..p.n())
                .filter(|t| e.k >> t & 1 == 1)
                .map(|t| vars.names[t].as_str())
                .collect();
            match e.j {
                None => {
                    json!({"kind": "H", "i": vars.names[e.i], "cond": cond, "text": e.text(vars)})
                }
                Some(j) => {
                    json!({"kind": "I", "i": vars.names[e.i], "j": vars.names[j], "cond": cond, "text": e.text(vars)})
                }
            }
        };
        let mut out = json!({
            "format": "infocert-shannon-certificate/1",
            "claim": p.claim.text,
            "given": p.given,
            "variables": vars.names,
            "coordinates": (1..=m).map(|i| vars.set_name(i as u32)).collect::<Vec<_>>(),
            "lhs": vec_json(&dense(&p.claim.lhs, m), vars),
            "rhs": vec_json(&dense(&p.claim.rhs, m), vars),
            "relation": match p.claim.rel { Rel::Le => "<=", Rel::Ge => ">=", Rel::Eq => "=" },
            "constraints": cons,
            "elemental_count": self.elems.len(),
        });
        let o = out.as_object_mut().expect("object");
        match &self.verdict {
            Verdict::Proved(proofs) => {
                o.insert("verdict".into(), json!("proved"));
                o.insert(
                    "wording".into(),
                    json!("proved (Shannon-type, exact certificate)"),
                );
                let gs: Vec<Value> = proofs
                    .iter()
                    .map(|pr| {
                        let el: Vec<Value> = self
                            .elems
                            .iter()
                            .zip(&pr.lambda)
                            .filter(|(_, l)| !l.is_zero())
                            .map(|(e, l)| {
                                let mut v = elem_json(e);
                                v["multiplier"] = json!(qs(l));
                                v
                            })
                            .collect();
                        let cm: Vec<Value> = pr
                            .mu
                            .iter()
                            .enumerate()
                            .filter(|(_, u)| !u.is_zero())
                            .map(|(i, u)| json!({"index": i, "multiplier": qs(u)}))
                            .collect();
                        json!({"vector": vec_json(&pr.goal, vars), "elemental": el, "constraints": cm, "method": pr.method})
                    })
                    .collect();
                o.insert("goals".into(), Value::Array(gs));
            }
            Verdict::Refuted { goal, point, .. } | Verdict::NotShannon { goal, point } => {
                let refuted = matches!(self.verdict, Verdict::Refuted { .. });
                o.insert(
                    "verdict".into(),
                    json!(if refuted {
                        "refuted"
                    } else {
                        "not_shannon_provable"
                    }),
                );
                o.insert("goal".into(), vec_json(&goals[*goal], vars));
                o.insert("point".into(), vec_json(&point.h, vars));
                o.insert("method".into(), json!(point.method));
                if let Some(d) = dist_of(&self.verdict) {
                    let forms: serde_json::Map<String, Value> = (0..p.n())
                        .map(|i| (vars.names[i].clone(), json!(d.forms[i])))
                        .collect();
                    let h: Vec<Q> = d.h.iter().map(|x| Q::from_integer((*x).into())).collect();
                    o.insert(
                        "distribution".into(),
                        json!({
                            "bits": d.bits,
                            "forms": forms,
                            "description": (0..p.n()).map(|i| format!("{} = {}", vars.names[i], d.describe_var(i))).collect::<Vec<_>>(),
                            "entropies_bits": vec_json(&h, vars),
                            "lhs_bits": qs(&lin_value(&p.claim.lhs, &d.h)),
                            "rhs_bits": qs(&lin_value(&p.claim.rhs, &d.h)),
                        }),
                    );
                    o.insert(
                        "wording".into(),
                        json!("refuted (counterexample distribution)"),
                    );
                } else if refuted {
                    o.insert(
                        "wording".into(),
                        json!("refuted (polymatroid point, n <= 3 without constraints)"),
                    );
                } else {
                    o.insert(
                        "wording".into(),
                        json!("not provable from Shannon-type inequalities (polymatroid point, no distribution found)"),
                    );
                }
            }
        }
        out
    }
}

fn dist_of(v: &Verdict) -> Option<&search::Dist> {
    match v {
        Verdict::Refuted { dist, .. } => dist.as_ref(),
        _ => None,
    }
}

/// Arguments of `infocert prove` (feature `cli`).
#[cfg(feature = "cli")]
#[derive(clap::Args, Debug)]
#[command(after_help = "Three provers:\n\
  Shannon-type inequalities over random variables (LP over Yeung's elemental inequalities, exact certificates):\n\
    H(X), H(X,Y|Z), I(X;Y), I(X,Y;Z|W), rational coefficients, + - *, relations <= >= =;\n\
    --given: Markov chains \"X -> Y -> Z\", independences \"X _|_ Y [| Z]\", linear (in)equalities.\n\
  Identities of the claims language (normal form, every n): \"H(P,Q) = H(P) + KL(P||Q)\".\n\
  Proof files and certificates: proofs/gibbs.proof, proofs/ (every .proof and proofs/lp/*.json).\n\
Exit codes: 0 proved, 1 refuted (a certified counterexample), 2 bad input, 5 not proved\n\
(not provable from Shannon-type inequalities, or not decided by the normal form: never \"false\").")]
pub struct ProveArgs {
    /// The claim, e.g. "I(X;Z) <= I(X;Y)"; or a directory of certificates
    /// (`proofs/lp/`) or one certificate file (`.json`) to check: exit 0
    /// only if every one holds.
    pub claim: String,
    /// Declare the random variables (comma separated, in this order); any
    /// other name in the claim or a constraint is then an error.
    #[arg(long, value_delimiter = ',')]
    pub vars: Option<Vec<String>>,
    /// A constraint (repeatable): "X -> Y -> Z", "X _|_ Y", "I(X;Y|Z) = 0", "H(Y|X) = 0".
    #[arg(long, allow_hyphen_values = true)]
    pub given: Vec<String>,
    /// Write the JSON certificate to this file.
    #[arg(long)]
    pub certificate: Option<std::path::PathBuf>,
    /// Print the certificate JSON instead of the text report.
    #[arg(long)]
    pub json: bool,
}

/// Run `infocert prove`; returns the process exit code.
#[cfg(feature = "cli")]
pub fn run_cli(a: &ProveArgs) -> u8 {
    if a.vars.is_none() {
        if let Some(code) = normal::dispatch(&a.claim, &a.given, a.certificate.as_deref(), a.json) {
            return code;
        }
    }
    let path = std::path::Path::new(&a.claim);
    let looks_like_path = a.claim.ends_with(".json") || a.claim.ends_with('/');
    if looks_like_path && !path.exists() {
        eprintln!(
            "error: no such certificate file or directory: {}",
            path.display()
        );
        return 2;
    }
    if path.is_dir() || (looks_like_path && path.is_file()) {
        if !a.given.is_empty() || a.vars.is_some() || a.certificate.is_some() || a.json {
            eprintln!(
                "error: {} is a certificate path: --given, --vars, --certificate and --json apply to a claim",
                path.display()
            );
            return 2;
        }
        let (text, code) = certfile::check_path(path);
        if code == 2 && text.starts_with("error: ") {
            eprint!("{text}");
        } else {
            print!("{text}");
        }
        return code;
    }
    let vars: Option<Vec<String>> = a.vars.as_ref().map(|v| {
        v.iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    });
    let out = match prove_declared(&a.claim, &a.given, vars.as_deref()) {
        Ok(o) => o,
        Err(InputError(msg)) => {
            eprintln!("error: {msg}");
            return 2;
        }
    };
    let cert = out.certificate();
    if let Some(path) = &a.certificate {
        let text = serde_json::to_string_pretty(&cert).expect("json") + "\n";
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return 2;
        }
    }
    if a.json {
        let mut shown = cert.clone();
        shown["seconds"] = json!(out.seconds);
        println!("{}", serde_json::to_string_pretty(&shown).expect("json"));
    } else {
        print!("{}", out.text());
    }
    out.exit_code()
}
