"""The Python API: `analyze_bytes`, `analyze_message`, `analyze_path`, `classify`.

Each is a thin door into the pipeline the command line uses (`pipeline.judge` for one message,
`pipeline.analyze` for paths): the same verdicts, the same limits, the same error records.
Options are keyword arguments, checked by name (a misspelt option is a TypeError, never a
silently ignored one).

A message that cannot be analysed (unreadable, not parseable, past a limit, a bug of ours) is
never dropped silently. With `on_error`, each such message is handed to it as a
`MessageError(source, stage, error)` and the work goes on; without it, `AnalysisError` is
raised at that message (after the verdicts of the messages before it, and carrying the verdicts
the message itself gave before a limit stopped it).
"""

from __future__ import annotations

import copy
import email.errors
import email.message
import email.policy
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TypedDict, Unpack

from . import model
from .ingest import IngestOptions, RawMessage
from .model import MessageError
from .pipeline import Options, judge
from .pipeline import analyze as run_pipeline
from .verdict import Bounce, JsonValue, Verdict

ErrorHandler = Callable[[MessageError], None]


class AnalysisOptions(TypedDict, total=False):
    """The options every analysis takes, as keyword arguments (named like the CLI's options)."""

    lang: str  # "en" or "zh": the language of explanation and advice
    rules: Sequence[str | os.PathLike[str]]  # extra rule files or folders; they outrank built-ins
    include_delivered: bool  # also give rows of recipients a DSN says were delivered
    include_vacation: bool  # also give rows of auto-replies (out of office, challenge-response)
    max_message_size: int  # bytes; a larger message is an error (stage "limit")
    max_decompressed_size: int  # bytes read from one .gz/.bz2/.xz input at most
    max_depth: int  # MIME nesting deeper than this is an error
    max_parts: int  # more MIME parts than this is an error
    max_recipients: int  # past this many recipients the rest are not read (an error says so)
    max_seconds: float  # a message taking longer is an error (main thread only; 0: no limit)


class AnalysisError(Exception):
    """A message could not be analysed, or only in part, and no `on_error` was given.

    `error` is the error record (source, stage, error) and `verdicts` the verdicts the message
    gave before a limit stopped it (empty when it gave none).
    """

    def __init__(self, error: MessageError, verdicts: Sequence[Verdict] = ()) -> None:
        super().__init__(f"{error.source}: not analysed ({error.stage}): {error.error}")
        self.error = error
        self.verdicts = list(verdicts)

    @property
    def source(self) -> str:
        return self.error.source

    @property
    def stage(self) -> str:
        return self.error.stage


