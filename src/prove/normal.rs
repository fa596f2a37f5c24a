//! Identities of the claims language proved for every `n` by a normal form.
//!
//! Each side of an identity is expanded into an exact linear combination of
//! *terms*: a rational coefficient, indexed sums `Σ_{i,j,…}` over `1..n`, and
//! a product of atoms — entries `P[i]`, `P_XY[i,j]`, `a[i]` (with integer
//! powers), parameters, `n`, `sum(w)`, and logarithms `ln(P[i])`,
//! `ln(P[i] + Q[i])`, `ln(2)` of them. The rewrites, each an identity on the
//! domain stated below:
//!
//! * measures by their definitions (`H(P) = −Σ p ln p`, `H(P,Q) = −Σ p ln q`,
//!   `KL = Σ p ln p − Σ p ln q`, `JSD = ½KL(P‖M) + ½KL(Q‖M)`, `H(X)`,
//!   `H(X,Y)`, `H(X|Y) = −Σ p(x,y) ln(p(x,y)/p(y))`,
//!   `I(X;Y) = Σ p(x,y) ln(p(x,y)/(p(x)p(y)))`, `Chi2 = Σ p²/q − 1`,
//!   `Renyi[k] = ln(Σ p^k q^(1−k))/(k − 1)` for an integer order `k = 2..16`);
//!   mixtures, `P ⊗ Q`, `w/sum(w)`, conditionals `P_{Y|X=x}[y] = P_XY[x,y]/P_X[x]`
//!   and expectations `E[x~D](f) = Σ_x D[x] f` entry by entry;
//! * linearity of sums and products, `x^a·x^b = x^(a+b)` (so `P_X[x]/P_X[x] = 1`);
//! * `ln(c·Π aₖ^eₖ) = ln c + Σ eₖ ln aₖ`, the rational `c` split into primes
//!   (logarithms of primes are linearly independent over ℚ); the logarithm of
//!   a sum (`ln(P[i] + Q[i])`) stays one atom, scaled to a canonical content;
//! * the domain facts `Σ_i P[i] = 1` (distributions, marginals, rows of
//!   kernels), `Σ_j P_XY[i,j] = P_X[i]` (marginalization), `Σ_i a[i] = sum(a)`
//!   and `Σ_i c = n·c`, applied when the summed index occurs only there;
//! * like terms collected with exact rational coefficients, bound indices
//!   renamed canonically, terms sorted.
//!
//! **Domain.** Every rewrite holds on the inputs whose entries are all
//! positive (every logarithm's argument and divisor is then positive, and
//! `|supp(P)| = n`): equal normal forms prove the identity for every `n` there. Inputs with zero entries, where the
//! conventions `0·ln 0 = 0` and `p·ln(p/0) = +∞` apply, are not covered by
//! this proof (the checker's campaigns test them, as evidence).
//!
//! Different normal forms are **not** a refutation: a wrong identity is
//! reported false only with a counterexample certified by the checker.
//!
//! ```
//! use infocert::prove::normal::{prove_identity, NormalOutcome};
//! let out = prove_identity("H(P,Q) = H(P) + KL(P||Q)").unwrap();
//! assert!(matches!(out, NormalOutcome::Proved { .. }));
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};
use serde_json::{json, Value};

use crate::claims::ast::{Alpha, BinOp, Expr, Formula, Func, Kind, Measure, Rel, Var};
use crate::claims::scope::{parse_resolved, Resolved, Scope, Ty};
use crate::num::Q;

/// An index of an entry: a summed index or a literal position (from 1).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ix {
    /// A bound (summed) index.
    B(usize),
    /// A literal index such as `1`.
    Lit(BigInt),
}

/// An atom of the normal form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Atom {
    /// The number of outcomes `n`.
    N,
    /// A scalar parameter (`l`, `λ`).
    Param(String),
    /// `sum(w)` of a vector input.
    Total(String),
    /// An entry `P[i]`, `P_XY[i,j]`, a marginal entry `P_X[i]`.
    Entry(String, Vec<Ix>),
    /// `ln(p)` of a prime (or of an integer without small factors).
    LnInt(BigInt),
    /// The logarithm of a non-constant atom.
    Ln(Box<Atom>),
    /// The logarithm of a sum of terms (no summed index of its own).
    LnPoly(Poly),
    /// `ceil(x)` of an expanded argument (kept whole: no rewrite applies
    /// inside; the lemmas `ceil-ge`, `ceil-lt` of the proof files bound it).
    Ceil(Poly),
}

/// A product of atoms with integer exponents, under indexed sums.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Term {
    /// The summed indices (ids).
    pub bound: Vec<usize>,
    /// The atoms and their exponents (never 0).
    pub mono: BTreeMap<Atom, i64>,
}

/// A linear combination of terms with exact rational coefficients.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Poly(pub BTreeMap<Term, Q>);

/// Why an expression is outside the normal form (the identity is then "not
/// decided by the normal form").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Outside(pub String);

type R<T> = Result<T, Outside>;

fn out<T>(msg: impl Into<String>) -> R<T> {
    Err(Outside(msg.into()))
}

impl Poly {
    fn constant(c: Q) -> Poly {
        let mut m = BTreeMap::new();
        if !c.is_zero() {
            m.insert(
                Term {
                    bound: vec![],
                    mono: BTreeMap::new(),
                },
                c,
            );
        }
        Poly(m)
    }

    fn atom(a: Atom) -> Poly {
        let mut mono = BTreeMap::new();
        mono.insert(a, 1);
        Poly(BTreeMap::from([(
            Term {
                bound: vec![],
                mono,
            },
            Q::one(),
        )]))
    }

    fn add(mut self, other: Poly, sign: &Q) -> Poly {
        for (t, c) in other.0 {
            let e = self.0.entry(t).or_insert_with(Q::zero);
            *e += c * sign;
        }
        self.0.retain(|_, c| !c.is_zero());
        self
    }

    fn scale(self, s: &Q) -> Poly {
        if s.is_zero() {
            return Poly::default();
        }
        Poly(self.0.into_iter().map(|(t, c)| (t, c * s)).collect())
    }

    /// Whether the polynomial is the empty sum.
    pub fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn as_constant(&self) -> Option<Q> {
        match self.0.len() {
            0 => Some(Q::zero()),
            1 => {
                let (t, c) = self.0.iter().next()?;
                (t.bound.is_empty() && t.mono.is_empty()).then(|| c.clone())
            }
            _ => None,
        }
    }
}

fn count_in_ix(ix: &[Ix], b: usize) -> usize {
    ix.iter().filter(|x| **x == Ix::B(b)).count()
}

fn count_atom(a: &Atom, b: usize) -> usize {
    match a {
        Atom::Entry(_, ix) => count_in_ix(ix, b),
        Atom::Ln(x) => count_atom(x, b),
        Atom::LnPoly(p) | Atom::Ceil(p) => {
            p.0.keys()
                .map(|t| t.mono.keys().map(|x| count_atom(x, b)).sum::<usize>())
                .sum()
        }
        _ => 0,
    }
}

fn rename_atom(a: &Atom, map: &BTreeMap<usize, usize>) -> Atom {
    match a {
        Atom::Entry(n, ix) => Atom::Entry(
            n.clone(),
            ix.iter()
                .map(|x| match x {
                    Ix::B(b) => Ix::B(*map.get(b).unwrap_or(b)),
                    l => l.clone(),
                })
                .collect(),
        ),
        Atom::Ln(x) => Atom::Ln(Box::new(rename_atom(x, map))),
        Atom::LnPoly(p) => Atom::LnPoly(rename_poly(p, map)),
        Atom::Ceil(p) => Atom::Ceil(rename_poly(p, map)),
        other => other.clone(),
    }
}

