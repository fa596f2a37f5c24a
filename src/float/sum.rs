//! Chunked double-double summation with a running error bound.
//!
//! The index range is cut into fixed chunks of [`CHUNK`] terms. Each chunk is
//! summed left to right with TwoSum (the rounding error of every addition is
//! kept exactly and accumulated in a second double), together with the sum of
//! the terms' own bounds and of their magnitudes. The chunk results are then
//! combined left to right with [`Approx::plus`]. Chunk boundaries and the
//! combination order depend only on `n`, so the result is bit-identical for
//! any number of threads; above [`PAR_MIN`] terms the chunks are evaluated
//! by rayon.

use super::approx::{two_sum, up, Approx, U};
use super::dd;
use super::fast::{self, lazy};
use rayon::prelude::*;

/// Terms per chunk.
pub const CHUNK: usize = 4096;
/// Below this many terms, no threads are used.
pub const PAR_MIN: usize = 1 << 16;

/// Lanes of the accumulators (independent TwoSum chains, combined in a
/// fixed order: the result does not depend on the vector width used).
const LANES: usize = 8;
/// Terms evaluated into a buffer before they are accumulated.
const BLOCK: usize = 64;

/// Exact-sum lanes of a chunk's exact parts `d` ([`kl_fused`]).
type Totals = [Triple; LANES];

/// The widest instruction set the kernels are compiled for that this CPU
/// runs. Every variant executes the same IEEE operations (FMA is fused in
/// each, in software on the baseline), so results are bit-identical
/// whichever is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Simd {
    /// AVX-512 (F, DQ, VL) with FMA.
    #[cfg(target_arch = "x86_64")]
    Avx512,
    /// AVX2 with FMA.
    #[cfg(target_arch = "x86_64")]
    Avx2,
    /// The compilation target's baseline.
    Base,
}

/// [`Simd`] of this CPU (the detection is cached by `std`).
#[inline(always)]
fn simd() -> Simd {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected as has;
        if has!("avx512f") && has!("avx512dq") && has!("avx512vl") && has!("fma") {
            return Simd::Avx512;
        }
        if has!("avx2") && has!("fma") {
            return Simd::Avx2;
        }
    }
    Simd::Base
}

/// Whether every value is finite and `≥ 0` (`−0` is), by a branch-free
/// scan in 8 lanes of plain float operations (a fold over a `bool` or over
/// integer flags did not vectorize): the smallest value and a sum of
/// `x·0`, which is NaN iff some `x` is infinite or NaN. Widest instruction
/// set, and chunks on all threads above [`PAR_MIN`] values. The caller
/// locates a culprit only when this says there is one.
pub fn all_finite_nonneg(xs: &[f64]) -> bool {
    finite_nonneg(xs, false)
}

/// [`all_finite_nonneg`], on the current thread only if `serial`.
fn finite_nonneg(xs: &[f64], serial: bool) -> bool {
    #[inline(always)]
    fn scan(xs: &[f64]) -> bool {
        let mut low = [0.0f64; 8];
        let mut nan = [0.0f64; 8];
        let chunks = xs.chunks_exact(8);
        let rest = chunks.remainder();
        for c in chunks {
            for j in 0..8 {
                low[j] = if c[j] < low[j] { c[j] } else { low[j] };
                nan[j] += c[j] * 0.0;
            }
        }
        for (j, &x) in rest.iter().enumerate() {
            low[j] = if x < low[j] { x } else { low[j] };
            nan[j] += x * 0.0;
        }
        !(low.iter().any(|&l| l < 0.0) || nan.iter().any(|z| z.is_nan()))
    }
    /// # Safety
    /// Only call on a CPU with AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn scan_avx2(xs: &[f64]) -> bool {
        scan(xs)
    }
    /// # Safety
    /// Only call on a CPU with AVX-512F.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx2")]
    unsafe fn scan_avx512(xs: &[f64]) -> bool {
        scan(xs)
    }
    let one = |xs: &[f64]| match simd() {
        // SAFETY: `simd` detected the features.
        #[cfg(target_arch = "x86_64")]
        Simd::Avx512 => unsafe { scan_avx512(xs) },
        // SAFETY: as above.
        #[cfg(target_arch = "x86_64")]
        Simd::Avx2 => unsafe { scan_avx2(xs) },
        Simd::Base => scan(xs),
    };
    if xs.len() >= PAR_MIN && !serial {
        xs.par_chunks(CHUNK).all(one)
    } else {
        one(xs)
    }
}

