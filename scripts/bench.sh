#!/usr/bin/env bash
# The whole benchmark in one command (from anywhere; fresh machine OK: the
# Python peers install themselves into scripts/.venv through _venv.py):
#   scripts/bench.sh [--sizes 1000,100000,10000000] [--out docs/bench.md]
# 1. float64 kernels: scripts/bench_float_peers.py writes the .npy inputs and
#    times numpy/scipy; examples/float_bench.rs (--cr) times infocert on them;
# 2. certified KL: scripts/gen_bench_inputs.py, scripts/bench_certified.py
#    (arb, mpmath), examples/bench_certified.rs (exact engine);
# 3. scripts/bench_table.py prints ONE markdown report (and times the whole
#    process: infocert eval on two .npy files vs python np.load + scipy).
# With --out FILE the report is also written there.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=1000,100000,10000000
OUT=
while [[ $# -gt 0 ]]; do
    case "$1" in
        --sizes) SIZES=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        *) echo "bench.sh: unknown argument $1 (use --sizes N,N,... or --out FILE)" >&2; exit 2 ;;
    esac
done
BIG=${SIZES##*,}
mkdir -p target
echo "bench.sh: building (release) ..." >&2
cargo build --release --quiet --bin infocert --example float_bench --example bench_certified
echo "bench.sh: float peers (numpy, scipy) ..." >&2
python3 scripts/bench_float_peers.py --sizes "$SIZES" --out target/bench-float-peers.json 2>/dev/null
echo "bench.sh: float engine ..." >&2
target/release/examples/float_bench --sizes "$SIZES" --cr > target/float-infocert.json 2>/dev/null
echo "bench.sh: certified peers (arb, mpmath) ..." >&2
python3 scripts/gen_bench_inputs.py >/dev/null
python3 scripts/bench_certified.py --out target/bench-certified-peers.json 2>/dev/null
echo "bench.sh: certified infocert ..." >&2
target/release/examples/bench_certified > target/bench-certified-infocert.json 2>/dev/null
echo "bench.sh: whole process and table ..." >&2
if [[ -n "$OUT" ]]; then
    python3 scripts/bench_table.py --whole-n "$BIG" | tee "$OUT"
else
    python3 scripts/bench_table.py --whole-n "$BIG"
fi
