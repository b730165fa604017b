"""A list server's DSN that a post went to its moderators, sent as a delay (Sympa 6.2.72's
'Status: 4.3.0', 'Action: delayed'), is no failure: the RFC 3464 reader reads it as delivered
(rules/lists.toml [[moderation_hold]]). Found by round 36's audit of automatic replies
(probe36-autoaudit): the delay gave the list a soft 'expired' row for every moderated post."""

from __future__ import annotations

from pathlib import Path

import pytest

from bounce_analyzer import parse
from bounce_analyzer.extract import extract
from bounce_analyzer.extract.rfc3464 import RFC3464
from bounce_analyzer.marks import _read_list_marks, load_list_marks
from bounce_analyzer.pipeline import Options, analyze

DSN = """From: SYMPA <sympa-request@lists.example.org>
To: walter@example.com
Subject: {subject}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

{text}

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; lists.example.org

Final-Recipient: rfc822; research-l@lists.example.org
Action: {action}
Status: {status}
Diagnostic-Code: X-Sympa; {diag}

--B
Content-Type: message/rfc822

From: Walter <walter@example.com>
To: research-l@lists.example.org
Subject: Call for papers
Message-ID: <cfp-1@example.com>

{returned}
--B--
"""

HELD_EN = "Your message to the list 'research-l' has been forwarded to the moderator(s)"


def read(text: str, action: str = "delayed", status: str = "4.3.0",
         diag: str = "Other or undefined mail system status", returned: str = "Hello list.",
         subject: str = "Message distribution: Forwarded"):
    raw = DSN.format(text=text, action=action, status=status, diag=diag, returned=returned,
                     subject=subject)
    found = extract(parse.parse_bytes(raw.encode("utf-8")))
    assert found is not None and found.mta == RFC3464.name
    return found


@pytest.mark.parametrize("text", [
    "This is an automatic response sent by Sympa Mailing Lists Manager.\n" + HELD_EN,
    (
        "Ceci est une réponse automatique du robot de listes Sympa.\n"
        "Votre message pour la liste research-l a été transmis\nau(x) modérateur(s)"
    ),
    "あなたが research-l メーリングリスト宛てに送ったメッセージを、モデレータ (たち) に回送しました。",
    "Ваше сообщение для рассылки 'research-l' было переслано модераторам",
])
def test_a_delay_that_says_the_post_went_to_the_moderators_is_delivered(text: str) -> None:
    [record] = read(text).records
    assert record.action == "delivered"


def test_it_gives_no_failure_row_and_a_delivered_row_on_request(tmp_path: Path) -> None:
    raw = DSN.format(text=HELD_EN, action="delayed", status="4.3.0", diag="x", returned="Hi.",
                     subject="Message distribution: Forwarded")
    sample = tmp_path / "held.eml"
    sample.write_text(raw, encoding="utf-8")
    assert list(analyze([str(sample)], Options())) == []
    [row] = list(analyze([str(sample)], Options(include_delivered=True)))
    assert row.as_dict()["reason"] == "delivered"


def test_an_ordinary_delay_stays_a_delay() -> None:
    [record] = read("Your message has not been delivered yet; the server will keep trying.",
                    status="4.4.1", diag="smtp; 421 4.4.1 Connection timed out").records
    assert record.action == "delayed"


def test_a_refusal_worded_near_a_hold_stays_a_failure() -> None:
    # only a delay is read so: a failed record is a failure whatever its text says
    [record] = read(HELD_EN + "\nbut the moderator rejected it.", action="failed", status="5.7.1",
                    diag="You are not allowed to send this message").records
    assert record.action == "failed"


def test_the_words_in_the_returned_post_do_not_count() -> None:
    [record] = read("Delivery to the list is delayed.", status="4.3.0",
                    returned="Please note this was " + "forwarded to the moderator" + "s earlier.").records
    assert record.action == "delayed"


def test_the_phrases_are_lower_case_and_an_entry_needs_a_source() -> None:
    phrases = load_list_marks().moderation_holds
    assert "forwarded to the moderator" in phrases
    assert all(p == " ".join(p.lower().split()) for p in phrases)
    with pytest.raises(ValueError):
        _read_list_marks('[[moderation_hold]]\nid = "x"\nphrases = ["held"]\n')
