"""The Croatian and Serbian (Latin) meaning words (rules/meaning/hr.toml, probe55-lang3), read in
phrasings of our own (not the samples'), and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Korisnik ne postoji", "userunknown"),
        ("550 Nepoznat primatelj", "userunknown"),
        ("550 E-mail adresa nije pronađena", "userunknown"),
        ("550 Adresa primaoca nije pronadjena", "userunknown"),  # Serbian, dj for đ
        ("550 Nevažeća adresa primatelja", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Domena ne postoji", "hostunknown"),
        ("550 Nepoznata domena primatelja", "hostunknown"),
        # full (X.2.2)
        ("552 Sandučić primatelja je pun", "mailboxfull"),
        ("452 Korisnik je prekoračio kvotu", "mailboxfull"),
        ("552 Poštansko sanduče je puno", "mailboxfull"),  # Serbian
        # disabled (X.2.1)
        ("550 Korisnički račun je onemogućen", "suspend"),
        ("550 Račun e-pošte je suspendiran", "suspend"),
    ],
)
def test_croatian_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:hr:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Adresa pošiljatelja nije pronađena", "userunknown"),  # the sender's address
        ("535 Korisnik ne postoji ili je lozinka pogrešna", "userunknown"),  # a log-in
        ("451 Domena privremeno nije pronađena", "hostunknown"),  # for now
        ("550 Korisnik je prekoračio kvotu slanja", "mailboxfull"),  # a sending quota
        ("452 Poštanski pretinac nije pun", "mailboxfull"),  # negated
        ("550 Račun je zaključan: pogrešna lozinka", "suspend"),  # a log-in
    ],
)
def test_croatian_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
