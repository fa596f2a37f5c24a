//! `infocert eval`: validate inputs, evaluate one measure exactly, and
//! certify its digits.

use serde::Serialize;

use crate::certify::{certify_digits, enclosure_strings, Certified};
use crate::dist::{round_to_f64, same_len, Dist, Joint, Semantics};
use crate::error::{Error, Result};
use crate::exact::engine::{ExactEngine, Real};
use crate::exact::Base;
use crate::measures::{Alpha, Args, Arity, BaseScaling, Measure};
use crate::num::{q_short, q_text, Q};
use num_traits::{One, Signed};

/// Closed forms are built for inputs up to this many entries; larger
/// inputs are certified numerically (their closed form would be a sum of
/// thousands of logarithms, and factoring every entry costs time).
pub const CLOSED_FORM_MAX_ENTRIES: usize = 64;

/// Inputs up to this many entries get a second, closed-form attempt when
/// the numeric enclosure cannot certify every digit (exact zeros and ties
/// reached only by cancellation between terms).
pub const CLOSED_FORM_RETRY_MAX_ENTRIES: usize = 20_000;

/// One evaluation request.
#[derive(Debug, Clone)]
pub struct Request {
    /// Which measure.
    pub measure: Measure,
    /// First distribution (exact values as parsed).
    pub p: Option<Vec<Q>>,
    /// Second distribution.
    pub q: Option<Vec<Q>>,
    /// Joint matrix (rows).
    pub joint: Option<Vec<Vec<Q>>>,
    /// Rényi order.
    pub alpha: Option<Alpha>,
    /// Logarithm base.
    pub base: Base,
    /// Significant digits to certify.
    pub digits: u32,
    /// Input semantics.
    pub semantics: Semantics,
    /// Round every input to the nearest double first.
    pub round_inputs_to_f64: bool,
}

/// Validated inputs, ready for any engine.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The measure.
    pub measure: Measure,
    /// First distribution.
    pub p: Option<Dist>,
    /// Second distribution.
    pub q: Option<Dist>,
    /// Joint.
    pub joint: Option<Joint>,
    /// Rényi order.
    pub alpha: Option<Alpha>,
}

impl Prepared {
    /// Arguments for [`Measure::evaluate`] on the exact values.
    pub fn args(&self) -> Args<'_, Q> {
        Args {
            p: self.p.as_ref().map(|d| d.values()),
            q: self.q.as_ref().map(|d| d.values()),
            joint: self.joint.as_ref().map(|j| crate::measures::Joint {
                flat: j.flat().values(),
                rows: j.rows(),
                cols: j.cols(),
            }),
            alpha: self.alpha.as_ref(),
        }
    }

    /// Total number of input entries.
    pub fn entries(&self) -> usize {
        self.p.as_ref().map_or(0, Dist::len)
            + self.q.as_ref().map_or(0, Dist::len)
            + self.joint.as_ref().map_or(0, |j| j.flat().len())
    }

    /// Evaluate with the exact engine at `prec` bits.
    pub fn exact(&self, closed_form: bool, prec: u32) -> Real {
        let e = ExactEngine { prec, closed_form };
        self.measure
            .evaluate(&e, &self.args())
            .expect("arguments validated by prepare()")
    }

    /// Exact input sums that differ from 1 (before any normalization).
    pub fn defects(&self) -> Vec<(String, Q)> {
        let mut out = Vec::new();
        for (name, d) in [("p", &self.p), ("q", &self.q)] {
            if let Some(d) = d {
                if !d.input_sum().is_one() {
                    out.push((name.to_string(), d.input_sum().clone()));
                }
            }
        }
        if let Some(j) = &self.joint {
            if !j.flat().input_sum().is_one() {
                out.push(("joint".to_string(), j.flat().input_sum().clone()));
            }
        }
        out
    }
}

