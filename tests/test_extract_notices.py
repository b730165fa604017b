"""Plain-text notices read by their introduction: Domino, GroupWise, Exchange 2000/2003, a
postmaster's "mailbox full" notice, and any notice that introduces its failed recipients
("could not be delivered to", "undeliverable to the following", ...) wherever that stands in
the notice's first 64 KiB. Written here from scratch, with other hosts than the samples and
two recipients, so each reader is shown to generalise.
"""

from __future__ import annotations

import time

from bounce_analyzer.extract.recipient_lines import RecipientLines
from bounce_analyzer.layouts import LAYOUTS, PREAMBLE_NOTICE
from bounce_analyzer.parse import parse_bytes

from .conftest import extracted, records


def head(sender: str, subject: str) -> str:
    return f"From: {sender}\nTo: writer@example.org\nSubject: {subject}\n\n"


def test_domino_lists_two_recipients_with_one_reason() -> None:
    notice = head("Postmaster@mail.example.jp", "DELIVERY FAILURE: Mailbox quota exceeded") + (
        "Your message\n\n  Subject: Plans\n\nwas not delivered to:\n\n"
        "  akira@mail.example.jp\n  beni@mail.example.jp\n\n"
        "because:\n\n  Unable to deliver message: the mailbox quota has been exceeded\n\n"
        "What should you do?\n\n  Resend later.\n"
    )
    found = extracted(notice)
    assert found is not None and found.mta == "domino"
    assert [r.recipient for r in found.records] == ["akira@mail.example.jp", "beni@mail.example.jp"]
    assert all(
        r.diagnostic == "Unable to deliver message: the mailbox quota has been exceeded"
        for r in found.records
    )


def test_domino_subject_alone_names_recipient_and_reason() -> None:
    notice = head(
        "Postmaster@notes.example.net",
        "DELIVERY_FAILURE: User Carl Berg (carl@notes.example.net) not listed in Domino Directory",
    ) + "The attached message could not be returned in full.\n"
    found = records(notice)
    assert list(found) == ["carl@notes.example.net"]
    assert found["carl@notes.example.net"].diagnostic == (
        "User Carl Berg (carl@notes.example.net) not listed in Domino Directory"
    )


def test_domino_subject_gives_the_reason_the_body_leaves_out() -> None:
    notice = head(
        "Postmaster@notes.example.net",
        "DELIVERY FAILURE: Error transferring to mx.example.com; SMTP Protocol Returned a "
        "Permanent Error 550 5.1.1 User unknown",
    ) + "Your message\n\nwas not delivered to:\n\n  dora@example.com\n  emil@example.com\n"
    found = records(notice)
    assert list(found) == ["dora@example.com", "emil@example.com"]
    assert all(r.reply_code == "550" and r.status == "5.1.1" for r in found.values())


def test_groupwise_reasons_on_the_lines_below() -> None:
    notice = head("postmaster@gw.example.jp", "Undeliverable Mail") + (
        "The message that you sent was undeliverable to the following:\n"
        "\tfumi@gw.example.jp\n\t\tUser not found\n"
        "\tgoro@gw.example.jp (Mailbox has exceeded its size limit)\n"
        "\nPossible alternatives:\n\tfumiko@gw.example.jp\n"
    )
    found = extracted(notice)
    assert found is not None and found.mta == "groupwise"
    got = {r.recipient: r.diagnostic for r in found.records}
    assert got == {
        "fumi@gw.example.jp": "User not found",
        "goro@gw.example.jp": "Mailbox has exceeded its size limit",
    }


