"""Every entry of the two seed documents (../shared/seeds) as a test case.

Each row is the reply the document quotes (scrape damage restored, a removed address written
back as an example.com address) and the reason the document's explanation gives. Classified
like the `explain` command does, each must get that reason, never onhold/undefined, and a
Chinese explanation.
"""

from __future__ import annotations

import re

import pytest

from bounce_analyzer.classifier import explain

CJK = re.compile(r"[\u4e00-\u9fff]")

# (reply as a server sends it, expected reason)
SEED_000: list[tuple[str, str]] = [
    ("421 mx.example.com Service not available, closing transmission channel", "systemerror"),
    ("445 Server Rejected", "blocked"),
    ("450 Client host rejected", "requireptr"),
    ("450 Cannot resolve PTR", "requireptr"),
    ("450 Temporary Process Error", "systemerror"),
    ("450 Resource temporarily unavailable, please try again later", "systemerror"),
    ("450 Requested mail action not taken: mailbox unavailable", "systemerror"),
    ("451 Domain of sender address <a@example.invalid> does not resolve", "rejected"),
    ("451 qq trouble creating files in queue (#4.3.0)", "systemerror"),
    (
        (
            '451 queuename Cannot create "qfCAA21081" in "/var/spool/mqueue" (euid=0)'
            " No space left on device"
        ),
        "systemfull",
    ),
    ("451 Requested action aborted errno=28.", "systemfull"),
    ("451 Requested action aborted: local error in processing", "systemerror"),
    ("452 Message for <a@example.com> would exceed mailbox quota", "mailboxfull"),
    ("452 Requested action not taken: insufficient system storage", "systemfull"),
    ("452 Insufficient system storage", "systemfull"),
    ("454 Client was not authenticated", "securityerror"),
    ("472 <a@example.com> no DNS A-data returned", "requireptr"),
    ("501 Domain of sender address <a@example.invalid> does not exist", "rejected"),
    ("501 Mailbox not found", "userunknown"),
    ("501 5.1.1 <a@example.com>... User unknown", "userunknown"),
    (
        '501 Syntax error, parameters in command "RCPT TO:<a@example.com>" unrecognized or missing',
        "syntaxerror",
    ),
    ("501 no local part", "userunknown"),
    ("501 Syntax error in recipient", "userunknown"),
    ('501 "@" or "." expected after "CC"', "syntaxerror"),
    ('501 "@" or "." expected after "fau"', "syntaxerror"),
    ("503 Either sender or receiver must be local account.", "norelaying"),
    ("503 error:needmail command", "syntaxerror"),
    ("503 need mail before RCPT", "syntaxerror"),
    ("503 Bad sequence of commands", "syntaxerror"),
    ("503 5.0.0 polite people say HELO first", "syntaxerror"),
    ("505 client was not authenticated", "securityerror"),
    ("521 This system is configured to reject mail from 192.0.2.148", "blocked"),
    ("535 Error:authenticatin failed", "securityerror"),
    ("535 Authentication unsuccessful", "securityerror"),
    ("550 unknown user", "userunknown"),
    ("550 User unknown", "userunknown"),
    ("550 Invalid User", "userunknown"),
    ("550 Recipient unknown", "userunknown"),
    ("550 Mailbox disabled for this recipient", "suspend"),
    ("550 Unknown local part", "userunknown"),
    ("550 Invalid recipient", "userunknown"),
    ("550 Unable to relay for a@example.com", "norelaying"),
    ("550 No such user", "userunknown"),
    ("550 This account is not allowed", "userunknown"),
    ("550 No such mail drop defined", "userunknown"),
    ("550 user disabled", "suspend"),
    ("550 I don't know", "userunknown"),
    ("550 Relaying is prohibited", "norelaying"),
    ("550 Relaying denied", "norelaying"),
    ("550 relaying mail to <a@example.com> is not allowed", "norelaying"),
    ("550 <a@example.com>... relaying denied", "norelaying"),
    ("550 5.7.1 relaying not permitted:", "norelaying"),
    (
        (
            "550 REJECT SMTP Protocol Returned a Permanent Error 550 Forwarding percent hack is"
            " not permitted"
        ),
        "norelaying",
    ),
    ("550 Requested action not taken: mailbox unavailable", "userunknown"),
    ("550 System is busy", "systemerror"),
    ("550 Subj similar too many!!", "spamdetected"),
    ("550 Relaying denied. IP name lookup failed", "requireptr"),
    ("550 IP name lookup failed", "requireptr"),
    ("550 DNS FAILURE", "requireptr"),
    ("550 cannot route to sender address", "rejected"),
    ("550 Mailbox unavailable This site may not be used as a relay agent.", "norelaying"),
    ("550 <a@example.com>:local user only", "norelaying"),
    ("550 <a@example.com>:Invalid User", "userunknown"),
    ("551 we do not relay a@example.com", "norelaying"),
    ("551 delivery not allowed to non-local recipient", "norelaying"),
    ("551 User not local; please try <b@example.org>", "hasmoved"),
    ("552 Requested mail action aborted: exceeded storage allocation", "mailboxfull"),
    ("552 Sorry we don't allow mail from your host.", "blocked"),
    ("553 sorry, that domain isn't in my list of allowed rcpthosts", "norelaying"),
    ("553 mailbox name not allowed", "userunknown"),
    ("553 Requested action not taken: mailbox name not allowed", "userunknown"),
    ("553 sorry, your envelope sender is in my badmailfrom list", "rejected"),
    ("553 Relay restriction.", "norelaying"),
    ("553 From <a@example.com>, message blocked.", "rejected"),
    ("553 sorry,you are not allow to use this SMTP to relay your eami", "norelaying"),
    ("553 authentication is required to send mail as <a@example.com>", "securityerror"),
    ("553 <a>...domain name required", "rejected"),
    (
        "554 delivery error: dd This user doesn't have a example.com account (a@example.com) [0]",
        "userunknown",
    ),
    (
        (
            "554 delivery error: dd Sorry your message cannot be delivered. This account is"
            " over quota."
        ),
        "mailboxfull",
    ),
]

