//! Campaigns: the exhaustive lattice (by support size, then denominator)
//! and random rational instances from the proptest strategies, with the
//! minimal counterexample, counts and the seed.

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use num_traits::ToPrimitive;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config as PtConfig, RngAlgorithm, TestRng, TestRunner};
use rayon::prelude::*;
use serde::Serialize;

use super::instance::{Instance, Level, Slot, SlotKind};
use super::report::{Counterexample, Counts, Origin, Report, Verdict};
use super::search;
use super::target::{Outcome, Target};
use crate::num::Q;
use crate::strategies::dist_values;
use num_bigint::BigInt;

/// How a campaign runs.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// Random instances after the lattice.
    pub cases: usize,
    /// Seed of the random instances (case `i` uses a generator derived
    /// from `(seed, i)`, so one case can be replayed alone).
    pub seed: u64,
    /// Lattice: largest support size `k`.
    pub max_support: usize,
    /// Lattice: largest common denominator `N`.
    pub max_denom: u32,
    /// Support sizes of random instances (inclusive).
    pub random_support: (usize, usize),
    /// Precision cap (bits) of certified sign decisions.
    pub max_prec: u32,
    /// Largest number of instances decided at one lattice level; a larger
    /// level is sampled at evenly spaced indices (and reported as sampled).
    pub level_budget: u64,
    /// When a random case is violated but the lattice was not: search the
    /// lattice up to this denominator (and the case's support) for a
    /// smaller counterexample.
    pub shrink_denom: u32,
    /// Stop at the first violated lattice level / random case.
    pub stop_at_first: bool,
    /// Show a progress bar on long runs (stderr).
    pub progress: bool,
    /// File where violated random cases are persisted (and replayed first).
    pub regressions: Option<PathBuf>,
    /// Margin search (see [`super::search`]): optimizer starts per support
    /// size (0: off).
    pub search_starts: usize,
    /// Margin search: float evaluations per start.
    pub search_evals: usize,
    /// Margin search: support sizes (inclusive).
    pub search_support: (usize, usize),
    /// Only instances with every entry positive (`--positive`); others are
    /// outside the domain.
    pub positive: bool,
    /// When the counterexample has an infinite side, also look for one with
    /// both sides finite.
    pub finite: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            cases: 200,
            seed: 0x01F0_CE27,
            max_support: 3,
            max_denom: 6,
            random_support: (2, 8),
            max_prec: 2048,
            level_budget: 4000,
            shrink_denom: 12,
            stop_at_first: true,
            progress: false,
            regressions: None,
            search_starts: 48,
            search_evals: 400,
            search_support: (2, 3),
            positive: false,
            finite: true,
        }
    }
}

impl Config {
    /// The campaign of `infocert check all`: every item in a few seconds
    /// (lattice support ≤ 3, denominator ≤ 5, at most 600 instances per
    /// lattice level, 100 random cases).
    pub fn fast() -> Config {
        Config {
            cases: 100,
            max_denom: 5,
            level_budget: 600,
            search_starts: 16,
            search_evals: 240,
            ..Config::default()
        }
    }

    /// The opt-in large campaign: 10⁶ random cases and the lattice up to
    /// denominator 12 on support ≤ 3 without sampling limits below 10⁶
    /// instances per level.
    pub fn large() -> Config {
        Config {
            cases: 1_000_000,
            max_denom: 12,
            level_budget: 1_000_000,
            progress: true,
            search_starts: 1024,
            search_support: (2, 5),
            ..Config::default()
        }
    }
}

/// SplitMix64: per-case seeds.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn case_runner(seed: u64, case: u64) -> TestRunner {
    let mut bytes = [0u8; 32];
    let mut s = mix(seed ^ mix(case));
    for chunk in bytes.chunks_mut(8) {
        s = mix(s);
        chunk.copy_from_slice(&s.to_le_bytes());
    }
    TestRunner::new_with_rng(
        PtConfig::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    )
}

fn sample<S: Strategy>(s: S, r: &mut TestRunner) -> S::Value {
    s.new_tree(r).expect("strategy").current()
}

