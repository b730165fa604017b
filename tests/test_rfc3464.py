"""The RFC 3464 reader: each DSN field, folded diagnostics, code reconciliation, originals."""

from __future__ import annotations

import pytest

from bounce_analyzer import parse
from bounce_analyzer.extract import extract
from bounce_analyzer.extract.rfc3464 import RFC3464
from bounce_analyzer.smtp import find_reply_code, find_status, reconcile_status

REPORT = """From: MAILER-DAEMON@mta.example.net
To: sender@example.org
Subject: failure notice
Message-ID: <report-1@mta.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="XYZ"

--XYZ
Content-Type: text/plain

Delivery failed.

--XYZ
Content-Type: {kind}

Reporting-MTA: dns; mta.example.net
Arrival-Date: Tue, 10 Nov 2026 10:00:00 +0000

{fields}

--XYZ
Content-Type: {returned_kind}

From: Sender <Sender@Example.ORG>
To: someone@example.com
Subject: =?UTF-8?Q?Caf=C3=A9?= news
Message-ID: <orig-1@example.org>

body
--XYZ--
"""


def read(fields: str, kind: str = "message/delivery-status", returned_kind: str = "message/rfc822"):
    text = REPORT.format(fields=fields, kind=kind, returned_kind=returned_kind)
    # through the driver: the returned message's headers are its step (extract/__init__.py)
    found = extract(parse.parse_bytes(text.encode("utf-8")))
    assert found is not None and found.mta == RFC3464.name
    return found


def test_every_field_is_read() -> None:
    found = read("""Final-Recipient: rfc822; User@Example.COM
Original-Recipient: rfc822; alias@example.com
Action: Failed
Status: 5.0.0
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does
 not exist. Please try
\t550 5.1.1 double-checking the recipient's email address (in reply to RCPT TO command)
Last-Attempt-Date: Tue, 10 Nov 2026 10:00:05 +0000
Will-Retry-Until: Sat, 14 Nov 2026 10:00:00 +0000""")
    assert (found.reporting_mta, found.arrival_date) == ("mta.example.net", "Tue, 10 Nov 2026 10:00:00 +0000")
    (record,) = found.records
    assert record.recipient == "User@example.com"  # the domain is lower-cased, the local part kept
    assert record.original_recipient == "alias@example.com"
    assert record.action == "failed"
    assert record.status == "5.1.1"  # the remote's detailed code beats the generic 5.0.0 field
    assert record.reply_code == "550"
    assert record.diagnostic.startswith("550-5.1.1 The email account that you tried to reach does not exist.")
    assert "  " not in record.diagnostic and "\n" not in record.diagnostic
    assert record.remote_mta == "mx.example.com"
    assert record.command == "RCPT"
    assert record.last_attempt_date == "Tue, 10 Nov 2026 10:00:05 +0000"
    assert record.will_retry_until == "Sat, 14 Nov 2026 10:00:00 +0000"
    assert found.original_sender == "Sender@example.org"
    assert found.original_subject == "Café news"
    assert found.original_message_id == "<orig-1@example.org>"


def test_several_recipients_keep_their_order() -> None:
    blocks = "\n\n".join(
        f"Final-Recipient: rfc822; r{i}@example.com\nAction: failed\nStatus: 5.1.1" for i in range(5)
    )
    assert [r.recipient for r in read(blocks).records] == [f"r{i}@example.com" for i in range(5)]


def test_the_servers_own_code_beats_the_reporting_mtas_summary() -> None:
    found = read("Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n"
                 "Diagnostic-Code: smtp; 550 5.7.1 IP address listed at a blocklist")
    assert found.records[0].status == "5.7.1"


def test_global_delivery_status_and_headers_only_original() -> None:
    found = read("Final-Recipient: utf-8; 李雷@例子.example\nAction: delayed\nStatus: 4.2.2",
                 kind="message/global-delivery-status", returned_kind="text/rfc822-headers")
    assert found.records[0].recipient == "李雷@例子.example"
    assert found.records[0].action == "delayed"
    assert found.original_message_id == "<orig-1@example.org>"


def test_block_without_recipient_is_not_a_record() -> None:
    text = REPORT.format(
        fields="Action: failed\nStatus: 5.1.1", kind="message/delivery-status",
        returned_kind="message/rfc822",
    )
    found = RFC3464().extract(parse.parse_bytes(text.encode("utf-8")))
    assert found is not None and found.records == []


def test_message_without_a_report_is_not_mine() -> None:
    message = parse.parse_bytes(b"From: a@example.com\nSubject: hi\n\nhello\n")
    assert RFC3464().extract(message) is None
    assert extract(message) is None


@pytest.mark.parametrize("text,status", [
    ("550 5.1.1 user unknown", "5.1.1"),
    ("452 4.2.2 The email account that you tried to reach is over quota", "4.2.2"),
    ("550 5.1.10 RESOLVER.ADR.RecipientNotFound", "5.1.10"),
    ("451 4.4.317 Message expired", "4.4.317"),
    ("550 5.7.26 DMARC", "5.7.26"),
    ("connect to 192.0.2.5.1.1 failed", ""),  # not inside a longer dotted number
    ("version 2.4.6.8 says hi", ""),
    ("no code here", ""),
    # a subject above 7 is no registered status: a provider's own numbering (Yahoo)
    ("421 Message from (192.0.2.7) temporarily deferred - 4.16.50", ""),
    ("temporarily deferred - 4.16.55; then 4.7.0 later", "4.7.0"),
])
def test_find_status(text: str, status: str) -> None:
    assert find_status(text) == status


