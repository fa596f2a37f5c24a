//! What is checked: a resolved statement with its shape and domain; and
//! the decision on one instance.

use std::sync::Arc;

use serde::Serialize;

use super::arith::{Arith, Undefined};
use super::decide::{compare, satisfies, How};
use super::expr::{evaluate, Evaluated, Tree};
pub use super::expr::{Fixed, Relation};
use super::instance::{Instance, Slot};
use crate::claims::scope::{resolve, Scope, ScopeError};
use crate::claims::{Claim, Formula, Statement};

/// The decision on one instance.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase", tag = "outcome")]
pub enum Outcome {
    /// The statement holds.
    Holds {
        /// Exact if every relation was decided exactly.
        how: How,
    },
    /// Relation number `relation` makes the statement false.
    Violated {
        /// Index of the violated relation.
        relation: usize,
        /// How the violation was decided.
        how: How,
    },
    /// Nothing violated, relation number `relation` undecided.
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

/// A statement ready to run: its resolved names, inputs and domain.
#[derive(Debug, Clone)]
pub struct Target {
    /// Name (catalogue id or the claim text).
    pub name: String,
    /// The statement as printed.
    pub statement: String,
    /// Inputs, in lattice order.
    pub shape: Vec<Slot>,
    /// The domain conditions in words, if restricted.
    pub domain: Option<String>,
    pub(crate) stmt: Arc<Statement>,
    pub(crate) scope: Arc<Scope>,
}

/// A `&'static str` for a slot name (names are few; each is stored once).
pub fn intern(s: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut set = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(x) = set.get(s) {
        return x;
    }
    let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
    set.insert(leaked);
    leaked
}

/// A three-valued verdict on a (sub)formula.
#[derive(Debug, Clone, PartialEq)]
enum Tv {
    True(Option<usize>),
    False(usize),
    Unknown(usize),
    Undef(String),
}

impl Target {
    /// A target for a statement.
    pub fn new(name: &str, st: Statement) -> Result<Target, ScopeError> {
        let scope = resolve(&st)?;
        let shape = scope
            .inputs
            .iter()
            .map(|(n, k)| Slot::new(intern(n), *k))
            .collect();
        let domain = (!scope.conditions.is_empty()).then(|| {
            scope
                .conditions
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        });
        Ok(Target {
            name: name.to_string(),
            statement: st.to_string(),
            shape,
            domain,
            stmt: Arc::new(st),
            scope: Arc::new(scope),
        })
    }

    /// A target for a chain of relations.
    pub fn from_claim(name: &str, claim: Claim) -> Result<Target, ScopeError> {
        Target::new(name, Statement::from(claim))
    }

    /// The statement.
    pub fn statement(&self) -> &Statement {
        &self.stmt
    }

    /// The resolved names.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The chain, when the statement is a single chain (possibly with a
    /// `where` clause).
    pub fn chain(&self) -> Option<&Claim> {
        match &self.stmt.formula {
            Formula::Chain(c) => Some(c),
            _ => None,
        }
    }

    /// The formula evaluated on `inst` at the precision of `a`.
    pub fn evaluate(&self, inst: &Instance, a: &Arith) -> Evaluated {
        evaluate(&self.stmt.formula, &self.scope, inst, a)
    }

    /// The relations on `inst` at the precision of `a` (an error when the
    /// whole statement is undefined there).
    pub fn relations(&self, inst: &Instance, a: &Arith) -> Result<Vec<Relation>, Undefined> {
        let ev = self.evaluate(inst, a);
        if let Tree::Undef(why) = ev.tree {
            return Err(Undefined(why));
        }
        if let Tree::And(v) = &ev.tree {
            if let Some(Tree::Undef(why)) = v.iter().find(|t| matches!(t, Tree::Undef(_))) {
                return Err(Undefined(why.clone()));
            }
        }
        Ok(ev.rels)
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
        self.decide_in(&self.stmt.formula, inst, rels, k, max_prec)
    }

    fn decide_in(
        &self,
        f: &Formula,
        inst: &Instance,
        rels: &[Relation],
        k: usize,
        max_prec: u32,
    ) -> Option<(bool, How)> {
        let r = &rels[k];
        if let Some(fx) = &r.fixed {
            return Some((fx.holds, How::Exact));
        }
        let refine = |p: u32| {
            let mut v = evaluate(f, &self.scope, inst, &Arith::new(p)).rels;
            (k < v.len()).then(|| v.swap_remove(k)).map(|x| (x.l, x.r))
        };
        compare(&r.l, &r.r, refine, max_prec).map(|(ord, how)| (satisfies(r.rel, ord), how))
    }

