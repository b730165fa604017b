"""RFC 3464 fields written as plain text, where no `message/delivery-status` part holds them.

Some MTAs write DSN fields into the body without a usable MIME structure: a multipart/report
whose boundary never appears (PMDF / Sun Messaging Server, corpus lhost-messagingserver-03),
a MIME body sent as text/plain because its Content-Type header was lost (Sendmail, corpus
lhost-sendmail-54), or a bounce forwarded as text inside another (corpus lhost-postfix-49).
The fields are read with the RFC 3464 reader's own block parser, so they mean the same, and
`extract()` completes them from the notice as it does a report's.
"""

from __future__ import annotations

import re
from email.message import Message

from .. import patterns, prefilter
from ..message import reading, record_from_block, text_blocks, typed_value
from ..model import DeliveryRecord, Extraction

# A Final-Recipient field at the start of a line; the block it opens is a per-recipient block.
FINAL_RECIPIENT = patterns.compile(r"^Final-Recipient:[ \t]*\S", re.IGNORECASE | re.MULTILINE)


class TextDSN:
    """DSN fields found in the text of a message that has no delivery-status part."""

    name = "text-dsn"

    def extract(self, message: Message) -> Extraction | None:
        for text in reading(message).body_texts:
            # most texts lack the field's name: a substring test of the lowered text says so
            # for a fraction of a search that tries the anchored pattern at every character
            first = prefilter.search(FINAL_RECIPIENT, text, prefilter.lowered(text))
            if first is None:
                continue
            # start at the paragraph holding the per-message fields, when it is just above
            start = text.rfind("\n\n", 0, max(text.rfind("\n\n", 0, first.start()), 0))
            extraction = Extraction(mta=self.name)
            records: list[DeliveryRecord] = []
            for block in text_blocks(text[max(start, 0) :]):
                if not extraction.reporting_mta and "reporting-mta" in block:
                    extraction.reporting_mta = typed_value(block["reporting-mta"])
                if "final-recipient" not in block or not ({"action", "status"} & block.keys()):
                    continue
                record = record_from_block(block)
                if record is not None and all(r.recipient != record.recipient for r in records):
                    records.append(record)
            if records:
                extraction.records = records
                return extraction
        return None
