//! `infocert eval --engine float [--correctly-rounded] [--json]`.
// reference values are quoted verbatim (17 digits, as published)
#![allow(clippy::excessive_precision, clippy::approx_constant)]
use assert_cmd::Command;
use predicates::prelude::*;

fn eval(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("infocert")
        .unwrap()
        .arg("eval")
        .args(args)
        .assert()
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = eval(args).success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn float_json_has_f64_hex_and_bound() {
    let v = json(&[
        "kl",
        "--p",
        "0.5,0.5",
        "--q",
        "0.500000001,0.499999999",
        "--engine",
        "float",
        "--json",
    ]);
    assert_eq!(v["engine"], "float");
    assert_eq!(v["semantics"], "as_given");
    let x: f64 = v["f64"].as_str().unwrap().parse().unwrap();
    let e: f64 = v["err_bound"].as_str().unwrap().parse().unwrap();
    assert!((x - 5.7511151229152405e-17).abs() <= e);
    assert!(e < 1e-31);
    assert!(v["f64_hex"].as_str().unwrap().starts_with("0x1."));
    assert_eq!(v["correctly_rounded"], false);
}

#[test]
fn correctly_rounded_matches_reference() {
    let v = json(&[
        "kl",
        "--p",
        "0.5,0.5",
        "--q",
        "0.500000001,0.499999999",
        "--engine",
        "float",
        "--correctly-rounded",
        "--json",
    ]);
    let x: f64 = v["f64"].as_str().unwrap().parse().unwrap();
    assert_eq!(x, 5.7511151229152405e-17);
    assert_eq!(v["f64"], "5.75111512291524e-17"); // shortest round-trip
    assert_eq!(v["correctly_rounded"], true);
    let v = json(&[
        "kl",
        "--p",
        "1",
        "--q",
        "0.01",
        "--engine",
        "float",
        "--correctly-rounded",
        "--json",
    ]);
    // the double nearest 0.01 is 0.01000000000000000020816…, so the value is
    // ln(1/fl(0.01)) = 4.60517018598809134721…, not ln 100 = 4.60517018598809136804…
    // (which rounds to …092, what math.log(100) prints)
    assert_eq!(v["f64"], "4.605170185988091");
    assert_eq!(v["f64_hex"], "0x1.26bb1bbb55515p+2");
    assert_eq!(v["inputs_rounded"], 1);
}

#[test]
fn infinite_kl_is_exact() {
    let v = json(&[
        "kl",
        "--p",
        "0.3,0.3,0.4",
        "--q",
        "0.5,0.5,0",
        "--engine",
        "float",
        "--json",
    ]);
    assert_eq!(v["f64"], "inf");
    assert_eq!(v["f64_hex"], "inf");
    assert_eq!(v["err_bound"], "0");
}

#[test]
fn human_output_and_errors() {
    eval(&["entropy", "--p", "0.5,0.5", "--engine", "float"])
        .success()
        .stdout(predicate::str::contains("entropy ≈ 0.6931471805599453 ±"));
    eval(&["entropy", "--p", "0.5,-0.5", "--engine", "float"])
        .failure()
        .stderr(predicate::str::contains("negative"));
    // base 2: ln 2 / ln 2 = 1 exactly, correctly rounded and within the bound
    eval(&[
        "entropy", "--p", "0.5,0.5", "--engine", "float", "--base", "2",
    ])
    .success()
    .stdout(predicate::str::contains("entropy ≈ 1 ±").and(predicate::str::contains("bits")));
    eval(&[
        "entropy",
        "--p",
        "0.5,0.5",
        "--engine",
        "float",
        "--base",
        "2",
        "--correctly-rounded",
    ])
    .success()
    .stdout(predicate::str::contains(
        "entropy = 1 bits (correctly rounded f64)",
    ));
    let v = json(&[
        "entropy",
        "--p",
        "0.25,0.25,0.5",
        "--engine",
        "float",
        "--base",
        "10",
        "--json",
        "--correctly-rounded",
    ]);
    // 1.5·ln 2/ln 10 = 0.45154499349597179…
    assert_eq!(v["f64"], "0.45154499349597177");
    assert_eq!(v["base"], "10");
    assert_eq!(v["exact_fallback"], false);
    eval(&["entropy", "--p", "0.5,0.5", "--correctly-rounded"])
        .failure()
        .stderr(predicate::str::contains("--engine float"));
    eval(&[
        "mi",
        "--joint",
        "0.25,0.25;0.25,0.25",
        "--engine",
        "float",
        "--correctly-rounded",
    ])
    .success()
    .stdout(predicate::str::contains("mi = 0 nats"));
}

/// Decimal text read straight to doubles (no rationals) gives the report of
/// the exact reader, field for field: the same file as JSON (always read
/// exactly) on a mix of doubles, non-doubles, long expansions, `−0`, and
/// exponents; as a joint too; with `--normalize` (read exactly when some
/// value is not a double) and in the correctly rounded mode. Inputs the
/// fast reader declines keep the exact reader's errors.
#[test]
fn text_fast_path_is_the_exact_reader() {
    let dir = std::env::temp_dir().join(format!("infocert-text-fast-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let vals = [
        "0.1",
        "0.25",
        "-0",
        "3e-1",
        "0.0625",
        "0.1000000000000000055511151231257827021181583404541015625",
        "12345678901234567890123456789012345678901234567890e-51",
        "1E-3",
        ".5",
    ];
    let q = [
        "0.2", "0.2", "0.05", "0.05", "0.1", "0.1", "0.1", "0.1", "0.1",
    ];
    let txt = dir.join("p.txt");
    std::fs::write(&txt, vals.join("\n")).unwrap();
    let js = dir.join("p.json");
    std::fs::write(
        &js,
        format!(
            "[{}]",
            vals.iter()
                .map(|v| format!("\"{v}\""))
                .collect::<Vec<_>>()
                .join(",")
        ),
    )
    .unwrap();
    let qs = q.join(",");
    for extra in [&[][..], &["--normalize"][..], &["--correctly-rounded"][..]] {
        for measure in ["kl", "entropy", "jsd"] {
            let run = |p: &std::path::Path| {
                let pa = format!("@{}", p.display());
                let mut args = vec![measure, "--p", &pa, "--engine", "float", "--json"];
                if measure != "entropy" {
                    args.extend(["--q", qs.as_str()]);
                }
                args.extend(extra);
                json(&args)
            };
            let (a, b) = (run(&txt), run(&js));
            assert_eq!(a, b, "{measure} {extra:?}");
            if extra.is_empty() {
                // 0.1, 3e-1, 1E-3 and the 50-digit value are not doubles
                let q_rounded = if measure == "entropy" { 0 } else { 9 };
                assert_eq!(a["inputs_rounded"], 4 + q_rounded, "{measure}");
            }
        }
    }
    // a joint written as lines
    let jt = dir.join("j.txt");
    std::fs::write(&jt, "0.1 0.2\n0.3,0.4\n").unwrap();
    let jj = dir.join("j.json");
    std::fs::write(&jj, r#"[["0.1","0.2"],["0.3","0.4"]]"#).unwrap();
    for path in [&jt, &jj] {
        let v = json(&[
            "mi",
            "--joint",
            &format!("@{}", path.display()),
            "--engine",
            "float",
            "--json",
        ]);
        assert_eq!(v["inputs_rounded"], 4);
    }
    // declined tokens keep the exact reader's messages
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "0.5\n0.5x\n").unwrap();
    eval(&[
        "entropy",
        "--p",
        &format!("@{}", bad.display()),
        "--engine",
        "float",
    ])
    .failure()
    .stderr(predicate::str::contains("0.5x"));
    eval(&["entropy", "--p", "0.5,1e999", "--engine", "float"])
        .failure()
        .stderr(predicate::str::contains("1e999"));
    let nan = dir.join("nan.txt");
    std::fs::write(&nan, "0.5\n0.5\nnan\n").unwrap();
    eval(&[
        "entropy",
        "--p",
        &format!("@{}", nan.display()),
        "--engine",
        "float",
    ])
    .failure()
    .stderr(predicate::str::contains("p[2] = nan is not finite"));
    // one line: a `;` is part of its token, as for the exact engine
    let semi = dir.join("semi.txt");
    std::fs::write(&semi, "0.5, 0.5;\n").unwrap();
    let sm = format!("@{}", semi.display());
    for engine in [&["--engine", "float"][..], &[][..]] {
        let mut args = vec!["entropy", "--p", sm.as_str()];
        args.extend(engine);
        eval(&args)
            .failure()
            .stderr(predicate::str::contains("\"0.5;\""));
    }
    // a byte order mark and CRLF line ends (editors, spreadsheets) are fine
    // for both engines
    let bom = dir.join("bom.txt");
    std::fs::write(&bom, "\u{feff}0.25\r\n0.75\r\n").unwrap();
    let b = format!("@{}", bom.display());
    let v = json(&["entropy", "--p", &b, "--engine", "float", "--json"]);
    assert_eq!(v["inputs_rounded"], 0);
    eval(&["entropy", "--p", &b]).success();
    // a fraction is read exactly
    let v = json(&["entropy", "--p", "1/3,2/3", "--engine", "float", "--json"]);
    assert_eq!(v["inputs_rounded"], 2);
    std::fs::remove_dir_all(&dir).unwrap();
}
