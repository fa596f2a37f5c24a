//! Parser of the claims language.
//!
//! Grammar (whitespace is ignored between tokens):
//!
//! ```text
//! claim   := expr (REL expr)+
//! REL     := "=" | "==" | "!=" | "≠" | "<" | "<=" | "≤" | "⩽" | ">" | ">=" | "≥" | "⩾"
//! expr    := term (("+" | "-") term)*
//! term    := unary (("*" | "/") unary)*
//! unary   := ("-" | "+") unary | power
//! power   := atom ("^" unary)?              -- right associative; -x^2 = -(x^2)
//! atom    := NUMBER | "(" expr ")" | func "(" expr ("," expr)* ")" | measure
//! func    := sqrt | ln | log | exp | log2 | abs | min | max
//! measure := H(d) | H(d,d) | H(v) | H(v,v) | H(v|v)
//!          | KL(d SEP d) | D(d SEP d) | Chi2(d SEP d) | Renyi[alpha](d SEP d)
//!          | JSD(d SEP d) | JS(d SEP d) | TV(d SEP d) | Hel(d SEP d)
//!          | I(v;v) | I(v,v)
//! SEP     := "||" | "‖" | ","
//! alpha   := "inf" | "∞" | expr
//! d       := P | Q | R | M              v := X | Y
//! ```
//!
//! Measure names other than `H`, `D` and `I` are case-insensitive (`kl`,
//! `Hellinger`, `rényi` are accepted); function and argument names are
//! case-sensitive. `−` (U+2212) is accepted as minus and `·`, `×` as
//! multiplication.

use std::str::FromStr;

use super::ast::{scan_number, Alpha, BinOp, Claim, Dist, Expr, Func, Measure, Rel, Var};

/// Maximal nesting depth of expressions accepted by the parser (deeper
/// inputs are rejected with a [`ParseError`] rather than risking stack
/// exhaustion).
///
/// Depth counts nesting (parentheses, functions, unary minus, powers,
/// products, Rényi orders), not the length of a sum: a chain
/// `a + b - c + …` is stored in groups of at most [`SUM_GROUP`] operands, so
/// that a sum of `n` terms adds only about `SUM_GROUP · log_SUM_GROUP(n)`
/// levels (a flat sum of [`MAX_TERMS`] terms is well within the limit).
pub const MAX_DEPTH: usize = 200;

/// Most operands of a sum stored as one left-nested group; longer sums are
/// split into groups (`a + … + x + (y + … + z)`), exactly equal in value.
pub const SUM_GROUP: usize = 32;

/// Most numbers and measures in one claim: larger claims are rejected as
/// too large rather than evaluated for minutes.
pub const MAX_TERMS: usize = 500;

/// A syntax error, located at a 1-based column counted in characters.
///
/// Its `Display` is a single line such as
/// `parse error at column 7: expected a distribution name (P, Q, R or M) after '||', found ')'`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("parse error at column {column}: {message}")]
pub struct ParseError {
    /// 1-based column (in characters) of the offending token; one past the
    /// last character for an unexpected end of input.
    pub column: usize,
    /// What was expected and what was found.
    pub message: String,
    /// The complete input that was parsed.
    pub input: String,
}

impl ParseError {
    /// Two lines (joined by `\n`, no trailing newline): the input, with tabs
    /// and other control characters shown as spaces, and a caret `^` under
    /// the error column.
    pub fn caret(&self) -> String {
        let line: String = self
            .input
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        format!("{line}\n{}^", " ".repeat(self.column.saturating_sub(1)))
    }
}

