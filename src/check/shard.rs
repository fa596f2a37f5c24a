//! Sharded campaigns: `infocert check TARGET --shard k/n` runs a
//! deterministic slice of a campaign and writes a [`Manifest`];
//! [`merge`] combines the manifests of all `n` slices into exactly the
//! report a single unsharded run gives, or says why it cannot
//! ([`MergeError::Incomplete`]: a slice missing or given twice, or
//! manifests of different campaigns).
//!
//! # How a campaign is sliced
//!
//! Every part of a campaign is a list of independent, indexed units, and
//! shard `k` of `n` takes the `k`-th of `n` contiguous, near-equal index
//! ranges of each list ([`Shard::slice`]):
//!
//! - **lattice**: at each level `(support, denominator)` the indices the
//!   campaign visits (all of them, or `level_budget` evenly spaced ones);
//!   a shard records per level its counts, its smallest violating index
//!   and its smallest undecided one, and stops after the first level where
//!   it finds a violation (as the single run does: the merged first
//!   violated level is the smallest over the shards, and every shard has
//!   run every level up to it);
//! - **margin search**: the optimizer starts, split by start index at each
//!   support size; a shard records its float evaluations and its 12 best
//!   candidates (margin, then start order). The merge decides the 12 best
//!   of the union exactly, as the single run does — the best of a union is
//!   the best of the union of the bests — so no shard proves anything
//!   here;
//! - **random cases**: the 256-case chunks of the single run, a contiguous
//!   range of chunks per shard; a shard stops after the chunk of its first
//!   violation. The merge takes the shards in order up to the first that
//!   found one, which is the prefix the single run decided.
//!
//! A shard cannot know whether another shard's lattice slice or search
//! starts will refute the claim, so it runs its search and random slices
//! unless its own lattice slice found a violation; the merge discards what
//! the single run would not have reached. The finishing steps (shrinking
//! a random or searched counterexample through the lattice, a finite
//! counterexample, the exact forms of both sides) depend only on the
//! merged first counterexample and run once, in the merge.
//!
//! ```
//! use infocert::check::shard::{merge_manifests, run_shard, Shard};
//! use infocert::check::Config;
//!
//! let cfg = Config { cases: 300, max_denom: 4, ..Config::default() };
//! let parts: Vec<_> = (1..=3)
//!     .map(|k| run_shard("pinsker", &cfg, Shard::new(k, 3).unwrap()).unwrap())
//!     .collect();
//! let merged = merge_manifests(&parts).unwrap();
//! let single = infocert::check::catalogue::find("pinsker").unwrap().check(cfg);
//! assert_eq!(merged.to_text(false), single.to_text(false));
//! ```

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::campaign::{self, Config};
use super::catalogue;
use super::report::{Counts, Report, Truth};
use super::search::{self, Candidate, Found, Stats};
use super::target::Target;
use crate::claims::ParseError;

/// The `format` field of every manifest.
pub const FORMAT: &str = "infocert-shard-manifest";
/// The manifest layout version.
pub const VERSION: u32 = 1;
/// Random cases per chunk: the unit of the random campaign (a single run
/// decides whole chunks and stops after the chunk of its first violation).
pub const CHUNK: u64 = 256;

/// Shard `index` of `count` (1-based), written `k/n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shard {
    /// Which slice, `1..=count`.
    pub index: u32,
    /// How many slices.
    pub count: u32,
}

/// A `--shard` value that is not `k/n` with `1 ≤ k ≤ n`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--shard takes K/N with 1 <= K <= N (e.g. 2/4), not {0:?}")]
pub struct ShardError(pub String);

impl Shard {
    /// The whole campaign as one slice.
    pub const WHOLE: Shard = Shard { index: 1, count: 1 };

    /// Shard `index` of `count`.
    ///
    /// # Errors
    /// Unless `1 ≤ index ≤ count`.
    ///
    /// ```
    /// use infocert::check::shard::Shard;
    /// assert_eq!(Shard::new(2, 4).unwrap().slice(10), 2..5);
    /// assert!(Shard::new(5, 4).is_err());
    /// ```
    pub fn new(index: u32, count: u32) -> Result<Shard, ShardError> {
        if index >= 1 && index <= count {
            Ok(Shard { index, count })
        } else {
            Err(ShardError(format!("{index}/{count}")))
        }
    }

