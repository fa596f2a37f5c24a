//! Parser for linear information expressions and constraints.
//!
//! Grammar (whitespace free):
//! ```text
//! statement := expr rel expr            rel ∈ { <=, >=, = , ≤, ≥ }
//!            | group -> group (-> group)*        Markov chain
//!            | group _|_ group (_|_ group)* [| group]   (mutual) independence
//! expr      := term (('+' | '-') term)*
//! term      := ('+' | '-')* factor (('*' | '/' | juxtaposition) factor)*
//! factor    := number | H(list [| list]) | I(list ; list [| list]) | ( expr )
//! group, list := name (',' name)*
//! ```
//! Everything is linear and homogeneous in the joint entropies `h(S)`.

use crate::num::{parse_exact, Q};
use num_traits::{One, Zero};
use std::collections::BTreeMap;

/// Maximum number of random variables (the LP has `2^n − 1` columns).
pub const MAX_VARS: usize = 8;

/// A parse error: message and 1-based column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What went wrong.
    pub msg: String,
    /// 1-based character column.
    pub col: usize,
}

/// A linear form `c + Σ coef·h(S)` (`S` a bitmask over the variables).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lin {
    /// Constant term.
    pub c: Q,
    /// Coefficients of `h(S)`, keyed by the subset mask (never 0).
    pub t: BTreeMap<u32, Q>,
}

impl Lin {
    fn constant(c: Q) -> Lin {
        Lin {
            c,
            t: BTreeMap::new(),
        }
    }
    fn h(mask: u32, coef: Q) -> Lin {
        let mut l = Lin::default();
        l.add_h(mask, coef);
        l
    }
    fn add_h(&mut self, mask: u32, coef: Q) {
        if mask == 0 || coef.is_zero() {
            return;
        }
        let e = self.t.entry(mask).or_insert_with(Q::zero);
        *e += coef;
        if e.is_zero() {
            self.t.remove(&mask);
        }
    }
    /// `self + k·o`.
    pub fn axpy(&mut self, k: &Q, o: &Lin) {
        self.c += k * &o.c;
        for (m, v) in &o.t {
            self.add_h(*m, k * v);
        }
    }
    fn scaled(&self, k: &Q) -> Lin {
        let mut l = Lin::default();
        l.axpy(k, self);
        l
    }
    fn is_const(&self) -> bool {
        self.t.is_empty()
    }
    /// `a − b`.
    pub fn diff(a: &Lin, b: &Lin) -> Lin {
        let mut l = a.clone();
        l.axpy(&-Q::one(), b);
        l
    }
}

/// A relation between two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    /// `lhs <= rhs`
    Le,
    /// `lhs >= rhs`
    Ge,
    /// `lhs = rhs`
    Eq,
}

/// One parsed relation `lhs rel rhs`.
#[derive(Debug, Clone)]
pub struct Relation {
    /// Left side.
    pub lhs: Lin,
    /// Right side.
    pub rhs: Lin,
    /// The relation.
    pub rel: Rel,
    /// Human-readable form (the source text, or the expansion of a chain link).
    pub text: String,
}

/// The variable table shared by a claim and its constraints (in order of appearance).
#[derive(Debug, Clone, Default)]
pub struct Vars {
    /// Names, index = bit position.
    pub names: Vec<String>,
    /// Declared up front (`--vars`): any other name is an unknown variable.
    pub closed: bool,
}

