#!/usr/bin/env python3
"""Do verdicts survive changes that do not change what a bounce says?

The same formats reach users from other hosts, with other addresses, re-encoded by the relays
they passed. This takes each message of a folder (default ../shared/corpus/labelled), changes it
in one such way at a time, and counts the messages whose verdicts (recipient, reason, hard/soft)
stay exactly those of the original:

    renamed           every address's local part and every IPv4 address replaced, consistently
    base64            every text/plain part re-encoded as base64 (RFC 2045 6.8)
    quoted-printable  every text/plain part re-encoded as quoted-printable (RFC 2045 6.7)
    header-case       header field names lower-cased (RFC 5322 1.2.2: case does not matter)
    crlf              CRLF line endings
    trailing-blanks   a space after every line, as relays pad lines (RFC 2045 6.7 (3))
    charset           every UTF-8 text/plain part with other letters than ASCII re-encoded in
                      its script's older charset (ISO-2022-JP, EUC-KR, GB18030, KOI8-R,
                      Windows-1252 ...), as base64
    forwarded         the message forwarded by a person as an attachment (message/rfc822)
    forwarded-inline  a one-part notice forwarded by a person inline, under Gmail's separator
                      with the From, Date, Subject and To fields a mail client pastes
    html-lines        the notice's text/plain part sent as text/html instead, every line its
                      own paragraph with no margin (as HTML mail generators write it)

    python benchmarks/robustness.py [FOLDER] [--floor 0.99] [--forwarded-floor 0.8] [--quiet]

With --floor, exits 1 when any variant that keeps the message itself keeps fewer messages
unchanged than that share; with --forwarded-floor, the same for the variants that drop
something: the two forwards, which lose what a mail client does not paste or attach as it was
(a forward inline keeps four header fields of the bounce: a reader that needs another,
X-Failed-Recipients or a list's, cannot recover it), and html-lines, which loses what a browser
does not show (the blanks that indent a line).
Nothing here is copied anywhere: the variants live in memory only.
"""

from __future__ import annotations

import argparse
import base64
import html
import quopri
import re
import sys
from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.generator import BytesGenerator
from email.message import Message
from email.policy import compat32
from io import BytesIO
from pathlib import Path

from bounce_analyzer.classifier import load_classifier
from bounce_analyzer.ingest import RawMessage
from bounce_analyzer.pipeline import Options, StageError, analyze_message

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "labelled"

# A plain address. Not after "#", "%", "=" or "?": there it is the tail of a program alias,
# a %-hack route or an encoded word, which the message also writes in other forms.
ADDRESS = re.compile(rb"(?<![\w.+\-#%=?])([\w.+-]{1,64})@((?:[\w-]{1,63}\.){1,8}[a-zA-Z]{2,24})\b")
IPV4 = re.compile(rb"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)")
HEADER_NAME = re.compile(rb"^([!-9;-~]{1,76}):", re.MULTILINE)
# Local parts that name a role, not a person: formats are recognised by them (RFC 2142, 3464).
ROLES = frozenset(
    b"postmaster mailer-daemon mailer_daemon maildaemon mail-daemon root abuse noreply "
    b"no-reply daemon bounce bounces nobody".split()
)

Verdicts = list[tuple[str, str, str]]


OPTIONS = Options(include_delivered=True, include_vacation=True)
CLASSIFIER = load_classifier()


def verdicts(raw: bytes, source: str) -> Verdicts:
    try:
        rows = analyze_message(RawMessage(source, raw), CLASSIFIER, OPTIONS)
    except StageError as error:
        return [("<error>", str(error), "")]
    return sorted((row.recipient.lower(), row.reason, row.bounce) for row in rows)


# ---- the changes ------------------------------------------------------------------------------


class Renamer:
    """Consistent new names: the same old local part or IP always gets the same new one."""

    def __init__(self) -> None:
        self.locals: dict[bytes, bytes] = {}
        self.ips: dict[bytes, bytes] = {}

    def local(self, old: bytes) -> bytes:
        if old.lower() in ROLES:
            return old
        return self.locals.setdefault(old.lower(), b"rcpt%d" % (len(self.locals) + 1))

    def address(self, match: re.Match[bytes]) -> bytes:
        return self.local(match.group(1)) + b"@" + match.group(2)

    def ip(self, match: re.Match[bytes]) -> bytes:
        old = match.group(0)
        if any(int(part) > 255 for part in match.groups()):
            return old  # a version or a date, not an address
        count = len(self.ips)
        return self.ips.setdefault(old, b"198.51.100.%d" % (count % 250 + 1))

    def apply(self, raw: bytes) -> bytes:
        return IPV4.sub(self.ip, ADDRESS.sub(self.address, raw))

    def recipient(self, address: str) -> str:
        local, at, domain = address.rpartition("@")
        if not at:
            return address
        return self.local(local.encode("utf-8", "surrogateescape")).decode() + "@" + domain


def leaves(message: Message) -> Iterator[Message]:
    for part in message.walk():
        if not part.is_multipart() and part.get_content_type() == "text/plain":
            yield part


