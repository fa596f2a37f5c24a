//! Fuzzing the claims parser and the `check` command-line entry
//! (`infocert::check::cli::run`, what `infocert check` calls) with random
//! byte strings, random Unicode, token soups and mutated valid claims:
//! no panic, and every parse error names a column inside the input (or
//! one past its end) with a caret under it.
//!
//! The default suite tries [`PARSE_CASES`] inputs per generator on the
//! parser and [`CLI_CASES`] per generator on the command-line entry; the
//! ignored campaign (`cargo test --release --test fuzz_claims -- --ignored`)
//! tries 10⁶ of each.

use infocert::check::cli::{run, CheckOptions};
use infocert::claims::parse_claim;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as PtConfig, TestCaseError, TestRunner};

/// Parser cases per generator in the default suite.
const PARSE_CASES: u32 = 1000;
/// Command-line cases per generator in the default suite.
const CLI_CASES: u32 = 150;

/// Pieces of the language (and of neighbouring languages) that a random
/// soup is made of.
const TOKENS: &[&str] = &[
    "KL", "kl", "D", "H", "I", "JSD", "JS", "TV", "Hel", "Hellinger", "Chi2", "Renyi", "rényi",
    "sqrt", "ln", "log", "exp", "log2", "abs", "min", "max", "P", "Q", "R", "M", "X", "Y", "Z",
    "P_X", "P_XY", "P_{Y|X=x}", "sum_i", "Σ", "p_i", "q[i]", "supp", "|supp P|", "ceil", "⊗",
    "λ", "=>", "->", "(", ")", "[", "]", "{", "}", "||", "‖", "|", ",", ";", "=", "==", "!=",
    "≠", "<", "<=", "≤", "⩽", ">", ">=", "≥", "⩾", "+", "-", "−", "*", "·", "×", "/", "^", "0",
    "1", "2", "1/2", "0.5", "1e-300", "1e99999", "0x1p-3", "3.14", "inf", "∞", "NaN", "alpha",
    " ", "  ", "\t", "\n", "#", "\\", "\"", "'", "é", "\u{0}", "\u{200b}", "🦀",
];

/// Valid claims, mutated by [`mutated`].
const VALID: &[&str] = &[
    "KL(P||Q) >= 0",
    "-KL(P||Q) <= 0",
    "H(P,Q) = H(P) + KL(P||Q)",
    "JSD(P,Q) = 1/2*(KL(P||M) + KL(Q||M))",
    "0 <= JSD(P,Q) <= ln(2)",
    "TV(P,Q) <= sqrt(KL(P||Q)/2)",
    "KL(P||Q) >= 2.01*TV(P,Q)^2",
    "I(X;Y) = H(X) + H(Y) - H(X,Y)",
    "H(X|Y) <= H(X)",
    "Renyi[1/2](P||Q) <= KL(P||Q)",
    "Renyi[inf](P‖Q) ≥ KL(P‖Q)",
    "KL(P||Q) <= ln(1 + Chi2(P||Q))",
    "Hel(P,Q)^2 <= TV(P,Q)",
    "min(KL(P||Q), 1) <= max(JSD(P,Q), abs(-2)) + exp(1) - log2(8)",
    "JS(P,R) <= JS(P,Q) + JS(Q,R)",
];

/// A random edit of a valid claim: delete, insert, replace, duplicate or
/// truncate, a few times.
fn mutated() -> impl Strategy<Value = String> {
    let edit = (0u8..5, any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0..TOKENS.len());
    (prop::sample::select(VALID), prop::collection::vec(edit, 1..5)).prop_map(|(s, edits)| {
        let mut c: Vec<char> = s.chars().collect();
        for (op, a, b, t) in edits {
            let n = c.len();
            let (i, j) = if n == 0 {
                (0, 0)
            } else {
                let (i, j) = (a.index(n), b.index(n));
                (i.min(j), i.max(j))
            };
            let tok: Vec<char> = TOKENS[t].chars().collect();
            match op {
                0 if n > 0 => {
                    c.drain(i..=j);
                }
                1 => {
                    let at = if n == 0 { 0 } else { i };
                    c.splice(at..at, tok);
                }
                2 if n > 0 => {
                    c.splice(i..=j, tok);
                }
                3 if n > 0 => {
                    let dup: Vec<char> = c[i..=j].to_vec();
                    c.splice(j..j, dup);
                }
                _ => c.truncate(i),
            }
        }
        c.into_iter().collect()
    })
}

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..24).prop_map(|v| v.concat())
}

fn random_bytes() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..64).prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

fn random_unicode() -> impl Strategy<Value = String> {
    any::<String>()
}

