"""The Danish meaning words (rules/meaning/da.toml, probe54-lang2), read in phrasings of our own
(not the samples'), and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Brugeren findes ikke", "userunknown"),
        ("550 Mailadressen eksisterer ikke på denne server", "userunknown"),
        ("550 Modtageradressen er ugyldig", "userunknown"),
        ("550 Ukendt modtager", "userunknown"),
        ("550 Postkassen blev ikke fundet", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Domænet findes ikke", "hostunknown"),
        ("550 Modtagerens domæne kunne ikke findes", "hostunknown"),
        # full (X.2.2)
        ("552 Indbakken er fuld", "mailboxfull"),
        ("452 Mailkontoen har overskredet sin kvote", "mailboxfull"),
        ("552 Modtagerens postkasse har nået sin lagergrænse", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Brugerkontoen er spærret", "suspend"),
        ("550 Mailkontoen er blevet deaktiveret", "suspend"),
        ("550 Modtageren er inaktiv", "suspend"),
    ],
)
def test_danish_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:da:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Afsenderadressen er ugyldig", "userunknown"),  # the sender's address
        ("550 Kontoen findes ikke, eller adgangskoden er forkert", "userunknown"),  # a log-in
        ("451 Modtagerdomænet kunne ikke findes midlertidigt", "hostunknown"),  # for now
        ("550 Kvoten er overskredet for daglig afsendelse fra kontoen", "mailboxfull"),
        ("550 Kontoen er ikke deaktiveret", "suspend"),  # negated
    ],
)
def test_danish_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
