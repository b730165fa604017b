"""The time budget of one message (`--max-seconds`): a timer signal that interrupts it.

Enforced with SIGALRM, so only where the analysis runs in the main thread (the command, its
worker processes, scan). Setting a signal handler through `signal.signal` costs about 25 µs
(it converts handlers to and from enums, by way of an exception for a Python function), two
per message: 4% of a corpus run. A loop over many messages installs the handler once with
`alarm_handler()`.

Inside such a block the timer is not armed and disarmed for every message either (two system
calls, and a generator-based context manager, some 2% of a run): `time_budget` notes the
message's deadline and arms the timer only when none is pending that fires by then; at the
message's end it only forgets the deadline. When the timer fires, the handler raises if the
message it finds running has used up its budget; if that message still has time (the timer
was set for an earlier one) it sets the timer again for what is left, and between messages
it lets it lapse. So every message is stopped at its own deadline, as with a timer of its
own, and a run of quick messages pays a system call only once per budget's length.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class OverTime(Exception):
    """The time budget of one message (--max-seconds) ran out."""


_installed = False  # whether SIGALRM's handler is `_expired`, by an `alarm_handler()` block
_deadline = 0.0  # when the message being analysed runs out of time (monotonic); 0: none
_fires = 0.0  # when the pending timer fires (monotonic); 0: no timer pending


def _expired(signum: int, frame: object) -> None:
    global _fires
    _fires = 0.0
    deadline = _deadline
    if not deadline:
        return  # between messages: the next one sets the timer
    left = deadline - time.monotonic()
    if left > 0:  # set for an earlier message: this one still has time
        _arm(left, deadline)
        return
    raise OverTime


def _arm(seconds: float, at: float) -> None:
    global _fires
    _fires = at
    signal.setitimer(signal.ITIMER_REAL, seconds)


@contextmanager
def alarm_handler() -> Iterator[None]:
    """Install the handler for the whole block (a batch of messages), and restore the one
    before it at the end, with no timer pending. Inside, only `time_budget` arms the timer,
    and the handler raises only while a message is analysed."""
    global _installed, _deadline, _fires
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
        signal.setitimer(signal.ITIMER_REAL, 0)
        _installed, _deadline, _fires = False, 0.0, 0.0
        signal.signal(signal.SIGALRM, previous)


class time_budget:  # lower case: used as `with time_budget(seconds):`, like a function
    """Raise OverTime inside the block once `seconds` have passed (a timer signal). Where no
    timer can be set (not the main thread, no SIGALRM), the block runs unbounded. Outside an
    `alarm_handler()` block it installs the handler for itself."""

    __slots__ = ("handler", "seconds", "timed")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.timed = False
        self.handler: Any = None

    def __enter__(self) -> None:
        global _deadline
        seconds = self.seconds
        if seconds <= 0 or threading.current_thread() is not threading.main_thread():
            return
        if not _installed:
            self.handler = alarm_handler()
            self.handler.__enter__()
            if not _installed:  # no SIGALRM here
                return
        deadline = _deadline = time.monotonic() + seconds  # noted first: a pending timer
        self.timed = True  # that fires now finds it and sets itself again for what is left
        if not _fires or _fires > deadline:  # none pending, or one that fires too late
            _arm(seconds, deadline)

    def __exit__(self, *raised: object) -> None:
        global _deadline
        if self.timed:
            _deadline = 0.0
        if self.handler is not None:
            self.handler.__exit__(*raised)
