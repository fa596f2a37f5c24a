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

For a proof-file step justified by lemma instances (`"lemmas"` present), it
also re-checks, from its own table of the lemmas (LEMMAS below):

* the lemma is known, and its contribution text is the lemma's template
  filled with the instance's arguments (so the certificate cannot swap in a
  different inequality);
* the step's checking identity is `(B) - (A) = c1 + c2 + ...` (`(A) - (B)`
  for `>=`, `>`) with those contributions, and the sum of the contributions'
  recorded normal forms is the identity's right-hand normal form;
* every side condition the lemma requires is recorded for the right
  argument, with the right kind, and its normal form satisfies it:
  non-negative (terms grouped by everything but one parameter `l in (0,1)`
  of the claim's `where` clause, each group a product of positive atoms
  times a polynomial in `l` whose Bernstein coefficients are >= 0),
  positive (the same, not the empty sum), a probability (one entry of a
  name not declared `vector`/`positive`), or a weight summing to 1 (the
  normal form of the sum is the constant 1);
* a strict step (`<`, `>`) uses a strict lemma (`ceil-lt`, positive weight).

For a proved proof-file certificate it re-checks each claim's chain: every
step's relation composes to the claim's (a strict claim has a strict step),
a rewrite step's identity is `lhs = rhs`, and consecutive sides (claim's
left side, each step's sides, claim's right side) are the same text or a
recorded link identity whose normal forms are equal.

What it does not re-check: the expansion of the measures and of the lemma
contributions into these term lists (that is infocert's normal form,
src/prove/normal.rs), nor that the recorded claim sides are the claim's.

Usage: verify_normal_certificate.py CERT.json...  Exit 0 if all check, 1 otherwise.
"""
import json
import re
import sys
from fractions import Fraction
from math import comb


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


def split_top(text):
    """Split at commas outside parentheses and brackets."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return [x.strip() for x in out]


def parse_instance(text):
    """`name(k = v, ..., over i j, sum i)` -> (name, args, over, summed)."""
    m = re.fullmatch(r"\s*([a-z0-9-]+)\((.*)\)\s*", text, re.S)
    if not m:
        fail(f"not a lemma instance: {text}")
    name, args, over, summed = m.group(1), {}, [], None
    for a in split_top(m.group(2)):
        if a.startswith("over "):
            over = a[5:].split()
        elif a.startswith("sum "):
            summed = a[4:].strip()
        elif "=" in a:
            k, v = a.split("=", 1)
            args[k.strip()] = v.strip()
        else:
            fail(f"bad argument {a!r} in {text}")
    args.setdefault("w", "1")
    return name, args, over, summed


def wrap(body, over):
    for i in reversed(over):
        body = f"sum_{i}({body})"
    return body


# name -> (strict, contribution template, [(kind, argument template)], extra free index)
# Templates use the instance's arguments: {x}, {w}, {p}, {a}, {b}, {a1}, ...; the
# contribution (before wrapping in the sums over `over`) is non-negative by the lemma
# once the side conditions hold, positive for a strict lemma.
LEMMAS = {
    # ln x <= x - 1 for x > 0
    "ln-le": (False, "({w})*(({x}) - 1 - ln({x}))", [("nonneg", "{w}"), ("positive", "{x}")]),
    # ln x >= 0 for x >= 1
    "ln-ge-0": (False, "({w})*ln({x})", [("nonneg", "{w}"), ("nonneg", "({x}) - 1")]),
    "nonneg": (False, "({w})", [("nonneg", "{w}")]),
    # p <= 1 for an entry of a distribution
    "prob-le-1": (False, "({w})*(1 - ({p}))", [("nonneg", "{w}"), ("probability", "{p}")]),
    # the log-sum inequality, summed index {i}
    "log-sum": (
        False,
        "sum_{i}(({a})*ln(({a})/({b}))) - sum_{i}({a})*(ln(sum_{i}({a})) - ln(sum_{i}({b})))",
        [("positive", "{a}"), ("positive", "{b}")],
    ),
    # the log-sum inequality for two terms
    "log-sum-2": (
        False,
        "({a1})*(ln({a1}) - ln({b1})) + ({a2})*(ln({a2}) - ln({b2})) - (({a1}) + ({a2}))*(ln(({a1}) + ({a2})) - ln(({b1}) + ({b2})))",
        [("positive", "{a1}"), ("positive", "{b1}"), ("positive", "{a2}"), ("positive", "{b2}")],
    ),
    # Jensen for the concave ln (special form: see contribution())
    "jensen-ln": (False, None, [("nonneg", "{w}"), ("positive", "{x}"), ("sum_one", "{w}")]),
    # ceil(x) >= x
    "ceil-ge": (False, "({w})*(ceil({x}) - ({x}))", [("nonneg", "{w}")]),
    # ceil(x) < x + 1
    "ceil-lt": (True, "({w})*(({x}) + 1 - ceil({x}))", [("positive", "{w}")]),
}


