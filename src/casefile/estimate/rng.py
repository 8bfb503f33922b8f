"""Random draws for the numba samplers, on a generator state the caller owns.

numba's ``np.random`` fetches a thread-local Mersenne Twister on every call (about 25 ns
a uniform here) and draws gammas with CPython's algorithm (Cheng 1977: a log, an exp and
often a second log per try). The LCMCR sweep makes hundreds of beta draws, so that cost
dominated it. Here the state is a 4-word xoshiro256** array passed explicitly, and the
variates use the standard exact algorithms:

- uniform: the top 53 bits of xoshiro256** (Blackman & Vigna 2021), seeded by splitmix64;
- normal and exponential: the ziggurat (Marsaglia & Tsang 2000, in Doornik's 2005 form with
  double-precision boxes and the exact tail): one 64-bit draw gives the uniform (top 53 bits)
  and the box (low bits), and 98-99% of draws need nothing else: no log, no square root;
- gamma: Marsaglia & Tsang (2000), with the U^(1/a) = exp(-E/a) boost for shapes below one;
- beta: X / (X + Y) of two gammas, or the explicit inverse when a shape is 1
  (1 - U^(1/b) = -expm1(-E/b) with E exponential);
- binomial: inversion for n * min(p, 1 - p) < 16, else Hoermann's BTRS (1993);
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
Array = npt.NDArray[np.float64]

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
    return float(np.int64(next_u64(s) >> np.uint64(11))) * _TWO_M53


@njit(cache=True, inline="always")
def uniform_pos(s: State) -> float:
    """Uniform on (0, 1): safe to take the log of."""
    return (float(np.int64(next_u64(s) >> np.uint64(11))) + 0.5) * _TWO_M53


def _ziggurat(boxes: int, r: float, v: float, normal: bool) -> tuple[Array, Array]:
    """Box edges x[0..boxes] and ratios x[i + 1] / x[i] (Doornik 2005, section 4).

    Every box (the base one with the tail included) has area v; x[0] = v / f(r) is the
    width of the base box, x[1] = r the start of the tail, x[boxes] = 0.
    """

    def f(x: float) -> float:
        return math.exp(-0.5 * x * x) if normal else math.exp(-x)

    def f_inv(y: float) -> float:
        return math.sqrt(-2.0 * math.log(y)) if normal else -math.log(y)

    x = np.zeros(boxes + 1)
    x[0] = v / f(r)
    x[1] = r
    for i in range(2, boxes):
        x[i] = f_inv(v / x[i - 1] + f(x[i - 1]))
    ratio = x[1:] / x[:-1]
    return x, ratio


# 128 boxes for the normal (Doornik's ZIGNOR constants), 256 for the exponential
# (Marsaglia & Tsang 2000). Module-level arrays are frozen into the compiled code.
_ZN_R = 3.442619855899
_ZN_X, _ZN_RATIO = _ziggurat(128, _ZN_R, 9.91256303526217e-3, normal=True)
_ZE_R = 7.69711747013104972
_ZE_X, _ZE_RATIO = _ziggurat(256, _ZE_R, 3.949659822581572e-3, normal=False)


@njit(cache=True, inline="always")
def normal(s: State, g: Spare) -> float:
    """Standard normal by the ziggurat (``g`` is unused, kept for the callers' signature)."""
    while True:
        bits = next_u64(s)
        i = np.int64(bits & np.uint64(0x7F))
        u = 2.0 * float(np.int64(bits >> np.uint64(11))) * _TWO_M53 - 1.0
        if abs(u) < _ZN_RATIO[i]:
            return float(u * _ZN_X[i])
        if i == 0:
            # The tail beyond r (Marsaglia 1964).
            while True:
                x = math.log(uniform_pos(s)) / _ZN_R
                y = math.log(uniform_pos(s))
                if -2.0 * y >= x * x:
                    return float(x - _ZN_R if u < 0 else _ZN_R - x)
        x = u * _ZN_X[i]
        f0 = math.exp(-0.5 * (_ZN_X[i] * _ZN_X[i] - x * x))
        f1 = math.exp(-0.5 * (_ZN_X[i + 1] * _ZN_X[i + 1] - x * x))
        if f1 + uniform(s) * (f0 - f1) < 1.0:
            return float(x)


@njit(cache=True, inline="always")
def exponential(s: State) -> float:
    """Exponential(1) by the ziggurat; the tail beyond r is r + Exponential(1)."""
    shift = 0.0
    while True:
        bits = next_u64(s)
        i = np.int64(bits & np.uint64(0xFF))
        u = float(np.int64(bits >> np.uint64(11))) * _TWO_M53
        if u < _ZE_RATIO[i]:
            return float(shift + u * _ZE_X[i])
        if i == 0:
            shift += _ZE_R  # memoryless: start again beyond r
            continue
        x = u * _ZE_X[i]
        f0 = math.exp(x - _ZE_X[i])
        f1 = math.exp(x - _ZE_X[i + 1])
        if f1 + uniform(s) * (f0 - f1) < 1.0:
            return float(shift + x)


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
    # Boost: G(a) = G(a + 1) * U^(1/a), with U^(1/a) = exp(-E / a).
    x = _gamma_ge1(s, g, shape + 1.0)
    return x * math.exp(-exponential(s) / shape)


@njit(cache=True, inline="always")
def beta(s: State, g: Spare, a: float, b: float) -> float:
    # With a shape equal to 1 the inverse of the distribution function is explicit:
    # Beta(1, b) = 1 - U^(1/b), Beta(a, 1) = U^(1/a). The Gibbs sampler meets these
    # (a list with no record in a class) far more often than any other case.
    if a == 1.0:
        if b == 1.0:
            return uniform(s)
        return -math.expm1(-exponential(s) / b)
    if b == 1.0:
        return math.exp(-exponential(s) / a)
    x = gamma(s, g, a)
    y = gamma(s, g, b)
    t = x + y
    if t <= 0.0:
        # Both shapes tiny and both draws underflowed: the mass sits at 0 and 1 in
        # proportion to the shapes.
        return 1.0 if uniform(s) * (a + b) < a else 0.0
    return x / t


# 1 / k for k < _RECIP_N: the inversion's ratios f(x) / f(x - 1) then need no division.
_RECIP_N = 1024
_RECIP = np.array([0.0] + [1.0 / k for k in range(1, _RECIP_N)])


@njit(cache=True, inline="always")
def _pow_int(x: float, n: int) -> float:
    """x ** n for an integer n >= 0 by repeated squaring: a few multiplications instead of
    exp(n * log1p(-p)), two library calls on the critical path of every small binomial."""
    r = 1.0
    while n > 0:
        if n & 1:
            r *= x
        x *= x
        n >>= 1
    return r


@njit(cache=True, inline="always")
def _binomial_inversion(s: State, n: int, p: float) -> int:
    """Sequential search from 0 (n * p < 16, p <= 1/2): f(0) = q^n, then
    f(x) = f(x - 1) * (n - x + 1) / x * p / q."""
    ratio = p / (1.0 - p)
    px = _pow_int(1.0 - p, n)
    u = uniform(s)
    x = 0
    while u > px:
        if x == n or px <= 0.0:
            break  # rounding left u above the total mass (probability ~1e-16)
        u -= px
        x += 1
        px *= (n - x + 1) * ratio * (_RECIP[x] if x < _RECIP_N else 1.0 / x)
    return x


# log(k!) for k < _LOGFACT_N from a table (computed once with math.lgamma); above it the
# Stirling series to the k^-5 term, whose error there is below 1e-19 (double precision).
_LOGFACT_N = 2048
_LOGFACT = np.array([math.lgamma(k + 1.0) for k in range(_LOGFACT_N)])
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)


