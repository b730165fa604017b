"""The suppression policy: which addresses to stop sending to, and why. All of it is here.

For each recipient address (compared case-insensitively), its events in time order:

1. A complaint (a feedback report, ARF/RFC 5965) suppresses, whatever else happened: the
   person asked for the mail to stop, and a later successful delivery does not undo that.
2. Otherwise, if the latest event is a successful delivery, the address is kept: it works.
   Only events after the latest delivery count for the next two rules.
3. A hard bounce (userunknown, hostunknown, hasmoved, permanent notaccept) suppresses.
4. `soft_limit` soft bounces within `window` of each other (the first and the last of them
   at most `window` apart, edges included) suppress.

What counts: a "delayed" DSN (RFC 3464 2.3.3) is a warning, not a bounce: the message may yet
be delivered, and one message may warn several times, so delays are not counted. Vacation
replies are ignored. The same bounce seen twice (same Message-ID and recipient, e.g. in both
a Maildir and an mbox export) counts once.

Time: each event's time is the bounce's Date header (see events.event_time). Events of
unknown time sort before all dated ones (so they are never "the latest" over a dated
delivery) and are not counted in any soft-bounce window, since we cannot tell when they were.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import TextIO

from .events import Event, event_order, iso
from .model import Verdict
from .report import csv_guards

SUPPRESS_FORMATS = ("csv", "jsonl")
COLUMNS = ("recipient", "decision", "why", "reason", "first_seen", "last_seen", "bounces", "hard_bounces")

WHY_COMPLAINT = "complaint (feedback)"
WHY_HARD = "hard bounce"


@dataclass(frozen=True, slots=True)
class Policy:
    """When to suppress: `soft_limit` soft bounces within `window` (defaults: 3 in 14 days).

    Three is the smallest count that is not one bad day on the receiving side plus a retry;
    fourteen days is long enough for a full mailbox to be emptied or a mailbox to be restored.
    """

    soft_limit: int = 3
    window: timedelta = timedelta(days=14)

    def __post_init__(self) -> None:
        if self.soft_limit < 1:
            raise ValueError("--soft-limit must be at least 1")
        if self.window < timedelta(0):
            raise ValueError("--window must not be negative")


@dataclass(frozen=True, slots=True)
class Decision:
    """One address to suppress (a row of the suppression list)."""

    recipient: str
    decision: str
    why: str
    reason: str
    first_seen: str
    last_seen: str
    bounces: int
    hard_bounces: int


# Feedback reports that are no complaint about the mail: "not-spam" says the user wanted it
# (RFC 6430 section 3), "auth-failure" reports a failed DKIM/SPF/DMARC check to the domain's
# owner (RFC 6591 section 3).
NOT_COMPLAINTS = frozenset({"not-spam", "auth-failure"})


def kind(verdict: Verdict) -> str:
    """What an event means for the policy: delivered, complaint, hard, soft, or ignore."""
    if verdict.reason == "delivered":
        return "delivered"
    if verdict.reason == "feedback":
        return "ignore" if verdict.feedback_type.lower() in NOT_COMPLAINTS else "complaint"
    if verdict.action.lower() == "delayed":
        return "ignore"
    if verdict.bounce in ("hard", "soft"):
        return verdict.bounce
    return "ignore"


def decide_address(recipient: str, events: list[Event], policy: Policy = Policy()) -> Decision | None:
    """The decision for one address from all its events (any order); None when kept."""
    timeline = [event for _, event in sorted(enumerate(events), key=event_order)]
    counted = [event for event in timeline if kind(event.verdict) != "ignore"]
    if not counted:
        return None
    failures = [e for e in counted if kind(e.verdict) in ("hard", "soft")]
    complaints = [e for e in counted if kind(e.verdict) == "complaint"]
    seen = [e.when for e in counted if kind(e.verdict) != "delivered" and e.when is not None]

    def decision(why: str, deciding: Event) -> Decision:
        return Decision(
            recipient=recipient,
            decision="suppress",
            why=why,
            reason=deciding.verdict.reason,
            first_seen=iso(min(seen)) if seen else "",
            last_seen=iso(max(seen)) if seen else "",
            bounces=len(failures),
            hard_bounces=sum(1 for e in failures if e.verdict.bounce == "hard"),
        )

    if complaints:
        return decision(WHY_COMPLAINT, complaints[-1])
    if kind(counted[-1].verdict) == "delivered":
        return None
    last_delivery = max((i for i, e in enumerate(counted) if kind(e.verdict) == "delivered"), default=-1)
    since_delivery = counted[last_delivery + 1 :]
    hard = [e for e in since_delivery if kind(e.verdict) == "hard"]
    if hard:
        return decision(WHY_HARD, hard[-1])
    soft = [e for e in since_delivery if kind(e.verdict) == "soft" and e.when is not None]
    burst = longest_burst([e.when for e in soft if e.when is not None], policy.window)
    if burst >= policy.soft_limit:
        days = policy.window / timedelta(days=1)
        return decision(f"{burst} soft bounces within {days:g} days", soft[-1])
    return None


def longest_burst(times: list[datetime], window: timedelta) -> int:
    """The most times (sorted) that fit in one span of `window`, edges included (two pointers)."""
    best = start = 0
    for end, moment in enumerate(times):
        while moment - times[start] > window:
            start += 1
        best = max(best, end - start + 1)
    return best


def unique_events(events: Iterable[Event]) -> Iterator[Event]:
    """Events with the same bounce seen twice (Message-ID + recipient + action) dropped."""
    seen: set[tuple[str, str, str]] = set()
    for event in events:
        verdict = event.verdict
        if verdict.message_id:
            key = (verdict.message_id, verdict.recipient.lower(), verdict.action.lower())
            if key in seen:
                continue
            seen.add(key)
        yield event


def suppression_list(events: Iterable[Event], policy: Policy = Policy()) -> list[Decision]:
    """The addresses to suppress, sorted by address."""
    by_address: dict[str, list[Event]] = {}
    for event in unique_events(events):
        address = event.verdict.recipient.strip().lower()
        if address:
            by_address.setdefault(address, []).append(event)
    decisions = (decide_address(address, found, policy) for address, found in sorted(by_address.items()))
    return [decision for decision in decisions if decision is not None]


def write_suppression(decisions: Iterable[Decision], fmt: str, out: TextIO) -> None:
    """CSV (header row, address first, UTF-8, spreadsheet-safe) or JSON Lines."""
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        guards = csv_guards(COLUMNS)  # the address is never changed: it is what a list matches on
        for decision in decisions:
            row = asdict(decision)
            writer.writerow([guard(str(row[name])) for guard, name in zip(guards, COLUMNS)])
    elif fmt == "jsonl":
        for decision in decisions:
            row = asdict(decision)
            for name in ("first_seen", "last_seen"):  # JSON says "not known" with null, as analyze does
                row[name] = row[name] or None
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(SUPPRESS_FORMATS)}")
