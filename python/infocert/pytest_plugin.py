"""pytest plugin: grade a library's function on the certified vectors.

    pytest --infocert-target=mylib.divergences:kl --infocert-measure=kl [--infocert-max-ulps=4]
           [--infocert-semantics=as_given|normalized] [--infocert-xfail=ID ...]

adds one test item, ``infocert-conformance[MEASURE]``, that fails with the worst and the
smallest failing case. Without ``--infocert-target`` the plugin does nothing.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    g = parser.getgroup("infocert", "certified conformance vectors (infocert)")
    g.addoption("--infocert-target", default=None, metavar="MODULE:FUNCTION",
                help="function to grade on the certified vectors, e.g. mylib.div:kl")
    g.addoption("--infocert-measure", default=None, metavar="MEASURE",
                help="measure the target computes (kl, entropy, jsd, js-distance, mi, ...)")
    g.addoption("--infocert-max-ulps", default=4, type=int, help="ulp budget (default 4)")
    g.addoption("--infocert-semantics", default="as_given",
                choices=["as_given", "normalized"], help="which expected values apply")
    g.addoption("--infocert-base", default="e", choices=["e", "2", "10"],
                help="logarithm base of the target")
    g.addoption("--infocert-xfail", action="append", default=[], metavar="CASE_ID",
                help="case id expected to fail (repeatable)")


def _load(target: str) -> Callable[..., Any]:
    if ":" not in target:
        raise pytest.UsageError(f"--infocert-target={target!r}: expected MODULE:FUNCTION")
    mod, _, attr = target.partition(":")
    try:
        obj: Any = importlib.import_module(mod)
    except ImportError as e:
        raise pytest.UsageError(f"--infocert-target: cannot import {mod!r}: {e}") from None
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise pytest.UsageError(f"--infocert-target: {mod!r} has no {attr!r}") from None
    if not callable(obj):
        raise pytest.UsageError(f"--infocert-target: {target} is not callable")
    return obj  # type: ignore[no-any-return]


class ConformanceItem(pytest.Item):
    def __init__(self, *, fn: Callable[..., Any], opts: Dict[str, Any], **kw: Any) -> None:
        super().__init__(**kw)
        self.fn, self.opts = fn, opts

    def runtest(self) -> None:
        from .testing import assert_conforms

        o = self.opts
        assert_conforms(self.fn, o["measure"], max_ulps=o["max_ulps"],
                        semantics=o["semantics"], base=o["base"], xfail=o["xfail"])

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Optional[Any] = None) -> Any:
        from .testing import ConformanceError

        if isinstance(excinfo.value, ConformanceError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> Tuple[Any, Optional[int], str]:
        return self.path, None, self.name


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: List[pytest.Item]) -> None:
    target = config.getoption("--infocert-target")
    if not target:
        return
    measure = config.getoption("--infocert-measure")
    if not measure:
        raise pytest.UsageError("--infocert-target needs --infocert-measure")
    fn = _load(target)
    opts = {
        "measure": measure,
        "max_ulps": config.getoption("--infocert-max-ulps"),
        "semantics": config.getoption("--infocert-semantics"),
        "base": config.getoption("--infocert-base"),
        "xfail": config.getoption("--infocert-xfail"),
    }
    items.append(ConformanceItem.from_parent(session, name=f"infocert-conformance[{measure}]",
                                             fn=fn, opts=opts))
