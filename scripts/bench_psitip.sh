#!/usr/bin/env bash
# infocert prove vs psitip on benches/data/shannon_table.json (see scripts/bench_psitip.py).
#   scripts/bench_psitip.sh [--repeat 3] [--out target/bench-psitip.md]
# Builds the release binary, then runs the comparison in its own venv scripts/.venv-psitip
# (created on first use by scripts/setup-venv.sh psitip).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
exec python3 scripts/bench_psitip.py "$@"
