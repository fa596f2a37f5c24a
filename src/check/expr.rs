//! Evaluating statements of the claims language on an instance, with either
//! engine: one evaluator, generic over [`Calc`] — exact closed forms and
//! certified enclosures ([`Arith`]) for decisions, `f64` ([`FloatCalc`]) for
//! the margin search.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::arith::{is_exact_zero, Arith, Undefined, Val};
use super::instance::Instance;
use crate::claims::scope::{Resolved, Scope};
use crate::claims::{Alpha, BinOp, Claim, Expr, Formula, Func, Kind, Measure, Rel, Var};
use crate::exact::engine::Real;
use crate::float::FloatEngine;
use crate::measures::{self, Engine, Joint};
use crate::num::Q;

/// The name of the default joint distribution (`H(X)`, `I(X;Y)`, `P_X`).
pub const JOINT: &str = "P_XY";

/// The arithmetic an evaluation runs in: entries of type `S` (exact
/// rationals, or `f64`), values of type `R`.
pub trait Calc {
    /// Entry of a vector.
    type S: Clone + PartialEq + Send + Sync;
    /// A number.
    type R: Clone;
    /// The measures' engine.
    type E: Engine<Scalar = Self::S>;
    /// The engine.
    fn eng(&self) -> &Self::E;
    /// A measure's value as a number.
    fn out(&self, v: <Self::E as Engine>::Value) -> Self::R;
    /// An exact rational as a number.
    fn num(&self, q: Q) -> Self::R;
    /// An entry as a number.
    fn of(&self, s: &Self::S) -> Self::R;
    /// A number as an entry (exact: only rationals).
    fn entry(&self, r: &Self::R) -> Result<Self::S, Undefined>;
    /// An exact rational as an entry.
    fn entry_q(&self, q: &Q) -> Self::S;
    /// `a + b`, `a − b`, `a·b` on entries.
    fn s_op(&self, op: BinOp, a: &Self::S, b: &Self::S) -> Self::S;
    /// `a / b` on entries (`b ≠ 0`).
    fn s_div(&self, a: &Self::S, b: &Self::S) -> Result<Self::S, Undefined>;
    /// Compare two entries.
    fn s_cmp(&self, a: &Self::S, b: &Self::S) -> Ordering;
    /// Whether an entry is zero.
    fn s_zero(&self, a: &Self::S) -> bool;
    /// Whether a number is exactly zero.
    fn is_zero(&self, r: &Self::R) -> bool;
    /// A number as an index (an exact integer).
    fn index(&self, r: &Self::R) -> Result<i64, Undefined>;
    /// A Rényi order.
    fn alpha(&self, r: &Self::R) -> Result<Q, Undefined>;
    /// A binary operation on numbers.
    fn op(&self, op: BinOp, a: Self::R, b: Self::R) -> Result<Self::R, Undefined>;
    /// `−a`.
    fn neg(&self, a: Self::R) -> Self::R;
    /// A unary function, `min` or `max` (folded pairwise).
    fn func(&self, f: Func, a: Self::R, b: Option<Self::R>) -> Result<Self::R, Undefined>;
}

