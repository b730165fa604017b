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
from .text import find_addresses, find_status, header_text, html_text, normalise_address

# An address as bounces print it on a line of its own, with or without angle brackets: a
# quoted local part may hold spaces and specials (RFC 5321 4.1.2), and local part and domain
# may be UTF-8 (RFC 6531 3.3: "jörg@bücher.example", "张三@例子.中国").
_ADDR = (
    r'(?:"(?:[^"\\\r\n]|\\[^\r\n]){1,64}"|[^\s<>()\[\]@,;:\"]{1,128})'
    r"@[A-Za-z0-9.\-\[\]_\u00c0-\u1fff\u2070-\u2fff\u3040-\ufeff\uff21-\uffff"
    r"\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]{1,255}"  # controls too: refused whole, not cut
)

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
    # How far into the notice `detect` (and `start`) are looked for: the default keeps a
    # layout's marks where its MTA writes them; a wide window reads a notice whose
    # introduction comes after a gateway's or a forwarder's own text.
    window: int = 8192
    # A line this is found in, naming an address, names a recipient itself: "Your message
    # could not be delivered to a@b because ..." (the line is the account of it).
    inline: re.Pattern[str] | None = None
    # The notice's Subject, when it states the failure ("DELIVERY FAILURE: User x (a@b) not
    # listed in ..."): its `rest` group is the reason for recipients the text gives none, and
    # the addresses in it the recipients when the text lists none.
    subject: re.Pattern[str] | None = None
    # Read only in a message from a mail system (a daemon's address, a null sender or a
    # bounce's subject): for layouts recognised by words a person could also write.
    mail_system_only: bool = False
    # Like `stop`, but only once a recipient has been found (a returned message's headers
    # pasted after the list; before it they may belong to a notice quoted inside).
    ends: re.Pattern[str] | None = None


# A rule line ("=====", "-----") carries no words.
_RULE_LINE = patterns.compile(r"^[ \t]*[=\-_*~#]{3,}[ \t]*$")


def notice_text(message: Message, limit: int = 1 << 18) -> str:
    """The human-readable notice: the first non-empty text/plain part outside a returned
    message, else the first text/html one reduced to text (an HTML-only notice)."""
    html: Message | None = None
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
        if kind == "text/html":
            if html is None:
                html = part
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
    if html is not None:
        return unquote(html_text(parse.part_text(html, limit), limit))
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


DETECT_WINDOW = 8192
WIDE_WINDOW = 1 << 16  # the widest window a layout may ask for


def detect_text(message: Message, notice: str, limit: int = DETECT_WINDOW) -> str:
    """What layouts are recognised by: subject, sender, mailer and the start of the notice."""
    heads = (header_text(message, name) for name in ("Subject", "From", "X-Mailer"))
    return "\n".join((*heads, notice[: min(limit, WIDE_WINDOW)]))


@dataclass(slots=True)
class _Section:
    """One recipient line of a notice and the lines that say what went wrong for it."""

    recipient: str
    indent: int
    lines: list[str]
    line: int = 0  # where the notice names the recipient (0-based line of the notice)
    inline: bool = False  # named in a sentence (`Layout.inline`), not on a line of its own


