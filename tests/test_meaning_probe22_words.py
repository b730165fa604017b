"""The English meaning words probe round 22 (isp) added: a sender address its provider has not
validated as the sender's own ("Invalidated From address", Runbox's refusal of a From address
that is no alias or validated external address) is a refused sender (rejected), whatever command
the refusal answered. Read in phrasings of our own, not the rules' examples, and beside them the
near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "550 Invalidated sender address, see your account settings",
        "553 5.7.1 Your from address is not validated for this account",
        "550 Unvalidated envelope sender refused",
    ],
)
def test_an_unvalidated_sender_address_is_rejected(text: str) -> None:
    assert reason_of(text) == "rejected"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address, or a named cause, keeps its own reason
        ("550 5.1.1 Recipient address invalidated: no such user", "userunknown"),
        ("550 5.7.1 Your IP 192.0.2.8 is listed at a blocklist; sender not validated", "blocked"),
    ],
)
def test_a_recipient_or_named_cause_keeps_its_reason(text: str, reason: str) -> None:
    assert reason_of(text) == reason
