//! HTML and Markdown rendering of pages.

use super::Page;

const CSS: &str = "body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60rem;margin:0 auto;padding:1rem 1.5rem;color:#1a1a1a;background:#fff}\
h1{font-size:1.7rem;margin:.2rem 0 1rem}h2{font-size:1.25rem;margin-top:1.8rem;border-bottom:1px solid #ddd}\
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.92rem}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#f3f3f3}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88rem}\
pre{background:#f6f6f6;padding:.6rem;overflow-x:auto;white-space:pre-wrap}\
.cert{font-size:.75rem;color:#555;overflow-wrap:anywhere}.num{font-family:ui-monospace,Menlo,Consolas,monospace}\
.v-held{color:#0a6b2f;font-weight:600}.v-violated{color:#a4161a;font-weight:600}.v-undecided{color:#8a5a00;font-weight:600}.v-evidence{color:#1f4e79;font-weight:600}\
figure{margin:1rem 0}figure svg{max-width:100%;height:auto;border:1px solid #eee}figcaption{font-size:.9rem;color:#444}\
nav a{margin-right:1rem}.q{font-size:1.1rem;background:#f4f8fb;border-left:4px solid #0072b2;padding:.5rem .8rem}\
@media print{nav{display:none}body{max-width:none;font-size:11pt}figure,table,pre{break-inside:avoid}a{color:inherit}}";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `inf` is shown as `+∞`.
fn shown(d: &str) -> String {
    if d == "inf" {
        "+∞".into()
    } else {
        d.into()
    }
}

fn verdict_class(v: &str) -> &'static str {
    if v.starts_with("violated") {
        "v-violated"
    } else if v.starts_with("proved") || v.starts_with("holds") {
        "v-held"
    } else if v.starts_with("no counterexample") {
        "v-evidence"
    } else {
        "v-undecided"
    }
}

fn head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(title)
    )
}

const PLOT_NOTE: &str = "Plots are drawn from f64 values: measures from the float engine (each with a rigorous error bound far below a pixel), densities and curves such as tangents in plain f64, which is only drawn, never printed. Every number in the text and tables is certified by the exact engine.";

/// One self-contained HTML page.
pub fn html(p: &Page) -> String {
    let mut s = head(&format!("{} — infocert", p.title));
    s += "<nav><a href=\"index.html\">All examples</a></nav>\n";
    s += &format!("<h1>{}</h1>\n", esc(&p.title));
    s += &format!("<p class=\"q\">{}</p>\n", esc(&p.question));
    s += "<h2>Inputs</h2>\n<ul>\n";
    for (n, t) in &p.inputs {
        s += &format!("<li>{}: <code>{}</code></li>\n", esc(n), esc(t));
    }
    s += "</ul>\n";
    if !p.values.is_empty() {
        s += "<h2>Certified answers</h2>\n<table>\n<thead><tr><th>quantity</th><th>closed form</th><th>certified value</th><th>certificate (rational enclosure)</th></tr></thead>\n<tbody>\n";
        for v in &p.values {
            let cf = match (&v.closed_form, &v.closed_form_note) {
                (Some(c), _) => format!("<span class=\"num\">{}</span>", esc(c)),
                (None, Some(n)) => format!("<em>{}</em>", esc(n)),
                (None, None) => "—".into(),
            };
            let cert = match &v.enclosure {
                Some((a, b)) if a == b => format!("exactly {}", esc(a)),
                Some((a, b)) => format!("[{}, {}]", esc(a), esc(b)),
                None => "none (the value is +∞)".into(),
            };
            s += &format!(
                "<tr><td>{}</td><td>{cf}</td><td class=\"num\">{} {}{}</td><td class=\"cert\">{cert}</td></tr>\n",
                esc(&v.label),
                esc(&shown(&v.decimal)),
                esc(&v.unit),
                if v.exact { " (exact)" } else { "" }
            );
        }
        s += "</tbody>\n</table>\n<p class=\"cert\">Every digit shown is correct (the decimal is the certified enclosure rounded; both ends round alike).</p>\n";
    }
    for n in &p.notes {
        s += &format!("<p>{}</p>\n", esc(n));
    }
    if !p.checks.is_empty() {
        s += "<h2>Checks</h2>\n";
        for c in &p.checks {
            s += &format!(
                "<p>{}<strong>{}</strong><br><span class=\"{}\">{}</span>{}<br><span class=\"cert\">{}</span></p>\n",
                c.about
                    .as_ref()
                    .map(|a| format!("<em>{}</em><br>", esc(a)))
                    .unwrap_or_default(),
                esc(&c.statement),
                verdict_class(&c.verdict),
                esc(&c.verdict),
                c.expected
                    .as_ref()
                    .map(|e| format!(" — {}", esc(e)))
                    .unwrap_or_default(),
                esc(&c.cases)
            );
            for t in [&c.counterexample, &c.detail].into_iter().flatten() {
                s += &format!("<pre>{}</pre>\n", esc(t));
            }
        }
    }
    if !p.plots.is_empty() {
        s += "<h2>Plots</h2>\n";
        for pl in &p.plots {
            s += &format!(
                "<figure>\n{}<figcaption>{}</figcaption>\n</figure>\n",
                pl.svg,
                esc(&pl.desc)
            );
        }
        s += &format!("<p class=\"cert\">{PLOT_NOTE}</p>\n");
    }
    s += "<h2>How to reproduce</h2>\n<pre>";
    for v in &p.values {
        s += &format!("{}\n", esc(&v.cli));
    }
    for c in &p.checks {
        s += &format!("{}\n", esc(&c.cli));
    }
    s += &format!("infocert example {}</pre>\n", esc(&p.slug));
    s += "</body>\n</html>\n";
    s
}

