"""Helpers every extractor shares: addresses, SMTP codes, and plain text of a message.

All patterns here see message text, so each is written to run in linear time: no nested
quantifiers over unbounded text, and every repetition bounded where it can be.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterator
from email.message import Message
from functools import lru_cache
from html import unescape as html_unescape

from .. import parse, patterns
from ..model import SMTP_COMMANDS
from ..parse import WHITESPACE, unfold  # noqa: F401 - unfold: the extractors' one name for it

# An enhanced status code (RFC 3463 section 2): class.subject.detail. Subject and detail may
# have up to three digits (5.1.10, 4.4.317). Not inside a longer dotted number (an IP address
# or version), so neither a digit nor ".digit" may stand on either side.
STATUS_CODE = patterns.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)")

# An SMTP reply code (RFC 5321 section 4.2): three digits, first 2-5, followed by a space, a
# hyphen (continuation line), end of text, or punctuation, never part of a longer number.
# Not after ":" either, so the groups of an IPv6 address ([2001:db8:220::1]) are not codes.
REPLY_CODE = patterns.compile(r"(?<![\w.\-:])([245][0-5]\d)(?=[ \-]|$|[:;,)\]])")

# A reply code at the very start of a diagnostic ("550 5.1.1 ..." / "550-5.1.1 ...").
# Used with match(); (?<!\s) tries a run of blanks from its first only, so a search over
# hostile text stays linear too.
LEADING_REPLY_CODE = patterns.compile(r"(?<!\s)\s{0,64}([245][0-5]\d)(?:[ \-]|$)")

# "in reply to RCPT TO command" (Postfix) / "... while talking to ...: >>> DATA" (Sendmail).
IN_REPLY_TO = patterns.compile(r"in reply to (?:end of )?([A-Za-z]{4})\b", re.IGNORECASE)

# A control character (C0, DEL, C1): never part of an address a row may carry. Addresses are
# matched with the ones that are not line breaks or blanks inside them, so that
# "a<ESC>b@example.com" is seen whole (and refused by the pipeline) instead of read as
# b@example.com.
CONTROL_CHARACTER = patterns.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL = r"\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
_DOMAIN = (
    rf"@[A-Za-z0-9\-\u00a1-\uffff{_CONTROL}]{{1,63}}"
    rf"(?:\.[A-Za-z0-9\-\u00a1-\uffff{_CONTROL}]{{1,63}}){{0,20}}"
)
# Letters of other scripts (RFC 6531 UTF8-non-ascii), less the punctuation that stands beside
# an address in prose: Latin-1 signs and quotes, general punctuation (U+2000-206F), CJK
# punctuation (U+3000-303F) and the full-width forms' brackets and colons (U+FF00-FF20).
_UTF8 = r"\u00c0-\u1fff\u2070-\u2fff\u3040-\ufeff\uff21-\uffff"

# addr-spec, loosely: what mail systems write in bounces, not what RFC 5322 permits, plus the
# UTF-8 local parts and domains RFC 6531 3.3 permits ("jörg@bücher.example").
ADDRESS = patterns.compile(
    rf"[A-Za-z0-9!#$%&'*+/=?^_`{{|}}~\-{_UTF8}{_CONTROL}]"
    rf"[A-Za-z0-9!#$%&'*+/=?^_`{{|}}~.\-{_UTF8}{_CONTROL}]{{0,254}}{_DOMAIN}"
)
# An address with a quoted local part (RFC 5321 4.1.2: spaces and specials inside, and
# quoted-pairs; at most 64 octets, 4.5.3.1.1): "john smith"@example.com, "a@b"@example.com.
# Its own pattern, not an alternative of ADDRESS: a pattern that starts with one character
# class is searched for far faster. Each alternative inside takes characters of its own, so
# it stays linear.
QUOTED_ADDRESS = patterns.compile(rf'"(?:[^"\\\r\n]|\\[^\r\n]){{1,64}}"{_DOMAIN}')

# What stands before a number that cites a document: "RFC 5321 ", "RFC5322 section ", "§".
CITATION = patterns.compile(r"(?:\brfc ?\d{3,5},?|\bsection|§) ?$", re.IGNORECASE)

@lru_cache(maxsize=8192)  # a pure function of its text, called on the same texts many times
def normalise_address(text: str) -> str:
    """Return an address as `local@domain` with the domain lower-cased, or "" if none.

    Accepts the forms bounces carry: `rfc822; a@b`, `<a@b>`, `"Name" <a@b>`, `a@b.`.
    """
    text = text.strip()
    if ";" in text[:16]:
        # an address type (RFC 3464 2.1.2): rfc822, utf-8, x400, and misspelt ones (rfc/822)
        kind, _, rest = text.partition(";")
        if kind.strip() and not any(c in kind for c in '@<" '):
            text = rest.strip()
    if "<" in text:
        inner = text[text.find("<") + 1 :]
        end = inner.find(">")
        if end != -1:
            text = inner[:end]
    text = text.strip().strip("<>").strip()
    quoted = _quoted_local(text)
    if quoted is not None:
        # a quoted local part stays as written, spaces and specials inside it included
        # ("john smith"@example.com, "a@b"@example.com: RFC 5321 4.1.2)
        local, rest = quoted
        domain = rest.split(None, 1)[0].rstrip(".").lower() if rest.strip() else ""
        if not domain or any(c in domain for c in '"<>()[],;:@\\'):
            return ""
        return f"{local}@{domain}"
    if len(text) > 1 and text[0] == text[-1] and text[0] in "'\"":
        # a quoted address; a quoted local part ("a..b"@example.com, corpus lhost-postfix-32) stays
        text = text[1:-1].strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if " " in text or "(" in text:
        # `a@b (Name)` or `Name a@b`: let the standard library drop comments and names
        text = email.utils.parseaddr(text)[1] or text
    local, at, domain = text.rpartition("@")
    domain = domain.rstrip(".").lower()
    if not at or not local or not domain or " " in domain or " " in local.strip('"'):
        return ""
    return f"{local}@{domain}"


def _quoted_local(text: str) -> tuple[str, str] | None:
    """`"local part"@rest` split into the quoted local part (quotes and quoted-pairs kept)
    and what follows the "@"; None when text does not start with a quoted local part."""
    if not text.startswith('"'):
        return None
    index, end = 1, min(len(text), QUOTED_LOCAL_MOST + 2)
    while index < end:
        char = text[index]
        if char == "\\":
            index += 2
        elif char == '"':
            if index > 1 and text[index + 1 : index + 2] == "@":
                return text[: index + 1], text[index + 2 :]
            return None
        else:
            index += 1
    return None


# A quoted local part's length, quotes excluded: RFC 5321 4.5.3.1.1 allows 64 octets; a
# quoted-pair doubles a character, and a UTF-8 one may take four octets for one character.
QUOTED_LOCAL_MOST = 128


def find_addresses(text: str) -> list[str]:
    """Every address in text, normalised, in order of first appearance, without repeats."""
    seen: dict[str, None] = {}
    for match in _address_matches(text):
        address = normalise_address(match.group(0).rstrip(".-"))
        if address:
            seen.setdefault(address, None)
    return list(seen)


def _address_matches(text: str) -> Iterator[re.Match[str]]:
    """ADDRESS and QUOTED_ADDRESS matches in order; an unquoted match inside a quoted one (the
    "a@b" of "a@b"@example.com) is not an address of its own. Linear: one sweep of both."""
    if '"' not in text:
        yield from ADDRESS.finditer(text)
        return
    quoted = list(QUOTED_ADDRESS.finditer(text))
    if not quoted:
        yield from ADDRESS.finditer(text)
        return
    index = 0
    for match in ADDRESS.finditer(text):
        while index < len(quoted) and quoted[index].start() < match.start():
            if quoted[index].end() <= match.start():
                yield quoted[index]
                index += 1
            else:
                break
        if index < len(quoted) and quoted[index].start() < match.end():
            continue  # inside (or across) the quoted address
        yield match
    yield from quoted[index:]


def find_statuses(text: str, most: int = 6) -> Iterator[str]:
    """The enhanced status codes among the first `most` in text. A number that follows
    "RFC NNNN" or "section" is where a document says something ("must be a FQDN (RFC 5321
    2.3.5)"), not a status, and is passed over."""
    for count, match in enumerate(STATUS_CODE.finditer(text)):
        if count >= most:
            return
        if not CITATION.search(text[max(0, match.start() - 24) : match.start()]):
            yield ".".join(match.groups())


