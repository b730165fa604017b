"""A history you can trust (issue 16): each message once, failures retried, nothing half-written.

Against both backends where it matters (`history`: a SQLite file, and a database on a real
throwaway PostgreSQL server, tests/postgres.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bounce_analyzer.cli import main
from bounce_analyzer.store import open_store

from .conftest import ROOT, SAMPLES, small_file_system

sys.path.insert(0, str(ROOT / "benchmarks"))
from kill_loop import run_loop, variants, write_maildir, write_mbox

MULTI = SAMPLES / "rfc3464-multiple-recipients.eml"


def env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT))


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def rows(history: str) -> list[tuple[str, ...]]:
    """Every stored row with when it was stored: what the reports read."""
    store = open_store(history, readonly=True)
    try:
        return [(r.seen_at, r.mailbox, *r.verdict.as_dict(with_advice=True).values()) for r in store.verdicts()]
    finally:
        store.close()


def query(history: str, sql: str) -> list[tuple[object, ...]]:
    store = open_store(history, readonly=True)
    try:
        return [tuple(r) for r in store.execute(sql)]  # type: ignore[attr-defined]
    finally:
        store.close()


def messages(history: str) -> int:
    return int(query(history, "SELECT count(*) FROM messages")[0][0])  # type: ignore[arg-type]


# -- each message once ----------------------------------------------------------------------


def test_analyze_db_twice_gives_the_same_rows(history: str, tmp_path: Path) -> None:
    first = cli("analyze", str(SAMPLES), "--db", history, "-o", os.devnull, "-q")
    assert first.exit_code == 0, first.output
    stored = rows(history)
    count = messages(history)
    assert stored and count > 40
    # Again, and the same messages under other names: a copy, an mbox of copies, CRLF endings.
    copies = tmp_path / "copies"
    copies.mkdir()
    shutil.copy(MULTI, copies / "renamed.eml")
    (copies / "crlf.eml").write_bytes(MULTI.read_bytes().replace(b"\n", b"\r\n"))
    write_mbox(copies / "export.mbox", [MULTI.read_bytes(), (SAMPLES / "rfc3464-delayed.eml").read_bytes()])
    for paths in ([str(SAMPLES)], [str(copies)], [str(SAMPLES), str(copies)]):
        again = cli("analyze", *paths, "--db", history, "-o", os.devnull, "-q", "--jobs", "2")
        assert again.exit_code == 0, again.output
        assert rows(history) == stored
        assert messages(history) == count


def test_changed_rules_update_rows_in_place_and_say_which_rule_set_decided(history: str, tmp_path: Path) -> None:
    sample = str(SAMPLES / "rfc3464-single-userunknown.eml")
    assert cli("analyze", sample, "--db", history, "-o", os.devnull, "-q").exit_code == 0
    (before,) = query(history, "SELECT v.id, v.seen_at, v.reason, m.ruleset FROM verdicts v JOIN messages m ON m.id = v.message")
    rules = tmp_path / "site.toml"
    rules.write_text('[[rule]]\nid = "site-user-unknown-is-filtered"\nreason = "filtered"\n'
                     'pattern = "User unknown"\nsource = "our own policy"\n', encoding="utf-8")
    assert cli("analyze", sample, "--db", history, "--rules", str(rules), "-o", os.devnull, "-q").exit_code == 0
    (after,) = query(history, "SELECT v.id, v.seen_at, v.reason, m.ruleset FROM verdicts v JOIN messages m ON m.id = v.message")
    assert before[2] == "userunknown" and after[2] == "filtered"
    assert after[:2] == before[:2]  # the same row, first seen when it was
    assert str(after[3]).startswith("rules-") and after[3] != before[3]


def test_a_message_read_in_part_is_completed_when_analysed_again(history: str) -> None:
    cut = cli("analyze", str(MULTI), "--db", history, "--max-recipients", "1", "-o", os.devnull, "-q")
    assert cut.exit_code == 0 and "--max-recipients" in cut.stderr
    assert len(rows(history)) == 1
    assert query(history, "SELECT error <> '' FROM messages") == [(True,)]
    whole = cli("analyze", str(MULTI), "--db", history, "-o", os.devnull, "-q")
    assert whole.exit_code == 0
    assert len(rows(history)) > 1 and messages(history) == 1
    assert query(history, "SELECT error FROM messages") == [("",)]


def test_killed_at_random_moments_then_run_again_no_duplicate_no_loss(tmp_path: Path) -> None:
    """20 SIGKILLs of `analyze --db` anywhere in a run (benchmarks/kill_loop.py, whose larger
    runs are in the README), each followed by a check; then one run to the end."""
    result = run_loop(kills=20, messages=150, work=tmp_path)
    assert result.partial == 0 and result.duplicates == 0
    assert result.killed_mid_run >= 10  # most: the time of a run is measured first
    assert result.final_ok, result.line("analyze", "SQLite")


def test_killed_scans_on_postgresql_lose_nothing_and_store_nothing_twice(postgres_url: str, tmp_path: Path) -> None:
    result = run_loop(kills=6, messages=80, mode="scan", db=postgres_url, work=tmp_path)
    assert result.partial == 0 and result.duplicates == 0
    assert result.final_ok, result.line("scan", "PostgreSQL")


def scan_processes(*commands: list[str]) -> list[str]:
    processes = [subprocess.Popen(command, env=env(), stderr=subprocess.PIPE, text=True) for command in commands]
    errors = []
    for process in processes:
        _, err = process.communicate(timeout=180)
        assert process.returncode == 0, err
        errors.append(err)
    return errors


def moved(stderr: str) -> int:
    found = re.search(r"(\d+) moved", stderr)
    return int(found.group(1)) if found else 0


def test_two_hosts_scanning_at_once_store_each_message_once(history: str, tmp_path: Path) -> None:
    """Two mail hosts, each with its own copy of the same bounces, scanned at the same time
    into one history: one message each, and every copy moved by its own scan."""
    data = variants(60)
    hosts = [tmp_path / "host-a" / "Maildir", tmp_path / "host-b" / "Maildir"]
    for maildir in hosts:
        write_maildir(maildir, data)
    errors = scan_processes(*(
        [sys.executable, "-m", "bounce_analyzer", "scan", str(maildir), "--db", history, "--move-to", "Done",
         "-o", os.devnull] for maildir in hosts
    ))
    assert messages(history) == 60
    assert not query(history, "SELECT digest FROM messages GROUP BY digest HAVING count(*) > 1")
    per_message = Counter(row[0] for row in query(history, "SELECT message FROM verdicts"))
    assert all(count == rows_ for (count, rows_) in
               ((per_message[m], r) for m, r in query(history, "SELECT id, rows FROM messages")))
    # Counters are true: each scan moved the failures of its own mailbox, no more.
    failing = len(list((hosts[0] / ".Done" / "new").iterdir()))
    assert [moved(err) for err in errors] == [failing, failing]


def test_two_scans_of_one_mailbox_count_each_move_once(history: str, tmp_path: Path) -> None:
    maildir = tmp_path / "Maildir"
    write_maildir(maildir, variants(120))
    command = [sys.executable, "-m", "bounce_analyzer", "scan", str(maildir), "--db", history,
               "--move-to", "Done", "-o", os.devnull]
    errors = scan_processes(command, command)
    done = len(list((maildir / ".Done" / "new").iterdir()))
    assert sum(moved(err) for err in errors) == done  # not more moves than messages moved
    assert messages(history) == 120


# -- failures retried -----------------------------------------------------------------------


def test_retry_errors_recovers_a_message_that_failed_a_limit(history: str, tmp_path: Path) -> None:
    maildir = tmp_path / "Maildir"
    write_maildir(maildir, [MULTI.read_bytes()])
    scan = ["scan", str(maildir), "--db", history, "--move-to", "Done", "--error-folder", "Errors",
            "--format", "jsonl"]
    first = cli(*scan, "--max-message-size", "1K")
    assert first.exit_code == 0 and "not analysed (limit)" in first.stderr
    errors = maildir / ".Errors" / "new"
    assert len(list(errors.iterdir())) == 1 and rows(history) == []
    # The operator raises the limit and moves the message back to the inbox.
    for path in errors.iterdir():
        path.rename(maildir / "new" / path.name)
    without = cli(*scan)
    assert without.exit_code == 0 and without.stdout == ""  # recorded as an error: not retried unasked
    retried = CliRunner().invoke(main, [*scan, "--retry-errors"])
    assert retried.exit_code == 0, retried.output
    assert "1 retried" in retried.stderr and "1 moved" in retried.stderr
    assert len(retried.stdout.splitlines()) == len(rows(history)) > 1
    assert len(list((maildir / ".Done" / "new").iterdir())) == 1 and not list((maildir / "new").iterdir())
    assert messages(history) == 1 and query(history, "SELECT outcome, error FROM messages") == [("verdicts", "")]
    again = CliRunner().invoke(main, [*scan, "--retry-errors"])
    assert "0 new messages" in again.stderr


def test_retry_errors_without_an_error_folder(tmp_path: Path) -> None:
    maildir = tmp_path / "Maildir"
    write_maildir(maildir, [MULTI.read_bytes()])
    db = str(tmp_path / "h.sqlite3")
    assert "1 failed" in cli("scan", str(maildir), "--db", db, "--max-recipients", "1", "--max-depth", "1",
                             "-o", os.devnull).stderr
    retried = cli("scan", str(maildir), "--db", db, "--retry-errors", "--mark-seen", "-o", os.devnull)
    assert "1 retried" in retried.stderr and "1 flagged" in retried.stderr
    assert len(rows(db)) > 1


# -- nothing half-written -------------------------------------------------------------------


def one_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_output_to_a_full_device_is_one_line_and_exit_1() -> None:
    result = cli("analyze", str(SAMPLES), "-o", "/dev/full", "-q")
    assert result.exit_code == 1
    assert one_line(result) == "bounce-analyzer: cannot write /dev/full: No space left on device"


def test_a_full_disk_under_the_history_is_one_line_exit_1_and_the_output_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "failed.csv"
    out.write_text("the previous run's rows\n")
    with small_file_system("320k") as disk:
        db = disk / "h.sqlite3"
        result = cli("analyze", str(SAMPLES), str(SAMPLES), "--db", str(db), "-o", str(out), "-q")
        for _ in range(3):  # a fuller disk still: as many samples as it takes
            if result.exit_code:
                break
            (disk / f"filler-{_}").write_bytes(b"\0" * 64 * 1024)
            (tmp_path / "more").mkdir(exist_ok=True)
            for n in range(3):
                write_mbox(tmp_path / "more" / f"{_}-{n}.mbox", variants(200))
            result = cli("analyze", str(tmp_path / "more"), "--db", str(db), "-o", str(out), "-q")
        assert result.exit_code == 1
        line = one_line(result)
        assert re.fullmatch(rf"bounce-analyzer: cannot write history database {re.escape(str(db))}: "
                            rf"database or disk is full; {re.escape(str(out))} left as it was", line), line
    assert out.read_text() == "the previous run's rows\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".failed.csv")] == []


def test_a_full_disk_under_the_output_keeps_the_old_file(tmp_path: Path) -> None:
    with small_file_system("64k") as disk:
        out = disk / "failed.csv"
        out.write_text("old\n")
        result = cli("analyze", str(SAMPLES), str(SAMPLES), str(SAMPLES), "-o", str(out), "-q")
        assert result.exit_code == 1
        assert one_line(result) == (f"bounce-analyzer: cannot write {out}: No space left on device; "
                                    f"{out} left as it was")
        assert out.read_text() == "old\n" and sorted(p.name for p in disk.iterdir()) == ["failed.csv"]


def test_a_failed_scan_keeps_the_existing_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "rows.csv"
    out.write_text("yesterday's rows\n")
    monkeypatch.setenv("NO_SUCH_PASSWORD", "x")
    from bounce_analyzer.scan import Stopper

    monkeypatch.setattr(Stopper, "wait", lambda self, seconds: False)  # reconnect without pausing
    with socket_closed() as port:
        result = cli("scan", f"imap://bounces@127.0.0.1:{port}/INBOX", "--password-env", "NO_SUCH_PASSWORD",
                     "--db", str(tmp_path / "h.sqlite3"), "-o", str(out))
    assert result.exit_code == 1
    assert one_line(result).endswith(f"{out} left as it was")
    assert out.read_text() == "yesterday's rows\n"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def socket_closed():  # type: ignore[no-untyped-def]
    """A loopback port nobody listens on."""
    import contextlib
    import socket

    @contextlib.contextmanager
    def closed():  # type: ignore[no-untyped-def]
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        yield port

    return closed()


def test_an_interrupted_run_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    """Ctrl-C in the middle of `--format json -o FILE`: the old FILE stays, valid JSON."""
    out = tmp_path / "rows.json"
    out.write_text("[]\n")
    mbox = tmp_path / "big.mbox"
    write_mbox(mbox, variants(3000))
    process = subprocess.Popen(
        [sys.executable, "-m", "bounce_analyzer", "analyze", str(mbox), "--format", "json", "-o", str(out),
         "--jobs", "1"], env=env(), stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(p.suffix == ".part" for p in tmp_path.iterdir()):
        time.sleep(0.02)
    time.sleep(0.3)
    process.send_signal(2)  # SIGINT
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert err.strip().splitlines()[-1] == f"bounce-analyzer: interrupted; {out} left as it was"
    assert out.read_text() == "[]\n"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def test_a_new_output_gets_the_usual_permissions_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    new = tmp_path / "new.csv"
    old = tmp_path / "old.csv"
    old.write_text("x")
    old.chmod(0o640)
    umask = os.umask(0o022)
    try:
        assert cli("analyze", str(MULTI), "-o", str(new), "-q").exit_code == 0
        assert cli("analyze", str(MULTI), "-o", str(old), "-q").exit_code == 0
    finally:
        os.umask(umask)
    assert new.stat().st_mode & 0o777 == 0o644 and old.stat().st_mode & 0o777 == 0o640
    assert new.read_text() == old.read_text() != "x"


def test_a_closed_pipe_ends_quietly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "bounce_analyzer", "analyze", str(SAMPLES), "--format", "jsonl", "-q"],
        env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()  # `| head -1`
    _, err = process.communicate(timeout=60)
    # As `| head` expects of a Unix tool: the reader has all it wanted; no error, no message.
    assert process.returncode == 0
    assert err.decode().strip() == ""


# -- PostgreSQL from the command line -------------------------------------------------------


def test_every_command_works_with_a_postgresql_history(postgres_url: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from .postgres import PASSWORD

    maildir = tmp_path / "Maildir"
    write_maildir(maildir, [MULTI.read_bytes(), (SAMPLES / "rfc3464-single-userunknown.eml").read_bytes()])
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("BOUNCES_DB_PASSWORD", PASSWORD)
    scanned = cli("scan", str(maildir), "--db", postgres_url, "--db-password-env", "BOUNCES_DB_PASSWORD",
                  "-o", os.devnull)
    assert scanned.exit_code == 0, scanned.output
    analysed = cli("analyze", str(maildir), "--db", postgres_url, "--password-env", "BOUNCES_DB_PASSWORD",
                   "-o", os.devnull, "-q")
    assert analysed.exit_code == 0, analysed.output
    monkeypatch.setenv("PGPASSWORD", PASSWORD)  # libpq's own variable works too
    assert messages(postgres_url) == 2
    summary = cli("summary", "--db", postgres_url, "--format", "json")
    assert summary.exit_code == 0 and '"userunknown"' in summary.stdout
    suppressed = cli("suppress", "--db", postgres_url)
    assert suppressed.exit_code == 0 and "alice.nobody@example.com" in suppressed.stdout
    monkeypatch.setenv("PGPASSWORD", "wrong")
    refused = cli("summary", "--db", postgres_url)
    assert refused.exit_code == 1
    assert one_line(refused).startswith(f"bounce-analyzer: cannot connect to history database {postgres_url}")
    assert "wrong" not in refused.stderr
