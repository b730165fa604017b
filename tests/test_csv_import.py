"""CSV that a spreadsheet imports cleanly (README "CSV"): the file `analyze -o` writes is opened
by a real LibreOffice Calc (headless, Debian's libreoffice-calc-nogui), converted to .xlsx, and
its cells read back: addresses exactly as they are (also those starting with '-' and a Chinese
one), Chinese explanations intact, no byte order mark in the first cell, free text that would
start a formula imported as text. Skipped, saying so, without LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from bounce_analyzer.cli import main
from bounce_analyzer.model import COLUMNS

from .conftest import SAMPLES

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("LibreOffice is not installed (Debian package libreoffice-calc-nogui); the import test is skipped")


def bounce(tmp_path: Path, name: str, recipient: str, subject: str) -> None:
    text = (SAMPLES / "rfc3464-single-userunknown.eml").read_text()
    text = text.replace("Content-Type: message/delivery-status", "Content-Type: message/delivery-status; charset=utf-8")
    text = text.replace("alice.nobody@example.com", recipient).replace("Subject: November news", f"Subject: {subject}")
    (tmp_path / name).write_bytes(text.encode())


def cell_column(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref).group()  # type: ignore[union-attr]
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


def sheet(xlsx: Path) -> list[dict[int, tuple[str, str, bool]]]:
    """Rows of the first sheet: column -> (type, text shown, holds a formula)."""
    with zipfile.ZipFile(xlsx) as book:
        strings = ["".join(t.text or "" for t in si.iter(f"{MAIN}t"))
                   for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{MAIN}si")]
        root = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in root.iter(f"{MAIN}row"):
        cells = {}
        for cell in row.iter(f"{MAIN}c"):
            kind = cell.get("t", "n")
            value = cell.findtext(f"{MAIN}v") or ""
            text = strings[int(value)] if kind == "s" else value
            cells[cell_column(cell.get("r", "A"))] = (kind, text, cell.find(f"{MAIN}f") is not None)
        rows.append(cells)
    return rows


def test_libreoffice_imports_addresses_chinese_and_guarded_text_exactly(tmp_path: Path) -> None:
    office = soffice()
    bounce(tmp_path, "a.eml", "-2+3@example.com", "=1+1")
    bounce(tmp_path, "b.eml", "张三@例子.中国", "@SUM(1+1)")
    out = tmp_path / "failed.csv"
    result = CliRunner().invoke(main, ["analyze", str(tmp_path), "--lang", "zh", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with tempfile.TemporaryDirectory() as profile:
        # Comma, double quote, the character set left for LibreOffice to tell (the BOM), from line 1.
        done = subprocess.run(
            [office, f"-env:UserInstallation=file://{profile}", "--headless", "--infilter=CSV:44,34,,1",
             "--convert-to", "xlsx", "--outdir", str(tmp_path), str(out)],
            capture_output=True, text=True, timeout=180, check=False,
        )
    assert done.returncode == 0, done.stderr
    header, *rows = sheet(tmp_path / "failed.xlsx")
    assert [header[i][1] for i in sorted(header)] == list(COLUMNS)  # "source", not "\ufeffsource"
    column = {name: index for index, name in enumerate(COLUMNS)}
    by_recipient = {row[column["recipient"]][1]: row for row in rows}
    assert set(by_recipient) == {"-2+3@example.com", "张三@例子.中国"}
    for address, row in by_recipient.items():
        for name in ("recipient", "original_recipient"):
            kind, text, formula = row[column[name]]
            assert (kind, text, formula) == ("s", address, False), name
        kind, explanation, _ = row[column["explanation"]]
        assert kind == "s" and re.search(r"[\u4e00-\u9fff]{4}", explanation)
    # Free text that would start a formula is text in the sheet, never a formula or its value.
    for address, subject in (("-2+3@example.com", "=1+1"), ("张三@例子.中国", "@SUM(1+1)")):
        kind, text, formula = by_recipient[address][column["original_subject"]]
        assert kind == "s" and not formula and text.endswith(subject), text
