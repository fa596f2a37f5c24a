//! Checked step-by-step proofs: the `proofs/*.proof` files.
//!
//! A proof file is plain text, one item per line (`#` starts a comment):
//!
//! ```text
//! item: gibbs                   # optional: the catalogue item proved
//! claim: KL(P||Q) >= 0          # one relation (=, <=, >=, <, >), optional `where`
//! KL(P||Q) = -sum_i(P[i]*ln(Q[i]/P[i])) by normal form
//! -sum_i(P[i]*ln(Q[i]/P[i])) >= 0 by ln-le(x = Q[i]/P[i], w = P[i], over i)
//! qed
//! ```
//!
//! The steps form a chain from the claim's left side to its right side
//! (consecutive sides must have equal normal forms); each step is
//!
//! * `A = B by normal form`: `A` and `B` have equal normal forms
//!   ([`super::normal`]);
//! * `A <= B by L1, L2, …` (or `>=`, and strict `<`, `>`): instances of named
//!   lemmas, each a non-negative quantity, whose sum has the normal form of
//!   `B − A` (of `A − B` for `>=`, `>`). A strict step needs a strict lemma
//!   instance (positive, not just non-negative); a strict claim needs a
//!   strict step, and then `=`, `<=` steps compose with it. The lemmas and
//!   their side conditions, checked with the lemma's indices free
//!   ("manifestly non-negative": [`normal::manifestly_nonnegative`]; "positive": that,
//!   and not the empty sum):
//!   * `ln-le(x = X, w = W, over i j)`: `ln x ≤ x − 1` for `x > 0`,
//!     contributing `Σ W·(X − 1 − ln X)`; `W` non-negative, `X` positive;
//!   * `ln-ge-0(x = X, w = W, over …)`: `ln x ≥ 0` for `x ≥ 1`,
//!     contributing `Σ W·ln X`; `W` and `X − 1` non-negative;
//!   * `nonneg(w = W, over …)`: `W` itself, non-negative;
//!   * `prob-le-1(p = E, w = W, over …)`: `p ≤ 1` for an entry `E` of a
//!     distribution, marginal or joint, contributing `Σ W·(1 − E)`;
//!   * `log-sum(a = A, b = B, sum i, over j …)`: the log-sum inequality
//!     (itself proved in `proofs/log-sum.proof`), contributing
//!     `Σ_i A ln(A/B) − (Σ_i A)·ln(Σ_i A / Σ_i B)`; `A`, `B` positive with `i`
//!     (and `j …`) free;
//!   * `log-sum-2(a1 =, b1 =, a2 =, b2 =, over …)`: the log-sum inequality
//!     for two terms, `a1 ln(a1/b1) + a2 ln(a2/b2) ≥ (a1+a2) ln((a1+a2)/(b1+b2))`;
//!     all four positive;
//!   * `jensen-ln(x = X, w = W, over i …)`: Jensen for the concave `ln`,
//!     contributing `ln(Σ W·X) − Σ W·ln X`; `W` non-negative, `X` positive,
//!     and the normal form of `Σ W` is `1`;
//!   * `ceil-ge(x = X, w = W, over …)`: `⌈x⌉ ≥ x`, contributing
//!     `Σ W·(⌈X⌉ − X)`; `W` non-negative;
//!   * `ceil-lt(x = X, w = W, over …)`: `⌈x⌉ < x + 1`, contributing
//!     `Σ W·(X + 1 − ⌈X⌉)`, **strict**; `W` positive (the range of a sum is
//!     never empty: `n ≥ 1`).
//!
//! The claims keep the domain of the normal form ([`super::normal::DOMAIN`]:
//! all entries positive). A file passes when every block's chain and every
//! step check; a wrong step is rejected with its `file:line`, both normal
//! forms and their difference.

use std::fmt::Write as _;
use std::path::Path;

use super::normal::{self, NormalOutcome};
use crate::claims::ast::Rel;
use crate::claims::parse_statement;

