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
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from itertools import chain, compress
from operator import ne
from typing import Any

from . import patterns

try:  # the regex engine's own test of whether a character has case (CPython's _sre)
    from _sre import unicode_iscased
except ImportError:  # pragma: no cover - another implementation: treat every character as cased

    def unicode_iscased(character: int, /) -> bool:
        return True


try:  # the regex engine's own lower case of a code point (simple case mapping)
    from _sre import unicode_tolower
except ImportError:  # pragma: no cover - another implementation

    def unicode_tolower(character: int, /) -> int:
        return ord(chr(character).lower()[0])


try:  # private, but stable across 3.11-3.13
    import re._parser as _sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - older layouts
    import sre_parse as _sre_parse  # type: ignore[no-redef]

# Characters that are not ASCII but match ASCII letters under IGNORECASE or lower() to them.
_CASE_TRAPS = ("\u0130", "\u0131", "\u017f", "\u212a")


# The texts `lowered` was last asked about, with its answers: a notice is lowered by each
# reader that looks at it (the layouts' line patterns, the SMTP dialogue it quotes, the
# command it names): 400,000 of the 1,300,000 characters lowered in a corpus run. Kept by
# the text (a notice is hashed already, as a key of the message's reading), a few at a time.
_LOWERED: dict[str, str | None] = {}
LOWERED_KEPT = 16


def lowered(text: str) -> str | None:
    """The text needles are looked for in, or None when needles cannot be trusted on it.

    The traps are looked for with `in`, one character each: in a text of Latin-1 characters
    only (most that are not ASCII) CPython answers at once, as none of them fits its storage,
    and in another it scans for one character in C; a class of the four in a regex search
    was tried at every character (9 microseconds a notice)."""
    try:
        return _LOWERED[text]
    except KeyError:
        pass
    low = None if not text.isascii() and any(trap in text for trap in _CASE_TRAPS) else text.lower()
    if len(_LOWERED) >= LOWERED_KEPT:
        _LOWERED.clear()  # bounded: the next notice starts over
    _LOWERED[text] = low
    return low


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
    """`pattern.search(text)`, not run when the needles prove it cannot match (None then),
    and run with its first-character guard (`guarded`). `low` is `lowered(text)`."""
    return guarded(pattern).search(text) if may_match(pattern, low) else None


class FirstMatch:
    """The first of some patterns, in their order, with a match in a text, and that match
    (the SMTP framing's finders: the 17 phrases that name a command, the 9 that name the
    remote host).

    Asked one by one (`search`), every pattern cost a few Python calls and the `in` tests
    of its own needles, and most texts lack them all: four fifths of `smtp.find_command`'s
    time. Here the needles of all the patterns are looked for once, in one C loop
    (`filter`), and only the patterns `may_match` allows (a needle of theirs in the text,
    or no needles) are searched, in order, as their guarded twins: the same answer.

    A pattern's needles are one set of strings any of which a match holds; what each of its
    alternatives requires all of (`_probe_plan`, as `Probe` reads it) can say more: Sendmail's
    ">>> RCPT" line has the needles "rcpt", "mail", "data" ..., which most notices hold, and
    requires ">>>", which few do. A pattern none of whose alternatives has every string it
    requires in the text is not searched either (a whole notice costs a search of 1 KiB or
    more per pattern: 60 million instructions of a corpus run went to the few patterns of
    this kind that notices rarely satisfy)."""

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        self.patterns = tuple(patterns)
        # (guarded twins, needle -> patterns holding it, the needles, patterns without
        # needles), worked out at the first search: needles come from the pattern cache
        self._plan: tuple[
            tuple[re.Pattern[str], ...], dict[str, set[int]], tuple[str, ...], frozenset[int]
        ] | None = None
        # per pattern, the strings each of its alternatives requires, or None when one of
        # them requires none (or the pattern is not read as alternatives): nothing to test
        self._requires: tuple[tuple[tuple[str, ...], ...] | None, ...] = ()

    def search(self, text: str, low: str | None) -> tuple[int, re.Match[str]] | None:
        """(index of the pattern, its match) for the first pattern that has a match in
        `text`, or None; `low` is `lowered(text)`."""
        if self._plan is None:
            holders: dict[str, set[int]] = {}
            for index, pattern in enumerate(self.patterns):
                for needle in pattern_needles(pattern):
                    holders.setdefault(needle, set()).add(index)
            always = frozenset(
                index for index, pattern in enumerate(self.patterns) if not pattern_needles(pattern)
            )
            self._requires = tuple(map(required_by_all, self.patterns))
            self._plan = (tuple(map(guarded, self.patterns)), holders, tuple(holders), always)
        twins, holders, needles, always = self._plan
        order: Iterable[int] = (
            range(len(twins))
            if low is None
            else sorted(always.union(*(holders[needle] for needle in filter(low.__contains__, needles))))
        )
        requires = self._requires
        for index in order:
            if not holds_required(requires[index], low):
                continue  # no alternative has all it requires: no match
            match = twins[index].search(text)
            if match is not None:
                return index, match
        return None


def required_by_all(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...] | None:
    """The strings each alternative of the pattern requires (lower case, `all_required`), or
    None when one of them requires none or the pattern cannot be read as alternatives."""
    if pattern.flags & re.VERBOSE:
        return None
    plan = patterns.derived(_probe_kind(), pattern.pattern, _probe_plan, _is_probe_plan)
    wanted = tuple(step[2] for step in plan)
    return wanted if wanted and all(wanted) else None


