"""What each alternative of a pattern requires all of (prefilter.required_by_all), the test
that spares a search in prefilter.FirstMatch and in the classifier's first_rule: it must never
turn away a text the pattern matches, so their answers are those of searching every pattern."""

from __future__ import annotations

import re

from hypothesis import given, settings

from bounce_analyzer import prefilter, smtp

from .conftest import SAMPLES
from .test_prefilter import RULES, texts


def allows(pattern: re.Pattern[str], text: str) -> bool:
    """The test FirstMatch and first_rule make before searching `pattern` in `text`."""
    return prefilter.holds_required(prefilter.required_by_all(pattern), prefilter.lowered(text))


def test_what_an_alternative_requires() -> None:
    sendmail = re.compile(r"^>>> ?(RCPT|MAIL|DATA)\b", re.IGNORECASE | re.MULTILINE)
    assert prefilter.required_by_all(sendmail) == ((">>>",),)
    two = re.compile(r"\bremote host (\S+) said\b|SMTP: ?RCPT host")
    assert prefilter.required_by_all(two) == (("remote host ", " said"), ("rcpt host", "smtp:"))
    # one alternative requires nothing: no test can be made
    assert prefilter.required_by_all(re.compile(r"user unknown|\d{3}")) is None


@settings(max_examples=600, deadline=None, derandomize=True)
@given(texts())
def test_no_rule_is_turned_away_from_a_text_it_matches(text: str) -> None:
    for rule in RULES:
        if rule.pattern.search(text):
            assert allows(rule.pattern, text), rule.id  # type: ignore[arg-type]


def first_by_search(
    patterns: tuple[re.Pattern[str], ...], text: str
) -> tuple[int, tuple[int, int]] | None:
    for index, pattern in enumerate(patterns):
        found = pattern.search(text)
        if found is not None:
            return index, found.span()
    return None


def test_the_framing_finders_answer_as_a_search_of_every_pattern() -> None:
    finders = (smtp._COMMAND_FINDER, smtp._REMOTE_HOST_FINDER)
    asked = 0
    for sample in sorted(SAMPLES.glob("*.eml")):
        whole = sample.read_text("utf-8", "replace").replace("\r\n", "\n")
        for text in (whole, *whole.split("\n\n")):
            for finder in finders:
                found = finder.search(text, prefilter.lowered(text))
                mine = found and (found[0], found[1].span())
                assert mine == first_by_search(finder.patterns, text), (sample.name, text[:80])
                asked += 1
    assert asked > 1000
