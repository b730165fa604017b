"""The command line, through click's CliRunner (and one real subprocess for `python -m`)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bounce_analyzer.cli import main
from bounce_analyzer.model import COLUMNS

from .conftest import ROOT, SAMPLES, USER_RULE

SINGLE = str(SAMPLES / "rfc3464-single-userunknown.eml")
DELIVERED = str(SAMPLES / "rfc3464-delivered.eml")


def run(*args: str, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=stdin)


def expected_row_count() -> int:
    return sum(len(json.loads(p.read_text())) for p in SAMPLES.glob("*.expected.json"))


def test_analyze_samples_as_jsonl_gives_every_expected_row() -> None:
    result = run("analyze", str(SAMPLES), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == expected_row_count()
    assert all(list(row) == [*COLUMNS, "advice"] for row in rows)
    assert re.search(r"\d+ messages read: \d+ with verdicts", result.stderr)


def test_csv_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "failed.csv"
    result = run("analyze", SINGLE, "-o", str(out))
    assert result.exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfsource,")  # a file for a spreadsheet: BOM
    header, row = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert tuple(header) == COLUMNS
    assert dict(zip(header, row))["recipient"] == "alice.nobody@example.com"


def test_json_and_table_formats() -> None:
    assert json.loads(run("analyze", SINGLE, "--format", "json").stdout)[0]["reason"] == "userunknown"
    table = run("analyze", SINGLE, "--format", "table").stdout
    assert "alice.nobody@example.com" in table and "userunknown" in table


def test_delivered_rows_only_when_asked_for() -> None:
    assert run("analyze", DELIVERED, "--format", "jsonl").stdout == ""
    rows = [json.loads(x) for x in run("analyze", DELIVERED, "--format", "jsonl", "--include-delivered").stdout.splitlines()]
    assert [(r["recipient"], r["reason"], r["bounce"], r["permanent"]) for r in rows] == [
        ("judy@example.com", "delivered", None, None)]


def test_lang_chooses_the_language_of_explanations() -> None:
    english = json.loads(run("analyze", SINGLE, "--format", "json").stdout)[0]
    chinese = json.loads(run("analyze", SINGLE, "--format", "json", "--lang", "zh").stdout)[0]
    assert english["explanation"].isascii() and english["explanation"]
    assert re.search(r"[\u4e00-\u9fff]", chinese["explanation"])


def test_stdin() -> None:
    result = run("analyze", "-", "--format", "jsonl", stdin=Path(SINGLE).read_bytes())
    assert json.loads(result.stdout.splitlines()[0])["source"] == "-"


@pytest.mark.parametrize("args,says", [
    (["analyze", "/nonexistent/bounces"], "no such file or directory: /nonexistent/bounces"),
    (["analyze", SINGLE, "--format", "xml"], "'xml' is not one of"),
    (["analyze", SINGLE, "--bogus"], "No such option"),
    (["analyze"], "Missing argument"),
])
def test_usage_errors_are_one_line_and_exit_2(args: list[str], says: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and "--help" in lines[0]


def test_a_bad_message_is_reported_with_its_source_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(Path(SINGLE).read_bytes())
    (tmp_path / "b.eml").symlink_to(tmp_path / "missing")
    errors = tmp_path / "errors.csv"
    result = run("analyze", str(tmp_path), "--format", "jsonl", "--errors", str(errors))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert f"{tmp_path / 'b.eml'}: not analysed (read)" in result.stderr
    assert "2 messages read: 1 with verdicts (1 rows), 0 not bounces or nothing to report, 1 failed" in result.stderr
    header, row = list(csv.reader(io.StringIO(errors.read_text(encoding="utf-8-sig"))))
    assert header == ["source", "stage", "error"] and row[0] == str(tmp_path / "b.eml")
    assert run("analyze", str(tmp_path), "--strict", "-q").exit_code == 1


def test_inspect_shows_structure_and_the_claiming_extractor() -> None:
    result = run("inspect", SINGLE)
    assert result.exit_code == 0, result.output
    for part in ("MIME tree:", "multipart/report", "message/delivery-status", "Received chain",
                 "rfc3464: 1 records  <- claims it", "alice.nobody@example.com"):
        assert part in result.stdout


def test_inspect_a_non_bounce() -> None:
    assert "no extractor claims it" in run("inspect", str(SAMPLES / "not-a-bounce.eml")).stdout


def test_every_command_and_option_is_documented() -> None:
    for name, command in main.commands.items():
        assert command.help, name
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.name}"


def test_python_dash_m() -> None:
    done = subprocess.run([sys.executable, "-m", "bounce_analyzer", "analyze", SINGLE, "-q"],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    assert "alice.nobody@example.com" in done.stdout


def test_a_user_rule_file_changes_a_verdict(tmp_path: Path) -> None:
    before = json.loads(run("analyze", SINGLE, "--format", "json").stdout)[0]
    assert before["reason"] == "userunknown"
    rules = tmp_path / "mine.toml"
    rules.write_text(USER_RULE, encoding="utf-8")
    after = json.loads(run("analyze", SINGLE, "--format", "json", "--rules", str(rules)).stdout)[0]
    assert (after["reason"], after["bounce"], after["rule"]) == ("systemerror", "soft", "local-virtual-table-is-stale")
    assert after["explanation"] == "Our relay's table was being rebuilt; the address is fine."
    explained = json.loads(run("explain", "--rules", str(rules), "--format", "json",
                               "550 5.1.1 User unknown in virtual mailbox table").stdout)
    assert explained["rule"] == "local-virtual-table-is-stale"


def test_a_broken_user_rule_file_is_named_in_one_clear_error(tmp_path: Path) -> None:
    rules = tmp_path / "bad.toml"
    rules.write_text('[[rule]]\nid = "x"\nreason = "nosuchreason"\npattern = "a"\nsource = "me"\n', encoding="utf-8")
    result = run("analyze", SINGLE, "--rules", str(rules))
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "bad.toml" in line and "nosuchreason" in line
    check = run("rules", "check", str(rules))
    assert check.exit_code == 1 and "nosuchreason" in check.stdout


def test_rules_check_passes_the_built_in_rules_and_reads_the_meaning_lists() -> None:
    result = run("rules", "check")
    assert result.exit_code == 0, result.stdout
    assert "0 problems" in result.stderr


def test_explain_dash_reads_a_long_diagnostic_with_quotes_from_standard_input() -> None:
    text = ("550-5.1.1 The email account that you tried to reach does not exist. 'Quoted' and \"double\"\n"
            + "550-5.1.1 padding line of a long reply " * 400 + "\n550 5.1.1 user unknown")
    result = run("explain", "-", "--format", "json", stdin=text.encode())
    assert result.exit_code == 0, result.output
    explained = json.loads(result.stdout)
    assert explained["reason"] == "userunknown" and explained["status"] == "5.1.1"
    assert len(explained["text"]) > 10_000  # longer than one would type as an argument


def test_rules_check_takes_rules_like_the_other_commands(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text('[[rule]]\nid = "ours-table-rebuild"\nreason = "systemerror"\n'
                    'pattern = \'\'\'virtual table is being rebuilt\'\'\'\nsource = "our relay\'s runbook"\n'
                    'examples = ["451 4.3.0 virtual table is being rebuilt"]\n', encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nid = "x"\nreason = "nosuchreason"\npattern = "a"\nsource = "me"\n', encoding="utf-8")
    assert run("rules", "check", "--rules", str(good)).exit_code == 0
    unmatched = tmp_path / "unmatched.toml"
    unmatched.write_text(good.read_text(encoding="utf-8").replace("451 4.3.0 virtual table", "451 4.3.0 other table"),
                         encoding="utf-8")
    result = run("rules", "check", "--rules", str(unmatched))
    assert result.exit_code == 1 and "ours-table-rebuild: its pattern does not match its example" in result.stdout
    failed = run("rules", "check", "--rules", str(bad))
    assert failed.exit_code == 1 and "nosuchreason" in failed.stdout and "bad.toml" in failed.stdout


def test_the_readme_user_rule_example_passes_rules_check_and_decides(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Your own rules"):]
    rules = tmp_path / "mine.toml"
    rules.write_text(re.search(r"```toml\n(.*?)```", section, re.DOTALL).group(1), encoding="utf-8")  # type: ignore[union-attr]
    assert run("rules", "check", "--rules", str(rules)).exit_code == 0
    row = json.loads(run("analyze", SINGLE, "--rules", str(rules), "--format", "jsonl", "-q").stdout)
    assert (row["rule"], row["reason"], row["advice"]) == ("ours-virtual-table-rebuild", "systemerror", "Send again after 02:30.")


def test_a_byte_order_mark_on_csv_files_not_on_standard_output(tmp_path: Path) -> None:
    assert not run("analyze", SINGLE, "-q").stdout.startswith("\ufeff")  # another program reads it
    assert run("analyze", SINGLE, "-q", "--bom").stdout.startswith("\ufeffsource,")
    for args, bom in ((["-o"], True), (["--no-bom", "-o"], False)):
        out = tmp_path / "rows.csv"
        assert run("analyze", SINGLE, "-q", *args, str(out)).exit_code == 0
        assert out.read_bytes().startswith(b"\xef\xbb\xbf") is bom
    jsonl = tmp_path / "rows.jsonl"
    run("analyze", SINGLE, "-q", "--format", "jsonl", "--bom", "-o", str(jsonl))
    assert jsonl.read_bytes().startswith(b"{")  # only CSV gets one
    suppress = tmp_path / "suppress.csv"
    assert run("suppress", SINGLE, "-q", "-o", str(suppress)).exit_code == 0
    assert suppress.read_bytes().startswith(b"\xef\xbb\xbfrecipient,")
