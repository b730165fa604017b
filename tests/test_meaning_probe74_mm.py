"""Round 74's words from GNU Mailman 2.1's translation catalogs in eighteen more languages
(probe74-mm: a list's refusal of a post - moderated, restricted, closed to non-members, barred,
refused by a filter rule or automatically -, a post too big, too many addressees), read in
phrasings of our own (not the catalogs'), and beside them near-misses that must not read so:
negations, the recipient's own facts, counts that are no size, other languages' sentences."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read
from .conftest import reason_of


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        # Danish, Norwegian, Swedish
        ("550 Dette er en modereret liste, indlægget er ikke sendt videre", "filtered",
         "meaning:da:filtered"),
        ("550 Afsenderen er ikke medlem af listen", "filtered", "meaning:da:filtered"),
        ("552 Beskeden er for stor til denne server", "mesgtoobig", "meaning:da:mesgtoobig"),
        ("452 For mange modtagere i en enkelt besked", "toomanyconn", "meaning:da:toomanyconn"),
        ("550 Innlegget ble automatisk avvist av listen", "filtered", "meaning:no:filtered"),
        ("550 Meddelandet avvisades: endast medlemmar får skriva här", "filtered",
         "meaning:sv:filtered"),
        ("552 Bilagan är för stor", "mesgtoobig", "meaning:sv:mesgtoobig"),
        ("452 För många mottagare angivna", "toomanyconn", "meaning:sv:toomanyconn"),
        # Polish, Czech
        ("550 Tylko członkowie listy mogą tu pisać", "filtered", "meaning:pl:filtered"),
        ("452 Za dużo odbiorców w jednej wiadomości", "toomanyconn", "meaning:pl:toomanyconn"),
        ("550 Příspěvky od nečlenů nejsou povoleny", "filtered", "meaning:cs:filtered"),
        ("552 Zpráva je příliš velká pro tento server", "mesgtoobig", "meaning:cs:mesgtoobig"),
        ("452 Uvedeno příliš mnoho příjemců", "toomanyconn", "meaning:cs:toomanyconn"),
        # Hungarian, Turkish, Romanian
        ("550 Csak tagok írhatnak erre a moderált listára", "filtered", "meaning:hu:filtered"),
        ("552 Az üzenet túl nagy", "mesgtoobig", "meaning:hu:mesgtoobig"),
        ("550 Mesajınız otomatik olarak reddedildi", "filtered", "meaning:tr:filtered"),
        ("452 Mesajda çok fazla alıcı belirtilmiş", "toomanyconn", "meaning:tr:toomanyconn"),
        ("550 Mesaj respins automat de listă", "filtered", "meaning:ro:filtered"),
        ("552 Atașamentul este prea mare", "mesgtoobig", "meaning:ro:mesgtoobig"),
        # Serbian, Ukrainian, Croatian, Slovenian
        ("550 Ово је затворена листа", "filtered", "meaning:sr:filtered"),
        ("552 Порука је превелика за овај сервер", "mesgtoobig", "meaning:sr:mesgtoobig"),
        ("550 Повідомлення автоматично відхилено списком", "filtered", "meaning:uk:filtered"),
        ("552 Вкладення надто велике", "mesgtoobig", "meaning:uk:mesgtoobig"),
        ("452 Забагато отримувачів", "toomanyconn", "meaning:uk:toomanyconn"),
        ("550 Poruka je automatski odbijena", "filtered", "meaning:hr:filtered"),
        ("452 Previše primatelja u poruci", "toomanyconn", "meaning:hr:toomanyconn"),
        ("550 Sporočilo je bilo samodejno zavrnjeno", "filtered", "meaning:sl:filtered"),
        # Finnish, Estonian, Basque, Catalan
        ("550 Viesti hylätty automaattisesti: vain jäsenille", "filtered",
         "meaning:fi:filtered"),
        ("552 Liite on liian suuri", "mesgtoobig", "meaning:fi:mesgtoobig"),
        ("550 Postitamine on keelatud: ainult liikmed", "filtered", "meaning:et:filtered"),
        ("552 Manus on liiga suur", "mesgtoobig", "meaning:et:mesgtoobig"),
        ("550 Zerrenda itxia da", "filtered", "meaning:eu:filtered"),
        ("550 Enviament rebutjat: llista moderada", "filtered", "meaning:ca:filtered"),
        ("552 El missatge és massa gran", "mesgtoobig", "meaning:ca:mesgtoobig"),
        ("452 Massa destinataris", "toomanyconn", "meaning:ca:toomanyconn"),
        # Arabic, Vietnamese
        ("550 رسالة من غير عضو", "filtered", "meaning:ar:filtered"),
        ("552 حجم الرسالة كبير جدا", "mesgtoobig", "meaning:ar:mesgtoobig"),
        ("452 عدد كبير من المستلمين", "toomanyconn", "meaning:ar:toomanyconn"),
        ("550 Thư bị từ chối tự động", "filtered", "meaning:vi:filtered"),
        ("452 Thư gửi tới quá nhiều người nhận", "toomanyconn", "meaning:vi:toomanyconn"),
    ],
)
def test_probe74_mm_words_read(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        # negations
        ("250 Meddelelsen er ikke for stor", "mesgtoobig"),
        ("250 Zpráva není příliš velká", "mesgtoobig"),
        ("250 Lista nie jest moderowana", "filtered"),
        # the recipient's own facts stay the recipient's
        ("552 Postkassen er for stor", "mesgtoobig"),
        ("550 Brukeren finnes ikke", "filtered"),
        ("550 Uživatel neexistuje", "filtered"),
        # a count, a line: no size of the message
        ("452 Antallet af beskeder er for stort", "mesgtoobig"),
        ("452 Liczba wiadomości jest zbyt duża", "mesgtoobig"),
        ("550 Viestin rivi on liian pitkä", "mesgtoobig"),
        ("552 Túl nagy a levelek száma", "mesgtoobig"),
        ("550 Preveliko prejemnikov sporočila", "mesgtoobig"),
        # the same letters in other languages' sentences; a sending host barred is no list
        ("550 Message for Stor-Elvdal users refused", "mesgtoobig"),
        ("550 La massa gran de correus", "mesgtoobig"),
        ("550 IP-címed el van tiltva", "filtered"),
        ("550 Jäsenet voivat lähettää viestejä vapaasti", "filtered"),
    ],
)
def test_probe74_mm_words_not_read(text: str, not_reason: str) -> None:
    assert reason_of(text) != not_reason
