#!/usr/bin/env bash
# Certified KL benchmark: infocert vs mpmath (uncertified) and python-flint's arb
# (certified) on the SAME input files, with ratios. One command, fresh machine OK:
#   scripts/bench_certified.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python3 scripts/gen_bench_inputs.py >/dev/null
python3 scripts/bench_certified.py --out target/bench-certified-peers.json 2>/dev/null
cargo run --release --quiet --example bench_certified > target/bench-certified-infocert.json
python3 - <<'PY'
import json
peers = json.load(open("target/bench-certified-peers.json"))
ours = json.load(open("target/bench-certified-infocert.json"))
def peer(stem, name):
    p = peers["files"].get(stem, {}).get("peers", {}).get(name)
    return p["us_per_element"] if p else None
print(f"{'input':<20}{'digits':>7}{'infocert µs/el':>16}{'mpmath µs/el':>14}{'arb µs/el':>11}{'mpmath/ours':>13}{'ours/arb':>10}")
for stem, r in ours.items():
    for d, mp, arb in ((30, "mpmath-dps35", "arb-128"), (100, "mpmath-dps105", "arb-350")):
        us = r[f"digits{d}_us_per_elem"]
        m, a = peer(stem, mp), peer(stem, arb)
        fm = f"{m:.2f}" if m else "-"
        fa = f"{a:.2f}" if a else "-"
        rm = f"{m/us:.1f}x" if m else "-"
        ra = f"{us/a:.2f}" if a else "-"
        print(f"{stem:<20}{d:>7}{us:>16.2f}{fm:>14}{fa:>11}{rm:>13}{ra:>10}")
PY
