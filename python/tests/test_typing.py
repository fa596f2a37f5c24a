"""Types and docs: mypy --strict on the package and on a user's code (a wrong twin must be
rejected line by line), stubtest of the extension's stub against the built module, and the
docstring examples run as doctests."""

import doctest
import os
import re
import subprocess
import sys

import pytest

import infocert
import infocert.scipy
import infocert.testing
import infocert.torch

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)  # python/
TYPING = os.path.join(HERE, "typing")


def _mypy(*args):
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--show-error-codes",
         "--cache-dir", os.path.join(PKG, ".mypy_cache"), *args],
        cwd=PKG, capture_output=True, text=True,
    )
    if "No module named mypy" in out.stderr:
        pytest.fail("mypy is not installed in this environment (scripts/test-python.sh installs it)")
    return out


def test_package_is_strictly_typed():
    out = _mypy("-p", "infocert")
    assert out.returncode == 0, out.stdout + out.stderr


def test_user_code_type_checks():
    out = _mypy(os.path.join(TYPING, "usage.py"))
    assert out.returncode == 0, out.stdout + out.stderr


def test_wrong_user_code_is_rejected_line_by_line():
    path = os.path.join(TYPING, "usage_wrong.py")
    with open(path, encoding="utf-8") as f:
        marked = {i for i, line in enumerate(f, 1) if "  # E:" in line}
    assert len(marked) >= 10
    out = _mypy(path)
    assert out.returncode == 1, out.stdout + out.stderr
    flagged = {int(m.group(1)) for m in re.finditer(r"usage_wrong\.py:(\d+): error", out.stdout)}
    assert flagged == marked, (sorted(marked - flagged), sorted(flagged - marked), out.stdout)


def test_extension_stub_matches_the_built_module():
    out = subprocess.run([sys.executable, "-m", "mypy.stubtest", "infocert._infocert",
                          "--mypy-config-file", os.devnull],
                         cwd=PKG, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("module", [infocert, infocert.scipy, infocert.testing, infocert.torch],
                         ids=lambda m: m.__name__)
def test_docstring_examples(module):
    res = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert res.failed == 0


def test_help_is_useful():
    for name in ("kl", "entropy", "cross_entropy", "gkl", "jsd", "js_distance", "mi",
                 "joint_entropy", "cond_entropy", "tv", "hellinger", "chi2", "renyi",
                 "evaluate", "check"):
        doc = getattr(infocert, name).__doc__
        assert doc and ">>>" in doc, f"infocert.{name} has no example"
    kl_doc = infocert.kl.__doc__
    assert "KL(P‖Q)" in kl_doc and "correctly_rounded" in kl_doc and "err_bound" in kl_doc
    for name in ("entropy", "jensenshannon", "rel_entr", "kl_div", "torch_kl_div"):
        assert ">>>" in getattr(infocert.scipy, name).__doc__, f"infocert.scipy.{name}"
