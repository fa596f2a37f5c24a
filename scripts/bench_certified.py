#!/usr/bin/env python3
"""Peer side of the CERTIFIED KL benchmark.

Reads kl_<kind>_n<N>.json files ({"p": [str], "q": [str]}, strings are exact
rationals "a/b" or hex floats; see scripts/gen_bench_inputs.py) and times, in
process, KL(P||Q) = sum p ln(p/q) with:

  mpmath-dps35, mpmath-dps105   mpmath at mp.dps 35 / 105 (NOT certified: plain
                                floating point at that precision)
  arb-128, arb-350              python-flint arb ball arithmetic at 128 / 350 bits
                                (certified: the result is a ball that contains
                                the exact value)

Parsing the strings to exact rationals (fractions.Fraction for mpmath, flint.fmpq
for arb) is NOT timed; the timed region starts from those exact rationals and
includes their conversion to mpf / arb and the whole sum. Each timing is the
best of --repeats runs (small inputs are looped so that one run lasts >= 5 ms).

Output: one JSON object on stdout (or --out FILE):
  {"generated_by": ..., "versions": {...}, "files": {"kl_rational_n10": {"n": 10,
   "peers": {"arb-128": {"n", "seconds", "us_per_element", "value", "radius",
   "agree_digits"}, ...}}, ...}, "missing": [...]}
and a human-readable table on stderr. "value" is printed to 30 significant
digits (for arb: the ball's midpoint; "radius" is the ball radius);
"agree_digits" is the number of decimal digits that agree with the arb-350
midpoint.

Usage:  scripts/bench_certified.py [INDIR] [--out FILE] [--repeats 3]
        [--sizes 10,1000,10000] [--kinds rational,f64]
        (INDIR defaults to <repo>/target/bench-inputs; files that are missing are
        reported and skipped.)
"""

import _venv  # noqa: E402  (re-executes under scripts/.venv, created by setup-venv.sh)

_venv.ensure()

import argparse
import json
import math
import os
import sys
import time
from fractions import Fraction

import flint
import mpmath
from flint import arb, fmpq
from mpmath import mp, mpf

PEERS = ["mpmath-dps35", "mpmath-dps105", "arb-128", "arb-350"]


def parse_fraction(s: str) -> Fraction:
    s = s.strip()
    if s.lower().startswith(("0x", "-0x", "+0x")):
        return Fraction(float.fromhex(s))
    if "/" in s:
        a, b = s.split("/")
        return Fraction(int(a), int(b))
    return Fraction(s)


# ---------------------------------------------------------------- kernels


def kl_mpmath(p, q, dps):
    """p, q: lists of (num, den) integer pairs."""
    with mp.workdps(dps):
        terms = []
        for (pn, pd), (qn, qd) in zip(p, q):
            if pn == 0:
                continue
            P = mpf(pn) / pd
            Q = mpf(qn) / qd
            terms.append(P * mpmath.log(P / Q))
        return +mpmath.fsum(terms)


def kl_arb(p, q, prec):
    """p, q: lists of fmpq."""
    old = flint.ctx.prec
    flint.ctx.prec = prec
    try:
        s = arb(0)
        for a, b in zip(p, q):
            if a == 0:
                continue
            P = arb(a)
            s += P * (P / arb(b)).log()
        return s
    finally:
        flint.ctx.prec = old


# ---------------------------------------------------------------- timing


def best_time(fn, repeats, min_run=0.005):
    """Best-of-`repeats` seconds per call after one warm-up call; short calls are looped to last >= min_run."""
    t0 = time.perf_counter()
    result = fn()
    first = time.perf_counter() - t0
    number = 1 if first >= min_run else max(1, int(min_run / max(first, 1e-9)) + 1)
    best = math.inf  # the first (warm-up) call is never counted
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - t0) / number)
    return best, result


def agree_digits(value_str, ref_str):
    with mp.workdps(130):
        v, r = mpf(value_str), mpf(ref_str)
        if v == r:
            return 120.0
        if r == 0:
            return 0.0
        return round(float(-mpmath.log10(abs(v - r) / abs(r))), 1)


