"""Round 62's English meaning words (probe62-words: TLS asked for as an instruction, a log-in
refused in plain text, a handshake that failed, a server's configuration said to be wrong, a
message that does not conform to a standard, MAIL transactions counted per connection), read in
phrasings of our own (not the samples'), and beside them near-misses that must not read so: the
sender's own set-up, a negation, a TCP or SMTP "handshake", a sender's address against a policy,
a count per day."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # TLS asked for as an instruction, the verb before it
        ("530 Please use TLS before you send MAIL", "securityerror", "meaning:en:securityerror"),
        ("Turn on encryption and try again", "securityerror", "meaning:en:securityerror"),
        ("503 You need to enable STARTTLS on this port", "securityerror",
         "meaning:en:securityerror"),
        # a log-in refused because it would travel unencrypted
        ("504 We do not allow authentication in plain text", "securityerror",
         "meaning:en:securityerror"),
        ("535 Refusing to authenticate in plain text over this session", "securityerror",
         "meaning:en:securityerror"),
        # a handshake that failed, no protocol named
        ("454 Handshake failed, try again later", "securityerror",
         "meaning:en:securityerror-handshake"),
        ("550 negotiation aborted: handshake failure", "securityerror",
         "meaning:en:securityerror-handshake"),
        # the receiving server's own configuration said to be wrong
        ("451 The mail system is incorrectly configured, please try later", "systemerror",
         "meaning:en:systemerror-configuration"),
        ("554 Delivery agent has an invalid configuration", "systemerror",
         "meaning:en:systemerror-configuration"),
        # a message out of a standard's form, said with "conform to"
        ("554 This message does not conform to RFC 5322", "notcompliantrfc",
         "meaning:en:notcompliantrfc-message"),
        ("550 Message body not conforming to the MIME rules", "notcompliantrfc",
         "meaning:en:notcompliantrfc-message"),
        # MAIL transactions counted against the session's maximum
        ("421 Too many transactions, open a new connection", "toomanyconn",
         "meaning:en:toomanyconn"),
        ("452 Limit of 20 transactions per session reached", "toomanyconn",
         "meaning:en:toomanyconn"),
    ],
)
def test_probe62_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # a negation right before the instruction
        ("550 Please do not use TLS on port 25 here", "securityerror"),
        # a TCP connection's handshake is the network's; an SMTP "handshake" is the greeting
        ("421 TCP handshake failed with the next hop", "securityerror"),
        ("SMTP handshake failure: no greeting from mx.example.net", "securityerror"),
        # the sender's own set-up is not the receiver's fault
        ("550 Your mail client is incorrectly configured", "systemerror"),
        ("Sender configuration is wrong: check your outgoing server", "systemerror"),
        # a sender's address against a policy, a log-in's domain: not the message's form
        ("553 Sender address does not conform to local policy", "notcompliantrfc"),
        ("MAIL FROM doesn't conform with authentication", "notcompliantrfc"),
        # a count per day is a rate, not a limit of the session
        ("421 Too many transactions today, come back tomorrow", "toomanyconn"),
    ],
)
def test_probe62_words_near_misses(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
