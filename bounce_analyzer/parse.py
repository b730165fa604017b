"""Bytes to an email message: the standard library's `compat32` objects, built fast.

`compat32` messages are several times cheaper to build and read than `policy.default` ones
(issue "Core pipeline", item 3), so the analyzer uses them and decodes the few headers it needs
by hand. `mime.FastParser` builds the tree the standard library's parser would, from the whole
text; where it declines, that parser does the work. `Part` remembers what extractors ask of a
part again and again. `parse_bytes(..., standard=True)` uses the standard library's parser
only, which also records the defects it finds (`inspect` shows them).
"""

from __future__ import annotations

import email
import email.errors
import email.header
import quopri
import re
from collections.abc import Callable, Iterator
from email.message import Message
from operator import methodcaller
from typing import Any, TypeVar

from . import patterns
from .mime import UNREAD_BLOCKS, FastParser, TooManyParts, is_plain, plain_param


class Part(Message):
    """A compat32 message that remembers its content type.

    Every extractor walks the parts asking each for its type; the standard library finds the
    Content-Type header again each time (a scan of the headers and a parse of the value),
    dozens of times per message. The remembered type is kept with the number of headers it
    was computed from, so adding or deleting a header (as the parser does, one `set_raw` per
    header) forgets it; the methods that change a header in place forget it explicitly.
    """

    _content_type: tuple[int, str] | None = None
    _memo: dict[object, object] | None = None
    _index: tuple[int, dict[str, tuple[str, Any]]] | None = None
    _nesting: int | None = None  # how deep the parts nest, when the parser said

    def memo(self) -> dict[object, object]:
        """A dict for values derived from this part (decoded headers, text), kept while the
        part is unchanged: emptied by any header change or a new payload."""
        memo = self._memo
        count = len(self._headers)  # type: ignore[attr-defined]
        if memo is None or memo.get(None) != count:
            memo = self._memo = {None: count}
        return memo

    def _headers_changed(self) -> None:
        """Forget what was derived from the headers: for the methods that change a header in
        place (adding one changes the count those values are kept with, which is enough)."""
        self._content_type = self._memo = self._index = None

    def _payload_changed(self) -> None:
        """Forget what was derived from the payload (the parser attaches every child)."""
        self._memo = self._nesting = None

    def get(self, name: str, failobj: Any = None) -> Any:
        """As the standard library's, from an index of the header names (first of each)
        instead of a scan of every header with a lower() of each name
        per lookup. The index is kept with the header count, like the content type."""
        headers = self._headers  # type: ignore[attr-defined]
        index = self._index
        if index is None or index[0] != len(headers):
            # reversed: the first of each name is the one kept
            names = {key.lower(): (key, value) for key, value in reversed(headers)}
            index = self._index = (len(headers), names)
        found = index[1].get(name.lower())
        if found is None:
            return failobj
        value = found[1]
        if value.__class__ is str and value.isascii() and self.policy is POLICY:
            return value  # what compat32's header_fetch_parse returns for it, without the calls
        return self.policy.header_fetch_parse(*found)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def get_payload(self, i: Any = None, decode: bool = False) -> Any:
        """As the standard library's, but the plain `get_payload()` of a leaf is remembered.

        Walks over the parts call it on every part to see whether it has children; on a leaf
        the standard library looks up Content-Transfer-Encoding and scans the whole payload
        for surrogates each time. The answer is kept with the payload object it came from.
        """
        if i is not None or decode:
            return super().get_payload(i, decode)  # type: ignore[call-overload]
        payload = self._payload  # type: ignore[attr-defined]
        if isinstance(payload, list):
            return payload
        if payload.__class__ is str and payload.isascii():
            return payload  # no surrogates: the standard library returns it as it is
        memo = self.memo()
        known = memo.get("payload")
        if known is not None and known[0] is payload:  # type: ignore[index]
            return known[1]  # type: ignore[index]
        found = super().get_payload()
        memo["payload"] = (payload, found)
        return found

    def set_payload(self, *args: object, **kwargs: object) -> None:
        self._payload_changed()
        super().set_payload(*args, **kwargs)  # type: ignore[call-overload]

    def attach(self, payload: Any) -> None:
        self._payload_changed()
        super().attach(payload)

    def get_content_type(self) -> str:
        known = self._content_type
        count = len(self._headers)  # type: ignore[attr-defined]
        if known is not None and known[0] == count:
            return known[1]
        # As the standard library's (email.message.Message.get_content_type), inlined.
        value = self.get("content-type")
        if value is None:
            kind = self.get_default_type()
        else:
            kind = str(value).partition(";")[0].strip().lower()
            if kind.count("/") != 1:
                kind = "text/plain"  # RFC 2045 section 5.2
        self._content_type = (count, kind)
        return kind

    def get_content_charset(self, failobj: Any = None) -> Any:
        """As the standard library's, without its general parameter parser where the
        Content-Type value is plain (`mime.is_plain`): every part's text is decoded in its
        charset, and that parser costs more than the decoding of most parts."""
        value = self.get("content-type")
        if value is None:
            return failobj
        if not is_plain(value):
            return super().get_content_charset(failobj)
        charset = plain_param(value, "charset")
        return failobj if charset is None else charset.lower()

    def __delitem__(self, name: str) -> None:
        self._headers_changed()
        super().__delitem__(name)

    def replace_header(self, *args: object, **kwargs: object) -> None:
        self._headers_changed()
        super().replace_header(*args, **kwargs)  # type: ignore[arg-type]

    def set_default_type(self, ctype: str) -> None:
        self._headers_changed()
        super().set_default_type(ctype)

    def set_param(self, *args: object, **kwargs: object) -> None:
        self._headers_changed()
        super().set_param(*args, **kwargs)  # type: ignore[arg-type]

    def del_param(self, *args: object, **kwargs: object) -> None:
        self._headers_changed()
        super().del_param(*args, **kwargs)  # type: ignore[arg-type]

    def set_type(self, *args: object, **kwargs: object) -> None:
        self._headers_changed()
        super().set_type(*args, **kwargs)  # type: ignore[arg-type]

    def set_boundary(self, boundary: str) -> None:
        self._headers_changed()
        super().set_boundary(boundary)


