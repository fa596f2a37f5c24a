//! Distributions: parsing, validation and input semantics.
//!
//! Values are exact rationals. A double is the dyadic rational it stores;
//! decimal text is read exactly (`0.1` is 1/10). [`Semantics`] says how a
//! vector that does not sum to exactly 1 is treated.

use crate::error::{Error, Result};
use crate::num::{f64_to_q, parse_exact, q_to_f64, NumError, Q};
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};
use std::path::Path;

/// How inputs that do not sum to exactly 1 are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Semantics {
    /// Evaluate the formulas on the exact values given. A distribution must
    /// sum to 1 up to the rounding of its inputs (|Σ − 1| ≤ n·2⁻⁵³); any
    /// difference from 1 is reported.
    #[default]
    AsGiven,
    /// Like [`Semantics::AsGiven`], but without the sum check: the formulas
    /// are evaluated on any non-negative vectors (counts, weights).
    AsGivenUnchecked,
    /// Divide every vector by its sum first (what scipy does).
    Normalized,
}

impl Semantics {
    /// The name used in reports (`"as_given"` or `"normalized"`).
    pub fn name(self) -> &'static str {
        match self {
            Semantics::AsGiven | Semantics::AsGivenUnchecked => "as_given",
            Semantics::Normalized => "normalized",
        }
    }
}

/// Map a number-syntax failure to a typed error naming the position.
fn num_error(which: &str, index: usize, token: &str, e: NumError) -> Error {
    let (which, token) = (which.to_string(), token.trim().to_string());
    match e {
        NumError::Syntax => Error::Parse {
            which,
            index,
            token,
        },
        NumError::NotFinite => Error::NotFinite {
            which,
            index,
            token,
        },
        NumError::ZeroDenominator => Error::ZeroDenominator {
            which,
            index,
            token,
        },
    }
}

/// Parse a list of exact numbers separated by commas and/or whitespace.
///
/// # Errors
/// [`Error::Empty`], or a [`Error::Parse`] / [`Error::NotFinite`] /
/// [`Error::ZeroDenominator`] naming the 0-based index and the token.
pub fn parse_list(which: &str, text: &str) -> Result<Vec<Q>> {
    let tokens: Vec<&str> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() {
        return Err(Error::Empty {
            which: which.to_string(),
        });
    }
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| parse_exact(t).map_err(|e| num_error(which, i, t, e)))
        .collect()
}

/// Parse a matrix written as rows separated by `;` (`"1/4,1/4;0,1/2"`).
pub fn parse_matrix(which: &str, text: &str) -> Result<Vec<Vec<Q>>> {
    let rows: Vec<&str> = text.split(';').filter(|r| !r.trim().is_empty()).collect();
    if rows.is_empty() {
        return Err(Error::Empty {
            which: which.to_string(),
        });
    }
    let mut out = Vec::with_capacity(rows.len());
    let mut offset = 0;
    for r in rows {
        let row = parse_list(which, r).map_err(|e| shift_index(e, offset))?;
        offset += row.len();
        out.push(row);
    }
    Ok(out)
}

fn shift_index(e: Error, by: usize) -> Error {
    match e {
        Error::Parse {
            which,
            index,
            token,
        } => Error::Parse {
            which,
            index: index + by,
            token,
        },
        Error::NotFinite {
            which,
            index,
            token,
        } => Error::NotFinite {
            which,
            index: index + by,
            token,
        },
        Error::ZeroDenominator {
            which,
            index,
            token,
        } => Error::ZeroDenominator {
            which,
            index: index + by,
            token,
        },
        other => other,
    }
}

fn file_err(path: &Path, reason: impl Into<String>) -> Error {
    Error::File {
        path: path.display().to_string(),
        reason: reason.into(),
    }
}

/// A numeric array read from a file: a flat vector or a matrix (row-major).
#[derive(Debug, Clone, PartialEq)]
pub enum Array {
    /// One dimension.
    Vector(Vec<Q>),
    /// Two dimensions, as rows.
    Matrix(Vec<Vec<Q>>),
}

