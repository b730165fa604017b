"""Parallel analysis (--jobs N): same rows, same order, same errors and stats as one process.

Batches are made tiny here so that even samples/ spreads over many batches and both workers;
a worker killing itself stands for one the OS killed (out of memory, a crash in C code).
"""

from __future__ import annotations

import os
import signal
import sys
from functools import partial
from pathlib import Path

import pytest

from bounce_analyzer import parallel
from bounce_analyzer.ingest import RawMessage
from bounce_analyzer.model import Verdict
from bounce_analyzer.pipeline import MessageError, Options, Stats, analyze, analyze_message, judge

from .conftest import SAMPLES

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

EVERYTHING = Options(include_delivered=True, include_vacation=True)


@pytest.fixture(autouse=True)
def tiny_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BATCH_MESSAGES", 3)
    monkeypatch.setattr(parallel, "SMALL_INPUT_PER_WORKER", 1)


def outcome(paths: list[str], options: Options, **kwargs: object) -> tuple[list[object], Stats]:
    if kwargs:
        analysis = parallel.analyze_parallel(paths, options, **kwargs)  # type: ignore[arg-type]
    else:
        analysis = analyze(paths, options)
    items = [
        item.as_dict(with_advice=True) if isinstance(item, Verdict) else item for item in analysis
    ]
    return items, analysis.stats


def with_jobs(options: Options, jobs: int) -> Options:
    return Options(**{**{name: getattr(options, name) for name in Options.__slots__}, "jobs": jobs})


def stats_add_up(stats: Stats) -> None:
    assert stats.read == stats.with_verdicts + stats.without_verdicts + stats.failed


def test_samples_give_the_same_rows_in_the_same_order_as_one_process() -> None:
    single, single_stats = outcome([str(SAMPLES)], EVERYTHING)
    double, double_stats = outcome([str(SAMPLES)], with_jobs(EVERYTHING, 2))
    assert len(single) > 50
    assert double == single
    assert double_stats == single_stats
    stats_add_up(double_stats)
    assert double_stats.rows == sum(isinstance(item, dict) for item in double)


def test_three_workers_and_default_filters_agree_too() -> None:
    single, single_stats = outcome([str(SAMPLES)], Options())
    triple, triple_stats = outcome([str(SAMPLES)], with_jobs(Options(), 3))
    assert triple == single
    assert triple_stats == single_stats


def test_one_message_is_analysed_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "SMALL_INPUT_PER_WORKER", 8)
    monkeypatch.setattr(parallel, "Pool", None)  # starting workers would fail
    path = str(SAMPLES / "rfc3464-single-userunknown.eml")
    assert outcome([path], with_jobs(EVERYTHING, 2)) == outcome([path], EVERYTHING)


def failing_on_marked(raw: RawMessage, classifier: object, options: object) -> list[Verdict]:
    if raw.source.endswith("rfc3464-delivered.eml"):
        raise ValueError("an extractor's bug")
    return analyze_message(raw, classifier, options)  # type: ignore[arg-type]


def dying_on_marked(raw: RawMessage, classifier: object, options: object) -> list[Verdict]:
    if raw.source.endswith("rfc3464-delivered.eml"):
        os.kill(os.getpid(), signal.SIGKILL)
    return analyze_message(raw, classifier, options)  # type: ignore[arg-type]


def sources(items: list[object]) -> list[str]:
    return [item["source"] if isinstance(item, dict) else item.source for item in items]  # type: ignore[attr-defined]


