"""The meaning tier's sending-side entries in Japanese, Chinese and Korean (rules/meaning/ja.toml,
zh.toml, ko.toml): what they read, that a recipient fact still comes first, and what they must
leave alone (negations, words about something else)."""

from __future__ import annotations

import pytest

from bounce_analyzer import meaning
from bounce_analyzer import rules as rulebook


def read(text: str) -> tuple[str, str] | None:
    return meaning.recognise(rulebook.normalise_text(text))


# (text, reason, entry id): each worded the way a server might, not any one server's sentence.
SENDING = {
    "ja": [
        ("550 5.7.1 お客様のIPアドレスはブラックリストに登録されています", "blocked", "blocked"),
        ("554 送信元IPアドレスからの接続は拒否されました", "blocked", "blocked"),
        ("550 送信者のアドレスは拒否されました", "rejected", "rejected"),
        ("550 差出人のメールアドレスが無効です", "rejected", "rejected"),
        ("553 送信者のドメインは偽装されています", "rejected", "rejected"),
        ("450 送信元ホストの逆引きができません", "requireptr", "requireptr"),
        ("550 逆引きが設定されていないサーバーからのメールは受け付けません", "requireptr", "requireptr"),
        ("535 SMTP認証に失敗しました", "securityerror", "securityerror"),
        ("530 TLSによる暗号化が必要です", "securityerror", "securityerror"),
        ("550 証明書の有効期限が切れています", "securityerror", "securityerror"),
        ("550 送信ドメイン認証に失敗しました", "authfailure", "authfailure"),
        ("550 なりすましメールと判定されたため受信を拒否しました", "authfailure", "authfailure"),
        ("550 このメールは迷惑メールと判定されました", "spamdetected", "spamdetected"),
        ("550 メッセージはスパムと判断されました", "spamdetected", "spamdetected"),
        ("554 ウイルスが検出されました", "virusdetected", "virusdetected"),
        ("552 メールのサイズが大きすぎます", "mesgtoobig", "mesgtoobig"),
        ("552 メッセージの最大サイズを超えています", "mesgtoobig", "mesgtoobig"),
        ("550 リレーは許可されていません", "norelaying", "norelaying"),
        ("421 同時接続数が多すぎます", "toomanyconn", "toomanyconn"),
        ("452 宛先が多すぎます", "toomanyconn", "toomanyconn"),
        ("421 送信頻度が高すぎるため、しばらく送信を制限します", "speeding", "speeding"),
        ("451 接続がリセットされました", "networkerror", "networkerror"),
        ("サーバーへの接続に失敗しました", "networkerror", "unreachable"),
        ("接続がタイムアウトしました", "networkerror", "unreachable"),
        ("452 ディスク容量が不足しています", "systemfull", "systemfull"),
        ("451 システムエラーが発生しました。しばらくしてから再送してください", "systemerror", "systemerror"),
        ("メッセージの有効期限が切れました", "expired", "expired"),
        ("554 ヘッダが不正です", "notcompliantrfc", "notcompliantrfc"),
    ],
}

# Recipient facts, some with words of the message (メール, 邮件, 메일) near them: they read as
# before the sending-side entries came.
RECIPIENT = {
    "ja": [
        ("550 宛先のメールアドレスは存在しません", "userunknown"),
        ("552 メールボックスの容量がいっぱいです", "mailboxfull"),
        ("550 メールの宛先ユーザーは存在しません", "userunknown"),
        ("宛先のユーザーが見つからないため、メールを配信できませんでした", "userunknown"),
        ("受信者のメールボックスが格納域の制限を超え、それ以上新しいメッセージを受け付けられません。", "mailboxfull"),
        ("送信先の電子メール システムに該当する受信者が存在しない。", "userunknown"),
        # a recipient fact anywhere comes before a sending-side one
        ("接続がタイムアウトしました。宛先のメールアドレスは存在しません", "userunknown"),
    ],
}

# Negated, about something else, or words that must not decide.
NOT_SENDING = {
    "ja": [
        "550 このメールは迷惑メールではありません",  # negated
        "451 ウイルスチェックがタイムアウトしました",  # the receiver's scanner
        "451 ウイルス対策サーバーでエラーが発生しました",
        "550 配布グループへの送信は許可されていません",  # グループ is not a loop
        "受信者のメッセージサイズの制限を超えています",  # whose limit: left to the codes
        "550 送信者のアドレスは存在しません",  # tests/test_meaning.py leaves it unread
    ],
}


def cases(table: dict[str, list]) -> list:
    return [(language, *case) for language, items in table.items() for case in items]


@pytest.mark.parametrize(("language", "text", "reason", "entry"), cases(SENDING))
def test_reads_the_sending_side(language: str, text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, f"meaning:{language}:{entry}")


@pytest.mark.parametrize(("language", "text", "reason"), cases(RECIPIENT))
def test_recipient_facts_read_as_before(language: str, text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:{language}:{reason}")


@pytest.mark.parametrize(("language", "text"), cases({k: [(t,) for t in v] for k, v in NOT_SENDING.items()}))
def test_does_not_read_these(language: str, text: str) -> None:
    assert read(text) is None


def test_every_sending_reason_in_each_language() -> None:
    wanted = {
        "rejected", "blocked", "requireptr", "securityerror", "authfailure", "spamdetected",
        "virusdetected", "mesgtoobig", "norelaying", "networkerror", "speeding", "toomanyconn",
        "systemfull", "systemerror", "expired", "notcompliantrfc",
    }  # fmt: skip
    for language, items in SENDING.items():
        assert {reason for _, reason, _ in items} == wanted, language


def test_unreachable_is_expired_once_the_mta_stops_trying() -> None:
    for language in SENDING:
        assert meaning.given_up(f"meaning:{language}:unreachable") == "expired"
