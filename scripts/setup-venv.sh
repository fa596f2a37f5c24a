#!/usr/bin/env bash
# Create (or refresh) the Python virtual environment used by scripts/*.py.
#
#   scripts/setup-venv.sh          -> prints the path of the venv's python
#
# Idempotent: the venv at scripts/.venv is (re)built only when it is missing,
# broken, or when scripts/requirements.txt changed since the last successful
# install (tracked by a sha256 stamp file inside the venv).
# Override the base interpreter with PYTHON=/path/to/python3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
req="$here/requirements.txt"
stamp="$venv/.requirements.sha256"
base_python="${PYTHON:-python3}"

want="$(sha256sum "$req" | cut -d' ' -f1)"
have=""
[[ -f "$stamp" ]] && have="$(cat "$stamp")"

if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    echo "setup-venv: creating $venv with $($base_python --version 2>&1)" >&2
    rm -rf "$venv"
    "$base_python" -m venv "$venv"
    have=""
fi

if [[ "$want" != "$have" ]]; then
    echo "setup-venv: installing pinned requirements from $req" >&2
    "$venv/bin/python" -m pip install --disable-pip-version-check -q -r "$req" >&2
    "$venv/bin/python" -c 'import mpmath, numpy, scipy, flint' >&2
    echo "$want" > "$stamp"
else
    echo "setup-venv: $venv is up to date" >&2
fi

echo "$venv/bin/python"
