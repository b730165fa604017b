"""The Hebrew meaning words (rules/meaning/he.toml, probe57-lang5), read in phrasings of our own
(not the samples'), the prefixed forms (ה the, ל to, ב in, ש that, ו and) among them, and
beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 משתמש לא ידוע", "userunknown"),
        ("550 כתובת הדוא\"ל לא נמצאה", "userunknown"),
        ("550 המשתמש אינו קיים", "userunknown"),
        ("550 כתובת הנמען אינה חוקית", "userunknown"),
        ("550 החשבון לא נמצא", "userunknown"),
        ("550 \u200fהנמען לא קיים", "userunknown"),  # a right-to-left mark before it
        # the recipient's domain unknown (X.1.2)
        ("550 הדומיין לא קיים", "hostunknown"),
        ("550 התחום של הנמען לא נמצא", "hostunknown"),  # "של": the recipient's domain
        ("550 שם תחום לא חוקי", "hostunknown"),
        # full (X.2.2)
        ("552 תיבת הדואר מלאה", "mailboxfull"),
        ("552 תיבת הדואר הגיעה למיכסה", "mailboxfull"),
        ("552 לנמען: תיבת הדואר מלאה", "mailboxfull"),  # ל: to the recipient
        # disabled (X.2.1)
        ("550 החשבון מושבת", "suspend"),
        ("550 תיבת הדואר של המשתמש הושבתה", "suspend"),
        ("550 החשבון חסום", "suspend"),
    ],
)
def test_hebrew_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:he:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 כתובת השולח אינה תקנית", "userunknown"),  # the sender's address
        ("550 החשבון שלך הושבת", "suspend"),  # your account
        ("535 שם משתמש או סיסמא לא נכונים", "userunknown"),  # a log-in
        ("535 המשתמש לא קיים או שהסיסמה שגויה", "userunknown"),  # ש + ה: that the password
        ("550 שגיאה לא ידועה עבור הנמען", "userunknown"),  # an unknown error
        ("451 הדומיין לא נמצא באופן זמני", "hostunknown"),  # for now
        ("452 תיבת הדואר אינה מלאה", "mailboxfull"),  # negated
        ("550 הנמען חרג ממכסת השליחה היומית", "mailboxfull"),  # a sending quota
    ],
)
def test_hebrew_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason


def test_hebrew_points_do_not_change_a_word() -> None:
    # vowel points (niqqud) are taken out before a text is cut into words (meaning.MARKS)
    assert read("550 הַנִּמְעָן לא קיים") == read("550 הנמען לא קיים") is not None
    assert read("550 הַנִּמְעָן לֹא נִמְצָא") == ("userunknown", "meaning:he:userunknown")
