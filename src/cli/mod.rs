//! The command line, one module per subcommand; the exit-code policy and the
//! one-line error rendering live here and nowhere else.

use std::process::ExitCode;

pub mod check;
pub mod conform;
pub mod eval;

/// The exit codes of every subcommand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success: a value printed, a claim held or proved, a grade passed.
    Ok = 0,
    /// A claim violated, a conformance case failed, a catalogue item not as catalogued.
    Violated = 1,
    /// Bad input: one line on standard error says what and where.
    BadInput = 2,
    /// Nothing violated, but something could not be decided.
    Undecided = 3,
    /// `check`: no counterexample found in N cases — evidence, not proof
    /// (computed by `infocert::check::cli`, listed here for the table).
    Evidence = 4,
    /// `merge`: the manifests do not make one whole campaign (a shard
    /// missing or given twice, different campaigns) — no verdict
    /// (`infocert::check::cli::EXIT_INCOMPLETE`, listed here for the table).
    Incomplete = 6,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// An error that ends a subcommand: printed as one line, exit 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A library error (it names the input, position and value).
    #[error(transparent)]
    Lib(#[from] infocert::Error),
    /// A usage problem found by the command line itself (names the flag).
    #[error("{0}")]
    Usage(String),
}

/// Print an error as one line and return the bad-input exit code. Library
/// errors name the problem; this adds the flag that fixes it.
pub fn fail(e: &CliError) -> ExitCode {
    use infocert::Error as E;
    let line = match e {
        CliError::Lib(E::NotNormalized { .. }) => {
            format!("{e}: pass --normalize (like scipy) or --as-given")
        }
        CliError::Lib(E::MissingArgument { measure, what }) => {
            let flag = [
                ("alpha", "--alpha"),
                ("joint", "--joint"),
                (" q", "--q"),
                (" p", "--p"),
            ]
            .iter()
            .find(|(k, _)| what.contains(k))
            .map_or(what.as_str(), |(_, f)| f);
            format!("{measure} needs {flag}")
        }
        _ => e.to_string(),
    };
    eprintln!("error: {line}");
    Exit::BadInput.into()
}
