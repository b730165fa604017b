"""Every sample in samples/ against its expected verdicts (samples/NAME.expected.json).

Each expected file lists the rows the sample must give, in order, with the columns that
matter for it; only the keys given are compared. Test ids are the sample file names.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bounce_analyzer.pipeline import MessageError, Options, analyze

from .conftest import ROOT, SAMPLES

CASES = sorted(
    path for path in SAMPLES.iterdir()
    if path.is_file() and not path.name.endswith(".expected.json") and not path.name.startswith(".")
)


def expected_for(sample: Path) -> list[dict[str, str]]:
    stem = sample.name.rsplit(".", 1)[0]
    return json.loads((SAMPLES / f"{stem}.expected.json").read_text(encoding="utf-8"))


def test_every_sample_has_expected_verdicts() -> None:
    assert len(CASES) >= 12
    for sample in CASES:
        assert expected_for(sample) is not None


@pytest.mark.parametrize("sample", CASES, ids=lambda p: p.name)
def test_sample(sample: Path) -> None:
    os.chdir(ROOT)  # source ids in the expected files are relative to the repository
    expected = expected_for(sample)
    items = list(analyze([str(sample.relative_to(ROOT))], Options()))
    errors = [item for item in items if isinstance(item, MessageError)]
    assert not errors
    rows = [item.as_dict() for item in items if not isinstance(item, MessageError)]
    assert len(rows) == len(expected), [r["recipient"] for r in rows]
    for row, want in zip(rows, expected):
        assert {key: row[key] for key in want} == want
        assert row["source"].startswith(f"samples/{sample.name}")
        assert row["rule"], "every verdict names the rule that decided it"
        assert row["explanation"], "every verdict explains itself"
