"""The meaning tier's sending-side entries in Japanese, Chinese and Korean (rules/meaning/ja.toml,
zh.toml, ko.toml): what they read, that a recipient fact still comes first, and what they must
leave alone (negations, words about something else)."""

from __future__ import annotations

import pytest

from bounce_analyzer import meaning
from bounce_analyzer import rules as rulebook

from .conftest import meaning_of as read

# (text, reason, entry id): each worded the way a server might, not any one server's sentence.
# The character lists of all three languages are read together, so a Chinese sentence whose
# characters a Japanese entry also lists (失敗, SPF) may be read by that entry, as here.
SENDING = {
    "ja": [
        ("550 5.7.1 お客様のIPアドレスはブラックリストに登録されています", "blocked", "ja:blocked"),
        ("554 送信元IPアドレスからの接続は拒否されました", "blocked", "ja:blocked"),
        ("550 送信者のアドレスは拒否されました", "rejected", "ja:rejected"),
        ("550 差出人のメールアドレスが無効です", "rejected", "ja:rejected"),
        ("553 送信者のドメインは偽装されています", "rejected", "ja:rejected"),
        ("450 送信元ホストの逆引きができません", "requireptr", "ja:requireptr"),
        (
            "550 逆引きが設定されていないサーバーからのメールは受け付けません",
            "requireptr",
            "ja:requireptr",
        ),
        ("535 SMTP認証に失敗しました", "securityerror", "ja:securityerror"),
        ("530 TLSによる暗号化が必要です", "securityerror", "ja:securityerror"),
        ("550 証明書の有効期限が切れています", "securityerror", "ja:securityerror"),
        ("550 送信ドメイン認証に失敗しました", "authfailure", "ja:authfailure"),
        ("550 なりすましメールと判定されたため受信を拒否しました", "authfailure", "ja:authfailure"),
        ("550 このメールは迷惑メールと判定されました", "spamdetected", "ja:spamdetected"),
        ("550 メッセージはスパムと判断されました", "spamdetected", "ja:spamdetected"),
        ("554 ウイルスが検出されました", "virusdetected", "ja:virusdetected"),
        ("552 メールのサイズが大きすぎます", "mesgtoobig", "ja:mesgtoobig"),
        ("552 メッセージの最大サイズを超えています", "mesgtoobig", "ja:mesgtoobig"),
        ("550 リレーは許可されていません", "norelaying", "ja:norelaying"),
        ("421 同時接続数が多すぎます", "toomanyconn", "ja:toomanyconn"),
        ("452 宛先が多すぎます", "toomanyconn", "ja:toomanyconn"),
        ("421 送信頻度が高すぎるため、しばらく送信を制限します", "speeding", "ja:speeding"),
        ("451 接続がリセットされました", "networkerror", "ja:networkerror"),
        ("サーバーへの接続に失敗しました", "networkerror", "ja:unreachable"),
        ("接続がタイムアウトしました", "networkerror", "ja:unreachable"),
        ("452 ディスク容量が不足しています", "systemfull", "ja:systemfull"),
        (
            "451 システムエラーが発生しました。しばらくしてから再送してください",
            "systemerror",
            "ja:systemerror",
        ),
        ("メッセージの有効期限が切れました", "expired", "ja:expired"),
        ("554 ヘッダが不正です", "notcompliantrfc", "ja:notcompliantrfc"),
    ],
    "zh": [
        ("550 5.7.1 您的IP地址已被列入黑名单", "blocked", "zh:blocked"),
        ("554 发件人IP被屏蔽", "blocked", "zh:blocked"),
        ("550 发信IP不在允许列表中", "blocked", "zh:blocked"),
        ("550 您的服务器IP在反垃圾邮件组织的黑名单中", "blocked", "zh:blocked"),
        ("550 发件人地址被拒绝", "rejected", "zh:rejected"),
        ("553 發件人地址無效", "rejected", "zh:rejected"),
        ("550 发件人在黑名单中", "rejected", "zh:rejected"),
        ("450 无法反向解析您的IP地址", "requireptr", "zh:requireptr"),
        ("450 反向解析失败", "requireptr", "zh:requireptr"),
        ("550 PTR记录不存在", "requireptr", "zh:requireptr"),
        ("535 认证失败", "securityerror", "zh:securityerror"),
        ("535 身份核對失敗", "securityerror", "ja:securityerror"),
        ("530 必须使用TLS加密连接", "securityerror", "zh:securityerror"),
        ("550 登录失败次数过多", "securityerror", "zh:securityerror"),
        ("550 DMARC验证未通过", "authfailure", "ja:authfailure"),
        ("550 不符合发件人策略框架", "authfailure", "zh:authfailure"),
        ("550 该邮件被判定为垃圾邮件", "spamdetected", "zh:spamdetected"),
        ("550 邮件内容含有广告", "spamdetected", "zh:spamdetected"),
        ("554 邮件被反垃圾系统拦截", "spamdetected", "zh:spamdetected"),
        ("554 郵件含有病毒", "virusdetected", "zh:virusdetected"),
        ("552 邮件过大", "mesgtoobig", "zh:mesgtoobig"),
        ("552 郵件大小超過伺服器限制", "mesgtoobig", "zh:mesgtoobig"),
        ("附件过大，收件人邮箱无法接收", "mesgtoobig", "zh:mesgtoobig"),
        ("550 不允许中继", "norelaying", "zh:norelaying"),
        ("550 中繼被拒絕", "norelaying", "zh:norelaying"),
        ("421 并发连接数过多", "toomanyconn", "zh:toomanyconn"),
        ("452 收件人太多", "toomanyconn", "zh:toomanyconn"),
        ("421 发送频率过高，请稍后再试", "speeding", "zh:speeding"),
        ("421 该IP发信频率过高，已被禁止", "speeding", "zh:speeding"),
        ("451 连接被重置", "networkerror", "zh:networkerror"),
        ("连接被拒绝", "networkerror", "zh:unreachable"),
        ("連線逾時", "networkerror", "zh:unreachable"),
        ("452 磁盘空间不足", "systemfull", "zh:systemfull"),
        ("451 系统繁忙，请稍后再试", "systemerror", "zh:systemerror"),
        ("队列中的邮件已过期", "expired", "zh:expired"),
        ("554 邮件头格式错误", "notcompliantrfc", "zh:notcompliantrfc"),
    ],
    "ko": [
        ("550 5.7.1 귀하의 IP 주소가 블랙리스트에 등록되어 있습니다", "blocked", "ko:blocked"),
        ("554 발송 IP가 차단되었습니다", "blocked", "ko:blocked"),
        ("421 스팸 IP로 판단되어 연결이 차단되었습니다", "blocked", "ko:blocked"),
        ("550 발신자 주소가 거부되었습니다", "rejected", "ko:rejected"),
        ("553 발신자 도메인이 위조되었습니다", "rejected", "ko:rejected"),
        ("450 역방향 조회에 실패했습니다", "requireptr", "ko:requireptr"),
        ("550 PTR 레코드가 설정되지 않은 서버입니다", "requireptr", "ko:requireptr"),
        ("535 SMTP 오류: 인증을 실패했습니다", "securityerror", "ko:securityerror"),
        ("530 TLS 암호화가 필요합니다", "securityerror", "ko:securityerror"),
        ("550 인증서가 만료되었습니다", "securityerror", "ko:securityerror"),
        ("550 발신 도메인 인증에 실패했습니다", "authfailure", "ko:authfailure"),
        ("550 메일이 스팸으로 판단되어 수신이 거부되었습니다", "spamdetected", "ko:spamdetected"),
        ("554 메시지에서 바이러스가 발견되었습니다", "virusdetected", "ko:virusdetected"),
        ("552 메시지 크기가 서버 제한을 넘었습니다", "mesgtoobig", "ko:mesgtoobig"),
        ("552 보내신 메일의 크기가 커서 수신을 차단하였습니다", "mesgtoobig", "ko:mesgtoobig"),
        ("550 릴레이가 허용되지 않습니다", "norelaying", "ko:norelaying"),
        ("421 동시 접속 수가 너무 많습니다", "toomanyconn", "ko:toomanyconn"),
        ("452 받는 사람이 너무 많습니다", "toomanyconn", "ko:toomanyconn"),
        ("421 발송량 제한을 초과했습니다", "speeding", "ko:speeding"),
        (
            "보낸 사람의 전송 할당량이 초과되어 메시지를 전송할 수 없습니다.",
            "speeding",
            "ko:speeding",
        ),
        ("451 연결이 끊어졌습니다", "networkerror", "ko:networkerror"),
        ("연결이 거부되었습니다", "networkerror", "ko:unreachable"),
        ("응답 시간이 초과되었습니다", "networkerror", "ko:unreachable"),
        ("452 디스크 공간이 부족합니다", "systemfull", "ko:systemfull"),
        ("451 수신 서버의 일시적인 장애로 메일을 받지 못했습니다", "systemerror", "ko:systemerror"),
        ("메시지가 만료되었습니다", "expired", "ko:expired"),
        ("554 헤더 형식이 잘못되었습니다", "notcompliantrfc", "ko:notcompliantrfc"),
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
        (
            "受信者のメールボックスが格納域の制限を超え、それ以上新しいメッセージを受け付けられません。",
            "mailboxfull",
        ),
        ("送信先の電子メール システムに該当する受信者が存在しない。", "userunknown"),
        # a recipient fact anywhere comes before a sending-side one
        ("接続がタイムアウトしました。宛先のメールアドレスは存在しません", "userunknown"),
    ],
    "zh": [
        ("550 收件人邮箱不存在", "userunknown"),
        ("550 该邮件地址不存在", "userunknown"),
        ("您发送的邮件因收件人不存在被退回", "userunknown"),
        ("邮件无法投递：用户不存在", "userunknown"),
        ("邮件被退回，因为收件人邮箱已满", "mailboxfull"),
        ("退信原因：收件人邮箱已满，无法接收新邮件。", "mailboxfull"),
        ("收件人的邮箱已超过其存储配额，无法再接收新邮件。", "mailboxfull"),
        ("目标电子邮件系统中没有收件人。", "userunknown"),
        ("收件者不存在", "userunknown"),  # Taiwan's word for the recipient
        ("连接超时。收件人不存在", "userunknown"),
    ],
    "ko": [
        ("550 존재하지 않는 사용자입니다", "userunknown"),
        ("550 받는 사람의 메일 주소가 존재하지 않습니다", "userunknown"),
        ("552 받는 사람의 메일함이 가득 찼습니다", "mailboxfull"),
        ("메일을 보낼 수 없습니다: 받는 사람의 메일함 용량이 부족합니다", "mailboxfull"),
        (
            "받는 사람의 사서함 저장소 할당량을 초과 했습니다 하 고 새 메시지를 수락할 수 더이상 합니다.",
            "mailboxfull",
        ),
        ("550 수신자 계정이 휴면 상태입니다", "suspend"),
        ("550 없는 아이디입니다", "userunknown"),
        ("연결 시간 초과. 존재하지 않는 사용자입니다", "userunknown"),
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
    ],
    "zh": [
        "550 这不是垃圾邮件",  # negated
        "550 非垃圾邮件",
        "发件人邮箱已满",  # the sender's own mailbox: not the recipient's
        "邮件中没有收件人地址",
        # advice that names spam and viruses is not a finding of them
        "该IP发送行为异常，被临时禁止连接。请检查是否有用户发送病毒或者垃圾邮件",
    ],
    "ko": [
        "550 이 메시지는 스팸이 아닙니다",  # negated
        "451 바이러스 검사 시간이 초과되었습니다",  # the receiver's scanner
        "552 메일함 크기 제한을 넘었습니다",  # the mailbox's limit, not the message's
        "550 메일 주소가 잘못된 형식입니다",
    ],
}