/// Sum of `term(i)` for `i` in `start..end` (at most [`CHUNK`] terms).
///
/// The terms are accumulated in [`LANES`] lanes (term `i` goes to lane
/// `(i − start) mod LANES`), each left to right with TwoSum (the rounding
/// error of every addition is kept exactly and accumulated in a second
/// double), together with the sum of the terms' own bounds and of their
/// magnitudes; the lanes are then combined in index order with
/// [`Approx::plus`].
///
/// Bound of one lane (`k` terms, `s_i` running sums, `r_i` TwoSum errors,
/// `c` their running sum): every `r_i` is exact, `|r_i| ≤ u|s_i| ≤ 1.01u·A`
/// with `A = Σ|hi_i|`; the two roundings per step in `c` cost at most
/// `u(|fl(r_i + lo_i)| + |c_i|)`, in total `≤ 3(k+1)²u²A + 3(k+1)u·L`
/// (`L = Σ|lo_i|`). The terms' own bounds are summed naively (non-negative,
/// so the computed sum is at least `(1 − ku)` times the true one; we inflate
/// by `1 + 2(k+2)u`). For `k` we use the number of terms of the lane,
/// `⌈(len − j)/LANES⌉` for lane `j` of a chunk of `len` terms.
///
/// The kernels whose every term has `err ≥ u|hi|` (`−x ln x`, `−x ln y`,
/// the KL split; `Lanes::add` with `REL`) do not accumulate `|hi|`: their
/// part of `A` is at most `E/u`, `E` the sum of their bounds, so
/// `3(k+1)²u·E` covers it (about `10^-10·E` for a full chunk).
#[inline(always)]
fn chunk_sum<F: Fn(usize) -> Approx>(start: usize, end: usize, term: &F) -> Approx {
    if start >= end {
        return Approx::ZERO;
    }
    let mut lanes = Lanes::default();
    let mut th = [0.0f64; BLOCK];
    let mut tl = [0.0f64; BLOCK];
    let mut te = [0.0f64; BLOCK];
    let mut i = start;
    while i < end {
        let len = (end - i).min(BLOCK);
        for k in 0..len {
            let t = term(i + k);
            th[k] = t.hi;
            tl[k] = t.lo;
            te[k] = t.err;
        }
        // A block of one fast kind is evaluated and accumulated in one loop,
        // without writing the terms back (a last partial block padded with
        // the arguments (0, 0), whose terms are exactly (+0, 0): no-ops),
        // as the slice kernels do: those kernels return `lo = 0`, so `c`
        // gets the TwoSum error alone and `l` nothing.
        let k0 = te[0].to_bits();
        let uniform = te[..len].iter().fold(true, |b, e| b & (e.to_bits() == k0));
        let fast_kind = matches!(k0, lazy::XLNX | lazy::XLNY | lazy::BD0 | lazy::JSD);
        if uniform && fast_kind {
            for k in len..BLOCK {
                th[k] = 0.0;
                tl[k] = 0.0;
            }
        }
        macro_rules! fused {
            ($rel:expr, $f:expr) => {{
                for g in 0..BLOCK / LANES {
                    for j in 0..LANES {
                        let k = g * LANES + j;
                        lanes.add::<false, $rel>(j, $f(th[k], tl[k]));
                    }
                }
                true
            }};
        }
        let done = uniform
            && match k0 {
                lazy::XLNX => fused!(true, |x, _| fast::neg_xlnx(x)),
                lazy::XLNY => fused!(true, fast::neg_xlny),
                lazy::BD0 => fused!(false, fast::bd0),
                lazy::JSD => {
                    let small = (0..BLOCK).fold(true, |b, k| b & fast::below_big(th[k], tl[k]));
                    if small {
                        fused!(false, fast::jsd_term_below_big)
                    } else {
                        fused!(false, fast::jsd_term)
                    }
                }
                _ => false,
            };
        if !done {
            resolve_block(&mut th, &mut tl, &mut te, len);
            for k in len..BLOCK {
                th[k] = 0.0;
                tl[k] = 0.0;
                te[k] = 0.0;
            }
            for g in 0..BLOCK / LANES {
                for j in 0..LANES {
                    let k = g * LANES + j;
                    lanes.add::<true, false>(
                        j,
                        Approx {
                            hi: th[k],
                            lo: tl[k],
                            err: te[k],
                        },
                    );
                }
            }
        }
        i += len;
    }
    match lanes.finish(end - start) {
        Some(tot) => tot,
        None => slow_sum(start, end, term),
    }
}

/// Number of terms of lane `j` in a chunk of `len` terms (term `i` in lane
/// `i mod LANES`).
#[inline(always)]
fn lane_len(len: usize, j: usize) -> usize {
    (len + LANES - 1 - j) / LANES
}

/// The [`Triple`] lanes of the exact parts' sums over a chunk of `len`
/// terms (struct of arrays `[s, c, cc, a]`; zero pads are exact no-ops
/// except for the count).
#[inline(always)]
fn lane_totals(len: usize, ds: &[[f64; LANES]; 4]) -> Totals {
    std::array::from_fn(|j| Triple {
        s: ds[0][j],
        c: ds[1][j],
        cc: ds[2][j],
        a: ds[3][j],
        k: lane_len(len, j) as f64,
    })
}

/// The [`LANES`] TwoSum accumulators of a chunk (see [`chunk_sum`]):
/// running sums `s`, their exact errors plus the terms' `lo` in `c`, the
/// terms' bounds in `e`, and the magnitudes `Σ|hi|` (of the terms added
/// without `REL`) in `a`, `Σ|lo|` in `l`.
#[derive(Default)]
struct Lanes {
    s: [f64; LANES],
    c: [f64; LANES],
    e: [f64; LANES],
    a: [f64; LANES],
    l: [f64; LANES],
}

impl Lanes {
    /// Term `t` into lane `j`; with `LO = false` the term's `lo` is known to
    /// be 0 (the fast kernels) and is not read; with `REL` the term's bound
    /// is known to be at least `u|hi|` and `|hi|` is not accumulated (see
    /// [`chunk_sum`]).
    #[inline(always)]
    fn add<const LO: bool, const REL: bool>(&mut self, j: usize, t: Approx) {
        let (ns, r) = two_sum(self.s[j], t.hi);
        self.s[j] = ns;
        if LO {
            self.c[j] += r + t.lo;
            self.l[j] += t.lo.abs();
        } else {
            self.c[j] += r;
        }
        self.e[j] += t.err;
        if !REL {
            self.a[j] += t.hi.abs();
        }
    }

