"""SMTP transcripts quoted in a notice: each recipient takes the reply that failed IT.

The reply to its own RCPT TO, or, when that was accepted, the reply to DATA / end of data;
a refused greeting or MAIL fails the whole session. Never the last reply of the session
(another recipient's, or DATA's "no valid recipients"). Written here from scratch, with other
hosts and two recipients each, so the reading is shown to be general.
"""

from __future__ import annotations

import time

from bounce_analyzer.model import DeliveryRecord
from bounce_analyzer.smtp import read_transcript, record_from_text, transcript_failure

from .conftest import records


def said(record: DeliveryRecord) -> tuple[str, str, str, str]:
    return record.reply_code, record.status, record.command, record.diagnostic


SENDMAIL_TEXT = """\
From: Mail Delivery Subsystem <MAILER-DAEMON@gw.example.net>
To: author@example.net
Subject: Returned mail: see transcript for details

   ----- The following addresses had permanent fatal errors -----
<ines@example.jp>
<jonas@example.jp>

   ----- Transcript of session follows -----
... while talking to mail.example.jp.:
>>> RCPT To:<ines@example.jp>
<<< 452 4.2.2 Quota exceeded
452 4.2.2 <ines@example.jp>... Quota exceeded
>>> RCPT To:<jonas@example.jp>
<<< 550 5.1.1 Unknown local part
550 5.1.1 <jonas@example.jp>... User unknown
>>> DATA
<<< 503 5.5.1 No recipients

   ----- Original message follows -----
From: author@example.net
Subject: Minutes
"""


def test_each_recipient_takes_the_reply_to_its_own_rcpt() -> None:
    found = records(SENDMAIL_TEXT)
    assert said(found["ines@example.jp"]) == ("452", "4.2.2", "RCPT", "452 4.2.2 Quota exceeded")
    assert said(found["jonas@example.jp"]) == (
        "550", "5.1.1", "RCPT", "550 5.1.1 Unknown local part",
    )
    assert {r.remote_mta for r in found.values()} == {"mail.example.jp"}


def test_transcript_without_a_recipient_list_reads_the_same() -> None:
    only = SENDMAIL_TEXT.replace(
        "   ----- The following addresses had permanent fatal errors -----\n"
        "<ines@example.jp>\n<jonas@example.jp>\n\n",
        "",
    )
    found = records(only)
    assert found["ines@example.jp"].diagnostic == "452 4.2.2 Quota exceeded"
    assert found["jonas@example.jp"].diagnostic == "550 5.1.1 Unknown local part"


SENDMAIL_DSN = """\
From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.org>
To: <writer@example.org>
Subject: Returned mail: see transcript for details
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

   ----- The following addresses had permanent fatal errors -----
<kai@example.com>
<lena@example.com>

   ----- Transcript of session follows -----
... while talking to in.example.com.:
>>> RCPT To:<kai@example.com>
<<< 550-5.1.1 The account you tried to reach does not exist.
<<< 550 5.1.1 Check the address and try again.
550 5.1.1 <kai@example.com>... User unknown
>>> RCPT To:<lena@example.com>
<<< 552 5.2.2 Mailbox full
552 5.2.2 <lena@example.com>... Mailbox full
>>> DATA
<<< 554 5.5.1 Error: no valid recipients

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example.org

Final-Recipient: RFC822; kai@example.com
Action: failed
Status: 5.1.1

Final-Recipient: RFC822; lena@example.com
Action: failed
Status: 5.2.2

--B--
"""


def test_a_report_without_diagnostic_codes_takes_each_recipients_reply_from_the_notice() -> None:
    found = records(SENDMAIL_DSN)
    kai, lena = found["kai@example.com"], found["lena@example.com"]
    assert kai.diagnostic == (
        "550-5.1.1 The account you tried to reach does not exist. "
        "550 5.1.1 Check the address and try again."
    )
    assert (kai.reply_code, kai.command) == ("550", "RCPT")
    assert lena.diagnostic == "552 5.2.2 Mailbox full"
    assert "no valid recipients" not in kai.diagnostic + lena.diagnostic


