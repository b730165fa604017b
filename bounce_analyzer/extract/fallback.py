"""Last resort: flufl.bounce's detectors, for bounces no extractor above could read.

flufl.bounce (GNU Mailman's bounce detector, https://flufl-bounce.readthedocs.io/) knows
many old and odd layouts but returns only addresses, as bytes, and now and then something
that is not an address at all (a JSON fragment, a file path, a Message-ID); one of its
detectors raises IndexError on some messages, and some of its patterns take time that grows
with the square of a line's length. So it runs only when the message looks like a bounce (a
mail-system sender, or a null sender with a bounce-like subject), on a bounded copy of it
(lines cut at RFC 5322's 998 characters, FLUFL_SIZE in all), its detectors one by one so that
one that fails does not stop the others, and its answers are checked one by one. A detector's
exception never reaches standard error (flufl.bounce's own loop would log a traceback): when no
detector found anything and one failed, the message becomes an error record naming it.

flufl gives addresses only: action "delayed" for what it calls temporary failures, "failed"
for permanent ones. The words come from the notice itself: the line that names the address
("someone@example.com ... unknown host", "User's mailbox is full: <someone@example.com>"),
unless that line is a header of the returned message.
"""

from __future__ import annotations

import re
from email.message import Message

from .. import patterns
from ..addresses import PLAIN_ADDRESS, find_addresses, normalise_address
from ..message import (
    header_text,
    notice_text,
    reading,
    sender_address,
)
from ..model import DeliveryRecord, Extraction
from ..parse import unfold
from ..smtp import find_reply_code, find_status

ID_HEADERS = ("Message-ID", "In-Reply-To", "References", "Resent-Message-ID")
ID_DEPTH = 10  # how deep in the message its Message-IDs are looked for
# Lines that belong to a returned message's headers, not to the notice's account.
HEADER_LINE = patterns.compile(r"^\s{0,8}(?:To|Cc|From|Received|Return-Path|Delivered-To|for)\b[:\s]",
                         re.IGNORECASE)
DIAGNOSTIC_LIMIT = 300
# What flufl.bounce is shown of a message: RFC 5322 2.1.1's line limit, and a bound in all
# that a notice with its returned headers fits in. Its patterns are then cheap whatever
# they are.
FLUFL_LINE = 998
FLUFL_SIZE = 128 << 10


class DetectorFailed(Exception):
    """flufl.bounce's detectors found nothing and at least one of them raised: the message
    looks like a bounce nobody could read. Not a bug of ours, so its own stage."""

    stage = "fallback"


def bounded(message: Message) -> Message:
    """A copy of the message for flufl.bounce: lines cut at FLUFL_LINE, FLUFL_SIZE in all."""
    from .. import parse as parsing

    try:
        text = message.as_string()
    except Exception:  # noqa: BLE001 - the generator's bugs; flufl reads the original then
        return message
    head = text[: FLUFL_SIZE]
    return parsing.parse_text("\n".join(line[:FLUFL_LINE] for line in head.split("\n")))


def detectors() -> tuple[type, ...]:
    """flufl.bounce's detector classes in its own order (most specific first)."""
    try:
        from flufl.bounce._scan import _DETECTORS  # slow to import: only when needed
    except ImportError:  # pragma: no cover - a flufl.bounce without that list
        return ()
    return tuple(_DETECTORS)


def run_detectors(message: Message) -> tuple[set[bytes], set[bytes]]:
    """(temporary, permanent) as flufl.bounce's all_failures, each detector guarded: the first
    that finds something decides; one that raises is noted and the next runs."""
    failed: list[str] = []
    classes = detectors()
    if not classes:
        from flufl.bounce import all_failures

        temporary, permanent = all_failures(message)
        return set(temporary), set(permanent)
    for detector in classes:
        try:
            temporary, permanent = detector().process(message)
        except Exception as error:  # noqa: BLE001 - flufl's detectors raise on odd messages
            failed.append(f"{detector.__name__}: {type(error).__name__}")
            continue
        if temporary or permanent:
            return set(temporary), set(permanent)
    if failed:
        raise DetectorFailed(
            f"a bounce no reader knows; flufl.bounce found nothing, its {', '.join(failed)}"
        )
    return set(), set()


def looks_like_bounce(message: Message) -> bool:
    """Cheap and conservative: a mail-system sender, a null sender (RFC 5321 section 4.5.5),
    or a bounce-like subject (the phrases of rules/autoreply.toml)."""
    return reading(message).looks_like_bounce


def _message_ids(message: Message) -> set[str]:
    """Every address-shaped Message-ID the message (or one inside it) mentions."""
    found: set[str] = set()
    for part, depth, _kind, _nested, _where in reading(message).parts:
        if depth > ID_DEPTH:
            continue
        for name in ID_HEADERS:
            for value in part.get_all(name) or []:
                found.update(find_addresses(str(value)))
    return found


def words_about(address: str, text: str) -> str:
    """The notice's line that names the address, without the address, or ""."""
    wanted = address.lower()
    for line in text.splitlines():
        if wanted not in line.lower() or HEADER_LINE.match(line):
            continue
        at = line.lower().find(wanted)
        rest = (line[:at] + " " + line[at + len(wanted):]).replace("<>", " ")
        words = unfold(rest.strip(" .:<>\t"))
        return words[:DIAGNOSTIC_LIMIT] if any(c.isalpha() for c in words) else ""
    return ""


def _clean(raw: bytes | str, refused: set[str]) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    address = normalise_address(text)
    if not address or not PLAIN_ADDRESS.fullmatch(address) or address in refused:
        return ""
    return address


class Flufl:
    """flufl.bounce's detectors, for bounces nothing else could read."""

    name = "flufl"

    def extract(self, message: Message) -> Extraction | None:
        if not looks_like_bounce(message):
            return None
        temporary, permanent = run_detectors(bounded(message))
        refused = _message_ids(message)
        refused.update(a for a in (sender_address(message),
                                   normalise_address(header_text(message, "To"))) if a)
        extraction = Extraction(mta=self.name)
        text = notice_text(message)
        seen: set[str] = set()
        for action, found in (("failed", permanent), ("delayed", temporary)):
            for raw in sorted(found):
                address = _clean(raw, refused)
                if address and address not in seen:
                    seen.add(address)
                    words = words_about(address, text)
                    extraction.records.append(DeliveryRecord(
                        recipient=address, action=action, diagnostic=words,
                        status=find_status(words), reply_code=find_reply_code(words)))
        return extraction
