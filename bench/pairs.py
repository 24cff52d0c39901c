"""Alternated pairs: our code and its baseline measured one after the other, many times.

A pair is (ours, baseline) measured back to back, in the order ours-base, base-ours, ours-base...
so that a machine changing speed hits both alike and neither always goes first. Its ratio is
ours / baseline. A figure is the median of the per-pair ratios, with its spread (min-max) and a
distribution-free interval for that median (the sign test's order statistics).

`alternate` keeps adding pairs after `min_pairs` until every target is firm: the interval for
what it judges lies wholly on one side of the limit (so a repeat is expected to agree), or until
`max_pairs` or the time budget runs out; the verdict is then marked "close" (docs/benchmarks.md).
"""
import math
import random
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

LEVEL = 0.90  # the interval's coverage, when there are pairs enough for it (5 or more)


def median_interval(values, level: float = LEVEL) -> tuple[float, float, float]:
    """(low, high, coverage): the widest-ranked order statistics x(k), x(n+1-k) that cover the
    median with at least `level` probability whatever the distribution; with too few values for
    that (fewer than 5 at 90 %), min-max and its lower coverage."""
    xs = sorted(values)
    n = len(xs)
    if n == 0:
        raise ValueError("no values")
    best = (xs[0], xs[-1], 1 - 2 * 0.5 ** n if n > 1 else 0.0)
    k, below = 1, 0.0
    while k <= n // 2:
        below += math.comb(n, k - 1) / 2 ** n  # P(Binomial(n, 1/2) <= k - 1)
        coverage = 1 - 2 * below
        if coverage < level:
            break
        best = (xs[k - 1], xs[n - k], coverage)
        k += 1
    return best


@dataclass
class Pairs:
    """Measured pairs [(ours, baseline), ...] in the order they were taken."""
    pairs: list[tuple[float, float]]

    @property
    def ours(self) -> list[float]:
        return [o for o, _b in self.pairs]

    @property
    def base(self) -> list[float]:
        return [b for _o, b in self.pairs]

    @property
    def ratios(self) -> list[float]:
        return [o / b for o, b in self.pairs]

    def of(self, quantity: str) -> list[float]:
        """The values a target judges: per-pair "ratio"s, or our "value"s."""
        return self.ratios if quantity == "ratio" else self.ours

    def interval(self, quantity: str) -> tuple[float, float, float]:
        return median_interval(self.of(quantity))

    def summary(self, quantity: str = "ratio") -> dict:
        """The fields of a figure: medians, per-pair ratio, spread and interval of `quantity`."""
        judged = self.of(quantity)
        low, high, coverage = self.interval(quantity)
        return {"value": statistics.median(self.ours), "baseline": statistics.median(self.base),
                "ratio": statistics.median(self.ratios), "spread": [min(judged), max(judged)],
                "interval": [low, high], "coverage": round(coverage, 4), "runs": len(self.pairs),
                "pairs": [list(p) for p in self.pairs]}


def is_firm(target, pairs: Pairs) -> bool:
    """Whether the whole interval for the target's quantity falls on one side of its limit."""
    low, high, _coverage = pairs.interval(target.of)
    return target.met(low) == target.met(high)


def alternate(ours, base, *, min_pairs: int, max_pairs: int, targets=(),
              max_seconds: float | None = None, before=None, report=None) -> Pairs:
    """Measure `ours()` and `base()` (each returns its figure: seconds, requests/s...) in
    alternated pairs; `before()` runs untimed before every measurement of either kind. Stops
    once `min_pairs` are taken and every target is firm, at `max_pairs`, or when another pair
    would overrun `max_seconds` (after `min_pairs` only)."""
    taken: list[tuple[float, float]] = []
    started = time.perf_counter()
    while len(taken) < max_pairs:
        n = len(taken)
        if n >= min_pairs:
            if all(is_firm(t, Pairs(taken)) for t in targets):
                break
            spent = time.perf_counter() - started
            if max_seconds is not None and spent + spent / n > max_seconds:
                break
        order = (ours, base) if n % 2 == 0 else (base, ours)
        first, second = (_measure(step, before) for step in order)
        taken.append((first, second) if n % 2 == 0 else (second, first))
        if report:
            report(f"  pair {n + 1}: ours {taken[-1][0]:.4g}, baseline {taken[-1][1]:.4g}, "
                   f"ratio {taken[-1][0] / taken[-1][1]:.3f}")
    return Pairs(taken)


def _measure(step, before):
    if before:
        before()
    return step()


def timed(fn) -> float:
    """Seconds `fn()` took."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def add_arguments(parser, min_pairs: int, max_pairs: int, 
                  max_seconds: float | None = None):
    """The --min-pairs, --max-pairs and --max-seconds options, with this benchmark's defaults."""
    parser.add_argument("--min-pairs", type=int, default=min_pairs,
                        help=f"alternated pairs always taken (default {min_pairs})")
    parser.add_argument("--max-pairs", type=int, default=max_pairs,
                        help=f"pairs at most, while a verdict is close (default {max_pairs})")
    parser.add_argument("--max-seconds", type=float, default=max_seconds,
                        help="no new pair past this many seconds, after --min-pairs")


def load_average() -> str:
    """The 1-minute load average, for the record (the machine's other work)."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def agreement(values: list[float], target, n: int, draws: int = 2000, seed: int = 0) -> float:
    """How often a repeat of `n` pairs, drawn from these measured ones (bootstrap), would give
    the same verdict as the median of all of them: an estimate of a verdict's repeatability."""
    rng = random.Random(seed)
    expected = target.met(statistics.median(values))
    same = sum(target.met(statistics.median(rng.choices(values, k=n))) == expected
               for _ in range(draws))
    return same / draws
