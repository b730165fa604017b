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

GNU Mailman 3 returns a rejected post the same way (chains/reject.py, app/bounces.py
bounce_message(): from mlist.owner_address under the post's Subject, the reason as text and the
post as message/rfc822); its virgin pipeline adds X-Mailman-Version (handlers/cook_headers.py)
but no X-BeenThere, so the list is the owner address without its "-owner".

A post its moderator refuses Mailman 3 answers with no copy of the post (app/moderator.py
send_rejection(), template list:user:notice:refuse): a plain notice from the list's
"-bounces" address, Subject 'Request to mailing list "<display name>" rejected', whose request
line is 'Posting of your message titled "<subject>"' (the same Subject also refuses a
subscription request, which is no failed delivery).

ezmlm-idx returns a post its moderator rejects, or one left unmoderated too long
(bin/ezmlm-moderate.c, bin/ezmlm-clean.c): from "<list>-owner@<host>" to the sender, Subject
"Returned post for <list>@<host>" (lang/en_US/messages SUB_RETURNED_POST), a Mailing-List header
ending "run by ezmlm" (TXT_MAILING_LIST), the reason as text and the post as message/rfc822.

Mailman 2.1 answers a post its moderator refuses as Mailman 3 does (ListAdmin.py __refuse(),
template refuse.txt), under the Subject 'Request to mailing list <name> rejected', the name
without quotes.

Other list servers answer a refused post with a notice of their own layout that names the list
in its Subject (L-Soft LISTSERV 'Rejected posting to <list>@<host>', Majordomo 2 'Denied post to
the <list> mailing list'): those subjects are data, rules/lists.toml (ListRefusal).
"""

from __future__ import annotations

from email.message import Message

from ..addresses import normalise_address
from ..marks import load_list_marks
from ..message import find_returned, header_text, notice_text, sender_address
from ..model import DeliveryRecord, Extraction
from ..parse import unfold


def _owned_list(message: Message, role: str = "-owner") -> str:
    """The list whose role address ("<list>-owner@<host>", "<list>-bounces@<host>") sent the
    message, or ""."""
    local, _, domain = sender_address(message).rpartition("@")
    if not local.lower().endswith(role) or len(local) <= len(role) or not domain:
        return ""
    return f"{local[: -len(role)]}@{domain}"


def _returned_post(mta: str, listed: str, words: str) -> Extraction:
    """The one failure a list's notice reports: the post to `listed`, in the list's words."""
    return Extraction(
        mta=mta,
        records=[DeliveryRecord(recipient=listed, action="failed", diagnostic=words[:500])],
    )


class MailmanReject:
    """Mailman 2's and 3's rejection of a post (Bouncer.py BounceMessage(), bounce_message())."""

    name = "mailman"
    completes_from_notice = False  # the notice is the list's own words (extract())

    def extract(self, message: Message) -> Extraction | None:
        if not header_text(message, "X-Mailman-Version"):
            return None
        listed = normalise_address(header_text(message, "X-BeenThere")) or _owned_list(message)
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
        return _returned_post(self.name, listed, unfold(notice_text(message)))


class MailmanRefusal:
    """Mailman 3's notice that a moderator refused a post (app/moderator.py send_rejection())."""

    name = "mailman"
    completes_from_notice = False  # the notice is the list's own words (extract())

    def extract(self, message: Message) -> Extraction | None:
        if not header_text(message, "X-Mailman-Version"):
            return None
        listed = _owned_list(message, "-bounces")
        if not listed:
            return None
        subject = " ".join(header_text(message, "Subject").split()).lower()
        # Mailman 3 quotes the list's name, Mailman 2.1 does not
        if not (subject.startswith("request to mailing list ") and subject.endswith(" rejected")):
            return None
        text = unfold(notice_text(message))
        if "posting of your message titled" not in text.lower():
            return None  # a refused subscription request: no post was lost
        return _returned_post(self.name, listed, text)


class EzmlmReturnedPost:
    """ezmlm-idx's return of a post its moderators rejected or left too long."""

    name = "ezmlm"
    completes_from_notice = False  # the notice is the list's own words (extract())

    def extract(self, message: Message) -> Extraction | None:
        if not header_text(message, "Mailing-List").lower().endswith("run by ezmlm"):
            return None
        listed = _owned_list(message)
        subject = " ".join(header_text(message, "Subject").split())
        if not listed or subject.lower() != f"returned post for {listed}".lower():
            return None
        if find_returned(message) is None:
            return None
        return _returned_post(self.name, listed, unfold(notice_text(message)))


# A list named in a Subject: one token, an address or a list's name.
LIST_NAME_LIMIT = 254


class ListRefusal:
    """A list server's notice that it refused a post, known by its Subject (rules/lists.toml)."""

    name = "list"
    completes_from_notice = False  # the notice is the list's own words (extract())

    def extract(self, message: Message) -> Extraction | None:
        if message.get_content_type() == "multipart/report":
            return None  # a DSN names its recipients itself
        subject = " ".join(header_text(message, "Subject").split())
        lowered = subject.lower()
        for mta, prefix, suffix in load_list_marks().post_refusals:
            if not (lowered.startswith(prefix) and lowered.endswith(suffix)):
                continue
            named = subject[len(prefix): len(subject) - len(suffix)].strip()
            if len(named) > 2 and named[0] == named[-1] and named[0] in "'\"":
                named = named[1:-1]  # a name in quotes (Ecartis: "Set NOPOST on list 'x'")
            if not named or " " in named or len(named) > LIST_NAME_LIMIT:
                continue
            if not prefix and "@" not in named:
                continue  # a subject that only ends so names its list as an address (mlmmj)
            if "@" in named:
                listed = normalise_address(named)
            else:
                domain = sender_address(message).rpartition("@")[2]
                listed = normalise_address(f"{named}@{domain}") if domain else ""
            if listed:
                return _returned_post(mta, listed, unfold(notice_text(message)))
        return None
