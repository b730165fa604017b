"""Load, validate and compile the rule data in rules/ (once).

The rules are data (TOML), never lists in code:

- reasons.toml        the reason vocabulary: description, hard, retry, explanation and advice (en/zh)
- status-codes.toml   every enhanced status code (RFC 3463 + IANA registry) -> meaning, default reason
- reply-codes.toml    every SMTP reply code (RFC 5321 + the seed documents) -> meaning, default reason
- phrases/*.toml      phrase rules: what servers actually say -> reason (loaded in sorted file order)

Validation happens at load time and names the file and the rule id: an unknown key, a duplicate
id, a bad regex (or one that could backtrack: every repetition must be bounded), an unknown
reason. `check()` collects every problem instead of stopping at the first, and adds conflicts
(two rules of equal priority and scope matching the same example with different reasons).

Patterns are matched case-insensitively against the diagnostic with whitespace collapsed to single
spaces and capped (MATCH_LIMIT characters), so they can write one space where servers fold lines.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import patterns
from .prefilter import NeedleIndex, needles
from .smtp import SMTP_COMMANDS

try:  # private, but stable across 3.11-3.13; only used to reject unbounded repeats
    import re._constants as _sre_constants  # type: ignore[import-not-found]
    import re._parser as _sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - older/newer layouts
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

# The reason vocabulary of the project (contract); reasons.toml must describe exactly these.
VOCABULARY: tuple[str, ...] = (
    "userunknown", "hostunknown", "hasmoved", "notaccept", "mailboxfull", "suspend", "filtered",
    "rejected", "blocked", "badreputation", "requireptr", "authfailure", "notcompliantrfc",
    "spamdetected", "virusdetected", "policyviolation", "securityerror", "contenterror",
    "norelaying", "mesgtoobig", "exceedlimit", "toomanyconn", "speeding", "systemerror",
    "systemfull", "networkerror", "expired", "mailererror", "syntaxerror", "onhold", "undefined",
    "delivered", "feedback", "vacation", "challenge",
)  # fmt: skip

# Diagnostics are matched on their first MATCH_LIMIT characters: the server's words come first,
# and a cap keeps hostile megabyte diagnostics cheap.
MATCH_LIMIT = 8192
# The largest bounded repeat a pattern may use ({0,300} is enough to skip an address or a host).
MAX_REPEAT = 512

REASON_KEYS = frozenset(
    {"description", "bounce", "retry", "explanation_en", "explanation_zh", "advice_en", "advice_zh"}
)
REASON_OPTIONAL = frozenset({"mailbox"})
# What a reason makes of the `bounce` column (rules/reasons.toml says which, per reason).
BOUNCE_KINDS = ("hard", "hard-if-permanent", "soft", "none")
STATUS_KEYS = frozenset({"code", "meaning", "reason", "source"})
REPLY_KEYS = frozenset({"code", "meaning", "reason", "source", "temporary_after"})
RULE_KEYS = frozenset(
    {
        "id", "reason", "pattern", "codes", "hosts", "actions", "commands", "diagnostic_types",
        "priority",
        "source", "seen_in", "examples", "explanation_en", "explanation_zh", "advice_en", "advice_zh",
    }
)  # fmt: skip
RULE_REQUIRED = ("id", "reason", "pattern")
# A file of the labelled corpus (../shared/corpus) named as evidence: "lhost-postfix-04",
# "rhost-aol-05", "rfc3464-28", "arf-01". The corpus is for measuring, so such a name may stand in
# a rule's `seen_in`, never as its only source (`primary_sources`).
CORPUS_NAME = patterns.compile(
    r"\b(?:lhost|rhost|rfc3464|rfc3834|arf)-(?:[a-z0-9]{1,24}-)?\d{1,3}\b|\bcorpus\b|\bunlabelled\b"
)
# RFC 3464 2.3.3 Action values, plus "expired" (some providers write it) and "" (none given).
ACTIONS = frozenset({"failed", "delayed", "delivered", "relayed", "expanded", "expired", ""})

STATUS_FORM = patterns.compile(r"[245]\.\d{1,3}\.\d{1,3}")
REPLY_FORM = patterns.compile(r"[2-5]\d\d")
# A code a rule may be scoped to: a reply code, an enhanced status, or a class/subject prefix.
RULE_CODE_FORM = patterns.compile(r"[245]\d\d|[245](?:\.\d{1,3}){0,2}")
HOST_FORM = patterns.compile(r"[a-z0-9](?:[a-z0-9\-]{0,62}\.){0,10}[a-z0-9\-]{1,63}")
RULE_ID_FORM = patterns.compile(r"[a-z0-9][a-z0-9.\-_]{0,80}")
# A Diagnostic-Code type (RFC 3464 2.3.6: an atom naming the kind of code, "smtp", "x-unix").
DIAGNOSTIC_TYPE_FORM = patterns.compile(r"[a-z0-9][a-z0-9.\-_]{0,23}")


class RuleError(ValueError):
    """Rule data that cannot be used; the message names the file and the rule."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the rule data."""

    file: str
    rule: str  # rule id or table code, "" for the file as a whole
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.rule}" if self.rule else self.file
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason of the taxonomy (rules/reasons.toml): what it means, whether it is a failure
    and a hard bounce, and the explanation and advice shown for it in each language."""

    name: str
    description: str
    bounce: str  # one of BOUNCE_KINDS
    retry: bool
    explanation_en: str
    explanation_zh: str
    advice_en: str
    advice_zh: str
    mailbox: bool = False  # about the recipient's mailbox or domain

    @property
    def failure(self) -> bool:
        """A failed or delayed delivery (not a delivery, a complaint or an automatic reply)."""
        return self.bounce != "none"

    @property
    def hard(self) -> bool:
        """Hard whenever it happens (userunknown); see `bounce_for` for hard-if-permanent."""
        return self.bounce == "hard"

    def bounce_for(self, permanent: str) -> str:
        """The `bounce` column: "hard", "soft", or "" for rows that are not failures."""
        if self.bounce == "none":
            return ""
        if self.bounce == "hard" or (self.bounce == "hard-if-permanent" and permanent == "true"):
            return "hard"
        return "soft"



@dataclass(frozen=True, slots=True)
class CodeEntry:
    """One row of the status-code or reply-code table."""

    code: str
    meaning: str
    reason: str  # "" when the code alone says too little to pick a reason
    source: str
    temporary_after: tuple[str, ...] = ()  # SMTP commands after which this code is temporary


@dataclass(frozen=True, slots=True)
class Rule:
    """One phrase rule, compiled."""

    id: str
    reason: str
    pattern: re.Pattern[str]
    source: str  # the primary sources, joined with "; "
    file: str
    order: int  # position in load order (user files first), the final tie-breaker
    codes: tuple[str, ...] = ()
    # RFC 3464 Action values the rule applies to ("failed", "delayed" ...); empty = any.
    # "A connection timed out" is a network error while the message is still queued, and
    # means the message expired once the MTA gave up (Action failed).
    actions: tuple[str, ...] = ()
    # SMTP commands the failure answered ("HELO", "MAIL" ..., "CONN" for the greeting; upper
    # case); empty = any. "501 Invalid domain name" to HELO refuses the sending host's name;
    # the same words to MAIL FROM are about the sender's domain.
    commands: tuple[str, ...] = ()
    # Diagnostic-Code types (RFC 3464 2.3.6, lower case) the rule applies to; empty = any.
    # "x-unix" names a local delivery program's or the system's own words, not a remote
    # server's reply: whatever those words are, the local mailer failed.
    diagnostic_types: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    priority: int = 0
    examples: tuple[str, ...] = ()
    # Corpus files the phrasing was also seen in: evidence, never a source (CORPUS_NAME).
    seen_in: tuple[str, ...] = ()
    explanation_en: str = ""
    explanation_zh: str = ""
    advice_en: str = ""
    advice_zh: str = ""
    user: bool = False  # from a user rule path: outranks every built-in rule
    # Lower-case ASCII strings one of which any text the pattern matches must contain (see
    # `needles`); empty when no such string is known. A cheap `in` test skips most rules.
    needles: tuple[str, ...] = ()

    def applies_to_codes(self, codes: Iterable[str]) -> bool:
        """True when the rule has no code scope, or one of `codes` falls in it."""
        if not self.codes:
            return True
        for code in codes:
            for wanted in self.codes:
                if len(wanted) == 1 and code[:1] == wanted:  # a bare class: 5 = 5xx and 5.x.x
                    return True
                if code == wanted or (len(wanted) < len(code) and code.startswith(wanted + ".")):
                    return True
        return False

    def applies_to_action(self, action: str) -> bool:
        return not self.actions or action.strip().lower() in self.actions

    def applies_to_command(self, command: str) -> bool:
        return not self.commands or command in self.commands

    def applies_to_diagnostic_type(self, diagnostic_type: str) -> bool:
        return not self.diagnostic_types or diagnostic_type.strip().lower() in self.diagnostic_types

    def applies_to_hosts(self, hosts: Iterable[str]) -> bool:
        """True when the rule is not host-scoped, or a host is (a subdomain of) one of its hosts.

        Label-boundary match: mx.google.com matches google.com, notgoogle.com does not.
        """
        if not self.hosts:
            return True
        return any(host_matches(host, wanted) for host in hosts for wanted in self.hosts)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Everything the classifier reads: reasons, status and reply code tables, phrase rules."""

    reasons: dict[str, Reason]
    status: dict[str, CodeEntry]
    reply: dict[str, CodeEntry]
    rules: Sequence[Rule]  # in precedence order: user, then host-scoped, then plain phrase
    files: tuple[str, ...] = field(default=())
    # Which rules a text may match, by their needles (built on first use, kept by rulecache).
    # Not an __init__ argument, so dataclasses.replace(..., rules=...) never carries an index
    # of other rules over.
    needle_index: NeedleIndex | None = field(default=None, init=False, compare=False, repr=False)

    def rule_index(self) -> NeedleIndex:
        """Which rules a text may match, by their needles: built on first use and kept."""
        if self.needle_index is None:
            built = NeedleIndex([rule.needles for rule in self.rules])
            object.__setattr__(self, "needle_index", built)  # frozen: a cache, not a change
        return self.needle_index  # type: ignore[return-value]


