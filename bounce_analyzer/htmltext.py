"""HTML reduced to text: a notice sent as text/html only, read as a browser lays it out.

The reading layer (message.py) asks `html_text` for the text of an HTML part. The reduction
follows the HTML Living Standard's rendering rules for the blocks a notice uses (section 15.3,
"Non-replaced elements") and what a page's CSS says about their margins, so that a notice's
lines come out as the lines a reader sees. One pass over the page, bounded in length; every
pattern here sees message text, so each runs in linear time.
"""

from __future__ import annotations

import re
from html import unescape as html_unescape

from . import patterns
from .parse import WHITESPACE

# HTML reduced to text (a notice sent as text/html only) as a browser lays it out (the HTML
# Living Standard, section 15.3 "Non-replaced elements"): a block starts and ends a line, and
# blocks that meet give one line break, not one each; <br> is a line of its own. The blocks with
# a vertical margin by default (p, headings, lists, blockquote, pre) are set apart by a blank
# line, unless the page's CSS (a <style> rule for the element, its class or "*", or its own
# style attribute) sets that margin to (about) nothing: a generator that writes every line as
# <p style="margin:0"> (or a <div> or a table row per line) renders, and reads, as plain lines.
HTML_BLOCKS = frozenset({
    "p", "div", "tr", "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody", "thead", "tfoot",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "blockquote", "pre", "address", "section",
    "article", "header", "footer", "center", "title", "form", "fieldset", "caption", "main",
    "nav", "aside", "figure", "figcaption", "listing", "xmp", "plaintext", "menu", "dir",
})  # fmt: skip
HTML_MARGINS = frozenset({
    "p", "ul", "ol", "dl", "menu", "dir", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "figure", "listing", "xmp", "plaintext",
})  # fmt: skip
HTML_LISTS = frozenset({"ul", "ol", "menu", "dir"})  # a list inside a list has no margin
HTML_PRE = frozenset({"pre", "listing", "xmp", "plaintext", "textarea"})  # lines kept
HTML_CELLS = frozenset({"td", "th"})
CELLPADDING = patterns.compile(
    r"\bcellpadding[ \t\r\n]{0,8}=[ \t\r\n]{0,8}[\"']?[ \t]{0,8}(\d{1,4})", re.IGNORECASE
)
HTML_ROWS = frozenset({"tr", "table", "tbody", "thead", "tfoot"})  # a row ends at these
# Blocks that an opening tag of the same name closes when still open (<p>a<p>b, <li>a<li>b)
HTML_SELF_CLOSING = frozenset({"p", "li", "dt", "dd", "tr"})
# A tag's name, read from just after its "<" up to its ">" (so "<a@example.com>" is no tag);
# a name may have a namespace prefix, as Word's and Outlook's HTML writes "<o:p></o:p>".
HTML_TAG = patterns.compile(
    r"(/?)([A-Za-z][A-Za-z0-9]{0,15}(?::[A-Za-z][A-Za-z0-9]{0,15})?)(?=[\s/]|$)"
)
HTML_HIDDEN_END = {
    "script": patterns.compile(r"</script", re.IGNORECASE),
    "style": patterns.compile(r"</style", re.IGNORECASE),
}
BLANKS = patterns.compile(r"[ \t\r\f\v\xa0]{1,4096}")  # bounded: a longer run is cut in runs
# The class and style attributes of a block's tag, and the space a CSS declaration block sets
# above and below: margin and padding (CSS Box Model Level 3, 6.1 and 7.1; CSS Logical
# Properties 4.2 for margin-block), one value or the shorthand's list.
HTML_ATTRIBUTE = patterns.compile(
    r"""\b(class|style)[ \t\r\n]{0,8}=[ \t\r\n]{0,8}(?:"([^"<>]{0,2000})"|'([^'<>]{0,2000})'"""
    r"""|([^\s"'<>]{1,200}))""",
    re.IGNORECASE,
)
CSS_SPACING = patterns.compile(
    r"(?<![\w-])(margin|padding)(-top|-bottom|-block-start|-block-end|-block)?[ \t\r\n]{0,8}:"
    r"([^;{}]{0,200})",
    re.IGNORECASE,
)
CSS_LENGTH = patterns.compile(r"([+-]?(?:\d{1,9}(?:\.\d{0,9})?|\.\d{1,9}))([a-z%]{0,4})$")
# The least space, per unit, that a reader sees as a blank line (half a line of 16px type)
CSS_BLANK_LINE = {
    "": 6.0, "px": 6.0, "pt": 4.5, "pc": 0.375, "em": 0.4, "rem": 0.4, "ex": 0.8, "ch": 0.8,
    "cm": 0.16, "mm": 1.6, "q": 6.4, "in": 0.0625, "%": 1.0, "lh": 0.3, "vh": 1.0,
}  # fmt: skip
CSS_SELECTOR = patterns.compile(r"(\*|[A-Za-z][A-Za-z0-9]{0,15})?((?:\.[\w-]{1,64}){0,8})")
CSS_SEPARATOR = patterns.compile(r"[\s>+~]")


