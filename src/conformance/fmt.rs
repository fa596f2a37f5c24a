//! Text forms of doubles used by the vector schema and the results reader.

use crate::num::{f64_to_q, parse_exact, q_text, q_to_f64};

pub use crate::num::hex_f64;

/// The shortest decimal that reads back as the same double (positional
/// for `1e-5 ≤ |x| < 1e16`, scientific otherwise; `inf`, `-inf`, `nan`).
///
/// # Examples
/// ```
/// use infocert::conformance::shortest_f64;
/// assert_eq!(shortest_f64(0.1), "0.1");
/// assert_eq!(shortest_f64(5e-324), "5e-324");
/// assert_eq!(shortest_f64(-0.0), "-0");
/// ```
pub fn shortest_f64(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let a = x.abs();
    if a == 0.0 || (1e-5..1e16).contains(&a) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// The exact rational a finite double stores, as `a/b` text.
pub fn exact_f64(x: f64) -> String {
    f64_to_q(x).map_or_else(|| shortest_f64(x), |q| q_text(&q))
}

/// Read one value text: a decimal (correctly rounded), a hex float
/// (exact), `inf`, `-inf`, `+inf`, `infinity`, `nan`, or a fraction `a/b`.
/// `None` when the text is not a number.
///
/// # Examples
/// ```
/// use infocert::conformance::parse_f64_text;
/// assert_eq!(parse_f64_text("0x1.8p-1"), Some(0.75));
/// assert_eq!(parse_f64_text("-inf"), Some(f64::NEG_INFINITY));
/// assert!(parse_f64_text("NaN").unwrap().is_nan());
/// assert_eq!(parse_f64_text("1/3"), Some(1.0 / 3.0));
/// assert_eq!(parse_f64_text("x"), None);
/// ```
pub fn parse_f64_text(s: &str) -> Option<f64> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let (neg, body) = match lower.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, lower.strip_prefix('+').unwrap_or(&lower)),
    };
    let sign = |v: f64| if neg { -v } else { v };
    match body {
        "inf" | "infinity" => return Some(sign(f64::INFINITY)),
        "nan" => return Some(f64::NAN),
        _ => {}
    }
    if !body.starts_with("0x") && !body.contains('/') {
        // Rust's parser rounds decimal text correctly
        return t.parse::<f64>().ok().filter(|v| !v.is_nan());
    }
    let q = parse_exact(t).ok()?;
    let v = q_to_f64(&q);
    // keep the sign of a negative zero written as "-0x0p+0"
    Some(if v == 0.0 { sign(0.0) } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        for x in [
            0.1,
            -2.5,
            1e300,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            2.225073858507201e-308,
            0.0,
            -0.0,
            1.0 / 3.0,
        ] {
            let h = hex_f64(x);
            let back = parse_f64_text(&h).unwrap();
            assert_eq!(back.to_bits(), x.to_bits(), "{h}");
            let d = shortest_f64(x);
            assert_eq!(parse_f64_text(&d).unwrap().to_bits(), x.to_bits(), "{d}");
        }
        assert_eq!(hex_f64(-0.0), "-0x0p+0");
        assert_eq!(hex_f64(2.0), "0x1p+1");
        assert_eq!(shortest_f64(1e-300), "1e-300");
        assert_eq!(shortest_f64(123.25), "123.25");
    }
}
