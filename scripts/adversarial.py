#!/usr/bin/env python3
"""Adversarial campaign (issue 9): random extreme inputs through the infocert CLI
against an independent mpmath evaluation at high precision.

What is generated (seeded, reproducible):
* distributions with subnormal-sized entries (2^-1074, 5e-324 as exact decimals),
  1e-300 and far beyond (1e-5000), long mantissas (up to 400 digits), entries
  written as hex floats and fractions; the last entry completes the sum to 1
  exactly (a fraction), so the "as given" and normalized semantics agree;
* Rényi orders near 0 (1e-6), near 1 (1 +- 1e-9), moderate, and huge (1e3 .. 1e9);
* every exact-engine measure: entropy, cross-entropy, kl, gkl, jsd, tv,
  hellinger, chi2, renyi.

Each case is evaluated by `infocert eval <measure> ... --digits D --json`; the
reference is computed from scratch here with mpmath on the exact rationals
(fractions.Fraction) at max(1200, 2·(digits of the largest input) + 100) significant
digits and at twice that; a case whose two
reference runs do not round alike to D digits is counted as "reference
unstable" and skipped (never as agreement). A case is WRONG when infocert prints
certified digits that differ from the reference rounded half-to-even to the
same number of digits, or when its enclosure excludes the reference.

Usage:  scripts/adversarial.py [--cases N] [--seed S] [--bin target/release/infocert]
Exit status 0 iff no case is wrong. The last line prints the counts.
"""

import _venv  # noqa: E402

_venv.ensure()

import argparse
import json
import random
import subprocess
import sys

sys.set_int_max_str_digits(0)
from fractions import Fraction

from mpmath import mp, mpf, log, sqrt, fsum, power, nstr  # noqa: E402

MEASURES = ["entropy", "cross-entropy", "kl", "gkl", "jsd", "tv", "hellinger", "chi2", "renyi"]


def frac_text(f: Fraction) -> str:
    return f"{f.numerator}/{f.denominator}"


def rand_entry(rng: random.Random):
    """An extreme positive entry as (text, exact Fraction)."""
    kind = rng.randrange(7)
    if kind == 0:  # subnormal double, as a hex float
        m = rng.randrange(1, 1 << 20)
        return f"0x{m:x}p-1074", Fraction(m, 1 << 1074)
    if kind == 1:  # 5e-324-like decimal, exact
        e = rng.choice([300, 308, 320, 324, 400, 1000, 5000])
        d = rng.randrange(1, 10)
        return f"{d}e-{e}", Fraction(d, 10**e)
    if kind == 2:  # long mantissa
        n = rng.randrange(20, 400)
        digits = "".join(rng.choice("0123456789") for _ in range(n))
        return "0.0" + digits, Fraction(int(digits or "0"), 10 ** (n + 1))
    if kind == 3:  # a fraction with big parts
        a = rng.randrange(1, 10**12)
        b = a + rng.randrange(1, 10**40)
        return f"{a}/{b}", Fraction(a, b)
    if kind == 4:  # near-tie with another entry
        return "1/7", Fraction(1, 7)
    if kind == 5:  # zero
        return "0", Fraction(0)
    k = rng.randrange(1, 60)
    return f"0x1p-{k}", Fraction(1, 1 << k)


def rand_dist(rng: random.Random, n: int):
    while True:
        entries = [rand_entry(rng) for _ in range(n - 1)]
        s = sum(f for _, f in entries)
        if s < 1:
            rest = 1 - s
            entries.append((frac_text(rest), rest))
            rng.shuffle(entries)
            return entries


def rand_alpha(rng: random.Random):
    kind = rng.randrange(6)
    if kind == 0:
        return "1/1000000", Fraction(1, 10**6)
    if kind == 1:
        d = rng.choice([10**9, 10**6])
        return f"{d + 1}/{d}", Fraction(d + 1, d)
    if kind == 2:
        d = rng.choice([10**9, 10**6])
        return f"{d - 1}/{d}", Fraction(d - 1, d)
    if kind == 3:
        a = rng.choice([1000, 10**6, 10**9, 1100000, 123456789])
        return str(a), Fraction(a)
    if kind == 4:
        return "3/10", Fraction(3, 10)
    return "5/2", Fraction(5, 2)


def M(f: Fraction):
    return mpf(f.numerator) / mpf(f.denominator)


def reference(measure, p, q, alpha):
    """The value at the current mp.dps; None for +inf."""
    P = [M(x) for x in p]
    Q = [M(x) for x in q] if q is not None else None
    if measure == "entropy":
        return -fsum(x * log(x) for x in P if x > 0)
    if measure == "cross-entropy":
        if any(x > 0 and y == 0 for x, y in zip(P, Q)):
            return None
        return -fsum(x * log(y) for x, y in zip(P, Q) if x > 0)
    if measure in ("kl", "gkl"):
        if any(x > 0 and y == 0 for x, y in zip(P, Q)):
            return None
        v = fsum(x * log(x / y) for x, y in zip(P, Q) if x > 0)
        if measure == "gkl":
            v += fsum(y - x for x, y in zip(P, Q))
        return v
    if measure == "jsd":
        t = []
        for x, y in zip(P, Q):
            m = (x + y) / 2
            if x > 0:
                t.append(x * log(x / m) / 2)
            if y > 0:
                t.append(y * log(y / m) / 2)
        return fsum(t)
    if measure == "tv":
        return fsum(abs(x - y) for x, y in zip(P, Q)) / 2
    if measure == "hellinger":
        return sqrt(fsum((sqrt(x) - sqrt(y)) ** 2 for x, y in zip(P, Q)) / 2)
    if measure == "chi2":
        if any(x > 0 and y == 0 for x, y in zip(P, Q)):
            return None
        return fsum((x - y) ** 2 / y for x, y in zip(P, Q) if y > 0)
    if measure == "renyi":
        a = M(alpha)
        if a > 1 and any(x > 0 and y == 0 for x, y in zip(P, Q)):
            return None
        # log-sum-exp at high precision (mpmath's exponent range is unbounded)
        ls = [a * log(x) + (1 - a) * log(y) for x, y in zip(P, Q) if x > 0 and y > 0]
        if not ls:
            return None  # no common support, α < 1: ln 0/(α − 1) = +∞
        m = max(ls)
        return (m + log(fsum(mp.exp(v - m) for v in ls))) / (a - 1)
    raise ValueError(measure)


