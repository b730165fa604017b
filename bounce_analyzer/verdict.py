"""The public verdict: one failed recipient of one bounce, with real Python types.

The pipeline passes its rows around as `model.Verdict` (every column text, as CSV writes it:
cheap to pickle to worker processes and to store). `Verdict` here is what a library caller and
the JSON writers see: `bounce` is "hard", "soft" or None, `permanent` True, False or None,
`date` a timezone-aware datetime or None. `Verdict.from_row` is the one conversion.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any, Literal

from . import model

Bounce = Literal["hard", "soft"]
# A value of a JSON row: text, a boolean, or null (never a number: codes are text).
JsonValue = str | bool | None

PERMANENT: dict[str, bool] = {"true": True, "false": False}
BOUNCES: dict[str, Bounce] = {"hard": "hard", "soft": "soft"}


@lru_cache(maxsize=1024)  # the rows of one message share their Date header
def parse_date(header: str) -> datetime | None:
    """A Date header (RFC 5322 3.3) as a timezone-aware datetime in the zone it was written in;
    None when empty or unreadable. A date without zone ("-0000", RFC 5322 3.3: no information
    about the local time zone) is taken as UTC."""
    if not header.strip():
        return None
    try:
        moment = parsedate_to_datetime(header.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one bounce says about one recipient, and what that means.

    Text fields are "" when the message does not give them (a row never invents a code);
    `bounce`, `permanent` and `date` are None when they do not apply or are unknown:
    `bounce` is None and `permanent` None for rows that are not failures (delivered,
    auto-replies, complaints), `permanent` None too for a failure that carries no code or
    action saying either way, `date` None when the bounce has no readable Date header.
    """

    source: str  # the file, "PATH:N" for the Nth message of an mbox, or the caller's name
    message_id: str  # the bounce's own Message-ID
    date: datetime | None  # the bounce's Date header, timezone-aware
    sender: str  # who sent the message that bounced
    recipient: str  # the recipient that failed
    original_recipient: str  # RFC 3464 Original-Recipient, when given
    action: str  # failed, delayed, delivered, relayed, expanded (RFC 3464 2.3.3), or ""
    status: str  # enhanced status code seen in the message, e.g. "5.1.1"
    reply_code: str  # SMTP reply code seen in the message, e.g. "550"
    reason: str  # one word of the fixed vocabulary (README "Reasons")
    bounce: Bounce | None  # "hard": stop sending; "soft": try again later; None: no failure
    permanent: bool | None  # whether the server said the failure is permanent
    diagnostic: str  # the server's own words, on one line
    remote_mta: str
    reporting_mta: str
    command: str  # the SMTP command the failure answered: RCPT, DATA, MAIL, ...
    mta: str  # which reader recognised the format, e.g. "rfc3464", "postfix"
    rule: str  # the id of the rule (or table entry) that decided the reason
    explanation: str  # what the reason means, in the language asked for
    original_message_id: str
    original_subject: str
    feedback_type: str  # for complaints (RFC 5965): abuse, fraud, ...
    advice: str = ""  # what to do about it, in the language asked for

    @classmethod
    def from_row(cls, row: model.Verdict) -> Verdict:
        """The typed verdict of a pipeline row."""
        return cls(**_typed(row))

    def as_dict(self) -> dict[str, JsonValue]:
        """The row as the JSON and JSON Lines outputs write it: the columns in output order,
        then `advice`; `date` in ISO 8601 (`2026-11-02T09:14:03+01:00`), null when unknown."""
        row: dict[str, JsonValue] = {}
        for name in NAMES:
            value = getattr(self, name)
            row[name] = value.isoformat() if isinstance(value, datetime) else value
        return row


# The JSON row's keys, in order: the output columns, then advice (tests/test_api.py checks that
# they are Verdict's fields).
NAMES: tuple[str, ...] = (*model.COLUMNS, "advice")


def _typed(row: model.Verdict) -> dict[str, Any]:
    """A pipeline row's values with `Verdict`'s types, by field name: every column as the row
    holds it, but `date`, `bounce` and `permanent`, which are text in the row."""
    values: dict[str, Any] = {name: getattr(row, name) for name in NAMES}
    values["date"] = parse_date(row.date)
    values["bounce"] = BOUNCES.get(row.bounce)
    values["permanent"] = PERMANENT.get(row.permanent)
    return values


def json_row(row: model.Verdict) -> dict[str, JsonValue]:
    """A pipeline row as JSON writes it (real types: see `Verdict`):
    `Verdict.from_row(row).as_dict()`, made from the row's values at once (`_typed`), without
    the frozen dataclass set field by field and read back by name (a third of the time a JSON
    Lines row took)."""
    values = _typed(row)
    date = values["date"]
    values["date"] = date.isoformat() if date is not None else None
    return values
