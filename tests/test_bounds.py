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


# A notice whose empty From makes flufl.bounce's Yale detector raise IndexError
# (email.utils.getaddresses gives [] for it), and whose only address is in a layout no reader
# of ours knows but flufl.bounce's LLNL detector, which runs after Yale, does.
LLNL_AFTER_YALE = b"""\
From:
To: list-bounces@example.net
Subject: Returned mail: see transcript for details
Date: Tue, 24 Nov 2026 10:00:00 +0100

The original message was received at Tue, 24 Nov 2026 09:58:00 +0100
Delivery failed for: , rhea@example.org, after 5 days
"""


def test_a_flufl_detector_that_raises_does_not_stop_the_others(capfd: object) -> None:
    from bounce_analyzer.classify import load_classifier
    from bounce_analyzer.ingest import RawMessage
    from bounce_analyzer.pipeline import Options, analyze_message

    rows = analyze_message(RawMessage("t", LLNL_AFTER_YALE), load_classifier(), Options())
    assert [(row.recipient, row.mta) for row in rows] == [("rhea@example.org", "flufl")]
    out, err = capfd.readouterr()  # type: ignore[attr-defined]
    assert "Traceback" not in err and "Exception in detector" not in err


def test_flufl_sees_a_bounded_copy() -> None:
    from bounce_analyzer import parse
    from bounce_analyzer.extract.fallback import FLUFL_LINE, FLUFL_SIZE, bounded

    long_line = "Delivery failed for: " + "x" * 200_000
    message = parse.parse_bytes(
        ("From: MAILER-DAEMON@example.net\nSubject: Undelivered Mail\n\n" + long_line + "\n" +
         "filler line\n" * 50_000).encode()
    )
    copy = bounded(message)
    body = copy.get_payload()
    assert isinstance(body, str)
    assert max(len(line) for line in body.split("\n")) <= FLUFL_LINE
    assert len(body) <= FLUFL_SIZE
    assert body.startswith("Delivery failed for: xxx")
