"""Delay reports whose cause is not in the DSN fields: Courier's delay DSN (the cause only in
its notice's transcript lines), any delay DSN whose notice quotes the SMTP dialogue, and
Amazon SES configuration-set events (eventType "Bounce" / "DeliveryDelay"). Written here from
the MTAs' source and the vendors' documentation, with other hosts than the samples.
"""

from __future__ import annotations

import json

import pytest

from bounce_analyzer.classifier import load_classifier
from bounce_analyzer.extract.amazonses import _read_event_reasons, event_reasons
from bounce_analyzer.model import DeliveryRecord

from .conftest import extracted, records


def report(sender: str, subject: str, notice: str, fields: str) -> str:
    return (
        f"From: {sender}\nTo: <news@example.org>\nSubject: {subject}\nMime-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\n\n'
        f"--b1\nContent-Type: text/plain\n\n{notice}\n"
        f"--b1\nContent-Type: message/delivery-status\n\n{fields}\n--b1--\n"
    )


# courier/module.dsn/dsn.C: a delayed DSN writes Status 4.0.0 and no Diagnostic-Code; the
# notice lists "<a@b>:", the peer, " >>> " command and " <<< " reply lines per recipient.
COURIER_DELAY = report(
    '"Courier mail server at relay.example.org" <@>',
    "WARNING: delayed mail.",
    "This is a delivery status notification from relay.example.org,\n"
    "running the Courier mail server, version 1.1.8.\n\n"
    "                     DELAYS IN DELIVERING YOUR MESSAGE\n\n"
    "This is an advisory notice for the following addresses only:\n\n"
    "<ann@example.com>:\n"
    "     mx1.example.com [198.51.100.7]:\n"
    " >>> RCPT TO:<ann@example.com>\n"
    " <<< 450 4.2.2 <ann@example.com>... Mailbox is over quota\n\n"
    "<bo@example.jp>:\n"
    "     mx.example.jp [203.0.113.9]:\n"
    " >>> RCPT TO:<bo@example.jp>\n"
    " <<< 451 4.3.0 Temporary lookup failure\n",
    "Reporting-MTA: dns; relay.example.org\n\n"
    "Final-Recipient: rfc822; ann@example.com\nAction: delayed\nStatus: 4.0.0\n\n"
    "Final-Recipient: rfc822; bo@example.jp\nAction: delayed\nStatus: 4.0.0\n",
)


def test_courier_delay_takes_each_recipients_reply_from_the_notice() -> None:
    found = records(COURIER_DELAY)
    ann, bo = found["ann@example.com"], found["bo@example.jp"]
    assert (ann.action, ann.status, ann.reply_code, ann.command) == ("delayed", "4.2.2", "450", "RCPT")
    assert ann.diagnostic == "450 4.2.2 <ann@example.com>... Mailbox is over quota"
    assert bo.diagnostic == "451 4.3.0 Temporary lookup failure"  # never ann's reply
    verdict = load_classifier().classify(ann)
    assert (verdict.reason, verdict.bounce) == ("mailboxfull", "soft")


def test_unknown_notice_quoting_the_dialogue_completes_only_the_recipients_it_names() -> None:
    found = records(
        report(
            "Mail Delivery System <mailer-daemon@gw.example.org>",
            "Delivery delayed",
            "Your message is still queued. Session with mx.example.net:\n"
            ">>> MAIL FROM:<news@example.org>\n<<< 250 ok\n"
            ">>> RCPT TO:<cy@example.net>\n<<< 452 4.2.2 Mailbox full\n"
            ">>> RCPT TO:<di@example.net>\n<<< 250 ok\n",
            "Reporting-MTA: dns; gw.example.org\n\n"
            "Final-Recipient: rfc822; cy@example.net\nAction: delayed\nStatus: 4.0.0\n\n"
            "Final-Recipient: rfc822; dz@example.net\nAction: delayed\nStatus: 4.0.0\n",
        )
    )
    assert found["cy@example.net"].diagnostic == "452 4.2.2 Mailbox full"
    assert found["cy@example.net"].command == "RCPT"
    # the dialogue never names dz: no one else's reply becomes its words
    assert found["dz@example.net"].diagnostic == ""
    assert found["dz@example.net"].status == "4.0.0"


# Amazon SES configuration-set event publishing, delivered by an SNS e-mail subscription
# (https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html).
def sns(event: dict[str, object]) -> str:
    envelope = {"Type": "Notification", "MessageId": "m-1", "Message": json.dumps(event)}
    return (
        "From: AWS Notifications <no-reply@sns.amazonaws.com>\nTo: ops@example.org\n"
        "Subject: AWS Notification Message\nx-amz-sns-message-id: m-1\n\n"
        + json.dumps(envelope, indent=2)
    )


