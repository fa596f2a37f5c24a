//! Issue 9, item 6: every malformed or oversized input is refused with exit
//! code 2 and one line naming the problem — never a panic, a hang, or a
//! silent evaluation.

mod common;

use assert_cmd::Command;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Run and return (exit code, stdout, stderr, elapsed).
fn run(args: &[&str]) -> (i32, String, String, Duration) {
    let start = Instant::now();
    let out = Command::cargo_bin("infocert")
        .expect("binary")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed(),
    )
}

/// Exit code 2, nothing on stdout, and a first stderr line `error: …`
/// holding every fragment; for `eval` that line is the whole of stderr.
fn refused(args: &[&str], fragments: &[&str]) -> String {
    let (code, out, err, took) = run(args);
    assert_eq!(
        code, 2,
        "{args:?}: exit {code}\nstdout: {out}\nstderr: {err}"
    );
    assert!(out.is_empty(), "{args:?} printed {out}");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    let first = err.lines().next().unwrap_or("");
    assert!(first.starts_with("error: "), "{args:?}: {err}");
    for f in fragments {
        assert!(first.contains(f), "{args:?}: {first:?} lacks {f:?}");
    }
    if args[0] == "eval" {
        assert_eq!(err.lines().count(), 1, "{args:?}: not one line: {err}");
    }
    assert!(
        took < Duration::from_secs(10),
        "{args:?} took {took:?} to refuse"
    );
    first.to_string()
}

