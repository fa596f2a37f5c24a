"""Speed, side by side in one process: python/bench.py (report, not asserted).

Each row times infocert and its scipy peer on the same arrays, alternating the two in
rounds and keeping each one's best round, so that load from other processes on a shared
machine hits both alike. The row "widened by numpy first" is what the float32 path cost before it read float32
in place (a float64 copy of both arrays, then the float64 path); the row "binding" is the
extension's fixed cost (a call on a non-array, which returns at once).

Instructions per call (independent of the load; ``perf stat -e instructions`` where the
machine has counters, callgrind otherwise): ``python/bench_calls.py MODE N`` runs one call
N times; the difference between N and 0 divided by N is the cost of one call.
"""
import os
import timeit

import numpy as np
import scipy.special as sp
import scipy.stats as ss

import infocert
from infocert import _infocert


def pair(fa, fb, number, rounds):
    ta = tb = float("inf")
    for _ in range(rounds):
        ta = min(ta, timeit.timeit(fa, number=number) / number)
        tb = min(tb, timeit.timeit(fb, number=number) / number)
    return ta, tb


def fmt(t):
    return f"{t * 1e3:.0f} ms" if t >= 1e-3 else f"{t * 1e6:.2f} µs"


rng = np.random.default_rng(0)
n = 10**7
p = rng.random(n); p /= p.sum()
q = rng.random(n); q /= q.sum()
p32, q32 = p.astype(np.float32), q.astype(np.float32)
a, b = rng.random(10), rng.random(10)
a /= a.sum(); b /= b.sum()
a32, b32 = a.astype(np.float32), b.astype(np.float32)
big = int(os.environ.get("BENCH_ROUNDS_BIG", 5))
small = int(os.environ.get("BENCH_ROUNDS_SMALL", 15))

load0 = os.getloadavg()[0]
rows = []
ta, tb = pair(lambda: infocert.kl(p, q), lambda: ss.entropy(p, q), 1, big)
rows.append(("n=1e7 float64", "infocert.kl(p, q)", ta, "scipy.stats.entropy(p, q)", tb))
ta, tb = pair(lambda: infocert.kl(p32, q32), lambda: ss.entropy(p32, q32), 1, big)
rows.append(("n=1e7 float32", "infocert.kl(p32, q32)", ta, "scipy.stats.entropy(p32, q32)", tb))
ta, tb = pair(lambda: infocert.kl(p32.astype(np.float64), q32.astype(np.float64)),
              lambda: ss.entropy(p32, q32), 1, big)
rows.append(("n=1e7 float32 (widened by numpy first)",
             "infocert.kl(p32.astype(float64), q32.astype(float64))", ta,
             "scipy.stats.entropy(p32, q32)", tb))
rel = lambda: sp.rel_entr(a, b).sum()  # noqa: E731
ta, tb = pair(lambda: infocert.kl(a, b), rel, 20000, small)
rows.append(("n=10 float64", "infocert.kl(p, q)", ta, "scipy.special.rel_entr(p, q).sum()", tb))
ta, tb = pair(lambda: infocert.kl(a, b, correctly_rounded=True), rel, 20000, small)
rows.append(("n=10 float64", "infocert.kl(p, q, correctly_rounded=True)", ta,
             "scipy.special.rel_entr(p, q).sum()", tb))
ta, tb = pair(lambda: infocert.kl(a32, b32), lambda: sp.rel_entr(a32, b32).sum(), 20000, small)
rows.append(("n=10 float32", "infocert.kl(p32, q32)", ta,
             "scipy.special.rel_entr(p32, q32).sum()", tb))
ta, tb = pair(lambda: infocert.entropy(a), lambda: ss.entropy(a), 20000, small)
rows.append(("n=10 float64", "infocert.entropy(p)", ta, "scipy.stats.entropy(p)", tb))
ta, tb = pair(lambda: _infocert.float_vec("kl", 0, b), rel, 20000, small)
rows.append(("n=10 (binding)", "_infocert.float_vec('kl', 0, q) (returns at once)", ta,
             "scipy.special.rel_entr(p, q).sum()", tb))

print(f"load average before/after: {load0:.1f}/{os.getloadavg()[0]:.1f} (1 min), "
      f"{os.cpu_count()} cores")
print("| case | infocert | time | scipy | time | scipy/infocert |")
print("|---|---|---|---|---|---|")
for case, fa, ta, fb, tb in rows:
    print(f"| {case} | `{fa}` | {fmt(ta)} | `{fb}` | {fmt(tb)} | {tb / ta:.2f}× |")
