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
    for s in ["TV(P,Q) = TV(Q,P)", "KL(P||Q) >= 0", "|supp(P)| = |supp(P)|"] {
        assert!(matches!(outcome(s), NormalOutcome::Outside(_)), "{s}");
    }
}
