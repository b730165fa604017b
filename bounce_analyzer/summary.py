"""Summaries of many verdict rows: what is going wrong, where, since when.

Input is a stream of events (a verdict row and the time it happened), from PATH arguments
through `pipeline.analyze` or from the history database (`store.py`). Output is a `Summary`
of counts that the table/JSON/CSV writers here and `html_report.py` present.

Event time: see `events.py`.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from . import patterns
from .events import Event, event_order, event_time, iso, parse_time  # noqa: F401 - re-exported
from .model import Verdict
from .report import spreadsheet_safe
from .terminal import cells, fit  # noqa: F401 - cells re-exported

SUMMARY_FORMATS = ("table", "json", "csv")

# Sections of a summary, in presentation order; `day` is kept in date order, the rest by count.
SECTIONS = ("reason", "bounce", "permanent", "domain", "remote_mta", "day")
TITLES = {
    "reason": "Reasons",
    "bounce": "Hard / soft",
    "permanent": "Permanent",
    "domain": "Recipient domains",
    "remote_mta": "Remote MTAs",
    "day": "Bounces per day (UTC)",
    "diagnostic": "Most frequent diagnostics (addresses, ids, numbers masked)",
}
UNKNOWN = "(unknown)"
# The keys of the bounce and permanent sections that are not a row's value (JSON: json_key).
NOT_A_FAILURE, PERMANENT, TEMPORARY = "(not a failure)", "permanent", "temporary"
# A summary is of what went wrong: deliveries and auto-replies a history may hold are not counted.
NOT_COUNTED = ("delivered", "vacation", "challenge")
TABLE_DAYS = 31  # the terminal table lists the 31 latest days with bounces; JSON and CSV list all


def parse_since(text: str) -> datetime:
    """--since: a date (2026-11-01) or an ISO timestamp; raises ValueError saying what is wanted."""
    moment = None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        pass
    if moment is None:
        raise ValueError(f"--since {text!r}: give a date like 2026-11-01 or 2026-11-01T08:00:00Z")
    return parse_time(moment) or moment


def events_from_items(
    items: Iterable[Any], on_error: Callable[[Any], None] = lambda error: None
) -> Iterator[Event]:
    """Events of a pipeline stream; MessageErrors go to on_error and the stream goes on."""
    for item in items:
        if isinstance(item, Verdict):
            yield Event(item, event_time(item))
        else:
            on_error(item)


def events_from_store(path: Any, since: datetime | None = None) -> Iterator[Event]:
    """Events of a history database written by `store.py` (its rows carry seen_at): a path or
    URL (opened read-only here), or a `Store` already open (left open)."""
    from .store import StoreError, open_store  # imported late: only --db needs SQLite

    if hasattr(path, "verdicts"):
        for stored in path.verdicts(since=since):
            yield Event(stored.verdict, event_time(stored.verdict, stored.seen_at))
        return
    try:
        store = open_store(path, readonly=True)
    except StoreError as error:
        raise ValueError(str(error)) from None
    try:
        for stored in store.verdicts(since=since):
            yield Event(stored.verdict, event_time(stored.verdict, stored.seen_at))
    finally:
        store.close()


def load_events(
    paths: Iterable[str],
    *,
    db: Any = None,
    options: Any = None,
    since: datetime | None = None,
    on_error: Callable[[Any], None] = lambda error: None,
) -> Iterator[Event]:
    """The events of PATH arguments (analysed now with pipeline options) or of a history db."""
    if db is not None:
        yield from since_filter(events_from_store(db, since), since)
        return
    from .pipeline import Options, analyze

    analysis = analyze(list(paths), options or Options())
    yield from since_filter(events_from_items(analysis, on_error), since)


def since_filter(events: Iterable[Event], since: datetime | None) -> Iterator[Event]:
    """Events at or after since; with a since, events of unknown time are left out."""
    for event in events:
        if since is None or (event.when is not None and event.when >= since):
            yield event


# -- diagnostics, normalised so that the same complaint from many messages groups together --

# Bounded repeats only: each match attempt scans at most a few hundred characters.
ADDRESS = patterns.compile(r"<?[^\s<>@\"'(),;:\[\]]{1,64}@[^\s<>@\"'(),;:]{1,255}>?")
IPV4 = patterns.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])")
IPV6 = patterns.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{1,4}(?![\w:])")
# A queue id, message id, hash or tracking token: a word of 6+ characters mixing letters and
# digits ("4F3A2B1C0D", "AM6PR01MB1234", "a640si123456wrb").
TOKEN = patterns.compile(r"[A-Za-z0-9_\-=+/]{6,200}")
# Reply codes and enhanced status codes stay (they are what the text means); other numbers go.
NUMBER = patterns.compile(r"(?P<status>\b[245]\.\d{1,3}\.\d{1,3}\b)|(?P<reply>\b[245]\d\d\b)|\d{1,200}")
SPACE = patterns.compile(r"\s{1,1000}")
DIAGNOSTIC_LENGTH = 200


def _mask_token(match: re.Match[str]) -> str:
    word = match.group(0)
    has_digit = any(c.isdigit() for c in word)
    has_letter = any(c.isalpha() for c in word)
    return "<id>" if has_digit and has_letter else word


def _mask_number(match: re.Match[str]) -> str:
    return match.group(0) if match.lastgroup in ("status", "reply") else "#"


def normalise_diagnostic(text: str) -> str:
    """The diagnostic with addresses, IPs, ids and numbers masked, whitespace collapsed."""
    text = ADDRESS.sub("<address>", text)
    text = IPV4.sub("<ip>", text)
    text = IPV6.sub("<ip>", text)
    text = TOKEN.sub(_mask_token, text)
    text = NUMBER.sub(_mask_number, text)
    text = SPACE.sub(" ", text).strip()
    if len(text) > DIAGNOSTIC_LENGTH:
        text = text[: DIAGNOSTIC_LENGTH - 1] + "…"
    return text


# -- the summary ------------------------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    """Counts for one key of a section."""

    count: int = 0
    hard: int = 0
    soft: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    def add(self, verdict: Verdict) -> None:
        self.count += 1
        if verdict.bounce == "hard":
            self.hard += 1
        elif verdict.bounce == "soft":
            self.soft += 1
        self.reasons[verdict.reason] += 1

    @property
    def top_reason(self) -> str:
        return self.reasons.most_common(1)[0][0] if self.reasons else ""


@dataclass(slots=True)
class DiagnosticTally(Tally):
    """A count of one normalised diagnostic text, with an explanation to show beside it."""

    explanation: str = ""  # the explanation of the first row seen with this text


@dataclass(slots=True)
class Summary:
    """The counts of a run or of the history: rows, messages, recipients, the time span, and
    per-section and per-diagnostic tallies."""

    rows: int = 0
    messages: int = 0
    recipients: int = 0
    first: datetime | None = None
    last: datetime | None = None
    sections: dict[str, dict[str, Tally]] = field(default_factory=dict)
    diagnostics: dict[str, DiagnosticTally] = field(default_factory=dict)

    def section(self, name: str, top: int | None = None) -> list[tuple[str, Tally]]:
        """A section's keys with their tallies: by count (day: by date), at most top of them."""
        if name == "diagnostic":
            items: list[tuple[str, Tally]] = list(self.diagnostics.items())
        else:
            items = list(self.sections.get(name, {}).items())
        if name == "day":
            items.sort(key=lambda item: (item[0] == UNKNOWN, item[0]))
            return items
        items.sort(key=lambda item: (-item[1].count, item[0]))
        return items[:top] if top else items

    def as_dict(self, top: int | None = None, *, typed: bool = True) -> dict[str, Any]:
        """The summary as JSON writes it (`typed`: README "JSON types": a key that is unknown
        or not a failure is null, never "(unknown)"; the permanent section's keys are true and
        false; first and last are null when unknown), or with the table's text keys (CSV)."""

        def rows(name: str) -> list[dict[str, Any]]:
            out = []
            for key, tally in self.section(name, None if name in ("reason", "bounce", "permanent") else top):
                row: dict[str, Any] = {"key": json_key(name, key) if typed else key, "count": tally.count,
                                       "hard": tally.hard, "soft": tally.soft, "top_reason": tally.top_reason}
                if isinstance(tally, DiagnosticTally):
                    row["explanation"] = tally.explanation
                out.append(row)
            return out

        return {
            "rows": self.rows,
            "messages": self.messages,
            "recipients": self.recipients,
            "first": iso(self.first) or (None if typed else ""),
            "last": iso(self.last) or (None if typed else ""),
            **{name: rows(name) for name in (*SECTIONS, "diagnostic")},
        }


