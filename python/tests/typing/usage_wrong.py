"""Wrong uses of the public API: mypy --strict must flag every line marked ``# E``."""

from __future__ import annotations

import numpy as np

import infocert
from infocert import scipy as iscipy

p = np.array([0.1, 0.9])
infocert.kl(p)  # E: missing q
infocert.kl(p, p, engine="fast")  # E: engine is "float" or "exact"
infocert.kl(p, p, semantics="normalised")  # E: a misspelt semantics
infocert.kl(p, p, 2)  # E: keywords are keyword-only
infocert.kl(p, p, digit=30)  # E: no such keyword
infocert.entropy(p, base="two")  # E: base is e, 2 or 10
bound: str = infocert.kl(p, p).err_bound  # E: a bound is a float or an array
text: int = infocert.kl(p, p).digits(30)  # E: digits are a string
infocert.check("KL(P||Q) >= 0", 50)  # E: cases is keyword-only
flag: str = infocert.check("KL(P||Q) >= 0").holds  # E: holds is a bool
iscipy.jensenshannon(p, p, 2, 0)  # E: axis is keyword-only
infocert.renyi(p, p)  # E: missing alpha
