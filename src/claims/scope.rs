//! Name resolution and type checking of a [`Statement`].
//!
//! Names that are not declared in the `where` clause follow conventions:
//!
//! | name | is |
//! |---|---|
//! | `P`, `Q`, `R`, `P1`, `B`, … (a capital letter, optional digits) | a distribution |
//! | `K`, `K1`, … | a Markov kernel (`n` rows, each a distribution) |
//! | `M` | the mixture `1/2*P + 1/2*Q` |
//! | `P_XY`, `Q_XZ`, … | a joint distribution (rows the first variable) |
//! | `P_X`, `P_Y`, … | a marginal of the joint `P_XY` (or `P_XZ`, …) |
//! | `P_{Y|X=x}` | the conditional distribution of `Y` given `X = x` in `P_XY` |
//! | `i`, `x`, … bound by `sum_i`, `all_i`, `E[i~…]` | an index `1..n` |
//!
//! Anything else (vectors `a`, energies `w`, weights `l`, …) must be
//! declared: `where a: vector, b: positive, l in (0,1), kT: real`.

use std::collections::BTreeMap;

use super::ast::{
    cond_joint_hint, BinOp, Claim, Decl, Expr, Formula, Func, Kind, Measure, Rel, Statement,
};
use super::parse::{is_index_name, parse_expr, parse_statement, ParseError};

/// The type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A number.
    Num,
    /// A vector of `n` entries (a distribution, a marginal, …).
    Vector,
    /// An `n × n` joint (a distribution on pairs).
    Joint,
    /// An `n × n` Markov kernel.
    Kernel,
    /// A support: the indicator of the non-zero entries of a vector.
    Set,
}

impl Ty {
    fn word(self) -> &'static str {
        match self {
            Ty::Num => "a number",
            Ty::Vector => "a vector",
            Ty::Joint => "a joint distribution",
            Ty::Kernel => "a Markov kernel",
            Ty::Set => "a support",
        }
    }
}

/// What a resolved name is.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    /// An input of the given kind.
    Input(Kind),
    /// A definition.
    Def(Expr),
    /// The marginal of a joint: `keep_rows` for the first variable.
    Marginal {
        /// The joint's name.
        joint: String,
        /// `true` for the row variable (first letter), `false` for the column one.
        rows: bool,
    },
}

/// A statement with its names resolved and types checked.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The inputs in slot order (declared ones first, in declaration order;
    /// then distributions, joints, kernels, vectors, parameters by name).
    pub inputs: Vec<(String, Kind)>,
    /// Every free name and what it is.
    pub names: BTreeMap<String, Resolved>,
    /// The conditionals' joints: `(letter, of, given)` → (joint, whether
    /// the conditioning variable indexes the joint's columns).
    pub conds: BTreeMap<(String, char, char), (String, bool)>,
    /// The domain conditions of the `where` clause.
    pub conditions: Vec<Formula>,
}

/// A resolution error: the message and the name it is about (to locate a
/// column in the input).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ScopeError {
    /// One line.
    pub message: String,
    /// The offending name, if any.
    pub name: Option<String>,
}

fn err<T>(message: String, name: Option<&str>) -> Result<T, ScopeError> {
    Err(ScopeError {
        message,
        name: name.map(str::to_string),
    })
}

fn is_dist_name(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(|c| c.is_ascii_uppercase()) && cs.all(|c| c.is_ascii_digit())
}

fn joint_parts(s: &str) -> Option<(String, Vec<char>)> {
    let (a, b) = s.split_once('_')?;
    if !is_dist_name(a) || b.is_empty() || !b.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    Some((a.to_string(), b.chars().collect()))
}

fn kind_rank(k: Kind) -> u8 {
    match k {
        Kind::Dist => 0,
        Kind::Joint => 1,
        Kind::Kernel => 2,
        Kind::Vector | Kind::Positive => 3,
        Kind::Unit | Kind::Real => 4,
    }
}

