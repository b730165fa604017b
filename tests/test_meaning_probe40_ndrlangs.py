"""The meaning words probe round 40 (Microsoft Exchange NDRs in other languages) added, read in
phrasings of our own (not the samples'), and beside them near-misses that must not read so.

Microsoft's Traditional Chinese (zh-tw) Exchange help writes a mail loop as 郵件迴圈 (迴圈 is
Taiwan's word for a loop, 循環 the mainland's): a loop is networkerror (RFC 3463 X.4.6)."""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "偵測到郵件迴圈，已停止傳遞",
        "554 5.4.6 路由迴圈，郵件已退回",
    ],
)
def test_a_taiwanese_mail_loop_is_a_network_error(text: str) -> None:
    assert reason_of(text) == "networkerror"


def test_a_loop_in_a_program_is_not_a_mail_loop() -> None:
    assert reason_of("程式迴圈") != "networkerror"


# Microsoft's Korean Exchange help calls a disabled mailbox one "set to not use" (사용 하지 않도록
# 설정): said of the recipient's mailbox it is suspend (RFC 3463 X.2.1).
@pytest.mark.parametrize(
    "text",
    [
        "받는 사람의 사서함을 사용하지 않도록 설정했습니다.",
        "550 5.2.1 이 계정은 사용 하지 않도록 설정되어 있습니다",
    ],
)
def test_a_korean_mailbox_set_to_not_use_is_suspended(text: str) -> None:
    assert reason_of(text) == "suspend"


def test_a_feature_set_to_not_use_is_not_a_suspended_mailbox() -> None:
    assert reason_of("서버에서 TLS를 사용하지 않도록 설정했습니다") != "suspend"