def reencoded(raw: bytes, encode: Callable[[bytes], tuple[str, str]]) -> bytes | None:
    """The message with every unencoded text/plain part re-encoded; None if none was."""
    message = message_from_bytes(raw, policy=compat32)
    changed = False
    for part in leaves(message):
        cte = str(part.get("Content-Transfer-Encoding", "7bit")).strip().lower()
        if cte not in ("7bit", "8bit", "binary", ""):
            continue
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            continue
        payload, name = encode(data)
        del part["Content-Transfer-Encoding"]
        part["Content-Transfer-Encoding"] = name
        part.set_payload(payload)
        changed = True
    if not changed:
        return None
    out = BytesIO()
    BytesGenerator(out, mangle_from_=False, maxheaderlen=0).flatten(message)
    return out.getvalue()


def as_base64(data: bytes) -> tuple[str, str]:
    return base64.encodebytes(data).decode("ascii"), "base64"


def as_quoted_printable(data: bytes) -> tuple[str, str]:
    return quopri.encodestring(data).decode("ascii"), "quoted-printable"


TRAILING = re.compile(rb"(?m)([^\n])$")  # a line's last character


def header_case(raw: bytes) -> bytes:
    head, sep, body = raw.partition(b"\n\n")
    return HEADER_NAME.sub(lambda m: m.group(1).lower() + b":", head) + sep + body


# The older charsets a script's text is re-encoded in, tried in order (the first that holds
# every letter of the text is taken)
LEGACY_CHARSETS = (
    (re.compile("[\u3040-\u30ff]"), ("iso-2022-jp", "shift_jis", "euc-jp")),
    (re.compile("[\uac00-\ud7af]"), ("euc-kr",)),
    (re.compile("[\u4e00-\u9fff]"), ("gb18030", "big5")),
    (re.compile("[\u0400-\u04ff]"), ("koi8-r", "windows-1251")),
    (re.compile("[^\x00-\x7f]"), ("windows-1252", "iso-8859-2")),
)


def legacy_charset(raw: bytes) -> bytes | None:
    """The message with every UTF-8 text/plain part that is not ASCII re-encoded in an older
    charset of its script, as base64; None if there is no such part."""
    message = message_from_bytes(raw, policy=compat32)
    changed = False
    for part in leaves(message):
        if str(part.get_content_charset() or "").lower() not in ("utf-8", "utf8"):
            continue
        data = part.get_payload(decode=True)
        try:
            text = data.decode("utf-8") if isinstance(data, bytes) else ""
        except UnicodeDecodeError:
            continue
        if text.isascii():
            continue
        for script, charsets in LEGACY_CHARSETS:
            if not script.search(text):
                continue
            for charset in charsets:
                try:
                    encoded = text.encode(charset)
                except UnicodeEncodeError:
                    continue
                del part["Content-Transfer-Encoding"]
                part["Content-Transfer-Encoding"] = "base64"
                part.set_payload(base64.encodebytes(encoded).decode("ascii"))
                part.set_param("charset", charset)
                changed = True
                break
            break
    if not changed:
        return None
    out = BytesIO()
    BytesGenerator(out, mangle_from_=False, maxheaderlen=0).flatten(message)
    return out.getvalue()


# variants that drop something, with their own floor
FORWARDS = frozenset({"forwarded", "forwarded-inline", "html-lines"})
FORWARD_HEAD = (
    b"From: Alex Admin <alex@example.org>\nTo: postmaster@example.org\n"
    b"Subject: Fwd: a bounce\nDate: Tue, 1 Dec 2026 10:00:00 +0000\n"
    b"Message-ID: <forward@example.org>\nMIME-Version: 1.0\n"
)


def forwarded(raw: bytes) -> bytes:
    """The message as a person's mail client forwards it as an attachment."""
    inner = raw.replace(b"\r\n", b"\n")
    return (
        FORWARD_HEAD + b'Content-Type: multipart/mixed; boundary="forward-boundary"\n\n'
        b"--forward-boundary\nContent-Type: text/plain; charset=us-ascii\n\n"
        b"Forwarding the bounce below.\n\n--forward-boundary\nContent-Type: message/rfc822\n\n"
        + inner
        + b"\n--forward-boundary--\n"
    )


def forwarded_inline(raw: bytes) -> bytes | None:
    """A one-part text notice as a person's mail client forwards it inline (Gmail's layout:
    its separator, the From, Date, Subject and To fields, two blank lines, the text); None for
    a message of several parts."""
    message = message_from_bytes(raw, policy=compat32)
    if message.is_multipart() or message.get_content_type() != "text/plain":
        return None
    data = message.get_payload(decode=True)
    try:
        text = (
            data.decode(message.get_content_charset() or "us-ascii")
            if isinstance(data, bytes)
            else ""
        )
    except (LookupError, UnicodeDecodeError):
        return None
    fields = "".join(
        f"{name}: {' '.join(str(message.get(name, '')).split())}\n"
        for name in ("From", "Date", "Subject", "To")
    )
    body = (
        f"Can you look at this one?\n\n---------- Forwarded message ---------\n{fields}\n\n{text}"
    )
    return (
        FORWARD_HEAD
        + b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(body.encode("utf-8", "surrogateescape"))
    )


