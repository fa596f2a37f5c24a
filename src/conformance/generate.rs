//! The generator table: edge cases, textbook values, every verified peer
//! bug input, random and large cases — one table, deterministic for a seed.

use num_traits::One;
use rayon::prelude::*;

use super::case::{Case, CaseSemantics, Expected, Input, Recipe};
use super::peers::peer_specs;
use crate::certify::{certify_digits, nearest_f64, Decision};
use crate::dist::Semantics;
use crate::eval::{closed_form_text, prepare, Request, CLOSED_FORM_MAX_ENTRIES};
use crate::exact::Base;
use crate::measures::{Alpha, Arity, Measure};
use crate::num::{f64_to_q, Q};

/// The seed of the committed suite (`infocert vectors` without `--seed`).
pub const DEFAULT_SEED: u64 = 20_250_601;

/// Significant digits certified for every expected value.
pub const DIGITS: u32 = 40;

/// Closed forms longer than this are left out of the vectors (reproduce
/// them with `infocert eval`).
pub const CLOSED_FORM_MAX_CHARS: usize = 600;

/// A small deterministic generator (SplitMix64): the same seed gives the
/// same suite on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// Start from a seed.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform double in `[0, 1)` (53 random bits).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform integer in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// The inputs of a case before its expected value is computed.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Generator name (first part of the id).
    pub generator: &'static str,
    /// Name within the generator (second part of the id).
    pub name: String,
    /// The measure.
    pub measure: Measure,
    /// The base.
    pub base: Base,
    /// The Rényi order.
    pub alpha: Option<Alpha>,
    /// First distribution.
    pub p: Option<Input>,
    /// Second distribution.
    pub q: Option<Input>,
    /// Joint.
    pub joint: Option<Vec<Vec<f64>>>,
    /// Tags.
    pub tags: Vec<String>,
    /// Provenance.
    pub note: String,
}

impl Spec {
    /// A spec with one or two vectors (`q` empty for entropy).
    pub fn vectors(
        generator: &'static str,
        name: &str,
        measure: Measure,
        p: Vec<f64>,
        q: Option<Vec<f64>>,
    ) -> Spec {
        Spec {
            generator,
            name: name.to_string(),
            measure,
            base: Base::E,
            alpha: (measure == Measure::Renyi).then(|| Alpha::Finite(half())),
            p: Some(Input::Values(p)),
            q: q.map(Input::Values),
            joint: None,
            tags: vec![],
            note: String::new(),
        }
    }

    /// A spec with a joint matrix.
    pub fn joint(generator: &'static str, name: &str, measure: Measure, j: Vec<Vec<f64>>) -> Spec {
        Spec {
            generator,
            name: name.to_string(),
            measure,
            base: Base::E,
            alpha: None,
            p: None,
            q: None,
            joint: Some(j),
            tags: vec![],
            note: String::new(),
        }
    }

    /// Set the base.
    pub fn base(mut self, b: Base) -> Spec {
        self.base = b;
        self
    }

    /// Set the Rényi order.
    pub fn alpha(mut self, a: Alpha) -> Spec {
        self.alpha = Some(a);
        self
    }

    /// Add tags (comma-separated).
    pub fn tags(mut self, t: &str) -> Spec {
        self.tags
            .extend(t.split(',').filter(|s| !s.is_empty()).map(str::to_string));
        self
    }

    /// Set the note.
    pub fn note(mut self, n: &str) -> Spec {
        self.note = n.to_string();
        self
    }

    fn id(&self, sem: CaseSemantics) -> String {
        let m = match (&self.measure, &self.alpha) {
            (Measure::Renyi, Some(a)) => format!("renyi@{}", a.text().replace('/', ":")),
            (m, _) => m.name().to_string(),
        };
        let base = if self.measure.base_scaling() == crate::measures::BaseScaling::None {
            "-"
        } else {
            self.base.name()
        };
        format!("{}/{}/{m}/{base}/{}", self.generator, self.name, sem.name())
    }

    /// Whether every input sums to exactly 1 (so both semantics agree).
    pub fn sums_exactly_one(&self) -> bool {
        let one = |v: &[f64]| {
            let mut s = Q::from_integer(0.into());
            for &x in v {
                match f64_to_q(x) {
                    Some(q) => s += q,
                    None => return false,
                }
            }
            s.is_one()
        };
        self.p.as_ref().is_none_or(|i| one(&i.values()))
            && self.q.as_ref().is_none_or(|i| one(&i.values()))
            && self
                .joint
                .as_ref()
                .is_none_or(|j| one(&j.iter().flatten().copied().collect::<Vec<_>>()))
    }

