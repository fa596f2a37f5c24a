"""infocert: information measures with certified error bounds, from Python.

Every value comes with a guarantee:

* ``engine="float"`` (default): the f64 engine; ``r.value`` is a double and the exact
  value of the measure on the inputs (the doubles read exactly, as given) lies in
  ``[r.value - r.err_bound, r.value + r.err_bound]``.
* ``correctly_rounded=True``: ``r.value`` is the double nearest the exact value.
* ``engine="exact"``: exact rational inputs (``Fraction``, ``Decimal``, ``int``, ``str``
  like ``"1/10"``), a closed form and certified digits.

>>> import infocert
>>> r = infocert.kl([0.5, 0.5], [0.5 + 1e-9, 0.5 - 1e-9])
>>> abs(r.value - 5.7511151229152405e-17) <= r.err_bound
True
>>> infocert.kl(["1/10", "9/10"], ["1/100", "99/100"], engine="exact").closed_form
'ln 10 − (9/10)·ln 11'
"""

from __future__ import annotations

import json
import sys
import warnings
from decimal import Decimal
from fractions import Fraction
from numbers import Integral
from typing import Any, Dict, Iterator, List, Literal, Optional, Sequence, Tuple, Union, cast

import numpy as np
import numpy.typing as npt

from . import _infocert
from ._infocert import InfocertError, Result
# the one-vector measures are the extension's (their float64 calls run no Python code);
# anything else they hand to _lean_general1/2 below
from ._infocert import chi2, cross_entropy, entropy, gkl, hellinger, js_distance, jsd, kl, tv

__all__ = [
    "InfocertError",
    "Result",
    "Verdict",
    "evaluate",
    "entropy",
    "cross_entropy",
    "kl",
    "gkl",
    "jsd",
    "js_distance",
    "mi",
    "joint_entropy",
    "cond_entropy",
    "tv",
    "hellinger",
    "chi2",
    "renyi",
    "check",
    "MEASURES",
]

__version__ = _infocert.__version__

#: Measure names, as the CLI spells them.
MEASURES: Tuple[str, ...] = tuple(_infocert.measure_names())

#: One exact input value: ``"1/10"``, ``"0.1"``, ``"1e-300"``, a ``Fraction``, ``Decimal``,
#: ``int`` or ``float`` (a float in a list is read as the decimal it prints as).
Exact = Union[str, int, float, Fraction, Decimal]
#: A distribution, a batch of them, or a joint matrix: numpy arrays or (nested) sequences.
ArrayLike = Union[npt.ArrayLike, Sequence[Exact], Sequence[Sequence[Exact]]]
#: ``engine=``: the f64 engine with a rigorous bound, or exact rational inputs.
Engine = Literal["float", "exact"]
#: ``semantics=``: formulas on the values as given, or on the normalized values (scipy).
SemanticsName = Literal["as_given", "as_given_unchecked", "normalized"]
#: ``base=``: natural log by default.
BaseArg = Union[None, Literal["e", "2", "10"], int, float]
#: Rényi order: a number, a fraction, ``"1/2"``, ``"inf"``.
AlphaArg = Union[int, float, str, Fraction, Decimal]
#: A result's value or bound: a double, or an array of them for batched calls.
Value = Union[float, "npt.NDArray[np.float64]"]

_ONE = {"entropy"}
_JOINT = {"mi", "joint-entropy", "cond-entropy"}
_SEMANTICS = ("as_given", "as_given_unchecked", "normalized")


# ----------------------------------------------------------------------------- inputs


def _exact_text(x: Any, floats_exact: bool = False) -> str:
    """The exact value of one input as text the Rust parser reads. A Python float is read as
    the decimal it prints as (``0.1`` is 1/10, as on the command line) unless
    ``floats_exact`` (then the double's exact binary value)."""
    if isinstance(x, str):
        return x.strip()
    if isinstance(x, bool):
        raise InfocertError(f"{x!r} is not a probability (a bool)")
    if isinstance(x, Integral):
        return str(int(x))
    if isinstance(x, Fraction):
        return f"{x.numerator}/{x.denominator}"
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise InfocertError(f"{x} is not finite: probabilities must be finite numbers")
        f = Fraction(x)
        return f"{f.numerator}/{f.denominator}"
    if isinstance(x, (float, np.floating)):
        xf = float(x)
        if xf != xf or xf in (float("inf"), float("-inf")):
            raise InfocertError(f"{xf} is not finite: probabilities must be finite numbers")
        if not floats_exact:
            return repr(xf)
        f = Fraction(xf)
        return f"{f.numerator}/{f.denominator}"
    if isinstance(x, np.integer):
        return str(int(x))
    raise InfocertError(f"{x!r} is not a number")


