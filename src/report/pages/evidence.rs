//! Hypothesis testing: the expected evidence per observation is KL.

use super::super::plot::{bars, lines, Axes, Series};
use super::super::{Builder, Page};
use super::{f2, title};
use crate::{Base, Measure};
use plotters::prelude::SeriesLabelPosition as Pos;
use std::f64::consts::LN_2;

pub(super) fn page() -> Page {
    let mut b = Builder::new(
        "evidence",
        title("evidence"),
        "A die is either fair (H0: Q) or loaded (H1: P). Each roll is evidence for one hypothesis over the other. How much evidence does one roll give, per outcome and on average?",
    );
    let (p, q) = ("1/4,1/4,1/8,1/8,1/8,1/8", "1/6,1/6,1/6,1/6,1/6,1/6");
    b.input("H1, loaded die P", "(1/4, 1/4, 1/8, 1/8, 1/8, 1/8)")
        .input("H0, fair die Q", "(1/6, 1/6, 1/6, 1/6, 1/6, 1/6)");
    b.note("The evidence an outcome i gives for H1 over H0 is the log-likelihood ratio ln(p_i/q_i): positive for faces 1 and 2, which the loaded die favours, negative for the others. Averaged over rolls of the loaded die it is KL(P‖Q); if the die is fair, the average evidence for H0 is KL(Q‖P) — a different number, because KL is not symmetric.");
    b.expr(
        "log-likelihood ratio of faces 1, 2: ln((1/4)/(1/6)) = ln(3/2)",
        "ln((1/4)/(1/6))",
        "nats",
    );
    b.expr(
        "log-likelihood ratio of faces 3–6: ln((1/8)/(1/6)) = ln(3/4)",
        "ln((1/8)/(1/6))",
        "nats",
    );
    b.value(
        "expected evidence per roll if H1 is true, KL(P‖Q)",
        Measure::Kl,
        p,
        Some(q),
        Base::E,
    );
    b.value("the same, in bits", Measure::Kl, p, Some(q), Base::Two);
    b.value(
        "expected evidence per roll for H0 if H0 is true, KL(Q‖P)",
        Measure::Kl,
        q,
        Some(p),
        Base::E,
    );
    b.value("the same, in bits", Measure::Kl, q, Some(p), Base::Two);
    b.note("To collect 10 bits of evidence (likelihood ratio 1024) takes on average 10/KL(P‖Q) rolls of the loaded die. Stein's lemma makes this precise: with the type-I error held fixed, the type-II error of the best test falls like e^(−n·KL(P‖Q)).");
    b.check_at(
        "KL(P||Q) = 1/2*ln((1/4)/(1/6)) + 1/2*ln((1/8)/(1/6))",
        Some(p),
        Some(q),
        None,
        None,
    );
    b.about("the expected log-likelihood ratio under P is KL(P‖Q)");
    b.check_at(
        "KL(Q||P) = 1/2*ln((1/4)/(1/6)) + 1/2*ln((1/8)/(1/6))",
        Some(p),
        Some(q),
        None,
        None,
    );
    b.about("wrong variant: the expectation taken under the wrong hypothesis");
    b.check("gibbs");
    b.about("expected evidence is never negative");
    b.check("kl-symmetric");
    b.about("KL is not symmetric");
    let name = b.next_plot_name();
    b.plot(bars(
        &name,
        "The two hypotheses",
        "Bar chart over the six faces: the loaded die P = (1/4, 1/4, 1/8, 1/8, 1/8, 1/8) and the fair die Q = 1/6 each. Faces 1 and 2 are evidence for P, the others for Q.",
        &[("P (H1, loaded)".into(), vec![0.25, 0.25, 0.125, 0.125, 0.125, 0.125]), ("Q (H0, fair)".into(), vec![1.0 / 6.0; 6])],
    ));
    let pv = [0.25, 0.25, 0.125, 0.125, 0.125, 0.125];
    let qv = [1.0 / 6.0; 6];
    let (kpq, kqp) = (
        f2(Measure::Kl, &pv, &qv) / LN_2,
        f2(Measure::Kl, &qv, &pv) / LN_2,
    );
    let n = 120.0;
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "Expected evidence after n rolls (bits)",
        "Two lines against the number of rolls n: the expected evidence for H1 when the die is loaded, n·KL(P‖Q) bits, and the expected evidence for H0 when the die is fair, n·KL(Q‖P) bits. The slopes differ slightly, because KL is not symmetric: here the loaded die gives evidence a little faster (KL(P‖Q) = ½·ln(9/8) > KL(Q‖P)).",
        Axes { x: "number of rolls n", y: "expected evidence (bits)", xr: 0.0..n, yr: 0.0..(n * kpq.max(kqp) * 1.1) },
        &[
            Series { label: "H1 true: n·KL(P‖Q)".into(), color: 0, points: vec![(0.0, 0.0), (n, n * kpq)], markers: false },
            Series { label: "H0 true: n·KL(Q‖P)".into(), color: 1, points: vec![(0.0, 0.0), (n, n * kqp)], markers: false },
        ],
        Pos::UpperLeft,
    ));
    b.build()
}
