//! The inputs of the peer bugs in `research/peers.md` §2, one spec each.
//!
//! Every input marked VERIFIED there is here (as the doubles the peer
//! saw), together with a few reported ones whose inputs are plain
//! vectors. The expected values are computed by infocert like every other
//! case; `tests/conformance.rs` checks them against the figures quoted in
//! peers.md.

use super::case::{Input, Recipe};
use super::generate::{Spec, SplitMix64};
use crate::exact::Base;
use crate::measures::Measure;

/// The peer-bug specs (generator `peer`).
pub fn peer_specs(_: &mut SplitMix64) -> Vec<Spec> {
    use Measure::*;
    let g = "peer";
    let v =
        |name: &str, m: Measure, p: Vec<f64>, q: Option<Vec<f64>>| Spec::vectors(g, name, m, p, q);
    // numpy: np.array([...], dtype='float32') rounds the Python float (a double) to float32
    let f32s = |xs: [f64; 2]| xs.iter().map(|&x| x as f32 as f64).collect::<Vec<f64>>();
    let x = f64::from_bits(0.5f64.to_bits() - 1); // np.nextafter(0.5, 0)
    let sub = f64::from_bits(1); // 5e-324
    let p28 = vec![0.3227202611002553, 0.3880801793049, 0.2891995595948446];
    let q28 = vec![0.32272026089787254, 0.3880801793107335, 0.289199559791394];
    let half_pair = (vec![0.5, 0.5], vec![0.5 + 1e-9, 0.5 - 1e-9]);
    let dit3 = (vec![0.2, 0.3, 0.5], vec![0.2 + 1e-8, 0.3 - 1e-8, 0.5]);
    let mi9 = [
        0.009678808383292973,
        0.26463511103708026,
        0.18899686522787024,
        0.004785003769584984,
        0.13083015529708727,
        0.0934361624635678,
        0.006426719006765464,
        0.17571744688067273,
        0.1254937279340783,
    ];
    let tiny = f64::MIN_POSITIVE;
    let counts: Vec<f64> = (1..=271).map(f64::from).collect();
    let mut counts0 = counts.clone();
    counts0[0] = 0.0;
    let mut out = vec![
        v("scipy-20083", JsDistance,
          f32s([0.027501475, 0.055202297]), Some(f32s([0.027537677, 0.055334348])))
            .tags("near-identical,unnormalized")
            .note("scipy/scipy#20083: jensenshannon on these float32 values → nan; exact 1.7883362019890852e-4 (normalized)"),
        v("scipy-20779", JsDistance, vec![x, 1.0 - x], Some(vec![1.0 - x, x]))
            .tags("near-identical")
            .note("scipy/scipy#20779: x = nextafter(0.5, 0): jensenshannon → nan; exact 3.9252311467094379e-17"),
        v("scipy-19436", JsDistance, vec![0.0, 1.0], Some(vec![sub, 1.0]))
            .tags("subnormal,zeros")
            .note("scipy/scipy#19436: jensenshannon → inf; exact 1.3085492146388467e-162"),
        v("scipy-js-cdist-28x", JsDistance, p28.clone(), Some(q28.clone()))
            .tags("near-identical")
            .note("jensenshannon 1.8048071045899685e-10 vs cdist 'jensenshannon' 5.16e-9 (28x); exact 1.80480710e-10"),
        v("scipy-20710", Kl, vec![4.0], Some(vec![tiny]))
            .tags("unnormalized,overflow")
            .note("scipy/scipy#20710: rel_entr(4, tiny) → inf before PR #20816; correct 2839.13085157"),
        v("scipy-20710-sum", Kl, vec![2.0, 3.0, 4.0], Some(vec![tiny; 3]))
            .tags("unnormalized,overflow")
            .note("scipy/scipy#20710: rel_entr([2,3,4], tiny) summed"),
        v("scipy-logp-cancellation", Kl, half_pair.0.clone(), Some(half_pair.1.clone()))
            .tags("near-identical")
            .note("scipy entropy(p, q) → 5.751115111609008e-17 (exact 5.7511151229152405e-17); logp kl_divergence → 1.0902230237088824e-16"),
        v("scipy-12553", Kl, vec![0.5, 0.5], Some(vec![0.3, 0.3]))
            .tags("unnormalized")
            .note("scipy/scipy#12553: entropy([1/2,1/2], qk=[3/10,3/10]) → 0.0 (silent normalization)"),
        v("scipy-no-validation-empty", Entropy, vec![], None)
            .tags("invalid")
            .note("scipy entropy([]) → 0.0"),
        v("scipy-no-validation-zeros", Entropy, vec![0.0, 0.0], None)
            .tags("invalid")
            .note("scipy entropy([0,0]) → nan"),
        v("scipy-ndarray-stats-negative", Entropy, vec![-0.5, 1.5], None)
            .tags("invalid")
            .note("scipy entropy([-0.5,1.5]) → -inf; ndarray-stats entropy → NaN"),
        v("scipy-rel-entr-negative", Kl, vec![-1.0], Some(vec![1.0]))
            .tags("invalid")
            .note("scipy rel_entr(-1, 1) → inf"),
        v("dit-kl-1e-9", Kl, half_pair.0.clone(), Some(half_pair.1.clone()))
            .base(Base::Two)
            .tags("near-identical")
            .note("dit 2.3 KL → 0.0 bits; exact 8.297e-17"),
        v("dit-kl-1e-8", Kl, dit3.0.clone(), Some(dit3.1.clone()))
            .base(Base::Two)
            .tags("near-identical")
            .note("dit 2.3 KL → 4.44e-16 bits; exact 6.011e-16"),
        v("dit-jsd-28x", Jsd, p28, Some(q28))
            .base(Base::Two)
            .tags("near-identical")
            .note("dit 2.3 JSD → -2.220446049250313e-16 bits; exact +4.6993e-20"),
        Spec::joint(g, "dit-mi-product", Mi, mi9.chunks(3).map(<[f64]>::to_vec).collect())
            .base(Base::Two)
            .tags("near-identical")
            .note("dit 2.3 MI of a product joint → -4.440892098500626e-16 bits; exact 2.7e-34"),
        v("ndarray-stats-kl-subnormal", Kl, vec![sub, 1.0], Some(vec![0.5, 0.5]))
            .tags("subnormal")
            .note("ndarray-stats 0.7.0 kl_divergence → Ok(-inf); exact 0.6931471805599453"),
        v("ndarray-stats-kl-unnormalized", Kl, vec![1.0, 1.0], Some(vec![3.0, 3.0]))
            .tags("unnormalized")
            .note("ndarray-stats 0.7.0 kl_divergence([1,1],[3,3]) → -2.1972245773362196 (as given; 0 normalized)"),
        v("logp-kl-subnormal-q", Kl, vec![0.5, 0.5], Some(vec![1.0, sub]))
            .tags("subnormal")
            .note("logp 0.2.4 kl_divergence → Ok(inf); exact 371.52688878013069"),
        v("logp-jsd-half", Jsd, vec![x, 1.0 - x], Some(vec![1.0 - x, x]))
            .tags("near-identical")
            .note("logp 0.2.4 jensen_shannon_divergence → -5.551115123125782e-17; exact 1.54e-33"),
        v("logp-jsd-3", Jsd,
          vec![5.795793904484127e-7, 0.49041673947543124, 0.5095826809451783],
          Some(vec![5.795793900988789e-7, 0.49041673935305075, 0.5095826810675592]))
            .tags("near-identical")
            .note("logp 0.2.4 JS → -2.8279965627583563e-17; exact 7.49e-21"),
        v("gibbs-negative", Kl,
          vec![0.6720976591387724, 0.28466864239501943, 0.04323369846620814],
          Some(vec![0.6720976592538707, 0.2846686422614195, 0.04323369848470988]))
            .tags("near-identical,unnormalized")
            .note("research/peers.md: exact KL as given −9.0160456076378745e-17 (float inputs do not sum to 1)"),
        // reported (not reproduced in peers.md), plain-vector inputs
        v("torchmetrics-1029-zero", Kl, vec![0.5, 0.5, 0.0], Some(vec![0.5, 0.5, 0.0]))
            .tags("zeros,reported")
            .note("Lightning-AI/torchmetrics#1029: expected 0"),
        v("torchmetrics-1029-inf", Kl, vec![0.3, 0.3, 0.4], Some(vec![0.5, 0.5, 0.0]))
            .tags("zeros,inf,reported")
            .note("Lightning-AI/torchmetrics#1029: expected inf, not nan"),
        v("philentropy-4", Jsd, vec![1.0, 0.0], Some(vec![0.5, 0.5]))
            .base(Base::Two)
            .tags("zeros,reported")
            .note("drostlab/philentropy#4: JSD → 0.06127812, correct 0.3112781"),
        v("philentropy-1", Jsd, vec![0.3, 0.3, 0.4], Some(vec![0.5, 0.5, 0.0]))
            .base(Base::Two)
            .tags("zeros,reported")
            .note("drostlab/philentropy#1: JSD → NaN"),
        v("philentropy-17", Jsd, vec![1.0, 0.0], Some(vec![1.0, 0.0]))
            .base(Base::Two)
            .tags("zeros,identical,reported")
            .note("drostlab/philentropy#17: gJSD errors; expected 0"),
        v("philentropy-26", Kl, counts, Some(counts0))
            .tags("zeros,inf,unnormalized,reported")
            .note("drostlab/philentropy#26: KL(est.prob = \"empirical\") → -7.181671e-08; P puts mass where Q has none: +inf"),
        v("distributions-jl-793", Kl, vec![0.0, 0.1, 0.9], Some(vec![0.1, 0.1, 0.8]))
            .tags("zeros,reported")
            .note("JuliaStats/Distributions.jl#793: kldivergence → NaN"),
        v("statsbase-769", Entropy, vec![0.125, 0.125], None)
            .base(Base::Two)
            .tags("unnormalized,reported")
            .note("JuliaStats/StatsBase.jl#769: entropy([0.125,0.125], 2) → 0.75 (as given; 1 normalized)"),
        Spec::joint(g, "sklearn-10778", Mi, vec![vec![1.0, 1.0], vec![0.0, 1.0]])
            .tags("unnormalized,reported")
            .note("scikit-learn#10778: mutual_info_score([0,0,1],[0,1,1]) = 0.17442 nats (contingency counts)"),
        Spec::joint(g, "sklearn-10778", Mi, vec![vec![1.0, 1.0], vec![0.0, 1.0]])
            .base(Base::Two)
            .tags("unnormalized,reported")
            .note("scikit-learn#10778: the user expected 0.25163 bits"),
        v("tfp-241", Entropy, vec![0.0, 0.5, 0.5], None)
            .tags("zeros,reported")
            .note("tensorflow/probability#241: Categorical entropy NaN for [0, 0.5, 0.5]"),
        v("jax-21192", Kl, vec![0.7, 0.3, 0.0, 0.0], Some(vec![0.0, 0.3, 0.7, 0.0]))
            .tags("zeros,inf,reported")
            .note("jax-ml/jax#21192: rel_entr elementwise [inf, 0, 0.7, 0] vs scipy [inf, 0, 0, 0]"),
        v("pytorch-43348", Kl, vec![0.5, 0.5], Some(vec![0.5, 0.5]))
            .tags("identical,reported")
            .note("pytorch/pytorch#43348: kl_div(a, a) ≠ 0"),
    ];
    let mut ones = Spec::vectors(g, "scipy-4080", Entropy, vec![], None)
        .base(Base::Two)
        .tags("unnormalized")
        .note("scipy/scipy#4080: entropy(np.ones(1000, dtype=np.int8), base=2) → 9.965784284662083 = log2 1000 (normalized; 0 as given)");
    ones.p = Some(Input::Recipe(Recipe::Ones(1000)));
    out.push(ones);
    out.into_iter().map(|s| s.tags("peer")).collect()
}
