"""Scanning the mailbox bounces arrive in (a Maildir, or an IMAP folder), incrementally.

Every new message is analysed once (bounce_analyzer.pipeline), its verdict rows are committed to
the history (bounce_analyzer.store) together with its "seen" mark, and only then is it moved to
`--move-to` or flagged \\Seen. The order is what makes a crash harmless:

- killed before the commit: nothing stored, the message is still in the inbox, the next scan
  analyses it;
- killed after the commit, before the move: the store says "seen, not yet handled", the next scan
  finishes the move without analysing (or storing) it again.

Messages are never deleted. A message that is not a bounce is left where it is (and counted); one
that cannot be analysed is recorded with its error and moved to `--error-folder` when one is given,
left in place otherwise.

A message is identified by its content (`store.content_digest`), whatever the mailbox, folder or
server name it is read from, so when an IMAP server changes UIDVALIDITY (RFC 9051 section 2.3.1.1:
all UIDs become meaningless) the folder is read again from the start and messages already stored
are recognised by content and not counted twice; so are copies in other folders or mailboxes.
A message recorded with an error is analysed again with `retry_errors` (`scan --retry-errors`):
its record is updated in place and, when it now succeeds, it is moved or flagged as usual.
"""

from __future__ import annotations

import base64
import errno
import getpass
import imaplib
import os
import re
import select
import shutil
import signal
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import Any, Protocol
from urllib.parse import quote, unquote, urlsplit

from .ingest import RawMessage, too_big
from .model import Verdict
from .pipeline import DEFAULT_OPTIONS, MessageError, Options, judge, wanted
from .store import ContentDigest, MailboxState, SeenMessage, Store, content_digest


class ScanError(Exception):
    """The mailbox cannot be scanned (bad source, unreachable server); one line for the user."""


class SourceError(ScanError):
    """SOURCE itself is wrong (not an IMAP URL, no user in it, no such Maildir): a usage error."""


class AuthenticationError(ScanError):
    """The IMAP server refused the user name or password."""


class ConnectionLost(ScanError):
    """The connection to the IMAP server broke during a scan."""


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """What to do with the messages of a scan."""

    move_to: str = ""  # folder for messages with verdicts ("" = leave them)
    mark_seen: bool = False  # flag messages with verdicts \\Seen instead
    error_folder: str = ""  # folder for messages that could not be analysed ("" = leave them)
    analysis: Options = field(default_factory=Options)
    reconnects: int = 3  # IMAP: reconnect this many times after a dropped connection
    retry_errors: bool = False  # analyse again messages recorded with an error


@dataclass(slots=True)
class ScanStats:
    """What a scan did; `new` == with_verdicts + without_verdicts + failed."""

    looked_at: int = 0  # messages of the mailbox considered in this run
    new: int = 0  # analysed now (retried ones included)
    with_verdicts: int = 0
    without_verdicts: int = 0  # not bounces (left alone) or nothing to report
    failed: int = 0
    rows: int = 0
    already_stored: int = 0  # recognised by content (UIDVALIDITY change, duplicate copy)
    moved: int = 0
    flagged: int = 0
    finished: int = 0  # moves/flags left over from an interrupted run, done now
    retried: int = 0  # of new: recorded with an error before, analysed again (--retry-errors)
    reconnects: int = 0

    def since(self, earlier: ScanStats) -> ScanStats:
        """What was done after `earlier` (a copy taken then): one round of --watch."""
        return ScanStats(**{name: getattr(self, name) - getattr(earlier, name) for name in self.__slots__})

    def summary(self) -> str:
        text = (
            f"{self.new} new messages: {self.with_verdicts} with verdicts ({self.rows} rows), "
            f"{self.without_verdicts} not bounces or nothing to report, {self.failed} failed"
        )
        extras = [
            f"{count} {name}"
            for count, name in (
                (self.retried, "retried"),
                (self.moved, "moved"),
                (self.flagged, "flagged"),
                (self.already_stored, "already stored"),
                (self.finished, "left over actions finished"),
                (self.reconnects, "reconnects"),
            )
            if count
        ]
        return text + ("; " + ", ".join(extras) if extras else "")


Progress = Callable[[int, int], None]  # (messages done in this pass, messages in this pass)
Round = Callable[[int, "ScanStats"], None]  # (round number from 1, what that round did)


