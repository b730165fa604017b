"""Parallel analysis: one producer reading the sources in order, worker processes analysing.

Python runs one thread of Python code at a time, so using more than one core takes processes.
The layout (issue 7):

- the producer is the calling process: it reads messages in source order (`iter_messages`),
  packs them into small batches and hands each batch to the least busy worker;
- each worker parses, extracts and classifies (`pipeline.analyze_message`) and sends back the
  rows as plain tuples (cheaper to pickle than dataclasses);
- output is in source order: every batch (and every read error) gets a sequence number and
  results wait in a reorder buffer until everything before them is out;
- memory stays bounded: at most `MAX_AHEAD_PER_WORKER * jobs` batches are ever between "read"
  and "yielded", whatever the input size, so a 1 GB mbox streams like a small one;
- a worker that dies (killed by the OS, a crash in C code) costs only the messages it held: they
  come out as `MessageError`s (stage "worker") in their place, a new worker starts, the run goes on.

Each worker has its own pipe (no shared queue whose lock a killed worker could leave held), and
a thread in the worker drains incoming batches so the producer's sends never wait on a worker
that is itself waiting to send results.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import queue
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from multiprocessing.connection import Connection, wait
from typing import Any

from . import collector, patterns
from .budget import alarm_handler
from .ingest import RawMessage, ReadError, iter_messages
from .model import Analysis, MessageError, Stats, Verdict

# A batch is sent when it holds this many messages or this many bytes, whichever comes first:
# big enough that pickling and pipe round trips are a small share of the work, small enough
# that the first rows come out at once and a dead worker takes few messages with it.
BATCH_MESSAGES = 16
BATCH_BYTES = 1 << 20
# Batches per worker that may be read but not yet written out (in the pipe, being analysed, or
# waiting in the reorder buffer behind a slower batch). Bounds memory; 4 keeps workers busy.
MAX_AHEAD_PER_WORKER = 4
# Inputs of fewer messages than this per worker are analysed in this process: starting workers
# costs more than it saves (`analyze one.eml` stays as quick as with --jobs 1).
SMALL_INPUT_PER_WORKER = 8
# Workers dying this many times in a row without a single answer in between is not a bad
# message but a broken environment (out of memory at start, a crash on import): give up.
MAX_DEATHS_WITHOUT_PROGRESS = 2 * BATCH_MESSAGES + 10

log = logging.getLogger(__name__)

VERDICT_FIELDS: tuple[str, ...] = tuple(Verdict.__slots__)  # type: ignore[attr-defined]

# The pipeline's one policy for a message (`pipeline.judge`), handed in by the caller: this
# module runs it in worker processes and keeps the order, and knows nothing of verdicts.
Judge = Callable[[RawMessage, Any, Any], Any]


# -- the worker side ---------------------------------------------------------------------------


def analyse_batch(batch: list[RawMessage], judge: Judge, classifier: Any, options: Any) -> list[Any]:
    """One result per message: ("rows", [row tuples], (stage, text) or None) or
    ("error", stage, text), by the pipeline's one policy for a message (`judge`)."""
    results: list[Any] = []
    with alarm_handler():  # the time budget's handler once per batch, not per message
        for raw in batch:
            outcome = judge(raw, classifier, options)
            error = outcome.error
            if error is not None and not outcome.rows:
                results.append(("error", error.stage, error.error))
                continue
            rows = [tuple(getattr(row, name) for name in VERDICT_FIELDS) for row in outcome.rows]
            results.append(("rows", rows, None if error is None else (error.stage, error.error)))
    return results


