"""The same analysis on a Dask cluster: `read_bounces` gives a dask DataFrame, and
`analyze_on_cluster` / `analyze_to_parquet` run `bounce-analyzer analyze --scheduler ADDRESS`.

Install with `pip install 'bounce-analyzer[dask]'`, on the client and on every worker (the
workers import this package to analyse).

Nothing here is a second pipeline: a partition is read by `ingest` (the same reader as a local
run, fsspec only opens the bytes of a URL) and every message goes through `pipeline.judge`,
the one policy for a message. What this module adds is the plan (which partition reads what,
listed on the client) and the way back into source order.

- Partitions: whole files in sorted order (consecutive small files share a partition, up to
  `blocksize` bytes or `FILES_PER_PARTITION` files), and an mbox larger than `blocksize` split
  into byte ranges. A range owns the messages whose envelope ("From ") line starts inside it:
  it reads from its first envelope line to the first envelope line of the next range, and
  `ingest.split_mbox` splits those bytes exactly as it splits the whole file.
- Source ids: `PATH:N` counts messages from the start of the mbox, so a range learns how many
  messages the ranges before it held (a chain of small tasks, one per range) and renumbers its
  own.
- Error records: a message that fails is a row of the same frame with `stage` and `error` set
  and the verdict columns empty (`split_errors` separates the two, in one pass over the input).
- The time budget (`--max-seconds`): Dask runs tasks in threads, where no timer signal can be
  delivered, so `ThreadBudget` interrupts an over-long message from a watchdog thread instead
  (CPython's asynchronous exception, raised between two bytecodes like a signal's).

`import dask.base` here imports the real Dask package: this module is `bounce_analyzer.dask`, and
absolute imports never look inside the package.
"""

from __future__ import annotations

import ctypes
import glob
import hashlib
import os
import re
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

import dask.base
import pandas as pd
from dask.delayed import Delayed, delayed

from bounce_analyzer import model, pipeline, verdict
from bounce_analyzer.budget import OverTime, alarm_handler
from bounce_analyzer.ingest import (
    COMPRESSED_SUFFIXES,
    ENVELOPE_LINE,
    SIDECAR_SUFFIXES,
    BombGuard,
    IngestOptions,
    RawMessage,
    ReadError,
    decompressing,
    read_file,
    read_stream,
    walk_directory,
)
from bounce_analyzer.model import Analysis, MessageError, Stats
from bounce_analyzer.pipeline import Options
from bounce_analyzer.rules import VOCABULARY

if TYPE_CHECKING:
    import dask.dataframe as dd
    from distributed import Client

# A partition holds whole files up to this many bytes, and an mbox larger than it is split
# into ranges of about this size: at a rate of about 1,000 messages a second per core, a
# partition of 64 MiB (50,000 bounces) takes under a minute, long enough that scheduling is a
# small share and short enough that a lost worker costs little.
BLOCKSIZE = 64 << 20
# ... and at most this many files (a Maildir of small messages: about a second of work).
FILES_PER_PARTITION = 1_000

# -- the frame ---------------------------------------------------------------------------------

TEXT = pd.StringDtype("pyarrow")
# The typed columns, as `verdict.Verdict` types them: bounce "hard"/"soft" or missing,
# permanent True/False or missing, date a UTC time (missing when unreadable); the reason one
# word of the fixed vocabulary. Then the error record's two columns.
DTYPES: dict[str, Any] = {name: TEXT for name in verdict.NAMES}
DTYPES |= {
    "date": pd.DatetimeTZDtype("us", "UTC"),
    "reason": pd.CategoricalDtype(VOCABULARY),
    "bounce": pd.CategoricalDtype(("hard", "soft")),
    "permanent": pd.BooleanDtype(),
    "stage": TEXT,
    "error": TEXT,
}
FRAME_COLUMNS: tuple[str, ...] = (*verdict.NAMES, "stage", "error")
ROW_COLUMNS: tuple[str, ...] = verdict.NAMES  # what `--format parquet` writes: rows only

# A pipeline row as a tuple (cheap to pickle, as parallel.py sends them), in model.Verdict order.
ROW_FIELDS: tuple[str, ...] = tuple(model.Verdict.__slots__)


def empty_frame(columns: Sequence[str] = FRAME_COLUMNS) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=DTYPES[name]) for name in columns})


