"""Words for people, looked up when a row is written: a row carries its reason and the id of
the rule that decided it; its explanation and advice follow from those two, the language, and
the rule set (the built-in rules plus the user's --rules).

So a history row stored in one language is shown in another without being classified again,
and with the user's own rules' words (`summary --db --lang zh`, the HTML report). The lookup
gives the words `Classifier.classify` gives (it calls the same `Classifier.words`), which
tests/test_api.py checks on every sample in both languages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Verdict

if TYPE_CHECKING:
    from . import rules as rulebook
    from .classifier import Classifier


def rule_parts(
    classifier: Classifier, reason: str, rule_id: str
) -> tuple[rulebook.Rule | None, rulebook.CodeEntry | None]:
    """The phrase rule and table entry whose words a row of (reason, rule id) was given.

    As `Classifier.decide` hands them to `words`: a phrase rule only while the reason is still
    its own (a reason the SMTP stage changed is explained by that reason's words); a status or
    reply table entry when one decided (a delivered 2.x.x row names its status but no entry).
    """
    kind, _, code = rule_id.partition(":")
    if kind in ("status", "reply") and not code.startswith("2."):
        table = classifier.ruleset.status if kind == "status" else classifier.ruleset.reply
        entry = table.get(code)
        return None, (entry if entry is not None and entry.reason else None)
    rule = rules_by_id(classifier).get(rule_id)
    return (rule if rule is not None and rule.reason == reason else None), None


_BY_ID: dict[int, dict[str, rulebook.Rule]] = {}


def rules_by_id(classifier: Classifier) -> dict[str, rulebook.Rule]:
    """The classifier's phrase rules by id; the first in precedence order wins (a user rule)."""
    found = _BY_ID.get(id(classifier))
    if found is None:
        found = {}
        for rule in classifier.ruleset.rules:
            found.setdefault(rule.id, rule)
        _BY_ID[id(classifier)] = found  # classifiers are cached for the process's life
    return found


def words(classifier: Classifier, reason: str, rule_id: str, lang: str) -> tuple[str, str]:
    """(explanation, advice) of a row of this reason and rule id, in lang."""
    rule, entry = rule_parts(classifier, reason, rule_id)
    return classifier.words(reason, rule, entry, lang)


def rewording(lang: str, rules: Sequence[str | Path] = ()) -> Callable[[Verdict], Verdict]:
    """A function giving a row with its explanation and advice in lang, from the built-in rules
    plus `rules` (raises rules.RuleError for broken rule data, at once)."""
    from .classifier import load_classifier

    classifier = load_classifier(rules)

    @lru_cache(maxsize=4096)  # a history repeats the same few (reason, rule) pairs
    def lookup(reason: str, rule_id: str) -> tuple[str, str]:
        return words(classifier, reason, rule_id, lang)

    def reword(row: Verdict) -> Verdict:
        explanation, advice = lookup(row.reason, row.rule)
        if (explanation, advice) == (row.explanation, row.advice):
            return row
        return replace(row, explanation=explanation, advice=advice)

    return reword