def _exact_list(which: str, xs: Any, floats_exact: bool = False) -> List[str]:
    if isinstance(xs, np.ndarray):
        if xs.ndim != 1:
            raise InfocertError(f"{which} must be one-dimensional for engine='exact'")
        if xs.dtype.kind == "f":
            # arrays hold binary data: read the doubles exactly (float16/32 widen exactly)
            return [_exact_text(x, True) for x in xs.astype(np.float64).tolist()]
        xs = xs.tolist()
    elif isinstance(xs, (str, bytes)):
        raise InfocertError(f"{which} must be a sequence of numbers, not a string")
    return [_exact_text(x, floats_exact) for x in xs]


def _float_array(which: str, x: Any) -> Any:
    """A float64 view or exact conversion of ``x`` (float32 widened exactly)."""
    if isinstance(x, np.ndarray):
        a = x
    else:
        if isinstance(x, (str, bytes)):
            raise InfocertError(f"{which} must be a sequence of numbers, not a string")
        seq = list(x) if not np.isscalar(x) else [x]
        if any(isinstance(v, (str, Fraction, Decimal)) for v in _flat(seq)):
            # exact inputs: the nearest double of each
            a = np.vectorize(_to_double, otypes=[np.float64])(
                np.array(seq, dtype=object)
            )
        else:
            try:
                a = np.asarray(seq)
            except ValueError as e:
                raise InfocertError(f"{which}: {e}") from None
    kind = a.dtype.kind
    if kind == "f":
        if a.dtype != np.float64:
            if a.dtype.itemsize > 8:
                raise InfocertError(f"{which}: {a.dtype} is wider than float64; use engine='exact'")
            a = a.astype(np.float64)  # exact widening
    elif kind in "iu":
        big = max((abs(int(v)) for v in a.ravel().tolist()), default=0) > 2**53
        if big:
            raise InfocertError(
                f"{which}: integers above 2^53 are not doubles; use engine='exact'"
            )
        a = a.astype(np.float64)
    elif kind == "b":
        raise InfocertError(f"{which}: booleans are not probabilities")
    elif kind == "O":
        a = np.vectorize(_to_double, otypes=[np.float64])(a)
    else:
        raise InfocertError(f"{which}: unsupported dtype {a.dtype}")
    return a


def _c_aligned(a: Any) -> Any:
    """``a`` C-contiguous and aligned (the extension reads it in place; an unaligned view,
    e.g. of a byte buffer at an odd offset, is copied)."""
    return np.require(a, requirements=("C", "A"))


def _int_arg(name: str, v: Any, lo: int, hi: int) -> int:
    """An integer argument within ``[lo, hi]`` (the engine names its own narrower limits,
    e.g. digits 1..2000; beyond the clamp it would be an OverflowError)."""
    if isinstance(v, bool) or not isinstance(v, (Integral, np.integer)):
        raise InfocertError(f"invalid request: {name} must be an integer, not {v!r}")
    i = int(v)
    if i < lo or i > hi:
        if lo <= 0 <= hi and name == "digits":
            return min(max(i, lo), hi)  # the engine's message names the limit
        raise InfocertError(f"invalid request: {name} = {i} is out of range [{lo}, {hi}]")
    return i


def _to_double(v: Any) -> float:
    t = _exact_text(v)
    try:
        return float(Fraction(t))
    except (ValueError, ZeroDivisionError, OverflowError):
        raise InfocertError(
            f"{t!r} is not a number (use a decimal like 0.1, a fraction like 1/3, 1e-5)"
        ) from None


def _flat(seq: Any) -> Iterator[Any]:
    for v in seq:
        if isinstance(v, (list, tuple)):
            yield from _flat(v)
        else:
            yield v


