"""Reading stays linear and bounded on hostile input (issue 15).

Cost is compared between two sizes of the same input, so the tests say "linear", not "fast":
a quadratic reader grows 64 times where a linear one grows 8 times.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

from bounce_analyzer.ingest import iter_lines

GROWTH = 8  # the larger input is this many times the smaller
LINEAR_ENOUGH = 3 * GROWTH  # a quadratic reader would grow GROWTH * GROWTH times


def cost(work: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def grows_linearly(make: Callable[[int], Callable[[], object]], small: int) -> bool:
    cheap = cost(make(small))
    dear = cost(make(small * GROWTH))
    return dear < LINEAR_ENOUGH * max(cheap, 1e-4)


def test_one_long_line_is_read_in_linear_time() -> None:
    """A 300 MB line in a 291 KB .gz took forever: each 64 KiB chunk copied the whole line."""

    def make(size: int) -> Callable[[], object]:
        data = b"From a@example.com Mon Nov 30 00:00:00 2026\nSubject: x\n\n" + b"a" * size
        return lambda: sum(len(line) for line in iter_lines(io.BytesIO(data)))

    assert grows_linearly(make, 1 << 20)


def test_a_line_longer_than_the_limit_comes_in_pieces() -> None:
    data = b"x" * 1000 + b"\nshort\n" + b"y" * 250
    lines = list(iter_lines(io.BytesIO(data), max_line=300))
    assert lines == [b"x" * 300] * 3 + [b"x" * 100 + b"\n", b"short\n", b"y" * 250 + b"\n"]
    assert b"".join(lines).replace(b"\n", b"") == data.replace(b"\n", b"")
