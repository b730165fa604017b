"""SMTP as bounces quote it: reply codes (RFC 5321), enhanced status codes (RFC 3463), the
commands, and the framing phrases MTAs wrap a server's reply in; the one home of each, used by
the extractors and the classifier alike.

Text bounces (Exim, qmail, DragonFly, Sendmail's transcript, ...) wrap what the remote server
said in their own words: "host mx.example.com [192.0.2.1]: 550 ...", "Remote host said: ...",
"did not like our RCPT TO:". `record_from_text` separates the MTA's framing (remote host, SMTP
command) from the server's own words, and reads the reply and enhanced status codes from those.

Every pattern here sees message text: no nested quantifiers, bounded repeats only.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from . import patterns, prefilter
from .addresses import normalise_address
from .model import DeliveryRecord
from .parse import unfold

# The values `DeliveryRecord.command` takes: the SMTP commands a failure can answer, and "CONN"
# for the greeting (before any command). Rules name them in `commands` (rules.py checks).
SMTP_COMMANDS = frozenset(
    {"HELO", "EHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "QUIT", "AUTH", "STARTTLS", "CONN"}
)

# An enhanced status code (RFC 3463 section 2): class.subject.detail. Subject and detail may
# have up to three digits (5.1.10, 4.4.317). Not inside a longer dotted number (an IP address
# or version), so neither a digit nor ".digit" may stand on either side; a reply code joined to
# it by a dot ("550.5.7.1 Message rejected as spam", "550.5.7.0 Message Size Violation", as
# Thai and Australian hosts' pages quote replies) is no longer number around it.
# The class digit comes first and what stands before it is looked at from behind it, so the
# pattern starts with a character set: the regex engine then skips to the next 2, 4 or 5 in
# a tight loop instead of trying the lookbehinds at every character (six times faster).
STATUS_CODE = patterns.compile(
    r"([245])(?:(?<![\d.][245])|(?<=(?<![\d.])[245][0-5]\d\.[245]))\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)"
)

# An SMTP reply code (RFC 5321 section 4.2): three digits, first 2-5, followed by a space, a
# hyphen (continuation line), end of text, or punctuation, never part of a longer number.
# Not after ":" either, so the groups of an IPv6 address ([2001:db8:220::1]) are not codes.
# Or followed by a dot and the enhanced status code ("550.5.7.1 ...", see STATUS_CODE).
# What stands before the code is looked at from behind its first digit, as in STATUS_CODE.
# Nor the status of an HTTP status line ("HTTP/1.1 400 Bad Request", RFC 9112 4): a web server
# answering on port 25 is what Exim's "Malformed SMTP response ...: HTTP/1.1 400" quotes.
REPLY_CODE = patterns.compile(
    r"([245](?<![\w.\-:][245])(?<!HTTP/1\.[01] [245])(?<!HTTP/2 [245])[0-5]\d)"
    r"(?=[ \-]|$|[:;,)\]]|\.[245]\.\d{1,3}\.\d{1,3}(?![\d.]))"
)

# A reply code written right after the command it answered or a word that introduces the
# server's reply, with a colon and no blank: "SMTP error, RCPT TO:550 5.2.1 ..." (NetEase
# enterprise mail's notice), "... mx3.qq.com(192.0.2.1) reply:550 The ..." (Alibaba Mail's
# notice, samples/probe23-cn-*). REPLY_CODE passes over a code after ":" (an IPv6 group).
LABELLED_REPLY_CODE = patterns.compile(
    r"(?i:\b(?:rcpt to|mail from|data|dot|reply|replied|said|response)):[ \t]?"
    r"([245][0-5]\d)(?=[ \-]|$|\.[245]\.\d{1,3}\.\d{1,3}(?![\d.]))"
)

# A reply code at the very start of a diagnostic ("550 5.1.1 ..." / "550-5.1.1 ...").
# Used with match(); (?<!\s) tries a run of blanks from its first only, so a search over
# hostile text stays linear too.
LEADING_REPLY_CODE = patterns.compile(
    r"(?<!\s)\s{0,64}([245][0-5]\d)(?:[ \-]|$|(?=\.[245]\.\d{1,3}\.\d{1,3}(?![\d.])))"
)

# What stands before a number that cites a document: "RFC 5321 ", "RFC5322 section ", "§".
CITATION = patterns.compile(r"(?:\brfc ?\d{3,5},?|\bsection|§) ?$", re.IGNORECASE)


def find_statuses(text: str, most: int = 6) -> Iterator[str]:
    """The enhanced status codes among the first `most` in text. A number that follows
    "RFC NNNN" or "section" is where a document says something ("must be a FQDN (RFC 5321
    2.3.5)"), not a status, and is passed over. So is one whose subject no registry defines
    (RFC 3463 section 3 and the IANA registry define subjects 0 to 7): Yahoo's "temporarily
    deferred - 4.16.50" numbers its own cause, which says nothing as a status."""
    for count, match in enumerate(STATUS_CODE.finditer(text)):
        if count >= most:
            return
        if int(match.group(2)) > MOST_SUBJECT:
            continue
        if not CITATION.search(text[max(0, match.start() - 24) : match.start()]):
            yield ".".join(match.groups())


