//! `infocert check`: claims and catalogue items.

use clap::Args as ClapArgs;
use std::process::ExitCode;

use super::CliError;

pub const CHECK_HELP: &str =
    "TARGET is `all`, a catalogue id (see `infocert claims`) or a statement such as\n\
\"KL(P||Q) = KL(Q||P)\" or \"KL(P*K||Q*K) <= KL(P||Q)\" (the language: `infocert claims --syntax`).\n\
A claim may start with `-`. With --p/--q/--r/--joint the claim is decided at exactly those\n\
inputs (exit 0 holds there, 1 violated, 2 bad input or undefined there, 3 undecided).\n\
Otherwise, exit codes: 0 proved (a claim without variables) or, for `all`,\n\
every item as catalogued; 1 violated (counterexample printed) or, for `all`, some item not\n\
as catalogued; 2 bad input; 3 nothing violated but some cases undecided; 4 no counterexample\n\
found in N cases (evidence, not proof).\n\
With --shard K/N only slice K of N of the campaign runs and writes a manifest (--manifest FILE,\n\
or stdout with --json); exit 0 when it is written. `infocert merge` combines the manifests\n\
(docs/scale.md).";

pub const MERGE_HELP: &str =
    "Prints exactly the report a single unsharded run of the same campaign prints (same\n\
counterexample, same counts) and exits with that run's exit code (see `infocert check --help`).\n\
Exit 6 \"incomplete\" (no verdict) when a shard is missing or given twice or the manifests belong\n\
to different campaigns (target, statement, configuration, shard count, infocert version);\n\
exit 2 (one line naming the file) when a file cannot be read or is not a valid manifest.";

#[derive(ClapArgs, Debug)]
pub struct CheckArgs {
    /// `all`, a catalogue id, or a claim (may start with `-`).
    #[arg(allow_hyphen_values = true)]
    pub target: String,
    /// Random cases after the lattice [default: 200].
    #[arg(long)]
    pub cases: Option<usize>,
    /// Seed of the random cases [default: fixed, printed].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Lattice: largest support size [default: 3].
    #[arg(long)]
    pub support: Option<usize>,
    /// Lattice: largest common denominator [default: 6].
    #[arg(long)]
    pub denom: Option<u32>,
    /// Support sizes of random cases, e.g. 4 or 2..8 [default: 2..8].
    #[arg(long)]
    pub random_support: Option<String>,
    /// The large campaign: 10^6 random cases, lattice denominator <= 12.
    #[arg(long)]
    pub large: bool,
    /// Persist failing random cases to FILE and replay them first.
    #[arg(long, value_name = "FILE")]
    pub regressions: Option<std::path::PathBuf>,
    /// Precision cap (bits) of certified sign decisions [default: 2048].
    #[arg(long)]
    pub max_prec: Option<u32>,
    /// Most instances decided per lattice level; larger levels are sampled [default: 4000].
    #[arg(long)]
    pub level_budget: Option<u64>,
    /// Decide the claim at exactly these inputs: P (as for `eval`: list, fractions, @FILE).
    #[arg(long, allow_hyphen_values = true)]
    pub p: Option<String>,
    /// Q for `--p` mode.
    #[arg(long, allow_hyphen_values = true)]
    pub q: Option<String>,
    /// R for `--p` mode.
    #[arg(long, allow_hyphen_values = true)]
    pub r: Option<String>,
    /// The joint of (X, Y) for `--p` mode: "a,b;c,d" (rows X), square.
    #[arg(long, allow_hyphen_values = true)]
    pub joint: Option<String>,
    /// Any other input or parameter for `--p` mode: NAME=VALUES, e.g. w=1,2,3 or l=1/3 or
    /// K="1,0;1/2,1/2" (repeatable).
    #[arg(long, value_name = "NAME=VALUES", allow_hyphen_values = true)]
    pub param: Vec<String>,
    /// Margin-search starts per support size; 0 turns the search off [default: 48].
    #[arg(long, value_name = "STARTS")]
    pub search: Option<usize>,
    /// Domain: every entry of every distribution positive.
    #[arg(long)]
    pub positive: bool,
    /// Print one JSON object (with --shard: the manifest).
    #[arg(long)]
    pub json: bool,
    /// Run only slice K of N of the campaign (e.g. 2/4) and write its manifest.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<infocert::check::shard::Shard>,
    /// With --shard: write the manifest to FILE.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<std::path::PathBuf>,
    /// Leave the wall time out of the report (runs then compare byte for byte).
    #[arg(long)]
    pub no_time: bool,
}

fn parse_shard(s: &str) -> Result<infocert::check::shard::Shard, String> {
    s.parse()
        .map_err(|e: infocert::check::shard::ShardError| e.to_string())
}

#[derive(ClapArgs, Debug)]
pub struct MergeArgs {
    /// The manifests of every shard (`check TARGET --shard K/N --manifest FILE`).
    #[arg(required = true, value_name = "MANIFEST")]
    pub manifests: Vec<std::path::PathBuf>,
    /// Print one JSON object (as `check --json`).
    #[arg(long)]
    pub json: bool,
    /// Leave the wall time out of the report (as `check --no-time`).
    #[arg(long)]
    pub no_time: bool,
}

/// Run `infocert merge` (exit codes: see `MERGE_HELP`).
pub fn run_merge(a: &MergeArgs) -> Result<ExitCode, CliError> {
    let code = infocert::check::cli::merge(
        &a.manifests,
        a.json,
        a.no_time,
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    Ok(ExitCode::from(code))
}

/// Run `infocert check` (its verdict decides the exit code: see `CHECK_HELP`).
pub fn run_check(a: &CheckArgs) -> Result<ExitCode, CliError> {
    let random_support = match a.random_support.as_deref().map(parse_range) {
        Some(None) => {
            return Err(CliError::Usage(
                "--random-support takes N or A..B (inclusive), e.g. 2..8".into(),
            ))
        }
        other => other.flatten(),
    };
    let opts = infocert::check::cli::CheckOptions {
        target: a.target.clone(),
        cases: a.cases,
        seed: a.seed,
        support: a.support,
        denom: a.denom,
        random_support,
        large: a.large,
        json: a.json,
        regressions: a.regressions.clone(),
        max_prec: a.max_prec,
        level_budget: a.level_budget,
        search: a.search,
        positive: a.positive,
        p: a.p.clone(),
        q: a.q.clone(),
        r: a.r.clone(),
        joint: a.joint.clone(),
        params: a.param.clone(),
        shard: a.shard,
        manifest: a.manifest.clone(),
        no_time: a.no_time,
    };
    let code = infocert::check::cli::run(&opts, &mut std::io::stdout(), &mut std::io::stderr());
    Ok(ExitCode::from(code))
}

fn parse_range(s: &str) -> Option<(usize, usize)> {
    match s.split_once("..") {
        Some((a, b)) => {
            let (a, b) = (a.parse().ok()?, b.trim_start_matches('=').parse().ok()?);
            (1 <= a && a <= b).then_some((a, b))
        }
        None => s.parse().ok().filter(|&n| n >= 1).map(|n| (n, n)),
    }
}
