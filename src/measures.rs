//! Every measure, written once, generic over an [`Engine`].
//!
//! A measure is a formula over per-element primitives (`−x ln x`,
//! Loader's `bd0(x, y) = x ln(x/y) − x + y`, …) and a few operations on
//! results. The exact engine ([`crate::exact::engine::ExactEngine`])
//! evaluates the primitives as closed forms or certified balls; the float
//! engine evaluates the same formulas in `f64` with an error bound.
//!
//! Conventions for every measure: `0·ln 0 = 0`, `0·ln(0/q) = 0`, and a term
//! `p·ln(p/0)` with `p > 0` is `+∞`. Divergences are written as sums of
//! non-negative terms (`KL = Σ bd0(p, q) + Σp − Σq`), so the formulas hold
//! *as given* for vectors that do not sum to 1.

use crate::error::{Error, Result};
use crate::num::Q;
use num_traits::{One, Signed, Zero};

/// A Rényi order.
#[derive(Debug, Clone, PartialEq)]
pub enum Alpha {
    /// The limit α → 0: `−ln Σ_{p>0} q`.
    Zero,
    /// A rational order `α > 0`, `α ≠ 1`.
    Finite(Q),
    /// The limit α → ∞: `ln max_{p>0} p/q`.
    Inf,
}

impl Alpha {
    /// Parse `0`, `inf`, or a positive rational; `1` is rejected (use `kl`).
    pub fn parse(s: &str) -> Result<Alpha> {
        let t = s.trim();
        let bad = || Error::BadAlpha {
            alpha: t.to_string(),
        };
        if matches!(t.to_ascii_lowercase().as_str(), "inf" | "infinity" | "∞") {
            return Ok(Alpha::Inf);
        }
        let q = crate::num::parse_exact(t).map_err(|_| bad())?;
        if q.is_zero() {
            Ok(Alpha::Zero)
        } else if q.is_negative() || q.is_one() {
            Err(bad())
        } else {
            Ok(Alpha::Finite(q))
        }
    }

    /// Text form (`"1/2"`, `"inf"`, `"0"`).
    pub fn text(&self) -> String {
        match self {
            Alpha::Zero => "0".into(),
            Alpha::Inf => "inf".into(),
            Alpha::Finite(q) => crate::num::q_text(q),
        }
    }
}

/// An evaluator of the measure primitives. `Scalar` is the element type
/// of the inputs, `Value` the type of results.
pub trait Engine: Sync {
    /// Element type of distributions.
    type Scalar: Sync + Send;
    /// Result type.
    type Value: Send;

    /// Exact zero.
    fn zero(&self) -> Self::Value;
    /// `a + b`.
    fn add(&self, a: Self::Value, b: Self::Value) -> Self::Value;
    /// `a − b`.
    fn sub(&self, a: Self::Value, b: Self::Value) -> Self::Value;
    /// `a · b`.
    fn mul(&self, a: Self::Value, b: Self::Value) -> Self::Value;
    /// `v · c` for an exact rational `c`.
    fn scale(&self, v: Self::Value, c: &Q) -> Self::Value;
    /// `√v` (`v ≥ 0` by construction).
    fn sqrt(&self, v: Self::Value) -> Self::Value;
    /// `ln v` (`ln 0 = −∞`).
    fn ln(&self, v: Self::Value) -> Self::Value;
    /// `Σ_{i<n} term(i)`, summed as the engine sees fit.
    fn sum<F>(&self, n: usize, term: F) -> Self::Value
    where
        F: Fn(usize) -> Self::Value + Sync + Send;
    /// `Σ xs`.
    fn total(&self, xs: &[Self::Scalar]) -> Self::Value;
    /// `Σ xs − Σ ys`. An engine whose sums are not exact overrides this
    /// to form the difference before rounding (`Σp − Σq` of KL, where the
    /// two sums agree in all their leading digits).
    fn total_diff(&self, xs: &[Self::Scalar], ys: &[Self::Scalar]) -> Self::Value {
        self.sub(self.total(xs), self.total(ys))
    }