SEED_002_TABLE: list[tuple[str, str]] = [
    ("553 host denies the sender.", "rejected"),
    ("553 private list access denied.", "filtered"),
    ("553 relay check domain fail", "norelaying"),
    ("553 relay check local fail.", "securityerror"),
    ("552 message rejected by anti-spam engine.", "spamdetected"),
    ("553 fake router infomation.", "policyviolation"),
    ("554 Black mail address.", "rejected"),
    ("552 too many same size mails.", "spamdetected"),
    ("451 out of allow RCPT numbers.", "toomanyconn"),
    ("450 out of memory.", "systemerror"),
    ("551 auth error.", "securityerror"),
    ("451 auth error.", "securityerror"),
    ("451 domain auth support error", "securityerror"),
    ("451 auth mode unsupported.", "securityerror"),
    ("501 please say HELO/EHLO first", "syntaxerror"),
    ("502 please say MAIL first", "syntaxerror"),
    ("503 please say RCPT first", "syntaxerror"),
    ("500 sequence error", "syntaxerror"),
    ("500 syntax error", "syntaxerror"),
    ("450 queue unavailable.", "systemerror"),
    ("553 host denies relay.", "norelaying"),
    ("552 mail from invalid.", "rejected"),
    ("552 looping message.", "networkerror"),
    ("552 message is too long.", "mesgtoobig"),
    ("554 attachment is too long.", "mesgtoobig"),
    ("554 sender is unvalidated.", "rejected"),
    ("450 mailbox unavailable.", "systemerror"),
    ("550 mailbox unavailable.", "userunknown"),
    ("552 Virus found.", "virusdetected"),
    ("554 mail address invalid.", "rejected"),
    ("556 remote ip check error.", "authfailure"),
    ("555 helohost error.", "requireptr"),
    ("451 stray newline", "notcompliantrfc"),
    ("551 line parse error.", "notcompliantrfc"),
    ("550 user is locked.", "suspend"),
    ("450 database temporary error.", "systemerror"),
    ("554 smtpport check error.", "blocked"),
    ("554 rbl deny.", "blocked"),
    ("554 openrelay check.", "blocked"),
]

