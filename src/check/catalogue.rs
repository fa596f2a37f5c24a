//! The identity catalogue as data: every identity and inequality of the
//! design's catalogue, with its source and a deliberately wrong twin that
//! must be refuted; and the false claims found in the source texts, which
//! must be refuted too. Every item is a statement of the claims language
//! ([`crate::claims`]) — its domain is the statement's `where` clause — and
//! nothing else: no item has relation code of its own.
//!
//! ```
//! use infocert::catalogue::{Config, GIBBS, KL_SYMMETRIC};
//! let fast = Config { cases: 20, max_denom: 4, ..Config::default() };
//! GIBBS.check(fast.clone()).assert_holds();
//! GIBBS.twin.unwrap().check(fast.clone()).assert_refuted();
//! let r = KL_SYMMETRIC.check(fast);
//! assert_eq!(r.counterexample().instance.n, 2);
//! ```

use super::campaign::{run, Config};
use super::report::{Report, Truth};
use super::target::Target;
use crate::claims::parse_statement;

/// A catalogue item.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    /// Short id, as typed after `infocert check`.
    pub id: &'static str,
    /// Name.
    pub title: &'static str,
    /// The statement, in the claims language.
    pub statement: &'static str,
    /// Where it comes from.
    pub source: &'static str,
    /// True theorem or false claim.
    pub truth: Truth,
    /// The deliberately wrong twin (for true items).
    pub twin: Option<&'static Item>,
}

impl Item {
    /// The runnable target.
    ///
    /// **Panics** if a catalogued statement does not parse or resolve (a
    /// bug, caught by the tests).
    pub fn target(&self) -> Target {
        let st = parse_statement(self.statement).unwrap_or_else(|e| panic!("{}: {e}", self.id));
        Target::new(self.id, st).unwrap_or_else(|e| panic!("{}: {e}", self.id))
    }

    /// Run a campaign; the report says what the item is catalogued as.
    pub fn check(&self, cfg: Config) -> Report {
        let mut r = run(&self.target(), &cfg);
        r.expected = Some(self.truth);
        r
    }
}

/// Look an item up by id (twins are `<id>.twin`).
pub fn find(id: &str) -> Option<&'static Item> {
    all().into_iter().find(|i| i.id == id)
}

/// Every item, each true item followed by its twin.
pub fn all() -> Vec<&'static Item> {
    let mut v = Vec::new();
    for i in CATALOGUE {
        v.push(*i);
        if let Some(t) = i.twin {
            v.push(t);
        }
    }
    v
}

macro_rules! item {
    ($name:ident, $id:literal, $title:literal, $st:literal, $source:literal, $truth:ident, $twin:expr) => {
        #[doc = concat!($title, ": `", $st, "`.")]
        pub const $name: Item = Item {
            id: $id,
            title: $title,
            statement: $st,
            source: $source,
            truth: Truth::$truth,
            twin: $twin,
        };
    };
}

// --- equalities ---

item!(
    CROSS_ENTROPY,
    "cross-entropy",
    "Cross-entropy decomposition",
    "H(P,Q) = H(P) + KL(P||Q)",
    "Cover & Thomas, ch. 2; source text 004",
    True,
    Some(&CROSS_ENTROPY_TWIN)
);

item!(
    CROSS_ENTROPY_TWIN,
    "cross-entropy.twin",
    "Wrong twin: cross-entropy with the sign of KL flipped",
    "H(P,Q) = H(P) - KL(P||Q)",
    "wrong twin",
    False,
    None
);

item!(
    BREGMAN,
    "bregman",
    "Bregman form of the generalized KL",
    "sum_i(a[i]*ln(a[i]/b[i]) - a[i] + b[i]) = sum_i(a[i]*ln(a[i])) - sum_i(b[i]*ln(b[i])) - sum_i((ln(b[i]) + 1)*(a[i] - b[i])) where a: vector, b: positive",
    "Bregman divergence of negative entropy; source text 001",
    True,
    Some(&BREGMAN_TWIN)
);

item!(
    BREGMAN_TWIN,
    "bregman.twin",
    "Wrong twin: Bregman form with + ⟨∇F(b), a − b⟩",
    "sum_i(a[i]*ln(a[i]/b[i]) - a[i] + b[i]) = sum_i(a[i]*ln(a[i])) - sum_i(b[i]*ln(b[i])) + sum_i((ln(b[i]) + 1)*(a[i] - b[i])) where a: vector, b: positive",
    "wrong twin",
    False,
    None
);

