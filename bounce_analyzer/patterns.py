"""Regular expressions compiled once per machine, not once per process.

The standard library compiles a pattern in Python (`re._parser`, `re._compiler`): the 400
or so patterns of the extractors and rules took 50-70 ms of every run over the corpus,
a sixth of it (issue "Speed and memory"). The result of that work is a list of integers
for the regex engine, which `_sre.compile` turns into a pattern object at once. This module
keeps those lists in a file beside the rule cache and builds patterns from them.

Safety: the file is keyed by the exact Python build and regex engine version (`sys.version`,
`_sre.MAGIC`, `_sre.CODESIZE`); an entry is only stored after the pattern built from it
compared equal to `re.compile`'s own (pattern objects compare their compiled code); the file
is `marshal` data, so reading it runs no code; anything unexpected (no `_sre.compile`, a
file that does not read back, an OS error) falls back to `re.compile`. BOUNCE_ANALYZER_NO_CACHE=1
turns it off, as it does the rule cache.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

try:  # hashlib loads OpenSSL's bindings first, 3-4 ms of every start-up; blake2b is built in
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a build without it
    from hashlib import blake2b

try:  # the standard library's own compiler, used as `re.compile` uses it
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python implementation
    _sre = None  # type: ignore[assignment]

FORMAT = 2
# The built-in rules and extractors need about 500 entries. Past this many (other --rules
# files, earlier versions of the package), a save keeps only what its own run used.
MAX_ENTRIES = 2_000

# The machine type of one code word of the regex engine (_sre.CODESIZE bytes: 4 in CPython),
# for `_packed` and `_unpacked`.
_CODE_FORMAT = "I" if _sre is None or _sre.CODESIZE == 4 else "H" if _sre.CODESIZE == 2 else "Q"

# Keys: (pattern, flags) for compiled code; (pattern, kind) for what `derived` keeps.
_known: dict[tuple[Any, Any], Any] | None = None
_new: dict[tuple[Any, Any], Any] = {}
_used: set[tuple[Any, Any]] = set()  # keys this process took from the file

T = TypeVar("T")


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the machine's cache when it holds the pattern."""
    flags = int(flags)
    if _sre is None:
        return re.compile(pattern, flags)
    key = (pattern, flags)
    kept = _load().get(key)
    if kept is not None:
        try:
            compiled = _sre.compile(pattern, *_unpacked(kept))
        except (TypeError, ValueError, RuntimeError):
            pass
        else:
            _used.add(key)
            return compiled  # type: ignore[no-any-return]
    compiled = re.compile(pattern, flags)
    args = _engine_code(pattern, flags, compiled)
    packed = None if args is None else _packed(args)
    if packed is not None:
        _remember(key, packed)
    return compiled


