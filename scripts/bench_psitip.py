#!/usr/bin/env python3
"""infocert prove vs psitip on the same table of information inequalities.

    python3 scripts/bench_psitip.py [--bin target/release/infocert] [--table FILE]
                                    [--repeat 3] [--out target/bench-psitip.md]

Runs in its own venv, scripts/.venv-psitip (`setup-venv.sh psitip`: numpy, scipy and
OR-Tools pinned in requirements-psitip.txt; psitip itself from
requirements-psitip-nodeps.txt without its declared dependencies, torch among them,
which its LP path never imports). psitip (GPL-3.0) is run as a peer through its public
API only; nothing of it is copied here.

The table (benches/data/shannon_table.json) is translated into psitip expressions:
H(X,Y|Z) -> H(X+Y|Z), I(X,Y;Z|W) -> I((X+Y)&Z|W), "X -> Y -> Z" -> markov(X,Y,Z),
"X _|_ Y" -> indep(X,Y), a linear (in)equality stays one; the claim is decided as
bool(constraints >> claim). psitip answers True (proved by its float LP) or False
(not proved); infocert answers proved / refuted / not Shannon-provable, so the two
agree when (psitip True) == (infocert proved). Where they differ and infocert's verdict
is the table's (textbook) expectation, psitip's float solver is wrong (rows that miss a
true inequality by 1e-9: within its tolerance it reports "proved"); such rows are shown,
not counted as disagreements. Exit 1 on any other disagreement or unexpected verdict.

Times: psitip = best of --repeat runs of building the expression and bool() in this
process (the import is not counted); infocert = best of --repeat of its own
decision time (the certificate's `seconds`: parse, LP, exact re-solve and check,
distribution search) and, separately, the wall time of the whole process.
Each infocert run is a fresh process (what a user of the CLI gets), so its decision
time includes first-touch costs (page faults, allocator, lazily built tables) that a
long-lived caller pays once; psitip's time is taken warm, in one process after a
warm-up call. On the smallest rows (tens of µs) this favours psitip.
Ratio = psitip / infocert decision time (> 1: infocert faster).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _venv  # noqa: E402

_venv.ensure("psitip")

import psitip  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TERM = re.compile(r"\b([HI])\(([^()]*)\)")


def rvs(text, env):
    """'X,Y' -> 'V["X"]+V["Y"]' (creating the psitip random variables)."""
    names = [t.strip() for t in text.split(",") if t.strip()]
    for n in names:
        if n not in env:
            env[n] = psitip.rv(n)
    return "(" + "+".join(f'V["{n}"]' for n in names) + ")"


def term(m, env):
    kind, inner = m.group(1), m.group(2)
    body, _, cond = inner.partition("|")
    c = f"|{rvs(cond, env)}" if cond.strip() else ""
    if kind == "H":
        return f"psitip.H({rvs(body, env)}{c})"
    a, b = body.split(";")
    return f"psitip.I({rvs(a, env)}&{rvs(b, env)}{c})"


def linear(text, env):
    """A linear expression in infocert's syntax -> a Python expression over psitip."""
    out = TERM.sub(lambda m: term(m, env), text)
    out = re.sub(r"(\d)\s*(psitip|\()", r"\1*\2", out)  # juxtaposition: 2H(X), 1/2 (..)
    return out


def relation(text, env):
    for op, py in (("<=", "<="), (">=", ">="), ("=", "==")):
        if op in text:
            lhs, rhs = text.split(op, 1)
            return f"({linear(lhs, env)}) {py} ({linear(rhs, env)})"
    raise ValueError(f"no relation in {text!r}")


def constraint(text, env):
    if "->" in text:
        groups = [rvs(g, env) for g in text.split("->")]
        return f"psitip.markov({', '.join(groups)})"
    if "_|_" in text:
        parts = text.split("_|_")
        last, _, cond = parts[-1].partition("|")
        groups = [rvs(g, env) for g in parts[:-1] + [last]]
        e = f"psitip.indep({', '.join(groups)})"
        return e + (f".conditioned({rvs(cond, env)})" if cond.strip() else "")
    return relation(text, env)


