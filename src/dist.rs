//! Distributions: parsing, validation and input semantics.
//!
//! Values are exact rationals. A double is the dyadic rational it stores;
//! decimal text is read exactly (`0.1` is 1/10). [`Semantics`] says how a
//! vector that does not sum to exactly 1 is treated.

use crate::error::{Error, Result};
use crate::num::{f64_to_q, parse_exact, q_to_f64, NumError, Q};
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};
use std::borrow::Cow;
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

/// A token as shown in an error message: long tokens (a 200000-digit
/// mantissa) are cut so that the message stays one readable line.
pub fn short_token(token: &str) -> String {
    const KEEP: usize = 24;
    let n = token.chars().count();
    if n <= 2 * KEEP {
        return token.to_string();
    }
    let head: String = token.chars().take(KEEP).collect();
    format!("{head}… ({n} characters)")
}

/// Map a number-syntax failure to a typed error naming the position.
fn num_error(which: &str, index: usize, token: &str, e: NumError) -> Error {
    let (which, token) = (which.to_string(), short_token(token.trim()));
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
        NumError::TooLarge(limit) => Error::TooLarge {
            which,
            index,
            token,
            limit,
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
///
/// # Errors
/// [`Error::Empty`], a number error naming the row-major index, or
/// [`Error::RaggedJoint`] when rows differ in length.
pub fn parse_matrix(which: &str, text: &str) -> Result<Vec<Vec<Q>>> {
    let rows: Vec<&str> = text.split(';').collect();
    let m = parse_rows(which, &rows)?;
    check_rectangular(&m)?;
    Ok(m)
}

/// Parse each non-blank line as one row (no shape check); number errors
/// name the row-major index.
fn parse_rows(which: &str, lines: &[&str]) -> Result<Vec<Vec<Q>>> {
    let rows: Vec<&&str> = lines.iter().filter(|r| !r.trim().is_empty()).collect();
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

/// The one shape check of a joint matrix, whatever format it came from
/// (inline text, text file, JSON, `.npy`): every row as long as row 0.
///
/// # Errors
/// [`Error::RaggedJoint`] naming the first row that differs.
pub fn check_rectangular(rows: &[Vec<Q>]) -> Result<()> {
    let Some(first) = rows.first() else {
        return Ok(());
    };
    let expected = first.len();
    match rows.iter().position(|r| r.len() != expected) {
        Some(row) => Err(Error::RaggedJoint {
            row,
            len: rows[row].len(),
            expected,
        }),
        None => Ok(()),
    }
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
        Error::TooLarge {
            which,
            index,
            token,
            limit,
        } => Error::TooLarge {
            which,
            index: index + by,
            token,
            limit,
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
    /// Two dimensions, as rows (JSON arrays of arrays, 2-D `.npy`).
    Matrix(Vec<Vec<Q>>),
    /// The non-blank lines of a text file (rows also split at `;`): the
    /// rows of a matrix for a joint, one flat list for a vector.
    Lines(Vec<Vec<Q>>),
}

/// Read `.npy` (float64, C or Fortran order, 1-D or 2-D) as doubles and shape.
///
/// # Errors
/// [`Error::File`] for an unreadable file or any problem of
/// [`parse_npy_f64`].
pub fn read_npy_f64(path: &Path) -> Result<(Vec<f64>, Vec<usize>)> {
    let bytes = std::fs::read(path).map_err(|e| file_err(path, e.to_string()))?;
    parse_npy_f64(&bytes).map_err(|r| file_err(path, r))
}

fn is_npy(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()) == Some("npy")
}

/// Read a `.npy` file: its header from the first bytes, then the data a
/// chunk at a time straight into the values (memory: the values only).
fn read_npy_file(path: &Path) -> Result<(NpyData, Vec<usize>)> {
    use std::io::Read;
    let io = |e: std::io::Error| file_err(path, e.to_string());
    let mut f = std::fs::File::open(path).map_err(io)?;
    let total = f.metadata().map_err(io)?.len() as usize;
    let mut prefix = Vec::with_capacity(total.min(1 << 16));
    (&mut f)
        .take(1 << 16)
        .read_to_end(&mut prefix)
        .map_err(io)?;
    if prefix.len() == total {
        return parse_npy(&prefix).map_err(|r| file_err(path, r));
    }
    match npy_layout(&prefix, total).map_err(|r| file_err(path, r))? {
        Some(l) => {
            let rest = prefix.get(l.start..).unwrap_or(&[]);
            let data = decode_npy(&l, rest.chain(f)).map_err(io)?;
            Ok((data, l.header.shape))
        }
        None => {
            // a header longer than the prefix: read the whole file
            let bytes = std::fs::read(path).map_err(io)?;
            parse_npy(&bytes).map_err(|r| file_err(path, r))
        }
    }
}

/// Read a `.npy` file for the input `which`: values, and a shape of one or
/// two dimensions. Doubles are checked finite here (the first NaN or ±∞ is
/// named as `which[i]`).
fn read_npy(which: &str, path: &Path) -> Result<(NpyData, Vec<usize>)> {
    let (data, shape) = read_npy_file(path)?;
    if let NpyData::F64(v) = &data {
        if let Some(i) = v.iter().position(|x| !x.is_finite()) {
            return Err(Error::NotFinite {
                which: which.to_string(),
                index: i,
                token: format!("{}", v[i]),
            });
        }
    }
    if !(1..=2).contains(&shape.len()) {
        let d = shape.len();
        return Err(file_err(
            path,
            format!("expected a 1-D or 2-D array, got {d}-D (shape {shape:?})"),
        ));
    }
    Ok((data, shape))
}

/// A vector for the float engine: the doubles of a `.npy` file as stored
/// (never converted to rationals), decimal text read straight to doubles
/// ([`crate::num::parse_decimal_f64`]), or exact values parsed from text.
#[derive(Debug, Clone, PartialEq)]
pub enum FloatVec {
    /// Finite doubles, exactly the input values.
    Doubles(Vec<f64>),
    /// Decimal text rounded to the nearest doubles, of which `rounded`
    /// were not doubles (never with exact normalization, which needs the
    /// exact values: see [`float_vector_arg`]).
    Rounded {
        /// The nearest doubles.
        values: Vec<f64>,
        /// How many input values were not doubles.
        rounded: usize,
    },
    /// Exact values (text, JSON, or integers beyond 2⁵³).
    Exact(Vec<Q>),
}

/// A joint matrix for the float engine (see [`FloatVec`]).
#[derive(Debug, Clone, PartialEq)]
pub enum FloatMatrix {
    /// Finite doubles, row-major, with the number of rows and columns.
    Doubles {
        /// Row-major entries.
        flat: Vec<f64>,
        /// Rows.
        rows: usize,
        /// Columns.
        cols: usize,
        /// How many entries were decimal text that was not a double (and
        /// was rounded to the nearest one; `0` for `.npy`).
        rounded: usize,
    },
    /// Exact rows (rectangular).
    Exact(Vec<Vec<Q>>),
}

/// −0 as +0: the exact value 0 is what a rational reads.
fn plus_zero(mut v: Vec<f64>) -> Vec<f64> {
    for x in &mut v {
        *x += 0.0;
    }
    v
}

/// [`vector_arg`] for the float engine: a `.npy` file of doubles stays
/// doubles; text (a file or the argument itself) of plain decimals is read
/// straight to the nearest doubles ([`FloatVec::Rounded`], or
/// [`FloatVec::Doubles`] when every value is a double) unless `normalize`
/// must divide values that are not doubles by their exact sum; every
/// other input is parsed exactly, with the same errors (which any input
/// the fast reader declines also gets).
pub fn float_vector_arg(which: &str, arg: &str, normalize: bool) -> Result<FloatVec> {
    if let Some(path) = arg.strip_prefix('@').map(Path::new).filter(|p| is_npy(p)) {
        if let (NpyData::F64(v), shape) = read_npy(which, path)? {
            if shape.len() == 1 || (shape[0] == 1 && shape[1] > 0) {
                return Ok(FloatVec::Doubles(plus_zero(v)));
            }
            return Err(file_err(path, "expected a vector, found a matrix"));
        }
    }
    if let Some(text) = plain_text(arg)? {
        // as `vector_arg` reads it: a file's lines (and `;`) as one list
        let lines = file_lines(arg, &text);
        let row_sep = |c: char| lines && (c == ';' || c == '\n');
        let sep = |c: char| c == ',' || c.is_whitespace();
        if let Some(DecimalRows {
            flat: values,
            rounded,
            ..
        }) = decimal_rows(which, &text, sep, row_sep)?
        {
            if rounded == 0 {
                return Ok(FloatVec::Doubles(values));
            }
            if !normalize {
                return Ok(FloatVec::Rounded { values, rounded });
            }
        }
    }
    vector_arg(which, arg).map(FloatVec::Exact)
}

/// A text file's contents, without a leading UTF-8 byte order mark (as
/// some editors and spreadsheets write).
fn read_text(path: &Path) -> Result<String> {
    let mut text = std::fs::read_to_string(path).map_err(|e| file_err(path, e.to_string()))?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Whether [`read_array`] splits this text into lines: a file (`@…`)
/// with more than one non-blank piece between `;` and line ends (one
/// piece is read as one list, where a `;` is part of a token).
fn file_lines(arg: &str, text: &str) -> bool {
    arg.starts_with('@')
        && text
            .split([';', '\n'])
            .filter(|l| !l.trim().is_empty())
            .nth(1)
            .is_some()
}

/// The text behind a command-line argument when it is plain text (the
/// argument itself, or a file that is neither `.npy` nor JSON); `None`
/// otherwise.
fn plain_text(arg: &str) -> Result<Option<Cow<'_, str>>> {
    let Some(path) = arg.strip_prefix('@') else {
        return Ok(Some(Cow::Borrowed(arg)));
    };
    let path = Path::new(path);
    if is_npy(path) {
        return Ok(None);
    }
    let text = read_text(path)?;
    let t = text.trim_start();
    Ok((!(t.starts_with('[') || t.starts_with('{'))).then_some(Cow::Owned(text)))
}

/// Plain decimal tokens ([`crate::num::parse_decimal_f64`], `−0` read as
/// `+0`), row-major, with the length of each row and how many were not
/// doubles: the non-blank pieces of `text` between row separators
/// (`row_sep`), each split into tokens at `sep`. `Ok(None)` if the text is
/// empty or a token is not a plain decimal with a finite, nonzero-preserving
/// nearest double but is a number (a fraction, a hex float, `1e999`): the
/// exact reader then reads it all. A token that is no number at all is the
/// exact reader's error, at once (row-major index).
fn decimal_rows(
    which: &str,
    text: &str,
    sep: impl Fn(char) -> bool + Copy,
    row_sep: impl Fn(char) -> bool,
) -> Result<Option<DecimalRows>> {
    let mut r = DecimalRows::default();
    for piece in text.split(row_sep) {
        let start = r.flat.len();
        for t in piece.split(sep).filter(|t| !t.is_empty()) {
            match crate::num::parse_decimal_f64(t) {
                Some((f, exact)) => {
                    r.rounded += usize::from(!exact);
                    r.flat.push(f + 0.0);
                }
                None => {
                    return match parse_exact(t) {
                        Err(e) => Err(num_error(which, r.flat.len(), t, e)),
                        Ok(_) => Ok(None),
                    }
                }
            }
        }
        if r.flat.len() > start {
            r.row_lens.push(r.flat.len() - start);
        }
    }
    Ok((!r.flat.is_empty()).then_some(r))
}

/// The result of [`decimal_rows`].
#[derive(Default)]
struct DecimalRows {
    /// The values, row-major.
    flat: Vec<f64>,
    /// The length of each (non-empty) row.
    row_lens: Vec<usize>,
    /// How many values were not doubles.
    rounded: usize,
}

/// [`matrix_arg`] for the float engine: a `.npy` file of doubles stays
/// doubles; plain decimal text is read straight to doubles (as in
/// [`float_vector_arg`]); every other input is parsed exactly, with the
/// same errors.
pub fn float_matrix_arg(which: &str, arg: &str, normalize: bool) -> Result<FloatMatrix> {
    if let Some(path) = arg.strip_prefix('@').map(Path::new).filter(|p| is_npy(p)) {
        if let (NpyData::F64(flat), shape) = read_npy(which, path)? {
            // the shapes `read_array` + `matrix_arg` give: a 1-D array is
            // one row; a 2-D array without entries has no rows
            let (rows, cols) = match shape[..] {
                [n] => (1, n),
                [r, c] if r * c > 0 => (r, c),
                _ => (0, 0),
            };
            return Ok(FloatMatrix::Doubles {
                flat: plus_zero(flat),
                rows,
                cols,
                rounded: 0,
            });
        }
    }
    if let Some(text) = plain_text(arg)? {
        // rows as `matrix_arg` reads them: a file's lines (and `;`), an
        // argument's `;`
        let file = arg.starts_with('@');
        let lines = file_lines(arg, &text);
        let row_sep = |c: char| (!file || lines) && (c == ';' || (file && c == '\n'));
        let sep = |c: char| c == ',' || c.is_whitespace();
        if let Some(m) = decimal_rows(which, &text, sep, row_sep)? {
            let cols = m.row_lens[0];
            if (m.rounded == 0 || !normalize) && m.row_lens.iter().all(|&r| r == cols) {
                return Ok(FloatMatrix::Doubles {
                    rows: m.row_lens.len(),
                    cols,
                    flat: m.flat,
                    rounded: m.rounded,
                });
            }
        }
    }
    matrix_arg(which, arg).map(FloatMatrix::Exact)
}

/// The header dictionary of a `.npy` file.
struct NpyHeader {
    descr: String,
    fortran: bool,
    shape: Vec<usize>,
}

/// A parser of the Python literal dict of a `.npy` header:
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }`.
struct DictParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl DictParser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: u8, what: &str) -> std::result::Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!(
                "bad .npy header: expected {what} at byte {} of the header",
                self.i
            ))
        }
    }

    fn string(&mut self) -> std::result::Result<String, String> {
        self.ws();
        let q = match self.s.get(self.i) {
            Some(&c @ (b'\'' | b'"')) => c,
            _ => {
                return Err(format!(
                    "bad .npy header: expected a quoted string at byte {} of the header",
                    self.i
                ))
            }
        };
        let start = self.i + 1;
        let len = self.s[start..]
            .iter()
            .position(|&c| c == q)
            .ok_or("bad .npy header: unterminated string")?;
        self.i = start + len + 1;
        Ok(String::from_utf8_lossy(&self.s[start..start + len]).into_owned())
    }

    fn word(&mut self) -> String {
        self.ws();
        let start = self.i;
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
        {
            self.i += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }

    fn shape(&mut self) -> std::result::Result<Vec<usize>, String> {
        self.expect(b'(', "'(' opening the shape")?;
        let mut dims = Vec::new();
        loop {
            if self.eat(b')') {
                return Ok(dims);
            }
            let w = self.word();
            let d = w
                .strip_suffix('L')
                .unwrap_or(&w)
                .parse::<usize>()
                .map_err(|_| {
                    if !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) {
                        format!("bad .npy header: shape entry {w} is too large")
                    } else {
                        format!("bad .npy header: shape entry {w:?} is not a non-negative integer")
                    }
                })?;
            dims.push(d);
            if !self.eat(b',') {
                self.expect(b')', "',' or ')' in the shape")?;
                return Ok(dims);
            }
        }
    }

    fn header(&mut self) -> std::result::Result<NpyHeader, String> {
        let (mut descr, mut fortran, mut shape) = (None, None, None);
        self.expect(b'{', "'{' opening the header dict")?;
        loop {
            if self.eat(b'}') {
                break;
            }
            let key = self.string()?;
            self.expect(b':', "':' after a key")?;
            match key.as_str() {
                "descr" => {
                    self.ws();
                    if self.s.get(self.i) == Some(&b'[') {
                        return Err("dtype is a structured (record) type: only a plain float64 array ('<f8') is supported".into());
                    }
                    descr = Some(self.string()?);
                }
                "fortran_order" => {
                    fortran = Some(match self.word().as_str() {
                        "True" => true,
                        "False" => false,
                        w => return Err(format!("bad .npy header: fortran_order is {w:?}, not True or False")),
                    });
                }
                "shape" => shape = Some(self.shape()?),
                k => return Err(format!("bad .npy header: unexpected key {k:?} (a .npy header holds exactly 'descr', 'fortran_order' and 'shape')")),
            }
            if !self.eat(b',') {
                self.expect(b'}', "',' or '}' in the header dict")?;
                break;
            }
        }
        self.ws();
        if self.i != self.s.len() {
            return Err("bad .npy header: text after the closing '}'".into());
        }
        let missing = |k: &str| format!("bad .npy header: no {k:?} key");
        Ok(NpyHeader {
            descr: descr.ok_or_else(|| missing("descr"))?,
            fortran: fortran.ok_or_else(|| missing("fortran_order"))?,
            shape: shape.ok_or_else(|| missing("shape"))?,
        })
    }
}

/// A readable name of a numpy type string (`'<f4'` → `little-endian float32`).
fn dtype_name(descr: &str) -> String {
    let (order, rest) = match descr.as_bytes().first() {
        Some(b'<') => ("little-endian ", &descr[1..]),
        Some(b'>') => ("big-endian ", &descr[1..]),
        Some(b'|' | b'=') => ("", &descr[1..]),
        _ => ("", descr),
    };
    let (kind, size) = rest.split_at(
        rest.find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len()),
    );
    let bits = size.parse::<u32>().ok().map(|n| n * 8);
    let base = match kind {
        "f" => "float",
        "i" => "int",
        "u" => "uint",
        "c" => "complex",
        "b" => "bool",
        "U" => "unicode string",
        "S" | "a" => "byte string",
        "O" => "Python object",
        "V" => "void",
        "M" => "datetime",
        "m" => "timedelta",
        _ => return format!("unknown type {descr:?}"),
    };
    match (kind, bits) {
        ("f" | "i" | "u" | "c", Some(b)) => format!("{order}{base}{b}"),
        _ => format!("{order}{base}"),
    }
}

/// The values of a `.npy` array.
#[derive(Debug, Clone, PartialEq)]
pub enum NpyData {
    /// Doubles: float64 as stored, float32 widened (exactly), and integer
    /// arrays whose every value is a double (`|v| ≤ 2⁵³`).
    F64(Vec<f64>),
    /// An integer array holding a value beyond `2⁵³` in magnitude (read
    /// exactly; the float engine rounds it like any other exact input).
    Int(Vec<i128>),
}

/// The element types of `.npy` files that are read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Dtype {
    F8 { big: bool },
    F4,
    Int { size: usize, signed: bool },
}

impl Dtype {
    fn parse(d: &str) -> std::result::Result<Dtype, String> {
        let t = match d {
            "<f8" => Dtype::F8 { big: false },
            ">f8" => Dtype::F8 { big: true },
            "<f4" => Dtype::F4,
            "|i1" | "<i1" | "|u1" | "<u1" | "<i2" | "<u2" | "<i4" | "<u4" | "<i8" | "<u8" => {
                Dtype::Int {
                    size: d[2..].parse().expect("one digit"),
                    signed: d.as_bytes()[1] == b'i',
                }
            }
            d if d.starts_with('>') && d.len() > 1 && !d.ends_with('1') => {
                return Err(format!(
                    "dtype '{d}' ({}) is not supported: big-endian arrays are read only as float64 ('>f8'); save little-endian with arr.astype(arr.dtype.newbyteorder('<'))",
                    dtype_name(d)
                ))
            }
            d => {
                return Err(format!(
                    "dtype '{d}' ({}) is not supported: float64, float32 and (unsigned) integer arrays of 1 to 8 bytes are read; save with arr.astype(np.float64)",
                    dtype_name(d)
                ))
            }
        };
        Ok(t)
    }

    fn size(self) -> usize {
        match self {
            Dtype::F8 { .. } => 8,
            Dtype::F4 => 4,
            Dtype::Int { size, .. } => size,
        }
    }

    fn name(self) -> String {
        match self {
            Dtype::F8 { .. } => "float64".into(),
            Dtype::F4 => "float32".into(),
            Dtype::Int { size, signed } => {
                format!("{}int{}", if signed { "" } else { "u" }, size * 8)
            }
        }
    }
}

/// Decode the bytes of a `.npy` float64 array: values (row-major) and shape.
///
/// Reads what [`parse_npy`] reads; integer values beyond `2⁵³` in
/// magnitude (not doubles) are refused.
///
/// # Errors
/// Those of [`parse_npy`], and an integer that is not a double.
pub fn parse_npy_f64(bytes: &[u8]) -> std::result::Result<(Vec<f64>, Vec<usize>), String> {
    let (data, shape) = parse_npy(bytes)?;
    match data {
        NpyData::F64(v) => Ok((v, shape)),
        NpyData::Int(v) => {
            let i = v
                .iter()
                .position(|x| x.unsigned_abs() > 1u128 << 53)
                .expect("Int holds a large value");
            Err(format!(
                "integer {} at index {i} is not a double (beyond 2^53)",
                v[i]
            ))
        }
    }
}

/// Decode the bytes of a `.npy` array: values (row-major) and shape.
///
/// Accepted: format versions 1–3; dtypes `'<f8'` and `'>f8'` (big-endian is
/// byte-swapped), `'<f4'` (each float32 widens to the double it equals),
/// and little-endian integers `i1`/`i2`/`i4`/`i8`/`u1`/`u2`/`u4`/`u8`
/// (read exactly: counts, which `--normalize` or `--as-given` treat as
/// any other input); C or Fortran order; any dimension (the caller checks it).
///
/// # Errors
/// One line naming the problem: bad magic, unknown version, truncated
/// header, a malformed header dict, another dtype (named; big-endian
/// non-float64 named as such), a shape whose size overflows, or data whose
/// length does not match the shape (truncated file, trailing bytes).
pub fn parse_npy(bytes: &[u8]) -> std::result::Result<(NpyData, Vec<usize>), String> {
    let l = npy_layout(bytes, bytes.len())?.expect("the whole file is the prefix");
    let data = decode_npy(&l, &bytes[l.start..]).map_err(|e| e.to_string())?;
    Ok((data, l.header.shape))
}

/// Where the data of a `.npy` file lie and how to read them.
struct NpyLayout {
    header: NpyHeader,
    dtype: Dtype,
    count: usize,
    /// Offset of the data.
    start: usize,
}

/// The layout of a `.npy` file of `total` bytes from its first bytes
/// `bytes` (a prefix, or all of it): `Ok(None)` when the header runs past
/// the prefix. Every check but reading the data is done here.
fn npy_layout(bytes: &[u8], total: usize) -> std::result::Result<Option<NpyLayout>, String> {
    if bytes.len() < 6 || &bytes[..6] != b"\x93NUMPY" {
        return Err("not a .npy file (bad magic: it must start with \\x93NUMPY)".into());
    }
    if total < 10 {
        return Err(format!(
            "truncated .npy file: {} bytes, too short for a header",
            total
        ));
    }
    let (major, minor) = (bytes[6], bytes[7]);
    let (hlen, start) = match major {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10usize),
        2 | 3 => {
            if total < 12 {
                return Err("truncated .npy header".into());
            }
            (
                u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
                12,
            )
        }
        _ => {
            return Err(format!(
                "unsupported .npy format version {major}.{minor} (1.0, 2.0 and 3.0 are read)"
            ))
        }
    };
    if start.saturating_add(hlen) > total {
        return Err(format!(
            "truncated .npy header: it declares {hlen} bytes but the file has {} after the preamble",
            total - start
        ));
    }
    let Some(header) = bytes.get(start..start + hlen) else {
        return Ok(None);
    };
    if std::str::from_utf8(header).is_err() {
        return Err("bad .npy header: not text".into());
    }
    let h = DictParser { s: header, i: 0 }.header()?;
    let dtype = Dtype::parse(&h.descr)?;
    let size = dtype.size();
    let shape_text = format!("{:?}", h.shape);
    let count = h
        .shape
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .filter(|c| c.checked_mul(8).is_some())
        .ok_or_else(|| format!("shape {shape_text} has more entries than any file can hold (the product overflows)"))?;
    let data_len = total - (start + hlen);
    if data_len != count * size {
        return Err(format!(
            "data holds {} bytes but shape {shape_text} of {} needs {}{}",
            data_len,
            dtype.name(),
            count * size,
            if data_len < count * size {
                " (truncated file)"
            } else {
                " (trailing bytes)"
            }
        ));
    }
    Ok(Some(NpyLayout {
        header: h,
        dtype,
        count,
        start: start + hlen,
    }))
}

/// Decode the `count` elements of a `.npy` layout from `r`, a chunk at a
/// time (no copy of the whole file is held).
fn decode_npy(l: &NpyLayout, mut r: impl std::io::Read) -> std::io::Result<NpyData> {
    fn order<T: Copy + Default>(vals: Vec<T>, h: &NpyHeader) -> Vec<T> {
        if h.fortran && h.shape.len() == 2 {
            transpose(&vals, h.shape[0], h.shape[1])
        } else {
            vals
        }
    }
    let size = l.dtype.size();
    const CHUNK: usize = 1 << 16;
    let mut buf = vec![0u8; CHUNK * size.min(8)];
    let mut each = |f: &mut dyn FnMut(&[u8])| -> std::io::Result<()> {
        let mut left = l.count * size;
        while left > 0 {
            let k = left.min(buf.len());
            r.read_exact(&mut buf[..k])?;
            buf[..k].chunks_exact(size).for_each(&mut *f);
            left -= k;
        }
        Ok(())
    };
    let mut vals: Vec<f64> = Vec::with_capacity(l.count);
    match l.dtype {
        Dtype::F8 { big } => each(&mut |c| {
            let a: [u8; 8] = c.try_into().expect("8 bytes");
            vals.push(if big {
                f64::from_be_bytes(a)
            } else {
                f64::from_le_bytes(a)
            })
        })?,
        Dtype::F4 => each(&mut |c| {
            vals.push(f64::from(f32::from_le_bytes(
                c.try_into().expect("4 bytes"),
            )))
        })?,
        Dtype::Int { size, signed } => {
            let mut ints: Vec<i128> = Vec::with_capacity(l.count);
            each(&mut |c| {
                let mut a = [0u8; 16];
                a[..size].copy_from_slice(c);
                if signed && c[size - 1] & 0x80 != 0 {
                    a[size..].fill(0xff);
                }
                ints.push(i128::from_le_bytes(a))
            })?;
            if ints.iter().any(|x| x.unsigned_abs() > 1u128 << 53) {
                return Ok(NpyData::Int(order(ints, &l.header)));
            }
            vals = ints.into_iter().map(|x| x as f64).collect();
        }
    }
    Ok(NpyData::F64(order(vals, &l.header)))
}

/// Row-major copy of an `r × c` column-major array.
fn transpose<T: Copy + Default>(vals: &[T], r: usize, c: usize) -> Vec<T> {
    let mut t = vec![T::default(); vals.len()];
    for i in 0..r {
        for j in 0..c {
            t[i * c + j] = vals[j * r + i];
        }
    }
    t
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
                token: short_token(&v.to_string()),
            })?;
            parse_exact(&tok).map_err(|e| num_error(which, offset + i, &tok, e))
        })
        .collect()
}

/// Read an array from a file: `.npy` (float64), JSON (array of numbers or
/// strings, or array of arrays, or an object holding such an array under the
/// key `which`, e.g. `{"p": [...], "q": [...]}`), or text (numbers separated by commas or
/// whitespace; several lines, or rows split by `;`, give [`Array::Lines`]).
///
/// The shape of a matrix is not checked here: [`matrix_arg`] does it.
pub fn read_array(which: &str, path: &Path) -> Result<Array> {
    if is_npy(path) {
        let (data, shape) = read_npy(which, path)?;
        let qs = match data {
            NpyData::F64(v) => f64s_to_q(which, &v)?,
            NpyData::Int(v) => v
                .into_iter()
                .map(|x| Q::from_integer(BigInt::from(x)))
                .collect(),
        };
        return Ok(match shape.len() {
            1 => Array::Vector(qs),
            _ => Array::Matrix(qs.chunks(shape[1].max(1)).map(|c| c.to_vec()).collect()),
        });
    }
    let text = read_text(path)?;
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
        let nested = arr.iter().filter(|x| x.is_array()).count();
        if nested > 0 && nested < arr.len() {
            let i = arr
                .iter()
                .position(|x| !x.is_array())
                .expect("some element is not an array");
            return Err(file_err(
                path,
                format!(
                    "element {i} of the JSON array is not an array, but other elements are: write a matrix as an array of rows"
                ),
            ));
        }
        if nested > 0 {
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
    if lines.len() > 1 {
        return Ok(Array::Lines(parse_rows(which, &lines)?));
    }
    Ok(Array::Vector(parse_list(which, &text)?))
}

/// Parse a command-line vector argument: a list, or `@FILE`.
///
/// The lines of a text file are read as one list; a JSON or `.npy` matrix
/// is accepted only with a single row.
pub fn vector_arg(which: &str, arg: &str) -> Result<Vec<Q>> {
    if let Some(path) = arg.strip_prefix('@') {
        return match read_array(which, Path::new(path))? {
            Array::Vector(v) => Ok(v),
            Array::Lines(rows) => Ok(rows.into_iter().flatten().collect()),
            Array::Matrix(rows) if rows.len() == 1 => Ok(rows.into_iter().next().expect("one row")),
            Array::Matrix(_) => Err(file_err(
                Path::new(path),
                "expected a vector, found a matrix",
            )),
        };
    }
    parse_list(which, arg)
}

/// Parse a command-line matrix argument: `"a,b;c,d"`, or `@FILE` (one
/// line of a text file per row). Every format passes the same
/// [`check_rectangular`].
///
/// # Errors
/// Number and file errors, and [`Error::RaggedJoint`].
pub fn matrix_arg(which: &str, arg: &str) -> Result<Vec<Vec<Q>>> {
    let m = if let Some(path) = arg.strip_prefix('@') {
        match read_array(which, Path::new(path))? {
            Array::Matrix(m) | Array::Lines(m) => m,
            Array::Vector(v) => vec![v],
        }
    } else {
        parse_matrix(which, arg)?
    };
    check_rectangular(&m)?;
    Ok(m)
}

/// Round every value to the nearest double (what a float library sees).
///
/// # Errors
/// [`Error::OutsideF64`] naming the (row-major) position and the value when
/// a value lies beyond the largest double (it would become +∞), or is
/// nonzero but rounds to 0 (below half the smallest subnormal, 2⁻¹⁰⁷⁵):
/// either would change the measure silently. Values that round to a
/// subnormal double are accepted, as a float library would store them.
pub fn round_to_f64(which: &str, xs: &[Q]) -> Result<Vec<Q>> {
    xs.iter()
        .enumerate()
        .map(|(i, x)| {
            let f = q_to_f64(x);
            let problem = if f.is_infinite() {
                "is beyond the largest double (1.7976931348623157e308): rounded to a double it would become infinity"
            } else if f == 0.0 && !x.is_zero() {
                "is nonzero but rounds to 0 as a double (the smallest is 4.9406564584124654e-324): rounding to doubles would drop it from the support"
            } else {
                return Ok(f64_to_q(f).expect("finite"));
            };
            Err(Error::OutsideF64 {
                which: which.to_string(),
                index: i,
                token: crate::num::q_short(x),
                problem: problem.to_string(),
            })
        })
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
        check_rectangular(&rows)?;
        let cols = rows[0].len();
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
