"""Testing helpers: hypothesis strategies and a conformance oracle.

>>> import numpy as np
>>> from infocert.testing import assert_conforms
>>> def my_kl(p, q):
...     import infocert
...     return infocert.kl(p, q, correctly_rounded=True).value
>>> report = assert_conforms(my_kl, measure="kl", max_ulps=0)
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

import numpy as np

from . import _infocert, _int_arg

__all__ = ["assert_conforms", "conform", "vectors", "ConformanceError", "strategies"]


class ConformanceError(AssertionError):
    """Raised by :func:`assert_conforms`; ``.report`` holds the full grading report."""

    def __init__(self, message: str, report: Dict[str, Any]) -> None:
        super().__init__(message)
        self.report = report


@lru_cache(maxsize=1)
def _cases() -> Tuple[Dict[str, Any], ...]:
    return tuple(json.loads(line) for line in _infocert.vectors().splitlines() if line.strip())


def vectors(measure: Optional[str] = None) -> List[Dict[str, Any]]:
    """The certified conformance vectors (dicts, as in ``tests/data/vectors.jsonl``), all or
    those of one measure.

    >>> from infocert.testing import vectors
    >>> case = vectors("kl")[0]
    >>> sorted(k for k in ("id", "measure", "p", "q", "expected") if k in case)
    ['expected', 'id', 'measure', 'p', 'q']
    """
    m = _norm_measure(measure) if measure else None
    return [c for c in _cases() if m is None or c["measure"] == m]


def _norm_measure(m: str) -> str:
    return {"kl_divergence": "kl", "relative_entropy": "kl", "jensenshannon": "js-distance",
            "mutual_information": "mi"}.get(m, m.replace("_", "-"))


def _recipe(r: Dict[str, Any]) -> Any:
    n = r["n"]
    t = float(n * (n + 1) // 2)
    i = np.arange(n, dtype=np.float64)
    make: Dict[str, Callable[[], Any]] = {
        "uniform": lambda: np.full(n, 1.0 / n) if n else np.zeros(0),
        "linear": lambda: (i + 1) / t,
        "linear_rev": lambda: (n - i) / t,
        "ones": lambda: np.ones(n),
    }
    return make[r["recipe"]]()


def _arr(v: Any) -> Any:
    if isinstance(v, dict):
        if "recipe" in v:
            return _recipe(v)
        v = v["hex"]
    if v and isinstance(v[0], list):
        return np.array([[float.fromhex(x) if x not in ("nan", "inf", "-inf") else float(x)
                          for x in r] for r in v], dtype=np.float64)
    return np.array([float.fromhex(x) if x not in ("nan", "inf", "-inf") else float(x)
                     for x in v], dtype=np.float64)


def _call(fn: Callable[..., Any], case: Dict[str, Any]) -> float:
    m = case["measure"]
    try:
        if m in ("mi", "joint-entropy", "cond-entropy"):
            out = fn(_arr(case["joint"]))
        elif m == "entropy":
            out = fn(_arr(case["p"]))
        elif m == "renyi":
            a = case["alpha"]
            out = fn(_arr(case["p"]), _arr(case["q"]), float(a))
        else:
            out = fn(_arr(case["p"]), _arr(case["q"]))
        out = getattr(out, "value", out)
        return float(np.asarray(out, dtype=np.float64).reshape(()))
    except Exception:  # a rejected input counts as NaN (what invalid cases expect)
        return float("nan")


def conform(fn: Callable[..., Any], measure: str, *, max_ulps: int = 4,
            semantics: str = "as_given", base: str = "e",
            xfail: Iterable[str] = ()) -> Dict[str, Any]:
    """Grade ``fn`` on the certified vectors of ``measure``; the report as a dict.

    ``fn`` is called as ``fn(p, q)`` (``fn(p)`` for entropy, ``fn(joint)`` for
    mi/joint-entropy/cond-entropy, ``fn(p, q, alpha)`` for renyi) with float64 numpy arrays
    and must return a float in base ``base``. An exception counts as NaN (the expected
    answer on invalid inputs). ``semantics``: which expected values apply —
    ``"as_given"`` (formulas on the values as they are) or ``"normalized"`` (scipy's).
    ``xfail``: case ids expected to fail.
    """
    m = _norm_measure(measure)
    cases = [c for c in _cases() if c["measure"] == m]
    if not cases:
        raise ValueError(f"no vectors for measure {measure!r}")
    results = {}
    for c in cases:
        if c["semantics"] not in ("both", semantics):
            continue
        if c.get("base") not in (None, base):
            continue
        results[c["id"]] = _call(fn, c)
    report: Dict[str, Any] = json.loads(
        _infocert.conform(results, _int_arg("max_ulps", max_ulps, 0, 2**64 - 1), [m],
                          list(xfail), semantics, [base]))
    return report


def _describe(c: Dict[str, Any]) -> str:
    extra = f" (ulps {c['ulps']})" if c.get("ulps") is not None else ""
    return f"{c['id']}: expected {c['expected']}, got {c['actual']}{extra} [{c['verdict']}]"


def assert_conforms(fn: Callable[..., Any], measure: str, *, max_ulps: int = 4,
                    semantics: str = "as_given", base: str = "e",
                    xfail: Iterable[str] = ()) -> Dict[str, Any]:
    """Assert that ``fn`` is within ``max_ulps`` of the certified value on every vector of
    ``measure`` (NaN, sign and infinity mismatches always fail). On failure the message
    names the worst case and the smallest failing one. Returns the report.
    """
    report = conform(fn, measure, max_ulps=max_ulps, semantics=semantics, base=base,
                     xfail=xfail)
    if report["violations"]:
        bad = [c for c in report["cases"] if c["verdict"] in ("fail", "missing", "xpass")]
        finite = [c for c in bad if c.get("ulps") is not None]
        worst = max(finite, key=lambda c: c["ulps"]) if finite else bad[0]
        by_id = {c["id"]: c for c in _cases()}

        def size(c: Dict[str, Any]) -> int:
            case = by_id.get(c["id"], {})
            for k in ("p", "joint"):
                if k in case and case[k] is not None:
                    if "recipe" in case[k]:
                        return int(case[k]["n"])
                    v = case[k]["hex"]
                    return sum(len(r) if isinstance(r, list) else 1 for r in v)
            return 0

        smallest = min(bad, key=size)
        lines = [
            f"{getattr(fn, '__name__', fn)!s} does not conform on {measure} "
            f"({report['violations']} violation(s) of {len(report['cases'])} cases, "
            f"max_ulps={max_ulps}, semantics={semantics}):",
            "  worst:    " + _describe(worst),
            "  smallest: " + _describe(smallest),
        ]
        lines += ["  " + _describe(c) for c in bad[:10] if c not in (worst, smallest)]
        raise ConformanceError("\n".join(lines), report)
    return report


class _Strategies:
    """Hypothesis strategies (``strategies.distributions()``, …); needs ``hypothesis``."""

    def __getattr__(self, name: str) -> Any:
        from . import _strategies

        return getattr(_strategies, name)

    def __dir__(self) -> List[str]:
        from . import _strategies

        return _strategies.__all__


strategies = _Strategies()
