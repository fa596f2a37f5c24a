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
    (start..end).fold(Approx::ZERO, |acc, i| acc.plus(term(i)))
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
        parts.into_iter().fold(Approx::ZERO, Approx::plus)
    } else {
        (0..chunks).map(part).fold(Approx::ZERO, Approx::plus)
    }
}

/// Triple-double accumulator for sums of exact doubles: `s + c + cc`, the
/// roundings of `s` and of `c` kept exactly (TwoSum), those of `cc` bounded.
#[derive(Clone, Copy, Default)]
struct Triple {
    s: f64,
    c: f64,
    cc: f64,
    /// `Σ|x|` fed so far (for the a-priori bound of `cc`'s roundings).
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
        self.a += x.abs();
        self.k += 1.0;
    }

    /// `|ρ_i| ≤ u|c_i| ≤ u·k·u·A·1.01`; `cc` adds at most `u|cc_i|` per
    /// step: in total `≤ 2k³u³A`.
    fn cc_bound(&self) -> f64 {
        let k = self.k + 1.0;
        2.0 * k * k * k * U * U * U * self.a * (1.0 + 2.0 * k * U)
    }
}

/// `Σ_{i<n} x(i)` of exact doubles, to about `u³` relative: the result is
/// `hi + lo` with the exactly known residual (and `cc`'s bound) as `err`,
/// so a sum that is a double-double (e.g. two terms) has error ~`u³·Σ|x|`.
/// Deterministic for any thread count (same chunking as [`sum`]).
pub fn exact_sum<F>(n: usize, x: F) -> Approx
where
    F: Fn(usize) -> f64 + Sync + Send,
{
    let chunk = |c: usize| {
        let mut t = Triple::default();
        for i in c * CHUNK..((c + 1) * CHUNK).min(n) {
            t.push(x(i));
        }
        t
    };
    let chunks = n.div_ceil(CHUNK).max(1);
    let parts: Vec<Triple> = if n >= PAR_MIN {
        (0..chunks).into_par_iter().map(chunk).collect()
    } else {
        (0..chunks).map(chunk).collect()
    };
    let mut tot = Triple::default();
    let mut bound = 0.0;
    for p in &parts {
        if !(p.s.is_finite() && p.c.is_finite() && p.cc.is_finite() && p.a.is_finite()) {
            return Approx::UNKNOWN;
        }
        bound += p.cc_bound();
        tot.push(p.s);
        tot.push(p.c);
        tot.push(p.cc);
    }
    if !(tot.s.is_finite() && tot.c.is_finite() && tot.cc.is_finite() && tot.a.is_finite()) {
        return Approx::UNKNOWN;
    }
    bound += tot.cc_bound();
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
