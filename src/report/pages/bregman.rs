//! KL as the Bregman divergence of negative entropy (the tangent picture).

use super::super::plot::{lines, Axes, Series};
use super::super::{Builder, Page};
use super::{grid, title};
use crate::{Base, Measure};
use plotters::prelude::SeriesLabelPosition as Pos;

fn neg_entropy(x: f64) -> f64 {
    let t = |v: f64| if v > 0.0 { v * v.ln() } else { 0.0 };
    t(x) + t(1.0 - x)
}

pub(super) fn page() -> Page {
    let mut b = Builder::new(
        "bregman",
        title("bregman"),
        "Draw the tangent to a convex function at q and follow it to p: how far below the function does it end? For the negative entropy, that gap is exactly KL.",
    );
    b.input(
        "convex function",
        "F(x) = x·ln x + (1 − x)·ln(1 − x), the negative entropy of the coin (x, 1 − x)",
    )
    .input("P", "(4/5, 1/5), the point p = 4/5")
    .input("Q", "(3/10, 7/10), the tangent point q = 3/10");
    b.note("The Bregman divergence of a convex F is D_F(p, q) = F(p) − F(q) − F′(q)·(p − q): the height of F above its tangent at q, measured at p. With F the negative entropy, F′(q) = ln(q/(1 − q)) and D_F(p, q) = KL(P‖Q). The gap is never negative because a convex function lies above its tangents — another proof of Gibbs' inequality.");
    b.expr(
        "F(p) = (4/5)·ln(4/5) + (1/5)·ln(1/5)",
        "4/5*ln(4/5) + 1/5*ln(1/5)",
        "nats",
    );
    b.expr(
        "F(q) = (3/10)·ln(3/10) + (7/10)·ln(7/10)",
        "3/10*ln(3/10) + 7/10*ln(7/10)",
        "nats",
    );
    b.expr(
        "slope of the tangent F′(q) = ln(3/7)",
        "ln((3/10)/(7/10))",
        "nats",
    );
    b.expr(
        "tangent at q, evaluated at p: F(q) + F′(q)·(p − q)",
        "3/10*ln(3/10) + 7/10*ln(7/10) + ln(3/7)*(4/5 - 3/10)",
        "nats",
    );
    b.value(
        "the gap F(p) − tangent = KL(P‖Q)",
        Measure::Kl,
        "4/5,1/5",
        Some("3/10,7/10"),
        Base::E,
    );
    b.check_at(
        "KL(P||Q) = -H(P) + H(Q) - ln(3/7)*(4/5 - 3/10)",
        Some("4/5,1/5"),
        Some("3/10,7/10"),
        None,
        None,
    );
    b.about("the Bregman gap of the negative entropy is KL at these numbers");
    b.check_at(
        "KL(P||Q) = -H(P) + H(Q) + ln(3/7)*(4/5 - 3/10)",
        Some("4/5,1/5"),
        Some("3/10,7/10"),
        None,
        None,
    );
    b.about("wrong variant: adding the tangent's slope term instead of subtracting it");
    b.check("bregman");
    b.about("the Bregman form of the generalized KL, for all inputs");
    b.check("bregman.twin");
    b.about("its wrong twin");
    let (p, q): (f64, f64) = (0.8, 0.3);
    let slope = (q / (1.0 - q)).ln();
    let tangent = |x: f64| neg_entropy(q) + slope * (x - q);
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "Negative entropy, its tangent at q, and the gap at p",
        "The convex curve F(x) = x ln x + (1 − x) ln(1 − x) for x from 0 to 1, its tangent line at q = 3/10, and a vertical segment at p = 4/5 from the tangent up to the curve. The length of that segment is KL(P‖Q) for P = (4/5, 1/5), Q = (3/10, 7/10).",
        Axes { x: "x", y: "nats", xr: 0.0..1.0, yr: -1.2..0.1 },
        &[
            Series { label: "F(x) (negative entropy)".into(), color: 0, points: grid(0.0, 1.0, 300).map(|x| (x, neg_entropy(x))).collect(), markers: false },
            Series { label: "tangent at q = 3/10".into(), color: 1, points: vec![(0.0, tangent(0.0)), (1.0, tangent(1.0))], markers: false },
            Series { label: "gap at p = 4/5: KL(P‖Q)".into(), color: 2, points: vec![(p, tangent(p)), (p, neg_entropy(p))], markers: true },
        ],
        Pos::LowerLeft,
    ));
    b.build()
}
