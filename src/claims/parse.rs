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

use super::ast::{
    scan_number, Alpha, BinOp, Claim, Decl, Expr, Formula, Func, Kind, Measure, Rel, Statement, Var,
};

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

/// Parses a claim such as `KL(P||Q) >= 0` or `0 <= JSD(P,Q) <= ln(2)`: a
/// single chain of relations (use [`parse_statement`] for formulas with
/// `and`, `=>`, … and a `where` clause).
pub fn parse_claim(input: &str) -> Result<Claim, ParseError> {
    let mut p = Parser::new(input)?;
    let c = p.chain()?;
    if !p.at_eof() {
        let t = p.peek();
        let hint = match t.tok {
            Tok::Implies | Tok::Iff | Tok::AndSym | Tok::OrSym => {
                " (a formula with connectives or 'where' is a statement: use parse_statement)"
            }
            Tok::Ident(ref w) if matches!(w.as_str(), "and" | "or" | "iff" | "where") => {
                " (a formula with connectives or 'where' is a statement: use parse_statement)"
            }
            _ => p.trailing_hint(),
        };
        return Err(p.error_here(format!(
            "expected an operator, a relation or end of input, found {}{hint}",
            describe(t)
        )));
    }
    Ok(c)
}

/// Parses a statement: a formula (chains of relations joined by `and`,
/// `or`, `not`, `=>`, `<=>`, `all_i(…)`) with an optional `where` clause,
/// for example `H(P,Q) < H(P,R) => KL(P||Q) >= KL(P||R)` or
/// `sum_i(a[i]*ln(a[i]/b[i])) >= sum(a)*ln(sum(a)/sum(b)) where a: vector, b: positive`.
pub fn parse_statement(input: &str) -> Result<Statement, ParseError> {
    let mut p = Parser::new(input)?;
    let formula = p.formula()?;
    let decls = p.where_clause()?;
    if !p.at_eof() {
        let t = p.peek();
        let expected = if decls.is_empty() {
            "expected an operator, a relation, a connective (and, or, =>, <=>), 'where' or end of input"
        } else {
            "expected ',' and another declaration, or end of input"
        };
        let hint = p.trailing_hint();
        return Err(p.error_here(format!("{expected}, found {}{hint}", describe(t))));
    }
    Ok(Statement { formula, decls })
}