def host_matches(host: str, wanted: str) -> bool:
    host = host.lower().rstrip(".")
    return host == wanted or host.endswith("." + wanted)


def normalise_text(text: str) -> str:
    """The text patterns see: capped, whitespace collapsed to single spaces, trimmed.

    By str.split() and join, which take as white space what `\\s` does (both ask
    Py_UNICODE_ISSPACE), at a quarter of the time of a regex substitution."""
    head = text[: MATCH_LIMIT * 2]
    if "  " not in head and head.isprintable():
        # One line of single spaces already (str.isprintable() is false for every white-space
        # character but the space): a split would only put each space back.
        return head.strip()[:MATCH_LIMIT]
    return " ".join(head.split())[:MATCH_LIMIT]


# ---------------------------------------------------------------------------------------------
# Where the data lives


def builtin_dir() -> Path:
    """The built-in rules folder: the installed `bounce_analyzer.ruledata` package (pyproject maps
    the top-level rules/ folder onto it), else <repo>/rules next to the package in a checkout."""
    # find_spec, not importlib.resources: the same answer for an installed or editable package,
    # without importing importlib.resources (5 ms of every start-up).
    try:
        spec = importlib.util.find_spec("bounce_analyzer.ruledata")
    except (ModuleNotFoundError, ValueError):
        spec = None
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        candidate = Path(location)
        if (candidate / "reasons.toml").is_file():
            return candidate
    return Path(__file__).resolve().parent.parent / "rules"