PIPELINED = """\
From: Mail Delivery Subsystem <MAILER-DAEMON@out.example.net>
To: author@example.net
Subject: Returned mail: see transcript for details

   ----- The following addresses had permanent fatal errors -----
<mona@example.org>
<nils@example.org>

   ----- Transcript of session follows -----
... while talking to smtp.example.org.:
>>> MAIL From:<author@example.net> SIZE=1200
>>> RCPT To:<mona@example.org>
>>> RCPT To:<nils@example.org>
>>> DATA
<<< 250 2.1.0 Sender ok
<<< 550 5.7.1 Recipient refuses mail from your domain
<<< 250 2.1.5 Recipient ok
<<< 354 Go ahead
>>> .
<<< 554 5.7.1 Message rejected as spam

   ----- Original message follows -----
From: author@example.net
"""


def test_pipelined_commands_pair_with_their_replies_in_order() -> None:
    found = records(PIPELINED)
    assert said(found["mona@example.org"]) == (
        "550", "5.7.1", "RCPT", "550 5.7.1 Recipient refuses mail from your domain",
    )
    # accepted at RCPT: what failed it is the answer to the end of data
    assert said(found["nils@example.org"]) == (
        "554", "5.7.1", "DATA", "554 5.7.1 Message rejected as spam",
    )


def test_a_refused_greeting_fails_every_recipient_of_the_session() -> None:
    greeting = """\
From: Mail Delivery Subsystem <MAILER-DAEMON@out.example.net>
To: author@example.net
Subject: Returned mail: Service unavailable

   ----- The following addresses had permanent fatal errors -----
<olga@example.com>
<piet@example.com>

   ----- Transcript of session follows -----
... while talking to mx2.example.com.:
<<< 554 5.7.1 Service unavailable; client host 192.0.2.7 blocked
554 5.0.0 Service unavailable
"""
    found = records(greeting)
    for address in ("olga@example.com", "piet@example.com"):
        assert said(found[address]) == (
            "554", "5.7.1", "CONN", "554 5.7.1 Service unavailable; client host 192.0.2.7 blocked",
        )
        assert found[address].remote_mta == "mx2.example.com"


def test_sendmail_shows_only_data_of_a_pipelined_group() -> None:
    # The RCPT commands are left out; Sendmail's own line after each reply names its recipient.
    notice = """\
From: Mail Delivery Subsystem <MAILER-DAEMON@out.example.net>
To: author@example.net
Subject: Returned mail: see transcript for details

   ----- The following addresses had permanent fatal errors -----
<quinn@example.jp>
<ruth@example.jp>

   ----- Transcript of session follows -----
... while talking to mx.example.jp.:
>>> DATA
<<< 550 Requested action not taken: mailbox unavailable
550 5.1.1 <quinn@example.jp>... User unknown
<<< 550 5.2.1 Account disabled
550 5.2.1 <ruth@example.jp>... Account disabled
<<< 503 5.0.0 Need RCPT (recipient)
"""
    found = records(notice)
    # the reply has no enhanced code: Sendmail's own line on it gives one
    assert said(found["quinn@example.jp"]) == (
        "550", "5.1.1", "RCPT", "550 Requested action not taken: mailbox unavailable",
    )
    assert found["ruth@example.jp"].diagnostic == "550 5.2.1 Account disabled"


def test_each_session_names_its_own_server() -> None:
    notice = """\
From: Mail Delivery Subsystem <MAILER-DAEMON@out.example.net>
To: author@example.net
Subject: Returned mail: see transcript for details

   ----- Transcript of session follows -----
... while talking to mx.example.com.:
>>> RCPT To:<sven@example.com>
<<< 550 5.1.1 No such mailbox
550 5.1.1 <sven@example.com>... User unknown
... while talking to mx.example.org.:
>>> RCPT To:<tara@example.org>
<<< 551 5.1.6 User has moved; please try <tara@example.net>
551 5.1.6 <tara@example.org>... User has moved
"""
    found = records(notice)
    assert (found["sven@example.com"].remote_mta, found["sven@example.com"].reply_code) == (
        "mx.example.com", "550",
    )
    assert (found["tara@example.org"].remote_mta, found["tara@example.org"].reply_code) == (
        "mx.example.org", "551",
    )