def find_status(text: str) -> str:
    """The first enhanced status code in text (`find_statuses`), or ""."""
    return next(find_statuses(text), "")


def find_reply_code(text: str) -> str:
    """The SMTP reply code of a diagnostic: the leading one, else the first one in it.

    A leading 2xx is a greeting or an earlier success quoted before the failure
    ("220-mx.example.net 421 4.2.1 Service refused"): a failure code after it wins.
    """
    leading = LEADING_REPLY_CODE.match(text)
    if leading and leading.group(1)[0] != "2":
        return leading.group(1)
    later = REPLY_CODE.search(text, leading.end() if leading else 0)
    if leading is None:
        return later.group(1) if later else ""
    if later and later.group(1)[0] != "2":
        return later.group(1)
    return leading.group(1)


def find_command(text: str) -> str:
    """The SMTP command a failure answered, when the text names it."""
    match = IN_REPLY_TO.search(text)
    if match and match.group(1).upper() in SMTP_COMMANDS:
        return match.group(1).upper()
    return ""


def value_type(value: str) -> str:
    """The type of an RFC 3464 typed field, lower-cased: `X-Unix; ...` -> `x-unix`, else "".

    For Diagnostic-Code it names the kind of code that follows (RFC 3464 2.3.6): `smtp` for a
    remote server's reply, `x-unix` for a local delivery program's or the system's own words
    (Postfix local(8), pipe(8), virtual(8)), `x-postfix` for Postfix itself.
    """
    kind, semi, _rest = value.partition(";")
    kind = kind.strip()
    if semi and kind and " " not in kind and len(kind) < 24:
        return kind.lower()
    return ""


