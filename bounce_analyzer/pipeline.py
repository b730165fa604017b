"""The pipeline: sources -> messages -> records -> verdict rows.

`analyze` is the library's main entry point; the CLI only chooses options and a writer.
A message that cannot be read or parsed never stops the batch: it becomes a `MessageError`
in the stream, in its place, and is counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import collector, parse
from .addresses import CONTROL_CHARACTER, normalise_address
from .budget import OverTime, alarm_handler, time_budget
from .extract import extract
from .ingest import IngestOptions, RawMessage, ReadError, iter_messages
from .message import bounce_inside, header_text
from .mime import UNREAD_TOTAL
from .model import Analysis, Extraction, MessageError, Stats, Verdict

if TYPE_CHECKING:
    from .classifier import Classifier

# Rows that are not failures and that a user asks for by option (complaints always come: a
# person asked to stop). Which reasons are failures is said in rules/reasons.toml only.
ON_REQUEST = {
    "delivered": "include_delivered",
    "vacation": "include_vacation",  # automatic replies: out of office,
    "challenge": "include_vacation",  # and challenge-response requests
}


@dataclass(frozen=True, slots=True)
class Options:
    """How to analyse: a frozen value, built once (named like the CLI options)."""

    lang: str = "en"
    include_delivered: bool = False
    include_vacation: bool = False
    rules: tuple[Path, ...] = ()
    ingest: IngestOptions = field(default_factory=IngestOptions)
    max_depth: int = 50  # MIME nesting deeper than this: an error record, not a parse
    max_parts: int = 1_000  # more MIME parts (delivery-status blocks included): an error record
    # More recipients in one message: the first max_recipients give rows, and an error record
    # says how many were left.
    max_recipients: int = 10_000
    # A message that takes longer (parse, extract, classify) becomes an error record. Enforced
    # with a timer signal, so only where the analysis runs in the main thread (the command,
    # its worker processes, scan); 0 turns it off.
    max_seconds: float = 10.0
    jobs: int = 1  # worker processes (bounce_analyzer.parallel); 1 analyses in this process


class StageError(Exception):
    """One message failed at a stage (parse, limit, extract, classify); the run goes on.

    Stage "address": a recipient's address held a control character; that recipient gives no
    row (the message's other recipients do) and the error record names it, escaped."""

    def __init__(self, stage: str, message: str) -> None:
        super().__init__(message)
        self.stage = stage
        self.message = message


DEFAULT_OPTIONS = Options()


def wanted(reason: str, options: Options) -> bool:
    """Whether rows of this reason are asked for: failures always, the others on request."""
    flag = ON_REQUEST.get(reason)
    return not flag or bool(getattr(options, flag))


def analyze(paths: Iterable[str], options: Options = Options()) -> Analysis:
    """Analyse every message below paths; rows and errors stream out in source order."""
    from .classifier import load_classifier

    if options.jobs > 1:
        from .parallel import analyze_parallel

        return analyze_parallel(paths, options, judge=judge)

    classifier = load_classifier(options.rules)
    stats = Stats()

    def run() -> Iterator[Verdict | MessageError]:
        with alarm_handler():  # once, not per message (budget.py)
            for item in iter_messages(paths, options.ingest):
                if isinstance(item, ReadError):
                    stats.count(None)
                    yield MessageError(item.source, item.stage, item.error)
                    continue
                outcome = judge(item, classifier, options)
                if outcome.error is not None and not outcome.rows:
                    stats.count(None)
                else:
                    stats.count(len(outcome.rows), partly=outcome.error is not None)
                yield from outcome.rows
                if outcome.error is not None:
                    yield outcome.error

    return Analysis(run(), stats)


def analyze_message(raw: RawMessage, classifier: Classifier, options: Options) -> list[Verdict]:
    """The verdict rows of one message (empty for a message that is not a bounce).

    Raises StageError naming the stage that failed (any exception inside a stage is turned
    into one), and PartlyRead when it reported more than --max-recipients recipients or a
    recipient whose address holds a control character (the rows of the others, and why).
    Callers that run batches use `judge`, which turns these into error records.
    """
    try:
        message = parse.parse_bytes(
            raw.data, max_parts=options.max_parts, max_blocks=options.max_recipients + 1
        )
    except parse.TooManyParts:
        raise StageError("limit", f"more than {options.max_parts} MIME parts (--max-parts)") from None
    except RecursionError:
        raise StageError("parse", "MIME structure nested too deep to parse") from None
    except Exception as error:  # noqa: BLE001 - the parser's bugs must not stop the batch
        raise StageError("parse", describe(error)) from None
    if parse.nesting_depth(message, options.max_depth) > options.max_depth:
        raise StageError("limit", f"MIME nesting deeper than {options.max_depth} levels (--max-depth)")
    try:
        bounce = bounce_inside(message)  # a bounce forwarded as an attachment is read itself
        extraction = extract(bounce, options.max_recipients)
        if extraction is None:
            return []
        # the message as the mailbox holds it (a forward's own Message-ID and Date); the
        # sender of the returned mail is the one the bounce went to
        context = MessageContext(
            source=raw.source,
            message_id=header_text(message, "Message-ID"),
            date=header_text(message, "Date"),
            sender=extraction.original_sender or normalise_address(header_text(bounce, "To")),
        )
    except Exception as error:  # noqa: BLE001 - an extractor's bug must not stop the batch
        # An exception that names its stage is a known failure (flufl.bounce's detectors),
        # anything else an extractor's bug.
        stage = getattr(error, "stage", "extract")
        raise StageError(stage, str(error) if stage != "extract" else describe(error)) from None
    refused = refuse_control_characters(extraction)
    if CONTROL_CHARACTER.search(context.sender):
        context = replace(context, sender="")
    unread = getattr(message, UNREAD_TOTAL, None)  # the fast parser's sum: no walk needed
    if unread is None:  # (the parts are within --max-depth, checked above)
        unread = parse.unread_blocks(message, options.max_depth)
    left = extraction.unread + unread  # extract() kept the first --max-recipients records
    try:
        rows = verdicts(extraction, context, classifier, options)
    except Exception as error:  # noqa: BLE001
        raise StageError("classify", describe(error)) from None
    problems: list[StageError] = []
    if left > 0:
        problems.append(StageError(
            "limit",
            f"{left} more recipients not read: the first {options.max_recipients} gave rows "
            "(--max-recipients)",
        ))  # fmt: skip
    if refused:
        shown = ", ".join(refused[:3]) + (f" and {len(refused) - 3} more" if len(refused) > 3 else "")
        problems.append(StageError(
            "address",
            f"{len(refused)} recipient address(es) with a control character not reported: {shown}",
        ))  # fmt: skip
    if problems:
        raise PartlyRead(rows, StageError(
            problems[0].stage, "; ".join(problem.message for problem in problems)
        ))  # fmt: skip
    return rows


def refuse_control_characters(extraction: Extraction) -> list[str]:
    """Take out the records whose address holds a control character (CR, LF, NUL, escape, any
    C0 or C1 one): no address allows one (RFC 5321 4.1.2, RFC 6531 3.3), and one written to a
    CSV, a terminal or a log could forge a line or a colour there. Returns those addresses
    with their control characters shown as \\xNN, for the message's error record."""
    refused: list[str] = []
    kept = []
    for record in extraction.records:
        bad = next(
            (a for a in (record.recipient, record.original_recipient) if CONTROL_CHARACTER.search(a)),
            None,
        )
        if bad is None:
            kept.append(record)
        else:
            refused.append(CONTROL_CHARACTER.sub(lambda c: f"\\x{ord(c.group()):02x}", bad[:300]))
    extraction.records[:] = kept
    return refused


class PartlyRead(Exception):
    """A message that gave rows, and an error about the part of it that was not read."""

    def __init__(self, rows: list[Verdict], error: StageError) -> None:
        super().__init__(error.message)
        self.rows = rows
        self.error = error


def judge(
    raw: RawMessage,
    classifier: Classifier,
    options: Options,
    analyse: Callable[[RawMessage, Classifier, Options], list[Verdict]] | None = None,
) -> Outcome:
    """The one policy for a message, used by `analyze`, the worker processes and `scan`: its
    rows, and an error record when it failed or was read only in part. Never raises for the
    message's sake: one bad message never stops a batch."""
    collector.resume()  # the command's start-up is over
    try:
        with time_budget(options.max_seconds):
            return Outcome((analyse or analyze_message)(raw, classifier, options))
    except PartlyRead as partly:
        return Outcome(partly.rows, MessageError(raw.source, partly.error.stage, partly.error.message))
    except StageError as error:
        return Outcome([], MessageError(raw.source, error.stage, error.message))
    except OverTime:
        message = f"took longer than {options.max_seconds:g} s to analyse (--max-seconds)"
        return Outcome([], MessageError(raw.source, "limit", message))
    except Exception as error:  # noqa: BLE001 - a bug of ours must not stop the batch
        return Outcome([], MessageError(raw.source, "extract", describe(error)))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one message gave: its rows, and an error record when it failed or was cut."""

    rows: list[Verdict]
    error: MessageError | None = None


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:500]


@dataclass(frozen=True, slots=True)
class MessageContext:
    """What every row of one message shares: its source and its own headers."""

    source: str
    message_id: str
    date: str
    sender: str


def verdicts(
    extraction: Extraction, context: MessageContext, classifier: Classifier, options: Options
) -> list[Verdict]:
    rows: list[Verdict] = []
    for record in extraction.records:
        domain = record.recipient.rpartition("@")[2]
        judged = classifier.classify(record, recipient_domain=domain, lang=options.lang)
        if not wanted(judged.reason, options):
            continue
        rows.append(
            Verdict(
                source=context.source,
                message_id=context.message_id,
                date=context.date,
                sender=context.sender,
                recipient=record.recipient,
                original_recipient=record.original_recipient,
                action=record.action,
                status=record.status,
                reply_code=record.reply_code,
                reason=judged.reason,
                bounce=judged.bounce,
                permanent=judged.permanent,
                diagnostic=record.diagnostic,
                remote_mta=record.remote_mta or "",
                reporting_mta=extraction.reporting_mta,
                command=record.command,
                mta=extraction.mta,
                rule=judged.rule,
                explanation=judged.explanation,
                original_message_id=extraction.original_message_id,
                original_subject=extraction.original_subject,
                feedback_type=record.feedback_type,
                advice=judged.advice,
            )
        )
    return rows
