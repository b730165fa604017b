"""The meaning words probe round 26 (German-, French-, Italian- and Dutch-speaking hosters)
changed, read in phrasings of our own (not the rules' examples), beside near-misses that must
keep their reading:

- a limit of recipients or connections counted per day or hour is a sending rate (speeding),
  not a limit of the session (toomanyconn): Netfabric's "MAX RCPT TO DAILY LIMIT" is the
  daily number of sends of a hosting plan;
- without a day or an hour the same words stay toomanyconn. (With the plural "recipients",
  meaning:en:speeding's veto, "max recipients per day" is read by its reply code.)
"""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "550 5.7.1 MAX RCPT TO DAILY LIMIT",
        "550 Daily recipient limit reached, try again tomorrow",
        "451 Rcpt per day exceeded for this account",
        "450 Hourly recipient limit reached",
    ],
)
def test_a_recipient_limit_per_day_or_hour_is_a_rate(text: str) -> None:
    assert reason_of(text) == "speeding"


@pytest.mark.parametrize(
    "text",
    [
        "452 4.5.3 Too many recipients",
        "421 Too many concurrent connections from your host",
        "452 Recipient limit reached for this message",
    ],
)
def test_a_limit_of_the_session_stays_toomanyconn(text: str) -> None:
    assert reason_of(text) == "toomanyconn"
