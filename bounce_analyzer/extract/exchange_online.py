"""Exchange Server 2007+ and Exchange Online (Office 365, Outlook.com) NDR text.

When the report carries no readable delivery-status part (corpus lhost-office365-01 sends
multipart/report without one; lhost-office365-02 is plain text), the administrators'
section of the text still says everything:

    Diagnostic information for administrators:
    Generating server: host.prod.outlook.com
    [Receiving server: mx.example.com (192.0.2.1)]

    someone@example.com
    Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found'
        or  #550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##
        or  <date> - Remote Server at mx.example.com (192.0.2.1) returned '550 4.4.7 ...'

    Original message headers:

Layout documented at https://learn.microsoft.com/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online
"""

from __future__ import annotations

import re
from email.message import Message

from .. import patterns
from ..addresses import ADDRESS_ON_LINE, normalise_address
from ..layouts import DELAY_WARNING
from ..message import (
    cut,
    fill_original,
    find_returned,
    from_text,
    notice_text,
    read_report,
    reading,
    status_parts,
)
from ..model import DeliveryRecord, Extraction
from ..parse import unfold
from ..smtp import find_reply_code, find_status

SECTION = "Diagnostic information for administrators:"
RETURNED_MARKER = "Original message headers:"
ADDRESS_LINE = patterns.compile(rf"^\s{{0,8}}<?({ADDRESS_ON_LINE})>?\s*$")
RETURNED = patterns.compile(
    r"Remote Server (?:at ([^\s(]{1,253})[^']{0,100}?)?returned '([^\n]{1,2000})'", re.IGNORECASE
)
# "#550 5.1.1 ... ##": the opening is found by a regex, the closing "##" by str.find, so a
# line full of "#550 " costs one pass, not one scan per "#".
HASHED_OPEN = patterns.compile(r"#([245]\d\d[ \-])")
HASHED_LIMIT = 2000
# Exchange 2007/2010 and FOPE name the remote server's answer in angle brackets after the
# host that gave it: "mail.example.com #<exchange.example.com #5.7.1 smtp;530 5.7.1 Client
# was not authenticated> #SMTP#" (Microsoft's Office 365 wiki "How do I interpret a DSN",
# Danish edition quoted in samples/probe9-lang-da-fope-plain-notauth): the answer is what
# follows "smtp;".
# The "smtp;" may be followed by a space and written in capitals ("#5.7.1 smtp; 550 5.7.1 Message
# rejected as spam by Content Filtering.> #SMTP#", a Norwegian Exchange 2010 NDR quoted in the
# Ubuntu Forums thread "Postfix configuration", 2012; "#5.5.0 SMTP; 554-..." in an English one,
# pastebin.com/ZTwURw5w).
_ANGLED_HEAD = r"#<[^#<>\n]{0,253}#[245]\.\d{1,3}\.\d{1,3}[ \t]{1,3}(?:(?:smtp|SMTP);[ \t]{0,3})?"
ANGLED = patterns.compile(_ANGLED_HEAD + r"([245]\d\d[^>\n]{0,2000})>")
# The answer often names the address in angle brackets itself ("smtp;550 5.1.1 <a@b>:
# Recipient address rejected: User unknown> #SMTP#"): its end is then the ">" before
# "#SMTP#" (or the line's end), not the first ">" (samples/probe14-shapes-outlook-user-
# forwards-exchange-ndr-inline.eml).
ANGLED_WHOLE = patterns.compile(
    _ANGLED_HEAD + r"([245]\d\d[^\n]{0,2000}?)>(?=[ \t]{0,8}#SMTP#|[ \t]{0,8}$)"
)
# The answer may be another diagnostic type's words with no reply code, when the next hop
# reported it (RFC 3464 section 2.3.6: "diagnostic-type; text"): a Russian Exchange NDR quotes
# "#< #4.4.2 X-Postfix; lost connection with mx6.mail.icloud.com[...] while receiving the
# initial server greeting> #SMTP#" (pastebin.com/cnVd0KKm). Read as the status and the words.
ANGLED_TYPED = patterns.compile(
    r"#<[^#<>\n]{0,253}#([245]\.\d{1,3}\.\d{1,3})[ \t]{1,3}[A-Za-z][A-Za-z0-9\-]{0,30};[ \t]{0,3}"
    r"([^>\n]{1,2000})>"
)
SERVER = patterns.compile(r"^(Generating|Receiving) server: ([^\s(]{1,253})", re.IGNORECASE)
# Exchange's delay notice has the same administrators' section ("Remote Server returned '400
# 4.4.7 Message delayed'") under an introduction that says the server is still trying
# (layouts.DELAY_WARNING): its recipients are delayed, not failed
# (samples/probe44-notfail-exchange-delay-notice-without-report-part: a copy with no
# delivery-status part gave a failed row).


