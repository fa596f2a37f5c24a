#!/usr/bin/env python3
"""Grade real peer libraries (scipy, numpy) against infocert's conformance vectors.

Runs, in the pinned venv (scripts/.venv, see _venv.py):

  * scipy.stats.entropy(p)            -> entropy        (normalizes first)
  * scipy.stats.entropy(p, q)         -> kl             (normalizes first)
  * scipy.special.rel_entr(p, q).sum() -> kl            (as given)
  * scipy.special.kl_div(p, q).sum()   -> gkl           (as given)
  * scipy.spatial.distance.jensenshannon(p, q) -> js-distance (normalizes first)
  * scipy.spatial.distance.cdist([p], [q], 'jensenshannon') -> js-distance (base e)
  * numpy naive formulas (as given): entropy, kl, cross-entropy, jsd, tv,
    hellinger, chi2, mi (KL of the joint against the product of marginals)

on every applicable case of the vectors, writes one results file per peer
(JSONL, values as hex floats) under target/peers/, grades each with
`infocert conform --json`, and writes the table to reports/peers.md.

Usage (from the repository root):  scripts/run_peers.sh
   or: python3 scripts/peers_conform.py [--infocert target/release/infocert]
                                         [--vectors FILE] [--max-ulps 4]
"""

import argparse
import json
import os
import platform
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _venv  # noqa: E402

_venv.ensure()

import numpy as np  # noqa: E402
import scipy  # noqa: E402
from scipy import spatial, special, stats  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# ---------------------------------------------------------------- vectors

def expand(inp):
    """The float64 array of an input record (values or recipe)."""
    if inp is None:
        return None
    if "recipe" in inp:
        n, r = inp["n"], inp["recipe"]
        t = float(n * (n + 1) // 2)
        i = np.arange(n, dtype=np.float64)
        if r == "uniform":
            return np.full(n, 1.0 / n)
        if r == "linear":
            return (i + 1.0) / t
        if r == "linear_rev":
            return (float(n) - i) / t
        if r == "ones":
            return np.ones(n)
        raise ValueError(f"unknown recipe {r}")
    return np.array([float.fromhex(h) for h in inp["hex"]], dtype=np.float64)


def joint(case):
    j = case.get("joint")
    if j is None:
        return None
    return np.array([[float.fromhex(h) for h in row] for row in j["hex"]], dtype=np.float64)


def logb(case):
    return {"e": 1.0, "2": float(np.log(2.0)), "10": float(np.log(10.0)), None: 1.0}[case["base"]]


def scipy_base(case):
    return {"e": None, "2": 2, "10": 10, None: None}[case["base"]]


# ---------------------------------------------------------------- peers
# Each peer: (name, library call shown in the report, measure, semantics,
#             bases accepted or None for all, function(case) -> float)

def np_entropy(c):
    p = expand(c["p"])
    m = p > 0
    return float(-np.sum(p[m] * np.log(p[m])) / logb(c))


def np_kl(c):
    p, q = expand(c["p"]), expand(c["q"])
    m = p > 0
    return float(np.sum(p[m] * np.log(p[m] / q[m])) / logb(c))


def np_xent(c):
    p, q = expand(c["p"]), expand(c["q"])
    m = p > 0
    return float(-np.sum(p[m] * np.log(q[m])) / logb(c))


def np_jsd(c):
    p, q = expand(c["p"]), expand(c["q"])
    mm = 0.5 * (p + q)

    def kl(a):
        k = a > 0
        return np.sum(a[k] * np.log(a[k] / mm[k]))

    return float((0.5 * kl(p) + 0.5 * kl(q)) / logb(c))


def np_tv(c):
    p, q = expand(c["p"]), expand(c["q"])
    return float(0.5 * np.sum(np.abs(p - q)))


def np_hellinger(c):
    p, q = expand(c["p"]), expand(c["q"])
    return float(np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)))


def np_chi2(c):
    p, q = expand(c["p"]), expand(c["q"])
    return float(np.sum((p - q) ** 2 / q))


def np_mi(c):
    j = joint(c)
    px, py = j.sum(axis=1), j.sum(axis=0)
    prod = np.outer(px, py)
    m = j > 0
    return float(np.sum(j[m] * np.log(j[m] / prod[m])) / logb(c))


