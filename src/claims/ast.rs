//! Abstract syntax tree of the claims language: one expression IR for every
//! statement.
//!
//! A [`Statement`] is a [`Formula`] (chains of relations such as
//! `0 ≤ JSD(P,Q) ≤ ln(2)`, combined with `and`, `or`, `not`, `=>`, `<=>` and
//! `all_i(…)`) followed by an optional `where` clause of [`Decl`]arations:
//! the kinds of the inputs, parameters with their domains, definitions
//! `name := expr` and conditions that restrict the domain.
//!
//! Expressions ([`Expr`]) are built from number literals, named inputs
//! (distributions `P`, `Q`, `P1`, joints `P_XY`, marginals `P_X`, kernels
//! `K`, vectors and parameters declared in the `where` clause), arithmetic
//! (on numbers, and on vectors for mixtures `l*P + (1-l)*Q`, kernels `P*K`
//! and products `P_X ⊗ P_Y`), elementary functions ([`Func`]), element
//! access `P[i]`, conditionals `P_{Y|X=x}`, indexed sums `sum_i(…)`,
//! expectations `E[x~P_X](…)`, `|supp(P)|` and the information measures
//! ([`Measure`]).
//!
//! Every type implements [`fmt::Display`], printing canonical notation that
//! the parser reads back to an equal tree ([`Statement::to_ascii`] prints
//! plain ASCII that parses back too).

use std::collections::BTreeSet;
use std::fmt::{self, Write};

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Zero;
use serde::Serialize;

/// A random variable of the default joint distribution `P_XY`: `X` or `Y`.
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

/// A relation between two expressions. Between vectors, `=`, `<`, `≤`, `>`
/// and `≥` hold entry by entry (`supp(P) ≤ supp(Q)`: the support of `P` is
/// within that of `Q`) and `≠` is "not all equal"; between a vector and a
/// number, every entry is compared with the number (`Q > 0`).
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

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BinOp {
    /// Addition `+` (numbers, or vectors entry by entry).
    Add,
    /// Subtraction `-`.
    Sub,
    /// Multiplication `*` (numbers; a number times a vector; a distribution
    /// times a Markov kernel, `P*K`, is the distribution pushed through it).
    Mul,
    /// Division `/` (numbers; a vector by a number).
    Div,
    /// Exponentiation `^` (right associative).
    Pow,
    /// Product distribution `P ⊗ Q` (written `outer(P, Q)` in ASCII): the
    /// `n × n` joint with entries `p_i·q_j`.
    Outer,
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
            BinOp::Outer => " ⊗ ",
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
    /// Least integer not below `x`: `ceil(x)` (code lengths `ceil(-log2(q))`).
    Ceil,
    /// Greatest integer not above `x`: `floor(x)`.
    Floor,
    /// Sum of the entries of a vector or joint: `sum(w)`.
    Total,
    /// Support of a vector, `supp(P)`: the indicator of its non-zero entries
    /// (compare supports with `=`, or `≤` for inclusion; `|supp(P)|` counts).
    Supp,
}

