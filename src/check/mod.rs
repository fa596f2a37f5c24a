//! The checker: decides claims about information measures on exact
//! instances, over the exhaustive lattice and random campaigns, and prints
//! minimal counterexamples.
//!
//! An instance is decided **exactly** where both sides are closed forms
//! (an equality holds iff the difference is the zero [`LogForm`]), and with
//! **certified enclosures** otherwise; what cannot be decided within the
//! precision cap is counted as undecided, never rounded into a verdict.
//! A campaign's verdict is "violated" with a minimal counterexample
//! (smallest support, then smallest common denominator), "no
//! counterexample found in N cases — evidence, not proof", "proved" (a
//! finite domain decided exhaustively: a claim without variables), or
//! "undecided". Beside the lattice and the random cases, the margin search
//! ([`search`]) follows the violation margin with a float optimizer and
//! proves what it finds exactly.
//!
//! ```
//! use infocert::check::{check_claim, Config, Verdict};
//!
//! let cfg = Config { cases: 20, max_denom: 4, ..Config::default() };
//! let r = check_claim("KL(P||Q) = KL(Q||P)", &cfg).unwrap();
//! assert_eq!(r.verdict, Verdict::Violated);
//! let cx = r.counterexample();
//! assert_eq!(cx.instance.n, 2);
//! println!("{r}");
//!
//! check_claim("H(P,Q) = H(P) + KL(P||Q)", &cfg).unwrap().assert_holds();
//! ```
//!
//! [`LogForm`]: crate::exact::LogForm

mod arith;
mod campaign;
pub mod catalogue;
pub mod cli;
mod decide;
pub mod expr;
mod instance;
pub mod point;
mod report;
pub mod search;
pub mod shard;
mod target;

pub use arith::{Arith, Undefined};
pub use campaign::{random_instance, run, Config};
pub use catalogue::{Item, CATALOGUE};
pub use decide::How;
pub use expr::{Calc, Eval, Evaluated, FloatCalc, Inputs, Tree, V};
pub use instance::{Instance, Level, Slot, SlotKind};
pub use report::{closed_text, Counterexample, Counts, Origin, Report, SideValue, Truth, Verdict};
pub use target::{intern, Fixed, Outcome, Relation, Target};

use crate::claims::{parse_resolved, ParseError};

/// The target of a statement written in the claims language (see
/// [`crate::claims::parse`]), resolved and type-checked.
///
/// # Errors
/// The [`ParseError`] (with [`ParseError::caret`]) of a malformed or
/// ill-typed statement.
pub fn target_of(text: &str) -> Result<Target, ParseError> {
    let (st, _) = parse_resolved(text)?;
    Target::new(text, st).map_err(|e| ParseError {
        column: 1,
        message: e.message,
        input: text.to_string(),
    })
}

/// Check a statement written in the claims language on the campaign `cfg`.
///
/// # Errors
/// The [`ParseError`] (with [`ParseError::caret`]) of a malformed statement.
pub fn check_claim(text: &str, cfg: &Config) -> Result<Report, ParseError> {
    let t = target_of(text)?;
    if let Some(s) = t.shape.iter().find(|s| s.kind == SlotKind::Real) {
        return Err(ParseError {
            column: 1,
            message: format!(
                "{0}: real has no range a campaign could cover: decide the claim at your numbers \
                 (--param {0}=…) or declare a range ({0} in (0,1))",
                s.name
            ),
            input: text.to_string(),
        });
    }
    Ok(run(&t, cfg))
}
