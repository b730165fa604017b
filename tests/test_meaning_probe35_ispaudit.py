"""The meaning words probe round 35 (ispaudit: telecom ISPs' postmaster pages) changed, read in
phrasings of our own (not the samples'), and beside them the near-misses that must not read so.

"Connection refused" is also a relay's label for its sending limit: when the words go on to
count messages ("exceeded the maximum number of messages allowed per hour", Charter's outbound
limit) the refusal is a rate, not an unreachable host. A refused or timed-out TCP connection
counts no messages, and stays a network error."""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "421 Connection refused: you have sent the maximum number of messages allowed this hour",
        "421 Connection Refused - user exceeded the number of messages permitted per day",
        "451 Connection refused, too many messages from your account in the last hour",
    ],
)
def test_a_refusal_that_counts_messages_is_a_rate(text: str) -> None:
    assert reason_of(text) == "speeding"


@pytest.mark.parametrize(
    "text",
    [
        "connect to mx.example.net[192.0.2.1]:25: Connection refused",
        "421 4.4.1 Connection refused by the remote host",
        "Connection timed out while talking to mx.example.net",
    ],
)
def test_a_refused_connection_stays_a_network_error(text: str) -> None:
    assert reason_of(text) == "networkerror"