# The table's words for keys that are not values of the row, as JSON gives them.
JSON_KEYS: dict[str, bool | None] = {
    UNKNOWN: None, NOT_A_FAILURE: None, PERMANENT: True, TEMPORARY: False,
}


def json_key(section: str, key: str) -> str | bool | None:
    """A section key as JSON gives it: the row's own value (permanent: true/false), null for
    unknown; words the table shows for a missing value never appear as a key."""
    if key in JSON_KEYS and (section in ("bounce", "permanent") or key == UNKNOWN):
        return JSON_KEYS[key]
    return key


def mta_host(remote_mta: str) -> str:
    """The host name of a remote MTA field ("mx.example.com. (192.0.2.8, ...)" -> mx.example.com)."""
    words = remote_mta.split(None, 1)
    return words[0].rstrip(".").lower() if words else ""


def explainer(lang: str, rules: Sequence[str | Path] = ()) -> Callable[[Verdict], str]:
    """Explanations for stored rows in lang, looked up by their reason and rule in the built-in
    rules plus `rules` (words.py): a row is not classified again, and the user's own rules give
    their own words. The rules are loaded at the first row (a rules.RuleError then)."""
    from .words import rewording

    reword: list[Callable[[Verdict], Verdict]] = []

    def explain(verdict: Verdict) -> str:
        if not reword:
            reword.append(rewording(lang, rules))
        return reword[0](verdict).explanation

    return explain