    /// The cases of this spec: one per semantics (one `both` case when
    /// every input sums to exactly 1). Values the engine cannot certify
    /// within its precision cap are left out.
    pub fn cases(&self) -> Vec<Case> {
        let sems: &[CaseSemantics] = if self.sums_exactly_one() {
            &[CaseSemantics::Both]
        } else {
            &[CaseSemantics::AsGiven, CaseSemantics::Normalized]
        };
        sems.iter()
            .filter_map(|&s| self.case(s, self.base, self.alpha.clone(), true))
            .collect()
    }

    /// This spec's case under explicit settings (for the Rust oracle).
    pub fn case(
        &self,
        sem: CaseSemantics,
        base: Base,
        alpha: Option<Alpha>,
        closed_form: bool,
    ) -> Option<Case> {
        let p = self.p.as_ref().map(|i| i.values());
        let q = self.q.as_ref().map(|i| i.values());
        let ev = evaluate(
            self.measure,
            base,
            alpha.as_ref(),
            sem,
            p.as_deref(),
            q.as_deref(),
            self.joint.as_deref(),
            closed_form,
        )?;
        let mut spec = self.clone();
        spec.base = base;
        spec.alpha = alpha.clone();
        let mut tags = self.tags.clone();
        if ev.0.invalid.is_some() && !tags.iter().any(|t| t == "invalid") {
            tags.push("invalid".into());
        }
        Some(Case {
            id: spec.id(sem),
            generator: self.generator.to_string(),
            measure: self.measure,
            base,
            alpha,
            semantics: sem,
            p: self.p.clone(),
            q: self.q.clone(),
            joint: self.joint.clone(),
            expected: ev.0,
            closed_form: ev.1,
            tags,
            note: self.note.clone(),
        })
    }
}

fn half() -> Q {
    Q::new(1.into(), 2.into())
}

fn to_q(which: &str, v: &[f64]) -> Result<Vec<Q>, String> {
    v.iter()
        .enumerate()
        .map(|(i, &x)| f64_to_q(x).ok_or_else(|| format!("{which}[{i}] = {x} is not finite")))
        .collect()
}

fn invalid(reason: String) -> Expected {
    Expected {
        value: f64::NAN,
        decimal: "nan".into(),
        digits: 0,
        exact: true,
        invalid: Some(reason),
    }
}

/// Certify the value of `measure` on double inputs under `sem`: the
/// correctly rounded double, [`DIGITS`] certified digits and (if asked
/// and short) the closed form. Invalid inputs give an expected NaN with
/// the reason. `None` when the value cannot be certified within the
/// precision cap (the case is then left out, never guessed).
#[allow(clippy::too_many_arguments)]
pub fn evaluate(
    measure: Measure,
    base: Base,
    alpha: Option<&Alpha>,
    sem: CaseSemantics,
    p: Option<&[f64]>,
    q: Option<&[f64]>,
    joint: Option<&[Vec<f64>]>,
    closed_form: bool,
) -> Option<(Expected, Option<String>)> {
    let conv = || -> Result<Request, String> {
        Ok(Request {
            measure,
            p: p.map(|v| to_q("p", v)).transpose()?,
            q: q.map(|v| to_q("q", v)).transpose()?,
            joint: joint
                .map(|rows| rows.iter().map(|r| to_q("joint", r)).collect())
                .transpose()?,
            alpha: alpha.cloned(),
            base,
            digits: DIGITS,
            semantics: if sem == CaseSemantics::Normalized {
                Semantics::Normalized
            } else {
                Semantics::AsGivenUnchecked
            },
            round_inputs_to_f64: false,
        })
    };
    let req = match conv() {
        Ok(r) => r,
        Err(e) => return Some((invalid(e), None)),
    };
    let prep = match prepare(&req) {
        Ok(p) => p,
        Err(e) => return Some((invalid(e.to_string()), None)),
    };
    let scaling = measure.base_scaling();
    let closed = prep.entries() <= CLOSED_FORM_MAX_ENTRIES;
    let cert = certify_digits(|prec| prep.exact(closed, prec), base, scaling, DIGITS);
    if !cert.complete() {
        return None;
    }
    let value = match nearest_f64(|prec| prep.exact(closed, prec), base, scaling) {
        Decision::Decided(v) => v,
        Decision::Undecided => return None,
    };
    let cf = if closed && closed_form {
        closed_form_text(&prep.exact(true, 64), base, scaling)
            .filter(|s| s.chars().count() <= CLOSED_FORM_MAX_CHARS)
    } else {
        None
    };
    Some((
        Expected {
            value,
            decimal: cert.decimal,
            digits: cert.digits,
            exact: cert.exact,
            invalid: None,
        },
        cf,
    ))
}

