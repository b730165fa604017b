"""The verdict history (bounce_analyzer.store): schema, atomic records, the reader reports use."""

from __future__ import annotations

import sqlite3
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
    default_path,
    open_store,
)

from .conftest import SAMPLES


def verdict(recipient: str = "a@example.com", **fields: str) -> Verdict:
    row = Verdict(**{name: "" for name in COLUMNS})
    return replace(row, recipient=recipient, reason="userunknown", bounce="hard", advice="Remove it.", **fields)


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


def test_new_database_has_the_current_schema_version(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "h.sqlite3")
    assert store.version == SCHEMA_VERSION
    store.close()
    again = SQLiteStore(tmp_path / "h.sqlite3")  # reopening migrates nothing
    assert again.version == SCHEMA_VERSION
    again.close()


def test_migrations_run_in_order_on_an_old_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    SQLiteStore(tmp_path / "h.sqlite3").close()
    extra = "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('migrated')"
    monkeypatch.setattr(store_module, "MIGRATIONS", (*store_module.MIGRATIONS, extra))
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    store = SQLiteStore(tmp_path / "h.sqlite3")
    assert store.version == SCHEMA_VERSION + 1
    assert store.db.execute("SELECT text FROM notes").fetchall() == [("migrated",)]
    store.close()


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with sqlite3.connect(path) as con:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    with pytest.raises(StoreError, match="newer than this bounce-analyzer understands"):
        open_store(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="cannot use history database"):
        open_store(path)


def test_postgresql_is_reserved_for_later() -> None:
    with pytest.raises(StoreError, match="not supported yet"):
        open_store("postgresql://db.example.com/bounces")


def test_verdicts_round_trip_with_seen_at_and_mailbox(tmp_path: Path) -> None:
    store = open_store(tmp_path / "h.sqlite3")
    store.append([verdict("a@example.com"), verdict("b@example.org")], mailbox="analyze",
                 seen_at="2026-01-02T03:04:05+00:00")
    rows = list(store.verdicts())
    assert [r.verdict.recipient for r in rows] == ["a@example.com", "b@example.org"]
    assert rows[0].verdict == verdict("a@example.com")  # every column, advice included
    assert rows[0].seen_at == "2026-01-02T03:04:05+00:00"
    assert rows[0].mailbox == "analyze"
    assert list(rows[0].as_dict()) == [*COLUMNS, "advice", "seen_at", "mailbox"]
    store.close()


def test_verdicts_since(tmp_path: Path) -> None:
    store = open_store(tmp_path / "h.sqlite3")
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


def test_a_message_is_recorded_once(tmp_path: Path) -> None:
    store = open_store(tmp_path / "h.sqlite3")
    first = store.record("mb", digest="d1", locator="7:1", rows=[verdict()], outcome="verdicts",
                         handled=False, state=MailboxState(7, 1))
    assert first is not None and not first.handled
    assert store.mailbox_state("mb") == MailboxState(7, 1)
    again = store.record("mb", digest="d1", locator="8:1", rows=[verdict()], outcome="verdicts",
                         handled=False)
    assert again is None
    assert len(list(store.verdicts())) == 1
    assert store.find("mb", digest="d1") == first
    assert store.find("mb", locator="7:1") == first
    assert store.find("other", digest="d1") is None  # per mailbox
    assert store.unhandled("mb") == [first]
    store.set_handled(first, "8:1")
    assert store.unhandled("mb") == []
    assert store.find("mb", locator="8:1") is not None
    store.close()


def test_rows_and_seen_mark_are_committed_together(tmp_path: Path) -> None:
    store = open_store(tmp_path / "h.sqlite3")
    broken = replace(verdict("b@example.com"), diagnostic=["not", "text"])  # type: ignore[arg-type]
    with pytest.raises(sqlite3.Error):
        store.record("mb", digest="d1", locator="x", rows=[verdict(), broken], outcome="verdicts",
                     handled=True)
    assert store.find("mb", digest="d1") is None
    assert list(store.verdicts()) == []
    store.close()


def test_analyze_db_appends_rows(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    sample = str(SAMPLES / "rfc3464-multiple-recipients.eml")
    for _ in range(2):  # `analyze` appends: it keeps no per-message memory
        result = CliRunner().invoke(main, ["analyze", sample, "--db", str(db), "--format", "jsonl"])
        assert result.exit_code == 0, result.output
    printed = len(result.stdout.splitlines())
    store = open_store(db)
    rows = list(store.verdicts())
    store.close()
    assert printed > 0 and len(rows) == 2 * printed
    assert {r.mailbox for r in rows} == {"analyze"}
    assert rows[0].verdict.source == sample


def test_analyze_db_error_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "h.sqlite3"
    bad.write_bytes(b"garbage" * 200)
    result = CliRunner().invoke(main, ["analyze", str(SAMPLES / "rfc3464-delayed.eml"), "--db", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith("bounce-analyzer: cannot use history database")
