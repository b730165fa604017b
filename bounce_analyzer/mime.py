"""A MIME parser that builds the same message tree as the standard library's, faster.

`email.feedparser` reads a message one line at a time through a stack of end-of-part
predicates and a generator per nesting level: about a third of the time this analyzer spends
on a typical bounce (issue "Speed and memory", profile in the README). Bounces are small and
whole in memory, so this parser works on the whole text instead: one regex match per header
field, `str.find` for the boundary lines of a multipart, slices for the bodies. It fills in
the same `compat32` message objects (`parse.Part`) with the same headers, payloads, preamble,
epilogue and default types as `email.feedparser` would, including the standard library's
handling of the newline before a boundary and of a multipart that never closes.

Where the standard library takes a rarer path (a header block that starts with a continuation
line, a misplaced "From " line, a header with no name, doubled boundary lines, a block of a
`message/delivery-status` part that declares a type of its own, carriage returns, deep
nesting), `parse` returns None and the caller uses `email.feedparser`: the tree is then the
standard library's own, never an approximation. `tests/test_mime.py` compares the two trees
on every sample, on the corpus when it is present, and on generated messages.

What this parser does not keep is the standard library's list of defects: the analyzer reads
none of them, and `inspect` (which shows them) parses with the standard library.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from email.message import Message
from email.utils import unquote
from typing import TypeGuard

# A header field: the name as `email.feedparser.headerRE` allows it (printable ASCII but
# the colon), the value with its continuation lines, and the line end. The value is built as
# `policy.compat32.header_source_parse` builds it: spaces and tabs after the colon dropped,
# continuation lines kept with their line ends, line ends at the very end dropped.
# Anchored at a line start, so a search over hostile text stays linear (tests/test_patterns).
# Possessive: what follows each repeat can never fail (`:` is no name character, a value may
# be empty, `\n?` is optional), so giving characters back never made another match; the
# engine then keeps no places to go back to.
FIELD = re.compile(r"^([!-9;-~]++):[ \t]*+([^\n]*+(?:\n[ \t][^\n]*+)*+)\n?", re.MULTILINE)
# What follows "--boundary" on a boundary line (email/feedparser.py, `boundaryre`).
BOUNDARY_TAIL = re.compile(r"(?P<end>--)?(?P<ws>[ \t]*)(?P<linesep>\n)?$")
# Deeper trees are rare and left to the standard library, which has its own limits.
MAX_DEPTH = 40


class Declined(Exception):
    """The message takes a path of the standard library's parser that this one leaves to it."""


# The attribute a delivery-status part carries when blocks past the limit were left unread:
# how many non-empty blocks (recipients) that was.
UNREAD_BLOCKS = "_unread_blocks"
# The attribute the root of a tree this parser built carries: all its parts' UNREAD_BLOCKS
# together (so a caller needs no walk over the parts to add them up).
UNREAD_TOTAL = "_unread_total"


class TooManyParts(Exception):
    """The message has more MIME parts than the caller allows (a delivery-status part of a
    million blank lines is a million parts); parsing stops there."""