def css_room(value: str) -> float | None:
    """One CSS length in blank lines' room: 1 or more reads as a blank line (None: not a
    length read here)."""
    value = value.strip().lower()
    if value == "auto":  # a block's auto vertical margin is 0 (CSS 2.1 10.6.3)
        return 0.0
    length = CSS_LENGTH.match(value)
    if length is None:
        return None
    least = CSS_BLANK_LINE.get(length.group(2))
    return None if least is None else max(float(length.group(1)), 0.0) / least


def css_spacing(declarations: str) -> dict[str, float]:
    """The vertical space a CSS declaration block sets, by side ("margin-top",
    "padding-bottom" ...), in blank lines' room (`css_room`); a later declaration wins."""
    sides: dict[str, float] = {}
    if "margin" not in declarations and "padding" not in declarations:
        return sides
    for found in CSS_SPACING.finditer(declarations):
        box, which = found.group(1).lower(), (found.group(2) or "").lower()
        values = found.group(3).replace("!important", "").split()
        if not values:
            continue
        if which in ("-top", "-block-start"):
            top, bottom = values[0], None
        elif which in ("-bottom", "-block-end"):
            top, bottom = None, values[0]
        elif which == "-block":
            top, bottom = values[0], values[-1]
        else:  # the shorthand: top, then right, bottom, left (one or two values: top = bottom)
            top, bottom = values[0], values[2] if len(values) > 2 else values[0]
        for side, value in (("-top", top), ("-bottom", bottom)):
            room = None if value is None else css_room(value)
            if room is not None:
                sides[box + side] = room
    return sides


class HtmlStyle:
    """The vertical spacing the <style> rules of a page set per element name, per class and
    for every element ("*"): what `html_text` needs to tell a paragraph from a line. A rule is
    kept by the last part of its selector (".x p" as "p"); a selector with a pseudo-class or an
    attribute test, and a rule inside "@media", are passed over. A more specific rule wins over
    "*", then the later one."""

    def __init__(self) -> None:
        self.every: dict[str, float] = {}
        self.names: dict[str, dict[str, float]] = {}
        self.classes: dict[tuple[str, str], dict[str, float]] = {}  # ("" or a name, class)
        # html_spacing's answers, by element name, tag text and whether in a list: a generated
        # page repeats the same few tags (Outlook's NDR: 140 blocks, 2 dozen kinds)
        self.known: dict[tuple[str, str, bool], dict[str, float]] = {}

    def read(self, css: str) -> None:
        if "margin" not in css and "padding" not in css:
            return
        self.known.clear()
        media = False  # in an "@media ... { }" block: rules for some screens only, passed over
        for block in css.split("}"):
            selectors, brace, declarations = block.rpartition("{")
            if not brace:  # the end of an at-rule's block
                media = False
                continue
            outer, _, selectors = selectors.rpartition("{")
            media = media or "@media" in outer
            sides = css_spacing(declarations)
            if media or not sides:
                continue
            selectors = selectors.rpartition("*/")[2]  # a comment before the rule
            for selector in selectors.split(","):
                selector = selector.strip()
                if not selector or "[" in selector or ":" in selector:
                    continue
                last = CSS_SELECTOR.fullmatch(CSS_SEPARATOR.split(selector)[-1])
                if last is None:
                    continue
                name, classes = (last.group(1) or "").lower(), last.group(2)
                if classes:
                    for cls in classes[1:].split("."):
                        self.classes.setdefault(("" if name == "*" else name, cls), {}).update(sides)
                elif name == "*":
                    self.every.update(sides)
                elif name:
                    self.names.setdefault(name, {}).update(sides)

    def __bool__(self) -> bool:
        return bool(self.every or self.names or self.classes)


