"""Complaint reports: ARF (RFC 5965) and Microsoft's JMRP variant.

An ARF report is `multipart/report; report-type=feedback-report` with a
`message/feedback-report` part (RFC 5965 section 3.1: Feedback-Type, User-Agent, Version,
and optional Original-Rcpt-To, Original-Mail-From, Arrival-Date, Source-IP ...) and the
reported message. Some senders drop the report-type parameter, so the part alone decides.

Microsoft's Junk Mail Reporting Program sends no feedback-report part: a multipart/mixed
message with the complained-about message attached, which carries the complainer's address
in `X-HmXmrOriginalRecipient` (https://sendersupport.olc.protection.outlook.com/pm/junkmail.aspx;
corpus file arf-22.eml). It is read as a complaint of type "abuse".

One record per complained-about recipient, reason_hint "feedback". The recipient is, in
order: every Original-Rcpt-To; the Removal-Recipient of an opt-out report (RFC 5965 3.2);
the JMRP header; the To addresses of the reported message. A report that names nobody
(To: "Undisclosed Recipients") still gives one record, with an empty recipient.
"""

from __future__ import annotations

from email.message import Message

from .. import parse
from ..addresses import find_addresses, normalise_address
from ..message import find_returned, header_text, part_fields
from ..model import DeliveryRecord, Extraction
from ..parse import unfold

FEEDBACK_TYPE = "message/feedback-report"

JMRP_HEADER = "X-HmXmrOriginalRecipient"


def _addresses(fields: Message, name: str) -> list[str]:
    found: dict[str, None] = {}
    for value in fields.get_all(name) or []:
        address = normalise_address(parse.decode_header_value(value))
        if address:
            found.setdefault(address, None)
    return list(found)


def _feedback_type(fields: Message) -> str:
    kind = unfold(str(fields.get("Feedback-Type", ""))).lower().split(" ")[0]
    if kind == "complaint":
        return "abuse"  # corpus arf-16 style loops write "complaint" for abuse
    return kind


def _jmrp_original(message: Message) -> Message | None:
    """The attached message of a JMRP report, recognised by Microsoft's header."""
    original = find_returned(message)
    if original is not None and original.get(JMRP_HEADER) is not None:
        return original
    return None


class ARF:
    """Abuse Reporting Format complaints (RFC 5965) and Microsoft JMRP reports."""

    name = "arf"
    completes_from_notice = False  # a complaint, not a failure the notice words (extract())

    def extract(self, message: Message) -> Extraction | None:
        fields = part_fields(message, FEEDBACK_TYPE)
        original = find_returned(message)
        if fields is None:
            original = _jmrp_original(message)
            if original is None:
                return None
            kind = "abuse"
            recipients = _addresses(original, JMRP_HEADER)
            extraction = Extraction(mta=self.name)
        else:
            kind = _feedback_type(fields)
            recipients = _addresses(fields, "Original-Rcpt-To")
            if not recipients:
                recipients = _addresses(fields, "Removal-Recipient")
            extraction = Extraction(
                mta=self.name,
                reporting_mta=unfold(str(fields.get("Reporting-MTA", ""))),
                arrival_date=unfold(
                    str(fields.get("Arrival-Date", fields.get("Received-Date", "")))),
                original_sender=normalise_address(str(fields.get("Original-Mail-From", ""))),
            )
        if not recipients and original is not None:
            recipients = find_addresses(header_text(original, "To"))
        diagnostic = header_text(message, "Subject")
        for recipient in recipients or [""]:
            extraction.records.append(
                DeliveryRecord(recipient=recipient, diagnostic=diagnostic,
                               reason_hint="feedback", feedback_type=kind)
            )
        return extraction
