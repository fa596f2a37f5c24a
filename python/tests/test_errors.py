"""Errors: InfocertError (a ValueError) with the CLI's one-line messages; no panics."""

import subprocess

import numpy as np
import pytest
from hypothesis import given, strategies as st

import infocert
from infocert import InfocertError
from infocert import scipy as iscipy

CLI = None


def test_is_value_error():
    assert issubclass(InfocertError, ValueError)


@pytest.mark.parametrize("call,msg", [
    (lambda: infocert.kl([0.5, -0.5], [0.5, 0.5]), "p[1] = -0.5 is negative"),
    (lambda: infocert.kl([0.5, 0.5], [0.5, 0.25, 0.25]), "length mismatch"),
    (lambda: infocert.kl([], []), "is empty"),
    (lambda: infocert.kl([np.nan, 1.0], [0.5, 0.5]), "not finite"),
    (lambda: infocert.evaluate("nope", [1.0]), "unknown measure"),
    (lambda: infocert.kl(["1/3", "1/3"], ["1/2", "1/2"]), "p sums to 0.66666666666666667, not 1: normalize it"),
    (lambda: infocert.renyi([0.5, 0.5], [0.5, 0.5], -1), "alpha = -1"),
    (lambda: infocert.kl(["x", "1"], ["1/2", "1/2"]), "is not a number"),
    (lambda: infocert.kl([0.5, 0.5], [0.5, 0.5], base=2), "nats only"),
    (lambda: infocert.kl(["1/2", "1/2"], ["1/2", "1/2"], correctly_rounded=True),
     "needs --engine float"),
])
def test_messages(call, msg):
    with pytest.raises(InfocertError, match=msg.replace("[", r"\[").replace("]", r"\]")) as e:
        call()
    assert "\n" not in str(e.value)


def test_same_message_as_cli(tmp_path):
    import shutil
    exe = shutil.which("infocert") or _built_cli()
    if exe is None:
        pytest.fail("the infocert CLI binary was not found (build it with cargo build --release)")
    out = subprocess.run([exe, "eval", "kl", "--p", "1/3,1/3", "--q", "1/2,1/2"],
                         capture_output=True, text=True)
    line = out.stderr.strip().splitlines()[0]
    assert line.startswith("error: ")
    with pytest.raises(InfocertError) as e:
        infocert.kl(["1/3", "1/3"], ["1/2", "1/2"])
    # the library names the problem; the CLI adds the flag that fixes it
    assert line[len("error: "):].startswith(str(e.value))


def _built_cli():
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    for prof in ("release", "debug"):
        p = os.path.join(here, "..", "..", "target", prof, "infocert")
        if os.path.exists(p):
            return p
    return None


vals = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-3, 10**30),
    st.sampled_from(["1/3", "0", "-1", "x", "1e-400", "1/0", "", "0x1p-3", "inf"]),
)
lists = st.lists(vals, max_size=6)


@given(p=lists, q=lists, engine=st.sampled_from(["float", "exact", None]),
       cr=st.booleans(), sem=st.sampled_from(["as_given", "normalized", "as_given_unchecked"]),
       measure=st.sampled_from(["kl", "entropy", "jsd", "js-distance", "tv", "hellinger",
                                "chi2", "gkl", "cross-entropy"]))
def test_fuzz_entry_points_never_crash(p, q, engine, cr, sem, measure):
    try:
        r = infocert.evaluate(measure, p, None if measure == "entropy" else q, engine=engine,
                              correctly_rounded=cr and engine != "exact", semantics=sem,
                              digits=5)
        float(r.value)
    except InfocertError:
        pass


@given(j=st.lists(st.lists(st.floats(allow_nan=True), min_size=0, max_size=4), max_size=4),
       measure=st.sampled_from(["mi", "joint-entropy", "cond-entropy"]))
def test_fuzz_joint(j, measure):
    try:
        infocert.evaluate(measure, joint=j)
    except InfocertError:
        pass


@given(p=st.lists(st.floats(allow_nan=True, width=64), max_size=5),
       q=st.lists(st.floats(allow_nan=True, width=64), max_size=5))
def test_fuzz_scipy_dropins(p, q):
    n = min(len(p), len(q))
    p, q = np.array(p[:n]), np.array(q[:n])
    for f in (lambda: iscipy.entropy(p), lambda: iscipy.entropy(p, q),
              lambda: iscipy.jensenshannon(p, q), lambda: iscipy.rel_entr(p, q),
              lambda: iscipy.kl_div(p, q)):
        try:
            f()
        except (InfocertError, ValueError):
            pass


@given(a=st.floats(allow_nan=True, width=64), claim=st.text(max_size=30))
def test_fuzz_check_and_alpha(a, claim):
    try:
        infocert.renyi([0.5, 0.5], [0.25, 0.75], a)
    except InfocertError:
        pass
    try:
        infocert.check(claim, cases=5)
    except InfocertError:
        pass
