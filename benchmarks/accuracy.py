#!/usr/bin/env python3
"""Measure bounce-analyzer against a labelled corpus (truth.jsonl beside the messages).

Prints recipient recall and precision, and agreement on reason, status, reply code and
hard/soft, overall and per engine, then lists the disagreements. With --floors FILE, exits 1
when any overall figure is below its floor (CI uses benchmarks/floors.json).

    python benchmarks/accuracy.py [FOLDER] [--floors benchmarks/floors.json] [--quiet]

FOLDER defaults to ../shared/corpus/labelled. Runs with --include-delivered and
--include-vacation, as the labels include those rows.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bounce_analyzer.model import Verdict
from bounce_analyzer.pipeline import MessageError, Options, analyze

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "labelled"

# Labels with a three-digit x.0.9xx detail are an internal placeholder, not a code the
# message carries (corpus README): status agreement skips them.
PLACEHOLDER_STATUS = re.compile(r"^[245]\.0\.9\d\d$")

METRICS = ("recall", "precision", "reason", "status", "reply_code", "hard")


@dataclass
class Tally:
    counts: dict[str, list[int]] = field(default_factory=lambda: {m: [0, 0] for m in METRICS})

    def add(self, metric: str, good: bool) -> None:
        self.counts[metric][0] += int(good)
        self.counts[metric][1] += 1

    def ratio(self, metric: str) -> float | None:
        good, total = self.counts[metric]
        return good / total if total else None


def source_file(source: str) -> str:
    """The file a row came from: `PATH:N` for the N-th message of an mbox is PATH."""
    path, colon, index = source.rpartition(":")
    return Path(path if colon and index.isdigit() else source).name


def measure(folder: Path) -> tuple[Tally, dict[str, Tally], list[str], list[str]]:
    truth = [json.loads(line) for line in (folder / "truth.jsonl").open(encoding="utf-8")]
    rows: dict[str, list[Verdict]] = defaultdict(list)
    errors: list[str] = []
    options = Options(include_delivered=True, include_vacation=True)
    for item in analyze([str(folder / entry["file"]) for entry in truth], options):
        if isinstance(item, MessageError):
            errors.append(f"{item.source}: {item.stage}: {item.error}")
        else:
            rows[source_file(item.source)].append(item)

    overall, per_engine = Tally(), defaultdict(Tally)
    disagreements: list[str] = []
    for entry in truth:
        name, engine = entry["file"], entry["engine"]
        got = list(rows.get(name, []))
        tallies = (overall, per_engine[engine])
        matched: list[tuple[dict, Verdict]] = []
        unmatched_truth = []
        for label in entry["recipients"]:
            want = (label["recipient"] or "").lower()
            hit = next((r for r in got if want and r.recipient.lower() == want), None)
            if hit is None and not want and got:
                hit = got[0]
            if hit is None:
                unmatched_truth.append(label)
                if want:
                    disagreements.append(f"{name} [{engine}] missing recipient {want}")
            else:
                got.remove(hit)
                matched.append((label, hit))
            if want:
                for t in tallies:
                    t.add("recall", hit is not None)
        for row in got:
            disagreements.append(f"{name} [{engine}] extra row {row.recipient} ({row.reason})")
        for t in tallies:
            for _ in range(len(matched)):
                t.add("precision", True)
            for _ in got:
                t.add("precision", False)
        for label, row in matched:
            checks = {
                "reason": (label["reason"], row.reason),
                "reply_code": (label["reply_code"], row.reply_code),
                "hard": (bool(label["hard"]), row.bounce == "hard"),
            }
            if not PLACEHOLDER_STATUS.match(label["status"] or ""):
                checks["status"] = (label["status"], row.status)
            for metric, (want_value, got_value) in checks.items():
                good = want_value == got_value
                for t in tallies:
                    t.add(metric, good)
                if not good:
                    disagreements.append(
                        f"{name} [{engine}] {row.recipient} {metric}: label {want_value!r}, "
                        f"got {got_value!r} (rule {row.rule}; {row.diagnostic[:120]!r})"
                    )
    return overall, dict(per_engine), disagreements, errors


def fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def report(overall: Tally, per_engine: dict[str, Tally], out=sys.stdout) -> None:
    header = f"{'engine':<18}{'n':>4} " + " ".join(f"{m[:6]:>6}" for m in METRICS)
    out.write(header + "\n" + "-" * len(header) + "\n")
    for engine in sorted(per_engine, key=str.lower):
        tally = per_engine[engine]
        n = tally.counts["recall"][1]
        out.write(f"{engine:<18}{n:>4} " + " ".join(fmt(tally.ratio(m)) for m in METRICS) + "\n")
    n = overall.counts["recall"][1]
    out.write("-" * len(header) + "\n")
    out.write(f"{'overall':<18}{n:>4} " + " ".join(fmt(overall.ratio(m)) for m in METRICS) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--floors", type=Path, help="JSON of minimum overall figures; exit 1 below")
    parser.add_argument("--quiet", action="store_true", help="no per-engine table or disagreements")
    args = parser.parse_args()
    if not (args.folder / "truth.jsonl").is_file():
        print(f"accuracy: no labelled corpus at {args.folder} (truth.jsonl missing)", file=sys.stderr)
        return 2
    overall, per_engine, disagreements, errors = measure(args.folder)
    if not args.quiet:
        report(overall, per_engine)
        print(f"\ndisagreements ({len(disagreements)}):")
        for line in disagreements:
            print("  " + line)
    for line in errors:
        print("  error: " + line)
    summary = "  ".join(f"{m}={fmt(overall.ratio(m)).strip()}" for m in METRICS)
    print(f"\noverall: {summary}")
    if args.floors:
        floors = json.loads(args.floors.read_text(encoding="utf-8"))
        below = [
            f"{m} {overall.ratio(m):.3f} < floor {floor}"
            for m, floor in floors.items()
            if (overall.ratio(m) or 0.0) < floor
        ]
        if below or errors:
            print("accuracy below floors: " + "; ".join(below + [f"{len(errors)} errors"]), file=sys.stderr)
            return 1
        print("accuracy floors met: " + ", ".join(f"{m}>={v}" for m, v in floors.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
