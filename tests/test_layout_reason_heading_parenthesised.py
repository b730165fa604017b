"""A reason heading given in parentheses after its translation: masqmail's German and Italian
templates (tpl/failmsg.tpl.de, failmsg.tpl.it, warnmsg.tpl.de) write their own sentence, then
"(This error message may give you a hint about what caused the" / "failure:)", so the heading's
line ends ":)" and the server's words are the paragraph below it, as in the English template.
Messages written here (example addresses); whole notices are samples/probe38-euwords-masqmail-*.
"""

from __future__ import annotations

from bounce_analyzer.extract import extract
from bounce_analyzer.parse import parse_bytes

GERMAN = """\
From: MAILER-DAEMON@gw.example.de
To: jan@example.de
Subject: Mail Delivery Failure Notice

Bedauerlicherweise konnte Ihre Mail nicht an alle Empfänger weitergeleitet
werden.
(Sorry, but your mail could not be delivered to all recipients.)

Die Zustellung zu den folgenden Empfängern ist permanent
fehlgeschlagen. Es wird kein weiterer Versuch unternommen:
(Delivery to the following recipients failed permanently and has been given
up:)

\t<birgit@example.net>

Diese Fehlermeldung könnte einen Hinweis über die Ursache geben:
(This error message may give you a hint about what caused the
failure:)

Unexpected response while connected to
mx.example.net:
\t550 5.1.1 <birgit@example.net>: Recipient address rejected: User unknown

Für weitere Hilfe, schreiben Sie an <postmaster@gw.example.de>.
(If you need help, write to <postmaster@gw.example.de>.)
"""


def test_the_paragraph_under_a_parenthesised_heading_is_the_reason() -> None:
    found = extract(parse_bytes(GERMAN.encode()))
    assert found is not None
    assert [r.recipient for r in found.records] == ["birgit@example.net"]
    diagnostic = found.records[0].diagnostic
    assert diagnostic.startswith("Unexpected response while connected to")
    assert "550 5.1.1" in diagnostic and diagnostic != ")"


def test_the_english_heading_still_reads_without_the_parenthesis() -> None:
    english = GERMAN.replace("(This error message may give you a hint about what caused the\nfailure:)",
                             "This error message may give you a hint about what caused the\nfailure:")
    found = extract(parse_bytes(english.encode()))
    assert found is not None
    assert "550 5.1.1" in found.records[0].diagnostic
