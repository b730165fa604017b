"""The Hungarian meaning words (rules/meaning/hu.toml, probe54-lang2), read in phrasings of our
own (not the samples'), and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Ismeretlen címzett", "userunknown"),
        ("550 A felhasználó nem létezik", "userunknown"),
        ("550 Érvénytelen e-mail-cím", "userunknown"),
        ("550 Nincs ilyen felhasználó", "userunknown"),
        ("550 A postafiók nem található ezen a kiszolgálón", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 A tartomány nem létezik", "hostunknown"),
        ("550 A címzett tartománya nem oldható fel", "hostunknown"),
        # full (X.2.2)
        ("552 A postaláda megtelt", "mailboxfull"),
        ("452 A fiók túllépte a tárhelykvótát", "mailboxfull"),
        ("552 A címzett postafiókja tele van", "mailboxfull"),
        # disabled (X.2.1)
        ("550 A fiók fel van függesztve", "suspend"),
        ("550 A felhasználói fiók zárolva", "suspend"),
        ("550 A címzett postafiókja le lett tiltva", "suspend"),
    ],
)
def test_hungarian_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:hu:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 A feladó címe érvénytelen", "userunknown"),  # the sender's address
        ("535 A fiók nem található, vagy a jelszó hibás", "userunknown"),  # a log-in
        ("451 A címzett tartománya ideiglenesen nem oldható fel", "hostunknown"),  # for now
        ("550 A fiók napi küldési kvótája túllépve", "mailboxfull"),  # a daily sending quota
        ("550 A felhasználói fiók nincs letiltva", "suspend"),  # negated
    ],
)
def test_hungarian_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