def test_postfix_session_notice_reads_each_recipient() -> None:
    notice = """\
From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
To: postmaster@example.net
Subject: Postfix SMTP server: errors from client.example.com[198.51.100.4]

Transcript of session follows.

 Out: 220 mx.example.net ESMTP
 In:  EHLO client.example.com
 Out: 250-mx.example.net
 Out: 250 PIPELINING
 In:  MAIL FROM:<a@example.com>
 Out: 250 2.1.0 Ok
 In:  RCPT TO:<uwe@example.net>
 Out: 550 5.1.1 <uwe@example.net>: Recipient address rejected: User unknown in local recipient table
 In:  RCPT
     TO:<vic@example.net>
 Out: 250 2.1.5 Ok
 In:  DATA
 Out: 354 End data with <CR><LF>.<CR><LF>
 Out: 451 4.3.0 Error: queue file write error
 In:  QUIT
 Out: 221 2.0.0 Bye

For other details, see the local mail logfile
"""
    transcript = read_transcript(notice)
    uwe = transcript_failure(transcript, "uwe@example.net")
    vic = transcript_failure(transcript, "vic@example.net")
    assert uwe is not None and (uwe.command, uwe.reply[:3]) == ("RCPT", "550")
    assert vic is not None and (vic.command, vic.reply) == (
        "DATA", "451 4.3.0 Error: queue file write error",
    )


def test_interscan_exchange_per_recipient() -> None:
    notice = """\
From: postmaster@scan.example.org
To: author@example.net
Subject: Mail could not be delivered

Sent <<< RCPT TO:<wim@example.org>
Received >>> 550 5.1.1 <wim@example.org>... user unknown

Sent <<< RCPT TO:<xia@example.org>
Received >>> 452 4.2.2 <xia@example.org>... mailbox full

*************************     End of message     ***********************
"""
    found = records(notice)
    assert said(found["wim@example.org"])[:3] == ("550", "5.1.1", "RCPT")
    assert said(found["xia@example.org"])[:3] == ("452", "4.2.2", "RCPT")


def test_a_recipient_the_transcript_never_names_takes_no_other_recipients_reply() -> None:
    text = "\n".join(
        [
            "mailbox is disabled",
            ">>> RCPT To:<yara@example.com>",
            "<<< 550 5.1.1 No such user",
            ">>> DATA",
            "<<< 503 5.5.1 No recipients",
        ]
    )
    record = record_from_text("zeno@example.com", text)
    assert record.diagnostic == "mailbox is disabled"
    assert record.reply_code == ""


def test_reading_a_transcript_is_linear() -> None:
    hostile = ">>> RCPT To:<a@example.com>\n<<< 550-" * 50_000
    started = time.thread_time()
    read_transcript(hostile)
    record_from_text("a@example.com", hostile)
    assert time.thread_time() - started < 5


def test_a_report_that_gives_every_recipient_the_sessions_last_reply_is_corrected() -> None:
    last = "Diagnostic-Code: smtp; 554 5.5.1 Error: no valid recipients\n"
    wrong = SENDMAIL_DSN.replace("Status: 5.1.1\n", "Status: 5.1.1\n" + last).replace(
        "Status: 5.2.2\n", "Status: 5.2.2\n" + last
    )
    found = records(wrong)
    assert found["kai@example.com"].reply_code == "550"
    assert found["kai@example.com"].command == "RCPT"
    assert found["lena@example.com"].diagnostic == "552 5.2.2 Mailbox full"


