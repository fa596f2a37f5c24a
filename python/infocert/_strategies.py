"""Hypothesis strategies for distributions (imported by ``infocert.testing.strategies``)."""

from __future__ import annotations

from typing import Any, Tuple

import numpy as np
import numpy.typing as npt
from hypothesis import strategies as st

F64 = npt.NDArray[np.float64]

__all__ = ["distributions", "pairs", "near_identical_pairs", "zero_laden", "joints", "floats"]

#: Non-negative finite doubles, including subnormals and zero.
floats = st.floats(min_value=0.0, max_value=1.0, allow_nan=False, allow_infinity=False,
                   allow_subnormal=True)


def _normalize(xs: Any) -> F64:
    a = np.asarray(xs, dtype=np.float64)
    s = a.sum()
    if not s > 0:
        a = np.ones_like(a)
        s = a.sum()
    out: F64 = a / s
    return out


@st.composite
def distributions(draw: Any, min_size: int = 1, max_size: int = 16,
                  normalized: bool = True) -> F64:
    """A float64 probability vector (divided by its float sum: sums to 1 up to rounding)."""
    n = draw(st.integers(min_size, max_size))
    xs = draw(st.lists(floats, min_size=n, max_size=n))
    return _normalize(xs) if normalized else np.asarray(xs, dtype=np.float64)


@st.composite
def pairs(draw: Any, min_size: int = 1, max_size: int = 16) -> Tuple[F64, F64]:
    """Two distributions of the same length, Q's support covering P's."""
    p = draw(distributions(min_size, max_size))
    q = draw(distributions(len(p), len(p)))
    q = _normalize(np.where(p > 0, np.maximum(q, 1e-300), q))
    return p, q


@st.composite
def near_identical_pairs(draw: Any, min_size: int = 2,
                         max_size: int = 16) -> Tuple[F64, F64]:
    """(p, q) with q a relative perturbation of p by at most ~1e-8: where naive KL/JSD cancel."""
    p = draw(distributions(min_size, max_size))
    eps = draw(st.floats(min_value=1e-16, max_value=1e-8))
    signs = np.array(draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=len(p),
                                   max_size=len(p))))
    q = p * (1 + eps * signs)
    return p, q


@st.composite
def zero_laden(draw: Any, min_size: int = 2, max_size: int = 16) -> F64:
    """A distribution with at least half of its entries exactly 0."""
    n = draw(st.integers(min_size, max_size))
    xs = np.asarray(draw(st.lists(floats, min_size=n, max_size=n)), dtype=np.float64)
    zeros = draw(st.lists(st.integers(0, n - 1), min_size=n // 2, max_size=n))
    xs[zeros] = 0.0
    if not xs.sum() > 0:
        xs[draw(st.integers(0, n - 1))] = 1.0
    return _normalize(xs)


@st.composite
def joints(draw: Any, max_rows: int = 6, max_cols: int = 6) -> F64:
    """A joint distribution matrix (rows X, columns Y)."""
    r = draw(st.integers(1, max_rows))
    c = draw(st.integers(1, max_cols))
    xs = draw(st.lists(floats, min_size=r * c, max_size=r * c))
    return _normalize(xs).reshape(r, c)