try:  # where email.policy.compat32 is defined; email.policy itself imports the whole modern API
    from email._policybase import compat32 as _compat32  # (header registry...: 4 ms a start-up)
except ImportError:  # pragma: no cover - a future layout
    from email.policy import compat32 as _compat32

POLICY = _compat32.clone(message_factory=Part)


# Blank or white-space lines before the first header field, as some exporters write them: a
# parser would take the first blank line for the end of an empty header block. Anchored at the
# start, each repetition consumes a line, so the match is linear.
LEADING_BLANK_LINES = re.compile(rb"\A(?:[ \t]*\n)+")


# Runs of white space, folded lines included.
WHITESPACE = patterns.compile(r"\s+")


def unfold(text: str) -> str:
    """Fold a multi-line header or diagnostic into one line of single spaces.

    By str.split() and join, which take as white space what WHITESPACE's `\\s` does (both
    ask Py_UNICODE_ISSPACE), at a quarter of the time of `WHITESPACE.sub(" ", text).strip()`."""
    if "  " not in text and text.isprintable():
        # Already one line of single spaces: str.isprintable() is false for every white-space
        # character but the space, so a split would only put each space back.
        return text.strip()
    return " ".join(text.split())


def parse_bytes(
    data: bytes,
    *,
    standard: bool = False,
    max_parts: int | None = None,
    max_blocks: int | None = None,
) -> Message:
    """Parse one message. Line endings may be LF, CRLF or CR alone.

    `standard=True` parses with the standard library's parser only, which also records the
    defects it finds (`inspect` shows them); the default tree is the same, built faster.

    NUL bytes are dropped: RFC 5322 does not allow them, and in a header parameter (a
    charset) they make the standard library raise from `get_payload()` in every reader.
    """
    if b"\0" in data:
        data = data.replace(b"\0", b"")
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if data[:1] in (b"\n", b" ", b"\t"):
        data = LEADING_BLANK_LINES.sub(b"", data, count=1)
    if standard:
        return email.message_from_bytes(data, policy=POLICY)
    text = data.decode("ascii", "surrogateescape")
    return parse_text(text, max_parts=max_parts, max_blocks=max_blocks)


