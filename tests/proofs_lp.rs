//! `proofs/lp/`: the committed Shannon-type certificates.
//!
//! * every certificate is re-generated from its claim and compared with the
//!   committed file (`INFOCERT_REGENERATE=1` rewrites them instead);
//! * `infocert prove proofs/lp/` and `scripts/verify_certificate.py` both
//!   accept all of them, and both reject tampered copies;
//! * the statements the issue names are there.
//!
//! The Python checker needs `python3` (standard library only); without it
//! these tests fail with that reason rather than skip.

use infocert::prove::{certfile, prove};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("proofs/lp")
}

fn certs() -> Vec<PathBuf> {
    let v = certfile::collect(&dir()).expect("proofs/lp is readable");
    assert!(
        v.len() >= 20,
        "expected ≥ 20 certificates, found {}",
        v.len()
    );
    v
}

fn read(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn python3() -> Command {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "python3 is required to run scripts/verify_certificate.py (standard library only); \
         install it (e.g. apt-get install python3) — this test does not skip"
    );
    let mut c = Command::new("python3");
    c.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/verify_certificate.py"));
    c
}

fn tmpdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("infocert-proofs-lp-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn certificates_regenerate_identically() {
    let regenerate = std::env::var_os("INFOCERT_REGENERATE").is_some();
    for p in certs() {
        let stored = read(&p);
        let claim = stored["claim"].as_str().unwrap();
        let given: Vec<String> = stored["given"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_str().unwrap().to_string())
            .collect();
        let fresh = prove(claim, &given).unwrap().certificate();
        if regenerate {
            std::fs::write(&p, serde_json::to_string_pretty(&fresh).unwrap() + "\n").unwrap();
        } else {
            assert_eq!(
                fresh,
                stored,
                "{}: the committed certificate differs from a fresh `infocert prove` \
                 (INFOCERT_REGENERATE=1 rewrites it)",
                p.display()
            );
        }
    }
}

#[test]
fn the_named_statements_are_there() {
    // (file, claim, given) — the list: data processing, I ≥ 0, conditioning
    // reduces entropy, submodularity, Han n = 3, chain rules
    let want: &[(&str, &str, &[&str])] = &[
        ("dpi", "I(X;Z) <= I(X;Y)", &["X -> Y -> Z"]),
        ("mi-nonneg", "I(X;Y) >= 0", &[]),
        ("cond-reduces", "H(X|Y) <= H(X)", &[]),
        ("submod", "H(X,Z) + H(Y,Z) >= H(X,Y,Z) + H(Z)", &[]),
        ("han-3", "2*H(X,Y,Z) <= H(X,Y) + H(Y,Z) + H(X,Z)", &[]),
        ("chain-2", "H(X,Y) = H(X) + H(Y|X)", &[]),
    ];
    for (f, claim, given) in want {
        let v = read(&dir().join(format!("{f}.json")));
        assert_eq!(v["claim"], *claim, "{f}");
        assert_eq!(v["given"], serde_json::json!(given), "{f}");
        assert_eq!(v["verdict"], "proved", "{f}");
    }
}

#[test]
fn rust_checker_accepts_all_and_the_cli_exits_0() {
    for p in certs() {
        certfile::check_file(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    }
    let o = Command::new(env!("CARGO_BIN_EXE_infocert"))
        .args(["prove", dir().to_str().unwrap()])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    let n = certs().len();
    assert!(
        out.contains(&format!(
            "{n} certificates: {n} hold, 0 do not, 0 unreadable"
        )),
        "{out}"
    );
}

#[test]
fn python_checker_accepts_all() {
    let o = python3().args(certs()).output().unwrap();
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Tampered copies: a multiplier, a sign, a dropped term, a changed claim.
fn tampered(d: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    let mut put = |name: &str, v: &Value, why: &'static str| {
        let p = d.join(name);
        std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
        out.push((p, why));
    };
    let dpi = read(&dir().join("dpi.json"));
    let mut v = dpi.clone();
    let m = &mut v["goals"][0]["elemental"][0]["multiplier"];
    *m = if m == "7" { "8".into() } else { "7".into() };
    put("multiplier.json", &v, "a multiplier changed");
    let mut v = dpi.clone();
    v["goals"][0]["elemental"][0]["multiplier"] = "-1".into();
    put("sign.json", &v, "a multiplier made negative");
    let mut v = dpi.clone();
    v["goals"][0]["elemental"].as_array_mut().unwrap().pop();
    put("dropped.json", &v, "a term dropped");
    let mut v = read(&dir().join("han-3.json"));
    v["claim"] = "H(X,Y,Z) <= H(X,Y) + H(Y,Z) + H(X,Z) - H(X,Y,Z) - H(Z)".into();
    v["lhs"] = serde_json::json!({"X,Y,Z": "1"});
    v["rhs"] = serde_json::json!({"X,Y": "1", "Y,Z": "1", "X,Z": "1", "X,Y,Z": "-1", "Z": "-1"});
    put(
        "claim.json",
        &v,
        "a stronger (false) claim with the old multipliers",
    );
    out
}

#[test]
fn both_checkers_reject_tampered_certificates() {
    let d = tmpdir("tamper");
    for (p, why) in tampered(&d) {
        let rust = certfile::check_file(&p);
        assert!(
            matches!(rust, Err(certfile::CertError::DoesNotHold(_))),
            "Rust checker accepted a tampered certificate ({why}): {rust:?}"
        );
        let o = python3().arg(&p).output().unwrap();
        assert!(
            !o.status.success(),
            "verify_certificate.py accepted a tampered certificate ({why})"
        );
        let cli = Command::new(env!("CARGO_BIN_EXE_infocert"))
            .args(["prove", p.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(cli.status.code(), Some(1), "{why}");
        assert!(String::from_utf8_lossy(&cli.stdout).starts_with("FAIL "));
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_directory_with_one_bad_certificate_fails_and_an_empty_one_is_bad_input() {
    let d = tmpdir("mixed");
    std::fs::copy(dir().join("dpi.json"), d.join("dpi.json")).unwrap();
    let mut v = read(&dir().join("submod.json"));
    v["goals"][0]["elemental"][0]["multiplier"] = "3".into();
    std::fs::write(d.join("submod.json"), v.to_string()).unwrap();
    let bin = env!("CARGO_BIN_EXE_infocert");
    let o = Command::new(bin)
        .args(["prove", d.to_str().unwrap()])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("2 certificates: 1 hold, 1 do not"), "{out}");
    // a refutation certificate does not "hold"
    let refuted = prove("I(X;Y|Z) <= I(X;Y)", &[]).unwrap().certificate();
    std::fs::write(d.join("submod.json"), refuted.to_string()).unwrap();
    let o = Command::new(bin)
        .args(["prove", d.to_str().unwrap()])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("records `refuted`, not a proof"), "{out}");
    // not a certificate → 2
    std::fs::write(d.join("submod.json"), "{\"hello\": 1}").unwrap();
    let o = Command::new(bin)
        .args(["prove", d.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    // empty → 2, one line on stderr
    let e = tmpdir("empty");
    let o = Command::new(bin)
        .args(["prove", e.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("error: no certificates"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let _ = std::fs::remove_dir_all(&d);
    let _ = std::fs::remove_dir_all(&e);
}
