"""Reading one recipient's failure out of free text that an MTA wrote around the server's reply.

Text bounces (Exim, qmail, DragonFly, Sendmail's transcript, ...) wrap what the remote server
said in their own words: "host mx.example.com [192.0.2.1]: 550 ...", "Remote host said: ...",
"did not like our RCPT TO:". `record_from_text` separates the MTA's framing (remote host, SMTP
command) from the server's own words, and reads the reply and enhanced status codes from those.

Every pattern here sees message text: no nested quantifiers, bounded repeats only.
"""

from __future__ import annotations

import re

from .. import patterns, prefilter
from ..model import DeliveryRecord
from .text import STATUS_CODE, find_reply_code, unfold

# The SMTP command a failure answered, as MTAs phrase it. Checked in order; the first hit wins.
#   Exim:      "SMTP error from remote mail server after RCPT TO:<a@b>:" / "after end of data:"
#              / "after initial connection:" / "after pipelined MAIL FROM:" (Exim spec, ch. 48)
#   qmail:     "most progress was RCPT TO response" / "does not like recipient" /
#              "but sender was rejected" / "but my name was rejected" / "failed after I sent the
#              message" (qmail-remote.c)
#   DragonFly: "did not like our final DATA:" / "did not like our RCPT TO:" (dma net.c)
#   Postfix:   "host mx.example[192.0.2.1] refused to talk to me: 421 ..." (smtp(8): the
#              greeting was not 220)
#   Sendmail:  ">>> RCPT To:<a@b>" in a session transcript
#   others:    "refused to accept your message (DATA)", "SMTP:RCPT host ..."
_COMMAND_PHRASES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (
        patterns.compile(
            r"\bafter (?:pipelined )?(RCPT|MAIL|DATA|EHLO|HELO|BDAT|AUTH|STARTTLS)\b", re.IGNORECASE
        ),
        None,
    ),
    (patterns.compile(r"\bafter end of data\b", re.IGNORECASE), "DATA"),
    (patterns.compile(r"\bafter (?:initial connection|connection|greeting)\b", re.IGNORECASE), "CONN"),
    (patterns.compile(r"\brefused\s{1,8}to\s{1,8}talk\s{1,8}to\s{1,8}me\b", re.IGNORECASE), "CONN"),
    (
        patterns.compile(
            r"\bin\s{1,8}reply\s{1,8}to\s{1,8}(?:end\s{1,8}of\s{1,8})?(RCPT|MAIL|DATA|EHLO|HELO)\b",
            re.IGNORECASE,
        ),
        None,
    ),
    (patterns.compile(r"\bmost progress was (RCPT|MAIL|DATA|EHLO|HELO)\b", re.IGNORECASE), None),
    (patterns.compile(r"\bdoes not like recipient\b", re.IGNORECASE), "RCPT"),
    (patterns.compile(r"\bbut sender was rejected\b", re.IGNORECASE), "MAIL"),
    (patterns.compile(r"\bbut my name was rejected\b", re.IGNORECASE), "HELO"),
    (patterns.compile(r"\bfailed after I sent the message\b", re.IGNORECASE), "DATA"),
    (
        patterns.compile(r"\bdid not like our (?:final )?(RCPT|MAIL|DATA|EHLO|HELO)\b", re.IGNORECASE),
        None,
    ),
    (patterns.compile(r"^>>> ?(RCPT|MAIL|DATA|EHLO|HELO|QUIT)\b", re.IGNORECASE | re.MULTILINE), None),
    (patterns.compile(r"\bSMTP: ?(RCPT|MAIL|DATA)\b"), None),
    (patterns.compile(r"\((RCPT|MAIL|DATA)(?: TO| FROM)?\)", re.IGNORECASE), None),
    (
        patterns.compile(
            r"^-{5,}SMTP command\n(RCPT|MAIL|DATA|EHLO|HELO)\b", re.IGNORECASE | re.MULTILINE
        ),
        None,
    ),  # m-FILTER
    (
        patterns.compile(r"^In: {1,4}(RCPT|MAIL|DATA|EHLO|HELO|BDAT)\b", re.MULTILINE),
        None,
    ),  # Postfix transcript
)

# Where the MTA's framing ends and the server's words begin. The last match in a text wins,
# so "... host mx.example.com [192.0.2.1]: 550 ..." keeps just "550 ...". The phrases that
# start at a word share one leading \b: the engine then tries them only where a word starts,
# not at every character (four times faster on bounce texts).
_SERVER_WORDS = patterns.compile(
    r"\b(?:host [\w.\-]{1,255} \[[0-9A-Fa-f.:]{2,45}\]:"  # Exim
    r"|said(?:\[Response Message\])?:"  # qmail "Remote host said:", "remote host 192.0.2.1 said:"
    r"|did not like our [A-Za-z ]{1,12}:"  # DragonFly
    r"|failed with:"  # "Server mx.example.com[192.0.2.1] failed with:"
    r"|with the following error message:"  # "refused to accept ... error message: [554 ...]"
    r"|Delay reason:"  # Exim delay warning
    r"|SMTP: ?[A-Z]{4} host [\w.\-:]{1,255}:"  # "SMTP:RCPT host 192.0.2.1: 553 ..."
    r"|generated response:"  # IMail: "Body of message generated response:"
    r"|SMTP error from remote (?:mail server|mailer) after [^\n]{0,300}?:(?=\s*\n|\s*$|\s+[245]\d\d[ \-])"
    r")"
    r"|^(?:<<< ?"  # Sendmail transcript: the server's reply lines
    r"|Received >>> ?"  # InterScan MSS: the server's reply
    r"|-{5,}server message"  # m-FILTER
    r"|Out: (?=[45]\d\d[ \-])"  # Postfix SMTP server transcript: a 4xx/5xx reply
    r")"
    r"|(?<!-)-{3,} ?Transcript of session follows ?-{3,}",  # Sendmail; (?<!-): linear on "-----..."
    re.IGNORECASE | re.MULTILINE,
)