PEERS = [
    ("scipy.stats.entropy(p)", "entropy", "normalized", None,
     lambda c: stats.entropy(expand(c["p"]), base=scipy_base(c))),
    ("scipy.stats.entropy(p, q)", "kl", "normalized", None,
     lambda c: stats.entropy(expand(c["p"]), expand(c["q"]), base=scipy_base(c))),
    ("scipy.special.rel_entr(p, q).sum()", "kl", "as_given", None,
     lambda c: np.sum(special.rel_entr(expand(c["p"]), expand(c["q"]))) / logb(c)),
    ("scipy.special.kl_div(p, q).sum()", "gkl", "as_given", None,
     lambda c: np.sum(special.kl_div(expand(c["p"]), expand(c["q"]))) / logb(c)),
    ("scipy.spatial.distance.jensenshannon(p, q)", "js-distance", "normalized", None,
     lambda c: spatial.distance.jensenshannon(expand(c["p"]), expand(c["q"]), base=scipy_base(c))),
    ("scipy.spatial.distance.cdist([p], [q], 'jensenshannon')", "js-distance", "normalized", "e",
     lambda c: spatial.distance.cdist([expand(c["p"])], [expand(c["q"])], "jensenshannon")[0, 0]),
    ("numpy -Σ p log p (p > 0)", "entropy", "as_given", None, np_entropy),
    ("numpy Σ p log(p/q) (p > 0)", "kl", "as_given", None, np_kl),
    ("numpy -Σ p log q (p > 0)", "cross-entropy", "as_given", None, np_xent),
    ("numpy ½KL(p‖m) + ½KL(q‖m)", "jsd", "as_given", None, np_jsd),
    ("numpy ½Σ|p − q|", "tv", "as_given", None, np_tv),
    ("numpy √(½Σ(√p − √q)²)", "hellinger", "as_given", None, np_hellinger),
    ("numpy Σ (p − q)²/q", "chi2", "as_given", None, np_chi2),
    ("numpy Σ p_xy log(p_xy/(p_x p_y))", "mi", "as_given", None, np_mi),
]


# ------------------------------------------- independent reference (mpmath)
# A second, independent evaluation of every case (exact Fractions for the
# inputs, normalization, ratios and differences; mpmath logs at 800 digits),
# rounded to the nearest double. It must agree with every expected value
# to the bit: a disagreement means a wrong reference value somewhere.

def mp_ref(c):
    from fractions import Fraction as F
    import mpmath
    mp = mpmath.mp
    mp.dps = 800  # values near 1e-323 beside terms near 1 need ~330 digits plus 40
    nan = float("nan")

    def fr(a):
        return [F(float(x)) for x in a]

    def check(v):
        if len(v) == 0 or any(x < 0 for x in v) or sum(v) == 0:
            return None
        if c["semantics"] == "normalized":
            t = sum(v)
            v = [x / t for x in v]
        return v

    def ln(fr_):
        return mpmath.log(mpmath.mpf(fr_.numerator) / fr_.denominator)

    def m(fr_):
        return mpmath.mpf(fr_.numerator) / fr_.denominator

    meas = c["measure"]
    lb = {"e": mpmath.mpf(1), "2": mpmath.log(2), "10": mpmath.log(10), None: mpmath.mpf(1)}[c["base"]]
    if c.get("joint") is not None:
        rows = [fr(r) for r in joint(c)]
        flat = check([x for r in rows for x in r])
        if flat is None:
            return nan
        ncol = len(rows[0])
        rows = [flat[i:i + ncol] for i in range(0, len(flat), ncol)]
        px = [sum(r) for r in rows]
        py = [sum(r[j] for r in rows) for j in range(ncol)]
        if meas == "joint-entropy":
            v = -sum((m(x) * ln(x) for x in flat if x), mpmath.mpf(0))
        elif meas == "cond-entropy":
            v = sum((m(x) * ln(py[j] / x) for r in rows for j, x in enumerate(r) if x), mpmath.mpf(0))
        else:  # mi
            v = sum((m(x) * ln(x / (px[i] * py[j])) for i, r in enumerate(rows)
                     for j, x in enumerate(r) if x), mpmath.mpf(0))
        return float(v / lb)
    p = check(fr(expand(c["p"])))
    if p is None:
        return nan
    if meas == "entropy":
        return float(-sum((m(x) * ln(x) for x in p if x), mpmath.mpf(0)) / lb)
    q = check(fr(expand(c["q"])))
    if q is None or len(p) != len(q):
        return nan
    inf = float("inf")
    pq = list(zip(p, q))
    if any(a > 0 and b == 0 for a, b in pq) and meas in ("kl", "gkl", "cross-entropy", "chi2"):
        return inf
    z = mpmath.mpf(0)
    if meas == "kl":
        v = sum((m(a) * ln(a / b) for a, b in pq if a), z)
    elif meas == "gkl":
        v = sum((m(a) * ln(a / b) - m(a) + m(b) if a else m(b) for a, b in pq), z)
    elif meas == "cross-entropy":
        v = -sum((m(a) * ln(b) for a, b in pq if a), z)
    elif meas in ("jsd", "js-distance"):
        v = z
        for a, b in pq:
            if a:
                v += m(a) / 2 * ln(2 * a / (a + b))
            if b:
                v += m(b) / 2 * ln(2 * b / (a + b))
        if meas == "js-distance":
            return float(mpmath.sqrt(v) / mpmath.sqrt(lb))
    elif meas == "tv":
        return float(m(sum(abs(a - b) for a, b in pq) / 2))
    elif meas == "chi2":
        return float(m(sum(((a - b) ** 2 / b for a, b in pq if b), F(0))))
    elif meas == "hellinger":
        s = sum(((m(a - b) / (mpmath.sqrt(m(a)) + mpmath.sqrt(m(b)))) ** 2 for a, b in pq if a or b), z)
        return float(mpmath.sqrt(s / 2))
    elif meas == "renyi":
        al = c["alpha"]
        if al == "0":
            v = -ln(sum((b for a, b in pq if a), F(0))) if sum((b for a, b in pq if a), F(0)) else mpmath.inf
        elif al == "inf":
            if any(a > 0 and b == 0 for a, b in pq):
                return inf
            v = ln(max(a / b for a, b in pq if a))
        else:
            al = F(al)
            if al > 1 and any(a > 0 and b == 0 for a, b in pq):
                return inf
            s = sum((mpmath.power(m(a), m(al)) * mpmath.power(m(b), 1 - m(al)) for a, b in pq if a and b), z)
            v = mpmath.log(s) / (m(al) - 1)
    else:
        raise ValueError(meas)
    return float(v / lb)


