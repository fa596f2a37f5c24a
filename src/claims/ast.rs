//! Abstract syntax tree of the claims language.
//!
//! A [`Claim`] is a chain of one or more relations between expressions, for
//! example `0 ≤ JSD(P,Q) ≤ ln(2)`. Expressions ([`Expr`]) are built from
//! number literals, arithmetic, a few elementary functions ([`Func`]) and
//! information measures ([`Measure`]) over the distributions `P`, `Q`, `R`,
//! the mixture `M = (P+Q)/2` ([`Dist`]) or the random variables `X`, `Y` of a
//! joint distribution ([`Var`]).
//!
//! Every type implements [`fmt::Display`], printing canonical notation that
//! the parser reads back to an equal tree.

use std::collections::BTreeSet;
use std::fmt::{self, Write};

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Zero;
use serde::Serialize;

/// A distribution name: one of `P`, `Q`, `R` (user supplied, same support)
/// or the built-in mixture `M = (P+Q)/2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Dist {
    /// The distribution `P`.
    P,
    /// The distribution `Q`.
    Q,
    /// The distribution `R`.
    R,
    /// The mixture `M = (P+Q)/2`.
    M,
}

impl Dist {
    /// All distribution names, in canonical order.
    pub const ALL: [Dist; 4] = [Dist::P, Dist::Q, Dist::R, Dist::M];

    /// The name as written in claims (`"P"`, `"Q"`, `"R"` or `"M"`).
    pub fn name(self) -> &'static str {
        match self {
            Dist::P => "P",
            Dist::Q => "Q",
            Dist::R => "R",
            Dist::M => "M",
        }
    }

    /// Looks up a distribution by its (case-sensitive) name.
    pub fn from_name(name: &str) -> Option<Dist> {
        Dist::ALL.into_iter().find(|d| d.name() == name)
    }
}

