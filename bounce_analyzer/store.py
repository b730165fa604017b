"""The verdict history: every row a scan (or `analyze --db`) produced, kept in a database.

Why a history: deciding to stop sending to an address depends on what happened before (a soft
bounce today after three last week), so rows are kept with when they were seen and which mailbox
they came from.

Two implementations of one `Store` protocol, with one schema and one list of migrations:
SQLite by default (standard library, zero setup, one file at `default_path()`), and PostgreSQL
for a history shared by several hosts (`postgresql://user@host:port/dbname`, psycopg 3, the
optional extra `bounce-analyzer[postgres]`). `open_store` chooses by the name it is given.

A message's identity is its content: the SHA-256 of its bytes with line endings normalised
(`content_digest`), the same whichever mailbox, folder, file name, mbox position or server name
it was read under. The database holds one `messages` row per digest (UNIQUE), so the same
message analysed again is stored once:

- a message's rows, its `messages` row and where it was found are written in one transaction,
  all or none (https://www.sqlite.org/atomiccommit.html; PostgreSQL transactions);
- `locations` says where a message was seen (mailbox, locator: a Maildir unique file name, an IMAP
  "UIDVALIDITY:UID", an `analyze` source id), so a scan need not read it again, and whether the
  follow-up action there (move, flag) is done (`handled`): a crash between the commit and the
  action leaves it false, and the next scan finishes the action without analysing again;
- analysed again on purpose (`analyze --db`, `scan --retry-errors`), a message's rows are updated
  in place (same row ids, same `seen_at`) and `ruleset` records which rule set decided; an error
  never replaces a stored success.
"""

from __future__ import annotations

import hashlib
import os
import socket
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, Self
from urllib.parse import urlsplit

from .model import COLUMNS, Verdict

APP_NAME = "bounce-analyzer"
FILE_NAME = "history.sqlite3"

# Verdict fields stored per row: the output columns plus `advice` (JSON outputs carry it).
VERDICT_FIELDS: tuple[str, ...] = (*COLUMNS, "advice")

# What analysing a stored message again may change in its rows: all but `source`, which stays
# where the message was first read (the same message under another path is the same message).
UPDATED_FIELDS: tuple[str, ...] = tuple(name for name in VERDICT_FIELDS if name != "source")

