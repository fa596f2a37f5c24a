"""Properties on the package's own hypothesis strategies (infocert.testing.strategies):
identities between measures checked with the rigorous intervals (exact Fraction arithmetic
on the bounds: two enclosures of one exact value must overlap), each with a wrong variant
that is refuted."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings

import infocert
from infocert.testing import strategies as S

slow = settings(deadline=None, max_examples=40)
# the exact engine's as-given sum notes (the strategies' floats sum to 1 only up to rounding)
pytestmark = pytest.mark.filterwarnings("ignore:.*not 1. evaluated as given:UserWarning")


def iv(r):
    lo, hi = r.interval
    return Fraction(lo), Fraction(hi)


def add(a, b):
    return a[0] + b[0], a[1] + b[1]


def sub(a, b):
    return a[0] - b[1], a[1] - b[0]


def overlap(a, b):
    return a[0] <= b[1] and b[0] <= a[1]


def exact_entropy(xs):
    """H of exact rational weights (as given), by the exact engine."""
    return infocert.entropy([Fraction(x) for x in xs], semantics="as_given_unchecked",
                            digits=30)


# ------------------------------------------------------------------ distributions, pairs


@given(S.distributions())
def test_entropy_is_self_cross_entropy(p):
    h, x = infocert.entropy(p), infocert.cross_entropy(p, p)
    assert overlap(iv(h), iv(x))
    assert infocert.entropy(p, correctly_rounded=True).value == \
        infocert.cross_entropy(p, p, correctly_rounded=True).value
    assert iv(h)[1] >= 0


def test_entropy_is_not_cross_entropy_with_uniform():
    p = np.array([0.5, 0.25, 0.25])
    u = np.full(3, 1 / 3)
    assert not overlap(iv(infocert.entropy(p)), iv(infocert.cross_entropy(p, u)))


@given(S.pairs())
def test_kl_is_cross_entropy_minus_entropy(pq):
    p, q = pq
    kl = infocert.kl(p, q)
    assert overlap(iv(kl), sub(iv(infocert.cross_entropy(p, q)), iv(infocert.entropy(p))))
    cr = infocert.kl(p, q, correctly_rounded=True).value
    lo, hi = kl.interval
    assert lo <= cr <= hi


def test_kl_is_not_the_reversed_difference():
    # KL(P‖Q) = H(Q,P) − H(Q) is KL(Q‖P): refuted on an asymmetric pair
    p, q = np.array([0.1, 0.9]), np.array([0.5, 0.5])
    wrong = sub(iv(infocert.cross_entropy(q, p)), iv(infocert.entropy(q)))
    assert not overlap(iv(infocert.kl(p, q)), wrong)


@given(S.pairs())
def test_kl_is_gkl_plus_mass_difference(pq):
    # KL = Σ bd0(p, q) + Σp − Σq exactly; gkl = Σ bd0 ≥ 0 term by term
    p, q = pq
    d = sum(map(Fraction, p)) - sum(map(Fraction, q))
    g = iv(infocert.gkl(p, q))
    assert g[1] >= 0
    assert overlap(iv(infocert.kl(p, q)), (g[0] + d, g[1] + d))


@given(S.pairs())
def test_jsd_is_symmetric_and_bounded(pq):
    p, q = pq
    a = infocert.jsd(p, q, correctly_rounded=True).value
    assert a == infocert.jsd(q, p, correctly_rounded=True).value
    assert iv(infocert.jsd(p, q))[0] <= Fraction(math.log(2)) + Fraction(1, 10**12)


def test_kl_is_not_symmetric():
    p, q = np.array([0.1, 0.9]), np.array([0.5, 0.5])
    assert not overlap(iv(infocert.kl(p, q)), iv(infocert.kl(q, p)))


# ------------------------------------------------------------------ near-identical pairs


@slow
@given(S.near_identical_pairs())
def test_near_identical_pairs_keep_their_digits(pq):
    p, q = pq
    g = infocert.gkl(p, q, correctly_rounded=True)
    assert g.value >= 0  # a sum of non-negative terms, never a cancellation artefact
    r = infocert.kl(p, q)
    exact = Fraction(infocert.kl(p, q, engine="exact", semantics="as_given_unchecked")
                     .digits(40))
    lo, hi = iv(r)
    assert lo - abs(exact) / 10**30 <= exact <= hi + abs(exact) / 10**30
    # the bound is relative to the (tiny) value, not to the terms: digits kept
    assert r.err_bound <= 1e-10 * abs(r.value) + 1e-300 or r.value == 0
    assert infocert.kl(p, q, correctly_rounded=True).value == float(exact)


def test_naive_kl_loses_the_digits_of_a_near_identical_pair():
    # the wrong variant: Σ p ln(p/q) in floating point is 1.09e-16, the exact value 5.75e-17
    p = np.array([0.5, 0.5])
    q = np.array([0.5 + 1e-9, 0.5 - 1e-9])
    naive = float(np.sum(p * np.log(p / q)))
    lo, hi = infocert.kl(p, q).interval
    assert not lo <= naive <= hi


# ------------------------------------------------------------------ zero-laden


@given(S.zero_laden())
def test_zero_terms_contribute_nothing(z):
    nz = np.ascontiguousarray(z[z > 0])
    assert infocert.entropy(z, correctly_rounded=True).value == \
        infocert.entropy(nz, correctly_rounded=True).value
    assert infocert.kl(z, z, correctly_rounded=True).value == 0.0
    u = np.full(len(z), 1 / len(z))
    r = infocert.kl(u, z)  # mass where z has none: +inf, exactly
    assert r.value == math.inf and r.err_bound == 0
    assert math.isfinite(infocert.kl(z, u).value)


def test_zero_laden_kl_is_not_finite():
    # the wrong variant ("a zero in Q costs a finite amount") is refuted
    assert infocert.kl([0.5, 0.5], [1.0, 0.0]).value == math.inf


# ------------------------------------------------------------------ joints


@given(S.joints())
def test_joint_entropy_is_entropy_of_the_flattened_joint(j):
    assert infocert.joint_entropy(j, correctly_rounded=True).value == \
        infocert.entropy(np.ascontiguousarray(j.ravel()), correctly_rounded=True).value


@slow
@given(S.joints(max_rows=4, max_cols=4))
def test_mi_and_conditional_entropy_identities(j):
    rows = [sum(map(Fraction, r)) for r in j.tolist()]
    cols = [sum(map(Fraction, c)) for c in j.T.tolist()]
    hx, hy = iv(exact_entropy(rows)), iv(exact_entropy(cols))
    hxy = iv(infocert.joint_entropy(j))
    assert overlap(iv(infocert.mi(j)), sub(add(hx, hy), hxy))   # I = H(X) + H(Y) − H(X,Y)
    assert overlap(iv(infocert.cond_entropy(j)), sub(hxy, hy))  # H(X|Y) = H(X,Y) − H(Y)


def test_conditional_entropy_conditions_on_the_columns():
    # wrong variant: H(X|Y) = H(X,Y) − H(X) (rows) is refuted on an asymmetric joint
    j = np.array([[0.5, 0.0], [0.25, 0.25]])
    rows = [Fraction(1, 2), Fraction(1, 2)]
    cols = [Fraction(3, 4), Fraction(1, 4)]
    hxy = iv(infocert.joint_entropy(j))
    ce = iv(infocert.cond_entropy(j))
    assert overlap(ce, sub(hxy, iv(exact_entropy(cols))))
    assert not overlap(ce, sub(hxy, iv(exact_entropy(rows))))


def test_strategies_need_hypothesis_and_are_listed():
    assert set(dir(S)) >= {"distributions", "pairs", "near_identical_pairs", "zero_laden",
                           "joints"}
    with pytest.raises(AttributeError):
        S.no_such_strategy  # noqa: B018
