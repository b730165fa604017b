"""`scan MAILDIR`: incremental, commit before move, nothing lost when killed, nothing counted twice."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bounce_analyzer import pipeline as pipeline_module
from bounce_analyzer.cli import main
from bounce_analyzer.pipeline import MessageError, Options, analyze
from bounce_analyzer.scan import MaildirSource, ScanOptions, scan, unique_name, with_flag
from bounce_analyzer.store import open_store

from .conftest import LATER, NOT_BOUNCE, ROOT, SAMPLES, corpus_or_skip, wait_until
from .conftest import SCAN_BOUNCES as BOUNCES


def make_maildir(root: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    return root


def deliver(maildir: Path, name: str, data: bytes | None = None) -> Path:
    """Deliver as an MTA does: write in tmp/, then rename into new/ (the Maildir protocol)."""
    unique = f"{time.time_ns()}.{Path(name).stem}.test"
    temporary = maildir / "tmp" / unique
    temporary.write_bytes((SAMPLES / name).read_bytes() if data is None else data)
    final = maildir / "new" / unique
    os.rename(temporary, final)
    return final


def run(maildir: Path, db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["scan", str(maildir), "--db", str(db), "--format", "jsonl", *args])


def recipients(db: Path) -> list[str]:
    store = open_store(db)
    try:
        return sorted(v.verdict.recipient for v in store.verdicts())
    finally:
        store.close()


EVERY_ROW = Options(include_delivered=True, include_vacation=True)


def expected(*names: str) -> list[str]:
    return sorted(r.recipient for r in analyze([str(SAMPLES / n) for n in names]) if not isinstance(r, MessageError))


def files(folder: Path) -> list[str]:
    # A folder being created by a running scan may have cur/ and not yet new/.
    return sorted(p.name for sub in ("new", "cur") if (folder / sub).is_dir() for p in (folder / sub).iterdir())


@pytest.fixture
def maildir(tmp_path: Path) -> Path:
    return make_maildir(tmp_path / "Maildir")


def test_unique_name_and_flags() -> None:
    assert unique_name("123.abc.host:2,S") == "123.abc.host"
    assert unique_name("123.abc.host") == "123.abc.host"
    assert with_flag("123.abc.host", "S") == "123.abc.host:2,S"
    assert with_flag("123.abc.host:2,RF", "S") == "123.abc.host:2,FRS"
    assert with_flag("123.abc.host:2,S", "S") == "123.abc.host:2,S"


def test_first_second_and_new_mail(maildir: Path, tmp_path: Path) -> None:
    for name in (*BOUNCES, NOT_BOUNCE):
        deliver(maildir, name)
    (maildir / "tmp" / "still-being-written").write_bytes(b"From: x\n")  # never read
    db = tmp_path / "h.sqlite3"
    first = run(maildir, db)
    assert first.exit_code == 0, first.output
    assert "4 new messages: 3 with verdicts" in first.stderr and "1 not bounces" in first.stderr
    assert recipients(db) == expected(*BOUNCES)
    assert len(first.stdout.splitlines()) == len(expected(*BOUNCES))
    assert len(files(maildir)) == 4  # nothing moved unless asked

    second = run(maildir, db)
    assert "0 new messages" in second.stderr and second.stdout == ""

    deliver(maildir, LATER)
    third = run(maildir, db)
    assert "1 new messages: 1 with verdicts" in third.stderr
    assert recipients(db) == expected(*BOUNCES, LATER)


def test_a_client_marking_a_message_read_does_not_make_it_new(maildir: Path, tmp_path: Path) -> None:
    path = deliver(maildir, BOUNCES[0])
    db = tmp_path / "h.sqlite3"
    run(maildir, db)
    os.rename(path, maildir / "cur" / with_flag(path.name, "S"))  # what a mail client does
    assert "0 new messages" in run(maildir, db).stderr
    assert recipients(db) == expected(BOUNCES[0])


def test_move_mode(maildir: Path, tmp_path: Path) -> None:
    for name in (*BOUNCES, NOT_BOUNCE):
        deliver(maildir, name)
    db = tmp_path / "h.sqlite3"
    result = run(maildir, db, "--move-to", "Done")
    assert result.exit_code == 0, result.output
    assert "3 moved" in result.stderr
    assert len(files(maildir / ".Done")) == 3
    assert [name.split(".")[1] for name in files(maildir)] == [Path(NOT_BOUNCE).stem]
    assert "0 new messages" in run(maildir, db, "--move-to", "Done").stderr


def test_move_to_a_path(maildir: Path, tmp_path: Path) -> None:
    deliver(maildir, BOUNCES[0])
    target = tmp_path / "archive" / "bounces"
    result = run(maildir, tmp_path / "h.sqlite3", "--move-to", str(target))
    assert result.exit_code == 0, result.output
    assert len(files(target)) == 1 and files(maildir) == []


def test_flag_mode(maildir: Path, tmp_path: Path) -> None:
    for name in (*BOUNCES, NOT_BOUNCE):
        deliver(maildir, name)
    db = tmp_path / "h.sqlite3"
    result = run(maildir, db, "--mark-seen")
    assert "3 flagged" in result.stderr
    seen = sorted(p.name for p in (maildir / "cur").iterdir())
    assert len(seen) == 3 and all(name.endswith(":2,S") for name in seen)
    assert len(list((maildir / "new").iterdir())) == 1  # the non-bounce, untouched
    assert "0 new messages" in run(maildir, db, "--mark-seen").stderr


def test_unanalysable_message_goes_to_the_error_folder_and_is_not_retried(
    maildir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline_module.analyze_message

    def fragile(raw, classifier, options):  # type: ignore[no-untyped-def]
        if b"X-Break-Me" in raw.data:
            raise RuntimeError("extractor bug")
        return real(raw, classifier, options)

    monkeypatch.setattr(pipeline_module, "analyze_message", fragile)
    deliver(maildir, BOUNCES[0])
    deliver(maildir, "broken.eml", b"X-Break-Me: yes\n" + (SAMPLES / BOUNCES[1]).read_bytes())
    db = tmp_path / "h.sqlite3"
    result = run(maildir, db, "--move-to", "Done", "--error-folder", "Errors")
    assert result.exit_code == 0, result.output
    assert "1 failed" in result.stderr
    assert "not analysed (extract): RuntimeError: extractor bug" in result.stderr
    assert len(files(maildir / ".Errors")) == 1 and len(files(maildir / ".Done")) == 1
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT outcome, error FROM messages WHERE outcome = 'error'").fetchall() == [
            ("error", "extract: RuntimeError: extractor bug")
        ]
    assert recipients(db) == expected(BOUNCES[0])


def test_unanalysable_message_is_left_and_recorded_without_error_folder(
    maildir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(raw, classifier, options):  # type: ignore[no-untyped-def]
        raise ValueError("cannot read this")

    monkeypatch.setattr(pipeline_module, "analyze_message", broken)
    deliver(maildir, BOUNCES[0])
    db = tmp_path / "h.sqlite3"
    assert "1 failed" in run(maildir, db, "--move-to", "Done").stderr
    assert len(files(maildir)) == 1 and files(maildir / ".Done") == []
    assert "0 new messages" in run(maildir, db, "--move-to", "Done").stderr  # recorded, not retried


def test_interrupted_between_commit_and_move_is_finished_next_time(
    maildir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in BOUNCES:
        deliver(maildir, name)
    db = tmp_path / "h.sqlite3"
    real = MaildirSource.act_on
    calls = []

    def crashing(self, path):  # type: ignore[no-untyped-def]
        act = real(self, path)

        def act_or_crash(kind: str, folder: str) -> None:
            calls.append(path)
            if len(calls) == 2:
                raise KeyboardInterrupt  # the process dies right after the second commit
            act(kind, folder)

        return act_or_crash

    monkeypatch.setattr(MaildirSource, "act_on", crashing)
    store = open_store(db)
    with pytest.raises(KeyboardInterrupt):
        list(scan(MaildirSource(maildir), store, ScanOptions(move_to="Done")))
    store.close()
    assert len(files(maildir / ".Done")) == 1 and len(files(maildir)) == 2
    monkeypatch.setattr(MaildirSource, "act_on", real)
    result = run(maildir, db, "--move-to", "Done")
    assert "1 new messages" in result.stderr  # the third; the second is not analysed again
    assert "1 left over actions finished" in result.stderr
    assert len(files(maildir / ".Done")) == 3 and files(maildir) == []
    assert recipients(db) == expected(*BOUNCES)


def copies(maildir: Path, count: int) -> None:
    """`count` distinct messages made from our samples (a header makes each copy unique)."""
    samples = sorted(SAMPLES.glob("*.eml"))
    for index in range(count):
        data = b"X-Copy: %d\n" % index + samples[index % len(samples)].read_bytes()
        (maildir / "new" / f"{index:05d}.copy.test").write_bytes(data)


def stored_per_message(db: Path) -> Counter[str]:
    store = open_store(db)
    try:
        return Counter(unique_name(Path(v.verdict.source).name) for v in store.verdicts())
    finally:
        store.close()


def test_sigkill_half_way_then_rerun_stores_everything_once(maildir: Path, tmp_path: Path) -> None:
    copies(maildir, 400)
    # The history keeps every row (deliveries and auto-replies too); messages with a failure move.
    want = Counter(
        unique_name(Path(r.source).name) for r in analyze([str(maildir)], EVERY_ROW)
        if not isinstance(r, MessageError)
    )
    failing = {
        unique_name(Path(r.source).name) for r in analyze([str(maildir)]) if not isinstance(r, MessageError)
    }
    names = set(files(maildir))
    db = tmp_path / "h.sqlite3"
    command = [sys.executable, "-m", "bounce_analyzer", "scan", str(maildir), "--db", str(db),
               "--move-to", "Done", "-o", os.devnull, "-q"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(command, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if len(files(maildir / ".Done")) >= 40:
                break
            time.sleep(0.01)
        assert process.poll() is None, "the scan finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
    # Killed half way: every message is in exactly one place, none lost.
    inbox, done = files(maildir), files(maildir / ".Done")
    assert inbox and done
    assert sorted(inbox + done) == sorted(names)
    partial = stored_per_message(db)
    assert all(partial[name] == want[name] for name in partial)  # no message stored in part

    rerun = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert stored_per_message(db) == want  # every message's rows, each exactly once
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM messages").fetchone()[0] == len(names)
    moved = set(files(maildir / ".Done"))
    assert moved | set(files(maildir)) == names
    assert {unique_name(n) for n in moved} == failing  # bounces moved, the rest left


def test_watch_stops_cleanly_on_sigint(maildir: Path, tmp_path: Path) -> None:
    deliver(maildir, BOUNCES[0])
    db = tmp_path / "h.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "bounce_analyzer", "scan", str(maildir), "--db", str(db), "--watch", "1",
         "--format", "jsonl"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    try:
        wait_until(lambda: len(recipients(db)) == len(expected(BOUNCES[0])))
        deliver(maildir, LATER)
        wait_until(lambda: len(recipients(db)) == len(expected(BOUNCES[0], LATER)))
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert b"stopped by signal" in err
    assert len(out.splitlines()) == len(expected(BOUNCES[0], LATER))


def test_not_a_maildir_is_a_usage_error_and_creates_no_history(tmp_path: Path) -> None:
    result = run(tmp_path, tmp_path / "h.sqlite3")
    assert result.exit_code == 2
    assert "is not a Maildir" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "h.sqlite3").exists()


def test_labelled_corpus_scanned_twice_is_stored_once(tmp_path: Path) -> None:
    labelled = corpus_or_skip() / "labelled"
    maildir = make_maildir(tmp_path / "Maildir")
    originals = sorted(p for p in labelled.iterdir() if p.suffix == ".eml")
    for index, path in enumerate(originals):
        os.symlink(path, maildir / "new" / f"{index:05d}.{path.stem}.test")  # read only, never copied
    db = tmp_path / "h.sqlite3"
    first = run(maildir, db, "-o", os.devnull)
    assert first.exit_code == 0, first.output
    after_first = stored_per_message(db)
    second = run(maildir, db, "-o", os.devnull)
    assert second.exit_code == 0, second.output
    assert "0 new messages" in second.stderr
    assert stored_per_message(db) == after_first
    distinct = {path.read_bytes() for path in originals}
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM messages").fetchone()[0] == len(distinct)
    assert sum(after_first.values()) > len(originals) // 2  # most of them are bounces


def test_move_to_another_file_system_copies_then_unlinks(
    maildir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    real_rename = os.rename

    def cross_device(source, target):  # type: ignore[no-untyped-def]
        if Path(source).parent.name != "tmp":  # only the Maildir delivery rename may pass
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_rename(source, target)

    deliver(maildir, BOUNCES[0])
    monkeypatch.setattr(os, "rename", cross_device)
    target = tmp_path / "elsewhere"
    result = run(maildir, tmp_path / "h.sqlite3", "--move-to", str(target))
    assert result.exit_code == 0, result.output
    assert files(maildir) == [] and len(files(target)) == 1
    assert list((target / "tmp").iterdir()) == []


def test_two_scans_of_one_maildir_at_once_store_each_message_once(maildir: Path, tmp_path: Path) -> None:
    copies(maildir, 120)
    db = tmp_path / "h.sqlite3"
    command = [sys.executable, "-m", "bounce_analyzer", "scan", str(maildir), "--db", str(db),
               "--move-to", "Done", "-o", os.devnull, "-q"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    processes = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE) for _ in range(2)]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    want = Counter(
        unique_name(Path(r.source).name) for r in analyze([str(maildir / ".Done"), str(maildir)], EVERY_ROW)
        if not isinstance(r, MessageError)
    )
    assert stored_per_message(db) == want
    assert len(files(maildir / ".Done")) + len(files(maildir)) == 120


def test_a_message_over_the_size_limit_is_recorded_as_an_error(maildir: Path, tmp_path: Path) -> None:
    from bounce_analyzer.ingest import IngestOptions
    from bounce_analyzer.pipeline import Options

    deliver(maildir, BOUNCES[0])
    store = open_store(tmp_path / "h.sqlite3")
    options = ScanOptions(analysis=Options(ingest=IngestOptions(max_message_size=100)))
    run_ = scan(MaildirSource(maildir), store, options)
    items = list(run_)
    store.close()
    assert run_.stats.failed == 1
    assert isinstance(items[0], MessageError) and "larger than the limit" in items[0].error


def test_the_history_keeps_deliveries_so_a_delivery_after_a_bounce_keeps_the_address(
    maildir: Path, tmp_path: Path
) -> None:
    bounce = (SAMPLES / "rfc3464-single-userunknown.eml").read_bytes().replace(
        b"alice.nobody@example.com", b"judy@example.com"
    )  # a hard bounce for judy on 2 November ...
    deliver(maildir, "bounce.eml", bounce)
    deliver(maildir, "rfc3464-delivered.eml")  # ... and a delivery to her on 6 November
    db = tmp_path / "h.sqlite3"
    result = run(maildir, db)
    assert result.exit_code == 0, result.output
    shown = [json.loads(line)["reason"] for line in result.stdout.splitlines()]
    assert shown == ["userunknown"]  # deliveries are not written unless asked for ...
    assert sorted(recipients(db)) == ["judy@example.com", "judy@example.com"]  # ... but kept
    suppressed = CliRunner().invoke(main, ["suppress", "--db", str(db), "--format", "jsonl"])
    assert suppressed.exit_code == 0 and suppressed.stdout == ""


def test_an_unreadable_message_is_counted_failed_once_not_reported_every_scan() -> None:
    # root reads any file: the scan runs as nobody then
    from .test_inputs import as_unprivileged_user

    prefix = as_unprivileged_user()
    root = Path(tempfile.mkdtemp(prefix="bounce-analyzer-unreadable-maildir-"))
    try:
        root.chmod(0o777)
        box = make_maildir(root / "Maildir")
        deliver(box, "rfc3464-single-userunknown.eml")
        locked = deliver(box, "rfc3464-multiple-recipients.eml")
        for path in [root / "Maildir", *(root / "Maildir").rglob("*")]:
            path.chmod(0o777 if path.is_dir() else 0o644)
        locked.chmod(0o000)
        db = root / "h.sqlite3"
        scan = [*prefix, sys.executable, "-m", "bounce_analyzer", "scan", str(box), "--db", str(db),
                "--format", "jsonl"]
        first = subprocess.run(scan, capture_output=True, text=True, cwd=ROOT, check=False)
        assert first.returncode == 0, first.stderr
        assert f"{locked}: not analysed (read): Permission denied" in first.stderr
        assert "2 new messages: 1 with verdicts (1 rows), 0 not bounces or nothing to report, 1 failed" in first.stderr
        second = subprocess.run(scan, capture_output=True, text=True, cwd=ROOT, check=False)
        assert second.returncode == 0, second.stderr
        assert "not analysed" not in second.stderr and "0 new messages" in second.stderr
        with sqlite3.connect(db) as con:
            outcomes = sorted(row[0] for row in con.execute("SELECT outcome FROM messages"))
        assert outcomes == ["error", "verdicts"]
    finally:
        shutil.rmtree(root, ignore_errors=True)
