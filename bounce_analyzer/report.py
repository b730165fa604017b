"""Writers: verdict rows out as CSV, JSON Lines, JSON or a terminal table, streamed; and
which rows the failed-recipients report keeps (`analyze --only/--dedupe`).

Writers live in the library so that any caller, not only the CLI, can produce the same files.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from itertools import repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TextIO

from .model import COLUMNS, Verdict
from .terminal import fit

if TYPE_CHECKING:
    from datetime import datetime

FORMATS = ("csv", "jsonl", "json", "table")

# A field that starts with one of these is read as a formula by spreadsheet programs
# (OWASP "CSV Injection"); tab and CR start one in some of them too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Columns that hold an e-mail address. An address is never changed (README "CSV"): it is what a
# mailing tool matches on when the file is imported.
ADDRESS_COLUMNS = frozenset({"sender", "recipient", "original_recipient"})

# An address whose local part is a dot-atom (RFC 5322 section 3.2.3, with RFC 6531's UTF-8):
# one "@", no white space, no parenthesis, quote, comma, semicolon, colon, angle or square
# bracket, backslash. With no parenthesis it cannot hold a function call (HYPERLINK, WEBSERVICE,
# IMPORTXML: the OWASP "CSV Injection" payloads), with no space or quote no DDE command line;
# a spreadsheet that reads one starting with "=", "+" or "-" as a formula shows an error. A
# quoted local part starts with '"', which starts no formula. Linear: one character class.
PLAIN_ADDRESS = re.compile(r"[^\s\"(),;:<>\[\]\\@]{1,64}@[^\s\"(),;:<>\[\]\\@]{1,255}")


def spreadsheet_safe(value: str) -> str:
    """Neutralise a field a spreadsheet would evaluate: prefix it with an apostrophe."""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def address_safe(value: str) -> str:
    """An address column's field: a valid address as it is, whatever its first character
    (`-2+3@example.com` is an address, and the one a list must match); anything else that
    would start a formula guarded like free text."""
    if value.startswith(FORMULA_STARTS) and not PLAIN_ADDRESS.fullmatch(value):
        return "'" + value
    return value


def csv_guards(columns: Iterable[str]) -> tuple[Callable[[str], str], ...]:
    """The guard of each column: `address_safe` for addresses, `spreadsheet_safe` for the rest."""
    return tuple(address_safe if name in ADDRESS_COLUMNS else spreadsheet_safe for name in columns)


class Writer(Protocol):
    def write(self, row: Verdict) -> None: ...

    def close(self) -> None: ...


class CsvWriter:
    """RFC 4180 CSV with a header row; every field is made spreadsheet-safe, addresses without
    changing them (`address_safe`)."""

    def __init__(self, out: TextIO, columns: Iterable[str] = COLUMNS) -> None:
        self.columns = tuple(columns)
        self.out = csv.writer(out, lineterminator="\r\n")
        self.out.writerow(self.columns)
        # one C-level call for all fields (a 1-tuple for a single column, like the others)
        getter = attrgetter(*self.columns)
        self.values = getter if len(self.columns) > 1 else (lambda row: (getter(row),))
        self.guards = csv_guards(self.columns)

    def write(self, row: Verdict) -> None:
        # This runs for every row of a large run: whether any field starts like a formula is
        # asked in C (any over map), and only such a row is guarded field by field.
        values = self.values(row)
        if any(map(str.startswith, values, repeat(FORMULA_STARTS))):
            self.out.writerow([
                guard(value) if value.startswith(FORMULA_STARTS) else value
                for guard, value in zip(self.guards, values)
            ])
        else:
            self.out.writerow(values)

    def close(self) -> None:
        pass


# What json.dumps(row, ensure_ascii=False) writes, made once: dumps makes an encoder for
# every call that asks for anything but the defaults, a tenth of a JSON Lines row's time.
ROW_ENCODER = json.JSONEncoder(ensure_ascii=False)


class JsonLinesWriter:
    """One JSON object per line, the row's columns plus `advice`, with real types
    (`verdict.Verdict.as_dict`: booleans, null, ISO 8601 dates; README "JSON types")."""

    def __init__(self, out: TextIO) -> None:
        from .verdict import json_row  # imported here: the command's start does not need it

        self.out = out
        self.json_row = json_row
        self.encode = ROW_ENCODER.encode

    def write(self, row: Verdict) -> None:
        self.out.write(self.encode(self.json_row(row)))
        self.out.write("\n")

    def close(self) -> None:
        pass


class JsonWriter:
    """A JSON array of row objects (as JsonLinesWriter's), written as rows arrive (never held
    whole)."""

    def __init__(self, out: TextIO) -> None:
        from .verdict import json_row

        self.out = out
        self.json_row = json_row
        self.encode = ROW_ENCODER.encode
        self.count = 0
        out.write("[")

    def write(self, row: Verdict) -> None:
        self.out.write(",\n " if self.count else "\n ")
        self.out.write(self.encode(self.json_row(row)))
        self.count += 1

    def close(self) -> None:
        self.out.write("\n]\n" if self.count else "]\n")


class TableWriter:
    """A plain-text table for a person at a terminal: the columns that decide, one row each."""

    COLUMNS = ("recipient", "reason", "bounce", "reply_code", "status", "diagnostic")
    WIDTHS: ClassVar[dict[str, int]] = {"recipient": 30, "reason": 13, "bounce": 6, "reply_code": 5, "status": 7}

    def __init__(self, out: TextIO, width: int | None = None) -> None:
        self.out = out
        total = width or shutil.get_terminal_size((100, 24)).columns
        fixed = sum(self.WIDTHS.values()) + len(self.COLUMNS) - 1
        self.widths = dict(self.WIDTHS, diagnostic=max(20, total - fixed))
        titles = {"reply_code": "reply", "diagnostic": "diagnostic"}
        self._line({name: titles.get(name, name) for name in self.COLUMNS})
        self._line({name: "-" * self.widths[name] for name in self.COLUMNS})

    def _line(self, values: dict[str, str]) -> None:
        # Escape sequences and bidi controls shown escaped, wide characters counted as two
        # columns (`terminal.fit`): a diagnostic cannot rewrite the screen or shift the columns.
        cells = [fit(values[name], self.widths[name]) for name in self.COLUMNS]
        self.out.write(" ".join(cells).rstrip() + "\n")

    def write(self, row: Verdict) -> None:
        values = (getattr(row, name) for name in self.COLUMNS)
        self._line({name: "" if value is None else str(value) for name, value in zip(self.COLUMNS, values)})

    def close(self) -> None:
        pass


def make_writer(kind: str, out: TextIO) -> Writer:
    """The writer for a format name from FORMATS."""
    writers: dict[str, Callable[[TextIO], Writer]] = {
        "csv": CsvWriter, "jsonl": JsonLinesWriter, "json": JsonWriter, "table": TableWriter,
    }
    try:
        return writers[kind](out)
    except KeyError:
        raise ValueError(f"unknown format {kind!r}: choose one of {', '.join(FORMATS)}") from None


def write_errors_csv(out: TextIO, errors: Iterable[tuple[str, str, str]]) -> None:
    """The error report: one row per message that gave no verdict because of an error."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("source", "stage", "error"))
    for source, stage, error in errors:
        writer.writerow((spreadsheet_safe(source), stage, spreadsheet_safe(error)))


