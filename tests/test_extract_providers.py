"""Provider, complaint and auto-reply extractors, on hand-written messages.

One table: (case id, message text, extractor name expected, [(recipient, action, status,
reply_code, reason_hint, feedback_type)]). Messages are written here from scratch with
example.com/.net/.org addresses; the longer layouts live in samples/prov-*.eml.
"""

from __future__ import annotations

import pytest

from bounce_analyzer.extract import EXTRACTORS, extract
from bounce_analyzer.extract.amazonses import unwrap
from bounce_analyzer.extract.fallback import Flufl, looks_like_bounce
from bounce_analyzer.model import DeliveryRecord
from bounce_analyzer.parse import parse_bytes

from .conftest import SAMPLES

Row = tuple[str, str, str, str, str, str]


def message(headers: str, body: str) -> bytes:
    return (headers.strip("\n") + "\n\n" + body.lstrip("\n")).encode("utf-8")


CASES: list[tuple[str, bytes, str, list[Row]]] = [
    (
        "out-of-office-by-header",
        message(
            """
From: Dana <dana@example.org>
To: sam@example.com
Subject: Re: plans
Auto-Submitted: auto-replied
""",
            "I am away until the 20th.\n",
        ),
        "autoreply",
        [("dana@example.org", "", "", "", "vacation", "")],
    ),
    (
        "out-of-office-by-subject-only",
        message(
            """
From: lee@example.net
To: sam@example.com
Subject: Out of Office: plans
""",
            "Back next week.\n",
        ),
        "autoreply",
        [("lee@example.net", "", "", "", "vacation", "")],
    ),
    (
        "out-of-office-german-subject",
        message(
            """
From: kim@example.de
To: sam@example.com
Subject: Abwesenheitsnotiz: Termine
""",
            "Ich bin im Urlaub.\n",
        ),
        "autoreply",
        [("kim@example.de", "", "", "", "vacation", "")],
    ),
    (
        "arf-auth-failure-without-report-type",
        message(
            """
From: dmarc-reports@example.net
To: postmaster@example.com
Subject: DMARC failure report
MIME-Version: 1.0
Content-Type: multipart/report; boundary="b1"
""",
            """
--b1
Content-Type: text/plain

A message failed authentication.

--b1
Content-Type: message/feedback-report

Feedback-Type: auth-failure
User-Agent: ExampleDMARC/1.0
Version: 1
Original-Mail-From: <news@example.com>
Original-Rcpt-To: <watcher@example.net>
Auth-Failure: dmarc

--b1--
""",
        ),
        "arf",
        [("watcher@example.net", "", "", "", "feedback", "auth-failure")],
    ),
    (
        "arf-recipient-from-returned-to",
        message(
            """
From: fbl@example.net
To: abuse@example.com
Subject: FW: spam
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="b2"
""",
            """
--b2
Content-Type: message/feedback-report

Feedback-Type: fraud
User-Agent: ExampleFBL/1.0
Version: 1

--b2
Content-Type: message/rfc822

From: offers@example.com
To: victim@example.net
Subject: You won

Claim now.
--b2--
""",
        ),
        "arf",
        [("victim@example.net", "", "", "", "feedback", "fraud")],
    ),
    (
        "ses-delivery-event",
        message(
            """
From: AWS Notifications <no-reply@sns.amazonaws.com>
To: ops@example.com
Subject: AWS Notification Message
x-amz-sns-message-id: 1
""",
            '{"notificationType":"Delivery","delivery":{"recipients":["ok@example.net"],'
            '"smtpResponse":"250 2.0.0 OK queued","remoteMtaIp":"192.0.2.7"},'
            '"mail":{"source":"a@example.com","messageId":"m1"}}\n',
        ),
        "amazonses",
        [("ok@example.net", "delivered", "2.0.0", "250", "delivered", "")],
    ),
    (
        "ses-hostile-json-shapes",
        message(
            """
From: AWS Notifications <no-reply@sns.amazonaws.com>
To: ops@example.com
Subject: AWS Notification Message
""",
            '{"notificationType":"Bounce","bounce":[1,2],"mail":"x"}\n',
        ),
        "",
        [],
    ),
    (
        "gmail-delay-without-details",
        message(
            """
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: writer@gmail.com
Subject: Delivery Status Notification (Delay)
""",
            """
This is an automatically generated Delivery Status Notification

THIS IS A WARNING MESSAGE ONLY.

Delivery to the following recipient has been delayed:

     waiting@example.org

Message will be retried for 2 more day(s)

----- Original message -----

Subject: hi
""",
        ),
        "gmail",
        [("waiting@example.org", "delayed", "", "", "", "")],
    ),
    (
        "gmail-ipv6-digits-are-not-a-reply-code",
        message(
            """
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: writer@gmail.com
X-Failed-Recipients: far@example.org
Subject: Delivery Status Notification (Failure)
""",
            """
Delivery to the following recipient failed permanently:

     far@example.org

Technical details of permanent failure:
The recipient server did not accept our requests to connect.
[(0) example.org. [2001:db8:220:6d::25]:25: socket error]

----- Original message -----
""",
        ),
        "gmail",
        [("far@example.org", "failed", "", "", "", "")],
    ),
    (
        "yahoo-mail-from-stage",
        message(
            """
From: MAILER-DAEMON@yahoo.co.jp
To: me@yahoo.co.jp
Subject: Failure Notice
""",
            """
Sorry, we were unable to deliver your message to the following address.

<there@example.jp>:
Remote host said: 501 5.1.8 Sender address rejected  [MAIL_FROM]

--- Below this line is a copy of the message.
""",
        ),
        "yahoo",
        [("there@example.jp", "failed", "5.1.8", "501", "", "")],
    ),
    (
        "exchange-remote-server-at-host",
        message(
            """
From: postmaster@example.org
To: me@example.com
Subject: Undeliverable: hello
""",
            """
Delivery has failed to these recipients or groups:

late@example.net<mailto:late@example.net>

Diagnostic information for administrators:

Generating server: ex2.example.org
Receiving server: mx.example.net (192.0.2.9)

late@example.net
3/09/2026 8:05 PM - Remote Server at mx.example.net (192.0.2.9) returned '550 4.4.7 QUEUE.Expired'
3/09/2026 7:58 PM - Remote Server at mx.example.net (192.0.2.9) returned '441 4.4.1 Error'

Original message headers:

Subject: hello
""",
        ),
        "exchange",
        [("late@example.net", "failed", "4.4.7", "550", "", "")],
    ),
    (
        "mimecast-spaced-dsn-fields",
        message(
            """
From: Postmaster <postmaster@example.com>
To: me@example.org
Subject: [Postmaster] Email Delivery Failure
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="mc"
""",
            """
--mc
Content-Type: text/plain

This is a delivery failure notification message indicating that
an email you addressed to email address :
-- far@example.net
could not be delivered. The problem appears to be :
-- Recipient email address is possibly incorrect
Additional information follows :
-- 5.7.54 SMTP; Unable to relay recipient in non-accepted domain

--mc
Content-Type: message/delivery-status

Reporting-MTA : dns;mx1.example.com
Action : failed
Status : 5.0.0
Diagnostic-Code : smtp;550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain
Final-Recipient : rfc/822;far@example.net

--mc--
""",
        ),
        "mimecast",
        [("far@example.net", "failed", "5.7.54", "550", "", "")],
    ),
    (
        "exchange-hashed-answer",
        message(
            """
From: postmaster@example.org
To: me@example.com
Subject: Undeliverable: hello
""",
            """
Delivery has failed to these recipients or distribution lists:

Pat<mailto:pat@example.org>

Diagnostic information for administrators:

Generating server: ex1.example.org

pat@example.org
#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##

Original message headers:

Subject: hello
""",
        ),
        "exchange",
        [("pat@example.org", "failed", "5.1.1", "550", "", "")],
    ),
]


