"""Blanks a message gains at the ends of its lines on the way change no verdict.

Relays pad lines, clients re-wrap them (RFC 3676's flowed lines end in a space), templates
leave a stray space. RFC 5322's folding white space around a header value means nothing, and
RFC 2045 section 6.7 (3) tells a quoted-printable decoder to delete a line's trailing blanks:
"=" and blanks before a line break is a soft line break. Found by adding a space after every
line of our samples: 44 of 1,818 changed (a notice's heading read by a pattern that ends at the
line's end, a "Content-Transfer-Encoding: base64 " not decoded, quoted-printable soft breaks
left as "=" and a line break); none now.
"""

from __future__ import annotations

import base64

from bounce_analyzer.classifier import load_classifier
from bounce_analyzer.ingest import RawMessage
from bounce_analyzer.model import Verdict
from bounce_analyzer.parse import parse_bytes, part_text, qp_decoded
from bounce_analyzer.pipeline import Options, judge


def rows(data: str) -> list[tuple[str, str]]:
    outcome = judge(RawMessage("m", data.encode("utf-8")), load_classifier(), Options())
    found: list[Verdict] = outcome.rows
    return [(row.recipient, row.reason) for row in found]


def padded(text: str) -> str:
    """Every line of the text with a space after it, as a relay pads them."""
    return "\n".join(f"{line} " for line in text.split("\n"))


HEAD = """From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: writer@example.com
Subject: Delivery Status Notification (Failure)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: {encoding}

{notice}
--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; googlemail.com

Final-Recipient: rfc822; nachbar@example.org
Action: failed
Status: 5.0.0

--b1--
"""

# Google's newer notice in German: its "** heading **" line and the paragraph under it are all
# it says (the report's Status is the generic 5.0.0); here a recipient who refuses the sender
NOTICE = """
** Nachricht nicht zugestellt **

Ihre Nachricht wurde nicht an nachbar@example.org zugestellt. Der Empfänger hat in den
Einstellungen festgelegt, dass er keine E-Mails von Ihnen empfangen möchte.
"""


def test_a_notice_whose_lines_end_in_blanks_reads_as_without_them() -> None:
    plain = HEAD.format(encoding="8bit", notice=NOTICE)
    assert rows(plain) == [("nachbar@example.org", "filtered")]
    assert rows(HEAD.format(encoding="8bit", notice=padded(NOTICE))) == rows(plain)


def test_a_transfer_encoding_with_a_blank_after_it_is_decoded() -> None:
    encoded = base64.encodebytes(NOTICE.encode("utf-8")).decode("ascii")
    message = HEAD.format(encoding="base64 ", notice=encoded)
    assert rows(message) == [("nachbar@example.org", "filtered")]


def test_quoted_printable_soft_breaks_hold_with_blanks_after_them() -> None:
    # RFC 2045 6.7 (3): the blanks are deleted before decoding, so "= " ends a soft break
    assert qp_decoded("Your message couldn't be deliv= \nered to=20\nyou \n") == (
        b"Your message couldn't be delivered to \nyou\n"
    )
    wrapped = (
        NOTICE.replace("Einstellungen festgelegt", "Einstell=\nungen festgelegt")
        .replace("Empfänger", "Empf=C3=A4nger")
        .replace("möchte", "m=C3=B6chte")
    )
    message = HEAD.format(encoding="quoted-printable", notice=padded(wrapped))
    part = parse_bytes(message.encode("ascii")).get_payload()[0]
    assert "Der Empfänger hat in den\nEinstellungen festgelegt" in part_text(part)
    assert rows(message) == [("nachbar@example.org", "filtered")]