/// One row of the generator table.
#[derive(Debug, Clone, Copy)]
pub struct Generator {
    /// Name (the first part of every case id it makes).
    pub name: &'static str,
    /// What it covers.
    pub about: &'static str,
    /// Make the specs from a generator seeded for this row.
    pub make: fn(&mut SplitMix64) -> Vec<Spec>,
}

/// Every generator, in output order.
pub const GENERATORS: &[Generator] = &[
    Generator {
        name: "textbook",
        about: "worked examples: fair and biased coins, black swan, the KL asymmetry pair, uniform entropies",
        make: textbook_specs,
    },
    Generator {
        name: "edge",
        about: "zeros, +inf results, subnormals, near-identical pairs, tiny supports, huge magnitudes, unnormalized inputs",
        make: edge_specs,
    },
    Generator {
        name: "peer",
        about: "the input of every verified (and a few reported) peer bug in research/peers.md",
        make: peer_specs,
    },
    Generator {
        name: "random",
        about: "seeded random distributions (sizes 2-32, some zeros) and near-identical random pairs",
        make: random_specs,
    },
    Generator {
        name: "large",
        about: "supports of 4096 entries given by reproducible recipes",
        make: large_specs,
    },
];

/// Every spec of the suite for `seed`, in output order.
pub fn specs(seed: u64) -> Vec<Spec> {
    GENERATORS
        .iter()
        .enumerate()
        .flat_map(|(k, g)| {
            let mut rng =
                SplitMix64::new(seed ^ (0x5151_0000_0000_0000u64.wrapping_mul(k as u64 + 1)));
            (g.make)(&mut rng)
        })
        .collect()
}

/// The conformance suite for `seed`: every case, certified, in a fixed order.
pub fn vectors(seed: u64) -> Vec<Case> {
    let s = specs(seed);
    let per: Vec<Vec<Case>> = s.par_iter().map(Spec::cases).collect();
    per.into_iter().flatten().collect()
}

/// Two-distribution measures, with the Rényi orders used for `renyi`.
pub(crate) fn two_arg_measures() -> Vec<(Measure, Option<Alpha>)> {
    let mut v: Vec<(Measure, Option<Alpha>)> = Measure::ALL
        .iter()
        .filter(|m| m.arity() == Arity::Two && **m != Measure::Renyi)
        .map(|&m| (m, None))
        .collect();
    v.push((Measure::Renyi, Some(Alpha::Finite(half()))));
    v.push((
        Measure::Renyi,
        Some(Alpha::Finite(Q::from_integer(2.into()))),
    ));
    v
}

fn with_alpha(mut s: Spec, a: &Option<Alpha>) -> Spec {
    if let Some(a) = a {
        s.alpha = Some(a.clone());
    }
    s
}

fn up(x: f64) -> f64 {
    f64::from_bits(x.to_bits() + 1)
}

fn down(x: f64) -> f64 {
    f64::from_bits(x.to_bits() - 1)
}

