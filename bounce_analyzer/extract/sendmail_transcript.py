"""Sendmail's bare session transcript, as old Sendmail (V5, V8 without DSN) returns it.

The body is the transcript itself: per remote host a "While talking to host:" block with
">>> COMMAND" and "<<< reply" lines, and per recipient a line "554 <a@b>... reason" (the
reason may start with the remote's reply code: "550 Host unknown"). Corpus:
lhost-v5sendmail-*. A recipient line whose reason carries no reply code takes the reply
that failed it in the transcript: the one to its own RCPT TO, else the failure of the
"While talking to" session just above the line (smtp_text.transcript_failure).
"""

from __future__ import annotations

import re
from email.message import Message

from .. import patterns
from ..addresses import ADDRESS_ON_LINE, normalise_address
from ..message import fill_original, find_returned, from_text, header_text, notice_text
from ..model import DeliveryRecord, Extraction
from ..parse import unfold
from ..smtp import (
    Exchange,
    find_command,
    find_remote_host,
    find_reply_code,
    find_status,
    read_transcript,
    transcript_failure,
)

# "554 <a@b>... 550 Host unknown (Authoritative answer from name server)"
RECIPIENT_LINE = patterns.compile(rf"^([245]\d\d)[ \-]<(?P<addr>{ADDRESS_ON_LINE})>\.\.\. ?(?P<rest>.{{0,2000}})$")
TALKING_TO = patterns.compile(r"^While talking to [\w.\-]{1,255}:", re.IGNORECASE)
# Sendmail's own error for the recipients after it, with no address of its own (usersmtp.c:
# "553 5.3.5 host config error: mail loops back to me (MX problem?)"), the recipient's line
# then giving only the sysexits text ("554 <a@b>... Local configuration error").
OWN_ERROR = patterns.compile(r"^[45]\d\d[ \-](?:[45]\.\d{1,3}\.\d{1,3} )?[^<>\s].{0,500}$")
# The body ends where the returned message's headers start.
HEADERS_START = patterns.compile(
    r"^(?:From|To|Subject|Date|Received|Return-Path|Message-Id): ", re.IGNORECASE
)


class SendmailTranscript:
    """Sendmail bounces whose body is the SMTP transcript with per-recipient result lines."""

    name = "sendmail-transcript"
    # its records are the notice's own lines, each recipient's with its own session: the
    # notice layouts read again would give one recipient another session's reply (extract())
    completes_from_notice = False

    def extract(self, message: Message) -> Extraction | None:
        if not header_text(message, "Subject").lower().startswith("returned mail"):
            return None
        notice = notice_text(message)
        found: list[tuple[int, str, str, list[str]]] = []  # line, recipient, reason, block
        block: list[str] = []
        own_error = ""  # the line just above a recipient's, when it is Sendmail's own error
        lines = notice.split("\n")
        end = len(lines)
        for index, line in enumerate(lines):
            if HEADERS_START.match(line) or not line.strip() and index and found:
                end = index
                break
            if TALKING_TO.match(line):
                block = [line]
                continue
            match = RECIPIENT_LINE.match(line)
            if not match:
                if block:
                    block.append(line)
                own_error = line if OWN_ERROR.match(line) else ""
                continue
            recipient = normalise_address(match.group("addr"))
            if not recipient or any(f[1] == recipient for f in found):
                continue
            rest = match.group("rest")
            if own_error and not find_reply_code(rest) and not block:
                rest = f"{own_error} ({rest})"  # the cause, then Sendmail's summary of it
            found.append((index, recipient, rest, block))
            block = []
        if not found:
            return None
        transcript = read_transcript("\n".join(lines[:end]))
        records = [
            self._record(recipient, rest, block, transcript_failure(transcript, recipient, index))
            for index, recipient, rest, block in found
        ]
        extraction = Extraction(mta=self.name, records=records)
        if find_returned(message) is None:  # the returned headers after the transcript
            fill_original(extraction, from_text("\n".join(lines[end:])))
        return extraction

    @staticmethod
    def _record(
        recipient: str, rest: str, block: list[str], said: Exchange | None
    ) -> DeliveryRecord:
        text = "\n".join(block)
        reply_code = find_reply_code(rest)
        diagnostic = unfold(rest)
        remote_mta, command = find_remote_host(text), find_command(text)
        if said is not None and not reply_code:
            # "554 <a@b>... Remote protocol error": the server's words are in the transcript
            diagnostic, reply_code = said.reply, find_reply_code(said.reply)
            remote_mta, command = said.host or remote_mta, said.command or command
        return DeliveryRecord(
            recipient=recipient,
            action="failed",
            status=find_status(diagnostic),
            reply_code=reply_code,
            diagnostic=diagnostic,
            remote_mta=remote_mta,
            command=command,
        )