def reconcile_status(status_field: str, diagnostic: str) -> str:
    """Pick the enhanced status a record should carry.

    The Status field is what the reporting MTA concluded; the diagnostic holds what the
    remote server itself said. Where both are of the same class, the server's own code is
    the primary evidence (Postfix and Exim write 5.0.0, and Sendmail sometimes 5.1.1, over a
    remote "550 5.7.1 ... blacklisted"), unless it is a bare x.0.0 and the field says more.
    A code of another class in the text is a quote, not the outcome: the field wins then.
    """
    field_code = find_status(status_field)
    said = find_status(diagnostic)
    if not field_code:
        return said
    if said and said[0] == field_code[0] and not said.endswith(".0.0"):
        return said
    return field_code


# HTML reduced to text (a notice sent as text/html only): elements a browser starts a new line
# for, cells it sets apart, and elements whose content it never shows.
HTML_LINE_BREAKS = frozenset({
    "br", "p", "div", "tr", "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody", "thead",
    "tfoot", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "blockquote", "pre", "address",
    "section", "article", "header", "footer", "center", "title", "form", "fieldset",
})  # fmt: skip
HTML_CELLS = frozenset({"td", "th"})
# A tag's name, read from just after its "<" up to its ">" (so "<a@example.com>" is no tag).
HTML_TAG = patterns.compile(r"(/?)([A-Za-z][A-Za-z0-9]{0,15})(?=[\s/]|$)")
HTML_HIDDEN_END = {
    "script": patterns.compile(r"</script", re.IGNORECASE),
    "style": patterns.compile(r"</style", re.IGNORECASE),
}
BLANKS = patterns.compile(r"[ \t\r\f\v\xa0]{1,4096}")  # bounded: a longer run is cut in runs


def html_text(html: str, limit: int = 1 << 18) -> str:
    """The text of an HTML document as a plain-text notice would have it, in one pass: tags
    removed, <br>, <p>, <div>, <tr>, <li> and the other blocks as line breaks, cells apart,
    comments, <script> and <style> content dropped, entities decoded (html.unescape), blanks
    collapsed. At most `limit` characters of text.

    Each find starts where the last one stopped, and the ">" after a run of "<" is found
    once, so the pass is linear in the length of the HTML however it is malformed.
    """
    out: list[str] = []
    size, pos, close = len(html), 0, -1
    while pos < size:
        start = html.find("<", pos)
        if start == -1:
            out.append(WHITESPACE.sub(" ", html[pos:]))
            break
        if start > pos:
            out.append(WHITESPACE.sub(" ", html[pos:start]))
        if html.startswith("<!--", start):
            end = html.find("-->", start + 4)
            pos = size if end == -1 else end + 3
            continue
        if close <= start:
            close = html.find(">", start + 1)
            if close == -1:
                close = size
        if close == size:  # a "<" that no ">" follows: the rest is text
            out.append(WHITESPACE.sub(" ", html[start:]))
            break
        if html.startswith(("<!", "<?"), start):  # <!DOCTYPE ...>, <![CDATA[, <?xml ...?>
            pos = close + 1
            continue
        tag = HTML_TAG.match(html, start + 1, close)
        if tag is None:  # "<" as text ("< 5 minutes", "<a@example.com>")
            out.append("<")
            pos = start + 1
            continue
        pos = close + 1
        name = tag.group(2).lower()
        if name in HTML_LINE_BREAKS:
            out.append("\n")
        elif name in HTML_CELLS:
            out.append(" ")
        hidden = HTML_HIDDEN_END.get(name)
        if hidden is not None and not tag.group(1):
            closing = hidden.search(html, pos)
            pos = size if closing is None else closing.start()  # its closing tag is read next
    text = html_unescape("".join(out)).replace("\xa0", " ")
    lines = (BLANKS.sub(" ", line).strip() for line in text[: limit + limit // 4].split("\n"))
    return "\n".join(lines)[:limit]


def header_text(message: Message, name: str) -> str:
    """A header's value as one line of text, decoding RFC 2047 words; "" when absent."""
    return parse.remembered(message, ("header", name.lower()), lambda: _header_text(message, name))


def _header_text(message: Message, name: str) -> str:
    value = message.get(name)
    if value is None:
        return ""
    return parse.decode_header_value(value)


def part_text(part: Message, limit: int = 1 << 20) -> str:
    """The decoded text of a leaf part (transfer encoding and charset undone), capped."""
    return parse.part_text(part, limit)