def test_a_dated_transcript_with_arrow_marks() -> None:
    notice = """\
From: MDaemon@mail.example.net
To: author@example.net
Subject: Permanent Delivery Failure

The attached message had PERMANENT fatal delivery errors!

After one or more unsuccessful delivery attempts the attached message has been removed from
the mail queue on this server.  The number and frequency of delivery attempts are set locally.

YOU DO NOT NEED TO RESEND THE MESSAGE.

Session Transcript:
 Mon 2026-11-16 10:00:01.120: Attempting SMTP connection to [192.0.2.25:25]
 Mon 2026-11-16 10:00:01.200: <-- 220 mx.example.org ESMTP
 Mon 2026-11-16 10:00:01.210: --> EHLO mail.example.net
 Mon 2026-11-16 10:00:01.220: <-- 250 mx.example.org
 Mon 2026-11-16 10:00:01.230: --> MAIL From:<author@example.net>
 Mon 2026-11-16 10:00:01.240: <-- 250 2.1.0 Ok
 Mon 2026-11-16 10:00:01.250: --> RCPT To:<yuki@example.org>
 Mon 2026-11-16 10:00:01.260: <-- 550 5.1.1 <yuki@example.org>: Recipient address rejected
 Mon 2026-11-16 10:00:01.270: --> RCPT To:<zack@example.org>
 Mon 2026-11-16 10:00:01.280: <-- 452 4.2.2 <zack@example.org>: Mailbox full
 Mon 2026-11-16 10:00:01.290: --> QUIT
"""
    transcript = read_transcript(notice)
    yuki = transcript_failure(transcript, "yuki@example.org")
    zack = transcript_failure(transcript, "zack@example.org")
    assert yuki is not None and (yuki.command, yuki.reply[:9]) == ("RCPT", "550 5.1.1")
    assert zack is not None and zack.reply == "452 4.2.2 <zack@example.org>: Mailbox full"
    assert transcript[0].command == "CONN"


def test_the_clients_mark_on_a_reply_is_still_a_reply() -> None:
    text = ">>> RCPT To:<abel@example.com>\n>>> 550 <abel@example.com>... User unknown\n"
    said = transcript_failure(read_transcript(text), "abel@example.com")
    assert said is not None and said.reply == "550 <abel@example.com>... User unknown"


def test_datas_no_recipients_answer_is_nobodys_diagnostic() -> None:
    text = "Mailbox unavailable\n... while talking to mx.example.net.:\n>>> DATA\n<<< 503 5.5.1 No recipients"
    record = record_from_text("bo@example.net", text)
    assert record.diagnostic == "Mailbox unavailable"


def test_a_delivery_tried_at_host_after_host_ends_with_the_last() -> None:
    text = "\n".join(
        [
            "... while talking to mx1.example.org.:",
            "<<< 554 mx1.example.org ESMTP not accepting connections",
            ">>> QUIT",
            "<<< 421 4.7.0 mx1.example.org Error: too many errors",
            "... while talking to mx2.example.org.:",
            "<<< 450 4.7.1 mx2.example.org try again later",
            "554 5.0.0 Service unavailable",
        ]
    )
    for address in ("cleo@example.org", "dirk@example.org"):
        record = record_from_text(address, text)
        assert (record.command, record.remote_mta) == ("CONN", "mx2.example.org")
        assert record.diagnostic == "450 4.7.1 mx2.example.org try again later"


