//! `infocert._infocert`: the native half of the Python package.
//!
//! Thin wrappers over the public Rust API of `infocert`; the Python
//! package (`python/infocert/`) shapes arguments (axes, dtypes, exact
//! inputs) and builds result objects. Every entry point releases the GIL
//! while computing and catches panics at the boundary, so no input can
//! abort the interpreter.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use infocert::conformance::parse_vectors;
use infocert::conformance::{conform as grade, CaseSemantics, Filter, Options};
use infocert::dist::{parse_list, Semantics};
use infocert::eval::{evaluate, Request};
use infocert::exact::Base;
use infocert::float::{self, sum::exact_sum, Approx};
use infocert::measures::{Alpha, Args, Joint, Measure};
use infocert::num::{f64_to_q, Q};
use std::os::raw::c_int;

use numpy::npyffi::NPY_TYPES;
use numpy::{
    PyArray1, PyArrayDescrMethods, PyArrayMethods, PyReadonlyArray2, PyReadonlyArray3,
    PyUntypedArray, PyUntypedArrayMethods,
};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::type_object::PyTypeInfo;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString, PyTuple};
use rayon::prelude::*;

// shown as `infocert.InfocertError` (where users import it from)
create_exception!(
    infocert,
    InfocertError,
    PyValueError,
    "An invalid input or request; the message is the CLI's one-line error."
);

/// The committed conformance vectors (`tests/data/vectors.jsonl`).
const VECTORS: &str = include_str!("../../tests/data/vectors.jsonl");

fn err(msg: impl std::fmt::Display) -> PyErr {
    InfocertError::new_err(msg.to_string())
}

/// Run `f`, turning a panic into an [`InfocertError`] (last resort: no
/// input should reach a panic, but none may abort the interpreter).
fn guard<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => {
            let what = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!(
                "internal error (please report): {what}; the input was rejected"
            ))
        }
    }
}

fn measure(name: &str) -> PyResult<Measure> {
    Measure::parse(name).map_err(err)
}

fn alpha(a: Option<&str>) -> PyResult<Option<Alpha>> {
    a.map(Alpha::parse).transpose().map_err(err)
}

/// Rows of a C-contiguous 2-D array (batch × n).
struct Rows<'a> {
    data: &'a [f64],
    n: usize,
    count: usize,
}

impl<'a> Rows<'a> {
    fn of(a: &'a PyReadonlyArray2<'_, f64>) -> PyResult<Rows<'a>> {
        let shape = a.shape();
        let data = a
            .as_slice()
            .map_err(|_| err("internal: array is not C-contiguous"))?;
        Ok(Rows {
            data,
            n: shape[1],
            count: shape[0],
        })
    }
    fn row(&self, i: usize) -> &'a [f64] {
        &self.data[i * self.n..(i + 1) * self.n]
    }
}

/// Batch × rows × cols joints.
struct Joints<'a> {
    data: &'a [f64],
    rows: usize,
    cols: usize,
    count: usize,
}

impl<'a> Joints<'a> {
    fn of(a: &'a PyReadonlyArray3<'_, f64>) -> PyResult<Joints<'a>> {
        let s = a.shape();
        let data = a
            .as_slice()
            .map_err(|_| err("internal: array is not C-contiguous"))?;
        Ok(Joints {
            data,
            rows: s[1],
            cols: s[2],
            count: s[0],
        })
    }
    fn get(&self, i: usize) -> Joint<'a, f64> {
        let k = self.rows * self.cols;
        Joint {
            flat: &self.data[i * k..(i + 1) * k],
            rows: self.rows,
            cols: self.cols,
        }
    }
}

struct Batch<'a> {
    p: Option<Rows<'a>>,
    q: Option<Rows<'a>>,
    joint: Option<Joints<'a>>,
}

impl<'a> Batch<'a> {
    fn count(&self) -> PyResult<usize> {
        let counts: Vec<usize> = [
            self.p.as_ref().map(|r| r.count),
            self.q.as_ref().map(|r| r.count),
            self.joint.as_ref().map(|j| j.count),
        ]
        .into_iter()
        .flatten()
        .collect();
        match counts.first() {
            None => Ok(1),
            Some(&c) if counts.iter().all(|&x| x == c) => Ok(c),
            _ => Err(err("internal: batch sizes differ")),
        }
    }
    fn args<'b>(&'b self, i: usize, alpha: Option<&'b Alpha>) -> Args<'b, f64> {
        Args {
            p: self.p.as_ref().map(|r| r.row(i)),
            q: self.q.as_ref().map(|r| r.row(i)),
            joint: self.joint.as_ref().map(|j| j.get(i)),
            alpha,
        }
    }
}

/// Inputs with fewer elements than this are computed by the float engine
/// without releasing the GIL: the computation takes less time than releasing
/// and re-acquiring it (the correctly rounded mode always releases it).
const DETACH_MIN: usize = 4096;

/// The float engine on one input: `(value, bound)`. With `correctly_rounded`
/// the value is the double nearest the exact value and the bound the float
/// engine's own (before rounding).
fn float_one(
    m: Measure,
    args: &Args<'_, f64>,
    correctly_rounded: bool,
) -> Result<(f64, f64), String> {
    if correctly_rounded {
        let r = float::evaluate_correctly_rounded_detailed(m, args).map_err(|e| e.to_string())?;
        Ok((r.value, r.float.err))
    } else {
        let r = float::evaluate(m, args).map_err(|e| e.to_string())?;
        Ok((r.value, r.err))
    }
}

/// The request behind a [`Result`], for its exact digits and closed form
/// (made only when asked for).
enum ReqKind {
    /// None (batched results).
    Unset,
    /// The lean path's inputs: seen from Python as `(measure, p, q)`.
    Lean(Py<PyAny>, Option<Py<PyAny>>),
    /// Whatever the Python side stored (a dict).
    Obj(Py<PyAny>),
}

