//! KL between Gaussians: the closed form (exact in logarithms for
//! rational parameters) against Simpson's rule on statrs densities with a
//! derived error bound; the multivariate closed form through nalgebra.

use super::super::plot::{lines, Axes, Series};
use super::super::{Builder, Page};
use super::{grid, title};
use crate::num::q_text;
use crate::Q;
use nalgebra::{Matrix2, Vector2};
use num_traits::{One, Zero};
use plotters::prelude::SeriesLabelPosition as Pos;
use statrs::distribution::{Continuous, Normal};

/// Simpson's rule for `∫ p ln(p/q)` with `p = N(mu, s²)`, `q = N(0, 1)` on
/// `[mu − L·s, mu + L·s]`; returns the value and a bound on its error.
///
/// In `u = (x − mu)/s` the integrand is `φ(u)·A(u)/s` with
/// `A(u) = a0 + a1·u + a2·u²` (`a0 = −ln s + mu²/2`, `a1 = mu·s`,
/// `a2 = (s² − 1)/2`), so its k-th x-derivative is `φ(u)·P_k(u)/s^(k+1)`
/// with `P_(k+1) = P_k' − u·P_k`, and `|u^j φ(u)| ≤ (j/e)^(j/2)/√(2π)`
/// bounds the fourth derivative. The tails beyond `|u| = L` are bounded by
/// the Gaussian tail moments (`∫_(|u|>L) φ ≤ 2φ(L)/L`, `∫ |u|φ = 2φ(L)`,
/// `∫ u²φ ≤ 2Lφ(L) + 2φ(L)/L`). Floating-point evaluation is allowed for
/// by `64·ε·Σ|w_i f_i|` (statrs' `pdf`/`ln_pdf` assumed within 16 ulps:
/// an assumption, not a proof).
pub(crate) fn simpson_kl(mu: f64, s: f64, n: usize, l: f64) -> (f64, f64) {
    let p = Normal::new(mu, s).expect("valid normal");
    let q = Normal::new(0.0, 1.0).expect("valid normal");
    let f = |x: f64| p.pdf(x) * (p.ln_pdf(x) - q.ln_pdf(x));
    let (a, b) = (mu - l * s, mu + l * s);
    let n = n + n % 2;
    let h = (b - a) / n as f64;
    let (mut sum, mut abs) = (0.0, 0.0);
    for i in 0..=n {
        let w = if i == 0 || i == n {
            1.0
        } else if i % 2 == 1 {
            4.0
        } else {
            2.0
        };
        let t = w * f(a + i as f64 * h);
        sum += t;
        abs += t.abs();
    }
    let value = sum * h / 3.0;
    // P_4 from A
    let mut poly = vec![-s.ln() + mu * mu / 2.0, mu * s, (s * s - 1.0) / 2.0];
    let a_coef = poly.clone();
    for _ in 0..4 {
        let mut next = vec![0.0; poly.len() + 1];
        for (j, c) in poly.iter().enumerate() {
            if j > 0 {
                next[j - 1] += j as f64 * c;
            }
            next[j + 1] -= c;
        }
        poly = next;
    }
    let inv_sqrt_2pi = 1.0 / (2.0 * std::f64::consts::PI).sqrt();
    let sup = |j: usize| {
        if j == 0 {
            1.0
        } else {
            (j as f64 / std::f64::consts::E).powf(j as f64 / 2.0)
        }
    };
    let m4: f64 = poly
        .iter()
        .enumerate()
        .map(|(j, c)| c.abs() * sup(j))
        .sum::<f64>()
        * inv_sqrt_2pi
        / s.powi(5);
    let quad = (b - a) * h.powi(4) * m4 / 180.0;
    let phi_l = inv_sqrt_2pi * (-l * l / 2.0).exp();
    let t0 = 2.0 * phi_l / l;
    let tail = a_coef[0].abs() * t0
        + a_coef[1].abs() * 2.0 * phi_l
        + a_coef[2].abs() * (2.0 * l * phi_l + t0);
    let round = 64.0 * f64::EPSILON * abs * h / 3.0;
    // factor 2: slack for the rounding of the bound's own arithmetic
    (value, 2.0 * (quad + tail + round))
}

