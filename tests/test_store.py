"""The verdict history (bounce_analyzer.store): schema, identity by content, atomic records, the
reader reports use. The store tests run against both backends (`history`: a SQLite file and a
database on a real throwaway PostgreSQL server, tests/postgres.py)."""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from bounce_analyzer import store as store_module
from bounce_analyzer.cli import main
from bounce_analyzer.model import COLUMNS, Verdict
from bounce_analyzer.store import (
    SCHEMA_VERSION,
    MailboxState,
    SQLiteStore,
    StoreError,
    content_digest,
    default_path,
    open_store,
)

from .conftest import SAMPLES


def verdict(recipient: str = "a@example.com", **fields: str) -> Verdict:
    row = Verdict(**{name: "" for name in COLUMNS})
    return replace(row, recipient=recipient, reason="userunknown", bounce="hard", advice="Remove it.", **fields)


def count(history: str, table: str) -> int:
    store = open_store(history)
    try:
        return int(store.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[attr-defined]
    finally:
        store.close()


# -- both backends --------------------------------------------------------------------------


def test_new_database_has_the_current_schema_version(history: str) -> None:
    store = open_store(history)
    assert store.version == SCHEMA_VERSION  # type: ignore[attr-defined]
    store.close()
    again = open_store(history)  # reopening migrates nothing
    assert again.version == SCHEMA_VERSION  # type: ignore[attr-defined]
    again.close()


def test_verdicts_round_trip_with_seen_at_and_mailbox(history: str) -> None:
    store = open_store(history)
    store.append([verdict("a@example.com"), verdict("b@example.org")], mailbox="analyze",
                 seen_at="2026-01-02T03:04:05+00:00")
    rows = list(store.verdicts())
    assert [r.verdict.recipient for r in rows] == ["a@example.com", "b@example.org"]
    assert rows[0].verdict == verdict("a@example.com")  # every column, advice included
    assert rows[0].seen_at == "2026-01-02T03:04:05+00:00"
    assert rows[0].mailbox == "analyze"
    assert list(rows[0].as_dict()) == [*COLUMNS, "advice", "seen_at", "mailbox"]
    store.close()


def test_verdicts_since(history: str) -> None:
    store = open_store(history)
    store.append([verdict("old@example.com")], mailbox="m", seen_at="2026-01-01T00:00:00+00:00")
    store.append([verdict("new@example.com")], mailbox="m", seen_at="2026-03-01T12:00:00+00:00")
    since = datetime(2026, 2, 1, tzinfo=UTC)
    assert [r.verdict.recipient for r in store.verdicts(since)] == ["new@example.com"]
    # A time in another zone is compared as the same instant; a naive one is taken as UTC.
    tokyo = timezone(timedelta(hours=9))
    assert len(list(store.verdicts(datetime(2026, 3, 1, 20, 59, tzinfo=tokyo)))) == 1
    assert len(list(store.verdicts(datetime(2026, 3, 1, 21, 1, tzinfo=tokyo)))) == 0
    assert len(list(store.verdicts(datetime(2026, 3, 1, 12, 0)))) == 1
    store.close()


def test_a_message_is_its_content_whatever_the_mailbox(history: str) -> None:
    store = open_store(history)
    first = store.record("imap://b@localhost:143/INBOX", digest="d1", locator="7:1", rows=[verdict()],
                         outcome="verdicts", handled=False, state=MailboxState(7, 1))
    assert first is not None and not first.handled
    assert store.mailbox_state("imap://b@localhost:143/INBOX") == MailboxState(7, 1)
    # The same message under another server name, or in another folder: stored already.
    for mailbox in ("imap://b@127.0.0.1:143/INBOX", "imap://b@localhost:143/Done", "analyze"):
        assert store.record(mailbox, digest="d1", locator="8:1", rows=[verdict()], outcome="verdicts",
                            handled=False) is None
        known = store.find(mailbox, digest="d1")
        assert known is not None and known.id == first.id and known.locator == ""
    assert len(list(store.verdicts())) == 1
    assert store.find("imap://b@localhost:143/INBOX", digest="d1") == first
    assert store.find("imap://b@localhost:143/INBOX", locator="7:1") == first
    assert store.find("imap://b@127.0.0.1:143/INBOX", locator="7:1") is None  # seen there by content only
    assert store.unhandled("imap://b@localhost:143/INBOX") == [first]
    store.set_handled(first, "7:1")
    assert store.unhandled("imap://b@localhost:143/INBOX") == []
    moved = store.place(first, "imap://b@localhost:143/Done", "9:4", handled=True)
    assert store.find("imap://b@localhost:143/Done", locator="9:4") == moved
    store.close()


def test_analysed_again_the_rows_are_updated_in_place(history: str) -> None:
    store = open_store(history)
    store.record("analyze", digest="d1", locator="a.eml", rows=[verdict("a@example.com"), verdict("b@example.com")],
                 outcome="verdicts", handled=True, ruleset="rules-old")
    before = list(store.verdicts())
    newer = [verdict("a@example.com", rule="better-rule"), verdict("b@example.com", rule="better-rule")]
    seen = store.record("analyze", digest="d1", locator="copy.mbox:3", rows=newer, outcome="verdicts",
                        handled=True, ruleset="rules-new", replace=True)
    assert seen is not None and seen.ruleset == "rules-new"
    after = list(store.verdicts())
    assert [r.verdict.rule for r in after] == ["better-rule", "better-rule"]
    assert [r.seen_at for r in after] == [r.seen_at for r in before]  # first seen, kept
    ids = [r[0] for r in store.execute("SELECT id FROM verdicts ORDER BY id")]  # type: ignore[attr-defined]
    assert len(ids) == 2
    found = store.find("analyze", digest="d1")
    assert found is not None and found.ruleset == "rules-new"
    # Fewer rows now: the surplus goes; more: added; same ids for the first.
    store.record("analyze", digest="d1", locator="a.eml", rows=newer[:1], outcome="verdicts", handled=True,
                 ruleset="rules-new", replace=True)
    assert [r[0] for r in store.execute("SELECT id FROM verdicts ORDER BY id")] == ids[:1]  # type: ignore[attr-defined]
    assert count(history, "messages") == 1
    store.close()


def test_an_error_never_replaces_a_success_but_a_success_replaces_an_error(history: str) -> None:
    store = open_store(history)
    store.record("m", digest="ok", locator="1", rows=[verdict()], outcome="verdicts", handled=True)
    kept = store.record("m", digest="ok", locator="1", rows=[], outcome="error", error="limit: too big",
                        handled=True, replace=True)
    assert kept is not None and kept.outcome == "verdicts" and kept.error == "" and kept.rows == 1
    assert len(list(store.verdicts())) == 1

    failed = store.record("m", digest="bad", locator="2", rows=[], outcome="error", error="limit: too many",
                          handled=True)
    assert failed is not None and [m.id for m in store.with_errors("m")] == [failed.id]
    fixed = store.record("m", digest="bad", locator="2", rows=[verdict("c@example.com")], outcome="verdicts",
                         handled=True, replace=True)
    assert fixed is not None and fixed.outcome == "verdicts" and fixed.error == ""
    assert store.with_errors("m") == []
    assert sorted(r.verdict.recipient for r in store.verdicts()) == ["a@example.com", "c@example.com"]
    store.close()


def test_rows_and_seen_mark_are_committed_together(history: str) -> None:
    store = open_store(history)
    broken = replace(verdict("b@example.com"), diagnostic=object())  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="cannot write history database"):
        store.record("mb", digest="d1", locator="x", rows=[verdict(), broken], outcome="verdicts",
                     handled=True)
    assert store.find("mb", digest="d1") is None
    assert list(store.verdicts()) == []
    store.record("mb", digest="d1", locator="x", rows=[verdict()], outcome="verdicts", handled=True)
    assert len(list(store.verdicts())) == 1  # the store is usable after the rollback
    store.close()