/// Read `.npy` (float64, C or Fortran order, 1-D or 2-D) as exact values.
pub fn read_npy_f64(path: &Path) -> Result<(Vec<f64>, Vec<usize>)> {
    let bytes = std::fs::read(path).map_err(|e| file_err(path, e.to_string()))?;
    parse_npy_f64(&bytes).map_err(|r| file_err(path, r))
}

/// Decode the bytes of a `.npy` float64 array: values and shape.
pub fn parse_npy_f64(bytes: &[u8]) -> std::result::Result<(Vec<f64>, Vec<usize>), String> {
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err("not a .npy file (bad magic)".into());
    }
    let major = bytes[6];
    let (hlen, start) = if major == 1 {
        (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10)
    } else {
        if bytes.len() < 12 {
            return Err("truncated .npy header".into());
        }
        (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        )
    };
    let header = bytes
        .get(start..start + hlen)
        .ok_or("truncated .npy header")?;
    let header = std::str::from_utf8(header).map_err(|_| "header is not text")?;
    let big_endian = if header.contains("'<f8'") {
        false
    } else if header.contains("'>f8'") {
        true
    } else {
        return Err(format!(
            "only float64 arrays are supported (header: {})",
            header.trim()
        ));
    };
    let fortran = header.contains("'fortran_order': True");
    let shape_start = header.find("'shape':").ok_or("no shape in header")? + 8;
    let open = header[shape_start..].find('(').ok_or("bad shape")? + shape_start;
    let close = header[open..].find(')').ok_or("bad shape")? + open;
    let shape: Vec<usize> = header[open + 1..close]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<usize>()
                .map_err(|_| format!("bad shape entry {s:?}"))
        })
        .collect::<std::result::Result<_, _>>()?;
    let count: usize = shape.iter().product();
    let data = &bytes[start + hlen..];
    if data.len() < count * 8 {
        return Err(format!(
            "data holds {} bytes, shape needs {}",
            data.len(),
            count * 8
        ));
    }
    let mut vals: Vec<f64> = data[..count * 8]
        .chunks_exact(8)
        .map(|c| {
            let a: [u8; 8] = c.try_into().expect("8 bytes");
            if big_endian {
                f64::from_be_bytes(a)
            } else {
                f64::from_le_bytes(a)
            }
        })
        .collect();
    if fortran && shape.len() == 2 {
        let (r, c) = (shape[0], shape[1]);
        let mut t = vec![0.0; count];
        for i in 0..r {
            for j in 0..c {
                t[i * c + j] = vals[j * r + i];
            }
        }
        vals = t;
    }
    Ok((vals, shape))
}

fn f64s_to_q(which: &str, xs: &[f64]) -> Result<Vec<Q>> {
    xs.iter()
        .enumerate()
        .map(|(i, &x)| {
            f64_to_q(x).ok_or_else(|| Error::NotFinite {
                which: which.to_string(),
                index: i,
                token: format!("{x}"),
            })
        })
        .collect()
}

