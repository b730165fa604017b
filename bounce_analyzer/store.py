"""The verdict history: every row a scan (or `analyze --db`) produced, kept in a database.

Why a history: deciding to stop sending to an address depends on what happened before (a soft
bounce today after three last week), so rows are kept with when they were seen and which mailbox
they came from.

SQLite by default (standard library, zero setup), one file at `default_path()`. Everything the
rest of the package needs goes through the small `Store` protocol below, so a server database
(PostgreSQL, for teams sharing one history) can be added later as a second implementation chosen
by `open_store` from a URL, without touching the scanner or the reports.

The store also remembers, per mailbox, which messages it has handled, so that a scan is
incremental and a message's rows are stored exactly once:

- a message is identified by (mailbox, SHA-256 of its raw bytes); its *locator* (Maildir unique
  file name, or IMAP "UIDVALIDITY:UID") is where it was last seen, used to avoid re-reading it;
- its rows and its "seen" mark are written in one transaction, so a crash leaves either both or
  neither (SQLite commits are atomic: https://www.sqlite.org/atomiccommit.html);
- `handled` says whether the follow-up action (move, flag) is done; a crash between the commit and
  the action leaves it false, and the next scan finishes the action without analysing again.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, Self

from .model import COLUMNS, Verdict

APP_NAME = "bounce-analyzer"
FILE_NAME = "history.sqlite3"

# Verdict fields stored per row: the output columns plus `advice` (JSON outputs carry it).
VERDICT_FIELDS: tuple[str, ...] = (*COLUMNS, "advice")

# Schema migrations, in order: MIGRATIONS[n] takes a database from version n to n + 1.
# The version lives in SQLite's `PRAGMA user_version` (https://www.sqlite.org/pragma.html#pragma_user_version).
# Never edit a released step: add a new one.
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
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The history database cannot be opened or used (wrong file, newer schema, locked)."""


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
    """What the store knows about one message of a mailbox."""

    id: int
    locator: str
    outcome: str  # "verdicts", "none" (not a bounce / nothing to report) or "error"
    rows: int
    handled: bool


@dataclass(frozen=True, slots=True)
class MailboxState:
    """IMAP bookkeeping: the UIDVALIDITY the UIDs belong to and the highest UID handled."""

    uidvalidity: int | None
    last_uid: int


class Store(Protocol):
    """What the scanner and the reports need from a history database."""

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
    ) -> SeenMessage | None: ...

    def relocate(self, message: SeenMessage, locator: str) -> None: ...

    def set_handled(self, message: SeenMessage, locator: str | None = None) -> None: ...

    def unhandled(self, mailbox: str) -> list[SeenMessage]: ...

    def mailbox_state(self, mailbox: str) -> MailboxState: ...

    def set_mailbox_state(self, mailbox: str, state: MailboxState) -> None: ...

    def close(self) -> None: ...


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


def open_store(path: str | os.PathLike[str] | None = None) -> Store:
    """Open (creating and migrating as needed) the history at path; None: `default_path()`.

    A `postgresql://` URL is reserved for the server implementation, not written yet.
    """
    text = os.fspath(path) if path is not None else ""
    if text.startswith(("postgres://", "postgresql://")):
        raise StoreError("PostgreSQL history databases are not supported yet; use a SQLite file path")
    return SQLiteStore(Path(text) if text else default_path())


