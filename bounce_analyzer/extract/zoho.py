"""Zoho Mail's own notices (mailer-daemon@mail.zoho.com; corpus lhost-zoho-*).

A failure lists one line per recipient with the reply code and the remote words:

    someone@example.com Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 ... User unknown

A delay warning ("THIS IS A WARNING MESSAGE ONLY", "Message will be retried") writes:

    [Status: Error, Address: <someone@example.com>, ResponseCode 421, , Host not reachable.]
"""

from __future__ import annotations

import re
from email.message import Message

from .. import patterns
from ..addresses import ADDRESS_ON_LINE, normalise_address
from ..message import notice_text
from ..model import DeliveryRecord, Extraction
from ..parse import unfold
from ..smtp import find_reply_code, find_status

FAILED_LINE = patterns.compile(
    rf"^({ADDRESS_ON_LINE}) ([^,\n]{{1,100}}), "
    r"ERROR_CODE :(\d{3}), ERROR_CODE :([^\n]{0,2000})$",
    re.MULTILINE,
)
STATUS_LINE = patterns.compile(
    rf"^\[Status: (\w{{1,20}}), Address: <({ADDRESS_ON_LINE})>, ResponseCode (\d{{3}}), "
    r"([^\n]{0,2000})\]",  # to the line's last "]": the reply may hold brackets ("[TS02]")
    re.MULTILINE,
)
WARNING = "THIS IS A WARNING MESSAGE ONLY"


class Zoho:
    """Zoho Mail failure and delay notices."""

    name = "zoho"

    def extract(self, message: Message) -> Extraction | None:
        text = notice_text(message)
        if "ERROR_CODE :" not in text and "[Status: " not in text:
            return None
        delayed = WARNING in text or "will be retried" in text
        extraction = Extraction(mta=self.name)
        for match in FAILED_LINE.finditer(text):
            diagnostic = unfold(f"{match.group(3)} {match.group(4)}")
            extraction.records.append(DeliveryRecord(
                recipient=normalise_address(match.group(1)),
                action="delayed" if delayed else "failed",
                status=find_status(match.group(4)),
                reply_code=match.group(3),
                diagnostic=diagnostic,
            ))
        for match in STATUS_LINE.finditer(text):
            said = unfold(match.group(4).strip(" ,"))
            diagnostic = unfold(f"{match.group(3)} {said}")
            extraction.records.append(DeliveryRecord(
                recipient=normalise_address(match.group(2)),
                action="delayed" if delayed else "failed",
                status=find_status(said),
                reply_code=find_reply_code(diagnostic),
                diagnostic=diagnostic,
            ))
        extraction.records = [r for r in extraction.records if r.recipient]
        return extraction
