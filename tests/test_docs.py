"""The README's summary of the probe rounds is the one docs/probes.md's rows add up to."""

from __future__ import annotations

from .conftest import ROOT, benchmark


def probe_summary():
    return benchmark("probe_summary")


def test_readme_holds_the_summary_of_docs_probes() -> None:
    summary = probe_summary()
    table = summary.markdown((ROOT / "docs" / "probes.md").read_text(encoding="utf-8"))
    assert table in (ROOT / "README.md").read_text(encoding="utf-8")


TABLE = """\
| probes, first run before any fix | failure rows | found | reason | hard/soft |
| --- | ---: | ---: | ---: | ---: |
| first groups | 10 | | 7 (.70) | 9 (.90) |
| regional providers (Free ...) | 4 | 4 | 2 of 3 | 4 |
| **the two groups, together** | **14** | **4** | **9** | **13** |
| local servers replying in Klingon | 2 | 2 | 0 | 1 |
| audit: a published list | 1,200 entries | | 1,100 | |

Text after the table | 99 | 99 | 99 | 99 |
"""


def test_rows_are_summed_by_kind_and_bold_sums_are_skipped() -> None:
    sums = probe_summary().summed(TABLE)
    systems, languages, audits = sums["systems"], sums["languages"], sums["audits"]
    # the first group counted no rows found: "found" is out of the 4 rows that were counted
    assert (systems.groups, systems.rows, systems.found, systems.found_of) == (2, 14, 4, 4)
    # "2 of 3": only 3 of that group's reasons were judged
    assert (systems.reasons, systems.judged, systems.hard_soft) == (9, 13, 13)
    assert (languages.groups, languages.rows, languages.reasons, languages.hard_soft) == (1, 2, 0, 1)
    assert (audits.groups, audits.rows, audits.reasons, audits.judged) == (1, 1200, 1100, 1200)


def test_the_table_gives_shares_without_a_leading_zero() -> None:
    table = probe_summary().markdown(TABLE)
    assert "| 9 of 13 (.69) |" in table
    assert "| 1,100 of 1,200 (.92) |" in table
    assert "| 0 of 2 (.00) |" in table
