//! The normal form of identities (`infocert prove`, src/prove/normal.rs):
//! the catalogue's identities are proved, their wrong twins never are.
//! Reference: the identities are textbook (Cover & Thomas, ch. 2; Lin 1991);
//! the twins are refuted by the checker's certified counterexamples.

use infocert::catalogue;
use infocert::prove::normal::{prove_identity, render, NormalOutcome};

fn outcome(s: &str) -> NormalOutcome {
    prove_identity(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn proved(s: &str) -> bool {
    matches!(outcome(s), NormalOutcome::Proved { .. })
}

#[test]
fn textbook_identities_are_proved() {
    for s in [
        "H(P,Q) = H(P) + KL(P||Q)",
        "JSD(P,Q) = JSD(Q,P)",
        "JSD(P,Q) = H(M) - 1/2*H(P) - 1/2*H(Q)",
        "I(X;Y) = H(X) - H(X|Y) = H(X) + H(Y) - H(X,Y)",
        "I(X;Y) = H(Y) - H(Y|X)",
        "H(X,Y) = H(X) + H(Y|X)",
        "H(X,Y) = H(Y) + H(X|Y)",
        "H(P,Q) - H(P,R) = KL(P||Q) - KL(P||R)",
        "sum_i(P[i]*ln(P[i]/Q[i])) = KL(P||Q)",
        "Chi2(P||Q) = sum_i(P[i]^2/Q[i]) - 1",
        "log2(8) = 3",
        "H(X) = H(P_X)",
        "KL(P*K||Q*K) = sum_j(sum_i(P[i]*K[i,j])*(ln(sum_i(P[i]*K[i,j])) - ln(sum_i(Q[i]*K[i,j]))))",
        "ln(12) = 2*ln(2) + ln(3)",
    ] {
        assert!(proved(s), "{s}");
    }
}

#[test]
fn wrong_variants_are_not_proved_and_show_the_difference() {
    for s in [
        "H(P,Q) = H(P) - KL(P||Q)",
        "JSD(P,Q) = 1/2*H(P) + 1/2*H(Q) - H(M)",
        "JSD(P,Q) = JSD(P,M)",
        "I(X;Y) = H(X,Y) - H(X) - H(Y)",
        "H(X,Y) = H(X) + H(X|Y)",
        "KL(P||Q) = KL(Q||P)",
        "ln(12) = 3*ln(2) + ln(3)",
        // a distribution declared on its own is not the marginal of P_XY
        "H(X) = H(P_X) where P_X: dist",
    ] {
        match outcome(s) {
            NormalOutcome::Differ { steps } => {
                assert!(!steps.last().unwrap().difference.is_zero(), "{s}");
            }
            other => panic!("{s}: {other:?}"),
        }
    }
    // the difference of the sign-flipped cross-entropy is 2·KL(P‖Q)
    let NormalOutcome::Differ { steps } = outcome("H(P,Q) = H(P) - KL(P||Q)") else {
        panic!()
    };
    assert_eq!(
        render(&steps[0].difference),
        "2·Σ_{i} P[i]·ln(P[i]) − 2·Σ_{i} P[i]·ln(Q[i])"
    );
}

#[test]
fn catalogue_identities() {
    let mut proved_ids = Vec::new();
    for item in catalogue::all() {
        let out = outcome(item.statement);
        if matches!(out, NormalOutcome::Proved { .. }) {
            assert_eq!(
                item.truth,
                infocert::check::Truth::True,
                "{} is false but proved",
                item.id
            );
            proved_ids.push(item.id);
        }
    }
    eprintln!("{proved_ids:?}");
    for id in [
        "cross-entropy",
        "jsd-symmetry",
        "jsd-entropy",
        "mutual-information",
        "chain-rule",
        "ce-kl-same-minimizer",
    ] {
        assert!(proved_ids.contains(&id), "{id} not proved");
    }
}

#[test]
fn outside_the_normal_form_is_not_decided() {
    for s in [
        "TV(P,Q) = TV(Q,P)",
        "KL(P||Q) >= 0",
        "sqrt(KL(P||Q)) = sqrt(KL(P||Q))",
    ] {
        assert!(matches!(outcome(s), NormalOutcome::Outside(_)), "{s}");
    }
}

fn cli() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("infocert").unwrap()
}

fn tmp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("infocert-normal-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

#[test]
fn cli_identity_proved_refuted_undecided() {
    let out = cli()
        .args(["prove", "JSD(P,Q) = H(M) - 1/2*H(P) - 1/2*H(Q)"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let s = String::from_utf8(out).unwrap();
    assert!(s.contains("proved for every n (normal form)"), "{s}");
    assert!(s.contains("LHS − RHS = 0"), "{s}");
    assert!(s.contains("entries are all positive"), "{s}");
    // the wrong twin: both normal forms, the difference, a counterexample
    let out = cli()
        .args(["prove", "JSD(P,Q) = 1/2*H(P) + 1/2*H(Q) - H(M)"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let s = String::from_utf8(out).unwrap();
    for want in [
        "refuted",
        "normal form  LHS",
        "normal form  RHS",
        "LHS − RHS",
        "failing input",
    ] {
        assert!(s.contains(want), "{want}: {s}");
    }
    // outside the normal form: exit 5, never "false"
    let out = cli()
        .args(["prove", "TV(P,Q) = TV(Q,P)"])
        .assert()
        .code(5)
        .get_output()
        .stdout
        .clone();
    let s = String::from_utf8(out).unwrap();
    assert!(s.contains("not decided by the normal form"), "{s}");
    assert!(!s.contains("refuted"), "{s}");
    // MI three ways: a chain the Shannon-type parser does not take
    cli()
        .args(["prove", "I(X;Y) = H(X) - H(X|Y) = H(X) + H(Y) - H(X,Y)"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("normal form"));
    // a claim over random variables only still goes to the Shannon-type prover
    cli()
        .args(["prove", "I(X;Z) <= I(X;Y)", "--given", "X -> Y -> Z"])
        .assert()
        .code(0);
}

fn verify(paths: &[std::path::PathBuf]) -> bool {
    std::process::Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/verify_normal_certificate.py"
        ))
        .args(paths)
        .output()
        .expect("python3")
        .status
        .success()
}

#[test]
fn certificates_are_rechecked_and_tampering_is_caught() {
    let a = tmp("kl-chain.json");
    cli()
        .args([
            "prove",
            catalogue::find("kl-chain-rule").unwrap().statement,
            "--certificate",
        ])
        .arg(&a)
        .assert()
        .code(0);
    let b = tmp("proofs.json");
    cli()
        .args([
            "prove",
            concat!(env!("CARGO_MANIFEST_DIR"), "/proofs"),
            "--certificate",
        ])
        .arg(&b)
        .assert()
        .code(0);
    assert!(verify(&[a.clone(), b.clone()]));
    // tamper: a coefficient of a proved relation
    for p in [&a, &b] {
        let text = std::fs::read_to_string(p).unwrap();
        let bad = p.with_extension("bad.json");
        assert!(text.contains("\"coef\": \"1\""));
        std::fs::write(&bad, text.replacen("\"coef\": \"1\"", "\"coef\": \"2\"", 1)).unwrap();
        assert!(!verify(&[bad]), "tampered {} accepted", p.display());
    }
}

#[test]
fn proof_files_check_and_wrong_steps_are_rejected() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/proofs");
    let out = cli()
        .args(["prove", dir])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let s = String::from_utf8(out).unwrap();
    assert!(s.contains("9 of 9 proof files checked"), "{s}");
    // a wrong lemma instance (x = P/Q instead of Q/P): file:line, forms, difference
    let w = tmp("wrong.proof");
    std::fs::write(
        &w,
        "claim: KL(P||Q) >= 0\nKL(P||Q) >= 0 by ln-le(x = P[i]/Q[i], w = P[i], over i)\nqed\n",
    )
    .unwrap();
    let out = cli()
        .args(["prove"])
        .arg(&w)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let s = String::from_utf8(out).unwrap();
    for want in [
        "wrong.proof:2:",
        "rejected",
        "normal form  LHS",
        "normal form  RHS",
        "LHS − RHS",
    ] {
        assert!(s.contains(want), "{want}: {s}");
    }
    // a wrong rewrite step (sign of KL flipped)
    std::fs::write(
        &w,
        "claim: H(P,Q) = H(P) + KL(P||Q)\nH(P,Q) = H(P) - KL(P||Q) by normal form\nqed\n",
    )
    .unwrap();
    cli().args(["prove"]).arg(&w).assert().code(1);
    // a side condition that fails: a weight that is not manifestly non-negative
    std::fs::write(
        &w,
        "claim: KL(P||Q) >= 0\nKL(P||Q) >= 0 by ln-le(x = Q[i]/P[i], w = P[i] - Q[i], over i)\nqed\n",
    )
    .unwrap();
    let out = cli()
        .args(["prove"])
        .arg(&w)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8(out).unwrap().contains("side condition"));
    // data processing the wrong way round
    std::fs::write(
        &w,
        "claim: KL(P||Q) <= KL(P*K||Q*K)\nKL(P||Q) <= KL(P*K||Q*K) by log-sum(a = P[i]*K[i,j], b = Q[i]*K[i,j], sum i, over j)\nqed\n",
    )
    .unwrap();
    cli().args(["prove"]).arg(&w).assert().code(1);
    // a chain that does not reach the claim's right side
    std::fs::write(
        &w,
        "claim: H(X|Y) <= H(X)\nH(X|Y) = H(X) - I(X;Y) by normal form\nqed\n",
    )
    .unwrap();
    cli().args(["prove"]).arg(&w).assert().code(1);
    // syntax: file:line:column with a caret, exit 2
    std::fs::write(
        &w,
        "claim: KL(P||Q) >= 0\n  KL(P||Q) >= 0) by ln-le(x = Q[i]/P[i], w = P[i], over i)\nqed\n",
    )
    .unwrap();
    let out = cli()
        .args(["prove"])
        .arg(&w)
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let s = String::from_utf8(out).unwrap();
    assert!(s.contains("wrong.proof:2:16:"), "{s}");
    assert!(s.contains("                 ^"), "{s}");
}

#[test]
fn catalogue_status_counts_and_no_false_item_is_proved() {
    use infocert::catalogue::Status;
    let (mut proved, mut evidence) = (0, 0);
    for item in catalogue::all() {
        let st = item.status();
        if item.truth == infocert::check::Truth::False {
            assert!(
                !matches!(st, Status::Proved(_)),
                "false item {} proved",
                item.id
            );
            continue;
        }
        match st {
            Status::Proved(_) => proved += 1,
            Status::EvidenceOnly(_) => evidence += 1,
        }
    }
    assert_eq!((proved, evidence), (20, 10));
    assert_eq!(
        catalogue::find("gibbs").unwrap().status(),
        Status::Proved("proof file proofs/gibbs.proof".into())
    );
    // `check ITEM` reports proved (exit 0) only for proved items
    cli()
        .args(["check", "chain-rule", "--cases", "5"])
        .assert()
        .code(0);
    cli()
        .args(["check", "pinsker", "--cases", "5"])
        .assert()
        .code(4);
    cli()
        .args(["check", "chain-rule.twin", "--cases", "5"])
        .assert()
        .code(0);
}
