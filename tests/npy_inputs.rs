//! Issue 10 item 4 / issue 12: `.npy` inputs. The float engine reads float64
//! files as doubles (no rational per element) with exactly the results of
//! the rational route; float32 and integer arrays are read exactly by both
//! engines; every other dtype, big-endian non-float64 and truncated data are
//! refused with one line naming the problem.

mod common;

use assert_cmd::Command;
use infocert::float::report::f64_hex;
use std::path::PathBuf;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("infocert")
        .expect("binary")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

fn refused(args: &[&str], frags: &[&str]) {
    let (code, out, err) = run(args);
    assert_eq!(code, 2, "{args:?}: exit {code}\n{out}\n{err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    for f in frags {
        assert!(err.contains(f), "{args:?}: {err:?} lacks {f:?}");
    }
}

fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("infocert-npy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

fn at(p: &std::path::Path) -> String {
    format!("@{}", p.display())
}

/// A version-1 `.npy` file.
fn npy(descr: &str, fortran: bool, shape: &str, data: &[u8]) -> Vec<u8> {
    let f = if fortran { "True" } else { "False" };
    common::npy(
        &format!("{{'descr': '{descr}', 'fortran_order': {f}, 'shape': {shape}, }}"),
        data,
    )
}

fn f64s(xs: &[f64]) -> Vec<u8> {
    common::f64s_le(xs)
}

/// The same doubles as exact hex-float text (the rational route).
fn hex_text(xs: &[f64]) -> String {
    xs.iter().map(|&x| f64_hex(x)).collect::<Vec<_>>().join(",")
}

fn rng(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed;
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn float_npy_matches_the_rational_route_byte_for_byte() {
    let mut r = rng(0x1234_5678_9abc_def1);
    let n = 37;
    let w: Vec<f64> = (0..n).map(|_| r() + 1e-3).collect();
    let s: f64 = w.iter().sum();
    let mut p: Vec<f64> = w.iter().map(|x| x / s).collect();
    p[3] = 0.0;
    let q: Vec<f64> = (0..n).map(|_| r() * 1e-3 + 1e-300).collect();
    let counts: Vec<f64> = (0..n).map(|i| (i % 7) as f64).collect();
    let tiny: Vec<f64> = (0..n).map(|_| r() * 1e-310).collect();
    let sets = [("p", &p), ("q", &q), ("c", &counts), ("t", &tiny)];
    let files: Vec<(String, String)> = sets
        .iter()
        .map(|(name, v)| {
            (
                at(&scratch(
                    &format!("{name}.npy"),
                    &npy("<f8", false, &format!("({n},)"), &f64s(v)),
                )),
                hex_text(v),
            )
        })
        .collect();
    let joint_file = at(&scratch(
        "j.npy",
        &npy("<f8", false, &format!("(1, {n})"), &f64s(&p)),
    ));
    for (a, b) in [(0, 1), (1, 0), (2, 1), (3, 0), (0, 3)] {
        for m in ["kl", "jsd", "entropy", "tv", "hellinger", "chi2"] {
            for extra in [
                &[][..],
                &["--normalize"][..],
                &["--correctly-rounded"][..],
                &["--normalize", "--correctly-rounded"][..],
            ] {
                let mut x = vec!["eval", m, "--engine", "float", "--json", "--p"];
                let mut y = x.clone();
                x.push(&files[a].0);
                y.push(&files[a].1);
                if m != "entropy" {
                    x.extend(["--q", &files[b].0]);
                    y.extend(["--q", &files[b].1]);
                }
                x.extend(extra);
                y.extend(extra);
                let (cx, ox, ex) = run(&x);
                let (cy, oy, ey) = run(&y);
                assert_eq!((cx, &ox, &ex), (cy, &oy, &ey), "{x:?}");
            }
        }
    }
    for extra in [&[][..], &["--normalize"][..]] {
        let mut x = vec![
            "eval",
            "mi",
            "--engine",
            "float",
            "--json",
            "--joint",
            &joint_file,
        ];
        let mut y = vec![
            "eval",
            "mi",
            "--engine",
            "float",
            "--json",
            "--joint",
            &files[0].1,
        ];
        x.extend(extra);
        y.extend(extra);
        assert_eq!(run(&x), run(&y), "{x:?}");
    }
    // −0 reads as 0, as the rational route reads it
    let neg0 = at(&scratch(
        "neg0.npy",
        &npy("<f8", false, "(2,)", &f64s(&[-0.0, 1.0])),
    ));
    assert_eq!(
        ok(&["eval", "entropy", "--engine", "float", "--json", "--p", &neg0]),
        ok(&["eval", "entropy", "--engine", "float", "--json", "--p", "0,1"])
    );
}

#[test]
fn float32_widens_exactly() {
    let v = [0.1f32, 0.2, 0.7];
    let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    let f = at(&scratch("f32.npy", &npy("<f4", false, "(3,)", &bytes)));
    let wide: Vec<f64> = v.iter().map(|&x| f64::from(x)).collect();
    let text = hex_text(&wide);
    for engine in ["exact", "float"] {
        for extra in [&["--normalize"][..], &["--as-given"][..]] {
            let mut x = vec!["eval", "entropy", "--engine", engine, "--json", "--p", &f];
            let mut y = vec![
                "eval", "entropy", "--engine", engine, "--json", "--p", &text,
            ];
            if engine == "float" && extra[0] == "--as-given" {
                // the float engine takes inputs as given by default
            } else {
                x.extend(extra);
                y.extend(extra);
            }
            assert_eq!(run(&x), run(&y), "{x:?}");
        }
    }
    // NaN in float32 is named like NaN in float64
    let nan = at(&scratch(
        "f32nan.npy",
        &npy(
            "<f4",
            false,
            "(2,)",
            &[f32::NAN.to_le_bytes(), 1f32.to_le_bytes()].concat(),
        ),
    ));
    for engine in ["exact", "float"] {
        refused(
            &["eval", "entropy", "--engine", engine, "--p", &nan],
            &["p[0] = NaN", "not finite"],
        );
    }
}

#[test]
fn integer_arrays_are_counts() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "|i1",
            [1i8, 2, 3, 4]
                .iter()
                .flat_map(|x| x.to_le_bytes())
                .collect(),
        ),
        ("|u1", [1u8, 2, 3, 4].to_vec()),
        (
            "<i2",
            [1i16, 2, 3, 4]
                .iter()
                .flat_map(|x| x.to_le_bytes())
                .collect(),
        ),
        (
            "<u2",
            [1u16, 2, 3, 4]
                .iter()
                .flat_map(|x| x.to_le_bytes())
                .collect(),
        ),
        (
            "<i4",
            [1i32, 2, 3, 4]
                .iter()
                .flat_map(|x| x.to_le_bytes())
                .collect(),
        ),
        (
            "<u4",
            [1u32, 2, 3, 4]
                .iter()
                .flat_map(|x| x.to_le_bytes())
                .collect(),
        ),
        (
            "<i8",
            [1i64, 2, 3, 4]
                .iter()
                .flat_map(|x| x.to_le_bytes())
                .collect(),
        ),
        (
            "<u8",
            [1u64, 2, 3, 4]
                .iter()
                .flat_map(|x| x.to_le_bytes())
                .collect(),
        ),
    ];
    for (descr, data) in &cases {
        let f = at(&scratch(
            &format!("int{}.npy", &descr[1..]),
            &npy(descr, false, "(4,)", data),
        ));
        for engine in ["exact", "float"] {
            let x = [
                "eval",
                "entropy",
                "--engine",
                engine,
                "--json",
                "--normalize",
                "--p",
                &f,
            ];
            let y = [
                "eval",
                "entropy",
                "--engine",
                engine,
                "--json",
                "--normalize",
                "--p",
                "1,2,3,4",
            ];
            assert_eq!(run(&x), run(&y), "{descr} {engine}");
        }
        // counts do not sum to 1: the exact engine says so as given
        refused(&["eval", "entropy", "--p", &f], &["sum"]);
    }
    // negative integers are negative entries
    let neg = at(&scratch(
        "neg.npy",
        &npy("|i1", false, "(2,)", &[(-1i8) as u8, 2]),
    ));
    refused(&["eval", "entropy", "--p", &neg], &["p[0]", "-1"]);
    refused(
        &["eval", "entropy", "--engine", "float", "--p", &neg],
        &["p[0]", "-1"],
    );
    // integers beyond 2^53 are read exactly (and rounded by the float engine)
    let big = [(1u64 << 60) + 1, 3];
    let f = at(&scratch(
        "big.npy",
        &npy(
            "<u8",
            false,
            "(2,)",
            &big.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<_>>(),
        ),
    ));
    let text = format!("{},{}", big[0], big[1]);
    for engine in ["exact", "float"] {
        let x = [
            "eval",
            "entropy",
            "--engine",
            engine,
            "--json",
            "--normalize",
            "--p",
            &f,
        ];
        let y = [
            "eval",
            "entropy",
            "--engine",
            engine,
            "--json",
            "--normalize",
            "--p",
            &text,
        ];
        assert_eq!(run(&x), run(&y), "{engine}");
    }
    // a 2-D Fortran-order int16 joint
    let j = at(&scratch(
        "j16.npy",
        &npy(
            "<i2",
            true,
            "(2, 2)",
            &[1i16, 3, 2, 4]
                .iter()
                .flat_map(|x| x.to_le_bytes())
                .collect::<Vec<_>>(),
        ),
    ));
    for engine in ["exact", "float"] {
        let x = [
            "eval",
            "mi",
            "--engine",
            engine,
            "--json",
            "--normalize",
            "--joint",
            &j,
        ];
        let y = [
            "eval",
            "mi",
            "--engine",
            engine,
            "--json",
            "--normalize",
            "--joint",
            "1,2;3,4",
        ];
        assert_eq!(run(&x), run(&y), "{engine}");
    }
}

