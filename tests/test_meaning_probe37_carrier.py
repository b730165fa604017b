"""The meaning words probe round 37 (carrier: the message stores and MTAs ISPs ran) changed, read
in phrasings of our own (not the samples'), and beside them the near-misses that must not read so.

Openwave InterMail says a recipient's domain did not resolve as "the destination computer was
not found": the destination computer is the recipient's host, not its mailbox, so the words are
hostunknown although "destination" alone is a recipient subject ("destination not found")."""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "Your message was not delivered because the destination computer was not found.",
        "The destination computer could not be found in DNS",
        "destination machine does not exist",
    ],
)
def test_a_destination_computer_not_found_is_an_unknown_host(text: str) -> None:
    assert reason_of(text) == "hostunknown"


@pytest.mark.parametrize(
    "text",
    [
        "550 Destination not found: no such mailbox here",
        "550 destination mailbox does not exist",
    ],
)
def test_a_destination_alone_stays_the_recipient(text: str) -> None:
    assert reason_of(text) == "userunknown"