    /// This shard's part of the indices `0..len`: the `index`-th of
    /// `count` contiguous ranges whose lengths differ by at most one.
    pub fn slice(&self, len: u64) -> Range<u64> {
        let at = |k: u32| ((len as u128 * k as u128) / self.count.max(1) as u128) as u64;
        at(self.index - 1)..at(self.index)
    }
}

impl FromStr for Shard {
    type Err = ShardError;
    fn from_str(s: &str) -> Result<Shard, ShardError> {
        let bad = || ShardError(s.to_string());
        let (k, n) = s.trim().split_once('/').ok_or_else(bad)?;
        let k = k.trim().parse().map_err(|_| bad())?;
        let n = n.trim().parse().map_err(|_| bad())?;
        Shard::new(k, n).map_err(|_| bad())
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// A violation or an undecided case at an index, with the instance as
/// text for readers (the merge rebuilds it from the index).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hit {
    /// Index in the lattice level (before sampling: the visit number), or
    /// the random case number.
    pub index: u64,
    /// The violated relation (0 for the first relation of a chain).
    pub relation: usize,
    /// The instance, as printed.
    pub instance: String,
}

/// One lattice level as one shard ran it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelPart {
    /// Support size of the level.
    pub support: usize,
    /// Common denominator of the level.
    pub denominator: u32,
    /// Index tuples at the level (decimal: may exceed 64 bits).
    pub size: String,
    /// Indices a whole campaign visits there (`min(size, level_budget)`).
    pub visits: u64,
    /// Whether the visits are a sample (evenly spaced) of the level.
    pub sampled: bool,
    /// The visits this shard covered, `[start, end)`.
    pub range: [u64; 2],
    /// Outcomes in the range.
    pub counts: Counts,
    /// The first violated visit in the range.
    pub violation: Option<Hit>,
    /// The first undecided visit in the range.
    pub undecided: Option<u64>,
}

/// One margin-search candidate, exactly (f64 bit patterns).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CandidatePart {
    /// The start it came from.
    pub start: usize,
    /// Its position among that start's candidates.
    pub sub: usize,
    /// The float margin (for readers).
    pub margin: f64,
    /// The margin's bit pattern (`f64::to_bits`).
    pub margin_bits: u64,
    /// The softmax logits' bit patterns.
    pub z_bits: Vec<u64>,
}

impl CandidatePart {
    pub(crate) fn of(c: &Candidate) -> CandidatePart {
        CandidatePart {
            start: c.start,
            sub: c.sub,
            margin: c.margin,
            margin_bits: c.margin.to_bits(),
            z_bits: c.z.iter().map(|x| x.to_bits()).collect(),
        }
    }

    pub(crate) fn candidate(&self) -> Candidate {
        Candidate {
            start: self.start,
            sub: self.sub,
            margin: f64::from_bits(self.margin_bits),
            z: self.z_bits.iter().map(|&b| f64::from_bits(b)).collect(),
        }
    }
}

/// The margin search at one support size as one shard ran it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchPart {
    /// Support size.
    pub support: usize,
    /// The starts this shard ran, `[start, end)`.
    pub starts: [usize; 2],
    /// Float evaluations of those starts.
    pub evaluations: u64,
    /// Their best candidates (at most [`search::VERIFIED`]).
    pub best: Vec<CandidatePart>,
}

/// The random cases as one shard ran them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RandomPart {
    /// The cases of this shard, `[start, end)` (whole chunks of [`CHUNK`]).
    pub range: [u64; 2],
    /// End of the cases decided: `range[1]`, or the end of the chunk of
    /// the first violation.
    pub done: u64,
    /// Outcomes of the decided cases.
    pub counts: Counts,
    /// The first violated case.
    pub violation: Option<Hit>,
    /// The first undecided case.
    pub undecided: Option<u64>,
}

/// A persisted failing random case that was replayed and violated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replay {
    /// Its seed.
    pub seed: u64,
    /// Its case number.
    pub case: u64,
    /// The violated relation.
    pub relation: usize,
}

