"""Drop-ins for scipy's (and PyTorch's) information functions, correctly rounded.

Same signatures and documented semantics as ``scipy.stats.entropy``,
``scipy.spatial.distance.jensenshannon``, ``scipy.special.rel_entr`` and
``scipy.special.kl_div`` (normalization, ``base``, ``axis``, ``keepdims``,
broadcasting), returning the double nearest the exact value of what the
function means on the given doubles. Inputs where scipy returns a wrong NaN,
∞ or negative value (scipy#20083, #20779, #19436, cancellation in
``entropy``) get the correct value here.

Differences from scipy, by design:

* the result is float64 (float32 inputs are widened exactly);
* an invalid distribution (a negative or NaN entry, a zero sum) gives NaN
  where scipy gives ``±inf``/``nan``/``0.0`` by accident of its formula;
* a ``base`` other than e, 2 or 10 is applied as ``value / log(base)`` in
  floating point (one extra rounding).

>>> import numpy as np
>>> from infocert import scipy as iscipy
>>> x = np.nextafter(0.5, 0)
>>> float(iscipy.jensenshannon([x, 1 - x], [1 - x, x]))   # scipy: nan
3.925231146709438e-17
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, List, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

from . import ArrayLike, InfocertError, _c_aligned, _float_array, _infocert

#: What the drop-ins return: a float64 scalar, or an array for batched inputs.
Out = Union[np.float64, "npt.NDArray[np.float64]", Any]

__all__ = ["entropy", "jensenshannon", "rel_entr", "kl_div", "torch_kl_div"]


def _base_split(base: Optional[float]) -> Tuple[str, Optional[float]]:
    """(base passed to the engine, extra divisor applied afterwards)."""
    if base is None:
        return "e", None
    b = float(base)
    if b == 2.0:
        return "2", None
    if b == 10.0:
        return "10", None
    if b == np.e:
        return "e", None
    return "e", np.log(b)


def _normalized(measure: str, arrays: Sequence[Any], axis: int, base: Optional[float],
                keepdims: bool = False) -> Out:
    arrays = [_float_array(n, a) for n, a in zip(("pk", "qk"), arrays)]
    try:
        arrays = np.broadcast_arrays(*arrays) if len(arrays) > 1 else arrays
    except ValueError:
        raise ValueError("Array shapes are incompatible for broadcasting.") from None
    if arrays[0].ndim == 0:
        arrays = [a.reshape(1) for a in arrays]
    moved = [np.moveaxis(a, axis, -1) for a in arrays]
    shape = moved[0].shape[:-1]
    n = moved[0].shape[-1]
    rows = [_c_aligned(m.reshape(int(np.prod(shape, dtype=np.int64)), n)) for m in moved]
    out = np.full(rows[0].shape[0], np.nan)
    if n > 0 and rows[0].shape[0] > 0:
        b, div = _base_split(base)
        ok = np.ones(rows[0].shape[0], dtype=bool)
        for r in rows:
            ok &= np.all(np.isfinite(r) & (r >= 0), axis=1) & (r.sum(axis=1) > 0)
        if ok.any():
            sel = [_c_aligned(r[ok]) for r in rows]
            p = sel[0]
            q = sel[1] if len(sel) > 1 else None
            v, _e, msgs = _infocert.nearest_eval(measure, p, q, None, None, b, "normalized")
            if div is not None:
                v = v / div
            out[ok] = v
    out = out.reshape(shape)
    if keepdims:
        out = np.expand_dims(out, axis)
    return out[()] if out.ndim == 0 else out


def entropy(pk: ArrayLike, qk: Optional[ArrayLike] = None, base: Optional[float] = None,
            axis: int = 0) -> Out:
    """``scipy.stats.entropy``: H(pk) or KL(pk‖qk) of the normalized inputs.

    >>> from infocert import scipy as iscipy
    >>> float(iscipy.entropy([0.5, 0.5], [0.5 + 1e-9, 0.5 - 1e-9]))  # scipy: 5.751115111609008e-17
    1.999999997894577e-18
    """
    if qk is None:
        return _normalized("entropy", [pk], axis, base)
    return _normalized("kl", [pk, qk], axis, base)


def jensenshannon(p: ArrayLike, q: ArrayLike, base: Optional[float] = None, *, axis: int = 0,
                  keepdims: bool = False) -> Out:
    """``scipy.spatial.distance.jensenshannon``: √JSD of the normalized inputs, correctly
    rounded; ``base``, ``axis`` and ``keepdims`` as in scipy.

    >>> import numpy as np
    >>> from infocert import scipy as iscipy
    >>> float(iscipy.jensenshannon([1, 0], [0, 1], base=2))
    1.0
    >>> iscipy.jensenshannon(np.eye(3), np.ones((3, 3)), axis=1, keepdims=True).shape
    (3, 1)
    """
    return _normalized("js-distance", [p, q], axis, base, keepdims=keepdims)


def _elementwise(measure: str, x: Any, y: Any) -> Out:
    scalar = np.ndim(x) == 0 and np.ndim(y) == 0
    x = _float_array("x", x)
    y = _float_array("y", y)
    x, y = np.broadcast_arrays(x, y)
    shape = x.shape
    xf, yf = x.reshape(-1), y.reshape(-1)
    good = np.isfinite(xf) & np.isfinite(yf) & (xf >= 0) & (yf >= 0)
    out = np.empty(xf.shape, dtype=np.float64)
    # scipy's own rules on the special inputs (NaN, negative, infinite)
    with np.errstate(all="ignore"):
        bad = ~good
        xb, yb = xf[bad], yf[bad]
        if measure == "kl":
            r = np.where((xb > 0) & (yb > 0), xb * np.log(xb / yb),
                         np.where((xb == 0) & (yb >= 0), 0.0, np.inf))
        else:
            r = np.where((xb > 0) & (yb > 0), xb * np.log(xb / yb) - xb + yb,
                         np.where((xb == 0) & (yb >= 0), yb, np.inf))
        r = np.where(np.isnan(xb) | np.isnan(yb), np.nan, r)
        out[bad] = r
    if good.any():
        p = _c_aligned(xf[good].reshape(-1, 1))
        q = _c_aligned(yf[good].reshape(-1, 1))
        v, _ = _infocert.float_eval(measure, p, q, None, None, True)
        out[good] = v
    if scalar:
        return out.reshape(())[()]
    return out.reshape(shape)


def rel_entr(x: ArrayLike, y: ArrayLike) -> Out:
    """``scipy.special.rel_entr``: elementwise ``x ln(x/y)`` (0 at x = 0, ∞ where y = 0 < x),
    broadcast, each element correctly rounded.

    >>> from infocert import scipy as iscipy
    >>> import numpy as np
    >>> float(iscipy.rel_entr(4.0, np.finfo(np.float64).tiny))  # scipy < 1.15: inf
    2839.130851573536
    """
    return _elementwise("kl", x, y)


def kl_div(x: ArrayLike, y: ArrayLike) -> Out:
    """``scipy.special.kl_div``: elementwise ``x ln(x/y) − x + y``, broadcast, each element
    correctly rounded.

    >>> from infocert import scipy as iscipy
    >>> float(iscipy.kl_div(1.0, 2.0))  # 1 − ln 2
    0.3068528194400547
    """
    return _elementwise("gkl", x, y)


# ----------------------------------------------------------------------------- PyTorch


def _ln_dec(x: float, prec: int) -> Decimal:
    with localcontext() as c:
        c.prec = prec
        return Decimal(x).ln()


def _exp_dec(x: float, prec: int) -> Decimal:
    with localcontext() as c:
        c.prec = prec
        return Decimal(x).exp()


#: Beyond this target, exp(t)·d overflows for every nonzero difference d of doubles:
#: exp(t) > 2^(1024 + 1074) once t > 2098·ln 2 ≈ 1454.3.
_EXP_INF = 1455.0


def _ulp_dec(d: Decimal, prec: int) -> Fraction:
    """Half an ulp of a ``prec``-digit Decimal (the error of a correctly rounded op)."""
    if d == 0:
        return Fraction(0)
    e = d.adjusted() - prec + 1
    return Fraction(10) ** e / 2


def _torch_terms(inp: Any, tgt: Any, log_target: bool,
                 prec: int) -> List[Union[float, Tuple[Fraction, Fraction]]]:
    """Exact-interval terms: list of (center Fraction, radius Fraction) or special floats."""
    out: List[Union[float, Tuple[Fraction, Fraction]]] = []
    for x, t in zip(inp, tgt):
        x, t = float(x), float(t)
        if np.isnan(x) or np.isnan(t):
            out.append(float("nan"))
            continue
        if log_target:
            if t == -np.inf:
                out.append((Fraction(0), Fraction(0)))
                continue
            if np.isinf(t) or np.isinf(x):
                out.append(float(np.exp(t) * (t - x)) if np.isfinite(t) or np.isfinite(x)
                           else float("nan"))
                continue
            d = Fraction(t) - Fraction(x)
            if d == 0:
                out.append((Fraction(0), Fraction(0)))
                continue
            if t > _EXP_INF:
                # exp(t)·|d| > 2^1024 even for the smallest nonzero |d| = 2^-1074
                out.append(float("inf") if d > 0 else float("-inf"))
                continue
            e = _exp_dec(t, prec)
            out.append((Fraction(e) * d, _ulp_dec(e, prec) * abs(d)))
        else:
            if t < 0:
                out.append(float("nan"))
                continue
            if t == 0:
                out.append((Fraction(0), Fraction(0)))
                continue
            if np.isinf(t) or np.isinf(x):
                with np.errstate(all="ignore"):
                    out.append(float(t * (np.log(t) - x)))
                continue
            ln = _ln_dec(t, prec)
            c = Fraction(t) * (Fraction(ln) - Fraction(x))
            out.append((c, Fraction(t) * _ulp_dec(ln, prec)))
    return out


def _nearest(f: Fraction) -> float:
    """The double nearest ``f`` (``±inf`` beyond the largest double, as IEEE rounding)."""
    try:
        return float(f)
    except OverflowError:
        return float("inf") if f > 0 else float("-inf")


def _round_interval(c: Fraction, r: Fraction) -> Optional[float]:
    lo, hi = _nearest(c - r), _nearest(c + r)
    return lo if lo == hi else None


def torch_kl_div(input: ArrayLike, target: ArrayLike, reduction: str = "mean",
                 log_target: bool = False) -> Out:
    """PyTorch's ``torch.nn.functional.kl_div(input, target, reduction, log_target)`` on numpy
    arrays, correctly rounded: pointwise ``target·(ln target − input)`` (``input`` holds
    log-probabilities; with ``log_target``: ``exp(target)·(target − input)``); ``0`` where
    ``target = 0``. ``reduction``: ``"none"``, ``"sum"``, ``"mean"`` (over all elements — not
    KL, as PyTorch warns), ``"batchmean"`` (sum / ``input.shape[0]``: the KL per sample).

    >>> import numpy as np
    >>> from infocert.scipy import torch_kl_div
    >>> p = np.array([0.1, 0.9]); q = np.array([0.01, 0.99])
    >>> float(torch_kl_div(np.log(q), p, reduction="sum")) # KL(p‖q) to the doubles log(q)
    0.1444793474755122
    """
    if reduction not in ("none", "sum", "mean", "batchmean"):
        raise InfocertError(f"{reduction} is not a valid value for reduction")
    x = np.asarray(input, dtype=np.float64)
    t = np.asarray(target, dtype=np.float64)
    x, t = np.broadcast_arrays(x, t)
    shape = x.shape
    xf, tf = x.reshape(-1), t.reshape(-1)
    prec = 60
    while True:
        terms = _torch_terms(xf, tf, log_target, prec)
        if reduction == "none":
            vals = []
            for term in terms:
                if isinstance(term, float):
                    vals.append(term)
                    continue
                v = _round_interval(*term)
                if v is None:
                    break
                vals.append(v)
            else:
                return np.array(vals, dtype=np.float64).reshape(shape)
        else:
            specials = [s for s in terms if isinstance(s, float)]
            if specials:
                with np.errstate(all="ignore"):
                    s = float(np.sum(specials))
                if reduction == "mean" and xf.size:
                    s = s / xf.size
                return np.float64(s)
            exact = [t for t in terms if isinstance(t, tuple)]
            c = sum((a for a, _ in exact), Fraction(0))
            r = sum((b for _, b in exact), Fraction(0))
            if reduction == "mean":
                if xf.size == 0:
                    return np.float64(np.nan)
                c, r = c / xf.size, r / xf.size
            elif reduction == "batchmean" and len(shape) > 0 and shape[0] > 0:
                c, r = c / shape[0], r / shape[0]
            v = _round_interval(c, r)
            if v is not None:
                return np.float64(v)
        prec *= 2
        if prec > 2000:
            raise InfocertError("could not certify the rounding (precision cap reached)")
