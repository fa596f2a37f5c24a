//! Scratch probe (not shipped).
use infocert::exact::engine::ExactEngine;
use infocert::measures::{Args, Measure};
use infocert::num::{f64_to_q, q_to_f64};
fn main() {
    let p: Vec<_> = [0.0f64, 1.0].iter().map(|&x| f64_to_q(x).unwrap()).collect();
    let q: Vec<_> = [5e-324f64, 1.0].iter().map(|&x| f64_to_q(x).unwrap()).collect();
    let args = Args { p: Some(&p[..]), q: Some(&q[..]), joint: None, alpha: None };
    for prec in [600u32, 1200, 2400] {
        for m in [Measure::Jsd, Measure::JsDistance] {
            let r = m.evaluate(&ExactEngine::numeric(prec), &args).unwrap();
            let b = r.enclose(prec);
            println!("{prec} {m:?} {:?}", b.map(|b| { let (l, h) = b.bounds_q(); (q_to_f64(&l), q_to_f64(&h)) }));
        }
    }
}
