"""KDDI's au mobile mail: EZweb (ezweb.ne.jp) and au one net (dion.ne.jp) notices.

Both start with a Japanese paragraph, then English text, then the addresses:

EZweb (Postmaster@ezweb.ne.jp; corpus lhost-ezweb-*) writes one of
    The user(s) account is disabled.                <- the reason, then
    <someone@ezweb.ne.jp>                           <- the address alone on its line, or
    <someone@ezweb.ne.jp>: 550 user unknown (...)   <- followed by the inner server's answer
or
    Each of the following recipients was rejected by a remote mail server.
        Recipient: <someone@example.com>
        >>> RCPT TO:<someone@example.com>           <- the command sent
        <<< 550 <someone@example.com>: User unknown <- the remote answer

au one net (corpus lhost-kddi-01) writes
    Could not be delivered to: <someone@example.jp>
         As their mailbox is full.
"""

from __future__ import annotations

import re
from email.message import Message

from .. import patterns
from ..addresses import ADDRESS_ON_LINE, normalise_address
from ..message import (
    notice_text,
    read_report,
    sender_domain,
    status_parts,
)
from ..model import DeliveryRecord, Extraction
from ..parse import unfold
from ..smtp import find_command, find_reply_code, find_status

EZWEB_DOMAINS = ("ezweb.ne.jp", "au.com")
# The address alone on its line, or followed by the remote answer (corpus lhost-ezweb-02:
# "<a@ezweb.ne.jp>: 550 user unknown (in reply to RCPT TO command)").
LONE_ADDRESS = patterns.compile(
    rf"^\s{{0,8}}<({ADDRESS_ON_LINE})>(?::\s{{0,4}}([^\n]{{1,2000}}))?\s{{0,8}}$"
)
RECIPIENT_LINE = patterns.compile(rf"^\s{{0,8}}Recipient: <({ADDRESS_ON_LINE})>", re.IGNORECASE)
SENT = patterns.compile(r"^\s{0,8}>>> ([A-Za-z]{4})\b")
RECEIVED = patterns.compile(r"^\s{0,8}<<< ?(.{0,2000})$")
HEADLINES = ("the following recipients", "each of the following recipients", "mail server.")
KDDI_LINE = patterns.compile(
    rf"Could not be delivered to: <({ADDRESS_ON_LINE})>[ \t]{{0,8}}\n([^\n]{{0,500}})"
)


def _english(line: str) -> bool:
    return line.isascii() and any(c.isalpha() for c in line)


def _is_ezweb(message: Message) -> bool:
    domain = sender_domain(message)
    return any(domain == d or domain.endswith("." + d) for d in EZWEB_DOMAINS)


class EZweb:
    """EZweb (au by KDDI) mail system errors."""

    name = "ezweb"

    def extract(self, message: Message) -> Extraction | None:
        if not _is_ezweb(message):
            return None
        extraction = Extraction(mta=self.name)
        prose: list[str] = []  # English sentences seen before the next address
        current: DeliveryRecord | None = None
        for line in notice_text(message).splitlines():
            lone = LONE_ADDRESS.match(line) or RECIPIENT_LINE.match(line)
            if lone:
                answer = lone.group(2) if lone.re is LONE_ADDRESS else None
                # EZweb's own sentence says why for this address; the inner server's generic
                # answer follows it ("account is disabled" then "550 user unknown").
                current = DeliveryRecord(recipient=normalise_address(lone.group(1)),
                                         action="failed",
                                         diagnostic=unfold(" ".join([*prose, answer or ""])))
                if answer:
                    current.command = find_command(answer)
                    current.reply_code = find_reply_code(answer)
                extraction.records.append(current)
                continue
            if current is not None and (sent := SENT.match(line)):
                current.command = sent.group(1).upper()
                continue
            if current is not None and (said := RECEIVED.match(line)):
                current.diagnostic = unfold(said.group(1))
                continue
            stripped = line.strip()
            if stripped and _english(stripped) and not stripped.lower().startswith(HEADLINES):
                if current is not None and extraction.records:
                    prose = []
                    current = None
                prose.append(stripped)
        # The delivery-status part, when there is one, holds the status EZweb concluded.
        concluded = {r.recipient: r for r in read_report(status_parts(message), self.name).records}
        for record in extraction.records:
            record.status = find_status(record.diagnostic)
            if not record.status and record.recipient in concluded:
                record.status = concluded[record.recipient].status
            record.reply_code = find_reply_code(record.diagnostic) if record.command else ""
        extraction.records = [r for r in extraction.records if r.recipient]
        return extraction


class KDDI:
    """au one net (KDDI) notices: "Could not be delivered to: <address>" and the reason."""

    name = "kddi"

    def extract(self, message: Message) -> Extraction | None:
        text = notice_text(message)
        if "Could not be delivered to: <" not in text:
            return None
        extraction = Extraction(mta=self.name)
        for match in KDDI_LINE.finditer(text):
            diagnostic = unfold(match.group(2))
            extraction.records.append(DeliveryRecord(
                recipient=normalise_address(match.group(1)), action="failed", diagnostic=diagnostic,
                status=find_status(diagnostic)))
        extraction.records = [r for r in extraction.records if r.recipient]
        return extraction
