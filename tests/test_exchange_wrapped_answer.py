"""An Exchange NDR's answer line as it reaches us: wrapped over the next line (its closing quote
or "##" on a later line), a hashed answer without its "##", and "smtp; 550" with a space in the
angled form. Each is read under a localized heading too, where a recipient counts only when an
answer stands under it."""

from __future__ import annotations

from bounce_analyzer.extract.exchange_online import first_answered, read_answer

from .conftest import records

HEAD = """\
From: postmaster@example.ru
To: sales@example.ru
Subject: Undeliverable: Offer
Content-Type: text/plain; charset=utf-8

"""


def test_a_wrapped_returned_answer_is_read_whole() -> None:
    found = records(
        HEAD
        + "Diagnostic information for administrators:\n\nGenerating server: mbx01.example.ru\n\n"
        "emre@example.net\nRemote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound;\n"
        "not found'\n\nOriginal message headers:\n\nTo: emre@example.net\n"
    )
    record = found["emre@example.net"]
    assert record.diagnostic == "550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found"
    assert (record.reply_code, record.status) == ("550", "5.1.10")


def test_a_wrapped_answer_under_a_localized_heading_finds_the_section() -> None:
    text = (
        "Диагностические сведения для администраторов:\n\nФормирующий сервер: mbx01.example.ru\n\n"
        "anna@example.net\nmx1.example.net\n"
        "Remote Server returned '550 5.1.1 <anna@example.net>: Recipient address rejected:\n"
        "User unknown in virtual mailbox table'\n"
    )
    assert first_answered(text) == text.index("anna@")
    record = records(HEAD + text)["anna@example.net"]
    assert record.diagnostic.endswith("User unknown in virtual mailbox table")


def test_a_hashed_answer_without_its_closing_marks_is_read_to_the_lines_end() -> None:
    found = records(
        HEAD + "Диагностические сведения для администраторов:\n\n"
        "ivan@example.net\n"
        "#554-5.2.2 mailbox full 554 5.2.2 STOREDRV Deliver.Exception:QuotaExceededException\n"
        "petr@example.net\n#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##\n"
    )
    assert found["ivan@example.net"].status == "5.2.2"
    assert "petr@" not in found["ivan@example.net"].diagnostic
    assert found["petr@example.net"].diagnostic == "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"


def test_smtp_with_a_space_in_the_angled_answer() -> None:
    found = records(
        HEAD
        + "Diagnostic information for administrators:\n\nGenererende server: gw1.example.no\n\n"
        "haakon@example.no\nmbx01.example.no #<mbx01.example.no #5.7.1 smtp; 550 5.7.1 "
        "Message rejected as spam by Content Filtering.> #SMTP#\n"
    )
    record = found["haakon@example.no"]
    assert record.diagnostic == "550 5.7.1 Message rejected as spam by Content Filtering."


def test_an_answer_never_closed_is_no_answer() -> None:
    lines = ["Remote Server returned '550 5.1.1 no such user", "", "other@example.net"]
    assert read_answer(lines, 0) == ("", "", 0)
    lines = ["Remote Server returned '550 5.1.1 no such user", "other@example.net", "x'"]
    assert read_answer(lines, 0) == ("", "", 0)
    assert read_answer(["#550 no status here"], 0) == ("", "", 0)


def test_an_unclosed_hashed_answer_alone_still_finds_the_section() -> None:
    text = (
        "Диагностические сведения для администраторов:\n\n"
        "cs@example.net\n"
        "#554-5.2.2 mailbox full 554 5.2.2 STOREDRV Deliver.Exception:QuotaExceededException\n"
    )
    assert first_answered(text) == text.index("cs@")
    assert records(HEAD + text)["cs@example.net"].reply_code == "554"
