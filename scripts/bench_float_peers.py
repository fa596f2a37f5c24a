#!/usr/bin/env python3
"""Peer side of the FLOAT engine benchmark (numpy / scipy, float64).

For each size n (default 10^3, 10^6, 10^7) this generates seeded random p, q
(float64, uniform in [1e-3, 1 + 1e-3), normalized with p /= p.sum()), saves them as
<outdir>/float_p_n<N>.npy and float_q_n<N>.npy (so the Rust side reads the same
arrays), and times in process, best of --repeats (default 5), in ns per element:

  measure key    scipy                                   numpy naive formula
  kl             scipy.stats.entropy(p, q)               np.sum(p * np.log(p / q))
                 (also scipy.special.rel_entr(p, q).sum())
  entropy        scipy.stats.entropy(p)                  -np.sum(p * np.log(p))
  cross-entropy  -scipy.special.xlogy(p, q).sum()        -np.sum(p * np.log(q))
  jsd            scipy...jensenshannon(p, q)**2          m = (p+q)/2; ½(Σ p ln(p/m) + Σ q ln(q/m))
  js-distance    scipy.spatial.distance.jensenshannon    sqrt of the naive jsd
  memory         np.sum(p) + np.sum(q) (the memory pass over both arrays)

JSON goes to stdout (or --out FILE), a table to stderr.

--rust-json FILE: a JSON object produced by the Rust side, {"<measure>_n<N>":
ns_per_element} with measure keys kl, js-distance (or jsd), entropy, memory
(or sum); if given, each row also shows the ratio scipy/infocert (> 1 means
infocert is faster).

Usage:  scripts/bench_float_peers.py [--sizes 1000,1000000,10000000] [--outdir DIR]
        [--repeats 5] [--out FILE] [--rust-json FILE]
"""

import _venv  # noqa: E402  (re-executes under scripts/.venv, created by setup-venv.sh)

_venv.ensure()

import argparse
import json
import os
import sys
import time
import warnings

import numpy as np
import scipy
import scipy.spatial.distance
import scipy.special
import scipy.stats

SEED = 20240611

def _jsd_naive(p, q):
    m = 0.5 * (p + q)
    return 0.5 * (np.sum(p * np.log(p / m)) + np.sum(q * np.log(q / m)))


# (peer, measure key, column of scripts/bench_table.py, call)
ROWS = [
    ("scipy.stats.entropy(p,q)", "kl", "scipy", lambda p, q: scipy.stats.entropy(p, q)),
    ("scipy rel_entr(p,q).sum()", "kl", None, lambda p, q: scipy.special.rel_entr(p, q).sum()),
    ("numpy sum(p*log(p/q))", "kl", "numpy", lambda p, q: np.sum(p * np.log(p / q))),
    ("scipy.stats.entropy(p)", "entropy", "scipy", lambda p, q: scipy.stats.entropy(p)),
    ("numpy -sum(p*log(p))", "entropy", "numpy", lambda p, q: -np.sum(p * np.log(p))),
    ("scipy -xlogy(p,q).sum()", "cross-entropy", "scipy", lambda p, q: -scipy.special.xlogy(p, q).sum()),
    ("numpy -sum(p*log(q))", "cross-entropy", "numpy", lambda p, q: -np.sum(p * np.log(q))),
    ("scipy jensenshannon(p,q)**2", "jsd", "scipy", lambda p, q: scipy.spatial.distance.jensenshannon(p, q) ** 2),
    ("numpy naive jsd", "jsd", "numpy", _jsd_naive),
    ("scipy jensenshannon(p,q)", "js-distance", "scipy", lambda p, q: scipy.spatial.distance.jensenshannon(p, q)),
    ("numpy sqrt(naive jsd)", "js-distance", "numpy", lambda p, q: np.sqrt(_jsd_naive(p, q))),
    ("memory sum(p)+sum(q)", "memory", "memory", lambda p, q: np.sum(p) + np.sum(q)),
]
ALIASES = {"js-distance": ["js-distance", "js_distance"], "memory": ["memory", "sum"]}


def make_arrays(n):
    rng = np.random.default_rng([SEED, n])
    p = rng.random(n) + 1e-3
    q = rng.random(n) + 1e-3
    p /= p.sum()
    q /= q.sum()
    return p, q


def best_ns(fn, p, q, repeats, min_run=0.002):
    """Best-of-`repeats` nanoseconds per call (after a warm-up call); short calls are looped."""
    t0 = time.perf_counter_ns()
    value = fn(p, q)
    first = time.perf_counter_ns() - t0
    number = 1 if first >= min_run * 1e9 else max(1, int(min_run * 1e9 / max(first, 1)) + 1)
    best = None
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter_ns()
        for _ in range(number):
            fn(p, q)
        dt = (time.perf_counter_ns() - t0) / number
        best = dt if best is None else min(best, dt)
    return best, float(value)


def rust_lookup(rust, measure, n):
    for key in ALIASES.get(measure, [measure]):
        k = f"{key}_n{n}"
        if k in rust:
            return float(rust[k])
    return None


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description="numpy/scipy float64 peer timings for infocert's float engine.")
    ap.add_argument("--sizes", default="1000,1000000,10000000")
    ap.add_argument("--outdir", default=os.path.join(root, "target", "bench-inputs"))
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--out", help="write the JSON here instead of stdout")
    ap.add_argument("--rust-json", help='JSON from the Rust side: {"<measure>_n<N>": ns_per_element}')
    args = ap.parse_args()

    rust = None
    if args.rust_json:
        with open(args.rust_json) as f:
            rust = json.load(f)

    os.makedirs(args.outdir, exist_ok=True)
    results = {}
    table = []
    for n in (int(s) for s in args.sizes.split(",")):
        p, q = make_arrays(n)
        np.save(os.path.join(args.outdir, f"float_p_n{n}.npy"), p)
        np.save(os.path.join(args.outdir, f"float_q_n{n}.npy"), q)
        rows = {}
        for name, measure, column, fn in ROWS:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ns, value = best_ns(fn, p, q, args.repeats)
            entry = {"measure": measure, "column": column, "n": n, "ns_per_call": ns, "ns_per_element": ns / n, "value": value}
            if rust is not None:
                r = rust_lookup(rust, measure, n)
                entry["infocert_ns_per_element"] = r
                entry["ratio_peer_over_infocert"] = (ns / n) / r if r else None
            rows[name] = entry
            table.append((name, entry))
        results[f"n{n}"] = rows

    out = {
        "generated_by": "scripts/bench_float_peers.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__},
        "seed": SEED,
        "repeats": args.repeats,
        "inputs": "float_p_n<N>.npy / float_q_n<N>.npy in " + args.outdir,
        "results": results,
    }

    hdr = f"{'peer':28s} {'measure':12s} {'n':>9s} {'ns/elem':>9s}  {'value':>22s}"
    if rust is not None:
        hdr += f" {'infocert':>9s} {'scipy/ic':>9s}"
    print(hdr, file=sys.stderr)
    print("-" * len(hdr), file=sys.stderr)
    for name, e in table:
        line = f"{name:28s} {e['measure']:12s} {e['n']:9d} {e['ns_per_element']:9.3f}  {e['value']:22.16g}"
        if rust is not None:
            r = e["infocert_ns_per_element"]
            ratio = e["ratio_peer_over_infocert"]
            line += f" {r:9.3f} {ratio:9.2f}" if r else f" {'-':>9s} {'-':>9s}"
        print(line, file=sys.stderr)
    text = json.dumps(out, indent=1) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
