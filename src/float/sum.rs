//! Chunked double-double summation with a running error bound.
//!
//! The index range is cut into fixed chunks of [`CHUNK`] terms. Each chunk is
//! summed left to right with TwoSum (the rounding error of every addition is
//! kept exactly and accumulated in a second double), together with the sum of
//! the terms' own bounds and of their magnitudes. The chunk results are then
//! combined left to right with [`Approx::add`]. Chunk boundaries and the
//! combination order depend only on `n`, so the result is bit-identical for
//! any number of threads; above [`PAR_MIN`] terms the chunks are evaluated
//! by rayon.

use super::approx::{two_sum, up, Approx, U};
use rayon::prelude::*;

/// Terms per chunk.
pub const CHUNK: usize = 4096;
/// Below this many terms, no threads are used.
pub const PAR_MIN: usize = 1 << 16;

/// Sum of `term(i)` for `i` in `start..end` (at most [`CHUNK`] terms).
///
/// Bound (`k` terms, `s_i` running sums, `r_i` TwoSum errors, `c` their
/// running sum): every `r_i` is exact, `|r_i| ≤ u|s_i| ≤ 1.01u·A` with
/// `A = Σ|hi_i|`; the two roundings per step in `c` cost at most
/// `u(|fl(r_i + lo_i)| + |c_i|)`, in total `≤ 3(k+1)²u²A + 3(k+1)u·L`
/// (`L = Σ|lo_i|`). The terms' own bounds are summed naively (non-negative,
/// so the computed sum is at least `(1 − ku)` times the true one; we inflate
/// by `1 + 2(k+2)u`).
#[inline(always)]
fn chunk_sum<F: Fn(usize) -> Approx>(start: usize, end: usize, term: &F) -> Approx {
    let (mut s, mut c, mut e, mut a, mut l) = (0.0f64, 0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for i in start..end {
        let t = term(i);
        let (ns, r) = two_sum(s, t.hi);
        s = ns;
        c += r + t.lo;
        e += t.err;
        a += t.hi.abs();
        l += t.lo.abs();
    }
    if !(s.is_finite() && c.is_finite() && e < f64::INFINITY && a < f64::INFINITY && l.is_finite())
    {
        return slow_sum(start, end, term);
    }
    let k = (end - start) as f64 + 1.0;
    let cerr = 3.0 * k * k * U * U * a + 3.0 * k * U * l;
    let err = e * (1.0 + 2.0 * (k + 1.0) * U) + cerr;
    let (h, lo) = two_sum(s, c);
    Approx {
        hi: h,
        lo,
        err: up(err),
    }
}

/// Careful path: exact infinities, overflow, unknown terms.
#[cold]
fn slow_sum<F: Fn(usize) -> Approx>(start: usize, end: usize, term: &F) -> Approx {
    (start..end).fold(Approx::ZERO, |acc, i| acc.add(term(i)))
}

/// `Σ_{i<n} term(i)`, deterministic for any thread count.
pub fn sum<F>(n: usize, term: F) -> Approx
where
    F: Fn(usize) -> Approx + Sync + Send,
{
    if n <= CHUNK {
        return chunk_sum(0, n, &term);
    }
    let chunks = n.div_ceil(CHUNK);
    let part = |c: usize| chunk_sum(c * CHUNK, ((c + 1) * CHUNK).min(n), &term);
    if n >= PAR_MIN {
        let parts: Vec<Approx> = (0..chunks).into_par_iter().map(part).collect();
        parts.into_iter().fold(Approx::ZERO, Approx::add)
    } else {
        (0..chunks).map(part).fold(Approx::ZERO, Approx::add)
    }
}
