"""Amazon SES: SNS JSON notifications, SES's own DSNs, and Amazon WorkMail notices.

- SES publishes bounce, complaint and delivery events to SNS topics; an e-mail subscription
  delivers them as a text/plain message whose body is the JSON event, either bare or wrapped
  in an SNS envelope whose "Message" holds the event as a string
  (https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html; corpus
  lhost-amazonses-09/10/11). Long lines arrive broken by "!" + newline + space (the
  990-character line limit of RFC 5321 section 4.5.3.1.6 enforced by a relay), which is
  undone before decoding.
- Configuration-set event publishing writes the same objects under "eventType" instead of
  "notificationType", and adds "DeliveryDelay" (a "deliveryDelay" object: delayType,
  expirationTime, delayedRecipients[] with emailAddress, status, diagnosticCode) and "Reject"
  (https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html).
  A delayed recipient is a delayed row; what SES's delay type, its bounce subtype (for a
  bounced recipient without a diagnosticCode) and a Reject mean is data in
  rules/amazonses.toml. Send, Open, Click and the other events report no failure.
- SES's own DSNs are RFC 3464 reports whose Diagnostic-Code wraps the remote answer:
  `5.1.0 - Unknown address error 550-'5.2.2 <a@b>... Mailbox Full' (delivery attempts: 0)`
  (corpus lhost-amazonses-01/03), or gives up: `554 4.4.7 Message expired: unable to
  deliver in 840 minutes.<421 4.4.2 Connection timed out>` (lhost-amazonses-17). The
  codes the remote server sent are read from inside.
- Amazon WorkMail (sending through SES) pastes the DSN fields into its text part after
  "Technical report:" (corpus lhost-amazonworkmail-*).
"""

from __future__ import annotations

import json
import re
from email.message import Message
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import patterns
from ..addresses import normalise_address
from ..message import (
    notice_text,
    pasted_report,
    read_report,
    record_from_block,
    sender_domain,
    status_parts,
    text_blocks,
    typed_value,
)
from ..model import DeliveryRecord, Extraction
from ..parse import unfold
from ..rules import VOCABULARY, builtin_dir
from ..smtp import find_reply_code, find_status, value_type

SES_DOMAIN = "amazonses.com"

# "!" + line break + one space: where a relay broke a line longer than 990 characters.
BROKEN_LINE = patterns.compile(r"!\r?\n ")

# SES's wrapper around the remote answer (see module docstring).
WRAPPED = patterns.compile(r"^[245]\.\d{1,3}\.\d{1,3} - [^']{1,200}?([245]\d\d)[ \-]'([^']{1,2000})'")
# "... Message expired: ...<421 4.4.2 Connection timed out>": the last remote answer.
EXPIRED = patterns.compile(r"message expired\b[^<]{0,300}<([245]\d\d[ \-][^<>]{1,1000})>", re.IGNORECASE)


def _is_ses(message: Message) -> bool:
    domain = sender_domain(message)
    return domain == SES_DOMAIN or domain.endswith("." + SES_DOMAIN)


def unwrap(record: DeliveryRecord) -> DeliveryRecord:
    """Read the remote server's codes from inside SES's wrapped diagnostics."""
    wrapped = WRAPPED.match(record.diagnostic)
    if wrapped:
        inner = f"{wrapped.group(1)} {wrapped.group(2)}"
        record.diagnostic = unfold(inner)
        record.reply_code = wrapped.group(1)
        record.status = find_status(inner) or record.status
        return record
    expired = EXPIRED.search(record.diagnostic)
    if expired:
        inner = expired.group(1)
        record.reply_code = find_reply_code(inner)
        record.status = find_status(inner) or record.status
        record.reason_hint = "expired"  # SES says outright it gave up
    return record


def _decode_event(text: str) -> dict[str, Any] | None:
    start = text.find("{")
    if start == -1:
        return None
    body = BROKEN_LINE.sub("", text[start:])
    try:
        event, _ = json.JSONDecoder().raw_decode(body)
    except ValueError:
        return None
    if isinstance(event, dict) and isinstance(event.get("Message"), str):
        try:
            event = json.loads(event["Message"])  # the SNS envelope
        except ValueError:
            return None
    if not isinstance(event, dict):
        return None
    return event if "notificationType" in event or "eventType" in event else None


# What SES's own words for a cause mean (rules/amazonses.toml): (table, value) -> reason.
EventReasons = tuple[tuple[str, str, str], ...]


@lru_cache(maxsize=1)
def event_reasons(path: Path | None = None) -> dict[tuple[str, str], str]:
    """rules/amazonses.toml, read once; kept in the pattern cache while the file and this
    module are unchanged (patterns.derived), so a run needs no TOML parser."""
    text = (path or builtin_dir() / "amazonses.toml").read_text(encoding="utf-8")
    kind = patterns.code_version("ses event reasons", __file__)
    entries = patterns.derived(kind, text, _read_event_reasons, _are_event_reasons)
    return {(table, value.lower()): reason for table, value, reason in entries}


def _read_event_reasons(text: str) -> EventReasons:
    import tomllib  # only when the cache does not have this file

    data = tomllib.loads(text)
    entries = []
    for table in ("delay_type", "bounce_subtype", "event_type"):
        for entry in data.get(table, []):
            value, reason = str(entry.get("value", "")), str(entry.get("reason", ""))
            if not value or not str(entry.get("source", "")).strip():
                raise ValueError(f"amazonses.toml: a [[{table}]] entry without a value or source")
            if reason and reason not in VOCABULARY:
                raise ValueError(f"amazonses.toml: {value}: unknown reason {reason!r}")
            entries.append((table, value, reason))
    return tuple(entries)