# The highest subject of an enhanced status code (X.7.Y: security or policy status).
MOST_SUBJECT = 7


def find_status(text: str) -> str:
    """The first enhanced status code in text (`find_statuses`), or ""."""
    return next(find_statuses(text), "")


def find_reply_code(text: str) -> str:
    """The SMTP reply code of a diagnostic: the leading one, else the first one in it.

    A leading 2xx is a greeting or an earlier success quoted before the failure
    ("220-mx.example.net 421 4.2.1 Service refused"): a failure code after it wins.
    """
    leading = LEADING_REPLY_CODE.match(text)
    if leading and leading.group(1)[0] != "2":
        return leading.group(1)
    later = REPLY_CODE.search(text, leading.end() if leading else 0)
    if leading is None:
        labelled = LABELLED_REPLY_CODE.search(text)
        if labelled and (later is None or labelled.start() < later.start()):
            return labelled.group(1)
        return later.group(1) if later else ""
    if later and later.group(1)[0] != "2":
        return later.group(1)
    return leading.group(1)


def value_type(value: str) -> str:
    """The type of an RFC 3464 typed field, lower-cased: `X-Unix; ...` -> `x-unix`, else "".

    For Diagnostic-Code it names the kind of code that follows (RFC 3464 2.3.6): `smtp` for a
    remote server's reply, `x-unix` for a local delivery program's or the system's own words
    (Postfix local(8), pipe(8), virtual(8)), `x-postfix` for Postfix itself.
    """
    kind, semi, _rest = value.partition(";")
    kind = kind.strip()
    if semi and kind and " " not in kind and len(kind) < 24:
        return kind.lower()
    return ""


def reconcile_status(status_field: str, diagnostic: str) -> str:
    """Pick the enhanced status a record should carry.

    The Status field is what the reporting MTA concluded; the diagnostic holds what the
    remote server itself said. Where both are of the same class, the server's own code is
    the primary evidence (Postfix and Exim write 5.0.0, and Sendmail sometimes 5.1.1, over a
    remote "550 5.7.1 ... blacklisted"), unless it is a bare x.0.0 and the field says more.
    A code of another class in the text is a quote, not the outcome: the field wins then.
    """
    field_code = find_status(status_field)
    said = find_status(diagnostic)
    if not field_code:
        return said
    if said and said[0] == field_code[0] and not said.endswith(".0.0"):
        return said
    return field_code


