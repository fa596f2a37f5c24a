#!/usr/bin/env python3
"""Write deterministic inputs for the certified-KL benchmark.

Each file is  <outdir>/kl_<kind>_n<N>.json = {"p": [str], "q": [str]}  so that the
Rust benchmark and the Python peers (scripts/bench_certified.py) read the SAME inputs.

kinds
  rational  exact fractions "a/b" with b <= 10^6 that sum to exactly 1: a random
            composition a_1 + ... + a_N = D of D = 720720 (for p) or 831600 (for q),
            both highly composite, and p_i = a_i / D in lowest terms, so the
            denominators vary among the divisors of D.
  f64       random doubles w_i in [1e-3, 1 + 1e-3), normalized in floating point
            (p = w / sum(w), as numpy does), written as exact hex floats
            ("0x1.8a3...p-7"). Their exact sum is close to, not exactly, 1.

Everything is seeded from (kind, N), so reruns write byte-identical files.

Usage:  scripts/gen_bench_inputs.py [OUTDIR] [--sizes 10,1000,10000] [--kinds rational,f64]
        (OUTDIR defaults to <repo>/target/bench-inputs)
"""

import _venv  # noqa: E402  (re-executes under scripts/.venv, created by setup-venv.sh)

_venv.ensure()

import argparse
import json
import math
import os
import random
import sys
from fractions import Fraction

D_P = 720720  # 2^4 3^2 5 7 11 13
D_Q = 831600  # 2^4 3^3 5^2 7 11
KIND_SEED = {"rational": 1, "f64": 2}


def composition(rng: random.Random, n: int, total: int):
    """Random positive integers a_1..a_n with sum exactly `total`."""
    assert total >= n
    w = [rng.uniform(0.05, 1.0) for _ in range(n)]
    s = sum(w)
    a = [max(1, int(x / s * total)) for x in w]
    diff = total - sum(a)
    # Spread the rounding remainder (either sign) over random positions.
    while diff != 0:
        i = rng.randrange(n)
        step = 1 if diff > 0 else -1
        if a[i] + step >= 1:
            a[i] += step
            diff -= step
    return a


def rational_vector(rng, n, D):
    a = composition(rng, n, D)
    fr = [Fraction(x, D) for x in a]
    assert sum(fr) == 1 and all(f.denominator <= 10**6 for f in fr)
    return [f"{f.numerator}/{f.denominator}" for f in fr]


def f64_vector(rng, n):
    w = [rng.random() + 1e-3 for _ in range(n)]
    s = math.fsum(w)  # the float sum (correctly rounded); then divide in float
    p = [x / s for x in w]
    assert all(x > 0 for x in p)
    return [x.hex() for x in p]


def generate(kind, n):
    rng = random.Random(1_000_003 * KIND_SEED[kind] + n)
    if kind == "rational":
        return {"p": rational_vector(rng, n, D_P), "q": rational_vector(rng, n, D_Q)}
    if kind == "f64":
        return {"p": f64_vector(rng, n), "q": f64_vector(rng, n)}
    raise ValueError(kind)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description="Write kl_<kind>_n<N>.json benchmark inputs.")
    ap.add_argument("outdir", nargs="?", default=os.path.join(root, "target", "bench-inputs"))
    ap.add_argument("--sizes", default="10,1000,10000")
    ap.add_argument("--kinds", default="rational,f64")
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    for kind in args.kinds.split(","):
        for n in (int(s) for s in args.sizes.split(",")):
            path = os.path.join(args.outdir, f"kl_{kind}_n{n}.json")
            with open(path, "w") as f:
                json.dump(generate(kind, n), f)
                f.write("\n")
            print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
