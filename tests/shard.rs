//! Sharded campaigns: shards run as separate processes, merged, print
//! exactly what the single run prints; a missing or duplicated shard or
//! manifests of different campaigns are "incomplete" (exit 6, never a
//! verdict); a malformed manifest is exit 2 with one line naming the file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use infocert::check::shard::{merge_manifests, run_shard, MergeError, Shard};
use infocert::check::Config;

const BIN: &str = env!("CARGO_BIN_EXE_infocert");

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("binary runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).expect("utf-8")
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("infocert-shard-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// Run `n` shards of `check target args…` as separate processes (all at
/// once) and return the manifest paths.
fn shards(dir: &Path, target: &str, args: &[&str], n: u32) -> Vec<String> {
    let children: Vec<(String, std::process::Child)> = (1..=n)
        .map(|k| {
            let file = dir.join(format!("m{k}.json")).display().to_string();
            let shard = format!("{k}/{n}");
            let child = Command::new(BIN)
                .args(["check", target])
                .args(args)
                .args(["--shard", &shard, "--manifest", &file])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn shard");
            (file, child)
        })
        .collect();
    children
        .into_iter()
        .map(|(file, child)| {
            let o = child.wait_with_output().expect("shard ends");
            assert_eq!(code(&o), 0, "shard {file}: {}", text(&o.stderr));
            assert!(text(&o.stdout).contains("no verdict until `infocert merge`"));
            file
        })
        .collect()
}

/// The single run and the merge of 4 shards (text and JSON, without the
/// wall time) are byte for byte the same, with the same exit code.
fn same_as_single(target: &str, args: &[&str], expect_code: i32) -> String {
    let dir = tmpdir(&format!("{:x}", fxhash(target)));
    let files = shards(&dir, target, args, 4);
    let mut single_args = vec!["check", target];
    single_args.extend_from_slice(args);
    single_args.push("--no-time");
    let single = run(&single_args);
    let mut merge_args = vec!["merge", "--no-time"];
    merge_args.extend(files.iter().map(String::as_str));
    let merged = run(&merge_args);
    assert_eq!(code(&single), expect_code, "{}", text(&single.stdout));
    assert_eq!(code(&merged), expect_code, "{}", text(&merged.stderr));
    assert_eq!(
        text(&merged.stdout),
        text(&single.stdout),
        "merged vs single run of {target}"
    );
    assert!(!text(&single.stdout).contains(" s\n"), "no wall time");
    // JSON too (shards given in another order)
    single_args.push("--json");
    let mut merge_args = vec!["merge", "--no-time", "--json"];
    merge_args.extend(files.iter().rev().map(String::as_str));
    let (sj, mj) = (run(&single_args), run(&merge_args));
    assert_eq!(mj.stdout, sj.stdout, "JSON of {target}");
    assert_eq!(code(&mj), expect_code);
    let v: serde_json::Value = serde_json::from_slice(&sj.stdout).expect("JSON");
    assert!(v.get("seconds").is_none());
    let _ = std::fs::remove_dir_all(&dir);
    text(&single.stdout)
}

fn fxhash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

#[test]
fn four_processes_merge_to_the_single_run_of_a_true_item() {
    // the lattice (3 × 6 levels), 96 search starts and 3000 random cases
    // (12 chunks of 256) are all split 4 ways; nothing violated: every
    // part of every shard counts
    let out = same_as_single("pinsker", &["--cases", "3000"], 4);
    assert!(out.contains("no counterexample found in"), "{out}");
    assert!(out.contains("3000 random cases"), "{out}");
}

#[test]
fn four_processes_merge_to_the_single_run_of_refuted_claims() {
    // the lattice refutes (minimal counterexample at support 2, denominator 4)
    let out = same_as_single("KL(P||Q) = KL(Q||P)", &["--cases", "500"], 1);
    assert!(
        out.contains("minimal failing input (support 2, denominator 4"),
        "{out}"
    );
    // only the margin search refutes: the candidates of 4 shards are decided in the merge
    let out = same_as_single("KL(P||Q) >= 2.01*TV(P,Q)^2", &["--cases", "500"], 1);
    assert!(out.contains("margin-search point"), "{out}");
    // only random cases refute (support 4 > the lattice's 3 and the
    // search's 3): the first violating case of the first shard with one,
    // shrunk through the lattice in the merge
    let out = same_as_single(
        "H(P) <= ln(3)",
        &["--cases", "2000", "--random-support", "4..6"],
        1,
    );
    assert!(out.contains("shrunk from random case"), "{out}");
    // a claim starting with a minus sign (no `--` needed)
    let out = same_as_single("-KL(P||Q) <= 0", &["--cases", "300"], 4);
    assert!(out.contains("claim: -KL(P‖Q) ≤ 0"), "{out}");
}

fn cfg(cases: usize) -> Config {
    Config {
        cases,
        max_denom: 5,
        search_starts: 12,
        ..Config::default()
    }
}

/// In-process: every shard count gives the single run's report, for
/// claims and for catalogue items (custom relations, domains, kernels),
/// with and without stopping at the first violation.
#[test]
fn every_shard_count_gives_the_single_run() {
    let targets = [
        "gibbs",
        "kl-chain-rule",
        "data-processing.twin",
        "jsd-reversed",
        "TV(P,Q) <= 1 - exp(-KL(P||Q))",
        "H(P) <= ln(2)",
        // no variables, undecided on every instance (an algebraic tie)
        "sqrt(2) + sqrt(3) = sqrt(5 + 2*sqrt(6))",
        // with --positive: instances outside the domain
        "TV(P,Q) < 1",
    ];
    for target in targets {
        for stop in [true, false] {
            let c = Config {
                stop_at_first: stop,
                positive: target.starts_with("TV"),
                ..cfg(700)
            };
            let single = {
                let (t, truth) = infocert::check::shard::resolve(target).expect("target");
                let mut r = infocert::check::run(&t, &c);
                r.expected = truth;
                r
            };
            let want = single.to_text(false);
            for n in [1u32, 2, 3, 5] {
                let ms: Vec<_> = (1..=n)
                    .map(|k| run_shard(target, &c, Shard::new(k, n).unwrap()).unwrap())
                    .collect();
                let r = merge_manifests(&ms).unwrap_or_else(|e| panic!("{target} {n}: {e}"));
                assert_eq!(r.to_text(false), want, "{target}, {n} shards, stop {stop}");
                assert_eq!(r.exit_code(), single.exit_code());
                assert_eq!(r.as_catalogued(), single.as_catalogued());
                // shard counts add up to at least the merged counts
                let sum: u64 = ms.iter().map(|m| m.counts.total()).sum();
                assert!(sum >= r.counts.total(), "{target} {n}");
            }
        }
    }
}

#[test]
fn a_missing_or_duplicated_shard_is_incomplete_never_held() {
    let c = cfg(300);
    let ms: Vec<_> = (1..=3)
        .map(|k| run_shard("pinsker", &c, Shard::new(k, 3).unwrap()).unwrap())
        .collect();
    let e = merge_manifests(&ms[..2]).unwrap_err();
    assert!(
        matches!(&e, MergeError::Incomplete(m) if m.contains("3/3")),
        "{e}"
    );
    let dup = vec![ms[0].clone(), ms[1].clone(), ms[1].clone(), ms[2].clone()];
    let e = merge_manifests(&dup).unwrap_err();
    assert!(
        matches!(&e, MergeError::Incomplete(m) if m.contains("2/3 given twice")),
        "{e}"
    );
    // shards of a different campaign (another seed; another shard count)
    let other = run_shard(
        "pinsker",
        &Config {
            seed: 1,
            ..c.clone()
        },
        Shard::new(3, 3).unwrap(),
    )
    .unwrap();
    let e = merge_manifests(&[ms[0].clone(), ms[1].clone(), other]).unwrap_err();
    assert!(
        matches!(&e, MergeError::Incomplete(m) if m.contains("config seed")),
        "{e}"
    );
    let two = run_shard("pinsker", &c, Shard::new(2, 2).unwrap()).unwrap();
    let e = merge_manifests(&[ms[0].clone(), two]).unwrap_err();
    assert!(matches!(e, MergeError::Incomplete(_)), "{e}");
    let gibbs = run_shard("gibbs", &c, Shard::new(3, 3).unwrap()).unwrap();
    let e = merge_manifests(&[ms[0].clone(), ms[1].clone(), gibbs]).unwrap_err();
    assert!(
        matches!(&e, MergeError::Incomplete(m) if m.contains("target")),
        "{e}"
    );
    // the three together: the verdict
    assert!(merge_manifests(&ms).is_ok());
}

#[test]
fn a_tampered_manifest_is_malformed() {
    let c = cfg(600);
    let ms: Vec<_> = (1..=2)
        .map(|k| run_shard("pinsker", &c, Shard::new(k, 2).unwrap()).unwrap())
        .collect();
    let tamper = |f: &dyn Fn(&mut infocert::check::shard::Manifest)| {
        let mut m2 = ms.clone();
        f(&mut m2[1]);
        match merge_manifests(&m2) {
            Err(MergeError::Malformed { file, why }) => {
                assert_eq!(file, "manifest 2");
                why
            }
            other => panic!("{other:?}"),
        }
    };
    // a lattice range that is not the shard's
    let why = tamper(&|m| m.campaign.lattice[3].range[0] += 1);
    assert!(why.contains("lattice level 4"), "{why}");
    // a level dropped without a violation to stop at
    let why = tamper(&|m| {
        m.campaign.lattice.pop();
    });
    assert!(why.contains("without a violation"), "{why}");
    // random cases cut short
    let why = tamper(&|m| {
        let r = m.campaign.random.as_mut().unwrap();
        r.done -= 1;
        r.counts.exact -= 1;
        m.counts.exact -= 1;
    });
    assert!(why.contains("random cases"), "{why}");
    // a violation hidden from the counts
    let why = tamper(&|m| m.campaign.lattice[0].counts.violated += 1);
    assert!(why.contains("counts"), "{why}");
    // search starts of another shard
    let why = tamper(&|m| m.campaign.search.as_mut().unwrap()[0].starts[0] = 0);
    assert!(why.contains("margin search"), "{why}");
    // every shard written by another infocert
    let mut old = ms.clone();
    for m in &mut old {
        m.infocert = "0.0.1".into();
    }
    match merge_manifests(&old) {
        Err(MergeError::Malformed { why, .. }) => assert!(why.contains("0.0.1"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn cli_incomplete_and_malformed_exit_codes() {
    let dir = tmpdir("cli");
    let files = shards(&dir, "gibbs", &["--cases", "300", "--denom", "4"], 3);
    // complete: the verdict (evidence: exit 4)
    let o = run(&["merge", &files[0], &files[1], &files[2]]);
    assert_eq!(code(&o), 4, "{}", text(&o.stderr));
    // missing
    let o = run(&["merge", &files[0], &files[2]]);
    assert_eq!(code(&o), 6);
    let out = text(&o.stdout);
    assert!(
        out.starts_with("verdict: incomplete: 1 of 3 shards missing (2/3)"),
        "{out}"
    );
    assert!(
        !out.contains("held") && !out.contains("no counterexample"),
        "{out}"
    );
    // duplicated
    let o = run(&[
        "merge", &files[0], &files[1], &files[1], &files[2], "--json",
    ]);
    assert_eq!(code(&o), 6);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["verdict"], "incomplete");
    assert!(v["reason"].as_str().unwrap().contains("given twice"));
    // malformed: not JSON, not a manifest, a missing file, a bad field
    let junk = dir.join("junk.json");
    std::fs::write(&junk, "{ not json").unwrap();
    let other = dir.join("other.json");
    std::fs::write(&other, r#"{"format": "something else"}"#).unwrap();
    let bad = dir.join("bad.json");
    let m = std::fs::read_to_string(&files[1]).unwrap();
    std::fs::write(
        &bad,
        m.replace("\"shard\":{\"index\":2", "\"shard\":{\"index\":\"two\""),
    )
    .unwrap();
    let gone = dir.join("gone.json");
    for (f, says) in [
        (&junk, "not JSON"),
        (&other, "not a shard manifest"),
        (&bad, "malformed manifest"),
        (&gone, "cannot read"),
    ] {
        let name = f.display().to_string();
        let o = run(&["merge", &files[0], &name, &files[2]]);
        assert_eq!(code(&o), 2, "{name}");
        let err = text(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(&format!("error: {name}: ")), "{err}");
        assert!(err.contains(says), "{err}");
        assert!(o.stdout.is_empty());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_shard_usage_errors() {
    for (args, says) in [
        (vec!["check", "pinsker", "--shard", "5/4", "--json"], "K/N"),
        (vec!["check", "pinsker", "--shard", "2", "--json"], "K/N"),
        (
            vec!["check", "pinsker", "--shard", "1/2"],
            "--manifest FILE",
        ),
        (
            vec!["check", "all", "--shard", "1/2", "--json"],
            "not `all`",
        ),
        (
            vec![
                "check", "pinsker", "--shard", "1/2", "--json", "--p", "1/2,1/2",
            ],
            "--p",
        ),
        (
            vec!["check", "KL(P||", "--shard", "1/2", "--json"],
            "not a claim",
        ),
        (vec!["check", "pinsker", "--manifest", "x.json"], "--shard"),
        (vec!["merge"], "MANIFEST"),
    ] {
        let o = run(&args);
        assert_eq!(code(&o), 2, "{args:?}");
        let err = text(&o.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // --json without --manifest: the manifest on stdout
    let o = run(&[
        "check", "gibbs", "--shard", "2/2", "--json", "--cases", "10",
    ]);
    assert_eq!(code(&o), 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["format"], "infocert-shard-manifest");
    assert_eq!(v["shard"]["index"], 2);
}

#[test]
fn claims_starting_with_a_minus_sign() {
    for args in [
        vec!["check", "-KL(P||Q) <= 0", "--cases", "20"],
        vec!["check", "--cases", "20", "-KL(P||Q) <= 0"],
        vec!["check", "--cases", "20", "--", "-KL(P||Q) <= 0"],
        vec!["check", "-2*TV(P,Q) >= -2", "--cases", "20"],
        vec!["check", "−KL(P‖Q) ≤ 0", "--cases", "20"],
    ] {
        let o = run(&args);
        assert_eq!(code(&o), 4, "{args:?}: {}", text(&o.stderr));
        assert!(text(&o.stdout).contains("no counterexample found"));
    }
    // a false one is refuted, not mistaken for a flag
    let o = run(&["check", "-KL(P||Q) >= 0", "--cases", "20"]);
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    // a malformed one is a parse error with a caret, not clap's complaint
    let o = run(&["check", "-KL(P||Q) <=", "--cases", "20"]);
    assert_eq!(code(&o), 2);
    let err = text(&o.stderr);
    assert!(err.contains("not a claim") && err.contains('^'), "{err}");
}
