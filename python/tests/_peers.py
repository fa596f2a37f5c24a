"""The peers graded in test_peers.py: scipy's functions and the numpy formulas that
scripts/peers_conform.py grades (reports/peers.md), as functions of float64 arrays."""

import numpy as np
import scipy.spatial.distance as sd
import scipy.special as sp
import scipy.stats as ss

LOG = {"e": 1.0, "2": np.log(2.0), "10": np.log(10.0)}
SCIPY_BASE = {"e": None, "2": 2, "10": 10}


def _masked(p):
    return p > 0


def np_entropy(p, base="e"):
    m = _masked(p)
    return float(-np.sum(p[m] * np.log(p[m])) / LOG[base])


def np_kl(p, q, base="e"):
    m = _masked(p)
    return float(np.sum(p[m] * np.log(p[m] / q[m])) / LOG[base])


def np_xent(p, q, base="e"):
    m = _masked(p)
    return float(-np.sum(p[m] * np.log(q[m])) / LOG[base])


def np_jsd(p, q, base="e"):
    mm = 0.5 * (p + q)

    def kl(a):
        k = a > 0
        return np.sum(a[k] * np.log(a[k] / mm[k]))

    return float((0.5 * kl(p) + 0.5 * kl(q)) / LOG[base])


def np_tv(p, q, base="e"):
    return float(0.5 * np.sum(np.abs(p - q)))


def np_hellinger(p, q, base="e"):
    return float(np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)))


def np_chi2(p, q, base="e"):
    return float(np.sum((p - q) ** 2 / q))


def np_mi(j, base="e"):
    px, py = j.sum(axis=1), j.sum(axis=0)
    prod = np.outer(px, py)
    m = j > 0
    return float(np.sum(j[m] * np.log(j[m] / prod[m])) / LOG[base])


#: name → (measure, semantics, bases, function(base) → callable on arrays)
PEERS = {
    "scipy.stats.entropy(p)": ("entropy", "normalized", ("e", "2"),
                               lambda b: lambda p: ss.entropy(p, base=SCIPY_BASE[b])),
    "scipy.stats.entropy(p, q)": ("kl", "normalized", ("e", "2"),
                                  lambda b: lambda p, q: ss.entropy(p, q, base=SCIPY_BASE[b])),
    "scipy.special.rel_entr(p, q).sum()": ("kl", "as_given", ("e", "2"),
                                           lambda b: lambda p, q: np.sum(sp.rel_entr(p, q)) / LOG[b]),
    "scipy.special.kl_div(p, q).sum()": ("gkl", "as_given", ("e",),
                                         lambda b: lambda p, q: np.sum(sp.kl_div(p, q)) / LOG[b]),
    "scipy.spatial.distance.jensenshannon(p, q)": (
        "js-distance", "normalized", ("e", "2"),
        lambda b: lambda p, q: sd.jensenshannon(p, q, base=SCIPY_BASE[b])),
    "numpy -Σ p log p": ("entropy", "as_given", ("e", "2"), lambda b: lambda p: np_entropy(p, b)),
    "numpy Σ p log(p/q)": ("kl", "as_given", ("e", "2"), lambda b: lambda p, q: np_kl(p, q, b)),
    "numpy -Σ p log q": ("cross-entropy", "as_given", ("e",), lambda b: lambda p, q: np_xent(p, q, b)),
    "numpy ½KL(p‖m) + ½KL(q‖m)": ("jsd", "as_given", ("e", "2"), lambda b: lambda p, q: np_jsd(p, q, b)),
    "numpy ½Σ|p − q|": ("tv", "as_given", ("e",), lambda b: np_tv),
    "numpy √(½Σ(√p − √q)²)": ("hellinger", "as_given", ("e",), lambda b: np_hellinger),
    "numpy Σ (p − q)²/q": ("chi2", "as_given", ("e",), lambda b: np_chi2),
    "numpy Σ p_xy log(p_xy/(p_x p_y))": ("mi", "as_given", ("e", "2"), lambda b: lambda j: np_mi(j, b)),
}
