"""The lean paths of the one-vector functions (``infocert.kl(p, q)`` on float64 or float32
vectors): no Python code runs, the result object is the extension's, float32 input is
read in place and widened block by block. Reference values: the float64 path on the
widened arrays (float32 → float64 is exact, so both enclose the same exact value) and,
where stated, closed forms by hand."""

import math
import sys
from functools import partial

import numpy as np
import pytest

import infocert
from infocert import _infocert

PAIR = ["cross_entropy", "kl", "gkl", "jsd", "js_distance", "tv", "hellinger", "chi2"]
BLOCK = 1 << 15  # F32_BLOCK in python/src/lib.rs


def _call(name, p, q, **kw):
    f = getattr(infocert, name)
    return f(p, **kw) if name == "entropy" else f(p, q, **kw)


def _python_calls(f):
    """Names of the Python functions that ran during ``f()``."""
    seen = []

    def prof(frame, event, arg):
        if event == "call":
            seen.append(frame.f_code.co_name)

    sys.setprofile(prof)
    try:
        f()
    finally:
        sys.setprofile(None)
    return seen


def test_float64_lean_path_runs_no_python_code():
    p, q = np.array([0.1, 0.9]), np.array([0.01, 0.99])
    for name in ["entropy"] + PAIR:
        args = (p,) if name == "entropy" else (p, q)
        f = getattr(infocert, name)
        f(*args)  # the first call in a process initializes rust-numpy (imports numpy's C API)
        # partial objects are C code: only what the call itself runs is seen
        assert _python_calls(partial(f, *args)) == [], name
        assert _python_calls(partial(f, *args, correctly_rounded=True)) == [], name
    # the wrong variant: lists take the general path, which is Python code
    assert "evaluate" in _python_calls(partial(infocert.kl, [0.1, 0.9], [0.01, 0.99]))
    # and so does any keyword other than correctly_rounded
    assert "evaluate" in _python_calls(partial(infocert.kl, p, q, engine="float"))


def test_result_object():
    p, q = np.array([0.1, 0.9]), np.array([0.01, 0.99])
    r = infocert.kl(p, q)
    assert isinstance(r, infocert.Result) and type(r) is _infocert.Result
    assert (r.measure, r.engine, r.semantics, r.base, r.correctly_rounded) == \
        ("kl", "float", "as_given", "e", False)
    assert list(r.warnings) == []
    assert repr(r) == (f"Result(measure='kl', value={r.value!r}, err_bound={r.err_bound!r}, "
                       "engine='float')")
    assert float(r) == r.value
    # the scalar interval (Rust) is the array one (numpy) on the same numbers
    lo, hi = r.interval
    alo, ahi = infocert._interval(np.array([r.value]), np.array([r.err_bound]))
    assert (lo, hi) == (alo[0], ahi[0]) and lo < r.value < hi
    # exact digits of the doubles as given (closed form by hand: Σ p ln(p/q) of these doubles)
    assert abs(float(r.digits(30)) - r.value) <= r.err_bound
    assert "ln" in r.closed_form
    with pytest.raises(AttributeError):
        r.value = 0.0  # type: ignore[misc]
    cr = infocert.kl(p, q, correctly_rounded=True)
    assert repr(cr).endswith("engine='float', correctly_rounded=True)")
    # built from Python as the general path does
    b = infocert.Result("kl", np.array([1.0, 2.0]), np.array([0.0, 0.5]), engine="float")
    lo, hi = b.interval
    assert lo[0] == hi[0] == 1.0 and lo[1] < 1.5 and hi[1] > 2.5
    with pytest.raises(infocert.InfocertError, match="no exact request"):
        b.digits(5)


def test_keywords_still_checked():
    p = np.array([0.5, 0.5])
    with pytest.raises(TypeError):
        infocert.kl(p, p, 2)  # keyword-only
    with pytest.raises(TypeError):
        infocert.kl(p, p, digit=3)
    with pytest.raises(TypeError):
        infocert.entropy(p, q=p)
    with pytest.raises(infocert.InfocertError, match="semantics"):
        infocert.kl(p, p, semantics=None)
    # the error names the public function, not the internal general path
    with pytest.raises(TypeError, match=r"^kl\(\) got an unexpected keyword argument 'digit'$"):
        infocert.kl(p, p, digit=3)
    with pytest.raises(TypeError, match=r"^js_distance\(\) got an unexpected keyword argument 'bogus'"):
        infocert.js_distance([0.5, 0.5], [0.25, 0.75], bogus=1)
    with pytest.raises(TypeError, match=r"^entropy\(\) got an unexpected keyword argument 'q'"):
        infocert.entropy(p, q=p)
    # a numpy bool is a bool for the general path
    assert infocert.kl(p, p, correctly_rounded=np.True_).correctly_rounded


