"""The fast MIME parser builds exactly the standard library's tree, or declines.

Compared on every sample, on the corpus when it is present (read in place), and on generated
messages that walk the standard library's odd corners: nested multiparts whose boundaries
share a prefix or are equal, missing closing boundaries, preambles and epilogues, delivery
status blocks separated by several blank lines, folded and empty header values, envelope
lines, a missing blank line after the header, text with no final newline.
"""

from __future__ import annotations

import email
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bounce_analyzer import mime, parse
from bounce_analyzer.mime import FastParser, boundary_of

from .conftest import corpus_or_skip

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def tree(message: email.message.Message) -> object:
    """Everything the analyzer can read from a parsed message, as plain data."""
    payload = message._payload  # type: ignore[attr-defined]
    return (
        message.get_content_type(),  # the fast parser's, kept on the part, against a fresh one
        message.get_unixfrom(),
        list(message._headers),  # type: ignore[attr-defined]
        message.get_default_type(),
        message.preamble,
        message.epilogue,
        [tree(child) for child in payload] if isinstance(payload, list) else payload,
    )


def as_text(data: bytes) -> str:
    """What parse_bytes hands to the parsers: NULs dropped, LF line ends, bytes as escapes."""
    data = data.replace(b"\0", b"").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data.decode("ascii", "surrogateescape")


def fast(text: str) -> email.message.Message | None:
    return FastParser(text, parse._new_part).parse()


def standard(text: str) -> email.message.Message:
    return email.message_from_string(text, policy=parse.POLICY)


def assert_same_or_declined(text: str) -> bool:
    """True when the fast parser took the message (and built the standard library's tree)."""
    built = fast(text)
    if built is None:
        return False
    assert tree(built) == tree(standard(text))
    return True


def message_files(folder: Path) -> list[Path]:
    skip = (".json", ".jsonl", ".md")
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(skip))


@pytest.mark.parametrize("path", message_files(SAMPLES), ids=lambda p: p.name)
def test_every_sample_parses_fast_to_the_standard_tree(path: Path) -> None:
    # The samples are ordinary messages: the fast path must take them, not decline.
    assert assert_same_or_declined(as_text(path.read_bytes()))


def test_the_corpus_parses_to_the_standard_tree_and_rarely_declines() -> None:
    corpus = corpus_or_skip()
    files = message_files(corpus)
    taken = sum(assert_same_or_declined(as_text(path.read_bytes())) for path in files)
    assert taken >= 0.98 * len(files)


def test_parse_bytes_gives_the_standard_tree_for_what_the_fast_parser_declines() -> None:
    # A first header line that is a continuation: the standard library notes a defect.
    raw = b" folded\nSubject: x\n\nbody\n"
    assert fast(as_text(raw)) is None
    assert tree(parse.parse_bytes(raw)) == tree(standard(as_text(raw)))


@pytest.mark.parametrize("text", [
    "Content-Type: multipart/mixed; boundary=b\n\n--b\n--b\n\nx\n--b--\n",  # doubled boundary
    "Subject: a\nFrom someone\nTo: b\n\nx\n",  # an envelope line among the fields
    ": no name\n\nx\n",
    "Subject: a\r\n\r\nx\r\n",  # parse_bytes turns CR into LF before this parser
])
def test_rare_paths_are_left_to_the_standard_library(text: str) -> None:
    assert fast(text) is None


def test_the_defects_the_standard_library_records_stay_available() -> None:
    raw = b"Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n"  # never closed
    assert parse.parse_bytes(raw, standard=True).defects
    assert tree(parse.parse_bytes(raw)) == tree(parse.parse_bytes(raw, standard=True))


# -- generated messages ----------------------------------------------------------------------

BOUNDARIES = st.sampled_from(["b", "bb", "b1", "=_x", "b:c", "a'b(c)", ""])
NAMES = st.sampled_from(["Subject", "X-A", "To", "From", "Content-Description", "X-Empty"])
VALUES = st.sampled_from(["", " ", "hello", "a b ", "=?utf-8?q?x?=", "\u00e9t\u00e9", "x\n folded", "\n cont"])
LINES = st.sampled_from([
    "", "text", "--", "--b", "--b--", "--bb", "--b1--", "--b  ", "--b--x", "From x", "> q",
    "Name: value", " indented", "--=_x", "--a'b(c)--", "\u00e9",
])


