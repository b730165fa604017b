"""bounce-analyzer: one verdict per failed recipient of a bounce message, with its reasons.

The public API (README "Python API"):

    analyze_bytes(data, **options) -> list[Verdict]      one message as bytes
    analyze_message(message, **options) -> list[Verdict]  an email.message.Message
    analyze_path(path, **options) -> Iterator[Verdict]    files, folders, mboxes, Maildirs, .gz/.bz2/.xz
    classify(text, **options) -> Explanation              one server reply, as `explain` prints it

Imported on first use, so that `import bounce_analyzer` (and the command's start) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "AnalysisError",
    "AnalysisOptions",
    "Explanation",
    "MessageError",
    "Verdict",
    "__version__",
    "analyze_bytes",
    "analyze_message",
    "analyze_path",
    "classify",
]

if TYPE_CHECKING:
    from .api import (
        AnalysisError,
        AnalysisOptions,
        Explanation,
        analyze_bytes,
        analyze_message,
        analyze_path,
        classify,
    )
    from .model import MessageError
    from .verdict import Verdict

_HOMES = {
    "AnalysisError": "api",
    "AnalysisOptions": "api",
    "Explanation": "api",
    "analyze_bytes": "api",
    "analyze_message": "api",
    "analyze_path": "api",
    "classify": "api",
    "MessageError": "model",
    "Verdict": "verdict",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'bounce_analyzer' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value  # once: later lookups find it directly
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
