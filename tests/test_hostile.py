"""Hostile and broken input: nothing escapes, nothing hangs, every message is accounted for.

Explicit cases from issue "Hostile and broken input", then property-based mutations of our
own samples (hypothesis). Each case checks the run's own accounting: read = with verdicts +
without verdicts + failed, and that the CSV and JSON written are valid.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bounce_analyzer.addresses import CONTROL_CHARACTER
from bounce_analyzer.ingest import IngestOptions, RawMessage
from bounce_analyzer.model import COLUMNS
from bounce_analyzer.pipeline import (
    MessageError,
    Options,
    PartlyRead,
    StageError,
    analyze,
    analyze_message,
)
from bounce_analyzer.report import make_writer

from .conftest import SAMPLES

SAMPLE_FILES = sorted(p for p in SAMPLES.glob("*.eml"))
SAMPLE_BYTES = [p.read_bytes() for p in SAMPLE_FILES]
DSN = (SAMPLES / "rfc3464-single-userunknown.eml").read_bytes()
# Far above what one message takes (a few ms; 10,000 recipients about 2 s): only a hang or a
# blow-up reaches it, also on a machine busy with other work.
PER_MESSAGE_SECONDS = 30.0


DEFAULTS = Options()


def check_run(paths: list[Path], options: Options = DEFAULTS) -> tuple[list, list[MessageError]]:  # type: ignore[type-arg]
    """Run the pipeline and both text writers; check the accounting and the outputs' validity."""
    analysis = analyze([str(p) for p in paths], options)
    rows, errors = [], []
    csv_out, json_out = io.StringIO(), io.StringIO()
    writers = [make_writer("csv", csv_out), make_writer("json", json_out)]
    for item in analysis:
        if isinstance(item, MessageError):
            errors.append(item)
            continue
        rows.append(item)
        for writer in writers:
            writer.write(item)
    for writer in writers:
        writer.close()
    stats = analysis.stats
    assert stats.read == stats.with_verdicts + stats.without_verdicts + stats.failed
    assert stats.failed + stats.partly_read == len(errors) and stats.rows == len(rows)
    table = list(csv.reader(io.StringIO(csv_out.getvalue())))
    assert tuple(table[0]) == COLUMNS and all(len(line) == len(COLUMNS) for line in table)
    assert len(json.loads(json_out.getvalue())) == len(rows)
    return rows, errors


def one(tmp_path: Path, data: bytes, name: str = "m.eml", **options: object) -> tuple[list, list[MessageError]]:  # type: ignore[type-arg]
    path = tmp_path / name
    path.write_bytes(data)
    started = time.perf_counter()
    result = check_run([path], Options(**options))  # type: ignore[arg-type]
    assert time.perf_counter() - started < PER_MESSAGE_SECONDS
    return result


def dsn_with_recipients(count: int) -> bytes:
    blocks = "\n\n".join(
        f"Final-Recipient: rfc822; user{i}@example.com\nAction: failed\nStatus: 5.1.1" for i in range(count)
    )
    return (
        "From: MAILER-DAEMON@example.net\nTo: list@example.org\nSubject: failure\n"
        'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        f"--B\nContent-Type: text/plain\n\nfailed\n\n--B\nContent-Type: message/delivery-status\n\n"
        f"Reporting-MTA: dns; example.net\n\n{blocks}\n\n--B--\n"
    ).encode()


def nested(depth: int) -> bytes:
    opening = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i) for i in range(depth))
    closing = b"".join(b"\n--b%d--\n" % i for i in reversed(range(depth)))
    return b"From: a@example.com\nSubject: deep\nMIME-Version: 1.0\n" + opening + b"Content-Type: text/plain\n\nhi\n" + closing


def test_empty_file(tmp_path: Path) -> None:
    assert one(tmp_path, b"") == ([], [])


def test_binary_garbage(tmp_path: Path) -> None:
    garbage = bytes(range(256)) * 4096
    rows, _errors = one(tmp_path, garbage)
    assert rows == []


def test_one_megabyte_header_line(tmp_path: Path) -> None:
    data = b"X-Long: " + b"a" * (1 << 20) + b"\n" + DSN
    _rows, errors = one(tmp_path, data)
    assert errors == [] or all(e.stage for e in errors)