@pytest.mark.parametrize(("case", "raw", "mta", "rows"), CASES, ids=[c[0] for c in CASES])
def test_provider_extraction(case: str, raw: bytes, mta: str, rows: list[Row]) -> None:
    found = extract(parse_bytes(raw))
    if not rows:
        assert found is None, case
        return
    assert found is not None, case
    assert found.mta == mta
    got = [(r.recipient, r.action, r.status, r.reply_code, r.reason_hint, r.feedback_type)
           for r in found.records]
    assert got == rows


# A bounce that says it is an automatic reply, or quotes one, stays a bounce.
BOUNCES_THAT_LOOK_AUTO_REPLIED = [
    "prov-bounce-auto-submitted.eml",
    "prov-googlegroups.eml",
]


@pytest.mark.parametrize("name", BOUNCES_THAT_LOOK_AUTO_REPLIED)
def test_bounce_marked_auto_replied_is_not_vacation(name: str) -> None:
    found = extract(parse_bytes((SAMPLES / name).read_bytes()))
    assert found is not None
    assert found.mta != "autoreply"
    assert all(r.reason_hint != "vacation" for r in found.records)


NOT_BOUNCES = [
    ("plain-mail", message("From: a@example.com\nTo: b@example.net\nSubject: lunch?", "12:30?\n")),
    ("list-mail-precedence-bulk",
     message("From: list@example.com\nTo: b@example.net\nSubject: digest\nPrecedence: bulk",
             "Today's digest.\n")),
]