fn rat(n: u64, d: u64) -> Q {
    Q::new(BigInt::from(n), BigInt::from(d))
}

/// The random instance of case `case` for `shape`.
pub fn random_instance(shape: &[Slot], cfg: &Config, case: u64) -> Instance {
    let mut r = case_runner(cfg.seed, case);
    let (lo, hi) = cfg.random_support;
    let n = sample(lo.max(1)..=hi.max(lo.max(1)), &mut r);
    let mut values: Vec<(Slot, Vec<Q>)> = Vec::new();
    for s in shape {
        let v = match s.kind {
            SlotKind::Dist => sample(dist_values(n), &mut r),
            SlotKind::Joint => sample(dist_values(n * n), &mut r),
            SlotKind::Kernel => (0..n)
                .flat_map(|_| sample(dist_values(n), &mut r))
                .collect(),
            SlotKind::Vector | SlotKind::Positive => {
                let d = sample(1u64..=1000, &mut r);
                let lo = u64::from(s.kind == SlotKind::Positive);
                (0..n).map(|_| rat(sample(lo..=d, &mut r), d)).collect()
            }
            SlotKind::Unit => {
                let d = sample(2u64..=1000, &mut r);
                vec![rat(sample(1..d, &mut r), d)]
            }
            // a real parameter has no range: campaigns refuse it up front
            SlotKind::Real => vec![Q::from_integer(1.into())],
        };
        values.push((*s, v));
    }
    // every fourth case: the second distribution is a near copy of the first
    if case % 4 == 3 {
        let dists: Vec<usize> = (0..values.len())
            .filter(|&i| values[i].0.kind == SlotKind::Dist)
            .collect();
        if dists.len() >= 2 {
            let k = sample(1u32..=40, &mut r);
            let eps = Q::new(BigInt::from(1), BigInt::from(1u64) << k as usize);
            let one = Q::from_integer(1.into());
            let p = values[dists[0]].1.clone();
            let u = values[dists[1]].1.clone();
            values[dists[1]].1 = p
                .iter()
                .zip(&u)
                .map(|(a, b)| a * (&one - &eps) + b * &eps)
                .collect();
        }
    }
    Instance { n, values }
}

/// The decision on one instance, with the `--positive` domain.
fn decide(t: &Target, inst: &Instance, cfg: &Config) -> Outcome {
    if cfg.positive && !all_positive(inst) {
        return Outcome::Excluded {
            reason: "outside the domain (--positive: every entry > 0)".into(),
        };
    }
    t.decide(inst, cfg.max_prec)
}

fn all_positive(inst: &Instance) -> bool {
    inst.values
        .iter()
        .all(|(_, xs)| super::instance::positive(xs))
}

fn search_options(cfg: &Config, finite: bool) -> search::Options {
    search::Options {
        starts: cfg.search_starts,
        evals: cfg.search_evals,
        support: cfg.search_support,
        seed: cfg.seed,
        max_prec: cfg.max_prec,
        positive: cfg.positive,
        finite,
    }
}

/// The smallest lattice counterexample (support, then denominator, up to
/// `max_d`) whose violated relation has two finite sides, or one from the
/// margin search.
fn finite_counterexample(t: &Target, cfg: &Config) -> Option<(Instance, usize, Origin)> {
    let max_d = cfg.shrink_denom.max(cfg.max_denom);
    for n in 1..=cfg.max_support {
        for d in 1..=max_d {
            let level = Level::new(&t.shape, n, d);
            let m = level.size.min(cfg.level_budget.max(1) as u128) as u64;
            let sampled = level.size > m as u128;
            let idx = |i: u64| -> u128 {
                if sampled {
                    (i as u128) * level.size / m as u128
                } else {
                    i as u128
                }
            };
            let hit = (0..m)
                .into_par_iter()
                .filter_map(|i| {
                    let inst = level.instance(idx(i))?;
                    match decide(t, &inst, cfg) {
                        Outcome::Violated { relation, .. }
                            if search::finite_sides(t, &inst, relation) =>
                        {
                            Some((i, inst, relation))
                        }
                        _ => None,
                    }
                })
                .min_by_key(|x| x.0);
            if let Some((_, inst, rel)) = hit {
                return Some((
                    inst,
                    rel,
                    Origin::Lattice {
                        support: n,
                        denominator: d,
                        minimal: !sampled,
                    },
                ));
            }
        }
    }
    let (found, _) = search::search(t, &search_options(cfg, true));
    found.map(|f| {
        (
            f.instance.clone(),
            f.relation,
            Origin::Search {
                support: f.instance.n,
                denominator: f.denominator,
                minimal: false,
            },
        )
    })
}

