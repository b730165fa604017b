"""Google Groups: a post the group would not take.

Google answers from mailer-daemon@googlemail.com with the group's address in
X-Failed-Recipients and a localised text ("The group you tried to contact (name) may not
exist, or you may not have permission to post messages to the group") that links the
Groups help centre, https://groups.google.com/support/ (corpus lhost-googlegroups-*, in
Japanese, French, English ...); a Google Workspace domain's groups sign the same notice with
"<domain> admins" and link that domain's Groups help topic instead, .../bin/topic.py?topic=25838
(github.com/prebid/prebid-server issue 3816, OpenHunting/openhunt issue 39). The notice carries
no SMTP codes. It says outright that the group refused the post, so the record says reason
"rejected".
"""

from __future__ import annotations

from email.message import Message

from ..message import cut, failed_recipients, fill_original, find_returned, from_text, notice_text
from ..model import DeliveryRecord, Extraction
from ..parse import unfold

GROUPS_LINKS = ("groups.google.com", "topic.py?topic=25838")
RETURNED_MARKER = "----- Original message -----"


class GoogleGroups:
    """Google Groups rejections of a post."""

    name = "googlegroups"

    def extract(self, message: Message) -> Extraction | None:
        recipients = failed_recipients(message)
        if not recipients:
            return None
        text = notice_text(message)
        notice = cut(text, RETURNED_MARKER)
        if not any(link in notice for link in GROUPS_LINKS):
            return None
        # The first paragraph after the greeting says why, in the reader's language.
        paragraphs = [p for p in notice.split("\n\n") if p.strip()]
        diagnostic = unfold(paragraphs[1] if len(paragraphs) > 1 else notice)[:500]
        extraction = Extraction(mta=self.name)
        for recipient in recipients:
            extraction.records.append(DeliveryRecord(
                recipient=recipient, action="failed", diagnostic=diagnostic,
                reason_hint="rejected"))
        if find_returned(message) is None and RETURNED_MARKER in text:  # the copy pasted after the notice
            fill_original(extraction, from_text(text.split(RETURNED_MARKER, 1)[1]))
        return extraction
