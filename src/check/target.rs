//! What is checked: a parsed claim or a custom relation over instances,
//! with its shape and domain; and the decision on one instance.

use serde::Serialize;

use super::arith::{Arith, Undefined};
use super::decide::{compare, satisfies, How};
use super::expr::{claim_shape, eval};
use super::instance::{Instance, Slot};
use crate::claims::{Claim, Rel};
use crate::exact::engine::Real;

/// One relation of a custom check, evaluated on an instance.
#[derive(Debug, Clone)]
pub struct Relation {
    /// The left side, as printed (e.g. `ln p(x)`).
    pub lhs: String,
    /// The relation.
    pub rel: Rel,
    /// The right side, as printed.
    pub rhs: String,
    /// The left value.
    pub l: Real,
    /// The right value.
    pub r: Real,
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
        }
    }

    /// `lhs rel rhs` as text.
    pub fn text(&self) -> String {
        format!("{} {} {}", self.lhs, self.rel.symbol(), self.rhs)
    }
}

/// A custom check: the relations that must hold on an instance, evaluated
/// with the given arithmetic (its precision rises on refinement), or the
/// reason the instance is outside the check's domain.
pub type CustomFn = fn(&Instance, &Arith) -> Result<Vec<Relation>, Undefined>;

/// A domain of validity: instances failing the test are skipped (counted
/// as excluded).
#[derive(Debug, Clone, Copy)]
pub struct Domain {
    /// The condition in words (e.g. `q > 0`).
    pub text: &'static str,
    /// The test.
    pub test: fn(&Instance) -> bool,
}

/// The decision on one instance.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase", tag = "outcome")]
pub enum Outcome {
    /// Every relation holds.
    Holds {
        /// Exact if every relation was decided exactly.
        how: How,
    },
    /// Relation number `relation` is violated.
    Violated {
        /// Index of the violated relation.
        relation: usize,
        /// How the violation was decided.
        how: How,
    },
    /// No relation violated, relation number `relation` undecided.
    Undecided {
        /// Index of the first undecided relation.
        relation: usize,
    },
    /// Outside the domain (or a value undefined there).
    Excluded {
        /// Why.
        reason: String,
    },
}

#[derive(Debug, Clone)]
pub(crate) enum Body {
    Claim(Box<Claim>),
    Custom(CustomFn),
}

/// A claim or custom check, ready to run.
#[derive(Debug, Clone)]
pub struct Target {
    /// Name (catalogue id or the claim text).
    pub name: String,
    /// The statement as printed.
    pub statement: String,
    /// Inputs.
    pub shape: Vec<Slot>,
    /// Domain of validity, if restricted.
    pub domain: Option<Domain>,
    pub(crate) body: Body,
}

impl Target {
    /// A target for a parsed claim.
    pub fn from_claim(name: &str, claim: Claim, domain: Option<Domain>) -> Target {
        Target {
            name: name.to_string(),
            statement: claim.to_string(),
            shape: claim_shape(&claim),
            domain,
            body: Body::Claim(Box::new(claim)),
        }
    }

    /// A target for a custom check.
    pub fn custom(
        name: &str,
        statement: &str,
        shape: &[Slot],
        domain: Option<Domain>,
        f: CustomFn,
    ) -> Target {
        Target {
            name: name.to_string(),
            statement: statement.to_string(),
            shape: shape.to_vec(),
            domain,
            body: Body::Custom(f),
        }
    }

    /// The relations on `inst` at the precision of `a`.
    pub fn relations(&self, inst: &Instance, a: &Arith) -> Result<Vec<Relation>, Undefined> {
        match &self.body {
            Body::Custom(f) => f(inst, a),
            Body::Claim(c) => {
                let mut out = Vec::new();
                let mut prev = eval(&c.first, inst, a)?;
                let mut prev_text = c.first.to_string();
                for (rel, e) in &c.rest {
                    let v = eval(e, inst, a)?;
                    let t = e.to_string();
                    out.push(Relation {
                        lhs: prev_text,
                        rel: *rel,
                        rhs: t.clone(),
                        l: prev,
                        r: v.clone(),
                    });
                    prev = v;
                    prev_text = t;
                }
                Ok(out)
            }
        }
    }

    /// Whether relation `k` of `rels` (the relations on `inst` at 64 bits)
    /// holds, and how that was decided; `None` if undecided within
    /// `max_prec`.
    pub fn decide_relation(
        &self,
        inst: &Instance,
        rels: &[Relation],
        k: usize,
        max_prec: u32,
    ) -> Option<(bool, How)> {
        let r = &rels[k];
        let refine = |p: u32| {
            self.relations(inst, &Arith::new(p))
                .ok()
                .and_then(|mut v| (k < v.len()).then(|| v.swap_remove(k)))
                .map(|x| (x.l, x.r))
        };
        compare(&r.l, &r.r, refine, max_prec).map(|(ord, how)| (satisfies(r.rel, ord), how))
    }

    /// Decide every relation on one instance.
    pub fn decide(&self, inst: &Instance, max_prec: u32) -> Outcome {
        if let Some(d) = &self.domain {
            if !(d.test)(inst) {
                return Outcome::Excluded {
                    reason: format!("outside the domain ({})", d.text),
                };
            }
        }
        let rels = match self.relations(inst, &Arith::new(64)) {
            Ok(r) => r,
            Err(Undefined(why)) => return Outcome::Excluded { reason: why },
        };
        let mut all_exact = true;
        let mut undecided = None;
        for k in 0..rels.len() {
            match self.decide_relation(inst, &rels, k, max_prec) {
                Some((true, how)) => all_exact &= how == How::Exact,
                Some((false, how)) => return Outcome::Violated { relation: k, how },
                None => {
                    undecided.get_or_insert(k);
                }
            }
        }
        match undecided {
            Some(relation) => Outcome::Undecided { relation },
            None => Outcome::Holds {
                how: if all_exact {
                    How::Exact
                } else {
                    How::Certified
                },
            },
        }
    }
}