/// The proof files shipped in `proofs/`, embedded (path, text).
pub const PROOF_FILES: &[(&str, &str)] = &[
    (
        "proofs/gibbs.proof",
        include_str!("../../proofs/gibbs.proof"),
    ),
    (
        "proofs/log-sum.proof",
        include_str!("../../proofs/log-sum.proof"),
    ),
    (
        "proofs/entropy-bounds.proof",
        include_str!("../../proofs/entropy-bounds.proof"),
    ),
    (
        "proofs/jsd-bounds.proof",
        include_str!("../../proofs/jsd-bounds.proof"),
    ),
    (
        "proofs/mi-nonnegative.proof",
        include_str!("../../proofs/mi-nonnegative.proof"),
    ),
    (
        "proofs/conditioning-reduces-entropy.proof",
        include_str!("../../proofs/conditioning-reduces-entropy.proof"),
    ),
    (
        "proofs/data-processing.proof",
        include_str!("../../proofs/data-processing.proof"),
    ),
    (
        "proofs/kelly.proof",
        include_str!("../../proofs/kelly.proof"),
    ),
    (
        "proofs/elbo-bound.proof",
        include_str!("../../proofs/elbo-bound.proof"),
    ),
    (
        "proofs/joint-convexity.proof",
        include_str!("../../proofs/joint-convexity.proof"),
    ),
    (
        "proofs/chi2-bounds.proof",
        include_str!("../../proofs/chi2-bounds.proof"),
    ),
    (
        "proofs/shannon-code.proof",
        include_str!("../../proofs/shannon-code.proof"),
    ),
    (
        "proofs/renyi-2.proof",
        include_str!("../../proofs/renyi-2.proof"),
    ),
];

/// Why a proof file does not check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// A line does not parse (exit 2): `file:line:column`, message, caret.
    #[error("{0}")]
    Syntax(String),
    /// A step or chain link is wrong (exit 1): `file:line`, what, forms.
    #[error("{0}")]
    Rejected(String),
}

impl ProofError {
    /// The exit code: 2 for syntax, 1 for a rejected step.
    pub fn exit_code(&self) -> u8 {
        match self {
            ProofError::Syntax(_) => 2,
            ProofError::Rejected(_) => 1,
        }
    }
}

/// A checked claim of a proof file.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The claim as written.
    pub claim: String,
    /// Number of steps.
    pub steps: usize,
    /// For each step: the identity that checks it, with both normal forms
    /// (JSON, as in a normal-form certificate).
    pub identities: Vec<serde_json::Value>,
    /// The chain: the claim's sides, relation and `where` clause, and the
    /// identities linking consecutive sides written differently (JSON).
    pub chain: serde_json::Value,
}

/// A checked file.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    /// The catalogue items it names (`item:` lines).
    pub items: Vec<String>,
    /// Its claims.
    pub claims: Vec<Checked>,
}

struct Step {
    line: usize,
    col: usize,
    lhs: String,
    rel: Rel,
    rhs: String,
    by: String,
    by_col: usize,
}

fn syntax(file: &str, line: usize, col: usize, text: &str, msg: &str) -> ProofError {
    let caret = format!("{}^", " ".repeat(col.saturating_sub(1)));
    ProofError::Syntax(format!("{file}:{line}:{col}: {msg}\n  {text}\n  {caret}"))
}

/// Split at top-level commas (outside parentheses and brackets).
fn split_top(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push((start, &s[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push((start, &s[start..]));
    out
}

/// What a side condition asks of an expression (with the lemma's indices free).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SideKind {
    /// Manifestly non-negative on the domain.
    Nonneg,
    /// Manifestly non-negative and not the empty sum: positive on the domain.
    Positive,
    /// An entry of a distribution, marginal or joint (so at most 1).
    Probability,
    /// Summed over the lemma's indices, its normal form is the constant 1.
    SumOne,
}

impl SideKind {
    fn name(self) -> &'static str {
        match self {
            SideKind::Nonneg => "nonneg",
            SideKind::Positive => "positive",
            SideKind::Probability => "probability",
            SideKind::SumOne => "sum_one",
        }
    }

    fn says(self) -> &'static str {
        match self {
            SideKind::Nonneg => "manifestly non-negative",
            SideKind::Positive => "manifestly positive",
            SideKind::Probability => "an entry of a distribution or joint",
            SideKind::SumOne => "a weight summing to 1 (normal form of its sum = 1)",
        }
    }
}

/// A side condition of a lemma instance.
#[derive(Debug, Clone)]
struct SideCond {
    kind: SideKind,
    /// The argument as written (`w`, `x`, `x - 1`, …).
    expr: String,
    /// The indices free in it.
    free: Vec<String>,
}

/// A lemma instance: its (non-negative) contribution, side conditions, and
/// whether the contribution is strictly positive once they hold.
#[derive(Debug, Clone)]
struct Lemma {
    name: String,
    contribution: String,
    sides: Vec<SideCond>,
    strict: bool,
}

/// The lemmas, for messages.
const LEMMAS: &str =
    "ln-le, ln-ge-0, nonneg, prob-le-1, log-sum, log-sum-2, jensen-ln, ceil-ge, ceil-lt";

