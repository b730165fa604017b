"""The reading layer (bounce_analyzer/message.py): what every extractor reads of a message,
each worked out once per message (issue 15)."""

from __future__ import annotations

from bounce_analyzer import parse
from bounce_analyzer.message import from_text, reading

BOUNCE = b"""From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: sender@example.org
Subject: =?utf-8?q?Undelivered_Mail_Returned_to_Sender?=
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain; charset=utf-8

This is the mail system at host mx.example.net.

<user@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 No such user
--B
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Second part of the notice: caf=E9.
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; user@example.com
Action: failed
Status: 5.1.1

--B
Content-Type: message/rfc822

From: Sender <sender@example.org>
Subject: hello
Message-ID: <orig-1@example.org>
Content-Type: text/plain

Returned text: not the notice.
--B--
"""


def test_the_notice_is_the_notices_own_text_parts_decoded() -> None:
    notice = reading(parse.parse_bytes(BOUNCE)).notice
    assert "550 5.1.1 No such user" in notice
    assert "Second part of the notice: café." in notice  # every text part, charset decoded
    assert "Returned text" not in notice  # the returned message is not the notice
    assert "Final-Recipient" not in notice  # nor is the report part


def test_each_thing_is_worked_out_once_per_message() -> None:
    message = parse.parse_bytes(BOUNCE)
    known = reading(message)
    assert reading(message) is known
    assert known.header("Subject") == "Undelivered Mail Returned to Sender"
    assert known.notice is known.notice
    assert known.status_parts is known.status_parts
    assert [p.get_content_type() for p in known.status_parts] == ["message/delivery-status"]
    returned = known.returned
    assert returned is not None and reading(returned).header("Message-ID") == "<orig-1@example.org>"


def test_a_header_change_makes_a_new_reading() -> None:
    message = parse.parse_bytes(BOUNCE)
    before = reading(message)
    message["X-Added"] = "yes"
    assert reading(message) is not before


def test_a_notice_with_every_line_quoted_is_read_unquoted() -> None:
    text = b"From: postmaster@example.net\nSubject: fwd\n\n> line one\n> line two\n> line three\n"
    assert reading(parse.parse_bytes(text)).notice.split("\n")[:2] == ["line one", "line two"]


def test_an_html_only_notice_is_read_as_text() -> None:
    text = (
        b"From: postmaster@example.net\nContent-Type: text/html\n\n"
        b"<p>Delivery failed</p><p>to &lt;a@example.com&gt;</p>"
    )
    lines = reading(parse.parse_bytes(text)).notice.split("\n")
    assert [line for line in lines if line] == ["Delivery failed", "to <a@example.com>"]


def test_pasted_headers_are_read_without_their_body() -> None:
    pasted = (
        "From: sender@example.org\nSubject: hi\n"
        'Content-Type: multipart/mixed; boundary="X"\n\n'
        + "--X\n\nbody\n" * 2000
    )
    original = from_text(pasted)
    assert original is not None and original["Subject"] == "hi"
    assert original.get_payload() == ""  # the body was not parsed into 2,000 parts


def nested_report(depth: int) -> bytes:
    """A delivery report `depth` multipart levels down."""
    head = "".join(
        f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(depth)
    )
    tail = "".join(f"\n--b{i}--\n" for i in reversed(range(depth)))
    report = (
        "Content-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mx.example.net\n\n"
        "Final-Recipient: rfc822; deep@example.com\nAction: failed\nStatus: 5.1.1\n"
    )
    return ("From: MAILER-DAEMON@mx.example.net\nSubject: failure\n" + head + report + tail).encode()


def test_the_walk_is_bounded_by_the_options_not_a_depth_of_its_own() -> None:
    from bounce_analyzer.classifier import load_classifier
    from bounce_analyzer.ingest import RawMessage
    from bounce_analyzer.pipeline import Options, StageError, analyze_message

    raw = RawMessage("deep.eml", nested_report(60))
    assert len(reading(parse.parse_bytes(raw.data)).status_parts) == 1
    rows = analyze_message(raw, load_classifier(), Options(max_depth=100))
    assert [(row.recipient, row.status) for row in rows] == [("deep@example.com", "5.1.1")]
    try:  # the default --max-depth refuses it before any extractor reads it
        analyze_message(raw, load_classifier(), Options())
    except StageError as error:
        assert error.stage == "limit"
    else:
        raise AssertionError("a message nested 60 deep passed --max-depth 50")


def test_the_driver_fills_the_original_of_a_bounce_but_not_of_an_automatic_reply() -> None:
    from bounce_analyzer.extract import extract

    reply = b"""From: Avery <avery@example.org>
To: sam@example.com
Subject: Automatic reply: Quarterly numbers
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="R"

--R
Content-Type: text/plain

I am out of the office until Monday.
--R
Content-Type: message/rfc822

From: sam@example.com
Subject: Quarterly numbers
Message-ID: <numbers-3@example.com>

The numbers.
--R--
"""
    found = extract(parse.parse_bytes(reply))
    assert found is not None and found.mta == "autoreply"
    assert (found.original_subject, found.original_sender) == ("", "")  # quoted, not returned
    bounce = extract(parse.parse_bytes(BOUNCE))
    assert bounce is not None and bounce.mta == "rfc3464"
    assert (bounce.original_subject, bounce.original_message_id) == ("hello", "<orig-1@example.org>")
