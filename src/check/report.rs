//! Verdicts, counts and counterexamples, printed like proptest's
//! "minimal failing input".

use std::fmt;

use serde::{Deserialize, Serialize};

use super::arith::Arith;
use super::instance::Instance;
use super::target::Target;
use crate::certify::certify_digits;
use crate::exact::engine::Real;
use crate::exact::Base;
use crate::measures::BaseScaling;

/// Instances by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Held, decided by exact closed forms.
    pub exact: u64,
    /// Held, decided by certified enclosures.
    pub certified: u64,
    /// Not decided within the precision cap (no relation violated).
    pub undecided: u64,
    /// Outside the domain (skipped).
    pub excluded: u64,
    /// Violated.
    pub violated: u64,
}

impl Counts {
    /// Instances where the claim was decided to hold.
    pub fn held(&self) -> u64 {
        self.exact + self.certified
    }

    /// Every instance counted.
    pub fn total(&self) -> u64 {
        self.held() + self.undecided + self.excluded + self.violated
    }

    /// Add the counts of `other` (another slice of the same campaign).
    pub fn add(&mut self, other: &Counts) {
        self.exact += other.exact;
        self.certified += other.certified;
        self.undecided += other.undecided;
        self.excluded += other.excluded;
        self.violated += other.violated;
    }
}

/// The verdict of a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Proved: decided to hold on every instance of a finite domain (a
    /// claim without variables has exactly one).
    Proved,
    /// No counterexample found: held on every decided instance (evidence,
    /// not proof); some instances may be undecided (see the counts).
    /// JSON: `"no_counterexample_found"`.
    #[serde(rename = "no_counterexample_found")]
    Held,
    /// A counterexample was found.
    Violated,
    /// No instance was decided.
    Undecided,
}

/// Where a counterexample came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub enum Origin {
    /// The lattice level `(support, denominator)`.
    Lattice {
        /// Support size.
        support: usize,
        /// Common denominator.
        denominator: u32,
        /// Every smaller level was searched exhaustively.
        minimal: bool,
    },
    /// A random case.
    Random {
        /// Campaign seed.
        seed: u64,
        /// Case number.
        case: u64,
    },
    /// A random case, shrunk through the lattice.
    Shrunk {
        /// Support size.
        support: usize,
        /// Common denominator.
        denominator: u32,
        /// Every smaller level was searched exhaustively.
        minimal: bool,
        /// Seed of the random case.
        seed: u64,
        /// Its case number.
        case: u64,
    },
    /// The margin search (a float optimizer followed by an exact decision
    /// at a nearby rational point).
    Search {
        /// Support size.
        support: usize,
        /// Common denominator.
        denominator: u64,
        /// Every smaller lattice level was searched exhaustively (and held).
        minimal: bool,
    },
    /// Inputs given on the command line (`check "claim" --p … --q …`).
    Given,
    /// A margin-search point, shrunk through the lattice.
    SearchShrunk {
        /// Support size.
        support: usize,
        /// Common denominator.
        denominator: u32,
        /// Every smaller level was searched exhaustively.
        minimal: bool,
        /// Denominator of the point the search proved.
        from_denominator: u64,
    },
}

/// One side of a violated relation.
#[derive(Debug, Clone, Serialize)]
pub struct SideValue {
    /// The expression.
    pub expr: String,
    /// Exact closed form, if there is one.
    pub closed_form: Option<String>,
    /// Certified decimal (every digit correct; `inf` for +∞).
    pub decimal: String,
    /// Whether the closed form is a rational number or an infinity (then
    /// the decimal adds nothing when it is exact).
    pub rational: bool,
}

/// A counterexample, with both sides and the gap.
#[derive(Debug, Clone, Serialize)]
pub struct Counterexample {
    /// The instance.
    pub instance: Instance,
    /// The violated relation, as text.
    pub relation: String,
    /// Left side.
    pub lhs: SideValue,
    /// Right side.
    pub rhs: SideValue,
    /// `lhs − rhs`.
    pub gap: SideValue,
    /// Where it was found.
    pub origin: Origin,
}

/// Exact closed form of a value, if any.
pub fn closed_text(v: &Real) -> Option<String> {
    match v {
        Real::Form(f) => Some(f.display(Base::E)),
        Real::Sqrt(f) => Some(format!("√({})", f.display(Base::E))),
        Real::PosInf => Some("+∞".into()),
        Real::NegInf => Some("−∞".into()),
        Real::Ball(_) => None,
    }
}

fn is_rational(v: &Real) -> bool {
    match v {
        Real::Form(f) => f.is_rational(),
        Real::PosInf | Real::NegInf => true,
        _ => false,
    }
}

fn decimal<F: Fn(u32) -> Option<Real>>(f: F, digits: u32) -> String {
    let c = certify_digits(
        |p| f(p).unwrap_or(Real::Ball(crate::exact::Ball::unknown(p))),
        Base::E,
        BaseScaling::None,
        digits,
    );
    if c.exact || c.complete() {
        c.decimal
    } else if c.digits == 0 {
        "(no digit certified)".into()
    } else {
        format!("{} (only {} digits certified)", c.decimal, c.digits)
    }
}