def _any_exact(*xs: Any) -> bool:
    for x in xs:
        if x is None or isinstance(x, np.ndarray):
            continue
        if isinstance(x, (str, bytes)):
            return True
        if any(isinstance(v, (str, Fraction, Decimal)) for v in _flat(list(x))):
            return True
    return False


def _alpha_text(alpha: Optional[AlphaArg]) -> Optional[str]:
    if alpha is None:
        return None
    if isinstance(alpha, str):
        return alpha
    if isinstance(alpha, float) and alpha == float("inf"):
        return "inf"
    return _exact_text(alpha)


def _base_text(base: BaseArg) -> str:
    if base is None:
        return "e"
    if isinstance(base, str):
        return base
    if base == 2:
        return "2"
    if base == 10:
        return "10"
    raise InfocertError(f'base {base!r} is not supported: use e, 2 or 10')


# ----------------------------------------------------------------------------- results


# ``Result`` is built by the extension (``_infocert.Result``): the lean path returns it
# without running any Python code. Its cold methods (digits, closed forms, intervals of
# arrays) call the helpers below.


def _interval(value: Any, err_bound: Any) -> Tuple[Any, Any]:
    """``Result.interval`` of arrays: ``(lo, hi)`` enclosing the exact values."""
    v, e = np.asarray(value, dtype=np.float64), np.asarray(err_bound)
    with np.errstate(invalid="ignore", over="ignore"):
        lo = np.where(e == 0, v, np.nextafter(v - e, -np.inf))
        hi = np.where(e == 0, v, np.nextafter(v + e, np.inf))
    if lo.ndim == 0:
        return (float(lo), float(hi))
    return (lo, hi)


def _result_exact(r: Result, digits: int) -> Dict[str, Any]:
    """The exact evaluation behind ``r`` to ``digits`` digits."""
    request = r._request
    if request is None:
        raise InfocertError("this result has no exact request (batched results: index first)")
    if isinstance(request, tuple):  # the lean path's (measure, p, q)
        m, p, q = request
        request = {"measure": m, "alpha": None, "base": "e",
                   "semantics": "as_given_unchecked", "p": _LazyExact("p", p)}
        if q is not None:
            request["q"] = _LazyExact("q", q)
        r._request = request
    req = {k: (v.get() if isinstance(v, _LazyExact) else v) for k, v in request.items()}
    req["digits"] = digits
    return _exact_evaluation(req)


def _result_digits(r: Result, n: int) -> str:
    """``Result.digits(n)``."""
    ev = _result_exact(r, _int_arg("digits", n, 0, 2001))
    if ev["digits"] < n and not ev["exact"]:
        warnings.warn(
            f"only {ev['digits']} of {n} digits could be certified", stacklevel=3
        )
    return str(ev["decimal"])


def _result_evaluation(r: Result) -> Dict[str, Any]:
    """``Result.evaluation`` (computed once)."""
    ev = r._evaluation
    if ev is None:
        ev = _result_exact(r, 17)
        r._evaluation = ev
    return ev


def _exact_evaluation(req: Dict[str, Any]) -> Dict[str, Any]:
    out = _infocert.exact_eval(
        req["measure"], req.get("p"), req.get("q"), req.get("joint"), req.get("alpha"),
        req.get("base", "e"), req.get("digits", 17), req.get("semantics", "as_given"),
        req.get("round_inputs_to_f64", False),
    )
    ev: Dict[str, Any] = json.loads(out)
    return ev


def _decimal_to_double(s: str) -> Tuple[float, bool]:
    """(nearest double, whether the conversion was exact)."""
    if s in ("inf", "∞"):
        return float("inf"), True
    f = Fraction(s.replace("−", "-"))
    d = float(f)
    return d, Fraction(d) == f


# ----------------------------------------------------------------------------- evaluate


