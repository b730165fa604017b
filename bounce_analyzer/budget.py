"""The time budget of one message (`--max-seconds`): a timer signal that interrupts it.

Enforced with SIGALRM, so only where the analysis runs in the main thread (the command, its
worker processes, scan). Setting a signal handler through `signal.signal` costs about 25 µs
(it converts handlers to and from enums, by way of an exception for a Python function), two
per message: 4% of a corpus run. A loop over many messages installs the handler once with
`alarm_handler()`, and `time_budget` then only arms and disarms the timer (2 x 5 µs).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class OverTime(Exception):
    """The time budget of one message (--max-seconds) ran out."""


def _expired(signum: int, frame: object) -> None:
    raise OverTime


_installed = False  # whether SIGALRM's handler is `_expired`, by an `alarm_handler()` block


@contextmanager
def alarm_handler() -> Iterator[None]:
    """Install the handler for the whole block (a batch of messages), and restore the one
    before it at the end. Inside, only `time_budget` arms the timer, so the handler runs only
    while a message is analysed."""
    global _installed
    if _installed or threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        previous = signal.signal(signal.SIGALRM, _expired)
    except (AttributeError, ValueError):  # no SIGALRM on this system
        yield
        return
    _installed = True
    try:
        yield
    finally:
        _installed = False
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise OverTime inside the block once `seconds` have passed (a timer signal). Where no
    timer can be set (not the main thread, no SIGALRM), the block runs unbounded."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    if not _installed:
        with alarm_handler(), time_budget(seconds):
            yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
