"""Exchange 5.5/2000/2003 name a recipient picked from the address book by its display name
only ("Lee Ward on 12/1/2026 4:41 PM", the reason under it): the address is the report part's
X-Display-Name beside its Final-Recipient, else the returned message's To or Cc. Each such
recipient takes its own paragraph's words, for any number of them."""

from __future__ import annotations

from .conftest import records

HEAD = """\
From: System Administrator <postmaster@example.com>
To: Dana Cole <dana.cole@example.com>
Subject: Undeliverable: Notes
"""

TEXT = """\
Your message did not reach some or all of the intended recipients.

      Subject:\tNotes
      Sent:\t12/1/2026 4:41 PM

The following recipient(s) could not be reached:

      Lee Ward on 12/1/2026 4:41 PM
            The e-mail account does not exist at the organization this message was sent to.
            <exch1.example.com #5.1.1>

      Lee Wardell on 12/1/2026 4:41 PM
            The recipient's mailbox is full and can't accept messages now.
            <exch1.example.com #5.2.2>
"""

REPORT = (
    HEAD
    + """\
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b"

--b
Content-Type: text/plain

"""
    + TEXT
    + """
--b
Content-Type: message/delivery-status

Reporting-MTA: dns;exch1.example.com

Final-Recipient: rfc822;lee.ward@example.com
Action: failed
Status: 5.1.1
X-Display-Name: Lee Ward

Final-Recipient: rfc822;lw2@example.com
Action: failed
Status: 5.2.2
X-Display-Name: Lee Wardell

--b--
"""
)


def test_a_report_naming_the_display_name_takes_that_paragraph() -> None:
    found = records(REPORT)
    assert "does not exist" in found["lee.ward@example.com"].diagnostic
    assert "mailbox is full" not in found["lee.ward@example.com"].diagnostic
    assert "mailbox is full" in found["lw2@example.com"].diagnostic


def _text_only(to: str) -> str:
    return (
        HEAD
        + """\
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain

"""
        + TEXT
        + f"""
--b
Content-Type: message/rfc822

From: Dana Cole <dana.cole@example.com>
To: {to}
Subject: Notes

Hello.
--b--
"""
    )


def test_a_text_naming_display_names_reads_them_from_the_returned_to() -> None:
    found = records(_text_only('Lee Ward <lee.ward@example.com>, "Lee Wardell" <lw2@example.com>'))
    assert set(found) == {"lee.ward@example.com", "lw2@example.com"}
    assert "does not exist" in found["lee.ward@example.com"].diagnostic
    assert "mailbox is full" in found["lw2@example.com"].diagnostic


def test_a_display_name_two_addresses_share_names_neither() -> None:
    found = records(
        _text_only(
            "Lee Ward <lee.ward@example.com>, Lee Ward <ward@example.org>, Lee Wardell <lw2@example.com>"
        )
    )
    assert set(found) == {"lw2@example.com"}