/// Parses a claim such as `KL(P||Q) >= 0` or `0 <= JSD(P,Q) <= ln(2)`.
pub fn parse_claim(input: &str) -> Result<Claim, ParseError> {
    let mut p = Parser::new(input)?;
    let (first, _) = p.expr()?;
    let mut rest = Vec::new();
    while let Tok::Rel(rel) = p.peek().tok {
        let rel_text = p.advance().text.clone();
        if p.at_eof() {
            return Err(p.error_here(format!(
                "expected an expression after '{rel_text}', found end of input"
            )));
        }
        let (rhs, _) = p.expr()?;
        rest.push((rel, rhs));
    }
    if !p.at_eof() {
        let t = p.peek();
        let expected = if rest.is_empty() {
            "expected an operator or a relation (=, ≠, <, ≤, >, ≥)"
        } else {
            "expected an operator, a relation or end of input"
        };
        let hint = p.trailing_hint();
        return Err(p.error_here(format!("{expected}, found {}{hint}", describe(t))));
    }
    if rest.is_empty() {
        return Err(p.error_here(
            "expected a relation (=, ≠, <, ≤, >, ≥) after the expression, found end of input"
                .to_owned(),
        ));
    }
    Ok(Claim { first, rest })
}

/// Parses a single expression (no relation), such as `H(P) + KL(P||Q)`.
pub fn parse_expr(input: &str) -> Result<Expr, ParseError> {
    let mut p = Parser::new(input)?;
    let (e, _) = p.expr()?;
    if !p.at_eof() {
        let t = p.peek();
        let hint = match t.tok {
            Tok::Rel(_) => " (relations are not allowed in a bare expression)",
            _ => p.trailing_hint(),
        };
        return Err(p.error_here(format!(
            "expected an operator or end of input, found {}{hint}",
            describe(t)
        )));
    }
    Ok(e)
}

impl FromStr for Claim {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Claim, ParseError> {
        parse_claim(s)
    }
}

impl FromStr for Expr {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Expr, ParseError> {
        parse_expr(s)
    }
}

// ---------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(String),
    Ident(String),
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Semi,
    Bar,
    DoubleBar,
    Infinity,
    Rel(Rel),
    Eof,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    /// 1-based column in characters.
    col: usize,
    /// Source text of the token.
    text: String,
}

/// Human-readable description of a token for error messages.
fn describe(t: &Token) -> String {
    match &t.tok {
        Tok::Eof => "end of input".to_owned(),
        Tok::Num(s) => format!("number {s}"),
        Tok::Ident(s) => {
            if Dist::from_name(s).is_some() {
                format!("distribution {s}")
            } else if Var::from_name(s).is_some() {
                format!("random variable {s}")
            } else {
                format!("name '{s}'")
            }
        }
        Tok::Rel(_) => format!("relation '{}'", t.text),
        _ => format!("'{}'", t.text),
    }
}