def evaluate(measure: str, p: Optional[ArrayLike] = None, q: Optional[ArrayLike] = None,
             joint: Optional[ArrayLike] = None, *, alpha: Optional[AlphaArg] = None,
             engine: Optional[Engine] = None, correctly_rounded: bool = False,
             semantics: SemanticsName = "as_given", base: BaseArg = None, digits: int = 17,
             axis: int = 0) -> Result:
    """Evaluate ``measure`` (a CLI name: ``"kl"``, ``"entropy"``, ``"js-distance"``…).

    Parameters
    ----------
    p, q : array_like
        Distributions: numpy arrays (float64 read without copying, float32 widened
        exactly, integers), lists, or exact values (``Fraction``, ``Decimal``, ``int``,
        ``str`` such as ``"1/3"``). Arrays with more than one dimension are batched along
        ``axis`` (as scipy does) and the result's ``value``/``err_bound`` are arrays.
    joint : array_like
        A joint matrix (rows X, columns Y) for ``mi``, ``joint-entropy``, ``cond-entropy``;
        extra leading dimensions are batched.
    alpha : float, str or Fraction
        Rényi order.
    engine : {"float", "exact"}
        Default: ``"exact"`` when an input is a ``str``/``Fraction``/``Decimal``,
        ``"float"`` otherwise.
    correctly_rounded : bool
        Float engine: return the double nearest the exact value.
    semantics : {"as_given", "as_given_unchecked", "normalized"}
        ``as_given`` evaluates the formulas on the values as they are (the exact
        engine checks that each distribution sums to 1 up to the inputs' rounding,
        like the CLI); ``normalized`` divides each vector by its exact sum first
        (scipy's convention); ``as_given_unchecked`` skips the sum check.
    base : {None, "e", 2, 10}
        Logarithm base (natural by default).
    digits : int
        Exact engine: significant digits to certify.
    axis : int
        Batched calls: the axis along which the distributions lie (scipy's convention).

    Returns
    -------
    Result
        ``value``, ``err_bound``, ``interval``, ``correctly_rounded``; ``digits(n)`` and
        ``closed_form`` on demand (exact engine).

    Raises
    ------
    InfocertError
        (a ``ValueError``) on invalid input, with the CLI's one-line message.

    >>> import infocert
    >>> infocert.evaluate("kl", ["1/10", "9/10"], ["1/100", "99/100"], base=2).closed_form
    '1 + log2 5 − (9/10)·log2 11'
    >>> infocert.evaluate("entropy", [1, 1, 1, 1], semantics="normalized", base=2).value
    2.0
    >>> infocert.evaluate("kl", [0.5, -0.5], [0.5, 0.5])
    Traceback (most recent call last):
    ...
    infocert.InfocertError: p[1] = -0.5 is negative: probabilities must be >= 0
    """
    if (engine in (None, "float") and semantics == "as_given" and base is None
            and alpha is None and joint is None and measure in MEASURES):
        r = _vec(measure, p, q, correctly_rounded)
        if r is not None:
            return r
    measure = str(measure)
    if measure not in MEASURES:
        raise InfocertError(f"unknown measure {measure!r}; known: {', '.join(MEASURES)}")
    if semantics not in _SEMANTICS:
        raise InfocertError(
            f'invalid request: semantics {semantics!r}: use "as_given", '
            f'"as_given_unchecked" or "normalized"'
        )
    if engine is None:
        engine = "exact" if _any_exact(p, q, joint) else "float"
    if engine not in ("float", "exact"):
        raise InfocertError(f"invalid request: engine {engine!r}: use 'float' or 'exact'")
    b = _base_text(base)
    a = _alpha_text(alpha)
    if engine == "exact":
        if correctly_rounded:
            raise InfocertError("invalid request: --correctly-rounded needs --engine float")
        req = {
            "measure": measure, "alpha": a, "base": b, "digits": _int_arg("digits", digits, 0, 2001),
            "semantics": semantics,
            "p": None if p is None else _exact_list("p", p),
            "q": None if q is None else _exact_list("q", q),
            "joint": None if joint is None else [_exact_list("joint", r) for r in cast(Any, joint)],
        }
        ev = _exact_evaluation(req)
        for w in ev["warnings"]:
            warnings.warn(w, stacklevel=3)
        return _from_evaluation(measure, ev, req)
    return _evaluate_float(measure, p, q, joint, a, b, correctly_rounded, semantics, axis)


