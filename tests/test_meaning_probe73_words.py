"""Round 73's English meaning words (probe73-words: a host that mailed a trap address, a host found
in a list said with "in" or "on", a host refused for where its address is), read in phrasings of
our own (not the rules' examples), and beside them near-misses that must not read so: a failed
list look-up, a host on an allow list, a message that is spam, the sender's address in a list,
other languages."""

from __future__ import annotations

import pytest

from bounce_analyzer import classify

from .conftest import meaning_of as read
from .conftest import reason_of


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # a host that mailed a trap address
        ("554 Host 198.51.100.7 hit one of our spam traps today", "blocked",
         "meaning:en:blocked-spamtrap"),
        ("550 Sorry, you mailed one of our greytraps this week", "blocked",
         "meaning:en:blocked-spamtrap"),
        # the connecting host found in a list, with "in" or "on"
        ("550 Your IP 203.0.113.4 is on our local block list", "blocked",
         "meaning:en:blocked-in-list"),
        ("451 Client address was found in the abuse database", "blocked",
         "meaning:en:blocked-in-list"),
        # the connecting host refused for where its address is
        ("550 Your server seems to be from a network we do not serve", "blocked",
         "meaning:en:blocked-from-place"),
        ("554 Connecting IP 192.0.2.77 is located in a refused region", "blocked",
         "meaning:en:blocked-from-place"),
    ],
)
def test_probe73_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # a failed look-up of a trap list is the receiver's trouble
        ("451 Spamtrap lookup error, try later", "blocked"),
        # a host let in by a list is no refusal
        ("550 Your IP is on our allowlist but the mailbox is unknown", "blocked"),
        # a host that is in a queue or a range says nothing of a list
        ("451 Your IP is in the retry queue", "blocked"),
        # a message that is spam stays the content's
        ("550 This message appears to be spam", "blocked"),
        # other languages' ordinary words around the new forms
        ("550 Ihre IP-Adresse ist in unserer Liste", "filtered"),
        ("550 Votre adresse semble provenir de Chine", "spamdetected"),
        ("550 Su dirección IP está en nuestra lista", "filtered"),
    ],
)
def test_probe73_words_not_read(text: str, not_reason: str) -> None:
    assert reason_of(text) != not_reason


def test_an_address_of_a_person_said_to_come_from_somewhere_is_no_host_refused_for_its_place() -> None:
    # the phrase rule wants the host's IPv4 address before "appears to be from"
    assert classify("550 5.7.1 The sender address appears to be from a domain that does not exist"
                    ).reason != "blocked"
    assert classify("550 Your address 198.51.100.4 seems to come from a blocked country").rule == (
        "probe73-words-host-from-place")