item!(
    JSD_SYMMETRY,
    "jsd-symmetry",
    "JSD is symmetric",
    "JSD(P,Q) = JSD(Q,P)",
    "Lin (1991), Divergence measures based on the Shannon entropy",
    True,
    Some(&JSD_SYMMETRY_TWIN)
);

item!(
    JSD_SYMMETRY_TWIN,
    "jsd-symmetry.twin",
    "Wrong twin: JSD to the mixture equals JSD",
    "JSD(P,Q) = JSD(P,M)",
    "wrong twin",
    False,
    None
);

item!(
    JSD_ENTROPY,
    "jsd-entropy",
    "JSD as entropy of the mixture minus mean entropy",
    "JSD(P,Q) = H(M) - 1/2*H(P) - 1/2*H(Q) = 1/2*KL(P||M) + 1/2*KL(Q||M)",
    "Lin (1991)",
    True,
    Some(&JSD_ENTROPY_TWIN)
);

item!(
    JSD_ENTROPY_TWIN,
    "jsd-entropy.twin",
    "Wrong twin: mean entropy minus entropy of the mixture",
    "JSD(P,Q) = 1/2*H(P) + 1/2*H(Q) - H(M)",
    "wrong twin",
    False,
    None
);

item!(
    ELBO,
    "elbo",
    "ELBO decomposition",
    "ln(P_X[1]) = ELBO + KL(Q||P_{Z|X=1}) and ELBO = sum_z(Q[z]*ln(P_XZ[1,z]/P_Z[z])) - KL(Q||P_Z) where P_XZ: joint, Q: dist, ELBO := sum_z(Q[z]*ln(P_XZ[1,z]/Q[z])), P_X[1] > 0, supp(Q) <= supp(P_{Z|X=1})",
    "variational inference; source text 003",
    True,
    Some(&ELBO_TWIN)
);

item!(
    ELBO_TWIN,
    "elbo.twin",
    "Wrong twin: ELBO minus KL",
    "ln(P_X[1]) = ELBO - KL(Q||P_{Z|X=1}) where P_XZ: joint, Q: dist, ELBO := sum_z(Q[z]*ln(P_XZ[1,z]/Q[z])), P_X[1] > 0, supp(Q) <= supp(P_{Z|X=1})",
    "wrong twin",
    False,
    None
);

item!(
    MUTUAL_INFORMATION,
    "mutual-information",
    "Mutual information through entropies",
    "I(X;Y) = H(X) - H(X|Y) = H(X) + H(Y) - H(X,Y)",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    True,
    Some(&MUTUAL_INFORMATION_TWIN)
);

item!(
    MUTUAL_INFORMATION_TWIN,
    "mutual-information.twin",
    "Wrong twin: joint entropy minus marginals",
    "I(X;Y) = H(X,Y) - H(X) - H(Y)",
    "wrong twin",
    False,
    None
);

item!(
    MI_KL,
    "mi-kl",
    "Mutual information as a KL divergence",
    "I(X;Y) = KL(P_XY||P_X ⊗ P_Y)",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    True,
    Some(&MI_KL_TWIN)
);

item!(
    MI_KL_TWIN,
    "mi-kl.twin",
    "Wrong twin: KL in the other direction",
    "I(X;Y) = KL(P_X ⊗ P_Y||P_XY)",
    "wrong twin",
    False,
    None
);

item!(
    CHAIN_RULE,
    "chain-rule",
    "Chain rule of entropy",
    "H(X,Y) = H(X) + H(Y|X)",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    True,
    Some(&CHAIN_RULE_TWIN)
);

item!(
    CHAIN_RULE_TWIN,
    "chain-rule.twin",
    "Wrong twin: conditioning the wrong way",
    "H(X,Y) = H(X) + H(X|Y)",
    "wrong twin",
    False,
    None
);

item!(
    KL_CHAIN,
    "kl-chain-rule",
    "Chain rule of KL",
    "KL(P_XY||Q_XY) = KL(P_X||Q_X) + E[x~P_X](KL(P_{Y|X=x}||Q_{Y|X=x})) where Q_XY > 0",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    True,
    Some(&KL_CHAIN_TWIN)
);

