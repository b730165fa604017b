"""The records that flow through the pipeline.

ingest -> parse -> extract (DeliveryRecord inside an Extraction) -> classify -> Verdict rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

# The columns of a verdict row, in output order (issue "Core pipeline", item 4).
COLUMNS: tuple[str, ...] = (
    "source",
    "message_id",
    "date",
    "sender",
    "recipient",
    "original_recipient",
    "action",
    "status",
    "reply_code",
    "reason",
    "bounce",
    "permanent",
    "diagnostic",
    "remote_mta",
    "reporting_mta",
    "command",
    "mta",
    "rule",
    "explanation",
    "original_message_id",
    "original_subject",
    "feedback_type",
)

@dataclass(slots=True)
class DeliveryRecord:
    """What one bounce says about one recipient, before any classification.

    Every field holds text the message actually carries (normalised, never invented):
    `status` is an enhanced status code seen in the message, `reply_code` a three-digit
    SMTP reply code seen in the message, both empty when absent.
    """

    recipient: str
    original_recipient: str = ""
    action: str = ""  # failed, delayed, delivered, relayed, expanded (RFC 3464 2.3.3), or ""
    status: str = ""  # enhanced status code, e.g. "5.1.1"
    reply_code: str = ""  # SMTP reply code, e.g. "550"
    diagnostic: str = ""  # the server's own words, unfolded to one line
    # The type RFC 3464 2.3.6 gives the Diagnostic-Code ("smtp", "x-unix", "x-postfix"), lower
    # case; "" when the message gives none. Not an output column: the rules may key on it.
    diagnostic_type: str = ""
    remote_mta: str = ""
    command: str = ""  # SMTP command the failure answered: RCPT, DATA, ... (smtp.SMTP_COMMANDS)
    last_attempt_date: str = ""
    will_retry_until: str = ""
    # A reason the format itself decides (feedback, vacation, delivered, or a reason a
    # provider's layout states outright); empty lets the rule engine decide.
    reason_hint: str = ""
    feedback_type: str = ""
    # The program a report says the recipient was delivered to (X-Actual-Recipient: "|command"),
    # whose exit status the notice may state when the report gives no Diagnostic-Code. Not an
    # output column.
    program: str = ""


@dataclass(slots=True)
class Extraction:
    """Everything an extractor found in one message."""

    mta: str  # which extractor/format produced it, e.g. "rfc3464", "postfix"
    records: list[DeliveryRecord] = field(default_factory=list)
    reporting_mta: str = ""
    arrival_date: str = ""
    original_sender: str = ""
    original_message_id: str = ""
    original_subject: str = ""
    unread: int = 0  # recipients the message reports past the --max-recipients limit, not read


@dataclass(frozen=True, slots=True)
class Classification:
    """The rule engine's judgement of one record."""

    reason: str
    bounce: str  # "hard", "soft", or "" for rows that are not failures
    permanent: str  # "true", "false", or "" when not a failure
    rule: str  # id of the rule (or table entry) that decided
    explanation: str
    advice: str = ""


@dataclass(slots=True)
class Verdict:
    """One output row: a record, its message context and its classification, every column text
    as CSV writes it ("true"/"false"/"" for permanent, the Date header as the message wrote it).

    The pipeline, the worker processes and the history pass rows in this form (cheap to pickle
    and to store); callers of the API and the JSON writers get `verdict.Verdict`, the same row
    with real types (`Verdict.from_row`).
    """

    source: str
    message_id: str
    date: str
    sender: str
    recipient: str
    original_recipient: str
    action: str
    status: str
    reply_code: str
    reason: str
    bounce: str
    permanent: str
    diagnostic: str
    remote_mta: str
    reporting_mta: str
    command: str
    mta: str
    rule: str
    explanation: str
    original_message_id: str
    original_subject: str
    feedback_type: str
    advice: str = ""  # JSON outputs carry it; CSV keeps to COLUMNS

    def as_dict(self, *, with_advice: bool = False) -> dict[str, str]:
        row = {name: getattr(self, name) for name in COLUMNS}
        if with_advice:
            row["advice"] = self.advice
        return row


# -- what a run gives besides rows ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MessageError:
    """A message that gave no verdict because of an error."""

    source: str
    stage: str  # read, parse, limit, address, extract, fallback, classify
    error: str


@dataclass(slots=True)
class Stats:
    """What a run did with each message; read == with_verdicts + without_verdicts + failed."""

    read: int = 0
    with_verdicts: int = 0
    without_verdicts: int = 0  # not a bounce, or only rows not asked for (delivered, auto-reply)
    failed: int = 0
    rows: int = 0
    partly_read: int = 0  # of with_verdicts: messages past a limit whose first rows were given

    def count(self, rows: int | None, *, partly: bool = False) -> None:
        """Account for one message: None when it failed, else the number of rows it gave
        (`partly`: and an error record for the part past a limit)."""
        self.read += 1
        self.partly_read += partly
        if rows is None:
            self.failed += 1
        elif rows:
            self.with_verdicts += 1
            self.rows += rows
        else:
            self.without_verdicts += 1

    def summary(self) -> str:
        return (
            f"{self.read} messages read: {self.with_verdicts} with verdicts ({self.rows} rows), "
            f"{self.without_verdicts} not bounces or nothing to report, {self.failed} failed"
            + (f", {self.partly_read} read in part (a limit)" if self.partly_read else "")
        )


@dataclass(slots=True)
class Analysis:
    """An analysis in progress: iterate it for rows and errors; stats fill as it goes."""

    items: Iterator[Verdict | MessageError]
    stats: Stats = field(default_factory=Stats)

    def __iter__(self) -> Iterator[Verdict | MessageError]:
        return self.items
