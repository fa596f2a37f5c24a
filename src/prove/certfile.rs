//! Checking stored certificates: `infocert prove proofs/lp/` (a directory)
//! or `infocert prove FILE.json`.
//!
//! A certificate (format `infocert-shannon-certificate/1`, written by
//! `--certificate`) records a claim, its `--given` texts and, for a proof,
//! the rational multipliers of the elemental inequalities and constraints.
//! The check here trusts nothing in the file but its texts: the claim and
//! the constraints are parsed again (so the coefficient vectors are
//! re-derived, not read), every elemental inequality named in the file is
//! looked up by its variables, and `goal = Σλ·g + Σμ·c` is checked exactly
//! ([`super::verify_proof`]). No LP runs. A certificate holds only if it
//! records a proof and the proof checks; a recorded refutation is reported
//! as not holding (the statement is false), never as a pass.
//!
//! `scripts/verify_certificate.py` is the independent second checker of the
//! same files (standard library only, exact fractions).

use super::{elementals, verify_proof, Problem, Proof};
use crate::num::Q;
use num_traits::Zero;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Why a certificate does not hold.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CertError {
    /// Not readable, not JSON, or not a certificate (exit 2).
    #[error("{0}")]
    BadInput(String),
    /// Read and understood, but it records no valid proof (exit 1).
    #[error("{0}")]
    DoesNotHold(String),
}

fn bad(msg: impl Into<String>) -> CertError {
    CertError::BadInput(msg.into())
}

fn fails(msg: impl Into<String>) -> CertError {
    CertError::DoesNotHold(msg.into())
}

fn str_field<'a>(v: &'a Value, key: &str) -> Result<&'a str, CertError> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| bad(format!("missing text field `{key}`")))
}

fn rational(v: &Value, what: &str) -> Result<Q, CertError> {
    let s = v
        .as_str()
        .ok_or_else(|| bad(format!("{what}: not a rational string")))?;
    Q::from_str(s.trim()).map_err(|_| bad(format!("{what}: `{s}` is not a rational")))
}

/// Check one parsed certificate; `Ok` is a one-line description of what holds.
///
/// ```
/// use infocert::prove::{certfile::check_certificate, prove};
/// let cert = prove("H(X|Y) <= H(X)", &[]).unwrap().certificate();
/// assert!(check_certificate(&cert).is_ok());
/// let mut bad = cert.clone();
/// bad["goals"][0]["elemental"][0]["multiplier"] = "2".into();
/// assert!(check_certificate(&bad).is_err());
/// ```
pub fn check_certificate(c: &Value) -> Result<String, CertError> {
    if c.get("kind").and_then(Value::as_str) == Some("proof_files") {
        // a proof-file certificate: its derivations are re-checked
        return super::proofs::check_stored(c).map_err(
            |(input, m)| {
                if input {
                    bad(m)
                } else {
                    fails(m)
                }
            },
        );
    }
    let format = str_field(c, "format")?;
    if format != "infocert-shannon-certificate/1" {
        return Err(bad(format!("unknown certificate format `{format}`")));
    }
    let claim = str_field(c, "claim")?;
    let given: Vec<String> = match c.get("given") {
        Some(Value::Array(a)) => a
            .iter()
            .map(|g| {
                g.as_str()
                    .map(String::from)
                    .ok_or_else(|| bad("`given`: not a list of texts"))
            })
            .collect::<Result<_, _>>()?,
        _ => return Err(bad("missing list field `given`")),
    };
    let declared: Vec<String> = match c.get("variables") {
        Some(Value::Array(a)) => a
            .iter()
            .map(|g| {
                g.as_str()
                    .map(String::from)
                    .ok_or_else(|| bad("`variables`: not a list of names"))
            })
            .collect::<Result<_, _>>()?,
        _ => return Err(bad("missing list field `variables`")),
    };
    let problem = Problem::parse_declared(claim, &given, Some(&declared))
        .map_err(|e| bad(format!("the recorded claim does not parse: {}", e.0)))?;
    let given_text = if given.is_empty() {
        String::new()
    } else {
        format!(" given {}", given.join("; "))
    };
    let verdict = str_field(c, "verdict")?;
    if verdict != "proved" {
        return Err(fails(format!(
            "records `{verdict}`, not a proof: {claim}{given_text}"
        )));
    }
    let n = problem.n();
    let elems = elementals(n);
    let index: HashMap<(usize, Option<usize>, u32), usize> = elems
        .iter()
        .enumerate()
        .map(|(k, e)| ((e.i, e.j, e.k), k))
        .collect();
    let var = |name: &Value, what: &str| -> Result<usize, CertError> {
        let s = name
            .as_str()
            .ok_or_else(|| bad(format!("{what}: not a variable name")))?;
        problem
            .vars
            .names
            .iter()
            .position(|v| v == s)
            .ok_or_else(|| fails(format!("{what}: unknown variable `{s}`")))
    };
    let goals = problem.goals();
    let recorded = match c.get("goals") {
        Some(Value::Array(a)) => a,
        _ => return Err(bad("missing list field `goals`")),
    };
    if recorded.len() != goals.len() {
        return Err(fails(format!(
            "{} goal(s) recorded, the claim has {}",
            recorded.len(),
            goals.len()
        )));
    }
    for (gi, (goal, rec)) in goals.iter().zip(recorded).enumerate() {
        let mut lambda = vec![Q::zero(); elems.len()];
        let terms = match rec.get("elemental") {
            Some(Value::Array(a)) => a,
            _ => return Err(bad(format!("goal {gi}: missing list `elemental`"))),
        };
        for (ti, t) in terms.iter().enumerate() {
            let what = format!("goal {gi}, elemental term {ti}");
            let i = var(&t["i"], &what)?;
            let j = match str_field(t, "kind")? {
                "H" => None,
                "I" => Some(var(&t["j"], &what)?),
                k => return Err(fails(format!("{what}: unknown kind `{k}`"))),
            };
            let mut k = 0u32;
            if let Some(Value::Array(cs)) = t.get("cond") {
                for cv in cs {
                    k |= 1 << var(cv, &what)?;
                }
            }
            let (i, j) = match j {
                Some(j) if j < i => (j, Some(i)),
                other => (i, other),
            };
            let key = (i, j, k);
            let idx = *index.get(&key).ok_or_else(|| {
                fails(format!(
                    "{what}: `{}` is not an elemental inequality",
                    t.get("text").and_then(Value::as_str).unwrap_or("?")
                ))
            })?;
            lambda[idx] += rational(&t["multiplier"], &what)?;
        }
        let mut mu = vec![Q::zero(); problem.constraints.len()];
        if let Some(Value::Array(cs)) = rec.get("constraints") {
            for (ci, cm) in cs.iter().enumerate() {
                let what = format!("goal {gi}, constraint term {ci}");
                let k = cm["index"]
                    .as_u64()
                    .map(|k| k as usize)
                    .filter(|k| *k < mu.len())
                    .ok_or_else(|| fails(format!("{what}: no such constraint")))?;
                mu[k] += rational(&cm["multiplier"], &what)?;
            }
        }
        let proof = Proof {
            goal: goal.clone(),
            lambda,
            mu,
            method: "stored certificate",
        };
        if !verify_proof(n, &elems, &problem.constraints, &proof) {
            return Err(fails(format!(
                "goal {gi}: the multipliers do not add up to the claim exactly (or a sign is wrong): {claim}{given_text}"
            )));
        }
    }
    Ok(format!(
        "proved (Shannon-type, stored certificate checked exactly): {claim}{given_text}"
    ))
}

