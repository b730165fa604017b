"""What probe round 56 (every reason in words no rule held, eighth round) taught the meaning tier
(rules/meaning/en.toml) and the two fixed sentences of rules/phrases/probe56-words.toml, read in
phrasings of our own, and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from bounce_analyzer.classifier import explain

from .conftest import meaning_of, reason_of


def verdict(text: str) -> str:
    return explain(text)[1].reason


# The sender's domain said to have to resolve (ICGLink's "451 From:domain must resolve"):
# a refusal of the sender, meaning:en:rejected.
@pytest.mark.parametrize(
    "text",
    [
        "451 From:domain must resolve",
        "450 Sender domain must resolve in DNS",
        "553 Your envelope sender domain does not resolve",
        "550 The domain of the return path could not be resolved",
    ],
)
def test_a_sender_domain_that_must_resolve_is_rejected(text: str) -> None:
    assert meaning_of(text) == ("rejected", "meaning:en:rejected")


@pytest.mark.parametrize(
    "text",
    [
        # the client's own name: meaning:en:blocked (or the PTR entries), never the sender's
        "450 Client host name does not resolve",
        # the recipient's domain: a verdict about the recipient, not the sender
        "550 Recipient domain could not be resolved",
        # negated
        "250 Sender domain is not required to resolve",
    ],
)
def test_resolving_said_of_another_is_not_the_senders_refusal(text: str) -> None:
    assert reason_of(text) != "rejected"


# A connecting host said to be sending spam (open-mail.org's "because <IP> is currently sending
# large quantities of spam"), or jailed ("550 ip in prison"): the host, meaning:en:blocked.
@pytest.mark.parametrize(
    "text",
    [
        "554 Session refused: 198.51.100.4 is sending spam, see the CBL",
        "550 Your IP address has been sending large amounts of spam",
        "421 Your server is spamming our users; try again tomorrow",
        "550 ip in prison",
        "450 Your IP is in jail for 30 minutes",
        "554 client 203.0.113.9 jailed after repeated abuse",
    ],
)
def test_a_host_sending_spam_or_jailed_is_blocked(text: str) -> None:
    assert meaning_of(text) == ("blocked", "meaning:en:blocked")


@pytest.mark.parametrize(
    "text",
    [
        # the message itself judged spam: content, not the host
        "550 Your message looks like spam",
        "554 Message rejected: spam content detected",
        # the sender's address said to send spam: the sender, not its host
        "550 Sender address is sending spam",
    ],
)
def test_spam_said_of_a_message_or_sender_is_not_the_hosts(text: str) -> None:
    assert reason_of(text) != "blocked"


# A connection that must be encrypted (a DirectAdmin server's "Your connection must be encrypted."):
# the transport's security, meaning:en:securityerror.
@pytest.mark.parametrize(
    "text",
    [
        "550 Your connection must be encrypted.",
        "530 This server refuses unencrypted connections",
        "554 Session must be encrypted before MAIL FROM",
        "530 You must use an encrypted connection to send mail here",
    ],
)
def test_a_connection_that_must_be_encrypted_is_a_security_error(text: str) -> None:
    assert meaning_of(text) == ("securityerror", "meaning:en:securityerror")


@pytest.mark.parametrize(
    "text",
    [
        # the connection failing is the network's, encryption unnamed
        "421 Connection closed by remote host",
        # the message's own encryption (S/MIME) demanded by the recipient's policy
        "550 Messages to this mailbox must be encrypted with S/MIME",
    ],
)
def test_connection_words_without_encryption_demanded_are_not_a_security_error(text: str) -> None:
    assert reason_of(text) != "securityerror"


# A connection closed because the session carried as many messages as allowed (smtppool issue 18:
# "Connection closed by server. Maximum message count per session reached."): toomanyconn, not the
# network, not a rate.
@pytest.mark.parametrize(
    "text",
    [
        "421 Connection closed by server. Maximum message count per session reached.",
        "421 Closing connection: message count per connection exceeded",
        "451 Connection closed: 100 messages per session allowed",
    ],
)
def test_a_connection_closed_for_a_session_limit_is_too_many(text: str) -> None:
    assert reason_of(text) == "toomanyconn"


@pytest.mark.parametrize(
    "text",
    [
        # a connection simply closed or reset: still the network
        "421 Connection closed by server",
        "451 Connection reset by peer while sending DATA",
    ],
)
def test_a_connection_closed_without_a_limit_is_still_the_network(text: str) -> None:
    assert reason_of(text) == "networkerror"


def test_a_message_count_per_hour_is_still_a_rate() -> None:
    assert reason_of("450 Message count exceeded for this hour, slow down") == "speeding"


# A message's length given in bytes in a refusal ("Stream is more than 10485760 bytes long."):
# meaning:en:mesgtoobig; a line or a header that long is not the message's size.
@pytest.mark.parametrize(
    "text",
    [
        "554 Message rejected: Stream is more than 10485760 bytes long.",
        "552 Your message is 31457280 bytes long, the limit is 25 MB",
        "552 Message refused, 52428800 bytes too large",
    ],
)
def test_a_message_length_in_bytes_is_too_big(text: str) -> None:
    assert meaning_of(text) == ("mesgtoobig", "meaning:en:mesgtoobig")


@pytest.mark.parametrize(
    "text",
    [
        "550 Message rejected: a header line is more than 998 bytes long",
        "500 Line is more than 1000 bytes long",
    ],
)
def test_a_line_or_header_in_bytes_is_not_the_message_size(text: str) -> None:
    assert reason_of(text) != "mesgtoobig"


# The two fixed sentences of rules/phrases/probe56-words.toml, through the whole classifier.
def test_a_domain_size_limit_is_the_domains_storage() -> None:
    assert verdict("452 <ola@example.se> Domain size limit has been exceeded") == "mailboxfull"


def test_a_message_size_limit_stays_the_message() -> None:
    assert verdict("552 Message size limit exceeded") == "mesgtoobig"


def test_cpanels_sender_callout_sentence_is_the_sender() -> None:
    text = (
        "550-Verification failed for <return@bounces.example.org> 550-The mail server could not "
        "deliver mail to return@bounces.example.org. The account or domain may not exist, they "
        "may be blacklisted, or missing the proper dns entries. 550 Sender verify failed"
    )
    assert verdict(text) == "rejected"


def test_a_host_blocklisted_beside_a_callout_stays_blocked() -> None:
    assert verdict("554 Client host [192.0.2.8] blocked using zen.spamhaus.org") == "blocked"


# The recipient said not to be the provider's customer ("<address>... not our customer"):
# meaning:en:userunknown-customer; the same words of a sending host or relay are not the recipient.
@pytest.mark.parametrize(
    "text",
    [
        "550 <pat@example.net>... not our customer",
        "550 The addressee is not one of our subscribers",
        "550 5.1.1 Recipient: no such customer",
    ],
)
def test_a_recipient_who_is_not_a_customer_is_unknown(text: str) -> None:
    assert meaning_of(text) == ("userunknown", "meaning:en:userunknown-customer")


@pytest.mark.parametrize(
    "text",
    [
        "550 Relaying denied: <pat@example.net> not our customer",
        "554 <pat@example.net>: your IP 192.0.2.10 is not our customer",
        "553 Sender <pat@example.org> is not our customer",
        "550 The recipient is a customer of ours",
    ],
)
def test_not_a_customer_said_of_the_sending_side_or_negated_is_not_unknown(text: str) -> None:
    assert reason_of(text) != "userunknown"


# Sendmail's "<address>... reason": the ellipsis joins the address to what is said of it (one
# clause), where a full stop would have ended it.
def test_sendmails_ellipsis_keeps_the_address_with_its_words() -> None:
    assert reason_of("550 <pat@example.net>... mailbox does not exist") == "userunknown"
    assert reason_of("550 <pat@example.net>... Mailbox is over quota") == "mailboxfull"


def test_a_full_stop_still_ends_the_clause() -> None:
    # a sentence about another thing after the full stop stays apart: not the address's
    assert reason_of("550 <pat@example.net>. Sender domain does not exist") != "userunknown"


def test_dstnys_policy_violation_is_the_hosts_ban() -> None:
    text = "550 Policy Violation: Your computer might be infected with a virus"
    assert verdict(text) == "blocked"


def test_a_virus_found_in_the_message_stays_a_virus() -> None:
    assert verdict("554 5.7.1 Message rejected: infected with a virus (Eicar-Test-Signature)") == (
        "virusdetected"
    )