# -- the failed-recipients report (analyze --only/--dedupe) ----------------------------------

ONLY = ("hard", "soft", "permanent")


def passes_only(verdict: Verdict, only: str | None) -> bool:
    """--only: hard or soft bounces, or permanent failures (whatever their reason)."""
    if only is None:
        return True
    if only == "permanent":
        return verdict.permanent == "true"
    return verdict.bounce == only


def select_rows(
    items: Iterable[Any],
    *,
    only: str | None = None,
    dedupe: bool = False,
    every_row: Callable[[Verdict], None] | None = None,
) -> Iterator[Any]:
    """A pipeline stream with rows filtered by --only and, with dedupe, one row per recipient.

    The row kept for a recipient is its latest by event time (input order breaks ties and
    places rows of unknown time first); rows come out in input order of the kept ones.
    Non-row items (MessageError) pass through at once. Without dedupe nothing is held.
    every_row, when given, sees every row before selection (the history keeps them all).
    """
    if not dedupe:
        for item in items:
            if isinstance(item, Verdict) and every_row is not None:
                every_row(item)
            if not isinstance(item, Verdict) or passes_only(item, only):
                yield item
        return
    from .events import Event, event_order, event_time  # only --dedupe needs event times

    latest: dict[str, tuple[tuple[bool, datetime, int], Verdict]] = {}
    for index, item in enumerate(items):
        if not isinstance(item, Verdict):
            yield item
            continue
        if every_row is not None:
            every_row(item)
        if not passes_only(item, only):
            continue
        key = event_order((index, Event(item, event_time(item))))
        address = item.recipient.lower()
        if address not in latest or key >= latest[address][0]:
            latest[address] = (key, item)
    for _, verdict in sorted(latest.values(), key=lambda kept: kept[0][2]):
        yield verdict