/// Parse a lemma instance `name(k = v, …, over i j, sum i)`.
fn lemma(text: &str) -> Result<Lemma, String> {
    let text = text.trim();
    let open = text
        .find('(')
        .ok_or_else(|| format!("expected a lemma `name(…)`, found '{text}'"))?;
    if !text.ends_with(')') {
        return Err(format!("expected ')' at the end of '{text}'"));
    }
    let name = text[..open].trim().to_string();
    let inner = &text[open + 1..text.len() - 1];
    let mut args: std::collections::BTreeMap<String, String> = Default::default();
    let (mut over, mut summed) = (Vec::new(), None);
    for (_, arg) in split_top(inner) {
        let arg = arg.trim();
        if let Some(rest) = arg.strip_prefix("sum ") {
            summed = Some(rest.trim().to_string());
        } else if let Some(rest) = arg.strip_prefix("over ") {
            over = rest.split_whitespace().map(str::to_string).collect();
        } else if let Some((k, v)) = arg.split_once('=') {
            let k = k.trim();
            if !["x", "w", "p", "a", "b", "a1", "b1", "a2", "b2"].contains(&k) {
                return Err(format!("unknown argument '{k}' of {name}"));
            }
            if args.insert(k.to_string(), v.trim().to_string()).is_some() {
                return Err(format!("argument '{k}' of {name} given twice"));
            }
        } else {
            return Err(format!(
                "expected `x = …`, `w = …`, `sum i` or `over i`, found '{arg}'"
            ));
        }
    }
    let w = args.get("w").cloned().unwrap_or_else(|| "1".into());
    let wrap = |body: String| {
        over.iter()
            .rev()
            .fold(body, |acc, i| format!("sum_{i}({acc})"))
    };
    let side = |kind: SideKind, e: &str| SideCond {
        kind,
        expr: e.to_string(),
        free: over.clone(),
    };
    let need = |k: &str| {
        args.get(k)
            .cloned()
            .ok_or_else(|| format!("{name} needs `{k} = …`"))
    };
    let (contribution, sides, strict) = match name.as_str() {
        // ln x ≤ x − 1 for x > 0
        "ln-le" => {
            let x = need("x")?;
            (
                wrap(format!("({w})*(({x}) - 1 - ln({x}))")),
                vec![side(SideKind::Nonneg, &w), side(SideKind::Positive, &x)],
                false,
            )
        }
        // ln x ≥ 0 for x ≥ 1
        "ln-ge-0" => {
            let x = need("x")?;
            (
                wrap(format!("({w})*ln({x})")),
                vec![
                    side(SideKind::Nonneg, &w),
                    side(SideKind::Nonneg, &format!("({x}) - 1")),
                ],
                false,
            )
        }
        "nonneg" => (
            wrap(format!("({w})")),
            vec![side(SideKind::Nonneg, &w)],
            false,
        ),
        "log-sum" => {
            // Σ_i a ln(a/b) ≥ (Σ_i a)·ln(Σ_i a / Σ_i b) for a, b > 0 (proofs/log-sum.proof)
            let (a, b) = (need("a")?, need("b")?);
            let Some(i) = summed.clone() else {
                return Err(format!("{name} needs `a = …`, `b = …` and `sum i`"));
            };
            let mut with_i = over.clone();
            with_i.push(i.clone());
            let side_i = |e: &str| SideCond {
                kind: SideKind::Positive,
                expr: e.to_string(),
                free: with_i.clone(),
            };
            (
                wrap(format!(
                    "sum_{i}(({a})*ln(({a})/({b}))) - sum_{i}({a})*(ln(sum_{i}({a})) - ln(sum_{i}({b})))"
                )),
                vec![side_i(&a), side_i(&b)],
                false,
            )
        }
        "log-sum-2" => {
            // the log-sum inequality for two terms (an instance of proofs/log-sum.proof, n = 2):
            // a1 ln(a1/b1) + a2 ln(a2/b2) ≥ (a1 + a2) ln((a1 + a2)/(b1 + b2)) for a, b > 0
            let (a1, b1, a2, b2) = (need("a1")?, need("b1")?, need("a2")?, need("b2")?);
            (
                wrap(format!(
                    "({a1})*(ln({a1}) - ln({b1})) + ({a2})*(ln({a2}) - ln({b2})) - (({a1}) + ({a2}))*(ln(({a1}) + ({a2})) - ln(({b1}) + ({b2})))"
                )),
                [&a1, &b1, &a2, &b2]
                    .iter()
                    .map(|e| side(SideKind::Positive, e))
                    .collect(),
                false,
            )
        }
        "jensen-ln" => {
            // Jensen for the concave ln: Σ w ln x ≤ ln(Σ w x) for w ≥ 0, Σ w = 1, x > 0
            let x = need("x")?;
            if over.is_empty() {
                return Err(format!(
                    "{name} needs `over i …` (the indices of the weights)"
                ));
            }
            (
                format!(
                    "ln({}) - {}",
                    wrap(format!("({w})*({x})")),
                    wrap(format!("({w})*ln({x})"))
                ),
                vec![
                    side(SideKind::Nonneg, &w),
                    side(SideKind::Positive, &x),
                    side(SideKind::SumOne, &w),
                ],
                false,
            )
        }
        // ceil(x) ≥ x
        "ceil-ge" => {
            let x = need("x")?;
            (
                wrap(format!("({w})*(ceil({x}) - ({x}))")),
                vec![side(SideKind::Nonneg, &w)],
                false,
            )
        }
        // ceil(x) < x + 1: strict, so a positive weight gives a positive contribution
        "ceil-lt" => {
            let x = need("x")?;
            (
                wrap(format!("({w})*(({x}) + 1 - ceil({x}))")),
                vec![side(SideKind::Positive, &w)],
                true,
            )
        }
        "prob-le-1" => {
            let p = need("p")?;
            (
                wrap(format!("({w})*(1 - ({p}))")),
                vec![side(SideKind::Nonneg, &w), side(SideKind::Probability, &p)],
                false,
            )
        }
        other => return Err(format!("unknown lemma '{other}' (known: {LEMMAS})")),
    };
    Ok(Lemma {
        name,
        contribution,
        sides,
        strict,
    })
}

