"""Type stubs of the native module ``infocert._infocert`` (python/src/lib.rs).

Private: the public API is :mod:`infocert`; these signatures let mypy check the
package against what the extension really accepts (``stubtest`` in the tests).
"""

from typing import Dict, List, Optional, Tuple

import numpy as np
import numpy.typing as npt

__all__ = [
    "InfocertError",
    "__version__",
    "float_vec",
    "float_eval",
    "nearest_eval",
    "exact_eval",
    "check",
    "vectors",
    "conform",
    "measure_names",
]

__version__: str

class InfocertError(ValueError):
    """An invalid input or request; the message is the CLI's one-line error."""

_F64 = npt.NDArray[np.float64]

def float_vec(
    measure_name: str,
    p: object,
    q: Optional[object] = None,
    correctly_rounded: bool = False,
) -> Optional[Tuple[float, float]]: ...
def float_eval(
    measure_name: str,
    p: Optional[_F64] = None,
    q: Optional[_F64] = None,
    joint: Optional[_F64] = None,
    alpha_text: Optional[str] = None,
    correctly_rounded: bool = False,
) -> Tuple[_F64, _F64]: ...
def nearest_eval(
    measure_name: str,
    p: Optional[_F64] = None,
    q: Optional[_F64] = None,
    joint: Optional[_F64] = None,
    alpha_text: Optional[str] = None,
    base: str = "e",
    semantics_name: str = "normalized",
) -> Tuple[_F64, _F64, List[Optional[str]]]: ...
def exact_eval(
    measure_name: str,
    p: Optional[List[str]] = None,
    q: Optional[List[str]] = None,
    joint: Optional[List[List[str]]] = None,
    alpha_text: Optional[str] = None,
    base: str = "e",
    digits: int = 17,
    semantics_name: str = "as_given",
    round_inputs_to_f64: bool = False,
) -> str: ...
def check(claim: str, cases: int = 200, seed: Optional[int] = None) -> str: ...
def vectors() -> str: ...
def conform(
    results: Dict[str, float],
    max_ulps: int = 0,
    measures: List[str] = ...,
    xfail: List[str] = ...,
    semantics_name: Optional[str] = None,
    bases: List[str] = ...,
) -> str: ...
def measure_names() -> List[str]: ...
