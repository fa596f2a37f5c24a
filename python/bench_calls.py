"""One call, N times, for counting instructions per call (see python/bench.py):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null python bench_calls.py kl 100000
    (minus the same with N = 0, divided by N)

MODE: kl, kl_cr (correctly_rounded=True), kl32 (float32), entropy, rel_entr
(``scipy.special.rel_entr(p, q).sum()``), scipy_entropy (``scipy.stats.entropy(p)``).
Set OPENBLAS_NUM_THREADS=1 and PYTHONHASHSEED=0 so that nothing else varies between runs.
"""
import sys

import numpy as np
import scipy.special as sp
import scipy.stats as ss

import infocert

rng = np.random.default_rng(0)
a, b = rng.random(10), rng.random(10)
a /= a.sum()
b /= b.sum()
a32, b32 = a.astype(np.float32), b.astype(np.float32)
mode = sys.argv[1]
n = int(sys.argv[2])
calls = {
    "kl": lambda: infocert.kl(a, b),
    "kl_cr": lambda: infocert.kl(a, b, correctly_rounded=True),
    "kl32": lambda: infocert.kl(a32, b32),
    "entropy": lambda: infocert.entropy(a),
    "rel_entr": lambda: sp.rel_entr(a, b).sum(),
    "scipy_entropy": lambda: ss.entropy(a),
}
f = calls[mode]
f()  # first-call initialization outside the count difference
for _ in range(n):
    f()
