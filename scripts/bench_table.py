#!/usr/bin/env python3
"""The one benchmark table of scripts/bench.sh (markdown on stdout).

Reads the JSON written by the other benchmark steps and times the whole-process
comparison itself:

  --peers       target/bench-float-peers.json        (scripts/bench_float_peers.py)
  --rust        target/float-infocert.json           (examples/float_bench.rs --cr)
  --cert-peers  target/bench-certified-peers.json    (scripts/bench_certified.py)
  --cert-rust   target/bench-certified-infocert.json (examples/bench_certified.rs)
  --bin         target/release/infocert              (whole process: eval kl --engine float)
  --whole-n     10000000                             (size of the .npy pair for the whole-process row)

Tables:
  1. float64 kernels, ns per element (in process, best of repeats, same arrays):
     infocert default (value + rigorous bound), infocert --correctly-rounded,
     scipy, numpy's naive formula, the memory pass np.sum(p) + np.sum(q); ratios.
  2. whole process: `infocert eval kl --p @p.npy --q @q.npy --engine float`
     (and on decimal text files of up to 10^6 values, against np.loadtxt)
     vs `python -c "np.load twice; scipy.stats.entropy(p, q)"` (wall clock, best of 5).
  3. certified KL (exact engine, 30 and 100 digits) vs python-flint arb and mpmath.
"""

import _venv  # noqa: E402  (re-executes under scripts/.venv, created by setup-venv.sh)

_venv.ensure()

import argparse
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np
import scipy

MEASURES = ["kl", "entropy", "cross-entropy", "jsd", "js-distance"]


def load(path):
    with open(path) as f:
        return json.load(f)


def fmt(x, nd=2):
    return "–" if x is None else f"{x:.{nd}f}"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def peer_ns(peers, n, measure, column):
    for e in peers["results"].get(f"n{n}", {}).values():
        if e["measure"] == measure and e.get("column") == column:
            return e["ns_per_element"]
    return None


