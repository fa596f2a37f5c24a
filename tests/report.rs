//! The committed `reports/` is what `infocert report` writes, and every
//! certified number in `data.json` appears on its page.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn generated() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("infocert-report-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        infocert::report::write(&dir).expect("report written");
        dir
    })
}

fn committed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("reports")
}

fn names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("readable dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn committed_reports_are_up_to_date() {
    let (gen, com) = (generated(), committed());
    let fresh = names(gen);
    let mut stale: Vec<String> = vec![];
    for n in &fresh {
        let a = std::fs::read_to_string(gen.join(n)).expect("generated file");
        match std::fs::read_to_string(com.join(n)) {
            Ok(b) if a == b => {}
            Ok(_) => stale.push(format!("{n} differs")),
            Err(_) => stale.push(format!("{n} missing")),
        }
    }
    // files written by other tools (peers.md) are not ours; generated kinds must all be fresh
    for n in names(&com) {
        let ours = [".html", ".svg", ".json"].iter().any(|e| n.ends_with(e))
            || (n.ends_with(".md") && fresh.contains(&n.replace(".md", ".html")));
        if ours && !fresh.contains(&n) {
            stale.push(format!("{n} is no longer generated"));
        }
    }
    assert!(
        stale.is_empty(),
        "reports/ is stale (run `cargo run --release -- report`): {stale:?}"
    );
}

#[test]
fn every_number_in_data_json_is_on_its_page() {
    let dir = generated();
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("data.json")).unwrap()).unwrap();
    let pages = data["pages"].as_array().expect("pages");
    assert!(pages.len() >= 10);
    let html_index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    for p in pages {
        let slug = p["slug"].as_str().unwrap();
        assert!(
            html_index.contains(&format!("href=\"{slug}.html\"")),
            "{slug} not linked"
        );
        let html = std::fs::read_to_string(dir.join(format!("{slug}.html"))).unwrap();
        let md = std::fs::read_to_string(dir.join(format!("{slug}.md"))).unwrap();
        for v in p["values"].as_array().unwrap() {
            let mut want = vec![];
            let d = v["decimal"].as_str().unwrap();
            assert!(!d.contains('?'), "{slug}: uncertified digits {d}");
            want.push(if d == "inf" {
                "+∞".to_string()
            } else {
                d.to_string()
            });
            if let Some(cf) = v["closed_form"].as_str() {
                want.push(cf.to_string());
            }
            if let Some(e) = v["enclosure"].as_array() {
                want.extend(e.iter().map(|x| x.as_str().unwrap().to_string()));
            }
            for w in want {
                assert!(md.contains(&w), "{slug}.md lacks {w}");
                let w = w
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                assert!(html.contains(&w), "{slug}.html lacks {w}");
            }
        }
        for c in p["checks"].as_array().unwrap() {
            let verdict = c["verdict"].as_str().unwrap();
            assert!(
                html.contains(verdict) && md.contains(verdict),
                "{slug}: verdict missing"
            );
        }
    }
}

#[test]
fn pages_are_self_contained_and_accessible() {
    let dir = generated();
    for n in names(dir).into_iter().filter(|n| n.ends_with(".html")) {
        let html = std::fs::read_to_string(dir.join(&n)).unwrap();
        for bad in [
            "<script", "<link", "<img", "http://", "https://", "@import", "url(",
        ] {
            // the SVG namespace URI is an identifier, not a request
            let hits = html.matches(bad).count()
                - if bad == "http://" {
                    html.matches("http://www.w3.org/").count()
                } else {
                    0
                };
            assert_eq!(hits, 0, "{n} contains {bad}");
        }
        assert_eq!(
            html.matches("<svg").count(),
            html.matches("<title id=").count(),
            "{n}: svg without title"
        );
        assert_eq!(
            html.matches("<svg").count(),
            html.matches("<desc id=").count(),
            "{n}: svg without desc"
        );
    }
}

#[test]
fn example_prints_one_page() {
    let t = infocert::report::example_text("black-swan").expect("black-swan exists");
    assert!(t.contains("6.64385618977472 bits"));
    assert!(t.contains("2 + 2·log2 5"));
    assert!(infocert::report::example_text("no-such-page").is_none());
    assert!(infocert::report::list().len() >= 10);
}

const NEW_PAGES: [&str; 11] = [
    "evidence",
    "binomial-fit",
    "gaussian-kl",
    "forward-reverse",
    "data-processing",
    "bregman",
    "elbo",
    "free-energy",
    "grouping",
    "trust-region",
    "ice",
];

fn value<'a>(p: &'a infocert::report::Page, label_start: &str) -> &'a infocert::report::Value {
    p.values
        .iter()
        .find(|v| v.label.starts_with(label_start))
        .unwrap_or_else(|| panic!("{}: no value {label_start}", p.slug))
}

fn check<'a>(p: &'a infocert::report::Page, statement_has: &str) -> &'a infocert::report::Check {
    p.checks
        .iter()
        .find(|c| c.statement.contains(statement_has))
        .unwrap_or_else(|| panic!("{}: no check with {statement_has}", p.slug))
}

/// Each new page carries a true statement and a refuted wrong variant.
#[test]
fn every_new_page_has_a_true_check_and_a_refuted_variant() {
    for slug in NEW_PAGES {
        let p = infocert::report::page(slug).expect("page exists");
        assert!(!p.plots.is_empty(), "{slug}: no plot");
        assert!(
            p.checks.iter().any(|c| c.violated),
            "{slug}: no refuted variant"
        );
        assert!(
            p.checks.iter().any(|c| !c.violated
                && (c.verdict.starts_with("proved")
                    || c.verdict.starts_with("holds")
                    || c.verdict.starts_with("no counterexample"))),
            "{slug}: no statement that holds"
        );
        assert!(
            !p.checks.iter().any(|c| c.verdict.starts_with("undecided")),
            "{slug}"
        );
    }
}

