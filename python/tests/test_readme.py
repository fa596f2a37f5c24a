"""The README's "From Python" section works as written: its pycon block is run as a doctest."""

import doctest
import os

import pytest

README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")


def _section():
    if not os.path.exists(README):
        pytest.fail(f"{README} not found (the tests run from a checkout of the repository)")
    with open(README, encoding="utf-8") as f:
        text = f.read()
    start = text.index("## From Python\n")
    end = text.index("\n## ", start + 1)
    blocks = text[start:end].split("```pycon\n")[1:]
    assert blocks, "no pycon block in the README's Python section"
    return "\n".join(b.split("```")[0] for b in blocks), text[:start].count("\n") + 1


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_readme_python_section_runs_as_written():
    src, line = _section()
    test = doctest.DocTestParser().get_doctest(src, {}, "README.md#from-python", README, line)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    res = runner.summarize(verbose=False)
    assert res.attempted >= 20 and res.failed == 0