    /// The lanes of a chunk of `len` terms combined in index order, with
    /// the bound derived at [`chunk_sum`]; `None` if something is not
    /// finite (the caller then takes [`slow_sum`]).
    #[inline(always)]
    fn finish(&self, len: usize) -> Option<Approx> {
        let (s, c, e, a, l) = (&self.s, &self.c, &self.e, &self.a, &self.l);
        let mut finite = true;
        for j in 0..LANES {
            finite &= s[j].is_finite()
                && c[j].is_finite()
                && e[j] < f64::INFINITY
                && a[j] < f64::INFINITY
                && l[j].is_finite();
        }
        if !finite {
            return None;
        }
        let mut tot = Approx::ZERO;
        for j in 0..LANES {
            let k = lane_len(len, j) as f64 + 1.0;
            let e_all = e[j] * (1.0 + 2.0 * (k + 1.0) * U);
            // the `REL` terms' part of `A` is at most `e_all/u`
            let cerr = 3.0 * k * k * U * (U * a[j] + e_all) + 3.0 * k * U * l[j];
            let err = e_all + cerr;
            let (h, lo) = two_sum(s[j], c[j]);
            tot = tot.plus(Approx {
                hi: h,
                lo,
                err: up(err),
            });
        }
        Some(tot)
    }
}

/// [`Triple::push`] on lane `j` of a struct-of-arrays accumulator.
#[inline(always)]
fn triple_push(t: &mut [[f64; LANES]; 4], j: usize, x: f64) {
    let (s, r) = two_sum(t[0][j], x);
    let (c, rho) = two_sum(t[1][j], r);
    t[0][j] = s;
    t[1][j] = c;
    t[2][j] += rho;
    t[3][j] += rho.abs();
}

/// Evaluate the deferred terms ([`lazy`]) of a block in place: a full block
/// of one double-double kind in a tight loop (vectorized), anything else
/// term by term (full blocks of one fast kind never get here: they are
/// fused with the accumulation in [`chunk_sum_tot`]).
#[inline(always)]
fn resolve_block(th: &mut [f64; BLOCK], tl: &mut [f64; BLOCK], te: &mut [f64; BLOCK], len: usize) {
    let k0 = te[0].to_bits();
    let uniform = len == BLOCK && te.iter().all(|e| e.to_bits() == k0);
    macro_rules! kernel {
        ($f:expr) => {{
            for k in 0..BLOCK {
                let t = $f(th[k], tl[k]);
                th[k] = t.hi;
                tl[k] = t.lo;
                te[k] = t.err;
            }
        }};
    }
    if uniform {
        match k0 {
            lazy::XLNX_DD => {
                let t = dd::table();
                kernel!(|x, _| dd::neg_xlnx(t, x))
            }
            lazy::XLNY_DD => {
                let t = dd::table();
                kernel!(|x, y| dd::neg_xlny(t, x, y))
            }
            lazy::BD0_DD => {
                let t = dd::table();
                kernel!(|x, y| dd::bd0(t, x, y))
            }
            lazy::JSD_DD => {
                let t = dd::table();
                kernel!(|x, y| dd::jsd_term(t, x, y))
            }
            lazy::KL_DD => {
                let t = dd::table();
                kernel!(|x, y| dd::kl_term(t, x, y))
            }
            _ => resolve_each(th, tl, te, len),
        }
        return;
    }
    resolve_each(th, tl, te, len);
}

/// [`resolve_block`] term by term (ordinary values are left as they are).
#[inline(always)]
fn resolve_each(th: &mut [f64; BLOCK], tl: &mut [f64; BLOCK], te: &mut [f64; BLOCK], len: usize) {
    for k in 0..len {
        let t = lazy::resolve(Approx {
            hi: th[k],
            lo: tl[k],
            err: te[k],
        });
        th[k] = t.hi;
        tl[k] = t.lo;
        te[k] = t.err;
    }
}

/// [`chunk_sum`] compiled for AVX2 + FMA.
///
/// # Safety
/// Only call on a CPU with AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn chunk_sum_avx2<F: Fn(usize) -> Approx>(start: usize, end: usize, term: &F) -> Approx {
    chunk_sum(start, end, term)
}

/// [`chunk_sum`] compiled for AVX-512 (F, DQ, VL) + FMA.
///
/// # Safety
/// Only call on a CPU with those features.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
unsafe fn chunk_sum_avx512<F: Fn(usize) -> Approx>(start: usize, end: usize, term: &F) -> Approx {
    chunk_sum(start, end, term)
}

/// The widest [`chunk_sum`] this CPU runs ([`Simd`]).
#[inline(always)]
fn chunk_dispatch<F: Fn(usize) -> Approx>(start: usize, end: usize, term: &F) -> Approx {
    match simd() {
        // SAFETY: `simd` detected the features.
        #[cfg(target_arch = "x86_64")]
        Simd::Avx512 => unsafe { chunk_sum_avx512(start, end, term) },
        // SAFETY: as above.
        #[cfg(target_arch = "x86_64")]
        Simd::Avx2 => unsafe { chunk_sum_avx2(start, end, term) },
        Simd::Base => chunk_sum(start, end, term),
    }
}

