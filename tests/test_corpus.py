"""The shared corpus, when present beside the repository (../shared/corpus): no errors on any
file, the mbox and line-ending variants, non-bounces, and every RFC 3464 report's recipients.

These read the corpus in place and never copy it. Without it they skip, saying so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bounce_analyzer.model import COLUMNS, Verdict
from bounce_analyzer.pipeline import MessageError, Options, analyze

from .conftest import corpus_or_skip

EVERYTHING = Options(include_delivered=True, include_vacation=True)


def run(*paths: Path, options: Options = EVERYTHING) -> tuple[list[Verdict], list[MessageError]]:
    rows: list[Verdict] = []
    errors: list[MessageError] = []
    for item in analyze([str(p) for p in paths], options):
        (errors if isinstance(item, MessageError) else rows).append(item)  # type: ignore[arg-type]
    return rows, errors


@pytest.mark.parametrize("folder", ["unlabelled", "not", "line-endings", "mbox", "mbox-split", "labelled"])
def test_every_file_runs_without_an_error(folder: str) -> None:
    corpus = corpus_or_skip()
    _rows, errors = run(corpus / folder)
    assert errors == []


def test_mbox_0_gives_rows_for_each_of_its_37_messages_with_every_column() -> None:
    mbox = corpus_or_skip() / "mbox" / "mbox-0"
    rows, errors = run(mbox, options=Options())
    assert not errors
    assert {row.source for row in rows} == {f"{mbox}:{n}" for n in range(1, 38)}
    for row in rows:
        assert list(row.as_dict()) == list(COLUMNS)
        assert row.recipient and row.reason and row.rule


@pytest.mark.parametrize("name", ["size-0", "size-1", "size-2"])
def test_empty_and_near_empty_mboxes_give_nothing(name: str) -> None:
    assert run(corpus_or_skip() / "mbox" / name) == ([], [])


def test_non_bounces_give_no_rows() -> None:
    corpus = corpus_or_skip()
    for path in sorted((corpus / "not").glob("is-not-bounce-*")):
        assert run(path) == ([], []), path.name


def comparable(rows: list[Verdict]) -> list[dict[str, str]]:
    return [{k: v for k, v in row.as_dict().items() if k != "source"} for row in rows]


@pytest.mark.parametrize("ending", ["dos", "mac"])
def test_line_ending_variants_give_the_same_rows_as_their_lf_twins(ending: str) -> None:
    corpus = corpus_or_skip()
    variants = sorted((corpus / "line-endings" / ending).iterdir())
    assert variants
    for variant in variants:
        twin = corpus / "labelled" / variant.name
        if twin.exists():
            assert comparable(run(variant)[0]) == comparable(run(twin)[0]), variant.name


def test_every_rfc3464_report_yields_its_labelled_recipients() -> None:
    labelled = corpus_or_skip() / "labelled"
    truth = [json.loads(line) for line in (labelled / "truth.jsonl").open(encoding="utf-8")]
    checked = 0
    for entry in truth:
        if entry["engine"] != "RFC3464":
            continue
        rows, errors = run(labelled / entry["file"])
        found = {row.recipient.lower() for row in rows}
        wanted = {r["recipient"].lower() for r in entry["recipients"] if r["recipient"]}
        assert not errors and wanted <= found, entry["file"]
        checked += 1
    assert checked >= 15