fn json_token(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn json_row(which: &str, arr: &[serde_json::Value], offset: usize) -> Result<Vec<Q>> {
    arr.iter()
        .enumerate()
        .map(|(i, v)| {
            let tok = json_token(v).ok_or_else(|| Error::Parse {
                which: which.to_string(),
                index: offset + i,
                token: v.to_string(),
            })?;
            parse_exact(&tok).map_err(|e| num_error(which, offset + i, &tok, e))
        })
        .collect()
}

/// Read an array from a file: `.npy` (float64), JSON (array of numbers or
/// strings, or array of arrays, or an object holding such an array under the
/// key `which`, e.g. `{"p": [...], "q": [...]}`), or text (numbers separated by commas or
/// whitespace; rows by newlines or `;` give a matrix).
pub fn read_array(which: &str, path: &Path) -> Result<Array> {
    if path.extension().and_then(|e| e.to_str()) == Some("npy") {
        let (vals, shape) = read_npy_f64(path)?;
        let qs = f64s_to_q(which, &vals)?;
        return match shape.len() {
            1 => Ok(Array::Vector(qs)),
            2 => Ok(Array::Matrix(
                qs.chunks(shape[1].max(1)).map(|c| c.to_vec()).collect(),
            )),
            d => Err(file_err(
                path,
                format!("expected a 1-D or 2-D array, got {d}-D"),
            )),
        };
    }
    let text = std::fs::read_to_string(path).map_err(|e| file_err(path, e.to_string()))?;
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| file_err(path, format!("invalid JSON: {e}")))?;
        // an object holds the arrays by name: {"p": [...], "q": [...]}
        let v = match v {
            serde_json::Value::Object(mut o) => o.remove(which).ok_or_else(|| {
                let keys: Vec<&String> = o.keys().collect();
                file_err(
                    path,
                    format!("the JSON object has no key {which:?} (keys: {keys:?})"),
                )
            })?,
            other => other,
        };
        let arr = v
            .as_array()
            .ok_or_else(|| file_err(path, "expected a JSON array"))?;
        if arr.iter().all(|x| x.is_array()) && !arr.is_empty() {
            let mut rows = Vec::new();
            let mut off = 0;
            for r in arr {
                let r = r.as_array().expect("checked");
                rows.push(json_row(which, r, off)?);
                off += r.len();
            }
            return Ok(Array::Matrix(rows));
        }
        return Ok(Array::Vector(json_row(which, arr, 0)?));
    }
    let lines: Vec<&str> = text
        .split([';', '\n'])
        .filter(|l| !l.trim().is_empty())
        .collect();
    if lines.len() > 1
        && lines
            .iter()
            .all(|l| l.split([',', ' ', '\t']).filter(|t| !t.is_empty()).count() > 1)
    {
        return Ok(Array::Matrix(parse_matrix(which, &lines.join(";"))?));
    }
    Ok(Array::Vector(parse_list(which, &text)?))
}

/// Parse a command-line vector argument: a list, or `@FILE`.
pub fn vector_arg(which: &str, arg: &str) -> Result<Vec<Q>> {
    if let Some(path) = arg.strip_prefix('@') {
        return match read_array(which, Path::new(path))? {
            Array::Vector(v) => Ok(v),
            Array::Matrix(rows) if rows.len() == 1 => Ok(rows.into_iter().next().expect("one row")),
            Array::Matrix(_) => Err(file_err(
                Path::new(path),
                "expected a vector, found a matrix",
            )),
        };
    }
    parse_list(which, arg)
}

/// Parse a command-line matrix argument: `"a,b;c,d"`, or `@FILE`.
pub fn matrix_arg(which: &str, arg: &str) -> Result<Vec<Vec<Q>>> {
    if let Some(path) = arg.strip_prefix('@') {
        return match read_array(which, Path::new(path))? {
            Array::Matrix(m) => Ok(m),
            Array::Vector(v) => Ok(vec![v]),
        };
    }
    parse_matrix(which, arg)
}

/// Round every value to the nearest double (what a float library sees).
pub fn round_to_f64(xs: &[Q]) -> Vec<Q> {
    xs.iter()
        .map(|x| f64_to_q(q_to_f64(x)).unwrap_or_else(Q::zero))
        .collect()
}

/// A validated vector: non-empty, finite, non-negative, with its exact sum.
#[derive(Debug, Clone, PartialEq)]
pub struct Dist {
    values: Vec<Q>,
    sum: Q,
    input_sum: Q,
}

