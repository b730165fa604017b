"""The English meaning words probe round 24 (edu) added, read in phrasings of our own (not
the rules' examples), beside near-misses that must not read so:

- an address whose person "has left" the organisation it belonged to is a closed account
  (userunknown), as universities word it for graduates and former staff;
- "no access for this IP": the connecting host refused by a site's access table (blocked).
"""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "550 5.0.0 <p.ng@example.edu>: this user has left the college",
        "550 Recipient has left Example University; mail is no longer accepted",
        "550 The account holder has left the organisation",
    ],
)
def test_a_person_who_has_left_is_a_closed_account(text: str) -> None:
    assert reason_of(text) == "userunknown"


def test_a_message_that_has_left_is_not_a_closed_account() -> None:
    assert reason_of("250 Your message to the recipient has left our server") != "userunknown"


@pytest.mark.parametrize(
    "text",
    [
        "550 Sorry, no access for this IP address",
        "554 No access for your IP 192.0.2.8",
    ],
)
def test_no_access_for_the_connecting_ip_is_blocked(text: str) -> None:
    assert reason_of(text) == "blocked"


def test_no_access_for_the_user_is_not_a_blocked_host() -> None:
    assert reason_of("550 User has no access to this mailbox") != "blocked"
