"""LCMCR: Bayesian non-parametric latent-class capture-recapture (Manrique-Vallier 2016).

People fall into up to K latent classes (truncated stick-breaking prior with concentration
alpha ~ Gamma(a, b)); within a class the lists capture independently with probabilities
lambda[j, k] ~ Beta(1, 1). The Gibbs sampler works on tabulated cells, not on individuals,
and augments the data with the unseen people: with the prior p(N) proportional to 1/N, the
number missed given the parameters is negative binomial. Defaults are those of R's LCMCR
and of HRDAG's practice: K = min(2^J - 1, 15), a = b = 0.25.

Speed (bench/estimate.py): the random variates come from casefile.estimate.rng (xoshiro256**
on a state the chain owns, Marsaglia-Tsang gammas, BTRS binomials) instead of numba's
np.random, and class weights are plain products while every lambda is inside [1e-6, 1 - 1e-6]
(log space otherwise). The sampled distribution is the same as before; the stream of draws for
a given seed is not (a seed gives the same draws as before the change only within a version).
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import multiprocessing as mp
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from numba import njit

from casefile.errors import CasefileError
from casefile.estimate import rng
from casefile.estimate.patterns import PatternTable
from casefile.estimate.results import Estimate, posterior_summary

Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

RHAT_WARNING = 1.1


@dataclass
class Settings:
    k: int | None = None  # latent classes; None: min(2^J - 1, 15)
    a_alpha: float = 0.25
    b_alpha: float = 0.25
    burnin: int = 10_000
    samples: int = 1_000
    thinning: int = 100
    chains: int = 2
    seed: int = 19481210


@njit(cache=True, inline="always")
def _log_weights(lam: Array, pi: Array, base: Array, logit: Array) -> None:
    """base[k] = log pi_k + sum_j log(1 - lam_jk); logit[j, k] = log(lam_jk / (1 - lam_jk))."""
    j, k = lam.shape
    for kk in range(k):
        acc = math.log(pi[kk]) if pi[kk] > 0 else -np.inf
        for jj in range(j):
            log_1m = math.log1p(-lam[jj, kk])
            logit[jj, kk] = math.log(lam[jj, kk]) - log_1m
            acc += log_1m
        base[kk] = acc


@njit(cache=True, inline="always")
def _log_gamma(rs: rng.State, spare: Array, shape: float) -> float:
    """log of a Gamma(shape, 1) draw, without underflow for small shapes: for shape < 1,
    G(a) = G(a + 1) U^(1/a), so log G(a) = log G(a + 1) - E / a with E exponential
    (Robert & Casella 2004, as R's LCMCR in dan_log_gamma_1, which switches at shape 0.5;
    rng.gamma boosts below 1, and both are exact)."""
    if shape >= 1.0:
        return math.log(rng.gamma(rs, spare, shape))
    return math.log(rng.gamma(rs, spare, shape + 1.0)) - rng.exponential(rs) / shape


@njit(cache=True, inline="always")
def _log_beta_pair(rs: rng.State, spare: Array, a: float, b: float) -> tuple[float, float]:
    """(log V, log(1 - V)) of V ~ Beta(a, b), neither rounded to 0 nor clamped.

    V = X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b) drawn as logs. With a = 1 (an empty
    class: most of the stick-breaking draws) the inverse is explicit instead:
    1 - V = U^(1/b), so log(1 - V) = -E / b and log V = log(1 - exp(-E / b)).
    """
    if a == 1.0:
        log_1mv = -rng.exponential(rs) / b
        return math.log(-math.expm1(log_1mv)), log_1mv
    lx = _log_gamma(rs, spare, a)
    ly = _log_gamma(rs, spare, b)
    hi = max(lx, ly)
    lsum = hi + math.log1p(math.exp(min(lx, ly) - hi))
    return lx - lsum, ly - lsum


def _gibbs(
    ones_ptr: IntArray,
    ones_idx: IntArray,
    counts: IntArray,
    j: int,
    k: int,
    a_alpha: float,
    b_alpha: float,
    burnin: int,
    samples: int,
    thinning: int,
    seed: int,
) -> tuple[Array, Array, IntArray]:
    """One chain: posterior draws of N, alpha and the number of occupied classes.

    Every array the chain needs is allocated here, once; the sweeps then run in one compiled
    call that allocates nothing and does no reference counting (``_nrt=False``: in the
    inlined samplers, numba's atomic reference counts on the state arrays took a fifth of
    the time of a Kosovo sweep).
    """
    n_draws = np.empty(samples)
    alpha_draws = np.empty(samples)
    occupied = np.empty(samples, dtype=np.int64)
    _chain(
        ones_ptr,
        ones_idx,
        counts,
        j,
        k,
        a_alpha,
        b_alpha,
        burnin,
        samples,
        thinning,
        rng.new_state(seed),
        rng.new_spare(),
        np.empty((j, k)),
        np.empty(k),
        np.empty((j, k)),
        np.empty((j, k)),
        np.empty(k),
        np.empty(k),
        np.empty(k),
        np.empty(k),
        np.tile(np.arange(k, dtype=np.int64), (counts.shape[0], 1)),
        np.zeros(k, dtype=np.int64),
        np.zeros((j, k), dtype=np.int64),
        np.zeros(k, dtype=np.int64),
        n_draws,
        alpha_draws,
        occupied,
    )
    return n_draws, alpha_draws, occupied


@njit(cache=True, _nrt=False)  # type: ignore[call-overload, untyped-decorator]
def _chain(
    ones_ptr: IntArray,
    ones_idx: IntArray,
    counts: IntArray,
    j: int,
    k: int,
    a_alpha: float,
    b_alpha: float,
    burnin: int,
    samples: int,
    thinning: int,
    rs: rng.State,
    spare: Array,
    lam: Array,
    pi: Array,
    logit: Array,
    odds: Array,
    q0: Array,
    base: Array,
    w: Array,
    cum: Array,
    orders: IntArray,
    m: IntArray,
    s: IntArray,
    z_cell: IntArray,
    n_draws: Array,
    alpha_draws: Array,
    occupied: IntArray,
) -> None:
    """All sweeps of one chain, on the tabulated cells (``counts`` people share each observed
    pattern): class weights of every cell, one multinomial per cell for the people's
    classes, the unseen count and its classes, then lambda, the stick-breaking weights and
    alpha. ``odds[j]`` = lam / (1 - lam) and ``q0`` = pi * prod_j (1 - lam) (the all-zero
    pattern) are contiguous over the classes, so a cell's weights are a few vector products.
    ``orders[c]`` keeps cell c's classes sorted by weight from one sweep to the next, so
    each sweep's sort starts almost sorted.
    """
    n_cells = counts.shape[0]
    n_obs = 0
    for c in range(n_cells):
        n_obs += counts[c]
    # Start as R's LCMCR does: every class captures like the lists' marginal frequencies,
    # most weight on four classes, small alpha. The posterior can be multimodal (Colombia),
    # so where the chain starts matters for what a finite run explores.
    for jj in range(j):
        on = 0
        for c in range(n_cells):
            for t in range(ones_ptr[c], ones_ptr[c + 1]):
                if ones_idx[t] == jj:
                    on += counts[c]
        for kk in range(k):
            lam[jj, kk] = min(max(on / n_obs, 1e-6), 1.0 - 1e-6)
    alpha = 0.3 / k
    if k <= 4:
        pi[:] = 1.0 / k
    else:
        pi[:4] = 0.25 * 0.9
        pi[4:] = 0.1 / (k - 4)
    total_sweeps = burnin + samples * thinning
    saved = 0
    for sweep in range(total_sweeps):
        # Class weights of a capture pattern: pi_k * prod_j lam^x (1 - lam)^(1 - x)
        # = q0_k * prod_{j on} odds_jk. While every lam is inside [1e-6, 1 - 1e-6] plain
        # products cannot overflow, so they are used (no log or exp per cell); otherwise,
        # or when a cell's products underflow, the weights are computed in log space.
        direct = True
        for kk in range(k):
            q0[kk] = pi[kk]
        for jj in range(j):
            for kk in range(k):
                x = lam[jj, kk]
                if x < 1e-6 or x > 1.0 - 1e-6:
                    direct = False
                q0[kk] *= 1.0 - x
                odds[jj, kk] = x / (1.0 - x)
        have_logs = False
        if not direct:
            _log_weights(lam, pi, base, logit)
            have_logs = True
        for kk in range(k):
            m[kk] = 0
        for jj in range(j):
            for kk in range(k):
                s[jj, kk] = 0
        # Latent classes of the observed people, cell by cell.
        for c in range(n_cells):
            lo = ones_ptr[c]
            hi = ones_ptr[c + 1]
            mx = 0.0
            if direct:
                for kk in range(k):
                    w[kk] = q0[kk]
                for t in range(lo, hi):
                    jj = ones_idx[t]
                    for kk in range(k):
                        w[kk] *= odds[jj, kk]
                for kk in range(k):
                    mx = max(mx, w[kk])
            if mx < 1e-250:
                if not have_logs:
                    _log_weights(lam, pi, base, logit)
                    have_logs = True
                for kk in range(k):
                    w[kk] = base[kk]
                for t in range(lo, hi):
                    jj = ones_idx[t]
                    for kk in range(k):
                        w[kk] += logit[jj, kk]
                mx = -np.inf
                for kk in range(k):
                    mx = max(mx, w[kk])
                for kk in range(k):
                    w[kk] = math.exp(w[kk] - mx)
            n_c = counts[c]
            if n_c == 1:
                kk = rng.categorical(rs, w, np.sum(w))
                m[kk] += 1
                for t in range(lo, hi):
                    s[ones_idx[t], kk] += 1
                continue
            for kk in range(k):
                z_cell[kk] = 0
            rng.multinomial_into(rs, n_c, w, cum, orders[c], z_cell)
            for kk in range(k):
                m[kk] += z_cell[kk]
            for t in range(lo, hi):
                jj = ones_idx[t]
                for kk in range(k):
                    s[jj, kk] += z_cell[kk]
        # The unseen: N - n ~ NegBin(n, 1 - p0) under p(N) ~ 1/N, a gamma-Poisson mixture:
        # given G ~ Gamma(n), N - n ~ Poisson(G p0 / (1 - p0)), and its split over the
        # classes in proportion to w is multinomial. A multinomially split Poisson is a set
        # of independent Poissons, so each class's unseen count is drawn directly: K
        # Poisson draws (mostly small means) instead of one large Poisson and a multinomial
        # of thousands of people into the classes (several large binomials).
        p0 = 0.0
        for kk in range(k):
            w[kk] = q0[kk] if direct else math.exp(base[kk])
            p0 += w[kk]
        n0 = 0
        if p0 > 0:
            p0c = min(p0, 1.0 - 1e-12)
            scale = rng.gamma(rs, spare, n_obs) * (p0c / (1.0 - p0c)) / p0
            for kk in range(k):
                d0 = rng.poisson(rs, scale * w[kk])
                m[kk] += d0
                n0 += d0
        for jj in range(j):
            for kk in range(k):
                x = rng.beta(rs, spare, 1.0 + s[jj, kk], 1.0 + m[kk] - s[jj, kk])
                if x <= 0.0:
                    x = 1e-300
                elif x >= 1.0:
                    x = 1.0 - 1e-16
                lam[jj, kk] = x
        # Truncated stick-breaking weights and their concentration, in log space as R's
        # LCMCR does (CNPLCM_CR_Basic_Freq::sam_nu and sam_alpha in src/NPLCM_CR_Basic_Freq.cpp
        # of the CRAN package, with dan_log_gamma_1 of src/daniel2/dan_math_gsl.h):
        # V_k ~ Beta(1 + m_k, alpha + sum_{l>k} m_l), log pi_k = log V_k + sum_{l<k} log(1 - V_l),
        # the last class takes the rest, and alpha ~ Gamma(a + K - 1, b - sum_{k<K} log(1 - V_k)).
        # log(1 - V) must not be bounded: with few occupied classes the empty ones have
        # V ~ Beta(1, alpha), log(1 - V) = -E / alpha, and small alpha is sampled only if
        # that sum can reach -E / alpha. Clamping V at 1 - 1e-16 (until issue 24, item 8) bounded
        # each term at -36.7 and cut off most of the region alpha < 0.02.
        tail = 0
        for kk in range(k):
            tail += m[kk]
        acc = 0.0  # sum of log(1 - V_l) over the classes before kk
        for kk in range(k - 1):
            tail -= m[kk]
            log_v, log_1mv = _log_beta_pair(rs, spare, 1.0 + m[kk], alpha + tail)
            pi[kk] = math.exp(log_v + acc)
            acc += log_1mv
        pi[k - 1] = math.exp(acc)
        alpha = rng.gamma(rs, spare, a_alpha + k - 1) / (b_alpha - acc)
        # Only a guard against alpha = 0 (then Beta(1, 0)): -E / alpha stays finite for
        # alpha >= 1e-300, and the posterior mass below it is about (1e-300)^a_alpha.
        alpha = max(alpha, 1e-300)
        if sweep >= burnin and (sweep - burnin + 1) % thinning == 0:
            n_draws[saved] = n_obs + n0
            alpha_draws[saved] = alpha
            # Classes holding at least 1% of the population: tiny ones are prior noise.
            occ = 0
            for kk in range(k):
                if m[kk] >= 0.01 * (n_obs + n0):
                    occ += 1
            occupied[saved] = occ
            saved += 1


def drop_stale_compiled(dispatcher: Any, inlined: Path) -> bool:
    """Drops numba's cached machine code of ``dispatcher`` if ``inlined`` changed since.

    numba keys a cached function on its own source file only, but ``_chain`` inlines the
    samplers of ``rng.py``: after an edit or an upgrade that changed ``rng.py`` alone, the
    cached chain would go on running the old samplers (tests and benchmarks included). The
    hash of the inlined file the cache was built with is kept beside the cache. Returns True
    when the cache was dropped (the next call compiles afresh).
    """
    cache = getattr(dispatcher, "_cache", None)
    if cache is None:
        return False  # not a compiled dispatcher (NUMBA_DISABLE_JIT=1): nothing cached
    func = dispatcher.py_func
    digest = hashlib.sha256(inlined.read_bytes()).hexdigest()
    name = f"{func.__module__.rsplit('.', 1)[-1]}.{func.__qualname__}.{inlined.stem}-sha256"
    mark = Path(cache.cache_path) / name
    try:
        if mark.read_text() == digest:
            return False
    except OSError:
        pass  # no mark yet: a cache without one may be stale too
    cache.flush()
    # A read-only cache directory: numba does not write the cache there either.
    with contextlib.suppress(OSError):
        mark.write_text(digest)
    return True


drop_stale_compiled(_chain, Path(rng.__file__))


def _cells(table: PatternTable) -> tuple[IntArray, IntArray, IntArray]:
    """Observed cells as a sparse list of the lists each pattern is on."""
    j = table.j
    cells = np.nonzero(table.counts > 0)[0]
    ptr = [0]
    idx: list[int] = []
    for c in cells:
        idx += [k for k in range(j) if (c >> (j - 1 - k)) & 1]
        ptr.append(len(idx))
    return (
        np.asarray(ptr, dtype=np.int64),
        np.asarray(idx, dtype=np.int64),
        table.counts[cells].astype(np.int64),
    )


def default_k(j: int) -> int:
    return int(min(2**j - 1, 15))


def _run_chain(args: tuple[PatternTable, Settings, int, int]) -> tuple[Array, Array, IntArray]:
    table, st, k, seed = args
    ptr, idx, counts = _cells(table)
    return _gibbs(
        ptr,
        idx,
        counts,
        table.j,
        k,
        st.a_alpha,
        st.b_alpha,
        st.burnin,
        st.samples,
        st.thinning,
        seed,
    )


def run_chains(table: PatternTable, settings: Settings) -> list[tuple[Array, Array, IntArray]]:
    """Runs the chains, in parallel processes when there are several cores."""
    if table.j < 3:
        raise CasefileError("LCMCR needs at least three lists with records")
    k = default_k(table.j) if settings.k is None else settings.k
    if k < 1:
        raise CasefileError("the number of latent classes K must be at least 1")
    if settings.samples < 1 or settings.thinning < 1 or settings.burnin < 0:
        raise CasefileError("samples and thinning must be >= 1, burn-in >= 0")
    seeds = np.random.SeedSequence(settings.seed).generate_state(settings.chains)
    jobs = [(table, settings, k, int(s) % (2**31 - 1)) for s in seeds]
    workers = min(settings.chains, os.cpu_count() or 1)
    if workers <= 1 or settings.chains == 1:
        return [_run_chain(job) for job in jobs]
    _run_chain((table, Settings(burnin=0, samples=1, thinning=1), k, 1))  # compile before fork
    with mp.get_context("fork").Pool(workers) as pool:
        return pool.map(_run_chain, jobs)


def split_rhat(chains: list[Array]) -> float:
    """Split-chain potential scale reduction (Gelman et al., BDA3 11.4)."""
    halves: list[Array] = []
    for c in chains:
        h = len(c) // 2
        if h < 2:
            return math.nan
        halves += [c[:h], c[h : 2 * h]]
    x = np.stack(halves)
    n = x.shape[1]
    b = n * x.mean(axis=1).var(ddof=1)
    w = x.var(axis=1, ddof=1).mean()
    if w == 0:
        return math.nan
    var = (n - 1) / n * w + b / n
    return float(math.sqrt(var / w))


def effective_size(chains: list[Array]) -> float:
    """Effective sample size over chains (Geyer's initial positive sequence per chain)."""
    total = 0.0
    for c in chains:
        x = c - c.mean()
        n = len(x)
        v = float(x @ x) / n
        if v == 0 or n < 4:
            total += n
            continue
        f = np.fft.rfft(x, 2 * n)
        acf = np.fft.irfft(f * np.conj(f))[:n] / (n * v)
        tau = 1.0
        for t in range(1, n - 1, 2):
            pair = acf[t] + acf[t + 1]
            if pair <= 0:
                break
            tau += 2 * pair
        total += n / tau
    return total


def estimate(
    table: PatternTable, settings: Settings | None = None, interval: float = 0.95
) -> Estimate:
    """Posterior median of N and the equal-tailed interval, with chain diagnostics."""
    return estimate_with_draws(table, settings, interval)[0]


def estimate_with_draws(
    table: PatternTable, settings: Settings | None = None, interval: float = 0.95
) -> tuple[Estimate, Array]:
    """As :func:`estimate`, also returning the pooled posterior draws of N (for strata sums)."""
    st = Settings() if settings is None else settings
    results = run_chains(table, st)
    chains = [r[0] for r in results]
    draws = np.concatenate(chains)
    a = (1 - interval) / 2
    lo, med, hi = (float(q) for q in np.quantile(draws, [a, 0.5, 1 - a]))
    rhat = split_rhat(chains) if len(chains) > 1 else math.nan
    ess = effective_size(chains)
    warnings = list(table.warnings)
    if len(chains) > 1 and (not math.isfinite(rhat) or rhat > RHAT_WARNING):
        medians = ", ".join(f"{np.median(c):,.0f}" for c in chains)
        warnings.append(
            f"the chains disagree (R-hat {rhat:.2f} > {RHAT_WARNING}; chain medians {medians}): "
            "run longer chains before relying on this"
        )
    if ess < 100:
        warnings.append(f"only {ess:.0f} effective draws of N: run longer chains")
    k = default_k(table.j) if st.k is None else st.k
    occ = np.concatenate([r[2] for r in results])
    if float(np.mean(occ >= k)) > 0.05:
        warnings.append(f"all {k} latent classes often hold 1% or more of the people: increase K")
    result = Estimate(
        method="lcmcr",
        observed=table.observed,
        estimate=med,
        lower=lo,
        upper=hi,
        interval=interval,
        diagnostics={
            "posterior_mean": float(draws.mean()),
            "quantiles": {
                str(q): float(np.quantile(draws, q))
                for q in (0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975)
            },
            "rhat": rhat,
            "ess": ess,
            "chains": len(chains),
            "chain_medians": [float(np.median(c)) for c in chains],
            "K": k,
            "a_alpha": st.a_alpha,
            "b_alpha": st.b_alpha,
            "burnin": st.burnin,
            "samples_per_chain": st.samples,
            "thinning": st.thinning,
            "seed": st.seed,
            "mean_occupied_classes": float(occ.mean()),
            "posterior": posterior_summary(draws),
        },
        warnings=warnings,
    )
    return result, draws
