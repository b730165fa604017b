"""Every regular expression that sees message text runs in linear time on hostile input.

Module-level patterns (extractors, ingest, parse, summary ...) are run over 1 MB adversarial
texts; rule-set patterns only ever see diagnostics capped by the classifier, so they are run
at that cap and the cap itself is tested. Found by walking the package, so a new pattern is
covered without being listed here.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
import time
from collections.abc import Iterator

import pytest

import bounce_analyzer
from bounce_analyzer import rules as rulebook

MB = 1 << 20
# Shapes that make backtracking regexes explode: long runs of one class, near-misses of the
# things patterns look for, and alternations of them.
HOSTILE = {
    "letters": "a" * MB,
    "spaces": " " * MB,
    "newlines": "\n" * MB,
    "tabs-and-spaces": " \t" * (MB // 2),
    "at-signs": "a@" * (MB // 2),
    "angles": "<" * MB,
    "dotted-digits": "5.5." * (MB // 4),
    "reply-codes": "550 " * (MB // 4),
    "from-lines": "From a\n" * (MB // 7),
    "dashes": "-" * MB,
    "header-like": "X-A: b\n " * (MB // 9),
    "address-runs": "user.name+tag@" * (MB // 14),
}
# A linear pattern takes well under a second on 1 MB here; a quadratic one takes minutes. The
# bound leaves room for a loaded CI machine.
BOUND_SECONDS = 5.0


def module_patterns() -> Iterator[tuple[str, re.Pattern[str] | re.Pattern[bytes]]]:
    seen: set[int] = set()
    for info in pkgutil.walk_packages(bounce_analyzer.__path__, "bounce_analyzer."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            for label, pattern in _patterns(value, f"{info.name}.{name}", depth=0):
                if id(pattern) not in seen:
                    seen.add(id(pattern))
                    yield label, pattern


def _patterns(value: object, label: str, depth: int) -> Iterator[tuple[str, re.Pattern]]:  # type: ignore[type-arg]
    if isinstance(value, re.Pattern):
        yield label, value
    elif depth < 2 and isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from _patterns(item, f"{label}[{index}]", depth + 1)
    elif depth < 2 and isinstance(value, dict):
        for key, item in value.items():
            yield from _patterns(item, f"{label}[{key!r}]", depth + 1)
    elif depth < 2 and dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _patterns(getattr(value, field.name), f"{label}.{field.name}", depth + 1)


PATTERNS = sorted(module_patterns(), key=lambda item: item[0])


def test_the_walk_finds_the_extractors_patterns() -> None:
    assert len(PATTERNS) > 50


@pytest.mark.parametrize("label,pattern", PATTERNS, ids=[label for label, _ in PATTERNS])
def test_module_pattern_is_linear_on_1mb_hostile_text(label: str, pattern: re.Pattern) -> None:  # type: ignore[type-arg]
    for kind, text in HOSTILE.items():
        subject: str | bytes = text.encode() if isinstance(pattern.pattern, bytes) else text
        started = time.thread_time()
        for _ in pattern.finditer(subject):  # type: ignore[arg-type]
            pass
        pattern.match(subject)  # type: ignore[arg-type]
        elapsed = time.thread_time() - started
        assert elapsed < BOUND_SECONDS, f"{label} took {elapsed:.1f} s on {kind}"


def test_rule_patterns_are_linear_at_the_classifiers_cap() -> None:
    from bounce_analyzer.classifier import load_classifier

    ruleset = rulebook.load()
    cap = getattr(load_classifier(), "MAX_TEXT", None) or 8192
    slow = []
    for rule in ruleset.rules:
        for kind, text in HOSTILE.items():
            started = time.thread_time()
            rule.pattern.search(text[:cap])
            if time.thread_time() - started > 0.25:
                slow.append(f"{rule.id} on {kind}")
    assert slow == []
