//! SVG plots (plotters, SVG backend only: text is emitted as `<text>`
//! elements, sized by plotters' built-in estimate, so no font library is
//! read). Every plot gets a `<title>` and a `<desc>` for screen readers.

use plotters::coord::Shift;
use plotters::prelude::*;
use std::ops::Range;

/// One plot: accessible title, description and the SVG text.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Plot {
    /// File stem (`black-swan-1`).
    pub name: String,
    /// Title (also the SVG `<title>`).
    pub title: String,
    /// Description (also the SVG `<desc>`).
    pub desc: String,
    /// The SVG document.
    #[serde(skip)]
    pub svg: String,
}

const W: u32 = 720;
const H: u32 = 420;

/// Palette (colour-blind safe, Okabe–Ito).
pub const COLORS: [RGBColor; 5] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
];

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn finish(name: &str, title: &str, desc: &str, raw: String) -> Plot {
    // insert <title>/<desc> right after the opening tag; make it scale
    let start = raw.find("<svg").unwrap_or(0);
    let raw = &raw[start..];
    let end = raw.find('>').map(|i| i + 1).unwrap_or(0);
    let open = raw[..end].replacen(
        "<svg",
        &format!("<svg role=\"img\" aria-labelledby=\"{name}-t {name}-d\""),
        1,
    );
    let svg = format!(
        "{open}<title id=\"{name}-t\">{}</title><desc id=\"{name}-d\">{}</desc>{}",
        escape(title),
        escape(desc),
        &raw[end..]
    );
    Plot {
        name: name.into(),
        title: title.into(),
        desc: desc.into(),
        svg: svg.trim_end().to_string() + "\n",
    }
}

/// A line series: label, colour index, points.
pub struct Series {
    /// Legend label.
    pub label: String,
    /// Index into [`COLORS`].
    pub color: usize,
    /// The points.
    pub points: Vec<(f64, f64)>,
    /// Draw markers instead of a line.
    pub markers: bool,
}

/// Axes description.
pub struct Axes<'a> {
    /// x label.
    pub x: &'a str,
    /// y label.
    pub y: &'a str,
    /// x range.
    pub xr: Range<f64>,
    /// y range.
    pub yr: Range<f64>,
}

fn draw_lines(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    title: &str,
    ax: &Axes<'_>,
    series: &[Series],
    legend: SeriesLabelPosition,
) -> Result<(), Box<dyn std::error::Error>> {
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(42)
        .y_label_area_size(58)
        .build_cartesian_2d(ax.xr.clone(), ax.yr.clone())?;
    chart
        .configure_mesh()
        .x_desc(ax.x)
        .y_desc(ax.y)
        .light_line_style(RGBColor(235, 235, 235))
        .label_style(("sans-serif", 13))
        .draw()?;
    for s in series {
        let c = COLORS[s.color % COLORS.len()];
        if s.markers {
            chart
                .draw_series(
                    s.points
                        .iter()
                        .map(|&p| Circle::new(p, 4, ShapeStyle::from(&c).filled())),
                )?
                .label(s.label.as_str())
                .legend(move |(x, y)| Circle::new((x + 10, y), 4, c.filled()));
        } else {
            chart
                .draw_series(LineSeries::new(s.points.iter().copied(), c.stroke_width(2)))?
                .label(s.label.as_str())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2))
                });
        }
    }
    chart
        .configure_series_labels()
        .position(legend)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()?;
    root.present()?;
    Ok(())
}

/// A line chart.
pub fn lines(
    name: &str,
    title: &str,
    desc: &str,
    ax: Axes<'_>,
    series: &[Series],
    legend: SeriesLabelPosition,
) -> Plot {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (W, H)).into_drawing_area();
        draw_lines(&root, title, &ax, series, legend).expect("svg drawing into a string");
    }
    finish(name, title, desc, buf)
}

/// Diverging colour for `t` in `[-1, 1]` (blue – white – red).
fn diverging(t: f64) -> RGBColor {
    let t = t.clamp(-1.0, 1.0);
    let mix = |a: u8, b: u8, s: f64| (a as f64 + (b as f64 - a as f64) * s).round() as u8;
    if t >= 0.0 {
        RGBColor(mix(255, 178, t), mix(255, 24, t), mix(255, 43, t))
    } else {
        RGBColor(mix(255, 33, -t), mix(255, 102, -t), mix(255, 172, -t))
    }
}

/// A heat map of `cells` (`(x0, y0, size, value)`) with a colour bar
/// spanning `[-scale, scale]`.
pub fn heat(
    name: &str,
    title: &str,
    desc: &str,
    ax: Axes<'_>,
    cells: &[(f64, f64, f64, f64)],
    scale: f64,
) -> Plot {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (W, H)).into_drawing_area();
        let draw = || -> Result<(), Box<dyn std::error::Error>> {
            root.fill(&WHITE)?;
            let (main, bar) = root.split_horizontally(W - 110);
            let mut chart = ChartBuilder::on(&main)
                .caption(title, ("sans-serif", 18))
                .margin(12)
                .x_label_area_size(42)
                .y_label_area_size(58)
                .build_cartesian_2d(ax.xr.clone(), ax.yr.clone())?;
            chart
                .configure_mesh()
                .disable_mesh()
                .x_desc(ax.x)
                .y_desc(ax.y)
                .label_style(("sans-serif", 13))
                .draw()?;
            chart.draw_series(cells.iter().map(|&(x, y, s, v)| {
                Rectangle::new([(x, y), (x + s, y + s)], diverging(v / scale).filled())
            }))?;
            let mut cb = ChartBuilder::on(&bar)
                .margin_top(50)
                .margin_bottom(54)
                .margin_right(50)
                .y_label_area_size(0)
                .build_cartesian_2d(0.0..1.0, -scale..scale)?;
            let n = 60;
            cb.draw_series((0..n).map(|i| {
                let a = -scale + 2.0 * scale * i as f64 / n as f64;
                let b = a + 2.0 * scale / n as f64;
                Rectangle::new(
                    [(0.0, a), (1.0, b)],
                    diverging((a + b) / 2.0 / scale).filled(),
                )
            }))?;
            let style = ("sans-serif", 12).into_font().color(&BLACK);
            for (v, txt) in [
                (scale, format!("+{scale}")),
                (0.0, "0".into()),
                (-scale, format!("−{scale}")),
            ] {
                let (px, py) = cb.backend_coord(&(1.0, v));
                root.draw_text(&txt, &style, (px + 4, py - 6))?;
            }
            root.present()?;
            Ok(())
        };
        draw().expect("svg drawing into a string");
    }
    finish(name, title, desc, buf)
}

