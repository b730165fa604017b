"""What probe round 53 taught the meaning tier (bounce_analyzer/meaning.py and rules/meaning/),
read in phrasings of our own (not the rules' examples), and beside them near-misses that must not
read so."""

from __future__ import annotations

import pytest

from bounce_analyzer import meaning
from bounce_analyzer import rules as rulebook

from .conftest import meaning_of, reason_of


# An address standing where a subject stands, in a reply to RCPT TO: the address the server was
# given, the recipient's (RFC 5321 sections 3.3 and 4.1.1.3). Alibaba Mail's "554 RCPT (account)
# dosn't exist" (help.aliyun.com document 36612), Yahoo's "554 delivery error: dd ... is no longer
# valid", Archiveopteryx's smtpmailrcpt.cc "<address> is not a legal destination address" say the
# address's fate with no "user" or "mailbox" word.
@pytest.mark.parametrize(
    "text",
    [
        "550 RCPT (kim@example.com) doesn't exist",
        "554 delivery error: dd kim@example.com is no longer valid - mta1.example.com",
        "550 kim@example.com does not exist here",
        "550 5.1.1 <kim@example.net> is not a legal destination address",
        "550 <kim@example.net> no longer exists",
    ],
)
def test_an_address_standing_as_subject_is_the_recipient(text: str) -> None:
    assert meaning_of(text) == ("userunknown", "meaning:en:userunknown")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("552 <kim@example.net> is over quota", "mailboxfull"),
        ("550 kim@example.net has been disabled", "suspend"),
        # the address holds its domain: a domain's predicate fits it too
        ("550 kim@example.net does not have any MX records configured", "hostunknown"),
    ],
)
def test_an_address_as_subject_fits_the_mailbox_and_its_domain(text: str, reason: str) -> None:
    assert reason_of(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        # the sender's address: named by a sender subject, "from", or the X.1.8 status
        "553 sender kim@example.org does not exist",
        "550 Envelope sender <kim@example.org> does not exist",
        "550 From: kim@example.org does not exist",
        "550 Mail from kim@example.org rejected: user does not exist",
        "553 5.1.8 kim@example.org does not exist",
        # another language's "of" before it: whose address, not which one
        "Die Nachricht von kim@example.de existiert nicht",
        # an address inside other words is no address standing alone
        "https://example.com/help?id=kim@example.com does not exist",
    ],
)
def test_the_senders_address_is_not_read_as_the_recipient(text: str) -> None:
    assert reason_of(text) != "userunknown"


def test_an_address_after_a_subject_is_that_subject() -> None:
    # "sender <kim@example.org>" stays the sender: the refusal is about the sending side
    assert reason_of("550 sender <kim@example.org> rejected") == "rejected"
    # "user kim@example.net" stays the user
    assert meaning_of("550 user kim@example.net unknown") == ("userunknown", "meaning:en:userunknown")


def test_only_an_address_standing_alone_is_marked() -> None:
    addresses: set[int] = set()
    text = rulebook.normalise_text(
        "550 <kim@example.net>: see https://example.com/?a=kim@example.net, mail送信kim@example.jp"
    )
    tokens, _ = meaning.tokenise(text, addresses=addresses)
    assert [tokens[i] for i in sorted(addresses)] == [""]
    assert sorted(addresses) == [1]


# A host named with its address standing alone after it (smtpf's replies, snertsoft.com/smtp/smtpf/
# reply.html: "550 5.7.1 host %s [%s] from unknown TLD #122"): the connecting host, as "address
# 192.0.2.1" is (RFC 5321 4.1.4), so the words are not about the recipient's domain.
@pytest.mark.parametrize(
    "text",
    [
        "550 5.7.1 host mail.example.zz [192.0.2.10] from unknown TLD #122",
        "550 5.7.1 host relay.example.zz [198.51.100.4] not found in DNS",
    ],
)
def test_a_host_named_with_its_address_is_not_the_recipients_domain(text: str) -> None:
    assert reason_of(text) != "hostunknown"


@pytest.mark.parametrize(
    "text",
    [
        # a host named without an address, or a domain named, stays the recipient's
        "550 Host unknown",
        "550 domain example.net does not exist",
        "Host or domain name not found. Name service error for name=example.net type=MX",
    ],
)
def test_a_host_named_without_its_address_stays_hostunknown(text: str) -> None:
    assert reason_of(text) == "hostunknown"