fn rename_term(t: &Term, map: &BTreeMap<usize, usize>) -> Term {
    let mut bound: Vec<usize> = t.bound.iter().map(|b| *map.get(b).unwrap_or(b)).collect();
    bound.sort_unstable();
    Term {
        bound,
        mono: t
            .mono
            .iter()
            .map(|(a, e)| (rename_atom(a, map), *e))
            .collect(),
    }
}

fn rename_poly(p: &Poly, map: &BTreeMap<usize, usize>) -> Poly {
    let mut m: BTreeMap<Term, Q> = BTreeMap::new();
    for (t, c) in &p.0 {
        *m.entry(rename_term(t, map)).or_insert_with(Q::zero) += c;
    }
    m.retain(|_, c| !c.is_zero());
    Poly(m)
}

/// What an entry's name is, for the domain facts.
#[derive(Debug, Clone)]
enum EntryKind {
    /// Entries sum to 1.
    Dist,
    /// A joint: row marginal name, column marginal name.
    Joint(String, String),
    /// Rows sum to 1.
    Kernel,
    /// A non-negative or positive vector: sums to `sum(name)`.
    Vector,
    /// Anything else: no fact.
    Other,
}

/// The marginal names of a joint `P_XY`: (`P_X`, `P_Y`).
fn marginal_names(joint: &str) -> (String, String) {
    match joint.split_once('_') {
        Some((l, vs)) if vs.chars().count() == 2 => {
            let v: Vec<char> = vs.chars().collect();
            (format!("{l}_{}", v[0]), format!("{l}_{}", v[1]))
        }
        _ => (format!("{joint}_rows"), format!("{joint}_cols")),
    }
}

/// The expander: a scope and a counter of fresh indices.
pub(crate) struct Nf<'a> {
    scope: &'a Scope,
    next: usize,
    marginals: BTreeSet<String>,
}

type Env = Vec<(String, Ix)>;

impl<'a> Nf<'a> {
    fn fresh(&mut self) -> usize {
        self.next += 1;
        self.next
    }

    /// The marginal atoms' names of `joint`: `P_X`, `P_Y` unless such a name
    /// is something else in the scope (an input of its own), then
    /// `P_XY|rows`, `P_XY|cols`.
    fn marginal_names(&self, joint: &str) -> (String, String) {
        let (r, c) = marginal_names(joint);
        let ok = |n: &str, rows: bool| match self.scope.names.get(n) {
            None => true,
            Some(Resolved::Marginal { joint: j, rows: r }) => j == joint && *r == rows,
            Some(_) => false,
        };
        (
            if ok(&r, true) {
                r
            } else {
                format!("{joint}|rows")
            },
            if ok(&c, false) {
                c
            } else {
                format!("{joint}|cols")
            },
        )
    }

    fn entry_kind(&self, name: &str) -> EntryKind {
        if self.marginals.contains(name) {
            return EntryKind::Dist;
        }
        match self.scope.names.get(name) {
            Some(Resolved::Input(Kind::Dist)) => EntryKind::Dist,
            Some(Resolved::Input(Kind::Joint)) => {
                let (r, c) = self.marginal_names(name);
                EntryKind::Joint(r, c)
            }
            Some(Resolved::Input(Kind::Kernel)) => EntryKind::Kernel,
            Some(Resolved::Input(Kind::Vector | Kind::Positive)) => EntryKind::Vector,
            _ => EntryKind::Other,
        }
    }

    fn mul(&mut self, a: &Poly, b: &Poly) -> Poly {
        let mut m: BTreeMap<Term, Q> = BTreeMap::new();
        for (tb, cb) in &b.0 {
            for (ta, ca) in &a.0 {
                // rename b's bound indices apart from a's
                let map: BTreeMap<usize, usize> =
                    tb.bound.iter().map(|x| (*x, self.fresh())).collect();
                let tb = rename_term(tb, &map);
                let mut mono = ta.mono.clone();
                for (at, e) in tb.mono {
                    let v = mono.entry(at.clone()).or_insert(0);
                    *v += e;
                    if *v == 0 {
                        mono.remove(&at);
                    }
                }
                let mut bound = ta.bound.clone();
                bound.extend(tb.bound);
                bound.sort_unstable();
                *m.entry(Term { bound, mono }).or_insert_with(Q::zero) += ca * cb;
            }
        }
        m.retain(|_, c| !c.is_zero());
        Poly(m)
    }

    fn inverse(&self, p: &Poly) -> R<Poly> {
        if p.0.len() != 1 {
            return out("division by a sum of several terms");
        }
        let (t, c) = p.0.iter().next().expect("one term");
        if !t.bound.is_empty() {
            return out("division by an indexed sum");
        }
        let mono = t.mono.iter().map(|(a, e)| (a.clone(), -e)).collect();
        Ok(Poly(BTreeMap::from([(
            Term {
                bound: vec![],
                mono,
            },
            c.recip(),
        )])))
    }

    fn sum_over(&self, b: usize, p: Poly) -> Poly {
        Poly(
            p.0.into_iter()
                .map(|(mut t, c)| {
                    t.bound.push(b);
                    t.bound.sort_unstable();
                    (t, c)
                })
                .collect(),
        )
    }

    /// The domain facts: contract sums whose index occurs in one entry only.
    fn contract(&self, p: Poly) -> Poly {
        let mut acc: BTreeMap<Term, Q> = BTreeMap::new();
        for (t, c) in p.0 {
            let (t, c) = self.contract_term(t, c);
            *acc.entry(t).or_insert_with(Q::zero) += c;
        }
        acc.retain(|_, c| !c.is_zero());
        Poly(acc)
    }

    fn contract_term(&self, mut t: Term, c: Q) -> (Term, Q) {
        // contract inside logarithms of sums first
        let mono: BTreeMap<Atom, i64> = std::mem::take(&mut t.mono)
            .into_iter()
            .map(|(a, e)| match a {
                Atom::LnPoly(p) => (Atom::LnPoly(self.contract(p)), e),
                Atom::Ceil(p) => (Atom::Ceil(self.contract(p)), e),
                other => (other, e),
            })
            .collect();
        t.mono = mono;
        loop {
            let mut changed = false;
            for b in t.bound.clone() {
                let total: usize = t.mono.keys().map(|a| count_atom(a, b)).sum();
                if total == 0 {
                    t.bound.retain(|x| *x != b);
                    let v = t.mono.entry(Atom::N).or_insert(0);
                    *v += 1;
                    if *v == 0 {
                        t.mono.remove(&Atom::N);
                    }
                    changed = true;
                    break;
                }
                if total != 1 {
                    continue;
                }
                let Some((atom, e)) = t
                    .mono
                    .iter()
                    .find(|(a, _)| matches!(a, Atom::Entry(_, ix) if count_in_ix(ix, b) == 1))
                    .map(|(a, e)| (a.clone(), *e))
                else {
                    continue;
                };
                if e != 1 {
                    continue;
                }
                let Atom::Entry(name, ix) = &atom else {
                    continue;
                };
                let replacement: Option<Option<Atom>> = match (self.entry_kind(name), ix.len()) {
                    (EntryKind::Dist, 1) => Some(None),
                    (EntryKind::Vector, 1) => Some(Some(Atom::Total(name.clone()))),
                    (EntryKind::Kernel, 2) if ix[1] == Ix::B(b) => Some(None),
                    (EntryKind::Joint(rows, cols), 2) => {
                        if ix[1] == Ix::B(b) {
                            Some(Some(Atom::Entry(rows, vec![ix[0].clone()])))
                        } else {
                            Some(Some(Atom::Entry(cols, vec![ix[1].clone()])))
                        }
                    }
                    _ => None,
                };
                if let Some(rep) = replacement {
                    t.mono.remove(&atom);
                    if let Some(r) = rep {
                        let v = t.mono.entry(r.clone()).or_insert(0);
                        *v += 1;
                        if *v == 0 {
                            t.mono.remove(&r);
                        }
                    }
                    t.bound.retain(|x| *x != b);
                    changed = true;
                    break;
                }
            }
            if !changed {
                return (t, c);
            }
        }
    }

