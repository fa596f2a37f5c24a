//! The Rust oracle: a one-line conformance test for a crate's measure.
//!
//! ```
//! // a correct implementation passes (here: infocert's own certified value)
//! infocert::conformance::entropy()
//!     .max_ulps(0)
//!     .tag("textbook")
//!     .check(|p| infocert::conformance::reference_value("entropy", p, None));
//! ```

use std::fmt;
use std::marker::PhantomData;

use rayon::prelude::*;

use super::case::{Case, CaseSemantics, Input};
use super::fmt::shortest_f64;
use super::generate::{evaluate, specs, DEFAULT_SEED};
use super::ulps::{compare, Mismatch};
use crate::dist::Semantics;
use crate::exact::Base;
use crate::measures::{Alpha, BaseScaling, Measure};
use crate::num::f64_to_q;

/// Marker: the function under test takes one distribution `&[f64]`.
#[derive(Debug, Clone, Copy)]
pub struct One;
/// Marker: the function under test takes two distributions `(&[f64], &[f64])`.
#[derive(Debug, Clone, Copy)]
pub struct Two;
/// Marker: the function under test takes a joint matrix `&[Vec<f64>]` (rows = X).
#[derive(Debug, Clone, Copy)]
pub struct JointInput;

/// A user-added input: `p`, `q`, joint.
type Extra = (Option<Vec<f64>>, Option<Vec<f64>>, Option<Vec<Vec<f64>>>);

/// A conformance check of one measure, built with the functions of this
/// module ([`kl`], [`entropy`], …) and run with `check`.
#[derive(Debug, Clone)]
pub struct Oracle<K> {
    measure: Measure,
    alpha: Option<Alpha>,
    max_ulps: u64,
    semantics: CaseSemantics,
    base: Base,
    seed: u64,
    cases: Option<Vec<Case>>,
    extra: Vec<Extra>,
    tags: Vec<String>,
    skip_tags: Vec<String>,
    invalid: bool,
    xfail: Vec<String>,
    _k: PhantomData<fn() -> K>,
}

fn oracle<K>(measure: Measure, alpha: Option<Alpha>) -> Oracle<K> {
    Oracle {
        measure,
        alpha,
        max_ulps: 0,
        semantics: CaseSemantics::AsGiven,
        base: Base::E,
        seed: DEFAULT_SEED,
        cases: None,
        extra: vec![],
        tags: vec![],
        skip_tags: vec![],
        invalid: false,
        xfail: vec![],
        _k: PhantomData,
    }
}

/// Shannon entropy `H(P)` (nats unless [`Oracle::base`]).
pub fn entropy() -> Oracle<One> {
    oracle(Measure::Entropy, None)
}
/// Cross-entropy `H(P, Q)`.
pub fn cross_entropy() -> Oracle<Two> {
    oracle(Measure::CrossEntropy, None)
}
/// Kullback–Leibler divergence `KL(P‖Q)`.
pub fn kl() -> Oracle<Two> {
    oracle(Measure::Kl, None)
}
/// Generalized KL `Σ p ln(p/q) − p + q` (scipy's `kl_div` summed).
pub fn gkl() -> Oracle<Two> {
    oracle(Measure::Gkl, None)
}
/// Jensen–Shannon divergence.
pub fn jsd() -> Oracle<Two> {
    oracle(Measure::Jsd, None)
}
/// Jensen–Shannon distance `√JSD` (scipy's `jensenshannon`).
pub fn js_distance() -> Oracle<Two> {
    oracle(Measure::JsDistance, None)
}
/// Total variation distance.
pub fn tv() -> Oracle<Two> {
    oracle(Measure::Tv, None)
}
/// Hellinger distance `√(½ Σ (√p − √q)²)`.
pub fn hellinger() -> Oracle<Two> {
    oracle(Measure::Hellinger, None)
}
/// Pearson χ² divergence `Σ (p − q)²/q`.
pub fn chi2() -> Oracle<Two> {
    oracle(Measure::Chi2, None)
}
/// Rényi divergence of order `alpha` (the exact double given; `0` and
/// `f64::INFINITY` are the limits).
///
/// **Panics** if `alpha` is negative, NaN or 1.
pub fn renyi(alpha: f64) -> Oracle<Two> {
    let a = if alpha == f64::INFINITY {
        Alpha::Inf
    } else {
        let q = f64_to_q(alpha).expect("alpha must be finite or +inf");
        Alpha::parse(&crate::num::q_text(&q)).expect("alpha must be >= 0 and not 1")
    };
    oracle(Measure::Renyi, Some(a))
}
/// Mutual information of a joint matrix (rows = X, columns = Y).
pub fn mi() -> Oracle<JointInput> {
    oracle(Measure::Mi, None)
}
/// Joint entropy `H(X, Y)`.
pub fn joint_entropy() -> Oracle<JointInput> {
    oracle(Measure::JointEntropy, None)
}
/// Conditional entropy `H(X|Y)` (rows given columns).
pub fn cond_entropy() -> Oracle<JointInput> {
    oracle(Measure::CondEntropy, None)
}

