"""The Serbian (Cyrillic) meaning words (rules/meaning/sr.toml, probe60-lang8), read in phrasings
of our own (not the samples'), with the owner after its noun ("домен примаоца"), and beside them
near-misses that must not read so: the sender's address, domain or account, a failed log-in, a
negated state, an encryption key, an unknown error and a temporary lookup."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Прималац не постоји", "userunknown"),
        ("550 Адреса е-поште није пронађена", "userunknown"),
        ("550 Корисник није нађен", "userunknown"),
        ("550 Један или више неисправних прималаца", "userunknown"),
        # the recipient's domain unknown (X.1.2): the owner after the noun
        ("550 Домен не постоји", "hostunknown"),
        ("550 Домен примаоца није пронађен", "hostunknown"),
        # full (X.2.2)
        ("452 Поштанско сандуче је пуно", "mailboxfull"),
        ("552 Сандуче: премашен је додељен простор", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Налог је онемогућен", "suspend"),
        ("550 Кориснички налог примаоца је закључан", "suspend"),
    ],
)
def test_serbian_cyrillic_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:sr:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Адреса пошиљаоца није исправна", "userunknown"),  # the sender's address
        ("553 Домен пошиљаоца не постоји", "hostunknown"),  # the sender's domain
        ("550 Ваш налог је онемогућен", "suspend"),  # your (the sender's) account
        ("535 Потврђивање идентитета није успело: непознат корисник", "userunknown"),  # log-in
        ("535 Корисничко име не може бити пронађено, лозинка неисправна", "userunknown"),
        ("452 Сандуче није пуно", "mailboxfull"),  # negated
        ("550 Кључ примаоца је онемогућен", "suspend"),  # an encryption key
        ("550 Непозната грешка", "userunknown"),  # an unknown error
        ("451 Домен привремено није пронађен", "hostunknown"),  # for now
    ],
)
def test_serbian_cyrillic_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
