"""Extractors: one email message in, what it says about each recipient out.

Each extractor recognises one kind of message and returns an `Extraction`, or None for
"not mine". They run in the order of `EXTRACTORS`, and the first that returns records wins.

Ordering principle: most specific and authoritative first. A format with unmistakable marks
(a provider's own headers, an ARF report) comes before the generic RFC 3464 reader, and the
generic text heuristics come last, so that a message is read by the extractor that knows
its layout best. An extractor raises only for bugs; the pipeline turns an exception into an
error record for that message.

Extractors recognise and read; what they read with is the reading layer (`message.py`: the
notice, the report parts, the returned message, each worked out once per message; `smtp.py`;
`addresses.py`; `layouts.py`), never another extractor. `extract` runs the step every message
needs once: the returned message's sender, Message-ID and Subject complete what the extractor
found.
"""

from __future__ import annotations

from email.message import Message
from typing import Protocol

from ..message import fill_original, reading
from ..model import Extraction


class Extractor(Protocol):
    """Recognises one format. `name` is what verdict rows carry in their `mta` column."""

    name: str

    def extract(self, message: Message) -> Extraction | None:
        """The records this format holds, or None when the message is not of this format."""
        ...


def _extractors() -> tuple[Extractor, ...]:
    from .amazonses import AmazonSES, AmazonWorkMail
    from .arf import ARF
    from .au import KDDI, EZweb
    from .autoreply import AutoReply, Challenge
    from .einsundeins import EinsUndEins
    from .exchange_online import ExchangeOnline
    from .fallback import Flufl
    from .gmail import Gmail
    from .googlegroups import GoogleGroups
    from .mimecast import Mimecast
    from .postfix_unavailable import PostfixReportUnavailable
    from .recipient_lines import RecipientLines
    from .rfc3464 import RFC3464
    from .sendmail_transcript import SendmailTranscript
    from .textdsn import TextDSN
    from .yahoo import Yahoo
    from .zoho import Zoho

    return (
        # complaints, then provider layouts
        ARF(), AmazonSES(), AmazonWorkMail(), GoogleGroups(), Gmail(),
        Yahoo(), Zoho(), EZweb(), KDDI(), Mimecast(), EinsUndEins(),
        RFC3464(),
        Challenge(),  # a challenge-response request is no failure, whatever address it names
        ExchangeOnline(),  # Exchange's own text when its report part is missing
        TextDSN(), SendmailTranscript(), RecipientLines(),  # MTA text layouts: no DSN part to read
        PostfixReportUnavailable(),  # Postfix lost its report: the returned message's one To
        AutoReply(),  # after every bounce reader: a bounce that says auto-replied stays a bounce
        Flufl(),  # last resort: flufl.bounce's detectors, addresses only
    )


EXTRACTORS: tuple[Extractor, ...] = _extractors()


def extract(message: Message) -> Extraction | None:
    """Run the extractors in order; the first one that finds records decides. What it did not
    say of the original message, the returned message's headers say (an automatic reply
    returns none: `returns_original = False`)."""
    known = reading(message)
    for extractor in EXTRACTORS:
        found = extractor.extract(message)
        if found is not None and found.records:
            if getattr(extractor, "returns_original", True):
                fill_original(found, known.returned)
            return found
    return None
