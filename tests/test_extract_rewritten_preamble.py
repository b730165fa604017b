"""Notices whose introduction a site rewrote (a translated or customised template: Exim's
bounce_message_file and warn_message_file, qmail's control/bouncemessage, Courier's dsn*.txt,
Postfix's bounce_template_file). The MTA's code still writes the recipient list under the new
words, so the reading must not hang on the English introduction. Written here from scratch,
with other hosts, addresses and languages than the samples (samples/probe16-tpl-*).
"""

from __future__ import annotations

from bounce_analyzer.api import analyze_bytes
from bounce_analyzer.extract import extract
from bounce_analyzer.model import DeliveryRecord
from bounce_analyzer.parse import parse_bytes


def records(raw: str) -> dict[str, DeliveryRecord]:
    found = extract(parse_bytes(raw.encode("utf-8")))
    assert found is not None
    return {r.recipient: r for r in found.records}


def report(intro: str, listing: str, fields: str, subject: str = "Onbestelbaar bericht") -> str:
    """A multipart/report as Exim writes it, with a site's own introduction."""
    return (
        "From: Mail Delivery System <Mailer-Daemon@post.example.nl>\n"
        "To: team@example.nl\n"
        f"Subject: {subject}\n"
        "Auto-Submitted: auto-replied\n"
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=b1\n\n"
        "--b1\nContent-type: text/plain; charset=utf-8\n\n"
        f"{intro}\n{listing}\n"
        "--b1\nContent-type: message/delivery-status\n\n"
        "Reporting-MTA: dns; post.example.nl\n\n"
        f"{fields}\n"
        "--b1\nContent-type: text/rfc822-headers\n\n"
        "From: team@example.nl\nTo: someone@example.org\nSubject: agenda\n\n"
        "--b1--\n"
    )


def test_a_rewritten_introduction_still_gives_the_listed_recipient_its_words() -> None:
    # the report says only Status 5.0.0 (a local failure: no remote host, no Diagnostic-Code)
    raw = report(
        "Uw bericht kon helaas niet worden afgeleverd bij de volgende ontvanger:\n",
        "  wim@example.nl\n    mailbox is full (MTA-imposed quota exceeded while writing to"
        " /var/mail/wim)\n",
        "Action: failed\nFinal-Recipient: rfc822;wim@example.nl\nStatus: 5.0.0\n",
    )
    found = records(raw)
    assert list(found) == ["wim@example.nl"]
    assert "quota exceeded" in found["wim@example.nl"].diagnostic
    (row,) = analyze_bytes(raw.encode("utf-8"))
    assert (row.reason, row.bounce) == ("mailboxfull", "soft")


def test_a_rewritten_delay_warning_keeps_its_delay_reason() -> None:
    raw = report(
        "Il messaggio non è ancora stato consegnato; il server continuerà a provare.\n",
        "  gino@example.it\n    Delay reason: mailbox is full (MTA-imposed quota exceeded"
        " while writing to /var/mail/gino)\n",
        "Action: delayed\nFinal-Recipient: rfc822;gino@example.it\nStatus: 4.0.0\n",
        subject="Avviso: messaggio in ritardo",
    )
    (row,) = analyze_bytes(raw.encode("utf-8"))
    assert (row.recipient, row.action, row.reason) == ("gino@example.it", "delayed", "mailboxfull")


def test_each_listed_recipient_takes_only_its_own_lines() -> None:
    raw = report(
        "Ihre Nachricht konnte leider nicht an alle Empfänger zugestellt werden:\n",
        "  eins@example.de\n    Unrouteable address\n"
        "  zwei@example.de\n    mailbox is full (MTA-imposed quota exceeded while writing to"
        " /var/mail/zwei)\n",
        "Action: failed\nFinal-Recipient: rfc822;eins@example.de\nStatus: 5.0.0\n\n"
        "Action: failed\nFinal-Recipient: rfc822;zwei@example.de\nStatus: 5.0.0\n",
    )
    found = records(raw)
    assert "Unrouteable" in found["eins@example.de"].diagnostic
    assert "quota" not in found["eins@example.de"].diagnostic
    assert "quota" in found["zwei@example.de"].diagnostic
    assert "Unrouteable" not in found["zwei@example.de"].diagnostic


