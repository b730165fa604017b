"""The Japanese, Chinese and Korean meaning words probe round 60 (cjk) added, read in phrasings
of our own, not the samples', and beside them the near-misses that must not read so.

- A sender not recognised, not a valid sender (有効な送信者として認識されません, 不是有效的发件人,
  유효한 보낸 사람으로 인식되지 않음) is the sender refused: rejected.
- Sending spam (スパムを送信, 发送垃圾邮件, 스팸 메일을 보내) is a behaviour of whoever sends: said of
  the sender it is rejected, of the sending host or its connector (コネクタ) blocked; the message
  judged spam stays spamdetected.
- "Your e-mail address" (您的电子邮件地址) in a notice to the sender is the sender's address.
- A server not ready (服务器未就绪) is the receiving system unavailable: systemerror.
- Go's resolver error "server misbehaving" (a failed DNS lookup, not a missing domain) in a
  give-up notice: expired (rules/phrases/probe60-cjk.toml).
"""

from __future__ import annotations

import pytest

from bounce_analyzer.classifier import explain

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "送信者として認識されませんでした。管理者にお問い合わせください",
        "差出人が有効な送信者として認識されていません",
        "发件人不是有效的，邮件已被退回",
        "系统认为您不是认可的发件人",
        "您未被识别为有效的寄件者",
        "보낸 사람이 인식되지 않아 메일을 보낼 수 없습니다",
        "您的电子邮件地址近期大量发送垃圾邮件，已被限制外发",
        "你的邮件地址涉嫌发送垃圾邮件",
        "送信者がスパムを送信しているため受け付けません",
        "발신자가 스팸 메일을 보내고 있어 거부되었습니다",
    ],
)
def test_a_sender_not_recognised_or_sending_spam_is_rejected(text: str) -> None:
    assert reason_of(text) == "rejected"


@pytest.mark.parametrize(
    "text",
    [
        "送信元IPアドレスから迷惑メールを送信しているため接続を拒否しました",
        "組織のコネクタがスパムを送信していると判断されました",
        "该发信IP正在发送垃圾邮件",
        "귀하의 IP 주소에서 스팸을 발송하여 차단되었습니다",
    ],
)
def test_a_sending_host_sending_spam_is_blocked(text: str) -> None:
    assert reason_of(text) == "blocked"


@pytest.mark.parametrize(
    "text",
    [
        "这封邮件被判定为垃圾邮件",
        "このメールはスパムと判断されたため受信できません",
        "메일 내용이 스팸으로 분류되었습니다",
    ],
)
def test_a_message_judged_spam_stays_spam(text: str) -> None:
    assert reason_of(text) == "spamdetected"


@pytest.mark.parametrize(
    "text",
    [
        "请勿发送垃圾邮件",  # an exhortation, nobody's refusal
        "发件人不是垃圾邮件发送者",  # said not to be a spammer
        "パスワードが認識されません",  # a log-in's words
        "宛先のアドレスが認識されません",  # the recipient's side, not the sender
        "수신자를 인식할 수 없습니다",
    ],
)
def test_near_misses_are_not_a_refused_sender(text: str) -> None:
    assert reason_of(text) != "rejected"


@pytest.mark.parametrize(
    "text", ["收件人不是有效的邮箱地址", "该用户并非有效用户"],
)
def test_a_recipient_that_is_not_valid_is_unknown(text: str) -> None:
    assert reason_of(text) == "userunknown"


@pytest.mark.parametrize("text", ["对方服务器尚未就绪，请稍后再试", "對方伺服器未就緒"])
def test_a_server_not_ready_is_the_receiving_systems_trouble(text: str) -> None:
    assert reason_of(text) == "systemerror"


def test_a_dns_server_misbehaving_is_no_missing_domain() -> None:
    text = "无法解析收件方邮件服务器(MX)：lookup mx.example.net on 192.0.2.53:53: server misbehaving"
    assert explain(text)[1].reason == "expired"
    nxdomain = "无法解析收件方邮件服务器(MX)：lookup nosuch.example.net on 192.0.2.53:53: no such host"
    assert explain(nxdomain)[1].reason == "hostunknown"
    # not the resolver's words: a server said to misbehave is no DNS lookup
    assert explain("对方服务器 server misbehaving")[1].reason != "expired"