EXCHANGE = head("System Administrator <postmaster@ex.example.com>", "Undeliverable: Report") + (
    "Your message did not reach some or all of the intended recipients.\n\n"
    "      Subject:\tReport\n      Sent:\t11/16/2026 8:00 AM\n\n"
    "The following recipient(s) could not be reached:\n\n"
    "      'hana@example.org' on 11/16/2026 8:01 AM\n"
    "            This message is larger than the current system limit or the recipient's "
    "mailbox is full.\n"
    "            <ex.example.com #5.2.2>\n\n"
    "      ivan@example.net on 11/16/2026 8:01 AM\n"
    "            The e-mail system was unable to deliver the message, but did not report a "
    "specific reason.\n"
    "            <ex.example.com #5.0.0 smtp;550 5.7.1 Unable to relay for ivan@example.net>\n"
)


def test_exchange_2003_codes_and_the_remote_reply_inside_them() -> None:
    found = extracted(EXCHANGE)
    assert found is not None and found.mta == "exchange2003"
    got = {r.recipient: r for r in found.records}
    assert got["hana@example.org"].status == "5.2.2"
    assert "mailbox is full" in got["hana@example.org"].diagnostic
    ivan = got["ivan@example.net"]
    # the remote server's reply Exchange quoted is the server's words, its status the better one
    assert (ivan.status, ivan.reply_code) == ("5.7.1", "550")
    assert ivan.diagnostic == "550 5.7.1 Unable to relay for ivan@example.net"


def test_exchange_cannot_be_reached_wording() -> None:
    notice = EXCHANGE.replace("could not be reached", "cannot be reached")
    assert set(records(notice)) == {"hana@example.org", "ivan@example.net"}


def test_mailbox_full_postmaster_notice_names_the_recipient_in_its_sentence() -> None:
    notice = head("postmaster@mx.example.net", "Delivery failure") + (
        "Your message could not be delivered to jana@example.net because the recipient's "
        "mailbox is full.\n\n"
        "Your message could not be delivered to kurt@example.net: quota exceeded (storage 100%).\n"
    )
    found = records(notice)
    assert "mailbox is full" in found["jana@example.net"].diagnostic
    assert "quota exceeded" in found["kurt@example.net"].diagnostic
    assert "writer@example.org" not in found  # the notice's own addressee is never a recipient


FILLER = "\n".join(
    f"Line {i:04d} of the gateway's disclaimer, which says nothing about any delivery at all."
    for i in range(700)
)  # about 60 KiB


def notice_after(filler: str) -> str:
    return head("MAILER-DAEMON@relay.example.net", "Message not delivered") + (
        f"{filler}\n\nThis message could not be delivered to the following recipients:\n\n"
        "  lars@example.com: 550 5.1.1 mailbox unavailable\n"
        "  mila@example.com: 452 4.2.2 over quota\n"
    )


def test_the_introduction_is_read_wherever_it_stands_in_the_first_64_kib() -> None:
    found = extracted(notice_after(FILLER[:40_000]))
    assert found is not None and found.mta == "bounce-notice"
    got = {r.recipient: (r.reply_code, r.status) for r in found.records}
    assert got == {"lars@example.com": ("550", "5.1.1"), "mila@example.com": ("452", "4.2.2")}
    assert len(FILLER) < 65536 - 200
    assert extracted(notice_after(FILLER)) is not None


def test_an_introduction_past_64_kib_is_not_looked_for() -> None:
    found = extracted(notice_after(FILLER + "\n" + FILLER))
    assert found is None or found.mta != "bounce-notice"


def test_a_person_writing_the_same_words_is_not_a_bounce() -> None:
    letter = (
        "From: Nina <nina@example.com>\nTo: omar@example.org\nSubject: lunch\n\n"
        "My invitation could not be delivered to pia@example.net, do you have her new address?\n"
    )
    found = extracted(letter)
    assert found is None or "pia@example.net" not in {r.recipient for r in found.records}


def test_an_introduction_that_states_the_reason_gives_it_to_the_recipients_it_lists() -> None:
    notice = head("postmaster@smtp.example.org", "Delivery Status Notification (Failure)") + (
        "This is an automatically generated Delivery Status Notification.\n\n"
        "Unable to deliver message to the following recipients, because the message was "
        "forwarded more than the maximum allowed times.\n\n"
        "       rita@example.com\n       sami@example.com\n"
    )
    found = records(notice)
    assert set(found) == {"rita@example.com", "sami@example.com"}
    assert all("forwarded more than the maximum" in r.diagnostic for r in found.values())


