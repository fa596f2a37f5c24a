//! One conformance case and its JSONL record (the versioned schema).

use serde::{Deserialize, Serialize};

use super::fmt::{exact_f64, hex_f64, parse_f64_text, shortest_f64};
use crate::exact::Base;
use crate::measures::{Alpha, BaseScaling, Measure};

/// Version of the JSONL schema written by [`Case::to_json_line`].
pub const SCHEMA_VERSION: u32 = 1;

/// A reproducible large input, given by a formula instead of its values.
///
/// Every entry is one correctly rounded IEEE-754 double operation on
/// exactly representable integers, so any language reproduces the same bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipe {
    /// `x[i] = 1.0 / n`.
    Uniform(usize),
    /// `x[i] = (i + 1) / T` with `T = n(n+1)/2`, `i = 0 … n−1`.
    Linear(usize),
    /// `x[i] = (n − i) / T` with `T = n(n+1)/2`.
    LinearRev(usize),
    /// `x[i] = 1.0` (counts; sums to `n`).
    Ones(usize),
}

impl Recipe {
    /// The recipe's name in the schema.
    pub fn name(self) -> &'static str {
        match self {
            Recipe::Uniform(_) => "uniform",
            Recipe::Linear(_) => "linear",
            Recipe::LinearRev(_) => "linear_rev",
            Recipe::Ones(_) => "ones",
        }
    }

    /// The support size.
    pub fn len(self) -> usize {
        match self {
            Recipe::Uniform(n) | Recipe::Linear(n) | Recipe::LinearRev(n) | Recipe::Ones(n) => n,
        }
    }

    /// Whether the support is empty.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The formula, as written into the schema.
    pub fn formula(self) -> &'static str {
        match self {
            Recipe::Uniform(_) => "x[i] = 1.0 / n",
            Recipe::Linear(_) => "x[i] = float(i + 1) / float(n*(n+1)/2), i = 0..n-1",
            Recipe::LinearRev(_) => "x[i] = float(n - i) / float(n*(n+1)/2), i = 0..n-1",
            Recipe::Ones(_) => "x[i] = 1.0",
        }
    }

    /// The values (each one correctly rounded double operation).
    pub fn values(self) -> Vec<f64> {
        let n = self.len();
        let t = (n as u64 * (n as u64 + 1) / 2) as f64;
        (0..n)
            .map(|i| match self {
                Recipe::Uniform(_) => 1.0 / n as f64,
                Recipe::Linear(_) => (i + 1) as f64 / t,
                Recipe::LinearRev(_) => (n - i) as f64 / t,
                Recipe::Ones(_) => 1.0,
            })
            .collect()
    }

    fn parse(name: &str, n: usize) -> Option<Recipe> {
        Some(match name {
            "uniform" => Recipe::Uniform(n),
            "linear" => Recipe::Linear(n),
            "linear_rev" => Recipe::LinearRev(n),
            "ones" => Recipe::Ones(n),
            _ => return None,
        })
    }
}

/// An input vector: its doubles, or a recipe for them.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// The values.
    Values(Vec<f64>),
    /// A formula for large inputs.
    Recipe(Recipe),
}

impl Input {
    /// The values (a recipe is expanded).
    pub fn values(&self) -> std::borrow::Cow<'_, [f64]> {
        match self {
            Input::Values(v) => std::borrow::Cow::Borrowed(v),
            Input::Recipe(r) => std::borrow::Cow::Owned(r.values()),
        }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        match self {
            Input::Values(v) => v.len(),
            Input::Recipe(r) => r.len(),
        }
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Which input semantics a case's expected value is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseSemantics {
    /// The formula on the exact values given (even if they do not sum to 1).
    AsGiven,
    /// Every vector divided by its exact sum first (what scipy intends).
    Normalized,
    /// Every input sums to exactly 1: both semantics give this value.
    Both,
}

impl CaseSemantics {
    /// The schema name.
    pub fn name(self) -> &'static str {
        match self {
            CaseSemantics::AsGiven => "as_given",
            CaseSemantics::Normalized => "normalized",
            CaseSemantics::Both => "both",
        }
    }

    /// Parse a schema name.
    pub fn parse(s: &str) -> Option<CaseSemantics> {
        match s {
            "as_given" => Some(CaseSemantics::AsGiven),
            "normalized" => Some(CaseSemantics::Normalized),
            "both" => Some(CaseSemantics::Both),
            _ => None,
        }
    }

    /// Whether a case with these semantics applies to code using `s`
    /// (`Both` applies to either).
    pub fn applies_to(self, s: CaseSemantics) -> bool {
        self == s || self == CaseSemantics::Both || s == CaseSemantics::Both
    }
}

