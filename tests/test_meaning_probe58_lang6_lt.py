"""The Lithuanian meaning words (rules/meaning/lt.toml, probe58-lang6), read in phrasings of our
own (not the samples'), with the case forms servers write, and beside them near-misses that must
not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Adresatas nerastas", "userunknown"),
        ("550 Gavėjo pašto adresas neegzistuoja", "userunknown"),  # genitive owner
        ("550 Nepavyko rasti gavėjo", "userunknown"),
        ("550 Netinkamas gavėjo adresas", "userunknown"),
        ("550 Naudotojas nežinomas", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Gavėjo domenas neegzistuoja", "hostunknown"),
        ("550 Domenas nerastas", "hostunknown"),
        # full (X.2.2)
        ("552 Gavėjo pašto dėžutė yra pilna", "mailboxfull"),
        ("452 Paskyros kvota viršyta", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Gavėjo paskyra išjungta", "suspend"),
    ],
)
def test_lithuanian_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:lt:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Siuntėjo adresas nerastas", "userunknown"),  # the sender's address
        ("553 Siuntėjo domenas neegzistuoja", "hostunknown"),  # the sender's domain
        ("535 Neteisingas slaptažodis: naudotojas nerastas", "userunknown"),  # a log-in
        ("452 Pašto dėžutė nėra pilna", "mailboxfull"),  # negated
        ("550 Viršytas dienos siuntimo limitas: paskyra pilna", "mailboxfull"),  # a sending limit
        ("550 Jūsų paskyra išjungta", "suspend"),  # the sender's own account
        ("535 Paskyra išjungta: neteisingas slaptažodis", "suspend"),  # a log-in
    ],
)
def test_lithuanian_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
