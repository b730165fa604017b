"""Round 68's English meaning words (probe68-words: a client blocked after too many failures of its
own, the receiver's virus scanner out of reach, a link's host on a URI list written "black listed",
forward-confirmed reverse DNS spelt "FcrDNS", the sending servers' country), read in phrasings of our
own (not the samples'), and beside them near-misses that must not read so: log-in failures, a
virus found, a negation, a recipient's own refusal, other languages' sentences."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read
from .conftest import reason_of


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        ("421 Blocked: too many failures from 192.0.2.8, come back later", "blocked",
         "meaning:en:blocked-too-many-failures"),
        ("550 Too many failed attempts from your host", "blocked",
         "meaning:en:blocked-too-many-failures"),
        ("451 Antivirus unavailable, please try again", "systemerror", "meaning:en:systemerror"),
        ("451 The virus scanner not available at the moment", "systemerror",
         "meaning:en:systemerror"),
        ("554 Rejected: black listed URL in message body", "spamdetected",
         "meaning:en:spamdetected-uri"),
        ("550 Your host has no FcrDNS", "requireptr", "meaning:en:requireptr"),
        ("550 FcrDNS check failed for 192.0.2.8", "requireptr", "meaning:en:requireptr"),
        ("554 Mail from your country is blocked here", "blocked", "meaning:en:blocked"),
    ],
)
def test_probe68_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # log-in failures are not a block of the host by these words
        ("535 Too many authentication failures", "blocked"),
        ("421 Too many login failures, closing", "blocked"),
        # a virus found is the message's verdict, not the scanner's failure
        ("554 Virus found in message", "systemerror"),
        # the recipient's own refusal stays the recipient's
        ("550 The recipient does not accept mail from you", "blocked"),
        # other languages' ordinary words around the new forms
        ("550 Le serveur antivirus est indisponible pour le moment", "blocked"),
        ("550 Die Domain ist nicht erreichbar, bitte später erneut", "blocked"),
        ("550 O servidor não aceita mensagens de fora do país", "requireptr"),
        ("550 El servidor de correo no está disponible en este país", "requireptr"),
    ],
)
def test_probe68_words_not_read(text: str, not_reason: str) -> None:
    assert reason_of(text) != not_reason


def test_a_queues_count_of_failures_is_no_block_of_the_host() -> None:
    found = read("451 Too many failures for this destination, deferred")
    assert found is None or found[0] != "blocked"
