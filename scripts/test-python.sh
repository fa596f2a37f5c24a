#!/usr/bin/env bash
# Build the Python extension (python/) into its own virtual environment and run its tests.
#
#   scripts/test-python.sh [pytest args...]
#
# Creates python/.venv (override the interpreter with PYTHON=/path/to/python3), installs
# maturin, numpy, scipy, pytest, hypothesis and mypy from PyPI, builds the extension with
# `maturin develop --release` and runs pytest. Never skips: anything missing is an error
# with the reason.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py_dir="$here/python"
venv="$py_dir/.venv"
base_python="${PYTHON:-python3}"

fail() { echo "test-python: FAILED: $*" >&2; exit 1; }

command -v "$base_python" >/dev/null 2>&1 || fail "no Python interpreter '$base_python' (install Python >= 3.9 or set PYTHON=)"
"$base_python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
    || fail "$("$base_python" --version 2>&1) is too old: Python >= 3.9 is needed"
"$base_python" -c 'import venv, ensurepip' 2>/dev/null \
    || fail "'$base_python -m venv' is unavailable (Debian/Ubuntu: apt-get install python3-venv)"
command -v cargo >/dev/null 2>&1 || fail "cargo is not on PATH (the extension is built from Rust)"

if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    echo "test-python: creating $venv" >&2
    rm -rf "$venv"
    "$base_python" -m venv "$venv" || fail "could not create the virtual environment $venv"
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check -q)
"${pip[@]}" install "maturin>=1.5,<2" numpy scipy pytest hypothesis mypy \
    || fail "pip could not install maturin numpy scipy pytest hypothesis mypy (network? a proxy?)"
"$venv/bin/python" -c 'import maturin, numpy, scipy, pytest, hypothesis, mypy' \
    || fail "a test dependency does not import in $venv"

echo "test-python: building the extension (maturin develop --release)" >&2
(cd "$py_dir" && VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" \
    "$venv/bin/maturin" develop --release --quiet) \
    || fail "maturin develop --release failed (see the compiler output above)"
"$venv/bin/python" -c 'import infocert, infocert._infocert' \
    || fail "the built extension does not import"

cd "$py_dir"
"$venv/bin/python" -m pytest -q -p no:cacheprovider "$@" tests \
    || fail "pytest reported failures"
echo "test-python: ok" >&2