    /// `ln` of an expanded (contracted) argument.
    fn ln(&mut self, p: Poly) -> R<Poly> {
        let p = self.contract(p);
        if p.0.is_empty() {
            return out("the logarithm of 0");
        }
        if p.0.len() == 1 && p.0.keys().all(|t| t.bound.is_empty()) {
            let (t, c) = p.0.into_iter().next().expect("one term");
            if !c.is_positive() {
                return out("the logarithm of a negative constant");
            }
            let mut r = ln_rational(&c);
            for (a, e) in t.mono {
                let positive = match &a {
                    Atom::Entry(..) | Atom::Total(_) | Atom::N => true,
                    Atom::Param(p) => self.scope.kind(p) == Some(Kind::Unit),
                    _ => false,
                };
                if !positive {
                    return out(format!(
                        "ln of {}: not known to be positive, so its logarithm is not split",
                        render_atom(&a)
                    ));
                }
                let l = Poly::atom(Atom::Ln(Box::new(a)));
                r = r.add(l, &Q::from_integer(e.into()));
            }
            return Ok(r);
        }
        // a sum (of several terms, or indexed): one atom, after pulling out the
        // common monomial factor that does not depend on the summed indices
        let inner: BTreeSet<usize> = p.0.keys().flat_map(|t| t.bound.iter().copied()).collect();
        // pull out the common monomial factor (least exponent of each atom)
        let mut atoms: BTreeSet<Atom> = BTreeSet::new();
        for t in p.0.keys() {
            atoms.extend(
                t.mono
                    .keys()
                    .filter(|a| inner.iter().all(|b| count_atom(a, *b) == 0))
                    .cloned(),
            );
        }
        let mut gcd: BTreeMap<Atom, i64> = BTreeMap::new();
        for a in atoms {
            let e =
                p.0.keys()
                    .map(|t| t.mono.get(&a).copied().unwrap_or(0))
                    .min()
                    .unwrap_or(0);
            if e != 0 {
                gcd.insert(a, e);
            }
        }
        let mut pre = Poly::default();
        let p = if gcd.is_empty() {
            p
        } else {
            let mut m = BTreeMap::new();
            for (mut t, c) in p.0 {
                for (a, e) in &gcd {
                    let v = t.mono.entry(a.clone()).or_insert(0);
                    *v -= e;
                    if *v == 0 {
                        t.mono.remove(a);
                    }
                }
                m.insert(t, c);
            }
            for (a, e) in &gcd {
                let positive = match a {
                    Atom::Entry(..) | Atom::Total(_) | Atom::N => true,
                    Atom::Param(q) => self.scope.kind(q) == Some(Kind::Unit),
                    _ => false,
                };
                if !positive {
                    return out(format!(
                        "ln of a sum with the factor {}: not known to be positive",
                        render_atom(a)
                    ));
                }
                pre = pre.add(
                    Poly::atom(Atom::Ln(Box::new(a.clone()))),
                    &Q::from_integer((*e).into()),
                );
            }
            Poly(m)
        };
        // content: the coefficient of largest magnitude (invariant under renaming)
        let content = p.0.values().map(|c| c.abs()).max().expect("non-empty");
        let scaled = p.scale(&content.recip());
        Ok(ln_rational(&content)
            .add(Poly::atom(Atom::LnPoly(scaled)), &Q::one())
            .add(pre, &Q::one()))
    }

    fn ty(&self, e: &Expr, env: &Env) -> R<Ty> {
        let mut idx: Vec<String> = env.iter().map(|(n, _)| n.clone()).collect();
        self.scope.ty(e, &mut idx).map_err(|e| Outside(e.message))
    }

    fn index(&self, e: &Expr, env: &Env) -> R<Ix> {
        match e {
            Expr::Name(n) => match env.iter().rev().find(|(m, _)| m == n) {
                Some((_, ix)) => Ok(ix.clone()),
                None => out(format!("index '{n}' is not a summed index")),
            },
            Expr::Num(x) => match x.to_ratio() {
                Some(r) if r.is_integer() && r.is_positive() => Ok(Ix::Lit(r.to_integer())),
                _ => out(format!("index {x} is not a positive integer")),
            },
            _ => out(format!("index expression {e} (only names and literals)")),
        }
    }

    /// Expand a number-valued expression.
    fn num(&mut self, e: &Expr, env: &Env) -> R<Poly> {
        Ok(match e {
            Expr::Num(x) => match x.to_ratio() {
                Some(r) => Poly::constant(r),
                None => return out(format!("number {x} is too large")),
            },
            Expr::Name(n) => match self.scope.names.get(n) {
                Some(Resolved::Input(Kind::Unit | Kind::Real)) => {
                    Poly::atom(Atom::Param(n.clone()))
                }
                Some(Resolved::Def(d)) => {
                    let d = d.clone();
                    self.num(&d, &Vec::new())?
                }
                _ => return out(format!("'{n}' is not a number")),
            },
            Expr::Neg(x) => self.num(x, env)?.scale(&-Q::one()),
            Expr::Binary { op, lhs, rhs } => {
                let a = self.num(lhs, env)?;
                let b = self.num(rhs, env)?;
                match op {
                    BinOp::Add => a.add(b, &Q::one()),
                    BinOp::Sub => a.add(b, &-Q::one()),
                    BinOp::Mul => self.mul(&a, &b),
                    BinOp::Div => {
                        let inv = self.inverse(&self.contract(b))?;
                        self.mul(&a, &inv)
                    }
                    BinOp::Pow => {
                        let k = match b.as_constant() {
                            Some(k) if k.is_integer() => k.to_integer().to_i64(),
                            _ => None,
                        };
                        let Some(k) = k.filter(|k| k.abs() <= 16) else {
                            return out("a power other than a small integer");
                        };
                        let base = if k < 0 {
                            self.inverse(&self.contract(a))?
                        } else {
                            a
                        };
                        let mut r = Poly::constant(Q::one());
                        for _ in 0..k.abs() {
                            r = self.mul(&r, &base);
                        }
                        r
                    }
                    BinOp::Outer => return out("⊗ of numbers"),
                }
            }
            Expr::Func { func, args } => match (func, args.as_slice()) {
                (Func::Ln, [x]) => {
                    let p = self.num(x, env)?;
                    self.ln(p)?
                }
                (Func::Log2, [x]) => {
                    let p = self.num(x, env)?;
                    let l = self.ln(p)?;
                    let inv = self.inverse(&Poly::atom(Atom::LnInt(BigInt::from(2))))?;
                    self.mul(&l, &inv)
                }
                (Func::Ceil, [x]) => {
                    let p = self.num(x, env)?;
                    let p = self.contract(p);
                    if let Some(c) = p.as_constant() {
                        Poly::constant(Q::from_integer(c.ceil().to_integer()))
                    } else {
                        Poly::atom(Atom::Ceil(p))
                    }
                }
                (Func::Total, [x]) => {
                    let b = self.fresh();
                    let mut env2 = env.clone();
                    env2.push((format!("#{b}"), Ix::B(b)));
                    let body = self.entry(x, &[Ix::B(b)], &env2)?;
                    if self.ty(x, env)? == Ty::Joint {
                        return out("sum of a joint");
                    }
                    self.sum_over(b, body)
                }
                _ => return out(format!("the function {func} is outside the normal form")),
            },
            Expr::Index { base, idx } => {
                let ix = idx
                    .iter()
                    .map(|i| self.index(i, env))
                    .collect::<R<Vec<_>>>()?;
                self.entry(base, &ix, env)?
            }
            Expr::Sum { var, body } => {
                let b = self.fresh();
                let mut env2 = env.clone();
                env2.push((var.clone(), Ix::B(b)));
                let p = self.num(body, &env2)?;
                self.sum_over(b, p)
            }
            Expr::Expect { var, dist, body } => {
                if self.ty(dist, env)? != Ty::Vector {
                    return out("an expectation over a joint");
                }
                let b = self.fresh();
                let mut env2 = env.clone();
                env2.push((var.clone(), Ix::B(b)));
                let w = self.entry(dist, &[Ix::B(b)], &env2)?;
                let f = self.num(body, &env2)?;
                let p = self.mul(&w, &f);
                self.sum_over(b, p)
            }
            Expr::Measure(m) => self.measure(m, env)?,
            Expr::SuppSize(x) => {
                // on the domain (all entries positive) every support is full
                if self.ty(x, env)? != Ty::Vector {
                    return out("|supp(…)| of a joint is outside the normal form");
                }
                Poly::atom(Atom::N)
            }
            Expr::Cond { .. } => return out("a conditional distribution used as a number"),
        })
    }