def test_a_refused_mail_from_is_not_the_fate_of_a_recipient_sendmail_says_had_another() -> None:
    # Sendmail's queue-return notice: one recipient's session refused MAIL FROM; the other
    # recipient reached no server at all, and Sendmail's own line for it says so.
    text = "\n".join(
        [
            "... while talking to mx.example.net.:",
            ">>> MAIL From:<shop@example.com> SIZE=3312",
            "<<< 450 4.7.25 Client host rejected: cannot find your hostname, [192.0.2.12]",
            (
                "<orders@example.net>... Deferred: 450 4.7.25 Client host rejected: cannot find"
                " your hostname, [192.0.2.12]"
            ),
            "<returns@example.org>... Deferred: Connection timed out with mail.example.org.",
            "Message could not be delivered for 5 days",
        ]
    )
    transcript = read_transcript(text)
    refused = transcript_failure(transcript, "orders@example.net")
    assert refused is not None and refused.command == "MAIL"
    assert transcript_failure(transcript, "returns@example.org") is None
    # its words are its own line in the list ("(reason: ...)"), not the other's session
    record = record_from_text(
        "returns@example.org", "(reason: Cannot send message for 5 days)", transcript=transcript
    )
    assert record.diagnostic == "(reason: Cannot send message for 5 days)"
    assert (record.reply_code, record.remote_mta) == ("", "")
    # a recipient with no line of its own still shares the session's refusal
    other = transcript_failure(transcript, "billing@example.net")
    assert other is not None and other.command == "MAIL"


# Bongo (Novell NetMail's queue agent, src/agents/queue/queue.c CreateDSNMessage()) writes
# each recipient's block under "  \t", its transcript heading inside the block; a failure other
# than a 550 to RCPT TO keeps only the reply's text, its code cut off (smtpd.c HandleFailure()).
BONGO_BLOCKS = """\
From: Mail Delivery System <postmaster@queue.example.org>
To: <clerk@example.org>
Subject: Returned mail: Delivery failure

The original message was received Mon, 2 Jul 2007 10:00:00 +0200
from clerk@example.org

   ----- The following address(es) had permanent fatal errors -----
<tilde@files.example.net> (unrecoverable error)
  \tThe mail system encountered a delivery failure, code -1.
  \tThis failure could be due to circumstances out of its control,
  \tplease check the transcript for details
  \t  ----- transcript of session follows -----
5.3.4 Message size exceeds fixed maximum message size (5000000)

<umber@names.example.jp> (unrecoverable error)
  \tThe recipient 'umber' is unknown at host 'names.example.jp'
  \t  ----- transcript of session follows -----
>>> RCPT TO: <umber@names.example.jp>
<<< 550 No such user here

"""


def test_a_transcript_inside_a_recipients_block_is_that_recipients_words() -> None:
    found = records(BONGO_BLOCKS)
    assert set(found) == {"tilde@files.example.net", "umber@names.example.jp"}
    tilde, umber = found["tilde@files.example.net"], found["umber@names.example.jp"]
    assert "Message size exceeds fixed maximum message size" in tilde.diagnostic
    assert tilde.status == "5.3.4"
    assert "No such user here" not in tilde.diagnostic
    assert umber.reply_code == "550"
    assert "No such user here" in umber.diagnostic
    assert "Message size" not in umber.diagnostic


def test_sendmails_transcript_heading_at_the_margin_still_ends_the_list() -> None:
    # the list's last recipient does not take the transcript's lines as its own account
    found = records(SENDMAIL_TEXT)
    assert "Transcript" not in found["jonas@example.jp"].diagnostic
    assert said(found["jonas@example.jp"])[0] == "550"


# hMailServer writes, under each recipient, the command it last sent and the reply
# (SMTPClientConnection.cpp UpdateRecipientWithError_(): "hMailServer sent: %s" / "Remote
# server replied: %s"); after the data the command is the end of data itself, ".".
HMAILSERVER = """\
From: mailer-daemon@mail.example.org
To: clerk@example.org
Subject: Message undeliverable: Rota

Your message did not reach some or all of the intended recipients.

   Sent: Tue, 01 Dec 2026 12:39:50 +0100
   Subject: Rota

The following recipient(s) could not be reached:

olga@example.com
   Error Type: SMTP
   Remote server (203.0.113.9) issued an error.
   hMailServer sent: RCPT TO:<olga@example.com>
   Remote server replied: 550 5.1.1 No such mailbox here

piet@example.com
   Error Type: SMTP
   Remote server (203.0.113.9) issued an error.
   hMailServer sent: .
   Remote server replied: 552 5.3.4 Message too big for this system


hMailServer
"""


