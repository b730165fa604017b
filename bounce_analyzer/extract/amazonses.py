"""Amazon SES: SNS JSON notifications, SES's own DSNs, and Amazon WorkMail notices.

- SES publishes bounce, complaint and delivery events to SNS topics; an e-mail subscription
  delivers them as a text/plain message whose body is the JSON event, either bare or wrapped
  in an SNS envelope whose "Message" holds the event as a string
  (https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html; corpus
  lhost-amazonses-09/10/11). Long lines arrive broken by "!" + newline + space (the
  990-character line limit of RFC 5321 section 4.5.3.1.6 enforced by a relay), which is
  undone before decoding.
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
    return event if isinstance(event, dict) and "notificationType" in event else None


def _dict(value: Any) -> dict[str, Any]:
    """A JSON object, or {} for anything else (the event is untrusted input)."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _from_event(event: dict[str, Any]) -> Extraction | None:
    kind = str(event.get("notificationType", "")).lower()
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
        for item in _list(bounce.get("bouncedRecipients")):
            if not isinstance(item, dict):
                continue
            code_field = str(item.get("diagnosticCode", ""))  # a Diagnostic-Code value
            diagnostic = unfold(typed_value(code_field))
            record = DeliveryRecord(
                recipient=normalise_address(str(item.get("emailAddress", ""))),
                action=str(item.get("action", "")).lower(),
                status=find_status(str(item.get("status", ""))) or find_status(diagnostic),
                reply_code=find_reply_code(diagnostic),
                diagnostic=diagnostic,
                diagnostic_type=value_type(code_field),
            )
            if record.recipient:
                extraction.records.append(unwrap(record))
    elif kind == "complaint":
        complaint = _dict(event.get("complaint"))
        feedback = str(complaint.get("complaintFeedbackType", "")).lower()
        for item in _list(complaint.get("complainedRecipients")):
            if isinstance(item, dict) and item.get("emailAddress"):
                extraction.records.append(DeliveryRecord(
                    recipient=normalise_address(str(item["emailAddress"])),
                    reason_hint="feedback", feedback_type=feedback))
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
