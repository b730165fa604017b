"""Delay reports whose cause is not in the DSN fields: Courier's delay DSN (the cause only in
its notice's transcript lines), any delay DSN whose notice quotes the SMTP dialogue, and
Amazon SES configuration-set events (eventType "Bounce" / "DeliveryDelay"). Written here from
the MTAs' source and the vendors' documentation, with other hosts than the samples.
"""

from __future__ import annotations

from bounce_analyzer.classifier import load_classifier
from bounce_analyzer.extract import extract
from bounce_analyzer.model import DeliveryRecord, Extraction
from bounce_analyzer.parse import parse_bytes


def run(text: str) -> Extraction | None:
    return extract(parse_bytes(text.encode("utf-8")))


def records(text: str) -> dict[str, DeliveryRecord]:
    found = run(text)
    assert found is not None
    return {r.recipient: r for r in found.records}


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