impl Func {
    /// All functions.
    pub const ALL: [Func; 11] = [
        Func::Sqrt,
        Func::Ln,
        Func::Exp,
        Func::Log2,
        Func::Abs,
        Func::Min,
        Func::Max,
        Func::Ceil,
        Func::Floor,
        Func::Total,
        Func::Supp,
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
            Func::Ceil => "ceil",
            Func::Floor => "floor",
            Func::Total => "sum",
            Func::Supp => "supp",
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

/// An information measure. Distribution arguments are expressions of
/// distributions (`P`, `P_X`, `P_{Y|X=x}`, `l*P + (1-l)*Q`, `P*K`,
/// `P_X ⊗ P_Y`, a joint `P_XY` read as a distribution on pairs); the
/// measures of random variables (`H(X)`, `H(X,Y)`, `H(X|Y)`, `I(X;Y)`) are
/// taken on the joint `P_XY`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Measure {
    /// Shannon entropy `H(P)`.
    Entropy(Box<Expr>),
    /// Cross-entropy `H(P,Q)`.
    CrossEntropy {
        /// The distribution the expectation is taken under.
        p: Box<Expr>,
        /// The coding distribution.
        q: Box<Expr>,
    },
    /// Marginal entropy `H(X)` of one coordinate of `P_XY`.
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
    /// Kullback–Leibler divergence `KL(P‖Q)` (also `D(P||Q)`, `KL(P,Q)`).
    Kl {
        /// First argument.
        p: Box<Expr>,
        /// Second (reference) argument.
        q: Box<Expr>,
    },
    /// Jensen–Shannon divergence `JSD(P,Q)`.
    Jsd {
        /// First argument.
        p: Box<Expr>,
        /// Second argument.
        q: Box<Expr>,
    },
    /// Jensen–Shannon distance `JS(P,Q)` (square root of the divergence).
    Js {
        /// First argument.
        p: Box<Expr>,
        /// Second argument.
        q: Box<Expr>,
    },
    /// Total variation distance `TV(P,Q)`.
    Tv {
        /// First argument.
        p: Box<Expr>,
        /// Second argument.
        q: Box<Expr>,
    },
    /// Hellinger distance `Hel(P,Q)`.
    Hellinger {
        /// First argument.
        p: Box<Expr>,
        /// Second argument.
        q: Box<Expr>,
    },
    /// Pearson χ² divergence `Chi2(P‖Q)`.
    Chi2 {
        /// First argument.
        p: Box<Expr>,
        /// Second (reference) argument.
        q: Box<Expr>,
    },
    /// Rényi divergence of order `α`, `Renyi[α](P‖Q)`.
    Renyi {
        /// The order `α`.
        alpha: Alpha,
        /// First argument.
        p: Box<Expr>,
        /// Second (reference) argument.
        q: Box<Expr>,
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
    /// of random variables).
    pub fn arguments(&self) -> Vec<&Expr> {
        match self {
            Measure::Entropy(p) => vec![p],
            Measure::CrossEntropy { p, q }
            | Measure::Kl { p, q }
            | Measure::Jsd { p, q }
            | Measure::Js { p, q }
            | Measure::Tv { p, q }
            | Measure::Hellinger { p, q }
            | Measure::Chi2 { p, q }
            | Measure::Renyi { p, q, .. } => vec![p, q],
            _ => Vec::new(),
        }
    }

    /// The random-variable arguments, in the order written.
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

    /// Whether the measure is taken on the joint distribution `P_XY` of `X`, `Y`.
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

/// An expression: a number, or a vector (distribution, joint, kernel).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Expr {
    /// A non-negative number literal.
    Num(Number),
    /// A name: an input (`P`, `P_XY`, `K`, `w`), a marginal (`P_X`), a
    /// parameter (`l`), a definition from the `where` clause, or an index
    /// bound by `sum_i`, `all_i` or `E[i~…]`.
    Name(String),
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
    /// Element access `P[i]` or `P_XY[i,j]` (indices from 1).
    Index {
        /// The vector or joint.
        base: Box<Expr>,
        /// One index (vectors) or two (joints, kernels).
        idx: Vec<Expr>,
    },
    /// A conditional distribution `P_{Y|X=x}`: the row (or column) of the
    /// joint `P_XY` at `X = x`, normalized.
    Cond {
        /// The joint's letter (`P` in `P_{Y|X=x}`).
        joint: String,
        /// The variable whose distribution it is (`Y`).
        of: char,
        /// The conditioning variable (`X`).
        given: char,
        /// The conditioning value (an index from 1).
        at: Box<Expr>,
    },
    /// Indexed sum `sum_i(body)` (`Σ_i(body)`) over `i = 1..n`. A term whose
    /// factor is an exact zero is zero, whatever the other factor (the
    /// convention `0·ln 0 = 0` of information theory).
    Sum {
        /// The index name.
        var: String,
        /// The summand.
        body: Box<Expr>,
    },
    /// Expectation `E[x~D](body)` = `Σ_x D[x]·body`, terms with `D[x] = 0`
    /// skipped (not evaluated).
    Expect {
        /// The index name.
        var: String,
        /// The distribution.
        dist: Box<Expr>,
        /// The integrand.
        body: Box<Expr>,
    },
    /// Support size `|supp(P)|`.
    SuppSize(Box<Expr>),
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

    /// The direct sub-expressions, left to right.
    pub fn children(&self) -> Vec<&Expr> {
        match self {
            Expr::Num(_) | Expr::Name(_) => Vec::new(),
            Expr::Neg(e) | Expr::SuppSize(e) => vec![e],
            Expr::Binary { lhs, rhs, .. } => vec![lhs, rhs],
            Expr::Func { args, .. } => args.iter().collect(),
            Expr::Measure(m) => {
                let mut v = Vec::new();
                if let Measure::Renyi {
                    alpha: Alpha::Finite(a),
                    ..
                } = m
                {
                    v.push(&**a);
                }
                v.extend(m.arguments());
                v
            }
            Expr::Index { base, idx } => std::iter::once(&**base).chain(idx.iter()).collect(),
            Expr::Cond { at, .. } => vec![at],
            Expr::Sum { body, .. } => vec![body],
            Expr::Expect { dist, body, .. } => vec![dist, body],
        }
    }

    /// All measures occurring in the expression, in left-to-right order.
    pub fn measures(&self) -> Vec<&Measure> {
        let mut out = Vec::new();
        self.collect_measures(&mut out);
        out
    }

    fn collect_measures<'a>(&'a self, out: &mut Vec<&'a Measure>) {
        if let Expr::Measure(m) = self {
            out.push(m);
        }
        for c in self.children() {
            c.collect_measures(out);
        }
    }

    /// The free names (inputs, parameters, definitions), in order of first
    /// occurrence; indices bound inside are left out.
    pub fn free_names(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_names(&mut Vec::new(), &mut out);
        out
    }

    pub(crate) fn collect_names(&self, bound: &mut Vec<String>, out: &mut Vec<String>) {
        let mut push = |n: &str, bound: &Vec<String>| {
            if !bound.iter().any(|b| b == n) && !out.iter().any(|o| o == n) {
                out.push(n.to_string());
            }
        };
        match self {
            Expr::Name(n) => push(n, bound),
            Expr::Cond {
                joint,
                of,
                given,
                at,
                ..
            } => {
                push(&cond_joint_hint(joint, *of, *given), bound);
                at.collect_names(bound, out);
            }
            Expr::Sum { var, body } => {
                bound.push(var.clone());
                body.collect_names(bound, out);
                bound.pop();
            }
            Expr::Expect { var, dist, body } => {
                dist.collect_names(bound, out);
                bound.push(var.clone());
                body.collect_names(bound, out);
                bound.pop();
            }
            Expr::Measure(m) if m.is_joint() => {
                push("P_XY", bound);
                for c in self.children() {
                    c.collect_names(bound, out);
                }
            }
            _ => {
                for c in self.children() {
                    c.collect_names(bound, out);
                }
            }
        }
    }

    /// Whether any measure of the joint distribution (`X`, `Y`) occurs.
    pub fn uses_joint(&self) -> bool {
        self.measures().into_iter().any(Measure::is_joint)
    }

    /// Canonical notation using only ASCII; parses back to an equal
    /// expression.
    pub fn to_ascii(&self) -> String {
        let mut s = String::new();
        write_expr(&mut s, self, false, true).expect("writing to a String cannot fail");
        s
    }
}

/// The joint name a conditional `P_{Y|X=x}` reads from, as first guessed
/// (`P_XY` with the letters in alphabetical order); the scope resolves it
/// to the joint actually declared (`P_XY` or `P_YX`).
pub(crate) fn cond_joint_hint(joint: &str, of: char, given: char) -> String {
    let (a, b) = if given <= of {
        (given, of)
    } else {
        (of, given)
    };
    format!("{joint}_{a}{b}")
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_expr(f, self, false, false)
    }
}