MAIL = {"source": "shop@example.org", "messageId": "ses-1", "destination": ["a@example.com"],
        "commonHeaders": {"subject": "Receipt"}}


def delay(delay_type: str, *recipients: dict[str, str]) -> str:
    return sns({"eventType": "DeliveryDelay", "mail": MAIL, "deliveryDelay": {
        "timestamp": "2026-11-30T10:00:00.000Z", "delayType": delay_type,
        "expirationTime": "2026-12-01T10:00:00.000Z", "delayedRecipients": list(recipients)}})


def verdicts(text: str) -> dict[str, tuple[str, str, str]]:
    judge = load_classifier()
    out = {}
    for address, record in records(text).items():
        verdict = judge.classify(record)
        out[address] = (record.action, verdict.reason, verdict.bounce)
    return out


def test_ses_event_bounce_is_read_like_a_bounce_notification() -> None:
    text = sns({"eventType": "Bounce", "mail": MAIL, "bounce": {
        "bounceType": "Permanent", "bounceSubType": "General",
        "reportingMTA": "dns; b.smtp-out.amazonses.com",
        "bouncedRecipients": [{"emailAddress": "gone@example.com", "action": "failed",
                               "status": "5.1.1", "diagnosticCode": "smtp; 550 5.1.1 user unknown"}]}})
    found = extracted(text)
    assert found is not None and found.mta == "amazonses"
    assert found.original_subject == "Receipt"
    assert verdicts(text) == {"gone@example.com": ("failed", "userunknown", "hard")}


def test_ses_delivery_delay_reads_each_delayed_recipient() -> None:
    text = delay(
        "RecipientServerError",
        {"emailAddress": "full@example.com", "status": "4.2.2",
         "diagnosticCode": "smtp; 452 4.2.2 Mailbox full"},
        {"emailAddress": "quiet@example.net", "status": "4.0.0"},
    )
    found = records(text)
    assert found["full@example.com"].will_retry_until == "2026-12-01T10:00:00.000Z"
    assert found["full@example.com"].reply_code == "452"
    # the server's words decide where there are any; SES's delay type where there are none
    assert verdicts(text) == {
        "full@example.com": ("delayed", "mailboxfull", "soft"),
        "quiet@example.net": ("delayed", "systemerror", "soft"),
    }


@pytest.mark.parametrize(("delay_type", "reason"), [
    ("MailboxFull", "mailboxfull"),
    ("IPFailure", "blocked"),
    ("TransientCommunicationFailure", "networkerror"),
    ("Undetermined", "expired"),  # names no cause: a delayed row with nothing else is on its way to expiring
    ("SomeFutureType", "expired"),
])
def test_ses_delay_type_without_diagnostic(delay_type: str, reason: str) -> None:
    text = delay(delay_type, {"emailAddress": "x@example.com", "status": "4.0.0"})
    assert verdicts(text) == {"x@example.com": ("delayed", reason, "soft")}


def bounced(kind: str, subtype: str, *recipients: dict[str, str]) -> str:
    return sns({"notificationType": "Bounce", "mail": MAIL, "bounce": {
        "bounceType": kind, "bounceSubType": subtype, "bouncedRecipients": list(recipients)}})


@pytest.mark.parametrize(("kind", "subtype", "reason", "bounce"), [
    ("Permanent", "NoEmail", "userunknown", "hard"),
    ("Transient", "MailboxFull", "mailboxfull", "soft"),
    ("Transient", "MessageTooLarge", "mesgtoobig", "soft"),
    ("Transient", "AttachmentRejected", "policyviolation", "soft"),
    ("Transient", "ContentRejected", "policyviolation", "soft"),
    # names no cause: the status decides
    ("Permanent", "General", "userunknown", "hard"),
    ("Undetermined", "Undetermined", "userunknown", "hard"),
])
def test_ses_bounce_subtype_without_diagnostic(
    kind: str, subtype: str, reason: str, bounce: str
) -> None:
    status = "5.1.1" if subtype in ("General", "Undetermined") else "5.0.0"
    text = bounced(kind, subtype, {"emailAddress": "x@example.com", "action": "failed",
                                   "status": status})
    assert verdicts(text) == {"x@example.com": ("failed", reason, bounce)}


