//! `infocert conform`: grade another library's results against the vectors.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::case::{Case, CaseSemantics};
use super::fmt::{parse_f64_text, shortest_f64};
use super::ulps::{compare, Mismatch};
use crate::exact::Base;
use crate::measures::Measure;

/// Read a results file's text: JSONL lines `{"id": …, "value": …}` or CSV
/// lines `id,value` (an optional header line `id,value`). A value is a JSON
/// number, or a string holding a decimal, a hex float, `inf`, `-inf` or `nan`.
///
/// # Errors
/// The first unreadable line (with its number), or a duplicated id.
pub fn parse_results(text: &str) -> Result<HashMap<String, f64>, String> {
    let mut out = HashMap::new();
    let jsonl = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_start().starts_with('{'));
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let at = |m: String| format!("results line {}: {m}", i + 1);
        let (id, value) = if jsonl {
            let v: serde_json::Value =
                serde_json::from_str(l).map_err(|e| at(format!("invalid JSON: {e}")))?;
            let id = v["id"]
                .as_str()
                .ok_or_else(|| at("missing string field \"id\"".into()))?
                .to_string();
            let text = match &v["value"] {
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => return Err(at("missing field \"value\"".into())),
                other => return Err(at(format!("value {other} is not a number or a string"))),
            };
            let x = parse_f64_text(&text)
                .ok_or_else(|| at(format!("value {text:?} is not a number")))?;
            (id, x)
        } else {
            let (id, val) = l
                .rsplit_once(',')
                .ok_or_else(|| at("expected id,value".into()))?;
            let unq = |s: &str| s.trim().trim_matches('"').to_string();
            let (id, val) = (unq(id), unq(val));
            match parse_f64_text(&val) {
                Some(x) => (id, x),
                None if out.is_empty() && id == "id" => continue,
                None => return Err(at(format!("value {val:?} is not a number"))),
            }
        };
        if out.insert(id.clone(), value).is_some() {
            return Err(at(format!("duplicate id {id:?}")));
        }
    }
    Ok(out)
}

/// Which cases take part in a grading run.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only these measures (all when empty).
    pub measures: Vec<Measure>,
    /// Only cases valid for these semantics (`both` cases always apply).
    pub semantics: Option<CaseSemantics>,
    /// Only these bases (all when empty; base-free measures always pass).
    pub bases: Vec<Base>,
    /// Only cases with at least one of these tags (all when empty).
    pub tags: Vec<String>,
    /// Leave out cases with any of these tags.
    pub skip_tags: Vec<String>,
}

impl Filter {
    /// Whether `c` takes part.
    pub fn accepts(&self, c: &Case) -> bool {
        (self.measures.is_empty() || self.measures.contains(&c.measure))
            && self.semantics.is_none_or(|s| c.semantics.applies_to(s))
            && (self.bases.is_empty() || c.base_name().is_none() || self.bases.contains(&c.base))
            && (self.tags.is_empty() || self.tags.iter().any(|t| c.has_tag(t)))
            && !self.skip_tags.iter().any(|t| c.has_tag(t))
    }
}

/// Settings of a grading run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Largest accepted ulp distance.
    pub max_ulps: u64,
    /// Case ids declared as expected failures.
    pub xfail: HashSet<String>,
    /// Which cases are graded.
    pub filter: Filter,
}

/// The verdict on one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "verdict", content = "why")]
pub enum Verdict {
    /// Within budget.
    Pass,
    /// Out of budget (a violation).
    Fail(Mismatch),
    /// No result for the case (a violation).
    Missing,
    /// Declared expected failure that fails (not a violation).
    Xfail,
    /// Declared expected failure that passes (a violation: update the list).
    Xpass,
}

impl Verdict {
    /// Whether the verdict makes the run fail.
    pub fn is_violation(self) -> bool {
        matches!(self, Verdict::Fail(_) | Verdict::Missing | Verdict::Xpass)
    }

    /// Short label.
    pub fn label(self) -> String {
        match self {
            Verdict::Pass => "ok".into(),
            Verdict::Fail(m) => format!("FAIL({})", m.label()),
            Verdict::Missing => "MISSING".into(),
            Verdict::Xfail => "xfail".into(),
            Verdict::Xpass => "XPASS".into(),
        }
    }
}

