"""Gmail and Google Workspace notices that carry no readable RFC 3464 report.

Older Gmail bounces are plain text (corpus lhost-gmail-*):

    Delivery to the following recipient failed permanently:      (or "has been delayed:")
         someone@example.com
    Technical details of permanent failure:
    Google tried to deliver your message, but it was rejected by the server for the
    recipient domain example.com by mx.example.com. [192.0.2.1].
    The error that the other server returned was:
    550 5.1.1 <someone@example.com>... User unknown
    ----- Original message -----

Newer ones are multipart/report, usually with a delivery-status part (read by RFC 3464);
some send that part empty (corpus lhost-googleworkspace-01), and then the text is read:
"** Message not delivered **" ... "The response was:" / "The response from the remote
server was:" and the address comes from X-Failed-Recipients.
"""

from __future__ import annotations

import re
from email.message import Message

from .. import patterns
from ..addresses import find_addresses
from ..message import (
    cut,
    failed_recipients,
    fill_original,
    find_returned,
    from_text,
    notice_text,
    read_report,
    sender_domain,
    status_parts,
)
from ..model import DeliveryRecord, Extraction
from ..parse import unfold
from ..smtp import find_reply_code, find_status

GOOGLE_DOMAINS = ("googlemail.com", "google.com", "gmail.com")

HEADING = patterns.compile(
    r"^Delivery to the following recipients? (failed permanently|has been delayed|failed)",
    re.MULTILINE | re.IGNORECASE,
)
DETAILS = patterns.compile(r"^Technical details of (?:permanent|temporary) failure:", re.MULTILINE)
RETURNED_MARKERS = ("----- Original message -----", "----- Message header follows -----",
                    "----- Original Message -----")
REMOTE_SAID = patterns.compile(
    r"The (?:error that the other server returned was|response(?: from the remote server)? was):",
    re.IGNORECASE,
)
# "... by mx.example.jp. [192.0.2.153]." names the server that answered.
REMOTE_HOST = patterns.compile(r"\bby ([A-Za-z0-9][A-Za-z0-9.\-]{0,252}?)\.? \[([0-9A-Fa-f:.]{2,45})\]")
# Gmail appends its internal state number: "... (state 13)."
STATE = patterns.compile(r" ?\(state \d{1,3}\)\.? ?$")  # applied to unfolded text
# The older notices (about 2008-2010) name a remote server's reply by its SMTP state instead of
# "The error that the other server returned was:": "PERM_FAILURE: SMTP Error (state 8): 550 550
# Dynamic/zombied/spam IPs blocked." (quoted at rackaid.com; sample
# probe6-oldmail-gmail-legacy-earthlink-dynamic-zombied).
SMTP_STATE = patterns.compile(r"^(?:PERM|TEMP)_FAILURE: SMTP Error \(state \d{1,3}\): [245]\d\d\b")
# Gmail writes the notice in its user's interface language (its help article on bounces, answer
# 6596, names the same errors in each): the heading may be "** Address not found **" or a
# translation in any script, "** Zustellung unvollständig **", "** アドレスが見つかりません **"
# (samples/probe13-intl-gmail-*), so it is letters of any script and spaces.
NEW_LAYOUT = patterns.compile(r"^\*\* [^\W\d_](?:[^\W\d_]| ){1,60} \*\*$", re.MULTILINE)
REPLY_PARAGRAPH = patterns.compile(r"^[245]\d\d[ -][245]\.\d{1,3}\.\d{1,3} ", re.MULTILINE)


def _is_google(message: Message) -> bool:
    domain = sender_domain(message)
    return any(domain == d or domain.endswith("." + d) for d in GOOGLE_DOMAINS)


def _diagnostic(details: str) -> tuple[str, str, bool]:
    """(the words, the remote host, whether a remote server said them) from the details."""
    said = REMOTE_SAID.search(details)
    newer = NEW_LAYOUT.search(details) is not None
    if said is None and newer:
        # a translated notice labels the reply in its own language: the paragraph that opens
        # with a reply code and an enhanced status code is the server's answer
        said = REPLY_PARAGRAPH.search(details)
        if said is not None:
            return STATE.sub("", unfold(details[said.start():].split("\n\n")[0])), "", True
    host = REMOTE_HOST.search(details[: said.start()] if said else details)
    text = details[said.end():] if said else details
    if said and newer:
        text = text.strip().split("\n\n")[0]  # the newer layout ends the answer at a blank line
    return STATE.sub("", unfold(text)), host.group(1) if host else "", said is not None


def _notice_words(text: str) -> str:
    """The "** Heading **" of a newer Google notice and the paragraph after it."""
    heading = NEW_LAYOUT.search(text)
    if heading is None:
        return ""
    paragraph = text[heading.end():].strip().split("\n\n")[0]
    return unfold(f"{heading.group(0).strip('* ')}: {paragraph}")


class Gmail:
    """Plain-text Gmail bounces and Google notices with an empty delivery-status part."""

    name = "gmail"

    def extract(self, message: Message) -> Extraction | None:
        text = notice_text(message)
        google = _is_google(message)
        if not google and "Technical details of " not in text:
            return None  # DETAILS cannot match (a substring test spares the searches below)
        heading = HEADING.search(text)
        if not google and (heading is None or DETAILS.search(text) is None):
            # neither a Google sender nor Gmail's whole text layout: "Delivery to the following
            # recipients failed" alone is other servers' wording too (text_layouts reads it)
            return None
        parts = status_parts(message)
        report = read_report(parts, self.name) if parts else None
        if report is not None and report.records:
            # A readable report: the RFC 3464 reader does better, unless Google left every
            # Diagnostic-Code out (corpus rfc3464-65: "** Address not found **" and a
            # sentence); then that text is the only account of what went wrong.
            if not google or any(r.diagnostic for r in report.records):
                return None
            words = _notice_words(text)
            if not words:
                return None
            for record in report.records:
                record.diagnostic = words
            return report
        if heading is None and not NEW_LAYOUT.search(text):
            return None
        body = cut(text, *RETURNED_MARKERS)
        details_at = DETAILS.search(body)
        recipients: list[str] = []
        if heading is not None:
            listed = body[heading.end(): details_at.start() if details_at else len(body)]
            recipients = find_addresses(cut(listed, "Message will be retried"))
        recipients = recipients or failed_recipients(message)
        if not recipients:
            return None
        delayed = heading is not None and "delayed" in heading.group(1).lower()
        if details_at is not None:
            diagnostic, host, remote = _diagnostic(body[details_at.end():])
        elif heading is None:
            diagnostic, host, remote = _diagnostic(body)
        else:
            diagnostic, host, remote = "", "", False
        # Only a remote server's answer carries a reply code; Google's own prose lists
        # addresses such as [2606:2800:220:...] whose digits are not one (lhost-gmail-11).
        remote = remote or SMTP_STATE.match(diagnostic) is not None
        reply_code = find_reply_code(diagnostic) if remote else ""
        extraction = Extraction(mta=self.name)
        for recipient in recipients:
            extraction.records.append(DeliveryRecord(
                recipient=recipient,
                action="delayed" if delayed else "failed",
                status=find_status(diagnostic),
                reply_code=reply_code,
                diagnostic=diagnostic,
                remote_mta=host,
            ))
        if find_returned(message) is None:  # the copy pasted after the notice, if any
            for marker in RETURNED_MARKERS:
                if marker in text:
                    fill_original(extraction, from_text(text.split(marker, 1)[1]))
                    break
        return extraction
