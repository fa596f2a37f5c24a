//! Forward (mass-covering) vs reverse (mode-seeking) KL fits of one
//! binomial to a two-component mixture.

use super::super::plot::{histogram, lines, Axes, Bars, Series};
use super::super::{Builder, Page};
use super::common::{binomial, f64s, q, text};
use super::{f2, title};
use crate::{Base, Measure, Q};
use plotters::prelude::SeriesLabelPosition as Pos;

const N: u32 = 10;

pub(super) fn page() -> Page {
    let mut b = Builder::new(
        "forward-reverse",
        title("forward-reverse"),
        "A population is a half-and-half mixture of two groups, one succeeding in 1/5 of its 10 trials, the other in 4/5. Fit a single binomial Bin(10, θ) to it. Which θ does KL(mixture‖model) choose, and which does KL(model‖mixture) choose?",
    );
    let (lo, hi) = (binomial(N, &q(1, 5)), binomial(N, &q(4, 5)));
    let mix: Vec<Q> = lo.iter().zip(&hi).map(|(a, c)| (a + c) / q(2, 1)).collect();
    let mf = f64s(&mix);
    // reverse fit: the float minimizer over a grid of 1/1000, then the nearest 1/100
    let rev_kl = |t: f64| {
        f2(
            Measure::Kl,
            &f64s(&binomial(N, &Q::from_float(t).expect("finite"))),
            &mf,
        )
    };
    let (_, best) = (1..500)
        .map(|i| (rev_kl(i as f64 / 1000.0), i))
        .fold((f64::INFINITY, 0), |a, x| if x.0 < a.0 { x } else { a });
    let theta_r = q(((best as f64) / 10.0).round() as i64, 100);
    let fwd = binomial(N, &q(1, 2));
    let rev = binomial(N, &theta_r);
    let (m, fw, rv) = (text(&mix), text(&fwd), text(&rev));
    let tr = crate::num::q_text(&theta_r);
    b.input("mixture P", "½·Bin(10, 1/5) + ½·Bin(10, 4/5)")
        .input("forward fit", "Bin(10, 1/2): the minimizer of KL(P‖Bin(10, θ))")
        .input("reverse fit", &format!("Bin(10, {tr}): the minimizer of KL(Bin(10, θ)‖P) on a grid of step 1/1000, rounded to 1/100"));
    b.note("Forward KL, KL(P‖Q_θ), is an expectation under the mixture: wherever P has mass and the model has little, it pays heavily, so the fit spreads out to cover both humps. For a binomial family its minimizer matches the mean exactly: θ = E_P[k]/10 = 1/2. Reverse KL, KL(Q_θ‖P), is an expectation under the model: it pays for putting mass where P has little, so the fit hides inside one hump (by symmetry there is a mirror-image fit at 1 − θ).");
    b.value(
        "forward fit: KL(P‖Bin(10, 1/2))",
        Measure::Kl,
        &m,
        Some(&fw),
        Base::E,
    );
    b.value(
        &format!("forward KL of the reverse fit: KL(P‖Bin(10, {tr}))"),
        Measure::Kl,
        &m,
        Some(&rv),
        Base::E,
    );
    b.value(
        &format!("reverse fit: KL(Bin(10, {tr})‖P)"),
        Measure::Kl,
        &rv,
        Some(&m),
        Base::E,
    );
    b.value(
        "reverse KL of the forward fit: KL(Bin(10, 1/2)‖P)",
        Measure::Kl,
        &fw,
        Some(&m),
        Base::E,
    );
    b.check_at("KL(P||Q) < KL(P||R)", Some(&m), Some(&fw), Some(&rv), None);
    b.about("forward KL prefers the mass-covering fit Bin(10, 1/2)");
    b.check_at("KL(R||P) < KL(Q||P)", Some(&m), Some(&fw), Some(&rv), None);
    b.about("reverse KL prefers the mode-seeking fit");
    b.check_at("KL(Q||P) <= KL(R||P)", Some(&m), Some(&fw), Some(&rv), None);
    b.about("wrong variant: reverse KL prefers the mass-covering fit");
    let ks = |v: &[Q]| {
        f64s(v)
            .into_iter()
            .enumerate()
            .map(|(k, y)| (k as f64, y))
            .collect::<Vec<_>>()
    };
    let name = b.next_plot_name();
    b.plot(histogram(
        &name,
        "The mixture and the two fits",
        &format!("Bars: the mixture ½·Bin(10, 1/5) + ½·Bin(10, 4/5) over 0 to 10 successes, with two humps at 2 and 8. Lines with markers: the forward-KL fit Bin(10, 1/2), centred between the humps and covering both, and the reverse-KL fit Bin(10, {tr}), sitting on the left hump."),
        crate::report::plot::Axes { x: "successes in 10 trials", y: "probability", xr: -0.6..10.6, yr: 0.0..0.36 },
        &[Bars { label: "mixture P".into(), color: 4, points: ks(&mix) }],
        &[
            Series { label: "forward fit Bin(10, 1/2)".into(), color: 0, points: ks(&fwd), markers: true },
            Series { label: format!("reverse fit Bin(10, {tr})"), color: 1, points: ks(&rev), markers: true },
        ],
        Pos::UpperMiddle,
    ));
    let ts: Vec<f64> = (10..=90).map(|i| i as f64 / 100.0).collect();
    let fwd_c = ts
        .iter()
        .map(|&t| {
            (
                t,
                f2(
                    Measure::Kl,
                    &mf,
                    &f64s(&binomial(N, &Q::from_float(t).expect("finite"))),
                ),
            )
        })
        .collect();
    let rev_c = ts.iter().map(|&t| (t, rev_kl(t))).collect();
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "Forward and reverse KL against θ",
        "Two curves over θ from 0.1 to 0.9, in nats: the forward KL(P‖Bin(10, θ)) has a single minimum at θ = 1/2; the reverse KL(Bin(10, θ)‖P) has two minima near 0.22 and 0.78, one per hump, and a local maximum at θ = 1/2.",
        Axes { x: "θ", y: "nats", xr: 0.1..0.9, yr: 0.0..7.0 },
        &[
            Series { label: "forward KL(P‖Bin(10, θ))".into(), color: 0, points: fwd_c, markers: false },
            Series { label: "reverse KL(Bin(10, θ)‖P)".into(), color: 1, points: rev_c, markers: false },
        ],
        Pos::UpperMiddle,
    ));
    b.build()
}
