"""A notice introduced by 'has failed to be delivered' (NHN Dooray!'s failure notice: "Your
message sent to / a@b / has failed to be delivered.") lists its recipient under a bulleted label
with the address on the next line, and the receiving server's words under a bulleted '* Remote
host said :' (qmail-send's phrase) likewise: both are read. Written here with other hosts,
addresses, bullets and words than the sample, so the reading is shown to generalise; a person
who writes the same sentence is no notice."""

from __future__ import annotations

from bounce_analyzer.api import analyze_bytes

from .conftest import extracted, records


def notice(body: str, sender: str = "Groupware Notice <postmaster@gw.example.net>") -> str:
    return (
        f"From: {sender}\nTo: hana@example.net\nSubject: Failure Notice\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + body
    )


BULLETED = notice(
    "Your message to\nmoon.jiwoo@example.org\nhas failed to be delivered.\n\n"
    "- Recipient :\n  moon.jiwoo@example.org\n\n"
    "- Sent time :\n  2026-11-30T17:02:11\n\n"
    "- Remote host said :\n  550 5.1.1 <moon.jiwoo@example.org>: Recipient address rejected: User unknown\n\n"
    "This is a notification-only address.\n"
)


def test_the_bulleted_recipient_and_its_servers_words_are_read() -> None:
    found = records(BULLETED)
    assert list(found) == ["moon.jiwoo@example.org"]
    assert "User unknown" in found["moon.jiwoo@example.org"].diagnostic
    assert "2026-11-30" not in found["moon.jiwoo@example.org"].diagnostic


def test_the_bulleted_notice_is_classified() -> None:
    verdicts = {v.recipient: v.reason for v in analyze_bytes(BULLETED.encode())}
    assert verdicts == {"moon.jiwoo@example.org": "userunknown"}


def test_remote_host_said_heads_the_reason_without_a_bullet_too() -> None:
    text = notice(
        "Your message has failed to be delivered to the following recipient:\n\n"
        "    park.eun@example.org\n\n"
        "Remote host said:\n    552 5.2.2 Mailbox full\n"
    )
    found = records(text)
    assert list(found) == ["park.eun@example.org"]
    assert "Mailbox full" in found["park.eun@example.org"].diagnostic


def test_a_person_writing_the_sentence_is_no_notice() -> None:
    text = (
        "From: Hana Kim <hana@example.net>\nTo: moon.jiwoo@example.org\nSubject: about the file\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
        "My earlier message to\nmoon.jiwoo@example.org\nhas failed to be delivered, sending again.\n"
    )
    found = extracted(text)
    assert found is None or not found.records
