//! Claims on your own numbers: `infocert check "<claim>" --p … --q …
//! [--r …] [--joint …]` decides the claim at exactly those inputs.
//!
//! Each side is evaluated by the exact engine (closed forms where there
//! are any, certified enclosures otherwise) and every relation is decided
//! as on a campaign instance; both sides are printed with their closed
//! forms and certified decimals. This is a decision at one point: "holds"
//! is the right word there (exit 0), and it says nothing about other
//! inputs.

use std::io::Write;

use num_traits::{One, Signed, Zero};
use serde::Serialize;

use super::arith::Arith;
use super::decide::How;
use super::expr::JOINT;
use super::instance::{Instance, SlotKind};
use super::report::{Counterexample, Origin};
use super::target::{Outcome, Target};
use crate::num::{q_text, Q};

/// The inputs given on the command line (parsed).
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// `--p`.
    pub p: Option<Vec<Q>>,
    /// `--q`.
    pub q: Option<Vec<Q>>,
    /// `--r`.
    pub r: Option<Vec<Q>>,
    /// `--joint`, rows `X`, columns `Y`.
    pub joint: Option<Vec<Vec<Q>>>,
    /// `--param NAME=VALUES`: any other input or parameter, as rows.
    pub params: Vec<(String, Vec<Vec<Q>>)>,
}

impl Inputs {
    /// Whether any input was given.
    pub fn any(&self) -> bool {
        self.p.is_some()
            || self.q.is_some()
            || self.r.is_some()
            || self.joint.is_some()
            || !self.params.is_empty()
    }