# Schema migrations, in order: MIGRATIONS[n] takes a database from version n to n + 1. Written
# in the SQL both databases read; `PostgresStore.dialect` changes the integer types. The version
# lives in SQLite's `PRAGMA user_version` (https://www.sqlite.org/pragma.html#pragma_user_version)
# and in PostgreSQL's table `schema_version`. Never edit a released step: add a new one.
MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: messages seen per mailbox, their verdict rows, per-mailbox IMAP state.
    """
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        mailbox TEXT NOT NULL,
        digest TEXT NOT NULL,          -- sha256 of the raw message
        locator TEXT NOT NULL,         -- Maildir unique name or IMAP "UIDVALIDITY:UID"
        seen_at TEXT NOT NULL,         -- ISO 8601, UTC
        outcome TEXT NOT NULL,         -- verdicts | none | error
        error TEXT NOT NULL DEFAULT '',
        rows INTEGER NOT NULL DEFAULT 0,
        handled INTEGER NOT NULL DEFAULT 0,
        UNIQUE (mailbox, digest)
    );
    CREATE INDEX messages_locator ON messages (mailbox, locator);
    CREATE TABLE verdicts (
        id INTEGER PRIMARY KEY,
        message INTEGER REFERENCES messages (id),  -- NULL for rows appended by `analyze --db`
        mailbox TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        """
    + ",\n        ".join(f"{name} TEXT NOT NULL DEFAULT ''" for name in VERDICT_FIELDS)
    + """
    );
    CREATE INDEX verdicts_seen_at ON verdicts (seen_at);
    CREATE INDEX verdicts_recipient ON verdicts (recipient);
    CREATE TABLE mailboxes (
        mailbox TEXT PRIMARY KEY,
        uidvalidity INTEGER,
        last_uid INTEGER NOT NULL DEFAULT 0
    );
    """,
    # 1 -> 2: a message is its content, whatever mailbox it was read from (issue 16). Copies of
    # one message stored under two mailbox names are merged into the first (their rows were
    # duplicates); where each was seen moves to `locations`, with the follow-up state; the rule
    # set that decided is recorded. messages.mailbox/locator keep where it was first seen, and
    # messages.handled is no longer used. Digests stored by version 1 were of the raw bytes:
    # for messages with LF line endings (Maildir files) they are the same as now.
    """
    ALTER TABLE messages ADD COLUMN ruleset TEXT NOT NULL DEFAULT '';
    ALTER TABLE messages ADD COLUMN decided_at TEXT NOT NULL DEFAULT '';
    CREATE TABLE locations (
        mailbox TEXT NOT NULL,
        locator TEXT NOT NULL,
        message INTEGER NOT NULL REFERENCES messages (id),
        handled INTEGER NOT NULL DEFAULT 0,
        claimed_at TEXT NOT NULL DEFAULT '',  -- a scan doing the move/flag since then (a lease)
        claimed_by TEXT NOT NULL DEFAULT '',  -- which: "host pid"
        PRIMARY KEY (mailbox, locator)
    );
    CREATE INDEX locations_message ON locations (message);
    INSERT INTO locations (mailbox, locator, message, handled)
        SELECT m.mailbox, m.locator, (SELECT min(k.id) FROM messages k WHERE k.digest = m.digest), m.handled
        FROM messages m WHERE true ON CONFLICT DO NOTHING;
    DELETE FROM verdicts WHERE message IN (
        SELECT id FROM messages WHERE id NOT IN (SELECT min(id) FROM messages GROUP BY digest));
    DELETE FROM messages WHERE id NOT IN (SELECT min(id) FROM messages GROUP BY digest);
    UPDATE messages SET decided_at = seen_at;
    CREATE UNIQUE INDEX messages_digest ON messages (digest);
    CREATE INDEX verdicts_message ON verdicts (message);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# How long a claim on a message's move or flag (`SQLStore.claim`) by a scan on another host holds.
CLAIM_SECONDS = 300
ME = f"{socket.gethostname()} {os.getpid()}"


def claim_expired(claimed_at: str, claimed_by: str) -> bool:
    """Whether a claim may be taken over: none, ours, its process gone, or too old."""
    if not claimed_by or claimed_by == ME:
        return True
    host, _, pid = claimed_by.rpartition(" ")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True  # killed or crashed: its follow-up is ours to finish
        except OSError:
            pass  # alive (another user's process)
        # Alive: it will do it, unless it has been at it for too long (stuck on a server).
    expiry = iso_utc(datetime.now(UTC) - timedelta(seconds=CLAIM_SECONDS))
    return claimed_at < expiry


class StoreError(Exception):
    """The history database cannot be opened or used (wrong file, newer schema, locked, full)."""


@dataclass(frozen=True, slots=True)
class StoredVerdict:
    """A verdict row from the history, with when it was seen and the mailbox it came from."""

    verdict: Verdict
    seen_at: str  # ISO 8601 in UTC, e.g. "2026-11-24T02:58:20+00:00"
    mailbox: str  # e.g. "maildir:/var/mail/bounces", "imap://bounces@mail.example.com/INBOX"

    def as_dict(self) -> dict[str, str]:
        row = self.verdict.as_dict(with_advice=True)
        row["seen_at"] = self.seen_at
        row["mailbox"] = self.mailbox
        return row


@dataclass(frozen=True, slots=True)
class SeenMessage:
    """What the store knows about one message, and about where it was seen in `mailbox`.

    `locator` is "" (and `handled` true) when the message is known by content only, not yet
    seen in that mailbox."""

    id: int
    locator: str
    outcome: str  # "verdicts", "none" (not a bounce / nothing to report) or "error"
    rows: int
    handled: bool
    mailbox: str = ""
    error: str = ""  # "stage: text" when the analysis failed or read the message only in part
    ruleset: str = ""


@dataclass(frozen=True, slots=True)
class MailboxState:
    """IMAP bookkeeping: the UIDVALIDITY the UIDs belong to and the highest UID handled."""

    uidvalidity: int | None
    last_uid: int


class Store(Protocol):
    """What the scanner, `analyze --db` and the reports need from a history database."""

    name: str

    def verdicts(self, since: datetime | None = None) -> Iterator[StoredVerdict]: ...

    def append(self, rows: Iterable[Verdict], *, mailbox: str, seen_at: str | None = None) -> int: ...

    def find(self, mailbox: str, *, locator: str = "", digest: str = "") -> SeenMessage | None: ...

    def record(
        self,
        mailbox: str,
        *,
        digest: str,
        locator: str,
        rows: Sequence[Verdict],
        outcome: str,
        error: str = "",
        handled: bool,
        state: MailboxState | None = None,
        ruleset: str = "",
        replace: bool = False,
    ) -> SeenMessage | None: ...

    def place(self, message: SeenMessage, mailbox: str, locator: str, *, handled: bool) -> SeenMessage: ...

    def set_handled(self, message: SeenMessage, locator: str | None = None) -> None: ...

    def claim(self, message: SeenMessage) -> bool: ...

    def unhandled(self, mailbox: str) -> list[SeenMessage]: ...

    def with_errors(self, mailbox: str) -> list[SeenMessage]: ...

    def mailbox_state(self, mailbox: str) -> MailboxState: ...

    def set_mailbox_state(self, mailbox: str, state: MailboxState) -> None: ...

    def close(self) -> None: ...


def content_digest(data: bytes) -> str:
    """A message's identity: SHA-256 of its bytes, CRLF and CR line endings read as LF and the
    trailing line ends dropped, so that the copy an IMAP server hands out (CRLF, RFC 9051
    section 2.3.4), the Maildir file (LF) and the mbox entry (with its blank separator line) of
    one message are the same message."""
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return hashlib.sha256(data.rstrip(b"\n")).hexdigest()


class ContentDigest:
    """`content_digest` over a stream read in chunks (a message too large to hold)."""

    def __init__(self) -> None:
        self.hash = hashlib.sha256()
        self.pending = b""  # line ends not hashed yet: they count only when more text follows

    def update(self, chunk: bytes) -> None:
        data = self.pending + chunk
        hold = b""
        if data.endswith(b"\r"):  # may be the first half of a CRLF split between chunks
            data, hold = data[:-1], b"\r"
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        text = data.rstrip(b"\n")
        self.hash.update(text)
        self.pending = data[len(text):] + hold

    def hexdigest(self) -> str:
        return self.hash.hexdigest()


def default_path() -> Path:
    """$XDG_DATA_HOME/bounce-analyzer/history.sqlite3, ~/.local/share/... when unset.

    XDG Base Directory Specification: https://specifications.freedesktop.org/basedir-spec/latest/
    """
    base = os.environ.get("XDG_DATA_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".local" / "share"
    return root / APP_NAME / FILE_NAME


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def iso_utc(moment: datetime) -> str:
    """The stored form of a moment: UTC, seconds, so that text order is time order."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # a naive time is taken as UTC, as stored
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def is_url(name: str | os.PathLike[str] | None) -> bool:
    return name is not None and os.fspath(name).startswith(("postgres://", "postgresql://"))


