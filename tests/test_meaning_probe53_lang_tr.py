"""The Turkish meaning words (rules/meaning/tr.toml, probe53-lang), read in phrasings of our own
(not the samples'), and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Alıcı adresi mevcut değil", "userunknown"),
        ("550 Bu kullanıcı bulunamadı", "userunknown"),
        ("550 Alici adresi gecersiz", "userunknown"),  # written without Turkish letters
        ("550 E-posta hesabı kayıtlı değil", "userunknown"),
        ("550 Bilinmeyen kullanıcı", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Alan adı bulunamadı", "hostunknown"),
        ("550 Alıcının alan adı çözümlenemedi", "hostunknown"),
        # full (X.2.2)
        ("552 Posta kutusu doldu", "mailboxfull"),
        ("452 Kullanıcının kotası aşıldı", "mailboxfull"),
        ("552 Alıcı hesabı depolama sınırına ulaştı", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Kullanıcı hesabı askıya alındı", "suspend"),
        ("550 Posta kutusu etkin değil", "suspend"),
        ("550 Alici hesabi devre disi", "suspend"),
    ],
)
def test_turkish_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:tr:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("535 Kullanıcı adı veya şifre geçersiz", "userunknown"),  # a log-in's words
        ("550 Gönderen adresi geçersiz", "userunknown"),  # the sender's address
        ("451 Alan adı geçici olarak çözümlenemedi", "hostunknown"),  # a lookup failed for now
        ("550 Kullanıcının günlük gönderim kotası doldu", "mailboxfull"),  # a daily sending quota
        ("550 Alıcı hesabı hiçbir zaman askıya alındı", "suspend"),  # negated
    ],
)
def test_turkish_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