def bench_file(path, repeats):
    with open(path) as f:
        doc = json.load(f)
    fp = [parse_fraction(s) for s in doc["p"]]
    fq = [parse_fraction(s) for s in doc["q"]]
    if len(fp) != len(fq):
        raise ValueError(f"{path}: len(p) != len(q)")
    n = len(fp)
    ip = [(x.numerator, x.denominator) for x in fp]
    iq = [(x.numerator, x.denominator) for x in fq]
    qp = [fmpq(x.numerator, x.denominator) for x in fp]
    qq = [fmpq(x.numerator, x.denominator) for x in fq]

    runs = {
        "mpmath-dps35": lambda: kl_mpmath(ip, iq, 35),
        "mpmath-dps105": lambda: kl_mpmath(ip, iq, 105),
        "arb-128": lambda: kl_arb(qp, qq, 128),
        "arb-350": lambda: kl_arb(qp, qq, 350),
    }
    peers = {}
    for name in PEERS:
        secs, val = best_time(runs[name], repeats)
        entry = {"n": n, "seconds": secs, "us_per_element": secs / n * 1e6}
        if name.startswith("arb"):
            entry["full_value"] = val.mid().str(110, radius=False)
            with mp.workdps(120):
                entry["value"] = mpmath.nstr(mpf(entry["full_value"]), 30, min_fixed=0, max_fixed=0)
            entry["radius"] = val.rad().str(3, radius=False)
        else:
            entry["value"] = mpmath.nstr(val, 30, min_fixed=0, max_fixed=0)
            with mp.workdps(110):
                entry["full_value"] = mpmath.nstr(val, 110, min_fixed=0, max_fixed=0)
        peers[name] = entry
    ref = peers["arb-350"]["full_value"]
    for entry in peers.values():
        entry["agree_digits"] = agree_digits(entry.pop("full_value"), ref)
    return {"n": n, "peers": peers}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description="Peer timings of certified KL (mpmath, python-flint arb).")
    ap.add_argument("indir", nargs="?", default=os.path.join(root, "target", "bench-inputs"))
    ap.add_argument("--out", help="write the JSON here instead of stdout")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--sizes", default="10,1000,10000")
    ap.add_argument("--kinds", default="rational,f64")
    args = ap.parse_args()

    results, missing = {}, []
    for kind in args.kinds.split(","):
        for n in (int(s) for s in args.sizes.split(",")):
            stem = f"kl_{kind}_n{n}"
            path = os.path.join(args.indir, stem + ".json")
            if not os.path.exists(path):
                print(f"missing: {path} (skipped; create it with scripts/gen_bench_inputs.py)", file=sys.stderr)
                missing.append(path)
                continue
            results[stem] = bench_file(path, args.repeats)

    out = {
        "generated_by": "scripts/bench_certified.py",
        "what": "KL(P||Q) = sum p ln(p/q), nats; timed from exact rationals, best of repeats",
        "versions": {
            "python": sys.version.split()[0],
            "mpmath": mpmath.__version__,
            "python-flint": flint.__version__,
        },
        "repeats": args.repeats,
        "files": results,
        "missing": missing,
    }

    hdr = f"{'file':22s} {'peer':14s} {'n':>6s} {'seconds':>10s} {'us/elem':>9s} {'agree':>6s}  value (30 digits)"
    print(hdr, file=sys.stderr)
    print("-" * len(hdr), file=sys.stderr)
    for stem, r in results.items():
        for name, e in r["peers"].items():
            rad = f" +/- {e['radius']}" if "radius" in e else ""
            print(
                f"{stem:22s} {name:14s} {e['n']:6d} {e['seconds']:10.6f} {e['us_per_element']:9.3f} "
                f"{e['agree_digits']:6.1f}  {e['value']}{rad}",
                file=sys.stderr,
            )
    text = json.dumps(out, indent=1) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
