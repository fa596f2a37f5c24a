//! # infocert
//!
//! Information measures on finite distributions — entropy, cross-entropy,
//! Kullback–Leibler, Jensen–Shannon, mutual information, total variation,
//! Hellinger, χ², Rényi — **exactly or with certified error bounds**; a
//! checker of the identities and inequalities between them; certified
//! conformance vectors and a test oracle for other libraries.
//!
//! ## The guarantee
//! infocert never returns a digit it has not certified, and never says
//! "holds" unless it decided it: a value is an exact closed form, a
//! certified enclosure, or an honest "unable" ([`Error::Unable`], a `?`
//! digit); a claim is *violated* (with a minimal counterexample), *held on N
//! cases — evidence, not proof*, or *undecided*.
//!
//! ## The pipeline
//! ```text
//! text / JSON / .npy / Rust values ─ Inputs (validated, by arity)
//!   ├─ exact engine: closed forms Σ c·ln a (exact equality) + fixed-point balls
//!   │     └─ one refinement driver (digits, nearest double, sign) ─ certify()
//!   ├─ float engine: f64 value + rigorous bound, correctly rounded tiers ─ float()
//!   └─ measures written once over both engines (Measure)
//!         ├─ check: claims, catalogue, campaigns, minimal counterexamples
//!         └─ conformance: vectors, grading, the oracle for `cargo test`
//! ```
//!
//! ## Examples
//! A certified KL with its closed form:
//! ```
//! use infocert::prelude::*;
//! let pq = Inputs::pair("0.1,0.9", "0.01,0.99", Semantics::AsGiven)?;
//! let kl = certify(Measure::Kl, &pq, Target::Digits(20))?;
//! assert_eq!(kl.closed_form.as_deref(), Some("ln 10 − (9/10)·ln 11"));
//! assert_eq!(kl.decimal, "0.14447934747551219436");
//! # Ok::<(), infocert::Error>(())
//! ```
//! A float KL with its rigorous bound (the exact value is in `value ± err`):
//! ```
//! use infocert::prelude::*;
//! let (p, q) = (vec![0.1, 0.9], vec![0.01, 0.99]);
//! let v = float(Measure::Kl, FloatInputs::Two(&p, &q), None)?;
//! assert!(v.err < 1e-16);
//! # Ok::<(), infocert::Error>(())
//! ```
//! A false claim refuted, with its minimal counterexample:
//! ```
//! use infocert::prelude::*;
//! let r = check_claim("KL(P||Q) = KL(Q||P)", &Config::fast()).unwrap();
//! assert!(matches!(r.verdict, Verdict::Violated));
//! assert_eq!(r.counterexample().instance.to_string(), "P = [0, 1]\nQ = [1/2, 1/2]");
//! ```
//! A one-line conformance oracle in another crate's tests:
//! ```
//! fn my_kl(p: &[f64], q: &[f64]) -> f64 {
//!     p.iter().zip(q).filter(|(x, _)| **x > 0.0).map(|(x, y)| x * (x / y).ln()).sum()
//! }
//! // the naive formula loses every digit on near-identical inputs: the oracle says so
//! let r = std::panic::catch_unwind(|| infocert::oracle::kl().max_ulps(4).check(my_kl));
//! assert!(r.is_err());
//! ```
//!
//! The modules behind the façade are public but hidden from the docs
//! (`#[doc(hidden)]`, not covered by semver): the integration tests and the
//! Python bindings still reach a few internals through them.
#![deny(missing_docs)]

mod api;

#[doc(hidden)]
pub mod certify;
#[doc(hidden)]
pub mod check;
#[doc(hidden)]
pub mod claims;
#[doc(hidden)]
pub mod conformance;
#[doc(hidden)]
pub mod dist;
#[doc(hidden)]
pub mod error;
#[doc(hidden)]
pub mod eval;
#[doc(hidden)]
pub mod exact;
#[doc(hidden)]
pub mod float;
#[doc(hidden)]
pub mod measures;
#[doc(hidden)]
pub mod num;
#[doc(hidden)]
pub mod prove;
#[doc(hidden)]
pub mod report;
pub mod strategies;

pub use api::{
    certify, certify_in, certify_renyi, float, float_correctly_rounded, Exact, FloatInputs, Inputs,
    Target,
};
pub use check::{check_claim, Config, Report, Verdict};
pub use dist::Semantics;
pub use error::{Error, Result};
pub use exact::Base;
pub use float::FloatValue;
pub use measures::{Alpha, Measure};
/// Exact rationals (`num_rational::BigRational`), the exact engine's inputs.
pub use num::Q;

/// The identity catalogue as values, callable from `cargo test`
/// (`infocert claims` lists the ids).
///
/// ```
/// use infocert::catalogue::{find, Config};
/// let gibbs = find("gibbs").unwrap();
/// gibbs.check(Config { cases: 10, max_denom: 3, ..Config::default() }).assert_holds();
/// ```
pub mod catalogue {
    pub use crate::check::catalogue::{all, find, Item, CATALOGUE};
    pub use crate::check::{Config, Report, Truth};
    // every item is also a constant (`GIBBS`, `PINSKER`, …); `find` is the documented way
    #[doc(hidden)]
    pub use crate::check::catalogue::*;
}

/// Conformance: certified reference vectors and a one-line oracle for
/// another implementation's tests (`infocert::oracle::kl().max_ulps(4).check(f)`).
pub mod oracle {
    pub use crate::conformance::{
        chi2, cond_entropy, cross_entropy, entropy, gkl, hellinger, joint_entropy, js_distance,
        jsd, kl, mi, renyi, tv, vectors_jsonl, Oracle, OracleFailure,
    };
}

/// Everything a typical user needs, in one import.
pub mod prelude {
    pub use crate::{
        certify, certify_renyi, check_claim, float, float_correctly_rounded, Alpha, Base, Config,
        Error, Exact, FloatInputs, FloatValue, Inputs, Measure, Semantics, Target, Verdict,
    };
}
