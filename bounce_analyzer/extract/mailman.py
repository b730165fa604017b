"""GNU Mailman 2: a post the list refused, returned to its sender.

Mailman 2.1 returns a post it rejects (Errors.RejectMessage: a non-member's post to a list that
rejects them, a moderated member's, one From: a domain with a strict DMARC policy) with
MailList.BounceMessage() (Mailman/Bouncer.py): a notice from the list's owner address
(GetOwnerEmail(), "<list>-owner@<host>") to the sender, under the post's own Subject,
multipart/mixed with the reason as text and the post as message/rfc822. Every message the list
sends, notices included, carries X-Mailman-Version and X-BeenThere, the list's posting address
(Handlers/CookHeaders.py, run on notices by Queue/VirginRunner.py). The notice has no report
part and names no recipient: the one that refused the post is the list itself. Its words
(rules/phrases) say why.
"""

from __future__ import annotations

from email.message import Message

from ..addresses import normalise_address
from ..message import find_returned, header_text, notice_text, sender_address
from ..model import DeliveryRecord, Extraction
from ..parse import unfold


class MailmanReject:
    """Mailman 2's rejection of a post (Bouncer.py BounceMessage())."""

    name = "mailman"
    completes_from_notice = False  # the notice is the list's own words (extract())

    def extract(self, message: Message) -> Extraction | None:
        if not header_text(message, "X-Mailman-Version"):
            return None
        listed = normalise_address(header_text(message, "X-BeenThere"))
        if not listed:
            return None
        local, _, domain = listed.rpartition("@")
        if sender_address(message).lower() != f"{local}-owner@{domain}".lower():
            return None
        returned = find_returned(message)
        subject = " ".join(header_text(message, "Subject").split())
        if returned is None or not subject:
            return None
        if " ".join(header_text(returned, "Subject").split()) != subject:
            return None  # BounceMessage() keeps the post's subject: another notice otherwise
        return Extraction(
            mta=self.name,
            records=[
                DeliveryRecord(
                    recipient=listed,
                    action="failed",
                    diagnostic=unfold(notice_text(message))[:500],
                )
            ],
        )