    /// `−x ln x`.
    fn neg_xlnx(&self, x: &Self::Scalar) -> Self::Value;
    /// `−x ln y` (`+∞` if `y = 0 < x`).
    fn neg_xlny(&self, x: &Self::Scalar, y: &Self::Scalar) -> Self::Value;
    /// Loader's `bd0(x, y) = x ln(x/y) − x + y ≥ 0` (`+∞` if `y = 0 < x`).
    fn bd0(&self, x: &Self::Scalar, y: &Self::Scalar) -> Self::Value;
    /// `½[x ln(2x/(x+y)) + y ln(2y/(x+y))] ≥ 0`.
    fn jsd_term(&self, x: &Self::Scalar, y: &Self::Scalar) -> Self::Value;
    /// `|x − y|`.
    fn abs_diff(&self, x: &Self::Scalar, y: &Self::Scalar) -> Self::Value;
    /// `(x − y)²/y` (`0` if `x = y = 0`, `+∞` if `y = 0 < x`).
    fn chi2_term(&self, x: &Self::Scalar, y: &Self::Scalar) -> Self::Value;
    /// `(√x − √y)²`.
    fn hellinger_term(&self, x: &Self::Scalar, y: &Self::Scalar) -> Self::Value;
    /// `x^α·y^(1−α)` for `x > 0` (`0` if `x = 0`; `y = 0`: `+∞` if `α > 1`, `0` if `α < 1`).
    fn renyi_term(&self, x: &Self::Scalar, y: &Self::Scalar, alpha: &Q) -> Self::Value;
    /// Rényi divergence of a finite order `α ≠ 1`:
    /// `ln(Σ_{x_i>0} x_i^α y_i^(1−α)) / (α − 1)`. The default sums
    /// [`Engine::renyi_term`]s and takes the logarithm; an engine whose
    /// terms can leave its range (`x^α y^(1−α)` reaches `2^(10⁶)` for
    /// α = 10⁶ and y/x = 1/2) overrides it with a log-sum-exp form.
    fn renyi_finite(&self, xs: &[Self::Scalar], ys: &[Self::Scalar], alpha: &Q) -> Self::Value
    where
        Self: Sized,
    {
        let s = self.sum(xs.len(), |i| self.renyi_term(&xs[i], &ys[i], alpha));
        let c = Q::one() / (alpha - Q::one());
        self.scale(self.ln(s), &c)
    }
    /// `Σ_{x_i > 0} y_i`.
    fn mass_on_support(&self, xs: &[Self::Scalar], ys: &[Self::Scalar]) -> Self::Value;
    /// `max_{x_i > 0} x_i / y_i` (`+∞` if some `y_i = 0 < x_i`).
    fn max_ratio(&self, xs: &[Self::Scalar], ys: &[Self::Scalar]) -> Self::Value;

    /// Row and column sums of a row-major `rows × cols` matrix, in the
    /// engine's marginal type.
    fn marginals(
        &self,
        flat: &[Self::Scalar],
        rows: usize,
        cols: usize,
    ) -> (Vec<Self::Marg>, Vec<Self::Marg>);
    /// Marginal type (exact rationals, or floats with a bound).
    type Marg: Sync + Send;
    /// `bd0(x, a·b)`.
    fn bd0_prod(&self, x: &Self::Scalar, a: &Self::Marg, b: &Self::Marg) -> Self::Value;
    /// `x ln(a/x)` (`0` if `x = 0`).
    fn cond_term(&self, x: &Self::Scalar, a: &Self::Marg) -> Self::Value;
    /// `−a ln a` for a marginal.
    fn marg_neg_xlnx(&self, a: &Self::Marg) -> Self::Value;
    /// `Σ a` over marginals, as a value.
    fn marg_total(&self, a: &[Self::Marg]) -> Self::Value;
}

/// A joint distribution, by reference.
#[derive(Debug)]
pub struct Joint<'a, S> {
    /// Row-major entries.
    pub flat: &'a [S],
    /// Rows (values of X).
    pub rows: usize,
    /// Columns (values of Y).
    pub cols: usize,
}

/// Shannon entropy.
///
/// # Formula
/// `H(P) = −Σ p_i ln p_i`, with `0·ln 0 = 0`.
pub fn entropy<E: Engine>(e: &E, p: &[E::Scalar]) -> E::Value {
    e.sum(p.len(), |i| e.neg_xlnx(&p[i]))
}

/// Cross-entropy.
///
/// # Formula
/// `H(P, Q) = −Σ p_i ln q_i`; `+∞` if some `q_i = 0 < p_i`.
pub fn cross_entropy<E: Engine>(e: &E, p: &[E::Scalar], q: &[E::Scalar]) -> E::Value {
    e.sum(p.len(), |i| e.neg_xlny(&p[i], &q[i]))
}

/// Generalized KL divergence (for unnormalized vectors; equals KL when
/// both sum to the same total).
///
/// # Formula
/// `Σ [p_i ln(p_i/q_i) − p_i + q_i] = Σ bd0(p_i, q_i) ≥ 0`.
pub fn gkl<E: Engine>(e: &E, p: &[E::Scalar], q: &[E::Scalar]) -> E::Value {
    e.sum(p.len(), |i| e.bd0(&p[i], &q[i]))
}