    /// Indices for a measure argument: one for a vector, two for a joint.
    fn arg_indices(&mut self, e: &Expr, env: &Env) -> R<Vec<usize>> {
        Ok(match self.ty(e, env)? {
            Ty::Vector => vec![self.fresh()],
            Ty::Joint => vec![self.fresh(), self.fresh()],
            t => return out(format!("a measure of {t:?}")),
        })
    }

    /// `Σ_ix f(p[ix], q[ix])` for the shape of `p`.
    fn over<F>(&mut self, p: &Expr, q: Option<&Expr>, env: &Env, f: F) -> R<Poly>
    where
        F: FnOnce(&mut Self, Poly, Option<Poly>) -> R<Poly>,
    {
        let bs = self.arg_indices(p, env)?;
        if let Some(q) = q {
            if self.ty(q, env)? != self.ty(p, env)? {
                return out("measure arguments of different shapes");
            }
        }
        let ix: Vec<Ix> = bs.iter().map(|b| Ix::B(*b)).collect();
        let pe = self.entry(p, &ix, env)?;
        let qe = match q {
            Some(q) => Some(self.entry(q, &ix, env)?),
            None => None,
        };
        let mut r = f(self, pe, qe)?;
        for b in bs.into_iter().rev() {
            r = self.sum_over(b, r);
        }
        Ok(r)
    }

    fn p_ln_q(&mut self, p: &Expr, q: &Expr, env: &Env) -> R<Poly> {
        self.over(p, Some(q), env, |s, pe, qe| {
            let l = s.ln(qe.expect("q"))?;
            Ok(s.mul(&pe, &l))
        })
    }

    fn kl(&mut self, p: &Expr, q: &Expr, env: &Env) -> R<Poly> {
        let a = self.p_ln_q(p, p, env)?;
        let b = self.p_ln_q(p, q, env)?;
        Ok(a.add(b, &-Q::one()))
    }

    /// A measure of the random variables of `P_XY`: `Σ_{x,y} J[x,y]·f(J, P_X, P_Y)`.
    fn joint_measure(&mut self, f: impl FnOnce(&mut Self, Poly, Poly, Poly) -> R<Poly>) -> R<Poly> {
        let name = "P_XY".to_string();
        if !matches!(
            self.scope.names.get(&name),
            Some(Resolved::Input(Kind::Joint))
        ) {
            return out("measures of X, Y need the joint P_XY");
        }
        let (r, c) = self.marginal_names(&name);
        self.marginals.insert(r.clone());
        self.marginals.insert(c.clone());
        let (x, y) = (self.fresh(), self.fresh());
        let j = Poly::atom(Atom::Entry(name, vec![Ix::B(x), Ix::B(y)]));
        let px = Poly::atom(Atom::Entry(r, vec![Ix::B(x)]));
        let py = Poly::atom(Atom::Entry(c, vec![Ix::B(y)]));
        let body = f(self, j.clone(), px, py)?;
        let body = self.mul(&j, &body);
        let s = self.sum_over(y, body);
        Ok(self.sum_over(x, s))
    }

    fn measure(&mut self, m: &Measure, env: &Env) -> R<Poly> {
        let half = Q::new(1.into(), 2.into());
        Ok(match m {
            Measure::Entropy(p) => self.p_ln_q(p, p, env)?.scale(&-Q::one()),
            Measure::CrossEntropy { p, q } => self.p_ln_q(p, q, env)?.scale(&-Q::one()),
            Measure::Kl { p, q } => self.kl(p, q, env)?,
            Measure::Jsd { p, q } => {
                let mix = Expr::binary(
                    BinOp::Add,
                    Expr::binary(BinOp::Mul, half_expr(), (**p).clone()),
                    Expr::binary(BinOp::Mul, half_expr(), (**q).clone()),
                );
                let a = self.kl(p, &mix, env)?;
                let b = self.kl(q, &mix, env)?;
                a.add(b, &Q::one()).scale(&half)
            }
            Measure::Chi2 { p, q } => {
                let s = self.over(p, Some(q), env, |s, pe, qe| {
                    let sq = s.mul(&pe, &pe);
                    let inv = s.inverse(&s.contract(qe.expect("q")))?;
                    Ok(s.mul(&sq, &inv))
                })?;
                s.add(Poly::constant(Q::one()), &-Q::one())
            }
            Measure::MarginalEntropy(v) => {
                // −Σ_{x,y} p(x,y) ln p(v)
                let v = *v;
                self.joint_measure(|s, _, px, py| {
                    let m = if v == Var::X { px } else { py };
                    Ok(s.ln(m)?.scale(&-Q::one()))
                })?
            }
            Measure::JointEntropy { .. } => {
                self.joint_measure(|s, j, _, _| Ok(s.ln(j)?.scale(&-Q::one())))?
            }
            Measure::CondEntropy { of, given } => {
                let given = *given;
                if of == &given {
                    return Ok(Poly::default());
                }
                // −Σ p(x,y) ln(p(x,y)/p(given))
                self.joint_measure(|s, j, px, py| {
                    let g = if given == Var::X { px } else { py };
                    let a = s.ln(j)?;
                    let b = s.ln(g)?;
                    Ok(a.add(b, &-Q::one()).scale(&-Q::one()))
                })?
            }
            Measure::MutualInfo { first, second } => {
                if first == second {
                    return self.measure(&Measure::MarginalEntropy(*first), env);
                }
                // Σ p(x,y) ln(p(x,y)/(p(x)p(y)))
                self.joint_measure(|s, j, px, py| {
                    let a = s.ln(j)?;
                    let b = s.ln(px)?;
                    let c = s.ln(py)?;
                    Ok(a.add(b, &-Q::one()).add(c, &-Q::one()))
                })?
            }
            Measure::Renyi {
                alpha: Alpha::Finite(a),
                p,
                q,
            } => {
                // an integer order k ≥ 2: ln(Σ p^k q^(1−k))/(k − 1) (all entries positive)
                let k = self
                    .num(a, env)?
                    .as_constant()
                    .filter(|k| k.is_integer())
                    .and_then(|k| k.to_integer().to_i64())
                    .filter(|k| (2..=16).contains(k));
                let Some(k) = k else {
                    return out(
                        "Rényi divergences of an order other than an integer 2..16 are outside the normal form",
                    );
                };
                let s = self.over(p, Some(q), env, |s, pe, qe| {
                    let inv = s.inverse(&s.contract(qe.expect("q")))?;
                    let mut r = pe.clone();
                    for _ in 1..k {
                        r = s.mul(&r, &pe);
                        r = s.mul(&r, &inv);
                    }
                    Ok(r)
                })?;
                self.ln(s)?.scale(&Q::new(1.into(), (k - 1).into()))
            }
            Measure::Renyi {
                alpha: Alpha::Inf, ..
            } => {
                return out(
                    "the Rényi divergence of order ∞ (a maximum) is outside the normal form",
                )
            }
            Measure::Js { .. } | Measure::Tv { .. } | Measure::Hellinger { .. } => {
                return out(format!(
                    "{} (square roots, absolute values) is outside the normal form",
                    m.name()
                ))
            }
        })
    }

