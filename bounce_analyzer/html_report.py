"""The summary as one self-contained HTML file: inline SVG charts drawn here, no network.

The page loads nothing: styles and the small layout script are inline, and a Content Security
Policy forbids every fetch, so it opens the same from a mail attachment or a file share.
The charts are plain SVG computed in Python (no chart library, no CDN). The inline script only
measures the drawn charts and writes their sizes into `<pre id="chart-layout">` as JSON, so a
headless browser test (tests/test_html_report.py) can tell that they were really laid out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from html import escape

from .events import iso
from .summary import Summary, Tally, days

HARD = "#b3261e"
SOFT = "#e8a33d"
OTHER = "#8c8c8c"

# The page's own words; explanations come from the rules in the chosen language.
LABELS = {
    "en": {
        "title": "Bounce summary",
        "rows": "rows", "messages": "messages", "recipients": "recipients",
        "reasons": "Reasons", "per_day": "Bounces per day (UTC)",
        "per_week": "Bounces per week (UTC, weeks from Monday)",
        "per_month": "Bounces per month (UTC)", "per_quarter": "Bounces per quarter (UTC)",
        "per_year": "Bounces per year (UTC)",
        "domains": "Worst recipient domains",
        "diagnostics": "Most frequent diagnostics", "domain": "Domain", "count": "Bounces",
        "hard": "hard", "soft": "soft", "other": "other", "top_reason": "Main reason",
        "text": "Server's words (addresses, ids, numbers masked)", "reason": "Reason",
        "explanation": "What it means", "none": "No bounces.", "undated": "rows of unknown date",
    },
    "zh": {
        "title": "退信汇总",
        "rows": "行", "messages": "封邮件", "recipients": "个收件人",
        "reasons": "退信原因", "per_day": "每日退信数 (UTC)",
        "per_week": "每周退信数 (UTC,每周从周一开始)",
        "per_month": "每月退信数 (UTC)", "per_quarter": "每季度退信数 (UTC)", "per_year": "每年退信数 (UTC)",
        "domains": "退信最多的收件域名",
        "diagnostics": "最常见的诊断信息", "domain": "域名", "count": "退信数",
        "hard": "硬退信", "soft": "软退信", "other": "其他", "top_reason": "主要原因",
        "text": "服务器原文 (地址、编号、数字已隐去)", "reason": "原因",
        "explanation": "含义", "none": "没有退信。", "undated": "行日期未知",
    },
}

# Measures every chart and its bars after layout; the test reads the JSON it writes.
LAYOUT_SCRIPT = """
(function () {
  function measure() {
    var out = [];
    document.querySelectorAll("svg.chart").forEach(function (svg) {
      var box = svg.getBoundingClientRect();
      var bars = Array.prototype.filter.call(svg.querySelectorAll("rect.bar"), function (bar) {
        var b = bar.getBoundingClientRect();
        return b.width > 0 && b.height > 0;
      });
      var widths = bars.map(function (bar) { return bar.getBoundingClientRect().width; });
      var labels = Array.prototype.map.call(svg.querySelectorAll("text.tick"), function (label) {
        var b = label.getBoundingClientRect();
        return [b.left - box.left, b.top - box.top, b.width, b.height];
      });
      out.push({id: svg.id, width: box.width, height: box.height, bars: bars.length,
                min_bar_width: widths.length ? Math.min.apply(null, widths) : 0, labels: labels});
    });
    document.getElementById("chart-layout").textContent = JSON.stringify(out);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", measure);
  } else {
    measure();
  }
})();
"""

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial,
       "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC",
       "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; margin: 24px auto;
       max-width: 980px; color: #1d1d1f; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.meta { color: #555; margin: 0 0 12px; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg text { font-size: 12px; font-family: inherit; fill: #1d1d1f; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12px ui-monospace, monospace; word-break: break-word; }
.legend span { display: inline-block; margin-right: 14px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
#chart-layout { display: none; }
"""


def render_html(summary: Summary, *, lang: str = "en", top: int = 10) -> str:
    """The whole report as one HTML document (a str; write it as UTF-8)."""
    words = LABELS["zh" if lang.lower().startswith("zh") else "en"]
    span = f" · {iso(summary.first)[:10]} – {iso(summary.last)[:10]}" if summary.first and summary.last else ""
    meta = (f"{summary.rows} {words['rows']} · {summary.messages} {words['messages']} · "
            f"{summary.recipients} {words['recipients']}{span}")
    if not summary.rows:
        body = f"<p>{escape(words['none'])}</p>"
    else:
        body = "\n".join((
            f"<h2>{escape(words['reasons'])}</h2>",
            legend(words),
            reasons_chart(summary.section("reason")),
            f"<h2>{escape(words['per_' + time_unit(days(summary))])}</h2>",
            legend(words),
            days_chart(days(summary)),
            undated_note(summary, words),
            f"<h2>{escape(words['domains'])}</h2>",
            domains_table(summary.section("domain", top), words),
            f"<h2>{escape(words['diagnostics'])}</h2>",
            diagnostics_table(summary.section("diagnostic", top), words),
        ))
    html_lang = "zh-CN" if words is LABELS["zh"] else "en"
    return f"""<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(words['title'])}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{escape(words['title'])}</h1>
<p class="meta">{escape(meta)}</p>
{body}
<pre id="chart-layout"></pre>
<script>{LAYOUT_SCRIPT}</script>
</body>
</html>
"""