KNOWN_TAGS = 512  # the tags whose spacing a page remembers (HtmlStyle.known)


def html_spacing(name: str, tag: str, style: HtmlStyle, nested_list: bool) -> dict[str, float]:
    """The vertical margins and paddings of an element (`css_spacing`), from its name's
    default, the page's rules and its own style attribute."""
    known = style.known.get((name, tag, nested_list))
    if known is not None:
        return known
    margin = float(name in HTML_MARGINS and not (nested_list and name in HTML_LISTS))
    sides = {"margin-top": margin, "margin-bottom": margin}
    attributes: dict[str, str] = {}
    if "=" in tag and (style or "style" in tag.lower()):
        for found in HTML_ATTRIBUTE.finditer(tag):
            value = found.group(2) or found.group(3) or found.group(4) or ""
            attributes.setdefault(found.group(1).lower(), value)
    sides.update(style.every)
    sides.update(style.names.get(name, {}))
    for cls in attributes.get("class", "").split():
        sides.update(style.classes.get(("", cls), {}))
        sides.update(style.classes.get((name, cls), {}))
    sides.update(css_spacing(attributes.get("style", "")))
    if len(style.known) < KNOWN_TAGS:  # bounded: a hostile page's thousands of tags
        style.known[name, tag, nested_list] = sides
    return sides


def html_block_spacing(
    name: str, tag: str, style: HtmlStyle, nested_list: bool
) -> tuple[int, int]:
    """The line break a block gives before and after it: 2 for a blank line, else 1."""
    sides = html_spacing(name, tag, style, nested_list)
    top = max(sides["margin-top"], sides.get("padding-top", 0.0)) >= 1
    bottom = max(sides["margin-bottom"], sides.get("padding-bottom", 0.0)) >= 1
    return 1 + top, 1 + bottom


def html_cell_room(name: str, tag: str, style: HtmlStyle, cellpadding: float) -> bool:
    """Whether a table cell's padding above and below its text (a cell has no margin) leaves a
    blank line's room between its row and the next, as rows of boxed cells render. Its table's
    cellpadding (pixels) is the padding CSS does not set (HTML Living Standard 15.3.8)."""
    sides = html_spacing(name, tag, style, False)
    room = cellpadding / CSS_BLANK_LINE["px"]
    return sides.get("padding-top", room) + sides.get("padding-bottom", room) >= 1