fn textbook_specs(_: &mut SplitMix64) -> Vec<Spec> {
    use Measure::*;
    let t = "textbook";
    let two = Base::Two;
    vec![
        Spec::vectors(t, "fair-coin", Entropy, vec![0.5, 0.5], None).note("H = ln 2 = 1 bit"),
        Spec::vectors(t, "fair-coin", Entropy, vec![0.5, 0.5], None).base(two),
        Spec::vectors(t, "biased-coin-0.9", Entropy, vec![0.9, 0.1], None)
            .note("H ≈ 0.325083 nats (on the doubles 0.9, 0.1)"),
        Spec::vectors(t, "uniform-8", Entropy, vec![0.125; 8], None)
            .base(two)
            .note("3 bits"),
        Spec::vectors(t, "die", Entropy, vec![1.0 / 6.0; 6], None)
            .base(two)
            .note("≈ log2 6"),
        Spec::vectors(
            t,
            "black-swan-0.01",
            Kl,
            vec![1.0, 0.0],
            Some(vec![0.01, 0.99]),
        )
        .base(two)
        .note("prior q = 0.01, a black swan seen: KL ≈ log2 100 ≈ 6.643856 bits"),
        Spec::vectors(
            t,
            "black-swan-0.5",
            Kl,
            vec![1.0, 0.0],
            Some(vec![0.5, 0.5]),
        )
        .base(two)
        .note("exactly 1 bit"),
        Spec::vectors(
            t,
            "asymmetry-pq",
            Kl,
            vec![0.1, 0.9],
            Some(vec![0.01, 0.99]),
        )
        .note("KL(P‖Q) ≈ 0.144479 nats"),
        Spec::vectors(
            t,
            "asymmetry-qp",
            Kl,
            vec![0.01, 0.99],
            Some(vec![0.1, 0.9]),
        )
        .note("KL(Q‖P) ≈ 0.071331 nats"),
        Spec::vectors(
            t,
            "coding-cost",
            CrossEntropy,
            vec![0.5, 0.5],
            Some(vec![0.25, 0.75]),
        )
        .base(two),
        Spec::vectors(t, "disjoint", Jsd, vec![1.0, 0.0], Some(vec![0.0, 1.0]))
            .base(two)
            .note("JSD of disjoint supports = 1 bit"),
        Spec::vectors(
            t,
            "disjoint",
            JsDistance,
            vec![1.0, 0.0],
            Some(vec![0.0, 1.0]),
        )
        .base(two),
        Spec::vectors(
            t,
            "coin-vs-biased",
            Tv,
            vec![0.5, 0.5],
            Some(vec![0.25, 0.75]),
        ),
        Spec::vectors(
            t,
            "coin-vs-biased",
            Chi2,
            vec![0.5, 0.5],
            Some(vec![0.25, 0.75]),
        )
        .note("exactly 1/3"),
        Spec::vectors(
            t,
            "coin-vs-biased",
            Hellinger,
            vec![0.5, 0.5],
            Some(vec![0.25, 0.75]),
        ),
        Spec::vectors(
            t,
            "coin-vs-biased",
            Renyi,
            vec![0.5, 0.5],
            Some(vec![0.25, 0.75]),
        )
        .alpha(Alpha::Finite(Q::from_integer(2.into()))),
        Spec::joint(t, "copy-bit", Mi, vec![vec![0.5, 0.0], vec![0.0, 0.5]])
            .base(two)
            .note("Y = X: I = 1 bit"),
        Spec::joint(
            t,
            "independent-bits",
            Mi,
            vec![vec![0.25, 0.25], vec![0.25, 0.25]],
        )
        .note("independent: I = 0"),
        Spec::joint(
            t,
            "two-fair-bits",
            JointEntropy,
            vec![vec![0.25, 0.25], vec![0.25, 0.25]],
        )
        .base(two),
        Spec::joint(
            t,
            "two-fair-bits",
            CondEntropy,
            vec![vec![0.25, 0.25], vec![0.25, 0.25]],
        )
        .base(two),
    ]
    .into_iter()
    .map(|s| s.tags("textbook"))
    .collect()
}