def float_table(peers, rust):
    sizes = sorted({int(k[1:]) for k in peers["results"]})
    out = [
        "| measure | n | infocert (bound) | infocert CR | scipy | numpy naive | memory pass "
        "| scipy / infocert | numpy / infocert | CR / default |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in MEASURES:
        for n in sizes:
            d = rust.get(f"{m}_n{n}")
            cr = rust.get(f"{m}-cr_n{n}")
            sc = peer_ns(peers, n, m, "scipy")
            nu = peer_ns(peers, n, m, "numpy")
            mem = peer_ns(peers, n, "memory", "memory")
            out.append(
                f"| {m} | {n:.0e} | {fmt(d)} | {fmt(cr)} | {fmt(sc)} | {fmt(nu)} | {fmt(mem)} "
                f"| {fmt(ratio(sc, d))}× | {fmt(ratio(nu, d))}× | {fmt(ratio(cr, d))}× |"
            )
    return "\n".join(out)


def best_wall(cmd, repeats=5):
    best, out = None, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        dt = time.perf_counter() - t0
        if r.returncode != 0:
            raise SystemExit(f"bench_table: {' '.join(cmd)} failed: {r.stderr.strip()}")
        out = r.stdout.strip()
        best = dt if best is None else min(best, dt)
    return best, out


def compare_process(binary, p, q, what, ext, loader, n):
    """`infocert eval kl --engine float` on the files `p`, `q` against a
    Python process reading them with numpy's `loader` and calling
    `scipy.stats.entropy`: one markdown table (wall clock, best of 5)."""
    ours = [binary, "eval", "kl", "--p", "@" + p, "--q", "@" + q, "--engine", "float"]
    code = (
        "import sys, numpy as np, scipy.stats\n"
        f"p = np.{loader}(sys.argv[1]); q = np.{loader}(sys.argv[2])\n"
        "print(repr(float(scipy.stats.entropy(p, q))))\n"
    )
    theirs = [sys.executable, "-c", code, p, q]
    t_ours, o_ours = best_wall(ours)
    t_theirs, o_theirs = best_wall(theirs)
    first = o_ours.splitlines()[0] if o_ours else ""
    return "\n".join(
        [
            f"| process (n = {n:.0e}, two {what}) | wall, best of 5 | output |",
            "|---|---:|---|",
            f"| `infocert eval kl --p @p.{ext} --q @q.{ext} --engine float` | {t_ours * 1e3:.0f} ms | `{first}` |",
            f"| `python -c 'np.{loader} ×2; scipy.stats.entropy(p, q)'` | {t_theirs * 1e3:.0f} ms | `{o_theirs}` |",
            f"| ratio python / infocert | {t_theirs / t_ours:.2f}× | |",
        ]
    )


def whole_process(binary, indir, n):
    p = os.path.join(indir, f"float_p_n{n}.npy")
    q = os.path.join(indir, f"float_q_n{n}.npy")
    return compare_process(binary, p, q, ".npy files", "npy", "load", n)


def whole_process_text(binary, indir, n):
    """The same comparison on decimal text files (one value per line,
    shortest round-trip form): `infocert` reads them straight to doubles,
    numpy with `np.loadtxt`."""
    paths = []
    for which in ("p", "q"):
        src = os.path.join(indir, f"float_{which}_n{n}.npy")
        if not os.path.exists(src):
            src = os.path.join(indir, f"float_{which}_n10000000.npy")
        txt = os.path.join(indir, f"float_{which}_n{n}.txt")
        if not os.path.exists(txt):
            x = np.load(src)[:n]
            x = x / x.sum()  # a slice of the 10^7 file: normalized again
            with open(txt, "w") as fh:
                fh.write("\n".join(repr(float(v)) for v in x))
        paths.append(txt)
    return compare_process(binary, *paths, "decimal text files", "txt", "loadtxt", n)


def certified_table(cpeers, crust):
    out = [
        "| input | digits | infocert µs/elem | arb µs/elem | mpmath µs/elem | infocert / arb | mpmath / infocert |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for stem, r in crust.items():
        for d, mp_name, arb_name in ((30, "mpmath-dps35", "arb-128"), (100, "mpmath-dps105", "arb-350")):
            us = r.get(f"digits{d}_us_per_elem")
            pe = cpeers["files"].get(stem, {}).get("peers", {})
            a = pe.get(arb_name, {}).get("us_per_element")
            m = pe.get(mp_name, {}).get("us_per_element")
            out.append(
                f"| {stem} | {d} | {fmt(us)} | {fmt(a)} | {fmt(m)} | {fmt(ratio(us, a))}× | {fmt(ratio(m, us))}× |"
            )
    return "\n".join(out)


def machine():
    try:
        model = next(
            line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor() or "unknown CPU"
    load1 = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{model}, {os.cpu_count()} logical cores, load average {load1:.2f} at the end of the run; "
        f"Python {sys.version.split()[0]}, numpy {np.__version__}, scipy {scipy.__version__}"
    )


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    t = os.path.join(root, "target")
    ap = argparse.ArgumentParser(description="Print the benchmark tables of scripts/bench.sh.")
    ap.add_argument("--peers", default=os.path.join(t, "bench-float-peers.json"))
    ap.add_argument("--rust", default=os.path.join(t, "float-infocert.json"))
    ap.add_argument("--cert-peers", default=os.path.join(t, "bench-certified-peers.json"))
    ap.add_argument("--cert-rust", default=os.path.join(t, "bench-certified-infocert.json"))
    ap.add_argument("--bin", default=os.path.join(t, "release", "infocert"))
    ap.add_argument("--indir", default=os.path.join(t, "bench-inputs"))
    ap.add_argument("--whole-n", type=int, default=10_000_000)
    args = ap.parse_args()

    print("### float64 kernels (ns per element, in process, best of repeats, same arrays)\n")
    print(
        "infocert (bound) = value with its rigorous error bound (`infocert::float::evaluate`); "
        "infocert CR = `--correctly-rounded`; memory pass = `np.sum(p) + np.sum(q)`. "
        "Ratios > 1: infocert is faster.\n"
    )
    print(float_table(load(args.peers), load(args.rust)))
    print("\n### whole process\n")
    print(whole_process(args.bin, args.indir, args.whole_n))
    print()
    print(whole_process_text(args.bin, args.indir, min(args.whole_n, 1_000_000)))
    if os.path.exists(args.cert_peers) and os.path.exists(args.cert_rust):
        print("\n### certified KL (exact engine; arb = python-flint ball arithmetic at 128 / 350 bits, "
              "mpmath at dps 35 / 105, uncertified)\n")
        print(certified_table(load(args.cert_peers), load(args.cert_rust)))
    print(f"\nMachine: {machine()}.")


if __name__ == "__main__":
    main()
