"""Apache James 2.x's notification mailets and Kopano's and Zarafa's spooler notices.

James (AbstractNotify.getMessage()) lists further RCPT TO addresses aligned under the first,
and a Bounce with a notice of its own and no error message (its virus processor) has no
"Error message below:": its first paragraph is the reason. Kopano's spooler NDR, read through
IMAP, is addressed To the recipients it failed and names them nowhere else when the whole
message failed; when only some failed it lists them under "Recipients that will be retried:"
(delayed) and "Recipients that failed permanently:". Kopano's dagent names the forward target
its policy refused in a sentence."""

from __future__ import annotations

from .conftest import extracted, records

JAMES_HEAD = """\
Return-Path: <>
From: postmaster@mail.example.net
To: news@example.com
Subject: Re:Opening hours
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

"""

JAMES_DETAILS = """\
Message details:
  Subject: Opening hours
  Sent date: Tue Dec 01 09:02:58 EST 2026
  MAIL FROM: news@example.com
  RCPT TO: first@example.net
           second@example.net
  From: News <news@example.com> 
  Size (in bytes): 2412
"""


def test_james_lists_every_rcpt_to_aligned_under_the_first() -> None:
    found = records(
        JAMES_HEAD
        + "We were unable to deliver the attached message because of an error in the mail server.\n\n"
        + "Error message below:\n550 - Requested action not taken: no such user here\n\n"
        + JAMES_DETAILS
    )
    assert set(found) == {"first@example.net", "second@example.net"}
    assert "no such user here" in found["second@example.net"].diagnostic


def test_james_notice_without_an_error_message_is_its_first_paragraph() -> None:
    found = records(
        JAMES_HEAD
        + " Warning: We were unable to deliver the message below because it was found infected by virus(es). \n\n"
        + JAMES_DETAILS
        + "\nMessage Headers:\nTo: \n           third@example.net\n"
    )
    assert set(found) == {"first@example.net", "second@example.net"}
    assert "infected by virus" in found["first@example.net"].diagnostic
    assert "Subject" not in found["first@example.net"].diagnostic


KOPANO_HEAD = """\
From: Mail Delivery System <>
To: Jan Peters <jan@example.net>, Sofie Maes <sofie@example.com>
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

"""

ORIGINAL = """
--b
Content-Type: message/rfc822

From: Boss <boss@example.org>
To: Jan Peters <jan@example.net>, Sofie Maes <sofie@example.com>, Team <team@example.org>
Subject: Offer

Hello.
--b--
"""


def test_kopano_whole_message_failure_names_its_recipients_in_to() -> None:
    found = records(
        KOPANO_HEAD
        + "Unfortunately, kopano-spooler was unable to deliver your mail.\nThe error given was:\n\n"
        + "552 5.3.4 Message size exceeds fixed limit\n\n"
        + "You may need to contact your e-mail administrator to solve this problem.\n"
        + ORIGINAL
    )
    assert set(found) == {"jan@example.net", "sofie@example.com"}
    assert found["sofie@example.com"].diagnostic == "552 5.3.4 Message size exceeds fixed limit"


def test_kopano_notice_to_someone_the_original_was_not_for_names_no_one() -> None:
    found = extracted(
        KOPANO_HEAD.replace("To: Jan Peters <jan@example.net>, Sofie Maes <sofie@example.com>", "To: boss@example.org")
        + "Unfortunately, I was unable to deliver your mail.\nThe error given was:\n\n"
        + "You are not allowed to send as user or group Sales\n"
        + ORIGINAL.replace("From: Boss <boss@example.org>", "From: boss@example.org")
    )
    assert found is None or "boss@example.org" not in {r.recipient for r in found.records}


def test_kopano_partial_failure_reads_its_retried_recipients_as_delayed() -> None:
    found = records(
        KOPANO_HEAD.replace(", Sofie Maes <sofie@example.com>", "")
        + "Unfortunately, kopano-spooler was unable to deliver your mail to the/some of the recipient(s).\n"
        + "You may need to contact your e-mail administrator to solve this problem.\n\n"
        + "Recipients that will be retried:\n\tJan Peters <jan@example.net>\n\n"
        + "Recipients that failed permanently:\n\tSofie Maes <sofie@example.com>\n"
        + ORIGINAL
    )
    assert found["jan@example.net"].action == "delayed"
    assert found["sofie@example.com"].action == "failed"
    assert "failed permanently" in found["sofie@example.com"].diagnostic


def test_kopano_forward_refusal_names_the_forward_target() -> None:
    found = records(
        "Return-Path: <>\n"
        "From: Mail Delivery System <>\n"
        "Subject: REJECT: Figures not forwarded (administratively blocked)\n"
        "Content-Type: text/plain\n\n"
        'The Kopano mail system has rejected your request to forward your e-mail with subject "Figures" '
        "(via mail filters) to me.private@example.net: the operation is not permitted.\n\n"
        "Remove the rule or contact your administrator about the forward_whitelist_domains setting.\n"
    )
    assert set(found) == {"me.private@example.net"}
