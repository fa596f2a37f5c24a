//! The pages, one function each.

use super::plot::{bars, heat, lines, Axes, Series};
use super::{instance_vectors, Builder, Page};
use crate::{float, Base, FloatInputs, Measure};
use plotters::prelude::SeriesLabelPosition as Pos;
use std::f64::consts::LN_2;

mod binomial_fit;
mod bregman;
mod common;
mod dpi;
mod elbo;
mod evidence;
mod forward_reverse;
mod free_energy;
mod gaussian;
mod grouping;
mod ice;
mod trust_region;

type PageFn = fn() -> Page;

/// Every page: (slug, title, builder), in reading order.
pub(crate) const ALL: &[(&str, &str, PageFn)] = &[
    (
        "black-swan",
        "The black swan: information gained vs the prior",
        black_swan,
    ),
    ("coins", "Coins and the entropy bounds", coins),
    ("asymmetry", "KL divergence is asymmetric", asymmetry),
    (
        "cross-entropy",
        "Cross-entropy = entropy + KL",
        cross_entropy,
    ),
    (
        "pinsker",
        "Pinsker and Bretagnolle–Huber over Bernoulli pairs",
        pinsker,
    ),
    (
        "kl-not-metric",
        "KL is not a metric: the triangle inequality fails",
        kl_not_metric,
    ),
    (
        "jsd",
        "Jensen–Shannon divergence and the reversed formula",
        jsd,
    ),
    (
        "mutual-information",
        "Mutual information three ways",
        mutual_information,
    ),
    (
        "coding",
        "Suboptimal coding: the price of the wrong code",
        coding,
    ),
    ("kelly", "Kelly betting: growth equals KL", kelly),
    (
        "evidence",
        "Hypothesis testing: expected evidence per observation",
        evidence::page,
    ),
    (
        "binomial-fit",
        "Fitting a binomial to counts by minimizing KL",
        binomial_fit::page,
    ),
    (
        "gaussian-kl",
        "KL between Gaussians: closed form vs numerical integration",
        gaussian::page,
    ),
    (
        "forward-reverse",
        "Forward vs reverse KL: mass-covering and mode-seeking fits",
        forward_reverse::page,
    ),
    (
        "data-processing",
        "The data processing inequality through a Markov kernel",
        dpi::page,
    ),
    (
        "bregman",
        "KL as a Bregman divergence: the tangent picture",
        bregman::page,
    ),
    ("elbo", "The ELBO on a finite joint", elbo::page),
    (
        "free-energy",
        "Free energy: F(Q) − F(P) = kT·KL(Q‖P)",
        free_energy::page,
    ),
    (
        "grouping",
        "Entropy grouping: 16 states, 3 kept, the rest lumped",
        grouping::page,
    ),
    (
        "trust-region",
        "A KL trust region on a policy table",
        trust_region::page,
    ),
    (
        "ice",
        "The bits released by melting a gram of ice",
        ice::page,
    ),
];

/// The title of page `slug` (each page module builds with its own title).
pub(crate) fn title(slug: &str) -> &'static str {
    ALL.iter()
        .find(|(s, _, _)| *s == slug)
        .map(|(_, t, _)| *t)
        .unwrap_or_default()
}

/// Float-engine value (nats) of a two-distribution measure.
pub(crate) fn f2(m: Measure, p: &[f64], q: &[f64]) -> f64 {
    let v = float(m, FloatInputs::Two(p, q), None).expect("float engine");
    debug_assert!(v.err < 1e-9);
    v.value
}

pub(crate) fn bern(p: f64) -> [f64; 2] {
    [p, 1.0 - p]
}

pub(crate) fn grid(a: f64, b: f64, n: usize) -> impl Iterator<Item = f64> {
    (0..=n).map(move |i| a + (b - a) * i as f64 / n as f64)
}

