"""Shared shape of plain-text notices: the helpers the provider extractors have in common.

Providers that do not write RFC 3464 reports still follow one shape: a few lines of prose,
the failed addresses, the remote server's words, then a marker line and a copy of the
original message. These helpers read the parts of that shape; each provider module knows
its own wording (see yahoo.py, gmail.py, zoho.py ...).
"""

from __future__ import annotations

import weakref
from email.message import Message

from .. import parse, patterns
from .returned import RETURNED_TYPES
from .text import find_addresses, header_text, html_text, normalise_address

# Local parts a mail system sends its notices from (RFC 5321 section 4.5.5 null sender,
# RFC 2142 mailbox names, and the names MTAs and providers use in the corpus).
SYSTEM_SENDERS = (
    "mailer-daemon", "postmaster", "mail-daemon", "maildaemon", "mailerdaemon", "mdaemon",
    "mail-delivery-system", "mail.delivery.system", "noreply-dmarc-support",
)


BARE_LOCAL = patterns.compile(r"<([^<>@\s]{1,64})>")


def sender_address(message: Message) -> str:
    """The From address of the message itself, normalised, or ""."""
    return normalise_address(header_text(message, "From"))


def from_system(message: Message) -> bool:
    """True when the message comes from a mail system rather than a person."""
    address = sender_address(message)
    if address:
        local = address.rpartition("@")[0]
    else:  # Sendmail may write a bare local part: "Mail Delivery Subsystem <MAILER-DAEMON>"
        raw = header_text(message, "From")
        bare = BARE_LOCAL.search(raw)
        words = raw.split()
        local = bare.group(1) if bare else (words[-1] if words else "")
    return local.lower().strip("<>\"'").startswith(SYSTEM_SENDERS)


def sender_domain(message: Message) -> str:
    """The domain of the From address, lower case, or ""."""
    return sender_address(message).rpartition("@")[2]


def failed_recipients(message: Message) -> list[str]:
    """Addresses of the X-Failed-Recipients header(s) (Exim, Google), in order."""
    found: dict[str, None] = {}
    for value in message.get_all("X-Failed-Recipients") or []:
        for address in find_addresses(parse.decode_header_value(value)):
            found.setdefault(address, None)
    return list(found)


# Several provider extractors look at the same notice text in turn: decode it once per
# message (weak keys, so the cache goes with the message).
_NOTICE_TEXT: weakref.WeakKeyDictionary[Message, str] = weakref.WeakKeyDictionary()
NOTICE_LIMIT = 1 << 18


def notice_text(message: Message) -> str:
    """The text of the notice's own text/plain parts, not those of a returned message.

    Falls back to its text/html parts, reduced to text (`html_text`), when the notice has no
    plain text part. Capped at NOTICE_LIMIT characters.
    """
    cached = _NOTICE_TEXT.get(message)
    if cached is None:
        cached = _NOTICE_TEXT[message] = _notice_text(message, NOTICE_LIMIT)
    return cached


def _notice_text(message: Message, limit: int) -> str:
    texts: list[str] = []
    html: list[str] = []
    stack: list[tuple[Message, int]] = [(message, 0)]
    while stack:
        part, depth = stack.pop()
        kind = part.get_content_type()
        if part is not message and kind in RETURNED_TYPES:
            continue  # the returned message is not the notice
        payload = part.get_payload()
        if isinstance(payload, list):
            if depth < 20:
                stack.extend((child, depth + 1) for child in reversed(payload)
                             if isinstance(child, Message))
            continue
        if kind == "text/plain":
            texts.append(parse.part_text(part, limit))
        elif kind == "text/html":
            html.append(html_text(parse.part_text(part, limit), limit))
    text = "\n".join(texts) if texts else "\n".join(html)
    return text.replace("\r\n", "\n")[:limit]


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