impl Calc for Arith {
    type S = Q;
    type R = Real;
    type E = crate::exact::engine::ExactEngine;
    fn eng(&self) -> &Self::E {
        &self.eng
    }
    fn out(&self, v: Real) -> Real {
        v
    }
    fn num(&self, q: Q) -> Real {
        Real::q(q)
    }
    fn of(&self, s: &Q) -> Real {
        Real::q(s.clone())
    }
    fn entry(&self, r: &Real) -> Result<Q, Undefined> {
        r.as_rational()
            .cloned()
            .ok_or_else(|| Undefined("a mixture weight or vector scale must be rational".into()))
    }
    fn entry_q(&self, q: &Q) -> Q {
        q.clone()
    }
    fn s_op(&self, op: BinOp, a: &Q, b: &Q) -> Q {
        match op {
            BinOp::Add => a + b,
            BinOp::Sub => a - b,
            _ => a * b,
        }
    }
    fn s_div(&self, a: &Q, b: &Q) -> Result<Q, Undefined> {
        if b.is_zero() {
            return Err(Undefined("division by zero".into()));
        }
        Ok(a / b)
    }
    fn s_cmp(&self, a: &Q, b: &Q) -> Ordering {
        a.cmp(b)
    }
    fn s_zero(&self, a: &Q) -> bool {
        a.is_zero()
    }
    fn is_zero(&self, r: &Real) -> bool {
        is_exact_zero(r)
    }
    fn index(&self, r: &Real) -> Result<i64, Undefined> {
        r.as_rational()
            .filter(|q| q.is_integer())
            .and_then(|q| q.to_integer().to_i64())
            .ok_or_else(|| Undefined("an index must be an integer".into()))
    }
    fn alpha(&self, r: &Real) -> Result<Q, Undefined> {
        r.as_rational()
            .cloned()
            .ok_or_else(|| Undefined("Rényi order must be a rational number".into()))
    }
    fn op(&self, op: BinOp, a: Real, b: Real) -> Val {
        match op {
            BinOp::Add => self.add(a, b),
            BinOp::Sub => self.sub(a, b),
            BinOp::Mul => self.mul(a, b),
            BinOp::Div => self.div(a, b),
            BinOp::Pow => self.pow(a, b),
            BinOp::Outer => Err(Undefined("⊗ of numbers".into())),
        }
    }
    fn neg(&self, a: Real) -> Real {
        Arith::neg(self, a)
    }
    fn func(&self, f: Func, a: Real, b: Option<Real>) -> Val {
        match f {
            Func::Sqrt => self.sqrt(a),
            Func::Ln => self.ln(a),
            Func::Exp => self.exp(a),
            Func::Log2 => self.log2(a),
            Func::Abs => self.abs(a),
            Func::Min | Func::Max => match b {
                Some(b) => self.min_max(a, b, f == Func::Max),
                None => Ok(a),
            },
            Func::Ceil => self.round(a, true),
            Func::Floor => self.round(a, false),
            Func::Total | Func::Supp => Err(Undefined(format!("{} of a number", f.name()))),
        }
    }
}

/// `f64` arithmetic with the float engine's measures (for the margin
/// search: nothing it computes is reported as a value).
#[derive(Debug, Clone, Copy, Default)]
pub struct FloatCalc;

impl Calc for FloatCalc {
    type S = f64;
    type R = f64;
    type E = FloatEngine;
    fn eng(&self) -> &FloatEngine {
        &FloatEngine
    }
    fn out(&self, v: crate::float::Approx) -> f64 {
        if v.is_unknown() {
            f64::NAN
        } else {
            v.hi + v.lo
        }
    }
    fn num(&self, q: Q) -> f64 {
        crate::num::q_to_f64(&q)
    }
    fn of(&self, s: &f64) -> f64 {
        *s
    }
    fn entry(&self, r: &f64) -> Result<f64, Undefined> {
        Ok(*r)
    }
    fn entry_q(&self, q: &Q) -> f64 {
        crate::num::q_to_f64(q)
    }
    fn s_op(&self, op: BinOp, a: &f64, b: &f64) -> f64 {
        match op {
            BinOp::Add => a + b,
            BinOp::Sub => a - b,
            _ => a * b,
        }
    }
    fn s_div(&self, a: &f64, b: &f64) -> Result<f64, Undefined> {
        if *b == 0.0 {
            return Err(Undefined("division by zero".into()));
        }
        Ok(a / b)
    }
    fn s_cmp(&self, a: &f64, b: &f64) -> Ordering {
        a.total_cmp(b)
    }
    fn s_zero(&self, a: &f64) -> bool {
        *a == 0.0
    }
    fn is_zero(&self, r: &f64) -> bool {
        *r == 0.0
    }
    fn index(&self, r: &f64) -> Result<i64, Undefined> {
        if r.fract() == 0.0 && r.abs() < 1e15 {
            Ok(*r as i64)
        } else {
            Err(Undefined(format!("the index {r} is not an integer")))
        }
    }
    fn alpha(&self, r: &f64) -> Result<Q, Undefined> {
        crate::num::f64_to_q(*r).ok_or_else(|| Undefined("Rényi order not finite".into()))
    }
    fn op(&self, op: BinOp, a: f64, b: f64) -> Result<f64, Undefined> {
        Ok(match op {
            BinOp::Add => a + b,
            BinOp::Sub => a - b,
            BinOp::Mul => a * b,
            BinOp::Div => a / b,
            BinOp::Pow => a.powf(b),
            BinOp::Outer => f64::NAN,
        })
    }
    fn neg(&self, a: f64) -> f64 {
        -a
    }
    fn func(&self, f: Func, a: f64, b: Option<f64>) -> Result<f64, Undefined> {
        Ok(match f {
            Func::Sqrt => a.sqrt(),
            Func::Ln => a.ln(),
            Func::Exp => a.exp(),
            Func::Log2 => a.log2(),
            Func::Abs => a.abs(),
            Func::Min => b.map_or(a, |b| a.min(b)),
            Func::Max => b.map_or(a, |b| a.max(b)),
            Func::Ceil => a.ceil(),
            Func::Floor => a.floor(),
            Func::Total | Func::Supp => f64::NAN,
        })
    }
}

