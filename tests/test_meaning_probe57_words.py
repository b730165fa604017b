"""Round 57's English meaning words (probe57-words: Qsmtp's qsmtpd and qremote, an SPF refusal
worded without "SPF"), read in phrasings of our own (not the samples'), and beside them
near-misses that must not read so: the sender's side, a negation, a log-in, a relay, a block
list, the recipient's side."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # a record's syntax is the sender domain's authentication (RFC 7208 permerror)
        ("550 your SPF record has a syntax error", "authfailure", "meaning:en:authfailure"),
        ("550 Syntax error in the DMARC record of example.org", "authfailure",
         "meaning:en:authfailure"),
        # the connecting host refused as a sender for the domain, without the word SPF
        ("550 Host 192.0.2.44 is not permitted to send mail from example.org", "authfailure",
         "meaning:en:authfailure-host"),
        ("550 The sending IP is not authorized to send mail for example.org", "authfailure",
         "meaning:en:authfailure-host"),
        ("554 Your server is not allowed to send from example.com domain", "authfailure",
         "meaning:en:authfailure-host"),
        # encryption required in plain words
        ("530 This mailbox requires encrypted transmission of mail", "securityerror",
         "meaning:en:securityerror"),
        ("550 Delivery to this address requires an encrypted session", "securityerror",
         "meaning:en:securityerror"),
        # a lone CR or LF named as a bad CRLF
        ("554 Message refused: invalid CRLF sequence in body", "notcompliantrfc",
         "meaning:en:notcompliantrfc"),
        ("500 Bad CRLF in DATA", "notcompliantrfc", "meaning:en:notcompliantrfc"),
        # a bounce sent to several
        ("553 Bounces may not have more than a single recipient", "notcompliantrfc",
         "meaning:en:notcompliantrfc-bounce"),
        # every MX of the domain is the sending host itself
        ("451 MX records of example.net point back to this host", "networkerror",
         "meaning:en:loop"),
        ("451 All MX hosts for example.net are pointing back to the local system",
         "networkerror", "meaning:en:loop"),
        # 8bit bytes named as characters
        ("554 Body holds 8-bit characters but 8BITMIME was not given", "contenterror",
         "meaning:en:contenterror-encoding"),
        # talking before the reply, past a pipelining group
        ("554 Please wait for my greeting before sending commands", "syntaxerror",
         "meaning:en:syntaxerror"),
        ("503 Command received after the pipelining group ended", "syntaxerror",
         "meaning:en:syntaxerror"),
        # the sender domain's mail exchangers cannot be reached back
        ("550 Your MX hosts have no routable address", "rejected", "meaning:en:rejected"),
        ("550 Rejected: your mail exchanger has IPv6 only, we cannot reply", "rejected",
         "meaning:en:rejected"),
    ],
)
def test_probe57_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # a syntax error of the conversation stays one
        ("500 Syntax error, command unrecognized", "authfailure"),
        # a mailbox's right to a From address, not the host's (no host subject)
        ("550 You are not allowed to send mail from this address", "authfailure"),
        ("550 Your account is not permitted to send mail from example.org", "authfailure"),
        ("550 Sender address not allowed to send from this domain", "authfailure"),
        # a relay refusal, a log-in, a block list: other reasons
        ("550 192.0.2.9 is not allowed to send mail for example.org: relaying denied",
         "authfailure"),
        ("550 192.0.2.9 is not allowed to send from here without authentication",
         "authfailure"),
        ("550 192.0.2.9 is not allowed to send mail from example.org: listed in a dnsbl",
         "authfailure"),
        # the recipient's MX, not the sender's
        ("550 The recipient's mail exchangers have IPv6 addresses only", "rejected"),
        # an encrypted attachment is content, not the session's security
        ("550 Message refused: encrypted attachments are not allowed", "securityerror"),
        # a bounce with one recipient is fine; nothing about several
        ("550 bounce messages are not accepted here", "notcompliantrfc"),
        # "point back" in a log-in or a URL hint is no loop
        ("535 Authentication failed; see the page we point you to", "networkerror"),
    ],
)
def test_probe57_words_near_misses(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason


@pytest.mark.parametrize(
    "text",
    [
        "550 You are not allowed to send mail from this address",
        "550 Your account is not permitted to send mail from example.org",
    ],
)
def test_a_shorter_form_alone_still_reads_when_the_longer_predicate_has_no_subject(
    text: str,
) -> None:
    # meaning.py: "not allowed to send" said alone (meaning:en:rejected) is asked after the
    # longer "not allowed to send mail from" (meaning:en:authfailure-host) finds no host.
    assert read(text) == ("rejected", "meaning:en:rejected")
