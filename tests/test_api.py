"""The Python API (README "Python API"): its README examples run as written, its verdicts are
the pipeline's with real types, its options are checked by name, and no message that fails is
lost (issue 17 items 1 and 9)."""

from __future__ import annotations

import bz2
import dataclasses
import email
import gzip
import io
import json
import os
import re
import subprocess
import sys
from contextlib import redirect_stdout
from datetime import datetime, timedelta
from email import policy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import bounce_analyzer
from bounce_analyzer import AnalysisError, Explanation, MessageError, Verdict
from bounce_analyzer.classifier import load_classifier
from bounce_analyzer.cli import main
from bounce_analyzer.model import COLUMNS
from bounce_analyzer.pipeline import Options, analyze
from bounce_analyzer.verdict import NAMES
from bounce_analyzer.words import words

from .conftest import ROOT, SAMPLES

MULTI = SAMPLES / "rfc3464-multiple-recipients.eml"
SINGLE = SAMPLES / "rfc3464-crlf-mailboxfull.eml"


def readme_blocks() -> list[str]:
    """The python code blocks of the README's "Python API" section, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```python\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)


def pipeline_rows(path: Path | str, **options: Any) -> list[Any]:
    return [item for item in analyze([str(path)], Options(**options)) if not isinstance(item, MessageError)]


# -- the README's examples, run as written ------------------------------------------------------


def test_readme_mailman_handler_runs_on_the_samples(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = readme_blocks()
    assert len(blocks) == 3, "overview, Mailman-style handler, Django command"
    monkeypatch.chdir(ROOT)
    namespace: dict[str, Any] = {"__name__": "readme_example"}
    printed = io.StringIO()
    with redirect_stdout(printed):
        exec(compile(blocks[1], "README.md (Mailman-style handler)", "exec"), namespace)
    # The scores are the verdicts of the same files, counted independently here.
    expected: dict[str, float] = {}
    for path in sorted(SAMPLES.glob("*.eml")):
        for row in pipeline_rows(path):
            if row.bounce:
                member = row.recipient.lower()
                expected[member] = expected.get(member, 0.0) + {"hard": 1.0, "soft": 0.5}[row.bounce]
    assert namespace["scores"] == expected and expected
    assert set(namespace["unsubscribed"]) == {m for m, score in expected.items() if score >= 2.5}
    assert printed.getvalue().rstrip().endswith(
        f"{len(expected)} members with bounces, {len(namespace['unsubscribed'])} unsubscribed, "
        f"{len(namespace['not_analysed'])} messages not analysed")


def test_readme_django_command_runs_under_django(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    django = pytest.importorskip("django")
    from django.conf import settings

    if not settings.configured:
        settings.configure(INSTALLED_APPS=[], USE_TZ=True)
        django.setup()
    from django.core.management import CommandError, call_command

    namespace: dict[str, Any] = {"__name__": "readme_django_command"}
    exec(compile(readme_blocks()[2], "README.md (Django command)", "exec"), namespace)
    command = namespace["Command"]
    out, err = io.StringIO(), io.StringIO()
    call_command(command(), str(SAMPLES), stdout=out, stderr=err)
    hard = sorted({row.recipient.lower() for row in pipeline_rows(SAMPLES) if row.bounce == "hard"})
    assert out.getvalue().splitlines() == hard and "nina@example.com" in hard
    assert f"{len(hard)} hard-bounced addresses" in err.getvalue()
    # A message that cannot be analysed is named on stderr, and the others still count.
    (tmp_path / "big.eml").write_bytes((SAMPLES / "mta-domino.eml").read_bytes() + b"x" * 70_000_000)
    (tmp_path / "ok.eml").write_bytes((SAMPLES / "mta-domino.eml").read_bytes())
    out, err = io.StringIO(), io.StringIO()
    call_command(command(), str(tmp_path), stdout=out, stderr=err)
    assert "big.eml: not analysed (limit)" in err.getvalue()
    assert out.getvalue().splitlines() == ["paula@notes.example.com"]
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command(command(), str(tmp_path / "missing"))


# -- verdicts: the pipeline's, typed ------------------------------------------------------------


def test_verdict_fields_are_the_output_columns_plus_advice() -> None:
    assert tuple(field.name for field in dataclasses.fields(Verdict)) == NAMES == (*COLUMNS, "advice")


@pytest.mark.parametrize("sample", sorted(p for p in SAMPLES.glob("*.eml")), ids=lambda p: p.name)
def test_analyze_bytes_gives_the_pipelines_rows_typed(sample: Path) -> None:
    rows = pipeline_rows(sample)
    verdicts = bounce_analyzer.analyze_bytes(sample.read_bytes(), source=str(sample))
    assert [v.recipient for v in verdicts] == [r.recipient for r in rows]
    for verdict, row in zip(verdicts, rows):
        assert verdict.bounce == (row.bounce or None) and verdict.bounce in ("hard", "soft", None)
        assert verdict.permanent is {"true": True, "false": False, "": None}[row.permanent]
        assert verdict.date is None or verdict.date.utcoffset() is not None
        plain = {name: getattr(verdict, name) for name in COLUMNS
                 if name not in ("bounce", "permanent", "date")}
        assert plain == {name: getattr(row, name) for name in plain}


def test_a_verdict_is_frozen_and_its_date_keeps_its_zone() -> None:
    [verdict] = bounce_analyzer.analyze_bytes(SINGLE.read_bytes())
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.reason = "x"  # type: ignore[misc]
    assert isinstance(verdict.date, datetime) and verdict.date.utcoffset() is not None
    assert verdict.as_dict()["date"] == verdict.date.isoformat()
    row = verdict.as_dict()
    assert list(row) == list(NAMES) and json.loads(json.dumps(row)) == row


@pytest.mark.parametrize("kind", [policy.compat32, policy.default], ids=["Message", "EmailMessage"])
def test_analyze_message_gives_what_the_bytes_give(kind: policy.Policy) -> None:
    # Written out again unfolded: folding changed diagnostics (policy.default wrote one of
    # samples/probe-o365-quota.eml as RFC 2047 words) and Received lines (compat32).
    for sample in sorted(SAMPLES.glob("*.eml")):
        data = sample.read_bytes()
        message = email.message_from_bytes(data, policy=kind)
        assert bounce_analyzer.analyze_message(message, source="x") == \
            bounce_analyzer.analyze_bytes(data, source="x"), sample.name


def test_analyze_message_names_a_message_by_its_message_id() -> None:
    data = MULTI.read_bytes()
    named = bounce_analyzer.analyze_message(email.message_from_bytes(data))
    assert named[0].source == named[0].message_id != ""  # its Message-ID names it
    with pytest.raises(TypeError):
        bounce_analyzer.analyze_message(data)  # type: ignore[arg-type]


def test_analyze_path_reads_folders_mboxes_and_compressed_files(tmp_path: Path) -> None:
    mbox = SAMPLES / "mbox-several.mbox"
    expected = [r.recipient for r in pipeline_rows(mbox)]
    (tmp_path / "a.mbox.gz").write_bytes(gzip.compress(mbox.read_bytes()))
    (tmp_path / "b.eml.bz2").write_bytes(bz2.compress(SINGLE.read_bytes()))
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "new" / "1.host:2,").write_bytes(MULTI.read_bytes())
    got = list(bounce_analyzer.analyze_path(tmp_path))
    assert [v.recipient for v in got] == (
        [r.recipient for r in pipeline_rows(MULTI)] + expected + [r.recipient for r in pipeline_rows(SINGLE)]
    )
    assert got[len(pipeline_rows(MULTI))].source.endswith("a.mbox.gz:1")
    assert [v.recipient for v in bounce_analyzer.analyze_path(tmp_path, jobs=2)] == [v.recipient for v in got]
    with pytest.raises(FileNotFoundError):
        bounce_analyzer.analyze_path(tmp_path / "missing")


def test_options_are_keywords_checked_by_name() -> None:
    data = SINGLE.read_bytes()
    english = bounce_analyzer.analyze_bytes(data)[0]
    chinese = bounce_analyzer.analyze_bytes(data, lang="zh")[0]
    assert english.explanation.isascii() and re.search(r"[\u4e00-\u9fff]", chinese.explanation)
    assert (english.reason, english.rule) == (chinese.reason, chinese.rule)
    with pytest.raises(TypeError, match="vaction"):
        bounce_analyzer.analyze_bytes(data, vaction=True)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="lang"):
        bounce_analyzer.analyze_bytes(data, lang="fr")
    delivered = (SAMPLES / "rfc3464-delivered.eml").read_bytes()
    assert bounce_analyzer.analyze_bytes(delivered) == []
    [row] = bounce_analyzer.analyze_bytes(delivered, include_delivered=True)
    assert (row.reason, row.bounce, row.permanent) == ("delivered", None, None)


def test_user_rules_are_an_option(tmp_path: Path) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text('''
[[rule]]
id = "local-full-means-moved"
reason = "hasmoved"
pattern = \'\'\'mailbox full\'\'\'
source = "our own server: a full mailbox there is one whose owner left"
examples = ["452 4.2.2 Mailbox full"]
''', encoding="utf-8")
    explained = bounce_analyzer.classify("452 4.2.2 Mailbox full", rules=[rules])
    assert (explained.reason, explained.rule) == ("hasmoved", "local-full-means-moved")
    assert bounce_analyzer.classify("452 4.2.2 Mailbox full").reason == "mailboxfull"


# -- errors: reported, never lost ---------------------------------------------------------------


def test_a_message_past_a_limit_raises_with_the_rows_it_gave() -> None:
    data = MULTI.read_bytes()
    every = bounce_analyzer.analyze_bytes(data, source="multi")
    assert len(every) > 1
    with pytest.raises(AnalysisError) as raised:
        bounce_analyzer.analyze_bytes(data, max_recipients=1, source="multi")
    assert raised.value.stage == "limit" and raised.value.source == "multi"
    assert raised.value.verdicts == every[:1]
    errors: list[MessageError] = []
    given = bounce_analyzer.analyze_bytes(data, source="multi", max_recipients=1, on_error=errors.append)
    assert given == every[:1]
    assert [(e.source, e.stage) for e in errors] == [("multi", "limit")]


def test_max_message_size_holds_for_bytes_and_messages() -> None:
    data = SINGLE.read_bytes()
    for call in (lambda **o: bounce_analyzer.analyze_bytes(data, **o),
                 lambda **o: bounce_analyzer.analyze_message(email.message_from_bytes(data), **o)):
        with pytest.raises(AnalysisError, match="--max-message-size") as raised:
            call(max_message_size=len(data) // 2)
        assert raised.value.stage == "limit" and raised.value.verdicts == []
        assert len(call(max_message_size=len(data) + 100)) == 1


def test_analyze_path_raises_at_a_failed_message_or_hands_it_on(tmp_path: Path) -> None:
    (tmp_path / "1.eml").write_bytes(SINGLE.read_bytes())
    (tmp_path / "2.eml").write_bytes(SINGLE.read_bytes() + b"x" * 2_000)  # past the limit below
    (tmp_path / "3.eml").write_bytes(SINGLE.read_bytes())
    limit = len(SINGLE.read_bytes()) + 1_000
    seen: list[Verdict] = []
    with pytest.raises(AnalysisError) as raised:
        for verdict in bounce_analyzer.analyze_path(tmp_path, max_message_size=limit):
            seen.append(verdict)  # noqa: PERF402 - a caller's loop; the error comes in the middle
    # the first message's verdicts came out; the error names the second
    assert [v.source for v in seen] == [str(tmp_path / "1.eml")]
    assert raised.value.error.source == str(tmp_path / "2.eml") and raised.value.stage == "limit"
    errors: list[MessageError] = []
    got = list(bounce_analyzer.analyze_path(tmp_path, max_message_size=limit, on_error=errors.append))
    assert [v.source for v in got] == [str(tmp_path / "1.eml"), str(tmp_path / "3.eml")]
    assert [(e.source, e.stage) for e in errors] == [(str(tmp_path / "2.eml"), "limit")]


def test_analyze_bytes_of_garbage_is_no_bounce_not_an_error() -> None:
    assert bounce_analyzer.analyze_bytes(b"\x00\xff not a mail at all") == []
    with pytest.raises(TypeError):
        bounce_analyzer.analyze_bytes("text")  # type: ignore[arg-type]


# -- classify is what explain prints ------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "550 5.1.1 <a@example.com>: Recipient address rejected: User unknown",
    "452 4.2.2 Mailbox full",
    "smtp; 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.example.org",
    "hello",
])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_classify_is_what_explain_prints(text: str, lang: str) -> None:
    explained = bounce_analyzer.classify(text, lang=lang)
    assert isinstance(explained, Explanation)
    printed = CliRunner().invoke(main, ["explain", "--format", "json", "--lang", lang, text])
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.stdout) == explained.as_dict()
    assert explained.permanent in (True, False, None) and explained.bounce in ("hard", "soft", None)


# -- words looked up by rule and language (item 9) ---------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_words_by_rule_and_reason_are_the_classifiers(lang: str) -> None:
    classifier = load_classifier()
    rows = pipeline_rows(SAMPLES, lang=lang, include_delivered=True, include_vacation=True)
    assert len({row.rule for row in rows}) > 20
    for row in rows:
        assert words(classifier, row.reason, row.rule, lang) == (row.explanation, row.advice), row.source


# -- the package --------------------------------------------------------------------------------


def test_importing_the_package_loads_no_pipeline() -> None:
    code = ("import sys, bounce_analyzer; "
            "print(sorted(m for m in sys.modules if m.startswith('bounce_analyzer.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "[]"
    assert set(bounce_analyzer.__all__) <= set(dir(bounce_analyzer))
    with pytest.raises(AttributeError):
        bounce_analyzer.nothing_here  # type: ignore[attr-defined]  # noqa: B018


def test_date_of_a_row_without_a_date_is_none() -> None:
    data = SINGLE.read_bytes()
    undated = re.sub(rb"(?mi)^Date:[^\n]*\n", b"", data, count=1)
    [verdict] = bounce_analyzer.analyze_bytes(undated)
    assert verdict.date is None and verdict.as_dict()["date"] is None
    [dated] = bounce_analyzer.analyze_bytes(data)
    assert dated.date is not None and dated.date.utcoffset() is not None
    assert abs(dated.date.utcoffset() or timedelta(0)) < timedelta(hours=15)


def test_a_caller_type_checks_with_mypy_strict(tmp_path: Path) -> None:
    """The README's handler passes `mypy --strict` as a caller's code, and a misspelt option is
    a type error there (README: the options are a TypedDict)."""
    pytest.importorskip("mypy")
    good = tmp_path / "handler.py"
    good.write_text(readme_blocks()[1], encoding="utf-8")
    bad = tmp_path / "typo.py"
    bad.write_text("import bounce_analyzer\n\nbounce_analyzer.analyze_bytes(b'', vaction=True)\n",
                   encoding="utf-8")
    for path, clean in ((good, True), (bad, False)):
        # The project's settings (strict; the package's own modules read, not reported) and cache.
        done = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", str(path)], capture_output=True, text=True, check=False,
            cwd=ROOT, env={**os.environ, "MYPYPATH": str(ROOT)},
        )
        assert (done.returncode == 0) is clean, done.stdout
    assert 'Unexpected keyword argument "vaction"' in done.stdout
