"""Reading Japanese services' returned-mail notices (probe round 17, jpisp): an address with a
Japanese particle written straight after it, a notice an automatic process sent
(Auto-Submitted: auto-generated) with no daemon sender, the sentence that says why below the
recipient's line (Japanese puts the cause before the verb), and Hitachi Groupmax Mail - SMTP's
English one-line account. Written with other wording, hosts and layouts than the samples."""

from __future__ import annotations

from bounce_analyzer.addresses import find_addresses, normalise_address
from bounce_analyzer.api import analyze_bytes

from .conftest import extracted, records


def test_a_particle_after_an_address_is_not_its_domain() -> None:
    assert normalise_address("kato@example.co.jpのメールボックス") == "kato@example.co.jp"
    assert normalise_address("kato@example.co.jp宛のメール") == "kato@example.co.jp"
    assert find_addresses("送信先 kato@example.co.jpにより拒否されました") == ["kato@example.co.jp"]


def test_an_internationalised_domain_stays_whole() -> None:
    assert normalise_address("kato@例え.jp") == "kato@例え.jp"
    assert normalise_address("kato@ドメイン名例.jp") == "kato@ドメイン名例.jp"


def service_notice(body: str, auto_submitted: str = "auto-generated") -> str:
    return (
        "From: Keiyaku Service <info@service.example.jp>\n"
        "To: somu@example.co.jp\nSubject: =?UTF-8?B?44GK55+l44KJ44Gb?=\n"
        + (f"Auto-Submitted: {auto_submitted}\n" if auto_submitted else "")
        + "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + body
    )


BODY = (
    "以下のメールは送信に失敗しました。\n\n"
    "宛先: mori@example.org\n"
    "日時: 2026/12/01 10:00\n\n"
    "送信先のサーバーでメールボックスがいっぱいのため、お届けできませんでした。\n\n"
    "宛先: abe@example.net\n\n"
    "abe@example.netのアドレスは存在しないため、お届けすることができませんでした。\n"
)


def test_an_automatic_services_notice_gives_each_recipient_the_sentence_below_it() -> None:
    found = records(service_notice(BODY))
    assert list(found) == ["mori@example.org", "abe@example.net"]
    assert "いっぱい" in found["mori@example.org"].diagnostic
    assert "存在しない" in found["abe@example.net"].diagnostic
    assert "いっぱい" not in found["abe@example.net"].diagnostic
    verdicts = {v.recipient: v.reason for v in analyze_bytes(service_notice(BODY).encode("utf-8"))}
    assert verdicts == {"mori@example.org": "mailboxfull", "abe@example.net": "userunknown"}


def test_the_same_words_from_a_person_are_no_notice() -> None:
    found = extracted(service_notice(BODY, auto_submitted=""))
    assert found is None or not found.records


def test_a_paragraph_naming_another_address_is_not_the_recipients_account() -> None:
    body = (
        "以下のメールは送信に失敗しました。\n\n"
        "宛先: mori@example.org\n\n"
        "sato@example.netへの転送もお届けできませんでした。\n"
    )
    found = records(service_notice(body))
    assert "sato@example.net" not in found.get("mori@example.org").diagnostic


def test_a_groupmax_conversion_failure_names_its_cause() -> None:
    text = (
        "From: postmaster@gw.example.co.jp\nTo: ueno@example.ne.jp\n"
        "Subject: Conversion failure : OriginatorName is not available.\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n"
        "Conversion failure : OriginatorName is not available.\n\n"
        "Recipient: <kudo@example.co.jp>\n"
    )
    found = records(text)
    assert list(found) == ["kudo@example.co.jp"]
    assert "OriginatorName is not available" in found["kudo@example.co.jp"].diagnostic
