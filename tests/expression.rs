//! The expression language end to end: every form of `claims --syntax`
//! parses, resolves and prints back; the catalogue (now data) gives the same
//! verdicts and minimal counterexamples as the hand-written relations it
//! replaced; values at given inputs match closed forms worked by hand.

use std::process::Command;

use infocert::catalogue::{all, Config};
use infocert::check::point::{eval_expr, Inputs};
use infocert::claims::{parse_resolved, parse_statement, SYNTAX};
use infocert::num::Q;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_infocert"))
}

fn q(s: &str) -> Q {
    infocert::dist::parse_list("test", s).unwrap().remove(0)
}

fn list(s: &str) -> Vec<Q> {
    infocert::dist::parse_list("test", s).unwrap()
}

/// The statements shown in `claims --syntax` (each must appear there).
const SYNTAX_STATEMENTS: &[&str] = &[
    "KL(P||Q) >= 0",
    "0 <= JSD(P,Q) <= ln(2)",
    "KL(P||Q) >= 0 and TV(P,Q) <= 1",
    "H(P,Q) < H(P,R) => KL(P||Q) >= KL(P||R)",
    "KL(P||Q) = 0 <=> P = Q",
    "all_y(P_Y[y] = 0 or |supp(P_{X|Y=y})| >= 2)",
];

/// Expressions shown in `claims --syntax`.
const SYNTAX_EXPRESSIONS: &[&str] = &[
    "H(P)",
    "H(P,Q)",
    "H(X|Y)",
    "I(X;Y)",
    "Chi2(P||Q)",
    "Renyi[1/2](P||Q)",
    "Renyi[inf](P||Q)",
    "P_{Y|X=x}",
    "P_X ⊗ P_Y",
    "outer(P_X, P_Y)",
    "P*K",
    "w/sum(w)",
    "sum_i(P[i]*ln(P[i]/Q[i]))",
    "E[x~P_X](KL(P_{Y|X=x} || Q_{Y|X=x}))",
    "|supp(P)|",
    "sum_i(P[i]*ceil(-log2(Q[i])))",
];

#[test]
fn every_syntax_form_parses_resolves_and_prints_back() {
    let out = bin().args(["claims", "--syntax"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, SYNTAX);
    for s in SYNTAX_STATEMENTS {
        assert!(SYNTAX.contains(s), "{s} not in the syntax page");
        let (st, _) = parse_resolved(s).unwrap_or_else(|e| panic!("{s}: {e}\n{}", e.caret()));
        for printed in [st.to_string(), st.to_ascii()] {
            let again = parse_statement(&printed).unwrap_or_else(|e| panic!("{printed}: {e}"));
            assert_eq!(again, st, "{s} → {printed}");
        }
    }
    for e in SYNTAX_EXPRESSIONS {
        assert!(SYNTAX.contains(e), "{e} not in the syntax page");
        // an expression is checked inside a statement that types it
        let st = if e.starts_with("P_{") || e.contains('⊗') || e.starts_with("outer") || *e == "P*K"
        {
            format!("H({e}) >= 0 where K: kernel")
        } else if e.contains("sum(w)") {
            format!("H({e}) >= 0 where w: positive")
        } else {
            format!("{e} >= 0")
        };
        let st = st.replace("x}", "1}");
        let (parsed, _) =
            parse_resolved(&st).unwrap_or_else(|e| panic!("{st}: {e}\n{}", e.caret()));
        assert_eq!(parse_statement(&parsed.to_ascii()).unwrap(), parsed, "{st}");
    }
    for line in SYNTAX
        .lines()
        .filter(|l| l.trim_start().starts_with("where "))
    {
        let _ = line; // the where forms are exercised by the catalogue and below
    }
}

#[test]
fn catalogue_is_data_with_the_old_verdicts_and_counterexamples() {
    // Recorded from the hand-written Rust relations before they were
    // replaced by statements (scripts: `infocert check all --json` at commit
    // 84d931f); values compared slot by slot in shape order.
    let snap: serde_json::Value =
        serde_json::from_str(include_str!("data/catalogue-snapshot.json")).unwrap();
    let snap = snap.as_array().unwrap();
    let items = all();
    assert_eq!(items.len(), snap.len());
    for (item, old) in items.iter().zip(snap) {
        assert_eq!(old["id"], item.id);
        // every item is a statement of the language
        parse_resolved(item.statement).unwrap_or_else(|e| panic!("{}: {e}", item.id));
        let r = item.check(Config::default());
        let v = serde_json::to_value(&r).unwrap();
        // a proved item (normal form or proof file) was "no counterexample
        // found" before the proofs existed; nothing else may change
        if v["verdict"] == "proved" {
            assert_eq!(old["verdict"], "no_counterexample_found", "{}", item.id);
        } else {
            assert_eq!(v["verdict"], old["verdict"], "{}", item.id);
        }
        // values slot by slot in shape order (slot names changed: `XY` is
        // `P_XY`, `p(x,z)` is `P_XZ`, `q` is `Q`, `b` is `B`)
        let new_ce: Option<Vec<Vec<String>>> = r.counterexample.as_ref().map(|c| {
            c.instance
                .values
                .iter()
                .map(|(_, v)| v.iter().map(infocert::num::q_text).collect())
                .collect()
        });
        let old_ce: Option<Vec<Vec<String>>> = old["counterexample"]["slots"].as_array().map(|s| {
            s.iter()
                .map(|kv| {
                    kv[1]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_str().unwrap().to_string())
                        .collect()
                })
                .collect()
        });
        assert_eq!(new_ce, old_ce, "{}: counterexample", item.id);
    }
}