/// Careful path: exact infinities, overflow, unknown terms.
///
/// The terms of a sum are real numbers (possibly without a bound) or exact
/// infinities, never undefined: so one `+∞` term makes the sum `+∞` whatever
/// the (real, if unbounded) other terms are, unless a `−∞` term occurs too.
#[cold]
fn slow_sum<F: Fn(usize) -> Approx>(start: usize, end: usize, term: &F) -> Approx {
    (start..end).fold(Approx::ZERO, |acc, i| {
        add_terms(acc, lazy::resolve(term(i)))
    })
}

/// A sum of terms that are reals or exact infinities and never both `+∞`
/// and `−∞`: marks such a mixed sum as undefined.
const UNDEFINED: Approx = Approx {
    hi: f64::NAN,
    lo: f64::NAN,
    err: f64::NAN,
};

fn is_undefined(a: &Approx) -> bool {
    a.hi.is_nan() && a.lo.is_nan() && a.err.is_nan()
}

/// `a + b` for partial sums of terms (see [`slow_sum`]): an exact infinity
/// absorbs a real without a bound.
fn add_terms(a: Approx, b: Approx) -> Approx {
    if is_undefined(&a) || is_undefined(&b) {
        return UNDEFINED;
    }
    match (a.is_exact_inf(), b.is_exact_inf()) {
        (true, true) if a.hi != b.hi => UNDEFINED,
        (true, _) => a,
        (_, true) => b,
        _ => a.plus(b),
    }
}

/// Combine chunk results in order (see [`add_terms`]).
fn combine(parts: impl Iterator<Item = Approx>) -> Approx {
    let r = parts.fold(Approx::ZERO, add_terms);
    if is_undefined(&r) {
        Approx::UNKNOWN
    } else {
        r
    }
}

/// `Σ_{i<n} term(i)`, deterministic for any thread count.
pub fn sum<F>(n: usize, term: F) -> Approx
where
    F: Fn(usize) -> Approx + Sync + Send,
{
    if n <= CHUNK {
        let r = chunk_dispatch(0, n, &term);
        return if is_undefined(&r) { Approx::UNKNOWN } else { r };
    }
    let chunks = n.div_ceil(CHUNK);
    let part = |c: usize| chunk_dispatch(c * CHUNK, ((c + 1) * CHUNK).min(n), &term);
    if n >= PAR_MIN {
        let parts: Vec<Approx> = (0..chunks).into_par_iter().map(part).collect();
        combine(parts.into_iter())
    } else {
        combine((0..chunks).map(part))
    }
}

/// Triple-double accumulator for sums of exact doubles: `s + c + cc`, the
/// roundings of `s` and of `c` kept exactly (TwoSum), those of `cc` bounded.
#[derive(Clone, Copy, Default)]
struct Triple {
    s: f64,
    c: f64,
    cc: f64,
    /// `R = Σ|ρ_i|`, the magnitudes of what `cc` was fed (for the bound
    /// of `cc`'s roundings: `0` when every `ρ_i` is 0, i.e. when the sum
    /// is exactly `s + c`, however small it is against the inputs).
    a: f64,
    /// Number of values fed.
    k: f64,
}

impl Triple {
    #[inline(always)]
    fn push(&mut self, x: f64) {
        let (s, r) = two_sum(self.s, x);
        let (c, rho) = two_sum(self.c, r);
        self.s = s;
        self.c = c;
        self.cc += rho;
        self.a += rho.abs();
        self.k += 1.0;
    }

    /// Each addition to `cc` rounds by at most `u|cc_i|` (none when it is
    /// exact, in particular when `ρ_i = 0` or the result is subnormal), and
    /// `|cc_i| ≤ R(1 + u)^i`: in total `≤ k·u·R·(1 + 2ku)` (`k u < ½`).
    /// (`R ≤ k²u²·Σ|x|`, so this is at most the a-priori `k³u³Σ|x|`.)
    fn cc_bound(&self) -> f64 {
        let k = self.k + 1.0;
        k * U * self.a * (1.0 + 2.0 * k * U)
    }
}

/// `Σ_{i<n} x(i)` of exact doubles, to about `u³` relative: the result is
/// `hi + lo` with the exactly known residual (and `cc`'s bound) as `err`,
/// so a sum that is exactly a double-double (e.g. two terms) has error 0.
/// Deterministic for any thread count (same chunking as [`sum`]).
pub fn exact_sum<F>(n: usize, x: F) -> Approx
where
    F: Fn(usize) -> f64 + Sync + Send,
{
    finish_triples(exact_sum_lanes(n, x).iter().flatten().copied())
}

/// `Σ xs − Σ ys` (equal lengths) as one exact sum: the lanes of both
/// ([`exact_sum`]'s) combined with `ys`' negated, so that the leading
/// digits the two sums share cancel *before* the result is rounded to a
/// double-double (two separately rounded sums of `[⅔, ⅓, 2^-864]` and
/// `[⅔, ⅓, 2^-864 − ulp]` lose their difference in the residual).
pub fn exact_sum_diff(xs: &[f64], ys: &[f64]) -> Approx {
    assert_eq!(xs.len(), ys.len(), "exact_sum_diff: unequal lengths");
    let (a, b) = (
        exact_sum_lanes(xs.len(), |i| xs[i]),
        exact_sum_lanes(ys.len(), |i| ys[i]),
    );
    finish_diff(a.iter().flatten(), b.iter().flatten())
}

