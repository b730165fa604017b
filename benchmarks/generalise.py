"""How the rule set does on words it was not written from: leave one rule file out.

Each file in rules/phrases/ holds the rules written from one family of sources (an MTA's code, a
provider's pages, a probe round). For each file, the classifier is built from every other file
and asked to decide the examples of the left-out file's rules, each with the rule's own scope
(its host, Action, diagnostic type, command: `classifier.record_for_example`), as
`tests/test_rules.py` asks it. An example the
rest of the rule set, the meaning tier and the code tables still decide as its rule says is a
phrasing that would have been read right had nobody written a rule for that family: the nearest
thing to "the next server that says the same thing in other words" that needs no mail we have
not got. It is an estimate, and a pessimistic one: every example is a sentence some rule was
written for, so the easy, common wordings are underweighted.

    python benchmarks/generalise.py [--min FRACTION] [--misses N]

Prints the share decided right overall, by file and by reason, and the commonest confusions;
`--min` exits 1 when the overall share is below it (CI holds the level it has reached).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter

from bounce_analyzer import rules
from bounce_analyzer.classifier import Classifier, record_for_example


@dataclasses.dataclass(frozen=True, slots=True)
class Trial:
    file: str
    rule: str
    want: str
    got: str
    decided_by: str
    example: str
    hard_right: bool  # hard/soft as the rule's reason gives it for this example


def trials(ruleset: rules.RuleSet) -> list[Trial]:
    """Every example of every rule, decided without the rules of its own file."""
    out: list[Trial] = []
    for file in sorted({rule.file for rule in ruleset.rules}):
        rest = dataclasses.replace(
            ruleset, rules=tuple(rule for rule in ruleset.rules if rule.file != file)
        )
        classifier = Classifier(rest)
        for rule in ruleset.rules:
            if rule.file != file:
                continue
            for example in rule.examples:
                record = record_for_example(rule, example)
                verdict = classifier.classify(record)
                described = ruleset.reasons[rule.reason]
                permanent = classifier.permanence(record) if described.failure else ""
                wanted_bounce = described.bounce_for(permanent)
                name = file.rsplit("/", 1)[-1]
                out.append(Trial(name, rule.id, rule.reason, verdict.reason, verdict.rule,
                                 example, verdict.bounce == wanted_bounce))  # fmt: skip
    return out


def share(items: list[Trial]) -> float:
    return sum(t.want == t.got for t in items) / len(items) if items else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min", type=float, default=None, help="exit 1 below this share")
    parser.add_argument("--misses", type=int, default=0, help="print this many misses")
    args = parser.parse_args(argv)

    done = trials(rules.load())
    overall = share(done)
    print(f"left-out examples decided as their rule says: {overall:.3f} of {len(done)}")
    hard = sum(t.hard_right for t in done) / len(done) if done else 0.0
    print(f"hard/soft as their rule's reason gives it: {hard:.3f}")
    by_reason: dict[str, list[Trial]] = {}
    for trial in done:
        by_reason.setdefault(trial.want, []).append(trial)
    print("\nby reason (share, examples):")
    for reason, items in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
        print(f"  {reason:16} {share(items):.2f} {len(items):5d}")
    confusions = Counter((t.want, t.got) for t in done if t.want != t.got)
    print("\ncommonest confusions (rule's reason -> decided):")
    for (want, got), count in confusions.most_common(15):
        print(f"  {count:4d}  {want} -> {got}")
    tiers = Counter(t.decided_by.split(":", 1)[0] for t in done if t.want == t.got)
    print("\nright answers by what decided them:", dict(tiers.most_common()))
    for trial in [t for t in done if t.want != t.got][: args.misses]:
        print(f"  {trial.file} {trial.rule}: {trial.want} -> {trial.got} ({trial.decided_by})")
        print(f"      {trial.example[:160]}")
    if args.min is not None and overall < args.min:
        print(f"\nbelow the floor: {overall:.3f} < {args.min}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
