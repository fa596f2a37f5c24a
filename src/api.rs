//! The façade: typed inputs by arity, one exact entry point ([`certify`])
//! with a target (digits, nearest double, sign), and the float engine on
//! plain `f64` slices ([`float`], [`float_correctly_rounded`]).

use std::cmp::Ordering;

use crate::certify::{decide_sign, nearest_f64, Decision};
use crate::dist::{parse_list, parse_matrix, same_len, Dist, Joint, Semantics};
use crate::error::{Error, Result};
use crate::eval::{certify_prepared, Prepared};
use crate::exact::Base;
use crate::float::FloatValue;
use crate::measures::{Alpha, Args, Arity, Measure};
use crate::num::Q;

/// Validated exact inputs of a measure, by arity: a distribution, a pair on
/// one support, or a joint matrix. Construction checks everything (no
/// negative, empty, mismatched or ragged input reaches the numeric layer),
/// so a missing argument is a type error, not a run-time one.
///
/// ```
/// use infocert::{Inputs, Semantics};
/// let pq = Inputs::pair("0.1,0.9", "0.01,0.99", Semantics::AsGiven).unwrap();
/// let bad = Inputs::pair("0.5,0.5", "1", Semantics::AsGiven).unwrap_err();
/// assert!(bad.to_string().contains("length mismatch"));
/// # let _ = pq;
/// ```
#[derive(Debug, Clone)]
pub enum Inputs {
    /// One distribution `P`.
    One(Dist),
    /// Two distributions `P`, `Q` on one support.
    Two(Dist, Dist),
    /// A joint distribution of `(X, Y)`, rows `X`, columns `Y`.
    Joint(Joint),
}

impl Inputs {
    /// One distribution from exact values.
    pub fn one_from(p: Vec<Q>, semantics: Semantics) -> Result<Inputs> {
        Ok(Inputs::One(Dist::new("p", p, semantics)?))
    }

    /// Two distributions from exact values (same length).
    pub fn two_from(p: Vec<Q>, q: Vec<Q>, semantics: Semantics) -> Result<Inputs> {
        same_len("p", &p, "q", &q)?;
        Ok(Inputs::Two(
            Dist::new("p", p, semantics)?,
            Dist::new("q", q, semantics)?,
        ))
    }

    /// A joint matrix from exact rows (all of one length).
    pub fn joint_from(rows: Vec<Vec<Q>>, semantics: Semantics) -> Result<Inputs> {
        crate::dist::check_rectangular(&rows)?;
        Ok(Inputs::Joint(Joint::new(rows, semantics)?))
    }

    /// One distribution from text: `"0.1,0.9"`, `"1/3 2/3"`, hex floats.
    /// Every number is read exactly (`0.1` is 1/10).
    pub fn single(p: &str, semantics: Semantics) -> Result<Inputs> {
        Inputs::one_from(parse_list("p", p)?, semantics)
    }

    /// Two distributions from text.
    pub fn pair(p: &str, q: &str, semantics: Semantics) -> Result<Inputs> {
        Inputs::two_from(parse_list("p", p)?, parse_list("q", q)?, semantics)
    }

    /// A joint from text, rows separated by `;`: `"1/4,1/4;0,1/2"`.
    pub fn joint(text: &str, semantics: Semantics) -> Result<Inputs> {
        Inputs::joint_from(parse_matrix("joint", text)?, semantics)
    }

    fn arity(&self) -> Arity {
        match self {
            Inputs::One(_) => Arity::One,
            Inputs::Two(..) => Arity::Two,
            Inputs::Joint(_) => Arity::Joint,
        }
    }

