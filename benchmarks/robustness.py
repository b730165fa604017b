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

    python benchmarks/robustness.py [FOLDER] [--floor 0.99] [--quiet]

With --floor, exits 1 when any variant keeps fewer messages unchanged than that share.
Nothing here is copied anywhere: the variants live in memory only.
"""

from __future__ import annotations

import argparse
import base64
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
ADDRESS = re.compile(
    rb"(?<![\w.+\-#%=?])([\w.+-]{1,64})@((?:[\w-]{1,63}\.){1,8}[a-zA-Z]{2,24})\b"
)
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


def header_case(raw: bytes) -> bytes:
    head, sep, body = raw.partition(b"\n\n")
    return HEADER_NAME.sub(lambda m: m.group(1).lower() + b":", head) + sep + body


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
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--floor", type=float, help="minimum share unchanged, for every variant")
    parser.add_argument("--quiet", action="store_true", help="no list of changed files")
    args = parser.parse_args()
    if not args.folder.is_dir():
        print(f"robustness: no folder {args.folder} (the corpus is not here)", file=sys.stderr)
        return 2
    results = measure(args.folder)
    low = False
    for name, (kept, total, changed) in results.items():
        share = kept / total if total else 1.0
        low = low or (args.floor is not None and share < args.floor)
        print(f"{name:18} {kept:4}/{total:<4} unchanged  {share:.3f}")
        if not args.quiet:
            for file in changed:
                print(f"    changed: {file}")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
