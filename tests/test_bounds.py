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
    """The least CPU time of this thread over `repeat` runs: time the machine's other jobs
    take from it (a busy CI runner) is not counted, as wall time would count it."""
    best = float("inf")
    for _ in range(repeat):
        start = time.thread_time()
        work()
        best = min(best, time.thread_time() - start)
    return best


def grows_linearly(make: Callable[[int], Callable[[], object]], small: int) -> bool:
    small_work, large_work = make(small), make(small * GROWTH)
    cheap = cost(small_work)
    dear = cost(large_work)
    if dear < LINEAR_ENOUGH * max(cheap, 1e-4):
        return True
    # once more, both sizes: a slow first round (caches, another process) is not the input's
    return cost(large_work) < LINEAR_ENOUGH * max(min(cheap, cost(small_work)), 1e-4)


def test_one_long_line_is_read_in_linear_time() -> None:
    """A 300 MB line in a 291 KB .gz took forever: each 64 KiB chunk copied the whole line."""

    def make(size: int) -> Callable[[], object]:
        data = b"From a@example.com Mon Nov 30 00:00:00 2026\nSubject: x\n\n" + b"a" * size
        return lambda: sum(len(line) for line in iter_lines(io.BytesIO(data)))

    assert grows_linearly(make, 8 << 20)


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
    from bounce_analyzer.classifier import load_classifier
    from bounce_analyzer.ingest import RawMessage
    from bounce_analyzer.pipeline import Options, analyze_message

    rows = analyze_message(RawMessage("t", LLNL_AFTER_YALE), load_classifier(), Options())
    assert [(row.recipient, row.mta) for row in rows] == [("rhea@example.org", "flufl")]
    _out, err = capfd.readouterr()  # type: ignore[attr-defined]
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


def _rows_and_errors(data: bytes, **options: object) -> tuple[list, list]:  # type: ignore[type-arg]
    from bounce_analyzer.classifier import load_classifier
    from bounce_analyzer.ingest import RawMessage
    from bounce_analyzer.pipeline import Options, judge

    outcome = judge(RawMessage("m", data), load_classifier(), Options(**options))  # type: ignore[arg-type]
    return outcome.rows, [] if outcome.error is None else [outcome.error]


REPORT = (
    "From: MAILER-DAEMON@mx.example.net\nTo: list@example.org\nSubject: failure\n"
    "Message-ID: <report-1@mx.example.net>\nMIME-Version: 1.0\n"
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
    "--B\nContent-Type: text/plain\n\nfailed\n\n"
    "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"
    "Final-Recipient: rfc822; ida@example.com\nAction: failed\nStatus: 5.1.1\n"
    "{extra}\n--B--\n"
)


def test_blank_lines_before_the_headers_are_skipped() -> None:
    """An exporter's leading blank lines used to end the header block: the Message-ID and
    the sender then came out as recipients."""
    plain, _ = _rows_and_errors(REPORT.format(extra="").encode())
    for lead in (b"\n", b"\n\n", b" \n\t\n", b"   \n"):
        rows, errors = _rows_and_errors(lead + REPORT.format(extra="").encode())
        assert errors == []
        assert [(r.recipient, r.reason, r.message_id) for r in rows] == [
            (r.recipient, r.reason, r.message_id) for r in plain
        ] == [("ida@example.com", "userunknown", "<report-1@mx.example.net>")]


def test_a_megabyte_of_blank_lines_in_a_report_is_bounded() -> None:
    """Each blank line of a delivery-status part made one part: 1 MB cost 40 s and 928 MB.
    Blocks past --max-recipients + 1 are counted, not built."""
    from bounce_analyzer import parse

    data = REPORT.format(extra="\n" * (1 << 20)).encode()
    message = parse.parse_bytes(data, max_parts=1000, max_blocks=101)
    assert sum(1 for _ in parse.walk(message)) < 120
    rows, errors = _rows_and_errors(data, max_recipients=100)
    assert [r.recipient for r in rows] == ["ida@example.com"] and errors == []


def test_too_many_parts_is_an_error_record() -> None:
    body = "".join(f"--B\nContent-Type: text/plain\n\npart {i}\n" for i in range(60))
    data = (
        "From: a@example.com\nSubject: many\nMIME-Version: 1.0\n"
        f'Content-Type: multipart/mixed; boundary="B"\n\n{body}--B--\n'
    ).encode()
    rows, errors = _rows_and_errors(data, max_parts=50)
    assert rows == [] and [(e.stage, "--max-parts" in e.error) for e in errors] == [("limit", True)]
    assert _rows_and_errors(data, max_parts=100)[1] == []


def _spin(raw: object, classifier: object, options: object) -> list:  # type: ignore[type-arg]
    deadline = time.monotonic() + 30  # never loops for ever, even if the budget is broken
    while time.monotonic() < deadline:
        pass
    return []


def test_a_slow_message_becomes_an_error_record() -> None:
    from bounce_analyzer.classifier import load_classifier
    from bounce_analyzer.ingest import RawMessage
    from bounce_analyzer.pipeline import Options, judge

    started = time.monotonic()
    outcome = judge(RawMessage("slow", b"x"), load_classifier(), Options(max_seconds=0.3), _spin)
    assert time.monotonic() - started < 10
    assert outcome.rows == [] and outcome.error is not None
    assert (outcome.error.stage, "--max-seconds" in outcome.error.error) == ("limit", True)


def test_the_time_budget_holds_in_worker_processes(tmp_path: object) -> None:
    from functools import partial
    from pathlib import Path

    from bounce_analyzer.parallel import analyze_parallel
    from bounce_analyzer.pipeline import MessageError, Options, judge

    folder = Path(str(tmp_path))
    for index in range(40):  # enough that the work goes to the worker processes
        (folder / f"{index:02}.eml").write_bytes(b"Subject: x\n\nhello\n" * 50)
    started = time.monotonic()
    items = list(analyze_parallel(
        [str(folder)], Options(jobs=2, max_seconds=0.2), judge=partial(judge, analyse=_spin)
    ))
    assert time.monotonic() - started < 60
    assert len(items) == 40
    assert all(isinstance(i, MessageError) and i.stage == "limit" for i in items)
