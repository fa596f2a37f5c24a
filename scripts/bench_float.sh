#!/usr/bin/env bash
# Float engine vs numpy/scipy in one command (from the repository root):
#   scripts/bench_float.sh [--sizes 1000,1000000,10000000]
# 1. the peer script writes target/bench-inputs/float_{p,q}_n<N>.npy and times numpy/scipy;
# 2. examples/float_bench.rs times infocert on the same arrays (JSON, ns/element);
# 3. the peer script is re-run with --rust-json to print the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=1000,1000000,10000000
if [[ "${1:-}" == "--sizes" ]]; then SIZES=$2; fi
mkdir -p target
python3 scripts/bench_float_peers.py --sizes "$SIZES" --out target/bench-float-peers.json 2>/dev/null >/dev/null
cargo run --release --quiet --example float_bench -- --sizes "$SIZES" > target/float-infocert.json
python3 scripts/bench_float_peers.py --sizes "$SIZES" --out target/bench-float-peers.json \
    --rust-json target/float-infocert.json >/dev/null