def legend(words: dict[str, str]) -> str:
    items = ((HARD, words["hard"]), (SOFT, words["soft"]), (OTHER, words["other"]))
    spans = "".join(f'<span><i style="background:{colour}"></i>{escape(name)}</span>' for colour, name in items)
    return f'<p class="legend">{spans}</p>'


def _segments(tally: Tally) -> list[tuple[int, str, str]]:
    """(count, colour, class) for the hard, soft and other parts of a bar."""
    other = tally.count - tally.hard - tally.soft
    parts = ((tally.hard, HARD, "hard"), (tally.soft, SOFT, "soft"), (other, OTHER, "other"))
    return [part for part in parts if part[0] > 0]


def svg_open(ident: str, width: int, height: int, label: str) -> str:
    return (f'<svg class="chart" id="{ident}" xmlns="http://www.w3.org/2000/svg" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">')


def reasons_chart(rows: list[tuple[str, Tally]], width: int = 760) -> str:
    """Horizontal stacked bars, one per reason, longest first."""
    label_w, row_h, pad = 130, 24, 8
    plot_w = width - label_w - 60
    most = max((tally.count for _, tally in rows), default=1)
    height = pad * 2 + row_h * len(rows)
    parts = [svg_open("chart-reasons", width, height, "bounces by reason")]
    for i, (reason, tally) in enumerate(rows):
        y = pad + i * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(reason)}</text>')
        x = float(label_w)
        for count, colour, cls in _segments(tally):
            w = max(1.0, plot_w * count / most)
            parts.append(f'<rect class="bar {cls}" x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
                         f'fill="{colour}"><title>{escape(reason)}: {count} {cls}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 16}">{tally.count}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def days_chart(rows: list[tuple[date, Tally]], width: int = 760, height: int = 240) -> str:
    """Vertical stacked columns over time: one per day, week, month or year (`time_unit`: the
    finest that gives at most MAX_BARS columns), every one from the first to the last drawn,
    empty ones too, so that gaps show as gaps. Date labels are horizontal and spaced so that
    they never overlap, whatever the span (one day or decades)."""
    left, right, top, bottom = 48, 12, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    unit = time_unit(rows)
    buckets = bucketed(rows, unit)
    every = _every_bucket(buckets[0][0], buckets[-1][0], unit) if buckets else []
    by_start = dict(buckets)
    most = max((tally.count for _, tally in buckets), default=1)
    step = plot_w / max(1, len(every))
    bar_w = max(1.0, step * 0.75) if step >= 4 else step  # narrow columns touch rather than vanish
    text = LABEL_FORMATS[unit]
    label_w = len(text(every[0])) * LABEL_CHAR_WIDTH if every else 0
    label_every = _nice_multiple(max(1, math.ceil((label_w + LABEL_GAP) / step)), unit)
    base = top + plot_h
    parts = [svg_open("chart-days", width, height, f"bounces per {unit}, hard and soft"),
             f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="#999"/>',
             f'<text x="{left - 6}" y="{top + 10}" text-anchor="end">{most}</text>',
             f'<text x="{left - 6}" y="{base}" text-anchor="end">0</text>']
    for i, start in enumerate(every):
        x = left + i * step + (step - bar_w) / 2
        tally = by_start.get(start)
        y = float(base)
        for count, colour, cls in _segments(tally) if tally else []:
            h = plot_h * count / most
            y -= h
            parts.append(f'<rect class="bar {cls}" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{colour}"><title>{text(start)}: {count} {cls}</title></rect>')
        cx = x + bar_w / 2
        if _labelled(start, i, label_every, unit) and label_w / 2 <= cx <= width - label_w / 2:
            parts.append(f'<line x1="{cx:.1f}" y1="{base}" x2="{cx:.1f}" y2="{base + 4}" stroke="#999"/>')
            # Labels only on first quarters: the year says it ("2030", not "2030-Q1").
            label = str(start.year) if unit == "quarter" and label_every >= 4 else text(start)
            parts.append(f'<text class="tick" x="{cx:.1f}" y="{base + 18}" text-anchor="middle">{label}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


# At most this many columns: 668 pixels of plot give each at least 6 (a 5-pixel bar and a gap).
MAX_BARS = 110
UNITS = ("day", "week", "month", "quarter", "year")


def _quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


LABEL_FORMATS: dict[str, Callable[[date], str]] = {
    "day": date.isoformat, "week": date.isoformat, "month": lambda day: day.isoformat()[:7],
    "quarter": _quarter, "year": lambda day: str(day.year),
}
# A date label's width at 12px: digits and '-' are at most 7.2 pixels wide in common sans-serif
# faces (DejaVu Sans: 7.6 at 12px, hence 8 to be safe), and the space between two labels.
LABEL_CHAR_WIDTH = 8
LABEL_GAP = 12


def time_unit(rows: list[tuple[date, Tally]]) -> str:
    """The finest of day, week, month, quarter and year that draws the span in at most
    MAX_BARS columns."""
    if not rows:
        return "day"
    first, last = rows[0][0], rows[-1][0]
    for unit in UNITS[:-1]:
        if len(_every_bucket(bucket_start(first, unit), bucket_start(last, unit), unit, MAX_BARS + 1)) <= MAX_BARS:
            return unit
    return "year"


def bucket_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())  # ISO 8601 weeks start on Monday
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return day


def bucketed(rows: list[tuple[date, Tally]], unit: str) -> list[tuple[date, Tally]]:
    """The days' tallies added up per bucket (by its first day), in order."""
    if unit == "day":
        return rows
    buckets: dict[date, Tally] = {}
    for day, tally in rows:
        total = buckets.setdefault(bucket_start(day, unit), Tally())
        total.count += tally.count
        total.hard += tally.hard
        total.soft += tally.soft
        total.reasons.update(tally.reasons)
    return sorted(buckets.items())


def _every_bucket(first: date, last: date, unit: str, limit: int | None = None) -> list[date]:
    """Every bucket start from first to last (both bucket starts); stops past `limit` of them."""
    out: list[date] = []
    current = first
    while current <= last and (limit is None or len(out) < limit):
        out.append(current)
        if unit == "day":
            current += timedelta(days=1)
        elif unit == "week":
            current += timedelta(days=7)
        elif unit in ("month", "quarter"):
            months = 1 if unit == "month" else 3
            index = current.month - 1 + months
            current = date(current.year + index // 12, index % 12 + 1, 1)
        else:
            current = date(current.year + 1, 1, 1)
    return out


def _nice_multiple(needed: int, unit: str) -> int:
    """The label spacing: at least `needed` columns, rounded up to a step a reader expects
    (every 2, 3 or 6 months, 5 or 10 years, 7 or 14 days ...)."""
    nice = {"day": (1, 2, 7, 14, 28), "week": (1, 2, 4, 8, 13, 26), "month": (1, 2, 3, 6, 12, 24),
            "quarter": (1, 2, 4, 8, 20, 40), "year": (1, 2, 5, 10, 20, 50, 100)}[unit]
    return next((n for n in nice if n >= needed), needed)


def _labelled(start: date, index: int, every: int, unit: str) -> bool:
    """Whether a column gets a date label: every `every`-th, aligned to the calendar where that
    reads better (January for yearly month labels, years divisible by 5 or 10)."""
    if unit == "month" and every in (3, 6, 12, 24):
        return (start.month - 1) % min(every, 12) == 0 and (every < 24 or start.year % 2 == 0)
    if unit == "quarter" and every >= 4:
        return start.month == 1 and start.year % (every // 4) == 0
    if unit == "year" and every > 1:
        return start.year % every == 0
    return index % every == 0


def undated_note(summary: Summary, words: dict[str, str]) -> str:
    undated = summary.sections.get("day", {}).get("(unknown)")
    return f'<p class="meta">+ {undated.count} {escape(words["undated"])}</p>' if undated else ""


def domains_table(rows: list[tuple[str, Tally]], words: dict[str, str]) -> str:
    head = (f'<tr><th>{escape(words["domain"])}</th><th class="n">{escape(words["count"])}</th>'
            f'<th class="n">{escape(words["hard"])}</th><th class="n">{escape(words["soft"])}</th>'
            f'<th>{escape(words["top_reason"])}</th></tr>')
    body = "".join(
        f'<tr><td>{escape(domain)}</td><td class="n">{tally.count}</td><td class="n">{tally.hard}</td>'
        f'<td class="n">{tally.soft}</td><td>{escape(tally.top_reason)}</td></tr>'
        for domain, tally in rows
    )
    return f'<table id="domains">{head}{body}</table>'


def diagnostics_table(rows: list[tuple[str, Tally]], words: dict[str, str]) -> str:
    head = (f'<tr><th class="n">{escape(words["count"])}</th><th>{escape(words["text"])}</th>'
            f'<th>{escape(words["reason"])}</th><th>{escape(words["explanation"])}</th></tr>')
    body = "".join(
        f'<tr><td class="n">{tally.count}</td><td><code>{escape(text)}</code></td>'
        f'<td>{escape(tally.top_reason)}</td><td>{escape(getattr(tally, "explanation", ""))}</td></tr>'
        for text, tally in rows
    )
    return f'<table id="diagnostics">{head}{body}</table>'
