//! Worked-example pages for educators: `infocert report` writes `reports/`
//! (an index, one self-contained HTML page per example with inline SVG
//! plots, a Markdown twin of each, the plots as `.svg` files and
//! `data.json` with every value's certificate); `infocert example NAME`
//! prints one example in the terminal.
//!
//! Every number printed on a page is a certified value: a measure from
//! [`crate::certify_in`], or a constant expression of the claims language
//! (a Gaussian KL, an ELBO, a free energy) evaluated by the checker's exact
//! arithmetic (closed form `r + Σ c·ln a` where it is one, certified digits
//! always). Every statement is decided by the checker and printed with its
//! verdict: catalogue items and claims over a campaign, or a claim at the
//! page's own numbers through the same path as `infocert check "CLAIM" --p …`.
//! A numerical approximation (the Gaussian page's Simpson integral) is
//! printed only as prose with its error bound, never as certified digits.
//! Plots are drawn from f64 values, and the pages say so.

mod pages;
pub mod plot;
mod render;

use crate::check::{Config, Report, Verdict};
use crate::{certify_in, Base, Inputs, Measure, Semantics, Target};
use plot::Plot;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;

/// Significant digits printed for every value of a measure.
pub const DIGITS: u32 = 15;

/// Significant digits printed for a value given as an expression: the
/// checker prints both sides of a relation with this many, so the
/// reproducing command (`infocert check "EXPR > 0" --p 1`) shows them too.
pub const EXPR_DIGITS: u32 = 12;

/// One certified value on a page.
#[derive(Debug, Clone, Serialize)]
pub struct Value {
    /// What it is.
    pub label: String,
    /// Measure name.
    pub measure: String,
    /// Inputs in CLI syntax.
    pub inputs: String,
    /// Unit (nats, bits).
    pub unit: String,
    /// Closed form, if any.
    pub closed_form: Option<String>,
    /// Why there is none.
    pub closed_form_note: Option<String>,
    /// Certified decimal.
    pub decimal: String,
    /// Certified significant digits.
    pub digits: u32,
    /// Whether the decimal is exact.
    pub exact: bool,
    /// Rational enclosure `[lo, hi]`.
    pub enclosure: Option<(String, String)>,
    /// The CLI command that prints the same value.
    pub cli: String,
}

/// Rational distributions as CLI text (`1/2,1/4,1/4`).
pub(crate) fn qs_text(xs: &[crate::Q]) -> String {
    xs.iter()
        .map(crate::num::q_text)
        .collect::<Vec<_>>()
        .join(",")
}

/// One checked statement.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Plain statement.
    pub statement: String,
    /// Verdict text.
    pub verdict: String,
    /// Whether it was found false.
    pub violated: bool,
    /// What the catalogue says it is (if a catalogue item).
    pub expected: Option<String>,
    /// Case counts.
    pub cases: String,
    /// Counterexample instance and the two sides, if violated.
    pub counterexample: Option<String>,
    /// What the statement says, in words (the page's reading of it).
    pub about: Option<String>,
    /// For a claim decided at given inputs: both sides with their closed
    /// forms and certified decimals, as the checker prints them.
    pub detail: Option<String>,
    /// The CLI command.
    pub cli: String,
}

/// A page.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// File stem.
    pub slug: String,
    /// Title.
    pub title: String,
    /// The question.
    pub question: String,
    /// Inputs, as (name, text).
    pub inputs: Vec<(String, String)>,
    /// Certified values.
    pub values: Vec<Value>,
    /// Checked statements.
    pub checks: Vec<Check>,
    /// Explanations (no numbers other than certified ones).
    pub notes: Vec<String>,
    /// Plots.
    pub plots: Vec<Plot>,
}

/// A page under construction.
pub(crate) struct Builder {
    page: Page,
    counter: usize,
}