impl Counterexample {
    /// Evaluate and certify both sides of relation `k` on `inst`.
    pub fn build(
        t: &Target,
        instance: Instance,
        k: usize,
        origin: Origin,
        _max_prec: u32,
    ) -> Counterexample {
        let at = |p: u32| {
            t.relations(&instance, &Arith::new(p))
                .ok()
                .map(|mut v| v.swap_remove(k))
        };
        let r0 = at(64).expect("violated relation evaluates");
        let lhs = SideValue {
            expr: r0.lhs.clone(),
            closed_form: closed_text(&r0.l),
            decimal: decimal(|p| at(p).map(|r| r.l), 12),
            rational: is_rational(&r0.l),
        };
        let rhs = SideValue {
            expr: r0.rhs.clone(),
            closed_form: closed_text(&r0.r),
            decimal: decimal(|p| at(p).map(|r| r.r), 12),
            rational: is_rational(&r0.r),
        };
        let gap_at = |p: u32| at(p).and_then(|r| Arith::new(p).sub(r.l, r.r).ok());
        let g0 = gap_at(64);
        let gap = SideValue {
            expr: "left − right".into(),
            closed_form: g0.as_ref().and_then(closed_text),
            rational: g0.as_ref().is_some_and(is_rational),
            decimal: if g0.is_some() {
                decimal(gap_at, 12)
            } else {
                "undefined (∞ − ∞)".into()
            },
        };
        Counterexample {
            instance,
            relation: r0.text(),
            lhs,
            rhs,
            gap,
            origin,
        }
    }
}

impl fmt::Display for SideValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.closed_form {
            Some(c) if self.rational && (c.contains('∞') || !c.contains('/')) => f.write_str(c),
            Some(c) => write!(f, "{} ≈ {}", c, self.decimal),
            None => write!(f, "{} (no closed form)", self.decimal),
        }
    }
}

impl fmt::Display for Counterexample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head = match self.origin {
            Origin::Lattice { support, denominator, minimal } => format!(
                "{} failing input (support {support}, denominator {denominator}{}):",
                if minimal { "minimal" } else { "smallest found" },
                if minimal { "" } else { "; some smaller lattice levels were sampled" }
            ),
            Origin::Random { seed, case } => format!(
                "failing input (random case {case} of seed {seed}; no smaller one in the searched lattice):"
            ),
            Origin::Shrunk { support, denominator, minimal, seed, case } => format!(
                "{} failing input (support {support}, denominator {denominator}; shrunk from random case {case} of seed {seed}):",
                if minimal { "minimal" } else { "smallest found" }
            ),
            Origin::Given => "at the given inputs:".to_string(),
            Origin::Search { support, denominator, minimal } => format!(
                "{}failing input (support {support}, denominator {denominator}; found by the margin search, proved exactly; {}):",
                if minimal { "minimal " } else { "" },
                if minimal { "every smaller lattice level searched" } else { "no smaller one in the searched lattice" }
            ),
            Origin::SearchShrunk { support, denominator, minimal, from_denominator } => format!(
                "{} failing input (support {support}, denominator {denominator}; shrunk from a margin-search point with denominator {from_denominator}):",
                if minimal { "minimal" } else { "smallest found" }
            ),
        };
        writeln!(f, "{head}")?;
        for line in self.instance.to_string().lines() {
            writeln!(f, "    {line}")?;
        }
        writeln!(f, "  violated: {}", self.relation)?;
        writeln!(f, "    left   {} = {}", self.lhs.expr, self.lhs)?;
        writeln!(f, "    right  {} = {}", self.rhs.expr, self.rhs)?;
        write!(f, "    gap    left − right = {}", self.gap)
    }
}

/// Whether a catalogue item is true or a false claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    /// A theorem: must hold.
    True,
    /// A false claim or a wrong twin: must be refuted.
    False,
}

/// The result of a campaign.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Catalogue id or claim text.
    pub target: String,
    /// The statement.
    pub statement: String,
    /// Domain of validity, if restricted.
    pub domain: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// Instances by outcome.
    pub counts: Counts,
    /// The minimal counterexample, if violated.
    pub counterexample: Option<Counterexample>,
    /// When the counterexample has an infinite side: one whose two sides
    /// are finite, if one was found.
    pub finite_counterexample: Option<Counterexample>,
    /// Float evaluations of the margin search.
    pub search_evaluations: u64,
    /// Starts of the margin search.
    pub search_starts: u64,
    /// Whether the domain was restricted to positive entries.
    pub positive: bool,
    /// One undecided instance, if any.
    pub undecided_example: Option<String>,
    /// Seed of the random cases.
    pub seed: u64,
    /// Lattice bounds `(support, denominator)`.
    pub lattice: (usize, u32),
    /// Whether some lattice level was sampled rather than exhausted.
    pub lattice_sampled: bool,
    /// Random cases requested.
    pub cases: usize,
    /// Wall time.
    pub seconds: f64,
    /// For catalogue items: what the item is catalogued as.
    pub expected: Option<Truth>,
    /// How the claim is proved for every input when it is (the normal
    /// form, a proof file); the campaign's cases are then extra evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proof: Option<String>,
}