def test_two_writers_of_one_message_store_it_once(history: str) -> None:
    """Two scans (two hosts) committing the same message at the same moment."""
    open_store(history).close()
    results: list[object] = []
    barrier = threading.Barrier(4)

    def write(host: int) -> None:
        store = open_store(history)  # a connection of its own, as another process would have
        barrier.wait()
        try:
            for n in range(30):
                results.append(store.record(f"host-{host}", digest=f"d{n}", locator=str(n),
                                            rows=[verdict(f"r{n}@example.com")], outcome="verdicts",
                                            handled=True))
        finally:
            store.close()

    threads = [threading.Thread(target=write, args=(host,)) for host in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 * 30
    assert sum(result is not None for result in results) == 30  # each stored by one writer
    assert count(history, "messages") == 30 and count(history, "verdicts") == 30


def test_a_newer_schema_is_refused(history: str) -> None:
    store = open_store(history)
    if isinstance(store, SQLiteStore):
        store.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    else:
        store.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 5,))  # type: ignore[attr-defined]
    store.close()
    with pytest.raises(StoreError, match="newer than this bounce-analyzer understands"):
        open_store(history)
    with pytest.raises(StoreError, match="newer than this bounce-analyzer understands"):
        open_store(history, readonly=True)


def test_read_only_opening_writes_nothing(history: str) -> None:
    open_store(history).close()
    store = open_store(history, readonly=True)
    with pytest.raises(StoreError, match="read-only"):
        store.append([verdict()], mailbox="m")
    assert list(store.verdicts()) == []
    store.close()