/// Draw a violated check's counterexample as bars.
pub(crate) fn counterexample_bars(b: &mut Builder, r: &crate::Report, what: &str) {
    if let Some(cx) = &r.counterexample {
        let v = instance_vectors(&cx.instance.to_string());
        if !v.is_empty() {
            let name = b.next_plot_name();
            let desc = format!(
                "Bar chart of the minimal counterexample to “{what}”: {}.",
                cx.instance.to_string().replace('\n', "; ")
            );
            b.plot(bars(&name, &format!("Counterexample: {what}"), &desc, &v));
        }
    }
}

fn black_swan() -> Page {
    let mut b = Builder::new(
        "black-swan",
        "The black swan: information gained vs the prior",
        "You believed a swan is black with probability q. Then you see a black swan. How much did you learn, in bits?",
    );
    b.input("after (certain: the swan is black)", "P = (1, 0)")
        .input(
            "before (the prior)",
            "Q = (q, 1 − q) for q = 1/100, 1/2 and 0",
        );
    b.note("The information gained is KL(P‖Q) = log2(1/q): the rarer you believed the event, the more you learn from seeing it. A prior of zero makes the surprise infinite: no finite evidence moves a belief held with certainty.");
    b.value(
        "q = 1/100: information gained",
        Measure::Kl,
        "1,0",
        Some("1/100,99/100"),
        Base::Two,
    );
    b.value(
        "q = 1/100, in nats",
        Measure::Kl,
        "1,0",
        Some("1/100,99/100"),
        Base::E,
    );
    b.value(
        "q = 1/2: information gained",
        Measure::Kl,
        "1,0",
        Some("1/2,1/2"),
        Base::Two,
    );
    b.value(
        "q = 0: information gained",
        Measure::Kl,
        "1,0",
        Some("0,1"),
        Base::Two,
    );
    b.check("gibbs");
    b.check("KL(P||Q) = KL(Q||P)");
    let curve: Vec<(f64, f64)> = grid(0.004, 1.0, 300)
        .map(|q| (q, f2(Measure::Kl, &[1.0, 0.0], &bern(q)) / LN_2))
        .collect();
    let marks = vec![
        (0.01, f2(Measure::Kl, &[1.0, 0.0], &bern(0.01)) / LN_2),
        (0.5, f2(Measure::Kl, &[1.0, 0.0], &bern(0.5)) / LN_2),
    ];
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "Information gained by seeing a black swan",
        "Curve of KL(P‖Q) in bits, that is log2(1/q), against the prior probability q of a black swan. It grows without bound as q approaches 0 and falls to 1 bit at q = 1/2 and 0 bits at q = 1; the points mark q = 1/100 and q = 1/2.",
        Axes { x: "prior probability q of a black swan", y: "information gained (bits)", xr: 0.0..1.0, yr: 0.0..8.2 },
        &[
            Series { label: "KL(P‖Q) = log2(1/q)".into(), color: 0, points: curve, markers: false },
            Series { label: "q = 1/100 and q = 1/2".into(), color: 1, points: marks, markers: true },
        ],
        Pos::UpperRight,
    ));
    b.build()
}

fn coins() -> Page {
    let mut b = Builder::new(
        "coins",
        "Coins and the entropy bounds",
        "How uncertain is a coin toss? When is the uncertainty largest, and when is it zero?",
    );
    b.input("fair coin", "(1/2, 1/2)")
        .input("biased coin", "(9/10, 1/10)")
        .input("fair four-sided die", "(1/4, 1/4, 1/4, 1/4)")
        .input("point mass", "(1, 0, 0, 0)");
    b.value("fair coin", Measure::Entropy, "1/2,1/2", None, Base::E);
    b.value("fair coin", Measure::Entropy, "1/2,1/2", None, Base::Two);
    b.value("biased coin", Measure::Entropy, "9/10,1/10", None, Base::E);
    b.value(
        "biased coin",
        Measure::Entropy,
        "9/10,1/10",
        None,
        Base::Two,
    );
    b.value(
        "fair four-sided die (the uniform maximum)",
        Measure::Entropy,
        "1/4,1/4,1/4,1/4",
        None,
        Base::Two,
    );
    b.value(
        "point mass (the minimum)",
        Measure::Entropy,
        "1,0,0,0",
        None,
        Base::Two,
    );
    b.note("Entropy is largest for the uniform distribution (ln of the support size) and zero exactly for a point mass. A coin can never carry more than one bit; a die with more faces can.");
    b.check("entropy-bounds");
    let r = b.check("H(P) <= ln(2)");
    counterexample_bars(
        &mut b,
        &r,
        "every distribution has at most one bit of entropy",
    );
    let curve: Vec<(f64, f64)> = grid(0.0, 1.0, 200)
        .map(|p| {
            let v = float(Measure::Entropy, FloatInputs::One(&bern(p)), None).expect("float");
            (p, v.value / LN_2)
        })
        .collect();
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "Binary entropy",
        "Curve of the entropy in bits of a coin with heads probability p: zero at p = 0 and p = 1, rising symmetrically to its maximum of 1 bit at p = 1/2.",
        Axes { x: "probability of heads p", y: "entropy (bits)", xr: 0.0..1.0, yr: 0.0..1.1 },
        &[Series { label: "H(p, 1 − p)".into(), color: 0, points: curve, markers: false }],
        Pos::UpperRight,
    ));
    b.build()
}