impl Builder {
    pub(crate) fn new(slug: &str, title: &str, question: &str) -> Self {
        Builder {
            page: Page {
                slug: slug.into(),
                title: title.into(),
                question: question.into(),
                inputs: vec![],
                values: vec![],
                checks: vec![],
                notes: vec![],
                plots: vec![],
            },
            counter: 0,
        }
    }
    pub(crate) fn input(&mut self, name: &str, text: &str) -> &mut Self {
        self.page.inputs.push((name.into(), text.into()));
        self
    }
    pub(crate) fn note(&mut self, text: &str) -> &mut Self {
        self.page.notes.push(text.into());
        self
    }
    /// Certify `measure` on `p` (and `q`), or on a joint if `joint` is set.
    pub(crate) fn value(
        &mut self,
        label: &str,
        measure: Measure,
        p: &str,
        q: Option<&str>,
        base: Base,
    ) -> Value {
        let inputs = match (measure.arity(), q) {
            (crate::measures::Arity::Joint, _) => Inputs::joint(p, Semantics::AsGiven),
            (_, Some(q)) => Inputs::pair(p, q, Semantics::AsGiven),
            (_, None) => Inputs::single(p, Semantics::AsGiven),
        }
        .unwrap_or_else(|e| panic!("{label}: {e}"));
        let e = certify_in(measure, None, &inputs, Target::Digits(DIGITS), base)
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let args = match (measure.arity(), q) {
            (crate::measures::Arity::Joint, _) => format!("--joint \"{p}\""),
            (_, Some(q)) => format!("--p {p} --q {q}"),
            (_, None) => format!("--p {p}"),
        };
        let (unit, b) = match base {
            Base::Two => ("bits", " --base 2"),
            Base::Ten => ("hartleys", " --base 10"),
            Base::E => ("nats", ""),
        };
        let v = Value {
            label: label.into(),
            measure: measure.name().into(),
            inputs: args.clone(),
            unit: unit.into(),
            closed_form: e.closed_form,
            closed_form_note: e.closed_form_note,
            decimal: e.decimal,
            digits: e.digits,
            exact: e.exact,
            enclosure: e.enclosure.map(|(a, b)| (a.to_string(), b.to_string())),
            cli: format!(
                "infocert eval {} {args}{b} --digits {DIGITS}",
                measure.name()
            ),
        };
        self.page.values.push(v.clone());
        v
    }
    /// Check a catalogue item (by id) or a claim.
    pub(crate) fn check(&mut self, target: &str) -> Report {
        let cfg = Config::fast();
        let r = match crate::catalogue::find(target) {
            Some(item) => item.check(cfg),
            None => crate::check_claim(target, &cfg).unwrap_or_else(|e| panic!("{target}: {e}")),
        };
        let verdict = match r.verdict {
            Verdict::Violated => "violated: false, refuted by the counterexample".to_string(),
            Verdict::Proved => r.proof.clone().unwrap_or_else(|| "proved".to_string()),
            Verdict::Held => format!(
                "no counterexample found in {} cases — evidence, not proof",
                r.counts.held()
            ),
            Verdict::Undecided => "undecided".to_string(),
        };
        // a claim without variables has one instance: say so, not the campaign's counts
        let constant = (r.verdict == Verdict::Proved && r.proof.is_none())
            || r.counterexample
                .as_ref()
                .is_some_and(|c| c.instance.values.is_empty());
        let counterexample = r.counterexample.as_ref().map(|c| {
            let side = |s: &crate::check::SideValue| match &s.closed_form {
                Some(cf) if s.rational || cf == &s.decimal => format!("{} = {}", s.expr, cf),
                Some(cf) => format!("{} = {} ≈ {}", s.expr, cf, s.decimal),
                None => format!("{} ≈ {}", s.expr, s.decimal),
            };
            format!("{}\n{}\n{}", c.instance, side(&c.lhs), side(&c.rhs))
                .trim_start()
                .to_string()
        });
        let cli_target = if target.contains(' ') || target.contains('|') {
            format!("\"{target}\"")
        } else {
            target.to_string()
        };
        self.page.checks.push(Check {
            statement: r.statement.clone(),
            verdict,
            violated: r.verdict == Verdict::Violated,
            expected: r
                .expected
                .map(|t| format!("catalogued as {t:?}").to_lowercase()),
            cases: if constant {
                let how = match &r.counterexample {
                    Some(c) if c.lhs.closed_form.is_some() && c.rhs.closed_form.is_some() => {
                        "exactly"
                    }
                    Some(_) => "by certified enclosures",
                    None if r.counts.exact > 0 => "exactly",
                    None => "by certified enclosures",
                };
                format!("a claim without variables: its one instance, decided {how}")
            } else {
                let counts = format!(
                    "{} decided exactly, {} by certified enclosures, {} undecided",
                    r.counts.exact, r.counts.certified, r.counts.undecided
                );
                if r.proof.is_some() {
                    format!("the campaign, extra evidence (zero entries included): {counts}")
                } else {
                    counts
                }
            },
            counterexample,
            about: None,
            detail: None,
            cli: format!("infocert check {cli_target} --cases 100 --denom 5 --level-budget 600"),
        });
        r
    }
    /// Certify a constant expression of the claims language (`5/8 -
    /// 1/2*ln(2)`) by the checker's exact arithmetic: its closed form
    /// where it is one (`r + Σ c·ln a`), and [`EXPR_DIGITS`] certified
    /// digits, exactly as `infocert eval --expr EXPR` prints them.
    pub(crate) fn expr(&mut self, label: &str, expr: &str, unit: &str) -> Value {
        let v = expr_value(label, expr, unit).unwrap_or_else(|e| panic!("{label}: {e}"));
        self.page.values.push(v.clone());
        v
    }
    /// Decide `claim` at exactly the given inputs (`--p/--q/--r/--joint`),
    /// through the command line's own path; returns whether it holds there.
    pub(crate) fn check_at(
        &mut self,
        claim: &str,
        p: Option<&str>,
        q: Option<&str>,
        r: Option<&str>,
        joint: Option<&str>,
    ) -> bool {
        let d = decide_at(claim, p, q, r, joint).unwrap_or_else(|e| panic!("{claim}: {e}"));
        let holds = d.verdict.starts_with("holds");
        self.page.checks.push(d);
        holds
    }
    /// Say in words what the last check states.
    pub(crate) fn about(&mut self, text: &str) -> &mut Self {
        if let Some(c) = self.page.checks.last_mut() {
            c.about = Some(text.into());
        }
        self
    }
    pub(crate) fn plot(&mut self, p: Plot) -> &mut Self {
        self.page.plots.push(p);
        self
    }
    pub(crate) fn next_plot_name(&mut self) -> String {
        self.counter += 1;
        format!("{}-{}", self.page.slug, self.counter)
    }
    pub(crate) fn build(self) -> Page {
        self.page
    }
}

