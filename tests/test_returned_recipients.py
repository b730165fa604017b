"""A mail system's notice in words no reader knows still names the recipients it failed for:
the returned message's addressees that its text names get a failed row (extract/returned_recipients.py).

The notices here are in Esperanto on purpose: no reader, rule or meaning list knows the
language, so what is read comes from the notice's shape alone."""

from __future__ import annotations

import bounce_analyzer
from bounce_analyzer.extract import extract
from bounce_analyzer.extract.returned_recipients import ReturnedRecipients
from bounce_analyzer.parse import parse_bytes

NOTICE = """\
From: {sender}
To: ana@example.org
Subject: {subject}
Date: Tue, 1 Dec 2026 10:00:00 +0000
Message-ID: <notice-1@mx.example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="B"

--B
Content-Type: text/plain; charset=utf-8

{body}

--B
Content-Type: message/rfc822

Received: from mail.example.org by mx.example.com for <{bcc}>; Tue, 1 Dec 2026 09:59:58 +0000
From: Ana <ana@example.org>
To: {to}
Cc: {cc}
Subject: saluton
Message-ID: <original-1@example.org>

Saluton! Skribu al mi: ana@example.org, aŭ al kim@example.net.
--B--
"""


def message(
    body: str,
    *,
    sender: str = "Mail Delivery System <MAILER-DAEMON@mx.example.com>",
    subject: str = "Nelivereble: saluton",
    to: str = "kim@example.net",
    cc: str = "lee@example.net",
    bcc: str = "ana@example.org",
) -> bytes:
    return NOTICE.format(sender=sender, subject=subject, body=body, to=to, cc=cc, bcc=bcc).encode()


def rows(raw: bytes) -> list[tuple[str, str, str]]:
    return [
        (row.recipient, row.action, row.reason)
        for row in bounce_analyzer.analyze_bytes(raw, source="x")
    ]


def test_an_unknown_language_notice_gives_the_named_recipient_a_failed_row() -> None:
    raw = message("Via mesaĝo ne estis liverebla al:\n\n   kim@example.net\n   Nekonata eraro.")
    assert rows(raw) == [("kim@example.net", "failed", "onhold")]
    found = extract(parse_bytes(raw))
    assert found is not None and found.mta == "notice"
    assert found.records[0].diagnostic == "Nekonata eraro"


def test_a_code_in_the_paragraph_decides_the_reason() -> None:
    raw = message(
        "Via mesaĝo ne estis liverebla al:\n\n"
        "   kim@example.net\n   <mx.example.net #5.2.2>\n\n"
        "   lee@example.net\n   550 5.1.1"
    )
    assert rows(raw) == [
        ("kim@example.net", "failed", "mailboxfull"),
        ("lee@example.net", "failed", "userunknown"),
    ]


def test_only_the_addressees_the_notice_names() -> None:
    raw = message("Via mesaĝo ne estis liverebla al kim@example.net (eraro 550).")
    assert [row[0] for row in rows(raw)] == ["kim@example.net"]


def test_a_person_forwarding_a_message_is_not_a_notice() -> None:
    raw = message(
        "Vidu la mesaĝon al kim@example.net, bonvolu.",
        sender="Ana <ana@example.org>",
        subject="Plusendo: saluton",
    )
    assert rows(raw) == []


def test_an_address_named_only_in_header_lines_or_the_returned_body_is_not_named() -> None:
    body = (
        "Via mesaĝo ne estis liverebla.\n\n   To: kim@example.net\n\n"
        "From: ana@example.org\nTo: lee@example.net\nSubject: saluton\n\nal lee@example.net"
    )
    assert rows(message(body)) == []


def test_the_notices_own_addressee_and_a_longer_address_are_not_recipients() -> None:
    body = "Via mesaĝo ne estis liverebla al ana@example.org kaj al xkim@example.net.org."
    assert rows(message(body, to="ana@example.org, kim@example.net")) == []


def test_without_a_returned_message_nothing_is_guessed() -> None:
    raw = message("Via mesaĝo ne estis liverebla al kim@example.net.")
    without = raw.split(b"--B\nContent-Type: message/rfc822")[0] + b"--B--\n"
    assert ReturnedRecipients().extract(parse_bytes(without)) is None


def test_a_blind_copy_named_only_by_a_received_field_is_an_addressee() -> None:
    raw = message(
        "Via mesaĝo ne estis liverebla al sam@example.net (5.1.1).", bcc="sam@example.net"
    )
    assert rows(raw) == [("sam@example.net", "failed", "userunknown")]
    assert rows(message("Via mesaĝo ne estis liverebla al sam@example.net (5.1.1).")) == []


def test_a_message_with_a_delivery_status_part_is_left_to_its_report() -> None:
    report = (
        "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n"
        "Final-Recipient: rfc822; =cmd|' /C calc'!A0@example.net\nAction: failed\n"
        "Status: 5.1.1\n\n"
    )
    raw = message(
        "Via mesaĝo ne estis liverebla al =cmd|' /C calc'!A0@example.net.",
        to="=cmd|' /C calc'!A0@example.net",
    )
    with_report = raw.replace(
        b"--B\nContent-Type: message/rfc822", report.encode() + b"--B\nContent-Type: message/rfc822"
    )
    assert ReturnedRecipients().extract(parse_bytes(with_report)) is None


def test_a_receipt_naming_the_recipients_it_delivered_to_is_no_failure() -> None:
    delivered = (
        "Your message has been delivered to the following recipients:\n\n"
        "Kim (kim@example.net)\n\nLee (lee@example.net)\n\nSubject: saluton"
    )
    assert rows(message(delivered)) == []
    relayed = (
        "Delivery to these recipients or groups is complete, but no delivery notification was "
        "sent by the destination server:\n\nKim (kim@example.net)"
    )
    assert rows(message(relayed)) == []


def test_a_warning_that_delivery_goes_on_gives_delayed_rows() -> None:
    raw = message("Delivery is delayed to these recipients or groups:\n\n   kim@example.net")
    assert [(row[0], row[1]) for row in rows(raw)] == [("kim@example.net", "delayed")]


def test_a_failure_after_a_receipt_in_the_same_notice_stays_failed() -> None:
    raw = message(
        "Your message has been delivered to the following recipients:\n\n   kim@example.net\n\n"
        "Via mesaĝo ne estis liverebla al:\n\n   lee@example.net\n   550 5.1.1"
    )
    assert rows(raw) == [("lee@example.net", "failed", "userunknown")]