# -- the plan: what each partition reads -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """One thing a partition reads: a whole file, a byte range of a large mbox, or a folder
    that could not be listed (its error record, in its place)."""

    source: str  # the source id: the path as named (local), or the URL
    url: bool = False  # opened with fsspec
    start: int = 0
    end: int = -1  # a range [start, end) of an mbox; -1: the whole file
    last: bool = True  # the range runs to the end of the file
    error: ReadError | None = None


Piece = tuple[Span, ...]  # one partition's spans, in source order
# A --rules path's contents: (whether it is a folder, ((relative name, bytes), ...)).
RuleFiles = tuple[bool, tuple[tuple[str, bytes], ...]]


@dataclass(frozen=True, slots=True)
class Job:
    """What every task needs besides its piece: the options, fsspec's storage options, and
    the extra rule files' contents (a worker need not see the client's files)."""

    options: Options
    storage_options: tuple[tuple[str, Any], ...] = ()
    rule_files: tuple[RuleFiles, ...] = ()  # per --rules path


def plan(
    paths: Iterable[str | os.PathLike[str]],
    blocksize: int = BLOCKSIZE,
    storage_options: dict[str, Any] | None = None,
) -> list[Piece]:
    """The partitions of an input, listed here (the client), in source order.

    Raises FileNotFoundError for a path, folder or glob that names nothing."""
    storage = storage_options or {}
    pieces: list[Piece] = []
    group: list[Span] = []
    group_bytes = 0

    def flush() -> None:
        nonlocal group, group_bytes
        if group:
            pieces.append(tuple(group))
            group, group_bytes = [], 0

    for span, size in listed(paths, storage):
        if (
            span.error is None
            and size > blocksize
            and not span.source.endswith(COMPRESSED_SUFFIXES)
        ):
            ranges = mbox_ranges(span, size, blocksize, storage)
            if ranges:
                flush()
                pieces.extend((r,) for r in ranges)
                continue
        group.append(span)
        group_bytes += size
        if group_bytes >= blocksize or len(group) >= FILES_PER_PARTITION:
            flush()
    flush()
    return pieces


def listed(
    paths: Iterable[str | os.PathLike[str]], storage: dict[str, Any]
) -> Iterator[tuple[Span, int]]:
    """Every file the paths name, in the order a local run reads them, with its size."""
    for given in paths:
        path = os.fspath(given)
        if path == "-":
            raise FileNotFoundError("standard input ('-') cannot be read on a cluster: name files")
        if "://" in path:
            yield from listed_url(path, storage)
            continue
        if glob.has_magic(path) and not os.path.exists(path):
            matches = sorted(glob.glob(path))
            if not matches:
                raise FileNotFoundError(f"no such file or directory: {path}")
        else:
            if not os.path.exists(path):
                raise FileNotFoundError(f"no such file or directory: {path}")
            matches = [path]
        for match in matches:
            files: Iterable[str | ReadError] = (
                walk_directory(match) if os.path.isdir(match) else [match]
            )
            for file in files:
                if isinstance(file, ReadError):
                    yield Span(file.source, error=file), 0
                else:
                    yield Span(file), file_size(file)


def file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # read_file reports it, in its place


def listed_url(url: str, storage: dict[str, Any]) -> Iterator[tuple[Span, int]]:
    """The files of a URL (a file, a folder, or a glob), by the same rules as a local folder:
    sorted by name at each level, dot-entries, sidecar files and a Maildir's tmp/ skipped."""
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(url, **storage)
    if glob.has_magic(root) and not fs.exists(root):
        matches = sorted(fs.glob(root))
        if not matches:
            raise FileNotFoundError(f"no such file or directory: {url}")
        for match in matches:
            yield from walk_url(fs, match, fs.unstrip_protocol(match))
        return
    if not fs.exists(root):
        raise FileNotFoundError(f"no such file or directory: {url}")
    yield from walk_url(fs, root, url)


def walk_url(fs: Any, path: str, source: str) -> Iterator[tuple[Span, int]]:
    """A file or folder of an fsspec file system; source ids keep the spelling of the URL."""
    if not fs.isdir(path):
        yield Span(source, url=True), int(fs.size(path) or 0)
        return
    try:
        entries = [e for e in fs.ls(path, detail=True) if e["name"].rstrip("/") != path.rstrip("/")]
    except OSError as error:
        yield Span(source, error=ReadError(source, "read", f"cannot list folder: {error}")), 0
        return

    def name_of(entry: dict[str, Any]) -> str:
        return str(entry["name"]).rstrip("/").rpartition("/")[2]

    entries.sort(key=name_of)
    is_maildir = {name_of(e) for e in entries if e["type"] == "directory"} >= {"cur", "new"}
    for entry in entries:
        name = name_of(entry)
        if name.startswith("."):
            continue
        child = source.rstrip("/") + "/" + name
        if entry["type"] == "directory":
            if is_maildir and name == "tmp":
                continue  # messages still being delivered (Maildir specification)
            yield from walk_url(fs, entry["name"], child)
        elif not name.endswith(SIDECAR_SUFFIXES):
            yield Span(child, url=True), int(entry.get("size") or 0)


