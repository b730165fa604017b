"""The meaning tier (bounce_analyzer/meaning.py, rules/meaning/): what it reads, what it must not
read, its cost by construction, its data's validation, and its place in the classifier."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bounce_analyzer import meaning
from bounce_analyzer import rules as rulebook
from bounce_analyzer.classifier import Classifier, load_classifier
from bounce_analyzer.model import DeliveryRecord

from .conftest import meaning_of as read
from .conftest import reason_of

LANGUAGES = (
    "en", "de", "fr", "es", "pt", "it", "nl", "ru", "ja", "zh", "ko", "pl", "cs", "vi", "tr", "id",
    "sv", "da", "no", "hu", "fi", "ro", "hr", "sl", "el", "uk", "bg", "ar", "he", "th",
    "et", "lv", "lt", "sk", "ms", "fa", "hi", "ca", "sr", "is", "sq", "mk", "eu", "gl", "cy",
    "bn", "ur", "sw",
)


# (text, reason, language of the entry): each language says each fact in its own words.
POSITIVE = [
    ("550 The mailbox you wrote to does not exist", "userunknown", "en"),
    ("550 5.1.1 Sorry, the recipient is unknown here", "userunknown", "en"),
    ("550 this is not an active address at this host", "userunknown", "en"),
    ("550 Invalid userid given", "userunknown", "en"),
    ("552 5.2.2 The account is full, try later", "mailboxfull", "en"),
    ("550 This account is not authorized to receive email", "suspend", "en"),
    ("550 No MX record for example.org", "hostunknown", "en"),
    ("550 destination host example.net not found", "hostunknown", "en"),
    ("550 recipient domain does not exist", "hostunknown", "en"),
    ("550 5.2.1 this user's account has been disabled", "suspend", "en"),
    ("550 5.1.6 the mailbox has moved", "hasmoved", "en"),
    ("unable to look up example.net: No address associated with hostname", "hostunknown", "en"),
    ("552 User has exhausted allowed storage space", "mailboxfull", "en"),
    ("550 Empfängeradresse unbekannt", "userunknown", "de"),
    ("550 Das Postfach des Empfängers ist voll", "mailboxfull", "de"),
    ("550 Die Domain existiert nicht", "hostunknown", "de"),
    ("550 Das Benutzerkonto wurde deaktiviert", "suspend", "de"),
    ("550 L'adresse e-mail que vous avez saisie n'existe pas", "userunknown", "fr"),
    ("552 Boîte aux lettres du destinataire pleine", "mailboxfull", "fr"),
    ("550 Compte désactivé", "suspend", "fr"),
    ("550 Usuario desconocido", "userunknown", "es"),
    ("552 El buzón del destinatario está lleno", "mailboxfull", "es"),
    ("550 O endereço de e-mail não existe", "userunknown", "pt"),
    ("552 A caixa postal do destinatário está cheia", "mailboxfull", "pt"),
    ("550 Utente sconosciuto", "userunknown", "it"),
    ("552 La casella di posta è piena", "mailboxfull", "it"),
    ("550 Gebruiker onbekend", "userunknown", "nl"),
    ("552 Het postvak van de ontvanger is vol", "mailboxfull", "nl"),
    ("550 Пользователь не существует", "userunknown", "ru"),
    ("552 Почтовый ящик переполнен", "mailboxfull", "ru"),
    ("550 宛先のメールアドレスは存在しません", "userunknown", "ja"),
    ("552 メールボックスの容量がいっぱいです", "mailboxfull", "ja"),
    ("550 ドメインが存在しません", "hostunknown", "ja"),
    ("550 收件人邮箱不存在", "userunknown", "zh"),
    ("550 該帳戶已停用", "suspend", "zh"),
    ("550 域名不存在", "hostunknown", "zh"),
    ("550 Nie ma takiego użytkownika", "userunknown", "pl"),
    ("552 Skrzynka odbiorcy jest przepełniona", "mailboxfull", "pl"),
    ("550 Uživatel neexistuje", "userunknown", "cs"),
    ("552 Schránka příjemce je přeplněná", "mailboxfull", "cs"),
    ("550 Tài khoản không tồn tại", "userunknown", "vi"),
    ("552 Tài khoản người nhận đã đạt đến giới hạn dung lượng", "mailboxfull", "vi"),
    ("550 존재하지 않는 사용자입니다", "userunknown", "ko"),
    ("552 받는 사람의 메일함이 가득 찼습니다", "mailboxfull", "ko"),
    ("550 수신자 계정이 휴면 상태입니다", "suspend", "ko"),
    ("550 Kullanıcı bulunamadı", "userunknown", "tr"),
    ("552 Posta kutusu dolu", "mailboxfull", "tr"),
    ("550 Pengguna tidak dikenal", "userunknown", "id"),
    ("552 Kotak surat penerima sudah penuh", "mailboxfull", "id"),
    ("550 Användaren är okänd", "userunknown", "sv"),
    ("552 Brevlådan är full", "mailboxfull", "sv"),
    ("550 Brugeren findes ikke", "userunknown", "da"),
    ("552 Postkassen er fuld", "mailboxfull", "da"),
    ("550 Brukeren er ukjent", "userunknown", "no"),
    ("552 Postboksen har nådd lagringsgrensen", "mailboxfull", "no"),
    ("550 A címzett nem létezik", "userunknown", "hu"),
    ("552 A postafiók megtelt", "mailboxfull", "hu"),
    ("550 Käyttäjää ei löydy", "userunknown", "fi"),
    ("552 Postilaatikko on täynnä", "mailboxfull", "fi"),
    ("550 Destinatar necunoscut", "userunknown", "ro"),
    ("552 Căsuța poștală este plină", "mailboxfull", "ro"),
    ("550 Primatelj ne postoji", "userunknown", "hr"),
    ("552 Poštanski pretinac je pun", "mailboxfull", "hr"),
    ("550 Prejemnik ne obstaja", "userunknown", "sl"),
    ("552 Nabiralnik je poln", "mailboxfull", "sl"),
    # Microsoft's localized Exchange 2013 causes of 5.1.1 and 5.2.2 (samples/probe4-lang-*)
    ("Im E-Mail-Zielsystem ist kein Empfänger vorhanden.", "userunknown", "de"),
    ("550 Teilnehmer existiert nicht", "userunknown", "de"),
    ("Il n’y a pas de destinataire dans le système de messagerie de destination.", "userunknown", "fr"),
    ("Le quota de la boîte aux lettres du destinataire étant dépassé", "mailboxfull", "fr"),
    ("La boîte du destinataire est pleine (nombre maximal de messages atteint)", "mailboxfull", "fr"),
    ("El buzón del destinatario ha superado su cuota de almacenamiento.", "mailboxfull", "es"),
    ("受信者のメールボックスが格納域の制限を超え、それ以上新しいメッセージを受け付けられません。", "mailboxfull", "ja"),
    ("受信者のメールボックスのサイズが上限を超えました", "mailboxfull", "ja"),
    ("收件人的邮箱已超过其存储配额，无法再接收新邮件。", "mailboxfull", "zh"),
    ("目标电子邮件系统中没有收件人。", "userunknown", "zh"),
    ("Почтовый ящик получателя превысил свою квоту.", "mailboxfull", "ru"),
    ("Превышен размер почтового ящика", "mailboxfull", "ru"),
    ("552 Spazio disponibile superato", "mailboxfull", "it"),
    ("550 없는 아이디입니다", "userunknown", "ko"),
    ("550 Το γραμματοκιβώτιο του παραλήπτη δεν βρέθηκε", "userunknown", "el"),
    ("552 Поштова скринька одержувача переповнена", "mailboxfull", "uk"),
    ("550 Няма такъв получател", "userunknown", "bg"),
    ("550 عنوان المستلم غير موجود", "userunknown", "ar"),
    ("552 תיבת הדואר של המשתמש מלאה", "mailboxfull", "he"),
    ("550 ไม่รู้จักผู้รับนี้", "userunknown", "th"),
    ("550 Kasutajat ei leitud", "userunknown", "et"),
    ("550 Lietotājs nav atrasts", "userunknown", "lv"),
    ("550 Adresatas nerastas", "userunknown", "lt"),
    ("550 Príjemca nebol nájdený", "userunknown", "sk"),
    ("550 Peti mel tidak ditemui", "userunknown", "ms"),
    ("550 گیرنده یافت نشد", "userunknown", "fa"),
    ("550 प्राप्तकर्ता का ईमेल पता मौजूद नहीं है", "userunknown", "hi"),
    ("550 L'adreça del destinatari no existeix", "userunknown", "ca"),
    ("550 Адреса примаоца не постоји", "userunknown", "sr"),
    ("550 Netfangið er ekki til", "userunknown", "is"),
    ("550 Marrësi nuk u gjet", "userunknown", "sq"),
    ("550 Примачот не е пронајден", "userunknown", "mk"),
    ("550 Hartzailearen helbidea ez da existitzen", "userunknown", "eu"),
    ("550 Enderezo de correo descoñecido", "userunknown", "gl"),
    ("550 Ni chanfuwyd y derbynnydd", "userunknown", "cy"),
    ("550 প্রাপকের ঠিকানা বিদ্যমান নয়", "userunknown", "bn"),
    ("550 وصول کنندہ کا پتہ نہیں مل سکا", "userunknown", "ur"),
    ("550 Mpokeaji hayupo", "userunknown", "sw"),
]


@pytest.mark.parametrize(("text", "reason", "language"), POSITIVE)
def test_reads_each_language(text: str, reason: str, language: str) -> None:
    assert read(text) == (reason, f"meaning:{language}:{reason}")


def test_every_language_has_cases() -> None:
    assert {language for _, _, language in POSITIVE} == set(LANGUAGES)


# Negated predicates, sender-side subjects, and text that only shares words.
NEGATIVE = [
    # negation right before the predicate
    "550 mailbox is not full",
    "550 the user is not unknown",
    "550 Das Postfach ist nicht voll",
    "550 La boîte n'est pas pleine",
    "550 El buzón no está lleno",
    "550 A caixa postal não está cheia",
    "550 La casella non è piena",
    "550 Het postvak is niet vol",
    "550 Ящик не переполнен",
    "550 メールボックスは満杯ではありません",
    "550 邮箱不是已满",
    "550 메일함이 가득 차지 않았습니다",
    # the sender, the sending host or its session is the subject
    "550 Your account has been disabled",
    # unrelated, or the words that must not decide alone
    "550 Requested action not taken: mailbox unavailable",
    "550 unknown error for user",
    # (a recipient's address in bad form is X.1.3, userunknown: tests/test_meaning_generalise.py)
    "550 Invalid syntax",
    "451 4.4.0 Host not found, try again",
    "host mx.example.com said: 550 not found",
    "550 原因不明のエラー",
    # what the probe-4 additions must leave alone: a timeout, too many recipients, a size
    # limit, a message that names no recipient
    "Le délai de remise au destinataire est dépassé",
    "Le nombre de destinataires est dépassé",
    "受信者のメッセージサイズの制限を超えています",
    "邮件中没有收件人地址",
    "Превышен размер письма",
    "552 Превышен лимит отправки писем",
    "",
]


RELATIVE_CLAUSES = [
    # the subject, a relative clause of seven or eight words, the predicate (meaning.WINDOW)
    ("Die Adresse, an die Sie die Nachricht gesendet haben, ist nicht vorhanden", "userunknown"),
    ("L'adresse à laquelle vous avez envoyé le message n'existe pas", "userunknown"),
    ("L'indirizzo a cui è stato inviato il messaggio non esiste", "userunknown"),
    ("O endereço para o qual você enviou a mensagem não existe", "userunknown"),
]


@pytest.mark.parametrize(("text", "reason"), RELATIVE_CLAUSES)
def test_reads_across_a_relative_clause(text: str, reason: str) -> None:
    found = meaning.recognise(text)
    assert found is not None and found[0] == reason, found


@pytest.mark.parametrize("text", NEGATIVE)
def test_does_not_read(text: str) -> None:
    assert read(text) is None


# The sending side (`about = "sending"` in en.toml): what a refusal says of the sender, its
# host, its session, the message or the way there. Worded as RFCs and plain English put it.
SENDING = [
    ("550 5.1.8 <a@example.com>: Sender address rejected: Domain not found", "rejected"),
    ("550 The sender could not verify its address", "rejected"),
    ("421 Your sender domain has no MX record", "rejected"),
    ("550 Your message was automatically rejected by the recipient's mail filter", "filtered"),
    ("550 Posting to this list is restricted to subscribers", "filtered"),
    ("553 5.1.7 The sender address is invalid", "rejected"),
    ("553 Mail from this sender is not accepted here", "rejected"),
    ("553 5.7.0 Unauthorized use of sender address", "rejected"),
    ("501 You are not allowed to send from this address", "rejected"),
    ("504 5.5.2 <localhost>: Helo command rejected: Host not found", "blocked"),
    ("550 5.7.1 Your IP address 192.0.2.7 is listed on a DNS blocklist", "blocked"),
    ("554 Connections from dynamic IP space are refused", "blocked"),
    ("554 Incoming connection from 192.0.2.4 rejected", "blocked"),
    ("550 No PTR record found for 192.0.2.9", "requireptr"),
    ("450 4.7.1 Client host rejected: no reverse DNS for 192.0.2.4", "requireptr"),
    ("535 5.7.8 Authentication failed: account disabled", "securityerror"),
    ("530 5.7.0 TLS is required to send mail here", "securityerror"),
    ("550 5.7.26 Multiple authentication checks failed", "authfailure"),
    ("550 5.7.1 The message failed DMARC checks", "authfailure"),
    ("550 5.7.1 Message rejected as spam", "spamdetected"),
    ("554 This e-mail looks like spam to us", "spamdetected"),
    ("554 Malware found in an attachment", "virusdetected"),
    ("552 Your message is too large for this server", "mesgtoobig"),
    ("550 Relaying is not permitted from your network", "norelaying"),
    ("421 Too many concurrent connections from your host", "toomanyconn"),
    ("452 4.5.3 Too many recipients for one message", "toomanyconn"),
    ("451 You are sending too fast, slow down", "speeding"),
    ("550 5.4.7 daily user sending quota exceeded", "speeding"),
    ("Delivery failed: connection reset by peer", "networkerror"),
    ("554 5.4.6 Mail loop detected", "networkerror"),
    ("452 4.3.1 Insufficient system storage", "systemfull"),
    ("451 4.3.0 Internal server error, try again later", "systemerror"),
    ("Message expired after 5 days in queue", "expired"),
    ("554 5.6.0 Message is not RFC 5322 compliant", "notcompliantrfc"),
    # an address standing alone is the connecting host's
    ("554 198.51.100.7 is listed here", "blocked"),
    ("421 Mail from [203.0.113.9] blocked for abuse", "blocked"),
    ("550 Dial-up IPs blocked", "blocked"),  # "IPs" is one word, not "I Ps"
    # the verbs' other forms
    ("550 We do not accept mail from your IP address", "blocked"),
    ("553 SENDER REJECT: example.org", "rejected"),
    # "spam" names the content
    ("550 Spam refused", "spamdetected"),
    ("550 Rejected: SPAM", "spamdetected"),
    # the recipient refusing this sender: its own setting
    ("550 The user does not accept mail from your address", "filtered"),
    ("550 The recipient has blocked you", "filtered"),
    ("550 5.7.1 You do not have permission to send to this recipient", "filtered"),
    ("Server does not advertise any supported authentication methods", "securityerror"),
    # a list's posting policy
    ("Your post was rejected by the moderator of the list", "filtered"),
    ("550 Only list members may post; you are not subscribed", "filtered"),
    # the delivery time ran out; the DNS could not answer
    ("The time has expired before the message could be delivered", "expired"),
    ("Bounced after too many retries", "expired"),
    ("451 The DNS query has failed for example.net", "networkerror"),
    ("smtp; Connect failed", "networkerror"),
    ("You have reached a limit for sending mail", "speeding"),
    ("Not processed due to congestion in the message transfer service", "networkerror"),
    # the conversation itself went wrong
    ("554 SMTP synchronization error", "syntaxerror"),
    ("421 Too many unrecognized commands, goodbye", "syntaxerror"),
    # a header field missing, repeated or malformed: the message's form
    ("550 Messages here must have a Date header", "notcompliantrfc"),
    ("550 Duplicate Subject header field", "notcompliantrfc"),
    # "the message" is the vaguest subject: another side may take the predicate past it
    ("554 Message does not contain a From header", "notcompliantrfc"),
    ("550 Your message was refused: the sender's domain is not allowed here", "rejected"),
    ("The remote server disconnected before the greeting", "networkerror"),
]


# The sender's address unknown, in each language: the sender refused, never the recipient.
SENDER_UNKNOWN = [
    ("550 Absenderadresse unbekannt", "de"),
    ("550 Adresse de l'expéditeur inconnue", "fr"),
    ("550 Dirección del remitente desconocida", "es"),
    ("550 Endereço do remetente desconhecido", "pt"),
    ("550 Indirizzo del mittente sconosciuto", "it"),
    ("550 Afzenderadres onbekend", "nl"),
    ("550 Адрес отправителя не найден", "ru"),
    ("550 送信者のアドレスは存在しません", "ja"),
    ("550 发件人地址不存在", "zh"),
    ("550 발신자 주소가 존재하지 않습니다", "ko"),
    ("550 5.1.7 Sender address unknown", "en"),
]


@pytest.mark.parametrize(("text", "language"), SENDER_UNKNOWN)
def test_an_unknown_sender_is_the_sender_refused(text: str, language: str) -> None:
    assert read(text) == ("rejected", f"meaning:{language}:rejected")


@pytest.mark.parametrize(("text", "reason"), SENDING)
def test_reads_the_sending_side(text: str, reason: str) -> None:
    # Languages share words ("spam", "DMARC"): any language's entry for the reason may answer.
    found = read(text)
    assert found is not None and found[0] == reason and found[1].startswith("meaning:"), found


def test_unreachable_is_expired_once_the_report_gives_the_fate() -> None:
    # Still queued and retried (delayed) or given up (failed): the retry period runs out
    # (rules/reasons.toml: expired covers both). Words alone say only the way there failed.
    text = "Delivery failed: no route to host mx.example.net"
    assert read(text) == ("networkerror", "meaning:en:unreachable")
    bare = Classifier(dataclasses.replace(load_classifier().ruleset, rules=()))
    verdicts = {
        action: bare.decide(DeliveryRecord(recipient="a@example.com", action=action, diagnostic=text))
        for action in ("delayed", "failed", "")
    }  # fmt: skip
    assert verdicts["delayed"][:2] == ("expired", "meaning:en:unreachable")
    assert verdicts["failed"][:2] == ("expired", "meaning:en:unreachable")
    assert verdicts[""][:2] == ("networkerror", "meaning:en:unreachable")
    # A conversation that broke stays a network problem, queued or not.
    broke = "Delivery failed: connection reset by peer"
    for action in ("delayed", "failed"):
        record = DeliveryRecord(recipient="a@example.com", action=action, diagnostic=broke)
        assert bare.decide(record)[0] == "networkerror"


@pytest.mark.parametrize(
    "text",
    [
        "connect to mx.example.net[192.0.2.1]:25: Connection refused",
        "Connection to 192.0.2.1:25 timed out",
    ],
)
def test_the_remote_servers_address_is_not_the_client(text: str) -> None:
    # With a name or a port, an address is the server we tried: the way there failed.
    assert read(text) == ("networkerror", "meaning:en:unreachable")


def test_an_address_in_bad_form_is_no_protocol_error() -> None:
    found = read("553 5.1.7 Sender address syntax error")
    assert found is None or found[0] != "syntaxerror", found


def test_counted_received_fields_are_no_malformed_header() -> None:
    # RFC 5321 section 6.3: too many Received fields is a loop, which the phrase rules read.
    found = read("554 5.4.6 Too many Received header fields")
    assert found is None or found[0] != "notcompliantrfc", found


def test_a_listed_ip_is_not_spam_content() -> None:
    assert read("554 Your IP is listed as a spam source")[0] == "blocked"


def test_a_recipient_fact_anywhere_comes_first() -> None:
    text = "Failed to connect to the mail server. No MX records were found for the domain"
    assert read(text) == ("hostunknown", "meaning:en:hostunknown")


@pytest.mark.parametrize(
    "text",
    [
        "550 5.1.1 Recipient address rejected: user unknown",  # rejected, but of the recipient
        "550 Your message to a@example.com was refused: the mailbox is full",
        "452 4.2.2 Mailbox full, too many messages stored",
        "Connection to the recipient's server failed: user unknown",
    ],
)
def test_the_recipient_side_still_decides(text: str) -> None:
    found = read(text)
    assert found is not None and found[0] in ("userunknown", "mailboxfull"), found


@pytest.mark.parametrize(
    "text",
    [
        "451 Virus scanner timed out",  # the receiver's own scanner: no virus, no network
        "550 This message is not spam",
        "451 4.3.0 Temporary lookup failure",
        "550 User has too many messages on the server",
        "451 4.7.0 internal DKIM error",
        "TLS connect failed: unexpected eof while reading",  # the encryption, not the way
    ],
)
def test_sending_words_that_say_something_else(text: str) -> None:
    found = read(text)
    assert found is None or found[0] not in (
        "virusdetected", "networkerror", "spamdetected", "speeding", "authfailure"
    ), found  # fmt: skip


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("550 5.1.1 BAD_RECIPIENT", "userunknown"),
        ("550 MailboxNotFound", "userunknown"),
        ("553 sorry, that recipient is in my badrcptto list (#5.7.1)", "userunknown"),
        ("550 5.1.10 RESOLVER.ADR.RecipNotFound; not found", "userunknown"),
        ("552 OverQuota", "mailboxfull"),
        ("552 user overquota", "mailboxfull"),
        ("550 NXDOMAIN", "hostunknown"),
        ("550 UNKNOWN_USER", "userunknown"),
    ],
)
def test_joined_tokens(text: str, reason: str) -> None:
    found = read(text)
    assert found is not None and found[0] == reason


def test_tokens() -> None:
    tokens, clauses = meaning.tokenise(
        "550 5.1.1 <a@example.com>: BAD_RECIPIENT MailboxNotFound RESOLVER.ADR.RecipNotFound "
        "host mx.example.net said: Empfängeradresse. Next"
    )
    assert tokens == [
        "", "", "", "bad", "recipient", "mailbox", "not", "found", "resolver", "adr", "recip",
        "not", "found", "host", "", "said", "empfangeradresse", "next",
    ]  # fmt: skip
    assert clauses[0] < clauses[1] == clauses[2]  # a code starts the server's answer
    assert clauses[-1] > clauses[-2]  # a sentence ends with ". "
    assert meaning.tokenise("said x", frozenset({"said"}))[1] == [0, 1]  # "host x said: ..."


def test_words_joined_by_a_slash_are_words_and_a_path_is_not() -> None:
    # Exim's DKIM ACL example "invalid/missing signature", "host/domain", "and/or": words; a
    # path, a URL and an address stay one placeholder each
    assert meaning.tokenise("550 invalid/missing signature")[0] == [
        "", "invalid", "missing", "signature"
    ]
    assert meaning.tokenise("Illegal host/domain name")[0] == ["illegal", "host", "domain", "name"]
    assert meaning.tokenise("/var/mail/kim: quota exceeded")[0] == ["", "quota", "exceeded"]
    assert meaning.tokenise("see https://example.com/help/bounce")[0] == ["see", ""]
    assert meaning.recognise("550 5.7.1 DKIM invalid/missing signature") == (
        "authfailure", "meaning:en:authfailure"
    )


@pytest.mark.parametrize(
    "text",
    [
        "556 The domain example.net does not accept mail",
        "550 This domain receives no email (null MX)",
    ],
)
def test_a_domain_that_takes_no_mail(text: str) -> None:
    assert read(text) == ("notaccept", "meaning:en:notaccept")


def test_nearest_subject_decides() -> None:
    assert read("550 Recipient address rejected: Domain not found")[0] == "hostunknown"
    assert read("550 Recipient address rejected: Bad destination system address")[0] == (
        "hostunknown"
    )
    assert read("550 Bad destination mailbox address")[0] == "userunknown"


# ---------------------------------------------------------------------------------------------
# Cost: linear by construction


def step_bound(loaded: meaning.Meaning) -> int:
    """Steps per token the word scan may take: the trie walk, then per predicate found the
    window both sides, the tokens near it and its entries."""
    most_entries = 1
    stack = [loaded.trie]
    while stack:
        node = stack.pop()
        for token, child in node.items():
            if token == meaning.TERM:
                _, predicates, alone, _ = child
                most_entries = max(most_entries, len(predicates) + len(alone))
            else:
                stack.append(child)
    walk = meaning.MAX_PHRASE + 1  # the trie walk, and the whole of a camel-case identifier
    window = 1 + (meaning.WINDOW + 1) + (2 * meaning.WINDOW + meaning.MAX_PHRASE)
    return walk + window + most_entries


HOSTILE = [
    "user " * 3000,
    "not " * 3000,
    "does does not not exist " * 600,
    "user unknown is not " * 700,
    "sender address rejected domain not found " * 300,
    "a" * 9000,
    "Mailbox" * 1500,
    "x_" * 5000,
    "recipient address destination host mx record of e mail " * 200,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_word_scan_is_linear(text: str) -> None:
    loaded = meaning.load()
    text = rulebook.normalise_text(text)
    tokens, _ = meaning.tokenise(text, loaded.breaks)
    assert len(tokens) <= len(text)  # every token has a character of its own
    _, steps = meaning._scan_words(text, loaded)
    assert steps <= step_bound(loaded) * max(1, len(tokens))


@pytest.mark.parametrize(
    "text", ["存在しません" * 2000, "用户不存在" * 2000, "존재하지 않" * 2000, "の" * 9000]
)
def test_character_scan_is_bounded(text: str) -> None:
    loaded = meaning.load()
    text = rulebook.normalise_text(text)
    _, steps = meaning._scan_characters(text.lower(), loaded)
    most = max(len(e.predicates) + len(e.alone) for e in loaded.char_entries)
    # str.find walks the text once per needle; the hits looked at are capped at MAX_HITS.
    per_hit = 2 + 2 * meaning.CHAR_WINDOW + len(loaded.char_entries) * most
    once = sum(len(words) for words in loaded.char_subjects.values())  # which subjects occur
    assert steps <= meaning.MAX_HITS * per_hit + once


def test_no_unbounded_pattern_sees_the_text() -> None:
    for pattern in (meaning.RUN, meaning.CODE, meaning.COMBINING, meaning.SENDER_STATUS):
        assert not rulebook.unbounded_repeat(pattern.pattern), pattern.pattern


def test_text_is_capped() -> None:
    long = "x " * rulebook.MATCH_LIMIT + "user unknown"
    assert meaning.recognise(long) is None  # the words past MATCH_LIMIT are not read


# ---------------------------------------------------------------------------------------------
# The data


def test_every_language_file_is_shipped_and_loads() -> None:
    loaded = meaning.load()
    assert sorted(Path(f).stem for f in loaded.files) == sorted(LANGUAGES)
    assert '"meaning/*.toml"' in (Path(__file__).parent.parent / "pyproject.toml").read_text()


GOOD = """
language = "xx"
script = "words"
negations = ["not"]
[subjects]
recipient = ["user"]
[[entry]]
id = "meaning:xx:userunknown"
reason = "userunknown"
subjects = ["recipient"]
predicates = ["unknown"]
source = ["test"]
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('reason = "userunknown"', 'reason = "lost"'), "unknown reason 'lost'"),
        (('predicates = ["unknown"]', "predicates = []"), "predicates: empty list"),
        (('recipient = ["user"]', 'readers = ["user"]'), "unknown side 'readers'"),
        (('id = "meaning:xx:userunknown"', 'id = "other"'), "id must start with"),
        (('language = "xx"', 'language = "yy"'), "must be the file name's"),
        (('subjects = ["recipient"]', 'subjects = ["sender"]'), "must be one of recipient, domain"),
        (('reason = "userunknown"', 'reason = "userunknown"\nabout = "sending"'), "must be one of sender"),
        (('reason = "userunknown"', 'reason = "userunknown"\nabout = "them"'), "about: 'them'"),
        (('source = ["test"]', "colour = 1"), "unknown key 'colour'"),
        (('predicates = ["unknown"]', 'predicates = ["a b c d e f g"]'), "more than"),
    ],
)
def test_bad_data_names_the_file(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    (tmp_path / "xx.toml").write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(rulebook.RuleError) as caught:
        meaning.load(str(tmp_path))
    assert "xx.toml" in str(caught.value) and message in str(caught.value)


def test_good_data_loads(tmp_path: Path) -> None:
    (tmp_path / "xx.toml").write_text(GOOD, encoding="utf-8")
    loaded = meaning.load(str(tmp_path))
    assert meaning._scan_words("user unknown", loaded)[0].id == "meaning:xx:userunknown"


# ---------------------------------------------------------------------------------------------
# Its place in the classifier: after the phrase rules, before the status table


def decide(classifier: Classifier, **fields: str) -> tuple[str, str]:
    record = DeliveryRecord(recipient="a@example.com", **fields)
    reason, rule, _, _ = classifier.decide(record)
    return reason, rule


WORDS = "550 5.7.1 the mailbox you wrote to does not exist"


def test_meaning_only_when_no_phrase_rule_matched() -> None:
    full = load_classifier()
    bare = Classifier(dataclasses.replace(full.ruleset, rules=()))
    fields = {"action": "failed", "status": "5.7.1", "diagnostic": WORDS}
    # No phrase rule: the meaning tier decides, before the status table's 5.7.1.
    assert decide(bare, **fields) == ("userunknown", "meaning:en:userunknown")
    # A phrase rule that matches decides instead.
    rule = next(r for r in full.ruleset.rules if r.reason == "filtered" and not r.hosts)
    matching = dataclasses.replace(rule, pattern=rulebook.patterns.compile("wrote to"), codes=(),
                                   needles=(), commands=(), actions=(), diagnostic_types=())
    ruled = Classifier(dataclasses.replace(full.ruleset, rules=(matching,)))
    assert decide(ruled, **fields) == ("filtered", rule.id)


def test_meaning_verdict_is_corrected_by_the_smtp_stage() -> None:
    bare = Classifier(dataclasses.replace(load_classifier().ruleset, rules=()))
    text = "550 the mailbox you wrote to does not exist"
    rule = "meaning:en:userunknown"
    assert decide(bare, diagnostic=text, command="RCPT") == ("userunknown", rule)
    assert decide(bare, diagnostic=text, command="MAIL") == ("rejected", rule)
    assert decide(bare, diagnostic=text, command="DATA") == ("filtered", rule)
    assert decide(bare, diagnostic=text, command="EHLO") == ("blocked", rule)


def test_classification_words_come_from_the_reason() -> None:
    bare = Classifier(dataclasses.replace(load_classifier().ruleset, rules=()))
    verdict = bare.classify(DeliveryRecord(recipient="a@example.com", action="failed",
                                           diagnostic="550 Empfängeradresse unbekannt"))
    assert (verdict.reason, verdict.bounce, verdict.rule) == (
        "userunknown", "hard", "meaning:de:userunknown"
    )
    assert verdict.explanation and verdict.advice


def test_cache_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("BOUNCE_ANALYZER_NO_CACHE", raising=False)
    files = sorted(meaning.meaning_dir().glob("*.toml"))
    built = meaning.build(meaning.meaning_dir(), files)
    assert meaning.undump(meaning.dump(built)) == built
    first = meaning.cached(files, lambda: built)  # stores
    assert list((tmp_path / "bounce-analyzer").glob("meaning-*.bin"))
    again = meaning.cached(files, lambda: pytest.fail("the cache was not used"))
    assert first == again == built


def test_not_listed_in_the_directory() -> None:
    """A directory server's 'not listed': Domino says it in English and in Japanese."""
    assert read("User jane not listed in Domino Directory")[0] == "userunknown"  # type: ignore[index]
    assert read("ディレクトリのリストにありません")[0] == "userunknown"  # type: ignore[index]
    assert read("問題ありません") is None


# ---------------------------------------------------------------------------------------------
# Where the words stand


def test_a_place_is_not_the_subject() -> None:
    # "at host ..." says where the recipient is unknown, not that the host is
    assert read("The recipient 'kim' is unknown at host 'example.com'") == (
        "userunknown", "meaning:en:userunknown"
    )  # fmt: skip
    # only right after the locative: "at a domain that does not exist" keeps the domain
    assert read("The message was sent to an address at a domain that does not exist")[0] == (
        "hostunknown"
    )
    assert read("550 Host or domain name not found")[0] == "hostunknown"


def test_words_after_an_address_bracket_are_read() -> None:
    assert read("550 <kim@example.com>:Invalid User") == ("userunknown", "meaning:en:userunknown")
    assert read("550 <kim@example.com>") is None


def test_words_alone_that_are_also_a_predicate() -> None:
    # "no MX" alone is the recipient's domain; with the sender's address after it, the sender's
    assert read("550 No MX for your FROM address") == ("rejected", "meaning:en:rejected")
    assert read("550 No MX record for example.org") == ("hostunknown", "meaning:en:hostunknown")


# ---------------------------------------------------------------------------------------------
# Rates, limits, the sender's and the host's refusal said in other words


WORDS_OF_SENDING = [
    # a rate: how often, how quickly, how much in a span of time
    ("450 4.2.1 The user is receiving mail too quickly", "speeding", "en"),
    ("421 Ip frequency limited", "speeding", "en"),
    ("451 Sender rate exceeds 100 messages per 1h", "speeding", "en"),
    ("421 We allow at most 50 messages per hour from one account", "speeding", "en"),
    ("450 4.7.1 Error: too much mail from host.example.org[192.0.2.1]", "speeding", "en"),
    ("452 Message threshold exceeded", "speeding", "en"),
    ("Der Nutzer empfängt E-Mails in einer Geschwindigkeit, die verhindert, dass ...", "speeding", "de"),
    ("Sie haben das Limit zum Senden von E-Mails erreicht.", "speeding", "de"),
    ("L'utilisateur reçoit des e-mails à un rythme qui empêche la distribution", "speeding", "fr"),
    ("O usuário está recebendo e-mails muito rápido.", "speeding", "pt"),
    ("Alcanzaste el límite para enviar correos electrónicos", "speeding", "es"),
    ("此邮件已受到速率限制。", "speeding", "zh"),
    ("您尝试联系的用户接收电子邮件的速度过快。", "speeding", "zh"),
    # sessions and recipients at once
    ("421 mx.example.org Too many connected clients, try again in a moment", "toomanyconn", "en"),
    ("421 4.3.2 All server ports are busy", "toomanyconn", "en"),
    ("421 Max message per connection reached", "toomanyconn", "en"),
    ("556 The number of RCPTs is over size", "toomanyconn", "en"),
    # the sender refused
    ("553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)", "rejected", "en"),
    ("553 sorry, your envelope sender domain must exist (#5.7.1)", "rejected", "en"),
    ("553 Fake sender", "rejected", "en"),
    ("550 The from address does not match a verified identity", "rejected", "en"),
    ("550 cannot route to sender address", "rejected", "en"),
    # the sending host refused
    ("553 sorry, your HELO/EHLO greeting is in my badhelo list (#5.7.1)", "blocked", "en"),
    ("552 Sorry we don't allow mail from your host.", "blocked", "en"),
    ("451 unable to accept non-FQDN HELO", "blocked", "en"),
    ("421 Your address has been graylisted. Try again later.", "blocked", "en"),
    ("552 spam source blocked", "blocked", "en"),
    # the recipient's own mailbox or list does not take this sender's posts
    ("550 You do not have permission to post a message to this mailbox.", "filtered", "en"),
    ("You have not enough privilege to send mail to mail list all@example.net", "filtered", "en"),
    ("Der Empfänger hat festgelegt, dass er keine E-Mails von Ihnen empfangen möchte.", "filtered", "de"),
    ("受信者の設定で、あなたからのメールを許可していない。", "filtered", "ja"),
    # the receiving system's own trouble
    ("550 5.2.0 /var/mail/kim: too many links", "systemerror", "en"),
    ("550 5.2.0 /var/mail/kim: wrong ownership (1003)", "systemerror", "en"),
    ("550 System is busy", "systemerror", "en"),
    ("Unable to contact LDAP server. (#4.4.3)", "systemerror", "en"),
    # the way there
    ("Deferred: Host mx.example.net. is down", "networkerror", "en"),
    ("Deferred: Name server: mx.example.net.: non-recoverable error", "networkerror", "en"),
    ("alias database loop for kim", "networkerror", "en"),
]


@pytest.mark.parametrize(("text", "reason", "language"), WORDS_OF_SENDING)
def test_reads_rates_limits_and_refusals(text: str, reason: str, language: str) -> None:
    found = read(text)
    assert found is not None and found[0] == reason, found
    assert found[1].startswith(f"meaning:{language}:"), found


WORDS_OF_THE_RECIPIENT = [
    ("Der Posteingang des Empfängers hat keinen freien Speicherplatz.", "mailboxfull", "de"),
    ("受信者が存在していないため、メール送信失敗", "userunknown", "ja"),
    ("该用户未开通QQ邮箱", "userunknown", "zh"),
]


@pytest.mark.parametrize(("text", "reason", "language"), WORDS_OF_THE_RECIPIENT)
def test_reads_more_of_the_recipient(text: str, reason: str, language: str) -> None:
    assert read(text) == (reason, f"meaning:{language}:{reason}")


@pytest.mark.parametrize(
    ("text", "not_reason"),
    [
        ("552 Error: Too much mail data", "speeding"),  # one message's size
        ("552 Mailbox has reached the maximum number of messages", "speeding"),  # a full mailbox
        ("451 4.3.0 DKIM signing failed", "authfailure"),  # the sending system's own signing
        ("550 User not found in the LDAP directory", "systemerror"),  # the recipient first
        ("550 5.1.1 The user does not exist; the server is busy", "systemerror"),
        ("Der Posteingang ist nicht voll und hat Speicherplatz", "mailboxfull"),
        ("421 Try again in an hour", "speeding"),
    ],
)
def test_words_that_do_not_say_it(text: str, not_reason: str) -> None:
    assert reason_of(text) != not_reason


REPUTATION = [
    ("550 your IP reputation is too low for this MX", "en"),
    ("550 Die Reputation Ihres Servers ist zu niedrig", "de"),
    ("550 Absenderreputation zu niedrig", "de"),
    ("550 Mauvaise réputation de l'expéditeur", "fr"),
    ("550 La réputation de votre adresse IP est insuffisante", "fr"),
    ("550 La reputación de su IP es demasiado baja", "es"),
    ("550 A reputação do seu IP é baixa", "pt"),
    ("550 La reputazione del tuo IP è troppo bassa", "it"),
    ("550 De reputatie van uw IP-adres is te laag", "nl"),
    ("550 Низкая репутация вашего IP-адреса", "ru"),
    ("550 您的IP信誉度过低", "zh"),
    ("550 送信元IPのレピュテーションが低いため拒否しました", "ja"),
    ("550 발신 IP의 평판이 낮습니다", "ko"),
]


@pytest.mark.parametrize(("text", "language"), REPUTATION)
def test_reads_a_bad_reputation(text: str, language: str) -> None:
    # German and French write the English word ("Reputation", "réputation" folds to it): the
    # English entry may answer for them.
    found = read(text)
    assert found is not None and found[0] == "badreputation", found
    assert found[1] in (f"meaning:{language}:badreputation", "meaning:en:badreputation"), found


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("550 User suspend", "suspend"),
        ("550 Alias is not active.", "suspend"),
        ("550 The mailing list does not exist", "userunknown"),
        ("Retry time not yet reached", "expired"),
        ("550 User has too many messages on the server", "mailboxfull"),
        ("421 too many messages in this connection", "toomanyconn"),  # a session's limit
        ("554 5.7.0 Reject, id=12345-01 - spammy", "spamdetected"),
    ],
)
def test_reads_more_words(text: str, reason: str) -> None:
    assert reason_of(text) == reason


def test_a_reputation_service_that_failed_is_no_bad_reputation() -> None:
    assert reason_of("451 Temporary failure of the reputation lookup") != "badreputation"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Server SSL/TLS certificate does not match hostname", "securityerror"),
        ("Could not verify SSL/TLS certificate: No certificate was found.", "securityerror"),
        ("504 5.7.4 Unrecognized authentication type", "securityerror"),
        ("435 Unable to authenticate at present", "securityerror"),
        ("500 Line too long.", "contenterror"),
        ("550 5.0.350 x-dg-ref header is too long", "contenterror"),
    ],
)
def test_reads_the_session_and_the_form(text: str, reason: str) -> None:
    assert reason_of(text) == reason


def test_an_unknown_recipient_near_log_in_words_is_no_security_error() -> None:
    # "unknown" is not a predicate of the log-in words: near a recipient it is the recipient's
    assert reason_of("550 5.1.1 Recipient unknown, authentication not needed") != "securityerror"