def make_options(*, jobs: int = 1, **options: Unpack[AnalysisOptions]) -> Options:
    """The pipeline's Options of the API's keyword arguments; TypeError names an unknown one."""
    known = AnalysisOptions.__optional_keys__
    unknown = sorted(set(options) - known)
    if unknown:
        raise TypeError(f"unknown option(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    lang = options.get("lang", "en")
    if lang not in ("en", "zh"):
        raise ValueError(f"lang {lang!r}: choose 'en' or 'zh'")
    defaults = IngestOptions()
    ingest = IngestOptions(
        max_message_size=options.get("max_message_size", defaults.max_message_size),
        max_decompressed_size=options.get("max_decompressed_size", defaults.max_decompressed_size),
    )
    base = Options()
    return Options(
        lang=lang,
        include_delivered=options.get("include_delivered", False),
        include_vacation=options.get("include_vacation", False),
        rules=tuple(Path(path) for path in options.get("rules", ())),
        ingest=ingest,
        max_depth=options.get("max_depth", base.max_depth),
        max_parts=options.get("max_parts", base.max_parts),
        max_recipients=options.get("max_recipients", base.max_recipients),
        max_seconds=options.get("max_seconds", base.max_seconds),
        jobs=jobs,
    )


def analyze_bytes(
    data: bytes,
    *,
    source: str = "<bytes>",
    on_error: ErrorHandler | None = None,
    **options: Unpack[AnalysisOptions],
) -> list[Verdict]:
    """The verdicts of one message given as its bytes (RFC 5322, any line endings); an empty
    list for a message that is not a bounce. `source` names it in the verdicts and errors."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"analyze_bytes wants bytes, not {type(data).__name__}")
    settings = make_options(**options)
    return _judged(RawMessage(source, bytes(data)), settings, on_error)


def analyze_message(
    message: email.message.Message,
    *,
    source: str = "",
    on_error: ErrorHandler | None = None,
    **options: Unpack[AnalysisOptions],
) -> list[Verdict]:
    """The verdicts of an `email.message.Message` (or EmailMessage) already parsed, e.g. the
    message a Mailman handler or a Django view holds. `source` defaults to its Message-ID."""
    if not isinstance(message, email.message.Message):
        raise TypeError(f"analyze_message wants an email.message.Message, not {type(message).__name__}")
    settings = make_options(**options)
    name = source or str(message.get("Message-ID", "") or "").strip() or "<message>"
    try:
        data = message_bytes(message)
    except Exception as error:  # noqa: BLE001 - a message the email package cannot write
        return _failed(MessageError(name, "read", f"cannot serialise the message: {error}"), [], on_error)
    return _judged(RawMessage(name, data), settings, on_error)


def message_bytes(message: email.message.Message) -> bytes:
    """The message written out for the pipeline's own bounded parser, as it came: no From_
    line, no '>From' quoting, and header lines as they were. Folding would change them: compat32
    refolds long lines at 78 columns (a Received header lost its reporting host that way,
    corpus lhost-office365-08), and policy.default refolds them with RFC 2047 encoded words, so a
    server's diagnostic in a delivery-status block reached the rules as "=?utf-8?q?...?="
    (samples/probe-o365-quota)."""
    written = message.policy.clone(linesep="\n", max_line_length=0)  # 0: no folding (compat32 too)
    if isinstance(written, email.policy.EmailPolicy):
        written = written.clone(refold_source="none")
    return _status_blocks_as_read(message).as_bytes(unixfrom=False, policy=written)


def _status_blocks_as_read(message: email.message.Message) -> email.message.Message:
    """The message, with each delivery-status part the email package split wrongly put back.

    The email package parses a message/delivery-status part into field blocks. A line that is
    neither a field nor a continuation (a quoted-printable soft break, "...whi=" then "ch
    exceeds ...", as KumoMTA writes its reports) ends that block's fields, and the rest becomes
    the block's body; written out, a blank line then separates them and the rest of the block
    is lost to any reader. Such a part is written back as the lines it was read from (in a
    copy: the caller's message is not changed)."""
    broken = [
        part
        for part in message.walk()
        if part.get_content_type() == "message/delivery-status"
        and isinstance(part.get_payload(), list)
        and any(_split_block(block) for block in part.get_payload())
    ]
    if not broken:
        return message
    message = copy.deepcopy(message)
    for part in message.walk():
        blocks = part.get_payload()
        if part.get_content_type() != "message/delivery-status" or not isinstance(blocks, list):
            continue
        texts = []
        for block in blocks:
            if not isinstance(block, email.message.Message):
                continue
            text = "\n".join(f"{name}: {value}" for name, value in block.raw_items())
            rest = block.get_payload()
            if isinstance(rest, str) and rest:
                text += ("\n" if _split_block(block) else "\n\n") + rest.rstrip("\n")
            texts.append(text)
        whole = email.message.Message()
        whole.set_payload("\n\n".join(texts) + "\n")
        part.set_payload([whole])
    return message


def _split_block(block: object) -> bool:
    return isinstance(block, email.message.Message) and any(
        isinstance(defect, email.errors.MissingHeaderBodySeparatorDefect)
        for defect in block.defects
    )


def analyze_path(
    path: str | os.PathLike[str],
    *,
    on_error: ErrorHandler | None = None,
    jobs: int = 1,
    **options: Unpack[AnalysisOptions],
) -> Iterator[Verdict]:
    """The verdicts of every message below path, in source order, as they are found: a message
    file, an mbox, a Maildir or any folder of these, compressed (.gz, .bz2, .xz) or not.

    `jobs` > 1 analyses in that many worker processes (same verdicts, same order).
    Raises FileNotFoundError at once for a path that does not exist."""
    name = os.fspath(path)
    if not os.path.exists(name):
        raise FileNotFoundError(2, "No such file or directory", name)
    settings = make_options(jobs=max(1, jobs), **options)
    from .classifier import load_classifier

    load_classifier(settings.rules)  # broken --rules data: rules.RuleError now, not at first row
    return _verdicts(run_pipeline([name], settings), on_error)


def _verdicts(items: Iterable[model.Verdict | MessageError], on_error: ErrorHandler | None) -> Iterator[Verdict]:
    pending: list[Verdict] = []  # a message's rows, kept until we know it had no error
    running = iter(items)
    try:
        for item in running:
            if isinstance(item, MessageError):
                if on_error is None:
                    raise AnalysisError(item, [row for row in pending if row.source == item.source])
                on_error(item)
            else:
                pending = pending if pending and pending[-1].source == item.source else []
                verdict = Verdict.from_row(item)
                pending.append(verdict)
                yield verdict
    finally:
        # The analysis stops here (an error raised, or the caller stopped asking): close it
        # now, not when the raised error's traceback is let go, so its batch ends at once and
        # gives back what it holds (the timer signal's handler, worker processes).
        close = getattr(running, "close", None)
        if close is not None:
            close()


def _judged(raw: RawMessage, options: Options, on_error: ErrorHandler | None) -> list[Verdict]:
    from .classifier import load_classifier
    from .ingest import too_big

    if len(raw.data) > options.ingest.max_message_size:  # as ingest refuses a file that size
        return _failed(MessageError(raw.source, "limit", too_big(options.ingest)), [], on_error)
    outcome = judge(raw, load_classifier(options.rules), options)
    rows = [Verdict.from_row(row) for row in outcome.rows]
    if outcome.error is not None:
        return _failed(outcome.error, rows, on_error)
    return rows


def _failed(error: MessageError, rows: list[Verdict], on_error: ErrorHandler | None) -> list[Verdict]:
    if on_error is None:
        raise AnalysisError(error, rows)
    on_error(error)
    return rows


# -- one server reply -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Explanation:
    """What `bounce-analyzer explain` prints for one server reply."""

    text: str  # the reply as read: unfolded to one line, a "smtp;" type prefix taken off
    reply_code: str  # the SMTP reply code found in it, "" when none
    status: str  # the enhanced status code found in it, "" when none
    reason: str
    bounce: Bounce | None
    permanent: bool | None
    rule: str
    explanation: str
    advice: str

    def as_dict(self) -> dict[str, JsonValue]:
        """The fields in `explain`'s order, as `explain --format json` writes them."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


def classify(
    text: str,
    *,
    lang: str = "en",
    rules: Sequence[str | os.PathLike[str]] = (),
    command: str = "",
    remote_mta: str = "",
    recipient: str = "",
) -> Explanation:
    """Classify one server reply ("550 5.1.1 <a@example.com>: User unknown"), as `explain` does.

    `command` is the SMTP command it answered (RCPT, DATA, ...) and `remote_mta` the host that
    said it, when known: some rules depend on them."""
    from .classifier import explain

    if lang not in ("en", "zh"):
        raise ValueError(f"lang {lang!r}: choose 'en' or 'zh'")
    record, judged = explain(
        text, lang=lang, command=command, remote_mta=remote_mta, recipient=recipient,
        extra_paths=[Path(path) for path in rules],
    )
    return Explanation(
        text=record.diagnostic,
        reply_code=record.reply_code,
        status=record.status,
        reason=judged.reason,
        bounce="hard" if judged.bounce == "hard" else "soft" if judged.bounce == "soft" else None,
        permanent={"true": True, "false": False}.get(judged.permanent),
        rule=judged.rule,
        explanation=judged.explanation,
        advice=judged.advice,
    )