def test_a_notice_that_will_retry_is_a_delay() -> None:
    notice = head("MAILER-DAEMON@relay.example.net", "Delivery delayed") + (
        "Your message could not be delivered to the following recipients yet; "
        "the server will retry for 3 more days.\n\n  tove@example.com\n  ulf@example.com\n"
    )
    found = extracted(notice)
    assert found is not None
    assert [r.action for r in found.records] == ["delayed", "delayed"]


def test_a_non_google_notice_with_googles_heading_is_read_with_its_reasons() -> None:
    notice = head("MAILER-DAEMON@mail.example.com", "Message not delivered") + (
        "Delivery to the following recipients failed:\n\n"
        "   vera@example.com\n      550 5.1.1 Mailbox does not exist\n"
        "   will@example.net\n      552 5.2.2 Mailbox full\n"
    )
    found = extracted(notice)
    assert found is not None and found.mta == "bounce-notice"
    assert [(r.recipient, r.reply_code) for r in found.records] == [
        ("vera@example.com", "550"), ("will@example.net", "552"),
    ]


def test_reading_by_introduction_is_linear_on_hostile_text() -> None:
    hostile = head("MAILER-DAEMON@relay.example.net", "x") + (
        "could not be delivered to " + "a@b.example " * 20_000 + "\n"
        + ("  x@example.com (" + "(" * 3000 + "\n") * 50
        + "was not delivered to:\n" + " " * 200_000 + "\n"
    )
    message = parse_bytes(hostile.encode())
    started = time.thread_time()
    RecipientLines(LAYOUTS).extract(message)
    RecipientLines((PREAMBLE_NOTICE,)).extract(message)
    assert time.thread_time() - started < 5


def test_labelled_recipients_with_their_reason_lines() -> None:
    notice = head("Postmaster@mail.example.jp", "Mail System Error - Returned Mail") + (
        "This Message was undeliverable due to the following reason:\n\n"
        "Each of the following recipients was rejected by a remote mail server.\n\n"
        "    Recipient: <eiji@example.jp>\n"
        "    Reason:    5.1.1 <eiji@example.jp>... User unknown\n\n"
        "    Recipient: <fuyu@example.net>\n"
        "    Reason:    5.2.2 <fuyu@example.net>... Mailbox full\n\n"
        "Please reply to Postmaster@mail.example.jp if you feel this message to be in error.\n"
    )
    found = records(notice)
    assert list(found) == ["eiji@example.jp", "fuyu@example.net"]
    assert found["eiji@example.jp"].status == "5.1.1"
    assert "User unknown" in found["eiji@example.jp"].diagnostic
    assert found["fuyu@example.net"].status == "5.2.2"
    assert "User unknown" not in found["fuyu@example.net"].diagnostic


def test_an_over_quota_notice_gives_its_reason_paragraph_to_the_addresses_below() -> None:
    notice = head("Postmaster@mx.example.org", "Mail System Error - Returned Mail") + (
        "This Message was undeliverable due to the following reason:\n\n"
        "The user(s) account is temporarily over quota.\n\n"
        "<gina@example.org>\n<hugo@example.org>\n\n"
        "Please reply to Postmaster@mx.example.org if you feel this message to be in error.\n"
    )
    found = records(notice)
    assert set(found) == {"gina@example.org", "hugo@example.org"}
    words = "The user(s) account is temporarily over quota."
    assert all(r.diagnostic == words for r in found.values())


def test_an_address_in_a_returned_message_pasted_without_a_marker_is_no_recipient() -> None:
    notice = head("MAILER-DAEMON@relay.example.net", "Undelivered Mail") + (
        "Your message could not be delivered to the following recipients:\n\n"
        "  ida@example.com: 550 5.1.1 no such user\n\n"
        "Received: from client.example.org by relay.example.net\n"
        "From: writer@example.org\nTo: ida@example.com\nSubject: Hello\n\n"
        "Regards,\n\njoe@example.net\n"
    )
    assert list(records(notice)) == ["ida@example.com"]