def worker_main(
    conn: Connection, options: Any, judge: Judge, inherited: list[Connection]
) -> None:
    """A worker's life: receive (key, batch), send (key, results), until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the producer decides when to stop
    # A forked worker holds copies of the producer's ends of every pipe (its own included):
    # close them, so that when the producer dies, however it dies, the pipe reads as ended
    # and the worker exits instead of waiting forever.
    for other in inherited:
        other.close()
    from .classifier import load_classifier

    classifier = load_classifier(options.rules)  # inherited ready-made when forked
    inbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()

    def receive() -> None:
        try:
            while True:
                inbox.put(conn.recv_bytes())
        except (EOFError, OSError):
            inbox.put(None)

    threading.Thread(target=receive, daemon=True).start()
    try:
        while True:
            data = inbox.get()
            if data is None:
                return
            key, batch = pickle.loads(data)
            if key[0] < 0:
                return
            results = analyse_batch(batch, judge, classifier, options)
            try:
                conn.send_bytes(pickle.dumps((key, results), protocol=pickle.HIGHEST_PROTOCOL))
            except (BrokenPipeError, OSError):
                return
    finally:
        # A worker ends with os._exit, which runs no atexit handler: keep the patterns it
        # compiled (rule patterns are compiled on first use, here) for the next run.
        patterns.save()


# -- the producer side -------------------------------------------------------------------------


# A batch's key: (sequence number, -1) for a whole batch, (sequence number, i) for message i of
# a batch re-sent one message at a time after its worker died.
Key = tuple[int, int]


@dataclass
class Worker:
    """A worker process, the pipe to it, and the batches it holds."""

    process: Any
    conn: Connection
    # (key, messages) of the batches sent and not answered yet, oldest first: a worker answers
    # in order, so the oldest is the one it is working on, the others wait in its inbox.
    held: deque[tuple[Key, list[RawMessage]]] = field(default_factory=deque)


def units(items: Iterable[RawMessage | ReadError]) -> Iterator[list[RawMessage] | ReadError]:
    """Batches of messages, and read errors in their place between them."""
    batch: list[RawMessage] = []
    size = 0
    for item in items:
        if isinstance(item, ReadError):
            if batch:
                yield batch
                batch, size = [], 0
            yield item
            continue
        batch.append(item)
        size += len(item.data)
        if len(batch) >= BATCH_MESSAGES or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


class Pool:
    """Worker processes with their own pipes; a dead one is replaced at once."""

    def __init__(self, jobs: int, options: Any, judge: Judge) -> None:
        methods = multiprocessing.get_all_start_methods()
        # fork: children inherit the loaded rules and imported modules, so they start at once
        self.context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.options = options
        self.judge = judge
        self.forking = self.context.get_start_method() == "fork"
        self.workers: list[Worker] = []
        for _ in range(jobs):
            self.workers.append(self.start())

    def start(self) -> Worker:
        parent, child = self.context.Pipe(duplex=True)
        # with fork the child inherits these; with spawn it inherits nothing (and a
        # Connection passed to it would be duplicated, not closed)
        inherited = [parent, *(w.conn for w in self.workers)] if self.forking else []
        process = self.context.Process(
            target=worker_main, args=(child, self.options, self.judge, inherited), daemon=True
        )
        process.start()
        child.close()
        return Worker(process, parent)

    def close(self) -> None:
        for worker in self.workers:
            try:
                worker.conn.send_bytes(pickle.dumps(((-1, -1), [])))
            except (BrokenPipeError, OSError):
                pass
        for worker in self.workers:
            worker.process.join(timeout=2)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join(timeout=2)
            worker.conn.close()


def death_note(process: Any) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            how = f"killed by {signal.Signals(-code).name}"
        except ValueError:
            how = f"killed by signal {-code}"
    else:
        how = f"exit status {code}"
    return f"worker process died ({how}) while analysing this message"


class Scheduler:
    """Hands batches to workers, collects answers, and puts them back in source order."""

    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.done: dict[int, list[tuple[str, Any]]] = {}  # answered, waiting for their turn
        self.split: dict[int, list[Any]] = {}  # batches being re-analysed one message at a time
        self.sources: dict[int, list[str]] = {}  # the sources of the batches in self.split
        self.deaths = 0  # worker deaths since the last answer

    def send(self, key: Key, batch: list[RawMessage]) -> None:
        data = pickle.dumps((key, batch), protocol=pickle.HIGHEST_PROTOCOL)
        while True:
            worker = min(self.pool.workers, key=lambda w: len(w.held))
            try:
                worker.conn.send_bytes(data)
            except (BrokenPipeError, OSError):
                self.bury(worker)
                continue
            worker.held.append((key, batch))
            return

    def resolved(self, seq: int, results: list[tuple[str, Any]]) -> None:
        self.done[seq] = results

    def answer(self, key: Key, batch: list[RawMessage], results: list[Any]) -> None:
        seq, index = key
        if index < 0:
            self.done[seq] = [(raw.source, result) for raw, result in zip(batch, results)]
            return
        pending = self.split[seq]
        pending[index] = results[0]
        if all(result is not None for result in pending):
            self.done[seq] = list(zip(self.sources.pop(seq), self.split.pop(seq)))

    def poll(self) -> None:
        """Wait for answers or deaths among the busy workers and deal with them."""
        busy = [worker for worker in self.pool.workers if worker.held]
        if not busy:
            return
        ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
        for worker in busy:
            if worker not in self.pool.workers:
                continue  # died and was replaced while another was dealt with
            if worker.conn in ready:
                try:
                    key, results = pickle.loads(worker.conn.recv_bytes())
                except (EOFError, OSError):
                    self.bury(worker)
                    continue
                held_key, batch = worker.held.popleft()
                assert held_key == tuple(key), "a worker answers its batches in order"
                self.deaths = 0
                self.answer(held_key, batch, results)
            elif worker.process.sentinel in ready:
                self.bury(worker)

    def bury(self, worker: Worker) -> None:
        """A worker died: keep what it answered, re-send what it held, replace it.

        The batch it was working on is re-sent one message at a time, so a message that kills
        workers (a crash in C code, memory exhausted) costs only itself; a message alone in its
        batch when its worker dies is reported as an error. Batches still waiting in the dead
        worker's inbox were never started and are simply sent again.
        """
        if worker not in self.pool.workers:
            return  # already buried
        self.deaths += 1
        if self.deaths > MAX_DEATHS_WITHOUT_PROGRESS:
            raise RuntimeError("worker processes keep dying; run with --jobs 1 to see why")
        while worker.held:
            try:
                if not worker.conn.poll():
                    break
                key, results = pickle.loads(worker.conn.recv_bytes())
            except (EOFError, OSError):
                break
            held_key, batch = worker.held.popleft()
            self.answer(held_key, batch, results)
        worker.conn.close()
        worker.process.join(timeout=5)
        note = death_note(worker.process)
        held = list(worker.held)
        worker.held.clear()
        self.pool.workers[self.pool.workers.index(worker)] = self.pool.start()
        for position, (key, batch) in enumerate(held):
            seq = key[0]
            if position > 0:
                self.send(key, batch)  # never started
            elif len(batch) == 1:
                log.warning("%s: %s", batch[0].source, note)
                self.answer(key, batch, [("error", "worker", note)])
            else:
                log.warning("a worker died (%s); analysing its batch again one by one", note)
                self.split[seq] = [None] * len(batch)
                self.sources[seq] = [raw.source for raw in batch]
                for i, raw in enumerate(batch):
                    self.send((seq, i), [raw])


def ordered_results(
    items: Iterable[RawMessage | ReadError], jobs: int, options: Any, judge: Judge
) -> Iterator[tuple[str, Any]]:
    """(source, result) per message, in source order: a result of `analyse_batch`, or the
    ReadError itself for a message that could not be read."""
    pool = Pool(jobs, options, judge)
    scheduler = Scheduler(pool)
    limit = MAX_AHEAD_PER_WORKER * jobs
    produced = units(items)
    exhausted = False
    next_seq = 0  # the next sequence number to hand out
    next_out = 0  # the next sequence number to yield
    try:
        while True:
            while not exhausted and next_seq - next_out < limit:
                unit = next(produced, None)
                if unit is None:
                    exhausted = True
                elif isinstance(unit, ReadError):
                    scheduler.resolved(next_seq, [(unit.source, unit)])
                    next_seq += 1
                else:
                    scheduler.send((next_seq, -1), unit)
                    next_seq += 1
            while next_out in scheduler.done:
                yield from scheduler.done.pop(next_out)
                next_out += 1
            if exhausted and next_out == next_seq:
                return
            scheduler.poll()
    finally:
        pool.close()


def peek(
    items: Iterator[RawMessage | ReadError], count: int, size: int
) -> tuple[list[RawMessage | ReadError], bool]:
    """The first items (at most count, about size bytes), and whether that was all of them."""
    head: list[RawMessage | ReadError] = []
    total = 0
    for item in items:
        head.append(item)
        total += len(item.data) if isinstance(item, RawMessage) else 0
        if len(head) >= count or total >= size:
            return head, False
    return head, True


def in_process(
    items: list[RawMessage | ReadError], options: Any, judge: Judge
) -> Iterator[tuple[str, Any]]:
    """The results `ordered_results` would give, computed here (for a handful of messages)."""
    from .classifier import load_classifier

    classifier = load_classifier(options.rules)
    for item in items:
        if isinstance(item, ReadError):
            yield item.source, item
        else:
            yield item.source, analyse_batch([item], judge, classifier, options)[0]


def analyze_parallel(paths: Iterable[str], options: Any, *, judge: Judge) -> Analysis:
    """`pipeline.analyze` with `options.jobs` worker processes; same rows, same order, same stats."""
    from .classifier import load_classifier

    load_classifier(options.rules)  # before forking: rule errors surface here, workers inherit
    collector.resume()  # before forking, so that no worker copies what the collector touches
    stats = Stats()
    jobs = max(1, int(getattr(options, "jobs", 1)))

    def run() -> Iterator[Verdict | MessageError]:
        items = iter_messages(paths, options.ingest)
        head, ended = peek(items, SMALL_INPUT_PER_WORKER * jobs, BATCH_BYTES * jobs)
        results = (
            in_process(head, options, judge)
            if ended
            else ordered_results(chain(head, items), jobs, options, judge)
        )
        for source, result in results:
            if isinstance(result, ReadError):
                stats.count(None)
                yield MessageError(result.source, result.stage, result.error)
            elif result[0] == "error":
                stats.count(None)
                yield MessageError(source, result[1], result[2])
            else:
                stats.count(len(result[1]), partly=result[2] is not None)
                for row in result[1]:
                    yield Verdict(*row)
                if result[2] is not None:  # read in part (--max-recipients)
                    yield MessageError(source, *result[2])

    return Analysis(run(), stats)
