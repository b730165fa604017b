"""The Slovenian meaning words (rules/meaning/sl.toml, probe55-lang3), read in phrasings of our own
(not the samples'), and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Uporabnik ne obstaja", "userunknown"),
        ("550 Neznan prejemnik", "userunknown"),
        ("550 E-poštni naslov ni bil najden", "userunknown"),
        ("550 Neveljaven naslov prejemnika", "userunknown"),
        ("550 Neveljaven elektronski naslov prejemnika", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Domena ne obstaja", "hostunknown"),
        ("550 Domena prejemnika ni bila najdena", "hostunknown"),
        # full (X.2.2)
        ("552 Poštni predal je poln", "mailboxfull"),
        ("452 Uporabnik je presegel kvoto", "mailboxfull"),
        ("552 Nabiralnik prejemnika: presežena kvota", "mailboxfull"),
        # disabled (X.2.1)
        ("550 E-poštni račun je zaklenjen", "suspend"),
        ("550 Uporabniški račun je ukinjen", "suspend"),
    ],
)
def test_slovenian_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:sl:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Naslov pošiljatelja ne obstaja", "userunknown"),  # the sender's address
        ("553 Neveljaven elektronski naslov pošiljatelja", "userunknown"),  # the sender's
        ("535 Uporabnik neznan ali napačno geslo", "userunknown"),  # a log-in
        ("451 Domena začasno ni najdena", "hostunknown"),  # for now
        ("550 Uporabnik je presegel kvoto pošiljanja", "mailboxfull"),  # a sending quota
        ("452 Nabiralnik ni poln", "mailboxfull"),  # negated
        ("550 Račun je zaklenjen zaradi napačnega gesla", "suspend"),  # a log-in
    ],
)
def test_slovenian_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