item!(
    KL_CHAIN_TWIN,
    "kl-chain-rule.twin",
    "Wrong twin: conditional terms weighted by Q(x)",
    "KL(P_XY||Q_XY) = KL(P_X||Q_X) + E[x~P_X](Q_X[x]/P_X[x]*KL(P_{Y|X=x}||Q_{Y|X=x})) where Q_XY > 0",
    "wrong twin",
    False,
    None
);

item!(
    FREE_ENERGY,
    "free-energy",
    "Free energy and the Boltzmann distribution",
    "sum_i(Q[i]*(-ln(w[i]))) - H(Q) - (sum_i(P[i]*(-ln(w[i]))) - H(P)) = KL(Q||P) where w: positive, Q: dist, P := w/sum(w)",
    "statistical mechanics; source text 000",
    True,
    Some(&FREE_ENERGY_TWIN)
);

item!(
    FREE_ENERGY_TWIN,
    "free-energy.twin",
    "Wrong twin: KL the other way",
    "sum_i(Q[i]*(-ln(w[i]))) - H(Q) - (sum_i(P[i]*(-ln(w[i]))) - H(P)) = KL(P||Q) where w: positive, Q: dist, P := w/sum(w)",
    "wrong twin",
    False,
    None
);

item!(
    KELLY,
    "kelly",
    "Kelly betting at odds 1/q",
    "sum_i(P[i]*ln(B[i]/Q[i])) <= sum_i(P[i]*ln(P[i]/Q[i])) = KL(P||Q) where P: dist, Q: dist, B: dist, Q > 0",
    "Kelly (1956); Cover & Thomas, ch. 6; source text 001",
    True,
    Some(&KELLY_TWIN)
);

item!(
    KELLY_TWIN,
    "kelly.twin",
    "Wrong twin: the growth is KL(Q‖P)",
    "sum_i(P[i]*ln(P[i]/Q[i])) = KL(Q||P) where P: dist, Q: dist, B: dist, Q > 0",
    "wrong twin",
    False,
    None
);

item!(
    CE_SAME_MINIMIZER,
    "ce-kl-same-minimizer",
    "Cross-entropy and KL differ by H(P): same minimizer over Q",
    "H(P,Q) - H(P,R) = KL(P||Q) - KL(P||R)",
    "source text 001 (reader comments)",
    True,
    Some(&CE_SAME_MINIMIZER_TWIN)
);

item!(
    CE_SAME_MINIMIZER_TWIN,
    "ce-kl-same-minimizer.twin",
    "Wrong twin: differences of opposite sign",
    "H(P,Q) - H(P,R) = KL(P||R) - KL(P||Q)",
    "wrong twin",
    False,
    None
);

item!(
    GIBBS,
    "gibbs",
    "Gibbs' inequality",
    "KL(P||Q) >= 0",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    True,
    Some(&GIBBS_TWIN)
);

item!(
    GIBBS_TWIN,
    "gibbs.twin",
    "Wrong twin: strict positivity",
    "KL(P||Q) > 0",
    "wrong twin",
    False,
    None
);

item!(
    GIBBS_EQUALITY,
    "gibbs-equality",
    "Equality in Gibbs' inequality",
    "KL(P||Q) = 0 <=> P = Q",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    True,
    Some(&GIBBS_EQUALITY_TWIN)
);

item!(
    GIBBS_EQUALITY_TWIN,
    "gibbs-equality.twin",
    "Wrong twin: zero iff equal supports",
    "KL(P||Q) = 0 <=> supp(P) = supp(Q)",
    "wrong twin",
    False,
    None
);

item!(
    PINSKER,
    "pinsker",
    "Pinsker's inequality",
    "TV(P,Q) <= sqrt(KL(P||Q)/2)",
    "Pinsker (1964); Tsybakov (2009), ch. 2",
    True,
    Some(&PINSKER_TWIN)
);

item!(
    PINSKER_TWIN,
    "pinsker.twin",
    "Wrong twin: Pinsker with constant 1/4",
    "TV(P,Q) <= sqrt(KL(P||Q)/4)",
    "wrong twin",
    False,
    None
);

