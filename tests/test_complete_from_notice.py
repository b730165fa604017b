"""complete_from_notice's short cut: a report whose records lack only the command (and
perhaps the remote host), beside a notice that names neither, is left as it is without
reading the notice's layouts (layouts._only_a_command_unnamed). The short cut must never
change an extraction: every sample is extracted with it and without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bounce_analyzer import layouts
from bounce_analyzer.extract import extract
from bounce_analyzer.parse import parse_bytes

from .conftest import extracted

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _rows(path: Path) -> list[tuple[object, ...]]:
    found = extract(parse_bytes(path.read_bytes()))
    if found is None:
        return []
    return [tuple(getattr(r, name) for name in r.__slots__) for r in found.records]


def test_the_short_cut_never_changes_an_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    taken = []
    real = layouts._only_a_command_unnamed

    def counted(*args: object) -> bool:
        answer = real(*args)  # type: ignore[arg-type]
        taken.append(answer)
        return answer

    files = sorted(SAMPLES.glob("*.eml"))
    monkeypatch.setattr(layouts, "_only_a_command_unnamed", counted)
    with_it = {path.name: _rows(path) for path in files}
    monkeypatch.setattr(layouts, "_only_a_command_unnamed", lambda *args: False)
    without = {path.name: _rows(path) for path in files}
    assert with_it == without
    assert taken.count(True) > 50  # the short cut is taken, so the comparison says something


DSN = """\
From: MAILER-DAEMON@mx.example.org
To: sender@example.com
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b"

--b
Content-Type: text/plain

Your message could not be delivered to one or more recipients.
{words}

--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; anna@example.net
Action: failed
Status: 5.1.1
Remote-MTA: dns; in.example.net
Diagnostic-Code: smtp; 550 5.1.1 <anna@example.net>: Recipient address rejected

--b--
"""


def test_a_notice_naming_no_command_leaves_the_record_without_one() -> None:
    found = extracted(DSN.format(words="The recipient's server refused it."))
    assert found is not None
    record = found.records[0]
    assert (record.reply_code, record.command) == ("550", "")


def test_a_notice_naming_the_command_still_gives_it() -> None:
    words = (
        "<anna@example.net>: host in.example.net[192.0.2.7] said: 550 5.1.1\n"
        "    <anna@example.net>: Recipient address rejected (in reply to RCPT TO command)"
    )
    found = extracted(DSN.format(words=words))
    assert found is not None
    assert found.records[0].command == "RCPT"