fn edge_specs(_: &mut SplitMix64) -> Vec<Spec> {
    use Measure::*;
    let g = "edge";
    let tiny = f64::MIN_POSITIVE;
    let sub = f64::from_bits(1);
    let pairs: Vec<(&str, &str, Vec<f64>, Vec<f64>)> = vec![
        (
            "identical",
            "identical",
            vec![0.25, 0.25, 0.5],
            vec![0.25, 0.25, 0.5],
        ),
        (
            "identical-inexact",
            "identical,unnormalized",
            vec![0.1, 0.2, 0.7],
            vec![0.1, 0.2, 0.7],
        ),
        (
            "shared-zeros",
            "zeros",
            vec![0.5, 0.0, 0.5],
            vec![0.25, 0.0, 0.75],
        ),
        ("p-zero", "zeros", vec![0.0, 1.0], vec![0.5, 0.5]),
        ("q-zero", "zeros,inf", vec![0.5, 0.5], vec![1.0, 0.0]),
        ("disjoint", "zeros,inf", vec![1.0, 0.0], vec![0.0, 1.0]),
        ("singleton", "tiny-support", vec![1.0], vec![1.0]),
        (
            "point-mass",
            "zeros",
            vec![1.0, 0.0, 0.0, 0.0],
            vec![0.25; 4],
        ),
        (
            "subnormal-p",
            "subnormal",
            vec![1e-310, 1.0],
            vec![0.5, 0.5],
        ),
        (
            "subnormal-q",
            "subnormal",
            vec![0.5, 0.5],
            vec![1.0, tiny / 4.0],
        ),
        (
            "subnormal-both",
            "subnormal",
            vec![sub, 1.0],
            vec![sub * 20.0, 1.0],
        ),
        (
            "one-ulp",
            "near-identical",
            vec![0.3, 0.7],
            vec![up(0.3), down(0.7)],
        ),
        (
            "near-1e-12",
            "near-identical",
            vec![0.25, 0.25, 0.5],
            vec![0.25 + 1e-12, 0.25 - 1e-12, 0.5],
        ),
        (
            "dynamic-range",
            "unnormalized",
            vec![1e-300, 1.0],
            vec![1e-200, 1.0],
        ),
        (
            "counts",
            "unnormalized",
            vec![1.0, 2.0, 3.0],
            vec![3.0, 2.0, 1.0],
        ),
        (
            "huge-magnitude",
            "unnormalized",
            vec![1e300, 3e300],
            vec![2e300, 2e300],
        ),
    ];
    let mut out = Vec::new();
    for (m, a) in two_arg_measures() {
        for (name, tags, p, q) in &pairs {
            out.push(with_alpha(
                Spec::vectors(g, name, m, p.clone(), Some(q.clone())).tags(tags),
                &a,
            ));
        }
    }
    for a in [Alpha::Zero, Alpha::Inf] {
        for (name, tags, p, q) in &pairs[2..6] {
            out.push(
                Spec::vectors(g, name, Renyi, p.clone(), Some(q.clone()))
                    .alpha(a.clone())
                    .tags(tags),
            );
        }
    }
    let singles: Vec<(&str, &str, Vec<f64>)> = vec![
        ("singleton", "tiny-support", vec![1.0]),
        ("point-mass", "zeros", vec![0.0, 1.0, 0.0]),
        ("tenths", "unnormalized", vec![0.1; 10]),
        ("subnormal", "subnormal", vec![sub, 1.0]),
        (
            "subnormal-many",
            "subnormal",
            vec![sub * 3.0, tiny, 0.5, 0.5],
        ),
        ("dynamic-range", "unnormalized", vec![1e-300, 1.0]),
        ("counts", "unnormalized", vec![1.0, 2.0, 3.0]),
        ("huge-magnitude", "unnormalized", vec![1e300, 1e300]),
        (
            "near-point-mass",
            "near-identical",
            vec![down(1.0), f64::EPSILON / 2.0],
        ),
    ];
    for (name, tags, p) in singles {
        out.push(Spec::vectors(g, name, Entropy, p, None).tags(tags));
    }
    let joints: Vec<(&str, &str, Vec<Vec<f64>>)> = vec![
        ("singleton", "tiny-support", vec![vec![1.0]]),
        (
            "independent-3x2",
            "",
            vec![vec![0.1, 0.2], vec![0.15, 0.3], vec![0.05, 0.2]],
        ),
        ("diagonal", "zeros", vec![vec![0.5, 0.0], vec![0.0, 0.5]]),
        ("zero-row", "zeros", vec![vec![0.0, 0.0], vec![0.25, 0.75]]),
        (
            "counts",
            "unnormalized",
            vec![vec![1.0, 2.0], vec![3.0, 4.0]],
        ),
        (
            "subnormal",
            "subnormal",
            vec![vec![sub, 0.5], vec![0.5, 0.0]],
        ),
        ("row-vector", "tiny-support", vec![vec![0.25, 0.25, 0.5]]),
    ];
    for m in [Mi, JointEntropy, CondEntropy] {
        for (name, tags, j) in &joints {
            out.push(Spec::joint(g, name, m, j.clone()).tags(tags));
        }
    }
    out.into_iter().map(|s| s.tags("edge")).collect()
}