/// Check a side condition: whether it holds, and the normal form it was
/// decided on (`None`: outside the normal form).
fn check_side(sc: &SideCond, wh: &str) -> Result<(bool, Option<normal::Poly>), String> {
    Ok(match sc.kind {
        SideKind::Probability => {
            let ok = normal::is_probability(&sc.expr, &sc.free, wh)?;
            (
                ok,
                normal::free_form(&sc.expr, &sc.free, wh)?.map(|(_, p)| p),
            )
        }
        SideKind::SumOne => {
            let summed = sc
                .free
                .iter()
                .rev()
                .fold(format!("({})", sc.expr), |acc, i| format!("sum_{i}({acc})"));
            match normal::free_form(&summed, &[], wh)? {
                Some((_, p)) => (normal::render(&p) == "1", Some(p)),
                None => (false, None),
            }
        }
        SideKind::Nonneg | SideKind::Positive => match normal::free_form(&sc.expr, &sc.free, wh)? {
            Some((ok, p)) => (ok && (sc.kind == SideKind::Nonneg || !p.is_zero()), Some(p)),
            None => (false, None),
        },
    })
}

fn same(a: &str, b: &str, wh: &str) -> Result<bool, String> {
    if a.trim() == b.trim() {
        return Ok(true);
    }
    match normal::prove_identity(&format!("{a} = {b}{wh}")) {
        Ok(NormalOutcome::Proved { .. }) => Ok(true),
        Ok(_) => Ok(false),
        Err(e) => Err(e.to_string()),
    }
}

fn forms(text: &str) -> String {
    match normal::prove_identity(text) {
        Ok(NormalOutcome::Proved { steps }) | Ok(NormalOutcome::Differ { steps }) => {
            steps.last().map(normal::derivation).unwrap_or_default()
        }
        Ok(NormalOutcome::Outside(why)) => format!("    outside the normal form: {why}\n"),
        Err(e) => format!("    {e}\n"),
    }
}

