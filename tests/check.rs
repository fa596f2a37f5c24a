//! The checker: catalogue behaviour, minimal counterexamples of the false
//! claims, exit codes and JSON of the CLI, exported strategies.

use assert_cmd::Command;
use infocert::catalogue::{self, Config, Truth};
use infocert::check::{check_claim, Origin, Verdict};
use proptest::prelude::*;

fn fast() -> Config {
    Config::fast()
}

#[test]
fn every_true_item_holds_and_every_false_item_and_twin_is_refuted() {
    for item in catalogue::all() {
        let r = item.check(fast());
        match item.truth {
            Truth::True => r.assert_holds(),
            Truth::False => r.assert_refuted(),
        }
        assert_eq!(r.as_catalogued(), Some(true), "{}", item.id);
    }
    // every true item has a twin
    for item in catalogue::CATALOGUE {
        assert_eq!(
            item.truth == Truth::True,
            item.twin.is_some(),
            "{}",
            item.id
        );
    }
}

/// `(support, denominator, instance as printed)` of the minimal counterexample.
fn minimal(id: &str) -> (usize, String, String) {
    let r = catalogue::find(id).expect(id).check(fast());
    let cx = r.counterexample().clone();
    assert!(
        matches!(cx.origin, Origin::Lattice { minimal: true, .. }),
        "{id}: {:?}",
        cx.origin
    );
    (
        cx.instance.n,
        cx.instance.denominator().to_string(),
        cx.instance.to_string(),
    )
}

#[test]
fn false_claims_have_their_minimal_counterexamples() {
    assert_eq!(
        minimal("kl-symmetric"),
        (2, "4".into(), "P = [1/4, 3/4]\nQ = [1/2, 1/2]".into())
    );
    assert_eq!(minimal("kl-triangle").0, 2);
    assert_eq!(
        minimal("tv-le-kl"),
        (2, "3".into(), "P = [1/3, 2/3]\nQ = [2/3, 1/3]".into())
    );
    assert_eq!(
        minimal("jsd-reversed"),
        (2, "1".into(), "P = [0, 1]\nQ = [1, 0]".into())
    );
    assert_eq!(
        minimal("cond-entropy-log"),
        (2, "2".into(), "P_XY = [[0, 1/2], [0, 1/2]]".into())
    );
    assert_eq!(
        minimal("ce-min-maximizes-kl"),
        (2, "1".into(), "P = [0, 1]\nQ = [0, 1]\nR = [1, 0]".into())
    );
}

#[test]
fn kl_triangle_counterexample_is_finite_and_printed() {
    let r = catalogue::KL_TRIANGLE.check(fast());
    let text = r.to_string();
    assert!(text.contains("minimal failing input (support 2"), "{text}");
    assert!(text.contains("gap"), "{text}");
    assert!(!text.contains('∞'), "{text}");
}

#[test]
fn user_claims() {
    let cfg = Config {
        cases: 30,
        ..Config::fast()
    };
    check_claim("H(X|Y) <= H(X)", &cfg).unwrap().assert_holds();
    check_claim("KL(P||Q) = KL(Q||P)", &cfg)
        .unwrap()
        .assert_refuted();
    check_claim("JS(P,Q) = sqrt(JSD(P,Q))", &cfg)
        .unwrap()
        .assert_holds();
    check_claim("H(P) <= log2(3) * ln(2) + 1", &cfg)
        .unwrap()
        .assert_holds();
    // the JSD formula with M built in
    check_claim("JSD(P,Q) = 1/2*(KL(P||M) + KL(Q||M))", &cfg)
        .unwrap()
        .assert_holds();
    // an algebraic identity with no closed form: never decided, never rounded
    let r = check_claim("sqrt(2) + sqrt(3) = sqrt(5 + 2*sqrt(6))", &cfg).unwrap();
    assert_eq!(r.verdict, Verdict::Undecided);
    assert_eq!(r.exit_code(), 3);
    assert!(check_claim("KL(P||) >= 0", &cfg).is_err());
}

fn cli() -> Command {
    Command::cargo_bin("infocert").unwrap()
}

