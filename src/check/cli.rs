//! The `infocert check` and `infocert claims` commands (the binary only
//! parses arguments and calls these).

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::catalogue::{self, Item};
use super::report::{Report, Truth, Verdict};
use super::shard::{self, MergeError, Shard};
use super::{check_claim, Config};

/// Options of `infocert check`.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// `all`, a catalogue id, or a claim.
    pub target: String,
    /// Random cases.
    pub cases: Option<usize>,
    /// Seed (random if absent on the command line; printed).
    pub seed: Option<u64>,
    /// Lattice support bound.
    pub support: Option<usize>,
    /// Lattice denominator bound.
    pub denom: Option<u32>,
    /// Support sizes of random cases.
    pub random_support: Option<(usize, usize)>,
    /// The large campaign ([`Config::large`]).
    pub large: bool,
    /// One JSON object on stdout.
    pub json: bool,
    /// Persist failing random cases here (and replay them first).
    pub regressions: Option<PathBuf>,
    /// Precision cap in bits.
    pub max_prec: Option<u32>,
    /// Largest number of instances decided per lattice level.
    pub level_budget: Option<u64>,
    /// Margin-search starts per support size (0: off).
    pub search: Option<usize>,
    /// Only instances with every entry positive.
    pub positive: bool,
    /// Decide the claim at these inputs only (`--p`, `--q`, `--r`,
    /// `--joint`, as for `eval`: lists, fractions, decimals or `@FILE`).
    pub p: Option<String>,
    /// See [`CheckOptions::p`].
    pub q: Option<String>,
    /// See [`CheckOptions::p`].
    pub r: Option<String>,
    /// See [`CheckOptions::p`]; rows `X`, columns `Y`.
    pub joint: Option<String>,
    /// Other inputs and parameters, `NAME=VALUES` (`--param w=1,2,3`,
    /// `--param l=1/3`, `--param K="1,0;1/2,1/2"`).
    pub params: Vec<String>,
    /// Run only this slice of the campaign and write its manifest
    /// (see [`super::shard`]).
    pub shard: Option<Shard>,
    /// Where the shard's manifest goes (`--json`: also stdout).
    pub manifest: Option<PathBuf>,
    /// Leave the wall time out of the report (so that runs compare byte
    /// for byte).
    pub no_time: bool,
}

impl CheckOptions {
    /// The inputs given by `--p`, `--q`, `--r`, `--joint` and `--param`.
    ///
    /// # Errors
    /// A malformed value or `--param` argument.
    pub fn inputs(&self) -> crate::error::Result<super::point::Inputs> {
        use crate::dist::{matrix_arg, vector_arg};
        let v =
            |name: &str, s: &Option<String>| s.as_deref().map(|s| vector_arg(name, s)).transpose();
        Ok(super::point::Inputs {
            p: v("p", &self.p)?,
            q: v("q", &self.q)?,
            r: v("r", &self.r)?,
            joint: self
                .joint
                .as_deref()
                .map(|s| matrix_arg("joint", s))
                .transpose()?,
            params: self
                .params
                .iter()
                .map(|kv| {
                    let (k, v) = kv.split_once('=').ok_or_else(|| crate::error::Error::Usage(format!(
                        "--param takes NAME=VALUES (e.g. --param w=1,2,3 or --param l=1/3), found {kv:?}"
                    )))?;
                    let k = k.trim();
                    let which = format!("--param {k}");
                    let rows = if v.contains(';') {
                        matrix_arg(&which, v)?
                    } else {
                        vec![vector_arg(&which, v)?]
                    };
                    Ok((k.to_string(), rows))
                })
                .collect::<crate::error::Result<_>>()?,
        })
    }
}

impl CheckOptions {
    /// The campaign configuration.
    pub fn config(&self) -> Config {
        let mut c = if self.large {
            Config::large()
        } else if self.target == "all" {
            Config::fast()
        } else {
            Config::default()
        };
        if let Some(x) = self.cases {
            c.cases = x;
        }
        if let Some(x) = self.seed {
            c.seed = x;
        }
        if let Some(x) = self.support {
            c.max_support = x;
        }
        if let Some(x) = self.denom {
            c.max_denom = x;
        }
        if let Some(x) = self.random_support {
            c.random_support = x;
        }
        if let Some(x) = self.max_prec {
            c.max_prec = x;
        }
        if let Some(x) = self.level_budget {
            c.level_budget = x;
        }
        if let Some(x) = self.search {
            c.search_starts = x;
        }
        c.positive = self.positive;
        c.regressions = self.regressions.clone();
        c.progress = !self.json;
        c
    }
}

