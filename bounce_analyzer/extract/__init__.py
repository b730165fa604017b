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
`addresses.py`; `layouts.py`), never another extractor. `extract` runs the steps every message
needs once, in this order, on what the extractor found:

1. the recipient limit: the records past `max_recipients` are dropped, and counted in `unread`;
2. the notice: what a record left out (the server's words, reply code, command, remote host),
   the notice's own words for that recipient complete (`layouts.complete_from_notice`), a
   program delivery with no diagnostic takes the notice's status line for it, a local
   mailer's bare exit status the output the mailer wrote to the transcript, and a content
   filter's bare category (amavisd's "BAD HEADER") the problem its notice names;
3. the original message: the returned message's sender, Message-ID and Subject;
4. the command: a record that names none takes the one its diagnostic's framing names.

An extractor whose records are already the notice's own reading, or whose message returns no
original, opts out of step 2 or 3 by a class attribute (`completes_from_notice = False`,
`returns_original = False`).
"""

from __future__ import annotations

from email.message import Message
from typing import Protocol

from ..layouts import complete_from_notice
from ..message import (
    complete_from_content_category,
    complete_from_mailer_output,
    complete_from_program_lines,
    fill_original,
    reading,
)
from ..model import Extraction
from ..smtp import find_command


class Extractor(Protocol):
    """Recognises one format. `name` is what verdict rows carry in their `mta` column.

    Optional class attributes, both True unless the extractor says otherwise:
    `completes_from_notice` (its records may take the notice's words for what they left out)
    and `returns_original` (its message returns the original, whose headers complete it)."""

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
    from .mailman import EzmlmReturnedPost, ListRefusal, MailmanRefusal, MailmanReject
    from .mimecast import Mimecast
    from .moved_notice import MovedNotice
    from .postfix_unavailable import PostfixReportUnavailable
    from .recipient_lines import RecipientLines
    from .returned_recipients import ReturnedRecipients
    from .rfc3464 import RFC3464
    from .sendmail_transcript import SendmailTranscript
    from .sieve_reject import SieveReject
    from .textdsn import TextDSN
    from .yahoo import Yahoo
    from .zoho import Zoho

    return (
        # complaints and Sieve rejections (reports of other types), then provider layouts
        ARF(), SieveReject(), AmazonSES(), AmazonWorkMail(), GoogleGroups(), MailmanReject(),
        MailmanRefusal(), EzmlmReturnedPost(), ListRefusal(),
        Gmail(), Yahoo(), Zoho(), EZweb(), KDDI(), Mimecast(), EinsUndEins(),
        RFC3464(),
        Challenge(),  # a challenge-response request is no failure, whatever address it names
        AutoReply(),  # marked by its own headers and not a bounce (see its guards): the failure
        # lines it quotes or returns ("550 5.1.1 ... User unknown") are not its news
        ExchangeOnline(),  # Exchange's own text when its report part is missing
        TextDSN(), SendmailTranscript(), RecipientLines(),  # MTA text layouts: no DSN part to read
        PostfixReportUnavailable(),  # Postfix lost its report: the returned message's one To
        MovedNotice(),  # a site's own "has moved, new address is" notice, no DSN, no reply
        Flufl(),  # last resort: flufl.bounce's detectors, addresses only
        ReturnedRecipients(),  # a notice in words no reader knows, naming the returned message's To
    )


EXTRACTORS: tuple[Extractor, ...] = _extractors()


def extract(message: Message, max_recipients: int | None = None) -> Extraction | None:
    """Run the extractors in order; the first one that finds records decides, and `finish`
    completes what it found. At most `max_recipients` records are kept (None: all)."""
    for extractor in EXTRACTORS:
        found = extractor.extract(message)
        if found is not None and found.records:
            return finish(extractor, message, found, max_recipients)
    return None


def finish(
    extractor: Extractor, message: Message, found: Extraction, max_recipients: int | None = None
) -> Extraction:
    """The steps every message needs once (the module docstring), on what `extractor` found."""
    if max_recipients is not None and len(found.records) > max_recipients:
        found.unread += len(found.records) - max_recipients
        del found.records[max_recipients:]
    if getattr(extractor, "completes_from_notice", True):
        complete_from_notice(message, found)
    complete_from_program_lines(message, found.records)
    complete_from_mailer_output(message, found.records)
    complete_from_content_category(message, found.records)
    if getattr(extractor, "returns_original", True):
        fill_original(found, reading(message).returned)
    for record in found.records:
        if not record.command:
            record.command = find_command(record.diagnostic)
    return found