def test_ten_thousand_recipients_are_read_and_the_rest_are_counted(tmp_path: Path) -> None:
    """Past --max-recipients the first ones still give rows, and an error record says how
    many were left unread (the message used to give no row at all)."""
    rows, errors = one(tmp_path, dsn_with_recipients(10_000))
    assert len(rows) == 10_000 and errors == []
    rows, errors = one(tmp_path, dsn_with_recipients(10_003))
    assert len(rows) == 10_000 and [e.stage for e in errors] == ["limit"]
    assert errors[0].error.startswith("3 more recipients not read")
    assert "--max-recipients" in errors[0].error


@pytest.mark.parametrize("depth,stage", [(51, "limit"), (10_000, "parse")])
def test_deep_mime_nesting_is_an_error_record(tmp_path: Path, depth: int, stage: str) -> None:
    rows, errors = one(tmp_path, nested(depth))
    assert rows == [] and [e.stage for e in errors] == [stage]


def test_nesting_within_the_limit_is_read(tmp_path: Path) -> None:
    assert one(tmp_path, nested(40))[1] == []


def test_missing_closing_boundary_still_gives_the_recipient(tmp_path: Path) -> None:
    data = DSN[: DSN.rindex(b"--8F2C41A0B7")]  # cut before the last boundary line
    rows, _errors = one(tmp_path, data)
    assert [r.recipient for r in rows] == ["alice.nobody@example.com"]


def test_invalid_base64_and_unknown_charset(tmp_path: Path) -> None:
    data = DSN.replace(
        b"Content-Type: text/plain; charset=us-ascii\n",
        b"Content-Type: text/plain; charset=x-no-such-charset\nContent-Transfer-Encoding: base64\n",
    )
    data = data.replace(b"This is the mail system", b"!!!not base64 at all@@@ ===")
    rows, _errors = one(tmp_path, data)
    assert [r.recipient for r in rows] == ["alice.nobody@example.com"]


def test_eight_bit_headers(tmp_path: Path) -> None:
    data = DSN.replace(b"Subject: Undelivered Mail", "Subject: Zurück: Unzustellbar \xff".encode("latin-1") + b" Mail")
    rows, errors = one(tmp_path, data)
    assert len(rows) == 1 and errors == []


def test_from_lines_inside_bodies_of_an_mbox(tmp_path: Path) -> None:
    body = b"From: x@example.com\nSubject: hi\n\nFrom here on\nFrom the start\n>From quoted\n"
    data = b"From a@example.com Mon Nov  9 09:00:00 2026\n" + body + b"From MAILER-DAEMON Mon Nov  9 09:01:00 2026\n" + DSN
    rows, _errors = one(tmp_path, data, name="box")
    assert [r.source for r in rows] == [f"{tmp_path / 'box'}:2"]


def test_a_maildir_file_that_disappears_mid_run_is_reported(tmp_path: Path) -> None:
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    first, second = tmp_path / "new" / "1.host", tmp_path / "new" / "2.host"
    first.write_bytes(DSN)
    second.write_bytes(DSN)
    analysis = analyze([str(tmp_path)], Options())
    items = iter(analysis)
    assert not isinstance(next(items), MessageError)
    second.unlink()  # gone after the directory was listed
    rest = list(items)
    assert [type(i).__name__ for i in rest] == ["MessageError"] and rest[0].source == str(second)
    assert analysis.stats.read == 2 and analysis.stats.failed == 1


def test_a_non_bounce_quoting_bounce_text_gives_no_rows(tmp_path: Path) -> None:
    data = (b"From: friend@example.com\nTo: me@example.org\nSubject: Re: weird error\n\n"
            b"> 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown\n"
            b"> Final-Recipient: rfc822; bob@example.com\n> Action: failed\nDid you see this?\n")
    assert one(tmp_path, data) == ([], [])


@pytest.mark.parametrize("payload,recipient_cell", [
    (b"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0@example.com"),  # not an address (spaces): guarded
    (b"@SUM(1+1)", "'@SUM(1+1)@example.com"),  # not an address (parentheses): guarded
    (b"+1-2", "+1-2@example.com"),  # a valid address: never changed (README "CSV")
    (b"-2+3", "-2+3@example.com"),
])
def test_formula_payloads_never_reach_the_csv_as_formulas(tmp_path: Path, payload: bytes, recipient_cell: str) -> None:
    data = DSN.replace(b"alice.nobody@example.com", payload + b"@example.com")
    path = tmp_path / "m.eml"
    path.write_bytes(data)
    out = io.StringIO()
    writer = make_writer("csv", out)
    for item in analyze([str(path)], Options()):
        assert not isinstance(item, MessageError)
        writer.write(item)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows or recipient_cell.startswith("'")  # what is not an address may give no row
    for row in rows:
        assert row["recipient"] == recipient_cell
        # Free text (the diagnostic quotes the address) is guarded whatever it holds.
        assert not any(cell[:1] in ("=", "+", "-", "@") for name, cell in row.items()
                       if name not in ("sender", "recipient", "original_recipient"))