def test_hmailserver_sent_and_replied_lines_give_the_command_and_the_servers_words() -> None:
    found = records(HMAILSERVER)
    olga, piet = found["olga@example.com"], found["piet@example.com"]
    assert said(olga) == ("550", "5.1.1", "RCPT", "550 5.1.1 No such mailbox here")
    assert said(piet) == ("552", "5.3.4", "DATA", "552 5.3.4 Message too big for this system")
    assert {olga.remote_mta, piet.remote_mta} == {"203.0.113.9"}


# Sendmail's own line on a temporary refusal names the recipient without a reply code of its
# own (deliver.c giveresponse(), EX_TEMPFAIL: "<a@b>... Deferred: <reply>"); with PIPELINING
# the RCPTs' replies come after ">>> DATA", and a reply that does not name its address is
# that recipient's by the line Sendmail writes under it.
SENDMAIL_PIPELINED_DEFERRED = """\
... while talking to mx.example.com.:
>>> DATA
<<< 450 4.2.0 Greylisted, please come back later
<rita@example.com>... Deferred: 450 4.2.0 Greylisted, please come back later
<<< 452 4.3.1 Insufficient system storage
<sam@example.com>... Deferred: 452 4.3.1 Insufficient system storage
<<< 554 5.5.1 Error: no valid recipients
"""


def test_sendmails_deferred_line_names_the_recipient_of_the_reply_above_it() -> None:
    exchanges = read_transcript(SENDMAIL_PIPELINED_DEFERRED)
    rcpts = {(e.recipient, e.reply[:3]) for e in exchanges if e.command == "RCPT"}
    assert rcpts == {("rita@example.com", "450"), ("sam@example.com", "452")}
    sam = transcript_failure(exchanges, "sam@example.com")
    assert sam is not None and sam.command == "RCPT"
    assert sam.reply == "452 4.3.1 Insufficient system storage"


# A recipient refused for now at one MX is tried at the next in the same delivery (Sendmail
# deliver.c: "Some recipients were tempfailed, try them on the next host", mci_retryrcpt), and
# the transcript logs both sessions: its fate is the last RCPT it was given, not the first.
SENDMAIL_NEXT_MX = """\
From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.org>
To: writer@example.org
Subject: Returned mail: see transcript for details

   ----- The following addresses had permanent fatal errors -----
<uwe@example.com>
    (reason: 550 5.1.1 <uwe@example.com>... No such user)
<vic@example.com>
    (reason: 552 5.2.2 <vic@example.com>... Mailbox full)

   ----- Transcript of session follows -----
... while talking to mx1.example.com.:
>>> RCPT To:<uwe@example.com>
<<< 451 4.3.0 <uwe@example.com>: Temporary lookup failure
<uwe@example.com>... Deferred: 451 4.3.0 <uwe@example.com>: Temporary lookup failure
>>> RCPT To:<vic@example.com>
<<< 451 4.3.0 <vic@example.com>: Temporary lookup failure
<vic@example.com>... Deferred: 451 4.3.0 <vic@example.com>: Temporary lookup failure
... while talking to mx2.example.com.:
>>> RCPT To:<uwe@example.com>
<<< 550 5.1.1 <uwe@example.com>... No such user
550 5.1.1 <uwe@example.com>... User unknown
>>> RCPT To:<vic@example.com>
<<< 552 5.2.2 <vic@example.com>... Mailbox full
554 5.2.2 <vic@example.com>... Service unavailable

   ----- Original message follows -----
From: writer@example.org
Subject: Notes
"""


def test_a_recipient_tried_at_the_next_mx_takes_its_last_reply() -> None:
    found = records(SENDMAIL_NEXT_MX)
    uwe, vic = found["uwe@example.com"], found["vic@example.com"]
    assert (uwe.reply_code, uwe.status, uwe.remote_mta) == ("550", "5.1.1", "mx2.example.com")
    assert (vic.reply_code, vic.status, vic.remote_mta) == ("552", "5.2.2", "mx2.example.com")