/// A value: a number, a vector, an `n × n` matrix (joint or kernel,
/// row-major), or a support (indicator).
#[derive(Debug, Clone)]
pub enum V<S, R> {
    /// A number.
    Num(R),
    /// A vector.
    Vec(Vec<S>),
    /// An `n × n` matrix.
    Mat(Vec<S>),
    /// A support.
    Set(Vec<bool>),
}

/// The inputs of one evaluation: a support size and one vector per name.
#[derive(Debug, Clone)]
pub struct Inputs<'a, S> {
    /// Support size.
    pub n: usize,
    /// `(name, entries)`, row-major for joints and kernels, one entry for
    /// parameters.
    pub slots: Vec<(&'a str, &'a [S])>,
}

impl<'a> Inputs<'a, Q> {
    /// The inputs of an instance.
    pub fn of(inst: &'a Instance) -> Inputs<'a, Q> {
        Inputs {
            n: inst.n,
            slots: inst
                .values
                .iter()
                .map(|(s, v)| (s.name, v.as_slice()))
                .collect(),
        }
    }
}

/// An evaluator: a statement's scope, its inputs and the arithmetic.
pub struct Eval<'a, C: Calc> {
    /// The arithmetic.
    pub calc: &'a C,
    /// Names.
    pub scope: &'a Scope,
    /// Inputs.
    pub inputs: &'a Inputs<'a, C::S>,
    idx: std::cell::RefCell<Vec<(String, usize)>>,
}

type EvalResult<C> = Result<V<<C as Calc>::S, <C as Calc>::R>, Undefined>;

fn undef<T>(why: impl Into<String>) -> Result<T, Undefined> {
    Err(Undefined(why.into()))
}

impl<'a, C: Calc> Eval<'a, C> {
    /// An evaluator.
    pub fn new(calc: &'a C, scope: &'a Scope, inputs: &'a Inputs<'a, C::S>) -> Self {
        Eval {
            calc,
            scope,
            inputs,
            idx: std::cell::RefCell::new(Vec::new()),
        }
    }

    fn n(&self) -> usize {
        self.inputs.n
    }

