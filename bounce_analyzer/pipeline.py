"""The pipeline: sources -> messages -> records -> verdict rows.

`analyze` is the library's main entry point; the CLI only chooses options and a writer.
A message that cannot be read or parsed never stops the batch: it becomes a `MessageError`
in the stream, in its place, and is counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import parse
from .extract import extract
from .extract.text import header_text, normalise_address
from .ingest import IngestOptions, RawMessage, ReadError, iter_messages
from .model import Classification, Extraction, Verdict

# Reasons that are not failures: shown only when asked for.
NOT_FAILURES = {"delivered": "include_delivered", "vacation": "include_vacation"}


@dataclass(frozen=True, slots=True)
class Options:
    """How to analyse: a frozen value, built once (named like the CLI options)."""

    lang: str = "en"
    include_delivered: bool = False
    include_vacation: bool = False
    rules: tuple[Path, ...] = ()
    ingest: IngestOptions = IngestOptions()


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

    classifier = load_classifier(options.rules)
    stats = Stats()

    def run() -> Iterator[Verdict | MessageError]:
        for item in iter_messages(paths, options.ingest):
            stats.read += 1
            if isinstance(item, ReadError):
                stats.failed += 1
                yield MessageError(item.source, item.stage, item.error)
                continue
            try:
                rows = analyze_message(item, classifier, options)
            except Exception as error:  # noqa: BLE001 - one bad message must not stop the batch
                stats.failed += 1
                yield MessageError(item.source, "extract", f"{type(error).__name__}: {error}")
                continue
            if rows:
                stats.with_verdicts += 1
                stats.rows += len(rows)
                yield from rows
            else:
                stats.without_verdicts += 1

    return Analysis(run(), stats)


def analyze_message(raw: RawMessage, classifier: object, options: Options) -> list[Verdict]:
    """The verdict rows of one message (empty for a message that is not a bounce)."""
    message = parse.parse_bytes(raw.data)
    extraction = extract(message)
    if extraction is None:
        return []
    context = MessageContext(
        source=raw.source,
        message_id=header_text(message, "Message-ID"),
        date=header_text(message, "Date"),
        sender=extraction.original_sender or normalise_address(header_text(message, "To")),
    )
    return verdicts(extraction, context, classifier, options)


@dataclass(frozen=True, slots=True)
class MessageContext:
    source: str
    message_id: str
    date: str
    sender: str


def verdicts(
    extraction: Extraction, context: MessageContext, classifier: object, options: Options
) -> list[Verdict]:
    rows: list[Verdict] = []
    for record in extraction.records:
        domain = record.recipient.rpartition("@")[2]
        judged: Classification = classifier.classify(  # type: ignore[attr-defined]
            record, recipient_domain=domain, lang=options.lang
        )
        wanted = NOT_FAILURES.get(judged.reason)
        if wanted and not getattr(options, wanted):
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
