"""Rule data: it loads, validates, and every rule's own examples classify as it says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bounce_analyzer import rules
from bounce_analyzer.classifier import (
    Classifier,
    load_classifier,
    record_for_example,
    record_from_text,
)

from .conftest import benchmark

RULESET = rules.load()
CLASSIFIER = load_classifier()


def test_builtin_rules_load_without_problems() -> None:
    """Valid, and no two rules of one rank disagree (the sources: the test below)."""
    unsourced = {(p.file, p.rule) for p in rules.unsourced(RULESET.rules)}
    assert [p for p in rules.check() if (p.file, p.rule) not in unsourced] == []


def test_every_builtin_rule_names_a_primary_source() -> None:
    assert [f"{problem.file}: {problem.rule}" for problem in rules.unsourced(RULESET.rules)] == []


@pytest.mark.parametrize(
    ("source", "sourced"),
    [
        ('"lhost-postfix-04, rhost-aol-05 (corpus)"', False),
        ('["lhost-sendmail-38 (corpus): a content filter\'s verdict"]', False),
        ('["rfc3464-28", "arf-01"]', False),
        ('"unlabelled lhost-postfix-79 (procmail lock failure)"', False),
        ('"Postfix smtpd_check.c; lhost-postfix-04 (corpus)"', True),
        ('["https://www.postfix.org/postconf.5.html#unknown_local_recipient_reject_code"]', True),
        ('["RFC 3463 section 3.2, X.1.1"]', True),
    ],
)
def test_rules_check_fails_a_rule_sourced_only_from_the_corpus(
    tmp_path: Path, source: str, sourced: bool
) -> None:
    """The corpus is for measuring: a rule needs a primary source; corpus files go in seen_in."""
    (tmp_path / "user.toml").write_text(
        "[[rule]]\nid = 'user-no-such-person'\nreason = 'userunknown'\n"
        f"pattern = 'no such person here'\nsource = {source}\nseen_in = ['lhost-postfix-04']\n"
        "examples = ['550 no such person here']\n",
        encoding="utf-8",
    )
    found = [p for p in rules.check([tmp_path]) if p.rule == "user-no-such-person"]
    assert (found == []) is sourced, found
    if not sourced:
        assert "no primary source" in found[0].message


def test_reasons_cover_the_vocabulary_exactly() -> None:
    assert set(RULESET.reasons) == set(rules.VOCABULARY)
    for reason in RULESET.reasons.values():
        assert reason.explanation_en and reason.explanation_zh and reason.advice_en
    assert RULESET.reasons["userunknown"].hard and not RULESET.reasons["mailboxfull"].hard


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("5.1.1", "userunknown"),
        ("5.1.10", "notaccept"),  # RFC 7505 null MX
        ("5.7.26", "authfailure"),  # RFC 7372 multiple authentication failures
        ("5.7.20", "authfailure"),
        ("5.7.25", "requireptr"),
        ("5.7.27", "rejected"),
        ("4.4.7", "expired"),
        ("5.2.2", "mailboxfull"),
        ("5.7.13", "suspend"),
        ("5.0.0", ""),
    ],
)
def test_status_table(code: str, reason: str) -> None:
    assert RULESET.status[code].reason == reason


def test_status_table_has_every_registered_subject() -> None:
    for subject, last in ((1, 10), (2, 4), (3, 6), (4, 7), (5, 6), (6, 10), (7, 30)):
        for detail in range(last + 1):
            assert f"5.{subject}.{detail}" in RULESET.status, f"5.{subject}.{detail}"


@pytest.mark.parametrize("code", ["421", "440", "445", "472", "533", "544", "555", "556", "521"])
def test_reply_table_has_seed_and_rfc_codes(code: str) -> None:
    assert RULESET.reply[code].reason


def test_reply_552_is_temporary_after_rcpt() -> None:
    assert "RCPT" in RULESET.reply["552"].temporary_after


def _example_params() -> list[object]:
    params: list[object] = []
    for rule in RULESET.rules:
        for index, example in enumerate(rule.examples):
            params.append(pytest.param(rule, example, id=f"{rule.id}#{index}"))
    return params


@pytest.mark.parametrize(("rule", "example"), _example_params())
def test_rule_examples(rule: rules.Rule, example: str) -> None:
    """Each example is decided by its rule, or by another rule that gives the same reason."""
    verdict = CLASSIFIER.classify(record_for_example(rule, example))
    assert verdict.reason == rule.reason, f"decided by {verdict.rule}"


def test_every_rule_has_an_example() -> None:
    assert [rule.id for rule in RULESET.rules if not rule.examples] == []


def test_data_folder_is_found() -> None:
    assert (rules.builtin_dir() / "reasons.toml").is_file()


def test_list_rules_filters_by_reason() -> None:
    rows = rules.list_rules(RULESET, "userunknown")
    assert rows and all(row.reason == "userunknown" for row in rows)
    assert "status:5.1.1" in {row.id for row in rows}
    assert {"phrase", "status"} <= {row.kind for row in rows}


# ---- validation: each kind of bad file is reported with file and rule id -------------------------

GOOD = """
[[rule]]
id = "test-good"
reason = "userunknown"
pattern = '''no such user here'''
source = "test"
"""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (GOOD + 'colour = "red"\n', "unknown key 'colour'"),
        (GOOD + GOOD, "duplicate id"),
        (GOOD.replace("no such user here", "no (such"), "bad regex"),
        (GOOD.replace("no such user here", "user.*unknown"), "unbounded"),
        (GOOD.replace("no such user here", "(?:a+)+b"), "unbounded"),
        (GOOD.replace('"userunknown"', '"nosuchreason"'), "unknown reason"),
        (GOOD.replace('source = "test"', ""), "missing source"),
        (GOOD + 'codes = ["55"]\n', "malformed code"),
        (GOOD + 'hosts = ["Example.COM"]\n', "malformed host"),
        (GOOD + 'priority = "high"\n', "priority must be an integer"),
        (GOOD + 'actions = ["bounced"]\n', "unknown action 'bounced'"),
        (GOOD + 'diagnostic_types = ["x unix"]\n', "malformed diagnostic type"),
        (GOOD + 'diagnostic_types = "x-unix"\n', "diagnostic_types must be a list"),
        (GOOD + 'commands = ["HELLO"]\n', "unknown SMTP command 'HELLO'"),
        (GOOD + 'commands = "HELO"\n', "commands must be a list"),
        ("[[rule]\nid=", "not valid TOML"),
        ('[[rules]]\nid = "x"\n', "unknown table"),
    ],
)
def test_validation_names_file_and_rule(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    problems = rules.check([path])
    assert problems, body
    text = "\n".join(str(problem) for problem in problems)
    assert message in text
    assert str(path) in text
    if "id" in body and "not valid TOML" not in message and "unknown table" not in message:
        assert "test-good" in text
    with pytest.raises(rules.RuleError, match="bad.toml"):
        rules.load([path])


def test_bad_table_files(tmp_path: Path) -> None:
    base = tmp_path / "rules"
    shutil.copytree(rules.builtin_dir(), base, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with (base / "reasons.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[nosuchreason]\ndescription = "x"\n')
    with (base / "status-codes.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[[status]]\ncode = "5.1.1"\nmeaning = "again"\nreason = "userunknown"\n')
        handle.write('\n[[status]]\ncode = "5.9"\nreason = "userunknown"\n')
    with (base / "reply-codes.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[[reply]]\ncode = "599"\nreason = "sleepy"\n')
    _, problems = rules.collect(base=base)
    text = "\n".join(str(problem) for problem in problems)
    assert "reasons.toml: nosuchreason: unknown reason" in text
    assert "status-codes.toml: 5.1.1: duplicate code" in text
    assert "status-codes.toml: 5.9: code missing or malformed" in text
    assert "reply-codes.toml: 599: unknown reason 'sleepy'" in text


def test_conflicts_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        GOOD.replace(
            "'''no such user here'''",
            "'''no such user here'''\nexamples = ['550 no such user here']",
        )
        + """