/// Validate a request's inputs for its measure.
///
/// # Errors
/// Missing arguments, any [`Error`] of [`Dist::new`] / [`Joint::new`],
/// length mismatches, and a missing or bad α for `renyi`.
pub fn prepare(req: &Request) -> Result<Prepared> {
    let m = req.measure;
    let need = |what: &str| Error::MissingArgument {
        measure: m.name().to_string(),
        what: what.to_string(),
    };
    let conv = |which: &str, v: &Vec<Q>| -> Result<Vec<Q>> {
        if req.round_inputs_to_f64 {
            round_to_f64(which, v)
        } else {
            Ok(v.clone())
        }
    };
    let mut out = Prepared {
        measure: m,
        p: None,
        q: None,
        joint: None,
        alpha: None,
    };
    match m.arity() {
        Arity::One | Arity::Two => {
            let p = req.p.as_ref().ok_or_else(|| need("a distribution p"))?;
            let p = conv("p", p)?;
            if m.arity() == Arity::Two {
                let q = req
                    .q
                    .as_ref()
                    .ok_or_else(|| need("a second distribution q"))?;
                let q = conv("q", q)?;
                same_len("p", &p, "q", &q)?;
                out.q = Some(Dist::new("q", q, req.semantics)?);
            }
            out.p = Some(Dist::new("p", p, req.semantics)?);
        }
        Arity::Joint => {
            let j = req
                .joint
                .as_ref()
                .ok_or_else(|| need("a joint distribution"))?;
            crate::dist::check_rectangular(j)?;
            let flat: Vec<Q> = j.iter().flatten().cloned().collect();
            let flat = conv("joint", &flat)?;
            let cols = j.first().map_or(0, Vec::len).max(1);
            let j: Vec<Vec<Q>> = flat.chunks(cols).map(<[Q]>::to_vec).collect();
            out.joint = Some(Joint::new(j, req.semantics)?);
        }
    }
    if m == Measure::Renyi {
        out.alpha = Some(req.alpha.clone().ok_or_else(|| need("the order alpha"))?);
    }
    Ok(out)
}

/// The result of `infocert eval`, as printed with `--json`.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// Measure name.
    pub measure: String,
    /// Base (`"e"`, `"2"`, `"10"`), or null for base-free measures.
    pub base: Option<String>,
    /// Rényi order, if any.
    pub alpha: Option<String>,
    /// The exact closed form, or null where none exists (or it was omitted).
    pub closed_form: Option<String>,
    /// Why there is no closed form, when there is none.
    pub closed_form_note: Option<String>,
    /// The certified digits (`"inf"` for +∞).
    pub decimal: String,
    /// How many significant digits are certified.
    pub digits: u32,
    /// How many were requested.
    pub requested_digits: u32,
    /// Whether the decimal is the exact value.
    pub exact: bool,
    /// `[lo, hi]` enclosing the value (outward-rounded decimals), or null for ±∞.
    pub enclosure: Option<[String; 2]>,
    /// `"as_given"` or `"normalized"`.
    pub semantics: String,
    /// Exact input sums that differ from 1 (`{"p": "9/10"}`).
    pub sums: std::collections::BTreeMap<String, String>,
    /// Human-readable warnings.
    pub warnings: Vec<String>,
}

/// Evaluate a request: closed form (small inputs) and certified digits.
pub fn evaluate(req: &Request) -> Result<Evaluation> {
    if req.digits == 0 {
        return Err(Error::Invalid("--digits must be at least 1".into()));
    }
    if req.digits > 2000 {
        return Err(Error::Invalid("--digits is capped at 2000".into()));
    }
    let prep = prepare(req)?;
    let scaling = req.measure.base_scaling();
    let (cert, closed_form, note) = certify_prepared(&prep, req.base, req.digits);
    let mut warnings = Vec::new();
    let mut sums = std::collections::BTreeMap::new();
    for (name, s) in prep.defects() {
        if req.semantics != Semantics::Normalized {
            let exact = q_text(&s);
            warnings.push(format!(
                "{name} sums to {}{}, not 1: evaluated as given{}",
                sum_text(&s),
                if exact.len() <= 60 {
                    format!(" (exactly {exact})")
                } else {
                    String::new()
                },
                if matches!(req.measure, Measure::Kl | Measure::Mi) {
                    "; the value can be negative"
                } else {
                    ""
                }
            ));
        }
        sums.insert(name, q_text(&s));
    }
    if cert.enclosure.is_none() && cert.digits == 0 {
        warnings.push(format!(
            "no digit could be certified: the value's enclosure stayed unbounded up to {} bits (a magnitude beyond 2^(2^24), or an argument whose sign could not be fixed)",
            cert.prec
        ));
    } else if !cert.complete() {
        warnings.push(format!(
            "only {} of {} digits could be certified (refinement stopped at {} bits: the value may sit on a rounding boundary or at zero)",
            cert.digits,
            cert.requested,
            cert.prec
        ));
    }
    let enclosure = cert.enclosure.as_ref().map(|(lo, hi)| {
        let (a, b) = enclosure_strings(lo, hi, req.digits + 5);
        [a, b]
    });
    Ok(Evaluation {
        measure: req.measure.name().to_string(),
        base: (scaling != BaseScaling::None).then(|| req.base.name().to_string()),
        alpha: prep.alpha.as_ref().map(Alpha::text),
        closed_form,
        closed_form_note: note,
        decimal: cert.decimal,
        digits: cert.digits,
        requested_digits: cert.requested,
        exact: cert.exact,
        enclosure,
        semantics: req.semantics.name().to_string(),
        sums,
        warnings,
    })
}