/// A certified value.
///
/// Attributes
/// ----------
/// value : float or numpy.ndarray
///     The double result (an array for batched calls).
/// err_bound : float or numpy.ndarray
///     Rigorous absolute error bound: the exact value lies within ``value ± err_bound``
///     (0 when exact, ``inf`` when no bound could be given).
/// interval : tuple
///     ``(lo, hi)`` doubles enclosing the exact value.
/// correctly_rounded : bool
///     Whether ``value`` is the double nearest the exact value.
/// closed_form : str or None
///     The exact closed form (computed on demand for float results).
/// warnings : sequence of str
///     The CLI's warnings for this evaluation (exact engine).
#[pyclass(module = "infocert", name = "Result")]
struct CertResult {
    measure: Py<PyAny>,
    value: Py<PyAny>,
    err_bound: Py<PyAny>,
    engine: Py<PyAny>,
    correctly_rounded: bool,
    semantics: Py<PyAny>,
    base: Py<PyAny>,
    request: ReqKind,
    evaluation: Option<Py<PyAny>>,
    warnings: Py<PyAny>,
}

/// The Python half of [`CertResult`]'s cold methods (digits, closed forms,
/// array intervals): functions of the `infocert` package, looked up once.
fn helper<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    static PKG: pyo3::sync::PyOnceLock<Py<PyModule>> = pyo3::sync::PyOnceLock::new();
    let m = PKG.get_or_try_init(py, || py.import("infocert").map(Bound::unbind))?;
    m.bind(py).getattr(name)
}

/// `(lo, hi)` of a scalar value and bound, as `Result.interval` computes it
/// for arrays (`nextafter(value ∓ err_bound, ∓inf)`, the value itself when
/// the bound is 0).
fn interval_of(v: f64, e: f64) -> (f64, f64) {
    if e == 0.0 {
        (v, v)
    } else {
        ((v - e).next_down(), (v + e).next_up())
    }
}

#[pymethods]
impl CertResult {
    #[new]
    #[pyo3(signature = (measure, value, err_bound, *, engine, correctly_rounded=false, semantics=None, base=None, request=None, evaluation=None, warnings=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        measure: Py<PyAny>,
        value: Py<PyAny>,
        err_bound: Py<PyAny>,
        engine: Py<PyAny>,
        correctly_rounded: bool,
        semantics: Option<Py<PyAny>>,
        base: Option<Py<PyAny>>,
        request: Option<Py<PyAny>>,
        evaluation: Option<Py<PyAny>>,
        warnings: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let warnings = match warnings {
            None => PyList::empty(py).into_any().unbind(),
            Some(w) => PyList::type_object(py).call1((w,))?.unbind(),
        };
        Ok(CertResult {
            measure,
            value,
            err_bound,
            engine,
            correctly_rounded,
            semantics: semantics
                .unwrap_or_else(|| intern!(py, "as_given").clone().into_any().unbind()),
            base: base.unwrap_or_else(|| intern!(py, "e").clone().into_any().unbind()),
            request: request.map_or(ReqKind::Unset, ReqKind::Obj),
            evaluation,
            warnings,
        })
    }

    /// The measure, as the CLI spells it.
    #[getter]
    fn measure(&self, py: Python<'_>) -> Py<PyAny> {
        self.measure.clone_ref(py)
    }

    /// The double result (an array for batched calls).
    #[getter]
    fn value(&self, py: Python<'_>) -> Py<PyAny> {
        self.value.clone_ref(py)
    }

    /// Rigorous absolute error bound: the exact value lies within ``value ± err_bound``.
    #[getter]
    fn err_bound(&self, py: Python<'_>) -> Py<PyAny> {
        self.err_bound.clone_ref(py)
    }

    /// ``"float"`` or ``"exact"``.
    #[getter]
    fn engine(&self, py: Python<'_>) -> Py<PyAny> {
        self.engine.clone_ref(py)
    }

    /// Whether ``value`` is the double nearest the exact value.
    #[getter]
    fn correctly_rounded(&self) -> bool {
        self.correctly_rounded
    }

    /// ``"as_given"``, ``"as_given_unchecked"`` or ``"normalized"``.
    #[getter]
    fn semantics(&self, py: Python<'_>) -> Py<PyAny> {
        self.semantics.clone_ref(py)
    }

    /// The logarithm base: ``"e"``, ``"2"`` or ``"10"``.
    #[getter]
    fn base(&self, py: Python<'_>) -> Py<PyAny> {
        self.base.clone_ref(py)
    }

    /// The CLI's warnings for this evaluation (exact engine).
    #[getter]
    fn warnings(&self, py: Python<'_>) -> Py<PyAny> {
        self.warnings.clone_ref(py)
    }

    #[getter(_request)]
    fn get_request(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(match &self.request {
            ReqKind::Unset => py.None(),
            ReqKind::Obj(o) => o.clone_ref(py),
            ReqKind::Lean(p, q) => PyTuple::new(
                py,
                [
                    self.measure.clone_ref(py),
                    p.clone_ref(py),
                    q.as_ref().map_or_else(|| py.None(), |q| q.clone_ref(py)),
                ],
            )?
            .into_any()
            .unbind(),
        })
    }

    #[setter(_request)]
    fn set_request(&mut self, r: Py<PyAny>) {
        self.request = ReqKind::Obj(r);
    }

    #[getter(_evaluation)]
    fn get_evaluation(&self, py: Python<'_>) -> Py<PyAny> {
        self.evaluation
            .as_ref()
            .map_or_else(|| py.None(), |e| e.clone_ref(py))
    }

    #[setter(_evaluation)]
    fn set_evaluation(&mut self, e: Py<PyAny>) {
        self.evaluation = Some(e);
    }

    /// ``(lo, hi)``: doubles (arrays for batched results) enclosing the exact value.
    #[getter]
    fn interval<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (v, e) = (self.value.bind(py), self.err_bound.bind(py));
        if let (Ok(v), Ok(e)) = (v.cast_exact::<PyFloat>(), e.cast_exact::<PyFloat>()) {
            let (lo, hi) = interval_of(v.value(), e.value());
            return Ok(PyTuple::new(py, [lo, hi])?.into_any());
        }
        helper(py, "_interval")?.call1((v, e))
    }

    /// ``n`` significant decimal digits of the exact value, every one certified.
    ///
    /// >>> import infocert
    /// >>> infocert.kl([0.1, 0.9], [0.01, 0.99], engine="exact").digits(30)
    /// '0.144479347475512194362242234516'
    #[pyo3(signature = (n=None), text_signature = "(self, n=17)")]
    fn digits<'py>(
        slf: &Bound<'py, Self>,
        n: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let n = n.map_or_else(
            || 17i32.into_pyobject(py).map(|i| i.into_any()),
            |n| Ok(n.clone()),
        )?;
        helper(py, "_result_digits")?.call1((slf, n))
    }

    /// The exact closed form (``'ln 10 − (9/10)·ln 11'``), or None.
    #[getter]
    fn closed_form<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let ev = helper(slf.py(), "_result_evaluation")?.call1((slf,))?;
        ev.call_method1(
            intern!(slf.py(), "get"),
            (intern!(slf.py(), "closed_form"),),
        )
    }

    /// The full JSON object of ``infocert eval --json`` (exact engine).
    #[getter]
    fn evaluation<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        helper(slf.py(), "_result_evaluation")?.call1((slf,))
    }

    fn __float__(&self, py: Python<'_>) -> PyResult<f64> {
        PyFloat::type_object(py)
            .call1((self.value.bind(py),))?
            .extract::<f64>()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let r =
            |o: &Py<PyAny>| -> PyResult<String> { Ok(o.bind(py).repr()?.to_cow()?.into_owned()) };
        let cr = if self.correctly_rounded {
            ", correctly_rounded=True"
        } else {
            ""
        };
        Ok(format!(
            "Result(measure={}, value={}, err_bound={}, engine={}{cr})",
            r(&self.measure)?,
            r(&self.value)?,
            r(&self.err_bound)?,
            r(&self.engine)?
        ))
    }
}