/// A certified [`Value`] of a constant expression (see [`Builder::expr`]):
/// `infocert eval --expr` computes it, and the page prints that command.
pub(crate) fn expr_value(label: &str, expr: &str, unit: &str) -> Result<Value, String> {
    let v = crate::check::point::eval_expr(expr, &Default::default(), EXPR_DIGITS)?;
    if !(v.exact || v.digits == v.requested_digits) {
        return Err(format!("only {} digits certified", v.digits));
    }
    Ok(Value {
        label: label.into(),
        measure: "expression".into(),
        inputs: expr.into(),
        unit: unit.into(),
        closed_form_note: v.closed_form.is_none().then(|| {
            "not a sum r + Σ c·ln a of logarithms of rationals: certified by enclosures".to_string()
        }),
        closed_form: v.closed_form,
        decimal: v.decimal,
        digits: v.digits,
        exact: v.exact,
        enclosure: v.enclosure,
        cli: format!("infocert eval --expr \"{expr}\" --digits {EXPR_DIGITS}"),
    })
}

/// Decide a claim at given inputs by the command line's path
/// (`infocert check "CLAIM" --p … --q …`) and record what it printed.
pub(crate) fn decide_at(
    claim: &str,
    p: Option<&str>,
    q: Option<&str>,
    r: Option<&str>,
    joint: Option<&str>,
) -> Result<Check, String> {
    let opts = crate::check::cli::CheckOptions {
        target: claim.into(),
        p: p.map(Into::into),
        q: q.map(Into::into),
        r: r.map(Into::into),
        joint: joint.map(Into::into),
        ..Default::default()
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = crate::check::cli::run(&opts, &mut out, &mut err);
    let out = String::from_utf8_lossy(&out).into_owned();
    let verdict = match code {
        0 => "holds at these inputs (decided; a decision at this one point, not a proof for other inputs)",
        1 => "violated at these inputs: false there",
        3 => "undecided at these inputs",
        _ => return Err(String::from_utf8_lossy(&err).trim().to_string()),
    };
    // the relation lines, between `at:` and `verdict:`
    let detail: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("at:"))
        .skip(1)
        .take_while(|l| !l.starts_with("verdict:"))
        .map(|l| l.strip_prefix("  ").unwrap_or(l))
        .collect();
    let how = if out.contains("decided exactly") {
        "decided exactly on closed forms"
    } else {
        "decided by certified enclosures"
    };
    let mut cli = format!("infocert check \"{claim}\"");
    for (flag, v) in [("--p", p), ("--q", q), ("--r", r)] {
        if let Some(v) = v {
            cli += &format!(" {flag} {v}");
        }
    }
    if let Some(j) = joint {
        cli += &format!(" --joint \"{j}\"");
    }
    Ok(Check {
        statement: claim.into(),
        verdict: verdict.into(),
        violated: code == 1,
        expected: None,
        cases: format!("one instance, {how}"),
        counterexample: None,
        about: None,
        detail: Some(detail.join("\n")),
        cli,
    })
}