/// `x` rounded to `sig` significant digits, as decimal text.
fn sig_text(x: f64, sig: usize) -> String {
    let e = x.abs().log10().floor() as i64;
    let decimals = (sig as i64 - 1 - e).max(0) as usize;
    format!("{x:.decimals$}")
}

/// Round a bound up to 2 significant digits (decimal text).
fn bound_text(x: f64) -> String {
    let e = x.log10().floor() as i32;
    let m = (x / 10f64.powi(e - 1)).ceil();
    format!("{}e{}", m / 10.0, e)
}

fn qf(x: f64) -> Q {
    Q::from_float(x).expect("finite")
}

pub(super) fn page() -> Page {
    let mut b = Builder::new(
        "gaussian-kl",
        title("gaussian-kl"),
        "How far is the Gaussian N(μ, σ²) from the standard normal N(0, 1)? The closed form is exact; how close does numerical integration of the densities come, and can we bound its error?",
    );
    b.input("P", "N(μ, σ²) with μ = 1/2, σ² = 2")
        .input("Q", "N(0, 1)")
        .input("bivariate", "N(μ0, Σ0) vs N(μ1, Σ1): μ0 = (0, 0), Σ0 = [[2, 1], [1, 2]], μ1 = (1, 1), Σ1 = [[3, 1], [1, 3]]");
    let kl1 = "1/2*((1/2)^2 + 2 - ln(2) - 1)";
    b.expr(
        "KL(N(1/2, 2)‖N(0, 1)) = ½(μ² + σ² − ln σ² − 1)",
        kl1,
        "nats",
    );
    let (approx, bound) = simpson_kl(0.5, 2f64.sqrt(), 20_000, 12.0);
    // the printed approximation has 12 significant digits; its rounding joins the bound
    let a_txt = sig_text(approx, 12);
    let a_val: f64 = a_txt.parse().expect("decimal");
    let b_txt = bound_text(bound + (approx - a_val).abs() + 1e-13);
    b.note(&format!(
        "Numerical integration (an approximation, not certified digits): Simpson's rule with 20,000 intervals on μ ± 12σ, applied to p·ln(p/q) with statrs' Normal densities, gives {a_txt} with error at most {b_txt}. The bound adds Simpson's error term (from a bound on the fourth derivative of the integrand, derived in closed form), the two tails beyond ±12σ, and an allowance for floating-point rounding that assumes statrs' densities are accurate to 16 ulps."
    ));
    b.check(&format!("{a_txt} - {b_txt} <= {kl1} <= {a_txt} + {b_txt}"));
    b.about("the numerical integral's interval contains the closed form");
    b.check(&format!(
        "{a_txt} - {b_txt} <= 1/2*((1/2)^2 + 2 + ln(2) - 1) <= {a_txt} + {b_txt}"
    ));
    b.about("wrong variant: the closed form with +ln σ² is outside the interval");
    // bivariate: det, inverse and trace by nalgebra in f64, verified exactly in rationals
    let s0 = Matrix2::new(2.0, 1.0, 1.0, 2.0);
    let s1 = Matrix2::new(3.0, 1.0, 1.0, 3.0);
    let d = Vector2::new(1.0, 1.0) - Vector2::new(0.0, 0.0);
    let inv1 = s1.try_inverse().expect("Σ1 is invertible");
    let (det0, det1) = (s0.determinant(), s1.determinant());
    let to_q = |m: &Matrix2<f64>| m.map(qf);
    let (s0q, s1q, inv1q) = (to_q(&s0), to_q(&s1), to_q(&inv1));
    assert_eq!(
        &s1q * &inv1q,
        Matrix2::from_diagonal_element(Q::one()),
        "nalgebra's inverse is exact"
    );
    let det_exact = |m: &Matrix2<Q>| &m[(0, 0)] * &m[(1, 1)] - &m[(0, 1)] * &m[(1, 0)];
    assert_eq!(det_exact(&s0q), qf(det0), "det Σ0 exact");
    assert_eq!(det_exact(&s1q), qf(det1), "det Σ1 exact");
    let tr = (&inv1q * &s0q).trace();
    let dq = d.map(qf);
    let quad = (dq.transpose() * &inv1q * &dq)[(0, 0)].clone();
    assert!(!tr.is_zero());
    let kl2 = format!(
        "1/2*({} + {} - 2 + ln({}/{}))",
        q_text(&tr),
        q_text(&quad),
        q_text(&qf(det1)),
        q_text(&qf(det0))
    );
    b.note(&format!(
        "Bivariate: KL(N0‖N1) = ½(tr(Σ1⁻¹Σ0) + (μ1 − μ0)ᵀΣ1⁻¹(μ1 − μ0) − k + ln(det Σ1/det Σ0)) with k = 2. nalgebra gives det Σ0 = {}, det Σ1 = {}, tr(Σ1⁻¹Σ0) = {} and (μ1 − μ0)ᵀΣ1⁻¹(μ1 − μ0) = {}; each is verified exactly in rationals (Σ1·Σ1⁻¹ = I, the determinants by cofactors) before it enters the formula.",
        q_text(&qf(det0)), q_text(&qf(det1)), q_text(&tr), q_text(&quad)
    ));
    b.expr("bivariate KL(N(μ0, Σ0)‖N(μ1, Σ1))", &kl2, "nats");
    b.check(&format!("{kl2} >= 0"));
    b.about("the bivariate value is non-negative (Gibbs)");
    b.check(&format!(
        "1/2*({} + {} - 2 + ln({}/{})) >= 0",
        q_text(&tr),
        q_text(&quad),
        q_text(&qf(det0)),
        q_text(&qf(det1))
    ));
    b.about("wrong variant: the determinant ratio inverted gives a negative “divergence”");
    b.check(&format!("{kl1} = 1/2*(2 + (1/2)^2 - 1 + ln(1/2))"));
    b.about("the univariate formula is the bivariate one with k = 1");
    let p = Normal::new(0.5, 2f64.sqrt()).expect("normal");
    let q = Normal::new(0.0, 1.0).expect("normal");
    let xs: Vec<f64> = grid(-5.0, 6.0, 400).collect();
    let name = b.next_plot_name();
    b.plot(lines(
        &name,
        "The densities and the KL integrand",
        "Three curves over x from −5 to 6: the density of P = N(1/2, 2), the density of Q = N(0, 1), and the integrand p(x)·ln(p(x)/q(x)), whose area is KL(P‖Q). The integrand is negative near the centre, where q exceeds p, and positive in the tails, where P puts mass that Q considers unlikely.",
        Axes { x: "x", y: "density", xr: -5.0..6.0, yr: -0.12..0.45 },
        &[
            Series { label: "p = N(1/2, 2)".into(), color: 0, points: xs.iter().map(|&x| (x, p.pdf(x))).collect(), markers: false },
            Series { label: "q = N(0, 1)".into(), color: 1, points: xs.iter().map(|&x| (x, q.pdf(x))).collect(), markers: false },
            Series { label: "p·ln(p/q)".into(), color: 2, points: xs.iter().map(|&x| (x, p.pdf(x) * (p.ln_pdf(x) - q.ln_pdf(x)))).collect(), markers: false },
        ],
        Pos::UpperRight,
    ));
    b.build()
}

#[cfg(test)]
mod tests {
    use super::simpson_kl;

    #[test]
    fn simpson_bound_contains_the_closed_form() {
        // closed form 5/8 − ln(2)/2, by hand from ½(μ² + σ² − ln σ² − 1)
        let exact = 0.625 - std::f64::consts::LN_2 / 2.0;
        let (v, e) = simpson_kl(0.5, 2f64.sqrt(), 20_000, 12.0);
        assert!((v - exact).abs() <= e, "{v} ± {e} vs {exact}");
        assert!(e < 1e-9);
        // a coarse rule has a larger bound that still contains the value
        let (v, e) = simpson_kl(0.5, 2f64.sqrt(), 200, 12.0);
        assert!((v - exact).abs() <= e && e > 1e-6, "{v} ± {e}");
    }
}