fn lex(input: &str) -> Result<Vec<Token>, ParseError> {
    let chars: Vec<char> = input.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let next = chars.get(i + 1).copied();
        let tok = if c.is_ascii_digit() || c == '.' {
            match scan_number(&chars, i) {
                Some(end) => {
                    i = end;
                    Tok::Num(chars[start..end].iter().collect())
                }
                None => {
                    return Err(ParseError {
                        column: start + 1,
                        message: "expected a digit before or after '.', found '.'".to_owned(),
                        input: input.to_owned(),
                    })
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            Tok::Ident(chars[start..i].iter().collect())
        } else {
            i += 1;
            match c {
                '+' => Tok::Plus,
                '-' | '−' => Tok::Minus,
                '*' | '·' | '×' => Tok::Star,
                '/' => Tok::Slash,
                '^' => Tok::Caret,
                '(' => Tok::LParen,
                ')' => Tok::RParen,
                '[' => Tok::LBracket,
                ']' => Tok::RBracket,
                ',' => Tok::Comma,
                ';' => Tok::Semi,
                '‖' => Tok::DoubleBar,
                '∞' => Tok::Infinity,
                '|' if next == Some('|') => {
                    i += 1;
                    Tok::DoubleBar
                }
                '|' => Tok::Bar,
                '=' if next == Some('=') => {
                    i += 1;
                    Tok::Rel(Rel::Eq)
                }
                '=' => Tok::Rel(Rel::Eq),
                '<' if next == Some('=') => {
                    i += 1;
                    Tok::Rel(Rel::Le)
                }
                '<' => Tok::Rel(Rel::Lt),
                '>' if next == Some('=') => {
                    i += 1;
                    Tok::Rel(Rel::Ge)
                }
                '>' => Tok::Rel(Rel::Gt),
                '!' if next == Some('=') => {
                    i += 1;
                    Tok::Rel(Rel::Ne)
                }
                '≤' | '⩽' => Tok::Rel(Rel::Le),
                '≥' | '⩾' => Tok::Rel(Rel::Ge),
                '≠' => Tok::Rel(Rel::Ne),
                '!' => {
                    return Err(ParseError {
                        column: start + 1,
                        message: "expected '!=' (not equal), found '!' not followed by '='"
                            .to_owned(),
                        input: input.to_owned(),
                    })
                }
                other => {
                    return Err(ParseError {
                        column: start + 1,
                        message: format!(
                            "expected a number, name, operator, parenthesis or relation, \
                             found unexpected character '{}'",
                            other.escape_debug()
                        ),
                        input: input.to_owned(),
                    })
                }
            }
        };
        toks.push(Token {
            tok,
            col: start + 1,
            text: chars[start..i].iter().collect(),
        });
    }
    toks.push(Token {
        tok: Tok::Eof,
        col: chars.len() + 1,
        text: String::new(),
    });
    Ok(toks)
}

// ---------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------

/// Names accepted for measures other than `H`, `D`, `I` (compared in lower
/// case).
#[derive(Clone, Copy)]
enum TwoDist {
    Kl,
    Jsd,
    Js,
    Tv,
    Hel,
    Chi2,
}

const MEASURE_LIST: &str = "H, KL, D, JSD, JS, TV, Hel, Chi2, Renyi, I";
const FUNC_LIST: &str = "sqrt, ln, log, exp, log2, abs, min, max";

type PResult<T> = Result<T, ParseError>;

struct Parser<'a> {
    input: &'a str,
    toks: Vec<Token>,
    pos: usize,
    nesting: usize,
    terms: usize,
}

/// One operand of a sum: the operator before it, the expression, its
/// depth, and the column of the operator (for errors).
type SumItem = (BinOp, Expr, usize, usize);

/// A left-nested `first op1 e1 op2 e2 …` with its depth (the longest path).
fn fold_left(first: (Expr, usize), items: Vec<SumItem>) -> (Expr, usize, usize) {
    let (mut lhs, mut depth) = first;
    let mut deepest_col = 0;
    for (op, e, d, col) in items {
        let nd = depth.max(d) + 1;
        if nd > depth {
            deepest_col = col;
        }
        depth = nd;
        lhs = Expr::binary(op, lhs, e);
    }
    (lhs, depth, deepest_col)
}

/// `a − (b − c + d)` is `a − b + c − d`: the operators inside a group
/// joined by `−` are flipped.
fn flip(op: BinOp) -> BinOp {
    match op {
        BinOp::Add => BinOp::Sub,
        BinOp::Sub => BinOp::Add,
        other => other,
    }
}

/// Build a sum of `first` and `items` so that its depth grows with the
/// logarithm of the length: at most [`SUM_GROUP`] operands on the left spine,
/// the first ones as written, the last ones parenthesised groups (built the
/// same way; inside a group joined by `−` the operators are flipped, which
/// keeps the value exactly). Printing and re-parsing gives the same tree.
/// Returns the expression, its depth and the column of the operator on the
/// deepest path.
fn build_sum(first: (Expr, usize), items: Vec<SumItem>) -> (Expr, usize, usize) {
    let n = items.len() + 1;
    if n <= SUM_GROUP {
        return fold_left(first, items);
    }
    // g groups after m operands as written, m + g <= SUM_GROUP
    let k = SUM_GROUP;
    let g = (n - k).div_ceil(k - 1);
    let (m, size) = if g < k {
        (k - g, k)
    } else {
        (1, (n - 1).div_ceil(k - 1))
    };
    let mut items = items;
    let grouped = items.split_off(m - 1);
    let mut spine: Vec<SumItem> = items;
    let mut it = grouped.into_iter();
    while let Some((join, e, d, col)) = it.next() {
        let members: Vec<SumItem> = it
            .by_ref()
            .take(size - 1)
            .map(|(op, x, dx, cx)| {
                let op = if join == BinOp::Sub { flip(op) } else { op };
                (op, x, dx, cx)
            })
            .collect();
        let (g, gd, gc) = build_sum((e, d), members);
        spine.push((join, g, gd, if gc == 0 { col } else { gc }));
    }
    fold_left(first, spine)
}

