"""A returned-mail notice written in Korean (rules/notices.toml, language "ko"): its
introduction ('...에게 전달되지 않았습니다'), its recipient label (수신자, 받는 사람) and its
reason label (사유) make its rows, also when the recipients are numbered ('1)', '2.'); and a
notice in traditional Chinese introduced by 無法送達. Written here with other wording, hosts
and labels than the samples, so the reading is shown to generalise."""

from __future__ import annotations

from bounce_analyzer.api import analyze_bytes

from .conftest import extracted, records


def notice(body: str, subject: str = "Returned mail") -> str:
    return (
        "From: Mail Delivery System <mailer-daemon@mail.example.kr>\n"
        f"To: sales@example.kr\nSubject: {subject}\nAuto-Submitted: auto-replied\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + body
    )


KOREAN_NUMBERED = notice(
    "보내신 메일이 아래 받는 사람에게 전달되지 못했습니다.\n\n"
    "1. 받는 사람: jung.hoon@example.com\n"
    "   반송 사유: 550 5.1.1 User unknown\n\n"
    "2. 받는 사람: <yoon.ara@example.net>\n"
    "   반송 사유: 552 5.2.2 Mailbox full\n"
)


def test_numbered_korean_recipients_give_their_rows() -> None:
    found = records(KOREAN_NUMBERED)
    assert list(found) == ["jung.hoon@example.com", "yoon.ara@example.net"]
    assert "User unknown" in found["jung.hoon@example.com"].diagnostic
    assert "User unknown" not in found["yoon.ara@example.net"].diagnostic


def test_numbered_korean_recipients_are_classified() -> None:
    verdicts = {v.recipient: v for v in analyze_bytes(KOREAN_NUMBERED.encode("utf-8"))}
    assert verdicts["jung.hoon@example.com"].reason == "userunknown"
    assert verdicts["yoon.ara@example.net"].reason == "mailboxfull"


def test_a_korean_delay_notice_is_not_read_as_a_failure_by_its_introduction() -> None:
    # '아직 전달되지 않았습니다' (not yet delivered): no '...에게' before the verb
    text = notice("메일이 아직 전달되지 않았습니다. 계속 재시도합니다.\n\n수신자: han@example.com\n")
    found = extracted(text)
    assert found is None or "han@example.com" not in {r.recipient for r in found.records}


def test_traditional_chinese_introduction_and_labels() -> None:
    text = notice(
        "您的郵件無法送達下列收件者：\n\n收件者：chan.tai@example.hk\n原因：對方用戶不存在\n",
        subject="Undeliverable",
    )
    verdicts = {v.recipient: v for v in analyze_bytes(text.encode("utf-8"))}
    assert verdicts["chan.tai@example.hk"].reason == "userunknown"
