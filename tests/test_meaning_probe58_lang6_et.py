"""The Estonian meaning words (rules/meaning/et.toml, probe58-lang6), read in phrasings of our own
(not the samples'), with the case forms servers write, and beside them near-misses that must not
read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Kasutajat ei leitud", "userunknown"),  # partitive object of "ei leitud"
        ("550 Saaja e-posti aadressi ei ole olemas", "userunknown"),
        ("550 Tundmatu adressaat", "userunknown"),
        ("550 Lubamatu e-posti aadress", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Domeeni ei leitud", "hostunknown"),
        ("550 Saaja domeen pole olemas", "hostunknown"),
        # full (X.2.2)
        ("552 Adressaadi postkast on täis", "mailboxfull"),  # genitive owner
        ("452 Postkasti kvoot on ületatud", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Kasutajakonto on lukustatud", "suspend"),
        ("550 E-posti konto on keelatud", "suspend"),
    ],
)
def test_estonian_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:et:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Saatja aadressi ei leitud", "userunknown"),  # the sender's address
        ("553 Saatja domeeni ei leitud", "hostunknown"),  # the sender's domain
        ("535 Vale parool: kasutajat ei leitud", "userunknown"),  # a log-in
        ("452 Postkast ei ole täis", "mailboxfull"),  # negated
        ("550 Igapäevase saatmise kvoot on ületatud", "mailboxfull"),  # a sending limit
        ("550 Teie konto on keelatud", "suspend"),  # the sender's own account
        ("535 Konto on lukustatud: vale parool", "suspend"),  # a log-in
    ],
)
def test_estonian_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
