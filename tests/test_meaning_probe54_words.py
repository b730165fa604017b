"""What probe round 54 taught the meaning tier (bounce_analyzer/meaning.py and rules/meaning/),
read in phrasings of our own (not the rules' examples), and beside them near-misses that must not
read so."""

from __future__ import annotations

import pytest

from bounce_analyzer import meaning
from bounce_analyzer import rules as rulebook

from .conftest import meaning_of, reason_of


# An address said to be out of use together with where to write now: the mailbox has moved and
# the words name its new address, RFC 5321's 551 "User not local; please try <forward-path>"
# (RFC 3463 X.1.6). The entries' `needs` ask for a word of writing elsewhere nearby.
@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("550 This mailbox is no longer used, write to kim.new@example.com", "meaning:en:hasmoved-write-to"),
        ("550 <kim@example.com>: address no longer valid; use kim@example.org instead",
         "meaning:en:hasmoved-write-to"),
        ("Die Adresse wird nicht mehr verwendet, schreiben Sie an kim@example.de",
         "meaning:de:hasmoved-write-to"),
        ("L'adresse n'est plus valide, écrivez désormais à kim@example.fr", "meaning:fr:hasmoved-write-to"),
        ("La dirección ya no se utiliza, escriba a kim@example.es", "meaning:es:hasmoved-write-to"),
        ("Адрес более не используется, напишите на kim@example.ru", "meaning:ru:hasmoved-write-to"),
        ("Het adres is niet meer in gebruik, schrijf naar kim@example.nl", "meaning:nl:hasmoved-write-to"),
    ],
)
def test_an_address_out_of_use_with_where_to_write_now_has_moved(text: str, entry: str) -> None:
    assert meaning_of(text) == ("hasmoved", entry)


@pytest.mark.parametrize(
    "text",
    [
        # out of use, and nothing said of where to write: the address is gone
        "550 This address is no longer in use",
        "550 5.1.1 <kim@example.com> is no longer valid",
        "Diese Adresse ist nicht mehr gültig",
        "Esta dirección ya no está en uso",
        # the writing word too far from the words (past the window)
        "550 Mailbox no longer in use; our office has one more address for orders, please write there",
        # "write" said of another thing before: the recipient is unknown first
        "550 User unknown. Please write to postmaster@example.com",
    ],
)
def test_an_address_out_of_use_alone_stays_unknown(text: str) -> None:
    assert reason_of(text) == "userunknown"


def test_needs_is_a_single_word_list_of_word_files_only() -> None:
    problems: list[rulebook.Problem] = []
    checker = meaning._Builder(problems)
    checker.add_entry(
        "xx.toml", "xx", True,
        {"id": "meaning:xx:t", "reason": "hasmoved", "subjects": ["recipient"],
         "predicates": ["gone"], "needs": ["write to"], "source": ["x"]},
    )
    checker.add_entry(
        "yy.toml", "yy", False,
        {"id": "meaning:yy:t", "reason": "hasmoved", "subjects": ["recipient"],
         "predicates": ["gone"], "needs": ["write"], "source": ["x"]},
    )
    messages = [p.message for p in problems]
    assert any("single words" in m for m in messages)
    assert any("needs: only in files of script 'words'" in m for m in messages)


def test_needs_survives_the_file_cache() -> None:
    loaded = meaning.load()
    again = meaning.undump(meaning.dump(loaded))
    ids = {e.id: e for e in again.entries}
    assert ids["meaning:en:hasmoved-write-to"].needs == frozenset(
        {"write", "instead", "henceforth", "forward", "forwarded"}
    )


# The recipient refused and nothing more said (Exchange Online's bare "Recipient address
# rejected", Alibaba Mail's "521 Recipient address rejected", YOKOHAMA CATV's "<recipient
# rejected>"): the address is not there. Only where the words end the clause (`at_end`).
@pytest.mark.parametrize(
    "text",
    [
        "554 Recipient address rejected",
        "550 5.1.1 <kim@example.net>: recipient refused",
        "553 the recipient was rejected",
    ],
)
def test_a_recipient_rejected_and_nothing_more_is_unknown(text: str) -> None:
    assert meaning_of(text) == ("userunknown", "meaning:en:userunknown-rejected-bare")