def phrase_files(path: Path) -> list[Path]:
    """A rule path's phrase files: the file itself, or the *.toml of a folder in sorted order."""
    return [Path(name) for name in phrase_file_names(os.fspath(path))]


def phrase_file_names(path: str) -> list[str]:
    """`phrase_files` as names: the path itself, or the *.toml files of a folder and its
    folders (not those behind a link, nor a name starting with "."), in the order of their
    parts. Every start-up lists the rule files for the cache's key; as Path objects (rglob,
    each path's parts for the sort, its string for the stat) that took 9 million
    instructions of some 190 files."""
    if not os.path.isdir(path):
        return [path]
    return sorted(toml_names(path, recursive=True), key=_parts)


def toml_names(folder: str, *, recursive: bool = False) -> list[str]:
    """The *.toml files of a folder (and, `recursive`, of its folders that are not links),
    whose names do not start with ".", unsorted."""
    found: list[str] = []
    folders = [folder]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    if recursive and not entry.is_symlink():
                        folders.append(entry.path)
                elif entry.name.startswith("."):
                    continue
                elif os.path.normcase(entry.name).endswith(".toml"):
                    found.append(entry.path)
    return found


def _parts(name: str) -> list[str]:
    """A path's parts as `Path` orders paths by them (case folded where the system does)."""
    return os.path.normcase(name).split(os.sep)


