"""The English meaning words probe round 23 (words) added, read in the sources' sentences and in
phrasings of our own, with the near-misses that must not read so:

- a domain that "does not have any MX records" (Forward Email helpers/on-rcpt-to.js) does not
  exist for mail (hostunknown); said of the sender's domain, the same words refuse the sender;
- a sender "not (yet) allowlisted" (Forward Email helpers/get-recipients.js) is refused by the
  recipient side's own list, as "not whitelisted" is (filtered);
- a person refusing a sender in the first person, the words of a Sieve script (RFC 5429
  sections 2.1 and 2.2: "I no longer accept mail from this address", "I am not taking mail
  from you") is the recipient's filter (filtered); a site refusing a host is not."""

from __future__ import annotations

import pytest

from .conftest import meaning_of, reason_of


@pytest.mark.parametrize(
    "text",
    [
        # the source's sentence
        (
            "550 hello@studio.example.org does not have any MX records configured on its "
            "domain studio.example.org"
        ),
        # our own
        "550 5.1.2 The recipient domain does not have an MX record",
        "554 The domain example.net doesn't have any MX records, mail cannot be routed",
        "550 example.org: this domain does not have any mail exchanger",
    ],
)
def test_a_domain_without_mx_records_is_hostunknown(text: str) -> None:
    assert reason_of(text) == "hostunknown"


@pytest.mark.parametrize(
    "text",
    [
        "550 Your domain doesn't have an MX record",
        "553 Sender domain does not have any MX records configured",
        "501 The domain in MAIL FROM does not have any MX records",
    ],
)
def test_the_senders_domain_without_mx_records_is_rejected(text: str) -> None:
    assert reason_of(text) == "rejected"


@pytest.mark.parametrize(
    "text",
    [
        # the source's sentence
        (
            "550 Your IP address, client hostname, From header, or envelope sender is not yet "
            "allowlisted by admins of atelier.example.org"
        ),
        # our own
        "550 5.7.1 Sender is not allowlisted for this recipient",
        "554 5.7.1 Your address is not on the allowlist of this mailbox",
        "550 Message refused: the sending domain is not in the allowlist of example.net",
    ],
)
def test_a_sender_not_on_the_allowlist_is_filtered(text: str) -> None:
    assert reason_of(text) == "filtered"


@pytest.mark.parametrize(
    "text",
    [
        # RFC 5429's own examples
        "550 5.7.1 I no longer accept mail from this address",
        "550 5.7.1 I am not taking mail from you, and I don't want your birdseed, either!",
        # our own
        "550 I'm not taking email from you any more",
        "550 5.7.1 Sorry, I no longer accept messages from this sender",
        "550 I no longer want mail from this list, please remove me",
    ],
)
def test_a_person_refusing_a_sender_is_filtered(text: str) -> None:
    found = meaning_of(text)
    assert found is not None
    assert found[0] == "filtered"


@pytest.mark.parametrize(
    "text",
    [
        # a site, not a person, refusing a host, a network or a domain
        "554 We no longer accept mail from your IP address",
        "550 5.7.1 We are no longer accepting mail from example.com",
        "554 This server is no longer accepting email from your network",
        "550 No longer accepting mail from hosts without SPF",
    ],
)
def test_a_site_refusing_a_host_is_not_a_persons_filter(text: str) -> None:
    assert reason_of(text) != "filtered"


def test_an_allowlisted_sender_is_not_refused() -> None:
    # no negation: the words say the sender IS on the list
    assert reason_of("250 2.0.0 Sender allowlisted, message accepted") != "filtered"