impl<'a> Parser<'a> {
    fn new(input: &'a str) -> PResult<Parser<'a>> {
        Ok(Parser {
            input,
            toks: lex(input)?,
            pos: 0,
            nesting: 0,
            terms: 0,
        })
    }

    fn peek(&self) -> &Token {
        &self.toks[self.pos]
    }

    fn at_eof(&self) -> bool {
        self.peek().tok == Tok::Eof
    }

    fn advance(&mut self) -> &Token {
        let i = self.pos;
        if self.toks[i].tok != Tok::Eof {
            self.pos += 1;
        }
        &self.toks[i]
    }

    /// Source text of the previously consumed token (for "after ..." in
    /// messages).
    fn prev_text(&self) -> &str {
        if self.pos == 0 {
            ""
        } else {
            &self.toks[self.pos - 1].text
        }
    }

    fn error_at(&self, column: usize, message: String) -> ParseError {
        ParseError {
            column,
            message,
            input: self.input.to_owned(),
        }
    }

    fn error_here(&self, message: String) -> ParseError {
        self.error_at(self.peek().col, message)
    }

    /// Error "expected `what`, found <next token>" at the next token.
    fn expected(&self, what: &str) -> ParseError {
        self.error_here(format!("expected {what}, found {}", describe(self.peek())))
    }

    /// Consumes `tok` or fails with "expected `what`, found ...".
    fn expect(&mut self, tok: Tok, what: &str) -> PResult<()> {
        if self.peek().tok == tok {
            self.advance();
            Ok(())
        } else {
            Err(self.expected(what))
        }
    }

    fn check_depth(&self, depth: usize, col: usize) -> PResult<()> {
        if depth > MAX_DEPTH {
            Err(self.error_at(
                col,
                format!(
                    "expected an expression nested at most {MAX_DEPTH} levels deep, \
                     found a deeper one"
                ),
            ))
        } else {
            Ok(())
        }
    }

    // Each expression parser returns the expression and its tree depth.

    fn expr(&mut self) -> PResult<(Expr, usize)> {
        let first = self.term()?;
        let mut items = Vec::new();
        loop {
            let op = match self.peek().tok {
                Tok::Plus => BinOp::Add,
                Tok::Minus => BinOp::Sub,
                _ => break,
            };
            let col = self.advance().col;
            let (rhs, d) = self.term()?;
            self.check_depth(d + 1, col)?;
            items.push((op, rhs, d, col));
        }
        let (e, depth, col) = build_sum(first, items);
        self.check_depth(depth, col)?;
        Ok((e, depth))
    }

    /// Count one number or measure against [`MAX_TERMS`].
    fn count_term(&mut self, col: usize) -> PResult<()> {
        self.terms += 1;
        if self.terms > MAX_TERMS {
            return Err(self.error_at(
                col,
                format!(
                    "the claim is too large: more than {MAX_TERMS} numbers and measures \
                     (the limit is {MAX_TERMS})"
                ),
            ));
        }
        Ok(())
    }

    fn term(&mut self) -> PResult<(Expr, usize)> {
        let (mut lhs, mut depth) = self.unary()?;
        loop {
            let op = match self.peek().tok {
                Tok::Star => BinOp::Mul,
                Tok::Slash => BinOp::Div,
                _ => return Ok((lhs, depth)),
            };
            let col = self.advance().col;
            let (rhs, d) = self.unary()?;
            depth = depth.max(d) + 1;
            self.check_depth(depth, col)?;
            lhs = Expr::binary(op, lhs, rhs);
        }
    }

    fn unary(&mut self) -> PResult<(Expr, usize)> {
        let col = self.peek().col;
        self.nesting += 1;
        let result = self
            .check_depth(self.nesting, col)
            .and_then(|()| self.unary_inner());
        self.nesting -= 1;
        result
    }

    fn unary_inner(&mut self) -> PResult<(Expr, usize)> {
        match self.peek().tok {
            Tok::Minus => {
                self.advance();
                let (e, d) = self.unary()?;
                Ok((Expr::Neg(Box::new(e)), d + 1))
            }
            Tok::Plus => {
                self.advance();
                self.unary()
            }
            _ => self.power(),
        }
    }

    fn power(&mut self) -> PResult<(Expr, usize)> {
        let (base, d0) = self.atom()?;
        if self.peek().tok != Tok::Caret {
            return Ok((base, d0));
        }
        let col = self.advance().col;
        let (exponent, d1) = self.unary()?;
        let depth = d0.max(d1) + 1;
        self.check_depth(depth, col)?;
        Ok((Expr::binary(BinOp::Pow, base, exponent), depth))
    }

    fn atom(&mut self) -> PResult<(Expr, usize)> {
        let t = self.peek().clone();
        match &t.tok {
            Tok::Num(s) => {
                let n = super::ast::Number::new(s).expect("lexer produces valid numbers");
                if let Some(why) = n.too_large() {
                    return Err(self.error_at(
                        t.col,
                        format!("number {} is too large: {why}", crate::dist::short_token(s)),
                    ));
                }
                self.count_term(t.col)?;
                self.advance();
                Ok((Expr::Num(n), 1))
            }
            Tok::LParen => {
                self.advance();
                let (e, d) = self.expr()?;
                if self.peek().tok != Tok::RParen {
                    return Err(self.expected(&format!("')' to close the '(' at column {}", t.col)));
                }
                self.advance();
                Ok((e, d))
            }
            Tok::Ident(name) => self.call(name, t.col),
            _ => {
                let what = match self.prev_text() {
                    "" => "expected an expression".to_owned(),
                    prev => format!("expected an expression after '{prev}'"),
                };
                let hint = match (&t.tok, self.prev_text()) {
                    (Tok::Star, "*") => " ('**' is not an operator; use '^' for powers)",
                    _ => "",
                };
                Err(self.error_here(format!("{what}, found {}{hint}", describe(&t))))
            }
        }
    }

    /// Parses what follows an identifier at the start of an atom.
    fn call(&mut self, name: &str, col: usize) -> PResult<(Expr, usize)> {
        if Func::from_name(name).is_none() {
            self.count_term(col)?;
        }
        let lower = name.to_lowercase();
        let two = match lower.as_str() {
            "kl" => Some(TwoDist::Kl),
            "jsd" => Some(TwoDist::Jsd),
            "js" => Some(TwoDist::Js),
            "tv" => Some(TwoDist::Tv),
            "hel" | "hellinger" => Some(TwoDist::Hel),
            "chi2" => Some(TwoDist::Chi2),
            _ => None,
        };
        if let Some(kind) = two {
            self.advance();
            let (p, q) = self.dist_pair(name)?;
            let m = match kind {
                TwoDist::Kl => Measure::Kl { p, q },
                TwoDist::Jsd => Measure::Jsd { p, q },
                TwoDist::Js => Measure::Js { p, q },
                TwoDist::Tv => Measure::Tv { p, q },
                TwoDist::Hel => Measure::Hellinger { p, q },
                TwoDist::Chi2 => Measure::Chi2 { p, q },
            };
            return Ok((Expr::Measure(m), 1));
        }
        match name {
            "H" => {
                self.advance();
                return Ok((Expr::Measure(self.entropy()?), 1));
            }
            "D" => {
                self.advance();
                let (p, q) = self.dist_pair(name)?;
                return Ok((Expr::Measure(Measure::Kl { p, q }), 1));
            }
            "I" => {
                self.advance();
                return Ok((Expr::Measure(self.mutual_info()?), 1));
            }
            _ => {}
        }
        if lower == "renyi" || lower == "rényi" {
            self.advance();
            return self.renyi(name);
        }
        if let Some(func) = Func::from_name(name) {
            self.advance();
            return self.func_call(func, name);
        }
        Err(self.error_at(col, unknown_name_message(name, self.next_is_paren())))
    }

    /// Hint for a token that cannot continue a complete expression.
    fn trailing_hint(&self) -> &'static str {
        let t = self.peek();
        match &t.tok {
            Tok::RParen => " without a matching '('",
            Tok::Ident(s)
                if s.starts_with(['e', 'E'])
                    && self.pos > 0
                    && matches!(self.toks[self.pos - 1].tok, Tok::Num(_))
                    && self.toks[self.pos - 1].col + self.prev_text().chars().count() == t.col =>
            {
                " (an exponent needs digits, e.g. 2e3 or 1e-3)"
            }
            Tok::Num(_) | Tok::Ident(_) | Tok::LParen => {
                " (implicit multiplication is not supported; write '*')"
            }
            _ => "",
        }
    }