@pytest.mark.parametrize(("case", "raw"), NOT_BOUNCES, ids=[c[0] for c in NOT_BOUNCES])
def test_plain_mail_gives_nothing(case: str, raw: bytes) -> None:
    assert extract(parse_bytes(raw)) is None


WRAPPED_ANSWER = ("5.1.0 - Unknown address error 550-'5.1.1 <a@example.net>... User unknown' "
                  "(delivery attempts: 0)")
EXPIRED_ANSWER = ("554 4.4.7 Message expired: unable to deliver in 840 minutes."
                  "<421 4.4.2 Connection timed out>")


@pytest.mark.parametrize(
    ("diagnostic", "status", "reply_code", "hint"),
    [
        (WRAPPED_ANSWER, "5.1.1", "550", ""),
        (EXPIRED_ANSWER, "4.4.2", "421", "expired"),
    ],
)
def test_ses_wrapped_diagnostics(diagnostic: str, status: str, reply_code: str, hint: str) -> None:
    record = unwrap(DeliveryRecord(recipient="a@example.net", status="5.0.0",
                                   diagnostic=diagnostic))
    assert (record.status, record.reply_code, record.reason_hint) == (status, reply_code, hint)


def test_fallback_is_last_and_autoreply_after_bounce_readers() -> None:
    names = [extractor.name for extractor in EXTRACTORS]
    # flufl.bounce's detectors, then only the reader of a notice in words nobody knows, which
    # takes the returned message's addressees its text names (they must not pre-empt flufl)
    assert names[-2:] == ["flufl", "notice"]
    assert names.index("arf") < names.index("rfc3464") < names.index("autoreply")


def test_fallback_only_for_bounce_looking_messages() -> None:
    person = parse_bytes(message("From: a@example.com\nTo: b@example.net\nSubject: hi", "x\n"))
    daemon = parse_bytes(message("From: MAILER-DAEMON@example.com\nTo: b@example.net\nSubject: x",
                                 "x\n"))
    assert not looks_like_bounce(person)
    assert looks_like_bounce(daemon)


def _detectors(*answers: object) -> tuple[type, ...]:
    """flufl.bounce-shaped detector classes answering in turn (an exception is raised)."""

    def make(answer: object) -> type:
        class Detector:
            def process(self, msg: object) -> object:
                if isinstance(answer, Exception):
                    raise answer
                return answer

        return Detector

    return tuple(make(answer) for answer in answers)


def test_fallback_keeps_plain_addresses_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from bounce_analyzer.extract import fallback

    answer = (frozenset({b"later@example.org"}),
              frozenset({b"gone@example.net", b'{"json":1}@x', b"/var/mail/box@localhost",
                         b"id-1234@mx.example.com", b"MAILER-DAEMON@example.com"}))
    monkeypatch.setattr(fallback, "detectors", lambda: _detectors(answer))
    raw = message(
        "From: MAILER-DAEMON@example.com\nTo: me@example.com\nSubject: failure notice\n"
        "Message-ID: <id-1234@mx.example.com>",
        "gone@example.net: no such user\n",
    )
    found = Flufl().extract(parse_bytes(raw))
    assert found is not None and found.mta == "flufl"
    assert [(r.recipient, r.action, r.diagnostic) for r in found.records] == [
        ("gone@example.net", "failed", "no such user"), ("later@example.org", "delayed", "")]


