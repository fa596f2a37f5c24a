"""infocert.scipy vs scipy on ordinary inputs, and the peer bugs it corrects."""

import math
from fractions import Fraction

import numpy as np
import pytest
import scipy.special as sp
import scipy.stats as ss
from scipy.spatial.distance import jensenshannon as sjs

import infocert
from infocert import scipy as iscipy
from infocert.torch import kl_div as torch_kl_div

rng = np.random.default_rng(7)


@pytest.mark.parametrize("n", [2, 3, 10, 100])
def test_entropy_matches_scipy(n):
    p, q = rng.random(n), rng.random(n)
    for base in (None, 2, 10, 3.0):
        assert iscipy.entropy(p, base=base) == pytest.approx(ss.entropy(p, base=base), rel=1e-13)
        assert iscipy.entropy(p, q, base=base) == pytest.approx(ss.entropy(p, q, base=base),
                                                                rel=1e-10)


def test_entropy_axis_and_broadcast():
    P, Q = rng.random((4, 5)), rng.random((4, 5))
    for axis in (0, 1, -1):
        np.testing.assert_allclose(iscipy.entropy(P, Q, axis=axis), ss.entropy(P, Q, axis=axis),
                                   rtol=1e-10)
    q1 = rng.random(4)
    np.testing.assert_allclose(iscipy.entropy(P, q1[:, None]), ss.entropy(P, q1[:, None]),
                               rtol=1e-10)


def test_jensenshannon_matches_scipy():
    p, q = rng.random(6), rng.random(6)
    for base in (None, 2):
        assert iscipy.jensenshannon(p, q, base) == pytest.approx(sjs(p, q, base), rel=1e-10)
    P, Q = rng.random((3, 5)), rng.random((3, 5))
    np.testing.assert_allclose(iscipy.jensenshannon(P, Q, axis=1, keepdims=True),
                               sjs(P, Q, axis=1, keepdims=True), rtol=1e-10)


def test_elementwise_match_scipy_and_broadcast():
    x = np.array([[0.0, 0.5, 2.0, -1.0, np.nan, np.inf, 1.0]])
    y = np.array([[0.0], [0.3], [1.0], [np.inf], [0.0]])
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(iscipy.rel_entr(x, y), sp.rel_entr(x, y), rtol=1e-15)
        np.testing.assert_allclose(iscipy.kl_div(x, y), sp.kl_div(x, y), rtol=1e-15)
    assert np.isscalar(iscipy.rel_entr(0.5, 0.25)) or np.ndim(iscipy.rel_entr(0.5, 0.25)) == 0


def test_elementwise_correctly_rounded():
    x, y = rng.random(50), rng.random(50)
    v = iscipy.rel_entr(x, y)
    for xi, yi, vi in zip(x, y, v):
        assert vi == infocert.kl([xi], [yi], correctly_rounded=True).value


# ------------------------------------------------------------------ peer bugs corrected


def test_scipy_20083_js_nan_float32():
    c1 = np.array([0.027501475, 0.055202297], dtype="float32")
    c2 = np.array([0.027537677, 0.055334348], dtype="float32")
    assert iscipy.jensenshannon(c1, c2) == 1.7883362019890852e-4


def test_scipy_20779_js_nan():
    x = np.nextafter(0.5, 0)
    assert iscipy.jensenshannon([x, 1 - x], [1 - x, x]) == 3.925231146709438e-17


def test_scipy_19436_js_inf():
    assert iscipy.jensenshannon([0, 1], [5e-324, 1]) == 1.3085492146388467e-162


def test_scipy_cdist_28x_pair():
    p = [0.3227202611002553, 0.3880801793049, 0.2891995595948446]
    q = [0.32272026089787254, 0.3880801793107335, 0.289199559791394]
    assert iscipy.jensenshannon(p, q) == pytest.approx(1.80480710e-10, rel=1e-8)


def test_scipy_20710_rel_entr_overflow():
    tiny = np.finfo(np.float64).tiny
    assert iscipy.rel_entr(4.0, tiny) == pytest.approx(2839.13085157, rel=1e-11)


def test_scipy_entropy_cancellation_normalized():
    # scipy normalizes qk; the exact value of KL of the normalized doubles is 1.99999999789e-18
    # (scipy: 5.751115111609008e-17 — 28x off; 5.7511e-17 is the *as given* value)
    v = iscipy.entropy([0.5, 0.5], [0.5 + 1e-9, 0.5 - 1e-9])
    assert v == 1.999999997894577e-18
    assert infocert.kl([0.5, 0.5], [0.5 + 1e-9, 0.5 - 1e-9],
                       correctly_rounded=True).value == 5.7511151229152405e-17


def test_scipy_12553_and_4080_semantics():
    assert iscipy.entropy([1 / 2, 1 / 2], qk=[3 / 10, 3 / 10]) == 0.0
    assert iscipy.entropy(np.ones(1000, dtype=np.int8), base=2) == math.log2(1000)


def test_invalid_inputs_are_nan():
    assert np.isnan(iscipy.entropy([-0.5, 1.5]))
    assert np.isnan(iscipy.entropy([0, 0]))


# ------------------------------------------------------------------ PyTorch semantics


def test_torch_kl_div_reductions():
    p = np.array([[0.1, 0.9], [0.5, 0.5]])
    q = np.array([[0.01, 0.99], [0.5, 0.5]])
    logq = np.log(q)
    none = torch_kl_div(logq, p, reduction="none")
    assert none.shape == p.shape
    # ln 0.5 − fl(ln 0.5) ≠ 0: the exact term on the given doubles is tiny, not 0
    assert abs(none[1, 0]) < 1e-16 and none[1, 0] == none[1, 1]
    s = torch_kl_div(logq, p, reduction="sum")
    assert s == pytest.approx(0.14447934747551220, rel=1e-15)
    assert torch_kl_div(logq, p, reduction="batchmean") == pytest.approx(s / 2, rel=1e-15)
    assert torch_kl_div(logq, p, reduction="mean") == pytest.approx(s / 4, rel=1e-15)
    assert torch_kl_div(logq, np.log(p), reduction="sum", log_target=True) == \
        pytest.approx(s, rel=1e-14)


def test_torch_80488_no_negative_on_identical():
    a = np.array([[1.0, 2.0, 3.0], [5.0, 5.0, 5.0]])
    lsm = a - np.log(np.sum(np.exp(a), axis=1, keepdims=True))
    sm = np.exp(lsm)
    v = torch_kl_div(lsm, sm, reduction="none")
    # each term is t·(ln t − input) on the given doubles, correctly rounded
    for x, t, got in zip(lsm.ravel(), sm.ravel(), v.ravel()):
        from decimal import Decimal, getcontext
        getcontext().prec = 80
        exact = Fraction(t) * (Fraction(Decimal(t).ln()) - Fraction(x))
        assert got == float(exact) or abs(Fraction(got) - exact) < Fraction(1, 10**30)
