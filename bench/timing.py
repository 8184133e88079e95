"""Small timing helpers for the benchmarks (time.perf_counter is a duration, not the clock)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def per_call(func: Callable[[], object], *, repeat: int) -> float:
    """Mean seconds per call over ``repeat`` calls."""
    start = time.perf_counter()
    for _ in range(repeat):
        func()
    return (time.perf_counter() - start) / repeat


def samples(func: Callable[[], object], *, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        out.append(time.perf_counter() - start)
    return out


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def us(seconds: float) -> str:
    return f"{seconds * 1_000_000:.1f} µs"


def mean(values: list[float]) -> float:
    return statistics.fmean(values)