class FastParser:
    """One parse of one text. `parse()` returns the root, or None when it declines."""

    def __init__(
        self,
        text: str,
        factory: Callable[[], Message],
        max_parts: int | None = None,
        max_blocks: int | None = None,
    ) -> None:
        self.text = text
        self.factory = factory
        self.parts_left = max_parts if max_parts is not None else -1  # -1: no limit
        # Blocks of fields read per delivery-status part (RFC 3464: one per recipient, after
        # the per-message block); the blocks past it are counted, not built (`UNREAD_BLOCKS`).
        self.max_blocks = max_blocks if max_blocks is not None else -1
        self.last: Message | None = None  # the part created last (feedparser's `_last`)
        self.last_kind = ""  # its content type
        self.unread = 0  # blocks counted, not built (UNREAD_BLOCKS), in all parts
        self.deepest = 0  # how deep the parts nest (0: a single part)

    def parse(self) -> Message | None:
        if "\r" in self.text:
            return None
        try:
            root = self.part(0, len(self.text), None, 0)
        except (Declined, RecursionError):
            return None
        setattr(root, UNREAD_TOTAL, self.unread)
        return root

    def part(
        self,
        start: int,
        end: int,
        parent: Message | None,
        depth: int,
        block: bool = False,
        parent_kind: str = "",
    ) -> Message:
        """Parse text[start:end] as one part, attached to parent (of content type parent_kind)
        when there is one. A block of a delivery-status part counts against the block limit,
        not the part limit."""
        if depth > MAX_DEPTH:
            raise Declined
        if not block:
            if self.parts_left == 0:
                raise TooManyParts
            self.parts_left -= 1
        msg = self.factory()
        self.deepest = max(self.deepest, depth)
        default = "text/plain"
        if parent is not None:
            if parent_kind == "multipart/digest":
                msg.set_default_type("message/rfc822")
                default = "message/rfc822"
            parent.attach(msg)
        self.last = msg
        body = self.headers(msg, start, end)
        kind = self.last_kind = content_type(msg, default)
        if kind == "text/plain":
            msg._payload = self.text[body:end]  # type: ignore[attr-defined]
            return msg
        if kind == "message/delivery-status":
            self.status_blocks(msg, body, end, depth)
        elif kind.startswith("message/"):
            self.part(body, end, msg, depth + 1, parent_kind=kind)
        elif kind.startswith("multipart/"):
            self.multipart(msg, body, end, depth)
        else:
            msg._payload = self.text[body:end]  # type: ignore[attr-defined]
        return msg

    def headers(self, msg: Message, start: int, end: int) -> int:
        """Read the header fields into msg; return where the body starts."""
        text = self.text
        pos = start
        if text.startswith("From ", pos, end):
            stop = text.find("\n", pos, end)
            stop = end if stop < 0 else stop
            msg.set_unixfrom(text[pos:stop])
            pos = min(stop + 1, end)
        if pos < end and text[pos] in " \t":
            raise Declined  # a first header line that is a continuation
        fields = msg._headers  # type: ignore[attr-defined]
        match = FIELD.match
        while pos < end:
            found = match(text, pos, end)
            if found is None:
                break
            fields.append((found[1], found[2]))
            pos = found.end()
        if pos >= end:
            return end
        first = text[pos]
        if first == "\n":
            return pos + 1  # the blank line between header and body
        if first == ":" or text.startswith("From ", pos, end):
            raise Declined  # a header with no name; a "From " line among the headers
        return pos  # a line that is no header: the body starts there

    def status_blocks(self, msg: Message, start: int, end: int, depth: int) -> None:
        """message/delivery-status: one part per block of fields, blocks end at a blank line."""
        text = self.text
        pos = start
        blocks = 0
        while True:
            if blocks == self.max_blocks:
                rest = text[pos:end]
                unread = sum(1 for b in rest.split("\n\n") if b.strip())
                setattr(msg, UNREAD_BLOCKS, unread)
                self.unread += unread
                return
            blocks += 1
            if text.startswith("\n", pos, end):
                blank = pos
            else:
                found = text.find("\n\n", pos, end)
                blank = end if found < 0 else found + 1
            block = self.part(pos, blank, msg, depth + 1, True, "message/delivery-status")
            if has_field(block, "content-type"):
                raise Declined
            if blank >= end:
                return
            pos = blank + 1
            if pos >= end:
                return

    def boundary_lines(self, separator: str, start: int, end: int) -> list[tuple[int, int, bool]]:
        """Every line in text[start:end] that is a boundary: (start, stop, closes)."""
        text = self.text
        found: list[tuple[int, int, bool]] = []
        at = text.find(separator, start, end)
        while at >= 0:
            stop = text.find("\n", at, end)
            stop = end if stop < 0 else stop + 1
            if at == start or text[at - 1] == "\n":
                tail = BOUNDARY_TAIL.match(text, at + len(separator), stop)
                if tail is not None:
                    found.append((at, stop, tail["end"] is not None))
            at = text.find(separator, stop, end)
        return found

    def multipart(self, msg: Message, start: int, end: int, depth: int) -> None:
        text = self.text
        kind = self.last_kind
        boundary = boundary_of(msg)
        if boundary is None:
            msg._payload = text[start:end]  # type: ignore[attr-defined]
            return
        lines = self.boundary_lines("--" + boundary, start, end)
        if not lines or lines[0][2]:
            # No opening boundary: the standard library keeps the text before the first
            # closing boundary (or all of it) as the payload and drops the rest.
            msg._payload = text[start : lines[0][0] if lines else end]  # type: ignore[attr-defined]
            msg.epilogue = ""
            return
        first = lines[0][0]
        if first > start:
            msg.preamble = text[start : first - 1]  # the last newline belongs to the boundary
        for index, (_, stop, closes) in enumerate(lines):
            if closes:
                msg.epilogue = text[stop:end]
                return
            following = lines[index + 1][0] if index + 1 < len(lines) else end
            if following == stop and index + 1 < len(lines):
                raise Declined  # two boundary lines in a row
            self.part(stop, following, msg, depth + 1, parent_kind=kind)
            self.trim_last()
            self.last = msg
            self.last_kind = kind
        # The last boundary opened a part that no closing boundary ended: no epilogue.

    def trim_last(self) -> None:
        """RFC 2046: the newline before a boundary line belongs to the boundary, so it comes
        off the part created last (a multipart's epilogue, or a leaf's text)."""
        last = self.last
        assert last is not None
        if self.last_kind.startswith("multipart/"):
            epilogue = last.epilogue
            if epilogue == "":
                last.epilogue = None
            elif epilogue is not None and epilogue.endswith("\n"):
                last.epilogue = epilogue[:-1]
        else:
            payload = last._payload  # type: ignore[attr-defined]
            if isinstance(payload, str) and payload.endswith("\n"):
                last._payload = payload[:-1]  # type: ignore[attr-defined]


