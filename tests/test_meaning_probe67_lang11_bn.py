"""The Bengali meaning words (rules/meaning/bn.toml, probe67-lang11), read in phrasings of our own
(not the samples'), with the owner before its noun in the genitive ("প্রাপকের ঠিকানা") and the
negation after the word ("বৈধ নয়"), and beside them near-misses that must not read so: the
sender's address, domain or account, a failed log-in, a negated state, an unknown error, a
temporary lookup and "unavailable"."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 ব্যবহারকারী অজানা", "userunknown", "userunknown"),
        ("550 ইমেল ঠিকানা বৈধ নয়", "userunknown", "userunknown"),
        ("550 প্রাপক পাওয়া যায়নি", "userunknown", "userunknown"),
        ("550 এই ঠিকানাটি অবৈধ", "userunknown", "userunknown"),
        ("550 প্রাপকের অ্যাকাউন্ট অনুপস্থিত", "userunknown", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 ডোমেইন পাওয়া যায়নি", "hostunknown", "hostunknown"),
        ("550 প্রাপকের ডোমেন অজানা", "hostunknown", "hostunknown"),
        # full (X.2.2)
        ("452 মেইল বক্স পূর্ণ হয়ে গেছে", "mailboxfull", "mailboxfull"),
        ("552 প্রাপকের মেলবাক্সে বরাদ্দ স্থান অতিক্রান্ত হয়েছে", "mailboxfull", "mailboxfull"),
        # disabled (X.2.1)
        ("550 প্রাপকের অ্যাকাউন্ট নিষ্ক্রিয় করা হয়েছে", "suspend", "suspend"),
        ("550 ইমেইল অ্যাকাউন্ট কার্যকর নয়", "suspend", "suspend"),
    ],
)
def test_bengali_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, f"meaning:bn:{entry}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("553 প্রেরকের ঠিকানা বিদ্যমান নয়", "userunknown"),  # the sender's address
        ("553 প্রেরকের ডোমেইন পাওয়া যায়নি", "hostunknown"),  # the sender's domain
        ("550 আপনার অ্যাকাউন্ট নিষ্ক্রিয় করা হয়েছে", "suspend"),  # your (the sender's) account
        ("550 আপনার ঠিকানা অবৈধ", "userunknown"),  # your address
        ("535 প্রমাণীকরণ ব্যর্থ হয়েছে: ব্যবহারকারী অজানা", "userunknown"),  # log-in
        ("535 ব্যবহারকারী নাম বা পাসওয়ার্ড অবৈধ", "userunknown"),
        ("452 মেইলবক্স পূর্ণ নয়", "mailboxfull"),  # negated
        ("550 অ্যাকাউন্ট নিষ্ক্রিয় নয়", "suspend"),
        ("550 ব্যবহারকারী অজানা নয়", "userunknown"),
        ("550 অজানা ত্রুটি", "userunknown"),  # an unknown error
        ("451 অস্থায়ী সমস্যা: ডোমেইন পাওয়া যায়নি", "hostunknown"),  # for now
        ("550 মেইল বক্স উপলব্ধ নয়", "userunknown"),  # unavailable: no verdict
        ("550 দৈনিক পাঠানোর সীমা পূর্ণ: অ্যাকাউন্ট", "mailboxfull"),  # a sending limit
    ],
)
def test_bengali_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