/// `x` as a 1-D C-contiguous, aligned array of `T` (type number `num`),
/// or `None`. A plain `numpy.ndarray` is recognized by its type pointer
/// and its header (cheaper than rust-numpy's general check, which the
/// subclasses take).
fn plain_vec<'a, 'py, T: numpy::Element>(
    x: &'a Bound<'py, PyAny>,
    num: NPY_TYPES,
) -> Option<&'a Bound<'py, PyArray1<T>>> {
    static NDARRAY: pyo3::sync::PyOnceLock<usize> = pyo3::sync::PyOnceLock::new();
    let py = x.py();
    // SAFETY: the array type object of numpy's C API (imported by rust-numpy)
    let nd = *NDARRAY.get_or_init(py, || unsafe {
        numpy::npyffi::get_type_object(py, numpy::npyffi::NpyTypes::PyArray_Type) as usize
    });
    let ok = |a: &Bound<'py, PyUntypedArray>| a.is_c_contiguous() && a.is_aligned();
    if x.get_type_ptr() as usize != nd {
        return x.cast::<PyArray1<T>>().ok().filter(|a| ok(a.as_untyped()));
    }
    // SAFETY: the exact type is numpy.ndarray
    let u = unsafe { x.cast_unchecked::<PyUntypedArray>() };
    let d = u.dtype();
    let native = if cfg!(target_endian = "little") {
        b'<'
    } else {
        b'>'
    };
    let order = d.byteorder();
    if u.ndim() == 1 && ok(u) && d.num() == num as c_int && (order == b'=' || order == native) {
        // SAFETY: a 1-D ndarray whose dtype is `T` in native byte order
        Some(unsafe { x.cast_unchecked::<PyArray1<T>>() })
    } else {
        None
    }
}

/// `x` as a 1-D C-contiguous float64 array, or `None`.
fn vec_f64<'a, 'py>(x: &'a Bound<'py, PyAny>) -> Option<&'a Bound<'py, PyArray1<f64>>> {
    plain_vec(x, NPY_TYPES::NPY_DOUBLE)
}

/// The lean path of `infocert.kl(p, q)` and the other one-vector calls:
/// `p` (and `q`) 1-D C-contiguous float64 arrays of one length, evaluated
/// by the float engine without building any array: the [`CertResult`]
/// (as given, natural log), where with `correctly_rounded` the bound is the
/// rounding's (an ulp of the nearest double, halved where that is a double).
/// `None` when the arguments are anything else: the caller then takes the
/// general path, which converts, broadcasts and names the problem.
#[pyfunction]
#[pyo3(signature = (measure_name, p, q=None, correctly_rounded=false))]
fn float_vec(
    py: Python<'_>,
    measure_name: &Bound<'_, PyString>,
    p: &Bound<'_, PyAny>,
    q: Option<&Bound<'_, PyAny>>,
    correctly_rounded: bool,
) -> PyResult<Option<CertResult>> {
    let m = measure(&measure_name.to_cow()?)?;
    lean_result(py, m, measure_name, p, q, correctly_rounded)
}

/// [`float_vec`] with the measure parsed.
fn lean_result(
    py: Python<'_>,
    m: Measure,
    measure_name: &Bound<'_, PyString>,
    p: &Bound<'_, PyAny>,
    q: Option<&Bound<'_, PyAny>>,
    correctly_rounded: bool,
) -> PyResult<Option<CertResult>> {
    let (v, e) = if let Some(pa) = vec_f64(p) {
        let qa = match q {
            None => None,
            Some(q) => match vec_f64(q) {
                Some(q) if q.len() == pa.len() => Some(q),
                _ => return Ok(None),
            },
        };
        float_slices(py, m, pa, qa, correctly_rounded)?
    } else if let Some(pa) = vec_f32(p) {
        let qa = match q {
            None => None,
            Some(q) => match vec_f32(q) {
                Some(q) if q.len() == pa.len() => Some(q),
                _ => return Ok(None),
            },
        };
        float32_slices(py, m, pa, qa, correctly_rounded)?
    } else {
        return Ok(None);
    };
    Ok(Some(CertResult {
        measure: measure_name.clone().into_any().unbind(),
        value: PyFloat::new(py, v).into_any().unbind(),
        err_bound: PyFloat::new(py, e).into_any().unbind(),
        engine: intern!(py, "float").clone().into_any().unbind(),
        correctly_rounded,
        semantics: intern!(py, "as_given").clone().into_any().unbind(),
        base: intern!(py, "e").clone().into_any().unbind(),
        request: ReqKind::Lean(p.clone().unbind(), q.map(|q| q.clone().unbind())),
        evaluation: None,
        warnings: PyTuple::empty(py).into_any().unbind(),
    }))
}

