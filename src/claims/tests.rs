//! Unit tests of the claims parser and printer.

use super::*;
use std::collections::BTreeSet;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn num(s: &str) -> Expr {
    Expr::Num(Number::new(s).unwrap())
}

fn neg(e: Expr) -> Expr {
    Expr::Neg(Box::new(e))
}

fn bin(op: BinOp, a: Expr, b: Expr) -> Expr {
    Expr::binary(op, a, b)
}

fn add(a: Expr, b: Expr) -> Expr {
    bin(BinOp::Add, a, b)
}

fn sub(a: Expr, b: Expr) -> Expr {
    bin(BinOp::Sub, a, b)
}

fn mul(a: Expr, b: Expr) -> Expr {
    bin(BinOp::Mul, a, b)
}

fn div(a: Expr, b: Expr) -> Expr {
    bin(BinOp::Div, a, b)
}

fn pow(a: Expr, b: Expr) -> Expr {
    bin(BinOp::Pow, a, b)
}

fn func(f: Func, args: Vec<Expr>) -> Expr {
    Expr::Func { func: f, args }
}

fn m(measure: Measure) -> Expr {
    Expr::Measure(measure)
}

fn kl(p: Dist, q: Dist) -> Expr {
    m(Measure::Kl {
        p: p.into(),
        q: q.into(),
    })
}

/// The four distribution names of the original language (a test shim: the
/// language now takes any name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Dist {
    P,
    Q,
    R,
    M,
}

impl Dist {
    const ALL: [Dist; 4] = [Dist::P, Dist::Q, Dist::R, Dist::M];
    fn name(self) -> &'static str {
        ["P", "Q", "R", "M"][self as usize]
    }
    fn from_name(s: &str) -> Option<Dist> {
        Dist::ALL.into_iter().find(|d| d.name() == s)
    }
}

