"""The package grades scipy and numpy with its own oracle (assert_conforms, 4 ulps, each
peer under the semantics it implements), the known peer bugs recorded as expected
failures: every other vector must conform, and each known failure is a strict xfail with
its reason (an upstream issue where there is one; the vector's own note is appended).
When a peer fixes one, its xfail turns into an XPASS failure here: update the list.
Reference: reports/peers.md (scripts/run_peers.sh, scipy 1.17.1, numpy 2.4.6)."""

import warnings
from functools import lru_cache

import numpy as np
import pytest

import infocert
from infocert.testing import assert_conforms, conform, vectors

from _peers import PEERS

CANCEL = "cancellation near P = Q: Σ p ln(p/q) loses every digit (research/peers.md §1)"
NAN = "no validation: a number (or ±inf) where the input is invalid (research/peers.md §2)"
NEG = "a negative (or wrong-sign) value where the exact value is ≥ 0"

#: (peer, base) → {case id: why it fails}
KNOWN = {
    ("scipy.stats.entropy(p)", "e"): {
        "edge/dynamic-range/entropy/e/normalized": "1e-300 next to 1: the normalization's "
                                                   "rounding changes the tiny term",
        "peer/scipy-no-validation-empty/entropy/e/normalized": NAN + ": entropy([]) → 0",
        "peer/scipy-ndarray-stats-negative/entropy/e/both": NAN + ": entropy([-0.5, 1.5]) → -inf",
    },
    ("scipy.stats.entropy(p, q)", "e"): {
        "edge/subnormal-both/kl/e/normalized": NEG,
        "edge/one-ulp/kl/e/normalized": NEG + "; " + CANCEL,
        "edge/near-1e-12/kl/e/normalized": CANCEL,
        "edge/dynamic-range/kl/e/normalized": NEG,
        "peer/scipy-logp-cancellation/kl/e/normalized": CANCEL + " (28× off)",
        "peer/scipy-rel-entr-negative/kl/e/normalized": NAN + ": a negative entry",
        "peer/gibbs-negative/kl/e/normalized": NEG + " (Gibbs' inequality violated)",
        "random/r013/kl/e/normalized": "30 ulps: accumulated rounding",
        "random/r017/kl/e/normalized": CANCEL,
        "random/r018/kl/e/normalized": CANCEL,
    },
    ("scipy.stats.entropy(p, q)", "2"): {
        "peer/dit-kl-1e-9/kl/2/normalized": CANCEL,
        "peer/dit-kl-1e-8/kl/2/both": CANCEL,
    },
    ("scipy.special.rel_entr(p, q).sum()", "e"): {
        "edge/near-1e-12/kl/e/as_given": CANCEL,
        "peer/scipy-logp-cancellation/kl/e/as_given": CANCEL,
        "peer/scipy-rel-entr-negative/kl/e/as_given": NAN + ": rel_entr(-1, 1) → inf",
        "peer/gibbs-negative/kl/e/as_given": CANCEL,
        "random/r017/kl/e/as_given": CANCEL,
        "random/r018/kl/e/as_given": CANCEL,
    },
    ("scipy.special.rel_entr(p, q).sum()", "2"): {
        "peer/dit-kl-1e-9/kl/2/as_given": CANCEL,
        "peer/dit-kl-1e-8/kl/2/both": CANCEL,
    },
    ("scipy.special.kl_div(p, q).sum()", "e"): {
        "edge/one-ulp/gkl/e/as_given": CANCEL + " (0 where the value is 1.4e-32)",
        "edge/near-1e-12/gkl/e/as_given": CANCEL,
        "random/r023/gkl/e/as_given": CANCEL,
        "random/r024/gkl/e/as_given": CANCEL,
    },
    ("scipy.spatial.distance.jensenshannon(p, q)", "e"): {
        "edge/subnormal-both/js-distance/e/normalized": "subnormal inputs: digits lost",
        "edge/one-ulp/js-distance/e/normalized": CANCEL + " (0 where the value is 5.6e-17)",
        "edge/near-1e-12/js-distance/e/normalized": "nan: √ of a negative rounding error "
                                                    "(scipy#20779's mechanism)",
        "peer/scipy-20083/js-distance/e/normalized": "scipy#20083 (float32 inputs)",
        "peer/scipy-20779/js-distance/e/normalized": "scipy#20779: nan",
        "peer/scipy-19436/js-distance/e/normalized": "scipy#19436: inf on a subnormal",
        "peer/scipy-js-cdist-28x/js-distance/e/normalized": CANCEL,
        "random/r035/js-distance/e/normalized": CANCEL,
        "random/r036/js-distance/e/normalized": CANCEL,
    },
    ("numpy -Σ p log p", "e"): {
        "peer/scipy-no-validation-empty/entropy/e/as_given": NAN,
        "peer/scipy-no-validation-zeros/entropy/e/as_given": NAN,
        "peer/scipy-ndarray-stats-negative/entropy/e/both": NAN,
    },
    ("numpy Σ p log(p/q)", "e"): {
        "textbook/asymmetry-qp/kl/e/as_given": "7 ulps: ln of a rounded quotient",
        "edge/one-ulp/kl/e/as_given": CANCEL,
        "edge/near-1e-12/kl/e/as_given": CANCEL,
        "peer/scipy-20710/kl/e/as_given": "scipy#20710's mechanism: p/q overflows to inf",
        "peer/scipy-20710-sum/kl/e/as_given": "scipy#20710's mechanism: p/q overflows to inf",
        "peer/scipy-logp-cancellation/kl/e/as_given": CANCEL,
        "peer/scipy-rel-entr-negative/kl/e/as_given": NAN,
        "peer/logp-kl-subnormal-q/kl/e/as_given": "p/q overflows on a subnormal q",
        "peer/gibbs-negative/kl/e/as_given": CANCEL,
        "random/r017/kl/e/as_given": CANCEL,
        "random/r018/kl/e/as_given": CANCEL,
    },
    ("numpy Σ p log(p/q)", "2"): {
        "peer/dit-kl-1e-9/kl/2/as_given": CANCEL,
        "peer/dit-kl-1e-8/kl/2/both": CANCEL,
    },
    ("numpy ½KL(p‖m) + ½KL(q‖m)", "e"): {
        "edge/one-ulp/jsd/e/as_given": NEG,
        "edge/near-1e-12/jsd/e/as_given": NEG,
        "edge/huge-magnitude/jsd/e/as_given": "digits lost to the rounding of m = (p + q)/2",
        "peer/logp-jsd-half/jsd/e/as_given": NEG,
        "peer/logp-jsd-3/jsd/e/as_given": NEG,
        "random/r029/jsd/e/as_given": CANCEL,
        "random/r030/jsd/e/as_given": CANCEL,
    },
    ("numpy ½KL(p‖m) + ½KL(q‖m)", "2"): {
        "peer/dit-jsd-28x/jsd/2/as_given": CANCEL,
    },
    ("numpy √(½Σ(√p − √q)²)", "e"): {
        "edge/subnormal-both/hellinger/-/as_given": "√ of subnormals: digits lost",
        "edge/one-ulp/hellinger/-/as_given": CANCEL,
        "edge/near-1e-12/hellinger/-/as_given": CANCEL,
        "random/r047/hellinger/-/as_given": CANCEL,
        "random/r048/hellinger/-/as_given": CANCEL,
    },
    ("numpy Σ (p − q)²/q", "e"): {
        "edge/shared-zeros/chi2/-/both": "0/0 = nan where p = q = 0 (the term is 0)",
        "edge/subnormal-both/chi2/-/as_given": "(p − q)² underflows",
        "edge/dynamic-range/chi2/-/as_given": "(p − q)² underflows",
        "edge/huge-magnitude/chi2/-/as_given": "(p − q)² overflows to inf",
        "random/r054/chi2/-/both": "0/0 = nan where p = q = 0 (the term is 0)",
    },
    ("numpy Σ p_xy log(p_xy/(p_x p_y))", "e"): {
        "edge/independent-3x2/mi/e/as_given": CANCEL,
        "random/r069/mi/e/as_given": CANCEL,
    },
    ("numpy Σ p_xy log(p_xy/(p_x p_y))", "2"): {
        "peer/dit-mi-product/mi/2/as_given": NEG + " (dit's MI of a product joint)",
    },
}

