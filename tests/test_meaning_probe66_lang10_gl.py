"""The Galician meaning words (rules/meaning/gl.toml, probe66-lang10), read in phrasings of our
own (not the samples'), with "non" before the verb, and beside them near-misses that must not
read so: the sender's address, domain or account, a failed log-in, a negated state, an unknown
error or reason, a temporary lookup, "unavailable" and a key's state. Words Galician spells as
Spanish, Portuguese, Catalan or Italian do stay with those files and read from there."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 O enderezo non existe", "userunknown"),
        ("550 Non se atopou o destinatario", "userunknown"),
        ("550 O enderezo do destinatario non é válido", "userunknown"),
        ("550 O usuario xa non existe", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 O dominio do destinatario non existe", "hostunknown"),
        ("550 Dominio descoñecido", "hostunknown"),
        # full (X.2.2)
        ("452 A caixa de correo está chea", "mailboxfull"),
        ("552 A caixa de correo do destinatario superou a cota", "mailboxfull"),
        # disabled (X.2.1)
        ("550 A conta foi desactivada", "suspend"),
        ("550 A conta do destinatario desactivouse", "suspend"),
    ],
)
def test_galician_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:gl:{reason}")


@pytest.mark.parametrize(
    ("text", "reason", "language"),
    [
        # spelt as Spanish ("inactiva") and Italian ("non valido"): read by those files
        ("550 Esta conta está inactiva", "suspend", "es"),
        ("550 Usuario non válido", "userunknown", "it"),
    ],
)
def test_galician_words_spelt_as_neighbours_read_there(
    text: str, reason: str, language: str
) -> None:
    assert read(text) == (reason, f"meaning:{language}:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 O enderezo do remitente non existe", "userunknown"),  # the sender's address
        ("553 O dominio do remitente non existe", "hostunknown"),  # the sender's domain
        ("550 O teu enderezo non é válido", "userunknown"),  # your address
        ("550 A túa conta foi desactivada", "suspend"),  # your account
        ("535 A autenticación fallou: usuario descoñecido", "userunknown"),  # log-in
        ("535 O nome de usuario ou o contrasinal non é válido", "userunknown"),
        ("452 A caixa de correo non está chea", "mailboxfull"),  # negated
        ("550 A conta non foi desactivada", "suspend"),
        ("550 Erro descoñecido", "userunknown"),  # an unknown error
        ("550 Razón descoñecida", "userunknown"),  # an unknown reason
        ("451 Dominio non atopado, ténteo máis tarde", "hostunknown"),  # for now
        ("550 A caixa de correo non está dispoñíbel", "userunknown"),  # unavailable
        ("550 Desactivouse a chave pública para o destinatario", "suspend"),  # a key's
    ],
)
def test_galician_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
