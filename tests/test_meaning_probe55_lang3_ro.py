"""The Romanian meaning words (rules/meaning/ro.toml, probe55-lang3), read in phrasings of our own
(not the samples'), and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Destinatar necunoscut", "userunknown"),
        ("550 Utilizatorul nu există", "userunknown"),
        ("550 Adresă de e-mail nevalidă", "userunknown"),
        ("550 Adresa destinatarului nu a fost găsită", "userunknown"),
        ("550 Utilizatorul nu exista", "userunknown"),  # written without diacritics
        # the recipient's domain unknown (X.1.2)
        ("550 Domeniul nu există", "hostunknown"),
        ("550 Domeniul destinatarului nu a putut fi rezolvat", "hostunknown"),
        # full (X.2.2)
        ("552 Căsuța poștală este plină", "mailboxfull"),
        ("452 Contul de e-mail a depășit cota", "mailboxfull"),
        ("552 Cutia postala este plina", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Contul a fost suspendat", "suspend"),
        ("550 Căsuța poștală a destinatarului este dezactivată", "suspend"),
    ],
)
def test_romanian_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:ro:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Adresa expeditorului este nevalidă", "userunknown"),  # the sender's address
        ("535 Utilizator necunoscut sau parolă greșită", "userunknown"),  # a log-in
        ("451 Domeniul nu a putut fi rezolvat temporar", "hostunknown"),  # for now
        ("550 Contul a depășit cota zilnică de trimitere", "mailboxfull"),  # a sending quota
        ("452 Căsuța poștală nu este plină", "mailboxfull"),  # negated
        ("550 Contul a fost dezactivat: parola a expirat", "suspend"),  # a log-in
    ],
)
def test_romanian_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