impl Dist {
    /// Validate `values` (non-empty, non-negative, not all zero) and apply
    /// `semantics`.
    ///
    /// # Errors
    /// [`Error::Empty`], [`Error::Negative`], [`Error::ZeroSum`], and under
    /// [`Semantics::AsGiven`] [`Error::NotNormalized`] when |Σ − 1| > n·2⁻⁵³.
    ///
    /// # Examples
    /// ```
    /// use infocert::dist::{Dist, Semantics, parse_list};
    /// let p = Dist::new("p", parse_list("p", "1/3, 2/3").unwrap(), Semantics::AsGiven).unwrap();
    /// assert!(p.sums_to_one());
    /// let c = Dist::new("p", parse_list("p", "1 2 3").unwrap(), Semantics::Normalized).unwrap();
    /// assert_eq!(c.values()[0].to_string(), "1/6");
    /// ```
    pub fn new(which: &str, values: Vec<Q>, semantics: Semantics) -> Result<Dist> {
        if values.is_empty() {
            return Err(Error::Empty {
                which: which.to_string(),
            });
        }
        for (i, v) in values.iter().enumerate() {
            if v.is_negative() {
                return Err(Error::Negative {
                    which: which.to_string(),
                    index: i,
                    value: crate::num::q_short(v),
                });
            }
        }
        let sum: Q = crate::num::sum_q(&values);
        if sum.is_zero() {
            return Err(Error::ZeroSum {
                which: which.to_string(),
            });
        }
        match semantics {
            Semantics::Normalized => {
                let scaled: Vec<Q> = values.iter().map(|v| v / &sum).collect();
                Ok(Dist {
                    values: scaled,
                    sum: Q::one(),
                    input_sum: sum,
                })
            }
            Semantics::AsGiven => {
                let tol = crate::num::pow2(-53) * Q::from_integer(BigInt::from(values.len()));
                if (&sum - Q::one()).abs() > tol {
                    return Err(Error::NotNormalized {
                        which: which.to_string(),
                        sum: crate::num::q_short(&sum),
                    });
                }
                Ok(Dist {
                    values,
                    input_sum: sum.clone(),
                    sum,
                })
            }
            Semantics::AsGivenUnchecked => Ok(Dist {
                values,
                input_sum: sum.clone(),
                sum,
            }),
        }
    }

    /// The values.
    pub fn values(&self) -> &[Q] {
        &self.values
    }

    /// Number of entries (the support size including zeros).
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Always false: a `Dist` has at least one entry.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The exact sum of the values.
    pub fn sum(&self) -> &Q {
        &self.sum
    }

    /// The exact sum of the values as they were given (before normalizing).
    pub fn input_sum(&self) -> &Q {
        &self.input_sum
    }

    /// Whether the exact sum is 1.
    pub fn sums_to_one(&self) -> bool {
        self.sum.is_one()
    }
}

/// Check that two vectors share a support size.
pub fn same_len(a: &str, pa: &[Q], b: &str, pb: &[Q]) -> Result<()> {
    if pa.len() != pb.len() {
        return Err(Error::LengthMismatch {
            a: a.to_string(),
            len_a: pa.len(),
            b: b.to_string(),
            len_b: pb.len(),
        });
    }
    Ok(())
}

/// A validated joint distribution of (X, Y): rows index X, columns Y.
#[derive(Debug, Clone, PartialEq)]
pub struct Joint {
    rows: usize,
    cols: usize,
    flat: Dist,
}

impl Joint {
    /// Validate a matrix (rectangular, non-negative) under `semantics`.
    pub fn new(rows: Vec<Vec<Q>>, semantics: Semantics) -> Result<Joint> {
        if rows.is_empty() || rows[0].is_empty() {
            return Err(Error::Empty {
                which: "joint".into(),
            });
        }
        let cols = rows[0].len();
        for (i, r) in rows.iter().enumerate() {
            if r.len() != cols {
                return Err(Error::RaggedJoint {
                    row: i,
                    len: r.len(),
                    expected: cols,
                });
            }
        }
        let n = rows.len();
        let flat = Dist::new("joint", rows.into_iter().flatten().collect(), semantics)?;
        Ok(Joint {
            rows: n,
            cols,
            flat,
        })
    }

