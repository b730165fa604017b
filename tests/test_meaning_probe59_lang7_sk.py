"""The Slovak meaning words (rules/meaning/sk.toml, probe59-lang7), read in phrasings of our own
(not the samples'), with the case forms servers write, and beside them near-misses that must not
read so. Words Slovak spells as Czech does (adresa, účet, neexistuje) may be read by cs.toml's
entry first: the reason is what is asked."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Adresát sa nenašiel", "userunknown"),
        ("550 Adresa príjemcu nie je platná", "userunknown"),  # "nie" starts the predicate
        ("550 Príjemca nebol nájdený", "userunknown"),
        ("550 Neznámy používateľ", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Doména sa nenašla", "hostunknown"),
        ("550 Doména príjemcu je neznáma", "hostunknown"),
        # full (X.2.2)
        ("452 Schránka: presiahnuté vyhradené miesto pre úložisko", "mailboxfull"),
        ("552 Priečinok doručenej pošty je plný", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Účet používateľa je zakázaný", "suspend"),
    ],
)
def test_slovak_words_read(text: str, reason: str) -> None:
    found = read(text)
    assert found is not None and found[0] == reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("550 Adresát sa nenašiel", "userunknown"),
        ("550 Doména sa nenašla", "hostunknown"),
        ("552 Priečinok doručenej pošty je plný", "mailboxfull"),
        ("550 Účet používateľa je zakázaný", "suspend"),
    ],
)
def test_slovak_own_words_are_slovak_entries(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:sk:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Adresa odosielateľa neexistuje", "userunknown"),  # the sender's address
        ("553 Doména odosielateľa neexistuje", "hostunknown"),  # the sender's domain
        ("535 Nesprávne heslo: používateľ neznámy", "userunknown"),  # a log-in
        ("452 Schránka nie je plná", "mailboxfull"),  # negated
        ("550 Prekročený denný limit odosielania: účet plný", "mailboxfull"),  # a sending limit
        ("535 Účet je zakázaný: nesprávne heslo", "suspend"),  # a log-in
        ("550 Odosielateľ je zakázaný", "suspend"),  # the sender
    ],
)
def test_slovak_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