# The SMTP command a failure answered, as MTAs phrase it. Checked in order; the first hit wins.
#   Exim:      "SMTP error from remote mail server after RCPT TO:<a@b>:" / "after end of data:"
#              / "after initial connection:" / "after pipelined MAIL FROM:" (Exim spec, ch. 48)
#   qmail:     "most progress was RCPT TO response" / "does not like recipient" /
#              "but sender was rejected" / "but my name was rejected" / "failed after I sent the
#              message" (qmail-remote.c)
#   DragonFly: "did not like our final DATA:" / "did not like our RCPT TO:" (dma net.c)
#   Postfix:   "(in reply to RCPT TO command)" / "(in reply to end of DATA command)", and
#              "host mx.example[192.0.2.1] refused to talk to me: 421 ..." (smtp(8): the
#              greeting was not 220)
#   Sendmail:  ">>> RCPT To:<a@b>" in a session transcript
#   hMailServer: "hMailServer sent: RCPT TO:<a@b>" / "hMailServer sent: ." (the end of data)
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
            r"\bin\s{1,8}reply\s{1,8}to\s{1,8}(?:end\s{1,8}of\s{1,8})?"
            r"(RCPT|MAIL|DATA|EHLO|HELO|BDAT|AUTH|RSET|QUIT)\b",
            re.IGNORECASE,
        ),
        None,
    ),
    (patterns.compile(r"\bmost progress was (RCPT|MAIL|DATA|EHLO|HELO)\b", re.IGNORECASE), None),
    # Stalwart's failure notice: "(host 'mx.example.org' rejected command 'RCPT TO:<...>' with
    # code 550 (5.1.2) '...')" (crates/smtp/src/queue/dsn.rs)
    (
        patterns.compile(
            r"\brejected command '(RCPT|MAIL|DATA|EHLO|HELO|BDAT|AUTH|STARTTLS)\b", re.IGNORECASE
        ),
        None,
    ),
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
    # hMailServer: "hMailServer sent: RCPT TO:<a@b>", and "hMailServer sent: ." for the end of
    # data (SMTPClientConnection.cpp UpdateRecipientWithError_(), last_sent_data_)
    (patterns.compile(r"\bhMailServer sent: (RCPT|MAIL|DATA|EHLO|HELO)\b", re.IGNORECASE), None),
    (patterns.compile(r"\bhMailServer sent: \.[ \t]*$", re.IGNORECASE | re.MULTILINE), "DATA"),
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
    r"|Remote server replied:"  # hMailServer (SMTPClientConnection.cpp)
    r"|SMTP error from remote (?:mail server|mailer) after [^\n]{0,300}?:(?=\s*\n|\s*$|\s+[245]\d\d[ \-])"
    r")"
    r"|^(?:<<< ?"  # Sendmail transcript: the server's reply lines
    r"|Received >>> ?"  # InterScan MSS: the server's reply
    r"|-{5,}server message"  # m-FILTER
    r"|Out: (?=[45]\d\d[ \-])"  # Postfix SMTP server transcript: a 4xx/5xx reply
    r")"
    r"|(?<!-)-{3,} ?Transcript of session follows ?-{3,}"  # Sendmail; (?<!-): linear on "-----..."
    # Exchange 2000/2003 quote the remote's reply in their code: "<host #5.0.0 smtp;550 ...>"
    r"|(?<=\S )#[245]\.\d{1,3}\.\d{1,3} ?smtp; ?(?=[245]\d\d)",
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
    patterns.compile(r"\bRemote server \(([\w.\-:]{1,255})\) issued an error\b", re.IGNORECASE),  # hMailServer
    patterns.compile(
        r"^([0-9A-Fa-f.:]{2,45}) (?:does not like|failed after)\b", re.IGNORECASE | re.MULTILINE
    ),  # qmail
    patterns.compile(r"\bSMTP: ?[A-Z]{4} host ([\w.\-:]{1,255}):"),
    patterns.compile(r"^While talking to ([\w.\-]{1,255}):", re.IGNORECASE | re.MULTILINE),  # Sendmail
)

# qmail and its descendants append their own status in parentheses: "(#5.1.1)", Exchange
# 5.5-2003 after the reporting host: "<host #4.0.0 smtp;450 ...>" (Microsoft KB 284204); the
# remote's enhanced status, when it sent one, comes first in the server's words and is preferred.
_HASH_STATUS = patterns.compile(r"(?:\(|<\S{1,255} )#([245]\.\d{1,3}\.\d{1,3})\b")


# Each pattern here is searched only when the text holds one of its literal strings
# (prefilter.py): most framing phrases are absent from most texts, and a case-insensitive
# search costs a pass of the regex engine over the text for each.


@lru_cache(maxsize=64)
def find_command(text: str) -> str:
    """The SMTP command a failure answered, from the MTA's framing words; "" if not named.
    The one finder: the extractors and the classifier all ask it.

    Kept per text: a record's diagnostic is asked again by the classifier (the stage, the
    permanence) after `extract.finish` asked it, and a notice's section by each layout that
    reads it; a look costs a pre-filter test of nineteen patterns."""
    found = _COMMAND_FINDER.search(text, prefilter.lowered(text))
    if found is None:
        return ""
    index, match = found
    return (_COMMAND_PHRASES[index][1] or match.group(1)).upper()


# The phrases in their order, each searched only when the text holds one of its strings,
# all looked for at once (prefilter.FirstMatch).
_COMMAND_FINDER = prefilter.FirstMatch(pattern for pattern, _ in _COMMAND_PHRASES)
_REMOTE_HOST_FINDER = prefilter.FirstMatch(_REMOTE_HOST)


