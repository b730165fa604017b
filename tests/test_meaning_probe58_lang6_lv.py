"""The Latvian meaning words (rules/meaning/lv.toml, probe58-lang6), read in phrasings of our own
(not the samples'), with the case forms servers write, and beside them near-misses that must not
read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Saņēmēja e-pasta adrese neeksistē", "userunknown"),  # genitive owner
        ("550 Lietotājs netika atrasts", "userunknown"),
        ("550 Nevar atrast adresātu", "userunknown"),  # accusative object
        ("550 Nederīga e-pasta adrese", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Adresāta domēns nepastāv", "hostunknown"),
        ("550 Domēns netika atrasts", "hostunknown"),
        # full (X.2.2)
        ("552 Lietotāja pastkaste ir pilna", "mailboxfull"),
        ("452 Pastkastīte ir pārpildīta", "mailboxfull"),
        # disabled (X.2.1)
        ("550 E-pasta konts ir atspējots", "suspend"),
        ("550 Lietotāja konts ir slēgts", "suspend"),
    ],
)
def test_latvian_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:lv:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Nepareiza sūtītāja adrese", "userunknown"),  # the sender's address
        ("553 5.1.8 Sūtītāja domēns nepastāv", "hostunknown"),  # the sender's domain
        ("535 Nepareiza parole: lietotājs nav atrasts", "userunknown"),  # a log-in
        ("452 Pastkaste nav pilna", "mailboxfull"),  # negated
        ("550 Ikdienas sūtīšanas kvota: pastkaste ir pilna", "mailboxfull"),  # a sending limit
        ("550 Jūsu konts ir atspējots", "suspend"),  # the sender's own account
        ("535 Konts ir slēgts: nepareiza parole", "suspend"),  # a log-in
    ],
)
def test_latvian_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
