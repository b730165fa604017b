"""The Thai meaning words (rules/meaning/th.toml, probe57-lang5: a character script, as ja, zh
and ko are), read in phrasings of our own (not the samples'), and beside them near-misses
that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 ไม่พบผู้รับ", "userunknown"),
        ("550 ที่อยู่อีเมลไม่ถูกต้อง", "userunknown"),
        ("550 กล่องเมลไม่มีอยู่", "userunknown"),
        ("550 บัญชีไม่มีอยู่", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 โดเมนนี้ไม่มีอยู่", "hostunknown"),
        ("550 ไม่พบโดเมนของผู้รับ", "hostunknown"),
        # full (X.2.2)
        ("552 กล่องจดหมายเต็ม", "mailboxfull"),
        ("552 ผู้ใช้เกินโควตา", "mailboxfull"),
        # disabled (X.2.1)
        ("550 บัญชีผู้รับถูกระงับ", "suspend"),
        ("550 บัญชีของผู้รับถูกปิดใช้งาน", "suspend"),
    ],
)
def test_thai_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:th:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 ที่อยู่ผู้ส่งไม่ถูกต้อง", "userunknown"),  # the sender's address
        ("550 บัญชีของคุณถูกระงับ", "suspend"),  # your account
        ("535 ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "userunknown"),  # a log-in
        ("550 ข้อผิดพลาดไม่ทราบสาเหตุสำหรับผู้ใช้", "userunknown"),  # an unknown error
        ("452 กล่องจดหมายยังไม่เต็ม", "mailboxfull"),  # negated
        ("550 ผู้ใช้ส่งอีเมลเกินขีดจำกัดรายวัน", "mailboxfull"),  # a daily sending limit
        ("550 ผู้ดูแลเข้าถึงกล่องจดหมายเต็มรูปแบบ", "mailboxfull"),  # full access, not full
    ],
)
def test_thai_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