impl Vars {
    /// A closed table of declared names (`--vars X,Y,Z`): each must be an
    /// identifier, distinct, at least one and at most [`MAX_VARS`].
    pub fn declared(names: &[String]) -> Result<Vars, String> {
        if names.is_empty() {
            return Err("--vars: empty variable set (declare at least one random variable)".into());
        }
        if names.len() > MAX_VARS {
            return Err(format!(
                "--vars: {} variables declared, at most {MAX_VARS}",
                names.len()
            ));
        }
        let mut out: Vec<String> = Vec::new();
        for n in names {
            let ok = n
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && n.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '\'');
            if !ok {
                return Err(format!("--vars: `{n}` is not a variable name"));
            }
            if n == "H" || n == "I" {
                return Err(format!(
                    "--vars: `{n}` is reserved for the measures H(…) and I(…)"
                ));
            }
            if out.contains(n) {
                return Err(format!("--vars: `{n}` declared twice"));
            }
            out.push(n.clone());
        }
        Ok(Vars {
            names: out,
            closed: true,
        })
    }

    fn intern(&mut self, name: &str, col: usize) -> Result<u32, ParseError> {
        if let Some(i) = self.names.iter().position(|n| n == name) {
            return Ok(1 << i);
        }
        if self.closed {
            return Err(ParseError {
                msg: format!(
                    "unknown variable `{name}` (declared with --vars: {})",
                    self.names.join(", ")
                ),
                col,
            });
        }
        if self.names.len() >= MAX_VARS {
            return Err(ParseError {
                msg: format!("too many random variables (at most {MAX_VARS})"),
                col,
            });
        }
        self.names.push(name.to_string());
        Ok(1 << (self.names.len() - 1))
    }
    /// `X,Y` for a mask.
    pub fn set_name(&self, mask: u32) -> String {
        let v: Vec<&str> = (0..self.names.len())
            .filter(|i| mask >> i & 1 == 1)
            .map(|i| self.names[i].as_str())
            .collect();
        v.join(",")
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Num(Q),
    LParen,
    RParen,
    Comma,
    Semi,
    Bar,
    Plus,
    Minus,
    Star,
    Slash,
    Le,
    Ge,
    Eq,
    Arrow,
    Indep,
    End,
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Ident(s) => format!("`{s}`"),
        Tok::Num(_) => "a number".into(),
        Tok::End => "end of input".into(),
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::Comma => "`,`".into(),
        Tok::Semi => "`;`".into(),
        Tok::Bar => "`|`".into(),
        Tok::Plus => "`+`".into(),
        Tok::Minus => "`-`".into(),
        Tok::Star => "`*`".into(),
        Tok::Slash => "`/`".into(),
        Tok::Le => "`<=`".into(),
        Tok::Ge => "`>=`".into(),
        Tok::Eq => "`=`".into(),
        Tok::Arrow => "`->`".into(),
        Tok::Indep => "`_|_`".into(),
    }
}

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, ParseError> {
    let cs: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |msg: String, col: usize| Err(ParseError { msg, col });
    while i < cs.len() {
        let c = cs[i];
        let col = i + 1;
        let next = cs.get(i + 1).copied();
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let (tok, len) = match c {
            '(' => (Tok::LParen, 1),
            ')' => (Tok::RParen, 1),
            ',' => (Tok::Comma, 1),
            ';' => (Tok::Semi, 1),
            '+' => (Tok::Plus, 1),
            '*' | '·' => (Tok::Star, 1),
            '/' => (Tok::Slash, 1),
            '≤' => (Tok::Le, 1),
            '≥' => (Tok::Ge, 1),
            '⊥' => (Tok::Indep, 1),
            '→' => (Tok::Arrow, 1),
            '|' => (Tok::Bar, 1),
            '−' => (Tok::Minus, 1),
            '-' if next == Some('>') => (Tok::Arrow, 2),
            '-' => (Tok::Minus, 1),
            '<' if next == Some('=') => (Tok::Le, 2),
            '>' if next == Some('=') => (Tok::Ge, 2),
            '=' if next == Some('=') => (Tok::Eq, 2),
            '=' => (Tok::Eq, 1),
            '<' | '>' => {
                return err(
                    "strict inequalities are not supported: use <= or >=".into(),
                    col,
                )
            }
            '_' if next == Some('|') && cs.get(i + 2) == Some(&'_') => (Tok::Indep, 3),
            c if c.is_ascii_digit() || c == '.' => {
                let mut j = i;
                while j < cs.len() && (cs[j].is_ascii_digit() || cs[j] == '.') {
                    j += 1;
                }
                let s: String = cs[i..j].iter().collect();
                match parse_exact(&s) {
                    Ok(q) => (Tok::Num(q), j - i),
                    Err(_) => return err(format!("bad number `{s}`"), col),
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut j = i;
                while j < cs.len() && (cs[j].is_alphanumeric() || cs[j] == '_' || cs[j] == '\'') {
                    j += 1;
                }
                (Tok::Ident(cs[i..j].iter().collect()), j - i)
            }
            other => return err(format!("unexpected character `{other}`"), col),
        };
        out.push((tok, col));
        i += len;
    }
    out.push((Tok::End, cs.len() + 1));
    Ok(out)
}

struct P<'a> {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    vars: &'a mut Vars,
}

