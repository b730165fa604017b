"""Terminal safety (issue 17): table outputs show control characters, escape sequences, bells,
OSC hyperlinks and bidi controls escaped, and align wide characters by terminal columns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from bounce_analyzer.cli import main
from bounce_analyzer.terminal import cells, fit, shown

from .conftest import SAMPLES

CJK = "张三@例子.中国"
# Clear the screen, an OSC 8 hyperlink whose target is not its text, a bell, a right-to-left
# override, an isolate, a C1 CSI (0x9b) and DEL.
HOSTILE = ("\x1b[2J\x1b]8;;https://evil.example/\x1b\\Recipient\x1b]8;;\x1b\\ address\x07"
           "\u202erejected\u2066 \x9b31m\x7f")
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile_bounce(tmp_path: Path) -> Path:
    """Our RFC 3464 sample, sent to a CJK address, whose server's words carry escapes."""
    text = (SAMPLES / "rfc3464-single-userunknown.eml").read_text()
    text = text.replace("Content-Type: message/delivery-status", "Content-Type: message/delivery-status; charset=utf-8")
    text = text.replace("alice.nobody@example.com", CJK)
    text = text.replace("Recipient address\n    rejected", HOSTILE + "\n    rejected")
    path = tmp_path / "hostile.eml"
    path.write_bytes(text.encode())
    return path


def test_shown_escapes_every_control_and_bidi_character() -> None:
    assert shown(HOSTILE) == ("\\x1b[2J\\x1b]8;;https://evil.example/\\x1b\\Recipient\\x1b]8;;\\x1b\\ address"
                              "\\x07\\u202erejected\\u2066 \\x9b31m\\x7f")
    assert shown("a\tb\nc\r\nd") == "a b c  d"  # line breaks in a cell are spaces
    assert shown("bad \udcff byte") == "bad \\udcff byte"  # a lone surrogate could not even be written
    assert shown("plain ASCII text") == "plain ASCII text"


def test_fit_counts_wide_characters_as_two_columns() -> None:
    assert cells(CJK) == 14 and cells("e\u0301") == 1
    assert fit(CJK, 20) == CJK + " " * 6 and cells(fit(CJK, 20)) == 20
    cut = fit("张三张三张三张三", 9)
    assert cut == "张三张三…" and cells(cut) == 9
    assert cells(fit(HOSTILE, 30)) == 30 and not RAW.search(fit(HOSTILE, 30))


def test_analyze_table_escapes_and_aligns_a_cjk_address(hostile_bounce: Path) -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(main, ["analyze", str(hostile_bounce), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert not RAW.search(result.stdout)
    header, rule, row = result.stdout.splitlines()
    assert row.startswith(CJK)
    assert "\\x1b[2J\\x1b]8;;https://evil.example/" in row and "\\u202erejected" in row
    # Every column starts at the same terminal column in the header and in the row.
    for title, value in (("reason", "userunknown"), ("bounce", "hard"), ("reply", "550"),
                         ("status", "5.1.1"), ("diagnostic", "550 5.1.1")):
        assert cells(header[: header.index(title)]) == cells(row[: row.index(value)]), title
    assert cells(rule) <= 200 and cells(row) <= 200


def test_summary_table_and_inspect_and_explain_escape_it_too(hostile_bounce: Path) -> None:
    summary = CliRunner().invoke(main, ["summary", str(hostile_bounce)])
    assert summary.exit_code == 0, summary.output
    assert not RAW.search(summary.stdout) and "\\x1b" in summary.stdout and "例子.中国" in summary.stdout
    inspected = CliRunner().invoke(main, ["inspect", str(hostile_bounce)])
    assert inspected.exit_code == 0, inspected.output
    assert not RAW.search(inspected.stdout) and "\\x1b]8;;https://evil.example/" in inspected.stdout
    explained = CliRunner().invoke(main, ["explain", "550 5.1.1 " + HOSTILE])
    assert explained.exit_code == 0, explained.output
    assert not RAW.search(explained.stdout) and "\\x07" in explained.stdout
