"""Round 66's English meaning words (probe66-words: relaying called unauthorized, a HELO name
written "hello name" and said to be numeric, a sender's address the receiver was unable to verify
or validate, a failed call-back verification, archives the site refuses for being encrypted or
nested, a scanner unable to unpack an archive, a MIME boundary out of form, a header parse
error, a character set the receiver does not take, a message limit exceeded), read in phrasings
of our own (not the samples'), and beside them near-misses that must not read so: negations,
a recipient's callout, a size or a mailbox's message limit, other reasons' words."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # relaying called unauthorized, before or after the word
        ("554 Unauthorised relaying attempt from your host", "norelaying",
         "meaning:en:norelaying"),
        ("550 Relay attempt unauthorized", "norelaying", "meaning:en:norelaying"),
        # a HELO name that is a number, the greeting's word for HELO
        ("501 Your hello hostname may not be numeric", "blocked", "meaning:en:blocked"),
        ("550 HELO argument is numeric, give a name", "blocked", "meaning:en:blocked"),
        # the sender's address not verified or validated
        ("450 Unable to verify the sender's address at this time", "rejected",
         "meaning:en:rejected"),
        ("550 Envelope sender could not be validated", "rejected", "meaning:en:rejected"),
        # the call-back check of the sender failed
        ("550 Sender callback verification failed, mail refused", "rejected",
         "meaning:en:rejected-callback"),
        ("554 CBV failed: the address you send from refused our probe", "rejected",
         "meaning:en:rejected-callback"),
        # archives refused by the attachment policy
        ("552 Password-protected archives are refused here", "policyviolation",
         "meaning:en:policyviolation"),
        ("550 Attachment holds a nested archive, not accepted", "policyviolation",
         "meaning:en:policyviolation"),
        # the receiver's scanner could not open an archive
        ("451 Scanner failed to unpack the attachment, try later", "systemerror",
         "meaning:en:systemerror"),
        # a MIME boundary out of form; a header the parser chokes on
        ("554 Missing MIME boundary in multipart message", "notcompliantrfc",
         "meaning:en:notcompliantrfc"),
        ("550 Subject header parsing error", "notcompliantrfc",
         "meaning:en:notcompliantrfc-header"),
        # a character set the receiver does not take
        ("550 Unsupported character set in message body", "contenterror",
         "meaning:en:contenterror"),
        ("554 Sorry, we can't understand that charset here", "contenterror",
         "meaning:en:contenterror"),
        # a count of messages over its limit
        ("452 Hourly message limit reached for your account", "speeding",
         "meaning:en:speeding-message-limit"),
    ],
)
def test_probe66_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # a callout to the recipient is about the recipient, not the sender
        ("550 Recipient callback verification failed", "rejected"),
        # a size limit or a mailbox's message count is no rate
        ("552 Message size limit exceeded", "speeding"),
        ("452 Mailbox message limit exceeded", "speeding"),
        ("552 Message limit exceeded: 20 MB maximum size", "speeding"),
        # a charset merely named is no refusal of it
        ("550 User unknown (charset utf-8)", "contenterror"),
        ("550 Recipient address invalid; charset=us-ascii", "contenterror"),
        # a relay that is authorized is no refusal
        ("250 Relay authorized for your IP", "norelaying"),
        # a virus found in an archive is the virus's verdict, not the archive policy
        ("554 Virus found in encrypted archive", "policyviolation"),
        # a recipient unknown stays unknown, whatever is numeric around it
        ("550 5.1.1 User 12345 unknown: numeric local parts are not used", "blocked"),
    ],
)
def test_probe66_words_near_misses(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