# The remote host, as the framing names it.
_REMOTE_HOST: tuple[re.Pattern[str], ...] = (
    patterns.compile(r"\bhost ([\w.\-]{1,255}) ?\[[0-9A-Fa-f.:]{2,45}\]", re.IGNORECASE),  # Exim, Postfix
    patterns.compile(r"\bremote host ([\w.\-:]{1,255}) said\b", re.IGNORECASE),  # qmail
    patterns.compile(
        r"^([\w.\-]{1,255}) \[[0-9A-Fa-f.:]{2,45}\] did not like\b", re.IGNORECASE | re.MULTILINE
    ),  # DragonFly
    patterns.compile(r"\bServer ([\w.\-]{1,255}) ?\[[0-9A-Fa-f.:]{2,45}\] failed\b", re.IGNORECASE),
    patterns.compile(r"\bSMTP Server <([\w.\-:]{1,255})>", re.IGNORECASE),
    patterns.compile(r"\bConnected to ([\w.\-:]{1,255}) but\b", re.IGNORECASE),  # qmail
    patterns.compile(
        r"^([0-9A-Fa-f.:]{2,45}) (?:does not like|failed after)\b", re.IGNORECASE | re.MULTILINE
    ),  # qmail
    patterns.compile(r"\bSMTP: ?[A-Z]{4} host ([\w.\-:]{1,255}):"),
    patterns.compile(r"^While talking to ([\w.\-]{1,255}):", re.IGNORECASE | re.MULTILINE),  # Sendmail
)

# qmail and its descendants append their own status in parentheses: "(#5.1.1)"; the remote's
# enhanced status, when it sent one, comes first in the server's words and is preferred.
_HASH_STATUS = patterns.compile(r"\(#([245]\.\d{1,3}\.\d{1,3})\b")


# Each pattern here is searched only when the text holds one of its literal strings
# (prefilter.py): most framing phrases are absent from most texts, and a case-insensitive
# search costs a pass of the regex engine over the text for each.


def find_smtp_command(text: str, low: str | None = None) -> str:
    """The SMTP command a failure answered, from the MTA's framing words; "" if not named.

    `low` is `prefilter.lowered(text)` when the caller has it."""
    low = prefilter.lowered(text) if low is None else low
    for pattern, command in _COMMAND_PHRASES:
        match = prefilter.search(pattern, text, low)
        if match:
            return (command or match.group(1)).upper()
    return ""


def find_remote_host(text: str, low: str | None = None) -> str:
    low = prefilter.lowered(text) if low is None else low
    for pattern in _REMOTE_HOST:
        match = prefilter.search(pattern, text, low)
        if match:
            return match.group(1).rstrip(".")
    return ""


def server_words(text: str, low: str | None = None) -> str:
    """The part of a failure text that the remote server said, or the whole text.

    The last framing phrase that still has words after it marks where the server's words begin.
    """
    end = len(text.rstrip())
    last = None
    low = prefilter.lowered(text) if low is None else low
    matches = _SERVER_WORDS.finditer(text) if prefilter.may_match(_SERVER_WORDS, low) else ()
    for match in matches:
        if match.end() < end:
            last = match
    words = text if last is None else text[last.end() :]
    # A later "-------SMTP command" style heading (m-FILTER), a transcript's next command, or
    # qmail's "Giving up on 192.0.2.1." starts the MTA's own words again
    cut = _NEXT_HEADING.search(words)
    return words[: cut.start()] if cut else words


_NEXT_HEADING = patterns.compile(
    r"^(?:-{5,}[ \t]*\S|In: |Giving up on [\w.:\-]{1,255}\.?[ \t]*$)", re.MULTILINE
)


# Exim's note of the address a delivery came from ("generated by a@b", "(ultimately generated
# from a@b)"): framing, not the server's words. A pipe or file line before it stays.
_GENERATED = patterns.compile(
    r"^\(?(?:ultimately )?generated (?:by|from) [^\s()]{1,300}\)?[ \t]*$", re.MULTILINE
)


def record_from_text(
    recipient: str, text: str, *, action: str = "failed", reason_hint: str = ""
) -> DeliveryRecord:
    """A record for one recipient from the free text an MTA wrote about it.

    `text` keeps its line breaks (the framing patterns are line-anchored); the diagnostic
    the record carries is unfolded to one line.
    """
    low = prefilter.lowered(text)
    words = unfold(_GENERATED.sub("", server_words(text, low)))
    status_match = STATUS_CODE.search(words)
    status = ".".join(status_match.groups()) if status_match else ""
    if not status:
        hashed = _HASH_STATUS.search(text)
        status = hashed.group(1) if hashed else ""
    return DeliveryRecord(
        recipient=recipient,
        action=action,
        status=status,
        reply_code=find_reply_code(words),
        diagnostic=words,
        remote_mta=find_remote_host(text, low),
        command=find_smtp_command(text, low),
        reason_hint=reason_hint,
    )
