"""Round 75's words from a groupware's own translation catalogs (probe75-kc: Kopano's spooler,
whose non-delivery notice carries the reason it could not send, translated in kopano-core's
po/*.po: access refused, a database or input/output fault, a connection lost), read in phrasings
of our own (not the catalogs'), and beside them near-misses that must not read so."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read
from .conftest import reason_of


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        ("Speichern unmöglich wegen Datenbankfehler", "systemerror", "meaning:de:systemerror"),
        ("Envoi impossible : accès refusé", "rejected", "meaning:fr:rejected"),
        ("Envoi interrompu par une erreur de base de données", "systemerror",
         "meaning:fr:systemerror"),
        ("Envío fallido: acceso denegado por el servidor", "rejected", "meaning:es:rejected"),
        ("Invio fallito per un errore del database", "systemerror", "meaning:it:systemerror"),
        ("Envio falhou: erro de banco de dados no servidor", "systemerror",
         "meaning:pt:systemerror"),
        ("Envio interrompido, ligação perdida com o servidor", "networkerror",
         "meaning:pt:networkerror"),
        ("Verzenden mislukt door een databasefout", "systemerror", "meaning:nl:systemerror"),
        ("Отправка не удалась: ошибка базы данных", "systemerror", "meaning:ru:systemerror"),
        ("Отправка невозможна, доступ запрещён", "rejected", "meaning:ru:rejected"),
        ("发送失败: 服务器失去连接", "networkerror", "meaning:zh:networkerror"),
        ("郵件無法傳送: 資料庫錯誤", "systemerror", "meaning:zh:systemerror"),
    ],
)
def test_probe75_kc_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # negations and positive statements
        ("550 Relay-Zugang verweigert", "rejected"),
        ("250 Accès non refusé", "rejected"),
        # the recipient's own facts stay the recipient's
        ("550 Benutzer unbekannt", "systemerror"),
        ("552 Caixa postal cheia", "systemerror"),
        # the same letters in another language's sentence
        ("550 Toegang tot de database geweigerd door de ontvanger", "networkerror"),
    ],
)
def test_probe75_kc_words_not_read(text: str, not_reason: str) -> None:
    assert reason_of(text) != not_reason
