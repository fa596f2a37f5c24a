"""Values against closed forms, engines, inputs, results."""

import math
import warnings
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import infocert
from infocert import InfocertError

KL_DIGITS = "0.144479347475512194362242234516"  # ln 10 − 0.9 ln 11


def test_kl_exact_closed_form_and_digits():
    r = infocert.kl([0.1, 0.9], [0.01, 0.99], engine="exact")
    assert r.digits(30) == KL_DIGITS
    assert r.closed_form == "ln 10 − (9/10)·ln 11"
    assert r.correctly_rounded
    assert r.value == 0.14447934747551220  # nearest double of the exact value


@pytest.mark.parametrize("p,q", [
    (["1/10", "9/10"], ["1/100", "99/100"]),
    ([Fraction(1, 10), Fraction(9, 10)], [Fraction(1, 100), Fraction(99, 100)]),
    ([Decimal("0.1"), Decimal("0.9")], [Decimal("0.01"), Decimal("0.99")]),
])
def test_exact_input_types(p, q):
    r = infocert.kl(p, q)  # exact engine chosen for exact inputs
    assert r.engine == "exact"
    assert r.closed_form == "ln 10 − (9/10)·ln 11"
    assert r.digits(30) == KL_DIGITS


def test_int_inputs_exact():
    r = infocert.entropy([1, 1, 1, 1], engine="exact", semantics="normalized")
    assert r.closed_form == "2·ln 2"
    assert r.value == 2 * math.log(2)


def test_float_engine_bound_contains_exact():
    p = np.array([0.1, 0.9])
    q = np.array([0.01, 0.99])
    r = infocert.kl(p, q)
    exact = Fraction(r.digits(40))
    lo, hi = r.interval
    assert Fraction(lo) <= exact <= Fraction(hi)
    assert abs(r.value - float(exact)) <= r.err_bound


def test_correctly_rounded_matches_exact_digits():
    rng = np.random.default_rng(1)
    for _ in range(20):
        p = rng.dirichlet(np.ones(5))
        q = rng.dirichlet(np.ones(5))
        r = infocert.kl(p, q, correctly_rounded=True)
        assert r.correctly_rounded
        assert r.value == float(Fraction(r.digits(40)))


def test_near_identical_pair():
    # the naive Σ p ln(p/q) gives 1.09e-16; exact (as given) 5.7511151229152405e-17
    r = infocert.kl([0.5, 0.5], [0.5 + 1e-9, 0.5 - 1e-9], correctly_rounded=True)
    assert r.value == 5.7511151229152405e-17


def test_float32_widened_exactly():
    p32 = np.array([0.25, 0.75], dtype=np.float32)
    q32 = np.array([0.5, 0.5], dtype=np.float32)
    r32 = infocert.kl(p32, q32, correctly_rounded=True)
    r64 = infocert.kl(p32.astype(np.float64), q32.astype(np.float64), correctly_rounded=True)
    assert r32.value == r64.value
    c1 = np.array([0.027501475, 0.055202297], dtype="float32")
    r = infocert.entropy(c1, semantics="normalized")
    assert r.digits(20) == infocert.entropy(c1.astype(np.float64),
                                            semantics="normalized").digits(20)


def test_zero_copy_input_not_modified():
    p = np.array([0.2, 0.8])
    q = np.array([0.5, 0.5])
    before = p.copy()
    infocert.kl(p, q)
    assert np.array_equal(p, before)


def test_batched_axis():
    rng = np.random.default_rng(2)
    P = rng.dirichlet(np.ones(4), size=6).T  # distributions along axis 0
    Q = rng.dirichlet(np.ones(4), size=6).T
    r = infocert.kl(P, Q, correctly_rounded=True)
    assert r.value.shape == (6,)
    for i in range(6):
        assert r.value[i] == infocert.kl(P[:, i], Q[:, i], correctly_rounded=True).value
    r1 = infocert.kl(P.T, Q.T, axis=1)
    assert np.allclose(r1.value, r.value, rtol=1e-15)
    assert np.all(np.abs(r1.value - r.value) <= r1.err_bound + r.err_bound)


def test_batched_joint():
    J = np.array([[[0.25, 0.25], [0.25, 0.25]], [[0.5, 0.0], [0.0, 0.5]]])
    r = infocert.mi(J, correctly_rounded=True)
    assert r.value[0] == 0.0
    assert r.value[1] == math.log(2)


def test_infinity_and_zero():
    r = infocert.kl([0.5, 0.5], [1.0, 0.0])
    assert r.value == math.inf and r.err_bound == 0
    assert infocert.kl([0.5, 0.5], [0.5, 0.5]).value == 0.0


def test_bases_and_normalized():
    r = infocert.entropy([1, 1, 1, 1], semantics="normalized", base=2)
    assert r.value == 2.0
    r = infocert.kl([1, 3], [2, 2], semantics="normalized", base=2)
    assert r.value == float(Fraction(r.digits(40)))


def test_renyi_and_others():
    p, q = [0.5, 0.5], [0.25, 0.75]
    assert infocert.renyi(p, q, 2, engine="exact").closed_form is not None
    assert infocert.tv(p, q, correctly_rounded=True).value == 0.25
    assert infocert.chi2(p, q, correctly_rounded=True).value == pytest.approx(1 / 3, rel=1e-15)
    assert infocert.js_distance(p, q).value > 0
    assert infocert.hellinger(p, q).value > 0
    assert infocert.cross_entropy(p, q).value > 0
    assert infocert.cond_entropy([[0.25, 0.25], [0.25, 0.25]], correctly_rounded=True).value \
        == math.log(2)


def test_exact_warning_as_python_warning():
    with pytest.warns(UserWarning, match="not 1"):
        infocert.kl(["1/3", "1/3"], ["1/2", "1/2"], engine="exact",
                    semantics="as_given_unchecked")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        infocert.kl(["1/2", "1/2"], ["1/3", "2/3"])


def test_check_verdicts():
    v = infocert.check("KL(P||Q) >= 2*TV(P,Q)^2")
    # no counterexample in the campaign: evidence, never "holds"
    assert not v.violated and v.evidence and not v.holds
    v = infocert.check("KL(P||Q) >= 2.01*TV(P,Q)^2")  # refuted near P = Q by the margin search
    assert v.violated
    v = infocert.check("-1 < 0")  # no variables: decided
    assert v.holds
    v = infocert.check("KL(P||Q) <= TV(P,Q)")
    assert v.violated and v.counterexample is not None


def test_verdict_has_no_truth_value():
    # evidence must never read as proof: `if verdict:` is refused for every verdict
    for claim in ("KL(P||Q) >= 2*TV(P,Q)^2", "-1 < 0", "KL(P||Q) <= TV(P,Q)"):
        with pytest.raises(TypeError, match="evidence, not proof"):
            bool(infocert.check(claim, cases=20))


def test_help_is_useful():
    assert "KL(P‖Q)" in infocert.kl.__doc__
    assert "correctly_rounded" in infocert.evaluate.__doc__
