"""MTA text bounces: each format's own layout, written here from scratch (anonymised).

One table: (case id, message text, expected records as (recipient, status, reply code,
command, diagnostic substring)). The whole messages in samples/ are checked by
tests/test_samples.py; these are the small shapes and the edge cases.
"""

from __future__ import annotations

import time

import pytest

from bounce_analyzer.extract import extract
from bounce_analyzer.message import text_blocks, unquote
from bounce_analyzer.model import Extraction
from bounce_analyzer.parse import parse_bytes
from bounce_analyzer.smtp import find_command, record_from_text, server_words

Expected = tuple[str, str, str, str, str]  # recipient, status, reply, command, in diagnostic

EXIM = """\
From: Mail Delivery System <Mailer-Daemon@mx.example.org>
Subject: Mail delivery failed: returning message to sender
X-Failed-Recipients: a@example.com

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  a@example.com
    host mx.example.com [192.0.2.1]
    SMTP error from remote mail server after RCPT TO:<a@example.com>:
    550 5.1.1 <a@example.com>: User unknown

------ This is a copy of the message, including all the headers. ------

To: a@example.com
"""

EXIM_SPLIT_INTRO = """\
From: Mail Delivery System <Mailer-Daemon@mx.example.org>
Subject: Mail delivery failed
X-Failed-Recipients: b@example.com

This message was created automatically by mail delivery software.

A message sent by

  <sender@example.org>

could not be delivered to one or more of its recipients. The following
address(es) failed:

  b@example.com
    all hosts have been failing for a long time and were last tried after this message arrived

------ This is a copy of the message, including all the headers. ------
"""

EXIM_LOCAL_PART = """\
From: Mail Delivery System <Mailer-Daemon@mx.example.org>
Subject: Mail delivery failed: returning message to sender
X-Failed-Recipients: c@example.net

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  c
    SMTP error from remote mail server after MAIL FROM:<s@example.org> SIZE=100:
    host mx.example.net [192.0.2.2]: 550 5.7.0 Please use your provider's server

------ This is a copy of the message, including all the headers. ------
"""

EXIM_DELAY = """\
From: Mail Delivery System <Mailer-Daemon@mx.example.org>
Subject: Warning: message 1abc-0001-XY delayed 24 hours

This message was created automatically by mail delivery software.
A message that you sent has not yet been delivered to one or more of its
recipients after more than 24 hours on the queue on mx.example.org.

The address to which the message has not yet been delivered is:

  d@example.com
    host mx.example.com [192.0.2.3]
    Delay reason: SMTP error from remote mail server after initial connection:
    421 Too many connections

No action is required on your part.
"""

QMAIL = """\
From: MAILER-DAEMON@mx.example.org
Subject: failure notice

Hi. This is the qmail-send program at mx.example.org.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<e@example.com>:
Connected to 192.0.2.4 but sender was rejected.
Remote host said: 553 5.7.1 <s@example.org>... Access denied

<f@example.com>:
Sorry, no mailbox here by that name. (#5.1.1)

--- Below this line is a copy of the message.

To: e@example.com
"""

QMAIL_DESCENDANT = """\
From: MAILER-DAEMON@mail.example.net
Subject: Delivery failure

Message from example.net.
Unable to deliver message to the following address(es).

<g@example.net>:
This user doesn't have a example.net account (g@example.net) [0]

--- Original message follows.

To: g@example.net
"""

DRAGONFLY = """\
From: MAILER-DAEMON <>
Subject: Mail delivery failed

This is the DragonFly Mail Agent v0.13 at df.example.org.

There was an error delivering your mail to <h@example.com>.

mx.example.com [192.0.2.5] did not like our final DATA:
554-5.7.9 Message not accepted

554 5.7.9 for policy reasons

Message headers follow.

To: <h@example.com>
"""

OPENSMTPD_OLD = """\
From: Mailer Daemon <MAILER-DAEMON@smtpd.example.org>
Subject: Delivery status notification: error



i@example.com: 550 5.1.1 No such user


Subject: test
From: s@example.org
"""

EXCHANGE2003 = """\
From: System Administrator <postmaster@example.com>
Subject: Undeliverable: Hello

Your message

  To:      j@example.com
  Subject: Hello

did not reach the following recipient(s):

j@example.com on Mon, 2 Nov 2026 10:00:00 +0000
    The recipient name is not recognized
    MSEXCH:IMS:EXAMPLE:SITE:SRV 0 (000C05A6) Unknown Recipient
k@example.com on Mon, 2 Nov 2026 10:00:00 +0000
    The recipient name is not recognized
"""