    fn next_is_paren(&self) -> bool {
        matches!(
            self.toks.get(self.pos + 1).map(|t| &t.tok),
            Some(Tok::LParen) | Some(Tok::LBracket)
        )
    }

    fn func_call(&mut self, func: Func, name: &str) -> PResult<(Expr, usize)> {
        self.expect(Tok::LParen, &format!("'(' after function {name}"))?;
        let mut args = Vec::new();
        let mut depth = 0;
        loop {
            let (a, d) = self.expr()?;
            depth = depth.max(d);
            args.push(a);
            match self.peek().tok {
                Tok::RParen => {
                    self.advance();
                    break;
                }
                Tok::Comma if func.is_variadic() => {
                    self.advance();
                }
                _ => {
                    let what = if func.is_variadic() {
                        format!("',' or ')' in the arguments of {name}")
                    } else {
                        format!("')' after the single argument of {name}")
                    };
                    return Err(self.expected(&what));
                }
            }
        }
        Ok((Expr::Func { func, args }, depth + 1))
    }

    /// Parses a distribution name (messages mention the preceding token).
    fn dist(&mut self) -> PResult<Dist> {
        let t = self.peek().clone();
        if let Tok::Ident(s) = &t.tok {
            if let Some(d) = Dist::from_name(s) {
                self.advance();
                return Ok(d);
            }
            if Var::from_name(s).is_some() {
                return Err(self.error_here(format!(
                    "expected a distribution name (P, Q, R or M) after '{}', found {} \
                     (random variables and distributions cannot be mixed)",
                    self.prev_text(),
                    describe(&t)
                )));
            }
        }
        Err(self.expected(&format!(
            "a distribution name (P, Q, R or M) after '{}'",
            self.prev_text()
        )))
    }

