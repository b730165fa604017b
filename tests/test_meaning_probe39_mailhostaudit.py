"""The meaning words probe round 39 (mailhostaudit: independent mail hosts' documented replies)
added, read in phrasings of our own (not the samples'), and beside them the near-misses that
must not read so.

A receiving service that says it is shutting down, or that it could not save the message it
took, names its own trouble: a system error, whatever its status code says (Migadu's Sora mail
store answers "421 4.2.1 service shutting down" and "421 4.4.2 failed to save message: ...",
where 4.2.1 alone would read as a disabled mailbox and 4.4.2 as a lost connection). A mailbox
that is full stays full, and a lost connection with no such words stays a network error."""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "421 4.2.1 Service shutting down, try again later",
        "421 4.3.2 The server is shutting down for maintenance",
        "451 4.4.2 failed to store message: database timeout",
        "421 4.4.2 could not save message to mailbox store",
    ],
)
def test_a_service_stopping_or_failing_to_save_is_a_system_error(text: str) -> None:
    assert reason_of(text) == "systemerror"


@pytest.mark.parametrize(
    "text,reason",
    [
        ("452 4.2.2 failed to store message: mailbox is full", "mailboxfull"),
        ("421 4.4.2 Connection dropped while reading message data", "networkerror"),
        ("550 5.2.1 Mailbox disabled, not accepting messages", "suspend"),
    ],
)
def test_near_misses_keep_their_own_reason(text: str, reason: str) -> None:
    assert reason_of(text) == reason
