"""Pre-filters for regex searches: a cheap substring test that proves a pattern cannot match.

Most patterns the extractors and the rule engine run over a text do not match it; a search
still costs a pass over the text in the regex engine. A pattern that can only match text
containing one of a few literal strings (its "needles", found from its parse tree) is skipped
when none is in the text: `str.__contains__` is many times faster than a search.

Soundness: needles are lower case, made of ASCII characters and of characters that have no
case at all (CJK, kana: a Japanese phrase is a needle too), and are looked for in
`text.lower()`. A caseless character matches only itself, with or without IGNORECASE, and
lower() leaves it alone. For every character but four, lower() and re.IGNORECASE agree on
ASCII letters; those four (U+0130 İ, U+0131 ı, U+017F ſ, U+212A Kelvin sign) match ASCII
letters under IGNORECASE or lower() to them, so a text holding one of them is not
pre-filtered (`lowered` returns None). Other cased letters (é, σ/ς, ß) do not make needles:
lower() and IGNORECASE disagree on some of them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from . import patterns

try:  # the regex engine's own test of whether a character has case (CPython's _sre)
    from _sre import unicode_iscased
except ImportError:  # pragma: no cover - another implementation: treat every character as cased

    def unicode_iscased(character: int, /) -> bool:
        return True


try:  # private, but stable across 3.11-3.13
    import re._parser as _sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - older layouts
    import sre_parse as _sre_parse  # type: ignore[no-redef]

# Characters that are not ASCII but match ASCII letters under IGNORECASE or lower() to them.
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")


def lowered(text: str) -> str | None:
    """The text needles are looked for in, or None when needles cannot be trusted on it."""
    if not text.isascii() and _CASE_TRAPS.search(text):
        return None
    return text.lower()


def may_match(pattern: re.Pattern[str], low: str | None) -> bool:
    """False only when `pattern` cannot match the text whose `lowered` form is `low`."""
    found = pattern_needles(pattern)
    if not found or low is None:
        return True
    for needle in found:
        if needle in low:
            return True
    return False


def search(pattern: re.Pattern[str], text: str, low: str | None) -> re.Match[str] | None:
    """`pattern.search(text)`, not run when the needles prove it cannot match (None then).
    `low` is `lowered(text)`."""
    return pattern.search(text) if may_match(pattern, low) else None


# Needles per pattern object, by identity: hashing a compiled pattern hashes its whole
# code (a microsecond for a large one), and may_match is asked 10,000 times a corpus run.
# The pattern is kept in the value, so its id cannot be reused while the entry exists.
_NEEDLES: dict[int, tuple[re.Pattern[str], tuple[str, ...]]] = {}


def pattern_needles(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """The needles of a compiled pattern, kept in the machine's pattern cache (patterns.py):
    working them out parses the pattern again, some 5 ms per run for the extractors' ones."""
    known = _NEEDLES.get(id(pattern))
    if known is not None and known[0] is pattern:
        return known[1]
    found = patterns.derived(_needles_kind(), pattern.pattern, needles, patterns.strings)
    _NEEDLES[id(pattern)] = (pattern, found)
    return found


@cache
def _needles_kind() -> str | None:
    """The name cached needles are kept under: it changes whenever this file does."""
    return patterns.code_version("needles", __file__)


# Needles shorter than this reject too few texts to be worth the test.
MIN_NEEDLE = 3


def needles(pattern: str) -> tuple[str, ...]:
    """Strings, one of which every text the pattern matches contains (lower case).

    A pre-filter for the rule engine: `any(n in text.lower() for n in needles)` is false only
    when the pattern cannot match, so the regex search is skipped. Found from the parsed
    pattern: runs of literal characters that every match must pass through (not inside an
    optional part); an alternation gives one needle per branch. Only ASCII and caseless
    characters count, and the test is only applied to texts `lowered` accepts.
    """
    try:
        parsed = _sre_parse.parse(pattern)
    except re.error:
        return ()
    found = _required(list(parsed))
    if not found or min(len(needle) for needle in found) < MIN_NEEDLE:
        return ()
    return tuple(sorted(found, key=len, reverse=True))


def _caseless(code: int) -> bool:
    """A character with no case: no other character matches it under IGNORECASE."""
    char = chr(code)
    return not unicode_iscased(code) and char.lower() == char == char.upper()


def _required(items: list[Any]) -> frozenset[str] | None:
    """The best requirement of a sequence: a set of strings one of which a match contains."""
    options: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            options.append(frozenset({"".join(run)}))
            run.clear()

    for op, arg in items:
        name = str(op)
        if name == "LITERAL" and (arg < 128 or _caseless(arg)):
            run.append(chr(arg).lower())
            continue
        if name == "AT":
            continue  # zero-width (^, $, \b): the characters around it are still adjacent
        close_run()
        inner: frozenset[str] | None = None
        if name == "SUBPATTERN":
            inner = _required(list(arg[-1]))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and arg[0] >= 1:
            inner = _required(list(arg[2]))
        elif name == "ATOMIC_GROUP":
            inner = _required(list(arg))
        elif name == "BRANCH":
            branches = [_required(list(branch)) for branch in arg[1]]
            if branches and all(branches):
                inner = frozenset().union(*branches)  # type: ignore[arg-type]
        if inner:
            options.append(inner)
    close_run()
    if not options:
        return None
    return max(options, key=lambda option: min(len(needle) for needle in option))