def _from_evaluation(measure: str, ev: Dict[str, Any], req: Dict[str, Any]) -> Result:
    if ev["enclosure"] is None:
        v, _ = _decimal_to_double(ev["decimal"])
        return Result(measure, v, 0.0 if ev["exact"] else float("inf"), engine="exact",
                      correctly_rounded=ev["exact"], semantics=ev["semantics"],
                      base=req["base"], request=req, evaluation=ev, warnings=ev["warnings"])
    lo, hi = (Fraction(s.replace("−", "-")) for s in ev["enclosure"])
    v, exact = _decimal_to_double(ev["decimal"])
    lo_d, hi_d = float(lo), float(hi)
    cr = ev["exact"] or lo_d == hi_d
    if cr and not ev["exact"]:
        v = lo_d
    fv = Fraction(v)
    err = max(abs(fv - lo), abs(hi - fv))
    e = float(err)
    if Fraction(e) < err:
        e = float(np.nextafter(e, np.inf))
    if ev["exact"] and exact:
        e = 0.0
    return Result(measure, v, e, engine="exact", correctly_rounded=cr,
                  semantics=ev["semantics"], base=req["base"], request=req, evaluation=ev,
                  warnings=ev["warnings"])


def _batch(arrays: Any, axis: int, joint: bool = False) -> Tuple[List[Any], Tuple[int, ...]]:
    """Broadcast, move ``axis`` last, flatten the batch: C-contiguous 2-D arrays."""
    if joint:
        (j,) = arrays
        if j.ndim < 2:
            raise InfocertError("joint must be a matrix (rows X, columns Y)")
        shape = j.shape[:-2]
        return [_c_aligned(j.reshape((int(np.prod(shape, dtype=np.int64)),) + j.shape[-2:]))], shape
    try:
        arrays = np.broadcast_arrays(*arrays) if len(arrays) > 1 else arrays
    except ValueError:
        shapes = " and ".join(str(a.shape) for a in arrays)
        raise InfocertError(f"length mismatch: shapes {shapes} do not broadcast") from None
    if arrays[0].ndim == 0:
        arrays = [a.reshape(1) for a in arrays]
    moved = [np.moveaxis(a, axis, -1) for a in arrays]
    shape = moved[0].shape[:-1]
    n = moved[0].shape[-1]
    b = int(np.prod(shape, dtype=np.int64))
    return [_c_aligned(m.reshape(b, n)) for m in moved], shape


def _evaluate_float(measure: str, p: Any, q: Any, joint: Any, a: Optional[str], b: str,
                    correctly_rounded: bool, semantics: str, axis: int) -> Result:
    if b != "e" and semantics != "normalized" and not correctly_rounded:
        raise InfocertError("invalid request: --engine float reports nats only: drop --base")
    arrays, names = [], []
    if joint is not None:
        J = _float_array("joint", joint)
        (J2,), shape = _batch([J], axis, joint=True)
        kw = {"joint": J2}
        single = J.ndim == 2
        req_inputs = {"joint": J} if single else None
    else:
        for which, x in (("p", p), ("q", q)):
            if x is not None:
                arrays.append(_float_array(which, x))
                names.append(which)
        if not arrays:
            raise InfocertError(f"{measure} needs --p")
        if len(arrays) == 2 and arrays[0].ndim == 1 and arrays[1].ndim == 1 \
                and arrays[0].shape != arrays[1].shape:
            raise InfocertError(
                f"length mismatch: p has {arrays[0].shape[0]} entries but q has "
                f"{arrays[1].shape[0]}"
            )
        batched, shape = _batch(arrays, axis)
        kw = dict(zip(names, batched))
        single = all(x.ndim <= 1 for x in arrays)
        req_inputs = dict(zip(names, arrays)) if single else None
    if semantics == "normalized" or b != "e":
        v, e, msgs = _infocert.nearest_eval(measure, kw.get("p"), kw.get("q"), kw.get("joint"),
                                           a, b, semantics)
        bad = [m for m in msgs if m is not None]
        if bad:
            raise InfocertError(bad[0])
        cr = True
    else:
        v, e = _infocert.float_eval(measure, kw.get("p"), kw.get("q"), kw.get("joint"), a,
                                    bool(correctly_rounded))
        cr = bool(correctly_rounded)
    if single:
        assert req_inputs is not None
        request: Dict[str, Any] = {"measure": measure, "alpha": a, "base": b,
                   "semantics": "as_given_unchecked" if semantics == "as_given" else semantics}
        for k, x in req_inputs.items():
            if k == "joint":
                request["joint"] = [_exact_list("joint", r, True) for r in x]
            else:
                request[k] = _LazyExact(k, x)
        return Result(measure, float(v[0]), float(e[0]), engine="float", correctly_rounded=cr,
                      semantics=semantics, base=b, request=request)
    return Result(measure, v.reshape(shape), e.reshape(shape), engine="float",
                  correctly_rounded=cr, semantics=semantics, base=b)


