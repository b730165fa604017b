"""A notice sent only as text/html reads like the plain text it renders as.

HTML generators often write every line of a notice as its own block: a <p> with no margin
(`p {margin:0}`, Outlook's `p.MsoNormal {margin:0cm}`), a <div> per line, a table row per
line. A browser shows those as consecutive lines; reduced with a blank line per block, the
layouts that read a heading and the lines right under it (Exim's "The following address(es)
failed:" and the indented lines below each address) lost their rows. Real paragraphs (a <p>
with its default margin, a margin set in CSS, a padded table row) still come out apart.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pytest

from bounce_analyzer.classifier import load_classifier
from bounce_analyzer.htmltext import html_text
from bounce_analyzer.ingest import RawMessage
from bounce_analyzer.model import MessageError, Verdict
from bounce_analyzer.pipeline import Options, judge

from .test_bounds import grows_linearly


def judged(data: str) -> tuple[list[Verdict], MessageError | None]:
    outcome = judge(RawMessage("m", data.encode("utf-8")), load_classifier(), Options())
    return outcome.rows, outcome.error


EXIM_NOTICE = """This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  ann@example.net
    host mx1.example.net [192.0.2.25]
    SMTP error from remote mail server after RCPT TO:<ann@example.net>:
    550 5.1.1 <ann@example.net>: Recipient address rejected: User unknown
  bob@example.net
    host mx1.example.net [192.0.2.25]
    SMTP error from remote mail server after end of data:
    552 5.2.2 Mailbox full