def mbox_ranges(span: Span, size: int, blocksize: int, storage: dict[str, Any]) -> list[Span]:
    """A large file as byte ranges, when it is an mbox (it starts with "From ", as `ingest`
    decides); [] otherwise (one partition reads it whole)."""
    try:
        with open_binary(span, storage) as handle:
            if handle.read(5) != b"From ":
                return []
    except OSError:
        return []  # read_file reports it, in its place
    count = max(1, round(size / blocksize))
    bounds = [size * i // count for i in range(count + 1)]
    return [
        replace(span, start=bounds[i], end=bounds[i + 1], last=i == count - 1) for i in range(count)
    ]


def open_binary(span: Span, storage: dict[str, Any]) -> BinaryIO:
    if not span.url:
        return open(span.source, "rb")
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(span.source, **storage)
    return cast(BinaryIO, fs.open(path, "rb"))


# -- a range of an mbox ------------------------------------------------------------------------

# A line start ("\n" or a lone "\r" before it: ingest reads CR-only files too) and "From ".
CANDIDATE = re.compile(rb"[\r\n]From ")
LINE_END = re.compile(rb"[\r\n]")
# ENVELOPE_LINE cannot match more than this many bytes of a line (5 + 512 + 1 + 120 + 5).
ENVELOPE_SPAN = 700
SCAN_READ = 1 << 16
# Appended to a range that is not the file's last: its envelope closes the range's last
# message, and split_mbox then numbers it one past the range's own messages, which is how
# the range learns how many envelopes it held (empty messages included, as split_mbox counts
# them). It is never analysed.
SENTINEL = b"From range-end@bounce-analyzer Thu Jan  1 00:00:00 1970\nend\n"
SENTINEL_MESSAGE = b"end\n"


def owned_start(handle: BinaryIO, position: int, size: int) -> int:
    """The offset of the first envelope line that starts at or after `position` (`size` if
    none): a line start with "From " that ENVELOPE_LINE matches, as split_mbox decides."""
    if position <= 0:
        return 0  # a file's first line is its first envelope
    if position >= size:
        return size
    handle.seek(position - 1)
    buffer = b""
    base = position - 1  # the file offset of buffer[0]
    ended = False
    while True:
        chunk = handle.read(SCAN_READ)
        ended = not chunk
        buffer += chunk
        search = 0
        while True:
            found = CANDIDATE.search(buffer, search)
            if found is None:
                break
            at = found.start() + 1
            end = LINE_END.search(buffer, at, at + ENVELOPE_SPAN)
            stop = end.start() if end else min(len(buffer), at + ENVELOPE_SPAN)
            if end is None and len(buffer) < at + ENVELOPE_SPAN and not ended:
                break  # the line goes on past what was read: read more first
            if ENVELOPE_LINE.match(buffer[at:stop]):
                return base + at
            search = at
        if ended:
            return size
        # Keep what a candidate still needs: from the last unfinished candidate, or the last
        # byte (it may be the "\n" before a "From " in the next read).
        keep = found.start() if found is not None else len(buffer) - 1
        base += keep
        buffer = buffer[keep:]


class RangeReader:
    """The bytes [start, end) of a file, then `tail`, as a stream for `ingest.read_stream`."""

    def __init__(self, handle: BinaryIO, start: int, end: int, tail: bytes = b"") -> None:
        handle.seek(start)
        self.handle, self.left, self.tail = handle, end - start, tail

    def read(self, size: int = -1) -> bytes:
        if self.left > 0:
            chunk = self.handle.read(self.left if size < 0 else min(size, self.left))
            if chunk:
                self.left -= len(chunk)
                return chunk
            self.left = 0
        chunk, self.tail = (self.tail, b"") if size < 0 else (self.tail[:size], self.tail[size:])
        return chunk


@dataclass
class Range:
    """What reading a range found out: how many envelopes it owned (None when reading stopped
    before its end: an I/O error, reported in its place)."""

    envelopes: int | None = 0


def read_range(
    span: Span, options: IngestOptions, storage: dict[str, Any], found: Range
) -> Iterator[RawMessage | ReadError]:
    """The messages of one range of an mbox, numbered from 1 within the range."""
    try:
        handle = open_binary(span, storage)
    except OSError as error:
        found.envelopes = None
        yield ReadError(span.source, "read", getattr(error, "strerror", None) or str(error))
        return
    with handle:
        try:
            # The range's messages: from its first envelope line to the next range's first.
            end = sys.maxsize if span.last else owned_start(handle, span.end, sys.maxsize)
            start = owned_start(handle, span.start, end)
        except OSError as error:
            found.envelopes = None
            yield ReadError(span.source, "read", f"{type(error).__name__}: {error}")
            return
        if start >= end:
            found.envelopes = 0  # a message from an earlier range runs through this one
            return
        # Past the last envelope of the file (end == maxsize) the range reads to the end,
        # whose last line may have no line end: no sentinel there (no range after it counts).
        closed = end != sys.maxsize
        stream = RangeReader(handle, start, end, SENTINEL if closed else b"")
        found.envelopes = None
        held: RawMessage | ReadError | None = None  # one behind, to know the last item
        for item in read_stream(cast(BinaryIO, stream), span.source, options):
            if held is not None:
                yield held
            held = item
        if closed and isinstance(held, RawMessage) and held.data == SENTINEL_MESSAGE:
            found.envelopes = message_number(held.source, span.source) - 1
        elif held is not None:
            yield held  # reading stopped early (an I/O error, reported): the count is unknown


def message_number(source: str, prefix: str) -> int:
    return int(source[len(prefix) + 1 :])


# -- the worker side: one partition ------------------------------------------------------------


@dataclass
class PieceResult:
    """What one partition gave, in source order: ("row", tuple) and ("error", (source, stage,
    text)) entries, its counts, and for a range of an mbox, the file and how many messages
    (envelopes) it held, for the ranges after it to number theirs."""

    entries: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)
    mbox: str = ""  # the mbox a range belongs to ("" for whole files)
    envelopes: int | None = None


