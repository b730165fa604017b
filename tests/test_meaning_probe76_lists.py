"""Round 76's list refusals (probe76-lists: a list manager's notice that it denied a post, in
Majordomo 2's frame "Your message to the <list> list has been denied for the following
reason(s)"), read in phrasings of our own (not the samples'), and beside them near-misses that
must not read so: a post held for a moderator, a reason the meaning tier reads first (a size, a
bad header), a person's own refusal, a subscription request refused."""

from __future__ import annotations

import pytest

from bounce_analyzer import classify

from .conftest import meaning_of as read
from .conftest import records

RULE = "probe76-lists-post-denied-by-list"


@pytest.mark.parametrize(
    "text",
    [
        ("Your message to the rowing-club list has been denied for the following reason(s): "
         "The postblock flag is set for sam@example.com."),
        "Your posting to the Astro.Talk mailing list was refused.",
        "Your post to the open-data mailing-list was rejected: Duplicate Message Checksum",
        ("Your message to the swim-team list has been denied for the following reason(s): "
         "More than 4 messages posted out of the last 12."),
    ],
)
def test_probe76_lists_post_denied_read(text: str) -> None:
    found = classify(text)
    assert (found.reason, found.rule) == ("filtered", RULE)


@pytest.mark.parametrize(
    "text",
    [
        # a post waiting for a moderator is no refusal
        "Your message to the rowing-club list has been held for moderator approval.",
        # a person, not a list, refusing
        "Your message to Sam has been rejected by the recipient.",
        # a subscription, not a post
        "Your request to join the rowing-club list has been denied.",
    ],
)
def test_probe76_lists_near_misses(text: str) -> None:
    assert classify(text).rule != RULE


def test_probe76_lists_reasons_read_first() -> None:
    # a size or a malformed message in the reasons decides before the refusal's frame
    sized = classify("Your message to the rowing-club list has been denied for the following "
                     "reason(s): The message body is too long (90211 > 40000)")
    assert sized.reason == "mesgtoobig"
    headers = classify("Your message to the rowing-club list has been denied for the following "
                       "reason(s): The message headers are too large (20480 > 12000)")
    assert headers.reason == "contenterror"


def test_a_list_named_in_quotes_in_the_subject_is_the_list_address() -> None:
    # Ecartis names the list in single quotes: "Set NOPOST on list 'x'"; other hosts than the sample
    notice = (
        "From: Ecartis <ecartis@lists.example.org>\nTo: poster@example.com\n"
        "Subject: Set NOPOST on list 'gardening'\n\n"
        "Your post to list 'gardening' could not be processed.\n\n"
        "You are set NOPOST for this list.  Users who are set NOPOST cannot\n"
        "post to the list.\n"
    )
    found = records(notice)
    assert list(found) == ["gardening@lists.example.org"]


@pytest.mark.parametrize(
    "text",
    ["Users flagged so cannot post to the list", "550 You can't post to this list"],
)
def test_a_poster_who_cannot_post_to_a_list_is_filtered(text: str) -> None:
    assert read(text) == ("filtered", "meaning:en:filtered")