    /// Parses a random-variable name.
    fn var(&mut self) -> PResult<Var> {
        let t = self.peek().clone();
        if let Tok::Ident(s) = &t.tok {
            if let Some(v) = Var::from_name(s) {
                self.advance();
                return Ok(v);
            }
            if Dist::from_name(s).is_some() {
                return Err(self.error_here(format!(
                    "expected a random variable (X or Y) after '{}', found {} \
                     (random variables and distributions cannot be mixed)",
                    self.prev_text(),
                    describe(&t)
                )));
            }
        }
        Err(self.expected(&format!(
            "a random variable (X or Y) after '{}'",
            self.prev_text()
        )))
    }

    fn close_after(&mut self, what: &str) -> PResult<()> {
        let prev = self.prev_text().to_owned();
        self.expect(Tok::RParen, &format!("')' after {what} {prev}"))
    }

    /// `( d SEP d )` with SEP one of `||`, `‖`, `,`.
    fn dist_pair(&mut self, name: &str) -> PResult<(Dist, Dist)> {
        self.expect(Tok::LParen, &format!("'(' after {name}"))?;
        let p = self.dist()?;
        match self.peek().tok {
            Tok::DoubleBar | Tok::Comma => {
                self.advance();
            }
            _ => {
                return Err(self.expected(&format!(
                    "'||', '‖' or ',' after distribution name {p} in {name}(...)"
                )))
            }
        }
        let q = self.dist()?;
        self.close_after("distribution name")?;
        Ok((p, q))
    }

