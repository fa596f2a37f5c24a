"""The public API as a user writes it; tests/test_typing.py runs ``mypy --strict`` on it
(and on its wrong twin, usage_wrong.py, which must be rejected line by line)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Dict, Optional, Tuple

import numpy as np
import numpy.typing as npt

import infocert
from infocert import scipy as iscipy
from infocert.testing import ConformanceError, assert_conforms, conform, vectors
from infocert.torch import kl_div

p = np.array([0.1, 0.9])
q = np.array([0.01, 0.99])

r: infocert.Result = infocert.kl(p, q)
value: float = float(r)
interval: Tuple[Any, Any] = r.interval
certified: bool = r.correctly_rounded
digits: str = infocert.kl(["1/10", "9/10"], ["1/100", "99/100"], engine="exact").digits(30)
closed: Optional[str] = infocert.kl([Fraction(1, 10), Fraction(9, 10)], ["1/100", "0.99"]).closed_form
evaluation: Dict[str, Any] = infocert.entropy(["1/2", "1/2"]).evaluation
batched = infocert.kl(np.ones((3, 4)) / 4, np.ones((3, 4)) / 4, axis=1, correctly_rounded=True)
h2 = infocert.entropy(np.ones(4, np.float32), semantics="normalized", base=2)
ren = infocert.renyi([0.5, 0.5], [0.25, 0.75], "1/2", engine="float")
mi = infocert.mi([[0.25, 0.25], [0.25, 0.25]])
gen = infocert.evaluate("js-distance", p, q, correctly_rounded=True)
for f in (infocert.cross_entropy, infocert.gkl, infocert.jsd, infocert.js_distance,
          infocert.tv, infocert.hellinger, infocert.chi2):
    f(p, q)
for g in (infocert.joint_entropy, infocert.cond_entropy):
    g([[0.5, 0.0], [0.0, 0.5]])

verdict: infocert.Verdict = infocert.check("KL(P||Q) >= 2*TV(P,Q)^2", cases=50, seed=1)
decided: bool = verdict.holds
evidence: bool = verdict.evidence
violated: bool = verdict.violated
counterexample: Optional[Dict[str, Any]] = verdict.counterexample

try:
    infocert.kl([0.5, -0.5], [0.5, 0.5])
except infocert.InfocertError as e:
    message: str = str(e)

s1 = iscipy.entropy(p, q, base=2, axis=0)
s2 = iscipy.jensenshannon(p, q, keepdims=True)
s3 = iscipy.rel_entr(p, q) + iscipy.kl_div(p, q)
t: npt.ArrayLike = kl_div(np.log(q), p, reduction="batchmean")


def my_kl_float(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> float:
    return float(infocert.kl(a, b, correctly_rounded=True))


report: Dict[str, Any] = assert_conforms(my_kl_float, "kl", max_ulps=0)
graded: Dict[str, Any] = conform(my_kl_float, measure="kl", xfail=["some/case"])
cases: list[Dict[str, Any]] = vectors("kl")
err: type[AssertionError] = ConformanceError