impl P<'_> {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }
    fn peek_at(&self, k: usize) -> &Tok {
        &self.toks[(self.pos + k).min(self.toks.len() - 1)].0
    }
    fn col(&self) -> usize {
        self.toks[self.pos].1
    }
    fn bump(&mut self) -> Tok {
        let t = self.toks[self.pos].0.clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }
    fn fail<T>(&self, msg: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError {
            msg: msg.into(),
            col: self.col(),
        })
    }
    fn expect(&mut self, t: Tok, what: &str) -> Result<(), ParseError> {
        if *self.peek() == t {
            self.bump();
            Ok(())
        } else {
            self.fail(format!("expected {what}, found {}", describe(self.peek())))
        }
    }

    /// `name (, name)*` → mask.
    fn list(&mut self, ctx: &str) -> Result<u32, ParseError> {
        let mut mask = 0;
        loop {
            let col = self.col();
            match self.peek().clone() {
                Tok::Ident(name) => {
                    self.bump();
                    mask |= self.vars.intern(&name, col)?;
                }
                other => {
                    let msg = if mask == 0 {
                        format!(
                            "empty variable set in {ctx}: expected a variable name, found {}",
                            describe(&other)
                        )
                    } else {
                        format!("expected a variable name, found {}", describe(&other))
                    };
                    return self.fail(msg);
                }
            }
            if *self.peek() == Tok::Comma {
                self.bump();
            } else {
                return Ok(mask);
            }
        }
    }

    fn expr(&mut self) -> Result<Lin, ParseError> {
        let mut acc = self.term()?;
        loop {
            match self.peek() {
                Tok::Plus => {
                    self.bump();
                    let t = self.term()?;
                    acc.axpy(&Q::one(), &t);
                }
                Tok::Minus => {
                    self.bump();
                    let t = self.term()?;
                    acc.axpy(&-Q::one(), &t);
                }
                _ => return Ok(acc),
            }
        }
    }

    fn starts_factor(&self) -> bool {
        match self.peek() {
            Tok::Num(_) | Tok::LParen => true,
            Tok::Ident(s) => (s == "H" || s == "I") && *self.peek_at(1) == Tok::LParen,
            _ => false,
        }
    }

    fn term(&mut self) -> Result<Lin, ParseError> {
        let mut sign = Q::one();
        loop {
            match self.peek() {
                Tok::Plus => {
                    self.bump();
                }
                Tok::Minus => {
                    self.bump();
                    sign = -sign;
                }
                _ => break,
            }
        }
        let mut acc = self.factor()?.scaled(&sign);
        loop {
            let col = self.col();
            let div = match self.peek() {
                Tok::Star => {
                    self.bump();
                    false
                }
                Tok::Slash => {
                    self.bump();
                    true
                }
                _ if self.starts_factor() => false,
                _ => return Ok(acc),
            };
            let f = self.factor()?;
            if div {
                if !f.is_const() {
                    return Err(ParseError {
                        msg: "division by an information term is not linear".into(),
                        col,
                    });
                }
                if f.c.is_zero() {
                    return Err(ParseError {
                        msg: "division by zero".into(),
                        col,
                    });
                }
                acc = acc.scaled(&(Q::one() / f.c));
            } else if acc.is_const() {
                acc = f.scaled(&acc.c);
            } else if f.is_const() {
                acc = acc.scaled(&f.c);
            } else {
                return Err(ParseError {
                    msg: "product of two information terms is not linear".into(),
                    col,
                });
            }
        }
    }

    fn factor(&mut self) -> Result<Lin, ParseError> {
        let col = self.col();
        match self.peek().clone() {
            Tok::Num(q) => {
                self.bump();
                Ok(Lin::constant(q))
            }
            Tok::LParen => {
                self.bump();
                let e = self.expr()?;
                self.expect(Tok::RParen, "`)`")?;
                Ok(e)
            }
            Tok::Ident(name) if (name == "H" || name == "I") && *self.peek_at(1) == Tok::LParen => {
                self.bump();
                self.bump();
                let r = if name == "H" {
                    let a = self.list("H(…)")?;
                    let c = if *self.peek() == Tok::Bar {
                        self.bump();
                        self.list("the condition")?
                    } else {
                        0
                    };
                    // H(A|C) = h(A∪C) − h(C)
                    let mut l = Lin::h(a | c, Q::one());
                    l.add_h(c, -Q::one());
                    l
                } else {
                    let a = self.list("I(…)")?;
                    self.expect(Tok::Semi, "`;` (I(X;Y) or I(X;Y|Z))")?;
                    let b = self.list("I(…;…)")?;
                    if *self.peek() == Tok::Semi {
                        return self.fail("interaction information I(X;Y;Z) is not supported: write it with I(X;Y) − I(X;Y|Z)");
                    }
                    let c = if *self.peek() == Tok::Bar {
                        self.bump();
                        self.list("the condition")?
                    } else {
                        0
                    };
                    // I(A;B|C) = h(AC) + h(BC) − h(ABC) − h(C)
                    let mut l = Lin::h(a | c, Q::one());
                    l.add_h(b | c, Q::one());
                    l.add_h(a | b | c, -Q::one());
                    l.add_h(c, -Q::one());
                    l
                };
                self.expect(Tok::RParen, "`)`")?;
                Ok(r)
            }
            Tok::Ident(name) => Err(ParseError {
                msg: format!("unknown term `{name}`: write H(…), H(…|…), I(…;…) or I(…;…|…)"),
                col,
            }),
            other => self.fail(format!("expected a term, found {}", describe(&other))),
        }
    }
}