/// Resolve the names of `st` and check its types.
pub fn resolve(st: &Statement) -> Result<Scope, ScopeError> {
    let mut declared: Vec<(String, Kind)> = Vec::new();
    let mut defs: BTreeMap<String, Expr> = BTreeMap::new();
    let mut conditions = Vec::new();
    for d in &st.decls {
        match d {
            Decl::Input { name, kind } => {
                if declared.iter().any(|(n, _)| n == name) || defs.contains_key(name) {
                    return err(format!("'{name}' is declared twice"), Some(name));
                }
                declared.push((name.clone(), *kind));
            }
            Decl::Define { name, expr } => {
                if declared.iter().any(|(n, _)| n == name) || defs.contains_key(name) {
                    return err(format!("'{name}' is declared twice"), Some(name));
                }
                defs.insert(name.clone(), expr.clone());
            }
            Decl::Cond(f) => conditions.push(f.clone()),
        }
    }
    // every free name, in order of first occurrence
    let mut names: Vec<String> = Vec::new();
    let mut bound = Vec::new();
    st.formula.collect_names(&mut bound, &mut names);
    for f in &conditions {
        f.collect_names(&mut bound, &mut names);
    }
    let mut i = 0;
    let mut def_names: Vec<String> = defs.keys().cloned().collect();
    def_names.sort();
    for n in &def_names {
        defs[n].collect_names(&mut bound, &mut names);
    }
    // definitions may use names that are not in the formula
    while i < names.len() {
        if let Some(e) = defs.get(&names[i]) {
            let e = e.clone();
            e.collect_names(&mut bound, &mut names);
        }
        i += 1;
    }
    if names.iter().any(|n| n == "M")
        && !defs.contains_key("M")
        && !declared.iter().any(|(n, _)| n == "M")
    {
        defs.insert(
            "M".into(),
            parse_expr("1/2*P + 1/2*Q").expect("the built-in mixture parses"),
        );
        for n in ["P", "Q"] {
            if !names.iter().any(|x| x == n) {
                names.push(n.into());
            }
        }
    }
    let mut resolved: BTreeMap<String, Resolved> = BTreeMap::new();
    let mut inputs: Vec<(String, Kind)> = declared.clone();
    let mut extra: Vec<(String, Kind)> = Vec::new();
    let mut marginals = Vec::new();
    for (n, k) in &declared {
        resolved.insert(n.clone(), Resolved::Input(*k));
    }
    for (n, e) in &defs {
        resolved.insert(n.clone(), Resolved::Def(e.clone()));
    }
    for n in &names {
        if resolved.contains_key(n) {
            continue;
        }
        if n == "X" || n == "Y" {
            return err(
                format!(
                    "expected a distribution (P, Q, R, P1, …), found random variable {n} \
                     (random variables and distributions cannot be mixed: X and Y are the variables of P_XY, as in H({n}))"
                ),
                Some(n),
            );
        }
        if is_dist_name(n) {
            let kind = if n.starts_with('K') {
                Kind::Kernel
            } else {
                Kind::Dist
            };
            extra.push((n.clone(), kind));
            resolved.insert(n.clone(), Resolved::Input(kind));
        } else if let Some((_, vars)) = joint_parts(n) {
            match vars.len() {
                2 if vars[0] != vars[1] => {
                    extra.push((n.clone(), Kind::Joint));
                    resolved.insert(n.clone(), Resolved::Input(Kind::Joint));
                }
                1 => marginals.push(n.clone()),
                _ => {
                    return err(
                        format!("'{n}' is not a joint of two different variables (write P_XY)"),
                        Some(n),
                    )
                }
            }
        } else {
            let mut known: Vec<String> = declared.iter().map(|(n, _)| n.clone()).collect();
            known.extend(defs.keys().cloned());
            let hint = match n.as_str() {
                "e" => " ('e' is not a constant; write exp(1))".to_string(),
                "inf" | "infinity" => {
                    " ('inf' is only allowed as the order in Renyi[inf](P||Q))".to_string()
                }
                "h" | "d" | "i" => format!(
                    " (the measure names H, D and I must be upper-case: did you mean '{}'?)",
                    n.to_uppercase()
                ),
                _ if is_index_name(n) => format!(
                    " (an index must be bound by sum_{n}(…), all_{n}(…) or E[{n}~…](…); \
                     an input must be declared: where {n}: vector | positive | dist | unit | real)"
                ),
                _ => format!(
                    " (declare it: where {n}: dist | joint | kernel | vector | positive | unit | real, or {n} := expr)"
                ),
            };
            let known = if known.is_empty() {
                String::new()
            } else {
                format!(" ({} declared)", known.join(", "))
            };
            return err(
                format!(
                    "expected a distribution (P, Q, R, P1, …), a kernel (K), a joint (P_XY), \
                     a marginal (P_X), M = (P+Q)/2 or a name declared in the where clause{known}, \
                     found unknown name '{n}'{hint}"
                ),
                Some(n),
            );
        }
    }
    // marginals: find their joints
    let joints: Vec<String> = declared
        .iter()
        .chain(&extra)
        .filter(|(_, k)| *k == Kind::Joint)
        .map(|(n, _)| n.clone())
        .collect();
    let mut joints = joints;
    for m in &marginals {
        let (letter, v) = joint_parts(m).expect("checked");
        let v = v[0];
        let found: Vec<&String> = joints
            .iter()
            .filter(|j| joint_parts(j).is_some_and(|(l, vs)| l == letter && vs.contains(&v)))
            .collect();
        let joint = match found.as_slice() {
            [one] => (*one).clone(),
            [] if v == 'X' || v == 'Y' => {
                let j = format!("{letter}_XY");
                extra.push((j.clone(), Kind::Joint));
                resolved.insert(j.clone(), Resolved::Input(Kind::Joint));
                joints.push(j.clone());
                j
            }
            [] => {
                return err(
                    format!(
                    "the marginal '{m}' has no joint: use it with a joint such as {letter}_X{v}"
                ),
                    Some(m),
                )
            }
            _ => {
                return err(
                    format!("the marginal '{m}' is ambiguous: several joints of {letter} have {v}"),
                    Some(m),
                )
            }
        };
        let rows = joint_parts(&joint).expect("joint").1[0] == v;
        resolved.insert(m.clone(), Resolved::Marginal { joint, rows });
    }
    // conditionals
    let mut conds = BTreeMap::new();
    let mut cond_list = Vec::new();
    visit_formula(&st.formula, &mut |e| {
        if let Expr::Cond {
            joint, of, given, ..
        } = e
        {
            cond_list.push((joint.clone(), *of, *given));
        }
    });
    for f in &conditions {
        visit_formula(f, &mut |e| {
            if let Expr::Cond {
                joint, of, given, ..
            } = e
            {
                cond_list.push((joint.clone(), *of, *given));
            }
        });
    }
    for e in defs.values() {
        visit_expr(e, &mut |e| {
            if let Expr::Cond {
                joint, of, given, ..
            } = e
            {
                cond_list.push((joint.clone(), *of, *given));
            }
        });
    }
    for (letter, of, given) in cond_list {
        let rows_first = format!("{letter}_{given}{of}");
        let cols_first = format!("{letter}_{of}{given}");
        let (joint, transposed) = if resolved.contains_key(&rows_first) {
            (rows_first, false)
        } else if resolved.contains_key(&cols_first) {
            (cols_first, true)
        } else {
            // the collector named it alphabetically
            let hint = cond_joint_hint(&letter, of, given);
            (hint.clone(), hint == cols_first)
        };
        if !matches!(resolved.get(&joint), Some(Resolved::Input(Kind::Joint))) {
            return err(
                format!("'{joint}' of the conditional {letter}_{{{of}|{given}=…}} must be a joint"),
                Some(&joint),
            );
        }
        conds.insert((letter, of, given), (joint, transposed));
    }
    extra.sort_by(|a, b| (kind_rank(a.1), &a.0).cmp(&(kind_rank(b.1), &b.0)));
    extra.dedup();
    inputs.extend(extra);
    let scope = Scope {
        inputs,
        names: resolved,
        conds,
        conditions,
    };
    // definitions must not be circular
    for n in defs.keys() {
        scope.check_acyclic(n, &mut Vec::new())?;
    }
    let mut ctx = Vec::new();
    scope.check_formula(&st.formula, &mut ctx)?;
    for f in &scope.conditions {
        scope.check_formula(f, &mut ctx)?;
    }
    Ok(scope)
}

