"""The reading layer: one message as every extractor reads it, each decoded thing worked out once.

Extractors ask a message the same questions: its notice's text, its delivery-status parts and
their field blocks, the returned message's headers, its own From and Subject. `reading(message)`
is the message's one `Reading`, kept with it: the parts are walked once, and each answer is
computed on first use and kept. The walk is a loop, not recursion, and visits each part once,
so the options bound it: the parser builds at most `--max-parts` parts, and the pipeline
refuses a message nested deeper than `--max-depth` before any extractor sees it. Nothing here decides what a message is; extractors do.

Every pattern here sees message text, so each runs in linear time.
"""

from __future__ import annotations

import binascii
import quopri
import re
from collections.abc import Callable, Sequence
from email.message import Message
from typing import Generic, TypeVar

from . import parse, patterns
from .addresses import ADDRESS_ON_LINE, find_addresses, normalise_address
from .htmltext import html_text
from .marks import load_marks
from .model import DeliveryRecord, Extraction
from .parse import unfold
from .smtp import find_reply_code, find_status, reconcile_status, value_type

# The returned original message (RFC 3464 section 2: message/rfc822 or text/rfc822-headers;
# RFC 6533: message/global, message/global-headers).
RETURNED_TYPES = frozenset(
    {"message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers",
     "message/rfc822-headers"}
)
# A delivery-status part (RFC 3464 section 2, RFC 6533 section 6).
STATUS_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status"})
# Parts that are not the notice's own words: the returned message and the report's fields.
NOT_NOTICE = RETURNED_TYPES | STATUS_TYPES
# The parts that make a message a report (RFC 6522, RFC 3464, RFC 5965)
REPORT_TYPES = STATUS_TYPES | {"multipart/report", "message/feedback-report"}
# A whole message attached: what a mail client's "forward as attachment" writes
FORWARDED_TYPES = frozenset({"message/rfc822", "message/global"})
# How many forwards deep a forwarded bounce is looked for (`bounce_inside`)
FORWARD_DEPTH = 3

NOTICE_LIMIT = 1 << 18  # characters of notice text
BODY_LIMIT = 1 << 20  # bytes of one part's text

T = TypeVar("T")