@st.composite
def headers(draw: st.DrawFn, content_type: str | None) -> str:
    fields = [f"{draw(NAMES)}:{draw(st.sampled_from(['', ' ', '  ']))}{draw(VALUES)}"
              for _ in range(draw(st.integers(0, 3)))]
    if content_type is not None:
        fields.insert(draw(st.integers(0, len(fields))), f"Content-Type: {content_type}")
    if draw(st.booleans()) and fields:
        fields.insert(0, "From sender@example.com Mon Jan  1 00:00:00 2024")
    separator = draw(st.sampled_from(["\n", "\n", "\n", ""]))  # "" : no blank line
    return "".join(f + "\n" for f in fields) + separator


@st.composite
def free_text(draw: st.DrawFn) -> str:
    return "".join(line + "\n" for line in draw(st.lists(LINES, max_size=4)))


@st.composite
def part(draw: st.DrawFn, depth: int) -> str:
    kind = draw(st.sampled_from(
        ["leaf", "leaf", "status", "message", "multipart", "digest"] if depth < 3 else ["leaf", "status"]
    ))
    if kind == "leaf":
        return draw(headers(draw(st.sampled_from([None, "text/plain"])))) + draw(free_text())
    if kind == "status":
        blocks = [
            "".join(f"{n}: {v}\n" for n, v in draw(st.lists(st.tuples(NAMES, LINES), max_size=3)))
            + draw(free_text())
            for _ in range(draw(st.integers(0, 3)))
        ]
        gaps = [draw(st.sampled_from(["\n", "\n\n", ""])) for _ in blocks]
        return draw(headers("message/delivery-status")) + "".join(b + g for b, g in zip(blocks, gaps))
    if kind == "message":
        return draw(headers("message/rfc822")) + draw(part(depth + 1))
    boundary = draw(BOUNDARIES)
    subtype = "digest" if kind == "digest" else draw(st.sampled_from(["mixed", "report"]))
    quoted = draw(st.sampled_from([f'"{boundary}"', boundary]))
    text = draw(headers(f"multipart/{subtype}; boundary={quoted}" if draw(st.integers(0, 9)) else "multipart/mixed"))
    text += draw(free_text())  # preamble
    for _ in range(draw(st.integers(0, 3))):
        text += f"--{boundary}{draw(st.sampled_from(['', ' ', '--']))}\n" + draw(part(depth + 1))
    if draw(st.booleans()):
        text += f"--{boundary}--{draw(st.sampled_from(['', '  ']))}\n" + draw(free_text())
    return text


