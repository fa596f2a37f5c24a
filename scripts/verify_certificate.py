#!/usr/bin/env python3
"""Independent checker for `infocert prove --certificate` files.

Pure Python, exact fractions, no third-party modules. It recomputes every
elemental inequality from its description (never trusting stored vectors for
them) and checks, coefficient by coefficient over the joint entropies h(S):

* proved: each goal vector equals (lhs - rhs) or (rhs - lhs) as the relation
  demands; goal = sum(lambda * elemental) + sum(mu * constraint) exactly;
  lambda >= 0; mu >= 0 on inequality constraints.
* refuted / not_shannon_provable: the point satisfies every elemental
  inequality of the n variables and every constraint, and goal . h < 0; for a
  distribution (XOR forms of independent uniform bits) the entropies are
  recomputed as GF(2) ranks and must violate the goal too.

The constraint vectors are taken from the certificate (this script does not
parse the constraint text). Usage: verify_certificate.py CERT.json...
Exit 0 if every certificate checks, 1 otherwise.
"""
import json
import sys
from fractions import Fraction
from itertools import combinations


def fail(msg):
    raise ValueError(msg)


def key(names):
    return frozenset(names)


def vec(obj, variables):
    out = {}
    for k, v in obj.items():
        s = key(k.split(","))
        if not s or not s <= set(variables):
            fail(f"bad coordinate {k!r}")
        out[s] = out.get(s, Fraction(0)) + Fraction(v)
    return {k: v for k, v in out.items() if v != 0}


def add(acc, v, c):
    for k, x in v.items():
        acc[k] = acc.get(k, Fraction(0)) + c * x
    return acc


def clean(v):
    return {k: x for k, x in v.items() if x != 0}


def h_term(s):
    return {} if not s else {frozenset(s): Fraction(1)}


def cond_mi(a, b, c):
    """I(A;B|C) as a vector over h(S); h(empty) = 0."""
    v = {}
    add(v, h_term(a | c), 1)
    add(v, h_term(b | c), 1)
    add(v, h_term(a | b | c), -1)
    add(v, h_term(c), -1)
    return clean(v)


def cond_h(a, c):
    v = {}
    add(v, h_term(a | c), 1)
    add(v, h_term(c), -1)
    return clean(v)


def all_elementals(variables):
    n = set(variables)
    out = []
    for i in variables:
        out.append(cond_h({i}, n - {i}))
    for i, j in combinations(variables, 2):
        rest = sorted(n - {i, j})
        for r in range(len(rest) + 1):
            for k in combinations(rest, r):
                out.append(cond_mi({i}, {j}, set(k)))
    return out


def elemental(e, variables):
    vs = set(variables)
    cond = set(e["cond"])
    if not cond <= vs or e["i"] not in vs or e["i"] in cond:
        fail(f"bad elemental {e}")
    if e["kind"] == "H":
        return cond_h({e["i"]}, cond)
    if e["kind"] == "I":
        if e["j"] not in vs or e["j"] in cond or e["j"] == e["i"]:
            fail(f"bad elemental {e}")
        return cond_mi({e["i"]}, {e["j"]}, cond)
    fail(f"unknown elemental kind {e['kind']!r}")


def dot(v, h):
    return sum((c * h.get(k, Fraction(0)) for k, c in v.items()), Fraction(0))


def gf2_rank(vectors):
    basis = []
    for v in vectors:
        for b in basis:
            v = min(v, v ^ b)
        if v:
            basis.append(v)
    return len(basis)


def check(cert):
    variables = cert["variables"]
    if not variables or len(set(variables)) != len(variables):
        fail("bad variable list")
    lhs, rhs = vec(cert["lhs"], variables), vec(cert["rhs"], variables)
    rel = cert["relation"]
    d_lr = clean(add(dict(lhs), rhs, -1))
    d_rl = clean(add(dict(rhs), lhs, -1))
    wanted = {"<=": [d_rl], ">=": [d_lr], "=": [d_lr, d_rl]}[rel]
    cons = [(vec(c["vector"], variables), c["kind"]) for c in cert["constraints"]]
    verdict = cert["verdict"]
    if verdict == "proved":
        goals = cert["goals"]
        if len(goals) != len(wanted):
            fail("wrong number of goals")
        for g, w in zip(goals, wanted):
            if vec(g["vector"], variables) != w:
                fail("goal vector does not match the claim")
            acc = {}
            for e in g["elemental"]:
                lam = Fraction(e["multiplier"])
                if lam < 0:
                    fail("negative elemental multiplier")
                add(acc, elemental(e, variables), lam)
            for c in g["constraints"]:
                mu = Fraction(c["multiplier"])
                v, kind = cons[c["index"]]
                if kind == "ge" and mu < 0:
                    fail("negative multiplier on an inequality constraint")
                add(acc, v, mu)
            if clean(acc) != w:
                fail("multipliers do not reproduce the goal")
        return "proved"
    if verdict in ("refuted", "not_shannon_provable"):
        goal = vec(cert["goal"], variables)
        if goal not in wanted:
            fail("goal vector does not match the claim")
        h = vec(cert["point"], variables)
        for e in all_elementals(variables):
            if dot(e, h) < 0:
                fail("point violates an elemental inequality")
        for v, kind in cons:
            x = dot(v, h)
            if (kind == "eq" and x != 0) or (kind == "ge" and x < 0):
                fail("point violates a constraint")
        if dot(goal, h) >= 0:
            fail("point does not violate the claim")
        dist = cert.get("distribution")
        if dist is not None:
            forms = dist["forms"]
            hd = {}
            for r in range(1, len(variables) + 1):
                for s in combinations(variables, r):
                    hd[frozenset(s)] = Fraction(gf2_rank([f for x in s for f in forms[x]]))
            if vec(dist["entropies_bits"], variables) != clean(hd):
                fail("distribution entropies are wrong")
            if dot(goal, hd) >= 0:
                fail("distribution does not violate the claim")
            if Fraction(dist["lhs_bits"]) != dot(lhs, hd) or Fraction(dist["rhs_bits"]) != dot(rhs, hd):
                fail("distribution values are wrong")
        elif verdict == "refuted" and (len(variables) > 3 or cons):
            fail("refuted without a distribution needs n <= 3 and no constraints")
        return verdict
    fail(f"unknown verdict {verdict!r}")


def main(paths):
    ok = True
    for p in paths:
        try:
            with open(p) as f:
                v = check(json.load(f))
            print(f"ok   {p}: {v}")
        except (ValueError, KeyError, TypeError, IndexError, ZeroDivisionError) as e:
            ok = False
            print(f"FAIL {p}: {e}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
