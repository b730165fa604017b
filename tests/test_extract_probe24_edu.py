"""Reading fixes from probe round 24 (edu), shown on notices written here with other words,
hosts and addresses than samples/probe24-edu-*:

- a site's own notice that a closed account's owner moved, naming the new address, with no
  report part and no SMTP reply (a campus "redirect", as Colby College's ITS documents it):
  the old address is the failed recipient, and the notice states the reason (hasmoved);
- a Final-Recipient whose domain is one label (Sun/Oracle Messaging Server's store channel,
  "user@ims-ms-daemon") beside an Original-Recipient the sender wrote to: the row names the
  original address.
"""

from __future__ import annotations

from bounce_analyzer.api import analyze_bytes

from .conftest import extracted, records

REDIRECT = """\
From: Postmaster <postmaster@example.ac.uk>
To: bookings@example.com
Subject: Former student account closed
Date: Tue, 1 Dec 2026 10:00:00 +0000
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=us-ascii

The address ana.roe@example.ac.uk belongs to someone who has now left the School.
They asked us to tell senders that their new email address is:
  <ana.roe@example.net>

Your message has not been delivered. Please resend it to the new address.
"""


def test_a_moved_notice_fails_the_old_address_as_moved() -> None:
    found = records(REDIRECT)
    assert list(found) == ["ana.roe@example.ac.uk"]
    rows = analyze_bytes(REDIRECT.encode())
    assert [(row.recipient, row.reason, row.bounce) for row in rows] == [
        ("ana.roe@example.ac.uk", "hasmoved", "hard")
    ]


def test_a_please_try_form_names_the_new_address_too() -> None:
    text = REDIRECT.replace(
        "They asked us to tell senders that their new email address is:\n  <ana.roe@example.net>\n",
        "User ana.roe@example.ac.uk has moved, please try ana.roe@example.net\n",
    )
    assert list(records(text)) == ["ana.roe@example.ac.uk"]


def test_a_persons_moved_auto_reply_is_not_a_failure() -> None:
    # a person's own auto-reply: not from a mail system, and delivered after all
    text = REDIRECT.replace("From: Postmaster <postmaster@example.ac.uk>", "From: Ana Roe <ana.roe@example.ac.uk>")
    text = text.replace("Your message has not been delivered. Please resend it to the new address.\n", "")
    found = extracted(text)
    assert found is None or all(record.reason_hint != "hasmoved" for record in found.records)


def test_a_notice_without_a_new_address_is_not_a_moved_notice() -> None:
    text = REDIRECT.replace(
        "They asked us to tell senders that their new email address is:\n  <ana.roe@example.net>\n", ""
    )
    found = extracted(text)
    assert found is None or found.mta != "moved-notice"


STORE_CHANNEL = """\
From: Internet Mail Delivery <postmaster@mail.example.edu>
To: news@example.org
Subject: Delivery Notification: Delivery has failed
Content-Type: multipart/report; report-type=delivery-status; boundary="b"

--b
Content-Type: text/plain

Your message cannot be delivered to the following recipients:

  Recipient address: lee@ims-ms-daemon
  Original address: lee@dept.example.edu
  Reason: Mailbox disabled

--b
Content-Type: message/delivery-status

Reporting-MTA: dns;mail.example.edu (tcp_local-daemon)

Original-recipient: rfc822;lee@dept.example.edu
Final-recipient: rfc822;lee@ims-ms-daemon
Action: failed
Status: 5.2.1 (Mailbox disabled)

--b--
"""


def test_a_store_channel_final_recipient_gives_way_to_the_original() -> None:
    rows = analyze_bytes(STORE_CHANNEL.encode())
    assert [(row.recipient, row.original_recipient) for row in rows] == [
        ("lee@dept.example.edu", "lee@dept.example.edu")
    ]


def test_a_dotted_final_recipient_stays_the_recipient() -> None:
    text = STORE_CHANNEL.replace("lee@ims-ms-daemon", "lee.k@store.example.edu")
    rows = analyze_bytes(text.encode())
    assert [row.recipient for row in rows] == ["lee.k@store.example.edu"]
