"""Postfix's delay warning read from its text (its delivery-status part missing): the
recipients it lists are delayed, not failed; its failure notice, same layout, stays failed
(layouts.POSTFIX `delayed`, bounce_template.c's delay template)."""

from __future__ import annotations

from .conftest import records

WARNING = """\
From: MAILER-DAEMON@mail.example.org (Mail Delivery System)
To: y.tanaka@example.org
Subject: Delayed Mail (still being retried)
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.example.org.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 4 hour(s).
It will be retried until it is 5 day(s) old.

                   The mail system

<s.moreau@cabinet.example.fr>: host mx.cabinet.example.fr[198.51.100.70] said:
    450 4.7.1 <s.moreau@cabinet.example.fr>: Recipient address rejected: Greylisted
    (in reply to RCPT TO command)
"""


def test_a_postfix_delay_warning_gives_delayed_rows() -> None:
    assert records(WARNING)["s.moreau@cabinet.example.fr"].action == "delayed"


def test_postfix_2_0s_wording_is_a_warning_too() -> None:
    old = WARNING.replace("# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n", "")
    old = old.replace("5 day(s) old", "5.0 days old")
    assert records(old)["s.moreau@cabinet.example.fr"].action == "delayed"


def test_a_postfix_failure_notice_stays_failed() -> None:
    failure = WARNING.replace("Subject: Delayed Mail (still being retried)",
                              "Subject: Undelivered Mail Returned to Sender")
    failure = failure.split("####")[0] + (
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients.\n\n"
        "                   The mail system\n\n"
        "<s.moreau@cabinet.example.fr>: host mx.cabinet.example.fr[198.51.100.70] said:\n"
        "    550 5.1.1 <s.moreau@cabinet.example.fr>: Recipient address rejected\n"
    )
    assert records(failure)["s.moreau@cabinet.example.fr"].action == "failed"
