//! The `infocert eval` command line: worked examples and every bad input.

use assert_cmd::Command;
use predicates::prelude::*;

fn infocert() -> Command {
    Command::cargo_bin("infocert").expect("binary")
}

/// Run and return (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = infocert().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut a = args.to_vec();
    a.push("--json");
    let (code, out, err) = run(&a);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("one JSON object")
}

#[test]
fn worked_examples() {
    // KL((0.1,0.9)||(0.01,0.99)) = ln 10 − 0.9 ln 11 ≈ 0.144479 (closed form by hand)
    let v = json(&[
        "eval",
        "kl",
        "--p",
        "0.1,0.9",
        "--q",
        "0.01,0.99",
        "--digits",
        "30",
    ]);
    assert_eq!(v["closed_form"], "ln 10 − (9/10)·ln 11");
    assert_eq!(v["decimal"], "0.144479347475512194362242234516");
    assert_eq!(v["digits"], 30);
    // reverse: 0.01 ln(1/10) + 0.99 ln(11/10) ≈ 0.071331
    let v = json(&[
        "eval",
        "kl",
        "--p",
        "0.01,0.99",
        "--q",
        "0.1,0.9",
        "--digits",
        "6",
    ]);
    assert_eq!(v["decimal"], "0.0713312"); // −0.01·ln 10 + 0.99·ln 1.1
                                           // black swan: log2(100) bits; with prior 1/2 exactly 1 bit
    let v = json(&[
        "eval",
        "kl",
        "--p",
        "0,1",
        "--q",
        "0.99,0.01",
        "--base",
        "2",
        "--digits",
        "7",
    ]);
    assert_eq!(v["closed_form"], "2 + 2·log2 5");
    assert_eq!(v["decimal"], "6.643856");
    let v = json(&["eval", "kl", "--p", "0,1", "--q", "0.5,0.5", "--base", "2"]);
    assert_eq!(v["closed_form"], "1");
    assert_eq!(v["exact"], true);
    // fair coin: ln 2, 1 bit; biased coin 0.9: 0.325083 nats
    let v = json(&["eval", "entropy", "--p", "1/2,1/2"]);
    assert_eq!(v["closed_form"], "ln 2");
    assert_eq!(v["decimal"], "0.693147180559945");
    assert_eq!(v["semantics"], "as_given");
    let v = json(&["eval", "entropy", "--p", "0.9,0.1", "--digits", "6"]);
    assert_eq!(v["decimal"], "0.325083");
    // MI of [[1/4,1/4],[0,1/2]] = 3/2 − (3/4)·log2 3 bits (worked by hand)
    let v = json(&["eval", "mi", "--joint", "1/4,1/4;0,1/2", "--base", "2"]);
    assert_eq!(v["closed_form"], "3/2 − (3/4)·log2 3");
    // +∞
    let v = json(&["eval", "kl", "--p", "0.5,0.5", "--q", "1,0"]);
    assert_eq!(v["decimal"], "inf");
    assert_eq!(v["closed_form"], "+∞");
}

