"""Speed, side by side in one process: python/bench.py (report, not asserted)."""
import timeit

import numpy as np
import scipy.special as sp
import scipy.stats as ss

import infocert


def best(f, number, repeat=5):
    return min(timeit.repeat(f, number=number, repeat=repeat)) / number


rng = np.random.default_rng(0)
n = 10**7
p = rng.random(n); p /= p.sum()
q = rng.random(n); q /= q.sum()
p32, q32 = p.astype(np.float32), q.astype(np.float32)
rows = [
    ("n=1e7 float64", "infocert.kl(p, q)", best(lambda: infocert.kl(p, q), 1, 3),
     "scipy.stats.entropy(p, q)", best(lambda: ss.entropy(p, q), 1, 3)),
    ("n=1e7 float32", "infocert.kl(p32, q32)", best(lambda: infocert.kl(p32, q32), 1, 3),
     "scipy.stats.entropy(p32, q32)", best(lambda: ss.entropy(p32, q32), 1, 3)),
]
a, b = rng.random(10), rng.random(10)
a /= a.sum(); b /= b.sum()
rows.append(("n=10 float64", "infocert.kl(p, q)", best(lambda: infocert.kl(a, b), 20000),
             "scipy.special.rel_entr(p, q).sum()", best(lambda: sp.rel_entr(a, b).sum(), 20000)))
rows.append(("n=10 float64", "infocert.kl(p, q, correctly_rounded=True)",
             best(lambda: infocert.kl(a, b, correctly_rounded=True), 20000),
             "scipy.special.rel_entr(p, q).sum()", best(lambda: sp.rel_entr(a, b).sum(), 20000)))
print("| case | infocert | time | scipy | time | ratio |")
print("|---|---|---|---|---|---|")
for case, fa, ta, fb, tb in rows:
    print(f"| {case} | `{fa}` | {ta*1e6:.1f} µs | `{fb}` | {tb*1e6:.1f} µs | {tb/ta:.2f}× |")
