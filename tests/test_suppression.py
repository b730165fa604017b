"""The suppression policy, rule by rule and at its boundaries (bounce_analyzer/suppression.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from bounce_analyzer.cli import main
from bounce_analyzer.model import Verdict
from bounce_analyzer.report import select_rows
from bounce_analyzer.summary import Event, event_time
from bounce_analyzer.suppression import (
    COLUMNS,
    Decision,
    Policy,
    decide_address,
    suppression_list,
    write_suppression,
)

from .conftest import SAMPLES

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)
ADDRESS = "pat@example.com"

# What each event kind is, as the pipeline writes it: (reason, bounce, permanent, action).
KINDS = {
    "hard": ("userunknown", "hard", "true", "failed"),
    "soft": ("mailboxfull", "soft", "false", "failed"),
    "soft5": ("blocked", "soft", "true", "failed"),  # a permanent failure that is not hard
    "delayed": ("expired", "soft", "false", "delayed"),
    "delivered": ("delivered", "", "", "delivered"),
    "complaint": ("feedback", "", "", ""),
    "vacation": ("vacation", "", "", ""),
}


def verdict(kind: str, when: datetime | None, *, recipient: str = ADDRESS, message_id: str = "") -> Verdict:
    reason, bounce, permanent, action = KINDS[kind]
    return Verdict(
        source="test", message_id=message_id, date=format_datetime(when) if when else "", sender="",
        recipient=recipient, original_recipient="", action=action, status="", reply_code="",
        reason=reason, bounce=bounce, permanent=permanent, diagnostic="", remote_mta="",
        reporting_mta="", command="", mta="test", rule="", explanation="", original_message_id="",
        original_subject="", feedback_type="abuse" if kind == "complaint" else "",
    )


def events(*items: tuple[str, datetime | None]) -> list[Event]:
    out = []
    for kind, when in items:
        row = verdict(kind, when)
        out.append(Event(row, event_time(row)))
    return out


# (name, events in any order, policy, expected why or None when the address is kept)
CASES = [
    ("one hard bounce", [("hard", T0)], Policy(), "hard bounce"),
    ("hard bounce of unknown time", [("hard", None)], Policy(), "hard bounce"),
    ("exactly N soft bounces within the window",
     [("soft", T0), ("soft", T0 + DAY), ("soft", T0 + 2 * DAY)], Policy(), "3 soft bounces within 14 days"),
    ("N - 1 soft bounces", [("soft", T0), ("soft", T0 + DAY)], Policy(), None),
    ("N soft bounces spanning exactly the window (edges included)",
     [("soft", T0), ("soft", T0 + 7 * DAY), ("soft", T0 + 14 * DAY)], Policy(), "3 soft bounces within 14 days"),
    ("N soft bounces spanning the window plus one second",
     [("soft", T0), ("soft", T0 + 7 * DAY), ("soft", T0 + 14 * DAY + SECOND)], Policy(), None),
    ("a burst of N inside a longer history counts",
     [("soft", T0), ("soft", T0 + 30 * DAY), ("soft", T0 + 31 * DAY), ("soft", T0 + 32 * DAY),
      ("soft", T0 + 90 * DAY)], Policy(), "3 soft bounces within 14 days"),
    ("soft limit 1: a single soft bounce", [("soft", T0)], Policy(soft_limit=1), "1 soft bounces within 14 days"),
    ("window 0: N soft bounces at the same moment",
     [("soft", T0), ("soft", T0), ("soft", T0)], Policy(window=timedelta(0)), "3 soft bounces within 0 days"),
    ("window 0: N soft bounces a second apart",
     [("soft", T0), ("soft", T0 + SECOND), ("soft", T0 + 2 * SECOND)], Policy(window=timedelta(0)), None),
    ("permanent non-hard failures count as soft bounces",
     [("soft5", T0), ("soft5", T0 + DAY), ("soft5", T0 + 2 * DAY)], Policy(), "3 soft bounces within 14 days"),
    ("soft bounces of unknown time are not counted in a window",
     [("soft", None), ("soft", None), ("soft", None)], Policy(), None),
    ("delays are warnings, not bounces",
     [("delayed", T0), ("delayed", T0 + DAY), ("delayed", T0 + 2 * DAY), ("delayed", T0 + 3 * DAY)], Policy(), None),
    ("delivery after a hard bounce", [("hard", T0), ("delivered", T0 + DAY)], Policy(), None),
    ("delivery after N soft bounces",
     [("soft", T0), ("soft", T0 + DAY), ("soft", T0 + 2 * DAY), ("delivered", T0 + 3 * DAY)], Policy(), None),
    ("delivery at the same moment as the bounce, listed after it",
     [("hard", T0), ("delivered", T0)], Policy(), None),
    ("hard bounce after a delivery", [("delivered", T0), ("hard", T0 + DAY)], Policy(), "hard bounce"),
    ("soft bounces before a delivery do not count after it",
     [("soft", T0), ("soft", T0 + DAY), ("delivered", T0 + 2 * DAY), ("soft", T0 + 3 * DAY)], Policy(), None),
    ("events in any input order are put in time order",
     [("delivered", T0 + 5 * DAY), ("hard", T0)], Policy(), None),
    ("a delivery of unknown time is never the latest over a dated bounce",
     [("hard", T0), ("delivered", None)], Policy(), "hard bounce"),
    ("only a delivery", [("delivered", T0)], Policy(), None),
    ("complaint", [("complaint", T0)], Policy(), "complaint (feedback)"),
    ("complaint, then a delivery: still suppressed",
     [("complaint", T0), ("delivered", T0 + DAY)], Policy(), "complaint (feedback)"),
    ("complaint wins over a hard bounce", [("hard", T0), ("complaint", T0 + DAY)], Policy(), "complaint (feedback)"),
    ("vacation replies are ignored", [("vacation", T0), ("vacation", T0 + DAY), ("vacation", T0 + 2 * DAY)],
     Policy(soft_limit=1), None),
    ("a vacation reply after a delivery does not hide it",
     [("hard", T0), ("delivered", T0 + DAY), ("vacation", T0 + 2 * DAY)], Policy(), None),
]


@pytest.mark.parametrize("items,policy,why", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_policy(items: list[tuple[str, datetime | None]], policy: Policy, why: str | None) -> None:
    decision = decide_address(ADDRESS, events(*items), policy)
    assert (decision.why if decision else None) == why
    if decision:
        assert decision.decision == "suppress" and decision.recipient == ADDRESS


@pytest.mark.parametrize("feedback_type", ["not-spam", "auth-failure", "NOT-SPAM"])
def test_feedback_that_is_no_complaint_suppresses_nothing(feedback_type: str) -> None:
    # RFC 6430: the user says the mail was wanted; RFC 6591: a failed authentication check.
    row = replace(verdict("complaint", T0), feedback_type=feedback_type)
    assert decide_address(ADDRESS, [Event(row, event_time(row))]) is None
    fraud = replace(verdict("complaint", T0), feedback_type="fraud")
    assert decide_address(ADDRESS, [Event(fraud, event_time(fraud))]) is not None


def test_decision_row_counts_and_times() -> None:
    decision = decide_address(ADDRESS, events(
        ("soft", T0 + DAY), ("hard", T0 + 3 * DAY), ("delayed", T0 + 9 * DAY), ("soft", T0),
    ))
    assert decision == Decision(
        recipient=ADDRESS, decision="suppress", why="hard bounce", reason="userunknown",
        first_seen="2026-11-02T09:00:00Z", last_seen="2026-11-05T09:00:00Z", bounces=3, hard_bounces=1,
    )


def test_the_reason_given_is_the_deciding_events() -> None:
    items = [("soft", T0), ("soft", T0 + DAY), ("soft", T0 + 2 * DAY)]
    found = events(*items)
    found[-1] = Event(replace(found[-1].verdict, reason="systemfull"), found[-1].when)
    decision = decide_address(ADDRESS, found)
    assert decision is not None and decision.reason == "systemfull"


def test_the_same_bounce_seen_twice_counts_once_and_addresses_ignore_case() -> None:
    rows = [
        verdict("soft", T0, message_id="<a@example.net>"),
        verdict("soft", T0, message_id="<a@example.net>", recipient="Pat@Example.com"),  # a copy
        verdict("soft", T0 + DAY, message_id="<b@example.net>", recipient="PAT@example.com"),
    ]
    assert suppression_list(Event(r, event_time(r)) for r in rows) == []
    rows.append(verdict("soft", T0 + 2 * DAY, message_id="<c@example.net>"))
    [decision] = suppression_list(Event(r, event_time(r)) for r in rows)
    assert decision.recipient == ADDRESS and decision.bounces == 3


@pytest.mark.parametrize("soft_limit,window", [(0, 14), (3, -1)])
def test_policy_rejects_nonsense(soft_limit: int, window: int) -> None:
    with pytest.raises(ValueError):
        Policy(soft_limit=soft_limit, window=timedelta(days=window))


def test_csv_has_a_header_the_address_first_and_is_spreadsheet_safe() -> None:
    out = io.StringIO()
    decision = Decision("=cmd@example.com", "suppress", "hard bounce", "userunknown", "", "", 1, 1)
    junk = Decision("=HYPERLINK(\"http://x\")", "suppress", "=1+1", "userunknown", "", "", 1, 1)
    write_suppression([decision, junk], "csv", out)
    header, row, guarded = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(header) == COLUMNS and header[0] == "recipient"
    # A valid address is never changed (the list is imported and matched on it); it can hold no
    # function call. Text that is not an address, and free text, are guarded.
    assert row[0] == "=cmd@example.com"
    assert guarded[0] == "'=HYPERLINK(\"http://x\")" and guarded[2] == "'=1+1"
    lines = io.StringIO()
    write_suppression([decision], "jsonl", lines)
    assert json.loads(lines.getvalue())["bounces"] == 1


def test_suppression_jsonl_says_an_unknown_date_with_null() -> None:
    undated = Decision(
        recipient="a@example.com", decision="suppress", why="hard bounce", reason="userunknown",
        first_seen="", last_seen="", bounces=1, hard_bounces=1,
    )
    lines = io.StringIO()
    write_suppression([undated], "jsonl", lines)
    row = json.loads(lines.getvalue())
    assert row["first_seen"] is None and row["last_seen"] is None and row["bounces"] == 1
    table = io.StringIO()
    write_suppression([undated], "csv", table)
    assert list(csv.reader(io.StringIO(table.getvalue())))[1][4:6] == ["", ""]  # CSV stays text


# -- analyze --only / --dedupe ---------------------------------------------------------------


def test_select_rows_only_and_dedupe() -> None:
    rows = [
        verdict("soft", T0 + 2 * DAY, recipient="a@example.com"),
        verdict("hard", T0, recipient="a@example.com"),
        verdict("soft5", T0, recipient="b@example.com"),
        verdict("hard", None, recipient="b@example.com"),
    ]
    pick = lambda **kw: [(r.recipient, r.reason) for r in select_rows(rows, **kw)]
    assert pick(only="hard") == [("a@example.com", "userunknown"), ("b@example.com", "userunknown")]
    assert pick(only="soft") == [("a@example.com", "mailboxfull"), ("b@example.com", "blocked")]
    assert pick(only="permanent") == [("a@example.com", "userunknown"), ("b@example.com", "blocked"),
                                      ("b@example.com", "userunknown")]
    # The latest by Date, whatever the input order; a row of unknown date loses to a dated one.
    assert pick(dedupe=True) == [("a@example.com", "mailboxfull"), ("b@example.com", "blocked")]
    assert pick(only="hard", dedupe=True) == [("a@example.com", "userunknown"), ("b@example.com", "userunknown")]


def test_select_rows_passes_errors_through() -> None:
    error = object()
    assert list(select_rows([error], dedupe=True)) == [error]


# -- the command ------------------------------------------------------------------------------


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_suppress_command_on_samples() -> None:
    result = run("suppress", str(SAMPLES))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and list(rows[0]) == list(COLUMNS)
    by_address = {row["recipient"]: row for row in rows}
    assert by_address["alice.nobody@example.com"]["why"] == "hard bounce"
    # rfc3464-delivered.eml: a delivery, never suppressed.
    assert "judy@example.com" not in by_address
    assert all(row["decision"] == "suppress" for row in rows)


def test_suppress_from_a_history_database(tmp_path: Path) -> None:
    from bounce_analyzer.store import open_store

    db = tmp_path / "history.sqlite3"
    store = open_store(db)
    try:
        store.append([verdict("hard", T0, recipient="gone@example.com")], mailbox="test")
        # Rows without a usable Date: seen_at gives their time.
        soft = [replace(verdict("soft", None, recipient="full@example.org"), date="") for _ in range(3)]
        for n, row in enumerate(soft):
            store.append([row], mailbox="test", seen_at=(T0 + n * DAY).isoformat())
        store.append([verdict("soft", T0, recipient="ok@example.net"),
                      verdict("delivered", T0 + DAY, recipient="ok@example.net")], mailbox="test")
    finally:
        store.close()
    result = run("suppress", "--db", str(db), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["recipient"], r["why"]) for r in rows] == [
        ("full@example.org", "3 soft bounces within 14 days"),
        ("gone@example.com", "hard bounce"),
    ]
    assert rows[0]["first_seen"] == "2026-11-02T09:00:00Z" and rows[0]["last_seen"] == "2026-11-04T09:00:00Z"
    assert run("suppress", "--db", str(db), "--soft-limit", "4").stdout.count("\n") == 2  # header + gone@


@pytest.mark.parametrize("args,says", [
    (["suppress", str(SAMPLES), "--db", "h.sqlite3"], "give either PATH... or --db FILE"),
    (["suppress", "--soft-limit", "0", str(SAMPLES)], "--soft-limit"),
    (["suppress", "--format", "table", str(SAMPLES)], "'table' is not one of"),
])
def test_suppress_usage_errors(args: list[str], says: str) -> None:
    result = run(*args)
    assert result.exit_code == 2 and says in result.stderr


def test_analyze_only_and_dedupe_on_samples(tmp_path: Path) -> None:
    every = list(csv.DictReader(io.StringIO(run("analyze", str(SAMPLES), "-q").stdout)))
    hard = list(csv.DictReader(io.StringIO(run("analyze", str(SAMPLES), "--only", "hard", "-q").stdout)))
    assert hard and all(row["bounce"] == "hard" for row in hard)
    assert len(hard) == sum(1 for row in every if row["bounce"] == "hard")
    permanent = list(csv.DictReader(io.StringIO(run("analyze", str(SAMPLES), "--only", "permanent", "-q").stdout)))
    assert permanent and all(row["permanent"] == "true" for row in permanent)
    deduped = list(csv.DictReader(io.StringIO(run("analyze", str(SAMPLES), "--dedupe", "-q").stdout)))
    assert len(deduped) == len({row["recipient"].lower() for row in every})
    # The history keeps every row even when the output is selected.
    from bounce_analyzer.store import open_store

    db = tmp_path / "h.sqlite3"
    assert run("analyze", str(SAMPLES), "--only", "hard", "--db", str(db), "-q").exit_code == 0
    # ... deliveries and auto-replies included, as `scan` keeps them (one message, one set of rows).
    kept = run("analyze", str(SAMPLES), "--include-delivered", "--include-vacation", "-q").stdout
    store = open_store(db)
    try:
        assert len(list(store.verdicts())) == len(list(csv.DictReader(io.StringIO(kept))))
    finally:
        store.close()


def test_suppress_on_the_labelled_corpus() -> None:
    from .conftest import corpus_or_skip

    result = run("suppress", str(corpus_or_skip() / "labelled"), "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) > 50
    assert all(re.fullmatch(r"hard bounce|complaint \(feedback\)|\d+ soft bounces within 14 days", row["why"])
               for row in rows)
    assert all(row["hard_bounces"] > 0 for row in rows if row["why"] == "hard bounce")