def test_a_persons_reply_quoting_a_notice_is_no_notice() -> None:
    # "RE: Undeliverable: ..." from a person answers a bounce it quotes (rules/autoreply.toml
    # [[reply_subject]]): its subject's bounce words are the quoted bounce's, not its own.
    quoted = (
        "Sorry, Jan has left; write to me instead.\n\n-----Original Message-----\n"
        "Subject: Undeliverable: Plans\n\n"
        "Your message to jan@example.net couldn't be delivered.\n"
        "jan wasn't found at example.net.\n"
    )
    for subject in ("RE: Undeliverable: Plans", "AW: Undeliverable: Plans", "回复：Undeliverable: Plans"):
        found = extracted(head("Maria <maria@example.net>", subject) + quoted)
        assert found is None or not found.records, subject
    # the same words under the bounce's own subject, or from a mail system, are a notice
    assert "jan@example.net" in records(head("Maria <maria@example.net>", "Undeliverable: Plans") + quoted)
    assert "jan@example.net" in records(head("postmaster@example.net", "RE: Undeliverable: Plans") + quoted)


def test_a_chinese_sentence_naming_the_recipient_after_the_summary_gives_its_row() -> None:
    # NetEase's own notice (系统退信) sums up the returned message first ("原邮件信息", which
    # ends other notices' accounts) and names each recipient inside the sentence that says
    # why: "您发送给 <rcpt> 的邮件 ..." (rules/notices.toml, Chinese introductions).
    notice = head("Postmaster@mail.example.cn", "系统退信") + (
        "抱歉，您的邮件被退回来了……\n\n原邮件信息：\n时　间：2026-12-01 09:00\n"
        "主　题：Plans\n收件人：jia@example.net; yi@example.org\n\n退信原因：\n"
        "您发送给 jia@example.net 的邮件被对方服务器拒收，对方服务器返回信息：550 5.1.1 "
        "<jia@example.net>: Recipient address rejected: User unknown\n"
        "您发送给 yi@example.org 的邮件被对方服务器退回，对方服务器返回信息：552 5.2.2 Mailbox full\n"
    )
    found = records(notice)
    assert list(found) == ["jia@example.net", "yi@example.org"]
    assert found["jia@example.net"].status == "5.1.1"
    assert "User unknown" in found["jia@example.net"].diagnostic
    assert found["yi@example.org"].status == "5.2.2"
    assert "User unknown" not in found["yi@example.org"].diagnostic


def test_an_sms_gateways_reply_names_the_number_and_the_original_gives_its_address() -> None:
    # The gateway says which number it could not text; the address is the original's To or
    # Cc whose local part is that number, here two numbers of one message, one of them failed.
    notice = head("SMS Gateway <no-reply@sms.example.net>", "Delivery failure") + (
        "Your text message to +61 412 555 019 was not sent. Your account has insufficient credit\n"
        "\n"
        "----- Original message -----\n"
        "From: Ops <writer@example.org>\n"
        "To: +61412555018@sms.example.net\n"
        "Cc: 61412555019@sms.example.net\n"
        "Subject: Pump 2 offline\n"
    )
    found = extracted(notice)
    assert found is not None and found.mta == "sms-gateway"
    assert [r.recipient for r in found.records] == ["61412555019@sms.example.net"]
    assert "insufficient credit" in found.records[0].diagnostic


