#!/usr/bin/env python3
"""Independent re-check of normal-form certificates of `infocert prove`.

Pure Python, exact fractions, no third-party modules. A normal-form
certificate (`"kind": "normal_form"`, from `infocert prove "<identity>"
--certificate F`) or a proof-file certificate (`"kind": "proof_files"`, from
`infocert prove proofs/ --certificate F`) lists, for every relation checked,
the canonical term lists of both sides (coefficient, summed indices, factors
with exponents) and their difference. This script re-derives, with its own
arithmetic:

* that every term is well formed (a rational coefficient, distinct summed
  indices, integer non-zero exponents);
* lhs - rhs, collected over identical terms, equals the recorded difference;
* for a "proved" certificate, that difference is empty (the two canonical
  term lists are equal as multisets with coefficients).

What it does not re-check: the expansion of the measures into these term
lists (that is infocert's normal form, src/prove/normal.rs).

Usage: verify_normal_certificate.py CERT.json...  Exit 0 if all check, 1 otherwise.
"""
import json
import sys
from fractions import Fraction


def fail(msg):
    raise ValueError(msg)


def terms(lst):
    acc = {}
    for t in lst:
        coef = Fraction(t["coef"])
        sums = tuple(t["sums"])
        if len(set(sums)) != len(sums):
            fail(f"repeated summed index in {t}")
        factors = []
        for atom, exp in t["factors"]:
            if not isinstance(exp, int) or exp == 0:
                fail(f"bad exponent in {t}")
            factors.append((atom, exp))
        key = (sums, tuple(sorted(factors)))
        acc[key] = acc.get(key, Fraction(0)) + coef
    return {k: v for k, v in acc.items() if v != 0}


def check_relation(rel, proved):
    lhs, rhs = terms(rel["lhs_normal"]), terms(rel["rhs_normal"])
    diff = dict(lhs)
    for k, v in rhs.items():
        diff[k] = diff.get(k, Fraction(0)) - v
    diff = {k: v for k, v in diff.items() if v != 0}
    if diff != terms(rel["difference"]):
        fail(f"recorded difference is wrong for {rel['lhs']} = {rel['rhs']}")
    if proved and diff:
        fail(f"not equal: {rel['lhs']} = {rel['rhs']}")


def check(cert):
    kind = cert.get("kind")
    if kind == "normal_form":
        proved = cert["verdict"] == "proved"
        if proved and not cert["relations"]:
            fail("a proved certificate without relations")
        for rel in cert["relations"]:
            check_relation(rel, proved)
        return len(cert["relations"])
    if kind == "proof_files":
        n = 0
        for f in cert["files"]:
            for claim in f["claims"]:
                if not claim["steps"]:
                    fail(f"{f['file']}: claim without steps")
                for step in claim["steps"]:
                    for rel in step["relations"]:
                        check_relation(rel, cert["verdict"] == "proved")
                        n += 1
        return n
    fail(f"not a normal-form certificate (kind {kind!r})")


def main(paths):
    ok = True
    for p in paths:
        try:
            with open(p, encoding="utf-8") as fh:
                n = check(json.load(fh))
            print(f"{p}: ok ({n} relations re-checked)")
        except (ValueError, KeyError, TypeError, json.JSONDecodeError) as e:
            print(f"{p}: REJECTED: {e}")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
