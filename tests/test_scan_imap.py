"""`scan imap://...` against a real Dovecot (tests/dovecot.py), filled with our own samples.

Skipped, saying so, where Dovecot is not installed; .ci/run installs it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bounce_analyzer.cli import main
from bounce_analyzer.pipeline import analyze
from bounce_analyzer.scan import modified_utf7
from bounce_analyzer.store import open_store

from .conftest import LATER, NOT_BOUNCE, ROOT, SAMPLES, wait_until
from .conftest import SCAN_BOUNCES as BOUNCES
from .dovecot import (
    DOVECOT_CANDIDATES,
    NOT_INSTALLED,
    PASSWORD,
    CuttingProxy,
    Dovecot,
    find,
    running,
)

if find(DOVECOT_CANDIDATES, "dovecot") is None:
    pytest.skip(NOT_INSTALLED, allow_module_level=True)


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def rows_of(*names: str) -> int:
    """How many verdict rows `analyze` gives for these samples: what a scan must store."""
    return len(expected_recipients(*names))


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dovecot]:
    with running() as dovecot:
        if dovecot.cafile:
            # Our throwaway certificate: the scan verifies the server as it would any other.
            monkeypatch.setenv("SSL_CERT_FILE", dovecot.cafile)
        monkeypatch.setenv("BA_TEST_PASSWORD", PASSWORD)
        yield dovecot


@pytest.fixture
def plain_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dovecot]:
    """Without STARTTLS, so that a proxy can see the commands and cut the connection."""
    with running(tls=False) as dovecot:
        monkeypatch.setenv("BA_TEST_PASSWORD", PASSWORD)
        yield dovecot


def fill(server: Dovecot, *names: str) -> None:
    for name in names:
        server.append(sample(name))


def scan(url: str, db: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["scan", url, "--db", str(db), "--password-env", "BA_TEST_PASSWORD", "--format",
               "jsonl", *args],
    )


def stored(db: Path) -> list[tuple[str, str]]:
    """(message source, recipient) of every stored row."""
    store = open_store(db)
    try:
        return [(re.sub(r";UIDVALIDITY=.*", "", v.verdict.source), v.verdict.recipient) for v in store.verdicts()]
    finally:
        store.close()


def stored_messages(db: Path) -> int:
    with sqlite3.connect(db) as con:
        return int(con.execute("SELECT count(*) FROM messages").fetchone()[0])


def recipients(db: Path) -> list[str]:
    return sorted(recipient for _, recipient in stored(db))


def expected_recipients(*names: str) -> list[str]:
    return sorted(row.recipient for row in analyze([str(SAMPLES / n) for n in names]) if hasattr(row, "recipient"))


def test_first_scan_stores_every_row_and_leaves_the_non_bounce(server: Dovecot, tmp_path: Path) -> None:
    fill(server, *BOUNCES, NOT_BOUNCE)
    db = tmp_path / "history.sqlite3"
    result = scan(server.url(), db)
    assert result.exit_code == 0, result.output
    assert recipients(db) == expected_recipients(*BOUNCES)
    assert len(result.stdout.splitlines()) == rows_of(*BOUNCES)  # rows written out as well
    assert "4 new messages: 3 with verdicts" in result.stderr
    assert "1 not bounces" in result.stderr
    # Nothing moved or flagged without being asked; bodies read with PEEK leave \Seen unset.
    inbox = server.messages()
    assert len(inbox) == 4 and all("\\Seen" not in flags for _, flags in inbox.values())
    if server.tls:
        assert re.search(r"Login: user=<bounces>.*\bTLS\b", server.log_text()), "STARTTLS not used"


def test_second_scan_finds_nothing_new_then_new_mail_only(server: Dovecot, tmp_path: Path) -> None:
    fill(server, *BOUNCES, NOT_BOUNCE)
    db = tmp_path / "history.sqlite3"
    assert scan(server.url(), db).exit_code == 0
    again = scan(server.url(), db)
    assert again.exit_code == 0, again.output
    assert again.stdout == ""
    assert "0 new messages" in again.stderr
    assert recipients(db) == expected_recipients(*BOUNCES)

    fill(server, LATER)
    third = scan(server.url(), db)
    assert third.exit_code == 0, third.output
    assert "1 new messages: 1 with verdicts" in third.stderr
    assert recipients(db) == expected_recipients(*BOUNCES, LATER)


def test_move_mode_moves_bounces_only_after_storing(server: Dovecot, tmp_path: Path) -> None:
    fill(server, *BOUNCES, NOT_BOUNCE)
    db = tmp_path / "history.sqlite3"
    result = scan(server.url(), db, "--move-to", "Bounces/Done")
    assert result.exit_code == 0, result.output
    assert "3 moved" in result.stderr
    inbox = server.messages()
    assert [data for data, _ in inbox.values()] == [sample(NOT_BOUNCE).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")]
    assert len(server.messages("Bounces/Done")) == 3
    assert recipients(db) == expected_recipients(*BOUNCES)
    again = scan(server.url(), db, "--move-to", "Bounces/Done")
    assert "0 new messages" in again.stderr and "moved" not in again.stderr
    assert len(server.messages()) == 1


def test_move_to_a_folder_with_a_non_ascii_name(server: Dovecot, tmp_path: Path) -> None:
    fill(server, BOUNCES[0])
    result = scan(server.url(), tmp_path / "h.sqlite3", "--move-to", "Zurückgewiesen")
    assert result.exit_code == 0, result.output
    assert len(server.messages(modified_utf7("Zurückgewiesen"))) == 1  # "Zur&APw-ckgewiesen"
    assert server.messages() == {}


def test_flag_mode_flags_bounces_seen_and_not_the_rest(server: Dovecot, tmp_path: Path) -> None:
    fill(server, *BOUNCES, NOT_BOUNCE)
    db = tmp_path / "history.sqlite3"
    result = scan(server.url(), db, "--mark-seen")
    assert result.exit_code == 0, result.output
    assert "3 flagged" in result.stderr
    flags = [flags for _, flags in server.messages().values()]
    assert [("\\Seen" in f) for f in flags] == [True, True, True, False]
    assert "0 new messages" in scan(server.url(), db, "--mark-seen").stderr
    assert recipients(db) == expected_recipients(*BOUNCES)


def test_move_and_flag_exclude_each_other(server: Dovecot, tmp_path: Path) -> None:
    result = scan(server.url(), tmp_path / "h.sqlite3", "--move-to", "Done", "--mark-seen")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_uidvalidity_reset_does_not_count_twice(server: Dovecot, tmp_path: Path) -> None:
    fill(server, *BOUNCES, NOT_BOUNCE)
    db = tmp_path / "history.sqlite3"
    assert scan(server.url(), db).exit_code == 0
    before = server.uidvalidity()
    server.reset_uidvalidity()
    assert server.uidvalidity() != before
    fill(server, LATER)
    result = scan(server.url(), db)
    assert result.exit_code == 0, result.output
    assert "1 new messages: 1 with verdicts" in result.stderr
    assert "4 already stored" in result.stderr
    assert recipients(db) == expected_recipients(*BOUNCES, LATER)
    assert stored_messages(db) == 5
    # And the next scan is incremental again under the new UIDVALIDITY.
    assert "0 new messages" in scan(server.url(), db).stderr


def test_uidvalidity_reset_in_move_mode(server: Dovecot, tmp_path: Path) -> None:
    fill(server, *BOUNCES)
    db = tmp_path / "history.sqlite3"
    assert scan(server.url(), db, "--move-to", "Done").exit_code == 0
    server.reset_uidvalidity()
    fill(server, LATER, NOT_BOUNCE)
    result = scan(server.url(), db, "--move-to", "Done")
    assert result.exit_code == 0, result.output
    assert recipients(db) == expected_recipients(*BOUNCES, LATER)
    assert len(server.messages("Done")) == 4 and len(server.messages()) == 1


def test_dropped_connection_mid_scan_reconnects_without_loss_or_duplicates(
    plain_server: Dovecot, tmp_path: Path
) -> None:
    fill(plain_server, *BOUNCES, NOT_BOUNCE, LATER)
    proxy = CuttingProxy(plain_server.port, b"UID FETCH", nth=3)  # cut before the 3rd message
    try:
        db = tmp_path / "history.sqlite3"
        result = scan(proxy.url(), db)
        assert result.exit_code == 0, result.output
        assert proxy.cuts == 1
        assert "1 reconnects" in result.stderr
        assert recipients(db) == expected_recipients(*BOUNCES, LATER)
        assert stored_messages(db) == 5
    finally:
        proxy.close()


def test_dropped_between_store_and_move_is_finished_later(plain_server: Dovecot, tmp_path: Path) -> None:
    """The worst moment: rows committed, MOVE not sent. Nothing is stored twice, all get moved."""
    fill(plain_server, *BOUNCES, NOT_BOUNCE, LATER)
    # Cut at the 2nd MOVE, 5 times: more than the scan's reconnects, so this run gives up.
    proxy = CuttingProxy(plain_server.port, b"UID MOVE", nth=2, times=5)
    try:
        db = tmp_path / "history.sqlite3"
        first = scan(proxy.url(), db, "--move-to", "Done")
        assert first.exit_code == 1, first.output
        assert "connection to 127.0.0.1 lost" in first.stderr
        assert len(first.stderr.strip().splitlines()) == 1
        assert len(plain_server.messages("Done")) == 1
        proxy.times = proxy.cuts  # the network is back
        second = scan(proxy.url(), db, "--move-to", "Done")
        assert second.exit_code == 0, second.output
        assert "left over actions finished" in second.stderr
        assert recipients(db) == expected_recipients(*BOUNCES, LATER)
        assert len(plain_server.messages("Done")) == 4
        assert len(plain_server.messages()) == 1  # the non-bounce, left alone
    finally:
        proxy.close()


def test_wrong_password_is_one_line_and_exit_2(server: Dovecot, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BA_TEST_PASSWORD", "not-the-password")
    result = scan(server.url(), tmp_path / "h.sqlite3")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "refused the login for bounces" in lines[0]
    assert PASSWORD not in result.stderr and "not-the-password" not in result.stderr


def test_password_is_never_taken_from_the_url(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["scan", "imap://u:pw@127.0.0.1:1/INBOX", "--db", str(tmp_path / "h")])
    assert result.exit_code == 2  # a usage error, said before anything is opened
    assert "do not put the password in the URL" in result.stderr and not (tmp_path / "h").exists()


@pytest.mark.parametrize("restart", [False, True], ids=["steady", "server-restarted"])
def test_watch_picks_up_new_mail_and_stops_on_sigterm(server: Dovecot, tmp_path: Path, restart: bool) -> None:
    fill(server, *BOUNCES)
    db = tmp_path / "history.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "bounce_analyzer", "scan", server.url(), "--db", str(db), "--watch", "1",
         "--password-env", "BA_TEST_PASSWORD", "--format", "jsonl"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    try:
        wait_until(lambda: db.exists() and len(stored(db)) == rows_of(*BOUNCES))
        if restart:  # the watch outlives a server restart: it reconnects
            server.stop()
            time.sleep(3)
            server.start()
        fill(server, LATER)
        wait_until(lambda: len(stored(db)) == rows_of(*BOUNCES, LATER))
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "stopped by signal" in err.decode()
    assert len(out.splitlines()) == rows_of(*BOUNCES, LATER)
    assert recipients(db) == expected_recipients(*BOUNCES, LATER)


def test_watch_uses_idle_new_mail_comes_at_once_and_sigterm_stops_promptly(
    server: Dovecot, tmp_path: Path
) -> None:
    fill(server, BOUNCES[0])
    db = tmp_path / "history.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "bounce_analyzer", "scan", server.url(), "--db", str(db), "--watch", "600",
         "--password-env", "BA_TEST_PASSWORD", "-o", os.devnull],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    try:
        wait_until(lambda: db.exists() and len(stored(db)) == rows_of(BOUNCES[0]))
        time.sleep(1)  # into IDLE
        fill(server, LATER)
        # Polling would not look again for 600 s: only IDLE's EXISTS brings it this soon.
        wait_until(lambda: len(stored(db)) == rows_of(BOUNCES[0], LATER), seconds=20)
        time.sleep(1)
        stopped = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
        assert time.monotonic() - stopped < 5
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert b"stopped by signal" in err


def test_the_same_server_under_another_name_and_the_move_folder_store_nothing_again(
    server: Dovecot, tmp_path: Path
) -> None:
    """A message is its content (issue 16): 127.0.0.1 is localhost, Done holds the same messages."""
    fill(server, *BOUNCES, NOT_BOUNCE)
    db = tmp_path / "history.sqlite3"
    assert scan(server.url(), db, "--move-to", "Done").exit_code == 0
    by_address = scan(server.url().replace("localhost", "127.0.0.1"), db)
    assert by_address.exit_code == 0, by_address.output
    assert "0 new messages" in by_address.stderr and "1 already stored" in by_address.stderr
    done = scan(server.url("Done"), db)
    assert done.exit_code == 0, done.output
    assert "0 new messages" in done.stderr and "3 already stored" in done.stderr
    assert stored_messages(db) == 4
    assert recipients(db) == expected_recipients(*BOUNCES)


def test_retry_errors_recovers_a_message_that_failed_a_limit(server: Dovecot, tmp_path: Path) -> None:
    fill(server, BOUNCES[1])
    db = tmp_path / "history.sqlite3"
    failed = scan(server.url(), db, "--move-to", "Done", "--max-message-size", "1K")
    assert failed.exit_code == 0 and "1 failed" in failed.stderr
    assert len(server.messages()) == 1 and recipients(db) == []  # recorded, left in place
    assert "0 new messages" in scan(server.url(), db, "--move-to", "Done").stderr
    retried = scan(server.url(), db, "--move-to", "Done", "--retry-errors")
    assert retried.exit_code == 0, retried.output
    assert "1 retried" in retried.stderr and "1 moved" in retried.stderr
    assert recipients(db) == expected_recipients(BOUNCES[1])
    assert server.messages() == {} and len(server.messages("Done")) == 1
    assert stored_messages(db) == 1


def test_two_scans_of_one_folder_at_once_store_once_and_count_each_move_once(
    server: Dovecot, tmp_path: Path
) -> None:
    for index in range(30):
        server.append(b"X-Copy: %d\n" % index + sample(BOUNCES[index % len(BOUNCES)]))
    db = tmp_path / "history.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "bounce_analyzer", "scan", server.url(), "--db", str(db), "--move-to", "Done",
               "--password-env", "BA_TEST_PASSWORD", "-o", os.devnull]
    processes = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    moved = 0
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        found = re.search(r"(\d+) moved", err)
        moved += int(found.group(1)) if found else 0
    assert stored_messages(db) == 30
    assert len(server.messages("Done")) == 30 and server.messages() == {}
    assert moved == 30  # each move counted by the scan that made it, once


def private_ca(directory: Path, name: str) -> tuple[Path, Path, Path]:
    """A private CA and a certificate it signs for localhost / 127.0.0.1: (CA, server cert, key)."""
    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], capture_output=True, check=True, cwd=directory)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name} test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-keyout", f"{name}-ca.key", "-out", f"{name}-ca.pem")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
            "-keyout", f"{name}-server.key", "-out", f"{name}-server.csr")
    (directory / f"{name}-ext.cnf").write_text(
        "basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", f"{name}-server.csr", "-CA", f"{name}-ca.pem", "-CAkey", f"{name}-ca.key",
            "-CAcreateserial", "-days", "2", "-extfile", f"{name}-ext.cnf", "-out", f"{name}-server.pem")
    return directory / f"{name}-ca.pem", directory / f"{name}-server.pem", directory / f"{name}-server.key"


def test_cafile_trusts_a_private_ca_and_only_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: no private CA can be made")
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.setenv("BA_TEST_PASSWORD", PASSWORD)
    root = Path(tempfile.mkdtemp(prefix="bounce-analyzer-dovecot-ca-"))
    ca, cert, key = private_ca(root, "ours")
    other_ca, _, _ = private_ca(root, "other")
    server = Dovecot(root, tls=False)
    server.tls = (cert, key)  # STARTTLS with the certificate our private CA signed
    try:
        server.start()
        fill(server, *BOUNCES)
        url = server.url()
        untrusted = scan(url, tmp_path / "h.sqlite3")
        assert untrusted.exit_code == 1 and "certificate verify failed" in untrusted.stderr
        wrong = scan(url, tmp_path / "h.sqlite3", "--cafile", str(other_ca))
        assert wrong.exit_code == 1 and "certificate verify failed" in wrong.stderr
        trusted = scan(url, tmp_path / "h.sqlite3", "--cafile", str(ca))
        assert trusted.exit_code == 0, trusted.stderr
        assert recipients(tmp_path / "h.sqlite3") == expected_recipients(*BOUNCES)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
