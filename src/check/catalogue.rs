//! The identity catalogue as values: every identity and inequality of the
//! design's catalogue, with its source, domain of validity and a
//! deliberately wrong twin that must be refuted; and the false claims found
//! in the source texts, which must be refuted too.
//!
//! ```
//! use infocert::catalogue::{Config, GIBBS, KL_SYMMETRIC};
//! let fast = Config { cases: 20, max_denom: 4, ..Config::default() };
//! GIBBS.check(fast.clone()).assert_holds();
//! GIBBS.twin.unwrap().check(fast.clone()).assert_refuted();
//! let r = KL_SYMMETRIC.check(fast);
//! assert_eq!(r.counterexample().instance.n, 2);
//! ```

use num_bigint::BigInt;
use num_traits::{One, Zero};

use super::arith::{Arith, Undefined};
use super::campaign::{run, Config};
use super::decide::compare;
use super::expr::JOINT;
use super::instance::{positive, support_within, Instance, Slot, SlotKind};
use super::report::{Report, Truth};
use super::target::{CustomFn, Domain, Relation, Target};
use crate::claims::{parse_claim, Rel};
use crate::exact::engine::Real;
use crate::measures::{self, Engine, Joint};
use crate::num::Q;

/// How an item is stated.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A claim in the claims language.
    Claim(&'static str),
    /// A relation computed in Rust over instances of a shape.
    Custom {
        /// The inputs.
        shape: &'static [Slot],
        /// The relations on an instance.
        eval: CustomFn,
    },
}

/// A catalogue item.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    /// Short id, as typed after `infocert check`.
    pub id: &'static str,
    /// Name.
    pub title: &'static str,
    /// The statement in plain notation (for claims: the claim itself).
    pub statement: &'static str,
    /// Where it comes from.
    pub source: &'static str,
    /// Domain of validity (`None`: every instance where both sides are defined).
    pub domain: Option<Domain>,
    /// True theorem or false claim.
    pub truth: Truth,
    /// How it is checked.
    pub kind: Kind,
    /// The deliberately wrong twin (for true items).
    pub twin: Option<&'static Item>,
}