def analyse_piece(piece: Piece, job: Job) -> PieceResult:
    """Read and judge one partition's messages (runs on a worker)."""
    from bounce_analyzer.classifier import load_classifier

    options = worker_options(job)
    classifier = load_classifier(options.rules)
    storage = dict(job.storage_options)
    result = PieceResult()
    budget = ThreadBudget.get() if options.max_seconds > 0 else None
    with alarm_handler():  # the main thread (a synchronous run): the timer signal, as locally
        for span in piece:
            found = Range()
            for item in read_span(span, options.ingest, storage, found):
                if isinstance(item, ReadError):
                    result.stats.count(None)
                    result.entries.append(("error", (item.source, item.stage, item.error)))
                    continue
                outcome = judged(item, classifier, options, budget)
                if outcome.error is not None and not outcome.rows:
                    result.stats.count(None)
                else:
                    result.stats.count(len(outcome.rows), partly=outcome.error is not None)
                for row in outcome.rows:
                    result.entries.append(("row", tuple(getattr(row, name) for name in ROW_FIELDS)))
                if outcome.error is not None:
                    error = outcome.error
                    result.entries.append(("error", (error.source, error.stage, error.error)))
            if span.end >= 0:
                result.mbox, result.envelopes = span.source, found.envelopes
    return result


def read_span(
    span: Span, options: IngestOptions, storage: dict[str, Any], found: Range
) -> Iterator[RawMessage | ReadError]:
    if span.error is not None:
        yield span.error
    elif span.end >= 0:
        yield from read_range(span, options, storage, found)
    elif not span.url:
        yield from read_file(span.source, options)
    else:
        yield from read_url(span, options, storage)


def read_url(
    span: Span, options: IngestOptions, storage: dict[str, Any]
) -> Iterator[RawMessage | ReadError]:
    """A whole file of an fsspec URL, as `ingest.read_file` reads a local one."""
    try:
        raw = open_binary(span, storage)
    except OSError as error:
        yield ReadError(span.source, "read", getattr(error, "strerror", None) or str(error))
        return
    with raw:
        suffix = os.path.splitext(span.source)[1].lower()
        if suffix in COMPRESSED_SUFFIXES:
            yield from read_stream(
                BombGuard(decompressing(suffix, raw), raw, options), span.source, options
            )
        else:
            yield from read_stream(raw, span.source, options)