fn asymmetry() -> Page {
    let mut b = Builder::new(
        "asymmetry",
        "KL divergence is asymmetric",
        "Does it matter which distribution comes first in KL(P‖Q)?",
    );
    b.input("P", "(1/10, 9/10)").input("Q", "(1/100, 99/100)");
    b.value(
        "KL(P‖Q)",
        Measure::Kl,
        "0.1,0.9",
        Some("0.01,0.99"),
        Base::E,
    );
    b.value(
        "KL(Q‖P)",
        Measure::Kl,
        "0.01,0.99",
        Some("0.1,0.9"),
        Base::E,
    );
    b.note("Using Q to describe data that really follow P costs more than the other way round: P gives the rare outcome far more weight than Q does, and every surprise under Q on that outcome is expensive.");
    let r = b.check("kl-symmetric");
    counterexample_bars(&mut b, &r, "KL(P‖Q) = KL(Q‖P)");
    b.check("gibbs");
    let n = 40;
    let s = 1.0 / n as f64;
    let mut cells = vec![];
    for i in 0..n {
        for j in 0..n {
            let (p, q) = ((i as f64 + 0.5) * s, (j as f64 + 0.5) * s);
            let d = f2(Measure::Kl, &bern(p), &bern(q)) - f2(Measure::Kl, &bern(q), &bern(p));
            cells.push((i as f64 * s, j as f64 * s, s, d));
        }
    }
    let name = b.next_plot_name();
    b.plot(heat(
        &name,
        "KL(P‖Q) − KL(Q‖P) for Bernoulli P, Q",
        "Heat map over Bernoulli pairs P = (p, 1 − p), Q = (q, 1 − q) of the difference KL(P‖Q) − KL(Q‖P) in nats, clipped to ±1: zero on the diagonal p = q and on the anti-diagonal p + q = 1, red where KL(P‖Q) is the larger, blue where KL(Q‖P) is.",
        Axes { x: "p", y: "q", xr: 0.0..1.0, yr: 0.0..1.0 },
        &cells,
        1.0,
    ));
    b.build()
}