    /// The entry at `ix` of a vector- or joint-valued expression.
    fn entry(&mut self, e: &Expr, ix: &[Ix], env: &Env) -> R<Poly> {
        Ok(match e {
            Expr::Name(n) => {
                if self.marginals.contains(n) && !self.scope.names.contains_key(n) {
                    return Ok(Poly::atom(Atom::Entry(n.clone(), ix.to_vec())));
                }
                match self.scope.names.get(n) {
                    Some(Resolved::Input(k)) => {
                        let want = if *k == Kind::Joint || *k == Kind::Kernel {
                            2
                        } else {
                            1
                        };
                        if ix.len() != want {
                            return out(format!("'{n}' indexed with {} indices", ix.len()));
                        }
                        Poly::atom(Atom::Entry(n.clone(), ix.to_vec()))
                    }
                    Some(Resolved::Marginal { joint, rows }) => {
                        let (r, c) = self.marginal_names(joint);
                        let name = if *rows { r } else { c };
                        self.marginals.insert(name.clone());
                        Poly::atom(Atom::Entry(name, ix.to_vec()))
                    }
                    Some(Resolved::Def(d)) => {
                        let d = d.clone();
                        self.entry(&d, ix, &Vec::new())?
                    }
                    None => {
                        if n.starts_with("P_") && self.marginals.contains(n) {
                            Poly::atom(Atom::Entry(n.clone(), ix.to_vec()))
                        } else {
                            return out(format!("unknown name '{n}'"));
                        }
                    }
                }
            }
            Expr::Neg(x) => self.entry(x, ix, env)?.scale(&-Q::one()),
            Expr::Binary { op, lhs, rhs } => {
                let (tl, tr) = (self.ty(lhs, env)?, self.ty(rhs, env)?);
                match op {
                    BinOp::Add | BinOp::Sub => {
                        let a = self.entry(lhs, ix, env)?;
                        let b = self.entry(rhs, ix, env)?;
                        a.add(
                            b,
                            &if *op == BinOp::Add {
                                Q::one()
                            } else {
                                -Q::one()
                            },
                        )
                    }
                    BinOp::Mul if tl == Ty::Num => {
                        let a = self.num(lhs, env)?;
                        let b = self.entry(rhs, ix, env)?;
                        self.mul(&a, &b)
                    }
                    BinOp::Mul if tr == Ty::Num => {
                        let a = self.entry(lhs, ix, env)?;
                        let b = self.num(rhs, env)?;
                        self.mul(&a, &b)
                    }
                    BinOp::Mul if tl == Ty::Vector && tr == Ty::Kernel && ix.len() == 1 => {
                        let b = self.fresh();
                        let a = self.entry(lhs, &[Ix::B(b)], env)?;
                        let k = self.entry(rhs, &[Ix::B(b), ix[0].clone()], env)?;
                        let p = self.mul(&a, &k);
                        self.sum_over(b, p)
                    }
                    BinOp::Div if tr == Ty::Num => {
                        let a = self.entry(lhs, ix, env)?;
                        let b = self.num(rhs, env)?;
                        let inv = self.inverse(&self.contract(b))?;
                        self.mul(&a, &inv)
                    }
                    BinOp::Outer if ix.len() == 2 => {
                        let a = self.entry(lhs, &ix[..1], env)?;
                        let b = self.entry(rhs, &ix[1..], env)?;
                        self.mul(&a, &b)
                    }
                    _ => return out(format!("the vector expression {e}")),
                }
            }
            Expr::Cond {
                joint,
                of,
                given,
                at,
            } => {
                let Some((name, transposed)) =
                    self.scope.conds.get(&(joint.clone(), *of, *given)).cloned()
                else {
                    return out("an unresolved conditional");
                };
                if ix.len() != 1 {
                    return out("a conditional indexed twice");
                }
                let x = self.index(at, env)?;
                let y = ix[0].clone();
                let (r, c) = self.marginal_names(&name);
                self.marginals.insert(r.clone());
                self.marginals.insert(c.clone());
                let (cell, marg) = if transposed {
                    (vec![y, x.clone()], c)
                } else {
                    (vec![x.clone(), y], r)
                };
                let num = Poly::atom(Atom::Entry(name, cell));
                let den = self.inverse(&Poly::atom(Atom::Entry(marg, vec![x])))?;
                self.mul(&num, &den)
            }
            _ => return out(format!("the vector expression {e}")),
        })
    }
}

fn half_expr() -> Expr {
    Expr::binary(
        BinOp::Div,
        Expr::Num(crate::claims::ast::Number::new("1").expect("literal")),
        Expr::Num(crate::claims::ast::Number::new("2").expect("literal")),
    )
}

/// `ln c` for a positive rational: a combination of `ln p` over the primes
/// (factors above 10⁶ that trial division leaves are kept as one atom).
fn ln_rational(c: &Q) -> Poly {
    let mut r = Poly::default();
    for (n, sign) in [(c.numer().clone(), 1i64), (c.denom().clone(), -1i64)] {
        let mut n = n.abs();
        let mut p = BigInt::from(2);
        let limit = BigInt::from(1_000_000);
        while n > BigInt::one() && p <= limit && &p * &p <= n {
            while (&n % &p).is_zero() {
                n /= &p;
                r = r.add(
                    Poly::atom(Atom::LnInt(p.clone())),
                    &Q::from_integer(sign.into()),
                );
            }
            p += 1;
        }
        if n > BigInt::one() {
            r = r.add(Poly::atom(Atom::LnInt(n)), &Q::from_integer(sign.into()));
        }
    }
    r
}

fn permutations(k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![vec![]];
    }
    let mut out = Vec::new();
    for p in permutations(k - 1) {
        for pos in 0..=p.len() {
            let mut q = p.clone();
            q.insert(pos, k - 1);
            out.push(q);
        }
    }
    out
}

/// Canonical indices of level `d` are `d·LEVEL + v` (`v = 0, 1, …`); the
/// indices of the expansion are below `LEVEL`.
const LEVEL: usize = 1 << 32;

/// Rename bound indices canonically (least renamed term over all renamings),
/// level by level: a logarithm of a sum inside a term gets the next level.
fn canonical(p: Poly) -> Poly {
    canonical_at(p, 1)
}

fn canonical_at(p: Poly, level: usize) -> Poly {
    let mut m: BTreeMap<Term, Q> = BTreeMap::new();
    for (t, c) in p.0 {
        let k = t.bound.len();
        let perms = if k <= 5 {
            permutations(k)
        } else {
            vec![(0..k).collect()]
        };
        let best = perms
            .into_iter()
            .map(|perm| {
                let map: BTreeMap<usize, usize> = t
                    .bound
                    .iter()
                    .zip(perm)
                    .map(|(b, v)| (*b, level * LEVEL + v))
                    .collect();
                let r = rename_term(&t, &map);
                Term {
                    bound: r.bound,
                    mono: r
                        .mono
                        .into_iter()
                        .map(|(a, e)| match a {
                            Atom::LnPoly(p) => (Atom::LnPoly(canonical_at(p, level + 1)), e),
                            Atom::Ceil(p) => (Atom::Ceil(canonical_at(p, level + 1)), e),
                            a => (a, e),
                        })
                        .collect(),
                }
            })
            .min()
            .expect("one permutation");
        *m.entry(best).or_insert_with(Q::zero) += c;
    }
    m.retain(|_, c| !c.is_zero());
    Poly(m)
}

const NAMES: [&str; 6] = ["i", "j", "k", "u", "v", "w"];

