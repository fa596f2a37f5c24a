//! The `infocert` command line: thin wrapper over the library.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod cli;

use cli::check::{CheckArgs, MergeArgs, CHECK_HELP, MERGE_HELP};
use cli::conform::{ConformArgs, VectorsArgs};
use cli::eval::{measures_help, EvalArgs};

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
    /// Merge the manifests of a sharded campaign (`check --shard K/N`) into its verdict.
    #[command(after_help = MERGE_HELP)]
    Merge(MergeArgs),
    /// List the identity catalogue with each item's status.
    Claims {
        /// Print one JSON array.
        #[arg(long)]
        json: bool,
        /// Print the grammar of the claims language, with an example per form.
        #[arg(long, conflicts_with = "json")]
        syntax: bool,
    },
    /// Write the worked-example report: index.html, pages, Markdown twins, SVG plots, data.json.
    Report {
        /// Output directory.
        #[arg(long, default_value = "reports")]
        out: std::path::PathBuf,
    },
    /// Print one worked example in the terminal (`--list` for the names).
    Example {
        /// Example name.
        #[arg(required_unless_present = "list")]
        name: Option<String>,
        /// List the examples.
        #[arg(long)]
        list: bool,
    },
    /// Prove or refute: Shannon-type inequalities (exact LP certificates), identities (normal form), proof files.
    Prove(infocert::prove::ProveArgs),
}

fn main() -> ExitCode {
    // A closed pipe (`infocert prove proofs/ | head`) ends the process
    // quietly, as for any Unix filter, instead of a "failed printing to
    // stdout" panic: Rust ignores SIGPIPE by default.
    #[cfg(unix)]
    // SAFETY: restoring a signal's default disposition at the start of
    // `main`, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
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
            let mut lines = msg.lines().map(str::trim).filter(|l| !l.is_empty());
            let first = lines.next().unwrap_or("invalid arguments");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            // "the following required arguments were not provided:" names them on the next line
            let first = match (first.ends_with(':'), lines.next()) {
                (true, Some(next)) => format!("{first} {next}"),
                _ => first.to_string(),
            };
            eprintln!("error: {first} (see infocert --help)");
            return cli::Exit::BadInput.into();
        }
    };
    let res = match &cli.command {
        Command::Eval(a) => cli::eval::run(a),
        Command::Vectors(a) => cli::conform::run_vectors(a),
        Command::Conform(a) => cli::conform::run_conform(a),
        Command::Check(a) => cli::check::run_check(a),
        Command::Merge(a) => cli::check::run_merge(a),
        Command::Claims { syntax: true, .. } => {
            print!("{}", infocert::claims::SYNTAX);
            Ok(ExitCode::SUCCESS)
        }
        Command::Claims { json, .. } => Ok(ExitCode::from(infocert::check::cli::claims(
            *json,
            &mut std::io::stdout(),
        ))),
        Command::Report { out } => Ok(infocert::report::cli_report(out)),
        Command::Prove(a) => Ok(ExitCode::from(infocert::prove::run_cli(a))),
        Command::Example { name, list } => {
            Ok(infocert::report::cli_example(name.as_deref(), *list))
        }
    };
    res.unwrap_or_else(|e| cli::fail(&e))
}