def judged(
    raw: RawMessage,
    classifier: Any,
    options: Options,
    budget: ThreadBudget | None,
    analyse: Any = None,
) -> pipeline.Outcome:
    """`pipeline.judge`, with the time budget kept by the watchdog in a worker thread
    (`analyse`: as judge's, for tests)."""
    if budget is None or threading.current_thread() is threading.main_thread():
        return pipeline.judge(raw, classifier, options, analyse)
    outcome = None
    try:
        token = budget.arm(options.max_seconds)
        try:
            outcome = pipeline.judge(raw, classifier, options, analyse)
        finally:
            budget.disarm(token)
    except OverTime:  # raised after judge had returned, or between arming and judging
        pass
    if outcome is None:
        return pipeline.judge(raw, classifier, options, analyse=over_time)
    return outcome


def over_time(raw: RawMessage, classifier: Any, options: Options) -> list[model.Verdict]:
    """Stands in for the analysis of a message whose budget ran out: `judge` words the error."""
    raise OverTime


class ThreadBudget:
    """One watchdog thread per process that raises OverTime in a thread whose message took
    longer than its budget: `pipeline.judge` turns it into the same error record as the timer
    signal does in the command. At most one exception per arming, and one still pending when
    the message finished in time is withdrawn (`disarm`).

    Arming is a dictionary entry under a lock; the watchdog is woken only when a deadline
    comes before the one it sleeps until (waking it for every message handed the interpreter
    lock to it and back each time: on a busy machine that doubled a worker's time)."""

    _instance: ThreadBudget | None = None
    _created = threading.Lock()

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.armed: dict[int, tuple[float, int]] = {}  # thread id -> (deadline, token)
        self.fired: set[int] = set()
        self.tokens = 0
        self.sleeping_until = 0.0  # 0: asleep without a deadline (nothing armed)
        threading.Thread(target=self.watch, name="bounce-analyzer-budget", daemon=True).start()

    @classmethod
    def get(cls) -> ThreadBudget:
        with cls._created:
            if cls._instance is None:
                cls._instance = ThreadBudget()
            return cls._instance

    def arm(self, seconds: float) -> int:
        deadline = time.monotonic() + seconds
        with self.condition:
            self.tokens += 1
            self.armed[threading.get_ident()] = (deadline, self.tokens)
            if not self.sleeping_until or deadline < self.sleeping_until:
                self.condition.notify()
            return self.tokens

    def disarm(self, token: int) -> None:
        ident = threading.get_ident()
        with self.condition:
            if self.armed.get(ident, (0.0, -1))[1] == token:
                del self.armed[ident]
            if token in self.fired:
                self.fired.discard(token)
                raise_in(ident, None)  # withdraw it, if it has not been raised yet

    def watch(self) -> None:
        with self.condition:
            while True:
                if not self.armed:
                    self.sleeping_until = 0.0
                    self.condition.wait()
                    continue
                ident, (deadline, token) = min(self.armed.items(), key=lambda item: item[1][0])
                wait = deadline - time.monotonic()
                if wait > 0:
                    self.sleeping_until = deadline
                    self.condition.wait(wait)
                    continue
                del self.armed[ident]
                self.fired.add(token)
                raise_in(ident, OverTime)


def raise_in(ident: int, exception: type[BaseException] | None) -> None:
    """Raise `exception` in thread `ident` at its next bytecode (None: withdraw a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(exception) if exception is not None else None
    )


# Extra rule files, written once per worker process where the worker can read them.
_RULE_DIRS: dict[str, tuple[Path, ...]] = {}
_RULE_LOCK = threading.Lock()


def bundle_rules(paths: Sequence[Path]) -> tuple[RuleFiles, ...]:
    """The contents of --rules paths: a file, or a folder's rule files by relative name."""
    from bounce_analyzer.rules import phrase_files

    bundle = []
    for path in map(Path, paths):
        if path.is_dir():
            files = tuple((str(f.relative_to(path)), f.read_bytes()) for f in phrase_files(path))
            bundle.append((True, files))
        else:
            bundle.append((False, ((path.name, path.read_bytes()),)))
    return tuple(bundle)


