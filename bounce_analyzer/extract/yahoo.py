"""Yahoo! Mail's own notices ("Failure Notice").

    Sorry, we were unable to deliver your message to the following address.

    <someone@example.com>:
    Remote host said: 550 5.1.1 <someone@example.com>... User unknown [RCPT_TO]

    --- Below this line is a copy of the message.

The remote answer may run over several lines; a bracketed token names the SMTP stage
([RCPT_TO], [MAIL_FROM], [DATA]). Yahoo Japan writes the same layout (corpus lhost-yahoo-*).
"""

from __future__ import annotations

import re
from email.message import Message

from .. import patterns
from ..addresses import ADDRESS_ON_LINE, normalise_address
from ..message import cut, fill_original, find_returned, from_text, notice_text
from ..model import DeliveryRecord, Extraction
from ..parse import unfold
from ..smtp import find_reply_code, find_status

LEAD = "Sorry, we were unable to deliver your message to the following address"
RETURNED_MARKER = "--- Below this line is a copy of the message."
RECIPIENT = patterns.compile(rf"^<({ADDRESS_ON_LINE})>:\s{{0,8}}$", re.MULTILINE)
STAGE = patterns.compile(r"\[(RCPT_TO|MAIL_FROM|DATA|CONNECT|EHLO|HELO)\]")
STAGE_COMMAND = {"RCPT_TO": "RCPT", "MAIL_FROM": "MAIL", "DATA": "DATA", "CONNECT": "CONN",
                 "EHLO": "EHLO", "HELO": "HELO"}
REMOTE_SAID = patterns.compile(r"^\s*Remote host said:\s*", re.IGNORECASE)


class Yahoo:
    """Yahoo! Mail and Yahoo! JAPAN failure notices."""

    name = "yahoo"

    def extract(self, message: Message) -> Extraction | None:
        text = notice_text(message)
        start = text.find(LEAD)
        if start == -1:
            return None
        notice = cut(text[start:], RETURNED_MARKER)
        matches = list(RECIPIENT.finditer(notice))
        extraction = Extraction(mta=self.name)
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(notice)
            said = unfold(REMOTE_SAID.sub("", notice[match.end():end].strip()))
            stage = STAGE.search(said)
            diagnostic = unfold(STAGE.sub("", said))
            extraction.records.append(DeliveryRecord(
                recipient=normalise_address(match.group(1)),
                action="failed",
                status=find_status(diagnostic),
                reply_code=find_reply_code(diagnostic),
                diagnostic=diagnostic,
                command=STAGE_COMMAND[stage.group(1)] if stage else "",
            ))
        if find_returned(message) is None and RETURNED_MARKER in text:  # the copy pasted after the notice
            fill_original(extraction, from_text(text.split(RETURNED_MARKER, 1)[1]))
        return extraction
