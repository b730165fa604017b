"""The Arabic meaning words (rules/meaning/ar.toml, probe57-lang5), read in phrasings of our own
(not the samples'), the prefixed forms (ال the, ل to, و and) among them, and beside them
near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 مستخدم مجهول", "userunknown"),
        ("550 عنوان البريد الإلكتروني غير صالح", "userunknown"),
        ("550 عنوان البريد الالكتروني غير صحيح", "userunknown"),  # written without hamza
        ("550 لم يتم العثور على المستلم", "userunknown"),  # the predicate first
        ("550 الحساب غير موجود", "userunknown"),
        ("550 \u200fالمستخدم غير موجود", "userunknown"),  # a right-to-left mark before it
        # the recipient's domain unknown (X.1.2)
        ("550 النطاق غير موجود", "hostunknown"),
        ("550 لم يتم العثور على النطاق", "hostunknown"),
        ("550 نطاق المستلم غير معروف", "hostunknown"),  # the idafa names the domain
        # full (X.2.2)
        ("552 صندوق البريد ممتلئ", "mailboxfull"),
        ("552 صندوق البريد تجاوز الحصة", "mailboxfull"),
        ("552 للمستلم: علبة البريد ممتلئة", "mailboxfull"),  # ل + ال: to the recipient
        # disabled (X.2.1)
        ("550 حساب المستلم معطل", "suspend"),
        ("550 تم تعليق الحساب", "suspend"),
        ("550 والمستلم تم تعطيل حسابه", "suspend"),  # و + ال: and the recipient
    ],
)
def test_arabic_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:ar:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 عنوان المرسل غير موجود", "userunknown"),  # the sender's address
        ("550 نطاق المرسل غير موجود", "hostunknown"),  # the sender's domain
        ("550 تم تعطيل حسابك", "suspend"),  # your account
        ("535 اسم المستخدم أو كلمة المرور غير صحيحة", "userunknown"),  # a log-in
        ("550 خطأ غير معروف للمستخدم", "userunknown"),  # an unknown error
        ("451 النطاق غير موجود مؤقتا", "hostunknown"),  # for now
        ("452 صندوق البريد غير ممتلئ", "mailboxfull"),  # negated
        ("550 تم تجاوز حد الإرسال اليومي للمستخدم", "mailboxfull"),  # a sending limit
    ],
)
def test_arabic_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason


@pytest.mark.parametrize(
    "text",
    [
        "550 المُستخدم غير موجود",  # a vowel mark (damma) inside the word
        "550 المستخـدم غير موجود",  # tatweel inside the word
        "550 الْمُسْتَخْدِمُ غَيْرُ مَوْجُودٍ",  # every vowel and tanween written
    ],
)
def test_arabic_marks_do_not_change_a_word(text: str) -> None:
    # harakat and tatweel are taken out before a text is cut into words (meaning.MARKS)
    assert read(text) == ("userunknown", "meaning:ar:userunknown")


def test_hamza_forms_of_alef_read_alike() -> None:
    # أ إ آ fold to ا (NFKD and MARKS), so both spellings servers use read the same
    assert read("550 عنوان البريد الإلكتروني غير موجود") == read(
        "550 عنوان البريد الالكتروني غير موجود"
    )