@pytest.mark.parametrize(
    "text",
    [
        # the words go on to say why: those words decide
        "550 Recipient address rejected: Mailbox full",
        "554 5.7.1 <kim@example.net>: Recipient address rejected: Access denied",
        "450 4.1.2 <kim@example.net>: Recipient address rejected: Malformed DNS server reply",
        # a sender named before: the sender's refusal
        "552 5.2.2 Sender/Recipient rejected",
        # next to a policy, a pause or the sender, in the next sentence
        "550 5.7.1 Recipient rejected. Sender blocked by policy.",
        "450 Recipient rejected. Greylisted, please try again later",
        # no recipient word: a message refused says nothing of the address
        "550 Your message to kim@example.net was rejected",
    ],
)
def test_a_recipient_rejected_with_more_said_is_not_read_unknown_by_it(text: str) -> None:
    assert meaning_of(text) != ("userunknown", "meaning:en:userunknown-rejected-bare")


def test_at_end_is_a_flag_of_word_files_and_alone_forms_may_stand_alone() -> None:
    problems: list[rulebook.Problem] = []
    builder = meaning._Builder(problems)
    builder.add_entry(
        "xx.toml", "xx", True,
        {"id": "meaning:xx:ok", "reason": "userunknown", "alone": ["gone away"],
         "at_end": True, "source": ["x"]},
    )
    assert problems == []  # an entry about the recipient may say its reason alone
    builder.add_entry(
        "xx.toml", "xx", True,
        {"id": "meaning:xx:bad", "reason": "userunknown", "alone": ["gone"], "at_end": "yes",
         "source": ["x"]},
    )
    builder.add_entry(
        "yy.toml", "yy", False,
        {"id": "meaning:yy:bad", "reason": "userunknown", "alone": ["gone"], "at_end": True,
         "source": ["x"]},
    )
    messages = [p.message for p in problems]
    assert "at_end: true or false" in messages
    assert "at_end: only in files of script 'words'" in messages
    loaded = meaning.undump(meaning.dump(meaning.load()))
    assert {e.id: e for e in loaded.entries}["meaning:en:userunknown-rejected-bare"].at_end


# The envelope sender not the logged-in user's (RFC 6409 sections 4.1 and 6.1): iRedAPD's
# reject_sender_login_mismatch "Sender is not same as SMTP authenticate username", which
# Postfix puts after "Recipient address rejected:" as a policy service's answer.
@pytest.mark.parametrize(
    "text",
    [
        "554 5.7.1 <kim@example.org>: Recipient address rejected: Sender is not same as SMTP authenticate username",
        "553 Envelope from is not the same as authenticated user kim",
        "550 your sender is not same as authenticated username",
    ],
)
def test_a_sender_not_the_logged_in_users_is_refused(text: str) -> None:
    assert meaning_of(text) == ("rejected", "meaning:en:rejected")


def test_a_sender_the_same_as_the_logged_in_user_is_no_refusal() -> None:
    assert meaning_of("250 Sender is the same as the authenticated user") is None


# A mailbox holding as many messages as it may: a quota on the count (Dovecot's "Too many
# messages in the mailbox", vmailmgr's vcheckquota(1), Microsoft Mail's full mailbag).
@pytest.mark.parametrize(
    "text",
    [
        "552 5.2.2 Mailbox contains too many messages",
        "452 4.2.2 <kim@example.net>: too many messages in the recipient's inbox",
        "550 The mailbox has too many messages, delete some",
    ],
)
def test_a_mailbox_with_too_many_messages_is_full(text: str) -> None:
    assert meaning_of(text) == ("mailboxfull", "meaning:en:mailboxfull-count")


@pytest.mark.parametrize(
    "text",
    [
        # a time, a rate or the sending side: how fast, not how many are kept
        "450 Too many messages to this mailbox in the last hour",
        "421 Too many messages from your IP, slow down",
        "550 Sender mailbox sent too many messages today",
    ],
)
def test_too_many_messages_in_time_is_no_full_mailbox(text: str) -> None:
    assert reason_of(text) != "mailboxfull"
