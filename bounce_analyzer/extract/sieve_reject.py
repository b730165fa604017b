"""A Sieve "reject" (RFC 5429): the recipient's own mail filter refused the message.

RFC 5429 section 2.1 lets a reject refuse a message after it was accepted by mailing the
sender a rejection as an MDN (RFC 8098). The delivery agents that do so write it alike:
`multipart/report; report-type=disposition-notification`, an MDN part with "Disposition:
automatic-action/MDN-sent-automatically; deleted" whose Final-Recipient is the recipient, the
reason in the text part, and the header "Auto-Submitted: auto-replied (rejected)" (Dovecot
src/lib-lda/mail-send.c mail_send_rejection(); Pigeonhole src/lib-sieve/sieve-actions.c
sieve_action_do_reject_mail(); Cyrus imap/lmtp_sieve.c send_rejection(), which also writes
"X-Sieve-Action: reject"). Zimbra writes neither: its rejection (zm-mailbox
store/src/java/com/zimbra/cs/filter/FilterUtil.java reject()) carries "X-Zimbra-Forwarded",
which Zimbra adds only to the mail its filter sends (its user-sent receipts are
manual-action). That mark tells the rejection from a mail program's "deleted without being
read" receipt, which has the same disposition and is no failure (samples/probe3-mdn-deleted).
The format states the reason outright: the recipient refuses this message ("filtered").
"""

from __future__ import annotations

from email.message import Message

from .. import parse
from ..addresses import normalise_address
from ..message import header_text, notice_text, part_fields
from ..model import DeliveryRecord, Extraction
from ..parse import unfold

MDN_TYPE = "message/disposition-notification"


def _rejection_marked(message: Message) -> bool:
    """The header a Sieve rejection carries: Auto-Submitted's "(rejected)" comment, Cyrus's
    X-Sieve-Action, or Zimbra's X-Zimbra-Forwarded."""
    submitted = header_text(message, "Auto-Submitted").lower()
    if submitted.startswith("auto-replied") and "(rejected)" in submitted:
        return True
    if header_text(message, "X-Sieve-Action").strip().lower() == "reject":
        return True
    return bool(header_text(message, "X-Zimbra-Forwarded").strip())


def _address(fields: Message, name: str) -> str:
    value = unfold(parse.decode_header_value(fields.get(name, "")))
    return normalise_address(value.split(";", 1)[-1])


class SieveReject:
    """A Sieve reject written as an MDN (Dovecot, Pigeonhole, Cyrus, Zimbra)."""

    name = "sieve-reject"
    completes_from_notice = False  # its notice is the rejection's own words (extract())

    def extract(self, message: Message) -> Extraction | None:
        if not _rejection_marked(message):
            return None
        fields = part_fields(message, MDN_TYPE)
        if fields is None:
            return None
        disposition = unfold(str(fields.get("Disposition", ""))).lower()
        if not disposition.startswith("automatic-action") or not disposition.endswith("deleted"):
            return None
        recipient = _address(fields, "Final-Recipient")
        original = _address(fields, "Original-Recipient")
        if not recipient and not original:
            return None
        return Extraction(
            mta=self.name,
            records=[
                DeliveryRecord(
                    recipient=recipient or original,
                    original_recipient=original,
                    action="failed",
                    diagnostic=unfold(notice_text(message))[:500],
                    reason_hint="filtered",
                )
            ],
        )