def find_remote_host(text: str, low: str | None = None) -> str:
    found = _REMOTE_HOST_FINDER.search(text, prefilter.lowered(text) if low is None else low)
    return "" if found is None else found[1].group(1).rstrip(".")


def server_words(text: str, low: str | None = None) -> str:
    """The part of a failure text that the remote server said, or the whole text.

    The last framing phrase that still has words after it marks where the server's words begin.
    """
    end = len(text.rstrip())
    last = None
    low = prefilter.lowered(text) if low is None else low
    found = prefilter.may_match(_SERVER_WORDS, low)
    matches = prefilter.guarded(_SERVER_WORDS).finditer(text) if found else ()
    for match in matches:
        if match.end() < end:
            last = match
    words = text if last is None else text[last.end() :]
    # A later "-------SMTP command" style heading (m-FILTER), a transcript's next command, or
    # qmail's "Giving up on 192.0.2.1." starts the MTA's own words again
    heading = any(start in words for start in _NEXT_HEADING_STARTS)
    cut = _NEXT_HEADING.search(words) if heading else None
    return words[: cut.start()] if cut else words


_NEXT_HEADING = patterns.compile(
    r"^(?:-{5,}[ \t]*\S|In: |Giving up on [\w.:\-]{1,255}\.?[ \t]*$)", re.MULTILINE
)
# What a match of _NEXT_HEADING starts with: looked for with `in` first, since the regex
# engine tries the anchored pattern at every character of the words.
_NEXT_HEADING_STARTS = ("-----", "In: ", "Giving up on ")


# SMTP session transcripts quoted in a notice ("----- Transcript of session follows -----").
# A transcript shows, per session, each command the client sent and the reply it read:
#
#     ... while talking to mx.example.com.:
#     >>> RCPT To:<a@example.com>
#     <<< 552 5.2.2 Over quota
#     >>> RCPT To:<b@example.com>
#     <<< 550 5.1.1 No such user
#     >>> DATA
#     <<< 503 5.5.1 No recipients
#
# What failed a recipient is the reply to its own RCPT TO, or, when that was accepted, the
# reply to DATA / end of data / BDAT; a refused greeting, HELO/EHLO or MAIL fails every
# recipient of the session (RFC 5321 sections 3.3 and 4.2.5). The last reply of a session
# belongs to another recipient, or is the "no valid recipients" answer to DATA that follows
# when every RCPT failed. The writers' marks, as data (the client's line / the server's line):
#   Sendmail (usersmtp.c) and the MTAs imitating it: ">>> command" / "<<< reply", each
#     session opened by "... while talking to host:"
#   Trend Micro InterScan MSS: "Sent <<< command" / "Received >>> reply"
#   Postfix smtpd's notice to the postmaster (smtpd_chat.c): " In:  command" / " Out: reply"
#   MDaemon's session transcript in its DSNs ("Don't include session transcripts in DSN
#   messages" is its option, off by default): "Mon 2026-11-16 10:00:01.234: --> command" /
#   "...: <-- reply", each line led by its date
# and ">>> 550 ..." (the client's mark on the server's reply) is read as a reply.
_TRANSCRIPT_MARKS = ("<<<", ">>>", "out:", "-->", "<--")
# MDaemon's date before each line of its transcript.
_STAMP = r"(?:[A-Za-z]{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?:[ \t]{0,4})?"
_TRANSCRIPT_SESSION = patterns.compile(
    r"^[ \t]{0,4}(?:\.{3}[ \t]{0,4})?While talking to (?P<host>\[[^\]\n]{1,64}\]|[\w.\-]{1,255}):",
    re.IGNORECASE,
)
_TRANSCRIPT_COMMAND = patterns.compile(
    r"^[ \t]{0,4}" + _STAMP + r"(?:>>>|Sent <<<|In:|-->)[ \t]{0,4}"
    r"(?P<command>HELO|EHLO|LHLO|MAIL|RCPT|DATA|BDAT|QUIT|RSET|NOOP|VRFY|EXPN|HELP|ETRN|AUTH"
    r"|STARTTLS|X[A-Z]{2,14}|\.)"
    r"(?P<argument>(?:[ \t:][^\n]{0,1000})?)$",
    re.IGNORECASE,
)
_TRANSCRIPT_REPLY = patterns.compile(
    r"^[ \t]{0,4}" + _STAMP
    + r"(?:<<<|Received >>>|Out:|(?:>>>|<--)(?=[ \t]{0,4}[2-5]\d\d(?:[ \t\-]|$)))"
    + r"[ \t]{0,4}(?P<reply>[^\n]{0,2000})$",
    re.IGNORECASE,
)
# "550-5.1.1 ...": more lines of this reply follow
_REPLY_GOES_ON = patterns.compile(r"[2-5]\d\d-")
_REPLY_FAILED = patterns.compile(r"[45]\d\d(?:[ \t\-]|$)")
# Commands whose failure is no verdict on a recipient.
_NOT_A_VERDICT = frozenset({"QUIT", "RSET", "NOOP", "VRFY"})
# DATA refused because no RCPT was accepted: "503 5.5.1 No recipients" (Sendmail), "554 5.5.1
# Error: no valid recipients" (Postfix smtpd.c), "503 RCPT first" (qmail-smtpd.c), "503-All
# RCPT commands were rejected" (Exim). A consequence, not a recipient's own failure.
_NO_RECIPIENTS = patterns.compile(
    r"^503[ \-]|\bno (?:valid )?(?:recipients?|RCPT)\b|\bneed RCPT\b|\bRCPT first\b"
    r"|\bRCPT commands were rejected\b",
    re.IGNORECASE,
)
TRANSCRIPT_LIMIT = 1 << 16  # a transcript stands in the first 64 KiB of a notice


