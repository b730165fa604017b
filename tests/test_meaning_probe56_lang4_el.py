"""The Greek meaning words (rules/meaning/el.toml, probe56-lang4), read in phrasings of our own
(not the samples'), in lower and upper case, and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # the recipient's address or account unknown (RFC 3463 X.1.1)
        ("550 Ο χρήστης δεν υπάρχει", "userunknown"),
        ("550 Άγνωστος παραλήπτης", "userunknown"),
        ("550 Η διεύθυνση δε βρέθηκε", "userunknown"),
        ("550 Μη έγκυρη διεύθυνση παραλήπτη", "userunknown"),
        ("550 ΑΓΝΩΣΤΟΣ ΧΡΗΣΤΗΣ", "userunknown"),  # capitals: Σ at a word's end lowers to ς
        ("550 ΤΟ ΓΡΑΜΜΑΤΟΚΙΒΩΤΙΟ ΔΕΝ ΥΠΑΡΧΕΙ", "userunknown"),
        # the recipient's domain unknown (X.1.2)
        ("550 Ο τομέας του παραλήπτη δεν υπάρχει", "hostunknown"),
        ("550 Άγνωστο domain", "hostunknown"),
        # full (X.2.2)
        ("552 Το γραμματοκιβώτιο του παραλήπτη είναι πλήρες", "mailboxfull"),
        ("452 Η ΘΥΡΙΔΑ ΕΙΝΑΙ ΓΕΜΑΤΗ", "mailboxfull"),
        ("452 Ο χρήστης έχει υπερβεί το όριο", "mailboxfull"),
        # disabled (X.2.1)
        ("550 Ο λογαριασμός έχει απενεργοποιηθεί", "suspend"),
        ("550 Ο λογαριασμός του χρήστη έχει ανασταλεί", "suspend"),
    ],
)
def test_greek_words_read(text: str, reason: str) -> None:
    assert read(text) == (reason, f"meaning:el:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("550 Η διεύθυνση του αποστολέα δεν υπάρχει", "userunknown"),  # the sender's address
        ("535 Ο χρήστης δεν υπάρχει ή ο κωδικός πρόσβασης είναι λάθος", "userunknown"),  # a log-in
        ("535 Λάθος όνομα ή συνθηματικό χρήστη", "userunknown"),  # a log-in
        ("451 Ο τομέας προσωρινά δεν βρέθηκε", "hostunknown"),  # for now
        ("452 Η θυρίδα δεν είναι γεμάτη", "mailboxfull"),  # negated
        ("552 Ο χρήστης έχει υπερβεί το όριο αποστολής", "mailboxfull"),  # a sending limit
        ("550 Ο λογαριασμός σας έχει απενεργοποιηθεί", "suspend"),  # the sender's own account
        ("550 Άγνωστο σφάλμα χρήστη", "userunknown"),  # an unknown error
    ],
)
def test_greek_near_misses_do_not_read_so(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason
