//! Free energy: F(Q) − F(P) = kT·KL(Q‖P) for the Boltzmann distribution P.

use super::super::plot::{bars, lines, Axes, Series};
use super::super::{Builder, Page};
use super::common::{entropy_sum, f64s, kl_sum, q, text, weighted};
use super::{f2, title};
use crate::{Base, Measure, Q};
use plotters::prelude::SeriesLabelPosition as Pos;

/// kT in meV (about 290 K).
const KT: f64 = 25.0;

pub(super) fn page() -> Page {
    let mut b = Builder::new(
        "free-energy",
        title("free-energy"),
        "A system with four states sits in a heat bath at temperature T. Its equilibrium is the Boltzmann distribution P. If we prepare it in another distribution Q, how much extra free energy does it hold — energy that could be extracted as work while it relaxes?",
    );
    let p = [q(1, 2), q(1, 4), q(1, 8), q(1, 8)];
    let u = [q(1, 3), q(1, 3), q(1, 6), q(1, 6)];
    let energies = ["0", "25*ln(2)", "50*ln(2)", "50*ln(2)"];
    let e: Vec<String> = energies.iter().map(|s| s.to_string()).collect();
    let (ps, us) = (text(&p), text(&u));
    b.input(
        "kT",
        "25 meV (room temperature, about 290 K; an input, read off as given)",
    )
    .input(
        "energies E",
        "(0, kT·ln 2, 2kT·ln 2, 2kT·ln 2) = (0, 25·ln 2, 50·ln 2, 50·ln 2) meV",
    )
    .input(
        "equilibrium P ∝ e^(−E/kT)",
        "(1/2, 1/4, 1/8, 1/8), partition function Z = 2",
    )
    .input("prepared state Q", "(1/3, 1/3, 1/6, 1/6)");
    b.note("The free energy of a distribution is F = E_Q[E] − kT·H(Q) (the energy that is not tied up in disorder). It is smallest at the Boltzmann distribution, F(P) = −kT·ln Z, and the excess of any other distribution is exactly kT times its KL divergence from equilibrium: F(Q) − F(P) = kT·KL(Q‖P). The energies are chosen as multiples of kT·ln 2 so that P is rational and every value in the table has an exact closed form.");
    let f = |d: &[Q]| format!("({} - 25*{})", weighted(d, &e), entropy_sum(d));
    let (fp, fq) = (f(&p), f(&u));
    b.expr("energy of state 2: kT·ln 2", "25*ln(2)", "meV");
    b.expr("energy of states 3 and 4: 2kT·ln 2", "50*ln(2)", "meV");
    b.expr("F(P) = E_P[E] − kT·H(P)", &fp, "meV");
    b.expr("F(Q) = E_Q[E] − kT·H(Q)", &fq, "meV");
    b.expr("F(Q) − F(P)", &format!("{fq} - {fp}"), "meV");
    b.value("KL(Q‖P)", Measure::Kl, &us, Some(&ps), Base::E);
    b.expr("kT·KL(Q‖P)", &format!("25*{}", kl_sum(&u, &p)), "meV");
    b.check_at(
        &format!("25*KL(Q||P) = {fq} - {fp}"),
        Some(&ps),
        Some(&us),
        None,
        None,
    );
    b.about("F(Q) − F(P) = kT·KL(Q‖P) at these numbers");
    b.check_at(
        &format!("25*KL(P||Q) = {fq} - {fp}"),
        Some(&ps),
        Some(&us),
        None,
        None,
    );
    b.about("wrong variant: KL in the other direction");
    b.check(&format!("{fp} = -25*ln(2)"));
    b.about("F(P) = −kT·ln Z with Z = 2");
    b.check("free-energy");
    b.about("the identity with kT = 1, for all inputs");
    b.check("free-energy.twin");
    b.about("its wrong twin");
    let name = b.next_plot_name();
    b.plot(bars(
        &name,
        "Equilibrium P and the prepared state Q",
        "Bar chart over the four states, ordered by energy (0, kT·ln 2, 2kT·ln 2, 2kT·ln 2): the Boltzmann distribution P = (1/2, 1/4, 1/8, 1/8), which favours low energy, and the prepared state Q = (1/3, 1/3, 1/6, 1/6), which puts more weight on the higher energies.",
        &[("P (equilibrium)".into(), f64s(&p)), ("Q (prepared)".into(), f64s(&u))],
    ));
    let (pf, uf) = (f64s(&p), f64s(&u));
    let ef: Vec<f64> = [0.0, 1.0, 2.0, 2.0]
        .iter()
        .map(|k| k * KT * std::f64::consts::LN_2)
        .collect();
    let free = |d: &[f64]| {
        d.iter().zip(&ef).map(|(x, e)| x * e).sum::<f64>() - KT * f2(Measure::CrossEntropy, d, d)
    };
    let qt = |t: f64| {
        pf.iter()
            .zip(&uf)
            .map(|(a, c)| (1.0 - t) * a + t * c)
            .collect::<Vec<f64>>()
    };
    let fp_f = free(&pf);
    let curve = (0..=100)
        .map(|i| i as f64 / 100.0)
        .map(|t| (t, free(&qt(t)) - fp_f))
        .collect();
    let marks = (0..=5)
        .map(|i| i as f64 / 5.0)
        .map(|t| (t, KT * f2(Measure::Kl, &qt(t), &pf)))
        .collect();
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "Excess free energy along Q_t = (1 − t)·P + t·Q",
        "Curve of F(Q_t) − F(P) in meV for the states between equilibrium (t = 0) and the prepared state Q (t = 1), rising from 0 to kT·KL(Q‖P); the markers are kT·KL(Q_t‖P) at t = 0, 0.2, …, 1 and lie on the curve.",
        Axes { x: "t", y: "F(Q_t) − F(P) (meV)", xr: 0.0..1.0, yr: 0.0..1.8 },
        &[
            Series { label: "F(Q_t) − F(P)".into(), color: 0, points: curve, markers: false },
            Series { label: "kT·KL(Q_t‖P)".into(), color: 1, points: marks, markers: true },
        ],
        Pos::UpperLeft,
    ));
    b.build()
}
