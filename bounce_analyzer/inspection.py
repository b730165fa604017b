"""`inspect`: a message's parsed structure, for a person working out a verdict.

mail-parser is slow for the hot path but reads what a person debugging wants to see (the
Received chain with hops and delays, header and date defects), so it is used here only, and
imported only when this command runs.
"""

from __future__ import annotations

from typing import TextIO

from . import parse
from .extract import EXTRACTORS, finish
from .ingest import IngestOptions, RawMessage, read_file
from .message import bounce_inside


def first_message(path: str) -> RawMessage:
    for item in read_file(path, IngestOptions()):
        if isinstance(item, RawMessage):
            return item
        raise ValueError(f"{item.source}: {item.error}")
    raise ValueError(f"{path}: holds no message")


def inspect_file(path: str, out: TextIO) -> None:
    import mailparser  # lazily: slow to import, and only this command needs it

    raw = first_message(path)
    message = parse.parse_bytes(raw.data, standard=True)
    parsed = mailparser.parse_from_bytes(raw.data.replace(b"\r\n", b"\n"))

    out.write(f"source: {raw.source} ({len(raw.data)} bytes)\n\nheaders:\n")
    out.writelines(f"  {name}: {parse.decode_header_value(value)[:200]}\n" for name, value in message.items())

    out.write("\nMIME tree:\n")
    for part, depth in parse.walk(message):
        details = []
        charset = part.get_content_charset()
        if charset:
            details.append(f"charset={charset}")
        encoding = part.get("Content-Transfer-Encoding")
        if encoding:
            details.append(f"encoding={encoding.strip().lower()}")
        payload = part.get_payload()
        if isinstance(payload, str):
            details.append(f"{len(payload)} bytes")
        out.write(f"  {'  ' * depth}{part.get_content_type()}  {' '.join(details)}\n")

    defects = [f"{type(d).__name__}" for part, _ in parse.walk(message) for d in part.defects]
    defects += [str(d) for d in getattr(parsed, "defects_categories", ())]
    out.write("\nparse defects:\n")
    out.write("".join(f"  {d}\n" for d in defects) or "  none\n")

    out.write("\nReceived chain (oldest hop first):\n")
    hops = parsed.received or []
    out.writelines(f"  hop {hop.get('hop', '?')}: from {hop.get('from', '-')} by {hop.get('by', '-')}"
            f" at {hop.get('date_utc', hop.get('date', '-'))} (delay {hop.get('delay', '-')} s)\n" for hop in hops)
    if not hops:
        out.write("  none\n")

    bounce = bounce_inside(message)
    if bounce is not message:
        out.write("\na bounce a person forwarded (attached or pasted inline): the extractors read it\n")
        message = bounce
    out.write("\nextractors (in order):\n")
    claimed = ""
    for extractor in EXTRACTORS:
        try:
            found = extractor.extract(message)
        except Exception as error:  # noqa: BLE001 - show it, do not hide it
            out.write(f"  {extractor.name}: raised {type(error).__name__}: {error}\n")
            continue
        count = len(found.records) if found else 0
        mark = ""
        if count and not claimed:
            claimed, mark = extractor.name, "  <- claims it"
        out.write(f"  {extractor.name}: {count} records{mark}\n")
        if count and mark and found:
            found = finish(extractor, message, found)  # the steps extract() runs after it
            out.writelines(f"    {record.recipient}  action={record.action or '-'} status={record.status or '-'}"
                    f" reply={record.reply_code or '-'} command={record.command or '-'}\n"
                    f"      diagnostic: {record.diagnostic[:300] or '-'}\n" for record in found.records)
    if not claimed:
        out.write("  no extractor claims it: not a bounce\n")
