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

from dataclasses import dataclass
from email.message import Message
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import parse, patterns
from ..model import DeliveryRecord, Extraction
from ..rules import builtin_dir
from .notice import from_system, sender_address
from .text import header_text, normalise_address, part_text

REPORT_PARTS = frozenset(
    {"message/delivery-status", "message/global-delivery-status", "message/feedback-report"}
)


@dataclass(frozen=True, slots=True)
class AutoReplyMarks:
    """What marks a message as an automatic reply, or as a bounce (rules/autoreply.toml)."""

    headers: dict[str, tuple[str, ...]]  # header name -> values that count (empty: any)
    subject_prefixes: tuple[str, ...]
    bounce_subject_phrases: tuple[str, ...]
    challenge_subject_phrases: tuple[str, ...] = ()
    challenge_text_phrases: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def load_marks(path: Path | None = None) -> AutoReplyMarks:
    """Read rules/autoreply.toml once. What it says is kept in the pattern cache while the
    file and this module are unchanged (patterns.derived), so runs need no TOML parser."""
    text = (path or builtin_dir() / "autoreply.toml").read_text(encoding="utf-8")
    kind = patterns.code_version("autoreply marks", __file__)
    return AutoReplyMarks(*patterns.derived(kind, text, _read_marks, _are_marks))


Marks = tuple[
    dict[str, tuple[str, ...]], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]
]


def _read_marks(text: str) -> Marks:
    import tomllib  # only when the cache does not have this file

    data = tomllib.loads(text)
    headers = {name.lower(): tuple(v.lower() for v in values)
               for name, values in data.get("headers", {}).items()}
    prefixes = tuple(p.lower() for group in data.get("subject", []) for p in group["prefixes"])
    phrases = tuple(p.lower() for group in data.get("bounce_subject", []) for p in group["phrases"])
    challenges = data.get("challenge", [])
    challenge_subject = tuple(p.lower() for group in challenges for p in group["subject_phrases"])
    challenge_text = tuple(p.lower() for group in challenges for p in group["text_phrases"])
    return headers, prefixes, phrases, challenge_subject, challenge_text


def _are_marks(value: Any) -> bool:
    return (
        isinstance(value, tuple) and len(value) == 5 and isinstance(value[0], dict)
        and all(isinstance(k, str) and patterns.strings(v) for k, v in value[0].items())
        and all(patterns.strings(item) for item in value[1:])
    )


def looks_like_bounce(message: Message, marks: AutoReplyMarks) -> bool:
    """True for anything a bounce extractor should read instead."""
    if message.get("X-Failed-Recipients") is not None or from_system(message):
        return True
    subject = header_text(message, "Subject").lower()
    if any(phrase in subject for phrase in marks.bounce_subject_phrases):
        return True
    if message.get_content_type() == "multipart/report":
        return True
    return any(part.get_content_type() in REPORT_PARTS for part, _ in parse.walk(message, 4))


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
    for part, _ in parse.walk(message, 4):
        if part.get_content_type() in REPORT_PARTS:
            return False
        if part.get_content_maintype() == "text":
            text = " ".join(part_text(part, CHALLENGE_TEXT_LIMIT).lower().split())
            return any(phrase in text for phrase in marks.challenge_text_phrases)
    return False


class Challenge:
    """Challenge-response requests: not a failure of the address (see rules/autoreply.toml).

    Runs before the text-layout readers, which would take "your message ... to a@b" in such a
    request for a failure notice."""

    name = "challenge"

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

    def extract(self, message: Message) -> Extraction | None:
        marks = load_marks()
        if looks_like_bounce(message, marks) or not is_auto_reply(message, marks):
            return None
        who = sender_address(message) or normalise_address(header_text(message, "Reply-To"))
        extraction = Extraction(
            mta=self.name,
            original_message_id=header_text(message, "In-Reply-To"),
        )
        extraction.records.append(
            DeliveryRecord(recipient=who, diagnostic=header_text(message, "Subject"),
                           reason_hint="vacation")
        )
        return extraction
