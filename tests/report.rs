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
