"""Round 75's words from Sympa's translation catalogs (probe75-sy: a list's refusal of a post -
posting not allowed on the list or kept to its subscribers, moderators, owners or local users,
a post refused by the moderator -, a post too large), read in phrasings of our own (not the
catalogs'), and beside them near-misses that must not read so: negations, other sizes, the
same words about something other than a list's posting."""

from __future__ import annotations

import pytest

from .conftest import meaning_of as read
from .conftest import reason_of


@pytest.mark.parametrize(
    ("text", "reason", "entry"),
    [
        ("550 No esteu autoritzat a enviar correu a aquesta adreça", "filtered",
         "meaning:ca:list-post-sympa"),
        ("550 L'enviament està restringit als subscriptors", "filtered",
         "meaning:ca:list-post-sympa"),
        ("550 Příspěvek byl zamítnut moderátorem", "filtered", "meaning:cs:list-post-sympa"),
        ("550 Η αποστολή στη λίστα δεν επιτρέπεται", "filtered", "meaning:el:list-post-sympa"),
        ("550 Η ανάρτηση απορρίφθηκε από τον συντονιστή", "filtered",
         "meaning:el:list-post-sympa"),
        ("550 Sellesse listi ei ole lubatud kirjutada", "filtered", "meaning:et:list-post-sympa"),
        ("550 Sinu kiri lükati tagasi moderaatori otsusel", "filtered",
         "meaning:et:list-post-sympa"),
        ("550 Bidalketa debekatuta zerrenda honetan", "filtered", "meaning:eu:list-post-sympa"),
        ("552 Zure mezua luzeegia da", "mesgtoobig", "meaning:eu:mesgtoobig-sympa"),
        ("550 Viestisi hylätty tarkistuksessa", "filtered", "meaning:fi:list-post-sympa"),
        ("550 Non tes permiso para enviar a este enderezo", "filtered",
         "meaning:gl:list-post-sympa"),
        ("552 A túa mensaxe é demasiado longa", "mesgtoobig", "meaning:gl:mesgtoobig-sympa"),
        ("550 Levél küldése a listára csak tagoknak", "filtered", "meaning:hu:list-post-sympa"),
        ("550 Wiadomość odrzucona przez moderatora", "filtered", "meaning:pl:list-post-sympa"),
        ("550 Pisanie na listę jest niedozwolone", "filtered", "meaning:pl:list-post-sympa"),
        ("550 Du får inte skicka till den här adressen", "filtered",
         "meaning:sv:list-post-sympa"),
        ("550 Inlägg är begränsad till prenumeranter", "filtered", "meaning:sv:list-post-sympa"),
        ("552 Avvisat: för stort meddelande (över 10 MB)", "mesgtoobig", "meaning:sv:mesgtoobig-sympa"),
    ],
)
def test_reads(text: str, reason: str, entry: str) -> None:
    assert read(text) == (reason, entry)


@pytest.mark.parametrize(
    "text",
    [
        # another size: a line, a header, a mailbox
        "552 Raden är för stor",
        "550 Message for Stor-Elvdal users refused",
        "552 Brevlådan är för stor",
        "552 Lerroa luzeegia da",
        "552 A liña é demasiado longa",
        # no list, no posting: plain words that must stay unread
        "450 Tarkistus kesken, yritä myöhemmin",
        "450 Moderaattori on poissa",
    ],
)
def test_near_misses(text: str) -> None:
    assert reason_of(text) not in {"filtered", "mesgtoobig"}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("550 Unknown list: no list answers to team@lists.example.org",
         ("userunknown", "meaning:en:userunknown-list")),
        ("550 This is not a known mailing list", ("userunknown", "meaning:en:userunknown-list")),
        ("550 No such list here", ("userunknown", "meaning:en:userunknown-list")),
        # a blocklist is a word of its own; a sender on a list is the sender's
        ("550 Your address is not in the list of allowed senders", None),
    ],
)
def test_an_unknown_list_is_an_unknown_recipient(text: str, found: tuple[str, str] | None) -> None:
    result = read(text)
    if found is None:
        assert result is None or result[1] != "meaning:en:userunknown-list"
    else:
        assert result == found