/// Check the text of a proof file named `file`.
pub fn check_text(file: &str, text: &str) -> Result<CheckedFile, ProofError> {
    let mut items = Vec::new();
    let mut claims = Vec::new();
    let mut block: Option<(usize, String, Vec<Step>)> = None;
    for (k, raw) in text.lines().enumerate() {
        let line = k + 1;
        let content = raw.split('#').next().unwrap_or("");
        let trimmed = content.trim();
        if trimmed.is_empty() {
            continue;
        }
        let indent = content.len() - content.trim_start().len();
        let col0 = raw[..indent].chars().count() + 1;
        if let Some(id) = trimmed.strip_prefix("item:") {
            items.push(id.trim().to_string());
        } else if let Some(c) = trimmed.strip_prefix("claim:") {
            if block.is_some() {
                return Err(syntax(
                    file,
                    line,
                    col0,
                    raw,
                    "a claim before the previous one's qed",
                ));
            }
            let off = col0 + "claim:".len() + (c.len() - c.trim_start().len());
            if let Err(e) = parse_statement(c.trim()) {
                return Err(syntax(file, line, off + e.column - 1, raw, &e.message));
            }
            block = Some((line, c.trim().to_string(), Vec::new()));
        } else if trimmed == "qed" {
            let Some((cl, claim, steps)) = block.take() else {
                return Err(syntax(file, line, col0, raw, "qed without a claim"));
            };
            let (identities, chain) = check_block(file, cl, &claim, &steps)?;
            claims.push(Checked {
                claim,
                steps: steps.len(),
                identities,
                chain,
            });
        } else {
            let Some((_, _, steps)) = block.as_mut() else {
                return Err(syntax(
                    file,
                    line,
                    col0,
                    raw,
                    "a step outside a claim (start with `claim:`)",
                ));
            };
            let Some(pos) = trimmed.rfind(" by ") else {
                return Err(syntax(
                    file,
                    line,
                    col0 + trimmed.chars().count(),
                    raw,
                    "expected ` by <justification>`",
                ));
            };
            let (st_text, by) = (&trimmed[..pos], trimmed[pos + 4..].trim());
            let st = parse_statement(st_text)
                .map_err(|e| syntax(file, line, col0 + e.column - 1, raw, &e.message))?;
            let chain = chain_of(&st).filter(|c| c.rest.len() == 1).ok_or_else(|| {
                syntax(
                    file,
                    line,
                    col0,
                    raw,
                    "a step is one relation `A = B`, `A <= B`, `A >= B`, `A < B` or `A > B`",
                )
            })?;
            let (l, rel, r) = chain.relations()[0];
            if rel == Rel::Ne {
                return Err(syntax(
                    file,
                    line,
                    col0,
                    raw,
                    "a step's relation is =, <=, >=, < or >",
                ));
            }
            steps.push(Step {
                line,
                col: col0,
                lhs: l.to_ascii(),
                rel,
                rhs: r.to_ascii(),
                by: by.to_string(),
                by_col: col0 + trimmed[..pos + 4].chars().count(),
            });
            let _ = raw;
        }
    }
    if let Some((cl, _, _)) = block {
        return Err(syntax(
            file,
            cl,
            1,
            text.lines().nth(cl - 1).unwrap_or(""),
            "claim without qed",
        ));
    }
    if claims.is_empty() {
        return Err(syntax(
            file,
            1,
            1,
            text.lines().next().unwrap_or(""),
            "no claim in the file",
        ));
    }
    Ok(CheckedFile { items, claims })
}

fn check_block(
    file: &str,
    cl: usize,
    claim: &str,
    steps: &[Step],
) -> Result<(Vec<serde_json::Value>, serde_json::Value), ProofError> {
    let mut ids = Vec::new();
    let mut links = Vec::new();
    let st = parse_statement(claim).map_err(|e| ProofError::Syntax(format!("{file}:{cl}: {e}")))?;
    let wh = match claim.find(" where ") {
        Some(p) => claim[p..].to_string(),
        None => String::new(),
    };
    let chain = chain_of(&st)
        .filter(|c| c.rest.len() == 1)
        .ok_or_else(|| ProofError::Syntax(format!("{file}:{cl}: a claim is one relation")))?;
    let (cl_l, crel, cl_r) = chain.relations()[0];
    let rej = |line: usize, msg: String| ProofError::Rejected(format!("{file}:{line}: {msg}"));
    if steps.is_empty() {
        return Err(rej(cl, "a claim without steps".into()));
    }
    let ok_rel = |r: Rel| match crel {
        Rel::Eq => r == Rel::Eq,
        Rel::Le | Rel::Lt => matches!(r, Rel::Eq | Rel::Le | Rel::Lt),
        Rel::Ge | Rel::Gt => matches!(r, Rel::Eq | Rel::Ge | Rel::Gt),
        Rel::Ne => false,
    };
    if crel == Rel::Ne {
        return Err(rej(
            cl,
            format!(
                "the claim's relation {} is not =, <=, >=, < or >",
                crel.symbol()
            ),
        ));
    }
    // a strict claim needs a strict step (the others compose with it)
    let strict = |r: Rel| matches!(r, Rel::Lt | Rel::Gt);
    if strict(crel) && !steps.iter().any(|s| strict(s.rel)) {
        return Err(rej(
            cl,
            format!(
                "the claim is strict ({}) but no step is: the chain proves only {}",
                crel.symbol(),
                if crel == Rel::Lt { "≤" } else { "≥" }
            ),
        ));
    }
    let mut prev = cl_l.to_ascii();
    for s in steps {
        if !ok_rel(s.rel) {
            return Err(rej(
                s.line,
                format!(
                    "step {} {} {}: the relation {} does not compose to the claim's {}",
                    s.lhs,
                    s.rel.ascii(),
                    s.rhs,
                    s.rel.symbol(),
                    crel.symbol()
                ),
            ));
        }
        match same(&prev, &s.lhs, &wh) {
            Ok(true) => links.extend(link(&prev, &s.lhs, &wh)),
            Ok(false) => {
                return Err(rej(
                    s.line,
                    format!(
                        "the step does not start where the previous one ended ({prev}):\n{}",
                        forms(&format!("{prev} = {}{wh}", s.lhs))
                    ),
                ))
            }
            Err(e) => {
                return Err(ProofError::Syntax(format!(
                    "{file}:{}:{}: {e}",
                    s.line, s.col
                )))
            }
        }
        ids.push(check_step(file, s, &wh)?);
        prev = s.rhs.clone();
    }
    let last = steps.last().expect("non-empty");
    match same(&prev, &cl_r.to_ascii(), &wh) {
        Ok(true) => {
            links.extend(link(&prev, &cl_r.to_ascii(), &wh));
            let chain = serde_json::json!({
                "lhs": cl_l.to_ascii(),
                "relation": crel.ascii(),
                "rhs": cl_r.to_ascii(),
                "where": wh,
                "links": links,
            });
            Ok((ids, chain))
        }
        Ok(false) => Err(rej(
            last.line,
            format!(
                "the chain ends at {prev}, not at the claim's right side {cl_r}:\n{}",
                forms(&format!("{prev} = {}{wh}", cl_r.to_ascii()))
            ),
        )),
        Err(e) => Err(ProofError::Syntax(format!("{file}:{}: {e}", last.line))),
    }
}

