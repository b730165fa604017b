"""Round 70's English meaning words (from benchmarks/generalise.py's leave-one-out misses: a client
address said "is forbidden", an outgoing or submission allowance used up, a total sent over an
accounting period, a mail limit "reached", a receiving side out of reach "for too long", a sender
domain that "has not" DNS records, a required Subject field), read in phrasings of our own (not the
rules' examples), and beside them near-misses that must not read so: negations, the recipient's
side instead of the sender's, a mailbox's own size, other languages' sentences."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read
from .conftest import reason_of


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # the connecting address refused in the words "is forbidden"
        ("550 Your IP address is forbidden on this server", "blocked", "meaning:en:blocked"),
        ("554 Connecting host 192.0.2.7 is prohibited", "blocked", "meaning:en:blocked"),
        # the sending allowance used up
        ("451 Outgoing limit for this account exceeded, try in an hour", "speeding",
         "meaning:en:speeding"),
        ("550 You have hit the outgoing mail limit of your plan", "speeding",
         "meaning:en:speeding"),
        ("554 Daily submission quota used up for kim@example.org", "speeding",
         "meaning:en:speeding"),
        ("452 4.7.1 Cumulative message size over the period is too high", "speeding",
         "meaning:en:speeding"),
        ("550 Sorry, the mail limit was reached for this sender", "speeding",
         "meaning:en:speeding-message-limit"),
        # the receiving side out of reach longer than the sender keeps trying
        ("550 The destination stayed unreachable for too long, message returned", "expired",
         "meaning:en:expired"),
        ("Mail exchanger of example.net was inaccessible for too long; removed from queue",
         "expired", "meaning:en:expired"),
        # the sender's domain without DNS records, "has not" for "has no"
        ("501 Sender domain has not MX records", "rejected", "meaning:en:rejected"),
        # a Subject the receiver insists on
        ("550 A subject line is required for messages sent here", "contenterror",
         "meaning:en:contenterror"),
        ("554 Rejected: subject field is missing", "contenterror", "meaning:en:contenterror"),
    ],
)
def test_probe70_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # negated: nothing refused, nothing used up
        ("250 Your IP is not forbidden, go ahead", "blocked"),
        ("The subject is not required here", "contenterror"),
        # the recipient's mailbox over its own size is a full mailbox, not a sending rate
        ("552 Cumulative size of the mailbox exceeds its quota", "speeding"),
        # the recipient's own domain without DNS records is not the sender refused
        ("550 Recipient domain has not MX records", "rejected"),
        # other languages' ordinary words around the new forms
        ("550 O limite de envio foi atingido, tente mais tarde", "expired"),
        ("550 El asunto es obligatorio en este servidor", "rejected"),
        ("550 Le domaine est inaccessible depuis trop longtemps", "speeding"),
        ("550 Die IP-Adresse ist gesperrt", "contenterror"),
        ("554 Il messaggio è stato rifiutato per politica", "speeding"),
    ],
)
def test_probe70_words_not_read(text: str, not_reason: str) -> None:
    assert reason_of(text) != not_reason


def test_a_mailbox_limit_reached_is_no_sending_limit() -> None:
    found = read("452 Mail limit reached for this mailbox, it is full")
    assert found is None or found[0] != "speeding"