def worker_options(job: Job) -> Options:
    """The options with --rules pointing at copies of the client's rule files on this worker
    (written once per process; same names, so the same order of files in a folder)."""
    if not job.rule_files:
        return job.options
    key = hashlib.sha256(repr(job.rule_files).encode()).hexdigest()[:16]
    with _RULE_LOCK:
        if key not in _RULE_DIRS:
            root = Path(tempfile.mkdtemp(prefix=f"bounce-analyzer-rules-{key}-"))
            written = []
            for index, (is_folder, files) in enumerate(job.rule_files):
                folder = root / str(index)
                for name, data in files:
                    (folder / name).parent.mkdir(parents=True, exist_ok=True)
                    (folder / name).write_bytes(data)
                written.append(folder if is_folder else folder / files[0][0])
            _RULE_DIRS[key] = tuple(written)
    return replace(job.options, rules=_RULE_DIRS[key])


# -- numbering across the ranges of an mbox, and frames ----------------------------------------


def renumbered(result: PieceResult, before: int) -> PieceResult:
    """The result with its messages numbered from the start of the mbox: `before` messages
    were in the ranges before it."""
    if not before or not result.mbox:
        return result
    prefix = result.mbox + ":"
    start = len(prefix)

    def fixed(source: str) -> str:
        tail = source[start:]
        return (
            f"{prefix}{int(tail) + before}"
            if source.startswith(prefix) and tail.isdigit()
            else source
        )

    entries = [(kind, (fixed(values[0]), *values[1:])) for kind, values in result.entries]
    return PieceResult(entries, result.stats, result.mbox, result.envelopes)


def envelopes_before(before: int, previous: PieceResult) -> int:
    """The running count of an mbox's messages after one more range."""
    return before + (previous.envelopes or 0)


def items_of(result: PieceResult) -> Iterator[model.Verdict | MessageError]:
    """A partition's rows and error records, as the local pipeline streams them."""
    for kind, values in result.entries:
        if kind == "row":
            yield model.Verdict(*values)
        else:
            yield MessageError(*values)


def to_frame(
    result: PieceResult, columns: Sequence[str] = FRAME_COLUMNS, only: str | None = None
) -> pd.DataFrame:
    """A partition's typed frame (`DTYPES`): a row per verdict and, with the error columns, a
    row per error record in its place."""
    from bounce_analyzer.report import passes_only

    with_errors = "stage" in columns
    records: list[dict[str, Any]] = []
    for item in items_of(result):
        if isinstance(item, MessageError):
            if with_errors:
                records.append({"source": item.source, "stage": item.stage, "error": item.error})
            continue
        if not passes_only(item, only):
            continue
        typed = verdict.Verdict.from_row(item)
        record = {name: getattr(typed, name) for name in verdict.NAMES}
        if typed.date is not None:
            record["date"] = pd.Timestamp(typed.date).tz_convert("UTC")
        records.append(record)
    if not records:
        return empty_frame(columns)
    frame = pd.DataFrame.from_records(records, columns=list(columns))
    unknown = set(frame["reason"].dropna()) - set(VOCABULARY)
    if unknown:
        raise ValueError(f"reasons outside the vocabulary: {sorted(unknown)}")
    return frame.astype({name: DTYPES[name] for name in columns})


# -- building the graph ------------------------------------------------------------------------


def make_job(options: Options, storage_options: dict[str, Any] | None) -> Job:
    from bounce_analyzer.classifier import load_classifier

    load_classifier(options.rules)  # bad rule data is the caller's error, here, not a worker's
    return Job(
        options=options,
        storage_options=tuple(sorted((storage_options or {}).items())),
        rule_files=bundle_rules(options.rules),
    )


def graph(pieces: Sequence[Piece], job: Job) -> list[Delayed]:
    """One delayed PieceResult per partition, its messages numbered as in the whole mbox.

    The ranges of one mbox form a chain of small counting tasks (how many messages the ranges
    before each one held); the analyses themselves all run at once."""
    token = uuid.uuid4().hex[:12]
    shared = delayed(job, name=f"bounce-analyzer-job-{token}", pure=False)
    finals: list[Delayed] = []
    # per mbox: (the count of messages before its last range, that range's result)
    ranges: dict[str, tuple[Any, Delayed]] = {}
    for index, piece in enumerate(pieces):
        result = delayed(analyse_piece, pure=False)(
            piece, shared, dask_key_name=f"bounce-analyzer-read-{token}-{index}"
        )
        span = piece[0] if len(piece) == 1 else None
        if span is None or span.end < 0 or span.start == 0:
            if span is not None and span.end >= 0:
                ranges[span.source] = (0, result)
            finals.append(result)
            continue
        before, previous = ranges[span.source]
        count = delayed(envelopes_before, pure=False)(
            before, previous, dask_key_name=f"bounce-analyzer-count-{token}-{index}"
        )
        ranges[span.source] = (count, result)
        finals.append(
            delayed(renumbered, pure=False)(
                result, count, dask_key_name=f"bounce-analyzer-piece-{token}-{index}"
            )
        )
    return finals