"""

EXIM_HEAD = (
    "From: Mail Delivery System <Mailer-Daemon@mx.example.org>\nTo: sender@example.org\n"
    "Subject: Mail delivery failed: returning message to sender\nMIME-Version: 1.0\n"
    "Content-Type: text/html; charset=utf-8\n\n"
)


def as_lines(text: str, line: Callable[[str], str], head: str = "") -> str:
    """The notice as an HTML generator writes it, one block per line (an empty line kept as a
    block holding a no-break space, as such generators do)."""
    body = "".join(line(html.escape(each) or "&nbsp;") + "\n" for each in text.split("\n"))
    return f"<html><head>{head}</head><body>\n{body}</body></html>\n"


SHAPES = {
    "p-margin-0-in-style": lambda t: as_lines(t, lambda s: f"<p>{s}</p>", "<style>p{margin:0}</style>"),
    "p-style-attribute": lambda t: as_lines(t, lambda s: f'<p style="margin: 0px;">{s}</p>'),
    "outlook-msonormal": lambda t: as_lines(
        t,
        lambda s: f"<p class=MsoNormal>{s}<o:p></o:p></p>",
        "<style><!-- p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm;margin-bottom:.0001pt;"
        "font-size:11.0pt;font-family:\"Calibri\",sans-serif;} --></style>",
    ),
    "div-per-line": lambda t: as_lines(t, lambda s: f"<div>{s}</div>"),
    "table-row-per-line": lambda t: as_lines(t, lambda s: f"<tr><td>{s}</td></tr>").replace(
        "<body>\n", "<body>\n<table>"
    ).replace("</body>", "</table></body>"),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_line_per_block_notice_reads_as_its_lines(shape: str) -> None:
    text = html_text(SHAPES[shape](EXIM_NOTICE))
    lines = [line for line in text.split("\n")]
    start = lines.index("ann@example.net")
    assert lines[start - 2 : start + 6] == [
        "recipients. This is a permanent error. The following address(es) failed:",
        "",
        "ann@example.net",
        "host mx1.example.net [192.0.2.25]",
        "SMTP error from remote mail server after RCPT TO:<ann@example.net>:",
        "550 5.1.1 <ann@example.net>: Recipient address rejected: User unknown",
        "bob@example.net",
        "host mx1.example.net [192.0.2.25]",
    ]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_line_per_block_exim_notice_gives_its_rows(shape: str) -> None:
    rows, error = judged(EXIM_HEAD + SHAPES[shape](EXIM_NOTICE))
    assert error is None
    assert [(r.recipient, r.reason, r.bounce, r.reply_code) for r in rows] == [
        ("ann@example.net", "userunknown", "hard", "550"),
        ("bob@example.net", "mailboxfull", "soft", "552"),
    ]


def test_paragraphs_with_their_margin_stay_apart() -> None:
    # the default margin of <p> (HTML Living Standard 15.3.3), and one a page's CSS sets
    assert html_text("<p>one</p><p>two</p>").strip() == "one\n\ntwo"
    assert html_text("<style>p {margin: 1em 0}</style><p>one</p><p>two</p>").strip() == "one\n\ntwo"
    assert html_text('<p style="margin:0 0 12px">one</p><p style="margin:0">two</p>').strip() == (
        "one\n\ntwo"
    )
    # a margin above only separates from what comes before
    assert html_text("<style>p{margin:0}</style><div>a</div><p style='margin-top:1em'>b</p><p>c</p>").strip() == (
        "a\n\nb\nc"
    )
    # a margin set to nothing in a rule for the element's class, for every element ("*")
    assert html_text("<style>.line{margin:0}</style><p class='line'>a</p><p class=line>b</p>").strip() == "a\nb"
    assert html_text("<style>* { margin: 0; padding: 0 }</style><p>a</p><h3>b</h3><p>c</p>").strip() == "a\nb\nc"
    # a rule for some screens only ("@media") is not the page's
    assert html_text("<style>@media (max-width: 480px) { p { margin: 0 } }</style><p>a</p><p>b</p>").strip() == (
        "a\n\nb"
    )


def test_blocks_that_meet_give_one_line_break() -> None:
    assert html_text("<div><div><p style='margin:0'>a</p></div></div><div>b</div>").strip() == "a\nb"
    # an empty block is no line; a <br> alone in one is (the empty line of a composer)
    assert html_text("<div>a</div><div></div><div>b</div>").strip() == "a\nb"
    assert html_text("<div>a</div><div><br></div><div>b</div>").strip() == "a\n\nb"
    assert html_text("a<br>b<br><br>c").strip() == "a\nb\n\nc"


def test_table_rows_of_one_cell_are_lines_and_records_apart() -> None:
    lines = "<tr><td>Delivery failed to:</td></tr><tr><td>a@example.net</td></tr>"
    assert html_text(f"<table>{lines}</table>").strip() == "Delivery failed to:\na@example.net"
    # cells padded half a line or more above and below (their CSS or the table's cellpadding)
    padded = lines.replace("<td>", '<td style="padding:5px 15px">')
    assert html_text(f"<table>{padded}</table>").strip() == "Delivery failed to:\n\na@example.net"
    assert html_text(f'<table cellpadding="6">{lines}</table>').strip() == (
        "Delivery failed to:\n\na@example.net"
    )
    assert html_text(f'<table cellpadding="1">{lines}</table>').strip() == (
        "Delivery failed to:\na@example.net"
    )
    # a row of two cells or more is a record (a label and its value), set apart from the next
    fields = "<tr><td>Recipient:</td><td>a@example.net</td></tr><tr><td>Reason:</td><td>550 No such user</td></tr>"
    assert html_text(f"<table>{fields}</table>").strip() == "Recipient: a@example.net\n\nReason: 550 No such user"


def test_preformatted_lines_are_kept() -> None:
    assert html_text("<p>The error was:</p><pre>\n550-5.1.1 first\n550 5.1.1 second</pre>after").strip() == (
        "The error was:\n\n550-5.1.1 first\n550 5.1.1 second\n\nafter"
    )


@pytest.mark.parametrize(
    "unit",
    [
        '<p style="margin:0">x</p>',
        "<style>p.a, .b p, * {margin:0 0 1em; padding:.0001pt}</style>",
        '<table cellpadding="9"><tr><td style="padding:9px">x',
        "<pre>\nx\n",
        "<p class='a b c d'>",
        "<style>p{margin:",
        '<p style="margin:',
        "<ul><li>",
    ],
)
def test_html_text_is_linear_on_hostile_blocks(unit: str) -> None:
    def make(size: int) -> Callable[[], object]:
        page = unit * (size // len(unit))
        return lambda: html_text(page, limit=1 << 30)

    assert grows_linearly(make, 1 << 16)
