"""Automatic replies (RFC 3834): out-of-office and vacation answers.

An automatic reply is not a failure: it gives one record for the person who answered (the
From address) with reason_hint "vacation". What marks one (headers, subject prefixes) is
data in rules/autoreply.toml.

A bounce is never an auto-reply, even when it carries `Auto-Submitted: auto-replied` on
itself (Postfix and Google write it on their DSNs; RFC 3834 section 5.1 defines the value) or
inside the returned message: only the message's own headers are looked at, and anything
with a report part, an X-Failed-Recipients header, a mail-system sender or a bounce-like
subject is left to the bounce extractors.
"""

from __future__ import annotations

from email.message import Message

from .. import parse
from ..addresses import normalise_address
from ..marks import AutoReplyMarks, load_marks
from ..message import from_system, header_text, part_text, reading, sender_address
from ..model import DeliveryRecord, Extraction

REPORT_PARTS = frozenset(
    {"message/delivery-status", "message/global-delivery-status", "message/feedback-report"}
)
WALK_DEPTH = 4  # a report part marks a bounce this near the top


def looks_like_bounce(message: Message, marks: AutoReplyMarks) -> bool:
    """True for anything a bounce extractor should read instead."""
    if message.get("X-Failed-Recipients") is not None or from_system(message):
        return True
    subject = header_text(message, "Subject").lower()
    # "Automatic reply: Your parcel could not be delivered", "Re: Returned mail policy": after
    # an auto-reply or reply prefix the subject is the answered message's, not this one's news
    quoted = subject.lstrip().startswith(marks.subject_prefixes + marks.reply_subject_prefixes)
    if not quoted and any(phrase in subject for phrase in marks.bounce_subject_phrases):
        return True
    if message.get_content_type() == "multipart/report":
        return True
    return any(n[2] in REPORT_PARTS for n in reading(message).parts if n[1] <= WALK_DEPTH)


def is_auto_reply(message: Message, marks: AutoReplyMarks) -> bool:
    """True when the message's own headers or subject mark it as an automatic reply."""
    for name, values in marks.headers.items():
        for value in message.get_all(name) or []:
            text = parse.decode_header_value(value).lower()
            if not values or any(text.startswith(v) for v in values):
                return True
    subject = header_text(message, "Subject").lower().lstrip()
    return subject.startswith(marks.subject_prefixes)


# How much of a message's text a challenge request is looked for in: it says what it wants first.
CHALLENGE_TEXT_LIMIT = 4096


def is_challenge(message: Message, marks: AutoReplyMarks) -> bool:
    """True for a challenge-response request (rules/autoreply.toml [[challenge]]): the
    recipient's filter asks the sender to prove being a person before it delivers. A report
    part or X-Failed-Recipients makes it a bounce, whatever its words."""
    if message.get("X-Failed-Recipients") is not None:
        return False
    if message.get_content_type() == "multipart/report":
        return False
    subject = header_text(message, "Subject").lower()
    if any(phrase in subject for phrase in marks.challenge_subject_phrases):
        return True
    for part, depth, kind, _nested, _where in reading(message).parts:
        if depth > WALK_DEPTH:
            continue
        if kind in REPORT_PARTS:
            return False
        if kind.startswith("text/"):
            text = " ".join(part_text(part, CHALLENGE_TEXT_LIMIT).lower().split())
            return any(phrase in text for phrase in marks.challenge_text_phrases)
    return False


def refusal_line(message: Message, marks: AutoReplyMarks) -> str:
    """The line of an automatic reply's text that says the message was refused
    (rules/autoreply.toml [[refusal]]), or "": read like a challenge, in its first text part."""
    for part, depth, kind, _nested, _where in reading(message).parts:
        if depth > WALK_DEPTH or not kind.startswith("text/"):
            continue
        for line in part_text(part, CHALLENGE_TEXT_LIMIT).splitlines():
            words = " ".join(line.split())
            if any(phrase in words.lower() for phrase in marks.refusal_text_phrases):
                return words
        return ""
    return ""


class Challenge:
    """Challenge-response requests: not a failure of the address (see rules/autoreply.toml).

    Runs before the text-layout readers, which would take "your message ... to a@b" in such a
    request for a failure notice."""

    name = "challenge"
    returns_original = False  # a request to the sender, not a returned message (extract())
    completes_from_notice = False  # nor a failure its text words (extract())

    def extract(self, message: Message) -> Extraction | None:
        marks = load_marks()
        if not marks.challenge_text_phrases or not is_challenge(message, marks):
            return None
        who = sender_address(message) or normalise_address(header_text(message, "Reply-To"))
        extraction = Extraction(mta=self.name, original_message_id=header_text(message, "In-Reply-To"))
        extraction.records.append(
            DeliveryRecord(recipient=who, diagnostic=header_text(message, "Subject"),
                           reason_hint="challenge")
        )
        return extraction


class AutoReply:
    """Out-of-office and other automatic replies (RFC 3834)."""

    name = "autoreply"
    returns_original = False  # a reply quoting a message does not return it (extract())
    completes_from_notice = False  # nor does its text word a failure (extract())

    def extract(self, message: Message) -> Extraction | None:
        marks = load_marks()
        if looks_like_bounce(message, marks) or not is_auto_reply(message, marks):
            return None
        who = sender_address(message) or normalise_address(header_text(message, "Reply-To"))
        extraction = Extraction(
            mta=self.name,
            original_message_id=header_text(message, "In-Reply-To"),
        )
        refused = refusal_line(message, marks) if marks.refusal_text_phrases else ""
        if refused:  # the recipient's own filter answered instead of delivering
            extraction.records.append(
                DeliveryRecord(recipient=who, action="failed", diagnostic=refused,
                               reason_hint="filtered")
            )
            return extraction
        extraction.records.append(
            DeliveryRecord(recipient=who, diagnostic=header_text(message, "Subject"),
                           reason_hint="vacation")
        )
        return extraction
