"""Round 67's English meaning words (probe67-words: a password-protected file refused, an encrypted
session not set up or missing, a session refused for want of a log-in, a message the receiver could
not queue, a client's limits per period named together or by the servers it may reach, a host banned
for what it sent before, a client that spoke before the greeting, a host refused for its operating
system), read in phrasings of our own (not the samples'), and beside them near-misses that must not
read so: a relay refusal, a mailbox's quota, a negation, a message's own verdict, a domain's name."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # a password-protected file or attachment refused by the site's policy
        ("550 Password protected attachments are not permitted here", "policyviolation",
         "meaning:en:policyviolation"),
        ("554 Rejected: the message carries a password-protected file", "policyviolation",
         "meaning:en:policyviolation"),
        # the encrypted session not set up, or wanting
        ("421 Unable to establish a TLS session with 192.0.2.4", "securityerror",
         "meaning:en:securityerror"),
        ("530 Mail refused for lack of TLS on this connection", "securityerror",
         "meaning:en:securityerror"),
        ("554 Session closed: insufficient security", "securityerror", "meaning:en:securityerror"),
        # refused for want of a log-in
        ("530 This host takes no mail without authentication", "securityerror",
         "meaning:en:securityerror-without-auth"),
        # the receiver could not queue the message
        ("451 Could not enqueue the message, please retry", "systemerror",
         "meaning:en:systemerror"),
        # limits per period named together, or the servers a client may reach in it
        ("450 Refused: rate and quota limit reached for 192.0.2.9", "speeding", "meaning:en:speeding"),
        ("421 Destination servers limit exceeded for this client", "speeding",
         "meaning:en:speeding"),
        # a host banned for what it sent before
        ("554 Host 192.0.2.8 banned for sending malware earlier", "blocked",
         "meaning:en:blocked-for-spam"),
        # a client that spoke before the greeting
        ("554 Please wait for the greeting before you send commands", "syntaxerror",
         "meaning:en:syntaxerror"),
        # a host refused for its operating system
        ("550 Your operating system is not welcome here", "blocked", "meaning:en:blocked"),
    ],
)
def test_probe67_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # relaying refused without a log-in stays a relay refusal
        ("554 Relaying denied without authentication", "securityerror"),
        ("550 Relaying without authorization is not possible here", "securityerror"),
        # a mailbox's quota limit is not a sending rate
        ("552 Mailbox quota limit reached for this user", "speeding"),
        # a negation right before the words
        ("The archive is not password protected", "securityerror"),
        # the message's own verdict, not a host's ban
        ("550 Message contains a virus and was not delivered", "blocked"),
        # "lack of" about storage is no security fault
        ("452 Delivery deferred for lack of storage space", "securityerror"),
        # a domain named os is not the connecting host's operating system
        ("550 Recipient unknown at os.example.com", "blocked"),
    ],
)
def test_probe67_words_near_misses(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason


@pytest.mark.parametrize(
    "text",
    [
        "550 os seguintes destinatários não existem",
        "550 Todos os endereços são inválidos: usuário desconhecido",
    ],
)
def test_the_portuguese_article_os_is_no_sending_host(text: str) -> None:
    # "os" alone was a subject of the connecting host for a moment (p0f's "OS Blocked"): every
    # Portuguese sentence with the article became a refusal of the sending host
    assert read(text) == ("userunknown", "meaning:pt:userunknown")


def test_os_blocked_reads_said_alone() -> None:
    assert read("550 OS Blocked") == ("blocked", "meaning:en:blocked")
