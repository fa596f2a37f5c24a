//! Conformance: certified test vectors out, other libraries' results in,
//! and a one-line oracle for `cargo test`.
//!
//! * [`vectors`] builds the suite (schema: [`Case::to_json_line`], see
//!   `docs/conformance.md`) from one [`GENERATORS`] table, deterministic
//!   for a seed. Every expected value is the correctly rounded double of
//!   the exact value on the double inputs, with [`DIGITS`] certified digits.
//! * [`conform`] grades a results file against the vectors: NaN, sign,
//!   infinities, then ulp distance ([`compare`]).
//! * [`kl`], [`entropy`], [`jsd`], … build an [`Oracle`] for a Rust crate:
//!
//! ```
//! # fn my_kl(p: &[f64], q: &[f64]) -> f64 {
//! #     infocert::conformance::reference_value("kl", p, Some(q))
//! # }
//! infocert::conformance::kl().max_ulps(4).tag("textbook").check(|p, q| my_kl(p, q));
//! ```
//!
//! A failing `check` panics with the worst and the smallest failing case:
//! inputs as decimals and bits, the expected value (double and certified
//! digits), the actual value and the ulp distance.

mod case;
mod fmt;
mod generate;
mod grade;
mod oracle;
mod peers;
mod ulps;

pub use case::{parse_vectors, Case, CaseSemantics, Expected, Input, Recipe, SCHEMA_VERSION};
pub use fmt::{exact_f64, hex_f64, parse_f64_text, shortest_f64};
pub use generate::{
    evaluate, specs, vectors, Generator, Spec, SplitMix64, CLOSED_FORM_MAX_CHARS, DEFAULT_SEED,
    DIGITS, GENERATORS,
};
pub use grade::{
    conform, conform_files, parse_results, CaseReport, Filter, MeasureSummary, Options, Report,
    Verdict,
};
pub use oracle::{
    chi2, cond_entropy, cross_entropy, entropy, gkl, hellinger, joint_entropy, js_distance, jsd,
    kl, mi, reference_value, renyi, tv, Failed, JointInput, One, Oracle, OracleFailure,
    OracleSummary, Two,
};
pub use ulps::{compare, ulp_distance, Comparison, Mismatch};

/// The suite as JSONL text (one case per line, trailing newline).
pub fn vectors_jsonl(seed: u64) -> String {
    let mut s = String::new();
    for c in vectors(seed) {
        s.push_str(&c.to_json_line());
        s.push('\n');
    }
    s
}