def test_read_errors_and_message_errors_keep_their_place(tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    for sample in sorted(SAMPLES.glob("rfc3464-*.eml")):
        (folder / sample.name).write_bytes(sample.read_bytes())
    (folder / "rfc3464-broken-link.eml").symlink_to(tmp_path / "nowhere")
    options = with_jobs(EVERYTHING, 2)
    single, single_stats = outcome([str(folder)], EVERYTHING)
    items, stats = outcome([str(folder)], options, judge=partial(judge, analyse=failing_on_marked))
    errors = [item for item in items if isinstance(item, MessageError)]
    assert [(e.source.rsplit("/", 1)[1], e.stage) for e in errors] == [
        ("rfc3464-broken-link.eml", "read"),
        ("rfc3464-delivered.eml", "extract"),
    ]
    assert "ValueError: an extractor's bug" in errors[1].error
    # everything else as in one process, in the same order
    assert [
        item for item in items if not isinstance(item, MessageError) or item.stage == "read"
    ] == [
        item
        for item in single
        if not isinstance(item, dict) or not item["source"].endswith("delivered.eml")
    ]
    assert sources(items) == sources(single)
    assert stats.failed == single_stats.failed + 1
    stats_add_up(stats)


def test_a_message_that_kills_its_worker_is_reported_and_the_run_goes_on() -> None:
    single, single_stats = outcome([str(SAMPLES)], EVERYTHING)
    items, stats = outcome([str(SAMPLES)], with_jobs(EVERYTHING, 2), judge=partial(judge, analyse=dying_on_marked))
    lost = [item for item in items if isinstance(item, MessageError)]
    assert lost, "the marked message was analysed in a worker"
    assert all(error.stage == "worker" and "SIGKILL" in error.error for error in lost)
    assert any(error.source.endswith("rfc3464-delivered.eml") for error in lost)
    # its batch was analysed again one message at a time: only the killer is lost
    assert [error.source.rsplit("/", 1)[1] for error in lost] == ["rfc3464-delivered.eml"]
    lost_sources = {error.source for error in lost}
    # the run went on: every other message gave its rows, in order
    assert [item for item in items if not isinstance(item, MessageError)] == [
        item for item in single if isinstance(item, dict) and item["source"] not in lost_sources
    ]
    assert stats.failed == len(lost)
    assert stats.read == single_stats.read
    stats_add_up(stats)


def test_a_worker_killed_from_outside_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    """Kill a worker by its pid mid-run: the pool starts another and finishes the work."""
    started: list[parallel.Worker] = []
    original = parallel.Pool.start

    def start(self: parallel.Pool) -> parallel.Worker:
        worker = original(self)
        started.append(worker)
        return worker

    monkeypatch.setattr(parallel.Pool, "start", start)
    single, single_stats = outcome([str(SAMPLES)], EVERYTHING)
    analysis = analyze([str(SAMPLES)], with_jobs(EVERYTHING, 2))
    items = []
    for index, item in enumerate(analysis):
        items.append(item.as_dict(with_advice=True) if isinstance(item, Verdict) else item)
        if index == 5:
            os.kill(started[0].process.pid, signal.SIGKILL)
    assert len(started) >= 3  # two at the start, one replacement
    # the batches it held were analysed again elsewhere: nothing lost, nothing out of order
    assert items == single
    assert analysis.stats == single_stats


def always_dying(raw: RawMessage, classifier: object, options: object) -> list[Verdict]:
    os.kill(os.getpid(), signal.SIGKILL)
    return []


def test_workers_that_always_die_stop_the_run() -> None:
    """Not a bad message but a broken environment: give up instead of forking forever."""
    with pytest.raises(RuntimeError, match="keep dying"):
        outcome([str(SAMPLES)], with_jobs(EVERYTHING, 2), judge=partial(judge, analyse=always_dying))


SLOW_RUN = """
import sys, time
from functools import partial
from bounce_analyzer import parallel
from bounce_analyzer.pipeline import Options, judge

def slow(raw, classifier, options):
    time.sleep(0.2)
    return []

for _ in parallel.analyze_parallel([sys.argv[1]], Options(jobs=2), judge=partial(judge, analyse=slow)):
    pass
"""


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_workers_exit_when_the_producer_is_killed() -> None:
    """Each worker holds no copy of the producer's pipe ends: killed producer, ended pipes."""
    import subprocess
    import time

    process = subprocess.Popen([sys.executable, "-c", SLOW_RUN, str(SAMPLES)])
    try:
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while time.monotonic() < deadline and len(workers) < 2:
            workers = children(process.pid)
            time.sleep(0.05)
        assert len(workers) >= 2
        process.kill()
        process.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.05)
        assert not any(alive(pid) for pid in workers)
    finally:
        if process.poll() is None:
            process.kill()