    fn param(&self, name: &str) -> Option<&Vec<Vec<Q>>> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

fn check_dist(name: &str, v: &[Q]) -> Result<(), String> {
    if v.is_empty() {
        return Err(format!("{name} is empty"));
    }
    if let Some((i, x)) = v.iter().enumerate().find(|(_, x)| x.is_negative()) {
        return Err(format!("{name}[{i}] = {} is negative", q_text(x)));
    }
    let s: Q = v.iter().sum();
    if !s.is_one() {
        return Err(format!(
            "{name} sums to {}, not exactly 1 (claims are decided on exact distributions)",
            q_text(&s)
        ));
    }
    Ok(())
}

fn check_nonneg(name: &str, v: &[Q], positive: bool) -> Result<(), String> {
    if v.is_empty() {
        return Err(format!("{name} is empty"));
    }
    let bad = v
        .iter()
        .enumerate()
        .find(|(_, x)| x.is_negative() || (positive && x.is_zero()));
    if let Some((i, x)) = bad {
        let what = if positive { "not positive" } else { "negative" };
        return Err(format!("{name}[{i}] = {} is {what}", q_text(x)));
    }
    Ok(())
}

fn square(name: &str, rows: &[Vec<Q>]) -> Result<Vec<Q>, String> {
    let n = rows.len();
    if rows.iter().any(|r| r.len() != n) {
        return Err(format!(
            "{name} is {n}×{}: joints and kernels are square (pad with zero rows or columns)",
            rows.first().map_or(0, Vec::len)
        ));
    }
    Ok(rows.iter().flatten().cloned().collect())
}

/// The instance of `t` made of the given inputs, or a one-line error.
pub fn instance(t: &Target, inp: &Inputs) -> Result<Instance, String> {
    let mut n: Option<(usize, String)> = None;
    let mut values = Vec::new();
    let mut same = |len: usize, what: &str| -> Result<(), String> {
        match &n {
            Some((m, w)) if *m != len => Err(format!(
                "{what} has {len} outcomes but {w} has {m}: the inputs of a claim share one support"
            )),
            _ => {
                n = Some((len, what.to_string()));
                Ok(())
            }
        }
    };
    let known: Vec<&str> = t.shape.iter().map(|s| s.name).collect();
    for (name, _) in &inp.params {
        if !known.contains(&name.as_str()) {
            return Err(format!(
                "--param {name}: the claim has no input {name} (its inputs: {})",
                known.join(", ")
            ));
        }
    }
    for slot in &t.shape {
        let name = slot.name;
        let flag_rows: Option<Vec<Vec<Q>>> = match name {
            "P" => inp.p.clone().map(|v| vec![v]),
            "Q" => inp.q.clone().map(|v| vec![v]),
            "R" => inp.r.clone().map(|v| vec![v]),
            JOINT => inp.joint.clone(),
            _ => None,
        };
        let rows = match (flag_rows, inp.param(name)) {
            (Some(_), Some(_)) => {
                return Err(format!(
                    "{name} is given twice (by its flag and by --param)"
                ))
            }
            (Some(r), None) => r,
            (None, Some(r)) => r.clone(),
            (None, None) => {
                let flag = match name {
                    "P" => "--p".to_string(),
                    "Q" => "--q".to_string(),
                    "R" => "--r".to_string(),
                    JOINT => "--joint".to_string(),
                    _ => format!("--param {name}=…"),
                };
                return Err(format!("the claim uses {name}: give it with {flag}"));
            }
        };
        let vector = |rows: &[Vec<Q>]| -> Result<Vec<Q>, String> {
            match rows {
                [one] => Ok(one.clone()),
                _ => Err(format!("{name} is a vector: give one row, not a matrix")),
            }
        };
        let v = match slot.kind {
            SlotKind::Dist => {
                let v = vector(&rows)?;
                check_dist(name, &v)?;
                same(v.len(), name)?;
                v
            }
            SlotKind::Joint => {
                let flat = square(name, &rows)?;
                check_dist(name, &flat)?;
                same(rows.len(), name)?;
                flat
            }
            SlotKind::Kernel => {
                let flat = square(name, &rows)?;
                for (i, r) in rows.iter().enumerate() {
                    check_dist(&format!("row {} of {name}", i + 1), r)?;
                }
                same(rows.len(), name)?;
                flat
            }
            SlotKind::Vector | SlotKind::Positive => {
                let v = vector(&rows)?;
                check_nonneg(name, &v, slot.kind == SlotKind::Positive)?;
                same(v.len(), name)?;
                v
            }
            SlotKind::Unit | SlotKind::Real => {
                let v = vector(&rows)?;
                if v.len() != 1 {
                    return Err(format!(
                        "{name} is a number: give one value, found {}",
                        v.len()
                    ));
                }
                if slot.kind == SlotKind::Unit && !(v[0].is_positive() && v[0] < Q::one()) {
                    return Err(format!(
                        "{name} = {} is outside its domain (0,1)",
                        q_text(&v[0])
                    ));
                }
                v
            }
        };
        values.push((*slot, v));
    }
    Ok(Instance {
        n: n.map_or(1, |x| x.0),
        values,
    })
}

/// One relation at the point.
#[derive(Debug, Clone, Serialize)]
pub struct RelationAt {
    /// `Some(true)` holds, `Some(false)` violated, `None` undecided.
    pub holds: Option<bool>,
    /// How it was decided.
    pub how: Option<How>,
    /// The relation with both sides and the gap.
    pub sides: Counterexample,
}

#[derive(Serialize)]
struct PointJson<'a> {
    claim: &'a str,
    verdict: &'static str,
    inputs: &'a Instance,
    relations: &'a [RelationAt],
}

