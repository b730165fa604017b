"""The Norwegian meaning words (rules/meaning/no.toml, probe54-lang2), read in phrasings of our
own (not the samples'), and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Brukeren finnes ikke", "userunknown"),
        ("550 Mottakeradressen finnes ikke", "userunknown"),
        ("550 Ukjent mottaker", "userunknown"),
        ("550 E-postkontoen ble ikke funnet på denne serveren", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Domenet finnes ikke", "hostunknown"),
        ("550 Mottakerens domene er ukjent", "hostunknown"),
        # full (X.2.2)
        ("552 Innboksen er full", "mailboxfull"),
        ("452 E-postkontoen har overskredet kvoten", "mailboxfull"),
        ("552 Mottakerens postboks har nådd lagringsgrensen", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Brukeren er deaktivert", "suspend"),
        ("550 E-postkontoen har blitt deaktivert", "suspend"),
        ("550 Mottakeren er suspendert", "suspend"),
    ],
)
def test_norwegian_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:no:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Avsenderadressen er ugyldig", "userunknown"),  # the sender's address
        ("550 Kontoen finnes ikke, eller passordet er feil", "userunknown"),  # a log-in
        ("451 Mottakerdomenet er ukjent (midlertidig feil ved oppslag)", "hostunknown"),
        ("550 Kvote overskredet for daglig sending fra kontoen", "mailboxfull"),
        ("550 Kontoen er ikke sperret", "suspend"),  # negated
    ],
)
def test_norwegian_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
