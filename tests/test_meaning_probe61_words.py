"""Round 61's English meaning words (probe61-words: mail for a mailbox "not being accepted" or a
mailbox "not currently accepting" mail, a mailbox refused for its owner's inactivity, too many
"illegal" recipients in a session), read in phrasings of our own (not the samples'), and beside
them near-misses that must not read so: the sender's side, a negation, a session's or a
connection's idle time, a log-in, an address's characters."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # X.2.1's "not accepting messages" said in the passive or with "currently" between
        ("550 This mailbox is not currently accepting mail", "suspend", "meaning:en:suspend"),
        ("Mail for this address is no longer being accepted", "suspend", "meaning:en:suspend"),
        ("450 Messages to this account are not being accepted right now", "suspend",
         "meaning:en:suspend"),
        # a mailbox refused for its owner's inactivity, whatever verb goes with it
        ("550 Mailbox locked due to inactivity", "suspend", "meaning:en:suspend-inactivity"),
        ("The account was closed after prolonged inactivity", "suspend",
         "meaning:en:suspend-inactivity"),
        ("554 user blocked for lack of activity", "suspend", "meaning:en:suspend-inactivity"),
        ("Recipient address put on hold because of long inactivity", "suspend",
         "meaning:en:suspend-inactivity"),
        # the session's count of refused recipients, said "illegal"
        ("552 Too many illegal recipients in this session", "policyviolation",
         "meaning:en:policyviolation-bad-recipients"),
        ("421 too many illegal addresses, closing connection", "policyviolation",
         "meaning:en:policyviolation-bad-recipients"),
    ],
)
def test_probe61_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # the sender's server or address is what is not accepted
        ("Mail from your server is not being accepted", "suspend"),
        ("Mail to this user is not being accepted from your IP address", "suspend"),
        # a mailbox refusing someone's mail is its own filter, not a switched-off mailbox
        ("This mailbox is not currently accepting mail from your domain", "suspend"),
        ("The recipient is not currently accepting messages from example.org", "suspend"),
        # a negation
        ("550 This mailbox is not inactive", "suspend"),
        # an idle session or connection, a log-in's timeout
        ("421 Connection closed due to inactivity", "suspend"),
        ("User session expired after 600 seconds of inactivity", "suspend"),
        ("The user was logged out for inactivity, authentication required", "suspend"),
        ("Mailbox idle timeout: closing after inactivity", "suspend"),
        # no mailbox named: the server's own state
        ("451 Messages are not being accepted at the moment, try again later", "suspend"),
        # an address's characters are its form, not a count of refused recipients
        ("Too many illegal characters in address", "policyviolation"),
    ],
)
def test_probe61_words_near_misses(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason


def test_probe61_refusal_from_a_sender_stays_the_recipients_choice() -> None:
    # "not currently accepting mail from" is the longer form, read by the recipient's filter
    assert read("The recipient is not currently accepting messages from example.org") == (
        "filtered", "meaning:en:filtered-by-recipient")