/// Decide `t` at the given inputs and print the result; returns the exit
/// code (0 holds, 1 violated, 2 bad input or undefined there, 3 undecided).
pub fn run(
    t: &Target,
    inp: &Inputs,
    max_prec: u32,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let inst = match instance(t, inp) {
        Ok(i) => i,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    if let Outcome::Excluded { reason } = t.decide(&inst, max_prec) {
        let _ = writeln!(
            err,
            "error: the claim is not defined at these inputs: {reason}"
        );
        return 2;
    }
    let rels = match t.relations(&inst, &Arith::new(64)) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(
                err,
                "error: the claim is not defined at these inputs: {}",
                e.0
            );
            return 2;
        }
    };
    let mut results = Vec::with_capacity(rels.len());
    for k in 0..rels.len() {
        let d = t.decide_relation(&inst, &rels, k, max_prec);
        results.push(RelationAt {
            holds: d.map(|x| x.0),
            how: d.map(|x| x.1),
            sides: Counterexample::build(t, inst.clone(), k, Origin::Given, max_prec),
        });
    }
    let violated = results.iter().any(|r| r.holds == Some(false));
    let undecided = results.iter().any(|r| r.holds.is_none());
    let (verdict, code) = if violated {
        ("violated", 1)
    } else if undecided {
        ("undecided", 3)
    } else {
        ("holds", 0)
    };
    if json {
        let j = PointJson {
            claim: &t.statement,
            verdict,
            inputs: &inst,
            relations: &results,
        };
        let _ = writeln!(out, "{}", serde_json::to_string(&j).expect("serializable"));
        return code;
    }
    let _ = writeln!(out, "claim: {}", t.statement);
    if let Some(d) = &t.domain {
        let _ = writeln!(out, "domain: {d}");
    }
    let _ = writeln!(out, "at:");
    for line in inst.to_string().lines() {
        let _ = writeln!(out, "    {line}");
    }
    for r in &results {
        let status = match (r.holds, r.how) {
            (Some(true), Some(How::Exact)) => "holds (decided exactly)",
            (Some(true), _) => "holds (decided with certified enclosures)",
            (Some(false), Some(How::Exact)) => "VIOLATED (decided exactly)",
            (Some(false), _) => "VIOLATED (decided with certified enclosures)",
            (None, _) => "undecided (the enclosures never excluded a tie)",
        };
        let s = &r.sides;
        let _ = writeln!(out, "  {}: {status}", s.relation);
        let _ = writeln!(out, "    left   {} = {}", s.lhs.expr, s.lhs);
        let _ = writeln!(out, "    right  {} = {}", s.rhs.expr, s.rhs);
        let _ = writeln!(out, "    gap    left − right = {}", s.gap);
    }
    let _ = writeln!(
        out,
        "verdict: {} at these inputs{}",
        match verdict {
            "holds" => "holds",
            "violated" => "violated",
            _ => "undecided",
        },
        if code == 0 {
            " (a decision at this one point, not a proof for other inputs)"
        } else {
            ""
        }
    );
    code
}

/// An expression evaluated with certified digits at given inputs
/// (`infocert eval --expr`).
#[derive(Debug, Clone, Serialize)]
pub struct ExprValue {
    /// The expression as printed.
    pub expr: String,
    /// The inputs.
    pub inputs: Instance,
    /// Its closed form, when it has one.
    pub closed_form: Option<String>,
    /// Certified decimal digits (`"inf"`, `"-inf"`, `"0"` included).
    pub decimal: String,
    /// How many significant digits of `decimal` are certified.
    pub digits: u32,
    /// How many were asked for.
    pub requested_digits: u32,
    /// Whether `decimal` is the exact value.
    pub exact: bool,
    /// An enclosure of the value, three digits beyond `decimal` (`None` for
    /// infinities).
    pub enclosure: Option<(String, String)>,
}

/// Evaluate `text` (an expression with an optional `where` clause) at the
/// given inputs with `digits` certified significant digits.
///
/// # Errors
/// One line: the parse error (with its column), a missing or malformed
/// input, or the reason the value is undefined there.
pub fn eval_expr(text: &str, inp: &Inputs, digits: u32) -> Result<ExprValue, String> {
    use crate::claims::{parse_expr_where, Claim, Expr, Formula, Rel, Statement};
    let (e, decls) = parse_expr_where(text).map_err(|e| format!("{e}\n{}", e.caret()))?;
    let zero = Expr::Num(crate::claims::Number::new("0").expect("literal"));
    let st = Statement {
        formula: Formula::Chain(Claim::new(e.clone(), Rel::Eq, zero)),
        decls,
    };
    let t = Target::new(text, st).map_err(|e| e.message)?;
    let inst = instance(&t, inp)?;
    if let Outcome::Excluded { reason } = t.decide(&inst, 64) {
        if reason.starts_with("outside the domain") {
            return Err(format!(
                "the expression is not defined at these inputs: {reason}"
            ));
        }
    }
    let scope = t.scope().clone();
    let at = |prec: u32| super::expr::eval(&e, &scope, &inst, &Arith::new(prec));
    if let Err(why) = at(64) {
        return Err(format!(
            "the expression is not defined at these inputs: {}",
            why.0
        ));
    }
    let first = at(64).expect("checked");
    let c = crate::certify::certify_digits(
        |p| at(p).unwrap_or_else(|_| first.clone()),
        crate::exact::Base::E,
        crate::measures::BaseScaling::None,
        digits,
    );
    Ok(ExprValue {
        expr: e.to_string(),
        inputs: inst,
        closed_form: super::report::closed_text(&first),
        decimal: c.decimal,
        digits: c.digits,
        requested_digits: c.requested,
        exact: c.exact,
        enclosure: c
            .enclosure
            .map(|(a, b)| crate::certify::enclosure_strings(&a, &b, digits + 3)),
    })
}