# ---------------------------------------------------------------------------------------------
# Validation helpers


def _read_toml(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    import tomllib  # here, not at the top: a start-up with a current rule cache needs none

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        problems.append(Problem(str(path), "", "file not found"))
    except tomllib.TOMLDecodeError as error:
        problems.append(Problem(str(path), "", f"not valid TOML: {error}"))
    except OSError as error:
        problems.append(Problem(str(path), "", f"cannot read: {error}"))
    return None


def unbounded_repeat(pattern: str) -> bool:
    """True when the regex has a repetition without an upper bound (*, +, {n,}).

    Rule patterns see hostile text; with every repeat bounded and the input capped, a search
    costs at most input length times the bounds, so no pattern can backtrack catastrophically.
    """
    try:
        parsed = _sre_parse.parse(pattern)
    except re.error:  # the caller reports the compile error
        return False
    return _has_unbounded(parsed)


def _has_unbounded(items: Any) -> bool:
    maxrepeat = _sre_constants.MAXREPEAT
    for op, arg in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            _low, high, sub = arg
            if high == maxrepeat or high > MAX_REPEAT:
                return True
            if _has_unbounded(sub):
                return True
        elif name == "SUBPATTERN":
            if _has_unbounded(arg[-1]):
                return True
        elif name == "BRANCH":
            if any(_has_unbounded(branch) for branch in arg[1]):
                return True
        elif name in ("ASSERT", "ASSERT_NOT", "ATOMIC_GROUP"):
            sub = arg[1] if name != "ATOMIC_GROUP" else arg
            if _has_unbounded(sub):
                return True
        elif name == "GROUPREF_EXISTS" and any(
            branch is not None and _has_unbounded(branch) for branch in arg[1:]
        ):
            return True
    return False


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


# ---------------------------------------------------------------------------------------------
# Loading each kind of file


def load_reasons(path: Path, problems: list[Problem]) -> dict[str, Reason]:
    data = _read_toml(path, problems)
    if data is None:
        return {}
    reasons: dict[str, Reason] = {}
    for name, table in data.items():
        if name not in VOCABULARY:
            problems.append(Problem(str(path), name, "unknown reason (not in the vocabulary)"))
            continue
        if not isinstance(table, dict):
            problems.append(Problem(str(path), name, "must be a table"))
            continue
        for key in table:
            if key not in REASON_KEYS | REASON_OPTIONAL:
                problems.append(Problem(str(path), name, f"unknown key {key!r}"))
        missing = [key for key in sorted(REASON_KEYS) if key not in table]
        if missing:
            problems.append(Problem(str(path), name, f"missing {', '.join(missing)}"))
            continue
        if table["bounce"] not in BOUNCE_KINDS:
            problems.append(Problem(str(path), name, f"bounce must be one of {BOUNCE_KINDS}"))
            continue
        if not isinstance(table["retry"], bool) or not isinstance(table.get("mailbox", False), bool):
            problems.append(Problem(str(path), name, "retry and mailbox must be true or false"))
            continue
        reasons[name] = Reason(
            name=name,
            description=str(table["description"]),
            bounce=table["bounce"],
            retry=table["retry"],
            mailbox=table.get("mailbox", False),
            explanation_en=str(table["explanation_en"]),
            explanation_zh=str(table["explanation_zh"]),
            advice_en=str(table["advice_en"]),
            advice_zh=str(table["advice_zh"]),
        )
    for name in VOCABULARY:
        if name not in reasons and name in data:
            continue  # already reported above
        if name not in data:
            problems.append(Problem(str(path), name, "reason of the vocabulary is not described"))
    return reasons


def load_codes(path: Path, table_name: str, problems: list[Problem]) -> dict[str, CodeEntry]:
    """status-codes.toml ([[status]]) or reply-codes.toml ([[reply]])."""
    data = _read_toml(path, problems)
    if data is None:
        return {}
    keys, form = (STATUS_KEYS, STATUS_FORM) if table_name == "status" else (REPLY_KEYS, REPLY_FORM)
    for top in data:
        if top != table_name:
            problems.append(
                Problem(str(path), "", f"unknown table {top!r} (expected [[{table_name}]])")
            )
    entries: dict[str, CodeEntry] = {}
    for index, row in enumerate(data.get(table_name, [])):
        code = row.get("code") if isinstance(row, dict) else None
        label = str(code) if code else f"#{index + 1}"
        if not isinstance(row, dict):
            problems.append(Problem(str(path), label, "must be a table"))
            continue
        bad = [key for key in row if key not in keys]
        for key in bad:
            problems.append(Problem(str(path), label, f"unknown key {key!r}"))
        if not isinstance(code, str) or not form.fullmatch(code):
            problems.append(Problem(str(path), label, "code missing or malformed"))
            continue
        if code in entries:
            problems.append(Problem(str(path), label, "duplicate code"))
            continue
        reason = row.get("reason", "")
        if not _text(reason) or (reason and reason not in VOCABULARY):
            problems.append(Problem(str(path), label, f"unknown reason {reason!r}"))
            continue
        if not _text(row.get("meaning", "")) or not _text(row.get("source", "")):
            problems.append(Problem(str(path), label, "meaning and source must be strings"))
            continue
        temporary_after = row.get("temporary_after", [])
        if not _text_list(temporary_after):
            problems.append(Problem(str(path), label, "temporary_after must be a list of commands"))
            continue
        if bad:
            continue
        entries[code] = CodeEntry(
            code=code,
            meaning=row.get("meaning", ""),
            reason=reason,
            source=row.get("source", ""),
            temporary_after=tuple(command.upper() for command in temporary_after),
        )
    return entries


def load_phrase_file(
    path: Path, problems: list[Problem], *, seen: dict[str, str], start: int, user: bool
) -> list[Rule]:
    data = _read_toml(path, problems)
    if data is None:
        return []
    for top in data:
        if top != "rule":
            problems.append(Problem(str(path), "", f"unknown table {top!r} (expected [[rule]])"))
    rows = data.get("rule", [])
    if not isinstance(rows, list):
        problems.append(Problem(str(path), "", "rule must be an array of tables ([[rule]])"))
        return []
    rules: list[Rule] = []
    for index, row in enumerate(rows):
        rule = _compile_rule(path, index, row, problems, seen=seen, order=start + index, user=user)
        if rule is not None:
            rules.append(rule)
    return rules


def _compile_rule(
    path: Path,
    index: int,
    row: Any,
    problems: list[Problem],
    *,
    seen: dict[str, str],
    order: int,
    user: bool,
) -> Rule | None:
    file = str(path)
    if not isinstance(row, dict):
        problems.append(Problem(file, f"#{index + 1}", "rule must be a table"))
        return None
    rule_id = row.get("id")
    label = rule_id if isinstance(rule_id, str) and rule_id else f"rule #{index + 1}"
    before = len(problems)

    def bad(message: str) -> None:
        problems.append(Problem(file, label, message))

    for key in row:
        if key not in RULE_KEYS:
            bad(f"unknown key {key!r} (known: {', '.join(sorted(RULE_KEYS))})")
    for key in RULE_REQUIRED:
        if not _text(row.get(key)) or not row.get(key):
            bad(f"missing {key}")
    sources = source_list(row.get("source"))
    if sources is None:
        bad("missing source (a string, or a list of strings: where the phrasing is documented)")
    if _text(rule_id) and rule_id:
        if not RULE_ID_FORM.fullmatch(rule_id):
            bad("id must be lower-case letters, digits, '.', '-', '_'")
        elif rule_id in seen:
            bad(f"duplicate id (first in {seen[rule_id]})")
        else:
            seen[rule_id] = file
    reason = row.get("reason")
    if _text(reason) and reason and reason not in VOCABULARY:
        bad(f"unknown reason {reason!r}")
    compiled: re.Pattern[str] | None = None
    pattern = row.get("pattern")
    if _text(pattern) and pattern:
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as error:
            bad(f"bad regex: {error}")
        else:
            if unbounded_repeat(pattern):
                bad(
                    f"regex has an unbounded or huge repeat (*, +, {{n,}}): use {{0,N}}, N <= {MAX_REPEAT}"
                )
    for key in ("codes", "hosts", "actions", "commands", "diagnostic_types", "examples", "seen_in"):
        if key in row and not _text_list(row[key]):
            bad(f"{key} must be a list of strings")
    for code in row.get("codes", []) if _text_list(row.get("codes", [])) else []:
        if not RULE_CODE_FORM.fullmatch(code):
            bad(f"malformed code {code!r}")
    for host in row.get("hosts", []) if _text_list(row.get("hosts", [])) else []:
        if not HOST_FORM.fullmatch(host):
            bad(f"malformed host {host!r} (lower-case domain name)")
    for action in row.get("actions", []) if _text_list(row.get("actions", [])) else []:
        if action.lower() not in ACTIONS:
            bad(f"unknown action {action!r} (known: {', '.join(sorted(ACTIONS))})")
    for command in row.get("commands", []) if _text_list(row.get("commands", [])) else []:
        if command.upper() not in SMTP_COMMANDS:
            bad(f"unknown SMTP command {command!r} (known: {', '.join(sorted(SMTP_COMMANDS))})")
    kinds = row.get("diagnostic_types", [])
    for kind in kinds if _text_list(kinds) else []:
        if not DIAGNOSTIC_TYPE_FORM.fullmatch(kind.lower()):
            bad(f"malformed diagnostic type {kind!r} (an RFC 3464 type such as 'x-unix')")
    priority = row.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        bad("priority must be an integer")
    for key in ("explanation_en", "explanation_zh", "advice_en", "advice_zh"):
        if key in row and not _text(row[key]):
            bad(f"{key} must be a string")
    if len(problems) != before or compiled is None:
        return None
    assert isinstance(rule_id, str) and isinstance(reason, str) and sources  # checked above
    return Rule(
        id=rule_id,
        reason=reason,
        pattern=compiled,
        source="; ".join(sources),
        seen_in=tuple(row.get("seen_in", ())),
        file=file,
        order=order,
        codes=tuple(row.get("codes", ())),
        actions=tuple(action.lower() for action in row.get("actions", ())),
        commands=tuple(command.upper() for command in row.get("commands", ())),
        diagnostic_types=tuple(kind.lower() for kind in row.get("diagnostic_types", ())),
        hosts=tuple(row.get("hosts", ())),
        priority=priority,
        examples=tuple(row.get("examples", ())),
        explanation_en=row.get("explanation_en", ""),
        explanation_zh=row.get("explanation_zh", ""),
        advice_en=row.get("advice_en", ""),
        advice_zh=row.get("advice_zh", ""),
        user=user,
        needles=needles(compiled.pattern),
    )


def source_list(value: Any) -> list[str] | None:
    """A rule's `source` as a list of non-empty strings, or None when it is missing or malformed."""
    items = [value] if _text(value) else value if _text_list(value) else None
    if not items:
        return None
    items = [item.strip() for item in items]
    return items if all(items) else None


def primary_sources(rule: Rule) -> list[str]:
    """The entries of a rule's source that are not corpus files (a string source is split on
    ";"). A rule is sourced when this is not empty: a vendor's error list, an MTA's source
    file or documentation, an RFC, the seed documents."""
    return [part.strip() for part in rule.source.split(";") if _primary(part)]


def _primary(part: str) -> bool:
    """True for a source entry that names no corpus file: an entry that cites the corpus, even
    with words around it, is evidence of one message, not a source."""
    return any(character.isalnum() for character in part) and not CORPUS_NAME.search(part.lower())


def unsourced(rules: Iterable[Rule]) -> Iterator[Problem]:
    """Rules whose sources are all corpus files: they memorise a sentence (issue 14)."""
    for rule in rules:
        if not primary_sources(rule):
            yield Problem(
                rule.file, rule.id,
                "no primary source: name where the phrasing is documented or emitted (a vendor's "
                "error list URL, an MTA source file or manual, an RFC); corpus files go in seen_in",
            )  # fmt: skip


def precedence_key(rule: Rule) -> tuple[int, int, int, int]:
    """Sort key: user rules, then host-scoped rules, then higher priority, then load order."""
    return (0 if rule.user else 1, 0 if rule.hosts else 1, -rule.priority, rule.order)


def collect(
    extra_paths: Sequence[str | Path] = (), *, base: Path | None = None
) -> tuple[RuleSet, list[Problem]]:
    """Load everything, returning the rule set and every problem found (no exception)."""
    base = base or builtin_dir()
    problems: list[Problem] = []
    reasons = load_reasons(base / "reasons.toml", problems)
    status = load_codes(base / "status-codes.toml", "status", problems)
    reply = load_codes(base / "reply-codes.toml", "reply", problems)
    for table, entries in (("status-codes.toml", status), ("reply-codes.toml", reply)):
        for entry in entries.values():
            if entry.reason and reasons and entry.reason not in reasons:
                problems.append(Problem(str(base / table), entry.code, "reason not described"))
    seen: dict[str, str] = {}
    rules: list[Rule] = []
    files: list[str] = []
    for user, path in [(True, Path(p)) for p in extra_paths] + [(False, base / "phrases")]:
        if not path.exists():
            problems.append(Problem(str(path), "", "rule path not found"))
            continue
        for file in phrase_files(path):
            files.append(str(file))
            rules.extend(load_phrase_file(file, problems, seen=seen, start=len(rules), user=user))
    ruleset = RuleSet(
        reasons=reasons,
        status=status,
        reply=reply,
        rules=tuple(sorted(rules, key=precedence_key)),
        files=tuple(files),
    )
    return ruleset, problems


def load(extra_paths: Sequence[str | Path] = (), *, base: Path | None = None) -> RuleSet:
    """Load and validate the built-in rules plus user rule paths; raise RuleError on problems."""
    ruleset, problems = collect(extra_paths, base=base)
    if problems:
        raise RuleError(problems)
    return ruleset


# ---------------------------------------------------------------------------------------------
# Tools for the CLI: rules list, rules check


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A row of `rules list`."""

    id: str
    reason: str
    kind: str  # "phrase", "provider" (host-scoped), "user", "status", "reply"
    pattern: str
    codes: str
    hosts: str
    priority: int
    source: str


def list_rules(ruleset: RuleSet, reason: str | None = None) -> list[RuleInfo]:
    """Every rule and table entry, in precedence order, optionally only those giving `reason`."""
    rows: list[RuleInfo] = []
    for rule in ruleset.rules:
        kind = "user" if rule.user else ("provider" if rule.hosts else "phrase")
        rows.append(
            RuleInfo(
                rule.id, rule.reason, kind, rule.pattern.pattern, " ".join(rule.codes),
                " ".join(rule.hosts), rule.priority, rule.source,
            )
        )  # fmt: skip
    for kind, table in (("status", ruleset.status), ("reply", ruleset.reply)):
        for entry in table.values():
            rows.append(
                RuleInfo(
                    f"{kind}:{entry.code}", entry.reason, kind, entry.meaning, entry.code, "", 0,
                    entry.source,
                )
            )  # fmt: skip
    if reason:
        rows = [row for row in rows if row.reason == reason]
    return rows


def check(paths: Sequence[str | Path] = ()) -> list[Problem]:
    """Validate the built-in rules plus `paths`; return every problem (empty list = all good).

    Besides validation errors, reports conflicts: two rules of the same priority and scope
    (both user or both built-in, same hosts) whose patterns and codes both match one rule's
    example text, but which give different reasons, so only file order decides between them.
    """
    ruleset, problems = collect(paths)
    problems.extend(unsourced(ruleset.rules))
    problems.extend(conflicts(ruleset.rules))
    return problems


def example_codes(text: str) -> list[str]:
    from .smtp import find_reply_code, find_status

    return [code for code in (find_reply_code(text), find_status(text)) if code]


def disjoint(mine: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    """Two scopes that are both set and share no value: the rules never apply to one record."""
    return bool(mine and theirs and not set(mine) & set(theirs))


def conflicts(rules: Sequence[Rule]) -> Iterator[Problem]:
    reported: set[tuple[str, str]] = set()
    groups: dict[tuple[bool, tuple[str, ...], int], list[Rule]] = {}
    for rule in rules:
        groups.setdefault((rule.user, tuple(sorted(rule.hosts)), rule.priority), []).append(rule)
    for group in groups.values():
        for rule in group:
            for example in rule.examples:
                text = normalise_text(example)
                codes = example_codes(text)
                for other in group:
                    if other is rule or other.reason == rule.reason:
                        continue
                    if disjoint(rule.actions, other.actions):
                        continue  # never compete: they apply to different Actions
                    if disjoint(rule.commands, other.commands):
                        continue  # never compete: they answer different SMTP commands
                    if other.diagnostic_types and not (
                        set(rule.diagnostic_types) & set(other.diagnostic_types)
                    ):
                        continue  # other is for a diagnostic type this example does not have
                    pair = tuple(sorted((rule.id, other.id)))
                    if pair in reported:
                        continue
                    if other.applies_to_codes(codes) and other.pattern.search(text):
                        reported.add(pair)  # type: ignore[arg-type]
                        yield Problem(
                            rule.file,
                            rule.id,
                            f"conflicts with {other.id} ({other.file}): both match example "
                            f"{example!r} at priority {rule.priority} but give "
                            f"{rule.reason} vs {other.reason}; raise one's priority",
                        )
