//! Worked-example pages for educators: `infocert report` writes `reports/`
//! (an index, one self-contained HTML page per example with inline SVG
//! plots, a Markdown twin of each, the plots as `.svg` files and
//! `data.json` with every value's certificate); `infocert example NAME`
//! prints one example in the terminal.
//!
//! Every number printed on a page is a certified value from
//! [`crate::certify_in`] (closed form and certified digits); every statement
//! is decided by the checker and printed with its verdict. Plot points are
//! float-engine values with a rigorous error bound, and the pages say so.

mod pages;
pub mod plot;
mod render;

use crate::check::{Config, Report, Verdict};
use crate::{certify_in, Base, Inputs, Measure, Semantics, Target};
use plot::Plot;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;

/// Significant digits printed for every value.
pub const DIGITS: u32 = 15;

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
        let counterexample = r.counterexample.as_ref().map(|c| {
            let side = |s: &crate::check::SideValue| match &s.closed_form {
                Some(cf) if s.rational || cf == &s.decimal => format!("{} = {}", s.expr, cf),
                Some(cf) => format!("{} = {} ≈ {}", s.expr, cf, s.decimal),
                None => format!("{} ≈ {}", s.expr, s.decimal),
            };
            format!("{}\n{}\n{}", c.instance, side(&c.lhs), side(&c.rhs))
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
            cases: format!(
                "{} decided exactly, {} by certified enclosures, {} undecided",
                r.counts.exact, r.counts.certified, r.counts.undecided
            ),
            counterexample,
            cli: format!("infocert check {cli_target} --cases 100 --denom 5 --level-budget 600"),
        });
        r
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