/// The public one-vector functions (`infocert.kl(p, q, **keywords)`…):
/// with no keyword but `correctly_rounded` (a bool) and float64 vectors,
/// [`lean_result`]; anything else goes to the Python general path
/// (`infocert._lean_general1`/`2`), which checks the keywords and converts,
/// broadcasts or dispatches to the exact engine.
fn lean<'py>(
    py: Python<'py>,
    m: Measure,
    name: &Bound<'py, PyString>,
    p: &Bound<'py, PyAny>,
    q: Option<&Bound<'py, PyAny>>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let cr = match kwargs {
        None => Some(false),
        Some(kw) if kw.is_empty() => Some(false),
        Some(kw) if kw.len() == 1 => kw
            .get_item(intern!(py, "correctly_rounded"))?
            .and_then(|v| v.cast_exact::<PyBool>().ok().map(|b| b.is_true())),
        Some(_) => None,
    };
    if let Some(cr) = cr {
        if let Some(r) = lean_result(py, m, name, p, q, cr)? {
            return Ok(Bound::new(py, r)?.into_any());
        }
    }
    match q {
        Some(q) => helper(py, "_lean_general2")?.call((name, p, q), kwargs),
        None => helper(py, "_lean_general1")?.call((name, p), kwargs),
    }
}

/// Shannon entropy H(P) = −Σ p ln p. Keywords as in :func:`evaluate`.
///
/// >>> import infocert
/// >>> infocert.entropy([0.5, 0.5], correctly_rounded=True).value
/// 0.6931471805599453
/// >>> infocert.entropy(["1/4", "3/4"], base=2).closed_form
/// '2 − (3/4)·log2 3'
#[pyfunction]
#[pyo3(signature = (p, **kwargs), text_signature = "(p, *, engine=None, correctly_rounded=False, semantics='as_given', base=None, digits=17, axis=0)")]
fn entropy<'py>(
    py: Python<'py>,
    p: &Bound<'py, PyAny>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    lean(
        py,
        Measure::Entropy,
        intern!(py, "entropy"),
        p,
        None,
        kwargs,
    )
}

/// Cross-entropy H(P, Q) = −Σ p ln q. Keywords as in :func:`evaluate`.
///
/// >>> import infocert
/// >>> infocert.cross_entropy(["1/2", "1/2"], ["1/4", "3/4"]).closed_form
/// '2·ln 2 − (1/2)·ln 3'
#[pyfunction]
#[pyo3(signature = (p, q, **kwargs), text_signature = "(p, q, *, engine=None, correctly_rounded=False, semantics='as_given', base=None, digits=17, axis=0)")]
fn cross_entropy<'py>(
    py: Python<'py>,
    p: &Bound<'py, PyAny>,
    q: &Bound<'py, PyAny>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    lean(
        py,
        Measure::CrossEntropy,
        intern!(py, "cross-entropy"),
        p,
        Some(q),
        kwargs,
    )
}

/// Kullback–Leibler divergence KL(P‖Q) = Σ p ln(p/q), with a rigorous bound.
///
/// ``p``, ``q``: numpy arrays (float64 read without copying, float32 widened exactly),
/// lists, or exact values (``"1/10"``, ``Fraction``, ``Decimal``, ``int``: the exact engine).
/// The result's ``value`` lies within ``err_bound`` of the exact value on the inputs as
/// given; ``correctly_rounded=True`` returns the double nearest it. A term ``p·ln(p/0)``
/// with ``p > 0`` makes KL ``inf``. Keywords as in :func:`evaluate`; arrays with more
/// than one dimension are batched along ``axis``.
///
/// >>> import numpy as np, infocert
/// >>> p, q = np.array([0.1, 0.9]), np.array([0.01, 0.99])
/// >>> r = infocert.kl(p, q)            # the exact KL of these doubles is within r.interval
/// >>> r.err_bound < 1e-16
/// True
/// >>> infocert.kl(p, q, correctly_rounded=True).value
/// 0.14447934747551225
/// >>> infocert.kl(["1/10", "9/10"], ["1/100", "99/100"]).closed_form
/// 'ln 10 − (9/10)·ln 11'
/// >>> infocert.kl(["1/10", "9/10"], ["1/100", "99/100"]).digits(30)
/// '0.144479347475512194362242234516'
/// >>> infocert.kl([0.5, 0.5], [0.5 + 1e-9, 0.5 - 1e-9], correctly_rounded=True).value
/// 5.75111512291524e-17
/// >>> infocert.kl([0.5, 0.5], [1.0, 0.0]).value
/// inf
#[pyfunction]
#[pyo3(signature = (p, q, **kwargs), text_signature = "(p, q, *, engine=None, correctly_rounded=False, semantics='as_given', base=None, digits=17, axis=0)")]
fn kl<'py>(
    py: Python<'py>,
    p: &Bound<'py, PyAny>,
    q: &Bound<'py, PyAny>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    lean(py, Measure::Kl, intern!(py, "kl"), p, Some(q), kwargs)
}

/// Generalized KL Σ (p ln(p/q) − p + q) (``scipy.special.kl_div`` summed); defined on
/// any non-negative vectors. Keywords as in :func:`evaluate`.
///
/// >>> import infocert
/// >>> infocert.gkl([1.0, 2.0], [2.0, 1.0], correctly_rounded=True).value  # ln 2
/// 0.6931471805599453
#[pyfunction]
#[pyo3(signature = (p, q, **kwargs), text_signature = "(p, q, *, engine=None, correctly_rounded=False, semantics='as_given', base=None, digits=17, axis=0)")]
fn gkl<'py>(
    py: Python<'py>,
    p: &Bound<'py, PyAny>,
    q: &Bound<'py, PyAny>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    lean(py, Measure::Gkl, intern!(py, "gkl"), p, Some(q), kwargs)
}

/// Jensen–Shannon divergence ½ KL(P‖M) + ½ KL(Q‖M), M = (P + Q)/2. Keywords as in
/// :func:`evaluate`.
///
/// >>> import infocert
/// >>> infocert.jsd(["1", "0"], ["0", "1"]).closed_form
/// 'ln 2'
#[pyfunction]
#[pyo3(signature = (p, q, **kwargs), text_signature = "(p, q, *, engine=None, correctly_rounded=False, semantics='as_given', base=None, digits=17, axis=0)")]
fn jsd<'py>(
    py: Python<'py>,
    p: &Bound<'py, PyAny>,
    q: &Bound<'py, PyAny>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    lean(py, Measure::Jsd, intern!(py, "jsd"), p, Some(q), kwargs)
}

