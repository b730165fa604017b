"""Exchange 2013's plain-text NDR in another language: the administrators' section is found by
its first recipient with an answer under it, and Exchange writes the remote server's name on a
line of its own between the two when a remote server refused the message."""

from __future__ import annotations

from bounce_analyzer.extract.exchange_online import first_answered

from .conftest import records

NDR = """\
From: postmaster@example.de
To: absender@example.de
Subject: Unzustellbar: Angebot
Content-Type: text/plain; charset=utf-8

Die Nachricht konnte an folgende Empfänger oder Gruppen nicht übermittelt werden:

kunde@example.net
Das Postfach des Empfängers ist voll.

Diagnoseinformationen für Administratoren:

Generierender Server: MBX01.example.de

kunde@example.net
mx1.example.net
Remote Server returned '552 5.2.2 Mailbox full'

Ursprüngliche Nachrichtenkopfzeilen:

To: kunde@example.net
Subject: Angebot
"""


def test_the_remote_servers_line_does_not_hide_the_answer() -> None:
    found = records(NDR)
    record = found["kunde@example.net"]
    assert (record.reply_code, record.status) == ("552", "5.2.2")
    assert "Mailbox full" in record.diagnostic


def test_a_host_line_with_no_answer_after_it_starts_nothing() -> None:
    text = "kunde@example.net\nmx1.example.net\nDas Postfach ist voll.\n"
    assert first_answered(text + "Remote Server returned '552 5.2.2 full'\n") == -1
    assert first_answered("x\nkunde@example.net\nmx1.example.net\nRemote Server returned '550 5.1.1 x'\n") == 2