def html_text(html: str, limit: int = 1 << 18) -> str:
    """The text of an HTML document as a plain-text notice would have it, in one pass: tags
    removed, blocks as lines (blocks that meet give one line break; paragraphs a blank line
    unless the page's CSS takes their margin away), <br> as a line break, cells apart, lines
    of <pre> kept, comments, <script> and <style> content dropped (a style's spacing rules
    read), entities decoded (html.unescape), blanks collapsed. At most `limit` characters.

    Each find starts where the last one stopped, and the ">" after a run of "<" is found
    once, so the pass is linear in the length of the HTML however it is malformed.
    """
    out: list[str] = []
    size, pos, close = len(html), 0, -1
    style = HtmlStyle()
    # The line break owed before the next text (0, 1 or 2 for a blank line), how many line
    # breaks the text ends with (at most 2), whether any text came yet, the bottom spacing of
    # the last block of each name opened, how deep in lists and in <pre> the pass is.
    owed, ending, begun = 0, 0, False
    bottoms: dict[str, list[int]] = {}
    lists = pre = 0
    # whether the table row being read is set apart from the next (its cells so far): a row of
    # two cells or more is a record (a label and its value, as notices lay out their fields),
    # and so is a row whose cells are padded a blank line high; a row of one cell is a line
    spaced_row, cells = False, 0
    cellpaddings: list[float] = []  # of the tables open

    def read_text(segment: str) -> None:
        if pre:
            lines = segment.split("\n")
            for number, line in enumerate(lines):
                if number:
                    newline()
                if line:
                    text_run(WHITESPACE.sub(" ", line))
            return
        text_run(WHITESPACE.sub(" ", segment))

    def flush() -> None:  # the line break owed, before text or a <br>
        nonlocal owed, ending
        if owed:
            # at the very start one line break, whatever the block (as the pass always gave)
            wanted = owed if begun else 1
            if wanted > ending:
                out.append("\n" * (wanted - ending))
                ending = wanted
            owed = 0

    def text_run(run: str) -> None:
        nonlocal owed, ending, begun
        if run.strip(" "):
            flush()
            out.append(run)
            ending, begun = 0, True
        elif begun and not owed and not ending:
            out.append(" ")

    def newline() -> None:
        nonlocal ending, begun
        flush()
        out.append("\n")
        ending, begun = min(ending + 1, 2), True

    while pos < size:
        start = html.find("<", pos)
        if start == -1:
            read_text(html[pos:])
            break
        if start > pos:
            read_text(html[pos:start])
        if html.startswith("<!--", start):
            end = html.find("-->", start + 4)
            pos = size if end == -1 else end + 3
            continue
        if close <= start:
            close = html.find(">", start + 1)
            if close == -1:
                close = size
        if close == size:  # a "<" that no ">" follows: the rest is text
            read_text(html[start:])
            break
        if html.startswith(("<!", "<?"), start):  # <!DOCTYPE ...>, <![CDATA[, <?xml ...?>
            pos = close + 1
            continue
        tag = HTML_TAG.match(html, start + 1, close)
        if tag is None:  # "<" as text ("< 5 minutes", "<a@example.com>")
            text_run("<")
            pos = start + 1
            continue
        pos = close + 1
        name, closing = tag.group(2).lower(), bool(tag.group(1))
        if name == "br":
            newline()
        elif name in HTML_BLOCKS:
            if name in HTML_ROWS:
                if spaced_row:
                    owed = 2
                spaced_row, cells = False, 0
            opened = bottoms.setdefault(name, [])
            if closing or (name in HTML_SELF_CLOSING and opened):
                owed = max(owed, opened.pop() if opened else 1 + (name in HTML_MARGINS))
                if name in HTML_LISTS and lists and closing:
                    lists -= 1
                if name in HTML_PRE and pre and closing:
                    pre -= 1
            if name == "table":
                if not closing:
                    found = CELLPADDING.search(html, tag.end(), close)
                    cellpaddings.append(float(found.group(1)) if found else 0.0)
                elif cellpaddings:
                    cellpaddings.pop()
            if not closing:
                above, below = html_block_spacing(name, html[tag.end() : close], style, lists > 0)
                owed = max(owed, above)
                opened.append(below)
                if name in HTML_LISTS:
                    lists += 1
                if name in HTML_PRE:
                    pre += 1
                    if html.startswith("\n", pos):  # a newline just after <pre> is not shown
                        pos += 1
        elif name in HTML_CELLS and not closing:
            text_run(" ")
            cells += 1
            spaced_row = spaced_row or cells > 1 or html_cell_room(
                name, html[tag.end() : close], style, cellpaddings[-1] if cellpaddings else 0.0
            )
        elif name == "textarea":
            pre = pre + 1 if not closing else max(pre - 1, 0)
        hidden = HTML_HIDDEN_END.get(name)
        if hidden is not None and not closing:
            found = hidden.search(html, pos)
            end = size if found is None else found.start()
            if name == "style":
                style.read(html[pos:end])
            pos = end  # its closing tag is read next
    if owed and not ending:  # a block that ends the document ends its last line
        out.append("\n")
    text = html_unescape("".join(out)).replace("\xa0", " ")
    lines = (BLANKS.sub(" ", line).strip() for line in text[: limit + limit // 4].split("\n"))
    return "\n".join(lines)[:limit]