# Sendmail logs only the replies that failed (usersmtp.c reply(): 4xx/5xx), so a recipient
# refused for now at the first MX and accepted at the next leaves no RCPT of its own there:
# the next session's refusal of the message is what failed it.
SENDMAIL_NEXT_MX_DATA = """\
... while talking to mx1.example.com.:
>>> RCPT To:<wim@example.com>
<<< 451 4.3.0 <wim@example.com>: Temporary lookup failure
<wim@example.com>... Deferred: 451 4.3.0 <wim@example.com>: Temporary lookup failure
>>> RCPT To:<xia@example.com>
<<< 550 5.1.1 <xia@example.com>... No such user
550 5.1.1 <xia@example.com>... User unknown
... while talking to mx2.example.com.:
>>> DATA
<<< 554 5.7.1 Spam message rejected
554 5.7.1 <wim@example.com>... Service unavailable
"""


def test_a_recipient_refused_for_now_then_accepted_at_the_next_mx_takes_its_data_refusal() -> None:
    exchanges = read_transcript(SENDMAIL_NEXT_MX_DATA)
    wim = transcript_failure(exchanges, "wim@example.com")
    assert wim is not None and (wim.command, wim.host) == ("DATA", "mx2.example.com")
    assert wim.reply == "554 5.7.1 Spam message rejected"
    xia = transcript_failure(exchanges, "xia@example.com")
    assert xia is not None and xia.reply.startswith("550 5.1.1")


# A .forward's program listed in Sendmail's list instead of the address (savemail.c
# errbody() prints q_paddr, '"|/usr/bin/procmail -t"'), the address in its "(expanded from:
# <a@b>)" note; with no DSN part, and with a transcript whose lines name the program only.
SENDMAIL_PROGRAM_LIST = """\
From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.net>
To: <shop@example.com>
Subject: Returned mail: see transcript for details

   ----- The following addresses had permanent fatal errors -----
"|/usr/bin/procmail -t"
    (reason: unknown mailer error 1)
    (expanded from: <gus@example.net>)

   ----- Transcript of session follows -----
procmail: Error while writing to "/home/gus/Mail/inbox"
554 5.3.0 unknown mailer error 1

   ----- Original message follows -----
From: shop@example.com
Subject: Order shipped
"""


def test_a_program_listed_for_an_address_gives_that_address_its_words() -> None:
    found = records(SENDMAIL_PROGRAM_LIST)
    assert list(found) == ["gus@example.net"]
    assert "unknown mailer error 1" in found["gus@example.net"].diagnostic
    # without the transcript, the list's own note is the account
    alone = SENDMAIL_PROGRAM_LIST.replace(
        "   ----- Transcript of session follows -----\n"
        'procmail: Error while writing to "/home/gus/Mail/inbox"\n'
        "554 5.3.0 unknown mailer error 1\n",
        "",
    )
    assert "unknown mailer error 1" in records(alone)["gus@example.net"].diagnostic


def test_two_programs_each_take_their_own_transcript_line() -> None:
    two = SENDMAIL_PROGRAM_LIST.replace(
        '    (expanded from: <gus@example.net>)\n',
        '    (expanded from: <gus@example.net>)\n'
        '"|/usr/local/bin/sms ida"\n'
        "    (expanded from: <ida@example.net>)\n",
    ).replace(
        "554 5.3.0 unknown mailer error 1\n",
        '554 5.3.0 "|/usr/bin/procmail -t"... unknown mailer error 1\n'
        '550 5.7.1 "|/usr/local/bin/sms ida"... User ida@example.net doesn\'t have a valid'
        " shell for mailing to programs\n",
    )
    found = records(two)
    assert "unknown mailer error 1" in found["gus@example.net"].diagnostic
    assert "valid shell" in found["ida@example.net"].diagnostic
    assert "unknown mailer" not in found["ida@example.net"].diagnostic
