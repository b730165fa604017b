"""The original message a bounce returns: its From, Subject and Message-ID.

Shared by every extractor: RFC 3464 returns it as `message/rfc822` or `text/rfc822-headers`
(RFC 6533: `message/global`, `message/global-headers`); older formats paste it into the body
after a line such as "----- Original message -----", which extractors hand to `from_text`.
"""

from __future__ import annotations

from email.message import Message

from .. import parse
from ..model import Extraction

RETURNED_TYPES = frozenset(
    {"message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers",
     "message/rfc822-headers"}
)


def find_returned(message: Message, max_depth: int = 50) -> Message | None:
    """The returned original message (or its headers) inside a bounce, if there is one."""
    memo = message.memo() if hasattr(message, "memo") else None  # parse.Part: remembered
    if memo is None:
        return _find_returned(message, max_depth)
    key = ("returned", max_depth)
    if key not in memo:
        memo[key] = _find_returned(message, max_depth)
    return memo[key]  # type: ignore[return-value]


def _find_returned(message: Message, max_depth: int) -> Message | None:
    stack: list[tuple[Message, int]] = [(message, 0)]
    while stack:
        part, depth = stack.pop()
        kind = part.get_content_type()
        payload = part.get_payload()
        if kind in RETURNED_TYPES and part is not message:
            if isinstance(payload, list):
                return payload[0] if payload and isinstance(payload[0], Message) else None
            return from_text(parse.part_text(part))
        if isinstance(payload, list) and depth < max_depth:
            stack.extend((child, depth + 1) for child in reversed(payload) if isinstance(child, Message))
    return None


def from_text(text: str) -> Message | None:
    """Parse pasted header lines (and anything after them) as a message, None if no headers."""
    text = text.lstrip("\n")
    if not text:
        return None
    headers = parse.parse_text(text)
    return headers if len(headers) else None


def fill_original(extraction: Extraction, original: Message | None) -> Extraction:
    """Copy the original message's sender, Message-ID and Subject onto an extraction."""
    if original is None:
        return extraction
    from .text import header_text, normalise_address

    if not extraction.original_sender:
        extraction.original_sender = normalise_address(header_text(original, "From"))
    if not extraction.original_message_id:
        extraction.original_message_id = header_text(original, "Message-ID")
    if not extraction.original_subject:
        extraction.original_subject = header_text(original, "Subject")
    return extraction