#[derive(Serialize)]
struct AllJson<'a> {
    as_catalogued: bool,
    undecided: bool,
    items: &'a [Report],
}

fn one_line(r: &Report) -> String {
    let c = &r.counts;
    match r.verdict {
        Verdict::Violated => match &r.counterexample {
            Some(cx) => format!(
                "refuted ({}; support {}, denominator {})",
                cx.relation,
                cx.instance.n,
                cx.instance.denominator()
            ),
            None => "refuted".into(),
        },
        Verdict::Proved => "proved".into(),
        Verdict::Held => format!(
            "no counterexample in {} cases (exact {}, certified {}, undecided {}, outside domain {})",
            c.held(),
            c.exact,
            c.certified,
            c.undecided,
            c.excluded
        ),
        Verdict::Undecided => format!("undecided ({} cases)", c.undecided),
    }
}

/// Run `infocert check`; returns the exit code: 0 proved (or, for `all`,
/// every item as catalogued; for a false catalogue item, refuted as
/// catalogued), 1 violated or catalogue mismatch, 2 bad input, 3 undecided
/// cases, 4 no counterexample found (evidence, not proof).
pub fn run(opts: &CheckOptions, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if let Some(path) = &opts.regressions {
        if let Err(e) = check_regressions_path(path) {
            let _ = writeln!(err, "error: --regressions {}: {e}", path.display());
            return 2;
        }
    }
    let cfg = opts.config();
    let inputs = match opts.inputs() {
        Ok(i) => i,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    if opts.manifest.is_some() && opts.shard.is_none() {
        let _ = writeln!(
            err,
            "error: --manifest FILE writes a shard's manifest: add --shard K/N (e.g. --shard 1/4)"
        );
        return 2;
    }
    if let Some(sh) = opts.shard {
        return run_shard(opts, sh, inputs.any(), &cfg, out, err);
    }
    if inputs.any() {
        return run_point(opts, &inputs, &cfg, out, err);
    }
    if opts.target == "all" {
        return run_all(&cfg, opts.json, out);
    }
    let report = if let Some(item) = catalogue::find(&opts.target) {
        item.check(cfg)
    } else {
        match check_claim(&opts.target, &cfg) {
            Ok(r) => r,
            Err(e) => {
                not_a_target(&e, err);
                return 2;
            }
        }
    };
    emit(&report, opts.json, opts.no_time, out)
}

fn not_a_target(e: &crate::claims::ParseError, err: &mut dyn Write) {
    let _ = writeln!(
        err,
        "error: not a catalogue item (see `infocert claims`) and not a claim: {}",
        e.message
    );
    let _ = writeln!(err, "{}", e.caret());
}

/// Print a campaign's report (text, or one JSON object; without the wall
/// time with `no_time`) and return `check`'s exit code for it.
fn emit(report: &Report, json: bool, no_time: bool, out: &mut dyn Write) -> u8 {
    if json {
        let text = if no_time {
            let mut v = serde_json::to_value(report).expect("serializable");
            if let Some(o) = v.as_object_mut() {
                o.remove("seconds");
            }
            v.to_string()
        } else {
            serde_json::to_string(report).expect("serializable")
        };
        let _ = writeln!(out, "{text}");
    } else {
        let _ = writeln!(out, "{}", report.to_text(!no_time));
    }
    match report.as_catalogued() {
        Some(true) if report.expected == Some(Truth::False) => 0,
        Some(false) if report.expected == Some(Truth::False) => report.exit_code().max(1),
        _ => report.exit_code(),
    }
}

/// `check TARGET --shard K/N`: run the slice, write the manifest; exit 0
/// when it is written, 2 on bad input or when it cannot be written.
fn run_shard(
    opts: &CheckOptions,
    sh: Shard,
    point: bool,
    cfg: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let usage = |err: &mut dyn Write, m: &str| {
        let _ = writeln!(err, "error: {m}");
        2
    };
    if opts.target == "all" {
        return usage(
            err,
            "--shard takes one claim or catalogue id, not `all` (run one sharded campaign per item)",
        );
    }
    if point {
        return usage(
            err,
            "--shard slices a campaign; it does not combine with --p/--q/--r/--joint/--param",
        );
    }
    if opts.regressions.is_some() {
        return usage(
            err,
            "--shard does not combine with --regressions (shards on other machines would each write the file); replay regressions in a single run",
        );
    }
    if opts.manifest.is_none() && !opts.json {
        return usage(
            err,
            "--shard writes a manifest: give --manifest FILE, or --json for stdout",
        );
    }
    let m = match shard::run_shard(&opts.target, cfg, sh) {
        Ok(m) => m,
        Err(e) => {
            not_a_target(&e, err);
            return 2;
        }
    };
    let text = serde_json::to_string(&m).expect("serializable");
    if let Some(path) = &opts.manifest {
        if let Err(e) = std::fs::write(path, format!("{text}\n")) {
            return usage(
                err,
                &format!("--manifest {}: cannot write: {e}", path.display()),
            );
        }
    }
    if opts.json {
        let _ = writeln!(out, "{text}");
    } else {
        let c = &m.counts;
        let _ = writeln!(
            out,
            "shard {sh} of {}: {} cases (exact {}, certified {}, violated {}, undecided {}, outside the domain {}); manifest {} — no verdict until `infocert merge` has every shard",
            m.statement,
            c.total(),
            c.exact,
            c.certified,
            c.violated,
            c.undecided,
            c.excluded,
            opts.manifest
                .as_ref()
                .map_or("on stdout".into(), |p| p.display().to_string()),
        );
    }
    0
}

fn run_point(
    opts: &CheckOptions,
    inputs: &super::point::Inputs,
    cfg: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if opts.target == "all" {
        let _ = writeln!(
            err,
            "error: `check all` runs the catalogue; give one claim or item with --p/--q/--r/--joint"
        );
        return 2;
    }
    match shard::resolve(&opts.target) {
        Ok((target, _)) => super::point::run(&target, inputs, cfg.max_prec, opts.json, out, err),
        Err(e) => {
            not_a_target(&e, err);
            2
        }
    }
}

/// The exit code of `infocert merge` when the manifests do not make one
/// whole campaign (a shard missing or given twice, different campaigns):
/// no verdict.
pub const EXIT_INCOMPLETE: u8 = 6;

/// Run `infocert merge FILE...`: combine the manifests of every shard of a
/// campaign into the report (and exit code) of the single run; exit
/// [`EXIT_INCOMPLETE`] with one line when they do not make one campaign,
/// 2 (one line naming the file) when a file is unreadable or not a
/// manifest.
pub fn merge(
    files: &[PathBuf],
    json: bool,
    no_time: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let mut manifests = Vec::with_capacity(files.len());
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    for (f, name) in files.iter().zip(&names) {
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                let _ = writeln!(err, "error: {name}: cannot read: {e}");
                return 2;
            }
        };
        match shard::parse_manifest(name, &text) {
            Ok(m) => manifests.push(m),
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                return 2;
            }
        }
    }
    match shard::merge(&manifests, &names) {
        Ok(r) => emit(&r, json, no_time, out),
        Err(e @ MergeError::Malformed { .. }) => {
            let _ = writeln!(err, "error: {e}");
            2
        }
        Err(e @ MergeError::Incomplete(_)) => {
            if json {
                let _ = writeln!(
                    out,
                    "{}",
                    serde_json::json!({"verdict": "incomplete", "reason": e.to_string()})
                );
            } else {
                let _ = writeln!(out, "verdict: {e}");
            }
            EXIT_INCOMPLETE
        }
    }
}