class Stopper:
    """Set by SIGINT/SIGTERM; the scan stops between two messages, never in the middle of one."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def is_set(self) -> bool:
        return self.event.is_set()

    def set(self) -> None:
        self.event.set()

    def wait(self, seconds: float) -> bool:
        return self.event.wait(seconds)

    def install(self) -> Callable[[], None]:
        """Catch SIGINT and SIGTERM (main thread only); returns a function restoring the old handlers.

        A second signal while stopping raises KeyboardInterrupt, for a scan stuck on a network
        read; the store's transaction rolls back, so even that loses nothing.
        """
        if threading.current_thread() is not threading.main_thread():
            return lambda: None

        def handler(signum: int, frame: FrameType | None) -> None:
            if self.event.is_set():
                raise KeyboardInterrupt
            self.event.set()

        old = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}

        def restore() -> None:
            for sig, previous in old.items():
                signal.signal(sig, previous)

        return restore


class Act(Protocol):
    """Moves a message to a folder (kind "move") or flags it \\Seen (kind "flag"); False when
    there was nothing to do (another scan moved it meanwhile), so counters stay true."""

    def __call__(self, kind: str, folder: str) -> bool: ...


class Scanner:
    """The part common to every mailbox kind: analyse, commit, then act."""

    def __init__(self, store: Store, mailbox: str, options: ScanOptions) -> None:
        from .classifier import load_classifier
        from .history import ruleset_id

        self.store = store
        self.mailbox = mailbox
        self.options = options
        self.classifier = load_classifier(options.analysis.rules)
        self.ruleset = ruleset_id(options.analysis.rules)
        self.retried: set[int] = set()  # message ids retried by this run (once each, --watch too)
        # The history keeps every row (deliveries and auto-replies too: the suppression policy
        # needs them); the output shows only those asked for.
        self.every_row = replace(options.analysis, include_delivered=True, include_vacation=True)
        self.stats = ScanStats()

    def should_retry(self, known: SeenMessage | None) -> bool:
        """--retry-errors: a message recorded with an error is analysed again, once per run."""
        return (
            self.options.retry_errors and known is not None and bool(known.error)
            and known.id not in self.retried
        )

    def action_for(self, outcome: str) -> tuple[str, str]:
        """(kind, folder) of the follow-up a message with this outcome needs; ("", "") = none."""
        if outcome == "verdicts":
            if self.options.move_to:
                return "move", self.options.move_to
            if self.options.mark_seen:
                return "flag", ""
        elif outcome == "error" and self.options.error_folder:
            return "move", self.options.error_folder
        return "", ""

    def process(
        self, *, locator: str, source: str, data: bytes, act: Act, state: MailboxState | None = None,
        digest: str = "",
    ) -> list[Verdict | MessageError]:
        """Analyse one message not known by its locator; the rows and errors to report.
        `digest`: its content digest, when data is only its beginning (over the size limit)."""
        digest = digest or content_digest(data)
        known = self.store.find(self.mailbox, digest=digest)
        retry = self.should_retry(known)
        if known is None or retry:
            outcome, rows, error = self.analyse(source, data)
            kind, _ = self.action_for(outcome)
            seen = self.store.record(
                self.mailbox, digest=digest, locator=locator, rows=rows, outcome=outcome,
                error=error, handled=not kind, state=state, ruleset=self.ruleset, replace=retry,
            )
            if seen is not None:
                shown = [row for row in rows if wanted(row.reason, self.options.analysis)]
                self.count(outcome, len(shown))
                if retry:
                    self.stats.retried += 1
                    self.retried.add(seen.id)
                if kind:
                    self.finish(seen, act, locator)
                stage, _, text = error.partition(": ")
                if outcome == "error":
                    return [MessageError(source, stage, text)]
                return [*shown, MessageError(source, stage, text)] if error else list(shown)
            known = self.store.find(self.mailbox, digest=digest)  # stored meanwhile by another scan
            assert known is not None
        # Already stored (a UIDVALIDITY change, a copy in another folder, mailbox or server
        # name): not counted again; a copy still in the inbox gets the same follow-up as the first.
        self.stats.already_stored += 1
        if state is not None:
            self.store.set_mailbox_state(self.mailbox, state)
        if known.locator == locator:
            # Recorded at this very place by another scan running now: its move or flag is
            # that scan's to do (two IMAP sessions moving one message can leave two copies).
            # Should that scan die first, the next scan finishes it (`unhandled`).
            return []
        kind, _ = self.action_for(known.outcome)
        known = self.store.place(known, self.mailbox, locator, handled=not kind)
        if kind:
            self.finish(known, act, locator)
        return []

    def unreadable(self, locator: str, source: str, reason: str) -> list[MessageError]:
        """A message file that cannot be read: recorded with its error under an identity made
        from its place (its content is not known), counted as failed, reported this once."""
        digest = content_digest(f"unreadable\0{self.mailbox}\0{locator}".encode())
        known = self.store.find(self.mailbox, digest=digest)
        if known is not None and not self.should_retry(known):
            return []
        seen = self.store.record(
            self.mailbox, digest=digest, locator=locator, rows=[], outcome="error",
            error=f"read: {reason}", handled=True, ruleset=self.ruleset, replace=known is not None,
        )
        if seen is None:
            return []
        self.count("error", 0)
        if known is not None:
            self.stats.retried += 1
            self.retried.add(seen.id)
        return [MessageError(source, "read", reason)]

    def analyse(self, source: str, data: bytes) -> tuple[str, list[Verdict], str]:
        """The outcome (verdicts: it holds a failure; none; error), every row, "stage: error".

        By the pipeline's one policy for a message (`pipeline.judge`); a message read in part
        (past --max-recipients) keeps its rows, and its error is stored beside them."""
        limits = self.options.analysis.ingest
        if len(data) > limits.max_message_size:  # the limit `analyze` applies to a file
            return "error", [], f"limit: {too_big(limits)}"
        outcome = judge(RawMessage(source, data), self.classifier, self.every_row)
        error = "" if outcome.error is None else f"{outcome.error.stage}: {outcome.error.error}"
        if outcome.error is not None and not outcome.rows:
            return "error", [], error
        # Handled: a failure or a complaint, the rows `analyze` reports without being asked.
        failure = any(wanted(row.reason, DEFAULT_OPTIONS) for row in outcome.rows)
        return ("verdicts" if failure else "none"), outcome.rows, error

    def count(self, outcome: str, rows: int) -> None:
        self.stats.new += 1
        if outcome == "verdicts":
            self.stats.with_verdicts += 1
            self.stats.rows += rows
        elif outcome == "none":
            self.stats.without_verdicts += 1
        else:
            self.stats.failed += 1

    def finish(self, message: SeenMessage, act: Act, locator: str, *, leftover: bool = False) -> None:
        """Do the move/flag a committed message needs, then mark it handled. A follow-up left
        over (by an interrupted scan, or one running now) is done only when this scan can
        claim it (`Store.claim`)."""
        if leftover and not self.store.claim(message):
            return
        kind, folder = self.action_for(message.outcome)
        if kind and act(kind, folder):  # not counted when another scan did it meanwhile
            if kind == "move":
                self.stats.moved += 1
            else:
                self.stats.flagged += 1
            if leftover:
                self.stats.finished += 1
        self.store.set_handled(message, locator)


def read_bounded(path: Path, limit: int) -> tuple[bytes, str]:
    """A message file's bytes, but never more than limit + 1 of them: a larger file is an
    error record (`Scanner.analyse`) without being read whole into memory. With its content
    digest when it is larger ("" otherwise): read in chunks, so that the same message is
    recognised when it is retried with a higher limit."""
    with path.open("rb") as file:
        data = file.read(limit + 1)
        if len(data) <= limit:
            return data, ""
        digest = ContentDigest()
        digest.update(data)
        while chunk := file.read(1 << 20):
            digest.update(chunk)
        return data, digest.hexdigest()


class MailSource(Protocol):
    """A mailbox to scan: one pass over its new messages per call of `scan_pass`."""

    id: str

    def scan_pass(
        self, scanner: Scanner, stop: Stopper, progress: Progress | None
    ) -> Iterator[Verdict | MessageError]: ...

    def wait(self, stop: Stopper, seconds: float) -> bool:
        """Wait up to `seconds` for new mail (or until stopped); True when stopped."""
        ...

    def close(self) -> None: ...


# -- Maildir ------------------------------------------------------------------------------------

# Maildir file names are "unique[:2,flags]" (https://cr.yp.to/proto/maildir.html); the unique
# part never changes when a client adds flags or moves the file from new/ to cur/.
INFO_SEPARATOR = ":"


def unique_name(file_name: str) -> str:
    return file_name.split(INFO_SEPARATOR, 1)[0]


def with_flag(file_name: str, flag: str) -> str:
    unique, _, info = file_name.partition(INFO_SEPARATOR)
    flags = info[2:] if info.startswith("2,") else ""
    return f"{unique}{INFO_SEPARATOR}2,{''.join(sorted(set(flags + flag)))}"


def copy_across(path: Path, target: Path) -> None:
    """Move a message to another file system the Maildir way: write in tmp/, fsync, rename, unlink.

    Killed half way, the message is in both folders under the same unique name; the next scan
    finds it unhandled in the inbox and copies it again over the same name, so no duplicate.
    """
    temporary = target.parent.parent / "tmp" / target.name
    with open(path, "rb") as source, open(temporary, "wb") as sink:
        shutil.copyfileobj(source, sink)
        sink.flush()
        os.fsync(sink.fileno())
    os.rename(temporary, target)
    os.unlink(path)


class MaildirSource:
    """A Maildir; `--move-to NAME` is the Maildir++ subfolder `.NAME` (a path when NAME has a '/')."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        if not all((self.root / sub).is_dir() for sub in ("cur", "new")):
            raise SourceError(f"{root} is not a Maildir (it needs cur/ and new/ folders)")
        self.id = f"maildir:{self.root}"

    def folder(self, name: str) -> Path:
        path = Path(name) if "/" in name else self.root / ("." + name.lstrip("."))
        for sub in ("cur", "new", "tmp"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        return path

    def files(self) -> list[Path]:
        found: list[Path] = []
        for sub in ("new", "cur"):
            try:
                entries = sorted(os.scandir(self.root / sub), key=lambda e: e.name)
            except OSError as error:
                raise ScanError(f"cannot read {self.root / sub}: {error.strerror}") from None
            found += [Path(e.path) for e in entries if not e.name.startswith(".") and e.is_file()]
        return found

    def act_on(self, path: Path) -> Act:
        def act(kind: str, folder: str) -> bool:
            if kind == "move":
                target = self.folder(folder) / path.parent.name / path.name
            else:
                target = self.root / "cur" / with_flag(path.name, "S")
            try:
                # rename(2) is atomic within a file system: the message is in one place or the other.
                os.rename(path, target)
            except FileNotFoundError:
                if path.exists():
                    raise  # the target folder is missing, not the message
                # Gone already: another scan of this Maildir handled it, or a client moved it.
                return False
            except OSError as error:
                if error.errno != errno.EXDEV:
                    raise
                try:
                    copy_across(path, target)
                except FileNotFoundError:
                    if path.exists():
                        raise
                    return False
            return True

        return act

    def scan_pass(
        self, scanner: Scanner, stop: Stopper, progress: Progress | None
    ) -> Iterator[Verdict | MessageError]:
        files = self.files()
        for done, path in enumerate(files, 1):
            if stop.is_set():
                return
            scanner.stats.looked_at += 1
            locator = unique_name(path.name)
            known = scanner.store.find(self.id, locator=locator)
            if known is not None and not scanner.should_retry(known):
                if not known.handled:  # committed, then interrupted before the move
                    scanner.finish(known, self.act_on(path), locator, leftover=True)
            else:
                try:
                    data, digest = read_bounded(path, scanner.options.analysis.ingest.max_message_size)
                except FileNotFoundError:
                    continue  # moved away by another client meanwhile
                except OSError as error:
                    # Recorded as failed, like a message that cannot be analysed: counted once,
                    # not reported again by every scan (`--retry-errors` reads it again).
                    yield from scanner.unreadable(locator, str(path), error.strerror or str(error))
                    if progress:
                        progress(done, len(files))
                    continue
                yield from scanner.process(
                    locator=locator, source=str(path), data=data, act=self.act_on(path), digest=digest
                )
            if progress:
                progress(done, len(files))

    def wait(self, stop: Stopper, seconds: float) -> bool:
        return stop.wait(seconds)

    def close(self) -> None:
        pass


# -- IMAP ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ImapTarget:
    """imap://user@host[:port]/FOLDER or imaps://... (RFC 5092 IMAP URL, user and folder only)."""

    tls: bool  # imaps: TLS from the first byte (RFC 8314); imap: STARTTLS when offered
    user: str
    host: str
    port: int
    folder: str

    @property
    def id(self) -> str:
        scheme = "imaps" if self.tls else "imap"
        return f"{scheme}://{quote(self.user, safe='')}@{self.host}:{self.port}/{quote(self.folder)}"


def parse_imap_url(text: str) -> ImapTarget:
    parts = urlsplit(text)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname:
        raise SourceError(f"not an IMAP URL: {text} (expected imap://user@host[:port]/FOLDER)")
    if parts.password is not None:
        raise SourceError("do not put the password in the URL; use --password-env VAR or the prompt")
    if not parts.username:
        raise SourceError(f"no user name in {text} (expected imap://user@host[:port]/FOLDER)")
    try:
        port = parts.port or (993 if parts.scheme == "imaps" else 143)
    except ValueError:
        raise SourceError(f"bad port in {text}") from None
    return ImapTarget(
        tls=parts.scheme == "imaps",
        user=unquote(parts.username),
        host=parts.hostname,
        port=port,
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
    )


# imaplib's errors for a broken connection: abort (BYE, EOF, bad response) and socket errors.
DROPPED = (imaplib.IMAP4.abort, OSError, EOFError)

UID_IN_FETCH = re.compile(rb"UID (\d{1,10})")
# "* 12 EXISTS": the folder grew (RFC 9051 section 7.4.1), the sign of new mail during IDLE.
NEW_MAIL = re.compile(rb"\* \d{1,10} EXISTS")


def imap_quote(name: str) -> str:
    """A mailbox name as an IMAP quoted string (RFC 9051 section 4.3), non-ASCII in modified UTF-7."""
    encoded = modified_utf7(name)
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


def modified_utf7(name: str) -> str:
    """IMAP's mailbox name encoding (RFC 3501 section 5.1.3): "&" is "&-", other non-ASCII runs
    are UTF-16BE in base64 with "," for "/", between "&" and "-"."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            data = "".join(run).encode("utf-16-be")
            out.append("&" + base64.b64encode(data).decode("ascii").rstrip("=").replace("/", ",") + "-")
            run.clear()

    for char in name:
        if " " <= char <= "~":
            flush()
            out.append("&-" if char == "&" else char)
        else:
            run.append(char)
    flush()
    return "".join(out)


class ImapSource:
    """An IMAP folder, read with UIDs (RFC 9051 section 2.3.1.1), bodies fetched with BODY.PEEK.

    Uses MOVE (RFC 6851) when the server has it, COPY + \\Deleted + UID EXPUNGE (RFC 4315)
    otherwise, and never a plain EXPUNGE, which would remove other clients' deleted messages.
    """

    def __init__(self, target: ImapTarget, password: str, *, timeout: float = 60.0,
                 cafile: str | None = None) -> None:
        self.target = target
        self.password = password
        self.cafile = cafile  # trust only these CA certificates (a private CA), else the system's
        self.timeout = timeout
        self.id = target.id
        self.conn: imaplib.IMAP4 | None = None
        self.created: set[str] = set()

    # connection

    def connect(self) -> imaplib.IMAP4:
        target = self.target
        context = tls_context(self.cafile)
        try:
            if target.tls:
                conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                    target.host, target.port, ssl_context=context, timeout=self.timeout
                )
            else:
                conn = imaplib.IMAP4(target.host, target.port, timeout=self.timeout)
                if "STARTTLS" in conn.capabilities:
                    conn.starttls(context)
        except ssl.SSLError as error:
            raise ScanError(f"TLS with {target.host}:{target.port} failed: {error}") from None
        except OSError as error:  # refused, unreachable, timed out: may pass (see scan --watch)
            raise ConnectionLost(f"cannot connect to {target.host}:{target.port}: {error}") from None
        except imaplib.IMAP4.error as error:
            raise ScanError(f"{target.host}:{target.port} is not a usable IMAP server: {error}") from None
        try:
            conn.login(target.user, self.password)
        except imaplib.IMAP4.abort as error:
            raise ConnectionLost(f"{target.host}: connection lost during login: {error}") from None
        except imaplib.IMAP4.error as error:
            conn.shutdown()
            message = error.args[0].decode() if error.args and isinstance(error.args[0], bytes) else str(error)
            raise AuthenticationError(
                f"{target.host} refused the login for {target.user}: {message.strip()}"
            ) from None
        # Servers announce more after login (MOVE, UIDPLUS: RFC 9051 section 6.1.1); imaplib
        # keeps the greeting's list, so ask again.
        try:
            status, data = conn.capability()
            if status == "OK" and data and isinstance(data[-1], bytes):
                conn.capabilities = tuple(data[-1].decode("ascii", "replace").upper().split())
        except imaplib.IMAP4.abort as error:
            raise ConnectionLost(f"{target.host}: connection lost after login: {error}") from None
        self.created.clear()
        return conn

    def ensure(self) -> imaplib.IMAP4:
        if self.conn is None:
            self.conn = self.connect()
        return self.conn

    def drop(self) -> None:
        if self.conn is not None:
            try:
                self.conn.shutdown()
            except (OSError, imaplib.IMAP4.error):
                pass
        self.conn = None

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.logout()
            except (*DROPPED, imaplib.IMAP4.error):
                pass
        self.conn = None

    # commands

    def check(self, result: tuple[str, Sequence[Any]], what: str) -> Sequence[Any]:
        status, data = result
        if status != "OK":
            detail = b" ".join(d for d in data if isinstance(d, bytes)).decode(errors="replace")
            raise ScanError(f"{self.target.host}: {what} failed: {detail}")
        return data

    def select(self, conn: imaplib.IMAP4) -> int:
        self.check(conn.select(imap_quote(self.target.folder)), f"opening folder {self.target.folder}")
        values = conn.response("UIDVALIDITY")[1]
        if not values or values[0] is None:
            raise ScanError(f"{self.target.host} gave no UIDVALIDITY for {self.target.folder}")
        return int(values[0])

    def uids(self, conn: imaplib.IMAP4, after: int) -> list[int]:
        # "UID n:*" always matches the highest UID even when it is below n (RFC 9051 6.4.8),
        # hence the filter.
        data = self.check(conn.uid("SEARCH", f"UID {after + 1}:*"), "UID SEARCH")
        found = [int(x) for x in (data[0] or b"").split()] if data else []
        return sorted(u for u in found if u > after)

    def fetch(self, conn: imaplib.IMAP4, uid: int) -> bytes | None:
        data = self.check(conn.uid("FETCH", str(uid), "(UID BODY.PEEK[])"), "UID FETCH")
        for item in data:
            if isinstance(item, tuple) and UID_IN_FETCH.search(item[0]):
                return bytes(item[1])
        return None  # expunged by another client meanwhile

    def create(self, conn: imaplib.IMAP4, folder: str) -> None:
        if folder not in self.created:
            conn.create(imap_quote(folder))  # NO when it exists already: fine
            self.created.add(folder)

    def act_on(self, conn: imaplib.IMAP4, uid: int) -> Act:
        def gone(result: tuple[str, Sequence[Any]], what: str) -> bool:
            """True when another session expunged the message (RFC 5530 EXPUNGEISSUED)."""
            status, data = result
            text = b" ".join(d for d in data if isinstance(d, bytes))
            if status != "OK" and b"EXPUNGEISSUED" in text.upper():
                return True
            self.check(result, what)
            return False

        def act(kind: str, folder: str) -> bool:
            # Gone already: another scan of this folder moved it (a MOVE of a missing UID is
            # no error, RFC 6851 section 3.3); not counted as this scan's move.
            data = self.check(conn.uid("SEARCH", f"UID {uid}"), "UID SEARCH")
            if str(uid).encode() not in ((data[0] if data else b"") or b"").split():
                return False
            if kind == "flag":
                return not gone(conn.uid("STORE", str(uid), "+FLAGS.SILENT", r"(\Seen)"), "UID STORE")
            self.create(conn, folder)
            if "MOVE" in conn.capabilities:
                return not gone(conn.uid("MOVE", str(uid), imap_quote(folder)), f"UID MOVE to {folder}")
            if gone(conn.uid("COPY", str(uid), imap_quote(folder)), f"UID COPY to {folder}"):
                return False
            self.check(conn.uid("STORE", str(uid), "+FLAGS.SILENT", r"(\Deleted)"), "UID STORE")
            if "UIDPLUS" in conn.capabilities:
                self.check(conn.uid("EXPUNGE", str(uid)), "UID EXPUNGE")
            return True

        return act

    def wait(self, stop: Stopper, seconds: float) -> bool:
        """Wait for new mail with IDLE (RFC 2177) when the server offers it, else just wait.

        IDLE only shortens the wait: the next pass reads the folder again whatever the server
        said, so a notification missed here (or a connection lost) costs at most `seconds`.
        """
        conn = self.conn
        if conn is None or "IDLE" not in conn.capabilities:
            return stop.wait(seconds)
        try:
            self.idle(conn, stop, seconds)
        except (*DROPPED, imaplib.IMAP4.error):
            self.drop()  # the next pass reconnects
        return stop.wait(0)

    def idle(self, conn: imaplib.IMAP4, stop: Stopper, seconds: float) -> None:
        # imaplib before Python 3.14 has no idle(): the exchange is short enough to do by hand
        # with its send/readline, as RFC 2177 section 3 shows it.
        tag: bytes = conn._new_tag()  # type: ignore[attr-defined]
        conn.send(tag + b" IDLE\r\n")
        line = conn.readline()
        news = False
        while line.startswith(b"* "):  # untagged responses queued before the continuation
            news = news or bool(NEW_MAIL.match(line))
            line = conn.readline()
        if not line.startswith(b"+"):
            stop.wait(seconds)  # refused: poll instead
            return
        # Servers may drop an IDLE after 30 minutes (RFC 2177 section 3): end it before that.
        deadline = time.monotonic() + (0 if news else min(seconds, 25 * 60))
        sock = conn.socket()
        while not stop.is_set() and time.monotonic() < deadline:
            pending = isinstance(sock, ssl.SSLSocket) and sock.pending() > 0
            if pending or select.select([sock], [], [], 1.0)[0]:
                line = conn.readline()
                if not line:
                    raise imaplib.IMAP4.abort("connection closed during IDLE")
                if NEW_MAIL.match(line):
                    break  # new mail
        conn.send(b"DONE\r\n")
        while True:
            line = conn.readline()
            if not line:
                raise imaplib.IMAP4.abort("connection closed ending IDLE")
            if line.startswith(tag + b" "):
                return

    def source_name(self, uidvalidity: int, uid: int) -> str:
        # RFC 5092 section 6: imap://user@host/mailbox;UIDVALIDITY=v/;UID=u
        return f"{self.id};UIDVALIDITY={uidvalidity}/;UID={uid}"

    # scanning

    def scan_pass(
        self, scanner: Scanner, stop: Stopper, progress: Progress | None
    ) -> Iterator[Verdict | MessageError]:
        """One pass; reconnects and resumes after a dropped connection (state is in the store)."""
        attempts = 0
        while True:
            try:
                yield from self.one_pass(scanner, stop, progress)
                return
            except (*DROPPED, ConnectionLost) as error:
                self.drop()
                attempts += 1
                if attempts > scanner.options.reconnects or stop.is_set():
                    raise ConnectionLost(
                        f"connection to {self.target.host} lost: {type(error).__name__}: {error}"
                    ) from None
                scanner.stats.reconnects += 1
                stop.wait(min(2.0 ** (attempts - 1), 10.0))

    def one_pass(
        self, scanner: Scanner, stop: Stopper, progress: Progress | None
    ) -> Iterator[Verdict | MessageError]:
        conn = self.ensure()
        uidvalidity = self.select(conn)
        store = scanner.store
        state = store.mailbox_state(self.id)
        if state.uidvalidity != uidvalidity:
            # First scan, or the server renumbered the folder: read it all again from UID 1;
            # messages already stored are recognised by content (Scanner.process).
            state = MailboxState(uidvalidity, 0)
            store.set_mailbox_state(self.id, state)
        # Moves and flags an interrupted run committed but did not do.
        for message in store.unhandled(self.id):
            if stop.is_set():
                return
            valid, _, number = message.locator.partition(":")
            if valid == str(uidvalidity) and number.isdigit():
                scanner.finish(message, self.act_on(conn, int(number)), message.locator, leftover=True)
            # Otherwise the UID is from before a UIDVALIDITY change: the message is found again
            # by content below and handled there.
        if scanner.options.retry_errors:
            # Messages recorded with an error and still here (no --error-folder) are below
            # last_uid; those moved back to the folder have new UIDs and come below.
            for message in store.with_errors(self.id):
                if stop.is_set():
                    return
                if not scanner.should_retry(message):
                    continue
                valid, _, number = message.locator.partition(":")
                if valid != str(uidvalidity) or not number.isdigit() or int(number) > state.last_uid:
                    continue
                data = self.fetch(conn, int(number))
                if data is not None:
                    yield from scanner.process(
                        locator=message.locator, source=self.source_name(uidvalidity, int(number)),
                        data=data, act=self.act_on(conn, int(number)),
                    )
        uids = self.uids(conn, state.last_uid)
        for done, uid in enumerate(uids, 1):
            if stop.is_set():
                return
            scanner.stats.looked_at += 1
            locator = f"{uidvalidity}:{uid}"
            next_state = MailboxState(uidvalidity, uid)
            data = self.fetch(conn, uid)
            if data is None:
                store.set_mailbox_state(self.id, next_state)
                continue
            yield from scanner.process(
                locator=locator, source=self.source_name(uidvalidity, uid), data=data,
                act=self.act_on(conn, uid), state=next_state,
            )
            if progress:
                progress(done, len(uids))


# -- entry points -------------------------------------------------------------------------------

def is_imap_url(source: str) -> bool:
    return source.lower().startswith(("imap://", "imaps://"))


def tls_context(cafile: str | None = None) -> ssl.SSLContext:
    """Certificates checked against the system's CAs, or only those in `cafile` (PEM): a
    private CA (`scan --cafile`). ssl.SSLError or OSError when the file is not usable."""
    return ssl.create_default_context(cafile=cafile)


def check_source(source: str) -> None:
    """SourceError when SOURCE cannot be a mailbox: a bad IMAP URL, or a path that is not a
    Maildir. Said before anything is opened (a usage error, exit status 2)."""
    if is_imap_url(source):
        parse_imap_url(source)
        return
    path = Path(source)
    if not path.is_dir():
        raise SourceError(f"no such Maildir: {source}")
    if not all((path / sub).is_dir() for sub in ("cur", "new")):
        raise SourceError(f"{source} is not a Maildir (it needs cur/ and new/ folders)")


def open_source(source: str, password: Callable[[ImapTarget], str] | None = None, *,
                cafile: str | None = None) -> MailSource:
    """A Maildir path or an IMAP URL; `password` is asked for the IMAP password when needed;
    `cafile`: the CA certificates an IMAP server's certificate must chain to."""
    check_source(source)
    if is_imap_url(source):
        target = parse_imap_url(source)
        if password is None:
            raise ScanError("an IMAP source needs a password (--password-env VAR or the prompt)")
        return ImapSource(target, password(target), cafile=cafile)
    return MaildirSource(Path(source))


def prompt_password(target: ImapTarget) -> str:
    return getpass.getpass(f"Password for {target.user}@{target.host}: ")


@dataclass(slots=True)
class Scan:
    """A scan in progress: iterate it for rows and errors (after they are stored)."""

    items: Iterator[Verdict | MessageError]
    stats: ScanStats
    stop: Stopper = field(default_factory=Stopper)

    def __iter__(self) -> Iterator[Verdict | MessageError]:
        return self.items


def scan(
    source: MailSource,
    store: Store,
    options: ScanOptions = ScanOptions(),
    *,
    watch: float | None = None,
    stop: Stopper | None = None,
    progress: Progress | None = None,
    on_round: Round | None = None,
) -> Scan:
    """Scan source once (or every `watch` seconds until `stop` is set), storing verdicts.

    The rows and errors of new messages stream out after each message is committed.
    `on_round` is told what each pass did (for a log line per round of --watch).
    """
    if options.move_to and options.mark_seen:
        raise ValueError("choose one of moving (move_to) and flagging (mark_seen)")
    scanner = Scanner(store, source.id, options)
    stopper = stop or Stopper()

    def run() -> Iterator[Verdict | MessageError]:
        rounds = 0
        try:
            while True:
                before = replace(scanner.stats)
                try:
                    yield from source.scan_pass(scanner, stopper, progress)
                except ConnectionLost as error:
                    if watch is None:
                        raise
                    # A service outlives server restarts and network trouble: report, try later.
                    yield MessageError(source.id, "connect", str(error))
                rounds += 1
                if on_round is not None:
                    on_round(rounds, scanner.stats.since(before))
                if watch is None or source.wait(stopper, watch):
                    return
        finally:
            source.close()

    return Scan(run(), scanner.stats, stopper)