def test_an_address_the_report_does_not_name_gives_no_row() -> None:
    # a contact address alone on a line of the site's text is no recipient
    raw = report(
        "Neem bij vragen contact op met:\n\n  helpdesk@example.nl\n    (werkdagen 9-17 uur)\n",
        "\n  wim@example.nl\n    Unrouteable address\n",
        "Action: failed\nFinal-Recipient: rfc822;wim@example.nl\nStatus: 5.0.0\n",
    )
    assert list(records(raw)) == ["wim@example.nl"]


def test_a_recipient_named_only_inside_a_sentence_takes_no_words_from_it() -> None:
    raw = report(
        "Wij konden uw bericht aan wim@example.nl niet afleveren.\n",
        "",
        "Action: failed\nFinal-Recipient: rfc822;wim@example.nl\nStatus: 5.0.0\n",
    )
    assert records(raw)["wim@example.nl"].diagnostic == ""


def test_a_qmail_mime_bounce_with_its_own_introduction_lists_its_recipients() -> None:
    # qmail-send built with MIME writes '--- Enclosed is a copy of the message.' whatever
    # control/bouncemessage says above the reports
    raw = (
        "From: MAILER-DAEMON@mx.example.pl\nTo: biuro@example.pl\n"
        "Subject: Nie dostarczono\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="q1"\n\n'
        "--q1\n\n"
        "Dzień dobry, wiadomości nie udało się dostarczyć pod poniższe adresy.\n\n"
        "<jan@example.pl>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n"
        "<ewa@example.org>:\n192.0.2.7 does not like recipient.\n"
        "Remote host said: 552 5.2.2 <ewa@example.org>: mailbox over quota\n"
        "Giving up on 192.0.2.7.\n\n"
        "--- Enclosed is a copy of the message.\n\n"
        "--q1\nContent-Type: message/rfc822\n\n"
        "From: biuro@example.pl\nTo: jan@example.pl, ewa@example.org\nSubject: faktura\n\n"
        "treść\n\n--q1--\n"
    )
    rows = {r.recipient: r for r in analyze_bytes(raw.encode("utf-8"))}
    assert set(rows) == {"jan@example.pl", "ewa@example.org"}
    assert rows["jan@example.pl"].reason == "userunknown"
    assert rows["ewa@example.org"].reason == "mailboxfull"


def single_part_warning(intro: str, listing: str) -> str:
    """Exim's delay warning as one text part (as Exim wrote it before its notices became
    multipart/report), with a site's own introduction from warn_message_file."""
    return (
        "From: Mail Delivery System <Mailer-Daemon@smtp.example.com.br>\n"
        "To: loja@example.com.br\nSubject: Aviso: mensagem atrasada\nAuto-Submitted: auto-replied\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n\n"
        f"{intro}\n{listing}\n"
        "------ Cabeçalhos da mensagem original ------\n\n"
        "Return-path: <loja@example.com.br>\nFrom: loja@example.com.br\n"
        "To: rui@example.org\nSubject: pedido 77\n"
    )


def test_a_single_part_warning_with_its_own_introduction_gives_delayed_rows() -> None:
    raw = single_part_warning(
        "Sua mensagem ainda não chegou a todos os destinatários; continuaremos tentando.\n",
        "  rui@example.org\n    Delay reason: SMTP error from remote mail server after RCPT"
        " TO:<rui@example.org>:\n    host mx.example.org [192.0.2.33]: 452 4.2.2 <rui@example.org>:"
        " Mailbox full\n  ana@example.net\n    Delay reason: retry time not reached for any host\n",
    )
    rows = {r.recipient: r for r in analyze_bytes(raw.encode("utf-8"))}
    assert set(rows) == {"rui@example.org", "ana@example.net"}
    assert {r.action for r in rows.values()} == {"delayed"}
    assert (rows["rui@example.org"].reason, rows["rui@example.org"].bounce) == ("mailboxfull", "soft")
    assert rows["ana@example.net"].bounce == "soft"


def test_delay_reason_written_by_a_person_is_not_read_as_a_warning() -> None:
    raw = (
        "From: Rui <rui@example.org>\nTo: loja@example.com.br\nSubject: entrega\n\n"
        "Oi, sobre o pedido:\n\n  ana@example.net\n    Delay reason: the courier was late\n"
    )
    assert analyze_bytes(raw.encode("utf-8")) == []
