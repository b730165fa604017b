#!/usr/bin/env python3
"""How many failure rows end undecided (onhold/undefined) though the server said something.

For each folder of the corpus (and samples/), counts the failure rows that say something about
the failure, and how many of them are `onhold` or `undefined`; lists those rows. A row says
something when it carries a status or reply code, or when its diagnostic still holds a word once
its addresses and the notice's framing words are taken out (rules/framing.toml: "Did not reach
the following recipient" says that delivery failed, not why). Undecided rows with framing words
only are listed apart, never dropped. With --max RATIO, exits 1 when any folder is above it
(issue 14: at most 1%).

    python benchmarks/undecided.py [FOLDER...] [--max 0.01] [--quiet]

Without FOLDER: every folder of ../shared/corpus that holds messages, and samples/.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

from bounce_analyzer.pipeline import MessageError, Options, analyze

HERE = Path(__file__).resolve().parent.parent
CORPUS = HERE.parent / "shared" / "corpus"
UNDECIDED = ("onhold", "undefined")
FRAMING = HERE / "rules" / "framing.toml"
# An address, bracketed or bare: it names a recipient, not a cause (bounded, linear).
ADDRESS = re.compile(r"<[^<>\s]{0,320}>|[^\s<>()\[\]\"',;:]{1,64}@[^\s<>()\[\]\"',;:]{1,255}")
WORD = re.compile(r"\w")
# The folders of the corpus README; line-endings/ holds two variants of the same messages.
FOLDERS = ("labelled", "unlabelled", "not", "line-endings/dos", "line-endings/mac", "mbox",
           "mbox-split")  # fmt: skip


Row = tuple[str, str, str, str]  # (source, recipient, reason, diagnostic)


def framing_phrases(path: Path = FRAMING) -> list[str]:
    """The framing phrases of rules/framing.toml, lower-cased, longest first."""
    notices = tomllib.loads(path.read_text(encoding="utf-8")).get("notice", [])
    phrases = {" ".join(p.lower().split()) for notice in notices for p in notice["phrases"]}
    if "" in phrases:
        raise ValueError(f"{path}: an empty framing phrase")
    return sorted(phrases, key=len, reverse=True)


def says_something(diagnostic: str, phrases: list[str]) -> bool:
    """True when the diagnostic holds a word or a code besides addresses and framing words."""
    text = ADDRESS.sub(" ", " ".join(diagnostic.lower().split()))
    for phrase in phrases:
        text = text.replace(phrase, " ")
    return WORD.search(text) is not None


def measure(folder: Path, phrases: list[str] | None = None) -> tuple[int, list[Row], list[Row]]:
    """(failure rows that say something, the undecided ones, undecided rows of framing words
    only). A failure row with an empty diagnostic is not counted, as before."""
    phrases = framing_phrases() if phrases is None else phrases
    options = Options(include_delivered=True, include_vacation=True)
    counted = 0
    undecided: list[Row] = []
    framing: list[Row] = []
    for item in analyze([str(folder)], options):
        if isinstance(item, MessageError) or item.bounce == "" or not item.diagnostic.strip():
            continue
        row = (item.source, item.recipient, item.reason, item.diagnostic)
        if not (item.status or item.reply_code or says_something(item.diagnostic, phrases)):
            if item.reason in UNDECIDED:
                framing.append(row)
            continue
        counted += 1
        if item.reason in UNDECIDED:
            undecided.append(row)
    return counted, undecided, framing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--max", type=float, help="the largest share allowed in any folder")
    parser.add_argument("--quiet", action="store_true", help="no list of the undecided rows")
    args = parser.parse_args()
    folders = args.folders or [
        *(CORPUS / name for name in FOLDERS if (CORPUS / name).is_dir()),
        HERE / "samples",
    ]
    worst = 0.0
    phrases = framing_phrases()
    for folder in folders:
        counted, undecided, framing = measure(folder, phrases)
        share = len(undecided) / counted if counted else 0.0
        worst = max(worst, share)
        print(
            f"{folder}: {len(undecided)} of {counted} failure rows that say something undecided "
            f"({share:.1%}); {len(framing)} undecided with framing words only"
        )
        if not args.quiet:
            for source, recipient, reason, diagnostic in undecided:
                print(f"    {Path(source).name} {recipient} {reason}: {diagnostic[:160]}")
            for source, recipient, reason, diagnostic in framing:
                print(
                    f"    (framing only) {Path(source).name} {recipient} {reason}: {diagnostic[:160]}"
                )
    if args.max is not None and worst > args.max:
        print(f"undecided: {worst:.1%} in a folder, above {args.max:.1%}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
