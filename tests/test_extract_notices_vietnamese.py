"""A returned-mail notice written in Vietnamese (rules/notices.toml, language "vi"): its
introduction, its recipient label and its reason label make its rows, and the causes such a
notice names in Vietnamese are classified (rules/phrases/probe17-worldisp.toml). Written here
with other wording, hosts and labels than the samples, so the reading is shown to generalise.
"""

from __future__ import annotations

from bounce_analyzer.api import analyze_bytes

from .conftest import extracted, records


def notice(body: str) -> str:
    return (
        "From: Mail Delivery System <mailer-daemon@mail.example.vn>\n"
        "To: kinhdoanh@example.vn\nSubject: Thư bị trả về\nAuto-Submitted: auto-replied\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + body
    )


VIETNAMESE = notice(
    "Thư của bạn không thể gửi tới những người nhận sau đây.\n\n"
    "Địa chỉ người nhận: an.tran@example.com\n"
    "Lý do: không tìm thấy tên miền example.com\n\n"
    "Địa chỉ người nhận: binh@example.org\n"
    "Lý do: kích thước thư vượt quá giới hạn của máy chủ nhận\n"
)


def test_labelled_vietnamese_recipients_give_their_rows_and_reasons() -> None:
    found = records(VIETNAMESE)
    assert list(found) == ["an.tran@example.com", "binh@example.org"]
    assert "tên miền" in found["an.tran@example.com"].diagnostic
    assert "kích thước thư" in found["binh@example.org"].diagnostic
    assert "tên miền" not in found["binh@example.org"].diagnostic


def test_vietnamese_causes_are_classified() -> None:
    verdicts = {v.recipient: v for v in analyze_bytes(VIETNAMESE.encode("utf-8"))}
    assert verdicts["an.tran@example.com"].reason == "hostunknown"
    assert verdicts["binh@example.org"].reason == "mesgtoobig"


def test_a_lost_and_a_failed_connection_in_vietnamese() -> None:
    text = notice(
        "Không gửi được tới người nhận dưới đây:\n\n"
        "Người nhận: cuong@example.net\n"
        "Thông tin: đã mất kết nối tới mx.example.net [192.0.2.7]\n\n"
        "Người nhận: dung@example.com\n"
        "Thông tin: không thể kết nối đến máy chủ thư của người nhận\n"
    )
    verdicts = {v.recipient: v for v in analyze_bytes(text.encode("utf-8"))}
    assert verdicts["cuong@example.net"].reason == "networkerror"
    assert verdicts["dung@example.com"].reason == "expired"


def test_a_person_writing_the_same_words_is_no_bounce() -> None:
    text = (
        "From: Lan <lan@example.vn>\nTo: an@example.com\nSubject: Hỏi\n\n"
        "Hôm qua thư không gửi được đến người nhận: an.tran@example.com, anh kiểm tra giúp.\n"
    )
    found = extracted(text)
    assert found is None or not found.records
