//! The `infocert` command line: thin wrapper over the library.

use clap::{Args as ClapArgs, Parser, Subcommand};
use infocert::dist::{matrix_arg, vector_arg, Semantics};
use infocert::eval::{evaluate, Evaluation, Request};
use infocert::exact::Base;
use infocert::measures::{Alpha, Measure};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "infocert",
    version,
    about = "Information measures on finite distributions, exact or with certified error bounds"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Evaluate one measure: exact closed form and certified digits.
    #[command(after_help = measures_help())]
    Eval(EvalArgs),
    /// Write the conformance suite (JSONL, one certified case per line).
    Vectors(VectorsArgs),
    /// Grade another library's results against the vectors (exit 0 pass, 1 violation, 2 bad input).
    Conform(ConformArgs),
    /// Check a claim or catalogue item: exact/certified verdicts, minimal counterexamples.
    #[command(after_help = CHECK_HELP)]
    Check(CheckArgs),
    /// List the identity catalogue with each item's status.
    Claims {
        /// Print one JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Prove or refute a linear information inequality (Shannon-type, exact certificates).
    Prove(infocert::prove::ProveArgs),
}

fn measures_help() -> String {
    let mut s = String::from("Measures (natural log unless --base; 0·ln 0 = 0; p·ln(p/0) = +∞):\n");
    for m in Measure::ALL {
        s.push_str(&format!("  {:<14} {}\n", m.name(), m.formula()));
    }
    s.push_str(
        "\nValues: decimals (0.1 is exactly 1/10), fractions (1/3), 1e-300, hex floats (0x1.8p-3),\n\
         or @FILE (JSON array, text, or .npy: float64, float32, integers). Joints: \"a,b;c,d\" (rows X, columns Y).\n\
         Every printed digit is certified: the enclosure is refined until both ends round alike.",
    );
    s
}

#[derive(ClapArgs, Debug)]
struct EvalArgs {
    /// Measure name (see the list below).
    measure: String,
    /// First distribution P: comma/space-separated values or @FILE.
    #[arg(long, allow_hyphen_values = true)]
    p: Option<String>,
    /// Second distribution Q.
    #[arg(long, allow_hyphen_values = true)]
    q: Option<String>,
    /// Joint distribution of (X, Y): rows separated by ';', or @FILE.
    #[arg(long, allow_hyphen_values = true)]
    joint: Option<String>,
    /// Rényi order α (> 0; 0 and inf are the limits).
    #[arg(long, allow_hyphen_values = true)]
    alpha: Option<String>,
    /// Logarithm base: e, 2 or 10.
    #[arg(long, default_value = "e")]
    base: String,
    /// Significant digits to print (every one certified).
    #[arg(long, default_value_t = 15)]
    digits: u32,
    /// Divide every vector by its sum first (like scipy).
    #[arg(long, conflicts_with = "as_given")]
    normalize: bool,
    /// Evaluate the formulas on any non-negative vectors (no sum check).
    #[arg(long)]
    as_given: bool,
    /// Round every input to the nearest double first (what a float library sees).
    #[arg(long = "f64")]
    round_f64: bool,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    /// Engine: exact (certified digits) or float (f64 with a rigorous bound;
    /// inputs rounded to the nearest double, natural log only).
    #[arg(long, default_value = "exact", value_parser = ["exact", "float"])]
    engine: String,
    /// With --engine float: print the correctly rounded double.
    #[arg(long)]
    correctly_rounded: bool,
}