/// A `--regressions` file must be a readable text file, or not exist yet in
/// a place where it can be created.
fn check_regressions_path(path: &std::path::Path) -> Result<(), String> {
    if path.as_os_str().is_empty() {
        return Err("empty path: give a file name".into());
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            Err("is a directory, not a file: give a file name (e.g. DIR/regressions.tsv)".into())
        }
        Ok(m) if !m.is_file() => Err("is not a regular file".into()),
        Ok(_) => std::fs::read_to_string(path)
            .map(|_| ())
            .map_err(|e| format!("cannot be read: {e}")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // created on the first failure; every existing ancestor must be a directory
            match path.ancestors().skip(1).find(|a| a.exists()) {
                Some(a) if !a.is_dir() => Err(format!(
                    "cannot be created: {} is not a directory",
                    a.display()
                )),
                _ => Ok(()),
            }
        }
        Err(e) => Err(format!("cannot be read: {e}")),
    }
}

fn run_all(cfg: &Config, json: bool, out: &mut dyn Write) -> u8 {
    let start = std::time::Instant::now();
    let items = catalogue::all();
    let mut reports = Vec::with_capacity(items.len());
    let mut mismatch = false;
    let mut undecided = false;
    for item in &items {
        let mut c = cfg.clone();
        c.progress = false;
        let r = item.check(c);
        let ok = r.as_catalogued() == Some(true);
        let und = r.counts.undecided > 0 && r.verdict != Verdict::Violated;
        mismatch |= !ok && !und;
        undecided |= und;
        if !json {
            let tag = if ok {
                "ok "
            } else if und {
                "UND"
            } else {
                "BAD"
            };
            let kind = match item.truth {
                Truth::True => "true ",
                Truth::False => "false",
            };
            let _ = writeln!(out, "{tag} {kind} {:<36} {}", item.id, one_line(&r));
            if !ok {
                for l in r.to_string().lines() {
                    let _ = writeln!(out, "      {l}");
                }
            }
        }
        reports.push(r);
    }
    let code = if mismatch {
        1
    } else if undecided {
        3
    } else {
        0
    };
    if json {
        let j = AllJson {
            as_catalogued: code == 0,
            undecided,
            items: &reports,
        };
        let _ = writeln!(out, "{}", serde_json::to_string(&j).expect("serializable"));
    } else {
        let trues = items.iter().filter(|i| i.truth == Truth::True).count();
        let _ = writeln!(
            out,
            "\n{} items ({} true, {} false claims and wrong twins): {} in {:.1} s (lattice support ≤ {}, denominator ≤ {}; {} random cases each, seed {})",
            items.len(),
            trues,
            items.len() - trues,
            match code {
                0 => "every item behaves as catalogued",
                1 => "SOME ITEMS DO NOT BEHAVE AS CATALOGUED",
                _ => "nothing contradicts the catalogue, but some cases are undecided",
            },
            start.elapsed().as_secs_f64(),
            cfg.max_support,
            cfg.max_denom,
            cfg.cases,
            cfg.seed
        );
    }
    code
}

