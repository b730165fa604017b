"""Kill `analyze --db` (or `scan`) at random moments, run it again, and check the history.

What it checks (issue 16): after every SIGKILL, each message in the history is there whole (as
many rows as its record says, all of them) or not at all, and no message is there twice; after
the last kill, one run to the end leaves every message stored exactly once with exactly the rows
an analysis without a history gives.

    python benchmarks/kill_loop.py                       # 50 kills, analyze --db, SQLite
    python benchmarks/kill_loop.py --mode scan --kills 30
    PGPASSWORD=... python benchmarks/kill_loop.py --db postgresql://user@host/dbname

The input is built here: an mbox (analyze) or a Maildir (scan) of distinct messages made from
samples/ (an X-Copy header makes each one unique), in a temporary directory deleted afterwards.
Prints one line per kill with --verbose, and a summary line; exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(ROOT))

from bounce_analyzer.model import MessageError
from bounce_analyzer.pipeline import Options, analyze
from bounce_analyzer.store import open_store

EVERY_ROW = Options(include_delivered=True, include_vacation=True)


@dataclass
class Result:
    kills: int = 0
    killed_mid_run: int = 0  # the process was still running when killed (the others had ended)
    messages_after_kills: list[int] | None = None  # messages stored when each kill landed
    partial: int = 0  # messages found stored in part after a kill (must stay 0)
    duplicates: int = 0  # messages found stored twice (must stay 0)
    final_ok: bool = False
    messages: int = 0
    rows: int = 0
    seconds: float = 0.0
    # the rows that differ from an analysis without a history: (message id, recipient, reason)
    # stored but not expected (+) and expected but not stored (-), a few of each
    difference: str = ""

    def line(self, mode: str, backend: str) -> str:
        stored = self.messages_after_kills or [0]
        return (
            f"{mode} --db {backend}: {self.kills} kills ({self.killed_mid_run} mid-run, messages "
            f"stored when killed {min(stored)}-{max(stored)} of {self.messages}); after each: "
            f"{self.partial} messages stored in part, {self.duplicates} stored twice; final run: "
            f"{'every message once, rows as expected' if self.final_ok else 'MISMATCH'} "
            f"({self.messages} messages, {self.rows} rows); {self.seconds:.0f} s"
            + (f"; {self.difference}" if self.difference else "")
        )


def variants(count: int) -> list[bytes]:
    samples = sorted(p for p in SAMPLES.glob("*.eml"))
    return [b"X-Copy: %d\n" % index + samples[index % len(samples)].read_bytes() for index in range(count)]


def write_mbox(path: Path, messages: list[bytes]) -> None:
    """An mboxrd file (RFC 4155): body lines starting with 'From ' (or '>From ') get a '>'."""
    with path.open("wb") as out:
        for data in messages:
            out.write(b"From bounces@example.com Mon Nov 30 09:00:00 2026\n")
            for line in data.replace(b"\r\n", b"\n").split(b"\n"):
                if line.lstrip(b">").startswith(b"From "):
                    line = b">" + line
                out.write(line + b"\n")
            out.write(b"\n")


def write_maildir(root: Path, messages: list[bytes]) -> None:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for index, data in enumerate(messages):
        (root / "new" / f"{index:06d}.kill.test").write_bytes(data)


def expected_rows(paths: list[str]) -> Counter[tuple[str, str, str]]:
    """(message id, recipient, reason) of every row an analysis without a history gives."""
    return Counter(
        (row.message_id, row.recipient, row.reason)
        for row in analyze(paths, EVERY_ROW)
        if not isinstance(row, MessageError)
    )


def stored_rows(db: str) -> Counter[tuple[str, str, str]]:
    store = open_store(db, readonly=True)
    try:
        return Counter((r.verdict.message_id, r.verdict.recipient, r.verdict.reason) for r in store.verdicts())
    finally:
        store.close()


def check_whole(db: str) -> tuple[int, int, int]:
    """(messages stored, messages stored in part, digests stored twice)."""
    store = open_store(db, readonly=True)
    try:
        run = store.execute  # type: ignore[attr-defined]
        messages = int(run("SELECT count(*) FROM messages").fetchone()[0])
        partial = int(run(
            "SELECT count(*) FROM messages m WHERE m.rows <> "
            "(SELECT count(*) FROM verdicts v WHERE v.message = m.id)"
        ).fetchone()[0])
        twice = int(run("SELECT count(*) FROM (SELECT digest FROM messages GROUP BY digest HAVING count(*) > 1) d")
                    .fetchone()[0])
        return messages, partial, twice
    finally:
        store.close()


POLL = 0.02  # seconds between looks at a run waiting for its kill


def run_loop(
    *, kills: int, messages: int, mode: str = "analyze", db: str | None = None, work: Path,
    seed: int = 16, max_delay: float = 0.0, verbose: bool = False,
) -> Result:
    rng = random.Random(seed)
    data = variants(messages)
    if mode == "analyze":
        source = work / "bounces.mbox"
        write_mbox(source, data)
        paths = [str(source)]
    else:
        source = work / "Maildir"
        write_maildir(source, data)
        paths = [str(source)]
    want = expected_rows(paths)
    history = db or str(work / "history.sqlite3")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = Result(messages=messages, messages_after_kills=[])
    started = time.monotonic()
    if max_delay <= 0:
        # Kill anywhere in a whole run: time one first (analyze into a scratch history; start-up
        # included, so that some kills land before the first commit, most during the run). The
        # second of two runs: the first may fill the pattern and rule caches.
        for scratch in ("scratch-1.sqlite3", "scratch-2.sqlite3"):
            begun = time.monotonic()
            calibrate = [sys.executable, "-m", "bounce_analyzer", "analyze", *paths, "--db",
                         str(work / scratch), "-o", os.devnull, "-q", "--jobs", "1"]
            subprocess.run(calibrate, env=env, capture_output=True, check=False)
            max_delay = time.monotonic() - begun
        started = time.monotonic()
    for attempt in range(kills):
        if mode == "analyze":
            jobs = "2" if attempt % 2 else "1"  # the worker processes' path and the in-process one
            command = [sys.executable, "-m", "bounce_analyzer", "analyze", str(source), "--db", history,
                       "-o", os.devnull, "-q", "--jobs", jobs]
        else:
            command = [sys.executable, "-m", "bounce_analyzer", "scan", str(source), "--db", history,
                       "--move-to", "Done", "-o", os.devnull, "-q"]
        process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
        begun = time.monotonic()
        deadline = begun + rng.uniform(0.1, max_delay)
        # Watched while waiting: a run that ends first tells how long a run takes now (on a
        # shared machine, other jobs can make the timed run before slower than these), and
        # the next kills are drawn within that.
        while (now := time.monotonic()) < deadline:
            if process.poll() is not None:
                max_delay = max(0.2, now - begun)
                break
            time.sleep(min(POLL, deadline - now))
        running = process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait()
        result.kills += 1
        result.killed_mid_run += running
        try:
            stored, partial, twice = check_whole(history)
        except Exception:  # noqa: BLE001 - killed before the database was created
            stored, partial, twice = 0, 0, 0
        result.messages_after_kills.append(stored)  # type: ignore[union-attr]
        result.partial += partial
        result.duplicates += twice
        if verbose:
            print(f"kill {attempt + 1}: {'mid-run' if running else 'after the end'}, {stored} messages "
                  f"stored, {partial} in part, {twice} twice", flush=True)
    if mode == "analyze":
        final = subprocess.run([sys.executable, "-m", "bounce_analyzer", "analyze", str(source), "--db", history,
                                "-o", os.devnull, "-q"], env=env, capture_output=True, text=True, check=False)
    else:
        final = subprocess.run([sys.executable, "-m", "bounce_analyzer", "scan", str(source), "--db", history,
                                "--move-to", "Done", "-o", os.devnull, "-q"], env=env, capture_output=True,
                               text=True, check=False)
    if final.returncode != 0:
        print(final.stderr, file=sys.stderr)
    stored, partial, twice = check_whole(history)
    got = stored_rows(history)
    result.rows = sum(got.values())
    result.final_ok = final.returncode == 0 and stored == messages and not partial and not twice and got == want
    if got != want:
        extra, missing = sorted((got - want).elements())[:3], sorted((want - got).elements())[:3]
        result.difference = f"+{extra} -{missing}"
    if mode == "scan":
        on_disk = sum(1 for folder in (source, source / ".Done") for sub in ("new", "cur")
                      if (folder / sub).is_dir() for _ in (folder / sub).iterdir())
        store = open_store(history, readonly=True)
        try:  # every move a killed run left undone was done by the last run
            pending = int(store.execute("SELECT count(*) FROM locations WHERE handled = 0").fetchone()[0])  # type: ignore[attr-defined]
        finally:
            store.close()
        result.final_ok = result.final_ok and on_disk == messages and pending == 0  # nothing lost
    result.seconds = time.monotonic() - started
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument("--mode", choices=("analyze", "scan"), default="analyze")
    parser.add_argument("--db", help="a postgresql:// URL (default: a SQLite file in the work directory)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--max-delay", type=float, default=0.0,
                        help="kill at most this many seconds in (default: the time of a whole run)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ba-kill-loop-"))
    try:
        result = run_loop(kills=args.kills, messages=args.messages, mode=args.mode, db=args.db, work=work,
                          seed=args.seed, max_delay=args.max_delay, verbose=args.verbose)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(result.line(args.mode, "PostgreSQL" if args.db else "SQLite"))
    return 0 if result.final_ok and not result.partial and not result.duplicates else 1


if __name__ == "__main__":
    sys.exit(main())