/// [`finish_triples`] of the lanes of `Σx` followed by those of `Σy`
/// negated: `Σx − Σy`.
fn finish_diff<'a>(
    x: impl Iterator<Item = &'a Triple>,
    y: impl Iterator<Item = &'a Triple>,
) -> Approx {
    finish_triples(x.copied().chain(y.map(|t| Triple {
        s: -t.s,
        c: -t.c,
        cc: -t.cc,
        ..*t
    })))
}

/// The [`Triple`] lanes of each chunk of `Σ_{i<n} x(i)` ([`exact_sum`]).
fn exact_sum_lanes<F>(n: usize, x: F) -> Vec<[Triple; LANES]>
where
    F: Fn(usize) -> f64 + Sync + Send,
{
    // each chunk in LANES independent accumulators (element i to lane
    // i mod LANES), so the additions pipeline / vectorize; the lanes are
    // merged below in a fixed order
    let chunk = |c: usize| {
        let mut t = [Triple::default(); LANES];
        let (lo, hi) = (c * CHUNK, ((c + 1) * CHUNK).min(n));
        let mut i = lo;
        while i + LANES <= hi {
            for (j, tj) in t.iter_mut().enumerate() {
                tj.push(x(i + j));
            }
            i += LANES;
        }
        for (j, k) in (i..hi).enumerate() {
            t[j].push(x(k));
        }
        t
    };
    let chunks = n.div_ceil(CHUNK).max(1);
    if n >= PAR_MIN {
        (0..chunks).into_par_iter().map(chunk).collect()
    } else {
        (0..chunks).map(chunk).collect()
    }
}

/// Combine [`Triple`] lanes (in the order given) into the exact sum's
/// double-double with its bound.
fn finish_triples(parts: impl Iterator<Item = Triple>) -> Approx {
    // the lanes' parts into one triple whose third component's roundings
    // are kept exactly too (TwoSum: cc_new + e = cc + ρ), so their bound is
    // Σ|e| — 0 when the sum is exactly s + c + cc, e.g. when the leading
    // digits of Σx − Σy cancel ([`exact_sum_diff`]); a few operations per
    // lane, against the a-priori k·u·Σ|ρ| of [`Triple::cc_bound`]
    let mut tot = Triple::default();
    let mut lost = 0.0; // Σ|e|
    let mut pushed = 0.0;
    let mut bound = 0.0;
    for p in parts {
        if !(p.s.is_finite() && p.c.is_finite() && p.cc.is_finite() && p.a.is_finite()) {
            return Approx::UNKNOWN;
        }
        bound += p.cc_bound();
        for x in [p.s, p.c, p.cc] {
            let (s, r) = two_sum(tot.s, x);
            let (c, rho) = two_sum(tot.c, r);
            let (cc, e) = two_sum(tot.cc, rho);
            tot.s = s;
            tot.c = c;
            tot.cc = cc;
            lost += e.abs();
            pushed += 1.0;
        }
    }
    if !(tot.s.is_finite() && tot.c.is_finite() && tot.cc.is_finite() && lost.is_finite()) {
        return Approx::UNKNOWN;
    }
    // the float sum of the |e| is within (1 ± u)^k of the exact one
    bound += lost * (1.0 + 2.0 * (pushed + 1.0) * U);
    let (h, l) = two_sum(tot.s, tot.c);
    let (l2, rho) = two_sum(l, tot.cc);
    let (h2, l3) = two_sum(h, l2);
    // h2 + l3 + rho = s + c + cc exactly
    Approx {
        hi: h2,
        lo: l3,
        err: if rho == 0.0 && bound == 0.0 {
            0.0
        } else {
            up(rho.abs() + bound)
        },
    }
}

/// `KL(p‖q) = Σ p_i ln(p_i/q_i)` in **one pass** over the inputs, the
/// formula of [`crate::measures::kl`] (`Σ bd0 + Σp − Σq`) regrouped term by
/// term (the same real number; a different rounding).
///
/// Default tier (`dd = false`): each term is split by [`fast::kl_split`]
/// into a rounded part (`bd0(p, q)` where `q/2 ≤ p ≤ 2q`, else `p ln(p/q)`)
/// summed as by [`sum`], and an exact part (`p − q` in the near regime,
/// exact by Sterbenz) summed exactly in triple-double lanes as by
/// [`exact_sum`]: the cancellation of near-equal inputs happens exactly,
/// as in the generic formula, while the far terms and the exact sums lose
/// the subtraction of `p − q` and the exact sums of both inputs.
///
/// Double-double tier (`dd = true`): the terms `p ln(p/q)` of
/// [`dd::kl_term`] (the logarithm of the ratio, to `O(u²)` absolute plus
/// `2^-100` relative) summed as by [`sum`].
///
/// `p`, `q`: validated, same non-zero length. Deterministic for any thread
/// count (same chunks, lanes and combination order as [`sum`]).
pub fn kl_fused(p: &[f64], q: &[f64], dd: bool) -> Approx {
    if dd {
        return fused_slices(SliceKind::KlDd, p, q);
    }
    let n = p.len();
    let chunks = n.div_ceil(CHUNK).max(1);
    let part = |c: usize| {
        let (lo, hi) = (c * CHUNK, ((c + 1) * CHUNK).min(n));
        kernel_dispatch(Kernel::KlSplit, &p[lo..hi], &q[lo..hi])
    };
    let parts: Vec<(Approx, Totals)> = if n >= PAR_MIN {
        (0..chunks).into_par_iter().map(part).collect()
    } else {
        (0..chunks).map(part).collect()
    };
    let g = if n <= CHUNK && !is_undefined(&parts[0].0) {
        parts[0].0
    } else {
        combine(parts.iter().map(|x| x.0))
    };
    let d = finish_triples(parts.iter().flat_map(|x| x.1.iter()).copied());
    g.plus(d)
}

