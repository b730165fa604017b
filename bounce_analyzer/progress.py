"""A progress bar on standard error for long runs (analyze, scan, summary, suppress).

Drawn only on a terminal, redrawn in place a few times a second by a background thread (so it
moves while thousands of messages that are not bounces give no rows), and wiped when the run
ends, leaving the summary line alone. It shows what is counted so far, the rate, and when the
size of the input is known (files, not standard input) how much of it is read and the time
left. Other lines on standard error (a message not analysed) are written above it through
`Progress.say`.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import TextIO

from .ingest import READING, walk_directory

# (done, total) of the work, when known: bytes read of the input's size, messages of a pass.
Fraction = Callable[[], "tuple[float, float] | None"]


def input_size(paths: Iterable[str]) -> int | None:
    """The bytes `analyze` will read from PATH... (as stored: compressed files by their
    compressed size); None when standard input is among them (its size is not known)."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        files = walk_directory(path) if os.path.isdir(path) else [path]
        for file in files:
            if isinstance(file, str):
                try:
                    total += os.stat(file).st_size
                except OSError:
                    pass
    return total


class Progress:
    """One progress line, drawn every `interval` seconds until `close`."""

    def __init__(self, verb: str, unit: str, count: Callable[[], int], *, fraction: Fraction | None = None,
                 stream: TextIO | None = None, interval: float = 0.2) -> None:
        self.verb, self.unit, self.count, self.fraction = verb, unit, count, fraction
        self.stream = stream or sys.stderr
        self.interval = interval
        self.started = time.monotonic()
        self.lock = threading.Lock()
        self.closed = threading.Event()
        self.drawn = False
        self.thread = threading.Thread(target=self.run, name="progress", daemon=True)
        self.thread.start()

    def run(self) -> None:
        while True:
            self.draw()
            if self.closed.wait(self.interval):
                return

    def line(self, width: int) -> str:
        count = self.count()
        elapsed = max(time.monotonic() - self.started, 1e-6)
        text = f"{self.verb} {count:,} {self.unit}  {count / elapsed:,.0f}/s"
        known = self.fraction() if self.fraction else None
        if known and known[1] > 0:
            share = min(1.0, known[0] / known[1])
            left = elapsed * (1 - share) / share if share > 0 else None
            text += f"  {share:4.0%}"
            if left is not None:
                text += f"  {clock(left)} left"
            room = min(width - 1 - len(text) - 4, 40)  # "  [" and "]" around the bar
            if room >= 10:
                filled = round(room * share)
                text += f"  [{'#' * filled}{'.' * (room - filled)}]"
        return text[: width - 1]

    def draw(self) -> None:
        width = shutil.get_terminal_size((80, 24)).columns
        with self.lock:
            if self.closed.is_set():
                return
            try:
                self.stream.write("\r" + self.line(width) + "\x1b[K")
                self.stream.flush()
                self.drawn = True
            except (OSError, ValueError):
                pass  # standard error gone: the run itself says what matters

    def say(self, text: str) -> None:
        """A line on standard error above the bar (which the next draw puts back)."""
        with self.lock:
            if self.drawn:
                self.stream.write("\r\x1b[K")
            self.stream.write(text + "\n")
            self.stream.flush()

    def close(self) -> None:
        """The last state drawn once more (a short run shows its count too), then wiped."""
        if self.closed.is_set():
            return
        self.draw()
        with self.lock:
            self.closed.set()
            if self.drawn:
                try:
                    self.stream.write("\r\x1b[K")
                    self.stream.flush()
                except (OSError, ValueError):
                    pass
        self.thread.join(1.0)


def clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def reading_fraction(paths: Iterable[str]) -> Fraction:
    """How much of PATH... is read: bytes read (`ingest.READING`) of the input's size, the size
    measured once in the background so a large folder does not delay the start."""
    paths = list(paths)
    size: list[int | None] = []
    start = READING.bytes_read()

    def measure() -> None:
        size.append(input_size(paths))

    threading.Thread(target=measure, name="input-size", daemon=True).start()

    def fraction() -> tuple[float, float] | None:
        if not size or size[0] is None:
            return None
        return float(READING.bytes_read() - start), float(size[0])

    return fraction


def wanted(quiet: bool, stream: TextIO | None = None) -> bool:
    """A bar only for a person watching: not with -q, and only when standard error is a terminal."""
    stream = stream or sys.stderr
    try:
        return not quiet and stream.isatty()
    except (AttributeError, ValueError):
        return False