fn cross_entropy() -> Page {
    let mut b = Builder::new(
        "cross-entropy",
        "Cross-entropy = entropy + KL",
        "Cross-entropy H(P,Q) is the loss we minimise when fitting Q to data from P. How does it relate to entropy and KL?",
    );
    b.input("P", "(1/10, 9/10)")
        .input("Q", "(1/100, 99/100)")
        .input(
            "one-hot label",
            "P = (0, 1, 0), prediction Q = (1/5, 7/10, 1/10)",
        );
    b.value(
        "H(P,Q)",
        Measure::CrossEntropy,
        "0.1,0.9",
        Some("0.01,0.99"),
        Base::E,
    );
    b.value("H(P)", Measure::Entropy, "0.1,0.9", None, Base::E);
    b.value(
        "KL(P‖Q)",
        Measure::Kl,
        "0.1,0.9",
        Some("0.01,0.99"),
        Base::E,
    );
    b.value(
        "one-hot cross-entropy = −ln(7/10)",
        Measure::CrossEntropy,
        "0,1,0",
        Some("1/5,7/10,1/10"),
        Base::E,
    );
    b.note("H(P) does not depend on Q, so minimising cross-entropy over Q minimises KL(P‖Q): maximum likelihood is KL minimisation to the empirical distribution. With a one-hot P the cross-entropy is minus the log of the probability given to the true class.");
    b.check("cross-entropy");
    b.check("ce-kl-same-minimizer");
    let r = b.check("ce-min-maximizes-kl");
    counterexample_bars(&mut b, &r, "minimizing cross-entropy maximizes KL");
    let p = [0.1, 0.9];
    let xs: Vec<f64> = grid(0.01, 0.6, 200).collect();
    let ce = xs
        .iter()
        .map(|&t| (t, f2(Measure::CrossEntropy, &p, &bern(t))))
        .collect();
    let kl = xs
        .iter()
        .map(|&t| (t, f2(Measure::Kl, &p, &bern(t))))
        .collect();
    let h = float(Measure::Entropy, FloatInputs::One(&p), None)
        .expect("float")
        .value;
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "Cross-entropy and KL against the model Q = (θ, 1 − θ)",
        "Two curves over θ for P = (1/10, 9/10): the cross-entropy H(P,Q) and KL(P‖Q), both in nats. They differ by the constant H(P) (the flat line) and are both smallest at θ = 1/10, where KL is zero.",
        Axes { x: "θ", y: "nats", xr: 0.0..0.6, yr: 0.0..1.5 },
        &[
            Series { label: "H(P,Q)".into(), color: 0, points: ce, markers: false },
            Series { label: "KL(P‖Q)".into(), color: 1, points: kl, markers: false },
            Series { label: "H(P)".into(), color: 2, points: vec![(0.0, h), (0.6, h)], markers: false },
        ],
        Pos::UpperRight,
    ));
    b.build()
}

fn pinsker() -> Page {
    let mut b = Builder::new(
        "pinsker",
        "Pinsker and Bretagnolle–Huber over Bernoulli pairs",
        "A small KL forces the total variation distance to be small. How small, and which bound is better?",
    );
    b.input("P", "(1/10, 9/10)").input("Q", "(1/2, 1/2)");
    b.value(
        "TV(P,Q)",
        Measure::Tv,
        "1/10,9/10",
        Some("1/2,1/2"),
        Base::E,
    );
    b.value(
        "KL(P‖Q)",
        Measure::Kl,
        "1/10,9/10",
        Some("1/2,1/2"),
        Base::E,
    );
    b.note("Pinsker: TV ≤ √(KL/2). Bretagnolle–Huber: TV ≤ √(1 − e^(−KL)), which stays below 1 and is the better bound when KL is large.");
    b.check("pinsker");
    b.check("bretagnolle-huber");
    let r = b.check("tv-le-kl");
    counterexample_bars(&mut b, &r, "TV ≤ KL");
    let xs: Vec<f64> = grid(0.001, 0.999, 300).collect();
    let q = bern(0.5);
    let kl: Vec<f64> = xs.iter().map(|&p| f2(Measure::Kl, &bern(p), &q)).collect();
    let tv = xs
        .iter()
        .map(|&p| (p, f2(Measure::Tv, &bern(p), &q)))
        .collect();
    let pin = xs
        .iter()
        .zip(&kl)
        .map(|(&p, &k)| (p, (k / 2.0).sqrt()))
        .collect();
    let bh = xs
        .iter()
        .zip(&kl)
        .map(|(&p, &k)| (p, (1.0 - (-k).exp()).sqrt()))
        .collect();
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "TV and its two KL bounds, Q = (1/2, 1/2)",
        "Three curves over p for P = (p, 1 − p) and Q = (1/2, 1/2): the total variation |p − 1/2|, Pinsker's bound √(KL/2) and the Bretagnolle–Huber bound √(1 − e^(−KL)). Both bounds lie above TV everywhere; Pinsker's is tighter near p = 1/2, Bretagnolle–Huber's near p = 0 and p = 1.",
        Axes { x: "p", y: "distance", xr: 0.0..1.0, yr: 0.0..1.0 },
        &[
            Series { label: "TV(P,Q)".into(), color: 0, points: tv, markers: false },
            Series { label: "Pinsker √(KL/2)".into(), color: 1, points: pin, markers: false },
            Series { label: "Bretagnolle–Huber √(1 − e^(−KL))".into(), color: 2, points: bh, markers: false },
        ],
        Pos::UpperLeft,
    ));
    b.build()
}