/// `--engine float`: the f64 engine with its bound.
fn run_eval_float(a: &EvalArgs, measure: Measure) -> infocert::Result<()> {
    use infocert::float::report::{eval_report, FloatRequest};
    if Base::parse(&a.base)? != Base::E {
        return Err(infocert::Error::Invalid(
            "--engine float reports nats only: drop --base".into(),
        ));
    }
    use infocert::dist::{float_matrix_arg, float_vector_arg, FloatMatrix, FloatVec};
    // a .npy of doubles stays doubles: no rational per element
    let p =
        a.p.as_deref()
            .map(|s| float_vector_arg("p", s))
            .transpose()?;
    let q =
        a.q.as_deref()
            .map(|s| float_vector_arg("q", s))
            .transpose()?;
    let joint = a
        .joint
        .as_deref()
        .map(|s| float_matrix_arg("joint", s))
        .transpose()?;
    let alpha = a.alpha.as_deref().map(Alpha::parse).transpose()?;
    if !a.normalize {
        // the same refusal as --f64: no silent +∞ or 0 from rounding to
        // doubles (doubles read as doubles have nothing to round)
        use infocert::dist::round_to_f64;
        for (which, v) in [("p", &p), ("q", &q)] {
            if let Some(FloatVec::Exact(v)) = v {
                round_to_f64(which, v)?;
            }
        }
        if let Some(FloatMatrix::Exact(j)) = &joint {
            let flat: Vec<_> = j.iter().flatten().cloned().collect();
            round_to_f64("joint", &flat)?;
        }
    }
    let r = eval_report(&FloatRequest {
        measure,
        p: p.as_ref(),
        q: q.as_ref(),
        joint: joint.as_ref(),
        alpha: alpha.as_ref(),
        normalize: a.normalize,
        correctly_rounded: a.correctly_rounded,
    })?;
    if a.json {
        println!("{}", serde_json::to_string(&r).expect("serializable"));
    } else {
        let unit = if measure.base_scaling() == infocert::measures::BaseScaling::None {
            ""
        } else {
            " nats"
        };
        if r.correctly_rounded {
            println!("{} = {}{unit} (correctly rounded f64)", r.measure, r.f64);
        } else if r.err_bound == "inf" {
            println!(
                "{}: no float bound (an intermediate overflowed); run without --engine float for certified digits",
                r.measure
            );
        } else {
            println!(
                "{} ≈ {} ± {}{unit} (float engine, rigorous bound)",
                r.measure, r.f64, r.err_bound
            );
        }
    }
    Ok(())
}

fn run_eval(a: &EvalArgs) -> infocert::Result<()> {
    let measure = Measure::parse(&a.measure)?;
    if a.engine == "float" {
        return run_eval_float(a, measure);
    }
    if a.correctly_rounded {
        return Err(infocert::Error::Invalid(
            "--correctly-rounded needs --engine float".into(),
        ));
    }
    let semantics = if a.normalize {
        Semantics::Normalized
    } else if a.as_given {
        Semantics::AsGivenUnchecked
    } else {
        Semantics::AsGiven
    };
    let req = Request {
        measure,
        p: a.p.as_deref().map(|s| vector_arg("p", s)).transpose()?,
        q: a.q.as_deref().map(|s| vector_arg("q", s)).transpose()?,
        joint: a
            .joint
            .as_deref()
            .map(|s| matrix_arg("joint", s))
            .transpose()?,
        alpha: a.alpha.as_deref().map(Alpha::parse).transpose()?,
        base: Base::parse(&a.base)?,
        digits: a.digits,
        semantics,
        round_inputs_to_f64: a.round_f64,
    };
    let ev = evaluate(&req)?;
    for w in &ev.warnings {
        eprintln!("warning: {w}");
    }
    if a.json {
        println!("{}", serde_json::to_string(&ev).expect("serializable"));
    } else {
        print_human(&ev, req.base);
    }
    Ok(())
}

