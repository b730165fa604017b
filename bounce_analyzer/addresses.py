"""Mail addresses as bounces write them: finding them in text, and one normal form.

Every pattern here sees message text, so each runs in linear time: no nested quantifiers over
unbounded text, every repetition bounded.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterator
from functools import lru_cache

from . import patterns

# A control character (C0, DEL, C1): never part of an address a row may carry. Addresses are
# matched with the ones that are not line breaks or blanks inside them, so that
# "a<ESC>b@example.com" is seen whole (and refused by the pipeline) instead of read as
# b@example.com.
CONTROL_CHARACTER = patterns.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL = r"\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
# A domain's letters of other scripts (RFC 6531, IDNA): not the punctuation of the prose an
# address stands in, general punctuation (U+2000-206F), CJK punctuation (U+3000-303F, less its
# letters 々 〆 〇 〻 〼, IDNA 2008 PVALID: "佐々木.jp") and the full-width forms' signs and
# brackets ("a@例え.jp、b@例え.jp" is two addresses).
_DOMAIN_UTF8 = (
    r"\u00a1-\u1fff\u2070-\u2fff\u3005-\u3007\u303b\u303c\u3040-\ufeff"
    r"\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uffff"
)
_DOMAIN = (
    rf"@[A-Za-z0-9\-{_DOMAIN_UTF8}{_CONTROL}]{{1,63}}"
    rf"(?:\.[A-Za-z0-9\-{_DOMAIN_UTF8}{_CONTROL}]{{1,63}}){{0,20}}"
)
# Letters of other scripts (RFC 6531 UTF8-non-ascii), less the punctuation that stands beside
# an address in prose: Latin-1 signs and quotes, general punctuation (U+2000-206F), CJK
# punctuation (U+3000-303F, but for the letters in that block: 々 〆 〇 〻 〼, as in the name
# "佐々木") and the full-width forms' brackets and colons (U+FF00-FF20).
_UTF8 = r"\u00c0-\u1fff\u2070-\u2fff\u3005-\u3007\u303b\u303c\u3040-\ufeff\uff21-\uffff"

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

# RFC 6533 section 3: an address of type utf-8 in a delivery-status part (utf-8-addr-xtext)
# writes each non-ASCII character as "\x{HEX}" (embedded-unicode-char); decoded back so the
# row carries the address itself ("jos\x{E9}@example.com" -> "josé@example.com"). Both its
# forms (xtext, and unitext in a global report) write xtext's specials that way too: QCHAR
# leaves out "+", "=" and "\", HEXPOINT names them "2B", "3D" and "5C", so
# "\x{7528}\x{6237}\x{2B}news@..." is "用户+news@..." (RFC 6533 section 3 ABNF). Its space
# ("20") stays written: decoded, an address outside quotes would lose its row.
UTF8_ADDRESS_ESCAPE = patterns.compile(r"\\x\{([0-9A-Fa-f]{2,6})\}")
UTF8_ADDRESS_SPECIALS = frozenset((0x2B, 0x3D, 0x5C))


def _unescape_utf8_address(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = int(match.group(1), 16)
        # non-ASCII scalar values and the printable xtext specials are escaped (RFC 6533 3);
        # anything else (other ASCII, controls, surrogates) stays as written
        if code in UTF8_ADDRESS_SPECIALS:
            return chr(code)
        if code < 0xA0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return match.group(0)
        return chr(code)

    return UTF8_ADDRESS_ESCAPE.sub(one, text)


# Japanese writes its particles straight after a word, an address too ("a@example.jpのメール
# ボックス", "a@example.jpにより"): a domain of ASCII labels whose top-level label is alphabetic
# ends where kana or kanji follow it. A domain that starts in another script ("例え.jp") is
# an internationalised one (RFC 6531) and stays whole, up to an ASCII top-level label that a
# Japanese word follows with no further label ("山田@例え.jpへのメール" is 山田@例え.jp, while
# "例え.abcテスト.jp" goes on).
JAPANESE_AFTER_DOMAIN = patterns.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
JAPANESE_AFTER_ASCII_TLD = patterns.compile(
    r"\.[A-Za-z]{2,63}(?=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff])"
)
ASCII_DOMAIN = patterns.compile(r"[A-Za-z0-9.\-]{1,255}")
# Prose punctuation is no part of a domain (IDNA 2008 disallows it in a label): general
# punctuation (U+2000-206F), CJK punctuation (U+3000-303F: "、", "。", "「", less its letters)
# and the full-width forms' signs and brackets; an internationalised domain a field gives up to
# one ends there ("rfc822; 山田@例え.jp（メールボックスが一杯です）").
PROSE_AFTER_DOMAIN = patterns.compile(
    r"[\u2000-\u206f\u3000-\u3004\u3008-\u303a\u303d-\u303f"
    r"\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]"
)


def _cut_japanese(domain: str) -> str:
    """The domain without the Japanese words glued to it, or the domain as it was."""
    if domain.isascii():
        return domain  # most domains
    prose = PROSE_AFTER_DOMAIN.search(domain)
    if prose:
        domain = domain[: prose.start()]
    found = JAPANESE_AFTER_DOMAIN.search(domain)
    if not found:
        return domain
    head = domain[: found.start()]
    tld = head.rpartition(".")[2]
    if "." in head and ASCII_DOMAIN.fullmatch(head) and 2 <= len(tld) <= 63 and tld.isascii() and tld.isalpha():
        return head
    glued = JAPANESE_AFTER_ASCII_TLD.search(domain)
    if glued and "." not in domain[glued.end() :]:
        return domain[: glued.end()]
    return domain


# The signs of prose a notice may write right before an address on its line ("■宛先：佐々木@
# 例え.jp": a bullet, a label and a full-width colon), never part of a local part: general
# punctuation (U+2000-206F), arrows (U+2190-21FF), box drawing and geometric shapes
# (U+2500-25FF: "■", "●"), CJK punctuation but for its letters, the full-width forms' signs. A
# reader that takes a line's first word for the address ends its local part at the last one.
PROSE_BEFORE_LOCAL = patterns.compile(
    r"[\u2000-\u206f\u2190-\u21ff\u2500-\u25ff\u3000-\u3004\u3008-\u303a\u303d-\u303f"
    r"\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]"
)


def _after_prose(local: str) -> str:
    """The local part after the last sign of prose written before it, or as it was."""
    if local.startswith('"'):
        return local  # a quoted local part holds what it holds (RFC 5321 4.1.2)
    end = 0
    for found in PROSE_BEFORE_LOCAL.finditer(local):
        end = found.end()
    return local[end:]


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
            if kind.strip().lower() == "utf-8":
                text = _unescape_utf8_address(text)
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
    domain = _cut_japanese(domain).rstrip(".").lower()
    if not local.isascii():
        local = _after_prose(local)
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


# What an address has to look like for the last-resort reader to keep it (it guesses from
# text no layout recognised): a plain local part and a domain of labels with an alphabetic
# top-level label (no paths, quotes, braces or bare IP literals).
PLAIN_ADDRESS = patterns.compile(
    r"[A-Za-z0-9!#$%&'*+=?^_`{|}~\-][A-Za-z0-9!#$%&'*+=?^_`{|}~.\-]{0,63}"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.){1,10}[A-Za-z]{2,63}"
)


# An address as bounces print it on a line of its own, with or without angle brackets: a
# quoted local part may hold spaces and specials (RFC 5321 4.1.2), and local part and domain
# may be UTF-8 (RFC 6531 3.3: "jörg@bücher.example", "张三@例子.中国").
ADDRESS_ON_LINE = (
    r'(?:"(?:[^"\\\r\n]|\\[^\r\n]){1,64}"|[^\s<>()\[\]@,;:\"]{1,128})'
    r"@[A-Za-z0-9.\-\[\]_\u00c0-\u1fff\u2070-\u2fff\u3040-\ufeff\uff21-\uffff"
    r"\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]{1,255}"  # controls too: refused whole, not cut
)
