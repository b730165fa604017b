"""The Bulgarian meaning words (rules/meaning/bg.toml, probe56-lang4), read in phrasings of our
own (not the samples'), and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Потребителят не съществува", "userunknown"),
        ("550 Получателят не е намерен", "userunknown"),
        ("550 Няма такъв потребител", "userunknown"),
        ("550 Невалиден адрес на получателя", "userunknown"),
        ("550 ПОЩЕНСКАТА КУТИЯ НЕ СЪЩЕСТВУВА", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Домейнът на получателя не съществува", "hostunknown"),
        ("550 Неизвестен домейн", "hostunknown"),
        # full (X.2.2)
        ("552 Кутията на получателя е пълна", "mailboxfull"),
        ("452 Пощенската кутия е достигнала квотата си", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Профилът на потребителя е изключен", "suspend"),
        ("550 Акаунтът е блокиран", "suspend"),
    ],
)
def test_bulgarian_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:bg:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Адресът на подателя не съществува", "userunknown"),  # the sender's address
        ("535 Потребителят не съществува или паролата е грешна", "userunknown"),  # a log-in
        ("550 Невалиден формат на адреса", "userunknown"),  # a format
        ("451 Домейнът временно не е намерен", "hostunknown"),  # for now
        ("452 Пощенската кутия не е пълна", "mailboxfull"),  # negated
        ("552 Размерът на писмото надвишава квотата на потребителя", "mailboxfull"),  # size
        ("550 Вашият акаунт е изключен", "suspend"),  # the sender's own account
        ("550 Писмото е блокирано", "suspend"),  # the message, not an account
    ],
)
def test_bulgarian_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
