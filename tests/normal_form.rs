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
fn renyi_of_integer_order_is_expanded() {
    // D_2 = ln Σ p²/q = ln(1 + χ²), by hand from the definitions
    assert!(proved("Renyi[2](P||Q) = ln(1 + Chi2(P||Q))"));
    // D_3 = ½ ln Σ p³/q² is not ln(1 + χ²)
    assert!(!proved("Renyi[3](P||Q) = ln(1 + Chi2(P||Q))"));
    assert!(proved("Renyi[3](P||Q) = 1/2*ln(sum_i(P[i]^3/Q[i]^2))"));
    // other orders stay outside
    for s in [
        "Renyi[1/2](P||Q) = Renyi[1/2](P||Q)",
        "Renyi[inf](P||Q) = Renyi[inf](P||Q)",
    ] {
        assert!(matches!(outcome(s), NormalOutcome::Outside(_)), "{s}");
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
    assert!(s.contains("13 of 13 proof files checked"), "{s}");
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
    assert_eq!((proved, evidence), (23, 7));
    for (id, file) in [
        ("joint-convexity", "proofs/joint-convexity.proof"),
        ("chi2-bounds", "proofs/chi2-bounds.proof"),
        ("shannon-code", "proofs/shannon-code.proof"),
    ] {
        assert_eq!(
            catalogue::find(id).unwrap().status(),
            Status::Proved(format!("proof file {file}"))
        );
    }
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

/// Run `infocert prove` on a proof file with `text`; (exit code, stderr).
fn prove_text(name: &str, text: &str) -> (i32, String) {
    let w = tmp(name);
    std::fs::write(&w, text).unwrap();
    let out = cli().args(["prove"]).arg(&w).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const JC_CLAIM: &str = "KL(λ*P1 + (1 - λ)*P2||λ*Q1 + (1 - λ)*Q2) <= λ*KL(P1||Q1) + (1 - λ)*KL(P2||Q2) where P1: dist, Q1: dist, P2: dist, Q2: dist, λ in (0,1)";
const JC_TWIN: &str = "KL(λ*P1 + (1 - λ)*P2||λ*Q1 + (1 - λ)*Q2) >= λ*KL(P1||Q1) + (1 - λ)*KL(P2||Q2) where P1: dist, Q1: dist, P2: dist, Q2: dist, λ in (0,1)";
const SC_STRICT: &str =
    "ln(2)*sum_i(P[i]*ceil(-log2(Q[i]))) < H(P) + KL(P||Q) + ln(2) where supp(P) <= supp(Q)";

/// The new lemmas (log-sum-2, jensen-ln, ceil-ge, ceil-lt, strict steps):
/// each wrong step is rejected naming its line and step, with both normal
/// forms and their difference (or the failed side condition and its form).
#[test]
fn new_lemmas_reject_wrong_steps() {
    let step_of = |claim: &str| claim.split(" where ").next().unwrap().to_string();
    let jc_by =
        "log-sum-2(a1 = λ*P1[i], b1 = λ*Q1[i], a2 = (1 - λ)*P2[i], b2 = (1 - λ)*Q2[i], over i)";
    let gap_forms = [
        "normal form  LHS",
        "normal form  RHS",
        "LHS − RHS",
        "is not the sum of the lemma instances",
    ];
    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        // joint convexity reversed (the catalogue's twin: joint concavity)
        (
            "jc-reversed",
            format!("claim: {JC_TWIN}\n{} by {jc_by}\nqed\n", step_of(JC_TWIN)),
            gap_forms.to_vec(),
        ),
        // log-sum-2 outside its side condition: a2 = (λ − 1)·P2[i] < 0
        (
            "jc-side",
            format!(
                "claim: {JC_CLAIM}\n{} by {}\nqed\n",
                step_of(JC_CLAIM),
                jc_by.replace("(1 - λ)", "(λ - 1)")
            ),
            vec!["side condition", "(λ - 1)*P2[i] is not manifestly positive", "normal form λ·P2[i] − P2[i]"],
        ),
        // Jensen with weights that do not sum to 1
        (
            "chi2-weights",
            "claim: KL(P||Q) <= ln(1 + Chi2(P||Q)) where Q > 0\nKL(P||Q) <= ln(1 + Chi2(P||Q)) by jensen-ln(x = P[i]/Q[i], w = 2*P[i], over i)\nqed\n".into(),
            vec!["side condition", "not a weight summing to 1", "normal form 2"],
        ),
        // Jensen the wrong way round
        (
            "chi2-reversed",
            "claim: ln(1 + Chi2(P||Q)) <= KL(P||Q) where Q > 0\nln(1 + Chi2(P||Q)) <= KL(P||Q) by jensen-ln(x = P[i]/Q[i], w = P[i], over i)\nqed\n".into(),
            gap_forms.to_vec(),
        ),
        // ln(1 + χ²) ≥ χ² (ln y ≤ y − 1 reversed)
        (
            "chi2-ln-reversed",
            "claim: Chi2(P||Q) <= ln(1 + Chi2(P||Q)) where Q > 0\nChi2(P||Q) <= ln(1 + Chi2(P||Q)) by ln-le(x = 1 + Chi2(P||Q))\nqed\n".into(),
            gap_forms.to_vec(),
        ),
        // ceil(x) ≤ x: the Shannon-code bound reversed
        (
            "sc-reversed",
            "claim: ln(2)*sum_i(P[i]*ceil(-log2(Q[i]))) <= ln(2)*sum_i(P[i]*(-log2(Q[i]))) where supp(P) <= supp(Q)\nln(2)*sum_i(P[i]*ceil(-log2(Q[i]))) <= ln(2)*sum_i(P[i]*(-log2(Q[i]))) by ceil-ge(x = -log2(Q[i]), w = ln(2)*P[i], over i)\nqed\n".into(),
            gap_forms.to_vec(),
        ),
        // a strict step from a non-strict lemma
        (
            "sc-strict",
            format!(
                "claim: {SC_STRICT}\nln(2)*sum_i(P[i]*ceil(-log2(Q[i]))) < ln(2)*sum_i(P[i]*(-log2(Q[i]) + 1)) by ceil-ge(x = -log2(Q[i]), w = ln(2)*P[i], over i)\nln(2)*sum_i(P[i]*(-log2(Q[i]) + 1)) = H(P) + KL(P||Q) + ln(2) by normal form\nqed\n"
            ),
            vec!["needs a strict lemma instance"],
        ),
        // a strict claim whose steps are all non-strict
        (
            "sc-nonstrict-chain",
            format!(
                "claim: {SC_STRICT}\nln(2)*sum_i(P[i]*ceil(-log2(Q[i]))) <= ln(2)*sum_i(P[i]*(-log2(Q[i]) + 1)) by ceil-lt(x = -log2(Q[i]), w = ln(2)*P[i], over i)\nln(2)*sum_i(P[i]*(-log2(Q[i]) + 1)) = H(P) + KL(P||Q) + ln(2) by normal form\nqed\n"
            ),
            vec!["the claim is strict", "no step is"],
        ),
        // the Shannon code's twin: within one bit of H(P) (drops KL): the rewrite fails
        (
            "sc-twin",
            "claim: ln(2)*sum_i(P[i]*ceil(-log2(Q[i]))) < H(P) + ln(2) where supp(P) <= supp(Q)\nln(2)*sum_i(P[i]*ceil(-log2(Q[i]))) < ln(2)*sum_i(P[i]*(-log2(Q[i]) + 1)) by ceil-lt(x = -log2(Q[i]), w = ln(2)*P[i], over i)\nln(2)*sum_i(P[i]*(-log2(Q[i]) + 1)) = H(P) + ln(2) by normal form\nqed\n".into(),
            vec!["the normal forms differ", "normal form  LHS", "normal form  RHS", "LHS − RHS = Σ_{i} P[i]·ln(P[i]) − Σ_{i} P[i]·ln(Q[i])"],
        ),
        // D_2 ≤ KL (the twin of renyi-monotone) by the same Jensen instance
        (
            "renyi-reversed",
            "claim: Renyi[2](P||Q) <= KL(P||Q)\nRenyi[2](P||Q) <= KL(P||Q) by jensen-ln(x = P[i]/Q[i], w = P[i], over i)\nqed\n".into(),
            gap_forms.to_vec(),
        ),
        // ceil-lt with a weight that may vanish is not strict
        (
            "sc-weight",
            format!(
                "claim: {SC_STRICT}\nln(2)*sum_i(P[i]*ceil(-log2(Q[i]))) < ln(2)*sum_i(P[i]*(-log2(Q[i]) + 1)) by ceil-lt(x = -log2(Q[i]), w = 0*P[i], over i)\nln(2)*sum_i(P[i]*(-log2(Q[i]) + 1)) = H(P) + KL(P||Q) + ln(2) by normal form\nqed\n"
            ),
            vec!["side condition", "is not manifestly positive"],
        ),
    ];
    for (name, text, wants) in cases {
        let (code, err) = prove_text(&format!("{name}.proof"), &text);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains(&format!("{name}.proof:")), "{name}: {err}");
        assert!(
            err.contains("rejected") || err.contains("strict"),
            "{name}: {err}"
        );
        for w in wants {
            assert!(err.contains(w), "{name}: wants {w:?} in {err}");
        }
    }
    // an unknown lemma is bad input (exit 2), naming the known ones
    let (code, err) = prove_text(
        "unknown-lemma.proof",
        "claim: KL(P||Q) >= 0\nKL(P||Q) >= 0 by jensen-exp(x = P[i], w = P[i], over i)\nqed\n",
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("unknown lemma 'jensen-exp'") && err.contains("ceil-lt"),
        "{err}"
    );
}

/// The verifier re-checks lemma instances on its own: a tampered lemma
/// name, side condition, strictness or contribution is rejected.
#[test]
fn verifier_rejects_tampered_lemma_instances() {
    let cert = tmp("lemmas.json");
    cli()
        .args([
            "prove",
            concat!(env!("CARGO_MANIFEST_DIR"), "/proofs"),
            "--certificate",
        ])
        .arg(&cert)
        .assert()
        .code(0);
    assert!(verify(std::slice::from_ref(&cert)));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cert).unwrap()).unwrap();
    type Tamper = fn(&mut serde_json::Value);
    let tampers: [(&str, &str, Tamper); 6] = [
        (
            "ceil-lt",
            "a strict lemma renamed to a non-strict one",
            |l| {
                l["lemma"] = "ceil-ge".into();
                let i = l["instance"]
                    .as_str()
                    .unwrap()
                    .replace("ceil-lt", "ceil-ge");
                l["instance"] = i.into();
            },
        ),
        ("ceil-lt", "strictness", |l| l["strict"] = false.into()),
        (
            "log-sum-2",
            "a side condition's normal form made negative",
            |l| {
                for t in l["side_conditions"][2]["normal"].as_array_mut().unwrap() {
                    t["coef"] = "-1".into();
                }
            },
        ),
        ("jensen-ln", "weights summing to 2", |l| {
            l["side_conditions"][2]["normal"][0]["coef"] = "2".into();
        }),
        ("jensen-ln", "a contribution's normal form", |l| {
            l["contribution_normal"][0]["coef"] = "3".into();
        }),
        ("ln-le", "a dropped side condition", |l| {
            l["side_conditions"].as_array_mut().unwrap().pop();
        }),
    ];
    for (lemma, what, f) in tampers {
        let mut bad = v.clone();
        let mut hit = false;
        for file in bad["files"].as_array_mut().unwrap() {
            for claim in file["claims"].as_array_mut().unwrap() {
                for step in claim["steps"].as_array_mut().unwrap() {
                    if let Some(ls) = step.get_mut("lemmas").and_then(|x| x.as_array_mut()) {
                        for l in ls {
                            if !hit && l["lemma"] == lemma {
                                f(l);
                                hit = true;
                            }
                        }
                    }
                }
            }
        }
        assert!(hit, "no {lemma} instance in the certificate");
        let p = tmp(&format!("tampered-{}.json", what.replace(' ', "-")));
        std::fs::write(&p, serde_json::to_string(&bad).unwrap()).unwrap();
        assert!(!verify(&[p]), "tampered ({what}) accepted");
    }
    // a chain whose sides meet by normal form, not by text: the link is
    // recorded and re-checked; without it the chain breaks
    let linked = tmp("linked.proof");
    std::fs::write(
        &linked,
        "claim: KL(P||Q) >= 0\nsum_i(P[i]*ln(P[i]/Q[i])) >= 0 by ln-le(x = Q[i]/P[i], w = P[i], over i)\nqed\n",
    )
    .unwrap();
    let lc = tmp("linked.json");
    cli()
        .args(["prove"])
        .arg(&linked)
        .arg("--certificate")
        .arg(&lc)
        .assert()
        .code(0);
    assert!(verify(std::slice::from_ref(&lc)));
    let mut lv: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&lc).unwrap()).unwrap();
    let links = &mut lv["files"][0]["claims"][0]["links"];
    assert_eq!(links.as_array().unwrap().len(), 1, "{links}");
    *links = serde_json::json!([]);
    let p = tmp("tampered-link.json");
    std::fs::write(&p, serde_json::to_string(&lv).unwrap()).unwrap();
    assert!(!verify(&[p]), "a chain without its link accepted");
    // the chain: a claim's right side changed, a step's relation reversed
    type ClaimTamper = fn(&mut serde_json::Value);
    let chain_tampers: [(&str, ClaimTamper); 3] = [
        ("the claim's right side", |c| c["rhs"] = "1".into()),
        ("a step's relation", |c| {
            let st = &mut c["steps"][0];
            let r = if st["relation"] == ">=" { "<=" } else { ">=" };
            st["relation"] = r.into();
        }),
        ("a strict claim made of non-strict steps", |c| {
            for st in c["steps"].as_array_mut().unwrap() {
                if st["relation"] == "<" {
                    st["relation"] = "<=".into();
                }
            }
        }),
    ];
    for (what, f) in chain_tampers {
        let mut bad = v.clone();
        let file = bad["files"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|f| f["file"].as_str().unwrap().ends_with("shannon-code.proof"))
            .unwrap();
        f(&mut file["claims"][1]);
        let p = tmp(&format!("tampered-chain-{}.json", what.replace(' ', "-")));
        std::fs::write(&p, serde_json::to_string(&bad).unwrap()).unwrap();
        assert!(!verify(&[p]), "tampered ({what}) accepted");
    }
}