/// The identity linking two chain sides written differently (for the
/// certificate); `None` when they are the same text.
fn link(a: &str, b: &str, wh: &str) -> Option<serde_json::Value> {
    if a.trim() == b.trim() {
        return None;
    }
    let text = format!("{a} = {b}{wh}");
    match normal::prove_identity(&text) {
        Ok(NormalOutcome::Proved { steps }) => {
            let mut v = identity_json(&text, &steps);
            v["from"] = serde_json::json!(a);
            v["to"] = serde_json::json!(b);
            Some(v)
        }
        _ => None,
    }
}

fn identity_json(text: &str, steps: &[normal::Side]) -> serde_json::Value {
    serde_json::json!({
        "identity": text,
        "relations": steps.iter().map(normal::side_json).collect::<Vec<_>>(),
    })
}

fn check_step(file: &str, s: &Step, wh: &str) -> Result<serde_json::Value, ProofError> {
    let head = format!(
        "{file}:{}: step {} {} {}",
        s.line,
        s.lhs,
        s.rel.ascii(),
        s.rhs
    );
    let rej = |msg: String| ProofError::Rejected(format!("{head}: rejected: {msg}"));
    if s.by == "normal form" {
        if s.rel != Rel::Eq {
            return Err(rej("`by normal form` justifies `=` steps only".into()));
        }
        let text = format!("{} = {}{wh}", s.lhs, s.rhs);
        return match normal::prove_identity(&text) {
            Ok(NormalOutcome::Proved { steps }) => {
                let mut v = identity_json(&text, &steps);
                v["relation"] = serde_json::json!("=");
                v["lhs"] = serde_json::json!(s.lhs);
                v["rhs"] = serde_json::json!(s.rhs);
                Ok(v)
            }
            Ok(NormalOutcome::Differ { steps }) => Err(rej(format!(
                "the normal forms differ:\n{}",
                steps.last().map(normal::derivation).unwrap_or_default()
            ))),
            Ok(NormalOutcome::Outside(why)) => Err(rej(format!("outside the normal form: {why}"))),
            Err(e) => Err(ProofError::Syntax(format!(
                "{file}:{}:{}: {}",
                s.line, s.by_col, e.message
            ))),
        };
    }
    if s.rel == Rel::Eq {
        return Err(rej("an `=` step is justified `by normal form`".into()));
    }
    let strict_step = matches!(s.rel, Rel::Lt | Rel::Gt);
    let mut contributions = Vec::new();
    let mut instances = Vec::new();
    let mut has_strict = false;
    // lemma instances separated by top-level commas between `name(…)` calls
    for (_, part) in split_top(&s.by) {
        let lm = lemma(part)
            .map_err(|e| ProofError::Syntax(format!("{file}:{}:{}: {e}", s.line, s.by_col)))?;
        let mut sides = Vec::new();
        for sc in &lm.sides {
            match check_side(sc, wh) {
                Ok((true, form)) => sides.push(serde_json::json!({
                    "kind": sc.kind.name(),
                    "expr": sc.expr,
                    "free": sc.free,
                    "normal": form.as_ref().map_or(serde_json::Value::Null, normal::to_json),
                })),
                Ok((false, form)) => {
                    let shown = form.map_or("outside the normal form".to_string(), |p| {
                        format!("normal form {}", normal::render(&p))
                    });
                    return Err(rej(format!(
                        "side condition of {}: {} is not {} ({shown})",
                        part.trim(),
                        sc.expr,
                        sc.kind.says()
                    )));
                }
                Err(e) => return Err(rej(format!("side condition {}: {e}", sc.expr))),
            }
        }
        has_strict |= lm.strict;
        let form = match normal::prove_identity(&format!("{} = 0{wh}", lm.contribution)) {
            Ok(NormalOutcome::Proved { steps } | NormalOutcome::Differ { steps }) => steps
                .last()
                .map_or(serde_json::Value::Null, |x| normal::to_json(&x.normal.0)),
            Ok(NormalOutcome::Outside(why)) => {
                return Err(rej(format!(
                    "{}: outside the normal form: {why}",
                    part.trim()
                )))
            }
            Err(e) => return Err(rej(format!("{}: {e}", part.trim()))),
        };
        instances.push(serde_json::json!({
            "lemma": lm.name,
            "instance": part.trim(),
            "strict": lm.strict,
            "contribution": lm.contribution,
            "contribution_normal": form,
            "side_conditions": sides,
        }));
        contributions.push(lm.contribution);
    }
    if strict_step && !has_strict {
        return Err(rej(format!(
            "a strict step `{}` needs a strict lemma instance (ceil-lt); these give only {}",
            s.rel.ascii(),
            if s.rel == Rel::Lt { "<=" } else { ">=" }
        )));
    }
    let diff = if matches!(s.rel, Rel::Le | Rel::Lt) {
        format!("({}) - ({})", s.rhs, s.lhs)
    } else {
        format!("({}) - ({})", s.lhs, s.rhs)
    };
    let text = format!("{diff} = {}{wh}", contributions.join(" + "));
    match normal::prove_identity(&text) {
        Ok(NormalOutcome::Proved { steps }) => {
            let mut v = identity_json(&text, &steps);
            v["relation"] = serde_json::json!(s.rel.ascii());
            v["lhs"] = serde_json::json!(s.lhs);
            v["rhs"] = serde_json::json!(s.rhs);
            v["where"] = serde_json::json!(wh);
            v["lemmas"] = serde_json::Value::Array(instances);
            Ok(v)
        }
        Ok(NormalOutcome::Differ { steps }) => Err(rej(format!(
            "the gap {diff} is not the sum of the lemma instances:\n{}",
            steps.last().map(normal::derivation).unwrap_or_default()
        ))),
        Ok(NormalOutcome::Outside(why)) => Err(rej(format!("outside the normal form: {why}"))),
        Err(e) => Err(rej(e.to_string())),
    }
}