/// Grouped bar chart: one group per outcome, one bar per distribution.
pub fn bars(name: &str, title: &str, desc: &str, dists: &[(String, Vec<f64>)]) -> Plot {
    let mut buf = String::new();
    let n = dists.iter().map(|d| d.1.len()).max().unwrap_or(1);
    let k = dists.len().max(1);
    {
        let root = SVGBackend::with_string(&mut buf, (W, 360)).into_drawing_area();
        let draw = || -> Result<(), Box<dyn std::error::Error>> {
            root.fill(&WHITE)?;
            let mut chart = ChartBuilder::on(&root)
                .caption(title, ("sans-serif", 18))
                .margin(12)
                .x_label_area_size(42)
                .y_label_area_size(58)
                .build_cartesian_2d(-0.5..(n as f64 - 0.5), 0.0..1.05)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(n)
                .x_label_formatter(&|x| format!("outcome {}", x.round() as i64 + 1))
                .y_desc("probability")
                .label_style(("sans-serif", 13))
                .draw()?;
            let w = 0.8 / k as f64;
            for (j, (label, xs)) in dists.iter().enumerate() {
                let c = COLORS[j % COLORS.len()];
                chart
                    .draw_series(xs.iter().enumerate().map(|(i, &v)| {
                        let x0 = i as f64 - 0.4 + j as f64 * w;
                        Rectangle::new([(x0, 0.0), (x0 + w * 0.9, v)], c.filled())
                    }))?
                    .label(label.as_str())
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 5), (x + 12, y + 5)], c.filled())
                    });
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperRight)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .label_font(("sans-serif", 13))
                .draw()?;
            root.present()?;
            Ok(())
        };
        draw().expect("svg drawing into a string");
    }
    finish(name, title, desc, buf)
}

/// A set of bars for [`histogram`]: label, colour index, `(x, height)`.
pub struct Bars {
    /// Legend label.
    pub label: String,
    /// Index into [`COLORS`].
    pub color: usize,
    /// Bar centres and heights.
    pub points: Vec<(f64, f64)>,
}

/// Bars at whole-number x positions (the sets side by side, the group 0.8
/// wide) with line or marker series drawn over them.
pub fn histogram(
    name: &str,
    title: &str,
    desc: &str,
    ax: Axes<'_>,
    bars: &[Bars],
    series: &[Series],
    legend: SeriesLabelPosition,
) -> Plot {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (W, H)).into_drawing_area();
        let draw = || -> Result<(), Box<dyn std::error::Error>> {
            root.fill(&WHITE)?;
            let mut chart = ChartBuilder::on(&root)
                .caption(title, ("sans-serif", 18))
                .margin(12)
                .x_label_area_size(42)
                .y_label_area_size(58)
                .build_cartesian_2d(ax.xr.clone(), ax.yr.clone())?;
            // bars stand on whole numbers: label those only
            let span = (ax.xr.end - ax.xr.start).round() as usize;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(span + 1)
                .x_label_formatter(&|x| {
                    if (x - x.round()).abs() < 1e-9 {
                        format!("{}", x.round() as i64)
                    } else {
                        String::new()
                    }
                })
                .x_desc(ax.x)
                .y_desc(ax.y)
                .light_line_style(RGBColor(235, 235, 235))
                .label_style(("sans-serif", 13))
                .draw()?;
            let width = 0.8;
            let k = bars.len().max(1) as f64;
            let w = width / k;
            for (j, b) in bars.iter().enumerate() {
                let c = COLORS[b.color % COLORS.len()];
                let fill = c.mix(0.75).filled();
                chart
                    .draw_series(b.points.iter().map(|&(x, v)| {
                        let x0 = x - width / 2.0 + j as f64 * w;
                        Rectangle::new([(x0, 0.0), (x0 + w * 0.92, v)], fill)
                    }))?
                    .label(b.label.as_str())
                    .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], fill));
            }
            for s in series {
                let c = COLORS[s.color % COLORS.len()];
                chart
                    .draw_series(LineSeries::new(s.points.iter().copied(), c.stroke_width(2)))?
                    .label(s.label.as_str())
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2))
                    });
                if s.markers {
                    chart.draw_series(
                        s.points
                            .iter()
                            .map(|&p| Circle::new(p, 4, ShapeStyle::from(&c).filled())),
                    )?;
                }
            }
            chart
                .configure_series_labels()
                .position(legend)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .label_font(("sans-serif", 13))
                .draw()?;
            root.present()?;
            Ok(())
        };
        draw().expect("svg drawing into a string");
    }
    finish(name, title, desc, buf)
}
