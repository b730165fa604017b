"""Plain-text bounces that list each failed recipient on a line, followed by why.

The most common non-RFC 3464 shape: an introduction ("The following address(es) failed:"),
then per recipient a line naming the address and the lines after it saying what went wrong,
then a marker before the returned message ("--- Below this line is a copy of the message.").
Exim, qmail and its descendants, DragonFly, OpenSMTPD, MXLogic, old Exchange connectors and
several gateways all write this shape; they differ only in their marker phrases, so each is
one `Layout` (data) read by the same loop, and the verdict rows say which layout matched.

Layouts are tried in order; each is recognised by phrases its MTA always writes, so a
message that merely quotes an address on a line of its own is never read as a bounce.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from email.message import Message

from .. import parse, patterns, prefilter
from ..model import DeliveryRecord, Extraction
from .returned import RETURNED_TYPES, fill_original, find_returned, from_text
from .smtp_text import read_transcript, record_from_text
from .text import find_addresses, find_status, header_text, normalise_address

# An address as bounces print it on a line of its own, with or without angle brackets.
_ADDR = r"[^\s<>()\[\]@,;:\"]{1,128}@[A-Za-z0-9.\-\[\]_]{1,255}"

# Default recipient line: optional indent, optional list mark ("*", ">>>"), the address in
# optional angle brackets, an optional colon, then optionally the start of the diagnostic.
GENERIC_RECIPIENT = patterns.compile(
    rf"^(?P<indent>[ \t]{{0,12}})(?:[*>]{{1,3}}[ \t]{{0,4}})?<?(?P<addr>{_ADDR})>?:?"
    r"(?:[ \t]{1,8}(?P<rest>\S.{0,4000}))?[ \t]*$"
)

# Markers that end the notice: the returned message follows them.
COPY_FOLLOWS = patterns.compile(
    r"^[ \t]*(?:-{2,}[ \t]*(?:This is a copy of the message|Below this line is a copy"
    r"|Enclosed is a copy|Original message follows|The header of the original message"
    r"|Returned message|Original message)"
    r"|Included is a copy of the message header"
    r"|Message headers follow\.?"
    r"|Below is a copy of the original message"
    r"|Original message follows\.?)",
    re.IGNORECASE,
)

# The fields of a delivery report written as text: wherever they begin, the notice's own
# listing has ended (a report whose MIME boundary is missing, corpus rfc3464-06).
REPORT_FIELDS = patterns.compile(
    r"^(?:Reporting-MTA|Received-From-MTA|Arrival-Date|Final-Recipient|Original-Recipient):",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Layout:
    """How one MTA writes the recipient-lines shape.

    detect   searched in "Subject\\nFrom\\n" plus the notice's text: the MTA's own phrases
    start    recipients are listed after the first line this is found in (None: from the top)
    stop     the listing ends at the first line this matches
    recipient  a line naming a recipient: groups `addr`, optional `indent` and `rest`
    blank_ends a blank line closes a recipient's section (False: only the next recipient does)
    delayed  when found in the detect text, the notice is a delay warning, not a failure
    header   a header listing the failed recipients (Exim's X-Failed-Recipients), which names
             them when the text shows a pipe or file instead of an address
    """

    name: str
    detect: re.Pattern[str]
    start: re.Pattern[str] | None = None
    stop: re.Pattern[str] = COPY_FOLLOWS
    recipient: re.Pattern[str] = GENERIC_RECIPIENT
    blank_ends: bool = True
    delayed: re.Pattern[str] | None = None
    header: str = ""
    gave_up: re.Pattern[str] | None = None  # found in the detect text: the MTA says it gave up
    # The reason comes once, between `start` and the first recipient line, and applies to
    # every recipient listed (Lotus Notes, MailMarshal).
    preamble: bool = False
    # A heading after the list whose paragraph gives the reason for recipients listed bare
    # (1&1's Exim: "For the following reason:", corpus line-endings lhost-einsundeins-01).
    reason_heading: re.Pattern[str] | None = None


# A rule line ("=====", "-----") carries no words.
_RULE_LINE = patterns.compile(r"^[ \t]*[=\-_*~#]{3,}[ \t]*$")


def notice_text(message: Message, limit: int = 1 << 18) -> str:
    """The human-readable notice: the first non-empty text/plain part outside a returned message."""
    stack: list[tuple[Message, int]] = [(message, 0)]
    while stack:
        part, depth = stack.pop()
        kind = part.get_content_type()
        if part is not message and (kind in RETURNED_TYPES or kind == "message/delivery-status"):
            continue
        payload = part.get_payload()
        if isinstance(payload, list):
            if depth < 20:
                stack.extend((c, depth + 1) for c in reversed(payload) if isinstance(c, Message))
            continue
        # a multipart whose boundary never appears is a leaf holding its raw text (compat32)
        if (
            kind == "text/plain"
            or part.get_content_maintype() == "multipart"
            or (part is message and part.get_content_maintype() == "text")
        ):
            text = parse.part_text(part, limit)
            if text.strip():
                return unquote(text.replace("\r\n", "\n").replace("\r", "\n"))
    return ""


_QUOTE = patterns.compile(r"^> ?", re.MULTILINE)


def unquote(text: str) -> str:
    """A bounce forwarded inline with every line quoted ("> ") read as the bounce itself
    (corpus: mbox-split/make-test-36). Only when most lines are quoted, so a Sendmail
    transcript's ">>> RCPT" lines stay as they are."""
    lines = [line for line in text.split("\n") if line.strip()]
    quoted = sum(1 for line in lines if line.startswith(">"))
    if lines and quoted * 10 >= len(lines) * 6:
        return _QUOTE.sub("", text)
    return text


def detect_text(message: Message, notice: str) -> str:
    """What layouts are recognised by: subject, sender, mailer and the start of the notice."""
    heads = (header_text(message, name) for name in ("Subject", "From", "X-Mailer"))
    return "\n".join((*heads, notice[:8192]))


@dataclass(slots=True)
class _Section:
    """One recipient line of a notice and the lines that say what went wrong for it."""

    recipient: str
    indent: int
    lines: list[str]
    line: int = 0  # where the notice names the recipient (0-based line of the notice)


def sections(notice: str, layout: Layout) -> list[_Section]:
    """The recipient sections of a notice, in order."""
    lines = notice.split("\n")
    index = 0
    if layout.start is not None:
        for index, line in enumerate(lines):
            if layout.start.search(line):
                index += 1
                break
        else:
            return []
    found: list[_Section] = []
    current: _Section | None = None
    preamble: list[str] = []
    in_preamble = layout.preamble
    for number, line in enumerate(lines[index:], start=index):
        if layout.stop.match(line) or REPORT_FIELDS.match(line):
            break
        if in_preamble and not found:
            if not line.strip():
                in_preamble = not preamble
                continue
            if not layout.recipient.match(line):
                if not _RULE_LINE.match(line):
                    preamble.append(line.strip())
                continue
        if not line.strip():
            if layout.blank_ends:
                current = None
            elif current is not None:
                current.lines.append("")
            continue
        match = layout.recipient.match(line)
        indent = len(line) - len(line.lstrip())
        if match and (current is None or indent <= current.indent):
            addr = match.groupdict().get("addr") or ""
            current = _Section(normalise_address(addr), indent, list(preamble), number)
            if not current.recipient:
                # a pipe or file stands where the address would: what failed was local
                # delivery to it, which the diagnostic should say (Exim "pipe to |/usr/bin/x")
                current.lines.append(line.strip())
            rest = match.groupdict().get("rest")
            if rest:
                current.lines.append(rest)
            found.append(current)
        elif current is not None and not layout.preamble and not _RULE_LINE.match(line):
            current.lines.append(line.strip())
    return found


def read_layout(
    message: Message, notice: str, layout: Layout, action: str, hint: str = ""
) -> list[DeliveryRecord]:
    records: list[DeliveryRecord] = []
    found = sections(notice, layout)
    # the SMTP dialogue the notice quotes, if any: each recipient takes its own reply from it
    transcript = read_transcript(notice) if found else ()
    shared = _reason_paragraph(notice, layout) if layout.reason_heading is not None else []
    for section in found:
        if not section.lines:
            section.lines = list(shared)
    listed = find_addresses(header_text(message, layout.header)) if layout.header else []
    unnamed = [a for a in listed if a not in {s.recipient for s in found}]
    for section in found:
        recipient = section.recipient
        if not recipient:
            # Exim names a pipe or file ("pipe to |/usr/bin/x", "save to x") where delivery to
            # a local address failed; the header says which address that was.
            if not unnamed:
                continue
            recipient = unnamed.pop(0)
        records.append(
            record_from_text(
                recipient,
                "\n".join(section.lines).strip(),
                action=action,
                reason_hint=hint,
                transcript=transcript,
                near=section.line,
            )
        )
    if listed:
        # The header is the MTA's own list of failures: drop what it does not name (an address
        # quoted in a diagnostic), add what the text did not show.
        named = {r.recipient for r in records}
        records = [r for r in records if r.recipient in listed]
        text = "\n".join(found[0].lines) if found else ""
        records.extend(
            record_from_text(a, text, action=action, reason_hint=hint, transcript=transcript)
            for a in listed
            if a not in named
        )
    # One record per recipient: a repeated address keeps its first section.
    unique: dict[str, DeliveryRecord] = {}
    for record in records:
        unique.setdefault(record.recipient, record)
    return list(unique.values())


class RecipientLines:
    """Reads whichever of its layouts recognises the message."""

    def __init__(self, layouts: tuple[Layout, ...], name: str = "recipient-lines") -> None:
        self.layouts = layouts
        self.name = name

    def extract(self, message: Message) -> Extraction | None:
        notice = notice_text(message)
        if not notice:
            return None
        where = detect_text(message, notice)
        for layout in recognising(self.layouts, where):
            action = (
                "delayed"
                if layout.delayed is not None and layout.delayed.search(where)
                else "failed"
            )
            hint = "expired" if layout.gave_up is not None and layout.gave_up.search(where) else ""
            records = read_layout(message, notice, layout, action, hint)
            if records:
                _status_from_report(message, records)
                extraction = Extraction(mta=layout.name, records=records)
                return fill_original(
                    extraction, find_returned(message) or _pasted_original(notice, layout)
                )
        return None


def recognising(layouts: Iterable[Layout], where: str) -> Iterator[Layout]:
    """The layouts, in order, whose detect phrases are in `where` (see `detect_text`)."""
    low = prefilter.lowered(where)
    return (layout for layout in layouts if prefilter.search(layout.detect, where, low))


def _reason_paragraph(notice: str, layout: Layout) -> list[str]:
    """The lines after the layout's reason heading, up to the copy marker."""
    assert layout.reason_heading is not None
    lines = notice.split("\n")
    for index, line in enumerate(lines):
        if layout.reason_heading.search(line):
            found: list[str] = []
            for rest in lines[index + 1 :]:
                if layout.stop.match(rest):
                    break
                if rest.strip():
                    found.append(rest.strip())
                elif found:
                    break
            return found
    return []


def _status_from_report(message: Message, records: list[DeliveryRecord]) -> None:
    """Take Status fields from a delivery-status part the RFC 3464 reader could not use.

    Exim writes a DSN whose Final-Recipient is the pipe or file it failed to deliver to
    (corpus: lhost-exim-44), so no record comes from it; its blocks still match the notice's
    recipients one to one, in order.
    """
    from .rfc3464 import field_blocks, status_parts

    blocks = [b for part in status_parts(message) for b in field_blocks(part) if "status" in b]
    if len(blocks) != len(records):
        return
    for record, block in zip(records, blocks):
        if not record.status:
            record.status = find_status(block["status"])


def _pasted_original(notice: str, layout: Layout) -> Message | None:
    """The original message pasted after the copy marker, when the bounce is one text part."""
    lines = notice.split("\n")
    for index, line in enumerate(lines):
        if layout.stop.match(line):
            return from_text("\n".join(lines[index + 1 :]))
    return None
