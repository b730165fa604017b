"""The generated methods of dataclasses, compiled once per machine, not once per process.

`dataclasses` writes each class's `__init__`, `__repr__`, `__eq__` (and for a frozen class
`__setattr__`, `__delattr__`, `__hash__`) as source text and runs it with `exec`, which parses
and compiles it anew in every process: for the 30 classes the command defines before its
first message, about 150 texts and a fifth of its start-up. `install` has `dataclasses` run
those texts through `_exec`, which keeps the compiled code in the machine's pattern cache
(patterns.derived: marshal data, keyed by the exact Python build) under the text itself, so
the same text gives the same code object that `exec` would have compiled. Only the command
installs it (`__main__.run`), as it pauses the collector; the library changes nothing in
the standard library of the program that imports it.
"""

from __future__ import annotations

import dataclasses
import types
from typing import Any

from . import patterns

_KIND = "dataclass method code 1"


def install() -> None:
    """Have `dataclasses` compile its method texts through the cache from now on."""
    dataclasses.exec = _exec  # type: ignore[attr-defined]


def _exec(source: Any, globals: Any = None, locals: Any = None) -> None:
    if isinstance(source, str):
        source = patterns.derived(_KIND, source, _compile, _is_code)
    exec(source, globals, locals)  # noqa: S102 - the text dataclasses wrote, as it would run it


def _compile(source: str) -> types.CodeType:
    # dont_inherit: compiled as `exec` in dataclasses.py would (no `from __future__` of ours)
    return compile(source, "<string>", "exec", dont_inherit=True)


def _is_code(value: Any) -> bool:
    return isinstance(value, types.CodeType)
