"""The meaning tier on words probe round 16 and the leave-one-out run (benchmarks/generalise.py)
found no reading for: each read in phrasings of our own, not the rules' examples, and beside
them the near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read
from .conftest import reason_of

# ---------------------------------------------------------------------------------------------
# The receiving system's own trouble: its load, its content scanner, a mailbox lock, a Sieve
# script that could not run.


@pytest.mark.parametrize(
    "text",
    [
        "421 Our server load is too high at the moment, come back later",
        "451 4.3.0 System load too high, delivery deferred",
        "421 mx2 is overloaded, please retry",
        "451 Could not scan the message for viruses, try again",
        "451 4.3.0 The antivirus scanner is unavailable right now",
        "451 Content scanner error, deferring",
        "451 4.2.0 Still waiting for the lock on the mailbox, try later",
        "451 Mailbox lock timed out",
        "451 4.2.0 Temporary Sieve error while delivering",
        "451 Sieve script execution failed for kim, will retry",
    ],
)
def test_the_receiving_systems_own_trouble_is_a_system_error(text: str) -> None:
    assert reason_of(text) == "systemerror"


def test_a_connection_timeout_without_a_lock_stays_the_way_there() -> None:
    assert reason_of("421 4.4.2 Connection timed out after 300 seconds") == "networkerror"


def test_a_recipients_sieve_filter_refusing_stays_filtered() -> None:
    assert reason_of("550 Message refused by the recipient's Sieve rules") == "filtered"


def test_a_virus_found_stays_a_virus() -> None:
    assert reason_of("554 Infected: the message contains a virus") == "virusdetected"


@pytest.mark.parametrize(
    "text",
    [
        "554 Your mail was refused by the virus scanner",
        "550 Rejected by the content scanner at our gateway",
    ],
)
def test_a_scanners_refusal_is_filtered(text: str) -> None:
    assert read(text) == ("filtered", "meaning:en:filtered-scanner")


def test_a_scanner_that_failed_is_no_refusal() -> None:
    assert reason_of("451 Message rejected by the scanner: scanner unavailable") == "systemerror"


# ---------------------------------------------------------------------------------------------
# A rate given as a count in a span of time.


@pytest.mark.parametrize(
    "text",
    [
        "451 4.7.1 You sent more than 500 messages per 1 hour",
        "450 Limit: 20 emails per 5 minutes, slow down",
        "452 Over 1000 messages in the past 24 hours from your network",
    ],
)
def test_a_count_of_messages_in_a_span_is_a_rate(text: str) -> None:
    assert reason_of(text) == "speeding"


@pytest.mark.parametrize(
    "text",
    ["421 Too many: 5 messages per connection", "451 Max 3 mails per session, reconnect"],
)
def test_messages_per_session_are_a_sessions_limit(text: str) -> None:
    assert reason_of(text) == "toomanyconn"


# ---------------------------------------------------------------------------------------------
# A failed DNS lookup of the way there; the sender's names looked up are the sender's check.


@pytest.mark.parametrize(
    "text",
    [
        "451 4.4.3 DNS resolving error for the destination",
        "451 Temporary DNS resolution failure, will retry",
        "451 Failed to resolve the mail exchanger of example.net",
    ],
)
def test_a_failed_lookup_of_the_way_there_is_a_network_error(text: str) -> None:
    assert read(text) == ("networkerror", "meaning:en:dns-failure")


@pytest.mark.parametrize(
    "text",
    [
        "450 4.1.8 Sender domain DNS resolution failed",
        "450 Could not resolve your HELO name",
        "450 Unable to resolve the PTR of your IP",
    ],
)
def test_a_failed_lookup_of_the_senders_names_is_no_network_error(text: str) -> None:
    assert read(text) != ("networkerror", "meaning:en:dns-failure")


# ---------------------------------------------------------------------------------------------
# The message's form; the sender's standing.


def test_a_message_with_defects_is_not_rfc_compliant() -> None:
    assert reason_of("554 This message has defects and was not accepted") == "notcompliantrfc"


def test_a_defective_spam_verdict_stays_spam() -> None:
    assert reason_of("550 The message is defective: spam score too high") != "notcompliantrfc"


@pytest.mark.parametrize(
    "text",
    [
        "421 Your host may not connect for 3 days because of its reputation",
        "451 4.7.1 Throttled: the sending IP's reputation is low",
        "550 Connection refused because of the sending host's karma",
    ],
)
def test_a_refusal_for_the_senders_standing_is_bad_reputation(text: str) -> None:
    assert reason_of(text) == "badreputation"
