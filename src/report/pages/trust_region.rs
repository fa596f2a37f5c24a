//! A KL trust region on a finite policy table (TRPO/PPO) and a KL penalty
//! to a reference policy.

use super::super::plot::{lines, Axes, Series};
use super::super::{Builder, Page};
use super::common::{f64s, kl_sum, q, text};
use super::{f2, title};
use crate::{Base, Measure, Q};
use plotters::prelude::SeriesLabelPosition as Pos;

/// The joint table d(s)·π(a|s), row by row.
fn joint(d: &[Q], pi: &[[Q; 3]]) -> Vec<Q> {
    d.iter()
        .zip(pi)
        .flat_map(|(w, row)| row.iter().map(move |x| w * x))
        .collect()
}

pub(super) fn page() -> Page {
    let mut b = Builder::new(
        "trust-region",
        title("trust-region"),
        "A policy picks one of three actions in each of two states. A policy-gradient step proposes a new policy; TRPO accepts it only if the average KL from the old policy stays below δ, and PPO-style training subtracts β·KL to a reference policy. Which proposals pass, and what does the penalty cost?",
    );
    let d = [q(2, 3), q(1, 3)];
    let old = [[q(1, 2), q(1, 4), q(1, 4)], [q(1, 3), q(1, 3), q(1, 3)]];
    let a = [[q(3, 5), q(1, 5), q(1, 5)], [q(1, 3), q(1, 3), q(1, 3)]];
    let big = [[q(4, 5), q(1, 10), q(1, 10)], [q(1, 3), q(1, 3), q(1, 3)]];
    let (jo, ja, jb) = (joint(&d, &old), joint(&d, &a), joint(&d, &big));
    let (so, sa, sb) = (text(&jo), text(&ja), text(&jb));
    b.input("state distribution d", "(2/3, 1/3)")
        .input(
            "old policy π_old",
            "state 1: (1/2, 1/4, 1/4); state 2: (1/3, 1/3, 1/3)",
        )
        .input("proposal A", "state 1: (3/5, 1/5, 1/5); state 2 unchanged")
        .input(
            "proposal B",
            "state 1: (4/5, 1/10, 1/10); state 2 unchanged",
        )
        .input(
            "trust region",
            "δ = 1/50: accept if Σ_s d(s)·KL(π_old(·|s)‖π(·|s)) ≤ δ",
        )
        .input(
            "penalty",
            "β = 1/10, reference policy π_ref = π_old: subtract β·Σ_s d(s)·KL(π(·|s)‖π_ref(·|s))",
        );
    b.note("The average KL over states equals the KL between the joint tables d(s)·π(a|s) (the chain rule of KL, with the same state distribution on both sides), so one certified KL of two six-entry tables gives the trust-region statistic.");
    b.value(
        "state 1: KL(π_old‖A)",
        Measure::Kl,
        &text(&old[0]),
        Some(&text(&a[0])),
        Base::E,
    );
    b.value(
        "average KL(π_old‖A) = KL of the joint tables",
        Measure::Kl,
        &so,
        Some(&sa),
        Base::E,
    );
    b.value(
        "state 1: KL(π_old‖B)",
        Measure::Kl,
        &text(&old[0]),
        Some(&text(&big[0])),
        Base::E,
    );
    b.value("average KL(π_old‖B)", Measure::Kl, &so, Some(&sb), Base::E);
    b.expr(
        "KL penalty of A: β·KL(A‖π_ref)",
        &format!("1/10*{}", kl_sum(&ja, &jo)),
        "nats",
    );
    b.expr(
        "KL penalty of B: β·KL(B‖π_ref)",
        &format!("1/10*{}", kl_sum(&jb, &jo)),
        "nats",
    );
    b.check_at("KL(P||Q) <= 1/50", Some(&so), Some(&sa), None, None);
    b.about("proposal A is inside the trust region δ = 1/50");
    b.check_at("KL(P||Q) <= 1/50", Some(&so), Some(&sb), None, None);
    b.about("proposal B is inside the trust region");
    let per_state = |w: [&str; 2]| {
        format!(
            "KL(P||Q) = {}*{} + {}*{}",
            w[0],
            kl_sum(&old[0], &a[0]),
            w[1],
            kl_sum(&old[1], &a[1])
        )
    };
    b.check_at(&per_state(["2/3", "1/3"]), Some(&so), Some(&sa), None, None);
    b.about("the average KL weighs each state by d(s)");
    b.check_at(&per_state(["1/2", "1/2"]), Some(&so), Some(&sa), None, None);
    b.about("wrong variant: states weighted equally");
    b.check("kl-chain-rule");
    b.about("the chain rule of KL, for all joints");
    b.check("kl-chain-rule.twin");
    b.about("its wrong twin");
    let (fo, fb) = (f64s(&jo), f64s(&jb));
    let step = |t: f64| {
        fo.iter()
            .zip(&fb)
            .map(|(x, y)| (1.0 - t) * x + t * y)
            .collect::<Vec<f64>>()
    };
    let kl_t = |t: f64| f2(Measure::Kl, &fo, &step(t));
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if kl_t(mid) <= 0.02 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let curve = (0..=200)
        .map(|i| i as f64 / 200.0)
        .map(|t| (t, kl_t(t)))
        .collect();
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "Average KL along the step from π_old towards proposal B",
        "Curve of the average KL from π_old to the policy (1 − t)·π_old + t·B against the step size t from 0 to 1, with the trust-region level δ = 1/50 as a flat line. The curve rises from 0; the marked point is where it crosses δ, the largest step a line search inside the trust region can take.",
        Axes { x: "step size t", y: "average KL (nats)", xr: 0.0..1.0, yr: 0.0..0.16 },
        &[
            Series { label: "average KL(π_old‖π_t)".into(), color: 0, points: curve, markers: false },
            Series { label: "δ = 1/50".into(), color: 1, points: vec![(0.0, 0.02), (1.0, 0.02)], markers: false },
            Series { label: "largest step inside".into(), color: 2, points: vec![(lo, kl_t(lo))], markers: true },
        ],
        Pos::UpperLeft,
    ));
    b.build()
}
