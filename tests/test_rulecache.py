"""The rule-set file cache: a hit gives the rule set a fresh load gives; anything odd is a miss."""

from __future__ import annotations

from pathlib import Path

import pytest

from bounce_analyzer import rulecache, rules


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("BOUNCE_ANALYZER_NO_CACHE", raising=False)
    return tmp_path / "bounce-analyzer"


def same(a: rules.RuleSet, b: rules.RuleSet) -> None:
    assert (a.reasons, a.status, a.reply, a.files) == (b.reasons, b.status, b.reply, b.files)
    assert [(r.pattern.pattern, r.pattern.flags) for r in a.rules] == [
        (r.pattern.pattern, r.pattern.flags) for r in b.rules
    ]
    fields = [name for name in rules.Rule.__slots__ if name != "pattern"]
    assert [[getattr(r, n) for n in fields] for r in a.rules] == [
        [getattr(r, n) for n in fields] for r in b.rules
    ]


def test_a_cached_rule_set_equals_a_fresh_load(cache: Path) -> None:
    calls: list[tuple[str, ...]] = []

    def loader(paths: tuple[str, ...]) -> rules.RuleSet:
        calls.append(paths)
        return rules.load(paths)

    first = rulecache.load((), loader)
    second = rulecache.load((), loader)
    assert calls == [()]  # the second came from the file
    assert len(list(cache.glob("rules-*.bin"))) == 1
    same(first, second)


def test_an_edited_rule_file_is_a_miss(cache: Path, tmp_path: Path) -> None:
    user = tmp_path / "mine.toml"
    user.write_text(
        '[[rule]]\nid = "mine-a"\nreason = "blocked"\npattern = "go away"\nsource = "test"\n'
    )
    one = rulecache.load((str(user),), rules.load)
    user.write_text(
        '[[rule]]\nid = "mine-b"\nreason = "blocked"\npattern = "go  away"\nsource = "t"\n'
    )
    two = rulecache.load((str(user),), rules.load)
    assert one.rules[0].id == "mine-a" and two.rules[0].id == "mine-b"


def test_a_damaged_cache_file_is_ignored(cache: Path) -> None:
    rulecache.load((), rules.load)
    (file,) = cache.glob("rules-*.bin")
    file.write_bytes(b"not marshal data")
    same(rulecache.load((), rules.load), rules.load())


def test_rule_errors_are_raised_and_not_cached(cache: Path, tmp_path: Path) -> None:
    user = tmp_path / "bad.toml"
    user.write_text('[[rule]]\nid = "bad"\nreason = "nonsense"\npattern = "x"\nsource = "t"\n')
    for _ in range(2):
        with pytest.raises(rules.RuleError):
            rulecache.load((str(user),), rules.load)
    assert not list(cache.glob("rules-*.bin"))
