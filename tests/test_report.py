"""Writers: CSV that is safe in a spreadsheet, JSON Lines and JSON with the same keys."""

from __future__ import annotations

import csv
import io
import json

import pytest

from bounce_analyzer.model import COLUMNS, Verdict
from bounce_analyzer.report import FORMATS, make_writer, spreadsheet_safe


def verdict(**fields: str) -> Verdict:
    values = {name: "" for name in COLUMNS}
    values.update(fields)
    return Verdict(**values)


@pytest.mark.parametrize("value,safe", [
    ("=HYPERLINK(\"http://example.com\")", "'=HYPERLINK(\"http://example.com\")"),
    ("+1-555", "'+1-555"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("550 5.1.1 user unknown", "550 5.1.1 user unknown"),
    ("a=b@example.com", "a=b@example.com"),
    ("", ""),
])
def test_spreadsheet_safe(value: str, safe: str) -> None:
    assert spreadsheet_safe(value) == safe


def test_csv_neutralises_formulas_from_the_message_and_keeps_columns() -> None:
    out = io.StringIO()
    writer = make_writer("csv", out)
    writer.write(verdict(recipient="=cmd|' /C calc'!A0@example.com", diagnostic="@SUM(1+1)", reason="userunknown"))
    writer.close()
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(header) == COLUMNS
    values = dict(zip(header, row))
    assert values["recipient"] == "'=cmd|' /C calc'!A0@example.com"
    assert values["diagnostic"] == "'@SUM(1+1)"
    assert values["reason"] == "userunknown"


def test_jsonl_and_json_carry_every_column_and_advice() -> None:
    rows = [verdict(recipient="a@example.com", advice="Remove it."), verdict(recipient="b@example.com")]
    lines_out, json_out = io.StringIO(), io.StringIO()
    for kind, out in (("jsonl", lines_out), ("json", json_out)):
        writer = make_writer(kind, out)
        for row in rows:
            writer.write(row)
        writer.close()
    from_lines = [json.loads(line) for line in lines_out.getvalue().splitlines()]
    assert from_lines == json.loads(json_out.getvalue())
    assert list(from_lines[0]) == [*COLUMNS, "advice"]
    assert from_lines[0]["advice"] == "Remove it."


def test_empty_json_is_an_empty_array() -> None:
    out = io.StringIO()
    make_writer("json", out).close()
    assert json.loads(out.getvalue()) == []


def test_table_fits_its_width() -> None:
    out = io.StringIO()
    writer = make_writer("table", out)
    writer.write(verdict(recipient="a@example.com", diagnostic="x" * 500))
    assert all(len(line) <= 120 for line in out.getvalue().splitlines())


def test_unknown_format_names_the_choices() -> None:
    with pytest.raises(ValueError, match=", ".join(FORMATS)):
        make_writer("xml", io.StringIO())