def test_content_digest_ignores_line_endings_and_trailing_newlines() -> None:
    lf = b"From: a@example.com\nSubject: x\n\nbody\n"
    assert content_digest(lf) == content_digest(lf.replace(b"\n", b"\r\n"))
    assert content_digest(lf) == content_digest(lf.replace(b"\n", b"\r"))
    assert content_digest(lf) == content_digest(lf + b"\n")  # an mbox entry's separator line
    assert content_digest(lf) != content_digest(lf.replace(b"body", b"bodY"))


# -- SQLite files ---------------------------------------------------------------------------


def test_default_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "bounce-analyzer" / "history.sqlite3"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")  # the spec says: absolute only
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_path() == tmp_path / "home" / ".local" / "share" / "bounce-analyzer" / "history.sqlite3"


def test_open_store_without_path_creates_the_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    open_store().close()
    assert (tmp_path / "bounce-analyzer" / "history.sqlite3").is_file()


def test_migrations_run_in_order_on_an_old_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    SQLiteStore(tmp_path / "h.sqlite3").close()
    extra = "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('migrated')"
    monkeypatch.setattr(store_module, "MIGRATIONS", (*store_module.MIGRATIONS, extra))
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    store = SQLiteStore(tmp_path / "h.sqlite3")
    assert store.version == SCHEMA_VERSION + 1
    assert store.db.execute("SELECT text FROM notes").fetchall() == [("migrated",)]
    store.close()


def test_a_version_1_history_is_migrated_and_its_copies_merged(tmp_path: Path) -> None:
    """Version 1 stored one message per (mailbox, digest): the same message scanned as
    'localhost' and as '127.0.0.1' was stored twice. Version 2 keeps the first."""
    path = tmp_path / "h.sqlite3"
    with sqlite3.connect(path) as con:
        con.executescript(store_module.MIGRATIONS[0])
        con.execute("PRAGMA user_version = 1")
        for id_, mailbox in ((1, "imap://b@localhost:143/INBOX"), (2, "imap://b@127.0.0.1:143/INBOX")):
            con.execute("INSERT INTO messages (id, mailbox, digest, locator, seen_at, outcome, rows, handled)"
                        " VALUES (?, ?, 'd1', '7:1', '2026-11-01T00:00:00+00:00', 'verdicts', 1, 1)",
                        (id_, mailbox))
            con.execute("INSERT INTO verdicts (message, mailbox, seen_at, recipient) VALUES (?, ?, ?, ?)",
                        (id_, mailbox, "2026-11-01T00:00:00+00:00", "a@example.com"))
        con.execute("INSERT INTO verdicts (message, mailbox, seen_at, recipient) VALUES (NULL, 'analyze', "
                    "'2026-11-02T00:00:00+00:00', 'b@example.com')")
    store = SQLiteStore(path)
    assert store.version == SCHEMA_VERSION
    assert sorted(r.verdict.recipient for r in store.verdicts()) == ["a@example.com", "b@example.com"]
    for mailbox in ("imap://b@localhost:143/INBOX", "imap://b@127.0.0.1:143/INBOX"):
        found = store.find(mailbox, locator="7:1")
        assert found is not None and found.id == 1 and found.handled
    assert store.record("x", digest="d1", locator="1", rows=[], outcome="none", handled=True) is None
    store.close()


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="cannot use history database"):
        open_store(path)


def test_a_damaged_database_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store = open_store(path)
    store.append([verdict(f"r{n}@example.com", diagnostic="x" * 300) for n in range(400)], mailbox="m")
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[5 * page + 8: 5 * page + 400] = b"\xff" * 392  # garbage inside a b-tree page
    path.write_bytes(bytes(data))
    for readonly in (False, True):
        with pytest.raises(StoreError, match="is damaged"):
            open_store(path, readonly=readonly)
    assert path.read_bytes() == bytes(data)
    result = CliRunner().invoke(main, ["analyze", str(SAMPLES / "rfc3464-delayed.eml"), "--db", str(path)])
    assert result.exit_code == 1 and "is damaged" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == bytes(data)


