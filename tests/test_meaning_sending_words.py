"""The meaning tier's general words for the sending side (rules/meaning/en.toml): a local
delivery program that failed, a queue time that ran out, a temporary name lookup, the sender's
host named as the sender's. Text in, reason out; and the words that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # a local delivery program (pipe, procmail, smrsh) and its end
        ('Command died with signal 11: "/usr/bin/maildrop"', "mailererror"),
        ("451 4.3.0 mailer prog died with signal 6", "mailererror"),
        ('Command time limit exceeded: "/usr/local/bin/filter"', "mailererror"),
        ("Aack, child crashed.", "mailererror"),
        ("Child process of local_pipe transport returned 69 from command: /usr/bin/list", "mailererror"),
        ('smrsh: "autoreply" not available for sendmail programs', "mailererror"),
        ('procmail: Couldn\'t create "/var/mail/kim"', "mailererror"),
        ("554 5.3.0 Cannot open input", "mailererror"),
        # a queue time that ran out
        ("Cannot send message for 4 days", "expired"),
        ("Warning: could not send message for past 12 hours", "expired"),
        # a temporary failure of the name service
        ("451 4.4.3 Host name lookup failure for mx.example.net", "networkerror"),
        # the sender's host, not its mailbox
        ("550 Sender IP 192.0.2.7 is listed at a DNSBL", "blocked"),
        ("554 Your MTA is blacklisted", "blocked"),
        ("550 Sender host 192.0.2.7 blocked", "blocked"),
        # a site's access control refusing without saying why (Exim's default words)
        ("550-Administrative prohibition: see the postmaster's page", "policyviolation"),
        # only the recipients a qmail validrcptto list names exist
        ("553 kim@example.org is not in validrcptto", "userunknown"),
        # RFC 3463 X.1.4: an address that names more than one mailbox
        ("550 The address kim@example.org is ambiguous", "userunknown"),
        # the MTA's own taint checks refused a path built from the address
        ("451 Tainted '/srv/mail/kim' not permitted for appendfile", "systemerror"),
        # the next hop's MX could not be looked up for now
        ("Temporary failure in MX lookup for example.net", "networkerror"),
    ],
)
def test_reads(text: str, reason: str) -> None:
    found = read(text)
    assert found is not None and found[0] == reason, found


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the sender's address or mailbox is still the sender refused
        ("550 Sender address blacklisted", "rejected"),
        ("553 Sender domain not found", "rejected"),
        # a program named in passing is not a failed program: the lookup and the mailbox decide
        ("550 5.1.1 User unknown (procmail)", "userunknown"),
        # time limits that are not the queue's
        ("421 Connection timed out", "networkerror"),
        # a prohibition that names spam is the spam filter's verdict, not the site's access rules
        ("550 Administrative prohibition: message looks like spam", "spamdetected"),
    ],
)
def test_other_words_keep_their_reason(text: str, reason: str) -> None:
    found = read(text)
    assert found is not None and found[0] == reason, found


@pytest.mark.parametrize(
    "text",
    [
        "550 Message could not be delivered: mailbox full",  # no span of time: not expiry
        "550 Command rejected",  # a command refused is not a local program that failed
        "554 Sender host name does not match",  # still the host; never the mailbox's absence
        "550 Sender address is ambiguous",  # the sender's, never the recipient's mailbox
        "500 Ambiguous command",  # a command, no mailbox
    ],
)
def test_does_not_read_as_program_or_expiry(text: str) -> None:
    found = read(text)
    assert found is None or found[0] not in ("mailererror", "expired", "userunknown"), found