fn print_human(ev: &Evaluation, base: Base) {
    let unit = if ev.base.is_some() { base.unit() } else { "" };
    let name = match &ev.alpha {
        Some(a) => format!("{}[alpha={a}]", ev.measure),
        None => ev.measure.clone(),
    };
    match &ev.closed_form {
        Some(cf) => println!("{name} = {cf}"),
        None => println!(
            "{name}: {}",
            ev.closed_form_note.as_deref().unwrap_or("no closed form")
        ),
    }
    let how = if ev.exact {
        "exact".to_string()
    } else if ev.digits == ev.requested_digits {
        format!("{} significant digits, all certified", ev.digits)
    } else {
        format!(
            "only {} of {} digits certified; the next digit, marked ?, is not",
            ev.digits, ev.requested_digits
        )
    };
    let mark = if ev.digits < ev.requested_digits && ev.digits > 0 {
        "?"
    } else {
        ""
    };
    println!("  ≈ {}{mark} {unit} ({how})", ev.decimal);
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
            let msg = e.to_string();
            let first = msg.lines().next().unwrap_or("invalid arguments").trim();
            let first = first.strip_prefix("error: ").unwrap_or(first);
            eprintln!("error: {first} (see infocert --help)");
            return ExitCode::from(2);
        }
    };
    let res = match &cli.command {
        Command::Eval(a) => run_eval(a),
        Command::Vectors(a) => run_vectors(a),
        Command::Conform(a) => return run_conform(a),
        Command::Check(a) => return run_check(a),
        Command::Prove(a) => return ExitCode::from(infocert::prove::run_cli(a)),
        Command::Claims { json } => {
            return ExitCode::from(infocert::check::cli::claims(*json, &mut std::io::stdout()))
        }
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

#[derive(ClapArgs, Debug)]
struct VectorsArgs {
    /// Output file (default: standard output).
    #[arg(long)]
    out: Option<std::path::PathBuf>,
    /// Seed of the random cases.
    #[arg(long, default_value_t = infocert::conformance::DEFAULT_SEED)]
    seed: u64,
}

fn run_vectors(a: &VectorsArgs) -> infocert::Result<()> {
    let text = infocert::conformance::vectors_jsonl(a.seed);
    match &a.out {
        None => print!("{text}"),
        Some(p) => std::fs::write(p, text).map_err(|e| infocert::Error::File {
            path: p.display().to_string(),
            reason: e.to_string(),
        })?,
    }
    Ok(())
}

#[derive(ClapArgs, Debug)]
struct ConformArgs {
    /// The vectors file (from `infocert vectors`).
    vectors: std::path::PathBuf,
    /// Results: JSONL {"id": .., "value": ..} or CSV id,value.
    results: std::path::PathBuf,
    /// Largest accepted distance in ulps.
    #[arg(long, default_value_t = 0)]
    max_ulps: u64,
    /// Grade only these measures (comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    measure: Vec<String>,
    /// Grade only cases for these semantics: as_given or normalized.
    #[arg(long)]
    semantics: Option<String>,
    /// Grade only these bases: e, 2, 10 (comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    base: Vec<String>,
    /// Grade only cases with one of these tags.
    #[arg(long, value_delimiter = ',')]
    tag: Vec<String>,
    /// Leave out cases with any of these tags (e.g. invalid).
    #[arg(long, value_delimiter = ',')]
    skip_tag: Vec<String>,
    /// A case id expected to fail (repeatable); passing is reported as XPASS.
    #[arg(long)]
    xfail: Vec<String>,
    /// A file of expected-failure ids, one per line (# comments).
    #[arg(long)]
    xfail_file: Option<std::path::PathBuf>,
    /// Print only the cases that do not pass.
    #[arg(long)]
    failures_only: bool,
    /// Print the report as one JSON object.
    #[arg(long)]
    json: bool,
}

fn run_conform(a: &ConformArgs) -> ExitCode {
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
    let report = match setup() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if a.json {
        println!("{}", serde_json::to_string(&report).expect("serializable"));
    } else {
        print!("{}", report.to_text(!a.failures_only));
    }
    if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

const CHECK_HELP: &str =
    "TARGET is `all`, a catalogue id (see `infocert claims`) or a claim such as\n\
\"KL(P||Q) = KL(Q||P)\" over P, Q, R (common support), M = (P+Q)/2 and a joint (X, Y).\n\
Exit codes: 0 held on every decided case, 1 violated (counterexample printed) or, for\n\
`all`, some item not as catalogued, 2 bad input, 3 nothing violated but some undecided.";

#[derive(ClapArgs, Debug)]
struct CheckArgs {
    /// `all`, a catalogue id, or a claim.
    target: String,
    /// Random cases after the lattice [default: 200].
    #[arg(long)]
    cases: Option<usize>,
    /// Seed of the random cases [default: fixed, printed].
    #[arg(long)]
    seed: Option<u64>,
    /// Lattice: largest support size [default: 3].
    #[arg(long)]
    support: Option<usize>,
    /// Lattice: largest common denominator [default: 6].
    #[arg(long)]
    denom: Option<u32>,
    /// Support sizes of random cases, e.g. 4 or 2..8 [default: 2..8].
    #[arg(long)]
    random_support: Option<String>,
    /// The large campaign: 10^6 random cases, lattice denominator <= 12.
    #[arg(long)]
    large: bool,
    /// Persist failing random cases to FILE and replay them first.
    #[arg(long, value_name = "FILE")]
    regressions: Option<std::path::PathBuf>,
    /// Precision cap (bits) of certified sign decisions [default: 2048].
    #[arg(long)]
    max_prec: Option<u32>,
    /// Most instances decided per lattice level; larger levels are sampled [default: 4000].
    #[arg(long)]
    level_budget: Option<u64>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

fn run_check(a: &CheckArgs) -> ExitCode {
    let random_support = match a.random_support.as_deref().map(parse_range) {
        Some(None) => {
            eprintln!("error: --random-support takes N or A..B (inclusive), e.g. 2..8");
            return ExitCode::from(2);
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
    ExitCode::from(code)
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