def says_no_recipients(reply: str) -> bool:
    """True for DATA's answer when no RCPT was accepted ("503 5.5.1 No recipients"): the
    consequence of the recipients' own failures, not one of them."""
    return prefilter.guarded(_NO_RECIPIENTS).search(reply[:2000]) is not None


@dataclass(frozen=True, slots=True)
class Exchange:
    """One command of a quoted SMTP session and the server's reply to it."""

    session: int  # which "while talking to" session (0: before any)
    host: str  # the server of that session, when the transcript names it
    line: int  # the line (0-based, of the text read) that ends the reply
    command: str  # RCPT, MAIL, DATA (also end of data), ...; CONN: the greeting; "": not shown
    recipient: str  # the address of a RCPT TO, normalised; "" for other commands
    reply: str  # the reply, its lines joined
    mta_status: str = ""  # the status the client's own line on this reply gives (Sendmail's)

    @property
    def failed(self) -> bool:
        return _REPLY_FAILED.match(self.reply) is not None


def _rcpt_address(argument: str) -> str:
    """The address of a RCPT command's argument: " To:<a@b> NOTIFY=NEVER" -> a@b."""
    rest = argument.strip()
    if rest[:3].lower() == "to:":
        rest = rest[3:].strip()
    if rest.startswith("<"):
        return normalise_address(rest[: rest.find(">") + 1] if ">" in rest else rest)
    return normalise_address(rest.split(" ", 1)[0]) if rest else ""