/// A chain `e0 rel1 e1 rel2 e2 ...` of at least one relation, meaning the
/// conjunction of `e0 rel1 e1`, `e1 rel2 e2`, ...
///
/// Parsed chains always have a non-empty `rest`.
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

    /// The free names, in order of first occurrence.
    pub fn free_names(&self) -> Vec<String> {
        let mut out = Vec::new();
        for e in self.exprs() {
            e.collect_names(&mut Vec::new(), &mut out);
        }
        out
    }

    /// The distribution-like names used (`P`, `Q`, …), sorted.
    pub fn names_used(&self) -> BTreeSet<String> {
        self.free_names().into_iter().collect()
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

/// A logical formula over chains of relations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Formula {
    /// A chain of relations `a ≤ b < c`.
    Chain(Claim),
    /// Negation `not F` (`¬F`).
    Not(Box<Formula>),
    /// Conjunction `F and G and …` (`∧`).
    And(Vec<Formula>),
    /// Disjunction `F or G or …` (`∨`).
    Or(Vec<Formula>),
    /// Implication `F => G` (`⇒`); right associative.
    Implies(Box<Formula>, Box<Formula>),
    /// Equivalence `F <=> G` (`⇔`, `iff`).
    Iff(Box<Formula>, Box<Formula>),
    /// `all_i(F)` (`∀i(F)`): `F` for every index `i = 1..n`.
    All {
        /// The index name.
        var: String,
        /// The formula.
        body: Box<Formula>,
    },
}