def hashed_answer(line: str) -> str:
    """The answer of a "#550 5.1.1 ... ##" line (or of a "#<host #5.1.1 smtp;550 ...> #SMTP#"
    one), or ""."""
    angled = ANGLED_WHOLE.search(line) or ANGLED.search(line)
    if angled is not None:
        return unfold(angled.group(1))
    typed = ANGLED_TYPED.search(line) if "#<" in line else None
    if typed is not None:
        return unfold(f"{typed.group(1)} {typed.group(2)}")
    opening = HASHED_OPEN.search(line)
    if opening is None:
        return ""
    end = line.find("##", opening.end())
    if end == -1 or end - opening.start() > HASHED_LIMIT:
        return ""
    return unfold(line[opening.start() + 1 : end])


# Either answer's marks ("returned '" in any case), looked for once before the lines are:
# most notices have none.
ANSWER_MARKS = ("##", "#<", "\n#5", "\n#4")
RETURNED_MARK = "returned '"


# An answer wrapped over the lines after its first (by Exchange's text or by a client quoting
# it): "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound;" and "not found'" on
# the next line (an NDR quoted at kozyatagibilisim.com/blog/exchange-ndr-no-such-user-550-5-1-10),
# or a hashed answer whose "##" stands on a later line. The lines up to the closing mark are
# read as one: at most WRAPPED_LINES more, never past a blank line, an address alone on its
# line or a line opening another answer.
WRAPPED_LINES = 3
# A hashed answer whose line ends without its "##", as a Russian Exchange 2010 NDR is quoted
# ("#554-5.2.2 mailbox full 554 5.2.2 STOREDRV Deliver.Exception:QuotaExceededException"): read
# to the line's end when a reply code and an enhanced status code open the line.
UNCLOSED_HASHED = patterns.compile(
    r"^[ \t]{0,8}#([245]\d\d[ \-][245]\.\d{1,3}\.\d{1,3}(?:[ \t][^\n]{0,2000})?)$"
)


def opens_answer(line: str) -> bool:
    """Whether the line holds the opening of an answer (closed there or not)."""
    return RETURNED_MARK in line.lower() or HASHED_OPEN.search(line) is not None or "#<" in line


def read_answer(lines: list[str], index: int) -> tuple[str, str, int]:
    """The answer starting on lines[index], the remote server it names ("" if none) and the
    number of lines it takes; ("", "", 0) when the line starts none."""
    line = lines[index]
    said = RETURNED.search(line)
    if said is not None:
        return unfold(said.group(2)), said.group(1) or "", 1
    hashed = hashed_answer(line)
    if hashed:
        return hashed, "", 1
    if not opens_answer(line):
        return "", "", 0
    joined = line.rstrip()
    for taken in range(1, WRAPPED_LINES + 1):
        if index + taken >= len(lines):
            break
        following = lines[index + taken]
        if not following.strip() or ADDRESS_LINE.match(following) or opens_answer(following):
            break
        joined += " " + following.strip()
        said = RETURNED.search(joined)
        if said is not None:
            return unfold(said.group(2)), said.group(1) or "", taken + 1
        hashed = hashed_answer(joined)
        if hashed:
            return hashed, "", taken + 1
    unclosed = UNCLOSED_HASHED.match(line.rstrip())
    if unclosed is not None:
        return unfold(unclosed.group(1)), "", 1
    return "", "", 0


def has_answer_mark(text: str) -> bool:
    """Whether the text holds an answer's mark. By `in`, not by a case-insensitive regex
    search, which the engine tries at every character of the whole notice (four times the
    time): lower() maps to the mark's letters only their capitals (no other letter folds to
    r, e, t, u, n or d), so the lowered text holds it exactly when the search found it."""
    return any(mark in text for mark in ANSWER_MARKS) or RETURNED_MARK in text.lower()