def sections(
    notice: str, layout: Layout, exclude: frozenset[str] = frozenset()
) -> list[_Section]:
    """The recipient sections of a notice, in order. `exclude`: addresses an `inline` line
    may name that are not recipients (the notice's own sender and addressee)."""
    lines = notice.split("\n")
    index = 0
    if layout.start is not None:
        seen = 0
        for index, line in enumerate(lines):
            if layout.start.search(line):
                # an inline layout's introduction may name the recipient itself
                index += 0 if layout.inline is not None else 1
                break
            seen += len(line) + 1
            if layout.window > DETECT_WINDOW and seen > layout.window:
                return []
        else:
            return []
    found: list[_Section] = []
    current: _Section | None = None
    preamble: list[str] = []
    in_preamble = layout.preamble
    for number, line in enumerate(lines[index:], start=index):
        if layout.stop.match(line) or REPORT_FIELDS.match(line):
            break
        if found and layout.ends is not None and layout.ends.match(line):
            break
        head = line if len(line) <= RECIPIENT_LINE_MOST else line[:RECIPIENT_LINE_MOST]
        if in_preamble and not found:
            if not line.strip():
                in_preamble = not preamble
                continue
            if not layout.recipient.match(head):
                if not _RULE_LINE.match(line):
                    preamble.append(line.strip())
                continue
        if not line.strip():
            if layout.blank_ends:
                current = None
            elif current is not None:
                current.lines.append("")
            continue
        named = _inline_recipients(line, layout, exclude) if layout.inline is not None else []
        if named:
            for address in named:
                found.append(_Section(address, 0, [line.strip()], number, inline=True))
            current = found[-1]  # the lines after it go on with its account
            continue
        match = layout.recipient.match(head)
        indent = len(line) - len(line.lstrip())
        if match and (current is None or indent <= current.indent):
            addr = match.groupdict().get("addr") or ""
            current = _Section(normalise_address(addr), indent, list(preamble), number)
            if not current.recipient:
                # a pipe or file stands where the address would: what failed was local
                # delivery to it, which the diagnostic should say (Exim "pipe to |/usr/bin/x")
                current.lines.append(line.strip())
            rest = match.groupdict().get("rest")
            if rest and head is not line:
                rest = line[match.start("rest") :].strip()  # the words past the cut too
            if rest:
                current.lines.append(rest)
            found.append(current)
        elif current is not None and not layout.preamble and not _RULE_LINE.match(line):
            current.lines.append(line.strip())
    return found


# A recipient line is matched on its first this many characters: the layouts' patterns take
# the address (at most 254 characters, RFC 5321 4.5.3.1.3) and up to 4,000 characters after
# it, and are anchored at the line's end, so a longer line (a long server reply on one line)
# would match none of them and its recipient would give no row.
RECIPIENT_LINE_MOST = 4000


def _inline_recipients(line: str, layout: Layout, exclude: frozenset[str]) -> list[str]:
    """The addresses a line names when it is an `inline` account of their failure."""
    assert layout.inline is not None
    if "@" not in line or not layout.inline.search(line):
        return []
    return [a for a in find_addresses(line[:INLINE_LIMIT])[:INLINE_MOST] if a not in exclude]


INLINE_LIMIT = 2000  # of one line, where its addresses are looked for
INLINE_MOST = 20  # addresses one line may name


def _own_addresses(message: Message) -> frozenset[str]:
    """The addresses of the notice itself (its sender and addressee): never a recipient that
    failed, wherever its text names them."""
    found = set()
    for name in ("From", "To", "Reply-To", "Sender"):
        found.update(find_addresses(header_text(message, name)))
    return frozenset(found)


def read_layout(
    message: Message, notice: str, layout: Layout, action: str, hint: str = ""
) -> list[DeliveryRecord]:
    records: list[DeliveryRecord] = []
    exclude = _own_addresses(message) if layout.inline is not None else frozenset()
    found = sections(notice, layout, exclude)
    # the SMTP dialogue the notice quotes, if any: each recipient takes its own reply from it
    transcript = read_transcript(notice) if found else ()
    shared = _reason_paragraph(notice, layout) if layout.reason_heading is not None else []
    subject = _subject_reason(message, layout)
    if not found and subject is not None:
        # the text lists no one: the Subject's addresses are the recipients
        found = [_Section(a, 0, [], 0) for a in subject[1] if a not in _own_addresses(message)]
    if layout.inline is not None and not shared:
        shared = _introduction_reason(notice, layout)
    for section in found:
        if not section.lines:
            section.lines = list(shared) or ([subject[0]] if subject is not None else [])
        elif section.inline and shared and section.lines[-1] not in shared:
            section.lines.extend(shared)  # an introduction naming them, the reason after it
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
        for layout in recognising(self.layouts, message, notice):
            if layout.mail_system_only and not _from_mail_system(message):
                continue
            where = detect_text(message, notice, layout.window)
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


def _from_mail_system(message: Message) -> bool:
    from .fallback import looks_like_bounce  # the same test the last-resort reader makes

    return looks_like_bounce(message)


