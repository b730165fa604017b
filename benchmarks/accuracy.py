#!/usr/bin/env python3
"""Measure bounce-analyzer against a labelled corpus (truth.jsonl beside the messages).

Prints recipient recall and precision, and agreement on reason, status, reply code and
hard/soft, overall and per engine, then lists the disagreements. Every figure is given twice:
raw, and with the labels we dispute set aside (benchmarks/label-disputes.toml: each disputed
label with the argument and the primary source that shows it wrong; an entry applies only
while our verdict is still the one it names). With --floors FILE, exits 1 when any overall
figure is below its floor, or when a dispute no longer matches the labels or our verdicts
(CI uses benchmarks/floors.json: "raw" and "undisputed" floors).

    python benchmarks/accuracy.py [FOLDER] [--floors benchmarks/floors.json] [--quiet]
    python benchmarks/accuracy.py --disputes-markdown     # the README's table of disputes

FOLDER defaults to ../shared/corpus/labelled. Runs with --include-delivered and
--include-vacation, as the labels include those rows.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bounce_analyzer.model import Verdict
from bounce_analyzer.pipeline import MessageError, Options, analyze

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "labelled"
DISPUTES = Path(__file__).resolve().parent / "label-disputes.toml"

# Labels with a three-digit x.0.9xx detail are an internal placeholder, not a code the
# message carries (corpus README): status agreement skips them.
PLACEHOLDER_STATUS = re.compile(r"^[245]\.0\.9\d\d$")

METRICS = ("recall", "precision", "reason", "status", "reply_code", "hard")
DISPUTABLE = ("reason", "hard", "status", "reply_code")
DISPUTE_KEYS = {"file", "recipient", "field", "label", "ours", "also_hard", "why", "source"}
DISPUTE_REQUIRED = DISPUTE_KEYS - {"also_hard"}


@dataclass
class Dispute:
    file: str
    recipient: str
    field: str
    label: object
    ours: object
    also_hard: bool
    why: str
    source: list[str]
    used: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.file, self.recipient.lower(), self.field)


def load_disputes(path: Path) -> list[Dispute]:
    """The disputed labels, validated: a malformed entry is an error, never silently ignored."""
    if not path.is_file():
        return []
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("dispute", [])
    disputes: list[Dispute] = []
    seen: set[tuple[str, str, str]] = set()
    for number, entry in enumerate(entries, 1):
        where = f"{path.name}: dispute {number}"
        if unknown := set(entry) - DISPUTE_KEYS:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        if missing := DISPUTE_REQUIRED - set(entry):
            raise ValueError(f"{where}: missing {sorted(missing)}")
        if entry["field"] not in DISPUTABLE:
            raise ValueError(f"{where}: field must be one of {', '.join(DISPUTABLE)}")
        if entry.get("also_hard") and entry["field"] != "reason":
            raise ValueError(f"{where}: also_hard belongs to a reason dispute")
        sources = entry["source"]
        if not (
            isinstance(sources, list)
            and sources
            and all(isinstance(x, str) and x.strip() for x in sources)
        ):
            raise ValueError(f"{where}: source must be a non-empty list of primary sources")
        if not str(entry["why"]).strip():
            raise ValueError(f"{where}: why is empty")
        dispute = Dispute(
            file=entry["file"], recipient=entry["recipient"], field=entry["field"],
            label=entry["label"], ours=entry["ours"], also_hard=bool(entry.get("also_hard")),
            why=" ".join(str(entry["why"]).split()), source=list(sources),
        )  # fmt: skip
        if dispute.key in seen:
            raise ValueError(f"{where}: {dispute.file} {dispute.recipient} {dispute.field} twice")
        seen.add(dispute.key)
        disputes.append(dispute)
    return disputes


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


@dataclass
class Result:
    overall: Tally
    undisputed: Tally
    per_engine: dict[str, Tally]
    disagreements: list[str]
    errors: list[str]
    stale: list[str]


def measure(folder: Path, disputes: list[Dispute] | None = None) -> Result:
    """Run the analyzer over FOLDER and compare with its truth.jsonl. `undisputed` leaves out
    the comparisons a dispute covers: its label and our verdict are still the ones it names."""
    by_key = {d.key: d for d in disputes or []}
    truth = [json.loads(line) for line in (folder / "truth.jsonl").open(encoding="utf-8")]
    rows: dict[str, list[Verdict]] = defaultdict(list)
    errors: list[str] = []
    options = Options(include_delivered=True, include_vacation=True)
    for item in analyze([str(folder / entry["file"]) for entry in truth], options):
        if isinstance(item, MessageError):
            errors.append(f"{item.source}: {item.stage}: {item.error}")
        else:
            rows[source_file(item.source)].append(item)

    overall, undisputed, per_engine = Tally(), Tally(), defaultdict(Tally)
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
                for t in (*tallies, undisputed):
                    t.add("recall", hit is not None)
        for row in got:
            disagreements.append(f"{name} [{engine}] extra row {row.recipient} ({row.reason})")
        for t in (*tallies, undisputed):
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
            recipient = (label["recipient"] or "").lower()
            reason_dispute = by_key.get((name, recipient, "reason"))
            if reason_dispute is not None and not applies(reason_dispute, *checks["reason"]):
                reason_dispute = None
            for metric, (want_value, got_value) in checks.items():
                good = want_value == got_value
                for t in tallies:
                    t.add(metric, good)
                dispute = by_key.get((name, recipient, metric))
                if dispute is not None and not applies(dispute, want_value, got_value):
                    dispute = None
                if dispute is None and metric == "hard" and not good and reason_dispute:
                    dispute = reason_dispute if reason_dispute.also_hard else None
                if dispute is not None:
                    dispute.used = True
                else:
                    undisputed.add(metric, good)
                if not good:
                    disputed = " [disputed]" if dispute is not None else ""
                    disagreements.append(
                        f"{name} [{engine}] {row.recipient} {metric}: label {want_value!r}, "
                        f"got {got_value!r}{disputed} (rule {row.rule}; {row.diagnostic[:120]!r})"
                    )
    stale = [
        f"{d.file} {d.recipient} {d.field}: label {d.label!r}, ours {d.ours!r} is not what the "
        "labels and our verdicts say now"
        for d in disputes or []
        if not d.used
    ]
    return Result(overall, undisputed, dict(per_engine), disagreements, errors, stale)


def applies(dispute: Dispute, label: object, ours: object) -> bool:
    """A dispute covers a comparison while the label and our verdict are the ones it names."""
    return label == dispute.label and ours == dispute.ours and label != ours


def disputes_markdown(disputes: list[Dispute]) -> str:
    """The README's table of disputed labels, generated from the disputes file."""
    lines = ["| file | recipient | field | label | ours | why | source |", "| --- | --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for d in disputes:
        field = "reason, hard" if d.also_hard else d.field
        cells = [d.file.removesuffix(".eml"), d.recipient, field, str(d.label).lower(), str(d.ours).lower(), d.why, "; ".join(d.source)]  # fmt: skip
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


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
    parser.add_argument(
        "--disputes", type=Path, default=DISPUTES, help="the disputed labels (TOML)"
    )
    parser.add_argument(
        "--disputes-markdown", action="store_true", help="print the disputes as a Markdown table"
    )
    args = parser.parse_args()
    try:
        disputes = load_disputes(args.disputes)
    except (ValueError, tomllib.TOMLDecodeError) as error:
        print(f"accuracy: {error}", file=sys.stderr)
        return 2
    if args.disputes_markdown:
        sys.stdout.write(disputes_markdown(disputes))
        return 0
    if not (args.folder / "truth.jsonl").is_file():
        print(
            f"accuracy: no labelled corpus at {args.folder} (truth.jsonl missing)", file=sys.stderr
        )
        return 2
    result = measure(args.folder, disputes)
    overall, undisputed = result.overall, result.undisputed
    if not args.quiet:
        report(overall, result.per_engine)
        print(f"\ndisagreements ({len(result.disagreements)}):")
        for line in result.disagreements:
            print("  " + line)
    for line in result.errors:
        print("  error: " + line)
    for line in result.stale:
        print("  stale dispute: " + line)
    set_aside = sum(1 for d in disputes if d.used)
    for title, tally in (("overall", overall), ("undisputed", undisputed)):
        summary = "  ".join(f"{m}={fmt(tally.ratio(m)).strip()}" for m in METRICS)
        print(f"{'' if title == 'undisputed' else chr(10)}{title}: {summary}")
    print(f"({set_aside} disputed labels set aside: {args.disputes.name})")
    if args.floors:
        floors = json.loads(args.floors.read_text(encoding="utf-8"))
        if not isinstance(floors.get("raw"), dict):
            floors = {"raw": floors}  # a flat file holds raw floors
        below = [
            f"{kind} {m} {tally.ratio(m) or 0.0:.3f} < floor {floor}"
            for kind, tally in (("raw", overall), ("undisputed", undisputed))
            for m, floor in floors.get(kind, {}).items()
            if (tally.ratio(m) or 0.0) < floor
        ]
        problems = below + [f"{len(result.errors)} errors"] * bool(result.errors)
        problems += [f"{len(result.stale)} stale disputes"] * bool(result.stale)
        if problems:
            print("accuracy below floors: " + "; ".join(problems), file=sys.stderr)
            return 1
        met = [f"{kind} {m}>={v}" for kind in ("raw", "undisputed") for m, v in floors.get(kind, {}).items()]  # fmt: skip
        print("accuracy floors met: " + ", ".join(met))
    return 0


if __name__ == "__main__":
    sys.exit(main())