def _packed(args: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """`_engine_code`'s arguments as the file keeps them: the code (a list of integers of
    _sre.CODESIZE bytes) as those bytes, in this machine's order (the file's name says it).
    Read back, a list of integers costs marshal an object per integer: the 1,400 patterns of
    a corpus run (the rules' too) hold 400,000 of them, 95M instructions of every start-up.
    None when the bytes do not read back as the same code (a machine type of another size)."""
    from array import array  # only a run that compiles a new pattern writes code

    flags, code, *rest = args
    packed = (flags, array(_CODE_FORMAT, code).tobytes(), *rest)
    return packed if _unpacked(packed) == args else None


def _unpacked(kept: tuple[Any, ...]) -> tuple[Any, ...]:
    """`_packed`'s arguments as `_sre.compile` takes them (TypeError, ValueError when they
    are not what `_packed` writes)."""
    flags, code, *rest = kept
    return (flags, memoryview(code).cast(_CODE_FORMAT).tolist(), *rest)


def derived(
    kind: str | None, pattern: str, compute: Callable[[str], T], valid: Callable[[Any], bool]
) -> T:
    """compute(pattern), kept in the same file as compiled code (marshal data only).

    For what is worked out from a text alone: a pattern's pre-filter needles, the parsed form
    of a small data file.
    `kind` names the computation and must change whenever its code does (`code_version`);
    None means it cannot be named, and the value is computed without the file. `valid`
    checks a value read back from the file, and anything it refuses is computed again.
    """
    cached = kind is not None and _sre is not None
    key = (pattern, kind)
    if cached:
        value = _load().get(key)
        if value is not None and valid(value):
            _used.add(key)
            return value  # type: ignore[no-any-return]
    value = compute(pattern)
    if cached:
        _remember(key, value)
    return value


def strings(value: Any) -> bool:
    """A `valid` for `derived`: a tuple of strings (the types marshal reads back exactly)."""
    return type(value) is tuple and (not value or set(map(type, value)) == {str})


def code_version(name: str, source_file: str | None) -> str | None:
    """A `kind` for `derived` that changes whenever source_file (the computing code) does:
    its size and modification time. None when the file cannot be looked at (no caching)."""
    try:
        stat = os.stat(source_file)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return None
    return f"{name} {stat.st_size} {stat.st_mtime_ns}"


def _remember(key: tuple[Any, Any], value: Any) -> None:
    if not _new:
        atexit.register(save)
    _new[key] = value


def _engine_code(pattern: str, flags: int, compiled: re.Pattern[str]) -> tuple[Any, ...] | None:
    """What `re._compiler.compile` hands to `_sre.compile`, checked against `compiled`."""
    try:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        state = parsed.state
        groupindex = dict(state.groupdict)
        indexgroup: list[str | None] = [None] * state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        # opcodes are int subclasses, which marshal does not write: plain ints
        args = (int(flags | state.flags), [int(c) for c in code], state.groups - 1, groupindex,
                tuple(indexgroup))
    except Exception:  # noqa: BLE001 - internals of another version: just do not cache
        return None
    return args if _sre.compile(pattern, *args) == compiled else None


def cache_dir() -> Path | None:
    """The folder of this cache and of the rule cache (rulecache.py):
    $XDG_CACHE_HOME/bounce-analyzer, by default ~/.cache/bounce-analyzer; None when
    BOUNCE_ANALYZER_NO_CACHE is set or no absolute folder is known."""
    if os.environ.get("BOUNCE_ANALYZER_NO_CACHE"):
        return None
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(root):
        return None
    return Path(root) / "bounce-analyzer"


def stamp(digest: Any, files: Iterable[Path]) -> None:
    """Feed each file's real path, size and modification time to a cache key's digest (the
    rule cache's and the meaning tier's). Each folder is resolved once, not each file in it
    (a resolve is an lstat per path component); a file's stat follows a link. OSError when a
    file is missing: no key, no cache."""
    folders: dict[str, str] = {}
    for file in files:
        name = os.fspath(file)
        parent, _, base = name.rpartition(os.sep)
        real = folders.get(parent)
        if real is None:
            real = folders[parent] = os.path.realpath(parent or os.curdir)
        stat = os.stat(name)
        digest.update(f"{real}{os.sep}{base}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())


def cache_file() -> Path | None:
    folder = cache_dir()
    if folder is None or _sre is None:
        return None
    key = f"{FORMAT}\0{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}\0{sys.byteorder}".encode()
    return folder / f"patterns-{blake2b(key, digest_size=8).hexdigest()}.bin"


def _read(path: Path | None) -> dict[tuple[Any, Any], Any]:
    if path is None:
        return {}
    try:
        known = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return known if isinstance(known, dict) else {}


def _load() -> dict[tuple[Any, Any], Any]:
    global _known
    if _known is None:
        _known = _read(cache_file())
    return _known


def save() -> None:
    """Add this process's new patterns to the file (at exit; a temporary file renamed in
    place, so a concurrent run reads the old file or the new one, never half of one)."""
    path = cache_file()
    if path is None or not _new:
        return
    merged = _read(path)
    if len(merged) + len(_new) > MAX_ENTRIES:
        merged = {key: merged[key] for key in _used if key in merged}
    merged.update(_new)
    _new.clear()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = marshal.dumps(merged)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".patterns-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except (OSError, ValueError):
        pass
