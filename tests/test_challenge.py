"""Challenge-response requests are not failures of the address (issue 14, item 6)."""

from __future__ import annotations

from bounce_analyzer.classifier import load_classifier
from bounce_analyzer.ingest import RawMessage
from bounce_analyzer.model import Verdict
from bounce_analyzer.pipeline import Options, analyze_message
from bounce_analyzer.suppression import kind


def analyze_bytes(data: bytes, options: Options) -> list[Verdict]:
    return analyze_message(RawMessage("t", data), load_classifier(), options)

CHALLENGE = """\
From: {who}
To: list-bounces@example.net
Subject: {subject}
Date: Tue, 24 Nov 2026 10:00:00 +0100
Message-ID: <c-{n}@example.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

{body}
"""

BOUNCE = """\
From: MAILER-DAEMON@mx.example.net
To: list-bounces@example.net
Subject: Undelivered Mail Returned to Sender
Date: Tue, 24 Nov 2026 10:00:00 +0100
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<ghost@example.net>: host mx2.example.net[192.0.2.7] said: 550 5.1.1
    <ghost@example.net>: Recipient address rejected: User unknown (in reply to
    RCPT TO command)

Please confirm the address with the recipient before sending again.
"""


def rows(text: str, **options: bool) -> list[dict[str, str]]:
    return [item.as_dict() for item in analyze_bytes(text.encode(), Options(**options))]


def test_challenge_in_the_body_gives_no_failure_row() -> None:
    text = CHALLENGE.format(
        who="Kenji Sato <kenji@example.jp>", subject="Re: Weekly digest", n=1,
        body="Your message has not been delivered yet. I use a challenge/response filter:\n"
        "please reply to this mail to confirm that you are a human, and you will be added\n"
        "to my list of approved senders.",
    )
    assert rows(text) == []  # not a failure: shown only when auto-replies are asked for
    [row] = rows(text, include_vacation=True)
    assert (row["recipient"], row["reason"], row["bounce"], row["permanent"]) == (
        "kenji@example.jp", "challenge", "", "",
    )
    assert row["explanation"] and item_advice(text)


def item_advice(text: str) -> str:
    [item] = analyze_bytes(text.encode(), Options(include_vacation=True))
    return item.advice


def test_challenge_in_the_subject() -> None:
    text = CHALLENGE.format(
        who="noreply@guard.example.org", subject="[Spam Arrest] Please verify your email", n=2,
        body="Click the link to have your message delivered to ana@example.org.",
    )
    [row] = rows(text, include_vacation=True)
    assert row["reason"] == "challenge"


def test_a_challenge_is_never_suppressed() -> None:
    text = CHALLENGE.format(
        who="kenji@example.jp", subject="Sender verification", n=3, body="Please verify.",
    )
    [item] = analyze_bytes(text.encode(), Options(include_vacation=True))
    assert kind(item) == "ignore"


def test_a_bounce_that_asks_to_confirm_stays_a_bounce() -> None:
    [row] = rows(BOUNCE)
    assert (row["recipient"], row["reason"], row["bounce"]) == (
        "ghost@example.net", "userunknown", "hard",
    )


def test_a_challenge_in_a_reply_is_no_failure() -> None:
    from bounce_analyzer.classifier import record_from_text

    verdict = load_classifier().classify(record_from_text("550 sender not pre-approved"))
    assert (verdict.reason, verdict.bounce, verdict.permanent) == ("challenge", "", "")


def test_boxtrapper_by_its_subject_mark_or_its_words() -> None:
    # cPanel BoxTrapper's verify template must keep "Subject: verify#%msgid%"; its default
    # text asks for a "real live human being". Either alone marks the request, although it
    # also carries X-Autorespond and Precedence: auto_reply (the marks of an auto-reply).
    for subject, body in (
        ("Bitte bestaetigen verify#Ab12Cd-1796032218", "Antworten Sie auf diese Nachricht."),
        ("Re: November newsletter", ("The message you sent requires that you verify that you\n"
                                     "are a real live human being and not a spam source.")),
    ):
        text = CHALLENGE.format(who="alex@example.net", subject=subject, n=4, body=body)
        text = text.replace("MIME-Version", "X-Autorespond: k2pG7w\nPrecedence: auto_reply\nMIME-Version")
        assert rows(text) == []
        [row] = rows(text, include_vacation=True)
        assert (row["recipient"], row["reason"], row["bounce"]) == ("alex@example.net", "challenge", "")


