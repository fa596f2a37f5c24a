"""Hypothesis fuzzing of every entry point with garbage: NaN, ±inf, negatives, ragged and
empty inputs, huge strings, wrong dtypes, arbitrary objects. The only acceptable outcomes
are a value or InfocertError / ValueError / TypeError — never a pyo3 PanicException (a
BaseException, so it escapes the `except` below and fails the test) or a crash."""

import math
import warnings
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import infocert
from infocert import InfocertError
from infocert import scipy as iscipy
from infocert.testing import conform, vectors
from infocert.torch import kl_div as torch_kl_div

ALLOWED = (InfocertError, ValueError, TypeError)

scalars = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0, max_value=1),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from(["1/3", "0", "-1", "x", "1e-400", "1e999999", "1/0", "", " ", "0x1p-3",
                     "inf", "nan", "-0", "1" * 30000, "9" * 60000 + "e-99999", "0x1p-999999",
                     "1e-50001", "\x00", "½", "1,2", "[1]"]),
    st.fractions(), st.decimals(allow_nan=True, allow_infinity=True),
    st.booleans(), st.none(), st.just(object()), st.complex_numbers(), st.text(max_size=8),
    st.binary(max_size=4), st.just(Decimal("sNaN")), st.just([]), st.just({}),
)
ragged = st.recursive(st.lists(scalars, max_size=5), lambda c: st.lists(c, max_size=4),
                      max_leaves=20)
dtypes = st.sampled_from([np.float64, np.float32, np.float16, np.int8, np.int64, np.uint64,
                          np.bool_, np.complex128, object, np.longdouble, "U3", "S3",
                          "datetime64[s]", "timedelta64[s]", ">f8", "<f4"])


@st.composite
def arrays(draw):
    shape = draw(st.lists(st.integers(0, 4), min_size=0, max_size=3))
    n = int(np.prod(shape)) if shape else 1
    vals = draw(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64),
                         min_size=n, max_size=n))
    a = np.array(vals, dtype=np.float64).reshape(shape)
    dt = draw(dtypes)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            a = a.astype(dt)
        except (ValueError, TypeError, OverflowError):
            pass
    if draw(st.booleans()) and a.ndim >= 1:
        a = a[::-1]  # negative strides
    if draw(st.booleans()) and a.ndim == 2:
        a = np.asfortranarray(a)
    return a


garbage = st.one_of(arrays(), ragged, scalars, st.text(max_size=50))
options = st.fixed_dictionaries({}, optional={
    "engine": st.sampled_from(["float", "exact", None, "fast", 3]),
    "correctly_rounded": st.one_of(st.booleans(), st.just("yes")),
    "semantics": st.sampled_from(["as_given", "normalized", "as_given_unchecked", "bogus", None]),
    "base": st.sampled_from([None, "e", 2, 10, "2", 3, 0, -1, float("nan"), "x"]),
    "digits": st.one_of(st.integers(-5, 60), st.just(10**12), st.just("5")),
    "axis": st.one_of(st.integers(-4, 4), st.just(None)),
})


