#!/usr/bin/env python3
"""How many failure rows end undecided (onhold/undefined) though the server said something.

For each folder of the corpus (and samples/), counts the failure rows whose diagnostic is not
empty, and how many of them are `onhold` or `undefined`; lists those rows. With --max RATIO,
exits 1 when any folder is above it (issue 14: at most 1%).

    python benchmarks/undecided.py [FOLDER...] [--max 0.01] [--quiet]

Without FOLDER: every folder of ../shared/corpus that holds messages, and samples/.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bounce_analyzer.pipeline import MessageError, Options, analyze

HERE = Path(__file__).resolve().parent.parent
CORPUS = HERE.parent / "shared" / "corpus"
UNDECIDED = ("onhold", "undefined")
# The folders of the corpus README; line-endings/ holds two variants of the same messages.
FOLDERS = ("labelled", "unlabelled", "not", "line-endings/dos", "line-endings/mac", "mbox",
           "mbox-split")  # fmt: skip


def measure(folder: Path) -> tuple[int, list[tuple[str, str, str, str]]]:
    """(failure rows with words, the undecided ones as (source, recipient, reason, diagnostic))."""
    options = Options(include_delivered=True, include_vacation=True)
    counted = 0
    undecided: list[tuple[str, str, str, str]] = []
    for item in analyze([str(folder)], options):
        if isinstance(item, MessageError) or item.bounce == "" or not item.diagnostic.strip():
            continue
        counted += 1
        if item.reason in UNDECIDED:
            undecided.append((item.source, item.recipient, item.reason, item.diagnostic))
    return counted, undecided


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--max", type=float, help="the largest share allowed in any folder")
    parser.add_argument("--quiet", action="store_true", help="no list of the undecided rows")
    args = parser.parse_args()
    folders = args.folders or [
        *(CORPUS / name for name in FOLDERS if (CORPUS / name).is_dir()), HERE / "samples"
    ]
    worst = 0.0
    for folder in folders:
        counted, undecided = measure(folder)
        share = len(undecided) / counted if counted else 0.0
        worst = max(worst, share)
        print(f"{folder}: {len(undecided)} of {counted} failure rows with words undecided ({share:.1%})")
        if not args.quiet:
            for source, recipient, reason, diagnostic in undecided:
                print(f"    {Path(source).name} {recipient} {reason}: {diagnostic[:160]}")
    if args.max is not None and worst > args.max:
        print(f"undecided: {worst:.1%} in a folder, above {args.max:.1%}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
