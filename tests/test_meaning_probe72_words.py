"""Round 72's English meaning words (probe72-words: a client refused for the errors it caused
before, a link or domain in the message found on a list, a host known as bad, mail to a recipient
that the receiving site's own rule forbids, mail that has to come over an encrypted session), read
in phrasings of our own (not the rules' examples), and beside them near-misses that must not read
so: one session's protocol errors, a queue's own deferral, a message that merely has a link, the
sender's domain on a list, a thing in the message forbidden, a relay refused, other languages."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read
from .conftest import reason_of


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # a client refused for what it did before
        ("421 Too many errors coming from 192.0.2.44, come back tomorrow", "blocked",
         "meaning:en:blocked-too-many-failures"),
        ("450 Your server is held back due to previous errors, come back in an hour", "blocked",
         "meaning:en:blocked-too-many-failures"),
        ("554 Too many errors from your host today", "blocked",
         "meaning:en:blocked-too-many-failures"),
        # a link or a domain in the message named by a list
        ("550 Your mail contains a link to a site listed by our URI list", "spamdetected",
         "meaning:en:spamdetected-uri-listed"),
        ("554 This message contained a domain that is blocklisted here", "spamdetected",
         "meaning:en:spamdetected-uri-listed"),
        # the connecting host known as a bad actor
        ("554 Go away: known bad IP address 198.51.100.20", "blocked", "meaning:en:blocked"),
        ("550 Refused, your mail server is a known bad host", "blocked", "meaning:en:blocked"),
        # the receiving site's own rule forbids mail to this recipient
        ("550 Recipient prohibited by site rule 7", "filtered",
         "meaning:en:filtered-recipient-prohibited"),
        ("550 5.7.1 Mail to this mailbox is forbidden", "filtered",
         "meaning:en:filtered-recipient-prohibited"),
        # the mail has to come over an encrypted session
        ("530 Mail for example.net: you must send over an encrypted channel", "securityerror",
         "meaning:en:securityerror"),
        ("550 Policy: all partners deliver via an encrypted SMTP link", "securityerror",
         "meaning:en:securityerror"),
    ],
)
def test_probe72_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # one session's protocol errors are not a client shut out for a while
        ("421 4.7.0 mx.example.net Error: too many errors", "blocked"),
        # a queue's own deferral after failures is no refusal of the client
        ("451 Delivery deferred due to previous errors", "blocked"),
        # a message that has a link, and nothing listed
        ("550 Message contains a link and an attachment", "spamdetected"),
        # the sender's own domain on a list is the sender's listing, not the content's
        ("550 Sender domain contains a domain listed at dbl.example.net", "spamdetected"),
        # a failed look-up in a list is the receiver's trouble
        ("451 Message contains domain example.com; list lookup timeout", "spamdetected"),
        # something IN the message forbidden after Postfix's recipient words is the message's
        ("550 5.7.1 <kim@example.org>: Recipient address rejected: Attachment type prohibited",
         "filtered"),
        # relaying to a recipient refused is not the recipient's filter
        ("550 Relaying to that recipient is prohibited", "filtered"),
        # a sender forbidden is the sender's refusal
        ("550 Sender address prohibited", "filtered"),
        # other languages' ordinary words around the new forms
        ("550 Destinatario prohibido por el administrador", "filtered"),
        ("550 Destinataire interdit par la politique du site", "filtered"),
        ("550 Empfänger verboten durch lokale Regel", "filtered"),
        ("550 Troppi errori dal tuo server, riprova domani", "blocked"),
        ("550 Te veel fouten van uw server", "blocked"),
        ("550 A mensagem contém um domínio listado", "spamdetected"),
    ],
)
def test_probe72_words_not_read(text: str, not_reason: str) -> None:
    assert reason_of(text) != not_reason


def test_a_user_unknown_beside_the_encryption_words_stays_the_users() -> None:
    assert read("550 5.1.1 User unknown; next time send over an encrypted session") == (
        "userunknown", "meaning:en:userunknown")
