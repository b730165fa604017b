"""A list server's notice that it refused a post (probe round 18, lists): known by the Subject
that names the list (rules/lists.toml), one failure row for the list's address, the reason from
the notice's words; a notice that the post waits for a moderator is no failure. Written with
other lists, hosts and wording than the samples."""

from __future__ import annotations

from bounce_analyzer.api import analyze_bytes
from bounce_analyzer.marks import load_list_marks

from .conftest import extracted, records


def notice(sender: str, subject: str, body: str, extra: str = "") -> str:
    return (
        f"From: {sender}\nTo: poster@example.com\nSubject: {subject}\n{extra}"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n" + body
    )


def verdicts(text: str) -> dict[str, str]:
    return {v.recipient: v.reason for v in analyze_bytes(text.encode("utf-8"))}


def test_every_refusal_subject_has_a_prefix_or_a_suffix() -> None:
    refusals = load_list_marks().post_refusals
    assert refusals
    assert all(prefix.strip() or suffix.strip() for _, prefix, suffix in refusals)
    assert any(not prefix for _, prefix, _ in refusals)  # mlmmj's "<list> is a ... list"


def test_a_subject_that_starts_with_the_list_takes_it_only_as_an_address() -> None:
    body = ("This is the list program of the choir list. You are not on the list, and only\n"
            "people on it may write to it.\n")
    text = notice("choir+owner@lists.example.net",
                  "Choir@Lists.Example.NET is a subscribers only list", body)
    assert list(records(text)) == ["Choir@lists.example.net"]
    # the same ending after a name that is no address: any sentence could end so
    named = notice("choir+owner@lists.example.net", "Choir is a subscribers only list", body)
    found = extracted(named)
    assert found is None or not found.records


def test_a_list_named_as_an_address_in_the_subject_is_the_recipient() -> None:
    text = notice(
        "LISTSERV@LISTS.EXAMPLE.ORG", "Rejected posting to HIST-GRAD@LISTS.EXAMPLE.ORG",
        "You are not authorized to post to the HIST-GRAD list from your poster@example.com\n"
        "account. Please contact the list owners.\n",
    )
    assert list(records(text)) == ["HIST-GRAD@lists.example.org"]
    assert verdicts(text) == {"HIST-GRAD@lists.example.org": "filtered"}


def test_a_list_named_by_its_name_takes_the_senders_domain() -> None:
    text = notice(
        "Majordomo <majordomo@groups.example.net>", "Denied post to the rowing mailing list",
        "Your message to rowing has been rejected\nfor the following reason(s):\n\n"
        "The message body is too long (120000 > 65536)\n",
    )
    assert verdicts(text) == {"rowing@groups.example.net": "mesgtoobig"}


def test_a_post_waiting_for_a_moderator_is_no_failure() -> None:
    text = notice(
        "Majordomo <majordomo@groups.example.net>", "Stalled post to the rowing mailing list",
        "Your message to rowing has been delayed, and requires the approval\nof the moderators, "
        "for the following reason(s):\n\nThe message body is too long (120000 > 65536)\n",
    )
    found = extracted(text)
    assert found is None or not found.records


def test_a_subject_that_names_no_list_gives_no_row() -> None:
    text = notice("LISTSERV@LISTS.EXAMPLE.ORG", "Rejected posting to the committee",
                  "Your message cannot be distributed.\n")
    found = extracted(text)
    assert found is None or not found.records


def test_mailman_21s_unquoted_refusal_subject_is_a_refused_post() -> None:
    extra = "X-Mailman-Version: 2.1.29\nX-BeenThere: garden@lists.example.net\n"
    body = (
        "Your request to the Garden mailing list\n\n    Posting of your message titled "
        "\"Seed swap\"\n\nhas been rejected by the list moderator.  The moderator gave the\n"
        "following reason for rejecting your request:\n\n\"No reason given\"\n"
    )
    text = notice("garden-bounces@lists.example.net", "Request to mailing list Garden rejected",
                  body, extra)
    assert verdicts(text) == {"garden@lists.example.net": "filtered"}
    subscription = body.replace("Posting of your message titled \"Seed swap\"",
                                "Subscription request")
    found = extracted(notice("garden-bounces@lists.example.net",
                             "Request to mailing list Garden rejected", subscription, extra))
    assert found is None or not found.records