    fn prepared(&self, measure: Measure, alpha: Option<Alpha>) -> Result<Prepared> {
        let want = measure.arity();
        // a pair also serves a one-distribution measure (its P)
        let fits = want == self.arity() || (want == Arity::One && self.arity() == Arity::Two);
        if !fits {
            return Err(Error::MissingArgument {
                measure: measure.name().to_string(),
                what: match want {
                    Arity::One => "one distribution".into(),
                    Arity::Two => "two distributions".into(),
                    Arity::Joint => "a joint distribution".into(),
                },
            });
        }
        if measure == Measure::Renyi && alpha.is_none() {
            return Err(Error::MissingArgument {
                measure: measure.name().to_string(),
                what: "an order α (use certify_renyi)".into(),
            });
        }
        let (p, q, joint) = match self {
            Inputs::One(p) => (Some(p.clone()), None, None),
            Inputs::Two(p, q) => (Some(p.clone()), Some(q.clone()), None),
            Inputs::Joint(j) => (None, None, Some(j.clone())),
        };
        Ok(Prepared {
            measure,
            p,
            q: if want == Arity::Two { q } else { None },
            joint,
            alpha,
        })
    }
}

/// What [`certify`] must certify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `n` significant decimal digits, correctly rounded (half to even).
    Digits(u32),
    /// The double nearest the value (ties to even).
    NearestF64,
    /// The sign of the value.
    Sign,
}

/// A certified exact value (what [`certify`] returns).
#[derive(Debug, Clone, PartialEq)]
pub struct Exact {
    /// The closed form in the base (`ln 10 − (9/10)·ln 11`), if there is one.
    pub closed_form: Option<String>,
    /// Why there is no closed form, if there is none.
    pub closed_form_note: Option<String>,
    /// The certified digits (`"inf"` for +∞; `"?"` when nothing is certified).
    /// Empty unless the target was [`Target::Digits`].
    pub decimal: String,
    /// How many significant digits of `decimal` are certified.
    pub digits: u32,
    /// An enclosure `[lo, hi]` of the value as exact rationals (equal ends
    /// for an exact value; `None` for ±∞ or when nothing is certified).
    pub enclosure: Option<(Q, Q)>,
    /// Whether `decimal` is the exact value.
    pub exact: bool,
    /// The nearest double (target [`Target::NearestF64`]).
    pub nearest_f64: Option<f64>,
    /// The sign (target [`Target::Sign`]).
    pub sign: Option<Ordering>,
}

/// Certify a measure on exact inputs: the one exact entry point.
///
/// The answer is either certified or says it is not: [`Error::Unable`] when
/// the refinement cap is reached for a double or a sign; fewer `digits`
/// than asked (and a `?`) for decimals.
///
/// ```
/// use infocert::{certify, Inputs, Measure, Semantics, Target};
/// let pq = Inputs::pair("0.1,0.9", "0.01,0.99", Semantics::AsGiven)?;
/// let kl = certify(Measure::Kl, &pq, Target::Digits(30))?;
/// assert_eq!(kl.closed_form.as_deref(), Some("ln 10 − (9/10)·ln 11"));
/// assert_eq!(kl.decimal, "0.144479347475512194362242234516");
/// let d = certify(Measure::Kl, &pq, Target::NearestF64)?;
/// assert_eq!(d.nearest_f64, Some(0.1444793474755122));
/// # Ok::<(), infocert::Error>(())
/// ```
pub fn certify(measure: Measure, inputs: &Inputs, target: Target) -> Result<Exact> {
    certify_in(measure, None, inputs, target, Base::E)
}

/// [`certify`] for the Rényi divergence of order `alpha`.
///
/// ```
/// use infocert::{certify_renyi, Alpha, Inputs, Semantics, Target};
/// let pq = Inputs::pair("0,1/3,2/3", "1/2,1/6,1/3", Semantics::AsGiven)?;
/// let d = certify_renyi(Alpha::parse("1000000")?, &pq, Target::Digits(10))?;
/// assert_eq!(d.closed_form.as_deref(), Some("ln 2"));
/// # Ok::<(), infocert::Error>(())
/// ```
pub fn certify_renyi(alpha: Alpha, inputs: &Inputs, target: Target) -> Result<Exact> {
    certify_in(Measure::Renyi, Some(alpha), inputs, target, Base::E)
}

