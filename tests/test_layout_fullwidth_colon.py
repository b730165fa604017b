"""A recipient's line in a Chinese or Japanese notice puts a full-width colon right after the
address and the reason after it, with no blank ("<a@b>：未找到主機或網域名稱", Postfix's notice as
Proton Mail translates it): the reason is the rest of the line, without the colon
(layouts.LISTED_RECIPIENT). Messages written here, with example addresses."""

from __future__ import annotations

import pytest

from bounce_analyzer.extract import extract
from bounce_analyzer.parse import parse_bytes

NOTICE = """\
From: Mail Delivery System <MAILER-DAEMON@mail.example.net>
To: <writer@example.org>
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

您的郵件無法送達一個或多個收件者。

{line}

--- 原始郵件 ---
From: writer@example.org
To: lee@example.com
Subject: 會議
"""


@pytest.mark.parametrize(
    "line",
    [
        "<lee@example.com>：主機或網域名稱未找到",
        "<lee@example.com>： 主機或網域名稱未找到",  # a blank after the colon
        "lee@example.com：主機或網域名稱未找到",  # no brackets
        "<lee@example.com>: 主機或網域名稱未找到",  # an ASCII colon and a blank, as before
    ],
)
def test_the_reason_after_a_full_width_colon_is_the_rest_of_the_line(line: str) -> None:
    found = extract(parse_bytes(NOTICE.format(line=line).encode("utf-8")))
    assert found is not None
    assert [(r.recipient, r.diagnostic) for r in found.records] == [
        ("lee@example.com", "主機或網域名稱未找到")
    ]
