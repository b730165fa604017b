"""A bounce a person forwarded (to a postmaster, to the bounces mailbox), as an attachment or
pasted inline under the mail client's separator, is read as the bounce itself
(message.bounce_inside): its rows are the rows of the bounce, whatever layout it has. A mail
system's bounce that returns the original message, and a person's message that attaches or
pastes another person's, are read as before."""

from __future__ import annotations

import bounce_analyzer
from bounce_analyzer.message import bounce_inside, forwarded_inline, header_text, reading
from bounce_analyzer.parse import parse_bytes

FORWARD = """\
From: Alex Admin <alex@example.org>
To: bounces@example.org
Subject: Fwd: {subject}
Date: Tue, 1 Dec 2026 10:00:00 +0000
Message-ID: <forward-1@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="FWD{level}"

--FWD{level}
Content-Type: text/plain; charset=us-ascii

Another one for the list, see below.

--FWD{level}
Content-Type: message/rfc822

{inner}
--FWD{level}--
"""

DSN = """\
From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
To: news@example.org
Subject: Undelivered Mail Returned to Sender
Date: Tue, 1 Dec 2026 09:00:00 +0000
Message-ID: <dsn-1@mx.example.org>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="R"

--R
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

--R
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; kim@example.net
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp; 552 5.2.2 <kim@example.net>: Mailbox full

--R
Content-Type: text/rfc822-headers

From: news@example.org
To: kim@example.net
Subject: November news

--R--
"""

QMAIL = """\
From: MAILER-DAEMON@mx.example.net
To: news@example.org
Subject: failure notice
Date: Tue, 1 Dec 2026 09:00:00 +0000
Message-ID: <qmail-1@mx.example.net>

Hi. This is the qmail-send program at mx.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<lee@example.net>:
Sorry, no mailbox here by that name. (#5.1.1)

--- Below this line is a copy of the message.

From: news@example.org
To: lee@example.net
Subject: November news
"""

LETTER = """\
From: Sam <sam@example.net>
To: alex@example.org
Subject: the minutes
Date: Tue, 1 Dec 2026 08:00:00 +0000
Message-ID: <letter-1@example.net>

Mail delivery failed for kim@example.net last week, user unknown; can you look?
"""


def forwarded(
    inner: str, subject: str = "Undelivered Mail Returned to Sender", level: int = 1
) -> bytes:
    return FORWARD.format(inner=inner, subject=subject, level=level).encode()


def rows(raw: bytes) -> list[tuple[str, str, str, str]]:
    return [
        (row.recipient, row.action, row.reason, row.bounce)
        for row in bounce_analyzer.analyze_bytes(raw, source="x")
    ]


def test_a_forwarded_report_gives_the_rows_of_the_report_itself() -> None:
    assert (
        rows(forwarded(DSN))
        == rows(DSN.encode())
        == [("kim@example.net", "failed", "mailboxfull", "soft")]
    )


def test_a_forwarded_plain_text_notice_is_read_with_its_reason() -> None:
    # Before, the notice's text was not the forward's own and the row came without words
    assert rows(forwarded(QMAIL, "failure notice")) == [
        ("lee@example.net", "failed", "userunknown", "hard")
    ]


def test_a_forward_of_a_forward_is_read_too() -> None:
    twice = forwarded(forwarded(DSN).decode(), level=2)
    assert rows(twice) == [("kim@example.net", "failed", "mailboxfull", "soft")]


def test_the_row_names_the_forward_as_the_mailbox_holds_it() -> None:
    (row,) = bounce_analyzer.analyze_bytes(forwarded(DSN), source="x")
    assert row.message_id == "<forward-1@example.org>"
    assert row.sender == "news@example.org"  # the bounce's addressee, not the forward's


def test_a_person_attaching_a_persons_message_gives_no_rows() -> None:
    assert rows(forwarded(LETTER, "the minutes")) == []


def test_two_attached_bounces_are_not_taken_for_one_forward() -> None:
    two = (
        forwarded(DSN)
        .decode()
        .replace("--FWD1--", f"--FWD1\nContent-Type: message/rfc822\n\n{QMAIL}\n--FWD1--")
    )
    assert ("lee@example.net", "failed", "userunknown", "hard") not in rows(two.encode())