#: The lean path: ``p`` (and ``q``) one-dimensional C-contiguous float64 arrays of one
#: length, as given, natural log: the Result, built by the extension. None for anything
#: else (the caller takes the general path, which converts, broadcasts and names any
#: problem).
_vec = _infocert.float_vec


#: The keywords of the one-vector functions (``kl``, ``entropy``, …).
_LEAN_KEYWORDS = ("engine", "correctly_rounded", "semantics", "base", "digits", "axis")


def _lean_general(measure: str, arrays: Tuple[ArrayLike, ...], kw: Dict[str, Any]) -> Result:
    """The general path of the one-vector functions: an unknown keyword is reported
    under the public name (``kl() got an unexpected keyword argument 'foo'``)."""
    for k in kw:
        if k not in _LEAN_KEYWORDS:
            raise TypeError(
                f"{measure.replace('-', '_')}() got an unexpected keyword argument {k!r}")
    return evaluate(measure, *arrays, **kw)


def _lean_general1(measure: str, p: ArrayLike, **kw: Any) -> Result:
    """``infocert.entropy`` beyond its float64 lean path."""
    return _lean_general(measure, (p,), kw)


def _lean_general2(measure: str, p: ArrayLike, q: ArrayLike, **kw: Any) -> Result:
    """``infocert.kl`` and the other pair measures beyond their float64 lean path."""
    return _lean_general(measure, (p, q), kw)


class _LazyExact:
    """Exact text of a float array, made only when digits/closed forms are asked for."""

    def __init__(self, which: str, x: Any) -> None:
        self.which, self.x = which, x

    def get(self) -> List[str]:
        return _exact_list(self.which, self.x, floats_exact=True)


def mi(
        joint: ArrayLike, *, engine: Engine | None = None, correctly_rounded: bool = False,
        semantics: SemanticsName = "as_given", base: BaseArg = None, digits: int = 17,
        axis: int = 0,
) -> Result:
    """Mutual information I(X;Y) of a joint matrix (rows X, columns Y). Keywords as in
    :func:`evaluate`; extra leading dimensions are batched.

    >>> import infocert
    >>> infocert.mi([["1/2", "0"], ["0", "1/2"]]).closed_form
    'ln 2'
    """
    return evaluate("mi", joint=joint, engine=engine, correctly_rounded=correctly_rounded,
                    semantics=semantics, base=base, digits=digits, axis=axis)


def joint_entropy(
        joint: ArrayLike, *, engine: Engine | None = None, correctly_rounded: bool = False,
        semantics: SemanticsName = "as_given", base: BaseArg = None, digits: int = 17,
        axis: int = 0,
) -> Result:
    """Joint entropy H(X, Y) of a joint matrix. Keywords as in :func:`evaluate`.

    >>> import infocert
    >>> infocert.joint_entropy([["1/4", "1/4"], ["1/4", "1/4"]], base=2).closed_form
    '2'
    """
    return evaluate("joint-entropy", joint=joint, engine=engine, correctly_rounded=correctly_rounded,
                    semantics=semantics, base=base, digits=digits, axis=axis)