    fn input(&self, name: &str) -> Result<&'a [C::S], Undefined> {
        self.inputs
            .slots
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .ok_or_else(|| Undefined(format!("no input {name}")))
    }

    fn bound(&self, name: &str) -> Option<usize> {
        self.idx
            .borrow()
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, i)| *i)
    }

    fn with_index<T>(&self, var: &str, i: usize, f: impl FnOnce() -> T) -> T {
        self.idx.borrow_mut().push((var.to_string(), i));
        let r = f();
        self.idx.borrow_mut().pop();
        r
    }

    /// A number-valued expression.
    pub fn number(&self, e: &Expr) -> Result<C::R, Undefined> {
        match self.eval(e)? {
            V::Num(r) => Ok(r),
            _ => undef(format!("{e} is not a number")),
        }
    }

    fn vector(&self, e: &Expr) -> Result<Vec<C::S>, Undefined> {
        match self.eval(e)? {
            V::Vec(v) | V::Mat(v) => Ok(v),
            _ => undef(format!("{e} is not a distribution")),
        }
    }

    fn at(&self, e: &Expr, len: usize) -> Result<usize, Undefined> {
        let r = self.number(e)?;
        let k = self.calc.index(&r)?;
        if k < 1 || k as usize > len {
            return undef(format!("index {k} outside 1..{len}"));
        }
        Ok(k as usize - 1)
    }

    fn zero_like(&self, v: &V<C::S, C::R>) -> V<C::S, C::R> {
        let z = self.calc.entry_q(&Q::zero());
        match v {
            V::Vec(x) => V::Vec(vec![z; x.len()]),
            V::Mat(x) => V::Mat(vec![z; x.len()]),
            _ => V::Num(self.calc.num(Q::zero())),
        }
    }

    fn joint(&self, name: &str, transposed: bool) -> Result<Vec<C::S>, Undefined> {
        let flat = self.input(name)?;
        let n = self.n();
        Ok(if transposed {
            (0..n * n)
                .map(|k| flat[(k % n) * n + k / n].clone())
                .collect()
        } else {
            flat.to_vec()
        })
    }

    fn marginal(&self, joint: &str, rows: bool) -> Result<Vec<C::S>, Undefined> {
        let flat = self.input(joint)?;
        let n = self.n();
        let zero = self.calc.entry_q(&Q::zero());
        Ok((0..n)
            .map(|i| {
                (0..n).fold(zero.clone(), |acc, j| {
                    let k = if rows { i * n + j } else { j * n + i };
                    self.calc.s_op(BinOp::Add, &acc, &flat[k])
                })
            })
            .collect())
    }

    /// Evaluate an expression.
    pub fn eval(&self, e: &Expr) -> EvalResult<C> {
        let c = self.calc;
        Ok(match e {
            Expr::Num(n) => V::Num(
                c.num(
                    n.to_ratio()
                        .ok_or_else(|| Undefined(format!("number {n} out of range")))?,
                ),
            ),
            Expr::Name(name) => {
                if let Some(i) = self.bound(name) {
                    return Ok(V::Num(c.num(Q::from_integer(BigInt::from(i + 1)))));
                }
                match self.scope.names.get(name) {
                    Some(Resolved::Input(k)) => {
                        let v = self.input(name)?;
                        match k {
                            Kind::Dist | Kind::Vector | Kind::Positive => V::Vec(v.to_vec()),
                            Kind::Joint | Kind::Kernel => V::Mat(v.to_vec()),
                            Kind::Unit | Kind::Real => V::Num(c.of(&v[0])),
                        }
                    }
                    Some(Resolved::Def(d)) => {
                        let saved = std::mem::take(&mut *self.idx.borrow_mut());
                        let r = self.eval(d);
                        *self.idx.borrow_mut() = saved;
                        r?
                    }
                    Some(Resolved::Marginal { joint, rows }) => {
                        V::Vec(self.marginal(joint, *rows)?)
                    }
                    None => return undef(format!("unknown name {name}")),
                }
            }
            Expr::Neg(x) => match self.eval(x)? {
                V::Num(r) => V::Num(c.neg(r)),
                V::Vec(v) => V::Vec(v.iter().map(|s| neg_s(c, s)).collect()),
                V::Mat(v) => V::Mat(v.iter().map(|s| neg_s(c, s)).collect()),
                V::Set(_) => return undef("negative support"),
            },
            Expr::Binary { op, lhs, rhs } => return self.binary(*op, lhs, rhs),
            Expr::Func { func, args } => match func {
                Func::Total => {
                    let v = self.vector(&args[0])?;
                    let zero = c.entry_q(&Q::zero());
                    V::Num(c.of(&v.iter().fold(zero, |a, x| c.s_op(BinOp::Add, &a, x))))
                }
                Func::Supp => {
                    let v = self.vector(&args[0])?;
                    V::Set(v.iter().map(|x| !c.s_zero(x)).collect())
                }
                _ => {
                    let mut it = args.iter();
                    let first =
                        self.number(it.next().ok_or_else(|| Undefined("no argument".into()))?)?;
                    let mut acc = c.func(*func, first, None)?;
                    for a in it {
                        let v = self.number(a)?;
                        acc = c.func(*func, acc, Some(v))?;
                    }
                    V::Num(acc)
                }
            },
            Expr::Measure(m) => V::Num(self.measure(m)?),
            Expr::Index { base, idx } => {
                let n = self.n();
                match self.eval(base)? {
                    V::Vec(v) => V::Num(c.of(&v[self.at(&idx[0], v.len())?])),
                    V::Set(v) => {
                        let i = self.at(&idx[0], v.len())?;
                        V::Num(c.num(if v[i] { Q::one() } else { Q::zero() }))
                    }
                    V::Mat(v) => {
                        let (i, j) = (self.at(&idx[0], n)?, self.at(&idx[1], n)?);
                        V::Num(c.of(&v[i * n + j]))
                    }
                    V::Num(_) => return undef(format!("{base} has no entries")),
                }
            }
            Expr::Cond {
                joint,
                of,
                given,
                at,
            } => {
                let (name, transposed) = self
                    .scope
                    .conds
                    .get(&(joint.clone(), *of, *given))
                    .ok_or_else(|| Undefined("unresolved conditional".into()))?;
                let n = self.n();
                let flat = self.joint(name, *transposed)?;
                let x = self.at(at, n)?;
                let row = &flat[x * n..(x + 1) * n];
                let zero = c.entry_q(&Q::zero());
                let total = row.iter().fold(zero, |a, v| c.s_op(BinOp::Add, &a, v));
                if c.s_zero(&total) {
                    return undef(format!(
                        "{joint}_{given}[{}] = 0: the conditional {joint}_{{{of}|{given}={}}} is undefined",
                        x + 1,
                        x + 1
                    ));
                }
                V::Vec(
                    row.iter()
                        .map(|v| c.s_div(v, &total))
                        .collect::<Result<_, _>>()?,
                )
            }
            Expr::Sum { var, body } => {
                let mut acc = c.num(Q::zero());
                for i in 0..self.n() {
                    let t = self.with_index(var, i, || self.number(body))?;
                    acc = c.op(BinOp::Add, acc, t)?;
                }
                V::Num(acc)
            }
            Expr::Expect { var, dist, body } => {
                let d = self.vector(dist)?;
                let mut acc = c.num(Q::zero());
                for (i, w) in d.iter().enumerate() {
                    if c.s_zero(w) {
                        continue;
                    }
                    let t = self.with_index(var, i, || self.number(body))?;
                    acc = c.op(BinOp::Add, acc, c.op(BinOp::Mul, c.of(w), t)?)?;
                }
                V::Num(acc)
            }
            Expr::SuppSize(x) => {
                let v = self.vector(x)?;
                let k = v.iter().filter(|s| !c.s_zero(s)).count();
                V::Num(c.num(Q::from_integer(BigInt::from(k))))
            }
        })
    }

    fn binary(&self, op: BinOp, lhs: &Expr, rhs: &Expr) -> EvalResult<C> {
        let c = self.calc;
        let l = self.eval(lhs);
        if op == BinOp::Mul {
            // 0·x = 0 whatever x is (0 ln 0 = 0): the right side is not needed
            if let Ok(V::Num(x)) = &l {
                if c.is_zero(x) {
                    return Ok(match self.eval(rhs) {
                        Ok(v) => self.zero_like(&v),
                        Err(_) => V::Num(c.num(Q::zero())),
                    });
                }
            }
        }
        let r = self.eval(rhs);
        if op == BinOp::Mul {
            if let Ok(V::Num(y)) = &r {
                if c.is_zero(y) {
                    return Ok(match l {
                        Ok(v) => self.zero_like(&v),
                        Err(_) => V::Num(c.num(Q::zero())),
                    });
                }
            }
        }
        let (l, r) = (l?, r?);
        let n = self.n();
        Ok(match (op, l, r) {
            (_, V::Num(a), V::Num(b)) => V::Num(c.op(op, a, b)?),
            (BinOp::Add | BinOp::Sub, V::Vec(a), V::Vec(b)) => V::Vec(zip(c, op, &a, &b)),
            (BinOp::Add | BinOp::Sub, V::Mat(a), V::Mat(b)) => V::Mat(zip(c, op, &a, &b)),
            (BinOp::Mul, V::Num(k), V::Vec(v)) | (BinOp::Mul, V::Vec(v), V::Num(k)) => {
                V::Vec(scale(c, &c.entry(&k)?, &v))
            }
            (BinOp::Mul, V::Num(k), V::Mat(v)) | (BinOp::Mul, V::Mat(v), V::Num(k)) => {
                V::Mat(scale(c, &c.entry(&k)?, &v))
            }
            (BinOp::Mul, V::Vec(p), V::Mat(k)) => {
                let zero = c.entry_q(&Q::zero());
                V::Vec(
                    (0..n)
                        .map(|j| {
                            (0..n).fold(zero.clone(), |a, i| {
                                c.s_op(BinOp::Add, &a, &c.s_op(BinOp::Mul, &p[i], &k[i * n + j]))
                            })
                        })
                        .collect(),
                )
            }
            (BinOp::Div, V::Vec(v), V::Num(k)) => {
                let k = c.entry(&k)?;
                V::Vec(v.iter().map(|x| c.s_div(x, &k)).collect::<Result<_, _>>()?)
            }
            (BinOp::Div, V::Mat(v), V::Num(k)) => {
                let k = c.entry(&k)?;
                V::Mat(v.iter().map(|x| c.s_div(x, &k)).collect::<Result<_, _>>()?)
            }
            (BinOp::Outer, V::Vec(a), V::Vec(b)) => V::Mat(
                a.iter()
                    .flat_map(|x| b.iter().map(move |y| (x, y)))
                    .map(|(x, y)| c.s_op(BinOp::Mul, x, y))
                    .collect(),
            ),
            _ => return undef(format!("'{}' between these operands", op.symbol().trim())),
        })
    }

    fn measure(&self, m: &Measure) -> Result<C::R, Undefined> {
        let c = self.calc;
        let e = c.eng();
        let n = self.n();
        let args: Vec<Vec<C::S>> = m
            .arguments()
            .into_iter()
            .map(|a| self.vector(a))
            .collect::<Result<_, _>>()?;
        if args.len() == 2 && args[0].len() != args[1].len() {
            return undef("arguments of different sizes");
        }
        // the measures take non-negative vectors (`KL(-P||Q)` parses; found
        // by fuzzing: the exact engine took the logarithm of a negative entry)
        let zero = c.entry_q(&Q::zero());
        if args.iter().flatten().any(|x| c.s_cmp(x, &zero).is_lt()) {
            return undef("a measure's argument has a negative entry");
        }
        fn j<S>(flat: &[S], n: usize) -> Joint<'_, S> {
            Joint {
                flat,
                rows: n,
                cols: n,
            }
        }
        Ok(c.out(match m {
            Measure::Entropy(_) => measures::entropy(e, &args[0]),
            Measure::CrossEntropy { .. } => measures::cross_entropy(e, &args[0], &args[1]),
            Measure::Kl { .. } => measures::kl(e, &args[0], &args[1]),
            Measure::Jsd { .. } => measures::jsd(e, &args[0], &args[1]),
            Measure::Js { .. } => measures::js_distance(e, &args[0], &args[1]),
            Measure::Tv { .. } => measures::tv(e, &args[0], &args[1]),
            Measure::Hellinger { .. } => measures::hellinger(e, &args[0], &args[1]),
            Measure::Chi2 { .. } => measures::chi2(e, &args[0], &args[1]),
            Measure::Renyi { alpha, .. } => {
                let al = match alpha {
                    Alpha::Inf => measures::Alpha::Inf,
                    Alpha::Finite(ex) => {
                        let r = c.alpha(&self.number(ex)?)?;
                        if r.is_negative() {
                            return undef("Rényi order must be ≥ 0");
                        } else if r.is_zero() {
                            measures::Alpha::Zero
                        } else if r.is_one() {
                            return Ok(c.out(measures::kl(e, &args[0], &args[1])));
                        } else {
                            measures::Alpha::Finite(r)
                        }
                    }
                };
                measures::renyi(e, &args[0], &args[1], &al)
            }
            Measure::MarginalEntropy(v) => {
                let f = self.joint(JOINT, *v == Var::Y)?;
                measures::marginal_entropy_x(e, j(&f, n))
            }
            Measure::JointEntropy { first, second } => {
                if first == second {
                    let f = self.joint(JOINT, *first == Var::Y)?;
                    measures::marginal_entropy_x(e, j(&f, n))
                } else {
                    let f = self.joint(JOINT, false)?;
                    measures::joint_entropy(e, j(&f, n))
                }
            }
            Measure::CondEntropy { of, given } => {
                if of == given {
                    return Ok(c.num(Q::zero()));
                }
                // cond_entropy gives H(rows | columns)
                let f = self.joint(JOINT, *of == Var::Y)?;
                measures::cond_entropy(e, j(&f, n))
            }
            Measure::MutualInfo { first, second } => {
                let f = self.joint(JOINT, *first == Var::Y)?;
                if first == second {
                    measures::marginal_entropy_x(e, j(&f, n))
                } else {
                    measures::mutual_information(e, j(&f, n))
                }
            }
        }))
    }
}

