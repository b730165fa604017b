"""Round 64's English meaning words (probe64-words, commit af87fbc: an address that must be
qualified read as a bad address, a message caught in a loop or a route that loops to itself, an
internal delivery or processing error as the receiving side's fault, a recipient that requires a
secure connection), read in phrasings of our own (not the samples'), and beside them near-misses
that must not read so: the sender's address or return path to be qualified, a negation, a loop
detector named, a recipient unknown said after an internal error, a session that does not require
encryption."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # an address without its domain, said to need one
        ("501 5.1.3 The recipient address must be fully qualified", "userunknown",
         "meaning:en:userunknown-syntax"),
        ("553 Address not qualified: add a domain", "userunknown",
         "meaning:en:userunknown-syntax"),
        ("550 The mailbox name is unqualified", "userunknown", "meaning:en:userunknown-syntax"),
        # a message caught in a loop, a route that loops back to itself, Received lines counted
        ("554 Message appears to be stuck in a loop between two servers", "networkerror",
         "meaning:en:loop"),
        ("554 5.4.6 The forwarding route loops back to itself", "networkerror",
         "meaning:en:loop"),
        ("550 Rejected: too many Received lines, mail loop suspected", "networkerror",
         "meaning:en:loop"),
        # the receiving side's own failure with its stage between the words
        ("451 Internal processing error, please try again", "systemerror",
         "meaning:en:systemerror"),
        ("550 Internal delivery failure while storing the message", "systemerror",
         "meaning:en:systemerror"),
        # a secure connection required by the one the mail is for
        ("450 4.7.0 This mailbox requires an encrypted connection", "securityerror",
         "meaning:en:securityerror"),
        ("530 The destination requires a TLS connection for delivery", "securityerror",
         "meaning:en:securityerror"),
    ],
)
def test_probe64_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # the sender's address or return path to be qualified is no verdict on the recipient
        ("501 Sender address must be qualified", "userunknown"),
        ("501 Return path must be fully qualified", "userunknown"),
        # a loop detector named, a negation
        ("The loop detector is not active for this domain", "networkerror"),
        ("Message is not caught in a loop", "networkerror"),
        # a recipient unknown said after the words stays the recipient's
        ("550 Internal delivery error: recipient unknown", "systemerror"),
        # a session that does not require encryption
        ("Your session does not require a secure connection", "securityerror"),
    ],
)
def test_probe64_words_near_misses(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
