"""Round 71's English meaning words (from benchmarks/generalise.py's leave-one-out misses: a
receiver's processing error or unavailable server, a session's "security failure", a message
without authentication information, a command parameter refused, a recipient callout that could
not be completed, HTML mail or a file kind of attachment refused, a forward DNS record asked
for), read in phrasings of our own (not the rules' examples), and beside them near-misses that
must not read so: negations, the sender's side instead of the recipient's, a log-in's words,
other languages' sentences."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read
from .conftest import reason_of


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # the receiving side failed while it handled the message, or its server is out of service
        ("451 4.3.0 Processing error, please retry later", "systemerror",
         "meaning:en:systemerror"),
        ("450 A temporary process error occurred on mx1.example.net", "systemerror",
         "meaning:en:systemerror"),
        ("421 Mail server is unavailable at the moment", "systemerror",
         "meaning:en:systemerror"),
        # the session's security failed, said with the general noun
        ("454 Security failure while negotiating the session", "securityerror",
         "meaning:en:securityerror"),
        # no authentication results on the message at all
        ("550 5.7.26 Your mail lacks authentication information for example.org", "authfailure",
         "meaning:en:authfailure"),
        # a command's parameter refused for its form
        ("501 5.5.4 Invalid parameter in MAIL command", "syntaxerror", "meaning:en:syntaxerror"),
        ("501 Bad ORCPT parameter given", "syntaxerror", "meaning:en:syntaxerror"),
        ("555 5.5.4 Unknown parameter RET=FULLER", "syntaxerror", "meaning:en:syntaxerror"),
        # the check with the next server could not be carried out
        ("451 4.4.3 Unable to complete callout to the recipient's servers", "networkerror",
         "meaning:en:networkerror"),
        ("451 Callout could not be completed for <kim@example.org>", "networkerror",
         "meaning:en:networkerror"),
        # HTML mail or a file kind refused by the site
        ("554 Sorry, HTML messages are not accepted by this list", "policyviolation",
         "meaning:en:policyviolation"),
        ("550 Our filter refuses zip file attachments", "policyviolation",
         "meaning:en:policyviolation"),
        # the connecting host's name without an address record
        ("550 Please set up a forward DNS record for 198.51.100.20's name", "requireptr",
         "meaning:en:requireptr"),
    ],
)
def test_probe71_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # negated: nothing went wrong
        ("250 No processing error was found", "systemerror"),
        # an SPF check's permanent error is the sender domain's record, not the receiver's failure
        ("550 5.7.24 SPF permanent error in processing for example.org", "systemerror"),
        # the sender's address that could not be checked is a refusal of the sender
        ("451 Could not complete sender verify callout for <kim@example.org>", "networkerror"),
        # a log-in's wrong data stays the session's security, not the message's authentication
        ("535 5.7.8 Invalid authentication information", "authfailure"),
        # a content check is not the session's security
        ("554 Security check failed for your message content", "securityerror"),
        # a HELO name without forward DNS is not the reverse DNS name (round 50's choice)
        ("550 Your HELO name has no forward DNS record", "requireptr"),
        # HTML mail welcome is no refusal
        ("Plain text and HTML mail accepted here", "policyviolation"),
        # other languages' ordinary words around the new forms
        ("550 Parametro non valido nel comando", "syntaxerror"),
        ("550 Parámetro inválido en el comando RCPT", "syntaxerror"),
        ("550 Ungültiger Parameter im Befehl", "syntaxerror"),
        ("451 Le serveur de messagerie est indisponible", "securityerror"),
        ("550 Het verwerken van het bericht is mislukt", "networkerror"),
    ],
)
def test_probe71_words_not_read(text: str, not_reason: str) -> None:
    assert reason_of(text) != not_reason


@pytest.mark.parametrize(
    "text",
    [
        # an SMTP log-in's "authentication information" is no message authentication
        "535 5.7.8 Authentication information is incorrect",
        "530 Please provide authentication information first",
    ],
)
def test_log_in_authentication_information_is_no_authfailure(text: str) -> None:
    found = read(text)
    assert found is None or found[0] != "authfailure"
