"""The Albanian meaning words (rules/meaning/sq.toml, probe65-lang9), read in phrasings of our own
(not the samples'), with the owner after its linking article ("adresa e marrësit"), the adjective
after its noun ("përdorues i panjohur") and the short negation s’ ("s’u gjet"), and beside them
near-misses that must not read so: the sender's address, domain or account, a failed log-in, a
negated state (with "nuk" and with s’), an unknown error, a temporary lookup, a filter, a key and
a message's size."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Përdorues i panjohur", "userunknown"),
        ("550 S’u gjet marrësi", "userunknown"),
        ("550 Adresë email e pavlefshme", "userunknown"),
        ("550 Një apo më shumë adresa të pasakta", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Domeni i marrësit nuk ekziston", "hostunknown"),
        ("550 Përkatësia nuk u gjet", "hostunknown"),
        # full (X.2.2)
        ("552 Kutia postare është e mbushur", "mailboxfull"),
        ("552 Llogaria e marrësit ka tejkaluar kuotën", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Kjo llogari nuk është aktive", "suspend"),
        ("550 Kutia postare është çaktivizuar", "suspend"),
        ("550 Llogaria është e kyçur", "suspend"),
    ],
)
def test_albanian_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:sq:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("553 Adresë e pavlefshme dërguesi", "userunknown"),  # the sender's address
        ("553 Adresa e dërguesit nuk ekziston", "userunknown"),
        ("553 Domeni i dërguesit nuk ekziston", "hostunknown"),  # the sender's domain
        ("550 Llogaria juaj është çaktivizuar", "suspend"),  # your (the sender's) account
        ("535 Emri i përdoruesit nuk mund të gjendej", "userunknown"),  # log-in
        ("535 Fjalëkalimi i tanishëm është i pasaktë", "userunknown"),
        ("452 Kutia postare nuk është plot", "mailboxfull"),  # negated
        ("452 Kutia postare s’është plot", "mailboxfull"),
        ("550 Gabim i panjohur", "userunknown"),  # an unknown error
        ("451 Përkatësia nuk u gjet përkohësisht", "hostunknown"),  # for now
        ("550 Filtër i çaktivizuar", "suspend"),  # a filter
        ("550 Kyçi i marrësit është i çaktivizuar", "suspend"),  # an encryption key
        ("552 Madhësia e mesazhit e tejkalon kufirin e shërbyesit", "mailboxfull"),  # size
    ],
)
def test_albanian_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