def applies(case, measure, semantics, base):
    if case["measure"] != measure:
        return False
    if case["semantics"] not in (semantics, "both"):
        return False
    if base is not None and case["base"] not in (base, None):
        return False
    return True


def run_peer(fn, case):
    with np.errstate(all="ignore"):
        try:
            v = float(fn(case))
        except Exception:  # a raised error is graded as NaN
            v = float("nan")
    return v


def slug(name):
    return "".join(ch if ch.isalnum() else "_" for ch in name).strip("_")[:60]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--infocert", default=os.path.join(ROOT, "target", "release", "infocert"))
    ap.add_argument("--vectors", default=None, help="default: run `infocert vectors` into target/peers/")
    ap.add_argument("--max-ulps", type=int, default=4)
    ap.add_argument("--out", default=os.path.join(ROOT, "reports", "peers.md"))
    ap.add_argument("--workdir", default=os.path.join(ROOT, "target", "peers"))
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    vec = args.vectors
    if vec is None:
        vec = os.path.join(args.workdir, "vectors.jsonl")
        subprocess.run([args.infocert, "vectors", "--out", vec], check=True)
    cases = [json.loads(line) for line in open(vec) if line.strip()]
    by_id = {c["id"]: c for c in cases}

    rows = []
    for name, measure, sem, base, fn in PEERS:
        mine = [c for c in cases if applies(c, measure, sem, base)]
        res = os.path.join(args.workdir, f"results_{slug(name)}.jsonl")
        with open(res, "w") as f:
            for c in mine:
                f.write(json.dumps({"id": c["id"], "value": run_peer(fn, c).hex()}) + "\n")
        cmd = [args.infocert, "conform", vec, res, "--measure", measure, "--semantics", sem,
               "--max-ulps", str(args.max_ulps), "--json"]
        if base is not None:
            cmd += ["--base", base]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if p.returncode not in (0, 1):
            sys.exit(f"infocert conform failed for {name}: {p.stderr.strip()}")
        rep = json.loads(p.stdout)
        rows.append((name, measure, sem, rep, p.returncode))
        s = rep["summary"][0]
        print(f"{name:58s} {s['cases']:4d} cases, {s['passed']:4d} pass, worst {s['worst_ulps']} ulps",
              file=sys.stderr)

    # the independent cross-check of every expected value, budget 0
    res = os.path.join(args.workdir, "results_mpmath_reference.jsonl")
    with open(res, "w") as f:
        for c in cases:
            f.write(json.dumps({"id": c["id"], "value": run_peer(mp_ref, c).hex()}) + "\n")
    p = subprocess.run([args.infocert, "conform", vec, res, "--json"], stdout=subprocess.PIPE, text=True)
    ref = json.loads(p.stdout)
    print(f"mpmath cross-check: {len(ref['cases'])} cases, {ref['violations']} disagreements", file=sys.stderr)
    write_report(args, rows, by_id, ref)
    print(f"wrote {os.path.relpath(args.out, ROOT)}", file=sys.stderr)


