#!/usr/bin/env bash
# Timings of a sharded campaign against the single run (docs/scale.md):
# for N in 1 2 4, each shard run alone (one after the other, so each gets
# the whole machine, as a node of a cluster would), then the merge; the
# merged report is compared byte for byte with the single run's.
#
#   scripts/shard-timing.sh [TARGET] [CASES]      (default: pinsker 40000)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-pinsker}
cases=${2:-40000}
bin=target/release/infocert
[ -x "$bin" ] || cargo build --release
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "machine: $(nproc) CPUs; load: $(uptime | sed 's/.*load average: //')"
t0=$(now)
"$bin" check "$target" --cases "$cases" --no-time > "$dir/single.txt" || true
t1=$(now)
echo "single run: $(secs "$t0" "$t1") s"
for n in 1 2 4; do
  times=()
  for k in $(seq 1 "$n"); do
    a=$(now)
    "$bin" check "$target" --cases "$cases" --shard "$k/$n" --manifest "$dir/m$n-$k.json" > /dev/null
    b=$(now)
    times+=("$(secs "$a" "$b")")
  done
  a=$(now)
  "$bin" merge --no-time "$dir"/m"$n"-*.json > "$dir/merged$n.txt" || true
  b=$(now)
  same=$(cmp -s "$dir/single.txt" "$dir/merged$n.txt" && echo "identical to the single run" || echo "DIFFERS")
  echo "$n shard(s): ${times[*]} s each; merge $(secs "$a" "$b") s; $same"
done
echo "load after: $(uptime | sed 's/.*load average: //')"
