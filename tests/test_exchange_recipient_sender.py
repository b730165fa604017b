"""An Exchange NDR sent by the "Microsoft Exchange recipient" (MicrosoftExchange329e71ec88ae4615
bbc36ab6ce41109e@<domain>, Exchange's well-known sender of system messages) carries
"Auto-Submitted: auto-replied" as Exchange marks its NDRs. Without its report part (a copy read
through a client or gateway that dropped it) and with a subject in another language, nothing
else said "bounce": it was taken for an out-of-office reply and its failures were lost. A
strip-the-report experiment over samples/ found it. Message written here (example hosts)."""

from __future__ import annotations

from bounce_analyzer.api import analyze_bytes

NDR = """\
Return-Path: <>
From: Microsoft Outlook <{sender}@firma.example.de>
To: Eva Lang <eva.lang@firma.example.de>
Subject: Unzustellbar: Angebot
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Übermittlung an folgende Empfänger oder Gruppen fehlgeschlagen:

tom.berg@kunde.example.net
Die eingegebene E-Mail-Adresse wurde nicht gefunden.

Diagnoseinformationen für Administratoren:

Generierender Server: EX01.firma.example.de

tom.berg@kunde.example.net
Remote Server returned '550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found'

Ursprüngliche Nachrichtenkopfzeilen:

From: Eva Lang <eva.lang@firma.example.de>
To: <tom.berg@kunde.example.net>
Subject: Angebot
"""


def rows(sender: str) -> list[tuple[str, str, str]]:
    data = NDR.format(sender=sender).encode("utf-8")
    return [(v.recipient, v.action, v.reason) for v in analyze_bytes(data)]


def test_the_exchange_recipients_ndr_without_a_report_part_gives_its_failure() -> None:
    assert rows("MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e") == [
        ("tom.berg@kunde.example.net", "failed", "userunknown")
    ]


def test_a_persons_auto_reply_with_the_same_marks_is_still_no_failure() -> None:
    # the same message from a person's address: an out-of-office reply, as before
    assert all(action != "failed" for _, action, _ in rows("eva.lang"))