def parse_text(
    text: str, *, max_parts: int | None = None, max_blocks: int | None = None
) -> Message:
    """Parse a message held as text (bytes above 127 as surrogate escapes, as the standard
    library's bytes parser holds them): the same tree as `email.message_from_string` with
    POLICY, by `mime.FastParser` where it can and the standard library where it declines.

    With `max_parts`, a message of more parts raises `TooManyParts` before they are all built;
    with `max_blocks`, a delivery-status part's blocks past it are counted, not built
    (`unread_blocks`). Where the standard library parses, the parts it could make are bounded
    first: each needs a boundary line or a blank line before it, so a text with few of them
    cannot have many."""
    parser = FastParser(text, _new_part, max_parts, max_blocks)
    message = parser.parse()
    if message is None:
        bound = (max_parts or 0) + (max_blocks or 0)
        if bound and text.count("\n\n") + text.count("\n--") > 10 * bound:
            raise TooManyParts
        return email.message_from_string(text, policy=POLICY)
    message._nesting = parser.deepest  # type: ignore[attr-defined]
    return message


def _new_part() -> Message:
    return Part(POLICY)


def decode_header_value(value: object, *, encoded_words: bool = True) -> str:
    """A header value as one line of text, with RFC 2047 encoded words decoded.

    compat32 hands a header with raw 8-bit bytes over as a `Header` of charset
    `unknown-8bit`; those bytes are read as UTF-8 (RFC 6532), falling back to Latin-1.
    `encoded_words=False` keeps `=?...?=` as written: DSN fields are not RFC 2047 text, and
    an address that looks encoded is the address that was sent to (RFC 2047 section 5).
    """
    if isinstance(value, email.header.Header):
        pieces = email.header.decode_header(value)
        return unfold("".join(
            _decode(piece, None if charset == "unknown-8bit" else charset)
            if isinstance(piece, bytes) else piece
            for piece, charset in pieces
        ))
    raw = str(value)
    if encoded_words and "=?" in raw:
        try:
            pieces = email.header.decode_header(raw)
        except (ValueError, LookupError, email.errors.HeaderParseError):
            pieces = [(raw, None)]
        raw = "".join(
            _decode(piece, charset) if isinstance(piece, bytes) else piece
            for piece, charset in pieces
        )
    elif not raw.isascii():
        # surrogate escapes stand for raw 8-bit bytes: read them as UTF-8
        raw = raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return unfold(raw)


def _decode(payload: bytes, charset: str | None) -> str:
    for candidate in (charset, "utf-8", "latin-1"):
        if not candidate:
            continue
        try:
            return payload.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("latin-1")


T = TypeVar("T")


def remembered(part: Message, key: object, compute: Callable[[], T]) -> T:
    """compute(), kept on the part while it is unchanged (see `Part.memo`): several extractors
    ask the same questions of a message (its text, its delivery-status parts and fields).
    What is kept is shared, so callers must not modify it."""
    if not isinstance(part, Part):
        return compute()
    memo = part._memo
    if memo is None or memo.get(None) != len(part._headers):  # type: ignore[attr-defined]
        memo = part.memo()  # (Part.memo, inlined where the memo is current: 100,000 calls a run)
    found = memo.get(key, _ABSENT)
    if found is not _ABSENT:
        return found  # type: ignore[return-value]
    value = memo[key] = compute()
    return value


_ABSENT = object()


_TRIM_LINE = methodcaller("rstrip", " \t")  # one C call a line


def trimmed(text: str) -> str:
    """The text without blanks at the ends of its lines. They show nothing, and a message gains
    them on its way (a relay's padding, a client's re-wrapping, RFC 3676's flowed lines, a
    template's stray space): line patterns end at the last visible character, and RFC 2045
    section 6.7 (3) has a quoted-printable decoder delete them."""
    if " \n" not in text and "\t\n" not in text and not text.endswith((" ", "\t")):
        return text  # most texts: nothing to trim
    return "\n".join(map(_TRIM_LINE, text.split("\n")))


