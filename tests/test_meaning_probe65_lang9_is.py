"""The Icelandic meaning words (rules/meaning/is.toml, probe65-lang9), read in phrasings of our own
(not the samples'), with the owner after its noun ("netfang viðtakanda") and "ekki" after the
verb, and beside them near-misses that must not read so: the sender's address, domain or account,
a failed log-in, a negated state, an unknown error, a temporary lookup, "not there" and "for
good"."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Viðtakandinn fannst ekki", "userunknown"),
        ("550 Notandinn er ekki til", "userunknown"),
        ("550 Ógilt netfang", "userunknown"),
        ("550 Netfang viðtakanda finnst ekki", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Óþekkt lén", "hostunknown"),
        ("550 Lén viðtakanda fannst ekki", "hostunknown"),
        # full (X.2.2)
        ("452 Pósthólfið er orðið fullt", "mailboxfull"),
        ("552 Pósthólf notandans er fullt", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Reikningurinn hefur verið gerður óvirkur", "suspend"),
        ("550 Netfangið er óvirkt", "suspend"),
    ],
)
def test_icelandic_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:is:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Netfang sendanda er ekki til", "userunknown"),  # the sender's address
        ("553 Lén sendanda er ekki til", "hostunknown"),  # the sender's domain
        ("550 Reikningurinn þinn er óvirkur", "suspend"),  # your (the sender's) account
        ("550 Netfangið þitt er ógilt", "userunknown"),  # your address
        ("535 Auðkenning mistókst: óþekktur notandi", "userunknown"),  # log-in
        ("535 Notandanafn eða lykilorð er ógilt", "userunknown"),
        ("452 Pósthólfið er ekki fullt", "mailboxfull"),  # negated
        ("550 Óþekkt villa", "userunknown"),  # an unknown error
        ("451 Lénið fannst ekki, reyndu aftur tímabundið", "hostunknown"),  # for now
        ("550 Pósthólfið er ekki til staðar", "userunknown"),  # not there: no verdict
        ("550 Netföngum verður eytt fyrir fullt og allt", "mailboxfull"),  # for good
    ],
)
def test_icelandic_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
