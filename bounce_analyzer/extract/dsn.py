"""Reading delivery-status parts (RFC 3464, and RFC 6533's internationalised form): the parts,
their field blocks, and a record per recipient block. A library for the extractors that meet a
report (the standard reader, and the providers whose reports need more); not an extractor.

A `multipart/report; report-type=delivery-status` message carries a `message/delivery-status`
(or `message/global-delivery-status`) part: one block of per-message fields, then one block
of per-recipient fields for each recipient, blocks separated by blank lines (RFC 3464 2.1).
"""

from __future__ import annotations

import re
from email.message import Message

from .. import parse, patterns
from ..model import DeliveryRecord, Extraction
from .returned import RETURNED_TYPES
from .text import (
    find_command,
    find_reply_code,
    normalise_address,
    reconcile_status,
    unfold,
    value_type,
)

STATUS_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status"})

Block = dict[str, str]


def field_blocks(part: Message) -> list[Block]:
    """The field blocks of a delivery-status part, each a dict of lower-case names.

    compat32 parses `message/delivery-status` into a list of header blocks, but hands other
    types (the RFC 6533 global form, or a base64-encoded report) over as one message or as
    text, so every shape is brought back to blocks here. The blocks are shared by every
    reader of the part: read them, do not change them.
    """
    return parse.remembered(part, "field_blocks", lambda: _field_blocks(part))


def _field_blocks(part: Message) -> list[Block]:
    payload = part.get_payload()
    blocks: list[Block] = []
    if isinstance(payload, list):
        for sub in payload:
            if not isinstance(sub, Message):
                continue
            blocks.extend(_blocks(sub))
            if isinstance(sub.get_payload(), str):
                rest = parse.part_text(sub)  # raw bytes back, read as UTF-8 (RFC 6533)
                if rest.strip():
                    blocks.extend(text_blocks(rest))
        return [b for b in blocks if b]
    return text_blocks(parse.part_text(part))


def text_blocks(text: str) -> list[Block]:
    """Parse DSN fields written as text into blocks (blank line = next block)."""
    blocks: list[Block] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        if chunk.strip():
            fields = parse.parse_text(chunk.strip("\n") + "\n")
            blocks.extend(_blocks(fields))
    return blocks


# Per-recipient fields that, seen a second time in one block, start the next recipient's
# block: some MTAs write the blocks without the blank line RFC 3464 section 2.1 asks for.
RECIPIENT_BLOCK_START = frozenset({"final-recipient", "original-recipient", "action"})


def _blocks(fields: Message) -> list[Block]:
    blocks: list[Block] = []
    block: Block = {}
    for name, value in fields.items():
        key = name.strip().lower()
        if key in block and key in RECIPIENT_BLOCK_START:
            blocks.append(block)
            block = {}
        if key not in block:  # otherwise the first of a repeated field counts
            block[key] = parse.decode_header_value(value, encoded_words=False)
    if block:
        blocks.append(block)
    return blocks


def typed_value(value: str) -> str:
    """Drop the type of an RFC 3464 typed field: `smtp; 550 ...` -> `550 ...`."""
    kind, semi, rest = value.partition(";")
    if semi and kind.strip() and " " not in kind.strip() and len(kind) < 24:
        return rest.strip()
    return value.strip()


def record_from_block(block: Block) -> DeliveryRecord | None:
    """One recipient's record, or None when the block names no recipient."""
    recipient = normalise_address(block.get("final-recipient", ""))
    original = normalise_address(block.get("original-recipient", ""))
    if not recipient:
        recipient = normalise_address(block.get("x-actual-recipient", "")) or original
    if not recipient:
        return None
    diagnostic_field = block.get("diagnostic-code", "")
    diagnostic = unfold(typed_value(diagnostic_field))
    status_field = block.get("status", "")
    return DeliveryRecord(
        recipient=recipient,
        original_recipient=original,
        action=block.get("action", "").strip().lower().split(" ")[0],
        status=reconcile_status(status_field, diagnostic),
        reply_code=find_reply_code(diagnostic),
        diagnostic=diagnostic,
        diagnostic_type=value_type(diagnostic_field),
        remote_mta=typed_value(block.get("remote-mta", "")),
        command=find_command(diagnostic),
        last_attempt_date=block.get("last-attempt-date", ""),
        will_retry_until=block.get("will-retry-until", ""),
    )


# Sendmail's status line for a program address (a "|command" alias or .forward entry, run by
# its prog mailer), in its notice or transcript: `554 "|/usr/bin/procmail -f-"... Service
# unavailable`, the text being what the program's exit status means (sysexits.h).
PROGRAM_LINE = patterns.compile(r'^([245]\d\d)[ \-]"(\|[^"\n]{1,1000})"\.\.\. ?([^\n]{1,500})$', re.MULTILINE)


def program_of(block: Block) -> str:
    """The program a recipient was delivered to (`X-Actual-Recipient: rfc822; |command`), or ""."""
    actual = typed_value(block.get("x-actual-recipient", ""))
    return actual if actual.startswith("|") else ""


def status_parts(message: Message, max_depth: int = 50) -> list[Message]:
    """Every delivery-status part in the message, in document order.

    A report inside the returned message (a bounce of a bounce, corpus lhost-sendmail-38) is
    about another delivery: it counts only when the message has no report of its own (a
    bounce forwarded as an attachment). Most extractors ask; the answer is kept.
    """
    found = parse.remembered(
        message, ("status_parts", max_depth), lambda: tuple(_status_parts(message, max_depth))
    )
    return list(found)


def _status_parts(message: Message, max_depth: int) -> list[Message]:
    outer: list[Message] = []
    nested: list[Message] = []
    stack: list[tuple[Message, int, bool]] = [(message, 0, False)]
    while stack:
        part, depth, inside = stack.pop()
        kind = part.get_content_type()
        if kind in STATUS_TYPES:
            (nested if inside else outer).append(part)
        payload = part.get_payload()
        if isinstance(payload, list) and depth < max_depth:
            inside = inside or (part is not message and kind in RETURNED_TYPES)
            stack.extend((c, depth + 1, inside) for c in reversed(payload) if isinstance(c, Message))
    return outer or nested


def read_report(
    parts: list[Message], mta: str, programs: list[tuple[DeliveryRecord, str]] | None = None
) -> Extraction:
    """An extraction from the delivery-status parts of a report; `programs`, when given,
    receives the records delivered to a program, each with its "|command"."""
    extraction = Extraction(mta=mta)
    for part in parts:
        for block in field_blocks(part):
            if not extraction.reporting_mta and "reporting-mta" in block:
                extraction.reporting_mta = typed_value(block["reporting-mta"])
            if not extraction.arrival_date and "arrival-date" in block:
                extraction.arrival_date = block["arrival-date"]
            record = record_from_block(block)
            if record is not None:
                extraction.records.append(record)
                program = program_of(block)
                if programs is not None and program:
                    programs.append((record, program))
    return extraction
