//! infocert: information measures on finite distributions, exact or certified.
#![deny(missing_docs)]

pub mod certify;
pub mod check;
pub mod claims;
pub mod conformance;
pub mod dist;
pub mod error;
pub mod eval;
pub mod exact;
pub mod float;
pub mod measures;
pub mod num;
pub mod strategies;

/// The identity catalogue as values, callable from `cargo test`
/// (re-exported from [`check::catalogue`]).
///
/// ```
/// use infocert::catalogue::{Config, GIBBS};
/// GIBBS.check(Config { cases: 10, max_denom: 3, ..Config::default() }).assert_holds();
/// ```
pub mod catalogue {
    pub use crate::check::catalogue::*;
    pub use crate::check::{Config, Report, Truth};
}

pub use error::{Error, Result};
