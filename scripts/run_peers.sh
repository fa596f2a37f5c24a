#!/usr/bin/env bash
# Grade scipy/numpy against the conformance vectors and write reports/peers.md.
# Opt-in (not part of cargo test). One command from the repository root:
#
#   scripts/run_peers.sh [--max-ulps N]
#
# Builds the release binary, creates/refreshes the pinned venv (scripts/.venv)
# on first use, and runs scripts/peers_conform.py. Artifacts: target/peers/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"
cargo build --release --quiet
python="$(bash "$here/setup-venv.sh")"
exec "$python" "$here/peers_conform.py" --infocert "$root/target/release/infocert" "$@"
