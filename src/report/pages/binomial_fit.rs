//! Fitting Bin(4, θ) to observed counts by minimizing KL.

use super::super::plot::{histogram, lines, Axes, Bars, Series};
use super::super::{Builder, Page};
use super::common::{binomial, f64s, q, text};
use super::{f2, grid, title};
use crate::{Base, Measure, Q};
use plotters::prelude::SeriesLabelPosition as Pos;

pub(super) fn page() -> Page {
    let mut b = Builder::new(
        "binomial-fit",
        title("binomial-fit"),
        "Twenty experiments each count the successes in 4 trials. Which binomial Bin(4, θ) fits the counts best, if “best” means the smallest KL from the observed frequencies to the model?",
    );
    let counts = [1i64, 4, 7, 6, 2];
    let n_exp: i64 = counts.iter().sum();
    let p_hat: Vec<Q> = counts.iter().map(|&c| q(c, n_exp)).collect();
    let total: i64 = counts.iter().enumerate().map(|(k, &c)| k as i64 * c).sum();
    let theta = q(total, 4 * n_exp); // mean / n = 11/20
    let fit = binomial(4, &theta);
    let below = binomial(4, &q(1, 2));
    let above = binomial(4, &q(3, 5));
    let (ph, ft, lo, hi) = (text(&p_hat), text(&fit), text(&below), text(&above));
    b.input(
        "counts of 0, 1, 2, 3, 4 successes",
        "(1, 4, 7, 6, 2) in 20 experiments",
    )
    .input(
        "observed frequencies P̂",
        &format!("({})", ph.replace(',', ", ")),
    )
    .input("model", "Q_θ = Bin(4, θ)");
    b.note("KL(P̂‖Bin(4, θ)) = −H(P̂) − Σ_k P̂(k)·ln C(4,k) − m·ln θ − (4 − m)·ln(1 − θ), with m = Σ k·P̂(k) the mean count. It is convex in θ and its derivative −m/θ + (4 − m)/(1 − θ) vanishes at θ* = m/4: the minimizer is exactly the maximum-likelihood estimate, the observed success rate 44/80 = 11/20.");
    b.value(
        "KL(P̂‖Bin(4, 11/20)) at the minimizer θ* = 11/20",
        Measure::Kl,
        &ph,
        Some(&ft),
        Base::E,
    );
    b.value("KL(P̂‖Bin(4, 1/2))", Measure::Kl, &ph, Some(&lo), Base::E);
    b.value("KL(P̂‖Bin(4, 3/5))", Measure::Kl, &ph, Some(&hi), Base::E);
    b.value(
        "cross-entropy H(P̂, Bin(4, 11/20)) = −(1/20)·ln(likelihood)",
        Measure::CrossEntropy,
        &ph,
        Some(&ft),
        Base::E,
    );
    b.value("entropy H(P̂)", Measure::Entropy, &ph, None, Base::E);
    b.check_at("KL(P||Q) < KL(P||R)", Some(&ph), Some(&ft), Some(&lo), None);
    b.about("the fit at θ* = 11/20 beats θ = 1/2");
    b.check_at("KL(P||Q) < KL(P||R)", Some(&ph), Some(&ft), Some(&hi), None);
    b.about("the fit at θ* = 11/20 beats θ = 3/5");
    b.check_at(
        "KL(P||R) <= KL(P||Q)",
        Some(&ph),
        Some(&ft),
        Some(&lo),
        None,
    );
    b.about("wrong variant: θ = 1/2 fits at least as well as θ*");
    b.check_at("H(P,Q) = H(P) + KL(P||Q)", Some(&ph), Some(&ft), None, None);
    b.about("cross-entropy = entropy + KL at the fit, so minimising either is the same");
    b.check_at("H(P,Q) = H(P) - KL(P||Q)", Some(&ph), Some(&ft), None, None);
    b.about("wrong variant: with the sign of KL flipped");
    b.check("ce-kl-same-minimizer");
    let pf = f64s(&p_hat);
    let curve: Vec<(f64, f64)> = grid(0.25, 0.85, 300)
        .map(|t| {
            (
                t,
                f2(
                    Measure::Kl,
                    &pf,
                    &f64s(&binomial(4, &Q::from_float(t).expect("finite"))),
                ),
            )
        })
        .collect();
    let star = (0.55, f2(Measure::Kl, &pf, &f64s(&fit)));
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "KL(P̂‖Bin(4, θ)) against θ",
        "Curve of the KL divergence in nats from the observed frequencies to Bin(4, θ), for θ from 0.25 to 0.85. It is convex with its minimum at θ* = 11/20 (the marked point), the observed success rate.",
        Axes { x: "θ", y: "KL (nats)", xr: 0.25..0.85, yr: 0.0..1.1 },
        &[
            Series { label: "KL(P̂‖Bin(4, θ))".into(), color: 0, points: curve, markers: false },
            Series { label: "minimizer θ* = 11/20".into(), color: 1, points: vec![star], markers: true },
        ],
        Pos::UpperMiddle,
    ));
    let xs = |v: Vec<f64>| {
        v.into_iter()
            .enumerate()
            .map(|(k, y)| (k as f64, y))
            .collect::<Vec<_>>()
    };
    let name = b.next_plot_name();
    b.plot(histogram(
        &name,
        "Observed frequencies and the fitted Bin(4, 11/20)",
        "Bar chart over the number of successes 0 to 4: the observed frequencies (1, 4, 7, 6, 2)/20 and the probabilities of the fitted binomial Bin(4, 11/20), which follow them closely.",
        Axes { x: "successes in 4 trials", y: "probability", xr: -0.6..4.6, yr: 0.0..0.45 },
        &[
            Bars { label: "observed P̂".into(), color: 0, points: xs(pf.clone()) },
            Bars { label: "Bin(4, 11/20)".into(), color: 1, points: xs(f64s(&fit)) },
        ],
        &[],
        Pos::UpperLeft,
    ));
    b.build()
}