/// The certified expected value of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    /// The correctly rounded double (NaN for an invalid input).
    pub value: f64,
    /// Certified significant digits (`"inf"`, `"0"`, or ≥ 40 digits;
    /// `"nan"` for an invalid input).
    pub decimal: String,
    /// How many digits of `decimal` are certified.
    pub digits: u32,
    /// Whether `decimal` is the exact value.
    pub exact: bool,
    /// Why the input is invalid (expected value NaN), if it is.
    pub invalid: Option<String>,
}

/// One conformance case: a measure, its inputs, and the certified value.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Stable identifier (`generator/name/measure/base/semantics`).
    pub id: String,
    /// The generator that made it.
    pub generator: String,
    /// The measure.
    pub measure: Measure,
    /// The logarithm base (ignored by base-free measures).
    pub base: Base,
    /// The Rényi order, for `renyi`.
    pub alpha: Option<Alpha>,
    /// The semantics the expected value is for.
    pub semantics: CaseSemantics,
    /// First distribution.
    pub p: Option<Input>,
    /// Second distribution.
    pub q: Option<Input>,
    /// Joint distribution (rows = X).
    pub joint: Option<Vec<Vec<f64>>>,
    /// The expected value.
    pub expected: Expected,
    /// The exact closed form (natural logs of primes), when short enough.
    pub closed_form: Option<String>,
    /// Tags (`edge`, `zeros`, `inf`, `subnormal`, `near-identical`, …).
    pub tags: Vec<String>,
    /// Where the case comes from.
    pub note: String,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum VecRec {
    Values {
        #[serde(rename = "f64")]
        dec: Vec<String>,
        hex: Vec<String>,
        exact: Vec<String>,
    },
    Recipe {
        recipe: String,
        n: usize,
        formula: String,
    },
}

#[derive(Serialize, Deserialize)]
struct JointRec {
    #[serde(rename = "f64")]
    dec: Vec<Vec<String>>,
    hex: Vec<Vec<String>>,
    exact: Vec<Vec<String>>,
}

#[derive(Serialize, Deserialize)]
struct ExpRec {
    decimal: String,
    digits: u32,
    exact: bool,
    #[serde(rename = "f64")]
    dec: String,
    hex: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    invalid: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct CaseRec {
    schema: u32,
    id: String,
    generator: String,
    measure: String,
    base: Option<String>,
    alpha: Option<String>,
    semantics: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    p: Option<VecRec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    q: Option<VecRec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    joint: Option<JointRec>,
    expected: ExpRec,
    closed_form: Option<String>,
    tags: Vec<String>,
    note: String,
}

fn vec_rec(i: &Input) -> VecRec {
    match i {
        Input::Values(v) => VecRec::Values {
            dec: v.iter().map(|&x| shortest_f64(x)).collect(),
            hex: v.iter().map(|&x| hex_f64(x)).collect(),
            exact: v.iter().map(|&x| exact_f64(x)).collect(),
        },
        Input::Recipe(r) => VecRec::Recipe {
            recipe: r.name().to_string(),
            n: r.len(),
            formula: r.formula().to_string(),
        },
    }
}

fn read_vec(which: &str, r: VecRec) -> Result<Input, String> {
    match r {
        VecRec::Values { dec, hex, .. } => {
            let vals = hex
                .iter()
                .map(|h| parse_f64_text(h).ok_or_else(|| format!("{which}: bad hex float {h:?}")))
                .collect::<Result<Vec<f64>, String>>()?;
            if dec.len() != vals.len() {
                return Err(format!("{which}: f64 and hex lists differ in length"));
            }
            Ok(Input::Values(vals))
        }
        VecRec::Recipe { recipe, n, .. } => Recipe::parse(&recipe, n)
            .map(Input::Recipe)
            .ok_or_else(|| format!("{which}: unknown recipe {recipe:?}")),
    }
}

impl Case {
    /// The base as written in the schema (`null` for base-free measures).
    pub fn base_name(&self) -> Option<&'static str> {
        (self.measure.base_scaling() != BaseScaling::None).then(|| self.base.name())
    }

    /// The values of `p` (recipes expanded).
    pub fn p_values(&self) -> Option<Vec<f64>> {
        self.p.as_ref().map(|i| i.values().into_owned())
    }

    /// The values of `q` (recipes expanded).
    pub fn q_values(&self) -> Option<Vec<f64>> {
        self.q.as_ref().map(|i| i.values().into_owned())
    }

