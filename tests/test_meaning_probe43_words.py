"""The meaning words probe round 43 added for the reasons the left-out benchmark
(benchmarks/generalise.py) read worst, read in phrasings of our own (not the rules' examples),
and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import reason_of


# 8-bit or binary data, or a UTF-8 address, that the next hop cannot take (RFC 6152, RFC 3030,
# RFC 6531; RFC 3463 X.6.3): the message's encoding refused.
@pytest.mark.parametrize(
    "text",
    [
        "554 5.6.0 8bit data refused by this server",
        "550 the next hop does not advertise 8BITMIME",
        "552 BINARYMIME is not offered here",
        "553 5.6.7 recipient needs SMTPUTF8, which this server lacks",
        "550 Non-ASCII addresses are not accepted here",
        "554 Unicode e-mail cannot be delivered to that host",
        "550 internationalized addresses are not supported by the remote server",
    ],
)
def test_eight_bit_and_utf8_data_the_next_hop_lacks_is_a_content_error(text: str) -> None:
    assert reason_of(text) == "contenterror"


@pytest.mark.parametrize(
    "text",
    [
        # a virus found in the data is the virus's verdict
        "554 rejected: virus found in 8-bit data attachment",
        # a charset named in other words is not the encoding refused
        "550 user unknown (utf-8)",
    ],
)
def test_other_words_near_eight_bit_or_utf8_stay_theirs(text: str) -> None:
    assert reason_of(text) != "contenterror"


# A host named on a blocklist in the list's own words, a HELO name that is spoofed or malformed,
# a service denied to the connecting host: the sending host blocked (RFC 5782, RFC 5321 4.1.1.1).
@pytest.mark.parametrize(
    "text",
    [
        "550 Listed in SORBS, see the listing page",
        "421 your address is listed at bl.example.net",
        "554 203.0.113.9 listed on the Composite Blocking List",
        "550 Connection refused: 203.0.113.9 is listed on our block list",
        "554 5.7.1 HELO name spoofed",
        "550 malformed EHLO hostname",
        "554 Service denied to your host",
    ],
)
def test_a_listed_host_a_spoofed_helo_or_a_denied_service_is_blocked(text: str) -> None:
    assert reason_of(text) == "blocked"


@pytest.mark.parametrize(
    "text",
    [
        # a recipient not listed in the directory is not a listing of the host
        "550 Recipient not listed in public directory",
        # a plain refused connection stays the way there
        "Connection refused by mx.example.net",
        # a refusal for the host's behaviour is its standing
        "450 Service denied due to bad behaviour of your server",
    ],
)
def test_other_listings_and_refusals_stay_theirs(text: str) -> None:
    assert reason_of(text) != "blocked"


def test_bad_behaviour_is_the_host_standing() -> None:
    assert reason_of("450 Service denied due to bad behaviour of your server") == "badreputation"


def test_a_spoofed_sender_stays_the_sender() -> None:
    assert reason_of("550 Sender address spoofed") == "rejected"