fn rel_of(t: &Tok) -> Option<Rel> {
    match t {
        Tok::Le => Some(Rel::Le),
        Tok::Ge => Some(Rel::Ge),
        Tok::Eq => Some(Rel::Eq),
        _ => None,
    }
}

/// Parse one statement (a relation, a Markov chain or an independence) into
/// one or more homogeneous relations. Variables are interned into `vars`.
pub fn parse_statement(src: &str, vars: &mut Vars) -> Result<Vec<Relation>, ParseError> {
    let toks = lex(src)?;
    let has = |t: &Tok| toks.iter().any(|(x, _)| x == t);
    let mut p = P {
        toks: toks.clone(),
        pos: 0,
        vars,
    };
    if *p.peek() == Tok::End {
        return p.fail("empty statement");
    }
    if has(&Tok::Arrow) {
        let mut groups = vec![p.list("a Markov chain")?];
        while *p.peek() == Tok::Arrow {
            p.bump();
            groups.push(p.list("a Markov chain")?);
        }
        if *p.peek() != Tok::End {
            return p.fail(format!(
                "expected `->` or end of input, found {}",
                describe(p.peek())
            ));
        }
        if groups.len() < 3 {
            return Err(ParseError {
                msg: "a Markov chain needs at least three groups: X -> Y -> Z".into(),
                col: 1,
            });
        }
        let names: Vec<String> = groups.iter().map(|g| p.vars.set_name(*g)).collect();
        let mut out = Vec::new();
        // X1 → … → Xk  ⇔  I(X1..X_{i−2}; X_i | X_{i−1}) = 0 for i = 3..k
        for i in 2..groups.len() {
            let past: u32 = groups[..i - 1].iter().fold(0, |a, g| a | g);
            let (a, b, c) = (past, groups[i], groups[i - 1]);
            let mut l = Lin::h(a | c, Q::one());
            l.add_h(b | c, Q::one());
            l.add_h(a | b | c, -Q::one());
            l.add_h(c, -Q::one());
            let past_names = names[..i - 1].join(",");
            out.push(Relation {
                lhs: l,
                rhs: Lin::default(),
                rel: Rel::Eq,
                text: format!("I({past_names};{}|{}) = 0", names[i], names[i - 1]),
            });
        }
        return Ok(out);
    }
    if has(&Tok::Indep) {
        let mut groups = vec![p.list("an independence")?];
        while *p.peek() == Tok::Indep {
            p.bump();
            groups.push(p.list("an independence")?);
        }
        let cond = if *p.peek() == Tok::Bar {
            p.bump();
            p.list("the condition")?
        } else {
            0
        };
        if *p.peek() != Tok::End {
            return p.fail(format!(
                "expected `_|_`, `|` or end of input, found {}",
                describe(p.peek())
            ));
        }
        // Σ H(G_i | C) − H(∪G_i | C) = 0
        let mut l = Lin::default();
        let mut all = 0;
        for g in &groups {
            l.add_h(g | cond, Q::one());
            l.add_h(cond, -Q::one());
            all |= g;
        }
        l.add_h(all | cond, -Q::one());
        l.add_h(cond, Q::one());
        return Ok(vec![Relation {
            lhs: l,
            rhs: Lin::default(),
            rel: Rel::Eq,
            text: src.trim().to_string(),
        }]);
    }
    let lhs = p.expr()?;
    let rcol = p.col();
    let rel = match rel_of(p.peek()) {
        Some(r) => r,
        None => {
            return p.fail(format!(
                "expected `<=`, `>=` or `=`{}, found {}",
                if lhs.is_const() { "" } else { " or `+`/`-`" },
                describe(p.peek())
            ))
        }
    };
    p.bump();
    let rhs = p.expr()?;
    if *p.peek() != Tok::End {
        return p.fail(format!(
            "expected end of input, found {}",
            describe(p.peek())
        ));
    }
    if lhs.c != rhs.c {
        return Err(ParseError {
            msg: "constant terms are not supported: information inequalities here are homogeneous (e.g. H(X) <= H(X,Y))".into(),
            col: rcol,
        });
    }
    Ok(vec![Relation {
        lhs,
        rhs,
        rel,
        text: src.trim().to_string(),
    }])
}

/// Render a parse error as `msg at column C`, the source, and a caret line.
pub fn render(src: &str, what: &str, e: &ParseError) -> String {
    format!(
        "{what}: {} at column {}\n  {src}\n  {}^",
        e.msg,
        e.col,
        " ".repeat(e.col.saturating_sub(1))
    )
}