def mpmath_version():
    import mpmath
    return mpmath.__version__


def md(name):
    """A peer name as a Markdown table cell (escape the pipes of |p − q|)."""
    return "`" + name.replace("|", "\\|") + "`"


def fmt_ulps(u):
    if u is None:
        return "—"
    if u >= 10**6:
        return f"{u:.2e}".replace("e+", "e")
    return str(u)


def write_report(args, rows, by_id, ref):
    L = []
    w = L.append
    w("# Peers graded by `infocert conform`")
    w("")
    w("Generated by `scripts/run_peers.sh` (`scripts/peers_conform.py`); do not edit by hand.")
    w(f"Python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}; "
      f"budget {args.max_ulps} ulps; vectors from `infocert vectors` (default seed).")
    w("")
    w("Each peer is graded on the cases of its measure under the semantics it implements "
      "(scipy's `entropy` and `jensenshannon` normalize their inputs; `rel_entr`, `kl_div` and the "
      "numpy formulas evaluate the values as given), in the base of each case. Invalid inputs "
      "(empty, negative, all-zero) expect NaN or an error; an exception counts as NaN. "
      "Columns: exact = bit-identical to the correctly rounded value; ≤budget = within "
      f"{args.max_ulps} ulps; >budget = finite, right sign, more ulps; NaN = NaN where a number "
      "exists; neg = negative where the value is ≥ 0; sign = opposite sign; inf = an infinity "
      "wrong or missing; !NaN = a number for an invalid input.")
    w("")
    bad = [c for c in ref["cases"] if c["verdict"] != "pass"]
    w(f"**Independent check of the vectors.** An mpmath {mpmath_version()} evaluation written separately "
      f"in this script (exact fractions, 800-digit logarithms, rounded to the nearest double) agrees with "
      f"{len(ref['cases']) - len(bad)} of {len(ref['cases'])} expected values bit for bit"
      + ("." if not bad else ": DISAGREES on " + ", ".join(f"`{c['id']}`" for c in bad[:10])))
    w("")
    w("| peer | measure | semantics | cases | exact | ≤budget | >budget | NaN | neg | sign | inf | !NaN | worst ulps (case) |")
    w("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, measure, sem, rep, _ in rows:
        s = rep["summary"][0]
        w(f"| {md(name)} | {measure} | {sem} | {s['cases']} | {s['exact']} | {s['passed']} | "
          f"{s['over_budget']} | {s['nan']} | {s['negative']} | {s['sign']} | {s['infinity']} | "
          f"{s['not_nan']} | {fmt_ulps(s['worst_ulps'])} (`{s['worst_id']}`) |")
    w("")
    # per tag
    tags = ["textbook", "random", "near-identical", "zeros", "inf", "subnormal", "unnormalized",
            "large", "peer", "invalid"]
    w("## Failures by kind of case")
    w("")
    w("Failing / graded cases per tag (a case has several tags).")
    w("")
    w("| peer | " + " | ".join(tags) + " |")
    w("|---|" + "---:|" * len(tags))
    for name, measure, sem, rep, _ in rows:
        cells = []
        for t in tags:
            tc = [c for c in rep["cases"] if t in c["tags"]]
            bad = [c for c in tc if c["verdict"] != "pass"]
            cells.append(f"{len(bad)}/{len(tc)}" if tc else "—")
        w(f"| {md(name)} | " + " | ".join(cells) + " |")
    w("")
    w("## The peer-bug inputs (research/peers.md §2)")
    w("")
    w("| case | peer | expected (correctly rounded) | actual | ulps | verdict |")
    w("|---|---|---|---|---:|---|")
    for name, measure, sem, rep, _ in rows:
        for c in rep["cases"]:
            if not c["id"].startswith("peer/"):
                continue
            v = c["verdict"] + (f" ({c['why']})" if c.get("why") else "")
            w(f"| `{c['id']}` | {md(name)} | {c['expected']} | {c['actual']} | {fmt_ulps(c['ulps'])} | {v} |")
    w("")
    w("## Every non-passing case")
    w("")
    w("<details><summary>expand</summary>")
    w("")
    w("| peer | case | expected | actual | ulps | why |")
    w("|---|---|---|---|---:|---|")
    for name, measure, sem, rep, _ in rows:
        for c in rep["cases"]:
            if c["verdict"] == "pass":
                continue
            w(f"| {md(name)} | `{c['id']}` | {c['expected']} | {c['actual']} | {fmt_ulps(c['ulps'])} | {c.get('why') or c['verdict']} |")
    w("")
    w("</details>")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