def _call(f, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            r = f(*args, **kw)
        except ALLOWED:
            return None
    return r


def _check_result(r):
    if isinstance(r, infocert.Result):
        v, e = np.asarray(r.value, dtype=float), np.asarray(r.err_bound, dtype=float)
        # a number comes with a bound that is a non-negative double (inf when none)
        assert np.all((e >= 0) | np.isnan(v))


PAIR = ["kl", "cross-entropy", "gkl", "jsd", "js-distance", "tv", "hellinger", "chi2"]
fast = settings(deadline=None, suppress_health_check=list(HealthCheck))


@fast
@given(measure=st.sampled_from(PAIR), p=garbage, q=garbage, kw=options)
def test_pair_measures(measure, p, q, kw):
    fn = getattr(infocert, measure.replace("-", "_"))
    _check_result(_call(fn, p, q, **kw))
    _check_result(_call(infocert.evaluate, measure, p, q, **kw))


@fast
@given(p=garbage, kw=options)
def test_entropy(p, kw):
    _check_result(_call(infocert.entropy, p, **kw))


@fast
@given(measure=st.sampled_from(["mi", "joint-entropy", "cond-entropy"]), j=garbage, kw=options)
def test_joint_measures(measure, j, kw):
    fn = getattr(infocert, measure.replace("-", "_"))
    _check_result(_call(fn, j, **kw))


@fast
@given(p=garbage, q=garbage, alpha=garbage, kw=options)
def test_renyi(p, q, alpha, kw):
    _check_result(_call(infocert.renyi, p, q, alpha, **kw))
    _check_result(_call(infocert.renyi, [0.5, 0.5], [0.25, 0.75], alpha, **kw))


@fast
@given(measure=st.one_of(st.text(max_size=12), st.none(), st.integers()), p=garbage, q=garbage)
def test_evaluate_measure_names(measure, p, q):
    _call(infocert.evaluate, measure, p, q)


@fast
@given(p=garbage, q=garbage, base=st.sampled_from([None, 2, 10, 3.5, 0, -1, 1, float("nan")]),
       axis=st.integers(-3, 3), keepdims=st.booleans())
def test_scipy_dropins(p, q, base, axis, keepdims):
    _call(iscipy.entropy, p, base=base, axis=axis)
    _call(iscipy.entropy, p, q, base=base, axis=axis)
    _call(iscipy.jensenshannon, p, q, base, axis=axis, keepdims=keepdims)
    _call(iscipy.rel_entr, p, q)
    _call(iscipy.kl_div, p, q)


@fast
@given(x=garbage, t=garbage, reduction=st.sampled_from(["none", "sum", "mean", "batchmean", "x"]),
       log_target=st.booleans())
def test_torch_kl_div(x, t, reduction, log_target):
    _call(torch_kl_div, x, t, reduction=reduction, log_target=log_target)


@fast
@given(claim=st.one_of(st.text(max_size=60), st.sampled_from([
    "KL(P||Q) >= 0", "H(P) <= " + "(" * 300 + "1" + ")" * 300, "KL(P||Q) >= 1e999999",
    "Renyi[-1](P||Q) >= 0", "Renyi[1/0](P||Q) >= 0", "TV(P,Q) <= " + "+".join(["1"] * 600),
    "gibbs", "pinsker", "", "KL(P||Q) >= 2^99999999"])),
       cases=st.integers(0, 30), seed=st.one_of(st.none(), st.integers(0, 2**64 - 1)))
def test_check(claim, cases, seed):
    v = _call(infocert.check, claim, cases=cases, seed=seed)
    if v is not None:
        assert v.verdict in ("proved", "violated", "no_counterexample_found", "undecided") \
            or v.verdict.startswith("{")


@fast
@given(claim=garbage, cases=st.one_of(st.integers(-5, 5), st.floats(), st.text(max_size=3)))
def test_check_argument_types(claim, cases):
    _call(infocert.check, claim, cases=cases)


@fast
@given(measure=st.one_of(st.text(max_size=10), st.sampled_from(["kl", "entropy", "renyi", "mi"])),
       out=st.one_of(scalars, arrays()), max_ulps=st.one_of(st.integers(-3, 2**70), st.floats()),
       semantics=st.sampled_from(["as_given", "normalized", "x"]),
       base=st.sampled_from(["e", "2", "10", "x"]))
def test_conformance_grading(measure, out, max_ulps, semantics, base):
    def fn(*args):
        if isinstance(out, str) and out == "x":
            raise RuntimeError("a target that raises counts as NaN")
        return out
    _call(conform, fn, measure, max_ulps=max_ulps, semantics=semantics, base=base)
    _call(vectors, measure)


def test_huge_string_is_refused_quickly():
    for s in ("1" * 30000, "1e-50001", "0x1p-200001"):
        with pytest.raises(InfocertError, match="too large"):
            infocert.entropy([s, "1"], engine="exact", semantics="as_given_unchecked")


def test_non_finite_and_negative_messages():
    for bad in (math.nan, math.inf, -0.5):
        with pytest.raises(InfocertError):
            infocert.kl(np.array([bad, 0.5]), np.array([0.5, 0.5]))
        with pytest.raises(InfocertError):
            infocert.kl([Fraction(1, 2), bad], ["1/2", "1/2"])