fn neg_s<C: Calc>(c: &C, s: &C::S) -> C::S {
    c.s_op(BinOp::Sub, &c.entry_q(&Q::zero()), s)
}

fn zip<C: Calc>(c: &C, op: BinOp, a: &[C::S], b: &[C::S]) -> Vec<C::S> {
    a.iter().zip(b).map(|(x, y)| c.s_op(op, x, y)).collect()
}

fn scale<C: Calc>(c: &C, k: &C::S, v: &[C::S]) -> Vec<C::S> {
    v.iter().map(|x| c.s_op(BinOp::Mul, k, x)).collect()
}

/// One atomic relation of a formula, evaluated exactly.
#[derive(Debug, Clone)]
pub struct Relation {
    /// The left side, as printed.
    pub lhs: String,
    /// The relation.
    pub rel: Rel,
    /// The right side, as printed.
    pub rhs: String,
    /// The left value (numbers).
    pub l: Real,
    /// The right value (numbers).
    pub r: Real,
    /// For relations between vectors or supports: decided already, with
    /// the two sides as text.
    pub fixed: Option<Fixed>,
}

/// A relation between vectors, decided exactly when evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixed {
    /// Whether it holds.
    pub holds: bool,
    /// The left value as text.
    pub left: String,
    /// The right value as text.
    pub right: String,
}

