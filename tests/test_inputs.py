"""Every input accounted for: unreadable files and folders are error records, compressed data
on standard input is recognised by its first bytes (issue 17)."""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from bounce_analyzer.cli import main

from .conftest import ROOT, SAMPLES

SINGLE = SAMPLES / "rfc3464-single-userunknown.eml"


def run(*args: str, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=stdin)


@pytest.mark.parametrize("compress", [gzip.compress, bz2.compress, lzma.compress, lambda data: data],
                         ids=["gzip", "bzip2", "xz", "plain"])
def test_compressed_standard_input_is_recognised_by_its_magic_bytes(compress) -> None:  # type: ignore[no-untyped-def]
    result = run("analyze", "-", "--format", "jsonl", stdin=compress(SINGLE.read_bytes()))
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (row["source"], row["recipient"], row["reason"]) == ("-", "alice.nobody@example.com", "userunknown")


def test_a_compressed_mbox_on_standard_input_gives_every_message() -> None:
    mbox = SAMPLES / "mbox-several.mbox"
    plain = run("analyze", str(mbox), "--format", "jsonl").stdout.splitlines()
    piped = run("analyze", "-", "--format", "jsonl", stdin=gzip.compress(mbox.read_bytes())).stdout.splitlines()
    assert len(piped) == len(plain) > 1
    assert [json.loads(x)["recipient"] for x in piped] == [json.loads(x)["recipient"] for x in plain]


def test_zstd_on_standard_input_is_named_not_called_a_non_bounce() -> None:
    # A zstd frame header (RFC 8878 section 3.1.1) and some bytes: no zstd in the standard library.
    result = run("analyze", "-", "--strict", stdin=b"\x28\xb5\x2f\xfd" + b"\x00" * 40)
    assert result.exit_code == 1
    assert "-: not analysed (read): zstd-compressed input is not supported" in result.stderr
    assert "1 failed" in result.stderr


@pytest.fixture
def unreadable_tree() -> Iterator[Path]:
    """A folder holding a readable message, an unreadable subfolder and an unreadable file.
    Outside pytest's tmp_path (mode 0700): the run below may be as an unprivileged user."""
    root = Path(tempfile.mkdtemp(prefix="bounce-analyzer-unreadable-"))
    try:
        root.chmod(0o755)
        shutil.copy(SINGLE, root / "a.eml")
        (root / "locked").mkdir()
        shutil.copy(SINGLE, root / "locked" / "b.eml")
        shutil.copy(SINGLE, root / "c.eml")
        (root / "a.eml").chmod(0o644)
        (root / "locked").chmod(0o000)
        (root / "c.eml").chmod(0o000)
        yield root
    finally:
        (root / "locked").chmod(0o755)
        shutil.rmtree(root, ignore_errors=True)


def as_unprivileged_user() -> list[str]:
    """The command prefix that drops root (root reads any file whatever its mode)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")  # util-linux, in every Debian
    if setpriv is None:
        pytest.skip("running as root without setpriv: unreadable files cannot be made")
    nobody = pwd.getpwnam("nobody")
    prefix = [setpriv, f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "import bounce_analyzer.cli"], cwd=ROOT,
                           capture_output=True, text=True, check=False)
    if probe.returncode == 0:
        return prefix
    # A checkout or interpreter only root may read (below /root, or a private temporary folder):
    # stay root but without capabilities, so file modes bind root as they bind anyone (no
    # CAP_DAC_OVERRIDE or CAP_DAC_READ_SEARCH: a mode 000 file or folder cannot be read).
    prefix = [setpriv, "--bounding-set=-all", "--inh-caps=-all"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "import bounce_analyzer.cli"], cwd=ROOT,
                           capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"cannot run this checkout's Python without privileges: {probe.stderr.strip()[-200:]}")
    return prefix


def test_unreadable_files_and_folders_are_error_records_counted_by_strict(unreadable_tree: Path) -> None:
    done = subprocess.run(
        [*as_unprivileged_user(), sys.executable, "-m", "bounce_analyzer", "analyze", str(unreadable_tree), "--format", "jsonl",
         "--errors", "-", "--strict", "-o", os.devnull],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert done.returncode == 1, done.stderr  # --strict: something was not analysed
    errors = {row["source"]: row for row in csv.DictReader(io.StringIO(done.stdout.lstrip("\ufeff")))}
    assert set(errors) == {str(unreadable_tree / "locked"), str(unreadable_tree / "c.eml")}
    assert errors[str(unreadable_tree / "locked")]["error"] == "cannot list folder: Permission denied"
    assert errors[str(unreadable_tree / "c.eml")]["error"] == "Permission denied"
    assert f"{unreadable_tree / 'locked'}: not analysed (read)" in done.stderr
    assert "3 messages read: 1 with verdicts (1 rows), 0 not bounces or nothing to report, 2 failed" in done.stderr
