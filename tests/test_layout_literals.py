"""The alternations of notice words (layouts._literals) written for the regex engine's quick
test of a first letter: a case-sensitive class of the letter's case variants, then the word
boundary behind it. They must match exactly where the plain form (a boundary, then the phrase,
case-insensitive) matches, and the variants must be every character re.IGNORECASE takes for
the letter."""

from __future__ import annotations

import re
import sys

import pytest

from bounce_analyzer import prefilter
from bounce_analyzer.layouts import _literals

EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))


@pytest.mark.parametrize("letter", ["k", "s", "i", "a", "д", "σ", "ß", "é", "İ", "Ω"])
def test_case_variants_are_what_ignorecase_matches(letter: str) -> None:
    matched = re.compile(re.escape(letter), re.IGNORECASE).findall(EVERY_CHARACTER)
    assert prefilter.case_variants(letter) == "".join(sorted(matched))


def _plain(phrases: tuple[str, ...]) -> str:
    return "(?:" + "|".join(
        r"\b" + r"[ \t]{1,3}".join(map(re.escape, phrase.split())) + r"\b" for phrase in phrases
    ) + ")"


PHRASES = ("kein empfänger", "seguintes destinatários", "istek reddedildi", "сообщение не доставлено",
           "σφάλμα παράδοσης", "ärende", "not delivered")
TEXTS = [
    "KEIN Empfänger gefunden", "kein  empfänger", "xkein empfänger", "\u212aein empfänger",
    "Seguintes destinatários:", "ſeguintes destinatários", "İstek reddedildi", "ıstek reddedildi",
    "- Сообщение не доставлено", "несообщение не доставлено", "Σφάλμα παράδοσης", "ΣΦΆΛΜΑ ΠΑΡΆΔΟΣΗΣ",
    "Ärende: x", "_ärende", "9ärende", "was not delivered.", "wasnot delivered", "NOT\tDELIVERED",
    "a\nkein empfänger", "kein empfängerx",
]


@pytest.mark.parametrize("text", TEXTS)
def test_literals_match_where_the_plain_form_does(text: str) -> None:
    written = re.compile(_literals(PHRASES), re.IGNORECASE)
    plain = re.compile(_plain(PHRASES), re.IGNORECASE)
    assert [m.span() for m in written.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for start in range(len(text)):  # a search from a position sees what is behind it
        found, expected = written.search(text, start), plain.search(text, start)
        assert (found and found.span()) == (expected and expected.span())


def test_an_alternation_with_scoped_flags_is_still_split() -> None:
    source = _literals(("kein empfänger", "not delivered"))[3:-1]  # without the outer group
    assert len(prefilter.alternatives(source)) == 2
    assert prefilter.alternatives("(?i)kein|not") == ()
