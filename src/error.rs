//! Typed errors for every entry point.

use thiserror::Error;

/// Everything that can go wrong when reading inputs or evaluating a measure.
///
/// Every variant names the offending input (`which`, e.g. `"p"`), the position
/// and the value, so a user can fix it without guessing.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// A vector or matrix with no entries.
    /// A malformed command-line argument.
    #[error("{0}")]
    Usage(String),
    #[error("{which} is empty: give at least one value")]
    Empty {
        /// Which input (`"p"`, `"q"`, `"joint"`).
        which: String,
    },
    /// A token that is not a number in any accepted syntax.
    #[error("{which}[{index}] = {token:?} is not a number (use a decimal like 0.1, a fraction like 1/3, 1e-5, or a hex float like 0x1.8p-3)")]
    Parse {
        /// Which input.
        which: String,
        /// 0-based position.
        index: usize,
        /// The text that failed to parse.
        token: String,
    },
    /// NaN or an infinity among the inputs.
    #[error("{which}[{index}] = {token} is not finite: probabilities must be finite numbers")]
    NotFinite {
        /// Which input.
        which: String,
        /// 0-based position.
        index: usize,
        /// The text given.
        token: String,
    },
    /// A fraction with denominator zero.
    #[error("{which}[{index}] = {token}: zero denominator")]
    ZeroDenominator {
        /// Which input.
        which: String,
        /// 0-based position.
        index: usize,
        /// The text given.
        token: String,
    },
    /// A literal beyond the input limits (see [`crate::num::MAX_DIGITS`],
    /// [`crate::num::MAX_DECIMAL_EXPONENT`], [`crate::num::MAX_BINARY_EXPONENT`]).
    #[error("{which}[{index}] = {token} is too large: {limit}")]
    TooLarge {
        /// Which input.
        which: String,
        /// 0-based position.
        index: usize,
        /// The text given (shortened when long).
        token: String,
        /// The limit that was exceeded.
        limit: String,
    },
    /// Under `--f64`, an entry that no double can hold: beyond the largest
    /// double, or nonzero but rounding to 0.
    #[error("{which}[{index}] = {token} {problem}")]
    OutsideF64 {
        /// Which input.
        which: String,
        /// 0-based position (row-major for a joint).
        index: usize,
        /// The value (17 significant digits).
        token: String,
        /// What goes wrong.
        problem: String,
    },
    /// A negative entry.
    #[error("{which}[{index}] = {value} is negative: probabilities must be >= 0")]
    Negative {
        /// Which input.
        which: String,
        /// 0-based position.
        index: usize,
        /// The value, as given.
        value: String,
    },
    /// Two inputs that must share a support have different lengths.
    #[error("length mismatch: {a} has {len_a} entries but {b} has {len_b}")]
    LengthMismatch {
        /// First input.
        a: String,
        /// Its length.
        len_a: usize,
        /// Second input.
        b: String,
        /// Its length.
        len_b: usize,
    },
    /// Every entry is zero.
    #[error("{which} sums to zero: nothing to normalize or evaluate")]
    ZeroSum {
        /// Which input.
        which: String,
    },
    /// A distribution that should sum to 1 is off by more than the rounding of its inputs.
    #[error("{which} sums to {sum}, not 1: normalize it (divide by the sum first) or evaluate the formula on the values as they are")]
    NotNormalized {
        /// Which input.
        which: String,
        /// The exact sum, as a decimal (rounded to 17 digits for display).
        sum: String,
    },
    /// Rows of a joint matrix with different lengths.
    #[error("joint row {row} has {len} entries but row 0 has {expected}")]
    RaggedJoint {
        /// 0-based row.
        row: usize,
        /// Its length.
        len: usize,
        /// Length of row 0.
        expected: usize,
    },
    /// The refinement cap was reached before the answer was certified (a
    /// status, not a wrong input: the value may sit exactly on a rounding
    /// boundary or at zero).
    #[error("{what} could not be certified within {prec} bits of precision")]
    Unable {
        /// What was asked for.
        what: String,
        /// The precision cap reached (bits).
        prec: u32,
    },
    /// A Rényi order that is not allowed.
    #[error("alpha = {alpha} is not allowed: the Rényi order must be > 0 (or 0 and inf as limits), and 1 means KL")]
    BadAlpha {
        /// The value given.
        alpha: String,
    },
    /// An argument the measure needs is missing.
    #[error("{measure} needs {what}")]
    MissingArgument {
        /// The measure.
        measure: String,
        /// What to pass (e.g. `"--q"`).
        what: String,
    },
    /// Unknown measure name.
    #[error("unknown measure {name:?}; known: {known}")]
    UnknownMeasure {
        /// What was given.
        name: String,
        /// The list of known names.
        known: String,
    },
    /// Unknown logarithm base.
    #[error("base {base:?} is not supported: use e, 2 or 10")]
    BadBase {
        /// What was given.
        base: String,
    },
    /// A file that cannot be read or decoded.
    #[error("cannot read {path}: {reason}")]
    File {
        /// The path.
        path: String,
        /// Why.
        reason: String,
    },
    /// A request the engine cannot honour (e.g. zero digits).
    #[error("invalid request: {0}")]
    Invalid(String),
}

/// Shorthand for results in this crate.
pub type Result<T> = std::result::Result<T, Error>;