#[test]
fn other_dtypes_and_truncation_are_refused() {
    let d8 = f64s(&[0.25; 4]);
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        (
            "be-i4",
            npy(">i4", false, "(8,)", &d8),
            vec!["'>i4'", "big-endian int32", "not supported"],
        ),
        (
            "be-f4",
            npy(">f4", false, "(8,)", &d8),
            vec!["big-endian float32", "not supported"],
        ),
        (
            "be-u2",
            npy(">u2", false, "(16,)", &d8),
            vec!["big-endian uint16"],
        ),
        (
            "f2",
            npy("<f2", false, "(16,)", &d8),
            vec!["float16", "not supported"],
        ),
        (
            "f16",
            npy("<f16", false, "(2,)", &d8),
            vec!["float128", "not supported"],
        ),
        (
            "c16",
            npy("<c16", false, "(2,)", &d8),
            vec!["complex128", "not supported"],
        ),
        (
            "bool",
            npy("|b1", false, "(32,)", &d8),
            vec!["bool", "not supported"],
        ),
        (
            "str",
            npy("<U4", false, "(2,)", &d8),
            vec!["unicode string", "not supported"],
        ),
        (
            "f4-short",
            npy("<f4", false, "(9,)", &d8),
            vec!["data holds 32 bytes", "float32", "needs 36", "truncated"],
        ),
        (
            "i8-short",
            npy("<i8", false, "(5,)", &d8),
            vec!["int64", "needs 40", "truncated"],
        ),
        (
            "u1-long",
            npy("|u1", false, "(31,)", &d8),
            vec!["uint8", "needs 31", "trailing"],
        ),
        ("f8-3d", npy("<f8", false, "(1, 2, 2)", &d8), vec!["3-D"]),
        (
            "f8-nan",
            npy("<f8", false, "(2,)", &f64s(&[1.0, f64::INFINITY])),
            vec!["p[1] = inf", "not finite"],
        ),
    ];
    for (name, bytes, frags) in cases {
        let p = at(&scratch(&format!("{name}.npy"), &bytes));
        for engine in ["exact", "float"] {
            refused(&["eval", "entropy", "--engine", engine, "--p", &p], &frags);
        }
        refused(&["eval", "mi", "--engine", "float", "--joint", &p], &[]);
    }
    // a matrix where a vector is expected, on both routes
    let m = at(&scratch("m.npy", &npy("<f8", false, "(2, 2)", &d8)));
    for engine in ["exact", "float"] {
        refused(
            &["eval", "entropy", "--engine", engine, "--p", &m],
            &["expected a vector, found a matrix"],
        );
    }
    refused(
        &[
            "eval", "kl", "--engine", "float", "--p", "0.5,0.5", "--q", &m,
        ],
        &["expected a vector"],
    );
}

