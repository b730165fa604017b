"""Summaries: event times, normalised diagnostics, counts, the three text formats, the command."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bounce_analyzer.cli import main
from bounce_analyzer.summary import (
    Event,
    cells,
    event_time,
    normalise_diagnostic,
    parse_since,
    summarise,
    write_summary,
)

from .conftest import SAMPLES, USER_RULE, corpus_or_skip
from .test_suppression import T0, verdict


@pytest.mark.parametrize("date,seen_at,expected", [
    ("Mon, 2 Nov 2026 09:14:03 +0000", None, datetime(2026, 11, 2, 9, 14, 3, tzinfo=UTC)),
    ("Tue, 3 Nov 2026 08:00:00 +0800", None, datetime(2026, 11, 3, 0, 0, tzinfo=UTC)),
    ("Mon, 2 Nov 2026 13:26:40 +0000 (UTC)", None, datetime(2026, 11, 2, 13, 26, 40, tzinfo=UTC)),
    ("Mon, 2 Nov 2026 09:14:03 -0000", None, datetime(2026, 11, 2, 9, 14, 3, tzinfo=UTC)),  # no zone: UTC
    ("", "2026-11-24T02:58:20+00:00", datetime(2026, 11, 24, 2, 58, 20, tzinfo=UTC)),  # stored row
    ("not a date", "2026-11-24T02:58:20+00:00", datetime(2026, 11, 24, 2, 58, 20, tzinfo=UTC)),
    ("not a date", None, None),
    ("", "", None),
])
def test_event_time(date: str, seen_at: str | None, expected: datetime | None) -> None:
    assert event_time(replace(verdict("hard", None), date=date), seen_at) == expected


def test_since_is_a_date_or_an_iso_time() -> None:
    assert parse_since("2026-11-01") == datetime(2026, 11, 1, tzinfo=UTC)
    assert parse_since("2026-11-01T08:00:00+02:00") == datetime(2026, 11, 1, 6, tzinfo=UTC)
    with pytest.raises(ValueError, match="give a date like"):
        parse_since("last week")


@pytest.mark.parametrize("text,expected", [
    ("550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown",
     "550 5.1.1 <address>: Recipient address rejected: User unknown"),
    ("550-5.1.1 The email account that you tried to reach does not exist. a640si1234567wrb.12 - gsmtp",
     "550-5.1.1 The email account that you tried to reach does not exist. <id>.# - gsmtp"),
    ("452 4.2.2 Mailbox full (quota 10240000 bytes) [AM6PR01MB1234.eurprd01.prod.example.com]",
     "452 4.2.2 Mailbox full (quota # bytes) [<id>.<id>.prod.example.com]"),
    ("421 4.7.0 [192.0.2.25] Connection refused from 2001:db8::25",
     "421 4.7.0 [<ip>] Connection refused from <ip>"),
    ("554 5.7.1 张伟@例子.example: rejected", "554 5.7.1 <address>: rejected"),
    ("  spaced \t out  ", "spaced out"),
])
def test_normalise_diagnostic(text: str, expected: str) -> None:
    assert normalise_diagnostic(text) == expected


def test_normalise_diagnostic_is_fast_on_hostile_input() -> None:
    import time

    start = time.thread_time()
    for text in ("a" * 100_000 + "@", "1." * 50_000, ":" * 100_000, "x1" * 50_000, "<" + "a@" * 50_000):
        normalise_diagnostic(text)
    assert time.thread_time() - start < 2


def sample_events() -> list[Event]:
    rows = [
        replace(verdict("hard", T0, recipient="a@example.com"), diagnostic="550 5.1.1 <a@example.com>: User unknown",
                remote_mta="mx.example.com. (192.0.2.1)"),
        replace(verdict("hard", T0, recipient="b@example.com"), diagnostic="550 5.1.1 <b@example.com>: User unknown",
                remote_mta="MX.example.com"),
        replace(verdict("soft", datetime(2026, 11, 3, 23, tzinfo=UTC), recipient="c@example.org"),
                diagnostic="452 4.2.2 Mailbox full"),
        replace(verdict("soft", None, recipient="d@例子.example"), diagnostic=""),
    ]
    return [Event(row, event_time(row)) for row in rows]


def test_summarise_counts_every_section() -> None:
    summary = summarise(sample_events())
    assert (summary.rows, summary.recipients) == (4, 4)
    pick = lambda name: {key: (t.count, t.hard, t.soft) for key, t in summary.section(name)}
    assert pick("reason") == {"userunknown": (2, 2, 0), "mailboxfull": (2, 0, 2)}
    assert pick("bounce") == {"hard": (2, 2, 0), "soft": (2, 0, 2)}
    assert pick("permanent") == {"permanent": (2, 2, 0), "temporary": (2, 0, 2)}
    assert pick("domain") == {"example.com": (2, 2, 0), "example.org": (1, 0, 1), "例子.example": (1, 0, 1)}
    assert pick("remote_mta") == {"mx.example.com": (2, 2, 0), "(unknown)": (2, 0, 2)}
    assert list(pick("day").items()) == [("2026-11-02", (2, 2, 0)), ("2026-11-03", (1, 0, 1)),
                                         ("(unknown)", (1, 0, 1))]
    assert pick("diagnostic") == {"550 5.1.1 <address>: User unknown": (2, 2, 0),
                                  "452 4.2.2 Mailbox full": (1, 0, 1)}


def test_table_fits_80_columns_even_with_wide_characters() -> None:
    rows = [replace(event.verdict, diagnostic="550 5.1.1 " + "很长的诊断信息" * 20,
                    recipient=f"x@{'很长的域名' * 10}.example", remote_mta="mx." + "m" * 200)
            for event in sample_events()]
    out = io.StringIO()
    write_summary(summarise(Event(row, event_time(row)) for row in rows), "table", out)
    lines = out.getvalue().splitlines()
    assert max(cells(line) for line in lines) <= 80
    assert "Reasons" in out.getvalue() and "Most frequent diagnostics" in out.getvalue()


def test_a_long_history_lists_the_latest_days_in_the_table() -> None:
    base = sample_events()[0]
    assert base.when is not None
    events = [Event(base.verdict, base.when + timedelta(days=n)) for n in range(40)]
    out = io.StringIO()
    write_summary(summarise(events), "table", out)
    text = out.getvalue()
    assert "9 earlier days (all in --format csv)" in text and "2026-11-10" not in text
    assert "2026-11-11" in text and "2026-12-11" in text
    csv_out = io.StringIO()
    write_summary(summarise(events), "csv", csv_out)
    assert sum(1 for row in csv.DictReader(io.StringIO(csv_out.getvalue())) if row["section"] == "day") == 40


def test_json_and_csv() -> None:
    out = io.StringIO()
    write_summary(summarise(sample_events()), "json", out)
    data = json.loads(out.getvalue())
    assert data["rows"] == 4 and data["first"] == "2026-11-02T09:00:00Z"
    assert data["reason"][0] == {"key": "mailboxfull", "count": 2, "hard": 0, "soft": 2, "top_reason": "mailboxfull"}
    out = io.StringIO()
    write_summary(summarise(sample_events()), "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {"section": "total", "key": "rows", "count": "4"}.items() <= rows[0].items()
    assert any(r["section"] == "diagnostic" and r["key"] == "452 4.2.2 Mailbox full" for r in rows)


# -- the command ------------------------------------------------------------------------------


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_summary_of_samples_as_table_json_and_since() -> None:
    result = run("summary", str(SAMPLES))
    assert result.exit_code == 0, result.output
    assert max(cells(line) for line in result.stdout.splitlines()) <= 80
    everything = json.loads(run("summary", str(SAMPLES), "--format", "json").stdout)
    later = json.loads(run("summary", str(SAMPLES), "--format", "json", "--since", "2026-11-05").stdout)
    assert 0 < later["rows"] < everything["rows"]
    assert all(day["key"] >= "2026-11-05" for day in later["day"])


def test_summary_from_a_history_database_explains_in_the_language_asked(tmp_path: Path) -> None:
    from bounce_analyzer.store import open_store

    db = tmp_path / "history.sqlite3"
    rows = [replace(verdict("hard", T0), diagnostic="550 5.1.1 <pat@example.com>: User unknown",
                    status="5.1.1", reply_code="550", explanation="stored words")]
    store = open_store(db)
    try:
        store.append(rows, mailbox="test")
    finally:
        store.close()
    data = json.loads(run("summary", "--db", str(db), "--format", "json", "--lang", "zh").stdout)
    assert data["rows"] == 1 and data["reason"][0]["key"] == "userunknown"
    [diagnostic] = data["diagnostic"]
    assert diagnostic["key"] == "550 5.1.1 <address>: User unknown"
    assert any("\u4e00" <= c <= "\u9fff" for c in diagnostic["explanation"])
    assert json.loads(run("summary", "--db", str(db), "--format", "json", "--since", "2026-12-01").stdout)["rows"] == 0


def test_summary_usage_errors() -> None:
    both = run("summary", str(SAMPLES), "--db", str(SAMPLES / "rfc3464-delivered.eml"))
    assert both.exit_code == 2 and "give either PATH... or --db FILE" in both.stderr
    bad_since = run("summary", str(SAMPLES), "--since", "soon")  # a bad option value: exit 2 (issue 17)
    assert bad_since.exit_code == 2 and len(bad_since.stderr.strip().splitlines()) == 1


def test_summary_of_the_labelled_corpus() -> None:
    corpus = corpus_or_skip() / "labelled"
    result = run("summary", str(corpus), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["rows"] > 100 and len(data["reason"]) > 10


# -- JSON types and words looked up when written (issue 17, items 2 and 9) ----------------------


def test_json_keys_are_values_never_unknown_words() -> None:
    rows = [replace(verdict("hard", T0), permanent="true"),
            replace(verdict("soft", T0), permanent="false", remote_mta=""),
            replace(verdict("soft", T0), permanent="", recipient="nobody", date=""),
            replace(verdict("soft", T0), reason="feedback", bounce="", permanent="")]
    out = io.StringIO()
    write_summary(summarise(Event(row, event_time(row)) for row in rows), "json", out)
    data = json.loads(out.getvalue())
    assert {row["key"] for row in data["permanent"]} == {True, False, None}
    assert {row["key"] for row in data["bounce"]} == {"hard", "soft", None}
    assert None in {row["key"] for row in data["domain"]} | {row["key"] for row in data["day"]}
    assert "(unknown)" not in out.getvalue() and "(not a failure)" not in out.getvalue()
    undated = io.StringIO()
    write_summary(summarise([Event(rows[2], None)]), "json", undated)
    assert json.loads(undated.getvalue())["first"] is None


def test_summary_db_words_come_from_the_rule_and_the_users_rules(tmp_path: Path) -> None:
    from bounce_analyzer.store import open_store

    rules = tmp_path / "mine.toml"
    rules.write_text(USER_RULE, encoding="utf-8")
    db = tmp_path / "history.sqlite3"
    stored = replace(verdict("soft", T0), reason="systemerror", rule="local-virtual-table-is-stale",
                     diagnostic="550 5.1.1 User unknown in virtual mailbox table", status="5.1.1",
                     reply_code="550", explanation="stored in English when scanned")
    # A row whose words the rules would now give to another reason: it keeps its own reason.
    kept = replace(verdict("soft", T0), reason="mailboxfull", rule="status:4.2.2",
                   diagnostic="550 5.1.1 <pat@example.com>: User unknown", explanation="stored")
    store = open_store(db)
    try:
        store.append([stored, kept], mailbox="test")
    finally:
        store.close()
    html = tmp_path / "report.html"
    data = json.loads(run("summary", "--db", str(db), "--format", "json", "--lang", "zh",
                          "--rules", str(rules), "--html", str(html)).stdout)
    assert "我们的中继正在重建地址表,该地址没有问题。" in html.read_text(encoding="utf-8")  # the HTML report too
    words = {row["key"]: row["explanation"] for row in data["diagnostic"]}
    assert words["550 5.1.1 User unknown in virtual mailbox table"] == "我们的中继正在重建地址表,该地址没有问题。"
    from bounce_analyzer.classifier import load_classifier

    reasons = load_classifier().ruleset.reasons
    assert words["550 5.1.1 <address>: User unknown"] == reasons["mailboxfull"].explanation_zh
    without = json.loads(run("summary", "--db", str(db), "--format", "json", "--lang", "zh").stdout)
    # Without the rule file the rule id is unknown: the reason's own words
    assert {row["key"]: row["explanation"] for row in without["diagnostic"]}[
        "550 5.1.1 User unknown in virtual mailbox table"] != words["550 5.1.1 User unknown in virtual mailbox table"]