def holds_required(wanted: tuple[tuple[str, ...], ...] | None, low: str | None) -> bool:
    """False only when the text whose `lowered` form is `low` lacks, for each alternative, a
    string it requires (`wanted`, as `required_by_all` gives it): the pattern cannot match."""
    if wanted is None or low is None:
        return True
    for strings in wanted:  # plain loops: asked some 3,000 times a corpus run, no generators
        for string in strings:
            if string not in low:
                break
        else:
            return True
    return False


# Guarded twins per pattern object, by identity (as _NEEDLES).
_GUARDED: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern with a lookahead for the characters a match can start with, `(?=[...])`,
    in front, where that helps: the same matches, found sooner.

    A case-insensitive pattern that starts with an alternation gets no help from the regex
    engine's prefix scan: at every position of the text it tries each branch in turn (the
    generic "could not be delivered" layout, 30 branches: 0.13 ms a notice, a sixth of all
    the time a message took). The lookahead is one character-class test there. It is sound
    because every match starts with one of those characters (`first_characters`), and the
    class is compiled with the pattern's own flags, so it folds case as the branches do.
    The twin has the same groups; its matches differ only in `.re`.
    """
    known = _GUARDED.get(id(pattern))
    if known is not None and known[0] is pattern:
        return known[1]
    twin = pattern
    flags = pattern.flags
    if flags & re.IGNORECASE and not flags & re.VERBOSE:
        guard = start_guard(pattern.pattern, flags)
        if guard:
            source = guard + "(?:" + pattern.pattern + ")"
            # A lookahead and a non-capturing group add no group: the twin's groups are the
            # pattern's, so a rule's pattern (rulecache.LazyPattern) need not be compiled to
            # compare them, only its twin is (test_prefilter holds them equal).
            try:
                twin = patterns.compile(source, flags)
            except re.error:  # a global inline flag, say, that must stay in front
                twin = pattern
    _GUARDED[id(pattern)] = (pattern, twin)
    return twin


def start_guard(pattern: str, flags: int) -> str:
    """`(?=[...])`, the characters a match of `pattern` can start with (`first_characters`)
    as a lookahead to put in front of it, or "" when they are not known. Worked out once per
    machine (the pattern cache). For a case-insensitive pattern the lookahead, compiled with
    the same flags, folds case as the pattern does."""
    kind = _first_kind()
    found = patterns.derived(
        f"{kind} {flags}" if kind else None, pattern, first_characters, patterns.strings
    )
    return "(?=[" + "".join(re.escape(c) for c in found[0]) + "])" if found else ""


@cache
def _first_kind() -> str | None:
    return patterns.code_version("first", __file__)


def first_characters(pattern: str, flags: int = 0) -> tuple[str, ...]:
    """("chars",): every character a match of the pattern can start with, when that is a
    short list and the pattern starts with an alternation of literals (the case a guard
    helps); () otherwise. Zero-width items in front (\\b, lookarounds) are stepped over; a
    pattern anchored at a start (^, \\A) is left alone, the engine tries few places then."""
    try:
        parsed = list(_sre_parse.parse(pattern, flags))
    except re.error:
        return ()
    for op, arg in parsed:
        name = str(op)
        if name in ("ASSERT", "ASSERT_NOT") or (
            name == "AT" and str(arg) in ("AT_BOUNDARY", "AT_NON_BOUNDARY")
        ):
            continue
        if name not in ("BRANCH", "SUBPATTERN"):
            return ()  # a literal start the engine scans for itself, an anchor, or unknown
        break
    found = _first(parsed)
    if not found or len(found) > 24 or len({chr(c).lower() for c in found}) < 2:
        return ()
    return ("".join(sorted(chr(c) for c in found)),)


def _first(items: list[Any]) -> set[int] | None:
    """The characters the first character a match of `items` consumes can be, or None when
    that is not a set of literals (a class, any character, an optional or empty start, a
    local flag that would fold case differently from the whole pattern)."""
    for op, arg in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width: the next item consumes the first character
        if name == "LITERAL":
            return {arg}
        if name == "SUBPATTERN":
            if arg[1] or arg[2]:
                return None  # (?i:...), (?-i:...): flags of its own
            return _first(list(arg[-1]))
        if name == "ATOMIC_GROUP":
            return _first(list(arg))
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            return _first(list(arg[2])) if arg[0] >= 1 else None
        if name == "BRANCH":
            found: set[int] = set()
            for branch in arg[1]:
                more = _first(list(branch))
                if more is None:
                    return None
                found |= more
            return found
        return None
    return None  # nothing consumed: the pattern can match the empty string


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


# Needles shorter than this reject too few texts to be worth the test; two characters of a
# script without case (two Hangul syllables, two kanji: "메일", "失敗") are as rare as a
# longer run of ASCII, and such needles are kept (`long_enough`).
MIN_NEEDLE = 3


def long_enough(needle: str) -> bool:
    """Whether a needle rejects enough texts to be worth its `in` test."""
    return len(needle) >= MIN_NEEDLE or (
        len(needle) == 2 and not needle.isascii() and all(_caseless(ord(c)) for c in needle)
    )


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
    if not found or not all(map(long_enough, found)):
        return ()
    return tuple(sorted(found, key=len, reverse=True))


def _caseless(code: int) -> bool:
    """A character with no case: no other character matches it under IGNORECASE."""
    char = chr(code)
    return not unicode_iscased(code) and char.lower() == char == char.upper()


def _run_character(name: str, arg: Any) -> str | None:
    """The lower-cased character a literal item adds to a run of needle text, "" for a
    zero-width item (^, $, \b: the characters around it are still adjacent), None for any
    other item, which ends the run."""
    if name == "LITERAL" and (arg < 128 or _caseless(arg)):
        return chr(arg).lower()
    if name == "AT":
        return ""
    return None


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
        character = _run_character(name, arg)
        if character is not None:
            run.append(character)
            continue
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


def alternatives(pattern: str) -> tuple[str, ...]:
    """The pattern as its alternatives: sources one of which matches wherever the pattern
    does, and which match nowhere it does not. `pattern.search(text)` finds a match exactly
    when one of them does, so an alternative whose needles are not in the text is never run
    (a layout's 60-branch detect pattern costs a search of its two or three branches whose
    words the text holds). () when the pattern is not an alternation this can split.

    Split at the `|` outside any group; an alternative written as `X(?:a|b)Y`, with no group
    or `|` in X and Y and no quantifier after the group, is distributed into `X(?:a)Y` and
    `X(?:b)Y` (one level). A pattern with a back-reference or a global inline flag (`(?i)`)
    is left whole: splitting could change what such a pattern means. A flag group that
    scopes its flags (`(?-i:...)`) stays inside its alternative and means there what it
    meant in the whole."""
    if "(?P=" in pattern or re.search(r"\\[1-9]|\(\?[aiLmsux-]*\)", pattern):
        return ()
    found: list[str] = []
    for piece in _top_level(pattern, "|"):
        found.extend(_distributed(piece))
    return tuple(found) if len(found) > 1 else ()


def _top_level(source: str, separator: str) -> list[str]:
    """source cut at each `separator` character outside groups, classes and escapes."""
    pieces: list[str] = []
    start = 0
    for index, char, depth in _syntax(source):
        if char == separator and depth == 0:
            pieces.append(source[start:index])
            start = index + 1
    pieces.append(source[start:])
    return pieces


def _group_end(source: str, opened: int) -> int:
    """The index of the ")" that closes the group opened at `opened`, or -1."""
    for index, char, depth in _syntax(source, opened):
        if char == ")" and depth == 1:
            return index
    return -1


def _syntax(source: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, depth) for each character of a pattern's source from `start` that
    is neither escaped nor inside a character class; depth is the groups open before it."""
    depth = 0
    index = start
    in_class = False
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            if source.startswith("^", index + 1):
                index += 1
            if source.startswith("]", index + 1):
                index += 1  # a "]" first in a class is a literal
        else:
            yield index, char, depth
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
        index += 1