GRADED = [(name, b) for name, (_m, _s, bases, _f) in PEERS.items() for b in bases]
NOTES = {c["id"]: c.get("note") for c in vectors()}


def _fn(name, base):
    fn = PEERS[name][3](base)

    def quiet(*args):
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args)
    quiet.__name__ = name
    return quiet


@lru_cache(maxsize=None)
def _report(name, base):
    m, sem, _bases, _f = PEERS[name]
    r = conform(_fn(name, base), m, max_ulps=4, semantics=sem, base=base)
    return {c["id"]: c for c in r["cases"]}


@pytest.mark.parametrize("name,base", GRADED, ids=[f"{n} [{b}]" for n, b in GRADED])
def test_peer_conforms_except_known_bugs(name, base):
    m, sem, _bases, _f = PEERS[name]
    known = KNOWN.get((name, base), {})
    report = assert_conforms(_fn(name, base), m, max_ulps=4, semantics=sem, base=base,
                             xfail=list(known))
    assert len(report["cases"]) >= 2
    assert set(known) <= {c["id"] for c in report["cases"]}, "a recorded case is not graded"


def _reason(case_id, why):
    note = NOTES.get(case_id)
    return f"{why} — {note}" if note else why


KNOWN_CASES = [
    pytest.param(name, base, cid, id=f"{name} [{base}] {cid}",
                 marks=pytest.mark.xfail(reason=_reason(cid, why), strict=True))
    for (name, base), cases in KNOWN.items() for cid, why in cases.items()
]