item!(
    BRETAGNOLLE_HUBER,
    "bretagnolle-huber",
    "Bretagnolle–Huber inequality",
    "TV(P,Q) <= sqrt(1 - exp(-KL(P||Q)))",
    "Bretagnolle & Huber (1979); Tsybakov (2009), ch. 2",
    True,
    Some(&BRETAGNOLLE_HUBER_TWIN)
);

item!(
    BRETAGNOLLE_HUBER_TWIN,
    "bretagnolle-huber.twin",
    "Wrong twin: without the square root",
    "TV(P,Q) <= 1 - exp(-KL(P||Q))",
    "wrong twin",
    False,
    None
);

item!(
    JSD_BOUNDS,
    "jsd-bounds",
    "JSD lies in [0, ln 2]",
    "0 <= JSD(P,Q) <= ln(2)",
    "Lin (1991)",
    True,
    Some(&JSD_BOUNDS_TWIN)
);

item!(
    JSD_BOUNDS_TWIN,
    "jsd-bounds.twin",
    "Wrong twin: ln 2 never reached",
    "JSD(P,Q) < ln(2)",
    "wrong twin",
    False,
    None
);

item!(
    JS_TRIANGLE,
    "js-triangle",
    "The JS distance √JSD obeys the triangle inequality",
    "JS(P,R) <= JS(P,Q) + JS(Q,R)",
    "Endres & Schindelin (2003)",
    True,
    Some(&JS_TRIANGLE_TWIN)
);

item!(
    JS_TRIANGLE_TWIN,
    "js-triangle.twin",
    "Wrong twin: JSD itself (no square root) as a metric",
    "JSD(P,R) <= JSD(P,Q) + JSD(Q,R)",
    "wrong twin",
    False,
    None
);

item!(
    ENTROPY_BOUNDS,
    "entropy-bounds",
    "Entropy bounds",
    "0 <= H(P) <= ln(|supp(P)|)",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    True,
    Some(&ENTROPY_BOUNDS_TWIN)
);

item!(
    ENTROPY_BOUNDS_TWIN,
    "entropy-bounds.twin",
    "Wrong twin: the bound is never reached",
    "H(P) < ln(|supp(P)|)",
    "wrong twin",
    False,
    None
);

item!(
    CONDITIONING,
    "conditioning-reduces-entropy",
    "Conditioning reduces entropy",
    "H(X|Y) <= H(X)",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    True,
    Some(&CONDITIONING_TWIN)
);

item!(
    CONDITIONING_TWIN,
    "conditioning-reduces-entropy.twin",
    "Wrong twin: strictly",
    "H(X|Y) < H(X)",
    "wrong twin",
    False,
    None
);

item!(
    MI_NONNEG,
    "mi-nonnegative",
    "Mutual information is non-negative",
    "I(X;Y) >= 0",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    True,
    Some(&MI_NONNEG_TWIN)
);

item!(
    MI_NONNEG_TWIN,
    "mi-nonnegative.twin",
    "Wrong twin: strictly positive",
    "I(X;Y) > 0",
    "wrong twin",
    False,
    None
);

item!(
    ELBO_BOUND,
    "elbo-bound",
    "The ELBO is a lower bound",
    "sum_z(Q[z]*ln(P_XZ[1,z]/Q[z])) <= ln(P_X[1]) where P_XZ: joint, Q: dist, P_X[1] > 0, supp(Q) <= supp(P_{Z|X=1})",
    "variational inference; source text 003",
    True,
    Some(&ELBO_BOUND_TWIN)
);

item!(
    ELBO_BOUND_TWIN,
    "elbo-bound.twin",
    "Wrong twin: a strict bound",
    "sum_z(Q[z]*ln(P_XZ[1,z]/Q[z])) < ln(P_X[1]) where P_XZ: joint, Q: dist, P_X[1] > 0, supp(Q) <= supp(P_{Z|X=1})",
    "wrong twin",
    False,
    None
);

item!(
    DATA_PROCESSING,
    "data-processing",
    "Data processing inequality",
    "KL(P*K||Q*K) <= KL(P||Q)",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    True,
    Some(&DATA_PROCESSING_TWIN)
);