def has_field(msg: Message, name: str) -> bool:
    """Whether msg has a header field of that (lower-case) name."""
    return any(key.lower() == name for key, _ in msg._headers)  # type: ignore[attr-defined]


def content_type(msg: Message, default: str) -> str:
    """msg.get_content_type() of a part just built, worked out from its fields and kept where
    `parse.Part` keeps it: the standard library (and `Part.get`) would build an index of all
    the part's header names for it. `default` is the part's default type. A value that is not
    plain ASCII text is left to get_content_type()."""
    value = None
    for key, found in msg._headers:  # type: ignore[attr-defined]
        if key.lower() == "content-type":
            value = found
            break
    if value is None:
        kind = default
    elif value.__class__ is str and value.isascii():
        kind = value.partition(";")[0].strip().lower()
        if kind.count("/") != 1:
            kind = "text/plain"  # RFC 2045 section 5.2, as email.message does
    else:
        return msg.get_content_type()
    if hasattr(msg, "_content_type"):  # parse.Part: (header count, type)
        msg._content_type = (len(msg._headers), kind)  # type: ignore[attr-defined]
    return kind


def boundary_of(msg: Message) -> str | None:
    """msg.get_boundary(), without the standard library's general parameter parser where the
    Content-Type value is plain (`is_plain`): the value of the first parameter named
    "boundary", unquoted once more and stripped at the right, as `get_boundary` and
    `collapse_rfc2231_value` do it."""
    value = msg.get("content-type")
    if not is_plain(value):
        return msg.get_boundary()
    found = plain_param(value, "boundary")
    return None if found is None else unquote(found).rstrip()


def is_plain(value: object) -> TypeGuard[str]:
    """Whether a header value's parameters can be read by splitting it at ";": ASCII text, no
    backslash, no RFC 2231 "*" parameters, and quotes only around one value that holds no
    ";". For such a value the standard library's parameter parser (`Message.get_param`)
    gives the same parameters, at several times the cost."""
    if type(value) is not str or not value.isascii() or "\\" in value or "*" in value:
        return False
    quotes = value.count('"')
    if quotes:
        opened = value.find('"')
        if quotes != 2 or ";" in value[opened : value.rfind('"')]:
            return False
    return True


def plain_param(value: str, name: str) -> str | None:
    """The first parameter called `name` (lower case) of a plain value (`is_plain`), unquoted
    as `Message.get_param` unquotes it ("" for a name with no "="); None when there is none.
    Like `get_param`, it looks at every ";"-separated piece, the first one too."""
    for piece in value.split(";"):
        key, equals, found = piece.partition("=")
        if key.strip().lower() == name:
            return unquote(found.strip()) if equals else ""
    return None
