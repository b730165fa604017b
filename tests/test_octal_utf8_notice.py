"""Exim's notice writes a UTF-8 address byte by byte in octal (string_printing()): read back."""

from __future__ import annotations

from pathlib import Path

from bounce_analyzer.message import unescape_octal_utf8
from bounce_analyzer.pipeline import Options, analyze


def test_octal_escapes_of_utf8_characters_are_read_back() -> None:
    assert unescape_octal_utf8(r"m\303\274ller@example.com") == "müller@example.com"
    assert (
        unescape_octal_utf8(r"\345\261\261\347\224\260@\346\227\245\346\234\254\350\252\236.jp")
        == "山田@日本語.jp"
    )
    # an escape that is no UTF-8 character stays as written: a lone lead byte, an overlong
    # lead, a continuation byte alone, a newline
    for text in (r"a\303b", r"\300\200", r"x\274y", r"line\nnext", "plain text"):
        assert unescape_octal_utf8(text) == text


NOTICE = r"""Return-path: <>
From: Mail Delivery System <Mailer-Daemon@smtp.example.net>
To: pr@example.net
Subject: Mail delivery failed: returning message to sender
X-Failed-Recipients: \345\261\261\347\224\260@\346\227\245\346\234\254\350\252\236.jp
Content-Type: multipart/report; report-type=delivery-status; boundary=b1
MIME-Version: 1.0

--b1
Content-type: text/plain; charset=us-ascii

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  \345\261\261\347\224\260@\346\227\245\346\234\254\350\252\236.jp
    host mx.xn--wgv71a119e.jp [192.0.2.88]
    utf8 support required but not offered for forwarding

--b1
Content-type: message/global-delivery-status

Reporting-MTA: dns; smtp.example.net

Action: failed
Final-Recipient: rfc822;山田@日本語.jp
Status: 5.0.0

--b1--
"""


def test_an_exim_notice_names_a_utf8_address_in_octal(tmp_path: Path) -> None:
    # the report has no Diagnostic-Code (Exim writes one only for a remote reply): the words
    # are the notice's, under the address it prints escaped
    path = tmp_path / "exim.eml"
    path.write_bytes(NOTICE.encode("utf-8"))
    rows = [item.as_dict() for item in analyze([str(path)], Options())]
    assert [(r["recipient"], r["reason"], r["bounce"]) for r in rows] == [
        ("山田@日本語.jp", "contenterror", "soft")
    ]


REPORT = r"""Return-path: <>
From: Mail Delivery System <Mailer-Daemon@smtp.example.net>
To: pr@example.net
Subject: Mail delivery failed: returning message to sender
Content-Type: multipart/report; report-type=delivery-status; boundary=b2
MIME-Version: 1.0

--b2
Content-type: text/plain; charset=us-ascii

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  wang@example.cn
    host mx.example.cn [192.0.2.61]
    SMTP error from remote mail server after RCPT TO:<wang@example.cn>:
    550 {words}

--b2
Content-type: message/delivery-status

Reporting-MTA: dns; smtp.example.net

Action: failed
Final-Recipient: rfc822;wang@example.cn
Status: 5.0.0
Remote-MTA: dns; mx.example.cn
Diagnostic-Code: smtp; 550 {words}

--b2--
"""


def test_the_remote_reply_in_an_exim_report_is_read_back_from_octal(tmp_path: Path) -> None:
    # Exim quotes the remote server's reply through string_printing() in the report's
    # Diagnostic-Code as in the notice: a Chinese "user does not exist" arrives in octal
    escaped = "".join(f"\\{byte:03o}" for byte in "用户不存在".encode())
    path = tmp_path / "exim-report.eml"
    path.write_bytes(REPORT.replace("{words}", escaped).encode("ascii"))
    rows = [item.as_dict() for item in analyze([str(path)], Options())]
    assert [(r["recipient"], r["reason"], r["bounce"]) for r in rows] == [
        ("wang@example.cn", "userunknown", "hard")
    ]
    assert rows[0]["diagnostic"] == "550 用户不存在"
