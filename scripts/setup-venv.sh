#!/usr/bin/env bash
# Create (or refresh) the Python virtual environment used by scripts/*.py.
#
#   scripts/setup-venv.sh          -> prints the path of the venv's python
#   scripts/setup-venv.sh NAME     -> the same for a separate venv scripts/.venv-NAME built
#                                     from requirements-NAME.txt, plus requirements-NAME-nodeps.txt
#                                     (if present) installed with --no-deps (used for peers whose
#                                     declared dependencies are heavier than what they need)
#
# Idempotent: the venv at scripts/.venv is (re)built from scratch only when it is
# missing, broken, or when scripts/requirements.txt changed since the last
# successful install (tracked by a sha256 stamp file inside the venv);
# otherwise it does nothing but print the path.
# Override the base interpreter with PYTHON=/path/to/python3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
name="${1:-}"
if [[ -n "$name" ]]; then
    [[ "$name" =~ ^[a-z0-9_-]+$ ]] || { echo "setup-venv: bad venv name '$name'" >&2; exit 2; }
    venv="$here/.venv-$name"
    req="$here/requirements-$name.txt"
    nodeps="$here/requirements-$name-nodeps.txt"
    [[ -f "$req" ]] || { echo "setup-venv: no $req" >&2; exit 2; }
else
    venv="$here/.venv"
    req="$here/requirements.txt"
    nodeps=""
fi
stamp="$venv/.requirements.sha256"
base_python="${PYTHON:-python3}"

# Serialize concurrent callers (e.g. two scripts started at once on a fresh machine).
if command -v flock >/dev/null 2>&1; then
    exec 9>"$here/.venv${name:+-$name}.lock"
    flock 9
fi

want="$(cat "$req" ${nodeps:+$( [[ -f "$nodeps" ]] && echo "$nodeps")} | sha256sum | cut -d' ' -f1)"
have=""
[[ -f "$stamp" ]] && have="$(cat "$stamp")"

if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1 \
        || [[ "$want" != "$have" ]]; then
    # Missing, broken, or built from other requirements: start from a clean venv.
    echo "setup-venv: creating $venv with $($base_python --version 2>&1)" >&2
    rm -rf "$venv"
    "$base_python" -m venv "$venv"
    echo "setup-venv: installing pinned requirements from $req" >&2
    "$venv/bin/python" -m pip install --disable-pip-version-check -q -r "$req" >&2
    if [[ -n "$nodeps" && -f "$nodeps" ]]; then
        echo "setup-venv: installing $nodeps without dependencies" >&2
        "$venv/bin/python" -m pip install --disable-pip-version-check -q --no-deps -r "$nodeps" >&2
    fi
    if [[ -z "$name" ]]; then
        "$venv/bin/python" -c 'import mpmath, numpy, scipy, flint' >&2
    fi
    echo "$want" > "$stamp"
else
    echo "setup-venv: $venv is up to date" >&2
fi

echo "$venv/bin/python"