# A domain that takes no mail (RFC 7505), a recipient refusing this sender, a group or list open
# to its members, a header field missing or repeated, the SMTP conversation going wrong, and the
# shorter network, limit, expiry, log-in, suspend and verb forms: (text, entry).
PIECES = {
    "ja": [
        ("550 このドメインはメールを受け付けていません", "ja:notaccept"),
        ("550 受信者の受信拒否設定により配信できませんでした", "ja:filtered-by-recipient"),
        # Microsoft's Japanese NDR example of a mailbox's policy refusal
        ("550 5.7.1 送信者は受信者にメッセージを送信することを許可されていません", "ja:filtered"),
        ("550 このリストはメンバーのみ投稿できます", "ja:filtered"),
        # a carrier subscriber's receive settings, with no subject word near them
        ("受信拒否設定により配信できませんでした", "ja:filtered"),
        ("550 ドメイン指定受信の設定により受信できません", "ja:filtered"),
        ("554 Message-IDヘッダーがありません", "ja:notcompliantrfc-header"),
        ("554 Subjectヘッダーが重複しています", "ja:notcompliantrfc-header"),
        ("500 プロトコルエラー", "ja:syntaxerror"),  # glibc ja.po EPROTO
        ("421 不明なコマンドが多すぎます", "ja:syntaxerror"),
        ("451 再試行回数の上限に達しました", "ja:expired"),
        ("ホストが落ちています", "ja:unreachable"),  # glibc ja.po EHOSTDOWN
        ("名前解決に一時的に失敗しました", "ja:unreachable"),  # glibc ja.po EAI_AGAIN
        ("接続が相手からリセットされました", "ja:networkerror"),  # glibc ja.po ECONNRESET
        ("451 1日の送信上限に達しました", "ja:speeding"),
        ("530 認証が提供されていません", "ja:securityerror"),
        ("550 このアカウントは受信が許可されていません", "ja:suspend"),
        ("554 送信元IPアドレスからの接続は受け付けていません", "ja:blocked"),
    ],
    "zh": [
        ("550 该域名不接受邮件", "zh:notaccept"),
        # a person's own block list: the recipient refuses this sender (not a listed host)
        ("550 用户已将您加入黑名单", "zh:filtered-by-recipient"),
        ("550 收件人已将您加入黑名单", "zh:filtered-by-recipient"),
        # Microsoft's Chinese description of a refusal for a local recipient
        ("550 没有向该收件人地址发送邮件的权限", "zh:filtered"),
        ("550 该邮件列表仅限成员发信", "zh:filtered"),
        ("554 Subject邮件头重复", "zh:notcompliantrfc-header"),
        ("500 协议错误", "zh:syntaxerror"),  # glibc zh_CN.po EPROTO
        ("500 協定錯誤", "zh:syntaxerror"),  # glibc zh_TW.po EPROTO
        ("503 命令顺序错误", "zh:syntaxerror"),
        ("451 重试次数过多", "zh:expired"),
        ("主机关闭", "zh:unreachable"),  # glibc zh_CN.po EHOSTDOWN
        ("域名解析暂时失败", "zh:unreachable"),  # glibc zh_CN.po EAI_AGAIN
        ("連線被對方重設", "zh:networkerror"),  # glibc zh_TW.po ECONNRESET
        ("451 已达到每日发送上限", "zh:speeding"),
        ("530 服务器未提供认证", "zh:securityerror"),
        ("550 该账户不允许接收邮件", "zh:suspend"),
        ("550 我们不接受来自该ip地址的连接", "zh:blocked"),
    ],
    "ko": [
        ("550 이 도메인은 메일을 받지 않습니다", "ko:notaccept"),
        ("550 수신자의 수신 거부 목록에 등록되어 있습니다", "ko:filtered-by-recipient"),
        ("550 이 목록은 회원만 보낼 수 있습니다", "ko:filtered"),
        ("554 Message-ID 헤더가 누락되었습니다", "ko:notcompliantrfc-header"),
        ("554 Subject 헤더가 중복되었습니다", "ko:notcompliantrfc-header"),
        ("500 규약 오류", "ko:syntaxerror"),  # glibc ko.po EPROTO
        ("421 알 수 없는 명령이 너무 많습니다", "ko:syntaxerror"),
        ("451 최대 재시도 횟수를 초과했습니다", "ko:expired"),
        ("호스트가 죽었습니다", "ko:unreachable"),  # glibc ko.po EHOSTDOWN
        ("상대편이 연결을 끊음", "ko:networkerror"),  # glibc ko.po ECONNRESET
        ("451 일일 발송 한도를 초과했습니다", "ko:speeding"),
        ("530 인증이 제공되지 않습니다", "ko:securityerror"),
        ("550 이 계정은 수신이 허용되지 않습니다", "ko:suspend"),
    ],
}

