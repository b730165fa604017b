"""1&1 / IONOS and GMX (one mail platform, also web.de and mail.com) notices.

They open like Exim's ("This message was created automatically by mail delivery
software.") but lay the failure out their own way and end the notice with
"--- The header of the original message is following. ---" (corpus lhost-einsundeins-*,
lhost-gmx-*, rhost-franceptt-04):

    The following address failed:               The following address(es) failed:
    someone@example.org                         someone@example.fr:
    For the following reason:                   SMTP error from remote server for TEXT
    Mail size limit exceeded. For ...           command, host: mx.example.fr (192.0.2.1)
                                                reason: 550 5.2.0 Mail rejected.
or (GMX)
    "someone@example.jp":
    SMTP error from remote server after RCPT command:
    host: mx.example.jp
    5.1.1 <someone@example.jp>... User Unknown
"""

from __future__ import annotations

import re
from email.message import Message

from .. import patterns
from ..addresses import ADDRESS_ON_LINE, normalise_address
from ..message import cut, fill_original, find_returned, from_text, notice_text
from ..model import DeliveryRecord, Extraction
from ..parse import unfold
from ..smtp import find_reply_code, find_status

RETURNED_MARKER = "--- The header of the original message is following. ---"
LEAD = patterns.compile(r"The following address(?:\(es\)|es)?\s{1,4}failed:", re.IGNORECASE)
ADDRESS_LINE = patterns.compile(rf'^\s{{0,8}}"?({ADDRESS_ON_LINE})"?:?\s{{0,8}}$')
HOST = patterns.compile(r"\bhost:\s{0,4}([A-Za-z0-9][A-Za-z0-9.\-]{0,252})")
COMMAND = patterns.compile(r"(?:for|after) ([A-Z]{4}) command", re.IGNORECASE)
REASON = patterns.compile(r"\breason:\s{0,4}", re.IGNORECASE)
PREAMBLE = patterns.compile(
    r"^(?:SMTP error from remote server (?:for|after) [A-Z]{4} command,?:?"
    r"|host:\s{0,4}\S{1,253}(?: \([0-9A-Fa-f:.]{2,45}\))?"
    r"|For the following reason:)\s*",
    re.IGNORECASE,
)
# The SMTP stage a command name means; TEXT is the message text, sent after DATA.
COMMANDS = {"TEXT": "DATA", "DATA": "DATA", "RCPT": "RCPT", "MAIL": "MAIL", "HELO": "HELO",
            "EHLO": "EHLO"}


class EinsUndEins:
    """1&1 / IONOS / GMX delivery failure notices."""

    name = "einsundeins"

    def extract(self, message: Message) -> Extraction | None:
        text = notice_text(message)
        if RETURNED_MARKER not in text:
            return None
        lead = LEAD.search(text)
        if lead is None:
            return None
        notice = cut(text[lead.end():], RETURNED_MARKER)
        extraction = Extraction(mta=self.name)
        lines: list[str] = []
        for line in notice.splitlines() + [""]:
            address = ADDRESS_LINE.match(line)
            if address and normalise_address(address.group(1)):
                self._finish(extraction, lines)
                extraction.records.append(DeliveryRecord(
                    recipient=normalise_address(address.group(1)), action="failed"))
                lines = []
            elif line.strip():
                lines.append(line.strip())
        self._finish(extraction, lines)
        if find_returned(message) is None:  # the copy pasted after the notice
            fill_original(extraction, from_text(text.split(RETURNED_MARKER, 1)[1]))
        return extraction

    @staticmethod
    def _finish(extraction: Extraction, lines: list[str]) -> None:
        """Give the record before these lines what they say."""
        if not extraction.records or not lines:
            return
        record = extraction.records[-1]
        said = " ".join(lines)
        host = HOST.search(said)
        command = COMMAND.search(said)
        reason = REASON.search(said)
        words = said[reason.end():] if reason else said
        while True:  # drop the preamble phrases; what is left is the server's answer
            stripped = PREAMBLE.sub("", words, count=1)
            if stripped == words:
                break
            words = stripped
        record.diagnostic = unfold(words)
        record.remote_mta = host.group(1) if host else ""
        record.command = COMMANDS.get(command.group(1).upper(), "") if command else ""
        record.status = find_status(record.diagnostic)
        record.reply_code = find_reply_code(record.diagnostic)
