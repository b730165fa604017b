"""The Catalan meaning words (rules/meaning/ca.toml, probe60-lang8), read in phrasings of our own
(not the samples'), with the apostrophe of an elided article, and beside them near-misses that
must not read so: the sender's address, domain or account, a failed log-in, a negated state, an
encryption key, an unknown error and a temporary lookup."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Usuari desconegut", "userunknown"),
        ("550 L'adreça no existeix", "userunknown"),
        ("550 No s'ha trobat el destinatari", "userunknown"),
        ("550 Un o més dels destinataris no són vàlids", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 El domini no existeix", "hostunknown"),
        ("550 No s'ha trobat el domini del destinatari", "hostunknown"),
        # full (X.2.2)
        ("452 La bústia de correu està plena", "mailboxfull"),
        ("552 Bústia: s'ha excedit l'emmagatzematge assignat", "mailboxfull"),
        # disabled (X.2.1)
        ("550 El compte està desactivat", "suspend"),
        ("550 La bústia del destinatari està deshabilitada", "suspend"),
    ],
)
def test_catalan_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:ca:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 L'adreça del remitent no és vàlida", "userunknown"),  # the sender's address
        ("553 El domini del remitent no existeix", "hostunknown"),  # the sender's domain
        ("550 El vostre compte està desactivat", "suspend"),  # your (the sender's) account
        ("535 Ha fallat l'autenticació: usuari desconegut", "userunknown"),  # a log-in
        ("535 No s'ha trobat el nom d'usuari", "userunknown"),  # a log-in's user name
        ("452 La bústia no està plena", "mailboxfull"),  # negated
        ("550 La clau del destinatari està desactivada", "suspend"),  # an encryption key
        ("550 Error desconegut", "userunknown"),  # an unknown error
        ("451 Domini no trobat temporalment: no existeix", "hostunknown"),  # for now
    ],
)
def test_catalan_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
