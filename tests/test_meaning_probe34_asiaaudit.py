"""The meaning words probe round 34 (asiaaudit: Korean providers' and operators' published return
mail lists) added, read in phrasings of our own (not the samples'), and beside them the
near-misses that must not read so.

Korean: a quota violated (할당량을 위반) and the user's mail storage (메일용량) exceeded are a full
mailbox; an address typed wrong (잘못 입력) is an unknown recipient; the recipient's own spam
setting (스팸설정) is its filter; spam sorting (스팸 걸러내기) is a spam verdict; a receiving server
that could not answer (응답을 못하) is the way there; "IP가 차단" is the sending host blocked.
English: "no account by that name" is qmail's "no mailbox here by that name" said of an account;
"invalid server", "end of socket stream" are the server's and the connection's, not the
recipient's; a "pool address" (an ISP's address for its lines) is the sending host blocked."""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("552 사용자 메일함이 할당량을 위반하여 더 이상 받을 수 없습니다", "mailboxfull"),
        ("수신자의 메일용량 초과로 전달하지 못했습니다", "mailboxfull"),
        ("받는이 메일 용량이 초과되어 반송되었습니다", "mailboxfull"),
        ("메일 주소를 잘못 입력하셨습니다", "userunknown"),
        ("수신자가 설정한 스팸 설정에 의해 수신이 차단되었습니다", "filtered"),
        ("해당 메일은 스팸 걸러내기 기준에 따라 차단되었습니다", "spamdetected"),
        ("상대 메일 서버가 응답하지 못해 전달을 중단했습니다", "networkerror"),
        ("발송 IP가 스팸 발송으로 차단되었습니다", "blocked"),
        ("550 No account by that name at this site", "userunknown"),
        ("550 sorry, no user by that name here", "userunknown"),
        ("End of socket stream data while reading the reply", "networkerror"),
        ("554 Connections from ISP pool addresses are not accepted here", "blocked"),
    ],
)
def test_round_34_words(text: str, reason: str) -> None:
    assert reason_of(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        # the sender typed the password wrong: a log-in, never the recipient
        "비밀번호를 잘못 입력하셨습니다",
        # the sender's own address typed wrong
        "발신자 주소를 잘못 입력하셨습니다",
        # the mail's size: 메일 alone is the message, not the mailbox's storage
        "첨부한 메일 크기가 제한을 초과했습니다",
        # the server named by a client's settings, not the recipient's address
        "Invalid server address",
    ],
)
def test_round_34_near_misses_are_not_the_recipients(text: str) -> None:
    assert reason_of(text) not in ("userunknown", "mailboxfull")


def test_a_wrong_address_typed_by_the_sender_side_is_not_unknown() -> None:
    # 보낸이 (the one who sent it) is the sending side: its address is no verdict on the recipient
    assert reason_of("보낸이 주소를 잘못 입력하였습니다") != "userunknown"
