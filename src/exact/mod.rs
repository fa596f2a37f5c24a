//! The exact engine: closed forms ([`LogForm`]) and certified enclosures
//! ([`Ball`]), with correctly rounded decimal output.

pub mod ball;
pub mod engine;
pub(crate) mod limbs;
pub mod logform;

pub use ball::Ball;
pub use logform::LogForm;

/// Logarithm base of a reported value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum Base {
    /// Natural logarithm (nats).
    #[default]
    #[serde(rename = "e")]
    E,
    /// Base 2 (bits).
    #[serde(rename = "2")]
    Two,
    /// Base 10 (hartleys).
    #[serde(rename = "10")]
    Ten,
}

impl Base {
    /// Parse `e`, `2`, `10` (also `nats`, `bits`).
    pub fn parse(s: &str) -> crate::Result<Base> {
        match s.trim() {
            "e" | "E" | "nat" | "nats" | "ln" => Ok(Base::E),
            "2" | "bit" | "bits" => Ok(Base::Two),
            "10" | "hartley" | "dit" => Ok(Base::Ten),
            other => Err(crate::Error::BadBase {
                base: other.to_string(),
            }),
        }
    }

    /// The name in reports: `"e"`, `"2"`, `"10"`.
    pub fn name(self) -> &'static str {
        match self {
            Base::E => "e",
            Base::Two => "2",
            Base::Ten => "10",
        }
    }

    /// The unit: nats, bits, hartleys.
    pub fn unit(self) -> &'static str {
        match self {
            Base::E => "nats",
            Base::Two => "bits",
            Base::Ten => "hartleys",
        }
    }
}
