//! infocert: information measures on finite distributions, exact or certified.
#![deny(missing_docs)]
pub mod claims;
