"""Events: a verdict row and when it happened, for everything that orders rows in time.

Event time: the bounce's own Date header (`Verdict.date`, RFC 5322 section 3.3, read with
email.utils.parsedate_to_datetime); when a stored row has no usable Date, the time the store
first saw it (`seen_at`); otherwise unknown. A bounce is written by the reporting MTA at the
moment it gives up or warns, so its Date is the closest we have to "when did delivery fail";
seen_at can be days later (the mailbox was scanned late) and would smear the per-day chart.
Used by the summary, the suppression policy and `analyze --dedupe`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from .model import Verdict


@dataclass(frozen=True, slots=True)
class Event:
    """A verdict row and when it happened (see `event_time`)."""

    verdict: Verdict
    when: datetime | None  # timezone-aware UTC, or None when unknown


def parse_time(value: str | datetime | None) -> datetime | None:
    """An RFC 5322 date or an ISO 8601 timestamp as an aware UTC datetime; None if unreadable.

    A date without zone information ("-0000" in RFC 5322 section 3.3, or a naive ISO stamp)
    is taken as UTC: there is nothing better to assume.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = value.strip()
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def event_time(verdict: Verdict, seen_at: str | datetime | None = None) -> datetime | None:
    """When the event happened: the bounce's Date header, else seen_at, else None."""
    return parse_time(verdict.date) or parse_time(seen_at)


def event_order(indexed: tuple[int, Event]) -> tuple[bool, datetime, int]:
    """Sort key of (input index, event): events of unknown time first, then by time, ties in
    input order."""
    index, event = indexed
    return (event.when is not None, event.when or datetime.min.replace(tzinfo=UTC), index)


def iso(moment: datetime | None) -> str:
    """A UTC timestamp for output files ("2026-11-02T09:14:03Z"), or "" when unknown."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""