DEFAULTS = Options()


def options_from(
    lang: str = "en",
    include_delivered: bool = False,
    include_vacation: bool = False,
    rules: Sequence[str | os.PathLike[str]] = (),
    max_message_size: int = DEFAULTS.ingest.max_message_size,
    max_decompressed_size: int = DEFAULTS.ingest.max_decompressed_size,
    max_depth: int = DEFAULTS.max_depth,
    max_parts: int = DEFAULTS.max_parts,
    max_recipients: int = DEFAULTS.max_recipients,
    max_seconds: float = DEFAULTS.max_seconds,
) -> Options:
    """The command line's options, by their names (`--max-parts` is max_parts)."""
    if lang not in ("en", "zh"):
        raise ValueError(f"unknown language {lang!r}: choose en or zh")
    return Options(
        lang=lang,
        include_delivered=include_delivered,
        include_vacation=include_vacation,
        rules=tuple(Path(p) for p in rules),
        ingest=IngestOptions(
            max_message_size=max_message_size, max_decompressed_size=max_decompressed_size
        ),
        max_depth=max_depth,
        max_parts=max_parts,
        max_recipients=max_recipients,
        max_seconds=max_seconds,
    )


def read_bounces(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    blocksize: int = BLOCKSIZE,
    storage_options: dict[str, Any] | None = None,
    **options: Any,
) -> dd.DataFrame:
    """The verdict rows of every message below `paths` as a dask DataFrame, in source order.

    `paths`: files, folders, globs, or fsspec URLs (s3://, gs://, file://, memory://; pass
    credentials in `storage_options`). Options are the command line's, by name: lang,
    include_delivered, include_vacation, rules, max_message_size, max_decompressed_size,
    max_depth, max_parts, max_recipients, max_seconds.

    Columns: `verdict.NAMES` typed as `verdict.Verdict` types them (see `DTYPES`), then
    `stage` and `error`: a message that failed is a row with those two set and only `source`
    besides (`split_errors`). Partitions: files in order, a large mbox in byte ranges of about
    `blocksize` bytes. The plan (the listing) is made now; reading happens on compute.
    """
    import dask.dataframe as dd

    job = make_job(options_from(**options), storage_options)
    named = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    pieces = plan(named, blocksize, storage_options)
    frames = [delayed(to_frame, pure=True)(final) for final in graph(pieces, job)]
    if not frames:
        return dd.from_pandas(empty_frame(), npartitions=1)
    return dd.from_delayed(frames, meta=empty_frame(), verify_meta=False)


def split_errors(frame: dd.DataFrame) -> tuple[dd.DataFrame, dd.DataFrame]:
    """(rows, error records) of a `read_bounces` frame; compute both together
    (`dask.compute(rows, errors)`) to read the input once."""
    failed = ~frame["stage"].isna()
    rows = frame[~failed].drop(columns=["stage", "error"])
    errors = frame[failed][["source", "stage", "error"]]
    return rows, errors


# -- the command: analyze --scheduler ADDRESS --------------------------------------------------


def connect(scheduler: str | Client) -> tuple[Client, bool]:
    """A client for the scheduler address (and whether it is ours to close)."""
    from distributed import Client

    if not isinstance(scheduler, str):
        return scheduler, False
    try:  # timeout: dask's distributed.comm.timeouts.connect (30 s unless configured)
        return Client(scheduler, set_as_default=False), True
    except (OSError, TimeoutError) as error:
        raise ConnectionError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None


def analyze_on_cluster(
    paths: Sequence[str],
    options: Options,
    scheduler: str | Client,
    *,
    blocksize: int = BLOCKSIZE,
    storage_options: dict[str, Any] | None = None,
    progress: bool = False,
) -> Analysis:
    """`pipeline.analyze` on a Dask cluster: the same rows and error records in the same order,
    and the same counts. Rows come back to this process partition by partition, in order."""
    job = make_job(options, storage_options)
    pieces = plan(paths, blocksize, storage_options)
    return streamed(graph(pieces, job), connect(scheduler), progress)