def _are_event_reasons(value: object) -> bool:
    return isinstance(value, tuple) and all(
        isinstance(e, tuple) and len(e) == 3 and all(isinstance(s, str) for s in e) for e in value
    )


def _dict(value: Any) -> dict[str, Any]:
    """A JSON object, or {} for anything else (the event is untrusted input)."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _said(table: str, value: Any) -> str:
    """The reason SES's own word for a cause (`table`: delay_type, bounce_subtype) stands for."""
    return event_reasons().get((table, str(value or "").lower()), "")


def _add(
    extraction: Extraction, item: dict[str, Any], action: str, said: str,
    will_retry_until: str = "",
) -> None:
    """A bounced or delayed recipient of an event. The server's own words (its diagnosticCode,
    a Diagnostic-Code value) come first; `said`, SES's type, is the reason where it quoted none."""
    code_field = str(item.get("diagnosticCode", ""))
    diagnostic = unfold(typed_value(code_field))
    record = DeliveryRecord(
        recipient=normalise_address(str(item.get("emailAddress", ""))),
        action=action,
        status=find_status(str(item.get("status", ""))) or find_status(diagnostic),
        reply_code=find_reply_code(diagnostic),
        diagnostic=diagnostic,
        diagnostic_type=value_type(code_field),
        will_retry_until=will_retry_until,
        reason_hint="" if diagnostic else said,
    )
    if record.recipient:
        extraction.records.append(unwrap(record))


def _from_event(event: dict[str, Any]) -> Extraction | None:
    kind = str(event.get("notificationType") or event.get("eventType") or "").lower()
    mail = _dict(event.get("mail"))
    extraction = Extraction(
        mta="amazonses",
        original_sender=normalise_address(str(mail.get("source", ""))),
        original_message_id=str(mail.get("messageId", "")),
    )
    common = _dict(mail.get("commonHeaders"))
    extraction.original_subject = str(common.get("subject", ""))
    if kind == "bounce":
        bounce = _dict(event.get("bounce"))
        extraction.reporting_mta = typed_value(str(bounce.get("reportingMTA", "")))
        said = _said("bounce_subtype", bounce.get("bounceSubType"))
        for item in _list(bounce.get("bouncedRecipients")):
            if isinstance(item, dict):
                _add(extraction, item, str(item.get("action", "")).lower(), said)
    elif kind == "complaint":
        complaint = _dict(event.get("complaint"))
        feedback = str(complaint.get("complaintFeedbackType", "")).lower()
        for item in _list(complaint.get("complainedRecipients")):
            if isinstance(item, dict) and item.get("emailAddress"):
                extraction.records.append(DeliveryRecord(
                    recipient=normalise_address(str(item["emailAddress"])),
                    reason_hint="feedback", feedback_type=feedback))
    elif kind == "deliverydelay":
        delay = _dict(event.get("deliveryDelay"))
        extraction.reporting_mta = typed_value(str(delay.get("reportingMTA", "")))
        said = _said("delay_type", delay.get("delayType"))
        until = str(delay.get("expirationTime", ""))
        for item in _list(delay.get("delayedRecipients")):
            if isinstance(item, dict):
                _add(extraction, item, "delayed", said, will_retry_until=until)
    elif kind == "reject" and event_reasons().get(("event_type", kind)):
        hint = event_reasons()[("event_type", kind)]
        for address in _list(mail.get("destination")):
            extraction.records.append(DeliveryRecord(
                recipient=normalise_address(str(address)), action="failed",
                diagnostic=str(_dict(event.get("reject")).get("reason", "")), reason_hint=hint))
    elif kind == "delivery":
        delivery = _dict(event.get("delivery"))
        response = unfold(str(delivery.get("smtpResponse", "")))
        for address in _list(delivery.get("recipients")):
            extraction.records.append(DeliveryRecord(
                recipient=normalise_address(str(address)), action="delivered",
                status=find_status(response), reply_code=find_reply_code(response),
                diagnostic=response, remote_mta=str(delivery.get("remoteMtaIp", "")),
                reason_hint="delivered"))
    else:
        return None
    return extraction


class AmazonSES:
    """SES event notifications (via SNS) and SES's own delivery status notifications."""

    name = "amazonses"

    def extract(self, message: Message) -> Extraction | None:
        from_sns = sender_domain(message).endswith("sns.amazonaws.com")
        if message.get("x-amz-sns-message-id") is not None or from_sns:
            event = _decode_event(notice_text(message))
            return _from_event(event) if event is not None else None
        if not _is_ses(message):
            return None
        parts = status_parts(message)
        if not parts:
            return None
        extraction = read_report(parts, self.name)
        extraction.records = [unwrap(record) for record in extraction.records]
        return extraction


class AmazonWorkMail:
    """Amazon WorkMail notices: DSN fields pasted into the text after "Technical report:"."""

    name = "amazonworkmail"

    def extract(self, message: Message) -> Extraction | None:
        if not _is_ses(message) or status_parts(message):
            return None
        fields = pasted_report(notice_text(message))
        if not fields:
            return None
        extraction = Extraction(mta=self.name)
        for block in text_blocks(fields):
            if not extraction.reporting_mta and "reporting-mta" in block:
                extraction.reporting_mta = typed_value(block["reporting-mta"])
            record = record_from_block(block)
            if record is not None:
                extraction.records.append(unwrap(record))
        return extraction
