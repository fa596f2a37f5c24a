"""Type stubs of the native module ``infocert._infocert`` (python/src/lib.rs).

Private: the public API is :mod:`infocert`; these signatures let mypy check the
package against what the extension really accepts (``stubtest`` in the tests).
"""

from typing import Any, Dict, List, Optional, Sequence, Tuple, Union, final

from typing_extensions import Self

from types import ModuleType

import numpy as np
import numpy.typing as npt

from infocert import ArrayLike, BaseArg, Engine, SemanticsName

__all__ = [
    "InfocertError",
    "Result",
    "__version__",
    "float_vec",
    "bind_lean",
    "entropy",
    "cross_entropy",
    "kl",
    "gkl",
    "jsd",
    "js_distance",
    "tv",
    "hellinger",
    "chi2",
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
_Value = Union[float, _F64]

@final
class Result:
    """A certified value (see ``infocert.Result``)."""

    def __new__(
        cls,
        measure: str,
        value: _Value,
        err_bound: _Value,
        *,
        engine: str,
        correctly_rounded: bool = False,
        semantics: Optional[str] = None,
        base: Optional[str] = None,
        request: Any = None,
        evaluation: Optional[Dict[str, Any]] = None,
        warnings: Optional[Sequence[str]] = None,
    ) -> Self: ...
    @property
    def measure(self) -> str: ...
    @property
    def value(self) -> _Value: ...
    @property
    def err_bound(self) -> _Value: ...
    @property
    def engine(self) -> str: ...
    @property
    def correctly_rounded(self) -> bool: ...
    @property
    def semantics(self) -> str: ...
    @property
    def base(self) -> str: ...
    @property
    def warnings(self) -> Sequence[str]: ...
    _request: Any
    _evaluation: Optional[Dict[str, Any]]
    @property
    def interval(self) -> Tuple[Any, Any]: ...
    def digits(self, n: int = 17) -> str: ...
    @property
    def closed_form(self) -> Optional[str]: ...
    @property
    def evaluation(self) -> Dict[str, Any]: ...
    def __float__(self) -> float: ...

def float_vec(
    measure_name: str,
    p: object,
    q: Optional[object] = None,
    correctly_rounded: bool = False,
) -> Optional[Result]: ...
def bind_lean(m: ModuleType) -> None: ...
def entropy(
    p: ArrayLike,
    *,
    engine: Optional[Engine] = None,
    correctly_rounded: bool = False,
    semantics: SemanticsName = "as_given",
    base: BaseArg = None,
    digits: int = 17,
    axis: int = 0,
) -> Result: ...
def cross_entropy(
    p: ArrayLike,
    q: ArrayLike,
    *,
    engine: Optional[Engine] = None,
    correctly_rounded: bool = False,
    semantics: SemanticsName = "as_given",
    base: BaseArg = None,
    digits: int = 17,
    axis: int = 0,
) -> Result: ...
def kl(
    p: ArrayLike,
    q: ArrayLike,
    *,
    engine: Optional[Engine] = None,
    correctly_rounded: bool = False,
    semantics: SemanticsName = "as_given",
    base: BaseArg = None,
    digits: int = 17,
    axis: int = 0,
) -> Result: ...
def gkl(
    p: ArrayLike,
    q: ArrayLike,
    *,
    engine: Optional[Engine] = None,
    correctly_rounded: bool = False,
    semantics: SemanticsName = "as_given",
    base: BaseArg = None,
    digits: int = 17,
    axis: int = 0,
) -> Result: ...
def jsd(
    p: ArrayLike,
    q: ArrayLike,
    *,
    engine: Optional[Engine] = None,
    correctly_rounded: bool = False,
    semantics: SemanticsName = "as_given",
    base: BaseArg = None,
    digits: int = 17,
    axis: int = 0,
) -> Result: ...
def js_distance(
    p: ArrayLike,
    q: ArrayLike,
    *,
    engine: Optional[Engine] = None,
    correctly_rounded: bool = False,
    semantics: SemanticsName = "as_given",
    base: BaseArg = None,
    digits: int = 17,
    axis: int = 0,
) -> Result: ...
def tv(
    p: ArrayLike,
    q: ArrayLike,
    *,
    engine: Optional[Engine] = None,
    correctly_rounded: bool = False,
    semantics: SemanticsName = "as_given",
    base: BaseArg = None,
    digits: int = 17,
    axis: int = 0,
) -> Result: ...
def hellinger(
    p: ArrayLike,
    q: ArrayLike,
    *,
    engine: Optional[Engine] = None,
    correctly_rounded: bool = False,
    semantics: SemanticsName = "as_given",
    base: BaseArg = None,
    digits: int = 17,
    axis: int = 0,
) -> Result: ...
def chi2(
    p: ArrayLike,
    q: ArrayLike,
    *,
    engine: Optional[Engine] = None,
    correctly_rounded: bool = False,
    semantics: SemanticsName = "as_given",
    base: BaseArg = None,
    digits: int = 17,
    axis: int = 0,
) -> Result: ...
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