/// [`certify`] (or [`certify_renyi`] with `alpha`) in a logarithm base.
pub fn certify_in(
    measure: Measure,
    alpha: Option<Alpha>,
    inputs: &Inputs,
    target: Target,
    base: Base,
) -> Result<Exact> {
    let prep = inputs.prepared(measure, alpha)?;
    let scaling = measure.base_scaling();
    let mut out = Exact {
        closed_form: None,
        closed_form_note: None,
        decimal: String::new(),
        digits: 0,
        enclosure: None,
        exact: false,
        nearest_f64: None,
        sign: None,
    };
    let eval = |prec: u32| prep.exact(prep.entries() <= crate::eval::CLOSED_FORM_MAX_ENTRIES, prec);
    let unable = |what: &str| Error::Unable {
        what: format!("{} ({what})", measure.name()),
        prec: crate::certify::MAX_PREC,
    };
    match target {
        Target::Digits(n) => {
            if n == 0 || n > 2000 {
                return Err(Error::Invalid(format!(
                    "{n} digits requested: ask for 1 to 2000"
                )));
            }
            let (c, form, note) = certify_prepared(&prep, base, n);
            out.closed_form = form;
            out.closed_form_note = note;
            out.decimal = c.decimal;
            out.digits = c.digits;
            out.enclosure = c.enclosure;
            out.exact = c.exact;
        }
        Target::NearestF64 => match nearest_f64(eval, base, scaling) {
            Decision::Decided(x) => out.nearest_f64 = Some(x),
            Decision::Undecided => return Err(unable("the nearest double")),
        },
        Target::Sign => match decide_sign(eval) {
            Decision::Decided(s) => out.sign = Some(s),
            Decision::Undecided => return Err(unable("the sign")),
        },
    }
    Ok(out)
}

/// `f64` inputs of the float engine, by arity (borrowed: no copy).
#[derive(Debug, Clone, Copy)]
pub enum FloatInputs<'a> {
    /// One distribution.
    One(&'a [f64]),
    /// Two distributions on one support.
    Two(&'a [f64], &'a [f64]),
    /// A row-major joint matrix.
    Joint {
        /// Row-major entries.
        flat: &'a [f64],
        /// Number of rows (values of X).
        rows: usize,
        /// Number of columns (values of Y).
        cols: usize,
    },
}

impl<'a> FloatInputs<'a> {
    fn args(&self, alpha: Option<&'a Alpha>) -> Args<'a, f64> {
        let (p, q, joint) = match *self {
            FloatInputs::One(p) => (Some(p), None, None),
            FloatInputs::Two(p, q) => (Some(p), Some(q), None),
            FloatInputs::Joint { flat, rows, cols } => (
                None,
                None,
                Some(crate::measures::Joint { flat, rows, cols }),
            ),
        };
        Args { p, q, joint, alpha }
    }
}

/// The float engine: the `f64` value of the formula on the input doubles
/// (as given) with a rigorous bound: the exact value lies in
/// `value ± err`.
///
/// ```
/// use infocert::{float, FloatInputs, Measure};
/// let (p, q) = ([0.1, 0.9], [0.01, 0.99]);
/// let v = float(Measure::Kl, FloatInputs::Two(&p, &q), None)?;
/// assert!((v.value - 0.1444793474755122).abs() <= 1e-16 && v.err < 1e-16);
/// # Ok::<(), infocert::Error>(())
/// ```
pub fn float(
    measure: Measure,
    inputs: FloatInputs<'_>,
    alpha: Option<&Alpha>,
) -> Result<FloatValue> {
    crate::float::evaluate(measure, &inputs.args(alpha))
}

/// The double nearest the exact value of the formula on the input doubles,
/// certified (the float engine's tiers, then the exact engine).
///
/// ```
/// use infocert::{float_correctly_rounded, FloatInputs, Measure};
/// let p = [0.5, 0.5];
/// assert_eq!(float_correctly_rounded(Measure::Entropy, FloatInputs::One(&p), None)?,
///            std::f64::consts::LN_2);
/// # Ok::<(), infocert::Error>(())
/// ```
pub fn float_correctly_rounded(
    measure: Measure,
    inputs: FloatInputs<'_>,
    alpha: Option<&Alpha>,
) -> Result<f64> {
    crate::float::evaluate_correctly_rounded(measure, &inputs.args(alpha))
}