@lru_cache(maxsize=4)  # a pure function of its text: every layout read asks it of the same notice
def read_transcript(text: str) -> tuple[Exchange, ...]:
    """The commands and replies of the SMTP dialogue a text quotes, in order; () if none.

    Within a session a reply answers the oldest command still waiting for one, so a
    pipelined transcript (commands first, replies after) pairs up as an interleaved one
    does; a "354" is followed by the end of data, which it need not show.
    """
    text = text[:TRANSCRIPT_LIMIT]
    low = prefilter.lowered(text)
    if low is not None and not any(mark in low for mark in _TRANSCRIPT_MARKS):
        return ()
    sessions: list[tuple[str, list[_Event]]] = [("", [])]
    # Sendmail's own lines for a recipient: session, line, address, what it says
    notes: list[tuple[int, int, str, str]] = []
    said: list[str] = []  # the lines of the reply being read
    data_sent = False  # a 354 was read: the end of data is on its way

    def close(line: int) -> None:
        nonlocal data_sent
        reply = unfold(" ".join(said))
        said.clear()
        events = sessions[-1][1]
        events.append(_Event(False, reply, "", line))
        if reply[:1] == "3":
            events.append(_Event(True, ".", "", line))  # the end of data, which it answers next
            data_sent = True

    for index, line in enumerate(text.split("\n")):
        reply = _TRANSCRIPT_REPLY.match(line)
        if reply is not None:
            said.append(reply.group("reply").strip())
            if not _REPLY_GOES_ON.match(said[-1]):
                close(index)
            continue
        if said:
            close(index - 1)
        events = sessions[-1][1]
        status_line = _STATUS_LINE.match(line)
        just_read = bool(events) and not events[-1].sent and events[-1].line == index - 1
        if status_line is not None and just_read:
            # Sendmail's own line on the reply just read names the recipient it was about
            last = events[-1]
            address = normalise_address(status_line.group("addr")) or last.address
            status = ".".join(status_line.group(1, 2, 3)) if status_line.group(1) else ""
            events[-1] = _Event(False, last.text, address, last.line, status)
            continue
        own = _OWN_LINE.match(line)
        if own is not None:
            address = normalise_address(own.group("addr"))
            notes.append((len(sessions) - 1, index, address, line[own.end() :].strip()))
            if just_read and not events[-1].address and events[-1].text[:3] in line[own.end() :]:
                # "<a@b>... Deferred: 452 ..." under the reply it quotes names that reply's
                # recipient, as the status line does for a permanent one
                last = events[-1]
                events[-1] = _Event(False, last.text, address, last.line, last.status)
            continue
        opened = _TRANSCRIPT_SESSION.match(line)
        if opened is not None:
            sessions.append((opened.group("host").strip("[]").rstrip("."), []))
            data_sent = False
            continue
        sent = _TRANSCRIPT_COMMAND.match(line)
        if sent is not None:
            command = sent.group("command").upper()
            if command == "." and data_sent:
                data_sent = False  # the end of data, already counted
                continue
            data_sent = False
            command = "EHLO" if command == "LHLO" else command
            address = _rcpt_address(sent.group("argument")) if command == "RCPT" else ""
            events.append(_Event(True, command, address, index))
        elif events and events[-1].sent and events[-1].text == "RCPT" and not events[-1].address:
            # Postfix folds a long command: " In:  RCPT" / "     TO:<a@b> ORCPT=..."
            events[-1] = _Event(True, "RCPT", _rcpt_address(line), events[-1].line)
    if said:
        close(text.count("\n"))
    exchanges: list[Exchange] = []
    for number, (host, events) in enumerate(sessions):
        exchanges.extend(_pair(number, host, events))
    if notes:
        # Sendmail's own line for a recipient, kept as an exchange of no command: what it says
        # happened to that recipient (transcript_failure), never a reply of the server
        exchanges.extend(
            Exchange(number, sessions[number][0], line, "", address, said)
            for number, line, address, said in notes
        )
        exchanges.sort(key=lambda e: e.line)
    return tuple(exchanges)


@dataclass(frozen=True, slots=True)
class _Event:
    sent: bool  # a command the client sent (else a reply it read)
    text: str  # the command's name, or the reply
    address: str  # a RCPT command's address
    line: int
    status: str = ""  # a reply's status in the client's own line on it


# Sendmail's own line on a reply it read: "550 5.1.1 <a@b>... User unknown".
_STATUS_LINE = patterns.compile(
    r"^[245]\d\d[ \-](?:([245])\.(\d{1,3})\.(\d{1,3}) )?"
    r"<?(?P<addr>[^\s<>@]{1,128}@[^\s<>@]{1,255}?)>?\.\.\."
)
# Sendmail's own line for a recipient (deliver.c giveresponse(), err.c: "<a@b>... Deferred:
# 450 4.7.1 ..." for a reply it had, "<a@b>... Deferred: Connection timed out with host." when
# it reached no server): what happened to that recipient, in Sendmail's words.
_OWN_LINE = patterns.compile(r"^[ \t]{0,4}<(?P<addr>[^\s<>@]{1,128}@[^\s<>@]{1,255}?)>\.\.\.[ \t]")
# An address a reply names in angle brackets: "550 5.1.1 <a@example.com>... User unknown".
_NAMED_ADDRESS = patterns.compile(r"<([^<>\s@]{1,128}@[^<>\s@]{1,255})>")