def test_reports_read_a_history_on_read_only_media(tmp_path: Path) -> None:
    from .conftest import small_file_system

    # Room for the database and SQLite's write-ahead log over every sample, which grows with samples/.
    with small_file_system("32m") as media:
        db = media / "h.sqlite3"
        analysed = CliRunner().invoke(main, ["analyze", str(SAMPLES), "--db", str(db), "-o", "/dev/null", "-q"])
        assert analysed.exit_code == 0, analysed.output
        import subprocess

        subprocess.run(["mount", "-o", "remount,ro", str(media)], check=True)
        listing = sorted(p.name for p in media.iterdir())
        summary = CliRunner().invoke(main, ["summary", "--db", str(db), "--format", "json"])
        assert summary.exit_code == 0, summary.output
        suppressed = CliRunner().invoke(main, ["suppress", "--db", str(db)])
        assert suppressed.exit_code == 0, suppressed.output
        assert sorted(p.name for p in media.iterdir()) == listing
        written = CliRunner().invoke(main, ["analyze", str(SAMPLES), "--db", str(db), "-o", "/dev/null"])
        assert written.exit_code == 1 and len(written.stderr.strip().splitlines()) == 1
        assert "history database" in written.stderr


def test_reports_read_the_default_history_without_a_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    missing = CliRunner().invoke(main, ["summary"])
    assert missing.exit_code == 1 and "no history database at" in missing.stderr
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "new" / "1.a.test").write_bytes((SAMPLES / "rfc3464-single-userunknown.eml").read_bytes())
    assert CliRunner().invoke(main, ["scan", str(maildir), "-q", "-o", "/dev/null"]).exit_code == 0
    suppressed = CliRunner().invoke(main, ["suppress", "--format", "jsonl"])
    assert suppressed.exit_code == 0 and "alice.nobody@example.com" in suppressed.stdout
    summary = CliRunner().invoke(main, ["summary", "--format", "json"])
    assert summary.exit_code == 0 and '"userunknown"' in summary.stdout


def test_postgresql_url_errors_are_one_line() -> None:
    with pytest.raises(StoreError, match="do not put the password in the database URL"):
        open_store("postgresql://u:secret@127.0.0.1:1/bounces")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        with pytest.raises(StoreError, match=r"pip install 'bounce-analyzer\[postgres\]'"):
            open_store("postgresql://u@127.0.0.1:1/bounces")
        return
    with pytest.raises(StoreError, match="cannot connect to history database postgresql://u@127.0.0.1:1/bounces"):
        open_store("postgresql://u@127.0.0.1:1/bounces")


def test_the_digest_of_a_stream_is_the_digest_of_its_bytes() -> None:
    from bounce_analyzer.store import ContentDigest

    texts = [b"a\r\nb\r\n\r\n", b"a\rb\r", b"x\n\n\ny\n\n", b"\r\n\r\n", b"abc", SAMPLES.joinpath(
        "rfc3464-crlf-mailboxfull.eml").read_bytes()]
    for text in texts:
        for size in (1, 2, 3, 7, 1000):
            digest = ContentDigest()
            for start in range(0, len(text), size):
                digest.update(text[start:start + size])
            assert digest.hexdigest() == content_digest(text), (text[:20], size)


def test_a_follow_up_is_claimed_by_one_running_scan(history: str) -> None:
    """The scan that records a message moves it; another takes over only when that scan has
    ended (a process of this host that is gone) or, on another host, after CLAIM_SECONDS."""
    import socket

    from bounce_analyzer.store import CLAIM_SECONDS, iso_utc

    store = open_store(history)
    seen = store.record("mb", digest="d1", locator="1:5", rows=[verdict()], outcome="verdicts", handled=False)
    assert seen is not None
    assert store.claim(seen)  # this process holds it

    def held_by(who: str, age: float) -> None:
        when = iso_utc(datetime.now(UTC) - timedelta(seconds=age))
        store.execute("UPDATE locations SET claimed_by = ?, claimed_at = ?", (who, when))  # type: ignore[attr-defined]

    host = socket.gethostname()
    held_by(f"{host} {os.getppid()}", 1)  # a running scan of this host
    assert not store.claim(seen)
    held_by(f"{host} 999999999", 1)  # a scan of this host that was killed
    assert store.claim(seen)
    held_by("other-host 12", 1)
    assert not store.claim(seen)
    held_by("other-host 12", CLAIM_SECONDS + 5)
    assert store.claim(seen)
    store.set_handled(seen)
    assert not store.claim(seen)  # done: nothing to claim
    store.close()
