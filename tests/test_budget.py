"""The time budget of one message: each message is stopped at its own deadline, never sooner,
though the timer is not set again for every message (budget.py)."""

from __future__ import annotations

import signal
import time

import pytest

from bounce_analyzer.budget import OverTime, alarm_handler, time_budget


def spin(seconds: float) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        pass


def test_a_slow_message_after_many_quick_ones_is_stopped_at_its_own_deadline() -> None:
    with alarm_handler():
        for _ in range(500):
            with time_budget(1.0):
                pass
        started = time.monotonic()
        with pytest.raises(OverTime), time_budget(0.3):
            spin(20)
        assert 0.25 < time.monotonic() - started < 0.9  # not the 1 s the earlier timer had


def test_a_timer_set_for_an_earlier_message_does_not_cut_a_later_one_short() -> None:
    with alarm_handler():
        with time_budget(1.0):  # the timer is set to fire one second from now
            pass
        spin(0.5)  # between messages
        started = time.monotonic()
        with time_budget(1.0):  # the timer fires half-way through this one: it has time left
            spin(0.8)
        assert time.monotonic() - started >= 0.8
        with pytest.raises(OverTime), time_budget(0.2):  # and the budget still holds after
            spin(20)


def test_a_timer_that_fires_between_messages_raises_nothing() -> None:
    with alarm_handler():
        with time_budget(0.1):
            pass
        spin(0.4)  # the timer fires here, outside any message
        with time_budget(0.1):
            pass


def test_nothing_is_left_pending_after_the_batch() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with alarm_handler():
        with time_budget(5.0):
            pass
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0  # still set: not disarmed per message
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before
    with time_budget(5.0):  # on its own, it installs the handler for itself and restores it
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before
    with pytest.raises(OverTime), time_budget(0.2):
        spin(20)
    assert signal.getsignal(signal.SIGALRM) is before


def test_no_budget_means_no_timer() -> None:
    with alarm_handler(), time_budget(0):
        spin(0.05)
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_an_analysis_stopped_by_its_error_leaves_no_timer_behind(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """AnalysisError raised from analyze_path: the analysis is closed at once, so the batch's
    SIGALRM handler is restored and no timer is left, even while the error is still held."""
    import bounce_analyzer
    from bounce_analyzer import budget

    (tmp_path / "a.eml").write_bytes(b"From: x@example.com\n\nhello\n")
    (tmp_path / "b.eml").write_bytes(b"X" * 2048)
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(bounce_analyzer.AnalysisError) as raised:
        list(bounce_analyzer.analyze_path(tmp_path, max_message_size=1024))
    assert raised.value.error is not None  # the error, still held here
    assert not budget._installed
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