/// One graded case.
#[derive(Debug, Clone, Serialize)]
pub struct CaseReport {
    /// Case id.
    pub id: String,
    /// Measure name.
    pub measure: String,
    /// Semantics of the expected value.
    pub semantics: String,
    /// Expected double (shortest decimal; `nan` for invalid inputs).
    pub expected: String,
    /// Certified decimal of the expected value.
    pub expected_decimal: String,
    /// The actual double, if given.
    pub actual: Option<String>,
    /// Ulp distance, when defined.
    pub ulps: Option<u64>,
    /// Whether the actual value is negative where the expected one is not.
    pub negative: bool,
    /// The verdict.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// The case's tags.
    pub tags: Vec<String>,
}

/// Per-measure totals.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MeasureSummary {
    /// Measure name.
    pub measure: String,
    /// Graded cases.
    pub cases: usize,
    /// Within budget.
    pub passed: usize,
    /// Bit-exact (0 ulps, or both NaN / same infinity).
    pub exact: usize,
    /// Over the ulp budget (finite, same sign).
    pub over_budget: usize,
    /// NaN where a number was expected.
    pub nan: usize,
    /// Sign mismatches.
    pub sign: usize,
    /// Negative where the expected value is not.
    pub negative: usize,
    /// Infinity mismatches.
    pub infinity: usize,
    /// Numbers returned for invalid inputs.
    pub not_nan: usize,
    /// Missing results.
    pub missing: usize,
    /// Expected failures that failed.
    pub xfail: usize,
    /// Expected failures that passed.
    pub xpass: usize,
    /// Largest ulp distance among finite comparisons.
    pub worst_ulps: Option<u64>,
    /// The case with the largest ulp distance.
    pub worst_id: Option<String>,
}

/// The result of grading a results file.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The budget used.
    pub max_ulps: u64,
    /// Number of violations (failures, missing cases, XPASS).
    pub violations: usize,
    /// Per-measure totals.
    pub summary: Vec<MeasureSummary>,
    /// Per-case verdicts, in vector order.
    pub cases: Vec<CaseReport>,
    /// Result ids that match no graded case.
    pub unknown_ids: Vec<String>,
}

/// Grade `results` against `cases` (those accepted by the filter).
pub fn conform(cases: &[Case], results: &HashMap<String, f64>, opts: &Options) -> Report {
    let mut reports = Vec::new();
    let mut known = HashSet::new();
    for c in cases.iter().filter(|c| opts.filter.accepts(c)) {
        known.insert(c.id.as_str());
        let xf = opts.xfail.contains(&c.id);
        let actual = results.get(&c.id).copied();
        let exp = c.expected.value;
        let (ulps, mut verdict) = match actual {
            None => (None, Verdict::Missing),
            Some(a) => {
                let cmp = compare(exp, a, opts.max_ulps);
                (
                    cmp.ulps,
                    match cmp.mismatch {
                        None => Verdict::Pass,
                        Some(m) => Verdict::Fail(m),
                    },
                )
            }
        };
        if xf {
            verdict = match verdict {
                Verdict::Pass => Verdict::Xpass,
                Verdict::Fail(_) => Verdict::Xfail,
                v => v,
            };
        }
        reports.push(CaseReport {
            id: c.id.clone(),
            measure: c.measure.name().to_string(),
            semantics: c.semantics.name().to_string(),
            expected: shortest_f64(exp),
            expected_decimal: c.expected.decimal.clone(),
            actual: actual.map(shortest_f64),
            ulps,
            negative: actual.is_some_and(|a| a < 0.0 && (exp >= 0.0 || exp.is_nan())),
            verdict,
            tags: c.tags.clone(),
        });
    }
    let mut unknown: Vec<String> = results
        .keys()
        .filter(|k| !known.contains(k.as_str()))
        .cloned()
        .collect();
    unknown.sort();
    let mut by: BTreeMap<String, MeasureSummary> = BTreeMap::new();
    for r in &reports {
        let s = by
            .entry(r.measure.clone())
            .or_insert_with(|| MeasureSummary {
                measure: r.measure.clone(),
                ..Default::default()
            });
        s.cases += 1;
        if r.negative {
            s.negative += 1;
        }
        if r.ulps == Some(0) {
            s.exact += 1;
        }
        if let Some(u) = r.ulps {
            if s.worst_ulps.is_none_or(|w| u > w) {
                s.worst_ulps = Some(u);
                s.worst_id = Some(r.id.clone());
            }
        }
        match r.verdict {
            Verdict::Pass => s.passed += 1,
            Verdict::Missing => s.missing += 1,
            Verdict::Xfail => s.xfail += 1,
            Verdict::Xpass => s.xpass += 1,
            Verdict::Fail(m) => match m {
                Mismatch::Nan => s.nan += 1,
                Mismatch::ExpectedNan => s.not_nan += 1,
                Mismatch::Sign => s.sign += 1,
                Mismatch::Infinity => s.infinity += 1,
                Mismatch::Ulps => s.over_budget += 1,
            },
        }
    }
    let violations = reports.iter().filter(|r| r.verdict.is_violation()).count();
    Report {
        max_ulps: opts.max_ulps,
        violations,
        summary: by.into_values().collect(),
        cases: reports,
        unknown_ids: unknown,
    }
}