def html_lines(raw: bytes) -> bytes | None:
    """The message with its first text/plain part (outside any returned message) sent as
    text/html instead, every line a paragraph that the page's style gives no margin, as HTML
    mail generators lay out plain text; None when it has no such part."""
    message = message_from_bytes(raw, policy=compat32)
    part = first_notice(message)
    if part is None:
        return None
    data = part.get_payload(decode=True)
    try:
        text = (
            data.decode(part.get_content_charset() or "us-ascii") if isinstance(data, bytes) else ""
        )
    except (LookupError, UnicodeDecodeError):
        return None
    page = "".join(f"<p>{html.escape(line) or '&nbsp;'}</p>\n" for line in text.split("\n"))
    document = f"<html><head><style>p{{margin:0}}</style></head><body>\n{page}</body></html>\n"
    del part["Content-Transfer-Encoding"]
    part["Content-Transfer-Encoding"] = "base64"
    part.set_payload(
        base64.encodebytes(document.encode("utf-8", "surrogateescape")).decode("ascii")
    )
    part.set_type("text/html")
    part.set_param("charset", "utf-8")
    out = BytesIO()
    BytesGenerator(out, mangle_from_=False, maxheaderlen=0).flatten(message)
    return out.getvalue()


def first_notice(message: Message) -> Message | None:
    """The first text/plain part, not looking inside an attached message."""
    if message.is_multipart():
        for part in message.get_payload():
            if isinstance(part, Message) and part.get_content_maintype() != "message":
                found = first_notice(part)
                if found is not None:
                    return found
        return None
    return message if message.get_content_type() == "text/plain" else None


# ---- the run ----------------------------------------------------------------------------------


def measure(folder: Path) -> dict[str, tuple[int, int, list[str]]]:
    """{variant: (messages unchanged, messages compared, files that changed)}."""
    files = sorted(p for p in folder.iterdir() if p.suffix == ".eml")
    results: dict[str, tuple[int, int, list[str]]] = {}

    def tally(name: str, same: bool, file: str) -> None:
        kept, total, changed = results.get(name, (0, 0, []))
        results[name] = (kept + same, total + 1, changed if same else [*changed, file])

    for path in files:
        raw = path.read_bytes()
        if raw.startswith(b"From "):
            continue  # an mbox of several messages: renaming across them is not one change
        original = verdicts(raw, path.name)
        if not original:
            continue
        if all(ADDRESS.fullmatch(r.encode("utf-8", "surrogateescape")) for r, _, _ in original):
            renamer = Renamer()  # (a quoted or encoded local part cannot be renamed alike)
            renamed = verdicts(renamer.apply(raw), path.name)
            expected = sorted((renamer.recipient(r), why, kind) for r, why, kind in original)
            tally("renamed", renamed == expected, path.name)
        for name, encode in (("base64", as_base64), ("quoted-printable", as_quoted_printable)):
            variant = reencoded(raw, encode)
            if variant is not None:
                tally(name, verdicts(variant, path.name) == original, path.name)
        tally("header-case", verdicts(header_case(raw), path.name) == original, path.name)
        crlf = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        tally("crlf", verdicts(crlf, path.name) == original, path.name)
        padded = TRAILING.sub(rb"\1 ", raw.replace(b"\r\n", b"\n"))
        tally("trailing-blanks", verdicts(padded, path.name) == original, path.name)
        recoded = legacy_charset(raw)
        if recoded is not None:
            tally("charset", verdicts(recoded, path.name) == original, path.name)
        tally("forwarded", verdicts(forwarded(raw), path.name) == original, path.name)
        pasted = forwarded_inline(raw)
        if pasted is not None:
            tally("forwarded-inline", verdicts(pasted, path.name) == original, path.name)
        as_html = html_lines(raw)
        if as_html is not None:
            tally("html-lines", verdicts(as_html, path.name) == original, path.name)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--floor", type=float, help="minimum share unchanged, for every variant")
    parser.add_argument(
        "--forwarded-floor", type=float, help="minimum share unchanged, for the two forwards"
    )
    parser.add_argument("--quiet", action="store_true", help="no list of changed files")
    args = parser.parse_args()
    if not args.folder.is_dir():
        print(f"robustness: no folder {args.folder} (the corpus is not here)", file=sys.stderr)
        return 2
    results = measure(args.folder)
    low = False
    for name, (kept, total, changed) in results.items():
        share = kept / total if total else 1.0
        floor = args.forwarded_floor if name in FORWARDS else args.floor
        low = low or (floor is not None and share < floor)
        print(f"{name:18} {kept:4}/{total:<4} unchanged  {share:.3f}")
        if not args.quiet:
            for file in changed:
                print(f"    changed: {file}")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