def recognising(layouts: Iterable[Layout], message: Message, notice: str) -> Iterator[Layout]:
    """The layouts, in order, whose detect phrases are in the message's `detect_text` (up to
    each layout's window)."""
    texts: dict[int, tuple[str, str | None]] = {}
    for layout in layouts:
        if layout.window not in texts:
            where = detect_text(message, notice, layout.window)
            texts[layout.window] = (where, prefilter.lowered(where))
        where, low = texts[layout.window]
        if prefilter.search(layout.detect, where, low):
            yield layout


# What an introduction says besides introducing: "(to) the following recipient(s):" and the
# like carry no reason; "..., due to being unable to connect ..." does.
_INTRODUCES = patterns.compile(
    r"^[\s,:;.\-]{0,8}(?:to[ \t]{1,3})?(?:(?:the[ \t]{1,3})?following|these|all|one or more"
    r"(?:[ \t]{1,3}of[ \t]{1,3}(?:its|the|your))?)?[ \t]{0,3}"
    r"(?:recipients?|recipient\(s\)|addresse?s?|address\(es\)|users?|destinations?)?"
    r"(?:[ \t]{1,3}(?:or|and)[ \t]{1,3}groups?)?[\s,:;.]{0,8}",
    re.IGNORECASE,
)
_WORD = patterns.compile(r"[^\W\d_]{3,}")


def _introduction_reason(notice: str, layout: Layout) -> list[str]:
    """The introduction's line (and its wrapped continuation) when it states the reason
    itself: "Unable to deliver message to the following recipients, because the message was
    forwarded more than the maximum allowed times." ([] when it only introduces)."""
    assert layout.start is not None
    lines = notice[: layout.window].split("\n")
    for index, line in enumerate(lines):
        match = layout.start.search(line)
        if match is None:
            continue
        rest = line[match.end() :]
        said = rest[_INTRODUCES.match(rest).end() :]  # type: ignore[union-attr]
        if "@" in line or not _WORD.search(said):
            return []
        if _REASON_FOLLOWS.search(said):
            # "This message was undeliverable due to the following reason:" and the reason
            # in the paragraph below it
            return _paragraph(lines[index + 1 : index + 40], layout)
        found = [line.strip()]
        for more in lines[index + 1 : index + 4]:
            if (
                not more.strip()
                or layout.recipient.match(more[:RECIPIENT_LINE_MOST])
                or layout.stop.match(more)
            ):
                break
            found.append(more.strip())
        return found
    return []


_REASON_FOLLOWS = patterns.compile(
    r"\b(?:reasons?|because|errors?)[ \t]{0,4}:[ \t]{0,4}$", re.IGNORECASE
)


def _paragraph(lines: list[str], layout: Layout) -> list[str]:
    """The first paragraph of `lines` that is not a recipient's line."""
    found: list[str] = []
    for line in lines:
        if layout.stop.match(line):
            break
        if not line.strip() or layout.recipient.match(line[:RECIPIENT_LINE_MOST]):
            if found:
                break
            continue
        found.append(line.strip())
    return found


def _subject_reason(message: Message, layout: Layout) -> tuple[str, list[str]] | None:
    """(the reason, the addresses) the Subject states, for a layout that reads its Subject."""
    if layout.subject is None:
        return None
    match = layout.subject.search(header_text(message, "Subject"))
    if match is None or not match.group("rest").strip():
        return None
    return match.group("rest").strip(), find_addresses(match.group("rest"))


def _reason_paragraph(notice: str, layout: Layout) -> list[str]:
    """The lines after the layout's reason heading, up to the copy marker; words after the
    heading on its own line ("Reason: mailbox full") come first."""
    assert layout.reason_heading is not None
    lines = notice.split("\n")
    for index, line in enumerate(lines):
        if layout.stop.match(line):
            break  # what follows is the returned message, not the notice
        heading = layout.reason_heading.search(line)
        if heading:
            same_line = line[heading.end() :].strip()
            found: list[str] = [same_line] if same_line else []
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
    from .dsn import field_blocks, status_parts

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
