"""Round 58's English meaning words (probe58-words: FORPSI's reverse-DNS refusal, OVH's relay
refusal, Exim's own notices for a message too big or with too many recipients, Exchange's
"has stopped trying"), read in phrasings of our own (not the samples'), and beside them
near-misses that must not read so: a negation, the recipient's side, a line or a header, a
rate, a relay that is allowed."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # the reverse record named "DNS reverse", the words the other way round
        ("550 No DNS reverse record for 192.0.2.31, go away", "requireptr",
         "meaning:en:requireptr"),
        ("554 Your DNS reverse lookup failed for 198.51.100.7", "requireptr",
         "meaning:en:requireptr"),
        ("421 DNS reverse entry is missing for your host", "requireptr",
         "meaning:en:requireptr"),
        # relaying refused with the passive verb after the domain or address it names
        ("550 kim@example.net is not allowed to be relayed from your network", "norelaying",
         "meaning:en:norelaying"),
        ("553 Mail for that domain cannot be relayed by this server", "norelaying",
         "meaning:en:norelaying"),
        ("554 The destination isn't permitted to be relayed here", "norelaying",
         "meaning:en:norelaying"),
        # the message longer than the largest size taken
        ("Your mail was longer than the maximum message size this gateway takes",
         "mesgtoobig", "meaning:en:mesgtoobig"),
        ("552 The message is longer than the size limit of 20 MB", "mesgtoobig",
         "meaning:en:mesgtoobig"),
        # more recipients on one message than the system takes
        ("550 Your message lists more recipients than are allowed here", "exceedlimit",
         "meaning:en:exceedlimit-recipients"),
        ("The mail had more recipients than the maximum of 100 we accept", "exceedlimit",
         "meaning:en:exceedlimit-recipients"),
        # the sending server has stopped its attempts
        ("Our relay stopped trying to reach example.net after three days", "expired",
         "meaning:en:expired"),
        ("Delivery failed: the gateway stopped retrying this message", "expired",
         "meaning:en:expired"),
    ],
)
def test_probe58_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # a reverse record that is there is no refusal
        ("250 DNS reverse for 192.0.2.31 is mail.example.org", "requireptr"),
        # relaying that is allowed, said with the negation before the verb's subject
        ("250 Mail from authenticated users is allowed to be relayed", "norelaying"),
        # a line or a header longer than the limit is not the message's size
        ("550 A line in your message was longer than the maximum size of 998 characters",
         "mesgtoobig"),
        ("552 Header longer than the maximum size allowed", "mesgtoobig"),
        # recipients per hour are a rate, not a limit of the message
        ("450 You sent to more recipients than allowed per hour", "exceedlimit"),
        # still trying: a negation before the words
        ("We have not stopped trying to deliver your message", "expired"),
        ("The server never stopped trying; delivery is still under way", "expired"),
    ],
)
def test_probe58_words_near_misses(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
