"""RFC 3464 delivery status notifications, and their RFC 6533 internationalised form.

The report's parts and field blocks are read by the reading layer (`message.py`, shared with
the providers' readers); this extractor reads a standard report. What its Diagnostic-Code left
out, the notice's words complete (`extract()` does that for every extractor).
"""

from __future__ import annotations

from collections.abc import Sequence
from email.message import Message

from .. import patterns
from ..addresses import normalise_address
from ..marks import load_list_marks
from ..message import field_blocks, read_report, reading
from ..model import Extraction
from ..smtp import find_reply_code

# A Status field with the reason as a comment after the code: Haraka writes the reply it
# built or got there, "Status: 5.1.2 (550 Domain example.net sends and receives no email
# (NULL MX))" (outbound/hmail.js populate_bounce_message_with_headers()), and no
# Diagnostic-Code when no server replied (its own DNS outcomes).
STATUS_COMMENT = patterns.compile(
    r"^[ \t]{0,8}[245]\.\d{1,3}\.\d{1,3}[ \t]{1,8}\((?P<said>[^\n]{3,2000})\)[ \t]{0,8}$"
)


class RFC3464:
    """Standard delivery status notifications (RFC 3464, RFC 6533)."""

    name = "rfc3464"

    def extract(self, message: Message) -> Extraction | None:
        parts = reading(message).status_parts
        if not parts:
            return None
        found = read_report(parts, self.name)
        for record in found.records:
            if record.action == "undeliverable":
                # Postfix's address verification report (sendmail -bv, the "Mail Delivery
                # Status Report"): bounce.c writes "undeliverable" for a failed address and
                # defer.c for a deferred one; its status tells which of RFC 3464's it is.
                record.action = "delayed" if record.status.startswith("4") else "failed"
        if any(record.action == "delayed" for record in found.records) and held_for_moderation(
            reading(message).notice
        ):
            # A list server's "forwarded to the moderator(s)" sent as a delay (Sympa 6.2.72,
            # 4.3.0): the list took the post; read as its later versions write it, delivered.
            for record in found.records:
                if record.action == "delayed":
                    record.action = "delivered"
        if any(not record.diagnostic for record in found.records):
            _words_from_status(parts, found)
        return found


def _words_from_status(parts: Sequence[Message], found: Extraction) -> None:
    """Give a record with no Diagnostic-Code the words its Status field carries as a comment."""
    said: dict[str, str] = {}
    for part in parts:
        for block in field_blocks(part):
            comment = STATUS_COMMENT.match(block.get("status", ""))
            recipient = normalise_address(block.get("final-recipient", ""))
            if comment and recipient:
                said.setdefault(recipient, comment.group("said").strip())
    for record in found.records:
        words = said.get(record.recipient, "")
        if words and not record.diagnostic:
            record.diagnostic = words
            record.reply_code = record.reply_code or find_reply_code(words)


def held_for_moderation(notice: str) -> bool:
    """True when a notice's own text says the post was handed to the list's moderators
    (rules/lists.toml [[moderation_hold]])."""
    phrases = load_list_marks().moderation_holds
    if not phrases or not notice:
        return False
    text = " ".join(notice.lower().split())
    return any(phrase in text for phrase in phrases)
