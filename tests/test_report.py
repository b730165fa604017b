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


@pytest.mark.parametrize("kind", ["jsonl", "json"])
def test_json_rows_carry_real_types(kind: str) -> None:
    rows = [
        verdict(recipient="a@example.com", reason="userunknown", bounce="hard", permanent="true",
                date="Mon, 16 Nov 2026 10:00:00 +0800", reply_code="550", status="5.1.1"),
        verdict(recipient="b@example.com", reason="mailboxfull", bounce="soft", permanent="false",
                date="Mon, 16 Nov 2026 10:00:00 -0000"),
        verdict(recipient="c@example.com", reason="delivered", date="not a date"),
    ]
    out = io.StringIO()
    writer = make_writer(kind, out)
    for row in rows:
        writer.write(row)
    writer.close()
    text = out.getvalue()
    found = json.loads(text) if kind == "json" else [json.loads(line) for line in text.splitlines()]
    assert [(r["bounce"], r["permanent"], r["date"]) for r in found] == [
        ("hard", True, "2026-11-16T10:00:00+08:00"),
        ("soft", False, "2026-11-16T10:00:00+00:00"),  # RFC 5322 3.3: -0000 is taken as UTC
        (None, None, None),  # not a failure; a Date header that cannot be read
    ]
    # codes stay text (a reply code is not a number to add up), absent text stays ""
    assert (found[0]["reply_code"], found[0]["status"], found[1]["status"]) == ("550", "5.1.1", "")
    assert '"true"' not in text and '"false"' not in text


def test_json_row_is_the_typed_verdicts_dict() -> None:
    """json_row builds the row at once: it must give what Verdict.from_row(...).as_dict() does."""
    from bounce_analyzer.verdict import Verdict as Typed
    from bounce_analyzer.verdict import json_row

    for row in (
        verdict(recipient="a@example.com", bounce="hard", permanent="true", advice="Remove it.",
                date="Mon, 16 Nov 2026 10:00:00 +0800", reply_code="550", status="5.1.1"),
        verdict(recipient="b@example.com", bounce="soft", permanent="false", date="not a date"),
        verdict(recipient="c@example.com", reason="delivered"),
    ):
        made = json_row(row)
        assert made == Typed.from_row(row).as_dict()
        assert list(made) == list(Typed.from_row(row).as_dict())


def test_csv_stays_text() -> None:
    out = io.StringIO()
    writer = make_writer("csv", out)
    writer.write(verdict(recipient="a@example.com", bounce="hard", permanent="true",
                         date="Mon, 16 Nov 2026 10:00:00 +0800"))
    writer.close()
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    values = dict(zip(header, row))
    assert (values["bounce"], values["permanent"], values["date"]) == (
        "hard", "true", "Mon, 16 Nov 2026 10:00:00 +0800")


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
