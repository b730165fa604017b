"""RFC 3464 delivery status notifications, and their RFC 6533 internationalised form.

The report's parts and field blocks are read by the reading layer (`message.py`, shared with
the providers' readers); this extractor reads a standard report. What its Diagnostic-Code left
out, the notice's words complete (`extract()` does that for every extractor).
"""

from __future__ import annotations

from email.message import Message

from ..message import read_report, reading
from ..model import Extraction


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
        return found