impl<K> Oracle<K> {
    /// The ulp budget (default 0: correctly rounded).
    pub fn max_ulps(mut self, n: u64) -> Self {
        self.max_ulps = n;
        self
    }

    /// The input semantics the function implements (default
    /// [`Semantics::AsGiven`]: the formula on the values passed;
    /// [`Semantics::Normalized`]: divide by the sum first, like scipy).
    pub fn semantics(mut self, s: Semantics) -> Self {
        self.semantics = match s {
            Semantics::Normalized => CaseSemantics::Normalized,
            _ => CaseSemantics::AsGiven,
        };
        self
    }

    /// The logarithm base of the function's results (default e).
    pub fn base(mut self, b: Base) -> Self {
        self.base = b;
        self
    }

    /// Seed of the random cases (default [`DEFAULT_SEED`]).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Grade exactly these cases (e.g. read with
    /// [`super::parse_vectors`]) instead of the built-in suite; cases of
    /// other measures are ignored, and each case keeps its own base and
    /// semantics.
    pub fn cases(mut self, cases: Vec<Case>) -> Self {
        self.cases = Some(cases);
        self
    }

    /// Only cases carrying `tag` (repeatable: any of them).
    pub fn tag(mut self, tag: &str) -> Self {
        self.tags.push(tag.to_string());
        self
    }

    /// Leave out cases carrying `tag`.
    pub fn skip_tag(mut self, tag: &str) -> Self {
        self.skip_tags.push(tag.to_string());
        self
    }

    /// Also grade invalid inputs (empty, negative, all-zero): the function
    /// must return NaN for them (default: left out).
    pub fn check_invalid(mut self, yes: bool) -> Self {
        self.invalid = yes;
        self
    }

    /// Declare a case id as an expected failure; if it passes, the check
    /// fails (update the list).
    pub fn xfail(mut self, id: &str) -> Self {
        self.xfail.push(id.to_string());
        self
    }

    /// The cases this oracle grades, with certified expected values.
    pub fn resolved_cases(&self) -> Vec<Case> {
        let mut out: Vec<Case> = match &self.cases {
            Some(cs) => cs
                .iter()
                .filter(|c| c.measure == self.measure && c.semantics.applies_to(self.semantics))
                .cloned()
                .collect(),
            None => {
                let mut seen = std::collections::HashSet::new();
                let specs: Vec<_> = specs(self.seed)
                    .into_iter()
                    .filter(|s| s.measure == self.measure)
                    .filter(|s| seen.insert(format!("{}/{}", s.generator, s.name)))
                    .collect();
                specs
                    .par_iter()
                    .filter_map(|s| {
                        let sem = if s.sums_exactly_one() {
                            CaseSemantics::Both
                        } else {
                            self.semantics
                        };
                        s.case(sem, self.base, self.alpha.clone(), false)
                    })
                    .collect()
            }
        };
        for (k, (p, q, j)) in self.extra.iter().enumerate() {
            let (e, _) = evaluate(
                self.measure,
                self.base,
                self.alpha.as_ref(),
                self.semantics,
                p.as_deref(),
                q.as_deref(),
                j.as_deref(),
                false,
            )
            .expect("added case could not be certified within the precision cap");
            out.push(Case {
                id: format!("user/{k}"),
                generator: "user".into(),
                measure: self.measure,
                base: self.base,
                alpha: self.alpha.clone(),
                semantics: self.semantics,
                p: p.clone().map(Input::Values),
                q: q.clone().map(Input::Values),
                joint: j.clone(),
                expected: e,
                closed_form: None,
                tags: vec!["user".into()],
                note: String::new(),
            });
        }
        out.retain(|c| {
            (self.invalid || c.expected.invalid.is_none())
                && (self.tags.is_empty() || self.tags.iter().any(|t| c.has_tag(t)))
                && !self.skip_tags.iter().any(|t| c.has_tag(t))
        });
        out
    }