    fn decide_formula(&self, f: &Formula, inst: &Instance, max_prec: u32, exact: &mut bool) -> Tv {
        let ev = evaluate(f, &self.scope, inst, &Arith::new(64));
        let mut cache: Vec<Option<Option<(bool, How)>>> = vec![None; ev.rels.len()];
        let mut atom = |k: usize| -> Option<bool> {
            if cache[k].is_none() {
                cache[k] = Some(self.decide_in(f, inst, &ev.rels, k, max_prec));
            }
            match cache[k].flatten() {
                Some((b, how)) => {
                    *exact &= how == How::Exact;
                    Some(b)
                }
                None => None,
            }
        };
        tv(&ev.tree, &mut atom)
    }

    /// Decide the statement on one instance.
    pub fn decide(&self, inst: &Instance, max_prec: u32) -> Outcome {
        let mut exact = true;
        for c in &self.scope.conditions {
            match self.decide_formula(c, inst, max_prec, &mut exact) {
                Tv::True(_) => {}
                Tv::Undef(why) => return Outcome::Excluded { reason: why },
                _ => {
                    return Outcome::Excluded {
                        reason: format!("outside the domain ({c})"),
                    }
                }
            }
        }
        let mut exact = true;
        match self.decide_formula(&self.stmt.formula, inst, max_prec, &mut exact) {
            Tv::True(_) => Outcome::Holds {
                how: if exact { How::Exact } else { How::Certified },
            },
            Tv::False(relation) => Outcome::Violated {
                relation,
                how: if exact { How::Exact } else { How::Certified },
            },
            Tv::Unknown(relation) => Outcome::Undecided { relation },
            Tv::Undef(reason) => Outcome::Excluded { reason },
        }
    }
}

fn has_undef(t: &Tree) -> Option<&str> {
    match t {
        Tree::Undef(w) => Some(w),
        _ => None,
    }
}

/// Kleene's three-valued logic over the relations, deciding each relation
/// only when needed; an undefined part makes the whole undefined where its
/// value matters.
fn tv(t: &Tree, atom: &mut dyn FnMut(usize) -> Option<bool>) -> Tv {
    match t {
        Tree::Atom(k) => match atom(*k) {
            Some(true) => Tv::True(Some(*k)),
            Some(false) => Tv::False(*k),
            None => Tv::Unknown(*k),
        },
        Tree::Undef(w) => Tv::Undef(w.clone()),
        Tree::Not(x) => match tv(x, atom) {
            Tv::True(Some(k)) => Tv::False(k),
            Tv::True(None) => Tv::Undef("negation of a formula without relations".into()),
            Tv::False(k) => Tv::True(Some(k)),
            other => other,
        },
        Tree::And(v) => {
            if let Some(w) = v.iter().find_map(has_undef) {
                return Tv::Undef(w.to_string());
            }
            let mut unknown = None;
            let mut last = None;
            for x in v {
                match tv(x, atom) {
                    Tv::True(k) => last = k.or(last),
                    Tv::False(k) => return Tv::False(k),
                    Tv::Unknown(k) => {
                        unknown.get_or_insert(k);
                    }
                    u @ Tv::Undef(_) => return u,
                }
            }
            match unknown {
                Some(k) => Tv::Unknown(k),
                None => Tv::True(last),
            }
        }
        Tree::Or(v) => {
            // short-circuit: one true disjunct decides, whatever the others
            let mut unknown = None;
            let mut last = None;
            let mut undef = None;
            for x in v {
                match tv(x, atom) {
                    t @ Tv::True(_) => return t,
                    Tv::False(k) => last = Some(k),
                    Tv::Unknown(k) => {
                        unknown.get_or_insert(k);
                    }
                    Tv::Undef(w) => {
                        undef.get_or_insert(w);
                    }
                }
            }
            match (undef, unknown, last) {
                (Some(w), _, _) => Tv::Undef(w),
                (None, Some(k), _) => Tv::Unknown(k),
                (None, None, Some(k)) => Tv::False(k),
                (None, None, None) => Tv::Undef("empty disjunction".into()),
            }
        }
        Tree::Implies(a, b) => match tv(a, atom) {
            Tv::False(k) => Tv::True(Some(k)),
            Tv::True(_) => tv(b, atom),
            Tv::Unknown(k) => match tv(b, atom) {
                t @ Tv::True(_) => t,
                Tv::Undef(w) => Tv::Undef(w),
                _ => Tv::Unknown(k),
            },
            u @ Tv::Undef(_) => u,
        },
        Tree::Iff(a, b) => {
            let (x, y) = (tv(a, atom), tv(b, atom));
            match (x, y) {
                (u @ Tv::Undef(_), _) | (_, u @ Tv::Undef(_)) => u,
                (Tv::Unknown(k), _) | (_, Tv::Unknown(k)) => Tv::Unknown(k),
                (Tv::True(k), Tv::True(l)) => Tv::True(l.or(k)),
                (Tv::False(_), Tv::False(l)) => Tv::True(Some(l)),
                (Tv::True(_), Tv::False(l)) => Tv::False(l),
                (Tv::False(k), Tv::True(_)) => Tv::False(k),
            }
        }
    }
}