# No group and no alternation (escapes and classes are stepped over whole).
_PLAIN = re.compile(r"(?:\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[^\\()|\[])*")


def _distributed(piece: str) -> list[str]:
    """`X(?:a|b)Y` as ["X(?:a)Y", "X(?:b)Y"]; [piece] when it is not of that form."""
    opened = piece.find("(?:")
    if opened < 0 or _PLAIN.fullmatch(piece, 0, opened) is None:
        return [piece]
    closed = _group_end(piece, opened)
    if closed < 0:
        return [piece]
    after = piece[closed + 1 :]
    if after[:1] in ("?", "*", "+", "{") or _PLAIN.fullmatch(after) is None:
        return [piece]
    inner = _top_level(piece[opened + 3 : closed], "|")
    if len(inner) < 2:
        return [piece]
    head = piece[:opened]
    return [f"{head}(?:{branch}){after}" for branch in inner]


def all_required(pattern: str, folded: bool = False) -> tuple[str, ...]:
    """Strings every match of the pattern contains, all of them (lower case, `long_enough`):
    its runs of literal characters outside any alternation or optional part. `needles` gives
    one requirement of several choices; these are several requirements at once, which a
    phrase of many words (each word a run) makes selective.
    `folded`: cased letters that are not ASCII count too (`_folded_character`), for a text
    that `folds_plainly`."""
    try:
        parsed = _sre_parse.parse(pattern)
    except re.error:
        return ()
    found: list[str] = []
    _all_runs(list(parsed), found, _folded_character if folded else _run_character)
    kept = {run for run in found if long_enough(run)}
    return tuple(sorted(kept, key=lambda run: (-len(run), run)))


def _all_runs(
    items: list[Any], found: list[str], character_of: Callable[[str, Any], str | None]
) -> None:
    run: list[str] = []
    for op, arg in items:
        name = str(op)
        character = character_of(name, arg)
        if character is not None:
            run.append(character)
            continue
        found.append("".join(run))
        run = []
        if name == "SUBPATTERN":
            _all_runs(list(arg[-1]), found, character_of)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and arg[0] >= 1:
            _all_runs(list(arg[2]), found, character_of)
        elif name == "ATOMIC_GROUP":
            _all_runs(list(arg), found, character_of)
    found.append("".join(run))


def case_variants(character: str) -> str:
    """Every character that re.IGNORECASE matches to `character` (itself included), in code
    point order: those whose lower case, as the regex engine takes it, is the character's
    own or one of its fold class (re._casefix), as the engine's compiler decides. "k" gives
    "KkK" (the Kelvin sign), "s" gives "Ssſ"."""
    lower = unicode_tolower(ord(character))
    wanted = {lower, *(_extra_cases() or {}).get(lower, ())}
    table = _uppers()
    found = set(wanted).union(*(table.get(code, ()) for code in wanted))
    return "".join(sorted(map(chr, found)))