def psitip_decide(claim, given):
    env = {}
    expr = relation(claim, env)
    cons = [constraint(g, env) for g in given]
    code = expr if not cons else f"({' & '.join(cons)}) >> ({expr})"
    scope = {"psitip": psitip, "V": env}
    t = time.perf_counter()
    verdict = bool(eval(code, scope))  # noqa: S307 (our own table, translated above)
    return verdict, time.perf_counter() - t


def infocert_decide(binary, claim, given):
    args = [binary, "prove", claim, "--json"]
    for g in given:
        args += ["--given", g]
    t = time.perf_counter()
    p = subprocess.run(args, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode == 2:
        raise SystemExit(f"infocert rejected {claim!r}: {p.stderr.strip()}")
    cert = json.loads(p.stdout)
    return cert["verdict"], cert["seconds"], wall, len(cert["variables"])


def fmt_ms(s):
    return f"{s * 1e3:.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "infocert"))
    ap.add_argument("--table", default=os.path.join(ROOT, "benches", "data", "shannon_table.json"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=None, help="also write the table (markdown) here")
    a = ap.parse_args()
    if not os.path.exists(a.bin):
        sys.exit(f"no binary at {a.bin}: run `cargo build --release` (or scripts/bench_psitip.sh)")
    rows = json.load(open(a.table, encoding="utf-8"))["rows"]
    psitip_decide("I(W0;W1|W2) >= 0", [])  # warm-up: psitip loads its LP solver on first use
    solver = psitip.PsiOpts.get_setting("solver") or "default: OR-Tools GLOP when installed"
    lines = [
        f"psitip {getattr(psitip, '__version__', '1.1.7')} (solver {solver}) vs infocert prove; "
        f"best of {a.repeat}; times in ms; ratio = psitip / infocert decision time; "
        f"`uptime` load {os.getloadavg()[0]:.1f}",
        "",
        "| id | n | expected | infocert | psitip | agree | infocert ms | (process ms) | psitip ms | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    disagree, psitip_wrong, slower, unexpected = [], [], [], []
    for r in rows:
        iv, its, iwall, n = None, float("inf"), float("inf"), 0
        for _ in range(a.repeat):
            v, s, w, n = infocert_decide(a.bin, r["claim"], r["given"])
            iv, its, iwall = v, min(its, s), min(iwall, w)
        pv, pts = None, float("inf")
        for _ in range(a.repeat):
            v, s = psitip_decide(r["claim"], r["given"])
            pv, pts = v, min(pts, s)
        agree = (iv == "proved") == pv
        if iv != r["expect"]:
            unexpected.append(r["id"])
        elif not agree:
            # infocert matches the textbook with an exact certificate: psitip's float LP erred
            psitip_wrong.append(r["id"])
        if not agree and iv != r["expect"]:
            disagree.append(r["id"])
        if pts < its:
            slower.append(r["id"])
        lines.append(
            f"| {r['id']} | {n} | {r['expect']} | {iv} | {'proved' if pv else 'not proved'} | "
            f"{'yes' if agree else ('**no: psitip wrong**' if iv == r['expect'] else '**NO**')} | {fmt_ms(its)} | {fmt_ms(iwall)} | {fmt_ms(pts)} | "
            f"{pts / its:.1f} |"
        )
    lines.append("")
    lines.append(
        f"{len(rows)} rows ({sum(r['expect'] == 'proved' for r in rows)} expected proved, "
        f"{sum(r['expect'] != 'proved' for r in rows)} not); disagreements: "
        f"{', '.join(disagree) if disagree else 'none'} besides rows where psitip's float LP is "
        f"wrong (infocert matches the textbook with an exact certificate): "
        f"{', '.join(psitip_wrong) if psitip_wrong else 'none'}; rows where psitip was faster: "
        f"{', '.join(slower) if slower else 'none'}; infocert verdicts other than expected: "
        f"{', '.join(unexpected) if unexpected else 'none'}"
    )
    text = "\n".join(lines)
    print(text)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    sys.exit(1 if disagree or unexpected else 0)


if __name__ == "__main__":
    main()