/// Jensen–Shannon distance √JSD (``scipy.spatial.distance.jensenshannon``). Keywords as
/// in :func:`evaluate`.
///
/// >>> import infocert
/// >>> infocert.js_distance([1.0, 0.0], [0.0, 1.0], correctly_rounded=True).value
/// 0.8325546111576978
#[pyfunction]
#[pyo3(signature = (p, q, **kwargs), text_signature = "(p, q, *, engine=None, correctly_rounded=False, semantics='as_given', base=None, digits=17, axis=0)")]
fn js_distance<'py>(
    py: Python<'py>,
    p: &Bound<'py, PyAny>,
    q: &Bound<'py, PyAny>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    lean(
        py,
        Measure::JsDistance,
        intern!(py, "js-distance"),
        p,
        Some(q),
        kwargs,
    )
}

/// Total variation distance ½ Σ |p − q|. Keywords as in :func:`evaluate`.
///
/// >>> import infocert
/// >>> infocert.tv([0.5, 0.5], [0.25, 0.75]).value
/// 0.25
#[pyfunction]
#[pyo3(signature = (p, q, **kwargs), text_signature = "(p, q, *, engine=None, correctly_rounded=False, semantics='as_given', base=None, digits=17, axis=0)")]
fn tv<'py>(
    py: Python<'py>,
    p: &Bound<'py, PyAny>,
    q: &Bound<'py, PyAny>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    lean(py, Measure::Tv, intern!(py, "tv"), p, Some(q), kwargs)
}

/// Hellinger distance √(½ Σ (√p − √q)²). Keywords as in :func:`evaluate`.
///
/// >>> import infocert
/// >>> infocert.hellinger([1.0, 0.0], [0.0, 1.0], correctly_rounded=True).value
/// 1.0
#[pyfunction]
#[pyo3(signature = (p, q, **kwargs), text_signature = "(p, q, *, engine=None, correctly_rounded=False, semantics='as_given', base=None, digits=17, axis=0)")]
fn hellinger<'py>(
    py: Python<'py>,
    p: &Bound<'py, PyAny>,
    q: &Bound<'py, PyAny>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    lean(
        py,
        Measure::Hellinger,
        intern!(py, "hellinger"),
        p,
        Some(q),
        kwargs,
    )
}

/// Pearson χ² divergence Σ (p − q)²/q. Keywords as in :func:`evaluate`.
///
/// >>> import infocert
/// >>> infocert.chi2(["1/2", "1/2"], ["1/4", "3/4"]).closed_form
/// '1/3'
#[pyfunction]
#[pyo3(signature = (p, q, **kwargs), text_signature = "(p, q, *, engine=None, correctly_rounded=False, semantics='as_given', base=None, digits=17, axis=0)")]
fn chi2<'py>(
    py: Python<'py>,
    p: &Bound<'py, PyAny>,
    q: &Bound<'py, PyAny>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    lean(py, Measure::Chi2, intern!(py, "chi2"), p, Some(q), kwargs)
}

/// Names in `infocert` of the functions above, bound to that module (so
/// that `help()` and doctest see them as its own).
#[pyfunction]
fn bind_lean(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(entropy, m)?)?;
    m.add_function(wrap_pyfunction!(cross_entropy, m)?)?;
    m.add_function(wrap_pyfunction!(kl, m)?)?;
    m.add_function(wrap_pyfunction!(gkl, m)?)?;
    m.add_function(wrap_pyfunction!(jsd, m)?)?;
    m.add_function(wrap_pyfunction!(js_distance, m)?)?;
    m.add_function(wrap_pyfunction!(tv, m)?)?;
    m.add_function(wrap_pyfunction!(hellinger, m)?)?;
    m.add_function(wrap_pyfunction!(chi2, m)?)?;
    Ok(())
}

/// `x` as a 1-D C-contiguous float32 array, or `None`.
fn vec_f32<'a, 'py>(x: &'a Bound<'py, PyAny>) -> Option<&'a Bound<'py, PyArray1<f32>>> {
    plain_vec(x, NPY_TYPES::NPY_FLOAT)
}

/// Elements per block of the float32 path: two widened blocks (512 KiB)
/// stay in a core's L2 cache.
const F32_BLOCK: usize = 1 << 15;

/// `(value, bound)` from the float engine's result, the bound of the
/// correctly rounded mode being the rounding's ([`half_ulp`]).
fn finish(correctly_rounded: bool, (v, e): (f64, f64)) -> (f64, f64) {
    if correctly_rounded {
        (v, half_ulp(v))
    } else {
        (v, e)
    }
}

/// The float engine on float32 vectors, each element read as the double it
/// equals (the widening is exact).
///
/// Measures that are sums of per-element terms (entropy, cross-entropy,
/// KL, generalized KL, JSD, TV, χ²) are evaluated block by block: each
/// block of [`F32_BLOCK`] elements is widened into a buffer that stays in
/// cache (no widened copy of the arrays), evaluated by the float engine
/// with its rigorous bound, and the blocks' enclosures are added in index
/// order with [`Approx::plus`] (rigorous: the exact value of such a
/// measure is the sum of its exact values on the blocks). Blocks run on
/// rayon's threads; the result does not depend on their number. Up to one
/// block, and for the other measures or the correctly rounded mode, the
/// vectors are widened whole and evaluated as float64 input would be. An
/// invalid input (negative, NaN) is evaluated whole too, so the message
/// names its index in the array.
fn float32_eval(
    m: Measure,
    p: &[f32],
    q: Option<&[f32]>,
    correctly_rounded: bool,
) -> Result<(f64, f64), String> {
    let widen = |xs: &[f32]| xs.iter().map(|&x| f64::from(x)).collect::<Vec<f64>>();
    let whole = || {
        let (pw, qw) = (widen(p), q.map(widen));
        let args = Args {
            p: Some(&pw),
            q: qw.as_deref(),
            joint: None,
            alpha: None,
        };
        float_one(m, &args, correctly_rounded).map(|r| finish(correctly_rounded, r))
    };
    let additive = matches!(
        m,
        Measure::Entropy
            | Measure::CrossEntropy
            | Measure::Kl
            | Measure::Gkl
            | Measure::Jsd
            | Measure::Tv
            | Measure::Chi2
    );
    if correctly_rounded || !additive || p.len() <= F32_BLOCK {
        return whole();
    }
    let block = |bp: &mut Vec<f64>, bq: &mut Vec<f64>, pc: &[f32], qc: Option<&[f32]>| {
        bp.clear();
        bp.extend(pc.iter().map(|&x| f64::from(x)));
        if let Some(qc) = qc {
            bq.clear();
            bq.extend(qc.iter().map(|&x| f64::from(x)));
        }
        let args = Args {
            p: Some(bp),
            q: qc.map(|_| &bq[..]),
            joint: None,
            alpha: None,
        };
        float::evaluate_approx(m, &args).ok()
    };
    let bufs = || (Vec::with_capacity(F32_BLOCK), Vec::with_capacity(F32_BLOCK));
    let parts: Vec<Option<Approx>> = match q {
        Some(q) => p
            .par_chunks(F32_BLOCK)
            .zip(q.par_chunks(F32_BLOCK))
            .map_init(bufs, |(bp, bq), (pc, qc)| block(bp, bq, pc, Some(qc)))
            .collect(),
        None => p
            .par_chunks(F32_BLOCK)
            .map_init(bufs, |(bp, bq), pc| block(bp, bq, pc, None))
            .collect(),
    };
    let Some(parts) = parts.into_iter().collect::<Option<Vec<Approx>>>() else {
        return whole();
    };
    // the measures above are sums of non-negative terms, or (KL as given)
    // of terms in (−∞, +∞]: an exact +∞ absorbs the rest, as in the engine
    let total = parts.into_iter().fold(Approx::ZERO, |a, b| {
        if a.is_exact_inf() {
            a
        } else if b.is_exact_inf() {
            b
        } else {
            a.plus(b)
        }
    });
    let r = float::FloatValue::from(total);
    Ok((r.value, r.err))
}