@njit(cache=True, inline="always")
def log_factorial(k: int) -> float:
    if k < _LOGFACT_N:
        return float(_LOGFACT[k])
    x = k + 1.0
    r = 1.0 / (x * x)
    return (
        (x - 0.5) * math.log(x)
        - x
        + _HALF_LOG_2PI
        + (1.0 / 12.0 - r * (1.0 / 360.0 - r / 1260.0)) / x
    )


@njit(cache=True, inline="always")
def _binomial_btrs(s: State, n: int, p: float) -> int:
    """Hoermann (1993) transformed rejection with squeeze; needs n * p >= 10, p <= 1/2."""
    q = 1.0 - p
    spq = math.sqrt(n * p * q)
    b = 1.15 + 2.53 * spq
    inv_b = 1.0 / b
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = n * p + 0.5
    v_r = 0.92 - 4.2 * inv_b
    alpha = (2.83 + 5.1 * inv_b) * spq
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
        ki = int(k)
        v = math.log(v * alpha / (a / (us * us) + b))
        if math.isnan(h):
            h = log_factorial(m) + log_factorial(n - m)
            lpq = math.log(p / q)
        if v <= h - log_factorial(ki) - log_factorial(n - ki) + (ki - m) * lpq:
            return ki


@njit(cache=True, inline="always")
def binomial(s: State, n: int, p: float) -> int:
    return _binomial_pq(s, n, p, 1.0 - p)


@njit(cache=True, inline="always")
def _binomial_pq(s: State, n: int, p: float, q: float) -> int:
    """Binomial(n, p) with q = 1 - p given by the caller (the multinomial knows it as a ratio
    of sums, more accurately than 1 - p when p is near 1)."""
    if n <= 0 or p <= 0.0:
        return 0
    if q <= 0.0:
        return n
    flip = p > 0.5
    r = q if flip else p
    # Inversion up to a mean of 16 (BTRS needs 10 or more): measured in the Kosovo chain,
    # where n * min(p, 1 - p) has a median of 27 for BTRS draws, 0.95-0.97x the time of 10.
    x = _binomial_inversion(s, n, r) if n * r < 16.0 else _binomial_btrs(s, n, r)
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