@pytest.mark.parametrize("text,code", [
    ("550 5.1.1 user unknown", "550"),
    ("550-5.1.1 first line", "550"),
    ("host mx.example.com said: 451 try later", "451"),
    ("Connection refused", ""),
    ("port 25005 closed", ""),
    ("host [2001:db8:220::1] said: 550 no such user", "550"),  # not a group of an IPv6 address
    ("220-mx.example.net 421 4.2.1 Service refused", "421"),  # a greeting before the failure
    ("250 2.0.0 Ok: queued as 4XbC1", "250"),
    # a web server on port 25 (Exim's "Malformed SMTP response"): its HTTP status is no reply
    ("Malformed SMTP response after RCPT TO:<a@example.com>: HTTP/1.1 400 Bad Request", ""),
    ("HTTP/1.0 501 Not Implemented", ""),
    ("HTTP/2 421 then 554 5.7.1 refused", "554"),
])
def test_find_reply_code(text: str, code: str) -> None:
    assert find_reply_code(text) == code


@pytest.mark.parametrize("field,diagnostic,status", [
    ("5.0.0", "550 5.1.1 unknown", "5.1.1"),
    ("5.1.1", "550 5.0.0 unknown", "5.1.1"),
    ("5.1.1", "550 5.7.1 blocked", "5.7.1"),
    ("4.0.0", "550 5.1.1 unknown", "4.0.0"),  # a different class: the field decides
    ("", "550 5.7.1 blocked", "5.7.1"),
    ("5.0.0 (permanent failure)", "", "5.0.0"),
])
def test_reconcile_status(field: str, diagnostic: str, status: str) -> None:
    assert reconcile_status(field, diagnostic) == status


@pytest.mark.parametrize("text,address", [
    ("rfc822; User@Example.COM", "User@example.com"),
    ("RFC822; <a@example.com>", "a@example.com"),
    ("rfc/822; a@example.com", "a@example.com"),  # a misspelt address type is still a type
    ("utf-8; 用户@例子.example", "用户@例子.example"),
    ('"Jo Example" <jo@example.org>', "jo@example.org"),
    ("jo@example.org (Jo Example)", "jo@example.org"),
    ('"a;b"@example.com', '"a;b"@example.com'),
    ("no address here", ""),
])
def test_normalise_address(text: str, address: str) -> None:
    from bounce_analyzer.addresses import normalise_address

    assert normalise_address(text) == address


def test_a_listing_stops_where_report_fields_begin_when_the_boundary_is_missing() -> None:
    # Sendmail-style notice whose multipart boundary never appears: the whole body is text.
    text = """From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>
To: sender@example.org
Subject: Returned mail: Service unavailable
Content-Type: multipart/report; report-type=delivery-status; boundary="never-used"

   ----- The following addresses had permanent fatal errors -----
<gone@example.net>

   ----- Transcript of session follows -----
554 <gone@example.net>... Service unavailable

Reporting-MTA: dns; mx.example.net

Final-Recipient: RFC822; <gone@example.net>
Action: failed
Status: 5.5.0

Return-Path: <sender@example.org>
Subject: hello
"""
    found = extract(parse.parse_bytes(text.encode()))
    assert found is not None
    (record,) = found.records
    assert record.recipient == "gone@example.net"
    assert record.reply_code == "554"
    assert "Reporting-MTA" not in record.diagnostic and "Return-Path" not in record.diagnostic


def test_an_address_that_looks_rfc2047_encoded_is_kept_as_sent() -> None:
    found = read("Final-Recipient: rfc822; =?utf-8?B?8J+QiPCfkIg=?=@example.org\nAction: failed\nStatus: 5.1.1")
    assert found.records[0].recipient == "=?utf-8?B?8J+QiPCfkIg=?=@example.org"


def test_diagnostic_code_type_is_kept() -> None:
    """RFC 3464 2.3.6: the type names the kind of code; X-Unix is a local program's words."""
    found = read("""Final-Recipient: rfc822; dora@example.com
Action: failed
Status: 4.3.0
Diagnostic-Code: X-Unix; temporary failure""")
    (record,) = found.records
    assert (record.diagnostic_type, record.diagnostic) == ("x-unix", "temporary failure")
    found = read("""Final-Recipient: rfc822; dora@example.com
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 unknown""")
    assert found.records[0].diagnostic_type == "smtp"


PROGRAM_REPORT = """From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>
To: sender@example.org
Subject: Returned mail: see transcript for details
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

   ----- The following addresses had permanent fatal errors -----
"|/usr/local/bin/ticket-intake --queue help"
    (reason: Service unavailable)
    (expanded from: <help@example.net>)

   ----- Transcript of session follows -----
554 "|/usr/local/bin/ticket-intake --queue help"... Service unavailable

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: RFC822; help@example.net
X-Actual-Recipient: RFC822; |/usr/local/bin/ticket-intake --queue help@mx.example.net
Action: failed
Status: 5.3.0

--B--
"""


def test_a_program_recipient_takes_its_status_line_from_the_notice() -> None:
    """Sendmail writes no Diagnostic-Code for a "|command" recipient; its notice has the
    program's exit status, on the line naming the program (X-Actual-Recipient adds @host)."""
    for text in (PROGRAM_REPORT, PROGRAM_REPORT.replace("\n--B\n", "\n--lost\n")):
        found = extract(parse.parse_bytes(text.encode()))  # a lost boundary: the text-DSN reader
        assert found is not None
        (record,) = found.records
        assert record.recipient == "help@example.net"
        assert record.diagnostic == '554 "|/usr/local/bin/ticket-intake --queue help"... Service unavailable'
        assert (record.reply_code, record.status) == ("554", "5.3.0")
        from bounce_analyzer.classifier import load_classifier

        assert load_classifier().classify(record).reason == "mailererror"
