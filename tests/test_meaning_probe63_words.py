"""Round 63's English meaning words (probe63-words: requests counted over a time window, a mailbox
or account said to be closed, a message with no body or text, a message said to exceed the maximum
with its sizes between the words, the receiver's name directory out of order), read in phrasings
of our own (not the samples'), and beside them near-misses that must not read so: a connection
closed, a list closed, a negation, a recipient not in the directory, a count of messages."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # requests counted over a time window: a rate
        ("450 Too many requests from 192.0.2.7, slow down and retry", "speeding",
         "meaning:en:speeding"),
        ("Request rate exceeded for your host", "speeding", "meaning:en:speeding"),
        # a mailbox or an account said to be closed
        ("550 This mailbox has been closed by its owner", "suspend", "meaning:en:suspend-closed"),
        ("The account is closed and takes no new mail", "suspend", "meaning:en:suspend-closed"),
        # a message with no body or no text
        ("554 Rejected: empty message body", "contenterror", "meaning:en:contenterror"),
        ("550 The message has no text, nothing to deliver", "contenterror",
         "meaning:en:contenterror"),
        ("A message must contain a body to be accepted", "contenterror",
         "meaning:en:contenterror"),
        # a message said to exceed the maximum, the numbers between the words
        ("552 Message of 40 MB exceeds the maximum of 25 MB", "mesgtoobig",
         "meaning:en:mesgtoobig"),
        # the receiver's directory out of order
        ("451 Directory service temporarily unavailable, try later", "systemerror",
         "meaning:en:systemerror-directory"),
        ("Directory service not available at this time", "systemerror",
         "meaning:en:systemerror-directory"),
    ],
)
def test_probe63_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # a connection or a list closed is not a mailbox shut to mail
        ("421 Connection closed by remote host", "suspend"),
        ("550 The list is closed to non-members", "suspend"),
        # a negation right before the words
        ("The mailbox is not closed; delivery will be retried", "suspend"),
        # a recipient not in the directory is about the recipient, not the directory's state
        ("550 Recipient not available in the directory", "systemerror"),
        # a count of messages over the maximum is not a size
        ("452 Message count exceeds maximum for this session", "mesgtoobig"),
        # requests per connection are a session's limit, not a rate over time: at least not speeding
        # when said of a mailbox's contents
        ("Mailbox contains too many requests for review", "speeding"),
    ],
)
def test_probe63_words_near_misses(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
