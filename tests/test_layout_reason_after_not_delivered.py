"""A reason heading after a short sentence that the message was not delivered, on one line:
"Message not delivered. Reason: host a[b] said: 421 4.4.2 ..." (Mailprotector's bouncebacks as
support.mailprotector.com article 360048244891 'Common Email Bouncebacks' quotes them). The
words after "Reason:" are the recipient's account. Messages written here (example addresses);
whole notices are samples/probe48-gw-mailprotector-notice-*.
"""

from __future__ import annotations

from bounce_analyzer.extract import extract
from bounce_analyzer.parse import parse_bytes

NOTICE = """\
From: Mailprotector <postmaster@outbound.example.com>
To: billing@example.com
Subject: Undeliverable: Invoice 2026-1187

Your message could not be delivered to the following recipient:

  ap@example.org

Message not delivered. Reason: host mx.example.org[203.0.113.114] said: 421 4.4.2 Message submission rate for this client has exceeded the configured limit (in reply to MAIL FROM command)

Original message:
  Subject: Invoice 2026-1187
"""


def test_the_words_after_the_sentence_and_its_heading_are_the_reason() -> None:
    found = extract(parse_bytes(NOTICE.encode()))
    assert found is not None
    assert [r.recipient for r in found.records] == ["ap@example.org"]
    assert "421 4.4.2 Message submission rate" in found.records[0].diagnostic


def test_a_sentence_of_another_kind_before_reason_is_no_heading() -> None:
    other = NOTICE.replace("Message not delivered. Reason:", "We looked into it. Reason:")
    found = extract(parse_bytes(other.encode()))
    assert found is None or all("421 4.4.2" not in r.diagnostic for r in found.records)