impl std::fmt::Display for Dist {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl From<Dist> for Box<Expr> {
    fn from(d: Dist) -> Box<Expr> {
        Box::new(Expr::Name(d.name().to_string()))
    }
}

fn dist_names(names: Vec<String>) -> BTreeSet<Dist> {
    names.iter().filter_map(|n| Dist::from_name(n)).collect()
}

trait DistQueries {
    fn distributions_used(&self) -> BTreeSet<Dist>;
    fn distributions_required(&self) -> BTreeSet<Dist> {
        let mut s = self.distributions_used();
        if s.remove(&Dist::M) {
            s.insert(Dist::P);
            s.insert(Dist::Q);
        }
        s
    }
}

impl DistQueries for Claim {
    fn distributions_used(&self) -> BTreeSet<Dist> {
        dist_names(self.free_names())
    }
}

impl DistQueries for Expr {
    fn distributions_used(&self) -> BTreeSet<Dist> {
        dist_names(self.free_names())
    }
}

trait MeasureDists {
    fn distributions(&self) -> Vec<Dist>;
}

impl MeasureDists for Measure {
    fn distributions(&self) -> Vec<Dist> {
        self.arguments()
            .into_iter()
            .filter_map(|e| match e {
                Expr::Name(n) => Dist::from_name(n),
                _ => None,
            })
            .collect()
    }
}

fn expr(s: &str) -> Expr {
    match parse_expr(s) {
        Ok(e) => e,
        Err(e) => panic!("{e}\n{}", e.caret()),
    }
}

fn claim(s: &str) -> Claim {
    match parse_claim(s) {
        Ok(c) => c,
        Err(e) => panic!("{e}\n{}", e.caret()),
    }
}

fn measure(s: &str) -> Measure {
    match expr(s) {
        Expr::Measure(m) => m,
        other => panic!("{s} parsed to {other:?}, not a measure"),
    }
}

/// Asserts that `input` fails to parse as a claim at `column` with a
/// message containing every fragment of `fragments`.
fn fails_at(input: &str, column: usize, fragments: &[&str]) -> ParseError {
    let err = match crate::claims::parse_resolved(input) {
        Ok((c, _)) => panic!("{input:?} unexpectedly parsed to {c}"),
        Err(e) => e,
    };
    assert_eq!(
        err.column,
        column,
        "wrong column for {input:?}: {err}\n{}",
        err.caret()
    );
    for f in fragments {
        assert!(
            err.message.contains(f),
            "message for {input:?} lacks {f:?}: {}",
            err.message
        );
    }
    assert!(err.message.contains("expected"), "{err}");
    assert!(err.message.contains("found"), "{err}");
    assert!(!err.to_string().contains('\n'), "{err}");
    assert_eq!(err.input, input);
    err
}

/// Checks that printing and re-parsing (both notations) is the identity,
/// and that printing is idempotent.
fn assert_round_trip(c: &Claim) {
    let shown = c.to_string();
    let back = parse_claim(&shown).unwrap_or_else(|e| panic!("{e}\n{}", e.caret()));
    assert_eq!(&back, c, "Display round trip of {shown}");
    assert_eq!(back.to_string(), shown);
    let ascii = c.to_ascii();
    assert!(ascii.is_ascii(), "{ascii}");
    let back = parse_claim(&ascii).unwrap_or_else(|e| panic!("{e}\n{}", e.caret()));
    assert_eq!(&back, c, "ASCII round trip of {ascii}");
}

const REQUIRED: &[&str] = &[
    "KL(P||Q) = KL(Q||P)",
    "H(X|Y) <= H(X)",
    "JSD(P,Q) = 1/2*(KL(M||P) + KL(M||Q))",
    "TV(P,Q) <= sqrt(KL(P||Q)/2)",
    "0 <= JSD(P,Q) <= ln(2)",
    "H(P,Q) = H(P) + KL(P||Q)",
    "I(X;Y) = H(X) + H(Y) - H(X,Y)",
    "Renyi[1/2](P||Q) <= KL(P||Q)",
    "TV(P,Q) <= sqrt(1 - exp(-KL(P||Q)))",
    "KL(P||Q) <= ln(1 + Chi2(P||Q))",
    "KL(P||R) <= KL(P||Q) + KL(Q||R)",
];

const MORE: &[&str] = &[
    "KL(P‖Q) ≥ 0",
    "D(P||Q) >= 0",
    "kl(P, Q) >= 0",
    "Hel(P,Q)^2 <= TV(P,Q)",
    "hellinger(P||Q) <= sqrt(2)",
    "JS(P,Q)^2 = JSD(P,Q)",
    "Chi2(P,Q) >= 0",
    "RENYI[inf](P||Q) >= Renyi[2](P||Q)",
    "Renyi[∞](P‖Q) ≥ Renyi[1e-3](P‖Q)",
    "Rényi[0.5](Q,P) > -1",
    "Renyi[KL(P||Q) + 1](P||Q) != 0",
    "I(X,Y) = I(Y;X)",
    "H(Y|X) = H(X,Y) - H(X)",
    "H(Y,X) == H(X,Y)",
    "H(M) >= (H(P) + H(Q))/2",
    "H(R,P) ≠ H(P,R)",
    "-H(P)^2 = 0",
    "2^3^2 = 512",
    "(2^3)^2 = 64",
    "2^-1 = 0.5",
    "(-2)^2 = 4",
    "-(-2) = 2",
    "--2 = 2",
    "1 - (2 - 3) = 2",
    "1 - 2 - 3 = -4",
    "1/(2/3) = 1.5",
    "1/2/3 < 1",
    "2*-3 = -6",
    "-2*3 = -6",
    "-(2*3) = -6",
    "+2 = 2",
    "min(1, 2, 3) < max(1)",
    "abs(-1) = 1",
    "log2(8) = 3",
    "log(exp(1)) = 1",
    "1 < 2 <= 3 = 3 != 4 > 0 >= -1",
    "1e3 = 1000",
    ".5 = 1/2",
    "2. = 2",
    "6.02E+23 > 1",
    "  KL ( P ||\tQ )\n>=\r\n0  ",
    "1 − 2·3 × 4 = -23",
    "0 ⩽ TV(P,Q) ⩽ 1",
    "1 ⩾ TV(P,Q)",
    "sqrt(-(1 + 2)*3) = 0",
    "(1 + 2)^(3*4) > 0",
    "2^(1 + 1) = 4",
    "(2*3)^2 = 36",
    "1 + (2 + 3) = 6",
    "1*(2*3) = 6",
    "(1 + 2)*3 = 9",
];

// ---------------------------------------------------------------------------
// The required examples
// ---------------------------------------------------------------------------

#[test]
fn required_examples_parse_and_round_trip() {
    for s in REQUIRED.iter().chain(MORE) {
        let c = claim(s);
        assert_round_trip(&c);
    }
}

#[test]
fn required_examples_have_expected_trees() {
    use Dist::*;
    assert_eq!(
        claim("KL(P||Q) = KL(Q||P)"),
        Claim::new(kl(P, Q), Rel::Eq, kl(Q, P))
    );
    assert_eq!(
        claim("H(X|Y) <= H(X)"),
        Claim::new(
            m(Measure::CondEntropy {
                of: Var::X,
                given: Var::Y
            }),
            Rel::Le,
            m(Measure::MarginalEntropy(Var::X))
        )
    );
    assert_eq!(
        claim("JSD(P,Q) = 1/2*(KL(M||P) + KL(M||Q))"),
        Claim::new(
            m(Measure::Jsd {
                p: P.into(),
                q: Q.into()
            }),
            Rel::Eq,
            mul(div(num("1"), num("2")), add(kl(M, P), kl(M, Q)))
        )
    );
    assert_eq!(
        claim("TV(P,Q) <= sqrt(KL(P||Q)/2)"),
        Claim::new(
            m(Measure::Tv {
                p: P.into(),
                q: Q.into()
            }),
            Rel::Le,
            func(Func::Sqrt, vec![div(kl(P, Q), num("2"))])
        )
    );
    assert_eq!(
        claim("0 <= JSD(P,Q) <= ln(2)"),
        Claim {
            first: num("0"),
            rest: vec![
                (
                    Rel::Le,
                    m(Measure::Jsd {
                        p: P.into(),
                        q: Q.into()
                    })
                ),
                (Rel::Le, func(Func::Ln, vec![num("2")])),
            ]
        }
    );
    assert_eq!(
        claim("H(P,Q) = H(P) + KL(P||Q)"),
        Claim::new(
            m(Measure::CrossEntropy {
                p: P.into(),
                q: Q.into()
            }),
            Rel::Eq,
            add(m(Measure::Entropy(P.into())), kl(P, Q))
        )
    );
    assert_eq!(
        claim("I(X;Y) = H(X) + H(Y) - H(X,Y)"),
        Claim::new(
            m(Measure::MutualInfo {
                first: Var::X,
                second: Var::Y
            }),
            Rel::Eq,
            sub(
                add(
                    m(Measure::MarginalEntropy(Var::X)),
                    m(Measure::MarginalEntropy(Var::Y))
                ),
                m(Measure::JointEntropy {
                    first: Var::X,
                    second: Var::Y
                })
            )
        )
    );
    assert_eq!(
        claim("Renyi[1/2](P||Q) <= KL(P||Q)"),
        Claim::new(
            m(Measure::Renyi {
                alpha: Alpha::Finite(Box::new(div(num("1"), num("2")))),
                p: P.into(),
                q: Q.into()
            }),
            Rel::Le,
            kl(P, Q)
        )
    );
    assert_eq!(
        claim("TV(P,Q) <= sqrt(1 - exp(-KL(P||Q)))"),
        Claim::new(
            m(Measure::Tv {
                p: P.into(),
                q: Q.into()
            }),
            Rel::Le,
            func(
                Func::Sqrt,
                vec![sub(num("1"), func(Func::Exp, vec![neg(kl(P, Q))]))]
            )
        )
    );
    assert_eq!(
        claim("KL(P||Q) <= ln(1 + Chi2(P||Q))"),
        Claim::new(
            kl(P, Q),
            Rel::Le,
            func(
                Func::Ln,
                vec![add(
                    num("1"),
                    m(Measure::Chi2 {
                        p: P.into(),
                        q: Q.into()
                    })
                )]
            )
        )
    );
    assert_eq!(
        claim("KL(P||R) <= KL(P||Q) + KL(Q||R)"),
        Claim::new(kl(P, R), Rel::Le, add(kl(P, Q), kl(Q, R)))
    );
}

// ---------------------------------------------------------------------------
// Measures
// ---------------------------------------------------------------------------

#[test]
fn every_measure_form() {
    use Dist::*;
    use Var::*;
    let cases: Vec<(&str, Measure)> = vec![
        ("H(P)", Measure::Entropy(P.into())),
        ("H(M)", Measure::Entropy(M.into())),
        (
            "H(P,Q)",
            Measure::CrossEntropy {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "H(R, M)",
            Measure::CrossEntropy {
                p: R.into(),
                q: M.into(),
            },
        ),
        ("H(X)", Measure::MarginalEntropy(X)),
        ("H(Y)", Measure::MarginalEntropy(Y)),
        (
            "H(X,Y)",
            Measure::JointEntropy {
                first: X,
                second: Y,
            },
        ),
        (
            "H(Y,X)",
            Measure::JointEntropy {
                first: Y,
                second: X,
            },
        ),
        ("H(X|Y)", Measure::CondEntropy { of: X, given: Y }),
        ("H(Y|X)", Measure::CondEntropy { of: Y, given: X }),
        (
            "KL(P||Q)",
            Measure::Kl {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "KL(P‖Q)",
            Measure::Kl {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "KL(P,Q)",
            Measure::Kl {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "D(Q||P)",
            Measure::Kl {
                p: Q.into(),
                q: P.into(),
            },
        ),
        (
            "D(Q‖R)",
            Measure::Kl {
                p: Q.into(),
                q: R.into(),
            },
        ),
        (
            "D(M,P)",
            Measure::Kl {
                p: M.into(),
                q: P.into(),
            },
        ),
        (
            "kl(P||Q)",
            Measure::Kl {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "Kl(P||Q)",
            Measure::Kl {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "kL(P||Q)",
            Measure::Kl {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "JSD(P,Q)",
            Measure::Jsd {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "jsd(P||Q)",
            Measure::Jsd {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "JS(P,Q)",
            Measure::Js {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "Js(P‖Q)",
            Measure::Js {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "TV(P,Q)",
            Measure::Tv {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "tv(Q,R)",
            Measure::Tv {
                p: Q.into(),
                q: R.into(),
            },
        ),
        (
            "Hel(P,Q)",
            Measure::Hellinger {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "HEL(P,Q)",
            Measure::Hellinger {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "Hellinger(P,Q)",
            Measure::Hellinger {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "Chi2(P||Q)",
            Measure::Chi2 {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "chi2(P,Q)",
            Measure::Chi2 {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "CHI2(P‖Q)",
            Measure::Chi2 {
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "Renyi[2](P||Q)",
            Measure::Renyi {
                alpha: Alpha::Finite(Box::new(num("2"))),
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "Renyi[1/2](P||Q)",
            Measure::Renyi {
                alpha: Alpha::Finite(Box::new(div(num("1"), num("2")))),
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "Renyi[inf](P||Q)",
            Measure::Renyi {
                alpha: Alpha::Inf,
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "renyi[Inf](P,Q)",
            Measure::Renyi {
                alpha: Alpha::Inf,
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "Renyi[∞](Q‖P)",
            Measure::Renyi {
                alpha: Alpha::Inf,
                p: Q.into(),
                q: P.into(),
            },
        ),
        (
            "Renyi[ infinity ](P||Q)",
            Measure::Renyi {
                alpha: Alpha::Inf,
                p: P.into(),
                q: Q.into(),
            },
        ),
        (
            "I(X;Y)",
            Measure::MutualInfo {
                first: X,
                second: Y,
            },
        ),
        (
            "I(Y,X)",
            Measure::MutualInfo {
                first: Y,
                second: X,
            },
        ),
        (
            "I ( X ; Y )",
            Measure::MutualInfo {
                first: X,
                second: Y,
            },
        ),
    ];
    for (s, expected) in cases {
        assert_eq!(measure(s), expected, "{s}");
        let e = expr(s);
        assert_eq!(parse_expr(&e.to_string()).unwrap(), e, "{s}");
        assert_eq!(parse_expr(&e.to_ascii()).unwrap(), e, "{s}");
    }
}

#[test]
fn canonical_display() {
    let cases = [
        ("KL(P||Q) >= 0", "KL(P‖Q) ≥ 0", "KL(P||Q) >= 0"),
        ("D(P,Q)>=0", "KL(P‖Q) ≥ 0", "KL(P||Q) >= 0"),
        ("chi2(P,Q) != 1", "Chi2(P‖Q) ≠ 1", "Chi2(P||Q) != 1"),
        ("hellinger(P||Q)<1", "Hel(P,Q) < 1", "Hel(P,Q) < 1"),
        (
            "renyi[ 1 / 2 ](P,Q) == 0",
            "Renyi[1/2](P‖Q) = 0",
            "Renyi[1/2](P||Q) = 0",
        ),
        (
            "Renyi[∞](P,Q) > 0",
            "Renyi[inf](P‖Q) > 0",
            "Renyi[inf](P||Q) > 0",
        ),
        ("I(X,Y) <= H(X)", "I(X;Y) ≤ H(X)", "I(X;Y) <= H(X)"),
        ("H( X | Y )≤H(X,Y)", "H(X|Y) ≤ H(X,Y)", "H(X|Y) <= H(X,Y)"),
        ("log(2) = ln(2)", "ln(2) = ln(2)", "ln(2) = ln(2)"),
        ("min(1,2,3)=1", "min(1, 2, 3) = 1", "min(1, 2, 3) = 1"),
        (
            "JSD(P,Q) = 1/2*(KL(P||M) + KL(Q||M))",
            "JSD(P,Q) = 1/2*(KL(P‖M) + KL(Q‖M))",
            "JSD(P,Q) = 1/2*(KL(P||M) + KL(Q||M))",
        ),
        ("((1)) = (((2)))", "1 = 2", "1 = 2"),
        ("1 - -2 = 3", "1 - (-2) = 3", "1 - (-2) = 3"),
        ("2 * -3 = 2^-1", "2*(-3) = 2^(-1)", "2*(-3) = 2^(-1)"),
        ("- - 2 = 2", "-(-2) = 2", "-(-2) = 2"),
        ("+ 2 = 2", "2 = 2", "2 = 2"),
        ("-2^2 = (-2)^2", "-2^2 = (-2)^2", "-2^2 = (-2)^2"),
        ("(2^3)^2 = 2^3^2", "(2^3)^2 = 2^3^2", "(2^3)^2 = 2^3^2"),
        ("-(2*3) = (-2)*3", "-(2*3) = -2*3", "-(2*3) = -2*3"),
        ("1 − 2·3 × 4 = 0", "1 - 2*3*4 = 0", "1 - 2*3*4 = 0"),
        ("0⩽1⩾0", "0 ≤ 1 ≥ 0", "0 <= 1 >= 0"),
        ("1E-3 = .5", "1E-3 = .5", "1E-3 = .5"),
    ];
    for (input, unicode, ascii) in cases {
        let c = claim(input);
        assert_eq!(c.to_string(), unicode, "{input}");
        assert_eq!(c.to_ascii(), ascii, "{input}");
    }
    assert_eq!(Rel::Ge.to_string(), "≥");
    assert_eq!(Dist::M.to_string(), "M");
    assert_eq!(Var::Y.to_string(), "Y");
    assert_eq!(Func::Log2.to_string(), "log2");
    assert_eq!(BinOp::Pow.to_string(), "^");
    assert_eq!(Alpha::Inf.to_string(), "inf");
    assert_eq!(measure("D(P,Q)").to_string(), "KL(P‖Q)");
    assert_eq!(expr("KL(P||Q)/2").to_string(), "KL(P‖Q)/2");
    assert_eq!(expr("KL(P||Q)/2").to_ascii(), "KL(P||Q)/2");
}

#[test]
fn measure_names_h_d_i_are_case_sensitive() {
    fails_at("h(P) >= 0", 1, &["'h'", "upper-case", "'H'"]);
    fails_at("d(P||Q) >= 0", 1, &["'d'", "upper-case", "'D'"]);
    fails_at("i(X;Y) >= 0", 1, &["'i'", "upper-case", "'I'"]);
    fails_at("0 <= Jsd(P,Q) + d(P,Q)", 17, &["'d'"]);
}

#[test]
fn argument_names_are_case_sensitive() {
    fails_at(
        "KL(p||Q) >= 0",
        4,
        &["expected a distribution", "found unknown name 'p'"],
    );
    fails_at("H(x) >= 0", 3, &["found unknown name 'x'"]);
    fails_at(
        "I(X;y) >= 0",
        5,
        &["random variable (X or Y)", "found name 'y'"],
    );
    // any capital letter names a distribution now; X and Y stay variables
    assert!(crate::claims::parse_resolved("KL(P||S) >= 0").is_ok());
    fails_at("KL(P||Y) >= 0", 7, &["found random variable Y"]);
}

#[test]
fn functions() {
    assert_eq!(expr("sqrt(2)"), func(Func::Sqrt, vec![num("2")]));
    assert_eq!(expr("ln(2)"), func(Func::Ln, vec![num("2")]));
    assert_eq!(expr("log(2)"), func(Func::Ln, vec![num("2")]));
    assert_eq!(expr("exp(2)"), func(Func::Exp, vec![num("2")]));
    assert_eq!(expr("log2(2)"), func(Func::Log2, vec![num("2")]));
    assert_eq!(expr("abs(-2)"), func(Func::Abs, vec![neg(num("2"))]));
    assert_eq!(expr("min(1)"), func(Func::Min, vec![num("1")]));
    assert_eq!(
        expr("max(1, H(P), 2*3)"),
        func(
            Func::Max,
            vec![
                num("1"),
                m(Measure::Entropy(Dist::P.into())),
                mul(num("2"), num("3"))
            ]
        )
    );
    assert_eq!(
        expr("sqrt(sqrt(2))"),
        func(Func::Sqrt, vec![func(Func::Sqrt, vec![num("2")])])
    );
}

// ---------------------------------------------------------------------------
// Precedence and associativity
// ---------------------------------------------------------------------------

#[test]
fn precedence_and_associativity() {
    let (a, b, c) = (num("1"), num("2"), num("3"));
    assert_eq!(expr("1 + 2 * 3"), add(a.clone(), mul(b.clone(), c.clone())));
    assert_eq!(expr("1 * 2 + 3"), add(mul(a.clone(), b.clone()), c.clone()));
    assert_eq!(expr("1 - 2 - 3"), sub(sub(a.clone(), b.clone()), c.clone()));
    assert_eq!(expr("1 - 2 + 3"), add(sub(a.clone(), b.clone()), c.clone()));
    assert_eq!(expr("1 / 2 / 3"), div(div(a.clone(), b.clone()), c.clone()));
    assert_eq!(expr("1 / 2 * 3"), mul(div(a.clone(), b.clone()), c.clone()));
    assert_eq!(expr("1 ^ 2 ^ 3"), pow(a.clone(), pow(b.clone(), c.clone())));
    assert_eq!(expr("-1 ^ 2"), neg(pow(a.clone(), b.clone())));
    assert_eq!(
        expr("-H(P)^2"),
        neg(pow(m(Measure::Entropy(Dist::P.into())), b.clone()))
    );
    assert_eq!(expr("(-1) ^ 2"), pow(neg(a.clone()), b.clone()));
    assert_eq!(expr("1 ^ -2"), pow(a.clone(), neg(b.clone())));
    assert_eq!(
        expr("1 ^ -2 ^ 3"),
        pow(a.clone(), neg(pow(b.clone(), c.clone())))
    );
    assert_eq!(expr("-1 * 2"), mul(neg(a.clone()), b.clone()));
    assert_eq!(expr("1 * -2"), mul(a.clone(), neg(b.clone())));
    assert_eq!(expr("1 - -2"), sub(a.clone(), neg(b.clone())));
    assert_eq!(expr("--1"), neg(neg(a.clone())));
    assert_eq!(expr("+-+1"), neg(a.clone()));
    assert_eq!(expr("2 * 3 ^ 2"), mul(b.clone(), pow(c.clone(), b.clone())));
    assert_eq!(
        expr("(1 + 2) * 3"),
        mul(add(a.clone(), b.clone()), c.clone())
    );
    assert_eq!(
        expr("1 + (2 + 3)"),
        add(a.clone(), add(b.clone(), c.clone()))
    );
    assert_eq!(
        expr("1/2*KL(P||Q)"),
        mul(div(a.clone(), b.clone()), kl(Dist::P, Dist::Q))
    );
    assert_eq!(
        expr("1 + 2 * 3 ^ -1 - 1"),
        sub(
            add(a.clone(), mul(b.clone(), pow(c.clone(), neg(a.clone())))),
            a.clone()
        )
    );
}

#[test]
fn numbers() {
    for (s, text) in [
        ("0", "0"),
        ("42", "42"),
        ("3.25", "3.25"),
        (".5", ".5"),
        ("2.", "2."),
        ("1e-3", "1e-3"),
        ("1E3", "1E3"),
        ("2.5e+10", "2.5e+10"),
    ] {
        match expr(s) {
            Expr::Num(n) => assert_eq!(n.as_str(), text),
            other => panic!("{s}: {other:?}"),
        }
    }
    // A negative literal is a negation.
    assert_eq!(expr("-1e-3"), neg(num("1e-3")));
    // An exponent is only taken when digits follow.
    let e = parse_claim("2e = 1").unwrap_err();
    assert_eq!(e.column, 2);
    assert!(e.message.contains("exponent needs digits"), "{e}");
    let e = parse_claim("2e+ = 1").unwrap_err();
    assert_eq!(e.column, 2);
    // Exact values.
    let r = |s: &str| match expr(s) {
        Expr::Num(n) => n.to_ratio().unwrap(),
        _ => unreachable!(),
    };
    assert_eq!(r("0.125").to_string(), "1/8");
    assert_eq!(r("2.5e-1").to_string(), "1/4");
}

// ---------------------------------------------------------------------------
// Relations and chains
// ---------------------------------------------------------------------------

#[test]
fn all_relation_spellings() {
    let cases = [
        ("=", Rel::Eq),
        ("==", Rel::Eq),
        ("!=", Rel::Ne),
        ("≠", Rel::Ne),
        ("<", Rel::Lt),
        ("<=", Rel::Le),
        ("≤", Rel::Le),
        ("⩽", Rel::Le),
        (">", Rel::Gt),
        (">=", Rel::Ge),
        ("≥", Rel::Ge),
        ("⩾", Rel::Ge),
    ];
    for (sym, rel) in cases {
        for input in [
            format!("KL(P||Q) {sym} 0"),
            format!("KL(P||Q){sym}0"),
            format!("KL(P‖Q)\t{sym}\n0"),
        ] {
            let c = claim(&input);
            assert_eq!(
                c,
                Claim::new(kl(Dist::P, Dist::Q), rel, num("0")),
                "{input}"
            );
            assert_round_trip(&c);
        }
        assert_eq!(rel.to_string(), rel.symbol());
    }
}

#[test]
fn chains() {
    let c = claim("0 <= JSD(P,Q) <= ln(2)");
    let rels = c.relations();
    assert_eq!(rels.len(), 2);
    let jsd = m(Measure::Jsd {
        p: Dist::P.into(),
        q: Dist::Q.into(),
    });
    assert_eq!(rels[0], (&num("0"), Rel::Le, &jsd));
    assert_eq!(rels[1], (&jsd, Rel::Le, &func(Func::Ln, vec![num("2")])));

    let c = claim("1 < 2 ≤ 3 = 3 ≠ 4 > 0 ≥ -1");
    let rels: Vec<Rel> = c.relations().into_iter().map(|(_, r, _)| r).collect();
    assert_eq!(rels, [Rel::Lt, Rel::Le, Rel::Eq, Rel::Ne, Rel::Gt, Rel::Ge]);
    assert_eq!(c.exprs().count(), 7);
    assert_eq!(c.relations()[5].2, &neg(num("1")));
    assert_eq!(c.to_string(), "1 < 2 ≤ 3 = 3 ≠ 4 > 0 ≥ -1");

    let c = claim("H(X) = H(X)");
    assert_eq!(c.relations().len(), 1);
}

#[test]
fn from_str_works() {
    let c: Claim = "KL(P||Q) >= 0".parse().unwrap();
    assert_eq!(c, claim("KL(P‖Q) ≥ 0"));
    let e: Expr = "H(P) + 1".parse().unwrap();
    assert_eq!(e, add(m(Measure::Entropy(Dist::P.into())), num("1")));
    assert!("H(P)".parse::<Claim>().is_err());
    assert!("H(P) = 1".parse::<Expr>().is_err());
}

// ---------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------

fn dists(ds: &[Dist]) -> BTreeSet<Dist> {
    ds.iter().copied().collect()
}

#[test]
fn distributions_and_joint_usage() {
    use Dist::*;
    let c = claim("KL(P||R) <= KL(P||Q) + KL(Q||R)");
    assert_eq!(c.distributions_used(), dists(&[P, Q, R]));
    assert_eq!(c.distributions_required(), dists(&[P, Q, R]));
    assert!(!c.uses_joint());

    let c = claim("JSD(P,Q) = 1/2*(KL(M||P) + KL(M||Q))");
    assert_eq!(c.distributions_used(), dists(&[P, Q, M]));
    assert_eq!(c.distributions_required(), dists(&[P, Q]));

    let c = claim("H(M) >= 0");
    assert_eq!(c.distributions_used(), dists(&[M]));
    assert_eq!(c.distributions_required(), dists(&[P, Q]));

    let c = claim("I(X;Y) = H(X) + H(Y) - H(X,Y)");
    assert!(c.distributions_used().is_empty());
    assert!(c.uses_joint());
    assert_eq!(c.measures().len(), 4);

    let c = claim("H(X|Y) <= H(R) + 1");
    assert_eq!(c.distributions_used(), dists(&[R]));
    assert!(c.uses_joint());

    let c = claim("1 + 1 = 2");
    assert!(c.distributions_used().is_empty());
    assert!(!c.uses_joint());
    assert!(c.measures().is_empty());

    // Measures inside a Rényi order count too.
    let c = claim("Renyi[1 + H(X)](P||Q) >= 0");
    assert!(c.uses_joint());
    assert_eq!(c.measures().len(), 2);
    assert_eq!(c.measures()[1], &Measure::MarginalEntropy(Var::X));

    let e = expr("min(TV(P,Q), Hel(Q,R))");
    assert_eq!(e.distributions_used(), dists(&[P, Q, R]));
    assert!(!e.uses_joint());
}

#[test]
fn measure_queries() {
    use Dist::*;
    let k = measure("KL(Q||M)");
    assert_eq!(k.name(), "KL");
    assert_eq!(k.distributions(), vec![Q, M]);
    assert!(k.variables().is_empty());
    assert!(!k.is_joint());
    let h = measure("H(Y|X)");
    assert_eq!(h.name(), "H");
    assert_eq!(h.variables(), vec![Var::Y, Var::X]);
    assert!(h.distributions().is_empty());
    assert!(h.is_joint());
    assert_eq!(measure("Hel(P,Q)").name(), "Hel");
    assert_eq!(measure("I(X;Y)").name(), "I");
    assert_eq!(measure("renyi[2](P,Q)").name(), "Renyi");
    assert_eq!(measure("H(P)").distributions(), vec![P]);
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[test]
fn errors_required_by_the_brief() {
    fails_at(
        "KL(P||)",
        7,
        &["expected a distribution (P, Q, R, M", "found ')'"],
    );
    fails_at(
        "H(X|P)",
        5,
        &[
            "expected a random variable (X or Y) after '|'",
            "found name 'P'",
            "mixed",
        ],
    );
    fails_at(
        "KL(P||Q) <= ",
        13,
        &["expected an expression after '<='", "found end of input"],
    );
    fails_at(
        "2 ** 3",
        4,
        &["expected an expression after '*'", "found '*'", "'^'"],
    );
    fails_at(
        "(1 + 2",
        7,
        &[
            "expected ')' to close the '(' at column 1",
            "found end of input",
        ],
    );
    fails_at(
        "(1 + 2 = 3",
        11,
        &["')' to close the formula", "found end of input"],
    );
    fails_at("1 + 2) = 3", 6, &["found ')' without a matching '('"]);
    fails_at(
        "KL(P||Q) >= 0)",
        14,
        &["end of input", "found ')' without a matching '('"],
    );
    fails_at(
        "sqrt((2) = 1",
        10,
        &[
            "expected ')' after the single argument of sqrt",
            "found relation '='",
        ],
    );
    fails_at(
        "foo(2) = 1",
        1,
        &["expected a measure", "found unknown function 'foo'"],
    );
    fails_at("1 <= bar", 6, &["found unknown name 'bar'"]);
    fails_at("", 1, &["expected an expression", "found end of input"]);
    fails_at("   ", 4, &["expected an expression", "found end of input"]);
    fails_at(
        "KL(P||Q)",
        9,
        &["expected a relation", "found end of input"],
    );
}

#[test]
fn more_errors_with_columns() {
    // Separators and argument kinds.
    fails_at("KL(P|Q) >= 0", 5, &["'||', '‖' or ','", "found '|'"]);
    fails_at("KL(P;Q) >= 0", 5, &["'||', '‖' or ','", "found ';'"]);
    fails_at(
        "KL(P||Q >= 0",
        9,
        &[
            "expected ')' after the second argument Q",
            "found relation '>='",
        ],
    );
    fails_at(
        "KL(X||Y) >= 0",
        4,
        &[
            "expected a distribution",
            "found random variable X",
            "mixed",
        ],
    );
    fails_at(
        "TV(P,X) >= 0",
        6,
        &["expected a distribution", "found random variable X"],
    );
    fails_at(
        "H(P|Q) = 0",
        4,
        &["',' or ')' after the distribution P", "found '|'"],
    );
    fails_at(
        "H(X,P) = 0",
        5,
        &["random variable (X or Y) after ','", "found name 'P'"],
    );
    fails_at(
        "H(P,X) = 0",
        5,
        &["expected a distribution", "found random variable X"],
    );
    fails_at(
        "H(X||Y) = 0",
        4,
        &["',', '|' or ')' after random variable X", "found '||'"],
    );
    fails_at(
        "H() = 0",
        3,
        &["expected a distribution (P, Q, R, M", "found ')'"],
    );
    fails_at(
        "H(2) = 0",
        3,
        &["the argument 2 of H", "expected a vector, found a number"],
    );
    fails_at(
        "H(P) = H(P,Q,R)",
        13,
        &["expected ')' after the second argument Q", "found ','"],
    );
    fails_at(
        "I(P;Q) >= 0",
        3,
        &["random variable (X or Y) after '('", "found name 'P'"],
    );
    fails_at("I(X Y) >= 0", 5, &["';' or ','", "found random variable Y"]);
    fails_at("I(X|Y) >= 0", 4, &["';' or ','", "found '|'"]);
    fails_at(
        "KL P Q = 1",
        4,
        &["expected '(' after KL", "found name 'P'"],
    );
    fails_at("H = 1", 3, &["expected '(' after H", "found relation '='"]);
    // Rényi.
    fails_at(
        "Renyi(P||Q) >= 0",
        6,
        &["expected '[' after Renyi", "found '('"],
    );
    fails_at("Renyi[](P||Q) >= 0", 7, &["the order alpha", "found ']'"]);
    fails_at(
        "Renyi[2(P||Q) >= 0",
        8,
        &["']' after the order of Renyi", "found '('"],
    );
    fails_at(
        "Renyi[2] >= 0",
        10,
        &["'(' after Renyi", "found relation '>='"],
    );
    fails_at(
        "Renyi[-inf](P||Q) >= 0",
        8,
        &["found unknown name 'inf'", "Renyi[inf]"],
    );
    // Names.
    // a vector compared with a number: every entry
    assert!(crate::claims::parse_resolved("P >= 0").is_ok());
    fails_at(
        "P >= Q_XY",
        1,
        &[
            "expected two numbers or two vectors",
            "a joint distribution",
        ],
    );
    fails_at("X >= 0", 1, &["found random variable X"]);
    fails_at("e > 2", 1, &["'e' is not a constant"]);
    fails_at("pi > 3", 1, &["found unknown name 'pi'"]);
    fails_at("Sqrt(2) = 1", 1, &["unknown function 'Sqrt'", "'sqrt'"]);
    fails_at("LOG(2) = 1", 1, &["unknown function 'LOG'", "'log'"]);
    fails_at("inf > 2", 1, &["found unknown name 'inf'"]);
    // Functions.
    fails_at(
        "sqrt(2,3) = 1",
        7,
        &["')' after the single argument of sqrt", "found ','"],
    );
    fails_at(
        "min() = 1",
        5,
        &["expected an expression after '('", "found ')'"],
    );
    fails_at(
        "min(1;2) = 1",
        6,
        &["',' or ')' in the arguments of min", "found ';'"],
    );
    fails_at(
        "max(1,) = 1",
        7,
        &["expected an expression after ','", "found ')'"],
    );
    fails_at(
        "sqrt 2 = 1",
        6,
        &["'(' after function sqrt", "found number 2"],
    );
    // Operators, relations and characters.
    fails_at(
        "1 + = 2",
        5,
        &["expected an expression after '+'", "found relation '='"],
    );
    fails_at(
        "1 <= = 2",
        6,
        &["expected an expression after '<='", "found relation '='"],
    );
    fails_at(
        "1 <= 2 3",
        8,
        &["found number 3", "implicit multiplication"],
    );
    fails_at(
        "2 H(P) = 1",
        3,
        &["found name 'H'", "implicit multiplication"],
    );
    fails_at("2 (3) = 6", 3, &["found '('", "implicit multiplication"]);
    fails_at("1 # 2 = 3", 3, &["unexpected character '#'"]);
    fails_at("1 ! 2", 3, &["'!='", "found '!'"]);
    fails_at(
        "1 =< 2",
        4,
        &["expected an expression after '='", "found relation '<'"],
    );
    fails_at(". = 1", 1, &["digit", "found '.'"]);
    fails_at(
        "1 = 2^",
        7,
        &["expected an expression after '^'", "found end of input"],
    );
    fails_at(
        "1 = ()",
        6,
        &["expected an expression after '('", "found ')'"],
    );
    fails_at(
        "1 = [2]",
        5,
        &["expected an expression after '='", "found '['"],
    );
    // Columns count characters, not bytes.
    fails_at("KL(P‖Q) ≥ ≥", 11, &["after '≥'", "found relation '≥'"]);
    fails_at("é = 1", 1, &["unknown name 'é'"]);
    fails_at("1 ≤ 2 ≤ 3 ≤ )", 13, &["after '≤'", "found ')'"]);
}

#[test]
fn parse_expr_errors() {
    let e = parse_expr("H(P) = 1").unwrap_err();
    assert_eq!(e.column, 6);
    assert!(e.message.contains("found relation '='"), "{e}");
    assert!(
        e.message.contains("not allowed in a bare expression"),
        "{e}"
    );
    let e = parse_expr("").unwrap_err();
    assert_eq!(e.column, 1);
    let e = parse_expr("1)").unwrap_err();
    assert_eq!(e.column, 2);
    assert!(e.message.contains("without a matching '('"), "{e}");
}

#[test]
fn error_display_and_caret() {
    let e = parse_claim("KL(P||Q) <= ").unwrap_err();
    assert_eq!(
        e.to_string(),
        "parse error at column 13: expected an expression after '<=', found end of input"
    );
    assert_eq!(e.caret(), "KL(P||Q) <= \n            ^");

    let e = parse_claim("H(X|P)").unwrap_err();
    assert_eq!(e.caret(), "H(X|P)\n    ^");
    assert!(e.to_string().starts_with("parse error at column 5: "));

    // Tabs and newlines are shown as single spaces so the caret lines up.
    let e = parse_claim("1\t<=\n#").unwrap_err();
    assert_eq!(e.column, 6);
    assert_eq!(e.caret(), "1 <= #\n     ^");

    // Multi-byte characters count as one column.
    let e = parse_claim("KL(P‖Q) ≥ #").unwrap_err();
    assert_eq!(e.column, 11);
    assert_eq!(e.caret(), "KL(P‖Q) ≥ #\n          ^");

    let e = parse_claim("").unwrap_err();
    assert_eq!(e.caret(), "\n^");
}

#[test]
fn depth_limits_reject_instead_of_overflowing() {
    // Moderate nesting is fine.
    let ok = format!("{}1{} = 1", "(".repeat(100), ")".repeat(100));
    assert_eq!(claim(&ok), Claim::new(num("1"), Rel::Eq, num("1")));
    let ok = format!("{}1 = 1", "-".repeat(100));
    assert_round_trip(&claim(&ok));
    let ok = format!("{}1 = 1", "1 + ".repeat(150));
    assert_round_trip(&claim(&ok));

    // Excessive nesting of any kind is an error, not a crash.
    let deep = format!("{}1{} = 1", "(".repeat(100_000), ")".repeat(100_000));
    let e = parse_claim(&deep).unwrap_err();
    assert!(e.message.contains("nested at most"), "{e}");
    // A long flat sum is not deep: it is accepted up to MAX_TERMS terms,
    // then rejected as too large (never as too deep).
    let long = format!("{}1 = 1", "1 + ".repeat(MAX_TERMS - 2));
    assert_round_trip(&claim(&long));
    let long = format!("{}1 = 1", "1 - 2 + ".repeat(MAX_TERMS / 2 - 1));
    assert_round_trip(&claim(&long));
    let e = parse_claim(&format!("{}1 = 1", "1 + ".repeat(100_000))).unwrap_err();
    assert!(e.message.contains("too large"), "{e}");
    assert!(!e.message.contains("nested"), "{e}");
    for deep in [
        format!("{}1 = 1", "-".repeat(100_000)),
        format!("{}1 = 1", "2^".repeat(100_000)),
        format!("{}1 = 1", "1*".repeat(100_000)),
        format!("{}1{} = 1", "sqrt(".repeat(100_000), ")".repeat(100_000)),
        format!(
            "{}1{} = 1",
            "Renyi[".repeat(100_000),
            "](P||Q)".repeat(100_000)
        ),
    ] {
        let e = parse_claim(&deep).unwrap_err();
        assert!(e.message.contains("nested at most"), "{e}");
    }
}

// ---------------------------------------------------------------------------
// Round trips on generated trees
// ---------------------------------------------------------------------------

/// A small deterministic xorshift generator (no external crates needed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

fn random_measure(rng: &mut Rng, depth: u32) -> Measure {
    let p = rng.pick(&Dist::ALL);
    let q = rng.pick(&Dist::ALL);
    let x = rng.pick(&Var::ALL);
    let y = rng.pick(&Var::ALL);
    match rng.below(13) {
        0 => Measure::Entropy(p.into()),
        1 => Measure::CrossEntropy {
            p: p.into(),
            q: q.into(),
        },
        2 => Measure::MarginalEntropy(x),
        3 => Measure::JointEntropy {
            first: x,
            second: y,
        },
        4 => Measure::CondEntropy { of: x, given: y },
        5 => Measure::Kl {
            p: p.into(),
            q: q.into(),
        },
        6 => Measure::Jsd {
            p: p.into(),
            q: q.into(),
        },
        7 => Measure::Js {
            p: p.into(),
            q: q.into(),
        },
        8 => Measure::Tv {
            p: p.into(),
            q: q.into(),
        },
        9 => Measure::Hellinger {
            p: p.into(),
            q: q.into(),
        },
        10 => Measure::Chi2 {
            p: p.into(),
            q: q.into(),
        },
        11 => Measure::Renyi {
            alpha: if rng.below(4) == 0 {
                Alpha::Inf
            } else {
                let e = random_expr(rng, depth.saturating_sub(1));
                // a constant order that is negative or undefined is a parse
                // error: keep such orders, but under abs() (not folded)
                if parse_expr(&format!("Renyi[{e}](P||Q)")).is_ok() {
                    Alpha::Finite(Box::new(e))
                } else {
                    Alpha::Finite(Box::new(Expr::Func {
                        func: Func::Abs,
                        args: vec![e],
                    }))
                }
            },
            p: p.into(),
            q: q.into(),
        },
        _ => Measure::MutualInfo {
            first: x,
            second: y,
        },
    }
}

fn random_expr(rng: &mut Rng, depth: u32) -> Expr {
    let leaf = depth == 0 || rng.below(4) == 0;
    if leaf {
        return if rng.below(2) == 0 {
            let texts = [
                "0", "1", "2", "10", "0.5", ".25", "3.", "1e-3", "2E+4", "7e0",
            ];
            num(rng.pick(&texts))
        } else {
            m(random_measure(rng, depth))
        };
    }
    match rng.below(4) {
        0 => neg(random_expr(rng, depth - 1)),
        1 => {
            let op = rng.pick(&[BinOp::Add, BinOp::Sub, BinOp::Mul, BinOp::Div, BinOp::Pow]);
            bin(op, random_expr(rng, depth - 1), random_expr(rng, depth - 1))
        }
        2 => {
            let f = rng.pick(&Func::ALL);
            let n = if f.is_variadic() { 1 + rng.below(3) } else { 1 };
            func(f, (0..n).map(|_| random_expr(rng, depth - 1)).collect())
        }
        _ => m(random_measure(rng, depth)),
    }
}

#[test]
fn generated_trees_round_trip() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let rels = [Rel::Eq, Rel::Ne, Rel::Lt, Rel::Le, Rel::Gt, Rel::Ge];
    for _ in 0..3000 {
        let e = random_expr(&mut rng, 6);
        let shown = e.to_string();
        assert_eq!(parse_expr(&shown).as_ref(), Ok(&e), "{shown}");
        assert_eq!(parse_expr(&e.to_ascii()).as_ref(), Ok(&e), "{shown}");

        let n = 1 + rng.below(3) as usize;
        let c = Claim {
            first: random_expr(&mut rng, 4),
            rest: (0..n)
                .map(|_| (rng.pick(&rels), random_expr(&mut rng, 4)))
                .collect(),
        };
        assert_round_trip(&c);
    }
}

#[test]
fn serializes_to_json() {
    let c = claim("KL(P||Q) >= 1e-3");
    let json = serde_json::to_string(&c).unwrap();
    assert!(json.contains("\"Kl\""), "{json}");
    assert!(json.contains("\"1e-3\""), "{json}");
}
