"""The Macedonian meaning words (rules/meaning/mk.toml, probe65-lang9), read in phrasings of our
own (not the samples'), with the article written as an ending ("сандачето") and the owner after
"на" ("доменот на примачот"), and beside them near-misses that must not read so: the sender's
address, domain or account, a failed log-in, a negated state, an unknown error, a temporary
lookup, a filter and a full name. Words spelt as in Serbian, Bulgarian or Russian are read by
those files' entries, with the same reason."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Е-поштенската адреса не постои", "userunknown"),
        ("550 Корисникот не е најден", "userunknown"),
        ("550 Еден или повеќе невалидни примачи", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Доменот на примачот не е пронајден", "hostunknown"),
        ("550 Непостоечки домен", "hostunknown"),
        # full (X.2.2)
        ("552 Сандачето е полно", "mailboxfull"),
        ("552 Сандаче: надминато е алоцирањето на складиштето", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Поштенското сандаче е оневозможено", "suspend"),
        ("550 Корисничката сметка е заклучена", "suspend"),
    ],
)
def test_macedonian_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:mk:{reason}")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("550 Непознат корисник", "userunknown"),  # sr.toml's "непознат"
        ("550 Оваа сметка е неактивна", "suspend"),  # ru.toml's "неактивна"
    ],
)
def test_macedonian_words_spelt_as_elsewhere_read_the_same(text: str, reason: str) -> None:
    found = read(text)
    assert found is not None and found[0] == reason


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("553 Адресата на испраќачот не е валидна", "userunknown"),  # the sender's address
        ("553 Доменот на испраќачот не постои", "hostunknown"),  # the sender's domain
        ("550 Вашата сметка е деактивирана", "suspend"),  # your (the sender's) account
        ("535 Корисничкото име не е најдено", "userunknown"),  # log-in
        ("535 Автентификација е не успешна: непознат корисник", "userunknown"),
        ("452 Сандачето не е полно", "mailboxfull"),  # negated
        ("550 Непозната грешка", "userunknown"),  # an unknown error
        ("451 Доменот привремено не е пронајден", "hostunknown"),  # for now
        ("550 Испраќачот не е од мојот домен", "hostunknown"),  # the sender's, and no verdict
        ("550 Филтер исклучен", "suspend"),  # a filter
        ("550 Полно име на корисникот", "mailboxfull"),  # a full name
    ],
)
def test_macedonian_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