    fn run<F: Fn(&Case) -> f64>(&self, f: F) -> Result<OracleSummary, OracleFailure> {
        let cases = self.resolved_cases();
        let mut failures = Vec::new();
        let mut worst: Option<u64> = None;
        for c in &cases {
            let actual = f(c);
            let cmp = compare(c.expected.value, actual, self.max_ulps);
            if let Some(u) = cmp.ulps {
                worst = Some(worst.map_or(u, |w| w.max(u)));
            }
            let xf = self.xfail.contains(&c.id);
            let failed = match (cmp.mismatch, xf) {
                (None, false) | (Some(_), true) => false,
                (None, true) => true,
                (Some(_), false) => true,
            };
            if failed {
                failures.push(Failed {
                    case: c.clone(),
                    actual,
                    ulps: cmp.ulps,
                    mismatch: cmp.mismatch,
                    xpass: xf,
                });
            }
        }
        if failures.is_empty() {
            Ok(OracleSummary {
                cases: cases.len(),
                worst_ulps: worst,
            })
        } else {
            Err(OracleFailure {
                header: self.header(),
                total: cases.len(),
                failures,
            })
        }
    }

    fn header(&self) -> String {
        let unit = if self.measure.base_scaling() == BaseScaling::None {
            String::new()
        } else {
            format!("{}, ", self.base.unit())
        };
        let name = match &self.alpha {
            Some(a) => format!("renyi(alpha = {})", a.text()),
            None => self.measure.name().to_string(),
        };
        format!(
            "{name} ({unit}{}), budget {} ulps",
            self.semantics.name(),
            self.max_ulps
        )
    }
}

impl Oracle<One> {
    /// Add an input of your own (its value is certified like the others).
    pub fn add_case(mut self, p: &[f64]) -> Self {
        self.extra.push((Some(p.to_vec()), None, None));
        self
    }

    /// Grade `f`, returning the failures instead of panicking.
    ///
    /// # Errors
    /// An [`OracleFailure`] listing every failing case.
    pub fn try_check<F: Fn(&[f64]) -> f64>(&self, f: F) -> Result<OracleSummary, OracleFailure> {
        self.run(|c| f(&c.p_values().unwrap_or_default()))
    }

    /// Grade `f`; **panics** with the worst and the smallest failing case.
    pub fn check<F: Fn(&[f64]) -> f64>(self, f: F) -> OracleSummary {
        self.try_check(f).unwrap_or_else(|e| panic!("{e}"))
    }
}

impl Oracle<Two> {
    /// Add an input pair of your own (its value is certified like the others).
    pub fn add_case(mut self, p: &[f64], q: &[f64]) -> Self {
        self.extra.push((Some(p.to_vec()), Some(q.to_vec()), None));
        self
    }

    /// Grade `f(p, q)`, returning the failures instead of panicking.
    ///
    /// # Errors
    /// An [`OracleFailure`] listing every failing case.
    pub fn try_check<F: Fn(&[f64], &[f64]) -> f64>(
        &self,
        f: F,
    ) -> Result<OracleSummary, OracleFailure> {
        self.run(|c| {
            f(
                &c.p_values().unwrap_or_default(),
                &c.q_values().unwrap_or_default(),
            )
        })
    }

    /// Grade `f(p, q)`; **panics** with the worst and the smallest failing case.
    pub fn check<F: Fn(&[f64], &[f64]) -> f64>(self, f: F) -> OracleSummary {
        self.try_check(f).unwrap_or_else(|e| panic!("{e}"))
    }
}

impl Oracle<JointInput> {
    /// Add a joint matrix of your own (rows = X).
    pub fn add_case(mut self, joint: &[Vec<f64>]) -> Self {
        self.extra.push((None, None, Some(joint.to_vec())));
        self
    }

    /// Grade `f(joint)`, returning the failures instead of panicking.
    ///
    /// # Errors
    /// An [`OracleFailure`] listing every failing case.
    pub fn try_check<F: Fn(&[Vec<f64>]) -> f64>(
        &self,
        f: F,
    ) -> Result<OracleSummary, OracleFailure> {
        self.run(|c| f(c.joint.as_deref().unwrap_or_default()))
    }

    /// Grade `f(joint)`; **panics** with the worst and the smallest failing case.
    pub fn check<F: Fn(&[Vec<f64>]) -> f64>(self, f: F) -> OracleSummary {
        self.try_check(f).unwrap_or_else(|e| panic!("{e}"))
    }
}

/// A passing run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OracleSummary {
    /// Cases graded.
    pub cases: usize,
    /// Largest ulp distance seen.
    pub worst_ulps: Option<u64>,
}

/// One failing case of an oracle run.
#[derive(Debug, Clone)]
pub struct Failed {
    /// The case.
    pub case: Case,
    /// What the function returned.
    pub actual: f64,
    /// Ulp distance, when defined.
    pub ulps: Option<u64>,
    /// Why it failed (`None` for an expected failure that passed).
    pub mismatch: Option<Mismatch>,
    /// Whether this is an expected failure that passed.
    pub xpass: bool,
}