def open_store(
    path: str | os.PathLike[str] | None = None,
    *,
    readonly: bool = False,
    password: str | None = None,
    durable: bool = True,
) -> Store:
    """Open the history at path: a SQLite file (None: `default_path()`), or a PostgreSQL URL
    `postgresql://user@host[:port]/dbname` (the password from `password`, else libpq's usual
    places: PGPASSWORD, ~/.pgpass).

    Writable: created and migrated as needed, and a damaged SQLite file is refused before
    anything is written. `readonly`: nothing is created or written (read-only media work).
    `durable=False`: a commit survives the process being killed, not a power cut (SQLite WAL
    with synchronous NORMAL); for `analyze --db`, which moves nothing after a commit.
    """
    text = os.fspath(path) if path is not None else ""
    if is_url(text):
        return PostgresStore(text, readonly=readonly, password=password)
    return SQLiteStore(Path(text) if text else default_path(), readonly=readonly, durable=durable)


class SQLStore:
    """The `Store` in SQL, for any DB-API connection; subclasses open it and say what differs."""

    name: str
    db: Any
    readonly: bool
    # sqlite3 and psycopg raise different exception classes; subclasses name theirs.
    Error: type[Exception] = Exception
    IntegrityError: type[Exception] = Exception

    # -- what differs between databases -------------------------------------------------------

    def q(self, sql: str) -> str:
        """The statement in this database's parameter style (written with '?')."""
        return sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.db.execute(self.q(sql), params)

    def begin(self) -> None:
        raise NotImplementedError

    def fail(self, error: Exception, doing: str) -> StoreError:
        return StoreError(f"cannot {doing} history database {self.name}: {describe(error)}")

    # -- reading ----------------------------------------------------------------------------

    def verdicts(self, since: datetime | None = None) -> Iterator[StoredVerdict]:
        """Stored rows in the order they were stored; only those seen at or after `since`."""
        columns = ", ".join(VERDICT_FIELDS)
        query = f"SELECT seen_at, mailbox, {columns} FROM verdicts"
        params: tuple[str, ...] = ()
        if since is not None:
            query += " WHERE seen_at >= ?"
            params = (iso_utc(since),)
        try:
            for seen_at, mailbox, *values in self.stream(query + " ORDER BY seen_at, id", params):
                yield StoredVerdict(Verdict(*values), seen_at, mailbox)
        except self.Error as error:
            raise self.fail(error, "read") from None

    def stream(self, query: str, params: Sequence[Any]) -> Iterable[Any]:
        return self.execute(query, params)

    def find(self, mailbox: str, *, locator: str = "", digest: str = "") -> SeenMessage | None:
        """The message seen at (mailbox, locator), or the message of this content (with where
        it was seen in mailbox, when it was)."""
        try:
            if locator:
                found = self.execute(
                    "SELECT m.id, l.locator, m.outcome, m.rows, l.handled, m.error, m.ruleset"
                    " FROM locations l JOIN messages m ON m.id = l.message"
                    " WHERE l.mailbox = ? AND l.locator = ?",
                    (mailbox, locator),
                ).fetchone()
                return self.seen(found, mailbox)
            found = self.execute(
                "SELECT id, '', outcome, rows, 1, error, ruleset FROM messages WHERE digest = ?", (digest,)
            ).fetchone()
            if found is None:
                return None
            here = self.execute(
                "SELECT locator, handled FROM locations WHERE mailbox = ? AND message = ?"
                " ORDER BY handled, locator LIMIT 1",
                (mailbox, found[0]),
            ).fetchone()
            if here is not None:
                found = (found[0], here[0], found[2], found[3], here[1], *found[5:])
            return self.seen(found, mailbox)
        except self.Error as error:
            raise self.fail(error, "read") from None

    @staticmethod
    def seen(found: Sequence[Any] | None, mailbox: str) -> SeenMessage | None:
        if found is None:
            return None
        return SeenMessage(int(found[0]), found[1], found[2], int(found[3]), bool(found[4]), mailbox,
                           found[5], found[6])

    def unhandled(self, mailbox: str) -> list[SeenMessage]:
        return self.located(mailbox, "l.handled = 0")

    def with_errors(self, mailbox: str) -> list[SeenMessage]:
        """Messages seen in mailbox whose analysis failed or read them only in part."""
        return self.located(mailbox, "m.error <> ''")

    def located(self, mailbox: str, condition: str) -> list[SeenMessage]:
        try:
            cursor = self.execute(
                "SELECT m.id, l.locator, m.outcome, m.rows, l.handled, m.error, m.ruleset"
                f" FROM locations l JOIN messages m ON m.id = l.message WHERE l.mailbox = ? AND {condition}"
                " ORDER BY m.id, l.locator",
                (mailbox,),
            )
            return [seen for seen in (self.seen(r, mailbox) for r in cursor) if seen is not None]
        except self.Error as error:
            raise self.fail(error, "read") from None

    def mailbox_state(self, mailbox: str) -> MailboxState:
        try:
            found = self.execute(
                "SELECT uidvalidity, last_uid FROM mailboxes WHERE mailbox = ?", (mailbox,)
            ).fetchone()
        except self.Error as error:
            raise self.fail(error, "read") from None
        return MailboxState(found[0], int(found[1])) if found else MailboxState(None, 0)

    # -- writing ----------------------------------------------------------------------------

    def append(self, rows: Iterable[Verdict], *, mailbox: str, seen_at: str | None = None) -> int:
        """Append rows not tied to a message (imports, tests); one transaction."""
        stamp = seen_at or now()
        count = 0
        with self.transaction():
            for row in rows:
                self.insert_verdict(row, None, mailbox, stamp)
                count += 1
        return count

    def record(
        self,
        mailbox: str,
        *,
        digest: str,
        locator: str,
        rows: Sequence[Verdict],
        outcome: str,
        error: str = "",
        handled: bool,
        state: MailboxState | None = None,
        ruleset: str = "",
        replace: bool = False,
    ) -> SeenMessage | None:
        """Store one message (rows, identity, where it was seen, mailbox state): one transaction.

        A message already stored (by an earlier run, or by another scan meanwhile) is not stored
        again: without `replace` nothing is written and None is returned; with `replace` (the
        message was analysed again on purpose) its rows are updated in place, unless the new
        analysis failed where the stored one did not.
        """
        stamp = now()
        count = len(rows)
        with self.transaction():
            found = self.execute(
                "INSERT INTO messages (mailbox, digest, locator, seen_at, outcome, error, rows, handled,"
                " ruleset, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
                # No conflict target: version 1's UNIQUE (mailbox, digest) is still there too, and
                # a concurrent insert may meet either index first.
                " ON CONFLICT DO NOTHING RETURNING id",
                (mailbox, digest, locator, stamp, outcome, error, len(rows), ruleset, stamp),
            ).fetchone()
            if found is not None:
                message_id = int(found[0])
                for row in rows:
                    self.insert_verdict(row, message_id, mailbox, stamp)
            else:
                stored = self.execute(
                    "SELECT id, outcome, error, ruleset, rows, seen_at FROM messages WHERE digest = ?", (digest,)
                ).fetchone()
                if not replace:
                    self.rollback_pending = True
                    return None
                message_id = int(stored[0])
                if outcome == "error" and stored[1] != "error":
                    outcome, error, ruleset, count = stored[1], stored[2], stored[3], int(stored[4])
                elif (outcome, error, ruleset) != tuple(stored[1:4]) or self.rows_differ(message_id, rows):
                    self.update_rows(message_id, rows, mailbox, stored[5])
                    self.execute(
                        "UPDATE messages SET outcome = ?, error = ?, rows = ?, ruleset = ?, decided_at = ?"
                        " WHERE id = ?",
                        (outcome, error, len(rows), ruleset, stamp, message_id),
                    )
            self.write_location(mailbox, locator, message_id, handled)
            if state is not None:
                self.write_state(mailbox, state)
        return SeenMessage(message_id, locator, outcome, count, handled, mailbox, error, ruleset)

    def rows_differ(self, message: int, rows: Sequence[Verdict]) -> bool:
        columns = ", ".join(UPDATED_FIELDS)
        stored = [tuple(r) for r in self.execute(
            f"SELECT {columns} FROM verdicts WHERE message = ? ORDER BY id", (message,))]
        return stored != [tuple(getattr(row, name) or "" for name in UPDATED_FIELDS) for row in rows]

    def update_rows(self, message: int, rows: Sequence[Verdict], mailbox: str, seen_at: str) -> None:
        """A message's rows made `rows`, in place: the first ones keep their ids, seen_at and source."""
        ids = [int(r[0]) for r in self.execute("SELECT id FROM verdicts WHERE message = ? ORDER BY id", (message,))]
        assignments = ", ".join(f"{name} = ?" for name in UPDATED_FIELDS)
        for index, row in enumerate(rows):
            values = [getattr(row, name) or "" for name in UPDATED_FIELDS]
            if index < len(ids):
                self.execute(f"UPDATE verdicts SET {assignments} WHERE id = ?", (*values, ids[index]))
            else:
                self.insert_verdict(row, message, mailbox, seen_at)
        for surplus in ids[len(rows):]:
            self.execute("DELETE FROM verdicts WHERE id = ?", (surplus,))

    def place(self, message: SeenMessage, mailbox: str, locator: str, *, handled: bool) -> SeenMessage:
        """Remember that a stored message was seen at (mailbox, locator)."""
        with self.transaction():
            self.write_location(mailbox, locator, message.id, handled)
        return SeenMessage(message.id, locator, message.outcome, message.rows, handled, mailbox,
                           message.error, message.ruleset)

    def set_handled(self, message: SeenMessage, locator: str | None = None) -> None:
        """The follow-up action at the message's location is done (its locator may have changed)."""
        where = message.locator if locator is None else locator
        with self.transaction():
            if message.locator and message.locator != where:
                self.execute("DELETE FROM locations WHERE mailbox = ? AND locator = ?",
                             (message.mailbox, message.locator))
            self.write_location(message.mailbox, where, message.id, True)

    def claim(self, message: SeenMessage) -> bool:
        """Take on the move/flag left to do at the message's location; False when another
        scan that is still running holds it.

        Two scans of one folder must not both move a message: two IMAP sessions moving it at
        once can leave two copies in the target folder. The scan that records a message holds
        its follow-up; another takes it over when the holder has ended (a process of this host
        that no longer runs: killed, crashed) or, for a holder on another host, CLAIM_SECONDS
        after its claim."""
        stamp = now()
        with self.transaction():
            found = self.execute(
                "SELECT handled, claimed_at, claimed_by FROM locations WHERE mailbox = ? AND locator = ?",
                (message.mailbox, message.locator),
            ).fetchone()
            if found is None or int(found[0]) or not claim_expired(found[1], found[2]):
                self.rollback_pending = True
                return False
            self.execute(
                "UPDATE locations SET claimed_at = ?, claimed_by = ? WHERE mailbox = ? AND locator = ?",
                (stamp, ME, message.mailbox, message.locator),
            )
            return True

    def set_mailbox_state(self, mailbox: str, state: MailboxState) -> None:
        with self.transaction():
            self.write_state(mailbox, state)

    def close(self) -> None:
        try:
            self.db.close()
        except self.Error:
            pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- helpers ----------------------------------------------------------------------------

    rollback_pending = False

    def write_location(self, mailbox: str, locator: str, message: int, handled: bool) -> None:
        # Not handled yet: the writer holds the claim on the follow-up (see `claim`).
        self.execute(
            "INSERT INTO locations (mailbox, locator, message, handled, claimed_at, claimed_by)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (mailbox, locator) DO UPDATE SET"
            " message = excluded.message, handled = excluded.handled,"
            " claimed_at = excluded.claimed_at, claimed_by = excluded.claimed_by",
            (mailbox, locator, message, int(handled), "" if handled else now(), "" if handled else ME),
        )

    def write_state(self, mailbox: str, state: MailboxState) -> None:
        self.execute(
            "INSERT INTO mailboxes (mailbox, uidvalidity, last_uid) VALUES (?, ?, ?)"
            " ON CONFLICT (mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity,"
            " last_uid = excluded.last_uid",
            (mailbox, state.uidvalidity, state.last_uid),
        )

    def insert_verdict(self, row: Verdict, message: int | None, mailbox: str, seen_at: str) -> None:
        columns = ", ".join(VERDICT_FIELDS)
        marks = ", ".join("?" for _ in VERDICT_FIELDS)
        self.execute(
            f"INSERT INTO verdicts (message, mailbox, seen_at, {columns}) VALUES (?, ?, ?, {marks})",
            (message, mailbox, seen_at, *(getattr(row, name) or "" for name in VERDICT_FIELDS)),
        )

    def transaction(self) -> _Transaction:
        if self.readonly:
            raise StoreError(f"history database {self.name} was opened read-only")
        return _Transaction(self)