/// [`float32_eval`] on float32 arrays, read in place (no copy), the GIL
/// released unless the input is short.
fn float32_slices(
    py: Python<'_>,
    m: Measure,
    p: &Bound<'_, PyArray1<f32>>,
    q: Option<&Bound<'_, PyArray1<f32>>>,
    correctly_rounded: bool,
) -> PyResult<(f64, f64)> {
    let n = p.len() + q.map_or(0, |q| q.len());
    let out = if n < DETACH_MIN && !correctly_rounded {
        // SAFETY: as in `float_slices`: C-contiguous 1-D arrays (checked by
        // the caller), read with the GIL held and no Python code running
        // until `float32_eval` returns.
        let (ps, qs) = unsafe {
            (
                p.as_slice().map_err(err)?,
                q.map(|q| q.as_slice()).transpose().map_err(err)?,
            )
        };
        guard(|| float32_eval(m, ps, qs, correctly_rounded))
    } else {
        let pr = p.try_readonly().map_err(err)?;
        let qr = q.map(|q| q.try_readonly()).transpose().map_err(err)?;
        let ps = pr.as_slice().map_err(err)?;
        let qs = qr.as_ref().map(|q| q.as_slice()).transpose().map_err(err)?;
        py.detach(|| guard(|| float32_eval(m, ps, qs, correctly_rounded)))
    };
    out.map_err(err)
}

/// The float engine on 1-D C-contiguous float64 arrays (`q` of `p`'s
/// length): `(value, bound)`, see [`float_vec`].
fn float_slices(
    py: Python<'_>,
    m: Measure,
    p: &Bound<'_, PyArray1<f64>>,
    q: Option<&Bound<'_, PyArray1<f64>>>,
    correctly_rounded: bool,
) -> PyResult<(f64, f64)> {
    let run = |ps: &[f64], qs: Option<&[f64]>| {
        let args = Args {
            p: Some(ps),
            q: qs,
            joint: None,
            alpha: None,
        };
        guard(|| {
            float_one(m, &args, correctly_rounded).map(|(v, e)| {
                if correctly_rounded {
                    (v, half_ulp(v))
                } else {
                    (v, e)
                }
            })
        })
    };
    let n = p.len() + q.map_or(0, |q| q.len());
    // the correctly rounded mode may fall back to the exact engine: never
    // hold the GIL for that
    let out = if n < DETACH_MIN && !correctly_rounded {
        // SAFETY: both are C-contiguous 1-D float64 arrays (checked by the
        // caller) and the GIL is held from here to the end of `run`, with no
        // Python code in between: no Python code and no code of this crate
        // can write to them while they are read. What is not excluded is a
        // writable rust-numpy borrow held by another extension's thread that
        // released the GIL (numpy's borrow registry, skipped here, would
        // refuse that); the registry costs about a tenth of a short call,
        // which is what keeps it near `rel_entr(p, q).sum()`.
        let (ps, qs) = unsafe {
            (
                p.as_slice().map_err(err)?,
                q.map(|q| q.as_slice()).transpose().map_err(err)?,
            )
        };
        run(ps, qs)
    } else {
        // the GIL is released: registered read-only borrows, read in place
        // (no copy)
        let pr = p.try_readonly().map_err(err)?;
        let qr = q.map(|q| q.try_readonly()).transpose().map_err(err)?;
        let ps = pr.as_slice().map_err(err)?;
        let qs = qr.as_ref().map(|q| q.as_slice()).transpose().map_err(err)?;
        py.detach(|| run(ps, qs))
    };
    out.map_err(err)
}

/// `(values, error bounds)` arrays.
type Pair<'py> = (Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<f64>>);

