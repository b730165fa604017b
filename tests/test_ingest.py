"""Ingest: every kind of PATH gives its messages with stable source ids, in sorted order."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import sys
from pathlib import Path

import pytest

from bounce_analyzer import ingest
from bounce_analyzer.ingest import IngestOptions, RawMessage, ReadError, iter_lines, iter_messages

from .conftest import SAMPLES

ONE = (SAMPLES / "rfc3464-single-userunknown.eml").read_bytes()
TWO = (SAMPLES / "rfc3464-delayed.eml").read_bytes()


def mbox(*messages: bytes) -> bytes:
    return b"".join(b"From MAILER-DAEMON  Mon Nov  9 09:00:00 2026\n" + m + b"\n" for m in messages)


DEFAULTS = IngestOptions()


def read(*paths: Path | str, options: IngestOptions = DEFAULTS) -> list[RawMessage | ReadError]:
    return list(iter_messages([str(p) for p in paths], options))


def test_single_file_is_one_message_with_its_path_as_source(tmp_path: Path) -> None:
    path = tmp_path / "any-name.txt"
    path.write_bytes(ONE)
    assert read(path) == [RawMessage(str(path), ONE)]


def test_file_starting_with_from_line_is_an_mbox(tmp_path: Path) -> None:
    path = tmp_path / "two.eml"
    path.write_bytes(mbox(ONE, TWO))
    got = read(path)
    assert [m.source for m in got] == [f"{path}:1", f"{path}:2"]
    assert got[0].data.startswith(b"Return-Path: <>")  # the envelope line is not part of it
    assert b"erin@example.org" in got[1].data


def test_mbox_unquotes_from_lines_and_keeps_unquoted_body_lines(tmp_path: Path) -> None:
    body = b"Subject: x\n\nline one\n>From the archive\n>>From twice\nFrom here on, no time given\n"
    path = tmp_path / "box"
    path.write_bytes(mbox(body))
    (message,) = read(path)
    assert isinstance(message, RawMessage)
    assert b"\nFrom the archive\n>From twice\nFrom here on, no time given\n" in message.data


@pytest.mark.parametrize("ending", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_line_endings_split_the_same_as_lf(tmp_path: Path, ending: bytes) -> None:
    lf = tmp_path / "lf"
    lf.write_bytes(mbox(ONE, TWO))
    other = tmp_path / "other"
    other.write_bytes(mbox(ONE, TWO).replace(b"\n", ending))
    assert [m.data for m in read(lf)] == [m.data for m in read(other)]


@pytest.mark.parametrize("read_size", [1, 2, 5, 7, 64, 1 << 16])
def test_mbox_splits_the_same_however_its_reads_split(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, read_size: int
) -> None:
    """The splitter searches blocks of whole lines for envelopes; where the reads end must not
    matter (an envelope, a quoted ">From " or a CRLF cut in two by a read)."""
    quoted = b"Subject: q\r\n\r\n>From a quoted line\r\n>>From twice\r\nFrom here, no time\r\n"
    path = tmp_path / "box"
    path.write_bytes(mbox(ONE, quoted, b"\n \n", TWO))
    expected = [
        RawMessage(f"{path}:1", ONE + b"\n"),
        RawMessage(f"{path}:2", b"Subject: q\n\nFrom a quoted line\n>From twice\nFrom here, no time\n\n"),
        RawMessage(f"{path}:4", TWO + b"\n"),  # the third holds only blank lines
    ]
    monkeypatch.setattr(ingest, "READ_SIZE", read_size)
    assert read(path) == expected


def test_iter_lines_holds_back_a_cr_split_across_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "READ_SIZE", 1)
    assert list(iter_lines(io.BytesIO(b"a\r\nb\rc\nd"))) == [b"a\n", b"b\n", b"c\n", b"d\n"]


@pytest.mark.parametrize("read_size", [1, 2, 3, 7, 1 << 16])
def test_a_single_message_gets_lf_endings_however_its_reads_split(
    monkeypatch: pytest.MonkeyPatch, read_size: int
) -> None:
    monkeypatch.setattr(ingest, "READ_SIZE", read_size)
    raw = b"Subject: x\r\n\r\nline\rnext\r\r\nend"
    found = list(ingest.read_stream(io.BytesIO(raw), "s", DEFAULTS))
    assert found == [RawMessage("s", b"Subject: x\n\nline\nnext\n\nend\n")]


@pytest.mark.parametrize("raw, limit, fits", [
    (b"Subject: one line, no line end", 30, False),  # 31 bytes once it ends in LF
    (b"Subject: one line, no line end", 31, True),
    (b"Subject: x\r\n\r\nbody\r\n", 17, True),  # 17 bytes once CRLF is LF
    (b"Subject: x\r\n\r\nbody\r\n", 16, False),
])
def test_the_size_limit_counts_the_message_as_it_is_analysed(raw: bytes, limit: int, fits: bool) -> None:
    found = list(ingest.read_stream(io.BytesIO(raw), "s", IngestOptions(max_message_size=limit)))
    assert [type(item) for item in found] == [RawMessage if fits else ReadError]


def test_directory_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.eml").write_bytes(TWO)
    (tmp_path / "a.eml").write_bytes(ONE)
    (tmp_path / "c.expected.json").write_text("[]")  # sidecar files are not mail
    (tmp_path / ".hidden").write_bytes(ONE)
    assert [m.source for m in read(tmp_path)] == [str(tmp_path / "a.eml"), str(tmp_path / "b" / "2.eml")]


def test_maildir_reads_cur_and_new_and_skips_tmp(tmp_path: Path) -> None:
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    (tmp_path / "cur" / "1762000000.M1P1.host:2,S").write_bytes(ONE)
    (tmp_path / "new" / "1762000001.M2P2.host").write_bytes(TWO)
    (tmp_path / "tmp" / "1762000002.M3P3.host").write_bytes(ONE)
    assert [Path(m.source).parent.name for m in read(tmp_path)] == ["cur", "new"]


@pytest.mark.parametrize("suffix,opener", [(".gz", gzip.open), (".bz2", bz2.open), (".xz", lzma.open)])
def test_compressed_files_and_mboxes(tmp_path: Path, suffix: str, opener) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"bounces.mbox{suffix}"
    with opener(path, "wb") as handle:
        handle.write(mbox(ONE, TWO))
    assert [m.source for m in read(path)] == [f"{path}:1", f"{path}:2"]


def test_decompression_bomb_stops_with_an_error_record(tmp_path: Path) -> None:
    path = tmp_path / "bomb.gz"
    with gzip.open(path, "wb") as handle:
        handle.write(b"Subject: x\n\n" + b"A" * (4 << 20))
    (error,) = read(path, options=IngestOptions(max_decompressed_size=1 << 20))
    assert isinstance(error, ReadError) and "decompressed size" in error.error and error.stage == "limit"


def test_decompression_ratio_stops_a_bomb_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest.BombGuard, "RATIO_CHECK_AFTER", 1 << 20)
    path = tmp_path / "zeros.xz"
    with lzma.open(path, "wb") as handle:
        handle.write(b"Subject: x\n\n" + b"\0" * (8 << 20))
    (error,) = read(path)
    assert isinstance(error, ReadError) and "times its compressed size" in error.error


def test_message_over_the_size_limit_is_an_error_and_the_next_one_is_read(tmp_path: Path) -> None:
    path = tmp_path / "box"
    path.write_bytes(mbox(b"Subject: big\n\n" + b"x" * 5000 + b"\n", ONE))
    got = read(path, options=IngestOptions(max_message_size=4000))
    assert isinstance(got[0], ReadError) and got[0].source == f"{path}:1"
    assert isinstance(got[1], RawMessage) and got[1].source == f"{path}:2"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(mbox(ONE, TWO))))
    assert [m.source for m in read("-")] == ["-:1", "-:2"]


def test_empty_and_blank_files_hold_no_message(tmp_path: Path) -> None:
    (tmp_path / "empty").write_bytes(b"")
    (tmp_path / "blank").write_bytes(b"\n\n")
    assert read(tmp_path) == []


def test_unreadable_file_in_a_directory_is_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(ONE)
    (tmp_path / "b.eml").symlink_to(tmp_path / "gone.eml")  # dangling: cannot be opened
    (tmp_path / "c.eml").write_bytes(TWO)
    got = read(tmp_path)
    assert [type(m).__name__ for m in got] == ["RawMessage", "ReadError", "RawMessage"]
    assert got[1].source == str(tmp_path / "b.eml")


def test_check_paths_names_a_missing_path() -> None:
    with pytest.raises(ingest.UsageError, match="no such file or directory: /nonexistent/x"):
        ingest.check_paths(["/nonexistent/x"])