/// The parser: a claim (printable), or an error at a column within the
/// input, with a caret under it.
fn parse_ok(s: &str) -> Result<(), TestCaseError> {
    match parse_claim(s) {
        Ok(c) => {
            let _ = c.to_string();
        }
        Err(e) => {
            let len = s.chars().count();
            prop_assert!(
                (1..=len + 1).contains(&e.column),
                "column {} outside 1..={} for {s:?}: {e}",
                e.column,
                len + 1
            );
            prop_assert_eq!(&e.input, s);
            let caret = e.caret();
            let last = caret.lines().last().unwrap_or("");
            prop_assert_eq!(last.chars().count(), e.column, "{:?}", caret);
            prop_assert!(last.ends_with('^'));
            let says = format!("column {}", e.column);
            prop_assert!(e.to_string().contains(&says), "{}", e);
        }
    }
    Ok(())
}

/// The `check` entry on a tiny campaign: no panic; an exit code of the
/// table; on bad input (2) one `error:` line and, for a claim that does
/// not parse, a caret inside the input.
fn cli_ok(s: &str) -> Result<(), TestCaseError> {
    if s.trim() == "all" {
        return Ok(());
    }
    let opts = CheckOptions {
        target: s.to_string(),
        cases: Some(2),
        support: Some(2),
        denom: Some(2),
        search: Some(0),
        level_budget: Some(50),
        ..CheckOptions::default()
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(&opts, &mut out, &mut err);
    let err = String::from_utf8(err).expect("utf-8");
    prop_assert!(matches!(code, 0..=4), "exit {code} for {s:?}");
    if code == 2 {
        prop_assert!(err.starts_with("error: "), "{err}");
        prop_assert!(out.is_empty());
        if err.contains("not a claim") {
            let last = err.lines().last().unwrap_or("");
            prop_assert!(last.ends_with('^'), "{err}");
            prop_assert!(last.chars().count() <= s.chars().count() + 1, "{err}");
        }
    } else {
        prop_assert!(err.is_empty(), "{err}");
        prop_assert!(String::from_utf8(out).expect("utf-8").contains("verdict: "));
    }
    Ok(())
}

/// Run `cases` inputs of each generator through `check`; the number tried.
fn campaign(cases: u32, check: fn(&str) -> Result<(), TestCaseError>) -> u64 {
    let gens: [(&str, BoxedStrategy<String>); 4] = [
        ("random bytes", random_bytes().boxed()),
        ("random unicode", random_unicode().boxed()),
        ("token soup", token_soup().boxed()),
        ("mutated claims", mutated().boxed()),
    ];
    let mut tried = 0;
    for (name, g) in gens {
        let mut runner = TestRunner::new(PtConfig {
            cases,
            failure_persistence: None,
            ..PtConfig::default()
        });
        let res = runner.run(&g, |s| check(&s));
        if let Err(e) = res {
            panic!("{name}: {e}");
        }
        tried += cases as u64;
        eprintln!("{name}: {cases} cases");
    }
    tried
}

#[test]
fn parser_fuzz() {
    assert_eq!(campaign(PARSE_CASES, parse_ok), 4 * PARSE_CASES as u64);
}

#[test]
fn check_entry_fuzz() {
    assert_eq!(campaign(CLI_CASES, cli_ok), 4 * CLI_CASES as u64);
}

#[test]
fn mutations_reach_both_outcomes() {
    // the generators are not all noise: some mutated claims still parse,
    // some token soups too, and most random bytes do not
    let mut runner = TestRunner::deterministic();
    let (mut ok, mut bad) = (0, 0);
    for _ in 0..400 {
        let s = mutated().new_tree(&mut runner).unwrap().current();
        if parse_claim(&s).is_ok() {
            ok += 1;
        } else {
            bad += 1;
        }
    }
    assert!(ok > 20 && bad > 20, "parsed {ok}, rejected {bad}");
}

#[test]
fn a_known_error_column() {
    // reference: the '#' is character 11 of the input (counted by hand)
    let e = parse_claim("KL(P‖Q) ≥ #").unwrap_err();
    assert_eq!(e.column, 11);
    let e = parse_claim("KL(P||Q) <= ").unwrap_err();
    assert_eq!(e.column, 13, "one past the end");
}

#[test]
#[ignore = "10^6 cases per target: cargo test --release --test fuzz_claims -- --ignored"]
fn fuzz_campaign_million() {
    let parsed = campaign(250_000, parse_ok);
    let cli = campaign(250_000, cli_ok);
    eprintln!("parser: {parsed} cases; check entry: {cli} cases");
}