/// Float engine on a batch: `(values, error bounds)`; with
/// `correctly_rounded` the values are the doubles nearest the exact values
/// and the bounds the rounding's ([`half_ulp`]).
#[pyfunction]
#[pyo3(signature = (measure_name, p=None, q=None, joint=None, alpha_text=None, correctly_rounded=false))]
fn float_eval<'py>(
    py: Python<'py>,
    measure_name: &str,
    p: Option<PyReadonlyArray2<'py, f64>>,
    q: Option<PyReadonlyArray2<'py, f64>>,
    joint: Option<PyReadonlyArray3<'py, f64>>,
    alpha_text: Option<&str>,
    correctly_rounded: bool,
) -> PyResult<Pair<'py>> {
    let m = measure(measure_name)?;
    let a = alpha(alpha_text)?;
    let batch = Batch {
        p: p.as_ref().map(Rows::of).transpose()?,
        q: q.as_ref().map(Rows::of).transpose()?,
        joint: joint.as_ref().map(Joints::of).transpose()?,
    };
    let count = batch.count()?;
    let work = || {
        guard(|| {
            let one = |i: usize| {
                float_one(m, &batch.args(i, a.as_ref()), correctly_rounded).map(|(v, e)| {
                    if correctly_rounded {
                        (v, half_ulp(v))
                    } else {
                        (v, e)
                    }
                })
            };
            if count <= 1 {
                (0..count).map(one).collect::<Result<Vec<_>, _>>()
            } else {
                (0..count)
                    .into_par_iter()
                    .map(one)
                    .collect::<Result<Vec<_>, _>>()
            }
        })
    };
    let size = [
        batch.p.as_ref().map(|r| r.data.len()),
        batch.q.as_ref().map(|r| r.data.len()),
        batch.joint.as_ref().map(|j| j.data.len()),
    ]
    .into_iter()
    .flatten()
    .sum::<usize>();
    let out = if size >= DETACH_MIN || correctly_rounded {
        py.detach(work)
    } else {
        work()
    };
    let pairs = out.map_err(err)?;
    let (v, e): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
    Ok((PyArray1::from_vec(py, v), PyArray1::from_vec(py, e)))
}

fn to_q(xs: &[f64]) -> Result<Vec<Q>, String> {
    xs.iter()
        .map(|&x| f64_to_q(x).ok_or_else(|| format!("{x} is not finite")))
        .collect()
}

/// The exact value of `args` (doubles read exactly) under `semantics`,
/// in `base`, as the nearest double with a bound: the certified
/// enclosure is narrowed until both ends round to one double.
fn exact_nearest(
    m: Measure,
    args: &Args<'_, f64>,
    base: Base,
    semantics: Semantics,
) -> Result<(f64, f64), String> {
    // fast path: as given, natural log, or normalized with sums exactly 1
    let sums_one = || {
        [args.p, args.q, args.joint.map(|j| j.flat)]
            .into_iter()
            .flatten()
            .all(|xs| {
                let s = exact_sum(xs.len(), |k| xs[k]);
                s.err == 0.0 && s.hi + s.lo == 1.0 && s.lo == 0.0
            })
    };
    if base == Base::E && (semantics != Semantics::Normalized || sums_one()) {
        // validate like the float engine would (same messages)
        let r = float::evaluate_correctly_rounded_detailed(m, args).map_err(|e| e.to_string())?;
        return Ok((r.value, half_ulp(r.value)));
    }
    let req = Request {
        measure: m,
        p: args.p.map(to_q).transpose()?,
        q: args.q.map(to_q).transpose()?,
        joint: args
            .joint
            .map(|j| {
                j.flat
                    .chunks(j.cols.max(1))
                    .map(to_q)
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?,
        alpha: args.alpha.cloned(),
        base,
        digits: 17,
        semantics,
        round_inputs_to_f64: false,
    };
    let mut digits = 17;
    loop {
        let ev = evaluate(&Request {
            digits,
            ..req.clone()
        })
        .map_err(|e| e.to_string())?;
        if ev.exact || ev.enclosure.is_none() {
            let v: f64 = parse_dec(&ev.decimal);
            if ev.exact || v.is_infinite() {
                return Ok((v, if ev.exact { 0.0 } else { f64::INFINITY }));
            }
        }
        if let Some([lo, hi]) = &ev.enclosure {
            let (l, h) = (parse_dec(lo), parse_dec(hi));
            if l == h {
                return Ok((l, half_ulp(l)));
            }
        }
        if digits >= 400 {
            let v = parse_dec(&ev.decimal);
            return Ok((v, f64::INFINITY));
        }
        digits *= 2;
    }
}

fn parse_dec(s: &str) -> f64 {
    match s {
        "inf" | "+inf" | "∞" => f64::INFINITY,
        "-inf" | "−∞" => f64::NEG_INFINITY,
        _ => s.replace('−', "-").parse().unwrap_or(f64::NAN),
    }
}

/// A bound on `|exact − v|` when `v` is the double nearest `exact`: half the
/// gap above `|v|` (the larger of its two gaps), or the whole gap where half
/// of it is not a double (zero and subnormals: half of 2⁻¹⁰⁷⁴ would round to
/// 0 and claim an exact value).
fn half_ulp(v: f64) -> f64 {
    if !v.is_finite() {
        return 0.0;
    }
    let a = v.abs();
    let gap = a.next_up() - a;
    let half = gap / 2.0;
    if half * 2.0 == gap {
        half
    } else {
        gap
    }
}

fn semantics(s: &str) -> PyResult<Semantics> {
    match s {
        "as_given" => Ok(Semantics::AsGiven),
        "as_given_unchecked" | "unchecked" => Ok(Semantics::AsGivenUnchecked),
        "normalized" => Ok(Semantics::Normalized),
        _ => Err(err(format!(
            "invalid request: semantics {s:?}: use \"as_given\", \"as_given_unchecked\" or \"normalized\""
        ))),
    }
}

/// Correctly rounded values of a batch under `semantics` and `base` (the
/// exact engine where the float tiers cannot decide): `(values, bounds,
/// errors)`; a row whose input is invalid gets NaN and its message.
#[pyfunction]
#[pyo3(signature = (measure_name, p=None, q=None, joint=None, alpha_text=None, base="e", semantics_name="normalized"))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn nearest_eval<'py>(
    py: Python<'py>,
    measure_name: &str,
    p: Option<PyReadonlyArray2<'py, f64>>,
    q: Option<PyReadonlyArray2<'py, f64>>,
    joint: Option<PyReadonlyArray3<'py, f64>>,
    alpha_text: Option<&str>,
    base: &str,
    semantics_name: &str,
) -> PyResult<(
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    Vec<Option<String>>,
)> {
    let m = measure(measure_name)?;
    let a = alpha(alpha_text)?;
    let b = Base::parse(base).map_err(err)?;
    let sem = semantics(semantics_name)?;
    let batch = Batch {
        p: p.as_ref().map(Rows::of).transpose()?,
        q: q.as_ref().map(Rows::of).transpose()?,
        joint: joint.as_ref().map(Joints::of).transpose()?,
    };
    let count = batch.count()?;
    let rows: Vec<Result<(f64, f64), String>> = py.detach(|| {
        (0..count)
            .into_par_iter()
            .map(|i| guard(|| exact_nearest(m, &batch.args(i, a.as_ref()), b, sem)))
            .collect()
    });
    let mut v = Vec::with_capacity(count);
    let mut e = Vec::with_capacity(count);
    let mut msgs = Vec::with_capacity(count);
    for r in rows {
        match r {
            Ok((x, b)) => {
                v.push(x);
                e.push(b);
                msgs.push(None);
            }
            Err(m) => {
                v.push(f64::NAN);
                e.push(f64::INFINITY);
                msgs.push(Some(m));
            }
        }
    }
    Ok((PyArray1::from_vec(py, v), PyArray1::from_vec(py, e), msgs))
}

/// The exact engine (`infocert eval --json`): exact inputs as text
/// (`"1/10"`, `"0.1"`, `"1e-300"`), the JSON of the evaluation.
#[pyfunction]
#[pyo3(signature = (measure_name, p=None, q=None, joint=None, alpha_text=None, base="e", digits=17, semantics_name="as_given", round_inputs_to_f64=false))]
#[allow(clippy::too_many_arguments)]
fn exact_eval(
    py: Python<'_>,
    measure_name: &str,
    p: Option<Vec<String>>,
    q: Option<Vec<String>>,
    joint: Option<Vec<Vec<String>>>,
    alpha_text: Option<&str>,
    base: &str,
    digits: u32,
    semantics_name: &str,
    round_inputs_to_f64: bool,
) -> PyResult<String> {
    let m = measure(measure_name)?;
    let list = |which: &str, xs: &[String]| -> PyResult<Vec<Q>> {
        if xs.is_empty() {
            return Err(err(format!("{which} is empty: give at least one value")));
        }
        parse_list(which, &xs.join(",")).map_err(err)
    };
    let req = Request {
        measure: m,
        p: p.as_deref().map(|v| list("p", v)).transpose()?,
        q: q.as_deref().map(|v| list("q", v)).transpose()?,
        joint: joint
            .as_deref()
            .map(|rows| {
                rows.iter()
                    .map(|r| list("joint", r))
                    .collect::<PyResult<Vec<_>>>()
            })
            .transpose()?,
        alpha: alpha(alpha_text)?,
        base: Base::parse(base).map_err(err)?,
        digits,
        semantics: semantics(semantics_name)?,
        round_inputs_to_f64,
    };
    let out = py.detach(|| {
        guard(|| {
            let ev = evaluate(&req).map_err(|e| e.to_string())?;
            serde_json::to_string(&ev).map_err(|e| e.to_string())
        })
    });
    out.map_err(err)
}

/// `infocert check CLAIM`: the JSON report of a campaign.
#[pyfunction]
#[pyo3(signature = (claim, cases=200, seed=None))]
fn check(py: Python<'_>, claim: &str, cases: usize, seed: Option<u64>) -> PyResult<String> {
    let mut cfg = infocert::check::Config {
        cases,
        ..Default::default()
    };
    if let Some(s) = seed {
        cfg.seed = s;
    }
    let claim = claim.to_string();
    let out = py.detach(|| {
        guard(|| {
            let report = if let Some(item) = infocert::catalogue::find(&claim) {
                item.check(cfg)
            } else {
                infocert::check::check_claim(&claim, &cfg).map_err(|e| {
                    format!(
                        "not a catalogue item (see `infocert claims`) and not a claim: {}",
                        e.message
                    )
                })?
            };
            serde_json::to_string(&report).map_err(|e| e.to_string())
        })
    });
    out.map_err(err)
}

/// The committed conformance vectors, JSON Lines.
#[pyfunction]
fn vectors() -> &'static str {
    VECTORS
}