    /// After `H`: `(P)`, `(P,Q)`, `(X)`, `(X,Y)`, `(X|Y)`.
    fn entropy(&mut self) -> PResult<Measure> {
        self.expect(Tok::LParen, "'(' after H")?;
        let t = self.peek().clone();
        let first = match &t.tok {
            Tok::Ident(s) => s.clone(),
            _ => {
                return Err(self.expected(
                    "a distribution (P, Q, R or M) or random variable (X or Y) after 'H('",
                ))
            }
        };
        if let Some(p) = Dist::from_name(&first) {
            self.advance();
            match self.peek().tok {
                Tok::RParen => {
                    self.advance();
                    Ok(Measure::Entropy(p))
                }
                Tok::Comma => {
                    self.advance();
                    let q = self.dist()?;
                    self.close_after("distribution name")?;
                    Ok(Measure::CrossEntropy { p, q })
                }
                Tok::Bar => Err(self.expected(&format!(
                    "',' or ')' after distribution name {p} \
                     (conditioning 'H(X|Y)' needs random variables)"
                ))),
                _ => Err(self.expected(&format!("',' or ')' after distribution name {p}"))),
            }
        } else if let Some(x) = Var::from_name(&first) {
            self.advance();
            match self.peek().tok {
                Tok::RParen => {
                    self.advance();
                    Ok(Measure::MarginalEntropy(x))
                }
                Tok::Comma => {
                    self.advance();
                    let y = self.var()?;
                    self.close_after("random variable")?;
                    Ok(Measure::JointEntropy {
                        first: x,
                        second: y,
                    })
                }
                Tok::Bar => {
                    self.advance();
                    let y = self.var()?;
                    self.close_after("random variable")?;
                    Ok(Measure::CondEntropy { of: x, given: y })
                }
                _ => Err(self.expected(&format!("',', '|' or ')' after random variable {x}"))),
            }
        } else {
            Err(self
                .expected("a distribution (P, Q, R or M) or random variable (X or Y) after 'H('"))
        }
    }

    /// After `I`: `(X;Y)` or `(X,Y)`.
    fn mutual_info(&mut self) -> PResult<Measure> {
        self.expect(Tok::LParen, "'(' after I")?;
        let x = self.var()?;
        match self.peek().tok {
            Tok::Semi | Tok::Comma => {
                self.advance();
            }
            _ => {
                return Err(
                    self.expected(&format!("';' or ',' after random variable {x} in I(...)"))
                )
            }
        }
        let y = self.var()?;
        self.close_after("random variable")?;
        Ok(Measure::MutualInfo {
            first: x,
            second: y,
        })
    }

    /// After `Renyi`: `[alpha](d SEP d)`.
    fn renyi(&mut self, name: &str) -> PResult<(Expr, usize)> {
        self.expect(
            Tok::LBracket,
            &format!("'[' after {name} (the order is written {name}[alpha](P||Q))"),
        )?;
        let is_inf = match &self.peek().tok {
            Tok::Infinity => true,
            Tok::Ident(s) => s.eq_ignore_ascii_case("inf") || s.eq_ignore_ascii_case("infinity"),
            _ => false,
        };
        let (alpha, depth) = if is_inf {
            self.advance();
            (Alpha::Inf, 1)
        } else {
            if self.peek().tok == Tok::RBracket {
                return Err(self.expected(&format!("the order alpha after '{name}['")));
            }
            use num_traits::Signed;
            let col = self.peek().col;
            let (e, d) = self.expr()?;
            let bad = match constant_value(&e) {
                Some(Err(why)) => Some(format!("is undefined ({why})")),
                Some(Ok(v)) if v.is_negative() => {
                    let v = crate::num::q_short(&v);
                    Some(if v == e.to_string() {
                        "is negative".to_owned()
                    } else {
                        format!("= {v} is negative")
                    })
                }
                _ => None,
            };
            if let Some(bad) = bad {
                return Err(self.error_at(
                    col,
                    format!(
                        "the Rényi order {e} {bad}: it must be a number ≥ 0 \
                         (0 and inf are the limits, 1 is KL)"
                    ),
                ));
            }
            (Alpha::Finite(Box::new(e)), d + 1)
        };
        self.expect(Tok::RBracket, &format!("']' after the order of {name}"))?;
        let (p, q) = self.dist_pair(name)?;
        Ok((Expr::Measure(Measure::Renyi { alpha, p, q }), depth))
    }
}

