"""The HTML report: one self-contained file whose charts a real browser draws.

The browser test runs Debian's `chromium` headless on the written file and reads back what the
page's inline script measured (`<pre id="chart-layout">`): each chart's size and how many of its
bars have a non-zero box. Without Chromium it skips, saying so; .ci/run installs it.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

from bounce_analyzer.cli import main
from bounce_analyzer.html_report import render_html
from bounce_analyzer.summary import Event, Summary, summarise

from .conftest import SAMPLES
from .test_summary import sample_events

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium is not installed (Debian package `chromium`); the browser test is skipped")


def dump_dom(page: Path) -> str:
    """The DOM after the page's scripts ran, as headless Chromium serialises it."""
    with tempfile.TemporaryDirectory() as profile:  # a new empty profile every time
        done = subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=5000",
             "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def layout(dom: str) -> list[dict[str, object]]:
    found = re.search(r'<pre id="chart-layout">(.*?)</pre>', dom, re.DOTALL)
    assert found, "the page's layout script wrote nothing"
    return json.loads(html.unescape(found.group(1)))


def test_without_chromium_the_browser_test_skips_saying_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
        chromium()


def test_the_page_is_self_contained() -> None:
    page = render_html(summarise(sample_events()))
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # Nothing is loaded: no src/href attributes at all, no <link>, no external script.
    assert not re.search(r"\s(?:src|href)\s*=", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert page.count('<svg class="chart"') == 2


def test_text_from_messages_is_escaped() -> None:
    events = sample_events()
    hostile = replace(events[0].verdict, diagnostic="<script>alert(1)</script>", recipient="x@<b>example.com")
    events[0] = Event(hostile, events[0].when)
    page = render_html(summarise(events))
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "<b>" not in page


def test_chinese_report() -> None:
    page = render_html(summarise(sample_events()), lang="zh")
    assert '<html lang="zh-CN">' in page and "退信原因" in page


def test_an_empty_summary_is_a_page_without_charts() -> None:
    page = render_html(Summary())
    assert "No bounces." in page and "<svg" not in page


def test_charts_are_drawn_in_headless_chromium(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["summary", str(SAMPLES), "--html", str(report), "-o", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    charts = {chart["id"]: chart for chart in layout(dump_dom(report))}
    assert set(charts) == {"chart-reasons", "chart-days"}
    for chart in charts.values():
        assert chart["width"] > 100 and chart["height"] > 50  # type: ignore[operator]
        assert chart["bars"] > 0  # type: ignore[operator]
    # One bar segment per reason and bounce kind at least: as many as the reasons found.
    reasons = json.loads(CliRunner().invoke(main, ["summary", str(SAMPLES), "--format", "json"]).stdout)["reason"]
    assert charts["chart-reasons"]["bars"] >= len(reasons)  # type: ignore[operator]


def spanning(days: int, count: int = 400) -> list[Event]:
    """`count` bounces spread evenly over `days` days, from our samples' first event."""
    base = sample_events()[0]
    assert base.when is not None
    return [Event(replace(base.verdict, recipient=f"r{n}@example.com"),
                  base.when + timedelta(days=n * days / max(1, count - 1)))
            for n in range(count)]


@pytest.mark.parametrize("days,unit,columns", [
    (0, "day", (1, 1)), (20, "day", (21, 21)), (300, "week", (43, 44)), (5 * 365, "month", (60, 61)),
    (20 * 365, "quarter", (80, 81)), (29 * 365, "year", (29, 30)), (80 * 365, "year", (80, 81)),
])
def test_the_time_chart_picks_a_unit_that_fits_the_span(days: int, unit: str, columns: tuple[int, int]) -> None:
    page = render_html(summarise(spanning(days)))
    assert f"Bounces per {unit} (UTC" in page
    chart = page[page.index('id="chart-days"'):]
    chart = chart[: chart.index("</svg>")]
    titles = {re.match(r"[^:]+", t).group() for t in re.findall(r"<title>([^<]+)</title>", chart)}  # type: ignore[union-attr]
    assert columns[0] <= len(titles) <= columns[1]  # every bucket with bounces has its column
    labels = re.findall(r'<text class="tick" x="([\d.]+)"[^>]*>([^<]+)</text>', chart)
    assert 1 <= len(labels) <= 16
    if unit == "year":
        assert all(re.fullmatch(r"\d{4}", text) for _, text in labels)
    # Centred labels: two neighbours are at least a label's width apart (12px digits are under
    # 7.5 pixels wide), plus a gap.
    xs = [float(x) for x, _ in labels]
    assert xs == sorted(xs) and all(b - a >= 7.5 * len(labels[0][1]) + 8 for a, b in pairwise(xs))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_twenty_years_stay_readable_in_chromium(tmp_path: Path, lang: str) -> None:
    """20 years of dates: columns a few pixels wide at least, date labels that do not overlap,
    measured in the page as Chromium laid it out; a screenshot is kept beside the page."""
    report = tmp_path / f"twenty-years-{lang}.html"
    report.write_text(render_html(summarise(spanning(20 * 365, 2000)), lang=lang), encoding="utf-8")
    charts = {chart["id"]: chart for chart in layout(dump_dom(report))}
    days = charts["chart-days"]
    assert days["bars"] >= 20 and days["min_bar_width"] >= 3  # type: ignore[operator]
    labels = days["labels"]
    assert len(labels) >= 3  # type: ignore[arg-type]
    for (x1, _, w1, _), (x2, _, _, _) in pairwise(labels):  # type: ignore[arg-type]
        assert w1 > 0 and x1 + w1 <= x2, "date labels overlap"
    assert all(x >= 0 and x + w <= float(days["width"]) for x, _, w, _ in labels)  # type: ignore[union-attr, arg-type]
    shot = screenshot(report)
    assert shot.stat().st_size > 10_000
    if lang == "zh":
        assert '"Noto Sans CJK SC"' in report.read_text() and "每季度退信数" in report.read_text()


def screenshot(page: Path) -> Path:
    """A PNG of the page as headless Chromium draws it, written beside the page (and kept under
    $BA_SCREENSHOTS when set, to be looked at)."""
    import os

    shot = page.with_suffix(".png")
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--hide-scrollbars",
             "--window-size=1024,1200", f"--screenshot={shot}", page.as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
        )
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    keep = os.environ.get("BA_SCREENSHOTS")
    if keep:
        shutil.copy(shot, Path(keep) / shot.name)
    return shot