/// A fast term kind evaluated directly on slices ([`fused_slices`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SliceKind {
    /// `−p ln p` ([`fast::neg_xlnx`]; `q` unused).
    XlnX,
    /// `−p ln q` ([`fast::neg_xlny`]).
    XlnY,
    /// `bd0(p, q)` ([`fast::bd0`]).
    Bd0,
    /// The JSD term ([`fast::jsd_term`]).
    Jsd,
    /// `−p ln p`, double-double tier ([`dd::neg_xlnx`]; `q` unused).
    XlnXDd,
    /// `−p ln q`, double-double tier ([`dd::neg_xlny`]).
    XlnYDd,
    /// `bd0(p, q)`, double-double tier ([`dd::bd0`]).
    Bd0Dd,
    /// The JSD term, double-double tier ([`dd::jsd_term`]).
    JsdDd,
    /// The KL term `p ln(p/q)`, double-double tier ([`dd::kl_term`]).
    KlDd,
}

/// What a chunk kernel evaluates: a [`SliceKind`]'s terms, or the split
/// KL terms of [`kl_fused`] (whose exact parts go to [`Triple`] lanes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kernel {
    Slice(SliceKind),
    KlSplit,
}

/// `Σ_i term(p_i, q_i)` for a fast kind, read straight from the slices:
/// **the same value, bit for bit,** as [`sum`] of the deferred terms
/// (same chunks, lanes, accumulation, bounds, combination order and slow
/// path), without the block buffers of the generic chunk loop, which cost about a
/// quarter of the time of a cheap kernel. `q` must be as long as `p`
/// (pass `p` again for [`SliceKind::XlnX`]).
pub fn fused_slices(kind: SliceKind, p: &[f64], q: &[f64]) -> Approx {
    fused_slices_checked(kind, p, q, [false, false]).expect("nothing to check")
}

/// [`fused_slices`], each chunk of `p` (if `check[0]`) and of `q` (if
/// `check[1]`) first scanned as [`all_finite_nonneg`] does, in the same
/// parallel pass (one pass over the data and one hand-over to the workers
/// instead of two): `None` if some value is negative or not finite (the
/// caller then locates it), else the same value as [`fused_slices`].
pub fn fused_slices_checked(
    kind: SliceKind,
    p: &[f64],
    q: &[f64],
    check: [bool; 2],
) -> Option<Approx> {
    assert_eq!(p.len(), q.len(), "fused_slices: slices of unequal length");
    let n = p.len();
    let part = |c: usize| {
        let (lo, hi) = (c * CHUNK, ((c + 1) * CHUNK).min(n));
        let (pc, qc) = (&p[lo..hi], &q[lo..hi]);
        let ok = (!check[0] || finite_nonneg(pc, true)) && (!check[1] || finite_nonneg(qc, true));
        ok.then(|| kernel_dispatch(Kernel::Slice(kind), pc, qc).0)
    };
    if n <= CHUNK {
        let r = part(0)?;
        Some(if is_undefined(&r) { Approx::UNKNOWN } else { r })
    } else if n >= PAR_MIN {
        let parts: Option<Vec<Approx>> = (0..n.div_ceil(CHUNK)).into_par_iter().map(part).collect();
        Some(combine(parts?.into_iter()))
    } else {
        let parts: Option<Vec<Approx>> = (0..n.div_ceil(CHUNK)).map(part).collect();
        Some(combine(parts?.into_iter()))
    }
}