def summarise(events: Iterable[Event], explain: Callable[[Verdict], str] | None = None) -> Summary:
    """Count events into a Summary (one pass; memory grows with distinct keys, not rows).

    explain: the words shown beside a diagnostic (default: the row's own explanation); asked
    once per distinct diagnostic.
    """
    summary = Summary(sections={name: {} for name in SECTIONS})
    messages: set[str] = set()
    recipients: set[str] = set()
    for event in events:
        verdict = event.verdict
        if verdict.reason in NOT_COUNTED:
            continue
        summary.rows += 1
        messages.add(verdict.message_id or verdict.source)
        recipients.add(verdict.recipient.lower())
        if event.when is not None:
            summary.first = min(summary.first or event.when, event.when)
            summary.last = max(summary.last or event.when, event.when)
        keys = {
            "reason": verdict.reason or UNKNOWN,
            "bounce": verdict.bounce or NOT_A_FAILURE,
            "permanent": {"true": PERMANENT, "false": TEMPORARY}.get(verdict.permanent, UNKNOWN),
            "domain": verdict.recipient.rpartition("@")[2].lower() or UNKNOWN,
            "remote_mta": mta_host(verdict.remote_mta) or UNKNOWN,
            "day": event.when.date().isoformat() if event.when else UNKNOWN,
        }
        for name, key in keys.items():
            summary.sections[name].setdefault(key, Tally()).add(verdict)
        text = normalise_diagnostic(verdict.diagnostic)
        if text:
            tally = summary.diagnostics.get(text)
            if tally is None:
                words = explain(verdict) if explain else verdict.explanation
                tally = summary.diagnostics[text] = DiagnosticTally(explanation=words)
            tally.add(verdict)
    summary.messages = len(messages)
    summary.recipients = len(recipients)
    return summary