fn ix_name(b: usize) -> String {
    let (level, v) = (b / LEVEL, b % LEVEL);
    let base = NAMES
        .get(v)
        .map_or_else(|| format!("i{v}"), |s| (*s).to_string());
    if level <= 1 {
        base
    } else {
        format!("{base}{level}")
    }
}

fn render_atom(a: &Atom) -> String {
    match a {
        Atom::N => "n".into(),
        Atom::Param(p) => p.clone(),
        Atom::Total(w) => format!("sum({w})"),
        Atom::Entry(n, ix) => format!(
            "{n}[{}]",
            ix.iter()
                .map(|x| match x {
                    Ix::B(b) => ix_name(*b),
                    Ix::Lit(l) => l.to_string(),
                })
                .collect::<Vec<_>>()
                .join(",")
        ),
        Atom::LnInt(p) => format!("ln({p})"),
        Atom::Ln(x) => format!("ln({})", render_atom(x)),
        Atom::LnPoly(p) => format!("ln({})", render(p)),
        Atom::Ceil(p) => format!("ceil({})", render(p)),
    }
}

fn render_mono(t: &Term) -> String {
    t.mono
        .iter()
        .map(|(a, e)| {
            let s = render_atom(a);
            if *e == 1 {
                s
            } else {
                format!("{s}^{e}")
            }
        })
        .collect::<Vec<_>>()
        .join("·")
}

fn render_term(t: &Term) -> String {
    let sums = if t.bound.is_empty() {
        String::new()
    } else {
        format!(
            "Σ_{{{}}} ",
            t.bound
                .iter()
                .map(|b| ix_name(*b))
                .collect::<Vec<_>>()
                .join(",")
        )
    };
    let m = render_mono(t);
    format!("{sums}{}", if m.is_empty() { "1".into() } else { m })
}

/// Human-readable rendering of a normal form (`0` for the empty sum).
pub fn render(p: &Poly) -> String {
    if p.0.is_empty() {
        return "0".into();
    }
    let mut s = String::new();
    for (k, (t, c)) in p.0.iter().enumerate() {
        let neg = c.is_negative();
        let a = c.abs();
        if k == 0 {
            if neg {
                s.push('−');
            }
        } else {
            s.push_str(if neg { " − " } else { " + " });
        }
        let body = render_term(t);
        if a.is_one() {
            s.push_str(&body);
        } else if body == "1" {
            let _ = write!(s, "{a}");
        } else {
            let _ = write!(s, "{a}·{body}");
        }
    }
    s
}

/// The normal form as JSON: a list of `{coef, sums, factors}` terms, each
/// factor `[atom, exponent]`.
pub fn to_json(p: &Poly) -> Value {
    Value::Array(
        p.0.iter()
            .map(|(t, c)| {
                json!({
                    "coef": c.to_string(),
                    "sums": t.bound.iter().map(|b| ix_name(*b)).collect::<Vec<_>>(),
                    "factors": t.mono.iter().map(|(a, e)| json!([render_atom(a), e])).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

/// One relation `lhs = rhs` examined by the normal form.
#[derive(Debug, Clone)]
pub struct Side {
    /// The left side as written.
    pub lhs: String,
    /// The right side as written.
    pub rhs: String,
    /// Both sides expanded by definitions, before the domain facts.
    pub expanded: (Poly, Poly),
    /// The normal forms.
    pub normal: (Poly, Poly),
    /// `normal.0 − normal.1`.
    pub difference: Poly,
}

/// The outcome of [`prove_identity`].
#[derive(Debug, Clone)]
pub enum NormalOutcome {
    /// Every relation has equal normal forms.
    Proved {
        /// The relations, each with its derivation.
        steps: Vec<Side>,
    },
    /// Some relation's normal forms differ (not a refutation by itself).
    Differ {
        /// The relations examined (the last one differs).
        steps: Vec<Side>,
    },
    /// The statement is outside the normal form.
    Outside(String),
}

/// The domain every normal-form proof covers.
pub const DOMAIN: &str = "every n ≥ 1 and every input whose entries are all positive (so every logarithm's argument and every divisor is positive, and |supp(P)| = n); inputs with zero entries, where the conventions 0·ln 0 = 0 and p·ln(p/0) = ∞ apply, are not covered by this proof: the checker's campaigns test them, as evidence";

/// Expand both sides of every `=` of an identity (a chain of `=`, or a
/// conjunction of such chains, with an optional `where` clause) into normal
/// forms and compare them.
///
/// Errors are parse/resolution errors of the claims language.
pub fn prove_identity(text: &str) -> Result<NormalOutcome, crate::claims::ParseError> {
    let (st, scope) = parse_resolved(text)?;
    let mut chains = Vec::new();
    if let Err(why) = identity_chains(&st.formula, &mut chains) {
        return Ok(NormalOutcome::Outside(why));
    }
    let mut steps = Vec::new();
    for c in chains {
        for (l, rel, r) in c.relations() {
            if rel != Rel::Eq {
                return Ok(NormalOutcome::Outside(format!(
                    "the relation {} is not an identity",
                    rel.symbol()
                )));
            }
            let mut nf = Nf {
                scope: &scope,
                next: 0,
                marginals: BTreeSet::new(),
            };
            let sides = (|| -> R<(Poly, Poly)> {
                if nf.ty(l, &Vec::new())? != Ty::Num || nf.ty(r, &Vec::new())? != Ty::Num {
                    return out("an equation between vectors");
                }
                Ok((nf.num(l, &Vec::new())?, nf.num(r, &Vec::new())?))
            })();
            let (a, b) = match sides {
                Ok(x) => x,
                Err(Outside(why)) => return Ok(NormalOutcome::Outside(why)),
            };
            let expanded = (canonical(a.clone()), canonical(b.clone()));
            let na = canonical(nf.contract(a));
            let nb = canonical(nf.contract(b));
            let difference = na.clone().add(nb.clone(), &-Q::one());
            let equal = difference.is_zero();
            steps.push(Side {
                lhs: l.to_string(),
                rhs: r.to_string(),
                expanded,
                normal: (na, nb),
                difference,
            });
            if !equal {
                return Ok(NormalOutcome::Differ { steps });
            }
        }
    }
    Ok(NormalOutcome::Proved { steps })
}

fn identity_chains<'f>(
    f: &'f Formula,
    acc: &mut Vec<&'f crate::claims::ast::Claim>,
) -> Result<(), String> {
    match f {
        Formula::Chain(c) => {
            acc.push(c);
            Ok(())
        }
        Formula::And(v) => v.iter().try_for_each(|g| identity_chains(g, acc)),
        _ => Err("a formula with not/or/⇒/⇔/all is not an identity".into()),
    }
}

/// The derivation of one relation, as printed by `infocert prove`.
pub fn derivation(s: &Side) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "  {} = {}", s.lhs, s.rhs);
    let _ = writeln!(t, "    by definition, LHS = {}", render(&s.expanded.0));
    let _ = writeln!(t, "    by definition, RHS = {}", render(&s.expanded.1));
    let _ = writeln!(t, "    normal form  LHS = {}", render(&s.normal.0));
    let _ = writeln!(t, "    normal form  RHS = {}", render(&s.normal.1));
    let _ = writeln!(t, "    LHS − RHS = {}", render(&s.difference));
    t
}

/// The JSON of one relation (for certificates).
pub fn side_json(s: &Side) -> Value {
    json!({
        "lhs": s.lhs,
        "rhs": s.rhs,
        "lhs_normal": to_json(&s.normal.0),
        "rhs_normal": to_json(&s.normal.1),
        "difference": to_json(&s.difference),
    })
}

/// Whether `infocert prove` should send `claim` to the normal form: a
/// statement of the claims language (distributions, a `where` clause, …)
/// rather than a Shannon-type claim over named random variables only (a
/// claim over `X`, `Y` that the Shannon-type parser rejects, such as a
/// chain `a = b = c`, comes here too).
pub fn wants(claim: &str, given: &[String]) -> bool {
    if !given.is_empty() {
        return false;
    }
    match parse_resolved(claim) {
        Ok((st, _)) => {
            st.formula.free_names().iter().any(|n| n != "P_XY")
                || !st.decls.is_empty()
                || super::Problem::parse(claim, given).is_err()
        }
        Err(_) => false,
    }
}

/// `infocert prove` for this module: a `.proof` file or a directory of
/// them ([`super::proofs::run_path`]), or a claims-language identity
/// ([`run`]); `None` leaves the claim to the Shannon-type prover.
pub fn dispatch(
    claim: &str,
    given: &[String],
    certificate_path: Option<&std::path::Path>,
    as_json: bool,
) -> Option<u8> {
    let path = std::path::Path::new(claim);
    if given.is_empty() && claim.ends_with(".proof") {
        if !path.exists() {
            eprintln!("error: no such proof file: {claim}");
            return Some(2);
        }
        return Some(super::proofs::run_path(path, certificate_path));
    }
    if given.is_empty() && path.is_dir() {
        let has_proofs = std::fs::read_dir(path).ok()?.any(|e| {
            e.ok()
                .is_some_and(|e| e.path().extension().is_some_and(|x| x == "proof"))
        });
        if !has_proofs {
            return None; // certificates only: the certificate checker
        }
        let mut code = super::proofs::run_path(path, certificate_path);
        // stored certificates (*.json, e.g. proofs/lp/): their own checker
        let (text, c) = super::certfile::check_path(path);
        if !text.starts_with("error: no certificates") {
            print!("{text}");
            code = code.max(c);
        }
        return Some(code);
    }
    wants(claim, given).then(|| run(claim, certificate_path, as_json))
}

/// The certificate of a normal-form run (`--certificate`).
pub fn certificate(claim: &str, verdict: &str, steps: &[Side]) -> Value {
    json!({
        "kind": "normal_form",
        "claim": claim,
        "verdict": verdict,
        "domain": DOMAIN,
        "relations": steps.iter().map(side_json).collect::<Vec<_>>(),
    })
}

/// Run `infocert prove` on a claims-language identity; returns the exit
/// code: 0 proved (equal normal forms), 1 refuted (a counterexample
/// certified by the checker), 2 bad input, 5 not decided by the normal form.
pub fn run(claim: &str, certificate_path: Option<&std::path::Path>, as_json: bool) -> u8 {
    let outcome = match prove_identity(claim) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {}", e.caret());
            return 2;
        }
    };
    let mut text = String::new();
    let (code, verdict, steps) = match &outcome {
        NormalOutcome::Proved { steps } => {
            let _ = writeln!(text, "proved for every n (normal form): {claim}");
            let _ = writeln!(text, "domain: {DOMAIN}");
            let _ = writeln!(
                text,
                "derivation (definitions, then Σ p = 1 and marginalization, like terms collected):"
            );
            steps.iter().for_each(|s| text.push_str(&derivation(s)));
            (0, "proved", steps.clone())
        }
        NormalOutcome::Differ { steps } => {
            let last = steps.last().expect("a differing relation");
            let cfg = crate::check::Config {
                progress: false,
                ..crate::check::Config::default()
            };
            let report = crate::check::check_claim(claim, &cfg);
            match report {
                Ok(r)
                    if r.verdict == crate::check::Verdict::Violated
                        && r.counterexample.is_some() =>
                {
                    let _ = writeln!(text, "refuted: {claim}");
                    let _ = writeln!(text, "the normal forms differ:");
                    text.push_str(&derivation(last));
                    let _ = writeln!(text, "counterexample (certified by the checker):");
                    let _ = writeln!(text, "{}", r.counterexample.as_ref().expect("checked"));
                    (1, "refuted", steps.clone())
                }
                _ => {
                    let _ = writeln!(text, "not decided by the normal form: {claim}");
                    let _ = writeln!(text, "the normal forms differ, and the checker found no counterexample (different normal forms are not a refutation):");
                    text.push_str(&derivation(last));
                    (5, "not_decided", steps.clone())
                }
            }
        }
        NormalOutcome::Outside(why) => {
            let _ = writeln!(text, "not decided by the normal form: {why}");
            (5, "not_decided", Vec::new())
        }
    };
    let cert = certificate(claim, verdict, &steps);
    if let Some(path) = certificate_path {
        let body = serde_json::to_string_pretty(&cert).expect("json") + "\n";
        if let Err(e) = std::fs::write(path, body) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return 2;
        }
    }
    if as_json {
        println!("{}", serde_json::to_string_pretty(&cert).expect("json"));
    } else {
        print!("{text}");
    }
    code
}

