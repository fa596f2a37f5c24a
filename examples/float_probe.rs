//! Scratch probe (not shipped).
use infocert::float;
use infocert::measures::{Args, Measure};
fn main() {
    let (p, q) = ([0.5, 0.5], [0.5 + 1e-9, 0.5 - 1e-9]);
    let args = Args { p: Some(&p[..]), q: Some(&q[..]), joint: None, alpha: None };
    for m in [Measure::Kl, Measure::Gkl, Measure::Entropy, Measure::CrossEntropy, Measure::Jsd, Measure::JsDistance, Measure::Tv, Measure::Hellinger, Measure::Chi2] {
        let a = float::evaluate_approx(m, &args).unwrap();
        let r = float::evaluate_correctly_rounded_detailed(m, &args).unwrap();
        println!("{:?} {:?} {:?}", m, a, r);
    }
}