impl Relation {
    /// `lhs rel rhs` with values.
    pub fn new(lhs: &str, l: Real, rel: Rel, rhs: &str, r: Real) -> Relation {
        Relation {
            lhs: lhs.to_string(),
            rel,
            rhs: rhs.to_string(),
            l,
            r,
            fixed: None,
        }
    }

    /// `lhs rel rhs` as text.
    pub fn text(&self) -> String {
        format!("{} {} {}", self.lhs, self.rel.symbol(), self.rhs)
    }
}

/// The logical structure of an evaluated formula over its relations.
#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    /// Relation number `k`.
    Atom(usize),
    /// Negation.
    Not(Box<Tree>),
    /// Conjunction.
    And(Vec<Tree>),
    /// Disjunction.
    Or(Vec<Tree>),
    /// Implication.
    Implies(Box<Tree>, Box<Tree>),
    /// Equivalence.
    Iff(Box<Tree>, Box<Tree>),
    /// A part whose value is undefined on this instance (why).
    Undef(String),
}

/// A formula evaluated on one instance: its relations and structure.
#[derive(Debug, Clone)]
pub struct Evaluated {
    /// The relations, in order of appearance.
    pub rels: Vec<Relation>,
    /// The structure.
    pub tree: Tree,
}

impl Eval<'_, Arith> {
    /// Evaluate a formula into relations and structure.
    pub fn formula(&self, f: &Formula) -> Evaluated {
        let mut rels = Vec::new();
        let tree = self.tree(f, &mut rels);
        Evaluated { rels, tree }
    }

    fn tree(&self, f: &Formula, rels: &mut Vec<Relation>) -> Tree {
        match f {
            Formula::Chain(c) => match self.chain(c) {
                Ok(v) => {
                    let start = rels.len();
                    rels.extend(v);
                    Tree::And((start..rels.len()).map(Tree::Atom).collect())
                }
                Err(Undefined(why)) => Tree::Undef(why),
            },
            Formula::Not(x) => Tree::Not(Box::new(self.tree(x, rels))),
            Formula::And(v) => Tree::And(v.iter().map(|x| self.tree(x, rels)).collect()),
            Formula::Or(v) => Tree::Or(v.iter().map(|x| self.tree(x, rels)).collect()),
            Formula::Implies(a, b) => {
                Tree::Implies(Box::new(self.tree(a, rels)), Box::new(self.tree(b, rels)))
            }
            Formula::Iff(a, b) => {
                Tree::Iff(Box::new(self.tree(a, rels)), Box::new(self.tree(b, rels)))
            }
            Formula::All { var, body } => Tree::And(
                (0..self.n())
                    .map(|i| self.with_index(var, i, || self.tree(body, rels)))
                    .collect(),
            ),
        }
    }

    fn chain(&self, c: &Claim) -> Result<Vec<Relation>, Undefined> {
        let suffix = {
            let b = self.idx.borrow();
            if b.is_empty() {
                String::new()
            } else {
                let s: Vec<String> = b.iter().map(|(v, i)| format!("{v} = {}", i + 1)).collect();
                format!(" (at {})", s.join(", "))
            }
        };
        let mut out = Vec::new();
        let mut prev = self.eval(&c.first)?;
        let mut prev_text = c.first.to_string();
        for (rel, e) in &c.rest {
            let v = self.eval(e)?;
            let t = e.to_string();
            let r = match (&prev, &v) {
                (V::Num(a), V::Num(b)) => Relation::new(&prev_text, a.clone(), *rel, &t, b.clone()),
                _ => {
                    let fixed = self.fixed(&prev, *rel, &v)?;
                    let mut r =
                        Relation::new(&prev_text, Real::q(Q::zero()), *rel, &t, Real::q(Q::zero()));
                    r.fixed = Some(fixed);
                    r
                }
            };
            out.push(r);
            prev = v;
            prev_text = t;
        }
        if !suffix.is_empty() {
            for r in &mut out {
                r.rhs.push_str(&suffix);
            }
        }
        Ok(out)
    }

    fn fixed(&self, a: &V<Q, Real>, rel: Rel, b: &V<Q, Real>) -> Result<Fixed, Undefined> {
        let text = |v: &V<Q, Real>| -> String {
            match v {
                V::Num(r) => r
                    .as_rational()
                    .map_or_else(|| "a number".to_string(), crate::num::q_text),
                V::Vec(x) | V::Mat(x) => {
                    let s: Vec<String> = x.iter().map(crate::num::q_text).collect();
                    format!("[{}]", s.join(", "))
                }
                V::Set(x) => {
                    let s: Vec<String> = x
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| **b)
                        .map(|(i, _)| (i + 1).to_string())
                        .collect();
                    format!("{{{}}}", s.join(", "))
                }
            }
        };
        let entries = |v: &V<Q, Real>, len: usize| -> Result<Vec<Q>, Undefined> {
            Ok(match v {
                V::Vec(x) | V::Mat(x) => x.clone(),
                V::Set(x) => x
                    .iter()
                    .map(|b| if *b { Q::one() } else { Q::zero() })
                    .collect(),
                V::Num(r) => vec![
                    r.as_rational().cloned().ok_or_else(|| Undefined(
                        "a vector compared with an irrational number".into()
                    ))?;
                    len
                ],
            })
        };
        let len = match (a, b) {
            (V::Vec(x) | V::Mat(x), _) | (_, V::Vec(x) | V::Mat(x)) => x.len(),
            (V::Set(x), _) | (_, V::Set(x)) => x.len(),
            _ => 0,
        };
        let (x, y) = (entries(a, len)?, entries(b, len)?);
        if x.len() != y.len() {
            return undef("vectors of different sizes compared");
        }
        let holds = match rel {
            Rel::Ne => x != y,
            _ => x
                .iter()
                .zip(&y)
                .all(|(u, v)| super::decide::satisfies(rel, u.cmp(v))),
        };
        Ok(Fixed {
            holds,
            left: text(a),
            right: text(b),
        })
    }
}

/// Evaluate a formula on an instance at the precision of `a`.
pub fn evaluate(f: &Formula, scope: &Scope, inst: &Instance, a: &Arith) -> Evaluated {
    let inputs = Inputs::of(inst);
    Eval::new(a, scope, &inputs).formula(f)
}

/// Evaluate an expression on an instance at the precision of `a`.
pub fn eval(e: &Expr, scope: &Scope, inst: &Instance, a: &Arith) -> Val {
    let inputs = Inputs::of(inst);
    Eval::new(a, scope, &inputs).number(e)
}