/// Check a `.proof` file, or every `.proof` file of a directory (sorted;
/// subdirectories and other files are listed as skipped). Prints a report;
/// returns the exit code: 0 all checked, 1 a step rejected, 2 bad input.
///
/// With `certificate`, writes a JSON certificate: per file, its claims and
/// every step with its justification and the normal forms of the identity
/// that checks it.
pub fn run_path(path: &Path, certificate: Option<&Path>) -> u8 {
    let files: Vec<std::path::PathBuf> = if path.is_dir() {
        let mut v: Vec<_> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", path.display());
                return 2;
            }
        };
        v.sort();
        for p in &v {
            if p.is_dir() || p.extension().is_none_or(|x| x != "proof") {
                println!(
                    "{} is not a .proof file: stored certificates (*.json) are checked below",
                    p.display()
                );
            }
        }
        v.retain(|p| p.is_file() && p.extension().is_some_and(|x| x == "proof"));
        v
    } else {
        vec![path.to_path_buf()]
    };
    let mut code = 0u8;
    let mut n_ok = 0usize;
    let mut cert_files = Vec::new();
    for f in &files {
        let name = f.display().to_string();
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot read {name}: {e}");
                code = code.max(2);
                continue;
            }
        };
        match check_text(&name, &text) {
            Ok(c) => {
                n_ok += 1;
                cert_files.push(certificate_entry(&name, &c));
                let mut s = String::new();
                for cl in &c.claims {
                    let _ = writeln!(s, "  proved: {} ({} steps)", cl.claim, cl.steps);
                }
                print!("{name}: checked\n{s}");
            }
            Err(e) => {
                eprintln!("{e}");
                code = code.max(e.exit_code());
            }
        }
    }
    println!(
        "{n_ok} of {} proof files checked; domain of every proof: {}",
        files.len(),
        normal::DOMAIN
    );
    if let Some(p) = certificate {
        let v = serde_json::json!({
            "kind": "proof_files",
            "verdict": if code == 0 { "proved" } else { "rejected" },
            "domain": normal::DOMAIN,
            "files": cert_files,
        });
        let body = serde_json::to_string_pretty(&v).expect("json") + "\n";
        if let Err(e) = std::fs::write(p, body) {
            eprintln!("error: cannot write {}: {e}", p.display());
            return 2;
        }
    }
    code
}

