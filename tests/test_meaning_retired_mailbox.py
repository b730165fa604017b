"""A mailbox, account or address deleted or no longer used, as sites word it themselves in their
own language (an Exim ':fail:' alias, a Postfix access(5) REJECT text): it no longer exists,
userunknown (rules/meaning/*.toml, the `userunknown-retired` entries). Written with other words
than the samples (samples/probe16-tpl-*); what else gets deleted (the message, spam) is not it.
"""

from __future__ import annotations

import pytest

from .conftest import reason_of


@pytest.mark.parametrize(
    "text",
    [
        "Das E-Mail-Konto des Empfängers wurde gelöscht",
        "Dit e-mailadres is opgeheven",
        "La dirección del destinatario fue dada de baja",
        "O endereço foi removido do servidor",
        "L'indirizzo del destinatario è stato cancellato",
        "Le compte a été effacé",
        "Konto odbiorcy zostało usunięte",
        "Учетная запись получателя удалена",
        "宛先のアカウントは削除されています",
        "该账号已不再使用",
        "The recipient's mailbox was deleted last year",
        "That e-mail account has been removed",
    ],
)
def test_a_deleted_or_retired_mailbox_no_longer_exists(text: str) -> None:
    assert reason_of(text) == "userunknown"


@pytest.mark.parametrize(
    "text",
    [
        "Die Nachricht an den Empfänger wurde als Spam gelöscht",
        "Le message a été supprimé par le destinataire",
        "El mensaje fue borrado por el filtro del destinatario",
        "Het bericht is door de ontvanger verwijderd",
        "Письмо удалено получателем",
        "您的邮件已被收件人删除",
        "The message was deleted by the recipient's mailbox rules",
        "The recipient was removed from the mailing list",
        "Your account has been deleted",
    ],
)
def test_a_deleted_message_says_nothing_of_the_mailbox(text: str) -> None:
    assert reason_of(text) != "userunknown"
