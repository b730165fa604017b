"""Sendmail's bare session transcript, as old Sendmail (V5, V8 without DSN) returns it.

The body is the transcript itself: per remote host a "While talking to host:" block with
">>> COMMAND" and "<<< reply" lines, and per recipient a line "554 <a@b>... reason" (the
reason may start with the remote's reply code: "550 Host unknown"). Corpus:
lhost-v5sendmail-*. A recipient line takes the reply and command of the "While talking to"
block just before it, when no other recipient line has claimed that block.
"""

from __future__ import annotations

import re
from email.message import Message

from .. import patterns
from ..model import DeliveryRecord, Extraction
from .recipient_lines import _ADDR, notice_text
from .returned import fill_original, find_returned, from_text
from .smtp_text import find_remote_host, find_smtp_command
from .text import find_reply_code, find_status, header_text, normalise_address, unfold

# "554 <a@b>... 550 Host unknown (Authoritative answer from name server)"
RECIPIENT_LINE = patterns.compile(rf"^([245]\d\d)[ \-]<(?P<addr>{_ADDR})>\.\.\. ?(?P<rest>.{{0,2000}})$")
TALKING_TO = patterns.compile(r"^While talking to [\w.\-]{1,255}:", re.IGNORECASE)
SERVER_REPLY = patterns.compile(r"^<<< ?(.{0,2000})$")
# The body ends where the returned message's headers start.
HEADERS_START = patterns.compile(
    r"^(?:From|To|Subject|Date|Received|Return-Path|Message-Id): ", re.IGNORECASE
)


class SendmailTranscript:
    """Sendmail bounces whose body is the SMTP transcript with per-recipient result lines."""

    name = "sendmail-transcript"

    def extract(self, message: Message) -> Extraction | None:
        if not header_text(message, "Subject").lower().startswith("returned mail"):
            return None
        notice = notice_text(message)
        records: list[DeliveryRecord] = []
        block: list[str] = []
        lines = notice.split("\n")
        end = len(lines)
        for index, line in enumerate(lines):
            if HEADERS_START.match(line) or not line.strip() and index and records:
                end = index
                break
            if TALKING_TO.match(line):
                block = [line]
                continue
            match = RECIPIENT_LINE.match(line)
            if not match:
                if block:
                    block.append(line)
                continue
            recipient = normalise_address(match.group("addr"))
            if not recipient or any(r.recipient == recipient for r in records):
                continue
            records.append(self._record(recipient, match.group("rest"), block))
            block = []
        if not records:
            return None
        extraction = Extraction(mta=self.name, records=records)
        return fill_original(
            extraction, find_returned(message) or from_text("\n".join(lines[end:]))
        )

    @staticmethod
    def _record(recipient: str, rest: str, block: list[str]) -> DeliveryRecord:
        said = [m.group(1) for m in map(SERVER_REPLY.match, block) if m]
        text = "\n".join(block)
        reply_code = find_reply_code(rest)
        diagnostic = unfold(rest)
        if said and not reply_code:
            # "554 <a@b>... Remote protocol error": the server's words are in the transcript
            diagnostic = unfold(" ".join(said))
            reply_code = find_reply_code(diagnostic)
        return DeliveryRecord(
            recipient=recipient,
            action="failed",
            status=find_status(diagnostic),
            reply_code=reply_code,
            diagnostic=diagnostic,
            remote_mta=find_remote_host(text),
            command=find_smtp_command(text),
        )