/// A scratch file unique to this test run.
fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("infocert-input-holes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

fn at(p: &std::path::Path) -> String {
    format!("@{}", p.display())
}

// ---------------------------------------------------------------------------
// 1. Ragged joints, in every format, with the same error
// ---------------------------------------------------------------------------

#[test]
fn ragged_joints_are_refused_in_every_format() {
    let want = "joint row 1 has 1 entries but row 0 has 2";
    let txt = scratch("ragged.txt", b"0.25 0.25\n0.5\n");
    let txt_semi = scratch("ragged-semi.txt", b"0.25,0.25;0.5\n");
    let json = scratch("ragged.json", b"[[0.25, 0.25], [0.5]]");
    let json_obj = scratch("ragged-obj.json", br#"{"joint": [[0.25, 0.25], [0.5]]}"#);
    let sources = [
        "0.25,0.25;0.5".to_string(),
        at(&txt),
        at(&txt_semi),
        at(&json),
        at(&json_obj),
    ];
    let mut lines = Vec::new();
    for src in &sources {
        for engine in ["exact", "float"] {
            for m in ["mi", "joint-entropy", "cond-entropy"] {
                let l = refused(&["eval", m, "--joint", src, "--engine", engine], &[want]);
                lines.push(l);
            }
        }
        refused(&["eval", "mi", "--joint", src, "--f64"], &[want]);
        refused(&["eval", "mi", "--joint", src, "--as-given"], &[want]);
    }
    // the same message, whatever the format
    assert!(
        lines.iter().all(|l| l == &format!("error: {want}")),
        "{lines:?}"
    );

    // a row that is a number among arrays
    let mixed = scratch("mixed.json", b"[[0.5, 0.25], 0.25]");
    refused(
        &["eval", "mi", "--joint", &at(&mixed)],
        &["element 1", "not an array"],
    );

    // rectangular text files are matrices, one line per row
    let ok = scratch("square.txt", b"0.5 0\n0 0.5\n");
    let (code, out, err, _) = run(&["eval", "mi", "--joint", &at(&ok), "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["closed_form"], "ln 2");
    // a text file with one number per line is still a vector for --p
    let col = scratch("column.txt", b"0.25\n0.25\n0.5\n");
    let (code, _, err, _) = run(&["eval", "entropy", "--p", &at(&col)]);
    assert_eq!(code, 0, "{err}");
}

// ---------------------------------------------------------------------------
// 2. .npy header lies
// ---------------------------------------------------------------------------

use common::{f64s_le, npy};

fn f64s_be(xs: &[f64]) -> Vec<u8> {
    xs.iter().flat_map(|x| x.to_be_bytes()).collect()
}

fn dict(descr: &str, fortran: bool, shape: &str) -> String {
    let f = if fortran { "True" } else { "False" };
    format!("{{'descr': '{descr}', 'fortran_order': {f}, 'shape': {shape}, }}")
}

#[test]
fn npy_header_lies_are_refused() {
    let quarter = f64s_le(&[0.25; 4]);
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        (
            "overflow",
            npy(&dict("<f8", false, "(18446744073709551615, 2)"), &quarter),
            vec!["shape", "overflows"],
        ),
        (
            "overflow8",
            npy(&dict("<f8", false, "(4611686018427387904,)"), &quarter),
            vec!["overflows"],
        ),
        (
            "huge-entry",
            npy(
                &dict("<f8", false, "(99999999999999999999999, 1)"),
                &quarter,
            ),
            vec!["shape entry", "too large"],
        ),
        (
            "short",
            npy(&dict("<f8", false, "(2, 3)"), &quarter),
            vec!["data holds 32 bytes", "needs 48", "truncated"],
        ),
        (
            "long",
            npy(&dict("<f8", false, "(3,)"), &quarter),
            vec!["data holds 32 bytes", "needs 24", "trailing"],
        ),
        (
            "magic",
            b"\x93NUMPZ\x01\x00\x10\x00{}".to_vec(),
            vec!["bad magic"],
        ),
        ("tiny", b"\x93NUM".to_vec(), vec!["bad magic"]),
        (
            "version",
            {
                let mut b = npy(&dict("<f8", false, "(4,)"), &quarter);
                b[6] = 9;
                b
            },
            vec!["version 9.0"],
        ),
        (
            "header-truncated",
            {
                let mut b = b"\x93NUMPY\x01\x00".to_vec();
                b.extend_from_slice(&1000u16.to_le_bytes());
                b.extend_from_slice(b"{'descr': '<f8'");
                b
            },
            vec!["truncated .npy header", "1000 bytes"],
        ),
        (
            "no-shape",
            npy("{'descr': '<f8', 'fortran_order': False, }", &quarter),
            vec!["bad .npy header", "no \"shape\" key"],
        ),
        (
            "garbage",
            npy("hello", &quarter),
            vec!["bad .npy header", "expected '{'"],
        ),
        (
            "extra-key",
            npy(
                "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), 'x': 1}",
                &quarter,
            ),
            vec!["unexpected key \"x\""],
        ),
        (
            "bad-bool",
            npy(
                "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (4,)}",
                &quarter,
            ),
            vec!["fortran_order is \"Maybe\""],
        ),
        (
            "bad-shape",
            npy(&dict("<f8", false, "(2, x)"), &quarter),
            vec!["shape entry \"x\""],
        ),
        (
            // float32 is read since issue 10 (tests/npy_inputs.rs)
            "float16",
            npy(&dict("<f2", false, "(16,)"), &quarter),
            vec!["'<f2'", "float16", "not supported"],
        ),
        (
            "big-int",
            npy(&dict(">i4", false, "(8,)"), &quarter),
            vec!["big-endian int32", "not supported"],
        ),
        (
            "object",
            npy(&dict("|O", false, "(4,)"), &quarter),
            vec!["Python object"],
        ),
        (
            "structured",
            npy(
                "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (4,)}",
                &quarter,
            ),
            vec!["structured"],
        ),
        (
            "3d",
            npy(&dict("<f8", false, "(1, 2, 2)"), &quarter),
            vec!["3-D"],
        ),
        (
            "nan",
            npy(&dict("<f8", false, "(2,)"), &f64s_le(&[f64::NAN, 1.0])),
            vec!["p[0] = NaN", "not finite"],
        ),
    ];
    for (name, bytes, frags) in cases {
        let p = scratch(&format!("{name}.npy"), &bytes);
        refused(&["eval", "entropy", "--p", &at(&p)], &frags);
        refused(&["eval", "mi", "--joint", &at(&p)], &[]);
    }
}

#[test]
fn npy_valid_variants_are_read_correctly() {
    // [[1/2, 1/8], [0, 3/8]]: row-major, Fortran order, big-endian
    let m = [0.5, 0.125, 0.0, 0.375];
    let col_major = [0.5, 0.0, 0.125, 0.375];
    let files = [
        scratch("c.npy", &npy(&dict("<f8", false, "(2, 2)"), &f64s_le(&m))),
        scratch(
            "f.npy",
            &npy(&dict("<f8", true, "(2, 2)"), &f64s_le(&col_major)),
        ),
        scratch("be.npy", &npy(&dict(">f8", false, "(2, 2)"), &f64s_be(&m))),
    ];
    let (code, want, err, _) = run(&["eval", "cond-entropy", "--joint", "1/2,1/8;0,3/8", "--json"]);
    assert_eq!(code, 0, "{err}");
    let want: serde_json::Value = serde_json::from_str(&want).expect("json");
    for f in &files {
        let (code, out, err, _) = run(&["eval", "cond-entropy", "--joint", &at(f), "--json"]);
        assert_eq!(code, 0, "{f:?}: {err}");
        let got: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(got["decimal"], want["decimal"], "{f:?}");
    }
}

// ---------------------------------------------------------------------------
// 3. Bad Rényi orders inside claims
// ---------------------------------------------------------------------------

#[test]
fn bad_renyi_orders_in_claims_are_bad_input() {
    for (claim, frags) in [
        ("Renyi[-1](P||Q) >= 0", vec!["Rényi order -1 is negative"]),
        (
            "Renyi[1/0](P||Q) >= 0",
            vec!["Rényi order 1/0", "division by zero"],
        ),
        (
            "Renyi[1 - 3/2](P||Q) >= 0",
            vec!["Rényi order 1 - 3/2 = -0.5"],
        ),
        ("Renyi[0^(-1)](P||Q) >= 0", vec!["zero to a negative power"]),
        ("renyi[-2/3](P‖Q) ≥ 0", vec!["negative"]),
    ] {
        refused(&["check", claim], &frags);
    }
    // α = 0 is the limit (as `eval --alpha 0`), α = 1 is KL
    for claim in [
        "Renyi[0](P||Q) >= 0",
        "Renyi[2 - 2](P||Q) >= 0",
        "Renyi[1](P||Q) = KL(P||Q)",
    ] {
        let (code, out, err, _) = run(&["check", claim, "--cases", "20"]);
        assert_eq!(code, 4, "{claim}: {out}{err}");
    }
    let (code, out, err, _) = run(&[
        "eval", "renyi", "--p", "1/2,1/2", "--q", "1/4,3/4", "--alpha", "0",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("renyi[alpha=0] = 0"), "{out}");
    refused(
        &[
            "eval", "renyi", "--p", "1/2,1/2", "--q", "1/4,3/4", "--alpha", "-1",
        ],
        &["alpha = -1 is not allowed"],
    );
}

// ---------------------------------------------------------------------------
// 4. --regressions pointing at a directory
// ---------------------------------------------------------------------------

#[test]
fn regressions_path_must_be_a_file() {
    let dir = scratch("marker", b"").parent().expect("dir").to_path_buf();
    let d = dir.display().to_string();
    refused(
        &["check", "KL(P||Q) >= 0", "--regressions", &d],
        &["--regressions", "is a directory"],
    );
    refused(
        &["check", "pinsker", "--regressions", &d],
        &["is a directory"],
    );
    let under_file = dir.join("marker").join("reg.tsv");
    refused(
        &[
            "check",
            "KL(P||Q) >= 0",
            "--regressions",
            &under_file.display().to_string(),
        ],
        &["--regressions"],
    );
    // a file that does not exist yet is fine (created on the first failure)
    let fresh = dir.join("fresh").join("reg.tsv");
    let (code, _, err, _) = run(&[
        "check",
        "KL(P||Q) >= 0",
        "--cases",
        "10",
        "--regressions",
        &fresh.display().to_string(),
    ]);
    assert_eq!(code, 4, "{err}");
}

// ---------------------------------------------------------------------------
// 5. --f64 (and --engine float) beyond the double range
// ---------------------------------------------------------------------------

#[test]
fn f64_rounding_outside_the_double_range_is_an_error() {
    for extra in [&["--f64"][..], &["--engine", "float"][..]] {
        fn with<'a>(args: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
            let mut a: Vec<&str> = args.to_vec();
            a.extend_from_slice(extra);
            a
        }
        refused(
            &with(&["eval", "entropy", "--p", "1e400,1", "--as-given"], extra),
            &["p[0] = 1e400", "beyond the largest double", "infinity"],
        );
        refused(
            &with(
                &[
                    "eval",
                    "kl",
                    "--p",
                    "1/2,1/2",
                    "--q",
                    "1,2e-400",
                    "--as-given",
                ],
                extra,
            ),
            &["q[1] = 2e-400", "rounds to 0"],
        );
        refused(
            &with(
                &["eval", "mi", "--joint", "0.5,0;1e-400,0.5", "--as-given"],
                extra,
            ),
            &["joint[2] = 1e-400", "rounds to 0"],
        );
        refused(
            &with(&["eval", "entropy", "--p", "-1e400,1", "--as-given"], extra),
            &["p[0]"],
        );
        // a subnormal double is what a float library stores: accepted
        let (code, _, err, _) = run(&with(
            &["eval", "entropy", "--p", "1e-310,1", "--as-given"],
            extra,
        ));
        assert_eq!(code, 0, "{err}");
    }
    // without --f64 the exact engine takes the values exactly
    let (code, _, err, _) = run(&["eval", "entropy", "--p", "1e400,1", "--as-given"]);
    assert_eq!(code, 0, "{err}");
}

// ---------------------------------------------------------------------------
// 6. Long flat sums in claims
// ---------------------------------------------------------------------------

#[test]
fn long_flat_sums_are_not_deep() {
    let kl300 = vec!["KL(P||Q)"; 300].join(" + ") + " >= 0";
    let (code, out, err, _) = run(&["check", &kl300, "--cases", "5", "--denom", "3"]);
    assert_eq!(code, 4, "{out}{err}");
    assert!(out.contains("no counterexample found"), "{out}");

    // grouping keeps the value: 1 - 2 + 3 - 4 + ... - 300 = -150
    let alt: Vec<String> = (1..=300).map(|k| k.to_string()).collect();
    let mut text = String::from("1");
    for (i, k) in alt.iter().enumerate().skip(1) {
        text.push_str(if i % 2 == 1 { " - " } else { " + " });
        text.push_str(k);
    }
    for (rel, want) in [("= -150", 0), ("= -149", 1)] {
        let claim = format!("{text} {rel}");
        let (code, out, err, _) = run(&["check", &claim, "--cases", "2", "--denom", "2"]);
        assert_eq!(code, want, "{rel}: {out}{err}");
    }

    // too many terms: a "too large" error naming the limit, not "nested"
    let big = vec!["1"; 20_001].join("+") + " > 0";
    let l = refused(&["check", &big], &["too large", "500"]);
    assert!(!l.contains("nested"), "{l}");
    // real nesting is still limited
    let deep = format!("{}1{} > 0", "(".repeat(300), ")".repeat(300));
    refused(&["check", &deep], &["nested at most 200"]);
}

// ---------------------------------------------------------------------------
// 7. Merely large numbers: a quick "too large" error naming the limit
// ---------------------------------------------------------------------------

#[test]
fn oversized_numbers_fail_fast_with_the_limit() {
    let long = format!("0.{},1", "3".repeat(200_000));
    let f = scratch("long.txt", long.as_bytes());
    let l = refused(
        &["eval", "entropy", "--p", &at(&f), "--as-given"],
        &["p[0] = 0.333", "200001 decimal digits", "limit is 25000"],
    );
    assert!(l.len() < 200, "not one short line: {l}");
    let fj = scratch(
        "long.json",
        format!("[\"0.{}\", 1]", "3".repeat(200_000)).as_bytes(),
    );
    refused(
        &["eval", "entropy", "--p", &at(&fj), "--as-given"],
        &["too large", "25000"],
    );
    let hex = format!("0x1.{}p0,1", "8".repeat(30_000));
    refused(
        &["eval", "entropy", "--p", &hex, "--as-given"],
        &["30001 hex digits", "limit is 25000"],
    );
    for (p, frags) in [
        (
            "0x1p99999999,1",
            vec!["p[0] = 0x1p99999999", "too large", "200000"],
        ),
        ("1,0x1p-200001", vec!["p[1] = 0x1p-200001", "200000"]),
        (
            "1e99999999,1",
            vec!["p[0] = 1e99999999", "too large", "50000"],
        ),
        ("1e-50001,1", vec!["50000"]),
        ("1e99999999999999999999999999,1", vec!["too large", "50000"]),
        ("1/1e99999999,1", vec!["too large"]),
    ] {
        refused(&["eval", "entropy", "--p", p, "--as-given"], &frags);
    }
    // joints report the row-major position
    refused(
        &[
            "eval",
            "mi",
            "--joint",
            "0.5,0;1e99999999,0.5",
            "--as-given",
        ],
        &["joint[2] = 1e99999999", "too large"],
    );
    // in claims
    refused(&["check", "1e99999999 > 0"], &["too large", "10000"]);
    let long_claim = format!("0.{} > 0", "1".repeat(30_000));
    refused(&["check", &long_claim], &["too large", "limit is 25000"]);
}
