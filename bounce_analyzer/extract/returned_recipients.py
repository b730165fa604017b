"""Notices in a layout or language no reader knows: the recipients the returned message names.

A mail system's notice that returns the message it could not deliver says, in whatever words,
which of that message's recipients it failed for: it names them. So when the notice comes from
a mail system (a mail-system or null sender, or a bounce-like subject: `looks_like_bounce`),
returns a message (a message/rfc822 or text/rfc822-headers part, or headers pasted after the
notice), and its own text names an address the returned message was addressed to (To, Cc, or
a Received field's "for"),
that address gets a "failed" record, whatever language the notice is written in. Its words
are the notice's paragraph that names it (the address left out), so a status or reply code or
words the meaning tier knows still decide the reason; where they say nothing the verdict is
`onhold`, which is what it is: the notice says the message failed there, not why.

The notice's own addressee (the original sender) and its From are never such a recipient. An
address the notice names only in a header line (To:, Cc:, From:, Received:) is not named by
the notice, and nothing after the first line of a header block pasted at the left margin is
the notice's: that is the returned message, whose body may name anyone. It runs after every
other reader, flufl.bounce's included, so it reads only what they left unread, and never a
message with a delivery-status part: there the report names the recipients, and an address its
reader refused (not an address at all, "=cmd|' /C calc'!A0@example.com") is not guessed back
from the words around it.
"""

from __future__ import annotations

import re
from email.message import Message

from .. import patterns
from ..addresses import find_addresses, normalise_address
from ..layouts import DELAY_WARNING, PASTED_HEADERS
from ..message import header_text, reading, sender_address
from ..model import DeliveryRecord, Extraction
from ..parse import unfold
from ..smtp import find_reply_code, find_status

# A line of pasted message headers: it names an address as the message's, not as the notice's.
HEADER_LINE = patterns.compile(
    r"^[ \t]{0,8}(?:To|Cc|Bcc|From|Sender|Reply-To|Return-Path|Received|Delivered-To|"
    r"Message-ID|In-Reply-To|References)[ \t]*:",
    re.IGNORECASE,
)
# How much of the notice is read, and of a paragraph kept as the record's words.
NOTICE_LIMIT = 64 << 10
PARAGRAPH_LINES = 8
DIAGNOSTIC_LIMIT = 300
# More addressees than this in the returned message: a list's post, not a notice about each.
MAX_ADDRESSEES = 50
# What the notice says of a named recipient, in its paragraph or in the heading above its list
# (the nearest line above it that names no address): a receipt, not a failure, and a warning
# that the server is still trying, whose recipients are delayed. Not every notice that returns a
# message is about a failure. Receipts: Exchange's "Delivered: <subject>", "Your message has
# been delivered to the following recipients:" (an Exchange receipt quoted in public code,
# Outlook's view of one), its "Relayed: <subject>", "Delivery to these recipients or groups is
# complete, but no delivery notification was sent by the destination server:" (Microsoft KB
# 3184617), Sendmail's return receipt, "----- The following addresses had successful delivery
# notifications -----" (sendmail/savemail.c errbody), Postfix's success notice, "Your message
# was successfully delivered to the destination(s) listed below." (bounce(5) success_template).
# Warnings that the server is still trying: layouts.DELAY_WARNING (Exchange's, Gmail's and
# Windows SMTP's). samples/probe44-notfail-exchange-delivered-original-attached-no-report and
# -exchange-relayed-no-receipt-from-destination gave failed rows.
RECEIPT = patterns.compile(
    r"has been delivered to the following recipients|"
    r"delivery to these recipients or groups is complete|"
    r"had successful delivery notifications|"
    r"was successfully delivered to the destination",
    re.IGNORECASE,
)
HEADING_LOOKBACK = 30
# Received fields looked at, and the text after "for" kept of each (one address and a comment).
RECEIVED_LIMIT = 20
ADDRESS_LIMIT = 512


class ReturnedRecipients:
    """A mail system's notice naming recipients of the message it returns."""

    name = "notice"

    def extract(self, message: Message) -> Extraction | None:
        state = reading(message)
        if not state.looks_like_bounce or state.status_parts:
            return None  # a delivery-status part is the report: its reader's answer stands
        returned = state.returned
        if returned is None:
            return None
        text = state.notice[:NOTICE_LIMIT]
        if "@" not in text:
            return None
        addressees = list(reading(returned).addressees)
        addressees += (
            a for a in find_addresses(",".join(received_for(returned))) if a not in addressees
        )
        if not addressees or len(addressees) > MAX_ADDRESSEES:
            return None
        own = {
            a for a in (sender_address(message), normalise_address(header_text(message, "To"))) if a
        }
        lines = text.splitlines()
        lowered = text.lower().splitlines()  # once for every addressee looked for
        records = []
        for address in addressees:
            if address in own:
                continue
            found = paragraph_naming(address, lines, lowered)
            if found is None:
                continue
            words, number = found
            said = f"{words}\n{heading_above(lines, number)}"
            if RECEIPT.search(said):
                continue  # delivered: a receipt names its recipients too
            records.append(
                DeliveryRecord(
                    recipient=address,
                    action="delayed" if DELAY_WARNING.search(said) else "failed",
                    diagnostic=words,
                    status=find_status(words),
                    reply_code=find_reply_code(words),
                )
            )
        return Extraction(mta=self.name, records=records) if records else None


def received_for(returned: Message) -> list[str]:
    """The envelope recipients the returned message's Received fields name ("by mx.example.net
    ... for <kim@example.net>; date", RFC 5321 section 4.4): a Bcc or a list's member, whom no
    To or Cc names."""
    found = []
    for value in (returned.get_all("Received") or [])[:RECEIVED_LIMIT]:
        text = unfold(str(value))
        at = text.lower().find(" for ")
        if at >= 0:
            found.append(text[at + 5 :].split(";", 1)[0][:ADDRESS_LIMIT])
    return found


def paragraph_naming(address: str, lines: list[str], lowered: list[str]) -> tuple[str, int] | None:
    """The words of the paragraph whose line names `address` (outside pasted header lines),
    the address left out ("" when it has none), and that line's number; None when no line
    names it. `lowered` is `lines` lower-cased, line for line."""
    wanted = address.lower()
    for number, line in enumerate(lines):
        if PASTED_HEADERS.match(line):
            return None  # the returned message begins
        at = lowered[number].find(wanted)
        if at < 0 or HEADER_LINE.match(line) or not _standalone(lowered[number], at, len(wanted)):
            continue
        kept = [line[:at] + " " + line[at + len(wanted) :]]
        for following in lines[number + 1 : number + PARAGRAPH_LINES]:
            if not following.strip() or "@" in following:
                break
            kept.append(following)
        words = unfold(" ".join(part.strip(" \t<>:;,.") for part in kept).strip())
        return (words[:DIAGNOSTIC_LIMIT] if any(c.isalpha() for c in words) else ""), number
    return None


def heading_above(lines: list[str], number: int) -> str:
    """The nearest line above line `number` that is not blank and names no address: the
    heading of the list the address is in ("Delivery is delayed to these recipients or
    groups:"), or "" within HEADING_LOOKBACK lines."""
    for line in reversed(lines[max(0, number - HEADING_LOOKBACK) : number]):
        if line.strip() and "@" not in line:
            return line
    return ""


def _standalone(lowered: str, at: int, length: int) -> bool:
    """The address stands as itself: not the tail of a longer local part or domain."""
    before = lowered[at - 1] if at else " "
    after = lowered[at + length] if at + length < len(lowered) else " "
    return not (before.isalnum() or before in "._%+-") and not (after.isalnum() or after in "-_")