/// The Markdown twin (`images`: link the plot files).
pub fn markdown(p: &Page, images: bool) -> String {
    let mut s = format!("# {}\n\n{}\n\n## Inputs\n\n", p.title, p.question);
    for (n, t) in &p.inputs {
        s += &format!("- {n}: `{t}`\n");
    }
    if !p.values.is_empty() {
        s += "\n## Certified answers\n\n| quantity | closed form | certified value | certificate (rational enclosure) |\n|---|---|---|---|\n";
        for v in &p.values {
            let cf = match (&v.closed_form, &v.closed_form_note) {
                (Some(c), _) => format!("`{c}`"),
                (None, Some(n)) => format!("_{n}_"),
                (None, None) => "—".into(),
            };
            let cert = match &v.enclosure {
                Some((a, b)) if a == b => format!("exactly {a}"),
                Some((a, b)) => format!("[{a}, {b}]"),
                None => "none (the value is +∞)".into(),
            };
            s += &format!(
                "| {} | {cf} | {} {}{} | {cert} |\n",
                v.label,
                shown(&v.decimal),
                v.unit,
                if v.exact { " (exact)" } else { "" }
            );
        }
    }
    if !p.notes.is_empty() {
        s += "\n";
        for n in &p.notes {
            s += &format!("{n}\n\n");
        }
    }
    if !p.checks.is_empty() {
        s += "\n## Checks\n\n";
        for c in &p.checks {
            s += &format!(
                "- {}**{}** — {}{} ({})\n",
                c.about
                    .as_ref()
                    .map(|a| format!("*{a}*: "))
                    .unwrap_or_default(),
                c.statement,
                c.verdict,
                c.expected
                    .as_ref()
                    .map(|e| format!(", {e}"))
                    .unwrap_or_default(),
                c.cases
            );
            for cx in [&c.counterexample, &c.detail].into_iter().flatten() {
                s += "\n  ```text\n";
                for l in cx.lines() {
                    s += &format!("  {l}\n");
                }
                s += "  ```\n";
            }
        }
    }
    if images && !p.plots.is_empty() {
        s += "\n## Plots\n\n";
        for pl in &p.plots {
            s += &format!("![{}]({}.svg)\n\n{}\n\n", pl.title, pl.name, pl.desc);
        }
        s += PLOT_NOTE;
        s += "\n";
    }
    s += "\n## How to reproduce\n\n```sh\n";
    for v in &p.values {
        s += &format!("{}\n", v.cli);
    }
    for c in &p.checks {
        s += &format!("{}\n", c.cli);
    }
    s += &format!("infocert example {}\n```\n", p.slug);
    s
}

/// The index page.
pub fn index_html(pages: &[Page]) -> String {
    let mut s = head("infocert — certified worked examples");
    s += "<h1>Certified worked examples</h1>\n<p>Each page states a question, its inputs, the certified answers (closed form and certified digits), the checks with their verdicts, plots and the commands that reproduce every number. Markdown twins and <code>data.json</code> (every value's certificate) sit beside these pages.</p>\n<ul>\n";
    for p in pages {
        s += &format!(
            "<li><a href=\"{}.html\">{}</a> — {} (<a href=\"{}.md\">Markdown</a>)</li>\n",
            p.slug,
            esc(&p.title),
            esc(&p.question),
            p.slug
        );
    }
    s += "</ul>\n</body>\n</html>\n";
    s
}

/// The index in Markdown.
pub fn index_md(pages: &[Page]) -> String {
    let mut s = String::from("# Certified worked examples\n\n");
    for p in pages {
        s += &format!("- [{}]({}.md) — {}\n", p.title, p.slug, p.question);
    }
    s
}
