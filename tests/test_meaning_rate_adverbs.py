"""How often, in the adverb's and the limiter's words: "too frequently" and "throttle" say a
rate was exceeded (speeding), wherever the server puts them, while a connection or a mailbox
named beside them keeps its own limit. Phrasings of our own, not the rules' examples."""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "451 4.7.1 Messages arrive too frequently from this sender, slow down",
        "550 You have sent too frequently during the last minutes, try again later",
        "421 4.7.0 Throttle active for this account, please retry later",
        "452 Outbound throttle reached, deferring",
    ],
)
def test_too_frequently_and_throttle_are_a_rate(text: str) -> None:
    assert reason_of(text) == "speeding"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # a connection limit stays the session's own
        ("421 4.7.0 Too many connections from your host, throttle in effect", "toomanyconn"),
        ("421 too frequent connects from 192.0.2.8", "toomanyconn"),
        # the recipient's mailbox beside the words is not a sending rate
        ("552 5.2.2 The mailbox is full and receives mail too frequently to keep up", "mailboxfull"),
    ],
)
def test_a_named_limit_beside_the_words_keeps_its_reason(text: str, reason: str) -> None:
    assert reason_of(text) == reason
