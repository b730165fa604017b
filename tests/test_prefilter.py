"""The pre-filter never skips a search that would have matched (prefilter.py's soundness)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bounce_analyzer import prefilter
from bounce_analyzer.rules import load

RULESET = load()
RULES = RULESET.rules


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


# -- the rule set's needle index ---------------------------------------------------------------


def by_needles(needle_lists: list[tuple[str, ...]], low: str | None) -> list[int]:
    """What the index must answer: every list with a needle in the text, or with none."""
    return [
        index for index, found in enumerate(needle_lists)
        if not found or low is None or any(needle in low for needle in found)
    ]


@settings(max_examples=600, deadline=None, derandomize=True)
@given(texts())
def test_the_needle_index_names_the_rules_whose_needles_allow_a_text(text: str) -> None:
    lists = [rule.needles for rule in RULES]
    low = prefilter.lowered(text)
    assert list(RULESET.rule_index().candidates(low)) == by_needles(lists, low)


PIECES = st.sampled_from(["a", "b", "ab", "ba", "aab", "\u30c7", " "])


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(
    st.lists(st.lists(st.lists(PIECES, min_size=1, max_size=5).map("".join), max_size=3).map(tuple), max_size=8),
    st.lists(PIECES, max_size=12).map("".join),
)
def test_the_needle_index_answers_as_a_test_per_needle(lists: list[tuple[str, ...]], text: str) -> None:
    # Short needles (under three characters) and needles that share pieces included.
    index = prefilter.NeedleIndex(lists)
    for built in (index, prefilter.NeedleIndex.from_plain(index.plain())):
        assert list(built.candidates(text)) == by_needles(lists, text)
    assert list(index.candidates(None)) == list(range(len(lists)))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\b(?:ab|cd)", ("ac",)),  # \b steps aside; one character per branch
        (r"(?<!-)(?:foo|bar)", ("bf",)),  # so does a lookbehind
        (r"^(?:ab|cd)", ()),  # anchored: the engine tries few places anyway
        (r"(?:ab|)c", ()),  # a branch that can be empty: any character may start a match
        (r"(?:a|b)*x", ()),  # an optional start
        (r"(?i:ab|cd)", ()),  # case folded by flags of its own
        (r"(?:[a-z]x|y)", ()),  # a class: not a short list of literals
        (r"abc", ()),  # one literal start: the engine's prefix scan does better
    ],
)
def test_first_characters(pattern: str, expected: tuple[str, ...]) -> None:
    assert prefilter.first_characters(pattern, re.IGNORECASE) == expected


def guarded_patterns() -> list[re.Pattern[str]]:
    from bounce_analyzer import smtp as smtp_text
    from bounce_analyzer.layouts import LAYOUTS

    found = [layout.detect for layout in LAYOUTS]
    for value in vars(smtp_text).values():
        items = value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            item = item[0] if isinstance(item, tuple) and item else item
            if isinstance(item, re.Pattern):
                found.append(item)
    return [pattern for pattern in found if prefilter.guarded(pattern) is not pattern]


def test_some_patterns_are_guarded() -> None:
    assert guarded_patterns()


def test_a_guarded_twin_has_the_groups_of_its_pattern() -> None:
    # guarded() no longer compares them (a rule's lazy pattern would be compiled for it)
    patterns_seen = [*guarded_patterns(), *(rule.pattern for rule in RULESET.rules)]
    twins = 0
    for pattern in patterns_seen:
        twin = prefilter.guarded(pattern)
        if twin is not pattern:
            twins += 1
            assert (twin.groups, twin.groupindex) == (pattern.groups, pattern.groupindex), pattern
    assert twins > 100


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "could not be delivered", "DELIVERY FAILED TO", "Did not reach the following recipient",
    "This is the MAILER-DAEMON, please DO NOT REPLY", "qmail-send program", "\u212a", "\u017f",
    "permanent error delivering to", "x", " ", "\n", "-", "following recipients were rejected",
]), max_size=12).map("".join))
def test_a_guarded_pattern_finds_what_the_pattern_finds(text: str) -> None:
    for pattern in guarded_patterns():
        mine, theirs = prefilter.guarded(pattern).search(text), pattern.search(text)
        assert (mine and (mine.span(), mine.groups())) == (theirs and (theirs.span(), theirs.groups()))


def test_a_guarded_pattern_finds_what_the_pattern_finds_in_the_samples() -> None:
    from .conftest import SAMPLES

    for sample in sorted(SAMPLES.glob("*.eml")):
        text = sample.read_text("utf-8", "replace")
        for pattern in guarded_patterns():
            for start in range(0, len(text), 97):
                mine = prefilter.guarded(pattern).search(text, start)
                theirs = pattern.search(text, start)
                assert (mine and mine.span()) == (theirs and theirs.span()), (sample.name, pattern)


def test_a_rule_set_made_from_another_has_an_index_of_its_own_rules() -> None:
    import dataclasses

    RULESET.rule_index()
    fewer = dataclasses.replace(RULESET, rules=RULESET.rules[:5])
    assert fewer.rule_index().size == 5
    assert list(fewer.rule_index().candidates(None)) == [0, 1, 2, 3, 4]


# -- probes: whether (and on which line) a pattern matches, with less searching -----------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"a|b", ("a", "b")),
        # one wrapping group is distributed over what stands around it
        (r"\b(?:could not|cannot) be\b|x", (r"\b(?:could not) be\b", r"\b(?:cannot) be\b", "x")),
        (r"[|(]x|y", ("[|(]x", "y")),  # a "|" or "(" in a class splits nothing
        (r"x\|y|z", (r"x\|y", "z")),
        (r"(?:a|b)?c", ()),  # an optional group is not distributed
        (r"(?i)a|b", ()),  # an inline flag stays with the whole pattern
        (r"(a)|\1", ()),  # a back-reference too
        (r"abc", ()),
    ],
)
def test_alternatives(pattern: str, expected: tuple[str, ...]) -> None:
    assert prefilter.alternatives(pattern) == expected


def test_all_required_takes_every_word_of_a_phrase() -> None:
    assert prefilter.all_required(r"\bcould[ \t]{1,3}not[ \t]{1,3}be[ \t]{1,3}delivered") == (
        "delivered", "could", "not",
    )
    assert prefilter.all_required(r"user (?:unknown|gone)") == ("user ",)


def layout_patterns() -> list[re.Pattern[str]]:
    from bounce_analyzer import layouts

    found: dict[int, re.Pattern[str]] = {}
    for layout in layouts.LAYOUTS:
        for pattern in (layout.detect, layout.start, layout.delayed, layout.gave_up):
            if pattern is not None:
                found[id(pattern)] = pattern
    return list(found.values())


PROBE_PIECES = st.sampled_from([
    "could not be delivered", "could  not\tbe delivered", "couldn't be delivered", "delivered",
    "was not delivered to:", "DELIVERY FAILURE:", "Transcript of session follows", "---",
    "The following addresses had permanent fatal errors", "This is the mail system at host",
    "qmail-send program", "Failure Reasons", "\u212a", "\u017f", "\u0130", "x", " ", "\n", "-", ":",
    "Delivery to the following recipients failed", "konnte nicht zugestellt werden",
    # letters that re.IGNORECASE folds with others lower() keeps apart (prefilter.folds_plainly)
    "отчет о недоставке", "ОТЧЁТ О НЕДОСТАВКЕ", "\u1c82", "Αναφορά μη παράδοσης",
    "ΑΝΑΦΟΡΆ ΜΗ ΠΑΡΆΔΟΣΗΣ", "σ", "Σ", "\u00b5",
    # delay and give-up phrases (Layout.delayed, Layout.gave_up)
    "has not yet been delivered", "Warning: message", " delayed", "address deferred:",
    "transient non-fatal errors", "was aborted after",
])


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(PROBE_PIECES, max_size=14).map("".join))
def test_a_probe_finds_what_the_pattern_finds(text: str) -> None:
    low = prefilter.lowered(text)
    for pattern in layout_patterns():
        probe = prefilter.probe(pattern)
        theirs = pattern.search(text)
        assert probe.found(text, low) == (theirs is not None), pattern.pattern[:60]


def test_folded_required_takes_letters_of_other_scripts() -> None:
    phrase = r"\bотчет[ \t]{1,3}о[ \t]{1,3}недоставке\b"
    assert prefilter.all_required(phrase) == ()
    assert prefilter.all_required(phrase, folded=True) == ("недоставке", "отчет")
    # σ folds with ς (re.IGNORECASE) but lower() keeps them apart: it ends a string
    assert prefilter.all_required("παράδοσης", folded=True) == ("παράδο",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Отчет о недоставке", True),
        ("\u1c82тчет о недоставке", True),  # CYRILLIC SMALL LETTER ROUNDED O, an о to re
        ("Delivery report", False),
        ("Отчет о доставке", False),
    ],
)
def test_a_probe_needs_the_letters_of_other_scripts(text: str, expected: bool) -> None:
    pattern = re.compile(r"\bотчет[ \t]{1,3}о[ \t]{1,3}недоставке\b|\bdelivery failed\b", re.IGNORECASE)
    assert (pattern.search(text) is not None) == expected
    assert prefilter.probe(pattern).found(text, prefilter.lowered(text)) == expected
    assert prefilter.folds_plainly(text.lower()) == ("\u1c82" not in text)


# Patterns whose match ends in a test of the characters after it (\b, \B, $, \Z, a lookahead):
# a probe that cuts the text past the last place a match could end must see them as the
# whole text has them.
EDGE_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bnot delivered\b|\bfailed to:$",
        r"not delivered\Z|undeliverable[ \t]{0,3}$",
        r"(?m)^not delivered$",
        r"not delivered(?=\s*to)|failed(?!:)",
        r"(?<!-)not delivered\b",
        r"not delivered\B|failed[ \t]{1,3}to\B",
    )
]
EDGE_PIECES = st.sampled_from([
    "not delivered", "Not Delivered", "failed to:", "undeliverable", "failed", "to", "x", "-",
    " ", "\n", ":", "\t", "not deliveredx", "y" * 40,
])


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(EDGE_PIECES, max_size=12).map("".join))
def test_a_probe_cut_after_the_last_needle_sees_the_end_of_a_match(text: str) -> None:
    low = prefilter.lowered(text)
    for pattern in EDGE_PATTERNS:
        found = prefilter.probe(pattern).found(text, low)
        assert found == (pattern.search(text) is not None), (pattern.pattern, text)


# Needles far apart and more often than prefilter.NEAR_STRETCHES: a probe searches near each
# occurrence of an alternative's longest required string, then the rest at once.
FAR_PIECES = st.sampled_from([
    "not delivered", "Not Delivered", "failed to:", "failed", "undeliverable", "to", "-", " ",
    "\n", ":", "x", "y" * 60,
])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(FAR_PIECES, max_size=60).map("".join))
def test_a_probe_searching_near_each_needle_finds_what_the_pattern_finds(text: str) -> None:
    low = prefilter.lowered(text)
    for pattern in EDGE_PATTERNS:
        found = prefilter.probe(pattern).found(text, low)
        assert found == (pattern.search(text) is not None), (pattern.pattern, text)


# Introductions of notices in several scripts, as the generic notice layout holds them: a first
# string only a text that is not ASCII can hold stands behind one of its characters, an ASCII
# first string whose alternative needs another letter ("isporu" of "isporučena") behind that
# letter, in texts that fold plainly (prefilter._FirstIndex).
_SCRIPTS = re.compile(
    r"\bcould not be delivered\b|\bporuka nije isporučena\b|配信できませんでした"
    r"|메일[ \t]{1,3}발송[ \t]{1,3}실패|\bотчет[ \t]{1,3}о[ \t]{1,3}недоставке\b"
    r"|\bαναφορά[ \t]{1,3}μη[ \t]{1,3}παράδοσης\b|\bisporuka nije uspjela\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "text",
    [
        "Your message could not be delivered.",
        "Poruka nije isporučena primatelju.",
        "PORUKA NIJE ISPORUČENA",
        "poruka nije isporucena (no letter)",  # the ASCII run without the letter its alternative needs
        "isporu and č apart: poruka nije isporuk č",
        "Isporuka nije uspjela.",
        "メールを配信できませんでした。",
        "配信 できませんでした",
        "메일 발송 실패",
        "메일 발송",
        "ОТЧЕТ О НЕДОСТАВКЕ",
        "\u1c82тчет о недоставке",  # a Cyrillic o the regex engine folds with о: not plain
        "Отчет о доставке",
        "ΑΝΑΦΟΡΆ ΜΗ ΠΑΡΆΔΟΣΗΣ",
        "αναφορά μη παράδοσης",
        "Αναφορά μη παράδοσηΣ",
        "café: nothing here",
        "plain ASCII with isporu only",
        "",
    ],
)
def test_a_probe_asks_other_scripts_behind_one_character(text: str) -> None:
    expected = _SCRIPTS.search(text) is not None
    low = prefilter.lowered(text)
    found = prefilter.Probe(_SCRIPTS)
    assert found.found(text, low) == expected
    assert any(part.search(text) for part in found.narrowed(low)) == expected
    firsts = prefilter.FirstStrings([(0, found)])
    present, asked = firsts.asked(low)
    assert 0 in asked or not expected
    assert found.found(text, low, present) == expected