def test_fallback_detector_errors_do_not_stop_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    from bounce_analyzer.extract import fallback

    nothing = (frozenset(), frozenset())
    found = (frozenset(), frozenset({b"gone@example.net"}))
    raw = message("From: MAILER-DAEMON@example.com\nTo: me@example.com\nSubject: x", "x\n")
    monkeypatch.setattr(fallback, "detectors", lambda: _detectors(IndexError("yale"), found))
    result = Flufl().extract(parse_bytes(raw))
    assert result is not None and [r.recipient for r in result.records] == ["gone@example.net"]
    # none found anything and one raised: a bounce nobody could read, its own stage
    monkeypatch.setattr(fallback, "detectors", lambda: _detectors(IndexError("yale"), nothing))
    with pytest.raises(fallback.DetectorFailed) as raised:
        Flufl().extract(parse_bytes(raw))
    assert raised.value.stage == "fallback" and "IndexError" in str(raised.value)
    monkeypatch.setattr(fallback, "detectors", lambda: _detectors(nothing))
    empty = Flufl().extract(parse_bytes(raw))
    assert empty is None or not empty.records


# Hostile text: every provider extractor must stay linear (house style: patterns that see
# message text run in linear time). Each case would take minutes with a quadratic pattern.
HOSTILE_BODIES = {
    "address-of-ats": "<" + "a@" * 100_000 + ">:\n",
    "lines-of-ats": ("<" + "@" * 300 + ">:\n") * 2_000,
    "hashed-openings": "Diagnostic information for administrators:\n" + "#550 " * 100_000 + "\n",
    "remote-server-repeats": "Diagnostic information for administrators:\nx@example.com\n"
    + "Remote Server at " * 10_000 + "\n",
    "long-whitespace": "Delivery to the following recipient failed permanently:\n a@example.com\n"
    "Technical details of permanent failure:\n" + " " * 100_000 + "(state 1\n",
    "zoho-lines": ("a@b " + "x" * 90 + ", ERROR_CODE :550, ERROR_CODE :" + "y" * 3000 + "\n") * 100,
    "open-braces": "{" * 100_000,
}
PROVIDER_NAMES = {"arf", "amazonses", "amazonworkmail", "googlegroups", "gmail", "yahoo", "zoho",
                  "ezweb", "kddi", "mimecast", "einsundeins", "exchange", "autoreply"}


@pytest.mark.parametrize("body", sorted(HOSTILE_BODIES))
def test_provider_extractors_are_linear_on_hostile_text(body: str) -> None:
    import time

    headers = ("From: mailer-daemon@googlemail.com\nX-Failed-Recipients: a@example.com\n"
               "Subject: Failure Notice\n")
    parsed = parse_bytes((headers + "\n" + HOSTILE_BODIES[body]).encode())
    for extractor in EXTRACTORS:
        if extractor.name not in PROVIDER_NAMES:
            continue
        started = time.thread_time()
        extractor.extract(parsed)
        assert time.thread_time() - started < 1.0, extractor.name


def test_newsletter_asking_for_no_auto_replies_is_not_one() -> None:
    raw = message(
        "From: news@example.com\nTo: reader@example.net\nSubject: March news\n"
        "X-Auto-Response-Suppress: OOF, AutoReply",
        "This month's news.\n",
    )
    assert extract(parse_bytes(raw)) is None


def test_bounce_returning_an_arf_report_is_a_bounce() -> None:
    raw = message(
        """
From: MAILER-DAEMON@mx.example.org
To: fbl@example.net
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="outer"
""",
        """
--outer
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; abuse@example.com
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <abuse@example.com>: User unknown

--outer
Content-Type: message/rfc822

From: fbl@example.net
To: abuse@example.com
Subject: Abuse report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="inner"

--inner
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ExampleFBL/1.0
Version: 1
Original-Rcpt-To: someone@example.net

--inner--

--outer--
""",
    )
    found = extract(parse_bytes(raw))
    assert found is not None and found.mta == "rfc3464"
    assert [r.recipient for r in found.records] == ["abuse@example.com"]


def test_ezweb_reason_sentence_comes_with_the_inner_servers_answer() -> None:
    """EZweb's own sentence says why for the addresses under it; an address line may add the
    inner server's generic answer, which must not replace that sentence."""
    from bounce_analyzer.classifier import load_classifier

    raw = message(
        "From: Postmaster@ezweb.ne.jp\nTo: shop@example.com\nSubject: Mail System Error",
        "The user(s) account is disabled.\n\n"
        "<gone@ezweb.ne.jp>: 550 user unknown (in reply to RCPT TO command)\n",
    )
    extraction = extract(parse_bytes(raw))
    assert extraction is not None and extraction.mta == "ezweb"
    [record] = extraction.records
    assert record.diagnostic == (
        "The user(s) account is disabled. 550 user unknown (in reply to RCPT TO command)"
    )
    assert (record.command, record.reply_code) == ("RCPT", "550")
    assert load_classifier().classify(record).reason == "suspend"