fn kl_not_metric() -> Page {
    let mut b = Builder::new(
        "kl-not-metric",
        "KL is not a metric: the triangle inequality fails",
        "KL is called a divergence, not a distance. Which metric axioms does it break?",
    );
    b.input("P, Q, R", "searched by the checker: the smallest support and denominator that break the triangle inequality");
    b.note("KL is not symmetric (see the asymmetry page), and it fails the triangle inequality: going from P to R directly can cost more than going through Q. Its square root does not fix this, but the square root of the Jensen–Shannon divergence is a metric.");
    let r = b.check("kl-triangle");
    if let Some(cx) = &r.counterexample {
        let v = instance_vectors(&cx.instance.to_string());
        let txt = |i: usize| {
            cx.instance
                .to_string()
                .lines()
                .nth(i)
                .and_then(|l| l.split_once(" = ["))
                .map(|(_, x)| x.trim_end_matches(']').replace(' ', ""))
        };
        if v.len() == 3 {
            if let (Some(p), Some(q), Some(rr)) = (txt(0), txt(1), txt(2)) {
                b.value("KL(P‖R)", Measure::Kl, &p, Some(&rr), Base::E);
                b.value("KL(P‖Q)", Measure::Kl, &p, Some(&q), Base::E);
                b.value("KL(Q‖R)", Measure::Kl, &q, Some(&rr), Base::E);
            }
        }
    }
    counterexample_bars(&mut b, &r, "KL(P‖R) ≤ KL(P‖Q) + KL(Q‖R)");
    b.check("kl-symmetric");
    b.check("js-triangle");
    b.build()
}

fn jsd() -> Page {
    let mut b = Builder::new(
        "jsd",
        "Jensen–Shannon divergence and the reversed formula",
        "The Jensen–Shannon divergence averages the KL of each distribution to their mixture M. Does the order of the KL arguments matter?",
    );
    b.input("P", "(1/10, 9/10)")
        .input("Q", "(1/100, 99/100)")
        .input("M", "(P + Q)/2");
    b.value(
        "JSD(P,Q)",
        Measure::Jsd,
        "0.1,0.9",
        Some("0.01,0.99"),
        Base::E,
    );
    b.value(
        "JSD(P,Q) in bits",
        Measure::Jsd,
        "0.1,0.9",
        Some("0.01,0.99"),
        Base::Two,
    );
    b.value(
        "Jensen–Shannon distance √JSD",
        Measure::JsDistance,
        "0.1,0.9",
        Some("0.01,0.99"),
        Base::E,
    );
    b.note("The right formula is JSD = ½KL(P‖M) + ½KL(Q‖M). One source prints it with the arguments reversed, ½(KL(M‖P) + KL(M‖Q)), which is a different quantity and is infinite whenever P or Q misses an outcome the other has.");
    let r = b.check("jsd-reversed");
    counterexample_bars(&mut b, &r, "JSD = ½(KL(M‖P) + KL(M‖Q))");
    b.check("jsd-entropy");
    b.check("jsd-symmetry");
    b.check("jsd-bounds");
    b.check("js-triangle");
    let q = bern(0.5);
    let xs: Vec<f64> = grid(0.005, 0.995, 300).collect();
    let right = xs
        .iter()
        .map(|&p| (p, f2(Measure::Jsd, &bern(p), &q)))
        .collect();
    let wrong = xs
        .iter()
        .map(|&p| {
            let m = bern((p + 0.5) / 2.0);
            (
                p,
                0.5 * (f2(Measure::Kl, &m, &bern(p)) + f2(Measure::Kl, &m, &q)),
            )
        })
        .collect();
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "JSD and the reversed formula, Q = (1/2, 1/2)",
        "Two curves over p for P = (p, 1 − p) and Q = (1/2, 1/2), in nats: the Jensen–Shannon divergence and the reversed formula ½(KL(M‖P) + KL(M‖Q)). They are equal at p = 1/2; the reversed formula grows without bound as p approaches 0 or 1 while JSD stays below ln 2.",
        Axes { x: "p", y: "nats", xr: 0.0..1.0, yr: 0.0..1.0 },
        &[
            Series { label: "JSD(P,Q)".into(), color: 0, points: right, markers: false },
            Series { label: "½(KL(M‖P) + KL(M‖Q)) (reversed)".into(), color: 1, points: wrong, markers: false },
            Series { label: "ln 2".into(), color: 2, points: vec![(0.0, LN_2), (1.0, LN_2)], markers: false },
        ],
        Pos::UpperMiddle,
    ));
    b.build()
}

