//! `infocert vectors` and `infocert conform`: the conformance suite out, another library's results in.

use clap::Args as ClapArgs;
use infocert::exact::Base;
use infocert::measures::Measure;
use std::process::ExitCode;

use super::{CliError, Exit};

#[derive(ClapArgs, Debug)]
pub struct VectorsArgs {
    /// Output file (default: standard output).
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// Seed of the random cases.
    #[arg(long, default_value_t = infocert::conformance::DEFAULT_SEED)]
    pub seed: u64,
}

/// Run `infocert vectors`.
pub fn run_vectors(a: &VectorsArgs) -> Result<ExitCode, CliError> {
    let text = infocert::conformance::vectors_jsonl(a.seed);
    match &a.out {
        None => print!("{text}"),
        Some(p) => std::fs::write(p, text).map_err(|e| infocert::Error::File {
            path: p.display().to_string(),
            reason: e.to_string(),
        })?,
    }
    Ok(Exit::Ok.into())
}

#[derive(ClapArgs, Debug)]
pub struct ConformArgs {
    /// The vectors file (from `infocert vectors`).
    pub vectors: std::path::PathBuf,
    /// Results: JSONL {"id": .., "value": ..} or CSV id,value.
    pub results: std::path::PathBuf,
    /// Largest accepted distance in ulps.
    #[arg(long, default_value_t = 0)]
    pub max_ulps: u64,
    /// Grade only these measures (comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    pub measure: Vec<String>,
    /// Grade only cases for these semantics: as_given or normalized.
    #[arg(long)]
    pub semantics: Option<String>,
    /// Grade only these bases: e, 2, 10 (comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    pub base: Vec<String>,
    /// Grade only cases with one of these tags.
    #[arg(long, value_delimiter = ',')]
    pub tag: Vec<String>,
    /// Leave out cases with any of these tags (e.g. invalid).
    #[arg(long, value_delimiter = ',')]
    pub skip_tag: Vec<String>,
    /// A case id expected to fail (repeatable); passing is reported as XPASS.
    #[arg(long)]
    pub xfail: Vec<String>,
    /// A file of expected-failure ids, one per line (# comments).
    #[arg(long)]
    pub xfail_file: Option<std::path::PathBuf>,
    /// Print only the cases that do not pass.
    #[arg(long)]
    pub failures_only: bool,
    /// Print the report as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Run `infocert conform`.
pub fn run_conform(a: &ConformArgs) -> Result<ExitCode, CliError> {
    use infocert::conformance as c;
    let setup = || -> Result<c::Report, String> {
        let mut xfail: std::collections::HashSet<String> = a.xfail.iter().cloned().collect();
        if let Some(p) = &a.xfail_file {
            let t = std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            xfail.extend(
                t.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_string),
            );
        }
        let filter = c::Filter {
            measures: a
                .measure
                .iter()
                .map(|m| Measure::parse(m))
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string())?,
            semantics: a
                .semantics
                .as_deref()
                .map(|s| match s {
                    "as_given" | "as-given" => Ok(c::CaseSemantics::AsGiven),
                    "normalized" => Ok(c::CaseSemantics::Normalized),
                    other => Err(format!("--semantics {other:?}: use as_given or normalized")),
                })
                .transpose()?,
            bases: a
                .base
                .iter()
                .map(|b| Base::parse(b))
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string())?,
            tags: a.tag.clone(),
            skip_tags: a.skip_tag.clone(),
        };
        let opts = c::Options {
            max_ulps: a.max_ulps,
            xfail,
            filter,
        };
        let report = c::conform_files(&a.vectors, &a.results, &opts)?;
        Ok(report)
    };
    let report = setup().map_err(CliError::Usage)?;
    if a.json {
        println!("{}", serde_json::to_string(&report).expect("serializable"));
    } else {
        print!("{}", report.to_text(!a.failures_only));
    }
    Ok(if report.passed() {
        Exit::Ok
    } else {
        Exit::Violated
    }
    .into())
}