def test_an_sms_gateways_reply_with_the_original_attached() -> None:
    notice = (
        "From: Text Service <mailer-daemon@texts.example.com>\nTo: writer@example.org\n"
        "Subject: Undeliverable\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="b1"\n\n'
        "--b1\nContent-Type: text/plain\n\n"
        "Your SMS to 15555550147 could not be delivered. The number is not a mobile number.\n\n"
        "--b1\nContent-Type: message/rfc822\n\n"
        "From: writer@example.org\nTo: 15555550147@texts.example.com\nSubject: hi\n\nhello\n"
        "--b1--\n"
    )
    assert list(records(notice)) == ["15555550147@texts.example.com"]


def test_a_number_the_original_does_not_hold_gives_no_sms_row() -> None:
    notice = head("SMS Gateway <no-reply@sms.example.net>", "Delivery failure") + (
        "Your SMS to 61412555777 could not be sent. Invalid number\n\n"
        "----- Original message -----\nTo: 61412555018@sms.example.net\nSubject: x\n"
    )
    found = extracted(notice)
    assert found is None or all(r.recipient != "61412555018@sms.example.net" for r in found.records)


HARAKA_CUT = (
    "From: MAILER-DAEMON@relay.example.net\nTo: shop@example.net\nSubject: failure notice\n"
    "Content-Type: text/plain; charset=us-ascii\n\n"
    "Hi. This is the Haraka Mailer program at relay.example.net.\n"
    "I'm afraid I wasn't able to deliver your message\n    \"Invoice\"\nto the following addresses.\n\n"
    "Intended Recipients: <ana@example.org>, <bo@example.com>\n"
)


def test_a_notice_cut_before_its_reason_heading_is_read_without_one() -> None:
    # Haraka's layout is known by its greeting line alone (no introduction pattern): a notice
    # that ends before 'Failure Reason:' (a truncated copy, a size limit) gives its recipients
    # with no reason instead of failing the reading.
    found = records(HARAKA_CUT)
    assert set(found) == {"ana@example.org", "bo@example.com"}


def test_exchange_2003_dutch_notice_lists_its_recipients_with_op_and_the_date() -> None:
    # Exchange / Outlook in Dutch (the notice Ghent University's helpdesk quotes,
    # https://helpdesk.ugent.be/email/faq.php): "De volgende geadresseerde(n) zijn niet
    # bereikt:", each recipient as "a@b op <date>" with the server's reply below it
    notice = head("System Administrator <postmaster@ex.example.nl>", "Onbestelbaar: Offerte") + (
        "Uw bericht heeft enkele of alle geadresseerden niet bereikt.\n\n"
        "      Onderwerp:\tOfferte\n      Verzonden:\t16-11-2026 8:00\n\n"
        "De volgende geadresseerde(n) zijn niet bereikt:\n\n"
        "      'joost@example.org' op 16-11-2026 8:01\n"
        "            550 5.1.1 User unknown\n\n"
        "      kees@example.net op 16-11-2026 8:01\n"
        "            552 5.2.2 Mailbox full\n"
    )
    found = extracted(notice)
    assert found is not None and found.mta == "exchange2003"
    got = {r.recipient: r.diagnostic for r in found.records}
    assert got == {"joost@example.org": "550 5.1.1 User unknown", "kees@example.net": "552 5.2.2 Mailbox full"}


def test_recipients_said_not_reachable_each_in_single_quotes_with_its_reply() -> None:
    # IONOS's own short notice: the introduction "are not reachable" and each address in single
    # quotes before the reply; two recipients here, other hosts than the sample
    notice = head("Mail Delivery System <mailer-daemon@relay.example.net>", "Mail delivery failed") + (
        "Your message couldn't be delivered to all recipients\n"
        "The following recipients are not reachable:\n\n"
        "'ana@example.com' 550 5.1.1 mailbox unknown\n"
        "'o'neil@example.com' 552 mailbox full\n\n"
        "------ Original message header ------\nFrom: writer@example.org\nTo: ana@example.com\n"
    )
    found = records(notice)
    assert sorted(found) == ["ana@example.com", "o'neil@example.com"]
    assert found["ana@example.com"].reply_code == "550"
    assert found["o'neil@example.com"].diagnostic == "552 mailbox full"
