//! The claims language: one expression IR for every statement — claims,
//! catalogue items, proofs and report pages.
//!
//! Statements such as `KL(P||Q) >= 0`, `0 <= JSD(P,Q) <= ln(2)`,
//! `I(X;Y) = KL(P_XY || P_X ⊗ P_Y)`,
//! `H(P,Q) < H(P,R) => KL(P||Q) >= KL(P||R)` or
//! `sum_i(a[i]*ln(a[i]/b[i])) >= sum(a)*ln(sum(a)/sum(b)) where a: vector, b: positive`
//! are parsed ([`parse`]) into a [`Statement`], resolved and type-checked
//! ([`scope`]); the checker evaluates them with either engine.
//! `infocert claims --syntax` prints the grammar ([`SYNTAX`]).
//!
//! ```
//! use infocert::claims::{parse_claim, parse_statement, Rel};
//!
//! let claim = parse_claim("0 <= JSD(P,Q) <= ln(2)").unwrap();
//! assert_eq!(claim.relations().len(), 2);
//! assert_eq!(claim.relations()[0].1, Rel::Le);
//! assert_eq!(claim.free_names(), ["P", "Q"]);
//! assert_eq!(claim.to_string(), "0 ≤ JSD(P,Q) ≤ ln(2)");
//!
//! let st = parse_statement("KL(P*K || Q*K) <= KL(P||Q) where K: kernel").unwrap();
//! assert_eq!(st.to_ascii(), "KL(P*K||Q*K) <= KL(P||Q) where K: kernel");
//!
//! let err = parse_claim("KL(P||) >= 0").unwrap_err();
//! assert_eq!(err.column, 7);
//! assert_eq!(err.caret(), "KL(P||) >= 0\n      ^");
//! ```

pub mod ast;
pub mod parse;
pub mod scope;
mod syntax;

pub use ast::{
    Alpha, BinOp, Claim, Decl, Expr, Formula, Func, Kind, Measure, Number, Rel, Statement, Var,
};
pub use parse::{
    parse_claim, parse_expr, parse_expr_where, parse_statement, ParseError, MAX_DEPTH, MAX_TERMS,
    SUM_GROUP,
};
pub use scope::{parse_resolved, resolve, Scope};
pub use syntax::SYNTAX;

#[cfg(test)]
mod tests;