fn visit_formula(f: &Formula, g: &mut dyn FnMut(&Expr)) {
    for c in f.chains() {
        for e in c.exprs() {
            visit_expr(e, g);
        }
    }
}

fn visit_expr(e: &Expr, g: &mut dyn FnMut(&Expr)) {
    g(e);
    for c in e.children() {
        visit_expr(c, g);
    }
}

impl Scope {
    fn check_acyclic(&self, name: &str, stack: &mut Vec<String>) -> Result<(), ScopeError> {
        if stack.iter().any(|s| s == name) {
            return err(
                format!(
                    "the definition of '{name}' is circular ({} → {name})",
                    stack.join(" → ")
                ),
                Some(name),
            );
        }
        if let Some(Resolved::Def(e)) = self.names.get(name) {
            stack.push(name.to_string());
            for n in e.free_names() {
                self.check_acyclic(&n, stack)?;
            }
            stack.pop();
        }
        Ok(())
    }

    /// The kind of an input, if `name` is one.
    pub fn kind(&self, name: &str) -> Option<Kind> {
        match self.names.get(name) {
            Some(Resolved::Input(k)) => Some(*k),
            _ => None,
        }
    }

    fn check_formula(&self, f: &Formula, idx: &mut Vec<String>) -> Result<(), ScopeError> {
        match f {
            Formula::Chain(c) => self.check_chain(c, idx),
            Formula::Not(x) => self.check_formula(x, idx),
            Formula::And(v) | Formula::Or(v) => {
                v.iter().try_for_each(|x| self.check_formula(x, idx))
            }
            Formula::Implies(a, b) | Formula::Iff(a, b) => {
                self.check_formula(a, idx)?;
                self.check_formula(b, idx)
            }
            Formula::All { var, body } => {
                idx.push(var.clone());
                let r = self.check_formula(body, idx);
                idx.pop();
                r
            }
        }
    }