/// What one shard (or a whole single run) found, before the finishing
/// steps.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partial {
    /// Lattice levels in campaign order, up to the first with a violation.
    pub lattice: Vec<LevelPart>,
    /// A replayed regression that violated.
    pub replay: Option<Replay>,
    /// The margin search per support size; `None` when not run.
    pub search: Option<Vec<SearchPart>>,
    /// The random cases; `None` when not run.
    pub random: Option<RandomPart>,
    /// A single run decides its search candidates itself (and skips the
    /// random cases after a searched counterexample, as before sharding).
    #[serde(skip)]
    pub(crate) resolved: Option<(Option<Found>, Stats)>,
}

impl Partial {
    /// Every outcome this part counted.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for l in &self.lattice {
            c.add(&l.counts);
        }
        if let Some(r) = &self.random {
            c.add(&r.counts);
        }
        c
    }
}

/// A shard's manifest: the campaign it belongs to and what it found.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// The infocert version that wrote it.
    pub infocert: String,
    /// The catalogue id or claim text, as given to `check`.
    pub target: String,
    /// The statement checked.
    pub statement: String,
    /// The campaign configuration (every shard of a campaign has the same).
    pub config: Config,
    /// Which slice.
    pub shard: Shard,
    /// This shard's outcomes, all parts together (undecided, violated, …).
    pub counts: Counts,
    /// Wall time of the shard.
    pub seconds: f64,
    /// What the shard found.
    pub campaign: Partial,
}

/// Why manifests could not be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// A manifest that is not a manifest of this campaign layout: one line
    /// naming the file. `infocert merge` exits 2.
    #[error("{file}: {why}")]
    Malformed {
        /// The file (or `manifest N` for in-memory manifests).
        file: String,
        /// What is wrong.
        why: String,
    },
    /// Valid manifests that do not make one whole campaign: a slice
    /// missing or given twice, or manifests of different campaigns. No
    /// verdict. `infocert merge` exits 6.
    #[error("incomplete: {0}")]
    Incomplete(String),
}

/// The campaign target of a catalogue id or claim, and what a catalogue
/// item is catalogued as.
///
/// # Errors
/// The claim's [`ParseError`] when `target` is neither.
pub fn resolve(target: &str) -> Result<(Target, Option<Truth>), ParseError> {
    if let Some(item) = catalogue::find(target) {
        return Ok((item.target(), Some(item.truth)));
    }
    Ok((super::target_of(target)?, None))
}

/// The configuration as a manifest records it (no progress bar).
fn recorded(cfg: &Config) -> Config {
    Config {
        progress: false,
        ..cfg.clone()
    }
}

/// Run shard `shard` of the campaign `cfg` on `target` (a catalogue id or
/// a claim).
///
/// # Errors
/// The claim's [`ParseError`] when `target` is neither.
pub fn run_shard(target: &str, cfg: &Config, shard: Shard) -> Result<Manifest, ParseError> {
    let (t, _) = resolve(target)?;
    let start = std::time::Instant::now();
    let part = campaign::run_part(&t, cfg, shard, false);
    Ok(Manifest {
        format: FORMAT.into(),
        version: VERSION,
        infocert: env!("CARGO_PKG_VERSION").into(),
        target: target.to_string(),
        statement: t.statement.clone(),
        config: recorded(cfg),
        shard,
        counts: part.counts(),
        seconds: start.elapsed().as_secs_f64(),
        campaign: part,
    })
}

/// Read a manifest from JSON text.
///
/// # Errors
/// [`MergeError::Malformed`] naming `file`.
pub fn parse_manifest(file: &str, text: &str) -> Result<Manifest, MergeError> {
    let bad = |why: String| MergeError::Malformed {
        file: file.to_string(),
        why,
    };
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| bad(format!("not JSON ({e})")))?;
    if v.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(bad(format!(
            "not a shard manifest (no \"format\": \"{FORMAT}\"; write one with `infocert check TARGET --shard K/N --manifest FILE`)"
        )));
    }
    if v.get("version").and_then(|f| f.as_u64()) != Some(VERSION as u64) {
        return Err(bad(format!(
            "manifest version {} is not {VERSION} (written by another infocert)",
            v.get("version").map_or("(none)".into(), |x| x.to_string())
        )));
    }
    serde_json::from_value(v).map_err(|e| bad(format!("malformed manifest: {e}")))
}

