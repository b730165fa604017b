"""Text from messages made safe and aligned for a terminal.

A bounce carries whatever the remote server (or a forger) wrote: an escape sequence can clear
the screen, move the cursor, retitle the window or write an OSC 8 hyperlink whose target is
not the text shown; a bidi override (U+202E) shows a line's characters in another order than
they are. Table outputs (`analyze --format table`, the summary table, `inspect`, `explain`)
show such characters as visible escapes (`\\x1b`, `\\u202e`) instead of handing them to the
terminal. Escaping every control character (the C0 and C1 ranges and DEL) takes the sequence
apart: what follows the escape character is then plain text.

Widths are counted as a terminal draws them: East Asian wide and fullwidth characters take
two columns (Unicode Standard Annex #11), combining marks and zero-width characters none.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TextIO

# Bidirectional formatting characters (Unicode Standard Annex #9, section 2): embeddings and
# overrides U+202A..U+202E, isolates U+2066..U+2069, and the implicit marks LRM, RLM, ALM.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

# Everything shown escaped: C0 controls, DEL, C1 controls (U+0080..U+009F: 0x9B is a one-byte
# CSI on terminals that read C1), the bidi controls, line and paragraph separators (a new line
# on some terminals), and lone surrogates (bytes that were not UTF-8, kept by surrogateescape:
# they cannot be written at all). One character class: one linear pass.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\u2028\u2029\ud800-\udfff]")
# In a table cell, white space that only breaks the line is shown as a space.
LINE_BREAKS = re.compile("[\t\n\r]")
# In text of many lines, LF ends a line and a tab is only white space; CR is escaped (it
# would let a line be written over).
UNSAFE_IN_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\u2028\u2029\ud800-\udfff]")


def escape_char(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape(match: re.Match[str]) -> str:
    return escape_char(match.group())


def shown(text: str) -> str:
    """text for one table cell: tab, CR and LF as spaces, every other control character,
    bidi control and separator as a visible escape."""
    if text.isprintable() and text.isascii():
        return text  # the common case, at C speed
    return UNSAFE.sub(_escape, LINE_BREAKS.sub(" ", text))


def shown_lines(text: str) -> str:
    """Like `shown`, but line ends are kept (text of many lines, such as `inspect` writes)."""
    if text.isascii() and text.replace("\n", "").replace("\t", "").isprintable():
        return text
    return UNSAFE_IN_LINES.sub(_escape, text)


@lru_cache(maxsize=4096)
def char_cells(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def cells(text: str) -> int:
    """Terminal columns `text` takes (after `shown`: no control characters left)."""
    if text.isascii():
        return len(text)
    return sum(char_cells(char) for char in text)


def fit(text: str, width: int) -> str:
    """`shown(text)` cut to at most `width` terminal columns ("…" marks a cut), padded to
    exactly `width` columns."""
    text = shown(text)
    if cells(text) > width:
        kept: list[str] = []
        used = 0
        for char in text:
            used += char_cells(char)
            if used > width - 1:
                break
            kept.append(char)
        text = "".join(kept) + "…"
    return text + " " * max(0, width - cells(text))


class SafeStream:
    """A text stream that shows control characters as escapes, line ends kept: for a command
    that writes message text line by line to a terminal (`inspect`)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(shown_lines(text))

    def writelines(self, lines: object) -> None:
        for line in lines:  # type: ignore[attr-defined]
            self.write(line)

    def flush(self) -> None:
        self.stream.flush()