#[test]
fn exit_codes() {
    cli()
        .args(["check", "KL(P||Q) = KL(Q||P)", "--cases", "10"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("minimal failing input"));
    cli()
        .args(["check", "pinsker", "--cases", "50", "--seed", "7"])
        .assert()
        .code(4)
        .stdout(predicates::str::contains("evidence, not proof"));
    cli()
        .args(["check", "KL(P||) >= 0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("      ^"));
    cli()
        .args([
            "check",
            "sqrt(2) + sqrt(3) = sqrt(5 + 2*sqrt(6))",
            "--cases",
            "2",
            "--max-prec",
            "256",
        ])
        .assert()
        .code(3);
    cli().args(["check", "all"]).assert().code(0);
    cli()
        .args(["claims"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("pinsker.twin"));
}

#[test]
fn json_output() {
    let out = cli()
        .args([
            "check",
            "H(P,Q) = H(P) - KL(P||Q)",
            "--cases",
            "5",
            "--json",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["verdict"], "violated");
    assert_eq!(v["counterexample"]["instance"]["n"], 2);
    assert!(v["counts"]["violated"].as_u64().unwrap() >= 1);
    let out = cli()
        .args(["claims", "--json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v.as_array().unwrap().len() >= 60);
}

#[test]
fn failing_random_seeds_are_persisted_and_replayed() {
    let dir = std::env::temp_dir().join(format!("infocert-check-{}", std::process::id()));
    let file = dir.join("regressions.txt");
    let cfg = Config {
        max_support: 0, // no lattice: the random campaign must find it
        search_starts: 0,
        cases: 50,
        regressions: Some(file.clone()),
        ..Config::fast()
    };
    let r = check_claim("TV(P,Q) <= KL(P||Q)", &cfg).unwrap();
    r.assert_refuted();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("TV(P,Q) <= KL(P||Q)\tseed="), "{text}");
    // shrunk through the lattice to the minimal one
    assert!(
        matches!(
            r.counterexample().origin,
            Origin::Shrunk {
                support: 2,
                denominator: 3,
                ..
            }
        ),
        "{:?}",
        r.counterexample().origin
    );
    let again = check_claim("TV(P,Q) <= KL(P||Q)", &Config { cases: 0, ..cfg }).unwrap();
    again.assert_refuted();
    let _ = std::fs::remove_dir_all(dir);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    #[test]
    fn strategies_make_valid_inputs(
        p in infocert::strategies::dist(2..8),
        (a, b) in infocert::strategies::pair(1..5),
        j in infocert::strategies::joint(1..4, 1..4),
        k in infocert::strategies::kernel(3, 2),
        l in infocert::strategies::lattice(1..4, 12),
        (x, y) in infocert::strategies::near_pair(2..5),
        z in infocert::strategies::zero_laden(3..9),
    ) {
        prop_assert!(p.sums_to_one() && (2..8).contains(&p.len()));
        prop_assert!(a.sums_to_one() && b.sums_to_one() && a.len() == b.len());
        prop_assert!(j.flat().sums_to_one());
        prop_assert!(k.len() == 3 && k.iter().all(|r| r.sums_to_one() && r.len() == 2));
        prop_assert!(l.sums_to_one() && l.values().iter().all(|v| v.denom() <= &12.into()));
        prop_assert!(x.sums_to_one() && y.sums_to_one());
        prop_assert!(z.sums_to_one());
    }
}

#[test]
fn gibbs_from_cargo_test() {
    infocert::catalogue::GIBBS
        .check(Config::default())
        .assert_holds();
}

#[test]
#[ignore = "large campaign (10^6 random cases, lattice denominator <= 12); run with --ignored"]
fn large_campaign() {
    for item in catalogue::all() {
        let r = item.check(Config {
            progress: false,
            ..Config::large()
        });
        assert_eq!(r.as_catalogued(), Some(true), "{r}");
    }
}

// ---------------------------------------------------------------------------
// The margin search, verdict words and exit codes, finite counterexamples
// ---------------------------------------------------------------------------

fn p_q(r: &infocert::check::Report) -> (String, String) {
    let i = &r.counterexample().instance;
    (
        format!(
            "{:?}",
            i.get("P").iter().map(|x| x.to_string()).collect::<Vec<_>>()
        ),
        format!(
            "{:?}",
            i.get("Q").iter().map(|x| x.to_string()).collect::<Vec<_>>()
        ),
    )
}

#[test]
fn the_margin_search_finds_counterexamples_near_p_equals_q() {
    let cfg = Config::default();
    // the lattice (denominator ≤ 6) and 200 random cases alone miss it
    let off = Config {
        search_starts: 0,
        ..cfg.clone()
    };
    let claim = "KL(P||Q) >= 2.01*TV(P,Q)^2";
    let r = check_claim(claim, &off).unwrap();
    assert_eq!(r.verdict, Verdict::Held, "{r}");
    assert_eq!(r.exit_code(), 4);
    // the search finds it, proves it exactly, and the lattice shrinks it
    let t = std::time::Instant::now();
    let r = check_claim(claim, &cfg).unwrap();
    r.assert_refuted();
    assert!(t.elapsed().as_secs() < 30, "{:?}", t.elapsed());
    assert_eq!(
        p_q(&r),
        (
            r#"["4/9", "5/9"]"#.to_string(),
            r#"["5/9", "4/9"]"#.to_string()
        ),
        "{r}"
    );
    assert!(
        matches!(
            r.counterexample().origin,
            Origin::SearchShrunk {
                support: 2,
                denominator: 9,
                minimal: true,
                ..
            }
        ),
        "{r}"
    );
    // narrower: no violation below denominator 27, and the search says so
    let r = check_claim("KL(P||Q) >= 2.001*TV(P,Q)^2", &cfg).unwrap();
    assert_eq!(
        p_q(&r),
        (
            r#"["14/27", "13/27"]"#.to_string(),
            r#"["13/27", "14/27"]"#.to_string()
        ),
        "{r}"
    );
    assert!(
        matches!(
            r.counterexample().origin,
            Origin::Search {
                support: 2,
                denominator: 27,
                minimal: true
            }
        ),
        "{r}"
    );
    // tight only at a face: the relative margin finds it, the absolute one
    // moves it to where small denominators round into it
    let r = check_claim("KL(P||Q) >= 2*Hel(P,Q)^2*1.001", &cfg).unwrap();
    r.assert_refuted();
    let d = r.counterexample().instance.denominator();
    assert!(d < 1000u32.into(), "{r}");
    assert_eq!(p_q(&r).0, r#"["1", "0"]"#, "{r}");
    // narrower still: constants barely off, a sharp fourth-order term
    for claim in [
        "KL(P||Q) >= 2.001*TV(P,Q)^2",
        "KL(P||Q) >= 2*TV(P,Q)^2 + 0.46*TV(P,Q)^4",
        "KL(P||Q) + KL(Q||P) >= 4.02*TV(P,Q)^2",
        "H(P,Q) >= H(P) + 2.01*TV(P,Q)^2",
    ] {
        assert_eq!(
            check_claim(claim, &off).unwrap().verdict,
            Verdict::Held,
            "{claim}"
        );
        check_claim(claim, &cfg).unwrap().assert_refuted();
    }
    // the true statements next to them are not refuted (nothing is claimed
    // from floats)
    for claim in [
        "KL(P||Q) >= 2*TV(P,Q)^2",
        "KL(P||Q) >= 2*TV(P,Q)^2 + 4/9*TV(P,Q)^4",
        "JSD(P,Q) >= 1/2*TV(P,Q)^2",
        "I(X;Y) = H(X) + H(Y) - H(X,Y)",
    ] {
        let r = check_claim(claim, &cfg).unwrap();
        assert_eq!(r.verdict, Verdict::Held, "{r}");
        assert!(r.search_evaluations > 0, "{r}");
    }
}

#[test]
fn finite_counterexamples_beside_infinite_ones() {
    let cfg = Config::default();
    for (claim, p, q) in [
        (
            "JSD(P,Q) = 1/2*(KL(M||P) + KL(M||Q))",
            r#"["1/3", "2/3"]"#,
            r#"["2/3", "1/3"]"#,
        ),
        (
            "KL(P||Q) = H(Q) - H(P)",
            r#"["0", "1"]"#,
            r#"["1/3", "2/3"]"#,
        ),
    ] {
        let r = check_claim(claim, &cfg).unwrap();
        let cx = r.counterexample();
        assert!(
            cx.rhs.decimal.contains("inf") || cx.lhs.decimal.contains("inf"),
            "{r}"
        );
        let f = r
            .finite_counterexample
            .as_ref()
            .unwrap_or_else(|| panic!("{r}"));
        let got = (
            format!(
                "{:?}",
                f.instance
                    .get("P")
                    .iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
            ),
            format!(
                "{:?}",
                f.instance
                    .get("Q")
                    .iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
            ),
        );
        assert_eq!(got, (p.to_string(), q.to_string()), "{r}");
        assert!(r
            .to_string()
            .contains("a counterexample with both sides finite"));
    }
    // a finite first counterexample needs no second one
    let r = check_claim("TV(P,Q) <= KL(P||Q)", &cfg).unwrap();
    r.assert_refuted();
    assert!(r.finite_counterexample.is_none(), "{r}");
}

#[test]
fn the_positive_domain() {
    // false only where the supports are disjoint
    let cfg = Config::default();
    check_claim("TV(P,Q) < 1", &cfg).unwrap().assert_refuted();
    let pos = Config {
        positive: true,
        ..cfg
    };
    let r = check_claim("TV(P,Q) < 1", &pos).unwrap();
    assert_eq!(r.exit_code(), 4, "{r}");
    assert!(r.counts.excluded > 0);
    // a wrong claim is still refuted inside it, by a positive instance
    let r = check_claim("KL(P||Q) >= 2.01*TV(P,Q)^2", &pos).unwrap();
    assert!(r.counterexample().instance.values.iter().all(|(_, v)| v
        .iter()
        .all(|x| *x > num_rational::BigRational::from_integer(0.into()))));
    cli()
        .args(["check", "TV(P,Q) < 1", "--positive", "--cases", "20"])
        .assert()
        .code(4)
        .stdout(predicates::str::contains("(--positive)"));
}

#[test]
fn verdict_words_and_exit_codes() {
    // 0: proved (no variables: one instance, decided)
    cli()
        .args(["check", "ln(2) < 1"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("verdict: proved"));
    // 4: no counterexample found — evidence, not proof
    cli()
        .args(["check", "KL(P||Q) >= 2*TV(P,Q)^2", "--cases", "20"])
        .assert()
        .code(4)
        .stdout(predicates::str::contains("no counterexample found in"))
        .stdout(predicates::str::contains("evidence, not proof"));
    // 1: violated, found by the margin search with default settings
    cli()
        .args(["check", "KL(P||Q) >= 2.01*TV(P,Q)^2"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("P = [4/9, 5/9]"));
    // claims starting with a minus sign
    cli()
        .args(["check", "-KL(P||Q) <= 0", "--cases", "20"])
        .assert()
        .code(4);
    cli()
        .args(["check", "-KL(P||Q) > 0", "--cases", "20"])
        .assert()
        .code(1);
    cli().args(["check", "-1 < 0"]).assert().code(0);
    // JSON says it in words too
    let out = cli()
        .args(["check", "gibbs", "--cases", "10", "--json"])
        .assert()
        .code(4)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["verdict"], "no_counterexample_found");
    // bad input: exit 2, one line
    let out = cli()
        .args(["check", "KL(P||Q) >= 0", "--search", "x"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(!out.stderr.is_empty());
}

#[test]
fn claims_on_your_own_numbers() {
    // the wrong constant is refuted at the margin search's point, exactly
    cli()
        .args([
            "check",
            "KL(P||Q) >= 2.01*TV(P,Q)^2",
            "--p",
            "4/9,5/9",
            "--q",
            "5/9,4/9",
        ])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("VIOLATED (decided exactly)"))
        .stdout(predicates::str::contains("67/2700"));
    // Pinsker holds there: a decision at one point, exit 0
    cli()
        .args(["check", "pinsker", "--p", "4/9,5/9", "--q", "5/9,4/9"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("holds at these inputs"))
        .stdout(predicates::str::contains("not a proof for other inputs"));
    // chains, joints, certified enclosures, JSON
    cli()
        .args([
            "check",
            "0 <= JSD(P,Q) <= ln(2)",
            "--p",
            "0.1,0.9",
            "--q",
            "1/3,2/3",
        ])
        .assert()
        .code(0);
    cli()
        .args([
            "check",
            "Hel(P,Q)^2 <= TV(P,Q)",
            "--p",
            "0.1,0.9",
            "--q",
            "1/3,2/3",
        ])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("certified enclosures"));
    let out = cli()
        .args([
            "check",
            "I(X;Y) = H(X) + H(Y) - H(X,Y)",
            "--joint",
            "1/4,1/4;0,1/2",
            "--json",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["verdict"], "holds");
    assert_eq!(v["relations"][0]["sides"]["gap"]["closed_form"], "0");
    // undecided: an algebraic tie
    cli()
        .args([
            "check",
            "sqrt(2) + sqrt(3) + TV(P,Q) = sqrt(5 + 2*sqrt(6))",
            "--p",
            "1/2,1/2",
            "--q",
            "1/2,1/2",
            "--max-prec",
            "256",
        ])
        .assert()
        .code(3);
    // bad input: exit 2, one line
    for (args, want) in [
        (vec!["--p", "0.5,0.6", "--q", "1/2,1/2"], "sums to 11/10"),
        (vec!["--p", "1/2,1/2"], "give it with --q"),
        (vec!["--p", "1/3,2/3", "--q", "1,0,0"], "share one support"),
        (vec!["--p", "-1/2,3/2", "--q", "1/2,1/2"], "negative"),
        (vec!["--p", "1/2,x", "--q", "1/2,1/2"], "p"),
    ] {
        let mut a = vec!["check", "KL(P||Q) >= 0"];
        a.extend(args);
        let o = cli().args(&a).assert().code(2).get_output().clone();
        let e = String::from_utf8(o.stderr).unwrap();
        assert!(e.contains(want), "{a:?}: {e}");
        assert_eq!(e.trim_end().lines().count(), 1, "{e}");
    }
    let o = cli()
        .args([
            "check",
            "KL(P||Q) - KL(P||Q) = 0",
            "--p",
            "1,0",
            "--q",
            "0,1",
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(String::from_utf8(o.stderr).unwrap().contains("∞ − ∞"));
}