/// A random distribution of size `n`: weights uniform in (0, 1), each
/// zero with probability `zeros`, divided by their float sum.
fn random_dist(rng: &mut SplitMix64, n: usize, zeros: f64) -> Vec<f64> {
    let mut w: Vec<f64> = (0..n)
        .map(|_| {
            if rng.unit() < zeros {
                0.0
            } else {
                rng.unit() + f64::EPSILON
            }
        })
        .collect();
    if w.iter().all(|&x| x == 0.0) {
        let k = rng.below(n as u64) as usize;
        w[k] = 1.0;
    }
    let s: f64 = w.iter().sum();
    w.iter().map(|x| x / s).collect()
}

/// `p` perturbed by relative amounts of order `eps`, renormalized in float.
fn perturb(rng: &mut SplitMix64, p: &[f64], eps: f64) -> Vec<f64> {
    let w: Vec<f64> = p
        .iter()
        .map(|&x| x * (1.0 + eps * (2.0 * rng.unit() - 1.0)))
        .collect();
    let s: f64 = w.iter().sum();
    w.iter().map(|x| x / s).collect()
}

const SIZES: [usize; 6] = [2, 3, 5, 8, 13, 32];

fn random_specs(rng: &mut SplitMix64) -> Vec<Spec> {
    use Measure::*;
    let g = "random";
    let mut out = Vec::new();
    let mut k = 0;
    let mut name = |prefix: &str| {
        k += 1;
        format!("{prefix}{k:03}")
    };
    for _ in 0..6 {
        let n = SIZES[rng.below(SIZES.len() as u64) as usize];
        let zeros = if rng.unit() < 0.5 { 0.0 } else { 0.25 };
        let p = random_dist(rng, n, zeros);
        out.push(Spec::vectors(g, &name("r"), Entropy, p, None).tags("random"));
    }
    for (m, a) in two_arg_measures() {
        for i in 0..6 {
            let n = SIZES[rng.below(SIZES.len() as u64) as usize];
            let p = random_dist(rng, n, if i % 3 == 2 { 0.25 } else { 0.0 });
            let (q, tag) = if i >= 4 {
                let eps = 10f64.powi(-(6 + rng.below(7) as i32));
                (perturb(rng, &p, eps), "random,near-identical")
            } else {
                (
                    random_dist(rng, n, if i == 3 { 0.25 } else { 0.0 }),
                    "random",
                )
            };
            out.push(with_alpha(
                Spec::vectors(g, &name("r"), m, p, Some(q)).tags(tag),
                &a,
            ));
        }
    }
    for m in [Mi, JointEntropy, CondEntropy] {
        for _ in 0..4 {
            let r = 2 + rng.below(3) as usize;
            let c = 2 + rng.below(3) as usize;
            let flat = random_dist(rng, r * c, 0.2);
            let j = flat.chunks(c).map(<[f64]>::to_vec).collect();
            out.push(Spec::joint(g, &name("r"), m, j).tags("random"));
        }
    }
    // base 2 and 10 on a few random pairs
    for (m, b) in [
        (Kl, Base::Two),
        (Entropy, Base::Ten),
        (Jsd, Base::Two),
        (JsDistance, Base::Two),
    ] {
        let p = random_dist(rng, 5, 0.0);
        let q = (m != Entropy).then(|| random_dist(rng, 5, 0.0));
        out.push(Spec::vectors(g, &name("r"), m, p, q).base(b).tags("random"));
    }
    out
}

fn large_specs(_: &mut SplitMix64) -> Vec<Spec> {
    use Measure::*;
    const N: usize = 1 << 12;
    let g = "large";
    let mk = |name: &str, m: Measure, p: Recipe, q: Option<Recipe>| Spec {
        generator: g,
        name: name.to_string(),
        measure: m,
        base: Base::E,
        alpha: None,
        p: Some(Input::Recipe(p)),
        q: q.map(Input::Recipe),
        joint: None,
        tags: vec!["large".into()],
        note: format!("n = {N}, inputs by recipe"),
    };
    vec![
        mk("linear", Entropy, Recipe::Linear(N), None),
        mk("ones", Entropy, Recipe::Ones(N), None),
        mk(
            "linear-vs-uniform",
            Kl,
            Recipe::Linear(N),
            Some(Recipe::Uniform(N)),
        ),
        mk(
            "uniform-vs-linear",
            CrossEntropy,
            Recipe::Uniform(N),
            Some(Recipe::Linear(N)),
        ),
        mk(
            "linear-vs-rev",
            JsDistance,
            Recipe::Linear(N),
            Some(Recipe::LinearRev(N)),
        ),
    ]
}