fn mutual_information() -> Page {
    let mut b = Builder::new(
        "mutual-information",
        "Mutual information three ways",
        "How much does observing Y tell us about X? Three formulas, one answer.",
    );
    let j = "3/8,1/8;1/8,3/8";
    b.input(
        "joint of (X, Y)",
        "rows X, columns Y: [[3/8, 1/8], [1/8, 3/8]]",
    );
    b.value(
        "I(X;Y) = KL(P_XY ‖ P_X ⊗ P_Y)",
        Measure::Mi,
        j,
        None,
        Base::Two,
    );
    b.value("H(X)", Measure::Entropy, "1/2,1/2", None, Base::Two);
    b.value("H(Y)", Measure::Entropy, "1/2,1/2", None, Base::Two);
    b.value("H(X,Y)", Measure::JointEntropy, j, None, Base::Two);
    b.value("H(X|Y)", Measure::CondEntropy, j, None, Base::Two);
    b.note("I(X;Y) = H(X) + H(Y) − H(X,Y) = H(X) − H(X|Y) = KL(P_XY ‖ P_X ⊗ P_Y): the values above satisfy all three, and the checks below decide the identities exactly. One source writes H(X|Y) = −Σ_y P(y) log H(X|Y=y); the right form is Σ_y P(y) H(X|Y=y).");
    b.check("mutual-information");
    b.check("mi-kl");
    b.check("conditioning-reduces-entropy");
    b.check("cond-entropy-log");
    let curve = grid(-1.0, 1.0, 200)
        .map(|r| {
            let (a, c) = ((1.0 + r) / 4.0, (1.0 - r) / 4.0);
            let flat = [a, c, c, a];
            let v = float(
                Measure::Mi,
                FloatInputs::Joint {
                    flat: &flat,
                    rows: 2,
                    cols: 2,
                },
                None,
            )
            .expect("float");
            (r, v.value / LN_2)
        })
        .collect();
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "Mutual information of two correlated bits",
        "Curve of I(X;Y) in bits for the joint [[(1+r)/4, (1−r)/4], [(1−r)/4, (1+r)/4]] against the correlation r: zero at r = 0 (independent bits) and 1 bit at r = ±1 (one bit determines the other).",
        Axes { x: "correlation r", y: "I(X;Y) (bits)", xr: -1.0..1.0, yr: 0.0..1.1 },
        &[Series { label: "I(X;Y)".into(), color: 0, points: curve, markers: false }],
        Pos::UpperMiddle,
    ));
    b.build()
}