item!(
    DATA_PROCESSING_TWIN,
    "data-processing.twin",
    "Wrong twin: processing increases KL",
    "KL(P*K||Q*K) >= KL(P||Q)",
    "wrong twin",
    False,
    None
);

item!(
    JOINT_CONVEXITY,
    "joint-convexity",
    "Joint convexity of KL",
    "KL(λ*P1 + (1 - λ)*P2||λ*Q1 + (1 - λ)*Q2) <= λ*KL(P1||Q1) + (1 - λ)*KL(P2||Q2) where P1: dist, Q1: dist, P2: dist, Q2: dist, λ in (0,1)",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    True,
    Some(&JOINT_CONVEXITY_TWIN)
);

item!(
    JOINT_CONVEXITY_TWIN,
    "joint-convexity.twin",
    "Wrong twin: joint concavity",
    "KL(λ*P1 + (1 - λ)*P2||λ*Q1 + (1 - λ)*Q2) >= λ*KL(P1||Q1) + (1 - λ)*KL(P2||Q2) where P1: dist, Q1: dist, P2: dist, Q2: dist, λ in (0,1)",
    "wrong twin",
    False,
    None
);

item!(
    LOG_SUM,
    "log-sum",
    "Log-sum inequality",
    "sum_i(a[i]*ln(a[i]/b[i])) >= sum(a)*ln(sum(a)/sum(b)) where a: vector, b: positive",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    True,
    Some(&LOG_SUM_TWIN)
);

item!(
    LOG_SUM_TWIN,
    "log-sum.twin",
    "Wrong twin: reversed",
    "sum_i(a[i]*ln(a[i]/b[i])) <= sum(a)*ln(sum(a)/sum(b)) where a: vector, b: positive",
    "wrong twin",
    False,
    None
);

item!(
    CHI2_BOUNDS,
    "chi2-bounds",
    "KL ≤ ln(1 + χ²) ≤ χ²",
    "KL(P||Q) <= ln(1 + Chi2(P||Q)) <= Chi2(P||Q) where Q > 0",
    "Gibbs & Su (2002), On choosing and bounding probability metrics",
    True,
    Some(&CHI2_BOUNDS_TWIN)
);

item!(
    CHI2_BOUNDS_TWIN,
    "chi2-bounds.twin",
    "Wrong twin: χ² below KL",
    "Chi2(P||Q) <= KL(P||Q) where Q > 0",
    "wrong twin",
    False,
    None
);

item!(
    HELLINGER_TV,
    "hellinger-tv",
    "Hellinger–TV bounds",
    "Hel(P,Q)^2 <= TV(P,Q) <= sqrt(2)*Hel(P,Q)",
    "Le Cam (1986); Gibbs & Su (2002)",
    True,
    Some(&HELLINGER_TV_TWIN)
);

item!(
    HELLINGER_TV_TWIN,
    "hellinger-tv.twin",
    "Wrong twin: TV below the squared Hellinger distance",
    "TV(P,Q) <= Hel(P,Q)^2",
    "wrong twin",
    False,
    None
);

item!(
    RENYI_MONOTONE,
    "renyi-monotone",
    "Rényi divergence is non-decreasing in α",
    "Renyi[1/2](P||Q) <= KL(P||Q) <= Renyi[2](P||Q) <= Renyi[inf](P||Q)",
    "van Erven & Harremoës (2014)",
    True,
    Some(&RENYI_MONOTONE_TWIN)
);

item!(
    RENYI_MONOTONE_TWIN,
    "renyi-monotone.twin",
    "Wrong twin: non-increasing",
    "Renyi[2](P||Q) <= KL(P||Q)",
    "wrong twin",
    False,
    None
);

item!(
    RENYI_LIMIT,
    "renyi-limit",
    "Rényi divergence tends to KL as α → 1",
    "Renyi[9/10](P||Q) <= Renyi[99/100](P||Q) <= KL(P||Q) <= Renyi[101/100](P||Q) <= Renyi[11/10](P||Q) and (P != Q => Renyi[101/100](P||Q) - Renyi[99/100](P||Q) < Renyi[11/10](P||Q) - Renyi[9/10](P||Q)) where supp(P) = supp(Q)",
    "van Erven & Harremoës (2014)",
    True,
    Some(&RENYI_LIMIT_TWIN)
);

