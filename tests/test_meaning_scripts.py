"""How the meaning tier cuts words of scripts whose letters carry marks: the scripts of India
write vowels as marks beside consonants, Arabic and Hebrew may write vowel marks, and each
has its own sentence ends (meaning.RUN, MARKS, SENTENCE_END)."""

from __future__ import annotations

import pytest

from bounce_analyzer.meaning import fold, tokenise


@pytest.mark.parametrize(
    "word",
    [
        "प्राप्तकर्ता",  # Hindi: recipient (vowel signs, virama)
        "মেইলবক্স",  # Bengali: mailbox
        "பெறுநர்",  # Tamil: recipient
        "ಸ್ವೀಕರಿಸುವವರು",  # Kannada: recipients
    ],
)
def test_a_word_of_an_indian_script_is_one_token(word: str) -> None:
    assert tokenise(f"550 {word} x")[0] == ["", fold(word), "x"]


def test_the_danda_and_the_arabic_question_mark_end_a_clause() -> None:
    assert tokenise("पता नहीं है। ठीक")[1] == [0, 0, 0, 1]
    assert tokenise("غير موجود؟ نعم")[1] == [0, 0, 1]
    assert tokenise("unknown, but fine")[1] == [0, 0, 0]  # a comma pauses, it ends nothing


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("BAD_RECIPIENT", ["bad", "recipient"]),
        ("user__unknown_", ["user", "unknown"]),
        ("MailboxNotFound", ["mailbox", "not", "found"]),
        ("x" * 70, ["x" * 64, "x" * 6]),  # a run stops at 64 characters, as before
    ],
)
def test_underscores_and_case_still_split_words(text: str, tokens: list[str]) -> None:
    assert tokenise(text)[0] == tokens


@pytest.mark.parametrize(
    ("marked", "plain"),
    [
        ("الْمُسْتَخْدِمُ", "المستخدم"),  # harakat
        ("المستخــدم", "المستخدم"),  # tatweel
        ("הַנִּמְעָן", "הנמען"),  # niqqud
        ("كاربر", "کاربر"),  # Arabic kaf and yeh, Persian keheh and yeh
    ],
)
def test_marks_and_shared_letters_fold_to_one_token(marked: str, plain: str) -> None:
    assert tokenise(marked)[0] == tokenise(plain)[0]
    assert len(tokenise(marked)[0]) == 1