impl Failed {
    /// Severity for "worst": NaN, infinity and sign errors above any ulps.
    fn severity(&self) -> (u8, u64) {
        match self.mismatch {
            Some(Mismatch::Ulps) | None => (0, self.ulps.unwrap_or(0)),
            Some(Mismatch::Sign) => (1, self.ulps.unwrap_or(0)),
            Some(_) => (2, 0),
        }
    }
}

/// A failed oracle run; its `Display` is the panic message of `check`.
#[derive(Debug, Clone)]
pub struct OracleFailure {
    header: String,
    /// Cases graded.
    pub total: usize,
    /// Every failing case, in suite order.
    pub failures: Vec<Failed>,
}

impl OracleFailure {
    /// The failing case farthest from its expected value.
    pub fn worst(&self) -> &Failed {
        self.failures
            .iter()
            .max_by_key(|f| f.severity())
            .expect("at least one failure")
    }

    /// The failing case with the fewest input entries.
    pub fn smallest(&self) -> &Failed {
        self.failures
            .iter()
            .min_by_key(|f| f.case.entries())
            .expect("at least one failure")
    }
}

fn bits(x: f64) -> String {
    format!("{} (0x{:016x})", shortest_f64(x), x.to_bits())
}

fn show_input(f: &mut fmt::Formatter<'_>, name: &str, i: &Input) -> fmt::Result {
    match i {
        Input::Recipe(r) => writeln!(
            f,
            "    {name} = recipe {} n = {}: {}",
            r.name(),
            r.len(),
            r.formula()
        ),
        Input::Values(v) => {
            let shown: Vec<String> = v.iter().take(8).map(|&x| bits(x)).collect();
            let more = if v.len() > 8 {
                format!(", … ({} entries)", v.len())
            } else {
                String::new()
            };
            writeln!(f, "    {name} = [{}{more}]", shown.join(", "))
        }
    }
}

fn show_failed(f: &mut fmt::Formatter<'_>, title: &str, x: &Failed) -> fmt::Result {
    let c = &x.case;
    writeln!(f, "  {title}: {}  [{}]", c.id, c.tags.join(","))?;
    if let Some(p) = &c.p {
        show_input(f, "p", p)?;
    }
    if let Some(q) = &c.q {
        show_input(f, "q", q)?;
    }
    if let Some(j) = &c.joint {
        for (i, r) in j.iter().enumerate() {
            let row: Vec<String> = r.iter().map(|&x| bits(x)).collect();
            writeln!(f, "    joint[{i}] = [{}]", row.join(", "))?;
        }
    }
    match &c.expected.invalid {
        Some(why) => writeln!(f, "    expected NaN (invalid input: {why})")?,
        None => writeln!(
            f,
            "    expected {}  = {} (certified)",
            bits(c.expected.value),
            c.expected.decimal
        )?,
    }
    writeln!(f, "    actual   {}", bits(x.actual))?;
    let why = if x.xpass {
        "declared xfail but passes: remove it from the xfail list".to_string()
    } else {
        x.mismatch.map_or(String::new(), |m| m.label().to_string())
    };
    writeln!(
        f,
        "    ulps     {}  ({why})",
        x.ulps.map_or("-".to_string(), |u| u.to_string())
    )
}

impl fmt::Display for OracleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "infocert conformance: {}: {} of {} cases fail",
            self.header,
            self.failures.len(),
            self.total
        )?;
        show_failed(f, "worst failing case", self.worst())?;
        show_failed(f, "smallest failing case", self.smallest())?;
        let ids: Vec<&str> = self
            .failures
            .iter()
            .take(10)
            .map(|x| x.case.id.as_str())
            .collect();
        write!(f, "  failing ids: {}", ids.join(" "))?;
        if self.failures.len() > 10 {
            write!(f, " … (+{})", self.failures.len() - 10)?;
        }
        Ok(())
    }
}

impl std::error::Error for OracleFailure {}

/// The certified, correctly rounded value of a measure (by CLI name) on
/// doubles, as given, in nats — NaN for invalid inputs. A reference
/// implementation for examples and tests.
///
/// **Panics** on an unknown measure name.
pub fn reference_value(measure: &str, p: &[f64], q: Option<&[f64]>) -> f64 {
    let m = Measure::parse(measure).expect("known measure");
    let sem = CaseSemantics::AsGiven;
    evaluate(m, Base::E, None, sem, Some(p), q, None, false).map_or(f64::NAN, |(e, _)| e.value)
}