/// `proofs/certificates/NAME.json` is the certificate of `proofs/NAME.proof`
/// (regenerate with `INFOCERT_REGENERATE=1`), re-checked three ways: by
/// `infocert prove proofs/` (every derivation re-derived from the proof file
/// and compared), by the independent Python verifier (exact fractions), and
/// a tampered or stale copy must be rejected by both checkers' Rust side.
#[test]
fn committed_proof_certificates_are_fresh_and_rechecked() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let regen = std::env::var_os("INFOCERT_REGENERATE").is_some();
    let mut proofs: Vec<_> = std::fs::read_dir(root.join("proofs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "proof"))
        .collect();
    proofs.sort();
    assert!(proofs.len() >= 12, "proof files: {}", proofs.len());
    let mut stored = Vec::new();
    for p in &proofs {
        let stem = p.file_stem().unwrap().to_str().unwrap();
        let rel = format!("proofs/{stem}.proof");
        let fresh = tmp(&format!("{stem}.json"));
        cli()
            .current_dir(root)
            .args(["prove", &rel, "--certificate"])
            .arg(&fresh)
            .assert()
            .code(0);
        let committed = root.join(format!("proofs/certificates/{stem}.json"));
        if regen {
            std::fs::copy(&fresh, &committed).unwrap();
        }
        let a = std::fs::read_to_string(&fresh).unwrap();
        let b = std::fs::read_to_string(&committed)
            .unwrap_or_else(|e| panic!("{}: {e} (INFOCERT_REGENERATE=1)", committed.display()));
        assert_eq!(
            a,
            b,
            "{} is stale (INFOCERT_REGENERATE=1)",
            committed.display()
        );
        stored.push(committed);
    }
    // the Rust side: every stored certificate holds
    let out = cli()
        .current_dir(root)
        .args(["prove", "proofs/"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    for c in &stored {
        let name = format!(
            "proofs/certificates/{}",
            c.file_name().unwrap().to_str().unwrap()
        );
        assert!(
            out.contains(&format!("ok    {name}: proved (proof files")),
            "{name}:\n{out}"
        );
    }
    // the independent side
    assert!(
        verify(&stored),
        "the Python verifier rejects a committed certificate"
    );
    // tampered: a claim's text changed; stale: the entry claims another file
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&stored[0]).unwrap()).unwrap();
    let mut t = v.clone();
    t["files"][0]["claims"][0]["claim"] = serde_json::json!("KL(P||Q) >= 1");
    let bad = tmp("tampered.json");
    std::fs::write(&bad, serde_json::to_string(&t).unwrap()).unwrap();
    cli()
        .current_dir(root)
        .args(["prove"])
        .arg(&bad)
        .assert()
        .code(1)
        .stdout(predicates::str::contains("stale or tampered"));
    let mut s = v.clone();
    let other = proofs[1].file_name().unwrap().to_str().unwrap();
    s["files"][0]["file"] = serde_json::json!(format!("proofs/{other}"));
    std::fs::write(&bad, serde_json::to_string(&s).unwrap()).unwrap();
    cli()
        .current_dir(root)
        .args(["prove"])
        .arg(&bad)
        .assert()
        .code(1);
    // a certificate naming a proof file that does not exist: bad input
    s["files"][0]["file"] = serde_json::json!("proofs/no-such.proof");
    std::fs::write(&bad, serde_json::to_string(&s).unwrap()).unwrap();
    cli()
        .current_dir(root)
        .args(["prove"])
        .arg(&bad)
        .assert()
        .code(2);
}