class SQLiteStore:
    """The `Store` in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT), so
            # a message's rows and its seen mark are committed together and nothing else is.
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA foreign_keys = ON")
            # Write-ahead log: reports can read while a `scan --watch` writes
            # (https://www.sqlite.org/wal.html). synchronous stays FULL: a committed row must
            # survive a power cut, because the message is moved right after the commit.
            self.use_wal()
            self.migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot use history database {path}: {error}") from None
        except OSError as error:
            raise StoreError(f"cannot create history database {path}: {error.strerror}") from None

    # -- schema -----------------------------------------------------------------------------

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

    def migrate(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")  # two processes opening a new file: one migrates
        try:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"history database {self.path} has schema version {version}, newer than this "
                    f"bounce-analyzer understands ({SCHEMA_VERSION}); upgrade bounce-analyzer"
                )
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

    # -- reading ----------------------------------------------------------------------------

    def verdicts(self, since: datetime | None = None) -> Iterator[StoredVerdict]:
        """Stored rows in the order they were stored; only those seen at or after `since`."""
        columns = ", ".join(VERDICT_FIELDS)
        query = f"SELECT seen_at, mailbox, {columns} FROM verdicts"
        params: tuple[str, ...] = ()
        if since is not None:
            query += " WHERE seen_at >= ?"
            params = (iso_utc(since),)
        cursor = self.db.execute(query + " ORDER BY seen_at, id", params)
        for seen_at, mailbox, *values in cursor:
            yield StoredVerdict(Verdict(*values), seen_at, mailbox)

    # -- writing ----------------------------------------------------------------------------

    def append(self, rows: Iterable[Verdict], *, mailbox: str, seen_at: str | None = None) -> int:
        """Append rows not tied to a scanned message (`analyze --db`); one transaction."""
        stamp = seen_at or now()
        count = 0
        with self.transaction():
            for row in rows:
                self.insert_verdict(row, None, mailbox, stamp)
                count += 1
        return count

    def find(self, mailbox: str, *, locator: str = "", digest: str = "") -> SeenMessage | None:
        column, value = ("locator", locator) if locator else ("digest", digest)
        found = self.db.execute(
            f"SELECT id, locator, outcome, rows, handled FROM messages WHERE mailbox = ? AND {column} = ?",
            (mailbox, value),
        ).fetchone()
        return SeenMessage(found[0], found[1], found[2], found[3], bool(found[4])) if found else None

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
    ) -> SeenMessage | None:
        """Store one message's rows and its seen mark atomically (with the mailbox state).

        Returns None, storing nothing, when the message was recorded meanwhile (another scan
        of the same mailbox): its rows are then already there once.
        """
        stamp = now()
        with self.transaction():
            try:
                cursor = self.db.execute(
                    "INSERT INTO messages (mailbox, digest, locator, seen_at, outcome, error, rows, handled)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (mailbox, digest, locator, stamp, outcome, error, len(rows), int(handled)),
                )
            except sqlite3.IntegrityError:
                return None
            message_id = int(cursor.lastrowid or 0)
            for row in rows:
                self.insert_verdict(row, message_id, mailbox, stamp)
            if state is not None:
                self.write_state(mailbox, state)
        return SeenMessage(message_id, locator, outcome, len(rows), handled)

    def relocate(self, message: SeenMessage, locator: str) -> None:
        with self.transaction():
            self.db.execute("UPDATE messages SET locator = ? WHERE id = ?", (locator, message.id))

    def set_handled(self, message: SeenMessage, locator: str | None = None) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE messages SET handled = 1, locator = ? WHERE id = ?",
                (message.locator if locator is None else locator, message.id),
            )

    def unhandled(self, mailbox: str) -> list[SeenMessage]:
        cursor = self.db.execute(
            "SELECT id, locator, outcome, rows, handled FROM messages"
            " WHERE mailbox = ? AND handled = 0 ORDER BY id",
            (mailbox,),
        )
        return [SeenMessage(r[0], r[1], r[2], r[3], bool(r[4])) for r in cursor]

    def mailbox_state(self, mailbox: str) -> MailboxState:
        found = self.db.execute(
            "SELECT uidvalidity, last_uid FROM mailboxes WHERE mailbox = ?", (mailbox,)
        ).fetchone()
        return MailboxState(found[0], found[1]) if found else MailboxState(None, 0)

    def set_mailbox_state(self, mailbox: str, state: MailboxState) -> None:
        with self.transaction():
            self.write_state(mailbox, state)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- helpers ----------------------------------------------------------------------------

    def write_state(self, mailbox: str, state: MailboxState) -> None:
        self.db.execute(
            "INSERT INTO mailboxes (mailbox, uidvalidity, last_uid) VALUES (?, ?, ?)"
            " ON CONFLICT (mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity,"
            " last_uid = excluded.last_uid",
            (mailbox, state.uidvalidity, state.last_uid),
        )

    def insert_verdict(self, row: Verdict, message: int | None, mailbox: str, seen_at: str) -> None:
        columns = ", ".join(VERDICT_FIELDS)
        marks = ", ".join("?" for _ in VERDICT_FIELDS)
        self.db.execute(
            f"INSERT INTO verdicts (message, mailbox, seen_at, {columns}) VALUES (?, ?, ?, {marks})",
            (message, mailbox, seen_at, *(getattr(row, name) or "" for name in VERDICT_FIELDS)),
        )

    def transaction(self) -> _Transaction:
        return _Transaction(self.db)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any exception (KeyboardInterrupt included)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(f"history database is busy: {error}") from None

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