SENDMAIL_V5 = """\
From: Mail Delivery Subsystem <MAILER-DAEMON@example.org>
Subject: Returned mail: User unknown

While talking to mx.example.com:
>>> DATA
<<< 554 Rejected by content policy
554 <l@example.com>... Remote protocol error
550 nowhere.example.net (smtp)... 550 Host unknown
554 <m@nowhere.example.net>... 550 Host unknown (Authoritative answer from name server)

From: s@example.org
To: l@example.com
"""

SENDMAIL_LIST = """\
From: "MAILER-DAEMON" <MAILER-DAEMON@gw.example.org>
Subject: FAILURE NOTICE : Hello

The original message was received at Mon, 2 Nov 2026 10:00:00 +0900
from gw.example.org

  ----- The following addresses had permanent fatal errors -----
>>> n@example.org <n@example.org>

  ----- Transcript of session follows -----
550 sorry, no mailbox here by that name (#5.1.1 - chkusr)
"""

POSTFIX_TEXT = """\
From: MAILER-DAEMON@pf.example.org (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender

This is the mail system at host pf.example.org.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

                   The mail system

<o@example.com>: host mx.example.com[192.0.2.6] said: 552 5.2.2 Mailbox
    full (in reply to end of DATA command)
"""

MFILTER = """\
From: POSTMASTER <postmaster@mf.example.com>
Subject: failure notice
X-Mailer: m-FILTER
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

以下のメールアドレスへの送信に失敗しました。
p@example.com
-------server message
550 5.1.1 <p@example.com>: User unknown
-------SMTP command
RCPT
-------original message
"""

NOTES = """\
From: postmaster@notes.example.com
Subject: Undeliverable message

------- Failure Reasons  --------

User q@notes.example.com not listed in public Name & Address Book
q@notes.example.com

------- Returned Message --------
"""

IMAIL = """\
From: "Postmaster" <postmaster@imail.example.com>
Subject: Undeliverable Mail

Unknown user: r@imail.example.com

Original message follows.
"""

INTERSCAN = """\
From: "InterScan MSS" <postmaster@gw.example.com>
Subject: Mail could not be delivered

Sent <<< RCPT TO:<s@example.com>
Received >>> 550 5.1.1 <s@example.com>... User unknown

************************     End of message     **********************
"""

MAILFOUNDRY = """\
From: MAILER-DAEMON@gw.example.org
Subject: Message delivery has failed

Unable to deliver message to: <t@example.org>
Delivery failed for the following reason:
Server mx.example.org[192.0.2.7] failed with: 550 <t@example.org> No such user here

This has been a permanent failure.  No further delivery attempts will be made.
"""

JAMES = """\
From: postmaster@james.example.com
Subject: Re: Hello

Error: Invalid user address

Error message below:
550 - Requested action not taken: no such user here

Message details:
  Subject: Hello
  MAIL FROM: s@example.org
  RCPT TO: u@james.example.com
"""

SMAIL = """\
From: Mail Delivery Subsystem <MAILER-DAEMON@smail.example.net>
To: writer@example.org
Subject: mail failed, returning to sender

|------------------------- Message log follows: -------------------------|
 no valid recipients were found for this message
|------------------------- Failed addresses follow: ---------------------|
 ann@nowhere.example.com ... unknown host
 <bo@example.net> ... unknown user
|------------------------- Message text follows: ------------------------|
From: writer@example.org
To: ann@nowhere.example.com, bo@example.net
Subject: Minutes

The minutes are attached.
"""

UNABLE_TO_DELIVER = """\
From: MAILER-DAEMON@mail.example.com
To: <writer@example.org>
Subject: Returned mail: Minutes

User's mailbox is full: <cy@example.com>
Unknown user: dee@example.com
Unable to deliver mail.
"""

DID_NOT_REACH_INLINE = """\
From: Postmaster <postmaster@gw.example.net>
To: writer@example.org
Subject: Undeliverable: ed@example.net

-------------------------------------------------------------------
Your Message

To:      <ed@example.net>
Subject: Minutes
Date:    Mon, 2 Nov 2026 09:00:00 +0000

Did not reach the following recipient: ed@example.net
"""