[[rule]]
id = "test-other"
reason = "filtered"
pattern = '''such user'''
source = "test"
""",
        encoding="utf-8",
    )
    problems = rules.check([path])
    assert any("conflicts with test-other" in str(problem) for problem in problems)


def test_missing_user_path_is_a_problem(tmp_path: Path) -> None:
    problems = rules.check([tmp_path / "nope.toml"])
    assert any("rule path not found" in str(problem) for problem in problems)


def test_classifier_uses_compiled_rules_once() -> None:
    assert load_classifier() is load_classifier()
    assert isinstance(load_classifier(), Classifier)


@pytest.mark.parametrize("reason", rules.VOCABULARY)
@pytest.mark.parametrize(("status", "permanent"), [("5.0.0", "true"), ("4.0.0", "false")])
def test_bounce_and_failure_come_from_reasons_toml(reason: str, status: str, permanent: str) -> None:
    """rules/reasons.toml is the one place that says hard/soft and failure or not."""
    from bounce_analyzer.model import DeliveryRecord

    described = RULESET.reasons[reason]
    record = DeliveryRecord(recipient="a@example.com", status=status, reason_hint=reason)
    verdict = CLASSIFIER.classify(record)
    assert verdict.reason == reason
    assert verdict.permanent == (permanent if described.failure else "")
    if not described.failure:
        assert verdict.bounce == ""
    elif described.bounce == "hard-if-permanent":
        assert verdict.bounce == ("hard" if permanent == "true" else "soft")
    else:
        assert verdict.bounce == described.bounce


def source_origin(entry: str) -> str:
    """Where a source entry points, for counting sources: a URL's host and path, an RFC's
    number, else its first two words (a project and its file: "Postfix src/smtpd/...")."""
    import re

    url = re.search(r"https?://([^\s)>;,]{1,300})", entry)
    if url:
        return url.group(1).rstrip("/.").lower().removeprefix("www.")
    rfc = re.search(r"\bRFC ?(\d{3,5})\b", entry, re.IGNORECASE)
    if rfc:
        return f"rfc{rfc.group(1)}"
    return " ".join(entry.lower().split()[:2])


def test_the_rules_hold_1200_phrasings_from_40_sources() -> None:
    """Issue 14: the rule set is built from what mail systems say, in their own words."""
    phrasings = {" ".join(e.lower().split()) for r in RULESET.rules for e in r.examples}
    origins = {source_origin(s) for r in RULESET.rules for s in rules.primary_sources(r)}
    assert len(phrasings) >= 1200, len(phrasings)
    assert len(origins) >= 40, sorted(origins)


def test_every_reason_of_the_vocabulary_has_a_phrase_rule() -> None:
    by_table = {"delivered", "feedback", "vacation", "challenge", "onhold", "undefined"}
    covered = {rule.reason for rule in RULESET.rules}
    assert set(rules.VOCABULARY) - by_table - covered == set()


# ---- the benchmarks' data: framing words (undecided.py) and disputed labels (accuracy.py) --------

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


TRENDMICRO = "Unable to deliver message to <kim@example.jp> (and other recipients in the same domain)."


@pytest.mark.parametrize(
    ("diagnostic", "says"),
    [
        ("Did not reach the following recipient", False),
        ("Did not reach the following recipient: nina@example.net", False),
        (TRENDMICRO, False),
        # advice that points at the address is not framing: the row counts
        (TRENDMICRO + " Please check if address is correct.", True),
        ("エラー(テストメッセージとしての)", True),
        ("550 5.1.1 <kim@example.com>: User unknown", True),
        ("Did not reach the following recipient: 5.1.1", True),  # a code says something
        ("Mailbox full", True),
    ],
)
def test_undecided_counts_rows_whose_words_say_something(diagnostic: str, says: bool) -> None:
    undecided = benchmark("undecided")
    assert undecided.says_something(diagnostic, undecided.framing_phrases()) is says


def test_framing_phrases_name_no_cause() -> None:
    """A framing phrase that a phrase rule or the meaning tier reads as a reason is not framing."""
    for phrase in benchmark("undecided").framing_phrases():
        record = record_from_text(phrase)
        assert CLASSIFIER.classify(record).reason == "onhold", phrase


def test_label_disputes_are_well_formed_and_sourced() -> None:
    accuracy = benchmark("accuracy")
    disputes = accuracy.load_disputes(accuracy.DISPUTES)
    assert disputes
    for dispute in disputes:
        # an argument from the mail systems' own documents, never from a corpus file alone
        assert all(rules._primary(source) for source in dispute.source), dispute.key
        assert dispute.label != dispute.ours, dispute.key


def test_label_disputes_reject_a_malformed_entry(tmp_path: Path) -> None:
    accuracy = benchmark("accuracy")
    path = tmp_path / "disputes.toml"
    path.write_text(
        '[[dispute]]\nfile = "a.eml"\nrecipient = "kim@example.com"\nfield = "reason"\n'
        'label = "filtered"\nours = "userunknown"\nwhy = "because"\nsource = []\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="source"):
        accuracy.load_disputes(path)


def test_readme_lists_the_disputes_as_the_file_says() -> None:
    accuracy = benchmark("accuracy")
    readme = (BENCHMARKS.parent / "README.md").read_text(encoding="utf-8")
    assert accuracy.disputes_markdown(accuracy.load_disputes(accuracy.DISPUTES)) in readme


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(
    ["a", "B", " ", "  ", "\t", "\n", "\r\n", "\x0b", "\x1c", "\x85", "\xa0", "\u2003", "\u3000",
     "\udc80", "\u00e9", "550", "5.1.1", "\x00", "\x7f", "x" * 9000]
), max_size=12).map("".join))
def test_normalised_text_is_the_text_with_white_space_runs_as_one_space(text: str) -> None:
    # the definition: every run of what `\s` matches is one space, the ends trimmed
    expected = re.sub(r"\s+", " ", text[: rules.MATCH_LIMIT * 2]).strip()[: rules.MATCH_LIMIT]
    assert rules.normalise_text(text) == expected


def test_phrase_files_are_the_toml_files_of_a_folder_in_the_order_of_their_parts(tmp_path: Path) -> None:
    from bounce_analyzer.rules import phrase_files

    for name in ("b.toml", "a-c.toml", "a/b.toml", "a/z/y.toml", ".hidden.toml", "notes.txt", "A.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.toml").write_text("")
    (tmp_path / "linked").symlink_to(tmp_path / "elsewhere")  # a linked folder is not entered
    listed = phrase_files(tmp_path)
    # what rglob gives, less the folder behind the link, in Path's order ("a/b" before "a-c")
    expected = sorted(
        p for p in tmp_path.rglob("*.toml") if not p.name.startswith(".") and "linked" not in p.parts
    )
    assert listed == expected
    assert [p.relative_to(tmp_path).as_posix() for p in listed] == [
        "A.toml", "a/b.toml", "a/z/y.toml", "a-c.toml", "b.toml", "elsewhere/x.toml",
    ]
    assert phrase_files(tmp_path / "b.toml") == [tmp_path / "b.toml"]
