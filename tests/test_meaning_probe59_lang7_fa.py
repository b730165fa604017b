"""The Persian meaning words (rules/meaning/fa.toml, probe59-lang7), read in phrasings of our own
(not the samples'), written with a space, with the zero-width non-joiner (U+200C) and with the
ezafe marks servers write, and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 گیرنده یافت نشد", "userunknown"),
        ("550 نشانی ایمیل گیرنده وجود ندارد", "userunknown"),
        ("550 آدرس ایمیل نامعتبر است", "userunknown"),
        ("550 صندوق پستی پیدا نشد", "userunknown"),
        # the recipient's domain unknown (X.1.2), the ezafe written as HEH + HAMZA ABOVE and as
        # ZWNJ + YEH
        ("550 دامنه وجود ندارد", "hostunknown"),
        ("550 دامنهٔ گیرنده یافت نشد", "hostunknown"),
        (f"550 دامنه{ZWNJ}ی گیرنده وجود ندارد", "hostunknown"),
        # full (X.2.2)
        ("452 صندوق نامه پر شده", "mailboxfull"),
        ("552 صندوق پستی: تجاوز از حافظهٔ تخصیص یافته", "mailboxfull"),
        # disabled (X.2.1), with a space, with ZWNJ, and "غیر فعال" written apart
        ("550 حساب کاربری غیرفعال شده است", "suspend"),
        (f"550 حساب{ZWNJ}کاربری غیرفعال می{ZWNJ}باشد", "suspend"),
        ("550 حساب کاربری گیرنده غیر فعال می باشد", "suspend"),
    ],
)
def test_persian_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:fa:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 نشانی فرستنده معتبر نیست", "userunknown"),  # the sender's address
        ("553 دامنه فرستنده وجود ندارد", "hostunknown"),  # the sender's domain
        ("550 صندوق پستی فرستنده پر است", "mailboxfull"),  # the sender's mailbox (ezafe)
        ("535 تأیید هویت شکست خورد: گذرواژه نامعتبر", "userunknown"),  # a log-in
        ("535 نام کاربری پیدا نشد", "userunknown"),  # a log-in's user name
        ("550 ورود ناموفق بود: کاربر ناشناس", "userunknown"),  # a log-in
        ("452 صندوق پستی پر نیست", "mailboxfull"),  # negated after the word
        ("452 صندوق پستی پر نشده است", "mailboxfull"),  # negated after the word
        ("550 حساب کاربری غیرفعال نیست", "suspend"),  # negated after the word
    ],
)
def test_persian_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # typed on an Arabic keyboard: Arabic kaf and yeh for keheh and Persian yeh
        ("550 \u0643\u0627\u0631\u0628\u0631 \u0646\u0627\u0634\u0646\u0627\u0633", "userunknown"),
        ("550 \u0635\u0646\u062f\u0648\u0642 \u067e\u0633\u062a\u064a \u067e\u0631 \u0627\u0633\u062a", "mailboxfull"),
        # the ezafe as the one letter U+06C0 after "حافظه"
        ("552 \u0635\u0646\u062f\u0648\u0642 \u067e\u0633\u062a\u06cc: \u062a\u062c\u0627\u0648\u0632 \u0627\u0632 \u062d\u0627\u0641\u0638\u06c0 \u062a\u062e\u0635\u06cc\u0635 \u06cc\u0627\u0641\u062a\u0647", "mailboxfull"),
    ],
)
def test_arabic_letters_and_the_ezafe_letter_read_as_persian(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:fa:{reason}")
