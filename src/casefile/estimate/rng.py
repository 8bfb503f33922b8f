"""Random draws for the numba samplers, on a generator state the caller owns.

numba's ``np.random`` fetches a thread-local Mersenne Twister on every call (about 25 ns
a uniform here) and draws gammas with CPython's algorithm (Cheng 1977: a log, an exp and
often a second log per try). The LCMCR sweep makes hundreds of beta draws, so that cost
dominated it. Here the state is a 4-word xoshiro256** array passed explicitly, and the
variates use the standard exact algorithms:

- uniform: the top 53 bits of xoshiro256** (Blackman & Vigna 2021), seeded by splitmix64;
- normal: Marsaglia's polar method (the spare value is kept in the state array);
- gamma: Marsaglia & Tsang (2000), with the U^(1/a) boost for shapes below one;
- beta: X / (X + Y) of two gammas, or the explicit inverse when a shape is 1;
- binomial: inversion for n * min(p, 1 - p) < 10, else Hoermann's BTRS (1993);
- poisson: multiplication for means below 10, else Hoermann's PTRS (1993), as NumPy.

All are exact samplers (no approximations); tests/estimate/test_estimate_rng.py checks their
moments and goodness of fit against SciPy's distributions.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from numba import njit

State = npt.NDArray[np.uint64]
Spare = npt.NDArray[np.float64]

_TWO_M53 = 1.0 / 9007199254740992.0


@njit(cache=True, inline="always")
def new_state(seed: int) -> State:
    """xoshiro256** state from a seed, expanded with splitmix64 (as its authors advise)."""
    s = np.empty(4, dtype=np.uint64)
    x = np.uint64(seed)
    for i in range(4):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        z = x
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        s[i] = z ^ (z >> np.uint64(31))
    return s


@njit(cache=True, inline="always")
def new_spare() -> npt.NDArray[np.float64]:
    """[has a spare normal deviate, its value]."""
    return np.zeros(2)


@njit(cache=True, inline="always")
def _rotl(x: np.uint64, k: int) -> np.uint64:
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


@njit(cache=True, inline="always")
def next_u64(s: State) -> np.uint64:
    s0 = s[0]
    s1 = s[1]
    s2 = s[2]
    s3 = s[3]
    result = _rotl(s1 * np.uint64(5), 7) * np.uint64(9)
    t = s1 << np.uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = _rotl(s3, 45)
    s[0] = s0
    s[1] = s1
    s[2] = s2
    s[3] = s3
    return result


@njit(cache=True, inline="always")
def uniform(s: State) -> float:
    """Uniform on [0, 1)."""
    return float(next_u64(s) >> np.uint64(11)) * _TWO_M53


@njit(cache=True, inline="always")
def uniform_pos(s: State) -> float:
    """Uniform on (0, 1): safe to take the log of."""
    return (float(next_u64(s) >> np.uint64(11)) + 0.5) * _TWO_M53


@njit(cache=True, inline="always")
def normal(s: State, g: Spare) -> float:
    if g[0] != 0.0:
        g[0] = 0.0
        return float(g[1])
    while True:
        x = 2.0 * uniform(s) - 1.0
        y = 2.0 * uniform(s) - 1.0
        r2 = x * x + y * y
        if 0.0 < r2 < 1.0:
            break
    f = math.sqrt(-2.0 * math.log(r2) / r2)
    g[1] = x * f
    g[0] = 1.0
    return y * f


@njit(cache=True, inline="always")
def _gamma_ge1(s: State, g: Spare, shape: float) -> float:
    """Marsaglia & Tsang (2000) for shape >= 1."""
    d = shape - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        x = normal(s, g)
        v = 1.0 + c * x
        if v <= 0.0:
            continue
        v = v * v * v
        u = uniform_pos(s)
        x2 = x * x
        if u < 1.0 - 0.0331 * x2 * x2:
            return d * v
        if math.log(u) < 0.5 * x2 + d * (1.0 - v + math.log(v)):
            return d * v


@njit(cache=True, inline="always")
def gamma(s: State, g: Spare, shape: float) -> float:
    """Gamma(shape, 1)."""
    if shape >= 1.0:
        return _gamma_ge1(s, g, shape)
    # Boost: G(a) = G(a + 1) * U^(1/a).
    x = _gamma_ge1(s, g, shape + 1.0)
    return x * math.exp(math.log(uniform_pos(s)) / shape)


@njit(cache=True, inline="always")
def beta(s: State, g: Spare, a: float, b: float) -> float:
    # With a shape equal to 1 the inverse of the distribution function is explicit:
    # Beta(1, b) = 1 - U^(1/b), Beta(a, 1) = U^(1/a). The Gibbs sampler meets these
    # (a list with no record in a class) far more often than any other case.
    if a == 1.0:
        if b == 1.0:
            return uniform(s)
        return -math.expm1(math.log(uniform_pos(s)) / b)
    if b == 1.0:
        return math.exp(math.log(uniform_pos(s)) / a)
    x = gamma(s, g, a)
    y = gamma(s, g, b)
    t = x + y
    if t <= 0.0:
        # Both shapes tiny and both draws underflowed: the mass sits at 0 and 1 in
        # proportion to the shapes.
        return 1.0 if uniform(s) * (a + b) < a else 0.0
    return x / t


@njit(cache=True, inline="always")
def _binomial_inversion(s: State, n: int, p: float) -> int:
    q = 1.0 - p
    px = math.exp(n * math.log1p(-p))
    u = uniform(s)
    x = 0
    while u > px and x < n:
        u -= px
        x += 1
        px *= ((n - x + 1) * p) / (x * q)
        if px <= 0.0:
            break
    return x


@njit(cache=True, inline="always")
def _binomial_btrs(s: State, n: int, p: float) -> int:
    """Hoermann (1993) transformed rejection with squeeze; needs n * p >= 10, p <= 1/2."""
    q = 1.0 - p
    spq = math.sqrt(n * p * q)
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = n * p + 0.5
    v_r = 0.92 - 4.2 / b
    alpha = (2.83 + 5.1 / b) * spq
    m = math.floor((n + 1) * p)
    h = math.nan  # log f(m) terms, computed only if the squeeze fails
    lpq = 0.0
    while True:
        u = uniform(s) - 0.5
        v = uniform_pos(s)
        us = 0.5 - abs(u)
        k = math.floor((2.0 * a / us + b) * u + c)
        if k < 0 or k > n:
            continue
        if us >= 0.07 and v <= v_r:
            return int(k)
        v = math.log(v * alpha / (a / (us * us) + b))
        if math.isnan(h):
            h = math.lgamma(m + 1.0) + math.lgamma(n - m + 1.0)
            lpq = math.log(p / q)
        if v <= h - math.lgamma(k + 1.0) - math.lgamma(n - k + 1.0) + (k - m) * lpq:
            return int(k)


@njit(cache=True, inline="always")
def binomial(s: State, n: int, p: float) -> int:
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    flip = p > 0.5
    r = 1.0 - p if flip else p
    x = _binomial_inversion(s, n, r) if n * r < 10.0 else _binomial_btrs(s, n, r)
    return n - x if flip else x


@njit(cache=True, inline="always")
def poisson(s: State, lam: float) -> int:
    if lam <= 0.0:
        return 0
    if lam < 10.0:
        limit = math.exp(-lam)
        k = 0
        prod = uniform(s)
        while prod > limit:
            k += 1
            prod *= uniform(s)
        return k
    # PTRS (Hoermann 1993), as NumPy's random_poisson_ptrs.
    slam = math.sqrt(lam)
    loglam = math.log(lam)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    invalpha = 1.1239 + 1.1328 / (b - 3.4)
    vr = 0.9277 - 3.6224 / (b - 2.0)
    while True:
        u = uniform(s) - 0.5
        v = uniform_pos(s)
        us = 0.5 - abs(u)
        k = math.floor((2.0 * a / us + b) * u + lam + 0.43)
        if us >= 0.07 and v <= vr:
            return int(k)
        if k < 0 or (us < 0.013 and v > us):
            continue
        if math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b) <= (
            -lam + k * loglam - math.lgamma(k + 1.0)
        ):
            return int(k)


@njit(cache=True, inline="always")
def multinomial_into(
    s: State,
    n: int,
    probs: npt.NDArray[np.float64],
    cum: npt.NDArray[np.float64],
    order: npt.NDArray[np.int64],
    out: npt.NDArray[np.int64],
) -> None:
    """Adds a multinomial(n, probs) draw to ``out``; probs need not be normalised.

    ``cum`` and ``order`` are scratch space of the same length.
    """
    k = probs.shape[0]
    total = 0.0
    for i in range(k):
        total += probs[i]
        cum[i] = total
    if total <= 0.0 or n <= 0:
        return
    if n < 2 * k:
        # Few people: one categorical draw each beats K binomial draws.
        for _ in range(n):
            u = uniform(s) * total
            chosen = k - 1
            for i in range(k):
                if u < cum[i]:
                    chosen = i
                    break
            out[chosen] += 1
        return
    # Many people: conditional binomials, largest class first, so that few are left for
    # the small classes (whose draws then stop early). ``order`` is scratch space too.
    for i in range(k):
        order[i] = i
    for i in range(1, k):
        x = order[i]
        px = probs[x]
        h = i - 1
        while h >= 0 and probs[order[h]] < px:
            order[h + 1] = order[h]
            h -= 1
        order[h + 1] = x
    left = n
    rest = total
    for h in range(k - 1):
        if left == 0:
            return
        i = order[h]
        p = probs[i] / rest if rest > 0 else 0.0
        d = binomial(s, left, p)
        out[i] += d
        left -= d
        rest -= probs[i]
    out[order[k - 1]] += left
