"""The meaning words probe round 51 added for families the left-out benchmark
(benchmarks/generalise.py) read wrong or a waiting sample needed, read in phrasings of our own
(not the rules' examples), and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of, reason_of


# The sender's sending paused by its own provider (emailit's "Sending from this domain is paused",
# Amazon SES's SendingPausedException "the account's ability to send email is currently paused"):
# the sender's side, rejected.
@pytest.mark.parametrize(
    "text",
    [
        "550 Sending from this domain is paused",
        "554 Email sending has been paused for your account",
        "550 Your domain has been paused, contact support",
        "The message can't be sent because the account's ability to send email is currently paused.",
    ],
)
def test_a_paused_sender_is_rejected(text: str) -> None:
    assert meaning_of(text) == ("rejected", "meaning:en:rejected")


@pytest.mark.parametrize(
    "text",
    [
        # an account or a mailbox said paused is not read as the recipient's mailbox
        "554 Account is paused",
        "550 Mailbox is paused",
        # a sending paused for a rate or a quota is a limit, not a refused sender
        "421 Sending paused, rate limit reached, try later",
        "550 Sending paused: daily quota exceeded",
    ],
)
def test_a_paused_account_or_a_paused_rate_is_not_rejected(text: str) -> None:
    assert reason_of(text) != "rejected"
    assert reason_of(text) not in ("suspend", "userunknown")


# A host that named too many addresses that do not exist, refused as a host (Cisco AsyncOS's
# Directory Harvest Attack Prevention, cPanel's dictionary_attack ACL): blocked.
@pytest.mark.parametrize(
    "text",
    [
        "550 Too many invalid recipients from 192.0.2.7",
        "550 Number of failed recipients exceeded. Come back later.",
        "452 4.5.3 Too many failed recipients, try again in an hour",
        "550 Invalid recipients exceeded for your host",
    ],
)
def test_a_harvesting_host_is_blocked(text: str) -> None:
    assert meaning_of(text) == ("blocked", "meaning:en:blocked-harvest")


@pytest.mark.parametrize(
    "text",
    [
        # Exim's and qmail-smtpd's session cut off stays a policy
        "550 Rejected for too many bad recipients",
        "421 too many invalid addresses, goodbye",
        # a count of recipients in one message is a limit, not a harvest
        "452 4.5.3 Too many recipients",
    ],
)
def test_other_recipient_counts_are_not_a_harvest(text: str) -> None:
    found = meaning_of(text)
    assert found is None or found[1] != "meaning:en:blocked-harvest"


# A certificate's check failed in OpenSSL's words, or a certificate for another host name said
# with the host between the words (Exchange Online's DANE result "certificate-host-mismatch",
# curl's "SSL certificate peer hostname mismatch"): the connection's security, securityerror.
@pytest.mark.parametrize(
    "text",
    [
        "TLS handshake failed: error:1416F086:SSL routines:tls_process_server_certificate:certificate verify failed",
        "451 4.7.5 Cannot validate the remote certificate",
        "450 4.7.325 certificate-host-mismatch: the certificate does not name the MX host",
        "SSL certificate peer hostname mismatch for mx.example.net",
        "hostname mismatch in certificate presented by mx.example.net",
    ],
)
def test_a_certificate_that_fails_its_check_is_securityerror(text: str) -> None:
    # "TLS handshake failed: ... certificate verify failed" is read by its first words, the
    # handshake entry's, since round 69 (a TLS handshake that failed is that entry's own case)
    assert meaning_of(text) in (
        ("securityerror", "meaning:en:securityerror"),
        ("securityerror", "meaning:en:securityerror-handshake"),
    )


@pytest.mark.parametrize(
    "text",
    [
        # a HELO name that does not match the host is the client's name, not a certificate
        "550 HELO host host_mismatch(mx1.example.org / mx2.example.org)",
        # a recipient or a sender that could not be verified is not the connection's security
        "550 Recipient verify failed",
        "550 5.7.1 Sender verify failed",
    ],
)
def test_other_mismatches_and_verifications_are_not_securityerror(text: str) -> None:
    assert reason_of(text) != "securityerror"