    /// Number of rows (values of X).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns (values of Y).
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The entries, row-major, as a distribution.
    pub fn flat(&self) -> &Dist {
        &self.flat
    }

    /// Row sums: the marginal of X.
    pub fn marginal_x(&self) -> Vec<Q> {
        self.flat
            .values()
            .chunks(self.cols)
            .map(|r| r.iter().sum())
            .collect()
    }

    /// Column sums: the marginal of Y.
    pub fn marginal_y(&self) -> Vec<Q> {
        (0..self.cols)
            .map(|j| {
                (0..self.rows)
                    .map(|i| &self.flat.values()[i * self.cols + j])
                    .sum()
            })
            .collect()
    }
}

/// Parse a list of exact number strings (panics on bad input; for tests and examples).
#[doc(hidden)]
pub fn parse_exact_list_for_tests(xs: &[String]) -> Vec<Q> {
    xs.iter()
        .map(|s| parse_exact(s).unwrap_or_else(|_| panic!("bad number {s:?}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_position_and_value() {
        assert_eq!(
            parse_list("p", "0.1, x, 0.3").unwrap_err(),
            Error::Parse {
                which: "p".into(),
                index: 1,
                token: "x".into()
            }
        );
        assert!(matches!(
            parse_list("q", "0.5,nan"),
            Err(Error::NotFinite { index: 1, .. })
        ));
        assert!(matches!(
            parse_list("q", "1/0"),
            Err(Error::ZeroDenominator { index: 0, .. })
        ));
        assert!(matches!(parse_list("q", " , "), Err(Error::Empty { .. })));
        let neg = Dist::new(
            "p",
            parse_list("p", "0.5,-0.25,0.75").unwrap(),
            Semantics::AsGiven,
        );
        assert_eq!(
            neg.unwrap_err().to_string(),
            "p[1] = -0.25 is negative: probabilities must be >= 0"
        );
        assert!(matches!(
            Dist::new("p", parse_list("p", "0,0").unwrap(), Semantics::Normalized),
            Err(Error::ZeroSum { .. })
        ));
        let e =
            Dist::new("p", parse_list("p", "0.5,0.6").unwrap(), Semantics::AsGiven).unwrap_err();
        assert!(e.to_string().contains("sums to 1.1"), "{e}");
        assert!(matches!(
            parse_matrix("joint", "1,2;3,x"),
            Err(Error::Parse { index: 3, .. })
        ));
    }

    #[test]
    fn rounding_tolerance_admits_float_sums() {
        // 0.1 + 0.2 + 0.7 as doubles does not sum to exactly 1
        let xs: Vec<Q> = [0.1f64, 0.2, 0.7]
            .iter()
            .map(|&x| f64_to_q(x).unwrap())
            .collect();
        let d = Dist::new("p", xs, Semantics::AsGiven).unwrap();
        assert!(!d.sums_to_one());
    }

    #[test]
    fn npy_round_trip() {
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        let mut header = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }".to_string();
        while (10 + header.len() + 1) % 64 != 0 {
            header.push(' ');
        }
        header.push('\n');
        bytes.extend_from_slice(&(header.len() as u16).to_le_bytes());
        bytes.extend_from_slice(header.as_bytes());
        for x in [0.25f64, 0.5, 0.25] {
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        let (v, s) = parse_npy_f64(&bytes).unwrap();
        assert_eq!(v, vec![0.25, 0.5, 0.25]);
        assert_eq!(s, vec![3]);
    }

    #[test]
    fn joint_marginals() {
        let j = Joint::new(
            parse_matrix("joint", "1/4,1/4;0,1/2").unwrap(),
            Semantics::AsGiven,
        )
        .unwrap();
        assert_eq!(crate::num::q_text(&j.marginal_x()[0]), "1/2");
        assert_eq!(crate::num::q_text(&j.marginal_y()[1]), "3/4");
    }
}
