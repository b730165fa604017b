"""The Welsh meaning words (rules/meaning/cy.toml, probe66-lang10), read in phrasings of our own
(not the samples'), with mutated forms ("nghyfrif", "dderbynnydd"), the owner after its noun
("blwch post y derbynnydd") and the negation "ddim" before the state or "nid" at the head of the
sentence, and beside them near-misses that must not read so: the sender's address, domain or
account, a failed log-in, a negated state, an unknown error, a temporary lookup, "unavailable",
"already exists", "in full" and a filter's state."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Cyfeiriad e-bost anhysbys", "userunknown", "userunknown"),
        ("550 Derbynnydd annilys", "userunknown", "userunknown"),
        ("550 Mae'r derbynnydd yn anhysbys", "userunknown", "userunknown"),
        ("550 Nid yw'r cyfeiriad e-bost yn bodoli", "userunknown", "userunknown-nid"),
        # the recipient's domain unknown (X.1.2)
        ("550 Parth anhysbys", "hostunknown", "hostunknown"),
        ("550 Parth ddim yn bodoli", "hostunknown", "hostunknown"),
        ("550 Nid yw parth y derbynnydd yn bodoli", "hostunknown", "hostunknown-nid"),
        # full (X.2.2)
        ("452 Mae'r blwch post yn llawn", "mailboxfull", "mailboxfull"),
        ("552 Mae mewnflwch y derbynnydd dros ei gwota", "mailboxfull", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Mae'r cyfrif yn anweithredol", "suspend", "suspend"),
        ("550 Mae cyfrif y derbynnydd wedi ei atal", "suspend", "suspend"),
    ],
)
def test_welsh_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, f"meaning:cy:{entry}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Nid yw cyfeiriad yr anfonwr yn bodoli", "userunknown"),  # the sender's address
        ("553 Nid yw parth yr anfonwr yn bodoli", "hostunknown"),  # the sender's domain
        ("550 Mae eich cyfrif wedi'i analluogi", "suspend"),  # your account
        ("550 Mae eich cyfeiriad e-bost yn annilys", "userunknown"),  # your address
        ("535 Methodd y dilysiant: defnyddiwr anhysbys", "userunknown"),  # log-in
        ("535 Enw defnyddiwr neu gyfrinair annilys", "userunknown"),
        ("535 Heb ddod o hyd i enw defnyddiwr", "userunknown"),
        ("452 Nid yw'r blwch post yn llawn", "mailboxfull"),  # negated at the head
        ("452 Dyw'r blwch post ddim yn llawn", "mailboxfull"),  # negated before the state
        ("550 Gwall anhysbys", "userunknown"),  # an unknown error
        ("451 Parth heb ei ganfod, ceisiwch eto nes ymlaen", "hostunknown"),  # for now
        ("550 Blwch ebost ddim ar gael", "userunknown"),  # unavailable: no verdict
        ("550 Mae'r cyfeiriad yn bodoli'n barod", "userunknown"),  # already exists
        ("550 Rhowch y cyfeiriad yn llawn", "mailboxfull"),  # write the address in full
        ("550 Analluogwyd hidlydd y derbynnydd", "suspend"),  # a filter's
    ],
)
def test_welsh_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