def test_an_exchange_automatic_reply_in_any_language_by_its_loop_header() -> None:
    # Exchange's OOF has no Auto-Submitted and a localised subject prefix; the inbox-rules
    # loop counter it carries marks it whatever the language.
    text = CHALLENGE.format(
        who="dana@example.org", subject="Automatikus válasz: November newsletter", n=5,
        body="Szabadságon vagyok december 7-ig.",
    ).replace("MIME-Version", "X-MS-Exchange-Inbox-Rules-Loop: dana@example.org\nMIME-Version")
    assert rows(text) == []
    [row] = rows(text, include_vacation=True)
    assert (row["recipient"], row["reason"], row["bounce"]) == ("dana@example.org", "vacation", "")


# What the round-5 samples of a bounces mailbox's other mail give when automatic replies are
# asked for (samples/probe5-auto-*.eml; by default none gives a row, samples/*.expected.json).
# Ticket acknowledgements without an RFC 3834 mark and mailing-list moderation notices give none.
WITH_REPLIES = {
    "probe5-auto-vacation-exchange-en.eml": ["vacation"],
    "probe5-auto-vacation-exchange-fr.eml": ["vacation"],
    "probe5-auto-vacation-exchange-pl.eml": ["vacation"],
    "probe5-auto-vacation-exchange-cs.eml": ["vacation"],
    "probe5-auto-vacation-exchange-ja.eml": ["vacation"],
    "probe5-auto-vacation-gmail.eml": ["vacation"],
    "probe5-auto-vacation-dovecot-sieve.eml": ["vacation"],
    "probe5-auto-vacation-zimbra.eml": ["vacation"],
    "probe5-auto-autoack-rt.eml": ["vacation"],
    "probe5-auto-autoack-zendesk.eml": [],
    "probe5-auto-autoack-freshdesk.eml": [],
    "probe5-auto-moderation-mailman2.eml": [],
    "probe5-auto-moderation-mailman3.eml": [],
    "probe5-auto-challenge-boxtrapper.eml": ["challenge"],
    "probe5-auto-human-reply-quoting-ndr.eml": [],
    "probe5-auto-refusal-boxtrapper-blacklist.eml": ["filtered"],  # a refusal, shown by default
}


def test_other_mail_of_a_bounces_mailbox_with_automatic_replies_shown() -> None:
    from .conftest import SAMPLES

    for name, reasons in WITH_REPLIES.items():
        data = (SAMPLES / name).read_bytes()
        got = [v.as_dict() for v in analyze_message(RawMessage(name, data), load_classifier(),
                                                    Options(include_vacation=True))]
        assert [r["reason"] for r in got] == reasons, name
        assert all(r["bounce"] == "" for r in got if r["reason"] in ("vacation", "challenge")), name


def test_an_automatic_reply_that_refuses_the_message_is_a_failure() -> None:
    # cPanel BoxTrapper's blacklist answer carries an auto-reply's marks, but the message was
    # refused by the recipient's own filter (rules/autoreply.toml [[refusal]]).
    text = CHALLENGE.format(
        who="ana@example.org", subject="Re: Weekly digest", n=6,
        body="The user ana@example.org does not accept mail from your address.\n\n"
        "The headers of the message sent from your address are shown below:\n",
    )
    marked = text.replace("MIME-Version", "X-Autorespond: 9f8e7d\nPrecedence: auto_reply\nMIME-Version")
    [row] = rows(marked)
    assert (row["recipient"], row["action"], row["reason"], row["bounce"]) == (
        "ana@example.org", "failed", "filtered", "soft",
    )
    assert "does not accept mail from your address" in row["diagnostic"]
    assert rows(text) == []  # the same words from a person, unmarked, are no notice