def _pair(session: int, host: str, events: list[_Event]) -> list[Exchange]:
    """The exchanges of one session: each reply with the command it answers."""
    commands = [e for e in events if e.sent]
    replies = [e for e in events if not e.sent]
    exchanges: list[Exchange] = []
    # the first thing a server says is its greeting (Postfix's notice starts its session
    # there; Sendmail's "while talking to" names the server that said it)
    if (
        replies
        and (not commands or replies[0].line < commands[0].line)
        and (session or replies[0].text[:1] == "2")
    ):
        greeting = replies.pop(0)
        exchanges.append(Exchange(session, host, greeting.line, "CONN", "", greeting.text))
    # Sendmail writes a failure as the last command it had sent and the reply (usersmtp.c,
    # reply(): "serious error -- log the previous command"), and no command twice. With
    # PIPELINING it sends MAIL, the RCPTs and DATA at once, so the RCPTs' refusals come after
    # ">>> DATA", each followed by Sendmail's line naming its recipient, and DATA's own answer
    # ("503 Need RCPT") last. Replies beyond the commands shown answer commands left out.
    waiting = deque(commands)
    left_out = max(0, len(replies) - len(commands))
    for reply in replies:
        if reply.address and left_out and (not waiting or waiting[0].text == "DATA"):
            name, address = "RCPT", reply.address  # a pipelined RCPT's refusal
            left_out = max(0, left_out - 1)
        elif left_out or not waiting:
            left_out = max(0, left_out - 1)
            # a left-out command whose reply names one address was that address's RCPT
            named = {normalise_address(a) for a in _NAMED_ADDRESS.findall(reply.text)}
            name, address = ("RCPT", named.pop()) if len(named) == 1 else ("", "")
        else:
            command = waiting.popleft()
            name, address = ("DATA" if command.text == "." else command.text), command.address
        exchanges.append(
            Exchange(session, host, reply.line, name, address, reply.text, reply.status)
        )
    exchanges.sort(key=lambda e: e.line)
    return exchanges


def transcript_failure(
    exchanges: tuple[Exchange, ...], recipient: str, near: int | None = None
) -> Exchange | None:
    """The reply in a transcript that failed `recipient`, or None when it shows none.

    `near` is the line where the notice names the recipient (Sendmail writes its own
    "550 <a@b>... reason" line after the session it is about): a recipient the transcript
    never names takes the failure of the session just above that line.
    """
    own = [e for e in exchanges if e.command == "RCPT" and e.recipient == recipient]
    if own:
        before = [e for e in own if near is not None and e.line <= near]
        # the last RCPT it was given: one refused for now is tried at the next MX in the same
        # delivery (Sendmail deliver.c, mci_retryrcpt), and the transcript logs both sessions
        rcpt = before[-1] if before else own[-1]
        if rcpt.failed:
            if rcpt.reply[:1] == "4" and rcpt.session != exchanges[-1].session:
                retried = _retried_failure(exchanges, rcpt)
                if retried is not None:
                    return retried
            return rcpt
        for later in exchanges:  # accepted: what failed it came after, in the same session
            if (
                later.session == rcpt.session
                and later.line > rcpt.line
                and later.command in ("DATA", "BDAT")
                and later.failed
            ):
                return later
        return None
    candidates = [
        e
        for e in exchanges
        if e.failed
        and e.command != "RCPT"
        and e.command not in _NOT_A_VERDICT
        and not (e.command in ("DATA", "BDAT") and says_no_recipients(e.reply))
    ]
    # A session's refusal of MAIL FROM or of the client fails the recipients of that session;
    # Sendmail's own line for this recipient saying something else ("Deferred: Connection
    # timed out with mail.example.org.") says it had another fate, in no session shown.
    told = [e.reply for e in exchanges if not e.command and e.recipient == recipient]
    if told:
        own = " ".join(told[-1].split()).lower()
        candidates = [e for e in candidates if " ".join(e.reply.split()).lower() in own]
    if not candidates:
        return None
    earlier = [e for e in exchanges if near is not None and e.line <= near]
    if earlier:
        return next((e for e in candidates if e.session == earlier[-1].session), None)
    sessions = {e.session for e in candidates}
    if len(sessions) > 1 and not any(e.command == "RCPT" for e in exchanges):
        # one delivery tried at host after host (Sendmail goes down the MX list): the last
        # session is its last attempt
        return next(e for e in candidates if e.session == max(sessions))
    return candidates[0] if len(sessions) == 1 else None


def _retried_failure(exchanges: tuple[Exchange, ...], rcpt: Exchange) -> Exchange | None:
    """What failed a recipient refused for now at one host in a later session of the same
    delivery, or None. Sendmail tries such a recipient at the next MX at once (deliver.c:
    "Some recipients were tempfailed, try them on the next host") and logs only the replies
    that failed (usersmtp.c reply()): a later session that shows no RCPT of it accepted it,
    and what that session then refused (the greeting, MAIL, the data) failed it. A session
    whose RCPTs are all for other domains is another delivery."""
    domain = rcpt.recipient.rpartition("@")[2]
    found = None
    for session in sorted({e.session for e in exchanges if e.session > rcpt.session}):
        shown = [e for e in exchanges if e.session == session]
        if any(e.command == "RCPT" and e.recipient == rcpt.recipient for e in shown):
            return None  # given again there: its own RCPT there is the last one
        domains = {e.recipient.rpartition("@")[2] for e in shown if e.command == "RCPT"}
        if domains and domain not in domains:
            continue
        refused = [
            e
            for e in shown
            if e.failed
            and e.command not in ("RCPT", "")
            and e.command not in _NOT_A_VERDICT
            and not (e.command in ("DATA", "BDAT") and says_no_recipients(e.reply))
        ]
        found = refused[0] if refused else found
    return found