TEXT_DSN_NO_BOUNDARY = """\
From: Mail Delivery <MAILER-DAEMON@pmdf.example.org>
Subject: Delivery Notification: Delivery has failed
Content-Type: multipart/report; report-type=delivery-status; boundary="missing"

Reporting-MTA: dns; pmdf.example.org

Action: failed
Status: 5.0.0
Final-recipient: rfc822;v@example.org
Diagnostic-code: smtp; 550 5.1.1 User unknown
Action: failed
Status: 5.0.0
Final-recipient: rfc822;w@example.org
Diagnostic-code: smtp; 550 5.2.2 Mailbox full
"""

DELIVERY_FAILED = """\
From: postmaster@mta.example.jp
Subject: Delivery failure

NOTICE: Delivery Failure.

Your delivery to the following address has been failed.
Please refer to the below for details.
------------------------------------------------------

Delivery failed: x@example.jp
192.0.2.9 failed after I sent the message.
Remote host said[Response Message]: 554 5.4.6 Hop count exceeded - possible mail loop
STEP: DATA SEND
"""

CASES: list[tuple[str, str, list[Expected]]] = [
    ("exim", EXIM, [("a@example.com", "5.1.1", "550", "RCPT", "User unknown")]),
    (
        "qmail-derived-delivery-failed",
        DELIVERY_FAILED,
        [("x@example.jp", "5.4.6", "554", "DATA", "Hop count")],
    ),
    (
        "exim-intro-over-two-lines",
        EXIM_SPLIT_INTRO,
        [("b@example.com", "", "", "", "all hosts have been failing")],
    ),
    (
        "exim-bare-local-part",
        EXIM_LOCAL_PART,
        [("c@example.net", "5.7.0", "550", "MAIL", "Please use")],
    ),
    ("exim-delay", EXIM_DELAY, [("d@example.com", "", "421", "CONN", "Too many connections")]),
    (
        "qmail",
        QMAIL,
        [
            ("e@example.com", "5.7.1", "553", "MAIL", "Access denied"),
            ("f@example.com", "5.1.1", "", "", "no mailbox here"),
        ],
    ),
    (
        "qmail-descendant",
        QMAIL_DESCENDANT,
        [("g@example.net", "", "", "", "doesn't have a example.net account")],
    ),
    ("dragonfly", DRAGONFLY, [("h@example.com", "5.7.9", "554", "DATA", "for policy reasons")]),
    (
        "opensmtpd-without-introduction",
        OPENSMTPD_OLD,
        [("i@example.com", "5.1.1", "550", "", "No such user")],
    ),
    (
        "exchange2003",
        EXCHANGE2003,
        [
            ("j@example.com", "", "", "", "not recognized"),
            ("k@example.com", "", "", "", "not recognized"),
        ],
    ),
    (
        "sendmail-v5-transcript",
        SENDMAIL_V5,
        [
            ("l@example.com", "", "554", "DATA", "content policy"),
            ("m@nowhere.example.net", "", "550", "", "Host unknown"),
        ],
    ),
    (
        "sendmail-list-with-transcript",
        SENDMAIL_LIST,
        [("n@example.org", "5.1.1", "550", "", "no mailbox")],
    ),
    ("postfix-text", POSTFIX_TEXT, [("o@example.com", "5.2.2", "552", "DATA", "Mailbox full")]),
    ("m-filter", MFILTER, [("p@example.com", "5.1.1", "550", "RCPT", "User unknown")]),
    ("notes", NOTES, [("q@notes.example.com", "", "", "", "not listed in public")]),
    ("imail", IMAIL, [("r@imail.example.com", "", "", "", "Unknown user")]),
    ("interscan", INTERSCAN, [("s@example.com", "5.1.1", "550", "RCPT", "User unknown")]),
    ("mailfoundry", MAILFOUNDRY, [("t@example.org", "", "550", "", "No such user")]),
    ("james", JAMES, [("u@james.example.com", "", "550", "", "no such user")]),
    (
        "smail",
        SMAIL,
        [("ann@nowhere.example.com", "", "", "", "unknown host"),
         ("bo@example.net", "", "", "", "unknown user")],
    ),
    (
        "reason-colon-address",
        UNABLE_TO_DELIVER,
        [("cy@example.com", "", "", "", "mailbox is full"),
         ("dee@example.com", "", "", "", "Unknown user")],
    ),
    (
        "did-not-reach-on-one-line",
        DID_NOT_REACH_INLINE,
        [("ed@example.net", "", "", "", "Did not reach")],
    ),
    (
        "text-dsn-without-boundary",
        TEXT_DSN_NO_BOUNDARY,
        [
            ("v@example.org", "5.1.1", "550", "", "User unknown"),
            ("w@example.org", "5.2.2", "550", "", "Mailbox full"),
        ],
    ),
]


