"""A moved-address notice: the site returns the message and names the recipient's new address.

Some sites do not forward mail for an account they closed; for a while they answer mail to the
old address with a notice of their own instead: the message was not delivered, the person is
no longer there, and here is the address they left for senders (RFC 3463 X.1.6 "Destination
mailbox has moved"; RFC 5321's 551 "User not local; please try <forward-path>" says the same at
the SMTP level). Colby College's ITS documents such a redirect
(http://www.colby.edu/its/graduating-seniors-email/what-is-a-redirect/,
https://www.colby.edu/its/email-redirect/): a plain text notice from the postmaster, subject
"Colby user <old address> has moved", "The person using the e-mail address "<old>" is no
longer at Colby College. Before leaving, <userid> wanted you to know that his/her new e-mail
address is: <new> ... YOUR MESSAGE WAS NOT DELIVERED." (or "User <old> has moved, please try
<new>"). No DSN part, no SMTP reply: the format itself states the reason, so the record carries
it (hasmoved).

What it takes: a message from a mail system (`Reading.looks_like_bounce`) with no report part
(the RFC 3464 reader comes first); its notice says the message was not delivered and names a
new address ("new e-mail address is: <new>", "has moved, please try <new>"); the recipient is
the first other address the subject or the notice names that is not the notice's own (its
From, To, Reply-To, Sender). A person's "I have moved" auto-reply is not this: it comes from a
person's address and says nothing of the message not being delivered.
"""

from __future__ import annotations

import re
from email.message import Message

from .. import patterns
from ..addresses import PLAIN_ADDRESS, find_addresses, normalise_address
from ..message import header_text, notice_text, reading
from ..model import DeliveryRecord, Extraction
from ..parse import unfold

# Enough of a notice for both statements; the patterns below have bounded repeats only.
LIMIT = 4000

NOT_DELIVERED = patterns.compile(
    r"\b(?:message|mail|e-?mail)\s{1,4}(?:was|has|have|were)\s{1,4}not\s{1,4}(?:been\s{1,4})?delivered\b",
    re.IGNORECASE,
)
# the new address: a plain one, as a site's template writes it (addresses.PLAIN_ADDRESS)
_ADDRESS = r"<?(" + PLAIN_ADDRESS.pattern + ")"
NEW_ADDRESS = patterns.compile(
    r"\bnew\s{1,4}(?:e-?mail\s{1,4}|mail\s{1,4})?address\s{1,4}(?:is|is\s{1,4}now|will\s{1,4}be)"
    r"\s{0,4}:?\s{0,40}" + _ADDRESS
    + r"|\bhas\s{1,4}moved[,;.]?\s{1,4}please\s{1,4}try\s{0,4}:?\s{0,4}" + _ADDRESS,
    re.IGNORECASE,
)


def _own(message: Message) -> set[str]:
    return {
        address
        for name in ("From", "To", "Reply-To", "Sender")
        for address in find_addresses(header_text(message, name))
    }


class MovedNotice:
    """A site's own notice that the recipient moved, naming the new address (no DSN)."""

    name = "moved-notice"
    completes_from_notice = False  # the notice is read here: its sentences are the record's words

    def extract(self, message: Message) -> Extraction | None:
        known = reading(message)
        if not known.looks_like_bounce or known.status_parts:
            return None
        notice = notice_text(message)[:LIMIT]
        if not NOT_DELIVERED.search(notice):
            return None
        subject = header_text(message, "Subject")
        found = NEW_ADDRESS.search(notice) or NEW_ADDRESS.search(subject)
        if found is None:
            return None
        new = normalise_address(found.group(1) or found.group(2) or "")
        if not new:
            return None
        own = _own(message)
        candidates = find_addresses(subject) + find_addresses(notice)
        recipient = next((a for a in candidates if a != new and a not in own), "")
        if not recipient:
            return None
        return Extraction(
            mta=self.name,
            records=[
                DeliveryRecord(
                    recipient=recipient,
                    action="failed",
                    diagnostic=unfold(f"{subject}. {notice}")[:500],
                    reason_hint="hasmoved",
                )
            ],
        )
