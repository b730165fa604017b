"""Round 74's English meaning words (a recipient said not to verify, a message held in a content
filter's quarantine), read in phrasings of our own (not the rules' examples), and beside them
near-misses that must not read so: a callout to be tried again, the sender's verification, a
virus's, a rule's or a reviewer's quarantine, other languages."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read
from .conftest import reason_of


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # the recipient said not to verify
        ("550 5.1.1 Cannot verify recipient at the downstream server", "userunknown",
         "meaning:en:userunknown-not-verified"),
        ("550 The recipient address could not be verified by our gateway", "userunknown",
         "meaning:en:userunknown-not-verified"),
        # a message held in the filter's quarantine
        ("550 Your message has been quarantined by the inbound filter", "spamdetected",
         "meaning:en:spamdetected-quarantined"),
        ("554 This email was placed in quarantine and will not be delivered", "spamdetected",
         "meaning:en:spamdetected-quarantined"),
    ],
)
def test_probe74_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # a callout that could not be completed or is to be tried again is the way there
        ("451 4.4.3 Could not complete recipient verify callout", "userunknown"),
        ("450 Recipient verification failed temporarily, try again later", "userunknown"),
        # the sender's verification is the sender's
        ("550 Sender verify failed", "userunknown"),
        ("550 Verification failed for the sender, recipient not checked", "userunknown"),
        # a virus scanner's or a rule's quarantine is not a spam verdict
        ("554 Message quarantined: virus Eicar-Test-Signature found", "spamdetected"),
        ("550 Message quarantined by policy rule 12", "spamdetected"),
        ("550 The attachment was quarantined", "spamdetected"),
        # a lookup the server could not make now (qmail's temporary words)
        ("421 unable to verify recipient right now (#4.3.0)", "userunknown"),
        # a message held for a person to look at is the site's content policy
        ("550 Your message was quarantined for review by an administrator", "spamdetected"),
        # other languages' ordinary words around the new forms
        ("550 Ihre Nachricht wurde in Quarantäne verschoben", "spamdetected"),
        ("550 Impossible de vérifier le destinataire", "userunknown"),
        ("550 No se pudo verificar el destinatario", "userunknown"),
    ],
)
def test_probe74_words_not_read(text: str, not_reason: str) -> None:
    assert reason_of(text) != not_reason
