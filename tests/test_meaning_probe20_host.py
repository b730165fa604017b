"""The English meaning words probe round 20 (host) added: a 'send limit' or 'send quota' (the
verb's bare form before the noun, as Polaris Mail's '462 Daily send limit reached' has it) is a
sending limit per span of time (speeding), as 'sending limit' already was. Read in phrasings of
our own, not the rules' examples, and beside them the near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "451 Your hourly send limit has been used up, try again later",
        "550 Account over its send quota for today",
        "452 Send limits exceeded for this account",
    ],
)
def test_a_send_limit_is_speeding(text: str) -> None:
    assert reason_of(text) == "speeding"


def test_a_size_named_beside_a_send_limit_is_not_a_rate() -> None:
    # one message's size against a limit: mesgtoobig, whatever the limit is called
    assert reason_of("552 Message size exceeds the send limit of 25 MB") != "speeding"
