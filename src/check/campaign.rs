//! Campaigns: the exhaustive lattice (by support size, then denominator)
//! and random rational instances from the proptest strategies, with the
//! minimal counterexample, counts and the seed.

use std::io::Write as _;
use std::ops::Range;
use std::path::PathBuf;
use std::time::Instant;

use num_traits::ToPrimitive;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config as PtConfig, RngAlgorithm, TestRng, TestRunner};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::instance::{Instance, Level, Slot, SlotKind};
use super::report::{Counterexample, Counts, Origin, Report, Verdict};
use super::search;
use super::shard::{
    CandidatePart, Hit, LevelPart, Partial, RandomPart, Replay, SearchPart, Shard, CHUNK,
};
use super::target::{Outcome, Target};
use crate::num::Q;
use crate::strategies::dist_values;
use num_bigint::BigInt;

/// How a campaign runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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

pub(crate) fn search_options(cfg: &Config, finite: bool) -> search::Options {
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
            let v = Visit::new(Level::new(&t.shape, n, d), cfg.level_budget);
            let hit = (0..v.m)
                .into_par_iter()
                .filter_map(|i| {
                    let inst = v.instance(i)?;
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
                        minimal: !v.sampled,
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

/// A lattice level as a campaign visits it: every index, or `m` evenly
/// spaced ones when the level is larger than the level budget.
pub(crate) struct Visit {
    level: Level,
    /// Support size.
    pub n: usize,
    /// Common denominator.
    pub d: u32,
    /// Index tuples at the level.
    pub size: u128,
    /// Visits.
    pub m: u64,
    /// Whether the visits are a sample.
    pub sampled: bool,
}

impl Visit {
    fn new(level: Level, budget: u64) -> Visit {
        let budget = budget.max(1) as u128;
        let (m, sampled) = if level.size <= budget {
            (level.size as u64, false)
        } else {
            (budget as u64, true)
        };
        Visit {
            n: level.n,
            d: level.d,
            size: level.size,
            m,
            sampled,
            level,
        }
    }

    /// The instance of visit `i` (`None`: it belongs to a lower level).
    fn instance(&self, i: u64) -> Option<Instance> {
        let idx = if self.sampled {
            (i as u128) * self.size / self.m as u128
        } else {
            i as u128
        };
        self.level.instance(idx)
    }
}

/// The lattice levels of a campaign, in order (support, then denominator).
pub(crate) fn visits(t: &Target, cfg: &Config) -> Vec<Visit> {
    (1..=cfg.max_support)
        .flat_map(|n| (1..=cfg.max_denom).map(move |d| (n, d)))
        .map(|(n, d)| Visit::new(Level::new(&t.shape, n, d), cfg.level_budget))
        .collect()
}

fn count(c: &mut Counts, o: &Outcome) {
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

/// Decide the visits `range` of a level.
fn run_range(
    t: &Target,
    v: &Visit,
    range: Range<u64>,
    cfg: &Config,
    bar: Option<&Bar>,
) -> LevelPart {
    let outs: Vec<(u64, Outcome)> = range
        .clone()
        .into_par_iter()
        .filter_map(|i| {
            let inst = v.instance(i)?;
            Some((i, decide(t, &inst, cfg)))
        })
        .collect();
    if let Some(b) = bar {
        b.inc(range.end - range.start);
    }
    let mut part = LevelPart {
        support: v.n,
        denominator: v.d,
        size: v.size.to_string(),
        visits: v.m,
        sampled: v.sampled,
        range: [range.start, range.end],
        counts: Counts::default(),
        violation: None,
        undecided: None,
    };
    for (i, o) in &outs {
        count(&mut part.counts, o);
        if let Outcome::Violated { relation, .. } = o {
            if part.violation.is_none() {
                part.violation = Some(Hit {
                    index: *i,
                    relation: *relation,
                    instance: v.instance(*i).map(|x| x.to_string()).unwrap_or_default(),
                });
            }
        }
        if matches!(o, Outcome::Undecided { .. }) && part.undecided.is_none() {
            part.undecided = Some(*i);
        }
    }
    part
}

/// The first counterexample, counts and first undecided instance, in
/// campaign order.
struct Tally {
    counts: Counts,
    first_violation: Option<(Instance, usize, Origin)>,
    first_undecided: Option<Instance>,
    sampled: bool,
}

impl Tally {
    fn new(sampled: bool) -> Tally {
        Tally {
            counts: Counts::default(),
            first_violation: None,
            first_undecided: None,
            sampled,
        }
    }

    /// Take in a whole level (the parts of every shard combined); whether
    /// it has a violation.
    fn level(&mut self, v: &Visit, part: &LevelPart) -> bool {
        self.counts.add(&part.counts);
        if let Some(h) = &part.violation {
            if self.first_violation.is_none() {
                if let Some(inst) = v.instance(h.index) {
                    self.first_violation = Some((
                        inst,
                        h.relation,
                        Origin::Lattice {
                            support: v.n,
                            denominator: v.d,
                            minimal: !self.sampled,
                        },
                    ));
                }
            }
        }
        if let Some(u) = part.undecided {
            if self.first_undecided.is_none() {
                self.first_undecided = v.instance(u);
            }
        }
        self.sampled |= v.sampled;
        part.violation.is_some()
    }
}

/// Run a whole level into `tally`; whether it has a violation.
fn run_level(t: &Target, v: &Visit, cfg: &Config, tally: &mut Tally) -> bool {
    let part = run_range(t, v, 0..v.m, cfg, None);
    tally.level(v, &part)
}

/// The shards' parts of one level as one part.
fn combine_level(parts: &[&LevelPart]) -> LevelPart {
    let mut out = parts[0].clone();
    for p in &parts[1..] {
        out.counts.add(&p.counts);
        if let Some(h) = &p.violation {
            if out.violation.as_ref().is_none_or(|o| h.index < o.index) {
                out.violation = Some(h.clone());
            }
        }
        if let Some(u) = p.undecided {
            if out.undecided.is_none_or(|o| u < o) {
                out.undecided = Some(u);
            }
        }
    }
    out
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

/// The random cases of `shard`: whole chunks of [`CHUNK`], stopping after
/// the chunk of the first violation (with `stop_at_first`).
fn run_random(
    t: &Target,
    cfg: &Config,
    shard: Shard,
    prior_violation: bool,
    bar: Option<&Bar>,
) -> RandomPart {
    let cases = cfg.cases as u64;
    let chunks = shard.slice(cases.div_ceil(CHUNK));
    let (a, b) = (
        (chunks.start * CHUNK).min(cases),
        (chunks.end * CHUNK).min(cases),
    );
    let mut part = RandomPart {
        range: [a, b],
        done: a,
        counts: Counts::default(),
        violation: None,
        undecided: None,
    };
    let mut done = a;
    while done < b {
        let m = CHUNK.min(b - done);
        let outs: Vec<(u64, Outcome)> = (done..done + m)
            .into_par_iter()
            .map(|i| {
                let inst = random_instance(&t.shape, cfg, i);
                (i, decide(t, &inst, cfg))
            })
            .collect();
        if let Some(b) = bar {
            b.inc(m);
        }
        let mut stop = false;
        for (i, o) in &outs {
            count(&mut part.counts, o);
            if let Outcome::Violated { relation, .. } = o {
                if part.violation.is_none() {
                    if !prior_violation {
                        persist(cfg, &t.name, cfg.seed, *i);
                    }
                    part.violation = Some(Hit {
                        index: *i,
                        relation: *relation,
                        instance: random_instance(&t.shape, cfg, *i).to_string(),
                    });
                }
                stop = cfg.stop_at_first;
            }
            if matches!(o, Outcome::Undecided { .. }) && part.undecided.is_none() {
                part.undecided = Some(*i);
            }
        }
        done += m;
        if stop {
            break;
        }
    }
    part.done = done;
    part
}

/// Run the slice `shard` of the campaign: the lattice, the margin search
/// (with `resolve`, which needs every start, also its exact decisions)
/// and the random cases, each stopping where a single run stops as far as
/// this slice can tell.
pub(crate) fn run_part(t: &Target, cfg: &Config, shard: Shard, resolve: bool) -> Partial {
    let resolve = resolve && shard.count == 1;
    let visits = visits(t, cfg);
    let planned: u64 = visits
        .iter()
        .map(|v| shard.slice(v.m).end - shard.slice(v.m).start)
        .sum::<u64>()
        + cfg.cases as u64 / shard.count as u64;
    let bar = (cfg.progress && planned > 20_000).then(|| Bar::new(planned, &t.name));
    // 1. replay persisted failing cases
    let mut replay = None;
    for (seed, case) in read_regressions(cfg, &t.name) {
        let c = Config {
            seed,
            ..cfg.clone()
        };
        let inst = random_instance(&t.shape, &c, case);
        if let Outcome::Violated { relation, .. } = decide(t, &inst, cfg) {
            replay = Some(Replay {
                seed,
                case,
                relation,
            });
            break;
        }
    }
    // 2. the lattice, level by level
    let mut lattice = Vec::new();
    for v in &visits {
        let part = run_range(t, v, shard.slice(v.m), cfg, bar.as_ref());
        let hit = part.violation.is_some();
        lattice.push(part);
        if hit && cfg.stop_at_first {
            break;
        }
    }
    let lattice_hit = lattice.iter().any(|l| l.violation.is_some());
    // 3. the margin search (before the random cases: it is cheap)
    let mut search_parts = None;
    let mut resolved = None;
    if !lattice_hit && replay.is_none() && cfg.search_starts > 0 {
        let o = search_options(cfg, false);
        let starts = shard.slice(cfg.search_starts as u64);
        let starts = starts.start as usize..starts.end as usize;
        let mut parts = Vec::new();
        let mut stats = search::Stats::default();
        let mut found = None;
        for n in search::supports(t, &o) {
            let (cands, evaluations) = search::candidates(t, &o, n, starts.clone());
            let best = search::best(cands);
            if resolve {
                stats.starts += o.starts as u64;
                stats.evaluations += evaluations;
                found = search::verify_best(t, &o, n, best.clone(), &mut stats);
            }
            parts.push(SearchPart {
                support: n,
                starts: [starts.start, starts.end],
                evaluations,
                best: best.iter().map(CandidatePart::of).collect(),
            });
            if found.is_some() {
                break;
            }
        }
        search_parts = Some(parts);
        if resolve {
            resolved = Some((found, stats));
        }
    }
    // 4. random cases
    let prior = replay.is_some() || resolved.as_ref().is_some_and(|r| r.0.is_some());
    let random = (!lattice_hit && (!prior || !cfg.stop_at_first))
        .then(|| run_random(t, cfg, shard, prior, bar.as_ref()));
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Partial {
        lattice,
        replay,
        search: search_parts,
        random,
        resolved,
    }
}

/// Run a campaign on `t`.
pub fn run(t: &Target, cfg: &Config) -> Report {
    let start = Instant::now();
    let part = run_part(t, cfg, Shard::WHOLE, true);
    finish(t, cfg, std::slice::from_ref(&part), start, 0.0)
}

/// The report of a campaign from the parts of all its shards (in shard
/// order): the first counterexample and the counts in campaign order, the
/// margin search decided, a random or searched counterexample shrunk
/// through the lattice, a finite counterexample. `seconds` is
/// `before` plus the time since `start`.
pub(crate) fn finish(
    t: &Target,
    cfg: &Config,
    parts: &[Partial],
    start: Instant,
    before: f64,
) -> Report {
    let mut tally = Tally::new(false);
    let visits = visits(t, cfg);
    // 2. the lattice, level by level
    let mut searched = std::collections::HashSet::new();
    for (k, v) in visits.iter().enumerate() {
        let recs: Vec<&LevelPart> = parts.iter().filter_map(|p| p.lattice.get(k)).collect();
        if recs.is_empty() || recs.len() < parts.len() {
            break;
        }
        searched.insert((v.n, v.d));
        if tally.level(v, &combine_level(&recs)) && cfg.stop_at_first {
            break;
        }
    }
    // 1. a replayed failing case
    let mut random_violation: Option<(Instance, usize, Origin)> =
        parts.first().and_then(|p| p.replay).map(|r| {
            let c = Config {
                seed: r.seed,
                ..cfg.clone()
            };
            (
                random_instance(&t.shape, &c, r.case),
                r.relation,
                Origin::Random {
                    seed: r.seed,
                    case: r.case,
                },
            )
        });
    // 3. the margin search
    let mut search_stats = search::Stats::default();
    if tally.first_violation.is_none() && random_violation.is_none() && cfg.search_starts > 0 {
        let (found, st) = match parts.first().and_then(|p| p.resolved.clone()) {
            Some(r) => r,
            None => {
                let o = search_options(cfg, false);
                let mut st = search::Stats::default();
                let mut found = None;
                for n in search::supports(t, &o) {
                    let mut cands = Vec::new();
                    for p in parts {
                        for s in p.search.iter().flatten().filter(|s| s.support == n) {
                            st.evaluations += s.evaluations;
                            cands.extend(s.best.iter().map(CandidatePart::candidate));
                        }
                    }
                    st.starts += o.starts as u64;
                    found = search::verify_best(t, &o, n, cands, &mut st);
                    if found.is_some() {
                        break;
                    }
                }
                (found, st)
            }
        };
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
    // 4. random cases: the shards in order, up to the first violation
    if tally.first_violation.is_none() && (random_violation.is_none() || !cfg.stop_at_first) {
        for r in parts.iter().filter_map(|p| p.random.as_ref()) {
            tally.counts.add(&r.counts);
            if let Some(u) = r.undecided {
                if tally.first_undecided.is_none() {
                    tally.first_undecided = Some(random_instance(&t.shape, cfg, u));
                }
            }
            if let Some(h) = &r.violation {
                if random_violation.is_none() {
                    random_violation = Some((
                        random_instance(&t.shape, cfg, h.index),
                        h.relation,
                        Origin::Random {
                            seed: cfg.seed,
                            case: h.index,
                        },
                    ));
                }
                if cfg.stop_at_first {
                    break;
                }
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
                    let v = Visit::new(Level::new(&t.shape, n, d), cfg.level_budget);
                    let mut sub = Tally::new(tally.sampled);
                    if run_level(t, &v, cfg, &mut sub) {
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
                        let v = Visit::new(level, cfg.level_budget);
                        let mut sub = Tally::new(tally.sampled || skipped);
                        if run_level(t, &v, cfg, &mut sub) {
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
        seconds: before + start.elapsed().as_secs_f64(),
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