impl Formula {
    /// The chains of the formula, left to right.
    pub fn chains(&self) -> Vec<&Claim> {
        let mut out = Vec::new();
        self.collect_chains(&mut out);
        out
    }

    fn collect_chains<'a>(&'a self, out: &mut Vec<&'a Claim>) {
        match self {
            Formula::Chain(c) => out.push(c),
            Formula::Not(f) | Formula::All { body: f, .. } => f.collect_chains(out),
            Formula::And(v) | Formula::Or(v) => v.iter().for_each(|f| f.collect_chains(out)),
            Formula::Implies(a, b) | Formula::Iff(a, b) => {
                a.collect_chains(out);
                b.collect_chains(out);
            }
        }
    }

    pub(crate) fn collect_names(&self, bound: &mut Vec<String>, out: &mut Vec<String>) {
        match self {
            Formula::Chain(c) => c.exprs().for_each(|e| e.collect_names(bound, out)),
            Formula::Not(f) => f.collect_names(bound, out),
            Formula::And(v) | Formula::Or(v) => v.iter().for_each(|f| f.collect_names(bound, out)),
            Formula::Implies(a, b) | Formula::Iff(a, b) => {
                a.collect_names(bound, out);
                b.collect_names(bound, out);
            }
            Formula::All { var, body } => {
                bound.push(var.clone());
                body.collect_names(bound, out);
                bound.pop();
            }
        }
    }

    /// The free names, in order of first occurrence.
    pub fn free_names(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_names(&mut Vec::new(), &mut out);
        out
    }

    /// Canonical ASCII notation.
    pub fn to_ascii(&self) -> String {
        let mut s = String::new();
        write_formula(&mut s, self, 0, true).expect("writing to a String cannot fail");
        s
    }
}

impl fmt::Display for Formula {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_formula(f, self, 0, false)
    }
}

/// What an input holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Kind {
    /// A probability distribution on `n` outcomes (`dist`).
    Dist,
    /// A joint distribution on `n × n` outcomes (`joint`).
    Joint,
    /// A Markov kernel: `n` rows, each a distribution (`kernel`).
    Kernel,
    /// A non-negative vector of `n` entries (`vector`).
    Vector,
    /// A positive vector of `n` entries (`positive`).
    Positive,
    /// One number strictly between 0 and 1 (`unit`, or `in (0,1)`).
    Unit,
    /// One real number, given with `--param` (`real`); campaigns need a
    /// range.
    Real,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 7] = [
        Kind::Dist,
        Kind::Joint,
        Kind::Kernel,
        Kind::Vector,
        Kind::Positive,
        Kind::Unit,
        Kind::Real,
    ];

    /// The keyword in `where name: KIND`.
    pub fn keyword(self) -> &'static str {
        match self {
            Kind::Dist => "dist",
            Kind::Joint => "joint",
            Kind::Kernel => "kernel",
            Kind::Vector => "vector",
            Kind::Positive => "positive",
            Kind::Unit => "unit",
            Kind::Real => "real",
        }
    }

    /// Looks a kind up by its keyword.
    pub fn from_keyword(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.keyword() == s)
    }

    /// Number of entries at support size `n`.
    pub fn len(self, n: usize) -> usize {
        match self {
            Kind::Dist | Kind::Vector | Kind::Positive => n,
            Kind::Joint | Kind::Kernel => n * n,
            Kind::Unit | Kind::Real => 1,
        }
    }
}

