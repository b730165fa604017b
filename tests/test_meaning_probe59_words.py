"""Round 59's English meaning words (probe59-words: ImprovMX's database and forwarding-set-up
errors, an account at its storage limit, a list that takes posts only from its members or
refuses a post by its owner's rule, a list program's own exception), read in phrasings of our
own (not the samples'), and beside them near-misses that must not read so: a negation, a
sending limit, the address itself, a list described rather than a post refused."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # an account or mailbox at its storage limit
        ("552 The account for kim has reached its storage limit", "mailboxfull",
         "meaning:en:mailboxfull"),
        ("Mailbox storage limit reached for this user, try later", "mailboxfull",
         "meaning:en:mailboxfull"),
        ("452 Recipient account over its storage limit", "mailboxfull",
         "meaning:en:mailboxfull"),
        ("The user's account storage limit is reached", "mailboxfull", "meaning:en:mailboxfull"),
        # the receiving side's set-up said to have an issue or a problem
        ("451 Mail routing configuration problem on this host, please retry", "systemerror",
         "meaning:en:systemerror"),
        ("550 Alias configuration issue: could not read the forwarding target", "systemerror",
         "meaning:en:systemerror"),
        # data said corrupted is the receiver's store, even beside an address word
        ("451 Lookup returned corrupted data for the recipient address", "systemerror",
         "meaning:en:systemerror"),
        ("Our directory holds a corrupted entry for this mailbox", "systemerror",
         "meaning:en:systemerror"),
        # a list that takes posts from its members only
        ("Only list members may post to this list", "filtered", "meaning:en:filtered"),
        ("Sorry, only members of this list can send to it", "filtered", "meaning:en:filtered"),
        ("This list is set so that only members can post", "filtered", "meaning:en:filtered"),
        # a post refused by a rule of the list's owner
        ("Your post hit a rule set up by the list owner and was refused", "filtered",
         "meaning:en:filtered"),
        ("Denied: the message matched a rule set up for this group", "filtered",
         "meaning:en:filtered"),
        # a program's own exception is the receiving system's trouble
        ("Delivery failed because of an unhandled exception in the list software", "systemerror",
         "meaning:en:systemerror"),
        ("451 Internal exception while processing your message", "systemerror",
         "meaning:en:systemerror"),
    ],
)
def test_probe59_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # a negation, and a limit of sending, are not a full mailbox
        ("There is no storage limit on this account", "mailboxfull"),
        ("Your account has reached its storage limit for sending today", "mailboxfull"),
        ("Daily sending storage limit of the account exceeded", "mailboxfull"),
        # the address itself not valid stays the address's: "corrupted" is not in the sentence
        ("550 Invalid recipient address", "systemerror"),
        # a list named without a posting rule says nothing of a filter
        ("550 Mailing list members count exceeded", "filtered"),
        # a list described, not a rule that refused the post
        ("This list was set up by the list owner last year", "filtered"),
        # the recipient unknown is still the recipient unknown
        ("550 The recipient account does not exist", "systemerror"),
    ],
)
def test_probe59_words_near_misses(text: str, not_reason: str) -> None:
    found = read(text)
    assert found is None or found[0] != not_reason


def test_probe59_invalid_data_is_not_an_unknown_user() -> None:
    # ImprovMX's 5.9.3 in other words: "invalid" beside "recipient" would read an unknown
    # address, but corrupted data is the receiving system's own trouble
    found = read("Database error: invalid or corrupted data returned for the recipient's domain")
    assert found is not None and found[0] == "systemerror"