fn inputs() -> Inputs {
    Inputs::default()
}

#[test]
fn values_at_given_inputs_match_hand_worked_closed_forms() {
    let mut i = inputs();
    i.joint = Some(vec![list("1/2,0"), list("1/4,1/4")]);
    // I(X;Y) for [[1/2,0],[1/4,1/4]]: P_X = (1/2,1/2), P_Y = (3/4,1/4);
    // (1/2)ln(4/3) + (1/4)ln(2/3) + (1/4)ln 2 = (3/2)ln 2 − (3/4)ln 3
    let v = eval_expr("KL(P_XY || P_X ⊗ P_Y)", &i, 20).unwrap();
    assert_eq!(v.closed_form.as_deref(), Some("(3/2)·ln 2 − (3/4)·ln 3"));
    let w = eval_expr("I(X;Y)", &i, 20).unwrap();
    assert_eq!(v.decimal, w.decimal);
    // P_{Y|X=2} = (1/2, 1/2): entropy ln 2; P_{Y|X=1} = (1, 0): 0
    let v = eval_expr("H(P_{Y|X=2}) + H(P_{Y|X=1})", &i, 20).unwrap();
    assert_eq!(v.closed_form.as_deref(), Some("ln 2"));
    // E over P_X of H(Y|X=x) is H(Y|X) = (1/2)·ln 2
    let v = eval_expr("E[x~P_X](H(P_{Y|X=x})) - H(Y|X)", &i, 20).unwrap();
    assert_eq!(v.decimal, "0");
    // element access, indices from 1
    let v = eval_expr("P_XY[2,1] + P_X[1]", &i, 5).unwrap();
    assert_eq!(v.closed_form.as_deref(), Some("3/4"));

    // Shannon code lengths: ⌈log2 3⌉ = 2 for each outcome
    let mut i = inputs();
    i.p = Some(list("1/2,1/4,1/4"));
    i.q = Some(list("1/3,1/3,1/3"));
    let v = eval_expr("sum_i(P[i]*ceil(-log2(Q[i])))", &i, 5).unwrap();
    assert_eq!(v.closed_form.as_deref(), Some("2"));
    // exact at powers of two: −log2(1/4) = 2 exactly, so ⌈·⌉ = 2 and ⌊·⌋ = 2
    let v = eval_expr(
        "ceil(-log2(1/4)) + floor(-log2(1/4)) + floor(log2(3))",
        &inputs(),
        5,
    )
    .unwrap();
    assert_eq!(v.closed_form.as_deref(), Some("5"));
    // |supp P| and sum(w)
    let mut i = inputs();
    i.p = Some(list("0,1/2,1/2"));
    i.params = vec![("w".into(), vec![list("1,2,5")])];
    let v = eval_expr("|supp(P)| + sum(w) where w: positive", &i, 5).unwrap();
    assert_eq!(v.closed_form.as_deref(), Some("10"));
    // the kernel pushes (1/2,1/2) through [[1/2,1/2],[0,1]] to (1/4,3/4)
    let mut i = inputs();
    i.p = Some(list("1/2,1/2"));
    i.params = vec![("K".into(), vec![list("1/2,1/2"), list("0,1")])];
    let v = eval_expr("(P*K)[1]", &i, 5).unwrap();
    assert_eq!(v.closed_form.as_deref(), Some("1/4"));
    // a mixture with a parameter: l·P + (1−l)·Q at l = 1/3
    let mut i = inputs();
    i.p = Some(list("1,0"));
    i.q = Some(list("0,1"));
    i.params = vec![("l".into(), vec![vec![q("1/3")]])];
    let v = eval_expr("(l*P + (1-l)*Q)[2] where l in (0,1)", &i, 5).unwrap();
    assert_eq!(v.closed_form.as_deref(), Some("2/3"));
    // 0·ln 0 = 0 in sums
    let mut i = inputs();
    i.p = Some(list("0,1"));
    let v = eval_expr("sum_i(P[i]*ln(P[i]))", &i, 5).unwrap();
    assert_eq!(v.decimal, "0");
}

