//! The data processing inequality through a Markov kernel (nalgebra).

use super::super::plot::{bars, lines, Axes, Series};
use super::super::{Builder, Page};
use super::common::{f64s, kl_sum, q, text};
use super::{f2, grid, title};
use crate::{Base, Measure, Q};
use nalgebra::{Matrix3, RowVector3};
use plotters::prelude::SeriesLabelPosition as Pos;

/// The noisy channel `K_t = (1 − t)·I + t·U` (U: every row uniform).
fn kernel(t: &Q) -> Matrix3<Q> {
    let third = q(1, 3);
    Matrix3::from_fn(|i, j| {
        let stay = if i == j { q(1, 1) - t } else { q(0, 1) };
        stay + t * &third
    })
}

pub(super) fn page() -> Page {
    let mut b = Builder::new(
        "data-processing",
        title("data-processing"),
        "Two hypotheses P and Q about a signal; we only see it through a noisy channel K. Can processing the signal ever make the two easier to tell apart?",
    );
    let p = RowVector3::new(q(1, 2), q(1, 4), q(1, 4));
    let qq = RowVector3::new(q(1, 6), q(1, 3), q(1, 2));
    let k = kernel(&q(1, 2));
    let (pk, qk) = (&p * &k, &qq * &k);
    let v = |r: &RowVector3<Q>| r.iter().cloned().collect::<Vec<Q>>();
    let (pv, qv, pkv, qkv) = (v(&p), v(&qq), v(&pk), v(&qk));
    let (ps, qs, pks, qks) = (text(&pv), text(&qv), text(&pkv), text(&qkv));
    b.input("P", "(1/2, 1/4, 1/4)")
        .input("Q", "(1/6, 1/3, 1/2)")
        .input("channel K", "keeps the symbol with probability 1/2, otherwise replaces it by a uniform one: rows (2/3, 1/6, 1/6), (1/6, 2/3, 1/6), (1/6, 1/6, 2/3)")
        .input("outputs PK, QK", &format!("({}), ({}) (row vector times matrix, exact rationals with nalgebra)", pks.replace(',', ", "), qks.replace(',', ", ")));
    b.note("Passing both distributions through the same stochastic matrix can only lose information: KL(PK‖QK) ≤ KL(P‖Q). No post-processing of data — no clever feature, no channel — creates evidence that was not there.");
    b.value("KL(P‖Q)", Measure::Kl, &ps, Some(&qs), Base::E);
    b.value("KL(PK‖QK)", Measure::Kl, &pks, Some(&qks), Base::E);
    let out = kl_sum(&pkv, &qkv);
    b.check_at(
        &format!("KL(P||Q) >= {out}"),
        Some(&ps),
        Some(&qs),
        None,
        None,
    );
    b.about("KL(P‖Q) ≥ KL(PK‖QK) at these numbers (the right side is KL(PK‖QK) written out)");
    b.check_at(
        &format!("KL(P||Q) <= {out}"),
        Some(&ps),
        Some(&qs),
        None,
        None,
    );
    b.about("wrong variant: the channel increases KL");
    b.check("data-processing");
    b.about("the data processing inequality, for all inputs");
    b.check("data-processing.twin");
    b.about("its wrong twin");
    let name = b.next_plot_name();
    b.plot(bars(
        &name,
        "Inputs and outputs of the channel",
        "Bar chart over three symbols of four distributions: P and Q, and their images PK and QK through the channel, which are pulled towards uniform and closer to each other.",
        &[
            ("P".into(), f64s(&pv)),
            ("Q".into(), f64s(&qv)),
            ("PK".into(), f64s(&pkv)),
            ("QK".into(), f64s(&qkv)),
        ],
    ));
    let (pf, qf) = (f64s(&pv), f64s(&qv));
    let kl_pq = f2(Measure::Kl, &pf, &qf);
    let curve = grid(0.0, 1.0, 200)
        .map(|t| {
            let kt = Matrix3::from_fn(|i, j| if i == j { 1.0 - t } else { 0.0 } + t / 3.0);
            let pt = RowVector3::from_row_slice(&pf) * kt;
            let qt = RowVector3::from_row_slice(&qf) * kt;
            (t, f2(Measure::Kl, pt.as_slice(), qt.as_slice()))
        })
        .collect();
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "KL after the channel, against its noise level t",
        "Curve of KL(PK_t‖QK_t) in nats for the channel K_t = (1 − t)·I + t·U against the noise level t from 0 (no noise) to 1 (the output ignores the input); the flat line is KL(P‖Q). The curve starts on the line and falls to zero, never rising above it.",
        Axes { x: "noise level t", y: "nats", xr: 0.0..1.0, yr: 0.0..(kl_pq * 1.2) },
        &[
            Series { label: "KL(PK_t‖QK_t)".into(), color: 0, points: curve, markers: false },
            Series { label: "KL(P‖Q)".into(), color: 1, points: vec![(0.0, kl_pq), (1.0, kl_pq)], markers: false },
        ],
        Pos::UpperRight,
    ));
    b.build()
}