    /// Total number of input entries.
    pub fn entries(&self) -> usize {
        self.p.as_ref().map_or(0, Input::len)
            + self.q.as_ref().map_or(0, Input::len)
            + self
                .joint
                .as_ref()
                .map_or(0, |j| j.iter().map(Vec::len).sum())
    }

    /// Whether the case has a tag.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }

    /// One JSON object on one line (schema [`SCHEMA_VERSION`]).
    pub fn to_json_line(&self) -> String {
        let e = &self.expected;
        let rec = CaseRec {
            schema: SCHEMA_VERSION,
            id: self.id.clone(),
            generator: self.generator.clone(),
            measure: self.measure.name().to_string(),
            base: self.base_name().map(str::to_string),
            alpha: self.alpha.as_ref().map(Alpha::text),
            semantics: self.semantics.name().to_string(),
            p: self.p.as_ref().map(vec_rec),
            q: self.q.as_ref().map(vec_rec),
            joint: self.joint.as_ref().map(|rows| JointRec {
                dec: rows
                    .iter()
                    .map(|r| r.iter().map(|&x| shortest_f64(x)).collect())
                    .collect(),
                hex: rows
                    .iter()
                    .map(|r| r.iter().map(|&x| hex_f64(x)).collect())
                    .collect(),
                exact: rows
                    .iter()
                    .map(|r| r.iter().map(|&x| exact_f64(x)).collect())
                    .collect(),
            }),
            expected: ExpRec {
                decimal: e.decimal.clone(),
                digits: e.digits,
                exact: e.exact,
                dec: shortest_f64(e.value),
                hex: hex_f64(e.value),
                invalid: e.invalid.clone(),
            },
            closed_form: self.closed_form.clone(),
            tags: self.tags.clone(),
            note: self.note.clone(),
        };
        serde_json::to_string(&rec).expect("serializable")
    }

    /// Read one line written by [`Case::to_json_line`].
    ///
    /// # Errors
    /// A message naming what is wrong (bad JSON, unknown schema version,
    /// measure, base, semantics, recipe, or an unreadable number).
    pub fn from_json_line(line: &str) -> Result<Case, String> {
        let rec: CaseRec = serde_json::from_str(line).map_err(|e| format!("invalid case: {e}"))?;
        if rec.schema != SCHEMA_VERSION {
            return Err(format!(
                "case {}: schema version {} (this infocert reads {SCHEMA_VERSION})",
                rec.id, rec.schema
            ));
        }
        let id = rec.id.clone();
        let err = |m: String| format!("case {id}: {m}");
        let measure = Measure::parse(&rec.measure).map_err(|e| err(e.to_string()))?;
        let base = match &rec.base {
            None => Base::E,
            Some(b) => Base::parse(b).map_err(|e| err(e.to_string()))?,
        };
        let alpha = rec
            .alpha
            .as_deref()
            .map(Alpha::parse)
            .transpose()
            .map_err(|e| err(e.to_string()))?;
        let semantics = CaseSemantics::parse(&rec.semantics)
            .ok_or_else(|| err(format!("unknown semantics {:?}", rec.semantics)))?;
        let p = rec.p.map(|r| read_vec("p", r)).transpose().map_err(err)?;
        let q = rec.q.map(|r| read_vec("q", r)).transpose().map_err(err)?;
        let joint = rec
            .joint
            .map(|j| {
                j.hex
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|h| {
                                parse_f64_text(h).ok_or_else(|| format!("joint: bad hex {h:?}"))
                            })
                            .collect::<Result<Vec<f64>, String>>()
                    })
                    .collect::<Result<Vec<_>, String>>()
            })
            .transpose()
            .map_err(err)?;
        let value = parse_f64_text(&rec.expected.hex)
            .ok_or_else(|| err(format!("bad expected hex {:?}", rec.expected.hex)))?;
        Ok(Case {
            id: rec.id,
            generator: rec.generator,
            measure,
            base,
            alpha,
            semantics,
            p,
            q,
            joint,
            expected: Expected {
                value,
                decimal: rec.expected.decimal,
                digits: rec.expected.digits,
                exact: rec.expected.exact,
                invalid: rec.expected.invalid,
            },
            closed_form: rec.closed_form,
            tags: rec.tags,
            note: rec.note,
        })
    }
}

/// Read a JSONL vectors file's text (blank lines and `#` comments skipped).
///
/// # Errors
/// The first bad line, with its number.
pub fn parse_vectors(text: &str) -> Result<Vec<Case>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| Case::from_json_line(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}
