"""Log-linear (Poisson GLM) capture-recapture models, as R's Rcapture fits them.

The 2^J - 1 observable cells are modelled as Poisson with log mean X beta; the intercept is
the log of the expected count in the unobservable all-zero cell, so N = n + exp(beta_0).
Models are the heterogeneity models M0/Mt/Mth and hierarchical interaction models
(every main effect, no J-way term, which would make the missing cell unidentifiable).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import combinations
from typing import cast

import numpy as np
import numpy.typing as npt
from numba import njit
from scipy import optimize, special, stats

from casefile.errors import CasefileError
from casefile.estimate.patterns import PatternTable

Array = npt.NDArray[np.float64]
Term = tuple[int, ...]  # 0-based list positions in an interaction term

# Above this ratio of estimate to observed the intercept is running off to infinity rather
# than converging: Rcapture then prints numbers like 4.4e13 for the Western AIC-best model.
EXPLODING_RATIO = 1000.0
HETEROGENEITY = ("Chao", "Poisson", "Darroch", "Gamma")


@dataclass
class Fit:
    name: str
    terms: list[Term]
    beta: Array
    info: Array  # Fisher information; its pseudo-inverse (cov) is computed only when asked
    loglik: float
    deviance: float
    df: int
    n_obs: int
    converged: bool
    problem: str | None = None  # why this model's estimate must not be used
    x_full: Array | None = None  # design including the unseen cell (row 0), for the profile

    @property
    def estimate(self) -> float:
        return self.n_hat

    @cached_property
    def cov(self) -> Array:
        if not np.all(np.isfinite(self.info)):
            return np.full(self.info.shape, np.nan)
        try:
            return cast(Array, np.linalg.pinv(self.info))
        except np.linalg.LinAlgError:
            return np.full(self.info.shape, np.nan)

    @property
    def usable(self) -> bool:
        return self.problem is None

    @property
    def refused(self) -> str | None:
        return self.problem

    @property
    def npar(self) -> int:
        return len(self.beta)

    @property
    def missing(self) -> float:
        b0 = float(self.beta[0])
        return math.exp(b0) if b0 < 700 else math.inf

    @property
    def n_hat(self) -> float:
        return self.n_obs + self.missing

    @property
    def se(self) -> float:
        # Delta method on exp(beta_0), plus the multinomial variance of the unseen count,
        # as Rcapture reports it.
        m = self.missing
        return math.sqrt(m * m * float(self.cov[0, 0]) + m) if math.isfinite(m) else math.inf

    @property
    def aic(self) -> float:
        return -2 * self.loglik + 2 * self.npar

    @property
    def bic(self) -> float:
        return -2 * self.loglik + math.log(self.n_obs) * self.npar


@dataclass
class Design:
    """Cell bits and term columns for J lists, built once and sliced per model."""

    j: int
    bits: npt.NDArray[np.int64] = field(init=False)  # (2^J, J), row 0 is the unseen cell
    _columns: dict[Term, Array] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        cells = np.arange(2**self.j)
        self.bits = np.stack([(cells >> (self.j - 1 - k)) & 1 for k in range(self.j)], axis=1)

    def column(self, term: Term) -> Array:
        cached = self._columns.get(term)
        if cached is None:
            cached = np.prod(self.bits[:, list(term)], axis=1).astype(float)
            self._columns[term] = cached
        return cached

    def matrix(self, terms: Sequence[Term]) -> Array:
        cols = [np.ones(2**self.j)] + [self.column(t) for t in terms]
        return np.stack(cols, axis=1)

    @property
    def nbcap(self) -> Array:
        return cast(Array, self.bits.sum(axis=1).astype(float))


def heterogeneity_columns(nbcap: Array, j: int, kind: str, theta: float | None) -> Array:
    if kind == "Chao":
        if j < 3:
            return np.zeros((len(nbcap), 0))
        return np.stack([np.maximum(nbcap - k + 1, 0) for k in range(3, j + 1)], axis=1)
    if kind == "Poisson":
        return (np.power(2.0 if theta is None else theta, nbcap) - 1)[:, None]
    if kind == "Darroch":
        return (nbcap**2 / 2)[:, None]
    if kind == "Gamma":
        th = 3.5 if theta is None else theta
        return (-np.log(th + nbcap) + math.log(th))[:, None]
    raise CasefileError(f"unknown heterogeneity model {kind!r}; use one of {HETEROGENEITY}")


def fit_poisson(
    x: Array, y: Array, mu0: Array | None = None, max_iter: int = 100, tol: float = 1e-10
) -> tuple[Array, Array, float, bool]:
    """IRLS for a Poisson GLM, log link: beta, information, log-likelihood, converged."""
    mu_start = (y + 0.5) if mu0 is None else mu0.copy()
    x = np.ascontiguousarray(x, dtype=np.float64)
    beta, mu, converged = _irls(x, np.asarray(y, dtype=np.float64), mu_start, max_iter, tol)
    info = x.T @ (x * mu[:, None])
    if not (np.all(np.isfinite(beta)) and np.all(np.isfinite(info))):
        return beta, info, -math.inf, False
    ll = float(np.sum(special.xlogy(y, mu) - mu - special.gammaln(y + 1)))
    return beta, info, ll, bool(converged)


@njit(cache=True)  # type: ignore[misc]
def _irls(x: Array, y: Array, mu: Array, max_iter: int, tol: float) -> tuple[Array, Array, bool]:
    # Compiled: thousands of tiny fits per model search, where NumPy's per-call overhead
    # would dominate. The deviance without its constant part is enough to see convergence.
    eta = np.log(mu)
    beta = np.zeros(x.shape[1])
    dev_old = np.inf
    y_sum = y.sum()
    for _ in range(max_iter):
        z = eta + (y - mu) / mu
        xw = x * mu[:, None]
        a = x.T @ xw
        b = xw.T @ z
        beta = _solve(a, b)
        eta = np.minimum(np.maximum(x @ beta, -700.0), 700.0)
        mu = np.exp(eta)
        dev = 0.0
        for i in range(len(y)):
            if y[i] > 0:
                dev -= y[i] * eta[i]
        dev = 2.0 * (mu.sum() - y_sum + dev)
        if abs(dev - dev_old) <= tol * (abs(dev) + 0.1):
            return beta, mu, True
        dev_old = dev
    return beta, mu, False


@njit(cache=True)  # type: ignore[misc]
def _solve(a: Array, b: Array) -> Array:
    """Gaussian elimination with partial pivoting (as LAPACK's solve); least squares when
    the system is singular, as for a model not identified on these cells. Written out because
    numba cannot catch LAPACK's error for a singular matrix."""
    n = a.shape[0]
    m = a.copy()
    v = b.copy()
    scale = np.max(np.abs(a))
    for k in range(n):
        piv = k + int(np.argmax(np.abs(m[k:, k])))
        if abs(m[piv, k]) <= 1e-13 * scale:
            return np.linalg.lstsq(a, b)[0]  # type: ignore[return-value]
        if piv != k:
            for c in range(n):
                m[k, c], m[piv, c] = m[piv, c], m[k, c]
            v[k], v[piv] = v[piv], v[k]
        for i in range(k + 1, n):
            f = m[i, k] / m[k, k]
            for c in range(k, n):
                m[i, c] -= f * m[k, c]
            v[i] -= f * v[k]
    out = np.zeros(n)
    for i in range(n - 1, -1, -1):
        acc = v[i]
        for c in range(i + 1, n):
            acc -= m[i, c] * out[c]
        out[i] = acc / m[i, i]
    return out


def _deviance(y: Array, mu: Array) -> float:
    return float(2 * np.sum(special.xlogy(y, y / mu) - (y - mu)))


NOT_CONVERGED = "the fit did not converge (the MLE probably does not exist)"
UNIDENTIFIED = (
    "zero cells leave the count of the unseen cell unidentified: the MLE of N does "
    "not exist for this model on these data"
)


def _check(fit: Fit, x: Array, y: Array) -> str | None:
    if not fit.converged:
        return NOT_CONVERGED
    if _mle_escapes(x[y > 0], x[y == 0]):
        return UNIDENTIFIED
    return _runs_off(fit)


def _runs_off(fit: Fit) -> str | None:
    if not math.isfinite(fit.n_hat) or fit.n_hat > EXPLODING_RATIO * fit.n_obs:
        return (
            f"the estimate runs off to {fit.n_hat:.3g} (over {EXPLODING_RATIO:g} times the "
            "observed count): the MLE does not exist for this model on these sparse data"
        )
    return None


@njit(cache=True)  # type: ignore[misc]
def _null_space(x: Array) -> Array:
    """Orthonormal basis (columns) of the null space of x, by Gram-Schmidt (done twice for
    accuracy) on the rows of x and then on the unit vectors: cheaper than an SVD for the
    small 0/1 designs here. Rows whose residual norm is below 1e-9 are dependent."""
    n, p = x.shape
    basis = np.empty((p, p))
    rank = 0
    for r in range(n + p):
        if r < n:
            v = x[r].copy()
        else:
            v = np.zeros(p)
            v[r - n] = 1.0
        for _ in range(2):
            for q in range(rank):
                d = float(np.sum(basis[q] * v))
                v -= d * basis[q]
        norm = math.sqrt(float(np.sum(v * v)))
        if r == n:
            row_rank = rank
        if norm > 1e-9 and rank < p:
            basis[rank] = v / norm
            rank += 1
    if n == 0:
        row_rank = 0
    return np.ascontiguousarray(basis[row_rank:].T)


def _mle_escapes(x_pos: Array, x_zero: Array) -> bool:
    """True when the count in the unseen cell is not identified by the data.

    If some direction d leaves the fit on the cells with records unchanged and only lowers
    the fitted zero cells, the likelihood keeps rising along d and the MLE does not exist
    (Haberman 1974; Fienberg and Rinaldo 2012). When d also moves the intercept (d_0 != 0)
    the unseen cell runs off to infinity or to zero: N is not estimable. When it does not,
    the extended MLE still gives a finite, legitimate N, as Rcapture reports it.
    Checked in the null space of the observed cells' design with two small non-negative
    least-squares problems (Farkas' lemma), the dual of the linear programmes max / min d_0.
    """
    # Work in the null space of the observed cells' design: d = null @ z. Most models then
    # need no linear programme at all (no null direction, or none that moves the intercept).
    null = _null_space(np.ascontiguousarray(x_pos, dtype=np.float64))
    if null.shape[1] == 0 or np.all(np.abs(null[0]) < 1e-9):
        return False
    if len(x_zero) == 0:
        return True  # nothing bounds the fit along a direction that moves the intercept
    # Farkas: no direction with x_zero d <= 0 moves d_0 up (down) exactly when n0 (-n0) is a
    # non-negative combination of the rows of x_zero @ null, a non-negative least-squares
    # problem; a residual means such a direction exists and the unseen cell is unidentified.
    moved_t = (x_zero @ null).T
    n0 = null[0]
    scale = max(1.0, float(np.linalg.norm(n0)))
    for target in (n0, -n0):
        _, residual = optimize.nnls(moved_t, target)
        if residual > 1e-7 * scale:
            return True
    return False


class LoglinearModels:
    """Fits models for one pattern table, reusing the design and warm-starting from Mt."""

    def __init__(self, table: PatternTable) -> None:
        self.table = table
        self.design = Design(table.j)
        self.y = table.counts[1:].astype(float)
        self._mu_start: Array | None = None

    def _fit(self, name: str, terms: list[Term], x_full: Array) -> Fit:
        x = x_full[1:]
        beta, info, ll, conv = fit_poisson(x, self.y, self._mu_start)
        mu = np.exp(np.clip(x @ beta, -700, 700))
        fit = Fit(
            name=name,
            terms=terms,
            beta=beta,
            info=info,
            loglik=ll,
            deviance=_deviance(self.y, mu),
            df=len(self.y) - len(beta),
            n_obs=self.table.observed,
            converged=conv,
            x_full=x_full,
        )
        fit.problem = _check(fit, x, self.y)
        return fit

    def hierarchical(self, terms: Sequence[Term]) -> Fit:
        """Model with every main effect plus the given interaction terms (and their margins)."""
        j = self.table.j
        closed = _close(terms, j)
        if any(len(t) == j for t in closed):
            raise CasefileError(
                f"the {j}-way interaction cannot be estimated: "
                "it is confounded with the unseen cell"
            )
        all_terms = [(k,) for k in range(j)] + sorted(closed, key=lambda t: (len(t), t))
        return self._fit(self.label(closed), all_terms, self.design.matrix(all_terms))

    def closedp(
        self, model: str, heterogeneity: str | None = None, theta: float | None = None
    ) -> Fit:
        """M0, Mt, Mh/Mth with a heterogeneity term (Chao lower bound, Poisson, Darroch, Gamma)."""
        nb = self.design.nbcap
        if model == "M0":
            x = np.stack([np.ones_like(nb), nb], axis=1)
        elif model in ("Mt", "Mth"):
            x = self.design.matrix([(k,) for k in range(self.table.j)])
        elif model == "Mh":
            x = np.stack([np.ones_like(nb), nb], axis=1)
        else:
            raise CasefileError(f"unknown model {model!r}; use M0, Mt, Mh or Mth")
        if model in ("Mh", "Mth"):
            if heterogeneity is None:
                raise CasefileError(f"{model} needs a heterogeneity form: {HETEROGENEITY}")
            het = heterogeneity_columns(nb, self.table.j, heterogeneity, theta)
            x = np.hstack([x, het])
        name = model if heterogeneity is None else f"{model} {heterogeneity}"
        fit = self._fit(name, [], x)
        if heterogeneity == "Chao":
            # Chao's lower bound needs eta >= 0; like Rcapture, drop negative ones and refit.
            n_het = het.shape[1]
            while n_het and np.any(fit.beta[-n_het:] < 0):
                first = x.shape[1] - n_het
                keep = [c for c in range(x.shape[1]) if c < first or fit.beta[c] >= 0]
                n_het -= x.shape[1] - len(keep)
                x = x[:, keep]
                fit = self._fit(name, [], x)
        return fit

    def label(self, closed: Sequence[Term]) -> str:
        """Rcapture-style generating class, e.g. [EXH*ABA*OSCE, EXH*HRW, OSCE*HRW]."""
        masks = [sum(1 << k for k in t) for t in closed]
        maximal = [
            t
            for t, m in zip(closed, masks, strict=True)
            if not any(m != u and m & u == m for u in masks)
        ]
        mains = {k for t in maximal for k in t}
        parts = ["*".join(self.table.lists[k] for k in t) for t in sorted(maximal)]
        parts += [self.table.lists[k] for k in range(self.table.j) if k not in mains]
        return "[" + ", ".join(parts) + "]"

    def all_hierarchical(self) -> Iterator[Fit]:
        for model in hierarchical_models(self.table.j):
            yield self.hierarchical(model)

    def profile_interval(self, fit: Fit, level: float = 0.95) -> tuple[float, float]:
        """Profile-likelihood interval for N (Rcapture closedpCI.t): refit with N fixed."""
        x_full = fit.x_full if fit.x_full is not None else self.design.matrix(fit.terms)
        n = float(self.table.observed)
        crit = float(stats.chi2.ppf(level, 1)) / 2
        y_obs = self.y

        def loglik(n_total: float) -> float:
            y = np.concatenate([[n_total - n], y_obs])
            beta, _, _, _ = fit_poisson(
                x_full, y, np.concatenate([[max(n_total - n, 0.5)], y_obs + 0.5])
            )
            mu = np.exp(np.clip(x_full @ beta, -700, 700))
            p = mu / mu.sum()
            return float(
                special.gammaln(n_total + 1)
                - special.gammaln(n_total - n + 1)
                + np.sum(special.xlogy(y, p))
            )

        opt = optimize.minimize_scalar(
            lambda v: -loglik(n + math.exp(v)),
            bracket=(math.log(max(fit.missing, 1.0)) - 0.1, math.log(max(fit.missing, 1.0)) + 0.1),
        )
        n_max = n + math.exp(float(opt.x))
        l_max = -float(opt.fun)

        def gap(n_total: float) -> float:
            return l_max - loglik(n_total) - crit

        lo_end = n + 1e-9
        lower = n if gap(lo_end) < 0 else float(optimize.brentq(gap, lo_end, n_max))
        hi = n_max
        for _ in range(60):
            hi = n + (hi - n) * 2
            if gap(hi) > 0:
                break
        else:
            return lower, math.inf
        upper = float(optimize.brentq(gap, n_max, hi))
        return lower, upper


def _close(terms: Sequence[Term], j: int) -> list[Term]:
    """All interaction terms (size >= 2) implied by the given ones under the hierarchy rule."""
    out: set[Term] = set()
    for t in terms:
        t = tuple(sorted(set(t)))
        if any(k < 0 or k >= j for k in t):
            raise CasefileError(f"term {t} names a list that is not in the table")
        for size in range(2, len(t) + 1):
            out.update(combinations(t, size))
    return sorted(out, key=lambda t: (len(t), t))


# Every hierarchical model is fitted: 6,893 of them for 5 lists, but about 7.8 million for
# 6 (the Dedekind number), which took over 12 GB. With 6 lists the search keeps two-way terms
# (2^15 = 32,768 models), as Rcapture's closedpMS.t does with maxorder = 2; beyond 6 lists
# even that is 2 million models, so the search is refused.
MAX_LISTS = 6


def max_order(j: int) -> int:
    """Largest interaction a model may hold for J lists: J-1 up to 5 lists, 2 for 6."""
    if j > MAX_LISTS:
        raise CasefileError(
            f"log-linear model selection fits every model, which for {j} lists is millions: "
            f"choose at most {MAX_LISTS} lists with --lists, or use --method lcmcr"
        )
    return j - 1 if j <= 5 else 2


def _candidates(j: int) -> list[Term]:
    """Interaction terms a model may hold: sizes 2 .. max_order(J), by size then
    lexicographically."""
    return [t for size in range(2, max_order(j) + 1) for t in combinations(range(j), size)]


@lru_cache(maxsize=8)
def _model_masks(j: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Every hierarchical model as a bit mask over ``_candidates(j)``, and its parent.

    Terms are added in candidate order, a term only when all its sub-terms of size >= 2 are
    present. The parent of a model is the model without its last (largest) term: it is
    hierarchical too and comes earlier in the list, so its fit can warm-start the child's.
    """
    cands = _candidates(j)
    index = {t: i for i, t in enumerate(cands)}
    masks = [0]
    parents = [-1]
    for i, t in enumerate(cands):
        need = 0
        if len(t) > 2:
            for sub in combinations(t, len(t) - 1):
                need |= 1 << index[sub]
        bit = 1 << i
        for idx in range(len(masks)):
            m = masks[idx]
            if m & need == need:
                masks.append(m | bit)
                parents.append(idx)
    return tuple(masks), tuple(parents)


def hierarchical_models(j: int) -> list[list[Term]]:
    """Every hierarchical model with all main effects and no J-way term (Rcapture closedpMS.t).

    A model is a family of interaction terms closed under taking sub-terms of size >= 2.
    """
    cands = _candidates(j)
    masks, _ = _model_masks(j)
    return [[t for i, t in enumerate(cands) if m >> i & 1] for m in masks]


@dataclass
class Selection:
    ranked: list[Fit]  # usable models, best first by the criterion
    refused: list[Fit]
    criterion: str


@njit(cache=True)  # type: ignore[misc]
def _moves_intercept(x: Array, rows: npt.NDArray[np.int64], p: int) -> bool:
    basis = np.empty((p, p))
    rank = 0
    for r in rows:
        v = x[r, :p].copy()
        for _ in range(2):
            for q in range(rank):
                d = 0.0
                for c in range(p):
                    d += basis[q, c] * v[c]
                for c in range(p):
                    v[c] -= d * basis[q, c]
        norm = math.sqrt(np.sum(v * v))
        if norm > 1e-9 and rank < p:
            basis[rank] = v / norm
            rank += 1
    if rank == p:
        return False
    e = np.zeros(p)
    e[0] = 1.0
    for _ in range(2):
        for q in range(rank):
            d = basis[q, 0] if _ == 0 else float(np.sum(basis[q] * e))
            e -= d * basis[q]
    return bool(math.sqrt(np.sum(e * e)) >= 1e-9)


@njit(cache=True)  # type: ignore[misc]
def _fit_all(
    x_obs: Array,
    y: Array,
    cols: npt.NDArray[np.int64],
    npar: npt.NDArray[np.int64],
    parents: npt.NDArray[np.int64],
    max_iter: int,
    tol: float,
) -> tuple[Array, Array, Array, Array, npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """Fits every model in one compiled loop, each warm-started from its parent's fit.

    Model i uses the columns cols[i, :npar[i]] of ``x_obs`` (the design of every term on
    the observed cells). Returns beta (padded), fitted means, log-likelihood, deviance,
    convergence, and the identifiability of the unseen cell: 0 identified, 1 not (a null
    direction of the cells with records moves the intercept and no zero cell bounds it),
    2 to be decided by the non-negative least-squares test (``_mle_escapes``).
    """
    n_models, p_max = cols.shape
    n_cells = y.shape[0]
    beta_out = np.zeros((n_models, p_max))
    mu_out = np.zeros((n_models, n_cells))
    loglik = np.empty(n_models)
    deviance = np.empty(n_models)
    converged = np.zeros(n_models, dtype=np.bool_)
    unseen = np.zeros(n_models, dtype=np.int64)
    n_pos = 0
    y_sum = 0.0
    const = 0.0
    for i in range(n_cells):
        if y[i] > 0:
            n_pos += 1
        y_sum += y[i]
        const += math.lgamma(y[i] + 1.0)
    pos = np.empty(n_pos, dtype=np.int64)
    h = 0
    for i in range(n_cells):
        if y[i] > 0:
            pos[h] = i
            h += 1
    start = y + 0.5
    mu_root = start
    for mi in range(n_models):
        p = npar[mi]
        x = np.empty((n_cells, p))
        for c in range(p):
            x[:, c] = x_obs[:, cols[mi, c]]
        par = parents[mi]
        mu0 = start
        if par >= 0 and converged[par]:
            mu0 = np.maximum(mu_out[par], 1e-8)
        beta, mu, conv = _irls(x, y, mu0.copy(), max_iter, tol)
        if not conv and par >= 0:
            # Warm starts near a boundary (fitted cells close to 0) can converge slowly:
            # start again from the independence model, as a model on its own would.
            beta, mu, conv = _irls(x, y, mu_root.copy(), max_iter, tol)
        if mi == 0:
            mu_root = mu.copy() if conv else start
        ok = True
        for c in range(p):
            if not math.isfinite(beta[c]):
                ok = False
        ll = 0.0
        dev = 0.0
        for i in range(n_cells):
            if not math.isfinite(mu[i]):
                ok = False
            if y[i] > 0:
                ll += y[i] * math.log(mu[i])
                dev += y[i] * math.log(y[i] / mu[i])
            ll -= mu[i]
            dev -= y[i] - mu[i]
        beta_out[mi, :p] = beta
        mu_out[mi] = mu
        loglik[mi] = ll - const if ok else -np.inf
        deviance[mi] = 2.0 * dev
        converged[mi] = conv and ok
        # Does a null direction d of the design on the cells with records move the
        # intercept (see _mle_escapes)? Such a d exists exactly when e_0 is not in the row
        # space of that design: its residual after projecting on an orthonormal basis of
        # the rows (Gram-Schmidt, done twice for accuracy) is the null-space part of e_0.
        if _moves_intercept(x, pos, p):
            unseen[mi] = 1 if n_pos == n_cells else 2
    return beta_out, mu_out, loglik, deviance, converged, unseen


class _Batch:
    """Every hierarchical model of one table, fitted in one compiled call."""

    def __init__(self, table: PatternTable) -> None:
        j = table.j
        self.table = table
        self.design = Design(j)
        self.cands = _candidates(j)
        masks, parents = _model_masks(j)
        self.masks = masks
        terms = [(k,) for k in range(j)] + self.cands
        self.x_full = self.design.matrix(terms)  # intercept, main effects, candidates
        npar = np.array([1 + j + bin(m).count("1") for m in masks], dtype=np.int64)
        cols = np.zeros((len(masks), int(npar.max())), dtype=np.int64)
        for mi, m in enumerate(masks):
            idx = list(range(1 + j)) + [1 + j + i for i in range(len(self.cands)) if m >> i & 1]
            cols[mi, : len(idx)] = idx
        self.cols = cols
        self.npar = npar
        self.y = table.counts[1:].astype(float)
        self.result = _fit_all(
            np.ascontiguousarray(self.x_full[1:]),
            self.y,
            cols,
            npar,
            np.asarray(parents, dtype=np.int64),
            100,
            1e-10,
        )
        # Immediate super-terms of each candidate: a term is in the generating class
        # (printed in the model's name) when none of them is in the model.
        index = {t: i for i, t in enumerate(self.cands)}
        self.supers = [
            [index[u] for u in self.cands if len(u) == len(t) + 1 and set(t) <= set(u)]
            for t in self.cands
        ]

    def label(self, mask: int) -> str:
        lists = self.table.lists
        maximal = sorted(
            t
            for i, t in enumerate(self.cands)
            if mask >> i & 1 and not any(mask >> s & 1 for s in self.supers[i])
        )
        mains = {k for t in maximal for k in t}
        parts = ["*".join(lists[k] for k in t) for t in maximal]
        parts += [lists[k] for k in range(self.table.j) if k not in mains]
        return "[" + ", ".join(parts) + "]"

    def fits(self) -> list[Fit]:
        beta, mu, loglik, deviance, converged, unseen = self.result
        y = self.y
        pos = y > 0
        out: list[Fit] = []
        for mi, m in enumerate(self.masks):
            p = int(self.npar[mi])
            x_full = self.x_full[:, self.cols[mi, :p]]
            x = x_full[1:]
            b = beta[mi, :p].copy()
            info = x.T @ (x * mu[mi][:, None])
            fit = Fit(
                name=self.label(m),
                terms=[(k,) for k in range(self.table.j)]
                + [t for i, t in enumerate(self.cands) if m >> i & 1],
                beta=b,
                info=info,
                loglik=float(loglik[mi]),
                deviance=float(deviance[mi]),
                df=len(y) - p,
                n_obs=self.table.observed,
                converged=bool(converged[mi]),
                x_full=x_full,
            )
            fit.problem = _problem(fit, int(unseen[mi]), x[pos], x[~pos])
            out.append(fit)
        return out


def _problem(fit: Fit, unseen: int, x_pos: Array, x_zero: Array) -> str | None:
    """As :func:`_check`, with the null-space part of the existence test done in the batch."""
    if not fit.converged:
        return NOT_CONVERGED
    if unseen == 1 or (unseen == 2 and _mle_escapes(x_pos, x_zero)):
        return UNIDENTIFIED
    return _runs_off(fit)


def select(table: PatternTable, criterion: str = "BIC") -> Selection:
    """Fits every hierarchical model and ranks the usable ones by BIC or AIC.

    The fits run in one compiled loop over the shared design (``_fit_all``), each model
    warm-started from its parent (the model without its largest term).
    """
    if criterion not in ("BIC", "AIC"):
        raise CasefileError(f"criterion must be BIC or AIC, not {criterion!r}")
    if table.j < 3:
        raise CasefileError("log-linear model selection needs at least three lists")
    fits = _Batch(table).fits()
    usable = [f for f in fits if f.problem is None]
    refused = [f for f in fits if f.problem is not None]
    key = (lambda f: f.bic) if criterion == "BIC" else (lambda f: f.aic)
    usable.sort(key=key)
    return Selection(usable, refused, criterion)


def select_models(table: PatternTable, criterion: str = "bic") -> list[Fit]:
    """Every hierarchical model, ranked by BIC or AIC; refused ones carry ``.refused``."""
    crit = criterion.upper()
    sel = select(table, crit)
    fits = sel.ranked + sel.refused
    fits.sort(key=(lambda f: f.bic) if crit == "BIC" else (lambda f: f.aic))
    return fits


def standard_models(table: PatternTable) -> list[Fit]:
    """M0, Mt and Mth with each of Rcapture's heterogeneity forms (closedp.t)."""
    models = LoglinearModels(table)
    out = [models.closedp("M0"), models.closedp("Mt")]
    if table.j >= 3:
        out += [models.closedp("Mth", h) for h in HETEROGENEITY]
    return out


def profile_interval(table: PatternTable, fit: Fit, level: float = 0.95) -> tuple[float, float]:
    return LoglinearModels(table).profile_interval(fit, level)
