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

use num_traits::{One, Signed};
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
}

impl Inputs {
    /// Whether any input was given.
    pub fn any(&self) -> bool {
        self.p.is_some() || self.q.is_some() || self.r.is_some() || self.joint.is_some()
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

/// The instance of `t` made of the given inputs, or a one-line error.
pub fn instance(t: &Target, inp: &Inputs) -> Result<Instance, String> {
    let mut n: Option<(usize, &str)> = None;
    let mut values = Vec::new();
    let mut same = |len: usize, what: &'static str| -> Result<(), String> {
        match n {
            Some((m, w)) if m != len => Err(format!(
                "{what} has {len} outcomes but {w} has {m}: the distributions of a claim share one support"
            )),
            _ => {
                n = Some((len, what));
                Ok(())
            }
        }
    };
    for slot in &t.shape {
        match (slot.kind, slot.name) {
            (SlotKind::Dist, name @ ("P" | "Q" | "R")) => {
                let (v, flag) = match name {
                    "P" => (&inp.p, "--p"),
                    "Q" => (&inp.q, "--q"),
                    _ => (&inp.r, "--r"),
                };
                let v = v
                    .as_ref()
                    .ok_or_else(|| format!("the claim uses {name}: give it with {flag}"))?;
                check_dist(name, v)?;
                same(v.len(), flag)?;
                values.push((*slot, v.clone()));
            }
            (SlotKind::Joint, JOINT) => {
                let m = inp
                    .joint
                    .as_ref()
                    .ok_or("the claim uses the joint of (X, Y): give it with --joint")?;
                let rows = m.len();
                if m.iter().any(|r| r.len() != rows) {
                    return Err(format!(
                        "--joint is {rows}×{}: claims take a square joint (pad with zero rows or columns)",
                        m.first().map_or(0, Vec::len)
                    ));
                }
                let flat: Vec<Q> = m.iter().flatten().cloned().collect();
                check_dist("the joint", &flat)?;
                same(rows, "--joint")?;
                values.push((*slot, flat));
            }
            (_, name) => {
                return Err(format!(
                    "{} needs an input `{name}` that --p/--q/--r/--joint cannot give",
                    t.name
                ))
            }
        }
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