/// The certified digits of a prepared measure, with its closed form (or the
/// reason there is none): the one path from validated inputs to a certified
/// value, shared by `eval`, the façade ([`crate::certify`]) and the
/// conformance vectors.
pub fn certify_prepared(
    prep: &Prepared,
    base: Base,
    digits: u32,
) -> (Certified, Option<String>, Option<String>) {
    let scaling = prep.measure.base_scaling();
    let closed = prep.entries() <= CLOSED_FORM_MAX_ENTRIES;
    // evaluate once; closed forms are re-enclosed at higher precision
    // without recomputation, only ball-valued results are recomputed
    let p0 = crate::certify::initial_prec(digits);
    let first = prep.exact(closed, p0);
    let cert: Certified = certify_digits(
        |prec| {
            if prec == p0 {
                first.clone()
            } else {
                prep.exact(closed, prec)
            }
        },
        base,
        scaling,
        digits,
    );
    // a large input whose value sits exactly on a tie or at zero (a
    // cancellation the per-term balls cannot see) is retried with closed forms
    let (cert, first, closed) =
        if !closed && !cert.complete() && prep.entries() <= CLOSED_FORM_RETRY_MAX_ENTRIES {
            let v = prep.exact(true, p0);
            let c = certify_digits(|_| v.clone(), base, scaling, digits);
            if c.digits >= cert.digits {
                (c, v, true)
            } else {
                (cert, first, false)
            }
        } else {
            (cert, first, closed)
        };
    let (closed_form, note) = match closed_form_text(&first, base, scaling) {
        // in numeric mode a Form arises only when every term was exact
        Some(s) if closed || matches!(first, Real::Form(_) | Real::PosInf | Real::NegInf) => {
            (Some(s), None)
        }
        _ if closed => (
            None,
            Some(
                "no closed form: the value involves roots or powers (certified enclosure only)"
                    .to_string(),
            ),
        ),
        _ => (
            None,
            Some(format!(
                "closed form omitted for inputs with more than {CLOSED_FORM_MAX_ENTRIES} entries"
            )),
        ),
    };
    (cert, closed_form, note)
}

/// A sum near 1 as `1 + d` or `1 − d` (so a tiny defect stays visible).
fn sum_text(s: &Q) -> String {
    let d = s - Q::one();
    if d.abs() < Q::new(1.into(), 1000.into()) {
        let sign = if d.is_negative() { "−" } else { "+" };
        format!("1 {sign} {}", q_short(&d.abs()))
    } else {
        q_short(s)
    }
}

/// The closed form of a value in a base, if it has one.
pub fn closed_form_text(v: &Real, base: Base, scaling: BaseScaling) -> Option<String> {
    let b = if scaling == BaseScaling::None {
        Base::E
    } else {
        base
    };
    match v {
        Real::PosInf => Some("+∞".into()),
        Real::NegInf => Some("−∞".into()),
        Real::Form(f) => Some(if scaling == BaseScaling::SqrtLog {
            // a JS distance that is rational (e.g. 0)
            f.display(Base::E)
        } else {
            f.display(b)
        }),
        Real::Sqrt(f) => Some(
            match f
                .rational_in_base(b)
                .as_ref()
                .and_then(crate::certify::rational_sqrt)
            {
                Some(s) => q_text(&s),
                None => format!("√({})", f.display(b)),
            },
        ),
        Real::Ball(_) => None,
    }
}