def decoded_payload(part: Message) -> Any:
    """`get_payload(decode=True)`, with blanks at the ends of lines read as nothing: after the
    Content-Transfer-Encoding value (RFC 5322 folding white space: compat32 compares the value
    whole, and "base64 " was left undecoded) and in a quoted-printable payload (`qp_decoded`)."""
    encoding = part.get("content-transfer-encoding")
    if encoding.__class__ is str and encoding:
        if encoding[-1] in " \t":
            encoding = encoding.strip()
            part.replace_header("Content-Transfer-Encoding", encoding)
        if encoding.lower() == "quoted-printable":
            payload = part._payload  # type: ignore[attr-defined]
            if payload.__class__ is str and (" \n" in payload or "\t\n" in payload):
                return qp_decoded(payload)
    return part.get_payload(decode=True)


def qp_decoded(payload: str) -> bytes:
    """A quoted-printable payload decoded after the blanks at its lines' ends are deleted, as
    RFC 2045 section 6.7 (3) tells a decoder to (they were added on the way): "=" and blanks
    before a line break is a soft line break. The standard library keeps them, and a relay's
    padding turned every soft break into a literal "=" and a line break."""
    text = trimmed(payload)
    try:
        data = text.encode("ascii", "surrogateescape")
    except UnicodeError:  # non-ASCII characters in a payload that should have none
        data = text.encode("raw-unicode-escape")
    return quopri.decodestring(data)


def part_text(part: Message, limit: int = 1 << 20) -> str:
    """The text of a leaf part with transfer encoding and charset undone, capped at limit."""
    return remembered(part, ("text", limit), lambda: _part_text(part, limit))


def _part_text(part: Message, limit: int) -> str:
    if part._payload == "":  # type: ignore[attr-defined]
        return ""  # an empty leaf (every block of a delivery-status part): nothing to decode
    payload = decoded_payload(part)
    if payload is None:
        inner = part.get_payload()
        if isinstance(inner, list):
            return ""
        payload = str(inner).encode("utf-8", "surrogateescape")
    if not isinstance(payload, bytes):
        return ""
    if len(payload) > limit:
        payload = payload[:limit]
    charset = part.get_content_charset()
    if charset and charset.lower() in ("iso-2022-jp", "iso2022jp"):
        charset = "iso-2022-jp"
    return _decode(payload, charset)


def walk(message: Message, max_depth: int = 50) -> Iterator[tuple[Message, int]]:
    """Every part with its depth, depth-first in document order, not deeper than max_depth.

    `message/rfc822` and `message/delivery-status` parts are descended too (compat32 holds
    their contents as a list of messages). Written as a loop, not recursion, so a hostile
    nesting cannot exhaust the stack.
    """
    stack: list[tuple[Message, int]] = [(message, 0)]
    while stack:
        part, depth = stack.pop()
        yield part, depth
        payload = part.get_payload()
        if isinstance(payload, list) and depth < max_depth:
            stack.extend((child, depth + 1) for child in reversed(payload) if isinstance(child, Message))


def unread_blocks(message: Message, max_depth: int = 50) -> int:
    """How many delivery-status blocks (recipients) the parser counted but did not build."""
    return sum(getattr(part, UNREAD_BLOCKS, 0) for part, _ in walk(message, max_depth))


def nesting_depth(message: Message, stop_above: int) -> int:
    """How deep the message's parts nest (0: a single part); counting stops above stop_above."""
    known = getattr(message, "_nesting", None)
    if known is not None:
        return min(known, stop_above + 1)
    deepest = 0
    for _, depth in walk(message, stop_above + 1):
        deepest = max(deepest, depth)
    return deepest


def walk_leaves(message: Message, max_depth: int = 50) -> Iterator[tuple[Message, int]]:
    """The parts of `walk` that hold content rather than other parts."""
    for part, depth in walk(message, max_depth):
        if not isinstance(part.get_payload(), list):
            yield part, depth


def content_type(part: Message) -> str:
    """The part's media type, lower case; compat32 defaults to text/plain."""
    return part.get_content_type()