@pytest.mark.parametrize("name,base,case_id", KNOWN_CASES)
def test_known_peer_bug(name, base, case_id):
    assert _report(name, base)[case_id]["verdict"] == "pass"


#: where infocert's own float engine disagrees with its vectors (src/float, not the bindings)
SELF_KNOWN = {
    "peer/scipy-no-validation-zeros/entropy/e/as_given":
        "the float engine evaluates an all-zero p as given (H = 0 ± 8.4e-323) where the exact "
        "engine and the vectors refuse it (p sums to zero); the CLI does the same with "
        "--engine float",
}


def _mine(m, sem, base):
    b = None if base == "e" else int(base)
    if m == "mi":
        return lambda j: infocert.evaluate(m, joint=j, semantics=sem, base=b,
                                           correctly_rounded=True).value
    if m == "entropy":
        return lambda p: infocert.evaluate(m, p, semantics=sem, base=b,
                                           correctly_rounded=True).value
    return lambda p, q: infocert.evaluate(m, p, q, semantics=sem, base=b,
                                          correctly_rounded=True).value


@pytest.mark.parametrize("case_id", [pytest.param(c, marks=pytest.mark.xfail(reason=r, strict=True))
                                     for c, r in SELF_KNOWN.items()])
def test_infocert_float_engine_on_its_own_vectors(case_id):
    report = conform(_mine("entropy", "as_given", "e"), "entropy", max_ulps=0,
                     semantics="as_given")
    assert {c["id"]: c["verdict"] for c in report["cases"]}[case_id] == "pass"


def test_infocert_itself_passes_every_case_the_peers_fail():
    for (name, base), cases in KNOWN.items():
        m, sem, _bases, _f = PEERS[name]
        report = conform(_mine(m, sem, base), m, max_ulps=0, semantics=sem, base=base)
        verdicts = {c["id"]: c["verdict"] for c in report["cases"]}
        bad = [c for c in cases if verdicts[c] != "pass" and c not in SELF_KNOWN]
        assert not bad, (name, base, bad)
