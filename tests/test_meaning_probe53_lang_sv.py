"""The Swedish meaning words (rules/meaning/sv.toml, probe53-lang), read in phrasings of our own
(not the samples'), and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Mottagaren finns inte", "userunknown"),
        ("550 Användaren hittades inte", "userunknown"),
        ("550 E-postadressen existerar inte på denna server", "userunknown"),
        ("550 Mottagaradressen är ogiltig", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Domänen finns inte", "hostunknown"),
        ("550 Mottagarens domän kunde inte hittas", "hostunknown"),
        # full (X.2.2)
        ("552 Mottagarens brevlåda är full", "mailboxfull"),
        ("452 Postlådan är överfull", "mailboxfull"),
        ("552 Inkorgen har nått sin lagringsgräns", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Mottagarkontot är avstängt", "suspend"),
        ("550 E-postkontot är spärrat", "suspend"),
        ("550 Användaren har inaktiverats", "suspend"),
    ],
)
def test_swedish_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:sv:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("535 Användarnamn eller lösenord är ogiltigt", "userunknown"),  # a log-in's words
        ("550 Avsändaradressen är ogiltig", "userunknown"),  # the sender's address
        (
            "451 Domänen finns inte (tillfälligt fel vid uppslagning)",
            "hostunknown",
        ),  # a lookup failed for now
        ("550 Kontot har inte inaktiverats", "suspend"),  # negated
        (
            "550 Mottagarens dagliga sändningskvot är överfull",
            "mailboxfull",
        ),  # a daily sending quota
    ],
)
def test_swedish_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
