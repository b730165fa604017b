"""patterns.compile: the same pattern objects as re.compile, from a file kept between runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bounce_analyzer import patterns

CASES = [
    (r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)", 0),
    (r"^(?P<indent>[ \t]*)<(?P<addr>[^>]{1,254})>:?$", re.MULTILINE),
    (r"user (?:unknown|not found)", re.IGNORECASE),
    (r"\bmailbox\b.{0,40}\bfull\b", re.IGNORECASE | re.DOTALL),
    ("r\u00e9essayer|\u6536\u4ef6\u4eba", 0),  # non-ASCII text
    (r"(a)(?:b|(c))?", 0),  # an optional group
]
TEXTS = ["550 5.1.1 user unknown", "  <a@example.com>:\n", "Mailbox is FULL", "r\u00e9essayer", "ab ac"]


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("BOUNCE_ANALYZER_NO_CACHE", raising=False)
    monkeypatch.setattr(patterns, "_known", None)
    monkeypatch.setattr(patterns, "_new", {})
    monkeypatch.setattr(patterns, "_used", set())
    return tmp_path


def behaviour(pattern: re.Pattern[str]) -> list[object]:
    return [(pattern.pattern, pattern.flags, pattern.groups, dict(pattern.groupindex))] + [
        [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)] for text in TEXTS
    ]


@pytest.mark.parametrize("source, flags", CASES)
def test_a_pattern_from_the_file_is_the_pattern_re_compiles(cache: Path, source: str, flags: int) -> None:
    expected = re.compile(source, flags)
    assert patterns.compile(source, flags) == expected  # a miss: compiled, remembered
    patterns.save()
    assert list(cache.glob("bounce-analyzer/patterns-*.bin"))
    patterns._known = None  # as a new process would start
    assert (source, int(flags)) in patterns._load()
    again = patterns.compile(source, flags)
    assert again == expected and again is not expected
    assert behaviour(again) == behaviour(expected)


def test_a_damaged_file_is_ignored(cache: Path) -> None:
    patterns.compile(*CASES[0])
    patterns.save()
    [file] = cache.glob("bounce-analyzer/patterns-*.bin")
    file.write_bytes(b"\x00not marshal")
    patterns._known = None
    assert patterns.compile(*CASES[0]) == re.compile(*CASES[0])


def test_no_file_when_caching_is_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOUNCE_ANALYZER_NO_CACHE", "1")
    assert patterns.compile(*CASES[2]) == re.compile(*CASES[2])
    patterns.save()
    assert not list(cache.glob("bounce-analyzer/*"))


def test_derived_values_are_kept_and_checked_when_read_back(cache: Path) -> None:
    calls: list[str] = []

    def length(text: str) -> tuple[str, ...]:
        calls.append(text)
        return (str(len(text)),)

    def valid(value: object) -> bool:
        return isinstance(value, tuple) and all(isinstance(v, str) for v in value)

    assert patterns.derived("length v1", "abc", length, valid) == ("3",)
    patterns.save()
    patterns._known = None  # a new process
    assert patterns.derived("length v1", "abc", length, valid) == ("3",)
    assert calls == ["abc"]  # the second answer came from the file
    assert patterns.derived("length v2", "abc", length, valid) == ("3",)
    assert calls == ["abc", "abc"]  # another kind is another computation
    patterns._known = {("abc", "length v1"): [3]}  # a value the check refuses
    assert patterns.derived("length v1", "abc", length, valid) == ("3",)
    assert len(calls) == 3
    assert patterns.derived(None, "abcd", length, valid) == ("4",)  # no kind: not kept
    assert not any(key[1] is None for key in patterns._new)


def test_needles_come_back_from_the_file_as_computed(cache: Path) -> None:
    from bounce_analyzer import prefilter

    pattern = patterns.compile(r"user (?:unknown|not found)|no such (?:user|mailbox)", re.IGNORECASE)
    expected = prefilter.needles(pattern.pattern)
    prefilter._NEEDLES.clear()
    assert prefilter.pattern_needles(pattern) == expected
    patterns.save()
    patterns._known = None
    prefilter._NEEDLES.clear()
    key = (pattern.pattern, prefilter._needles_kind())
    assert patterns._load()[key] == expected
    assert prefilter.pattern_needles(pattern) == expected


def test_a_full_file_keeps_what_the_run_used(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns, "MAX_ENTRIES", 4)
    for source, flags in CASES[:4]:  # an earlier run's entries fill the file
        patterns.compile(source, flags)
    patterns.save()
    patterns._known = None  # a new run uses one of them and compiles one more
    patterns.compile(*CASES[0])
    patterns.compile(*CASES[4])
    patterns.save()
    assert set(patterns._read(patterns.cache_file())) == {
        (source, int(flags)) for source, flags in (CASES[0], CASES[4])
    }


def test_autoreply_marks_come_back_from_the_file_as_read(cache: Path) -> None:
    from bounce_analyzer.extract import autoreply

    autoreply.load_marks.cache_clear()
    fresh = autoreply.load_marks()
    patterns.save()
    patterns._known = None  # a new process: the marks come from the file, not from TOML
    autoreply.load_marks.cache_clear()
    assert any(isinstance(kind, str) and kind.startswith("autoreply marks") for _, kind in patterns._load())
    again = autoreply.load_marks()
    assert again == fresh
    assert "auto-submitted" in again.headers and "automatic reply" in again.subject_prefixes
    autoreply.load_marks.cache_clear()