/// Grade `results` (case id → double) on the vectors like `infocert
/// conform`: the JSON report.
#[pyfunction]
#[pyo3(signature = (results, max_ulps=0, measures=Vec::new(), xfail=Vec::new(), semantics_name=None, bases=Vec::new()))]
fn conform(
    results: HashMap<String, f64>,
    max_ulps: u64,
    measures: Vec<String>,
    xfail: Vec<String>,
    semantics_name: Option<&str>,
    bases: Vec<String>,
) -> PyResult<String> {
    let filter = Filter {
        measures: measures
            .iter()
            .map(|m| measure(m))
            .collect::<PyResult<_>>()?,
        semantics: semantics_name
            .map(|s| {
                CaseSemantics::parse(s).ok_or_else(|| {
                    err(format!(
                        "invalid request: semantics {s:?}: use as_given or normalized"
                    ))
                })
            })
            .transpose()?,
        bases: bases
            .iter()
            .map(|b| Base::parse(b).map_err(err))
            .collect::<PyResult<_>>()?,
        ..Default::default()
    };
    let opts = Options {
        max_ulps,
        xfail: xfail.into_iter().collect::<HashSet<_>>(),
        filter,
    };
    guard(|| {
        let cases = parse_vectors(VECTORS)?;
        let report = grade(&cases, &results, &opts);
        serde_json::to_string(&report).map_err(|e| e.to_string())
    })
    .map_err(err)
}

/// The measure names, as the CLI spells them.
#[pyfunction]
fn measure_names() -> Vec<&'static str> {
    [
        Measure::Entropy,
        Measure::CrossEntropy,
        Measure::Kl,
        Measure::Gkl,
        Measure::Jsd,
        Measure::JsDistance,
        Measure::Mi,
        Measure::JointEntropy,
        Measure::CondEntropy,
        Measure::Tv,
        Measure::Hellinger,
        Measure::Chi2,
        Measure::Renyi,
    ]
    .iter()
    .map(|m| m.name())
    .collect()
}

#[pymodule]
fn _infocert(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("InfocertError", m.py().get_type::<InfocertError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<CertResult>()?;
    m.add_function(wrap_pyfunction!(float_vec, m)?)?;
    m.add_function(wrap_pyfunction!(bind_lean, m)?)?;
    bind_lean(m)?;
    m.add_function(wrap_pyfunction!(float_eval, m)?)?;
    m.add_function(wrap_pyfunction!(nearest_eval, m)?)?;
    m.add_function(wrap_pyfunction!(exact_eval, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(vectors, m)?)?;
    m.add_function(wrap_pyfunction!(conform, m)?)?;
    m.add_function(wrap_pyfunction!(measure_names, m)?)?;
    Ok(())
}
