"""The meaning tier on words the rule files' leave-one-out run (benchmarks/generalise.py) found
no reading for: each piece read in phrasings of our own, not the rules' examples, and beside it
the near-misses that must not read so (the sender's side, a command's form, another limit)."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read
from .conftest import reason_of

# ---------------------------------------------------------------------------------------------
# The recipient's address in bad form: RFC 3463 X.1.3, which rules/status-codes.toml reads as
# userunknown. The sender's address in bad form is the sender's (X.1.7).


@pytest.mark.parametrize(
    "text",
    [
        "553 5.1.3 The recipient address has an invalid format",
        "501 Malformed recipient address",
        "550 Mailbox name syntax error",
        "550 Recipient address contains illegal characters",
        "501 Address has no local part",
    ],
)
def test_a_recipient_address_in_bad_form_is_an_unknown_recipient(text: str) -> None:
    assert read(text) == ("userunknown", "meaning:en:userunknown-syntax")


@pytest.mark.parametrize(
    "text",
    [
        "Sender address is malformed",
        "553 The envelope sender has an invalid format",
        "501 Bad sender address syntax",
    ],
)
def test_the_senders_address_in_bad_form_is_the_senders(text: str) -> None:
    assert reason_of(text) == "rejected"


@pytest.mark.parametrize(
    "text",
    [
        "501 5.5.4 Syntax: RCPT TO:<address>",  # Postfix smtpd.c's usage reply: the command's form
        "501 5.5.4 Syntax: VRFY address",
        "550 Invalid address syntax in HELO",  # the sending host's name
        "450 4.1.2 <kim@example.net>: Recipient address rejected: Malformed DNS server reply",
        "503 <kim@example.net>: Recipient address rejected: Improper use of SMTP pipelining",
    ],
)
def test_syntax_words_about_something_else_are_no_unknown_recipient(text: str) -> None:
    assert reason_of(text) != "userunknown"


def test_a_command_syntax_error_stays_the_conversations() -> None:
    assert reason_of("500 Syntax error, command unrecognized") == "syntaxerror"


def test_a_character_a_header_may_not_hold_is_the_messages_form() -> None:
    assert reason_of("554 Invalid character in header Subject") == "notcompliantrfc"


# ---------------------------------------------------------------------------------------------
# A mailbox file at its size limit (EFBIG under Postfix's mailbox_size_limit), a message larger
# than what is left of the quota: the mailbox is full.


@pytest.mark.parametrize(
    "text",
    [
        "error writing message to /var/mail/kim: File too large",
        "maildir delivery failed: File too large",
    ],
)
def test_a_mailbox_file_too_large_is_a_full_mailbox(text: str) -> None:
    assert read(text) == ("mailboxfull", "meaning:en:mailboxfull-file")


def test_an_attachment_too_large_is_no_full_mailbox() -> None:
    assert reason_of("552 Attachment file too large") != "mailboxfull"


def test_a_message_over_the_remaining_quota_is_a_full_mailbox() -> None:
    assert reason_of("552 The message is larger than the mailbox's remaining quota") == (
        "mailboxfull"
    )


def test_a_remaining_sending_quota_is_no_full_mailbox() -> None:
    assert reason_of("550 Your remaining sending quota is 0") != "mailboxfull"


# ---------------------------------------------------------------------------------------------
# No answer from the next host (RFC 3463 X.4.1), Windows Sockets' numbers; a delivery not made
# within its time (X.4.7); the receiving system out of resources (X.3.1, ENOSPC = 28).


@pytest.mark.parametrize(
    "text",
    [
        "Mail server for example.net is not responding",
        "No answer from host mx.example.net",
        "Socket error 10061",
        "connect() failed, WSAETIMEDOUT",
    ],
)
def test_a_host_that_does_not_answer_is_unreachable(text: str) -> None:
    assert read(text) == ("networkerror", "meaning:en:unreachable")


def test_an_unanswered_tls_handshake_is_not_the_way_there() -> None:
    assert reason_of("TLS handshake failed: no answer from host") != "networkerror"


def test_a_delivery_not_made_within_its_time_is_expired() -> None:
    assert reason_of("The message could not be delivered within 5 days") == "expired"


@pytest.mark.parametrize(
    "text",
    ["451 Insufficient system resources, try later", "write failed: errno 28", "451 ENOSPC"],
)
def test_a_system_out_of_resources_is_full(text: str) -> None:
    assert reason_of(text) == "systemfull"


@pytest.mark.parametrize("text", ["451 errno=2", "451 errno 280"])
def test_other_error_numbers_are_not_a_full_system(text: str) -> None:
    assert reason_of(text) != "systemfull"


# ---------------------------------------------------------------------------------------------
# "not find" said of the recipient's domain's records; of the sender's domain, not the recipient.


@pytest.mark.parametrize(
    "text",
    ["Did not find a mail exchanger for the domain", "DNS found no MX records for the domain"],
)
def test_records_not_found_for_the_domain_are_an_unknown_host(text: str) -> None:
    assert reason_of(text) == "hostunknown"


def test_the_senders_domain_not_found_is_no_unknown_host() -> None:
    assert reason_of("We did not find the sender domain's MX record") != "hostunknown"


# ---------------------------------------------------------------------------------------------
# The message's form: its MIME structure (RFC 2045/2046) is its content; a bare CR or LF, or a
# message said to be malformed, is out of RFC 5322's form. A malformed SMTP reply is the remote
# server's.


@pytest.mark.parametrize(
    "text", ["554 Message has too many MIME parts", "554 Unsupported MIME type in message"]
)
def test_the_messages_mime_structure_is_its_content(text: str) -> None:
    assert read(text) == ("contenterror", "meaning:en:contenterror")


@pytest.mark.parametrize(
    "text",
    [
        "451 Message contains a bare CR",
        "554 Bare line feed not allowed",
        "550 Your message is badly formed",
    ],
)
def test_a_message_out_of_form_is_not_rfc_compliant(text: str) -> None:
    assert reason_of(text) == "notcompliantrfc"


def test_a_malformed_smtp_reply_is_not_the_messages_form() -> None:
    assert reason_of("550 Malformed SMTP reply from remote server") != "notcompliantrfc"


def test_a_virus_in_a_mime_part_stays_a_virus() -> None:
    assert reason_of("554 A MIME part of the message contains a virus") == "virusdetected"


# ---------------------------------------------------------------------------------------------
# The sending side: a host guessing addresses (directory harvest) is refused as a host; a
# relay's limit is a rate; the sender's own outgoing mail suspended or held is the sender's; a
# host that would deliver to itself is a loop; FCrDNS / iprev named is the reverse DNS.


def test_a_directory_harvest_is_the_sending_hosts() -> None:
    text = "550 Rejected: directory harvest attack suspected from your host"
    assert read(text) == ("blocked", "meaning:en:blocked")


def test_a_relays_limit_is_a_rate() -> None:
    assert reason_of("550 Relay limit reached for this account") == "speeding"


@pytest.mark.parametrize(
    "text",
    [
        "550 Outgoing mail from kim@example.com has been suspended",
        "550 Your account has an outgoing email hold",
        "550 Email sending denied for this domain",
    ],
)
def test_the_senders_outgoing_mail_stopped_is_the_senders(text: str) -> None:
    assert reason_of(text) == "rejected"


def test_outgoing_mail_alone_is_the_message() -> None:
    # "outgoing mail" without "from" is the message: its header's form decides
    text = "550 Outgoing mail must not have a Return-Path header"
    assert reason_of(text) == "notcompliantrfc"


def test_an_outgoing_mail_server_is_the_sending_host() -> None:
    assert reason_of("554 Our outgoing mail server is blocked") == "blocked"


def test_a_recipients_suspended_mailbox_stays_suspend() -> None:
    assert reason_of("550 The user's mailbox has been suspended") == "suspend"


def test_a_host_talking_to_itself_is_a_loop() -> None:
    assert read("Trying to talk to myself, MX points back here") == (
        "networkerror",
        "meaning:en:loop",
    )


def test_a_failed_iprev_check_is_the_reverse_dns() -> None:
    assert reason_of("550 5.7.1 Client host failed the iprev check") == "requireptr"


# ---------------------------------------------------------------------------------------------
# A Maildir is the recipient's mailbox, and a quota drawn past its limit is full; whoever "is not
# allowed to send" is a sender (not "to send to" a recipient: that recipient's filter); Chinese
# 出错 of the system, and the permission to send lacking, in Chinese and Japanese.


def test_an_overdrawn_maildir_quota_is_a_full_mailbox() -> None:
    text = "Delivery failed: the maildir of this user has overdrawn its quota"
    assert read(text) == ("mailboxfull", "meaning:en:mailboxfull")


def test_an_overdrawn_sending_quota_is_no_full_mailbox() -> None:
    assert reason_of("You have overdrawn your daily sending quota") != "mailboxfull"


@pytest.mark.parametrize(
    "text",
    [
        "550 This domain is not allowed to send mail through us",
        "554 Trial accounts are not permitted to send email",
    ],
)
def test_whoever_may_not_send_is_a_sender(text: str) -> None:
    assert reason_of(text) == "rejected"


def test_not_allowed_to_send_to_a_recipient_is_its_filter() -> None:
    assert reason_of("550 You are not allowed to send to this recipient") == "filtered"


def test_a_recipient_not_allowed_to_receive_stays_suspend() -> None:
    assert reason_of("550 This user is not allowed to receive mail") == "suspend"


@pytest.mark.parametrize(
    ("text", "reason", "language"),
    [
        ("451 服务器出错，请稍后再试", "systemerror", "zh"),
        ("您没有足够的权限向该群组发送邮件", "filtered", "zh"),
        ("このグループへの送信権限がありません", "filtered", "ja"),
    ],
)
def test_system_trouble_and_missing_permission_in_chinese_and_japanese(
    text: str, reason: str, language: str
) -> None:
    assert read(text) == (reason, f"meaning:{language}:{reason}")


# ---------------------------------------------------------------------------------------------
# The HELO/EHLO name's other words, a blocklist in the plural, relaying refused in more words
# (only after a log-in, RFC 4954; qmail's rcpthosts).


@pytest.mark.parametrize(
    "text",
    [
        "550 The EHLO name you gave did not resolve",
        "550 Your EHLO domain could not be resolved",
        "554 Your IP address appears on several blocklists",
    ],
)
def test_the_sending_hosts_name_and_listings_are_the_hosts(text: str) -> None:
    assert reason_of(text) == "blocked"


def test_a_block_list_of_the_senders_own_organisation_is_no_refused_host() -> None:
    # Exchange Online 5.7.703: the sending organisation's own list, a policy
    text = "550 Messages to kim@example.net are blocked by your organization's block list"
    assert reason_of(text) != "blocked"


def test_a_recipient_domain_that_did_not_resolve_is_no_refused_host() -> None:
    assert reason_of("The recipient domain did not resolve") != "blocked"


@pytest.mark.parametrize(
    "text",
    [
        "550 Relaying without authentication is not possible here",
        "550 This server may not be used as a relay",
        "553 Relaying is disabled on this host",
        "553 sorry, example.net is not in my rcpthosts",
    ],
)
def test_relaying_refused_in_other_words(text: str) -> None:
    assert read(text) == ("norelaying", "meaning:en:norelaying")


def test_relaying_over_tls_only_is_the_sessions_security() -> None:
    assert reason_of("530 Relaying not available without TLS") != "norelaying"


# ---------------------------------------------------------------------------------------------
# A header field that cannot be parsed, dated in the past, or asked for valid (RFC 5322 3.3,
# 3.6); a command before the one that must come first (RFC 5321 4.1.4, 3.1); a quota violation
# of the mailbox.


@pytest.mark.parametrize(
    "text",
    [
        "554 The Subject header could not be parsed",
        "550 Your Date header lies in the past",
        "550 We require a valid Message-ID header",
    ],
)
def test_a_header_out_of_form_is_not_rfc_compliant(text: str) -> None:
    assert read(text) == ("notcompliantrfc", "meaning:en:notcompliantrfc-header")


@pytest.mark.parametrize(
    "text",
    [
        "503 Send HELO first",
        "503 5.5.1 Need RCPT before DATA",
        "554 Client sent data before the SMTP greeting",
    ],
)
def test_a_command_out_of_order_is_the_conversations(text: str) -> None:
    assert read(text) == ("syntaxerror", "meaning:en:syntaxerror-order")


@pytest.mark.parametrize(
    "text",
    [
        "530 5.7.0 Must issue a STARTTLS command before MAIL",
        "530 Authentication required before MAIL",
    ],
)
def test_a_log_in_or_encryption_required_first_is_the_sessions_security(text: str) -> None:
    assert reason_of(text) == "securityerror"


def test_a_mailbox_quota_violation_is_a_full_mailbox() -> None:
    assert reason_of("552 Quota violation for this mailbox") == "mailboxfull"


def test_a_sending_quota_violation_is_no_full_mailbox() -> None:
    assert reason_of("550 Outbound sending quota violation") != "mailboxfull"