class _Transaction:
    """BEGIN ... COMMIT, ROLLBACK on any exception (KeyboardInterrupt included) or when the
    body asked for it (`rollback_pending`); database errors become one-line StoreErrors."""

    def __init__(self, store: SQLStore) -> None:
        self.store = store

    def __enter__(self) -> None:
        self.store.rollback_pending = False
        try:
            self.store.begin()
        except self.store.Error as error:
            raise self.store.fail(error, "write") from None

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, *rest: object) -> None:
        store = self.store
        try:
            if kind is None and not store.rollback_pending:
                store.db.execute("COMMIT")
                return
            store.db.execute("ROLLBACK")
        except store.Error as error:
            if kind is None:
                raise store.fail(error, "write") from None
            # The rollback failed too (connection gone): the error being raised says more.
        finally:
            store.rollback_pending = False
        if kind is not None and isinstance(value, store.Error):
            raise store.fail(value, "write") from None


def describe(error: Exception) -> str:
    """A database error in one line (psycopg's can span several)."""
    text = " ".join(str(error).split())
    return text or type(error).__name__


# -- SQLite -------------------------------------------------------------------------------------


class SQLiteStore(SQLStore):
    """The `Store` in one SQLite file."""

    Error = sqlite3.Error
    IntegrityError = sqlite3.IntegrityError

    def __init__(self, path: Path, *, readonly: bool = False, durable: bool = True) -> None:
        self.path = path
        self.name = str(path)
        self.readonly = readonly
        try:
            if readonly:
                self.db = self.open_readonly(path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT), so
                # a message's rows and its seen mark are committed together and nothing else is.
                self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.check_sound()
            if readonly:
                self.check_version(self.version)
                return
            # Write-ahead log: reports can read while a `scan --watch` writes
            # (https://www.sqlite.org/wal.html). synchronous stays FULL for a scan: a committed
            # row must survive a power cut, because the message is moved right after the commit.
            self.use_wal()
            if not durable:
                self.db.execute("PRAGMA synchronous = NORMAL")
            self.migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot use history database {path}: {error}") from None
        except OSError as error:
            raise StoreError(f"cannot create history database {path}: {error.strerror}") from None

    @staticmethod
    def open_readonly(path: Path) -> sqlite3.Connection:
        """Open without writing to the history (`PRAGMA query_only`), and without creating it.

        First read-write (`mode=rw`): only such a connection can recover the write-ahead log a
        killed writer left, so that its commits are read; on read-only media `mode=ro`, and
        last `immutable=1`, the only way SQLite opens a WAL database whose -shm file cannot be
        written (https://www.sqlite.org/uri.html, https://www.sqlite.org/wal.html#readonly).
        """
        if not path.is_file():
            raise StoreError(f"no history database at {path} (scan or analyze --db create one)")
        uri = path.resolve().as_uri()
        failure: sqlite3.Error | None = None
        for mode in ("mode=rw", "mode=ro", "immutable=1"):
            try:
                db = sqlite3.connect(f"{uri}?{mode}", uri=True, timeout=30, isolation_level=None)
            except sqlite3.Error as error:
                failure = error
                continue
            try:
                db.execute("PRAGMA query_only = ON")
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return db
            except sqlite3.Error as error:
                failure = error
                db.close()
        assert failure is not None
        raise failure

    def check_sound(self) -> None:
        """Refuse a damaged file before anything is written to it (a corrupted page would
        otherwise be appended to): https://www.sqlite.org/pragma.html#pragma_quick_check."""
        problems = [row[0] for row in self.db.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            self.db.close()
            raise StoreError(
                f"history database {self.path} is damaged ({describe(Exception('; '.join(problems)))[:200]}); nothing was "
                "written to it: restore it from a backup, or move it away to start a new history"
            )

    def begin(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise StoreError(f"history database {self.name} is busy: {error}") from None
            raise

    def use_wal(self) -> None:
        """Switch to WAL, waiting for other connections: the switch does not use busy_timeout.

        Two scans opening a new file at the same moment otherwise fail with "database is
        locked" (https://www.sqlite.org/pragma.html#pragma_journal_mode).
        """
        deadline = time.monotonic() + 30
        while True:
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"history database {self.path} has schema version {version}, newer than this "
                f"bounce-analyzer understands ({SCHEMA_VERSION}); upgrade bounce-analyzer"
            )

    def migrate(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")  # two processes opening a new file: one migrates
        try:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            self.check_version(version)
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {step + 1}")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])


# -- PostgreSQL ---------------------------------------------------------------------------------

# Any constant: the key of the advisory lock that lets one process at a time migrate
# (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS).
MIGRATION_LOCK = 0x16B0A7CE


def postgres_dialect(statement: str) -> str:
    """A migration statement for PostgreSQL: 64-bit integers (UIDVALIDITY is unsigned 32-bit),
    and identity columns where SQLite's INTEGER PRIMARY KEY numbers rows by itself."""
    statement = statement.replace("INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
    return statement.replace("INTEGER", "BIGINT")


class PostgresStore(SQLStore):
    """The `Store` in a PostgreSQL database, shared by every host that scans into it."""

    def __init__(self, url: str, *, readonly: bool = False, password: str | None = None) -> None:
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                "a PostgreSQL history needs psycopg: pip install 'bounce-analyzer[postgres]'"
            ) from None
        self.Error = psycopg.Error
        self.IntegrityError = psycopg.IntegrityError
        parts = urlsplit(url)
        if parts.password is not None:
            raise StoreError("do not put the password in the database URL; use PGPASSWORD or --password-env VAR")
        if not parts.hostname or not parts.path.strip("/"):
            raise StoreError(f"not a PostgreSQL URL: {url} (expected postgresql://user@host[:port]/dbname)")
        # The name shown in messages: the URL as given (it holds no password).
        self.name = url
        self.readonly = readonly
        arguments: dict[str, Any] = {"autocommit": True, "connect_timeout": 30, "application_name": APP_NAME}
        if password is not None:
            arguments["password"] = password
        if readonly:
            arguments["options"] = "-c default_transaction_read_only=on"
        try:
            self.db = psycopg.connect(url, **arguments)
        except psycopg.Error as error:
            raise StoreError(f"cannot connect to history database {url}: {describe(error)}") from None
        except ValueError as error:  # a malformed URL (port, options)
            raise StoreError(f"not a usable PostgreSQL URL: {url}: {error}") from None
        try:
            if readonly:
                self.check_version(self.version)
            else:
                self.migrate()
        except psycopg.Error as error:
            self.db.close()
            raise StoreError(f"cannot use history database {url}: {describe(error)}") from None
        except StoreError:
            self.db.close()
            raise

    def q(self, sql: str) -> str:
        return sql.replace("?", "%s")

    def begin(self) -> None:
        self.db.execute("BEGIN")

    def stream(self, query: str, params: Sequence[Any]) -> Iterable[Any]:
        # Rows as they come (a server-side stream), not the whole history in memory.
        return self.db.cursor().stream(self.q(query), params)

    def check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"history database {self.name} has schema version {version}, newer than this "
                f"bounce-analyzer understands ({SCHEMA_VERSION}); upgrade bounce-analyzer"
            )

    @property
    def version(self) -> int:
        exists = self.db.execute("SELECT to_regclass('schema_version')").fetchone()[0]
        if exists is None:
            return 0
        found = self.db.execute("SELECT version FROM schema_version").fetchone()
        return int(found[0]) if found else 0

    def migrate(self) -> None:
        self.db.execute("BEGIN")
        try:
            self.db.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            version = self.version
            self.check_version(version)
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        self.db.execute(postgres_dialect(statement))
            if version != SCHEMA_VERSION:
                self.db.execute("DELETE FROM schema_version")
                self.db.execute("INSERT INTO schema_version VALUES (%s)", (SCHEMA_VERSION,))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