item!(
    RENYI_LIMIT_TWIN,
    "renyi-limit.twin",
    "Wrong twin: orders below 1 exceed KL",
    "Renyi[9/10](P||Q) >= KL(P||Q) where supp(P) = supp(Q)",
    "wrong twin",
    False,
    None
);

item!(
    SHANNON_CODE,
    "shannon-code",
    "Shannon code for Q used on P",
    "H(P) + KL(P||Q) <= ln(2)*sum_i(P[i]*ceil(-log2(Q[i]))) < H(P) + KL(P||Q) + ln(2) where supp(P) <= supp(Q)",
    "Cover & Thomas, ch. 5; source text 001",
    True,
    Some(&SHANNON_CODE_TWIN)
);

item!(
    SHANNON_CODE_TWIN,
    "shannon-code.twin",
    "Wrong twin: the mismatched code within one bit of H(P)",
    "ln(2)*sum_i(P[i]*ceil(-log2(Q[i]))) <= H(P) + ln(2) where supp(P) <= supp(Q)",
    "wrong twin",
    False,
    None
);

item!(
    KL_SYMMETRIC,
    "kl-symmetric",
    "False: KL is symmetric",
    "KL(P||Q) = KL(Q||P) where P > 0, Q > 0",
    "a common misreading; refuted in source texts 000, 002",
    False,
    None
);

item!(
    KL_TRIANGLE,
    "kl-triangle",
    "False: KL obeys the triangle inequality",
    "KL(P||R) <= KL(P||Q) + KL(Q||R) where P > 0, Q > 0, R > 0",
    "source text 002 mentions it fails",
    False,
    None
);

item!(
    TV_LE_KL,
    "tv-le-kl",
    "False: TV ≤ KL",
    "TV(P,Q) <= KL(P||Q)",
    "a common misreading of Pinsker's inequality",
    False,
    None
);

item!(
    JSD_REVERSED,
    "jsd-reversed",
    "False: JSD with the KL arguments reversed",
    "JSD(P,Q) = 1/2*(KL(M||P) + KL(M||Q))",
    "source text 000, eq. (15)",
    False,
    None
);

item!(
    COND_ENTROPY_BLOG,
    "cond-entropy-log",
    "False: H(X|Y) = −Σ_y P(y) ln H(X|Y=y)",
    "H(X|Y) = -sum_y(P_Y[y]*ln(H(P_{X|Y=y}))) where all_y(P_Y[y] = 0 or |supp(P_{X|Y=y})| >= 2)",
    "source text 000, eq. (12); the true form is Σ_y P(y)·H(X|Y=y)",
    False,
    None
);

item!(
    CE_MAXIMIZES_KL,
    "ce-min-maximizes-kl",
    "False: minimizing cross-entropy over Q maximizes KL(P‖Q)",
    "H(P,Q) < H(P,R) => KL(P||Q) >= KL(P||R)",
    "source text 001 (corrected in its reader comments)",
    False,
    None
);

/// Every catalogue item (twins are reachable through [`Item::twin`]).
pub const CATALOGUE: &[&Item] = &[
    &CROSS_ENTROPY,
    &BREGMAN,
    &JSD_SYMMETRY,
    &JSD_ENTROPY,
    &ELBO,
    &MUTUAL_INFORMATION,
    &MI_KL,
    &CHAIN_RULE,
    &KL_CHAIN,
    &FREE_ENERGY,
    &KELLY,
    &CE_SAME_MINIMIZER,
    &GIBBS,
    &GIBBS_EQUALITY,
    &PINSKER,
    &BRETAGNOLLE_HUBER,
    &JSD_BOUNDS,
    &JS_TRIANGLE,
    &ENTROPY_BOUNDS,
    &CONDITIONING,
    &MI_NONNEG,
    &ELBO_BOUND,
    &DATA_PROCESSING,
    &JOINT_CONVEXITY,
    &LOG_SUM,
    &CHI2_BOUNDS,
    &HELLINGER_TV,
    &RENYI_MONOTONE,
    &RENYI_LIMIT,
    &SHANNON_CODE,
    &KL_SYMMETRIC,
    &KL_TRIANGLE,
    &TV_LE_KL,
    &JSD_REVERSED,
    &COND_ENTROPY_BLOG,
    &CE_MAXIMIZES_KL,
];