# The remote server's name alone on its line, which Exchange 2013 writes between a recipient
# and "Remote Server returned '...'" when a remote server refused the message (Microsoft's
# "DSNs and NDRs in Exchange 2013", in its translations too: the zh-tw page's sample NDR).
HOST_ONLY = patterns.compile(
    r"[ \t]{0,8}[A-Za-z0-9][A-Za-z0-9\-]{0,62}(?:\.[A-Za-z0-9\-]{1,63}){1,10}\.?[ \t]{0,8}\n?$"
)


def first_answered(text: str) -> int:
    """Where the first address alone on its line with an answer on the next line (or on the
    one after a line naming the remote server) starts, or -1."""
    if not has_answer_mark(text):
        return -1
    lines = text.splitlines(keepends=True)
    offset = 0
    for index, line in enumerate(lines[:-1]):
        if ADDRESS_LINE.match(line) and (
            read_answer(lines, index + 1)[0]
            or (
                index + 2 < len(lines)
                and HOST_ONLY.match(lines[index + 1])
                and read_answer(lines, index + 2)[0]
            )
        ):
            return offset
        offset += len(line)
    return -1


def answers_another(message: Message) -> bool:
    """True for a message that answers another one and quotes it: not from a mail system nor
    a null sender, and its subject starts with a reply's prefix or a help desk's
    acknowledgement tag (rules/autoreply.toml [[reply_subject]]: "RE: Undeliverable: ...",
    "[Request received] Fwd: Undeliverable: ..."). The NDR text it quotes, administrators'
    section included, is the answered message's, not its own news. A forwarded NDR ("Fwd:
    Undeliverable: ...", sent on to be read) is still read."""
    known = reading(message)
    return not known.looks_like_bounce and known.answers_by_subject


class ExchangeOnline:
    """Exchange 2007+ / Office 365 / Outlook.com NDRs read from their text."""

    name = "exchange"

    def extract(self, message: Message) -> Extraction | None:
        text = notice_text(message)
        at = text.find(SECTION)
        # An NDR in another language names its section in that language ("Diagnoseinformationen
        # für Administratoren:"), but the answer lines stay as above: the section then starts
        # at the first address followed by one, and only addresses with an answer count.
        answered_only = at == -1
        if answered_only:
            at = first_answered(text)
            if at == -1:
                return None
        else:
            at += len(SECTION)
        if answers_another(message):  # asked only of a text an NDR's section is in
            return None
        parts = status_parts(message)
        if parts and read_report(parts, self.name).records:
            return None  # a readable RFC 3464 part: the RFC 3464 reader does better
        section = cut(text[at:], RETURNED_MARKER)
        action = "delayed" if DELAY_WARNING.search(text[:at]) else "failed"
        extraction = Extraction(mta=self.name)
        receiving = ""
        current: DeliveryRecord | None = None
        lines = section.splitlines()
        for index, line in enumerate(lines):
            server = SERVER.match(line.strip())
            if server:
                if server.group(1).lower() == "generating":
                    extraction.reporting_mta = server.group(2)
                else:
                    receiving = server.group(2)
                continue
            lone = ADDRESS_LINE.match(line)
            if lone and normalise_address(lone.group(1)):
                current = DeliveryRecord(recipient=normalise_address(lone.group(1)),
                                         action=action, remote_mta=receiving)
                extraction.records.append(current)
                continue
            if current is None or current.diagnostic:
                continue  # the first (latest) answer per recipient is the one that counts
            current.diagnostic, remote, _ = read_answer(lines, index)
            current.remote_mta = remote or current.remote_mta
        if answered_only:
            extraction.records = [record for record in extraction.records if record.diagnostic]
        for record in extraction.records:
            record.status = find_status(record.diagnostic)
            record.reply_code = find_reply_code(record.diagnostic)
        if find_returned(message) is None and RETURNED_MARKER in text:  # the copy pasted after the notice
            fill_original(extraction, from_text(text.split(RETURNED_MARKER, 1)[1]))
        return extraction