#[test]
fn large_files_and_long_headers_stream_correctly() {
    // more data than one read chunk, and a version-2 header longer than the
    // first read: the values are those of the exact text
    let mut r = rng(42);
    let n = 70_001;
    let v: Vec<f64> = (0..n).map(|_| r() + 1e-9).collect();
    let short = at(&scratch(
        "long.npy",
        &npy("<f8", false, &format!("({n},)"), &f64s(&v)),
    ));
    let mut header = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': ({n},), }}");
    while (12 + header.len() + 1) % 64 != 0 || header.len() < 70_000 {
        header.push(' ');
    }
    header.push('\n');
    let mut b = b"\x93NUMPY\x02\x00".to_vec();
    b.extend_from_slice(&(header.len() as u32).to_le_bytes());
    b.extend_from_slice(header.as_bytes());
    b.extend_from_slice(&f64s(&v));
    let long_header = at(&scratch("longheader.npy", &b));
    let text = at(&scratch("long.txt", hex_text(&v).as_bytes()));
    let want = ok(&[
        "eval",
        "entropy",
        "--engine",
        "float",
        "--json",
        "--normalize",
        "--p",
        &text,
    ]);
    for f in [&short, &long_header] {
        let got = ok(&[
            "eval",
            "entropy",
            "--engine",
            "float",
            "--json",
            "--normalize",
            "--p",
            f,
        ]);
        assert_eq!(got, want, "{f}");
    }
}
