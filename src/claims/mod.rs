//! The claims language: statements such as `KL(P||Q) >= 0` or
//! `0 <= JSD(P,Q) <= ln(2)` about information measures of the distributions
//! `P`, `Q`, `R`, the mixture `M = (P+Q)/2` and the random variables `X`, `Y`
//! of a joint distribution.
//!
//! This module parses claims into an [`ast::Claim`]; evaluation lives
//! elsewhere. See [`parse`] for the grammar.
//!
//! ```
//! use infocert::claims::{parse_claim, Dist, Rel};
//!
//! let claim = parse_claim("0 <= JSD(P,Q) <= ln(2)").unwrap();
//! assert_eq!(claim.relations().len(), 2);
//! assert_eq!(claim.relations()[0].1, Rel::Le);
//! assert_eq!(claim.distributions_used().into_iter().collect::<Vec<_>>(), [Dist::P, Dist::Q]);
//! assert_eq!(claim.to_string(), "0 ≤ JSD(P,Q) ≤ ln(2)");
//!
//! let err = parse_claim("KL(P||) >= 0").unwrap_err();
//! assert_eq!(err.column, 7);
//! assert_eq!(err.caret(), "KL(P||) >= 0\n      ^");
//! ```

pub mod ast;
pub mod parse;

pub use ast::{Alpha, BinOp, Claim, Dist, Expr, Func, Measure, Number, Rel, Var};
pub use parse::{parse_claim, parse_expr, ParseError, MAX_DEPTH, MAX_TERMS, SUM_GROUP};

#[cfg(test)]
mod tests;