def run(text: str) -> Extraction:
    found = extract(parse_bytes(text.encode("utf-8")))
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("message", "expected"), [(m, e) for _, m, e in CASES], ids=[c[0] for c in CASES]
)
def test_format(message: str, expected: list[Expected]) -> None:
    records = run(message).records
    assert [r.recipient for r in records] == [e[0] for e in expected]
    for record, (_, status, reply, command, words) in zip(records, expected):
        assert (record.status, record.reply_code, record.command) == (status, reply, command)
        assert words in record.diagnostic


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["crlf", "cr"])
@pytest.mark.parametrize(
    ("message", "expected"), [(m, e) for _, m, e in CASES], ids=[c[0] for c in CASES]
)
def test_line_endings_do_not_matter(message: str, expected: list[Expected], ending: str) -> None:
    assert run(message.replace("\n", ending)).records == run(message).records


def test_exim_delay_warning_is_delayed() -> None:
    assert run(EXIM_DELAY).records[0].action == "delayed"
    assert run(EXIM).records[0].action == "failed"


def test_exim_diagnostic_is_the_servers_words() -> None:
    record = run(EXIM).records[0]
    assert record.diagnostic == "550 5.1.1 <a@example.com>: User unknown"
    assert record.remote_mta == "mx.example.com"


def test_x_failed_recipients_names_a_pipe_delivery() -> None:
    message = EXIM.replace(
        "  a@example.com\n    host",
        "  pipe to |/usr/bin/filter\n    generated by a@example.com\n    host",
    )
    record = run(message).records[0]
    assert record.recipient == "a@example.com"
    assert record.diagnostic.startswith("550 5.1.1")


def test_header_list_drops_addresses_only_quoted_in_text() -> None:
    message = EXIM.replace(
        "    550 5.1.1 <a@example.com>: User unknown",
        "    550 5.1.1 <a@example.com>: User unknown\n  other@example.org",
    )
    assert [r.recipient for r in run(message).records] == ["a@example.com"]


def test_qmail_remote_host_and_status_from_hash_code() -> None:
    first, second = run(QMAIL).records
    assert first.remote_mta == "192.0.2.4"
    assert second.status == "5.1.1" and second.reply_code == ""


def test_original_message_is_read_from_pasted_text() -> None:
    found = run(EXIM)
    assert found.mta == "exim"


def test_quoted_forward_of_a_bounce_is_read() -> None:
    body = QMAIL.split("\n\n", 1)[1]
    message = "From: someone@example.org\nSubject: Fwd: failure notice\n\n" + "".join(
        "> " + line + "\n" for line in body.splitlines()
    )
    assert [r.recipient for r in run(message).records] == ["e@example.com", "f@example.com"]


def test_unquote_leaves_a_transcript_alone() -> None:
    text = "While talking to mx.example.com:\n>>> RCPT To:<a@example.com>\n<<< 550 No\n550 <a@example.com>... x\n"
    assert unquote(text) == text


def test_not_a_bounce_is_not_read() -> None:
    message = (
        "From: friend@example.org\nSubject: lunch\n\nAre you free?\n\n<a@example.com>: see you\n"
    )
    assert extract(parse_bytes(message.encode())) is None


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("SMTP error from remote mail server after RCPT TO:<a@example.com>:", "RCPT"),
        ("SMTP error from remote mail server after pipelined MAIL FROM:<a@example.com>:", "MAIL"),
        ("SMTP error from remote mail server after end of data:", "DATA"),
        ("SMTP error from remote mail server after initial connection:", "CONN"),
        ("Sorry, no SMTP connection got far enough; most progress was RCPT TO response", "RCPT"),
        ("192.0.2.1 does not like recipient.", "RCPT"),
        ("Connected to 192.0.2.1 but my name was rejected.", "HELO"),
        ("192.0.2.1 failed after I sent the message.", "DATA"),
        ("said: 550 no (in reply to\n    RCPT TO command)", "RCPT"),
        ("refused to accept your message (DATA), with", "DATA"),
        ("host mx.example.net[192.0.2.1] refused to talk\n    to me: 421 4.7.0 Try later", "CONN"),
        ("Remote host said: 550 not here", ""),
        # Stalwart's notice names the command it sent in quotes
        ("(host 'mx.example.org' rejected command 'EHLO mailhost' with code 550 (5.5.0)", "EHLO"),
        ("(host 'mx.example.org' rejected command 'RCPT TO:<a@example.org>' with code", "RCPT"),
    ],
)
def test_smtp_command(text: str, command: str) -> None:
    assert find_command(text) == command


