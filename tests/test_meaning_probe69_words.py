"""Round 69's English words (probe69-words: a proxy's own lookup failing, a sender address said
forbidden, a client asked not to try more than once per span of time, a mailbox busy or not
available for now, a message's size said to exceed whatever class's limit) and its phrase rules
(a size given as a number, a link on a URI list, a URI list's zone), read in phrasings of our own (not the samples'), and beside them near-misses that must
not read so: negations, the recipient's own words, a host's listing, a greylisting deferral, log-in
failures, other languages' sentences."""

from __future__ import annotations

import pytest

from bounce_analyzer import classify

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        ("550 That sender address is forbidden here", "rejected", "meaning:en:rejected"),
        ("553 Envelope sender forbidden by local rule", "rejected", "meaning:en:rejected"),
        (("450 Slow down: no more than once every 10 minutes, please do not connect more than "
          "once per 10 minutes"), "speeding", "meaning:en:speeding"),
        ("421 You may not send more than once in 30 seconds", "speeding", "meaning:en:speeding"),
        ("450 Mailbox is busy right now, retry shortly", "systemerror", "meaning:en:systemerror"),
        ("452 The mailbox is temporarily not available", "systemerror", "meaning:en:systemerror"),
        ("552 Size of your message exceeds what your plan allows", "mesgtoobig",
         "meaning:en:mesgtoobig-size-named"),
        ("552 Email size exceeds the ceiling for this sending tier", "mesgtoobig",
         "meaning:en:mesgtoobig-size-named"),
    ],
)
def test_probe69_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "reason", "rule"),
    [
        ("552 5.3.4 Mail size: 48,000,000 bytes exceeds the configured maximum", "mesgtoobig",
         "probe69-words-message-size-number-exceeds"),
        ("552 Message size [12 MB] exceeds what we take", "mesgtoobig",
         "probe69-words-message-size-number-exceeds"),
        ("554 Rejected: one of the links is listed on a domain blocklist", "spamdetected",
         "probe69-words-url-listed"),
        ("550 Your mail has a URI that was blacklisted by our filter", "spamdetected",
         "probe69-words-url-listed"),
        ("554 shady.example in multi.surbl.org: listed", "spamdetected",
         "probe69-words-uri-list-zone"),
    ],
)
def test_probe69_phrase_rules_read(text: str, reason: str, rule: str) -> None:
    found = classify(text)
    assert (found.reason, found.rule) == (reason, rule)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # a lookup that failed is the looking system's trouble, not an unknown address
        ("451 Lookup failed: destination not found", "userunknown"),
        ("451 The lookup of the original destination failed: destination unknown", "userunknown"),
        # a recipient's address said forbidden is not the sender's
        ("550 Forbidden RCPT TO", "rejected"),
        # a negation: the sender is not forbidden
        ("250 Sender is not forbidden", "rejected"),
        # "once" without a span of time is no rate
        ("550 Delivery was tried more than once and failed", "speeding"),
        # a mailbox's own verdict stays the mailbox's
        ("550 Mailbox unavailable", "systemerror"),
        ("552 Mailbox full, quota exceeded", "mesgtoobig"),
        # a size over time is a rate, a header's size is the header's
        ("452 Message size exceeds hourly limit for your account", "mesgtoobig"),
        ("552 Message header size exceeds limit", "mesgtoobig"),
        # an address listed by a blocklist after Postfix's "Recipient address rejected:" (a policy
        # server's words at RCPT) is no unknown recipient
        (("554 5.7.1 <kai@example.net>: Recipient address rejected: ada@example.org listed by "
          "ebl.example.org"), "userunknown"),
        # the host's listing stays the host's
        ("554 Client host [192.0.2.9] blocked using multi.surbl.org", "spamdetected"),
        ("550 See the link for details: your IP is listed in zen.spamhaus.org", "spamdetected"),
        # a greylisting deferral is no system error
        ("451 4.7.1 Greylisting in action, please come back later", "systemerror"),
        ("450 Greylisted, see http://postgrey.schweikert.ch/help/example.net.html", "systemerror"),
        # log-in failures are not a client blocked after failed call-aheads
        ("421 too many failed attempts from 192.0.2.8 to log in", "blocked"),
        ("535 too many failed attempts from 192.0.2.8 to authenticate", "blocked"),
        # other languages' ordinary words around the new forms
        ("550 O remetente não está proibido, a caixa está ocupada", "rejected"),
        ("550 La URL del mensaje no está en ninguna lista", "spamdetected"),
        ("550 Le lien est listé en ligne", "spamdetected"),
        ("450 Die Mailbox ist besetzt, bitte mehr als einmal versuchen", "speeding"),
    ],
)
def test_probe69_words_not_read(text: str, not_reason: str) -> None:
    # the whole classification, phrase rules and tables too: no level may read it so
    assert classify(text).reason != not_reason


def test_the_too_many_failures_entry_still_reads_a_client_shut_out() -> None:
    assert read("421 Too many failures from 192.0.2.8; come back later") == (
        "blocked", "meaning:en:blocked-too-many-failures")


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # a TLS or SSL handshake that failed is the handshake entry's own case
        ("454 4.7.0 TLS handshake failure with mx.example.net", "securityerror",
         "meaning:en:securityerror-handshake"),
        ("Cannot start TLS: handshake failure", "securityerror",
         "meaning:en:securityerror-handshake"),
        ("SSL handshake failed: certificate expired", "securityerror",
         "meaning:en:securityerror-handshake"),
        # the MAIL FROM's domain named as one is the sender's
        ("554 Mail FROM domain is not verified in this region", "rejected", "meaning:en:rejected"),
        ("550 MAIL FROM address not verified", "rejected", "meaning:en:rejected"),
        # the receiving service's own failure
        ("454 Temporary service failure, try again", "systemerror", "meaning:en:systemerror"),
        # no record published: the check cannot pass
        ("550 5.7.1 The sending domain has no DMARC record", "authfailure", "meaning:en:authfailure"),
        ("550 Rejected: no SPF record for example.org", "authfailure", "meaning:en:authfailure"),
        # mail sent to an address that takes none
        ("550 Your reply was sent to a no-reply address and was not read", "userunknown",
         "meaning:en:userunknown-no-reply-address"),
        ("550 Message addressed to a notification-only address", "userunknown",
         "meaning:en:userunknown-no-reply-address"),
    ],
)
def test_round69_lead_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    "text",
    [
        # a TCP or SMTP handshake is the network's or the conversation's
        "421 TCP handshake failed with the next hop",
        # a notice's own footer about where it came from
        "This message was sent from a no-reply address, please do not reply to it",
        "Sent from a notification-only address",
    ],
)
def test_round69_lead_words_do_not_read(text: str) -> None:
    found = read(text)
    assert found is None or found[1] not in (
        "meaning:en:securityerror-handshake", "meaning:en:userunknown-no-reply-address")