struct Tally {
    counts: Counts,
    first_violation: Option<(Instance, usize, Origin)>,
    first_undecided: Option<Instance>,
    sampled: bool,
}

impl Tally {
    fn add(&mut self, o: &Outcome) {
        let c = &mut self.counts;
        match o {
            Outcome::Holds { how } => match how {
                super::decide::How::Exact => c.exact += 1,
                super::decide::How::Certified => c.certified += 1,
            },
            Outcome::Violated { .. } => c.violated += 1,
            Outcome::Undecided { .. } => c.undecided += 1,
            Outcome::Excluded { .. } => c.excluded += 1,
        }
    }
}

fn run_level(
    t: &Target,
    level: &Level,
    cfg: &Config,
    tally: &mut Tally,
    bar: Option<&Bar>,
) -> bool {
    let budget = cfg.level_budget.max(1) as u128;
    let (m, sampled) = if level.size <= budget {
        (level.size as u64, false)
    } else {
        (budget as u64, true)
    };
    let idx = |i: u64| -> u128 {
        if sampled {
            (i as u128) * level.size / budget
        } else {
            i as u128
        }
    };
    let outs: Vec<(u64, Outcome)> = (0..m)
        .into_par_iter()
        .filter_map(|i| {
            let inst = level.instance(idx(i))?;
            let o = decide(t, &inst, cfg);
            Some((i, o))
        })
        .collect();
    if let Some(b) = bar {
        b.inc(m);
    }
    let mut violated_here = false;
    for (i, o) in &outs {
        tally.add(o);
        if let Outcome::Violated { relation, .. } = o {
            if tally.first_violation.is_none() {
                let inst = level.instance(idx(*i)).expect("instance");
                tally.first_violation = Some((
                    inst,
                    *relation,
                    Origin::Lattice {
                        support: level.n,
                        denominator: level.d,
                        minimal: !tally.sampled,
                    },
                ));
            }
            violated_here = true;
        }
        if matches!(o, Outcome::Undecided { .. }) && tally.first_undecided.is_none() {
            tally.first_undecided = level.instance(idx(*i));
        }
    }
    tally.sampled |= sampled;
    violated_here
}

fn read_regressions(cfg: &Config, name: &str) -> Vec<(u64, u64)> {
    let Some(path) = &cfg.regressions else {
        return Vec::new();
    };
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (target, seed, case) = (f.next()?, f.next()?, f.next()?);
            (target == name).then_some(())?;
            Some((
                seed.strip_prefix("seed=")?.parse().ok()?,
                case.strip_prefix("case=")?.parse().ok()?,
            ))
        })
        .collect()
}

fn persist(cfg: &Config, name: &str, seed: u64, case: u64) {
    let Some(path) = &cfg.regressions else { return };
    if read_regressions(cfg, name).contains(&(seed, case)) {
        return;
    }
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(f, "{name}\tseed={seed}\tcase={case}");
    }
}

