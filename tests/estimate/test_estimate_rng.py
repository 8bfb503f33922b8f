"""The samplers' own random variates follow their distributions (goodness of fit vs SciPy).

Each check draws 100,000 values with a fixed seed and applies a test at the 0.1% level,
so a correct sampler fails it with probability 0.001 for a given seed (and the seeds are fixed).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from numba import njit
from scipy import stats

from casefile.estimate import rng

N = 100_000
ALPHA = 0.001


def _draw(kind: int, n: int, a: float, b: float, seed: int) -> npt.NDArray[np.float64]:
    # One argument signature only: each distinct one recompiles every sampler (about a minute).
    return _draw_compiled(int(kind), int(n), float(a), float(b), int(seed))


@njit(cache=False)
def _draw_compiled(kind: int, n: int, a: float, b: float, seed: int) -> npt.NDArray[np.float64]:
    s = rng.new_state(seed)
    g = rng.new_spare()
    out = np.empty(n)
    for i in range(n):
        if kind == 0:
            out[i] = rng.uniform(s)
        elif kind == 1:
            out[i] = rng.normal(s, g)
        elif kind == 2:
            out[i] = rng.gamma(s, g, a)
        elif kind == 3:
            out[i] = rng.beta(s, g, a, b)
        elif kind == 4:
            out[i] = rng.binomial(s, int(a), b)
        elif kind == 6:
            out[i] = rng.exponential(s)
        else:
            out[i] = rng.poisson(s, a)
    return out


def _chi2_discrete(x: npt.NDArray[np.float64], pmf: npt.NDArray[np.float64], lo: int) -> float:
    """Chi-square p-value with cells of expected count >= 20 (tails pooled)."""
    counts = np.bincount((x - lo).astype(np.int64), minlength=len(pmf))[: len(pmf)]
    exp = pmf * len(x)
    obs_cells: list[float] = []
    exp_cells: list[float] = []
    o_acc = e_acc = 0.0
    for o, e in zip(counts, exp, strict=True):
        o_acc += o
        e_acc += e
        if e_acc >= 20:
            obs_cells.append(o_acc)
            exp_cells.append(e_acc)
            o_acc = e_acc = 0.0
    obs_cells[-1] += o_acc + (len(x) - counts.sum())
    exp_cells[-1] += e_acc + (len(x) - exp.sum())
    return float(stats.chisquare(obs_cells, exp_cells).pvalue)


def test_uniform_and_normal() -> None:
    u = _draw(0, N, 0, 0, 1)
    assert u.min() >= 0.0 and u.max() < 1.0
    assert stats.kstest(u, "uniform").pvalue > ALPHA
    z = _draw(1, N, 0, 0, 2)
    assert stats.kstest(z, "norm").pvalue > ALPHA
    assert abs(z.mean()) < 4 / np.sqrt(N)


def test_exponential_ziggurat() -> None:
    x = _draw(6, N, 0, 0, 11)
    assert x.min() >= 0
    assert stats.kstest(x, "expon").pvalue > ALPHA
    # The tail beyond the base box (x > 7.697) is reached about 45 times in 100,000.
    assert stats.kstest(x[x > 3.0] - 3.0, "expon").pvalue > ALPHA


@pytest.mark.parametrize("shape", [0.05, 0.25, 0.9, 1.0, 3.5, 250.0, 5_000.0])
def test_gamma(shape: float) -> None:
    x = _draw(2, N, shape, 0, 3)
    assert x.min() >= 0
    assert stats.kstest(x, stats.gamma(shape).cdf).pvalue > ALPHA
    assert x.mean() == pytest.approx(shape, rel=6 / np.sqrt(N * shape))


@pytest.mark.parametrize(
    ("a", "b"), [(1.0, 1.0), (1.0, 30.0), (45.0, 900.0), (2.0, 0.2), (0.3, 0.7)]
)
def test_beta(a: float, b: float) -> None:
    x = _draw(3, N, a, b, 4)
    assert x.min() >= 0 and x.max() <= 1
    assert stats.kstest(x, stats.beta(a, b).cdf).pvalue > ALPHA


def test_beta_with_tiny_shape() -> None:
    # Beta(1, 0.01) puts most of its mass within 1e-16 of 1, where doubles round to 1:
    # compare the share below a threshold instead of the whole distribution.
    x = _draw(3, N, 1.0, 0.01, 8)
    p = stats.beta(1.0, 0.01).cdf(1 - 1e-6)
    share = float(np.mean(x < 1 - 1e-6))
    assert share == pytest.approx(p, abs=4 * np.sqrt(p * (1 - p) / N))


@pytest.mark.parametrize(
    ("n", "p"),
    [
        (5, 0.3),
        (40, 0.2),
        (60, 0.2),
        (1000, 0.02),
        (1000, 0.3),
        (5000, 0.93),
        # Inversion (n * min(p, 1 - p) < 10) with f(0) = q^n by repeated squaring, large n.
        (6000, 0.0012),
        (3000, 0.998),
        # Inversion between means of 10 and 16 (BTRS above), also on the complement.
        (150, 0.09),
        (2000, 0.9925),
    ],
)
def test_binomial(n: int, p: float) -> None:
    x = _draw(4, N, n, p, 5)
    assert x.min() >= 0 and x.max() <= n
    pmf = stats.binom(n, p).pmf(np.arange(n + 1))
    assert _chi2_discrete(x, pmf, 0) > ALPHA
    assert x.var() == pytest.approx(n * p * (1 - p), rel=0.03)


@pytest.mark.parametrize("lam", [0.5, 7.0, 10.0, 55.0, 4_000.0])
def test_poisson(lam: float) -> None:
    x = _draw(5, N, lam, 0, 6)
    hi = int(lam + 12 * np.sqrt(lam) + 20)
    pmf = stats.poisson(lam).pmf(np.arange(hi))
    assert _chi2_discrete(x, pmf, 0) > ALPHA
    assert x.var() == pytest.approx(lam, rel=0.03)


def _multinomial_totals(
    probs: npt.NDArray[np.float64], n: int, reps: int, seed: int
) -> npt.NDArray[np.int64]:
    s = rng.new_state(seed)
    cum = np.empty(len(probs))
    # The order is kept from draw to draw, as the sampler keeps one per cell.
    order = np.arange(len(probs), dtype=np.int64)[::-1].copy()
    totals = np.zeros((reps, len(probs)), dtype=np.int64)
    for r in range(reps):
        rng.multinomial_into(s, n, probs, cum, order, totals[r])
    return totals


def test_multinomial_small_and_large_n() -> None:
    probs = np.array([0.5, 0.0, 2.0, 1.5, 1e-3])
    p = probs / probs.sum()
    for n, reps in ((7, 20_000), (9, 20_000), (30, 10_000), (500, 4_000)):
        totals = _multinomial_totals(probs, n, reps, 7)
        assert (totals.sum(axis=1) == n).all()
        assert (totals[:, 1] == 0).all()
        mean = totals.mean(axis=0)
        se = np.sqrt(n * p * (1 - p) / reps)
        assert np.all(np.abs(mean - n * p) <= 5 * se + 1e-12)


def test_multinomial_tail_one_by_one() -> None:
    # Many classes, a few people left after the big ones: the categorical tail places them.
    probs = np.array([1e-4, 5.0, 0.0, 0.3, 0.2, 0.0, 0.1, 4.0, 0.05, 0.01])
    p = probs / probs.sum()
    n, reps = 60, 20_000
    totals = _multinomial_totals(probs, n, reps, 17)
    assert (totals.sum(axis=1) == n).all()
    assert (totals[:, [2, 5]] == 0).all()
    assert stats.chisquare(totals.sum(axis=0)[p > 0], n * reps * p[p > 0]).pvalue > ALPHA


def test_multinomial_sorted_head_with_changing_weights() -> None:
    # Weights that change from draw to draw (as a cell's do between sweeps) move classes into
    # and out of the sorted head: the order must stay a permutation with the largest classes
    # first, and the draws must follow the weights of their own call.
    gen = np.random.default_rng(3)
    base = np.array([5.0, 0.0, 0.3, 2.0, 0.2, 1e-3, 0.1, 4.0, 0.0, 0.05, 0.01, 1.0])
    k = len(base)
    head = rng._SORTED_HEAD
    s = rng.new_state(21)
    cum = np.empty(k)
    order = np.arange(k, dtype=np.int64)
    n, reps = 40, 20_000
    totals = np.zeros(k, dtype=np.int64)
    expected = np.zeros(k)
    for r in range(reps):
        probs = base * gen.lognormal(0.0, 1.0, k)
        out = np.zeros(k, dtype=np.int64)
        rng.multinomial_into(s, n, probs, cum, order, out)
        assert out.sum() == n
        totals += out
        expected += n * probs / probs.sum()
        if r < 500:
            assert sorted(order.tolist()) == list(range(k))
            top = probs[order[:head]]
            assert (top[:-1] >= top[1:]).all() and top[-1] >= probs[order[head:]].max()
    assert (totals[base == 0] == 0).all()
    on = base > 0
    # The summed counts vary less than a multinomial's would: the test is conservative.
    assert stats.chisquare(totals[on], expected[on]).pvalue > ALPHA


def test_same_seed_same_stream() -> None:
    assert np.array_equal(_draw(3, 1000, 2.0, 5.0, 9), _draw(3, 1000, 2.0, 5.0, 9))
    assert not np.array_equal(_draw(3, 1000, 2.0, 5.0, 9), _draw(3, 1000, 2.0, 5.0, 10))
