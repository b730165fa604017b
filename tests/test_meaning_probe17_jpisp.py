"""The Japanese meaning words probe round 17 (jpisp) added: a mailbox whose capacity runs short
(逼迫), a message's size (its 容量) over the receiver's limit, an attachment refused. Each read
in phrasings of our own, not the rules' examples, and beside them the near-misses that must not
read so."""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "受信者のメールボックスの空きがひっ迫しているため、受信できませんでした。",
        "宛先アドレスの容量が逼迫しています。",
    ],
)
def test_a_mailbox_short_of_capacity_is_full(text: str) -> None:
    assert reason_of(text) == "mailboxfull"


@pytest.mark.parametrize(
    "text",
    [
        "送信されたメッセージが制限を超過したため配送できませんでした。",
        "このメールは相手先の制限を超えているため受け付けられません。",
    ],
)
def test_a_message_over_the_receivers_limit_is_too_big(text: str) -> None:
    assert reason_of(text) == "mesgtoobig"


def test_a_sending_limit_is_no_message_size() -> None:
    assert reason_of("本日のメールの送信上限を超えたため、送信できません。") != "mesgtoobig"


def test_a_mailbox_limit_is_no_message_size() -> None:
    assert reason_of("受信者のメールボックスの制限を超えたため受信できません。") == "mailboxfull"


@pytest.mark.parametrize(
    "text",
    [
        "受信側のポリシーにより添付ファイルが拒否されました。",
        "添付ファイルは拒否されたため、配送できませんでした。",
    ],
)
def test_a_refused_attachment_is_the_receivers_policy(text: str) -> None:
    assert reason_of(text) == "policyviolation"


def test_an_attachment_refused_for_a_virus_stays_a_virus() -> None:
    assert reason_of("ウイルスが検出されたため添付ファイルが拒否されました。") == "virusdetected"