def test_an_address_with_crlf_does_not_break_the_csv(tmp_path: Path) -> None:
    data = DSN.replace(b"Diagnostic-Code: smtp; 550", b"Diagnostic-Code: smtp; 550 line\r\n=HYPERLINK(1)\r\n 550")
    rows, _errors = one(tmp_path, data)
    assert len(rows) == 1


def test_a_folder_of_hostile_files_is_all_accounted_for(tmp_path: Path) -> None:
    files = {
        "empty": b"", "garbage": bytes(range(256)) * 512, "deep": nested(10_000), "wide": dsn_with_recipients(10_001),
        "long-header": b"X: " + b"b" * (1 << 20) + b"\n\nbody", "nul": DSN.replace(b"\n", b"\0\n", 40),
        "good": DSN, "truncated": DSN[: len(DSN) // 2],
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    started = time.perf_counter()
    _rows, errors = check_run([tmp_path])
    assert time.perf_counter() - started < 30
    assert {e.source for e in errors} == {str(tmp_path / "deep"), str(tmp_path / "wide")}


# -- property-based mutations of our samples -------------------------------------------------

def mutate(data: bytes, kind: str, where: float, blob: bytes) -> bytes:
    at = int(len(data) * where)
    if kind == "truncate":
        return data[:at]
    if kind == "flip":
        return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :] if at < len(data) else data
    if kind == "insert":
        return data[:at] + blob + data[at:]
    if kind == "nul":
        return data[:at] + b"\0" * (1 + len(blob)) + data[at:]
    if kind == "duplicate-headers":
        head, sep, body = data.partition(b"\n\n")
        return head + b"\n" + head + sep + body
    if kind == "break-boundary":
        return data.replace(b"--", b"-", 1 + int(where * 5))
    if kind == "nest":
        return (b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="zz"\n\n--zz\n'
                + data + b"\n--zz--\n")
    if kind == "charset":
        return data.replace(b"charset=", b"charset=" + (blob[:8] or b"x") + b"-", 3)
    if kind == "crlf":
        return data.replace(b"\n", b"\r\n")
    if kind == "cr":
        return data.replace(b"\n", b"\r")
    if kind == "base64":
        return data.replace(b"\n\n", b"\nContent-Transfer-Encoding: base64\n\n" + base64.b64encode(blob), 1)
    raise AssertionError(kind)


KINDS = ["truncate", "flip", "insert", "nul", "duplicate-headers", "break-boundary", "nest",
         "charset", "crlf", "cr", "base64"]


@settings(max_examples=2500, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    sample=st.integers(0, len(SAMPLE_BYTES) - 1),
    kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=3),
    where=st.floats(0, 1),
    blob=st.binary(max_size=64),
)
def test_mutated_samples_never_raise_and_stay_accounted_for(
    sample: int, kinds: list[str], where: float, blob: bytes
) -> None:
    from bounce_analyzer.classifier import load_classifier

    data = SAMPLE_BYTES[sample]
    for kind in kinds:
        data = mutate(data, kind, where, blob)
    started = time.perf_counter()
    try:
        rows = analyze_message(RawMessage("fuzz", data), load_classifier(), Options())
    except PartlyRead as partly:  # rows and an error record (a flipped byte may make a control
        assert partly.error.stage in {"limit", "address"}  # character of an address's letter)
        rows = partly.rows
    except StageError as error:  # an error record is an allowed outcome, an exception is not
        assert error.stage in {"parse", "limit", "extract", "fallback", "classify"}
        assert error.stage != "extract" and error.stage != "classify", error.message
        return
    assert time.perf_counter() - started < PER_MESSAGE_SECONDS
    for row in rows:
        assert list(row.as_dict()) == list(COLUMNS)
        assert all(isinstance(v, str) for v in row.as_dict().values())
        assert not CONTROL_CHARACTER.search(row.recipient + row.original_recipient)


def test_ingest_options_reach_the_pipeline(tmp_path: Path) -> None:
    rows, errors = one(tmp_path, DSN, ingest=IngestOptions(max_message_size=100))
    assert rows == [] and "--max-message-size" in errors[0].error and errors[0].stage == "limit"