/// One chunk of [`fused_slices`]: the terms go to lane `i mod LANES`, as
/// in [`chunk_sum`] (whose padding of a last partial block with zero
/// terms changes nothing: `two_sum(s, 0) = (s, 0)`). `$f` returns the term
/// and an exact part, summed in [`Triple`] lanes if `$split` (else `0`,
/// ignored); the careful path sums the deferred terms of kind `$kind`. A
/// macro, not a function taking the kernel as a closure: the kernels must
/// be inlined into the `target_feature` functions below (a closure call
/// was not, and ran 60× slower with software FMA).
macro_rules! slice_chunk {
    (@or $split:expr, $lo:expr, $rel:expr, $p:expr, $q:expr, $f:expr, $or:expr) => {{
        let (p, q): (&[f64], &[f64]) = ($p, $q);
        let mut ds = [[0.0f64; LANES]; 4];
        let mut lanes = Lanes::default();
        let (pc, qc) = (p.chunks_exact(LANES), q.chunks_exact(LANES));
        let (pr, qr) = (pc.remainder(), qc.remainder());
        for (x, y) in pc.zip(qc) {
            #[cfg(target_arch = "x86_64")]
            {
                use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
                // SAFETY: a prefetch never faults, whatever the address
                unsafe {
                    _mm_prefetch::<_MM_HINT_T0>(x.as_ptr().wrapping_add(512).cast());
                    _mm_prefetch::<_MM_HINT_T0>(y.as_ptr().wrapping_add(512).cast());
                }
            }
            for j in 0..LANES {
                let (t, d) = $f(x[j], y[j]);
                if $split {
                    triple_push(&mut ds, j, d);
                }
                lanes.add::<$lo, $rel>(j, t);
            }
        }
        for j in 0..pr.len() {
            let (t, d) = $f(pr[j], qr[j]);
            if $split {
                triple_push(&mut ds, j, d);
            }
            lanes.add::<$lo, $rel>(j, t);
        }
        let tots = if $split {
            lane_totals(p.len(), &ds)
        } else {
            [Triple::default(); LANES]
        };
        match lanes.finish(p.len()) {
            Some(r) => (r, tots),
            None => $or,
        }
    }};
    ($split:expr, $lo:expr, $rel:expr, $kind:expr, $p:expr, $q:expr, $f:expr) => {{
        let (p, q): (&[f64], &[f64]) = ($p, $q);
        slice_chunk!(@or $split, $lo, $rel, p, q, $f, {
            let r = slow_sum(0, p.len(), &|i| lazy::defer($kind, p[i], q[i]));
            (r, [Triple::default(); LANES])
        })
    }};
}

/// A kernel's term with no exact part ([`slice_chunk`]).
macro_rules! whole {
    ($f:expr) => {
        |x: f64, y: f64| ($f(x, y), 0.0)
    };
}

/// `−x ln x` with the two-argument shape of the other kernels.
#[inline(always)]
fn neg_xlnx2(x: f64, _: f64) -> Approx {
    fast::neg_xlnx(x)
}

/// [`fast::kl_split`] as a term and an exact part.
#[inline(always)]
fn kl_split2(x: f64, y: f64) -> (Approx, f64) {
    let (t, e, d) = fast::kl_split(x, y);
    (Approx::new(t, e), d)
}

/// [`fast::kl_split_quick`] as a term and an exact part.
#[inline(always)]
fn kl_split_quick2(x: f64, y: f64) -> (Approx, f64) {
    let (t, e, d) = fast::kl_split_quick(x, y);
    (Approx::new(t, e), d)
}

#[inline(always)]
fn slice_kernel(kernel: Kernel, p: &[f64], q: &[f64]) -> (Approx, Totals) {
    use SliceKind as K;
    let kind = match kernel {
        Kernel::KlSplit => {
            // the quick kernel, or where a ratio is beyond the double range
            // (or a term infinite) the one with the exponents split
            return slice_chunk!(@or true, false, true, p, q, kl_split_quick2, {
                slice_chunk!(true, false, true, lazy::KL, p, q, kl_split2)
            });
        }
        Kernel::Slice(k) => k,
    };
    match kind {
        K::XlnX => slice_chunk!(false, false, true, lazy::XLNX, p, q, whole!(neg_xlnx2)),
        K::XlnY => slice_chunk!(false, false, true, lazy::XLNY, p, q, whole!(fast::neg_xlny)),
        K::Bd0 => slice_chunk!(false, false, false, lazy::BD0, p, q, whole!(fast::bd0)),
        K::XlnXDd => {
            let t = dd::table();
            let f = |x, _| dd::neg_xlnx(t, x);
            slice_chunk!(false, true, false, lazy::XLNX_DD, p, q, whole!(f))
        }
        K::XlnYDd => {
            let t = dd::table();
            let f = |x, y| dd::neg_xlny(t, x, y);
            slice_chunk!(false, true, false, lazy::XLNY_DD, p, q, whole!(f))
        }
        K::Bd0Dd => {
            let t = dd::table();
            let f = |x, y| dd::bd0(t, x, y);
            slice_chunk!(false, true, false, lazy::BD0_DD, p, q, whole!(f))
        }
        K::JsdDd => {
            let t = dd::table();
            let f = |x, y| dd::jsd_term(t, x, y);
            slice_chunk!(false, true, false, lazy::JSD_DD, p, q, whole!(f))
        }
        K::KlDd => {
            let t = dd::table();
            let f = |x, y| dd::kl_term(t, x, y);
            slice_chunk!(false, true, false, lazy::KL_DD, p, q, whole!(f))
        }
        K::Jsd => {
            // bit-identical to `jsd_term` below 2^1023 (tested in `fast`)
            let small = p
                .iter()
                .zip(q)
                .fold(true, |b, (&x, &y)| b & fast::below_big(x, y));
            if small {
                slice_chunk!(
                    false,
                    false,
                    false,
                    lazy::JSD,
                    p,
                    q,
                    whole!(fast::jsd_term_below_big)
                )
            } else {
                slice_chunk!(false, false, false, lazy::JSD, p, q, whole!(fast::jsd_term))
            }
        }
    }
}

/// [`slice_kernel`] compiled for AVX2 + FMA.
///
/// # Safety
/// Only call on a CPU with AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn slice_avx2(kernel: Kernel, p: &[f64], q: &[f64]) -> (Approx, Totals) {
    slice_kernel(kernel, p, q)
}

/// [`slice_kernel`] compiled for AVX-512 (F, DQ, VL) + FMA.
///
/// # Safety
/// Only call on a CPU with those features.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
unsafe fn slice_avx512(kernel: Kernel, p: &[f64], q: &[f64]) -> (Approx, Totals) {
    slice_kernel(kernel, p, q)
}