def analyze_to_parquet(
    paths: Sequence[str],
    options: Options,
    folder: str,
    scheduler: str | Client | None = None,
    *,
    only: str | None = None,
    blocksize: int = BLOCKSIZE,
    storage_options: dict[str, Any] | None = None,
    progress: bool = False,
) -> Analysis:
    """Write the rows as Parquet, one file per partition (`part.00000.parquet`, ... in source
    order, columns `ROW_COLUMNS` typed by `DTYPES`) into `folder`: a path or URL the workers
    can write, created, holding no files before. On the cluster, or without a scheduler in
    this process. The Analysis streams the error records (the rows are in the files) and
    counts the messages; `only` is `--only`."""
    from fsspec.core import url_to_fs

    job = make_job(options, storage_options)
    storage = storage_options or {}
    pieces = plan(paths, blocksize, storage_options) or [()]  # no input: one empty file
    fs, root = url_to_fs(folder, **storage)
    if fs.exists(root):
        if not fs.isdir(root):
            raise FileExistsError(
                f"{folder} is a file: --format parquet writes a folder (one file per partition)"
            )
        if fs.ls(root):
            raise FileExistsError(
                f"{folder} is not empty: name a new or empty folder for the parquet files"
            )
    client = connect(scheduler) if scheduler is not None else None
    fs.makedirs(root, exist_ok=True)
    shared_storage = tuple(sorted(storage.items()))
    writes = [
        delayed(write_piece, pure=False)(final, folder, index, only, shared_storage)
        for index, final in enumerate(graph(pieces, job))
    ]
    return streamed(writes, client, progress)


def streamed(tasks: list[Delayed], client: tuple[Client, bool] | None, progress: bool) -> Analysis:
    """The results of the partitions' tasks as one stream in source order, and their counts:
    on the cluster (all submitted at once, taken back in order, each released once read), or
    without a client one after another here."""
    stats = Stats()

    def results() -> Iterator[PieceResult]:
        if client is None:
            yield from dask.base.compute(*tasks, scheduler="sync")
            return
        cluster, owned = client
        try:
            futures: list[Any] = cluster.compute(tasks)
            bar = show_progress(cluster, futures) if progress and futures else None
            for index in range(len(futures)):
                result = futures[index].result()
                futures[index] = None  # the cluster may forget it
                yield result
            if bar is not None:
                bar.wait(2)
        finally:
            if owned:
                cluster.close()

    def run() -> Iterator[model.Verdict | MessageError]:
        for result in results():
            add_stats(stats, result.stats)
            yield from items_of(result)

    return Analysis(run(), stats)


def add_stats(total: Stats, part: Stats) -> None:
    for name in Stats.__slots__:
        setattr(total, name, getattr(total, name) + getattr(part, name))


def write_piece(
    result: PieceResult,
    folder: str,
    index: int,
    only: str | None,
    storage: tuple[tuple[str, Any], ...],
) -> PieceResult:
    """Write one partition's rows as `part.NNNNN.parquet` in folder; give back its errors and
    counts (the rows stay in the file)."""
    from fsspec.core import url_to_fs

    frame = to_frame(result, ROW_COLUMNS, only)
    fs, root = url_to_fs(folder, **dict(storage))
    with fs.open(f"{root.rstrip('/')}/part.{index:05d}.parquet", "wb") as out:
        frame.to_parquet(out, index=False)
    errors = [entry for entry in result.entries if entry[0] == "error"]
    return PieceResult(errors, result.stats, result.mbox, result.envelopes)


def show_progress(client: Client, futures: list[Any]) -> threading.Event:
    """distributed's progress bar (the scheduler's own count of finished tasks), drawn on
    standard error while the rows are written; the event is set when it has finished."""
    from distributed.diagnostics.progressbar import TextProgressBar

    finished = threading.Event()

    class StderrBar(TextProgressBar):
        def _draw_bar(self, remaining: int, all: int, **kwargs: Any) -> None:
            fraction = (1 - remaining / all) if all else 1.0
            bar = "#" * int(self.width * fraction)
            sys.stderr.write(f"\r[{bar:<{self.width}}] {int(100 * fraction)}% of the analysis")
            sys.stderr.flush()

        def _draw_stop(self, **kwargs: Any) -> None:
            sys.stderr.write("\33[2K\r")
            sys.stderr.flush()
            finished.set()

    assert client.scheduler is not None, "a connected client knows its scheduler"
    bar = StderrBar(futures, scheduler=client.scheduler.address, start=False)
    loop = client.loop
    assert loop is not None, "a connected client runs its event loop"
    loop.add_callback(bar.listen)
    return finished
