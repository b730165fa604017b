"""The probes' first runs summed up: the README's table, from the rounds in docs/probes.md.

docs/probes.md holds one row per group of probes (its first run, before any fix: failure
rows, rows found, reasons right, hard/soft right) and one per audit (entries of a published list
or texts read in source, each given to `explain`: entries and reasons right). This prints the
three kinds summed, as a Markdown table; `tests/test_docs.py` holds the README's copy to it.

    python benchmarks/probe_summary.py

Kinds, by the row's own words: "audit: ..." rows are audits; "local servers replying in ..."
rows probe a language the meaning tier had no words for yet; every other row probes mail
systems, notice layouts or wordings. Bold rows (a round's groups together) are sums and skipped.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

PROBES = Path(__file__).resolve().parent.parent / "docs" / "probes.md"
HEADER = "| probes, first run before any fix |"
COUNT = re.compile(r"[0-9][0-9,]*")
JUDGED = re.compile(r"\bof ([0-9][0-9,]*)")  # "24 of 43": reasons judged where not every row was

KINDS = (
    ("systems", "mail systems, notice layouts and wordings no rule was written for"),
    ("languages", "local servers replying in a language the meaning tier had no words for yet"),
    ("audits", "audits: entries of published reply lists and texts in source, given to `explain`"),
)


@dataclass
class Sum:
    groups: int = 0
    rows: int = 0
    found: int = 0
    found_of: int = 0  # rows of the groups that counted what was found
    reasons: int = 0
    judged: int = 0  # rows whose reason was judged
    hard_soft: int = 0


def count(cell: str) -> int | None:
    found = COUNT.match(cell.strip())
    return int(found.group().replace(",", "")) if found else None


def rows(text: str) -> list[list[str]]:
    """The table's group rows as lists of cells (the header, the rule and bold sums left out)."""
    lines = text.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith(HEADER))
    out = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not cells[0].startswith("**"):
            out.append(cells)
    return out


def kind_of(label: str) -> str:
    if label.startswith("audit"):
        return "audits"
    return "languages" if "replying in" in label else "systems"


def summed(text: str) -> dict[str, Sum]:
    sums = {kind: Sum() for kind, _ in KINDS}
    for label, failures, found, reasons, hard_soft in (cells[:5] for cells in rows(text)):
        total = sums[kind_of(label)]
        total.groups += 1
        entries = count(failures) or 0
        total.rows += entries
        shown = count(found)
        if shown is not None:
            total.found += shown
            total.found_of += entries
        total.reasons += count(reasons) or 0
        judged = JUDGED.search(reasons)
        total.judged += (count(judged.group(1)) or 0) if judged else entries
        total.hard_soft += count(hard_soft) or 0
    return sums


def share(part: int, whole: int) -> str:
    return f"{part:,} of {whole:,} ({part / whole:.2f})".replace("(0.", "(.") if whole else ""


def markdown(text: str) -> str:
    sums = summed(text)
    columns = ("groups", "failure rows", "found", "reason", "hard/soft")
    out = [
        f"| probes, first run before any fix (docs/probes.md) | {' | '.join(columns)} |",
        "| --- |" + " ---: |" * len(columns),
    ]
    for kind, label in KINDS:
        total = sums[kind]
        if kind == "audits":
            out.append(f"| {label} | {total.groups} | {total.rows:,} entries | "
                       f"| {share(total.reasons, total.judged)} | |")
            continue
        out.append(
            f"| {label} | {total.groups} | {total.rows:,} | {share(total.found, total.found_of)} "
            f"| {share(total.reasons, total.judged)} | {share(total.hard_soft, total.rows)} |"
        )
    return "\n".join(out) + "\n"


def main() -> int:
    sys.stdout.write(markdown(PROBES.read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