def days(summary: Summary) -> list[tuple[date, Tally]]:
    """The dated days of a summary in order, for charts (unknown dates left out)."""
    return [(date.fromisoformat(key), tally) for key, tally in summary.section("day") if key != UNKNOWN]


# -- writers ----------------------------------------------------------------------------------


def write_summary(summary: Summary, fmt: str, out: TextIO, *, top: int = 10, width: int = 80) -> None:
    """Write a summary as a terminal table, a JSON object, or CSV (section,key,count,...)."""
    if fmt == "json":
        json.dump(summary.as_dict(top), out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "csv":
        write_summary_csv(summary, out, top=top)
    elif fmt == "table":
        write_summary_table(summary, out, top=top, width=width)
    else:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(SUMMARY_FORMATS)}")


def write_summary_csv(summary: Summary, out: TextIO, *, top: int = 10) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("section", "key", "count", "hard", "soft", "top_reason", "explanation"))
    data = summary.as_dict(top, typed=False)
    writer.writerow(("total", "rows", data["rows"], "", "", "", ""))
    writer.writerow(("total", "messages", data["messages"], "", "", "", ""))
    writer.writerow(("total", "recipients", data["recipients"], "", "", "", ""))
    for name in (*SECTIONS, "diagnostic"):
        for row in data[name]:
            writer.writerow((
                name, spreadsheet_safe(row["key"]), row["count"], row["hard"], row["soft"],
                row["top_reason"], spreadsheet_safe(row.get("explanation", "")),
            ))


# Table cells: message text shown escaped and cut by terminal columns (bounce_analyzer.terminal).
_fit = fit


def write_summary_table(summary: Summary, out: TextIO, *, top: int = 10, width: int = 80) -> None:
    """Sections one under the other, every line at most `width` characters."""
    width = max(width, 60)
    span = f", {summary.first:%Y-%m-%d} .. {summary.last:%Y-%m-%d}" if summary.first and summary.last else ""
    out.write(_fit(f"{summary.rows} rows, {summary.messages} messages, "
                   f"{summary.recipients} recipients{span}", width).rstrip() + "\n")
    numbers = 7 * 3  # count, hard, soft: right-aligned in 7 columns each
    key_width = width - numbers
    for name in SECTIONS:
        rows = summary.section(name, None if name in ("reason", "bounce", "permanent", "day") else top)
        if not rows:
            continue
        earlier: list[tuple[str, Tally]] = []
        if name == "day" and len(rows) > TABLE_DAYS + 1:
            # A long history: the latest days, and one line for all before them.
            dated = [row for row in rows if row[0] != UNKNOWN]
            earlier, kept = dated[:-TABLE_DAYS], dated[-TABLE_DAYS:]
            rows = kept + [row for row in rows if row[0] == UNKNOWN]
        out.write("\n" + _fit(TITLES[name], key_width) + f"{'count':>7}{'hard':>7}{'soft':>7}\n")
        if earlier:
            total = Tally(sum(t.count for _, t in earlier), sum(t.hard for _, t in earlier),
                          sum(t.soft for _, t in earlier))
            rows = [(f"{len(earlier)} earlier days (all in --format csv)", total), *rows]
        out.writelines(
            _fit(key, key_width - 1) + f" {tally.count:>7}{tally.hard:>7}{tally.soft:>7}\n"
            for key, tally in rows
        )
    diagnostics = summary.section("diagnostic", top)
    if diagnostics:
        out.write("\n" + _fit(TITLES["diagnostic"], width) + "\n")
        for text, tally in diagnostics:
            head = f"{tally.count:>6}  {tally.top_reason:<14} "
            out.write((head + _fit(text, width - len(head))).rstrip() + "\n")
