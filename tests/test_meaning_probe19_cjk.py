"""The Chinese meaning words probe round 19 (cjk) added: a mailbox whose space is 'not enough'
(空间不够 / 空間不夠, the everyday word beside 不足) is full. Read in phrasings of our own, not the
samples', and beside them the near-miss that must not read so."""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "收件人的邮箱空间不够，请通知对方清理后再发",
        "該用戶郵箱空間不夠，暫時無法收信",
        "552 对方信箱空间不够",
    ],
)
def test_a_mailbox_without_enough_space_is_full(text: str) -> None:
    assert reason_of(text) == "mailboxfull"


def test_a_sender_whose_own_space_is_short_is_not_the_recipients_full_mailbox() -> None:
    # the sender's mailbox (发件人): a subject of the sending side, never the recipient's
    assert reason_of("发件人邮箱空间不够，无法保存已发送邮件") != "mailboxfull"
