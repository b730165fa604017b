"""The notice words probe round 27 (Japanese ISPs and groupware) added, read in notices of our
own (other hosts, addresses and layout than the samples): Hitachi Groupmax Mail - SMTP's error
mails whose only account is their subject repeated as the first line, 'Delivary Report(Failer)'
(spelled so: the mapped user is not in the groupware's address server) and 'Returned mail:
smtp_gw conversion fail.' (any other mail the gateway cannot take). The line is the recipient's
reason; the same words from a person are no notice."""

from __future__ import annotations

import pytest

from bounce_analyzer.api import analyze_bytes

from .conftest import extracted, records


def gateway_notice(line: str, sender: str = "Mail-SMTP <postmaster@gw.example.org>") -> str:
    return (
        f"From: {sender}\nTo: kudo@example.net\nSubject: {line}\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n"
        f"{line}\n\nRecipient: <sakai@example.org>\n"
    )


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Delivary Report(Failer)", "userunknown"),
        ("Returned mail: smtp_gw conversion fail.", "systemerror"),
        ("Conversion failure : OriginatorName is not available.", "rejected"),
    ],
)
def test_the_gateways_subject_line_is_the_recipients_account(line: str, reason: str) -> None:
    found = records(gateway_notice(line))
    assert list(found) == ["sakai@example.org"]
    assert line.rstrip(".") in found["sakai@example.org"].diagnostic
    verdicts = {v.recipient: v.reason for v in analyze_bytes(gateway_notice(line).encode())}
    assert verdicts == {"sakai@example.org": reason}


def test_the_same_line_from_a_person_is_no_notice() -> None:
    found = extracted(gateway_notice("Delivary Report(Failer)", sender="Kudo <kudo@example.net>"))
    assert found is None or not found.records