def round_digits(v, digits):
    """v rounded to `digits` significant digits, as infocert prints it (mantissa digits, exponent)."""
    if v == 0:
        return "0"
    return nstr(v, digits, strip_zeros=False, min_fixed=1, max_fixed=0)


def sig_key(text: str):
    """(sign, digit string, decimal exponent) of a decimal string, for comparison."""
    t = text.strip().lower()
    neg = t.startswith("-")
    t = t.lstrip("+-")
    if "e" in t:
        mant, e = t.split("e")
        e = int(e)
    else:
        mant, e = t, 0
    if "." in mant:
        ip, fp = mant.split(".")
    else:
        ip, fp = mant, ""
    digits = (ip + fp).lstrip("0")
    lead = len(ip + fp) - len((ip + fp).lstrip("0"))
    exp10 = e + len(ip) - lead  # value = 0.digits × 10^exp10
    return neg, digits.rstrip("0") or "0", exp10 if digits else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--bin", default="target/release/infocert")
    ap.add_argument("--digits", type=int, default=25)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    counts = {"tried": 0, "agree": 0, "uncertified": 0, "unstable": 0, "rejected": 0, "wrong": 0}
    for i in range(args.cases):
        measure = MEASURES[i % len(MEASURES)]
        n = rng.randrange(2, 6)
        p = rand_dist(rng, n)
        q = rand_dist(rng, n) if measure != "entropy" else None
        alpha = rand_alpha(rng) if measure == "renyi" else None
        cmd = [args.bin, "eval", measure, "--p", ",".join(t for t, _ in p)]
        if q is not None:
            cmd += ["--q", ",".join(t for t, _ in q)]
        if alpha is not None:
            cmd += ["--alpha", alpha[0]]
        cmd += ["--digits", str(args.digits), "--json"]
        counts["tried"] += 1
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            print(f"case {i}: TIMEOUT {' '.join(cmd)[:300]}")
            counts["wrong"] += 1
            continue
        if r.returncode == 2:
            counts["rejected"] += 1
            print(f"case {i}: rejected: {r.stderr.strip()[:200]}")
            continue
        if r.returncode != 0:
            print(f"case {i}: exit {r.returncode}: {r.stderr.strip()[:300]}")
            counts["wrong"] += 1
            continue
        out = json.loads(r.stdout)
        pf = [f for _, f in p]
        qf = [f for _, f in q] if q is not None else None
        af = alpha[1] if alpha else None
        refs = []
        # enough digits to see every input exactly: 1 − 10^-5000 needs 5000 of them
        size = max(len(str(f.denominator)) + len(str(f.numerator)) for f in pf + (qf or []))
        base_dps = max(1200, 2 * size + 100)
        for dps in (base_dps, 2 * base_dps):
            mp.dps = dps
            refs.append(reference(measure, pf, qf, af))
        if refs[0] is None or refs[1] is None:
            ok = out["decimal"] == "inf" and refs[0] is None and refs[1] is None
            counts["agree" if ok else "wrong"] += 1
            if not ok:
                print(f"case {i}: WRONG expected inf, got {out['decimal']}: {' '.join(cmd)[:300]}")
            continue
        got_digits = out["digits"]
        if got_digits == 0:
            counts["uncertified"] += 1
            continue
        mp.dps = 2 * base_dps
        want = [sig_key(round_digits(v, got_digits)) for v in refs]
        if want[0] != want[1]:
            counts["unstable"] += 1
            continue
        got = sig_key(out["decimal"])
        lo, hi = out.get("enclosure") or [None, None]
        inside = True
        if lo is not None:
            # the reference carries a relative error ~10^-(2·base_dps) (the decimal ends of an
            # exact value's enclosure equal it): allow that much, nothing more
            slack = abs(refs[1]) * mpf(10) ** -(2 * base_dps - 400)
            inside = mpf(lo) - slack <= refs[1] <= mpf(hi) + slack
        if got == want[1] and inside:
            counts["agree"] += 1
        else:
            counts["wrong"] += 1
            print(
                f"case {i}: WRONG {measure}: got {out['decimal']} (enclosure {lo}, {hi}), "
                f"reference {nstr(refs[1], got_digits + 5)}\n  {' '.join(cmd)[:400]}"
            )
    print(
        "adversarial campaign: {tried} cases tried, {agree} agree, {wrong} wrong, "
        "{uncertified} with no certified digit, {rejected} rejected as bad input, "
        "{unstable} with an unstable reference".format(**counts)
    )
    sys.exit(1 if counts["wrong"] else 0)


if __name__ == "__main__":
    main()