# Words of those entries that must not decide: a syntax error in an address, a header too large,
# a refused sending host (a bare 受信拒否 or 수신 거부 is not listed, so 拒否 still reads it).
NOT_PIECES = {
    "ja": ["501 送信者アドレスの構文エラー", "552 ヘッダーのサイズが大きすぎます"],
    "zh": ["501 发件人地址语法错误", "552 邮件头过大"],
    "ko": ["501 발신자 주소 구문 오류", "552 헤더 크기가 너무 큽니다"],
}


def cases(table: dict[str, list]) -> list:
    return [(language, *case) for language, items in table.items() for case in items]


@pytest.mark.parametrize(("language", "text", "reason", "entry"), cases(SENDING))
def test_reads_the_sending_side(language: str, text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, f"meaning:{entry}")


@pytest.mark.parametrize(("language", "text", "reason"), cases(RECIPIENT))
def test_recipient_facts_read_as_before(language: str, text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:{language}:{reason}")


@pytest.mark.parametrize(
    ("language", "text"), cases({k: [(t,) for t in v] for k, v in NOT_SENDING.items()})
)
def test_does_not_read_these(language: str, text: str) -> None:
    assert read(text) is None


@pytest.mark.parametrize(("language", "text", "entry"), cases(PIECES))
def test_reads_the_pieces(language: str, text: str, entry: str) -> None:
    found = read(text)
    assert found is not None and found[1] == f"meaning:{entry}", found


@pytest.mark.parametrize(
    ("language", "text"), cases({k: [(t,) for t in v] for k, v in NOT_PIECES.items()})
)
def test_pieces_words_that_must_not_decide(language: str, text: str) -> None:
    found = read(text)
    assert found is None or found[0] not in {"syntaxerror", "notcompliantrfc"}, found


@pytest.mark.parametrize(
    "text",
    ["550 送信元IPアドレスからの受信を拒否しました", "550 发信ip被拒绝", "550 발송 IP 수신 거부"],
)
def test_a_refused_sending_host_still_reads_blocked(text: str) -> None:
    found = read(text)
    assert found is not None and found[0] == "blocked", found


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


@pytest.mark.parametrize(
    "text",
    [
        "黑名单" * 3000,
        "认证失败" * 2000,
        "迷惑メール" * 1500,
        "스팸으로 판단" * 1000,
        "ip地址被拒绝" * 1000,
    ],
)
def test_character_scan_stays_bounded(text: str) -> None:
    # As tests/test_meaning.py's test_character_scan_is_bounded, with the sending-side words.
    loaded = meaning.load()
    _, steps = meaning._scan_characters(rulebook.normalise_text(text).lower(), loaded)
    most = max(len(e.predicates) + len(e.alone) for e in loaded.char_entries)
    per_hit = 2 + 2 * meaning.CHAR_WINDOW + len(loaded.char_entries) * most
    assert steps <= meaning.MAX_HITS * per_hit
