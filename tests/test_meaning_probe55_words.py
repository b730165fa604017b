"""What probe round 55 taught the meaning tier (bounce_analyzer/meaning.py and rules/meaning/),
read in phrasings of our own (not the rules' examples), and beside them near-misses that must not
read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of, reason_of


# A sending host found on more DNS blocklists than the receiver allows (policyd-weight's
# $MAXDNSBLMSG "Your MTA is listed in too many DNSBLs"): the host's listing, though "many" keeps
# meaning:en:blocked's "listed in" from reading it (a rate there).
@pytest.mark.parametrize(
    "text",
    [
        "550 Your MTA is listed in too many DNSBLs; please check.",
        "550 5.7.1 <kim@example.net>: Recipient address rejected: Your MTA is listed in too many DNSBLs",
        "554 Your server is listed on too many blacklists",
        "550 Your IP address appears in too many blocklists",
        "550 Rejected: too many RBLs list 192.0.2.7",
    ],
)
def test_a_host_on_too_many_blocklists_is_blocked(text: str) -> None:
    assert meaning_of(text) == ("blocked", "meaning:en:blocked-many-lists")


@pytest.mark.parametrize(
    "text",
    [
        # the look-ups failing is the receiver's trouble, no listing
        "451 DNSBL lookup failed: too many DNSBLs timed out",
        "451 Temporary failure: too many blocklists did not answer",
        # links in the message on lists of domains: the content, not the host
        "550 Your message contains too many URLs listed in SURBL",
    ],
)
def test_too_many_lists_that_failed_or_name_links_is_not_a_listing(text: str) -> None:
    assert meaning_of(text) is None or meaning_of(text)[1] != "meaning:en:blocked-many-lists"


def test_too_many_recipients_is_no_blocklist() -> None:
    assert reason_of("452 Too many recipients") != "blocked"