#[derive(Serialize)]
struct ItemJson {
    id: &'static str,
    title: &'static str,
    statement: &'static str,
    source: &'static str,
    status: Truth,
    twin: Option<&'static str>,
    /// For true items: "proved (normal form)" or "evidence only (reason)".
    #[serde(skip_serializing_if = "Option::is_none")]
    proof: Option<String>,
}

fn item_json(i: &Item) -> ItemJson {
    ItemJson {
        id: i.id,
        title: i.title,
        statement: i.statement,
        source: i.source,
        status: i.truth,
        twin: i.twin.map(|t| t.id),
        proof: (i.truth == Truth::True).then(|| i.status().to_string()),
    }
}

/// Run `infocert claims`: the catalogue with each item's status.
pub fn claims(json: bool, out: &mut dyn Write) -> u8 {
    let items = catalogue::all();
    if json {
        let v: Vec<ItemJson> = items.iter().map(|i| item_json(i)).collect();
        let _ = writeln!(out, "{}", serde_json::to_string(&v).expect("serializable"));
        return 0;
    }
    let (mut proved, mut evidence) = (0usize, 0usize);
    for i in items {
        let status = match (i.truth, i.twin.is_some() || !i.id.ends_with(".twin")) {
            (Truth::True, _) => "true (must hold)",
            (Truth::False, true) => "false claim (must be refuted)",
            (Truth::False, false) => "wrong twin (must be refuted)",
        };
        let _ = writeln!(out, "{}  [{status}]", i.id);
        let _ = writeln!(out, "    {}: {}", i.title, i.statement);
        let _ = writeln!(out, "    source: {}", i.source);
        if i.truth == Truth::True {
            let st = i.status();
            if matches!(st, catalogue::Status::Proved(_)) {
                proved += 1;
            } else {
                evidence += 1;
            }
            let _ = writeln!(out, "    status: {st}");
        }
    }
    let _ = writeln!(
        out,
        "true items: {proved} proved (for every n, on inputs with all entries positive), {evidence} evidence only (no counterexample found — evidence, not proof)"
    );
    0
}
