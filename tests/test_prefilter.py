"""The pre-filter never skips a search that would have matched (prefilter.py's soundness)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bounce_analyzer import prefilter
from bounce_analyzer.rules import load

RULES = load().rules


def skipped_wrongly(pattern: re.Pattern[str], text: str) -> bool:
    return pattern.search(text) is not None and not prefilter.may_match(pattern, prefilter.lowered(text))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # an alternation gives a needle per branch, and the longer requirement wins
        (r"user (?:unknown|not found)", ("not found", "unknown")),
        # a phrase without case is a needle; so is the ASCII branch beside it
        (r"ディレクトリのリストにありません|not listed", ("ディレクトリのリストにありません", "not listed")),
        (r"宛先不明です", ("宛先不明です",)),
        # a cased letter outside ASCII ends a run (lower() and IGNORECASE disagree on some)
        (r"empfänger unbekannt", ("nger unbekannt",)),
        (r"σας|ς", ()),
        (r"ab?c", ()),  # no run of three required characters
    ],
)
def test_needles(pattern: str, expected: tuple[str, ...]) -> None:
    assert set(prefilter.needles(pattern)) == set(expected)


def test_every_rule_example_gets_past_its_rules_needles() -> None:
    for rule in RULES:
        for example in rule.examples:
            assert not skipped_wrongly(rule.pattern, example), (rule.id, example)  # type: ignore[arg-type]


# Texts made of rule examples with their case changed and characters that trouble case
# folding (the four case traps, final sigma, sharp s, full-width and CJK letters) put in.
EXAMPLES = [example for rule in RULES for example in rule.examples]
ODD = ["\u0130", "\u0131", "\u017f", "\u212a", "\u03c2", "\u03a3", "\u00df", "\u1e9e", "\uff35",
       "\u30c7", "\u5b9b", " ", "\n"]

LOOKALIKES = [("k", "\u212a"), ("s", "\u017f"), ("i", "\u0131"), ("i", "\u0130")]


@st.composite
def texts(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(EXAMPLES))
    case = draw(st.sampled_from([str.upper, str.lower, str.title, str.swapcase, str]))
    text = case(text)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(ODD)) + text[at:]
    # a letter written as a character IGNORECASE takes for it (Kelvin sign for k, long s ...)
    letter, lookalike = draw(st.sampled_from(LOOKALIKES))
    if draw(st.booleans()) and letter in text.lower():
        at = text.lower().index(letter)
        text = text[:at] + lookalike + text[at + 1 :]
    return text


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(texts())
def test_no_rule_is_skipped_for_a_text_it_matches(text: str) -> None:
    for rule in RULES:
        assert not skipped_wrongly(rule.pattern, text), rule.id  # type: ignore[arg-type]