    fn check_chain(&self, c: &Claim, idx: &mut Vec<String>) -> Result<(), ScopeError> {
        for (l, rel, r) in c.relations() {
            let (a, b) = (self.ty(l, idx)?, self.ty(r, idx)?);
            let ok = match (a, b) {
                (Ty::Num, Ty::Num) => true,
                (x, y) if x == y => true,
                (Ty::Vector | Ty::Joint, Ty::Num) | (Ty::Num, Ty::Vector | Ty::Joint) => {
                    rel != Rel::Ne
                }
                _ => false,
            };
            if !ok {
                return err(
                    format!(
                        "expected two numbers or two vectors around {}, found {} ({l}) and {} ({r})",
                        rel.symbol(),
                        a.word(),
                        b.word(),
                    ),
                    Some(&l.to_string()),
                );
            }
        }
        Ok(())
    }

    /// The type of `e` with the indices `idx` bound.
    pub fn ty(&self, e: &Expr, idx: &mut Vec<String>) -> Result<Ty, ScopeError> {
        let want = |t: Ty, ok: &[Ty], what: &str| -> Result<Ty, ScopeError> {
            if ok.contains(&t) {
                Ok(t)
            } else {
                err(
                    format!("{what}: expected {}, found {}", ok[0].word(), t.word()),
                    None,
                )
            }
        };
        Ok(match e {
            Expr::Num(_) => Ty::Num,
            Expr::Name(n) if idx.iter().any(|i| i == n) => Ty::Num,
            Expr::Name(n) => match self.names.get(n) {
                Some(Resolved::Input(k)) => match k {
                    Kind::Dist | Kind::Vector | Kind::Positive => Ty::Vector,
                    Kind::Joint => Ty::Joint,
                    Kind::Kernel => Ty::Kernel,
                    Kind::Unit | Kind::Real => Ty::Num,
                },
                Some(Resolved::Def(d)) => self.ty(d, &mut Vec::new())?,
                Some(Resolved::Marginal { .. }) => Ty::Vector,
                None => return err(format!("unknown name '{n}'"), Some(n)),
            },
            Expr::Neg(x) => want(
                self.ty(x, idx)?,
                &[Ty::Num, Ty::Vector, Ty::Joint],
                "the operand of '-'",
            )?,
            Expr::Binary { op, lhs, rhs } => {
                let (a, b) = (self.ty(lhs, idx)?, self.ty(rhs, idx)?);
                use Ty::*;
                let r = match (op, a, b) {
                    (BinOp::Add | BinOp::Sub, x, y) if x == y && x != Set && x != Kernel => Some(x),
                    (BinOp::Mul, Num, y) if y != Set && y != Kernel => Some(y),
                    (BinOp::Mul, x, Num) if x != Set && x != Kernel => Some(x),
                    (BinOp::Mul, Vector, Kernel) => Some(Vector),
                    (BinOp::Div, x, Num) if x != Set && x != Kernel => Some(x),
                    (BinOp::Pow, Num, Num) => Some(Num),
                    (BinOp::Outer, Vector, Vector) => Some(Joint),
                    _ => None,
                };
                match r {
                    Some(t) => t,
                    None => {
                        return err(
                            format!(
                                "expected operands for which '{}' is defined, found {} ({lhs}) and {} ({rhs})",
                                op.symbol().trim(),
                                a.word(),
                                b.word()
                            ),
                            Some(&lhs.to_string()),
                        )
                    }
                }
            }
            Expr::Func { func, args } => {
                let ts = args
                    .iter()
                    .map(|a| self.ty(a, idx))
                    .collect::<Result<Vec<_>, _>>()?;
                match func {
                    Func::Total => {
                        want(ts[0], &[Ty::Vector, Ty::Joint], "the argument of sum")?;
                        Ty::Num
                    }
                    Func::Supp => {
                        want(ts[0], &[Ty::Vector, Ty::Joint], "the argument of supp")?;
                        Ty::Set
                    }
                    _ => {
                        for t in ts {
                            want(t, &[Ty::Num], &format!("the argument of {}", func.name()))?;
                        }
                        Ty::Num
                    }
                }
            }
            Expr::Measure(m) => {
                let located = |r: Result<Ty, ScopeError>, at: &Expr| {
                    r.map_err(|mut e| {
                        e.name.get_or_insert_with(|| at.to_string());
                        e
                    })
                };
                if let Measure::Renyi {
                    alpha: super::ast::Alpha::Finite(a),
                    ..
                } = m
                {
                    want(self.ty(a, idx)?, &[Ty::Num], "the Rényi order")?;
                }
                let args = m.arguments();
                let mut first = None;
                for a in &args {
                    let t = located(
                        want(
                            self.ty(a, idx)?,
                            &[Ty::Vector, Ty::Joint],
                            &format!("the argument {a} of {}", m.name()),
                        ),
                        a,
                    )?;
                    if let Some(f) = first {
                        if f != t {
                            return err(
                                format!(
                                    "the arguments of {} must have the same shape, found {} and {}",
                                    m.name(),
                                    Ty::word(f),
                                    t.word()
                                ),
                                None,
                            );
                        }
                    }
                    first = Some(t);
                }
                Ty::Num
            }
            Expr::Index { base, idx: ix } => {
                let t = self.ty(base, idx)?;
                let need = match t {
                    Ty::Vector | Ty::Set => 1,
                    Ty::Joint | Ty::Kernel => 2,
                    Ty::Num => {
                        return err(format!("'{base}' is a number and has no entries"), None)
                    }
                };
                if ix.len() != need {
                    return err(
                        format!(
                            "'{base}' is {} and takes {need} index(es), found {}",
                            t.word(),
                            ix.len()
                        ),
                        None,
                    );
                }
                for i in ix {
                    want(self.ty(i, idx)?, &[Ty::Num], "an index")?;
                }
                Ty::Num
            }
            Expr::Cond { at, .. } => {
                want(self.ty(at, idx)?, &[Ty::Num], "the conditioning value")?;
                Ty::Vector
            }
            Expr::Sum { var, body } => {
                idx.push(var.clone());
                let t = self.ty(body, idx);
                idx.pop();
                want(t?, &[Ty::Num], &format!("the summand of sum_{var}"))?;
                Ty::Num
            }
            Expr::Expect { var, dist, body } => {
                want(
                    self.ty(dist, idx)?,
                    &[Ty::Vector],
                    "the distribution of E[…]",
                )?;
                idx.push(var.clone());
                let t = self.ty(body, idx);
                idx.pop();
                want(t?, &[Ty::Num], "the integrand of E[…]")?;
                Ty::Num
            }
            Expr::SuppSize(x) => {
                want(
                    self.ty(x, idx)?,
                    &[Ty::Vector, Ty::Joint],
                    "the argument of |supp(…)|",
                )?;
                Ty::Num
            }
        })
    }
}