@cache
def _uppers() -> dict[int, tuple[int, ...]]:
    """The code points by the lower case the regex engine gives them, for those that have
    another: worked out once per process that needs it, which is only when the pattern cache
    lacks what is built from it. The 1.1 million lower cases are taken in C (`map`), and only
    the 1,400 or so code points whose own differs are visited in Python: a tenth of a second,
    where a Python call per code point took more than a second."""
    codes = range(sys.maxunicode + 1)
    lowers = list(map(unicode_tolower, codes))
    table: dict[int, list[int]] = {}
    for code in compress(codes, map(ne, lowers, codes)):
        table.setdefault(lowers[code], []).append(code)
    return {lower: tuple(found) for lower, found in table.items()}


@cache
def _extra_cases() -> dict[int, tuple[int, ...]] | None:
    """The regex engine's classes of lower-case characters that re.IGNORECASE takes for one
    another although lower() keeps them apart (re._casefix, private but kept since 3.11),
    each by one of them; None where the engine has no such table."""
    try:
        from re._casefix import _EXTRA_CASES
    except ImportError:  # pragma: no cover - another implementation
        return None
    return {key: tuple(more) for key, more in _EXTRA_CASES.items()}


@cache
def _fold_others() -> frozenset[str]:
    """Of each class of lower-case characters that re.IGNORECASE takes for one another
    although lower() keeps them apart (о and ᲂ, σ and ς, μ and µ, s and ſ ...), the
    characters but its first: a needle holds none of them, and a text whose lower() holds
    none of them can be looked for needles that hold the others. The classes are the regex
    engine's own table (re._casefix, private but kept since 3.11)."""
    extra = _extra_cases()
    if extra is None:  # pragma: no cover - another implementation: no needle of them
        return frozenset(chr(code) for code in range(128, 0x110000) if unicode_iscased(code))
    classes = [{chr(key), *map(chr, more)} for key, more in extra.items()]
    return frozenset(character for fold in classes for character in fold - {min(fold)})


def _folded_character(name: str, arg: Any) -> str | None:
    """`_run_character`, and a cased letter that is not ASCII as its lower case, when that is
    one character and not one of `_fold_others` (nor one of _ASCII_TWINS)."""
    character = _run_character(name, arg)
    if character is not None or name != "LITERAL" or arg in _ASCII_TWINS:
        return character
    lower = chr(arg).lower()
    return lower if len(lower) == 1 and lower not in _fold_others() else None


# The last text `folds_plainly` was asked about, and its answer: a notice is asked about by
# several probes in turn.
_PLAIN_FOLDS: tuple[str | None, bool] = (None, False)


def folds_plainly(low: str) -> bool:
    """Whether strings of `all_required(..., folded=True)` may be looked for in `low`
    (`lowered(text)`): when `low` holds none of `_fold_others`. A character of the text that
    re.IGNORECASE matches to a needle's letter lowers either to that letter or to another
    of its fold class, one of those others (a needle holds only a class's first). lower()
    gives one character for one (`lowered` refuses U+0130); a capital sigma lowers to σ, one
    of the others, or at a word's end to ς, the first of its class.

    The others are looked for with `in`, one character each: none fits the storage of a
    text of Latin-1 characters, where CPython answers at once, and in another the 26 scans
    in C take a third of the time a regex class of them took, tried at every character."""
    global _PLAIN_FOLDS
    known = _PLAIN_FOLDS
    if known[0] is not low:
        known = _PLAIN_FOLDS = (low, not any(other in low for other in _fold_others()))
    return known[1]


def widest(pattern: str) -> int:
    """The most characters a match of the pattern can span, or -1 when that is unbounded."""
    try:
        most = _sre_parse.parse(pattern).getwidth()[1]
    except re.error:
        return -1
    return -1 if most >= _sre_parse.MAXREPEAT else int(most)


# An alternative as Probe keeps it (Probe.__init__ says what each item is).
_Branch = tuple[tuple[str, ...], int, re.Pattern[str], bool, bool, tuple[str, ...]]


