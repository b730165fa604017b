"""RFC 3464 delivery status notifications, and their RFC 6533 internationalised form.

The report's parts and field blocks are read by the reading layer (`message.py`, shared with
the providers' readers); this extractor reads a standard report and completes it from the
notice's words.
"""

from __future__ import annotations

from email.message import Message

from ..layouts import complete_from_notice
from ..message import complete_from_program_lines, read_report, reading
from ..model import DeliveryRecord, Extraction


class RFC3464:
    """Standard delivery status notifications (RFC 3464, RFC 6533)."""

    name = "rfc3464"

    def extract(self, message: Message) -> Extraction | None:
        parts = reading(message).status_parts
        if not parts:
            return None
        programs: list[tuple[DeliveryRecord, str]] = []
        extraction = read_report(parts, self.name, programs)
        # the human-readable part often quotes what the Diagnostic-Code left out (Postfix)
        complete_from_notice(message, extraction)
        complete_from_program_lines(message, programs)
        return extraction