/// Parse and resolve `input`; resolution errors are located at the first
/// occurrence of the name they are about (column 1 otherwise).
pub fn parse_resolved(input: &str) -> Result<(Statement, Scope), ParseError> {
    let st = parse_statement(input)?;
    match resolve(&st) {
        Ok(s) => Ok((st, s)),
        Err(e) => Err(ParseError {
            column: e
                .name
                .as_deref()
                .and_then(|n| find_token(input, n))
                .unwrap_or(1),
            message: e.message,
            input: input.to_string(),
        }),
    }
}

/// 1-based column of the first occurrence of `name` as a whole token (or
/// as text, for a printed sub-expression).
fn find_token(input: &str, name: &str) -> Option<usize> {
    let chars: Vec<char> = input.chars().collect();
    let pat: Vec<char> = name.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let whole = (0..chars.len()).find_map(|i| {
        let end = i + pat.len();
        (end <= chars.len()
            && chars[i..end] == pat[..]
            && (i == 0 || !word(chars[i - 1]))
            && (end == chars.len() || !word(chars[end])))
        .then_some(i + 1)
    });
    whole.or_else(|| {
        (0..chars.len())
            .find(|&i| i + pat.len() <= chars.len() && chars[i..i + pat.len()] == pat[..])
            .map(|i| i + 1)
    })
}
