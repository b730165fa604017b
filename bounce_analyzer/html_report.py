"""The summary as one self-contained HTML file: inline SVG charts drawn here, no network.

The page loads nothing: styles and the small layout script are inline, and a Content Security
Policy forbids every fetch, so it opens the same from a mail attachment or a file share.
The charts are plain SVG computed in Python (no chart library, no CDN). The inline script only
measures the drawn charts and writes their sizes into `<pre id="chart-layout">` as JSON, so a
headless browser test (tests/test_html_report.py) can tell that they were really laid out.
"""

from __future__ import annotations

from datetime import date
from html import escape

from .summary import Summary, Tally, days, iso

HARD = "#b3261e"
SOFT = "#e8a33d"
OTHER = "#8c8c8c"

# The page's own words; explanations come from the rules in the chosen language.
LABELS = {
    "en": {
        "title": "Bounce summary",
        "rows": "rows", "messages": "messages", "recipients": "recipients",
        "reasons": "Reasons", "per_day": "Bounces per day (UTC)",
        "per_month": "Bounces per month (UTC)", "domains": "Worst recipient domains",
        "diagnostics": "Most frequent diagnostics", "domain": "Domain", "count": "Bounces",
        "hard": "hard", "soft": "soft", "other": "other", "top_reason": "Main reason",
        "text": "Server's words (addresses, ids, numbers masked)", "reason": "Reason",
        "explanation": "What it means", "none": "No bounces.", "undated": "rows of unknown date",
    },
    "zh": {
        "title": "退信汇总",
        "rows": "行", "messages": "封邮件", "recipients": "个收件人",
        "reasons": "退信原因", "per_day": "每日退信数 (UTC)",
        "per_month": "每月退信数 (UTC)", "domains": "退信最多的收件域名",
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
      out.push({id: svg.id, width: box.width, height: box.height, bars: bars.length});
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
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto;
       max-width: 980px; color: #1d1d1f; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.meta { color: #555; margin: 0 0 12px; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg text { font: 12px system-ui, sans-serif; fill: #1d1d1f; }
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
            f"<h2>{escape(words['per_month' if monthly(days(summary)) else 'per_day'])}</h2>",
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
    """Vertical stacked columns per day (every day from first to last, gaps drawn as empty)."""
    left, right, top, bottom = 80, 12, 12, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    per_month = monthly(rows)
    rows = by_month(rows) if per_month else rows
    by_day = dict(rows)
    every = _every_day(rows[0][0], rows[-1][0]) if rows else []
    if per_month:
        every = [day for day in every if day.day == 1]  # one column per month
    most = max((tally.count for _, tally in rows), default=1)
    step = plot_w / max(1, len(every))
    bar_w = max(1.0, step * 0.75)
    label_every = max(1, round(len(every) / 12))  # at most about a dozen date labels
    parts = [svg_open("chart-days", width, height, "bounces per day, hard and soft"),
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#999"/>',
             f'<text x="{left - 6}" y="{top + 10}" text-anchor="end">{most}</text>',
             f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>']
    for i, day in enumerate(every):
        x = left + i * step + (step - bar_w) / 2
        tally = by_day.get(day)
        y = float(top + plot_h)
        for count, colour, cls in _segments(tally) if tally else []:
            h = plot_h * count / most
            y -= h
            parts.append(f'<rect class="bar {cls}" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{colour}"><title>{day.isoformat()}: {count} {cls}</title></rect>')
        if i % label_every == 0:
            cx = x + bar_w / 2
            parts.append(f'<text x="{cx:.1f}" y="{top + plot_h + 16}" text-anchor="end" '
                         f'transform="rotate(-35 {cx:.1f} {top + plot_h + 16})">{day.isoformat()}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


MAX_DAYS = 120  # beyond this a column per day is thinner than a pixel: count per month instead


def monthly(rows: list[tuple[date, Tally]]) -> bool:
    """Whether the days span too long a time for a column each."""
    return bool(rows) and (rows[-1][0] - rows[0][0]).days > MAX_DAYS


def by_month(rows: list[tuple[date, Tally]]) -> list[tuple[date, Tally]]:
    months: dict[date, Tally] = {}
    for day, tally in rows:
        month = months.setdefault(day.replace(day=1), Tally())
        month.count += tally.count
        month.hard += tally.hard
        month.soft += tally.soft
        month.reasons.update(tally.reasons)
    return sorted(months.items())


def _every_day(first: date, last: date) -> list[date]:
    return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]


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