/// Kullback–Leibler divergence, as given.
///
/// # Formula
/// `KL(P‖Q) = Σ p_i ln(p_i/q_i) = Σ bd0(p_i, q_i) + Σp − Σq`; `+∞` if
/// some `q_i = 0 < p_i`. For inputs that do not sum to 1 the value may be
/// negative (the correction `Σp − Σq`).
pub fn kl<E: Engine>(e: &E, p: &[E::Scalar], q: &[E::Scalar]) -> E::Value {
    let g = gkl(e, p, q);
    let c = e.total_diff(p, q);
    e.add(g, c)
}

/// Jensen–Shannon divergence.
///
/// # Formula
/// `JSD(P, Q) = ½ KL(P‖M) + ½ KL(Q‖M)`, `M = (P + Q)/2`, evaluated as
/// `Σ ½[p ln(2p/(p+q)) + q ln(2q/(p+q))]` (non-negative terms).
pub fn jsd<E: Engine>(e: &E, p: &[E::Scalar], q: &[E::Scalar]) -> E::Value {
    e.sum(p.len(), |i| e.jsd_term(&p[i], &q[i]))
}

/// Jensen–Shannon distance `√JSD(P, Q)` (a metric).
pub fn js_distance<E: Engine>(e: &E, p: &[E::Scalar], q: &[E::Scalar]) -> E::Value {
    e.sqrt(jsd(e, p, q))
}

/// Total variation distance.
///
/// # Formula
/// `TV(P, Q) = ½ Σ |p_i − q_i|`.
pub fn tv<E: Engine>(e: &E, p: &[E::Scalar], q: &[E::Scalar]) -> E::Value {
    let s = e.sum(p.len(), |i| e.abs_diff(&p[i], &q[i]));
    e.scale(s, &half())
}

/// Hellinger distance.
///
/// # Formula
/// `Hel(P, Q) = √(½ Σ (√p_i − √q_i)²)`.
pub fn hellinger<E: Engine>(e: &E, p: &[E::Scalar], q: &[E::Scalar]) -> E::Value {
    let s = e.sum(p.len(), |i| e.hellinger_term(&p[i], &q[i]));
    e.sqrt(e.scale(s, &half()))
}

/// Pearson χ² divergence.
///
/// # Formula
/// `χ²(P‖Q) = Σ (p_i − q_i)²/q_i`; terms with `p_i = q_i = 0` are 0,
/// `+∞` if some `q_i = 0 < p_i`.
pub fn chi2<E: Engine>(e: &E, p: &[E::Scalar], q: &[E::Scalar]) -> E::Value {
    e.sum(p.len(), |i| e.chi2_term(&p[i], &q[i]))
}

/// Rényi divergence of order α.
///
/// # Formula
/// `D_α(P‖Q) = ln(Σ_{p_i>0} p_i^α q_i^(1−α)) / (α − 1)`; the limits
/// `D_0 = −ln Σ_{p_i>0} q_i` and `D_∞ = ln max_{p_i>0} p_i/q_i`.
/// `D_1` is KL (use [`kl`]).
pub fn renyi<E: Engine>(e: &E, p: &[E::Scalar], q: &[E::Scalar], alpha: &Alpha) -> E::Value {
    match alpha {
        Alpha::Zero => e.scale(e.ln(e.mass_on_support(p, q)), &-Q::one()),
        Alpha::Inf => e.ln(e.max_ratio(p, q)),
        Alpha::Finite(a) => e.renyi_finite(p, q, a),
    }
}

/// Mutual information of a joint distribution.
///
/// # Formula
/// `I(X;Y) = KL(P_XY ‖ P_X ⊗ P_Y) = Σ bd0(p_xy, p_x p_y) + Σp_xy − Σp_x·Σp_y`.
pub fn mutual_information<E: Engine>(e: &E, j: Joint<'_, E::Scalar>) -> E::Value {
    let (px, py) = e.marginals(j.flat, j.rows, j.cols);
    let s = e.sum(j.flat.len(), |k| {
        e.bd0_prod(&j.flat[k], &px[k / j.cols], &py[k % j.cols])
    });
    let corr = e.sub(e.total(j.flat), e.mul(e.marg_total(&px), e.marg_total(&py)));
    e.add(s, corr)
}

/// Joint entropy `H(X, Y) = −Σ p_xy ln p_xy`.
pub fn joint_entropy<E: Engine>(e: &E, j: Joint<'_, E::Scalar>) -> E::Value {
    entropy(e, j.flat)
}