def _wide(name, p, q):
    return _call(name, p.astype(np.float64), None if q is None else q.astype(np.float64))


@pytest.mark.parametrize("name", ["entropy"] + PAIR)
@pytest.mark.parametrize("n", [7, BLOCK, 3 * BLOCK + 5])
def test_float32_encloses_what_float64_encloses(name, n):
    rng = np.random.default_rng(n)
    p = rng.random(n).astype(np.float32)
    q = rng.random(n).astype(np.float32)
    p[::11] = 0  # zero terms too
    r32 = _call(name, p, q)
    r64 = _wide(name, p, q)
    assert r32.err_bound <= 1e-12 * max(1.0, abs(r32.value))
    lo32, hi32 = r32.interval
    lo64, hi64 = r64.interval
    assert lo32 <= hi64 and lo64 <= hi32  # both enclose the same exact value
    if n <= BLOCK:  # one block: the float64 evaluation itself
        assert (r32.value, r32.err_bound) == (r64.value, r64.err_bound)
    # the wrong variant: one element changed is a different exact value, refuted
    p2 = p.copy()
    p2[n // 2] += np.float32(0.25)
    w = _wide(name, p2, q)
    wlo, whi = w.interval
    assert whi < lo32 or wlo > hi32


def test_float32_blocks_edge_cases():
    n = 3 * BLOCK + 5
    p = np.full(n, 1.0 / n, dtype=np.float32)
    # KL(P‖P) = 0 exactly in every block
    r = infocert.kl(p, p)
    assert r.value == 0.0 and r.err_bound == 0.0
    # q = 0 < p in the last block: +∞, exactly
    q = p.copy()
    q[-1] = 0
    r = infocert.kl(p, q)
    assert r.value == math.inf and r.err_bound == 0.0
    # an invalid element in a later block is named by its index in the array
    bad = p.copy()
    bad[2 * BLOCK + 3] = -1
    with pytest.raises(infocert.InfocertError, match=rf"p\[{2 * BLOCK + 3}\] = -1 is negative"):
        infocert.kl(bad, p)
    bad[2 * BLOCK + 3] = np.nan
    with pytest.raises(infocert.InfocertError, match=rf"q\[{2 * BLOCK + 3}\] = NaN"):
        infocert.kl(p, bad)
    # uniform on n points: H = ln n up to the rounding of 1/n to float32 (closed form)
    h = infocert.entropy(p)
    x = float(np.float32(1.0 / n))
    assert abs(h.value - (-n * x * math.log(x))) <= h.err_bound + 1e-15


def test_float32_digits_are_of_the_float32_values():
    p = np.array([0.1, 0.9], dtype=np.float32)
    q = np.array([0.01, 0.99], dtype=np.float32)
    r = infocert.kl(p, q)
    r64 = infocert.kl(p.astype(np.float64), q.astype(np.float64))
    assert r.digits(25) == r64.digits(25)
    assert abs(float(r.digits(25)) - r.value) <= r.err_bound


class _Sub(np.ndarray):
    pass


def test_other_layouts_give_the_same_value():
    """Big-endian, unaligned, strided and subclassed vectors: the same doubles, the same
    result (through the general path or rust-numpy's check)."""
    p, q = np.array([0.1, 0.2, 0.7]), np.array([0.3, 0.3, 0.4])
    ref = infocert.kl(p, q)
    big = (p.astype(">f8"), q.astype(">f8"))
    raw = np.zeros(3 * 8 + 1, dtype=np.uint8)
    unaligned = raw[1:].view(np.float64)
    unaligned[:] = p
    assert not unaligned.flags.aligned
    strided = (np.repeat(p, 2)[::2], np.repeat(q, 2)[::2])
    sub = (p.view(_Sub), q.view(_Sub))
    for pp, qq in [big, (unaligned, q), strided, sub]:
        r = infocert.kl(pp, qq)
        assert (r.value, r.err_bound) == (ref.value, ref.err_bound)
    # the wrong variant: a different vector is a different value
    assert infocert.kl(q, p).value != ref.value