def test_server_words_take_the_last_framing() -> None:
    text = "SMTP error from remote mail server after RCPT TO:<a@example.com>:\nhost mx.example.com [192.0.2.1]: 550 No"
    assert server_words(text).strip() == "550 No"


def test_record_from_text_prefers_the_remotes_status_over_qmails() -> None:
    record = record_from_text("a@example.com", "Remote host said: 552 5.2.2 Full\n(#5.1.1)")
    assert (record.status, record.reply_code) == ("5.2.2", "552")


def test_blocks_written_without_blank_lines_are_separated() -> None:
    text = "Action: failed\nFinal-Recipient: rfc822; a@example.com\nAction: delayed\nFinal-Recipient: rfc822; b@example.com"
    blocks = text_blocks(text)
    assert [(b["action"], b["final-recipient"]) for b in blocks] == [
        ("failed", "rfc822; a@example.com"), ("delayed", "rfc822; b@example.com")]


@pytest.mark.parametrize(
    "message", [EXIM, QMAIL, POSTFIX_TEXT, SENDMAIL_V5], ids=["exim", "qmail", "postfix", "v5"]
)
def test_hostile_lines_run_in_linear_time(message: str) -> None:
    # very long lines of the characters the layout patterns scan: must not backtrack
    long_line = "<" + "a" * 50_000 + "@" + "b." * 20_000 + ": " + "host x [" * 2000 + "\n"
    hostile = message.replace("\n\n", "\n\n" + long_line * 3, 2)
    started = time.thread_time()
    extract(parse_bytes(hostile.encode()))
    assert time.thread_time() - started < 2.0


POSTFIX_REPORT_UNAVAILABLE = """\
From: MAILER-DAEMON@mail.example.net (Mail Delivery System)
To: news@example.net
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="R"

--R
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

\t--- Delivery report unavailable ---

--R
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.example.net
X-Postfix-Queue-ID: 4XQ1R20K7M
Arrival-Date: Mon, 2 Nov 2026 09:14:03 +0000 (UTC)

--R
Content-Description: Undelivered Message
Content-Type: message/rfc822

From: Example News <news@example.net>
To: {to}
Subject: November news
Message-ID: <nov-2026-0002@example.net>
{cc}
body
--R--
"""


def test_postfix_lost_report_takes_the_returned_messages_one_recipient() -> None:
    """Postfix lost its per-recipient report: only the returned message's To names the
    recipient, and only a message to exactly one address says who it was."""
    found = extract(parse_bytes(POSTFIX_REPORT_UNAVAILABLE.format(to="Carol <carol@example.com>", cc="").encode()))
    assert found is not None and found.mta == "postfix"
    assert [(r.recipient, r.action, r.status, r.reply_code, r.diagnostic) for r in found.records] == [
        ("carol@example.com", "failed", "", "", "")
    ]
    assert (found.reporting_mta, found.original_message_id) == (
        "mail.example.net", "<nov-2026-0002@example.net>",
    )
    from bounce_analyzer.classifier import load_classifier

    assert load_classifier().classify(found.records[0]).reason == "undefined"  # nothing says why
    for to, cc in (("carol@example.com, dave@example.com", ""), ("carol@example.com", "Cc: dave@example.com\n")):
        found = extract(parse_bytes(POSTFIX_REPORT_UNAVAILABLE.format(to=to, cc=cc).encode()))
        assert found is None or not found.records, (to, cc)


@pytest.mark.parametrize(
    ("message", "mta"),
    [(SMAIL, "smail"), (UNABLE_TO_DELIVER, "unable-to-deliver"), (DID_NOT_REACH_INLINE, "did-not-reach")],
)
def test_old_layouts_are_our_own_reading_not_flufls(message: str, mta: str) -> None:
    # flufl.bounce finds these addresses too, but gives no words, codes or layout name
    assert run(message).mta == mta


def test_a_postfix_greeting_refusal_is_about_the_host() -> None:
    """Postfix's 'refused to talk to me' quotes the greeting: nothing about a mailbox was asked,
    so even a mailbox status code there says the host was refused."""
    from bounce_analyzer.classifier import load_classifier

    notice = (
        "<a@example.net>: host mx.example.net[192.0.2.1] refused to talk\n"
        "    to me: 421 4.2.1 Service refused, please try later\n"
    )
    record = record_from_text("a@example.net", notice)
    assert (record.command, record.status) == ("CONN", "4.2.1")
    assert load_classifier().classify(record).reason == "blocked"