fn differ(what: &str, a: &str, b: &str, fa: &str, fb: &str) -> MergeError {
    MergeError::Incomplete(format!(
        "{fa} and {fb} are shards of different campaigns ({what}: {a} vs {b})"
    ))
}

/// Merge the manifests of every shard of one campaign (`files[i]` names
/// `manifests[i]` in errors) into the report of the single run.
///
/// # Errors
/// [`MergeError::Incomplete`] when a shard is missing or duplicated or the
/// manifests belong to different campaigns; [`MergeError::Malformed`] for
/// a manifest that is inconsistent with its own campaign.
pub fn merge(manifests: &[Manifest], files: &[String]) -> Result<Report, MergeError> {
    let start = std::time::Instant::now();
    let name = |i: usize| {
        files
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("manifest {}", i + 1))
    };
    let Some(first) = manifests.first() else {
        return Err(MergeError::Incomplete("no manifest given".into()));
    };
    let cfg_json = |m: &Manifest| serde_json::to_value(recorded(&m.config)).unwrap_or_default();
    let c0 = cfg_json(first);
    for (i, m) in manifests.iter().enumerate().skip(1) {
        let (f0, fi) = (name(0), name(i));
        if m.infocert != first.infocert {
            return Err(differ("infocert", &first.infocert, &m.infocert, &f0, &fi));
        }
        if m.target != first.target {
            return Err(differ("target", &first.target, &m.target, &f0, &fi));
        }
        if m.statement != first.statement {
            return Err(differ(
                "statement",
                &first.statement,
                &m.statement,
                &f0,
                &fi,
            ));
        }
        let ci = cfg_json(m);
        if ci != c0 {
            let key = c0
                .as_object()
                .and_then(|o| o.iter().find(|(k, v)| ci.get(k.as_str()) != Some(v)))
                .map_or("config".to_string(), |(k, _)| k.clone());
            let show = |c: &serde_json::Value| c.get(&key).map_or("?".into(), |v| v.to_string());
            return Err(differ(
                &format!("config {key}"),
                &show(&c0),
                &show(&ci),
                &f0,
                &fi,
            ));
        }
        if m.shard.count != first.shard.count {
            return Err(differ(
                "shard count",
                &first.shard.count.to_string(),
                &m.shard.count.to_string(),
                &f0,
                &fi,
            ));
        }
    }
    if first.infocert != env!("CARGO_PKG_VERSION") {
        return Err(MergeError::Malformed {
            file: name(0),
            why: format!(
                "written by infocert {}, this is {}: merge with the build that ran the shards",
                first.infocert,
                env!("CARGO_PKG_VERSION")
            ),
        });
    }
    let count = first.shard.count;
    let mut by_index: Vec<Option<usize>> = vec![None; count as usize];
    for (i, m) in manifests.iter().enumerate() {
        if Shard::new(m.shard.index, m.shard.count).is_err() {
            return Err(MergeError::Malformed {
                file: name(i),
                why: format!("shard {}/{} does not exist", m.shard.index, m.shard.count),
            });
        }
        let slot = &mut by_index[m.shard.index as usize - 1];
        if let Some(j) = *slot {
            return Err(MergeError::Incomplete(format!(
                "shard {} given twice ({} and {})",
                m.shard,
                name(j),
                name(i)
            )));
        }
        *slot = Some(i);
    }
    let missing: Vec<String> = (1..=count)
        .filter(|k| by_index[*k as usize - 1].is_none())
        .map(|k| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(MergeError::Incomplete(format!(
            "{} of {count} shards missing ({}); no verdict",
            missing.len(),
            missing.join(", ")
        )));
    }
    let (t, expected) = resolve(&first.target).map_err(|e| MergeError::Malformed {
        file: name(0),
        why: format!(
            "target is neither a catalogue id nor a claim: {}",
            e.message
        ),
    })?;
    if t.statement != first.statement {
        return Err(MergeError::Malformed {
            file: name(0),
            why: format!(
                "written for the statement {:?}, but this infocert checks {:?} under {:?}",
                first.statement, t.statement, first.target
            ),
        });
    }
    let cfg = recorded(&first.config);
    let order: Vec<usize> = by_index.into_iter().flatten().collect();
    for &i in &order {
        validate(&manifests[i], &t, &cfg)
            .map_err(|why| MergeError::Malformed { file: name(i), why })?;
    }
    let parts: Vec<Partial> = order
        .iter()
        .map(|&i| manifests[i].campaign.clone())
        .collect();
    let before = manifests.iter().map(|m| m.seconds).fold(0.0, f64::max);
    let mut r = campaign::finish(&t, &cfg, &parts, start, before);
    r.expected = expected;
    Ok(r)
}

