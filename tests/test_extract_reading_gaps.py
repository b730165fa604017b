"""Notices whose failed recipients were given no row, or another recipient's reply, because of
how they are read (issue 14, item 4): notices in other languages (rules/notices.toml), Apache
James's bounce, MDaemon's transcript-only notice, and Sendmail's recipient list ahead of its
transcript. Written here from scratch, with other hosts, addresses and wordings than the
samples, so each reading is shown to be general, not fitted to one message.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bounce_analyzer.api import analyze_bytes
from bounce_analyzer.extract import extract
from bounce_analyzer.layouts import (
    LISTED_RECIPIENT,
    NOTICE_ENDS,
    PREAMBLE_NOTICE,
    REASON_HEADING,
    _read_notice_words,
    notice_words,
)
from bounce_analyzer.model import DeliveryRecord
from bounce_analyzer.parse import parse_bytes


def records(raw: bytes | str) -> dict[str, DeliveryRecord]:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    found = extract(parse_bytes(data))
    assert found is not None
    return {r.recipient: r for r in found.records}


def head(sender: str, subject: str, charset: str = "utf-8") -> str:
    return (
        f"From: {sender}\nTo: kontor@example.org\nSubject: {subject}\nMIME-Version: 1.0\n"
        f"Content-Type: text/plain; charset={charset}\nContent-Transfer-Encoding: 8bit\n\n"
    )


# ---- Notices in other languages ----------------------------------------------------------


def test_a_french_notice_with_labelled_recipients_and_reasons() -> None:
    notice = head("MAILER-DAEMON@smtp.example.fr", "Message non remis") + (
        "Votre message n'a pas pu être remis aux destinataires suivants :\n\n"
        "Destinataire : claire@example.fr\n"
        "Raison : 550 5.1.1 adresse inconnue\n\n"
        "Destinataire : marc@example.fr\n"
        "Raison : 452 4.2.2 boîte aux lettres pleine\n\n"
        "----- Message d'origine -----\n"
        "From: kontor@example.org\nTo: claire@example.fr\n"
    )
    found = records(notice)
    assert list(found) == ["claire@example.fr", "marc@example.fr"]
    assert found["claire@example.fr"].status == "5.1.1"
    assert "inconnue" in found["claire@example.fr"].diagnostic
    assert found["marc@example.fr"].status == "4.2.2"
    assert "inconnue" not in found["marc@example.fr"].diagnostic


def test_a_bilingual_label_and_a_reason_paragraph_below_it() -> None:
    notice = head("postmaster@mx.example.at", "Unzustellbar / Undeliverable") + (
        "Die Nachricht konnte nicht zugestellt werden.\n"
        "The message could not be delivered.\n\n"
        "Empfaenger / Recipient: lukas@example.at\n\n"
        "Grund: Benutzer unbekannt.\n"
        "Reason: No such user.\n"
    )
    found = records(notice)
    assert list(found) == ["lukas@example.at"]
    assert "Benutzer unbekannt" in found["lukas@example.at"].diagnostic
    assert "No such user" in found["lukas@example.at"].diagnostic


def test_a_chinese_notice_with_full_width_colons_names_no_sender_as_recipient() -> None:
    notice = head("postmaster@mail.example.com.cn", "退信") + (
        "很抱歉，您的邮件无法投递到以下收件人：\n\n"
        "收件人：lin@example.com.cn\n"
        "失败原因：550 用户不存在\n\n"
        "收件人：qian@example.com.cn\n"
        "失败原因：552 邮箱空间不足\n\n"
        "原邮件信息：\n"
        "发件人：kontor@example.org\n"
        "收件人：lin@example.com.cn\n"
    )
    found = records(notice)
    assert list(found) == ["lin@example.com.cn", "qian@example.com.cn"]
    assert found["lin@example.com.cn"].reply_code == "550"
    assert found["qian@example.com.cn"].reply_code == "552"


def test_a_japanese_notice_in_iso_2022_jp() -> None:
    text = (
        "以下の宛先への配信に失敗しました。\n\n"
        "宛先: jiro@example.ne.jp\n"
        "理由: 550 このアドレスは存在しません\n"
    )
    raw = head("MAILER-DAEMON@mta.example.ne.jp", "Undelivered Mail", "ISO-2022-JP").replace(
        "8bit", "7bit"
    ).encode("ascii") + text.encode("iso-2022-jp")
    found = records(raw)
    assert list(found) == ["jiro@example.ne.jp"]
    assert found["jiro@example.ne.jp"].reply_code == "550"


def test_a_localised_notice_gives_classified_rows() -> None:
    notice = head("mailer-daemon@correo.example.com.ar", "Mensaje no entregado") + (
        "No se ha podido entregar el mensaje a los siguientes destinatarios:\n\n"
        "  lucia@example.com.ar\n    Motivo: 550 5.1.1 usuario desconocido\n"
    )
    rows = analyze_bytes(notice.encode("utf-8"))
    assert [(r.recipient, r.status, r.bounce) for r in rows] == [
        ("lucia@example.com.ar", "5.1.1", "hard")
    ]
    assert rows[0].reason == "userunknown"


def test_a_person_writing_the_same_words_is_not_read_as_a_bounce() -> None:
    letter = (
        "From: ana@example.es\nTo: kontor@example.org\nSubject: Hola\n\n"
        "No se pudo entregar el paquete a:\n\nDestinatario: pedro@example.es\n"
    )
    found = extract(parse_bytes(letter.encode("utf-8")))
    assert found is None or "pedro@example.es" not in {r.recipient for r in found.records}


def test_every_entry_of_notices_toml_names_its_source() -> None:
    path = Path(__file__).resolve().parent.parent / "rules" / "notices.toml"
    preambles, labels, reasons, headings = notice_words(path)
    assert preambles and labels and reasons and headings
    languages = set()
    import tomllib

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for table in ("preamble", "recipient_label", "reason_label", "original_heading"):
        for entry in data[table]:
            assert entry["source"].strip() and entry["phrases"]
            languages.add(entry["language"])
    assert {"de", "es", "fr", "ja", "zh"} <= languages
    with pytest.raises(ValueError):
        _read_notice_words('[[preamble]]\nlanguage = "xx"\nphrases = ["nope"]\n')


def test_the_localised_patterns_are_linear_on_hostile_lines() -> None:
    lines = [
        "Empfänger / " * 20_000 + "x",
        "收件人：" * 30_000,
        " " * 12 + "-" * 60_000,
        "Grund " * 20_000,
        "no se pudo entregar " * 10_000 + "a@b",
    ]
    started = time.thread_time()
    for line in lines:
        LISTED_RECIPIENT.match(line[:4000])
        REASON_HEADING.search(line)
        NOTICE_ENDS.match(line)
        assert PREAMBLE_NOTICE.start is not None
        PREAMBLE_NOTICE.start.search(line)
    assert time.thread_time() - started < 5


# ---- Apache James ------------------------------------------------------------------------

JAMES_INTRODUCTION = (
    "Hi. This is the James mail server at smtp.example.net.\n"
    "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
    "This is a permanent error; I've given up. Sorry it didn't work out. Below\n"
    "I include the list of recipients and the reason why I was unable to deliver\n"
    "your message.\n\n"
)


def test_james_bouncer_gives_its_one_error_to_every_recipient() -> None:
    notice = head("postmaster@smtp.example.net", "[BOUNCE]") + JAMES_INTRODUCTION + (
        "ola@example.no\npers@example.no\n"
        "Remote mail server told me: 550 5.1.1 Recipient rejected\n\n"
    )
    found = records(notice)
    assert list(found) == ["ola@example.no", "pers@example.no"]
    assert {r.reply_code for r in found.values()} == {"550"}
    assert all("Recipient rejected" in r.diagnostic for r in found.values())


def test_james_dsnbounce_text_reads_failed_recipients_and_error_message() -> None:
    notice = head("postmaster@smtp.example.net", "[BOUNCE]") + JAMES_INTRODUCTION + (
        "Failed recipient(s):\nkari@example.no\n\n"
        "Error message:\nThere are no DNS entries for the hostname example.no.  "
        "I cannot determine where to send this message.\n\n"
    )
    found = records(notice)
    assert list(found) == ["kari@example.no"]
    assert "no DNS entries" in found["kari@example.no"].diagnostic


# ---- MDaemon: the recipients are those of the transcript -----------------------------------


def test_a_transcript_only_notice_gives_each_failed_rcpt_its_own_reply() -> None:
    stamp = " Tue 2026-12-01 08:15:00.{:03d}: "
    lines = [
        "<-- 220 in.example.com ESMTP",
        "--> EHLO out.example.org",
        "<-- 250 in.example.com",
        "--> MAIL From:<kontor@example.org>",
        "<-- 250 2.1.0 Sender ok",
        "--> RCPT To:<ida@example.com>",
        "<-- 550 5.1.1 <ida@example.com>: unknown user",
        "--> RCPT To:<jan@example.com>",
        "<-- 250 2.1.5 Recipient ok",
        "--> RCPT To:<kim@example.com>",
        "<-- 450 4.2.1 <kim@example.com>: mailbox busy",
        "--> DATA",
        "<-- 552 5.3.4 Message too big for system",
        "--> QUIT",
    ]
    notice = head("MDaemon@out.example.org", "Permanent Delivery Failure") + (
        "The attached message had PERMANENT fatal delivery errors!\n\n"
        "YOU DO NOT NEED TO RESEND YOUR MESSAGE.\n\n--- Session Transcript ---\n"
        + "".join(stamp.format(n) + line + "\n" for n, line in enumerate(lines))
        + "--- End Transcript ---\n"
    )
    found = records(notice)
    assert list(found) == ["ida@example.com", "jan@example.com", "kim@example.com"]
    assert found["ida@example.com"].diagnostic == "550 5.1.1 <ida@example.com>: unknown user"
    assert found["kim@example.com"].reply_code == "450"
    # accepted at RCPT: what failed it is DATA's answer
    jan = found["jan@example.com"]
    assert (jan.command, jan.reply_code) == ("DATA", "552")


# ---- Sendmail: the list, then the transcript ----------------------------------------------


def sendmail_report(listing: str, transcript: str, blocks: str) -> str:
    return (
        "From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.com>\n"
        "To: kontor@example.org\nSubject: Returned mail: see transcript for details\n"
        'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="Z"\n\n'
        "--Z\n\n   ----- The following addresses had permanent fatal errors -----\n"
        + listing
        + "\n   ----- Transcript of session follows -----\n"
        + transcript
        + "\n--Z\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; relay.example.com\n\n"
        + blocks
        + "--Z--\n"
    )


def test_a_recipients_own_reason_line_is_not_joined_to_another_recipients_reply() -> None:
    report = sendmail_report(
        "<una@example.com>\n    (reason: 550 5.7.1 Relaying denied)\n"
        "<vito@example.com>\n    (reason: 550 5.1.1 User unknown)\n",
        "... while talking to mx.example.com.:\n>>> RCPT To:<una@example.com>\n"
        "<<< 550 5.7.1 Relaying denied\n550 5.7.1 <una@example.com>... Relaying denied\n"
        "550 5.1.1 <vito@example.com>... User unknown\n",
        "Final-Recipient: rfc822; una@example.com\nAction: failed\nStatus: 5.7.1\n\n"
        "Final-Recipient: rfc822; vito@example.com\nAction: failed\nStatus: 5.1.1\n\n",
    )
    found = records(report)
    assert found["una@example.com"].status == "5.7.1"
    vito = found["vito@example.com"]
    assert vito.status == "5.1.1"
    assert "Relaying" not in vito.diagnostic and "User unknown" in vito.diagnostic


def test_a_bare_recipient_takes_only_the_transcript_lines_naming_it() -> None:
    report = sendmail_report(
        "<wes@example.com>\n<xan@example.com>\n",
        "550 5.1.2 <wes@example.com>... Host unknown (Name server: example.com: host not found)\n"
        "<xan@example.com>... Deferred: Connection timed out with mx.example.com.\n"
        "Message could not be delivered for 5 days\n",
        "Final-Recipient: rfc822; wes@example.com\nAction: failed\nStatus: 5.1.2\n\n"
        "Final-Recipient: rfc822; xan@example.com\nAction: failed\nStatus: 4.4.7\n\n",
    )
    found = records(report)
    assert "Host unknown" in found["wes@example.com"].diagnostic
    assert "Deferred" not in found["wes@example.com"].diagnostic
    assert "Deferred" in found["xan@example.com"].diagnostic
    assert "Host unknown" not in found["xan@example.com"].diagnostic


def test_a_transcript_about_the_one_recipient_listed_is_all_its_account() -> None:
    report = sendmail_report(
        "<yara@example.com>\n",
        "procmail: quota exceeded for yara\n554 <yara@example.com>... Service unavailable\n",
        "Final-Recipient: rfc822; yara@example.com\nAction: failed\nStatus: 5.0.0\n\n",
    )
    diagnostic = records(report)["yara@example.com"].diagnostic
    assert "quota exceeded" in diagnostic and "Service unavailable" in diagnostic
