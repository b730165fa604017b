"""A file cache of the validated rule set, so a command does not re-validate unchanged rules.

Reading, validating and analysing the rule files (TOML parsing, a regex parse per pattern for
the unbounded-repeat check and the pre-filter needles) takes about 50 ms, a quarter of the
start-up of `analyze one.eml` (issue 7). The outcome depends only on the rule files and on
the code that validates them, so it is stored after a successful load and reused while
neither changes.

- Where: $XDG_CACHE_HOME/bounce-analyzer/ (default ~/.cache/bounce-analyzer/); one file per
  combination of rule paths and files, the newest KEEP kept. BOUNCE_ANALYZER_NO_CACHE=1 turns
  the cache off.
- Key: the Python version, the source of rules.py, prefilter.py and this module, and the path,
  size and modification time of every rule file read; any change is a miss, and a miss loads
  and validates the files as if there were no cache.
- Format: `marshal` of plain tuples and strings (no pickle: loading it runs no code), the
  rules' needle index (prefilter.NeedleIndex, 20 ms to build) included; each rule's row is
  marshalled once more on its own, so loading the file makes one bytes object a rule and
  only the rules a run asks for (a sixth of them over the corpus) are decoded; a file
  that does not read back as expected is ignored. Only rule sets without problems are stored.
- Writes go to a temporary file renamed into place, so concurrent processes never read half
  a file; any OS error just means no caching.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, overload

from . import patterns, prefilter, rules
from .patterns import blake2b, cache_dir
from .rules import CodeEntry, Reason, Rule, RuleSet

FORMAT = 3
KEEP = 16  # cache files kept; older ones are deleted when a new one is written
_CODE_FILES = (rules.__file__, prefilter.__file__, __file__)


def input_files(extra_paths: tuple[str, ...]) -> list[str] | None:
    """Every file `rules.collect` reads (as names: no Path objects in a start-up that finds
    its cache current), or None when a path is missing (no caching)."""
    base = os.fspath(rules.builtin_dir())
    tables = ("reasons.toml", "status-codes.toml", "reply-codes.toml")
    files = [os.path.join(base, name) for name in tables]
    for path in [*extra_paths, os.path.join(base, "phrases")]:
        if not os.path.exists(path):
            return None
        files.extend(rules.phrase_file_names(path))
    return files


def cache_key(extra_paths: tuple[str, ...]) -> str | None:
    files = input_files(extra_paths)
    if files is None:
        return None
    digest = blake2b(digest_size=16)
    digest.update(f"{FORMAT} {sys.version} {extra_paths!r}\n".encode())
    try:
        for code in _CODE_FILES:
            digest.update(Path(code).read_bytes())
        patterns.stamp(digest, files)
    except OSError:
        return None
    return digest.hexdigest()[:32]


class LazyPattern:
    """A validated rule pattern compiled on first use.

    The pre-filter (prefilter.needles) spares most rules their search, so most patterns are
    never needed in a run; compiling all of them took 20 ms of every start-up. Offers what
    callers use of `re.Pattern`: `pattern`, `flags` and the matching methods.
    """

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = patterns.compile(self.pattern, self.flags)
        return self._compiled

    def search(self, *args: Any) -> re.Match[str] | None:
        return self.compiled().search(*args)

    def __getattr__(self, name: str) -> Any:  # match, fullmatch, finditer, groups ...
        return getattr(self.compiled(), name)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyPattern):
            return (self.pattern, self.flags) == (other.pattern, other.flags)
        return self.compiled() == other

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"re.compile({self.pattern!r}, {self.flags})"


def dump(ruleset: RuleSet) -> bytes:
    return marshal.dumps((
        FORMAT,
        [tuple(getattr(r, n) for n in Reason.__slots__) for r in ruleset.reasons.values()],
        [tuple(getattr(e, n) for n in CodeEntry.__slots__) for e in ruleset.status.values()],
        [tuple(getattr(e, n) for n in CodeEntry.__slots__) for e in ruleset.reply.values()],
        [
            marshal.dumps(tuple((r.pattern.pattern, r.pattern.flags) if n == "pattern"
                                else getattr(r, n) for n in Rule.__slots__))
            for r in ruleset.rules
        ],
        list(ruleset.files),
        ruleset.rule_index().plain(),
    ))  # fmt: skip


class LazyRules(Sequence[Rule]):
    """The cached rules in precedence order, each made into a `Rule` when first asked for.

    The classifier asks only for the rules whose needles a text holds, a few per message;
    making all 1,100 took about 10 ms of every start-up, and decoding all their rows (their
    sources and examples are half the file) as much again. A row is the marshalled tuple of
    the Rule's fields in their order (`dump`), its pattern as (pattern, flags).
    """

    __slots__ = ("_made", "_rows")

    def __init__(self, rows: list[bytes]) -> None:
        self._rows = rows
        self._made: list[Rule | None] = [None] * len(rows)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Rule: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Rule, ...]: ...

    def __getitem__(self, index: int | slice) -> Rule | tuple[Rule, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        rule = self._made[index]
        if rule is None:
            values = list(marshal.loads(self._rows[index]))
            values[_PATTERN_AT] = LazyPattern(*values[_PATTERN_AT])
            rule = self._made[index] = Rule(*values)
        return rule


_PATTERN_AT = Rule.__slots__.index("pattern")


def undump(data: bytes) -> RuleSet:
    version, reasons, status, reply, rule_rows, files, needle_index = marshal.loads(data)
    if version != FORMAT:
        raise ValueError("another cache format")
    built = LazyRules(rule_rows)
    ruleset = RuleSet(
        reasons={row[0]: Reason(*row) for row in reasons},
        status={row[0]: CodeEntry(*row) for row in status},
        reply={row[0]: CodeEntry(*row) for row in reply},
        rules=built,
        files=tuple(files),
    )
    index = prefilter.NeedleIndex.from_plain(needle_index)
    if index.size != len(built):
        raise ValueError("a needle index of other rules")
    object.__setattr__(ruleset, "needle_index", index)  # frozen: as RuleSet.rule_index keeps it
    return ruleset


@lru_cache(maxsize=8)
def load_cached(extra_paths: tuple[str, ...] = ()) -> RuleSet:
    """`rules.load`, once per process, and across processes through this file cache."""
    return load(extra_paths, rules.load)


def load(extra_paths: tuple[str, ...], loader: Callable[[tuple[str, ...]], RuleSet]) -> RuleSet:
    """The rule set for extra_paths: from the cache when it is current, else from loader."""
    folder = cache_dir()
    key = cache_key(extra_paths) if folder is not None else None
    if folder is None or key is None:
        return loader(extra_paths)
    path = folder / f"rules-{key}.bin"
    try:
        return undump(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    ruleset = loader(extra_paths)  # raises RuleError on problems: nothing is stored
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".rules-")
        with os.fdopen(handle, "wb") as out:
            out.write(dump(ruleset))
        os.replace(temporary, path)
        prune(folder)
    except (OSError, ValueError):
        pass
    return ruleset


def prune(folder: Path, keep: int = KEEP) -> None:
    """Delete all but the newest `keep` cache files (rule edits leave old ones behind)."""
    files = sorted(folder.glob("rules-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)
