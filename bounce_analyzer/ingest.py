"""Sources to messages: (source id, raw bytes) for every message a PATH holds.

A PATH may be a message file, an mbox (any size, streamed), a directory (recursively, a
Maildir's `cur/` and `new/` among them, `tmp/` skipped), `-` for standard input, and any of
these compressed as .gz, .bz2 or .xz. Source ids are stable: the path, and `PATH:N` (1-based)
for the N-th message of an mbox. Files are visited in sorted order so output is deterministic.

Nothing here holds more than one message in memory at a time.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, cast

# The envelope line that starts each message of an mbox (RFC 4155): "From sender date".
# Bodies may hold unquoted lines that begin with "From ", so the line must also carry a
# time of day, as every envelope written by an MTA or mail client does.
ENVELOPE_LINE = re.compile(rb"From \S{0,512}[ \t].{0,120}?\d{1,2}:\d\d")

# mboxrd quoting: a body line ">From ", ">>From " ... had one ">" added when it was stored.
QUOTED_FROM_LINE = re.compile(rb"^>(>*From )", re.MULTILINE)

COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz")

# What compressed data starts with, for standard input (it has no file name): gzip (RFC 1952
# section 2.3.1), bzip2 ("BZh" and the block size digit), xz (its format specification,
# section 2.1.1.1), zstd (RFC 8878 section 3.1.1; recognised to say so, not decompressed: the
# standard library of this Python has no zstd).
MAGIC = ((b"\x1f\x8b", ".gz"), (b"BZh", ".bz2"), (b"\xfd7zXZ\x00", ".xz"), (b"(\xb5/\xfd", ".zst"))


def decompressing(suffix: str, raw: BinaryIO) -> BinaryIO:
    """A decompressing reader over an opened file; closing that file ends both."""
    if suffix == ".gz":
        return cast(BinaryIO, gzip.GzipFile(fileobj=raw, mode="rb"))
    if suffix == ".bz2":
        return cast(BinaryIO, bz2.BZ2File(raw, "rb"))
    return cast(BinaryIO, lzma.LZMAFile(raw, "rb"))

# Files kept beside mail that are not mail: expected-verdict files, notes, READMEs.
SIDECAR_SUFFIXES = (".json", ".jsonl", ".md")

READ_SIZE = 1 << 16


class LimitExceeded(Exception):
    """A configured size limit stopped reading a source or a message."""


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One message as read: its source id (the file, or PATH:N for the Nth in an mbox) and bytes."""

    source: str
    data: bytes


@dataclass(frozen=True, slots=True)
class ReadError:
    """A source, or one message in it, that could not be read; the run goes on."""

    source: str
    stage: str
    error: str


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Limits on what is read: larger messages and decompression bombs become errors."""

    max_message_size: int = 64 << 20
    max_decompressed_size: int = 16 << 30
    # Real mail compresses 5-50 times; a stream that grows more than this many times over
    # its compressed bytes is a decompression bomb (checked once past 64 MiB out).
    max_compression_ratio: int = 1000


class Reading:
    """How far reading has got, for a progress display (`bounce_analyzer.progress`): the bytes
    of the files finished and the file being read (its position is asked for when the display
    is drawn, so reading pays one assignment per file)."""

    def __init__(self) -> None:
        self.finished_bytes = 0
        self.current: BinaryIO | None = None

    def bytes_read(self) -> int:
        current = self.current
        try:
            return self.finished_bytes + (current.tell() if current is not None else 0)
        except (OSError, ValueError):  # closed meanwhile, or not seekable (a pipe)
            return self.finished_bytes


READING = Reading()


class UsageError(Exception):
    """A PATH named on the command line does not exist or cannot be opened."""


def check_paths(paths: Iterable[str]) -> None:
    """Fail early, before any output, for a named path that does not exist."""
    for path in paths:
        if path != "-" and not os.path.exists(path):
            raise UsageError(f"no such file or directory: {path}")
        if path != "-" and not os.access(path, os.R_OK):
            raise UsageError(f"cannot read {path}: permission denied")


def iter_messages(
    paths: Iterable[str], options: IngestOptions = IngestOptions()
) -> Iterator[RawMessage | ReadError]:
    """Every message of every path, in order, with read errors in their place."""
    for path in paths:
        if path == "-":
            yield from read_standard_input(options)
        elif os.path.isdir(path):
            for file in walk_directory(path):
                if isinstance(file, ReadError):
                    yield file
                else:
                    yield from read_file(file, options)
        else:
            yield from read_file(path, options)


def read_standard_input(options: IngestOptions) -> Iterator[RawMessage | ReadError]:
    """Standard input, decompressed when its first bytes say it is compressed (`MAGIC`)."""
    stdin = sys.stdin.buffer
    head = b""
    while len(head) < 6:  # a pipe may hand over the magic bytes in pieces
        more = stdin.read(6 - len(head))
        if not more:
            break
        head += more
    stream = cast(BinaryIO, Prefixed(head, stdin))
    suffix = next((kind for magic, kind in MAGIC if head.startswith(magic)), "")
    if suffix == ".zst":
        yield ReadError("-", "read", "zstd-compressed input is not supported: decompress it first (zstd -dc)")
        return
    if suffix:
        yield from read_stream(BombGuard(decompressing(suffix, stream), stream, options), "-", options)
    else:
        yield from read_stream(stream, "-", options)


class Prefixed:
    """A stream whose first bytes were already read (`head`), then the rest of it; tell()
    counts from the start, as BombGuard's ratio check needs."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head, self.rest, self.position = head, rest, 0

    def read(self, size: int = -1) -> bytes:
        if self.head:
            if size < 0:
                chunk, self.head = self.head + self.rest.read(), b""
            else:
                chunk, self.head = self.head[:size], self.head[size:]
        else:
            chunk = self.rest.read(size)
        self.position += len(chunk)
        return chunk

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position