impl Item {
    /// The runnable target.
    ///
    /// **Panics** if a catalogued claim does not parse (a bug, caught by tests).
    pub fn target(&self) -> Target {
        match self.kind {
            Kind::Claim(text) => {
                let c = parse_claim(text).unwrap_or_else(|e| panic!("{}: {e}", self.id));
                let mut t = Target::from_claim(self.id, c, self.domain);
                t.statement = self.statement.to_string();
                t
            }
            Kind::Custom { shape, eval } => {
                Target::custom(self.id, self.statement, shape, self.domain, eval)
            }
        }
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

// ---------------------------------------------------------------------------
// domains and shapes
// ---------------------------------------------------------------------------

const P: Slot = Slot::new("P", SlotKind::Dist);
const QS: Slot = Slot::new("Q", SlotKind::Dist);
const R: Slot = Slot::new("R", SlotKind::Dist);

fn q_positive(i: &Instance) -> bool {
    positive(i.get("Q"))
}
fn pq_positive(i: &Instance) -> bool {
    positive(i.get("P")) && positive(i.get("Q"))
}
fn pqr_positive(i: &Instance) -> bool {
    pq_positive(i) && positive(i.get("R"))
}
fn same_support(i: &Instance) -> bool {
    support_within(i.get("P"), i.get("Q")) && support_within(i.get("Q"), i.get("P"))
}
fn p_within_q(i: &Instance) -> bool {
    support_within(i.get("P"), i.get("Q"))
}

const Q_POS: Domain = Domain {
    text: "q > 0 everywhere",
    test: q_positive,
};
const PQ_POS: Domain = Domain {
    text: "p, q > 0 everywhere (both divergences finite)",
    test: pq_positive,
};
const PQR_POS: Domain = Domain {
    text: "p, q, r > 0 everywhere (every divergence finite)",
    test: pqr_positive,
};
const SAME_SUPPORT: Domain = Domain {
    text: "supp P = supp Q",
    test: same_support,
};
const P_WITHIN_Q: Domain = Domain {
    text: "q > 0 wherever p > 0 (finite code lengths)",
    test: p_within_q,
};

fn rq(n: i64, d: i64) -> Q {
    Q::new(BigInt::from(n), BigInt::from(d))
}

// ---------------------------------------------------------------------------
// the items
// ---------------------------------------------------------------------------

macro_rules! claim_item {
    ($name:ident, $id:literal, $title:literal, $claim:literal, $source:literal, $domain:expr, $truth:ident, $twin:expr) => {
        #[doc = concat!($title, ": `", $claim, "`.")]
        pub const $name: Item = Item {
            id: $id,
            title: $title,
            statement: $claim,
            source: $source,
            domain: $domain,
            truth: Truth::$truth,
            kind: Kind::Claim($claim),
            twin: $twin,
        };
    };
}

macro_rules! custom_item {
    ($name:ident, $id:literal, $title:literal, $stmt:literal, $source:literal, $domain:expr, $truth:ident, $shape:expr, $f:expr, $twin:expr) => {
        #[doc = concat!($title, ": `", $stmt, "`.")]
        pub const $name: Item = Item {
            id: $id,
            title: $title,
            statement: $stmt,
            source: $source,
            domain: $domain,
            truth: Truth::$truth,
            kind: Kind::Custom {
                shape: $shape,
                eval: $f,
            },
            twin: $twin,
        };
    };
}

// --- equalities ---

claim_item!(
    CROSS_ENTROPY,
    "cross-entropy",
    "Cross-entropy decomposition",
    "H(P,Q) = H(P) + KL(P||Q)",
    "Cover & Thomas, ch. 2; source text 004",
    None,
    True,
    Some(&CROSS_ENTROPY_TWIN)
);
claim_item!(
    CROSS_ENTROPY_TWIN,
    "cross-entropy.twin",
    "Wrong twin: cross-entropy with the sign of KL flipped",
    "H(P,Q) = H(P) - KL(P||Q)",
    "wrong twin",
    None,
    False,
    None
);

custom_item!(BREGMAN, "bregman", "Bregman form of the generalized KL",
    "Σ a ln(a/b) − a + b = F(a) − F(b) − ⟨∇F(b), a − b⟩, F(x) = Σ x ln x, on non-negative a and positive b",
    "Bregman divergence of negative entropy; source text 001", None, True,
    &[Slot::new("a", SlotKind::Vector), Slot::new("b", SlotKind::Positive)], bregman, Some(&BREGMAN_TWIN));
custom_item!(
    BREGMAN_TWIN,
    "bregman.twin",
    "Wrong twin: Bregman form with + ⟨∇F(b), a − b⟩",
    "Σ a ln(a/b) − a + b = F(a) − F(b) + ⟨∇F(b), a − b⟩",
    "wrong twin",
    None,
    False,
    &[
        Slot::new("a", SlotKind::Vector),
        Slot::new("b", SlotKind::Positive)
    ],
    bregman_twin,
    None
);

claim_item!(
    JSD_SYMMETRY,
    "jsd-symmetry",
    "JSD is symmetric",
    "JSD(P,Q) = JSD(Q,P)",
    "Lin (1991), Divergence measures based on the Shannon entropy",
    None,
    True,
    Some(&JSD_SYMMETRY_TWIN)
);
claim_item!(
    JSD_SYMMETRY_TWIN,
    "jsd-symmetry.twin",
    "Wrong twin: JSD to the mixture equals JSD",
    "JSD(P,Q) = JSD(P,M)",
    "wrong twin",
    None,
    False,
    None
);

claim_item!(
    JSD_ENTROPY,
    "jsd-entropy",
    "JSD as entropy of the mixture minus mean entropy",
    "JSD(P,Q) = H(M) - 1/2*H(P) - 1/2*H(Q) = 1/2*KL(P||M) + 1/2*KL(Q||M)",
    "Lin (1991)",
    None,
    True,
    Some(&JSD_ENTROPY_TWIN)
);
claim_item!(
    JSD_ENTROPY_TWIN,
    "jsd-entropy.twin",
    "Wrong twin: mean entropy minus entropy of the mixture",
    "JSD(P,Q) = 1/2*H(P) + 1/2*H(Q) - H(M)",
    "wrong twin",
    None,
    False,
    None
);

const ELBO_SHAPE: &[Slot] = &[
    Slot::new("p(x,z)", SlotKind::Joint),
    Slot::new("q", SlotKind::Dist),
];
const ELBO_DOMAIN: Domain = Domain {
    text: "p(x) > 0 for the observed x (row 1) and q(z) > 0 only where p(x,z) > 0",
    test: elbo_domain,
};
custom_item!(ELBO, "elbo", "ELBO decomposition",
    "ln p(x) = ELBO(q) + KL(q ‖ p(·|x)), ELBO(q) = Σ q ln(p(x,z)/q(z)) = E_q[ln p(x|z)] − KL(q ‖ p(z))",
    "variational inference; source text 003", Some(ELBO_DOMAIN), True, ELBO_SHAPE, elbo, Some(&ELBO_TWIN));
custom_item!(
    ELBO_TWIN,
    "elbo.twin",
    "Wrong twin: ELBO minus KL",
    "ln p(x) = ELBO(q) − KL(q ‖ p(·|x))",
    "wrong twin",
    Some(ELBO_DOMAIN),
    False,
    ELBO_SHAPE,
    elbo_twin,
    None
);

claim_item!(
    MUTUAL_INFORMATION,
    "mutual-information",
    "Mutual information through entropies",
    "I(X;Y) = H(X) - H(X|Y) = H(X) + H(Y) - H(X,Y)",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    None,
    True,
    Some(&MUTUAL_INFORMATION_TWIN)
);
claim_item!(
    MUTUAL_INFORMATION_TWIN,
    "mutual-information.twin",
    "Wrong twin: joint entropy minus marginals",
    "I(X;Y) = H(X,Y) - H(X) - H(Y)",
    "wrong twin",
    None,
    False,
    None
);

custom_item!(
    MI_KL,
    "mi-kl",
    "Mutual information as a KL divergence",
    "I(X;Y) = KL(P_XY ‖ P_X ⊗ P_Y)",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    None,
    True,
    &[Slot::new(JOINT, SlotKind::Joint)],
    mi_kl,
    Some(&MI_KL_TWIN)
);
custom_item!(
    MI_KL_TWIN,
    "mi-kl.twin",
    "Wrong twin: KL in the other direction",
    "I(X;Y) = KL(P_X ⊗ P_Y ‖ P_XY)",
    "wrong twin",
    None,
    False,
    &[Slot::new(JOINT, SlotKind::Joint)],
    mi_kl_twin,
    None
);

claim_item!(
    CHAIN_RULE,
    "chain-rule",
    "Chain rule of entropy",
    "H(X,Y) = H(X) + H(Y|X)",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    None,
    True,
    Some(&CHAIN_RULE_TWIN)
);
claim_item!(
    CHAIN_RULE_TWIN,
    "chain-rule.twin",
    "Wrong twin: conditioning the wrong way",
    "H(X,Y) = H(X) + H(X|Y)",
    "wrong twin",
    None,
    False,
    None
);

const KL_CHAIN_SHAPE: &[Slot] = &[
    Slot::new("P_XY", SlotKind::Joint),
    Slot::new("Q_XY", SlotKind::Joint),
];
const KL_CHAIN_DOMAIN: Domain = Domain {
    text: "Q_XY > 0 everywhere",
    test: q_joint_positive,
};
custom_item!(
    KL_CHAIN,
    "kl-chain-rule",
    "Chain rule of KL",
    "KL(P_XY ‖ Q_XY) = KL(P_X ‖ Q_X) + Σ_x P(x)·KL(P_Y|x ‖ Q_Y|x)",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    Some(KL_CHAIN_DOMAIN),
    True,
    KL_CHAIN_SHAPE,
    kl_chain,
    Some(&KL_CHAIN_TWIN)
);
custom_item!(
    KL_CHAIN_TWIN,
    "kl-chain-rule.twin",
    "Wrong twin: conditional terms weighted by Q(x)",
    "KL(P_XY ‖ Q_XY) = KL(P_X ‖ Q_X) + Σ_x Q(x)·KL(P_Y|x ‖ Q_Y|x)",
    "wrong twin",
    Some(KL_CHAIN_DOMAIN),
    False,
    KL_CHAIN_SHAPE,
    kl_chain_twin,
    None
);

const FREE_SHAPE: &[Slot] = &[Slot::new("w", SlotKind::Positive), QS];
custom_item!(
    FREE_ENERGY,
    "free-energy",
    "Free energy and the Boltzmann distribution",
    "F(Q) − F(P) = KL(Q‖P), P ∝ w, energies E = −ln w, F(Q) = E_Q[E] − H(Q) (kT = 1)",
    "statistical mechanics; source text 000",
    None,
    True,
    FREE_SHAPE,
    free_energy,
    Some(&FREE_ENERGY_TWIN)
);
custom_item!(
    FREE_ENERGY_TWIN,
    "free-energy.twin",
    "Wrong twin: KL the other way",
    "F(Q) − F(P) = KL(P‖Q)",
    "wrong twin",
    None,
    False,
    FREE_SHAPE,
    free_energy_twin,
    None
);

const KELLY_SHAPE: &[Slot] = &[P, QS, Slot::new("b", SlotKind::Dist)];
custom_item!(
    KELLY,
    "kelly",
    "Kelly betting at odds 1/q",
    "W(b) = Σ p ln(b/q) is largest at b = P, where W(P) = KL(P‖Q)",
    "Kelly (1956); Cover & Thomas, ch. 6; source text 001",
    Some(Q_POS),
    True,
    KELLY_SHAPE,
    kelly,
    Some(&KELLY_TWIN)
);
custom_item!(
    KELLY_TWIN,
    "kelly.twin",
    "Wrong twin: the growth is KL(Q‖P)",
    "W(P) = KL(Q‖P)",
    "wrong twin",
    Some(Q_POS),
    False,
    KELLY_SHAPE,
    kelly_twin,
    None
);

claim_item!(
    CE_SAME_MINIMIZER,
    "ce-kl-same-minimizer",
    "Cross-entropy and KL differ by H(P): same minimizer over Q",
    "H(P,Q) - H(P,R) = KL(P||Q) - KL(P||R)",
    "source text 001 (reader comments)",
    None,
    True,
    Some(&CE_SAME_MINIMIZER_TWIN)
);
claim_item!(
    CE_SAME_MINIMIZER_TWIN,
    "ce-kl-same-minimizer.twin",
    "Wrong twin: differences of opposite sign",
    "H(P,Q) - H(P,R) = KL(P||R) - KL(P||Q)",
    "wrong twin",
    None,
    False,
    None
);

// --- inequalities ---

claim_item!(
    GIBBS,
    "gibbs",
    "Gibbs' inequality",
    "KL(P||Q) >= 0",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    None,
    True,
    Some(&GIBBS_TWIN)
);
claim_item!(
    GIBBS_TWIN,
    "gibbs.twin",
    "Wrong twin: strict positivity",
    "KL(P||Q) > 0",
    "wrong twin",
    None,
    False,
    None
);

custom_item!(
    GIBBS_EQUALITY,
    "gibbs-equality",
    "Equality in Gibbs' inequality",
    "KL(P‖Q) = 0 iff P = Q (and KL(P‖Q) > 0 otherwise)",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    None,
    True,
    &[P, QS],
    gibbs_equality,
    Some(&GIBBS_EQUALITY_TWIN)
);
custom_item!(
    GIBBS_EQUALITY_TWIN,
    "gibbs-equality.twin",
    "Wrong twin: zero iff equal supports",
    "KL(P‖Q) = 0 iff supp P = supp Q",
    "wrong twin",
    None,
    False,
    &[P, QS],
    gibbs_equality_twin,
    None
);

claim_item!(
    PINSKER,
    "pinsker",
    "Pinsker's inequality",
    "TV(P,Q) <= sqrt(KL(P||Q)/2)",
    "Pinsker (1964); Tsybakov (2009), ch. 2",
    None,
    True,
    Some(&PINSKER_TWIN)
);
claim_item!(
    PINSKER_TWIN,
    "pinsker.twin",
    "Wrong twin: Pinsker with constant 1/4",
    "TV(P,Q) <= sqrt(KL(P||Q)/4)",
    "wrong twin",
    None,
    False,
    None
);

claim_item!(
    BRETAGNOLLE_HUBER,
    "bretagnolle-huber",
    "Bretagnolle–Huber inequality",
    "TV(P,Q) <= sqrt(1 - exp(-KL(P||Q)))",
    "Bretagnolle & Huber (1979); Tsybakov (2009), ch. 2",
    None,
    True,
    Some(&BRETAGNOLLE_HUBER_TWIN)
);
claim_item!(
    BRETAGNOLLE_HUBER_TWIN,
    "bretagnolle-huber.twin",
    "Wrong twin: without the square root",
    "TV(P,Q) <= 1 - exp(-KL(P||Q))",
    "wrong twin",
    None,
    False,
    None
);

claim_item!(
    JSD_BOUNDS,
    "jsd-bounds",
    "JSD lies in [0, ln 2]",
    "0 <= JSD(P,Q) <= ln(2)",
    "Lin (1991)",
    None,
    True,
    Some(&JSD_BOUNDS_TWIN)
);
claim_item!(
    JSD_BOUNDS_TWIN,
    "jsd-bounds.twin",
    "Wrong twin: ln 2 never reached",
    "JSD(P,Q) < ln(2)",
    "wrong twin",
    None,
    False,
    None
);

claim_item!(
    JS_TRIANGLE,
    "js-triangle",
    "The JS distance √JSD obeys the triangle inequality",
    "JS(P,R) <= JS(P,Q) + JS(Q,R)",
    "Endres & Schindelin (2003)",
    None,
    True,
    Some(&JS_TRIANGLE_TWIN)
);
claim_item!(
    JS_TRIANGLE_TWIN,
    "js-triangle.twin",
    "Wrong twin: JSD itself (no square root) as a metric",
    "JSD(P,R) <= JSD(P,Q) + JSD(Q,R)",
    "wrong twin",
    None,
    False,
    None
);

custom_item!(
    ENTROPY_BOUNDS,
    "entropy-bounds",
    "Entropy bounds",
    "0 ≤ H(P) ≤ ln |supp P|",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    None,
    True,
    &[P],
    entropy_bounds,
    Some(&ENTROPY_BOUNDS_TWIN)
);
custom_item!(
    ENTROPY_BOUNDS_TWIN,
    "entropy-bounds.twin",
    "Wrong twin: the bound is never reached",
    "H(P) < ln |supp P|",
    "wrong twin",
    None,
    False,
    &[P],
    entropy_bounds_twin,
    None
);

claim_item!(
    CONDITIONING,
    "conditioning-reduces-entropy",
    "Conditioning reduces entropy",
    "H(X|Y) <= H(X)",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    None,
    True,
    Some(&CONDITIONING_TWIN)
);
claim_item!(
    CONDITIONING_TWIN,
    "conditioning-reduces-entropy.twin",
    "Wrong twin: strictly",
    "H(X|Y) < H(X)",
    "wrong twin",
    None,
    False,
    None
);

claim_item!(
    MI_NONNEG,
    "mi-nonnegative",
    "Mutual information is non-negative",
    "I(X;Y) >= 0",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    None,
    True,
    Some(&MI_NONNEG_TWIN)
);
claim_item!(
    MI_NONNEG_TWIN,
    "mi-nonnegative.twin",
    "Wrong twin: strictly positive",
    "I(X;Y) > 0",
    "wrong twin",
    None,
    False,
    None
);

custom_item!(
    ELBO_BOUND,
    "elbo-bound",
    "The ELBO is a lower bound",
    "ELBO(q) ≤ ln p(x)",
    "variational inference; source text 003",
    Some(ELBO_DOMAIN),
    True,
    ELBO_SHAPE,
    elbo_bound,
    Some(&ELBO_BOUND_TWIN)
);
custom_item!(
    ELBO_BOUND_TWIN,
    "elbo-bound.twin",
    "Wrong twin: a strict bound",
    "ELBO(q) < ln p(x)",
    "wrong twin",
    Some(ELBO_DOMAIN),
    False,
    ELBO_SHAPE,
    elbo_bound_twin,
    None
);

const DPI_SHAPE: &[Slot] = &[P, QS, Slot::new("K", SlotKind::Kernel)];
custom_item!(
    DATA_PROCESSING,
    "data-processing",
    "Data processing inequality",
    "KL(PK ‖ QK) ≤ KL(P ‖ Q) for a stochastic matrix K",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    None,
    True,
    DPI_SHAPE,
    dpi,
    Some(&DATA_PROCESSING_TWIN)
);
custom_item!(
    DATA_PROCESSING_TWIN,
    "data-processing.twin",
    "Wrong twin: processing increases KL",
    "KL(PK ‖ QK) ≥ KL(P ‖ Q)",
    "wrong twin",
    None,
    False,
    DPI_SHAPE,
    dpi_twin,
    None
);

const JC_SHAPE: &[Slot] = &[
    Slot::new("P1", SlotKind::Dist),
    Slot::new("Q1", SlotKind::Dist),
    Slot::new("P2", SlotKind::Dist),
    Slot::new("Q2", SlotKind::Dist),
    Slot::new("λ", SlotKind::Unit),
];
custom_item!(
    JOINT_CONVEXITY,
    "joint-convexity",
    "Joint convexity of KL",
    "KL(λP1 + (1−λ)P2 ‖ λQ1 + (1−λ)Q2) ≤ λ·KL(P1‖Q1) + (1−λ)·KL(P2‖Q2)",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    None,
    True,
    JC_SHAPE,
    joint_convexity,
    Some(&JOINT_CONVEXITY_TWIN)
);
custom_item!(
    JOINT_CONVEXITY_TWIN,
    "joint-convexity.twin",
    "Wrong twin: joint concavity",
    "KL(λP1 + (1−λ)P2 ‖ λQ1 + (1−λ)Q2) ≥ λ·KL(P1‖Q1) + (1−λ)·KL(P2‖Q2)",
    "wrong twin",
    None,
    False,
    JC_SHAPE,
    joint_convexity_twin,
    None
);

const LOGSUM_SHAPE: &[Slot] = &[
    Slot::new("a", SlotKind::Vector),
    Slot::new("b", SlotKind::Positive),
];
custom_item!(
    LOG_SUM,
    "log-sum",
    "Log-sum inequality",
    "Σ a ln(a/b) ≥ (Σa)·ln(Σa/Σb) for a ≥ 0, b > 0",
    "Cover & Thomas, Elements of Information Theory (2nd ed.), ch. 2",
    None,
    True,
    LOGSUM_SHAPE,
    log_sum,
    Some(&LOG_SUM_TWIN)
);
custom_item!(
    LOG_SUM_TWIN,
    "log-sum.twin",
    "Wrong twin: reversed",
    "Σ a ln(a/b) ≤ (Σa)·ln(Σa/Σb)",
    "wrong twin",
    None,
    False,
    LOGSUM_SHAPE,
    log_sum_twin,
    None
);

claim_item!(
    CHI2_BOUNDS,
    "chi2-bounds",
    "KL ≤ ln(1 + χ²) ≤ χ²",
    "KL(P||Q) <= ln(1 + Chi2(P||Q)) <= Chi2(P||Q)",
    "Gibbs & Su (2002), On choosing and bounding probability metrics",
    Some(Q_POS),
    True,
    Some(&CHI2_BOUNDS_TWIN)
);
claim_item!(
    CHI2_BOUNDS_TWIN,
    "chi2-bounds.twin",
    "Wrong twin: χ² below KL",
    "Chi2(P||Q) <= KL(P||Q)",
    "wrong twin",
    Some(Q_POS),
    False,
    None
);

claim_item!(
    HELLINGER_TV,
    "hellinger-tv",
    "Hellinger–TV bounds",
    "Hel(P,Q)^2 <= TV(P,Q) <= sqrt(2)*Hel(P,Q)",
    "Le Cam (1986); Gibbs & Su (2002)",
    None,
    True,
    Some(&HELLINGER_TV_TWIN)
);
claim_item!(
    HELLINGER_TV_TWIN,
    "hellinger-tv.twin",
    "Wrong twin: TV below the squared Hellinger distance",
    "TV(P,Q) <= Hel(P,Q)^2",
    "wrong twin",
    None,
    False,
    None
);

claim_item!(
    RENYI_MONOTONE,
    "renyi-monotone",
    "Rényi divergence is non-decreasing in α",
    "Renyi[1/2](P||Q) <= KL(P||Q) <= Renyi[2](P||Q) <= Renyi[inf](P||Q)",
    "van Erven & Harremoës (2014)",
    None,
    True,
    Some(&RENYI_MONOTONE_TWIN)
);
claim_item!(
    RENYI_MONOTONE_TWIN,
    "renyi-monotone.twin",
    "Wrong twin: non-increasing",
    "Renyi[2](P||Q) <= KL(P||Q)",
    "wrong twin",
    None,
    False,
    None
);

custom_item!(
    RENYI_LIMIT,
    "renyi-limit",
    "Rényi divergence tends to KL as α → 1",
    "D_{1−ε} ≤ KL ≤ D_{1+ε} for ε = 1/10 and 1/100, the bracket narrowing as ε shrinks",
    "van Erven & Harremoës (2014)",
    Some(SAME_SUPPORT),
    True,
    &[P, QS],
    renyi_limit,
    Some(&RENYI_LIMIT_TWIN)
);
custom_item!(
    RENYI_LIMIT_TWIN,
    "renyi-limit.twin",
    "Wrong twin: orders below 1 exceed KL",
    "D_{9/10} ≥ KL",
    "wrong twin",
    Some(SAME_SUPPORT),
    False,
    &[P, QS],
    renyi_limit_twin,
    None
);

custom_item!(
    SHANNON_CODE,
    "shannon-code",
    "Shannon code for Q used on P",
    "H(P) + KL(P‖Q) ≤ E_P[ℓ] < H(P) + KL(P‖Q) + 1 bits, ℓ = ⌈−log2 q⌉ (stated in nats: times ln 2)",
    "Cover & Thomas, ch. 5; source text 001",
    Some(P_WITHIN_Q),
    True,
    &[P, QS],
    shannon_code,
    Some(&SHANNON_CODE_TWIN)
);
custom_item!(
    SHANNON_CODE_TWIN,
    "shannon-code.twin",
    "Wrong twin: the mismatched code within one bit of H(P)",
    "E_P[ℓ] ≤ H(P) + 1 bits",
    "wrong twin",
    Some(P_WITHIN_Q),
    False,
    &[P, QS],
    shannon_code_twin,
    None
);

// --- false claims of the source texts ---

claim_item!(
    KL_SYMMETRIC,
    "kl-symmetric",
    "False: KL is symmetric",
    "KL(P||Q) = KL(Q||P)",
    "a common misreading; refuted in source texts 000, 002",
    Some(PQ_POS),
    False,
    None
);
claim_item!(
    KL_TRIANGLE,
    "kl-triangle",
    "False: KL obeys the triangle inequality",
    "KL(P||R) <= KL(P||Q) + KL(Q||R)",
    "source text 002 mentions it fails",
    Some(PQR_POS),
    False,
    None
);
claim_item!(
    TV_LE_KL,
    "tv-le-kl",
    "False: TV ≤ KL",
    "TV(P,Q) <= KL(P||Q)",
    "a common misreading of Pinsker's inequality",
    None,
    False,
    None
);
claim_item!(
    JSD_REVERSED,
    "jsd-reversed",
    "False: JSD with the KL arguments reversed",
    "JSD(P,Q) = 1/2*(KL(M||P) + KL(M||Q))",
    "source text 000, eq. (15)",
    None,
    False,
    None
);
custom_item!(
    COND_ENTROPY_BLOG,
    "cond-entropy-log",
    "False: H(X|Y) = −Σ_y P(y) ln H(X|Y=y)",
    "H(X|Y) = −Σ_y P(y)·ln H(X|Y=y)",
    "source text 000, eq. (12); the true form is Σ_y P(y)·H(X|Y=y)",
    Some(Domain {
        text: "H(X|Y=y) > 0 for every y with P(y) > 0",
        test: cond_domain
    }),
    False,
    &[Slot::new(JOINT, SlotKind::Joint)],
    cond_entropy_blog,
    None
);
custom_item!(
    CE_MAXIMIZES_KL,
    "ce-min-maximizes-kl",
    "False: minimizing cross-entropy over Q maximizes KL(P‖Q)",
    "H(P,Q) < H(P,R) implies KL(P‖Q) ≥ KL(P‖R)",
    "source text 001 (corrected in its reader comments)",
    None,
    False,
    &[P, QS, R],
    ce_maximizes_kl,
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

// ---------------------------------------------------------------------------
// custom relations
// ---------------------------------------------------------------------------

type Rels = Result<Vec<Relation>, Undefined>;

fn one(l: &str, lv: Real, rel: Rel, r: &str, rv: Real) -> Rels {
    Ok(vec![Relation::new(l, lv, rel, r, rv)])
}

/// `⟨ln b, a − b⟩ + Σ(a − b)` = `⟨∇F(b), a − b⟩`.
fn bregman_parts(i: &Instance, a_: &Arith) -> Result<(Real, Real, Real, Real), Undefined> {
    let e = &a_.eng;
    let (a, b) = (i.get("a"), i.get("b"));
    let gkl = measures::gkl(e, a, b);
    let fa = a_.neg(measures::entropy(e, a));
    let fb = a_.neg(measures::entropy(e, b));
    let diff: Vec<Q> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    let lin = e.sum(a.len(), |k| e.neg_xlny(&diff[k], &b[k]));
    let grad = a_.add(a_.neg(lin), Real::q(diff.iter().sum()))?;
    Ok((gkl, fa, fb, grad))
}

fn bregman(i: &Instance, a: &Arith) -> Rels {
    let (g, fa, fb, grad) = bregman_parts(i, a)?;
    let r = a.sub(a.sub(fa, fb)?, grad)?;
    one(
        "Σ a ln(a/b) − a + b",
        g,
        Rel::Eq,
        "F(a) − F(b) − ⟨∇F(b), a − b⟩",
        r,
    )
}

fn bregman_twin(i: &Instance, a: &Arith) -> Rels {
    let (g, fa, fb, grad) = bregman_parts(i, a)?;
    let r = a.add(a.sub(fa, fb)?, grad)?;
    one(
        "Σ a ln(a/b) − a + b",
        g,
        Rel::Eq,
        "F(a) − F(b) + ⟨∇F(b), a − b⟩",
        r,
    )
}

fn elbo_domain(i: &Instance) -> bool {
    let n = i.n;
    let row = &i.get("p(x,z)")[..n];
    row.iter().any(|x| !x.is_zero()) && support_within(i.get("q"), row)
}

/// `(ln p(x), ELBO, KL(q‖p(·|x)), E_q[ln p(x|z)], KL(q‖p(z)))`.
fn elbo_parts(i: &Instance, a: &Arith) -> Result<[Real; 5], Undefined> {
    let e = &a.eng;
    let n = i.n;
    let j = i.get("p(x,z)");
    let q = i.get("q");
    let row = &j[..n];
    let px: Q = row.iter().sum();
    let pz: Vec<Q> = (0..n)
        .map(|z| (0..n).map(|x| &j[x * n + z]).sum())
        .collect();
    let post: Vec<Q> = row.iter().map(|v| v / &px).collect();
    let lnpx = a.ln(Real::q(px))?;
    let elbo = a.sub(measures::entropy(e, q), measures::cross_entropy(e, q, row))?;
    let kl_post = measures::kl(e, q, &post);
    let lik: Vec<Q> = (0..n)
        .map(|z| {
            if pz[z].is_zero() {
                Q::zero()
            } else {
                &row[z] / &pz[z]
            }
        })
        .collect();
    let e_lik = a.neg(measures::cross_entropy(e, q, &lik));
    let kl_prior = measures::kl(e, q, &pz);
    Ok([lnpx, elbo, kl_post, e_lik, kl_prior])
}

fn elbo(i: &Instance, a: &Arith) -> Rels {
    let [lnpx, elbo, kl_post, e_lik, kl_prior] = elbo_parts(i, a)?;
    Ok(vec![
        Relation::new(
            "ln p(x)",
            lnpx,
            Rel::Eq,
            "ELBO(q) + KL(q ‖ p(·|x))",
            a.add(elbo.clone(), kl_post)?,
        ),
        Relation::new(
            "ELBO(q)",
            elbo,
            Rel::Eq,
            "E_q[ln p(x|z)] − KL(q ‖ p(z))",
            a.sub(e_lik, kl_prior)?,
        ),
    ])
}

fn elbo_twin(i: &Instance, a: &Arith) -> Rels {
    let [lnpx, elbo, kl_post, ..] = elbo_parts(i, a)?;
    one(
        "ln p(x)",
        lnpx,
        Rel::Eq,
        "ELBO(q) − KL(q ‖ p(·|x))",
        a.sub(elbo, kl_post)?,
    )
}

fn elbo_bound(i: &Instance, a: &Arith) -> Rels {
    let [lnpx, elbo, ..] = elbo_parts(i, a)?;
    one("ELBO(q)", elbo, Rel::Le, "ln p(x)", lnpx)
}

fn elbo_bound_twin(i: &Instance, a: &Arith) -> Rels {
    let [lnpx, elbo, ..] = elbo_parts(i, a)?;
    one("ELBO(q)", elbo, Rel::Lt, "ln p(x)", lnpx)
}

fn mi_parts(i: &Instance, a: &Arith) -> (Real, Vec<Q>, Vec<Q>) {
    let e = &a.eng;
    let n = i.n;
    let j = i.get(JOINT);
    let mi = measures::mutual_information(
        e,
        Joint {
            flat: j,
            rows: n,
            cols: n,
        },
    );
    let (px, py) = e.marginals(j, n, n);
    let prod: Vec<Q> = (0..n * n).map(|k| &px[k / n] * &py[k % n]).collect();
    (mi, j.to_vec(), prod)
}

fn mi_kl(i: &Instance, a: &Arith) -> Rels {
    let (mi, j, prod) = mi_parts(i, a);
    one(
        "I(X;Y)",
        mi,
        Rel::Eq,
        "KL(P_XY ‖ P_X ⊗ P_Y)",
        measures::kl(&a.eng, &j, &prod),
    )
}

fn mi_kl_twin(i: &Instance, a: &Arith) -> Rels {
    let (mi, j, prod) = mi_parts(i, a);
    one(
        "I(X;Y)",
        mi,
        Rel::Eq,
        "KL(P_X ⊗ P_Y ‖ P_XY)",
        measures::kl(&a.eng, &prod, &j),
    )
}

fn q_joint_positive(i: &Instance) -> bool {
    positive(i.get("Q_XY"))
}

fn kl_chain_parts(i: &Instance, a: &Arith, weight_by_q: bool) -> Result<(Real, Real), Undefined> {
    let e = &a.eng;
    let n = i.n;
    let (p, q) = (i.get("P_XY"), i.get("Q_XY"));
    let lhs = measures::kl(e, p, q);
    let px: Vec<Q> = p.chunks(n).map(|r| r.iter().sum()).collect();
    let qx: Vec<Q> = q.chunks(n).map(|r| r.iter().sum()).collect();
    let mut rhs = measures::kl(e, &px, &qx);
    for x in 0..n {
        let w = if weight_by_q { &qx[x] } else { &px[x] };
        if px[x].is_zero() || w.is_zero() {
            continue;
        }
        let pc: Vec<Q> = p[x * n..(x + 1) * n].iter().map(|v| v / &px[x]).collect();
        let qc: Vec<Q> = q[x * n..(x + 1) * n].iter().map(|v| v / &qx[x]).collect();
        let t = a.scale(measures::kl(e, &pc, &qc), w)?;
        rhs = a.add(rhs, t)?;
    }
    Ok((lhs, rhs))
}

fn kl_chain(i: &Instance, a: &Arith) -> Rels {
    let (l, r) = kl_chain_parts(i, a, false)?;
    one(
        "KL(P_XY ‖ Q_XY)",
        l,
        Rel::Eq,
        "KL(P_X ‖ Q_X) + Σ_x P(x)·KL(P_Y|x ‖ Q_Y|x)",
        r,
    )
}

fn kl_chain_twin(i: &Instance, a: &Arith) -> Rels {
    let (l, r) = kl_chain_parts(i, a, true)?;
    one(
        "KL(P_XY ‖ Q_XY)",
        l,
        Rel::Eq,
        "KL(P_X ‖ Q_X) + Σ_x Q(x)·KL(P_Y|x ‖ Q_Y|x)",
        r,
    )
}

/// `(F(Q) − F(P), KL(Q‖P), KL(P‖Q))`.
fn free_parts(i: &Instance, a: &Arith) -> Result<(Real, Real, Real), Undefined> {
    let e = &a.eng;
    let (w, q) = (i.get("w"), i.get("Q"));
    let s: Q = w.iter().sum();
    let p: Vec<Q> = w.iter().map(|x| x / &s).collect();
    // E_i = −ln w_i, so E_Q[E] = −Σ q ln w = H(Q, w) (w unnormalized)
    let f = |d: &[Q]| a.sub(measures::cross_entropy(e, d, w), measures::entropy(e, d));
    let diff = a.sub(f(q)?, f(&p)?)?;
    Ok((diff, measures::kl(e, q, &p), measures::kl(e, &p, q)))
}

fn free_energy(i: &Instance, a: &Arith) -> Rels {
    let (d, kqp, _) = free_parts(i, a)?;
    one("F(Q) − F(P)", d, Rel::Eq, "KL(Q‖P)", kqp)
}

fn free_energy_twin(i: &Instance, a: &Arith) -> Rels {
    let (d, _, kpq) = free_parts(i, a)?;
    one("F(Q) − F(P)", d, Rel::Eq, "KL(P‖Q)", kpq)
}

/// `W(b) = Σ p ln(b/q) = H(P,Q) − H(P,b)`.
fn growth(a: &Arith, p: &[Q], b: &[Q], q: &[Q]) -> Result<Real, Undefined> {
    let e = &a.eng;
    a.sub(
        measures::cross_entropy(e, p, q),
        measures::cross_entropy(e, p, b),
    )
}

fn kelly(i: &Instance, a: &Arith) -> Rels {
    let (p, q, b) = (i.get("P"), i.get("Q"), i.get("b"));
    let wp = growth(a, p, p, q)?;
    Ok(vec![
        Relation::new(
            "W(P)",
            wp.clone(),
            Rel::Eq,
            "KL(P‖Q)",
            measures::kl(&a.eng, p, q),
        ),
        Relation::new("W(b)", growth(a, p, b, q)?, Rel::Le, "W(P)", wp),
    ])
}

fn kelly_twin(i: &Instance, a: &Arith) -> Rels {
    let (p, q) = (i.get("P"), i.get("Q"));
    one(
        "W(P)",
        growth(a, p, p, q)?,
        Rel::Eq,
        "KL(Q‖P)",
        measures::kl(&a.eng, q, p),
    )
}

fn gibbs_equality(i: &Instance, a: &Arith) -> Rels {
    let (p, q) = (i.get("P"), i.get("Q"));
    let k = measures::kl(&a.eng, p, q);
    let rel = if p == q { Rel::Eq } else { Rel::Gt };
    one("KL(P‖Q)", k, rel, "0", Real::q(Q::zero()))
}

fn gibbs_equality_twin(i: &Instance, a: &Arith) -> Rels {
    let (p, q) = (i.get("P"), i.get("Q"));
    let k = measures::kl(&a.eng, p, q);
    let same = support_within(p, q) && support_within(q, p);
    let rel = if same { Rel::Eq } else { Rel::Gt };
    one("KL(P‖Q)", k, rel, "0", Real::q(Q::zero()))
}

fn entropy_bounds(i: &Instance, a: &Arith) -> Rels {
    let p = i.get("P");
    let h = measures::entropy(&a.eng, p);
    let s = p.iter().filter(|x| !x.is_zero()).count();
    let ln = a.ln(Real::q(Q::from_integer(BigInt::from(s))))?;
    Ok(vec![
        Relation::new("0", Real::q(Q::zero()), Rel::Le, "H(P)", h.clone()),
        Relation::new("H(P)", h, Rel::Le, "ln |supp P|", ln),
    ])
}

fn entropy_bounds_twin(i: &Instance, a: &Arith) -> Rels {
    let p = i.get("P");
    let s = p.iter().filter(|x| !x.is_zero()).count();
    let ln = a.ln(Real::q(Q::from_integer(BigInt::from(s))))?;
    one(
        "H(P)",
        measures::entropy(&a.eng, p),
        Rel::Lt,
        "ln |supp P|",
        ln,
    )
}

fn push_through(p: &[Q], k: &[Q], n: usize) -> Vec<Q> {
    (0..n)
        .map(|j| (0..n).map(|i| &p[i] * &k[i * n + j]).sum())
        .collect()
}

fn dpi_parts(i: &Instance, a: &Arith) -> (Real, Real) {
    let (p, q, k) = (i.get("P"), i.get("Q"), i.get("K"));
    let (pk, qk) = (push_through(p, k, i.n), push_through(q, k, i.n));
    (measures::kl(&a.eng, &pk, &qk), measures::kl(&a.eng, p, q))
}

fn dpi(i: &Instance, a: &Arith) -> Rels {
    let (l, r) = dpi_parts(i, a);
    one("KL(PK ‖ QK)", l, Rel::Le, "KL(P ‖ Q)", r)
}

fn dpi_twin(i: &Instance, a: &Arith) -> Rels {
    let (l, r) = dpi_parts(i, a);
    one("KL(PK ‖ QK)", l, Rel::Ge, "KL(P ‖ Q)", r)
}

fn jc_parts(i: &Instance, a: &Arith) -> Result<(Real, Real), Undefined> {
    let e = &a.eng;
    let l = &i.get("λ")[0];
    let m = Q::one() - l;
    let mix =
        |x: &[Q], y: &[Q]| -> Vec<Q> { x.iter().zip(y).map(|(u, v)| l * u + &m * v).collect() };
    let (p1, q1, p2, q2) = (i.get("P1"), i.get("Q1"), i.get("P2"), i.get("Q2"));
    let lhs = measures::kl(e, &mix(p1, p2), &mix(q1, q2));
    let rhs = a.add(
        a.scale(measures::kl(e, p1, q1), l)?,
        a.scale(measures::kl(e, p2, q2), &m)?,
    )?;
    Ok((lhs, rhs))
}

fn joint_convexity(i: &Instance, a: &Arith) -> Rels {
    let (l, r) = jc_parts(i, a)?;
    one(
        "KL(λP1 + (1−λ)P2 ‖ λQ1 + (1−λ)Q2)",
        l,
        Rel::Le,
        "λ·KL(P1‖Q1) + (1−λ)·KL(P2‖Q2)",
        r,
    )
}

fn joint_convexity_twin(i: &Instance, a: &Arith) -> Rels {
    let (l, r) = jc_parts(i, a)?;
    one(
        "KL(λP1 + (1−λ)P2 ‖ λQ1 + (1−λ)Q2)",
        l,
        Rel::Ge,
        "λ·KL(P1‖Q1) + (1−λ)·KL(P2‖Q2)",
        r,
    )
}

fn log_sum_parts(i: &Instance, a: &Arith) -> Result<(Real, Real), Undefined> {
    let e = &a.eng;
    let (x, y) = (i.get("a"), i.get("b"));
    // Σ a ln(a/b) = H(a, b) − H(a) for unnormalized vectors
    let lhs = a.sub(measures::cross_entropy(e, x, y), measures::entropy(e, x))?;
    let (sa, sb): (Q, Q) = (x.iter().sum(), y.iter().sum());
    let rhs = if sa.is_zero() {
        Real::q(Q::zero())
    } else {
        a.scale(a.ln(Real::q(&sa / &sb))?, &sa)?
    };
    Ok((lhs, rhs))
}

fn log_sum(i: &Instance, a: &Arith) -> Rels {
    let (l, r) = log_sum_parts(i, a)?;
    one("Σ a ln(a/b)", l, Rel::Ge, "(Σa)·ln(Σa/Σb)", r)
}

fn log_sum_twin(i: &Instance, a: &Arith) -> Rels {
    let (l, r) = log_sum_parts(i, a)?;
    one("Σ a ln(a/b)", l, Rel::Le, "(Σa)·ln(Σa/Σb)", r)
}

fn renyi(a: &Arith, p: &[Q], q: &[Q], n: i64, d: i64) -> Real {
    measures::renyi(&a.eng, p, q, &measures::Alpha::Finite(rq(n, d)))
}

fn renyi_limit(i: &Instance, a: &Arith) -> Rels {
    let (p, q) = (i.get("P"), i.get("Q"));
    let kl = measures::kl(&a.eng, p, q);
    let (lo1, hi1) = (renyi(a, p, q, 9, 10), renyi(a, p, q, 11, 10));
    let (lo2, hi2) = (renyi(a, p, q, 99, 100), renyi(a, p, q, 101, 100));
    let w1 = a.sub(hi1.clone(), lo1.clone())?;
    let w2 = a.sub(hi2.clone(), lo2.clone())?;
    let narrowing = if p == q { Rel::Eq } else { Rel::Lt };
    Ok(vec![
        Relation::new("D_{9/10}", lo1, Rel::Le, "D_{99/100}", lo2.clone()),
        Relation::new("D_{99/100}", lo2, Rel::Le, "KL", kl.clone()),
        Relation::new("KL", kl, Rel::Le, "D_{101/100}", hi2.clone()),
        Relation::new("D_{101/100}", hi2, Rel::Le, "D_{11/10}", hi1),
        Relation::new(
            "D_{101/100} − D_{99/100}",
            w2,
            narrowing,
            "D_{11/10} − D_{9/10}",
            w1,
        ),
    ])
}

fn renyi_limit_twin(i: &Instance, a: &Arith) -> Rels {
    let (p, q) = (i.get("P"), i.get("Q"));
    one(
        "D_{9/10}",
        renyi(a, p, q, 9, 10),
        Rel::Ge,
        "KL",
        measures::kl(&a.eng, p, q),
    )
}

/// `⌈−log2 q⌉` for `0 < q ≤ 1`: the least `ℓ ≥ 0` with `2^ℓ·q ≥ 1`.
fn code_length(q: &Q) -> u64 {
    let mut l = 0u64;
    let mut v = q.clone();
    while v < Q::one() {
        v *= Q::from_integer(2.into());
        l += 1;
    }
    l
}

/// `(H(P) + KL(P‖Q), ln 2·E_P[ℓ], H(P))`.
fn code_parts(i: &Instance, a: &Arith) -> Result<(Real, Real, Real), Undefined> {
    let e = &a.eng;
    let (p, q) = (i.get("P"), i.get("Q"));
    let h = measures::entropy(e, p);
    let hk = a.add(h.clone(), measures::kl(e, p, q))?;
    let el: Q = p
        .iter()
        .zip(q)
        .filter(|(x, _)| !x.is_zero())
        .map(|(x, y)| x * Q::from_integer(BigInt::from(code_length(y))))
        .sum();
    let ln2 = a.ln(Real::q(Q::from_integer(2.into())))?;
    Ok((hk, a.scale(ln2, &el)?, h))
}

fn shannon_code(i: &Instance, a: &Arith) -> Rels {
    let (hk, l, _) = code_parts(i, a)?;
    let ln2 = a.ln(Real::q(Q::from_integer(2.into())))?;
    Ok(vec![
        Relation::new(
            "H(P) + KL(P‖Q)",
            hk.clone(),
            Rel::Le,
            "ln 2·E_P[ℓ]",
            l.clone(),
        ),
        Relation::new(
            "ln 2·E_P[ℓ]",
            l,
            Rel::Lt,
            "H(P) + KL(P‖Q) + ln 2",
            a.add(hk, ln2)?,
        ),
    ])
}

fn shannon_code_twin(i: &Instance, a: &Arith) -> Rels {
    let (_, l, h) = code_parts(i, a)?;
    let ln2 = a.ln(Real::q(Q::from_integer(2.into())))?;
    one("ln 2·E_P[ℓ]", l, Rel::Le, "H(P) + ln 2", a.add(h, ln2)?)
}

fn cond_domain(i: &Instance) -> bool {
    let n = i.n;
    let j = i.get(JOINT);
    (0..n).all(|y| {
        let nz = (0..n).filter(|x| !j[x * n + y].is_zero()).count();
        nz == 0 || nz >= 2
    })
}

fn cond_entropy_blog(i: &Instance, a: &Arith) -> Rels {
    let e = &a.eng;
    let n = i.n;
    let j = i.get(JOINT);
    let h = measures::cond_entropy(
        e,
        Joint {
            flat: j,
            rows: n,
            cols: n,
        },
    );
    let mut rhs = Real::q(Q::zero());
    for y in 0..n {
        let col: Vec<Q> = (0..n).map(|x| j[x * n + y].clone()).collect();
        let py: Q = col.iter().sum();
        if py.is_zero() {
            continue;
        }
        let cond: Vec<Q> = col.iter().map(|v| v / &py).collect();
        let hy = measures::entropy(e, &cond);
        let t = a.scale(a.ln(hy)?, &-py)?;
        rhs = a.add(rhs, t)?;
    }
    one("H(X|Y)", h, Rel::Eq, "−Σ_y P(y)·ln H(X|Y=y)", rhs)
}

fn ce_maximizes_kl(i: &Instance, a: &Arith) -> Rels {
    let e = &a.eng;
    let (p, q, r) = (i.get("P"), i.get("Q"), i.get("R"));
    let (hq, hr) = (
        measures::cross_entropy(e, p, q),
        measures::cross_entropy(e, p, r),
    );
    let premise = compare(&hq, &hr, |_| None, 64);
    if !matches!(premise, Some((std::cmp::Ordering::Less, _))) {
        return Err(Undefined("premise H(P,Q) < H(P,R) not met".into()));
    }
    one(
        "KL(P‖Q)",
        measures::kl(e, p, q),
        Rel::Ge,
        "KL(P‖R)",
        measures::kl(e, p, r),
    )
}