/// Largest integer exponent folded by [`constant_value`].
const MAX_FOLDED_POWER: u32 = 64;

/// The exact value of an expression made of numbers and `+ - * / ^` only
/// (`^` with a small integer exponent); `None` when it depends on a
/// distribution, uses a function, or is not rational; `Some(Err)` when it
/// is undefined (division by zero).
fn constant_value(e: &Expr) -> Option<Result<num_rational::BigRational, String>> {
    use num_traits::{Signed, ToPrimitive, Zero};
    Some(match e {
        Expr::Num(n) => Ok(n.to_ratio()?),
        Expr::Neg(x) => constant_value(x)?.map(|v| -v),
        Expr::Binary { op, lhs, rhs } => {
            let l = match constant_value(lhs)? {
                Ok(v) => v,
                err => return Some(err),
            };
            let r = match constant_value(rhs)? {
                Ok(v) => v,
                err => return Some(err),
            };
            match op {
                BinOp::Add => Ok(l + r),
                BinOp::Sub => Ok(l - r),
                BinOp::Mul => Ok(l * r),
                BinOp::Div if r.is_zero() => Err("division by zero".to_owned()),
                BinOp::Div => Ok(l / r),
                BinOp::Pow => {
                    if !r.is_integer() {
                        return None;
                    }
                    let k = r.to_integer().abs().to_u32()?;
                    if k > MAX_FOLDED_POWER {
                        return None;
                    }
                    if l.is_zero() && r.is_negative() {
                        Err("zero to a negative power".to_owned())
                    } else {
                        let v = num_traits::pow(l, k as usize);
                        Ok(if r.is_negative() { v.recip() } else { v })
                    }
                }
            }
        }
        Expr::Func { .. } | Expr::Measure(_) => return None,
    })
}

/// Message for an identifier that does not start a measure or function.
fn unknown_name_message(name: &str, called: bool) -> String {
    let expected =
        format!("expected a measure ({MEASURE_LIST}), a function ({FUNC_LIST}) or a number");
    let found = if Dist::from_name(name).is_some() {
        format!("distribution {name}; distributions are only allowed as measure arguments, e.g. H({name})")
    } else if Var::from_name(name).is_some() {
        format!("random variable {name}; random variables are only allowed as measure arguments, e.g. H({name})")
    } else if matches!(name, "h" | "d" | "i") {
        format!(
            "name '{name}' (the measure names H, D and I must be upper-case: did you mean '{}'?)",
            name.to_uppercase()
        )
    } else if name == "e" {
        "name 'e' ('e' is not a constant; write exp(1))".to_owned()
    } else if name.eq_ignore_ascii_case("inf") || name.eq_ignore_ascii_case("infinity") {
        format!("name '{name}' ('inf' is only allowed as the order in Renyi[inf](P||Q))")
    } else if let Some(f) = Func::from_name(&name.to_lowercase()) {
        format!(
            "unknown function '{name}' (function names are lower-case: did you mean '{}'?)",
            if name.eq_ignore_ascii_case("log") {
                "log"
            } else {
                f.name()
            }
        )
    } else if called {
        format!("unknown function '{name}'")
    } else {
        format!("unknown name '{name}'")
    };
    format!("{expected}, found {found}")
}