class once(Generic[T]):  # lower case: used as a decorator, like functools.cached_property
    """A value computed on first use and kept on the instance (no lock, unlike
    functools.cached_property: a Reading belongs to one thread)."""

    def __init__(self, compute: Callable[[Reading], T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, instance: Reading | None, owner: type) -> T:
        if instance is None:
            return self  # type: ignore[return-value]
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


# One part of the walk: the part, its depth, its content type, whether it holds other parts,
# and where it stands: OWN (the notice's own parts), SET_APART (a returned message or a
# report part itself, not the root), INSIDE_REPORT (below a report part), INSIDE_RETURNED
# (below a returned message: another message's parts).
OWN, SET_APART, INSIDE_REPORT, INSIDE_RETURNED = 0, 1, 2, 3
Node = tuple[Message, int, str, bool, int]


class Reading:
    """What the extractors read of one message, each thing worked out on first use and kept.

    Read it, never change it: the lists and strings it hands out are shared by every
    extractor that asks."""

    def __init__(self, message: Message) -> None:
        self.message = message
        self.header_count = len(message._headers)  # type: ignore[attr-defined]
        self.headers: dict[str, str] = {}
        # What a reader built from this message, kept with it for the next one that asks (the
        # layouts' detect texts and which layouts recognise the notice)
        self.kept: dict[object, object] = {}

    def header(self, name: str) -> str:
        """A header's value as one line of text, RFC 2047 words decoded; "" when absent."""
        found = self.headers.get(name)
        if found is None:
            value = self.message.get(name)
            found = self.headers[name] = "" if value is None else parse.decode_header_value(value)
        return found

    @once
    def parts(self) -> tuple[Node, ...]:
        """Every part, depth-first in document order, with where it stands (see Node)."""
        root = self.message
        found: list[Node] = []
        stack: list[tuple[Message, int, int]] = [(root, 0, OWN)]
        while stack:
            part, depth, where = stack.pop()
            kind = part.get_content_type()
            payload = part.get_payload()
            nested = isinstance(payload, list)
            children: list[Message] = payload if nested else []  # type: ignore[assignment]
            if where == OWN and part is not root and kind in NOT_NOTICE:
                where = SET_APART
            found.append((part, depth, kind, nested, where))
            if nested:
                below = where
                if where == SET_APART:
                    below = INSIDE_RETURNED if kind in RETURNED_TYPES else INSIDE_REPORT
                stack.extend((c, depth + 1, below) for c in reversed(children) if isinstance(c, Message))
        return tuple(found)

    @once
    def notice(self) -> str:
        """The notice's own text: its text/plain parts outside the returned message and the
        report part (a multipart whose boundary never appears counts: compat32 keeps its text
        as one string), joined; else its first text/html part reduced to text (`html_text`).
        A notice forwarded with every line quoted is unquoted (`unquote`). At most NOTICE_LIMIT
        characters."""
        root = self.message
        texts: list[str] = []
        html: Message | None = None
        for part, _depth, kind, nested, where in self.parts:
            if nested or where != OWN:
                continue
            if kind == "text/html":
                html = html or part
            elif (
                kind == "text/plain"
                or kind.startswith("multipart/")
                or (part is root and kind.startswith("text/"))
            ):
                text = parse.part_text(part, NOTICE_LIMIT)
                if text.strip():
                    texts.append(text.replace("\r\n", "\n").replace("\r", "\n"))
        if texts:
            return unescape_octal_utf8(unquote(parse.trimmed("\n".join(texts)[:NOTICE_LIMIT])))
        if html is not None:
            return unquote(html_text(parse.part_text(html, NOTICE_LIMIT), NOTICE_LIMIT))
        return ""

    @once
    def body_texts(self) -> tuple[str, ...]:
        """The texts of the leaf parts outside the returned message and the report part, in
        order, unquoted (a text may hold DSN fields the MIME structure lost)."""
        texts: list[str] = []
        for part, _depth, kind, nested, where in self.parts:
            if nested or where != OWN:
                continue
            if kind.partition("/")[0] in ("text", "multipart", "message"):
                text = parse.part_text(part, BODY_LIMIT)
                texts.append(unquote(text.replace("\r\n", "\n").replace("\r", "\n")))
        return tuple(texts)

    @once
    def own_parts(self) -> tuple[Message, ...]:
        """The message's parts, not those of a message it carries (the returned message
        itself is one of them, its parts are not)."""
        return tuple(node[0] for node in self.parts if node[4] != INSIDE_RETURNED)

    @once
    def status_parts(self) -> tuple[Message, ...]:
        """Every delivery-status part, in document order. A report inside the returned message
        (a bounce of a bounce, corpus lhost-sendmail-38) is about another delivery: it counts
        only when the message has no report of its own (a bounce forwarded as an attachment)."""
        outer = [n[0] for n in self.parts if n[2] in STATUS_TYPES and n[4] != INSIDE_RETURNED]
        if outer:
            return tuple(outer)
        return tuple(n[0] for n in self.parts if n[2] in STATUS_TYPES)

    @once
    def returned(self) -> Message | None:
        """The returned original message (or its headers), if the bounce has one as a part.
        When the report read is the one inside that part (a bounce forwarded as an
        attachment, see status_parts), the original is the one that bounce returned."""
        found = self._first_returned()
        if found is None or any(n[4] != INSIDE_RETURNED for n in self.parts if n[2] in STATUS_TYPES):
            return found
        inner = reading(found)
        if not any(n[2] in STATUS_TYPES for n in inner.parts):
            return found
        return inner.returned or found

    def _first_returned(self) -> Message | None:
        for part, _depth, kind, nested, where in self.parts:
            if where == SET_APART and kind in RETURNED_TYPES:
                encoded = decoded_report(part)  # RFC 6533 6.3: message/global-headers in base64
                if encoded is not None:
                    return from_text(encoded)
                if nested:
                    inner: list[Message] = part.get_payload()  # type: ignore[assignment]
                    return inner[0] if inner and isinstance(inner[0], Message) else None
                return from_text(parse.part_text(part))
        return None

    @once
    def sender_address(self) -> str:
        """The From address of the message itself, normalised, or ""."""
        return normalise_address(self.header("From"))

    @once
    def from_system(self) -> bool:
        """True when the message comes from a mail system rather than a person."""
        address = self.sender_address
        if address:
            local = address.rpartition("@")[0]
        else:  # Sendmail may write a bare local part: "Mail Delivery Subsystem <MAILER-DAEMON>"
            raw = self.header("From")
            bare = BARE_LOCAL.search(raw)
            words = raw.split()
            local = bare.group(1) if bare else (words[-1] if words else "")
        return local.lower().strip("<>\"'").startswith(SYSTEM_SENDERS)

    @once
    def looks_like_bounce(self) -> bool:
        """Cheap and conservative: a mail-system sender, a null sender (RFC 5321 section
        4.5.5), or a bounce-like subject (the phrases of rules/autoreply.toml)."""
        if self.from_system or self.header("From").strip() == "<>":
            return True
        if self.message.get("Return-Path") is not None and self.header("Return-Path") in ("<>", ""):
            return True
        # RFC 3834 section 5: "auto-generated" marks a message an automatic process made, not a
        # reply: a service's own notice that a mail it sent came back, which no person wrote
        # (a notice layout still has to find its introduction and its recipients)
        if self.header("Auto-Submitted").split(";")[0].strip().lower() == "auto-generated":
            return True
        if self.answers_by_subject:
            return False  # a person's answer: the bounce's subject it quotes is not its own
        subject = self.header("Subject").lower()
        return any(phrase in subject for phrase in load_marks().bounce_subject_phrases)

    @once
    def answers_by_subject(self) -> bool:
        """Whether the Subject starts with a reply's prefix ("Re:", "AW:", "回复:") or a help
        desk's acknowledgement tag ("[Request received]"): rules/autoreply.toml
        [[reply_subject]]."""
        subject = self.header("Subject").lower().lstrip()
        return subject.startswith(load_marks().reply_subject_prefixes)

    @once
    def forwarded_bounce(self) -> Message | None:
        """The bounce a person forwarded (to a postmaster, to the bounces mailbox), read in the
        message's place (`bounce_inside`); None for anything else.

        A forward is a message from no mail system (a daemon or null sender, see
        `from_system`) and with no report part of its own, that carries one message which
        looks like a bounce (`looks_like_bounce`), is an automatic reply (RFC 3834) or holds
        a report (a bounce's, a complaint's): attached whole
        (message/rfc822 or message/global, the only such part), or pasted inline under the
        mail client's separator line with its header fields (`forwarded_inline`). A bounce
        that returns the original message is from a mail system itself, so its returned
        message is never taken for a forwarded bounce; nor is a person's message that
        attaches another person's, nor a reply that quotes a bounce (its subject says so)."""
        # the parts first, then the senders: most messages are told apart by their parts
        if self.has_report:
            return None  # the message is the bounce
        attached = [
            part
            for part, _depth, kind, nested, where in self.parts
            if where == SET_APART and kind in FORWARDED_TYPES and nested
        ]
        inner: Message | None = None
        if len(attached) == 1:
            payload = attached[0].get_payload()
            first = payload[0] if isinstance(payload, list) and payload else None
            inner = first if isinstance(first, Message) else None
        elif not attached:
            inner = forwarded_inline(self.notice)
        if inner is None:
            return None
        if "<>" in (self.header("Return-Path"), self.header("From").strip()) or self.from_system:
            return None
        if self.answers_by_subject:
            return None  # a reply ("RE:", a help desk's tag) quotes the bounce: it is not one
        bounce = reading(inner)
        if bounce.looks_like_bounce or bounce.header("Auto-Submitted").lower().startswith("auto-"):
            return inner  # a mail system's, or an automatic reply (RFC 3834 section 5)
        if bounce.has_report:
            return inner  # a report (RFC 6522): of delivery, of a complaint (RFC 5965)
        return None

    @once
    def has_report(self) -> bool:
        """Whether the message holds a report part of its own (RFC 6522: of delivery, of a
        complaint), not one inside a message it returns."""
        return any(n[2] in REPORT_TYPES and n[4] != INSIDE_RETURNED for n in self.parts)

    @once
    def addressees(self) -> tuple[str, ...]:
        """The addresses of the To and Cc fields, in order, without repeats: for a returned
        message, whom it was sent to (`Layout.addressed`, the last-resort reader of notices)."""
        return tuple(find_addresses(self.header("To") + "," + self.header("Cc")))

    @once
    def failed_recipients(self) -> tuple[str, ...]:
        """Addresses of the X-Failed-Recipients header(s) (Exim, Google), in order."""
        found: dict[str, None] = {}
        for value in self.message.get_all("X-Failed-Recipients") or []:
            for address in find_addresses(parse.decode_header_value(value)):
                found.setdefault(address, None)
        return tuple(found)


READING = "_reading"


def reading(message: Message) -> Reading:
    """The message's Reading: made on first use and kept with the message while its headers
    are unchanged."""
    found: Reading | None = getattr(message, READING, None)
    if found is None or found.header_count != len(message._headers):  # type: ignore[attr-defined]
        found = Reading(message)
        setattr(message, READING, found)
    return found


# A forward pasted inline: the mail client's separator line ("---------- Forwarded message
# ---------" Gmail, "-------- Forwarded Message --------" Thunderbird, "-----Original
# Message-----" and a line of underscores Outlook, "----- Forwarded Message -----" Yahoo Mail,
# "Begin forwarded message:" Apple Mail), up to two blank lines, then the forwarded message's
# header fields from its From line on.
_FORWARD_SEPARATOR = patterns.compile(
    r"[ \t]{0,4}(?:[-_=]{5,80}[^\n]{0,60}|Begin forwarded message:)[ \t]{0,4}"
)
# The fields a forward pastes, as mail clients name them in English ("Sent" is Outlook's Date)
_FORWARD_FIELDS = {
    "from": "From",
    "sent": "Date",
    "date": "Date",
    "to": "To",
    "cc": "Cc",
    "subject": "Subject",
    "reply-to": "Reply-To",
}
_FORWARD_FIELD = patterns.compile(r"([A-Za-z][A-Za-z-]{0,15}):[ \t]{0,8}(.{0,998})")
FORWARD_WINDOW = 1 << 16  # characters of notice where a forward's separator is looked for


def _forward_start(notice: str) -> int:
    """Where the header block of a forward pasted in `notice` starts (its From line), or -1:
    each From line in the window is looked at, and the line above it (past up to two blank
    lines) must be a separator."""
    at = notice.find("\nFrom:", 0, FORWARD_WINDOW)
    while at >= 0:
        if notice[at + 6 : at + 7] in (" ", "\t"):
            end = at
            for _ in range(3):
                start = notice.rfind("\n", 0, end) + 1
                line = notice[start:end]
                if line.strip():
                    if _FORWARD_SEPARATOR.fullmatch(line):
                        return at + 1
                    break
                if start == 0:
                    break
                end = start - 1
        at = notice.find("\nFrom:", at + 1, FORWARD_WINDOW)
    return -1


def forwarded_inline(notice: str) -> Message | None:
    """The message a person's forward pastes inline in `notice` (see _FORWARD_SEPARATOR), as a
    message of its header fields (From and Subject at least) and the text after them; None
    when the notice pastes none."""
    begins = _forward_start(notice)
    if begins < 0:
        return None
    fields: list[list[str]] = []
    lines = notice[begins:].split("\n")
    for number, line in enumerate(lines):
        if not line.strip():
            break
        if line[0] in " \t" and fields:
            fields[-1][1] += " " + line.strip()  # a folded value
            continue
        field = _FORWARD_FIELD.fullmatch(line.rstrip())
        name = _FORWARD_FIELDS.get(field[1].lower()) if field else None
        if field is None or name is None:
            return None  # not a header block as mail clients paste it
        fields.append([name, field[2]])
    else:
        number = len(lines)
    if not {"From", "Subject"} <= {name for name, _ in fields}:
        return None
    # the pasted text is decoded already: it is given back as UTF-8, which it declares
    head = "".join(f"{name}: {value}\n" for name, value in fields)
    head += "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
    body = "\n".join(lines[number + 1 :]).lstrip("\n")
    return parse.parse_bytes((head + body).encode("utf-8", "replace"))


def bounce_inside(message: Message) -> Message:
    """The message whose verdicts to give: the message itself, or the bounce a person forwarded
    in it (`Reading.forwarded_bounce`), up to FORWARD_DEPTH forwards deep."""
    for _ in range(FORWARD_DEPTH):
        inner = reading(message).forwarded_bounce
        if inner is None:
            break
        message = inner
    return message


def header_text(message: Message, name: str) -> str:
    """A header's value as one line of text, decoding RFC 2047 words; "" when absent."""
    return reading(message).header(name)


def notice_text(message: Message) -> str:
    """The notice's own text (`Reading.notice`)."""
    return reading(message).notice


def status_parts(message: Message) -> list[Message]:
    """The message's delivery-status parts (`Reading.status_parts`)."""
    return list(reading(message).status_parts)


def part_fields(message: Message, content_type: str) -> Message | None:
    """The fields of the message's own part of that content type (a feedback report, a
    disposition notification) as one header block, or None: the block the parser made of
    it, or its text read as one."""
    for part in reading(message).own_parts:
        if part.get_content_type() != content_type:
            continue
        payload = part.get_payload()
        if isinstance(payload, list):
            return payload[0] if payload and isinstance(payload[0], Message) else None
        return parse.parse_text(parse.part_text(part).lstrip("\r\n"))
    return None


def find_returned(message: Message) -> Message | None:
    """The returned original message (or its headers) inside a bounce, if there is one."""
    return reading(message).returned


def sender_address(message: Message) -> str:
    """The From address of the message itself, normalised, or ""."""
    return reading(message).sender_address


def from_system(message: Message) -> bool:
    """True when the message comes from a mail system rather than a person."""
    return reading(message).from_system


def failed_recipients(message: Message) -> list[str]:
    """Addresses of the X-Failed-Recipients header(s) (Exim, Google), in order."""
    return list(reading(message).failed_recipients)


def part_text(part: Message, limit: int = BODY_LIMIT) -> str:
    """The decoded text of a leaf part (transfer encoding and charset undone), capped."""
    return parse.part_text(part, limit)


# Local parts a mail system sends its notices from (RFC 5321 section 4.5.5 null sender,
# RFC 2142 mailbox names, and the names MTAs and providers use in the corpus). Exchange 2007
# and later send DSNs, quota and agent messages from the "Microsoft Exchange recipient",
# MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@<accepted domain> ("a unified and
# well-known message sender that differentiates system-generated messages from other
# messages", Microsoft's "Understanding the Microsoft Exchange Recipient",
# technet.microsoft.com/library/bb430759): an NDR of its without a report part, marked
# "Auto-Submitted: auto-replied" as Exchange marks its NDRs, is no out-of-office reply.
SYSTEM_SENDERS = (
    "mailer-daemon", "postmaster", "mail-daemon", "maildaemon", "mailerdaemon", "mdaemon",
    "mail-delivery-system", "mail.delivery.system", "noreply-dmarc-support",
    "microsoftexchange329e71ec88ae4615bbc36ab6ce41109e",
)


BARE_LOCAL = patterns.compile(r"<([^<>@\s]{1,64})>")


def sender_domain(message: Message) -> str:
    """The domain of the From address, lower case, or ""."""
    return reading(message).sender_address.rpartition("@")[2]


_QUOTE = patterns.compile(r"^> ?", re.MULTILINE)


def unquote(text: str) -> str:
    """A bounce forwarded inline with every line quoted ("> ") read as the bounce itself
    (corpus: mbox-split/make-test-36). Only when most lines are quoted, so a Sendmail
    transcript's ">>> RCPT" lines stay as they are."""
    quoted = text.count("\n>") + text.startswith(">")  # the lines that start with ">"
    if not quoted:
        return text  # most notices: no line to count
    lines = sum(1 for line in text.split("\n") if line.strip())
    if quoted * 10 >= lines * 6:
        return _QUOTE.sub("", text)
    return text


# Exim writes what it prints of an address or a reply with string_printing() (src/src/string.c):
# a byte outside printable ASCII as a backslash and three octal digits, so a UTF-8 address of
# an SMTPUTF8 message reads "\345\261\261\347\224\260@\346\227\245...jp" in its notice while its
# report names it as written. One UTF-8 character: a lead byte (\302-\367) and one to three
# continuation bytes (\200-\277).
OCTAL_UTF8 = patterns.compile(r"\\3[0-6][0-7](?:\\2[0-7]{2}){1,3}")


def unescape_octal_utf8(text: str) -> str:
    """The UTF-8 characters a notice writes as octal escapes, read back ("m\\303\\274ller" ->
    "müller"); an escape that is no UTF-8 character (a lone byte, a bad sequence) stays."""
    if "\\3" not in text:
        return text  # most notices: no escape

    def one(match: re.Match[str]) -> str:
        escapes = match.group(0)
        octets = bytes(int(escapes[at + 1 : at + 4], 8) for at in range(0, len(escapes), 4))
        try:
            return octets.decode("utf-8")
        except UnicodeDecodeError:
            return match.group(0)

    return OCTAL_UTF8.sub(one, text)


def cut(text: str, *markers: str) -> str:
    """Text up to the first of the marker lines (the start of the returned message)."""
    end = len(text)
    for marker in markers:
        at = text.find(marker)
        if at != -1:
            end = min(end, at)
    return text[:end]


# The first line of DSN fields pasted into a text part (RFC 3464 section 2.2/2.3 names).
_FIELD_NAMES = ("reporting-mta:", "final-recipient:", "original-recipient:", "action:",
                "arrival-date:", "received-from-mta:")


def pasted_report(text: str) -> str:
    """The DSN fields a notice pastes into its text (AWS WorkMail writes them after a
    "Technical report:" line), from the first field line on; "" when there are none."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.lower().startswith(_FIELD_NAMES):
            return text[offset:]
        offset += len(line)
    return ""


def fill_original(extraction: Extraction, original: Message | None) -> Extraction:
    """Copy the original message's sender, Message-ID and Subject onto an extraction, where
    the extraction does not say them already."""
    if original is None:
        return extraction
    known = reading(original)
    if not extraction.original_sender:
        extraction.original_sender = normalise_address(known.header("From"))
    if not extraction.original_message_id:
        extraction.original_message_id = known.header("Message-ID")
    if not extraction.original_subject:
        extraction.original_subject = known.header("Subject")
    return extraction


def from_text(text: str) -> Message | None:
    """The header fields of a returned message pasted as text, as a message (its body is
    never read, so it is not parsed: the text ends at the first blank line); None if there
    are none."""
    text = text.lstrip("\n")
    if not text:
        return None
    end = text.find("\n\n")
    headers = parse.parse_text(text if end == -1 else text[: end + 1])
    return headers if len(headers) else None


# ---- Delivery-status parts (RFC 3464, RFC 6533) --------------------------------------------
# A part holds one block of per-message fields, then one block of per-recipient fields for
# each recipient, blocks separated by blank lines (RFC 3464 section 2.1).

Block = dict[str, str]


def field_blocks(part: Message) -> list[Block]:
    """The field blocks of a delivery-status part, each a dict of lower-case names.

    compat32 parses `message/delivery-status` into a list of header blocks, but hands other
    types (the RFC 6533 global form, or a base64-encoded report) over as one message or as
    text, so every shape is brought back to blocks here. The blocks are shared by every
    reader of the part: read them, do not change them.
    """
    return parse.remembered(part, "field_blocks", lambda: _field_blocks(part))


def _field_blocks(part: Message) -> list[Block]:
    encoded = decoded_report(part)
    if encoded is not None:
        decoded = text_blocks(encoded)
        if any(RECIPIENT_BLOCK_START.intersection(block) for block in decoded):
            return decoded  # otherwise the part was not encoded as it says: read it as it is
    payload = part.get_payload()
    blocks: list[Block] = []
    if isinstance(payload, list):
        for sub in payload:
            if not isinstance(sub, Message):
                continue
            blocks.extend(_blocks(sub))
            if isinstance(sub.get_payload(), str):
                rest = parse.part_text(sub)  # raw bytes back, read as UTF-8 (RFC 6533)
                if rest.strip():
                    blocks.extend(text_blocks(rest))
        return [b for b in blocks if b]
    return text_blocks(parse.part_text(part))


def decoded_report(part: Message, limit: int = 1 << 20) -> str | None:
    """The fields of a report part sent in base64 or quoted-printable, decoded; None otherwise.

    RFC 6533 section 6 lets the global form be encoded so, and re-encoding gateways do it to
    message/delivery-status too (RFC 3464 asks 7bit). The parser took the encoded lines for
    fields and bodies of blocks; they are put back together and decoded (RFC 2045 6.7, 6.8).
    """
    encoding = str(part.get("content-transfer-encoding", "")).strip().lower()
    if encoding not in ("base64", "quoted-printable"):
        return None
    payload = part.get_payload()
    blocks: list[str] = []  # one per block the parser made; a blank line parted them
    size = 0
    for sub in payload if isinstance(payload, list) else [part]:
        if not isinstance(sub, Message) or size > 4 * limit:
            continue
        # A block's fields and what the parser left as its body (the lines after an encoded
        # line it could not read as a field) are consecutive lines: a soft line break at the
        # end of a field ("=") joins it to the next line, not to a blank one.
        lines = [f"{name}: {value}" for name, value in sub.items()] if sub is not part else []
        inner = sub.get_payload()
        if isinstance(inner, str) and inner:
            lines.append(inner)
            size += len(inner)
        blocks.append("\n".join(lines))
    # (RFC 2045 6.7 (3): a quoted-printable line's trailing blanks were added on the way)
    joined = "\n\n".join(blocks) if encoding == "base64" else parse.trimmed("\n\n".join(blocks))
    raw = joined.encode("ascii", "replace")
    try:
        data = binascii.a2b_base64(raw) if encoding == "base64" else quopri.decodestring(raw)
    except binascii.Error:  # broken padding: not base64 after all
        return None
    return data[:limit].decode("utf-8", "replace")


def text_blocks(text: str) -> list[Block]:
    """Parse DSN fields written as text into blocks (blank line = next block)."""
    blocks: list[Block] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        if chunk.strip():
            fields = parse.parse_text(chunk.strip("\n") + "\n")
            blocks.extend(_blocks(fields))
    return blocks


# Per-recipient fields that, seen a second time in one block, start the next recipient's
# block: some MTAs write the blocks without the blank line RFC 3464 section 2.1 asks for.
RECIPIENT_BLOCK_START = frozenset({"final-recipient", "original-recipient", "action"})


def _blocks(fields: Message) -> list[Block]:
    blocks: list[Block] = []
    block: Block = {}
    for name, value in fields.items():
        key = name.strip().lower()
        if key in block and key in RECIPIENT_BLOCK_START:
            blocks.append(block)
            block = {}
        if key not in block:  # otherwise the first of a repeated field counts
            block[key] = parse.decode_header_value(value, encoded_words=False)
    if block:
        blocks.append(block)
    return blocks


def typed_value(value: str) -> str:
    """Drop the type of an RFC 3464 typed field: `smtp; 550 ...` -> `550 ...`."""
    kind, semi, rest = value.partition(";")
    if semi and kind.strip() and " " not in kind.strip() and len(kind) < 24:
        return rest.strip()
    return value.strip()


def channel_address(address: str) -> bool:
    """An address whose domain is one label with no dot: the name of the reporting system's
    own delivery channel or store, not a domain the sender wrote to. Sun/Oracle Messaging
    Server reports a message-store failure with "Final-recipient: rfc822;user@ims-ms-daemon"
    (its store channel) beside "Original-recipient: rfc822;user@example.edu" (the address the
    sender used), and its notice says so: "Recipient address: user@ims-ms-daemon / Original
    address: user@example.edu" (Tufts University IT's bounce documentation,
    http://uit.tufts.edu/?pid=548). RFC 3464 section 2.3.2 lets Final-Recipient be such an
    internal address; the row names the address the sender can act on."""
    domain = address.rpartition("@")[2]
    return bool(domain) and "." not in domain and not domain.startswith("[")


def record_from_block(block: Block) -> DeliveryRecord | None:
    """One recipient's record, or None when the block names no recipient."""
    recipient = normalise_address(block.get("final-recipient", ""))
    original = normalise_address(block.get("original-recipient", ""))
    if not recipient:
        recipient = normalise_address(block.get("x-actual-recipient", "")) or original
    elif channel_address(recipient) and original and not channel_address(original):
        recipient = original
    if not recipient:
        return None
    diagnostic_field = block.get("diagnostic-code", "")
    # Exim writes the remote reply it quotes with string_printing() here as in its notice
    # (transports/smtp.c: "SMTP error from remote mail server ..."): UTF-8 words in octal
    diagnostic = unescape_octal_utf8(unfold(typed_value(diagnostic_field)))
    status_field = block.get("status", "")
    return DeliveryRecord(
        recipient=recipient,
        original_recipient=original,
        action=block.get("action", "").strip().lower().split(" ")[0],
        status=reconcile_status(status_field, diagnostic),
        reply_code=find_reply_code(diagnostic),
        diagnostic=diagnostic,
        diagnostic_type=value_type(diagnostic_field),
        remote_mta=typed_value(block.get("remote-mta", "")),
        last_attempt_date=block.get("last-attempt-date", ""),
        will_retry_until=block.get("will-retry-until", ""),
        program=program_of(block),
    )


# Sendmail's status line for a program address (a "|command" alias or .forward entry, run by
# its prog mailer), in its notice or transcript: `554 "|/usr/bin/procmail -f-"... Service
# unavailable`, the text being what the program's exit status means (sysexits.h); a refusal
# made by usrerrenh() carries its enhanced code too: `550 5.7.1 "|/usr/bin/x"... User a@b
# doesn't have a valid shell for mailing to programs` (sendmail/recipient.c recipient()).
PROGRAM_LINE = patterns.compile(
    r'^([245]\d\d)[ \-](?:[245]\.\d{1,3}\.\d{1,3} )?"(\|[^"\n]{1,1000})"\.\.\. ?([^\n]{1,500})$',
    re.MULTILINE,
)


def program_of(block: Block) -> str:
    """The program a recipient was delivered to (`X-Actual-Recipient: rfc822; |command`), or ""."""
    actual = typed_value(block.get("x-actual-recipient", ""))
    return actual if actual.startswith("|") else ""


def read_report(parts: Sequence[Message], mta: str) -> Extraction:
    """An extraction from the delivery-status parts of a report."""
    extraction = Extraction(mta=mta)
    for part in parts:
        for block in field_blocks(part):
            if not extraction.reporting_mta and "reporting-mta" in block:
                extraction.reporting_mta = typed_value(block["reporting-mta"])
            if not extraction.arrival_date and "arrival-date" in block:
                extraction.arrival_date = block["arrival-date"]
            record = record_from_block(block)
            if record is not None:
                extraction.records.append(record)
    return extraction


def complete_from_program_lines(message: Message, records: Sequence[DeliveryRecord]) -> None:
    """Give a program delivery with no Diagnostic-Code the notice's status line for it.

    Sendmail's DSN for a failed "|command" recipient has no Diagnostic-Code: the program's
    exit status is only in the notice, on the line naming the program (Sendmail appends
    "@host" to the program in X-Actual-Recipient, so the notice's program is a prefix of it).
    Corpus rfc3464-04.
    """
    pending = [record for record in records if record.program and not record.diagnostic]
    if not pending:
        return
    lines = list(PROGRAM_LINE.finditer(reading(message).notice))
    for record in pending:
        for line in lines:
            if record.program.startswith(line.group(2)):
                record.diagnostic = unfold(line.group(0))
                record.reply_code = line.group(1)
                record.status = record.status or find_status(line.group(3))
                break


# Sendmail's line for a recipient in its transcript, written by giveresponse(): "550 5.0.0
# <a@b>... Can't create output". The lines a mailer wrote come just above it (endmailer()
# copies the mailer's output to the transcript first); SMTP dialogue, framing and other status
# lines are not its output.
RECIPIENT_STATUS_LINE = patterns.compile(
    r"^([245]\d\d)[ \-](?:[245]\.\d{1,3}\.\d{1,3} )?"
    rf"<({ADDRESS_ON_LINE})>\.\.\. ?([^\n]{{1,500}})$"
)
NOT_MAILER_OUTPUT = patterns.compile(r"^(?:[<>]{3}|\.\.\. |[ \t]{0,12}-{3}|[245]\d\d[ \-])")
MAILER_OUTPUT_LINES = 10  # how far above its status line a mailer's output is looked for


def complete_from_mailer_output(message: Message, records: Sequence[DeliveryRecord]) -> None:
    """Give a local delivery whose Diagnostic-Code is only the mailer's exit status the words
    the mailer wrote.

    Sendmail's DSN for a failed local mailer (procmail, maildrop ...) carries its exit status
    alone ("Diagnostic-Code: X-Unix; 73": sendmail/deliver.c markfailure()), while the
    transcript holds what the mailer wrote just above the recipient's status line:
    'procmail: Quota exceeded while writing "/var/mail/a"' over "550 5.0.0 <a@b>... Can't
    create output". Those lines and the status line's words become the diagnostic.
    """
    pending = [r for r in records if r.diagnostic_type == "x-unix" and r.diagnostic.isdigit()]
    if not pending:
        return
    lines = reading(message).notice.split("\n")
    for record in pending:
        for index, line in enumerate(lines):
            match = RECIPIENT_STATUS_LINE.match(line)
            if match is None or normalise_address(match.group(2)) not in (
                record.recipient,
                record.original_recipient,
            ):
                continue
            output: list[str] = []
            for above in reversed(lines[max(0, index - MAILER_OUTPUT_LINES) : index]):
                if not above.strip() or NOT_MAILER_OUTPUT.match(above):
                    break
                output.insert(0, above.strip())
            if output:
                record.diagnostic = unfold(" ".join((*output, match.group(3))))
                record.reply_code = record.reply_code or match.group(1)
            break


# amavisd-new's reply for a message with a bad header section, as its versions before the
# minor categories write it: "554 5.6.0 Bounce, id=988847-04 - BAD HEADER" (%smtp_reason_by_ccat,
# CC_BADH alone), the category without the problem. Its notice (notify_sender_templ) names
# the problem under the heading "INVALID HEADER", one line each, indented: 'Missing required
# header field: "Date"', 'Non-encoded 8-bit data (char E9 hex) in message header 'Subject'...'
# (amavisd check_header_validity(); later versions add the minor category to the heading,
# "INVALID HEADER: MISSING REQUIRED HEADER FIELD", and to the reply, "BAD HEADER: missing
# required header field").
AMAVIS_BARE_BAD_HEADER = patterns.compile(
    r"\bid=[\w.\-]{1,40} - BAD HEADER[ \t]{0,8}$", re.IGNORECASE
)
AMAVIS_HEADER_PROBLEM = patterns.compile(
    r"^INVALID HEADER(?:: [A-Z0-9 ,]{1,80})?[ \t]{0,8}\n(?:[ \t]{0,8}\n){0,2}"
    r"[ \t]{1,8}(\S[^\n]{0,300})$",
    re.MULTILINE,
)


def complete_from_content_category(message: Message, records: Sequence[DeliveryRecord]) -> None:
    """Give amavisd-new's bare "BAD HEADER" reply the first problem its notice names.

    The reply names only the category; the notice beside it names what is wrong with the
    header section ('Missing required header field: "Date"'), which is what tells a header
    the standard requires and lacks (RFC 5322 section 3.6) from a character it does not
    allow. The problem is added after the category, "BAD HEADER: <problem>", the form later
    amavisd versions write their minor category in. github WGDashboard/WGDashboard issue 1054.
    """
    pending = [r for r in records if AMAVIS_BARE_BAD_HEADER.search(r.diagnostic)]
    if not pending:
        return
    problem = AMAVIS_HEADER_PROBLEM.search(reading(message).notice)
    if problem is None:
        return
    for record in pending:
        record.diagnostic = f"{record.diagnostic.rstrip()}: {problem.group(1).strip()}"