/// [`merge`] without file names (errors say `manifest N`).
///
/// # Errors
/// As [`merge`].
pub fn merge_manifests(manifests: &[Manifest]) -> Result<Report, MergeError> {
    merge(manifests, &[])
}

/// Whether a shard's manifest is what its shard of this campaign records:
/// the planned levels, ranges and parts, each index inside its range.
fn validate(m: &Manifest, t: &Target, cfg: &Config) -> Result<(), String> {
    let shard = m.shard;
    let p = &m.campaign;
    let visits = campaign::visits(t, cfg);
    if p.lattice.len() > visits.len() {
        return Err(format!(
            "{} lattice levels, the campaign has {}",
            p.lattice.len(),
            visits.len()
        ));
    }
    let within = |what: &str, i: u64, r: [u64; 2]| {
        if r[0] <= i && i < r[1] {
            Ok(())
        } else {
            Err(format!("{what} {i} outside the range {}..{}", r[0], r[1]))
        }
    };
    for (k, (l, v)) in p.lattice.iter().zip(&visits).enumerate() {
        let expect = shard.slice(v.m);
        let here = format!(
            "lattice level {} (support {}, denominator {})",
            k + 1,
            v.n,
            v.d
        );
        if l.support != v.n
            || l.denominator != v.d
            || l.size != v.size.to_string()
            || l.visits != v.m
            || l.sampled != v.sampled
            || l.range != [expect.start, expect.end]
        {
            return Err(format!(
                "{here}: recorded as support {}, denominator {}, size {}, {} visits, range {}..{}; shard {shard} of this campaign covers {}..{} of {} visits",
                l.support, l.denominator, l.size, l.visits, l.range[0], l.range[1],
                expect.start, expect.end, v.m
            ));
        }
        if l.counts.total() > expect.end - expect.start {
            return Err(format!("{here}: the counts exceed the visits"));
        }
        if let Some(h) = &l.violation {
            within(&format!("{here}: violation at"), h.index, l.range)?;
        }
        if let Some(u) = l.undecided {
            within(&format!("{here}: undecided at"), u, l.range)?;
        }
        if (l.violation.is_some() != (l.counts.violated > 0))
            || (l.undecided.is_some() != (l.counts.undecided > 0))
        {
            return Err(format!(
                "{here}: the counts disagree with the recorded cases"
            ));
        }
        if l.violation.is_some() && cfg.stop_at_first && k + 1 < p.lattice.len() {
            return Err(format!(
                "{here}: lattice goes on after a violation (the campaign stops there)"
            ));
        }
    }
    let lattice_hit = p.lattice.iter().any(|l| l.violation.is_some());
    if p.lattice.len() < visits.len() && !(lattice_hit && cfg.stop_at_first) {
        return Err(format!(
            "{} of {} lattice levels, without a violation to stop at",
            p.lattice.len(),
            visits.len()
        ));
    }
    let searched = !lattice_hit && p.replay.is_none() && cfg.search_starts > 0;
    match (&p.search, searched) {
        (None, false) => {}
        (Some(_), false) => {
            return Err("a margin search the campaign does not run here".into());
        }
        (None, true) => return Err("no margin search".into()),
        (Some(s), true) => {
            let o = campaign::search_options(cfg, false);
            let supports: Vec<usize> = search::supports(t, &o).collect();
            let got: Vec<usize> = s.iter().map(|x| x.support).collect();
            if got != supports {
                return Err(format!(
                    "margin search at support sizes {got:?}, the campaign searches {supports:?}"
                ));
            }
            let expect = shard.slice(cfg.search_starts as u64);
            let expect = [expect.start as usize, expect.end as usize];
            for x in s {
                let dim: usize = t.shape.iter().map(|sl| sl.kind.len(x.support)).sum();
                if x.starts != expect {
                    return Err(format!(
                        "margin search at support {}: starts {}..{}, shard {shard} runs {}..{}",
                        x.support, x.starts[0], x.starts[1], expect[0], expect[1]
                    ));
                }
                if x.best.len() > search::VERIFIED {
                    return Err(format!(
                        "margin search at support {}: more than {} candidates",
                        x.support,
                        search::VERIFIED
                    ));
                }
                for c in &x.best {
                    within(
                        &format!("margin search at support {}: start", x.support),
                        c.start as u64,
                        [expect[0] as u64, expect[1] as u64],
                    )?;
                    let mg = f64::from_bits(c.margin_bits);
                    if c.z_bits.len() != dim || mg.is_nan() || mg >= 0.0 {
                        return Err(format!(
                            "margin search at support {}: a candidate of start {} is not a point with a negative margin in {dim} logits",
                            x.support, c.start
                        ));
                    }
                }
            }
        }
    }
    let randomized = !lattice_hit && (p.replay.is_none() || !cfg.stop_at_first);
    match (&p.random, randomized) {
        (None, false) => {}
        (Some(_), false) => return Err("random cases the campaign does not run here".into()),
        (None, true) => return Err("no random cases".into()),
        (Some(r), true) => {
            let chunks = shard.slice((cfg.cases as u64).div_ceil(CHUNK));
            let expect = [
                (chunks.start * CHUNK).min(cfg.cases as u64),
                (chunks.end * CHUNK).min(cfg.cases as u64),
            ];
            if r.range != expect {
                return Err(format!(
                    "random cases {}..{}, shard {shard} runs {}..{}",
                    r.range[0], r.range[1], expect[0], expect[1]
                ));
            }
            let done_ok = match &r.violation {
                Some(h) if cfg.stop_at_first => {
                    r.done == ((h.index / CHUNK + 1) * CHUNK).min(r.range[1])
                }
                _ => r.done == r.range[1],
            };
            if !done_ok || r.counts.total() != r.done - r.range[0] {
                return Err(format!(
                    "random cases: {} decided up to {} in {}..{}; not where this campaign stops",
                    r.counts.total(),
                    r.done,
                    r.range[0],
                    r.range[1]
                ));
            }
            let decided = [r.range[0], r.done];
            if let Some(h) = &r.violation {
                within("random cases: violation at", h.index, decided)?;
            }
            if let Some(u) = r.undecided {
                within("random cases: undecided at", u, decided)?;
            }
            if (r.violation.is_some() != (r.counts.violated > 0))
                || (r.undecided.is_some() != (r.counts.undecided > 0))
            {
                return Err("random cases: the counts disagree with the recorded cases".into());
            }
        }
    }
    if m.counts != p.counts() {
        return Err("the shard's counts are not the sum of its parts".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_partition_every_length() {
        for n in 1..=7u32 {
            for len in [0u64, 1, 2, 5, 255, 256, 1000, 4001] {
                let mut next = 0;
                for k in 1..=n {
                    let r = Shard::new(k, n).unwrap().slice(len);
                    assert_eq!(r.start, next, "{k}/{n} of {len}");
                    assert!(r.end - r.start <= len / n as u64 + 1);
                    next = r.end;
                }
                assert_eq!(next, len);
            }
        }
    }

    #[test]
    fn shard_syntax() {
        assert_eq!("3/4".parse::<Shard>(), Ok(Shard { index: 3, count: 4 }));
        assert_eq!(" 1 / 1 ".parse::<Shard>(), Ok(Shard::WHOLE));
        for bad in ["0/4", "5/4", "4", "a/b", "1/0", "-1/2", "1/2/3", ""] {
            let e = bad.parse::<Shard>().unwrap_err();
            assert!(e.to_string().contains("K/N"), "{bad}: {e}");
        }
    }
}