/// Check one certificate file.
pub fn check_file(path: &Path) -> Result<String, CertError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| bad(format!("cannot read {}: {e}", path.display())))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| bad(format!("not JSON ({e})")))?;
    check_certificate(&v)
}

/// The certificate files (`*.json`) under `dir`, recursively, sorted.
pub fn collect(dir: &Path) -> Result<Vec<PathBuf>, CertError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let rd = std::fs::read_dir(&d)
            .map_err(|e| bad(format!("cannot read directory {}: {e}", d.display())))?;
        for entry in rd {
            let p = entry
                .map_err(|e| bad(format!("cannot read directory {}: {e}", d.display())))?
                .path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `infocert prove PATH` for a directory or a `.json` file: one line per
/// certificate, a summary, and the exit code (0 every certificate holds,
/// 1 one does not, 2 bad input: nothing to check, unreadable or not a
/// certificate).
pub fn check_path(path: &Path) -> (String, u8) {
    let files = if path.is_dir() {
        match collect(path) {
            Ok(f) => f,
            Err(e) => return (format!("error: {e}\n"), 2),
        }
    } else {
        vec![path.to_path_buf()]
    };
    if files.is_empty() {
        return (
            format!(
                "error: no certificates (*.json) under {}: nothing to check\n",
                path.display()
            ),
            2,
        );
    }
    let mut out = String::new();
    let (mut ok, mut failed, mut bad_input) = (0, 0, 0);
    for f in &files {
        match check_file(f) {
            Ok(line) => {
                ok += 1;
                out += &format!("ok    {}: {line}\n", f.display());
            }
            Err(CertError::DoesNotHold(m)) => {
                failed += 1;
                out += &format!("FAIL  {}: {m}\n", f.display());
            }
            Err(CertError::BadInput(m)) => {
                bad_input += 1;
                out += &format!("ERROR {}: {m}\n", f.display());
            }
        }
    }
    out += &format!(
        "{} certificate{}: {ok} hold, {failed} do not, {bad_input} unreadable\n",
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    );
    let code = if bad_input > 0 {
        2
    } else if failed > 0 {
        1
    } else {
        0
    };
    (out, code)
}