def without_transcript(text: str) -> str:
    """The text without the lines of a quoted SMTP dialogue."""
    return "\n".join(
        line
        for line in text.split("\n")
        if not (
            _TRANSCRIPT_REPLY.match(line)
            or _TRANSCRIPT_COMMAND.match(line)
            or _TRANSCRIPT_SESSION.match(line)
        )
    )


# Exim's note of the address a delivery came from ("generated by a@b", "(ultimately generated
# from a@b)"): framing, not the server's words. A pipe or file line before it stays.
_GENERATED = patterns.compile(
    r"^\(?(?:ultimately )?generated (?:by|from) [^\s()]{1,300}\)?[ \t]*$", re.MULTILINE
)


def record_from_text(
    recipient: str,
    text: str,
    *,
    action: str = "failed",
    reason_hint: str = "",
    transcript: tuple[Exchange, ...] | None = None,
    near: int | None = None,
) -> DeliveryRecord:
    """A record for one recipient from the free text an MTA wrote about it.

    `text` keeps its line breaks (the framing patterns are line-anchored); the diagnostic
    the record carries is unfolded to one line. `transcript` is the SMTP dialogue the whole
    notice quotes (default: the one `text` quotes) and `near` the notice's line naming the
    recipient: when the dialogue shows the reply that failed this recipient, that reply is
    the server's words; the replies it shows for other recipients never are.
    """
    exchanges = read_transcript(text) if transcript is None else transcript
    said = transcript_failure(exchanges, recipient, near) if exchanges else None
    if said is not None and any(c.isalpha() for c in said.reply):
        return _record_from_exchange(recipient, said, text, action, reason_hint)
    if said is None and any(e.command for e in exchanges):
        # what it shows is about other recipients, or the consequence of their failures; a
        # notice that quotes no command at all holds no dialogue, and its "<<< " lines in this
        # recipient's own text are this recipient's words (Courier's last reply or connection
        # error, courier/module.dsn/dsn.C format_del_info(): " <<< Connection refused")
        text = without_transcript(text)
    low = prefilter.lowered(text)
    words = server_words(text, low)
    if "generated " in words:  # most lack it: the anchored pattern is not tried at each character
        words = _GENERATED.sub("", words)
    words = unfold(words)
    if words.endswith(">") and words.count("<") < words.count(">"):
        words = words[:-1].rstrip()  # the end of the "<host #5.0.0 smtp;550 ...>" it stood in
    status_match = STATUS_CODE.search(words)
    status = (".".join(status_match.groups()) if status_match else "") or hashed_status(text)
    return DeliveryRecord(
        recipient=recipient,
        action=action,
        status=status,
        reply_code=find_reply_code(words),
        diagnostic=words,
        # a bare "<<< 421" says no more than the MTA's words do, but where and to whom
        remote_mta=find_remote_host(text, low) or (said.host if said else ""),
        command=find_command(text) or (said.command if said else ""),
        reason_hint=reason_hint,
    )


def hashed_status(text: str) -> str:
    """The status a notice writes in qmail's "(#5.1.1)" or Exchange's "<host #5.1.1" form, or ""."""
    hashed = _HASH_STATUS.search(text)
    return hashed.group(1) if hashed else ""


def _record_from_exchange(
    recipient: str, said: Exchange, text: str, action: str, reason_hint: str
) -> DeliveryRecord:
    """A record whose server's words are the reply a transcript shows failing the recipient."""
    status = find_status(said.reply) or said.mta_status or hashed_status(text)
    return DeliveryRecord(
        recipient=recipient,
        action=action,
        status=status,
        reply_code=find_reply_code(said.reply),
        diagnostic=said.reply,
        remote_mta=said.host or find_remote_host(text),
        command=said.command,
        reason_hint=reason_hint,
    )
