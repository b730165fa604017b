"""Round 60's English meaning words (probe60-words: a connecting address the receiver's
intrusion prevention has blocked, the sender's IP said to have to resolve, a message in the
queue "for too long"), read in phrasings of our own (not the samples'), and beside them
near-misses that must not read so: a negation, a name of the host's (a forward lookup), the
sender's domain, a log-in, a message still queued. MailEnable's two greeting refusals are
phrase rules (rules/phrases/probe60-words.toml), checked through the classifier."""

from __future__ import annotations

import pytest

from bounce_analyzer.classifier import explain

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # the receiver's intrusion prevention named as the reason a host is refused
        ("421 Intrusion prevention active for 192.0.2.15, try again in an hour", "blocked",
         "meaning:en:blocked"),
        ("554 Your host tripped our intrusion prevention system", "blocked",
         "meaning:en:blocked"),
        ("421 Intrusion prevention: 192.0.2.15 is held off for 30 minutes", "blocked",
         "meaning:en:blocked"),
        # the sender's IP (the connecting host) said to have to resolve: its reverse DNS
        ("550 Sender IP must resolve in the DNS", "requireptr",
         "meaning:en:requireptr-ip-must-resolve"),
        ("451 The sender's IP address should resolve before we accept mail", "requireptr",
         "meaning:en:requireptr-ip-must-resolve"),
        ("554 sender IP 192.0.2.40 does not resolve", "requireptr",
         "meaning:en:requireptr-ip-must-resolve"),
        ("Connecting IP has to resolve", "requireptr", "meaning:en:requireptr-ip-must-resolve"),
        # the time in the queue said with "for"
        ("Giving no more tries: this mail has been in the queue for too long", "expired",
         "meaning:en:expired"),
        ("Message was queued for too long and is returned to you", "expired",
         "meaning:en:expired"),
        ("Removed after sitting in queue for too long", "expired", "meaning:en:expired"),
    ],
)
def test_probe60_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # a name the host gave, looked up forward, is not its reverse DNS
        ("550 Sender IP's HELO hostname must resolve", "requireptr"),
        ("Sender IP given a domain name that does not resolve", "requireptr"),
        # a temporary failure of the lookup is the receiver's trouble
        ("451 Sender IP does not resolve, temporary failure, try again", "requireptr"),
        # the sender's domain that must resolve is the sender's (meaning:en:rejected)
        ("451 Sender domain must resolve", "requireptr"),
        # a negation
        ("The sender IP is not required to resolve here", "requireptr"),
        # a message still being tried is not given up
        ("The message is not in queue for too long, delivery continues", "expired"),
        # a log-in locked out is not an intrusion prevention block of the host
        ("535 Authentication failed, intrusion prevention active", "blocked"),
    ],
)
def test_probe60_words_near_misses(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason


def test_probe60_sender_domain_must_resolve_stays_the_senders() -> None:
    # "sender ip" is the client, longer than "sender"; "sender domain" is still the sender's
    found = read("451 Sender domain must resolve")
    assert found is not None and found[0] == "rejected"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (("451 ESMTP MailEnable Service temporarily refused connection at 03/04/25 10:11:12 "
         "from IP (192.0.2.77) because the server is too busy."), "toomanyconn"),
        (("530 mail.example.org ESMTP MailEnable Service, Version: 10.50-- denied access at "
         "03/04/25 10:11:12"), "blocked"),
        # another server's "too busy" stays a loaded server
        ("421 Server too busy, please try again later", "systemerror"),
    ],
)
def test_probe60_mailenable_greetings(text: str, reason: str) -> None:
    _, verdict = explain(text)
    assert verdict.reason == reason