#[test]
fn json_contract_fields() {
    let v = json(&["eval", "hellinger", "--p", "0.1,0.9", "--q", "0.01,0.99"]);
    for k in [
        "measure",
        "base",
        "closed_form",
        "decimal",
        "digits",
        "enclosure",
        "semantics",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert!(v["closed_form"].is_null());
    let enc = v["enclosure"].as_array().unwrap();
    let lo: f64 = enc[0].as_str().unwrap().parse().unwrap();
    let hi: f64 = enc[1].as_str().unwrap().parse().unwrap();
    assert!(lo <= hi && lo > 0.156 && hi < 0.157);
}

#[test]
fn unnormalized_inputs_are_reported() {
    let (code, _, err) = run(&["eval", "kl", "--p", "0.5,0.6", "--q", "0.5,0.5"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--normalize") && err.contains("--as-given"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    let v = json(&["eval", "kl", "--p", "1,2,3", "--q", "2,2,2", "--as-given"]);
    assert_eq!(v["sums"]["p"], "6");
    // normalized: counts 1:2:3 vs uniform
    let v = json(&["eval", "kl", "--p", "1,2,3", "--q", "2,2,2", "--normalize"]);
    assert_eq!(v["semantics"], "normalized");
    // the double 0.1+0.2+0.7 != 1: accepted as given, with a warning
    let (code, _, err) = run(&[
        "eval",
        "entropy",
        "--p",
        "0x1.999999999999ap-4,0x1.999999999999ap-3,0x1.6666666666666p-1",
    ]);
    assert_eq!(code, 0);
    assert!(err.starts_with("warning: p sums to"), "{err}");
}

#[test]
fn files_json_text_and_flags() {
    let dir = std::env::temp_dir().join(format!("infocert-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pj = dir.join("p.json");
    std::fs::write(&pj, "[0.1, \"0.9\"]").unwrap();
    let qt = dir.join("q.txt");
    std::fs::write(&qt, "0.01 0.99\n").unwrap();
    let v = json(&[
        "eval",
        "kl",
        "--p",
        &format!("@{}", pj.display()),
        "--q",
        &format!("@{}", qt.display()),
    ]);
    assert_eq!(v["closed_form"], "ln 10 − (9/10)·ln 11");
    // --f64 rounds 0.1 to the double: no longer the exact closed form
    let v = json(&[
        "eval",
        "kl",
        "--p",
        "0.1,0.9",
        "--q",
        "0.01,0.99",
        "--f64",
        "--as-given",
    ]);
    assert_ne!(v["closed_form"], "ln 10 − (9/10)·ln 11");
    let (code, _, err) = run(&["eval", "kl", "--p", "@/nonexistent/file.json", "--q", "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read /nonexistent/file.json"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// Every bad input: exit 2 and one line on stderr naming the problem.
#[test]
fn bad_inputs_exit_2_with_one_line() {
    let cases: &[(&[&str], &str)] = &[
        (&["eval", "kl", "--p", "", "--q", "1"], "p is empty"),
        (
            &["eval", "kl", "--p", "0.5,-0.5,1", "--q", "0.2,0.3,0.5"],
            "p[1] = -0.5 is negative",
        ),
        (
            &["eval", "kl", "--p", "0.5,nan", "--q", "0.5,0.5"],
            "p[1] = nan is not finite",
        ),
        (
            &["eval", "kl", "--p", "0.5,inf", "--q", "0.5,0.5"],
            "p[1] = inf is not finite",
        ),
        (
            &["eval", "kl", "--p", "0.5,0.5", "--q", "0.2,0.3,0.5"],
            "length mismatch: p has 2 entries but q has 3",
        ),
        (
            &["eval", "entropy", "--p", "0,0", "--normalize"],
            "p sums to zero",
        ),
        (
            &["eval", "entropy", "--p", "1/0,1"],
            "p[0] = 1/0: zero denominator",
        ),
        (
            &[
                "eval", "renyi", "--p", "0.5,0.5", "--q", "0.5,0.5", "--alpha", "-1",
            ],
            "alpha = -1 is not allowed",
        ),
        (
            &[
                "eval", "renyi", "--p", "0.5,0.5", "--q", "0.5,0.5", "--alpha", "1",
            ],
            "alpha = 1 is not allowed",
        ),
        (
            &["eval", "renyi", "--p", "0.5,0.5", "--q", "0.5,0.5"],
            "renyi needs --alpha",
        ),
        (
            &["eval", "kl", "--p", "0.5,abc", "--q", "0.5,0.5"],
            "p[1] = \"abc\" is not a number",
        ),
        (&["eval", "kl", "--p", "0.5,0.5"], "kl needs --q"),
        (
            &["eval", "mi", "--joint", "0.5,0.5;0.5"],
            "joint row 1 has 1 entries but row 0 has 2",
        ),
        (&["eval", "nope", "--p", "1"], "unknown measure \"nope\""),
        (
            &["eval", "entropy", "--p", "1", "--base", "3"],
            "base \"3\" is not supported",
        ),
        (
            &["eval", "entropy", "--p", "1", "--digits", "0"],
            "--digits must be at least 1",
        ),
        (
            &["eval", "entropy", "--p", "1", "--digits", "x"],
            "invalid value 'x'",
        ),
        (
            &["eval", "entropy", "--p", "1", "--bogus"],
            "unexpected argument '--bogus'",
        ),
        (
            &["eval", "kl", "--p", "0.5,0.6", "--q", "0.5,0.5"],
            "p sums to 1.1, not 1",
        ),
    ];
    for (args, msg) in cases {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} printed to stdout: {out}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(err.contains(msg), "{args:?}: expected {msg:?} in {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn help_lists_every_measure_with_its_formula() {
    infocert()
        .args(["eval", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("js-distance"))
        .stdout(predicate::str::contains("KL(P‖Q) = Σ p ln(p/q)"))
        .stdout(predicate::str::contains("cond-entropy"));
}

/// Found in review: values exactly on a tie or at zero that only exact
/// arithmetic can see; none may panic, and what is certified must be right.
#[test]
fn ties_and_cancellations_are_exact_or_honest() {
    // JSD = (1/16)·ln 2, so the JS distance in bits is exactly 1/4: 0.2 at one digit (ties to even)
    let v = json(&[
        "eval",
        "js-distance",
        "--p",
        "15/16,1/16,0",
        "--q",
        "15/16,0,1/16",
        "--base",
        "2",
        "--digits",
        "1",
    ]);
    assert_eq!(
        (v["closed_form"].as_str(), v["decimal"].as_str()),
        (Some("1/4"), Some("0.2"))
    );
    // Σ p^(1/3) q^(2/3) = 1/2 + 1/2 = 1: the Rényi divergence is exactly 0
    let v = json(&[
        "eval",
        "renyi",
        "--p",
        "1/8,1/8",
        "--q",
        "1,1",
        "--alpha",
        "1/3",
        "--as-given",
    ]);
    assert_eq!(
        (v["decimal"].as_str(), v["exact"].as_bool()),
        (Some("0"), Some(true))
    );
    // more than 64 entries: the numeric path cannot see the cancellation, the retry with closed forms does
    let zeros = vec!["0"; 63].join(",");
    let p = format!("1,1,{zeros}");
    let q = format!("2,1/2,{zeros}");
    let v = json(&["eval", "kl", "--p", &p, "--q", &q, "--as-given"]);
    assert_eq!(
        (v["decimal"].as_str(), v["exact"].as_bool()),
        (Some("0"), Some(true))
    );
    // `1/2/3` is ambiguous: refused, not read as 3/2
    let (code, _, err) = run(&["eval", "entropy", "--p", "1/2/3,1/2"]);
    assert_eq!(code, 2, "{err}");
}

/// `infocert … | head`: the reader goes away after one line; the process
/// ends quietly (SIGPIPE), never with a "failed printing to stdout" panic.
#[cfg(unix)]
#[test]
fn closed_pipe_is_not_a_panic() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command as Std, Stdio};
    let mut child = Std::new(env!("CARGO_BIN_EXE_infocert"))
        .args(["vectors"]) // ~670 KB: far more than a pipe buffer
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty());
    // the reader (and the pipe) is dropped here, long before `vectors` ends
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "stderr: {err}");
    assert!(!err.contains("Broken pipe"), "stderr: {err}");
}
