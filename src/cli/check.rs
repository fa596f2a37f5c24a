//! `infocert check`: claims and catalogue items.

use clap::Args as ClapArgs;
use std::process::ExitCode;

use super::CliError;

pub const CHECK_HELP: &str =
    "TARGET is `all`, a catalogue id (see `infocert claims`) or a claim such as\n\
\"KL(P||Q) = KL(Q||P)\" over P, Q, R (common support), M = (P+Q)/2 and a joint (X, Y).\n\
Exit codes: 0 held on every decided case, 1 violated (counterexample printed) or, for\n\
`all`, some item not as catalogued, 2 bad input, 3 nothing violated but some undecided.";

#[derive(ClapArgs, Debug)]
pub struct CheckArgs {
    /// `all`, a catalogue id, or a claim.
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
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
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
