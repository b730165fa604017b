"""What marks a message as an automatic reply, a challenge-response request or a bounce: the
data of rules/autoreply.toml, read once (RFC 3834 and the marks of the mail systems cited
there). Shared by the extractors that recognise replies and the reading layer's test for a
message from a mail system. Also what list servers' notices say (rules/lists.toml), read
once for the two readers that ask it (a refused post, a post held for its moderators).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import patterns
from .rules import builtin_dir


@dataclass(frozen=True, slots=True)
class AutoReplyMarks:
    """What marks a message as an automatic reply, or as a bounce (rules/autoreply.toml)."""

    headers: dict[str, tuple[str, ...]]  # header name -> values that count (empty: any)
    subject_prefixes: tuple[str, ...]
    bounce_subject_phrases: tuple[str, ...]
    challenge_subject_phrases: tuple[str, ...] = ()
    challenge_text_phrases: tuple[str, ...] = ()
    reply_subject_prefixes: tuple[str, ...] = ()  # a person's answer: "Re:", "AW:", "回复:" ...
    refusal_text_phrases: tuple[str, ...] = ()  # an auto-reply that refuses the message instead


@lru_cache(maxsize=1)
def load_marks(path: Path | None = None) -> AutoReplyMarks:
    """Read rules/autoreply.toml once. What it says is kept in the pattern cache while the
    file and this module are unchanged (patterns.derived), so runs need no TOML parser."""
    text = (path or builtin_dir() / "autoreply.toml").read_text(encoding="utf-8")
    kind = patterns.code_version("autoreply marks", __file__)
    return AutoReplyMarks(*patterns.derived(kind, text, _read_marks, _are_marks))


Marks = tuple[
    dict[str, tuple[str, ...]],
    tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...],
    tuple[str, ...],
]


def _read_marks(text: str) -> Marks:
    import tomllib  # only when the cache does not have this file

    data = tomllib.loads(text)
    headers = {name.lower(): tuple(v.lower() for v in values)
               for name, values in data.get("headers", {}).items()}
    prefixes = tuple(p.lower() for group in data.get("subject", []) for p in group["prefixes"])
    phrases = tuple(p.lower() for group in data.get("bounce_subject", []) for p in group["phrases"])
    challenges = data.get("challenge", [])
    challenge_subject = tuple(p.lower() for group in challenges for p in group["subject_phrases"])
    challenge_text = tuple(p.lower() for group in challenges for p in group["text_phrases"])
    replies = tuple(p.lower() for group in data.get("reply_subject", []) for p in group["prefixes"])
    refusals = tuple(p.lower() for group in data.get("refusal", []) for p in group["text_phrases"])
    return headers, prefixes, phrases, challenge_subject, challenge_text, replies, refusals


def _are_marks(value: Any) -> bool:
    return (
        isinstance(value, tuple) and len(value) == 7 and isinstance(value[0], dict)
        and all(isinstance(k, str) and patterns.strings(v) for k, v in value[0].items())
        and all(patterns.strings(item) for item in value[1:])
    )


@dataclass(frozen=True, slots=True)
class ListMarks:
    """What list servers' notices say (rules/lists.toml)."""

    # [[post_refusal]]: (mta, subject prefix, subject suffix), lower case (extract/mailman.py)
    post_refusals: tuple[tuple[str, str, str], ...]
    # [[moderation_hold]]: a post handed to the list's moderators, lower case with white space
    # collapsed (extract/rfc3464.py)
    moderation_holds: tuple[str, ...]


@lru_cache(maxsize=1)
def load_list_marks(path: Path | None = None) -> ListMarks:
    """Read rules/lists.toml once, kept in the pattern cache as load_marks keeps its file."""
    text = (path or builtin_dir() / "lists.toml").read_text(encoding="utf-8")
    kind = patterns.code_version("list marks", __file__)
    return ListMarks(*patterns.derived(kind, text, _read_list_marks, _are_list_marks))


def _read_list_marks(text: str) -> tuple[tuple[tuple[str, str, str], ...], tuple[str, ...]]:
    import tomllib  # only when the cache does not have this file

    data = tomllib.loads(text)
    refusals = data.get("post_refusal", [])
    for entry in refusals:
        if not entry.get("source") or not (
            entry.get("subject_prefix", "").strip() or entry.get("subject_suffix", "").strip()
        ):
            raise ValueError("lists.toml: a [[post_refusal]] entry without a source, or with "
                             "neither a prefix nor a suffix")
    holds = data.get("moderation_hold", [])
    for entry in holds:
        if not entry.get("source") or not entry.get("phrases"):
            raise ValueError("lists.toml: a [[moderation_hold]] entry without a source or phrases")
    return (
        tuple(
            (e["mta"], (" ".join(e.get("subject_prefix", "").lower().split()) + " ").lstrip(),
             (" " + " ".join(e.get("subject_suffix", "").lower().split())).rstrip())
            for e in refusals
        ),
        tuple(" ".join(p.lower().split()) for e in holds for p in e["phrases"]),
    )  # fmt: skip


def _are_list_marks(value: Any) -> bool:
    return (
        isinstance(value, tuple) and len(value) == 2
        and isinstance(value[0], tuple)
        and all(
            isinstance(v, tuple) and len(v) == 3 and all(isinstance(s, str) for s in v)
            for v in value[0]
        )
        and patterns.strings(value[1])
    )  # fmt: skip
