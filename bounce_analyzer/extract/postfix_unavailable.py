"""Postfix bounces whose delivery report was lost: the recipient from the returned message.

When Postfix's bounce daemon cannot read the per-recipient log of a message it returns, the
notice says only "--- Delivery report unavailable ---" and the delivery-status part holds
the per-message fields and no recipient block (Postfix bounce_notify_util.c). The one thing
that still names the recipient is the returned message's own header: a message addressed
to exactly one address (one To, no Cc) was returned for that address. With more, or with
none, nothing says which failed, so no record is made. (A message sent by Bcc only names
someone else in To; that is the guess this reader accepts, for a bounce that would else
give no row.) Nothing says why, so the record carries no code and no diagnostic, and the
classifier calls it "undefined". Corpus lhost-postfix-64.
"""

from __future__ import annotations

import re
from email.message import Message

from .. import patterns
from ..addresses import find_addresses
from ..message import (
    find_returned,
    header_text,
    notice_text,
    read_report,
    status_parts,
)
from ..model import DeliveryRecord, Extraction

REPORT_UNAVAILABLE = patterns.compile(r"^[ \t]{0,8}--- Delivery report unavailable ---[ \t]{0,8}$", re.MULTILINE)


class PostfixReportUnavailable:
    """A Postfix bounce that lost its delivery report, for a message to a single address."""

    name = "postfix"

    def extract(self, message: Message) -> Extraction | None:
        if not REPORT_UNAVAILABLE.search(notice_text(message)[:65536]):
            return None
        original = find_returned(message)
        if original is None or header_text(original, "Cc").strip():
            return None
        recipients = find_addresses(header_text(original, "To"))
        if len(recipients) != 1:
            return None
        extraction = Extraction(
            mta=self.name, records=[DeliveryRecord(recipient=recipients[0], action="failed")]
        )
        report = read_report(status_parts(message), self.name)  # per-message fields only
        extraction.reporting_mta, extraction.arrival_date = report.reporting_mta, report.arrival_date
        return extraction
