"""The Finnish meaning words (rules/meaning/fi.toml, probe54-lang2), read in phrasings of our own
(not the samples'), and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Käyttäjää ei löydy", "userunknown"),
        ("550 Sähköpostiosoitetta ei ole olemassa", "userunknown"),
        ("550 Tuntematon vastaanottaja", "userunknown"),
        ("550 Virheellinen vastaanottajan osoite", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Verkkotunnusta ei ole olemassa", "hostunknown"),
        ("550 Vastaanottajan verkkotunnusta ei voitu selvittää", "hostunknown"),
        # full (X.2.2)
        ("552 Postilaatikko täynnä", "mailboxfull"),
        ("452 Sähköpostitili on ylittänyt kiintiönsä", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Sähköpostitili on jäädytetty", "suspend"),
        ("550 Vastaanottajan postilaatikko on lukittu", "suspend"),
        ("550 Käyttäjätili on passivoitu", "suspend"),
    ],
)
def test_finnish_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:fi:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Lähettäjän osoite on virheellinen", "userunknown"),  # the sender's address
        ("535 Käyttäjätiliä ei löydy tai salasana on väärä", "userunknown"),  # a log-in
        ("451 Verkkotunnusta ei voitu selvittää tilapäisesti", "hostunknown"),  # for now
        ("550 Käyttäjätili: päivittäinen kiintiö ylitetty", "mailboxfull"),  # a daily quota
        ("452 Postilaatikko ei ole täynnä", "mailboxfull"),  # negated
    ],
)
def test_finnish_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
