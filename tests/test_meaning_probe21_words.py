"""The English meaning words probe round 21 (words) added: a receiving mail system that says it
failed as a whole, naming no cause ("mail system failure", SubEthaSMTP's 421 when an error escapes
its handler thread), is the receiver's own trouble (systemerror). Read in phrasings of our own,
not the rules' examples, and beside them the near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "451 4.3.0 Temporary mail server failure, please retry",
        "421 Our mail system failed unexpectedly, closing connection",
        "554 5.3.0 System failure while storing your message",
    ],
)
def test_a_mail_system_that_failed_is_systemerror(text: str) -> None:
    assert reason_of(text) == "systemerror"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # a clearer cause beside the words keeps its own reason
        ("550 5.1.1 No such user here (no system failure involved)", "userunknown"),
        ("554 5.7.1 Message rejected as spam; this is not a system failure", "spamdetected"),
        (
            (
                "550 5.7.1 Rejected: your IP 192.0.2.7 is listed at a blocklist after a mail "
                "system failure report"
            ),
            "blocked",
        ),
    ],
)
def test_a_named_cause_beside_a_system_failure_keeps_its_reason(text: str, reason: str) -> None:
    assert reason_of(text) == reason
