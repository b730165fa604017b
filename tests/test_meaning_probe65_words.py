"""Round 65's English meaning words (probe65-words: a message said to exceed the allowed size, a
message that cannot be parsed or whose body is missing, a message with an invalid structure, a
message the receiver could not save, more than one recipient in one transaction refused, grey
listing spelt as two words, a client that claims to be the receiver, a HELO name in a reserved
domain, an address that has expired), read in phrasings of our own (not the samples'), and beside
them near-misses that must not read so: negations, a header that cannot be parsed, a recipient's
or a sender's domain that is reserved, a delivery or an account or a password that expired."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # the message over what is allowed, without the article, or "larger than allowed"
        ("552 5.3.4 The mail exceeds allowed size for this server", "mesgtoobig",
         "meaning:en:mesgtoobig"),
        ("Your message is larger than allowed by our gateway", "mesgtoobig",
         "meaning:en:mesgtoobig"),
        # a message the receiver's parser cannot read
        ("554 The e-mail could not be parsed by our scanner", "contenterror",
         "meaning:en:contenterror"),
        ("550 Message unparseable, rejected", "contenterror", "meaning:en:contenterror"),
        # its body missing, the word after
        ("554 5.6.0 Body missing from submitted message", "contenterror",
         "meaning:en:contenterror"),
        ("550 The message body is missing", "contenterror", "meaning:en:contenterror"),
        # its structure out of form
        ("550 Message has an invalid MIME structure", "notcompliantrfc",
         "meaning:en:notcompliantrfc-message"),
        # the receiver could not store it, the message called mail or email
        ("451 Temporary failure: could not store mail, try again later", "systemerror",
         "meaning:en:systemerror"),
        ("Failed to save email to the mailbox store", "systemerror", "meaning:en:systemerror"),
        # more than one recipient in one transaction
        ("452 Only one recipient allowed in a single transaction", "toomanyconn",
         "meaning:en:toomanyconn"),
        ("451 More than one RCPT in the same transaction is not supported", "toomanyconn",
         "meaning:en:toomanyconn"),
        # grey listing in two words; a client claiming to be the receiver; a reserved HELO name
        ("451 4.7.1 Host 192.0.2.7 failed gray listing, try again later", "blocked",
         "meaning:en:blocked"),
        ("550 Client 192.0.2.7 claims to be me, go away", "blocked", "meaning:en:blocked"),
        ("550 HELO name is in a reserved domain", "blocked", "meaning:en:blocked"),
        # an address whose time ran out
        ("550 5.1.1 This address has expired", "userunknown",
         "meaning:en:userunknown-expired-address"),
        ("550 The temporary address you wrote to has expired", "userunknown",
         "meaning:en:userunknown-expired-address"),
    ],
)
def test_probe65_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # a negation, a size within what is allowed
        ("552 Message does not exceed allowed size", "mesgtoobig"),
        ("550 Mailbox size is within allowed size", "mesgtoobig"),
        # a header that cannot be parsed is the header's form, not the content
        ("550 Message header cannot be parsed", "contenterror"),
        # a recipient's or a sender's domain that is reserved is not the connecting host's name
        ("550 Recipient domain is in a reserved domain", "blocked"),
        ("550 Sender address is in a reserved domain", "blocked"),
        # a delivery, a message in the queue, an account, a password or a certificate that
        # expired is not an address gone
        ("451 Message to recipient pat@example.net expired in queue", "userunknown"),
        ("Message delivery to the recipient has expired", "userunknown"),
        ("550 Recipient account has expired", "userunknown"),
        ("550 Your password has expired", "userunknown"),
        ("550 The recipient's certificate has expired", "userunknown"),
        # the words said of the receiver's store are not the recipient's verdict
        ("554 Could not save email: user unknown", "systemerror"),
    ],
)
def test_probe65_words_near_misses(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