/// Conditional entropy of X given Y (rows given columns).
///
/// # Formula
/// `H(X|Y) = Σ p_xy ln(p_y / p_xy) = H(X, Y) − H(Y)` (non-negative terms).
pub fn cond_entropy<E: Engine>(e: &E, j: Joint<'_, E::Scalar>) -> E::Value {
    let (_, py) = e.marginals(j.flat, j.rows, j.cols);
    e.sum(j.flat.len(), |k| e.cond_term(&j.flat[k], &py[k % j.cols]))
}

/// Entropy of the marginal of X (rows) of a joint.
pub fn marginal_entropy_x<E: Engine>(e: &E, j: Joint<'_, E::Scalar>) -> E::Value {
    let (px, _) = e.marginals(j.flat, j.rows, j.cols);
    e.sum(px.len(), |i| e.marg_neg_xlnx(&px[i]))
}

impl<S> Clone for Joint<'_, S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S> Copy for Joint<'_, S> {}

fn half() -> Q {
    Q::new(1.into(), 2.into())
}

/// The measures of `infocert eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// [`entropy`]
    Entropy,
    /// [`cross_entropy`]
    CrossEntropy,
    /// [`kl`]
    Kl,
    /// [`gkl`]
    Gkl,
    /// [`jsd`]
    Jsd,
    /// [`js_distance`]
    JsDistance,
    /// [`mutual_information`]
    Mi,
    /// [`joint_entropy`]
    JointEntropy,
    /// [`cond_entropy`]
    CondEntropy,
    /// [`tv`]
    Tv,
    /// [`hellinger`]
    Hellinger,
    /// [`chi2`]
    Chi2,
    /// [`renyi`]
    Renyi,
}

/// What a measure needs as input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// One distribution `--p`.
    One,
    /// Two distributions `--p`, `--q`.
    Two,
    /// A joint matrix `--joint`.
    Joint,
}

/// How a measure's value changes with the logarithm base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseScaling {
    /// Divide by `ln b` (entropies, divergences).
    Log,
    /// Divide by `√(ln b)` (the JS distance).
    SqrtLog,
    /// Base-free (TV, Hellinger, χ²).
    None,
}

impl Measure {
    /// Every measure, in CLI order (the order of [`MEASURES`]).
    pub const ALL: [Measure; 13] = {
        let mut all = [Measure::Entropy; 13];
        let mut i = 0;
        while i < 13 {
            all[i] = MEASURES[i].measure;
            i += 1;
        }
        all
    };

    /// The measure's row of [`MEASURES`].
    pub fn info(self) -> &'static MeasureInfo {
        &MEASURES[self as usize]
    }

    /// The CLI name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The formula, as shown by `infocert eval --help`.
    pub fn formula(self) -> &'static str {
        self.info().formula
    }

    /// Parse a CLI name.
    pub fn parse(s: &str) -> Result<Measure> {
        Measure::ALL
            .iter()
            .copied()
            .find(|m| m.name() == s)
            .ok_or_else(|| Error::UnknownMeasure {
                name: s.to_string(),
                known: Measure::ALL.map(|m| m.name()).join(", "),
            })
    }

    /// What the measure takes as input.
    pub fn arity(self) -> Arity {
        self.info().arity
    }

    /// How the base enters.
    pub fn base_scaling(self) -> BaseScaling {
        self.info().scaling
    }

    /// Evaluate with `engine` on already validated inputs (lengths checked).
    pub fn evaluate<E: Engine>(self, e: &E, args: &Args<'_, E::Scalar>) -> Result<E::Value> {
        let need = |what: &str| Error::MissingArgument {
            measure: self.name().to_string(),
            what: what.to_string(),
        };
        let p = || args.p.ok_or_else(|| need("a distribution p"));
        let q = || args.q.ok_or_else(|| need("a second distribution q"));
        let j = || args.joint.ok_or_else(|| need("a joint distribution"));
        Ok(match self {
            Measure::Entropy => entropy(e, p()?),
            Measure::CrossEntropy => cross_entropy(e, p()?, q()?),
            Measure::Kl => kl(e, p()?, q()?),
            Measure::Gkl => gkl(e, p()?, q()?),
            Measure::Jsd => jsd(e, p()?, q()?),
            Measure::JsDistance => js_distance(e, p()?, q()?),
            Measure::Tv => tv(e, p()?, q()?),
            Measure::Hellinger => hellinger(e, p()?, q()?),
            Measure::Chi2 => chi2(e, p()?, q()?),
            Measure::Renyi => {
                let a = args.alpha.ok_or_else(|| need("the order alpha"))?;
                renyi(e, p()?, q()?, a)
            }
            Measure::Mi => mutual_information(e, j()?),
            Measure::JointEntropy => joint_entropy(e, j()?),
            Measure::CondEntropy => cond_entropy(e, j()?),
        })
    }
}