# Below this many people left, the rest of a multinomial is drawn person by person (a uniform
# and a branch-free count over the cumulative weights), cheaper than more binomial draws.
_CATEGORICAL_TAIL = 8
# How many of a cell's largest classes the multinomial keeps sorted (see multinomial_into).
_SORTED_HEAD = 4


@njit(cache=True, inline="always")
def categorical(s: State, probs: Array, total: float) -> int:
    """Index i with probability probs[i] / total (total = sum of probs, > 0)."""
    u = uniform(s) * total
    chosen = 0
    for i in range(probs.shape[0]):
        if probs[i] > 0.0:
            chosen = i  # rounding can leave u >= 0 at the end: the last possible class
            u -= probs[i]
            if u < 0.0:
                break
    return chosen


@njit(cache=True, inline="always")
def _place_one_by_one(
    s: State, n: int, h: int, cum: Array, order: npt.NDArray[np.int64], out: npt.NDArray[np.int64]
) -> None:
    """n categorical draws over the classes order[h:], whose weights sum from the end to
    ``cum`` (cum[g] = weight of order[g:], decreasing in g). With t uniform on (0, cum[h]],
    the class is order[g] for the g whose interval (cum[g + 1], cum[g]] holds t: g - h is the
    number of g' > h with cum[g'] >= t, counted without branches. Classes of zero weight
    have empty intervals and are never chosen."""
    k = cum.shape[0]
    top = cum[h]
    for _ in range(n):
        t = top - uniform(s) * top
        # Counting over every g >= 1 (a loop of the same length at every call, no remainder
        # chosen per call) adds the h classes before order[h], whose cum[g] >= cum[h] >= t.
        c = 0
        for g in range(1, k):
            c += cum[g] >= t
        out[order[c]] += 1


@njit(cache=True, inline="always")
def _place_few(s: State, n: int, probs: Array, cum: Array, out: npt.NDArray[np.int64]) -> None:
    """n categorical draws over all classes in index order (as _place_one_by_one with the
    identity order): for few people no sorting is needed."""
    k = probs.shape[0]
    acc = 0.0
    for g in range(k - 1, -1, -1):
        acc += probs[g]
        cum[g] = acc
    if acc <= 0.0:
        return
    for _ in range(n):
        t = acc - uniform(s) * acc
        c = 0
        for g in range(1, k):
            c += cum[g] >= t
        out[c] += 1


@njit(cache=True, inline="always")
def multinomial_into(
    s: State,
    n: int,
    probs: Array,
    cum: Array,
    order: npt.NDArray[np.int64],
    out: npt.NDArray[np.int64],
) -> None:
    """Adds a multinomial(n, probs) draw to ``out``; probs need not be normalised.

    ``cum`` is scratch space of the same length. ``order`` must hold a permutation of the
    class indices; its first ``_SORTED_HEAD`` entries are left as the largest classes, by
    decreasing weight. Passing the same ``order`` for
    the same cell at every sweep makes the sort nearly free (the weights change little
    between sweeps, so the insertion sort finds them almost in order, with branches the
    processor predicts). Any order gives the same distribution; the order only decides how
    many binomial draws are needed.
    """
    k = probs.shape[0]
    if n <= 0:
        return
    if n <= _CATEGORICAL_TAIL:
        # Few people: one categorical draw each beats binomial draws; no sorting needed.
        _place_few(s, n, probs, cum, out)
        return
    # Many people: conditional binomials, largest class first, so that few are left for
    # the small classes; once few are left, they are placed one by one (exact: given the
    # draws so far, the rest are independent categorical draws over the remaining classes).
    # Only the head order[:_SORTED_HEAD] is kept sorted (the largest classes, decreasing);
    # the rest stays in any order. The small classes' weights change order from sweep to
    # sweep far more often than the large ones', and sorting them took branches the
    # processor could not predict, for little gain: few people are left once the head
    # has been drawn.
    head = min(_SORTED_HEAD, k)
    for i in range(1, k):
        x = order[i]
        px = probs[x]
        if i >= head:
            if probs[order[head - 1]] >= px:
                continue
            order[i] = order[head - 1]  # the head's smallest makes room
            h = head - 2
        else:
            h = i - 1
        while h >= 0 and probs[order[h]] < px:
            order[h + 1] = order[h]
            h -= 1
        order[h + 1] = x
    # cum[h] = total weight of the classes order[h:], summed from the small end (no
    # cancellation from subtracting the large classes one by one).
    acc = 0.0
    for h in range(k - 1, -1, -1):
        acc += probs[order[h]]
        cum[h] = acc
    if acc <= 0.0:
        return
    left = n
    for h in range(k - 1):
        if left <= _CATEGORICAL_TAIL:
            _place_one_by_one(s, left, h, cum, order, out)
            return
        i = order[h]
        # P(class order[h] | not before) = probs[i] / cum[h]; its complement as a ratio of
        # sums, exact where 1 - p would lose digits for a dominant class.
        inv = 1.0 / cum[h]
        d = _binomial_pq(s, left, probs[i] * inv, cum[h + 1] * inv)
        out[i] += d
        left -= d
        if left == 0:
            return
    out[order[k - 1]] += left
