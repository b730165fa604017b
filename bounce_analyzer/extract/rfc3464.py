"""RFC 3464 delivery status notifications, and their RFC 6533 internationalised form.

The reading of the report itself is `dsn.py`'s, shared with the providers' readers; this
extractor reads a standard report and completes it from the notice's words.
"""

from __future__ import annotations

from email.message import Message

from ..model import DeliveryRecord, Extraction
from .dsn import PROGRAM_LINE, read_report, status_parts
from .returned import fill_original, find_returned
from .text import find_status, unfold


def complete_from_program_lines(
    message: Message, pending: list[tuple[DeliveryRecord, str]]
) -> None:
    """Give a program delivery with no Diagnostic-Code the notice's status line for it.

    Sendmail's DSN for a failed "|command" recipient has no Diagnostic-Code: the program's
    exit status is only in the notice, on the line naming the program (Sendmail appends
    "@host" to the program in X-Actual-Recipient, so the notice's program is a prefix of it).
    Corpus rfc3464-04.
    """
    pending = [(record, program) for record, program in pending if not record.diagnostic]
    if not pending:
        return
    from .recipient_lines import notice_text

    lines = list(PROGRAM_LINE.finditer(notice_text(message)))
    for record, program in pending:
        for line in lines:
            if program.startswith(line.group(2)):
                record.diagnostic = unfold(line.group(0))
                record.reply_code = line.group(1)
                record.status = record.status or find_status(line.group(3))
                break


class RFC3464:
    """Standard delivery status notifications (RFC 3464, RFC 6533)."""

    name = "rfc3464"

    def extract(self, message: Message) -> Extraction | None:
        parts = status_parts(message)
        if not parts:
            return None
        programs: list[tuple[DeliveryRecord, str]] = []
        extraction = read_report(parts, self.name, programs)
        # the human-readable part often quotes what the Diagnostic-Code left out (Postfix)
        from .text_layouts import complete_from_notice

        complete_from_notice(message, extraction)
        complete_from_program_lines(message, programs)
        return fill_original(extraction, find_returned(message))