@settings(max_examples=1500, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(part(0), st.booleans())
def test_generated_messages_parse_to_the_standard_tree(text: str, cut_last_newline: bool) -> None:
    if cut_last_newline:
        text = text.rstrip("\n")
    assert_same_or_declined(text)


# Content-Type values: boundary_of reads the plain ones itself and leaves the rest (quotes
# around a ";", backslashes, RFC 2231 "*" parameters, 8-bit text) to the standard library.
PARAMETER_NAMES = st.sampled_from([
    "boundary", "BOUNDARY", " Boundary ", "charset", "report-type", "boundary*", "boundary*0",
    "boundary*1*", "", "x y",
])
PARAMETER_VALUES = st.sampled_from([
    "b", '"b"', '"<b>"', '<"b">', '""b""', "<b>", " b ", "", '"', '"b', 'b"', '"a;b"', "a;b",
    '"a\\"b"', '"x\\"', "a\\b", '"a\\b"', '"a\\\\b"', "utf-8''%41", "\u00e9", '"a b  "', "b\n c", "=b", "b=c", "*",
])


@st.composite
def content_types(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(["multipart/mixed", "multipart/report", " Multipart/Digest "]))
    for _ in range(draw(st.integers(0, 4))):
        text += draw(st.sampled_from([";", "; ", ";;", ";\n ", " ;"]))
        text += draw(PARAMETER_NAMES) + draw(st.sampled_from(["=", " = ", "=", ""]))
        text += draw(PARAMETER_VALUES)
    return text + draw(st.sampled_from(["", ";", " "]))


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(content_types())
def test_boundaries_are_read_as_the_standard_library_reads_them(content_type: str) -> None:
    message = parse.Part(parse.POLICY)  # as the parser fills it in: 8-bit text as escapes
    message._headers.append(("Content-Type", as_text(content_type.encode())))  # type: ignore[attr-defined]

    def outcome(read: Callable[[email.message.Message], str | None]) -> object:
        try:
            return read(message)
        except Exception as error:  # noqa: BLE001 - some RFC 2231 mixes make it raise
            return type(error)

    assert outcome(boundary_of) == outcome(email.message.Message.get_boundary)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(content_types(), st.sampled_from(["", "charset=utf-8;", " Charset = x ;", "text/plain;"]))
def test_charsets_are_read_as_the_standard_library_reads_them(content_type: str, first: str) -> None:
    message = parse.Part(parse.POLICY)  # Part reads the plain values itself, as boundary_of
    text = first + content_type.replace("boundary", "charset").replace("BOUNDARY", "CHARSET")
    message._headers.append(("Content-Type", as_text(text.encode())))  # type: ignore[attr-defined]

    def outcome(read: Callable[..., object]) -> object:
        try:
            return read(message, "none")
        except Exception as error:  # noqa: BLE001 - some RFC 2231 mixes make it raise
            return type(error)

    assert outcome(parse.Part.get_content_charset) == outcome(email.message.Message.get_content_charset)


# -- header lookups --------------------------------------------------------------------------

def test_header_lookups_answer_as_the_standard_library_does() -> None:
    text = as_text(
        "Subject: one\nsubject: two\nX-8bit: caf\u00e9\nTo: a@example.com\n\nbody\n".encode()
    )
    ours, theirs = parse.parse_text(text), email.message_from_string(text)
    for name in ("Subject", "SUBJECT", "x-8BIT", "to", "From", "Content-Type"):
        assert str(ours.get(name, "missing")) == str(theirs.get(name, "missing"))
        assert type(ours.get(name)) is type(theirs.get(name))  # str, Header (8-bit) or None
        assert (name in ours) == (name in theirs)


def test_header_lookups_follow_changes_to_the_headers() -> None:
    message = parse.parse_text("Subject: one\nTo: a@example.com\n\nbody\n")
    assert message["subject"] == "one"
    message.replace_header("Subject", "two")
    assert message["subject"] == "two"
    del message["Subject"]
    assert message["subject"] is None and "subject" not in message
    message["Subject"] = "three"
    assert message["subject"] == "three"
    message.set_type("text/html")
    assert message.get_content_type() == "text/html"


@pytest.mark.parametrize("path", message_files(SAMPLES)[:20], ids=lambda p: p.name)
def test_the_nesting_the_parser_reports_is_the_nesting_of_the_tree(path: Path) -> None:
    message = parse.parse_bytes(path.read_bytes())
    walked = max(depth for _, depth in parse.walk(message, 60))
    assert message._nesting == walked  # type: ignore[attr-defined]
    assert parse.nesting_depth(message, 50) == walked
    assert parse.nesting_depth(message, 0) == min(walked, 1)


def test_the_root_carries_the_count_of_blocks_left_unread_in_all_parts() -> None:
    def report(recipients: int) -> str:
        blocks = "".join(f"Final-Recipient: rfc822; r{n}@example.com\nAction: failed\n\n"
                         for n in range(recipients))
        return f"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; x\n\n{blocks}"
    text = ("Content-Type: multipart/mixed; boundary=b\n\n"
            + report(5) + report(7) + "--b--\n")
    message = parse.parse_text(text, max_blocks=3)  # the per-message block and two recipients
    assert parse.unread_blocks(message) == 3 + 5
    assert getattr(message, mime.UNREAD_TOTAL) == 3 + 5
    assert getattr(parse.parse_text(text), mime.UNREAD_TOTAL) == 0
