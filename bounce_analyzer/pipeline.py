"""The pipeline: sources -> messages -> records -> verdict rows.

`analyze` is the library's main entry point; the CLI only chooses options and a writer.
A message that cannot be read or parsed never stops the batch: it becomes a `MessageError`
in the stream, in its place, and is counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import parse
from .extract import extract
from .extract.text import header_text, normalise_address
from .ingest import IngestOptions, RawMessage, ReadError, iter_messages
from .model import Extraction, Verdict

if TYPE_CHECKING:
    from .classify import Classifier

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
    max_recipients: int = 10_000  # more records in one message: an error record
    jobs: int = 1  # worker processes (bounce_analyzer.parallel); 1 analyses in this process


class StageError(Exception):
    """One message failed at a stage (parse, limit, extract, classify); the run goes on."""

    def __init__(self, stage: str, message: str) -> None:
        super().__init__(message)
        self.stage = stage
        self.message = message


DEFAULT_OPTIONS = Options()


def wanted(reason: str, options: Options) -> bool:
    """Whether rows of this reason are asked for: failures always, the others on request."""
    flag = ON_REQUEST.get(reason)
    return not flag or bool(getattr(options, flag))


@dataclass(frozen=True, slots=True)
class MessageError:
    """A message that gave no verdict because of an error."""

    source: str
    stage: str  # read, parse, extract, classify
    error: str


@dataclass(slots=True)
class Stats:
    """What a run did with each message; read == with_verdicts + without_verdicts + failed."""

    read: int = 0
    with_verdicts: int = 0
    without_verdicts: int = 0  # not a bounce, or only rows not asked for (delivered, auto-reply)
    failed: int = 0
    rows: int = 0

    def count(self, rows: int | None) -> None:
        """Account for one message: None when it failed, else the number of rows it gave."""
        self.read += 1
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
        )


@dataclass(slots=True)
class Analysis:
    """An analysis in progress: iterate it for rows and errors; stats fill as it goes."""

    items: Iterator[Verdict | MessageError]
    stats: Stats = field(default_factory=Stats)

    def __iter__(self) -> Iterator[Verdict | MessageError]:
        return self.items


def analyze(paths: Iterable[str], options: Options = Options()) -> Analysis:
    """Analyse every message below paths; rows and errors stream out in source order."""
    from .classify import load_classifier

    if options.jobs > 1:
        from .parallel import analyze_parallel

        return analyze_parallel(paths, options)  # type: ignore[no-any-return]

    classifier = load_classifier(options.rules)
    stats = Stats()

    def run() -> Iterator[Verdict | MessageError]:
        for item in iter_messages(paths, options.ingest):
            if isinstance(item, ReadError):
                stats.count(None)
                yield MessageError(item.source, item.stage, item.error)
                continue
            try:
                rows = analyze_message(item, classifier, options)
            except StageError as error:
                stats.count(None)
                yield MessageError(item.source, error.stage, error.message)
                continue
            stats.count(len(rows))
            yield from rows

    return Analysis(run(), stats)


def analyze_message(raw: RawMessage, classifier: Classifier, options: Options) -> list[Verdict]:
    """The verdict rows of one message (empty for a message that is not a bounce).

    Raises StageError naming the stage that failed; any exception inside a stage is turned
    into one, so a single bad message can never stop a batch.
    """
    try:
        message = parse.parse_bytes(raw.data)
    except RecursionError:
        raise StageError("parse", "MIME structure nested too deep to parse") from None
    except Exception as error:  # noqa: BLE001 - the parser's bugs must not stop the batch
        raise StageError("parse", describe(error)) from None
    if parse.nesting_depth(message, options.max_depth) > options.max_depth:
        raise StageError("limit", f"MIME nesting deeper than {options.max_depth} levels (--max-depth)")
    try:
        extraction = extract(message)
        if extraction is None:
            return []
        context = MessageContext(
            source=raw.source,
            message_id=header_text(message, "Message-ID"),
            date=header_text(message, "Date"),
            sender=extraction.original_sender or normalise_address(header_text(message, "To")),
        )
    except Exception as error:  # noqa: BLE001 - an extractor's bug must not stop the batch
        raise StageError("extract", describe(error)) from None
    if len(extraction.records) > options.max_recipients:
        raise StageError(
            "limit",
            f"{len(extraction.records)} recipients, more than {options.max_recipients} (--max-recipients)",
        )
    try:
        return verdicts(extraction, context, classifier, options)
    except Exception as error:  # noqa: BLE001
        raise StageError("classify", describe(error)) from None


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
