"""A word file's `abbreviations`: words written with a full stop that ends no sentence, so that
what stands on both sides of it stays one clause (meaning.tokenise)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bounce_analyzer import meaning
from bounce_analyzer import rules as rulebook

from .conftest import meaning_of as read
from .test_meaning import GOOD


def test_an_abbreviation_ends_no_clause() -> None:
    text = "Siuntėjo el. pašto adresas nerastas"
    _, apart = meaning.tokenise(text)
    _, together = meaning.tokenise(text, abbreviations=frozenset({"el."}))
    assert apart[0] != apart[-1]  # a full stop ends a sentence
    assert together[0] == together[-1]
    # the listed word never ends one, wherever it stands; any other word still does
    _, listed = meaning.tokenise("rašė el. Gavėjas", abbreviations=frozenset({"el."}))
    assert listed[0] == listed[-1]
    _, other = meaning.tokenise("Adresas nerastas. Gavėjas", abbreviations=frozenset({"el."}))
    assert other[0] != other[-1]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("550 Gavėjo el. pašto adresas nerastas", "userunknown"),  # the recipient's address
        ("550 Netinkamas el. pašto adresas", "userunknown"),  # Roundcube's wording, invalid
        ("550 Siuntėjo el. pašto adresas nerastas", None),  # the sender's: not the recipient's
    ],
)
def test_lithuanian_e_mail_address_reads_as_one_clause(text: str, reason: str | None) -> None:
    found = read(text)
    assert (found[0] if found else None) == reason


def with_abbreviations(listed: str) -> str:
    """The test word file with an `abbreviations` line."""
    return GOOD.replace('negations = ["not"]', f'negations = ["not"]\nabbreviations = {listed}')


def test_an_abbreviation_must_be_one_word_with_its_full_stop(tmp_path: Path) -> None:
    (tmp_path / "xx.toml").write_text(with_abbreviations('["el"]'), "utf-8")
    with pytest.raises(rulebook.RuleError) as caught:
        meaning.load(str(tmp_path))
    assert "abbreviations" in str(caught.value)
    (tmp_path / "xx.toml").write_text(with_abbreviations('["e.g."]'), "utf-8")
    assert meaning.load(str(tmp_path)).abbreviations == frozenset({"e.g."})