def test_ses_bounce_subtype_gives_way_to_the_servers_words() -> None:
    text = bounced("Transient", "MailboxFull", {
        "emailAddress": "x@example.com", "action": "failed", "status": "5.1.1",
        "diagnosticCode": "smtp; 550 5.1.1 <x@example.com>: Recipient address rejected: User unknown"})
    assert verdicts(text) == {"x@example.com": ("failed", "userunknown", "hard")}


def test_ses_reject_and_events_that_report_no_failure() -> None:
    rejected = sns({"eventType": "Reject", "mail": MAIL, "reject": {"reason": "Bad content"}})
    assert verdicts(rejected) == {"a@example.com": ("failed", "virusdetected", "soft")}
    for kind in ("Send", "Open", "Click"):
        found = extracted(sns({"eventType": kind, "mail": MAIL, kind.lower(): {}}))
        assert found is None or not found.records


def test_ses_event_reasons_data_is_checked() -> None:
    assert event_reasons()[("delay_type", "mailboxfull")] == "mailboxfull"
    assert event_reasons()[("bounce_subtype", "noemail")] == "userunknown"
    with pytest.raises(ValueError, match="unknown reason"):
        _read_event_reasons('[[delay_type]]\nvalue = "X"\nreason = "nosuch"\nsource = "s"\n')
    with pytest.raises(ValueError, match="without a value or source"):
        _read_event_reasons('[[delay_type]]\nvalue = "X"\nreason = ""\n')


def test_still_undelivered_is_an_expiry_only_where_the_mta_stopped_trying() -> None:
    judge = load_classifier()
    words = "451 4.2.2 Your message is still undelivered after 12 hours"
    delayed = DeliveryRecord(recipient="e@example.com", action="delayed", status="4.2.2",
                             reply_code="451", diagnostic=words)
    failed = DeliveryRecord(recipient="e@example.com", action="failed", status="4.2.2",
                            reply_code="451", diagnostic=words)
    # still queued (RFC 3464 2.3.3): the status says why; given up: the words say it expired
    assert judge.classify(delayed).reason == "mailboxfull"
    assert judge.classify(failed).reason == "expired"
    assert judge.decide(failed)[1] == "common-still-undelivered"


# MMDF's notices (lib/mmdf/rtn_proc.c): rtn_pnam() names an address "a@b (host: h) (queue: q)".
def mmdf(subject: str, body: str) -> str:
    return (
        "From: gw.example.org Mail System (MMDF) <mmdf@gw.example.org>\n"
        f"To: clerk@gw.example.org\nSubject: {subject}\n\n{body}\n"
        "    Your message begins as follows:\n\n"
        "From: Clerk <clerk@gw.example.org>\nTo: ann@example.com\nSubject: Minutes\n\nHello\n"
    )


def test_mmdf_failed_mail_gives_each_address_its_reason() -> None:
    text = mmdf(
        "Failed mail  (msg.a01234)",
        "    Your message could not be delivered to\n"
        "'ann@example.com (host: example.com) (queue: smtp)' for the following\n"
        "reason:  '550 5.2.2 <ann@example.com>... Mailbox full'\n",
    )
    found = extracted(text)
    assert found is not None and found.mta == "mmdf"
    assert found.original_subject == "Minutes"
    assert verdicts(text) == {"ann@example.com": ("failed", "mailboxfull", "soft")}


def test_mmdf_timeout_and_warning_lists() -> None:
    listed = (
        "\n\n    It failed to be received by the following address(es):\n\n"
        "\tann@example.com (host: example.com) (queue: smtp)\n"
        "\tbo@example.net (host: example.net) (queue: smtp)\n\n"
        "    Problems usually are due to service interruptions at the receiving\n"
        "machine.  Less often, they are caused by the communication system.\n"
    )
    gave_up = mmdf("Failed mail  (msg.a01235)",
                   "    After 5 days (120 hours), your message could not be\nfully delivered." + listed)
    assert verdicts(gave_up) == {
        "ann@example.com": ("failed", "expired", "soft"),
        "bo@example.net": ("failed", "expired", "soft"),
    }
    waiting = mmdf(
        "Waiting mail  (msg.a01236)",
        "    After 1 day (20 hours), your message has not yet been\nfully delivered."
        "  Attempts to deliver the message will continue\nfor 4 more days."
        "  No further action is required by you.\n\n"
        "    Delivery attempts are still pending for the following address(es):\n\n"
        "\tbo@example.net (host: example.net) (queue: smtp)\n",
    )
    assert verdicts(waiting) == {"bo@example.net": ("delayed", "expired", "soft")}