/// Parses an expression followed by an optional `where` clause, such as
/// `sum_i(w[i]*Q[i]) - H(Q) where w: positive` (for `infocert eval --expr`).
pub fn parse_expr_where(input: &str) -> Result<(Expr, Vec<Decl>), ParseError> {
    let mut p = Parser::new(input)?;
    let (e, _) = p.expr()?;
    let decls = p.where_clause()?;
    if !p.at_eof() {
        let t = p.peek();
        let hint = match t.tok {
            Tok::Rel(_) => " (an expression has no relation: use `infocert check` for claims)",
            _ => p.trailing_hint(),
        };
        return Err(p.error_here(format!(
            "expected an operator, 'where' or end of input, found {}{hint}",
            describe(t)
        )));
    }
    Ok((e, decls))
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

impl FromStr for Statement {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Statement, ParseError> {
        parse_statement(s)
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
    LBrace,
    RBrace,
    Implies,
    Iff,
    Define,
    Colon,
    Tilde,
    Outer,
    NotSym,
    AndSym,
    OrSym,
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
            if Var::from_name(s).is_some() {
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
                '{' => Tok::LBrace,
                '}' => Tok::RBrace,
                '~' => Tok::Tilde,
                '⊗' => Tok::Outer,
                '¬' => Tok::NotSym,
                '∧' => Tok::AndSym,
                '∨' => Tok::OrSym,
                '⇒' => Tok::Implies,
                '⇔' => Tok::Iff,
                ':' if next == Some('=') => {
                    i += 1;
                    Tok::Define
                }
                ':' => Tok::Colon,
                ',' => Tok::Comma,
                ';' => Tok::Semi,
                '‖' => Tok::DoubleBar,
                '∞' => Tok::Infinity,
                '|' if next == Some('|') => {
                    i += 1;
                    Tok::DoubleBar
                }
                '|' => Tok::Bar,
                '=' if next == Some('>') => {
                    i += 1;
                    Tok::Implies
                }
                '=' if next == Some('=') => {
                    i += 1;
                    Tok::Rel(Rel::Eq)
                }
                '=' => Tok::Rel(Rel::Eq),
                '<' if next == Some('=') && chars.get(i + 1) == Some(&'>') => {
                    i += 2;
                    Tok::Iff
                }
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

    /// Whether the next token is the identifier `word`.
    fn keyword(&self, word: &str) -> bool {
        matches!(&self.peek().tok, Tok::Ident(w) if w == word)
    }

    /// `expr (REL expr)+`.
    fn chain(&mut self) -> PResult<Claim> {
        let (first, _) = self.expr()?;
        let mut rest = Vec::new();
        while let Tok::Rel(rel) = self.peek().tok {
            let rel_text = self.advance().text.clone();
            if self.at_eof() {
                return Err(self.error_here(format!(
                    "expected an expression after '{rel_text}', found end of input"
                )));
            }
            let (rhs, _) = self.expr()?;
            rest.push((rel, rhs));
        }
        if rest.is_empty() {
            if self.at_eof() {
                return Err(self.error_here(
                    "expected a relation (=, ≠, <, ≤, >, ≥) after the expression, found end of input"
                        .to_owned(),
                ));
            }
            let t = self.peek();
            let hint = self.trailing_hint();
            return Err(self.error_here(format!(
                "expected an operator or a relation (=, ≠, <, ≤, >, ≥), found {}{hint}",
                describe(t)
            )));
        }
        Ok(Claim { first, rest })
    }

    /// `impl (('<=>' | 'iff') impl)?`.
    fn formula(&mut self) -> PResult<Formula> {
        self.nesting += 1;
        let col = self.peek().col;
        let r = self.check_depth(self.nesting, col).and_then(|()| {
            let a = self.implication()?;
            if self.peek().tok == Tok::Iff || self.keyword("iff") {
                self.advance();
                let b = self.implication()?;
                Ok(Formula::Iff(Box::new(a), Box::new(b)))
            } else {
                Ok(a)
            }
        });
        self.nesting -= 1;
        r
    }

    fn implication(&mut self) -> PResult<Formula> {
        let a = self.disjunction()?;
        if self.peek().tok == Tok::Implies {
            self.advance();
            let b = self.implication()?;
            return Ok(Formula::Implies(Box::new(a), Box::new(b)));
        }
        Ok(a)
    }

    fn disjunction(&mut self) -> PResult<Formula> {
        let mut v = vec![self.conjunction()?];
        while self.peek().tok == Tok::OrSym || self.keyword("or") {
            self.advance();
            v.push(self.conjunction()?);
        }
        Ok(if v.len() == 1 {
            v.pop().expect("one")
        } else {
            Formula::Or(v)
        })
    }

    fn conjunction(&mut self) -> PResult<Formula> {
        let mut v = vec![self.negation()?];
        while self.peek().tok == Tok::AndSym || self.keyword("and") {
            self.advance();
            v.push(self.negation()?);
        }
        Ok(if v.len() == 1 {
            v.pop().expect("one")
        } else {
            Formula::And(v)
        })
    }

    fn negation(&mut self) -> PResult<Formula> {
        if self.peek().tok == Tok::NotSym || self.keyword("not") {
            self.advance();
            self.nesting += 1;
            let col = self.peek().col;
            let r = self
                .check_depth(self.nesting, col)
                .and_then(|()| self.negation());
            self.nesting -= 1;
            return Ok(Formula::Not(Box::new(r?)));
        }
        if let Tok::Ident(w) = &self.peek().tok {
            if let Some(var) = w.strip_prefix("all_") {
                let var = var.to_string();
                if !is_index_name(&var) {
                    return Err(self.error_here(format!(
                        "expected an index name after 'all_' (a lower-case letter, e.g. all_i), found '{w}'"
                    )));
                }
                self.advance();
                self.expect(Tok::LParen, &format!("'(' after all_{var}"))?;
                let body = self.formula()?;
                self.expect(Tok::RParen, &format!("')' to close all_{var}(…"))?;
                return Ok(Formula::All {
                    var,
                    body: Box::new(body),
                });
            }
        }
        if self.peek().tok == Tok::LParen {
            // a parenthesised formula, or a chain starting with '('
            let (pos, nesting, terms) = (self.pos, self.nesting, self.terms);
            match self.chain() {
                Ok(c) => return Ok(Formula::Chain(c)),
                Err(chain_err) => {
                    self.pos = pos;
                    self.nesting = nesting;
                    self.terms = terms;
                    self.advance();
                    let inner = self.formula().and_then(|f| {
                        self.expect(Tok::RParen, "')' to close the formula")?;
                        Ok(f)
                    });
                    return match inner {
                        Ok(f) => Ok(f),
                        Err(e) if e.column > chain_err.column => Err(e),
                        Err(_) => Err(chain_err),
                    };
                }
            }
        }
        Ok(Formula::Chain(self.chain()?))
    }

    /// An optional `where` clause: declarations separated by commas.
    fn where_clause(&mut self) -> PResult<Vec<Decl>> {
        let mut decls = Vec::new();
        if self.keyword("where") {
            self.advance();
            loop {
                decls.push(self.decl()?);
                if self.peek().tok == Tok::Comma {
                    self.advance();
                } else {
                    break;
                }
            }
        }
        Ok(decls)
    }

    /// One declaration of a `where` clause.
    fn decl(&mut self) -> PResult<Decl> {
        if let Tok::Ident(name) = self.peek().tok.clone() {
            let next = self.toks.get(self.pos + 1).map(|t| t.tok.clone());
            match next {
                Some(Tok::Colon) => {
                    self.advance();
                    self.advance();
                    let t = self.peek().clone();
                    let kind = match &t.tok {
                        Tok::Ident(k) => Kind::from_keyword(k),
                        _ => None,
                    };
                    let Some(kind) = kind else {
                        let known: Vec<&str> = Kind::ALL.iter().map(|k| k.keyword()).collect();
                        return Err(self.expected(&format!(
                            "a kind after '{name}:' (one of {})",
                            known.join(", ")
                        )));
                    };
                    self.advance();
                    return Ok(Decl::Input { name, kind });
                }
                Some(Tok::Define) => {
                    self.advance();
                    self.advance();
                    let (expr, _) = self.expr()?;
                    return Ok(Decl::Define { name, expr });
                }
                Some(Tok::Ident(w)) if w == "in" => {
                    self.advance();
                    self.advance();
                    let start = self.peek().col;
                    let ok = self.peek().tok == Tok::LParen
                        && matches!(&self.toks.get(self.pos + 1).map(|t| &t.tok), Some(Tok::Num(z)) if z == "0")
                        && matches!(
                            &self.toks.get(self.pos + 2).map(|t| &t.tok),
                            Some(Tok::Comma)
                        )
                        && matches!(&self.toks.get(self.pos + 3).map(|t| &t.tok), Some(Tok::Num(o)) if o == "1")
                        && matches!(
                            &self.toks.get(self.pos + 4).map(|t| &t.tok),
                            Some(Tok::RParen)
                        );
                    if !ok {
                        return Err(self.error_at(
                            start,
                            format!(
                                "expected the range (0,1) after '{name} in' (a parameter in another \
                                 range: declare '{name}: real' and add a condition such as '{name} > 0')"
                            ),
                        ));
                    }
                    for _ in 0..5 {
                        self.advance();
                    }
                    return Ok(Decl::Input {
                        name,
                        kind: Kind::Unit,
                    });
                }
                _ => {}
            }
        }
        if self.at_eof() {
            return Err(self.expected(
                "a declaration after 'where' (name: kind, name := expr, or a condition)",
            ));
        }
        Ok(Decl::Cond(self.formula()?))
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
                Tok::Outer => BinOp::Outer,
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

    /// A primary expression followed by element accesses `[i]`, `[i,j]`.
    fn atom(&mut self) -> PResult<(Expr, usize)> {
        let (mut e, mut depth) = self.primary()?;
        while self.peek().tok == Tok::LBracket {
            let col = self.advance().col;
            let mut idx = Vec::new();
            loop {
                let (i, d) = self.expr()?;
                depth = depth.max(d);
                idx.push(i);
                match self.peek().tok {
                    Tok::Comma if idx.len() < 2 => {
                        self.advance();
                    }
                    Tok::RBracket => {
                        self.advance();
                        break;
                    }
                    _ => {
                        return Err(self.expected(&format!("']' to close the '[' at column {col}")))
                    }
                }
            }
            depth += 1;
            self.check_depth(depth, col)?;
            e = Expr::Index {
                base: Box::new(e),
                idx,
            };
        }
        Ok((e, depth))
    }

    fn primary(&mut self) -> PResult<(Expr, usize)> {
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
            Tok::Bar
                if self.toks.get(self.pos + 1).map(|x| &x.tok)
                    == Some(&Tok::Ident("supp".into())) =>
            {
                self.advance();
                self.advance();
                self.expect(Tok::LParen, "'(' after supp")?;
                let (e, d) = self.expr()?;
                self.expect(Tok::RParen, "')' after the argument of supp")?;
                self.expect(Tok::Bar, "'|' to close |supp(…)|")?;
                Ok((Expr::SuppSize(Box::new(e)), d + 1))
            }
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
        let lower = name.to_lowercase();
        let is_measure = matches!(
            lower.as_str(),
            "kl" | "jsd" | "js" | "tv" | "hel" | "hellinger" | "chi2" | "renyi" | "rényi"
        ) || matches!(name, "H" | "D" | "I");
        if is_measure || (Func::from_name(name).is_none() && !is_name(name)) {
            self.count_term(col)?;
        }
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
        let next = self.toks.get(self.pos + 1).map(|t| t.tok.clone());
        if let Some(var) = name
            .strip_prefix("sum_")
            .or_else(|| name.strip_prefix("Σ_"))
        {
            if next == Some(Tok::LParen) {
                if !is_index_name(var) {
                    return Err(self.error_at(
                        col,
                        format!("expected an index name after 'sum_' (a lower-case letter, e.g. sum_i), found '{name}'"),
                    ));
                }
                let var = var.to_string();
                self.advance();
                self.advance();
                let (body, d) = self.expr()?;
                self.expect(Tok::RParen, &format!("')' to close {name}(…"))?;
                return Ok((
                    Expr::Sum {
                        var,
                        body: Box::new(body),
                    },
                    d + 1,
                ));
            }
        }
        if name == "E" && next == Some(Tok::LBracket) {
            self.advance();
            self.advance();
            let var = match &self.peek().tok {
                Tok::Ident(v) if is_index_name(v) => v.clone(),
                _ => return Err(self.expected("an index name after 'E[' (E[x~P_X](…))")),
            };
            self.advance();
            self.expect(Tok::Tilde, &format!("'~' after E[{var} (E[{var}~P](…))"))?;
            let (dist, d1) = self.expr()?;
            self.expect(Tok::RBracket, "']' after the distribution of E[…]")?;
            self.expect(Tok::LParen, "'(' after E[…]")?;
            let (body, d2) = self.expr()?;
            self.expect(Tok::RParen, "')' to close E[…](…")?;
            return Ok((
                Expr::Expect {
                    var,
                    dist: Box::new(dist),
                    body: Box::new(body),
                },
                d1.max(d2) + 1,
            ));
        }
        if name == "outer" && next == Some(Tok::LParen) {
            self.advance();
            self.advance();
            let (a, d1) = self.expr()?;
            self.expect(Tok::Comma, "',' between the two arguments of outer")?;
            let (b, d2) = self.expr()?;
            self.expect(Tok::RParen, "')' after the two arguments of outer")?;
            return Ok((Expr::binary(BinOp::Outer, a, b), d1.max(d2) + 1));
        }
        if let Some(joint) = name.strip_suffix('_') {
            if next == Some(Tok::LBrace) && is_joint_letter(joint) {
                return self.conditional(joint.to_string());
            }
        }
        if next == Some(Tok::LParen) || !is_name(name) {
            return Err(self.error_at(col, unknown_name_message(name, next == Some(Tok::LParen))));
        }
        self.advance();
        Ok((Expr::Name(name.to_string()), 1))
    }

    /// After `P_`: `{Y|X=x}`.
    fn conditional(&mut self, joint: String) -> PResult<(Expr, usize)> {
        self.advance();
        self.advance();
        let letter = |p: &mut Parser<'_>, what: &str| -> PResult<char> {
            let t = p.peek().clone();
            if let Tok::Ident(v) = &t.tok {
                let mut cs = v.chars();
                if let (Some(c), None) = (cs.next(), cs.next()) {
                    if c.is_ascii_uppercase() {
                        p.advance();
                        return Ok(c);
                    }
                }
            }
            Err(p.expected(what))
        };
        let of = letter(self, "a variable letter after '{' (P_{Y|X=x})")?;
        self.expect(Tok::Bar, "'|' in the conditional (P_{Y|X=x})")?;
        let given = letter(self, "a variable letter after '|' (P_{Y|X=x})")?;
        if of == given {
            return Err(self.error_at(
                self.toks[self.pos - 1].col,
                format!("a conditional needs two different variables, found {of}|{given}"),
            ));
        }
        self.expect(
            Tok::Rel(Rel::Eq),
            "'=' after the conditioning variable (P_{Y|X=x})",
        )?;
        let (at, d) = self.expr()?;
        self.expect(Tok::RBrace, "'}' to close the conditional")?;
        Ok((
            Expr::Cond {
                joint,
                of,
                given,
                at: Box::new(at),
            },
            d + 1,
        ))
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

    /// Parses a distribution argument of a measure: any expression
    /// (a name, a marginal, a conditional, a mixture, …); its type is checked
    /// when the statement is resolved.
    fn dist(&mut self) -> PResult<Box<Expr>> {
        match self.peek().tok {
            Tok::Ident(_) | Tok::LParen | Tok::Num(_) | Tok::Minus | Tok::Bar => {
                Ok(Box::new(self.expr()?.0))
            }
            _ => Err(self.expected(&format!(
                "a distribution (P, Q, R, M, P1, P_X, P_{{Y|X=x}}, 1/2*P + 1/2*Q, …) after '{}'",
                self.prev_text()
            ))),
        }
    }

    /// Parses a random-variable name.
    fn var(&mut self) -> PResult<Var> {
        let t = self.peek().clone();
        if let Tok::Ident(s) = &t.tok {
            if let Some(v) = Var::from_name(s) {
                self.advance();
                return Ok(v);
            }
            if s.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
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
    fn dist_pair(&mut self, name: &str) -> PResult<(Box<Expr>, Box<Expr>)> {
        self.expect(Tok::LParen, &format!("'(' after {name}"))?;
        let p = self.dist()?;
        match self.peek().tok {
            Tok::DoubleBar | Tok::Comma => {
                self.advance();
            }
            _ => {
                return Err(self.expected(&format!(
                    "'||', '‖' or ',' after the first argument {p} of {name}(...)"
                )))
            }
        }
        let q = self.dist()?;
        self.expect(
            Tok::RParen,
            &format!("')' after the second argument {q} of {name}(...)"),
        )?;
        Ok((p, q))
    }

    /// After `H`: `(P)`, `(P,Q)`, `(X)`, `(X,Y)`, `(X|Y)` (`X`, `Y`: the
    /// variables of `P_XY`; anything else is a distribution expression).
    fn entropy(&mut self) -> PResult<Measure> {
        self.expect(Tok::LParen, "'(' after H")?;
        let t = self.peek().clone();
        let after = self.toks.get(self.pos + 1).map(|t| t.tok.clone());
        let var = match &t.tok {
            Tok::Ident(s) => Var::from_name(s).filter(|_| {
                matches!(
                    after,
                    Some(Tok::RParen) | Some(Tok::Comma) | Some(Tok::Bar) | Some(Tok::DoubleBar)
                )
            }),
            _ => None,
        };
        if let Some(x) = var {
            self.advance();
            return match self.peek().tok {
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
            };
        }
        let p = self.dist()?;
        match self.peek().tok {
            Tok::RParen => {
                self.advance();
                Ok(Measure::Entropy(p))
            }
            Tok::Comma => {
                self.advance();
                let q = self.dist()?;
                self.expect(Tok::RParen, &format!("')' after the second argument {q} of H(...)"))?;
                Ok(Measure::CrossEntropy { p, q })
            }
            Tok::Bar => Err(self.expected(&format!(
                "',' or ')' after the distribution {p} \
                 (conditioning 'H(X|Y)' needs the random variables X, Y; a conditional distribution is written P_{{Y|X=x}})"
            ))),
            _ => Err(self.expected(&format!("',' or ')' after the distribution {p}"))),
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
                BinOp::Outer => return None,
            }
        }
        _ => return None,
    })
}

/// Message for an identifier that does not start a measure or function.
fn unknown_name_message(name: &str, called: bool) -> String {
    let expected =
        format!("expected a measure ({MEASURE_LIST}), a function ({FUNC_LIST}) or a number");
    let found = if Var::from_name(name).is_some() {
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

/// Whether `s` can name an index (`i`, `x`, `z2`): a lower-case letter,
/// optionally followed by digits.
pub(crate) fn is_index_name(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(|c| c.is_lowercase()) && cs.all(|c| c.is_ascii_digit())
}

/// Whether `s` can be the letter of a joint (`P` in `P_{Y|X=x}`).
fn is_joint_letter(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(|c| c.is_ascii_uppercase()) && cs.all(|c| c.is_ascii_digit())
}

/// Whether `s` can be a name (not a keyword).
fn is_name(s: &str) -> bool {
    !matches!(s, "and" | "or" | "not" | "iff" | "where" | "in")
}
