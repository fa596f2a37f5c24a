//! infocert: information measures on finite distributions, exact or certified.
#![deny(missing_docs)]

pub mod certify;
pub mod claims;
pub mod conformance;
pub mod dist;
pub mod error;
pub mod eval;
pub mod exact;
pub mod float;
pub mod measures;
pub mod num;

pub use error::{Error, Result};
