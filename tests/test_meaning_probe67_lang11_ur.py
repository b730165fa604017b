"""The Urdu meaning words (rules/meaning/ur.toml, probe67-lang11), read in phrasings of our own
(not the samples'), with the owner before its noun ("وصول کنندہ کا پتہ") and "نہیں" before the
verb ("نہیں مل سکا"), and beside them near-misses that must not read so: the sender's address or
account, a failed log-in, a negated state, a sending limit; and the words Urdu shares with
Persian, read from fa.toml."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 صارف نہیں مل سکا", "userunknown", "userunknown"),
        ("550 ای میل پتہ موجود نہیں ہے", "userunknown", "userunknown"),
        ("550 وصول کنندہ کا پتہ غلط ہے", "userunknown", "userunknown"),
        ("550 یہ اکاؤنٹ موجود نہیں", "userunknown", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 وصول کنندہ کا ڈومین موجود نہیں ہے", "hostunknown", "hostunknown"),
        # full (X.2.2)
        ("452 میل باکس بھر چکا ہے", "mailboxfull", "mailboxfull"),
        ("552 وصول کنندہ کا اکاؤنٹ بھر گیا", "mailboxfull", "mailboxfull"),
        # disabled (X.2.1)
        ("550 وصول کنندہ کا اکاؤنٹ بند کر دیا گیا ہے", "suspend", "suspend"),
    ],
)
def test_urdu_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, f"meaning:ur:{entry}")


def test_urdu_disabled_reads_from_persian() -> None:
    # "غیر فعال" is spelt as fa.toml's predicate and stays there; the subject is Urdu's
    assert read("550 ای میل اکاؤنٹ غیر فعال ہے") == ("suspend", "meaning:fa:suspend")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("553 بھیجنے والے کا پتہ موجود نہیں", "userunknown"),  # the sender's address
        ("550 آپ کا اکاؤنٹ بند کر دیا گیا ہے", "suspend"),  # your (the sender's) account
        ("550 آپ کا ای میل پتہ غلط ہے", "userunknown"),  # your address
        ("535 ای میل پتہ یا پاس ورڈ غلط ہیں", "userunknown"),  # log-in
        ("535 لاگ ان ناکام: صارف نہیں مل سکا", "userunknown"),
        ("535 صارف نام یا پاسورڈ غلط ہے", "userunknown"),
        ("550 پتہ غلط نہیں ہے", "userunknown"),  # negated
        ("452 آج کے لیے بھیجنے کی حد بھر گئی ہے، اکاؤنٹ", "mailboxfull"),  # a sending limit
    ],
)
def test_urdu_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
