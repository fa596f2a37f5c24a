"""assert_conforms on numpy's naive KL (fails on near-identical pairs) and a correct KL;
the pytest plugin via pytester."""

import numpy as np
import pytest

import infocert
from infocert.testing import ConformanceError, assert_conforms, conform


def naive_kl(p, q):
    with np.errstate(all="ignore"):
        return float(np.sum(np.where(p > 0, p * np.log(p / q), 0.0)))


def correct_kl(p, q):
    return infocert.kl(p, q, correctly_rounded=True).value


def test_correct_kl_conforms_exactly():
    report = assert_conforms(correct_kl, "kl", max_ulps=0)
    assert report["violations"] == 0
    assert report["summary"][0]["cases"] > 20


def test_correct_normalized_entropy_conforms():
    def h(p):
        return infocert.entropy(p, semantics="normalized").value
    assert_conforms(h, "entropy", max_ulps=0, semantics="normalized")


def test_naive_kl_fails_on_near_identical_pairs():
    with pytest.raises(ConformanceError) as e:
        assert_conforms(naive_kl, "kl", max_ulps=4)
    msg = str(e.value)
    assert "worst:" in msg and "smallest:" in msg
    report = e.value.report
    failing = [c["id"] for c in report["cases"] if c["verdict"] == "fail"]
    assert any("near" in i or "cancel" in i or "peer" in i for i in failing), failing
    # recorded as expected failures, the same function passes
    assert_conforms(naive_kl, "kl", max_ulps=4, xfail=failing)


def test_conform_report_shape():
    r = conform(correct_kl, "kl")
    assert {"violations", "summary", "cases"} <= set(r)


PLUGIN_TARGET = '''
import numpy as np
import infocert

def good(p, q):
    return infocert.kl(p, q, correctly_rounded=True).value

def naive(p, q):
    with np.errstate(all="ignore"):
        return float(np.sum(np.where(p > 0, p * np.log(p / q), 0.0)))
'''


def test_plugin_passes_and_fails(pytester):
    pytester.makepyfile(mylib_div=PLUGIN_TARGET)
    pytester.syspathinsert()
    ok = pytester.runpytest("--infocert-target=mylib_div:good", "--infocert-measure=kl")
    ok.assert_outcomes(passed=1)
    bad = pytester.runpytest( "--infocert-target=mylib_div:naive", "--infocert-measure=kl")
    bad.assert_outcomes(failed=1)
    bad.stdout.fnmatch_lines(["*worst:*", "*smallest:*"])


def test_plugin_inactive_without_target(pytester):
    pytester.makepyfile(test_x="def test_x():\n    assert True\n")
    pytester.runpytest().assert_outcomes(passed=1)