/// One declaration of a `where` clause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Decl {
    /// `name: kind` (`l in (0,1)` is `l: unit`).
    Input {
        /// The name.
        name: String,
        /// Its kind.
        kind: Kind,
    },
    /// `name := expr`: a definition (evaluated where used).
    Define {
        /// The name.
        name: String,
        /// Its value.
        expr: Expr,
    },
    /// A condition restricting the domain: instances where it fails are
    /// outside the statement's domain (skipped and counted).
    Cond(Formula),
}

/// A statement: a formula and its `where` clause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statement {
    /// The formula.
    pub formula: Formula,
    /// The `where` clause, in order.
    pub decls: Vec<Decl>,
}

impl Statement {
    /// The formula when it is a single chain without a `where` clause.
    pub fn as_chain(&self) -> Option<&Claim> {
        match (&self.formula, self.decls.is_empty()) {
            (Formula::Chain(c), true) => Some(c),
            _ => None,
        }
    }

    /// Canonical ASCII notation; parses back to an equal statement.
    pub fn to_ascii(&self) -> String {
        let mut s = String::new();
        write_statement(&mut s, self, true).expect("writing to a String cannot fail");
        s
    }
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_statement(f, self, false)
    }
}

impl From<Claim> for Statement {
    fn from(c: Claim) -> Statement {
        Statement {
            formula: Formula::Chain(c),
            decls: Vec::new(),
        }
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
            BinOp::Mul | BinOp::Div | BinOp::Outer => 2,
            BinOp::Pow => 4,
        },
        Expr::Neg(_) => 3,
        _ => 5,
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
        Expr::Name(n) => w.write_str(n)?,
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
            BinOp::Outer if ascii => {
                w.write_str("outer(")?;
                write_expr(w, lhs, false, ascii)?;
                w.write_str(", ")?;
                write_expr(w, rhs, false, ascii)?;
                w.write_char(')')?;
            }
            BinOp::Mul | BinOp::Div | BinOp::Outer => {
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
        Expr::Index { base, idx } => {
            write_operand(w, base, 5, false, ascii)?;
            w.write_char('[')?;
            for (i, a) in idx.iter().enumerate() {
                if i > 0 {
                    w.write_char(',')?;
                }
                write_expr(w, a, false, ascii)?;
            }
            w.write_char(']')?;
        }
        Expr::Cond {
            joint,
            of,
            given,
            at,
        } => {
            write!(w, "{joint}_{{{of}|{given}=")?;
            write_expr(w, at, false, ascii)?;
            w.write_char('}')?;
        }
        Expr::Sum { var, body } => {
            write!(w, "{}_{var}(", if ascii { "sum" } else { "Σ" })?;
            write_expr(w, body, false, ascii)?;
            w.write_char(')')?;
        }
        Expr::Expect { var, dist, body } => {
            write!(w, "E[{var}~")?;
            write_expr(w, dist, false, ascii)?;
            w.write_str("](")?;
            write_expr(w, body, false, ascii)?;
            w.write_char(')')?;
        }
        Expr::SuppSize(x) => {
            w.write_str("|supp(")?;
            write_expr(w, x, false, ascii)?;
            w.write_str(")|")?;
        }
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
    let arg = |w: &mut W, e: &Expr| write_expr(w, e, false, ascii);
    match m {
        Measure::Entropy(p) => {
            w.write_str("H(")?;
            arg(w, p)?;
            w.write_char(')')
        }
        Measure::CrossEntropy { p, q } => {
            w.write_str("H(")?;
            arg(w, p)?;
            w.write_char(',')?;
            arg(w, q)?;
            w.write_char(')')
        }
        Measure::MarginalEntropy(x) => write!(w, "H({x})"),
        Measure::JointEntropy { first, second } => write!(w, "H({first},{second})"),
        Measure::CondEntropy { of, given } => write!(w, "H({of}|{given})"),
        Measure::Kl { p, q } | Measure::Chi2 { p, q } => {
            write!(w, "{}(", m.name())?;
            arg(w, p)?;
            w.write_str(bars)?;
            arg(w, q)?;
            w.write_char(')')
        }
        Measure::Jsd { p, q }
        | Measure::Js { p, q }
        | Measure::Tv { p, q }
        | Measure::Hellinger { p, q } => {
            write!(w, "{}(", m.name())?;
            arg(w, p)?;
            w.write_char(',')?;
            arg(w, q)?;
            w.write_char(')')
        }
        Measure::Renyi { alpha, p, q } => {
            w.write_str("Renyi[")?;
            write_alpha(w, alpha, ascii)?;
            w.write_str("](")?;
            arg(w, p)?;
            w.write_str(bars)?;
            arg(w, q)?;
            w.write_char(')')
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

/// Binding strength of a formula: 0 `<=>`, 1 `=>`, 2 `or`, 3 `and`, 4 the rest.
fn fprec(f: &Formula) -> u8 {
    match f {
        Formula::Iff(..) => 0,
        Formula::Implies(..) => 1,
        Formula::Or(_) => 2,
        Formula::And(_) => 3,
        _ => 4,
    }
}

fn write_formula<W: Write>(w: &mut W, f: &Formula, min: u8, ascii: bool) -> fmt::Result {
    let parens = fprec(f) < min;
    if parens {
        w.write_char('(')?;
    }
    let sym = |a: &'static str, u: &'static str| if ascii { a } else { u };
    match f {
        Formula::Chain(c) => write_claim(w, c, ascii)?,
        Formula::Not(x) => {
            w.write_str(sym("not ", "¬"))?;
            write_formula(w, x, 5, ascii)?;
        }
        Formula::And(v) | Formula::Or(v) => {
            let (op, p) = if matches!(f, Formula::And(_)) {
                (sym(" and ", " ∧ "), 4)
            } else {
                (sym(" or ", " ∨ "), 3)
            };
            for (i, x) in v.iter().enumerate() {
                if i > 0 {
                    w.write_str(op)?;
                }
                write_formula(w, x, p, ascii)?;
            }
        }
        Formula::Implies(a, b) => {
            write_formula(w, a, 2, ascii)?;
            w.write_str(sym(" => ", " ⇒ "))?;
            write_formula(w, b, 1, ascii)?;
        }
        Formula::Iff(a, b) => {
            write_formula(w, a, 1, ascii)?;
            w.write_str(sym(" <=> ", " ⇔ "))?;
            write_formula(w, b, 1, ascii)?;
        }
        Formula::All { var, body } => {
            write!(w, "{}{var}(", sym("all_", "all_"))?;
            write_formula(w, body, 0, ascii)?;
            w.write_char(')')?;
        }
    }
    if parens {
        w.write_char(')')?;
    }
    Ok(())
}

fn write_statement<W: Write>(w: &mut W, s: &Statement, ascii: bool) -> fmt::Result {
    write_formula(w, &s.formula, 0, ascii)?;
    for (i, d) in s.decls.iter().enumerate() {
        w.write_str(if i == 0 { " where " } else { ", " })?;
        match d {
            Decl::Input { name, kind } => write!(w, "{name}: {}", kind.keyword())?,
            Decl::Define { name, expr } => {
                write!(w, "{name} := ")?;
                write_expr(w, expr, false, ascii)?;
            }
            Decl::Cond(f) => write_formula(w, f, 4, ascii)?,
        }
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
        for v in Var::ALL {
            assert_eq!(Var::from_name(v.name()), Some(v));
        }
        for f in Func::ALL {
            assert_eq!(Func::from_name(f.name()), Some(f));
        }
        assert_eq!(Func::from_name("log"), Some(Func::Ln));
        assert_eq!(Var::from_name("Z"), None);
    }
}