def contribution(name, args, over, summed):
    """The lemma's contribution for these arguments, and whether it is strict."""
    strict, template, _ = LEMMAS[name]
    try:
        if name == "jensen-ln":
            # ln(sum w x) - sum w ln x, the sums over all of `over`
            if not over:
                fail("jensen-ln without `over`")
            text = "ln({}) - {}".format(
                wrap("({w})*({x})".format(**args), over),
                wrap("({w})*ln({x})".format(**args), over),
            )
            return text, strict
        return wrap(template.format(i=summed, **args), over), strict
    except KeyError as e:
        fail(f"{name}: missing argument {e}")


def unit_params(where):
    """Parameters declared `l in (0,1)` in a `where` clause."""
    return set(re.findall(r"([^\s,:]+)\s+in\s+\(\s*0\s*,\s*1\s*\)", where))


def positive_atom(atom, units):
    if atom in units or atom == "n":
        return True
    if re.fullmatch(r"[^\s()\[\]]+\[[^\]]*\]", atom):  # an entry: positive on the domain
        return True
    if re.fullmatch(r"sum\([^()]*\)", atom):
        return True
    m = re.fullmatch(r"ln\((\d+)\)", atom)
    return bool(m) and int(m.group(1)) >= 2


def bernstein_ok(poly):
    """All Bernstein coefficients of sum_k a_k l^k (degree max k) are >= 0."""
    d = max(poly) if poly else 0
    for j in range(d + 1):
        b = sum(
            (Fraction(comb(j, k), comb(d, k)) * poly.get(k, Fraction(0)) for k in range(j + 1)),
            Fraction(0),
        )
        if b < 0:
            return False
    return True


def nonneg_form(lst, units):
    groups = {}
    for t in lst:
        coef = Fraction(t["coef"])
        rest, unit, deg = [], None, 0
        for atom, exp in t["factors"]:
            if atom in units:
                if unit is not None and unit != atom:
                    return False
                unit, deg = atom, exp
            elif positive_atom(atom, units):
                rest.append((atom, exp))
            else:
                return False
        if deg < 0:
            return False
        key = (tuple(t["sums"]), tuple(sorted(rest)))
        units_seen, poly = groups.setdefault(key, (set(), {}))
        if unit is not None:
            units_seen.add(unit)
        poly[deg] = poly.get(deg, Fraction(0)) + coef
    return all(len(u) <= 1 and bernstein_ok(p) for u, p in groups.values())


def side_holds(kind, normal_form, where):
    if normal_form is None:
        return False
    units = unit_params(where)
    if kind == "nonneg":
        return nonneg_form(normal_form, units)
    if kind == "positive":
        return bool(terms(normal_form)) and nonneg_form(normal_form, units)
    if kind == "sum_one":
        return terms(normal_form) == terms([{"coef": "1", "sums": [], "factors": []}])
    if kind == "probability":
        if len(normal_form) != 1:
            return False
        t = normal_form[0]
        if Fraction(t["coef"]) != 1 or t["sums"] or len(t["factors"]) != 1:
            return False
        atom, exp = t["factors"][0]
        m = re.fullmatch(r"([^\s()\[\]]+)\[[^\]]*\]", atom)
        if exp != 1 or not m:
            return False
        declared = re.search(
            r"(?:^|[\s,])" + re.escape(m.group(1)) + r"\s*:\s*(vector|positive)\b", where
        )
        return declared is None
    fail(f"unknown side-condition kind {kind!r}")


