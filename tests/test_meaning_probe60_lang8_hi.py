"""The Hindi meaning words (rules/meaning/hi.toml, probe60-lang8), read in phrasings of our own
(not the samples'), and beside them near-misses that must not read so: the sender's address or
account, a failed log-in, a state negated after it, "अक्षम" as "unable", a temporary lookup and
a daily sending quota."""

from __future__ import annotations

import pytest

from bounce_analyzer import meaning

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 प्राप्तकर्ता अज्ञात है", "userunknown"),
        ("550 यह ईमेल पता मौजूद नहीं है", "userunknown"),
        ("550 पाने वाले का पता नहीं मिला", "userunknown"),
        ("550 एक या अधिक अवैध प्राप्तकर्ता", "userunknown"),
        ("550 उपयोक्ता उपस्थित नहीं है।", "userunknown"),
        # the recipient's domain unknown (X.1.2): "प्राप्तकर्ता का डोमेन" is the domain
        ("550 प्राप्तकर्ता का डोमेन मौजूद नहीं है", "hostunknown"),
        ("550 डोमेन अज्ञात है", "hostunknown"),
        # full (X.2.2)
        ("452 मेलबॉक्स भर गया है", "mailboxfull"),
        ("552 ईमेल खाता फुल है", "mailboxfull"),
        ("552 मेलबॉक्स: भंडारण संभाजन से ज्यादा", "mailboxfull"),
        # disabled (X.2.1)
        ("550 यह ईमेल खाता अक्षम कर दिया गया है।", "suspend"),
        ("550 प्राप्तकर्ता का मेलबॉक्स निष्क्रिय है", "suspend"),
    ],
)
def test_hindi_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:hi:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 प्रेषक का पता सही नहीं है", "userunknown"),  # the sender's address
        ("553 प्रेषक का डोमेन मौजूद नहीं है", "hostunknown"),  # the sender's domain
        ("550 आपका खाता अक्षम कर दिया गया है", "suspend"),  # your (the sender's) account
        ("535 सत्यापन असफल: अज्ञात उपयोक्ता", "userunknown"),  # a log-in
        ("535 पासवर्ड गलत है। उपयोक्ता अज्ञात", "userunknown"),  # a log-in
        ("452 मेलबॉक्स फुल नहीं है", "mailboxfull"),  # negated after the word
        ("550 मेलबॉक्स निष्क्रिय नहीं है", "suspend"),  # negated after the word
        ("550 अज्ञात त्रुटि", "userunknown"),  # an unknown error
        ("550 प्राप्तकर्ता ईमेल पाने में अक्षम है", "suspend"),  # "unable to receive"
        ("451 डोमेन अस्थायी रूप से नहीं मिला", "hostunknown"),  # a temporary lookup
        ("550 आपका दैनिक कोटा भर गया है, ईमेल भेजने की सीमा", "mailboxfull"),  # sending quota
        ("550 सर्वर के आईपी पते अमान्य", "userunknown"),  # the connecting host's address
    ],
)
def test_hindi_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason


def test_devanagari_words_stay_whole_and_the_danda_ends_a_sentence() -> None:
    tokens, clauses = meaning.tokenise("अज्ञात उपयोक्ता। प्राप्तकर्ता का मेलबॉक्स भर गया है")
    assert tokens == ["अज्ञात", "उपयोक्ता", "प्राप्तकर्ता", "का", "मेलबॉक्स", "भर", "गया", "है"]
    assert clauses[1] < clauses[2]