/// Whether the number-valued expression `expr` (of the claims language) is manifestly non-negative
/// on the domain; `Ok(false)` when it is not manifest. Manifest means: its
/// normal form's terms, grouped by everything but one parameter `λ ∈ (0,1)`,
/// are each a product of positive atoms (entries, `n`, `sum(w)`, parameters
/// in `(0,1)`, `ln k` for an integer `k ≥ 2`) times a polynomial `q(λ)` whose
/// Bernstein coefficients are all ≥ 0 (so `1 − λ` qualifies, `λ − 1/2` does
/// not); terms without such a parameter need a positive coefficient.
///
/// `where_clause` is empty or starts with `" where "`.
pub fn manifestly_nonnegative(
    expr: &str,
    over: &[String],
    where_clause: &str,
) -> Result<bool, String> {
    Ok(free_form(expr, over, where_clause)?.is_some_and(|(ok, _)| ok))
}

/// The normal form of `expr` with the indices `over` free, and whether it
/// is manifestly non-negative on the domain ([`manifestly_nonnegative`]); `None` when it
/// is outside the normal form. A manifestly non-negative form that is not
/// the empty sum is positive on the domain (every term or group of terms is).
pub fn free_form(
    expr: &str,
    over: &[String],
    where_clause: &str,
) -> Result<Option<(bool, Poly)>, String> {
    let Some((scope, body, env)) = with_free_indices(expr, over, where_clause)? else {
        return Ok(None);
    };
    let Some((nf, p)) = expand_free(&scope, &body, &env) else {
        return Ok(None);
    };
    let p = canonical(nf.contract(p));
    Ok(Some((manifest(&nf, &p), p)))
}

/// An atom positive on the domain: an entry, `n`, `sum(w)`, a parameter in
/// `(0,1)`, `ln k` of an integer `k ≥ 2`.
fn positive_atom(nf: &Nf<'_>, a: &Atom) -> bool {
    match a {
        Atom::Entry(..) | Atom::Total(_) | Atom::N => true,
        Atom::Param(p) => nf.scope.kind(p) == Some(Kind::Unit),
        Atom::LnInt(k) => *k > BigInt::one(),
        _ => false,
    }
}

/// Whether a normal form is manifestly non-negative on the domain: its terms,
/// grouped by everything but one parameter `λ ∈ (0,1)`, are each a product
/// of positive atoms times a polynomial `q(λ)` whose Bernstein coefficients
/// (degree = that of `q`) are all ≥ 0 — so `q ≥ 0` on `[0,1]` and, being
/// non-zero, `q > 0` on `(0,1)`. Terms without such a parameter are their own
/// group and need a positive coefficient. (`1 − λ`: coefficients 1, 0.)
pub(crate) fn manifest(nf: &Nf<'_>, p: &Poly) -> bool {
    // group key: summed indices and the monomial without unit parameters
    let mut groups: BTreeMap<Term, (BTreeSet<String>, BTreeMap<i64, Q>)> = BTreeMap::new();
    for (t, c) in &p.0 {
        let mut key = t.clone();
        let mut units = BTreeSet::new();
        let mut deg = 0i64;
        key.mono.retain(|a, e| match a {
            Atom::Param(q) if nf.scope.kind(q) == Some(Kind::Unit) => {
                units.insert(q.clone());
                deg = *e;
                false
            }
            _ => true,
        });
        if units.len() > 1 || deg < 0 || !key.mono.keys().all(|a| positive_atom(nf, a)) {
            return false;
        }
        let g = groups.entry(key).or_default();
        g.0.extend(units);
        *g.1.entry(deg).or_insert_with(Q::zero) += c;
    }
    groups.values().all(|(units, q)| {
        if units.len() > 1 {
            return false;
        }
        bernstein_nonnegative(q)
    })
}

