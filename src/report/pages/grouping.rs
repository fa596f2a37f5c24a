//! Entropy grouping: 16 states, 3 kept, the other 13 lumped together.

use super::super::plot::{histogram, Axes, Bars};
use super::super::{Builder, Page};
use super::common::{f64s, q, text};
use super::title;
use crate::{Base, Measure, Q};
use plotters::prelude::SeriesLabelPosition as Pos;

pub(super) fn page() -> Page {
    let mut b = Builder::new(
        "grouping",
        title("grouping"),
        "A system has 16 states. We care about 3 of them individually and lump the other 13 together. How does the entropy of the fine description split into the entropy of the coarse one plus what is hidden inside the lump?",
    );
    let mut p: Vec<Q> = vec![q(1, 4), q(1, 8), q(1, 8)];
    p.extend((0..13).map(|_| q(1, 26)));
    let mut coarse = vec![q(1, 4), q(1, 8), q(1, 8), q(1, 2)];
    coarse.extend((0..12).map(|_| q(0, 1)));
    let mut inside = vec![q(0, 1); 3];
    inside.extend((0..13).map(|_| q(1, 13)));
    let (ps, cs, is) = (text(&p), text(&coarse), text(&inside));
    b.input(
        "fine P (16 states)",
        "(1/4, 1/8, 1/8, then 1/26 for each of the 13 others)",
    )
    .input(
        "coarse Q (3 kept + the lump)",
        "(1/4, 1/8, 1/8, 1/2), padded with zeros to 16 entries",
    )
    .input(
        "inside the lump R",
        "1/13 for each of the 13 lumped states (P conditioned on the lump), zeros elsewhere",
    );
    b.note("Grouping (Shannon's fourth axiom): H(P) = H(coarse) + P(lump)·H(inside the lump). The fine entropy is the coarse entropy plus the entropy hidden inside each group, weighted by the group's probability — here the lump has probability 1/2 and is uniform over 13 states, so it hides log2 13 bits half of the time.");
    b.value("H(P), fine", Measure::Entropy, &ps, None, Base::Two);
    b.value("H(Q), coarse", Measure::Entropy, &cs, None, Base::Two);
    b.value(
        "H(R), inside the lump",
        Measure::Entropy,
        &is,
        None,
        Base::Two,
    );
    b.check_at(
        "H(P) = H(Q) + 1/2*H(R)",
        Some(&ps),
        Some(&cs),
        Some(&is),
        None,
    );
    b.about("the grouping identity H(P) = H(coarse) + P(lump)·H(inside)");
    b.check_at("H(P) = H(Q) + H(R)", Some(&ps), Some(&cs), Some(&is), None);
    b.about("wrong variant: the lump's entropy not weighted by its probability");
    b.check("chain-rule");
    b.about("the chain rule behind grouping, for all joints");
    b.check("chain-rule.twin");
    b.about("its wrong twin");
    let xs = |v: Vec<f64>| {
        v.into_iter()
            .enumerate()
            .map(|(k, y)| ((k + 1) as f64, y))
            .collect::<Vec<_>>()
    };
    let name = b.next_plot_name();
    b.plot(histogram(
        &name,
        "Fine and coarse distributions",
        "Bar chart over 16 states: the fine distribution P (1/4, 1/8, 1/8 on states 1 to 3 and 1/26 on each of states 4 to 16) and the coarse distribution, which keeps states 1 to 3 and puts the lump's 1/2 on one bar at position 4.",
        Axes { x: "state", y: "probability", xr: 0.4..16.6, yr: 0.0..0.55 },
        &[
            Bars { label: "fine P".into(), color: 0, points: xs(f64s(&p)) },
            Bars { label: "coarse (state 4 = the lump)".into(), color: 1, points: xs(f64s(&coarse[..4])) },
        ],
        &[],
        Pos::UpperRight,
    ));
    b.build()
}