#[test]
fn wrong_variants_of_new_identities_are_refuted() {
    let cfg = Config {
        cases: 40,
        ..Config::fast()
    };
    let holds = [
        "E[x~P_X](H(P_{Y|X=x})) = H(Y|X)",
        "H(P*K) >= 0",
        "KL(1/2*P + 1/2*Q || M) = 0",
        "sum_i(P[i]) = 1",
        "|supp(P)| >= 1",
    ];
    let wrong = [
        "E[x~P_X](H(P_{Y|X=x})) = H(X|Y)",
        "H(P*K) <= H(P)",
        "KL(1/3*P + 2/3*Q || M) = 0",
        "sum_i(P[i]^2) = 1",
        "|supp(P)| >= 2",
    ];
    for s in holds {
        let r = infocert::check_claim(s, &cfg).unwrap();
        assert!(r.counterexample.is_none(), "{s} was refuted");
    }
    for s in wrong {
        let r = infocert::check_claim(s, &cfg).unwrap();
        assert!(r.counterexample.is_some(), "{s} was not refuted");
    }
}

#[test]
fn claims_on_own_numbers_with_parameters_and_their_errors() {
    // free energy with energies w and kT = 2: F(Q) − F(P) = kT·KL(Q‖P)
    let st = "sum_i(Q[i]*(-kT*ln(w[i]))) - kT*H(Q) - (sum_i(P[i]*(-kT*ln(w[i]))) - kT*H(P)) = kT*KL(Q||P) \
              where w: positive, Q: dist, kT: real, kT > 0, P := w/sum(w)";
    let out = bin()
        .args([
            "check",
            st,
            "--q",
            "1/2,1/4,1/4",
            "--param",
            "w=1,2,5",
            "--param",
            "kT=2",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // kT outside its domain
    let out = bin()
        .args([
            "check",
            st,
            "--q",
            "1/2,1/4,1/4",
            "--param",
            "w=1,2,5",
            "--param",
            "kT=-1",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("outside the domain (kT > 0)"), "{err}");
    // a real parameter has no range for a campaign: refused, not sampled
    let out = bin()
        .args(["check", "kT*KL(P||Q) >= 0 where kT: real"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("kT: real has no range"));
    // a unit parameter outside (0,1)
    let out = bin()
        .args([
            "check",
            "joint-convexity",
            "--param",
            "P1=1,0",
            "--param",
            "Q1=1/2,1/2",
            "--param",
            "P2=0,1",
            "--param",
            "Q2=1/2,1/2",
            "--param",
            "λ=2",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("λ = 2 is outside its domain (0,1)"));
    // an unknown parameter names the claim's inputs
    let out = bin()
        .args([
            "check",
            "KL(P||Q) >= 0",
            "--p",
            "1",
            "--q",
            "1",
            "--param",
            "z=1",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("its inputs: P, Q"));
    // an unknown name in a claim: exit 2 at its column, declared names listed
    let out = bin()
        .args(["check", "sum_i(a[i]*c[i]) >= 0 where a: vector"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("found unknown name 'c'") && err.contains("(a declared)"),
        "{err}"
    );
    assert!(err.contains("\n           ^"), "{err}");
    // the sign error of one source's J(q) = KL(q‖p) − E_q[−ln p(x|z)]: the
    // ELBO is E_q[ln p(x|z)] − KL(q‖p(z)); the wrong sign is refuted at a
    // point where q differs from the prior, the right one holds there
    let elbo = "sum_z(Q[z]*ln(P_XZ[1,z]/Q[z]))";
    let lik = "sum_z(Q[z]*(-ln(P_XZ[1,z]/P_Z[z])))";
    for (rhs, code) in [
        (format!("KL(Q||P_Z) - {lik}"), 1),
        (format!("-{lik} - KL(Q||P_Z)"), 0),
    ] {
        let claim = format!("{elbo} = {rhs} where P_XZ: joint, Q: dist");
        let out = bin()
            .args([
                "check",
                &claim,
                "--param",
                "P_XZ=1/4,1/4;1/4,1/4",
                "--q",
                "1/4,3/4",
            ])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{claim}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn eval_expr_on_the_command_line() {
    let out = bin()
        .args([
            "eval",
            "--expr",
            "H(P) + KL(P||Q)",
            "--p",
            "0.1,0.9",
            "--q",
            "0.01,0.99",
            "--digits",
            "30",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    // H(P) + KL(P‖Q) = H(P,Q) = −0.1 ln 0.01 − 0.9 ln 0.99, by hand
    // 2·ln 10 − (9/5)·ln 3 − (9/10)·ln 11: mpmath 0.469562320866960433868792262740
    assert!(s.contains("2·ln 10 − (9/5)·ln 3 − (9/10)·ln 11"), "{s}");
    assert!(s.contains("0.469562320866960433868792262740"), "{s}");
    let out = bin()
        .args(["eval", "--expr", "KL(P||Q", "--p", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("column 8"));
}
