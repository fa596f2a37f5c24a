//! The ELBO on a finite joint: a table for several q, the J(q) forms, and
//! the sign error in one source's J(q) caught.

use super::super::plot::{lines, Axes, Series};
use super::super::{Builder, Page};
use super::common::{f64s, q, term, text, weighted};
use super::title;
use crate::{Base, Measure, Q};
use plotters::prelude::SeriesLabelPosition as Pos;

pub(super) fn page() -> Page {
    let mut b = Builder::new(
        "elbo",
        title("elbo"),
        "A latent z takes three values; we observed x. The posterior p(z|x) is what we want, and q(z) is our approximation. How do ln p(x), the ELBO and KL(q‖p(z|x)) fit together, and which of the published forms of the objective J(q) are right?",
    );
    let prior = [q(1, 2), q(1, 4), q(1, 4)];
    let lik = [q(1, 5), q(3, 5), q(2, 5)];
    let joint: Vec<Q> = prior.iter().zip(&lik).map(|(a, l)| a * l).collect();
    let px: Q = joint.iter().sum(); // 7/20
    let post: Vec<Q> = joint.iter().map(|j| j / &px).collect();
    let (pr, po) = (text(&prior), text(&post));
    b.input("prior p(z)", "(1/2, 1/4, 1/4)")
        .input("likelihood p(x|z) of the observed x", "(1/5, 3/5, 2/5)")
        .input(
            "joint p(x, z)",
            &format!("({})", text(&joint).replace(',', ", ")),
        )
        .input("evidence p(x)", &crate::num::q_text(&px))
        .input("posterior p(z|x)", &format!("({})", po.replace(',', ", ")));
    b.note("For every q: ln p(x) = ELBO(q) + KL(q‖p(z|x)), with ELBO(q) = Σ_z q(z)·ln(p(x, z)/q(z)). ln p(x) does not depend on q, so raising the ELBO lowers the KL by the same amount; the ELBO reaches ln p(x) exactly when q is the posterior. The table above gives the three numbers for four choices of q.");
    let ln_px = format!("ln({})", crate::num::q_text(&px));
    b.expr("ln p(x)", &ln_px, "nats");
    let qs: [(&str, Vec<Q>); 4] = [
        ("q = prior (1/2, 1/4, 1/4)", prior.to_vec()),
        (
            "q = uniform (1/3, 1/3, 1/3)",
            vec![q(1, 3), q(1, 3), q(1, 3)],
        ),
        ("q = (1/4, 1/2, 1/4)", vec![q(1, 4), q(1, 2), q(1, 4)]),
        ("q = posterior (2/7, 3/7, 2/7)", post.clone()),
    ];
    for (name, qv) in &qs {
        let logs: Vec<String> = joint
            .iter()
            .zip(qv)
            .map(|(j, x)| format!("ln({}/{})", term(j), term(x)))
            .collect();
        b.expr(&format!("{name}: ELBO(q)"), &weighted(qv, &logs), "nats");
        b.value(
            &format!("{name}: KL(q‖p(z|x))"),
            Measure::Kl,
            &text(qv),
            Some(&po),
            Base::E,
        );
    }
    b.note("One source writes the objective three ways: J(q) = KL(q‖p̃) with p̃(z) = p(x, z) unnormalized, J(q) = KL(q‖p(z|x)) − ln p(x), and J(q) = KL(q‖p(z)) − E_q[−ln p(x|z)]. The first two agree (both are −ELBO). The third has a sign error: the expected negative log-likelihood must be added, J(q) = KL(q‖p(z)) + E_q[−ln p(x|z)]. The checks decide each form at q = (1/4, 1/2, 1/4), with P the prior, Q = q and R the posterior.");
    let qv = &qs[2].1;
    let qt = text(qv);
    let nll: Vec<String> = lik
        .iter()
        .map(|l| format!("ln({})", crate::num::q_text(l)))
        .collect();
    let e_log_lik = weighted(qv, &nll); // E_q[ln p(x|z)]
    let unnorm: Vec<String> = qv
        .iter()
        .zip(&joint)
        .map(|(x, j)| format!("ln({}/{})", term(x), term(j)))
        .collect();
    let j2 = weighted(qv, &unnorm); // KL(q‖p̃)
    b.check_at(
        &format!("KL(Q||R) - {ln_px} = {j2}"),
        Some(&pr),
        Some(&qt),
        Some(&po),
        None,
    );
    b.about("J(q) = KL(q‖p(z|x)) − ln p(x) equals J(q) = KL(q‖p̃) (p̃ the unnormalized joint) at q = (1/4, 1/2, 1/4)");
    b.check_at(
        &format!("KL(Q||R) - {ln_px} = KL(Q||P) - {e_log_lik}"),
        Some(&pr),
        Some(&qt),
        Some(&po),
        None,
    );
    b.about("the corrected form: J(q) = KL(q‖p(z)) + E_q[−ln p(x|z)] (the right side writes −E_q[ln p(x|z)])");
    b.check_at(
        &format!("KL(Q||R) - {ln_px} = KL(Q||P) + {e_log_lik}"),
        Some(&pr),
        Some(&qt),
        Some(&po),
        None,
    );
    b.about("the source's form J(q) = KL(q‖p(z)) − E_q[−ln p(x|z)]: the sign error");
    b.check("elbo");
    b.about("the ELBO decomposition, for all inputs");
    b.check("elbo.twin");
    b.about("its wrong twin");
    b.check("elbo-bound");
    b.about("the ELBO is a lower bound on ln p(x)");
    // q(t) = ((1 − t)/2, t, (1 − t)/2) passes through the posterior at t = 3/7
    let jf = f64s(&joint);
    let pf = f64s(&post);
    let lpx = jf.iter().sum::<f64>().ln();
    let ts: Vec<f64> = (1..100).map(|i| i as f64 / 100.0).collect();
    let elbo = |t: f64| {
        let qv = [(1.0 - t) / 2.0, t, (1.0 - t) / 2.0];
        qv.iter()
            .zip(&jf)
            .map(|(x, j)| x * (j / x).ln())
            .sum::<f64>()
    };
    let kl = |t: f64| {
        let qv = [(1.0 - t) / 2.0, t, (1.0 - t) / 2.0];
        super::f2(Measure::Kl, &qv, &pf)
    };
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "ln p(x), the ELBO and the KL along a family of q",
        "Three curves against t for q = ((1 − t)/2, t, (1 − t)/2), in nats: the constant ln p(x) = ln(7/20), the ELBO below it, and KL(q‖p(z|x)), which is the gap between them. The ELBO touches ln p(x) and the KL reaches zero at t = 3/7, where q is the posterior.",
        Axes { x: "t", y: "nats", xr: 0.0..1.0, yr: -2.6..1.2 },
        &[
            Series { label: "ln p(x)".into(), color: 2, points: vec![(0.0, lpx), (1.0, lpx)], markers: false },
            Series { label: "ELBO(q)".into(), color: 0, points: ts.iter().map(|&t| (t, elbo(t))).collect(), markers: false },
            Series { label: "KL(q‖p(z|x))".into(), color: 1, points: ts.iter().map(|&t| (t, kl(t))).collect(), markers: false },
        ],
        Pos::LowerMiddle,
    ));
    b.build()
}
