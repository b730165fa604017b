"""Round 72's words from mail software's own translation catalogs (probe72-cat: GNU Mailman 2.1's
refusals of a post in ten languages: a moderated, restricted or members-only list, a post refused
automatically or by a filter rule, a message too large, too many addressees), read in phrasings of
our own (not the catalogs'), and beside them near-misses that must not read so: negations, the
recipient's own facts, other languages' sentences with the same letters."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read
from .conftest import reason_of


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # German
        ("550 Beitrag abgelehnt: die Liste ist moderiert", "filtered", "meaning:de:filtered"),
        ("550 Nur Abonnenten ist es erlaubt, an die Liste zu senden", "filtered",
         "meaning:de:filtered"),
        ("550 Beitrag nicht zur Veröffentlichung zugelassen", "filtered", "meaning:de:filtered"),
        ("554 Die Nachricht ist für uns zu umfangreich", "mesgtoobig", "meaning:de:mesgtoobig"),
        ("452 Anzahl der Empfänger zu hoch", "toomanyconn", "meaning:de:toomanyconn"),
        # French
        ("550 Vous êtes interdit d'envoi ici", "filtered", "meaning:fr:filtered"),
        ("550 Message refusé : liste restreinte", "filtered", "meaning:fr:filtered"),
        ("550 Courriel automatiquement rejeté par la liste", "filtered", "meaning:fr:filtered"),
        ("552 Votre message est trop important pour nous", "mesgtoobig",
         "meaning:fr:mesgtoobig"),
        # Spanish, Italian, Portuguese
        ("550 Lista moderada: envío no aceptado", "filtered", "meaning:es:filtered"),
        ("550 El remitente no pertenece a la lista", "filtered", "meaning:es:filtered"),
        ("550 Invio rifiutato automaticamente dalla lista", "filtered", "meaning:it:filtered"),
        ("550 Ai non iscritti non si risponde", "filtered", "meaning:it:filtered"),
        ("550 Envio recusado: lista restrita", "filtered", "meaning:pt:filtered"),
        ("550 Você não tem permissão para postar aqui", "filtered", "meaning:pt:filtered"),
        # Dutch, Russian
        ("550 Dit is een besloten lijst", "filtered", "meaning:nl:filtered"),
        ("550 Bericht automatisch geweigerd door de lijst", "filtered", "meaning:nl:filtered"),
        ("550 Письмо отклонено фильтром списка", "filtered", "meaning:ru:filtered"),
        ("550 Это модерируемый список, письмо не принято", "filtered", "meaning:ru:filtered"),
        ("552 Ваше письмо слишком велико для нас", "mesgtoobig", "meaning:ru:mesgtoobig"),
        ("552 Размер письма слишком велик", "mesgtoobig", "meaning:ru:mesgtoobig"),
        ("452 Слишком много адресатов в письме", "toomanyconn", "meaning:ru:toomanyconn"),
        # Japanese, Chinese, Korean
        ("550 このアドレスからの投稿を禁止しています", "filtered", "meaning:ja:filtered"),
        ("550 非会員の方は送れません", "filtered", "meaning:ja:filtered"),
        ("552 送信されたメールが長すぎます", "mesgtoobig", "meaning:ja:mesgtoobig"),
        ("452 宛先アドレス数の上限です", "toomanyconn", "meaning:ja:toomanyconn"),
        ("550 信件已被自动拒绝", "filtered", "meaning:zh:filtered"),
        ("550 本論壇限會員發言", "filtered", "meaning:zh:filtered"),
        ("550 글이 자동으로 거절되었습니다", "filtered", "meaning:ko:filtered"),
        ("452 참조자가 너무 많아 보낼 수 없습니다", "toomanyconn", "meaning:ko:toomanyconn"),
    ],
)
def test_probe72_cat_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # negations and positive statements
        ("250 Die Liste ist nicht moderiert", "filtered"),
        ("250 Cette liste n'est pas restreinte", "filtered"),
        ("250 Lista no moderada: mensaje aceptado", "filtered"),
        # the recipient's own facts stay the recipient's
        ("550 Benutzer unbekannt", "filtered"),
        ("552 Postfach ist voll", "mesgtoobig"),
        ("552 Почтовый ящик переполнен", "mesgtoobig"),
        ("552 メールボックスの容量が大きすぎます", "mesgtoobig"),
        # the same letters in other languages' sentences
        ("550 Bericht van een te groot aantal geadresseerden is niet moderiert", "toomanyconn"),
        ("550 The list is restricted to its subscribers", "mesgtoobig"),
        ("550 Mensagem moderada pela equipe", "mesgtoobig"),
    ],
)
def test_probe72_cat_words_not_read(text: str, not_reason: str) -> None:
    assert reason_of(text) != not_reason


def test_a_moderate_size_in_french_is_no_list() -> None:
    found = read("250 Trafic modéré ce matin")
    assert found is None or found[0] != "filtered"