/// One row of the measure table: everything the CLI, the claims language,
/// the checker, the conformance vectors and the float engine read about a
/// measure besides its formula (which is a function above, written once).
#[derive(Debug)]
pub struct MeasureInfo {
    /// The measure.
    pub measure: Measure,
    /// CLI (and vector) spelling.
    pub name: &'static str,
    /// What it takes as input.
    pub arity: Arity,
    /// How the logarithm base enters.
    pub scaling: BaseScaling,
    /// The formula as text (`infocert eval --help`).
    pub formula: &'static str,
}

/// The one list of measures, in CLI order and in the order of the
/// [`Measure`] variants (checked by a test): adding a measure means a row
/// here, its formula function, and its arm in [`Measure::evaluate`].
pub const MEASURES: [MeasureInfo; 13] = {
    use Arity::*;
    use BaseScaling::{Log, SqrtLog};
    const fn row(
        measure: Measure,
        name: &'static str,
        arity: Arity,
        scaling: BaseScaling,
        formula: &'static str,
    ) -> MeasureInfo {
        MeasureInfo {
            measure,
            name,
            arity,
            scaling,
            formula,
        }
    }
    [
        row(Measure::Entropy, "entropy", One, Log, "H(P) = −Σ p ln p"),
        row(
            Measure::CrossEntropy,
            "cross-entropy",
            Two,
            Log,
            "H(P,Q) = −Σ p ln q",
        ),
        row(Measure::Kl, "kl", Two, Log, "KL(P‖Q) = Σ p ln(p/q)"),
        row(
            Measure::Gkl,
            "gkl",
            Two,
            Log,
            "Σ [p ln(p/q) − p + q]  (unnormalized vectors)",
        ),
        row(
            Measure::Jsd,
            "jsd",
            Two,
            Log,
            "JSD = ½KL(P‖M) + ½KL(Q‖M), M = (P+Q)/2",
        ),
        row(
            Measure::JsDistance,
            "js-distance",
            Two,
            SqrtLog,
            "√JSD(P,Q)",
        ),
        row(
            Measure::Mi,
            "mi",
            Joint,
            Log,
            "I(X;Y) = Σ p(x,y) ln(p(x,y)/(p(x)p(y)))",
        ),
        row(
            Measure::JointEntropy,
            "joint-entropy",
            Joint,
            Log,
            "H(X,Y) = −Σ p(x,y) ln p(x,y)",
        ),
        row(
            Measure::CondEntropy,
            "cond-entropy",
            Joint,
            Log,
            "H(X|Y) = Σ p(x,y) ln(p(y)/p(x,y))  (rows X, columns Y)",
        ),
        row(Measure::Tv, "tv", Two, BaseScaling::None, "TV = ½Σ|p − q|"),
        row(
            Measure::Hellinger,
            "hellinger",
            Two,
            BaseScaling::None,
            "Hel = √(½Σ(√p − √q)²)",
        ),
        row(
            Measure::Chi2,
            "chi2",
            Two,
            BaseScaling::None,
            "χ²(P‖Q) = Σ (p − q)²/q",
        ),
        row(
            Measure::Renyi,
            "renyi",
            Two,
            Log,
            "D_α = ln(Σ p^α q^(1−α))/(α − 1); α = 0, inf as limits",
        ),
    ]
};

/// Arguments of [`Measure::evaluate`].
#[derive(Debug)]
pub struct Args<'a, S> {
    /// First distribution.
    pub p: Option<&'a [S]>,
    /// Second distribution.
    pub q: Option<&'a [S]>,
    /// Joint matrix.
    pub joint: Option<Joint<'a, S>>,
    /// Rényi order.
    pub alpha: Option<&'a Alpha>,
}

#[cfg(test)]
mod table_tests {
    use super::*;

    #[test]
    fn the_table_is_in_variant_order_and_names_are_unique() {
        for (i, row) in MEASURES.iter().enumerate() {
            assert_eq!(row.measure as usize, i, "{}", row.name);
            assert_eq!(Measure::parse(row.name).unwrap(), row.measure);
        }
        let mut names: Vec<_> = MEASURES.iter().map(|r| r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), MEASURES.len());
        // a wrong spelling is refused with the list of known names
        let e = Measure::parse("kullback").unwrap_err().to_string();
        assert!(e.contains("cross-entropy") && e.contains("renyi"), "{e}");
    }
}