def check_lemma_step(step):
    rel = step["relation"]
    if rel not in ("<=", ">=", "<", ">"):
        fail(f"a lemma step with relation {rel!r}")
    where = step.get("where", "")
    contribs, any_strict, total = [], False, {}
    for inst in step["lemmas"]:
        name, args, over, summed = parse_instance(inst["instance"])
        if name != inst["lemma"] or name not in LEMMAS:
            fail(f"unknown lemma {inst['lemma']!r} ({inst['instance']})")
        text, strict = contribution(name, args, over, summed)
        if inst["contribution"] != text:
            fail(f"{inst['instance']}: contribution is not the lemma's: {inst['contribution']}")
        if bool(inst["strict"]) != strict:
            fail(f"{inst['instance']}: wrong strictness")
        free = over + ([summed] if name == "log-sum" else [])
        want = [(k, tpl.format(i=summed, **args)) for k, tpl in LEMMAS[name][2]]
        got = [(sc["kind"], sc["expr"]) for sc in inst["side_conditions"]]
        if got != want:
            fail(f"{inst['instance']}: side conditions {got} are not the lemma's {want}")
        for sc in inst["side_conditions"]:
            if sc["free"] != free:
                fail(f"{inst['instance']}: side condition with free indices {sc['free']}")
            if not side_holds(sc["kind"], sc["normal"], where):
                fail(f"{inst['instance']}: side condition {sc['kind']} fails for {sc['expr']}")
        any_strict |= strict
        contribs.append(text)
        for k, v in terms(inst["contribution_normal"]).items():
            total[k] = total.get(k, Fraction(0)) + v
    if rel in ("<", ">") and not any_strict:
        fail(f"strict step {step['lhs']} {rel} {step['rhs']} without a strict lemma")
    a, b = step["lhs"], step["rhs"]
    gap = f"({b}) - ({a})" if rel in ("<=", "<") else f"({a}) - ({b})"
    if step["identity"] != f"{gap} = {' + '.join(contribs)}{where}":
        fail(f"the checking identity is not gap = contributions: {step['identity']}")
    (identity,) = step["relations"]
    if {k: v for k, v in total.items() if v != 0} != terms(identity["rhs_normal"]):
        fail(f"the contributions' normal forms do not add up to {identity['rhs']}")


COMPOSE = {
    "=": {"="},
    "<=": {"=", "<=", "<"},
    "<": {"=", "<=", "<"},
    ">=": {"=", ">=", ">"},
    ">": {"=", ">=", ">"},
}


def check_chain(where_file, claim):
    """The steps form a chain from the claim's left side to its right side:
    consecutive sides are the same text or a recorded identity whose normal
    forms are equal; the relations compose to the claim's."""
    where = claim["where"]
    crel = claim["relation"]
    if crel not in COMPOSE:
        fail(f"{where_file}: claim relation {crel!r}")
    steps = claim["steps"]
    for st in steps:
        if st["relation"] not in COMPOSE[crel]:
            fail(f"{where_file}: step relation {st['relation']} does not compose to {crel}")
        if "lemmas" not in st:
            if st["relation"] != "=":
                fail(f"{where_file}: an inequality step without lemmas")
            if st["identity"] != f"{st['lhs']} = {st['rhs']}{where}":
                fail(f"{where_file}: the identity of a rewrite step is not lhs = rhs: {st['identity']}")
    if crel in ("<", ">") and not any(st["relation"] in ("<", ">") for st in steps):
        fail(f"{where_file}: a strict claim without a strict step")
    links = {(lk["from"], lk["to"]): lk for lk in claim["links"]}
    ends = [claim["lhs"]]
    for st in steps:
        ends += [st["lhs"], st["rhs"]]
    ends.append(claim["rhs"])
    for a, b in zip(ends[0::2], ends[1::2]):
        if a == b:
            continue
        lk = links.get((a, b))
        if lk is None:
            fail(f"{where_file}: the chain breaks between {a} and {b}")
        if lk["identity"] != f"{a} = {b}{where}":
            fail(f"{where_file}: the link {lk['identity']} is not {a} = {b}")
        for rel in lk["relations"]:
            check_relation(rel, True)


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
                if cert["verdict"] == "proved":
                    check_chain(f["file"], claim)
                for step in claim["steps"]:
                    if "lemmas" in step:
                        check_lemma_step(step)
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