impl fmt::Display for Dist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A random variable of the joint distribution: `X` or `Y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Var {
    /// The first coordinate `X` of the joint distribution.
    X,
    /// The second coordinate `Y` of the joint distribution.
    Y,
}

impl Var {
    /// Both variable names, in canonical order.
    pub const ALL: [Var; 2] = [Var::X, Var::Y];

    /// The name as written in claims (`"X"` or `"Y"`).
    pub fn name(self) -> &'static str {
        match self {
            Var::X => "X",
            Var::Y => "Y",
        }
    }

    /// Looks up a random variable by its (case-sensitive) name.
    pub fn from_name(name: &str) -> Option<Var> {
        Var::ALL.into_iter().find(|v| v.name() == name)
    }
}

impl fmt::Display for Var {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A relation between two expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Rel {
    /// Equality: `=` or `==`.
    Eq,
    /// Inequality: `!=` or `≠`.
    Ne,
    /// Strictly less: `<`.
    Lt,
    /// Less or equal: `<=`, `≤` or `⩽`.
    Le,
    /// Strictly greater: `>`.
    Gt,
    /// Greater or equal: `>=`, `≥` or `⩾`.
    Ge,
}

impl Rel {
    /// Canonical (Unicode) symbol: `=`, `≠`, `<`, `≤`, `>`, `≥`.
    pub fn symbol(self) -> &'static str {
        match self {
            Rel::Eq => "=",
            Rel::Ne => "≠",
            Rel::Lt => "<",
            Rel::Le => "≤",
            Rel::Gt => ">",
            Rel::Ge => "≥",
        }
    }

    /// ASCII symbol: `=`, `!=`, `<`, `<=`, `>`, `>=`.
    pub fn ascii(self) -> &'static str {
        match self {
            Rel::Eq => "=",
            Rel::Ne => "!=",
            Rel::Lt => "<",
            Rel::Le => "<=",
            Rel::Gt => ">",
            Rel::Ge => ">=",
        }
    }
}

impl fmt::Display for Rel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// A binary arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BinOp {
    /// Addition `+`.
    Add,
    /// Subtraction `-`.
    Sub,
    /// Multiplication `*`.
    Mul,
    /// Division `/`.
    Div,
    /// Exponentiation `^` (right associative).
    Pow,
}

impl BinOp {
    /// The operator symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Pow => "^",
        }
    }
}

impl fmt::Display for BinOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// An elementary function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Func {
    /// Square root `sqrt(x)`.
    Sqrt,
    /// Natural logarithm, written `ln(x)` or `log(x)`.
    Ln,
    /// Exponential `exp(x)`.
    Exp,
    /// Base-2 logarithm `log2(x)`.
    Log2,
    /// Absolute value `abs(x)`.
    Abs,
    /// Minimum of one or more arguments `min(a, b, ...)`.
    Min,
    /// Maximum of one or more arguments `max(a, b, ...)`.
    Max,
}

impl Func {
    /// All functions.
    pub const ALL: [Func; 7] = [
        Func::Sqrt,
        Func::Ln,
        Func::Exp,
        Func::Log2,
        Func::Abs,
        Func::Min,
        Func::Max,
    ];

    /// Canonical name (`log` is printed as `ln`).
    pub fn name(self) -> &'static str {
        match self {
            Func::Sqrt => "sqrt",
            Func::Ln => "ln",
            Func::Exp => "exp",
            Func::Log2 => "log2",
            Func::Abs => "abs",
            Func::Min => "min",
            Func::Max => "max",
        }
    }

    /// Looks up a function by its (case-sensitive, lower-case) name;
    /// `log` is an alias of `ln`.
    pub fn from_name(name: &str) -> Option<Func> {
        if name == "log" {
            return Some(Func::Ln);
        }
        Func::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether the function takes any number (at least one) of arguments
    /// (`min`, `max`); the others take exactly one.
    pub fn is_variadic(self) -> bool {
        matches!(self, Func::Min | Func::Max)
    }
}

impl fmt::Display for Func {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A number literal, kept exactly as written (for example `2`, `0.25`,
/// `.5`, `1e-3`, `6.02E+23`). Negative numbers are written with unary minus
/// and are represented by [`Expr::Neg`]; fractions are divisions.
///
/// The text is always a valid literal: digits with an optional decimal point
/// (at least one digit in total), optionally followed by an exponent
/// `e`/`E`, an optional sign and at least one digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Number {
    text: String,
}

impl Number {
    /// Largest decimal exponent magnitude that [`Number::to_ratio`] expands.
    pub const MAX_EXPONENT: i64 = 10_000;

    /// Creates a number from its literal text, or `None` if `text` is not a
    /// valid literal (see the type documentation).
    pub fn new(text: &str) -> Option<Number> {
        let chars: Vec<char> = text.chars().collect();
        match scan_number(&chars, 0) {
            Some(end) if end == chars.len() => Some(Number {
                text: text.to_owned(),
            }),
            _ => None,
        }
    }

    /// The literal as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The literal split into integer digits, fractional digits and the
    /// effective decimal exponent (exponent minus number of fractional
    /// digits), or `None` if that exponent does not fit in an `i64`.
    fn parts(&self) -> Option<(&str, &str, i64)> {
        let (mantissa, exponent) = match self.text.find(['e', 'E']) {
            Some(i) => (&self.text[..i], &self.text[i + 1..]),
            None => (self.text.as_str(), ""),
        };
        let (int_part, frac_part) = match mantissa.find('.') {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, ""),
        };
        let exp: i64 = if exponent.is_empty() {
            0
        } else {
            let digits = exponent.trim_start_matches('+');
            // Leading zeros must not make the parse overflow needlessly.
            let neg = digits.starts_with('-');
            let digits = digits.trim_start_matches('-').trim_start_matches('0');
            if digits.len() > 18 {
                return None;
            }
            let magnitude: i64 = if digits.is_empty() {
                0
            } else {
                digits.parse().ok()?
            };
            if neg {
                -magnitude
            } else {
                magnitude
            }
        };
        let frac_len = i64::try_from(frac_part.len()).ok()?;
        Some((int_part, frac_part, exp.checked_sub(frac_len)?))
    }

    /// Why the literal is beyond the input limits (more than
    /// [`crate::num::MAX_DIGITS`] digits, or an effective decimal exponent
    /// beyond [`Number::MAX_EXPONENT`]), or `None` when it is not.
    pub fn too_large(&self) -> Option<String> {
        let digits = self.text.bytes().take_while(|&b| b != b'e' && b != b'E');
        let digits = digits.filter(u8::is_ascii_digit).count();
        if digits > crate::num::MAX_DIGITS {
            return Some(format!(
                "{digits} digits, the limit is {}",
                crate::num::MAX_DIGITS
            ));
        }
        match self.parts() {
            Some((_, _, scale)) if scale.abs() <= Number::MAX_EXPONENT => None,
            _ => Some(format!(
                "the decimal exponent must be at most {} in magnitude",
                Number::MAX_EXPONENT
            )),
        }
    }

    /// The exact value of the literal as a rational number.
    ///
    /// Returns `None` only when the effective decimal exponent (exponent
    /// minus number of fractional digits) exceeds [`Number::MAX_EXPONENT`]
    /// in magnitude, which would make the exact value unreasonably large.
    pub fn to_ratio(&self) -> Option<BigRational> {
        let (int_part, frac_part, scale) = self.parts()?;
        if scale.abs() > Number::MAX_EXPONENT {
            return None;
        }
        let all_digits = format!("{int_part}{frac_part}");
        let value = if all_digits.is_empty() {
            BigInt::zero()
        } else {
            all_digits.parse::<BigInt>().ok()?
        };
        let power = num_traits::pow(BigInt::from(10u8), scale.unsigned_abs() as usize);
        Some(if scale >= 0 {
            BigRational::from_integer(value * power)
        } else {
            BigRational::new(value, power)
        })
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Scans a number literal starting at `start`; returns the index just past
/// it, or `None` if no literal starts there. An exponent marker that is not
/// followed by digits is not part of the literal.
pub(crate) fn scan_number(chars: &[char], start: usize) -> Option<usize> {
    let mut i = start;
    let mut digits = 0usize;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < chars.len() && chars[i] == '.' {
        let mut j = i + 1;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
            digits += 1;
        }
        if digits > 0 {
            i = j;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
        let mut j = i + 1;
        if j < chars.len() && (chars[j] == '+' || chars[j] == '-') {
            j += 1;
        }
        let exp_start = j;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        if j > exp_start {
            i = j;
        }
    }
    Some(i)
}

/// The order `α` of a Rényi divergence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Alpha {
    /// `α = ∞`, written `inf` (or `∞`).
    Inf,
    /// A finite order given by an expression, e.g. `1/2`.
    Finite(Box<Expr>),
}

impl fmt::Display for Alpha {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_alpha(f, self, false)
    }
}

/// An information measure applied to named distributions or random
/// variables.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Measure {
    /// Shannon entropy `H(P)`.
    Entropy(Dist),
    /// Cross-entropy `H(P,Q)`.
    CrossEntropy {
        /// The distribution the expectation is taken under.
        p: Dist,
        /// The coding distribution.
        q: Dist,
    },
    /// Marginal entropy `H(X)` of one coordinate of the joint distribution.
    MarginalEntropy(Var),
    /// Joint entropy `H(X,Y)`.
    JointEntropy {
        /// First variable as written.
        first: Var,
        /// Second variable as written.
        second: Var,
    },
    /// Conditional entropy `H(X|Y)`.
    CondEntropy {
        /// The variable whose entropy is measured.
        of: Var,
        /// The conditioning variable.
        given: Var,
    },
    /// Kullback–Leibler divergence `KL(P‖Q)` (also written `D(P||Q)`,
    /// `KL(P,Q)`).
    Kl {
        /// First argument.
        p: Dist,
        /// Second (reference) argument.
        q: Dist,
    },
    /// Jensen–Shannon divergence `JSD(P,Q)`.
    Jsd {
        /// First argument.
        p: Dist,
        /// Second argument.
        q: Dist,
    },
    /// Jensen–Shannon distance `JS(P,Q)` (square root of the divergence).
    Js {
        /// First argument.
        p: Dist,
        /// Second argument.
        q: Dist,
    },
    /// Total variation distance `TV(P,Q)`.
    Tv {
        /// First argument.
        p: Dist,
        /// Second argument.
        q: Dist,
    },
    /// Hellinger distance `Hel(P,Q)`.
    Hellinger {
        /// First argument.
        p: Dist,
        /// Second argument.
        q: Dist,
    },
    /// Pearson χ² divergence `Chi2(P‖Q)`.
    Chi2 {
        /// First argument.
        p: Dist,
        /// Second (reference) argument.
        q: Dist,
    },
    /// Rényi divergence of order `α`, `Renyi[α](P‖Q)`.
    Renyi {
        /// The order `α`.
        alpha: Alpha,
        /// First argument.
        p: Dist,
        /// Second (reference) argument.
        q: Dist,
    },
    /// Mutual information `I(X;Y)`.
    MutualInfo {
        /// First variable as written.
        first: Var,
        /// Second variable as written.
        second: Var,
    },
}

impl Measure {
    /// Canonical name of the measure as printed (`"H"`, `"KL"`, `"JSD"`,
    /// `"JS"`, `"TV"`, `"Hel"`, `"Chi2"`, `"Renyi"` or `"I"`).
    pub fn name(&self) -> &'static str {
        match self {
            Measure::Entropy(_)
            | Measure::CrossEntropy { .. }
            | Measure::MarginalEntropy(_)
            | Measure::JointEntropy { .. }
            | Measure::CondEntropy { .. } => "H",
            Measure::Kl { .. } => "KL",
            Measure::Jsd { .. } => "JSD",
            Measure::Js { .. } => "JS",
            Measure::Tv { .. } => "TV",
            Measure::Hellinger { .. } => "Hel",
            Measure::Chi2 { .. } => "Chi2",
            Measure::Renyi { .. } => "Renyi",
            Measure::MutualInfo { .. } => "I",
        }
    }

    /// The distribution arguments, in the order written (empty for measures
    /// of the joint distribution).
    pub fn distributions(&self) -> Vec<Dist> {
        match self {
            Measure::Entropy(p) => vec![*p],
            Measure::CrossEntropy { p, q }
            | Measure::Kl { p, q }
            | Measure::Jsd { p, q }
            | Measure::Js { p, q }
            | Measure::Tv { p, q }
            | Measure::Hellinger { p, q }
            | Measure::Chi2 { p, q }
            | Measure::Renyi { p, q, .. } => vec![*p, *q],
            Measure::MarginalEntropy(_)
            | Measure::JointEntropy { .. }
            | Measure::CondEntropy { .. }
            | Measure::MutualInfo { .. } => Vec::new(),
        }
    }

    /// The random-variable arguments, in the order written (empty for
    /// measures of distributions).
    pub fn variables(&self) -> Vec<Var> {
        match self {
            Measure::MarginalEntropy(x) => vec![*x],
            Measure::JointEntropy { first, second } | Measure::MutualInfo { first, second } => {
                vec![*first, *second]
            }
            Measure::CondEntropy { of, given } => vec![*of, *given],
            _ => Vec::new(),
        }
    }

    /// Whether the measure is taken on the joint distribution of `X`, `Y`.
    pub fn is_joint(&self) -> bool {
        matches!(
            self,
            Measure::MarginalEntropy(_)
                | Measure::JointEntropy { .. }
                | Measure::CondEntropy { .. }
                | Measure::MutualInfo { .. }
        )
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_measure(f, self, false)
    }
}

/// An arithmetic expression.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Expr {
    /// A non-negative number literal.
    Num(Number),
    /// Unary minus `-e`.
    Neg(Box<Expr>),
    /// A binary operation `lhs op rhs`.
    Binary {
        /// The operator.
        op: BinOp,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// A function call; unary functions have exactly one argument, `min`
    /// and `max` at least one.
    Func {
        /// The function.
        func: Func,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// An information measure.
    Measure(Measure),
}

impl Expr {
    /// Builds `lhs op rhs`.
    pub fn binary(op: BinOp, lhs: Expr, rhs: Expr) -> Expr {
        Expr::Binary {
            op,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        }
    }

    /// All measures occurring in the expression (including inside Rényi
    /// orders), in left-to-right order.
    pub fn measures(&self) -> Vec<&Measure> {
        let mut out = Vec::new();
        self.collect_measures(&mut out);
        out
    }

    fn collect_measures<'a>(&'a self, out: &mut Vec<&'a Measure>) {
        match self {
            Expr::Num(_) => {}
            Expr::Neg(e) => e.collect_measures(out),
            Expr::Binary { lhs, rhs, .. } => {
                lhs.collect_measures(out);
                rhs.collect_measures(out);
            }
            Expr::Func { args, .. } => args.iter().for_each(|a| a.collect_measures(out)),
            Expr::Measure(m) => {
                out.push(m);
                if let Measure::Renyi {
                    alpha: Alpha::Finite(a),
                    ..
                } = m
                {
                    a.collect_measures(out);
                }
            }
        }
    }

    /// The distribution names (`P`, `Q`, `R`, `M`) literally occurring.
    pub fn distributions_used(&self) -> BTreeSet<Dist> {
        self.measures()
            .into_iter()
            .flat_map(Measure::distributions)
            .collect()
    }

    /// Whether any measure of the joint distribution (`X`, `Y`) occurs.
    pub fn uses_joint(&self) -> bool {
        self.measures().into_iter().any(Measure::is_joint)
    }

    /// Canonical notation using only ASCII (`||` instead of `‖`); parses
    /// back to an equal expression.
    pub fn to_ascii(&self) -> String {
        let mut s = String::new();
        write_expr(&mut s, self, false, true).expect("writing to a String cannot fail");
        s
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_expr(f, self, false, false)
    }
}

/// A claim: a chain `e0 rel1 e1 rel2 e2 ...` of at least one relation,
/// meaning the conjunction of `e0 rel1 e1`, `e1 rel2 e2`, ...
///
/// Parsed claims always have a non-empty `rest`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// The leftmost expression.
    pub first: Expr,
    /// The following relations, each with its right-hand expression.
    pub rest: Vec<(Rel, Expr)>,
}

impl Claim {
    /// A claim with a single relation `lhs rel rhs`.
    pub fn new(lhs: Expr, rel: Rel, rhs: Expr) -> Claim {
        Claim {
            first: lhs,
            rest: vec![(rel, rhs)],
        }
    }

    /// The individual relations `(lhs, rel, rhs)` of the chain, left to
    /// right; `a ≤ b ≤ c` yields `(a, ≤, b)` and `(b, ≤, c)`.
    pub fn relations(&self) -> Vec<(&Expr, Rel, &Expr)> {
        let mut out = Vec::with_capacity(self.rest.len());
        let mut lhs = &self.first;
        for (rel, rhs) in &self.rest {
            out.push((lhs, *rel, rhs));
            lhs = rhs;
        }
        out
    }

    /// All expressions of the chain, left to right.
    pub fn exprs(&self) -> impl Iterator<Item = &Expr> {
        std::iter::once(&self.first).chain(self.rest.iter().map(|(_, e)| e))
    }

    /// All measures occurring in the claim, left to right.
    pub fn measures(&self) -> Vec<&Measure> {
        self.exprs().flat_map(Expr::measures).collect()
    }

    /// The distribution names (`P`, `Q`, `R`, `M`) literally occurring in
    /// the claim. Note that `M` is defined from `P` and `Q`; see
    /// [`Claim::distributions_required`].
    pub fn distributions_used(&self) -> BTreeSet<Dist> {
        self.exprs().flat_map(Expr::distributions_used).collect()
    }

    /// The user-supplied distributions needed to evaluate the claim: the
    /// names used, with `M` replaced by `P` and `Q`.
    pub fn distributions_required(&self) -> BTreeSet<Dist> {
        let mut set = self.distributions_used();
        if set.remove(&Dist::M) {
            set.insert(Dist::P);
            set.insert(Dist::Q);
        }
        set
    }

    /// Whether any measure of the joint distribution (`X`, `Y`) occurs.
    pub fn uses_joint(&self) -> bool {
        self.exprs().any(Expr::uses_joint)
    }

    /// Canonical notation using only ASCII (`||`, `<=`, `>=`, `!=`); parses
    /// back to an equal claim.
    pub fn to_ascii(&self) -> String {
        let mut s = String::new();
        write_claim(&mut s, self, true).expect("writing to a String cannot fail");
        s
    }
}

impl fmt::Display for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_claim(f, self, false)
    }
}

// ---------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------

/// Binding strength of the top of an expression: 1 additive, 2
/// multiplicative, 3 unary minus, 4 power, 5 atom.
fn precedence(e: &Expr) -> u8 {
    match e {
        Expr::Binary { op, .. } => match op {
            BinOp::Add | BinOp::Sub => 1,
            BinOp::Mul | BinOp::Div => 2,
            BinOp::Pow => 4,
        },
        Expr::Neg(_) => 3,
        Expr::Num(_) | Expr::Func { .. } | Expr::Measure(_) => 5,
    }
}

/// Writes `e`, parenthesised if its precedence is below `min` or if it is a
/// negation in a right operand position (`a - (-b)` reads better than
/// `a - -b`).
fn write_operand<W: Write>(w: &mut W, e: &Expr, min: u8, right: bool, ascii: bool) -> fmt::Result {
    let parens = precedence(e) < min || (right && matches!(e, Expr::Neg(_)));
    write_expr(w, e, parens, ascii)
}

fn write_expr<W: Write>(w: &mut W, e: &Expr, parens: bool, ascii: bool) -> fmt::Result {
    if parens {
        w.write_char('(')?;
    }
    match e {
        Expr::Num(n) => w.write_str(n.as_str())?,
        Expr::Neg(inner) => {
            w.write_char('-')?;
            write_operand(w, inner, 4, true, ascii)?;
        }
        Expr::Binary { op, lhs, rhs } => match op {
            BinOp::Add | BinOp::Sub => {
                write_operand(w, lhs, 1, false, ascii)?;
                write!(w, " {} ", op.symbol())?;
                write_operand(w, rhs, 2, true, ascii)?;
            }
            BinOp::Mul | BinOp::Div => {
                write_operand(w, lhs, 2, false, ascii)?;
                w.write_str(op.symbol())?;
                write_operand(w, rhs, 3, true, ascii)?;
            }
            BinOp::Pow => {
                write_operand(w, lhs, 5, false, ascii)?;
                w.write_str(op.symbol())?;
                write_operand(w, rhs, 3, true, ascii)?;
            }
        },
        Expr::Func { func, args } => {
            write!(w, "{}(", func.name())?;
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    w.write_str(", ")?;
                }
                write_expr(w, a, false, ascii)?;
            }
            w.write_char(')')?;
        }
        Expr::Measure(m) => write_measure(w, m, ascii)?,
    }
    if parens {
        w.write_char(')')?;
    }
    Ok(())
}

fn write_alpha<W: Write>(w: &mut W, a: &Alpha, ascii: bool) -> fmt::Result {
    match a {
        Alpha::Inf => w.write_str("inf"),
        Alpha::Finite(e) => write_expr(w, e, false, ascii),
    }
}

fn write_measure<W: Write>(w: &mut W, m: &Measure, ascii: bool) -> fmt::Result {
    let bars = if ascii { "||" } else { "‖" };
    match m {
        Measure::Entropy(p) => write!(w, "H({p})"),
        Measure::CrossEntropy { p, q } => write!(w, "H({p},{q})"),
        Measure::MarginalEntropy(x) => write!(w, "H({x})"),
        Measure::JointEntropy { first, second } => write!(w, "H({first},{second})"),
        Measure::CondEntropy { of, given } => write!(w, "H({of}|{given})"),
        Measure::Kl { p, q } | Measure::Chi2 { p, q } => {
            write!(w, "{}({p}{bars}{q})", m.name())
        }
        Measure::Jsd { p, q }
        | Measure::Js { p, q }
        | Measure::Tv { p, q }
        | Measure::Hellinger { p, q } => write!(w, "{}({p},{q})", m.name()),
        Measure::Renyi { alpha, p, q } => {
            w.write_str("Renyi[")?;
            write_alpha(w, alpha, ascii)?;
            write!(w, "]({p}{bars}{q})")
        }
        Measure::MutualInfo { first, second } => write!(w, "I({first};{second})"),
    }
}

fn write_claim<W: Write>(w: &mut W, c: &Claim, ascii: bool) -> fmt::Result {
    write_expr(w, &c.first, false, ascii)?;
    for (rel, e) in &c.rest {
        let sym = if ascii { rel.ascii() } else { rel.symbol() };
        write!(w, " {sym} ")?;
        write_expr(w, e, false, ascii)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::One;

    #[test]
    fn number_validation() {
        for ok in [
            "0", "12", "2.5", ".5", "2.", "1e-3", "1E+3", "6.02e23", "007",
        ] {
            assert!(Number::new(ok).is_some(), "{ok}");
        }
        for bad in [
            "", ".", "e3", "1e", "1e-", "-1", "1.2.3", "1 ", "+1", "1/2", "٣",
        ] {
            assert!(Number::new(bad).is_none(), "{bad}");
        }
    }

    fn ratio(n: i64, d: i64) -> BigRational {
        BigRational::new(BigInt::from(n), BigInt::from(d))
    }

    #[test]
    fn number_to_ratio() {
        let r = |s: &str| Number::new(s).unwrap().to_ratio().unwrap();
        assert_eq!(r("2"), ratio(2, 1));
        assert_eq!(r("0.25"), ratio(1, 4));
        assert_eq!(r(".5"), ratio(1, 2));
        assert_eq!(r("2."), ratio(2, 1));
        assert_eq!(r("1e-3"), ratio(1, 1000));
        assert_eq!(r("1.5E+2"), ratio(150, 1));
        assert_eq!(r("12.5e-1"), ratio(5, 4));
        assert_eq!(r("0e-0005"), ratio(0, 1));
        assert_eq!(r("1e0000000000000000000000003"), ratio(1000, 1));
        assert!(r("1e10000").is_integer());
        assert!(Number::new("1e10001").unwrap().to_ratio().is_none());
        assert!(Number::new("1e99999999999999999999")
            .unwrap()
            .to_ratio()
            .is_none());
        assert_eq!(r("0.1") * ratio(10, 1), BigRational::one());
    }

    #[test]
    fn names_round_trip() {
        for d in Dist::ALL {
            assert_eq!(Dist::from_name(d.name()), Some(d));
        }
        for v in Var::ALL {
            assert_eq!(Var::from_name(v.name()), Some(v));
        }
        for f in Func::ALL {
            assert_eq!(Func::from_name(f.name()), Some(f));
        }
        assert_eq!(Func::from_name("log"), Some(Func::Ln));
        assert_eq!(Dist::from_name("p"), None);
        assert_eq!(Var::from_name("Z"), None);
    }
}
