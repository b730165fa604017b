"""Exit statuses (README "Exit status"): 0 done, 1 a failure, 2 a usage error with one line,
130 interrupted; a closed pipe ends quietly, a full disk is one line (issue 17)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bounce_analyzer.cli import main

from .conftest import ROOT, SAMPLES

SINGLE = str(SAMPLES / "rfc3464-single-userunknown.eml")


def usage_errors(tmp: Path) -> list[tuple[list[str], str]]:
    """(arguments, what the one line must say) for every kind of usage error."""
    not_a_maildir = tmp / "plain-folder"
    not_a_maildir.mkdir(exist_ok=True)
    maildir = tmp / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    bad_rules = tmp / "bad.toml"
    bad_rules.write_text('[[rule]]\nid = "x"\nreason = "nosuchreason"\npattern = "a"\nsource = "me"\n')
    not_pem = tmp / "not-a-ca.pem"
    not_pem.write_text("this is no certificate\n")
    missing = str(tmp / "missing")
    return [
        # analyze: paths, option values, rules
        (["analyze", missing], f"no such file or directory: {missing}"),
        (["analyze"], "Missing argument"),
        (["analyze", SINGLE, "--format", "xml"], "'xml' is not one of"),
        (["analyze", SINGLE, "--bogus"], "No such option"),
        (["analyze", SINGLE, "--lang", "fr"], "'fr' is not one of"),
        (["analyze", SINGLE, "--jobs", "0"], "--jobs"),
        (["analyze", SINGLE, "--max-message-size", "lots"], "is not a size"),
        (["analyze", SINGLE, "--max-seconds", "-1"], "--max-seconds"),
        (["analyze", SINGLE, "--only", "medium"], "'medium' is not one of"),
        (["analyze", SINGLE, "--rules", missing], "does not exist"),
        (["analyze", SINGLE, "--rules", str(bad_rules)], "nosuchreason"),
        (["analyze", SINGLE, "--db", str(tmp / "h.sqlite3"), "--password-env", "BA_TEST_UNSET_VARIABLE"],
         "BA_TEST_UNSET_VARIABLE is not set"),
        # summary and suppress
        (["summary", SINGLE, "--since", "yesterday"], "--since 'yesterday'"),
        (["summary", SINGLE, "--since", "2026-13-45"], "--since '2026-13-45'"),
        (["summary", SINGLE, "--top", "0"], "--top"),
        (["summary", SINGLE, "--db", str(tmp / "h.sqlite3")], "either PATH... or --db"),
        (["summary", "--db", missing], f"no such history database: {missing}"),
        (["suppress", missing], f"no such file or directory: {missing}"),
        (["suppress", SINGLE, "--window", "-1"], "--window"),
        (["suppress", "--db", missing], f"no such history database: {missing}"),
        # scan: the source, its options
        (["scan", "imap://localhost/INBOX"], "no user name in imap://localhost/INBOX"),
        (["scan", "imap://bounces:secret@localhost/INBOX"], "do not put the password in the URL"),
        (["scan", "imaps://bounces@localhost:99999/INBOX"], "bad port"),
        (["scan", missing], f"no such Maildir: {missing}"),
        (["scan", str(not_a_maildir)], "is not a Maildir"),
        (["scan", str(maildir), "--move-to", "Done", "--mark-seen"], "exclude each other"),
        (["scan", str(maildir), "--watch", "0"], "--watch"),
        (["scan", str(maildir), "--cafile", str(not_pem)], "--cafile is for an IMAP source"),
        (["scan", "imap://bounces@localhost/INBOX", "--cafile", str(not_pem)], "not a file of PEM CA certificates"),
        (["scan", "imap://bounces@localhost/INBOX", "--cafile", missing], "does not exist"),
        # the others
        (["explain"], "Missing argument"),
        (["inspect", missing], "does not exist"),
        (["rules", "check", missing], "does not exist"),
        (["rules", "check", "--rules", missing], "does not exist"),
        (["rules", "list", "--format", "xml"], "'xml' is not one of"),
        (["nosuchcommand"], "No such command"),
    ]


def test_every_usage_error_exits_2_with_one_line(tmp_path: Path) -> None:
    failures = []
    for args, says in usage_errors(tmp_path):
        result = CliRunner().invoke(main, args)
        lines = result.stderr.strip().splitlines()
        if result.exit_code != 2 or len(lines) != 1 or says not in lines[0] or result.stdout:
            failures.append(f"{args}: exit {result.exit_code}, stderr {result.stderr!r}")
    assert not failures, "\n".join(failures)
    assert not (tmp_path / "h.sqlite3").exists()  # a usage error creates no history


def test_explain_dash_with_nothing_on_standard_input_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["explain", "-"], input="")
    assert result.exit_code == 2 and "standard input is empty" in result.stderr


def test_strict_makes_a_failed_message_exit_1_and_done_is_0(tmp_path: Path) -> None:
    (tmp_path / "broken.eml").symlink_to(tmp_path / "gone")
    assert CliRunner().invoke(main, ["analyze", str(tmp_path), "-q"]).exit_code == 0
    assert CliRunner().invoke(main, ["analyze", str(tmp_path), "-q", "--strict"]).exit_code == 1


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "bounce_analyzer", *args]


@pytest.mark.parametrize("args", [
    ("analyze", str(SAMPLES), "--format", "jsonl"),
    ("analyze", str(SAMPLES), "--format", "table"),
    ("inspect", SINGLE),
    ("explain", "550 5.1.1 user unknown"),
    ("rules", "list"),
    ("summary", str(SAMPLES)),
], ids=lambda args: "-".join(args[:1] + args[2:]))
def test_a_closed_pipe_ends_quietly_with_status_0(args: tuple[str, ...]) -> None:
    # The reading end is closed before the command writes: its first write meets EPIPE, as
    # `bounce-analyzer ... | head -1` does once head has its line.
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(command(*args), stdout=write, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT, timeout=120, check=False)
    finally:
        os.close(write)
    assert done.returncode == 0, done.stderr
    assert "Errno" not in done.stderr and "Traceback" not in done.stderr and "Broken pipe" not in done.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_a_full_disk_is_one_line_not_a_traceback() -> None:
    to_file = subprocess.run(command("analyze", str(SAMPLES), "-o", "/dev/full"), capture_output=True,
                             text=True, cwd=ROOT, timeout=120, check=False)
    assert to_file.returncode == 1
    assert to_file.stderr.strip().splitlines() == ["bounce-analyzer: cannot write /dev/full: No space left on device"]
    with open("/dev/full", "w") as full:
        to_stdout = subprocess.run(command("analyze", str(SAMPLES)), stdout=full, stderr=subprocess.PIPE,
                                   text=True, cwd=ROOT, timeout=120, check=False)
    assert to_stdout.returncode == 1
    assert to_stdout.stderr.strip().splitlines() == [
        "bounce-analyzer: cannot write standard output: No space left on device"]


def test_interrupted_is_130_with_one_line() -> None:
    # Reading standard input that never ends: interrupted as a person would with Ctrl-C.
    process = subprocess.Popen(command("analyze", "-"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert process.stdin is not None
        process.stdin.write("From: someone@example.com\n")
        process.stdin.flush()
        time.sleep(2.0)  # started and waiting for more input
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130
    assert stderr.strip().splitlines() == ["bounce-analyzer: interrupted"]