/// Parse a counterexample's vector lines (`P = [1/2, 1/2]`) for a bar chart.
pub(crate) fn instance_vectors(text: &str) -> Vec<(String, Vec<f64>)> {
    let mut out = vec![];
    for line in text.lines() {
        let Some((name, rest)) = line.split_once(" = [") else {
            continue;
        };
        let Some(body) = rest.strip_suffix(']') else {
            continue;
        };
        let xs: Option<Vec<f64>> = body
            .split(',')
            .map(|t| {
                let t = t.trim();
                match t.split_once('/') {
                    Some((a, b)) => Some(a.parse::<f64>().ok()? / b.parse::<f64>().ok()?),
                    None => t.parse().ok(),
                }
            })
            .collect();
        if let Some(xs) = xs {
            out.push((name.trim().to_string(), xs));
        }
    }
    out
}

/// The examples: (slug, title).
pub fn list() -> Vec<(&'static str, &'static str)> {
    pages::ALL.iter().map(|(s, t, _)| (*s, *t)).collect()
}

/// Build one page.
pub fn page(slug: &str) -> Option<Page> {
    pages::ALL
        .iter()
        .find(|(s, _, _)| *s == slug)
        .map(|(_, _, f)| f())
}

/// Build every page (in parallel).
pub fn all_pages() -> Vec<Page> {
    pages::ALL.par_iter().map(|(_, _, f)| f()).collect()
}

/// The terminal text of one example (the Markdown twin without images).
pub fn example_text(slug: &str) -> Option<String> {
    page(slug).map(|p| render::markdown(&p, false))
}

/// Write the whole report into `dir`: `index.html`, `index.md`, per page
/// `SLUG.html`, `SLUG.md`, its plots as `.svg`, and `data.json`.
pub fn write(dir: &Path) -> std::io::Result<Vec<Page>> {
    std::fs::create_dir_all(dir)?;
    let pages = all_pages();
    for p in &pages {
        std::fs::write(dir.join(format!("{}.html", p.slug)), render::html(p))?;
        std::fs::write(
            dir.join(format!("{}.md", p.slug)),
            render::markdown(p, true),
        )?;
        for pl in &p.plots {
            std::fs::write(dir.join(format!("{}.svg", pl.name)), &pl.svg)?;
        }
    }
    std::fs::write(dir.join("index.html"), render::index_html(&pages))?;
    std::fs::write(dir.join("index.md"), render::index_md(&pages))?;
    let data = serde_json::json!({
        "generator": "infocert report",
        "digits": DIGITS,
        "pages": pages,
    });
    std::fs::write(
        dir.join("data.json"),
        serde_json::to_string_pretty(&data).expect("serializable") + "\n",
    )?;
    Ok(pages)
}

/// `infocert report --out DIR`.
pub fn cli_report(out: &Path) -> std::process::ExitCode {
    let t = std::time::Instant::now();
    match write(out) {
        Ok(pages) => {
            println!(
                "wrote {} pages to {} in {:.1} s",
                pages.len(),
                out.display(),
                t.elapsed().as_secs_f64()
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing {}: {e}", out.display());
            std::process::ExitCode::from(2)
        }
    }
}

/// `infocert example NAME` / `infocert example --list`.
pub fn cli_example(name: Option<&str>, list_only: bool) -> std::process::ExitCode {
    if list_only {
        for (s, t) in list() {
            println!("{s:<20} {t}");
        }
        return std::process::ExitCode::SUCCESS;
    }
    let name = name.unwrap_or_default();
    match example_text(name) {
        Some(t) => {
            print!("{t}");
            std::process::ExitCode::SUCCESS
        }
        None => {
            eprintln!("error: no example {name:?} (see infocert example --list)");
            std::process::ExitCode::from(2)
        }
    }
}