fn coding() -> Page {
    let mut b = Builder::new(
        "coding",
        "Suboptimal coding: the price of the wrong code",
        "Symbols a, b, c occur with probabilities P = (0.8, 0.1, 0.1) and are sent with the prefix code a → 0, b → 10, c → 11. How many bits per symbol does that cost, and how far is it from the best possible?",
    );
    b.input("P", "(4/5, 1/10, 1/10)").input(
        "code lengths",
        "(1, 2, 2): the code is optimal for Q = 2^(−length) = (1/2, 1/4, 1/4)",
    );
    b.value(
        "expected code length = H(P,Q)",
        Measure::CrossEntropy,
        "4/5,1/10,1/10",
        Some("1/2,1/4,1/4"),
        Base::Two,
    );
    b.value(
        "entropy H(P): the floor",
        Measure::Entropy,
        "4/5,1/10,1/10",
        None,
        Base::Two,
    );
    b.value(
        "overhead KL(P‖Q)",
        Measure::Kl,
        "4/5,1/10,1/10",
        Some("1/2,1/4,1/4"),
        Base::Two,
    );
    b.note("A code with lengths ℓ is matched to the distribution Q = 2^(−ℓ); used on data from P it costs H(P,Q) = H(P) + KL(P‖Q) bits per symbol. The KL term is the price of coding for the wrong distribution.");
    b.check("cross-entropy");
    b.check("shannon-code");
    let name = b.next_plot_name();
    b.plot(bars(
        &name,
        "The source P and the distribution Q the code is built for",
        "Bar chart over the symbols a, b, c (outcomes 1 to 3): P = (0.8, 0.1, 0.1) and Q = (0.5, 0.25, 0.25), the distribution for which code lengths (1, 2, 2) are optimal.",
        &[("P".into(), vec![0.8, 0.1, 0.1]), ("Q = 2^(−ℓ)".into(), vec![0.5, 0.25, 0.25])],
    ));
    b.build()
}

fn kelly() -> Page {
    let mut b = Builder::new(
        "kelly",
        "Kelly betting: growth equals KL",
        "A bookmaker sets fair odds for Q = (1/4, 1/4, 1/2) on three horses whose true win probabilities are P = (1/2, 1/4, 1/4). Betting a fraction b_i of your wealth on horse i, how fast can your wealth grow?",
    );
    b.input("P (true)", "(1/2, 1/4, 1/4)")
        .input("Q (the bookmaker's)", "(1/4, 1/4, 1/2), paying odds 1/q_i");
    b.value(
        "best growth rate per race KL(P‖Q)",
        Measure::Kl,
        "1/2,1/4,1/4",
        Some("1/4,1/4,1/2"),
        Base::E,
    );
    b.value(
        "best growth rate per race, in bits",
        Measure::Kl,
        "1/2,1/4,1/4",
        Some("1/4,1/4,1/2"),
        Base::Two,
    );
    b.note("The expected log-growth W(b) = Σ p_i ln(b_i / q_i) equals KL(P‖Q) − KL(P‖b), so it is largest, and equal to KL(P‖Q), at b = P (Kelly's proportional betting). Betting the bookmaker's Q grows nothing; betting far from P loses.");
    b.check("kelly");
    b.check("kelly.twin");
    let (p, q) = ([0.5, 0.25, 0.25], [0.25, 0.25, 0.5]);
    let kpq = f2(Measure::Kl, &p, &q);
    let curve = grid(0.02, 0.98, 300)
        .map(|t| {
            let bb = [t, (1.0 - t) / 2.0, (1.0 - t) / 2.0];
            (t, kpq - f2(Measure::Kl, &p, &bb))
        })
        .collect();
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "Growth rate W(b) for bets b = (t, (1 − t)/2, (1 − t)/2)",
        "Curve of the expected log-growth per race, in nats, against the fraction t bet on the first horse (the rest split evenly): it peaks at t = 1/2, where b = P and the growth equals KL(P‖Q), and becomes negative for bets far from P.",
        Axes { x: "fraction t on horse 1", y: "growth per race (nats)", xr: 0.0..1.0, yr: -1.0..0.3 },
        &[
            Series { label: "W(b) = KL(P‖Q) − KL(P‖b)".into(), color: 0, points: curve, markers: false },
            Series { label: "KL(P‖Q)".into(), color: 1, points: vec![(0.0, kpq), (1.0, kpq)], markers: false },
        ],
        Pos::LowerMiddle,
    ));
    b.build()
}