/// Reference values worked by hand (closed forms in the comments), against
/// what the pages print.
#[test]
fn new_pages_match_hand_worked_values() {
    let g = infocert::report::page("gaussian-kl").unwrap();
    // ½(1/4 + 2 − ln 2 − 1) = 5/8 − ½ ln 2 = 0.27842640972002...
    let v = value(&g, "KL(N(1/2, 2)");
    assert_eq!(v.closed_form.as_deref(), Some("5/8 − (1/2)·ln 2"));
    assert_eq!(v.decimal, "0.278426409720");
    // tr = 5/4, quadratic form 1/2, det ratio 8/3: −1/8 + ½ ln(8/3)
    let v = value(&g, "bivariate");
    assert_eq!(
        v.closed_form.as_deref(),
        Some("−1/8 + (3/2)·ln 2 − (1/2)·ln 3")
    );
    // the Simpson interval contains the closed form; the sign-flipped formula is outside
    assert!(check(&g, "- ln(2) - 1) ≤").verdict.starts_with("proved"));
    assert!(check(&g, "+ ln(2) - 1) ≤").violated);

    let dpi = infocert::report::page("data-processing").unwrap();
    // ½ln(3) + ¼ln(3/4) + ¼ln(1/2) = ¾ln(3/2)
    assert_eq!(
        value(&dpi, "KL(P‖Q)").closed_form.as_deref(),
        Some("(3/4)·ln(3/2)")
    );

    let e = infocert::report::page("elbo").unwrap();
    // p(x) = 1/2·1/5 + 1/4·3/5 + 1/4·2/5 = 7/20; at the posterior the ELBO is ln p(x)
    let lnpx = value(&e, "ln p(x)");
    assert_eq!(lnpx.decimal, "-1.04982212450");
    assert_eq!(
        value(&e, "q = posterior (2/7, 3/7, 2/7): ELBO").closed_form,
        lnpx.closed_form
    );
    assert_eq!(value(&e, "q = posterior (2/7, 3/7, 2/7): KL").decimal, "0");
    // the source's J(q) = KL(q‖p) − E_q[−ln p(x|z)] is refuted, the corrected form holds
    assert!(check(&e, "KL(Q||P) + (").violated);
    assert!(check(&e, "KL(Q||P) - (").verdict.starts_with("holds"));

    let f = infocert::report::page("free-energy").unwrap();
    // F(P) = −kT ln Z = −25 ln 2 meV
    assert_eq!(value(&f, "F(P)").closed_form.as_deref(), Some("−25·ln 2"));
    assert_eq!(
        value(&f, "F(Q) − F(P)").closed_form,
        value(&f, "kT·KL").closed_form
    );

    let gr = infocert::report::page("grouping").unwrap();
    // H = 1/4·2 + 2·1/8·3 + 1/2·1 + 1/2·log2 13 bits
    assert_eq!(
        value(&gr, "H(P)").closed_form.as_deref(),
        Some("7/4 + (1/2)·log2 13")
    );

    let fr = infocert::report::page("forward-reverse").unwrap();
    // the forward fit is the mean of the mixture, (2 + 8)/2 / 10 = 1/2; the reverse one sits on a hump
    assert!(fr
        .inputs
        .iter()
        .any(|(_, t)| t.starts_with("Bin(10, 11/50)")));

    let ice = infocert::report::page("ice").unwrap();
    // 334/(273.15 · 1.380649e-23 · ln 2) = 1.2777224284685e23 bits (f64 by hand)
    assert!(value(&ice, "ΔS/(k_B·ln 2)")
        .decimal
        .starts_with("1.27772242847e23"));
    assert!(value(&ice, "the source's").decimal.starts_with("6.26"));
    assert!(check(&ice, "10^11/2").violated);
}

/// The command printed for a value of an expression really prints its
/// closed form and digits.
#[test]
fn expression_values_reproduce_on_the_command_line() {
    let mut n = 0;
    for p in infocert::report::all_pages() {
        for v in p.values.iter().filter(|v| v.measure == "expression") {
            assert_eq!(
                v.cli,
                format!("infocert eval --expr \"{}\" --digits 12", v.inputs)
            );
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_infocert"))
                .args(["eval", "--expr", &v.inputs, "--digits", "12"])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}: {}",
                v.label,
                String::from_utf8_lossy(&out.stderr)
            );
            let out = String::from_utf8(out.stdout).unwrap();
            assert!(
                out.contains(&v.decimal),
                "{}: {} not in {out}",
                v.label,
                v.decimal
            );
            if let Some(cf) = &v.closed_form {
                assert!(out.contains(cf.as_str()), "{}: {cf} not in {out}", v.label);
            }
            n += 1;
        }
    }
    assert!(n >= 20, "{n} expression values");
}

#[test]
fn readme_shows_a_committed_plot() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("![") && l.contains("](reports/"))
        .expect("README shows an image from reports/");
    let link = line
        .split("](reports/")
        .nth(1)
        .and_then(|r| r.strip_suffix(')'))
        .expect("one image link on the line");
    let svg =
        std::fs::read_to_string(committed().join(link)).expect("the linked plot is committed");
    assert!(
        svg.contains("<title") && svg.contains("<desc"),
        "{link}: title/desc"
    );
}

#[test]
fn every_committed_svg_has_title_and_desc() {
    for n in names(&committed())
        .into_iter()
        .filter(|n| n.ends_with(".svg"))
    {
        let svg = std::fs::read_to_string(committed().join(&n)).unwrap();
        assert!(
            svg.contains("<title id=") && svg.contains("<desc id="),
            "{n}"
        );
    }
}
