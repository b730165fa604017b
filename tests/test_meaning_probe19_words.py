"""The English meaning words probe round 19 (words) added: a site that requires its users or
senders to log in ("... senders to authenticate") is transport security and SMTP AUTH
(securityerror). Read in phrasings of our own, not the rules' examples, and beside them the
near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "530 This server requires all senders to authenticate before sending",
        "550 Local users need to authenticate to send mail through this host",
        "554 Clients from outside are required to authenticate",
    ],
)
def test_a_site_asking_senders_to_log_in_is_securityerror(text: str) -> None:
    assert reason_of(text) == "securityerror"


def test_an_spf_check_that_failed_to_authenticate_the_sender_is_not_a_log_in() -> None:
    # the sender domain's SPF record, not SMTP AUTH: the tier's veto on 'spf' keeps it out
    assert reason_of("550 SPF policy requires senders to authenticate their domain") != "securityerror"
