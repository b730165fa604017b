"""Mimecast's own delivery failure notices (corpus unlabelled/lhost-mimecast-01, -02).

The text says, each value on a line of its own after "-- ":

    An email that you attempted to send to the following address could not be delivered:
    -- someone@example.net
    The problem appears to be :
    -- Recipient email address is possibly incorrect
    Additional information follows :
    -- 5.4.1 Recipient address rejected: Access denied.

Some notices add a delivery-status part written as `Name : value` with `rfc/822;`
address types, which the RFC 3464 grammar does not allow (RFC 3464 section 2.1 uses the
RFC 822 field syntax); that part is read after putting the fields right.
"""

from __future__ import annotations

import re
from email.message import Message

from .. import parse, patterns
from ..addresses import normalise_address
from ..message import (
    notice_text,
    record_from_block,
    status_parts,
    text_blocks,
    typed_value,
)
from ..model import DeliveryRecord, Extraction
from ..parse import unfold
from ..smtp import find_reply_code, find_status

PROBLEM = "The problem appears to be :"
MORE = "Additional information follows :"
DASHED = patterns.compile(r"^-- ([^\n]{1,2000})$", re.MULTILINE)
SPACED_FIELD = patterns.compile(r"^([A-Za-z][A-Za-z_\-]{0,40}) +:", re.MULTILINE)
SLASHED_TYPE = patterns.compile(r"\brfc/822;", re.IGNORECASE)


def _fields(part: Message) -> list[dict[str, str]]:
    text = parse.part_text(part)
    payload = part.get_payload()
    if isinstance(payload, list):  # compat32 split it into blocks: put them back together
        text = "\n\n".join(sub.as_string() for sub in payload if isinstance(sub, Message))
    return text_blocks(SLASHED_TYPE.sub("rfc822;", SPACED_FIELD.sub(r"\1:", text)))


class Mimecast:
    """Mimecast delivery failure notifications."""

    name = "mimecast"

    def extract(self, message: Message) -> Extraction | None:
        text = notice_text(message)
        if PROBLEM not in text or MORE not in text:
            return None
        extraction = Extraction(mta=self.name)
        for part in status_parts(message):
            for block in _fields(part):
                if not extraction.reporting_mta and "reporting-mta" in block:
                    extraction.reporting_mta = typed_value(block["reporting-mta"])
                record = record_from_block(block)
                if record is not None:
                    extraction.records.append(record)
        if not extraction.records:
            head, _, rest = text.partition(PROBLEM)
            problem, _, more = rest.partition(MORE)
            said = DASHED.search(more)
            diagnostic = unfold(said.group(1)) if said else ""
            if not diagnostic and (why := DASHED.search(problem)):
                diagnostic = unfold(why.group(1))
            for line in DASHED.finditer(head):
                recipient = normalise_address(line.group(1))
                if recipient:
                    extraction.records.append(DeliveryRecord(
                        recipient=recipient, action="failed", diagnostic=diagnostic,
                        status=find_status(diagnostic), reply_code=find_reply_code(diagnostic)))
        return extraction
