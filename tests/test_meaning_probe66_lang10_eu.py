"""The Basque meaning words (rules/meaning/eu.toml, probe66-lang10), read in phrasings of our own
(not the samples'), with the owner before its noun in the genitive ("hartzailearen helbidea") and
"ez" before the verb or before the subject ("Ez da hartzailea aurkitu"), and beside them
near-misses that must not read so: the sender's address, domain or account, a failed log-in, a
negated state, an unknown error, a temporary lookup, "unavailable", a key's state and a sending
quota."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Hartzailea ez da aurkitu", "userunknown", "userunknown"),
        ("550 Helbide elektroniko hori ez da existitzen", "userunknown", "userunknown"),
        ("550 Helbide baliogabea", "userunknown", "userunknown"),
        ("550 Ez da hartzailea aurkitu", "userunknown", "userunknown-ez-aurkitu"),
        ("550 Erabiltzailea ez dago", "userunknown", "userunknown-ez-dago"),
        # the recipient's domain unknown (X.1.2)
        ("550 Domeinu hori ezezaguna da", "hostunknown", "hostunknown"),
        ("550 Hartzailearen domeinua ez da aurkitu", "hostunknown", "hostunknown"),
        # full (X.2.2)
        ("452 Postontzia beteta dago", "mailboxfull", "mailboxfull"),
        ("552 Hartzailearen postontziak kuota gainditu du", "mailboxfull", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Hartzailearen kontua desgaituta dago", "suspend", "suspend"),
        ("550 Posta-kontua ez dago aktibo", "suspend", "suspend"),
    ],
)
def test_basque_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, f"meaning:eu:{entry}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Bidaltzailearen helbidea ez da existitzen", "userunknown"),  # the sender's address
        ("553 Bidaltzailearen domeinua ez da existitzen", "hostunknown"),  # the sender's domain
        ("550 Zure kontua desgaituta dago", "suspend"),  # your (the sender's) account
        ("550 Zure helbidea baliogabea da", "userunknown"),  # your address
        ("535 Autentifikazioak huts egin du: erabiltzaile ezezaguna", "userunknown"),  # log-in
        ("535 Erabiltzaile-izena edo pasahitza baliogabea", "userunknown"),
        ("535 Ez da erabiltzaile-izena aurkitu", "userunknown"),  # a log-in's username
        ("452 Postontzia ez dago beteta", "mailboxfull"),  # negated
        ("550 Kontua ez dago desgaituta", "suspend"),
        ("550 Errore ezezaguna", "userunknown"),  # an unknown error
        ("451 Domeinua ez da aurkitu, saiatu beranduago", "hostunknown"),  # for now
        ("550 Postontzia ez dago erabilgarri", "userunknown"),  # unavailable: no verdict
        ("550 Hartzailearen gakoa desgaituta dago", "suspend"),  # the recipient's key
        ("550 Eguneko bidalketa kuota gainditu du kontuak", "mailboxfull"),  # a sending quota
    ],
)
def test_basque_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason


def test_hungarian_ez_is_no_basque_negation() -> None:
    # Hungarian "ez" (this) before its words: no Basque negation stands in their way
    assert read("552 Ez a postafiók megtelt") == ("mailboxfull", "meaning:hu:mailboxfull")