SEED_002_QA: list[tuple[str, str]] = [
    ("550 relaying mail to <a@example.com> is not allowed", "norelaying"),
    ("550 <a@example.com>... relaying denied", "norelaying"),
    ("550 5.7.1 relaying not permitted:", "norelaying"),
    ("550 <a@example.com>:local user only", "norelaying"),
    ("550 <a@example.com>:Invalid User", "userunknown"),
    ("550 Invalid recipient", "userunknown"),
    ("551 delivery not allowed to non-local recipient", "norelaying"),
    ("553 Relay restriction.", "norelaying"),
    ("553 From <a@example.com>, message blocked.", "rejected"),
    ("553 sorry,you are not allow to use this SMTP to relay your eami", "norelaying"),
    ("553 sorry, that domain isn't in my list of allowed rcpthosts", "norelaying"),
    ("505 client was not authenticated", "securityerror"),
    ("553 authentication is required to send mail as <a@example.com>", "securityerror"),
    ("535 Error:authenticatin failed", "securityerror"),
    ("535 Authentication unsuccessful", "securityerror"),
    ("452 Insufficient system storage", "systemfull"),
    ("553 <a>...domain name required", "rejected"),
    ("550 Unable to relay for a@example.com", "norelaying"),
    ("553 mailbox name not allowed", "userunknown"),
    ("553 sorry, your envelop sender is in my badmailfrom list", "rejected"),
    ("554 Transaction failed", "policyviolation"),
    ("451 Requested action aborted,errno=28", "systemfull"),
    ("503 error:needmail command", "syntaxerror"),
    ("503 need mail before RCPT.", "syntaxerror"),
    ("503 Bad sequence of commands", "syntaxerror"),
    ("501 syntax.helo hostname", "syntaxerror"),
    ("501 Invalid domain name", "syntaxerror"),
    ("502 unimplemented command", "syntaxerror"),
    ("503 5.0.0 polite people say HELO first", "syntaxerror"),
    ("533 relay restriction", "norelaying"),
    ("544 <a@example.com>:Recipient address rejected: Relay access denied", "norelaying"),
]

CASES = (
    [pytest.param(t, r, id=f"000:{t[:48]}") for t, r in SEED_000]
    + [pytest.param(t, r, id=f"002:{t[:48]}") for t, r in SEED_002_TABLE]
    + [pytest.param(t, r, id=f"002qa:{t[:48]}") for t, r in SEED_002_QA]
)


@pytest.mark.parametrize(("reply", "reason"), CASES)
def test_seed_entry(reply: str, reason: str) -> None:
    record, verdict = explain(reply, lang="zh")
    if reply[1] in "012345":  # RFC 5321 4.2: the second digit is 0-5 (472 is non-standard)
        assert record.reply_code == reply[:3]
    assert verdict.reason == reason, verdict.rule
    assert verdict.reason not in ("onhold", "undefined")
    assert not verdict.rule.startswith(("status:", "reply:", "none")), verdict.rule
    assert CJK.search(verdict.explanation), verdict.explanation


@pytest.mark.parametrize(("reply", "reason"), CASES)
def test_seed_entry_doubly_spaced_and_upper_case(reply: str, reason: str) -> None:
    """Servers fold and shout: matching ignores case and runs of whitespace."""
    _, verdict = explain(reply.upper().replace(" ", "  \r\n "))
    assert verdict.reason == reason
