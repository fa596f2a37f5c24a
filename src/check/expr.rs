//! Evaluating claims of the claims language on an [`Instance`].

use num_traits::{One, Signed, Zero};

use super::arith::{Arith, Undefined, Val};
use super::instance::{Instance, Slot, SlotKind};
use crate::claims::{Alpha, BinOp, Claim, Dist, Expr, Func, Measure, Var};
use crate::exact::engine::Real;
use crate::measures::{self, Joint};
use crate::num::Q;

/// The slot name of the joint distribution of `(X, Y)`.
pub const JOINT: &str = "XY";

/// The inputs a claim needs: `P`, `Q`, `R` (as used, `M` implying `P`
/// and `Q`) and the joint `XY`.
pub fn claim_shape(c: &Claim) -> Vec<Slot> {
    let mut shape: Vec<Slot> = c
        .distributions_required()
        .into_iter()
        .map(|d| Slot::new(d.name(), SlotKind::Dist))
        .collect();
    if c.uses_joint() {
        shape.push(Slot::new(JOINT, SlotKind::Joint));
    }
    shape
}

fn dist_values(inst: &Instance, d: Dist) -> Vec<Q> {
    match d {
        Dist::M => {
            let half = Q::new(1.into(), 2.into());
            inst.get("P")
                .iter()
                .zip(inst.get("Q"))
                .map(|(a, b)| (a + b) * &half)
                .collect()
        }
        _ => inst.get(d.name()).to_vec(),
    }
}

fn transpose(flat: &[Q], n: usize) -> Vec<Q> {
    (0..n * n)
        .map(|k| flat[(k % n) * n + k / n].clone())
        .collect()
}

/// Evaluate an expression on `inst` at the precision of `a`.
pub fn eval(e: &Expr, inst: &Instance, a: &Arith) -> Val {
    match e {
        Expr::Num(n) => n
            .to_ratio()
            .map(Real::q)
            .ok_or_else(|| Undefined(format!("number {n} out of range"))),
        Expr::Neg(x) => Ok(a.neg(eval(x, inst, a)?)),
        Expr::Binary { op, lhs, rhs } => {
            let (l, r) = (eval(lhs, inst, a)?, eval(rhs, inst, a)?);
            match op {
                BinOp::Add => a.add(l, r),
                BinOp::Sub => a.sub(l, r),
                BinOp::Mul => a.mul(l, r),
                BinOp::Div => a.div(l, r),
                BinOp::Pow => a.pow(l, r),
            }
        }
        Expr::Func { func, args } => {
            let mut vals = Vec::with_capacity(args.len());
            for x in args {
                vals.push(eval(x, inst, a)?);
            }
            let mut it = vals.into_iter();
            let first = it.next().ok_or_else(|| Undefined("no argument".into()))?;
            match func {
                Func::Sqrt => a.sqrt(first),
                Func::Ln => a.ln(first),
                Func::Exp => a.exp(first),
                Func::Log2 => a.log2(first),
                Func::Abs => a.abs(first),
                Func::Min | Func::Max => {
                    it.try_fold(first, |acc, v| a.min_max(acc, v, *func == Func::Max))
                }
            }
        }
        Expr::Measure(m) => measure(m, inst, a),
    }
}

fn measure(m: &Measure, inst: &Instance, a: &Arith) -> Val {
    let e = &a.eng;
    let two = |p: &Dist, q: &Dist| (dist_values(inst, *p), dist_values(inst, *q));
    Ok(match m {
        Measure::Entropy(p) => measures::entropy(e, &dist_values(inst, *p)),
        Measure::CrossEntropy { p, q } => {
            let (x, y) = two(p, q);
            measures::cross_entropy(e, &x, &y)
        }
        Measure::Kl { p, q } => {
            let (x, y) = two(p, q);
            measures::kl(e, &x, &y)
        }
        Measure::Jsd { p, q } => {
            let (x, y) = two(p, q);
            measures::jsd(e, &x, &y)
        }
        Measure::Js { p, q } => {
            let (x, y) = two(p, q);
            measures::js_distance(e, &x, &y)
        }
        Measure::Tv { p, q } => {
            let (x, y) = two(p, q);
            measures::tv(e, &x, &y)
        }
        Measure::Hellinger { p, q } => {
            let (x, y) = two(p, q);
            measures::hellinger(e, &x, &y)
        }
        Measure::Chi2 { p, q } => {
            let (x, y) = two(p, q);
            measures::chi2(e, &x, &y)
        }
        Measure::Renyi { alpha, p, q } => {
            let (x, y) = two(p, q);
            let al = match alpha {
                Alpha::Inf => measures::Alpha::Inf,
                Alpha::Finite(ex) => {
                    let v = eval(ex, inst, a)?;
                    let Some(r) = v.as_rational() else {
                        return Err(Undefined("Rényi order must be a rational number".into()));
                    };
                    if r.is_negative() {
                        return Err(Undefined("Rényi order must be ≥ 0".into()));
                    } else if r.is_zero() {
                        measures::Alpha::Zero
                    } else if r.is_one() {
                        return Ok(measures::kl(e, &x, &y));
                    } else {
                        measures::Alpha::Finite(r.clone())
                    }
                }
            };
            measures::renyi(e, &x, &y, &al)
        }
        Measure::MarginalEntropy(v) => {
            let (flat, n) = joint(inst, *v == Var::Y)?;
            measures::marginal_entropy_x(e, jref(&flat, n))
        }
        Measure::JointEntropy { first, second } => {
            let (flat, n) = joint(inst, false)?;
            if first == second {
                let (f2, _) = joint(inst, *first == Var::Y)?;
                measures::marginal_entropy_x(e, jref(&f2, n))
            } else {
                measures::joint_entropy(e, jref(&flat, n))
            }
        }
        Measure::CondEntropy { of, given } => {
            if of == given {
                return Ok(Real::q(Q::zero()));
            }
            // cond_entropy gives H(rows | columns)
            let (flat, n) = joint(inst, *of == Var::Y)?;
            measures::cond_entropy(e, jref(&flat, n))
        }
        Measure::MutualInfo { first, second } => {
            let (flat, n) = joint(inst, *first == Var::Y)?;
            if first == second {
                measures::marginal_entropy_x(e, jref(&flat, n))
            } else {
                measures::mutual_information(e, jref(&flat, n))
            }
        }
    })
}

/// The joint as a row-major `n × n` matrix, transposed (rows `Y`) if asked.
fn joint(inst: &Instance, transposed: bool) -> Result<(Vec<Q>, usize), Undefined> {
    let flat = inst
        .try_get(JOINT)
        .ok_or_else(|| Undefined("no joint distribution".into()))?;
    let n = inst.n;
    Ok(if transposed {
        (transpose(flat, n), n)
    } else {
        (flat.to_vec(), n)
    })
}

fn jref(flat: &[Q], n: usize) -> Joint<'_, Q> {
    Joint {
        flat,
        rows: n,
        cols: n,
    }
}