class Probe:
    """Whether a pattern has a match in a text, asked of many texts: `found(text, low)` is
    `pattern.search(text) is not None`, worked out with less searching.

    The pattern is taken as its alternatives (`alternatives`): it matches where one of them
    does. An alternative is searched only when every string it requires (`all_required`) is
    in the text, and then only from where the first occurrence of its longest one could be
    part of a match (that occurrence less the alternative's widest match): every match holds
    an occurrence of it, none earlier than the first. A notice that holds the word
    "delivered" but no phrase of a 45-branch pattern then costs a few `in` tests, not a
    search of 64 KiB. Searching from a position keeps what `^`, `\\b` and lookbehinds see
    there (the text before it is still the text's).

    The search also ends where a match could end at the latest: every match holds an
    occurrence of that string, so it ends at most its widest match past the last one. The
    text is cut there (`endpos`) two characters further, so that `\\b`, `$` and `\\Z` at a
    real match's end see what they see in the whole text; a match the cut text gives that
    ends in those two characters is taken only if the whole text has one too. An
    alternative that looks ahead (`(?=`, `(?!`) past its match is never cut: what it looks
    at has no bound.

    An alternative that needs letters no ASCII text holds (a Russian introduction) is not
    searched in an ASCII text, nor in one whose lower() lacks a string it requires with
    those letters (`all_required(..., folded=True)`), when the text `folds_plainly`."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        # (required, widest, pattern, needs a character no ASCII text holds, may be cut at
        # its widest match past the last occurrence of its longest required string, required
        # with letters that are not ASCII) per alternative
        self.branches: tuple[_Branch, ...]
        self._narrowed: tuple[str | None, tuple[re.Pattern[str], ...]] = (None, ())
        sources: tuple[str, ...] = ()  # each alternative's source, when it has branches
        if pattern.flags & re.VERBOSE:  # the parse here would read its blanks as literals
            self.branches = (((), -1, pattern, False, False, ()),)
        else:
            plan = patterns.derived(_probe_kind(), pattern.pattern, _probe_plan, _is_probe_plan)
            sources = tuple(step[0] for step in plan)
            self.branches = tuple(
                (
                    required,
                    width,
                    _Deferred(source, pattern.flags),  # type: ignore[misc]
                    wide,
                    width >= 0 and bool(required) and not ahead,
                    folded,
                )
                for source, width, required, wide, ahead, folded in plan
            )
        # The alternatives by the string `found` looks for first (their longest required
        # one), and those that require none: a text is then looked at once per such string,
        # in one C loop (`filter`), not once per alternative in Python's (a layout's detect
        # pattern has up to 80 alternatives, most of whose strings a notice lacks).
        by_first: dict[str, list[_Branch]] = {}
        written: dict[str, list[str]] = {}  # their sources
        for branch, source in zip(self.branches, sources):
            if branch[0]:
                by_first.setdefault(branch[0][0], []).append(branch)
                written.setdefault(branch[0][0], []).append(source)
        self._by_first = {
            first: _together(found, written[first], pattern.flags) for first, found in by_first.items()
        }
        self._firsts = tuple(by_first)
        self._index = _FirstIndex(self._by_first.items())
        self._unfiltered = tuple(branch for branch in self.branches if not branch[0])
        # Of those, the ones that need letters no ASCII text holds and require strings with
        # them (`_lacks`), by a letter of those strings (`_letter`): in a text that folds
        # plainly, only the ones whose letter the text holds are asked, a scan for one
        # character each (a notice's introduction in Russian or Bulgarian requires no ASCII
        # run, and each was asked of every text that is not ASCII, Japanese and Chinese
        # notices among them).
        folded: dict[str, list[_Branch]] = {}
        plain: list[_Branch] = []
        for branch in self._unfiltered:
            letter = _letter(branch[5]) if branch[3] else None
            if letter is None:
                plain.append(branch)
            else:
                folded.setdefault(letter, []).append(branch)
        self._folded = {letter: tuple(found) for letter, found in folded.items()}
        self._plain_unfiltered = tuple(plain)

    def found(self, text: str, low: str | None, present: frozenset[str] | None = None) -> bool:
        """`present`, when given, is the set of strings of `_firsts` (or more) that `low`
        holds, looked for already (`FirstStrings`): they are not looked for again."""
        if low is None:
            return self.pattern.search(text) is not None
        ascii_text = text.isascii()  # O(1): CPython keeps the flag on the string
        by_first = self._by_first
        if present is None:
            firsts = self._index.present(low)
        else:
            firsts = filter(present.__contains__, self._index.ascii if ascii_text else self._firsts)
        for first in firsts:
            for branch in by_first[first]:
                if self._branch_found(branch, text, low, ascii_text):
                    return True
        if ascii_text:  # none of `_folded` can match an ASCII text
            unfiltered = self._plain_unfiltered
        elif self._folded and folds_plainly(low):
            for letter in filter(low.__contains__, self._folded):
                for branch in self._folded[letter]:
                    if self._branch_found(branch, text, low, ascii_text):
                        return True
            unfiltered = self._plain_unfiltered
        else:
            unfiltered = self._unfiltered
        for branch in unfiltered:
            if self._branch_found(branch, text, low, ascii_text):
                return True
        return False

    @staticmethod
    def _branch_found(branch: _Branch, text: str, low: str, ascii_text: bool) -> bool:
        """Whether one alternative has a match in the text (its first required string, if
        it has one, is known to be in `low`)."""
        required, width, pattern, wide, cut, folded = branch
        if wide and _lacks(folded, low, ascii_text):
            return False
        if not all(map(low.__contains__, required[1:])):
            return False
        if not may_match(pattern, low):
            return False  # none of the strings one of which it requires (`needles`)
        if cut:
            return _found_near(pattern, text, low, required[0], width)
        start = max(0, low.find(required[0]) - width) if required and width >= 0 else 0
        return pattern.search(text, start) is not None

    def narrowed(self, low: str | None) -> tuple[re.Pattern[str], ...]:
        """Patterns that tell, for any piece of a text (a line of it), whether the pattern
        has a match in that piece: it has one exactly when one of these does. `low` is
        `lowered(text)` of the whole text. They are the alternatives whose required strings
        are all in the text (a piece holds only what the text holds; lower() maps a piece as
        it maps the text, the one character it lengthens being refused by `lowered`), and
        () when none is: the pattern is in no line, and no line needs a search. The
        pattern itself when `low` is None."""
        if low is None:
            return (self.pattern,)
        known = self._narrowed  # a notice is asked about by several readers in turn
        if known[0] is low:
            return known[1]
        ascii_text = low.isascii()
        # Each alternative's first required string is one of `_firsts`, which alternatives
        # share (the generic notice introduction: 80 alternatives, 48 first strings): each
        # is looked for in the text once, as `found` does.
        present = set(self._index.present(low))
        found = tuple(
            branch
            for required, _, branch, wide, _, folded in self.branches
            if (not required or required[0] in present)
            and all(map(low.__contains__, required[1:]))
            and not (wide and _lacks(folded, low, ascii_text))
        )
        self._narrowed = (low, found)
        return found


class _Deferred:
    """An alternative of a probe's pattern, compiled (and `guarded`) when first searched.

    A probe holds one pattern per alternative, and most are never searched in a run: their
    strings are absent from its texts (a notice's introduction in each of 30 languages).
    Compiling them all when the probe was made cost some 20 million instructions of every
    run. Offers what the probes' callers use of `re.Pattern`: `pattern`, `flags`, `search`
    (the pattern's source is the alternative's, the search the guarded twin's: the same
    matches)."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, source: str, flags: int) -> None:
        self.pattern = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def search(self, *args: Any) -> re.Match[str] | None:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = guarded(patterns.compile(self.pattern, self.flags))
        return compiled.search(*args)


def _together(branches: list[_Branch], sources: Sequence[str], flags: int) -> tuple[_Branch, ...]:
    """Alternatives that share their first string, as one alternative when that can be: the
    union of their sources, searched near the occurrences of that string as each of them
    was (every match of the union is one of theirs, holds the string and is no wider than
    the widest of them). The generic introduction has eight alternatives under "delivered"
    that a bounce notice holds; each was searched on its own near every "delivered" of the
    notice. Alternatives that need letters no ASCII text holds stay apart (`Probe`), as do
    groups the union of which does not compile (a group name used twice)."""
    if len(branches) < 2 or len(sources) != len(branches) or any(b[3] for b in branches):
        return tuple(branches)
    joined = "|".join(f"(?:{source})" for source in sources)
    union: Any
    if "(?P<" not in joined:
        # alternatives of one pattern, no group named twice: the union compiles, when first
        # searched (`_Deferred`)
        union = _Deferred(joined, flags)
    else:
        try:
            union = guarded(patterns.compile(joined, flags))
        except re.error:
            return tuple(branches)
    widths = [branch[1] for branch in branches]
    width = max(widths) if min(widths) >= 0 else -1
    cut = all(branch[4] for branch in branches)
    return (((branches[0][0][0],), width, union, False, cut, ()),)


# How many stretches around a needle's occurrences `_found_near` searches one by one; the
# rest of the text, from the next one, is searched at once.
NEAR_STRETCHES = 8


def _found_near(pattern: re.Pattern[str], text: str, low: str, needle: str, width: int) -> bool:
    """Whether an alternative has a match in `text`, searched only near the occurrences of
    `needle` in `low`: every match holds one and spans at most `width` characters, so a
    match holding the occurrence at i lies between i - width and i + width. A notice holds
    "deliver" or "undeliverable" near its top and again far below (the returned message's
    text): one search from the first occurrence to the last tried every position between.

    Occurrences whose stretches overlap are searched as one stretch, cut two characters past
    its end (as `Probe` says); a match that ends in those two characters is taken only if the
    text has one from the stretch's start on (no match holds an earlier occurrence: the
    stretches before found none). After NEAR_STRETCHES stretches the rest is one stretch."""
    at = low.find(needle)
    for _ in range(NEAR_STRETCHES):
        if at == -1:
            return False
        start = last = at
        at = low.find(needle, last + 1)
        while at != -1 and at - width <= last + width + 2:
            last = at
            at = low.find(needle, last + 1)
        if _cut_search(pattern, text, max(0, start - width), last + width + 2):
            return True
    return at != -1 and _cut_search(
        pattern, text, max(0, at - width), low.rfind(needle) + width + 2
    )


def _cut_search(pattern: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """Whether `pattern` has a match in `text` from `start` on that a search of the text cut
    at `end` finds (`_found_near`: a match it gives that ends in the cut's last two
    characters is checked against the whole text)."""
    match = pattern.search(text, start, end)
    return match is not None and (
        match.end() + 2 <= end or end >= len(text) or pattern.search(text, start) is not None
    )


def _lacks(folded: tuple[str, ...], low: str, ascii_text: bool) -> bool:
    """Whether an alternative that needs letters no ASCII text holds, and requires the
    strings `folded` with them, has no match in the text whose `lowered` form is `low`."""
    return ascii_text or (
        bool(folded) and not all(map(low.__contains__, folded)) and folds_plainly(low)
    )


def _probe_plan(
    pattern: str,
) -> tuple[tuple[str, int, tuple[str, ...], bool, bool, tuple[str, ...]], ...]:
    """(source, widest, all_required, needs non-ASCII, looks ahead, all_required with
    letters that are not ASCII when it needs them) for each alternative of the pattern
    (itself when it has none, or when it is compiled with flags the parse here cannot
    see)."""
    plan = []
    for source in alternatives(pattern) or (pattern,):
        wide = _needs_non_ascii(source)
        plan.append((
            source,
            widest(source),
            all_required(source),
            wide,
            _looks_ahead(source),
            all_required(source, folded=True) if wide else (),
        ))
    return tuple(plan)


_PLAN_TYPES = (str, int, tuple, bool, bool, tuple)


def _is_probe_plan(value: Any) -> bool:
    return type(value) is tuple and all(
        type(item) is tuple and tuple(map(type, item)) == _PLAN_TYPES
        and patterns.strings(item[2]) and patterns.strings(item[5])
        for item in value
    )


def _looks_ahead(pattern: str) -> bool:
    """Whether the pattern holds a lookahead (`(?=`, `(?!`), which may test characters past
    the end of its match (True too when it cannot be parsed here)."""
    try:
        parsed = _sre_parse.parse(pattern)
    except re.error:
        return True
    return _ahead(list(parsed))


def _ahead(items: list[Any]) -> bool:
    for op, arg in items:
        name = str(op)
        if name in ("ASSERT", "ASSERT_NOT"):
            if arg[0] >= 0 or _ahead(list(arg[1])):
                return True
        elif name == "SUBPATTERN":
            if _ahead(list(arg[-1])):
                return True
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if _ahead(list(arg[2])):
                return True
        elif name == "ATOMIC_GROUP":
            if _ahead(list(arg)):
                return True
        elif name == "BRANCH":
            if any(_ahead(list(branch)) for branch in arg[1]):
                return True
        elif name == "GROUPREF_EXISTS":
            if any(_ahead(list(part)) for part in arg[1:] if part is not None):
                return True
        elif name not in ("LITERAL", "NOT_LITERAL", "IN", "ANY", "AT", "CATEGORY", "GROUPREF"):
            return True  # an item not known here: assume the worst
    return False


# The non-ASCII characters that match an ASCII letter under re.IGNORECASE (U+0130 İ and
# U+0131 ı match "i", U+017F ſ "s", U+212A Kelvin sign "k"): found by trying every character.
_ASCII_TWINS = frozenset({0x130, 0x131, 0x17F, 0x212A})


def _needs_non_ascii(pattern: str) -> bool:
    """Whether every match of the pattern holds a character that is not ASCII: a non-ASCII
    literal outside any alternation or optional part that no ASCII character matches, with or
    without IGNORECASE (not one of _ASCII_TWINS). Such a pattern has no match in an ASCII
    text (the Russian or Greek introductions of a notice: no needles, but no search of an
    English notice either)."""
    try:
        parsed = _sre_parse.parse(pattern)
    except re.error:
        return False
    return _non_ascii_literal(list(parsed))


def _non_ascii_literal(items: list[Any]) -> bool:
    for op, arg in items:
        name = str(op)
        if name == "LITERAL" and arg >= 128 and arg not in _ASCII_TWINS:
            return True
        if name == "SUBPATTERN" and _non_ascii_literal(list(arg[-1])):
            return True
        repeated = name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and arg[0] >= 1
        if repeated and _non_ascii_literal(list(arg[2])):
            return True
        if name == "ATOMIC_GROUP" and _non_ascii_literal(list(arg)):
            return True
        if name == "BRANCH" and arg[1] and all(_non_ascii_literal(list(b)) for b in arg[1]):
            return True
    return False


@cache
def _probe_kind() -> str | None:
    return patterns.code_version("probe", __file__)


class FirstStrings:
    """Which of many probes (the layouts' detect patterns, asked about one notice in turn)
    may find a text, by their first strings (`Probe._firsts`), each looked for in the text
    once for them all.

    Asked one by one, every probe was a Python call that looked for its own few strings
    (47 layouts, 139 strings), and more than nine calls in ten found none of them (13,148
    calls on the corpus, 1,015 left); here the strings are looked for in one C loop
    (`filter`), and only the probes with one of them in the text, or with an alternative
    that requires none (`Probe._unfiltered`), are left to ask. The answer is exact: a probe
    left out has every alternative filtered by a string the text lacks, so `found` would be
    False. The `in` tests themselves (two instructions a character of the text each) are
    most of what is left of recognising a notice."""

    def __init__(self, probes: Iterable[tuple[int, Probe]]) -> None:
        holders: dict[str, set[int]] = {}
        always: set[int] = set()
        every: set[int] = set()
        groups: list[tuple[str, Sequence[_Branch]]] = []
        for key, probe in probes:
            every.add(key)
            if probe._unfiltered:
                always.add(key)
            for first in probe._firsts:
                holders.setdefault(first, set()).add(key)
            groups.extend(probe._by_first.items())
        self._holders = holders
        self._index = _FirstIndex(groups)
        self._always = frozenset(always)
        self._every = frozenset(every)

    def asked(self, low: str | None) -> tuple[frozenset[str] | None, frozenset[int]]:
        """The strings of the probes' `_firsts` that the text whose `lowered` form is `low`
        holds (None when `low` is None or no probe can be left out), and the keys of the
        probes that may find it (all when `low` is None: only a search can tell then)."""
        if low is None or self._always == self._every:
            # Every probe is asked whatever the text holds (the generic notice layout alone
            # in its window): its `found` looks for its strings itself, in order, and stops
            # at the first whose alternatives match, where looking for them all here first
            # found the text's every one (a third more `in` tests on the corpus).
            return None, self._every
        present = frozenset(self._index.present(low))
        holders = self._holders
        return present, self._always.union(*(holders[first] for first in present))


class _FirstIndex:
    """Which of some first strings (`Probe._firsts`) a text holds, where an alternative
    filed under them may match it: `present(low)`, each string looked for once.

    An ASCII text is asked only the strings it can hold and match: not one that is not
    ASCII, nor one whose alternatives all need a letter no ASCII text holds (a word of a
    notice's introduction in Serbian, "isporučena", requires the run "isporu", and the
    alternative the letter "č").

    A text that is not ASCII is asked the others too, and an `in` test of a string passes
    over the whole text: the introductions of notices in 30 languages cost a Japanese notice
    some 60 passes. Each of those strings stands behind one character (an `in` test of one
    character is a scan for its bytes in C, a tenth of a string's pass), and only the strings
    behind the characters the text holds are looked for: a string that is not ASCII behind a
    character of its own (its last in code point order: a kanji before a kana), which any
    text holding the string holds; an ASCII string whose alternatives all need letters that
    are not ASCII behind a letter that each alternative's folded strings hold (`Probe`),
    when the text `folds_plainly` (otherwise it is looked for as before). The answer is every
    string the text holds under which an alternative may match the text."""

    def __init__(self, groups: Iterable[tuple[str, Sequence[_Branch]]]) -> None:
        branches: dict[str, list[_Branch]] = {}
        for first, found in groups:
            branches.setdefault(first, []).extend(found)
        ascii_firsts: list[str] = []
        own: dict[str, list[str]] = {}
        folded: dict[str, list[str]] = {}
        unkeyed: list[str] = []
        for first, found in branches.items():
            if first.isascii() and not all(branch[3] for branch in found):
                ascii_firsts.append(first)
            elif not first.isascii():
                own.setdefault(max(first), []).append(first)  # ASCII sorts below the others
            else:
                letters = {_letter(branch[5]) for branch in found}
                if None in letters:
                    unkeyed.append(first)
                    continue
                for letter in letters:
                    folded.setdefault(letter, []).append(first)  # type: ignore[arg-type]
        self.ascii = tuple(ascii_firsts)
        self._own = {letter: tuple(firsts) for letter, firsts in own.items()}
        self._folded = {letter: tuple(firsts) for letter, firsts in folded.items()}
        self._unkeyed = tuple(unkeyed)
        self._all_folded = tuple(dict.fromkeys(chain.from_iterable(folded.values())))

    def present(self, low: str) -> Iterator[str]:
        """The strings `low` (a `lowered` text) holds of those that may matter to it."""
        holds = low.__contains__
        if low.isascii():  # O(1): CPython keeps the flag on the string
            return filter(holds, self.ascii)
        chosen = list(self._unkeyed)
        for letter in filter(holds, self._own):
            chosen.extend(self._own[letter])
        if self._folded and folds_plainly(low):
            for letter in filter(holds, self._folded):
                chosen.extend(self._folded[letter])
        else:
            chosen.extend(self._all_folded)  # () when there are none
        return chain(filter(holds, self.ascii), filter(holds, dict.fromkeys(chosen)))


def _letter(folded: tuple[str, ...]) -> str | None:
    """A letter that is not ASCII of the first of `folded` (an alternative's required
    strings with such letters) that holds one, or None."""
    for string in folded:
        if not string.isascii():
            return max(string)  # ASCII sorts below the others
    return None


_PROBES: dict[int, tuple[re.Pattern[str], Probe]] = {}



def probe(pattern: re.Pattern[str]) -> Probe:
    """The pattern's Probe, made once per pattern object (by identity, as _NEEDLES)."""
    known = _PROBES.get(id(pattern))
    if known is not None and known[0] is pattern:
        return known[1]
    made = Probe(pattern)
    _PROBES[id(pattern)] = (pattern, made)
    return made


class NeedleIndex:
    """Which of many patterns (a rule set's) a text may match, by their needles, found without
    a test per pattern.

    Asked pattern by pattern, a text costs an `in` test per needle: some 800 rules with 1,700
    needles, 175 microseconds for each text not seen before (most texts of a mailbox that is
    not one bounce repeated). Here every distinct needle is filed under one of its
    three-character pieces (one that the fewest needles share); the text's own pieces, one
    set built in C, pick the few needles worth an `in` test, and those name the patterns. The
    answer is exactly the patterns `may_match` allows: a needle in the text has all its
    pieces in the text's, the one it is filed under too.
    """

    size: int
    always: list[int]  # the patterns without needles: every text may match them
    filed: dict[tuple[str, ...], list[tuple[str, list[int]]]]  # piece -> [(needle, patterns)]
    short: list[tuple[str, list[int]]]  # needles too short to file, each tested on its own

    def __init__(self, needle_lists: list[tuple[str, ...]]) -> None:
        self.size = len(needle_lists)
        always = {index for index, found in enumerate(needle_lists) if not found}
        holders: dict[str, list[int]] = {}
        for index, found in enumerate(needle_lists):
            for needle in found:
                holders.setdefault(needle, []).append(index)
        shared = Counter(chain.from_iterable(map(pieces, holders)))
        self.filed, self.short = {}, []
        for needle, indexes in holders.items():
            own = list(pieces(needle))
            if own:
                self.filed.setdefault(min(own, key=shared.__getitem__), []).append((needle, indexes))
            else:  # two characters of a script without case (`long_enough`): tested alone
                self.short.append((needle, indexes))
        self.always = sorted(always)

    def plain(self) -> tuple[Any, ...]:
        """The index as plain lists, tuples, strings and numbers (rulecache stores it)."""
        return self.size, self.always, list(self.filed.items()), self.short

    @classmethod
    def from_plain(cls, plain: tuple[Any, ...]) -> NeedleIndex:
        """The index `plain()` gave (marshal gives back its tuples and lists as they were)."""
        index = cls.__new__(cls)
        index.size, index.always, filed, index.short = plain
        index.filed = dict(filed)
        return index

    def candidates(self, low: str | None) -> list[int] | range:
        """The indexes, in order, of the patterns that may match the text whose `lowered` form
        is `low`: those with a needle in it and those without needles (all when low is None)."""
        if low is None:
            return range(self.size)
        found = set(self.always)
        filed = self.filed
        for piece in filed.keys() & pieces(low):
            for needle, indexes in filed[piece]:
                if needle in low:
                    found.update(indexes)
        for needle, indexes in self.short:
            if needle in low:
                found.update(indexes)
        return sorted(found)


def pieces(text: str) -> Iterator[tuple[str, ...]]:
    """The three-character pieces of a text, in order (as tuples: zip builds them in C)."""
    return zip(text, text[1:], text[2:])
