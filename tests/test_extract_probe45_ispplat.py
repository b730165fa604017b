"""Reading fixes from probe round 45 (ISP mail platforms), shown on notices written here with
other words, hosts and addresses than samples/probe45-ispplat-*:

- Sun/Oracle Messaging Server's notice without its report part names a message-store failure
  by the store channel's address ("Recipient address: user@ims-ms-daemon") and gives the
  address the sender used on the next line ("Original address: user@example.edu"): the row
  names the original address, as it does when the report part is there.
"""

from __future__ import annotations

from bounce_analyzer.api import analyze_bytes

STORE_CHANNEL_TEXT = """\
From: Internet Mail Delivery <postmaster@mail.example.edu>
To: news@example.org
Subject: Delivery Notification: Delivery has failed
Content-Type: text/plain; charset=us-ascii

This report relates to a message you sent with the following header fields:

  Message-id: <1@example.org>
  To: kim@dept.example.edu

Your message cannot be delivered to the following recipients:

  Recipient address: kim@ims-ms-daemon
  Original address: kim@dept.example.edu
  Reason: Over quota

"""


def test_a_store_channel_recipient_in_the_text_gives_way_to_the_original() -> None:
    rows = analyze_bytes(STORE_CHANNEL_TEXT.encode())
    assert [(row.recipient, row.original_recipient, row.reason) for row in rows] == [
        ("kim@dept.example.edu", "kim@dept.example.edu", "mailboxfull")
    ]
    assert "Original address" not in rows[0].diagnostic


def test_a_store_channel_recipient_without_an_original_address_stays() -> None:
    text = STORE_CHANNEL_TEXT.replace("  Original address: kim@dept.example.edu\n", "")
    rows = analyze_bytes(text.encode())
    assert [(row.recipient, row.original_recipient) for row in rows] == [("kim@ims-ms-daemon", "")]


def test_an_original_address_under_a_dotted_recipient_is_left_alone() -> None:
    text = STORE_CHANNEL_TEXT.replace("kim@ims-ms-daemon", "kim@store.example.edu")
    rows = analyze_bytes(text.encode())
    assert [row.recipient for row in rows] == ["kim@store.example.edu"]