/// A checked file's entry in a `proof_files` certificate.
fn certificate_entry(name: &str, c: &CheckedFile) -> serde_json::Value {
    serde_json::json!({
        "file": name,
        "items": c.items,
        "claims": c.claims.iter().map(|k| {
            let mut v = k.chain.clone();
            v["claim"] = serde_json::json!(k.claim);
            v["steps"] = serde_json::json!(k.identities);
            v
        }).collect::<Vec<_>>(),
    })
}

/// Re-check a stored `proof_files` certificate (as written by
/// `infocert prove FILE.proof --certificate OUT`): every proof file it names
/// is checked again (its path as recorded, relative to the working
/// directory) and its derivation must be the recorded one, entry for entry —
/// a stale certificate (the proof file changed) or a tampered one (a normal
/// form, a multiplier, a side condition edited) does not hold. `Ok` is the
/// one-line summary; `Err((true, msg))` bad input, `Err((false, msg))` does
/// not hold.
pub fn check_stored(c: &serde_json::Value) -> Result<String, (bool, String)> {
    if c.get("verdict").and_then(|v| v.as_str()) != Some("proved") {
        return Err((false, "its verdict is not `proved`".into()));
    }
    if c.get("domain").and_then(|v| v.as_str()) != Some(normal::DOMAIN) {
        return Err((false, "its domain is not the proofs' domain".into()));
    }
    let files = c
        .get("files")
        .and_then(|v| v.as_array())
        .filter(|f| !f.is_empty())
        .ok_or((true, "no `files` list".to_string()))?;
    let mut claims = 0usize;
    for (i, entry) in files.iter().enumerate() {
        let name = entry
            .get("file")
            .and_then(|v| v.as_str())
            .ok_or((true, format!("file entry {i} has no `file` name")))?;
        let text = std::fs::read_to_string(name).map_err(|e| {
            (
                true,
                format!("cannot read the proof file it names, {name}: {e}"),
            )
        })?;
        let checked = check_text(name, &text)
            .map_err(|e| (false, format!("{name} no longer checks: {e}")))?;
        if certificate_entry(name, &checked) != *entry {
            return Err((
                false,
                format!(
                    "the recorded derivation of {name} is not the one its proof file gives (stale or tampered)"
                ),
            ));
        }
        claims += checked.claims.len();
    }
    Ok(format!(
        "proved (proof files, every derivation re-checked): {} file{}, {claims} claim{}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        if claims == 1 { "" } else { "s" }
    ))
}

/// The embedded proof file that proves catalogue item `id` (its `item:`
/// line, and every relation of the item's statement is one of its claims,
/// with the same `where` clause), if it checks.
pub fn proof_of_item(id: &str, statement: &str) -> Option<&'static str> {
    let item = parse_statement(statement).ok()?;
    let chain = chain_of(&item)?;
    for (path, text) in PROOF_FILES {
        // only the files that name the item are checked
        let names_it = text.lines().any(|l| {
            l.split('#')
                .next()
                .and_then(|l| l.trim().strip_prefix("item:"))
                .is_some_and(|i| i.trim() == id)
        });
        if !names_it {
            continue;
        }
        let Ok(c) = check_text(path, text) else {
            continue;
        };
        if !c.items.iter().any(|i| i == id) {
            continue;
        }
        let covered = chain.relations().into_iter().all(|(l, rel, r)| {
            c.claims.iter().any(|cl| {
                parse_statement(&cl.claim).is_ok_and(|st| {
                    st.decls == item.decls
                        && chain_of(&st).is_some_and(|ch| {
                            let (a, q, b) = ch.relations()[0];
                            (a == l && q == rel && b == r)
                                || (a == r && b == l && flip(q) == Some(rel))
                        })
                })
            })
        });
        if covered {
            return Some(path);
        }
    }
    None
}

fn flip(r: Rel) -> Option<Rel> {
    match r {
        Rel::Le => Some(Rel::Ge),
        Rel::Ge => Some(Rel::Le),
        Rel::Eq => Some(Rel::Eq),
        _ => None,
    }
}

fn chain_of(st: &crate::claims::Statement) -> Option<&crate::claims::ast::Claim> {
    match &st.formula {
        crate::claims::ast::Formula::Chain(c) => Some(c),
        _ => None,
    }
}