/// Run a campaign on `t`.
pub fn run(t: &Target, cfg: &Config) -> Report {
    let start = Instant::now();
    let mut tally = Tally {
        counts: Counts::default(),
        first_violation: None,
        first_undecided: None,
        sampled: false,
    };
    let levels: Vec<Level> = (1..=cfg.max_support)
        .flat_map(|n| (1..=cfg.max_denom).map(move |d| (n, d)))
        .map(|(n, d)| Level::new(&t.shape, n, d))
        .collect();
    let planned: u64 = levels
        .iter()
        .map(|l| l.size.min(cfg.level_budget as u128) as u64)
        .sum::<u64>()
        + cfg.cases as u64;
    let bar = (cfg.progress && planned > 20_000).then(|| Bar::new(planned, &t.name));
    // 1. replay persisted failing cases
    let mut random_violation: Option<(Instance, usize, Origin)> = None;
    for (seed, case) in read_regressions(cfg, &t.name) {
        let c = Config {
            seed,
            ..cfg.clone()
        };
        let inst = random_instance(&t.shape, &c, case);
        if let Outcome::Violated { relation, .. } = decide(t, &inst, cfg) {
            random_violation = Some((inst, relation, Origin::Random { seed, case }));
            break;
        }
    }
    // 2. the lattice, level by level
    let mut searched = std::collections::HashSet::new();
    for level in &levels {
        searched.insert((level.n, level.d));
        let v = run_level(t, level, cfg, &mut tally, bar.as_ref());
        if v && cfg.stop_at_first {
            break;
        }
    }
    // 3. the margin search (before the random cases: it is cheap)
    let mut search_stats = search::Stats::default();
    if tally.first_violation.is_none() && random_violation.is_none() && cfg.search_starts > 0 {
        let (found, st) = search::search(t, &search_options(cfg, false));
        search_stats = st;
        if let Some(f) = found {
            tally.counts.violated += 1;
            random_violation = Some((
                f.instance.clone(),
                f.relation,
                Origin::Search {
                    support: f.instance.n,
                    denominator: f.denominator,
                    minimal: false,
                },
            ));
        }
    }
    // 4. random cases
    if tally.first_violation.is_none() && (random_violation.is_none() || !cfg.stop_at_first) {
        let chunk = 256usize;
        let mut done = 0usize;
        while done < cfg.cases {
            let m = chunk.min(cfg.cases - done);
            let outs: Vec<(u64, Outcome)> = (done..done + m)
                .into_par_iter()
                .map(|i| {
                    let inst = random_instance(&t.shape, cfg, i as u64);
                    (i as u64, decide(t, &inst, cfg))
                })
                .collect();
            if let Some(b) = &bar {
                b.inc(m as u64);
            }
            let mut stop = false;
            for (i, o) in &outs {
                tally.add(o);
                if let Outcome::Violated { relation, .. } = o {
                    if random_violation.is_none() {
                        persist(cfg, &t.name, cfg.seed, *i);
                        random_violation = Some((
                            random_instance(&t.shape, cfg, *i),
                            *relation,
                            Origin::Random {
                                seed: cfg.seed,
                                case: *i,
                            },
                        ));
                    }
                    stop = cfg.stop_at_first;
                }
                if matches!(o, Outcome::Undecided { .. }) && tally.first_undecided.is_none() {
                    tally.first_undecided = Some(random_instance(&t.shape, cfg, *i));
                }
            }
            done += m;
            if stop {
                break;
            }
        }
    }
    // 5. shrink a random or searched counterexample through the lattice
    if tally.first_violation.is_none() {
        if let Some((inst, rel, origin)) = random_violation {
            let max_d = cfg.shrink_denom.max(cfg.max_denom);
            let d_found = inst.denominator().to_u32().unwrap_or(u32::MAX);
            let mut shrunk = None;
            'outer: for n in 1..=inst.n {
                for d in 1..=max_d.min(d_found) {
                    if searched.contains(&(n, d)) {
                        continue;
                    }
                    let level = Level::new(&t.shape, n, d);
                    let mut sub = Tally {
                        counts: Counts::default(),
                        first_violation: None,
                        first_undecided: None,
                        sampled: tally.sampled,
                    };
                    if run_level(t, &level, cfg, &mut sub, None) {
                        shrunk = sub.first_violation;
                        break 'outer;
                    }
                    tally.sampled |= sub.sampled;
                }
            }
            // a margin-search point may have a larger denominator: up to 64,
            // go on through the levels that fit the budget (then the point
            // is minimal if none violates)
            let mut origin = origin;
            if shrunk.is_none() && matches!(origin, Origin::Search { .. }) && d_found <= 64 {
                let mut skipped = tally.sampled;
                'more: for n in 1..=inst.n {
                    for d in max_d + 1..d_found.min(65) {
                        let level = Level::new(&t.shape, n, d);
                        if level.size > cfg.level_budget as u128 {
                            skipped = true;
                            continue;
                        }
                        let mut sub = Tally {
                            counts: Counts::default(),
                            first_violation: None,
                            first_undecided: None,
                            sampled: tally.sampled || skipped,
                        };
                        if run_level(t, &level, cfg, &mut sub, None) {
                            shrunk = sub.first_violation;
                            break 'more;
                        }
                    }
                }
                if let Origin::Search { minimal, .. } = &mut origin {
                    *minimal = shrunk.is_none() && !skipped;
                }
            }
            tally.first_violation = Some(match shrunk {
                Some((
                    i,
                    r,
                    Origin::Lattice {
                        support,
                        denominator,
                        minimal,
                    },
                )) => (
                    i,
                    r,
                    match origin {
                        Origin::Search {
                            denominator: from, ..
                        } => Origin::SearchShrunk {
                            support,
                            denominator,
                            minimal,
                            from_denominator: from,
                        },
                        _ => Origin::Shrunk {
                            support,
                            denominator,
                            minimal,
                            seed: cfg.seed,
                            case: match origin {
                                Origin::Random { case, .. } => case,
                                _ => 0,
                            },
                        },
                    },
                ),
                _ => (inst, rel, origin),
            });
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let counts = tally.counts;
    let verdict = if tally.first_violation.is_some() {
        Verdict::Violated
    } else if counts.exact + counts.certified > 0 {
        Verdict::Held
    } else {
        Verdict::Undecided
    };
    // 6. an infinite side: also a finite counterexample, where one exists
    let finite_counterexample = match &tally.first_violation {
        Some((inst, rel, _)) if cfg.finite && !search::finite_sides(t, inst, *rel) => {
            finite_counterexample(t, cfg)
                .map(|(i, r, o)| Counterexample::build(t, i, r, o, cfg.max_prec))
        }
        _ => None,
    };
    let proved = verdict == Verdict::Held && counts.undecided == 0 && t.shape.is_empty();
    let verdict = if proved { Verdict::Proved } else { verdict };
    let counterexample = tally
        .first_violation
        .map(|(inst, rel, origin)| Counterexample::build(t, inst, rel, origin, cfg.max_prec));
    Report {
        target: t.name.clone(),
        statement: t.statement.clone(),
        domain: t.domain.clone(),
        verdict,
        counts,
        counterexample,
        finite_counterexample,
        search_evaluations: search_stats.evaluations,
        search_starts: search_stats.starts,
        positive: cfg.positive,
        undecided_example: tally.first_undecided.map(|i| i.to_string()),
        seed: cfg.seed,
        lattice: (cfg.max_support, cfg.max_denom),
        lattice_sampled: tally.sampled,
        cases: cfg.cases,
        seconds: start.elapsed().as_secs_f64(),
        expected: None,
        proof: None,
    }
}

/// The progress bar of long campaigns (indicatif, with the `cli` feature;
/// without it, nothing is drawn).
#[cfg(feature = "cli")]
struct Bar(indicatif::ProgressBar);

#[cfg(feature = "cli")]
impl Bar {
    fn new(planned: u64, name: &str) -> Bar {
        let b = indicatif::ProgressBar::new(planned);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{msg} [{elapsed_precise}] {wide_bar} {pos}/{len} ({per_sec}, eta {eta})",
            )
            .expect("template"),
        );
        b.set_message(name.to_string());
        Bar(b)
    }
    fn inc(&self, n: u64) {
        self.0.inc(n);
    }
    fn finish_and_clear(&self) {
        self.0.finish_and_clear();
    }
}

#[cfg(not(feature = "cli"))]
struct Bar;

#[cfg(not(feature = "cli"))]
impl Bar {
    fn new(_planned: u64, _name: &str) -> Bar {
        Bar
    }
    fn inc(&self, _n: u64) {}
    fn finish_and_clear(&self) {}
}