/// Whether `q(λ) = Σ_k a_k λ^k` has all Bernstein coefficients of degree
/// `d = max k` non-negative: `b_j = Σ_{k ≤ j} C(j,k)/C(d,k)·a_k`.
fn bernstein_nonnegative(q: &BTreeMap<i64, Q>) -> bool {
    let d = q.keys().copied().max().unwrap_or(0);
    if d > 64 {
        return false;
    }
    let binom = |n: i64, k: i64| -> Q {
        let mut r = Q::one();
        for m in 0..k {
            r = r * Q::from_integer((n - m).into()) / Q::from_integer((m + 1).into());
        }
        r
    };
    (0..=d).all(|j| {
        let b = (0..=j).fold(Q::zero(), |acc, k| {
            let a = q.get(&k).cloned().unwrap_or_else(Q::zero);
            acc + binom(j, k) / binom(d, k) * a
        });
        !b.is_negative()
    })
}

/// Expand `expr` with the indices `over` free (bound to fresh indices that
/// are not summed); `None` if it is outside the normal form's reach.
fn with_free_indices(
    expr: &str,
    over: &[String],
    where_clause: &str,
) -> Result<Option<(Scope, Expr, Env)>, String> {
    // bind the indices with sums for parsing; then expand the body
    let wrapped = over
        .iter()
        .rev()
        .fold(format!("({expr})"), |acc, i| format!("sum_{i}({acc})"));
    let (st, scope) =
        parse_resolved(&format!("{wrapped} = 0{where_clause}")).map_err(|e| e.to_string())?;
    let Formula::Chain(c) = &st.formula else {
        return Ok(None);
    };
    let mut body = &c.first;
    let mut env: Env = Vec::new();
    for i in over {
        match body {
            Expr::Sum { var, body: b } if var == i => {
                // free indices 0, 1, …: rendered i, j, … (fresh ones start above)
                env.push((var.clone(), Ix::B(env.len())));
                body = b;
            }
            _ => return Ok(None),
        }
    }
    Ok(Some((scope, body.clone(), env)))
}

/// Expand `body` in `env`; `None` when outside the normal form.
fn expand_free<'s>(scope: &'s Scope, body: &Expr, env: &Env) -> Option<(Nf<'s>, Poly)> {
    let mut nf = Nf {
        scope,
        next: env.len() + 1,
        marginals: BTreeSet::new(),
    };
    let p = nf.num(body, env).ok()?;
    Some((nf, p))
}

/// Whether `expr` is one entry of a distribution, a marginal or a joint
/// (so at most 1), with the indices `over` free in it; `where_clause` is
/// empty or starts with `" where "`.
pub fn is_probability(expr: &str, over: &[String], where_clause: &str) -> Result<bool, String> {
    let Some((scope, body, env)) = with_free_indices(expr, over, where_clause)? else {
        return Ok(false);
    };
    let Some((nf, p)) = expand_free(&scope, &body, &env) else {
        return Ok(false);
    };
    if p.0.len() != 1 {
        return Ok(false);
    }
    let (t, c) = p.0.iter().next().expect("one term");
    Ok(c.is_one()
        && t.bound.is_empty()
        && t.mono.len() == 1
        && t.mono.iter().all(|(a, e)| {
            *e == 1
                && matches!(a, Atom::Entry(n, _)
                    if matches!(nf.entry_kind(n), EntryKind::Dist | EntryKind::Joint(..)))
        }))
}

/// Whether a catalogue item's statement is proved by the normal form.
pub fn proves(statement: &str) -> Result<bool, String> {
    match prove_identity(statement) {
        Ok(NormalOutcome::Proved { .. }) => Ok(true),
        Ok(NormalOutcome::Differ { steps }) => Err(format!(
            "normal forms differ at {} = {}",
            steps.last().map_or("", |s| &s.lhs),
            steps.last().map_or("", |s| &s.rhs)
        )),
        Ok(NormalOutcome::Outside(why)) => Err(why),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proved(s: &str) -> bool {
        matches!(prove_identity(s).unwrap(), NormalOutcome::Proved { .. })
    }

    #[test]
    fn ln_rational_splits_primes() {
        // ln(12/5) = 2 ln 2 + ln 3 − ln 5
        let p = ln_rational(&Q::new(12.into(), 5.into()));
        assert_eq!(render(&p), "2·ln(2) + ln(3) − ln(5)");
    }

    #[test]
    fn bernstein_certifies_polynomials_in_a_unit_parameter() {
        let q = |v: &[(i64, i64, i64)]| -> BTreeMap<i64, Q> {
            v.iter()
                .map(|(k, n, d)| (*k, Q::new((*n).into(), (*d).into())))
                .collect()
        };
        // 1 − λ: coefficients 1, 0
        assert!(bernstein_nonnegative(&q(&[(0, 1, 1), (1, -1, 1)])));
        // (1 − λ)² = 1 − 2λ + λ²: 1, 0, 0
        assert!(bernstein_nonnegative(&q(&[
            (0, 1, 1),
            (1, -2, 1),
            (2, 1, 1)
        ])));
        // λ − 1/2 changes sign on (0,1)
        assert!(!bernstein_nonnegative(&q(&[(0, -1, 2), (1, 1, 1)])));
        // −λ
        assert!(!bernstein_nonnegative(&q(&[(1, -1, 1)])));
        // (λ − 1/2)² ≥ 0, but its degree-2 coefficients are 1/4, −1/4, 1/4: not
        // certified (the check is sound, not complete)
        assert!(!bernstein_nonnegative(&q(&[
            (0, 1, 4),
            (1, -1, 1),
            (2, 1, 1)
        ])));
    }

    #[test]
    fn manifest_side_conditions() {
        let wh = " where P1: dist, P2: dist, λ in (0,1)";
        let i = ["i".to_string()];
        let nn = |e: &str| manifestly_nonnegative(e, &i, wh).unwrap();
        assert!(nn("(1 - λ)*P2[i]"));
        assert!(nn("λ*P1[i] + (1 - λ)*P2[i]"));
        assert!(nn("ln(2)*P1[i]"));
        assert!(!nn("(λ - 1)*P2[i]"));
        assert!(!nn("P1[i] - P2[i]"));
        assert!(!nn("ln(P1[i])"));
        assert!(!nn("ceil(P1[i])"));
        // two different unit parameters in one group: not certified
        let wh2 = " where P: dist, a in (0,1), b in (0,1)";
        assert!(!manifestly_nonnegative("(1 - a)*(1 - b)*P[i]", &i, wh2).unwrap());
    }

    #[test]
    fn ceil_is_one_atom_and_constants_are_evaluated() {
        assert!(proved("ceil(7/2) = 4"));
        assert!(proved("ceil(-7/2) = -3"));
        assert!(proved(
            "sum_i(P[i]*ceil(-log2(Q[i]))) = sum_i(P[i]*ceil(-ln(Q[i])/ln(2)))"
        ));
        assert!(!proved(
            "sum_i(P[i]*ceil(-log2(Q[i]))) = sum_i(P[i]*(-log2(Q[i])))"
        ));
    }

    #[test]
    fn basic_identities() {
        assert!(proved("H(P,Q) = H(P) + KL(P||Q)"));
        assert!(!proved("H(P,Q) = H(P) - KL(P||Q)"));
    }
}