impl Report {
    /// The exit code of `infocert check`: 0 proved, 1 violated, 3 nothing
    /// violated but some (or all) cases undecided, 4 no counterexample found
    /// (held on every case tried, none undecided — evidence, not proof).
    pub fn exit_code(&self) -> u8 {
        match (self.verdict, self.counts.undecided) {
            (Verdict::Violated, _) => 1,
            (Verdict::Proved, _) if self.proof.is_some() => 0,
            (Verdict::Proved, 0) => 0,
            (Verdict::Held, 0) => 4,
            _ => 3,
        }
    }

    /// Held (or proved) on every decided instance with none undecided.
    pub fn held_everywhere(&self) -> bool {
        matches!(self.verdict, Verdict::Held | Verdict::Proved) && self.counts.undecided == 0
    }

    /// Whether a catalogue item behaved as catalogued: a true item held
    /// with nothing undecided, a false one was refuted.
    pub fn as_catalogued(&self) -> Option<bool> {
        self.expected.map(|t| match t {
            Truth::True => self.held_everywhere(),
            Truth::False => self.verdict == Verdict::Violated,
        })
    }

    /// **Panics** (with the report) unless the claim held on every decided
    /// instance with none undecided.
    pub fn assert_holds(&self) {
        assert!(self.held_everywhere(), "{self}");
    }

    /// **Panics** (with the report) unless a counterexample was found.
    pub fn assert_refuted(&self) {
        assert!(
            self.verdict == Verdict::Violated,
            "expected a counterexample\n{self}"
        );
    }

    /// The counterexample. **Panics** if there is none.
    pub fn counterexample(&self) -> &Counterexample {
        self.counterexample
            .as_ref()
            .unwrap_or_else(|| panic!("no counterexample\n{self}"))
    }
}

impl Report {
    /// The report as printed, with the wall time at the end (`time`) or
    /// without it: runs that differ only in timing (a sharded run merged,
    /// a single run) then print the same bytes.
    pub fn to_text(&self, time: bool) -> String {
        Timed(self, time).to_string()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Timed(self, true).fmt(f)
    }
}

struct Timed<'a>(&'a Report, bool);

impl fmt::Display for Timed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Timed(r, time) = *self;
        r.write(f, time)
    }
}

impl Report {
    fn write(&self, f: &mut fmt::Formatter<'_>, time: bool) -> fmt::Result {
        let c = &self.counts;
        writeln!(f, "claim: {}", self.statement)?;
        if let Some(d) = &self.domain {
            writeln!(f, "domain: {d}")?;
        }
        match self.verdict {
            Verdict::Violated => {
                writeln!(f, "verdict: violated")?;
                if let Some(cx) = &self.counterexample {
                    writeln!(f, "{cx}")?;
                }
                if let Some(cx) = &self.finite_counterexample {
                    writeln!(f, "a counterexample with both sides finite:")?;
                    writeln!(f, "{cx}")?;
                }
            }
            Verdict::Proved if self.proof.is_some() => writeln!(
                f,
                "verdict: proved — {}; the campaign's {} cases (exact: {}, certified: {}, undecided: {}) are extra evidence",
                self.proof.as_deref().unwrap_or_default(),
                c.held(),
                c.exact,
                c.certified,
                c.undecided
            )?,
            Verdict::Proved => writeln!(
                f,
                "verdict: proved (the claim has no variables; decided {})",
                if c.certified > 0 {
                    "with certified enclosures"
                } else {
                    "exactly"
                }
            )?,
            Verdict::Held => {
                writeln!(
                    f,
                    "verdict: no counterexample found in {} cases (exact: {}, certified: {}, undecided: {}) — evidence, not proof",
                    c.held(), c.exact, c.certified, c.undecided
                )?;
            }
            Verdict::Undecided => writeln!(
                f,
                "verdict: undecided (no case decided; {} undecided)",
                c.undecided
            )?,
        }
        if let Some(u) = &self.undecided_example {
            let u = if u.is_empty() {
                "the claim has no variables; a value beyond the certified range (an exponential above 2^(2^24)) or an algebraic tie".to_string()
            } else {
                u.replace('\n', "; ")
            };
            writeln!(f, "undecided, e.g.: {u}")?;
        }
        write!(
            f,
            "campaign: lattice support ≤ {}, denominator ≤ {}{}; {} random cases, seed {}{}; {} outside the domain{}{}",
            self.lattice.0,
            self.lattice.1,
            if self.lattice_sampled { " (large levels sampled)" } else { "" },
            self.cases,
            self.seed,
            if self.search_starts > 0 {
                format!("; margin search: {} starts, {} float evaluations", self.search_starts, self.search_evaluations)
            } else {
                String::new()
            },
            c.excluded,
            if self.positive { " (--positive)" } else { "" },
            if time { format!("; {:.2} s", self.seconds) } else { String::new() }
        )
    }
}
