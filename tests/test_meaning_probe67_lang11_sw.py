"""The Swahili meaning words (rules/meaning/sw.toml, probe67-lang11), read in phrasings of our own
(not the samples'), with the negation and the noun class on the verb ("hayupo", "haipo",
"imejaa", "limejaa") and the owner after its noun ("anwani ya mtumaji"), and beside them
near-misses that must not read so: the sender's address or account, a failed log-in, a sending
limit; and "si", left out as a negation, that other languages write."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Mpokeaji hajulikani", "userunknown", "userunknown"),
        ("550 Anwani ya barua pepe haipo", "userunknown", "userunknown"),
        ("550 Anwani ya mpokeaji ni batili", "userunknown", "userunknown"),
        ("550 Mtumiaji asiyejulikana", "userunknown", "userunknown"),
        ("550 Akaunti haipo", "userunknown", "userunknown"),
        # full (X.2.2)
        ("452 Akaunti ya mpokeaji imejaa", "mailboxfull", "mailboxfull"),
        ("552 Sanduku la barua halina nafasi", "mailboxfull", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Akaunti ya mpokeaji imezimwa", "suspend", "suspend"),
        ("550 Akaunti ya barua pepe si hai", "suspend", "suspend"),
    ],
)
def test_swahili_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, f"meaning:sw:{entry}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("553 Anwani ya mtumaji ni batili", "userunknown"),  # the sender's address
        ("550 Akaunti yako imezimwa", "suspend"),  # your (the sender's) account
        ("550 Anwani yako haipo", "userunknown"),  # your address
        ("535 Anwani ya barua pepe au nenosiri si sahihi", "userunknown"),  # log-in
        ("535 Jina la mtumiaji au nenosiri sio sahihi", "userunknown"),
        ("452 Kikomo cha kutuma kwa leo kimejaa, akaunti imejaa", "mailboxfull"),  # sending
        ("550 Hitilafu isiyojulikana", "userunknown"),  # an unknown error: no subject
    ],
)
def test_swahili_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason


def test_spanish_si_is_no_swahili_negation() -> None:
    # "si" is not listed as a negation: a Spanish "si" before a predicate reads as before
    assert read("550 El usuario no existe") == read("550 si el usuario no existe")