impl Report {
    /// Whether every graded case is within budget (no violation).
    pub fn passed(&self) -> bool {
        self.violations == 0
    }

    /// A plain-text report: the per-case table (every case, or only the
    /// non-passing ones) and the per-measure summary.
    pub fn to_text(&self, all_cases: bool) -> String {
        let mut s = String::new();
        let rows: Vec<&CaseReport> = self
            .cases
            .iter()
            .filter(|r| all_cases || r.verdict != Verdict::Pass)
            .collect();
        if !rows.is_empty() {
            s.push_str(&format!(
                "{:<10} {:>20} {:<26} {:<26} id\n",
                "verdict", "ulps", "expected", "actual"
            ));
            for r in rows {
                s.push_str(&format!(
                    "{:<10} {:>20} {:<26} {:<26} {}\n",
                    r.verdict.label(),
                    r.ulps.map_or("-".to_string(), |u| u.to_string()),
                    r.expected,
                    r.actual.as_deref().unwrap_or("-"),
                    r.id
                ));
            }
            s.push('\n');
        }
        s.push_str(&format!(
            "{:<14} {:>5} {:>5} {:>5} {:>6} {:>4} {:>4} {:>4} {:>4} {:>4} {:>5} {:>5} {:>20}\n",
            "measure",
            "cases",
            "pass",
            "exact",
            ">ulps",
            "nan",
            "sign",
            "neg",
            "inf",
            "!nan",
            "miss",
            "xfail",
            "worst ulps"
        ));
        for m in &self.summary {
            s.push_str(&format!(
                "{:<14} {:>5} {:>5} {:>5} {:>6} {:>4} {:>4} {:>4} {:>4} {:>4} {:>5} {:>5} {:>20}\n",
                m.measure,
                m.cases,
                m.passed,
                m.exact,
                m.over_budget,
                m.nan,
                m.sign,
                m.negative,
                m.infinity,
                m.not_nan,
                m.missing,
                m.xfail,
                m.worst_ulps.map_or("-".into(), |u| u.to_string())
            ));
        }
        let xpass: usize = self.summary.iter().map(|m| m.xpass).sum();
        if xpass > 0 {
            s.push_str(&format!(
                "{xpass} expected failure(s) now pass (XPASS): remove them from the xfail list\n"
            ));
        }
        if !self.unknown_ids.is_empty() {
            s.push_str(&format!(
                "{} result id(s) match no graded case (first: {})\n",
                self.unknown_ids.len(),
                self.unknown_ids[0]
            ));
        }
        let n = self.cases.len();
        s.push_str(&if self.passed() {
            format!("PASS: {n} cases within {} ulps\n", self.max_ulps)
        } else {
            format!(
                "FAIL: {} of {n} cases violate the budget of {} ulps (missing cases and XPASS count)\n",
                self.violations, self.max_ulps
            )
        });
        s
    }
}

/// Read a vectors file and a results file and grade them.
///
/// # Errors
/// A one-line message when either file cannot be read or parsed.
pub fn conform_files(
    vectors: &std::path::Path,
    results: &std::path::Path,
    opts: &Options,
) -> Result<Report, String> {
    let read = |p: &std::path::Path| {
        std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
    };
    let cases = super::case::parse_vectors(&read(vectors)?)
        .map_err(|e| format!("{}: {e}", vectors.display()))?;
    let res = parse_results(&read(results)?).map_err(|e| format!("{}: {e}", results.display()))?;
    Ok(conform(&cases, &res, opts))
}
