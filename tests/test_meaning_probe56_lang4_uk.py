"""The Ukrainian meaning words (rules/meaning/uk.toml, probe56-lang4), read in phrasings of our
own (not the samples'), and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Невідомий користувач", "userunknown"),
        ("550 Адресата не знайдено", "userunknown"),
        ("550 Поштова скринька не існує", "userunknown"),
        ("550 Недійсна адреса одержувача", "userunknown"),
        ("550 ОТРИМУВАЧА НЕ ЗНАЙДЕНО", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Такого домена не існує", "hostunknown"),
        ("550 Невідомий домен одержувача", "hostunknown"),
        # full (X.2.2)
        ("452 Скринька одержувача переповнена", "mailboxfull"),
        ("552 Користувач перевищив квоту: перевищено квоту поштової скриньки", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Обліковий запис вимкнено", "suspend"),
        ("550 Поштову скриньку заблоковано", "suspend"),
    ],
)
def test_ukrainian_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:uk:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Адресу відправника не знайдено", "userunknown"),  # the sender's address
        ("535 Невірний логін або пароль: користувач невідомий", "userunknown"),  # a log-in
        ("550 Сталася невідома помилка користувача", "userunknown"),  # an unknown error
        ("451 Домен тимчасово не знайдено", "hostunknown"),  # for now
        ("452 Поштова скринька не переповнена", "mailboxfull"),  # negated
        ("550 Користувач перевищив квоту надсилання: перевищено квоту", "mailboxfull"),  # sending
        ("550 Ваш обліковий запис вимкнено", "suspend"),  # the sender's own account
        ("550 Ваш лист заблоковано", "suspend"),  # the message, not an account
    ],
)
def test_ukrainian_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