def test_a_mail_systems_notice_is_not_taken_for_a_forward() -> None:
    # A bounce of a bounce: the mail system's notice returns a message that was a bounce
    # itself; the notice is the message to read, never what it returns.
    notice = parse_bytes(
        forwarded(DSN)
        .decode()
        .replace("Alex Admin <alex@example.org>", "MAILER-DAEMON@mx.example.com")
        .encode()
    )
    assert bounce_inside(notice) is notice
    by_person = parse_bytes(forwarded(DSN))
    assert bounce_inside(by_person) is not by_person
    assert header_text(bounce_inside(by_person), "Message-ID") == "<dsn-1@mx.example.org>"


# -- forwarded inline: the mail client pastes the bounce's header fields and its text ----------

INLINE = """\
From: Alex Admin <alex@example.org>
To: postmaster@example.org
Subject: Fwd: {subject}
Date: Tue, 1 Dec 2026 10:00:00 +0000
Message-ID: <inline-1@example.org>
Content-Type: text/plain; charset=utf-8

Can you check why this one bounced?

{separator}
From: {sender}
{date_name}: Tue, Dec 1, 2026 at 9:00 AM
Subject: {subject}
To: <news@example.org>


{body}
"""

QMAIL_BODY = QMAIL.split("\n\n", 1)[1]


def inline(
    body: str = QMAIL_BODY,
    *,
    separator: str = "---------- Forwarded message ---------",
    sender: str = "MAILER-DAEMON@mx.example.net",
    subject: str = "failure notice",
    date_name: str = "Date",
) -> bytes:
    return INLINE.format(
        body=body, separator=separator, sender=sender, subject=subject, date_name=date_name
    ).encode()


def test_a_bounce_forwarded_inline_is_read_as_the_bounce() -> None:
    # Gmail's separator; Thunderbird's and Outlook's (with its "Sent" for the date), Apple Mail's
    for separator, date_name in (
        ("---------- Forwarded message ---------", "Date"),
        ("-------- Forwarded Message --------", "Date"),
        ("-----Original Message-----", "Sent"),
        ("________________________________", "Sent"),
        ("Begin forwarded message:", "Date"),
    ):
        raw = inline(separator=separator, date_name=date_name)
        assert rows(raw) == [("lee@example.net", "failed", "userunknown", "hard")], separator


def test_a_notice_forwarded_inline_keeps_its_own_letters() -> None:
    body = (
        "Ihre Nachricht konnte nicht zugestellt werden.\n\n"
        "<jörg@example.net>:\nSorry, no mailbox here by that name. (#5.1.1)\n"
    )
    bounce = bounce_inside(parse_bytes(inline(body)))
    assert "jörg@example.net" in reading(bounce).notice


def test_a_persons_message_forwarded_inline_is_not_taken_for_a_bounce() -> None:
    raw = inline(
        "Kim's address bounced last week (user unknown), please fix the list.",
        sender="Sam <sam@example.net>",
        subject="the minutes",
    )
    message = parse_bytes(raw)
    assert bounce_inside(message) is message


def test_a_pasted_block_that_is_no_header_block_is_not_read() -> None:
    # A separator line followed by a "From:" line and prose is not a forward's header block
    assert forwarded_inline("-----------------\nFrom: the team\nwe are sorry\n\nbody\n") is None
    assert (
        forwarded_inline("-----------------\nFrom: a@example.net\nTo: b@example.net\n\nbody\n")
        is None
    )
    found = forwarded_inline(
        "----- Forwarded Message -----\nFrom: a@example.net\nSubject: x\n  folded\n\nthe text\n"
    )
    assert found is not None
    assert header_text(found, "Subject") == "x folded"


def test_an_attached_automatic_reply_or_report_is_read_in_the_forwards_place() -> None:
    # RFC 3834 section 5: an automatic reply says so; RFC 6522: a report is a report
    vacation = LETTER.replace("Message-ID:", "Auto-Submitted: auto-replied\nMessage-ID:")
    message = parse_bytes(forwarded(vacation, "the minutes"))
    assert header_text(bounce_inside(message), "Message-ID") == "<letter-1@example.net>"
    report = DSN.replace(
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>", "From: reports@example.org"
    )
    message = parse_bytes(forwarded(report))
    assert header_text(bounce_inside(message), "Message-ID") == "<dsn-1@mx.example.org>"


def test_a_reply_quoting_a_bounce_is_not_taken_for_a_forward() -> None:
    # "RE:" says the text answers the message it quotes; a help desk's tag says the same
    for subject in ("RE: failure notice", "[Request received] Fwd: failure notice"):
        raw = inline(separator="-----Original Message-----", date_name="Sent").replace(
            b"Subject: Fwd: failure notice", b"Subject: " + subject.encode(), 1
        )
        message = parse_bytes(raw)
        assert bounce_inside(message) is message, subject
