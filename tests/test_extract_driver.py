"""The steps extract() runs on what any extractor found (issue 15): the recipient limit, the
notice's words for what a record left out, the returned message, and the SMTP command, found
by the one finder the classifier asks too. Messages written here from scratch."""

from __future__ import annotations

import pytest

from bounce_analyzer.classifier import command_in
from bounce_analyzer.extract import EXTRACTORS, extract
from bounce_analyzer.parse import parse_bytes
from bounce_analyzer.smtp import find_command

# A Postfix report whose Diagnostic-Code names the stage ("refused to talk to me": the
# greeting) but whose report has no Remote-MTA field: the host is in the notice's words.
POSTFIX_GREETING = """\
From: MAILER-DAEMON@relay.example.org (Mail Delivery System)
To: sender@example.org
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

This is the mail system at host relay.example.org.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<someone@example.net>: host mx.example.net[192.0.2.7] refused to talk to me:
    421 Service not available, closing transmission channel

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example.org

Final-Recipient: rfc822; someone@example.net
Action: failed
Status: 4.0.0
Diagnostic-Code: X-Postfix; delivery temporarily suspended: host
    mx.example.net[192.0.2.7] refused to talk to me: 421 Service not available,
    closing transmission channel

--B--
"""


def report(recipients: int) -> bytes:
    blocks = "".join(
        f"\nFinal-Recipient: rfc822; user{n}@example.net\nAction: failed\nStatus: 5.1.1\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 user{n}: no such user (in reply to RCPT TO command)\n"
        for n in range(recipients)
    )
    return (
        "From: MAILER-DAEMON@relay.example.org\nSubject: Undelivered Mail\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        "--B\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n"
        "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; relay.example.org\n"
        f"{blocks}\n--B--\n"
    ).encode()


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("550 5.1.1 no such user (in reply to RCPT TO command)", "RCPT"),
        ("554 5.7.1 refused (in reply to end of DATA command)", "DATA"),
        ("SMTP error from remote mail server after RCPT TO:<a@example.com>: 550 unknown", "RCPT"),
        ("host mx.example.net[192.0.2.7] refused to talk to me: 421 busy", "CONN"),
        ("192.0.2.7 does not like recipient. Remote host said: 550 no mailbox", "RCPT"),
        ("mx.example.net [192.0.2.7] did not like our final DATA: 554 spam", "DATA"),
        ("550 5.1.1 no such user", ""),
    ],
)
def test_the_classifier_and_the_extractors_find_the_same_command(text: str, command: str) -> None:
    assert find_command(text) == command
    assert command_in(text) == command


def test_a_diagnostic_that_names_its_command_still_takes_the_remote_host_from_the_notice() -> None:
    found = extract(parse_bytes(POSTFIX_GREETING.encode()))
    assert found is not None and found.mta == "rfc3464"
    (record,) = found.records
    assert (record.command, record.remote_mta, record.reply_code) == ("CONN", "mx.example.net", "421")


def test_the_recipient_limit_keeps_the_first_and_counts_the_rest() -> None:
    found = extract(parse_bytes(report(5)), max_recipients=3)
    assert found is not None
    assert [r.recipient for r in found.records] == [f"user{n}@example.net" for n in range(3)]
    assert found.unread == 2
    assert [r.command for r in found.records] == ["RCPT"] * 3  # the steps ran on those kept
    everything = extract(parse_bytes(report(5)))
    assert everything is not None and (len(everything.records), everything.unread) == (5, 0)


def test_an_opt_out_is_a_declared_flag() -> None:
    """What extract() reads of an extractor: two flags, True unless the class says False."""
    for extractor in EXTRACTORS:
        for flag in ("completes_from_notice", "returns_original"):
            assert getattr(extractor, flag, True) in (True, False), (extractor.name, flag)
    declined = {e.name for e in EXTRACTORS if not getattr(e, "completes_from_notice", True)}
    assert {"sendmail-transcript", "recipient-lines", "arf", "autoreply", "challenge"} <= declined
    assert "rfc3464" not in declined and "text-dsn" not in declined
