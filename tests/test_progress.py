"""Progress on standard error (issue 17): a bar when standard error is a terminal (a real
pseudo-terminal here, from the pty module), nothing with -q or when it is not a terminal, and a
line per round of `scan --watch`."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import signal
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLES, SCAN_BOUNCES, wait_until

FRAME = re.compile(r"\r(?P<verb>[a-z]+): (?P<count>[\d,]+) (?P<unit>\w+)  [\d,]+/s(?P<rest>[^\r\n]*)\x1b\[K")


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "bounce_analyzer", *args]


def on_a_terminal(args: list[str], tmp_path: Path, columns: int = 120) -> tuple[int, str]:
    """Run the command with standard error on a new pseudo-terminal (standard output to a
    file); its exit status and everything it wrote to the terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    with open(tmp_path / "stdout", "wb") as out:
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=slave, cwd=ROOT)
    os.close(slave)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other side is closed (the command ended)
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return process.wait(timeout=120), seen.decode("utf-8", "replace")


def frames(terminal: str) -> list[re.Match[str]]:
    return list(FRAME.finditer(terminal))


def test_analyze_draws_a_bar_on_a_terminal_and_wipes_it(tmp_path: Path) -> None:
    status, terminal = on_a_terminal(command("analyze", str(SAMPLES), "-o", str(tmp_path / "out.csv")), tmp_path)
    assert status == 0, terminal
    drawn = frames(terminal)
    assert drawn, terminal
    assert {frame["verb"] for frame in drawn} == {"analysing"} and drawn[0]["unit"] == "messages"
    last = drawn[-1]
    read = int(re.search(r"(\d+) messages read", terminal).group(1))  # type: ignore[union-attr]
    assert int(last["count"].replace(",", "")) == read  # the last frame shows the whole run
    assert " 100%" in last["rest"] and "left" in last["rest"] and "[####" in last["rest"]
    # wiped before the summary line, which stands alone on its line
    assert re.search(r"\r\x1b\[Kbounce-analyzer: \d+ messages read", terminal)
    assert all(len(frame.group(0)) - len("\r\x1b[K") < 120 for frame in drawn)  # fits the terminal


def test_standard_input_has_no_known_size_so_no_time_left(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    with open(SAMPLES / "mbox-several.mbox", "rb") as mbox, open(tmp_path / "out", "wb") as out:
        process = subprocess.Popen(command("analyze", "-"), stdin=mbox, stdout=out, stderr=slave, cwd=ROOT)
    os.close(slave)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert process.wait(timeout=120) == 0
    drawn = frames(seen.decode())
    assert drawn and all("left" not in frame["rest"] and "%" not in frame["rest"] for frame in drawn)


@pytest.mark.parametrize("args,verb,unit", [
    (["summary", str(SAMPLES)], "summarising", "rows"),
    (["suppress", str(SAMPLES)], "reading", "rows"),
])
def test_summary_and_suppress_draw_a_bar(tmp_path: Path, args: list[str], verb: str, unit: str) -> None:
    status, terminal = on_a_terminal(command(*args), tmp_path)
    assert status == 0, terminal
    drawn = frames(terminal)
    assert drawn and drawn[-1]["verb"] == verb and drawn[-1]["unit"] == unit
    assert int(drawn[-1]["count"].replace(",", "")) > 10 and "100%" in drawn[-1]["rest"]


def test_quiet_or_not_a_terminal_draws_nothing(tmp_path: Path) -> None:
    status, terminal = on_a_terminal(command("analyze", str(SAMPLES), "-q", "-o", os.devnull), tmp_path)
    assert status == 0 and terminal == ""
    piped = subprocess.run(command("analyze", str(SAMPLES), "-o", os.devnull), capture_output=True, text=True,
                           cwd=ROOT, check=True)
    assert "\r" not in piped.stderr and "\x1b" not in piped.stderr
    assert piped.stderr.strip().splitlines()[-1].startswith("bounce-analyzer: ")


def make_maildir(root: Path, *names: str) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(names):
        shutil.copy(SAMPLES / name, root / "new" / f"{index}.test")
    return root


def test_scan_draws_a_bar_over_the_messages_of_the_pass(tmp_path: Path) -> None:
    maildir = make_maildir(tmp_path / "Maildir", *SCAN_BOUNCES)
    status, terminal = on_a_terminal(command("scan", str(maildir), "--db", str(tmp_path / "h.sqlite3"),
                                             "-o", os.devnull), tmp_path)
    assert status == 0, terminal
    drawn = frames(terminal)
    assert drawn and drawn[-1]["verb"] == "scanning"
    assert int(drawn[-1]["count"].replace(",", "")) == len(SCAN_BOUNCES) and "100%" in drawn[-1]["rest"]


def test_watch_logs_one_line_per_round_when_not_on_a_terminal(tmp_path: Path) -> None:
    maildir = make_maildir(tmp_path / "Maildir", *SCAN_BOUNCES)
    log = tmp_path / "stderr"
    with open(log, "wb") as errors:
        process = subprocess.Popen(
            command("scan", str(maildir), "--db", str(tmp_path / "h.sqlite3"), "--watch", "1", "-o", os.devnull),
            stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT,
        )
    try:
        wait_until(lambda: "round 1:" in log.read_text(), 60)
        shutil.copy(SAMPLES / SCAN_BOUNCES[0], maildir / "new" / "later.test")  # a copy: stored already
        wait_until(lambda: "round 3:" in log.read_text(), 60)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    assert process.returncode == 0
    lines = log.read_text().splitlines()
    rounds = [line for line in lines if re.search(r": round \d+: ", line)]
    assert f": round 1: {len(SCAN_BOUNCES)} new messages" in rounds[0]
    assert all(": round 2: 0 new messages" in line or "round 2" not in line for line in rounds)
    assert any("already stored" in line for line in rounds[1:])  # the copy, seen in round 2 or 3
    assert "\r" not in log.read_text()