def cond_entropy(
        joint: ArrayLike, *, engine: Engine | None = None, correctly_rounded: bool = False,
        semantics: SemanticsName = "as_given", base: BaseArg = None, digits: int = 17,
        axis: int = 0,
) -> Result:
    """Conditional entropy H(X | Y) of a joint matrix (rows X, columns Y). Keywords as in
    :func:`evaluate`.

    >>> import infocert
    >>> infocert.cond_entropy([[0.25, 0.25], [0.25, 0.25]], correctly_rounded=True).value
    0.6931471805599453
    """
    return evaluate("cond-entropy", joint=joint, engine=engine, correctly_rounded=correctly_rounded,
                    semantics=semantics, base=base, digits=digits, axis=axis)


def renyi(
        p: ArrayLike, q: ArrayLike, alpha: AlphaArg, *, engine: Engine | None = None, correctly_rounded: bool = False,
        semantics: SemanticsName = "as_given", base: BaseArg = None, digits: int = 17,
        axis: int = 0,
) -> Result:
    """Rényi divergence of order ``alpha`` (> 0, ≠ 1; ``0`` and ``"inf"`` as limits):
    ``ln Σ p^α q^(1−α) / (α − 1)``. Keywords as in :func:`evaluate`.

    >>> import infocert
    >>> infocert.renyi(["1/2", "1/2"], ["1/4", "3/4"], 2).closed_form
    '2·ln 2 − ln 3'
    """
    return evaluate("renyi", p, q, alpha=alpha, engine=engine,
                    correctly_rounded=correctly_rounded, semantics=semantics, base=base,
                    digits=digits, axis=axis)


# ----------------------------------------------------------------------------- check


class Verdict:
    """The outcome of :func:`check`: ``verdict`` (``"proved"``, ``"violated"``,
    ``"no_counterexample_found"`` — evidence, not proof — or ``"undecided"``),
    ``counterexample`` (a dict, when violated) and the full ``report``.

    ``holds`` is true only for a decision (``"proved"``); ``evidence`` is true
    when no counterexample was found in the cases tried, which is not a proof. A verdict
    has no truth value (``bool(v)`` raises ``TypeError``): say which of the three you mean.

    >>> import infocert
    >>> v = infocert.check("KL(P||Q) >= 2*TV(P,Q)^2")
    >>> v.holds, v.evidence, v.violated
    (False, True, False)
    >>> v
    Verdict('KL(P‖Q) ≥ 2*TV(P,Q)^2': no_counterexample_found)
    >>> infocert.check("KL(P||Q) = KL(Q||P)").counterexample is not None
    True
    """

    report: Dict[str, Any]
    verdict: str
    counterexample: Optional[Dict[str, Any]]
    statement: Optional[str]

    def __init__(self, report: Dict[str, Any]) -> None:
        self.report = report
        v = report.get("verdict")
        self.verdict = v if isinstance(v, str) else json.dumps(v)
        self.counterexample = report.get("counterexample")
        self.statement = report.get("statement")

    @property
    def holds(self) -> bool:
        return self.verdict == "proved"

    @property
    def evidence(self) -> bool:
        return self.verdict == "no_counterexample_found"

    @property
    def violated(self) -> bool:
        return self.counterexample is not None

    def __bool__(self) -> bool:
        # `if infocert.check(...)` would read "no counterexample found" as "holds"
        raise TypeError(
            "a Verdict is not a truth value: use .holds (proved), .violated (refuted), or "
            ".evidence (no counterexample found in the cases tried: evidence, not proof)"
        )

    def __repr__(self) -> str:
        return f"Verdict({self.statement!r}: {self.verdict})"


def check(claim: str, *, cases: int = 200, seed: Optional[int] = None) -> Verdict:
    """Check a claim (``"KL(P||Q) >= 2*TV(P,Q)^2"``) or a catalogue item by id.

    >>> import infocert
    >>> infocert.check("KL(P||Q) >= 2*TV(P,Q)^2").violated
    False
    """
    if not isinstance(claim, str):
        raise InfocertError(f"a claim is a string, not {type(claim).__name__}")
    n = _int_arg("cases", cases, 0, 2**63)
    s = None if seed is None else _int_arg("seed", seed, 0, 2**64 - 1)
    return Verdict(json.loads(_infocert.check(claim, n, s)))


# kl, entropy… as functions of this module (help() and doctest see them as its own)
_infocert.bind_lean(sys.modules[__name__])

from . import scipy  # noqa: E402,F401  (submodule; infocert.testing is imported on demand)
