"""A message that answers another and quotes an Exchange NDR (administrators' section and all)
is not that NDR: a person's "RE: Undeliverable: ..." and a help desk's acknowledgement
("[Request received] Fwd: Undeliverable: ...", rules/autoreply.toml [[reply_subject]]) give no
row. Found by round 36's audit (probe36-autoaudit): Zendesk's acknowledgement of a customer's
forwarded NDR, which quotes the forward, gave the quoted address a hard failure row. A
forwarded NDR ("Fwd: Undeliverable: ...") and the NDR itself are still read."""

from __future__ import annotations

from pathlib import Path

import pytest

from bounce_analyzer import parse
from bounce_analyzer.extract.exchange_online import answers_another
from bounce_analyzer.pipeline import Options, analyze

QUOTED_NDR = """Delivery has failed to these recipients or groups:

billing@example.org
The email address you entered couldn't be found.

Diagnostic information for administrators:

Generating server: EX01.example.com

billing@example.org
Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'
"""

ANSWER = """From: Example Support <support@example.org>
To: Anna Keller <anna.keller@example.com>
Subject: {subject}
Message-ID: <ack-1@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8

{intro}

Anna Keller wrote: our invoice bounced, see below.

---------- Forwarded message ---------
From: Microsoft Outlook <postmaster@example.com>
Subject: Undeliverable: Invoice 2026-114

""" + QUOTED_NDR


def rows(tmp_path: Path, text: str, **options: bool) -> list[dict]:
    sample = tmp_path / "m.eml"
    sample.write_text(text, encoding="utf-8")
    return [r.as_dict() for r in analyze([str(sample)], Options(**options))]


@pytest.mark.parametrize("subject,intro", [
    ("[Request received] Fwd: Undeliverable: Invoice 2026-114",
     "Your request (4531) has been received and is being reviewed by our support staff."),
    ("Ticket Received - Fwd: Undeliverable: Invoice 2026-114",
     "We would like to acknowledge that we have received your request."),
    ("Thanks for your inquiry (Fwd: Undeliverable: Invoice 2026-114)",
     "Your request has been received and will be reviewed by our support staff."),
    ("RE: Undeliverable: Invoice 2026-114", "Thanks, we will look into it."),
])
def test_an_answer_quoting_an_ndr_gives_no_row(tmp_path: Path, subject: str, intro: str) -> None:
    text = ANSWER.format(subject=subject, intro=intro)
    assert rows(tmp_path, text) == []
    assert rows(tmp_path, text, include_vacation=True, include_delivered=True) == []


def test_a_forwarded_ndr_is_still_read(tmp_path: Path) -> None:
    text = ANSWER.format(subject="Fwd: Undeliverable: Invoice 2026-114", intro="FYI")
    [row] = rows(tmp_path, text)
    assert (row["recipient"], row["reason"]) == ("billing@example.org", "userunknown")


def test_the_ndr_itself_is_still_read(tmp_path: Path) -> None:
    ndr = ("From: Microsoft Outlook <postmaster@example.com>\nTo: anna.keller@example.com\n"
           "Subject: RE: Undeliverable: Invoice 2026-114\nMIME-Version: 1.0\n"
           "Content-Type: text/plain; charset=UTF-8\n\n" + QUOTED_NDR)
    # from a mail system: whatever its subject says, it is the notice
    [row] = rows(tmp_path, ndr)
    assert (row["recipient"], row["action"], row["reason"]) == ("billing@example.org", "failed", "userunknown")


def test_answers_another_needs_the_prefix_at_the_start() -> None:
    def message(subject: str, sender: str = "Support <support@example.org>"):
        return parse.parse_bytes(f"From: {sender}\nSubject: {subject}\n\nx\n".encode())
    assert answers_another(message("[Request received] Printer"))
    assert answers_another(message("Re: Undeliverable: x"))
    assert not answers_another(message("Fwd: [Request received] Printer"))
    assert not answers_another(message("Undeliverable: x"))
    assert not answers_another(message("Re: Undeliverable: x", "MAILER-DAEMON@example.org"))