/// The widest [`slice_kernel`] this CPU runs (bit-identical results, as
/// for [`chunk_dispatch`]).
fn kernel_dispatch(kernel: Kernel, p: &[f64], q: &[f64]) -> (Approx, Totals) {
    match simd() {
        // SAFETY: `simd` detected the features.
        #[cfg(target_arch = "x86_64")]
        Simd::Avx512 => unsafe { slice_avx512(kernel, p, q) },
        // SAFETY: as above.
        #[cfg(target_arch = "x86_64")]
        Simd::Avx2 => unsafe { slice_avx2(kernel, p, q) },
        Simd::Base => slice_kernel(kernel, p, q),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::float::test_rng::{unit, xorshift};

    /// Random inputs of three flavours: uniform in `[0, 1)`, with zeros,
    /// with subnormals and other random bit patterns.
    fn inputs(next: &mut impl FnMut() -> u64, n: usize, variant: u32) -> Vec<f64> {
        (0..n)
            .map(|_| {
                let r = next();
                let u = unit(r);
                match (r & 0x3f, variant) {
                    (0, 1) => 0.0,
                    (1, 2) => f64::from_bits(r >> 13),
                    _ => u,
                }
            })
            .collect()
    }

    const LENGTHS: [usize; 9] = [1, 5, 8, 63, 64, 65, 200, 4095, 4096];

    /// Every slice kernel is the generic chunk sum of its deferred terms
    /// bit for bit, for every length class up to a chunk, with zeros
    /// (`q = 0 < p`: the careful path) and subnormals.
    #[test]
    fn slice_chunks_are_the_deferred_chunks() {
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let bits = |x: &Approx| (x.hi.to_bits(), x.lo.to_bits(), x.err.to_bits());
        use SliceKind as K;
        let kinds = [
            (lazy::XLNX, K::XlnX),
            (lazy::XLNY, K::XlnY),
            (lazy::BD0, K::Bd0),
            (lazy::JSD, K::Jsd),
            (lazy::XLNX_DD, K::XlnXDd),
            (lazy::XLNY_DD, K::XlnYDd),
            (lazy::BD0_DD, K::Bd0Dd),
            (lazy::JSD_DD, K::JsdDd),
            (lazy::KL_DD, K::KlDd),
        ];
        for n in LENGTHS {
            for variant in 0..3 {
                let p = inputs(&mut next, n, variant);
                let q = inputs(&mut next, n, variant);
                for (lz, kind) in kinds {
                    let q = if kind == K::XlnX || kind == K::XlnXDd {
                        &p
                    } else {
                        &q
                    };
                    let term = |i: usize| lazy::defer(lz, p[i], q[i]);
                    let a = chunk_dispatch(0, n, &term);
                    let (b, _) = kernel_dispatch(Kernel::Slice(kind), &p, q);
                    assert_eq!(bits(&a), bits(&b), "{kind:?} variant {variant}, n = {n}");
                }
            }
        }
        // and the comparison can fail: another kind gives other bits
        let p = [0.25, 0.75];
        let q = [0.5, 0.5];
        let (a, _) = kernel_dispatch(Kernel::Slice(K::Bd0), &p, &q);
        let (b, _) = kernel_dispatch(Kernel::Slice(K::Jsd), &p, &q);
        assert_ne!(bits(&a), bits(&b));
    }

    /// The split KL sum (rounded parts plus exact parts) and the careful
    /// path's sum of whole terms enclose a common value, and the split one
    /// is not looser; the exact parts are the near-regime differences.
    #[test]
    fn kl_split_chunks_agree_with_whole_terms() {
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        for n in LENGTHS {
            for variant in 0..3 {
                let p = inputs(&mut next, n, variant);
                let q = inputs(&mut next, n, variant);
                let (g, t) = kernel_dispatch(Kernel::KlSplit, &p, &q);
                let split = g.plus(finish_triples(t.iter().copied()));
                let whole = slow_sum(0, n, &|i| lazy::defer(lazy::KL, p[i], q[i]));
                if whole.is_exact_inf() {
                    assert_eq!(split, whole, "variant {variant}, n = {n}");
                    continue;
                }
                let gap = ((split.hi - whole.hi) + (split.lo - whole.lo)).abs();
                assert!(
                    gap <= (split.err + whole.err) * (1.0 + 1e-9),
                    "variant {variant}, n = {n}: {split:?} vs {whole:?}"
                );
                assert!(split.err <= whole.err * 1.001 + 1e-300, "n = {n}");
                if n >= 5 {
                    // and a kernel that dropped the exact parts is caught
                    let wrong = ((g.hi - whole.hi) + (g.lo - whole.lo)).abs();
                    assert!(wrong > g.err + whole.err, "variant {variant}, n = {n}");
                }
                let near = p
                    .iter()
                    .zip(&q)
                    .filter(|(&x, &y)| x > 0.0 && y > 0.0 && x + x >= y && y + y >= x)
                    .map(|(&x, &y)| x - y)
                    .collect::<Vec<f64>>();
                let d = exact_sum(near.len(), |i| near[i]);
                let dt = finish_triples(t.iter().copied());
                assert!(((dt.hi - d.hi) + (dt.lo - d.lo)).abs() <= dt.err + d.err);
            }
        }
    }
}