def walk_directory(root: str) -> Iterator[str | ReadError]:
    """Every file below root, sorted, skipping dot-entries, sidecar files and Maildir tmp/;
    a folder that cannot be listed is a ReadError in its place (never skipped in silence).

    Paths stay strings: a Path per file cost more than reading a small message."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as error:
        yield ReadError(root, "read", f"cannot list folder: {error.strerror or error}")
        return
    is_maildir = {e.name for e in entries if e.is_dir()} >= {"cur", "new"}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            if is_maildir and entry.name == "tmp":
                continue  # messages still being delivered (Maildir specification)
            yield from walk_directory(entry.path)
        elif (entry.is_file() or entry.is_symlink()) and not entry.name.endswith(SIDECAR_SUFFIXES):
            yield entry.path  # a dangling link is yielded too, to be reported, not skipped


def read_file(path: str, options: IngestOptions) -> Iterator[RawMessage | ReadError]:
    suffix = os.path.splitext(path)[1].lower()
    try:
        raw: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        yield ReadError(path, "read", error.strerror or str(error))
        return
    with raw:
        READING.current = raw
        compressed = suffix in COMPRESSED_SUFFIXES
        stream = BombGuard(decompressing(suffix, raw), raw, options) if compressed else raw
        try:
            yield from read_stream(stream, path, options)
        finally:
            READING.current = None
            READING.finished_bytes += os.fstat(raw.fileno()).st_size


class BombGuard:
    """A decompressing stream that stops at the size and ratio limits (a decompression bomb).

    Reading is streamed, so a bomb cannot exhaust memory; these limits keep it from taking
    hours of CPU instead, with a clear error naming the option to raise.
    """

    RATIO_CHECK_AFTER = 64 << 20

    def __init__(self, stream: BinaryIO, raw: BinaryIO, options: IngestOptions) -> None:
        self.stream, self.raw, self.options = stream, raw, options
        self.total = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.total += len(chunk)
        limit = self.options.max_decompressed_size
        if self.total > limit:
            raise LimitExceeded(
                f"decompressed size exceeds the limit of {limit} bytes (--max-decompressed-size)"
            )
        if self.total > self.RATIO_CHECK_AFTER:
            ratio = self.total / max(self.raw.tell(), 1)
            if ratio > self.options.max_compression_ratio:
                raise LimitExceeded(
                    f"decompressed data is {ratio:.0f} times its compressed size, over the limit of "
                    f"{self.options.max_compression_ratio} (a decompression bomb?)"
                )
        return chunk


def read_stream(
    stream: BinaryIO | BombGuard, source: str, options: IngestOptions
) -> Iterator[RawMessage | ReadError]:
    """The messages of one stream: one message, or an mbox when it starts with "From "."""
    try:
        head = stream.read(READ_SIZE)
        while 0 < len(head) < 5:  # a pipe may hand over fewer bytes than "From " has
            more = stream.read(READ_SIZE)
            if not more:
                break
            head += more
        if not head:
            return  # an empty file holds no message
        if head.startswith(b"From "):
            blocks = iter_blocks(stream, max_line=options.max_message_size + 1, head=head)
            yield from split_mbox(blocks, source, options)
        else:
            yield from single_message(head, stream, source, options)
    except LimitExceeded as error:
        yield ReadError(source, "limit", str(error))
    except (OSError, EOFError, lzma.LZMAError) as error:
        yield ReadError(source, "read", f"{type(error).__name__}: {error}")


def single_message(
    head: bytes, stream: BinaryIO | BombGuard, source: str, options: IngestOptions
) -> Iterator[RawMessage | ReadError]:
    """The rest of the stream as one message, read in large chunks (no line splitting), with
    the line endings that `iter_lines` gives: LF only, and one at the end."""
    limit = options.max_message_size
    chunks = [head]
    size = len(head) - head.count(b"\r\n")  # its size once CRLF is LF
    cr_at_end = head.endswith(b"\r")
    while size <= limit:
        chunk = stream.read(READ_SIZE)
        if not chunk:
            break
        size += len(chunk) - chunk.count(b"\r\n") - (cr_at_end and chunk.startswith(b"\n"))
        cr_at_end = chunk.endswith(b"\r")
        chunks.append(chunk)
    data = b"".join(chunks)
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if not data.endswith(b"\n"):
        data += b"\n"
    if len(data) > limit:
        yield ReadError(source, "limit", too_big(options))  # the rest is left unread
    elif data.strip():
        yield RawMessage(source, data)


def split_mbox(
    blocks: Iterable[bytes], source: str, options: IngestOptions
) -> Iterator[RawMessage | ReadError]:
    """Split an mbox into messages; the envelope lines themselves are dropped.

    Works on blocks of whole lines (`iter_blocks`), searching each for "\\nFrom " and testing
    only those lines against ENVELOPE_LINE: a loop over every line in Python was most of the
    time spent reading an mbox (3 times a plain search; issue 15, "Speed").
    """
    limit = options.max_message_size
    index = 1
    parts: list[bytes] = []
    size = 0
    oversized = False

    def add(text: bytes) -> None:
        nonlocal parts, size, oversized
        if oversized or not text:
            return
        if b">From " in text:  # every quoted line holds it
            text = QUOTED_FROM_LINE.sub(rb"\1", text)
        size += len(text)
        if size > limit:
            oversized, parts = True, []
            return
        parts.append(text)

    first = True
    for block in blocks:
        if not block.endswith(b"\n"):
            # A piece of a line longer than the size limit: the message is too big anyway.
            if first:
                first = False  # the envelope line's first piece, dropped as a line would be
            else:
                add(block)
            continue
        pos = block.find(b"\n") + 1 if first else 0  # the first line is the first envelope
        first = False
        start = pos  # where the text of the current message in this block starts
        while True:  # pos is at a line start
            if block.startswith(b"From ", pos):
                at = pos
            else:
                at = block.find(b"\nFrom ", pos)
                if at < 0:
                    break
                at += 1
            stop = block.index(b"\n", at) + 1  # the block ends with a line end
            if ENVELOPE_LINE.match(block, at, stop):
                add(block[start:at])
                yield from finish(parts, oversized, f"{source}:{index}", options)
                index += 1
                parts, size, oversized = [], 0, False
                start = stop
            pos = stop
        add(block[start:])
    yield from finish(parts, oversized, f"{source}:{index}", options)


def finish(
    parts: list[bytes], oversized: bool, source: str, options: IngestOptions
) -> Iterator[RawMessage | ReadError]:
    if oversized:
        yield ReadError(source, "limit", too_big(options))
        return
    data = b"".join(parts)
    if data.strip():
        yield RawMessage(source, data)


def too_big(options: IngestOptions) -> str:
    return f"message larger than the limit of {options.max_message_size} bytes (--max-message-size)"


def iter_lines(
    stream: BinaryIO | BombGuard, max_line: int = 64 << 20, head: bytes = b""
) -> Iterator[bytes]:
    """Lines of a byte stream, each ending in b"\\n", whatever the file's line endings
    (`iter_blocks`); a line longer than max_line comes in pieces of at most max_line."""
    for block in iter_blocks(stream, max_line, head):
        if not block.endswith(b"\n"):
            yield block  # a piece of a line longer than max_line
            continue
        for line in block.split(b"\n")[:-1]:
            while len(line) > max_line:
                yield line[:max_line]
                line = line[max_line:]
            yield line + b"\n"


def iter_blocks(
    stream: BinaryIO | BombGuard, max_line: int = 64 << 20, head: bytes = b""
) -> Iterator[bytes]:
    """A byte stream as blocks of whole lines, each line ending in b"\\n", whatever the file's
    line endings; a block is about one read (READ_SIZE) plus the line that read finished.

    CRLF and CR-only endings are turned into LF as the stream is read, so an mbox written on
    any system splits the same way. A CR at the end of one chunk may be the first half of a
    CRLF, so it is held back until the next chunk says. A line that grows past max_line
    before it ends comes as pieces of max_line bytes (blocks that do not end in b"\\n"), so a
    file without line breaks cannot grow one line without bound. `head` is what was already
    read from the stream.
    """
    pending: list[bytes] = []  # the unfinished line, in pieces: joined once, when it ends
    pending_size = 0
    held_cr = False
    while True:
        chunk, head = head or stream.read(READ_SIZE), b""
        if not chunk:
            break
        if held_cr:
            chunk = b"\r" + chunk
        held_cr = chunk.endswith(b"\r")
        if held_cr:
            chunk = chunk[:-1]
        if b"\r" in chunk:
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        end = chunk.rfind(b"\n")
        if end < 0:
            # No line ends here: keep the piece. Copying the whole unfinished line again for
            # every chunk made a one-line file cost the square of its length.
            pending.append(chunk)
            pending_size += len(chunk)
            if pending_size > max_line:
                carry = b"".join(pending)
                while len(carry) > max_line:
                    yield carry[:max_line]
                    carry = carry[max_line:]
                pending, pending_size = [carry], len(carry)
            continue
        rest = chunk[end + 1 :]
        if pending:
            pending.append(chunk[: end + 1])
            yield b"".join(pending)
        else:
            yield chunk if not rest else chunk[: end + 1]
        pending, pending_size = ([rest], len(rest)) if rest else ([], 0)
    carry = b"".join(pending)
    if carry or held_cr:
        yield carry + b"\n"
